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

/// Each function word with whether it is English and whether it is Indonesian: one look-up per word of the text.
static FUNCTION_WORD_LANGUAGES: LazyLock<FxHashMap<&'static str, (bool, bool)>> = LazyLock::new(|| {
    let (en, id) = &*FUNCTION_WORDS;
    en.iter().chain(id.iter()).map(|&w| (w, (en.contains(w), id.contains(w)))).collect()
});

/// The length of the longest function word: an ASCII word longer than this is none.
static LONGEST_FUNCTION_WORD: LazyLock<usize> =
    LazyLock::new(|| FUNCTION_WORD_LANGUAGES.keys().map(|w| w.len()).max().unwrap_or(0));

/// Function-word counts of English and Indonesian in `text`.
fn vote(text: &str) -> (usize, usize) {
    let (mut e, mut i) = (0, 0);
    let longest = *LONGEST_FUNCTION_WORD;
    let mut lower = String::new();
    for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty() && w.len() <= 12) {
        lower.clear();
        if w.is_ascii() {
            // Lower-casing keeps the length of ASCII.
            if w.len() > longest {
                continue;
            }
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&w.to_lowercase());
        }
        if let Some(&(en, id)) = FUNCTION_WORD_LANGUAGES.get(lower.as_str()) {
            e += usize::from(en);
            i += usize::from(id);
        }
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
