//! The learned named-entity tagger: a linear model over BIO tags (PER, ORG, LOC; averaged perceptron for English,
//! averaged-SGD linear-chain CRF for Indonesian) with
//! hashed word, shape, affix, context, frequency and cluster features, decoded by constrained Viterbi.
//! One model per language (English, Indonesian), compiled in and loaded once.

mod features;
mod gazetteer;
mod model;
pub mod train;
mod truecase;

pub(crate) use truecase::{in_capitals, usually_small};

use std::cell::RefCell;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use crate::model::Label;
use crate::text::{sentences_of, tokens, Token};
use features::{
    case_of_counts, info, letter_cases, unigram_features, word_context_features, FeatureSink, Lexicon, PairHashes,
    PairToken, Sentence, SentenceCase, SentenceScratch, Small, Template23, TokenInfo, CONTEXT, PAD, SMALL_SLOTS,
};
use model::{prefetch_bytes, spans_of_into, Aligned, Decoder, LaneScores, Weights, ENTITY_TYPES, LANES, N_TAGS};

/// A named entity found by the tagger: a byte range of the text and its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NerSpan {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// `Person`, `Org` or `Location`.
    pub label: Label,
}

/// A trained tagger for one language.
pub struct Tagger {
    /// Distinguishes taggers in the per-thread word caches.
    id: u64,
    weights: Weights,
    /// The weights' transition scores, as Viterbi reads them.
    decoder: Decoder,
    /// The packed row of each [`Small`] feature by its slot ([`NO_ROW`] when it has no weights).
    small_rows: Box<[u32]>,
    lexicon: Lexicon,
    /// How the language usually writes its words, for sentences in capitals.
    case_list: &'static truecase::CaseList,
    /// Tag `X-Y` written without spaces as one unit, as the Indonesian corpora tokenise it.
    join_hyphens: bool,
}

// Aligned, so that the weights are read where they lie in the library (see `Weights::in_place`).
pub(crate) static EN_MODEL: &Aligned<[u8]> = &Aligned(*include_bytes!("../../data/ner/en.model"));
pub(crate) static ID_MODEL: &Aligned<[u8]> = &Aligned(*include_bytes!("../../data/ner/id.model"));
pub(crate) static EN_FREQ: &str = include_str!("../../data/ner/en_freq.tsv");
pub(crate) static ID_FREQ: &str = include_str!("../../data/ner/id_freq.tsv");
static EN_CLUSTERS: &str = include_str!("../../data/ner/en_clusters.tsv");

static EN_TAGGER: LazyLock<Tagger> =
    LazyLock::new(|| Tagger::with_weights(Weights::in_place(EN_MODEL), EN_FREQ, EN_CLUSTERS, false));
static ID_TAGGER: LazyLock<Tagger> =
    LazyLock::new(|| Tagger::with_weights(Weights::in_place(ID_MODEL), ID_FREQ, "", true));

/// The language's feature data (for training): English has clusters, Indonesian only frequencies.
pub(crate) fn lexicon_for(lang: &str) -> Lexicon {
    if is_indonesian_code(lang) {
        Lexicon::parse(ID_FREQ, "", true)
    } else {
        Lexicon::parse(EN_FREQ, EN_CLUSTERS, false)
    }
}

/// Whether `lang` names a language the Indonesian model reads: Indonesian, or Malay, written much alike.
pub(crate) fn is_indonesian_code(lang: &str) -> bool {
    let lang = lang.trim();
    ["id", "in", "ind", "indonesian", "ms", "msa"].iter().any(|c| lang.eq_ignore_ascii_case(c))
}

fn is_english_code(lang: &str) -> bool {
    let lang = lang.trim();
    ["en", "eng", "english"].iter().any(|c| lang.eq_ignore_ascii_case(c))
}

/// The tagger's place-name lists as `make tables` writes them (see `crate::prebuilt`).
pub(crate) fn prebuilt_name_lists() -> Vec<u8> {
    gazetteer::prebuilt_name_lists()
}

/// The tagger for a language code: Indonesian for `id` (and Malay), English for everything else.
pub fn default_for(lang: &str) -> &'static Tagger {
    if is_indonesian_code(lang) {
        &ID_TAGGER
    } else {
        &EN_TAGGER
    }
}

/// Whether `w` is a common word of English or Indonesian (Zipf frequency 3.5 or more, three times in a million
/// words: `soccer`, `update`, `ekonomi`), by the taggers' frequency lists, whatever its case.
pub(crate) fn is_common_word(w: &str) -> bool {
    const COMMON_BUCKET: u8 = 4;
    EN_TAGGER.lexicon.freq_of(w) >= COMMON_BUCKET || ID_TAGGER.lexicon.freq_of(w) >= COMMON_BUCKET
}

/// `"id"` or `"en"` for one sentence, by a vote of function words; on a tie, by which language's
/// frequency list knows the sentence's lowercase words better; English when that ties too.
pub fn sentence_language(text: &str, toks: &[Token]) -> &'static str {
    let (e, i, _) = function_word_votes(text, toks);
    language_by_votes(text, toks, e, i)
}

/// How many of a sentence's tokens are English function words, how many Indonesian ones, and how many tokens are
/// words (hold a letter).
fn function_word_votes(text: &str, toks: &[Token]) -> (usize, usize, usize) {
    let (mut e, mut i, mut words) = (0usize, 0usize, 0usize);
    for t in toks {
        let w = t.text(text);
        if !w.chars().any(char::is_alphabetic) {
            continue;
        }
        words += 1;
        let languages = crate::language::languages_of(w.to_lowercase().as_bytes());
        e += usize::from(languages & crate::language::EN != 0);
        i += usize::from(languages & crate::language::ID != 0);
    }
    (e, i, words)
}

/// [`sentence_language`] given the sentence's votes.
fn language_by_votes(text: &str, toks: &[Token], e: usize, i: usize) -> &'static str {
    if i != e {
        return if i > e { "id" } else { "en" };
    }
    let (en_lex, id_lex) = (&default_for("en").lexicon, &default_for("id").lexicon);
    let mut balance = 0i64;
    for t in toks {
        let w = t.text(text);
        if w.chars().next().is_some_and(char::is_lowercase) {
            balance += i64::from(id_lex.freq_of(w)) - i64::from(en_lex.freq_of(w));
        }
    }
    if balance > 0 {
        "id"
    } else {
        "en"
    }
}

impl Tagger {
    /// A tagger from a model file and its lexicon files; a malformed model gives a tagger that finds nothing.
    /// Indonesian taggers join `X-Y` tokens and use the Indonesian name lists.
    pub(crate) fn load(model: &[u8], freq: &'static str, clusters: &'static str, indonesian: bool) -> Tagger {
        Tagger::with_weights(Weights::from_bytes(model), freq, clusters, indonesian)
    }

    /// A tagger from weights (`None`: a malformed model file, which gives a tagger that finds nothing) and its
    /// lexicon files.
    fn with_weights(weights: Option<Weights>, freq: &'static str, clusters: &'static str, indonesian: bool) -> Tagger {
        let weights = weights
            .unwrap_or_else(|| Weights::new(10, vec![0; (1 << 10) * N_TAGS], [[0.0; N_TAGS]; N_TAGS], [0.0; N_TAGS]));
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let mut small_rows = vec![NO_ROW; SMALL_SLOTS].into_boxed_slice();
        for f in Small::every() {
            if let Some(slot) = f.slot() {
                small_rows[slot] = weights.row_of(f.hash()).unwrap_or(NO_ROW);
            }
        }
        Tagger {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            decoder: Decoder::new(&weights.transitions, &weights.start),
            weights,
            small_rows,
            lexicon: Lexicon::parse(freq, clusters, indonesian),
            case_list: truecase::case_list(indonesian),
            join_hyphens: indonesian,
        }
    }

    /// A tagger from a model file and an already parsed lexicon.
    pub(crate) fn from_parts(model: &[u8], lexicon: Lexicon, indonesian: bool) -> Tagger {
        let mut t = Tagger::load(model, "", "", indonesian);
        t.lexicon = lexicon;
        t
    }

    /// Whether the model file parsed and has weights.
    pub fn is_loaded(&self) -> bool {
        !self.weights.is_empty()
    }

    /// Tag one sentence given as tokens of `text`; returns entity spans as byte ranges of `text`.
    pub fn tag(&self, text: &str, tokens: &[Token]) -> Vec<NerSpan> {
        self.tag_around(text, tokens, &[])
    }

    /// [`Tagger::tag`] for a sentence some of whose names are known already: `known` holds their byte ranges,
    /// sorted and apart. The words about capitals that all lie in them are not read (see [`read_and_case`]); a
    /// sentence whose capitals all do is not scored at all.
    pub(crate) fn tag_around(&self, text: &str, tokens: &[Token], known: &[Range<usize>]) -> Vec<NerSpan> {
        let mut out = Vec::new();
        self.tag_around_into(text, tokens, known, &mut TagScratch::default(), &mut out);
        out
    }

