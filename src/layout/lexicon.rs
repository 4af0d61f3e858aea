//! The word lists of the layout stage (`data/layout/`), parsed once, and the text folding they are matched with.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use super::lines::is_collapsed;
use crate::tsv::entries;

fn word_set(src: &'static str) -> HashSet<String> {
    entries(src).map(str::to_lowercase).collect()
}

/// Month names (lower case) to month numbers.
pub(crate) static MONTHS: LazyLock<HashMap<String, u32>> = LazyLock::new(|| {
    entries(include_str!("../../data/layout/months.tsv"))
        .filter_map(|l| {
            let (name, num) = l.split_once('\t')?;
            Some((name.trim().to_lowercase(), num.trim().parse().ok()?))
        })
        .collect()
});

/// Weekday names (lower case).
pub(crate) static WEEKDAYS: LazyLock<HashSet<String>> =
    LazyLock::new(|| word_set(include_str!("../../data/layout/weekdays.txt")));

/// Section labels (lower case).
pub(crate) static SECTIONS: LazyLock<HashSet<String>> =
    LazyLock::new(|| word_set(include_str!("../../data/layout/sections.txt")));

/// Known outlet names (lower case).
pub(crate) static OUTLETS: LazyLock<HashSet<String>> =
    LazyLock::new(|| word_set(include_str!("../../data/layout/outlets.txt")));

/// Words that make a name an organisation's (lower case).
pub(crate) static OUTLET_WORDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| word_set(include_str!("../../data/layout/outlet_words.txt")));

/// Words that end a news publisher's name (lower case).
pub(crate) static PUBLISHER_WORDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| word_set(include_str!("../../data/layout/publisher_words.txt")));

/// Words that are not part of a person's name in a byline (lower case).
pub(crate) static NOT_NAMES: LazyLock<HashSet<String>> =
    LazyLock::new(|| word_set(include_str!("../../data/layout/not_names.txt")));

/// Share and follow button labels (lower case).
pub(crate) static SOCIAL: LazyLock<HashSet<String>> =
    LazyLock::new(|| word_set(include_str!("../../data/layout/social.txt")));

/// Domain endings (lower case), in file order (longest first where one ends another).
pub(crate) static DOMAIN_SUFFIXES: LazyLock<Vec<String>> =
    LazyLock::new(|| entries(include_str!("../../data/layout/domain_suffixes.txt")).map(str::to_lowercase).collect());

/// Byline cues (lower case), longest first so that `written by` wins over `by`.
pub(crate) static BYLINE_CUES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v: Vec<String> =
        entries(include_str!("../../data/layout/byline_cues.txt")).map(str::to_lowercase).collect();
    v.sort_by_key(|c| std::cmp::Reverse(c.len()));
    v
});

/// How a boilerplate phrase removes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Furniture {
    /// A line starting with the phrase.
    Line,
    /// A line equal to the phrase.
    Exact,
    /// The line and everything after it.
    Tail,
    /// A parenthesis opened by the phrase and a colon.
    Inline,
}

/// Boilerplate phrases (folded) with their kind.
pub(crate) static BOILERPLATE: LazyLock<Vec<(Furniture, String)>> = LazyLock::new(|| {
    entries(include_str!("../../data/layout/boilerplate.tsv"))
        .filter_map(|l| {
            let (kind, phrase) = l.split_once('\t')?;
            let kind = match kind.trim() {
                "line" => Furniture::Line,
                "exact" => Furniture::Exact,
                "tail" => Furniture::Tail,
                "inline" => Furniture::Inline,
                _ => return None,
            };
            Some((kind, fold(phrase)))
        })
        .collect()
});

/// Text folded for matching word lists: NFKC (styled letters become plain), lower case, curly quotes and
/// dashes made ASCII, whitespace collapsed to single spaces.
pub(crate) fn fold(s: &str) -> String {
    // Most lines are ASCII with single spaces between words (paragraphs are collapsed): only case changes.
    if s.is_ascii() && is_collapsed(s) {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    // ASCII stays ASCII: only case and whitespace change. Its whitespace is `u8::is_ascii_whitespace` and the
    // vertical tab, which `split_ascii_whitespace` does not split at.
    if s.is_ascii() && !s.contains('\x0b') {
        for word in s.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.make_ascii_lowercase();
    } else if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        // Text already in NFKC (most news text) is its own normal form: decomposing and recomposing it char by
        // char was most of the cost of folding. Whether a character is whitespace does not change with case or
        // with the quote and dash mapping, so the words are those `push_folded` would find.
        for word in s.split_whitespace() {
            let mut space = !out.is_empty();
            if word.is_ascii() {
                if space {
                    out.push(' ');
                }
                let start = out.len();
                out.push_str(word);
                if let Some(pushed) = out.get_mut(start..) {
                    pushed.make_ascii_lowercase();
                }
            } else {
                for c in word.chars().flat_map(char::to_lowercase) {
                    push_folded(&mut out, &mut space, c);
                }
            }
        }
    } else {
        let mut space = false;
        for c in s.nfkc().flat_map(char::to_lowercase) {
            push_folded(&mut out, &mut space, c);
        }
    }
    out
}

