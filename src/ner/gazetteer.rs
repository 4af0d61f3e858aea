//! Name lists as tagger features: longest matches of country, place, demonym and bloc names over a sentence's
//! tokens, and word classes (organisation and event heads, role titles, honorifics) from the project's lexicons.
//! The lists only inform the learned model; it weighs them against everything else it sees.

use crate::tsv::rows;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::sync::LazyLock;

use crate::text::{lowercase, tokens};

static COUNTRIES: &str = include_str!("../../data/gazetteer/countries.tsv");
static PLACES: &str = include_str!("../../data/gazetteer/places.tsv");
static DEMONYMS: &str = include_str!("../../data/gazetteer/demonyms.tsv");
static BLOCS: &str = include_str!("../../data/gazetteer/blocs.tsv");
static HEADS: &str = include_str!("../../data/lexicon/heads.tsv");
static ROLES: &str = include_str!("../../data/lexicon/roles.tsv");

/// Name types (bit flags) of a gazetteer entry.
pub(crate) const G_COUNTRY: u8 = 1;
/// Capitals, provinces and states, regions, seas, islands, continents and cities of a million or more.
pub(crate) const G_PLACE_MAJOR: u8 = 2;
/// Other cities and towns.
pub(crate) const G_PLACE_MINOR: u8 = 4;
/// Nationality adjectives and demonyms.
pub(crate) const G_NORP: u8 = 8;
/// Intergovernmental organisations and blocs.
pub(crate) const G_BLOC: u8 = 16;
/// Internal: the lowercase name is a common word, so it is not matched at the start of a sentence.
const G_COMMON: u8 = 128;

/// Word classes (bit flags) of a single token.
pub(crate) const W_ORG_HEAD: u8 = 1;
pub(crate) const W_EVENT_HEAD: u8 = 2;
pub(crate) const W_AGREEMENT_HEAD: u8 = 4;
pub(crate) const W_ROLE_HEAD: u8 = 8;
pub(crate) const W_ROLE_MODIFIER: u8 = 16;
pub(crate) const W_HONORIFIC: u8 = 32;

/// Longest names matched, in tokens; bounds the work per token.
const MAX_NAME_TOKENS: usize = 6;

/// The name lists of one language: its own (countries, demonyms and blocs as that language uses them) and the
/// places, which are the same in every language and kept once for all.
pub(crate) struct Gazetteer {
    own: Names,
    places: &'static Names,
    /// Single words → word-class flags.
    words: HashMap<String, u8>,
}

/// Names of some lists, as written and lowercased.
#[derive(Default)]
struct Names {
    written: Keys,
    /// Lowercased, the names that are not common words.
    lowered: Keys,
}

/// Names as keys: token sequences joined by `\u{1f}`.
#[derive(Default)]
struct Keys {
    /// Key → type flags (the keys of a prebuilt table are read where it lies in the library).
    types: HashMap<Cow<'static, str>, u8>,
    /// Every proper prefix (in tokens) of a key: a longer match is tried only after one.
    /// (Their hashes, [`later_hash`]: a prefix only lets a longer look-up be tried, whose key is compared whole, so
    /// another string of the same hash costs a look-up, no more; no string is kept for the 100,000 prefixes.)
    prefixes: HashSet<u64>,
    /// The hashes ([`later_hash`]) of the words after the first of the keys: a longer match is tried only with a
    /// word whose hash is here (another word of the same hash costs a look-up, no more).
    later: HashSet<u64>,
}

impl Names {
    /// Lists sized for `n` names: built at once rather than grown and rehashed on the way.
    fn with_capacity(n: usize) -> Names {
        let keys = || Keys { types: HashMap::with_capacity_and_hasher(n, Default::default()), ..Keys::default() };
        Names { written: keys(), lowered: keys() }
    }

