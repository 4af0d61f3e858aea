//! Capitalised names with a head word: named agreements, events and organisations
//! (`Comprehensive Strategic Partnership`, `17th ASEAN Summit`, `Kementerian Luar Negeri`), and the fixed names of
//! instruments (`MoU`, `nota kesepahaman`).

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::lexicon::{alternation, rows, CALENDAR};
use crate::model::Label;
use crate::text::starts::{ascii_letters, eight_bytes, HIGH};

/// A name found by its head word (byte offsets), with the agreement kind for instruments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameSpan {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// Head words by the side of the name they stand on.
struct Heads {
    /// English heads, which end a name: word → label.
    finals: FxHashMap<&'static str, Label>,
    /// Indonesian heads, which begin a name: word → label.
    initials: FxHashMap<&'static str, Label>,
    /// Bit `len.min(63)` of `final_lengths[c - b'A']` is set when a final head of capital `c` has `len` bytes (and
    /// of `initial_lengths` for the initial heads): most capitalised words are ruled out without hashing them.
    final_lengths: [u64; 26],
    initial_lengths: [u64; 26],
    /// The ASCII letters each head word begins with (all of them but for `Communiqué`), with their length bits as
    /// above: a text's words that can be heads are found without taking the text apart (see `may_head`).
    letter_prefixes: FxHashSet<&'static [u8]>,
    prefix_lengths: [u64; 26],
}

/// The bit of `lengths` (see `Heads`) for `word`, which begins with an ASCII capital.
fn length_bit(word: &str) -> (usize, u64) {
    (usize::from(word.as_bytes()[0] - b'A'), 1 << word.len().min(63))
}

static HEADS: LazyLock<Heads> = LazyLock::new(|| {
    let mut finals = FxHashMap::default();
    let mut initials = FxHashMap::default();
    // The same word can head both ways (Forum, Festival, Bank): as a final head only when its first row says so
    // (the English reading comes first); as an initial head by its last initial row.
    let mut seen = FxHashSet::default();
    let (mut final_lengths, mut initial_lengths) = ([0u64; 26], [0u64; 26]);
    let (mut letter_prefixes, mut prefix_lengths) = (FxHashSet::default(), [0u64; 26]);
    for r in crate::tsv::rows(include_str!("../../data/lexicon/heads.tsv")) {
        let (Some(&w), Some(&l), Some(&p)) = (r.first(), r.get(1), r.get(2)) else { continue };
        let Some(label) = Label::from_name(l) else { continue };
        // `head` skips words without an ASCII capital first (a test checks every head has one).
        debug_assert!(w.as_bytes().first().is_some_and(u8::is_ascii_uppercase), "head word {w:?}");
        let initial = p == "initial";
        // A word without an ASCII capital first is never looked up: it needs no bit.
        let (letter, bit) =
            if w.as_bytes().first().is_some_and(u8::is_ascii_uppercase) { length_bit(w) } else { (0, 0) };
        let prefix = &w.as_bytes()[..w.bytes().take_while(u8::is_ascii_alphabetic).count()];
        if !prefix.is_empty() {
            letter_prefixes.insert(prefix);
            prefix_lengths[letter] |= 1 << prefix.len().min(63);
        }
        if seen.insert(w) && !initial {
            finals.insert(w, label);
            final_lengths[letter] |= bit;
        }
        if initial {
            initials.insert(w, label);
            initial_lengths[letter] |= bit;
        }
    }
    Heads { finals, initials, final_lengths, initial_lengths, letter_prefixes, prefix_lengths }
});

/// Instrument names matched case-insensitively, and exactly.
static INSTRUMENTS: LazyLock<(Option<Regex>, Option<Regex>)> = LazyLock::new(|| {
    let data = rows(include_str!("../../data/lexicon/instruments.tsv"));
    let ci = alternation(data.iter().filter(|r| r.get(2).map(String::as_str) == Some("ci")).map(|r| r[0].as_str()));
    let exact =
        alternation(data.iter().filter(|r| r.get(2).map(String::as_str) == Some("exact")).map(|r| r[0].as_str()));
    (
        Regex::new(&format!(r"(?i)(?-u:\b)(?:{ci})(?-u:\b)")).ok(),
        Regex::new(&format!(r"(?-u:\b)(?:{exact})(?-u:\b)")).ok(),
    )
});

/// Whether `w` is one of the words that join the capitalised words of one name. (A match on the words tests the
/// length first, which spares most words any comparison of bytes.)
fn is_connector(w: &str) -> bool {
    is_connector_bytes(w.as_bytes())
}

fn is_connector_bytes(w: &[u8]) -> bool {
    matches!(w, b"of" | b"on" | b"for" | b"and" | b"&" | b"dan" | b"untuk" | b"the" | b"de")
}

#[derive(Debug, Clone)]
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    /// Punctuation right after the word (`,` `.` `:` `;` `)` `"`...), which ends a name.
    trail: Option<char>,
    /// Punctuation right before the word (`(` `"`).
    lead: Option<char>,
}

