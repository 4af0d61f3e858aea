//! Topics of the fixed taxonomy of the guidelines: keywords of each topic, English and Indonesian
//! (`data/lexicon/topics.tsv`), counted in the story with weights so that a passing word does not make a topic.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use super::lexicon::rows;
use super::Analysed;
use crate::text::starts::word_starts;

/// The weight a topic's keywords must add up to in a stretch of text.
const THRESHOLD: u32 = 2;

/// The topics of the taxonomy, in the order of the guidelines.
pub const TAXONOMY: [&str; 26] = [
    "cybersecurity",
    "cybercrime",
    "data_protection",
    "disinformation",
    "digital_literacy",
    "digital_economy",
    "digital_infrastructure",
    "telecom_5g",
    "iot",
    "spectrum",
    "artificial_intelligence",
    "human_resources",
    "technology_transfer",
    "digital_media",
    "internet_governance",
    "e_government",
    "digital_payments",
    "msme_startups",
    "law_enforcement",
    "human_trafficking",
    "peace_security",
    "climate",
    "education",
    "investment",
    "transport",
    "postal",
];

struct Keyword {
    topic: usize,
    weight: u32,
    /// Matched as written (acronyms such as `AI`, `IoT`), not ignoring case.
    exact: Option<String>,
    /// A trailing `*`: any ending may follow.
    prefix: bool,
}

struct Keywords {
    list: Vec<Keyword>,
    /// The keywords' spellings, lowercased and each once, searched anchored. A keyword counts only where no
    /// letter or digit comes before it, so the keywords are looked for from those starts alone, not by a search
    /// of every byte.
    automaton: Option<AhoCorasick>,
    /// The keywords (indices into `list`) of each spelling of the automaton, in list order.
    by_spelling: Vec<Vec<usize>>,
    /// How the spellings begin, so that most word starts, which begin none, are passed over without a search.
    heads: Heads,
    /// Some keyword begins with ASCII punctuation or white space, where no word starts: every character that
    /// follows no letter or digit is searched from.
    punctuation_first: bool,
}

/// How a set of spellings (ASCII-lowercased) begins, as bits: the first four bytes of each spelling that has four,
/// hashed, and the first two of each shorter one (every pair of the byte of a one-byte spelling). A spelling found
/// at a start has its first bytes there, so a start whose bits are clear begins none. Bytes are compared with bit 5
/// set, which takes each ASCII capital to its small letter (and some other bytes together, which only lets a start
/// through that begins nothing).
struct Heads {
    four: Vec<u64>,
    two: Vec<u64>,
}

/// log2 of the number of bits of [`Heads::four`]: some hundred times the number of spellings, for few false hits.
const HEAD_BITS: u32 = 16;

impl Heads {
    fn new<'a>(spellings: impl IntoIterator<Item = &'a str>) -> Heads {
        let mut heads = Heads { four: vec![0; 1 << (HEAD_BITS - 6)], two: vec![0; 1 << (16 - 6)] };
        for s in spellings {
            let (bits, set) = match *s.as_bytes() {
                [a, b, c, d, ..] => (vec![four_bit([a, b, c, d])], &mut heads.four),
                [a, b, ..] => (vec![two_bit([a, b])], &mut heads.two),
                [a] => ((0..=u8::MAX).map(|b| two_bit([a, b])).collect(), &mut heads.two),
                [] => continue,
            };
            for bit in bits {
                set[bit >> 6] |= 1 << (bit & 63);
            }
        }
        heads
    }

    /// Whether a spelling may begin at the start of `text`.
    #[inline]
    fn may_begin(&self, text: &[u8]) -> bool {
        let has = |set: &[u64], bit: usize| set.get(bit >> 6).is_some_and(|word| word & (1 << (bit & 63)) != 0);
        match *text {
            [a, b, c, d, ..] => has(&self.four, four_bit([a, b, c, d])) || has(&self.two, two_bit([a, b])),
            // The last bytes of a text are searched.
            _ => true,
        }
    }
}

