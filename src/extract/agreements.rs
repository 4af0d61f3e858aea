//! Agreements: the instruments of cooperation an article reports.
//!
//! An instrument is found by its mention (an AGREEMENT mention: `Memorandum of Understanding`, `MoU`, a named
//! declaration or partnership) or by a generic word (`agreement`, `deal`, `perjanjian`) with a status cue and two
//! parties in its sentence (`data/lexicon/agreement_nouns.tsv`). Mentions of one instrument are one record: the same
//! named instrument, every unnamed MoU of the article, and generic words that refer back (`the agreement`). Items of a
//! list introduced as agreements ("agreements include: - ...") are one record each; a list introduced otherwise
//! describes the instrument before it. Status comes from the cue nearest the instrument in the first sentence that
//! has one (`data/lexicon/agreement_verbs.tsv`); parties from the countries and blocs in its name, else in that
//! sentence (organisations stand for their countries). A common word in the headline alone ("sign pact") is the
//! instrument the story reports first; "adopted a joint statement" and a joint statement named later are one.

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use compact_str::CompactString;
use regex::Regex;

use super::lexicon::{alternation, rows, WordSearch};
use super::topics::{story_ranges, topics_in};
use super::Analysed;
use crate::model::{Agreement, Label};
use crate::text::Token;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Part of the name of an instrument; outside a mention only MoU forms count.
    Name,
    /// A common noun that may report an instrument.
    Generic,
    /// A plural: never one instrument.
    Plural,
    /// Generic only as the object of a signing verb ("signed a cooperation", "menandatangani kerja sama").
    Object,
}

struct Noun {
    word: String,
    /// `word` has capitals, and is matched as written.
    cased: bool,
    /// `word` lowercased.
    lower: String,
    kind: String,
    use_: Use,
}

static NOUNS: LazyLock<Vec<Noun>> = LazyLock::new(|| {
    rows(include_str!("../../data/lexicon/agreement_nouns.tsv"))
        .into_iter()
        .filter_map(|r| {
            let use_ = match r.get(2)?.as_str() {
                "name" => Use::Name,
                "generic" => Use::Generic,
                "plural" => Use::Plural,
                "object" => Use::Object,
                _ => return None,
            };
            let word = r.first()?.clone();
            let (cased, lower) = (word.chars().any(char::is_uppercase), word.to_lowercase());
            Some(Noun { word, cased, lower, kind: r.get(1)?.clone(), use_ })
        })
        .collect()
});

/// Instrument words that may stand outside a mention: generic nouns, plurals, MoU forms, and joint statements and
/// declarations in two words (as the object of a signing or adopting verb only).
static NOUN_CI: LazyLock<Option<WordSearch>> = LazyLock::new(|| {
    WordSearch::new(
        NOUNS
            .iter()
            .filter(|n| !n.cased && (n.use_ != Use::Name || n.kind == "mou" || joint_name(n)))
            .map(|n| n.word.as_str()),
        true,
    )
});
static NOUN_EXACT: LazyLock<Option<WordSearch>> =
    LazyLock::new(|| WordSearch::new(NOUNS.iter().filter(|n| n.cased).map(|n| n.word.as_str()), false));

/// A name of a joint instrument in two words or more ("joint statement", "pernyataan bersama"), not "statement".
fn joint_name(n: &Noun) -> bool {
    n.use_ == Use::Name && n.kind != "mou" && n.word.contains(' ')
}

fn noun(word: &str) -> Option<&'static Noun> {
    NOUNS.iter().find(|n| if n.cased { n.word == word } else { n.word.eq_ignore_ascii_case(word) })
}

struct Cue {
    word: String,
    status: String,
}

static CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    rows(include_str!("../../data/lexicon/agreement_verbs.tsv"))
        .into_iter()
        .filter_map(|r| Some(Cue { word: r.first()?.to_lowercase(), status: r.get(1)?.clone() }))
        .collect()
});

static CUE_RE: LazyLock<Option<WordSearch>> =
    LazyLock::new(|| WordSearch::new(CUES.iter().filter(|c| c.status != "modal").map(|c| c.word.as_str()), true));
/// A modal right before a cue: "will sign", "akan menandatangani", "to be signed".
static MODAL_BEFORE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let alt = alternation(CUES.iter().filter(|c| c.status == "modal").map(|c| c.word.as_str()));
    Regex::new(&format!(r"(?i)\b(?:{alt})\s+(?:be\s+|have\s+|been\s+|officially\s+|resmi\s+)?$")).ok()
});

/// Verbs that propose what follows "that", "agar" or "supaya".
const PROPOSING: [&str; 16] = [
    "propose",
    "proposed",
    "proposes",
    "proposing",
    "suggest",
    "suggested",
    "suggests",
    "recommend",
    "recommended",
    "recommends",
    "urged",
    "urges",
    "mengusulkan",
    "diusulkan",
    "mengajak",
    "mendorong",
];

