//! The dateline that opens a story: `JAKARTA -`, `Jakarta, INTI –`, `JAKARTA (ANTARA) -`,
//! `REPUBLIKA.CO.ID, JAKARTA --`, `East Sumba, 19 March 2031 Indonesia and ...`, and the reporter credit some
//! outlets print before it (`Laporan Wartawan Example.com, Jane Doe EXAMPLE.COM, JAKARTA -`).

use super::dates::find_date_or_day;
use super::lexicon::{domain_prefix_len, fold, has_outlet_word, is_domain, is_month, is_weekday, MONTHS, OUTLETS};
use super::names::{self, after_cue, all_caps, person_name};
use crate::model::Date;

/// What a dateline says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Dateline {
    pub place: Option<String>,
    pub outlet: Option<String>,
    /// The date, when the dateline gives one with a year.
    pub date: Option<Date>,
    /// The reporter credited before the dateline.
    pub author: Option<String>,
}

/// A dateline head is at most this many words.
const MAX_HEAD_WORDS: usize = 10;

/// Words that open a sentence and so cannot be a one-word place before a dash.
const SENTENCE_OPENERS: [&str; 16] = [
    "meanwhile",
    "however",
    "but",
    "and",
    "also",
    "then",
    "still",
    "today",
    "yesterday",
    "sementara",
    "namun",
    "kemudian",
    "selain",
    "adapun",
    "sedangkan",
    "the",
];

/// Lower-case words allowed inside a place name (`Bandar Seri Begawan`, `Port of Spain`, `Rio de Janeiro`).
const PLACE_PARTICLES: [&str; 8] = ["de", "da", "di", "of", "el", "al", "la", "upon"];

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2012}' | '\u{2212}')
}

/// The head before the first dateline dash (`JAKARTA -`, `Jakarta, INTI –`, `KOMPAS.com--`), and the text after it.
/// A hyphen counts only with a space or a bracket next to it (`Sino-Indonesian` has none).
fn split_at_dash(s: &str) -> Option<(&str, &str)> {
    let mut prev: Option<char> = None;
    let mut words = 0usize;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() && prev.is_some_and(|p| !p.is_whitespace()) {
            words += 1;
            if words > MAX_HEAD_WORDS {
                return None;
            }
        }
        if is_dash(c) {
            let next = iter.peek().map(|&(_, n)| n);
            let spaced = prev.is_none_or(|p| p.is_whitespace() || p == ')' || p == ',')
                || next.is_some_and(|n| n.is_whitespace() || is_dash(n));
            if c != '-' || spaced {
                let head = s.get(..i)?;
                let mut j = i + c.len_utf8();
                while let Some(&(k, n)) = iter.peek() {
                    if is_dash(n) || n.is_whitespace() {
                        iter.next();
                        j = k + n.len_utf8();
                    } else {
                        break;
                    }
                }
                return Some((head, s.get(j..)?));
            }
        }
        if matches!(c, '.' | '!' | '?' | '"' | '\u{201c}') && !prev.is_some_and(char::is_alphanumeric) {
            return None;
        }
        prev = Some(c);
    }
    None
}

/// Whether `s` is written like a place name: 1–4 capitalised words (particles allowed inside), letters only.
fn place_like(s: &str) -> bool {
    // Five words are enough to refuse a sentence.
    let words: Vec<&str> = s.split_whitespace().take(5).collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    words.first().is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.iter().all(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphabetic());
            w.chars().all(|c| c.is_alphabetic() || ".'-\u{2019}".contains(c))
                && !bare.is_empty()
                && (w.starts_with(char::is_uppercase) || PLACE_PARTICLES.contains(&bare))
                && !is_weekday(bare)
                && !is_month(bare)
        })
}

/// Whether `s` is a date, on its own or with a weekday: `19 March 2031`, `April 2`, `Rabu (19/3/2031)`, `19/3`.
fn date_part(s: &str) -> Option<Option<Date>> {
    let m = find_date_or_day(s)?;
    let rest = format!("{} {}", s.get(..m.start)?, s.get(m.end..)?);
    let rest_ok =
        rest.split(|c: char| c.is_whitespace() || "(),.".contains(c)).filter(|w| !w.is_empty()).all(is_weekday);
    rest_ok.then_some(m.date)
}

/// The role of one comma-separated part of a dateline head.
enum Part {
    Place(String),
    Outlet(String),
    Date(Option<Date>),
}

