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
/// kept whole), numbers with internal `.,:/` (`1,000.5`, `19/3/2031`), abbreviations and initials with their
/// period (`Mr.`, `U.S.`, `G.`), possessive `'s` split off, URLs and e-mail addresses whole, and punctuation
/// (a run of one repeated mark, like `...`, is one token). A hyphen between words is its own token when the
/// word starts with a capital or the part after the hyphen does (`Indonesia-Russia`, `Korea-based`).
///
/// The text is read once: a chunk (a run without white space) is tokenised from its start until white space,
/// which ends every token, so its end is looked for only when the chunk may be a URL or an e-mail address.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut at_signs = AtSigns::new(text);
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // White space between chunks: an ASCII byte is judged as it is, other characters decoded.
        if b.is_ascii() {
            if is_ascii_space(b) {
                i += 1;
                continue;
            }
        } else if let Some((_, width)) = char_at(text, i).filter(|&(c, _)| c.is_whitespace()) {
            i += width;
            continue;
        }
        let has_at = at_signs.in_chunk(text, i);
        i = tokenize_chunk(text, i, has_at, &mut out);
    }
    out
}

/// The ASCII characters that are white space (`char::is_whitespace`).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The next `@` of the text and where its chunk starts: which chunk holds an `@` (and may be an e-mail address),
/// known without reading each chunk to its end. `@` is rare, so it is searched for once per sign.
struct AtSigns {
    /// Byte offset of the next `@` (`usize::MAX` when there is none).
    at: usize,
    /// Where the chunk that holds `at` starts (`usize::MAX` when there is none).
    chunk: usize,
}

impl AtSigns {
    fn new(text: &str) -> AtSigns {
        let mut signs = AtSigns { at: 0, chunk: 0 };
        signs.find_from(text, 0);
        signs
    }

    fn find_from(&mut self, text: &str, start: usize) {
        match memchr::memchr(b'@', &text.as_bytes()[start..]) {
            Some(p) => {
                self.at = start + p;
                self.chunk = text[start..self.at]
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| c.is_whitespace())
                    .map_or(start, |(p, c)| start + p + c.len_utf8());
            }
            None => (self.at, self.chunk) = (usize::MAX, usize::MAX),
        }
    }

    /// Whether the chunk that starts at byte `start` (chunks asked about in text order) has an `@`.
    fn in_chunk(&mut self, text: &str, start: usize) -> bool {
        if self.at < start {
            self.find_from(text, start);
        }
        self.chunk == start
    }
}

/// Where the chunk that starts at byte `i` ends: the next white space or the end of the text.
fn chunk_end(text: &str, mut i: usize) -> usize {
    while let Some(&b) = text.as_bytes().get(i) {
        if b.is_ascii() {
            if is_ascii_space(b) {
                break;
            }
            i += 1;
        } else {
            match char_at(text, i) {
                Some((c, width)) if !c.is_whitespace() => i += width,
                _ => break,
            }
        }
    }
    i
}

/// Whether each byte is an ASCII letter or digit: a table look-up is the shortest test in the scans below.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The end of the run of ASCII letters and digits that starts at byte `i`.
pub(crate) fn ascii_run_end(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| ASCII_ALNUM[usize::from(b)]) {
        i += 1;
    }
    i
}

/// The start of the run of ASCII letters that ends at byte `end` (`end` itself when none does).
pub(crate) fn ascii_letters_before(bytes: &[u8], end: usize) -> usize {
    bytes[..end].iter().rposition(|b| !b.is_ascii_alphabetic()).map_or(0, |p| p + 1)
}

/// The end of the run of word characters that starts at byte `i`.
fn word_run_end(text: &str, mut i: usize) -> usize {
    loop {
        i = ascii_run_end(text.as_bytes(), i);
        match char_at(text, i) {
            Some((c, width)) if !c.is_ascii() && is_word_char(c) => i += width,
            _ => return i,
        }
    }
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

/// The last character of `text[..k]`, read straight from the byte when it is ASCII.
#[inline]
fn last_char(text: &str, k: usize) -> Option<char> {
    match text.as_bytes().get(k.wrapping_sub(1)) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(..k)?.chars().next_back(),
    }
}

