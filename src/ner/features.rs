//! Feature extraction: each token becomes a list of 64-bit hashes of feature strings (template id + text).

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

use super::gazetteer::{gazetteer_for, Gazetteer, NameWord, W_EVENT_HEAD, W_HONORIFIC, W_ORG_HEAD, W_ROLE_HEAD};

/// Per-language word data: frequency buckets and (for English) vector clusters.
pub(crate) struct Lexicon {
    // Keys borrowed from the data files, which are compiled in: no allocation per word at start-up.
    freq: HashMap<&'static str, u8>,
    clusters: HashMap<&'static str, (u16, u16)>,
    gaz: &'static Gazetteer,
}

impl Lexicon {
    /// Parse the TSV data files (`word<TAB>bucket`, `word<TAB>coarse<TAB>fine`); `#` lines are comments.
    pub(crate) fn parse(freq_tsv: &'static str, clusters_tsv: &'static str, indonesian: bool) -> Lexicon {
        // Sized for every line at once: growing the tables row by row rehashed them a dozen times at start-up.
        let mut freq = HashMap::with_capacity_and_hasher(crate::tsv::line_count(freq_tsv), Default::default());
        for line in crate::tsv::lines(freq_tsv).filter(|l| !l.starts_with('#')) {
            let mut it = crate::tsv::fields(line);
            if let (Some(w), Some(b)) = (it.next(), it.next()) {
                if let Ok(b) = crate::tsv::trim(b).parse::<u8>() {
                    freq.entry(w).or_insert(b);
                }
            }
        }
        let mut clusters = HashMap::with_capacity_and_hasher(crate::tsv::line_count(clusters_tsv), Default::default());
        for line in crate::tsv::lines(clusters_tsv).filter(|l| !l.starts_with('#')) {
            let mut it = crate::tsv::fields(line);
            if let (Some(w), Some(c), Some(f)) = (it.next(), it.next(), it.next()) {
                if let (Ok(c), Ok(f)) = (crate::tsv::trim(c).parse::<u16>(), crate::tsv::trim(f).parse::<u16>()) {
                    clusters.entry(w).or_insert((c, f));
                }
            }
        }
        Lexicon { freq, clusters, gaz: gazetteer_for(indonesian) }
    }
}

impl Lexicon {
    /// The Zipf frequency bucket of a word (lowercased); 0 when the list does not have it.
    pub(crate) fn freq_of(&self, w: &str) -> u8 {
        self.freq.get(w.to_lowercase().as_str()).copied().unwrap_or(0)
    }
}

/// FNV-1a over a template id and a sequence of parts, finished with a 64-bit mixer.
#[derive(Clone, Copy)]
pub(crate) struct Hasher(u64);