    /// [`Tagger::tag_around`], the spans appended to `out`, with buffers kept from sentence to sentence of `text`.
    fn tag_around_into<'t>(
        &self,
        text: &'t str,
        tokens: &[Token],
        known: &[Range<usize>],
        scratch: &mut TagScratch<'t>,
        out: &mut Vec<NerSpan>,
    ) {
        let units;
        // Only a `-`, `(` or `)` token is joined to its neighbours: a sentence without one is read as it is.
        let joins = |t: &Token| matches!(t.text(text), "-" | "(" | ")");
        let tokens = if self.join_hyphens && tokens.iter().any(joins) {
            units = join_brackets(text, &join_hyphenated(text, tokens));
            &units[..]
        } else {
            tokens
        };
        let TagScratch { words, written, inside, tags, spans } = scratch;
        words.clear();
        words.extend(tokens.iter().map(|t| t.text(text)));
        inside_known(tokens, known, inside);
        let sentence = match (tokens.first(), tokens.last()) {
            (Some(a), Some(b)) => text.get(a.start..b.end).unwrap_or(""),
            _ => "",
        };
        if truecase::in_capitals(sentence) && self.case_list.rewrite(words, inside, written) {
            let as_written: Vec<&str> = written.iter().map(String::as_str).collect();
            self.predict_into(&as_written, inside, tags);
        } else {
            self.predict_into(words, inside, tags);
        }
        spans_of_into(tags, spans);
        out.extend(spans.iter().filter_map(|&(s, e, ty)| {
            Some(NerSpan {
                start: tokens.get(s)?.start,
                end: tokens.get(e.checked_sub(1)?)?.end,
                label: *ENTITY_TYPES.get(ty)?,
            })
        }));
    }

    /// The BIO tag ids of a tokenised sentence, into `tags`.
    ///
    /// The emission score of a token is the sum of the weights of its features (`features::sentence_features`,
    /// what training reads), for the tokens near capitals ([`spread_to_neighbours`]) but those about names known
    /// already (`known`, may be empty: see [`read_and_case`]); the others are O. Most features read one word at a
    /// fixed offset; their sums per word, sentence case and offset come from a per-thread cache, so a word's data
    /// and those weights are computed once per thread.
    /// Sums of integers do not depend on their order: the result is the same as summing every feature.
    fn predict_into(&self, words: &[&str], known: &[bool], tags: &mut Vec<usize>) {
        self.with_cache(|cache| {
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("popcnt") && std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the processor has the instructions, as just checked.
                return unsafe { self.predict_with_avx2(cache, words, known, tags) };
            }
            self.predict_in(cache, words, known, tags)
        })
    }

    /// [`Tagger::predict_into`] compiled with the `popcnt` and AVX2 instructions: finding a feature's row counts the
    /// bits below it in a bitmap word (a dozen instructions on the baseline x86-64 target), and a token's eight
    /// score lanes are summed, and compared in Viterbi, by single instructions. Float sums and comparisons are
    /// the same whatever the instructions, so the tags are too.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt,avx2")]
    unsafe fn predict_with_avx2(&self, cache: &mut WordCache, words: &[&str], known: &[bool], tags: &mut Vec<usize>) {
        self.predict_in(cache, words, known, tags)
    }

    /// [`Tagger::predict_into`] with this thread's word cache of the tagger, into `tags`.
    // Always inlined, so that it is compiled with the processor features of its caller.
    #[inline(always)]
    fn predict_in(&self, cache: &mut WordCache, words: &[&str], known: &[bool], tags: &mut Vec<usize>) {
        let scored = self.emissions_in(cache, words, known);
        self.decode(scored.then_some(&cache.em[..]), &cache.read, &mut cache.path, tags)
    }

    /// The best tags of a sentence (into `tags`) given the emission scores of its tokens (`None`: none was read)
    /// and which were read. The tokens not read can only be O, so each run of read ones is decoded apart, with the
    /// O after it. `path` is a buffer for Viterbi's path scores.
    // Always inlined, so that Viterbi is compiled with the processor features of the caller.
    #[inline(always)]
    fn decode(&self, em: Option<&[[f32; LANES]]>, read: &[bool], path: &mut Vec<[f32; LANES]>, tags: &mut Vec<usize>) {
        tags.clear();
        tags.resize(read.len(), 0);
        if let Some(em) = em {
            for (s, e) in runs(read) {
                let end = (e + 1).min(read.len());
                // A run that does not begin the sentence follows an O (tag 0).
                let first = if s == 0 { &self.decoder.first } else { &self.decoder.after[0] };
                self.decoder.decode_into(&em[s..end], first, &mut tags[s..end], path);
            }
        }
    }

    /// Emission scores of each word of a sentence (see [`Tagger::predict_into`]): the tags' in the first `N_TAGS`
    /// lanes, zeros after them.
    #[cfg(test)]
    fn emissions(&self, words: &[&str]) -> Vec<[f32; LANES]> {
        self.with_cache(|cache| self.emissions_in(cache, words, &[]).then(|| cache.em.clone()))
            .unwrap_or_else(|| vec![ONLY_O; words.len()])
    }

    /// `f` given this thread's word cache of the tagger.
    fn with_cache<T>(&self, f: impl FnOnce(&mut WordCache) -> T) -> T {
        WORD_CACHES.with(|caches| {
            let mut caches = caches.borrow_mut();
            let at = match caches.iter().position(|c| c.tagger == self.id) {
                Some(k) => k,
                None => {
                    caches.push(WordCache::new(self.id));
                    caches.len() - 1
                }
            };
            f(&mut caches[at])
        })
    }

    /// [`Tagger::emissions`] with this thread's word cache of the tagger.
    ///
    /// Only the tokens near capitals are scored ([`spread_to_neighbours`]), and only the words they read are
    /// looked at: each run of read tokens with the [`CONTEXT`] words on either side (a window) is scored as a
    /// sentence of its own that knows the case of the whole one and whether it begins or ends it. The features of a
    /// read token are then those of the whole sentence, but for a name of the lists that would run into the window
    /// from a word outside it (three words or more from every capital), which the window does not see.
    // Always inlined, so that it is compiled once for each set of processor features it is called with.
    #[inline(always)]
    fn emissions_in(&self, cache: &mut WordCache, words: &[&str], known: &[bool]) -> bool {
        let n = words.len();
        let mut read = std::mem::take(&mut cache.read);
        let case = read_and_case(words, known, &mut read, &mut cache.unknown);
        if !read.contains(&true) {
            cache.read = read;
            return false;
        }
        let mut em = std::mem::take(&mut cache.em);
        em.clear();
        em.resize(n, ONLY_O);
        for (s, e) in windows(&read) {
            self.window_emissions(cache, &words[s..e], case, &read[s..e], (s == 0, e == n), &mut em[s..e]);
        }
        cache.read = read;
        cache.em = em;
        true
    }

    /// The emission scores (`em`) of the read tokens (`read`) of a window of a sentence (see
    /// [`Tagger::emissions_in`]), cased as `case`, which begins and ends the sentence as `edges` say.
    #[inline(always)]
    fn window_emissions(
        &self,
        cache: &mut WordCache,
        words: &[&str],
        case: SentenceCase,
        read: &[bool],
        edges: (bool, bool),
        em: &mut [[f32; LANES]],
    ) {
        // A word has an entry per sentence case it is met in, and the words of a sentence at most one each.
        if cache.entries.len() + words.len() > MAX_CACHED_WORDS || cache.tails.len() > MAX_CACHED_TAIL_BYTES {
            cache.clear();
        }
        // The buffer lives in the cache between sentences; taken out so that it and the cache can be used at once.
        let mut idx = std::mem::take(&mut cache.idx);
        idx.clear();
        // Each word's slot is asked for before any is read (they lie anywhere in megabytes), the words' hashes
        // kept meanwhile.
        let mut hashes = std::mem::take(&mut cache.hashes);
        hashes.clear();
        hashes.extend(words.iter().map(|w| cache.prefetch_word(w)));
        let n = words.len();
        // Pair `k` (padded words `k`, `k + 1`) is a template of tokens `k - 1 - CONTEXT ..= k + 2 - CONTEXT`: it is
        // needed when one of them is read.
        let pair_read =
            |k: usize| (k.saturating_sub(1 + CONTEXT)..(k + 3).saturating_sub(CONTEXT).min(n)).any(|i| read[i]);
        let read_pairs = || (0..n + 2 * CONTEXT - 1).filter(move |&k| pair_read(k));
        // The slots of the pairs lie anywhere in megabytes of cache. A pair's slot follows from its words' hashes
        // (see `pair_slot`), so they are asked for now, and read while the words are looked up rather than after.
        let padded_hash = |k: usize| k.checked_sub(CONTEXT).and_then(|i| hashes.get(i)).copied().unwrap_or(PAD_HASH);
        let mut slots = std::mem::take(&mut cache.pair_slots);
        slots.clear();
        slots.extend((0..n + 2 * CONTEXT - 1).map(|k| pair_slot(padded_hash(k), padded_hash(k + 1), case)));
        cache.alloc_pairs();
        for k in read_pairs() {
            if let Some(set) = slots.get(k).and_then(|&at| cache.pairs.get(at..at + PAIR_WAYS)) {
                prefetch_bytes(set);
            }
        }
        idx.extend(words.iter().zip(&hashes).map(|(w, &h)| cache.word_of(w, h)));
        cache.hashes = hashes;
        for (k, w) in idx.iter_mut().zip(words) {
            *k = cache.entry_of(*k, w, case, self);
        }
        let pad = cache.pad(case, self);
        let padded = |k: usize| k.checked_sub(CONTEXT).and_then(|i| idx.get(i)).copied().unwrap_or(PAD_ENTRY);
        // The words' entries lie anywhere in megabytes too, and the passes below each wait on them in turn: they
        // are asked for at once (an entry holds its word's short shape, which template 23 of the word before reads).
        let entries = &cache.entries;
        idx.iter().filter_map(|&k| entries.get(k as usize)).for_each(|e| prefetch_bytes(std::slice::from_ref(e)));
        cache.fill_pairs(read_pairs().map(|k| (padded(k), padded(k + 1), slots[k])), self);
        // Each token's two-word templates: the cached sums of the pairs it is in or beside, and the hash of
        // template 23 (which reads a third word). Pair `k` reads padded words `k` and `k + 1`; token `i` is padded
        // word `i + CONTEXT`.
        let mut pair_sums = std::mem::take(&mut cache.pair_sums);
        pair_sums.clear();
        pair_sums.resize(n, ([0; LANES], 0));
        for k in read_pairs() {
            let at = cache.cache_pair(padded(k), padded(k + 1), slots[k], self);
            let pair = &cache.pairs[at];
            for (token, d) in
                [(PairToken::Before, 0), (PairToken::First, 1), (PairToken::Second, 2), (PairToken::After, 3)]
            {
                // `d` counts from the word before the pair: token `k + d - 1 - CONTEXT`, which may be padding.
                if let Some((acc, _)) = (k + d).checked_sub(1 + CONTEXT).and_then(|i| pair_sums.get_mut(i)) {
                    // Summed as whole arrays (a copy of the pair's sums, which the compiler cannot otherwise tell
                    // apart from `acc`), so that it compiles to one vector add, not eight adds to memory.
                    let sums = pair.scores[token as usize];
                    *acc = std::array::from_fn(|l| acc[l] + sums[l]);
                }
            }
            // The pair is (i - 1, i) for token `i = k + 1 - CONTEXT`, whose template 23 reads the word after it.
            if let Some((_, t23)) = (k + 1).checked_sub(CONTEXT).and_then(|i| pair_sums.get_mut(i)) {
                let next = cache.entries.get(padded(k + 2) as usize).map_or(&*PAD, |e| &e.info);
                *t23 = pair.template_23.with_next(next);
            }
        }
        let entries = &cache.entries;
        let mut scratch = std::mem::take(&mut cache.sentence);
        let infos = idx.iter().map(|&k| &entries[k as usize].info);
        let sent = Sentence::without_pairs(words, infos, &self.lexicon, edges, &mut scratch);
        // The cached unigram sums of padded word `k` (token `i` reads those of padded words `i..=i + 2 * CONTEXT`).
        let around = |k: usize| entries.get(padded(k) as usize).map_or(&pad, |e| &e.scores);
        // A token's other features are summed while the next token's are found: their rows are fetched as
        // they are found, and summing waits on those reads.
        let mut sinks = [RowSink::new(self), RowSink::new(self)];
        // The token whose features are in `sinks[0]`, waiting to be summed.
        let mut last: Option<usize> = None;
        for i in (0..n).filter(|&i| read[i]).map(Some).chain([None]) {
            sinks.swap(0, 1);
            if let Some(i) = i {
                let sink = &mut sinks[0];
                sink.len = 0;
                sent.context_features(i, sink);
                sink.hashed(pair_sums[i].1);
            }
            let Some(j) = std::mem::replace(&mut last, i) else { continue };
            let mut acc = pair_sums[j].0;
            sinks[1].add_to(&mut acc);
            for slot in 0..=2 * CONTEXT {
                for (a, &v) in acc.iter_mut().zip(&around(j + slot)[slot]) {
                    *a += v;
                }
            }
            em[j] = acc.map(|a| a as f32);
        }
        drop(sent);
        cache.sentence = scratch;
        cache.idx = idx;
        cache.pair_sums = pair_sums;
        cache.pair_slots = slots;
    }

    /// The summed weights of `t`'s unigram features and [`word_context_features`] at each context offset.
    ///
    /// A word met for the first time has some forty such features, whose rows lie anywhere in megabytes: all are
    /// found and asked for before any is summed, so that the reads overlap instead of each waiting on the last
    /// (on distinct text, where most words are new, this is most of the time a new word takes).
    fn unigram_scores(&self, w: &str, t: &TokenInfo, case: SentenceCase) -> Scores {
        let mut sinks: [RowSink; 2 * CONTEXT + 1] = std::array::from_fn(|_| RowSink::new(self));
        for (sink, d) in sinks.iter_mut().zip(-(CONTEXT as isize)..) {
            unigram_features(w, t, case, d, &mut |h| sink.hashed(h));
            word_context_features(t, d, sink);
        }
        sinks.map(|sink| {
            let mut acc = [0; LANES];
            sink.add_to(&mut acc);
            acc
        })
    }
}

