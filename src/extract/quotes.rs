//! Quotes: quoted statements and their speakers. (Stub: filled in by the quotes work.)

use super::Analysed;
use crate::model::Quote;

/// Every quoted statement, with `start`/`end` as byte offsets of the quoted text (the caller converts them).
pub fn find_quotes(article: &Analysed<'_>) -> Vec<Quote> {
    let _ = article;
    Vec::new()
}
