//! Extraction: mentions and entities from repaired article text.
//!
//! Candidates come from several recognisers — rules for dates, amounts and names with head words, the gazetteer for
//! countries, demonyms, places and blocs, the learned tagger for people, organisations and places — and are
//! resolved into one set of non-overlapping mentions (the outermost name wins), then linked into entities.

pub mod agreements;
mod hyphen_names;
pub mod lexicon;
pub mod link;
pub mod names;
pub mod numbers;
pub mod quotes;
pub mod roles;
pub mod temporal;
pub mod topics;

use std::cmp::Reverse;
use std::ops::Range;
use std::sync::LazyLock;

use compact_str::CompactString;
use regex::Regex;
use rustc_hash::FxHashMap;

use crate::gazetteer::Gazetteer;
use crate::model::{Agreement, Date, Entity, Label, Mention, Quote};
use crate::offsets::CharIndex;
use link::Found;
use roles::Known;

/// What the extraction stage needs to know about the article besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// ISO 639-1 code of the article's language, when known.
    pub language: Option<&'a str>,
    /// Publication date: the anchor of relative dates.
    pub published: Option<Date>,
    /// The outlet and author found by layout analysis: an organisation and a person wherever they are named.
    pub outlet: Option<&'a str>,
    pub author: Option<&'a str>,
    /// The place that opens the story: a location wherever it is named.
    pub dateline: Option<&'a str>,
    /// The headline found by layout analysis: what it reports is what the story reports first.
    pub title: Option<&'a str>,
    /// Names from the rules and the name lists only, without the learned tagger: about twice as fast, with the
    /// same countries, agreements, dates and topics, but almost no people (the tagger finds them), and so few
    /// quote speakers and roles.
    pub rules_only: bool,
}

/// Mentions (code-point offsets), the entities they are linked to, and what the article reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub agreements: Vec<Agreement>,
    pub quotes: Vec<Quote>,
    pub topics: Vec<String>,
}

/// A mention as the later stages (agreements, quotes, topics) see it: byte offsets into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRef {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    /// ISO3 for countries and demonyms, the bloc key for blocs (`ASEAN`), ISO 4217 for money.
    pub code: Option<CompactString>,
    /// Resolved value of a date (ISO 8601).
    pub value: Option<String>,
    /// Id of the entity (in `Analysed::entities`) the mention is linked to.
    pub entity: Option<CompactString>,
}

/// An article after mentions and entities: the input of the agreement, quote and topic stages.
#[derive(Debug, Clone, Copy)]
pub struct Analysed<'a> {
    pub text: &'a str,
    pub language: Option<&'a str>,
    pub published: Option<Date>,
    pub dateline: Option<&'a str>,
    /// The headline, when layout found one.
    pub title: Option<&'a str>,
    /// In text order, non-overlapping.
    pub mentions: &'a [MentionRef],
    pub entities: &'a [Entity],
}

impl Analysed<'_> {
    /// The entity with id `id`.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }
}

#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    label: Label,
    code: Option<CompactString>,
    value: Option<String>,
    /// Higher wins an overlap between spans of the same extent class.
    priority: u8,
    /// The learned tagger proposed it (its spans are checked against the gazetteer).
    tagged: bool,
}

/// How often each of `items` occurs, in the order they are first met.
pub(crate) fn counts<T: Eq + std::hash::Hash + Copy>(items: impl Iterator<Item = T>) -> Vec<(T, usize)> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    let mut index: FxHashMap<T, usize> = FxHashMap::default();
    for it in items {
        let k = *index.entry(it).or_insert_with(|| {
            counts.push((it, 0));
            counts.len() - 1
        });
        counts[k].1 += 1;
    }
    counts
}

/// The most frequent of `items`; on a tie, the one met first.
pub(crate) fn most_common<T: Eq + std::hash::Hash + Copy>(items: impl Iterator<Item = T>) -> Option<T> {
    let counts = counts(items);
    let best = counts.iter().map(|c| c.1).max()?;
    counts.into_iter().find(|c| c.1 == best).map(|c| c.0)
}

/// Priority of names found by their head word (`Kementerian ...`, `... Summit`).
const NAME_RULE: u8 = 3;

/// The endings of outlets' web domains (`HARIAN.com`, `EXAMPLE.CO.ID`), after the full stop.
const DOMAIN_ENDINGS: &str = r"(?i:co\.id|com|co\.uk|id|net|org|go\.id|news)";

/// A web domain's ending, from its full stop on, at the start of the haystack.
static DOMAIN_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\.{DOMAIN_ENDINGS}(?-u:\b)")).expect("valid regex"));

/// The outlets that open the credits closing a paragraph, as byte ranges: `(InfoPublik/TR/Ana/WW)`, a news
/// agency's or site's name and then the initials or names of its staff, between slashes. The name is a word of three
/// letters or more with a capital and a small letter; credits of initials only (`(ant/rr)`, `(TR/WW)`) name none, nor
/// does a date (`(Rabu/12/4)`).
fn credited_outlets(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line_end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line = &text[line_start..line_end];
        let from = line_start;
        line_start = line_end + 1;
        let Some(body) = line.trim_end().strip_suffix(')') else { continue };
        let Some(open) = body.rfind('(') else { continue };
        let Some((first, staff)) = body[open + 1..].split_once('/') else { continue };
        let name = first.trim();
        let outlet = name.len() >= 3
            && name.bytes().all(|b| b.is_ascii_alphabetic())
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.bytes().any(|b| b.is_ascii_lowercase());
        // Staff have letters (`(Rabu/12/4)` is a date) and short names.
        let staff = staff.split('/').all(|p| p.len() <= 30 && p.bytes().any(|b| b.is_ascii_alphabetic()));
        if outlet && staff {
            let start = from + open + 1 + (first.len() - first.trim_start().len());
            out.push((start, start + name.len()));
        }
    }
    out
}

/// The web domains of outlets: what `(?-u:\b)[A-Z][A-Za-z0-9-]*\.{DOMAIN_ENDINGS}(?-u:\b)` finds over the whole text,
/// found from the full stops that a domain's ending follows. A match's full stop is the first after its start
/// (the name holds none), so it begins at the first capital after a word boundary in the run of name characters
/// before the stop, and no earlier than the end of the last match.
fn domains(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out = Vec::new();
    let mut resume = 0;
    for dot in memchr::memchr_iter(b'.', bytes) {
        // Every ending begins with an ASCII letter (`(?i)` folds none of them to another character).
        if dot < resume || !bytes.get(dot + 1).is_some_and(|b| b.is_ascii_alphabetic() || !b.is_ascii()) {
            continue;
        }
        let run = bytes[..dot].iter().rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'-')).map_or(0, |i| i + 1);
        let start =
            (run.max(resume)..dot).find(|&p| bytes[p].is_ascii_uppercase() && (p == 0 || !is_word(bytes[p - 1])));
        let Some(start) = start else { continue };
        if let Some(m) = DOMAIN_END.find(&text[dot..]) {
            resume = dot + m.end();
            out.push((start, resume));
        }
    }
    out
}

/// An acronym or short name in parentheses right after a name.
static PAREN_SHORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\(\s*([A-Z][A-Za-z0-9&\-]{1,15})\s*\)").expect("valid regex"));

