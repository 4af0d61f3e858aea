//! MONEY and PERCENT mentions.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::lexicon::{alternation, CURRENCIES};

/// A money amount or percentage found in text (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberSpan {
    pub start: usize,
    pub end: usize,
    pub percent: bool,
    /// ISO 4217 code of a money amount.
    pub currency: Option<String>,
}

const AMOUNT: &str = r"\d+(?:[.,]\d+)*";
/// Words of scale after an amount (the regex tries the longer of two words first).
const SCALE_WORDS: [&str; 16] = [
    "million", "billion", "trillion", "thousand", "juta", "miliar", "milyar", "triliun", "ribu", "bn", "mn", "m", "k",
    "M", "B", "T",
];
/// What joins the two ends of a range of amounts.
const RANGE_WORDS: [&str; 6] = ["-", "–", "—", "to", "hingga", "sampai"];
/// Words for per cent after an amount.
const PERCENT_WORDS: [&str; 3] = ["percent", "per cent", "persen"];

/// An optional scale word after an amount.
fn scale() -> String {
    format!(r"(?:\s?(?:{})\b)?", alternation(SCALE_WORDS))
}

/// An optional second amount of a range.
fn range() -> String {
    format!(r"(?:\s?(?:{})\s?{AMOUNT})?", alternation(RANGE_WORDS))
}

static MONEY: LazyLock<Vec<(Regex, bool)>> = LazyLock::new(|| {
    let form = |pos: &str| {
        alternation(CURRENCIES.iter().filter(|r| r.get(2).map(String::as_str) == Some(pos)).map(|r| r[0].as_str()))
    };
    let (prefix, suffix, range, scale) = (form("prefix"), form("suffix"), range(), scale());
    // A letter-final prefix (USD, Rp) must not be the end of a longer word.
    let prefixed = format!(r"(?:{prefix})\s?{AMOUNT}{range}{scale}");
    let suffixed = format!(r"\b{AMOUNT}{range}{scale}\s(?:{suffix})\b");
    [(prefixed, true), (suffixed, false)]
        .into_iter()
        .filter_map(|(src, is_prefix)| Regex::new(&src.replace(r"\b", r"(?-u:\b)")).ok().map(|r| (r, is_prefix)))
        .collect()
});

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    let words = alternation(PERCENT_WORDS);
    Regex::new(&format!(r"(?-u:\b){AMOUNT}(?:\s?[-–]\s?{AMOUNT})?(?:\s?%|\s?(?:{words})(?-u:\b))"))
        .expect("valid regex")
});

