//! Quotes: quoted statements and their speakers.
//!
//! Quotation marks are paired in one pass (straight, curly, guillemets); a quote that runs over several paragraphs,
//! each opened again with a mark, is one quote. A quote is attributed by a speech cue (`data/lexicon/cues.tsv`) after
//! it (`…," said Rudy`, `…,” he said`, `…," kata Menkominfo`, `…," ujarnya`) or before it (`Pratama said “…”`,
//! `Menurut X, "…"`). The speaker is a person or organisation mention next to the cue, a title matched to the role
//! of a person the article names (`the Minister`, `Menkominfo`), or a pronoun standing for the person last spoken of.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{alternation, rows};
use super::roles::{role_word, RoleWord};
use super::{Analysed, MentionRef};
use crate::model::{Label, Quote};

/// Quoted text of fewer words is a scare quote or a title, not a statement, but for a short one closed by a mark
/// and given a speaker by a cue right after it (`"We are ready," he said.`), from `MIN_WORDS_CUED` words.
const MIN_WORDS: usize = 4;
const MIN_WORDS_CUED: usize = 2;
/// A quote with no speech cue is kept only from this many words (a statement, not a name in quotes).
const MIN_WORDS_UNATTRIBUTED: usize = 8;
/// How far (bytes) after a quote its attribution is looked for, and before it.
const AFTER_WINDOW: usize = 220;
const BEFORE_WINDOW: usize = 200;
/// Quoted text longer than this (bytes) comes from unbalanced marks, not a quote.
const MAX_QUOTE_BYTES: usize = 6000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    /// Names its speaker next to it.
    Verb,
    /// Carries its speaker as a pronoun ending.
    SelfRef,
    /// Introduces its speaker: "according to X".
    Prep,
}

struct Cues {
    regex: Regex,
    kinds: Vec<(String, CueKind)>,
}

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    let kinds: Vec<(String, CueKind)> = rows(include_str!("../../data/lexicon/cues.tsv"))
        .into_iter()
        .filter_map(|r| {
            let kind = match r.get(1)?.as_str() {
                "verb" => CueKind::Verb,
                "self" => CueKind::SelfRef,
                "prep" => CueKind::Prep,
                _ => return None,
            };
            Some((r.first()?.to_lowercase(), kind))
        })
        .collect();
    let alt = alternation(kinds.iter().map(|(c, _)| c.as_str()));
    let regex =
        Regex::new(&format!(r"(?i)\b(?:{alt})\b")).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("valid regex"));
    Cues { regex, kinds }
});

static PRONOUNS: LazyLock<Vec<String>> = LazyLock::new(|| {
    rows(include_str!("../../data/lexicon/pronouns.tsv"))
        .into_iter()
        .filter_map(|r| r.first().map(|p| p.to_lowercase()))
        .collect()
});

/// Words before a name that make it the one spoken to, or a place, not the speaker.
static ADDRESSEE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:to|kepada|pada|dengan|with|di|in|at|from|dari|for|untuk)\s+(?:the\s+)?$")
        .expect("valid regex")
});

/// Function words that may lead a title used as a speaker ("the Minister", "a spokesman").
const DETERMINERS: [&str; 4] = ["the", "a", "an", "sang"];
/// Words skipped when an Indonesian title abbreviation is matched to a role ("Menteri Komunikasi dan Informatika").
const ROLE_JOINERS: [&str; 8] = ["dan", "and", "of", "the", "for", "untuk", "bidang", "&"];
/// Indonesian derivational prefixes an abbreviation may skip ("Mendag" from "Menteri Perdagangan").
const ID_PREFIXES: [&str; 5] = ["pen", "pem", "per", "pe", "ke"];

/// Whether `word` is a speech verb that names its speaker next to it (`said`, `told`, `mengatakan`).
pub(crate) fn is_speech_verb(word: &str) -> bool {
    cue_kind(word) == Some(CueKind::Verb)
}

fn cue_kind(cue: &str) -> Option<CueKind> {
    let c = cue.to_lowercase();
    CUES.kinds.iter().find(|(k, _)| *k == c).map(|(_, kind)| *kind)
}