/// Extract mentions and entities from `text` with the given gazetteer.
pub fn extract(text: &str, ctx: Context<'_>, gazetteer: &Gazetteer) -> Extraction {
    extract_indexed(text, &CharIndex::new(text), ctx, gazetteer)
}

/// [`extract`] with the code-point index of `text`, which the pipeline has built already.
pub(crate) fn extract_indexed(text: &str, idx: &CharIndex, ctx: Context<'_>, gazetteer: &Gazetteer) -> Extraction {
    let before = before_tagging(text, ctx, gazetteer);
    let tagged = tag(text, ctx, &before);
    after_tagging(text, idx, ctx, gazetteer, before, tagged)
}

/// What extraction finds in an article before the learned tagger reads it (see [`extract_indexed`]): the names of
/// the rules and lists, and the text's tokens.
///
/// Extraction runs in these three steps so that a worker can take each of them over several articles in turn
/// (`batch::parse_chunk`): the tagger reads megabytes of weights and cached words, which push the rules'
/// tables and automata out of the processor's caches when the steps alternate article by article.
pub(crate) struct BeforeTagging {
    cands: Vec<Candidate>,
    /// Byte ranges of the names known before tagging, which the tagger need not read about.
    known: Vec<Range<usize>>,
    /// Names known before tagging, sorted and without overlaps (the role finder looks them up by position).
    gazetteer_hits: Vec<Known>,
    /// The tokens serve the tagger and the agreement stage's sentences.
    tokens: Vec<crate::text::Token>,
}

/// The first step of [`extract_indexed`]: everything found without the tagger but the names of the name rules
/// (which it may mend).
pub(crate) fn before_tagging(text: &str, ctx: Context<'_>, gazetteer: &Gazetteer) -> BeforeTagging {
    let indonesian = ctx.language.is_some_and(crate::ner::is_indonesian_code);
    let mut cands: Vec<Candidate> = Vec::new();
    let mut add = |start: usize,
                   end: usize,
                   label: Label,
                   code: Option<CompactString>,
                   value: Option<String>,
                   priority: u8,
                   tagged: bool| {
        if start < end && end <= text.len() {
            cands.push(Candidate { start, end, label, code, value, priority, tagged });
        }
    };

    // What is found without the tagger but the names of the name rules (which it may mend): the tagger need not
    // read about these (see `ner::tag_tokens_around`).
    let mut known: Vec<Range<usize>> = Vec::new();
    for d in temporal::find_dates(text, ctx.published, indonesian) {
        known.push(d.start..d.end);
        add(d.start, d.end, Label::Date, None, d.value, 5, false);
    }
    for n in numbers::find_numbers(text) {
        let label = if n.percent { Label::Percent } else { Label::Money };
        known.push(n.start..n.end);
        add(n.start, n.end, label, n.currency.map(CompactString::from), None, 5, false);
    }
    for n in names::find_names(text, indonesian) {
        // In Indonesian the tagger knows the conventions of organisation names better than the head rule.
        let priority = match n.label {
            Label::Org | Label::Location if indonesian => NAME_RULE - 1,
            Label::Org => NAME_RULE,
            _ => NAME_RULE + 1,
        };
        add(n.start, n.end, n.label, None, None, priority, false);
    }
    for g in gazetteer.scan(text, ctx.language) {
        let priority = match g.label {
            Label::Country | Label::Norp | Label::Org => 4,
            _ => 2,
        };
        // A small town's name is often a person's (a surname): the tagger reads it.
        if no_small_place(g.label, &text[g.start..g.end]) {
            known.push(g.start..g.end);
        }
        add(g.start, g.end, g.label, g.code, None, priority, false);
    }
    for (start, end) in domains(text) {
        known.push(start..end);
        add(start, end, Label::Org, None, None, 4, false);
    }
    for (start, end) in credited_outlets(text) {
        known.push(start..end);
        add(start, end, Label::Org, None, None, 4, false);
    }
    // The outlet and the author that layout analysis found are reliable; a dateline guess less so, unless the
    // lists know its place (the tagger read "HANOI, Sept 14 (...)" as an organisation).
    let dateline_priority = if ctx.dateline.is_some_and(crate::gazetteer::is_prominent_place_any_case) { 4 } else { 2 };
    for (name, label, priority) in [
        (ctx.outlet, Label::Org, 4),
        (ctx.author, Label::Person, 4),
        (ctx.dateline, Label::Location, dateline_priority),
    ] {
        if let Some(name) = name.filter(|n| n.chars().count() >= 2) {
            for s in memchr::memmem::find_iter(text.as_bytes(), name) {
                known.push(s..s + name.len());
                add(s, s + name.len(), label, None, None, priority, false);
            }
        }
    }
    let mut gazetteer_hits: Vec<Known> = cands
        .iter()
        .filter(|c| !c.tagged && matches!(c.label, Label::Country | Label::Norp | Label::Org | Label::Location))
        .map(|c| Known { start: c.start, end: c.end, label: c.label, code: c.code.clone() })
        .collect();
    gazetteer_hits.sort_by_key(|k| (k.start, std::cmp::Reverse(k.end)));
    let mut last_end = 0;
    gazetteer_hits.retain(|k| {
        let keep = k.start >= last_end;
        if keep {
            last_end = k.end;
        }
        keep
    });
    let tokens = crate::text::tokens(text);
    BeforeTagging { cands, known: merged(known), gazetteer_hits, tokens }
}

/// The second step of [`extract_indexed`]: the learned tagger's names (none for [`Context::rules_only`]).
pub(crate) fn tag(text: &str, ctx: Context<'_>, before: &BeforeTagging) -> Vec<crate::ner::NerSpan> {
    if ctx.rules_only {
        return Vec::new();
    }
    crate::ner::tag_tokens_around(
        text,
        &before.tokens,
        ctx.language.unwrap_or(crate::ner::UNKNOWN_LANGUAGE),
        &before.known,
    )
}

