//! Language identification of the article body.
//!
//! English and Indonesian, the languages accord is built for, are told apart by their function words, which is
//! fast and reliable even on one sentence; other text goes to `whatlang` (which on its own confuses Indonesian with
//! Javanese and Malay-like languages, hence the vote first).

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::text::starts::{ascii_letters, eight_bytes, HIGH, LOW};

/// How much of the text the vote and the detector read: enough for a reliable answer, bounded for long articles.
const SAMPLE_BYTES: usize = 4000;

/// English and Indonesian function words (`data/ner/function_words.tsv`), shared with the tagger's sentence router.
pub(crate) static FUNCTION_WORDS: LazyLock<(HashSet<&'static str>, HashSet<&'static str>)> = LazyLock::new(|| {
    let (mut en, mut id) = (HashSet::new(), HashSet::new());
    for line in include_str!("../data/ner/function_words.tsv").lines().filter(|l| !l.starts_with('#')) {
        match line.split_once('\t') {
            Some(("en", w)) => {
                en.insert(w.trim());
            }
            Some(("id", w)) => {
                id.insert(w.trim());
            }
            _ => {}
        }
    }
    (en, id)
});

/// Languages whatlang gives for Indonesian text it cannot place.
const INDONESIAN_LOOKALIKES: [&str; 4] = ["jv", "ms", "su", "tl"];

fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    &text[..crate::text::floor_boundary(text, SAMPLE_BYTES)]
}

/// Each function word of at most eight bytes (packed, see [`packed`]) with its languages: one look-up per word of
/// the text.
static FUNCTION_WORD_LANGUAGES: LazyLock<PackedWords> = LazyLock::new(|| {
    let (en, id) = &*FUNCTION_WORDS;
    PackedWords::new(en.iter().chain(id.iter()).filter_map(|&w| {
        Some((packed(w.as_bytes())?, (u8::from(en.contains(w)) * EN) | (u8::from(id.contains(w)) * ID)))
    }))
});

/// The languages of a word, as bits ([`languages_of`]).
pub(crate) const EN: u8 = 1;
pub(crate) const ID: u8 = 2;

/// A few dozen packed words and their languages, in a table without collisions (a multiplier that sends no two
/// words to one slot is searched for once): a look-up is one multiplication and one comparison, with no branch.
struct PackedWords {
    /// `(packed word, languages)`; an empty slot holds 0, which no word packs to.
    slots: Vec<(u64, u8)>,
    multiplier: u64,
    /// `64 - log2(slots.len())`: the top bits of the product pick the slot.
    shift: u32,
}

impl PackedWords {
    fn new(words: impl Iterator<Item = (u64, u8)>) -> PackedWords {
        let words: Vec<_> = words.filter(|&(key, _)| key != 0).collect();
        // Odd multipliers from a fixed sequence, in ever larger tables (from eight slots per word), until one has
        // no collision; a table of 512 slots for 58 words takes a few dozen tries.
        let mut next = 0x9E37_79B9_7F4A_7C15u64;
        let mut len = (8 * words.len()).next_power_of_two().max(8);
        loop {
            for _ in 0..1000 {
                next = next.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let mut table =
                    PackedWords { slots: vec![(0, 0); len], multiplier: next | 1, shift: 64 - len.trailing_zeros() };
                let placed = words.iter().all(|&(key, languages)| {
                    let at = table.slot(key);
                    let free = table.slots[at].0 == 0;
                    table.slots[at] = (key, languages);
                    free
                });
                if placed {
                    return table;
                }
            }
            len *= 2;
        }
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(self.multiplier) >> self.shift) as usize
    }

    /// The languages of the word packed as `key`, 0 if it is no function word.
    #[inline]
    fn get(&self, key: u64) -> u8 {
        match self.slots.get(self.slot(key)) {
            Some(&(found, languages)) if found == key => languages,
            _ => 0,
        }
    }
}

/// The length of the longest function word: an ASCII word longer than this is none.
static LONGEST_FUNCTION_WORD: LazyLock<usize> =
    LazyLock::new(|| FUNCTION_WORDS.0.iter().chain(FUNCTION_WORDS.1.iter()).map(|w| w.len()).max().unwrap_or(0));

/// Words longer than this (in bytes) are not looked up.
const MAX_WORD_BYTES: usize = 12;

/// A word of at most 8 bytes as a number (its bytes from the lowest up, zeros above them), which hashes and
/// compares faster than a string.
fn packed(word: &[u8]) -> Option<u64> {
    (word.len() <= 8).then(|| word.iter().rev().fold(0, |key, &b| key << 8 | u64::from(b)))
}