/// Stands for a run of plain words (see `is_plain`): its empty text is neither capitalised nor a connector.
const PLAIN: Word<'static> = Word { start: 0, end: 0, text: "", trail: None, lead: None };

/// Whether a run of characters makes a word that is neither capitalised nor a connector, and so ends any name
/// before it: one that opens with a lower-case ASCII letter other than `k` (`ke-17` counts as capitalised) and is
/// not a connector. A connector with punctuation after it (`of,`) ends a name in the same way. Most words of a text
/// are plain: `chunks` sees a run of them as one `PLAIN` word, which spares taking each of them apart.
fn is_plain(raw: &[u8]) -> bool {
    matches!(raw.first(), Some(b'a'..=b'j' | b'l'..=b'z')) && !is_connector_bytes(raw)
}

/// The words of `line` (`offset`: the line's byte offset in the article) from byte `from`, where a word starts or
/// spaces do, into `out`: to the end of the line, or to the first plain word (see `is_plain`) that starts after byte
/// `past`, whose start is returned (else the line's length). Words are the runs of characters between spaces and
/// quotation marks (a quote that closes right after a word ends the word's name).
fn split_words<'a>(line: &'a str, offset: usize, from: usize, past: usize, out: &mut Vec<Word<'a>>) -> usize {
    out.clear();
    let mut pos = from;
    loop {
        while let Some(Split::Yes(n)) = split_at(line, pos) {
            pos += n;
        }
        if pos >= line.len() {
            return line.len();
        }
        let start = pos;
        pos = word_end(line, start);
        // A plain word is settled by its bytes, without taking it apart.
        if is_plain(&line.as_bytes()[start..pos]) {
            if start > past {
                return start;
            }
            if out.last().is_none_or(|w| !w.text.is_empty()) {
                out.push(PLAIN);
            }
            continue;
        }
        let raw = &line[start..pos];
        // Punctuation standing alone ("Medan , Marelan") ends the word before it.
        if !raw.bytes().any(|b| b.is_ascii_alphanumeric()) && raw.chars().all(|c| !c.is_alphanumeric()) {
            if let Some(prev) = out.last_mut() {
                prev.trail = prev.trail.or_else(|| raw.chars().next());
            }
            continue;
        }
        if let Some(word) = word_of(raw, offset + start) {
            out.push(word);
        }
    }
}

/// The byte offsets of the ASCII capitals of `bytes` that follow no ASCII letter, in order, found eight bytes at a
/// time: where a head word may begin (a head word follows a space, a quotation mark or an opening bracket).
fn capitals_after_no_letter(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let (mut next, mut base, mut pending, mut after_letter) = (0, 0, 0u64, 0u64);
    std::iter::from_fn(move || {
        while pending == 0 {
            if next >= bytes.len() {
                return None;
            }
            let x = eight_bytes(bytes, next);
            let letters = ascii_letters(x);
            // A capital is a letter whose bit 5 is clear (shifted here onto the byte's high bit).
            let capitals = letters & !(x << 2) & HIGH;
            pending = capitals & !((letters << 8) | after_letter);
            after_letter = (letters >> 56) & 0x80;
            base = next;
            next += 8;
        }
        let at = base + pending.trailing_zeros() as usize / 8;
        pending &= pending - 1;
        Some(at)
    })
}

/// Whether the word at byte `at` of `bytes` (an ASCII capital) may be a head word: its ASCII letters from there are
/// those a head word begins with. True of every head word that `split_words` finds there (what ends a word's text,
/// `'s` or punctuation or a space, is no letter); the converse need not hold.
fn may_head(bytes: &[u8], at: usize) -> bool {
    let heads = &*HEADS;
    let lengths = heads.prefix_lengths.get(usize::from(bytes[at].wrapping_sub(b'A'))).copied().unwrap_or(0);
    if lengths == 0 {
        return false;
    }
    let mut letters = 0;
    loop {
        let non_letters = !ascii_letters(eight_bytes(bytes, at + letters)) & HIGH;
        letters += non_letters.trailing_zeros() as usize / 8;
        if non_letters != 0 {
            break;
        }
    }
    lengths & (1 << letters.min(63)) != 0 && heads.letter_prefixes.contains(&bytes[at..at + letters])
}

/// A byte of `line` at or after `floor` and at most `at` from which `split_words` finds the same words as from the
/// line's start, and the same chunks as the whole line has from there on: the start of the last plain word before
/// `at` (no chunk reaches across a plain word, nor looks past one), else `floor`, which must be such a place.
/// Only plain words all in ASCII between ASCII spaces are recognised (a run of other characters may hide a split).
fn restart_before(line: &str, at: usize, floor: usize) -> usize {
    let bytes = line.as_bytes();
    let is_split = |b: &u8| b.is_ascii() && ASCII_SPLITS[usize::from(*b)];
    let mut end = at;
    while let Some(q) = bytes[floor..end].iter().rposition(is_split) {
        let start = floor + q + 1;
        let run = bytes[start..].iter().position(|b| is_split(b) || !b.is_ascii()).map_or(bytes.len(), |n| start + n);
        if bytes.get(run).is_none_or(u8::is_ascii) && is_plain(&bytes[start..run]) {
            return start;
        }
        end = floor + q;
    }
    floor
}