/// The last step of [`extract_indexed`]: the names chosen among all found, their entities, and what the article
/// reports.
pub(crate) fn after_tagging(
    text: &str,
    idx: &CharIndex,
    ctx: Context<'_>,
    gazetteer: &Gazetteer,
    before: BeforeTagging,
    tagged: Vec<crate::ner::NerSpan>,
) -> Extraction {
    let indonesian = ctx.language.is_some_and(crate::ner::is_indonesian_code);
    let BeforeTagging { mut cands, gazetteer_hits, tokens, .. } = before;
    for c in refine_tagged(text, tagged, &gazetteer_hits) {
        cands.push(c);
    }
    if !indonesian {
        names_after_titles(text, &mut cands, &gazetteer_hits);
    }
    hyphen_names::mend(text, &mut cands, &gazetteer_hits, indonesian);

    let mut chosen = resolve(text, cands);
    add_short_forms(text, &mut chosen);
    propagate_names(text, &mut chosen);
    // The chosen spans are non-empty and apart: their starts differ, and an unstable sort orders them as well.
    chosen.sort_unstable_by_key(|c| (c.start, c.end));

    let mut found: Vec<Found> = chosen
        .into_iter()
        .map(|c| Found {
            start: c.start,
            end: c.end,
            label: c.label,
            code: c.code,
            value: c.value,
            abbreviates: None,
            role: None,
            country: None,
        })
        .collect();
    mark_abbreviations(text, &mut found);
    attach_roles(text, &mut found, gazetteer);
    attach_org_countries(text, &mut found, ctx.language, gazetteer, indonesian);

    let (entities, links) = link::link(text, &found);
    let refs: Vec<MentionRef> = found
        .into_iter()
        .zip(links)
        .map(|(f, entity)| MentionRef {
            start: f.start,
            end: f.end,
            label: f.label,
            value: f
                .value
                .or_else(|| if f.label == Label::Money { f.code.as_deref().map(str::to_string) } else { None }),
            code: f.code,
            entity,
        })
        .collect();
    let analysed = Analysed {
        text,
        language: ctx.language,
        published: ctx.published,
        dateline: ctx.dateline,
        title: ctx.title,
        mentions: &refs,
        entities: &entities,
    };
    let story = topics::story_ranges(text);
    let mut agreements = agreements::find_agreements_in(&analysed, &story, &tokens);
    for a in &mut agreements {
        a.start = idx.char_of(a.start);
        a.end = idx.char_of(a.end);
    }
    let mut quotes = quotes::find_quotes(&analysed);
    for q in &mut quotes {
        q.start = idx.char_of(q.start);
        q.end = idx.char_of(q.end);
    }
    let topics = topics::topics_in(text, &story);
    // Into a buffer of their own: collected from `refs`, the mentions would take over its buffer, which is the
    // buffer of `found` (160-byte items, collected in place into 96-byte ones), and keep two fifths of it spare for
    // as long as the article is kept.
    let mut mentions = Vec::with_capacity(refs.len());
    mentions.extend(refs.into_iter().map(|m| Mention {
        label: m.label,
        text: text[m.start..m.end].into(),
        start: idx.char_of(m.start),
        end: idx.char_of(m.end),
        entity: m.entity,
        value: m.value,
    }));
    Extraction { mentions, entities, agreements, quotes, topics }
}

/// Byte ranges sorted and apart: overlapping ones merged.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_unstable_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Clean up the tagger's spans: titles are not names, a title is not an organisation, initials belong to the name,
/// pieces of one name are one name, a lone place name is a place, and a name after a title is a person.
fn refine_tagged(text: &str, spans: Vec<crate::ner::NerSpan>, gazetteer: &[Known]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for span in spans {
        let (mut start, mut end, mut label) = (span.start, span.end, span.label);
        // Brackets are not part of a name: "(Jokowi)" is Jokowi; "Bursa Efek Indonesia (BEI)" is the long form,
        // and the short form in brackets is found on its own afterwards.
        let surface = &text[start..end];
        if let Some(open) = surface.find('(').filter(|&i| i > 0) {
            end = start + surface[..open].trim_end().len();
        } else if surface.starts_with('(') {
            let inner = surface.trim_start_matches('(').trim_end_matches(')');
            start += surface.len() - surface.trim_start_matches('(').len();
            end = start + inner.len();
        }
        // Nor is a joiner at either end ("Johnson &" of "Johnson & Johnson").
        let surface = &text[start..end];
        let inner = surface.trim_matches(|c: char| c == '&' || c.is_whitespace());
        if !inner.is_empty() {
            start += surface.len() - surface.trim_start_matches(|c: char| c == '&' || c.is_whitespace()).len();
            end = start + inner.len();
        }
        if start >= end {
            continue;
        }
        // "Singapore-based Grab Holdings" is Grab Holdings.
        start += names::modifier_len(&text[start..end]);
        if matches!(label, Label::Person | Label::Org) {
            start += roles::leading_title_len(&text[start..end]);
        }
        if topics::is_term_acronym(&text[start..end]) {
            continue;
        }
        // A title cut out of a longer title is no one's: "Minister" of "the Prime Minister's Office". (A title alone,
        // "the Secretary", or after an honorific, "Pak Sultan", is left as tagged: it often stands for a name.)
        if label == Label::Person
            && text[..start].strip_suffix(' ').and_then(|b| b.split_whitespace().next_back()).is_some_and(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && roles::role_word(w).is_some_and(|r| r != roles::RoleWord::Honorific)
            })
            && text[start..end].split_whitespace().all(|w| roles::role_word(w).is_some())
        {
            continue;
        }
        let last = text[start..end].split_whitespace().next_back().unwrap_or("");
        if label == Label::Org && roles::role_word(last) == Some(roles::RoleWord::Head) {
            continue;
        }
        // "Rudy K. Wirawan": the tagger may stop at the initial.
        let initial = last.trim_end_matches('.');
        if label == Label::Person && initial.len() == 1 && initial.chars().all(|c| c.is_ascii_uppercase()) {
            let from = if last.ends_with('.') { end - 1 } else { end };
            if let Some(m) = INITIAL_TAIL.find(&text[from..]) {
                end = from + m.end();
            }
        }
        // A person's name does not begin with an organisation's head word, nor is it one long capitalised acronym
        // (in a sentence written in capitals, any name is in capitals).
        if label == Label::Person {
            let first = text[start..end].split_whitespace().next().unwrap_or("");
            let acronym = !text[start..end].contains(' ')
                && text[start..end].chars().count() >= 5
                && text[start..end].chars().all(|c| c.is_uppercase())
                && {
                    let (s, e) = sentence_around(text, start, end);
                    !crate::ner::in_capitals(&text[s..e])
                };
            if names::is_org_head(first) || acronym {
                label = Label::Org;
            }
        }
        // A country heading a longer span, then an organisation of the lists heading a person's: the rest is a name
        // of its own ("... of the Republic of Chile Ana Rojas"), after the organisation's role words ("Kominfo
        // spokesperson Dedi Rahman" is Dedi Rahman; the organisation is found on its own).
        // `gazetteer` is sorted by start without overlaps: the hit starting at `start`, if any, is found by search.
        let at = |pos: usize| gazetteer.binary_search_by_key(&pos, |g| g.start).ok().map(|i| &gazetteer[i]);
        for heading in [Label::Country, Label::Org] {
            let heads =
                |g: &&Known| g.end < end && g.label == heading && (heading != Label::Org || label == Label::Person);
            let Some(g) = at(start).filter(heads) else { continue };
            let mut rest = text[g.end..end].trim_start();
            while let Some((word, after)) = rest.split_once(char::is_whitespace).filter(|_| heading == Label::Org) {
                if roles::role_word(word).is_none() {
                    break;
                }
                rest = after.trim_start();
            }
            if rest.chars().next().is_some_and(char::is_uppercase) {
                start = end - rest.len();
            }
        }
        let surface = &text[start..end];
        let (label2, code) = match label {
            Label::Location => match crate::gazetteer::country_code(surface) {
                Some(code) => (Label::Country, Some(CompactString::from(code))),
                None => (Label::Location, None),
            },
            other => (other, None),
        };
        label = label2;
        // "Norton said": a one-word place that no list calls prominent, as the subject of a speech verb, is a person
        // named like a town (most surnames are one somewhere); "Police in Norton said" is the place.
        if label == Label::Location
            && surface.chars().all(char::is_alphabetic)
            && !crate::gazetteer::is_prominent_place(surface)
            && text[end..].split_whitespace().next().is_some_and(quotes::is_speech_verb)
            && !text[..start].split_whitespace().next_back().is_some_and(|w| {
                matches!(w.to_lowercase().as_str(), "in" | "at" | "from" | "of" | "near" | "di" | "dari" | "ke")
            })
        {
            label = Label::Person;
        }
        let in_gazetteer = at(start).is_some_and(|g| g.end == end);
        // "Kashmiris", "Acehnese": people named after a place are a group (NORP), not a person.
        if label == Label::Person && !surface.contains(' ') && is_people_of_place(surface) {
            label = Label::Norp;
        }
        if label == Label::Person
            && !surface.contains(' ')
            && crate::gazetteer::is_prominent_place(surface)
            && in_gazetteer
        {
            label = Label::Location;
        }
        // A name right after a title, and not followed by another name, is the titled person. (The tests of the
        // name's words come last: they are needed only for the few places the gazetteer does not know.)
        let next_is_name =
            || text[end..].trim_start_matches([' ', '\t']).chars().next().is_some_and(char::is_uppercase);
        let name_like = || {
            surface
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase))
        };
        if label == Label::Location
            && !in_gazetteer
            && !next_is_name()
            && (2..=4).contains(&surface.split_whitespace().count())
            && name_like()
            && !surface.split_whitespace().any(names::is_org_head)
        {
            let (s, _) = sentence_around(text, start, end);
            if roles::role_before(text, s, start, gazetteer).is_some_and(|r| r.title.split_whitespace().count() <= 8) {
                label = Label::Person;
            }
        }
        if start < end {
            out.push(Candidate { start, end, label, code, value: None, priority: 3, tagged: true });
        }
    }
    // Pieces of one person's name, apart only by spaces or by a capitalised word the tagger skipped, or joined by a
    // hyphen between capitals ("Jean" and "Marc Dupont" of "Jean-Marc Dupont").
    out.sort_by_key(|c| c.start);
    let mut merged: Vec<Candidate> = Vec::new();
    for c in out {
        if let Some(prev) = merged.last_mut() {
            if prev.label == Label::Person && c.label == Label::Person && prev.end <= c.start {
                let gap = &text[prev.end..c.start];
                let words: Vec<&str> = gap.split_whitespace().collect();
                let joinable = !gap.contains('\n')
                    && words.len() == 1
                    && words.iter().all(|w| {
                        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
                    });
                let hyphen = matches!(gap, "-" | "\u{2010}" | "\u{2011}")
                    && text[c.start..].starts_with(char::is_uppercase)
                    && text[..prev.end].ends_with(char::is_alphabetic);
                if hyphen || (joinable && gap.chars().next().is_some_and(char::is_whitespace)) {
                    prev.end = c.end;
                    continue;
                }
            }
        }
        merged.push(c);
    }
    merged
}

