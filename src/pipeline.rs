//! The per-article pipeline: decode → repair → layout → language → extraction.

use std::collections::BTreeMap;

use crate::decode::decode_bytes;
use crate::error::CoreError;
use crate::gazetteer::Gazetteer;
use crate::html::html_to_text;
use crate::layout::layout;
use crate::model::{Article, Date};
use crate::offsets::CharIndex;
use crate::{extract, language, repair};
use std::sync::Arc;

/// The largest article accepted by default, in bytes (after decoding). Larger inputs are refused
/// with an input error rather than tying up a worker; raise it with `Extractor::with_max_bytes`.
pub const DEFAULT_MAX_BYTES: usize = 32 * 1024 * 1024;

/// The `repairs` entry that counts the paragraphs of prose layout left out below a line that closes a story (see
/// `crate::layout::Layout::prose_after_end`): not repaired but dropped, and reported so that a text holding several
/// stories, of which only the first is kept, does not lose the others unseen.
pub const PROSE_DROPPED: &str = "prose_dropped_after_end";

/// What kind of markup an input carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Markup {
    /// Plain text or Markdown.
    #[default]
    Text,
    Html,
}

/// Per-article options given with the input.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    pub source: Option<String>,
    /// The article's language when the caller knows it (ISO 639-1); detected otherwise.
    pub language: Option<String>,
    pub markup: Markup,
    /// Fields that came with the input (JSON records); schema fields among them override layout analysis.
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// Article content: text, or bytes whose encoding is to be detected.
#[derive(Debug, Clone)]
pub enum Content {
    Text(String),
    Bytes(Vec<u8>),
}

/// One input item of a batch.
#[derive(Debug, Clone)]
pub struct Document {
    pub content: Content,
    pub options: ParseOptions,
}

/// The configured extraction pipeline. Cheap to share across threads; build once, use for many articles.
#[derive(Clone)]
pub struct Extractor {
    max_bytes: usize,
    /// A gazetteer with the caller's own entries; `None` uses the built-in one.
    gazetteer: Option<Arc<Gazetteer>>,
    /// Leave the learned tagger out (see [`extract::Context::rules_only`]).
    rules_only: bool,
    /// The field of a record (JSON, JSON Lines, CSV, TSV, Parquet, a mapping) that holds its text; `None`: the
    /// first of `text`, `body` and `content` that holds a string.
    text_field: Option<Arc<str>>,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor")
            .field("max_bytes", &self.max_bytes)
            .field("custom_gazetteer", &self.gazetteer.is_some())
            .field("rules_only", &self.rules_only)
            .field("text_field", &self.text_field)
            .finish()
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor { max_bytes: DEFAULT_MAX_BYTES, gazetteer: None, rules_only: false, text_field: None }
    }
}

impl Extractor {
    /// An extractor with the default settings.
    pub fn new() -> Extractor {
        Extractor::default()
    }

    /// Set the largest article (in bytes) this extractor accepts.
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Extractor {
        self.max_bytes = max_bytes;
        self
    }

    /// The largest article (in bytes) this extractor accepts.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Find names with the rules and the name lists only, without the learned tagger (see
    /// [`extract::Context::rules_only`]).
    pub fn with_rules_only(mut self, rules_only: bool) -> Extractor {
        self.rules_only = rules_only;
        self
    }

    /// Whether names come from the rules and the name lists only.
    pub fn rules_only(&self) -> bool {
        self.rules_only
    }

    /// Read a record's text from `field` alone (`None`: the first of `text`, `body` and `content` that holds a
    /// string).
    pub fn with_text_field(mut self, field: Option<&str>) -> Extractor {
        self.text_field = field.map(Arc::from);
        self
    }

    /// The field of a record that holds its text, if one is set.
    pub fn text_field(&self) -> Option<&str> {
        self.text_field.as_deref()
    }

    /// Add names of the caller's own (`name`, label, code) to the built-in gazetteer.
    pub fn with_gazetteer_entries(mut self, entries: Vec<(String, crate::model::Label, Option<String>)>) -> Extractor {
        self.gazetteer = if entries.is_empty() { None } else { Some(Arc::new(Gazetteer::with_extra(entries))) };
        self
    }

    /// Parse one document (text or bytes).
    pub fn parse_document(&self, doc: &Document) -> Result<Article, CoreError> {
        match &doc.content {
            Content::Text(t) => self.parse_str(t, &doc.options),
            Content::Bytes(b) => self.parse_bytes(b, &doc.options),
        }
    }

