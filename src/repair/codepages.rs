//! The single-byte code pages that UTF-8 is most often mis-read as, and the reverse maps (character to byte)
//! that undo such a reading.
//!
//! Each "family" is what a real mis-decoding produces, not a strict code page: Windows decoders in the wild
//! pass bytes they do not define through as C1 controls (or as the Latin-1 reading), and some pipelines mix
//! tables (Thai letters from Windows-874 with the 0x80–0x9F punctuation of Windows-1252). The reverse map of
//! a family therefore accepts every character that any of those readings gives for a byte.

use std::sync::LazyLock;

/// Number of code-page families tried.
pub(crate) const NFAM: usize = 10;

/// One way of mis-reading UTF-8 bytes as single-byte text.
pub(crate) struct Family {
    /// Name used in diagnostics.
    #[allow(dead_code)]
    pub name: &'static str,
    /// The character each byte 0x80..=0xFF reads as; `'\0'` where the strict decoder defines nothing
    /// (such bytes were either passed through as C1 controls or dropped).
    pub table: [char; 128],
    /// Bytes 0x80..=0xBF that a strict decoder drops, so a UTF-8 continuation byte may have vanished.
    pub lost: Vec<u8>,
    /// Byte 0xA0 reads as a no-break space, which text pipelines often turn into a plain space.
    pub nbsp_a0: bool,
}

/// Which bytes a character can stand for, one per family (0 = none), with quick masks.
#[derive(Clone, Copy, Default)]
pub(crate) struct CharBytes {
    pub bytes: [u8; NFAM],
    /// Families in which the character is a UTF-8 lead byte (0xC2..=0xF4).
    pub lead: u16,
    /// Families in which the character is a UTF-8 continuation byte (0x80..=0xBF).
    pub cont: u16,
    /// Families in which the character is the lead byte of a two-byte sequence (0xC2..=0xDF) whose 0xA0
    /// continuation would be a no-break space (so the lead may stand alone before a space).
    pub lead2: u16,
}

pub(crate) struct Tables {
    pub families: Vec<Family>,
    /// Index into `rows` for characters below `DIRECT_LIMIT`; 0 = not in any family.
    direct: Vec<u16>,
    /// Sorted (character, row) pairs for the few characters above `DIRECT_LIMIT`.
    sparse: Vec<(char, u16)>,
    rows: Vec<CharBytes>,
}

const DIRECT_LIMIT: u32 = 0x2600;

/// CP437 is not in encoding_rs; its table is a data file.
const CP437: &str = include_str!("../../data/repair/cp437.txt");

fn table_from_encoding(enc: &'static encoding_rs::Encoding) -> [char; 128] {
    let mut table = ['\0'; 128];
    for (i, slot) in table.iter_mut().enumerate() {
        let byte = 0x80 + i as u8;
        let buf = [byte];
        let (text, _, had_errors) = enc.decode(&buf);
        if had_errors {
            continue;
        }
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            // WHATWG decoders pass undefined 0x80..=0x9F bytes through as the C1 control of the same number;
            // for our purposes those bytes are undefined.
            if (c as u32) == byte as u32 && (0x80..=0x9F).contains(&byte) {
                continue;
            }
            *slot = c;
        }
    }
    table
}

fn cp437_table() -> [char; 128] {
    let mut table = ['\0'; 128];
    let codes = CP437
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.split_whitespace())
        .filter_map(|h| u32::from_str_radix(h, 16).ok())
        .filter_map(char::from_u32);
    for (slot, c) in table.iter_mut().zip(codes) {
        *slot = c;
    }
    table
}

fn family(name: &'static str, table: [char; 128]) -> Family {
    let lost = (0x80u8..=0xBF).filter(|&b| table[(b - 0x80) as usize] == '\0').collect();
    let nbsp_a0 = table[0x20] == '\u{A0}';
    Family { name, table, lost, nbsp_a0 }
}

/// Families that also accept C1 controls for 0x80..=0x9F (a Latin-1 style reading of those bytes).
const C1_FAMILIES: [bool; NFAM] = [true, true, true, true, true, true, true, true, false, false];