/// Whether `before` (the text before a cue, ending in white space) proposes the cue's act: "proposed that the two
/// ministries (sign)", "mengusulkan agar kedua pihak (menandatangani)". Up to five words between.
fn proposed_before(before: &str) -> bool {
    if !before.ends_with(char::is_whitespace) {
        return false;
    }
    let is = |w: &str, set: &[&str]| set.iter().any(|s| s.eq_ignore_ascii_case(w));
    let mut words = before.split_whitespace().rev();
    for _ in 0..6 {
        let Some(w) = words.next() else { return false };
        if is(w, &["that", "agar", "supaya"]) {
            return words.next().is_some_and(|v| is(v, &PROPOSING));
        }
        if !w.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return false;
        }
    }
    false
}

/// "the agreement", "this deal", "perjanjian tersebut": a word that refers back.
static DEFINITE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:the|this|that|such|said|its|their)\s+(?:[\w-]+\s+){0,2}$").expect("valid regex")
});
static DEFINITE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s+(?:[\w-]+\s+){0,2}(?:tersebut|ini|itu)\b").expect("valid regex"));

/// "is an agreement", "merupakan perjanjian": an instrument described, not reported.
static COPULA_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:is|was|are|were|be|been|as|adalah|merupakan|sebagai|menjadi)\s+(?:an?\s+|sebuah\s+|suatu\s+)?(?:[\w-]+\s+){0,2}$")
        .expect("valid regex")
});

/// "not an MoU", "bukan MoU": an instrument denied.
static NEGATED_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:not|no|bukan|tanpa|without)\s+(?:an?\s+)?$").expect("valid regex"));

/// The status of a cue right before a word: "signed a " and "menandatangani " give signed, "adopted a " agreed.
fn cue_just_before(before: &str) -> Option<&'static str> {
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    let mut it = words.iter();
    let mut w = it.next().copied().unwrap_or("");
    if matches!(w.to_lowercase().as_str(), "a" | "an" | "sebuah" | "naskah") {
        w = it.next().copied().unwrap_or("");
    }
    cue_status(w.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// A line that is an item of a list: "- ...", "• ...", "1. ...".
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-\u{2022}\u{2013}*\u{25AA}\u{25CF}]|\d{1,2}[.)])\s+\S").expect("valid regex")
});

/// The status a cue word gives (a word that is also a modal, such as "dijadwalkan", gives its cue's).
fn cue_status(word: &str) -> Option<&'static str> {
    let mut cues = CUES.iter().filter(|c| c.status != "modal");
    // An ASCII word lowercases byte by byte: no string needs building to compare it.
    if word.is_ascii() {
        return cues
            .find(|c| {
                c.word.len() == word.len() && c.word.bytes().zip(word.bytes()).all(|(a, b)| a == b.to_ascii_lowercase())
            })
            .map(|c| c.status.as_str());
    }
    let w = word.to_lowercase();
    cues.find(|c| c.word == w).map(|c| c.status.as_str())
}

/// A sentence or a list item of the story, as a byte range.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    item: bool,
}

/// The sentences and list items of the story (`story`: the story ranges of `text`; `toks`: the tokens of `text`).
fn units(text: &str, story: &[(usize, usize)], toks: &[Token]) -> Vec<Unit> {
    let mut out = Vec::new();
    // Sentences of the block `from..to`, as if split on their own. A block starts at a line start and ends after a
    // line break or at the end of the text, and no token spans white space, so the text's tokens that start in the
    // block are the block's own tokens.
    let flush = |from: usize, to: usize, out: &mut Vec<Unit>| {
        if from < to {
            let first = toks.partition_point(|t| t.start < from);
            let last = toks.partition_point(|t| t.start < to);
            for (start, end) in crate::text::sentences_from(text, &toks[first..last], from) {
                out.push(Unit { start, end, item: false });
            }
        }
    };
    for &(ls, le) in story {
        let mut block = ls;
        let mut at = ls;
        for line in text[ls..le].split_inclusive('\n') {
            let start = at;
            at += line.len();
            if LIST_ITEM.is_match(line) {
                flush(block, start, &mut out);
                let trimmed = line.trim_end();
                out.push(Unit {
                    start: start + (line.len() - line.trim_start().len()),
                    end: start + trimmed.len(),
                    item: true,
                });
                block = at;
            }
        }
        flush(block, le, &mut out);
    }
    out.sort_by_key(|u| u.start);
    out
}

#[derive(Debug, Clone)]
struct Anchor {
    start: usize,
    end: usize,
    kind: String,
    /// The instrument's own name, when it has one.
    name: Option<String>,
    /// Mentions of one instrument share a key: the entity of a named one, the kind of an unnamed MoU.
    key: Option<String>,
    use_: Use,
    unit: usize,
}

fn kind_of_name(name: &str) -> String {
    // The name's words, lowercased and joined by single spaces (empty words included, as a split leaves them).
    let lower = name.to_lowercase();
    let joined = lower.split(|c: char| !c.is_alphanumeric()).collect::<Vec<_>>().join(" ");
    for n in NOUNS.iter() {
        let hit = if n.cased {
            name.split(|c: char| !c.is_alphanumeric()).any(|w| w == n.word)
        } else {
            joined.contains(&n.lower)
        };
        if hit {
            return n.kind.clone();
        }
    }
    "other".to_string()
}

