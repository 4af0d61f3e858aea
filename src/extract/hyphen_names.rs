//! Romanised Korean and Chinese given names written with a hyphen before a lowercase syllable (`Dae-hyun`,
//! `Ming-hui`). English tokens split at such a hyphen when the word before it is capitalised, so the tagger sees
//! `Dae`, `-`, `hyun` and stops at the hyphen ("Kwon Dae" for "Kwon Dae-hyun"), keeps the given name alone, or
//! sees no name at all. A name of that shape (a surname, a capitalised syllable, a hyphen, a lowercase syllable) is
//! mended here when a person's mention stops at its hyphen, and added when nothing else was found on it.

use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;

use super::lexicon::rows;
use super::roles::{self, Known};
use super::Candidate;
use crate::model::Label;
use crate::text::ascii_letters_before;

/// The parts of a syllable (`data/lexicon/syllables.tsv`), longest first where one may begin another.
struct Parts {
    initials: Vec<String>,
    nuclei: Vec<String>,
    finals: HashSet<String>,
    not_name: HashSet<String>,
    not_given: HashSet<String>,
}

static PARTS: LazyLock<Parts> = LazyLock::new(|| {
    let mut parts = Parts {
        initials: Vec::new(),
        nuclei: Vec::new(),
        finals: HashSet::default(),
        not_name: HashSet::default(),
        not_given: HashSet::default(),
    };
    for row in rows(include_str!("../../data/lexicon/syllables.tsv")) {
        let (Some(kind), Some(form)) = (row.first(), row.get(1)) else { continue };
        match kind.as_str() {
            "initial" => parts.initials.push(form.clone()),
            "nucleus" => parts.nuclei.push(form.clone()),
            "final" => {
                parts.finals.insert(form.clone());
            }
            "not_name" => {
                parts.not_name.insert(form.clone());
            }
            "not_given" => {
                parts.not_given.insert(form.clone());
            }
            _ => {}
        }
    }
    parts
});

/// Whether `s` (lowercase ASCII) is one romanised syllable: an initial or none, a nucleus, a final or none.
pub(crate) fn is_syllable(s: &str) -> bool {
    let parts = &*PARTS;
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let after_initial = parts.initials.iter().filter_map(|i| s.strip_prefix(i.as_str())).chain([s]);
    after_initial.into_iter().any(|rest| {
        parts
            .nuclei
            .iter()
            .filter_map(|n| rest.strip_prefix(n.as_str()))
            .any(|last| last.is_empty() || parts.finals.contains(last))
    })
}

/// `Dae`: a capital, then lowercase letters, together one syllable, and no English word that begins compounds
/// (`Co-op`, `Sit-in`).
fn is_capitalised_syllable(w: &str) -> bool {
    let bytes = w.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase) && bytes[1..].iter().all(u8::is_ascii_lowercase) && {
        let lower = w.to_ascii_lowercase();
        is_syllable(&lower) && !PARTS.not_given.contains(&lower)
    }
}

/// The words of a language's frequency list (`data/ner/*_freq.tsv`) at Zipf 6 or more: the few hundred most
/// common, function words among them (`when`, `after`; `yang`, `dengan`), more common than any surname.
fn common_words(freq_tsv: &'static str) -> HashSet<&'static str> {
    crate::tsv::rows(freq_tsv)
        .filter_map(|r| match r.as_slice() {
            [word, zipf] if zipf.parse::<u8>().is_ok_and(|z| z >= 6) => Some(*word),
            _ => None,
        })
        .collect()
}

static COMMON_EN: LazyLock<HashSet<&'static str>> = LazyLock::new(|| common_words(crate::ner::EN_FREQ));
static COMMON_ID: LazyLock<HashSet<&'static str>> = LazyLock::new(|| common_words(crate::ner::ID_FREQ));

/// A word that may be the surname before such a given name: short, capitalised, letters only, and neither one of
/// the language's most common words (`When Dae-hyun ...`) nor a title (`Minister Dae-hyun`).
fn may_be_surname(w: &str, indonesian: bool) -> bool {
    let bytes = w.as_bytes();
    if !(2..=6).contains(&bytes.len())
        || !bytes[0].is_ascii_uppercase()
        || !bytes[1..].iter().all(u8::is_ascii_lowercase)
        || roles::role_word(w).is_some()
    {
        return false;
    }
    let common = if indonesian { &*COMMON_ID } else { &*COMMON_EN };
    !common.contains(w.to_ascii_lowercase().as_str())
}

/// A hyphenated given name in a text (byte offsets): `[surname ]Given-syllable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HyphenName {
    /// Start of the surname before it, one space away, if there is a word that may be one.
    surname: Option<usize>,
    /// Start of the capitalised syllable.
    given: usize,
    /// The hyphen.
    hyphen: usize,
    /// End of the lowercase syllable.
    end: usize,
}

