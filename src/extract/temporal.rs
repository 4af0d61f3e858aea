//! DATE mentions in English and Indonesian, resolved to ISO 8601 where the text allows, with the
//! publication date as the anchor for `Wednesday`, `next year` or `13/7`.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;

use super::lexicon::{alternation, CALENDAR, TEMPORAL};
use crate::model::Date;

/// A date expression found in text (byte offsets) and its ISO value when it can be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateSpan {
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `Wednesday (10 May)`, `Rabu (10/5/2023)`
    WeekdayParen,
    /// `10 May 2023`, `May 10, 2023`, `10 May`, `May 10`, `September 2023`, `2023-05-10`
    Calendar,
    /// `(13/7)`: the group inside the parentheses
    ParenNumeric,
    /// `next year`, `tahun depan`, `end of 2023`, `akhir tahun ini`
    Relative,
    /// `five years`, `tiga bulan`
    Duration,
    /// `yesterday`, `hari ini`
    Deictic,
    /// `Wednesday`, `Kamis malam`
    Weekday,
    /// `in 2004`: the year only
    Year,
}

struct Pattern {
    form: Form,
    re: Regex,
    /// The expression cannot match text without a digit (most texts' sentences have none: skip it there).
    needs_digit: bool,
}

const DAY: &str = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?";
const YEAR: &str = r"(?:1[89]\d\d|2[01]\d\d)";

fn units(lang: &str) -> String {
    alternation(
        TEMPORAL
            .iter()
            .filter(|r| r.get(1).map(String::as_str) == Some("unit") && r.get(3).map(String::as_str) == Some(lang))
            .map(|r| r[0].as_str()),
    )
}

fn words(kind: &str, lang: &str) -> String {
    alternation(
        TEMPORAL
            .iter()
            .filter(|r| r.get(1).map(String::as_str) == Some(kind) && r.get(3).map(String::as_str) == Some(lang))
            .map(|r| r[0].as_str()),
    )
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let months = alternation(CALENDAR.months.keys().map(String::as_str));
    let all_months = alternation(CALENDAR.months.keys().chain(CALENDAR.month_abbrevs.keys()).map(String::as_str));
    // "Minggu" is also the common noun "week": as a weekday it needs a date beside it.
    let weekdays = alternation(CALENDAR.weekdays.keys().map(String::as_str));
    let lone_weekdays = alternation(CALENDAR.weekdays.keys().map(String::as_str).filter(|w| *w != "Minggu"));
    let mon = format!(r"(?:{all_months})\.?");
    let numeric = r"\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?";
    let (units_en, units_id) = (units("en"), units("id"));
    let (num_en, num_id) = (words("number", "en"), words("number", "id"));
    let (rel_en, rel_id) = (words("relative", "en"), words("relative", "id"));
    let specs: Vec<(Form, String, bool)> = vec![
        (
            Form::WeekdayParen,
            format!(r"\b(?:{weekdays}),?\s*\(\s*(?:{DAY}\s+{mon}(?:\s+{YEAR})?|{numeric})\s*\)"),
            true,
        ),
        (Form::Calendar, format!(r"\b(?:(?:{weekdays}),?\s+)?{DAY}\s+{mon},?\s+{YEAR}\b"), true),
        (Form::Calendar, format!(r"\b(?:(?:{weekdays}),?\s+)?{mon}\s+{DAY},?\s+{YEAR}\b"), true),
        (Form::Calendar, format!(r"\b(?:(?:{weekdays}),?\s+)?{DAY}\s+(?:{months})\b"), true),
        (Form::Calendar, format!(r"\b(?:{months})\s+{DAY}\b"), true),
        (Form::Calendar, format!(r"\b(?:{months})\s+{YEAR}\b"), true),
        (Form::Calendar, r"\b\d{4}-[01]\d-[0-3]\d\b".to_string(), true),
        (Form::ParenNumeric, format!(r"\({numeric}\)"), true),
        (
            Form::Relative,
            format!(r"(?i)\b(?:end|beginning|start|middle) of (?:(?:the|this|next|last) )?(?:year|month|{YEAR})\b"),
            false,
        ),
        (Form::Relative, format!(r"(?i)\b(?:early|mid|late)[- ]{YEAR}\b"), true),
        (Form::Relative, format!(r"(?i)\b(?:{rel_en})\s+(?:{units_en})\b"), false),
        (
            Form::Relative,
            format!(r"(?i)\b(?:akhir|awal|pertengahan)\s+(?:tahun|bulan)(?:\s+(?:{rel_id}|{YEAR}))?\b"),
            false,
        ),
        (Form::Relative, format!(r"(?i)\b(?:{units_id})\s+(?:{rel_id})\b"), false),
        (Form::Duration, format!(r"(?i)\b(?:{num_en}|\d+(?:[.,]\d+)?)(?:-|\s+)(?:{units_en})\b"), false),
        (Form::Duration, format!(r"(?i)\b(?:{num_id}|\d+(?:[.,]\d+)?)\s+(?:{units_id})\b"), false),
        (
            Form::Deictic,
            r"\b(?:yesterday|tomorrow|today|Yesterday|Tomorrow|Today|kemarin|besok|hari ini|Kemarin|Besok)\b"
                .to_string(),
            false,
        ),
        (
            Form::Weekday,
            format!(r"\b(?:{lone_weekdays})(?:\s+(?:night|morning|afternoon|evening|malam|pagi|siang|sore))?\b"),
            false,
        ),
        (
            Form::Year,
            format!(
                r"\b(?:in|In|since|Since|by|until|from|before|after|during|pada|Pada|sejak|Sejak|hingga|sampai|tahun|Tahun)\s+{YEAR}\b"
            ),
            true,
        ),
    ];
    // ASCII word boundaries: the expressions are bounded by ASCII characters, and Unicode boundaries would push
    // the regex engine off its fast path on any non-ASCII text.
    specs
        .into_iter()
        .filter_map(|(form, src, needs_digit)| {
            Regex::new(&src.replace(r"\b", r"(?-u:\b)")).ok().map(|re| Pattern { form, re, needs_digit })
        })
        .collect()
});

