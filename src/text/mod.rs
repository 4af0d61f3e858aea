//! Text units for the learned stages: word tokens and sentences, as byte ranges of the input.

mod sentences;
pub(crate) mod starts;
mod tokens;

pub use sentences::{sentences, sentences_from, sentences_of};
pub(crate) use tokens::{ascii_run_end, char_at};
pub use tokens::{tokens, Token};

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

/// Abbreviations that keep their period (`Mr.`, `Jl.`), lowercase without the period.
static ABBREVIATIONS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../data/ner/abbreviations.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
});

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
