//! Page furniture that is not part of a story: banners, link lines, share bars, comment forms, footers.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashSet;

use super::lexicon::{fold, Furniture, BOILERPLATE, SECTIONS, SOCIAL};

/// What a line is, as far as boilerplate goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Part of the article (story or metadata).
    Keep,
    /// Furniture: dropped.
    Drop,
    /// Furniture that starts the page's footer: dropped with everything after it, once the story has begun.
    Tail,
}

/// `(baca: ...)`, `(Baca juga: ...)`: a link to another story inside a paragraph.
static INLINE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    let mut cues: Vec<&str> =
        BOILERPLATE.iter().filter(|(k, _)| *k == Furniture::Inline).map(|(_, p)| p.as_str()).collect();
    cues.sort_by_key(|c| std::cmp::Reverse(c.len()));
    let alternation = cues.iter().map(|c| regex::escape(c).replace(' ', r"\s+")).collect::<Vec<_>>().join("|");
    Regex::new(&format!(r"(?i)\s*\((?:{alternation})\s*:[^()\n]{{0,300}}\)")).expect("static regex")
});

/// `5 min read`, `3 menit membaca`: reading-time labels.
static READING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:reading time:?\s*)?\d{1,3}\s*(?:min|mins|minutes?|menit)\.?(?:\s+(?:read|baca|membaca|dibaca))?$",
    )
    .expect("static regex")
});

/// Separators of a breadcrumb trail: `Home > News > Business`.
const CRUMB_SEPARATORS: [&str; 4] = [" > ", " \u{203a} ", " \u{bb} ", " / "];

/// A line-level boilerplate phrase, prepared once for [`classify`].
struct LineRule {
    kind: Furniture,
    phrase: &'static str,
    /// The phrase without trailing punctuation, as an `exact` line is compared.
    exact: &'static str,
    /// Whether the phrase ends in punctuation (`read more:`), so that it needs no word boundary after it.
    open_ended: bool,
}

/// The `line`, `exact` and `tail` phrases by the first byte a line must start with to match them, each bucket in
/// file order (the first phrase that matches decides). A phrase that could match a line of any first byte is in
/// every bucket.
static LINE_RULES: LazyLock<Vec<Vec<LineRule>>> = LazyLock::new(|| {
    let mut buckets: Vec<Vec<LineRule>> = (0..256).map(|_| Vec::new()).collect();
    for (kind, phrase) in BOILERPLATE.iter() {
        let phrase = phrase.as_str();
        let key = match kind {
            Furniture::Inline => continue,
            Furniture::Exact => phrase.trim_end_matches(|c: char| !c.is_alphanumeric()),
            Furniture::Line | Furniture::Tail => phrase,
        };
        let rule = |_| LineRule {
            kind: *kind,
            phrase,
            exact: phrase.trim_end_matches(|c: char| !c.is_alphanumeric()),
            open_ended: phrase.ends_with(|c: char| !c.is_alphanumeric()),
        };
        match key.as_bytes().first() {
            Some(&b) => buckets[usize::from(b)].push(rule(())),
            None => buckets.iter_mut().for_each(|bucket| bucket.push(rule(()))),
        }
    }
    buckets
});

/// Whether `s` has at most `n` words.
fn at_most_words(s: &str, n: usize) -> bool {
    s.split_whitespace().nth(n).is_none()
}

/// Whether `folded` starts with `phrase` followed by a word boundary.
fn starts_with_phrase(folded: &str, phrase: &str, open_ended: bool) -> bool {
    folded.starts_with(phrase)
        && (open_ended
            || folded.get(phrase.len()..).and_then(|r| r.chars().next()).is_none_or(|c| !c.is_alphanumeric()))
}

/// Whether `token` is a count (`12`, `1.2k`).
fn is_count(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_digit()) && token.chars().all(|c| c.is_ascii_digit() || c == '.' || c == 'k')
}

/// A line made only of share and follow labels (and counts).
fn is_social_bar(folded: &str) -> bool {
    const MAX_TOKENS: usize = 16;
    let mut tokens = folded
        .split(|c: char| c.is_whitespace() || ",|:\u{b7}\u{2022}/".contains(c))
        .filter(|t| !t.is_empty())
        .peekable();
    // Most lines are prose: their first word is neither a count nor a label, and the line is settled without
    // splitting the rest of it.
    match tokens.peek() {
        None => return false,
        Some(first) if !is_count(first) && !SOCIAL_FIRST_WORDS.contains(*first) => return false,
        Some(_) => {}
    }
    let tokens: Vec<&str> = tokens.take(MAX_TOKENS + 1).collect();
    if tokens.len() > MAX_TOKENS {
        return false;
    }
    let mut joined = String::new();
    let mut i = 0;
    'outer: while i < tokens.len() {
        if is_count(tokens[i]) {
            i += 1;
            continue;
        }
        for n in (1..=3).rev() {
            if let Some(words) = tokens.get(i..i + n) {
                joined.clear();
                for (k, w) in words.iter().enumerate() {
                    if k > 0 {
                        joined.push(' ');
                    }
                    joined.push_str(w);
                }
                if SOCIAL.contains(&joined) {
                    i += n;
                    continue 'outer;
                }
            }
        }
        return false;
    }
    true
}

