//! Calendar dates as news pages print them, in English and Indonesian:
//! `19 March 2031`, `March 19, 2031`, `Rabu, 19 Maret 2031`, `Rabu (19/3/2031)`, `2031-03-19`, `19/03/2031`.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::MONTHS;
use crate::model::Date;

/// A date found in a text, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMatch {
    /// The day, when the text gives a year; `None` for a day and month alone (`April 2`, `13/7`).
    pub date: Option<Date>,
    pub start: usize,
    pub end: usize,
}

/// The month-name alternation, longest first so that `sept` is preferred over `sep`.
fn month_alternation() -> String {
    let mut names: Vec<&String> = MONTHS.keys().collect();
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    names.iter().map(|n| regex::escape(n)).collect::<Vec<_>>().join("|")
}

/// `19 March 2031`, `19th March, 2031`, `19 Maret 2031`.
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({})\.?,?\s+(\d{{4}})(?-u:\b)",
        month_alternation()
    ))
    .expect("static regex")
});

/// `May 10, 2023`, `Sept. 3 2021`.
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?-u:\b)",
        month_alternation()
    ))
    .expect("static regex")
});

/// `2031-03-19`, also at the start of a timestamp `2031-03-19T16:10:00`.
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{1,2})-(\d{1,2})(?:(?-u:\b)|T)").expect("static regex"));

/// `2023/05/10`.
static YEAR_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})/(\d{1,2})/(\d{1,2})(?-u:\b)").expect("static regex"));

/// `19/3/2031`, `19-03-2031`, `19.03.2031` (the two separators must agree; checked in code).
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4})(?-u:\b)").expect("static regex"));

/// `10 May`, `2 April` without a year.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+({})(?-u:\b)\.?", month_alternation()))
        .expect("static regex")
});

/// `April 2`, `May 10th` without a year.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?-u:\b)({})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)", month_alternation()))
        .expect("static regex")
});

/// `13/7` without a year.
static NUMERIC_DAY_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{1,2})/(\d{1,2})(?-u:\b)").expect("static regex"));

/// A clock time with an optional zone: `16:10`, `16.10 WIB`, `4:10 pm`, `09:30 GMT+7`.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?:a\.m\.|p\.m\.|am(?-u:\b)|pm(?-u:\b)|wib(?-u:\b)|wita(?-u:\b)|wit(?-u:\b)|gmt|utc))?(?:\s*[+-]\s?\d{1,2}(?::?\d{2})?)?",
    )
    .expect("static regex")
});

fn month_number(name: &str) -> Option<u32> {
    MONTHS.get(&name.to_lowercase()).copied()
}

fn num<T: std::str::FromStr>(s: Option<regex::Match<'_>>) -> Option<T> {
    s?.as_str().parse().ok()
}

fn plausible_year(y: i32) -> bool {
    (1900..=2100).contains(&y)
}

/// Day and month from two numbers of a numeric date: day first unless that cannot be (`05/13/2023`).
fn day_month(a: u32, b: u32) -> (u32, u32) {
    if a <= 12 && b > 12 {
        (b, a)
    } else {
        (a, b)
    }
}

fn push_date(out: &mut Vec<DateMatch>, start: usize, end: usize, y: Option<i32>, mo: Option<u32>, d: Option<u32>) {
    if let (Some(y), Some(mo), Some(d)) = (y, mo, d) {
        if plausible_year(y) {
            if let Some(date) = Date::new(y, mo, d) {
                out.push(DateMatch { date: Some(date), start, end });
            }
        }
    }
}

/// Every full date (with a year) in `s`, as candidates from each pattern.
fn full_dates(s: &str) -> Vec<DateMatch> {
    let mut out = Vec::new();
    for c in DAY_MONTH_YEAR.captures_iter(s) {
        if let Some(m) = c.get(0) {
            let mo = c.get(2).and_then(|x| month_number(x.as_str()));
            push_date(&mut out, m.start(), m.end(), num(c.get(3)), mo, num(c.get(1)));
        }
    }
    for c in MONTH_DAY_YEAR.captures_iter(s) {
        if let Some(m) = c.get(0) {
            let mo = c.get(1).and_then(|x| month_number(x.as_str()));
            push_date(&mut out, m.start(), m.end(), num(c.get(3)), mo, num(c.get(2)));
        }
    }
    for c in ISO.captures_iter(s) {
        if let Some(m) = c.get(0) {
            // The match may include a trailing `T`; the date ends before it.
            let end = if m.as_str().ends_with('T') { m.end() - 1 } else { m.end() };
            push_date(&mut out, m.start(), end, num(c.get(1)), num(c.get(2)), num(c.get(3)));
        }
    }
    for c in YEAR_FIRST.captures_iter(s) {
        if let Some(m) = c.get(0) {
            push_date(&mut out, m.start(), m.end(), num(c.get(1)), num(c.get(2)), num(c.get(3)));
        }
    }
    for c in NUMERIC.captures_iter(s) {
        let same_separator = c.get(2).map(|x| x.as_str()) == c.get(4).map(|x| x.as_str());
        if let (Some(m), true, Some(a), Some(b)) =
            (c.get(0), same_separator, num::<u32>(c.get(1)), num::<u32>(c.get(3)))
        {
            let (d, mo) = day_month(a, b);
            push_date(&mut out, m.start(), m.end(), num(c.get(5)), Some(mo), Some(d));
        }
    }
    out
}

