//! Agreements: the instruments of cooperation an article reports. (Stub: filled in by the agreements work.)

use super::Analysed;
use crate::model::Agreement;

/// Every instrument the article reports, with `start`/`end` as byte offsets of its evidence sentence
/// (the caller converts them to code points).
pub fn find_agreements(article: &Analysed<'_>) -> Vec<Agreement> {
    let _ = article;
    Vec::new()
}