/// The end of the word that starts at byte `pos` of `line`: the next character words split at, or the end.
fn word_end(line: &str, mut pos: usize) -> usize {
    let bytes = line.as_bytes();
    loop {
        pos += run_of_word_bytes(&bytes[pos..]);
        match bytes.get(pos) {
            Some(&b) if b.is_ascii() => {
                if ASCII_SPLITS[usize::from(b)] {
                    return pos;
                }
                pos += 1;
            }
            Some(_) => match split_at(line, pos) {
                Some(Split::No(n)) => pos += n,
                _ => return pos,
            },
            None => return pos,
        }
    }
}

/// The length of the run of ASCII bytes at the start of `bytes` that no word splits at, or a little less: the
/// bytes are tested eight at a time, and any below `#` (spaces, controls, `!`, `"`) or beyond ASCII stops the run.
#[inline]
fn run_of_word_bytes(bytes: &[u8]) -> usize {
    use crate::text::starts::{HIGH, LOW};
    let mut n = 0;
    while let Some(eight) = bytes.get(n..n + 8) {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        // A byte's high bit is set when it is below 0x23 (the subtraction wraps) or above 0x7F. A borrow only
        // leaves a byte that wrapped, so the lowest byte marked is the first that stops the run.
        let stops = (x.wrapping_sub(0x23 * LOW) | x) & HIGH;
        if stops != 0 {
            return n + (stops.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n
}

/// The ASCII characters words split at: spaces and the straight double quote.
static ASCII_SPLITS: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = matches!(b as u8, b' ' | b'\t'..=b'\r' | b'"');
        b += 1;
    }
    t
};

enum Split {
    /// Words split at the character (a space, a straight or curly double quote) of this byte length.
    Yes(usize),
    /// The character, of this byte length, belongs to a word.
    No(usize),
}

/// Whether words split at the character at byte `i` of `line` (a char boundary), `None` at the end. ASCII, nearly all
/// of the text, is decided without decoding.
fn split_at(line: &str, i: usize) -> Option<Split> {
    let b = *line.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some(if ASCII_SPLITS[usize::from(b)] { Split::Yes(1) } else { Split::No(1) });
    }
    let c = line[i..].chars().next()?;
    Some(if c.is_whitespace() || matches!(c, '“' | '”') {
        Split::Yes(c.len_utf8())
    } else {
        Split::No(c.len_utf8())
    })
}

/// A word from a run of characters at byte offset `at`: opening and closing punctuation stripped and kept apart.
fn word_of(raw: &str, at: usize) -> Option<Word<'_>> {
    // Most words open with a letter or digit: no punctuation to strip.
    let lead_len: usize = if raw.as_bytes()[0].is_ascii_alphanumeric() {
        0
    } else {
        raw.chars().take_while(|c| matches!(c, '(' | '"' | '“' | '‘' | '\'' | '[')).map(char::len_utf8).sum()
    };
    let body = &raw[lead_len..];
    let trimmed = trim_closing(body);
    // Possessive 's belongs to the name's end, not to the name.
    let trimmed = trimmed.strip_suffix("'s").or_else(|| trimmed.strip_suffix("’s")).unwrap_or(trimmed);
    if trimmed.is_empty() {
        return None;
    }
    let start = at + lead_len;
    let trail = body[trimmed.len()..].chars().next();
    Some(Word { start, end: start + trimmed.len(), text: trimmed, trail, lead: raw[..lead_len].chars().last() })
}

/// `body` without the closing punctuation at its end: `,` `.` `:` `;` `)` `"` `”` `’` `!` `?` `]`. Compared as bytes,
/// the curly quotes by their UTF-8 encodings (both begin E2 80).
fn trim_closing(body: &str) -> &str {
    let b = body.as_bytes();
    let mut n = b.len();
    loop {
        match b[..n] {
            [.., b',' | b'.' | b':' | b';' | b')' | b'"' | b'!' | b'?' | b']'] => n -= 1,
            [.., 0xE2, 0x80, 0x9D | 0x99] => n -= 3,
            _ => break,
        }
    }
    &body[..n]
}

#[inline]
fn is_capitalised(w: &str) -> bool {
    // Most words begin with an ASCII letter other than `k`: its case decides.
    match w.as_bytes().first() {
        Some(b'A'..=b'Z') => return true,
        Some(b'a'..=b'j' | b'l'..=b'z') => return false,
        _ => {}
    }
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        // Ordinals and years open or close names: 17th, 2031, ke-17.
        Some(c) if c.is_ascii_digit() => {
            w.chars().all(|c| c.is_ascii_digit()) && w.len() == 4
                || w.ends_with("st")
                || w.ends_with("nd")
                || w.ends_with("rd")
                || w.ends_with("th")
        }
        _ => w.starts_with("ke-") && w[3..].chars().all(|c| c.is_ascii_digit()) && w.len() > 3,
    }
}

