//! DATE mentions in English and Indonesian, resolved to ISO 8601 where the text allows, with the
//! publication date as the anchor for `Wednesday`, `next year` or `13/7` (in a text without one, the year its own
//! dates agree on, for `next year` and `13/7`).

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;

use super::lexicon::{alternation, CALENDAR, TEMPORAL};
use crate::model::Date;
use crate::text::starts::{ascii_letters, bytes_at, HIGH, LOW};

/// A date expression found in text (byte offsets) and its ISO value when it can be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateSpan {
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `Wednesday (19 March)`, `Rabu (19/3/2031)`
    WeekdayParen,
    /// `19 March 2031`, `March 19, 2031`, `19 March`, `March 19`, `September 2031`, `2031-03-19`
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
    /// The whole expression, to check the opened search against.
    #[cfg(test)]
    source: String,
    /// The expression cannot match text without a digit (most texts' sentences have none: skip it there).
    needs_digit: bool,
    search: Search,
}

/// How a date expression is searched for.
enum Search {
    /// Over the whole text.
    Whole(Regex),
    /// Only where it can begin (see `Opening`): the expression anchored at the start of its haystack, its leading
    /// `\b` checked by the caller, and what must come after its first word.
    Opened(Regex, Then),
}

/// Where a date expression can begin. Searching the whole text costs the regex engine most for expressions that
/// open with short or common words ("in", "this") or with a digit; those are tried only at such words.
enum Opening {
    /// Anywhere: the expression is searched over the whole text.
    Anywhere,
    /// After a word boundary, at one of these words (ASCII letters; in a match followed by something other than a
    /// letter), or at a digit when `digit` is set, and followed by `then`.
    Words { words: Vec<&'static str>, digit: bool, then: Then },
}

/// What follows an expression's first word (or its first number) in every match.
enum Then {
    /// Anything.
    Any,
    /// Past digits, spaces, `.` `,` and `-`, a word of this list (ASCII letters, compared without case).
    Word(WordTable),
    /// Past spaces and `-`, a year (`1` or `2`).
    Year,
}

const DAY: &str = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?";
/// The letters a day may end with (`5th`): in `Then::Word` lists they come before the month.
const DAY_SUFFIXES: [&str; 4] = ["st", "nd", "rd", "th"];
const YEAR: &str = r"(?:1[89]\d\d|2[01]\d\d)";

fn words(kind: &str, lang: &str) -> Vec<&'static str> {
    TEMPORAL
        .iter()
        .filter(|r| r.get(1).map(String::as_str) == Some(kind) && r.get(3).map(String::as_str) == Some(lang))
        .map(|r| r[0].as_str())
        .collect()
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let either = |words: &[&str]| alternation(words.iter().copied());
    let month_list: Vec<&str> = CALENDAR.months.keys().map(String::as_str).collect();
    let all_month_list: Vec<&str> =
        CALENDAR.months.keys().chain(CALENDAR.month_abbrevs.keys()).map(String::as_str).collect();
    let weekday_list: Vec<&str> = CALENDAR.weekdays.keys().map(String::as_str).collect();
    let english_abbrev_list: Vec<&str> = CALENDAR.english_abbrevs.keys().map(String::as_str).collect();
    let english_abbrevs = either(&english_abbrev_list);
    let months = either(&month_list);
    let all_months = either(&all_month_list);
    // "Minggu" is also the common noun "week": as a weekday it needs a date beside it.
    let weekdays = either(&weekday_list);
    let lone_weekday_list: Vec<&str> = weekday_list.iter().copied().filter(|w| *w != "Minggu").collect();
    let lone_weekdays = either(&lone_weekday_list);
    let mon = format!(r"(?:{all_months})\.?");
    let numeric = r"\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?";
    let (units_en, units_id) = (words("unit", "en"), words("unit", "id"));
    let (num_en, num_id) = (words("number", "en"), words("number", "id"));
    let (rel_en, rel_id) = (words("relative", "en"), words("relative", "id"));
    let (units_en_re, units_id_re) = (either(&units_en), either(&units_id));
    let (num_en_re, num_id_re) = (either(&num_en), either(&num_id));
    let (rel_en_re, rel_id_re) = (either(&rel_en), either(&rel_id));
    let prepositions = [
        "in", "In", "since", "Since", "by", "until", "from", "before", "after", "during", "pada", "Pada", "sejak",
        "Sejak", "hingga", "sampai", "tahun", "Tahun",
    ];
    let then = |lists: &[&[&str]]| {
        let mut table = WordTable::default();
        lists.concat().iter().for_each(|w| table.insert(w, 1));
        Then::Word(table)
    };
    let opens =
        |words: &[&[&'static str]], digit: bool, then: Then| Opening::Words { words: words.concat(), digit, then };
    let specs: Vec<(Form, String, bool, Opening)> = vec![
        (
            Form::WeekdayParen,
            format!(r"\b(?:{weekdays}),?\s*\(\s*(?:{DAY}\s+{mon}(?:\s+{YEAR})?|{numeric})\s*\)"),
            true,
            opens(&[&weekday_list], false, Then::Any),
        ),
        (
            Form::Calendar,
            format!(r"\b(?:(?:{weekdays}),?\s+)?{DAY}\s+{mon},?\s+{YEAR}\b"),
            true,
            opens(&[&weekday_list], true, then(&[&DAY_SUFFIXES, &all_month_list])),
        ),
        (
            Form::Calendar,
            format!(r"\b(?:(?:{weekdays}),?\s+)?{mon}\s+{DAY},?\s+{YEAR}\b"),
            true,
            opens(&[&weekday_list, &all_month_list], false, Then::Any),
        ),
        (
            Form::Calendar,
            format!(r"\b(?:(?:{weekdays}),?\s+)?{DAY}\s+(?:{months})\b"),
            true,
            opens(&[&weekday_list], true, then(&[&DAY_SUFFIXES, &month_list])),
        ),
        (Form::Calendar, format!(r"\b(?:{months})\s+{DAY}\b"), true, opens(&[&month_list], false, Then::Any)),
        (
            Form::Calendar,
            format!(r"\b(?:{english_abbrevs})\.?\s+{DAY}\b"),
            true,
            opens(&[&english_abbrev_list], false, Then::Any),
        ),
        (Form::Calendar, format!(r"\b(?:{months})\s+{YEAR}\b"), true, opens(&[&month_list], false, Then::Year)),
        (Form::Calendar, r"\b\d{4}-[01]\d-[0-3]\d\b".to_string(), true, Opening::Anywhere),
        (Form::ParenNumeric, format!(r"\({numeric}\)"), true, Opening::Anywhere),
        (
            Form::Relative,
            format!(r"(?i)\b(?:end|beginning|start|middle) of (?:(?:the|this|next|last) )?(?:year|month|{YEAR})\b"),
            false,
            opens(&[&["end", "beginning", "start", "middle"]], false, then(&[&["of"]])),
        ),
        (
            Form::Relative,
            format!(r"(?i)\b(?:early|mid|late)[- ]{YEAR}\b"),
            true,
            opens(&[&["early", "mid", "late"]], false, Then::Year),
        ),
        (
            Form::Relative,
            format!(r"(?i)\b(?:{rel_en_re})\s+(?:{units_en_re})\b"),
            false,
            opens(&[&rel_en], false, then(&[&units_en])),
        ),
        (
            Form::Relative,
            format!(r"(?i)\b(?:akhir|awal|pertengahan)\s+(?:tahun|bulan)(?:\s+(?:{rel_id_re}|{YEAR}))?\b"),
            false,
            opens(&[&["akhir", "awal", "pertengahan"]], false, then(&[&["tahun", "bulan"]])),
        ),
        (
            Form::Relative,
            format!(r"(?i)\b(?:{units_id_re})\s+(?:{rel_id_re})\b"),
            false,
            opens(&[&units_id], false, then(&[&rel_id])),
        ),
        (
            Form::Duration,
            format!(r"(?i)\b(?:{num_en_re}|\d+(?:[.,]\d+)?)(?:-|\s+)(?:{units_en_re})\b"),
            false,
            opens(&[&num_en], true, then(&[&units_en])),
        ),
        (
            Form::Duration,
            format!(r"(?i)\b(?:{num_id_re}|\d+(?:[.,]\d+)?)\s+(?:{units_id_re})\b"),
            false,
            opens(&[&num_id], true, then(&[&units_id])),
        ),
        (
            Form::Deictic,
            r"\b(?:yesterday|tomorrow|today|Yesterday|Tomorrow|Today|kemarin|besok|hari ini|Kemarin|Besok)\b"
                .to_string(),
            false,
            opens(&[&["yesterday", "tomorrow", "today", "kemarin", "besok", "hari"]], false, Then::Any),
        ),
        (
            Form::Weekday,
            format!(r"\b(?:{lone_weekdays})(?:\s+(?:night|morning|afternoon|evening|malam|pagi|siang|sore))?\b"),
            false,
            opens(&[&lone_weekday_list], false, Then::Any),
        ),
        (
            Form::Year,
            format!(r"\b(?:{})\s+{YEAR}\b", prepositions.join("|")),
            true,
            opens(&[&prepositions], false, Then::Year),
        ),
    ];
    // ASCII word boundaries: the expressions are bounded by ASCII characters, and Unicode boundaries would push
    // the regex engine off its fast path on any non-ASCII text.
    let ascii_bounds = |src: &str| Regex::new(&src.replace(r"\b", r"(?-u:\b)")).ok();
    let mut openings = Openings::default();
    let mut list = Vec::new();
    for (form, src, needs_digit, opening) in specs {
        let search = match opening {
            Opening::Words { words, digit, then } if list.len() < 32 && words.iter().all(|w| WordTable::fits(w)) => {
                // The same expression from its first word on.
                let (flags, rest) = src.split_at(if src.starts_with("(?i)") { 4 } else { 0 });
                let anchored = rest.strip_prefix(r"\b").and_then(|rest| ascii_bounds(&format!("{flags}^(?:{rest})")));
                anchored.map(|anchored| {
                    let bit = 1 << list.len();
                    openings.all |= bit;
                    if digit {
                        openings.digit |= bit;
                    }
                    words.iter().for_each(|w| openings.words.insert(w, bit));
                    Search::Opened(anchored, then)
                })
            }
            _ => None,
        };
        let Some(search) = search.or_else(|| ascii_bounds(&src).map(Search::Whole)) else { continue };
        #[cfg(test)]
        let source = src.replace(r"\b", r"(?-u:\b)");
        list.push(Pattern {
            form,
            #[cfg(test)]
            source,
            needs_digit,
            search,
        });
    }
    Patterns { list, openings }
});

/// The date expressions, and where those tried only at their first words can begin.
struct Patterns {
    list: Vec<Pattern>,
    openings: Openings,
}

/// The patterns (bit `i`: `Patterns::list[i]`) that each first word may begin.
#[derive(Default)]
struct Openings {
    words: WordTable,
    /// Patterns that may begin with a digit.
    digit: u32,
    /// Every pattern tried at its first words.
    all: u32,
}

/// Words of two to sixteen ASCII letters, each with a bit set, looked up without case. Most lookups end at a table
/// of the first two letters, which holds the third letters and the lengths of their words.
#[derive(Default)]
struct WordTable {
    /// By the first two letters (see `letters_key`).
    by_letters: Vec<Pair>,
    /// Words as `folded` gives them, with their bits.
    buckets: Vec<Vec<(u128, u32)>>,
}

/// The words of a `WordTable` that begin with two letters.
#[derive(Default, Clone, Copy)]
struct Pair {
    /// An index into `WordTable::buckets` plus one; zero: no word.
    bucket: u16,
    /// The lengths of the words (bit `len.min(31)`).
    lengths: u32,
    /// The third letters of the words (bit 0: `a`, ... bit 25: `z`).
    thirds: u32,
}

/// The bit of a word's length in `Pair::lengths`.
fn length_bit(len: usize) -> u32 {
    1 << len.min(31)
}

/// The bit of a third letter in `Pair::thirds`.
fn third_bit(letter: u8) -> u32 {
    1 << ((letter | 0x20) - b'a')
}

/// A word of at most sixteen ASCII letters in lower case, one byte each from the lowest, as one number: two words
/// are the same without case when their numbers are (the zero bytes past the end keep the lengths apart).
fn folded(word: &[u8]) -> u128 {
    let mut bytes = [0u8; 16];
    bytes[..word.len()].copy_from_slice(word);
    // Setting bit 5 lower-cases an ASCII letter.
    let low = u128::from_le_bytes(bytes) | (u128::from(LOW * 0x20) << 64 | u128::from(LOW * 0x20));
    // Only the word's bytes: lanes past the end stay zero.
    low & u128::MAX.checked_shr(8 * (16 - word.len() as u32)).unwrap_or(0)
}

impl WordTable {
    /// Whether `word` can be held: two to sixteen ASCII letters.
    fn fits(word: &str) -> bool {
        (2..=16).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_alphabetic())
    }

