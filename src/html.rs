//! HTML pages to article text: one linear pass over the markup, no tree and no recursion, so deeply nested or
//! broken HTML costs no stack and no more than its length.
//!
//! Scripts, styles, navigation, footers, asides, forms and elements whose class or id names page furniture
//! (`data/layout/html_skip_classes.txt`) are dropped; block elements become paragraph breaks and `<br>` a line
//! break; character references are decoded. When the page marks its story with `<article>` (or
//! `itemprop="articleBody"`), the longest such element is the text, with the page's `<h1>` put first if the article
//! does not print it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use memchr::memmem;

/// Text of an HTML page and the metadata its head declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlDoc {
    /// The page text, one paragraph per block element, paragraphs separated by a blank line.
    pub text: String,
    /// The text of the `<title>` element.
    pub title: Option<String>,
    /// `title` (og:title, twitter:title or `<title>`), `published` (article:published_time, datePublished, ...),
    /// `author` (meta author, article:author unless a URL), `outlet` (og:site_name).
    pub meta: BTreeMap<String, String>,
}

/// Named character references (name to character).
static ENTITIES: LazyLock<HashMap<&'static str, char>> = LazyLock::new(|| {
    include_str!("../data/layout/html_entities.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (name, hex) = l.split_once('\t')?;
            Some((name.trim(), char::from_u32(u32::from_str_radix(hex.trim(), 16).ok()?)?))
        })
        .collect()
});

/// Class and id words of page furniture.
static SKIP_CLASSES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| crate::tsv::entries(include_str!("../data/layout/html_skip_classes.txt")).collect());

/// Elements whose content is not page text at all (read to their end tag without parsing).
const RAW_TEXT: [&str; 9] =
    ["script", "style", "noscript", "template", "textarea", "xmp", "iframe", "noembed", "noframes"];
/// Elements whose content is page furniture.
const FURNITURE: [&str; 11] =
    ["nav", "footer", "aside", "form", "button", "select", "svg", "canvas", "object", "dialog", "menu"];
/// Elements with no content.
const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
/// Elements that start and end a paragraph.
const BLOCK: [&str; 38] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
    "center",
];
/// Elements never dropped for their class (a theme may give `<body>` a class like `has-sidebar`).
const NEVER_SKIPPED: [&str; 4] = ["html", "body", "main", "article"];

/// An article's text must be at least this long to be preferred to the whole page.
const MIN_ARTICLE_CHARS: usize = 200;

/// The characters the C1 control range means in Windows-1252, as HTML decodes numeric references 0x80–0x9F.
const WINDOWS_1252_C1: [char; 32] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2c6}', '\u{2030}',
    '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}',
    '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}',
    '\u{17e}', '\u{178}',
];

/// Decode character references in `s`: named (`&amp;`, `&eacute;`), decimal (`&#233;`) and hex (`&#xE9;`).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        match decode_one(after) {
            Some((c, used)) => {
                out.push(c);
                rest = after.get(used..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference (text after `&`) stands for, and how many bytes it used.
fn decode_one(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let (hex, start) = if matches!(b.get(1), Some(b'x' | b'X')) { (true, 2) } else { (false, 1) };
        let digits =
            b.get(start..)?.iter().take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() }).count();
        if digits == 0 {
            return None;
        }
        let text = s.get(start..start + digits)?;
        let value = if digits > 8 { None } else { u32::from_str_radix(text, if hex { 16 } else { 10 }).ok() };
        let c = match value {
            Some(v @ 0x80..=0x9f) => WINDOWS_1252_C1.get((v - 0x80) as usize).copied().unwrap_or('\u{fffd}'),
            Some(0) | None => '\u{fffd}',
            Some(v) => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        let mut used = start + digits;
        if b.get(used) == Some(&b';') {
            used += 1;
        }
        return Some((c, used));
    }
    let len = b.iter().take(32).take_while(|c| c.is_ascii_alphanumeric()).count();
    let name = s.get(..len)?;
    let c = *ENTITIES.get(name)?;
    if b.get(len) == Some(&b';') {
        Some((c, len + 1))
    } else if matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp") {
        // The few references old pages write without a semicolon.
        Some((c, len))
    } else {
        None
    }
}

/// Where a paragraph or line break is owed before the next text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    Space,
    Line,
    Paragraph,
}

