//! Reading the header lines of an article: bylines, outlet names, date lines.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::dates::{blank_times, find_date};
use super::lexicon::{
    fold, has_outlet_word, is_domain, is_known_outlet, is_month, is_weekday, BYLINE_CUES, NOT_NAMES, OUTLETS,
};
use crate::model::Date;

/// Words around a date on a date line (lower case).
static DATE_LABELS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    crate::tsv::entries(include_str!("../../data/layout/date_labels.txt")).map(str::to_lowercase).collect()
});

/// Lower-case words allowed inside a person's name or a place name.
const NAME_PARTICLES: [&str; 16] =
    ["bin", "binti", "van", "von", "der", "den", "de", "da", "di", "dos", "du", "la", "le", "al", "el", "ter"];

/// Characters trimmed from the ends of a name.
fn is_edge_punct(c: char) -> bool {
    !c.is_alphanumeric() && c != '.' && c != ')' && c != '\''
}

/// The author and outlet a byline names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Byline {
    pub author: Option<String>,
    pub outlet: Option<String>,
}

/// Whether a word is capitalised the way a name's word is (`Jane`, `O'Neil`, `McDonald`, `G.`, `ANTARA`).
fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a token is written in capitals (`INTI`, `EKSPOS`, `AP`), with at least two letters.
pub(crate) fn all_caps(token: &str) -> bool {
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// `s` as a person's name, as printed: 1–5 capitalised words (lower-case particles allowed inside), no digits,
/// no words of organisations, dates or byline roles. `min_words` is 2 when nothing else says it is a name.
pub(crate) fn person_name(s: &str, min_words: usize) -> Option<String> {
    let s = s.trim_matches(is_edge_punct).trim();
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < min_words || words.len() > 5 {
        return None;
    }
    let first_last_ok = words.first().is_some_and(|w| capitalised(w)) && words.last().is_some_and(|w| capitalised(w));
    let ok = first_last_ok
        && words.iter().all(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            let lower = bare.to_lowercase();
            !bare.is_empty()
                && w.chars().all(|c| c.is_alphabetic() || ".'-\u{2019}".contains(c))
                && (capitalised(w) || NAME_PARTICLES.contains(&lower.as_str()))
                && !NOT_NAMES.contains(&lower)
                && !is_weekday(bare)
                && !is_month(bare)
                && !is_domain(w)
        })
        && !has_outlet_word(s)
        && !OUTLETS.contains(&fold(s))
        // A name in capitals is rare; a single capitalised acronym is an outlet (`ANTARA`).
        && !(words.len() == 1 && all_caps(s));
    ok.then(|| s.to_string())
}

/// Whether `s` is the name of a country or of a prominent place (`MADRID`, `NEW YORK`): in capitals above a story,
/// a dateline rather than a publisher.
pub(crate) fn names_place(s: &str) -> bool {
    use crate::gazetteer::{country_code, is_prominent_place_any_case};
    // The lists are looked up in capitals as written (`US`), and lowercased for longer names (`MADRID`).
    country_code(s).is_some() || country_code(&crate::text::lowercase(s)).is_some() || is_prominent_place_any_case(s)
}

/// `s` as an outlet's name: a web address, a known outlet, a name with a word of organisations, or a short name in
/// capitals (not a place's). 1–6 words, starting with a capital.
pub(crate) fn outlet_name(s: &str) -> Option<String> {
    let s = s.trim_matches(|c: char| is_edge_punct(c) || c == ')').trim();
    let words = s.split_whitespace().count();
    if words == 0 || words > 6 || !s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return None;
    }
    if s.ends_with('.') && !is_domain(s) {
        return None;
    }
    let caps = words <= 2 && s.split_whitespace().all(all_caps) && !names_place(s);
    (is_known_outlet(s) || has_outlet_word(s) || caps || s.split_whitespace().any(is_domain)).then(|| s.to_string())
}