    /// Add a name of type `ty`; a name that is a common word (`common`) is not matched at the start of a sentence,
    /// nor lowercased.
    fn add(&mut self, name: &str, ty: u8, common: bool) {
        if let Some(k) = key_of(name) {
            if common {
                *self.written.types.entry(Cow::Owned(k)).or_default() |= ty | G_COMMON;
            } else {
                *self.lowered.types.entry(Cow::Owned(lowercase(&k))).or_default() |= ty;
                *self.written.types.entry(Cow::Owned(k)).or_default() |= ty;
            }
        }
    }

    /// Find the keys' prefixes and later words, once every name is added.
    fn finish(mut self) -> Names {
        self.written.index();
        self.lowered.index();
        self
    }

    fn keys(&self, lower: bool) -> &Keys {
        if lower {
            &self.lowered
        } else {
            &self.written
        }
    }
}

impl Keys {
    /// One pass over the keys gives both: at each separator (one byte, found by `memchr`; a `char` search costs
    /// more over some 200,000 keys) the prefix that ends there, and the word that ended before it if it was not the
    /// first; then the last word.
    fn index(&mut self) {
        for k in self.types.keys() {
            let mut after_first = None;
            for i in memchr::memchr_iter(0x1f, k.as_bytes()) {
                self.prefixes.insert(later_hash(&k.as_bytes()[..i]));
                if let Some(start) = after_first {
                    self.later.insert(later_hash(&k.as_bytes()[start..i]));
                }
                after_first = Some(i + 1);
            }
            if let Some(start) = after_first {
                self.later.insert(later_hash(&k.as_bytes()[start..]));
            }
        }
    }
}

/// A name match over tokens `start..end` with its type flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NameMatch {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) types: u8,
}

/// Whether a name of language `lang` (`en`, `id`, `*`) is matched in text of the other language: all-uppercase
/// abbreviations only in their own language (they are ordinary words elsewhere), other names everywhere.
fn usable(name: &str, lang: &str, indonesian: bool) -> bool {
    let own = if indonesian { "id" } else { "en" };
    lang == "*" || lang == own || name.chars().any(char::is_lowercase)
}

fn key_of(name: &str) -> Option<String> {
    // Most names are ASCII letters and digits between single spaces: their tokens are the words. Told in one pass
    // over the bytes (some 100,000 names are keyed at start-up).
    if let Some(words) = simple_words(name.as_bytes()) {
        let key: Vec<u8> = name.bytes().map(|b| if b == b' ' { 0x1f } else { b }).collect();
        return (words <= MAX_NAME_TOKENS).then(|| String::from_utf8(key).ok()).flatten();
    }
    let toks = tokens(name);
    if toks.is_empty() || toks.len() > MAX_NAME_TOKENS {
        return None;
    }
    Some(toks.iter().map(|t| t.text(name)).collect::<Vec<_>>().join("\u{1f}"))
}

/// The number of words of a name made of ASCII letters and digits between single spaces; `None` for any other.
fn simple_words(b: &[u8]) -> Option<usize> {
    let mut words = 0;
    // Whether the byte before is a space, or the name's start.
    let mut after_space = true;
    for &c in b {
        if c == b' ' {
            if after_space {
                return None;
            }
            after_space = true;
        } else if c.is_ascii_alphanumeric() {
            words += usize::from(after_space);
            after_space = false;
        } else {
            return None;
        }
    }
    (!after_space).then_some(words)
}

/// The hash of a word's bytes in [`Gazetteer::later`].
fn later_hash(w: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(w)
}

/// The place names of the tagger's lists, derived ahead of time (see [`prebuilt_name_lists`]): keying and
/// indexing some 50,000 places was a fifth of the start-up's work.
static PREBUILT: &[u8] = include_bytes!("../../data/prebuilt/name_lists.bin");

/// The fingerprint of the data the place names are derived from.
fn places_fingerprint() -> u64 {
    crate::prebuilt::fingerprint(&[PLACES.as_bytes()])
}