    /// Parse bytes, detecting their encoding.
    pub fn parse_bytes(&self, bytes: &[u8], opts: &ParseOptions) -> Result<Article, CoreError> {
        Ok(self.extract_all(self.lay_out_bytes(bytes, opts)?))
    }

    /// Parse text.
    pub fn parse_str(&self, text: &str, opts: &ParseOptions) -> Result<Article, CoreError> {
        Ok(self.extract_all(self.lay_out(text, opts)?))
    }

    /// The article of one document laid out, before extraction (the first step of [`Extractor::parse_document`];
    /// see `batch::parse_chunk` for why the steps are apart).
    pub(crate) fn lay_out_document(&self, doc: &Document) -> Result<LaidOut, CoreError> {
        match &doc.content {
            Content::Text(t) => self.lay_out(t, &doc.options),
            Content::Bytes(b) => self.lay_out_bytes(b, &doc.options),
        }
    }

    fn lay_out_bytes(&self, bytes: &[u8], opts: &ParseOptions) -> Result<LaidOut, CoreError> {
        self.check_size(bytes.len())?;
        let decoded = decode_bytes(bytes)?;
        let mut laid = self.lay_out(&decoded.text, opts)?;
        if decoded.encoding != "utf-8" && decoded.encoding != "ascii" {
            *laid.article.repairs.entry(format!("decoded_from_{}", decoded.encoding.to_lowercase())).or_insert(0) += 1;
        }
        Ok(laid)
    }

    /// Markup, repairs, layout and language: the article without what extraction finds.
    fn lay_out(&self, text: &str, opts: &ParseOptions) -> Result<LaidOut, CoreError> {
        self.check_size(text.len())?;
        let (html_meta, plain);
        let text = if opts.markup == Markup::Html {
            let doc = html_to_text(text);
            plain = doc.text;
            html_meta = Some((doc.title, doc.meta));
            plain.as_str()
        } else {
            html_meta = None;
            text
        };
        let (repaired, repairs) = repair::fix_text(text);
        let laid = layout(&repaired);
        let idx = CharIndex::new(&laid.text);
        let paragraphs = laid.paragraphs.iter().map(|&(s, e)| (idx.char_of(s), idx.char_of(e))).collect();
        let language = match &opts.language {
            Some(l) if !l.trim().is_empty() => Some(l.trim().to_lowercase()),
            _ => language::detect(&laid.text),
        };
        let mut article = Article {
            source: opts.source.clone(),
            title: laid.title,
            outlet: laid.outlet,
            author: laid.author,
            published: laid.published,
            dateline: laid.dateline,
            language,
            text: laid.text,
            paragraphs,
            repairs: repairs
                .into_iter()
                .chain([(PROSE_DROPPED.to_string(), laid.prose_after_end as u64)])
                .filter(|(_, n)| *n > 0)
                .collect::<BTreeMap<_, _>>(),
            mentions: Vec::new(),
            entities: Vec::new(),
            agreements: Vec::new(),
            quotes: Vec::new(),
            topics: Vec::new(),
            metadata: opts.metadata.clone(),
        };
        if let Some((title, meta)) = html_meta {
            apply_html_meta(&mut article, title, &meta);
        }
        apply_given_metadata(&mut article);
        Ok(LaidOut { article, idx })
    }

    /// What extraction needs to know of a laid-out article besides its text.
    pub(crate) fn context<'a>(&self, article: &'a Article) -> extract::Context<'a> {
        extract::Context {
            language: article.language.as_deref(),
            published: article.published,
            outlet: article.outlet.as_deref(),
            author: article.author.as_deref(),
            dateline: article.dateline.as_deref(),
            title: article.title.as_deref(),
            rules_only: self.rules_only,
        }
    }

    /// The gazetteer extraction reads.
    pub(crate) fn gazetteer(&self) -> &Gazetteer {
        match &self.gazetteer {
            Some(g) => g,
            None => Gazetteer::default(),
        }
    }

    /// A laid-out article with everything extraction finds in it.
    fn extract_all(&self, laid: LaidOut) -> Article {
        let found =
            extract::extract_indexed(&laid.article.text, &laid.idx, self.context(&laid.article), self.gazetteer());
        laid.with(found)
    }

    fn check_size(&self, len: usize) -> Result<(), CoreError> {
        if len > self.max_bytes {
            return Err(CoreError::Input(format!(
                "article of {len} bytes is over the limit of {} bytes (raise it with max_bytes)",
                self.max_bytes
            )));
        }
        Ok(())
    }
}