/// Names after an English title written with its portfolio (see [`roles::portfolio_titles`]).
///
/// A tagged span that overlaps the title is dropped ("of State Antony Blinken"), and so is an organisation of the
/// head rules that ends in it ("Thai Minister of Digital Economy and Society"). The name after the title is a
/// person ("Antony Blinken", "Tran Duc Long"), in place of what else the tagger read in it, unless it holds a
/// country, an organisation or a prominent place of the lists, or a tagged person runs past it. (A small place is
/// often a surname: "Teo".)
fn names_after_titles(text: &str, cands: &mut Vec<Candidate>, gazetteer: &[Known]) {
    let titles = roles::portfolio_titles(text);
    if titles.is_empty() {
        return;
    }
    // Every title first: a tagged span may run from the name after one title into the next.
    for &(start, end) in &titles {
        // A head rule's organisation that ends in the title is the title read as a name ("... Economy and Society").
        let read_as_name =
            |c: &Candidate| !c.tagged && c.label == Label::Org && c.priority == NAME_RULE && c.end <= end;
        cands.retain(|c| c.end <= start || c.start >= end || !(c.tagged || read_as_name(c)));
    }
    // Names of the lists and rules in a name, but those that overlap a title (the title and more read as an
    // organisation's name, dropped above).
    let listed = |s: usize, e: usize| {
        // `gazetteer` is sorted by start and its hits lie apart: those overlapping a range end a run that starts at
        // most one hit before the first to start inside it.
        let from = gazetteer.partition_point(|g| g.start < s).saturating_sub(1);
        gazetteer[from..]
            .iter()
            .take_while(|g| g.start < e)
            .filter(|g| g.end > s && !titles.iter().any(|&(ts, te)| g.start < te && ts < g.end))
            .any(|g| no_small_place(g.label, &text[g.start..g.end]))
    };
    for &(_, end) in &titles {
        let Some((s, e)) = roles::name_after_title(text, end).filter(|&(s, e)| !listed(s, e)) else { continue };
        // The tagger's person stands where it runs past the name; one it cut into pieces of the name gives way.
        if cands
            .iter()
            .any(|c| c.tagged && c.label == Label::Person && c.start < e && s < c.end && (c.start < s || c.end > e))
        {
            continue;
        }
        // The tagger's other reading of the name gives way ("Harlan" a place, "Quist" an organisation), and so do
        // pieces of it ("Josephine" and "Teo").
        cands.retain(|c| !c.tagged || c.end <= s || c.start >= e);
        cands.push(Candidate {
            start: s,
            end: e,
            label: Label::Person,
            code: None,
            value: None,
            priority: 3,
            tagged: true,
        });
    }
}

/// Whether a name of the lists labelled `label` is sure to be one: any but a place, or a place no list calls
/// small. A small town's name is often a person's (most surnames are one somewhere).
fn no_small_place(label: Label, name: &str) -> bool {
    label != Label::Location || crate::gazetteer::is_prominent_place(name)
}

/// Whether `word` names the people of a known place by a demonym suffix (`Kashmiris`, `Papuans`, `Acehnese`).
fn is_people_of_place(word: &str) -> bool {
    ["is", "ns", "ese", "s"].iter().any(|suffix| {
        word.strip_suffix(suffix).is_some_and(|stem| {
            stem.chars().count() >= 3
                && (crate::gazetteer::is_place(stem)
                    || crate::gazetteer::country_code(stem).is_some()
                    || crate::gazetteer::is_place(&format!("{stem}a")))
        })
    })
}

/// ". Wirawan" after an initial: the rest of a name the tagger cut at its initial.
static INITIAL_TAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\.\s?[A-Z][\p{Ll}]+").expect("valid regex"));

