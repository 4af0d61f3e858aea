//! Character classes and the "oddness" scores the mojibake repair compares: how unusual a character is in
//! running text, and how unusual two characters are side by side. Mojibake turns one plausible character into
//! a run of odd neighbours (an accented capital inside a lower-case word, a letter glued to a currency sign,
//! a C1 control), so a repair is worth making when it lowers the total.

/// Writing system of a letter, coarse enough to tell "same word" from "scripts glued together".
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Indic,
    Thai,
    Hangul,
    Cjk,
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Class {
    /// ASCII space, tab, newline.
    Space,
    Nbsp,
    Digit,
    Upper(Script),
    Lower(Script),
    /// A letter of a script without case (Hebrew, Arabic, CJK, ...).
    Uncased(Script),
    /// A combining mark.
    Mark,
    /// Quotation marks, apostrophes, guillemets.
    Quote,
    /// Dashes and hyphens.
    Dash,
    /// Sentence punctuation that normally follows a word (`.,;:!?…)]}`).
    Close,
    /// Punctuation that normally precedes a word (`([{¿¡`).
    Open,
    /// Other ASCII punctuation.
    Punct,
    Currency,
    Math,
    /// Symbols that normally follow a word or number: ® ™ © ¹ ² ³ %.
    PostSymbol,
    Symbol,
    /// Box drawing and block elements.
    Box,
    /// Spacing modifier letters and accents (ˆ ˜ ˇ ʰ ...).
    Modifier,
    /// Emoji and pictographs.
    Pictograph,
    /// U+FFFD, the mark of an earlier lossy decoding.
    Replacement,
    /// Zero-width and formatting characters.
    Format,
    /// C0/C1 controls other than tab and newline.
    Control,
    /// Private use, surrogates, noncharacters: never the result of a sound decoding.
    Impossible,
}

pub(crate) fn script_of(c: char) -> Script {
    let u = c as u32;
    match u {
        0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF5A => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0530..=0x058F => Script::Armenian,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x0600..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x0900..=0x0DFF => Script::Indic,
        0x0E00..=0x0E7F => Script::Thai,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Cjk,
        0x20000..=0x3FFFF => Script::Cjk,
        // Styled mathematical letters read as Latin letters.
        0x1D400..=0x1D6A3 => Script::Latin,
        0x1D6A8..=0x1D7CB => Script::Greek,
        _ => Script::Other,
    }
}

/// Classes of the characters below U+3000, computed once: the Unicode property look-ups behind `class`
/// are slow for non-Latin characters.
static CLASS_TABLE: std::sync::LazyLock<Vec<Class>> = std::sync::LazyLock::new(|| {
    (0u32..0x3000).map(|u| char::from_u32(u).map_or(Class::Impossible, compute_class)).collect()
});

/// The class of `c`.
#[inline]
pub(crate) fn class(c: char) -> Class {
    match CLASS_TABLE.get(c as usize) {
        Some(&k) => k,
        None => compute_class(c),
    }
}

