//! Undoing mojibake: UTF-8 bytes that were read as a single-byte code page.
//!
//! The repair works on sequences, not whole strings. In each code-page family it looks for runs of characters
//! that, turned back into the bytes that family reads them from, form valid UTF-8. A run is replaced by what
//! those bytes decode to when that lowers the text's oddness (see `chars`) by a margin, so clean text next to
//! broken text is left alone and text that only looks like mojibake stays as it is. The repair is repeated
//! for text that went through the mistake twice or three times.
//!
//! Damage seen in the wild is handled too: a byte replaced by U+FFFD or `?` by a lossy decoder (the sequence
//! becomes one U+FFFD), a no-break space (byte 0xA0) turned into a plain space or dropped, continuation bytes
//! that the code page does not define and that the decoder dropped (the missing byte is searched for), and
//! UTF-16 surrogates encoded one by one (CESU-8).

use super::chars::{class, lone_capital_oddness, pair_oddness, rarity, Class};
use super::codepages::{Tables, NFAM, TABLES};
use super::words;

/// The most passes made over text broken several times over.
const MAX_PASSES: usize = 4;
/// Gain (drop in oddness) a run needs to be repaired.
const ACCEPT: f32 = 2.0;
/// Gain that proves, on its own, that the text was mis-decoded in that family.
const STRONG: f32 = 4.0;
/// Options of a guessed byte scored in context (the likeliest on their own).
const MAX_OPTIONS: usize = 8;
/// The lowest threshold a run can face (in a family proven by a clear run).
const MIN_THRESHOLD: f32 = 0.2;
/// The most a run gains outside `score_run` (being made only of characters an earlier pass decoded).
const MAX_RUN_BONUS: f32 = 1.5;
/// Candidate sequences a word may hold before guessing lost bytes by words is given up.
const MAX_WORD_COMBINATIONS: usize = 256;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Item {
    Real(u8),
    /// U+FFFD or `?` standing for a byte a lossy decoder replaced.
    Wild {
        question: bool,
    },
    /// A plain space standing for byte 0xA0 (a no-break space).
    SpaceA0,
}

/// One place where characters may be the mis-read bytes of a single UTF-8 character.
#[derive(Clone, Debug)]
struct Candidate {
    start: usize,
    end: usize,
    /// What the bytes may decode to, best first after scoring; U+FFFD when a byte was replaced.
    options: Vec<char>,
    /// Lead byte and continuation bytes actually present.
    real: u8,
    wild_question: u8,
    wild_replacement: u8,
    spaces: u8,
    /// Continuation bytes undefined in the code page, dropped by the decoder and guessed back.
    lost: u8,
    /// A no-break space (byte 0xA0) that vanished.
    lost_nbsp: u8,
    /// Accept only when the family shows mojibake elsewhere in the text.
    needs_evidence: bool,
}

impl Candidate {
    fn penalty(&self) -> f32 {
        // A guessed byte is weaker evidence in a three-byte sequence than in a four-byte one.
        let lost_each = if self.real + self.lost >= 4 { 0.75 } else { 1.5 };
        let question_each = if self.real >= 2 { 1.0 } else { 1.5 };
        f32::from(self.wild_question) * question_each
            + f32::from(self.wild_replacement) * 0.25
            + f32::from(self.spaces) * 0.5
            + f32::from(self.lost) * lost_each
            + f32::from(self.lost_nbsp) * 0.25
    }

    fn length_bonus(&self) -> f32 {
        f32::from(self.real.saturating_sub(2))
    }
}

fn expected_continuations(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        _ => 3,
    }
}

/// Decode one UTF-8 sequence given as bytes; `None` if invalid.
fn decode_utf8(bytes: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(bytes).ok()?;
    let mut it = s.chars();
    let c = it.next()?;
    if it.next().is_some() {
        return None;
    }
    Some(c)
}

