//! The layout of `places.bin`, which `build.rs` writes into `OUT_DIR` and the crate embeds: a
//! header, the region names, one fixed-size record per place in k-d tree order, then the UTF-8
//! string table the records point into. All integers little-endian. Shared with `build.rs`.
//!
//! ```text
//! header   MAGIC, places: u32, regions: u32, strings: u32 (bytes)
//! regions  offset: u32, length: u16                                  (REGION bytes each)
//! places   id: u32, lat_e5: i32, lon_e5: i32, city offset: u32, city length: u16,
//!          region: u16 (NO_REGION if unknown), country code: [u8; 2], split axis: u8, 0: u8
//! strings  the city and region names, back to back
//! ```
//!
//! Coordinates are degrees × 100,000: GeoNames gives five decimals, so they are exact.

pub const MAGIC: &[u8; 8] = b"SBPLACE1";
pub const HEADER: usize = 8 + 4 * 3;
pub const REGION: usize = 6;
pub const RECORD: usize = 24;
pub const NO_REGION: u16 = u16::MAX;
pub const COORD_SCALE: f64 = 100_000.0;

/// One place as stored (strings as offsets into the string table).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record {
    pub id: u32,
    pub lat_e5: i32,
    pub lon_e5: i32,
    pub city_offset: u32,
    pub city_len: u16,
    pub region: u16,
    pub country: [u8; 2],
    pub axis: u8,
}

impl Record {
    pub fn lat(&self) -> f64 {
        f64::from(self.lat_e5) / COORD_SCALE
    }

    pub fn lon(&self) -> f64 {
        f64::from(self.lon_e5) / COORD_SCALE
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.id.to_le_bytes());
        out.extend_from_slice(&self.lat_e5.to_le_bytes());
        out.extend_from_slice(&self.lon_e5.to_le_bytes());
        out.extend_from_slice(&self.city_offset.to_le_bytes());
        out.extend_from_slice(&self.city_len.to_le_bytes());
        out.extend_from_slice(&self.region.to_le_bytes());
        out.extend_from_slice(&self.country);
        out.push(self.axis);
        out.push(0);
    }

    /// `bytes` is exactly [`RECORD`] long.
    pub fn decode(bytes: &[u8]) -> Record {
        Record {
            id: u32_at(bytes, 0),
            lat_e5: u32_at(bytes, 4) as i32,
            lon_e5: u32_at(bytes, 8) as i32,
            city_offset: u32_at(bytes, 12),
            city_len: u16_at(bytes, 16),
            region: u16_at(bytes, 18),
            country: [bytes[20], bytes[21]],
            axis: bytes[22],
        }
    }
}

/// Reads a little-endian `u32` at `at` (the header and region table).
pub fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Reads a little-endian `u16` at `at`.
pub fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips() {
        let r = Record {
            id: 0xdead_beef,
            lat_e5: -2_354_750,
            lon_e5: -4_663_611,
            city_offset: 123_456,
            city_len: 10,
            region: 42,
            country: *b"BR",
            axis: 2,
        };
        let mut bytes = Vec::new();
        r.encode(&mut bytes);
        assert_eq!(bytes.len(), RECORD);
        assert_eq!(Record::decode(&bytes), r);
        assert_eq!(r.lat(), -23.5475);
        assert_eq!(r.lon(), -46.63611);
    }
}