/// The emission scores of a token the tagger does not read: O, and nothing else.
const ONLY_O: [f32; LANES] = {
    let mut e = [f32::NEG_INFINITY; LANES];
    e[0] = 0.0;
    e
};

/// Which tokens of `words` the tagger reads (into `read`, see [`spread_to_neighbours`]), and the case of the
/// sentence, both from the words' letters.
///
/// `known` marks the tokens inside names found without the tagger (countries, places and organisations of the
/// lists, dates, amounts; it may be empty or shorter than `words`). A run of read tokens whose every capital is
/// in one is not read: the tagger would find what is known. A run with any other capital is read whole, known
/// names and all, so that the tagger sees "Bank of Thailand" or "Asia-Pacific" as they are written.
fn read_and_case(words: &[&str], known: &[bool], read: &mut Vec<bool>, unknown: &mut Vec<usize>) -> SentenceCase {
    read.clear();
    let (mut up, mut low) = (0, 0);
    // The capitalised tokens outside known names (needed when some capital is inside one); `unknown` is a buffer
    // the caller keeps, as `read` is.
    unknown.clear();
    let mut some_known = false;
    for (i, w) in words.iter().enumerate() {
        let (u, l) = letter_cases(w);
        (up, low) = (up + u, low + l);
        read.push(u > 0);
        if u > 0 {
            if known.get(i).copied().unwrap_or(false) {
                some_known = true;
            } else {
                unknown.push(i);
            }
        }
    }
    let case = case_of_counts(up, low);
    spread_to_neighbours(read);
    if some_known {
        let mut next = unknown.iter().peekable();
        let known_only: Vec<(usize, usize)> = runs(read)
            .filter(|&(start, end)| {
                while next.next_if(|&&k| k < start).is_some() {}
                next.peek().is_none_or(|&&k| k >= end)
            })
            .collect();
        for (start, end) in known_only {
            read[start..end].fill(false);
        }
    }
    // A sentence opened by a capitalised function word ("The", "In", "Para") far from any other capital: the
    // model tags such a word O, so its window is not scored (a tenth of the windows of news). Its window would
    // have read no other token: the next read token would be in another window (see `windows`).
    if read.first() == Some(&true)
        && !read.iter().skip(1).take(1 + 2 * CONTEXT).any(|&r| r)
        && words.first().is_some_and(|w| is_capitalised_function_word(w))
    {
        read[0] = false;
    }
    case
}

/// Whether `w` is a function word of either language (`data/ner/function_words.tsv`) written with a capital and
/// then small letters ("The", "Dan"; not "IT").
fn is_capitalised_function_word(w: &str) -> bool {
    let mut letters = w.bytes();
    let capital = letters.next().is_some_and(|b| b.is_ascii_uppercase());
    if !capital || !letters.all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    crate::language::languages_of(w.to_ascii_lowercase().as_bytes()) != 0
}

/// The runs of `true` in `read`, as ranges.
fn runs(read: &[bool]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + read.get(from..)?.iter().position(|&r| r)?;
        let end = read[start..].iter().position(|&r| !r).map_or(read.len(), |k| start + k);
        from = end;
        Some((start, end))
    })
}