/// Whether `b` may be the first continuation byte after `lead` (the UTF-8 range rules).
fn first_continuation_ok(lead: u8, b: u8) -> bool {
    match lead {
        0xE0 => (0xA0..=0xBF).contains(&b),
        0xED => (0x80..=0x9F).contains(&b),
        0xF0 => (0x90..=0xBF).contains(&b),
        0xF4 => (0x80..=0x8F).contains(&b),
        _ => (0x80..=0xBF).contains(&b),
    }
}

/// A decoding that can be right: C1 controls are allowed because text broken twice passes through them
/// (the run is then judged by what decoding it once more gives). Rare characters are allowed here and
/// weighed by the scoring; impossible ones (private use, noncharacters, unassigned) are not.
fn acceptable_decoding(c: char) -> bool {
    let u = c as u32;
    if (0x80..=0x9F).contains(&u) {
        return true;
    }
    if u < 0x3000 || (0x1D400..=0x1D7FF).contains(&u) {
        return !matches!(class(c), Class::Control | Class::Impossible);
    }
    // Surrogates, private use, noncharacters, and the planes nothing is assigned in (4 to 13).
    !(matches!(u, 0xD800..=0xF8FF | 0xFDD0..=0xFDEF | 0x40000..=0xDFFFF | 0xF0000..=0x10FFFF) || (u & 0xFFFE) == 0xFFFE)
}

fn cont_byte(t: &Tables, c: char, f: usize) -> Option<u8> {
    t.byte(c, f).filter(|b| (0x80..=0xBF).contains(b))
}