/// The currency forms of `CURRENCIES` (those with a code), found together in a text by one automaton.
struct CurrencyForms {
    automaton: AhoCorasick,
    /// By pattern: the form's length and its ISO 4217 code.
    forms: Vec<(usize, &'static str)>,
}

static CURRENCY_FORMS: LazyLock<CurrencyForms> = LazyLock::new(|| {
    let rows: Vec<(&str, &str)> =
        CURRENCIES.iter().filter_map(|r| Some((r.first()?.as_str(), r.get(1)?.as_str()))).collect();
    CurrencyForms {
        automaton: AhoCorasick::new(rows.iter().map(|(form, _)| form)).expect("currency automaton"),
        forms: rows.iter().map(|(form, code)| (form.len(), *code)).collect(),
    }
});

/// The code of the longest currency form in `text` (the first in `CURRENCIES` of the longest).
fn currency_of(text: &str) -> Option<String> {
    let CurrencyForms { automaton, forms } = &*CURRENCY_FORMS;
    automaton
        .find_overlapping_iter(text)
        .map(|m| m.pattern().as_usize())
        .min_by_key(|&p| (std::cmp::Reverse(forms[p].0), p))
        .map(|p| forms[p].1.to_string())
}

/// How far a match of MONEY or PERCENT reaches around its digits, in bytes: every match holds an ASCII digit (when
/// the text has no other decimal digit), begins at most `before` bytes ahead of its first digit, ends at most `after`
/// bytes past its last, and has no run of more than `gap` non-digit bytes between two of its digits.
struct Reach {
    before: usize,
    after: usize,
    gap: usize,
}

/// The longest character `\s` matches is three bytes in UTF-8 (U+2028, U+3000, ...).
const SPACE: usize = 3;

static REACH: LazyLock<Reach> = LazyLock::new(|| {
    let longest = |pos: &str| {
        let forms = CURRENCIES.iter().filter(|r| r.get(2).map(String::as_str) == Some(pos));
        forms.map(|r| r[0].len()).max().unwrap_or(0)
    };
    let longest_of = |words: &[&str]| words.iter().map(|w| w.len()).max().unwrap_or(0);
    let (scale, range, percent) = (longest_of(&SCALE_WORDS), longest_of(&RANGE_WORDS), longest_of(&PERCENT_WORDS));
    Reach {
        before: longest("prefix") + SPACE,
        after: (SPACE + scale + SPACE + longest("suffix")).max(SPACE + scale.max(percent)),
        gap: SPACE + range + SPACE,
    }
});

/// The byte ranges of `text` that hold every match of MONEY and PERCENT, in order and apart: each runs from a little
/// ahead of a cluster of digits to a little past it, far enough that a match inside a range is a match of the whole
/// text (its end is never the range's end) and the regexes' fast scan skips the digit-free stretches between them.
/// `only_ascii_digits`: whether every decimal digit of `text` is ASCII (else it is searched whole, as `\d` is
/// Unicode).
fn digit_windows(text: &str, only_ascii_digits: bool) -> Vec<Range<usize>> {
    if !only_ascii_digits {
        return std::iter::once(0..text.len()).collect();
    }
    let Reach { before, after, gap } = *REACH;
    let floor = |i: usize| crate::text::floor_boundary(text, i);
    let ceil = |i: usize| crate::text::ceil_boundary(text, i);
    let mut windows: Vec<Range<usize>> = Vec::new();
    let mut cluster: Option<(usize, usize)> = None;
    for i in ascii_digits(text.as_bytes()) {
        // Digits one match could join, or whose windows would come near each other, make one cluster.
        if let Some((_, last)) =
            cluster.as_mut().filter(|(_, last)| i.saturating_sub(before) <= *last + 2 + after + gap)
        {
            *last = i;
        } else if let Some((first, last)) = cluster.replace((i, i)) {
            windows.push(floor(first.saturating_sub(before))..ceil(last + 2 + after));
        }
    }
    if let Some((first, last)) = cluster {
        windows.push(floor(first.saturating_sub(before))..ceil(last + 2 + after));
    }
    windows
}

/// The positions of the ASCII digits of `bytes`, in order. Most of a text has none: it is passed over a block at a
/// time, each block tested for a digit by a loop the compiler vectorises.
fn ascii_digits(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const BLOCK: usize = 32;
    bytes.chunks(BLOCK).enumerate().flat_map(|(n, block)| {
        let any = block.iter().fold(false, |any, b| any | b.is_ascii_digit());
        // A block without a digit is not visited byte by byte.
        let visited = if any { block } else { &[] };
        visited.iter().enumerate().filter(|(_, b)| b.is_ascii_digit()).map(move |(i, _)| n * BLOCK + i)
    })
}

/// Whether `text` holds a numeric character other than ASCII. Stretches of ASCII, most of a text, are passed over
/// a block at a time (`is_ascii` tests several bytes at once); only the blocks with other characters are decoded.
fn has_other_digit(text: &str) -> bool {
    const BLOCK: usize = 64;
    let bytes = text.as_bytes();
    // `at` is always a character boundary: a block of ASCII ends at one, and decoding stops at one.
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + BLOCK).min(bytes.len());
        if bytes[at..end].is_ascii() {
            at = end;
            continue;
        }
        for c in text[at..].chars() {
            if !c.is_ascii() && c.is_numeric() {
                return true;
            }
            at += c.len_utf8();
            if at >= end {
                break;
            }
        }
    }
    false
}

