//! Text units for the learned stages: word tokens and sentences, as byte ranges of the input.

mod sentences;
pub(crate) mod starts;
mod tokens;

pub use sentences::{sentences, sentences_from, sentences_of};
pub(crate) use tokens::{ascii_letters_before, ascii_run_end, char_at};
pub use tokens::{tokens, Token};

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

/// Abbreviations that keep their period (`Mr.`, `Jl.`), lowercase without the period.
static ABBREVIATIONS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    crate::tsv::entries(include_str!("../../data/ner/abbreviations.txt")).map(str::to_lowercase).collect()
});

/// Where each line of `text` ends, its line break included: the ends of `text.split_inclusive('\n')`, found by a
/// vectorised search for the breaks.
pub(crate) fn line_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let last = (!text.ends_with('\n') && !text.is_empty()).then_some(text.len());
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1).chain(last)
}

/// The last char boundary of `text` at or before byte `i` (`str::floor_char_boundary`, newer than our minimum Rust).
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first char boundary of `text` at or after byte `i` (the end of `text` past it).
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `s.to_lowercase()`, without the Unicode tables for an ASCII string (nearly every name of the lists).
pub(crate) fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// Whether `word` (without its period) is a known abbreviation.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    if word.len() > 8 {
        return false;
    }
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return ABBREVIATIONS.contains(word);
    }
    ABBREVIATIONS.contains(&word.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_are_those_of_split_inclusive() {
        for text in ["", "\n", "a", "a\n", "a\nb", "a\n\nb\n", "\r\n\u{e9}\n x"] {
            let plain: Vec<usize> = text
                .split_inclusive('\n')
                .scan(0, |at, l| {
                    *at += l.len();
                    Some(*at)
                })
                .collect();
            assert_eq!(line_ends(text).collect::<Vec<_>>(), plain, "{text:?}");
        }
    }
}