/// The rest of `s` after a byline cue (`By`, `Oleh:`, `Reporter :`), when `s` starts with one, and whether a colon
/// followed the cue.
pub(crate) fn after_cue(s: &str) -> Option<(&str, bool)> {
    for cue in BYLINE_CUES.iter() {
        if !s.get(..cue.len()).is_some_and(|p| p.eq_ignore_ascii_case(cue)) {
            continue;
        }
        let rest = s.get(cue.len()..)?;
        // The cue is a whole word: `By Jane`, `Oleh: Budi`, not `Byron` or `Oleh-oleh`.
        if !rest.starts_with(|c: char| c.is_whitespace() || c == ':') {
            continue;
        }
        let rest = rest.trim_start();
        let colon = rest.starts_with(':');
        let rest = rest.trim_start_matches(':').trim_start();
        return Some((rest, colon));
    }
    None
}

/// Split `s` at the first outlet separator: ` - `, ` – `, ` | `, `, `, ` / `.
fn split_outlet(s: &str) -> (&str, Option<&str>) {
    for sep in [" | ", " - ", " \u{2013} ", " \u{2014} ", " / ", ", "] {
        if let Some((a, b)) = s.split_once(sep) {
            return (a.trim(), Some(b.trim()));
        }
    }
    (s.trim(), None)
}

/// The first person of a list of writers: `Jane Doe and John Roe` → `Jane Doe`.
fn first_writer(s: &str) -> &str {
    let mut end = s.len();
    for sep in [" and ", " dan ", " & ", " with ", "; "] {
        if let Some(i) = s.find(sep) {
            end = end.min(i);
        }
    }
    s.get(..end).unwrap_or(s)
}

/// A name without trailing role words: `Jane Doe Staff Writer` → `Jane Doe`.
fn without_roles(s: &str) -> &str {
    let mut end = s.trim_end().len();
    while let Some(head) = s.get(..end) {
        let Some((before, last)) = head.trim_end().rsplit_once(' ') else {
            break;
        };
        if !NOT_NAMES.contains(&last.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()) {
            break;
        }
        end = before.trim_end().len();
    }
    s.get(..end).unwrap_or(s)
}

/// Remove parenthesised asides: `Budi (Reporter)` → `Budi`.
fn without_parentheses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Read a byline: `By Jane Doe, Reuters`, `Oleh: Budi Santoso`, `Reporter: Budi | Editor: Ani`,
/// `Jane Doe - EXAMPLE.CO.ID`, `Jane Doe | Example Times`.
pub(crate) fn byline(line: &str) -> Option<Byline> {
    if line.split_whitespace().count() > 14 {
        return None;
    }
    if let Some((rest, colon)) = after_cue(line) {
        // `Reporter: Budi | Editor: Ani`: the writer's part only.
        let rest = rest.split(" | ").next().unwrap_or(rest);
        let rest = without_parentheses(rest);
        let (mut name, mut outlet) = split_outlet(&rest);
        // `Laporan Wartawan Example.com, Jane Doe`: the outlet may come first.
        if let Some(o) = outlet {
            if outlet_name(name).is_some() && person_name(o, 1).is_some() {
                (name, outlet) = (o, Some(name));
            }
        }
        let author = person_name(without_roles(first_writer(name)), 1);
        let outlet = outlet.and_then(outlet_name);
        // With no name read, it is still a byline when it is labelled (`Penulis:`) or reads like one (`By Staff
        // Writer`); `Laporan keuangan naik` is a headline.
        let looks_like_byline = colon || {
            let words: Vec<&str> = name.split_whitespace().collect();
            !words.is_empty() && words.len() <= 4 && words.iter().all(|w| capitalised(w))
        };
        if author.is_none() && outlet.is_none() && !looks_like_byline {
            return None;
        }
        return Some(Byline { author, outlet });
    }
    let (name, outlet) = split_outlet(line);
    let outlet = outlet.and_then(outlet_name)?;
    let author = person_name(first_writer(name), 2)?;
    Some(Byline { author: Some(author), outlet: Some(outlet) })
}

