//! Gazetteer matching: names of countries, nationalities, places and intergovernmental bodies found in text.
//!
//! The tables are the TSV files under `data/gazetteer/` (see their headers and `scripts/make_gazetteers.py`),
//! compiled in and turned into one ASCII-case-insensitive Aho-Corasick automaton on first use. Every name starts
//! with a capital letter in the text, so the automaton is walked, anchored, only from the capitalised word starts
//! (a linear pass: each walk ends within the longest name). Every hit is then checked where it stands: it must end
//! on a word boundary (so `Indonesia’s` gives `Indonesia`), an acronym or a form of three characters or fewer must
//! match as written,
//! an acronym that belongs to one language matches only in text of that language (`AS` is the United States only
//! in Indonesian), and a place named like a common word is not taken at the start of a sentence. Of the hits that
//! pass, the leftmost-longest non-overlapping ones are kept (`Korean Peninsula` over `Korean`).

mod data;

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use crate::model::Label;
use data::{Entry, Source};

/// One gazetteer hit, as byte offsets into the scanned text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GazMatch {
    pub start: usize,
    pub end: usize,
    /// `Country`, `Norp`, `Location` or `Org` (or whatever label an extra entry carries).
    pub label: Label,
    /// ISO 3166-1 alpha-3 for countries, demonyms and places; the shared key (`ASEAN`, `UN`) for blocs.
    pub code: Option<String>,
    /// The language the matched form belongs to (`en`, `id`); `None` when it is used in both.
    pub lang: Option<&'static str>,
}

/// A compiled gazetteer: the built-in tables, optionally with caller-supplied entries.
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// For each automaton pattern, the entries spelt that way (ignoring ASCII case), best first.
    by_pattern: Vec<Vec<u32>>,
    /// `None` only if the automaton could not be built (it cannot for the shipped tables); then nothing matches.
    automaton: Option<NFA>,
}

static DEFAULT: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::build(data::builtin_entries()));

/// Country names and demonyms to ISO3: exact spelling, and lowercased for forms longer than three characters.
static COUNTRY_CODES: LazyLock<NameIndex<&'static str>> = LazyLock::new(|| NameIndex::new(data::country_names()));

/// Names of places that are not countries.
static PLACE_NAMES: LazyLock<NameIndex<()>> = LazyLock::new(|| NameIndex::new(data::place_names().map(|n| (n, ()))));

/// How far back `at_sentence_start` looks for the previous visible character.
const SENTENCE_LOOKBACK: usize = 64;

/// Scan `text` with the built-in gazetteer; `lang` is the text's ISO 639-1 code if known (`en`, `id`).
pub fn scan(text: &str, lang: Option<&str>) -> Vec<GazMatch> {
    Gazetteer::default().scan(text, lang)
}

/// The ISO3 code of a country named by any of its names, abbreviations or demonyms (`Tiongkok`, `US`, `Korean`).
pub fn country_code(name: &str) -> Option<&'static str> {
    COUNTRY_CODES.get(name).copied()
}

/// Whether `name` is a known place that is not a country: a city, province, region, sea or dependent territory.
pub fn is_place(name: &str) -> bool {
    PLACE_NAMES.get(name).is_some()
}