/// The bit of four first bytes in [`Heads::four`].
#[inline]
fn four_bit(first: [u8; 4]) -> usize {
    let word = u32::from_le_bytes(first) | 0x2020_2020;
    (word.wrapping_mul(0x9E37_79B1) >> (32 - HEAD_BITS)) as usize
}

/// The bit of two first bytes in [`Heads::two`].
#[inline]
fn two_bit(first: [u8; 2]) -> usize {
    usize::from(u16::from_le_bytes(first) | 0x2020)
}

/// The keywords of `data/lexicon/topics.tsv`, each with its spelling (lowercased), in file order.
fn keyword_rows() -> (Vec<Keyword>, Vec<String>) {
    let mut list = Vec::new();
    let mut patterns = Vec::new();
    for r in rows(include_str!("../../data/lexicon/topics.tsv")) {
        let (Some(topic), Some(weight), Some(word)) = (r.first(), r.get(1), r.get(2)) else { continue };
        let (Some(topic), Ok(weight)) = (TAXONOMY.iter().position(|t| t == topic), weight.parse::<u32>()) else {
            continue;
        };
        let prefix = word.ends_with('*');
        let word = word.trim_end_matches('*');
        if word.is_empty() {
            continue;
        }
        let exact = word.chars().any(char::is_uppercase).then(|| word.to_string());
        list.push(Keyword { topic, weight, exact, prefix });
        patterns.push(word.to_lowercase());
    }
    (list, patterns)
}

static KEYWORDS: LazyLock<Keywords> = LazyLock::new(|| {
    let (list, patterns) = keyword_rows();
    let mut spellings: Vec<String> = patterns.clone();
    spellings.sort_unstable();
    spellings.dedup();
    let mut by_spelling = vec![Vec::new(); spellings.len()];
    for (k, p) in patterns.iter().enumerate() {
        if let Ok(at) = spellings.binary_search(p) {
            by_spelling[at].push(k);
        }
    }
    let heads = Heads::new(spellings.iter().map(String::as_str));
    let punctuation_first =
        spellings.iter().any(|p| p.as_bytes().first().is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric()));
    // A contiguous NFA: 80 KB against a full DFA's 700 KB for these spellings, so its states stay in cache between
    // the searches at each word start, where the DFA's table lookups waited on memory.
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&spellings)
        .ok();
    Keywords { list, automaton, by_spelling, heads, punctuation_first }
});

/// Whether `word` is written as a topic's own term in short ("AI", "IoT", "5G", "UMKM"): a common noun, no name,
/// though the tagger may read one as an organisation.
pub(crate) fn is_term_acronym(word: &str) -> bool {
    word.len() <= TERM_ACRONYM_BYTES && TERM_ACRONYMS.iter().any(|t| t == word)
}

/// The longest term [`is_term_acronym`] knows, in bytes.
const TERM_ACRONYM_BYTES: usize = 6;

/// The specific terms of the topics written in short: up to six letters or digits, two of them capitals or digits.
static TERM_ACRONYMS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let acronym = |w: &str| {
        w.len() <= TERM_ACRONYM_BYTES
            && w.chars().all(char::is_alphanumeric)
            && w.chars().filter(|c| c.is_uppercase() || c.is_ascii_digit()).count() >= 2
    };
    KEYWORDS
        .list
        .iter()
        .filter(|k| k.weight >= 2 && !k.prefix)
        .filter_map(|k| k.exact.clone())
        .filter(|w| acronym(w))
        .collect()
});

/// Story lines: what starts a line that is not part of the story (`data/lexicon/not_story.tsv`).
struct NotStory {
    /// Each prefix (lowercase), and whether it ends the story (else the line alone is left out).
    prefixes: Vec<(String, bool)>,
    /// By byte: whether a line that begins with it may begin with a prefix, when every prefix is ASCII and not
    /// empty: an ASCII byte lowercases to no other first byte (a character outside ASCII may lowercase to an ASCII
    /// letter, as the Kelvin sign does: its bytes are let through). Most lines are passed over at their first.
    may_open: Option<[bool; 256]>,
}