/// The first words of the share and follow labels: a social bar starts with one of them (or a count).
static SOCIAL_FIRST_WORDS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| SOCIAL.iter().filter_map(|l| l.split(' ').next()).collect());

/// The byte before the closing space of each of [`CRUMB_SEPARATORS`]: `>`, `/`, and the last bytes of `›` and `»`.
const CRUMB_KEY_BYTES: [u8; 4] = [b'>', b'/', 0xBA, 0xBB];

/// Whether `line` holds one of [`CRUMB_SEPARATORS`]. Most lines have none of their key bytes, and those that have
/// some (dates, web addresses) are checked only around them rather than searched once for each separator.
fn has_crumb_separator(line: &str) -> bool {
    let bytes = line.as_bytes();
    let [a, b, c, d] = CRUMB_KEY_BYTES;
    let separator_ends_at = |p: usize| {
        CRUMB_SEPARATORS.iter().any(|sep| {
            let start = (p + 2).checked_sub(sep.len());
            start.is_some_and(|start| bytes.get(start..p + 2) == Some(sep.as_bytes()))
        })
    };
    memchr::memchr2_iter(a, b, bytes).chain(memchr::memchr2_iter(c, d, bytes)).any(separator_ends_at)
}

/// A breadcrumb trail: at least three short named items separated by ` > `, ` › `, ` » ` or ` / `.
fn is_breadcrumb(line: &str) -> bool {
    if !has_crumb_separator(line) || !at_most_words(line, 16) {
        return false;
    }
    CRUMB_SEPARATORS.iter().any(|sep| {
        let items: Vec<&str> = line.split(sep).map(str::trim).collect();
        items.len() >= 3
            && items.iter().all(|i| at_most_words(i, 4) && i.chars().any(char::is_alphabetic) && !i.ends_with('.'))
    })
}

/// Classify one cleaned line.
pub(crate) fn classify(line: &str) -> LineKind {
    classify_folded(line, &folded_head(line))
}

/// [`classify`] given the fold of `line` (or of a head of it that decides every rule as the whole would).
fn classify_folded(line: &str, folded: &str) -> LineKind {
    // `(Foto: ...)`, `[Photo: ...]`: a bracketed label is matched as the label.
    let folded = folded.trim_start_matches(['(', '[']);
    let Some(&first) = folded.as_bytes().first() else {
        return LineKind::Drop;
    };
    // Only a number or `reading time` can start a reading-time label.
    if (first == b'r' || folded.starts_with(char::is_numeric)) && READING_TIME.is_match(folded) {
        return LineKind::Drop;
    }
    let bare = folded.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
    for rule in &LINE_RULES[usize::from(first)] {
        match rule.kind {
            Furniture::Exact if bare == rule.exact => return LineKind::Drop,
            Furniture::Line
                if starts_with_phrase(folded, rule.phrase, rule.open_ended)
                    && (rule.open_ended || at_most_words(folded, 15)) =>
            {
                return LineKind::Drop
            }
            Furniture::Tail
                if starts_with_phrase(folded, rule.phrase, rule.open_ended)
                    && at_most_words(folded, 10)
                    && !folded.ends_with('.') =>
            {
                return LineKind::Tail
            }
            _ => {}
        }
    }
    if is_social_bar(folded) || is_breadcrumb(line) {
        return LineKind::Drop;
    }
    LineKind::Keep
}

/// How many bytes of a long line, at least, [`folded_head`] folds first (up to the next space).
const HEAD_BYTES: usize = 160;

/// What a folded head must hold to decide [`classify`] for the whole line: its length in bytes (that of the longest
/// `line` or `tail` phrase, which it must be able to start with) and its words with a letter or digit (more than
/// any rule that looks at the whole line allows: the 16 tokens of a share bar, the 15 words of a `line` phrase's
/// line, the 5 of a reading time, the words of an `exact` phrase).
static HEAD_NEEDS: LazyLock<(usize, usize)> = LazyLock::new(|| {
    let phrases = BOILERPLATE.iter().filter(|(k, _)| *k != Furniture::Inline);
    let longest = phrases.clone().map(|(_, p)| p.len()).max().unwrap_or(0);
    let most_words = phrases.map(|(_, p)| p.split_whitespace().count()).max().unwrap_or(0);
    (longest, (most_words + 1).max(17))
});