/// Text being written, with whitespace collapsed and breaks owed until the next word.
#[derive(Debug, Default)]
struct Sink {
    out: String,
    gap: Option<Gap>,
}

impl Sink {
    fn owe(&mut self, gap: Gap) {
        self.gap = Some(self.gap.map_or(gap, |g| g.max(gap)));
    }

    /// Append decoded text; `pre` keeps its line breaks.
    fn text(&mut self, s: &str, pre: bool) {
        for c in s.chars() {
            if c == '\n' && pre {
                self.owe(Gap::Line);
            } else if c.is_whitespace() {
                self.owe(Gap::Space);
            } else {
                if let Some(gap) = self.gap.take() {
                    if !self.out.is_empty() {
                        self.out.push_str(match gap {
                            Gap::Space => " ",
                            Gap::Line => "\n",
                            Gap::Paragraph => "\n\n",
                        });
                    }
                }
                self.out.push(c);
            }
        }
    }
}

/// One tag as read.
struct Tag {
    name: String,
    end: bool,
    self_closing: bool,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Whether its class or id names page furniture, or it is hidden.
    fn is_furniture(&self) -> bool {
        if NEVER_SKIPPED.contains(&self.name.as_str()) {
            return false;
        }
        if self.attr("hidden").is_some() || self.attr("aria-hidden") == Some("true") {
            return true;
        }
        if self.attr("style").is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none")) {
            return true;
        }
        ["class", "id"].iter().filter_map(|a| self.attr(a)).any(|v| {
            v.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .any(|w| SKIP_CLASSES.contains(w.to_ascii_lowercase().as_str()))
        })
    }
}

/// Read a tag starting at `b[i] == b'<'`. Returns the tag (None for comments, doctypes and the like) and the
/// index after it; `None` when `<` does not open a tag.
fn read_tag(html: &str, i: usize) -> Option<(Option<Tag>, usize)> {
    let b = html.as_bytes();
    let next = *b.get(i + 1)?;
    if next == b'!' {
        if b.get(i + 2..i + 4) == Some(b"--") {
            let end = memmem::find(b.get(i + 4..)?, b"-->").map_or(b.len(), |k| i + 4 + k + 3);
            return Some((None, end));
        }
        let end = memchr::memchr(b'>', b.get(i..)?).map_or(b.len(), |k| i + k + 1);
        return Some((None, end));
    }
    if next == b'?' {
        let end = memchr::memchr(b'>', b.get(i..)?).map_or(b.len(), |k| i + k + 1);
        return Some((None, end));
    }
    let end_tag = next == b'/';
    let mut j = if end_tag { i + 2 } else { i + 1 };
    if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
        if end_tag {
            // `</ >` and the like: a bogus comment.
            let end = memchr::memchr(b'>', b.get(i..)?).map_or(b.len(), |k| i + k + 1);
            return Some((None, end));
        }
        return None;
    }
    let name_start = j;
    while b.get(j).is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>' && *c != b'/') {
        j += 1;
    }
    let name = html.get(name_start..j)?.to_ascii_lowercase();
    let mut tag = Tag { name, end: end_tag, self_closing: false, attrs: Vec::new() };
    // Attributes: name, optional `=` and a quoted or bare value.
    loop {
        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        match b.get(j) {
            None => return Some((Some(tag), b.len())),
            Some(b'>') => return Some((Some(tag), j + 1)),
            Some(b'/') => {
                tag.self_closing = b.get(j + 1) == Some(&b'>');
                j += 1;
                continue;
            }
            _ => {}
        }
        let an_start = j;
        while b.get(j).is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/')) {
            j += 1;
        }
        if j == an_start {
            j += 1; // a stray `=`
            continue;
        }
        let attr_name = html.get(an_start..j).unwrap_or("").to_ascii_lowercase();
        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        let mut value = String::new();
        if b.get(j) == Some(&b'=') {
            j += 1;
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = memchr::memchr(q, b.get(j + 1..).unwrap_or(&[])).map_or(b.len(), |k| j + 1 + k);
                    value = html.get(j + 1..close).unwrap_or("").to_string();
                    j = (close + 1).min(b.len());
                }
                _ => {
                    let v_start = j;
                    while b.get(j).is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>') {
                        j += 1;
                    }
                    value = html.get(v_start..j).unwrap_or("").to_string();
                }
            }
        }
        if !tag.end && tag.attrs.len() < 64 {
            tag.attrs.push((attr_name, decode_entities(&value)));
        }
    }
}