    fn insert(&mut self, word: &str, bits: u32) {
        if !Self::fits(word) {
            return;
        }
        if self.by_letters.is_empty() {
            self.by_letters = vec![Pair::default(); 26 * 26];
        }
        let w = word.as_bytes();
        let pair = &mut self.by_letters[letters_key(w[0], w[1])];
        if pair.bucket == 0 {
            self.buckets.push(Vec::new());
            pair.bucket = self.buckets.len() as u16;
        }
        pair.lengths |= length_bit(w.len());
        pair.thirds |= w.get(2).map_or(0, |&c| third_bit(c));
        let bucket = &mut self.buckets[usize::from(pair.bucket) - 1];
        let word = folded(w);
        match bucket.iter_mut().find(|(x, _)| *x == word) {
            Some((_, b)) => *b |= bits,
            None => bucket.push((word, bits)),
        }
    }

    /// The bits of `word` (ASCII letters), 0 when it is not held.
    #[inline]
    fn get(&self, word: &[u8]) -> u32 {
        let [a, b, ..] = *word else { return 0 };
        // Most words end here: no word of the table begins with their two letters and has their length.
        match self.by_letters.get(letters_key(a, b)) {
            Some(p) if p.bucket > 0 && p.lengths & length_bit(word.len()) != 0 => self.in_bucket(p.bucket, word),
            _ => 0,
        }
    }