/// The file `make tables` writes for the place names: for the names as written, then lowercased, the keys in
/// order, their type flags, the hashes of their prefixes and those of their later words (each sorted).
pub(crate) fn prebuilt_name_lists() -> Vec<u8> {
    let names = places();
    let mut w = crate::prebuilt::Writer::new(places_fingerprint());
    for keys in [&names.written, &names.lowered] {
        let mut types: Vec<(&str, u8)> = keys.types.iter().map(|(k, &t)| (k.as_ref(), t)).collect();
        types.sort_unstable();
        w.strs(types.iter().map(|&(k, _)| k));
        w.bytes(&types.iter().map(|&(_, t)| t).collect::<Vec<_>>());
        for set in [&keys.prefixes, &keys.later] {
            let mut hashes: Vec<u64> = set.iter().copied().collect();
            hashes.sort_unstable();
            w.u64s(&hashes);
        }
    }
    w.finish()
}

/// The place names of a prebuilt table (see [`prebuilt_name_lists`]); `None` if it was derived from another
/// `places.tsv`.
fn prebuilt_places(file: &'static [u8]) -> Option<Names> {
    let mut r = crate::prebuilt::Reader::new(file, places_fingerprint())?;
    let mut keys = || -> Option<Keys> {
        let (names, flags) = (r.strs()?, r.bytes()?);
        if names.len() != flags.len() {
            return None;
        }
        let mut types = HashMap::with_capacity_and_hasher(names.len(), Default::default());
        types.extend(names.into_iter().map(Cow::Borrowed).zip(flags.iter().copied()));
        let prefixes = r.u64s()?.into_iter().collect();
        let later = r.u64s()?.into_iter().collect();
        Some(Keys { types, prefixes, later })
    };
    let names = Names { written: keys()?, lowered: keys()? };
    r.is_done().then_some(names)
}

/// The places of `places.tsv`, the same for every language.
fn places() -> Names {
    let mut names = Names::with_capacity(crate::tsv::line_count(PLACES));
    for r in rows(PLACES) {
        let (Some(name), Some(kind)) = (r.first(), r.get(1)) else {
            continue;
        };
        let pop: u64 = r.get(3).and_then(|p| p.parse().ok()).unwrap_or(0);
        let common = r.get(4).is_some_and(|c| !c.is_empty());
        let ty = if *kind == "city" && pop < 1_000_000 { G_PLACE_MINOR } else { G_PLACE_MAJOR };
        names.add(name, ty, common);
    }
    names.finish()
}

impl Gazetteer {
    fn build(indonesian: bool) -> Gazetteer {
        let own = if indonesian { "id" } else { "en" };
        let mut names = Names::default();
        for r in rows(COUNTRIES) {
            if let (Some(name), Some(lang)) = (r.first(), r.get(2)) {
                if usable(name, lang, indonesian) {
                    names.add(name, G_COUNTRY, false);
                }
            }
        }
        for r in rows(DEMONYMS) {
            if let (Some(name), Some(lang)) = (r.first(), r.get(2)) {
                if *lang == own {
                    names.add(name, G_NORP, false);
                }
            }
        }
        for r in rows(BLOCS) {
            if let (Some(name), Some(lang)) = (r.first(), r.get(2)) {
                if usable(name, lang, indonesian) {
                    names.add(name, G_BLOC, false);
                }
            }
        }
        let mut words: HashMap<String, u8> = HashMap::default();
        for r in rows(HEADS) {
            if let (Some(w), Some(label), Some(lang)) = (r.first(), r.get(1), r.get(3)) {
                let class = match *label {
                    "ORG" => W_ORG_HEAD,
                    "EVENT" => W_EVENT_HEAD,
                    "AGREEMENT" => W_AGREEMENT_HEAD,
                    _ => 0,
                };
                if *lang == own || *lang == "any" || *lang == "*" {
                    *words.entry((*w).to_string()).or_default() |= class;
                }
            }
        }
        for r in rows(ROLES) {
            if let (Some(w), Some(kind), Some(lang)) = (r.first(), r.get(1), r.get(2)) {
                let class = match *kind {
                    "head" => W_ROLE_HEAD,
                    "modifier" => W_ROLE_MODIFIER,
                    "honorific" => W_HONORIFIC,
                    _ => 0,
                };
                if *lang == own || *lang == "any" {
                    *words.entry((*w).to_string()).or_default() |= class;
                }
            }
        }
        words.retain(|_, v| *v != 0);
        Gazetteer { own: names.finish(), places: &PLACES_NAMES, words }
    }

