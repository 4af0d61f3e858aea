//! Tables derived from the data files ahead of time, so that start-up reads them rather than derives them.
//!
//! Some start-up tables take far more work to derive than to read: the gazetteer's spellings sorted and grouped
//! into a trie, the place names keyed and indexed for the tagger. `make tables` (`accord-tables`) derives them
//! with the same code start-up would run and writes each to a file under `data/prebuilt/`, which the library
//! includes. Each file begins with the fingerprint of the data files it was derived from: a file derived from
//! other data (a table edited without `make tables`) is not read, and start-up derives the table as before. A
//! test checks that every shipped file is what `make tables` writes now.
//!
//! Format (little-endian): magic `ACPRE01\0`, the source fingerprint (`u64`), then sections, each a `u64` count
//! followed by that many items (`u8`, `u32` or `u64`).

const MAGIC: &[u8; 8] = b"ACPRE01\0";

/// A fingerprint of the data a table is derived from: a multiply-rotate hash over eight bytes at a time (ours, so
/// that no dependency's update changes it), with the parts' lengths.
pub(crate) fn fingerprint(parts: &[&[u8]]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0;
    let mut add = |x: u64| h = (h.rotate_left(23) ^ x).wrapping_mul(K);
    for part in parts {
        let chunks = part.chunks_exact(8);
        let tail = chunks.remainder();
        for c in chunks {
            add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let mut last = [0u8; 8];
        last[..tail.len()].copy_from_slice(tail);
        add(u64::from_le_bytes(last));
        add(part.len() as u64);
    }
    h
}

/// Writes a table's file.
pub(crate) struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// A file for a table derived from data of fingerprint `source`.
    pub(crate) fn new(source: u64) -> Writer {
        let mut buf = MAGIC.to_vec();
        buf.extend(source.to_le_bytes());
        Writer { buf }
    }

    pub(crate) fn bytes(&mut self, items: &[u8]) {
        self.buf.extend((items.len() as u64).to_le_bytes());
        self.buf.extend_from_slice(items);
    }

    pub(crate) fn u32s(&mut self, items: &[u32]) {
        self.buf.extend((items.len() as u64).to_le_bytes());
        self.buf.extend(items.iter().flat_map(|x| x.to_le_bytes()));
    }

    pub(crate) fn u64s(&mut self, items: &[u64]) {
        self.buf.extend((items.len() as u64).to_le_bytes());
        self.buf.extend(items.iter().flat_map(|x| x.to_le_bytes()));
    }

    /// Strings as one section of their lengths and one of their bytes.
    pub(crate) fn strs<'s>(&mut self, items: impl Iterator<Item = &'s str> + Clone) {
        let lengths: Vec<u32> = items.clone().map(|s| s.len() as u32).collect();
        self.u32s(&lengths);
        let bytes: Vec<u8> = items.flat_map(str::bytes).collect();
        self.bytes(&bytes);
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads a table's file, section by section, in the order written; `None` for any section missing or cut short.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// The reader of `file` if it is a table derived from data of fingerprint `source`.
    pub(crate) fn new(file: &'a [u8], source: u64) -> Option<Reader<'a>> {
        let rest = file.strip_prefix(MAGIC)?;
        let (stamp, rest) = rest.split_first_chunk::<8>()?;
        (u64::from_le_bytes(*stamp) == source).then_some(Reader { rest })
    }

    /// The next section's items of `size` bytes each, as bytes.
    fn section(&mut self, size: usize) -> Option<&'a [u8]> {
        let (count, rest) = self.rest.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*count)).ok()?.checked_mul(size)?;
        let (items, rest) = (rest.get(..len)?, rest.get(len..)?);
        self.rest = rest;
        Some(items)
    }

    pub(crate) fn bytes(&mut self) -> Option<&'a [u8]> {
        self.section(1)
    }

    pub(crate) fn u32s(&mut self) -> Option<Vec<u32>> {
        let items = self.section(4)?;
        Some(items.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    pub(crate) fn u64s(&mut self) -> Option<Vec<u64>> {
        let items = self.section(8)?;
        Some(items.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect())
    }

    /// Strings written by [`Writer::strs`], borrowed from the file.
    pub(crate) fn strs(&mut self) -> Option<Vec<&'a str>> {
        let lengths = self.u32s()?;
        let mut text = std::str::from_utf8(self.bytes()?).ok()?;
        let mut out = Vec::with_capacity(lengths.len());
        for len in lengths {
            let (s, rest) = text.split_at_checked(len as usize)?;
            out.push(s);
            text = rest;
        }
        text.is_empty().then_some(out)
    }

    /// Whether every section has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.rest.is_empty()
    }
}

/// The tables that `make tables` writes: each file name under `data/prebuilt/` with its bytes, derived now.
pub fn derive_all() -> Vec<(&'static str, Vec<u8>)> {
    vec![("gazetteer.bin", crate::gazetteer::prebuilt_table()), ("name_lists.bin", crate::ner::prebuilt_name_lists())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_read_back_as_written() {
        let mut w = Writer::new(7);
        w.u32s(&[1, 2, u32::MAX]);
        w.strs(["Jawa", "", "Île-de-France"].into_iter());
        w.u64s(&[u64::MAX, 0]);
        w.bytes(b"xyz");
        let file = w.finish();
        assert!(Reader::new(&file, 8).is_none(), "another fingerprint");
        let mut r = Reader::new(&file, 7).expect("its fingerprint");
        assert_eq!(r.u32s(), Some(vec![1, 2, u32::MAX]));
        assert_eq!(r.strs(), Some(vec!["Jawa", "", "Île-de-France"]));
        assert_eq!(r.u64s(), Some(vec![u64::MAX, 0]));
        assert_eq!(r.bytes(), Some(&b"xyz"[..]));
        assert!(r.is_done());
        assert_eq!(r.bytes(), None);
        // Cut short anywhere, a section is missing rather than wrong.
        for end in 0..file.len() {
            let mut r = match Reader::new(&file[..end], 7) {
                Some(r) => r,
                None => continue,
            };
            let whole = r.u32s().is_some() && r.strs().is_some() && r.u64s().is_some() && r.bytes().is_some();
            assert!(!whole, "cut at {end}");
        }
    }

    #[test]
    fn fingerprints_tell_data_apart() {
        assert_eq!(fingerprint(&[b"abc"]), fingerprint(&[b"abc"]));
        assert_ne!(fingerprint(&[b"abc"]), fingerprint(&[b"abd"]));
        assert_ne!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"a", b"bc"]));
        assert_ne!(fingerprint(&[b"abcdefgh"]), fingerprint(&[b"abcdefgh\0"]));
    }

    /// The shipped files are what `make tables` writes from the data files and code as they are now.
    #[test]
    fn shipped_tables_are_up_to_date() {
        for (name, bytes) in derive_all() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/prebuilt").join(name);
            let shipped = std::fs::read(&path).unwrap_or_default();
            assert!(shipped == bytes, "{} is out of date: run `make tables`", path.display());
        }
    }
}
