//! A reader that shows a file with one 2-byte field changed, the rest as stored: how a CIE L*a*b*
//! TIFF (Photometric 8 or 9, whose samples the `tiff` crate does not decode) is read as RGB (2), so
//! its L, a, b bytes come out as stored (`lab` converts them). The file on disk is never written.

use std::io::{Read, Result, Seek, SeekFrom};

pub struct Relabelled<R> {
    inner: R,
    /// Where the changed field starts, and what is read there instead.
    at: u64,
    value: [u8; 2],
    pos: u64,
}

impl<R: Read + Seek> Relabelled<R> {
    pub fn new(mut inner: R, at: u64, value: [u8; 2]) -> Result<Relabelled<R>> {
        let pos = inner.stream_position()?;
        Ok(Relabelled {
            inner,
            at,
            value,
            pos,
        })
    }
}

impl<R: Read> Read for Relabelled<R> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, byte) in buf[..n].iter_mut().enumerate() {
            let at = self.pos + i as u64;
            if at >= self.at && at < self.at + 2 {
                *byte = self.value[(at - self.at) as usize];
            }
        }
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Seek> Seek for Relabelled<R> {
    fn seek(&mut self, to: SeekFrom) -> Result<u64> {
        self.pos = self.inner.seek(to)?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn only_the_two_bytes_change_however_the_file_is_read() {
        let file: Vec<u8> = (0..32).collect();
        let mut r = Relabelled::new(Cursor::new(file), 9, [0xAA, 0xBB]).unwrap();
        let mut all = Vec::new();
        r.read_to_end(&mut all).unwrap();
        assert_eq!(&all[8..12], &[8, 0xAA, 0xBB, 11]);
        r.seek(SeekFrom::Start(10)).unwrap();
        let mut one = [0u8; 1];
        r.read_exact(&mut one).unwrap();
        assert_eq!(one, [0xBB]);
        assert_eq!(all.len(), 32);
    }
}