    /// The word-class flags of a token (0 when it is in no list); a trailing period is ignored.
    pub(crate) fn word_class(&self, w: &str) -> u8 {
        let lookup = |s: &str| self.words.get(s).copied().unwrap_or(0);
        let mut c = lookup(w);
        if c == 0 {
            if let Some(s) = w.strip_suffix('.') {
                c = lookup(s);
            }
        }
        c
    }

    /// Leftmost-longest matches of names over `words`, exact case (`lower == false`) or lowercased.
    /// Names marked as common words are not matched at the start of a sentence.
    #[cfg(test)]
    pub(crate) fn matches(&self, words: &[&str], lower: bool) -> Vec<NameMatch> {
        let mut out = Vec::new();
        let key = &mut String::new();
        if lower {
            let lowered: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            let word = |j: usize| lowered[j].as_str();
            self.matches_known_into(words.len(), word, |j| self.name_word(word(j), true), true, true, &mut out, key);
        } else {
            let known = |j: usize| self.name_word(words[j], false);
            self.matches_known_into(words.len(), |j| words[j], known, false, true, &mut out, key);
        }
        out
    }

    /// The type flags of the name `key` (as written, or lowercased when `lower`), if it is one.
    fn types(&self, key: &str, lower: bool) -> Option<u8> {
        let (own, places) = (self.own.keys(lower).types.get(key), self.places.keys(lower).types.get(key));
        (own.is_some() || places.is_some()).then(|| own.copied().unwrap_or(0) | places.copied().unwrap_or(0))
    }

    /// Whether longer names begin with the words of `key`.
    fn begins_longer(&self, key: &str, lower: bool) -> bool {
        self.begins_longer_hashed(later_hash(key.as_bytes()), lower)
    }

    /// [`Gazetteer::begins_longer`] of the key whose [`later_hash`] is `hash`.
    fn begins_longer_hashed(&self, hash: u64, lower: bool) -> bool {
        self.own.keys(lower).prefixes.contains(&hash) || self.places.keys(lower).prefixes.contains(&hash)
    }

    /// What the name lists say of a word: the type flags of the one-word name it is (0 if none), whether longer
    /// names begin with it, and whether it is a later word of any. (`lower`: the lowercased lists, for a lowercased
    /// word.)
    pub(crate) fn name_word(&self, w: &str, lower: bool) -> NameWord {
        let hash = later_hash(w.as_bytes());
        NameWord {
            types: self.types(w, lower).unwrap_or(0),
            begins_longer: self.begins_longer_hashed(hash, lower),
            continues: self.own.keys(lower).later.contains(&hash) || self.places.keys(lower).later.contains(&hash),
        }
    }

    /// Every name with its type flags, as written or lowercased.
    #[cfg(test)]
    fn entries(&self, lower: bool) -> Vec<(String, u8)> {
        let mut keys: Vec<&str> =
            self.own.keys(lower).types.keys().chain(self.places.keys(lower).types.keys()).map(|k| k.as_ref()).collect();
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter().filter_map(|k| Some((k.to_string(), self.types(k, lower)?))).collect()
    }