impl Gazetteer {
    /// The built-in gazetteer, compiled once.
    // Not `Default`: the built-in gazetteer is shared, never built again per caller.
    #[allow(clippy::should_implement_trait)]
    pub fn default() -> &'static Gazetteer {
        &DEFAULT
    }

    /// The built-in tables plus `entries` (`name, label, code`), which win over built-in entries of the same form.
    pub fn with_extra(entries: Vec<(String, Label, Option<String>)>) -> Gazetteer {
        let mut all: Vec<Entry> = entries
            .into_iter()
            .filter(|(name, _, _)| !name.trim().is_empty())
            .map(|(name, label, code)| Entry::new(Cow::Owned(name), label, code.map(Cow::Owned), None, Source::Extra))
            .collect();
        all.extend(data::builtin_entries());
        Gazetteer::build(all)
    }

    fn build(entries: Vec<Entry>) -> Gazetteer {
        let mut pattern_of: HashMap<String, usize> =
            HashMap::with_capacity_and_hasher(entries.len(), Default::default());
        let mut patterns: Vec<&str> = Vec::with_capacity(entries.len());
        let mut by_pattern: Vec<Vec<u32>> = Vec::with_capacity(entries.len());
        for (idx, entry) in entries.iter().enumerate() {
            let Ok(idx) = u32::try_from(idx) else { break };
            let key = entry.name.to_ascii_lowercase();
            let pattern = *pattern_of.entry(key).or_insert_with(|| {
                patterns.push(&entry.name);
                by_pattern.push(Vec::new());
                patterns.len() - 1
            });
            if let Some(list) = by_pattern.get_mut(pattern) {
                list.push(idx);
            }
        }
        for list in &mut by_pattern {
            list.sort_by_key(|&idx| entries.get(idx as usize).map(|e| e.source));
        }
        // Standard semantics keep every pattern's match state, so a walk sees each name that is a prefix of a longer
        // one: the longest hit may fail its checks while a shorter one passes (`south Korea` still gives `Korea`).
        let automaton =
            NFA::builder().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(&patterns).ok();
        Gazetteer { entries, by_pattern, automaton }
    }

    /// All gazetteer names in `text`: non-overlapping, leftmost-longest, sorted by position.
    pub fn scan(&self, text: &str, lang: Option<&str>) -> Vec<GazMatch> {
        let Some(nfa) = &self.automaton else {
            return Vec::new();
        };
        let Ok(start_state) = nfa.start_state(Anchored::Yes) else {
            return Vec::new();
        };
        let lang = normalise_lang(lang);
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut taken_to = 0;
        let mut after_word = false;
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            let (is_word, is_upper, width) = if byte.is_ascii() {
                (byte.is_ascii_alphanumeric(), byte.is_ascii_uppercase(), 1)
            } else {
                match text.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) => (c.is_alphanumeric(), c.is_uppercase(), c.len_utf8()),
                    None => (false, false, 1),
                }
            };
            if is_upper && !after_word && at >= taken_to {
                if let Some((end, idx)) = self.longest_at(nfa, start_state, text, at, lang) {
                    if let Some(entry) = self.entries.get(idx as usize) {
                        out.push(GazMatch {
                            start: at,
                            end,
                            label: entry.label,
                            code: entry.code.as_deref().map(str::to_owned),
                            lang: entry.lang,
                        });
                        taken_to = end;
                    }
                }
            }
            after_word = is_word;
            at += width;
        }
        out
    }

    /// The longest name starting at `start` that passes its checks, as `(end, entry)`.
    fn longest_at(
        &self,
        nfa: &NFA,
        start_state: StateID,
        text: &str,
        start: usize,
        lang: Option<&str>,
    ) -> Option<(usize, u32)> {
        let mut state = start_state;
        let mut best = None;
        for (offset, &byte) in text.as_bytes().get(start..)?.iter().enumerate() {
            state = nfa.next_state(Anchored::Yes, state, byte);
            if nfa.is_dead(state) {
                break;
            }
            if !nfa.is_match(state) {
                continue;
            }
            let end = start + offset + 1;
            for i in 0..nfa.match_len(state) {
                let pattern = nfa.match_pattern(state, i);
                // A match state also carries the names that are proper suffixes of the path (they start later).
                if nfa.pattern_len(pattern) != end - start || !ends_word(text, end) {
                    continue;
                }
                if let Some(idx) = self.pick(text, start, end, pattern.as_usize(), lang) {
                    best = Some((end, idx));
                }
            }
        }
        best
    }

    /// The entry a hit stands for, if any passes the checks: one of the text's language first, else the first by
    /// precedence (caller's extras, countries, blocs, demonyms, territories, places).
    fn pick(&self, text: &str, start: usize, end: usize, pattern: usize, lang: Option<&str>) -> Option<u32> {
        let found = text.get(start..end)?;
        let mut fallback = None;
        for &idx in self.by_pattern.get(pattern)? {
            let Some(entry) = self.entries.get(idx as usize) else {
                continue;
            };
            if !case_fits(entry, found) || (entry.gated && entry.lang != lang) {
                continue;
            }
            if is_common_word_here(entry, text, start, found, lang) {
                continue;
            }
            if entry.source == Source::Extra || (lang.is_some() && entry.lang == lang) {
                return Some(idx);
            }
            fallback = fallback.or(Some(idx));
        }
        fallback
    }
}

/// `en` or `id` from a language tag (`en-GB`, `in` and `ind` count); `None` for any other or unknown language.
fn normalise_lang(lang: Option<&str>) -> Option<&'static str> {
    let tag = lang?.trim().to_ascii_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    match primary {
        "en" | "eng" => Some("en"),
        "id" | "in" | "ind" => Some("id"),
        _ => None,
    }
}

/// The hit does not run on into a word (`Indonesia’s` and `US-based` pass, `Indonesian` does not give `Indonesia`).
fn ends_word(text: &str, end: usize) -> bool {
    match text.get(end..) {
        Some(rest) => !rest.chars().next().is_some_and(char::is_alphanumeric),
        None => false,
    }
}

/// Acronyms and short forms as written; names capitalised in the text (or as the table writes them: `eSwatini`).
fn case_fits(entry: &Entry, found: &str) -> bool {
    if entry.exact_case {
        return found == entry.name;
    }
    match found.chars().next() {
        Some(first) => first.is_uppercase() || entry.name.starts_with(first),
        None => false,
    }
}