/// Which of `tokens` lie wholly inside one of the byte ranges `known` (sorted and apart), into `inside`; empty
/// when none does.
fn inside_known(tokens: &[Token], known: &[Range<usize>], inside: &mut Vec<bool>) {
    inside.clear();
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else { return };
    // Only the ranges about the tokens can hold one, found by binary search: a caller passes the known names of
    // the whole text for each of its sentences, which a walk from the first range would pass over every time.
    let known = &known[known.partition_point(|r| r.end <= first.start)..];
    let known = &known[..known.partition_point(|r| r.start < last.end)];
    if known.is_empty() {
        return;
    }
    let mut k = 0;
    inside.extend(tokens.iter().map(|t| {
        while k < known.len() && known[k].end <= t.start {
            k += 1;
        }
        known.get(k).is_some_and(|r| r.start <= t.start && t.end <= r.end)
    }));
}

/// The buffers [`Tagger::tag_around_into`] fills for each sentence, kept for the next one: the words of the
/// text, which tokens are inside known names, the tags and the spans.
#[derive(Default)]
struct TagScratch<'t> {
    words: Vec<&'t str>,
    /// The words of a sentence in capitals as usually written (see [`truecase`]).
    written: Vec<String>,
    inside: Vec<bool>,
    tags: Vec<usize>,
    spans: Vec<(usize, usize, usize)>,
}

/// The tokens the tagger reads, from the tokens with a capital letter (`read`): those, the token before each,
/// and the tokens of a gap of at most [`MAX_GAP`] between two; every token when none has a capital.
///
/// The others are tagged O without being scored. Entities are written with capitals in news, and the words the
/// model tags about them are the one before ("kota Bandung") and the small words inside ("Bank of England",
/// "Menteri Luar Negeri"). Of the entities of the training sets this leaves out 0.5% (GUM), 1.3% (IDNER), 2.8%
/// (NERGrit, where lowercase descriptors after a name are tagged too) and 5% (UNER EWT, web text often written
/// in lowercase), most of which the model misses anyway: on the NER test sets F1 moved by 0.001 (up on UNER PUD,
/// down on the Indonesian sets) and the sample articles' scores did not move. On news it reads a third of the
/// tokens.
fn spread_to_neighbours(read: &mut [bool]) {
    let Some(first) = read.iter().position(|&r| r) else {
        read.fill(true);
        return;
    };
    let mut prev = first;
    for i in first + 1..read.len() {
        if read[i] {
            if i - prev - 1 <= MAX_GAP {
                read[prev + 1..i].fill(true);
            }
            prev = i;
        }
    }
    for i in 1..read.len() {
        if read[i] && !read[i - 1] {
            read[i - 1] = true;
        }
    }
}

/// The windows of a sentence that the tagger scores (see [`Tagger::emissions_in`]), as token ranges: the [`runs`]
/// of `read` tokens, joined where at most `2 * CONTEXT` tokens lie between two (so that the words they read touch
/// or overlap), with the `CONTEXT` tokens on either side that their features read. On news the windows hold a
/// little under half of the tokens.
fn windows(read: &[bool]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let n = read.len();
    let mut runs = runs(read).peekable();
    std::iter::from_fn(move || {
        let (first, mut end) = runs.next()?;
        while let Some((_, next_end)) = runs.next_if(|&(start, _)| start - end <= 2 * CONTEXT) {
            end = next_end;
        }
        Some((first.saturating_sub(CONTEXT), (end + CONTEXT).min(n)))
    })
}

/// Lowercase tokens between two capitalised ones read by the tagger ([`spread_to_neighbours`]).
const MAX_GAP: usize = 2;

/// A [`Tagger::small_rows`] entry for a feature without weights.
const NO_ROW: u32 = u32::MAX;

/// Collects the packed rows of a token's context features, and asks for them to be fetched.
struct RowSink<'a> {
    tagger: &'a Tagger,
    /// A buffer on the stack, where adding a row is cheaper than pushing it onto a `Vec`.
    rows: [u32; MAX_CONTEXT_FEATURES],
    len: usize,
}

/// More than [`Sentence::context_features`] gives a token in tagging (at most 18: 9 small ones and 9 hashed), and
/// than [`unigram_features`] and [`word_context_features`] give a word at one offset (at most 21, at offset 0).
const MAX_CONTEXT_FEATURES: usize = 32;

impl<'a> RowSink<'a> {
    fn new(tagger: &'a Tagger) -> RowSink<'a> {
        RowSink { tagger, rows: [0; MAX_CONTEXT_FEATURES], len: 0 }
    }

    /// Add the weights of the rows collected to `acc`.
    #[inline]
    fn add_to(&self, acc: &mut LaneScores) {
        for &k in self.rows.get(..self.len).unwrap_or(&[]) {
            self.tagger.weights.add_row(k, acc);
        }
    }

    #[inline]
    fn push(&mut self, row: u32) {
        self.tagger.weights.prefetch(row);
        // Never full (see `MAX_CONTEXT_FEATURES`).
        if let Some(slot) = self.rows.get_mut(self.len) {
            *slot = row;
            self.len += 1;
        }
    }
}

impl FeatureSink for RowSink<'_> {
    // They are in the cached sums of the words (`Tagger::unigram_scores`) and of the pairs (`WordCache::cache_pair`).
    const HAS_WORD_FEATURES: bool = true;
    const HAS_PAIR_FEATURES: bool = true;

    #[inline]
    fn hashed(&mut self, h: u64) {
        if let Some(row) = self.tagger.weights.row_of(h) {
            self.push(row);
        }
    }

    // Inlined into each call site, where the kind of feature is known and the match on it disappears.
    #[inline(always)]
    fn small(&mut self, f: Small) {
        match f.slot() {
            Some(slot) => {
                let row = self.tagger.small_rows[slot];
                if row != NO_ROW {
                    self.push(row);
                }
            }
            None => self.hashed(f.hash()),
        }
    }
}

/// Summed unigram weights of a word, per context offset (`-CONTEXT..=CONTEXT`).
type Scores = [LaneScores; 2 * CONTEXT + 1];

/// Words cached per thread and tagger before the cache is emptied (about 200 bytes each).
const MAX_CACHED_WORDS: usize = 1 << 17;

/// Bytes of long words ([`WordCache::tails`]) cached before the cache is emptied; far more than the words take,
/// and low enough that a sentence's words never take the positions past `u32`.
const MAX_CACHED_TAIL_BYTES: usize = 1 << 24;

thread_local! {
    static WORD_CACHES: RefCell<Vec<WordCache>> = const { RefCell::new(Vec::new()) };
}

struct CachedWord {
    info: TokenInfo,
    scores: Scores,
}

/// One tagger's per-word data on one thread.
struct WordCache {
    tagger: u64,
    /// Where each cached word is in `words`: an open-addressing table, a power of two long and at most half full,
    /// whose slots hold the words' first bytes so that most lookups compare the word without reading it elsewhere.
    slots: Vec<Slot>,
    /// The bytes after the first [`HEAD`] of the cached words longer than that, one word after another.
    tails: Vec<u8>,
    /// Words in `slots`.
    filled: usize,
    words: Vec<CachedCases>,
    entries: Vec<CachedWord>,
    pads: [Option<Scores>; 3],
    /// The cache index of each word of a sentence, kept for the next.
    idx: Vec<u32>,
    /// Which words of a sentence the tagger reads ([`spread_to_neighbours`]), kept for the next.
    read: Vec<bool>,
    /// The capitalised words of a sentence outside known names ([`read_and_case`]), kept for the next.
    unknown: Vec<usize>,
    /// The hash of each word of a sentence ([`word_hash`]), kept for the next.
    hashes: Vec<u64>,
    /// Pairs of neighbouring words met (entries of `entries`, or [`PAD_ENTRY`]): a table of [`PAIR_SLOTS`]
    /// slots (empty until first used) in sets of [`PAIR_WAYS`], where a pair is cached in the set of its hash
    /// ([`pair_slot`]): a new pair takes the set's first slot and moves the pair there to the second, and the pair
    /// in the second goes.
    pairs: Vec<CachedPair>,
    /// The summed pair templates of each token of a sentence and its template 23, kept for the next.
    pair_sums: Vec<(LaneScores, u64)>,
    /// The pairs of a sentence not cached yet and their slots ([`WordCache::fill_pairs`]), kept for the next.
    new_pairs: Vec<(usize, NewPair)>,
    /// The first slot in `pairs` of the set of each pair of neighbouring padded words of a window ([`pair_slot`]),
    /// kept for the next.
    pair_slots: Vec<usize>,
    /// What a window's [`Sentence`] finds over its words, kept for the next.
    sentence: SentenceScratch,
    /// The emission scores of a sentence's tokens, kept for the next.
    em: Vec<[f32; LANES]>,
    /// Viterbi's path scores over a run of read tokens, kept for the next.
    path: Vec<[f32; LANES]>,
}