fn compute_class(c: char) -> Class {
    let u = c as u32;
    if u < 0x80 {
        return match c {
            ' ' | '\t' | '\n' => Class::Space,
            '0'..='9' => Class::Digit,
            'A'..='Z' => Class::Upper(Script::Latin),
            'a'..='z' => Class::Lower(Script::Latin),
            '\'' | '"' | '`' => Class::Quote,
            '-' => Class::Dash,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' => Class::Close,
            '(' | '[' | '{' => Class::Open,
            '$' => Class::Currency,
            '+' | '<' | '=' | '>' | '|' | '~' | '^' => Class::Math,
            '%' => Class::PostSymbol,
            '\u{0}'..='\u{1F}' | '\u{7F}' => Class::Control,
            _ => Class::Punct,
        };
    }
    match u {
        0x80..=0x9F => Class::Control,
        0xA0 => Class::Nbsp,
        0xA1 | 0xBF => Class::Open,
        0xAB | 0xBB => Class::Quote,
        0xA2..=0xA5 => Class::Currency,
        0xAC | 0xB1 | 0xD7 | 0xF7 => Class::Math,
        0xA9 | 0xAE | 0xB9 | 0xB2 | 0xB3 => Class::PostSymbol,
        0xB0 | 0xAA | 0xBA | 0xB4 | 0xA8 => Class::Symbol,
        0xAD => Class::Format,
        0xA6 | 0xA7 | 0xAF | 0xB6 | 0xB7 | 0xB8 | 0xBC..=0xBE => Class::Symbol,
        0xB5 => Class::Lower(Script::Greek),
        0x02B0..=0x02FF => Class::Modifier,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F => Class::Mark,
        0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => Class::Mark,
        0x2010..=0x2015 | 0x2212 => Class::Dash,
        0x2018..=0x201F | 0x2039 | 0x203A | 0x2032 | 0x2033 => Class::Quote,
        0x2026 | 0x3001 | 0x3002 | 0xFF0C | 0xFF0E | 0xFF01 | 0xFF1F | 0xFF1A | 0xFF1B => Class::Close,
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF => Class::Format,
        0x2028 | 0x2029 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => Class::Space,
        0x2020..=0x2025 | 0x2027 | 0x2030 | 0x2031 | 0x2034..=0x2038 | 0x203B..=0x205E => Class::Symbol,
        0x2122 => Class::PostSymbol,
        0x20A0..=0x20CF => Class::Currency,
        0x2190..=0x22FF | 0x27C0..=0x27FF | 0x2900..=0x2AFF => Class::Math,
        0x2500..=0x259F => Class::Box,
        0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF => Class::Pictograph,
        0xFE00..=0xFE0F => Class::Mark,
        0xFFFD => Class::Replacement,
        0xD800..=0xDFFF | 0xE000..=0xF8FF | 0xFDD0..=0xFDEF | 0xF0000..=0x10FFFF => Class::Impossible,
        _ if (u & 0xFFFE) == 0xFFFE => Class::Impossible,
        _ => {
            if c.is_uppercase() {
                Class::Upper(script_of(c))
            } else if c.is_lowercase() {
                Class::Lower(script_of(c))
            } else if c.is_alphabetic() {
                if (0x1D400..=0x1D7FF).contains(&u) {
                    // (Unassigned holes of that block are not alphabetic and fall through to Impossible below.)
                    // Styled mathematical letters are cased; `is_uppercase` knows most, not all.
                    Class::Lower(script_of(c))
                } else {
                    Class::Uncased(script_of(c))
                }
            } else if c.is_numeric() {
                // Digits of other scripts (Thai, Arabic-Indic, ...) behave like that script's letters.
                match script_of(c) {
                    Script::Other | Script::Latin => Class::Digit,
                    s => Class::Uncased(s),
                }
            } else if (0x1D400..=0x1D7FF).contains(&u) {
                Class::Impossible
            } else if c.is_whitespace() {
                Class::Space
            } else {
                Class::Symbol
            }
        }
    }
}

