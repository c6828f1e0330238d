//! Geometry on a spherical Earth: points as unit vectors (so the antimeridian and the poles are
//! nothing special), chord lengths for the k-d tree, and the great-circle distance in kilometres.
//! Shared with `build.rs`, which lays out the tree with the same vectors the search uses.

/// The mean Earth radius (IUGG), in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// The point at (`lat`, `lon`) degrees as a vector of length 1 (x towards (0, 0), z towards the
/// North Pole). Longitudes 180 and -180 give the same vector.
pub fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (sin_lat, cos_lat) = lat.to_radians().sin_cos();
    let (sin_lon, cos_lon) = lon.to_radians().sin_cos();
    [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat]
}

/// The straight-line (chord) distance between two unit vectors `km` apart along the surface.
/// Chord length grows with surface distance, so the nearest by chord is the nearest by great circle.
pub fn chord_for_km(km: f64) -> f64 {
    2.0 * (km / (2.0 * EARTH_RADIUS_KM)).sin()
}

/// Great-circle distance in kilometres between two (lat, lon) points in degrees (haversine).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let dlat = (lat2 - lat1).to_radians();
    let dlon = (lon2 - lon1).to_radians();
    let a = (dlat / 2.0).sin().powi(2)
        + lat1.to_radians().cos() * lat2.to_radians().cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_antimeridian_is_one_line() {
        let east = unit_vector(-16.8, 180.0);
        let west = unit_vector(-16.8, -180.0);
        for (a, b) in east.iter().zip(west) {
            assert!((a - b).abs() < 1e-12);
        }
        // 0.2 degrees of longitude apart across the line, not 359.8
        let d = great_circle_km(-16.8, 179.9, -16.8, -179.9);
        assert!((d - 21.3).abs() < 0.2, "{d}");
    }

    #[test]
    fn chord_and_arc_agree_for_short_distances() {
        let a = unit_vector(38.7167, -9.1333);
        let b = unit_vector(40.4165, -3.7026);
        let chord = a
            .iter()
            .zip(b)
            .map(|(x, y)| (x - y).powi(2))
            .sum::<f64>()
            .sqrt();
        let km = great_circle_km(38.7167, -9.1333, 40.4165, -3.7026);
        assert!(
            (chord - chord_for_km(km)).abs() < 1e-9,
            "{chord} vs {km} km"
        );
        assert!((km - 502.0).abs() < 2.0, "Lisbon–Madrid {km}");
    }
}
