//! MONEY and PERCENT mentions.

use std::sync::LazyLock;

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
const SCALE: &str = r"(?:\s?(?:million|billion|trillion|thousand|juta|miliar|milyar|triliun|ribu|bn|mn|m|k|M|B|T)\b)?";
const RANGE: &str = r"(?:\s?(?:[-–—]|to|hingga|sampai)\s?\d+(?:[.,]\d+)*)?";

static MONEY: LazyLock<Vec<(Regex, bool)>> = LazyLock::new(|| {
    let form = |pos: &str| {
        alternation(CURRENCIES.iter().filter(|r| r.get(2).map(String::as_str) == Some(pos)).map(|r| r[0].as_str()))
    };
    let (prefix, suffix) = (form("prefix"), form("suffix"));
    // A letter-final prefix (USD, Rp) must not be the end of a longer word.
    let prefixed = format!(r"(?:{prefix})\s?{AMOUNT}{RANGE}{SCALE}");
    let suffixed = format!(r"\b{AMOUNT}{RANGE}{SCALE}\s(?:{suffix})\b");
    [(prefixed, true), (suffixed, false)]
        .into_iter()
        .filter_map(|(src, is_prefix)| Regex::new(&src.replace(r"\b", r"(?-u:\b)")).ok().map(|r| (r, is_prefix)))
        .collect()
});

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b){AMOUNT}(?:\s?[-–]\s?{AMOUNT})?(?:\s?%|\s?(?:percent|per cent|persen)(?-u:\b))"))
        .expect("valid regex")
});

fn currency_of(text: &str) -> Option<String> {
    let mut best: Option<(&str, &str)> = None;
    for r in CURRENCIES.iter() {
        let (Some(form), Some(code)) = (r.first(), r.get(1)) else { continue };
        if text.contains(form.as_str()) && best.is_none_or(|(f, _)| form.len() > f.len()) {
            best = Some((form, code));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// All money amounts and percentages of `text`, non-overlapping, in text order.
pub fn find_numbers(text: &str) -> Vec<NumberSpan> {
    let mut out: Vec<NumberSpan> = Vec::new();
    for (re, is_prefix) in MONEY.iter() {
        for m in re.find_iter(text) {
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
    for m in PERCENT.find_iter(text) {
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
    fn percent_forms() {
        assert_eq!(found("grew 38% and 4.5 percent, naik 12 persen"), vec!["38%", "4.5 percent", "12 persen"]);
    }

    #[test]
    fn plain_numbers_are_not_money() {
        assert!(found("5,000 officials in 2026 from USDA").is_empty());
    }
}