/// Choose non-overlapping candidates. A name that contains others wins over them when it is a name with a head or a
/// tagged organisation (the outermost span wins); a tagged span made only of gazetteer names joined by "and" loses.
fn resolve(text: &str, mut cands: Vec<Candidate>) -> Vec<Candidate> {
    // A name found by its head runs on over capitalised words; where the tagger saw a person begin, the name ends
    // ("Partai Demokrat Nurhayati Ali" is a party, then a person).
    // A person who opens it is a member ("Ana Rojas of the Labour Party"): the name begins after "of (the)". A firm
    // named with an ampersand is its founders' names ("Johnson & Johnson"), whole.
    // Two organisations joined by "and" that the tagger read apart ("Sony and Panasonic Corporation"): the name
    // found by its head is the second one.
    let mut orgs: Vec<(usize, usize)> =
        cands.iter().filter(|c| c.tagged && c.label == Label::Org).map(|c| (c.start, c.end)).collect();
    orgs.sort_unstable();
    for c in cands.iter_mut().filter(|c| !c.tagged && c.label == Label::Org && c.priority == NAME_RULE) {
        if let Some(k) = text[c.start..c.end].find(" and ") {
            let (first, second) = ((c.start, c.start + k), (c.start + k + " and ".len(), c.end));
            if orgs.binary_search(&first).is_ok() && orgs.binary_search(&second).is_ok() {
                c.start = second.0;
            }
        }
    }
    let mut persons: Vec<(usize, usize)> =
        cands.iter().filter(|c| c.tagged && c.label == Label::Person).map(|c| (c.start, c.end)).collect();
    persons.sort_unstable();
    let runs_on = |c: &Candidate| {
        !c.tagged
            && matches!(c.label, Label::Org | Label::Event | Label::Agreement)
            && !text[c.start..c.end].contains(" & ")
    };
    for c in cands.iter_mut().filter(|c| runs_on(c)) {
        let opening = persons.binary_search_by_key(&c.start, |p| p.0).ok().map(|k| persons[k].1);
        if let Some(person_end) = opening.filter(|&e| e < c.end) {
            let rest = text[person_end..c.end].trim_start_matches([' ', ',']);
            let name = ["of the ", "of ", "from the ", "from ", "dari "].iter().find_map(|j| rest.strip_prefix(j));
            if let Some(name) = name.filter(|n| n.starts_with(char::is_uppercase)) {
                c.start = c.end - name.len();
            }
        }
        let first = persons.partition_point(|&(p, _)| p <= c.start);
        if let Some(&(p, _)) = persons.get(first).filter(|&&(p, _)| p < c.end) {
            let mut cut = text[c.start..p].trim_end_matches(|ch: char| ch.is_whitespace() || ch == ',');
            for joiner in [" dan", " and", " of", " for", " untuk"] {
                cut = cut.strip_suffix(joiner).unwrap_or(cut);
            }
            c.end = c.start + cut.len();
        }
    }
    cands.retain(|c| {
        c.start < c.end
            && (c.tagged || c.label != Label::Org || text[c.start..c.end].contains(' ') || c.priority > NAME_RULE)
    });
    // A place the tagger cut short inside a longer place of the lists ("Indo" of "Indo-Pacific") is that place.
    let places: Vec<(usize, usize)> =
        cands.iter().filter(|c| !c.tagged && c.label == Label::Location).map(|c| (c.start, c.end)).collect();
    if !places.is_empty() {
        cands.retain(|c| {
            !c.tagged
                || c.label != Label::Location
                || !places.iter().any(|&(s, e)| s <= c.start && c.end <= e && e - s > c.end - c.start)
        });
    }
    // Gazetteer and rule names, sorted by start, to find those inside a span quickly.
    let mut inner_names: Vec<(usize, usize, u8)> =
        cands.iter().filter(|c| !c.tagged).map(|c| (c.start, c.end, c.priority)).collect();
    inner_names.sort_unstable();
    let inside = |s: usize, e: usize| {
        let from = inner_names.partition_point(|n| n.0 < s);
        inner_names[from..].iter().take_while(move |n| n.0 < e).filter(move |n| n.1 <= e && (n.0, n.1) != (s, e))
    };
    // Blank out the names inside a span and see what is left of it.
    let leftover_words = |c: &Candidate, min_priority: u8| -> Vec<String> {
        let mut rest = text[c.start..c.end].to_string();
        for &(s, e, _) in inside(c.start, c.end).filter(|n| n.2 >= min_priority) {
            rest.replace_range(s - c.start..e - c.start, &" ".repeat(e - s));
        }
        rest.split(|ch: char| ch.is_whitespace() || ",&".contains(ch))
            .filter(|w| !w.is_empty() && !matches!(*w, "and" | "dan" | "or" | "atau"))
            .map(str::to_string)
            .collect()
    };
    // A tagged span made only of gazetteer names and joiners is a list of them, not a name; and so is one made of
    // two names or more of the head rules ("Grab Holdings and GoTo Group").
    cands.retain(|c| {
        let list_of = |min: u8, at_least: usize| {
            inside(c.start, c.end).filter(|n| n.2 >= min).count() >= at_least && leftover_words(c, min).is_empty()
        };
        !c.tagged || !(list_of(4, 1) || list_of(NAME_RULE, 2))
    });
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // A brand's branch in a country, for a tagged organisation that ends in a name of the lists (`words`: what is
    // left of it without them): a few capitalised words that are no title before the country's one-word name, not
    // themselves the end of a longer name ("Telkom Indonesia"; not "... dan Informatika Republik Indonesia").
    let brand_branch = |c: &Candidate, words: &[String]| {
        (1..=3).contains(&words.len())
            && words.iter().all(|w| capitalised(w) && roles::role_word(w).is_none())
            && inside(c.start, c.end).any(|n| n.1 == c.end && !text[n.0..n.1].contains(' '))
            && !text[..c.start]
                .trim_end()
                .rsplit(' ')
                .next()
                .is_some_and(|w| matches!(w, "dan" | "and" | "of" | "&" | "serta") || w.ends_with(','))
    };
    let ranks: Vec<u8> = cands
        .iter()
        .map(|c| {
            // A name that contains gazetteer or rule names takes the priority of the strongest one it contains.
            let inner = inside(c.start, c.end).map(|n| n.2).max().unwrap_or(0);
            let container = if c.tagged {
                // A tagged organisation holds a country when it is headed as one ("Bank Indonesia"), opens with an
                // acronym ("DPR RI"), names the country in its middle ("Kabinet Indonesia Bersatu"), or is a brand's
                // branch in it ("Telkom Indonesia").
                c.label == Label::Org && inner > 0 && {
                    let words = leftover_words(c, 0);
                    let first = text[c.start..c.end].split_whitespace().next().unwrap_or("");
                    let ends_with_name = inside(c.start, c.end).any(|n| n.1 == c.end);
                    words.iter().any(|w| names::is_org_head(w))
                        || first.chars().count() >= 2 && first.chars().all(|ch| ch.is_uppercase())
                        || !ends_with_name && words.iter().any(|w| capitalised(w))
                        || ends_with_name && brand_branch(c, &words)
                }
            } else {
                // Names found by their head (not the weaker Indonesian organisation and place rule) hold the names
                // inside them.
                c.priority >= NAME_RULE
                    && matches!(c.label, Label::Org | Label::Agreement | Label::Event | Label::Location)
            };
            if container && inner >= c.priority {
                inner + 1
            } else {
                c.priority
            }
        })
        .collect();
    // The strongest first, then the longest, then the first in the text; among equals, in the order given (the
    // index, last in the key, makes the unstable sort keep it).
    let mut order: Vec<(Reverse<u8>, Reverse<usize>, usize, usize)> = cands
        .iter()
        .zip(&ranks)
        .enumerate()
        .map(|(i, (c, &r))| (Reverse(r), Reverse(c.end - c.start), c.start, i))
        .collect();
    order.sort_unstable();
    let mut taken = SpanSet::default();
    let mut chosen: Vec<Candidate> = Vec::new();
    for &(.., i) in &order {
        let c = &cands[i];
        if taken.insert(c.start, c.end) {
            chosen.push(c.clone());
        }
    }
    chosen
}