impl Hasher {
    fn new(template: u8) -> Hasher {
        Hasher((0xcbf2_9ce4_8422_2325u64 ^ u64::from(template)).wrapping_mul(0x100_0000_01b3))
    }
    fn bytes(mut self, b: &[u8]) -> Hasher {
        for &x in b {
            self.0 = (self.0 ^ u64::from(x)).wrapping_mul(0x100_0000_01b3);
        }
        // separator so that ("ab","c") and ("a","bc") differ
        self.0 = (self.0 ^ 0xff).wrapping_mul(0x100_0000_01b3);
        self
    }
    /// [`Hasher::bytes`] from each of several states: one pass over the bytes serves them all.
    #[inline]
    fn bytes_lanes<const L: usize>(states: [Hasher; L], b: &[u8]) -> [Hasher; L] {
        let mut h = states.map(|s| s.0);
        for &x in b {
            for v in &mut h {
                *v = (*v ^ u64::from(x)).wrapping_mul(0x100_0000_01b3);
            }
        }
        // `bytes` of no bytes adds the separator that ends the part.
        h.map(|v| Hasher(v).bytes(&[]))
    }
    fn num(self, n: u64) -> Hasher {
        self.bytes(&n.to_le_bytes())
    }
    fn finish(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Where [`Sentence::context_features`] puts the features of a token.
pub(crate) trait FeatureSink {
    /// Whether the sink has the [`word_context_features`] of the words about the token already (a tagger caches
    /// them per word), so that [`Sentence::context_features`] leaves them out.
    const HAS_WORD_FEATURES: bool = false;
    /// Whether the sink has the two-word templates of the pairs about the token already (a tagger caches them per
    /// pair, see [`PairHashes::for_tokens`] and [`PairHashes::template_23`]), so that [`Sentence::context_features`]
    /// leaves them out; such a sink may be given a [`Sentence::without_pairs`].
    const HAS_PAIR_FEATURES: bool = false;
    /// A feature given by its hash.
    fn hashed(&mut self, h: u64);
    /// A feature whose parts are small numbers; its hash is [`Small::hash`].
    fn small(&mut self, f: Small) {
        self.hashed(f.hash());
    }
}

impl<F: FnMut(u64)> FeatureSink for F {
    fn hashed(&mut self, h: u64) {
        self(h);
    }
}

/// A context feature whose parts are all small numbers (word-class and name-type flags, positions, offsets): few
/// enough that a tagger can find the weights of every one of them in a table built once ([`Small::every`]), where
/// hashing them per token costs more than the rest of a token's context features.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Small {
    /// The token's word class, and whether it is capitalised.
    Class { class: u8, title: bool },
    /// The word class of the word at offset `d` (±1, ±2).
    NeighbourClass { d: i8, class: u8 },
    /// The types of the listed name the token is in and its place in it (0 alone, 1 first, 2 inside, 3 last).
    Name { ty: u8, pos: u8 },
    /// The same and whether the token is capitalised.
    NameTitle { ty: u8, pos: u8, title: bool },
    /// The same as `Name` for a name found only in lowercased text.
    LowerName { ty: u8, pos: u8 },
    /// The types of the listed name the word at offset `d` (±1) is in, when it is not the token's name.
    NeighbourName { d: i8, ty: u8 },
    /// The name classes of the last word of the token's capitalised run and the token's place in the run.
    RunLast { last: u8, pos: u8 },
    /// The name classes of the first word of the run and the token's place in it.
    RunFirst { first: u8, pos: u8 },
    /// The name classes of the run's words before the token, and the token's name types.
    RunBefore { before: u8, ty: u8 },
    /// The name classes of the run's words after the token, and the token's name types.
    RunAfter { after: u8, ty: u8 },
    /// The length of the run of capitalised words of a capitalised token, at most 5.
    RunLength { len: u8 },
}

/// Bounds of the parts of the features that [`Small::slot`] places: word-class flags (`gazetteer::W_*`) are six
/// bits, name-type flags (`gazetteer::G_*`, less the internal one) five; a feature outside them has no slot.
const CLASSES: usize = 64;
const TYPES: usize = 32;
const POSITIONS: usize = 4;
/// Offsets -2, -1, 1, 2.
const OFFSETS: usize = 4;
const RUN_LENGTHS: usize = 6;

/// Slots of each kind of [`Small`] feature, in declaration order.
const SMALL_KINDS: [usize; 11] = [
    CLASSES * 2,
    OFFSETS * CLASSES,
    TYPES * POSITIONS,
    TYPES * POSITIONS * 2,
    TYPES * POSITIONS,
    OFFSETS * TYPES,
    CLASSES * POSITIONS,
    CLASSES * POSITIONS,
    CLASSES * TYPES,
    CLASSES * TYPES,
    RUN_LENGTHS,
];

/// The first slot of each kind, and after them the number of slots.
const SMALL_STARTS: [usize; SMALL_KINDS.len() + 1] = {
    let mut starts = [0; SMALL_KINDS.len() + 1];
    let mut k = 0;
    while k < SMALL_KINDS.len() {
        starts[k + 1] = starts[k] + SMALL_KINDS[k];
        k += 1;
    }
    starts
};

/// Number of slots of [`Small::slot`].
pub(crate) const SMALL_SLOTS: usize = SMALL_STARTS[SMALL_KINDS.len()];

impl Small {
    /// The feature's hash (what training reads).
    pub(crate) fn hash(self) -> u64 {
        let n = |v: u8| u64::from(v);
        let offset = |d: i8| i64::from(d) as u64;
        match self {
            Small::Class { class, title } => Hasher::new(40).num(n(class)).num(u64::from(title)),
            Small::NeighbourClass { d, class } => Hasher::new(41).num(offset(d)).num(n(class)),
            Small::Name { ty, pos } => Hasher::new(42).num(n(ty)).num(n(pos)),
            Small::NameTitle { ty, pos, title } => Hasher::new(43).num(n(ty)).num(n(pos)).num(u64::from(title)),
            Small::LowerName { ty, pos } => Hasher::new(45).num(n(ty)).num(n(pos)),
            Small::NeighbourName { d, ty } => Hasher::new(46).num(offset(d)).num(n(ty)),
            Small::RunLast { last, pos } => Hasher::new(47).num(n(last)).num(n(pos)),
            Small::RunFirst { first, pos } => Hasher::new(48).num(n(first)).num(n(pos)),
            Small::RunBefore { before, ty } => Hasher::new(49).num(n(before)).num(n(ty)),
            Small::RunAfter { after, ty } => Hasher::new(50).num(n(after)).num(n(ty)),
            Small::RunLength { len } => Hasher::new(28).num(n(len)),
        }
        .finish()
    }