/// The languages of a lower-case word, as bits: 0 when it is no function word of either list.
pub(crate) fn languages_of(lower: &[u8]) -> u8 {
    match packed(lower) {
        Some(key) => FUNCTION_WORD_LANGUAGES.get(key),
        // Longer than any packed function word: the lists themselves say.
        None => std::str::from_utf8(lower)
            .map(|w| (u8::from(FUNCTION_WORDS.0.contains(w)) * EN) | (u8::from(FUNCTION_WORDS.1.contains(w)) * ID))
            .unwrap_or_default(),
    }
}

/// The kinds of byte [`vote`] tells apart: a separator (an ASCII byte other than a letter), an ASCII letter, a
/// byte of a character outside ASCII.
const SEPARATOR: u8 = 0;
const ASCII_LETTER: u8 = 1;
const OUTSIDE_ASCII: u8 = 2;

/// The kind of each byte, looked up rather than tested in the loop that reads the text.
const PIECE_BYTES: [u8; 256] = {
    let mut table = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b >= 0x80 {
            OUTSIDE_ASCII
        } else if (b as u8).is_ascii_alphabetic() {
            ASCII_LETTER
        } else {
            SEPARATOR
        };
        b += 1;
    }
    table
};

/// Function-word counts of English and Indonesian in `text`: its words are the pieces between non-alphabetic
/// characters.
fn vote(text: &str) -> (usize, usize) {
    let (mut e, mut i) = (0, 0);
    let mut tally = |languages: u8| {
        e += usize::from(languages & EN);
        i += usize::from(languages >> 1);
    };
    let words = &*FUNCTION_WORD_LANGUAGES;
    let longest = (*LONGEST_FUNCTION_WORD).min(MAX_WORD_BYTES);
    // Read in pieces between ASCII non-letters (so each piece is whole characters). A piece that is all ASCII is one
    // word, looked up packed; a piece with other characters (rare) is split at its non-letters and lower-cased as a
    // string. The eight bytes from the start of a piece are classified at once: most pieces end within them, and
    // the next piece most often starts within them too.
    let bytes = text.as_bytes();
    let Some(mut start) = next_piece(bytes, 0) else { return (0, 0) };
    loop {
        // Zeros past the end are separators.
        let eight = eight_bytes(bytes, start);
        let kinds = piece_kinds(eight);
        let (end, outside_ascii) = if kinds.separators != 0 {
            let len = kinds.separators.trailing_zeros() as usize / 8;
            (start + len, kinds.outside_ascii & ((1 << (8 * len)) - 1) != 0)
        } else {
            // Eight bytes or more: byte by byte past them.
            let mut kinds_after = 0;
            let mut end = start + 8;
            while let Some(&b) = bytes.get(end) {
                let kind = PIECE_BYTES[usize::from(b)];
                if kind == SEPARATOR {
                    break;
                }
                kinds_after |= kind;
                end += 1;
            }
            (end, kinds.outside_ascii != 0 || kinds_after & OUTSIDE_ASCII != 0)
        };
        let len = end - start;
        if !outside_ascii {
            if len <= longest {
                // Lower-cased as packed: `| 0x20` lower-cases an ASCII letter.
                tally(match len {
                    1..=8 => words.get((eight | (LOW * 0x20)) & (u64::MAX >> (64 - 8 * len))),
                    _ => languages_of(&bytes[start..end].to_ascii_lowercase()),
                });
            }
        } else {
            let piece = std::str::from_utf8(&bytes[start..end]).unwrap_or_default();
            for w in piece.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty() && w.len() <= MAX_WORD_BYTES) {
                if !w.is_ascii() {
                    tally(languages_of(w.to_lowercase().as_bytes()));
                } else if w.len() <= longest {
                    tally(languages_of(w.to_ascii_lowercase().as_bytes()));
                }
            }
        }
        // The bytes of the eight after the piece's end that are no separator.
        let after = match len {
            0..=7 => !kinds.separators & HIGH & (u64::MAX << (8 * len)),
            _ => 0,
        };
        start = match after {
            0 => match next_piece(bytes, end) {
                Some(next) => next,
                None => break,
            },
            _ => start + after.trailing_zeros() as usize / 8,
        };
    }
    (e, i)
}