/// Find the candidate starting at `i` in family `f`, if any. Allocation-free until a candidate is found:
/// this runs at every lead character of every family.
fn candidate_at(t: &Tables, chars: &[char], i: usize, f: usize) -> Option<Candidate> {
    let first = *chars.get(i)?;
    let lead = t.byte(first, f)?;
    if !(0xC2..=0xF4).contains(&lead) {
        return None;
    }
    let fam = t.families.get(f)?;
    let n = expected_continuations(lead);
    let mut items = [Item::Real(0); 3];
    let mut len = 0;
    let mut j = i + 1;
    while len < n {
        let Some(&c) = chars.get(j) else { break };
        let item = if let Some(b) = cont_byte(t, c, f) {
            Item::Real(b)
        } else if c == '\u{FFFD}' {
            Item::Wild { question: false }
        } else if c == '?' {
            Item::Wild { question: true }
        } else if c == ' ' && fam.nbsp_a0 {
            Item::SpaceA0
        } else {
            break;
        };
        if let Some(slot) = items.get_mut(len) {
            *slot = item;
        }
        len += 1;
        j += 1;
    }
    let bytes_of = |items: &[Item]| -> ([u8; 4], usize) {
        let mut bytes = [lead, 0, 0, 0];
        for (slot, it) in bytes.iter_mut().skip(1).zip(items) {
            *slot = match it {
                Item::Real(b) => *b,
                Item::SpaceA0 => 0xA0,
                Item::Wild { .. } => 0,
            };
        }
        (bytes, items.len() + 1)
    };
    // A space read as 0xA0 at the end of a sequence is kept only inside a run of mojibake (more follows at
    // once) and when it makes a plausible character; otherwise it is more likely a real space.
    if n > 1 && len == n && items.get(len - 1) == Some(&Item::SpaceA0) {
        let (bytes, blen) = bytes_of(items.get(..len).unwrap_or(&[]));
        let more_follows = chars.get(j).is_some_and(|&c| !c.is_ascii() && !c.is_whitespace());
        let plausible = decode_utf8(bytes.get(..blen).unwrap_or(&[])).is_some_and(|c| rarity(c) < 2.0);
        if !(more_follows && plausible) {
            len -= 1;
            j -= 1;
        }
    }
    let items = items.get(..len).unwrap_or(&[]);
    let count = |pred: fn(&Item) -> bool| items.iter().filter(|it| pred(it)).count() as u8;
    let real_conts = count(|it| matches!(it, Item::Real(_)));
    let wild_question = count(|it| matches!(it, Item::Wild { question: true }));
    let wild_replacement = count(|it| matches!(it, Item::Wild { question: false }));
    let spaces = count(|it| matches!(it, Item::SpaceA0));
    let candidate = |end: usize, options: Vec<char>| Candidate {
        start: i,
        end,
        options,
        real: 1 + real_conts,
        wild_question,
        wild_replacement,
        spaces,
        lost: 0,
        lost_nbsp: 0,
        needs_evidence: false,
    };

    if len == n {
        if n == 1 && spaces == 1 {
            return lone_lead(t, chars, i, f, lead);
        }
        let (bytes, blen) = bytes_of(items);
        if wild_question + wild_replacement > 0 {
            // A lossy decoder replaced a byte: the whole sequence becomes one U+FFFD, provided what is left
            // is a valid start of a sequence.
            if let Some(&b1) = bytes.get(1) {
                if b1 != 0 && !first_continuation_ok(lead, b1) {
                    return None;
                }
            }
            return Some(candidate(j, vec!['\u{FFFD}']));
        }
        if let Some(c) = decode_utf8(bytes.get(..blen).unwrap_or(&[])) {
            return acceptable_decoding(c).then(|| candidate(j, vec![c]));
        }
        // CESU-8: a UTF-16 surrogate pair encoded as two three-byte sequences.
        if let [0xED, b1 @ 0xA0..=0xAF, b2, _] = bytes {
            if spaces == 0 {
                let low = |k: usize| chars.get(j + k).and_then(|&c| t.byte(c, f));
                if let (Some(0xED), Some(l1 @ 0xB0..=0xBF), Some(l2 @ 0x80..=0xBF)) = (low(0), low(1), low(2)) {
                    let hi = 0xD000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
                    let lo = 0xD000 | (u32::from(l1 & 0x3F) << 6) | u32::from(l2 & 0x3F);
                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    if let Some(c) = char::from_u32(cp).filter(|&c| acceptable_decoding(c)) {
                        let mut cand = candidate(j + 3, vec![c]);
                        cand.real = 6;
                        return Some(cand);
                    }
                }
            }
        }
        return None;
    }

    // Too few continuation characters.
    if n == 1 {
        return lone_lead(t, chars, i, f, lead);
    }
    if real_conts == 0 || wild_question + wild_replacement > 0 || spaces > 0 {
        return None;
    }
    // Bytes the decoder did not define may have been dropped: try every place and value for them.
    let missing = n - len;
    if missing > 2 || fam.lost.is_empty() {
        return None;
    }
    let present: [u8; 3] = {
        let (b, _) = bytes_of(items);
        [b[1], b[2], b[3]]
    };
    let lost = &fam.lost;
    let mut options: Vec<char> = Vec::new();
    for mask in 0u32..(1 << n) {
        if mask.count_ones() as usize != missing {
            continue;
        }
        let combos = lost.len().pow(missing as u32);
        for combo in 0..combos {
            let mut bytes = [lead, 0, 0, 0];
            let (mut p, mut rest) = (0, combo);
            for slot in 0..n {
                let b = if mask & (1 << slot) != 0 {
                    let v = lost.get(rest % lost.len()).copied().unwrap_or(0);
                    rest /= lost.len();
                    v
                } else {
                    let v = present.get(p).copied().unwrap_or(0);
                    p += 1;
                    v
                };
                if let Some(s) = bytes.get_mut(slot + 1) {
                    *s = b;
                }
            }
            if let Some(c) = decode_utf8(bytes.get(..n + 1).unwrap_or(&[])).filter(|&c| acceptable_decoding(c)) {
                if !options.contains(&c) {
                    options.push(c);
                }
            }
        }
    }
    if options.is_empty() {
        return None;
    }
    let mut cand = candidate(j, options);
    cand.lost = missing as u8;
    Some(cand)
}