/// The units of the headline: those inside the first place the text gives the article's title, near its start.
fn title_units(article: &Analysed<'_>, units: &[Unit]) -> Vec<usize> {
    let Some(title) = article.title.map(str::trim).filter(|t| !t.is_empty()) else { return Vec::new() };
    let head = &article.text[..crate::text::floor_boundary(article.text, title.len() + 1024)];
    let Some(at) = head.find(title) else { return Vec::new() };
    let end = at + title.len();
    units
        .iter()
        .enumerate()
        .take_while(|(_, u)| u.start < end)
        .filter(|(_, u)| u.start >= at && u.end <= end)
        .map(|(i, _)| i)
        .collect()
}

fn unit_of(units: &[Unit], at: usize) -> Option<usize> {
    units.iter().position(|u| u.start <= at && at < u.end)
}

/// Instrument words outside mentions, as (start, end, noun), in the order the searches find them. They and the
/// AGREEMENT mentions are all an instrument can be found by: an article without either reports none.
fn noun_hits(article: &Analysed<'_>) -> Vec<(usize, usize, &'static Noun)> {
    let text = article.text;
    let inside_mention = |s: usize, e: usize| article.mentions.iter().any(|m| m.start < e && s < m.end);
    let mut out = Vec::new();
    for re in [NOUN_CI.as_ref(), NOUN_EXACT.as_ref()].into_iter().flatten() {
        for (ms, me) in re.find_iter(text) {
            if inside_mention(ms, me) {
                continue;
            }
            if let Some(n) = noun(&text[ms..me]) {
                out.push((ms, me, n));
            }
        }
    }
    out
}

fn anchors(article: &Analysed<'_>, units: &[Unit], nouns: &[(usize, usize, &'static Noun)]) -> Vec<Anchor> {
    let text = article.text;
    let mut out = Vec::new();
    for m in article.mentions.iter().filter(|m| m.label == Label::Agreement) {
        let Some(unit) = unit_of(units, m.start) else { continue };
        if NEGATED_BEFORE.is_match(&text[units[unit].start..m.start]) {
            continue;
        }
        let surface = &text[m.start..m.end];
        let kind = kind_of_name(surface);
        let entity = || Some(m.entity.as_deref().unwrap_or(surface).to_string());
        let (name, key, use_) = match noun(surface.trim()) {
            Some(n) if n.use_ != Use::Generic => (None, Some(format!("kind:{}", n.kind)), n.use_),
            // A common noun read as a name ("letter of intent"): an instrument, but no name.
            Some(_) => (None, entity(), Use::Name),
            None => (Some(surface.to_string()), entity(), Use::Name),
        };
        out.push(Anchor { start: m.start, end: m.end, kind, name, key, use_, unit });
    }
    for &(ms, me, n) in nouns {
        let Some(unit) = unit_of(units, ms) else { continue };
        let before = &text[units[unit].start..ms];
        if NEGATED_BEFORE.is_match(before) {
            continue;
        }
        let use_ = match n.use_ {
            Use::Object if cue_just_before(before) == Some("signed") => Use::Generic,
            Use::Object => continue,
            // Outside a mention, "adopted a joint statement": as a generic word; "said in a joint statement": none.
            Use::Name if joint_name(n) => match cue_just_before(before) {
                Some("signed" | "agreed") => Use::Generic,
                _ => continue,
            },
            u => u,
        };
        let key = (use_ == Use::Name).then(|| format!("kind:{}", n.kind));
        out.push(Anchor { start: ms, end: me, kind: n.kind.clone(), name: None, key, use_, unit });
    }
    out.sort_by_key(|a| a.start);
    out
}

/// One instrument being assembled.
#[derive(Debug, Clone)]
struct Cluster {
    kind: String,
    name: Option<String>,
    key: Option<String>,
    /// Found by a mention or as a list item (not only by a generic word).
    strong: bool,
    /// Units that report it, in order, with the anchors in them.
    units: Vec<usize>,
    anchors: Vec<(usize, usize)>,
    /// List items that describe it (for topics).
    described_by: Vec<usize>,
    /// The unit that introduces the list it is an item of.
    intro: Option<usize>,
}

impl Cluster {
    fn new(kind: String, name: Option<String>, key: Option<String>, strong: bool) -> Cluster {
        Cluster {
            kind,
            name,
            key,
            strong,
            units: Vec::new(),
            anchors: Vec::new(),
            described_by: Vec::new(),
            intro: None,
        }
    }

    fn add(&mut self, unit: usize, span: (usize, usize)) {
        if !self.units.contains(&unit) {
            self.units.push(unit);
        }
        self.anchors.push(span);
    }
}

/// The status cues of each unit (byte ranges in the unit), searched for once: the instruments and the words that
/// refer back to them ask for the cues of the same units again and again.
struct UnitCues<'a> {
    text: &'a str,
    units: &'a [Unit],
    found: Vec<OnceCell<Vec<(usize, usize)>>>,
}