fn is_pronoun(w: &str) -> bool {
    let w = w.to_lowercase();
    PRONOUNS.contains(&w)
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{00BB}')
}

/// A pair of quotation marks: the quoted text `start..end` and the byte after the closing mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    open: usize,
    start: usize,
    end: usize,
    close_end: usize,
}

/// Where the next paragraph's text begins, when the newline at `i` ends a paragraph (a blank line, or an indented
/// line as in wire copy); `None` for a line wrapped inside a paragraph.
fn paragraph_break(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i + 1..)?;
    let ws: usize = rest.chars().take_while(|c| c.is_whitespace()).map(char::len_utf8).sum();
    let gap = &rest[..ws];
    (gap.contains('\n') || gap.chars().filter(|c| *c == ' ').count() >= 2 || gap.contains('\t')).then_some(i + 1 + ws)
}

/// The byte offsets, in order, of the characters that can change how `spans` pairs marks: line breaks, straight
/// double quotes, and every character led by the byte of the curly marks (E2) or of the guillemets (C2). Those are
/// rare in text, so a vectorised byte search finds them instead of decoding every character.
fn mark_positions(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut common = memchr::memchr3_iter(b'\n', b'"', 0xE2, bytes).peekable();
    let mut guillemets = memchr::memchr_iter(0xC2, bytes).peekable();
    std::iter::from_fn(move || match (common.peek(), guillemets.peek()) {
        (Some(&a), Some(&b)) if b < a => guillemets.next(),
        (Some(_), _) => common.next(),
        (None, _) => guillemets.next(),
    })
}