/// Slots of [`WordCache::pairs`] (about 4.5 MB). On 230K tokens of distinct training text 43% of pairs were found
/// cached with this many, 47% with four times as many (one slot per hash): what misses is mostly pairs met
/// once.
const PAIR_SLOTS: usize = 1 << 15;

/// Slots of a set of [`WordCache::pairs`]. In one slot per hash, the pairs of the few dozen articles of the core
/// benchmark took a new pair's place 57 K times in 800 K look-ups, each then summed again (its rows read anywhere in
/// the weights): pairs that share a slot, met in turn. Two slots keep both.
const PAIR_WAYS: usize = 2;

/// The padding about a sentence, in pair keys (no entry has this index: see [`MAX_CACHED_WORDS`]).
const PAD_ENTRY: u32 = u32::MAX - 1;

/// The summed weights of the templates that read one pair of neighbouring words `a b` alone.
#[derive(Clone, Copy)]
struct CachedPair {
    /// `a << 32 | b` (their indices in [`WordCache::entries`]); [`NO_PAIR`] in an empty slot.
    key: u64,
    /// The sums by the token whose features they are, indexed by [`PairToken`].
    scores: [LaneScores; 4],
    /// Template 23 of the pair's second word, which reads the word after the pair too.
    template_23: Template23,
}

const NO_PAIR: u64 = u64::MAX;

/// The templates that [`PairHashes::for_tokens`] gives.
const PAIR_FEATURES: usize = 6;

/// A pair of words not cached yet: its key, the rows of its templates (asked for) by token, and its template 23.
struct NewPair {
    key: u64,
    rows: [(PairToken, u32); PAIR_FEATURES],
    found: usize,
    template_23: Template23,
}

impl NewPair {
    /// The pair's cached sums, from its rows.
    fn sum(&self, tagger: &Tagger) -> CachedPair {
        let mut scores = [[0; LANES]; 4];
        for &(token, row) in self.rows.iter().take(self.found) {
            tagger.weights.add_row(row, &mut scores[token as usize]);
        }
        CachedPair { key: self.key, scores, template_23: self.template_23 }
    }
}

/// The key of the pair of entries `a b` in [`WordCache::pairs`].
#[inline]
fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// The first slot of the set of [`WordCache::pairs`] where the pair of words of hashes `a b` ([`word_hash`],
/// [`PAD_HASH`] for the padding) in a sentence cased as `case` is cached, if it is. A pair of entries is always the
/// same pair of words in the same case, so it always has the same set; the set is known from the words alone,
/// before their entries are looked up.
#[inline]
fn pair_slot(a: u64, b: u64, case: SentenceCase) -> usize {
    let mixed = (a.rotate_left(23) ^ b ^ (case as u64)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> (64 - (PAIR_SLOTS / PAIR_WAYS).trailing_zeros())) as usize * PAIR_WAYS
}

/// The word hash of the padding about a sentence, in [`pair_slot`].
const PAD_HASH: u64 = u64::MAX;

/// What the cache knows of a word whatever the case of its sentence.
struct CachedCases {
    /// Its index in [`WordCache::entries`] per sentence case ([`NO_ENTRY`] until it is met in such a sentence).
    entries: [u32; 3],
}

const NO_ENTRY: u32 = u32::MAX;

/// Bytes of a word kept in its [`Slot`].
const HEAD: usize = 8;

/// A cached word, or an empty slot (`len == EMPTY`).
#[derive(Clone, Copy)]
struct Slot {
    /// The word's first [`HEAD`] bytes, little-endian, zeros after the word.
    head: u64,
    len: u32,
    /// Where the word's bytes after the head start in [`WordCache::tails`].
    tail: u32,
    /// The word's index in [`WordCache::words`].
    word: u32,
}

const EMPTY: u32 = u32::MAX;

/// Words this long or longer are not kept in the table (and are looked at again each time they are met).
const MAX_TABLE_WORD: usize = 1 << 20;

/// Up to eight bytes as a little-endian number, zeros after them.
#[inline]
fn head_of(b: &[u8]) -> u64 {
    if let Some(h) = b.first_chunk::<HEAD>() {
        return u64::from_le_bytes(*h);
    }
    // Most words are shorter: their first and last four (or two) bytes, which overlap in the same bytes, make
    // the number in two reads instead of a loop over the bytes.
    let n = b.len();
    match (b.first_chunk::<4>(), b.last_chunk::<4>(), b.first_chunk::<2>(), b.last_chunk::<2>()) {
        (Some(lo), Some(hi), _, _) => {
            u64::from(u32::from_le_bytes(*lo)) | (u64::from(u32::from_le_bytes(*hi)) << (8 * (n - 4)))
        }
        (_, _, Some(lo), Some(hi)) => {
            u64::from(u16::from_le_bytes(*lo)) | (u64::from(u16::from_le_bytes(*hi)) << (8 * (n - 2)))
        }
        _ => b.first().map_or(0, |&v| u64::from(v)),
    }
}

/// A hash of a word's length, head and tail (FxHash's step, over eight bytes at a time).
#[inline]
fn word_hash(len: u32, head: u64, tail: &[u8]) -> u64 {
    let step = |h: u64, x: u64| (h.rotate_left(5) ^ x).wrapping_mul(0xf135_7aea_2e62_a9c5);
    let mut h = step(step(0, u64::from(len)), head);
    for chunk in tail.chunks(HEAD) {
        h = step(h, head_of(chunk));
    }
    h
}

impl WordCache {
    fn new(tagger: u64) -> WordCache {
        WordCache {
            tagger,
            slots: Vec::new(),
            tails: Vec::new(),
            filled: 0,
            // Room for every word the cache may hold, reserved at once: grown by doubling, the entries (megabytes)
            // were copied a dozen times over and each copy taken from fresh memory. Only what is written is ever
            // touched.
            words: Vec::with_capacity(MAX_CACHED_WORDS),
            entries: Vec::with_capacity(MAX_CACHED_WORDS),
            pads: [None; 3],
            idx: Vec::new(),
            read: Vec::new(),
            unknown: Vec::new(),
            hashes: Vec::new(),
            pairs: Vec::new(),
            pair_sums: Vec::new(),
            new_pairs: Vec::new(),
            pair_slots: Vec::new(),
            sentence: SentenceScratch::default(),
            em: Vec::new(),
            path: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| s.len = EMPTY);
        // Pairs are keyed by entries, which are about to be numbered anew.
        self.pairs.iter_mut().for_each(|p| p.key = NO_PAIR);
        self.tails.clear();
        self.filled = 0;
        self.words.clear();
        self.entries.clear();
    }

    /// Ask the processor to start reading the slot where word `w` is looked for first; returns `w`'s hash (0 for a
    /// word too long for the table).
    #[inline]
    fn prefetch_word(&self, w: &str) -> u64 {
        let b = w.as_bytes();
        if b.len() >= MAX_TABLE_WORD {
            return 0;
        }
        let hash = word_hash(b.len() as u32, head_of(b), b.get(HEAD..).unwrap_or(&[]));
        if let Some(slot) =
            self.slots.len().checked_sub(1).and_then(|mask| self.slots.get((hash >> 32) as usize & mask))
        {
            prefetch_bytes(std::slice::from_ref(slot));
        }
        hash
    }

    /// The index in `words` of word `w` of hash `hash` ([`WordCache::prefetch_word`]), added if it is not cached.
    #[inline]
    fn word_of(&mut self, w: &str, hash: u64) -> u32 {
        let b = w.as_bytes();
        if b.len() >= MAX_TABLE_WORD {
            return self.push_word();
        }
        let (len, head) = (b.len() as u32, head_of(b));
        let tail = b.get(HEAD..).unwrap_or(&[]);
        if let Some(mask) = self.slots.len().checked_sub(1) {
            let mut at = (hash >> 32) as usize & mask;
            while let Some(s) = self.slots.get(at) {
                if s.len == EMPTY {
                    break;
                }
                if s.len == len && s.head == head && (tail.is_empty() || self.tail_of(s) == tail) {
                    return s.word;
                }
                at = (at + 1) & mask;
            }
        }
        let word = self.push_word();
        let slot = Slot { head, len, tail: self.tails.len() as u32, word };
        self.tails.extend_from_slice(tail);
        if (self.filled + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place(slot, hash);
        word
    }

    /// The bytes of a cached word after its head.
    fn tail_of(&self, s: &Slot) -> &[u8] {
        let start = s.tail as usize;
        self.tails.get(start..start + (s.len as usize).saturating_sub(HEAD)).unwrap_or(&[])
    }

    fn push_word(&mut self) -> u32 {
        self.words.push(CachedCases { entries: [NO_ENTRY; 3] });
        (self.words.len() - 1) as u32
    }

    /// Put a word in the first empty slot from its hash's (the table has one).
    fn place(&mut self, slot: Slot, hash: u64) {
        let mask = self.slots.len() - 1;
        let mut at = (hash >> 32) as usize & mask;
        while self.slots[at].len != EMPTY {
            at = (at + 1) & mask;
        }
        self.slots[at] = slot;
        self.filled += 1;
    }

    /// Double the table (to 1024 slots at first), placing its words again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let empty = Slot { head: 0, len: EMPTY, tail: 0, word: 0 };
        let old = std::mem::replace(&mut self.slots, vec![empty; size]);
        self.filled = 0;
        for s in old.into_iter().filter(|s| s.len != EMPTY) {
            let hash = word_hash(s.len, s.head, self.tail_of(&s));
            self.place(s, hash);
        }
    }

