//! The word tokeniser: one left-to-right pass over whitespace-separated chunks, linear in the input.

use std::sync::LazyLock;

use super::is_abbreviation;

/// A token as a byte range `start..end` of the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text in `text` (empty if the range does not fit the text).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Letters, digits and combining marks: the characters a word is made of.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match WORD_CHARS_BELOW.get(c as usize / 64) {
        Some(bits) => bits >> (c as usize % 64) & 1 == 1,
        None => is_word_char_by_lookup(c),
    }
}

fn is_word_char_by_lookup(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c) || c == '\u{200d}'
}

/// [`is_word_char`] of every character below U+3000 (the alphabets, punctuation and symbols of news text), one
/// bit each: the standard library's Unicode look-up costs more than a hundred instructions a character.
static WORD_CHARS_BELOW: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x3000 / 64];
    for c in (0..0x3000).filter_map(char::from_u32).filter(|&c| is_word_char_by_lookup(c)) {
        bits[c as usize / 64] |= 1 << (c as usize % 64);
    }
    bits
});

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Punctuation that may open a chunk before a URL or e-mail address.
fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '<' | '"' | '\'' | '\u{201c}' | '\u{2018}' | '\u{ab}')
}

/// Punctuation that may close a chunk after a URL or e-mail address.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '>' | '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{bb}'
    )
}

/// Split `text` into tokens: words (with `O'Brien`, `don't`, lowercase hyphen compounds such as `anak-anak`
/// kept whole), numbers with internal `.,:/` (`1,000.5`, `10/5/2023`), abbreviations and initials with their
/// period (`Mr.`, `U.S.`, `G.`), possessive `'s` split off, URLs and e-mail addresses whole, and punctuation
/// (a run of one repeated mark, like `...`, is one token). A hyphen between words is its own token when the
/// word starts with a capital or the part after the hyphen does (`Indonesia-Russia`, `Korea-based`).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    while let Some((c, width)) = char_at(text, i) {
        if c.is_whitespace() {
            i += width;
            continue;
        }
        let (end, has_at) = chunk_end(text, i + width);
        tokenize_chunk(text, i, end, has_at || c == '@', &mut out);
        i = end;
    }
    out
}

/// Where the chunk that goes on at byte `i` ends (the next white space or the end of the text), and whether it
/// has an `@` from `i` on: noted on the way so that most chunks need no search for an e-mail address.
fn chunk_end(text: &str, mut i: usize) -> (usize, bool) {
    let mut has_at = false;
    while let Some(&b) = text.as_bytes().get(i) {
        if b.is_ascii() {
            if matches!(b, b' ' | b'\t'..=b'\r') {
                break;
            }
            has_at |= b == b'@';
            i += 1;
        } else {
            match char_at(text, i) {
                Some((c, width)) if !c.is_whitespace() => i += width,
                _ => break,
            }
        }
    }
    (i, has_at)
}

/// The end of the run of word characters that starts at byte `i`, before `end`.
fn word_run_end(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        let b = text.as_bytes()[i];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match char_at(text, i) {
                Some((c, width)) if is_word_char(c) => i += width,
                _ => break,
            }
        }
    }
    i
}

/// The character at byte `i` of `text` and its width, read straight from the byte when it is ASCII (most text).
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// The character at byte `i` of `text` and its width when `i` is before `end`.
#[inline]
fn char_before(text: &str, i: usize, end: usize) -> Option<(char, usize)> {
    if i < end {
        char_at(text, i)
    } else {
        None
    }
}

/// Whether `s` (a chunk without its opening punctuation) is a URL or an e-mail address; `has_at`: whether `s`
/// contains an `@`.
fn is_url_or_email(s: &str, has_at: bool) -> bool {
    // No character outside ASCII lowercases to one of these letters, so an ASCII comparison is exact.
    let starts = |p: &str| s.as_bytes().get(..p.len()).is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()));
    if starts("http://") || starts("https://") || starts("www.") {
        return s.len() > 7;
    }
    if let Some(at) = has_at.then(|| s.find('@')).flatten() {
        let (user, domain) = (&s[..at], &s[at + 1..]);
        return user.chars().last().is_some_and(is_word_char)
            && user.chars().next().is_some_and(is_word_char)
            && domain.chars().next().is_some_and(is_word_char)
            && domain.trim_end_matches(is_closing).contains('.');
    }
    false
}

