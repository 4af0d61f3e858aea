//! Text repair: mojibake, invisible and control characters, styled letters, line endings.
//!
//! `fix_text` is conservative: it undoes UTF-8 read in the wrong code page only where the repair is clearly
//! better text (see `mojibake`), removes characters that carry no text (zero-width characters, controls),
//! folds "mathematical" styled letters to plain ones, and normalises line endings. It keeps curly quotes,
//! dashes and every other character as they are; it does not apply Unicode normalisation to the text.

mod chars;
mod codepages;
mod mojibake;
mod words;

use std::borrow::Cow;
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// What the repair stage changed: a count per kind of change.
pub type Repairs = BTreeMap<String, u64>;

/// Kinds of change counted in [`Repairs`].
pub const MOJIBAKE: &str = "mojibake";
pub const INVISIBLE: &str = "invisible";
pub const CONTROL: &str = "control";
pub const STYLED_LETTERS: &str = "styled_letters";
pub const LINE_ENDINGS: &str = "line_endings";

fn bump(repairs: &mut Repairs, kind: &str, n: u64) {
    if n > 0 {
        *repairs.entry(kind.to_string()).or_insert(0) += n;
    }
}

/// Printable ASCII, tab and newline only: nothing to repair.
fn is_clean_ascii(text: &str) -> bool {
    let clean = |b: &u8| (0x20..0x7F).contains(b) || *b == b'\n' || *b == b'\t';
    // Blocks without an early exit inside, which the compiler can vectorise.
    text.as_bytes().chunks(64).all(|block| block.iter().fold(true, |ok, b| ok & clean(b)))
}

/// Whether `c` is removed or changed by the character clean-up (whatever its neighbours).
fn is_cleaned(c: char) -> bool {
    let u = c as u32;
    if c.is_ascii() {
        return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7F;
    }
    (0x80..=0x9F).contains(&u)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{2028}' | '\u{2029}')
        || is_removable_invisible(c)
        || is_math_styled(c)
}

/// Nothing to repair: no character to clean and no place where mojibake could start. One pass of table
/// look-ups, no allocation.
fn is_clean(text: &str) -> bool {
    let mut it = text.chars();
    let (mut a, mut b, mut c) = (it.next(), it.next(), it.next());
    while let Some(x) = a {
        if is_cleaned(x) || (!x.is_ascii() && mojibake::may_start_mojibake(x, b, c)) {
            return false;
        }
        (a, b, c) = (b, c, it.next());
    }
    true
}

/// Repair `text`, returning the fixed text (`text` itself when nothing needed repair) and what was changed.
pub fn fix_text(text: &str) -> (Cow<'_, str>, Repairs) {
    let mut repairs = Repairs::new();
    if is_clean_ascii(text) || is_clean(text) {
        return (Cow::Borrowed(text), repairs);
    }
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    let mut line_endings = 0;
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\r' {
            if it.peek() == Some(&'\n') {
                it.next();
            }
            line_endings += 1;
            chars.push('\n');
        } else {
            chars.push(c);
        }
    }
    bump(&mut repairs, LINE_ENDINGS, line_endings);
    if !text.is_ascii() {
        let fixed = mojibake::repair(&mut chars);
        bump(&mut repairs, MOJIBAKE, fixed);
    }
    let out = clean_characters(&chars, &mut repairs);
    (Cow::Owned(out), repairs)
}

/// Letterlike characters that stand in for the missing styled letters of the mathematical alphabets
/// (italic h is U+210E, script B is U+212C, ...).
fn is_letterlike_stand_in(c: char) -> bool {
    matches!(
        c,
        '\u{2102}' | '\u{210A}'..='\u{210E}' | '\u{2110}'..='\u{2112}' | '\u{2115}' | '\u{2119}'..='\u{211D}' | '\u{2124}' | '\u{2128}'
            | '\u{212C}' | '\u{212D}' | '\u{212F}'..='\u{2131}' | '\u{2133}' | '\u{2134}'
    )
}