/// A two-byte lead standing alone before a space or the end of a word: its 0xA0 continuation (a no-break
/// space) became a plain space or vanished. `à` (C3 A0) is the common victim.
fn lone_lead(t: &Tables, chars: &[char], i: usize, f: usize, lead: u8) -> Option<Candidate> {
    let fam = t.families.get(f)?;
    if !fam.nbsp_a0 {
        return None;
    }
    let c = decode_utf8(&[lead, 0xA0])?;
    let prev = i.checked_sub(1).and_then(|k| chars.get(k)).copied();
    let next = chars.get(i + 1).copied();
    let after = chars.get(i + 2).copied();
    if !matches!(next, None | Some(' ')) {
        return None;
    }
    let after_is_lead =
        after.is_some_and(|a| t.byte(a, f).is_some_and(|b| (0xC2..=0xF4).contains(&b)) && !a.is_ascii());
    let after_is_lower = after.is_some_and(|a| a.is_lowercase());
    let prev_is_lower = prev.is_some_and(|p| p.is_lowercase());
    let kind = class(c);
    let (end, spaces, lost_nbsp, needs_evidence) = if next == Some(' ') && after_is_lead && c.is_alphabetic() {
        // The space sits inside a run of mojibake: it was the 0xA0 of this letter.
        (i + 2, 1, 0, false)
    } else if c == '\u{A0}' {
        // The space is the no-break space itself.
        if next == Some(' ') {
            (i + 2, 1, 0, !prev.is_some_and(char::is_alphanumeric))
        } else {
            return None;
        }
    } else if matches!(kind, Class::Upper(_)) {
        // A capital at the start of a word whose 0xA0 became a space: the word goes on after the space.
        if next == Some(' ') && after_is_lower && !prev.is_some_and(char::is_alphanumeric) {
            (i + 2, 1, 0, true)
        } else {
            return None;
        }
    } else if !matches!(kind, Class::Lower(_)) {
        return None;
    } else if next == Some(' ') && (after == Some(' ') || joins_following_word(chars, i + 2)) {
        // Two spaces (one was the 0xA0), or a word that joins the letter (`Ã s` is `às`).
        (i + 2, 1, 0, !prev_is_lower)
    } else {
        (i + 1, 0, 1, !prev_is_lower)
    };
    Some(Candidate {
        start: i,
        end,
        options: vec![c],
        real: 1,
        wild_question: 0,
        wild_replacement: 0,
        spaces,
        lost: 0,
        lost_nbsp,
        needs_evidence,
    })
}

/// Whether the word starting at `k` is a known continuation of a word beginning with a letter from a
/// two-byte sequence (a Portuguese contraction such as `à` + `s`).
fn joins_following_word(chars: &[char], k: usize) -> bool {
    let len = chars.iter().skip(k).take_while(|c| c.is_alphabetic()).count();
    if len == 0 || len > 16 {
        return false;
    }
    let boundary_ok = chars.get(k + len).is_none_or(|&c| !matches!(c, '\'' | '\u{2019}'));
    boundary_ok && chars.get(k..k + len).is_some_and(words::is_joining_suffix)
}

/// Oddness of `middle` between the neighbours `left2 left` and `right`.
fn oddness(left2: Option<char>, left: Option<char>, middle: &[char], right: Option<char>) -> f32 {
    let n = middle.len();
    // Position k in the sequence `left2 left middle... right`.
    let at = |k: usize| -> Option<char> {
        match k {
            0 => left2,
            1 => left,
            _ if k - 2 < n => middle.get(k - 2).copied(),
            _ if k - 2 == n => right,
            _ => None,
        }
    };
    let len = n + 3;
    let mut total = 0.0;
    for k in 2..len {
        let Some(c) = at(k) else { continue };
        if k + 1 < len {
            total += rarity(c) + lone_capital_oddness(at(k - 1), c, at(k + 1));
        }
        total += caps_then_lower(at(k - 2), at(k - 1), c);
    }
    for k in 1..len - 1 {
        if let (Some(a), Some(b)) = (at(k), at(k + 1)) {
            total += pair_oddness(a, b);
        }
    }
    total
}