    /// [`Gazetteer::matches`] over `n` words (`word(j)`, already lowercased when `lower`) whose
    /// [`Gazetteer::name_word`] the caller knows (`known(j)`), into `out` (emptied first, a buffer the caller
    /// keeps); the first word begins the sentence if `at_start` (else the words are a window of one). `key` is a
    /// buffer for the names looked up, kept by the caller too.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn matches_known_into<'w>(
        &self,
        n: usize,
        word: impl Fn(usize) -> &'w str,
        known: impl Fn(usize) -> NameWord,
        lower: bool,
        at_start: bool,
        out: &mut Vec<NameMatch>,
        key: &mut String,
    ) {
        out.clear();
        let mut i = 0;
        while i < n {
            let one = known(i);
            let opens_sentence = i == 0 && at_start;
            let mut best = (one.types != 0 && (!opens_sentence || one.types & G_COMMON == 0))
                .then_some((1, one.types & !G_COMMON));
            if one.begins_longer {
                key.clear();
                // Room for a few words at once: the key grows a word at a time.
                key.reserve(64);
                key.push_str(word(i));
                for len in 1..MAX_NAME_TOKENS.min(n - i) {
                    // A longer name is worth looking up only if the words so far begin one, and if the next word is
                    // in some name after its first word (most words are in none, and that costs no look-up).
                    if !known(i + len).continues || (len > 1 && !self.begins_longer(key, lower)) {
                        break;
                    }
                    key.push('\u{1f}');
                    key.push_str(word(i + len));
                    if let Some(ty) = self.types(key, lower) {
                        if !opens_sentence || ty & G_COMMON == 0 {
                            best = Some((len + 1, ty & !G_COMMON));
                        }
                    }
                }
            }
            match best {
                Some((len, types)) => {
                    out.push(NameMatch { start: i, end: i + len, types });
                    i += len;
                }
                None => i += 1,
            }
        }
    }
}

/// A word's standing in the names of the lists (see [`Gazetteer::name_word`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct NameWord {
    /// The type flags of the one-word name it is (0 if none).
    pub(crate) types: u8,
    /// Whether names of more words begin with it.
    pub(crate) begins_longer: bool,
    /// Whether it is a word after the first of some name.
    pub(crate) continues: bool,
}

static PLACES_NAMES: LazyLock<Names> = LazyLock::new(|| prebuilt_places(PREBUILT).unwrap_or_else(places));
static EN_GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::build(false));
static ID_GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::build(true));