    /// The feature's place among `0..SMALL_SLOTS`, `None` when a part is out of its bounds.
    #[inline(always)]
    pub(crate) fn slot(self) -> Option<usize> {
        // A part's value when it is below its bound.
        let below = |v: u8, bound: usize| Some(usize::from(v)).filter(|&v| v < bound);
        let offset = |d: i8| match d {
            -2 => Some(0),
            -1 => Some(1),
            1 => Some(2),
            2 => Some(3),
            _ => None,
        };
        let title = usize::from;
        // The parts read as a number in mixed radix, each bound being its radix.
        let (kind, slot) = match self {
            Small::Class { class, title: t } => (0, below(class, CLASSES)? * 2 + title(t)),
            Small::NeighbourClass { d, class } => (1, offset(d)? * CLASSES + below(class, CLASSES)?),
            Small::Name { ty, pos } => (2, below(ty, TYPES)? * POSITIONS + below(pos, POSITIONS)?),
            Small::NameTitle { ty, pos, title: t } => {
                (3, (below(ty, TYPES)? * POSITIONS + below(pos, POSITIONS)?) * 2 + title(t))
            }
            Small::LowerName { ty, pos } => (4, below(ty, TYPES)? * POSITIONS + below(pos, POSITIONS)?),
            Small::NeighbourName { d, ty } => (5, offset(d)? * TYPES + below(ty, TYPES)?),
            Small::RunLast { last, pos } => (6, below(last, CLASSES)? * POSITIONS + below(pos, POSITIONS)?),
            Small::RunFirst { first, pos } => (7, below(first, CLASSES)? * POSITIONS + below(pos, POSITIONS)?),
            Small::RunBefore { before, ty } => (8, below(before, CLASSES)? * TYPES + below(ty, TYPES)?),
            Small::RunAfter { after, ty } => (9, below(after, CLASSES)? * TYPES + below(ty, TYPES)?),
            Small::RunLength { len } => (10, below(len, RUN_LENGTHS)?),
        };
        Some(SMALL_STARTS[kind] + slot)
    }

    /// Every feature that has a slot.
    pub(crate) fn every() -> impl Iterator<Item = Small> {
        let bytes = |bound: usize| 0..bound as u8;
        let offsets = [-2i8, -1, 1, 2];
        let mut all = Vec::with_capacity(SMALL_SLOTS);
        for class in bytes(CLASSES) {
            for title in [false, true] {
                all.push(Small::Class { class, title });
            }
            for d in offsets {
                all.push(Small::NeighbourClass { d, class });
            }
            for pos in bytes(POSITIONS) {
                all.push(Small::RunLast { last: class, pos });
                all.push(Small::RunFirst { first: class, pos });
            }
            for ty in bytes(TYPES) {
                all.push(Small::RunBefore { before: class, ty });
                all.push(Small::RunAfter { after: class, ty });
            }
        }
        for ty in bytes(TYPES) {
            for pos in bytes(POSITIONS) {
                all.push(Small::Name { ty, pos });
                all.push(Small::LowerName { ty, pos });
                for title in [false, true] {
                    all.push(Small::NameTitle { ty, pos, title });
                }
            }
            for d in offsets {
                all.push(Small::NeighbourName { d, ty });
            }
        }
        for len in bytes(RUN_LENGTHS) {
            all.push(Small::RunLength { len });
        }
        all.into_iter()
    }
}

/// How the sentence as a whole is cased: headlines in capitals and lowercased text change what a capital means.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum SentenceCase {
    Mixed,
    Upper,
    Lower,
}

/// What is computed once per word (and sentence case) and read by the templates of it and its neighbours.
pub(crate) struct TokenInfo {
    lower: String,
    shape: String,
    /// Read with the word's other data by the templates of its neighbours too: kept in place.
    short_shape: SmallText,
    freq: u8,
    cluster: Option<(u16, u16)>,
    title: bool,
    /// Word-class flags from the name lists (`gazetteer::W_*`).
    class: u8,
    /// The word's standing in the name lists (a name of its own, the first or a later word of longer ones), as
    /// written and lowercased.
    name: NameWord,
    name_lower: NameWord,
    /// The hash state of each two-word template (21..=27) that this word opens, so that only the second part is
    /// hashed per pair of words (the hash reads its parts in order, so the result is the same).
    opens: PairStarts,
}

/// Hash states after the first part of the two-word templates, grouped by what they read of the second word.
#[derive(Clone, Copy)]
struct PairStarts {
    /// Templates 21, 22, 25, 26, 27: the second word lowercased.
    lower: [Hasher; 5],
    /// Templates 23 (which reads a third word's short shape after it) and 24: the second word's short shape.
    shape: [Hasher; 2],
}

/// Text kept in place when it is short (as a word's short shape nearly always is), so that reading it reads no
/// memory but that of the value holding it.
#[derive(Clone)]
enum SmallText {
    Inline(u8, [u8; SMALL_TEXT]),
    Heap(Box<str>),
}