/// Where the first piece at or after `at` starts: its first byte that is no separator.
fn next_piece(bytes: &[u8], mut at: usize) -> Option<usize> {
    while at < bytes.len() {
        // Zeros past the end are separators.
        let pieces = !piece_kinds(eight_bytes(bytes, at)).separators & HIGH;
        if pieces != 0 {
            return Some(at + pieces.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    None
}

/// The kinds of eight bytes, as the high bit of each byte: separators, and bytes outside ASCII.
struct PieceKinds {
    separators: u64,
    outside_ascii: u64,
}

#[inline]
fn piece_kinds(x: u64) -> PieceKinds {
    let outside_ascii = x & HIGH;
    let letters = ascii_letters(x);
    PieceKinds { separators: !(letters | outside_ascii) & HIGH, outside_ascii }
}

/// The ISO 639-1 code of the language of `text`, when it can be told.
pub fn detect(text: &str) -> Option<String> {
    let text = sample(text);
    let (e, i) = vote(text);
    // Two function words of one language and none of the other settle a short text too.
    if (e + i >= 3 && (e >= 3 * i || i >= 3 * e)) || (e + i == 2 && (e == 0 || i == 0)) {
        return Some(if e > i { "en" } else { "id" }.to_string());
    }
    let info = whatlang::detect(text);
    let code = match info {
        // A short text is one whatlang is not sure of ("Trade Minister Ana Rojas spoke to reporters" was Spanish):
        // there its function words decide.
        Some(info) if info.is_reliable() || e + i == 0 => iso639_1(info.lang()),
        _ if e + i > 0 => return Some(if e >= i { "en" } else { "id" }.to_string()),
        _ => return None,
    };
    if INDONESIAN_LOOKALIKES.contains(&code) && i >= e && i > 0 {
        return Some("id".to_string());
    }
    Some(code.to_string())
}

/// ISO 639-1 code of a whatlang language (ISO 639-3 where no two-letter code exists).
fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Ind => "id",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Vie => "vi",
        Tha => "th",
        Ara => "ar",
        Tur => "tr",
        Pol => "pl",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Hin => "hi",
        Tgl => "tl",
        Jav => "jv",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_indonesian_by_their_function_words() {
        assert_eq!(detect("The ministers met in the capital and signed a plan for the region.").as_deref(), Some("en"));
        assert_eq!(
            detect("Menteri itu mengatakan bahwa kerja sama dengan Jepang akan diperluas.").as_deref(),
            Some("id")
        );
        assert_eq!(detect("Kamis (8/8/2024) di Makassar yang dihadiri oleh pejabat.").as_deref(), Some("id"));
    }

    /// The vote as splitting at every non-alphabetic character and lower-casing each word would count.
    fn vote_by_splitting(text: &str) -> (usize, usize) {
        let words = text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty() && w.len() <= MAX_WORD_BYTES);
        let (en, id) = &*FUNCTION_WORDS;
        let found = words.map(|w| w.to_lowercase()).map(|w| (en.contains(w.as_str()), id.contains(w.as_str())));
        found.fold((0, 0), |(e, i), (en, id)| (e + usize::from(en), i + usize::from(id)))
    }

    #[test]
    fn vote_reads_words_as_split_at_non_letters() {
        let texts = [
            "",
            "the",
            "The cat, and THE dog.",
            "Dr. O'Brien's café \u{2014} yang dan di\u{2019}s naïve ǅemal İstanbul 東京 x\u{301}y ١٢ and",
            "In\u{212a}the \u{212a}E sebuah,dan;yang!THAT",
        ];
        for text in texts {
            assert_eq!(vote(text), vote_by_splitting(text), "{text:?}");
        }
    }

    #[test]
    fn vote_reads_random_texts_as_split_at_non_letters() {
        let pieces = [
            "the",
            "The",
            "AND",
            "yang",
            "di",
            "dan",
            " ",
            " ",
            ".",
            "-",
            "caf\u{e9}",
            "\u{2019}",
            "x",
            "\u{212a}",
            "internationalisation",
            "1",
            "\n",
            "Indonesia",
            "sebuah",
            "\u{17f}",
            "@",
            "`",
            "{",
        ];
        let mut next = crate::testing::sequence(9);
        for _ in 0..5000 {
            let text = crate::testing::text_of(&mut next, &pieces, 30);
            assert_eq!(vote(&text), vote_by_splitting(&text), "{text:?}");
        }
    }

    #[test]
    fn other_languages_by_whatlang() {
        assert_eq!(
            detect("Die Minister haben sich heute in Berlin getroffen und einen gemeinsamen Plan beschlossen.")
                .as_deref(),
            Some("de")
        );
        assert_eq!(detect(""), None);
    }
}