    /// The index in `entries` of word `w` (index `word` in `words`) in a sentence cased as `case`, its data
    /// computed if it is not cached.
    #[inline]
    fn entry_of(&mut self, word: u32, w: &str, case: SentenceCase, tagger: &Tagger) -> u32 {
        let slot = &mut self.words[word as usize].entries[case as usize];
        if *slot == NO_ENTRY {
            let info = info(w, &tagger.lexicon, case);
            let scores = tagger.unigram_scores(w, &info, case);
            *slot = self.entries.len() as u32;
            self.entries.push(CachedWord { info, scores });
        }
        *slot
    }

    /// The slot of `pairs` that holds the pair of entries `a b` ([`PAD_ENTRY`] for the padding) in the set that
    /// begins at `at` ([`pair_slot`]), its sums computed and put in the set if it held neither.
    #[inline]
    fn cache_pair(&mut self, a: u32, b: u32, at: usize, tagger: &Tagger) -> usize {
        self.alloc_pairs();
        let key = pair_key(a, b);
        if let Some(found) = self.find_pair(key, at) {
            return found;
        }
        let new = self.new_pair(a, b, tagger).sum(tagger);
        self.put_pair(at, new);
        at
    }

    /// The slot of the pair `key` in the set that begins at `at`, if it is there.
    #[inline]
    fn find_pair(&self, key: u64, at: usize) -> Option<usize> {
        (at..at + PAIR_WAYS).find(|&k| self.pairs[k].key == key)
    }

    /// Put `pair` first in the set that begins at `at`, the others moved one slot on and the last dropped.
    #[inline]
    fn put_pair(&mut self, at: usize, pair: CachedPair) {
        self.pairs.copy_within(at..at + PAIR_WAYS - 1, at + 1);
        self.pairs[at] = pair;
    }

    /// Put the pairs of entries `keys` (with their slots) that are not cached in the table of pairs, all their rows
    /// asked for before any is summed: a pair met for the first time (most pairs, on distinct text) reads rows that
    /// lie anywhere in megabytes, and one pair's reads alone are too few to keep the processor busy meanwhile. More
    /// new pairs of a sentence than a set holds may share one: [`WordCache::cache_pair`] computes again those that
    /// lost their place. A pair met twice in a sentence is put in once.
    fn fill_pairs(&mut self, keys: impl Iterator<Item = (u32, u32, usize)>, tagger: &Tagger) {
        self.alloc_pairs();
        let mut new = std::mem::take(&mut self.new_pairs);
        new.clear();
        for (a, b, at) in keys {
            if self.find_pair(pair_key(a, b), at).is_none() {
                new.push((at, self.new_pair(a, b, tagger)));
            }
        }
        for (at, pair) in &new {
            if self.find_pair(pair.key, *at).is_none() {
                self.put_pair(*at, pair.sum(tagger));
            }
        }
        self.new_pairs = new;
    }

    /// The hashes and rows of the pair of entries `a b`, its rows asked for.
    #[inline]
    fn new_pair(&self, a: u32, b: u32, tagger: &Tagger) -> NewPair {
        let info = |k: u32| self.entries.get(k as usize).map_or(&*PAD, |e| &e.info);
        let hashes = PairHashes::of(info(a), info(b));
        let mut new = NewPair {
            key: pair_key(a, b),
            rows: [(PairToken::First, NO_ROW); PAIR_FEATURES],
            found: 0,
            template_23: hashes.template_23(),
        };
        hashes.for_tokens(|token, h| {
            if let (Some(row), Some(slot)) = (tagger.weights.row_of(h), new.rows.get_mut(new.found)) {
                tagger.weights.prefetch(row);
                *slot = (token, row);
                new.found += 1;
            }
        });
        new
    }

    /// Allocate the table of pairs if this is its first use.
    #[inline]
    fn alloc_pairs(&mut self) {
        if self.pairs.is_empty() {
            let empty = CachedPair { key: NO_PAIR, scores: [[0; LANES]; 4], template_23: Template23::NONE };
            self.pairs = vec![empty; PAIR_SLOTS];
        }
    }

    fn pad(&mut self, case: SentenceCase, tagger: &Tagger) -> Scores {
        *self.pads[case as usize].get_or_insert_with(|| tagger.unigram_scores("", &PAD, case))
    }
}

/// Attach a round bracket to the word it touches (`(KPK)`, `(Gus` … `Dur)`), as the Indonesian corpora keep
/// whitespace-separated chunks: their entity spans include such brackets (`Komisi Pemberantasan Korupsi (KPK)`).
fn join_brackets(text: &str, tokens: &[Token]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut open_pending = false;
    for (i, &t) in tokens.iter().enumerate() {
        let w = t.text(text);
        let next_touches = tokens.get(i + 1).is_some_and(|n| n.start == t.end && n.text(text) != ")");
        if w == "(" && next_touches {
            out.push(t);
            open_pending = true;
            continue;
        }
        if open_pending {
            open_pending = false;
            if let Some(prev) = out.last_mut() {
                prev.end = t.end;
                continue;
            }
        }
        if w == ")" {
            if let Some(prev) = out.last_mut() {
                if prev.end == t.start && prev.end > prev.start && text.get(prev.start..prev.end) != Some("(") {
                    prev.end = t.end;
                    continue;
                }
            }
        }
        out.push(t);
    }
    out
}

/// Merge `word-word` (hyphen with no space on either side) into one token.
fn join_hyphenated(text: &str, tokens: &[Token]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let is_hyphen = t.text(text) == "-";
        let joins = is_hyphen
            && i + 1 < tokens.len()
            && tokens[i + 1].start == t.end
            && out
                .last()
                .is_some_and(|p| p.end == t.start && p.text(text).chars().all(|c| c.is_alphanumeric() || c == '-'))
            && tokens[i + 1].text(text).chars().next().is_some_and(char::is_alphanumeric);
        if let (true, Some(prev)) = (joins, out.last_mut()) {
            prev.end = tokens[i + 1].end;
            i += 2;
        } else {
            out.push(t);
            i += 1;
        }
    }
    out
}

/// Split `text` into sentences and tag each with the model of `lang` (`"en"`, `"id"`); an unknown language (`""`
/// or `"auto"`) picks the model per sentence by a vote of function words, and so does any other language, but for
/// the sentences of a text of some length with too few English or Indonesian function words, which are not tagged.
pub fn tag_text(text: &str, lang: &str) -> Vec<NerSpan> {
    tag_tokens(text, &tokens(text), lang)
}

/// [`tag_text`] for a caller that has the text's tokens (`tokens(text)`) already and needs them for other work too.
pub fn tag_tokens(text: &str, all: &[Token], lang: &str) -> Vec<NerSpan> {
    tag_tokens_with(text, all, lang, None, &[])
}

/// [`tag_tokens`] for a text some of whose names are known already: `known` holds their byte ranges, sorted and
/// apart, and the tagger leaves out the words about capitals that all lie in them (see [`Tagger::tag_around`]).
pub fn tag_tokens_around(text: &str, all: &[Token], lang: &str, known: &[Range<usize>]) -> Vec<NerSpan> {
    tag_tokens_with(text, all, lang, None, known)
}

/// [`tag_text`] with `tagger` in place of the built-in model of the sentence's language (for evaluating a model file).
pub(crate) fn tag_text_with(text: &str, lang: &str, tagger: Option<&Tagger>) -> Vec<NerSpan> {
    tag_tokens_with(text, &tokens(text), lang, tagger, &[])
}