    /// The bits of `word` in the bucket `i` (an index plus one).
    #[inline(never)]
    fn in_bucket(&self, i: u16, word: &[u8]) -> u32 {
        if word.len() > 16 {
            return 0;
        }
        let word = folded(word);
        let bucket = &self.buckets[usize::from(i) - 1];
        bucket.iter().find(|(w, _)| *w == word).map_or(0, |(_, bits)| *bits)
    }

    /// The bits of the words that the word at byte `start` of `bytes` (an ASCII letter) may be: the run of ASCII
    /// letters there, or, when a character outside ASCII goes on with it, every word that begins like the run
    /// (a letter that folds to an ASCII one may follow).
    #[inline]
    fn opened_by(&self, bytes: &[u8], start: usize) -> u32 {
        let first = bytes[start];
        // Most words end here, unread: no word of the table begins with their first two letters, or goes on with
        // their third. An ASCII letter matches no other letter under case folding: the run is the word only if
        // these are the word's letters.
        if let Some(&second) = bytes.get(start + 1).filter(|b| b.is_ascii_alphabetic()) {
            let pair = self.by_letters.get(letters_key(first, second)).copied().unwrap_or_default();
            let goes_on = match bytes.get(start + 2) {
                Some(&third) if third.is_ascii_alphabetic() => pair.thirds & third_bit(third) != 0,
                Some(third) if !third.is_ascii() => true,
                _ => pair.lengths & length_bit(2) != 0,
            };
            if pair.bucket == 0 || !goes_on {
                return 0;
            }
        }
        let end = letters_end(bytes, start);
        match bytes.get(end) {
            Some(c) if !c.is_ascii() => self.starting(first, (end - start >= 2).then(|| bytes[start + 1])),
            _ => self.get(&bytes[start..end]),
        }
    }

