//! Titles and roles of people (`Minister of Foreign Affairs`, `Menteri Luar Negeri`, `IT expert`) found around a
//! person's mention, with the country the title names (`Indonesia’s Minister ...`, `... of Vietnam`, `Chinese ...`).

use std::sync::LazyLock;

use compact_str::CompactString;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::lexicon::rows;
use crate::model::Label;
use crate::text::{ascii_letters_before, ascii_run_end, char_at};

/// How a word may take part in a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleWord {
    Head,
    Modifier,
    Honorific,
}

/// The role words, and what most lookups need to miss them.
struct RoleWords {
    by_word: HashMap<String, RoleWord>,
    /// The first words of the two-word entries (`Tan` of `Tan Sri`), which are no role words alone: a handful, each
    /// once.
    pair_firsts: Vec<String>,
    /// The Indonesian ones, whose titles begin with their head (`Menteri Luar Negeri`).
    indonesian: HashSet<String>,
    /// By first byte, and by last byte: the lengths of the words that begin with it, that end with it (bit
    /// `len.min(31)`).
    by_first: [u32; 256],
    by_last: [u32; 256],
}

static ROLE_WORDS: LazyLock<RoleWords> = LazyLock::new(|| {
    let table = rows(include_str!("../../data/lexicon/roles.tsv"));
    let by_word: HashMap<String, RoleWord> = table
        .iter()
        .filter_map(|r| {
            let kind = match r.get(1)?.as_str() {
                "head" => RoleWord::Head,
                "modifier" => RoleWord::Modifier,
                "honorific" => RoleWord::Honorific,
                _ => return None,
            };
            Some((r.first()?.clone(), kind))
        })
        .collect();
    let (mut by_first, mut by_last) = ([0; 256], [0; 256]);
    for w in by_word.keys().map(String::as_bytes) {
        if let (Some(&first), Some(&last)) = (w.first(), w.last()) {
            by_first[usize::from(first)] |= length_bit(w.len());
            by_last[usize::from(last)] |= length_bit(w.len());
        }
    }
    let mut pair_firsts: Vec<String> = by_word.keys().filter_map(|w| Some(w.split_once(' ')?.0.to_string())).collect();
    pair_firsts.sort_unstable();
    pair_firsts.dedup();
    let indonesian =
        table.iter().filter(|r| r.get(2).is_some_and(|lang| lang == "id")).filter_map(|r| r.first().cloned()).collect();
    RoleWords { by_word, pair_firsts, indonesian, by_first, by_last }
});

/// The bit of a word's length in `RoleWords::by_first` and `by_last`.
fn length_bit(len: usize) -> u32 {
    1 << len.min(31)
}

/// The role a word may play, if any.
#[inline]
pub fn role_word(w: &str) -> Option<RoleWord> {
    let words = &*ROLE_WORDS;
    // Most words looked up (names, small words) miss here, without hashing: no role word begins with their first
    // byte, or ends with their last, and has their length.
    let bit = length_bit(w.len());
    match (w.as_bytes().first(), w.as_bytes().last()) {
        (Some(&first), Some(&last))
            if words.by_first[usize::from(first)] & bit == 0 || words.by_last[usize::from(last)] & bit == 0 =>
        {
            None
        }
        _ => role_word_held(words, w),
    }
}

/// The role of `w` in `words`.
#[inline(never)]
fn role_word_held(words: &RoleWords, w: &str) -> Option<RoleWord> {
    words.by_word.get(w).copied()
}

/// Words that join the parts of a title.
const JOINERS: [&str; 10] = ["of", "for", "and", "the", "with", "on", "&", "dan", "untuk", "bidang"];
/// Words that may open a title in apposition: "X, a veteran analyst".
const DETERMINERS: [&str; 6] = ["a", "an", "the", "A", "An", "The"];
/// Before a country, these keep it inside the title ("Coordinator for Cooperation with China").
const KEEPERS: [&str; 5] = ["with", "to", "dengan", "for", "untuk"];

/// A mention already accepted in the article (byte offsets), as the role finder needs it.
#[derive(Debug, Clone)]
pub struct Known {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub code: Option<CompactString>,
}

/// A person's title and the country it names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Role {
    pub title: String,
    pub country: Option<CompactString>,
    /// Byte ranges of organisation mentions inside the title's phrase, whose country may stand for the person's.
    pub orgs: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    /// Index into `known` when the token is (inside) a mention.
    mention: Option<usize>,
}