fn classify_part(part: &str, in_parentheses: bool) -> Option<Part> {
    let part = part.trim();
    if let Some(d) = date_part(part) {
        return Some(Part::Date(d));
    }
    if part.split_whitespace().all(is_weekday) {
        return Some(Part::Date(None));
    }
    if is_domain(part) || OUTLETS.contains(&fold(part)) {
        return Some(Part::Outlet(part.to_string()));
    }
    if in_parentheses {
        let words = part.split_whitespace().count();
        return (1..=3).contains(&words).then(|| Part::Outlet(part.to_string()));
    }
    place_like(part).then(|| Part::Place(part.to_string()))
}

/// Read a dateline head (`Jakarta, INTI`, `JAKARTA (ANTARA)`, `KUALA LUMPUR, April 2`). `bare` heads (no comma,
/// bracket or date) must look more surely like a place.
fn read_head(head: &str) -> Option<Dateline> {
    let head = head.trim().trim_end_matches(',').trim();
    if head.is_empty() {
        return None;
    }
    // Parts: comma-separated pieces, with bracketed pieces apart.
    let mut parts: Vec<(String, bool)> = Vec::new();
    for piece in head.split(',') {
        let mut rest = piece;
        while let Some(open) = rest.find('(') {
            let close = rest.get(open..)?.find(')')? + open;
            parts.push((rest.get(..open)?.to_string(), false));
            parts.push((rest.get(open + 1..close)?.to_string(), true));
            rest = rest.get(close + 1..)?;
        }
        parts.push((rest.to_string(), false));
    }
    let bare = parts.iter().filter(|(p, _)| !p.trim().is_empty()).count() == 1 && !head.contains(',');
    let mut out = Dateline::default();
    let mut first_place_caps = false;
    for (text, paren) in &parts {
        if text.trim().is_empty() {
            continue;
        }
        match classify_part(text, *paren)? {
            Part::Date(d) => out.date = out.date.or(d),
            Part::Outlet(o) => out.outlet = out.outlet.or(Some(o)),
            Part::Place(p) => {
                if out.place.is_none() {
                    first_place_caps = all_caps(&p);
                    out.place = Some(p);
                } else if out.outlet.is_none()
                    && ((!p.contains(' ') && all_caps(&p) && !first_place_caps) || has_outlet_word(&p))
                {
                    // `Jakarta, INTI –`: a one-word name in capitals after a place is the outlet.
                    out.outlet = Some(p);
                }
            }
        }
    }
    if bare {
        let place = out.place.as_deref().unwrap_or("");
        let first = place.split_whitespace().next().unwrap_or("").to_lowercase();
        let sure =
            all_caps(place) || (place.split_whitespace().count() <= 3 && !SENTENCE_OPENERS.contains(&first.as_str()));
        if out.outlet.is_none() && (!sure || is_rubric(place)) {
            return None;
        }
    }
    (out.place.is_some() || out.outlet.is_some()).then_some(out)
}

/// A one-word head that is a common word and no place (`SOCCER -`, `Update -`, `EKONOMI -`): a section or a
/// wire's label over a headline, not where the story was filed.
fn is_rubric(head: &str) -> bool {
    !head.contains(char::is_whitespace) && crate::ner::is_common_word(head) && !names::names_place(head)
}

/// Whether story text may start with `s`'s first character.
fn story_starts(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'\u{201c}\u{2018}(".contains(c))
}

/// `East Sumba, 19 March 2031 Indonesia and ...`, `JAKARTA, EXAMPLE.com Menteri ...`, `EXAMPLE.com Menteri ...`:
/// datelines whose dash was never printed or was lost.
fn read_without_dash(s: &str) -> Option<Dateline> {
    if let Some(len) = domain_prefix_len(s) {
        let rest = s.get(len..)?.trim_start();
        if story_starts(rest) {
            return Some(Dateline { outlet: Some(s.get(..len)?.to_string()), ..Dateline::default() });
        }
    }
    let (place, rest) = s.split_once(',')?;
    let first = place.split_whitespace().next().unwrap_or("").to_lowercase();
    if !place_like(place) || SENTENCE_OPENERS.contains(&first.as_str()) {
        return None;
    }
    let rest = rest.trim_start();
    if let Some(len) = domain_prefix_len(rest) {
        let after = rest.get(len..)?.trim_start();
        if story_starts(after) {
            return Some(Dateline {
                place: Some(place.trim().to_string()),
                outlet: Some(rest.get(..len)?.to_string()),
                ..Dateline::default()
            });
        }
    }
    // A date right after the comma (a weekday may come first), then the story.
    if !date_may_lead(rest) {
        return None;
    }
    let m = find_date_or_day(rest)?;
    let lead = rest.get(..m.start)?;
    if !lead.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).all(is_weekday) {
        return None;
    }
    let after = rest.get(m.end..)?;
    let after_trim = after.trim_start_matches([')', ',']).trim_start();
    if !after.starts_with(char::is_whitespace) && !after.starts_with([')', ',']) || !story_starts(after_trim) {
        return None;
    }
    Some(Dateline { place: Some(place.trim().to_string()), date: m.date, ..Dateline::default() })
}

