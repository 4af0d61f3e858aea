//! Words for choosing between letters when mojibake lost a byte and several letters fit.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

/// Common English and Indonesian words, most frequent first (see the file's header).
const WORDS: &str = include_str!("../../data/repair/words.txt");
/// Word endings that join a preceding `à` (see the file's header).
const JOINED: &str = include_str!("../../data/repair/joined_words.txt");

/// Word -> frequency rank (0 = most frequent).
static RANKS: LazyLock<FxHashMap<&'static str, u32>> =
    LazyLock::new(|| crate::tsv::entries(WORDS).enumerate().map(|(i, w)| (w, i as u32)).collect());

/// Letter-pair log frequencies over the word list, with `^`/`$` for the word edges: the fallback when no
/// choice makes a known word.
static BIGRAMS: LazyLock<FxHashMap<(u8, u8), f32>> = LazyLock::new(|| {
    let mut counts: FxHashMap<(u8, u8), u32> = FxHashMap::default();
    let mut total = 0u32;
    for w in crate::tsv::entries(WORDS) {
        let bytes: Vec<u8> = std::iter::once(b'^').chain(w.bytes()).chain(std::iter::once(b'$')).collect();
        for pair in bytes.windows(2) {
            if let [a, b] = pair {
                *counts.entry((*a, *b)).or_default() += 1;
                total += 1;
            }
        }
    }
    let total = total.max(1) as f32;
    counts.into_iter().map(|(k, n)| (k, (n as f32 / total).ln())).collect()
});

/// Endings that join a preceding `à`, lower-cased.
static JOINING: LazyLock<Vec<Vec<char>>> =
    LazyLock::new(|| crate::tsv::entries(JOINED).map(|w| w.chars().collect()).collect());

/// Whether `à` + `word` is one word.
pub(crate) fn is_joining_suffix(word: &[char]) -> bool {
    JOINING
        .iter()
        .any(|w| w.len() == word.len() && w.iter().zip(word).all(|(a, b)| b.to_lowercase().eq(std::iter::once(*a))))
}

/// `c` folded to a lower-case ASCII letter (styled letters included), if it is one.
fn fold_letter(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_lowercase() as u8);
    }
    let mut it = std::iter::once(c).nfkc();
    match (it.next(), it.next()) {
        (Some(f), None) if f.is_ascii_alphabetic() => Some(f.to_ascii_lowercase() as u8),
        _ => None,
    }
}

fn bigram_score(word: &[u8]) -> f32 {
    let bytes: Vec<u8> = std::iter::once(b'^').chain(word.iter().copied()).chain(std::iter::once(b'$')).collect();
    bytes
        .windows(2)
        .map(|p| p.first().zip(p.get(1)).and_then(|(a, b)| BIGRAMS.get(&(*a, *b)).copied()).unwrap_or(-20.0))
        .sum()
}

/// For each ambiguous position (index into `chars`, options), pick the option that makes the surrounding
/// word a known word (the most frequent one), else the likeliest spelling by letter pairs.
pub(crate) fn choose_by_words(chars: &mut [char], ambiguous: &[(usize, Vec<char>)], max_combinations: usize) {
    let mut k = 0;
    while k < ambiguous.len() {
        let Some((pos, _)) = ambiguous.get(k) else {
            break;
        };
        let pos = *pos;
        // The word around `pos`: letters (styled ones too).
        let is_word_char = |c: char| fold_letter(c).is_some() || c.is_alphabetic();
        let mut start = pos;
        while start > 0 && chars.get(start - 1).is_some_and(|&c| is_word_char(c)) {
            start -= 1;
        }
        let mut end = pos + 1;
        while chars.get(end).is_some_and(|&c| is_word_char(c)) {
            end += 1;
        }
        // All ambiguous positions in this word.
        let mut group = Vec::new();
        while let Some((p, opts)) = ambiguous.get(k) {
            if *p >= end {
                break;
            }
            group.push((*p, opts.clone()));
            k += 1;
        }
        let combinations = group.iter().map(|(_, o)| o.len().max(1)).try_fold(1usize, |acc, n| acc.checked_mul(n));
        let Some(combinations) = combinations.filter(|&n| n <= max_combinations) else {
            continue;
        };
        let mut best: Option<(u32, f32, usize)> = None;
        for combo in 0..combinations {
            let mut rest = combo;
            let mut trial: Vec<char> = chars.get(start..end).map(|s| s.to_vec()).unwrap_or_default();
            for (p, opts) in &group {
                let n = opts.len().max(1);
                if let (Some(slot), Some(&o)) = (trial.get_mut(p - start), opts.get(rest % n)) {
                    *slot = o;
                }
                rest /= n;
            }
            let folded: Option<Vec<u8>> = trial.iter().map(|&c| fold_letter(c)).collect();
            let Some(folded) = folded else { continue };
            let rank = std::str::from_utf8(&folded).ok().and_then(|w| RANKS.get(w).copied()).unwrap_or(u32::MAX);
            let score = bigram_score(&folded);
            let better = match best {
                None => true,
                Some((r, s, _)) => rank < r || (rank == r && score > s),
            };
            if better {
                best = Some((rank, score, combo));
            }
        }
        if let Some((_, _, combo)) = best {
            let mut rest = combo;
            for (p, opts) in &group {
                let n = opts.len().max(1);
                if let (Some(slot), Some(&o)) = (chars.get_mut(*p), opts.get(rest % n)) {
                    *slot = o;
                }
                rest /= n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_word_wins_over_other_letters() {
        let mut chars: Vec<char> = "xews".chars().collect();
        choose_by_words(&mut chars, &[(0, vec!['l', 'n', 'o'])], 64);
        assert_eq!(chars.iter().collect::<String>(), "news");
    }

    #[test]
    fn joining_suffixes_are_read_from_data() {
        assert!(is_joining_suffix(&['s']));
        assert!(is_joining_suffix(&['Q', 'u', 'e', 'l', 'e']));
        assert!(!is_joining_suffix(&['n', 'o', 's']));
    }
}