/// The index just after the end tag `</name ...>` at or after `from`, or the end of the input.
fn skip_raw_text(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(k) = b.get(i..).and_then(|r| memchr::memchr(b'<', r)) {
        let at = i + k;
        let is_end = b.get(at + 1) == Some(&b'/')
            && b.get(at + 2..at + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && b.get(at + 2 + name.len()).is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/');
        if is_end {
            return memchr::memchr(b'>', b.get(at..).unwrap_or(&[])).map_or(b.len(), |k| at + k + 1);
        }
        i = at + 1;
    }
    b.len()
}

/// The scanner's state while walking the page.
#[derive(Default)]
struct Walk {
    body: Sink,
    articles: Vec<Sink>,
    /// Open `<article>` (or articleBody) elements; text goes to the last article while positive.
    article_depth: usize,
    main_depth: usize,
    pre_depth: usize,
    /// A furniture element being dropped: its name and how many of that name are open.
    skipping: Option<(String, usize)>,
    /// Text of the first `<h1>`, while it is being read and after.
    h1: Option<Sink>,
    h1_open: bool,
    h1_done: bool,
    /// An `itemprop=articleBody` element other than `<article>` that is open: its name and how many elements of
    /// that name are open inside it.
    body_prop: Option<(String, usize)>,
}

impl Walk {
    fn owe(&mut self, gap: Gap) {
        self.body.owe(gap);
        if self.article_depth > 0 {
            if let Some(a) = self.articles.last_mut() {
                a.owe(gap);
            }
        }
    }

    fn text(&mut self, s: &str) {
        let pre = self.pre_depth > 0;
        self.body.text(s, pre);
        if self.article_depth > 0 {
            if let Some(a) = self.articles.last_mut() {
                a.text(s, pre);
            }
        }
        if self.h1_open {
            if let Some(h) = self.h1.as_mut() {
                h.text(s, false);
            }
        }
    }

    fn open_article(&mut self) {
        if self.article_depth == 0 {
            self.articles.push(Sink::default());
        }
        self.article_depth += 1;
    }
}

/// Collect `<meta>` values under their keys: the first of each kind wins, in the order of preference given.
fn read_meta(tag: &Tag, found: &mut HashMap<&'static str, String>) {
    let key = tag.attr("property").or(tag.attr("name")).or(tag.attr("itemprop")).unwrap_or("").to_ascii_lowercase();
    let Some(content) = tag.attr("content").or(tag.attr("datetime")).map(str::trim).filter(|c| !c.is_empty()) else {
        return;
    };
    let slot = match key.as_str() {
        "og:title" => "og:title",
        "twitter:title" => "twitter:title",
        "article:published_time" => "published:1",
        "datepublished" => "published:2",
        "pubdate" | "publishdate" | "publish-date" | "publish_date" | "article.published" => "published:3",
        "date" | "dc.date" | "dc.date.issued" | "dcterms.created" | "sailthru.date" => "published:4",
        "author" | "dc.creator" | "sailthru.author" => "author:1",
        "article:author" => "author:2",
        "byl" => "author:3",
        "og:site_name" => "outlet",
        _ => return,
    };
    found.entry(slot).or_insert_with(|| collapse(content));
}

/// Whitespace collapsed to single spaces, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Convert an HTML page to text with one paragraph per block element.
pub fn html_to_text(html: &str) -> HtmlDoc {
    let doc = walk(html, true);
    if doc.text.is_empty() {
        // A furniture class on a wrapper that holds the whole page (or an unclosed one): read it without them.
        let plain = walk(html, false);
        if !plain.text.is_empty() {
            return plain;
        }
    }
    doc
}

fn walk(html: &str, skip_classes: bool) -> HtmlDoc {
    let b = html.as_bytes();
    let mut w = Walk::default();
    let mut title: Option<String> = None;
    let mut found: HashMap<&'static str, String> = HashMap::new();
    let mut i = 0usize;
    let mut text_start = 0usize;
    while i < b.len() {
        let Some(k) = b.get(i..).and_then(|r| memchr::memchr(b'<', r)) else {
            break;
        };
        let lt = i + k;
        let Some((tag, after)) = read_tag(html, lt) else {
            i = lt + 1; // a `<` that opens nothing is text
            continue;
        };
        if w.skipping.is_none() && lt > text_start {
            w.text(&decode_entities(html.get(text_start..lt).unwrap_or("")));
        }
        i = after.max(lt + 1);
        text_start = i;
        let Some(tag) = tag else { continue };
        let name = tag.name.as_str();

        // Raw text: never parsed as markup, even inside dropped furniture.
        if !tag.end && (RAW_TEXT.contains(&name) || name == "title") && !tag.self_closing {
            let end = skip_raw_text(html, i, name);
            if name == "title" && title.is_none() && w.skipping.is_none() {
                let inner = html.get(i..end).unwrap_or("");
                let inner = inner.get(..inner.rfind("</").unwrap_or(inner.len())).unwrap_or("");
                let t = collapse(&decode_entities(inner));
                if !t.is_empty() {
                    title = Some(t);
                }
            }
            i = end;
            text_start = end;
            continue;
        }
        if let Some((skip_name, depth)) = w.skipping.as_mut() {
            if *skip_name == name && !VOID.contains(&name) && !tag.self_closing {
                if tag.end {
                    *depth -= 1;
                    if *depth == 0 {
                        w.skipping = None;
                        w.owe(Gap::Paragraph);
                    }
                } else {
                    *depth += 1;
                }
            }
            continue;
        }
        if name == "meta" {
            read_meta(&tag, &mut found);
            continue;
        }
        if !tag.end {
            let outside_story = w.article_depth == 0 && w.main_depth == 0;
            let furniture = FURNITURE.contains(&name)
                || (name == "header" && outside_story)
                || (skip_classes && tag.is_furniture());
            if furniture && !VOID.contains(&name) && !tag.self_closing {
                w.skipping = Some((name.to_string(), 1));
                w.owe(Gap::Paragraph);
                continue;
            }
            // A time element in the story: its datetime is a publication date of last resort.
            if name == "time" && w.article_depth > 0 {
                if let Some(dt) = tag.attr("datetime").map(str::trim).filter(|d| !d.is_empty()) {
                    found.entry("published:5").or_insert_with(|| dt.to_string());
                }
            }
            if tag.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datepublished")) {
                if let Some(dt) = tag.attr("datetime").or(tag.attr("content")).map(str::trim).filter(|d| !d.is_empty())
                {
                    found.entry("published:2").or_insert_with(|| dt.to_string());
                }
            }
        }
        match name {
            "br" => w.owe(Gap::Line),
            "td" | "th" => w.owe(Gap::Space),
            "pre" if !tag.end => w.pre_depth += 1,
            "pre" => w.pre_depth = w.pre_depth.saturating_sub(1),
            "main" if !tag.end => w.main_depth += 1,
            "main" => w.main_depth = w.main_depth.saturating_sub(1),
            _ => {}
        }
        if BLOCK.contains(&name) {
            w.owe(Gap::Paragraph);
        }
        if name == "article" && !tag.self_closing {
            if tag.end {
                w.article_depth = w.article_depth.saturating_sub(1);
            } else {
                w.open_article();
            }
        } else if let Some((prop_name, inner)) = w.body_prop.as_mut() {
            if prop_name == name && !tag.self_closing && !VOID.contains(&name) {
                if !tag.end {
                    *inner += 1;
                } else if *inner > 0 {
                    *inner -= 1;
                } else {
                    w.body_prop = None;
                    w.article_depth = w.article_depth.saturating_sub(1);
                }
            }
        } else if !tag.end
            && !tag.self_closing
            && !VOID.contains(&name)
            && tag.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articlebody"))
        {
            w.body_prop = Some((name.to_string(), 0));
            w.open_article();
        }
        if name == "h1" && !w.h1_done {
            if tag.end {
                w.h1_open = false;
                w.h1_done = w.h1.as_ref().is_some_and(|h| !h.out.is_empty());
            } else {
                w.h1_open = true;
                w.h1.get_or_insert_with(Sink::default);
            }
        }
    }
    if w.skipping.is_none() && text_start < b.len() {
        w.text(&decode_entities(html.get(text_start..).unwrap_or("")));
    }

    // The story: the longest article when there is a real one, else the whole page.
    let h1_text = w.h1.as_ref().map(|h| h.out.clone()).filter(|h| !h.is_empty());
    let article = w
        .articles
        .into_iter()
        .map(|s| s.out)
        .max_by_key(String::len)
        .filter(|a| a.chars().count() >= MIN_ARTICLE_CHARS);
    let mut text = match article {
        Some(a) => {
            let headline = h1_text.clone();
            match headline {
                Some(h) if !head_of(&a, 2000).contains(h.as_str()) => format!("{h}\n\n{a}"),
                _ => a,
            }
        }
        None => w.body.out,
    };
    text = tidy(&text);

    let mut meta = BTreeMap::new();
    let first = |keys: &[&str]| keys.iter().find_map(|k| found.get(k).cloned());
    let outlet = first(&["outlet"]);
    let headline = first(&["og:title", "twitter:title"])
        .or_else(|| h1_text.clone())
        .or_else(|| title.clone())
        .map(|t| without_site_name(&t, outlet.as_deref()))
        .filter(|t| !t.is_empty());
    if let Some(t) = headline {
        meta.insert("title".to_string(), t);
    }
    let published = ["published:1", "published:2", "published:3", "published:4", "published:5"]
        .iter()
        .filter_map(|k| found.get(k))
        .find_map(|d| crate::layout::parse_date(d));
    if let Some(p) = published {
        meta.insert("published".to_string(), p.to_string());
    }
    let author = first(&["author:1", "author:2", "author:3"])
        .map(|a| a.trim_start_matches("By ").trim_start_matches("by ").to_string())
        .filter(|a| !a.contains("://") && !a.is_empty());
    if let Some(a) = author {
        meta.insert("author".to_string(), a);
    }
    if let Some(o) = outlet {
        meta.insert("outlet".to_string(), o);
    }
    HtmlDoc { text, title, meta }
}