impl<'a> UnitCues<'a> {
    fn new(text: &'a str, units: &'a [Unit]) -> UnitCues<'a> {
        UnitCues { text, units, found: units.iter().map(|_| OnceCell::new()).collect() }
    }

    /// The cues of unit `ui` (none for a unit that does not exist).
    fn of(&self, ui: usize) -> &[(usize, usize)] {
        let (Some(unit), Some(found)) = (self.units.get(ui), self.found.get(ui)) else { return &[] };
        found.get_or_init(|| {
            CUE_RE.as_ref().map(|re| re.find_iter(&self.text[unit.start..unit.end])).unwrap_or_default()
        })
    }
}

/// The status cue nearest to the instrument's words in unit `ui`: (status, cue start).
fn status_in(cues: &UnitCues<'_>, ui: usize, spans: &[(usize, usize)]) -> Option<(String, usize)> {
    let unit = *cues.units.get(ui)?;
    let slice = &cues.text[unit.start..unit.end];
    let near = |s: usize, e: usize| -> usize {
        spans
            .iter()
            .filter(|(a, b)| *a >= unit.start && *b <= unit.end)
            .map(|&(a, b)| if e <= a { a - e } else { s.saturating_sub(b) })
            .min()
            .unwrap_or(usize::MAX)
    };
    let (bs, be) = cues.of(ui).iter().copied().min_by_key(|&(s, e)| near(unit.start + s, unit.start + e))?;
    let mut status = cue_status(&slice[bs..be])?.to_string();
    let proposed = || proposed_before(&slice[..bs]);
    if matches!(status.as_str(), "signed" | "agreed")
        && (MODAL_BEFORE.as_ref().is_some_and(|r| r.is_match(&slice[..bs])) || proposed())
    {
        status = "planned".into();
    }
    Some((status, unit.start + bs))
}

/// Whether the bloc named at `start..end` is named as what its members are, in `text[from..to]`: "ASEAN members",
/// "ASEAN member states", "negara anggota ASEAN", "sesama anggota ASEAN".
fn names_members(text: &str, start: usize, end: usize, from: usize, to: usize) -> bool {
    fn word(w: Option<&str>) -> Option<&str> {
        w.map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
    }
    let after = &text[end..to];
    let mut next = after.split_whitespace();
    let first = word(next.next()).filter(|_| after.starts_with(char::is_whitespace));
    let first = if first == Some("fellow") { word(next.next()) } else { first };
    let members_after =
        first.is_some_and(|w| matches!(w, "member" | "members" | "countries" | "nations" | "neighbours" | "neighbors"));
    let before = &text[from..start];
    let last = before.split_whitespace().next_back().filter(|_| before.ends_with(char::is_whitespace));
    let members_before = last.is_some_and(|w| {
        ["anggota", "negara-negara", "negara", "sesama", "fellow"].iter().any(|s| s.eq_ignore_ascii_case(w))
    });
    members_after || members_before
}

/// Parties named in `text[from..to]`: countries, demonyms and blocs, and the countries of organisations. A bloc
/// named as what its members are ("the two ASEAN members") is no party beside two countries: they are the sides.
fn parties_in(article: &Analysed<'_>, from: usize, to: usize, with_people: bool) -> BTreeSet<CompactString> {
    let text = article.text;
    let mut out = BTreeSet::new();
    let (mut blocs, mut as_members) = (Vec::new(), Vec::new());
    for m in article.mentions.iter().filter(|m| m.start >= from && m.end <= to) {
        let entity = m.entity.as_deref().and_then(|id| article.entity(id));
        match m.label {
            Label::Country | Label::Norp => {
                if let Some(c) = m.code.clone().or_else(|| entity.and_then(|e| e.code.clone())) {
                    out.insert(c);
                }
            }
            Label::Org => {
                // A bloc stands for itself (its code, "ASEAN"); a national body of the lists for its country
                // ("Kominfo": IDN), as does any other organisation whose country is known.
                let bloc = m.code.as_deref().is_some_and(|c| crate::gazetteer::body_country(c).is_none());
                if bloc {
                    let members = names_members(text, m.start, m.end, from, to);
                    (if members { &mut as_members } else { &mut blocs }).extend(m.code.clone());
                    continue;
                }
                let code = m.code.clone().map(|c| crate::gazetteer::body_country(&c).unwrap_or(c));
                if let Some(c) = code.or_else(|| entity.and_then(|e| e.country.clone())) {
                    out.insert(c);
                }
            }
            Label::Person if with_people => {
                if let Some(c) = entity.and_then(|e| e.country.clone()) {
                    out.insert(c);
                }
            }
            _ => {}
        }
    }
    // `out` holds countries only, so far.
    if out.len() < 2 {
        out.extend(as_members);
    }
    out.extend(blocs);
    out
}