fn is_math_styled(c: char) -> bool {
    ('\u{1D400}'..='\u{1D7FF}').contains(&c) && c.is_alphanumeric()
}

/// Scripts whose letters join, where ZWNJ/ZWJ change the shape of a word.
fn is_joining_script(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x08FF | 0x0900..=0x0DFF | 0x0F00..=0x0FFF | 0x1000..=0x109F | 0x1780..=0x18AF
            | 0xA840..=0xA87F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF | 0x10A00..=0x10A5F)
}

/// Emoji and their modifiers, which ZWJ glues into one picture.
fn is_emoji_part(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x2BFF | 0x1F000..=0x1FAFF | 0xFE0F | 0xE0020..=0xE007F)
}

/// The invisible formatting characters removed everywhere.
fn is_removable_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x180E | 0x200B | 0x200E | 0x200F | 0x202A..=0x202E
            | 0x2060..=0x2064 | 0x2066..=0x2069 | 0x3164 | 0xFEFF | 0xFFA0)
}

/// The meaning of a lone C1 control in Windows-1252, the code page such bytes nearly always came from.
fn c1_as_windows_1252(c: char) -> Option<char> {
    let b = u8::try_from(c as u32).ok()?;
    let buf = [b];
    let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(&buf);
    let d = text.chars().next()?;
    if had_errors || d == c {
        None
    } else {
        Some(d)
    }
}