/// A page title without the site's name after a separator: `Pact Signed | The Ledger` → `Pact Signed`. The
/// name is cut when it is the declared site name or at most four words after the last separator.
fn without_site_name(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    for sep in [" | ", " - ", " \u{2013} ", " \u{2014} ", " :: ", " \u{b7} "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let is_site = site.is_some_and(|s| s.trim().eq_ignore_ascii_case(tail.trim()));
            if is_site || (site.is_none() && tail.split_whitespace().count() <= 4 && sep == " | ") {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// The first `max` bytes of `s` or fewer, ending at a character boundary.
fn head_of(s: &str, max: usize) -> &str {
    s.get(..crate::text::floor_boundary(s, max)).unwrap_or("")
}

/// Lines trimmed, no more than one blank line in a row, no blank lines at the ends.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour Pact Signed | The Harbour Ledger</title>
<meta property="og:title" content="Harbour Pact Signed &amp; Sealed">
<meta property="og:site_name" content="The Harbour Ledger">
<meta property="article:published_time" content="2023-03-14T09:30:00+07:00">
<meta name="author" content="Marisa Okonkwo">
<script>var x = "<p>not text</p>"; if (a < b) {}</script>
<style>p { color: red }</style>
</head>
<body class="single has-sidebar">
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<h1>Harbour Pact Signed &amp; Sealed</h1>
<article>
<p>SURABAYA &#8211; The port authority and the union signed a safety pact on Tuesday, officials said.
It was the first such pact&nbsp;in the region.</p>
<div class="share-buttons">Share on Facebook</div>
<p>&ldquo;This is a first step,&rdquo; said union chair Dedi Pranata.<br>He spoke at the port.</p>
<ul><li>Training</li><li>Inspections</li></ul>
<!-- <p>commented out</p> -->
<aside>Related: Other Story</aside>
<p>Caf&eacute; owners near the port welcomed the news, saying trade would grow &#x2014; at last.</p>
</article>
<footer>Copyright 2023</footer>
</body></html>"#;

    #[test]
    fn article_page() {
        let d = html_to_text(PAGE);
        assert_eq!(d.title.as_deref(), Some("Harbour Pact Signed | The Harbour Ledger"));
        assert_eq!(d.meta.get("title").map(String::as_str), Some("Harbour Pact Signed & Sealed"));
        assert_eq!(d.meta.get("outlet").map(String::as_str), Some("The Harbour Ledger"));
        assert_eq!(d.meta.get("published").map(String::as_str), Some("2023-03-14"));
        assert_eq!(d.meta.get("author").map(String::as_str), Some("Marisa Okonkwo"));
        assert_eq!(
            d.text,
            "Harbour Pact Signed & Sealed\n\n\
SURABAYA \u{2013} The port authority and the union signed a safety pact on Tuesday, officials said. It was the first such pact in the region.\n\n\
\u{201c}This is a first step,\u{201d} said union chair Dedi Pranata.\nHe spoke at the port.\n\n\
Training\n\nInspections\n\n\
Caf\u{e9} owners near the port welcomed the news, saying trade would grow \u{2014} at last."
        );
    }

    #[test]
    fn title_fallbacks() {
        let d = html_to_text("<title>Pact Signed | The Ledger</title><p>x</p>");
        assert_eq!(d.meta.get("title").map(String::as_str), Some("Pact Signed"));
        assert_eq!(d.title.as_deref(), Some("Pact Signed | The Ledger"));
        let d = html_to_text(
            "<meta property=og:site_name content=\"Kabar Kita\"><meta property=og:title content=\"Harga Naik - Kabar Kita\">",
        );
        assert_eq!(d.meta.get("title").map(String::as_str), Some("Harga Naik"));
        let d = html_to_text("<title>Site</title><h1>Real Headline</h1><meta name=pubdate content=\"19 Maret 2031\">");
        assert_eq!(d.meta.get("title").map(String::as_str), Some("Real Headline"));
        assert_eq!(d.meta.get("published").map(String::as_str), Some("2031-03-19"));
    }

    #[test]
    fn page_without_article_uses_body() {
        let d = html_to_text(
            "<html><body><div id=menu>Home | News</div><p>One <b>bold</b>word.</p><p>Two</p></body></html>",
        );
        assert_eq!(d.text, "One boldword.\n\nTwo");
        assert_eq!(d.title, None);
        assert!(d.meta.is_empty());
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x41;&#66;"),
            "a & b <c> \"d\" 'e' AB"
        );
        assert_eq!(
            decode_entities("&#150; &#8212; &#0; &#99999999999; &bogus; & &amp"),
            "\u{2013} \u{2014} \u{fffd} \u{fffd} &bogus; & &"
        );
        assert_eq!(decode_entities("Jos&eacute; &copy; &nbsp;x"), "Jos\u{e9} \u{a9} \u{a0}x");
    }

    #[test]
    fn broken_markup_does_not_lose_text() {
        assert_eq!(html_to_text("a < b and c > d").text, "a < b and c > d");
        assert_eq!(html_to_text("<p>unterminated <b attr=\"x").text, "unterminated");
        assert_eq!(html_to_text("<p>x</p><script>never closed").text, "x");
        assert_eq!(html_to_text("<div class=\"ad\"><p>all in an ad wrapper</p>").text, "all in an ad wrapper");
        assert_eq!(html_to_text("").text, "");
    }

    #[test]
    fn deep_nesting_is_fine() {
        let n = 200_000;
        let html = format!("{}<p>deep</p>{}", "<div><span>".repeat(n), "</span></div>".repeat(n));
        assert_eq!(html_to_text(&html).text, "deep");
        let nav = format!("{}x{}<p>after</p>", "<nav>".repeat(n), "</nav>".repeat(n));
        assert_eq!(html_to_text(&nav).text, "after");
    }

    #[test]
    fn pre_keeps_lines_and_tables_space_cells() {
        let d = html_to_text("<pre>line one\nline two</pre><table><tr><td>a</td><td>b</td></tr></table>");
        assert_eq!(d.text, "line one\nline two\n\na b");
    }

    #[test]
    fn article_body_itemprop_and_time() {
        let body = "word ".repeat(60);
        let html = format!(
            "<body><div>Menu stuff</div><div itemprop=\"articleBody\"><p>{body}</p><div><time datetime=\"2022-01-05\">5 Jan</time></div><p>{body}end</p></div><div>Footer links</div></body>"
        );
        let d = html_to_text(&html);
        assert!(d.text.starts_with("word word") && d.text.ends_with("end"), "{:?}", d.text);
        assert!(d.text.contains("5 Jan") && !d.text.contains("Menu") && !d.text.contains("Footer"));
        assert_eq!(d.meta.get("published").map(String::as_str), Some("2022-01-05"));
    }
}