/// The hyphenated given names of `text`, in order.
fn hyphen_names(text: &str, indonesian: bool) -> Vec<HyphenName> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // '-' and the two Unicode hyphens (U+2010, U+2011: E2 80 90, E2 80 91).
    for at in memchr::memchr2_iter(b'-', 0xE2, bytes) {
        let width = match bytes[at] {
            b'-' => 1,
            _ if bytes.get(at + 1) == Some(&0x80) && matches!(bytes.get(at + 2), Some(0x90 | 0x91)) => 3,
            _ => continue,
        };
        let given = ascii_letters_before(bytes, at);
        let after = at + width;
        let end = after + bytes[after..].iter().position(|b| !b.is_ascii_lowercase()).unwrap_or(bytes.len() - after);
        // The word before ends at the hyphen and the syllable after it ends the word: not "Hong-Kong-based".
        let word_ends = bytes.get(end).is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80));
        let starts_word =
            given == 0 || !(bytes[given - 1].is_ascii_digit() || matches!(bytes[given - 1], b'-' | 0x80..));
        if given == at || end == after || !word_ends || !starts_word {
            continue;
        }
        let syllable = &text[after..end];
        if !is_capitalised_syllable(&text[given..at]) || !is_syllable(syllable) || PARTS.not_name.contains(syllable) {
            continue;
        }
        let surname = (given >= 2 && bytes[given - 1] == b' ')
            .then(|| ascii_letters_before(bytes, given - 1))
            .filter(|&s| s == 0 || !(bytes[s - 1].is_ascii_digit() || matches!(bytes[s - 1], b'-' | b'.' | b'\'')))
            .filter(|&s| may_be_surname(&text[s..given - 1], indonesian));
        out.push(HyphenName { surname, given, hyphen: at, end });
    }
    out
}

/// Mends the people's names that stop at the hyphen of a hyphenated given name (`Kwon Dae` → `Kwon Dae-hyun`,
/// `Dae` → `Kwon Dae-hyun`), and adds such a name, with its surname, where no candidate and no known name (`known`:
/// the name lists' hits) touches it. `indonesian`: the text's language, whose common words are not surnames.
pub(super) fn mend(text: &str, cands: &mut Vec<Candidate>, known: &[Known], indonesian: bool) {
    for name in hyphen_names(text, indonesian) {
        let start = name.surname.unwrap_or(name.given);
        let mut mended = false;
        for c in cands.iter_mut().filter(|c| c.label == Label::Person && c.end == name.hyphen && c.start <= name.given)
        {
            c.end = name.end;
            if c.start == name.given {
                c.start = start;
            }
            mended = true;
        }
        let touches = |s: usize, e: usize| s < name.end && start < e;
        if mended
            || name.surname.is_none()
            || cands.iter().any(|c| touches(c.start, c.end))
            || known.iter().any(|k| touches(k.start, k.end))
        {
            continue;
        }
        cands.push(Candidate {
            start,
            end: name.end,
            label: Label::Person,
            code: None,
            value: None,
            priority: 3,
            tagged: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_korean_and_chinese_names() {
        for s in ["in", "un", "hyun", "seo", "jong", "hye", "yeol", "moon", "wen", "hui", "kuo", "jeou", "kyung"] {
            assert!(is_syllable(s), "{s}");
        }
        for s in ["led", "based", "backed", "era", "born", "owned", "style", "year", "", "Hyun", "ünd", "sadr"] {
            assert!(!is_syllable(s), "{s}");
        }
    }

    fn names(text: &str) -> Vec<(Option<&str>, &str)> {
        hyphen_names(text, false)
            .iter()
            .map(|n| (n.surname.map(|s| &text[s..n.given - 1]), &text[n.given..n.end]))
            .collect()
    }

    #[test]
    fn hyphenated_given_names_and_their_surnames() {
        assert_eq!(
            names("Envoy Kwon Dae-hyun met Tsao Ming-hui."),
            [(Some("Kwon"), "Dae-hyun"), (Some("Tsao"), "Ming-hui")]
        );
        // A title or a function word is no surname; the given name is still one.
        assert_eq!(names("Minister Dae-hyun and When Dae-hyun"), [(None, "Dae-hyun"), (None, "Dae-hyun")]);
        // Not names: lowercase or long first parts, compounds, words that go on after the syllable.
        for text in [
            "a Kwon-led team",
            "the Hong Kong-run firm",
            "anti-war",
            "Seoul-based",
            "Kwon Dae-hyun-like",
            "Ki-moon2",
            "Tesco Co-op",
            "Mass Sit-in",
        ] {
            assert_eq!(names(text), [], "{text}");
        }
        assert_eq!(names("Choi Min\u{2011}seo"), [(Some("Choi"), "Min\u{2011}seo")]);
    }

    fn cand(start: usize, end: usize, label: Label) -> Candidate {
        Candidate { start, end, label, code: None, value: None, priority: 3, tagged: true }
    }

    #[test]
    fn names_stopped_at_the_hyphen_are_mended_and_missed_ones_added() {
        let text = "Kwon Dae-hyun met Choi Min-seo, and Ha Ji-won spoke in Hong Kong-run Lau Wing-kit.";
        let span = |s: &str| (text.find(s).unwrap(), text.find(s).unwrap() + s.len());
        let (a, b) = span("Kwon Dae");
        let (c, _) = span("Min");
        let (h, k) = span("Hong Kong");
        let mut cands = vec![cand(a, b, Label::Person), cand(c, c + 3, Label::Person)];
        let known = [Known { start: h, end: k, label: Label::Location, code: None }];
        mend(text, &mut cands, &known, false);
        let got: Vec<&str> = cands.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(got, ["Kwon Dae-hyun", "Choi Min-seo", "Ha Ji-won", "Lau Wing-kit"]);
        assert!(cands.iter().all(|c| c.label == Label::Person));
    }
}