/// Parties a generic word needs to be an instrument between states: countries and blocs standing for themselves,
/// not as the home of a company ("Britain's Cable and Wireless").
fn state_parties_in(article: &Analysed<'_>, from: usize, to: usize) -> BTreeSet<CompactString> {
    let text = article.text;
    let ms: Vec<&super::MentionRef> = article.mentions.iter().filter(|m| m.start >= from && m.end <= to).collect();
    let (mut out, mut blocs, mut as_members) = (BTreeSet::new(), Vec::new(), Vec::new());
    for (i, m) in ms.iter().enumerate() {
        // A code of the lists that names no country is a bloc's; a national body's names its country.
        let bloc =
            m.label == Label::Org && m.code.as_deref().is_some_and(|c| crate::gazetteer::body_country(c).is_none());
        if !(matches!(m.label, Label::Country | Label::Norp) || bloc) {
            continue;
        }
        let owner = ms
            .get(i + 1)
            .is_some_and(|n| n.label == Label::Org && matches!(text[m.end..n.start].trim(), "'s" | "\u{2019}s" | ""));
        // "Britain's Cable and Wireless", "Telekom Malaysia Bhd": the country names an owner or is inside a name
        // the tagger did not read.
        let after = &text[m.end..to];
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let possessive = ["'s ", "\u{2019}s "].iter().any(|p| after.starts_with(p) && capitalised(&after[p.len()..]));
        let word_before = text[from..m.start].strip_suffix(' ').and_then(|b| b.split(' ').next_back()).unwrap_or("");
        let inside_name = capitalised(word_before)
            && word_before.chars().all(char::is_alphabetic)
            && after.strip_prefix(' ').is_some_and(capitalised);
        if !owner && !possessive && !inside_name {
            if let Some(c) = m.code.clone() {
                if !bloc {
                    out.insert(c);
                } else if names_members(text, m.start, m.end, from, to) {
                    as_members.push(c);
                } else {
                    blocs.push(c);
                }
            }
        }
    }
    // As in `parties_in`: a bloc named as its members is no side beside two countries.
    if out.len() < 2 {
        out.extend(as_members);
    }
    out.extend(blocs);
    out
}

/// Countries and blocs named inside an instrument's own name ("Indonesia–Russia ... Declaration").
fn parties_in_name(name: &str, language: Option<&str>) -> BTreeSet<CompactString> {
    crate::gazetteer::scan(name, language)
        .into_iter()
        .filter(|g| matches!(g.label, Label::Country | Label::Norp | Label::Org))
        .filter_map(|g| g.code)
        .collect()
}

/// Words before a place that say it is where something happened.
static PLACE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:in|di|at|to|ke)\s+(?:the\s+)?$").expect("valid regex"));

fn place_in(article: &Analysed<'_>, from: usize, to: usize) -> Option<String> {
    let text = article.text;
    article
        .mentions
        .iter()
        .filter(|m| m.start >= from && m.end <= to && matches!(m.label, Label::Location | Label::Country))
        .find(|m| PLACE_BEFORE.is_match(&text[from..m.start]))
        .map(|m| text[m.start..m.end].to_string())
}

/// "signed here", "di sini": the dateline's place, as its entity names it ("Kuala Lumpur" for "KUALA LUMPUR" when
/// the story writes it so too).
fn here(article: &Analysed<'_>, from: usize, to: usize) -> Option<String> {
    let dateline = article.dateline.filter(|d| !d.is_empty())?;
    let sentence = &article.text[from..to];
    let says_here = sentence.split(|c: char| !c.is_alphanumeric()).any(|w| w == "here")
        || sentence.to_lowercase().contains("di sini");
    if !says_here {
        return None;
    }
    let entity = article.entities.iter().find(|e| {
        e.kind == "location"
            && (e.name.eq_ignore_ascii_case(dateline) || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(dateline)))
    });
    Some(entity.map_or_else(|| dateline.to_string(), |e| e.name.to_string()))
}

fn codes(status: &str) -> (&'static str, &'static str) {
    // CAMEO: 057 sign formal agreement, 030 express intent to cooperate, 051 praise or endorse.
    match status {
        "signed" | "agreed" => ("057", "AGREE"),
        "planned" => ("030", "AGREE"),
        "welcomed" => ("051", "SUPPORT"),
        _ => ("050", "CONSULT"),
    }
}

/// Every instrument the article reports, with `start`/`end` as byte offsets of its evidence sentence
/// (the caller converts them to code points).
pub fn find_agreements(article: &Analysed<'_>) -> Vec<Agreement> {
    find_agreements_in(article, &story_ranges(article.text), &crate::text::tokens(article.text))
}