/// How unusual `c` is in running text, on its own (0 = ordinary).
pub(crate) fn rarity(c: char) -> f32 {
    let u = c as u32;
    match u {
        0..=0x7F => {
            if class(c) == Class::Control {
                3.0
            } else {
                0.0
            }
        }
        0x80..=0x9F => 3.0,
        // Capital A with tilde is rare outside Portuguese capitals, and it is the lead character of the
        // commonest Windows-1252 mojibake; capital A with circumflex likewise.
        0xC3 => 1.0,
        0xC2 => 0.5,
        // Long s is archaic.
        0x017F => 3.0,
        0xA0..=0x017E => 0.0,
        // Vietnamese horn letters and pinyin caron vowels are ordinary; the rest of Latin Extended-B less so.
        0x01A0 | 0x01A1 | 0x01AF | 0x01B0 | 0x01CD..=0x01DC | 0x0218..=0x021B => 0.0,
        0x0180..=0x024F => 1.5,
        0x0250..=0x02AF => 3.0,
        0x02B0..=0x02FF => 1.5,
        // Combining marks: text is mostly precomposed.
        0x0300..=0x036F => 1.0,
        0x0370..=0x03FF => 0.0,
        // Russian letters are ordinary; the letters of other Cyrillic alphabets (Ђ Ј Ѕ І Ї ґ ...) less so.
        0x0410..=0x044F | 0x0401 | 0x0451 => 0.0,
        0x0400..=0x045F | 0x0490 | 0x0491 => 0.5,
        0x0460..=0x052F => 2.0,
        0x0530..=0x058F => 1.0,
        0x0591..=0x05C7 => 1.5,
        0x05C8..=0x05FF => 0.0,
        0x0600..=0x06FF => 0.0,
        0x0700..=0x08FF => 3.0,
        0x0900..=0x0DFF => 0.0,
        0x0E00..=0x0E7F => 0.0,
        0x0E80..=0x10FF => 1.0,
        0x1100..=0x11FF => 1.5,
        0x1200..=0x1DFF => 3.0,
        0x1E00..=0x1EFF => 0.0,
        0x1F00..=0x1FFF => 1.5,
        // Typographic spaces and direction marks are rare in text; quotes, dashes, bullets are not.
        0x2000..=0x200A => 1.0,
        0x200B..=0x200F => 0.5,
        // Unicode hyphens are rare (text uses ASCII `-`); dashes, quotes, bullets, ellipsis are common.
        0x2010..=0x2012 | 0x2015 => 0.5,
        0x2016 | 0x2017 => 1.0,
        0x2013 | 0x2014 | 0x2018..=0x2027 => 0.0,
        0x2028..=0x202F => 1.5,
        0x2030..=0x205E => 0.5,
        0x205F..=0x206F => 1.5,
        0x2070..=0x209F => 1.0,
        0x20A0..=0x20CF => 0.5,
        0x20D0..=0x20FF => 3.0,
        0x2100..=0x23FF => 0.5,
        0x2400..=0x245F => 2.0,
        0x2460..=0x25FF => 0.5,
        0x2600..=0x27BF => 0.0,
        0x27C0..=0x28FF => 1.0,
        0x2900..=0x2BFF => 1.0,
        0x2C00..=0x2DFF => 2.5,
        0x2E00..=0x2E7F => 1.5,
        0x2E80..=0x2FFF => 1.0,
        0x3000..=0x30FF => 0.0,
        0x3100..=0x31FF => 1.0,
        0x3200..=0x33FF => 0.5,
        0x3400..=0x4DBF => 1.0,
        0x4DC0..=0x4DFF => 2.0,
        0x4E00..=0x9FFF => 0.0,
        0xA000..=0xABFF => 3.0,
        0xAC00..=0xD7A3 => 0.0,
        0xD7A4..=0xD7FF => 2.0,
        0xD800..=0xF8FF => 5.0,
        0xF900..=0xFAFF => 1.0,
        0xFB00..=0xFB06 => 0.5,
        0xFB07..=0xFDFF => 2.0,
        0xFE00..=0xFE0F => 0.5,
        0xFE10..=0xFE6F => 1.0,
        0xFE70..=0xFEFE => 2.0,
        0xFEFF => 1.0,
        0xFF00..=0xFFEF => 0.5,
        0xFFF0..=0xFFFC => 3.0,
        0xFFFD => 0.5,
        0xFFFE..=0xFFFF => 5.0,
        0x1D400..=0x1D7FF => 0.25,
        0x1D000..=0x1D3FF => 2.0,
        0x1F000..=0x1FAFF => 0.0,
        0x20000..=0x3FFFF => 1.0,
        0xE0000..=0xE007F => 2.0,
        0xF0000..=0x10FFFF => 5.0,
        _ => 3.0,
    }
}

fn is_letter(k: Class) -> bool {
    matches!(k, Class::Upper(_) | Class::Lower(_) | Class::Uncased(_))
}

fn script(k: Class) -> Option<Script> {
    match k {
        Class::Upper(s) | Class::Lower(s) | Class::Uncased(s) => Some(s),
        _ => None,
    }
}

fn is_symbolic(k: Class) -> bool {
    matches!(k, Class::Currency | Class::Math | Class::Symbol | Class::PostSymbol | Class::Box | Class::Modifier)
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '\u{201C}' | '\u{2018}' | '\u{201E}' | '\u{201A}' | '\u{AB}' | '\u{2039}')
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '\u{201D}' | '\u{BB}' | '\u{203A}')
}

