//! Sentences written in capitals (`SOCCER - SPAIN HELD BY NORWAY`, `MADRID 2031-03-14`, a release's heading) read
//! with their words as they are usually written (`soccer - Spain held by Norway`).
//!
//! The taggers learnt from text as it is usually written, where a word in capitals is an acronym; in a sentence
//! all in capitals that sign says nothing, and they read most of its words as organisations. The case lists
//! (`data/ner/{en,id}_case.tsv`, `scripts/make_truecase.py`) say how the training sentences write each word away
//! from a sentence's start: in small letters, or in capitals; a word in neither is a name, written capitalised.
//! On the UNER EWT and GUM dev splits written in capitals, the English tagger alone (a model trained without them)
//! rose from 0.520 and 0.412 F1 to 0.626 and 0.461; on BTC's tweets it fell from 0.552 to 0.531 (handles and
//! slang read as names). Sentences as usually written are read as they are.

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

use super::features::{case_of_counts, SentenceCase};

static EN_CASE: &str = include_str!("../../data/ner/en_case.tsv");
static ID_CASE: &str = include_str!("../../data/ner/id_case.tsv");

/// How a language usually writes its words (see the module's documentation).
pub(crate) struct CaseList {
    // Keys borrowed from the data file, which is compiled in.
    words: HashMap<&'static str, Written>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Written {
    Small,
    Capitals,
}

static EN: LazyLock<CaseList> = LazyLock::new(|| CaseList::parse(EN_CASE));
static ID: LazyLock<CaseList> = LazyLock::new(|| CaseList::parse(ID_CASE));

/// The case list of the Indonesian tagger, or of the English one.
pub(crate) fn case_list(indonesian: bool) -> &'static CaseList {
    if indonesian {
        &ID
    } else {
        &EN
    }
}

/// Whether English text usually writes `word` in small letters (`shares`, `officials`; not `Telekom`).
pub(crate) fn usually_small(word: &str) -> bool {
    EN.words.get(crate::text::lowercase(word).as_str()) == Some(&Written::Small)
}

/// The fewest capitals of a sentence without small letters that is read as one in capitals: a dateline
/// (`MADRID 2031-03-14`) is, a lone acronym (`BBC`) is not.
const MIN_CAPITALS_ALONE: usize = 4;

/// Whether a sentence's text is written in capitals: as the taggers' features case a sentence
/// ([`case_of_counts`]: more than eight capitals, and more capitals than small letters by a quarter), or with no
/// small letter and at least [`MIN_CAPITALS_ALONE`] capitals. ASCII letters are counted.
pub(crate) fn in_capitals(sentence: &str) -> bool {
    let (mut up, mut low) = (0usize, 0usize);
    for &b in sentence.as_bytes() {
        up += usize::from(b.is_ascii_uppercase());
        low += usize::from(b.is_ascii_lowercase());
    }
    case_of_counts(up, low) == SentenceCase::Upper || (low == 0 && up >= MIN_CAPITALS_ALONE)
}

/// A sentence in capitals of more words than this is read as usually written only if the case list knows one
/// word in [`MIN_KNOWN_SHARE`] of it (its small words at least): a headline in English or Indonesian does, one in
/// French does not. A shorter one (a dateline, a name) is read as usually written whatever its words.
const MAX_WORDS_UNCHECKED: usize = 3;
const MIN_KNOWN_SHARE: usize = 4;

impl CaseList {
    /// Parse `word<TAB>l|u` lines; `#` lines are comments, other letters are skipped.
    fn parse(tsv: &'static str) -> CaseList {
        let mut words = HashMap::with_capacity_and_hasher(crate::tsv::line_count(tsv), Default::default());
        for line in crate::tsv::lines(tsv).filter(|l| !l.starts_with('#')) {
            let mut it = crate::tsv::fields(line);
            let (Some(w), Some(form)) = (it.next(), it.next()) else { continue };
            let written = match crate::tsv::trim(form) {
                "l" => Written::Small,
                "u" => Written::Capitals,
                _ => continue,
            };
            words.entry(w).or_insert(written);
        }
        CaseList { words }
    }