/// Non-overlapping spans, for overlap tests in logarithmic time.
///
/// A sorted vector rather than a tree: an article holds a few hundred spans at most, and moving them on an insert
/// costs less than the tree's node allocations.
#[derive(Default)]
pub(crate) struct SpanSet {
    /// Sorted by start, one span per start.
    spans: Vec<(usize, usize)>,
}

impl SpanSet {
    /// The set that inserting `spans` one by one makes.
    fn from_spans<'a>(spans: impl IntoIterator<Item = &'a Candidate>) -> SpanSet {
        let given: Vec<(usize, usize)> = spans.into_iter().map(|c| (c.start, c.end)).collect();
        // Non-empty spans apart from each other (chosen ones are) are each inserted, in whatever order: sorted, they
        // are the set, built without moving spans aside on every insert.
        let mut sorted = given.clone();
        sorted.sort_unstable();
        if sorted.iter().all(|&(s, e)| s < e) && sorted.windows(2).all(|w| w[0].1 <= w[1].0) {
            return SpanSet { spans: sorted };
        }
        let mut set = SpanSet::default();
        for (s, e) in given {
            set.insert(s, e);
        }
        set
    }

    /// Add `[s, e)` unless it overlaps; returns whether it was added. An empty span at the start of another replaces
    /// it, as a map keyed by start would.
    pub(crate) fn insert(&mut self, s: usize, e: usize) -> bool {
        // It overlaps when the last span starting before `e` ends after `s`. The same search gives the new span's
        // place.
        let i = self.spans.partition_point(|&(start, _)| start < e);
        if i > 0 && self.spans[i - 1].1 > s {
            return false;
        }
        // With no overlap, a span starting at or after `s` and before `e` can only be an empty one at `s`: the new
        // span goes in its place; else after every span that starts before `e`, which all start before `s`.
        let i = if i > 0 && self.spans[i - 1].0 == s { i - 1 } else { i };
        match self.spans.get_mut(i) {
            Some(span) if span.0 == s => span.1 = e,
            _ => self.spans.insert(i, (s, e)),
        }
        true
    }
}

/// Legal forms of companies that follow their names in brackets: state-owned (`Persero`, `Perum`, `Perseroda`),
/// listed (`Tbk`), Malaysian (`Bhd`, `Berhad`).
const LEGAL_FORMS: [&str; 6] = ["Persero", "Perum", "Perseroda", "Tbk", "Bhd", "Berhad"];

/// An acronym or short name in parentheses right after a name is a mention of the same kind.
fn add_short_forms(text: &str, chosen: &mut Vec<Candidate>) {
    let mut extra = Vec::new();
    for c in chosen.iter() {
        if !matches!(c.label, Label::Org | Label::Agreement | Label::Event | Label::Location) {
            continue;
        }
        // Most names are not followed by a bracket: a byte test spares them the regex.
        let after = &text[c.end..];
        if !after.trim_start().starts_with('(') {
            continue;
        }
        if let Some(caps) = PAREN_SHORT.captures(after) {
            // A company's legal form in brackets ("PT Pertamina (Persero)") is no name of it.
            if let Some(m) = caps.get(1).filter(|m| !LEGAL_FORMS.contains(&m.as_str())) {
                let (s, e) = (c.end + m.start(), c.end + m.end());
                extra.push(Candidate {
                    start: s,
                    end: e,
                    label: c.label,
                    code: None,
                    value: None,
                    priority: 5,
                    tagged: false,
                });
            }
        }
    }
    if extra.is_empty() {
        return;
    }
    let by_extent: FxHashMap<(usize, usize), usize> =
        chosen.iter().enumerate().map(|(i, c)| ((c.start, c.end), i)).collect();
    let mut replaced = vec![false; chosen.len()];
    let mut added = Vec::new();
    for x in extra {
        match by_extent.get(&(x.start, x.end)) {
            // A name the gazetteer or a rule already read there stands.
            Some(&i) if !chosen[i].tagged => {}
            // The short form replaces a weaker reading of the same extent.
            Some(&i) => {
                if chosen[i].priority <= x.priority {
                    replaced[i] = true;
                    added.push(x);
                }
            }
            None => added.push(x),
        }
    }
    let mut keep = replaced.iter().map(|r| !r);
    chosen.retain(|_| keep.next().unwrap_or(true));
    let mut taken = SpanSet::from_spans(chosen.iter());
    for x in added {
        if taken.insert(x.start, x.end) {
            chosen.push(x);
        }
    }
}

/// A name found once is a name wherever it appears again: the same organisation or person, and each part of a
/// person's name on its own ("Rudy" after "Rudy K. Wirawan").
fn propagate_names(text: &str, chosen: &mut Vec<Candidate>) {
    let mut forms: std::collections::BTreeMap<&str, Label> = std::collections::BTreeMap::new();
    for c in chosen.iter() {
        let s = &text[c.start..c.end];
        match c.label {
            Label::Person => {
                forms.entry(s).or_insert(Label::Person);
                let words: Vec<&str> = s.split_whitespace().collect();
                if words.len() >= 2 {
                    for &w in &words {
                        let w = w.trim_end_matches('.');
                        if w.chars().count() >= 3
                            && w.chars().next().is_some_and(char::is_uppercase)
                            && roles::role_word(w).is_none()
                        {
                            forms.entry(w).or_insert(Label::Person);
                        }
                    }
                }
            }
            Label::Org | Label::Agreement | Label::Event if s.chars().count() >= 3 => {
                // A rule's reading of a form (an instrument's short name defined in brackets) beats the tagger's.
                if c.tagged {
                    forms.entry(s).or_insert(c.label);
                } else {
                    forms.insert(s, c.label);
                }
            }
            _ => {}
        }
    }
    if forms.is_empty() {
        return;
    }
    let patterns: Vec<(&str, Label)> = forms.into_iter().collect();
    let by_extent: FxHashMap<(usize, usize), usize> =
        chosen.iter().enumerate().map(|(i, c)| ((c.start, c.end), i)).collect();
    let mut taken = SpanSet::from_spans(chosen.iter());
    let mut extra: Vec<Candidate> = Vec::new();
    let mut relabel: Vec<(usize, Label)> = Vec::new();
    for (s, e, label) in leftmost_longest(text, &patterns) {
        let before_ok = text[..s].chars().next_back().is_none_or(|ch| !ch.is_alphanumeric());
        let after_ok = text[e..].chars().next().is_none_or(|ch| !ch.is_alphanumeric());
        if !before_ok || !after_ok {
            continue;
        }
        if taken.insert(s, e) {
            extra.push(Candidate { start: s, end: e, label, code: None, value: None, priority: 1, tagged: false });
        } else if let Some(&i) = by_extent.get(&(s, e)) {
            // The tagger (or the place list) read a known person's name, or the short name of an instrument or event
            // the article defined, as something else here: the article's own usage wins.
            let o = &chosen[i];
            let person = label == Label::Person && (o.tagged && o.label != Label::Person || o.label == Label::Location);
            let defined = matches!(label, Label::Agreement | Label::Event) && o.tagged && o.label != label;
            if person || defined {
                relabel.push((i, label));
            }
        }
    }
    for (i, label) in relabel {
        chosen[i].label = label;
        chosen[i].code = None;
    }
    chosen.extend(extra);
}