static NOT_STORY: LazyLock<NotStory> = LazyLock::new(|| {
    let prefixes: Vec<(String, bool)> = rows(include_str!("../../data/lexicon/not_story.tsv"))
        .into_iter()
        .filter_map(|r| Some((r.first()?.to_lowercase(), r.get(1)? == "stop")))
        .collect();
    let mut may_open = Some(std::array::from_fn(|b| b >= 0x80));
    for (p, _) in &prefixes {
        match (p.as_bytes().first(), may_open.as_mut()) {
            (Some(&b), Some(may_open)) if p.is_ascii() => {
                may_open[usize::from(b.to_ascii_lowercase())] = true;
                may_open[usize::from(b.to_ascii_uppercase())] = true;
            }
            // A prefix that is empty or not ASCII: every line is compared.
            _ => may_open = None,
        }
    }
    NotStory { prefixes, may_open }
});

/// The byte ranges of `text` that are story: lines that are not links to other stories, contact blocks or forms.
pub fn story_ranges(text: &str) -> Vec<(usize, usize)> {
    let not_story = &*NOT_STORY;
    let mut out = Vec::new();
    let mut at = 0;
    for end in crate::text::line_ends(text) {
        let start = std::mem::replace(&mut at, end);
        let line = text[start..at].trim_start();
        // An empty line begins no prefix either (none is empty when there is `may_open`).
        if let Some(may_open) = &not_story.may_open {
            if line.as_bytes().first().is_none_or(|&b| !may_open[usize::from(b)]) {
                out.push((start, at));
                continue;
            }
        }
        match not_story.prefixes.iter().find(|(p, _)| head_starts_with(line, p)) {
            Some((_, true)) => break,
            Some((_, false)) => continue,
            None => out.push((start, at)),
        }
    }
    out
}

/// Whether the first 48 characters of `line`, lowercased, start with `prefix` (lowercase), without building them.
fn head_starts_with(line: &str, prefix: &str) -> bool {
    if !prefix.is_ascii() {
        // Lowercasing a whole string differs from lowercasing its characters one by one only for a final sigma;
        // a prefix with non-ASCII letters takes the exact way.
        let head: String = line.chars().take(48).collect::<String>().to_lowercase();
        return head.starts_with(prefix);
    }
    // An ASCII prefix against ASCII bytes: they lowercase byte by byte, and most lines differ at the first.
    let bytes = line.as_bytes();
    if let (Some(first), Some(p)) = (bytes.first(), prefix.as_bytes().first()) {
        if first.is_ascii() && first.to_ascii_lowercase() != *p {
            return false;
        }
    }
    if let Some(head) = bytes.get(..prefix.len()).filter(|h| h.is_ascii() && h.len() <= 48) {
        return head.eq_ignore_ascii_case(prefix.as_bytes());
    }
    // Else compare the lowercased characters one by one, stopping at the first difference.
    let mut head = line.chars().take(48).flat_map(char::to_lowercase);
    prefix.chars().all(|p| head.next() == Some(p))
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// The weight of each topic's keywords found in `text[start..end]` for each range.
pub fn topic_weights(text: &str, ranges: &[(usize, usize)]) -> BTreeMap<usize, u32> {
    let kw = &*KEYWORDS;
    let mut weights = [0u32; TAXONOMY.len()];
    let mut seen = [false; TAXONOMY.len()];
    let Some(automaton) = kw.automaton.as_ref() else { return BTreeMap::new() };
    for (start, end) in join_lines(text, ranges) {
        let Some(slice) = text.get(start..end) else { continue };
        let found = if kw.punctuation_first {
            let mut after_word = false;
            let starts = slice.char_indices().filter_map(|(s, c)| {
                let start = !after_word;
                after_word = is_word_char(Some(c));
                start.then_some(s)
            });
            keywords_in(kw, automaton, slice, starts)
        } else {
            keywords_in(kw, automaton, slice, word_starts(slice))
        };
        for k in found {
            weights[k.topic] += k.weight;
            seen[k.topic] = true;
        }
    }
    (0..TAXONOMY.len()).filter(|&t| seen[t]).map(|t| (t, weights[t])).collect()
}

/// The keywords that stand as words in `text`, leftmost-longest, given where they may start: from each start past
/// the last keyword taken, the longest that stands there (of one spelling, the first in list order).
fn keywords_in<'k>(
    kw: &'k Keywords,
    automaton: &AhoCorasick,
    text: &str,
    starts: impl Iterator<Item = usize>,
) -> Vec<&'k Keyword> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut last_end = 0;
    for s in starts {
        if s < last_end || !kw.heads.may_begin(&bytes[s..]) {
            continue;
        }
        // The spellings found at `s`, longest first: each search is held to end before the last one found.
        let mut before = bytes.len();
        while let Ok(Some(m)) = automaton.try_find(Input::new(bytes).range(s..before).anchored(Anchored::Yes)) {
            let e = m.end();
            let stands = |k: &&Keyword| {
                (k.prefix || !is_word_char(text[e..].chars().next()))
                    && k.exact.as_deref().is_none_or(|x| x == &text[s..e])
            };
            let spelling = m.pattern().as_usize();
            let mut found = kw.by_spelling.get(spelling).into_iter().flatten().filter_map(|&p| kw.list.get(p));
            if let Some(k) = found.find(stands) {
                out.push(k);
                last_end = e;
                break;
            }
            before = e - 1;
        }
    }
    out
}

