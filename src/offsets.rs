//! Byte offsets (what Rust slices use) to code-point offsets (what Python indexes by).

/// Converts byte offsets of one string to code-point offsets, in O(1) per lookup after O(n) setup
/// when the text is not ASCII.
pub struct CharIndex {
    /// `None` for ASCII text, where byte and code-point offsets agree.
    table: Option<Vec<u32>>,
}

impl CharIndex {
    /// Build the index for `text`.
    pub fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex { table: None };
        }
        // Each byte maps to the index of the character it belongs to: the number of characters that start at or
        // before it, less one. Every byte but a continuation byte (`0b10xx_xxxx`) starts a character.
        let mut table = Vec::with_capacity(text.len() + 1);
        let mut chars = 0u32;
        table.extend(text.bytes().map(|b| {
            chars += u32::from((b as i8) >= -0x40);
            chars - 1
        }));
        table.push(chars);
        CharIndex { table: Some(table) }
    }

    /// The code-point offset of byte offset `byte` (clamped to the text).
    pub fn char_of(&self, byte: usize) -> usize {
        match &self.table {
            None => byte,
            Some(t) => t[byte.min(t.len() - 1)] as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_multibyte() {
        let s = "a€b😀c";
        let idx = CharIndex::new(s);
        assert_eq!(idx.char_of(0), 0);
        assert_eq!(idx.char_of(1), 1);
        assert_eq!(idx.char_of(4), 2);
        assert_eq!(idx.char_of(5), 3);
        assert_eq!(idx.char_of(9), 4);
        assert_eq!(idx.char_of(s.len()), 5);
        assert_eq!(CharIndex::new("abc").char_of(2), 2);
    }
}
