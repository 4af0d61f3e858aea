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

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::LazyLock;

use crate::model::Label;
use crate::text::lowercase;
use data::{Entry, Source};
use trie::{Place, Trie};

/// One gazetteer hit, as byte offsets into the scanned text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GazMatch {
    pub start: usize,
    pub end: usize,
    /// `Country`, `Norp`, `Location` or `Org` (or whatever label an extra entry carries).
    pub label: Label,
    /// ISO 3166-1 alpha-3 for countries, demonyms and places; the shared key (`ASEAN`, `UN`) for blocs.
    pub code: Option<CompactString>,
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
    /// Where in the trie the names of each first word go on: most capitalised words of a text begin no name and
    /// are not walked, and the others skip the walk through their first word, where the trie branches most.
    first_words: FirstWords,
    /// `None` only if the trie could not be built (it cannot for the shipped tables); then nothing matches.
    trie: Option<Trie>,
}

static DEFAULT: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::prebuilt(PREBUILT).unwrap_or_else(|| Gazetteer::build(data::builtin_entries())));

/// The built-in gazetteer derived ahead of time (see [`prebuilt_table`]): reading the tables' rows into some
/// 110,000 entries, sorting and grouping their spellings and building the trie was two fifths of the start-up's
/// work.
static PREBUILT: &[u8] = include_bytes!("../../data/prebuilt/gazetteer.bin");

/// The fingerprint of the tables the built-in gazetteer is derived from.
fn builtin_fingerprint() -> u64 {
    crate::prebuilt::fingerprint(&[
        data::COUNTRIES.as_bytes(),
        data::DEMONYMS.as_bytes(),
        data::BLOCS.as_bytes(),
        data::BODIES.as_bytes(),
        data::PLACES.as_bytes(),
    ])
}

/// The file `make tables` writes for the built-in gazetteer: its entries, their grouping by spelling (`by_key`,
/// `key_starts`), its trie's nodes and its first words (packed word, node, depth), as [`Gazetteer::build`] derives
/// them from the built-in tables.
pub(crate) fn prebuilt_table() -> Vec<u8> {
    let g = Gazetteer::build(data::builtin_entries());
    let mut w = crate::prebuilt::Writer::new(builtin_fingerprint());
    data::write_entries(&mut w, &g.entries);
    w.u32s(&g.by_key);
    w.u32s(&g.key_starts.iter().map(|&k| k as u32).collect::<Vec<_>>());
    w.bytes(g.trie.as_ref().map(Trie::as_bytes).unwrap_or_default());
    let mut words: Vec<(u128, Place)> = g.first_words.places.iter().map(|(&k, &p)| (k, p)).collect();
    words.sort_unstable_by_key(|&(k, _)| k);
    w.u64s(&words.iter().map(|&(k, _)| k as u64).collect::<Vec<_>>());
    w.u64s(&words.iter().map(|&(k, _)| (k >> 64) as u64).collect::<Vec<_>>());
    w.u32s(&words.iter().map(|&(_, p)| p.node).collect::<Vec<_>>());
    w.u32s(&words.iter().map(|&(_, p)| p.depth).collect::<Vec<_>>());
    w.finish()
}

/// Country names and demonyms to ISO3: exact spelling, and lowercased for forms longer than three characters.
static COUNTRY_CODES: LazyLock<NameIndex<&'static str>> = LazyLock::new(|| NameIndex::new(data::country_names()));

/// The countries of national government bodies, by key.
static BODY_COUNTRIES: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| data::body_countries().collect());

/// Names of places that are not countries.
static PLACE_NAMES: LazyLock<NameIndex<bool>> = LazyLock::new(|| NameIndex::new(data::place_names()));

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

/// The country of a national government body of the gazetteer, by the key its forms share (`Kominfo`: `IDN`); `None`
/// for an intergovernmental one (`ASEAN`).
pub fn body_country(key: &str) -> Option<CompactString> {
    BODY_COUNTRIES.get(key).map(|&iso3| CompactString::const_new(iso3))
}