/// A place named like a common word of the text's language (`Lima` is "five", `Batu` is "stone"), standing where a
/// capital letter says nothing: at the start of a sentence, and not written all in capitals (a dateline).
fn is_common_word_here(entry: &Entry, text: &str, start: usize, found: &str, lang: Option<&str>) -> bool {
    let common = match lang {
        Some("en") => entry.common_en,
        Some("id") => entry.common_id,
        _ => entry.common_en || entry.common_id,
    };
    common && found.chars().any(char::is_lowercase) && at_sentence_start(text, start)
}

/// Whether the text before `start` ends a sentence (or is empty), looking past spaces.
fn at_sentence_start(text: &str, start: usize) -> bool {
    let Some(before) = text.get(..start) else {
        return false;
    };
    let mut spaces = 0;
    for c in before.chars().rev().take(SENTENCE_LOOKBACK) {
        match c {
            ' ' | '\t' | '\u{a0}' => spaces += 1,
            '.' | '!' | '?' | '\n' | '\r' | '"' | '“' | '”' | '‘' | '(' | '[' | ':' | ';' | '…' | '•' | '–' | '—' => {
                return true
            }
            '\'' | '’' => return spaces == 0,
            '-' => return spaces > 0,
            _ => return false,
        }
    }
    true
}

/// Lookup by exact spelling, then by lowercase spelling for forms longer than three characters; a leading `the`
/// and a trailing possessive are ignored. The first value given for a spelling wins.
struct NameIndex<V> {
    exact: HashMap<&'static str, V>,
    folded: HashMap<String, V>,
}

impl<V: Copy> NameIndex<V> {
    fn new(items: impl Iterator<Item = (&'static str, V)>) -> NameIndex<V> {
        let mut exact = HashMap::default();
        let mut folded = HashMap::default();
        for (name, value) in items {
            exact.entry(name).or_insert(value);
            let acronym = !name.chars().any(char::is_lowercase);
            if name.chars().count() > 3 && !acronym {
                folded.entry(name.to_lowercase()).or_insert(value);
            }
        }
        NameIndex { exact, folded }
    }

    fn get(&self, name: &str) -> Option<&V> {
        let name = strip_name(name);
        self.exact.get(name).or_else(|| {
            if name.chars().count() > 3 && name.chars().any(char::is_lowercase) {
                self.folded.get(&name.to_lowercase())
            } else {
                None
            }
        })
    }
}

/// `the Philippines’` -> `Philippines`, `Indonesia's` -> `Indonesia`.
fn strip_name(name: &str) -> &str {
    let mut name = name.trim();
    for article in ["the ", "The ", "THE "] {
        if let Some(rest) = name.strip_prefix(article) {
            name = rest.trim_start();
        }
    }
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(rest) = name.strip_suffix(suffix) {
            return rest.trim_end();
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans<'a>(text: &'a str, lang: Option<&str>) -> Vec<(&'a str, Label, Option<String>)> {
        scan(text, lang).into_iter().map(|m| (text.get(m.start..m.end).unwrap_or("?"), m.label, m.code)).collect()
    }

    #[test]
    fn boundaries_and_possessive() {
        let got = spans("Indonesia’s exports grew while Indonesians travelled.", Some("en"));
        assert_eq!(got[0], ("Indonesia", Label::Country, Some("IDN".into())));
        assert_eq!(got[1], ("Indonesians", Label::Norp, Some("IDN".into())));
        assert!(spans("Indonesiana", None).is_empty());
    }

    #[test]
    fn lowercase_names_do_not_match() {
        assert!(spans("the china shop sold turkey", Some("en")).is_empty());
    }

    #[test]
    fn rejected_long_hit_leaves_the_shorter_one() {
        let got = spans("a south Korea trip", Some("en"));
        assert_eq!(got, vec![("Korea", Label::Country, Some("KOR".into()))]);
    }

    #[test]
    fn sentence_start_detection() {
        assert!(at_sentence_start("Lima", 0));
        assert!(at_sentence_start("Done. Lima", 6));
        assert!(!at_sentence_start("in Lima", 3));
        assert!(at_sentence_start("JAKARTA - Lima", 10));
        assert!(!at_sentence_start("Indonesia-Lima", 10));
    }

    #[test]
    fn common_word_place_at_sentence_start() {
        assert!(spans("Lima orang tewas.", Some("id")).is_empty());
        let got = spans("Delegasi tiba di Lima kemarin.", Some("id"));
        assert_eq!(got, vec![("Lima", Label::Location, Some("PER".into()))]);
        let got = spans("Lima hosted the forum.", Some("en"));
        assert_eq!(got.len(), 1, "lima is no English word");
    }

    #[test]
    fn language_tags() {
        assert_eq!(normalise_lang(Some("en-GB")), Some("en"));
        assert_eq!(normalise_lang(Some("in")), Some("id"));
        assert_eq!(normalise_lang(Some("ms")), None);
        assert_eq!(normalise_lang(None), None);
    }

    #[test]
    fn name_stripping() {
        assert_eq!(strip_name(" the Philippines’ "), "Philippines");
        assert_eq!(strip_name("Indonesia's"), "Indonesia");
    }
}
