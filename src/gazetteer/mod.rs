//! Gazetteer matching: names of countries, nationalities, places and intergovernmental bodies found in text.
//!
//! The tables are the TSV files under `data/gazetteer/` (see their headers and `scripts/make_gazetteers.py`),
//! compiled in and turned into one trie of their spellings, ignoring ASCII case, on first use. Every name starts
//! with a capital letter in the text, so the trie is walked only from the capitalised word starts (a linear pass:
//! each walk ends within the longest name). Every hit is then checked where it stands: it must end
//! on a word boundary (so `Indonesia’s` gives `Indonesia`), an acronym or a form of three characters or fewer must
//! match as written,
//! an acronym that belongs to one language matches only in text of that language (`AS` is the United States only
//! in Indonesian), and a place named like a common word is not taken at the start of a sentence. Of the hits that
//! pass, the leftmost-longest non-overlapping ones are kept (`Korean Peninsula` over `Korean`).

mod data;
mod trie;

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::LazyLock;

use crate::model::Label;
use data::{Entry, Source};
use trie::Trie;

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
    /// Entry indices grouped by spelling (ignoring ASCII case), best first within a spelling.
    by_key: Vec<u32>,
    /// The entries of the trie's key `k` are `by_key[key_starts[k]..key_starts[k + 1]]`.
    key_starts: Vec<usize>,
    /// Which words can begin a name: most capitalised words of a text begin none and are not looked up.
    first_words: FirstWords,
    /// `None` only if the trie could not be built (it cannot for the shipped tables); then nothing matches.
    trie: Option<Trie>,
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
        // Entries by spelling (ignoring ASCII case), and within one spelling by precedence, then table order.
        let mut keyed: Vec<(String, Source, u32)> = entries
            .iter()
            .zip(0u32..)
            .map(|(entry, idx)| (entry.name.to_ascii_lowercase(), entry.source, idx))
            .collect();
        keyed.sort_unstable();
        let mut keys: Vec<String> = Vec::new();
        let mut by_key = Vec::with_capacity(keyed.len());
        let mut key_starts = Vec::new();
        for (pos, (key, _, idx)) in keyed.into_iter().enumerate() {
            if keys.last() != Some(&key) {
                keys.push(key);
                key_starts.push(pos);
            }
            by_key.push(idx);
        }
        key_starts.push(by_key.len());
        let first_words = FirstWords::new(&keys);
        let trie = Trie::new(&keys);
        Gazetteer { entries, by_key, key_starts, first_words, trie }
    }

    /// All gazetteer names in `text`: non-overlapping, leftmost-longest, sorted by position.
    pub fn scan(&self, text: &str, lang: Option<&str>) -> Vec<GazMatch> {
        let Some(trie) = &self.trie else {
            return Vec::new();
        };
        let lang = normalise_lang(lang);
        let mut out = Vec::new();
        let mut taken_to = 0;
        for at in capitalised_starts(text) {
            if at < taken_to {
                continue;
            }
            if let Some((end, idx)) = self.longest_at(trie, text, at, lang) {
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
        out
    }

    /// The longest name starting at `start` that passes its checks, as `(end, entry)`.
    fn longest_at(&self, trie: &Trie, text: &str, start: usize, lang: Option<&str>) -> Option<(usize, u32)> {
        let rest = text.as_bytes().get(start..)?;
        if !self.first_words.may_begin_name(rest) {
            return None;
        }
        let mut best = None;
        // Every name that is a prefix here is tried: the longest may fail its checks while a shorter one passes
        // (`south Korea` still gives `Korea`).
        for (len, key) in trie.prefixes(rest) {
            let end = start + len;
            if !ends_word(text, end) {
                continue;
            }
            if let Some(idx) = self.pick(text, start, end, key, lang) {
                best = Some((end, idx));
            }
        }
        best
    }

    /// The entry a hit stands for, if any passes the checks: one of the text's language first, else the first by
    /// precedence (caller's extras, countries, blocs, demonyms, territories, places).
    fn pick(&self, text: &str, start: usize, end: usize, key: usize, lang: Option<&str>) -> Option<u32> {
        let found = text.get(start..end)?;
        let mut fallback = None;
        let entries = self.by_key.get(*self.key_starts.get(key)?..*self.key_starts.get(key + 1)?)?;
        for &idx in entries {
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

/// The first words of the names, as bits of a hash table (a Bloom filter with one hash): a name's first word is its
/// leading run of ASCII letters and digits (`u` of `u.s.`, empty for `Île-de-France`). Where a name matches and
/// ends on a word boundary, the text's first word is the same (ignoring ASCII case): the name either has another
/// byte after its first word, and the text has that byte there, or is one word followed by no letter or digit. So
/// a word whose bit is clear begins no name; the bits fit in cache where the trie does not.
struct FirstWords {
    bits: Vec<u64>,
}

/// log2 of the number of bits: about thirty times the number of distinct first words, for few false hits.
const FIRST_WORD_BITS: u32 = 18;

impl FirstWords {
    fn new(keys: &[String]) -> FirstWords {
        let mut bits = vec![0u64; 1 << (FIRST_WORD_BITS - 6)];
        for key in keys {
            let slot = first_word_slot(key.as_bytes());
            if let Some(word) = bits.get_mut(slot >> 6) {
                *word |= 1 << (slot & 63);
            }
        }
        FirstWords { bits }
    }

    /// Whether a name may start at the beginning of `text`.
    fn may_begin_name(&self, text: &[u8]) -> bool {
        let slot = first_word_slot(text);
        self.bits.get(slot >> 6).is_some_and(|word| word & (1 << (slot & 63)) != 0)
    }
}

/// The bit of the first word of `text` (lowercased), in `0..1 << FIRST_WORD_BITS`.
fn first_word_slot(text: &[u8]) -> usize {
    let mut hash: u64 = 0;
    for &byte in text.iter().take_while(|b| b.is_ascii_alphanumeric()) {
        hash = (hash.rotate_left(5) ^ u64::from(byte.to_ascii_lowercase())).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    (hash >> (64 - FIRST_WORD_BITS)) as usize
}

/// Byte offsets of the uppercase characters of `text` that follow no letter or digit: where names can start.
fn capitalised_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    // The ASCII starts are capitals; a character outside ASCII is checked here.
    crate::text::starts::capital_starts(text).filter(move |&at| {
        text.as_bytes().get(at).is_some_and(u8::is_ascii)
            || text.get(at..).and_then(|rest| rest.chars().next()).is_some_and(char::is_uppercase)
    })
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
    fn names_start_at_capitals_after_no_letter_or_digit() {
        let text = "In Jakarta,ASEAN’s É.U. xY 9Z éA";
        let starts: Vec<&str> = capitalised_starts(text).map(|at| &text[at..]).collect();
        assert_eq!(
            starts,
            vec![
                "In Jakarta,ASEAN’s É.U. xY 9Z éA",
                "Jakarta,ASEAN’s É.U. xY 9Z éA",
                "ASEAN’s É.U. xY 9Z éA",
                "É.U. xY 9Z éA",
                "U. xY 9Z éA"
            ]
        );
    }

    #[test]
    fn first_words_pass_every_name_that_can_match() {
        let keys: Vec<String> = ["u.s.", "korea selatan", "île-de-france"].map(String::from).to_vec();
        let first_words = FirstWords::new(&keys);
        for text in ["U.S.-based", "KOREA Selatan", "Korea", "Île-de-France"] {
            assert!(first_words.may_begin_name(text.as_bytes()), "{text}");
        }
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