/// A lower-case letter right after two capitals (`SÖģ`), with something non-ASCII involved: the end of an
/// all-capitals word does not turn lower-case.
fn caps_then_lower(a: Option<char>, b: Option<char>, c: char) -> f32 {
    let (Some(a), Some(b)) = (a, b) else {
        return 0.0;
    };
    let upper = |x: char| matches!(class(x), Class::Upper(_));
    if upper(a) && upper(b) && matches!(class(c), Class::Lower(_)) && !(a.is_ascii() && b.is_ascii() && c.is_ascii()) {
        1.5
    } else {
        0.0
    }
}

/// A maximal run of adjacent candidates of one family.
#[derive(Debug)]
struct Run {
    family: usize,
    start: usize,
    end: usize,
    cands: Vec<Candidate>,
    gain: f32,
    all_derived: bool,
}

/// Choose, for each candidate of a run, the option that reads best in context, and return the run's gain.
fn score_run(chars: &[char], run: &mut Run) -> f32 {
    let derived_bonus = if run.all_derived { MAX_RUN_BONUS } else { 0.0 };
    let left = run.start.checked_sub(1).and_then(|k| chars.get(k)).copied();
    let left2 = run.start.checked_sub(2).and_then(|k| chars.get(k)).copied();
    let right = chars.get(run.end).copied();
    let original = chars.get(run.start..run.end).unwrap_or(&[]);
    let before = oddness(left2, left, original, right);
    let fixed_bonus: f32 =
        run.cands.iter().map(|c| c.length_bonus() - c.penalty()).sum::<f32>() + periodic_lead_bonus(original, run);
    // Oddness is never negative, so this bounds the gain; a run that cannot pass is not scored further
    // (clean text in scripts whose letters double as continuation bytes makes many such runs).
    let best_case = before + fixed_bonus + 0.25 * run.cands.len() as f32 + derived_bonus;
    if best_case < MIN_THRESHOLD {
        return f32::NEG_INFINITY;
    }
    // Start from the option that is likeliest on its own, then let each choice see its chosen neighbours.
    // Options far rarer than the likeliest cannot win and are dropped.
    for cand in run.cands.iter_mut() {
        if cand.options.len() > 1 {
            // Each option's rarity computed once (a stable sort keeps the order of equally rare options).
            let mut by_rarity: Vec<(f32, char)> = cand.options.iter().map(|&o| (rarity(o), o)).collect();
            by_rarity.sort_by(|a, b| a.0.total_cmp(&b.0));
            let floor = by_rarity.first().map_or(0.0, |&(r, _)| r);
            cand.options.clear();
            cand.options
                .extend(by_rarity.iter().filter(|&&(r, _)| r <= floor + 2.0).map(|&(_, o)| o).take(MAX_OPTIONS));
        }
    }
    for sweep in 0..2 {
        let picked: Vec<char> = run.cands.iter().map(|c| c.options.first().copied().unwrap_or('\u{FFFD}')).collect();
        for (k, cand) in run.cands.iter_mut().enumerate() {
            if cand.options.len() < 2 {
                continue;
            }
            let l = if k == 0 { left } else { picked.get(k - 1).copied() };
            let l2 = match k {
                0 => left2,
                1 => left,
                _ => picked.get(k - 2).copied(),
            };
            let r = if k + 1 == picked.len() { right } else { picked.get(k + 1).copied() };
            let mut scored: Vec<(f32, usize, char)> =
                cand.options.iter().enumerate().map(|(idx, &o)| (oddness(l2, l, &[o], r), idx, o)).collect();
            scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            cand.options = scored.iter().map(|s| s.2).collect();
            if sweep == 1 {
                // Keep only the options tied with the best; words decide between those later.
                let best = scored.first().map_or(0.0, |s| s.0);
                let keep = scored.iter().take_while(|s| s.0 - best < 0.01).count();
                cand.options.truncate(keep.max(1));
            }
        }
    }
    let decoded: Vec<char> = run.cands.iter().map(|c| c.options.first().copied().unwrap_or('\u{FFFD}')).collect();
    // Text broken twice decodes to more mojibake: judge the run by the best of one, two or three decodings.
    let mut after = oddness(left2, left, &decoded, right);
    let mut current = decoded;
    for _ in 0..2 {
        if possible_starts(&TABLES, &current, 0) == 0 {
            break;
        }
        match redecode(&current) {
            Some(next) => {
                after = after.min(oddness(left2, left, &next, right));
                current = next;
            }
            None => break,
        }
    }
    // A decoding into a character of the family's own code page is a little likelier (text and decoder
    // often share a locale).
    let table = &TABLES.families.get(run.family).map(|f| f.table);
    let native = |c: char| table.is_some_and(|t| t.contains(&c));
    let native_bonus: f32 =
        run.cands.iter().filter(|c| c.options.first().is_some_and(|&o| native(o))).count() as f32 * 0.25;
    before - after + fixed_bonus + native_bonus
}