/// `ranges` with each range that begins right after a line break where the one before it ends joined to it: story
/// lines come one range each, and one search over a run of them finds what the searches of the lines find, since
/// no keyword holds a line break and a line break is no word character.
fn join_lines(text: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    // A range that is not a slice of the text is skipped, as the search would skip it.
    for &(start, end) in ranges.iter().filter(|&&(s, e)| text.get(s..e).is_some()) {
        match out.last_mut() {
            Some(last) if last.1 == start && start > last.0 && text.as_bytes().get(start - 1) == Some(&b'\n') => {
                last.1 = end
            }
            _ => out.push((start, end)),
        }
    }
    out
}

/// The topics whose keywords reach the threshold in the given ranges of `text`, in taxonomy order.
pub fn topics_in(text: &str, ranges: &[(usize, usize)]) -> Vec<String> {
    topic_weights(text, ranges)
        .into_iter()
        .filter(|&(_, w)| w >= THRESHOLD)
        .filter_map(|(t, _)| TAXONOMY.get(t).map(|s| s.to_string()))
        .collect()
}

/// The topics the story discusses.
pub fn find_topics(article: &Analysed<'_>) -> Vec<String> {
    topics_in(article.text, &story_ranges(article.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_specific_term_is_enough_a_loose_one_is_not() {
        let text = "The two ministers discussed cybercrimes and the economy.";
        assert_eq!(topics_in(text, &[(0, text.len())]), vec!["cybercrime"]);
    }

    #[test]
    fn acronyms_match_as_written_and_words_on_boundaries() {
        let text = "They said the main plan covers IoT. Penanganan TPPO.";
        assert_eq!(topics_in(text, &[(0, text.len())]), vec!["iot", "human_trafficking"]);
    }

    /// The weights as an unanchored overlapping search of every keyword finds them, keeping those that stand as
    /// words, leftmost-longest.
    fn weights_by_overlapping_search(ac: &AhoCorasick, text: &str) -> BTreeMap<usize, u32> {
        let kw = &*KEYWORDS;
        let mut hits = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let k = &kw.list[m.pattern().as_usize()];
            let (s, e) = (m.start(), m.end());
            if is_word_char(text[..s].chars().next_back()) || (!k.prefix && is_word_char(text[e..].chars().next())) {
                continue;
            }
            if k.exact.as_deref().is_some_and(|x| x != &text[s..e]) {
                continue;
            }
            hits.push((s, e, m.pattern().as_usize()));
        }
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut weights = BTreeMap::new();
        let mut last_end = 0;
        for (s, e, p) in hits {
            if s >= last_end {
                last_end = e;
                *weights.entry(kw.list[p].topic).or_insert(0) += kw.list[p].weight;
            }
        }
        weights
    }

    #[test]
    fn keywords_are_found_as_an_overlapping_search_finds_them() {
        let pieces = [
            "cyber", " ", " ", " ", "security", "crime", "s", "AI", "ai", "IoT", "iot", "data", "centre", "digital",
            "economy", "-", "x", "\u{e9}", "\u{201c}", "5G", "5g", "univers", "ity", "TPPO", "internet", "of",
            "things", ",", "\n", "K", "Data", "DIGITAL", "e", "commerce", "\u{17f}",
        ];
        let mut next = crate::testing::sequence(3);
        let (_, patterns) = keyword_rows();
        let ac = AhoCorasickBuilder::new().ascii_case_insensitive(true).build(&patterns).expect("automaton");
        let mut weighed = 0;
        for _ in 0..3000 {
            let text = crate::testing::text_of(&mut next, &pieces, 40);
            let weights = topic_weights(&text, &[(0, text.len())]);
            assert_eq!(weights, weights_by_overlapping_search(&ac, &text), "{text:?}");
            weighed += usize::from(!weights.is_empty());
        }
        assert!(weighed > 300, "{weighed} of the texts hold keywords");
    }

    #[test]
    fn line_heads_compare_as_their_lowercased_characters() {
        let lines = ["Read more: x", "READ MORE", "read mor", "\u{212a}ead", "Re\u{e9}d more", "", "r", "  Baca: y"];
        for line in lines {
            for prefix in ["read more", "baca:", "r", "", "k", "\u{e9}"] {
                let head: String = line.chars().take(48).collect::<String>().to_lowercase();
                assert_eq!(head_starts_with(line, prefix), head.starts_with(prefix), "{line:?} {prefix:?}");
            }
        }
    }

    #[test]
    fn lines_passed_over_at_their_first_byte_are_story() {
        // Every line compared with every prefix, as the first-byte table must agree with.
        let by_prefixes = |text: &str| {
            let mut out = Vec::new();
            let mut at = 0;
            for line in text.split_inclusive('\n') {
                let start = at;
                at += line.len();
                match NOT_STORY.prefixes.iter().find(|(p, _)| head_starts_with(line.trim_start(), p)) {
                    Some((_, true)) => break,
                    Some((_, false)) => continue,
                    None => out.push((start, at)),
                }
            }
            out
        };
        let pieces = [
            "Read more",
            "READ ALSO: ",
            "baca juga",
            "Sumber:",
            "source: x",
            "For more information",
            "\u{212a}",
            "s",
            "\u{130}",
            " ",
            "\u{a0}",
            "\n",
            "\n\n",
            "story",
            "Leave a reply",
            "r",
            "x",
            "\u{e9}",
        ];
        let mut next = crate::testing::sequence(7);
        for _ in 0..3000 {
            let text = crate::testing::text_of(&mut next, &pieces, 16);
            assert_eq!(story_ranges(&text), by_prefixes(&text), "{text:?}");
        }
    }

    #[test]
    fn links_to_other_stories_are_not_story() {
        let text = "Story about schools and universities.\nRead more: Climate change talks stall\nMore story.";
        let r = story_ranges(text);
        assert_eq!(r.len(), 2);
        assert_eq!(topics_in(text, &r), vec!["education"]);
    }
}