    /// The bits of every word that begins with `first` and, when given, `second` (ASCII letters).
    fn starting(&self, first: u8, second: Option<u8>) -> u32 {
        let seconds = match second {
            Some(b) => b..=b,
            None => b'a'..=b'z',
        };
        seconds.flat_map(|b| self.bucket(first, b)).fold(0, |a, (_, bits)| a | bits)
    }

    fn bucket(&self, a: u8, b: u8) -> &[(u128, u32)] {
        match self.by_letters.get(letters_key(a, b)) {
            Some(p) if p.bucket > 0 => &self.buckets[usize::from(p.bucket) - 1],
            _ => &[],
        }
    }
}

/// An index of `WordTable::by_letters` by two ASCII letters.
fn letters_key(a: u8, b: u8) -> usize {
    // Setting bit 5 lower-cases an ASCII letter.
    usize::from((a | 0x20) - b'a') * 26 + usize::from((b | 0x20) - b'a')
}

/// `\s` in ASCII, with the vertical tab that `u8::is_ascii_whitespace` leaves out.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The text after the first word or number at a boundary, as `Then` reads it: read once for all the patterns tried
/// there.
struct Following<'t> {
    bytes: &'t [u8],
    /// Where the first word or number ends.
    at: usize,
    /// The word `Then::Word` reads, once read: the run of ASCII letters past digits, spaces, `.` `,` and `-`, and
    /// whether a character outside ASCII goes on with it.
    word: Option<(&'t [u8], bool)>,
}

impl<'t> Following<'t> {
    fn new(bytes: &'t [u8], start: usize) -> Self {
        Following { bytes, at: first_token_end(bytes, start), word: None }
    }

    fn word(&mut self) -> (&'t [u8], bool) {
        let bytes = self.bytes;
        *self.word.get_or_insert_with(|| {
            let mut i = self.at;
            while bytes.get(i).is_some_and(|&b| b.is_ascii_digit() || is_space(b) || matches!(b, b'.' | b',' | b'-')) {
                i += 1;
            }
            let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
            (&bytes[i..end], bytes.get(end).is_some_and(|b| !b.is_ascii()))
        })
    }
}

impl Then {
    /// Whether the text after the first word or number may go on as this says. A character that is not ASCII (a
    /// space, a digit, a letter that folds to an ASCII one) leaves it open: yes.
    fn allows(&self, following: &mut Following<'_>) -> bool {
        match self {
            Then::Any => true,
            Then::Year => {
                let bytes = following.bytes;
                let mut i = following.at;
                while bytes.get(i).is_some_and(|&b| is_space(b) || b == b'-') {
                    i += 1;
                }
                bytes.get(i).is_some_and(|&b| matches!(b, b'1' | b'2') || !b.is_ascii())
            }
            Then::Word(table) => {
                let (word, open) = following.word();
                open || table.get(word) != 0
            }
        }
    }
}

/// A day and a month of [`Calendar::short_months`] without a year (Malay "12 Mac", "Isnin, 3 Jun"), read only in
/// text of the Indonesian model's languages (see [`find_dates`]).
///
/// [`Calendar::short_months`]: super::lexicon::Calendar::short_months
static SHORT_MONTH_DATES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    if CALENDAR.short_months.is_empty() {
        return None;
    }
    let weekdays = alternation(CALENDAR.weekdays.keys().map(String::as_str));
    let months = alternation(CALENDAR.short_months.keys().map(String::as_str));
    Regex::new(&format!(r"(?-u:\b)(?:(?:{weekdays}),?\s+)?{DAY}\s+(?:{months})(?-u:\b)")).ok()
});

static SLASHED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,2}/\d{1,2}(?:/\d+)?").expect("valid regex"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").expect("valid regex"));