/// `fold(line)`, or for a long line the fold of its first words when they decide [`classify`] as the whole line
/// would. Folding splits at a space (`fold` of the whole is the folds of the two sides joined by one space, or the
/// one that is not empty), so the head's fold begins the whole's; a head long enough to hold any phrase, with more
/// words than a rule on the whole line allows, gets every rule's answer: a phrase at the start is found in it, and
/// the rules on the whole line fail on both. Most paragraphs are long, and need not be folded whole.
fn folded_head(line: &str) -> String {
    if let Some(cut) = line.as_bytes().get(HEAD_BYTES..).and_then(|rest| memchr::memchr(b' ', rest)) {
        let cut = HEAD_BYTES + cut;
        let head = fold(&line[..cut]);
        let (length, words) = *HEAD_NEEDS;
        let trimmed = head.trim_start_matches(['(', '[']);
        // The fold has single spaces between words; a word beyond ASCII is decoded only when no ASCII byte of it
        // is a letter or digit.
        let has_alphanumeric = |w: &[u8]| {
            w.iter().any(u8::is_ascii_alphanumeric)
                || !w.is_ascii() && std::str::from_utf8(w).is_ok_and(|w| w.chars().any(char::is_alphanumeric))
        };
        if trimmed.len() >= length
            && trimmed.as_bytes().split(|&b| b == b' ').filter(|w| has_alphanumeric(w)).nth(words - 1).is_some()
        {
            return head;
        }
    }
    fold(line)
}

/// Whether the line is only a section label (`Business`, `Nasional`, `Breaking News`).
pub(crate) fn is_section(line: &str) -> bool {
    let folded = fold(line);
    let bare = folded.trim_matches(|c: char| !c.is_alphanumeric());
    SECTIONS.contains(bare)
}

/// The first characters of the inline-link cues (folded, so lower case).
static INLINE_CUE_STARTS: LazyLock<Vec<char>> = LazyLock::new(|| {
    BOILERPLATE.iter().filter(|(k, _)| *k == Furniture::Inline).filter_map(|(_, p)| p.chars().next()).collect()
});

/// Whether `text` has a parenthesis opened by a character that may start an inline-link cue (`(baca`, `(Read`), as
/// every inline link has. Most paragraphs have none, and the pattern need not run over them.
fn may_have_inline_link(text: &str) -> bool {
    text.match_indices('(').any(|(i, _)| {
        // The pattern ignores case, which can match a non-ASCII character to an ASCII letter.
        text.get(i + 1..)
            .and_then(|r| r.chars().next())
            .is_some_and(|c| !c.is_ascii() || INLINE_CUE_STARTS.contains(&c.to_ascii_lowercase()))
    })
}

