//! Topics of the fixed taxonomy of the guidelines. (Stub: filled in by the topics work.)

use super::Analysed;

/// The topics the story discusses.
pub fn find_topics(article: &Analysed<'_>) -> Vec<String> {
    let _ = article;
    Vec::new()
}