/// All date expressions of `text`, non-overlapping (longest first), in text order. In a text read as Indonesian
/// (`indonesian`, which holds Malay: see `crate::language`), a day before a Malay month of three letters ("12
/// Mac") is a date without a year too; elsewhere such a month needs its year ("12 Mac 2025"), as "Mac" is a word.
pub fn find_dates(text: &str, anchor: Option<Date>, indonesian: bool) -> Vec<DateSpan> {
    let patterns = &*PATTERNS;
    // Most texts have a digit early; a text without one is passed over a block at a time (a loop the compiler
    // vectorises).
    let has_digit = text.as_bytes().chunks(32).any(|block| block.iter().fold(false, |any, b| any | b.is_ascii_digit()));
    let active = |p: &Pattern| has_digit || !p.needs_digit;
    let opened = opened_matches(text, patterns, active);
    let mut found: Vec<(usize, usize, Form)> = Vec::new();
    for (p, opened) in patterns.list.iter().zip(opened).filter(|(p, _)| active(p)) {
        // Plain searches (no capture groups) keep the regex engine on its fast path; the two forms whose mention
        // is part of the match are cut to it here.
        let spans: Box<dyn Iterator<Item = (usize, usize)>> = match &p.search {
            Search::Opened(..) => Box::new(opened.into_iter()),
            Search::Whole(re) => Box::new(re.find_iter(text).map(|m| (m.start(), m.end()))),
        };
        for (s, e) in spans {
            let (s, e) = match p.form {
                Form::ParenNumeric => (s + 1, e - 1),
                Form::Year => (e - 4, e),
                _ => (s, e),
            };
            found.push((s, e, p.form));
        }
    }
    if let Some(re) = SHORT_MONTH_DATES.as_ref().filter(|_| indonesian && has_digit) {
        found.extend(re.find_iter(text).map(|m| (m.start(), m.end(), Form::Calendar)));
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
    let anchor = match anchor_date(anchor) {
        Some(day) => Some(Anchor::Day(day)),
        None => year_of_text(text, &taken).map(Anchor::Year),
    };
    taken
        .into_iter()
        .map(|(s, e, form)| DateSpan { start: s, end: e, value: resolve(&text[s..e], form, anchor) })
        .collect()
}

/// What expressions without a year of their own are resolved against: the publication date, or, in a text that
/// has none, the year its own dates agree on (see [`year_of_text`]), which resolves `13/7` and `next year` but
/// not `Wednesday` or `next month`.
#[derive(Clone, Copy)]
enum Anchor {
    Day(NaiveDate),
    Year(i32),
}

impl Anchor {
    fn year(self) -> i32 {
        match self {
            Anchor::Day(d) => d.year(),
            Anchor::Year(y) => y,
        }
    }

    fn day(self) -> Option<NaiveDate> {
        match self {
            Anchor::Day(d) => Some(d),
            Anchor::Year(_) => None,
        }
    }
}

/// The year of a text without a publication date, from its own dates (`taken`): the year that the most of its
/// dates written with a day or month and a year (`10 May 2023`, `September 2023`, `13/7/2023`) or a year in a
/// relative phrase (`the end of 2023`) name, if one year is named more often than any other and is not past the
/// current one (a target such as `by the end of 2030` is not when a story was written). A bare year (`in 2004`)
/// does not count: it is as often history as news.
fn year_of_text(text: &str, taken: &[(usize, usize, Form)]) -> Option<i32> {
    let this_year = current_year();
    let years = taken.iter().filter_map(|&(s, e, form)| {
        let year = match form {
            Form::Calendar | Form::WeekdayParen | Form::ParenNumeric => {
                let (day, month, year) = calendar_parts(&text[s..e]);
                year.filter(|_| day.is_some() || month.is_some())
            }
            Form::Relative => {
                NUMBER.find_iter(&text[s..e]).find(|m| m.len() == 4).and_then(|m| m.as_str().parse().ok())
            }
            Form::Duration | Form::Deictic | Form::Weekday | Form::Year => None,
        };
        year.filter(|&y| (1900..=this_year).contains(&y))
    });
    // The one year named most often: none on a tie.
    let counts = super::counts(years);
    let best = counts.iter().map(|c| c.1).max()?;
    let mut most = counts.iter().filter(|c| c.1 == best);
    match (most.next(), most.next()) {
        (Some(&(year, _)), None) => Some(year),
        _ => None,
    }
}

/// This year, by the system clock (UTC).
fn current_year() -> i32 {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .map_or(i32::MAX, |d| d.year())
}

/// The matches of each pattern that has an anchored form, found by trying it only where it can begin: the same as
/// `find_iter` over the whole text gives, since a match begins at a word boundary, with one of the pattern's first
/// words, and the next search starts where the last match ended.
fn opened_matches(text: &str, patterns: &Patterns, active: impl Fn(&Pattern) -> bool) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); patterns.list.len()];
    let searched = patterns
        .list
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.search, Search::Opened(..)) && active(p))
        .fold(0u32, |bits, (i, _)| bits | 1 << i);
    if searched == 0 {
        return out;
    }
    let mut resume = vec![0usize; patterns.list.len()];
    let openings = &patterns.openings;
    let bytes = text.as_bytes();
    for_each_boundary(bytes, |start| {
        let b = bytes[start];
        let mut todo = if b.is_ascii_alphabetic() {
            openings.words.opened_by(bytes, start)
        } else if b.is_ascii_digit() {
            openings.digit
        } else if b == b'_' {
            // A word that no expression begins.
            0
        } else if text[start..].chars().next().is_some_and(char::is_alphanumeric) {
            // A character outside ASCII right after a word: case folding (`ſ`, the Kelvin sign) and Unicode digits
            // let it begin a match.
            openings.all
        } else {
            0
        };
        todo &= searched;
        if todo != 0 {
            try_opened(text, patterns, start, todo, &mut resume, &mut out);
        }
    });
    out
}

/// Tries each pattern of `todo` (bits of `Patterns::list`) at byte `start`, a boundary where it may begin, unless a
/// match of the pattern covers `start` (`resume`). Kept out of the scan's loop: few boundaries get here.
#[inline(never)]
fn try_opened(
    text: &str,
    patterns: &Patterns,
    start: usize,
    mut todo: u32,
    resume: &mut [usize],
    out: &mut [Vec<(usize, usize)>],
) {
    let mut following = Following::new(text.as_bytes(), start);
    while todo != 0 {
        let i = todo.trailing_zeros() as usize;
        todo &= todo - 1;
        let Search::Opened(anchored, then) = &patterns.list[i].search else { continue };
        if start < resume[i] || !then.allows(&mut following) {
            continue;
        }
        if let Some(m) = anchored.find(&text[start..]) {
            out[i].push((start, start + m.end()));
            resume[i] = start + m.end();
        }
    }
}