fn tokens<'a>(text: &'a str, from: usize, to: usize, known: &[Known]) -> Vec<Tok<'a>> {
    let slice = &text[from..to];
    // About one token in five bytes: one allocation for most regions.
    let mut out: Vec<Tok<'a>> = Vec::with_capacity(slice.len() / 4 + 1);
    // `known` is sorted by start and non-overlapping: the one mention that may cover a position is the last to start
    // at or before it, and positions only grow.
    let mut after = known.partition_point(|m| m.start <= from);
    let mut i = 0;
    while let Some((c, width)) = char_at(slice, i) {
        if c.is_whitespace() {
            i += width;
            continue;
        }
        let abs = from + i;
        while after < known.len() && known[after].start <= abs {
            after += 1;
        }
        let k = after.checked_sub(1).filter(|&k| abs < known[k].end);
        if let Some(k) = k {
            let end = known[k].end.min(to);
            out.push(Tok { start: abs, end, text: &text[abs..end], mention: Some(k) });
            i = end - from;
            // A possessive belongs to the mention before it: "Chile’s Minister".
            for poss in ["’s", "'s"] {
                if slice[i..].starts_with(poss) {
                    i += poss.len();
                }
            }
            continue;
        }
        let mut j = i;
        // Punctuation stands alone; a word runs to the next space or punctuation (keeping inner hyphens and dots).
        if c.is_alphanumeric() {
            // Runs of ASCII letters and digits by table, the rest (marks between them, other letters) by character.
            loop {
                j = ascii_run_end(slice.as_bytes(), j);
                let Some((d, width)) = char_at(slice, j) else { break };
                let inner = (d == '-' || d == '.' || d == '\'' || d == '’')
                    && char_at(slice, j + width).is_some_and(|(n, _)| n.is_alphanumeric());
                if !(d.is_alphanumeric() || inner) {
                    break;
                }
                j += width;
            }
            // An abbreviated title keeps its full stop: "Gen.", "Gov.".
            if slice.as_bytes().get(j) == Some(&b'.') && role_word(&slice[i..j + 1]).is_some() {
                j += 1;
            }
        } else {
            j += width;
        }
        out.push(Tok { start: abs, end: from + j, text: &slice[i..j], mention: None });
        i = j;
    }
    out
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_country(known: &[Known], t: &Tok<'_>) -> bool {
    t.mention.is_some_and(|k| matches!(known[k].label, Label::Country | Label::Norp))
}

/// A title, the country it names, and the organisations inside its phrase (byte ranges).
type Title = (String, Option<CompactString>, Vec<(usize, usize)>);