/// Whether `s` has an ASCII digit. Every date found has one (its numbers are parsed from ASCII digits), so text
/// without one needs no pattern run over it.
fn has_ascii_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// Whether `s` has four ASCII digits in a row. Every full date has: its year is parsed from the four digits of a
/// `\d{4}` group (a year of other digits does not parse), so most lines need no pattern run over them.
fn has_four_ascii_digits(s: &str) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// The first full date (with a year) in `s`.
pub fn find_date(s: &str) -> Option<DateMatch> {
    if !has_four_ascii_digits(s) {
        return None;
    }
    full_dates(s).into_iter().min_by_key(|m| (m.start, std::cmp::Reverse(m.end)))
}

/// The first date in `s`, with or without a year (`April 2`, `13/7` give a match with `date: None`).
pub fn find_date_or_day(s: &str) -> Option<DateMatch> {
    if !has_ascii_digit(s) {
        return None;
    }
    let mut best = find_date(s);
    let mut consider = |m: DateMatch| {
        if best.is_none_or(|b| m.start < b.start) {
            best = Some(m);
        }
    };
    for (numeric, re) in [(false, &*DAY_MONTH), (false, &*MONTH_DAY), (true, &*NUMERIC_DAY_MONTH)] {
        if let Some(m) = re.find(s) {
            // Only a real day and month: `13/7` yes, `3/45` no.
            let ok = if numeric {
                let mut parts = m.as_str().split('/').filter_map(|p| p.parse::<u32>().ok());
                matches!((parts.next(), parts.next()), (Some(d), Some(mo)) if (1..=31).contains(&d) && (1..=12).contains(&mo))
            } else {
                m.as_str()
                    .chars()
                    .filter(|c| c.is_ascii_digit())
                    .collect::<String>()
                    .parse::<u32>()
                    .is_ok_and(|d| (1..=31).contains(&d))
            };
            if ok {
                consider(DateMatch { date: None, start: m.start(), end: m.end() });
            }
        }
    }
    best
}

/// Parse the first full date in `s`: `19 March 2031`, `March 19, 2031 - 16:10`, `Rabu (19/3/2031)`,
/// `Rabu, 19 Maret 2031`, `2031-03-19T09:00:00+07:00`, `19/03/2031` (day first unless impossible).
pub fn parse_date(s: &str) -> Option<Date> {
    find_date(s).and_then(|m| m.date)
}

/// `s` with clock times (`16:10`, `16.10 WIB`) replaced by spaces.
pub(crate) fn blank_times(s: &str) -> String {
    TIME.replace_all(s, " ").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<Date> {
        Date::new(y, m, day)
    }

    #[test]
    fn english_and_indonesian_forms() {
        assert_eq!(parse_date("19 March 2031"), d(2031, 3, 19));
        assert_eq!(parse_date("March 19, 2031 - 16:10"), d(2031, 3, 19));
        assert_eq!(parse_date("Rabu (19/3/2031)"), d(2031, 3, 19));
        assert_eq!(parse_date("Rabu, 19 Maret 2031 09:15 WIB"), d(2031, 3, 19));
        assert_eq!(parse_date("2031-03-19"), d(2031, 3, 19));
        assert_eq!(parse_date("2031-03-19T09:00:00+07:00"), d(2031, 3, 19));
        assert_eq!(parse_date("19/03/2031"), d(2031, 3, 19));
        assert_eq!(parse_date("03/20/2031"), d(2031, 3, 20));
        assert_eq!(parse_date("Selasa, 3 Agustus 2021"), d(2021, 8, 3));
        assert_eq!(parse_date("Sept. 3, 2021"), d(2021, 9, 3));
        assert_eq!(parse_date("1st December 2020"), d(2020, 12, 1));
        assert_eq!(parse_date("Kamis, 12 Nopember 2015"), d(2015, 11, 12));
    }

    #[test]
    fn refuses_impossible_or_partial() {
        assert_eq!(parse_date("31 February 2031"), None);
        assert_eq!(parse_date("19/3"), None);
        assert_eq!(parse_date("in May"), None);
        assert_eq!(parse_date("19-03/2031"), None);
        assert_eq!(parse_date("1.14 persen di posisi 4.509,6"), None);
    }

    #[test]
    fn first_date_wins() {
        assert_eq!(parse_date("Updated 21 March 2031, published 19 March 2031"), d(2031, 3, 21));
    }

    #[test]
    fn a_full_date_needs_four_ascii_digits() {
        assert!(has_four_ascii_digits("Rabu, 19 Maret 2031") && has_four_ascii_digits("2031"));
        assert!(!has_four_ascii_digits("19/3/31 12:30") && !has_four_ascii_digits("\u{661}\u{662}\u{663}\u{664}"));
        assert_eq!(parse_date("19 Maret \u{ff12}\u{ff10}\u{ff13}\u{ff11}"), None);
    }

    #[test]
    fn partial_days() {
        assert!(find_date_or_day("April 2").is_some_and(|m| m.date.is_none()));
        assert!(find_date_or_day("Jakarta (13/7)").is_some_and(|m| m.date.is_none()));
        assert!(find_date_or_day("3/45").is_none());
    }

    #[test]
    fn times_are_blanked() {
        assert_eq!(blank_times("March 19, 2031 - 16:10").trim_end(), "March 19, 2031 -");
        assert_eq!(blank_times("19 Maret 2031 09.15 WIB").trim_end(), "19 Maret 2031");
    }
}