/// Mojibake of a two-byte alphabet repeats its lead character at every other position (`ÐºÐ¸Ð¹`,
/// `ฮตฮปฮป`), which real words do not; a run of three or more such pairs with at most two distinct leads
/// is evidence even where every character looks like a letter.
fn periodic_lead_bonus(original: &[char], run: &Run) -> f32 {
    let two_byte: Vec<char> = run
        .cands
        .iter()
        .filter(|c| c.real == 2 && c.end == c.start + 2)
        .filter_map(|c| original.get(c.start - run.start).copied())
        .collect();
    if two_byte.len() < 3 || two_byte.len() < run.cands.len() {
        return 0.0;
    }
    let mut distinct: Vec<char> = two_byte.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() <= 2 {
        (two_byte.len() - 2) as f32
    } else {
        0.0
    }
}

/// `chars` decoded once more, if in some family they form a single run of complete sequences.
fn redecode(chars: &[char]) -> Option<Vec<char>> {
    let t = &*TABLES;
    let mut best: Option<(f32, Vec<char>)> = None;
    'families: for f in 0..NFAM {
        let mut out = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let Some(c) = candidate_at(t, chars, i, f) else {
                continue 'families;
            };
            let clean =
                c.lost == 0 && c.lost_nbsp == 0 && c.spaces == 0 && c.wild_question == 0 && c.wild_replacement == 0;
            if !clean || c.end <= i {
                continue 'families;
            }
            out.push(c.options.first().copied().unwrap_or('\u{FFFD}'));
            i = c.end;
        }
        let score = oddness(None, None, &out, None);
        if best.as_ref().is_none_or(|(b, _)| score < *b) {
            best = Some((score, out));
        }
    }
    best.map(|(_, v)| v)
}

/// Code pages that UTF-8 is seldom mis-read as need more evidence.
fn family_penalty(f: usize) -> f32 {
    match TABLES.families.get(f).map(|fam| fam.name) {
        Some("cp437") => 1.5,
        Some("macintosh") => 1.0,
        _ => 0.0,
    }
}

