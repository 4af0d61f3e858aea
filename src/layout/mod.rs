//! Article layout: headline, outlet, byline, publication date, dateline, paragraphs, boilerplate.
//!
//! The text is read as a page is: a header (masthead, section label, headline, byline, date line) above the story,
//! the story opening with its dateline, and page furniture (banners, link lines, share bars, comment forms,
//! footers, lists of other headlines) around it. Only the header and the dateline give metadata; dates inside the
//! story do not. Word lists are in `data/layout/`.

mod boilerplate;
mod dateline;
mod dates;
mod lexicon;
mod lines;
mod names;

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Date;
use boilerplate::LineKind;
use lines::Para;

pub use dates::{find_date, find_date_or_day, parse_date, DateMatch};

/// The parts of an article found by layout analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    pub dateline: Option<String>,
    /// The article with boilerplate removed (headline and byline lines kept as printed).
    pub text: String,
    /// Paragraphs as byte ranges of `text`.
    pub paragraphs: Vec<(usize, usize)>,
    /// Paragraphs of prose left out below a line that closes a story ("Related Articles", "Berita Terkait", a
    /// comment form): readers' comments, or the stories after the first where several were pasted into one text.
    pub prose_after_end: usize,
}

/// `Source: Example News`, `Sumber: Kantor Berita`: the publisher credited at the end.
static SOURCE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:source|sumber)\s*:\s*(.+?)\s*$").expect("static regex"));

/// Headlines are at most this many words.
const MAX_TITLE_WORDS: usize = 30;
/// Metadata at the end of an article is looked for in this many last paragraphs.
const TAIL_META_PARAS: usize = 6;

/// The number of words of `s`, or `limit` when it has more: the tests below need no more, and paragraphs are long.
fn word_count(s: &str, limit: usize) -> usize {
    s.split_whitespace().take(limit).count()
}

/// Whether `s` ends like a sentence (a period, possibly inside a closing quote), not like a headline.
fn ends_with_period(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')']);
    t.ends_with('.') && !t.ends_with("...")
}

/// Whether a paragraph is story prose rather than a header line (headline, byline, date line, label).
fn is_prose(p: &Para) -> bool {
    if p.heading > 0 {
        return false;
    }
    let words = word_count(&p.text, MAX_TITLE_WORDS);
    let t = p.text.trim_end();
    (words >= 8 && ends_with_period(t))
        || (words >= 15 && t.ends_with(['?', '!', '"', '\u{201d}']))
        || words >= MAX_TITLE_WORDS
        || (words >= 6 && dateline::parse(t).is_some())
}

/// Whether a header paragraph reads as a headline.
fn is_title_like(p: &Para) -> bool {
    let t = p.text.trim();
    let words = word_count(t, MAX_TITLE_WORDS + 1);
    let min = if p.heading > 0 { 2 } else { 3 };
    (min..=MAX_TITLE_WORDS).contains(&words)
        && !ends_with_period(t)
        && !t.ends_with([':', ',', ';'])
        && t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'\u{201c}\u{2018}".contains(c))
        && !t.contains("://")
        && !p.list_item
}

/// A one-line publisher name: a web address, a known outlet, or one word in capitals (`EKSPOS`).
fn lone_outlet(p: &Para) -> Option<String> {
    let t = p.text.trim();
    if word_count(t, 5) > 4 {
        return None;
    }
    let single_caps = !t.contains(' ')
        && names::all_caps(t)
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !names::names_place(t);
    (lexicon::is_known_outlet(t) || single_caps).then(|| t.to_string())
}

/// What the header above the story says.
#[derive(Default)]
struct Header {
    masthead: Option<String>,
    date_outlet: Option<String>,
    byline_outlet: Option<String>,
    author: Option<String>,
    published: Option<Date>,
    /// The place of a date line above the story (`MADRID 1997-03-14`).
    place: Option<String>,
    title: Option<String>,
    /// Header paragraphs that are section labels (dropped from the text).
    sections: Vec<bool>,
}