/// Pair the quotation marks of `text`.
fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    // Characters before `resume` were taken with the mark that continues a quote in the next paragraph.
    let mut resume = 0;
    for i in mark_positions(text.as_bytes()) {
        if i < resume {
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
        if c == '\n' {
            let Some((o, s)) = open else { continue };
            let Some(next) = paragraph_break(text, i) else { continue };
            match text[next..].chars().next() {
                // The mark that opens the next paragraph continues the quote.
                Some(m) if is_opener(m) => resume = next + m.len_utf8(),
                _ => {
                    let inside = text[s..i].trim_end();
                    // A paragraph broken in mid-sentence is one paragraph; otherwise the quote ends unclosed.
                    if inside.ends_with(['.', '!', '?', '\u{2026}', ':', ';']) {
                        out.push(Span { open: o, start: s, end: s + inside.len(), close_end: i });
                        open = None;
                    }
                }
            }
            continue;
        }
        match open {
            None if is_opener(c) => {
                // A straight mark followed by a space closes a quote whose opening was missed.
                if c == '"' && text[i + 1..].chars().next().is_none_or(char::is_whitespace) {
                    continue;
                }
                open = Some((i, i + c.len_utf8()));
            }
            Some((o, s)) if is_closer(c) => {
                if i - s <= MAX_QUOTE_BYTES {
                    out.push(Span { open: o, start: s, end: i, close_end: i + c.len_utf8() });
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some((o, s)) = open {
        let inside = text[s..].trim_end();
        if inside.len() <= MAX_QUOTE_BYTES && inside.ends_with(['.', '!', '?', '\u{2026}']) {
            out.push(Span { open: o, start: s, end: s + inside.len(), close_end: text.len() });
        }
    }
    out
}

/// Where the clause after `from` ends: a sentence end outside names, a paragraph break or an opening quote mark.
fn clause_end(text: &str, from: usize, limit: usize, mentions: &[MentionRef]) -> usize {
    let limit = crate::text::floor_boundary(text, limit);
    let Some(slice) = text.get(from..limit) else { return from };
    for (j, c) in slice.char_indices() {
        // Only these characters can end the clause; whether one is inside a name is asked of them alone.
        if !(is_opener(c) || matches!(c, '\n' | '.' | '!' | '?')) {
            continue;
        }
        let at = from + j;
        let in_name = mentions.iter().any(|m| m.start <= at && at < m.end);
        if in_name {
            continue;
        }
        if is_opener(c) || c == '\u{201C}' {
            return at;
        }
        if c == '\n' && paragraph_break(text, at).is_some() {
            return at;
        }
        if matches!(c, '.' | '!' | '?') && text[at + 1..].chars().next().is_none_or(char::is_whitespace) {
            // An initial ("G.") does not end a sentence.
            let word: String = text[..at].chars().rev().take_while(|ch| ch.is_alphanumeric()).collect();
            if !(word.chars().count() == 1 && word.chars().all(char::is_uppercase)) {
                return at;
            }
        }
    }
    limit
}

/// Whether an Indonesian title abbreviation (`Menkominfo`, `Menlu`) is made of the starts of the role's words,
/// in order, beginning with the first (`Men-teri Kom-unikasi dan Info-rmatika`).
fn abbreviates(abbr: &str, role: &str) -> bool {
    let n = abbr.chars().count();
    n > 0 && abbreviation_cover(abbr, role) == n
}

/// How many leading letters of a title abbreviation the starts of the role's words make, using at least two words
/// (a role cut short, "Menteri Komunikasi", still covers most of "Menkominfo").
fn abbreviation_cover(abbr: &str, role: &str) -> usize {
    let abbr: Vec<char> = abbr.to_lowercase().chars().collect();
    if abbr.len() < 4 || !abbr.iter().all(|c| c.is_alphabetic()) {
        return 0;
    }
    let words: Vec<Vec<char>> = role
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|w| !ROLE_JOINERS.contains(&w.as_str()))
        .map(|w| w.chars().collect())
        .collect();
    if words.is_empty() {
        return 0;
    }
    let mut best = 0;
    // Reachable (position in the abbreviation, next word) states; the first word must supply the first letters.
    let mut states = vec![(0usize, 0usize)];
    let mut seen = std::collections::HashSet::new();
    while let Some((i, j)) = states.pop() {
        if j >= 2 || i == abbr.len() {
            best = best.max(i);
        }
        if i == abbr.len() {
            continue;
        }
        if j >= words.len() || !seen.insert((i, j)) {
            continue;
        }
        let word = &words[j];
        let mut stems: Vec<&[char]> = vec![word.as_slice()];
        for p in ID_PREFIXES {
            let p: Vec<char> = p.chars().collect();
            if word.len() > p.len() + 2 && word.starts_with(&p) {
                stems.push(&word[p.len()..]);
            }
        }
        for stem in stems {
            let common = stem.iter().zip(&abbr[i..]).take_while(|(a, b)| a == b).count();
            for k in 1..=common {
                states.push((i + k, j + 1));
            }
        }
        if j > 0 {
            states.push((i, j + 1));
        }
    }
    best
}

/// Who is being talked about where: person mentions and resolved speakers, by position.
struct Salience {
    events: Vec<(usize, String)>,
}

impl Salience {
    fn last_before(&self, pos: usize) -> Option<&str> {
        self.events.iter().filter(|(p, _)| *p <= pos).max_by_key(|(p, _)| *p).map(|(_, e)| e.as_str())
    }

    fn last_of(&self, pos: usize, ids: &[&str]) -> Option<String> {
        self.events
            .iter()
            .filter(|(p, e)| *p <= pos && ids.contains(&e.as_str()))
            .max_by_key(|(p, _)| *p)
            .map(|(_, e)| e.clone())
    }
}

struct Resolver<'a, 'b> {
    article: &'b Analysed<'a>,
    salience: Salience,
}

impl Resolver<'_, '_> {
    /// The first person or organisation named in `from..to` that is not the one spoken to ("told the Global Times",
    /// "kepada Tribunnews").
    fn mention_at(&self, from: usize, to: usize) -> Option<&MentionRef> {
        let text = self.article.text;
        self.article.mentions.iter().find(|m| {
            m.start >= from
                && m.end <= to
                && matches!(m.label, Label::Person | Label::Org)
                && m.entity.is_some()
                && !ADDRESSEE_BEFORE.is_match(&text[from..m.start])
        })
    }

    /// The speaker named by a title (`the Minister`, `Menkominfo RI`): the person whose role it matches, the one
    /// last spoken of when several do.
    fn by_title(&self, words: &[&str], pos: usize) -> Option<String> {
        let heads: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| {
                // A word that begins with an ASCII byte other than a small letter is its own capitalised form.
                let own_capital = w.bytes().next().is_some_and(|b| b.is_ascii() && !b.is_ascii_lowercase());
                role_word(w) == Some(RoleWord::Head)
                    || !own_capital && role_word(&capitalise(w)) == Some(RoleWord::Head)
            })
            .collect();
        if heads.is_empty() {
            return None;
        }
        let people = || self.article.entities.iter().filter(|e| e.kind == "person");
        let mut ids: Vec<&str> = people()
            .filter(|e| {
                e.role.as_deref().is_some_and(|r| {
                    heads.iter().any(|h| r.split_whitespace().any(|w| w.eq_ignore_ascii_case(h)) || abbreviates(h, r))
                })
            })
            .map(|e| e.id.as_str())
            .collect();
        if ids.is_empty() {
            // No role spelt out in full: the roles that make most of an abbreviated title, if most of it.
            let cover = |e: &crate::model::Entity| {
                heads
                    .iter()
                    .map(|h| (abbreviation_cover(h, e.role.as_deref().unwrap_or("")), h.chars().count()))
                    .max()
                    .unwrap_or((0, 1))
            };
            let best = people().map(|e| cover(e).0).max().unwrap_or(0);
            ids = people()
                .filter(|e| {
                    let (c, n) = cover(e);
                    c == best && c >= 5 && c * 5 >= n * 3
                })
                .map(|e| e.id.as_str())
                .collect();
        }
        match ids.as_slice() {
            [] => None,
            [one] => Some(one.to_string()),
            _ => self.salience.last_of(pos, &ids).or_else(|| ids.first().map(|s| s.to_string())),
        }
    }

    fn pronoun(&self, pos: usize) -> Option<String> {
        self.salience.last_before(pos).map(str::to_string)
    }

    /// The speaker named after a cue: a name in the clause, else a title, else nobody.
    fn after_cue(&self, from: usize, to: usize) -> Option<String> {
        let clause = &self.article.text[from..to];
        // A name before the clause's first comma, after at most a title.
        let comma = clause.find([',', '(']).map_or(to, |c| from + c);
        if let Some(m) = self.mention_at(from, comma) {
            let gap = &self.article.text[from..m.start];
            if gap.split_whitespace().count() <= 8 {
                return m.entity.as_deref().map(str::to_string);
            }
        }
        let words: Vec<&str> = self.article.text[from..comma]
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .take(8)
            .collect();
        if words.first().is_some_and(|w| is_pronoun(w)) {
            return self.pronoun(from);
        }
        // A name the tagger missed here but found elsewhere: a word of a known person's name.
        if let Some(first) =
            words.first().filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() >= 3)
        {
            let known = self.article.entities.iter().find(|e| {
                e.kind == "person"
                    && std::iter::once(e.name.as_str())
                        .chain(e.aliases.iter().map(String::as_str))
                        .any(|n| n.split_whitespace().any(|p| p == *first))
            });
            if let Some(e) = known {
                return Some(e.id.to_string());
            }
        }
        self.by_title(&words, from)
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The words (runs of characters apart from white space) of `s` that hold a letter or digit, counted up to one
/// more than `most`: every caller compares the count with a few words, and some texts are long.
fn word_count(s: &str, most: usize) -> usize {
    // One pass over the bytes, ASCII ones (most) by table: a word counts at its first letter or digit.
    let (mut count, mut counted) = (0, false);
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if count > most {
            break;
        }
        let (space, alphanumeric) = match b {
            0..=0x7F => (ASCII_CLASS[usize::from(b)] == SPACE, ASCII_CLASS[usize::from(b)] == ALPHANUMERIC),
            // The first byte of a character outside ASCII; the bytes after it are part of it.
            0xC0.. => s[i..].chars().next().map_or((false, false), |c| (c.is_whitespace(), c.is_alphanumeric())),
            _ => continue,
        };
        count += usize::from(alphanumeric && !counted);
        counted = (counted || alphanumeric) && !space;
    }
    count
}

/// `ASCII_CLASS` values: white space (as `char::is_whitespace`), a letter or digit, anything else.
const SPACE: u8 = 1;
const ALPHANUMERIC: u8 = 2;

static ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b' ' | b'\t'..=b'\r' => SPACE,
            c if c.is_ascii_alphanumeric() => ALPHANUMERIC,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Every quoted statement, with `start`/`end` as byte offsets of the quoted text (the caller converts them).
pub fn find_quotes(article: &Analysed<'_>) -> Vec<Quote> {
    let text = article.text;
    let mut events: Vec<(usize, String)> = article
        .mentions
        .iter()
        .filter(|m| m.label == Label::Person)
        .filter_map(|m| Some((m.start, m.entity.as_deref()?.to_string())))
        .collect();
    events.sort();
    let mut resolver = Resolver { article, salience: Salience { events } };
    let spans = spans(text);
    let mut out = Vec::new();
    let mut prev_close = 0;
    let mut last_speaker: Option<(usize, String)> = None;
    for (n, sp) in spans.iter().enumerate() {
        let inner = text[sp.start..sp.end].trim();
        let lead = text[sp.start..sp.end].len() - text[sp.start..sp.end].trim_start().len();
        let (qs, qe) = (sp.start + lead, sp.start + lead + inner.len());
        let words = word_count(inner, MIN_WORDS.max(MIN_WORDS_UNATTRIBUTED));
        let before_from = prev_close.max(crate::text::ceil_boundary(text, sp.open.saturating_sub(BEFORE_WINDOW)));
        prev_close = sp.close_end;
        if words < MIN_WORDS_CUED || words < MIN_WORDS && !inner.ends_with([',', '.', '!', '?']) {
            continue;
        }
        let next_open = spans.get(n + 1).map_or(text.len(), |s| s.open);
        let after = attribute_after(&resolver, sp, next_open);
        let attributed = |(speaker, cue): &(Option<String>, Option<String>)| speaker.is_some() && cue.is_some();
        if words < MIN_WORDS && (!after.as_ref().is_some_and(attributed) || looks_like_title(inner)) {
            continue;
        }
        let (mut speaker, cue) =
            after.or_else(|| attribute_before(&resolver, before_from, sp.open)).unwrap_or((None, None));
        // A quote standing alone right after another one, with nobody else named between, goes on the same speaker.
        if cue.is_none() {
            if let Some((end, who)) = &last_speaker {
                let between = &text[*end..sp.open];
                let named =
                    article.mentions.iter().any(|m| m.start >= *end && m.end <= sp.open && m.label == Label::Person);
                if !named && word_count(between, 12) <= 12 {
                    speaker = Some(who.clone());
                }
            }
        }
        if cue.is_none() && speaker.is_none() && (words < MIN_WORDS_UNATTRIBUTED || looks_like_title(inner)) {
            continue;
        }
        if let Some(id) = &speaker {
            resolver.salience.events.push((sp.close_end, id.clone()));
        }
        last_speaker = speaker.clone().map(|s| (sp.close_end, s));
        let name = speaker.as_deref().and_then(|id| article.entity(id)).map(|e| e.name.to_string());
        let body = inner.trim_end_matches([',', ' ']).to_string();
        out.push(Quote { text: body.clone(), speaker: name, cue, start: qs, end: qs + body.len().min(qe - qs) });
    }
    out
}

/// A name of something in quotes: every word capitalised, no sentence punctuation.
fn looks_like_title(s: &str) -> bool {
    !s.contains(['.', ',', '!', '?'])
        && s.split_whitespace()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()) || w.len() <= 3)
}

