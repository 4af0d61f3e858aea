//! Topics of the fixed taxonomy of the guidelines: keywords of each topic, English and Indonesian
//! (`data/lexicon/topics.tsv`), counted in the story with weights so that a passing word does not make a topic.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::lexicon::rows;
use super::Analysed;

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
    automaton: Option<AhoCorasick>,
}

static KEYWORDS: LazyLock<Keywords> = LazyLock::new(|| {
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
    // A full DFA: built once, it makes the search of every story a table lookup per byte.
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .ok();
    Keywords { list, automaton }
});

/// Story lines: what starts a line that is not part of the story (`data/lexicon/not_story.tsv`).
static NOT_STORY: LazyLock<Vec<(String, bool)>> = LazyLock::new(|| {
    rows(include_str!("../../data/lexicon/not_story.tsv"))
        .into_iter()
        .filter_map(|r| Some((r.first()?.to_lowercase(), r.get(1)? == "stop")))
        .collect()
});

/// The byte ranges of `text` that are story: lines that are not links to other stories, contact blocks or forms.
pub fn story_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let line = line.trim_start();
        match NOT_STORY.iter().find(|(p, _)| head_starts_with(line, p)) {
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
    // An ASCII prefix: compare the lowercased characters one by one, stopping at the first difference.
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
    let Some(ac) = kw.automaton.as_ref() else { return BTreeMap::new() };
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (start, end) in join_lines(text, ranges) {
        let Some(slice) = text.get(start..end) else { continue };
        hits.clear();
        for m in ac.find_overlapping_iter(slice) {
            let Some(k) = kw.list.get(m.pattern().as_usize()) else { continue };
            let (s, e) = (m.start(), m.end());
            if is_word_char(slice[..s].chars().next_back()) || (!k.prefix && is_word_char(slice[e..].chars().next())) {
                continue;
            }
            if k.exact.as_deref().is_some_and(|x| x != &slice[s..e]) {
                continue;
            }
            hits.push((s, e, m.pattern().as_usize()));
        }
        // Leftmost-longest among the keywords that stand as words.
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut last_end = 0;
        for &(s, e, p) in &hits {
            if s < last_end {
                continue;
            }
            last_end = e;
            if let Some(k) = kw.list.get(p) {
                weights[k.topic] += k.weight;
                seen[k.topic] = true;
            }
        }
    }
    (0..TAXONOMY.len()).filter(|&t| seen[t]).map(|t| (t, weights[t])).collect()
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

    #[test]
    fn links_to_other_stories_are_not_story() {
        let text = "Story about schools and universities.\nRead more: Climate change talks stall\nMore story.";
        let r = story_ranges(text);
        assert_eq!(r.len(), 2);
        assert_eq!(topics_in(text, &r), vec!["education"]);
    }
}