/// The non-overlapping occurrences of `patterns` in `text`, left to right, the longest where several begin at one
/// place (Aho-Corasick's leftmost-longest search), as (start, end, label). Patterns are few and distinct, so a table
/// of the patterns by first byte, longest first, finds them in one pass without building an automaton per article.
fn leftmost_longest(text: &str, patterns: &[(&str, Label)]) -> Vec<(usize, usize, Label)> {
    let mut order: Vec<usize> = (0..patterns.len()).filter(|&i| !patterns[i].0.is_empty()).collect();
    order.sort_by_key(|&i| (patterns[i].0.as_bytes()[0], std::cmp::Reverse(patterns[i].0.len())));
    // `order[first[b]..first[b + 1]]`: the patterns that begin with byte `b`.
    let mut first = [0u32; 257];
    for &i in &order {
        first[patterns[i].0.as_bytes()[0] as usize + 1] += 1;
    }
    for b in 0..256 {
        first[b + 1] += first[b];
    }
    let begins = |b: u8| first[usize::from(b)] != first[usize::from(b) + 1];
    // The patterns' first bytes lie in `lo..=hi` (capitals, mostly): where they are all ASCII, the search skips
    // eight bytes at a time to the next byte in that range.
    let first_byte = |i: usize| patterns[i].0.as_bytes()[0];
    let range = match (order.first(), order.last()) {
        (Some(&a), Some(&z)) if first_byte(z).is_ascii() => Some((first_byte(a), first_byte(z))),
        _ => None,
    };
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        // Most bytes begin no pattern: skip them in a tight loop.
        if let Some((lo, hi)) = range {
            at += ascii_in_range(&bytes[at..], lo, hi);
            match bytes.get(at) {
                None => break,
                Some(&b) if !begins(b) => {
                    at += 1;
                    continue;
                }
                Some(_) => {}
            }
        } else {
            let Some(skip) = bytes[at..].iter().position(|&b| begins(b)) else { break };
            at += skip;
        }
        let b = bytes[at] as usize;
        let hit = order[first[b] as usize..first[b + 1] as usize]
            .iter()
            .find(|&&i| bytes[at..].starts_with(patterns[i].0.as_bytes()));
        match hit {
            Some(&i) => {
                let end = at + patterns[i].0.len();
                out.push((at, end, patterns[i].1));
                at = end;
            }
            None => at += 1,
        }
    }
    out
}

