//! Extraction: mentions, entities (and later agreements, quotes, topics) from repaired article text.

pub mod lexicon;
pub mod names;
pub mod numbers;
pub mod temporal;