fn tag_tokens_with(
    text: &str,
    all: &[Token],
    lang: &str,
    tagger: Option<&Tagger>,
    known: &[Range<usize>],
) -> Vec<NerSpan> {
    let mut out = Vec::new();
    let mut scratch = TagScratch::default();
    let mut k = 0;
    for (s, e) in sentences_of(text, all) {
        while k < all.len() && all[k].start < s {
            k += 1;
        }
        let first = k;
        while k < all.len() && all[k].end <= e {
            k += 1;
        }
        let toks = all.get(first..k).unwrap_or(&[]);
        if toks.is_empty() {
            continue;
        }
        let tagger = if let Some(t) = tagger {
            t
        } else if is_english_code(lang) || is_indonesian_code(lang) {
            default_for(lang)
        } else {
            let (e, i, words) = function_word_votes(text, toks);
            // In a text found to be in another language, a sentence not in either of the taggers' (Vietnamese,
            // Tagalog, French) is not tagged: read as English, its capitalised words came out as names.
            let unknown = lang.trim().is_empty() || lang.eq_ignore_ascii_case(UNKNOWN_LANGUAGE);
            if !unknown && all.len() >= MIN_TOKENS_TO_GATE && e.max(i) * MIN_FUNCTION_WORD_SHARE < words {
                continue;
            }
            default_for(language_by_votes(text, toks, e, i))
        };
        // A "sentence" longer than any real one (a text without full stops) is tagged in pieces, which keeps the
        // work per token bounded; no sentence of news text comes near the limit.
        for piece in toks.chunks(MAX_SENTENCE_TOKENS) {
            tagger.tag_around_into(text, piece, known, &mut scratch, &mut out);
        }
    }
    out
}

/// The longest run of tokens tagged as one sentence.
const MAX_SENTENCE_TOKENS: usize = 400;

/// The language passed for a text whose language is not known (too short to tell; `""` too): its sentences are
/// tagged whatever their words.
pub const UNKNOWN_LANGUAGE: &str = "auto";

/// The fewest tokens of a text in another language whose sentences are tagged only when they read as English or
/// Indonesian (see [`MIN_FUNCTION_WORD_SHARE`]): on a shorter text the language found is often wrong (a fifth of the
/// sentences of English web text, taken one at a time, are found to be Spanish, French, Danish...), and every
/// sentence is tagged.
const MIN_TOKENS_TO_GATE: usize = 100;