/// An article laid out (its text, metadata and layout) before extraction, with the code-point index of its text.
pub(crate) struct LaidOut {
    pub(crate) article: Article,
    pub(crate) idx: CharIndex,
}

impl LaidOut {
    /// The article with what extraction found in its text, each of its buffers no larger than it needs (see
    /// [`fitted`]).
    pub(crate) fn with(mut self, found: extract::Extraction) -> Article {
        let a = &mut self.article;
        a.text = fitted_text(std::mem::take(&mut a.text));
        a.mentions = fitted(found.mentions);
        a.entities = fitted(found.entities);
        a.agreements = fitted(found.agreements);
        a.quotes = fitted(found.quotes);
        a.topics = fitted(found.topics);
        self.article
    }
}

/// `v` in a buffer of its own length when more than an eighth of its buffer is spare. A vector grown by doubling
/// leaves up to half of its buffer unused, which a corpus held in memory keeps as long as it keeps the article
/// (over the core benchmark's articles, room for 3.2 agreements and 1.7 quotes for each one found). The text and
/// the mentions, the largest, are built to their size where they are made, so that they are not copied here.
/// `shrink_to_fit` would not give the room back, as mimalloc keeps a block that shrinks by less than half where it
/// is.
fn fitted<T>(v: Vec<T>) -> Vec<T> {
    if !too_roomy(v.len(), v.capacity()) {
        return v;
    }
    let mut exact = Vec::with_capacity(v.len());
    exact.extend(v);
    exact
}

/// [`fitted`] for a string.
fn fitted_text(s: String) -> String {
    if !too_roomy(s.len(), s.capacity()) {
        return s;
    }
    s.as_str().to_owned()
}

/// Whether more than an eighth of a buffer of `capacity` holding `len` items is spare.
fn too_roomy(len: usize, capacity: usize) -> bool {
    capacity - len > len / 8
}

/// Build the models and tables that are otherwise built on first use, several at once (they do not depend on
/// each other), so that the first articles of a run do not wait for them one after another.
pub fn warm_up() {
    std::thread::scope(|s| {
        s.spawn(|| crate::ner::default_for("id").is_loaded());
        s.spawn(|| {
            let _ = Gazetteer::default();
            let _ = crate::gazetteer::country_code("Indonesia");
            crate::gazetteer::is_place("Jakarta")
        });
        let _ = crate::ner::default_for("en").is_loaded();
        // Everything else (regexes, lexicons, the built-in gazetteer) by a parse in each language; without the
        // tagger, whose model is loaded above and whose per-thread caches (megabytes, first touched here and
        // dropped with this thread) the workers build for themselves.
        let ex = Extractor::new().with_rules_only(true);
        for text in
            ["Officials from Jakarta met the minister on Monday.", "Menteri itu bertemu dengan pejabat di Jakarta."]
        {
            let _ = ex.parse_str(text, &ParseOptions::default());
        }
    });
}

/// What an HTML head declares is more reliable than layout guesses.
fn apply_html_meta(article: &mut Article, title: Option<String>, meta: &BTreeMap<String, String>) {
    if let Some(t) = meta.get("title").cloned().or(title) {
        if !t.trim().is_empty() {
            article.title = Some(t.trim().to_string());
        }
    }
    if let Some(a) = meta.get("author") {
        article.author = Some(a.clone());
    }
    if let Some(o) = meta.get("outlet") {
        article.outlet = Some(o.clone());
    }
    if let Some(d) = meta.get("published").and_then(|d| Date::parse_iso(d)) {
        article.published = Some(d);
    }
}

/// Schema fields given with a JSON record win over what layout analysis found.
fn apply_given_metadata(article: &mut Article) {
    let get = |k: &str| article.metadata.get(k).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty());
    let title = get("title").map(str::to_string);
    let author = get("author").map(str::to_string);
    let outlet = get("outlet").map(str::to_string);
    let published = get("published").or_else(|| get("date")).and_then(Date::parse_iso);
    let language = get("language").map(str::to_lowercase);
    if title.is_some() {
        article.title = title;
    }
    if author.is_some() {
        article.author = author;
    }
    if outlet.is_some() {
        article.outlet = outlet;
    }
    if published.is_some() {
        article.published = published;
    }
    if language.is_some() {
        article.language = language;
    }
}