fn clean_characters(chars: &[char], repairs: &mut Repairs) -> String {
    let mut out = String::with_capacity(chars.len() + chars.len() / 2);
    let (mut invisible, mut control, mut styled, mut lines, mut c1) = (0, 0, 0, 0, 0);
    for (i, &c) in chars.iter().enumerate() {
        let u = c as u32;
        if c.is_ascii() && c != '\u{7F}' && (c >= ' ' || c == '\n' || c == '\t') {
            out.push(c);
            continue;
        }
        let prev = i.checked_sub(1).and_then(|k| chars.get(k)).copied();
        let next = chars.get(i + 1).copied();
        match c {
            '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                lines += 1;
            }
            _ if u < 0x20 || u == 0x7F => control += 1,
            _ if (0x80..=0x9F).contains(&u) => match c1_as_windows_1252(c) {
                Some(d) => {
                    out.push(d);
                    c1 += 1;
                }
                None => control += 1,
            },
            '\u{200C}' | '\u{200D}' => {
                let joining = prev.is_some_and(is_joining_script) && next.is_some_and(is_joining_script);
                let emoji = c == '\u{200D}' && prev.is_some_and(is_emoji_part) && next.is_some_and(is_emoji_part);
                if joining || emoji {
                    out.push(c);
                } else {
                    invisible += 1;
                }
            }
            _ if is_removable_invisible(c) => invisible += 1,
            _ if is_math_styled(c)
                || (is_letterlike_stand_in(c)
                    && (prev.is_some_and(is_math_styled) || next.is_some_and(is_math_styled))) =>
            {
                out.extend(std::iter::once(c).nfkc());
                styled += 1;
            }
            _ => out.push(c),
        }
    }
    bump(repairs, MOJIBAKE, c1);
    bump(repairs, INVISIBLE, invisible);
    bump(repairs, CONTROL, control);
    bump(repairs, STYLED_LETTERS, styled);
    bump(repairs, LINE_ENDINGS, lines);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        fix_text(s).0.into_owned()
    }

    #[test]
    fn clean_ascii_is_returned_unchanged_with_no_repairs() {
        let (t, r) = fix_text("Plain text.\nSecond line.\tTabbed.");
        assert_eq!(t, "Plain text.\nSecond line.\tTabbed.");
        assert!(r.is_empty());
    }

    #[test]
    fn line_endings_become_newlines() {
        let (t, r) = fix_text("one\r\ntwo\rthree\n");
        assert_eq!(t, "one\ntwo\nthree\n");
        assert_eq!(r.get(LINE_ENDINGS), Some(&2));
    }

    #[test]
    fn invisible_and_control_characters_are_removed() {
        let (t, r) = fix_text("\u{FEFF}zero\u{200B}width soft\u{AD}hyphen bell\u{7}");
        assert_eq!(t, "zerowidth softhyphen bell");
        assert_eq!(r.get(INVISIBLE), Some(&3));
        assert_eq!(r.get(CONTROL), Some(&1));
    }

    #[test]
    fn joiners_stay_in_joining_scripts_and_emoji() {
        let persian = "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}";
        assert_eq!(fixed(persian), persian);
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(fixed(family), family);
        assert_eq!(fixed("in\u{200D}visible"), "invisible");
    }

    #[test]
    fn styled_letters_are_folded_but_quotes_and_dashes_stay() {
        let (t, r) = fix_text("\u{1D47A}\u{1D495}\u{1D482}\u{1D49A} \u{201C}calm\u{201D} \u{2014} 2\u{2013}3");
        assert_eq!(t, "Stay \u{201C}calm\u{201D} \u{2014} 2\u{2013}3");
        assert_eq!(r.get(STYLED_LETTERS), Some(&4));
        // Italic h is the letterlike U+210E; it folds inside a styled word only.
        assert_eq!(fixed("\u{1D44E}\u{210E}"), "ah");
        assert_eq!(fixed("E = \u{210E}\u{3BD}"), "E = \u{210E}\u{3BD}");
    }

    #[test]
    fn lone_c1_controls_read_as_windows_1252() {
        assert_eq!(fixed("\u{93}quoted\u{94} and more\u{85}"), "\u{201C}quoted\u{201D} and more\u{2026}");
        assert_eq!(fixed("undefined\u{81} byte"), "undefined byte");
    }

    #[test]
    fn utf8_read_as_windows_1252_is_repaired() {
        assert_eq!(fixed("caf\u{C3}\u{A9} cr\u{C3}\u{A8}me"), "caf\u{E9} cr\u{E8}me");
        assert_eq!(fixed("it\u{E2}\u{20AC}\u{2122}s"), "it\u{2019}s");
        assert_eq!(fixed("\u{E2}\u{20AC}\u{0153}quoted\u{E2}\u{20AC}\u{9D}"), "\u{201C}quoted\u{201D}");
    }

    #[test]
    fn utf8_read_as_windows_1251_and_1250_is_repaired() {
        // "привет мир" read as Windows-1251.
        let broken: String = "привет мир"
            .bytes()
            .map(|b| {
                let buf = [b];
                let (s, _, _) = encoding_rs::WINDOWS_1251.decode(&buf);
                s.chars().next().unwrap_or('?')
            })
            .collect();
        assert_eq!(fixed(&broken), "привет мир");
        // "Łódź jest piękna" read as Windows-1250.
        let broken: String = encoding_rs::WINDOWS_1250.decode("Łódź jest piękna".as_bytes()).0.into_owned();
        assert_eq!(fixed(&broken), "Łódź jest piękna");
    }

    #[test]
    fn mixed_clean_and_broken_text_is_fixed_piecewise() {
        let text = "Clean \u{201C}quotes\u{201D} stay; broken na\u{C3}\u{AF}ve r\u{C3}\u{A9}sum\u{C3}\u{A9} is fixed.";
        assert_eq!(fixed(text), "Clean \u{201C}quotes\u{201D} stay; broken na\u{EF}ve r\u{E9}sum\u{E9} is fixed.");
    }

    #[test]
    fn look_alikes_stay() {
        for s in [
            "S\u{C3}O PAULO",
            "5\u{D7}\u{A3}20 offer",
            "\u{2206}\u{B0} and \u{221A}\u{3C0}",
            "\u{C9}L\u{C8}VE \u{C0} PARIS",
            "VOC\u{CA}\u{2026}",
            "Tr\u{E8}s \u{E9}l\u{E9}gant \u{2014} d\u{E9}j\u{E0} vu",
        ] {
            assert_eq!(fixed(s), s, "{s:?}");
        }
    }

    #[test]
    fn windows_874_mix_with_lost_bytes_is_repaired() {
        // UTF-8 read with Thai letters from Windows-874 and 0x80-0x9F from Windows-1252, undefined bytes lost.
        fn thai_mix(s: &str) -> String {
            let mut out = String::new();
            for b in s.bytes() {
                let dec = if (0x80..=0x9F).contains(&b) { encoding_rs::WINDOWS_1252 } else { encoding_rs::WINDOWS_874 };
                let buf = [b];
                let (t, _, err) = dec.decode(&buf);
                let c = t.chars().next().unwrap_or('\u{FFFD}');
                if err || (c as u32 == u32::from(b) && b >= 0x80) {
                    continue;
                }
                out.push(c);
            }
            out
        }
        let styled = "\u{1D47B}\u{1D489}\u{1D486} \u{1D48F}\u{1D486}\u{1D498} \u{1D48D}\u{1D482}\u{1D498}";
        let broken = thai_mix(&format!("{styled}\nA zero\u{200B}width \u{201C}quote\u{201D}."));
        let out = fixed(&broken);
        assert_eq!(out, "The new law\nA zerowidth \u{201C}quote\u{201D}.");
    }

    #[test]
    fn text_broken_twice_or_three_times_is_repaired() {
        let once = |s: &str| encoding_rs::WINDOWS_1252.decode(s.as_bytes()).0.into_owned();
        let clean = "Le caf\u{E9} co\u{FB}te 3\u{20AC} \u{2014} \u{201C}d\u{E9}j\u{E0}\u{201D}.";
        assert_eq!(fixed(&once(&once(clean))), clean);
        assert_eq!(fixed(&once(&once(&once(clean)))), clean);
    }

    #[test]
    fn lossy_and_surrogate_damage_is_handled() {
        // A byte replaced by U+FFFD: the sequence becomes one replacement character.
        assert_eq!(fixed("na\u{C3}\u{FFFD}ve caf\u{C3}\u{A9}"), "na\u{FFFD}ve caf\u{E9}");
        // Emoji encoded as two UTF-16 surrogates, each as UTF-8 (CESU-8), read as Windows-1252.
        assert_eq!(fixed("smile \u{ED}\u{A0}\u{BD}\u{ED}\u{B8}\u{80} ok"), "smile \u{1F600} ok");
    }

    #[test]
    fn a_grave_whose_no_break_space_became_a_space() {
        assert_eq!(fixed("Il est all\u{C3}\u{A9} voil\u{C3} la gare"), "Il est all\u{E9} voil\u{E0} la gare");
        assert_eq!(fixed("voil\u{C3} tout"), "voil\u{E0} tout");
        assert_eq!(fixed("r\u{C3}\u{A9}ponse \u{C3} la question"), "r\u{E9}ponse \u{E0} la question");
    }

    #[test]
    fn random_mixtures_of_mojibake_characters_never_panic() {
        // A fixed pseudo-random walk over characters that mojibake is made of.
        let alphabet: Vec<char> = "\u{C3}\u{C2}\u{E2}\u{20AC}\u{2122}\u{A9}\u{F0}\u{E50}\u{2018}\u{2019}\u{E1A}\u{ED}\u{A0}\u{BD}\u{FFFD}? a\u{D0}\u{D1}\u{410}\u{1D47A}\u{200B}\r\u{85}\u{9D}"
            .chars()
            .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let len = ((state >> 40) % 24) as usize;
            let text: String = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    alphabet[((state >> 33) as usize) % alphabet.len()]
                })
                .collect();
            let (once, _) = fix_text(&text);
            let _ = fix_text(&once);
        }
    }

    #[test]
    fn pathological_input_is_linear_and_never_panics() {
        let s = "\u{C3}".repeat(20_000) + &"\u{E2}\u{20AC}".repeat(20_000) + &"\u{F0}\u{9F}?".repeat(5_000);
        let _ = fix_text(&s);
        let _ = fix_text("\u{C3}");
        let _ = fix_text("\u{F0}\u{2018}");
        let _ = fix_text("\u{ED}\u{A0}\u{BD}");
    }
}