/// Whether `name` is a known place that is not a country: a city, province, region, sea or dependent territory.
pub fn is_place(name: &str) -> bool {
    PLACE_NAMES.get(name).is_some()
}

/// Whether `name` is a prominent place (see [`is_place`]): not a town, or a town of 100,000 people or more. A person
/// named like a small town (a surname) is more often meant by that name than the town.
pub fn is_prominent_place(name: &str) -> bool {
    PLACE_NAMES.get(name).copied().unwrap_or(false)
}

/// [`is_prominent_place`] for a name as written, or lowercased as the lists hold a name written in capitals
/// (`MADRID`, `NEW YORK`).
pub fn is_prominent_place_any_case(name: &str) -> bool {
    is_prominent_place(name) || is_prominent_place(&crate::text::lowercase(name))
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
        // The built-in entries as the built-in gazetteer holds them (read from its prebuilt table), not parsed
        // from the tables again.
        all.extend(DEFAULT.entries.iter().cloned());
        Gazetteer::build(all)
    }

    /// The built-in gazetteer as `file` holds it (see [`prebuilt_table`]); `None` if the file was derived from
    /// other tables.
    fn prebuilt(file: &'static [u8]) -> Option<Gazetteer> {
        let mut r = crate::prebuilt::Reader::new(file, builtin_fingerprint())?;
        let entries = data::read_entries(&mut r)?;
        let n = entries.len();
        let by_key = r.u32s()?;
        let key_starts: Vec<usize> = r.u32s()?.into_iter().map(|k| k as usize).collect();
        let trie = Trie::from_bytes(r.bytes()?)?;
        let (low, high, nodes, depths) = (r.u64s()?, r.u64s()?, r.u32s()?, r.u32s()?);
        let sound = r.is_done()
            && by_key.len() == n
            && by_key.iter().all(|&i| (i as usize) < n)
            && key_starts.last() == Some(&n)
            && key_starts.windows(2).all(|w| w[0] <= w[1])
            && [high.len(), nodes.len(), depths.len()].iter().all(|&len| len == low.len());
        if !sound {
            return None;
        }
        let mut places = HashMap::with_capacity_and_hasher(low.len(), Default::default());
        for (((lo, hi), node), depth) in low.into_iter().zip(high).zip(nodes).zip(depths) {
            places.insert(u128::from(lo) | u128::from(hi) << 64, Place { node, depth });
        }
        Some(Gazetteer { entries, by_key, key_starts, first_words: FirstWords { places }, trie: Some(trie) })
    }

    fn build(entries: Vec<Entry>) -> Gazetteer {
        // Entries by spelling (ignoring ASCII case), and within one spelling by precedence, then table order.
        // Each spelling's first eight bytes as a big-endian number (zeros after a shorter one) go first: they order
        // spellings as their bytes do wherever they differ, and settle most comparisons of the sort without
        // comparing strings.
        let head = |k: &str| {
            let mut b = [0u8; 8];
            let n = k.len().min(8);
            b[..n].copy_from_slice(&k.as_bytes()[..n]);
            u64::from_be_bytes(b)
        };
        let mut keyed: Vec<(u64, String, Source, u32)> = entries
            .iter()
            .zip(0u32..)
            .map(|(entry, idx)| {
                let key = entry.name.to_ascii_lowercase();
                (head(&key), key, entry.source, idx)
            })
            .collect();
        keyed.sort_unstable();
        let mut keys: Vec<String> = Vec::new();
        let mut by_key = Vec::with_capacity(keyed.len());
        let mut key_starts = Vec::new();
        for (pos, (_, key, _, idx)) in keyed.into_iter().enumerate() {
            if keys.last() != Some(&key) {
                keys.push(key);
                key_starts.push(pos);
            }
            by_key.push(idx);
        }
        key_starts.push(by_key.len());
        let trie = Trie::new(&keys);
        let first_words = trie.as_ref().map(|trie| FirstWords::new(&keys, trie)).unwrap_or_default();
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
                        code: entry.code.as_deref().map(CompactString::from),
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
        let from = self.first_words.place(rest)?;
        let mut best = None;
        // Every name that is a prefix here is tried: the longest may fail its checks while a shorter one passes
        // (`south Korea` still gives `Korea`).
        for (len, key) in trie.prefixes_from(rest, from) {
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
    // Compared ignoring ASCII case rather than lowercased into a new string: called for every scan.
    let primary = lang?.trim().split(['-', '_']).next().unwrap_or("");
    let any = |codes: &[&str]| codes.iter().any(|c| primary.eq_ignore_ascii_case(c));
    if any(&["en", "eng"]) {
        Some("en")
    } else if any(&["id", "in", "ind"]) {
        Some("id")
    } else {
        None
    }
}

/// The first words of the names, each with the place in the trie where its names go on. A name's first word is its
/// leading run of ASCII letters and digits (`u` of `u.s.`, empty for `Île-de-France`). Where a name matches and
/// ends on a word boundary, the text's first word is the same (ignoring ASCII case): the name either has another
/// byte after its first word, and the text has that byte there, or is one word followed by no letter or digit. So
/// a word that is no name's first word begins no name, and a name that does begin there is past its first word
/// at that place. A name shorter than its text's first word ends inside a word, and is no match.
#[derive(Default)]
struct FirstWords {
    /// Keyed by the word packed as a number (see [`packed_first_word`]).
    places: HashMap<u128, Place>,
}

/// Longer first words are not packed: a text's first word that long is walked from the trie's root.
const PACKED_WORD_BYTES: usize = 16;

impl FirstWords {
    fn new(keys: &[String], trie: &Trie) -> FirstWords {
        let mut places = HashMap::default();
        for key in keys {
            let len = key.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let word = &key.as_bytes()[..len];
            if let (Some(packed), Some(place)) = (packed_first_word(key.as_bytes()), trie.locate(word)) {
                places.insert(packed, place);
            }
        }
        FirstWords { places }
    }

    /// Where the walk for the names at the start of `text` begins; `None` if no name begins there.
    fn place(&self, text: &[u8]) -> Option<Place> {
        match packed_first_word(text) {
            Some(packed) => self.places.get(&packed).copied(),
            // No first word, or a long one: the walk from the root is exact.
            None => Some(Place { node: 0, depth: 0 }),
        }
    }
}

/// The first word of `text`, lowercased, as a number (its bytes from the lowest up, zeros above them, which hashes
/// and compares faster than a string); `None` if it is empty or longer than [`PACKED_WORD_BYTES`].
#[inline]
fn packed_first_word(text: &[u8]) -> Option<u128> {
    // Sixteen bytes at once where the text has them; the zeros past its end end a word.
    let bytes: [u8; PACKED_WORD_BYTES] = match text.first_chunk() {
        Some(&chunk) => chunk,
        None => {
            let mut chunk = [0; PACKED_WORD_BYTES];
            chunk[..text.len()].copy_from_slice(text);
            chunk
        }
    };
    let packed = u128::from_le_bytes(bytes);
    let (low, high) = (packed as u64, (packed >> 64) as u64);
    let len = match (not_alphanumeric(low), not_alphanumeric(high)) {
        (0, 0) if text.get(PACKED_WORD_BYTES).is_some_and(u8::is_ascii_alphanumeric) => return None,
        (0, 0) => PACKED_WORD_BYTES,
        (0, ends) => 8 + ends.trailing_zeros() as usize / 8,
        (ends, _) => ends.trailing_zeros() as usize / 8,
    };
    if len == 0 {
        return None;
    }
    // `| 0x20` lowercases an ASCII letter and leaves a digit as it is.
    let word = u128::MAX >> (8 * (PACKED_WORD_BYTES - len));
    Some((packed | (u128::MAX / 0xFF * 0x20)) & word)
}

/// The high bits of the bytes of `x` that are no ASCII letter or digit.
#[inline]
fn not_alphanumeric(x: u64) -> u64 {
    use crate::text::starts::{alphanumeric, HIGH};
    // Bytes outside ASCII are classified with their high bit cleared (which keeps the arithmetic within each byte)
    // and are then excluded by it.
    !(alphanumeric(x & !HIGH) & !x) & HIGH
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

/// A name that is a common word of the text's language (`Lima` is "five", `Batu` is "stone"), standing where a
/// capital letter says nothing: at the start of a sentence (a name written in capitals there, as a dateline's, is
/// the name), or, for a place, anywhere in a sentence written in capitals (`NICE`, `MALE`). A country or an
/// organisation in such a sentence is kept: `US` and `WHO` in a headline are the country and the organisation more
/// often than the words.
fn is_common_word_here(entry: &Entry, text: &str, start: usize, found: &str, lang: Option<&str>) -> bool {
    let common = match lang {
        Some("en") => entry.common_en,
        Some("id") => entry.common_id,
        _ => entry.common_en || entry.common_id,
    };
    if !common {
        return false;
    }
    if found.chars().any(char::is_lowercase) {
        at_sentence_start(text, start)
    } else {
        entry.label == Label::Location && in_capitals_around(text, start, start + found.len())
    }
}

/// Whether the sentence about `start..end` is written in capitals (`crate::ner::in_capitals`), looking at most
/// [`SENTENCE_LOOKBACK`] characters each way for its ends.
fn in_capitals_around(text: &str, start: usize, end: usize) -> bool {
    let ends = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let mut from = start;
    for (i, c) in text[..start].char_indices().rev().take(SENTENCE_LOOKBACK) {
        if ends(c) {
            break;
        }
        from = i;
    }
    let mut to = end;
    for (i, c) in text[end..].char_indices().take(SENTENCE_LOOKBACK) {
        if ends(c) {
            break;
        }
        to = end + i + c.len_utf8();
    }
    crate::ner::in_capitals(&text[from..to])
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
        // Sized for every item at once (tens of thousands of places), not grown and rehashed on the way.
        let items: Vec<(&'static str, V)> = items.collect();
        let mut exact = HashMap::with_capacity_and_hasher(items.len(), Default::default());
        let mut folded = HashMap::with_capacity_and_hasher(items.len(), Default::default());
        for (name, value) in items {
            exact.entry(name).or_insert(value);
            if is_foldable(name) {
                folded.entry(lowercase(name)).or_insert(value);
            }
        }
        NameIndex { exact, folded }
    }

    fn get(&self, name: &str) -> Option<&V> {
        let name = strip_name(name);
        self.exact.get(name).or_else(|| if is_foldable(name) { self.folded.get(&lowercase(name)) } else { None })
    }
}

/// Whether a spelling is also looked up lowercased: longer than three characters, and not an acronym (it has a
/// lowercase letter).
fn is_foldable(name: &str) -> bool {
    if name.is_ascii() {
        return name.len() > 3 && name.bytes().any(|b| b.is_ascii_lowercase());
    }
    name.chars().count() > 3 && name.chars().any(char::is_lowercase)
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

    /// The built-in gazetteer is read from its prebuilt table, which holds what building it gives.
    #[test]
    fn the_prebuilt_table_is_read_and_holds_the_built_gazetteer() {
        let built = Gazetteer::build(data::builtin_entries());
        let read = Gazetteer::prebuilt(PREBUILT).expect("the shipped table fits the data");
        assert_eq!(read.entries, built.entries);
        assert_eq!(read.by_key, built.by_key);
        assert_eq!(read.key_starts, built.key_starts);
        assert_eq!(read.trie.as_ref().map(Trie::as_bytes), built.trie.as_ref().map(Trie::as_bytes));
        assert_eq!(read.first_words.places, built.first_words.places);
        // Cut short, a table is not read.
        assert!(Gazetteer::prebuilt(&PREBUILT[..PREBUILT.len() - 1]).is_none());
    }

    fn spans<'a>(text: &'a str, lang: Option<&str>) -> Vec<(&'a str, Label, Option<String>)> {
        scan(text, lang)
            .into_iter()
            .map(|m| (text.get(m.start..m.end).unwrap_or("?"), m.label, m.code.map(String::from)))
            .collect()
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
        let keys: Vec<String> = ["korea selatan", "u.s.", "île-de-france"].map(String::from).to_vec();
        let trie = Trie::new(&keys).expect("small trie");
        let first_words = FirstWords::new(&keys, &trie);
        for text in ["U.S.-based", "KOREA Selatan", "Korea", "Île-de-France", "Abcdefghijklmnopqrstu"] {
            assert!(first_words.place(text.as_bytes()).is_some(), "{text}");
        }
        assert!(first_words.place(b"Kor").is_none());
        assert_eq!(packed_first_word(b"aB9-x"), packed_first_word(b"Ab9 y"));
        assert_ne!(packed_first_word(b"ab"), packed_first_word(b"ab9"));
    }

    /// The first word as the byte loop that defines it packs it.
    fn packed_one_byte_at_a_time(text: &[u8]) -> Option<u128> {
        let word: Vec<u8> = text.iter().take_while(|b| b.is_ascii_alphanumeric()).map(u8::to_ascii_lowercase).collect();
        (1..=PACKED_WORD_BYTES).contains(&word.len()).then(|| word.iter().rev().fold(0, |p, &b| p << 8 | u128::from(b)))
    }

    #[test]
    fn first_words_pack_as_one_byte_at_a_time_packs_them() {
        let pieces = ["a", "Z", "9", " ", "-", "\u{e9}", "\u{c9}", "\u{201c}", "@", "`", "[", "{", "/", ":", "\u{7f}"];
        let mut next = crate::testing::sequence(11);
        for _ in 0..20000 {
            let len = next() % 24;
            let text: String =
                (0..len).map(|_| if next() % 4 == 0 { pieces[next() % pieces.len()] } else { "k" }).collect();
            assert_eq!(packed_first_word(text.as_bytes()), packed_one_byte_at_a_time(text.as_bytes()), "{text:?}");
        }
        for b in 0..=u8::MAX {
            assert_eq!(packed_first_word(&[b, b'a']), packed_one_byte_at_a_time(&[b, b'a']), "{b:#x}");
        }
    }

    #[test]
    fn names_are_found_as_walks_from_the_root_find_them() {
        let gaz = Gazetteer::default();
        let trie = gaz.trie.as_ref().expect("trie");
        let pieces = [
            "Korea",
            "South",
            " ",
            " ",
            "Selatan",
            "New",
            "York",
            "U.S.",
            "US",
            "Indonesia",
            "n",
            "’s",
            "-",
            ",",
            "The",
            "Hague",
            "\u{c9}",
            "Île-de-France",
            "ASEAN",
            "Jakarta",
            "Lima",
            ". ",
            "Abcdefghijklmnopq",
            "Papua",
            "Nugini",
        ];
        let mut next = crate::testing::sequence(5);
        let mut found = 0;
        for _ in 0..3000 {
            let text = crate::testing::text_of(&mut next, &pieces, 12);
            for lang in [Some("en"), Some("id"), None] {
                for at in capitalised_starts(&text) {
                    let from_root = {
                        let rest = &text.as_bytes()[at..];
                        let mut best = None;
                        for (len, key) in trie.prefixes(rest) {
                            if ends_word(&text, at + len) {
                                if let Some(idx) = gaz.pick(&text, at, at + len, key, lang) {
                                    best = Some((at + len, idx));
                                }
                            }
                        }
                        best
                    };
                    assert_eq!(gaz.longest_at(trie, &text, at, lang), from_root, "{text:?} at {at}");
                    found += usize::from(from_root.is_some());
                }
            }
        }
        assert!(found > 1000, "{found} names found");
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
        // In a sentence in capitals such a place is not matched anywhere; a country still is.
        assert!(spans("ANGGOTA DPR: LIMA ORANG TEWAS DI JALAN", Some("id")).is_empty());
        let got = spans("LIMA ORANG TEWAS DI PERU", Some("id"));
        assert_eq!(got, vec![("PERU", Label::Country, Some("PER".into()))]);
        assert_eq!(spans("Lima orang tewas di LIMA.", Some("id")).len(), 1, "a word in capitals in mixed text");
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