/// A header line that gives a date: the date and what else the line says (publisher, byline), with times,
/// weekday names and labels (`Published`, `Diperbarui`) taken out. `None` when the line is not about its date
/// (a headline that mentions one).
pub(crate) fn date_line(line: &str) -> Option<(Date, String)> {
    let m = find_date(line)?;
    let date = m.date?;
    let before = line.get(..m.start)?;
    let after = line.get(m.end..)?;
    let rest = blank_times(&format!("{before} {after}"));
    let kept: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
            !(bare.is_empty() || is_weekday(bare) || DATE_LABELS.contains(&bare.to_lowercase()))
        })
        .collect();
    let leftover = kept.join(" ");
    let leftover = leftover
        .replace("()", " ")
        .trim_matches(|c: char| c.is_whitespace() || "-\u{2013}\u{2014}|,/\u{2022}\u{b7}:()[]".contains(c))
        .to_string();
    let leftover = leftover.split_whitespace().collect::<Vec<_>>().join(" ");
    if leftover.is_empty()
        || after_cue(&leftover).is_some()
        || outlet_name(&leftover).is_some()
        || (leftover.split_whitespace().all(all_caps) && names_place(&leftover))
    {
        return Some((date, leftover));
    }
    // A name alone next to a date is the writer's.
    if person_name(&leftover, 2).is_some() {
        return Some((date, leftover));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persons() {
        assert_eq!(person_name("Jane Doe", 2).as_deref(), Some("Jane Doe"));
        assert_eq!(person_name("Muhammad bin Ali", 2).as_deref(), Some("Muhammad bin Ali"));
        assert_eq!(person_name("Rudy K. Wirawan", 2).as_deref(), Some("Rudy K. Wirawan"));
        assert_eq!(person_name("Staff Writer", 1), None);
        assert_eq!(person_name("Daily Herald", 2), None);
        assert_eq!(person_name("ANTARA", 1), None);
        assert_eq!(person_name("the minister", 1), None);
        assert_eq!(person_name("Rabu Pagi", 2), None);
    }

    #[test]
    fn outlets() {
        assert_eq!(outlet_name("Kementerian Perhubungan").as_deref(), Some("Kementerian Perhubungan"));
        assert_eq!(outlet_name("EXAMPLE.CO.ID").as_deref(), Some("EXAMPLE.CO.ID"));
        assert_eq!(outlet_name("The Daily Star").as_deref(), Some("The Daily Star"));
        assert_eq!(outlet_name("Jane Doe"), None);
    }

    #[test]
    fn bylines() {
        let b = byline("By Jane Doe, Reuters").unwrap();
        assert_eq!((b.author.as_deref(), b.outlet.as_deref()), (Some("Jane Doe"), Some("Reuters")));
        let b = byline("Oleh: Budi Santoso").unwrap();
        assert_eq!(b.author.as_deref(), Some("Budi Santoso"));
        let b = byline("Reporter : Rina | Editor : Ani Wijaya").unwrap();
        assert_eq!(b.author.as_deref(), Some("Rina"));
        let b = byline("Siti Rahma - EXAMPLE.CO.ID").unwrap();
        assert_eq!((b.author.as_deref(), b.outlet.as_deref()), (Some("Siti Rahma"), Some("EXAMPLE.CO.ID")));
        assert_eq!(byline("By Staff Writer").unwrap().author, None);
        assert_eq!(byline("By Jane Doe Staff Writer").unwrap().author.as_deref(), Some("Jane Doe"));
        let b = byline("Laporan Wartawan Example.com, Dewi Lestari").unwrap();
        assert_eq!((b.author.as_deref(), b.outlet.as_deref()), (Some("Dewi Lestari"), Some("Example.com")));
        assert!(byline("Byron Bay hosts festival").is_none());
        assert!(byline("Indonesia - Malaysia talks").is_none());
    }

    #[test]
    fn date_lines() {
        let (d, rest) = date_line("Kementerian Perhubungan 19 March 2031").unwrap();
        assert_eq!((d.to_string(), rest.as_str()), ("2031-03-19".to_string(), "Kementerian Perhubungan"));
        let (d, rest) = date_line("March 19, 2031 - 16:10").unwrap();
        assert_eq!((d.to_string(), rest.as_str()), ("2031-03-19".to_string(), ""));
        let (_, rest) = date_line("Diperbarui: Rabu, 19 Maret 2031 09.15 WIB").unwrap();
        assert_eq!(rest, "");
        let (_, rest) = date_line("By Jane Doe | 12 March 2024").unwrap();
        assert_eq!(rest, "By Jane Doe");
        assert!(date_line("Ministers to sign the pact on 19 March 2031 in Bali").is_none());
        let (_, rest) = date_line("Posted by admin on 19 March 2031").unwrap();
        assert_eq!(rest, "by admin");
    }
}