fn read_header(paras: &[Para], kinds: &[LineKind], story_start: usize) -> Header {
    let mut h = Header { sections: vec![false; paras.len()], ..Header::default() };
    let header: Vec<usize> = (0..story_start).filter(|&i| kinds[i] == LineKind::Keep).collect();
    let mut heading_title: Option<String> = None;
    let mut plain_titles: Vec<String> = Vec::new();
    // For each header paragraph, whether a sub-heading (`##`) comes after it.
    let mut sub_heading_after = vec![false; header.len()];
    for n in (0..header.len().saturating_sub(1)).rev() {
        sub_heading_after[n] = sub_heading_after[n + 1] || paras[header[n + 1]].heading >= 2;
    }
    for (n, &i) in header.iter().enumerate() {
        let p = &paras[i];
        let t = p.text.as_str();
        if boilerplate::is_section(t) {
            h.sections[i] = true;
            continue;
        }
        // A short top heading over a longer one, or in capitals, or an address: the masthead.
        let masthead_like =
            sub_heading_after[n] || t.split_whitespace().all(names::all_caps) || lexicon::is_known_outlet(t);
        if p.heading == 1 && word_count(t, 5) <= 4 && masthead_like {
            h.masthead.get_or_insert_with(|| t.to_string());
            continue;
        }
        if let Some((date, rest)) = names::date_line(t) {
            h.published.get_or_insert(date);
            if !rest.is_empty() {
                if let Some(b) = names::byline(&rest) {
                    if let Some(a) = b.author {
                        h.author.get_or_insert(a);
                    }
                    if let Some(o) = b.outlet {
                        h.byline_outlet.get_or_insert(o);
                    }
                } else if let Some(o) = names::outlet_name(&rest) {
                    h.date_outlet.get_or_insert(o);
                } else if names::names_place(&rest) {
                    h.place.get_or_insert(rest);
                } else if let Some(a) = names::person_name(&rest, 2) {
                    h.author.get_or_insert(a);
                }
            }
            continue;
        }
        if let Some(b) = names::byline(t) {
            if let Some(a) = b.author {
                h.author.get_or_insert(a);
            }
            if let Some(o) = b.outlet {
                h.byline_outlet.get_or_insert(o);
            }
            continue;
        }
        // A publisher's name stands above something: a text of one line names none. A short name that ends like a
        // newspaper's is one too right above the date line (`Valley Post` over `Published: ...`), or first, above
        // the headline.
        let header_para = |k: usize| header.get(k).map(|&j| &paras[j]);
        let masthead_place = || {
            word_count(t, 5) <= 4
                && !t.ends_with(['.', '!', '?'])
                && (header_para(n + 1).is_some_and(|q| names::date_line(q.text.trim()).is_some())
                    || (n == 0 && header_para(1).is_some_and(is_title_like)))
        };
        let masthead = || lexicon::ends_with_publisher_word(t) && masthead_place();
        let outlet = lone_outlet(p).or_else(|| names::outlet_name(t).filter(|_| masthead()));
        if let Some(o) = outlet.filter(|_| i + 1 < paras.len()) {
            if p.heading <= 1 && h.masthead.is_none() && heading_title.is_none() && plain_titles.is_empty() {
                h.masthead = Some(o);
            } else {
                h.byline_outlet.get_or_insert(o);
            }
            continue;
        }
        if is_title_like(p) {
            if p.heading > 0 {
                heading_title.get_or_insert_with(|| t.to_string());
            } else if plain_titles.len() < 2 {
                plain_titles.push(t.to_string());
            }
        }
    }
    // A short publisher's name above the headline (`The Valley Daily Post`) is the masthead.
    let mut plain = plain_titles.into_iter();
    let mut plain_title = plain.next();
    if let (Some(first), Some(second)) = (plain_title.as_deref(), plain.next()) {
        if word_count(first, 5) <= 4 && first != second && names::outlet_name(first).is_some() {
            h.masthead.get_or_insert_with(|| first.to_string());
            plain_title = Some(second);
        }
    }
    h.title = heading_title.or(plain_title);
    h
}

/// What the end of the story says: a `Source:` line, a byline, a sign-off (`REUTER`).
#[derive(Default)]
struct Footer {
    source: Option<String>,
    author: Option<String>,
    sign_off: Option<String>,
}