/// [`find_agreements`] with the story ranges and the tokens of the text, which the caller has already.
pub(crate) fn find_agreements_in(article: &Analysed<'_>, story: &[(usize, usize)], toks: &[Token]) -> Vec<Agreement> {
    let text = article.text;
    let nouns = noun_hits(article);
    if nouns.is_empty() && !article.mentions.iter().any(|m| m.label == Label::Agreement) {
        return Vec::new();
    }
    let units = units(text, story, toks);
    let anchors = anchors(article, &units, &nouns);
    let cues = UnitCues::new(text, &units);
    let mut clusters: Vec<Cluster> = Vec::new();

    // List items: records of their own when the list is introduced as instruments, descriptions otherwise.
    let intro_of = |i: usize| (0..i).rev().find(|&j| !units[j].item);
    let mut item_cluster: Vec<Option<usize>> = vec![None; units.len()];
    let mut described: Vec<(usize, usize)> = Vec::new();
    for (i, u) in units.iter().enumerate().filter(|(_, u)| u.item) {
        let Some(intro) = intro_of(i) else { continue };
        let intro_names = anchors.iter().any(|a| a.unit == intro && matches!(a.use_, Use::Plural | Use::Generic));
        if intro_names {
            let own = anchors.iter().find(|a| a.unit == i && a.use_ != Use::Plural);
            let kind = own.map_or("other".to_string(), |a| a.kind.clone());
            let mut c = Cluster::new(kind, own.and_then(|a| a.name.clone()), None, true);
            c.add(i, own.map_or((u.start, u.start), |a| (a.start, a.end)));
            c.intro = Some(intro);
            item_cluster[i] = Some(clusters.len());
            clusters.push(c);
        } else {
            described.push((i, intro));
        }
    }
    // Mentions of instruments, then the generic words that refer back to them.
    for a in anchors.iter().filter(|a| a.key.is_some() && a.use_ != Use::Plural && item_cluster[a.unit].is_none()) {
        match clusters.iter_mut().find(|c| c.key.is_some() && c.key == a.key) {
            Some(c) => c.add(a.unit, (a.start, a.end)),
            None => {
                let mut c = Cluster::new(a.kind.clone(), a.name.clone(), a.key.clone(), true);
                c.add(a.unit, (a.start, a.end));
                clusters.push(c);
            }
        }
    }
    let strong_any = clusters.iter().any(|c| c.key.is_some());
    // A generic word reports a new instrument with a status cue and two parties in its sentence, when it is not
    // definite ("a data sharing agreement", not "the agreement") nor described ("it is an agreement that ...").
    let reports_new = |a: &Anchor| {
        let Some(u) = units.get(a.unit) else { return false };
        status_in(&cues, a.unit, &[(a.start, a.end)]).is_some()
            && !DEFINITE_BEFORE.is_match(&text[u.start..a.start])
            && !COPULA_BEFORE.is_match(&text[u.start..a.start])
            && !DEFINITE_AFTER.is_match(&text[a.end..u.end])
            && state_parties_in(article, u.start, u.end).len() >= 2
    };
    for a in anchors.iter().filter(|a| a.use_ == Use::Generic && a.key.is_none() && item_cluster[a.unit].is_none()) {
        // A joint statement, declaration or other instrument of a kind of its own that is reported by a common word
        // ("adopted a joint statement") and named where no cue reports it ("The ASEAN-Japan Joint Statement on ...
        // calls for ...") is one instrument.
        let named_only = |c: &Cluster| {
            c.name.is_some()
                && c.kind == a.kind
                && a.kind != "other"
                && !c.units.iter().any(|&u| status_in(&cues, u, &c.anchors).is_some())
        };
        if let Some(t) = clusters.iter().position(named_only).filter(|_| reports_new(a)) {
            clusters[t].add(a.unit, (a.start, a.end));
            continue;
        }
        // After a named instrument, a generic word refers back to one, unless it reports a new one in a sentence
        // that reports no other.
        if strong_any && (clusters.iter().any(|c| c.units.contains(&a.unit)) || !reports_new(a)) {
            // The instrument last reported before it (or the first one) is what it refers to.
            // An instrument only named in passing (no status cue where it is named) is not what "the pact" means.
            let reported = |c: &Cluster| c.units.iter().any(|&u| status_in(&cues, u, &c.anchors).is_some());
            let preceding = |c: &Cluster| c.key.is_some() && c.anchors.first().is_some_and(|s| s.0 <= a.start);
            let latest = |c: &Cluster| c.anchors.iter().filter(|s| s.0 <= a.start).map(|s| s.0).max();
            let target = clusters
                .iter()
                .enumerate()
                .filter(|(_, c)| preceding(c) && reported(c))
                .max_by_key(|(_, c)| latest(c))
                .or_else(|| clusters.iter().enumerate().filter(|(_, c)| preceding(c)).max_by_key(|(_, c)| latest(c)))
                .map(|(i, _)| i)
                .or_else(|| clusters.iter().position(|c| c.key.is_some()));
            if let Some(t) = target {
                clusters[t].add(a.unit, (a.start, a.end));
            }
            continue;
        }
        let key = format!("generic:{}", a.kind);
        match clusters.iter_mut().find(|c| c.key.as_deref() == Some(key.as_str())) {
            Some(c) => c.add(a.unit, (a.start, a.end)),
            None => {
                if reports_new(a) {
                    let mut c = Cluster::new(a.kind.clone(), None, Some(key), false);
                    c.add(a.unit, (a.start, a.end));
                    clusters.push(c);
                }
            }
        }
    }
    // Lists that describe an instrument: the one reported last before the list.
    for (i, intro) in described {
        let before = units[intro].end;
        if let Some(c) = clusters
            .iter_mut()
            .filter(|c| c.intro.is_none() && c.anchors.first().is_some_and(|s| s.0 <= before))
            .max_by_key(|c| c.anchors.iter().filter(|s| s.0 <= before).map(|s| s.0).max())
        {
            c.described_by.push(i);
        }
    }
    clusters.sort_by_key(|c| c.anchors.first().map_or(usize::MAX, |s| s.0));
    // The headline reports what the story reports: an instrument found by a common word in the headline alone
    // ("sign pact") is the first one the story reports, when it reports one.
    let title = title_units(article, &units);
    let headline_only = |c: &Cluster| !c.strong && c.intro.is_none() && c.units.iter().all(|u| title.contains(u));
    if let Some(hi) = clusters.iter().position(headline_only) {
        if let Some(ti) = (0..clusters.len()).find(|&i| i != hi && clusters[i].intro.is_none()) {
            let head = clusters.remove(hi);
            let target = &mut clusters[if ti > hi { ti - 1 } else { ti }];
            for (&u, &span) in head.units.iter().zip(head.anchors.iter()) {
                target.add(u, span);
            }
        }
    }

    let all_anchor_units: Vec<Vec<usize>> = clusters.iter().map(|c| c.units.clone()).collect();
    let lead_end = units.iter().take(6).next_back().map_or(0, |u| u.end);
    let mut out = Vec::new();
    for (ci, c) in clusters.iter().enumerate() {
        // Status: the first sentence of the story that has a cue, else the headline's; an item without one takes
        // its list's.
        let mut status = None;
        let intro_units: Vec<usize> = c.intro.map(|i| (i.saturating_sub(2)..=i).rev().collect()).unwrap_or_default();
        let (story_units, headline_units): (Vec<usize>, Vec<usize>) = c.units.iter().partition(|u| !title.contains(u));
        for &ui in story_units.iter().chain(headline_units.iter()).chain(intro_units.iter()) {
            if let Some(s) = status_in(&cues, ui, &c.anchors) {
                status = Some((s.0, ui));
                break;
            }
        }
        if status.is_none() && !c.strong {
            continue;
        }
        let cued = status.is_some();
        let (status, evidence) =
            status.unwrap_or_else(|| ("agreed".to_string(), c.units.first().copied().unwrap_or(0)));
        let Some(ev) = units.get(evidence).copied() else { continue };

        // Parties: in the name, else the evidence sentence, else the other sentences and the list's introduction.
        let mut parties = c.name.as_deref().map(|n| parties_in_name(n, article.language)).unwrap_or_default();
        if parties.is_empty() {
            parties = parties_in(article, ev.start, ev.end, false);
            if parties.len() < 2 {
                let mut more: Vec<usize> = c.units.clone();
                if let Some(intro) = c.intro {
                    more.extend((intro.saturating_sub(2)..=intro).rev());
                }
                for ui in more {
                    if let Some(u) = units.get(ui) {
                        parties.extend(parties_in(article, u.start, u.end, false));
                    }
                    if parties.len() >= 2 {
                        break;
                    }
                }
            }
            if parties.len() < 2 {
                parties.extend(parties_in(article, ev.start, ev.end, true));
            }
            if parties.len() < 2 && ci == 0 && c.strong {
                parties.extend(parties_in(article, 0, lead_end, false));
            }
        }
        if !c.strong {
            parties = state_parties_in(article, ev.start, ev.end);
        }
        // Named in passing (no cue anywhere) between fewer than two sides: context, not a report. A bloc is many sides.
        let bloc = parties.iter().any(|p| p.chars().any(char::is_lowercase) || p.len() != 3);
        if parties.is_empty() || (!c.strong && parties.len() < 2) || (!cued && parties.len() < 2 && !bloc) {
            continue;
        }

        // Date: in the evidence sentence; else, for one that is not only planned, the day of the story: the
        // publication date, or in a story without one, the first day its lead names (as the place falls back on
        // the lead's).
        let own_date = article
            .mentions
            .iter()
            .filter(|m| m.label == Label::Date && m.start >= ev.start && m.end <= ev.end)
            .filter_map(|m| m.value.clone())
            .find(|v| !v.starts_with('P'));
        let story = (status != "planned").then(|| story_day(article, lead_end)).flatten();
        // The lead's place is the story's: not that of an instrument of another time ("signed in 2007" in a story
        // of 2025), which its own date, when the story's day is known, tells.
        let of_the_story = match (&own_date, &story) {
            (Some(own), Some(day)) => day.starts_with(own.as_str()),
            _ => true,
        };
        let date = own_date.or(story);
        let place = place_in(article, ev.start, ev.end)
            .or_else(|| here(article, ev.start, ev.end))
            .or_else(|| (status != "planned" && of_the_story).then(|| place_in(article, 0, lead_end)).flatten());

        // Topics: the sentences that report it and the list that describes it; for the article's first instrument
        // also the sentences where the parties sign or agree on something that is not another instrument.
        let mut ranges: Vec<(usize, usize)> = c
            .units
            .iter()
            .chain(c.described_by.iter())
            .filter_map(|&u| units.get(u))
            .map(|u| (u.start, u.end))
            .collect();
        if ci == 0 && c.strong {
            for (ui, u) in units.iter().enumerate() {
                let others = all_anchor_units.iter().enumerate().any(|(cj, us)| cj != ci && us.contains(&ui));
                let acts = || {
                    let slice = &text[u.start..u.end];
                    cues.of(ui).iter().any(|&(s, e)| matches!(cue_status(&slice[s..e]), Some("agreed" | "signed")))
                };
                if !others && !u.item && !c.units.contains(&ui) && acts() {
                    ranges.push((u.start, u.end));
                }
            }
        }
        let topics = topics_in(text, &ranges);

        // Signatories: the people of the sentence that reports it; for one only planned or welcomed, or only named
        // (no cue tells what became of it), no one. For one signed or agreed, also the agents of a signing in its
        // other sentences that tell it signed or agreed, and in the sentence after each of those when that tells of
        // a signing and of no other instrument: the people after "by" or "oleh" ("The MoU was signed by ...",
        // "Penandatanganan dilakukan oleh ..."), up to any witnesses ("in the presence of", "disaksikan oleh").
        let mut signatories: Vec<String> = Vec::new();
        let mut add_people = |from: usize, to: usize| {
            for m in article.mentions.iter().filter(|m| m.label == Label::Person && m.start >= from && m.end <= to) {
                if let Some(e) = m.entity.as_deref().and_then(|id| article.entity(id)) {
                    if !signatories.iter().any(|s| *s == e.name) {
                        signatories.push(e.name.to_string());
                    }
                }
            }
        };
        if cued && matches!(status.as_str(), "signed" | "agreed") {
            add_people(ev.start, ev.end);
            let concluded = |u: usize| {
                status_in(&cues, u, &c.anchors).is_some_and(|(s, _)| matches!(s.as_str(), "signed" | "agreed"))
            };
            let mut more: Vec<usize> = c.units.iter().copied().filter(|&u| u != evidence && concluded(u)).collect();
            let nexts = std::iter::once(evidence).chain(more.iter().copied()).map(|u| u + 1).collect::<Vec<_>>();
            for next in nexts {
                if next < units.len() && !more.contains(&next) && !all_anchor_units.iter().any(|us| us.contains(&next))
                {
                    more.push(next);
                }
            }
            for ui in more {
                let u = units[ui];
                let signing =
                    cues.of(ui).iter().find(|&&(s, e)| cue_status(&text[u.start + s..u.start + e]) == Some("signed"));
                if let Some((from, to)) = signing.and_then(|&(_, e)| signing_agents(&text[u.start..u.end], e)) {
                    add_people(u.start + from, u.start + to);
                }
            }
        }
        let (cameo, plover) = codes(&status);
        out.push(Agreement {
            kind: c.kind.clone(),
            name: c.name.clone(),
            parties: parties.into_iter().map(String::from).collect(),
            status,
            date,
            place,
            topics,
            signatories,
            start: ev.start,
            end: ev.end,
            cameo: Some(cameo.to_string()),
            plover: Some(plover.to_string()),
        });
    }
    out
}