/// Calls `visit` with, in order, each place of `bytes` at a word boundary (ASCII, as in the expressions) where an
/// expression may begin: the first byte of every run of word bytes (ASCII letters, digits, `_`), and the first byte
/// of every character outside ASCII right after one. Sixty-four bytes are classified at once (see `classify`): most
/// bytes are inside words or between them, and begin nothing.
fn for_each_boundary(bytes: &[u8], mut visit: impl FnMut(usize)) {
    // Bit 0 set when the byte before the block is a word byte.
    let mut after_word = 0;
    let mut base = 0;
    while base < bytes.len() {
        // Zero bytes after the end are neither word bytes nor characters.
        let Classes { word, lead } = classify(&bytes_at::<64>(bytes, base));
        let before_word = (word << 1) | after_word;
        let mut found = (word & !before_word) | (lead & before_word);
        after_word = word >> 63;
        while found != 0 {
            visit(base + found.trailing_zeros() as usize);
            found &= found - 1;
        }
        base += 64;
    }
}

/// Sixty-four bytes as bits (bit `i`: byte `i`).
struct Classes {
    /// Word bytes: ASCII letters, digits and `_`.
    word: u64,
    /// Bytes from `0xC0`, which begin a character outside ASCII.
    lead: u64,
}

/// The classes of 64 bytes, sixteen at a time with SSE2 (which every x86-64 processor has).
#[cfg(target_arch = "x86_64")]
fn classify(block: &[u8; 64]) -> Classes {
    use std::arch::x86_64::*;
    let mut classes = Classes { word: 0, lead: 0 };
    for (i, chunk) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of x86-64, and the load reads the sixteen bytes of `chunk` (unaligned).
        let (word, lead) = unsafe {
            let x = _mm_loadu_si128(chunk.as_ptr().cast());
            // `d <= n` unsigned, as `min(d, n) == d`.
            let at_most = |d: __m128i, n: i8| _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(n)), d);
            // Setting bit 5 takes `A..=Z` onto `a..=z` and nothing else there.
            let letter = at_most(_mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8(b'a' as i8)), 25);
            let digit = at_most(_mm_sub_epi8(x, _mm_set1_epi8(b'0' as i8)), 9);
            let underscore = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'_' as i8));
            let word = _mm_or_si128(_mm_or_si128(letter, digit), underscore);
            let lead = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0xC0u8 as i8)), x);
            (_mm_movemask_epi8(word) as u16, _mm_movemask_epi8(lead) as u16)
        };
        classes.word |= u64::from(word) << (16 * i);
        classes.lead |= u64::from(lead) << (16 * i);
    }
    classes
}

/// The classes of 64 bytes, one at a time.
#[cfg(not(target_arch = "x86_64"))]
fn classify(block: &[u8; 64]) -> Classes {
    let mut classes = Classes { word: 0, lead: 0 };
    for (i, &b) in block.iter().enumerate() {
        classes.word |= u64::from(b.is_ascii_alphanumeric() || b == b'_') << i;
        classes.lead |= u64::from(b >= 0xC0) << i;
    }
    classes
}

/// The end of the run of ASCII letters at byte `i`, eight bytes at a time.
fn letters_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(eight) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let others = !ascii_letters(u64::from_le_bytes(*eight)) & HIGH;
        if others != 0 {
            return i + others.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i + bytes[i..].iter().take_while(|b| b.is_ascii_alphabetic()).count()
}

/// The end of the first word or number at byte `q`: its ASCII letters, or its ASCII digits.
fn first_token_end(bytes: &[u8], q: usize) -> usize {
    let digits = bytes[q].is_ascii_digit();
    q + bytes[q..].iter().take_while(|b| if digits { b.is_ascii_digit() } else { b.is_ascii_alphabetic() }).count()
}

fn anchor_date(anchor: Option<Date>) -> Option<NaiveDate> {
    anchor.and_then(|a| NaiveDate::from_ymd_opt(a.year, a.month, a.day))
}

fn iso(d: NaiveDate) -> String {
    // `format!` writes four-digit years as chrono's `%Y` does, and costs a fraction of its formatter.
    match d.year() {
        0..=9999 => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        _ => d.format("%Y-%m-%d").to_string(),
    }
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
    // A slashed date holds a `/`: most expressions have none, and skip the search.
    if let Some(m) = s.contains('/').then(|| SLASHED.find(s)).flatten() {
        let nums: Vec<&str> = m.as_str().split('/').collect();
        day = nums.first().and_then(|d| d.trim().parse().ok());
        month = nums.get(1).and_then(|m| m.trim().parse().ok());
        year = nums.get(2).and_then(|y| y.trim().parse::<i32>().ok()).map(|y| if y < 100 { 2000 + y } else { y });
        return (day, month, year);
    }
    for w in s.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').filter(|w| !w.is_empty()) {
        // No month's name begins with a digit.
        if let Some(m) = (!w.starts_with(|c: char| c.is_ascii_digit())).then(|| CALENDAR.month(w)).flatten() {
            month = Some(m);
        } else if let Some(digits) = first_number(w) {
            if digits.len() == 4 {
                year = digits.parse().ok();
            } else if let Ok(d) = digits.parse() {
                day = Some(d);
            }
        }
    }
    (day, month, year)
}