fn read_footer(paras: &[Para], kept: &[usize]) -> Footer {
    let mut f = Footer::default();
    let start = kept.len().saturating_sub(TAIL_META_PARAS);
    for (k, &i) in kept.iter().enumerate().skip(start) {
        let t = paras[i].text.trim();
        if word_count(t, 13) > 12 {
            continue;
        }
        if let Some(c) = SOURCE_LINE.captures(t) {
            let name = c.get(1).map_or("", |m| m.as_str());
            let name = name.split(" (http").next().unwrap_or(name).trim_end_matches(['.', ',', ';']).trim();
            let ok = (1..=10).contains(&word_count(name, 11)) && name.starts_with(|c: char| c.is_uppercase());
            if ok {
                f.source.get_or_insert_with(|| name.to_string());
            }
            continue;
        }
        // `(Reporting by Jane Doe; Editing by John Roe)`
        let credit = t.trim_start_matches('(').trim_end_matches(')');
        if names::after_cue(credit).is_some() {
            if let Some(a) = names::byline(credit).and_then(|b| b.author) {
                f.author.get_or_insert(a);
            }
            continue;
        }
        if k + 1 == kept.len() {
            let bare = t.trim_matches(|c: char| !c.is_alphanumeric());
            if lexicon::OUTLETS.contains(&lexicon::fold(bare)) {
                f.sign_off = Some(bare.to_string());
            }
        }
    }
    f
}

/// Paragraphs at the end that are a list of other stories' headlines: at least two short lines without final
/// punctuation after the story's last sentence. Returns how many to drop.
fn trailing_headlines(paras: &[Para], kept: &[usize], story_start: usize) -> usize {
    let mut n = 0;
    for &i in kept.iter().rev() {
        let p = &paras[i];
        let t = p.text.trim();
        let headline = i > story_start
            && !p.list_item
            && (3..=MAX_TITLE_WORDS).contains(&word_count(t, MAX_TITLE_WORDS + 1))
            && !t.ends_with(['.', '!', '?', '"', '\u{201d}', ')', ':'])
            && !SOURCE_LINE.is_match(t)
            && names::after_cue(t).is_none()
            // `Editor: Jane Doe`, `Foto: ...`: labelled credits, not headlines.
            && !t.split_whitespace().take(2).any(|w| w.ends_with(':'));
        if !headline {
            break;
        }
        n += 1;
    }
    if n >= 2 {
        n
    } else {
        0
    }
}

