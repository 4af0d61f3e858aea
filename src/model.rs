//! The data model: what one article yields. Offsets are code-point indices into `Article::text`,
//! so that Python's `text[start:end]` gives the mention back.

use std::collections::BTreeMap;
use std::fmt;

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (proleptic Gregorian), always valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A date if the three parts name a real day.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        chrono::NaiveDate::from_ymd_opt(year, month, day).map(|_| Date { year, month, day })
    }

    /// Parse `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.get(..2)?.parse().ok()?;
        Date::new(y, m, d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not an ISO date: {s:?}")))
    }
}

/// The ten mention labels of the annotation guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Label {
    Person,
    Org,
    Country,
    Norp,
    Location,
    Date,
    Money,
    Percent,
    Event,
    Agreement,
}

impl Label {
    /// Every label, in the order of the guidelines.
    pub const ALL: [Label; 10] = [
        Label::Person,
        Label::Org,
        Label::Country,
        Label::Norp,
        Label::Location,
        Label::Date,
        Label::Money,
        Label::Percent,
        Label::Event,
        Label::Agreement,
    ];

    /// The label as written in exports (`PERSON`, `ORG`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Org => "ORG",
            Label::Country => "COUNTRY",
            Label::Norp => "NORP",
            Label::Location => "LOCATION",
            Label::Date => "DATE",
            Label::Money => "MONEY",
            Label::Percent => "PERCENT",
            Label::Event => "EVENT",
            Label::Agreement => "AGREEMENT",
        }
    }

    /// The label named by `s` (as exported).
    pub fn from_name(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One occurrence of a named thing in the article text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mention {
    pub label: Label,
    pub text: CompactString,
    pub start: usize,
    pub end: usize,
    /// The id of the entity this mention refers to, when linked.
    pub entity: Option<CompactString>,
    /// A normalised value: ISO 8601 for dates (`2031-03-19`, `2031-09`, `P5Y`), ISO 4217 for money.
    #[serde(default)]
    pub value: Option<String>,
}

/// A distinct thing the article talks about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entity {
    pub id: CompactString,
    /// `person`, `org`, `country`, `location`, `event`, `agreement`, ...
    pub kind: CompactString,
    pub name: CompactString,
    /// ISO 3166-1 alpha-3 code, for countries.
    pub code: Option<CompactString>,
    pub aliases: Vec<String>,
    pub role: Option<CompactString>,
    pub country: Option<CompactString>,
}

/// An instrument of cooperation the article reports.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Agreement {
    pub kind: String,
    pub name: Option<String>,
    pub parties: Vec<String>,
    pub status: String,
    pub date: Option<String>,
    pub place: Option<String>,
    pub topics: Vec<String>,
    pub signatories: Vec<String>,
    /// The sentence that reports it, as code-point offsets into the article text.
    #[serde(default)]
    pub start: usize,
    #[serde(default)]
    pub end: usize,
    /// CAMEO event code of the act reported (`057` sign formal agreement, `036` express intent to meet or
    /// negotiate, `04x` consult, ...).
    #[serde(default)]
    pub cameo: Option<String>,
    /// PLOVER event type of the act reported (`AGREE`, `SUPPORT`, `CONSULT`).
    #[serde(default)]
    pub plover: Option<String>,
}

/// A quoted statement and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// One parsed article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub source: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    pub dateline: Option<String>,
    pub language: Option<String>,
    /// The article as printed (headline, byline, story), repaired, with boilerplate removed.
    pub text: String,
    /// Paragraphs as `(start, end)` code-point ranges of `text`.
    pub paragraphs: Vec<(usize, usize)>,
    /// What the repair stage changed, by kind and count, and the paragraphs of prose layout dropped below the end of
    /// the story ([`crate::pipeline::PROSE_DROPPED`]).
    pub repairs: BTreeMap<String, u64>,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub agreements: Vec<Agreement>,
    pub quotes: Vec<Quote>,
    pub topics: Vec<String>,
    /// Fields that came with the input (JSON records) and are not part of the schema.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

impl Article {
    /// The article as one JSON object in the export schema.
    pub fn to_json(&self) -> String {
        // Serialising plain owned data with string keys cannot fail.
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
    }
}

/// A per-item failure in a batch: which item, and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ItemError {
    /// Position of the item in the batch input (or in the file list for `read`).
    pub index: usize,
    pub source: Option<String>,
    pub kind: String,
    pub message: String,
}
