//! HTML pages to article text. (Stub.)

use std::collections::BTreeMap;

/// Text of an HTML page and the metadata its head declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlDoc {
    pub text: String,
    pub title: Option<String>,
    pub meta: BTreeMap<String, String>,
}

/// Convert an HTML page to text with one paragraph per block element.
pub fn html_to_text(html: &str) -> HtmlDoc {
    HtmlDoc { text: html.to_string(), ..HtmlDoc::default() }
}