/// In a text in neither English nor Indonesian, a sentence is tagged when at least one word in this many is a
/// function word of one of them (they are a third to a half of the words of English and Indonesian prose; in
/// other languages only the odd syllable, such as Vietnamese "an" or "to", is one).
const MIN_FUNCTION_WORD_SHARE: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    /// The head of a word is its first eight bytes as a little-endian number, zeros after a shorter word.
    #[test]
    fn a_head_is_the_first_eight_bytes_little_endian() {
        let bytes: Vec<u8> = (1..=12).map(|k| k * 17).collect();
        for n in 0..=bytes.len() {
            let b = &bytes[..n];
            let expected = b.iter().take(HEAD).rev().fold(0u64, |x, &v| (x << 8) | u64::from(v));
            assert_eq!(head_of(b), expected, "{n} bytes");
        }
    }

    /// Each word has one index in the table, however its first eight bytes and its length compare with others'.
    #[test]
    fn the_word_table_tells_words_apart() {
        let mut cache = WordCache::new(u64::MAX);
        let words: Vec<String> = (0..3000)
            .map(|k| match k % 3 {
                0 => format!("w{k}"),
                1 => format!("internationally{k}"),
                _ => format!("international{}", "\u{e9}".repeat(k % 7)),
            })
            .collect();
        let first: Vec<u32> = words.iter().map(|w| cache.word_of(w, cache.prefetch_word(w))).collect();
        let again: Vec<u32> = words.iter().map(|w| cache.word_of(w, cache.prefetch_word(w))).collect();
        assert_eq!(first, again);
        let distinct: std::collections::HashSet<&String> = words.iter().collect();
        let ids: std::collections::HashSet<u32> = first.iter().copied().collect();
        assert_eq!(ids.len(), distinct.len());
    }

    /// A set of the pair table keeps its last two pairs: pairs that share a set, met in turn, are both found; a
    /// third drops the one put first.
    #[test]
    fn a_pair_set_keeps_its_last_two_pairs() {
        let mut cache = WordCache::new(u64::MAX);
        cache.alloc_pairs();
        let pair = |key: u64| CachedPair { key, scores: [[key as i32; LANES]; 4], template_23: Template23::NONE };
        let at = pair_slot(1, 2, SentenceCase::Mixed);
        assert_eq!(at % PAIR_WAYS, 0);
        assert_eq!(cache.find_pair(pair_key(1, 2), at), None);
        cache.put_pair(at, pair(pair_key(1, 2)));
        cache.put_pair(at, pair(pair_key(3, 4)));
        let first = cache.find_pair(pair_key(1, 2), at).expect("the first pair is kept");
        let second = cache.find_pair(pair_key(3, 4), at).expect("the second pair is kept");
        assert_eq!((first, second), (at + 1, at));
        assert_eq!(cache.pairs[first].scores[0][0], pair_key(1, 2) as i32);
        cache.put_pair(at, pair(pair_key(5, 6)));
        assert_eq!(cache.find_pair(pair_key(1, 2), at), None);
        assert_eq!(cache.find_pair(pair_key(3, 4), at), Some(at + 1));
        assert_eq!(cache.find_pair(pair_key(5, 6), at), Some(at));
    }

    /// The cached emission scores of the tokens the tagger reads equal the sums of every feature of their window
    /// (`features::window_features`, what training reads of a whole sentence); the others are O alone.
    fn assert_read_scores_equal(tagger: &Tagger, words: &[&str]) {
        let cached = tagger.emissions(words);
        let mut read = Vec::new();
        let case = read_and_case(words, &[], &mut read, &mut Vec::new());
        let mut expected: Vec<[f32; N_TAGS]> = vec![std::array::from_fn(|t| ONLY_O[t]); words.len()];
        let (mut feats, mut offsets) = (Vec::new(), Vec::new());
        for (s, e) in windows(&read) {
            let edges = (s == 0, e == words.len());
            features::window_features(&words[s..e], case, edges, &tagger.lexicon, &mut feats, &mut offsets);
            let full = tagger.weights.emissions(&feats, &offsets);
            for (i, f) in (s..e).zip(full) {
                if read[i] {
                    expected[i] = f;
                }
            }
        }
        assert_eq!(cached.len(), words.len());
        for (i, (c, x)) in cached.iter().zip(&expected).enumerate() {
            let c: [f32; N_TAGS] = std::array::from_fn(|t| c[t]);
            assert_eq!(&c, x, "token {i} of {words:?}");
        }
    }

    /// Windows hold the read tokens and `CONTEXT` words either side, and join when those words would overlap or
    /// touch.
    #[test]
    fn windows_hold_the_read_tokens_and_their_context() {
        let w = |s: &str| windows(&s.bytes().map(|b| b == b'r').collect::<Vec<_>>()).collect::<Vec<_>>();
        assert_eq!(w("r........."), [(0, 3)]);
        assert_eq!(w("....r....."), [(2, 7)]);
        // Five apart: the context words touch, one window; six apart: two.
        assert_eq!(w("r....r...."), [(0, 8)]);
        assert_eq!(w("r.....r..."), [(0, 3), (4, 9)]);
        assert_eq!(w("rr.......r"), [(0, 4), (7, 10)]);
        assert_eq!(w(".........."), []);
        assert_eq!(w(""), []);
    }

    /// Which words of `sentence` (split at spaces) the tagger reads (`r`, else `.`), with those marked `k` in
    /// `known` inside names found without it.
    fn read_marks(sentence: &str, known: &str) -> String {
        let words: Vec<&str> = sentence.split(' ').collect();
        let known: Vec<bool> = known.bytes().map(|b| b == b'k').collect();
        let mut read = Vec::new();
        read_and_case(&words, &known, &mut read, &mut Vec::new());
        read.iter().map(|&x| if x { 'r' } else { '.' }).collect()
    }

    /// Runs of read tokens whose capitals are all inside known names are not read; a run with another capital
    /// is read whole, and a sentence without capitals is read whatever is known.
    #[test]
    fn runs_of_known_names_alone_are_not_read() {
        let read = read_marks;
        assert_eq!(read("Indonesia and Vietnam signed a deal", "k.k..."), "......");
        assert_eq!(read("the Bank of Thailand said", "...k."), "rrrr.");
        // "Widodo" makes its run read; the run about "Jakarta" has nothing else.
        assert_eq!(read("Widodo met officials in the city of Jakarta today", ".......k."), "r........");
        assert_eq!(read("Widodo met officials in the city of Jakarta today", "........."), "r.....rr.");
        assert_eq!(read("Widodo met officials in Jakarta", "....k"), "r....");
        assert_eq!(read("widodo met officials in jakarta", "....k"), "rrrrr");
        // Nothing known, or `known` shorter than the sentence: every capital counts.
        assert_eq!(read("talks in Jakarta and Bank of England", ""), ".rrrrrr");
        assert_eq!(read("talks in Jakarta and Bank of England", ".k"), ".rrrrrr");
    }

    /// A sentence opened by a capitalised function word far from any other capital does not have it read; near
    /// another capital, or not a function word, or written in capitals, it is read as before.
    #[test]
    fn a_lone_function_word_opening_a_sentence_is_not_read() {
        let read = |sentence: &str| read_marks(sentence, "");
        assert_eq!(read("The talks went on for a long time"), "........");
        assert_eq!(read("Dalam pertemuan itu mereka membahas kerja sama ekonomi"), "........");
        // Six words on, a capital: the window of the first word would not have reached it.
        assert_eq!(read("The talks went on for a long time in Hanoi"), "........rr");
        // Five words on: one window with it, read as before.
        assert_eq!(read("The talks went on for a Hanoi deal"), "r....rr.");
        assert_eq!(read("The Hague hosted the talks"), "rr...");
        assert_eq!(read("Talks went on for a long time"), "r......");
        assert_eq!(read("IT spending rose for a long time"), "r......");
        assert_eq!(read("the talks went on"), "rrrr");
    }

    #[test]
    fn tokens_inside_known_ranges() {
        let text = "The Bank of Thailand met Indonesia-Vietnam in 2031.";
        let toks = tokens(text);
        let inside = |known: &[Range<usize>]| -> Vec<&str> {
            let mut flags = Vec::new();
            inside_known(&toks, known, &mut flags);
            toks.iter().zip(flags).filter(|(_, k)| *k).map(|(t, _)| t.text(text)).collect()
        };
        let at = |s: &str| text.find(s).map(|i| i..i + s.len()).unwrap();
        assert_eq!(
            inside(&[at("Thailand"), at("Indonesia-Vietnam"), at("2031")]),
            ["Thailand", "Indonesia", "-", "Vietnam", "2031"]
        );
        // A token only partly inside a range is not inside it.
        assert_eq!(inside(&[at("Bank of Thai")]), ["Bank", "of"]);
        assert!(inside(&[]).is_empty());
    }

    /// Decoding each run of read tokens apart (with the O after it) gives the tags of decoding the sentence.
    #[test]
    fn decoding_runs_apart_equals_decoding_the_sentence() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for tagger in [default_for("en"), default_for("id")] {
            // Emissions on the scale of the transitions, so that both decide.
            let scale = tagger
                .weights
                .transitions
                .iter()
                .flatten()
                .chain(&tagger.weights.start)
                .fold(0f32, |m, v| m.max(v.abs()));
            for _ in 0..2000 {
                let n = 1 + (next() % 30) as usize;
                let read: Vec<bool> = (0..n).map(|_| next() % 3 != 0).collect();
                let em: Vec<[f32; LANES]> = read
                    .iter()
                    .map(|&r| {
                        if r {
                            std::array::from_fn(|t| {
                                if t < N_TAGS {
                                    scale * ((next() % 2001) as f32 / 1000.0 - 1.0)
                                } else {
                                    0.0
                                }
                            })
                        } else {
                            ONLY_O
                        }
                    })
                    .collect();
                let whole = model::viterbi(&em, &tagger.weights.transitions, &tagger.weights.start);
                let mut tags = Vec::new();
                tagger.decode(Some(&em), &read, &mut Vec::new(), &mut tags);
                assert_eq!(tags, whole, "{read:?}");
            }
        }
    }

    #[test]
    fn the_tagger_reads_capitalised_words_the_word_before_and_short_gaps() {
        let read = |caps: &str| {
            let mut r: Vec<bool> = caps.bytes().map(|b| b == b'C').collect();
            spread_to_neighbours(&mut r);
            r.iter().map(|&x| if x { 'r' } else { '.' }).collect::<String>()
        };
        // "the talks in Jakarta and Bank of England": the word before each capital, the gap of one between.
        assert_eq!(read("....C.C.C"), "...rrrrrr");
        // A gap of two is read, a gap of three is not (but the word before the next capital is).
        assert_eq!(read("C..C...C.."), "rrrr..rr..");
        assert_eq!(read("C........."), "r.........");
        // No capital at all (a lowercased sentence): every word is read, as the model was trained on such text.
        assert_eq!(read("......"), "rrrrrr");
        assert_eq!(read(""), "");
    }

    /// The cached sums give the same tags as summing every feature of `sentence_features` (what training reads).
    #[test]
    fn cached_word_scores_equal_the_full_feature_sums() {
        let text = "President Joko Widodo met Prime Minister Anthony Albanese in Jakarta on Monday. \
            THE MINISTRY OF FOREIGN AFFAIRS SAID NOTHING. the talks went on in bali and canberra. \
            Menteri Luar Negeri Sri Wahyuni menandatangani nota kesepahaman dengan Kementerian Perhubungan. \
            \"We will cooperate,\" said Dr. Ahmad bin Ali of the Association of Southeast Asian Nations (ASEAN).";
        for lang in ["en", "id"] {
            let tagger = default_for(lang);
            for _ in 0..2 {
                for (s, e) in sentences_of(text, &tokens(text)) {
                    let words: Vec<&str> = tokens(&text[s..e]).iter().map(|t| t.text(&text[s..e])).collect();
                    assert_read_scores_equal(tagger, &words);
                    // No listed name here runs into a window from outside it: the read tokens' scores are also
                    // those of the whole sentence.
                    let (mut feats, mut offsets) = (Vec::new(), Vec::new());
                    features::sentence_features(&words, &tagger.lexicon, &mut feats, &mut offsets);
                    let whole = tagger.weights.emissions(&feats, &offsets);
                    let cached = tagger.emissions(&words);
                    let mut read = Vec::new();
                    read_and_case(&words, &[], &mut read, &mut Vec::new());
                    for (i, read) in read.into_iter().enumerate() {
                        if read {
                            assert_eq!(cached[i][..N_TAGS], whole[i][..], "{lang}: token {i} of {words:?}");
                        }
                    }
                }
            }
        }
    }

    /// The per-pair sums stay right when pairs take each other's slots: sentences over a vocabulary whose pairs
    /// outnumber the slots, with frequent words whose pairs come back, each compared with the sum of every feature.
    /// (About one sentence in forty has two new pairs in one slot, which `WordCache::fill_pairs` leaves to
    /// `WordCache::cache_pair`.)
    #[test]
    fn cached_pair_scores_equal_the_full_feature_sums() {
        let vocabulary = [
            "the",
            "of",
            "and",
            "Minister",
            "Ministry",
            "Jakarta",
            "signed",
            "a",
            "memorandum",
            "ASEAN",
            "on",
            "digital",
            "Rudy",
            "K.",
            "Wirawan",
            "said",
            ",",
            ".",
            "(",
            ")",
            "2024",
            "cooperation",
            "Kementerian",
            "dan",
            "Luar",
            "Negeri",
            "in",
            "Singapore",
            "with",
            "talks",
            "\u{201c}",
            "data",
            "Bank",
            "for",
            "MoU",
        ];
        let generated: Vec<String> =
            (0..400).map(|k| if k % 2 == 0 { format!("Name{k}") } else { format!("w{k}") }).collect();
        let tagger = default_for("en");
        let mut next = crate::testing::sequence(11);
        for _ in 0..2000 {
            let n = 1 + next() % 40;
            let words: Vec<&str> = (0..n)
                .map(|_| match next() % 2 {
                    0 => vocabulary[next() % vocabulary.len()],
                    _ => generated[next() % generated.len()].as_str(),
                })
                .collect();
            assert_read_scores_equal(tagger, &words);
        }
    }

    #[test]
    fn sentences_in_neither_language_of_a_text_in_another_are_not_tagged() {
        let vi = "B\u{1ed9} tr\u{1b0}\u{1edf}ng Tr\u{1ea7}n V\u{103}n Minh \u{111}\u{e3} g\u{1eb7}p \u{111}\u{1ed3}ng \
                  c\u{1ea5}p t\u{1ea1}i H\u{e0} N\u{1ed9}i v\u{e0}o Th\u{1ee9} Hai.";
        let en = "Foreign Minister Ana Ruiz met her counterpart in Hanoi on Monday.";
        let people = |spans: &[NerSpan], text: &str| -> Vec<String> {
            spans.iter().filter(|s| s.label == Label::Person).map(|s| text[s.start..s.end].to_string()).collect()
        };
        let vi = [vi; 8].join(" ");
        assert!(tag_text(&vi, "vi").is_empty());
        // A short text's language is too often found wrong to leave its sentences untagged.
        assert!(!tag_text(en, "da").is_empty());
        let text = format!("{vi} {en}");
        assert_eq!(people(&tag_text(&text, "vi"), &text), vec!["Ana Ruiz".to_string()]);
        // A text of unknown language is tagged throughout, as English and Indonesian ones are.
        assert_eq!(people(&tag_text(en, "auto"), en), people(&tag_text(en, "en"), en));
        assert_eq!(people(&tag_text(en, ""), en), vec!["Ana Ruiz".to_string()]);
    }
}