/// Where the agents of a signing lie in a sentence whose signing cue ends at `after`: from the first "by" or
/// "oleh" after it that is not a witness's ("witnessed by", "disaksikan oleh") to the first words that name
/// witnesses, or the sentence's end. Byte offsets of `sentence`.
fn signing_agents(sentence: &str, after: usize) -> Option<(usize, usize)> {
    const WITNESSED: [&str; 5] = ["witnessed", "presence", "disaksikan", "hadapan", "hadirnya"];
    let rest = sentence.get(after..)?;
    let mut from = None;
    for (at, _) in rest.match_indices(" by ").chain(rest.match_indices(" oleh ")) {
        let before = rest[..at].split_whitespace().next_back().unwrap_or("");
        if !WITNESSED.iter().any(|w| before.eq_ignore_ascii_case(w)) && from.is_none_or(|f| at < f) {
            from = Some(at);
        }
    }
    let from = after + from?;
    let lower = sentence[from..].to_ascii_lowercase();
    let to = WITNESSED.iter().filter_map(|w| lower.find(w)).min().map_or(sentence.len(), |k| from + k);
    Some((from, to))
}

/// The day a story reports on: its publication date, else the first whole date (`2023-07-13`, not a month or a
/// year) among the mentions before `lead_end`, if it falls in the year the story's dates name most often (a lead
/// that recalls "17 August 1945" in a story of 2023 gives no day).
fn story_day(article: &Analysed<'_>, lead_end: usize) -> Option<String> {
    if let Some(d) = article.published {
        return Some(d.to_string());
    }
    // The dates' values with where they start, in text order.
    let dates = || {
        article.mentions.iter().filter(|m| m.label == Label::Date).filter_map(|m| Some((m.start, m.value.as_deref()?)))
    };
    let day = dates()
        .take_while(|&(start, _)| start < lead_end)
        .map(|(_, v)| v)
        .find(|v| v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-')?;
    // The most named year, the first named on a tie.
    let years = dates().filter_map(|(_, v)| v.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())));
    (super::most_common(years) == day.get(..4)).then(|| day.to_string())
}