/// The longest [`SmallText`] kept in place: as large as a `String` can hold beside the length.
const SMALL_TEXT: usize = 22;

impl SmallText {
    fn new(s: &str) -> SmallText {
        let mut bytes = [0u8; SMALL_TEXT];
        match bytes.get_mut(..s.len()) {
            Some(inline) => {
                inline.copy_from_slice(s.as_bytes());
                SmallText::Inline(s.len() as u8, bytes)
            }
            None => SmallText::Heap(s.into()),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            SmallText::Inline(len, bytes) => bytes.get(..usize::from(*len)).unwrap_or(&[]),
            SmallText::Heap(s) => s.as_bytes(),
        }
    }
}

fn pair_starts(lower: &str, short_shape: &str) -> PairStarts {
    let (l, ss) = (lower.as_bytes(), short_shape.as_bytes());
    PairStarts {
        lower: [
            Hasher::new(21).bytes(l),
            Hasher::new(22).bytes(l),
            Hasher::new(25).bytes(ss),
            Hasher::new(26).bytes(l),
            Hasher::new(27).bytes(l),
        ],
        shape: [Hasher::new(23).bytes(ss), Hasher::new(24).bytes(l)],
    }
}

/// The two-word templates over one pair of neighbouring words `a b`.
#[derive(Clone, Copy)]
pub(crate) struct PairHashes {
    /// Finished hashes of templates 21, 22, 25, 26, 27.
    lower: [u64; 5],
    /// Template 23 before its third part.
    shape_23: Hasher,
    /// Finished hash of template 24.
    shape_24: u64,
}

/// The token whose feature a template over a pair of neighbouring words `a b` is (see [`PairHashes::for_tokens`]).
#[derive(Clone, Copy)]
pub(crate) enum PairToken {
    /// The token `a`.
    First,
    /// The token `b`.
    Second,
    /// The token after `b`.
    After,
    /// The token before `a`.
    Before,
}

/// Template 23 over a pair of words `a b`, which a token `b` completes with the short shape of the word after it.
#[derive(Clone, Copy)]
pub(crate) struct Template23(Hasher);

impl Template23 {
    /// Of no pair (a placeholder).
    pub(crate) const NONE: Template23 = Template23(Hasher(0));

    /// The hash of the template for the word after the pair, `next`.
    #[inline]
    pub(crate) fn with_next(self, next: &TokenInfo) -> u64 {
        self.0.bytes(next.short_shape.as_bytes()).finish()
    }
}

impl PairHashes {
    pub(crate) fn of(a: &TokenInfo, b: &TokenInfo) -> PairHashes {
        let lower = Hasher::bytes_lanes(a.opens.lower, b.lower.as_bytes()).map(Hasher::finish);
        let [shape_23, shape_24] = Hasher::bytes_lanes(a.opens.shape, b.short_shape.as_bytes());
        PairHashes { lower, shape_23, shape_24: shape_24.finish() }
    }

    /// The templates that read this pair alone (all but 23), with the token whose features they are; the same
    /// hashes [`Sentence::context_features`] gives those tokens.
    #[inline]
    pub(crate) fn for_tokens(&self, mut add: impl FnMut(PairToken, u64)) {
        add(PairToken::Second, self.lower[0]);
        add(PairToken::First, self.lower[1]);
        add(PairToken::First, self.lower[2]);
        add(PairToken::After, self.lower[3]);
        add(PairToken::Before, self.lower[4]);
        add(PairToken::Second, self.shape_24);
    }

    /// Template 23 of the token `b`, which reads the short shape of the word after it too.
    #[inline]
    pub(crate) fn template_23(&self) -> Template23 {
        Template23(self.shape_23)
    }
}

fn shapes(w: &str) -> (String, String) {
    let mut long = String::new();
    let mut short = String::new();
    let mut last = '\0';
    for (n, c) in w.chars().enumerate() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if n < 12 {
            long.push(k);
        }
        if k != last {
            short.push(k);
            last = k;
        }
    }
    (long, short)
}

/// The per-word data of `w` in a sentence cased as `case`.
pub(crate) fn info(w: &str, lex: &Lexicon, case: SentenceCase) -> TokenInfo {
    let lower = w.to_lowercase();
    let (shape, short_shape) = shapes(w);
    let freq = lex.freq.get(lower.as_str()).copied().unwrap_or(0);
    let cluster = lex.clusters.get(lower.as_str()).copied();
    let title = case == SentenceCase::Mixed && w.chars().next().is_some_and(char::is_uppercase);
    let class = lex.gaz.word_class(w);
    let name = lex.gaz.name_word(w, false);
    let name_lower = lex.gaz.name_word(&lower, true);
    let opens = pair_starts(&lower, &short_shape);
    let short_shape = SmallText::new(&short_shape);
    TokenInfo { lower, shape, short_shape, freq, cluster, title, class, name, name_lower, opens }
}

