//! The sentence splitter: walks the tokens once and decides at each gap whether a sentence ends there.

use super::tokens::{tokens, Token};

/// A line this long (in bytes) that ends without punctuation is taken as hard-wrapped running text,
/// so a capital on the next line does not start a new sentence.
const WRAPPED_LINE_BYTES: usize = 50;

fn is_terminal(tok: &str) -> bool {
    matches!(tok.chars().next(), Some('.' | '!' | '?' | '\u{2026}' | '\u{3002}'))
        && tok.chars().all(|c| matches!(c, '.' | '!' | '?' | '\u{2026}' | '\u{3002}'))
}

/// Whether `tok` is end punctuation in `text`. Most tokens are words, which their first byte rules out
/// (`…` and `。` start with 0xE2 and 0xE3) before the token is cut out of the text.
fn is_terminal_token(text: &str, tok: Token) -> bool {
    matches!(text.as_bytes().get(tok.start), Some(b'.' | b'!' | b'?' | 0xE2 | 0xE3)) && is_terminal(tok.text(text))
}

/// The number of line breaks in `text[from..to]`, 0 when that is no slice of `text`. Gaps between tokens are
/// mostly one space: counting their bytes beats setting up a searcher, and the character boundaries need checking
/// only when there is a line break to count.
fn newlines_between(text: &str, from: usize, to: usize) -> usize {
    let Some(gap) = text.as_bytes().get(from..to) else { return 0 };
    match gap.iter().filter(|&&b| b == b'\n').count() {
        n if n > 0 && text.is_char_boundary(from) && text.is_char_boundary(to) => n,
        _ => 0,
    }
}

/// Whether `tok` is no end punctuation (by its first byte, see [`is_terminal_token`]) and `next` follows it on the
/// same line: a token that cannot end a sentence.
fn is_inside_line(text: &str, tok: Token, next: Token) -> bool {
    let bytes = text.as_bytes();
    !matches!(bytes.get(tok.start), Some(b'.' | b'!' | b'?' | 0xE2 | 0xE3))
        && bytes.get(tok.end..next.start).is_some_and(|gap| gap.iter().all(|&b| b != b'\n'))
}

fn is_closer(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | ")" | "]" | "\u{201d}" | "\u{2019}" | "\u{bb}")
}

/// Whether a token can start a sentence after a period: anything but a lowercase word.
fn can_start(tok: &str) -> bool {
    !tok.chars().next().is_some_and(char::is_lowercase)
}

/// Split `text` into sentences, as byte ranges with surrounding whitespace trimmed.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it) when the next
/// token does not start lowercase; abbreviations, initials and decimals never end one because the tokeniser
/// keeps their period inside the token. A blank line always ends a sentence; a single newline does when the
/// line before has no end punctuation, is short (a headline, a dateline) and the next line starts with a capital.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    sentences_of(text, &tokens(text))
}

/// The sentences of `text` from its tokens (`tokens(text)`), for callers that have them already.
pub fn sentences_of(text: &str, toks: &[Token]) -> Vec<(usize, usize)> {
    sentences_from(text, toks, 0)
}

/// The sentences of the piece of `text` that starts at the line start `from` and holds the tokens `toks`, the
/// same as `sentences_of` gives for that piece on its own (shifted by `from`): the splitter reads only the tokens
/// and the gaps between them, and where the first line starts.
pub fn sentences_from(text: &str, toks: &[Token], from: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut sent_start: Option<usize> = None;
    let mut line_start = from;
    let mut i = 0;
    while i < toks.len() {
        sent_start.get_or_insert(toks[i].start);
        // Most tokens end no sentence: they are no end punctuation and the next token is on the same line.
        while toks.get(i + 1).is_some_and(|next| is_inside_line(text, toks[i], *next)) {
            i += 1;
        }
        let tok = toks[i];
        let terminal = is_terminal_token(text, tok);
        let mut last = i;
        if terminal {
            while last + 1 < toks.len()
                && is_closer(toks[last + 1].text(text))
                && toks[last + 1].start == toks[last].end
            {
                last += 1;
            }
        }
        let end_tok: Token = toks[last];
        let next = toks.get(last + 1);
        let newlines = next.map_or(0, |n| newlines_between(text, end_tok.end, n.start));
        let ends = match next {
            None => true,
            Some(_) if newlines >= 2 => true,
            Some(n) if terminal => can_start(n.text(text)),
            Some(n) if newlines == 1 => {
                let line_len = end_tok.end.saturating_sub(line_start);
                line_len < WRAPPED_LINE_BYTES && n.text(text).chars().next().is_some_and(char::is_uppercase)
            }
            Some(_) => false,
        };
        if newlines > 0 {
            if let Some(n) = next {
                line_start = n.start;
            }
        }
        if ends {
            if let Some(s) = sent_start.take() {
                out.push((s, end_tok.end));
            }
        }
        i = last + 1;
    }
    out
}
