//! From raw text to cleaned paragraphs: markdown syntax removed, whitespace collapsed, hard-wrapped lines
//! (newswire style, ~65 columns with indented paragraph starts) joined back into paragraphs.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::{memchr2, memchr3};
use regex::Regex;

use crate::text::starts::bytes_at;

/// One paragraph of the article as printed, cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Para {
    pub text: String,
    /// Markdown heading level (`#` = 1), 0 when not a heading.
    pub heading: u8,
    /// A bullet or numbered list item.
    pub list_item: bool,
}

/// `![alt](url)` images: dropped.
static MD_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"!\[[^\]\n]*\]\([^)\s]*(?:\s+"[^"\n]*")?\)"#).expect("static regex"));
/// `[label](url)` links: the label stays.
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\[([^\]\n]*)\]\([^)\s]*(?:\s+"[^"\n]*")?\)"#).expect("static regex"));
/// `<https://...>` autolinks: dropped.
static MD_AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:https?|ftp|mailto):[^>\s]*>").expect("static regex"));
/// `**strong**` and `__strong__`: the words stay.
static MD_STRONG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*([^*\n]+)\*\*|__([^_\n]+)__").expect("static regex"));
/// Backslash escapes of markdown punctuation.
static MD_ESCAPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\\([\\`*_{}\[\]()#+\-.!|>])").expect("static regex"));
/// `## Heading ##`.
static MD_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$").expect("static regex"));
/// `---`, `***`, `___`, `===` rules.
static MD_RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[-*_=~]\s*){3,}$").expect("static regex"));
/// A line that is only a web address.
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:https?://|www\.)\S+$").expect("static regex"));
/// `- item`, `* item`, `• item`, `1. item`, `2) item`.
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-*+•●▪◦]\s|\d{1,3}[.)]\s)").expect("static regex"));

/// Lines in a wrapped text are at most this long.
const WRAP_MAX: usize = 100;