/// What stands for the words before the first and after the last of a sentence.
pub(crate) static PAD: LazyLock<TokenInfo> = LazyLock::new(|| TokenInfo {
    lower: String::from("<pad>"),
    shape: String::from("<pad>"),
    short_shape: SmallText::new("<pad>"),
    freq: 255,
    cluster: None,
    title: false,
    class: 0,
    name: NameWord { types: 0, begins_longer: false, continues: false },
    name_lower: NameWord { types: 0, begins_longer: false, continues: false },
    opens: pair_starts("<pad>", "<pad>"),
});

/// How the sentence as a whole is cased.
pub(crate) fn sentence_case(words: &[&str]) -> SentenceCase {
    let (up, low) = words.iter().map(|w| letter_cases(w)).fold((0, 0), |(u, l), (wu, wl)| (u + wu, l + wl));
    case_of_counts(up, low)
}

/// The numbers of capitals and of small letters of a word (which [`case_of_counts`] reads, summed over a sentence).
pub(crate) fn letter_cases(w: &str) -> (usize, usize) {
    let (mut up, mut low) = (0usize, 0usize);
    let mut k = 0;
    while let Some(&b) = w.as_bytes().get(k) {
        if b.is_ascii() {
            // ASCII letters are cased as `char` cases them, without decoding a character
            up += usize::from(b.is_ascii_uppercase());
            low += usize::from(b.is_ascii_lowercase());
            k += 1;
            continue;
        }
        let Some(c) = w.get(k..).and_then(|rest| rest.chars().next()) else { break };
        if c.is_uppercase() {
            up += 1;
        } else if c.is_lowercase() {
            low += 1;
        }
        k += c.len_utf8();
    }
    (up, low)
}

/// The case of a sentence with `up` capitals and `low` small letters.
pub(crate) fn case_of_counts(up: usize, low: usize) -> SentenceCase {
    if up == 0 && low > 0 {
        SentenceCase::Lower
    } else if up > 8 && up * 4 > low * 5 {
        SentenceCase::Upper
    } else {
        SentenceCase::Mixed
    }
}

/// Nearest context offsets that unigram templates read: a token's features are the unigram features of the
/// words at offsets `-CONTEXT..=CONTEXT` (each template knowing its offset) plus [`Sentence::context_features`].
pub(crate) const CONTEXT: usize = 2;

/// The templates that read one word only, for that word standing at offset `d` from the token being tagged.
/// Their sum over the weights depends on the word, the sentence case and `d` alone, so taggers can cache it.
pub(crate) fn unigram_features(w: &str, t: &TokenInfo, case: SentenceCase, d: isize, add: &mut impl FnMut(u64)) {
    let mut add = |h: Hasher| add(h.finish());
    if d == 0 {
        add(Hasher::new(0));
        add(Hasher::new(1).bytes(w.as_bytes()));
        add(Hasher::new(2).bytes(t.lower.as_bytes()));
        add(Hasher::new(3).bytes(t.shape.as_bytes()));
        add(Hasher::new(4).bytes(t.short_shape.as_bytes()));
        let ends: Vec<usize> = t.lower.char_indices().map(|(i, _)| i).skip(1).chain([t.lower.len()]).collect();
        for k in 1..=4usize.min(ends.len()) {
            let p = &t.lower[..ends[k - 1]];
            let s = &t.lower[ends.len().checked_sub(k + 1).map_or(0, |j| ends[j])..];
            add(Hasher::new(5).num(k as u64).bytes(p.as_bytes()));
            add(Hasher::new(6).num(k as u64).bytes(s.as_bytes()));
        }
        add(Hasher::new(7).num(u64::from(t.freq)).num(u64::from(t.title)));
        add(Hasher::new(8).num(u64::from(t.freq)).bytes(t.short_shape.as_bytes()));
        if let Some((c, f)) = t.cluster {
            add(Hasher::new(9).num(u64::from(c)));
            add(Hasher::new(10).num(u64::from(f)));
            add(Hasher::new(11).num(u64::from(f)).num(u64::from(t.title)));
        }
        let case_id = case as u64;
        add(Hasher::new(12).num(case_id).bytes(t.short_shape.as_bytes()));
        add(Hasher::new(13).num(case_id));
    } else {
        add(Hasher::new(16).num(d as u64).bytes(t.lower.as_bytes()));
        add(Hasher::new(17).num(d as u64).bytes(t.short_shape.as_bytes()));
        add(Hasher::new(18).num(d as u64).num(u64::from(t.freq)).num(u64::from(t.title)));
        if d.abs() == 1 {
            if let Some((_, f)) = t.cluster {
                add(Hasher::new(19).num(d as u64).num(u64::from(f)));
            }
            add(Hasher::new(20).num(d as u64).bytes(t.shape.as_bytes()));
        }
    }
}