/// The matches of `re` in `text`, as `re.find_iter(text)` finds them, searched only inside `windows`.
fn find_in<'t>(re: &'t Regex, text: &'t str, windows: &'t [Range<usize>]) -> impl Iterator<Item = regex::Match<'t>> {
    windows.iter().flat_map(move |w| {
        // Cutting the text at the window's end leaves every match inside it unchanged (see `digit_windows`), and
        // `find_at` sees the text before the window for the leading word boundaries.
        let (hay, mut at) = (&text[..w.end], w.start);
        std::iter::from_fn(move || {
            let m = re.find_at(hay, at)?;
            at = m.end();
            Some(m)
        })
    })
}

/// What a match of each regex needs around its digits, looked up by byte: see `may_hold`.
struct Signs {
    /// By byte: its `PREFIX_END`, `WHITE`, `DIGIT`, `OTHER` and `NEEDLE` bits.
    class: [u8; 256],
    /// By first byte: the suffix currency forms (`true`) and the percent sign and words (`false`) it begins.
    needles: Vec<Vec<(&'static [u8], bool)>>,
}

/// `Signs::class` bits: the last byte of a prefix currency form (`$`, the `D` of `USD`, the `.` of `Rp.`), or any
/// byte outside ASCII (of `€`, say); ASCII white space (`\s`); an ASCII digit; a byte outside ASCII (of a white
/// space like U+00A0, say); the first byte of a suffix currency form, the percent sign or a percent word.
const PREFIX_END: u8 = 1;
const WHITE: u8 = 2;
const DIGIT: u8 = 4;
const OTHER: u8 = 8;
const NEEDLE: u8 = 16;

static SIGNS: LazyLock<Signs> = LazyLock::new(|| {
    let mut signs = Signs { class: [0; 256], needles: vec![Vec::new(); 256] };
    for (b, class) in signs.class.iter_mut().enumerate() {
        let b = b as u8;
        if !b.is_ascii() {
            *class |= PREFIX_END | OTHER;
        }
        if matches!(b, b' ' | b'\t'..=b'\r') {
            *class |= WHITE;
        }
        if b.is_ascii_digit() {
            *class |= DIGIT;
        }
    }
    let forms = |pos: &'static str| {
        CURRENCIES.iter().filter(move |r| r.get(2).map(String::as_str) == Some(pos)).map(|r| r[0].as_bytes())
    };
    for last in forms("prefix").filter_map(|f| f.last()) {
        signs.class[usize::from(*last)] |= PREFIX_END;
    }
    let suffixes = forms("suffix").map(|f| (f, true));
    let percents = PERCENT_WORDS.iter().chain(&["%"]).map(|w| (w.as_bytes(), false));
    for (needle, is_suffix) in suffixes.chain(percents) {
        if let Some(&first) = needle.first() {
            signs.class[usize::from(first)] |= NEEDLE;
            signs.needles[usize::from(first)].push((needle, is_suffix));
        }
    }
    signs
});

/// Which regexes may match inside `window` of `text` (prefixed MONEY, suffixed MONEY, PERCENT), from what each
/// needs in a match: one of its ASCII digits right after the end of a prefix currency form, or after one white
/// space that follows one; a suffix currency form after white space; the percent sign or a percent word after a
/// digit or white space. A byte outside ASCII counts as any of those ends and spaces. `ascii_digits`: whether the
/// decimal digits of `text` are all ASCII (else the prefixed regex is searched whatever the window holds).
fn may_hold(text: &[u8], window: &Range<usize>, ascii_digits: bool) -> (bool, bool, bool) {
    let Signs { class, needles } = &*SIGNS;
    let class_at = |i: Option<usize>| i.and_then(|i| text.get(i)).map_or(0, |&b| class[usize::from(b)]);
    let (mut prefixed, mut suffixed, mut percent) = (!ascii_digits, false, false);
    // The classes of the two bytes before `p`.
    let (mut before2, mut before) = (class_at(window.start.checked_sub(2)), class_at(window.start.checked_sub(1)));
    for p in window.clone() {
        let b = text[p];
        let here = class[usize::from(b)];
        if here & DIGIT != 0 && (before & PREFIX_END != 0 || before & WHITE != 0 && before2 & PREFIX_END != 0) {
            prefixed = true;
        }
        if here & NEEDLE != 0 && before & (WHITE | DIGIT | OTHER) != 0 {
            for &(needle, is_suffix) in &needles[usize::from(b)] {
                if text[p..].starts_with(needle) {
                    suffixed |= is_suffix;
                    percent |= !is_suffix;
                }
            }
        }
        if prefixed && suffixed && percent {
            break;
        }
        (before2, before) = (before, here);
    }
    (prefixed, suffixed, percent)
}