/// How unusual it is to see `a` immediately followed by `b` (0 = ordinary).
pub(crate) fn pair_oddness(a: char, b: char) -> f32 {
    if a.is_ascii() && b.is_ascii() {
        return 0.0;
    }
    let (ka, kb) = (class(a), class(b));
    use Class::*;
    if matches!(ka, Control | Impossible) || matches!(kb, Control | Impossible) {
        return 3.0;
    }
    if kb == Mark {
        // A combining mark needs a base; letters and digits are the usual ones, symbols happen (strike-through).
        return if is_letter(ka) || ka == Mark || ka == Digit || ka == Pictograph {
            0.0
        } else if matches!(ka, Space | Nbsp | Control | Format) {
            2.0
        } else {
            0.5
        };
    }
    if ka == Replacement || kb == Replacement {
        // A replacement character glued to a letter marks a decoding accident right there; glued to an
        // accented letter, that letter is likely a piece of the same accident.
        let other = if ka == Replacement { b } else { a };
        return if !is_letter(class(other)) {
            0.0
        } else if other.is_ascii() {
            0.5
        } else {
            1.5
        };
    }
    if ka == Format || kb == Format {
        return if is_letter(ka) || is_letter(kb) { 1.0 } else { 0.5 };
    }
    if is_letter(ka) && is_letter(kb) {
        let (sa, sb) = (script(ka), script(kb));
        if sa != sb {
            // Scripts glued together inside a word. CJK next to Latin is common in mixed text, and so is a
            // Greek letter inside a Latin word in science (IL2Rγ, TNFα).
            let cjk =
                matches!(sa, Some(Script::Cjk | Script::Hangul)) || matches!(sb, Some(Script::Cjk | Script::Hangul));
            let greek_in_latin = matches!((ka, kb), (Lower(Script::Greek), _) | (_, Lower(Script::Greek)))
                && matches!((sa, sb), (Some(Script::Latin), _) | (_, Some(Script::Latin)));
            return if greek_in_latin {
                0.5
            } else if cjk {
                1.0
            } else {
                2.0
            };
        }
        let mut odd = 0.0;
        if let (Lower(_), Upper(_)) = (ka, kb) {
            odd += 1.5;
        }
        // Two non-ASCII Latin letters in a row are rare in any language written in Latin script.
        let accented = |x: char| ('\u{C0}'..'\u{2000}').contains(&x);
        if sa == Some(Script::Latin) && accented(a) && accented(b) {
            odd += 1.0;
        }
        return odd;
    }
    if is_letter(ka) {
        if is_opening_quote(b) {
            return 2.0;
        }
        return match kb {
            PostSymbol => {
                if matches!(b, '\u{B9}' | '\u{B2}' | '\u{B3}') {
                    1.0
                } else {
                    0.5
                }
            }
            Box => {
                if a.is_ascii() {
                    1.0
                } else {
                    2.0
                }
            }
            Currency | Math | Symbol | Modifier => {
                if ka == Lower(Script::Greek) && kb == Math {
                    0.5
                } else {
                    2.0
                }
            }
            Nbsp => 0.5,
            Open => 1.0,
            Pictograph => 0.5,
            _ => 0.0,
        };
    }
    if is_letter(kb) {
        if is_closing_quote(a) {
            return 1.5;
        }
        return match ka {
            Box => {
                if b.is_ascii() {
                    1.0
                } else {
                    2.0
                }
            }
            Currency | Symbol | Modifier => 2.0,
            PostSymbol => {
                if matches!(a, '\u{B9}' | '\u{B2}' | '\u{B3}') {
                    2.0
                } else {
                    1.5
                }
            }
            Math => {
                if matches!(kb, Lower(Script::Greek) | Upper(Script::Greek)) {
                    0.5
                } else {
                    2.0
                }
            }
            Nbsp => 0.5,
            Close => {
                // `…x` glued is mildly odd; ASCII punctuation before a letter is left alone.
                if a.is_ascii() {
                    0.0
                } else {
                    1.0
                }
            }
            Pictograph => 0.5,
            _ => 0.0,
        };
    }
    match (ka, kb) {
        (Box, Box) | (Math, Math) => 0.5,
        (Digit, _) | (_, Digit) => 0.0,
        (x, y) if is_symbolic(x) && is_symbolic(y) => 1.5,
        (x, Quote | Dash | Close) if is_symbolic(x) => 0.5,
        (Quote | Dash | Close | Open, y) if is_symbolic(y) => 0.5,
        (Nbsp, Nbsp) => 1.0,
        // A quote closing and another opening with nothing between.
        (Quote, Quote) if is_opening_quote(b) && (is_closing_quote(a) || a == '\u{2019}') => 1.5,
        // A dash right before a full stop or a quote.
        (Dash, Close | Quote) if !a.is_ascii() => 1.0,
        _ => 0.0,
    }
}

/// Whether `c` is a letter that stands alone as a word between `left` and `right`: a non-ASCII capital
/// doing so is rare (`Ã` alone is mojibake of `à`), lower-case ones (`à`, `é`) are ordinary words.
pub(crate) fn lone_capital_oddness(left: Option<char>, c: char, right: Option<char>) -> f32 {
    // An apostrophe before the letter ends an elided word (`jusqu'`); one after it starts a suffix (`'s`).
    let wordish_left = left.is_some_and(|x| x.is_alphanumeric());
    let wordish_right = right.is_some_and(|x| x.is_alphanumeric() || matches!(x, '\'' | '\u{2019}'));
    // Capitals that are words of their own: À, É, Ó (French, Portuguese), А В И К О С У Я (Russian).
    // Greek is left out: its articles Η and Ο stand alone.
    let single_letter_word = matches!(c, 'À' | 'É' | 'Ó' | 'А' | 'В' | 'И' | 'К' | 'О' | 'С' | 'У' | 'Я');
    let cased_script = matches!(class(c), Class::Upper(Script::Latin | Script::Cyrillic));
    if !c.is_ascii() && cased_script && !single_letter_word && !wordish_left && !wordish_right {
        1.5
    } else {
        0.0
    }
}