type Attribution = (Option<String>, Option<String>);

/// The attribution that follows the closing mark: `, said X`, `, he said`, `X said`, `the official said`, `ujarnya`.
fn attribute_after(r: &Resolver<'_, '_>, sp: &Span, next_open: usize) -> Option<Attribution> {
    let text = r.article.text;
    let limit = clause_end(text, sp.close_end, (sp.close_end + AFTER_WINDOW).min(next_open), r.article.mentions);
    let window = &text[sp.close_end..limit];
    let lead = window.len()
        - window.trim_start_matches(|c: char| c.is_whitespace() || ",;:-\u{2013}\u{2014}".contains(c)).len();
    let at = sp.close_end + lead;
    let rest = &text[at..limit];
    let cue = CUES.regex.find(rest)?;
    // The cue right after the quote.
    if let Some(m) = Some(cue).filter(|m| m.start() == 0) {
        let cue = m.as_str().to_string();
        return Some(match cue_kind(&cue) {
            Some(CueKind::SelfRef) => (r.pronoun(at), Some(cue)),
            _ => (r.after_cue(at + m.end(), limit), Some(cue)),
        });
    }
    // A speaker first: a name (with an apposition), a pronoun, or a title, then the cue within the clause.
    let before_cue = &text[at..at + cue.start()];
    let cue_word = cue.as_str().to_string();
    if cue_kind(&cue_word) == Some(CueKind::Prep) {
        return Some((r.after_cue(at + cue.end(), limit), Some(cue_word)));
    }
    if let Some(m) = r.mention_at(at, at + cue.start()).filter(|m| m.start - at <= 4) {
        let apposition = &text[m.end..at + cue.start()];
        if word_count(apposition, 8) <= 8 {
            return Some((m.entity.as_deref().map(str::to_string), Some(cue_word)));
        }
    }
    let words: Vec<&str> = before_cue.split_whitespace().collect();
    if words.len() == 1 && is_pronoun(words[0]) {
        return Some((r.pronoun(at), Some(cue_word)));
    }
    if (1..=5).contains(&words.len())
        && words.first().is_some_and(|w| DETERMINERS.contains(&w.to_lowercase().as_str()) || role_word(w).is_some())
    {
        return Some((r.by_title(&words, at), Some(cue_word)));
    }
    None
}