/// The first run of digits (`\d+`) of `w`.
fn first_number(w: &str) -> Option<&str> {
    if !w.is_ascii() {
        return NUMBER.find(w).map(|m| m.as_str());
    }
    let start = w.find(|c: char| c.is_ascii_digit())?;
    let len = w[start..].bytes().take_while(u8::is_ascii_digit).count();
    Some(&w[start..start + len])
}

fn resolve(s: &str, form: Form, anchor: Option<Anchor>) -> Option<String> {
    let a = anchor.and_then(Anchor::day);
    match form {
        Form::Calendar | Form::WeekdayParen | Form::ParenNumeric => {
            let (day, month, year) = calendar_parts(s);
            let year = year.or(anchor.map(Anchor::year));
            match (day, month, year) {
                (Some(d), Some(m), Some(y)) => NaiveDate::from_ymd_opt(y, m, d).map(iso),
                (None, Some(m), Some(y)) if (1..=12).contains(&m) => Some(format!("{y:04}-{m:02}")),
                _ => None,
            }
        }
        Form::Year => s.parse::<i32>().ok().map(|y| format!("{y:04}")),
        Form::Relative => resolve_relative(s, anchor),
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

/// The words of `TEMPORAL` of one kind, in file order, each with its value (the third column).
type KindRows = Vec<(&'static str, Option<&'static str>)>;

/// The words of `TEMPORAL` by kind, picked out once: each date resolved looks some up.
struct ByKind {
    relative: KindRows,
    unit: KindRows,
    number: KindRows,
}

static BY_KIND: LazyLock<ByKind> = LazyLock::new(|| {
    let of = |kind: &str| -> KindRows {
        TEMPORAL
            .iter()
            .filter(|r| r.get(1).map(String::as_str) == Some(kind))
            .map(|r| (r[0].as_str(), r.get(2).map(String::as_str)))
            .collect()
    };
    ByKind { relative: of("relative"), unit: of("unit"), number: of("number") }
});

fn resolve_relative(s: &str, anchor: Option<Anchor>) -> Option<String> {
    let l = s.to_lowercase();
    if let Some(y) = NUMBER.find_iter(&l).map(|m| m.as_str()).find(|m| m.len() == 4) {
        return Some(y.to_string());
    }
    let anchor = anchor?;
    let words: Vec<&str> = l.split_whitespace().collect();
    let lexicon = &*BY_KIND;
    let offset = lexicon
        .relative
        .iter()
        .find(|(w, _)| words.contains(w))
        .and_then(|&(_, value)| value?.parse::<i32>().ok())
        .unwrap_or(0);
    let unit = lexicon.unit.iter().find(|(w, _)| words.contains(w)).and_then(|(_, value)| *value)?;
    match unit {
        "Y" => Some(format!("{:04}", anchor.year() + offset)),
        "M" => {
            let a = anchor.day()?;
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
        Err(_) => BY_KIND.number.iter().find(|(w, _)| *w == count).and_then(|&(_, value)| value?.parse().ok())?,
    };
    let unit = BY_KIND.unit.iter().find(|(w, _)| *w == unit_word).and_then(|(_, value)| *value)?;
    let (mult, letter) = match unit {
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
        dates_in(text, anchor, false)
    }

    /// [`dates`] in a text read as Indonesian (`true`) or not.
    fn dates_in(text: &str, anchor: Option<Date>, indonesian: bool) -> Vec<(String, Option<String>)> {
        find_dates(text, anchor, indonesian).into_iter().map(|d| (text[d.start..d.end].to_string(), d.value)).collect()
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

    /// An English month abbreviation before a day is a date without a year, as wire datelines write it; the
    /// Indonesian and Malay ones are not ("Des" is a name too).
    #[test]
    fn abbreviated_months_before_a_day() {
        let a = Date::new(2032, 8, 7);
        assert_eq!(dates("HANOI, Sept 14 (Wire) - Talks", a), vec![("Sept 14".into(), s("2032-09-14"))]);
        assert_eq!(dates("Signed on Aug. 3 in Hue.", a), vec![("Aug. 3".into(), s("2032-08-03"))]);
        assert_eq!(dates("Due Oct 1, 2031.", a), vec![("Oct 1, 2031".into(), s("2031-10-01"))]);
        assert_eq!(dates("Des 12 kali, Dec 145 units", a), vec![]);
    }

    /// Malay months (CLDR `ms`): those of four letters or more anywhere, and "Mac" (March) with its year; without
    /// a year only in a text read as Indonesian, as "Mac" is a word in English.
    #[test]
    fn malay_months() {
        let a = Date::new(2032, 8, 7);
        assert_eq!(dates("Ditandatangani pada 3 Ogos 2031.", a), vec![("3 Ogos 2031".into(), s("2031-08-03"))]);
        assert_eq!(dates("Majlis pada 9 Disember.", a), vec![("9 Disember".into(), s("2032-12-09"))]);
        assert_eq!(dates("Mesyuarat pada 12 Mac 2031.", a), vec![("12 Mac 2031".into(), s("2031-03-12"))]);
        assert_eq!(dates("He bought 12 Mac laptops.", a), vec![]);
        let malay = |text: &str| dates_in(text, a, true);
        assert_eq!(malay("Mesyuarat pada Isnin, 12 Mac."), vec![("Isnin, 12 Mac".into(), s("2032-03-12"))]);
        assert_eq!(
            malay("Mesyuarat pada 4 Jun dan 12 Mac 2031."),
            vec![("4 Jun".into(), s("2032-06-04")), ("12 Mac 2031".into(), s("2031-03-12")),]
        );
        assert_eq!(malay("Tiada tarikh di sini."), vec![]);
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
    fn a_text_without_a_publication_date_is_read_in_the_year_its_dates_agree_on() {
        let text = "The envoys met in Hue (6/8) and agreed to meet again next year. A forum follows in \
                    September 2024, before the summit at the end of 2024; talks began in 1998.";
        assert_eq!(
            dates(text, None),
            vec![
                ("6/8".into(), s("2024-08-06")),
                ("next year".into(), s("2025")),
                ("September 2024".into(), s("2024-09")),
                ("end of 2024".into(), s("2024")),
                ("1998".into(), s("1998")),
            ]
        );
        // Not a weekday or a month from a year alone.
        assert_eq!(dates("Signed on Monday, September 2024.", None)[0], ("Monday".into(), None));
        // A bare year is history as often as news; years that tie, or lie past this one, are no anchor.
        assert_eq!(dates("In Hue (6/8), as in 2004.", None)[0], ("6/8".into(), None));
        assert_eq!(dates("In Hue (6/8); from May 2023 to May 2024.", None)[0], ("6/8".into(), None));
        assert_eq!(dates("In Hue (6/8), to end by the end of 9000.", None)[0], ("6/8".into(), None));
        // The publication date comes first.
        assert_eq!(dates("In Hue (6/8) in September 2024.", Date::new(2023, 1, 2))[0], ("6/8".into(), s("2023-08-06")));
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

    #[test]
    fn boundaries_and_letter_runs_are_found_as_one_byte_at_a_time_finds_them() {
        let pieces =
            ["a", "Z", "9", "_", " ", "-", "\u{e9}", "\u{17f}", "\u{201c}", "\u{663}", "@", "`", "[", "{", "\n"];
        let mut next = crate::testing::sequence(11);
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        for _ in 0..5000 {
            // Up to some 160 bytes: boundaries fall on both sides of a 64-byte block's edge.
            let text = crate::testing::text_of(&mut next, &pieces, 100);
            let bytes = text.as_bytes();
            let expected: Vec<usize> = (0..bytes.len())
                .filter(|&i| {
                    let after_word = i > 0 && word(bytes[i - 1]);
                    (word(bytes[i]) && !after_word) || (bytes[i] >= 0xC0 && after_word)
                })
                .collect();
            let mut found = Vec::new();
            for_each_boundary(bytes, |i| found.push(i));
            assert_eq!(found, expected, "{text:?}");
            for i in 0..bytes.len() {
                let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
                assert_eq!(letters_end(bytes, i), end, "{text:?} at {i}");
            }
        }
    }

    #[test]
    fn opened_search_finds_what_a_whole_search_finds() {
        let texts = [
            "in 2023, since 1999 and _in 2020 x_in 2021 éin 2022 Café 2021 In\u{a0}2020 in\x0b2019 IN 2018 in2017",
            "5th May 2023, Monday, 5 May 2023, Sept. 5, 2023, Rabu (19/3/2031), 12 Mei, Kamis 3 Agustus 2023",
            "5\u{a0}years, five-year, fifty-five years, 1٣ years, x٣ tahun, 3.5 years, 5,000 officials, 3 bulan lalu",
            "ſembilan bulan, ſtart of the year, \u{212a}uartal depan, tahun depan, next year, this month, NEXT YEAR",
            "akhir tahun ini, awal bulan depan, early-2020, mid 2019, late\u{2003}2021, end of 2026, Start Of The Year",
            "pada 2020 sejak 2019 hingga 2021 Tahun 2022 tahun  2023 during the 1990s, from 1988-2000",
            // Letters that fold to ASCII ones under `(?i)`: the long s, the Kelvin sign.
            "la\u{17f}t year, thi\u{17f} month, x\u{212a}uartal depan, 5 year\u{17f}, \u{17f}ix years, five \u{17f}ears",
            // Weekdays, months and the days before and after today.
            "Monday (5 May), Kamis (3/8/2023), Minggu, (12 Mei 2024) Sunday,(5 May) Monday night, Mondays, _Monday",
            "May 5, may 5, 5May, June\u{a0}2023, September  2023, Mei 12, Desember-2023, yesterday, Today's, _today",
            "hari ini, hari  ini, Hari ini, besok pagi, Kemarin, todayx, Rabu malam, Rabu\u{a0}malam, Jumat, Sabtu.",
        ];
        let patterns = &*PATTERNS;
        for text in texts {
            let opened = opened_matches(text, patterns, |_| true);
            for (p, found) in patterns.list.iter().zip(opened) {
                if let Search::Opened(..) = p.search {
                    let whole =
                        Regex::new(&p.source).map(|re| re.find_iter(text).map(|m| (m.start(), m.end())).collect());
                    assert_eq!(whole.ok(), Some(found), "{} in {text:?}", p.source);
                }
            }
        }
    }
}