/// The position in `bytes` of the first byte in `lo..=hi` (ASCII bytes), or of the last few bytes, whose eight do
/// not fill a word, where there is none before them.
fn ascii_in_range(bytes: &[u8], lo: u8, hi: u8) -> usize {
    use crate::text::starts::{in_range, HIGH};
    let mut n = 0;
    while let Some(eight) = bytes.get(n..n + 8) {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        // With their high bits cleared every byte is ASCII, which `in_range` needs; `!x` then leaves out the bytes
        // beyond ASCII.
        let inside = in_range(x & !HIGH, lo, hi) & !x;
        if inside != 0 {
            return n + (inside.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n
}

/// Link each parenthesised short form to the name it follows.
fn mark_abbreviations(text: &str, found: &mut [Found]) {
    for i in 1..found.len() {
        let (prev, cur) = (&found[i - 1], &found[i]);
        if prev.label != cur.label || prev.end > cur.start {
            continue;
        }
        let between = &text[prev.end..cur.start];
        if between.trim() == "(" && text[cur.end..].trim_start().starts_with(')') {
            found[i].abbreviates = Some(i - 1);
        }
    }
}

fn known_of(found: &[Found]) -> Vec<Known> {
    found.iter().map(|f| Known { start: f.start, end: f.end, label: f.label, code: f.code.clone() }).collect()
}

/// The sentence (byte range) around `at`: from the previous sentence end or line break to the next.
fn sentence_around(text: &str, at: usize, end: usize) -> (usize, usize) {
    // Bounded both ways: a text without sentence ends must not make this quadratic.
    let lo = crate::text::floor_boundary(text, at.saturating_sub(SENTENCE_REACH));
    let hi = crate::text::ceil_boundary(text, end + SENTENCE_REACH);
    let (start, stop) = sentence_within(&text[lo..hi], at - lo, end - lo);
    (lo + start, lo + stop)
}

/// How far `sentence_around` looks for the ends of a sentence, in bytes.
const SENTENCE_REACH: usize = 600;

fn sentence_within(text: &str, at: usize, end: usize) -> (usize, usize) {
    // The marks looked for are ASCII, and an ASCII byte of UTF-8 text is always a whole character: the scans go by
    // byte, not by decoded character.
    // The sentence ends within the line: the line breaks are found first, then the end marks between them, each
    // by a vectorised byte search.
    let bytes = text.as_bytes();
    let space_after = |i: usize, limit: usize| i + 1 < limit && bytes[i + 1] == b' ';
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let start = memchr::memrchr3_iter(b'.', b'!', b'?', &bytes[line_start..at])
        .map(|i| line_start + i)
        .find(|&i| {
            space_after(i, at)
                && text[..i].chars().next_back().is_some_and(|p| p.is_lowercase() || p == ')' || p.is_ascii_digit())
                && !abbreviation_before(text, i)
        })
        .map_or(line_start, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &bytes[end..]).map_or(text.len(), |i| end + i);
    let stop = memchr::memchr3_iter(b'.', b'!', b'?', &bytes[end..line_end])
        .map(|i| end + i)
        .find(|&i| space_after(i, text.len()))
        .unwrap_or(line_end);
    (start, stop)
}

/// Whether the word before the full stop at byte `i` is a capitalised abbreviation (`Gen.`, `Dr.`), which ends
/// no sentence: "Lt. Gen. Ana Rojas" is one.
fn abbreviation_before(text: &str, i: usize) -> bool {
    let s = crate::text::ascii_letters_before(text.as_bytes(), i);
    s < i && text.as_bytes()[s].is_ascii_uppercase() && crate::text::is_abbreviation(&text[s..i])
}

fn attach_roles(text: &str, found: &mut [Found], gazetteer: &Gazetteer) {
    let known = known_of(found);
    for person in found.iter_mut().filter(|f| f.label == Label::Person) {
        let (s, e) = sentence_around(text, person.start, person.end);
        let role = roles::role_before(text, s, person.start, &known)
            .or_else(|| roles::role_after(text, person.end, e, &known));
        if let Some(r) = role {
            // Else the country the title's organisation names, or is the body of (`Kominfo`).
            let country = r.country.clone().or_else(|| {
                r.orgs.iter().find_map(|&(os, oe)| {
                    let hits = gazetteer.scan(&text[os..oe], None);
                    let named = hits.iter().find(|g| matches!(g.label, Label::Country | Label::Norp));
                    let body = || {
                        let key = hits.iter().filter(|g| g.label == Label::Org).find_map(|g| g.code.as_deref())?;
                        crate::gazetteer::body_country(key)
                    };
                    named.and_then(|g| g.code.clone()).or_else(body)
                })
            });
            person.role = Some((r.title, country));
        }
    }
}

/// An organisation's country: named in it (`... of Indonesia`, `Indonesian ...`), or as a possessive before it
/// (`China’s Foreign Ministry`); a government body named in Indonesian is Indonesian; a national body of the
/// gazetteer (`Kominfo`) is its country's.
fn attach_org_countries(
    text: &str,
    found: &mut [Found],
    language: Option<&str>,
    gazetteer: &Gazetteer,
    indonesian: bool,
) {
    for i in 0..found.len() {
        if found[i].label != Label::Org {
            continue;
        }
        if let Some(key) = &found[i].code {
            found[i].country = crate::gazetteer::body_country(key);
            continue;
        }
        let name = &text[found[i].start..found[i].end];
        let inner = gazetteer
            .scan(name, language)
            .into_iter()
            .find(|g| matches!(g.label, Label::Country | Label::Norp))
            .and_then(|g| g.code);
        let possessive = (i > 0 && matches!(found[i - 1].label, Label::Country) && {
            let between = &text[found[i - 1].end..found[i].start];
            matches!(between.trim_start_matches(['’', '\'']).trim(), "s")
        })
        .then(|| found[i - 1].code.clone())
        .flatten();
        let national = (indonesian
            && name.split_whitespace().next().is_some_and(|w| {
                matches!(
                    w,
                    "Kementerian"
                        | "Kemenko"
                        | "Badan"
                        | "Lembaga"
                        | "Komisi"
                        | "Dewan"
                        | "Direktorat"
                        | "Kepolisian"
                        | "Kejaksaan"
                        | "Mahkamah"
                        | "Majelis"
                )
            }))
        .then(|| CompactString::const_new("IDN"));
        found[i].country = inner.or(possessive).or(national);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `SpanSet` as first written: a map by start, the overlap test and the place of a span each searched.
    fn insert_by_two_searches(spans: &mut Vec<(usize, usize)>, s: usize, e: usize) -> bool {
        let i = spans.partition_point(|&(start, _)| start < e);
        if i > 0 && spans[i - 1].1 > s {
            return false;
        }
        let i = spans.partition_point(|&(start, _)| start < s);
        match spans.get_mut(i) {
            Some(span) if span.0 == s => span.1 = e,
            _ => spans.insert(i, (s, e)),
        }
        true
    }

    #[test]
    fn the_outlet_opening_a_credit_is_an_organisation() {
        let text = "He said so. (Warta/TR/Ana Ruiz/WW)\nShe left. (ant/rr)\nThey met (TR/WW)\nOn (Rabu/12/4)\n(Kabar/)";
        let found: Vec<&str> = credited_outlets(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["Warta"]);
    }

    #[test]
    fn a_capitalised_abbreviation_ends_no_sentence() {
        let text = "It rained. Lt. Gen. Ana Rojas spoke, then Dr. Lim. Both left.";
        let at = text.find("Ana").unwrap();
        assert_eq!(&text[sentence_around(text, at, at + 9).0..at], " Lt. Gen. ");
        let lim = text.find("Lim").unwrap();
        assert_eq!(sentence_around(text, lim, lim + 3), (10, text.find(". Both").unwrap()));
    }

    #[test]
    fn span_sets_keep_what_two_searches_kept() {
        // A small linear congruential generator: spans of every kind, empty ones included, in any order.
        let mut draw = crate::testing::sequence(7);
        let mut next = |n: u64| draw() % n as usize;
        for _ in 0..300 {
            let (mut set, mut reference) = (SpanSet::default(), Vec::new());
            let mut given = Vec::new();
            for _ in 0..next(40) {
                let s = next(60);
                let e = s + next(6);
                given.push(Candidate {
                    start: s,
                    end: e,
                    label: Label::Org,
                    code: None,
                    value: None,
                    priority: 0,
                    tagged: false,
                });
                assert_eq!(set.insert(s, e), insert_by_two_searches(&mut reference, s, e));
                assert_eq!(set.spans, reference);
            }
            let mut one_by_one = Vec::new();
            for c in &given {
                insert_by_two_searches(&mut one_by_one, c.start, c.end);
            }
            assert_eq!(SpanSet::from_spans(given.iter()).spans, one_by_one);
            let chosen: Vec<Candidate> =
                given.iter().filter(|c| one_by_one.contains(&(c.start, c.end)) && c.start < c.end).cloned().collect();
            let apart: Vec<(usize, usize)> = {
                let mut r = Vec::new();
                for c in &chosen {
                    insert_by_two_searches(&mut r, c.start, c.end);
                }
                r
            };
            assert_eq!(SpanSet::from_spans(chosen.iter()).spans, apart);
        }
    }

    #[test]
    fn ascii_in_range_finds_the_first_byte_a_byte_search_finds() {
        let text = "abc Def ghi\u{e9}JKL mno pqrstuvwxyz 0123 [x] ~\u{7f} \u{100}Z";
        for (lo, hi) in [(b'A', b'Z'), (b'a', b'z'), (0, 0x7f), (b'0', b'9'), (b'[', b'['), (0x7f, 0x7f), (b'~', b'~')]
        {
            for from in 0..text.len() {
                let bytes = &text.as_bytes()[from..];
                let n = ascii_in_range(bytes, lo, hi);
                let first = bytes.iter().position(|b| (lo..=hi).contains(b)).unwrap_or(bytes.len());
                // The eight-byte search stops at the first byte in range, or at the last few bytes before it.
                assert!(n == first || n <= first && bytes.len() - n < 8, "{lo} {hi} {from}: {n} {first}");
                assert!(bytes[..n].iter().all(|b| !(lo..=hi).contains(b)));
            }
        }
    }

    #[test]
    fn domains_are_what_a_search_of_the_whole_text_finds() {
        let whole = Regex::new(&format!(r"(?-u:\b)[A-Z][A-Za-z0-9-]*\.{DOMAIN_ENDINGS}(?-u:\b)")).expect("valid regex");
        let texts = [
            "Read HARIAN.com and EXAMPLE.CO.ID, not example.com. Also Warta.com's view (Kabar.news).",
            "A.co.idea B.co.id C.Co.Id.x D.com.E.net F-G.org x-Y.net _Z.com 1A.com é.com éA.com Ab_C.com",
            "Foo.co.uk, Foo.co.\u{212a}, Foo.new\u{17f}, Foo.go.id. End. Next.Org Bar.\u{e9}com Q.nets R.id.",
            "Two.Three.com A-.com -B.com A.B.C.com Mid.Sentence.Com. .com X. com",
        ];
        for text in texts {
            let found: Vec<(usize, usize)> = whole.find_iter(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(domains(text), found, "{text:?}");
        }
    }
}
