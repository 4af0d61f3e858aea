//! Where words start: the characters that follow no letter or digit, found eight bytes at a time.
//!
//! Gazetteer names start at capitalised word starts and topic keywords at word starts, and most bytes of a text
//! are neither. Eight ASCII bytes are classified at once as one `u64` (the high bit of each byte says whether it is
//! a letter or digit), so a search steps through bytes only at characters outside ASCII.

/// Eight bytes of `0x01`.
pub(crate) const LOW: u64 = 0x0101_0101_0101_0101;
/// The high bit of each of eight bytes.
pub(crate) const HIGH: u64 = LOW * 0x80;

/// The high bits of the bytes of `x` that lie in `lo..=hi`; every byte of `x` that matters is ASCII.
#[inline]
pub(crate) fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    // Adding `0x80 - lo` to an ASCII byte sets its high bit when it is `lo` or more, adding `0x7F - hi` when it is
    // above `hi`; neither carries out of an ASCII byte, so the bytes below the first non-ASCII one are exact.
    let at_least_lo = x.wrapping_add(LOW * u64::from(0x80 - lo));
    let above_hi = x.wrapping_add(LOW * u64::from(0x7F - hi));
    at_least_lo & !above_hi & HIGH
}

/// The high bits of the ASCII letters of `x`, whatever its bytes: those outside ASCII are classified with their
/// high bit cleared (which keeps the arithmetic within each byte), then left out.
#[inline]
pub(crate) fn ascii_letters(x: u64) -> u64 {
    // Setting bit 5 takes `A..=Z` onto `a..=z` and nothing else there.
    in_range((x & !HIGH) | (LOW * 0x20), b'a', b'z') & !x
}

/// The `N` bytes of `bytes` from `at`, zeros past the end.
#[inline]
pub(crate) fn bytes_at<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let rest = bytes.get(at..).unwrap_or_default();
    match rest.first_chunk::<N>() {
        Some(&chunk) => chunk,
        None => {
            let mut chunk = [0; N];
            chunk[..rest.len()].copy_from_slice(rest);
            chunk
        }
    }
}

/// The eight bytes of `bytes` from `at` as a number (the first the lowest), zeros past the end.
#[inline]
pub(crate) fn eight_bytes(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes_at(bytes, at))
}

/// The high bits of the ASCII letters and digits of `x`, whose bytes must all be ASCII.
#[inline]
pub(crate) fn alphanumeric(x: u64) -> u64 {
    // Setting bit 5 takes `A..=Z` onto `a..=z` and nothing else there.
    in_range(x, b'0', b'9') | in_range(x | (LOW * 0x20), b'a', b'z')
}

/// The high bits of the ASCII capitals of `x`.
#[inline]
fn uppercase(x: u64) -> u64 {
    in_range(x, b'A', b'Z')
}

/// The byte offsets of the characters of a text that follow no letter or digit (`char::is_alphanumeric`) and are
/// an ASCII byte that `pick` picks or any character outside ASCII (which the caller checks), in order.
pub(crate) struct Starts<'a, P> {
    text: &'a str,
    /// Which ASCII letters and digits of eight bytes count, as high bits (as [`alphanumeric`] gives them).
    pick: P,
    /// Where the next bytes to classify begin.
    next: usize,
    /// The starts found in the eight bytes at `base` and not yet returned, as high bits.
    pending: u64,
    base: usize,
    /// `0x80` if the character before `next` is a letter or digit, else 0: the high bit of a byte before the first.
    after_alphanumeric: u64,
}

/// Where a word starts: an ASCII letter or digit, or any character outside ASCII, after no letter or digit.
pub(crate) fn word_starts(text: &str) -> Starts<'_, impl Fn(u64) -> u64> {
    Starts { text, pick: |_| HIGH, next: 0, pending: 0, base: 0, after_alphanumeric: 0 }
}

/// Where a capitalised word may start: an ASCII capital, or any character outside ASCII, after no letter or digit.
pub(crate) fn capital_starts(text: &str) -> Starts<'_, impl Fn(u64) -> u64> {
    Starts { text, pick: uppercase, next: 0, pending: 0, base: 0, after_alphanumeric: 0 }
}