/// Find the runs of family `f`.
fn find_runs(t: &Tables, chars: &[char], derived: &[bool], starts: &[(usize, u16)], f: usize) -> Vec<Run> {
    let bit = 1u16 << f;
    let mut runs: Vec<Run> = Vec::new();
    let mut next_free = 0;
    for &(i, mask) in starts {
        if mask & bit == 0 || i < next_free {
            continue;
        }
        let Some(cand) = candidate_at(t, chars, i, f) else {
            continue;
        };
        let (s, e) = (cand.start, cand.end);
        let all_derived = derived.get(s..e).is_some_and(|d| d.iter().all(|&x| x));
        match runs.last_mut() {
            Some(run) if run.end == s => {
                run.end = e;
                run.all_derived &= all_derived;
                run.cands.push(cand);
            }
            _ => runs.push(Run { family: f, start: s, end: e, cands: vec![cand], gain: 0.0, all_derived }),
        }
        next_free = e.max(i + 1);
    }
    for run in &mut runs {
        let derived_bonus = if run.all_derived { MAX_RUN_BONUS } else { 0.0 };
        run.gain = score_run(chars, run) + derived_bonus - family_penalty(f);
    }
    runs
}

/// The families in which a candidate may start at `c` followed by `next` and `after`: a cheap filter on
/// the lead and what follows it, so clean text costs a table look-up per character.
#[inline]
fn possible_starts_at(t: &Tables, c: char, next: Option<char>, after: Option<char>) -> u16 {
    if c.is_ascii() {
        return 0;
    }
    let Some(row) = t.lookup(c) else { return 0 };
    if row.lead == 0 {
        return 0;
    }
    let cont_of = |x: Option<char>| match x {
        Some(x) if !x.is_ascii() => t.lookup(x).map_or(0, |r| r.cont),
        _ => 0,
    };
    match next {
        None => row.lead2,
        Some('\u{FFFD}') | Some('?') => row.lead,
        Some(' ') => row.lead2 | (row.lead & cont_of(after)),
        Some(_) => row.lead & cont_of(next),
    }
}

#[inline]
fn possible_starts(t: &Tables, chars: &[char], i: usize) -> u16 {
    match chars.get(i) {
        Some(&c) => possible_starts_at(t, c, chars.get(i + 1).copied(), chars.get(i + 2).copied()),
        None => 0,
    }
}

/// Whether `c`, followed by `next` and `after`, may start a mojibake sequence in some code page.
pub(crate) fn may_start_mojibake(c: char, next: Option<char>, after: Option<char>) -> bool {
    possible_starts_at(&TABLES, c, next, after) != 0
}