/// The attribution that leads into the quote: `X said “…”`, `he said: "…"`, `according to X, "…"`, `kata X, "…"`.
fn attribute_before(r: &Resolver<'_, '_>, from: usize, open: usize) -> Option<Attribution> {
    let text = r.article.text;
    let window = &text[from..open];
    // Only the sentence the quote opens in (or the one that ends with a colon right before it).
    let cut = window
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?') && window[i + 1..].chars().next().is_some_and(char::is_whitespace)
        })
        .map(|(i, _)| i + 1)
        .next_back()
        .unwrap_or(0);
    let from = from + cut;
    let window = &text[from..open];
    let tail = window.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ':');
    let cue = CUES.regex.find_iter(window).last()?;
    let cue_word = cue.as_str().to_string();
    let (cs, ce) = (from + cue.start(), from + cue.end());
    // The cue must be near the quote: at most a name (or a few words) between them.
    let between = &text[ce..from + tail.len().max(cue.end())];
    if word_count(between, 6) > 6 {
        return None;
    }
    if let Some(m) = r.mention_at(ce, open) {
        return Some((m.entity.as_deref().map(str::to_string), Some(cue_word)));
    }
    if cue_kind(&cue_word) == Some(CueKind::SelfRef) {
        return Some((r.pronoun(cs), Some(cue_word)));
    }
    let before: Vec<&str> = text[from..cs].split_whitespace().collect();
    if before.last().is_some_and(|w| is_pronoun(w)) {
        return Some((r.pronoun(cs), Some(cue_word)));
    }
    // "Pratama said": the last name before the cue, with at most an apposition between.
    let named = r.article.mentions.iter().rfind(|m| {
        m.start >= from && m.end <= cs && matches!(m.label, Label::Person | Label::Org) && m.entity.is_some()
    });
    if let Some(m) = named {
        if word_count(&text[m.end..cs], 8) <= 8 {
            return Some((m.entity.as_deref().map(str::to_string), Some(cue_word)));
        }
    }
    let words: Vec<&str> = before.iter().rev().take(5).rev().copied().collect();
    Some((r.by_title(&words, cs), Some(cue_word)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entity;

    fn person(id: &str, name: &str, role: Option<&str>) -> Entity {
        Entity {
            id: id.into(),
            kind: "person".into(),
            name: name.into(),
            code: None,
            aliases: vec![],
            role: role.map(Into::into),
            country: None,
        }
    }

    fn mention(text: &str, surface: &str, nth: usize, id: &str) -> MentionRef {
        let start = text.match_indices(surface).nth(nth).map(|(i, _)| i).expect("in text");
        MentionRef {
            start,
            end: start + surface.len(),
            label: Label::Person,
            code: None,
            value: None,
            entity: Some(id.into()),
        }
    }

    fn run(text: &str, mentions: Vec<MentionRef>, entities: Vec<Entity>) -> Vec<Quote> {
        let a = Analysed {
            text,
            language: None,
            published: None,
            dateline: None,
            title: None,
            mentions: &mentions,
            entities: &entities,
        };
        find_quotes(&a)
    }

    #[test]
    fn speaker_after_the_quote_by_name_pronoun_and_title() {
        let text = "Minister of Trade Budi Santoso met Anna Lee.\n\n\u{201C}We will open the market next month,\u{201D} said Budi.\n\n\
                    \u{201C}The talks went well for both sides,\u{201D} he said. \u{201C}Both sides want more of this trade,\u{201D} said the Minister.";
        let ents =
            vec![person("p:budi", "Budi Santoso", Some("Minister of Trade")), person("p:anna", "Anna Lee", None)];
        let ms = vec![
            mention(text, "Budi Santoso", 0, "p:budi"),
            mention(text, "Anna Lee", 0, "p:anna"),
            mention(text, "Budi", 1, "p:budi"),
        ];
        let q = run(text, ms, ents);
        assert_eq!(q.len(), 3);
        assert!(q.iter().all(|q| q.speaker.as_deref() == Some("Budi Santoso")));
        assert_eq!(q[0].text, "We will open the market next month");
        assert_eq!(&text[q[0].start..q[0].end], q[0].text);
        assert_eq!(q[1].cue.as_deref(), Some("said"));
    }

    #[test]
    fn indonesian_cues_titles_and_pronoun_endings() {
        let text =
            "Menteri Perdagangan Sari Dewi bertemu Tom Hardy. \"Kita akan membuka pasar bulan depan,\" kata Mendag. \
                    \"Kerja sama ini penting bagi kedua negara,\" ujarnya.";
        let ents = vec![person("p:sari", "Sari Dewi", Some("Menteri Perdagangan")), person("p:tom", "Tom Hardy", None)];
        let ms = vec![mention(text, "Sari Dewi", 0, "p:sari"), mention(text, "Tom Hardy", 0, "p:tom")];
        let q = run(text, ms, ents);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].speaker.as_deref(), Some("Sari Dewi"));
        assert_eq!(q[1].speaker.as_deref(), Some("Sari Dewi"));
        assert_eq!(q[1].cue.as_deref(), Some("ujarnya"));
    }

    #[test]
    fn speaker_before_the_quote_and_scare_quotes() {
        let text = "Rita Ora said \"Nobody here wants a quarrel over this\". The so-called \"digital gap\" remains.";
        let ms = vec![mention(text, "Rita Ora", 0, "p:rita")];
        let q = run(text, ms, vec![person("p:rita", "Rita Ora", None)]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker.as_deref(), Some("Rita Ora"));
    }

    #[test]
    fn a_quote_over_paragraphs_is_one_quote() {
        let text = "He said:\n\n\"The first part of the statement goes here.\n\n\"And the second part ends it now.\" Then more.";
        let q = run(text, vec![], vec![]);
        assert_eq!(q.len(), 1);
        assert!(q[0].text.contains("second part"));
        assert_eq!(q[0].speaker, None);
    }

    #[test]
    fn words_are_counted_as_split_on_white_space() {
        for s in [
            "",
            "  ",
            "a",
            "one two  three",
            " -- x -- ",
            "caf\u{e9} \u{201c}quoted\u{201d}\u{a0}here",
            "\u{3000}\u{4e00}\u{85}.",
            "tab\tnew\nline\u{b}vt\u{c}ff\rcr\u{1c}fs",
            "5,000 \u{2014} \u{663}",
        ] {
            let split = s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            assert_eq!(word_count(s, usize::MAX), split, "{s:?}");
            assert_eq!(word_count(s, 1), split.min(2), "{s:?}");
        }
    }

    #[test]
    fn abbreviated_titles() {
        assert!(abbreviates("Menkominfo", "Menteri Komunikasi dan Informatika"));
        assert!(abbreviates("Mendag", "Menteri Perdagangan"));
        assert!(!abbreviates("Menlu", "Menteri Perdagangan"));
        assert_eq!(abbreviation_cover("Menkominfo", "Menteri Komunikasi"), 6);
    }
}