/// The templates of [`Sentence::context_features`] that read only the word at offset `d` (`|d| <= CONTEXT`) from
/// the token: its word class, with whether the token is capitalised at `d == 0`. (Taggers cache them per word.)
#[inline(always)]
pub(crate) fn word_context_features(t: &TokenInfo, d: isize, sink: &mut impl FeatureSink) {
    // The padding has no class.
    if t.class == 0 {
        return;
    }
    if d == 0 {
        sink.small(Small::Class { class: t.class, title: t.title });
    } else {
        sink.small(Small::NeighbourClass { d: d as i8, class: t.class });
    }
}

/// One sentence's words with what the templates that read several words need.
pub(crate) struct Sentence<'a> {
    words: &'a [&'a str],
    /// The words' [`info`]s with [`CONTEXT`] [`PAD`]s on each side: token `i`'s is `padded[i + CONTEXT]`, and the
    /// words about a token are read without asking whether they are in the sentence.
    padded: Vec<&'a TokenInfo>,
    /// What is found over the words: name-list matches and runs of capitalised words.
    found: &'a SentenceScratch,
    /// The two-word templates of each pair of neighbouring padded words: `pairs[k]` reads `padded[k]` and
    /// `padded[k + 1]` (empty in a [`Sentence::without_pairs`]).
    pairs: Vec<PairHashes>,
    /// Whether the words begin and end the sentence (a tagger may read a window of one: see `Tagger::emissions_in`).
    edges: (bool, bool),
}

/// What a [`Sentence`] finds over its words, in buffers that a tagger keeps from one sentence to the next (a
/// sentence of news is tagged in a few microseconds, in which allocating them anew each time shows).
#[derive(Default)]
pub(crate) struct SentenceScratch {
    /// Name-list matches: (type flags, position 0 = unit, 1 = begin, 2 = inside, 3 = last) per token.
    exact: Vec<(u8, u8)>,
    lowered: Vec<(u8, u8)>,
    /// Length of the run of capitalised words containing each token.
    run_len: Vec<usize>,
    /// Extended runs of capitalised words joined by lowercase connectors ("Bank of Indonesia"), and each token's.
    runs: Vec<(usize, usize)>,
    run_id: Vec<usize>,
    /// The name matches being marked.
    matches: Vec<super::gazetteer::NameMatch>,
    /// The names looked up for them.
    key: String,
}