/// True for a heading: most longer words capitalised and no closing full stop.
pub fn is_title_case(line: &str) -> bool {
    let t = line.trim();
    if t.ends_with('.') || t.ends_with('"') || t.ends_with('”') {
        return false;
    }
    let (mut long, mut capitalised) = (0, 0);
    if t.is_ascii() {
        // The same count by bytes: ASCII whitespace is what `split_whitespace` splits an ASCII line at.
        for w in t.as_bytes().split(|b| matches!(b, b' ' | b'\t'..=b'\r')) {
            if w.iter().filter(|b| b.is_ascii_alphabetic()).nth(3).is_some() {
                long += 1;
                capitalised += usize::from(w[0].is_ascii_uppercase());
            }
        }
        return long >= 2 && capitalised * 10 >= long * 7;
    }
    for w in t.split_whitespace() {
        // An ASCII word's letters are its ASCII letters.
        let is_long = if w.is_ascii() {
            w.bytes().filter(u8::is_ascii_alphabetic).nth(3).is_some()
        } else {
            w.chars().filter(|c| c.is_alphabetic()).nth(3).is_some()
        };
        if is_long {
            long += 1;
            capitalised += usize::from(w.chars().next().is_some_and(char::is_uppercase));
        }
    }
    long >= 2 && capitalised * 10 >= long * 7
}

/// Runs of capitalised words joined by connectors: `[start, end)` word index ranges, into `out`.
fn chunks(words: &[Word<'_>], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalised(words[i].text) || is_connector(words[i].text) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < words.len()
            && (words[end - 1].trail.is_none()
                || words[end - 1].trail == Some(',') && list_continues(words, start, end))
            && words[end].lead.is_none_or(|c| c == '(')
        {
            let w = words[end].text;
            if is_capitalised(w) && words[end].lead.is_none() {
                end += 1;
                continue;
            }
            // An acronym in parentheses inside an Indonesian name: Konferensi Tingkat Tinggi (KTT) ke-17.
            if words[end].lead == Some('(') && words[end].trail == Some(')') && is_capitalised(w) {
                if end + 1 < words.len()
                    && words[end + 1].text.starts_with("ke-")
                    && is_capitalised(words[end + 1].text)
                {
                    end += 2;
                    continue;
                }
                break;
            }
            // Connectors, possibly two (of the, on the), then a capitalised word.
            let mut j = end;
            while j < words.len() && j < end + 2 && is_connector(words[j].text) && words[j].trail.is_none() {
                j += 1;
            }
            if j > end
                && j < words.len()
                && is_capitalised(words[j].text)
                && words[j].lead.is_none()
                && CALENDAR.month(words[j].text).is_none()
                && CALENDAR.weekday(words[j].text).is_none()
            {
                end = j + 1;
                continue;
            }
            break;
        }
        out.push((start, end));
        i = end;
    }
}