/// `text` without inline links to other stories (`(baca: ...)`).
pub(crate) fn strip_inline_links(text: &str) -> Cow<'_, str> {
    if !may_have_inline_link(text) {
        return Cow::Borrowed(text);
    }
    INLINE_LINK.replace_all(text, |c: &regex::Captures<'_>| {
        let end = c.get(0).map_or(0, |m| m.end());
        let next = text.get(end..).and_then(|r| r.chars().next());
        match next {
            None => "",
            Some(ch) if ch.is_whitespace() || ".,;:!?)".contains(ch) => "",
            Some(_) => " ",
        }
        .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crumb_separators_are_found_by_their_key_bytes() {
        for sep in CRUMB_SEPARATORS {
            let key = sep.as_bytes()[sep.len() - 2];
            assert!(CRUMB_KEY_BYTES.contains(&key), "{sep:?}");
        }
        let lines = ["Home > News", "a/b / c", "x \u{203a} y", "\u{bb} y", "17/3/2031 and 1 > 0", "a \u{bb}b", " / "];
        for line in lines {
            assert_eq!(has_crumb_separator(line), CRUMB_SEPARATORS.iter().any(|sep| line.contains(sep)), "{line:?}");
        }
    }

    #[test]
    fn banners_and_link_lines() {
        assert_eq!(classify("\u{1D47A}\u{1D495}\u{1D482}\u{1D49A} updated with latest sports news"), LineKind::Drop);
        assert_eq!(classify("Read more: Minister Opens New Port in Eastern Province"), LineKind::Drop);
        assert_eq!(classify("Read More:Minister Opens New Port"), LineKind::Drop);
        assert_eq!(classify("Baca juga: Menteri Resmikan Pelabuhan Baru"), LineKind::Drop);
        assert_eq!(classify("Your email address will not be published."), LineKind::Drop);
        assert_eq!(classify("Copyright © 2024 Example Media. All rights reserved."), LineKind::Drop);
        assert_eq!(classify("ADVERTISEMENT"), LineKind::Drop);
        assert_eq!(classify("(Foto: Dok. Humas)"), LineKind::Drop);
        assert_eq!(classify("4 min read"), LineKind::Drop);
    }

    #[test]
    fn footers_start_the_tail() {
        assert_eq!(classify("Leave A Reply"), LineKind::Tail);
        assert_eq!(classify("Related Articles"), LineKind::Tail);
        // The line goes; the contact below it, which names the official who speaks for the body, stays.
        assert_eq!(classify("For more information, please contact:"), LineKind::Drop);
        assert_eq!(classify("Berita Terkait"), LineKind::Tail);
    }

    #[test]
    fn story_lines_are_kept() {
        assert_eq!(classify("Readers of the report said the plan was sound."), LineKind::Keep);
        assert_eq!(classify("Iklan rokok di televisi akan dibatasi mulai tahun depan, kata menteri."), LineKind::Keep);
        assert_eq!(
            classify("Comments made by the minister on Monday drew criticism from opposition lawmakers and analysts."),
            LineKind::Keep
        );
        assert_eq!(classify("Indonesia / Malaysia talks"), LineKind::Keep);
    }

    #[test]
    fn share_bars_and_breadcrumbs() {
        assert_eq!(classify("Share: Facebook | Twitter | WhatsApp"), LineKind::Drop);
        assert_eq!(classify("Facebook Twitter WhatsApp Copy link"), LineKind::Drop);
        assert_eq!(classify("1.2k Shares"), LineKind::Drop);
        assert_eq!(classify("Home > News > Business"), LineKind::Drop);
        assert_eq!(classify("Beranda / Berita / Ekonomi"), LineKind::Drop);
        assert_eq!(classify("Rabu (12/4/2023)"), LineKind::Keep);
        assert_eq!(classify("Beranda \u{203a} Berita \u{203a} Ekonomi"), LineKind::Drop);
        assert_eq!(classify("Home \u{bb} News \u{bb} Business"), LineKind::Drop);
        // `is_breadcrumb` looks for these bytes before it looks for the separators.
        for sep in CRUMB_SEPARATORS {
            assert!(sep.bytes().any(|b| matches!(b, b'>' | b'/' | 0xBA | 0xBB)), "{sep:?}");
        }
    }

    #[test]
    fn long_lines_are_classified_by_their_head_as_by_the_whole() {
        // Phrases of every kind, and words that make a long line, joined in many orders.
        let mut pieces: Vec<String> = BOILERPLATE.iter().map(|(_, p)| p.clone()).collect();
        for w in [
            "Read",
            "MORE:",
            "the",
            "minister",
            "said",
            "(",
            "[",
            "-",
            "|",
            "/",
            ">",
            "12",
            "1.2k",
            "Share",
            "Facebook",
            "\u{201c}Kata\u{201d}",
            "\u{1D47A}\u{1D495}",
            "caf\u{e9}",
            "\u{a0}",
            "\u{200b}",
            "...",
            "ok.",
            "\u{a8}",
            "Stra\u{df}e",
            "\u{130}stanbul",
            "5",
            "min",
            "read",
        ] {
            pieces.push(w.to_string());
        }
        let mut draw = crate::testing::sequence(5);
        let mut next = |n: usize| draw() % n;
        for _ in 0..4000 {
            let n = 10 + next(40);
            let words: Vec<&str> = (0..n).map(|_| pieces[next(pieces.len())].as_str()).collect();
            let line = words.join(if next(8) == 0 { "  " } else { " " });
            assert_eq!(classify(&line), classify_folded(&line, &fold(&line)), "{line:?}");
        }
    }

    #[test]
    fn sections() {
        assert!(is_section("Business"));
        assert!(is_section("NASIONAL"));
        assert!(!is_section("Business leaders meet in Jakarta"));
    }

    #[test]
    fn inline_links_go() {
        assert_eq!(
            strip_inline_links("Dia menjamin badan itu bebas. (baca: Menteri Bantah Isu)Menurut dia, semua aman."),
            "Dia menjamin badan itu bebas. Menurut dia, semua aman."
        );
        assert_eq!(strip_inline_links("Officials agreed (Read also: Talks Resume)."), "Officials agreed.");
    }
}