impl<P: Fn(u64) -> u64> Iterator for Starts<'_, P> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.pending == 0 {
            self.classify()?;
        }
        let at = self.base + self.pending.trailing_zeros() as usize / 8;
        self.pending &= self.pending - 1;
        Some(at)
    }
}

impl<P: Fn(u64) -> u64> Starts<'_, P> {
    /// Classify the next eight bytes if they are ASCII (most are); `None` at the end of the text.
    #[inline]
    fn classify(&mut self) -> Option<()> {
        let eight = self.text.as_bytes().get(self.next..self.next + 8).and_then(|b| <[u8; 8]>::try_from(b).ok());
        match eight.map(u64::from_le_bytes) {
            Some(x) if x & HIGH == 0 => {
                let words = alphanumeric(x);
                self.pending = (self.pick)(x) & words & !((words << 8) | self.after_alphanumeric);
                self.after_alphanumeric = (words >> 56) & 0x80;
                self.base = self.next;
                self.next += 8;
                Some(())
            }
            _ => self.classify_slowly(),
        }
    }

    /// Classify the ASCII bytes before the next other one (at most eight), else the character outside ASCII there.
    #[inline(never)]
    fn classify_slowly(&mut self) -> Option<()> {
        let rest = self.text.as_bytes().get(self.next..).filter(|r| !r.is_empty())?;
        let len = rest.len().min(8);
        let mut chunk = [0u8; 8];
        chunk[..len].copy_from_slice(&rest[..len]);
        let x = u64::from_le_bytes(chunk);
        // Zero padding past the end is ASCII, and is cut off.
        let ascii = ((x & HIGH).trailing_zeros() as usize / 8).min(len);
        self.base = self.next;
        if ascii > 0 {
            let kept = if ascii == 8 { HIGH } else { HIGH & ((1 << (8 * ascii)) - 1) };
            let words = alphanumeric(x) & kept;
            self.pending = (self.pick)(x) & words & !((words << 8) | self.after_alphanumeric);
            self.after_alphanumeric = (words >> (8 * (ascii - 1))) & 0x80;
            self.next += ascii;
            return Some(());
        }
        let c = self.text.get(self.next..).and_then(|r| r.chars().next())?;
        self.pending = if self.after_alphanumeric == 0 { 0x80 } else { 0 };
        self.after_alphanumeric = if c.is_alphanumeric() { 0x80 } else { 0 };
        self.next += c.len_utf8();
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the starts are, one character at a time.
    fn expected(text: &str, pick: fn(u8) -> bool) -> Vec<usize> {
        let mut out = Vec::new();
        let mut after = false;
        for (at, c) in text.char_indices() {
            if !after && (!c.is_ascii() || pick(c as u8)) {
                out.push(at);
            }
            after = c.is_alphanumeric();
        }
        out
    }

    #[test]
    fn starts_are_found_as_one_character_at_a_time_finds_them() {
        let pieces =
            ["a", "Z", "9", " ", "-", "_", "\u{e9}", "\u{c9}", "\u{201c}", "\u{b2}", "\u{65e5}", "\n", "@", "`"];
        let mut next = crate::testing::sequence(7);
        for _ in 0..5000 {
            let text = crate::testing::text_of(&mut next, &pieces, 40);
            assert_eq!(
                word_starts(&text).collect::<Vec<_>>(),
                expected(&text, |b| b.is_ascii_alphanumeric()),
                "{text:?}"
            );
            assert_eq!(
                capital_starts(&text).collect::<Vec<_>>(),
                expected(&text, |b| b.is_ascii_uppercase()),
                "{text:?}"
            );
        }
        for b in 0..=0x7Fu8 {
            let text = format!("{}", b as char);
            assert_eq!(word_starts(&text).count(), usize::from(b.is_ascii_alphanumeric()), "{b:#x}");
            assert_eq!(capital_starts(&text).count(), usize::from(b.is_ascii_uppercase()), "{b:#x}");
        }
    }
}