/// Inside an organisation's name, a comma may separate listed fields: "Ministry of Trade, Industry, and Energy".
fn list_continues(words: &[Word<'_>], start: usize, end: usize) -> bool {
    let opens_list = words[start..end]
        .windows(2)
        .any(|w| head(w[0].text, false).is_some_and(|h| h == Label::Org) && w[1].text == "of");
    let next = words.get(end).map(|w| w.text).unwrap_or("");
    let after = words.get(end + 1).map(|w| w.text).unwrap_or("");
    opens_list && (is_capitalised(next) && head(next, false).is_none() || next == "and" && is_capitalised(after))
}

/// Whether `word` heads organisation names (`Ministry`, `Partai`, ...), in either language.
pub fn is_org_head(word: &str) -> bool {
    head(word, false).or_else(|| head(word, true)).is_some_and(|h| h == Label::Org)
}

fn head(word: &str, initial: bool) -> Option<Label> {
    // Every head word begins with an ASCII capital (checked where they are read): most words need no look-up.
    if !word.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let heads = &*HEADS;
    let (letter, bit) = length_bit(word);
    let (words, lengths) =
        if initial { (&heads.initials, &heads.initial_lengths) } else { (&heads.finals, &heads.final_lengths) };
    if lengths[letter] & bit == 0 {
        return None;
    }
    words.get(word).copied()
}

/// Suffixes of a compound that describes a name rather than begins it: "Singapore-based", "US-led",
/// "state-owned".
const MODIFIER_SUFFIXES: [&str; 10] =
    ["-based", "-led", "-backed", "-owned", "-linked", "-born", "-funded", "-controlled", "-run", "-affiliated"];

/// Whether `word` is a compound that describes a name rather than begins it (see [`MODIFIER_SUFFIXES`]): what
/// follows its last hyphen, which has something before it, is one of them, in any case. (Called on every tagged
/// span: it neither allocates nor tries the suffixes on a word without a hyphen.)
fn is_modifier(word: &str) -> bool {
    word.rfind('-').is_some_and(|at| at > 0 && MODIFIER_SUFFIXES.iter().any(|s| word[at..].eq_ignore_ascii_case(s)))
}

/// The bytes of `name` taken by a compound that describes it (`Singapore-based Grab Holdings`: "Singapore-based "),
/// 0 if it opens with none or is nothing else.
pub(crate) fn modifier_len(name: &str) -> usize {
    let first = name.split(' ').next().unwrap_or("");
    if first.len() < name.len() && is_modifier(first) {
        name.len() - name[first.len()..].trim_start().len()
    } else {
        0
    }
}

/// A name's label by its head word, and the words it covers within the chunk. A forum or a congress is an event
/// when it has an edition (ordinal, year) or a subtitle, or (a congress) is a world's or is on a subject ("World
/// Congress on ..."); else a standing body: "the Economic Forum", "the United States Congress", "Indian National
/// Congress", "Kongres Amerika Serikat".
fn classify(words: &[Word<'_>], chunk: (usize, usize), indonesian: bool) -> Option<(usize, usize, Label)> {
    let (mut start, end, label) = classify_by_head(words, chunk, indonesian)?;
    // A word capitalised only as it opens the sentence is not part of the name after it: "Shares of Deutsche
    // Telekom rose", "Officials of Example Holdings said".
    let opens_sentence = start == 0 || matches!(words[start - 1].trail, Some('.' | '!' | '?' | ':'));
    if !indonesian
        && label == Label::Org
        && opens_sentence
        && end >= start + 4
        && matches!(words[start + 1].text, "of" | "for")
        && head(words[start].text, false).is_none()
        && crate::ner::usually_small(words[start].text)
    {
        start += 2;
    }
    if end >= start + 3 && is_modifier(words[start].text) {
        start += 1;
    }
    let name = &words[start..end];
    let names = |heads: &[&str]| name.iter().any(|w| heads.contains(&w.text));
    if label == Label::Event && names(&["Forum", "Congress", "Kongres"]) {
        let edition = name.iter().any(|w| w.text.split('-').any(|p| p.starts_with(|c: char| c.is_ascii_digit())))
            || words[end - 1].trail == Some(':');
        let gathering = names(&["Congress", "Kongres"])
            && names(&["World", "International", "Dunia", "Internasional", "on", "tentang"]);
        if !edition && !gathering {
            return Some((start, end, Label::Org));
        }
    }
    Some((start, end, label))
}

/// [`classify`] by the head word alone.
fn classify_by_head(words: &[Word<'_>], chunk: (usize, usize), indonesian: bool) -> Option<(usize, usize, Label)> {
    let (s, e) = chunk;
    // Every name is two words or more (a head and the name it heads).
    if e - s < 2 {
        return None;
    }
    let ws = &words[s..e];
    if indonesian {
        if let Some(k) = (0..ws.len()).find(|&k| head(ws[k].text, true).is_some()) {
            let label = head(ws[k].text, true)?;
            // The head needs a name after it; a year closes only an event's name.
            let mut e = e;
            while label != Label::Event
                && e > s + k + 1
                && ws[e - s - 1].text.len() == 4
                && ws[e - s - 1].text.chars().all(|c| c.is_ascii_digit())
            {
                e -= 1;
            }
            if e - (s + k) >= 2 {
                return Some((s + k, e, label));
            }
        }
    }
    // English: the last head word, with an "of ..." or "on ..." tail kept.
    let mut best = None;
    // A place head inside the tail of an earlier name ("Statement of Pacific Islands Leaders") is not the head.
    let last_non_place = (0..ws.len()).rev().find(|&k| head(ws[k].text, false).is_some_and(|h| h != Label::Location));
    for k in (0..ws.len()).rev() {
        if head(ws[k].text, false).is_some_and(|h| h == Label::Location) && last_non_place.is_some_and(|p| p < k) {
            continue;
        }
        if let Some(label) = head(ws[k].text, false) {
            let tail_kept = ws.get(k + 1).is_some_and(|w| matches!(w.text, "of" | "on" | "for"));
            let end = if tail_kept { e } else { s + k + 1 };
            // Before its head a name has no "the": "Officials of the Ministry of Trade", "Yesterday the Supreme
            // Court" name the ministry and the court.
            let mut start = (0..k).rev().find(|&j| ws[j].text == "the").map_or(s, |j| s + j + 1);
            while start < end && matches!(ws[start - s].text, "The" | "A" | "An") {
                start += 1;
            }
            if end - start >= 2 {
                best = Some((start, end, label));
            }
            break;
        }
    }
    let (start, mut end, label) = best?;
    // A year closes an event's name (KTT ke-17 ASEAN 2031), not an organisation's.
    while label != Label::Event
        && end > start + 1
        && words[end - 1].text.len() == 4
        && words[end - 1].text.chars().all(|c| c.is_ascii_digit())
    {
        end -= 1;
    }
    Some((start, end, label))
}

/// Split a chunk where `dan`/`and` is followed by a word that begins another name (`Kementerian A dan Badan B`);
/// the parts go into `out`.
fn split_coordination(words: &[Word<'_>], chunk: (usize, usize), indonesian: bool, out: &mut Vec<(usize, usize)>) {
    let mut start = chunk.0;
    for k in chunk.0 + 1..chunk.1.saturating_sub(1) {
        if !matches!(words[k].text, "dan" | "and") {
            continue;
        }
        let next = if words[k + 1].text == "the" { k + 2 } else { k + 1 };
        if next >= chunk.1 {
            continue;
        }
        let split = if indonesian {
            head(words[next].text, true).is_some()
        } else {
            // Two complete English names: a head before "and", and one after it.
            let has_head = |r: std::ops::Range<usize>| words[r].iter().any(|w| head(w.text, false).is_some());
            ends_name(words, start, k) && has_head(next..chunk.1)
        };
        if split {
            out.push((start, k));
            start = next;
        }
    }
    out.push((start, chunk.1));
}

/// Whether words `[start, k)` make a name that is complete on its own: a head, then at most an "of X" tail.
fn ends_name(words: &[Word<'_>], start: usize, k: usize) -> bool {
    match words[start..k].iter().rposition(|w| head(w.text, false).is_some()) {
        Some(h) => {
            let tail = &words[start + h + 1..k];
            tail.is_empty() || tail.first().is_some_and(|w| matches!(w.text, "of" | "on" | "for")) && tail.len() >= 2
        }
        None => false,
    }
}

/// Named agreements, events and organisations of `text`, line by line.
pub fn find_names(text: &str, indonesian: bool) -> Vec<NameSpan> {
    let mut out = Vec::new();
    // Instrument names never span a line break, and every line keeps the one that ends it: one search over the
    // text finds what a search of each line would, and each line takes its share, the case-insensitive ones first.
    let mut instruments = match &*INSTRUMENTS {
        (Some(ci), Some(exact)) => vec![ci.find_iter(text).peekable(), exact.find_iter(text).peekable()],
        _ => Vec::new(),
    };
    let mut words = Vec::new();
    // Word index ranges of a line's chunks and of their parts, kept from line to line.
    let (mut chunked, mut parts) = (Vec::new(), Vec::new());
    // Every name has a head word: only the stretches of text around the words that may be heads are taken apart.
    let mut heads = capitals_after_no_letter(text.as_bytes()).filter(|&at| may_head(text.as_bytes(), at)).peekable();
    let mut offset = 0;
    for end in crate::text::line_ends(text) {
        let line = &text[offset..end];
        for found in &mut instruments {
            while let Some(m) = found.next_if(|m| m.start() < end) {
                out.push(NameSpan { start: m.start(), end: m.end(), label: Label::Agreement });
            }
        }
        if heads.peek().is_some_and(|&at| at < end) && !is_title_case(line) {
            // The line's bytes before `done` have been taken apart.
            let mut done = 0;
            while let Some(at) = heads.next_if(|&at| at < end) {
                let at = at - offset;
                if at >= done {
                    let from = restart_before(line, at, done);
                    done = split_words(line, offset, from, at, &mut words);
                    names_of_words(&words, indonesian, &mut chunked, &mut parts, &mut out);
                }
            }
        }
        // A heading's head words name nothing.
        while heads.next_if(|&at| at < end).is_some() {}
        offset = end;
    }
    // "Johnson & Johnson", "Procter & Gamble": names joined by an ampersand are a firm's. (A byte test spares most
    // texts the regex.)
    if memchr::memchr(b'&', text.as_bytes()).is_some() {
        // Places so joined ("Trinidad & Tobago", "Jakarta & Bandung") are left to the lists.
        let place = |s: &str| crate::gazetteer::country_code(s).is_some() || crate::gazetteer::is_place(s);
        // A name of more words on either side is a list of people ("Moses Malone & Julius Erving").
        let capitalised = |w: Option<&str>| w.is_some_and(|w| w.starts_with(char::is_uppercase));
        out.extend(
            AMPERSAND_NAMES
                .find_iter(text)
                .filter(|m| {
                    !m.as_str().split(" & ").any(place)
                        && !capitalised(text[..m.start()].strip_suffix(' ').and_then(|r| r.rsplit(' ').next()))
                        && !capitalised(text[m.end()..].strip_prefix(' ').and_then(|r| r.split(' ').next()))
                })
                .map(|m| NameSpan { start: m.start(), end: m.end(), label: Label::Org }),
        );
    }
    out
}

/// A capitalised word, ` & `, and another: a firm named after its founders or its trades.
static AMPERSAND_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"\p{Lu}[\p{L}'’-]*";
    Regex::new(&format!(r"\b{word} & {word}")).expect("valid regex")
});

/// The names made of `words` (a line's, or a stretch of a line that begins at a plain word or the line's start and
/// ends before one or at the line's end), into `out`.
fn names_of_words(
    words: &[Word<'_>],
    indonesian: bool,
    chunked: &mut Vec<(usize, usize)>,
    parts: &mut Vec<(usize, usize)>,
    out: &mut Vec<NameSpan>,
) {
    chunks(words, chunked);
    parts.clear();
    for &chunk in chunked.iter() {
        split_coordination(words, chunk, indonesian, parts);
    }
    for &chunk in parts.iter() {
        if let Some((s, e, label)) = classify(words, chunk, indonesian) {
            let mut end = words[e - 1].end;
            // A subtitle after a colon belongs to an event's name: "Forum: Implementation of the Plan".
            if label == Label::Event && words[e - 1].trail == Some(':') {
                // `chunked` is no longer needed for this line.
                chunks(&words[e..], chunked);
                if let Some(sub) = chunked.first().filter(|c| c.0 == 0) {
                    end = words[e + sub.1 - 1].end;
                }
            }
            out.push(NameSpan { start: words[s].start, end, label });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `head` looks up only words that begin with an ASCII capital, which every listed head must do.
    #[test]
    fn every_head_word_begins_with_an_ascii_capital() {
        for r in crate::tsv::rows(include_str!("../../data/lexicon/heads.tsv")) {
            if let Some(w) = r.first() {
                assert!(w.as_bytes().first().is_some_and(u8::is_ascii_uppercase), "{w:?}");
            }
        }
    }

    /// `find_names` as it was before it took only the stretches around possible heads apart: every line whole.
    fn names_of_whole_lines(text: &str, indonesian: bool) -> Vec<NameSpan> {
        let mut out = Vec::new();
        let (mut words, mut chunked, mut parts) = (Vec::new(), Vec::new(), Vec::new());
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if !is_title_case(line) {
                split_words(line, offset, 0, usize::MAX, &mut words);
                names_of_words(&words, indonesian, &mut chunked, &mut parts, &mut out);
            }
            offset += line.len();
        }
        out
    }

    #[test]
    fn capitals_after_no_letter_are_found_as_one_byte_at_a_time_finds_them() {
        let pieces = ["a", "Z", "K", "9", " ", "-", "\u{e9}", "\u{c9}", "\u{201c}", "\n", "@", "[", "`", "{"];
        let mut next = crate::testing::sequence(17);
        for _ in 0..3000 {
            let text = crate::testing::text_of(&mut next, &pieces, 40);
            let b = text.as_bytes();
            let expected: Vec<usize> = (0..b.len())
                .filter(|&i| b[i].is_ascii_uppercase() && (i == 0 || !b[i - 1].is_ascii_alphabetic()))
                .collect();
            assert_eq!(capitals_after_no_letter(b).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn stretches_around_heads_name_what_whole_lines_name() {
        let pieces = [
            "Ministry",
            "Summit",
            "Forum",
            "Kementerian",
            "Badan",
            "Communiqué",
            "Communiqu",
            "Agreement",
            "Bank",
            "of",
            "the",
            "and",
            "dan",
            "on",
            "ke-17",
            "2023",
            "17th",
            "(KTT)",
            "KTT",
            "The",
            "Trade",
            "Luar",
            "Negeri",
            "Pacific",
            "March",
            "talks",
            "said",
            "k",
            "x-Summit",
            "Summit's",
            "Forum:",
            "of,",
            ",",
            ".",
            ":",
            "(",
            "\"",
            "\u{201c}",
            "\u{201d}",
            "\u{a0}",
            "\u{e9}",
            "Z\u{e9}",
            "\u{e9}Forum",
            "9Forum",
            " ",
            " ",
            " ",
            "\n",
        ];
        let mut next = crate::testing::sequence(13);
        for n in 0..4000 {
            let mut text = String::new();
            for _ in 0..next() % 30 {
                text.push_str(pieces[next() % pieces.len()]);
                if next() % 3 > 0 {
                    text.push(' ');
                }
            }
            let indonesian = n % 2 == 0;
            let whole = names_of_whole_lines(&text, indonesian);
            let found: Vec<_> =
                find_names(&text, indonesian).into_iter().filter(|n| n.label != Label::Agreement).collect();
            let whole: Vec<_> = whole.into_iter().filter(|n| n.label != Label::Agreement).collect();
            assert_eq!(found, whole, "{text:?}");
        }
    }

    fn names(line: &str, id: bool) -> Vec<(String, Label)> {
        find_names(line, id).into_iter().map(|n| (line[n.start..n.end].to_string(), n.label)).collect()
    }

    #[test]
    fn a_name_before_its_head_has_no_the() {
        assert_eq!(names("Officials of the Ministry of Trade met.", false), [("Ministry of Trade".into(), Label::Org)]);
        assert_eq!(names("Yesterday the Supreme Court ruled.", false), [("Supreme Court".into(), Label::Org)]);
        assert_eq!(
            names("He went to the Bank of the Pacific Islands today.", false),
            [("Bank of the Pacific Islands".into(), Label::Org)]
        );
    }

    #[test]
    fn english_names_by_head() {
        assert_eq!(
            names(
                "The leaders welcomed the Mekong-Lancang Green Growth Initiative and met at the 9th Pacific Summit.",
                false
            ),
            vec![
                ("Mekong-Lancang Green Growth Initiative".into(), Label::Agreement),
                ("9th Pacific Summit".into(), Label::Event)
            ]
        );
        assert_eq!(
            names("officials of the Ministry of Trade and Industry of Chile attended", false),
            vec![("Ministry of Trade and Industry of Chile".into(), Label::Org)]
        );
        assert_eq!(
            names("the Joint Statement of Pacific Islands Leaders on Ocean Health was read.", false),
            vec![("Joint Statement of Pacific Islands Leaders on Ocean Health".into(), Label::Agreement)]
        );
        assert_eq!(
            names("through the Andean Regional Forum (ARF).", false),
            vec![("Andean Regional Forum".into(), Label::Org)]
        );
    }

    /// Companies by their legal or trade head words; a word that only opens the sentence is not part of one.
    #[test]
    fn companies_and_the_word_opening_a_sentence() {
        assert_eq!(names("Shares of Nusa & Teluk fell.", false), [("Nusa & Teluk".into(), Label::Org)]);
        assert!(names("Trains run between Jakarta & Bandung daily.", false).is_empty());
        assert!(names("Guests were Dedi Rahman & Ana Rojas.", false).is_empty());
        assert!(names("It ran in Social Science & Medicine today.", false).is_empty());
        assert_eq!(names("Shares of Queensport Telekom rose.", false), [("Queensport Telekom".into(), Label::Org)]);
        assert_eq!(
            names("Nusa Harbour Bhd and Teluk Energi Tbk signed it.", false),
            [("Nusa Harbour Bhd".into(), Label::Org), ("Teluk Energi Tbk".into(), Label::Org)]
        );
        assert_eq!(names("Queensport Holdings rose.", false), [("Queensport Holdings".into(), Label::Org)]);
        // A compound describing the name is not part of it.
        assert_eq!(
            names("The Queensport-based Nusa Harbour Holdings rose.", false),
            [("Nusa Harbour Holdings".into(), Label::Org)]
        );
        assert_eq!(modifier_len("State-owned Teluk Energi"), "State-owned ".len());
        assert_eq!((modifier_len("Teluk-based"), modifier_len("Teluk Energi")), (0, 0));
        assert!(is_modifier("US-LED") && is_modifier("Jakarta-Based") && is_modifier("pro-Beijing-backed"));
        assert!(!is_modifier("-based") && !is_modifier("Based") && !is_modifier("Sino-Indonesian"));
        // A head word, or a word usually capitalised, opening the sentence stays.
        assert_eq!(names("University of Queensport said.", false), [("University of Queensport".into(), Label::Org)]);
    }

    /// A congress is a legislature or a party, unless it is a gathering: numbered, a world's, or on a subject.
    #[test]
    fn congresses_are_bodies_unless_gatherings() {
        let one = |text: &str, indonesian: bool| names(text, indonesian).into_iter().next();
        assert_eq!(one("The bill went to the Chilean National Congress today.", false).map(|n| n.1), Some(Label::Org));
        assert_eq!(one("Kongres Republik Queensport menolak anggaran itu.", true).map(|n| n.1), Some(Label::Org));
        assert_eq!(one("Delegates met at the World Congress on Tide Energy.", false).map(|n| n.1), Some(Label::Event));
        assert_eq!(one("The 19th Queensport Party Congress opened.", false).map(|n| n.1), Some(Label::Event));
        assert_eq!(one("Kongres ke-5 Persatuan Nelayan dibuka.", true).map(|n| n.1), Some(Label::Event));
    }

    #[test]
    fn coordinated_and_listed_names() {
        assert_eq!(
            names("between the National Space Agency of Peru and the Space Administration of Chile was signed.", false),
            vec![
                ("National Space Agency of Peru".into(), Label::Org),
                ("Space Administration of Chile".into(), Label::Org)
            ]
        );
        assert_eq!(
            names("with the Ministry of Trade, Industry, and Energy of Chile on Tuesday.", false),
            vec![("Ministry of Trade, Industry, and Energy of Chile".into(), Label::Org)]
        );
        assert_eq!(
            names("a statement from Peru's Foreign Ministry on Wednesday said.", false),
            vec![("Foreign Ministry".into(), Label::Org)]
        );
        assert_eq!(
            names("officials of the Ministry of Trade and Industry of Chile attended.", false),
            vec![("Ministry of Trade and Industry of Chile".into(), Label::Org)]
        );
    }

    #[test]
    fn indonesian_names_by_head() {
        assert_eq!(
            names("pejabat Kementerian Luar Negeri dan Badan Pusat Statistik hadir.", true),
            vec![("Kementerian Luar Negeri".into(), Label::Org), ("Badan Pusat Statistik".into(), Label::Org)]
        );
        assert_eq!(
            names("di sela Konferensi Tingkat Tinggi (KTT) ke-12 Pasifik 2025 di Suva.", true),
            vec![("Konferensi Tingkat Tinggi (KTT) ke-12 Pasifik 2025".into(), Label::Event)]
        );
    }

    #[test]
    fn fixed_instrument_names() {
        assert_eq!(
            names("signed a memorandum of understanding (MoU) and a nota kesepahaman", false),
            vec![
                ("memorandum of understanding".into(), Label::Agreement),
                ("nota kesepahaman".into(), Label::Agreement),
                ("MoU".into(), Label::Agreement)
            ]
        );
        assert!(names("Mou and Mourinho talked.", false).is_empty());
    }

    #[test]
    fn headings_are_skipped() {
        assert!(names("Regional Partnership Vital for Coastal Growth", false).is_empty());
    }
}
