//! Language identification of the article body.
//!
//! English and Indonesian, the languages accord is built for, are told apart by their function words, which is
//! fast and reliable even on one sentence; other text goes to `whatlang` (which on its own confuses Indonesian with
//! Javanese and Malay-like languages, hence the vote first).

use std::collections::HashSet;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

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
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Each function word (packed, see [`packed`]) with whether it is English and whether it is Indonesian: one
/// look-up per word of the text.
static FUNCTION_WORD_LANGUAGES: LazyLock<FxHashMap<u128, (bool, bool)>> = LazyLock::new(|| {
    let (en, id) = &*FUNCTION_WORDS;
    en.iter()
        .chain(id.iter())
        .filter_map(|&w| Some((packed(w.as_bytes())?, (en.contains(w), id.contains(w)))))
        .collect()
});

/// The length of the longest function word: an ASCII word longer than this is none.
static LONGEST_FUNCTION_WORD: LazyLock<usize> =
    LazyLock::new(|| FUNCTION_WORDS.0.iter().chain(FUNCTION_WORDS.1.iter()).map(|w| w.len()).max().unwrap_or(0));

/// Words longer than this (in bytes) are not looked up.
const MAX_WORD_BYTES: usize = 12;

/// A word of at most 16 bytes as a number (its bytes from the lowest up, zeros above them), which hashes and
/// compares faster than a string.
fn packed(word: &[u8]) -> Option<u128> {
    (word.len() <= 16).then(|| word.iter().rev().fold(0, |key, &b| key << 8 | u128::from(b)))
}

/// Whether a lower-case word is an English and whether an Indonesian function word.
fn languages_of(lower: &[u8]) -> (bool, bool) {
    match packed(lower) {
        Some(key) => FUNCTION_WORD_LANGUAGES.get(&key).copied().unwrap_or_default(),
        // Longer than any packed function word: the lists themselves say.
        None => std::str::from_utf8(lower)
            .map(|w| (FUNCTION_WORDS.0.contains(w), FUNCTION_WORDS.1.contains(w)))
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
    let mut tally = |(en, id): (bool, bool)| {
        e += usize::from(en);
        i += usize::from(id);
    };
    let words = &*FUNCTION_WORD_LANGUAGES;
    let longest = (*LONGEST_FUNCTION_WORD).min(MAX_WORD_BYTES);
    // Read by bytes, in pieces between ASCII non-letters (so each piece is whole characters). A piece that is all
    // ASCII is one word, looked up packed; a piece with other characters (rare) is split at its non-letters and
    // lower-cased as a string.
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        let start = at;
        let mut kinds = 0;
        while let Some(&b) = bytes.get(at) {
            let kind = PIECE_BYTES[usize::from(b)];
            if kind == SEPARATOR {
                break;
            }
            kinds |= kind;
            at += 1;
        }
        let piece = &bytes[start..at];
        if kinds & OUTSIDE_ASCII == 0 {
            if (1..=longest).contains(&piece.len()) {
                // Lower-cased as packed: `| 0x20` lower-cases an ASCII letter.
                let key = piece.iter().rev().fold(0, |key, &b| key << 8 | u128::from(b | 0x20));
                tally(words.get(&key).copied().unwrap_or_default());
            }
        } else {
            let piece = std::str::from_utf8(piece).unwrap_or_default();
            for w in piece.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty() && w.len() <= MAX_WORD_BYTES) {
                if !w.is_ascii() {
                    tally(languages_of(w.to_lowercase().as_bytes()));
                } else if w.len() <= longest {
                    tally(languages_of(w.to_ascii_lowercase().as_bytes()));
                }
            }
        }
        if at >= bytes.len() {
            break;
        }
        at += 1;
    }
    (e, i)
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
        Some(info) => iso639_1(info.lang()),
        None if e + i > 0 => return Some(if e >= i { "en" } else { "id" }.to_string()),
        None => return None,
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
    fn other_languages_by_whatlang() {
        assert_eq!(
            detect("Die Minister haben sich heute in Berlin getroffen und einen gemeinsamen Plan beschlossen.")
                .as_deref(),
            Some("de")
        );
        assert_eq!(detect(""), None);
    }
}