/// Tokenise the chunk `start..end` of `text` (`has_at`: whether it contains an `@`).
fn tokenize_chunk(text: &str, start: usize, end: usize, has_at: bool, out: &mut Vec<Token>) {
    let chunk = &text[start..end];
    // URL or e-mail: decided once per chunk so the pass stays linear.
    let lead = chunk.find(|c: char| !is_opening(c)).unwrap_or(chunk.len());
    if is_url_or_email(&chunk[lead..], has_at) {
        let body = chunk[lead..].trim_end_matches(is_closing);
        let body_end = start + lead + body.len();
        punct_run(text, start, start + lead, out);
        out.push(Token { start: start + lead, end: body_end });
        punct_run(text, body_end, end, out);
        return;
    }
    let mut i = start;
    while let Some((c, width)) = char_before(text, i, end) {
        if is_word_char(c) {
            i = word(text, i, c, end, out);
        } else if let Some(len) = is_apostrophe(c).then(|| clitic_at(text, i, end)).flatten() {
            out.push(Token { start: i, end: i + len });
            i += len;
        } else {
            let mut e = i + width;
            while char_before(text, e, end).is_some_and(|(d, _)| d == c) {
                e += width;
            }
            out.push(Token { start: i, end: e });
            i = e;
        }
    }
}

/// Every character of `start..end` as its own punctuation token (runs of one mark together).
fn punct_run(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let mut i = start;
    while i < end {
        let Some(c) = text[i..end].chars().next() else {
            break;
        };
        let mut e = i + c.len_utf8();
        while e < end && text[e..end].starts_with(c) {
            e += c.len_utf8();
        }
        out.push(Token { start: i, end: e });
        i = e;
    }
}

/// The byte length of a clitic at `i` (`'s`, `’s`, `'m`, `'re`, `'ve`, `'ll`, `'d`) followed by a non-word
/// character or the end: a possessive or a contraction, split off as its own token.
fn clitic_at(text: &str, i: usize, end: usize) -> Option<usize> {
    let mut it = text[i..end].chars();
    let apostrophe = it.next()?;
    let rest = it.as_str();
    let letters_len: usize = rest.chars().take_while(|c| c.is_alphabetic()).take(3).map(char::len_utf8).sum();
    let letters = &rest[..letters_len];
    let clitic = ["s", "m", "re", "ve", "ll", "d"].iter().any(|c| c.eq_ignore_ascii_case(letters));
    let after = rest[letters.len()..].chars().next();
    (clitic && !after.is_some_and(is_word_char)).then(|| apostrophe.len_utf8() + letters.len())
}

/// Scan one word starting at `i` with the character `first`; push it and return where scanning continues.
fn word(text: &str, i: usize, first: char, end: usize, out: &mut Vec<Token>) -> usize {
    let mut k = i;
    let mut prev = first;
    loop {
        let run_start = k;
        k = word_run_end(text, k, end);
        if let Some(c) = text[run_start..k].chars().next_back() {
            prev = c;
        }
        let Some((sep, sep_width)) = char_before(text, k, end) else { break };
        let next = char_before(text, k + sep_width, end).map(|(c, _)| c);
        let joins = match (sep, next) {
            ('.' | ',' | ':' | '/', Some(n)) if prev.is_ascii_digit() && n.is_ascii_digit() => true,
            // file and host names: `detik.com`, `report.pdf`
            ('.', Some(n)) => {
                prev.is_alphanumeric()
                    && n.is_lowercase()
                    && !is_abbreviation(&text[i..k])
                    && text[i..k].chars().count() > 1
            }
            (s, Some(n)) if is_apostrophe(s) => {
                prev.is_alphabetic() && n.is_alphabetic() && clitic_at(text, k, end).is_none()
            }
            ('-' | '\u{2010}' | '\u{2011}', Some(n)) => is_word_char(n) && !n.is_uppercase() && !first.is_uppercase(),
            _ => false,
        };
        if !joins {
            break;
        }
        k += sep_width;
    }
    // A period that belongs to the word: dotted abbreviations (U.S., a.m.), initials (G.), listed abbreviations.
    if k < end && text.as_bytes()[k] == b'.' {
        let w = &text[i..k];
        let single_letter = w.chars().count() == 1 && first.is_alphabetic();
        if single_letter {
            let mut e = k + 1;
            // Continue X.Y.Z. while each part is one letter followed by a period.
            loop {
                let mut it = text[e..end].chars();
                match (it.next(), it.next()) {
                    (Some(l), Some('.')) if l.is_alphabetic() => e += l.len_utf8() + 1,
                    _ => break,
                }
            }
            let dotted = e > k + 1;
            if dotted || first.is_uppercase() {
                out.push(Token { start: i, end: e });
                return e;
            }
        } else if is_abbreviation(w) {
            out.push(Token { start: i, end: k + 1 });
            return k + 1;
        }
    }
    out.push(Token { start: i, end: k });
    k
}