/// Whether a date may start among the leading weekdays of `s` or at its first other word, as a date right after
/// a dateline's comma must. Most story openings fail this at their first word, which spares a search of the whole
/// paragraph for dates (several regexes) whose result could not be used.
fn date_may_lead(s: &str) -> bool {
    // The end of the first word (split at whitespace and commas) that is not a weekday.
    let mut limit = s.len();
    let mut word_start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_whitespace() || c == ',' {
            if let Some(start) = word_start.take() {
                if !s.get(start..i).is_some_and(is_weekday) {
                    limit = i;
                    break;
                }
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    let Some(lead) = s.get(..limit) else { return true };
    // Every date pattern starts with a digit or a month name; text other than ASCII is left to the patterns.
    if !lead.is_ascii() || lead.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    let lower = lead.to_ascii_lowercase();
    MONTHS.keys().any(|m| lower.contains(m.as_str()))
}

/// A reporter credit before the dateline: `Laporan Wartawan Example.com, Jane Doe` or
/// `Laporan Koresponden Example.com, Jane Doe dari Tokyo`. Returns the name and the text after the credit.
fn reporter_credit(s: &str) -> Option<(Option<String>, &str)> {
    let (rest, _) = after_cue(s)?;
    // An outlet's address may come first: `Example.com, Jane Doe`.
    let mut rest = rest;
    if let Some(len) = domain_prefix_len(rest) {
        rest = rest.get(len..)?.trim_start_matches(',').trim_start();
    }
    // The name: capitalised words up to an outlet address, a word in capitals, or `dari` (from).
    let mut name_end = 0usize;
    let mut offset = 0usize;
    let mut after_name = rest;
    for word in rest.split_inclusive(char::is_whitespace) {
        let w = word.trim();
        let is_stop = w.eq_ignore_ascii_case("dari")
            || w.eq_ignore_ascii_case("from")
            || domain_prefix_len(w).is_some()
            || all_caps(w.trim_end_matches(',')) && w.len() > 2;
        if is_stop || !w.starts_with(char::is_uppercase) {
            after_name = rest.get(offset..)?;
            break;
        }
        offset += word.len();
        name_end = offset;
        after_name = rest.get(offset..)?;
    }
    let name = person_name(rest.get(..name_end)?.trim().trim_end_matches(','), 1);
    let mut after = after_name.trim_start();
    // `dari Tokyo`: where the report came from.
    for from in ["dari ", "from "] {
        if after.get(..from.len()).is_some_and(|p| p.eq_ignore_ascii_case(from)) {
            let tail = after.get(from.len()..)?;
            let place_end = tail.find(|c: char| c.is_whitespace()).unwrap_or(tail.len());
            after = tail.get(place_end..)?.trim_start();
        }
    }
    Some((name, after))
}

/// Read the dateline at the start of a story paragraph.
pub(crate) fn parse(paragraph: &str) -> Option<Dateline> {
    let s = paragraph.trim_start();
    if let Some((author, rest)) = reporter_credit(s) {
        if let Some(mut d) = parse_plain(rest) {
            d.author = author;
            return Some(d);
        }
    }
    parse_plain(s)
}

fn parse_plain(s: &str) -> Option<Dateline> {
    if let Some((head, rest)) = split_at_dash(s) {
        if story_starts(rest) {
            if let Some(d) = read_head(head) {
                return Some(d);
            }
        }
    }
    read_without_dash(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> (Option<String>, Option<String>, Option<String>, Option<String>) {
        let d = parse(s).unwrap_or_default();
        (d.place, d.outlet, d.date.map(|d| d.to_string()), d.author)
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn dash_datelines() {
        assert_eq!(read("JAKARTA - Pemerintah menyepakati kerja sama."), (some("JAKARTA"), None, None, None));
        assert_eq!(
            read("Surabaya, NUSA \u{2013} The ministry signed a pact."),
            (some("Surabaya"), some("NUSA"), None, None)
        );
        assert_eq!(read("Jakarta, \u{2013} The partnership is vital."), (some("Jakarta"), None, None, None));
        assert_eq!(read("MEDAN (Reuters) - Officials said on Monday."), (some("MEDAN"), some("Reuters"), None, None));
        assert_eq!(
            read("EXAMPLE.CO.ID, BANDUNG -- Maskapai itu membantah."),
            (some("BANDUNG"), some("EXAMPLE.CO.ID"), None, None)
        );
        assert_eq!(read("BANDUNG, EXAMPLE.com - Menteri berkata."), (some("BANDUNG"), some("EXAMPLE.com"), None, None));
        assert_eq!(read("Example.co.id - Lembaga itu sepakat."), (None, some("Example.co.id"), None, None));
        assert_eq!(
            read("Palembang, Kamis (12/10/2023) - Gubernur meresmikan jembatan."),
            (some("Palembang"), None, some("2023-10-12"), None)
        );
        assert_eq!(read("KUALA LUMPUR, April 2 - Malaysia said."), (some("KUALA LUMPUR"), None, None, None));
        // Malay months: "Mac" (March), "Ogos" (August), "Disember".
        assert_eq!(read("KUALA LUMPUR, 12 Mac -- Kerajaan berkata."), (some("KUALA LUMPUR"), None, None, None));
        assert_eq!(
            read("IPOH, 3 Ogos (Berita Kilat) -- Menteri berkata."),
            (some("IPOH"), some("Berita Kilat"), None, None)
        );
        assert_eq!(
            read("Seremban, Khamis (9 Disember 2032) - Menteri berkata."),
            (some("Seremban"), None, some("2032-12-09"), None)
        );
        assert_eq!(read("Jakarta, Nusa Times - Menteri berkata."), (some("Jakarta"), some("Nusa Times"), None, None));
        assert_eq!(read("Ubud, Bali - The festival opened."), (some("Ubud"), None, None, None));
        assert_eq!(
            read("BEIJING, May 10 (Xinhua) -- China said on Monday."),
            (some("BEIJING"), some("Xinhua"), None, None)
        );
    }

    /// A common word over a headline is a section's or a wire's label, in capitals or not; a place named like a
    /// common word still opens a dateline.
    #[test]
    fn rubrics_are_not_datelines() {
        assert_eq!(read("SOCCER - Rovers held at home by Athletic ."), (None, None, None, None));
        assert_eq!(read("Tennis - Seeded players advance in Queensport."), (None, None, None, None));
        assert_eq!(read("EKONOMI - Harga beras naik lagi."), (None, None, None, None));
        assert_eq!(read("READING - The council approved the plan."), (some("READING"), None, None, None));
        assert_eq!(read("BATU - Wali kota meresmikan pasar."), (some("BATU"), None, None, None));
    }

    #[test]
    fn datelines_without_dash() {
        assert_eq!(
            read("East Sumba, 3 June 2022 The two regencies agreed on a plan."),
            (some("East Sumba"), None, some("2022-06-03"), None)
        );
        assert_eq!(read("BANDUNG, EXAMPLE.com Menteri berkata."), (some("BANDUNG"), some("EXAMPLE.com"), None, None));
        assert_eq!(read("BANDUNG, EXAMPLE.comMenteri berkata."), (some("BANDUNG"), some("EXAMPLE.com"), None, None));
    }

    #[test]
    fn reporter_credits() {
        assert_eq!(
            read("Laporan Wartawan Example.com, Dewi Lestari EXAMPLE.COM, MEDAN - Nelayan itu ditangkap."),
            (some("MEDAN"), some("EXAMPLE.COM"), None, some("Dewi Lestari"))
        );
        assert_eq!(
            read("Laporan Koresponden Example.com, Budi Hartono dari Seoul EXAMPLE.COM, SEOUL - Menteri bertemu."),
            (some("SEOUL"), some("EXAMPLE.COM"), None, some("Budi Hartono"))
        );
    }

    #[test]
    fn story_openings_are_not_datelines() {
        assert!(parse("Norway - the region's third largest gas producer - sells gas.").is_none());
        assert!(parse("Meanwhile - as talks went on - prices rose.").is_none());
        assert!(parse("The minister said the Sino-Indonesian pact - signed today - was vital.").is_none());
        assert!(parse("China and Indonesia have signed a memorandum of understanding.").is_none());
        assert!(parse("Meanwhile, IT expert Budi said it was no problem.").is_none());
    }
}