    /// `words` as usually written, into `out`: each word in capitals (it has a capital and no small letter) in
    /// small letters, kept in capitals, or capitalised, as the list says, and capitalised inside a name of the
    /// gazetteer (`in_name`, may be empty: `NEW YORK` is `New York`, not `new York`); other words as they are.
    ///
    /// `false`, and `out` left empty, for a longer sentence of which the list knows fewer than one word in
    /// [`MIN_KNOWN_SHARE`]: one in another language, whose words would all come out as names.
    pub(crate) fn rewrite(&self, words: &[&str], in_name: &[bool], out: &mut Vec<String>) -> bool {
        out.clear();
        let (mut total, mut known) = (0, 0);
        for w in words.iter().filter(|w| w.chars().any(char::is_alphabetic)) {
            total += 1;
            known += usize::from(self.words.contains_key(crate::text::lowercase(w).as_str()));
        }
        if total > MAX_WORDS_UNCHECKED && known * MIN_KNOWN_SHARE < total {
            return false;
        }
        out.extend(words.iter().enumerate().map(|(i, w)| self.as_usually_written(w, in_name.get(i) == Some(&true))));
        true
    }

    fn as_usually_written(&self, w: &str, in_name: bool) -> String {
        let (up, low) = super::features::letter_cases(w);
        // An initial (`B.`) is written in capitals anyway.
        if up == 0 || low > 0 || (up == 1 && w.ends_with('.')) {
            return w.to_string();
        }
        let lower = crate::text::lowercase(w);
        match self.words.get(lower.as_str()) {
            Some(Written::Capitals) => w.to_string(),
            Some(Written::Small) if !in_name => lower,
            _ => {
                let mut chars = w.chars();
                let first = chars.next().map(String::from).unwrap_or_default();
                first + &crate::text::lowercase(chars.as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> CaseList {
        CaseList::parse("# comment\nthe\tl\nwins\tl\nby\tl\nnato\tu\nu.n.\tu\nodd\tx\n")
    }

    #[test]
    fn words_in_capitals_are_written_as_usual() {
        let mut out = Vec::new();
        let words = ["QUEENSPORT", "WINS", "BY", "NATO", "U.N.", "-", "2031", "ÉLODIE", "ODD", "Mixed", "the", "B."];
        assert!(list().rewrite(&words, &[], &mut out));
        let expected = ["Queensport", "wins", "by", "NATO", "U.N.", "-", "2031", "Élodie", "Odd", "Mixed", "the", "B."];
        assert_eq!(out, expected);
        // In a name of the gazetteer, a common word is capitalised too.
        assert!(list().rewrite(&["THE", "BY", "WINS"], &[false, true, true], &mut out));
        assert_eq!(out, ["the", "By", "Wins"]);
    }

    /// A sentence the list knows too few words of is left as it is, unless it is short.
    #[test]
    fn sentences_in_other_languages_are_left_as_they_are() {
        let mut out = Vec::new();
        assert!(!list().rewrite(&["VOUS", "AVEZ", "VU", "LA", "PLAGE", "?"], &[], &mut out));
        assert!(out.is_empty());
        assert!(list().rewrite(&["VOUS", "AVEZ", "THE", "WINS"], &[], &mut out));
        assert!(list().rewrite(&["QUEENSPORT", "2031-03-14"], &[], &mut out));
        assert_eq!(out, ["Queensport", "2031-03-14"]);
    }

    #[test]
    fn sentences_in_capitals() {
        assert!(in_capitals("SOCCER - QUEENSPORT WIN THE CUP ."));
        assert!(in_capitals("MADRID 2031-03-14"));
        assert!(in_capitals("PRESIDENT VISITS Queensport TODAY AND TOMORROW"));
        assert!(!in_capitals("BBC"));
        assert!(!in_capitals("The BBC and the UN met in Queensport on Monday."));
        assert!(!in_capitals("JAKARTA - Presiden meresmikan jalan tol di Queensport."));
        assert!(!in_capitals(""));
    }

    #[test]
    fn the_shipped_lists_parse() {
        for indonesian in [false, true] {
            let l = case_list(indonesian);
            assert!(l.words.len() > 5_000);
            assert_eq!(l.words.get("the").or(l.words.get("yang")), Some(&Written::Small));
        }
    }
}