/// One pass; returns the number of sequences repaired.
fn repair_pass(chars: &mut Vec<char>, derived: &mut Vec<bool>) -> u64 {
    let t = &*TABLES;
    // Where a candidate may start, and in which families: one look-up pass shared by all families.
    let starts: Vec<(usize, u16)> =
        (0..chars.len()).filter_map(|i| Some((i, possible_starts(t, chars, i))).filter(|&(_, m)| m != 0)).collect();
    if starts.is_empty() {
        return 0;
    }
    let mut accepted: Vec<Run> = Vec::new();
    let non_ascii = chars.iter().filter(|c| !c.is_ascii() && !matches!(class(**c), Class::Space | Class::Nbsp)).count();
    for f in 0..NFAM {
        let runs = find_runs(t, chars, derived, &starts, f);
        if runs.is_empty() {
            continue;
        }
        let non_ascii_in = |rs: &mut dyn Iterator<Item = &Run>| -> usize {
            rs.map(|r| chars.get(r.start..r.end).map_or(0, |s| s.iter().filter(|c| !c.is_ascii()).count())).sum()
        };
        let run_non_ascii = non_ascii_in(&mut runs.iter());
        // Evidence that the text went through this family: a clear run, or runs that pass or lean towards
        // repair and hold most of the text's non-ASCII characters. Weak look-alikes scattered through a
        // long clean text never add up to evidence.
        let own = |r: &&Run| !r.cands.iter().any(|c| c.needs_evidence);
        let passing = runs.iter().filter(own).filter(|r| r.gain >= ACCEPT).count();
        let leaning_runs = || runs.iter().filter(|r| r.gain >= 0.5);
        let leaning: f32 = leaning_runs().map(|r| r.gain).sum();
        let dense = 2 * non_ascii_in(&mut leaning_runs()) >= non_ascii;
        let evidence =
            runs.iter().filter(own).any(|r| r.gain >= STRONG - 1.0) || (dense && (passing >= 1 || leaning >= STRONG));
        // Where the family is proven, any run that improves the text goes with it.
        let proven = runs.iter().any(|r| r.gain >= 2.0 * STRONG) || (dense && leaning >= 2.0 * STRONG);
        // Correctly decoded non-ASCII text elsewhere is evidence against a lone look-alike.
        let contradicted = non_ascii > run_non_ascii;
        let threshold = if proven {
            MIN_THRESHOLD
        } else if evidence {
            ACCEPT - 1.0
        } else {
            ACCEPT
        };
        let mut fam_runs: Vec<Run> = runs
            .into_iter()
            .filter(|r| r.gain >= threshold && (evidence || !r.cands.iter().any(|c| c.needs_evidence)))
            .collect();
        if contradicted && fam_runs.len() < 2 && !fam_runs.iter().any(|r| r.cands.iter().any(|c| c.real >= 3)) {
            fam_runs.clear();
        }
        accepted.extend(fam_runs);
    }
    if accepted.is_empty() {
        return 0;
    }
    // Families compete for overlapping runs: the family with more total gain first, then the better run.
    let mut family_gain = [0.0f32; NFAM];
    for r in &accepted {
        if let Some(g) = family_gain.get_mut(r.family) {
            *g += r.gain;
        }
    }
    accepted.sort_by(|a, b| {
        let ga = family_gain.get(a.family).copied().unwrap_or(0.0);
        let gb = family_gain.get(b.family).copied().unwrap_or(0.0);
        gb.total_cmp(&ga).then(b.gain.total_cmp(&a.gain)).then(a.family.cmp(&b.family))
    });
    let mut taken = vec![false; chars.len()];
    let mut chosen: Vec<Run> = Vec::new();
    for run in accepted {
        let free = taken.get(run.start..run.end).is_some_and(|s| s.iter().all(|&x| !x));
        if free {
            if let Some(s) = taken.get_mut(run.start..run.end) {
                s.iter_mut().for_each(|x| *x = true);
            }
            chosen.push(run);
        }
    }
    chosen.sort_by_key(|r| r.start);
    let mut out = Vec::with_capacity(chars.len());
    let mut out_derived = Vec::with_capacity(chars.len());
    let mut ambiguous: Vec<(usize, Vec<char>)> = Vec::new();
    let mut count = 0u64;
    let mut pos = 0;
    for run in &chosen {
        if let Some(s) = chars.get(pos..run.start) {
            out.extend_from_slice(s);
        }
        if let Some(d) = derived.get(pos..run.start) {
            out_derived.extend_from_slice(d);
        }
        for cand in &run.cands {
            if cand.options.len() > 1 {
                ambiguous.push((out.len(), cand.options.clone()));
            }
            out.push(cand.options.first().copied().unwrap_or('\u{FFFD}'));
            out_derived.push(true);
            count += 1;
        }
        pos = run.end;
    }
    if let Some(s) = chars.get(pos..) {
        out.extend_from_slice(s);
    }
    if let Some(d) = derived.get(pos..) {
        out_derived.extend_from_slice(d);
    }
    if !ambiguous.is_empty() {
        words::choose_by_words(&mut out, &ambiguous, MAX_WORD_COMBINATIONS);
    }
    *chars = out;
    *derived = out_derived;
    count
}

/// Repair mojibake in `chars`; returns the number of sequences repaired.
pub(crate) fn repair(chars: &mut Vec<char>) -> u64 {
    let mut derived = vec![false; chars.len()];
    let mut total = 0;
    for _ in 0..MAX_PASSES {
        let n = repair_pass(chars, &mut derived);
        if n == 0 {
            break;
        }
        total += n;
    }
    total
}
