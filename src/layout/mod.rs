//! Article layout: headline, outlet, byline, publication date, dateline, paragraphs, boilerplate.
//! (Stub: filled in by the layout work.)

use crate::model::Date;

/// The parts of an article found by layout analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    pub dateline: Option<String>,
    /// The article with boilerplate removed (headline and byline lines kept as printed).
    pub text: String,
    /// Paragraphs as byte ranges of `text`.
    pub paragraphs: Vec<(usize, usize)>,
}

/// Analyse the layout of repaired article text.
pub fn layout(text: &str) -> Layout {
    Layout { text: text.trim().to_string(), ..Layout::default() }
}