/// Collapse every run of whitespace to one space and trim.
pub(crate) fn collapse_spaces(s: &str) -> String {
    if is_collapsed(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `s` has no whitespace but single spaces between words, as most lines have: collapsing leaves it as it
/// is. The bytes are read once, 32 at a time in a loop the compiler vectorises; most lines pass.
pub(crate) fn is_collapsed(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    (0..bytes.len()).step_by(CHUNK).all(|start| {
        // One byte more than a chunk (a pair of spaces at its end runs into the next), zeros past the end (which
        // neither break a collapsed line nor start a character).
        let flags = chunk_flags(&bytes_at(bytes, start));
        flags & BREAKS == 0 && (flags & MAY_BE_WIDE == 0 || !has_wide_whitespace(s, start, start + CHUNK))
    })
}

/// How many bytes [`is_collapsed`] reads at a time.
const CHUNK: usize = 32;

/// [`chunk_flags`]: a byte of the chunk breaks a collapsed line.
const BREAKS: u8 = 1;
/// [`chunk_flags`]: a byte of the chunk may start white space outside ASCII.
const MAY_BE_WIDE: u8 = 2;

/// The flags of the first [`CHUNK`] bytes of `window`, or-ed together: one pass the compiler vectorises.
#[inline]
fn chunk_flags(window: &[u8; CHUNK + 1]) -> u8 {
    let mut flags = [0u8; CHUNK];
    for i in 0..CHUNK {
        flags[i] = (u8::from(breaks_collapse(window[i], window[i + 1])) * BREAKS)
            | (u8::from(may_start_wide_whitespace(window[i])) * MAY_BE_WIDE);
    }
    flags.iter().fold(0, |all, &f| all | f)
}

/// Whether a byte (followed by `next`) is ASCII white space other than a single space: `\t`, `\n`, `\x0b`, `\x0c`,
/// `\r`, or a space before another. (`|` and `&`, not `||` and `&&`: no branch, so that a loop vectorises.)
#[inline]
fn breaks_collapse(b: u8, next: u8) -> bool {
    (b.wrapping_sub(b'\t') < 5) | ((b == b' ') & (next == b' '))
}

/// Whether a byte may start white space outside ASCII (U+0085, U+00A0, U+2009, U+3000, ...): each such character
/// starts with the byte 0xC2, 0xE1, 0xE2 or 0xE3.
#[inline]
fn may_start_wide_whitespace(b: u8) -> bool {
    (b == 0xC2) | (b.wrapping_sub(0xE1) < 3)
}

/// Whether a character starting in `start..end` of `s` is white space outside ASCII: only those starting with a
/// byte [`may_start_wide_whitespace`] picks are decoded.
fn has_wide_whitespace(s: &str, start: usize, end: usize) -> bool {
    let bytes = s.as_bytes().get(start..end.min(s.len())).unwrap_or_default();
    (0..bytes.len()).filter(|&i| may_start_wide_whitespace(bytes[i])).any(|i| {
        // A byte of 0xC2 or more starts a character.
        s.get(start + i..).and_then(|r| r.chars().next()).is_some_and(char::is_whitespace)
    })
}

/// A raw line after markdown cleanup: (text, heading level, list item). Empty text means a blank line.
fn clean_line(raw: &str) -> (String, u8, bool) {
    let mut s: Cow<'_, str> = Cow::Borrowed(raw.trim());
    if let Some(rest) = s.strip_prefix('>') {
        s = Cow::Owned(rest.trim_start().to_string());
    }
    // The whole-line patterns are anchored: the first character rules most of them out.
    let first = s.chars().next();
    let may_be_rule = first.is_some_and(|c| "-*_=~".contains(c));
    if (may_be_rule && MD_RULE.is_match(&s))
        || ((s.starts_with("http") || s.starts_with("www.")) && BARE_URL.is_match(&s))
    {
        return (String::new(), 0, false);
    }
    let mut heading = 0u8;
    if first == Some('#') {
        if let Some(c) = MD_HEADING.captures(&s) {
            heading = c.get(1).map_or(0, |m| m.as_str().len() as u8);
            s = Cow::Owned(c.get(2).map_or("", |m| m.as_str()).to_string());
        }
    }
    // Most lines have no markdown inline syntax at all.
    if memchr3(b'[', b'<', b'*', s.as_bytes()).is_some() || memchr2(b'_', b'\\', s.as_bytes()).is_some() {
        if s.contains('[') || s.contains('<') {
            let t = MD_IMAGE.replace_all(&s, "");
            let t = MD_LINK.replace_all(&t, "$1");
            let t = MD_AUTOLINK.replace_all(&t, "");
            s = Cow::Owned(t.into_owned());
        }
        if s.contains("**") || s.contains("__") {
            s = Cow::Owned(MD_STRONG.replace_all(&s, "$1$2").into_owned());
        }
        if s.contains('\\') {
            s = Cow::Owned(MD_ESCAPE.replace_all(&s, "$1").into_owned());
        }
    }
    let text = collapse_spaces(&s);
    let list_item = text.starts_with(|c: char| c.is_numeric() || "-*+\u{2022}\u{25cf}\u{25aa}\u{25e6}".contains(c))
        && LIST_ITEM.is_match(&text);
    (text, heading, list_item)
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?', '"', '\u{201d}', '\u{2019}', ':', ';', ')'])
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

fn starts_upper_or_quote(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"\u{201c}'(".contains(c))
}

/// Join `next` onto `para`: a line broken at a hyphen keeps the hyphen and no space.
fn join(para: &mut String, next: &str) {
    let hyphen_break = para.ends_with('-')
        && para.chars().rev().nth(1).is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_alphabetic);
    if !hyphen_break && !para.is_empty() {
        para.push(' ');
    }
    para.push_str(next);
}

struct RawLine {
    text: String,
    heading: u8,
    list_item: bool,
    indent: bool,
    width: usize,
}

/// The paragraphs of `text`.
pub(crate) fn paragraphs(text: &str) -> Vec<Para> {
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let lines: Vec<RawLine> = text
        .split('\n')
        .map(|raw| {
            let (text, heading, list_item) = clean_line(raw);
            let indent = raw.starts_with([' ', '\t']) && !text.is_empty();
            RawLine { text, heading, list_item, indent, width: raw.trim().chars().count() }
        })
        .collect();

    // Hard-wrapped text: every line short, and most lines run on into the next without a blank line between.
    let nonblank: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].text.is_empty()).collect();
    let max_width = nonblank.iter().map(|&i| lines[i].width).max().unwrap_or(0);
    let run_on = nonblank.iter().filter(|&&i| lines.get(i + 1).is_some_and(|n| !n.text.is_empty())).count();
    let wrapped = nonblank.len() >= 4 && max_width <= WRAP_MAX && run_on * 2 >= nonblank.len();
    let indent_marks = wrapped && lines.windows(2).filter(|w| w[1].indent && !w[0].text.is_empty()).count() >= 2;

    let mut paras: Vec<Para> = Vec::new();
    let mut open = false; // whether the last paragraph may take a continuation line

    // The width of the line before, and whether it ends a sentence (its text goes into a paragraph before the next
    // line is read).
    let mut prev: Option<(usize, bool)> = None;
    for line in lines {
        let this = (line.width, wrapped && !indent_marks && ends_sentence(&line.text));
        if line.text.is_empty() {
            open = false;
            prev = Some(this);
            continue;
        }
        let continues = open
            && wrapped
            && line.heading == 0
            && !line.list_item
            && if indent_marks {
                !line.indent
            } else {
                prev.is_some_and(|(width, ends)| {
                    width * 10 >= max_width * 6 && !(ends && starts_upper_or_quote(&line.text))
                })
            };
        match paras.last_mut() {
            Some(last) if continues => join(&mut last.text, &line.text),
            _ => paras.push(Para { text: line.text, heading: line.heading, list_item: line.list_item }),
        }
        open = line.heading == 0;
        prev = Some(this);
    }

    // A sentence broken across paragraphs (a scrape artefact): the first part runs on without final punctuation
    // and the second starts in lower case.
    let mut merged: Vec<Para> = Vec::with_capacity(paras.len());
    for p in paras {
        if let Some(last) = merged.last_mut() {
            let runs_on = last.heading == 0
                && !last.list_item
                && p.heading == 0
                && !p.list_item
                && starts_lower(&p.text)
                && !ends_sentence(&last.text)
                && last.text.split_whitespace().nth(5).is_some();
            if runs_on {
                join(&mut last.text, &p.text);
                continue;
            }
        }
        merged.push(p);
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        paragraphs(s).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn markdown_is_removed() {
        let p = paragraphs("# MASTHEAD\n\n## A Headline Here ##\n\nJane Roe - [EXAMPLE.CO.ID](http://example.co.id)\n\n![logo](x.png) **Bold** text \\- escaped");
        assert_eq!(p[0].heading, 1);
        assert_eq!(p[0].text, "MASTHEAD");
        assert_eq!(p[1].heading, 2);
        assert_eq!(p[1].text, "A Headline Here");
        assert_eq!(p[2].text, "Jane Roe - EXAMPLE.CO.ID");
        assert_eq!(p[3].text, "Bold text - escaped");
    }

    #[test]
    fn whitespace_collapses_and_rules_vanish() {
        assert_eq!(texts("  A  b\u{00a0}\u{00a0}c\t d \n---\n\n\nhttps://example.com/x\nE"), vec!["A b c d", "E"]);
    }

    #[test]
    fn each_line_is_a_paragraph_when_lines_are_long() {
        let a = "A first line that is long enough to be a real paragraph of a story, well over one hundred characters wide.";
        let b = "The second line is another paragraph, printed without a blank line between the two of them here.";
        assert_eq!(texts(&format!("{a}\n{b}")), vec![a, b]);
    }

    #[test]
    fn wrapped_lines_with_indents_are_joined() {
        let s = "The finance minister of a small\nisland state said on Monday that\nthe budget would be balanced.\n    Officials said the plan had\nbeen approved by the cabinet\nearlier in the week, after talks.\n    REUTER\n";
        assert_eq!(
            texts(s),
            vec![
                "The finance minister of a small island state said on Monday that the budget would be balanced.",
                "Officials said the plan had been approved by the cabinet earlier in the week, after talks.",
                "REUTER"
            ]
        );
    }

    #[test]
    fn broken_sentence_is_mended() {
        let s = "\"The region has potential. Growth of the\n\ndigital economy is high,\" she said.";
        assert_eq!(texts(s), vec!["\"The region has potential. Growth of the digital economy is high,\" she said."]);
    }

    #[test]
    fn wide_whitespace_starts_with_the_bytes_looked_for() {
        for c in (0x80..=0x10ffff).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
            let mut buf = [0; 4];
            assert!([0xC2, 0xE1, 0xE2, 0xE3].contains(&c.encode_utf8(&mut buf).as_bytes()[0]), "{c:?}");
        }
        assert!(!is_collapsed("a\u{a0}b") && !is_collapsed("a\u{3000}b") && !is_collapsed("a\u{2009}b"));
        assert!(is_collapsed("\u{201c}Quoted\u{201d} caf\u{e9} \u{2014} ok"));
    }

    /// `is_collapsed` as a comparison with collapsing says it.
    fn collapses_to_itself(s: &str) -> bool {
        s.split_whitespace().collect::<Vec<_>>().join(" ") == s
    }

    #[test]
    fn collapsed_lines_are_those_that_collapse_to_themselves() {
        // Mostly words and single spaces, so that long texts are often collapsed; now and then other white space.
        let words = ["a", "Word ", "\u{201c}", "\u{2014} ", "\u{e9}", "x\u{e1} ", "\u{3042}", ". ", "1", "b"];
        let spaces = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\u{a0}", "\u{85}", "\u{2009}", "\u{3000}", "\u{1680}"];
        let mut next = crate::testing::sequence(5);
        let (mut collapsed, mut not) = (0, 0);
        for _ in 0..20000 {
            let rare = next() % 20;
            let text: String = (0..next() % 90)
                .map(|_| if next() % 1000 < rare { spaces[next() % spaces.len()] } else { words[next() % words.len()] })
                .collect();
            if is_collapsed(&text) {
                collapsed += 1;
            } else {
                not += 1;
            }
            assert_eq!(is_collapsed(&text), collapses_to_itself(&text), "{text:?}");
        }
        assert!(collapsed > 1000 && not > 1000, "{collapsed} {not}");
    }

    #[test]
    fn list_items_stay_apart() {
        let p = paragraphs("Programs include:\n- Human resources\n- Technology transfer");
        assert_eq!(p.len(), 3);
        assert!(p[1].list_item && p[2].list_item);
    }
}