/// The windows of a text (see `digit_windows`) that each regex is searched in.
struct Windows {
    prefixed: Vec<Range<usize>>,
    suffixed: Vec<Range<usize>>,
    percent: Vec<Range<usize>>,
}

/// The windows of `text` that may hold a match of each regex: the search costs far more than the test, and most
/// windows (a year, a count) hold none.
fn windows(text: &str) -> Windows {
    let ascii_digits = !has_other_digit(text);
    let mut out = Windows { prefixed: Vec::new(), suffixed: Vec::new(), percent: Vec::new() };
    for w in digit_windows(text, ascii_digits) {
        let (prefixed, suffixed, percent) = may_hold(text.as_bytes(), &w, ascii_digits);
        for (holds, list) in [(prefixed, &mut out.prefixed), (suffixed, &mut out.suffixed), (percent, &mut out.percent)]
        {
            if holds {
                list.push(w.clone());
            }
        }
    }
    out
}

/// All money amounts and percentages of `text`, non-overlapping, in text order.
pub fn find_numbers(text: &str) -> Vec<NumberSpan> {
    let windows = windows(text);
    let mut out: Vec<NumberSpan> = Vec::new();
    for (re, is_prefix) in MONEY.iter() {
        let windows = if *is_prefix { &windows.prefixed } else { &windows.suffixed };
        for m in find_in(re, text, windows) {
            // A prefix that ends in a letter (USD, Rp) must not be the end of a longer word.
            if *is_prefix && text[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let s = m.as_str().trim_end();
            out.push(NumberSpan {
                start: m.start(),
                end: m.start() + s.len(),
                percent: false,
                currency: currency_of(s),
            });
        }
    }
    for m in find_in(&PERCENT, text, &windows.percent) {
        out.push(NumberSpan { start: m.start(), end: m.end(), percent: true, currency: None });
    }
    out.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
    let mut set = super::SpanSet::default();
    let mut taken: Vec<NumberSpan> = Vec::new();
    for n in out {
        if set.insert(n.start, n.end) {
            taken.push(n);
        }
    }
    taken.sort_by_key(|n| n.start);
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_digits_are_found_in_every_block() {
        let text = format!("{}7 x{}12 {}", "a".repeat(31), "b".repeat(40), "9".repeat(70));
        let expected: Vec<usize> =
            text.bytes().enumerate().filter(|(_, b)| b.is_ascii_digit()).map(|(i, _)| i).collect();
        assert_eq!(ascii_digits(text.as_bytes()).collect::<Vec<_>>(), expected);
        assert_eq!(ascii_digits(b"").count(), 0);
    }

    #[test]
    fn other_digits_are_found_across_blocks() {
        let long = "x".repeat(63);
        for (text, other) in [
            ("plain 123 text", false),
            ("caf\u{e9} \u{201c}quoted\u{201d}", false),
            ("Arabic-Indic \u{663} here", true),
            (&*format!("{long}\u{663}"), true),
            (&*format!("{long}\u{e9}{long}\u{bd}"), true),
            (&*format!("{long}{long}\u{2167}"), true),
            (&*format!("{long}\u{e9}{long}"), false),
        ] {
            assert_eq!(has_other_digit(text), other, "{text:?}");
            assert_eq!(has_other_digit(text), text.chars().any(|c| !c.is_ascii() && c.is_numeric()), "{text:?}");
        }
    }

    fn found(text: &str) -> Vec<&str> {
        find_numbers(text).into_iter().map(|n| &text[n.start..n.end]).collect()
    }

    #[test]
    fn money_forms() {
        assert_eq!(found("fees of Rp50,000 to Rp75,000 a month"), vec!["Rp50,000", "Rp75,000"]);
        assert_eq!(found("about USD 4–8 per user"), vec!["USD 4–8"]);
        assert_eq!(found("a $2 trillion economy"), vec!["$2 trillion"]);
        assert_eq!(found("senilai Rp 1,5 triliun"), vec!["Rp 1,5 triliun"]);
        assert_eq!(found("worth 300 million dollars"), vec!["300 million dollars"]);
        assert_eq!(found("RM1.2 billion last year"), vec!["RM1.2 billion"]);
        assert_eq!(find_numbers("RM1.2 billion")[0].currency.as_deref(), Some("MYR"));
    }

    #[test]
    fn currency_is_the_longest_form_held() {
        // The first row of the longest form held, as a scan of every row finds it.
        let by_rows = |text: &str| {
            let mut best: Option<(&str, &str)> = None;
            for r in CURRENCIES.iter() {
                let (Some(form), Some(code)) = (r.first(), r.get(1)) else { continue };
                if text.contains(form.as_str()) && best.is_none_or(|(f, _)| form.len() > f.len()) {
                    best = Some((form, code));
                }
            }
            best.map(|(_, c)| c.to_string())
        };
        for text in [
            "US$5",
            "$5",
            "HK$ 3 million",
            "Rp. 50",
            "Rp50 dollars",
            "5 pounds sterling",
            "5 US dollars",
            "RM1",
            "€4 euros",
            "5 won",
            "12",
            "S$ 1 US dollars",
            "dolar AS 5",
            "\u{20ab}5",
        ] {
            assert_eq!(currency_of(text), by_rows(text), "{text:?}");
        }
    }

    #[test]
    fn percent_forms() {
        assert_eq!(found("grew 38% and 4.5 percent, naik 12 persen"), vec!["38%", "4.5 percent", "12 persen"]);
    }

    #[test]
    fn plain_numbers_are_not_money() {
        assert!(found("5,000 officials in 2026 from USDA").is_empty());
    }
}

#[cfg(test)]
mod window_tests {
    use super::*;

    /// The windowed search finds exactly what the whole-text search finds, for every regex of this stage.
    fn assert_same(text: &str) {
        let windows = windows(text);
        let regexes = MONEY
            .iter()
            .map(|(re, is_prefix)| (re, if *is_prefix { &windows.prefixed } else { &windows.suffixed }))
            .chain([(&*PERCENT, &windows.percent)]);
        for (re, windows) in regexes {
            let whole: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
            let windowed: Vec<_> = find_in(re, text, windows).map(|m| m.range()).collect();
            assert_eq!(windowed, whole, "{re} in {text:?}");
        }
    }

    #[test]
    fn windows_find_what_the_whole_text_search_finds() {
        // Pieces between `|`: digits, spaces of several widths, currencies, range and scale words, a foreign digit.
        let pieces: Vec<&str> = "0|1|25|7|1,000|3.5|,|.| |\u{a0}|\u{202f}|\u{3000}|\u{2028}|\u{85}|\t|\n|-|–|—|\
            to|hingga|sampai|$|US$|USD|Rp|Rp.|€|£|₱|₫|HK$|RM|x|aRp|million|billion|thousand|triliun|ribu|bn|m|k|M|B|T|\
            %|percent|per cent|persen|dollars|US dollars|pounds sterling|dolar AS|rupiah|won|é|word|the|(|)|\"|٣|_"
            .split('|')
            .collect();
        // A fixed xorshift sequence keeps the generated texts the same on every run.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = 1 + next(40);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            assert_same(&text);
            // Long digit-free stretches between pieces separate the windows.
            let spread: String = text.split(' ').collect::<Vec<_>>().join(&" ".repeat(next(60)));
            assert_same(&spread);
        }
    }

    #[test]
    fn windows_find_what_the_whole_text_search_finds_in_shared_texts() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for path in entries.flatten().map(|e| e.path()) {
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    // Article-sized files (the articles, gold, notes); the large training sets, a few hundred
                    // thousand lines, would take minutes in a debug build and add nothing the generated texts
                    // above do not cover.
                    if text.len() < 1 << 16 {
                        assert_same(&text);
                        // Articles are also searched one by one in the pipeline; their lines stand in for them.
                        text.lines().for_each(assert_same);
                    }
                }
            }
        }
    }
}