/// One lower-cased, normalized character of [`fold`]'s output; `space` is whether a space is pending.
#[inline]
fn push_folded(out: &mut String, space: &mut bool, c: char) {
    let c = match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => return,
        c => c,
    };
    if c.is_whitespace() {
        *space = !out.is_empty();
        return;
    }
    if *space {
        out.push(' ');
        *space = false;
    }
    out.push(c);
}

/// Whether `token` (any case) is a weekday name.
pub(crate) fn is_weekday(token: &str) -> bool {
    WEEKDAYS.contains(&token.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'').to_lowercase())
}

/// Whether `token` (any case) is a month name or abbreviation.
pub(crate) fn is_month(token: &str) -> bool {
    MONTHS.contains_key(&token.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
}

/// Whether `s` is written like a web address of an outlet: `KOMPAS.com`, `example.co.id`.
pub(crate) fn is_domain(s: &str) -> bool {
    domain_prefix_len(s) == Some(s.len())
}

/// The length of a web address at the start of `s`, when `s` starts with one that ends at a word boundary or at a
/// change from a lower-case ending to a capital (`KOMPAS.comMenteri`, where a dash was lost).
pub(crate) fn domain_prefix_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let is_label = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    // Labels: a run of [A-Za-z0-9-] separated by single dots.
    let mut dots = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && is_label(bytes[i]) {
            i += 1;
        }
        if i == start {
            return None;
        }
        if i < bytes.len() && bytes[i] == b'.' && i + 1 < bytes.len() && is_label(bytes[i + 1]) {
            dots.push(i);
            i += 1;
        } else {
            break;
        }
    }
    let end = i;
    if dots.is_empty() {
        return None;
    }
    let host = s.get(..end)?;
    if !host.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let lower = host.to_ascii_lowercase();
    let next = s.get(end..).and_then(|r| r.chars().next());
    let boundary_ok = |cut: usize| -> bool {
        // `cut` is where the address ends inside `host` (or `end`).
        let after = if cut == end { next } else { host.get(cut..).and_then(|r| r.chars().next()) };
        match after {
            None => true,
            Some(c) if !c.is_alphanumeric() => true,
            // A lower-case ending glued to a capital: `KOMPAS.comMenteri`.
            Some(c) => {
                c.is_uppercase() && host.get(..cut).is_some_and(|h| h.ends_with(|p: char| p.is_ascii_lowercase()))
            }
        }
    };
    // The address is the longest prefix of the dotted run that ends in a known suffix.
    for &dot in dots.iter() {
        let tail = lower.get(dot + 1..)?;
        for suffix in DOMAIN_SUFFIXES.iter() {
            // Whole rest of the run is the suffix.
            if tail == suffix.as_str() && boundary_ok(end) {
                return Some(end);
            }
        }
    }
    // The last label may run into a following word without a space (`KOMPAS.comMenteri`).
    if let Some(&last) = dots.last() {
        let tail = lower.get(last + 1..)?;
        for suffix in DOMAIN_SUFFIXES.iter() {
            if tail.starts_with(suffix.as_str()) && tail.len() > suffix.len() {
                let cut = last + 1 + suffix.len();
                if boundary_ok(cut) {
                    return Some(cut);
                }
            }
        }
    }
    None
}

/// Whether `s` (any case) names an outlet: a known one, or a web address.
pub(crate) fn is_known_outlet(s: &str) -> bool {
    let f = fold(s);
    OUTLETS.contains(&f) || is_domain(s.trim())
}

/// Whether the last word of `s` ends a news publisher's name ("Bangkok Post").
pub(crate) fn ends_with_publisher_word(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| PUBLISHER_WORDS.contains(&w.to_lowercase()))
}

/// Whether `s` contains a word that marks an organisation's name.
pub(crate) fn has_outlet_word(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric()).any(|w| !w.is_empty() && OUTLET_WORDS.contains(&w.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert!(is_domain("KOMPAS.com"));
        assert!(is_domain("NEWS.EXAMPLE.CO.ID"));
        assert!(is_domain("viva.co.id"));
        assert!(!is_domain("U.S."));
        assert!(!is_domain("St. Petersburg"));
        assert!(!is_domain("3.5"));
        assert_eq!(domain_prefix_len("KOMPAS.comMenteri BUMN"), Some(10));
        assert_eq!(domain_prefix_len("EXAMPLE.CO.ID, JAKARTA"), Some(13));
        assert_eq!(domain_prefix_len("example.community"), None);
        assert_eq!(domain_prefix_len("Dr.Who"), None);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  \u{1D47A}\u{1D495}\u{1D482}\u{1D49A}  Updated\u{00a0}\u{00a0}Now "), "stay updated now");
        assert_eq!(fold("Leave A Reply"), "leave a reply");
    }

    #[test]
    fn lists_load() {
        assert_eq!(MONTHS.get("mei"), Some(&5));
        assert!(is_weekday("Rabu"));
        assert!(is_month("Sept."));
        assert!(BYLINE_CUES.first().is_some_and(|c| c.contains(' ')));
        assert!(BOILERPLATE.iter().any(|(k, _)| *k == Furniture::Tail));
    }
}