/// The name lists of English (`indonesian == false`) or Indonesian text, built once.
pub(crate) fn gazetteer_for(indonesian: bool) -> &'static Gazetteer {
    if indonesian {
        &ID_GAZETTEER
    } else {
        &EN_GAZETTEER
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The place names are read from their prebuilt table, which holds what keying them gives.
    #[test]
    fn the_prebuilt_place_names_are_read_and_hold_the_keyed_names() {
        let (built, read) = (places(), prebuilt_places(PREBUILT).expect("the shipped table fits places.tsv"));
        for (b, r) in [(&built.written, &read.written), (&built.lowered, &read.lowered)] {
            assert_eq!(r.types, b.types);
            assert_eq!(r.prefixes, b.prefixes);
            assert_eq!(r.later, b.later);
        }
        assert!(prebuilt_places(&PREBUILT[..PREBUILT.len() - 1]).is_none());
    }

    #[test]
    fn plain_names_are_keyed_as_the_tokeniser_splits_them() {
        for name in ["New York", "Kuala Lumpur", "Papua New Guinea", "A1 Road", "X", "G20"] {
            let slow = tokens(name).iter().map(|t| t.text(name)).collect::<Vec<_>>().join("\u{1f}");
            assert_eq!(key_of(name), Some(slow), "{name}");
        }
        assert_eq!(key_of("One Two Three Four Five Six Seven"), None);
    }

    /// Every place name and some odd spacings are keyed as the tokeniser splits them, whether or not they take the
    /// one-pass path for ASCII words between single spaces.
    #[test]
    fn every_place_name_is_keyed_as_the_tokeniser_splits_it() {
        let odd =
            [" Lead", "Trail ", "Two  Spaces", "", " ", "Sĩ Quan", "St. John's", "A-B", "One Two Three Four Five Six"];
        for name in rows(PLACES).filter_map(|r| r.first().copied()).chain(odd) {
            let toks = tokens(name);
            let slow = (!toks.is_empty() && toks.len() <= MAX_NAME_TOKENS)
                .then(|| toks.iter().map(|t| t.text(name)).collect::<Vec<_>>().join("\u{1f}"));
            assert_eq!(key_of(name), slow, "{name:?}");
        }
        assert_eq!(lowercase("New York"), "new york");
        assert_eq!(lowercase("ÎLE-DE-FRANCE"), "île-de-france");
    }

    /// A name that is also a common word is not read as a name where it opens a sentence (capitalised whatever it
    /// is), but is where the words are a window that begins inside one.
    #[test]
    fn common_word_names_are_skipped_only_at_the_start_of_a_sentence() {
        let g = gazetteer_for(false);
        let mut checked = 0;
        for (key, ty) in
            g.entries(false).into_iter().filter(|(k, ty)| ty & G_COMMON != 0 && !k.contains('\u{1f}')).take(50)
        {
            let words = [key.as_str(), "said"];
            let at = |at_start| {
                let mut out = Vec::new();
                g.matches_known_into(
                    2,
                    |j| words[j],
                    |j| g.name_word(words[j], false),
                    false,
                    at_start,
                    &mut out,
                    &mut String::new(),
                );
                out
            };
            assert!(at(true).is_empty(), "{key:?} opening a sentence");
            assert_eq!(at(false), [NameMatch { start: 0, end: 1, types: ty & !G_COMMON }], "{key:?} in a window");
            checked += 1;
        }
        assert!(checked > 0, "no common-word names in the lists");
    }

    /// Each name of more than one word is found over its own words, as written and lowercased: a match is never
    /// cut short by the check that the next word is a later word of some name.
    #[test]
    fn every_name_of_several_words_matches_itself() {
        for indonesian in [false, true] {
            let g = gazetteer_for(indonesian);
            for lower in [false, true] {
                let mut several = 0;
                for (key, ty) in g.entries(lower).into_iter().filter(|(k, _)| k.contains('\u{1f}')) {
                    let words: Vec<&str> = std::iter::once("zzz").chain(key.split('\u{1f}')).collect();
                    let ms = g.matches(&words, lower);
                    let whole = NameMatch { start: 1, end: words.len(), types: ty & !G_COMMON };
                    assert!(ms.contains(&whole), "{key:?} (lowercased: {lower}): {ms:?}");
                    several += 1;
                }
                assert!(several > 1000, "{several} names of several words");
            }
        }
    }

    #[test]
    fn longest_names_match_and_words_have_classes() {
        let g = gazetteer_for(false);
        let words = ["Talks", "between", "the", "United", "States", "and", "Indonesia", "ended", "."];
        let ms = g.matches(&words, false);
        assert!(ms.iter().any(|m| (m.start, m.end) == (3, 5) && m.types & G_COUNTRY != 0), "{ms:?}");
        assert!(ms.iter().any(|m| (m.start, m.end) == (6, 7) && m.types & G_COUNTRY != 0), "{ms:?}");
        assert!(g.word_class("Ministry") & W_ORG_HEAD != 0);
        assert!(g.word_class("Mr.") & W_HONORIFIC != 0);
        assert_eq!(g.word_class("ended"), 0);
        let id = gazetteer_for(true);
        assert!(id.word_class("Kementerian") & W_ORG_HEAD != 0);
        assert!(id.word_class("Menteri") & W_ROLE_HEAD != 0);
    }
}