/// Cut a title's tokens at a country named "of X" or set beside it, and return the title and that country.
fn title_of(text: &str, toks: &[Tok<'_>], known: &[Known]) -> Option<Title> {
    let first =
        toks.iter().position(|t| t.mention.is_none() && role_word(t.text).is_some_and(|r| r != RoleWord::Honorific))?;
    let mut end = toks.len();
    let mut country = None;
    let mut orgs = Vec::new();
    for (i, t) in toks.iter().enumerate().skip(first) {
        if let Some(k) = t.mention {
            match known[k].label {
                Label::Country | Label::Norp => {
                    let before = i.checked_sub(1).map(|p| toks[p].text).unwrap_or("");
                    let before2 = i.checked_sub(2).map(|p| toks[p].text).unwrap_or("");
                    if KEEPERS.contains(&before) || KEEPERS.contains(&before2) && before == "the" {
                        continue;
                    }
                    country = known[k].code.clone();
                    end = i;
                    break;
                }
                Label::Org => {
                    orgs.push((known[k].start, known[k].end));
                    end = i;
                    break;
                }
                _ => {
                    end = i;
                    break;
                }
            }
        }
    }
    // Drop joiners left dangling before the cut ("... of the").
    while end > first && (JOINERS.contains(&toks[end - 1].text) || toks[end - 1].text == "(") {
        end -= 1;
    }
    if end <= first {
        return None;
    }
    if !toks[first..end].iter().any(|t| role_word(t.text) == Some(RoleWord::Head)) {
        return None;
    }
    let title = text[toks[first].start..toks[end - 1].end].trim().to_string();
    Some((title, country, orgs))
}

/// The country named before the title: a demonym or a possessive (`Chinese`, `Indonesia’s`), or that of a national
/// body of the gazetteer (`Kominfo spokesperson`).
fn country_before(toks: &[Tok<'_>], lead: usize, first_role: usize, known: &[Known]) -> Option<CompactString> {
    let body_country = |t: &Tok<'_>| {
        let k = t.mention?;
        let key = known[k].code.as_deref().filter(|_| known[k].label == Label::Org)?;
        crate::gazetteer::body_country(key)
    };
    // The nearest of either kind, as a country's code (which a demonym of no country lacks) or a body's country,
    // within three tokens of the title's start (`lead`: the words of its portfolio before its first role word).
    toks[..first_role]
        .iter()
        .rev()
        .take(first_role - lead.min(first_role) + 3)
        .find_map(|t| {
            if is_country(known, t) {
                Some(t.mention.and_then(|k| known[k].code.clone()))
            } else {
                body_country(t).map(Some)
            }
        })
        .flatten()
}

/// The role with the words before its first role word (from `lead`) put in front of its title, and its country: one
/// named before the title wins over one named after it.
fn finish_role(text: &str, region: &[Tok<'_>], lead: usize, first_role: usize, found: Title, known: &[Known]) -> Role {
    let (title, after, orgs) = found;
    let title = if lead < first_role {
        format!("{} {}", text[region[lead].start..region[first_role].start].trim(), title)
    } else {
        title
    };
    let country = country_before(region, lead, first_role, known).or(after);
    Role { title, country, orgs }
}

/// How far before a name [`role_before`] reads the tokens at first, then next, in bytes: most names have no title
/// before them, which the last few words tell, and most titles are a few words long.
const NEAR_TITLE_BYTES: [usize; 2] = [32, 100];

/// The role written before a person's name: "Minister of X of Y Name", "Chinese State Councilor Name",
/// "Menteri X Vietnam Name", "IT expert Name", "the expert of the Z Institute (ZI), Name".
pub fn role_before(text: &str, sentence_start: usize, person_start: usize, known: &[Known]) -> Option<Role> {
    let from = sentence_start.max(person_start.saturating_sub(300));
    let from = crate::text::floor_boundary(text, from);
    if ends_no_title(text, from, person_start, known) {
        return None;
    }
    // The tokens from nearer starts first, and those before them only when the title may reach further back. The
    // tokens from a start are those from `from` on from there (see `near_start`): the ones read are kept.
    let mut toks: Vec<Tok<'_>> = Vec::new();
    let mut start = person_start;
    for reach in NEAR_TITLE_BYTES {
        let Some(near) = near_start(text, from, person_start, reach, known).filter(|&near| near < start) else {
            continue;
        };
        toks = tokens_before(text, near, start, known, toks);
        start = near;
        if let Some(role) = role_ending(text, &toks, None, known) {
            return role;
        }
    }
    let toks = tokens_before(text, from, start, known, toks);
    role_ending(text, &toks, Some(from == sentence_start), known).flatten()
}

/// `toks` with the tokens of `from..to` before them.
fn tokens_before<'a>(text: &'a str, from: usize, to: usize, known: &[Known], toks: Vec<Tok<'a>>) -> Vec<Tok<'a>> {
    let before = tokens(text, from, to, known);
    if toks.is_empty() {
        before
    } else {
        [before, toks].concat()
    }
}

/// Whether the last token before `person_start` (read from `from`), as the bytes tell it without tokens, is one no
/// title ends with, so that [`role_ending`] stops at it and finds no role: outside every mention, a small word
/// (ASCII letters) that is neither a role word nor a joiner, or a mark that is no part of a title and no word's (most
/// names follow such a word or a sentence's start). An honorific may stand between a title and the name ("Minister
/// Dr. ..."), which [`role_ending`] passes over.
fn ends_no_title(text: &str, from: usize, person_start: usize, known: &[Known]) -> bool {
    let bytes = &text.as_bytes()[from..person_start];
    let Some(last) = bytes.iter().rposition(|b| !matches!(b, b' ' | b'\t'..=b'\r')) else { return false };
    let word_start = bytes[..=last].iter().rposition(|b| !b.is_ascii_lowercase()).map_or(0, |i| i + 1);
    // An abbreviated title ("Gen.") is a token with its full stop.
    let abbreviation = (bytes[last] == b'.')
        .then(|| ascii_letters_before(bytes, last))
        .filter(|&start| start < last && role_word(&text[from + start..from + last + 1]).is_some());
    // A token on its own: the word begins the slice or follows a byte that stands alone (not a letter or digit, not
    // one that may join two words, not part of a character outside ASCII).
    let alone = |b: &u8| b.is_ascii() && !b.is_ascii_alphanumeric() && !matches!(b, b'-' | b'.' | b'\'');
    let on_its_own = |start: usize| start == 0 || bytes.get(start - 1).is_some_and(alone);
    let token_start = if let Some(start) = (word_start <= last).then_some(word_start).or(abbreviation) {
        if !on_its_own(start) {
            return false;
        }
        start
    } else if matches!(bytes[last], b'.' | b'"' | b':' | b';' | b'!' | b'?' | b'(') {
        // A mark that stands alone at the end of the slice, and is not skipped before a name.
        last
    } else {
        return false;
    };
    let token = &text[from + token_start..from + last + 1];
    if role_word(token).is_some() || JOINERS.contains(&token) {
        return false;
    }
    // No mention holds the token or the space after it.
    let after = known.partition_point(|m| m.start < person_start);
    after.checked_sub(1).is_none_or(|k| known[k].end <= from + token_start)
}

/// A start for the tokens before `person_start` nearer than `from`, at most `reach` bytes before it: white space
/// outside every mention. The tokens from `from` have a boundary there too (no token holds white space but a
/// mention's), so the tokens from there are theirs from there on. `known` is sorted by start and non-overlapping.
fn near_start(text: &str, from: usize, person_start: usize, reach: usize, known: &[Known]) -> Option<usize> {
    let first = person_start.checked_sub(reach).filter(|&p| p > from)?;
    (first..person_start).find(|&p| {
        matches!(text.as_bytes()[p], b' ' | b'\t'..=b'\r') && {
            let after = known.partition_point(|m| m.start <= p);
            after.checked_sub(1).is_none_or(|k| p >= known[k].end)
        }
    })
}

/// The role whose title ends at the end of `toks`, the tokens before a name. `opens_sentence`: whether `toks` start
/// where the title may start at the furthest, and if so whether that is the start of the sentence; when they start
/// nearer, `None` says that the tokens before them may change the answer.
fn role_ending(text: &str, toks: &[Tok<'_>], opens_sentence: Option<bool>, known: &[Known]) -> Option<Option<Role>> {
    let whole = opens_sentence.is_some();
    let mut end = toks.len();
    // Trailing comma or dash, and a parenthesised acronym, between the title and the name.
    while end > 0 && matches!(toks[end - 1].text, "," | "–" | "-" | "—") {
        end -= 1;
    }
    if end > 0 && toks[end - 1].text == ")" {
        match toks[..end].iter().rposition(|t| t.text == "(") {
            Some(open) => end = open,
            None if !whole => return None,
            None => {}
        }
        while end > 0 && toks[end - 1].text == "," {
            end -= 1;
        }
    }
    // Honorifics between the title and the name: "Prime Minister Datuk Seri ...", "Tun Dr ...".
    loop {
        if end >= 2 && is_honorific_pair(toks[end - 2].text, toks[end - 1].text) {
            end -= 2;
        } else if end >= 1
            && toks[end - 1].mention.is_none()
            && role_word(toks[end - 1].text) == Some(RoleWord::Honorific)
        {
            end -= 1;
        } else {
            break;
        }
    }
    // Walk back over what a title is made of.
    let mut start = end;
    let mut lowercase_run = 0;
    while start > 0 {
        let t = &toks[start - 1];
        let ok = if t.mention.is_some() {
            let label = known[t.mention.unwrap_or(0)].label;
            matches!(label, Label::Country | Label::Norp | Label::Org)
        } else if let Some(r) = role_word(t.text) {
            r != RoleWord::Honorific
        } else if JOINERS.contains(&t.text) {
            true
        } else if t.text == "," {
            // A comma of an enumeration inside a title, between capitalised words and closed by "and" or "dan"
            // after it: "Minister of Trade, Industry and Energy", "Menteri Koordinator Bidang Politik, Hukum, dan
            // Keamanan".
            // (A head after the comma begins another title: "Kepala Biro ..., Deputi ...".)
            let word = |t: Option<&Tok<'_>>| {
                t.is_some_and(|t| {
                    t.mention.is_none()
                        && is_cap(t.text)
                        && t.text.chars().all(char::is_alphabetic)
                        && role_word(t.text) != Some(RoleWord::Head)
                })
            };
            let closed = toks[start..end].iter().any(|t| matches!(t.text, "and" | "dan" | "&"));
            let next_word = word(toks.get(start))
                || toks.get(start).is_some_and(|t| matches!(t.text, "and" | "dan")) && word(toks.get(start + 1));
            start >= 2 && word(toks.get(start - 2)) && next_word && closed
        } else if is_cap(t.text) && t.text.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.') {
            // A sentence's opening word is no part of a title unless it is a role word.
            !(start - 1 == 0 && opens_sentence == Some(true))
        } else if t.text.chars().all(char::is_lowercase)
            && toks.get(start).is_some_and(|n| role_word(n.text) == Some(RoleWord::Head) || lowercase_run > 0)
            && lowercase_run < 2
            && !DETERMINERS.contains(&t.text)
        {
            lowercase_run += 1;
            true
        } else {
            false
        };
        if !ok {
            break;
        }
        start -= 1;
    }
    // The walk may go on, and the test below reads two tokens back: near the first token, the ones before count.
    if !whole && start < 2 {
        return None;
    }
    // "Name, Title, Name2": a title after a comma that follows another person is that person's, not the next one's.
    if start >= 2
        && toks[start - 1].text == ","
        && toks[start - 2].mention.is_some_and(|k| known[k].label == Label::Person)
    {
        return Some(None);
    }
    Some(title_before(text, &toks[start..end], known))
}

/// The role whose title is in `region`, the words before a name.
fn title_before(text: &str, region: &[Tok<'_>], known: &[Known]) -> Option<Role> {
    let (title, after, orgs) = title_of(text, region, known)?;
    let first_role = region.iter().position(|t| t.mention.is_none() && role_word(t.text).is_some())?;
    // Modifiers directly before the first role word belong to the title: lowercase ones before a lowercase head
    // ("cyber security expert"), capitalised ones before a capitalised one ("Tourism Minister").
    let mut lead = first_role;
    let lowercase_head = region[first_role].text.chars().all(char::is_lowercase);
    // An Indonesian title begins with its head: the capitals before it are another phrase's.
    let indonesian = ROLE_WORDS.indonesian.contains(region[first_role].text);
    let modifies = |t: &Tok<'_>| {
        t.mention.is_none()
            && if lowercase_head {
                t.text.chars().all(char::is_lowercase) && !JOINERS.contains(&t.text)
            } else {
                !indonesian && is_cap(t.text) && t.text.chars().all(char::is_alphabetic) && role_word(t.text).is_none()
            }
    };
    while lead > 0 {
        if modifies(&region[lead - 1]) {
            lead -= 1;
        } else if !lowercase_head
            && lead >= 2
            && matches!(region[lead - 1].text, "and" | "&")
            && modifies(&region[lead - 2])
        {
            // "Energy and Mineral Resources Minister", "Communication and Digital Affairs Minister": capitals
            // joined by "and" are one portfolio.
            lead -= 2;
        } else {
            break;
        }
    }
    Some(finish_role(text, region, lead, first_role, (title, after, orgs), known))
}

/// The role written after a person's name, in apposition: "Name, Indonesia’s Coordinator for X," or
/// "Name, a veteran industry analyst,".
pub fn role_after(text: &str, person_end: usize, sentence_end: usize, known: &[Known]) -> Option<Role> {
    let to = sentence_end.min(person_end + 200);
    let to = crate::text::ceil_boundary(text, to);
    // The first token is a comma only when the first character is one: most names are not followed by one, and
    // need no tokens.
    if !text[person_end..to].trim_start().starts_with(',') {
        return None;
    }
    let toks = tokens(text, person_end, to, known);
    if toks.first().map(|t| t.text) != Some(",") {
        return None;
    }
    let mut end = 1;
    while end < toks.len() && !matches!(toks[end].text, "," | "." | ";" | ":" | "(" | "\"" | "“" | "”") {
        let t = &toks[end];
        let ok = t.mention.is_some_and(|k| matches!(known[k].label, Label::Country | Label::Norp | Label::Org))
            || role_word(t.text).is_some()
            || JOINERS.contains(&t.text)
            || DETERMINERS.contains(&t.text)
            || is_cap(t.text)
            || t.text.chars().all(char::is_lowercase) && t.text.len() > 2;
        if !ok {
            break;
        }
        end += 1;
    }
    let region = &toks[1..end];
    let first_role = region.iter().position(|t| t.mention.is_none() && role_word(t.text) == Some(RoleWord::Head))?;
    // The words before the head must be a determiner, a country and modifiers: not a clause.
    if region[..first_role]
        .iter()
        .any(|t| t.mention.is_none() && (t.text == "said" || t.text == "who" || t.text == "yang"))
    {
        return None;
    }
    let (title, after, orgs) = title_of(text, region, known)?;
    let mut lead = first_role;
    while lead > 0
        && region[lead - 1].mention.is_none()
        && !DETERMINERS.contains(&region[lead - 1].text)
        && !JOINERS.contains(&region[lead - 1].text)
    {
        lead -= 1;
    }
    Some(finish_role(text, region, lead, first_role, (title, after, orgs), known))
}

/// The words of government portfolios (`data/lexicon/portfolios.tsv`), and whether a portfolio may end with
/// each: "Affairs" and "State" (true), "Foreign" and "National" (false).
static PORTFOLIO_WORDS: LazyLock<HashMap<String, bool>> = LazyLock::new(|| {
    rows(include_str!("../../data/lexicon/portfolios.tsv"))
        .into_iter()
        .filter_map(|r| Some((r.first()?.clone(), r.get(1)? == "noun")))
        .collect()
});

/// The heads of the titles that [`portfolio_titles`] reads: a government's posts, whose "of ..." is a portfolio.
/// ("Director of the National ..." and "Chairman of ..." more often name an office or a body.)
const PORTFOLIO_HEADS: [&str; 6] =
    ["Minister", "Ministers", "Secretary", "Undersecretary", "Commissioner", "Ambassador"];

/// The word of ASCII letters and inner hyphens at `at` of `text`, and where it ends.
fn ascii_word_at(text: &str, at: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    let mut end = at;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphabetic()
            || (bytes[end] == b'-' && end > at && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic)))
    {
        end += 1;
    }
    (end > at).then(|| (&text[at..end], end))
}