/// Analyse the layout of repaired article text.
pub fn layout(text: &str) -> Layout {
    let paras = lines::paragraphs(text);
    let kinds: Vec<LineKind> = paras.iter().map(|p| boilerplate::classify(&p.text)).collect();
    let n = paras.len();
    let story_start = (0..n).find(|&i| kinds[i] == LineKind::Keep && is_prose(&paras[i])).unwrap_or(n);
    let tail_cut = (story_start..n).find(|&i| kinds[i] == LineKind::Tail).unwrap_or(n);

    let header = read_header(&paras, &kinds, story_start);
    let mut kept: Vec<usize> = (0..tail_cut)
        .filter(|&i| kinds[i] == LineKind::Keep && !header.sections.get(i).copied().unwrap_or(false))
        .collect();
    let footer = read_footer(&paras, &kept);
    let trailing = trailing_headlines(&paras, &kept, story_start);
    kept.truncate(kept.len() - trailing);

    // The dateline opens the story; a standfirst may come before it.
    let dateline = kept
        .iter()
        .filter(|&&i| i >= story_start)
        .take(2)
        .find_map(|&i| dateline::parse(&paras[i].text))
        .unwrap_or_default();

    let mut out = Layout {
        prose_after_end: (tail_cut..n).filter(|&i| kinds[i] == LineKind::Keep && is_prose(&paras[i])).count(),
        title: header.title,
        outlet: header
            .masthead
            .or(header.date_outlet)
            .or(dateline.outlet)
            .or(footer.source)
            .or(header.byline_outlet)
            .or(footer.sign_off),
        author: header.author.or(dateline.author).or(footer.author),
        published: header.published.or(dateline.date),
        dateline: dateline.place.or(header.place),
        ..Layout::default()
    };
    // Room for every kept paragraph as it stands and the breaks between them, which cleaning only shortens: the
    // text is written once, not copied as it grows, and holds little spare room.
    out.text.reserve(kept.iter().map(|&i| paras[i].text.len() + 2).sum());
    for &i in &kept {
        let cleaned = boilerplate::strip_inline_links(&paras[i].text);
        let cleaned = cleaned.trim();
        if cleaned.is_empty() {
            continue;
        }
        if !out.text.is_empty() {
            out.text.push_str("\n\n");
        }
        let start = out.text.len();
        out.text.push_str(cleaned);
        out.paragraphs.push((start, out.text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_input() {
        assert_eq!(layout(""), Layout::default());
        assert_eq!(layout(" \n\n\t\n"), Layout::default());
    }

    /// A place in capitals with a date above the story is where it was filed, not its publisher; a name in
    /// capitals that is no place is still the outlet.
    #[test]
    fn a_place_and_a_date_above_the_story_are_a_dateline() {
        let story = "The two ministers signed the accord on Friday after talks that lasted a week.";
        let l = layout(&format!("Ministers sign accord\n\nMADRID 2031-03-14\n\n{story}"));
        assert_eq!((l.dateline.as_deref(), l.outlet), (Some("MADRID"), None));
        assert_eq!(l.published.map(|d| d.to_string()).as_deref(), Some("2031-03-14"));
        let l = layout(&format!("NEW YORK 2031-03-14\n\n{story}"));
        assert_eq!((l.dateline.as_deref(), l.outlet, l.author), (Some("NEW YORK"), None, None));
        let l = layout(&format!("NUSAPOS 14/3/2031\n\n{story}"));
        assert_eq!((l.dateline, l.outlet.as_deref()), (None, Some("NUSAPOS")));
        let l = layout(&format!("MADRID\n\n{story}"));
        assert_eq!(l.outlet, None);
        // A text of one line in capitals has no publisher above it.
        assert_eq!(layout("NUSAPOS").outlet, None);
        assert_eq!(layout(&format!("NUSAPOS\n\n{story}")).outlet.as_deref(), Some("NUSAPOS"));
    }

    #[test]
    fn paragraphs_index_the_text() {
        let l =
            layout("A Headline For The Test\n\nJAKARTA - The first paragraph of the story is here.\n\nThe second one.");
        assert_eq!(l.paragraphs.len(), 3);
        for &(s, e) in &l.paragraphs {
            assert!(l.text.get(s..e).is_some_and(|p| !p.is_empty() && !p.contains('\n')));
        }
        assert_eq!(l.title.as_deref(), Some("A Headline For The Test"));
        assert_eq!(l.dateline.as_deref(), Some("JAKARTA"));
    }

    #[test]
    fn prose_below_the_end_of_the_story_is_counted_as_it_is_dropped() {
        let story = "Ports Agree On Ferry Link\n\nMANILA - The two port authorities agreed on a new ferry link on \
                     Monday, officials said.\n\nThe service starts in June and will run twice a week.\n\n";
        let contact =
            "For more information, please contact:\n\nHead of Public Relations of the Port Authority \u{2013} \
                       Marta Sandoval (0812000000).\n\nRelated Articles\n\nFerry Fares To Fall\n\n";
        let second = "Second Story Headline\n\nHANOI - A second story, pasted below the first, tells of a \
                      trade fair that opened in the city.\n\nIts organisers expect thirty thousand visitors over \
                      the four days of the fair.\n";
        let one = layout(&format!("{story}{contact}"));
        assert_eq!(one.prose_after_end, 0);
        // The contact is kept, the line that announces it and the list of other stories are not.
        assert!(
            one.text.ends_with(
                "twice a week.\n\nHead of Public Relations of the Port Authority \u{2013} Marta Sandoval (0812000000)."
            ),
            "{}",
            one.text
        );
        let two = layout(&format!("{story}{contact}{second}"));
        assert_eq!(two.text, one.text);
        assert_eq!(two.prose_after_end, 2);
    }
}