static SLASHED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,2}/\d{1,2}(?:/\d+)?").expect("valid regex"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").expect("valid regex"));

/// All date expressions of `text`, non-overlapping (longest first), in text order.
pub fn find_dates(text: &str, anchor: Option<Date>) -> Vec<DateSpan> {
    let mut found: Vec<(usize, usize, Form)> = Vec::new();
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    for p in PATTERNS.iter().filter(|p| has_digit || !p.needs_digit) {
        // Plain searches (no capture groups) keep the regex engine on its fast path; the two forms whose mention
        // is part of the match are cut to it here.
        for m in p.re.find_iter(text) {
            let (s, e) = match p.form {
                Form::ParenNumeric => (m.start() + 1, m.end() - 1),
                Form::Year => (m.end() - 4, m.end()),
                _ => (m.start(), m.end()),
            };
            found.push((s, e, p.form));
        }
    }
    found.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut set = super::SpanSet::default();
    let mut taken: Vec<(usize, usize, Form)> = Vec::new();
    for f in found {
        if set.insert(f.0, f.1) {
            taken.push(f);
        }
    }
    taken.sort_by_key(|t| t.0);
    taken
        .into_iter()
        .map(|(s, e, form)| DateSpan { start: s, end: e, value: resolve(&text[s..e], form, anchor) })
        .collect()
}

fn anchor_date(anchor: Option<Date>) -> Option<NaiveDate> {
    anchor.and_then(|a| NaiveDate::from_ymd_opt(a.year, a.month, a.day))
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Parts of a calendar expression: day, month, year, each when present.
fn calendar_parts(s: &str) -> (Option<u32>, Option<u32>, Option<i32>) {
    let mut day = None;
    let mut month = None;
    let mut year = None;
    if let Some((y, rest)) = s.split_once('-') {
        if y.len() == 4 {
            let mut it = rest.split('-');
            return (
                it.nth(1).and_then(|d| d.parse().ok()),
                rest.split('-').next().and_then(|m| m.parse().ok()),
                y.parse().ok(),
            );
        }
    }
    if let Some(m) = SLASHED.find(s) {
        let nums: Vec<&str> = m.as_str().split('/').collect();
        day = nums.first().and_then(|d| d.trim().parse().ok());
        month = nums.get(1).and_then(|m| m.trim().parse().ok());
        year = nums.get(2).and_then(|y| y.trim().parse::<i32>().ok()).map(|y| if y < 100 { 2000 + y } else { y });
        return (day, month, year);
    }
    for w in s.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').filter(|w| !w.is_empty()) {
        if let Some(m) = CALENDAR.month(w) {
            month = Some(m);
        } else if let Some(n) = NUMBER.find(w) {
            let digits = n.as_str();
            if digits.len() == 4 {
                year = digits.parse().ok();
            } else if let Ok(d) = digits.parse() {
                day = Some(d);
            }
        }
    }
    (day, month, year)
}

fn resolve(s: &str, form: Form, anchor: Option<Date>) -> Option<String> {
    let a = anchor_date(anchor);
    match form {
        Form::Calendar | Form::WeekdayParen | Form::ParenNumeric => {
            let (day, month, year) = calendar_parts(s);
            let year = year.or(a.map(|a| a.year()));
            match (day, month, year) {
                (Some(d), Some(m), Some(y)) => NaiveDate::from_ymd_opt(y, m, d).map(iso),
                (None, Some(m), Some(y)) if (1..=12).contains(&m) => Some(format!("{y:04}-{m:02}")),
                _ => None,
            }
        }
        Form::Year => s.parse::<i32>().ok().map(|y| format!("{y:04}")),
        Form::Relative => resolve_relative(s, a),
        Form::Duration => resolve_duration(s),
        Form::Deictic => {
            let a = a?;
            let l = s.to_lowercase();
            let d = if l.contains("yesterday") || l.contains("kemarin") {
                a - Duration::days(1)
            } else if l.contains("tomorrow") || l.contains("besok") {
                a + Duration::days(1)
            } else {
                a
            };
            Some(iso(d))
        }
        Form::Weekday => {
            let a = a?;
            let name = s.split_whitespace().next()?;
            let wd = CALENDAR.weekday(name)?;
            let back = (a.weekday().number_from_monday() + 7 - wd) % 7;
            Some(iso(a - Duration::days(back as i64)))
        }
    }
}