/// Whether `s` (a chunk without its opening punctuation) is a URL or an e-mail address; `has_at`: whether `s`
/// contains an `@`.
fn is_url_or_email(s: &str, has_at: bool) -> bool {
    if starts_like_url(s.as_bytes()) {
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

/// Whether `b` begins with `http://`, `https://` or `www.`, in any case. No character outside ASCII lowercases to
/// one of these letters, so an ASCII comparison is exact; none of them is white space, so the bytes after a chunk's
/// end never complete one.
fn starts_like_url(b: &[u8]) -> bool {
    // Every chunk asks, and few begin with an `h` or a `w`: the first byte settles most at once.
    matches!(b.first(), Some(b'h' | b'H' | b'w' | b'W'))
        && [&b"http://"[..], b"https://", b"www."]
            .iter()
            .any(|p| b.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
}

/// Tokenise the chunk that starts at byte `start` of `text` (`has_at`: whether it contains an `@`); returns where
/// the chunk ends.
///
/// No token takes in white space, and what follows a token is looked at only to see whether it is a letter, a
/// digit, a period or a repeat of the token's mark, which white space is not: the scans below stop at the chunk's
/// end without being told where it is.
fn tokenize_chunk(text: &str, start: usize, has_at: bool, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    // URL or e-mail: decided once per chunk so the pass stays linear. Most chunks start with a letter or a digit,
    // so have no opening punctuation, and the chunk's end is looked for only when it starts as a URL does.
    let lead = if bytes[start].is_ascii_alphanumeric() {
        0
    } else {
        text[start..].find(|c: char| !is_opening(c)).unwrap_or(text.len() - start)
    };
    if has_at || bytes.get(start + lead..).is_some_and(starts_like_url) {
        let end = chunk_end(text, start);
        let chunk = &text[start..end];
        if is_url_or_email(&chunk[lead..], has_at) {
            let body = chunk[lead..].trim_end_matches(is_closing);
            let body_end = start + lead + body.len();
            punct_run(text, start, start + lead, out);
            out.push(Token { start: start + lead, end: body_end });
            punct_run(text, body_end, end, out);
            return end;
        }
    }
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if ASCII_ALNUM[usize::from(b)] {
            let k = ascii_run_end(bytes, i);
            // Most words are ASCII and end at white space or at a mark that neither joins them to more nor makes
            // them an abbreviation.
            if bytes.get(k).is_none_or(|&n| n.is_ascii() && !matches!(n, b'.' | b',' | b':' | b'/' | b'\'' | b'-')) {
                out.push(Token { start: i, end: k });
                i = k;
            } else {
                i = word(text, i, char::from(b), word_run_end(text, k), out);
            }
            continue;
        }
        let Some((c, width)) = char_at(text, i) else { break };
        if c.is_whitespace() {
            break;
        }
        if is_word_char(c) {
            i = word(text, i, c, word_run_end(text, i), out);
        } else if let Some(len) = is_apostrophe(c).then(|| clitic_at(text, i)).flatten() {
            out.push(Token { start: i, end: i + len });
            i += len;
        } else {
            let mut e = i + width;
            while text[e..].starts_with(c) {
                e += width;
            }
            out.push(Token { start: i, end: e });
            i = e;
        }
    }
    i
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
fn clitic_at(text: &str, i: usize) -> Option<usize> {
    let mut it = text[i..].chars();
    let apostrophe = it.next()?;
    let rest = it.as_str();
    let letters_len: usize = rest.chars().take_while(|c| c.is_alphabetic()).take(3).map(char::len_utf8).sum();
    let letters = &rest[..letters_len];
    let clitic = ["s", "m", "re", "ve", "ll", "d"].iter().any(|c| c.eq_ignore_ascii_case(letters));
    let after = rest[letters.len()..].chars().next();
    (clitic && !after.is_some_and(is_word_char)).then(|| apostrophe.len_utf8() + letters.len())
}

/// Scan one word starting at `i` with the character `first`, whose first run of word characters ends at `k`; push
/// it and return where scanning continues.
fn word(text: &str, i: usize, first: char, mut k: usize, out: &mut Vec<Token>) -> usize {
    let mut prev = last_char(text, k).unwrap_or(first);
    while let Some((sep, sep_width)) = char_at(text, k) {
        // Only these characters can join two runs: most words end at anything else.
        if !matches!(sep, '.' | ',' | ':' | '/' | '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}') {
            break;
        }
        let next = char_at(text, k + sep_width).map(|(c, _)| c);
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
                prev.is_alphabetic() && n.is_alphabetic() && clitic_at(text, k).is_none()
            }
            ('-' | '\u{2010}' | '\u{2011}', Some(n)) => is_word_char(n) && !n.is_uppercase() && !first.is_uppercase(),
            _ => false,
        };
        if !joins {
            break;
        }
        let run_start = k + sep_width;
        k = word_run_end(text, run_start);
        if k > run_start {
            if let Some(c) = last_char(text, k) {
                prev = c;
            }
        }
    }
    // A period that belongs to the word: dotted abbreviations (U.S., a.m.), initials (G.), listed abbreviations.
    if text.as_bytes().get(k) == Some(&b'.') {
        let w = &text[i..k];
        let single_letter = w.len() == first.len_utf8() && first.is_alphabetic();
        if single_letter {
            let mut e = k + 1;
            // Continue X.Y.Z. while each part is one letter followed by a period.
            loop {
                let mut it = text[e..].chars();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn addresses_are_one_token_in_any_case() {
        assert_eq!(words("See https://kabar.example/a-b?c=1."), ["See", "https://kabar.example/a-b?c=1", "."]);
        assert_eq!(words("(HTTP://Kabar.Example/x)"), ["(", "HTTP://Kabar.Example/x", ")"]);
        assert_eq!(words("at Www.kabar.example, or"), ["at", "Www.kabar.example", ",", "or"]);
        assert_eq!(words("mail redaksi@kabar.example today"), ["mail", "redaksi@kabar.example", "today"]);
    }

    #[test]
    fn words_that_begin_like_an_address_are_words() {
        assert_eq!(words("http: what-is www"), ["http", ":", "what-is", "www"]);
        assert_eq!(words("Hanuraga met Wulandono."), ["Hanuraga", "met", "Wulandono", "."]);
    }
}