impl<'a> Sentence<'a> {
    /// `infos` gives the [`info`] of each word of `words` under the sentence's case.
    #[cfg(test)]
    pub(crate) fn new(
        words: &'a [&'a str],
        infos: impl IntoIterator<Item = &'a TokenInfo>,
        lex: &Lexicon,
        scratch: &'a mut SentenceScratch,
    ) -> Sentence<'a> {
        Sentence::build(words, infos, lex, true, (true, true), scratch)
    }

    /// [`Sentence::new`] for a [`FeatureSink`] that has the two-word templates (`HAS_PAIR_FEATURES`): the pairs'
    /// hashes are not computed. The words may be a window of a sentence, which begins and ends it as `edges` say.
    /// Its buffers are `scratch`'s.
    pub(crate) fn without_pairs(
        words: &'a [&'a str],
        infos: impl IntoIterator<Item = &'a TokenInfo>,
        lex: &Lexicon,
        edges: (bool, bool),
        scratch: &'a mut SentenceScratch,
    ) -> Sentence<'a> {
        Sentence::build(words, infos, lex, false, edges, scratch)
    }

    fn build(
        words: &'a [&'a str],
        infos: impl IntoIterator<Item = &'a TokenInfo>,
        lex: &Lexicon,
        with_pairs: bool,
        edges: (bool, bool),
        scratch: &'a mut SentenceScratch,
    ) -> Sentence<'a> {
        let SentenceScratch { exact, lowered, run_len, runs, run_id, matches, key } = scratch;
        let pad: &TokenInfo = &PAD;
        let padded: Vec<&TokenInfo> = [pad; CONTEXT].into_iter().chain(infos).chain([pad; CONTEXT]).collect();
        let infos = &padded[CONTEXT..padded.len() - CONTEXT];
        let n = infos.len();
        run_len.clear();
        run_len.resize(n, 0);
        let mut k = 0;
        while k < n {
            if infos[k].title {
                let s = k;
                while k < n && infos[k].title {
                    k += 1;
                }
                for r in &mut run_len[s..k] {
                    *r = k - s;
                }
            } else {
                k += 1;
            }
        }
        let mark = |ms: &[super::gazetteer::NameMatch], v: &mut Vec<(u8, u8)>| {
            v.clear();
            v.resize(n, (0, 0));
            for m in ms {
                for (j, slot) in v.iter_mut().enumerate().take(m.end).skip(m.start) {
                    let pos = if m.end - m.start == 1 {
                        0
                    } else if j == m.start {
                        1
                    } else if j + 1 == m.end {
                        3
                    } else {
                        2
                    };
                    *slot = (m.types, pos);
                }
            }
        };
        lex.gaz.matches_known_into(n, |j| words[j], |j| infos[j].name, false, edges.0, matches, key);
        mark(matches, exact);
        let lower = |j: usize| infos[j].lower.as_str();
        lex.gaz.matches_known_into(n, lower, |j| infos[j].name_lower, true, edges.0, matches, key);
        mark(matches, lowered);
        let is_connector =
            |w: &str| matches!(w, "of" | "and" | "for" | "the" | "de" | "del" | "van" | "von" | "dan" | "&" | "on");
        run_id.clear();
        run_id.resize(n, usize::MAX);
        runs.clear();
        let mut k = 0;
        while k < n {
            if !infos[k].title {
                k += 1;
                continue;
            }
            let s = k;
            let mut e = k + 1;
            loop {
                if e < n && infos[e].title {
                    e += 1;
                } else if e + 1 < n && is_connector(words[e]) && infos[e + 1].title {
                    e += 2;
                } else {
                    break;
                }
            }
            for r in &mut run_id[s..e] {
                *r = runs.len();
            }
            runs.push((s, e));
            k = e;
        }
        let pairs =
            if with_pairs { padded.windows(2).map(|w| PairHashes::of(w[0], w[1])).collect() } else { Vec::new() };
        Sentence { words, padded, found: scratch, pairs, edges }
    }

    pub(crate) fn len(&self) -> usize {
        self.padded.len() - 2 * CONTEXT
    }

    /// The word at `i + d` (`|d| <= CONTEXT`), or the padding outside the sentence.
    fn at(&self, i: usize, d: isize) -> (&'a str, &'a TokenInfo) {
        let j = i as isize + d;
        let word = usize::try_from(j).ok().and_then(|j| self.words.get(j)).copied().unwrap_or("");
        (word, self.padded[(j + CONTEXT as isize) as usize])
    }

    /// The templates of token `i` that read more than one word, or a word's place in the sentence.
    // Always inlined, so that tagging compiles it with the processor features it is compiled with (see
    // `Tagger::emissions`).
    #[inline(always)]
    pub(crate) fn context_features<S: FeatureSink>(&self, i: usize, sink: &mut S) {
        let n = self.len();
        // The words about token `i`, from `i - CONTEXT` to `i + CONTEXT`.
        let around = &self.padded[i..i + 2 * CONTEXT + 1];
        let classes = |j: usize| self.padded[j + CONTEXT].class;
        const NAME_CLASSES: u8 = W_ORG_HEAD | W_EVENT_HEAD | W_ROLE_HEAD | W_HONORIFIC;
        let t = around[CONTEXT];
        let title = t.title;
        if !S::HAS_WORD_FEATURES {
            for d in [0, -2, -1, 1, 2] {
                word_context_features(around[(CONTEXT as isize + d) as usize], d, sink);
            }
        }
        let (ty, pos) = self.found.exact[i];
        if ty != 0 {
            sink.small(Small::Name { ty, pos });
            sink.small(Small::NameTitle { ty, pos, title });
        } else if self.found.lowered[i].0 != 0 {
            sink.small(Small::LowerName { ty: self.found.lowered[i].0, pos: self.found.lowered[i].1 });
        }
        for d in [-1i8, 1] {
            let j = i as isize + d as isize;
            if j >= 0 && (j as usize) < n {
                let (nty, _) = self.found.exact[j as usize];
                let same = ty != 0 && ((d < 0 && pos >= 2) || (d > 0 && (pos == 1 || pos == 2)));
                if nty != 0 && !same {
                    sink.small(Small::NeighbourName { d, ty: nty });
                }
            }
        }
        if let Some(&(s, e)) = self.found.runs.get(self.found.run_id[i]) {
            let pos: u8 = if e - s == 1 {
                0
            } else if i == s {
                1
            } else if i + 1 == e {
                3
            } else {
                2
            };
            let first = classes(s) & NAME_CLASSES;
            let last = classes(e - 1) & NAME_CLASSES;
            sink.small(Small::RunLast { last, pos });
            sink.small(Small::RunFirst { first, pos });
            let before = (s..i).fold(0u8, |a, j| a | classes(j)) & NAME_CLASSES;
            let after = (i + 1..e).fold(0u8, |a, j| a | classes(j)) & NAME_CLASSES;
            sink.small(Small::RunBefore { before, ty });
            sink.small(Small::RunAfter { after, ty });
        }
        if i == 0 && self.edges.0 {
            sink.hashed(Hasher::new(14).num(u64::from(t.freq)).bytes(t.short_shape.as_bytes()).finish());
        }
        if i + 1 == n && self.edges.1 {
            sink.hashed(Hasher::new(15).bytes(t.short_shape.as_bytes()).finish());
        }
        if !S::HAS_PAIR_FEATURES {
            // The pairs (i-2, i-1), (i-1, i), (i, i+1), (i+1, i+2).
            let [before, left, right, after] = [0, 1, 2, 3].map(|k| &self.pairs[i + k]);
            sink.hashed(left.lower[0]);
            sink.hashed(right.lower[1]);
            sink.hashed(left.template_23().with_next(around[CONTEXT + 1]));
            sink.hashed(left.shape_24);
            sink.hashed(right.lower[2]);
            sink.hashed(before.lower[3]);
            sink.hashed(after.lower[4]);
        }
        // length of the run of capitalised words this token sits in (names are runs)
        if t.title {
            sink.small(Small::RunLength { len: self.found.run_len[i].min(5) as u8 });
        }
    }
}