fn build() -> Tables {
    use encoding_rs::*;
    let w1252 = table_from_encoding(WINDOWS_1252);
    // Windows-874 as seen in the wild: Thai letters from 874, 0x80..=0x9F punctuation from 1252.
    let mut w874 = table_from_encoding(WINDOWS_874);
    w874[..0x20].copy_from_slice(&w1252[..0x20]);
    let families = vec![
        family("windows-1252", w1252),
        family("windows-1250", table_from_encoding(WINDOWS_1250)),
        family("iso-8859-2", table_from_encoding(ISO_8859_2)),
        family("windows-1251", table_from_encoding(WINDOWS_1251)),
        family("windows-874", w874),
        family("windows-1253", table_from_encoding(WINDOWS_1253)),
        family("windows-1254", table_from_encoding(WINDOWS_1254)),
        family("windows-1257", table_from_encoding(WINDOWS_1257)),
        family("macintosh", table_from_encoding(MACINTOSH)),
        family("cp437", cp437_table()),
    ];
    let mut map: std::collections::BTreeMap<char, [u8; NFAM]> = Default::default();
    for (f, fam) in families.iter().enumerate() {
        for (i, &c) in fam.table.iter().enumerate() {
            if c != '\0' {
                let e = map.entry(c).or_default();
                if e[f] == 0 {
                    e[f] = 0x80 + i as u8;
                }
            }
        }
        if C1_FAMILIES[f] {
            for b in 0x80u8..=0x9F {
                let c = char::from(b);
                let e = map.entry(c).or_default();
                if e[f] == 0 {
                    e[f] = b;
                }
            }
        }
    }
    let nbsp_families: u16 =
        families.iter().enumerate().filter(|(_, fam)| fam.nbsp_a0).fold(0, |m, (f, _)| m | (1 << f));
    let mut rows = vec![CharBytes::default()];
    let mut direct = vec![0u16; DIRECT_LIMIT as usize];
    let mut sparse = Vec::new();
    for (c, bytes) in map {
        let mut row = CharBytes { bytes, lead: 0, cont: 0, lead2: 0 };
        for (f, &b) in bytes.iter().enumerate() {
            if (0xC2..=0xF4).contains(&b) {
                row.lead |= 1 << f;
                if b <= 0xDF && nbsp_families & (1 << f) != 0 {
                    row.lead2 |= 1 << f;
                }
            } else if (0x80..=0xBF).contains(&b) {
                row.cont |= 1 << f;
            }
        }
        let idx = rows.len() as u16;
        rows.push(row);
        if (c as u32) < DIRECT_LIMIT {
            direct[c as usize] = idx;
        } else {
            sparse.push((c, idx));
        }
    }
    Tables { families, direct, sparse, rows }
}

pub(crate) static TABLES: LazyLock<Tables> = LazyLock::new(build);

impl Tables {
    /// The bytes `c` stands for in each family; `None` for ASCII and characters in no family.
    #[inline]
    pub fn lookup(&self, c: char) -> Option<&CharBytes> {
        let u = c as u32;
        let idx = if u < 0x80 {
            0
        } else if u < DIRECT_LIMIT {
            self.direct.get(u as usize).copied().unwrap_or(0)
        } else {
            match self.sparse.binary_search_by_key(&c, |&(k, _)| k) {
                Ok(i) => self.sparse.get(i).map_or(0, |&(_, r)| r),
                Err(_) => 0,
            }
        };
        if idx == 0 {
            None
        } else {
            self.rows.get(idx as usize)
        }
    }

    /// The byte `c` stands for in family `f` (ASCII stands for itself); `None` if it cannot.
    #[inline]
    pub fn byte(&self, c: char, f: usize) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        match self.lookup(c) {
            Some(row) => match row.bytes.get(f).copied() {
                Some(0) | None => None,
                Some(b) => Some(b),
            },
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_round_trip_of_common_mojibake_characters() {
        let t = &*TABLES;
        assert_eq!(t.byte('Ã', 0), Some(0xC3));
        assert_eq!(t.byte('©', 0), Some(0xA9));
        assert_eq!(t.byte('€', 0), Some(0x80));
        assert_eq!(t.byte('\u{80}', 0), Some(0x80));
        assert_eq!(t.byte('\u{9D}', 0), Some(0x9D));
        assert!(t.families[0].lost.contains(&0x9D));
        assert!(!t.families[0].lost.contains(&0x80));
    }

    #[test]
    fn thai_family_mixes_874_letters_with_1252_punctuation() {
        let t = &*TABLES;
        assert_eq!(t.byte('๐', 4), Some(0xF0));
        assert_eq!(t.byte('‚', 4), Some(0x82));
        assert_eq!(t.byte('บ', 4), Some(0xBA));
        assert!(t.families[4].lost.contains(&0x9D));
    }

    #[test]
    fn cp437_table_is_complete() {
        let t = &*TABLES;
        assert!(t.families[9].table.iter().all(|&c| c != '\0'));
        assert_eq!(t.byte('╨', 9), Some(0xD0));
        assert_eq!(t.byte('\u{FB01}', 8), Some(0xDE));
    }
}