fn resolve_relative(s: &str, a: Option<NaiveDate>) -> Option<String> {
    let l = s.to_lowercase();
    if let Some(y) = NUMBER.find_iter(&l).map(|m| m.as_str()).find(|m| m.len() == 4) {
        return Some(y.to_string());
    }
    let a = a?;
    let offset = TEMPORAL
        .iter()
        .filter(|r| r.get(1).map(String::as_str) == Some("relative"))
        .find(|r| l.split_whitespace().any(|w| w == r[0]))
        .and_then(|r| r.get(2)?.parse::<i32>().ok())
        .unwrap_or(0);
    let unit = TEMPORAL
        .iter()
        .filter(|r| r.get(1).map(String::as_str) == Some("unit"))
        .find(|r| l.split_whitespace().any(|w| w == r[0]))
        .and_then(|r| r.get(2).cloned())?;
    match unit.as_str() {
        "Y" => Some(format!("{:04}", a.year() + offset)),
        "M" => {
            let months = a.year() * 12 + a.month0() as i32 + offset;
            Some(format!("{:04}-{:02}", months.div_euclid(12), months.rem_euclid(12) + 1))
        }
        _ => None,
    }
}

fn resolve_duration(s: &str) -> Option<String> {
    let l = s.to_lowercase();
    let mut parts = l.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty());
    let count = parts.next()?;
    let unit_word = parts.next_back()?;
    let n: f64 = match count.replace(',', ".").parse() {
        Ok(n) => n,
        Err(_) => TEMPORAL
            .iter()
            .find(|r| r.get(1).map(String::as_str) == Some("number") && r[0] == count)
            .and_then(|r| r.get(2)?.parse().ok())?,
    };
    let unit = TEMPORAL
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some("unit") && r[0] == unit_word)
        .and_then(|r| r.get(2).cloned())?;
    let (mult, letter) = match unit.as_str() {
        "10Y" => (10.0, 'Y'),
        "3M" => (3.0, 'M'),
        u => (1.0, u.chars().next()?),
    };
    let total = n * mult;
    if total.fract() == 0.0 {
        Some(format!("P{}{letter}", total as i64))
    } else {
        Some(format!("P{total}{letter}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, anchor: Option<Date>) -> Vec<(String, Option<String>)> {
        find_dates(text, anchor).into_iter().map(|d| (text[d.start..d.end].to_string(), d.value)).collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn absolute_dates_in_both_languages() {
        let a = Date::new(2024, 8, 7);
        assert_eq!(dates("Signed on 7 August 2024 in Hue.", a), vec![("7 August 2024".into(), s("2024-08-07"))]);
        assert_eq!(dates("Posted August 7, 2024 - 10:00", a), vec![("August 7, 2024".into(), s("2024-08-07"))]);
        assert_eq!(dates("Ditandatangani Kamis (8/8/2024).", a), vec![("Kamis (8/8/2024)".into(), s("2024-08-08"))]);
        assert_eq!(dates("Rapat pada 17 Agustus 2024.", a), vec![("17 Agustus 2024".into(), s("2024-08-17"))]);
        assert_eq!(dates("The talks end in October 2025.", a), vec![("October 2025".into(), s("2025-10"))]);
    }

    #[test]
    fn anchored_dates() {
        let a = Date::new(2024, 8, 7); // a Wednesday
        assert_eq!(dates("met on Monday (5 August)", a), vec![("Monday (5 August)".into(), s("2024-08-05"))]);
        assert_eq!(dates("in Hue (6/8).", a), vec![("6/8".into(), s("2024-08-06"))]);
        assert_eq!(dates("said on Monday", a), vec![("Monday".into(), s("2024-08-05"))]);
        assert_eq!(dates("Next year marks", a), vec![("Next year".into(), s("2025"))]);
        assert_eq!(dates("mulai tahun depan", a), vec![("tahun depan".into(), s("2025"))]);
        assert_eq!(dates("by the end of 2026", a), vec![("end of 2026".into(), s("2026"))]);
    }

    #[test]
    fn durations_and_years() {
        assert_eq!(dates("valid for five years", None), vec![("five years".into(), s("P5Y"))]);
        assert_eq!(dates("selama tiga bulan", None), vec![("tiga bulan".into(), s("P3M"))]);
        assert_eq!(dates("founded in 1998 by", None), vec![("1998".into(), s("1998"))]);
    }

    #[test]
    fn non_dates_are_left_alone() {
        assert!(dates("May we go? Two countries and 5,000 officials at 3.5 percent.", None).is_empty());
        assert!(dates("Minggu ini", None).iter().all(|(t, _)| t == "Minggu ini"));
    }
}