/// The feature hashes of every token of one sentence: `out[offsets[i]..offsets[i + 1]]` belong to token `i`.
/// (Training reads them; tagging sums the same features with the unigram part cached per word.)
pub(crate) fn sentence_features(words: &[&str], lex: &Lexicon, out: &mut Vec<u64>, offsets: &mut Vec<usize>) {
    window_features(words, sentence_case(words), (true, true), lex, out, offsets);
}

/// [`sentence_features`] of a window of a sentence cased as `case`, which begins and ends it as `edges` say.
pub(crate) fn window_features(
    words: &[&str],
    case: SentenceCase,
    edges: (bool, bool),
    lex: &Lexicon,
    out: &mut Vec<u64>,
    offsets: &mut Vec<usize>,
) {
    out.clear();
    offsets.clear();
    let infos: Vec<TokenInfo> = words.iter().map(|w| info(w, lex, case)).collect();
    let mut scratch = SentenceScratch::default();
    let sent = Sentence::build(words, &infos, lex, true, edges, &mut scratch);
    for i in 0..sent.len() {
        offsets.push(out.len());
        let mut add = |h: u64| out.push(h);
        sent.context_features(i, &mut add);
        for d in -(CONTEXT as isize)..=CONTEXT as isize {
            let (w, t) = sent.at(i, d);
            unigram_features(w, t, case, d, &mut add);
        }
    }
    offsets.push(out.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-word templates, hashed per pair of words, hash the words in order as the templates read them.
    fn l(t: &TokenInfo) -> &[u8] {
        t.lower.as_bytes()
    }

    fn ss(t: &TokenInfo) -> &[u8] {
        t.short_shape.as_bytes()
    }

    #[test]
    fn pair_templates_hash_the_words_in_order() {
        let words = ["Menteri", "Sri", "Wahyuni", "met", "the", "U.S.", "envoy", ",", "2024", "."];
        let lex = Lexicon::parse("", "", true);
        let infos: Vec<TokenInfo> = words.iter().map(|w| info(w, &lex, SentenceCase::Mixed)).collect();
        let mut scratch = SentenceScratch::default();
        let sent = Sentence::new(&words, &infos, &lex, &mut scratch);
        let at = |j: isize| usize::try_from(j).ok().and_then(|j| infos.get(j)).unwrap_or(&PAD);
        for i in 0..words.len() {
            let mut got = Vec::new();
            sent.context_features(i, &mut |h| got.push(h));
            let [p2, p, t, nx, n2] = [-2, -1, 0, 1, 2].map(|d| at(i as isize + d));
            let want = [
                Hasher::new(21).bytes(l(p)).bytes(l(t)),
                Hasher::new(22).bytes(l(t)).bytes(l(nx)),
                Hasher::new(23).bytes(ss(p)).bytes(ss(t)).bytes(ss(nx)),
                Hasher::new(24).bytes(l(p)).bytes(ss(t)),
                Hasher::new(25).bytes(ss(t)).bytes(l(nx)),
                Hasher::new(26).bytes(l(p2)).bytes(l(p)),
                Hasher::new(27).bytes(l(nx)).bytes(l(n2)),
            ];
            for h in want {
                assert!(got.contains(&h.finish()), "token {i}");
            }
        }
    }

    #[test]
    fn every_small_feature_has_its_own_slot() {
        let mut seen = vec![false; SMALL_SLOTS];
        for f in Small::every() {
            let slot = f.slot().unwrap_or_else(|| panic!("{f:?} has no slot"));
            assert!(!std::mem::replace(&mut seen[slot], true), "{f:?} shares slot {slot}");
        }
        assert!(seen.iter().all(|&s| s), "some slot has no feature");
        assert_eq!(Small::Class { class: CLASSES as u8, title: false }.slot(), None);
    }
}