/// The English titles of `text` written with their portfolio before a name: a capitalised role head
/// ("Minister", "Secretary"), `of` or `for` (and `the`), then portfolio words, one after another or joined by
/// `and`, `&` or commas ("Minister of Information and Communications", "Secretary of State"). Byte ranges from the
/// head to the portfolio's last word, in text order.
///
/// The tagger often reads such a portfolio as the start of the name after it ("of State Antony Blinken"), or
/// misses the name ("Communications Tran Duc Long"): the portfolio's words, a closed vocabulary, tell where the
/// name begins.
pub fn portfolio_titles(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for joiner in [&b" of "[..], &b" for "[..]] {
        for at in memchr::memmem::find_iter(text.as_bytes(), joiner) {
            let mut head_start = ascii_letters_before(text.as_bytes(), at);
            if !PORTFOLIO_HEADS.contains(&&text[head_start..at]) {
                continue;
            }
            // A hyphenated head is the title's too ("Vice-Minister", "Under-Secretary").
            if head_start > 1 && text.as_bytes()[head_start - 1] == b'-' {
                head_start = ascii_letters_before(text.as_bytes(), head_start - 1);
            }
            let mut pos = at + joiner.len();
            if text[pos..].starts_with("the ") {
                pos += "the ".len();
            }
            // The portfolio's end so far, and whether it may end there.
            let mut end = None;
            while let Some((noun, word_end)) =
                ascii_word_at(text, pos).and_then(|(w, e)| Some((*PORTFOLIO_WORDS.get(w)?, e)))
            {
                end = Some((word_end, noun));
                let rest = &text[word_end..];
                match [" and ", ", and ", " & ", ", ", " "].iter().find(|g| rest.starts_with(**g)) {
                    Some(g) => pos = word_end + g.len(),
                    None => break,
                }
            }
            if let Some((end, true)) = end {
                out.push((head_start, end));
            }
        }
    }
    // The portfolio before its head, when two parts of it are joined: "Digital Economy and Society Minister".
    for head in PORTFOLIO_HEADS_AFTER {
        for at in memchr::memmem::find_iter(text.as_bytes(), head.as_bytes()) {
            let end = at + head.len();
            let ends_word = text.as_bytes().get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
            if ends_word {
                if let Some(start) = portfolio_ending_at(text, at) {
                    out.push((start, end));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Heads written after their portfolio ("Trade Minister"), with the space before them.
const PORTFOLIO_HEADS_AFTER: [&str; 3] = [" Minister", " Secretary", " Commissioner"];

/// Where a portfolio of two or more words, two of them joined by `and` or `&`, ends at byte `end` of `text`
/// ("Information and Communications Technology"): its start.
fn portfolio_ending_at(text: &str, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // The first word, the joiner after the word being read, and whether two words are joined.
    let (mut start, mut at, mut joiner, mut joined) = (None, end, "", false);
    loop {
        let word_start = ascii_letters_before(bytes, at);
        if word_start == at || !PORTFOLIO_WORDS.contains_key(&text[word_start..at]) {
            break;
        }
        start = Some(word_start);
        joined |= matches!(joiner, " and " | " & ");
        let before = &text[..word_start];
        match [" and ", " & ", ", ", " "].iter().find(|g| before.ends_with(**g)) {
            Some(g) => {
                joiner = g;
                at = word_start - g.len();
            }
            None => break,
        }
    }
    start.filter(|_| joined)
}

/// The name right after a title that ends at `at` (see [`portfolio_titles`]): two to four capitalised words or
/// initials on the same line, the whole run of them ("Tran Duc Long", "K. Shanmugam"). Byte range.
pub fn name_after_title(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = text.get(at..)?;
    let start = at + rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if start == at {
        return None;
    }
    let (mut pos, mut end, mut words) = (start, start, 0);
    loop {
        let rest = &text[pos..];
        let len =
            rest.find(|c: char| !(c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))).unwrap_or(rest.len());
        let word = &rest[..len];
        let initial = word.chars().count() == 1 && rest[len..].starts_with('.');
        let capitalised = is_cap(word) && (initial || word.chars().skip(1).any(char::is_lowercase));
        if !capitalised || PORTFOLIO_WORDS.contains_key(word) || role_word(word).is_some() {
            break;
        }
        words += 1;
        end = pos + len + usize::from(initial);
        match text[end..].strip_prefix(' ') {
            Some(_) => pos = end + 1,
            None => break,
        }
    }
    (2..=4).contains(&words).then_some((start, end))
}

/// Whether `first second` is a two-word honorific (`Tan Sri`, `Datuk Seri`).
fn is_honorific_pair(first: &str, second: &str) -> bool {
    let words = &*ROLE_WORDS;
    words.pair_firsts.iter().any(|f| f == first)
        && words.by_word.get(&format!("{first} {second}")) == Some(&RoleWord::Honorific)
}

/// The honorifics and titles at the start of a person span that are not part of the name: the byte length to skip.
pub fn leading_title_len(name: &str) -> usize {
    // Most names begin with no title: in an ASCII name, the first word (up to white space) says so at once.
    if name.is_ascii() {
        let first = name.bytes().position(|b| matches!(b, b' ' | b'\t'..=b'\r')).map_or(name, |end| &name[..end]);
        if role_word(first).is_none() && !ROLE_WORDS.pair_firsts.iter().any(|f| f == first) {
            return 0;
        }
    }
    let mut skip = 0;
    let mut words = name.split_inclusive(char::is_whitespace).peekable();
    while let Some(w) = words.next() {
        let word = w.trim();
        if let Some(next) = words.peek().filter(|next| is_honorific_pair(word, next.trim())) {
            skip += w.len() + next.len();
            words.next();
            continue;
        }
        match role_word(word) {
            Some(_) if is_cap(word) || word.ends_with('.') => skip += w.len(),
            _ => break,
        }
    }
    if skip >= name.len() {
        0
    } else {
        skip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known_at(text: &str, items: &[(&str, Label, Option<&str>)]) -> Vec<Known> {
        let mut out = Vec::new();
        for (s, label, code) in items {
            let start = text.find(s).expect("test mention present");
            out.push(Known { start, end: start + s.len(), label: *label, code: code.map(CompactString::from) });
        }
        out
    }

    fn before(text: &str, person: &str, items: &[(&str, Label, Option<&str>)]) -> Option<(String, Option<String>)> {
        let known = known_at(text, items);
        let ps = text.find(person).expect("person present");
        role_before(text, 0, ps, &known).map(|r| (r.title, r.country.map(String::from)))
    }

    /// A title with its portfolio ends at the portfolio's last noun; a name of two to four capitalised words or
    /// initials follows it.
    #[test]
    fn portfolio_titles_and_the_names_after_them() {
        let titles = |text: &str| -> Vec<String> {
            portfolio_titles(text).into_iter().map(|(s, e)| text[s..e].to_string()).collect()
        };
        let text = "by Minister of Information and Communications Le Thanh Binh and Vice-Minister for Trade, \
                    Industry & Energy K. Orvald, with Secretary of the State-Owned Enterprises Asha Devi Rao.";
        assert_eq!(
            titles(text),
            [
                "Minister of Information and Communications",
                "Vice-Minister for Trade, Industry & Energy",
                "Secretary of the State-Owned Enterprises",
            ]
        );
        let names: Vec<&str> = portfolio_titles(text)
            .into_iter()
            .filter_map(|(_, e)| name_after_title(text, e).map(|(s, e)| &text[s..e]))
            .collect();
        assert_eq!(names, ["Le Thanh Binh", "K. Orvald", "Asha Devi Rao"]);
        // Not a government post, a portfolio ending in a modifier, a head in lower case.
        assert!(titles("the Director of Information Rina Sari").is_empty());
        assert!(titles("Minister of Foreign Rina Sari").is_empty());
        assert!(titles("the minister of Trade Rina Sari").is_empty());
        let t = "Minister of Trade Rina";
        assert_eq!(name_after_title(t, t.len() - " Rina".len()), None, "one word is not enough");
        let t = "Minister of Trade\nRina Sari";
        assert_eq!(name_after_title(t, t.find('\n').unwrap()), None, "not across lines");
        // The portfolio before its head, when two of its parts are joined.
        let text = "Thai Digital Economy and Society Minister Rina Sari met Lim and Trade Minister Asha Rao and the \
                    Information & Communications Technology Secretary.";
        assert_eq!(
            titles(text),
            ["Digital Economy and Society Minister", "Information & Communications Technology Secretary"]
        );
    }

    #[test]
    fn capitalised_words_before_an_english_head_are_its_portfolio_not_before_an_indonesian_one() {
        for (text, title) in [
            ("Exports rose, said Tourism Minister Ana Rojas", "Tourism Minister"),
            ("signed by Energy and Mineral Resources Minister Ana Rojas", "Energy and Mineral Resources Minister"),
            ("dalam acara Dewan Pakar Marsekal Ana Rojas", "Marsekal"),
        ] {
            let at = text.find("Ana").unwrap();
            assert_eq!(role_before(text, 0, at, &[]).map(|r| r.title).as_deref(), Some(title), "{text}");
        }
    }

    #[test]
    fn titles_before_names() {
        let t = "It was said by the Minister of Fisheries of the Republic of Chile Ana Rojas after the talks.";
        assert_eq!(
            before(t, "Ana Rojas", &[("Republic of Chile", Label::Country, Some("CHL"))]),
            Some(("Minister of Fisheries".into(), Some("CHL".into())))
        );
        let t = "The visit of Peruvian Deputy Foreign Minister Luis Vega ended.";
        assert_eq!(
            before(t, "Luis Vega", &[("Peruvian", Label::Norp, Some("PER"))]),
            Some(("Deputy Foreign Minister".into(), Some("PER".into())))
        );
        let t = "Pernyataan itu disampaikan Menteri Kelautan Chile (MKC), Ana Rojas, kemarin.";
        assert_eq!(
            before(t, "Ana Rojas", &[("Chile", Label::Country, Some("CHL"))]),
            Some(("Menteri Kelautan".into(), Some("CHL".into())))
        );
        let t = "Meanwhile, data security expert Rina Sari said it was fine.";
        assert_eq!(before(t, "Rina Sari", &[]), Some(("data security expert".into(), None)));
        assert_eq!(before("Officials met Rina Sari on Monday.", "Rina Sari", &[]), None);
    }

    /// What `role_before` finds with all the tokens from the furthest start read at once.
    fn role_before_at_once(text: &str, sentence_start: usize, person_start: usize, known: &[Known]) -> Option<Role> {
        let from = sentence_start.max(person_start.saturating_sub(300));
        let from = crate::text::floor_boundary(text, from);
        let toks = tokens(text, from, person_start, known);
        role_ending(text, &toks, Some(from == sentence_start), known).flatten()
    }

    #[test]
    fn nearer_tokens_first_give_the_role_all_tokens_give() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        let mut dirs = vec![root];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for path in entries.flatten().map(|e| e.path()) {
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                // Every capitalised word is a mention, of a label that varies with its place.
                let labels = [Label::Person, Label::Country, Label::Org, Label::Norp, Label::Location];
                let known: Vec<Known> = crate::text::starts::capital_starts(&text)
                    .filter(|&s| text.as_bytes()[s].is_ascii_uppercase())
                    .map(|s| {
                        let end = s + text[s..].find(|c: char| !c.is_alphanumeric()).unwrap_or(text.len() - s);
                        Known { start: s, end, label: labels[s % labels.len()], code: Some("XXX".into()) }
                    })
                    .collect();
                for (n, m) in known.iter().enumerate().filter(|(n, _)| n % 3 == 0) {
                    let sentence_start = text[..m.start].rfind(['.', '\n']).map_or(0, |i| i + 1);
                    let mentions = if n % 2 == 0 { &known[..] } else { &[] };
                    assert_eq!(
                        role_before(&text, sentence_start, m.start, mentions),
                        role_before_at_once(&text, sentence_start, m.start, mentions),
                        "{path:?} at {}",
                        m.start
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 0 || !std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").exists());
    }

    #[test]
    fn titles_after_names() {
        let t = "Rina Sari, Chile’s Coordinator for Trade with Peru, said so.";
        let known = known_at(t, &[("Chile", Label::Country, Some("CHL")), ("Peru", Label::Country, Some("PER"))]);
        let r = role_after(t, "Rina Sari".len(), t.len(), &known).expect("role");
        assert_eq!((r.title.as_str(), r.country.as_deref()), ("Coordinator for Trade with Peru", Some("CHL")));
        let t = "said Tom Lee, a senior market analyst, on Friday.";
        let r = role_after(t, t.find(", a").unwrap_or(0), t.len(), &[]).expect("role");
        assert_eq!(r.title, "senior market analyst");
    }

    #[test]
    fn role_words_are_found_past_the_length_tables() {
        let words = &*ROLE_WORDS;
        assert!(!words.by_word.is_empty());
        for (w, kind) in &words.by_word {
            assert_eq!(role_word(w), Some(*kind), "{w:?}");
        }
        for w in ["", "Budi", "said", "ministers", "Minister.", "é", "the"] {
            assert_eq!(role_word(w), words.by_word.get(w).copied(), "{w:?}");
        }
    }

    #[test]
    fn leading_titles_are_not_names() {
        assert_eq!(leading_title_len("Minister Ana Rojas"), "Minister ".len());
        assert_eq!(leading_title_len("Dr. Ana Rojas"), "Dr. ".len());
        assert_eq!(leading_title_len("Ana Rojas"), 0);
    }
}
