//! The hand-curated and CLDR-generated word lists of the extraction stage, parsed once.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Month and weekday names (CLDR via Babel): `data/lexicon/calendar.tsv`.
pub static CALENDAR: LazyLock<Calendar> =
    LazyLock::new(|| Calendar::parse(include_str!("../../data/lexicon/calendar.tsv")));

/// Units, number words and relative modifiers of date expressions: `data/lexicon/temporal.tsv`.
pub static TEMPORAL: LazyLock<Vec<Row>> = LazyLock::new(|| rows(include_str!("../../data/lexicon/temporal.tsv")));

/// Currency forms: `data/lexicon/currencies.tsv`.
pub static CURRENCIES: LazyLock<Vec<Row>> = LazyLock::new(|| rows(include_str!("../../data/lexicon/currencies.tsv")));

/// One data row: its tab-separated fields.
pub type Row = Vec<String>;

/// The non-comment, non-empty rows of a TSV data file.
pub fn rows(data: &str) -> Vec<Row> {
    crate::tsv::rows(data).map(|r| r.into_iter().map(str::to_string).collect()).collect()
}

/// Month and weekday names with their numbers.
pub struct Calendar {
    /// Full month names (both languages) → month number.
    pub months: HashMap<String, u32>,
    /// Abbreviated month names (both languages) → month number.
    pub month_abbrevs: HashMap<String, u32>,
    /// Full weekday names → ISO weekday number (Monday = 1).
    pub weekdays: HashMap<String, u32>,
    /// Full month names of three letters or fewer in a language other than English (Malay "Mac", "Jun") →
    /// month number. They are abbreviations elsewhere, or words ("Mac"), so they stand for a month without a year
    /// only in a text of their language (see `temporal::find_dates`).
    pub short_months: HashMap<String, u32>,
    /// English month abbreviations ("Sept", "Aug", not "Agt" or "Mac") → month number: an English wire's dateline
    /// writes its day after one without a year ("HANOI, Sept 14 (...) -").
    pub english_abbrevs: HashMap<String, u32>,
}

impl Calendar {
    fn parse(data: &str) -> Calendar {
        let mut cal = Calendar {
            months: HashMap::default(),
            month_abbrevs: HashMap::default(),
            weekdays: HashMap::default(),
            short_months: HashMap::default(),
            english_abbrevs: HashMap::default(),
        };
        let mut short_wide = Vec::new();
        for r in rows(data) {
            let (Some(name), Some(kind), Some(num)) = (r.first(), r.get(1), r.get(2).and_then(|n| n.parse().ok()))
            else {
                continue;
            };
            let (lang, width) = (r.get(3).map_or("", String::as_str), r.get(4).map_or("", String::as_str));
            if kind == "month" && width == "wide" && lang != "en" && name.chars().count() <= 3 {
                short_wide.push((name.clone(), num));
            }
            if kind == "month" && width == "abbreviated" && lang == "en" && name != "May" {
                cal.english_abbrevs.insert(name.clone(), num);
            }
            match kind.as_str() {
                "month" if name.chars().count() > 3 || name == "May" || name == "Mei" => {
                    cal.months.insert(name.clone(), num);
                }
                "month" => {
                    cal.month_abbrevs.insert(name.clone(), num);
                }
                "weekday" if name.chars().count() > 3 => {
                    cal.weekdays.insert(name.clone(), num);
                }
                _ => {}
            }
        }
        // "Sept" is a common English abbreviation that CLDR's abbreviated set lacks.
        cal.month_abbrevs.entry("Sept".into()).or_insert(9);
        cal.english_abbrevs.entry("Sept".into()).or_insert(9);
        cal.short_months = short_wide.into_iter().filter(|(name, _)| !cal.months.contains_key(name)).collect();
        cal
    }

    /// The month number of a full or abbreviated name (a trailing dot allowed).
    pub fn month(&self, name: &str) -> Option<u32> {
        let n = name.trim_end_matches('.');
        self.months.get(n).or_else(|| self.month_abbrevs.get(n)).copied()
    }

    /// The ISO weekday number of a full name.
    pub fn weekday(&self, name: &str) -> Option<u32> {
        self.weekdays.get(name).copied()
    }
}

/// A regex alternation of `words`, longest first so that the leftmost-first engine prefers them.
pub fn alternation<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut w: Vec<&str> = words.into_iter().collect();
    w.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    w.dedup();
    w.iter().map(|s| regex::escape(s)).collect::<Vec<_>>().join("|")
}

/// A word list searched as the regex `\b(?:alternation)\b` (optionally `(?i)`) searches it, with the same matches.
///
/// The regex's Unicode word boundaries keep its fast engine off any text with a non-ASCII character, so the search
/// runs on an Aho-Corasick automaton instead, leftmost-longest: a word of the list that begins where no word of it
/// began before and stands between word boundaries is the regex's match, as the regex's alternation tries the
/// longest words first. Where the longest word found does not stand as a word, the word starts inside it are tried
/// one by one with the words of their first letter, longest first. Ignoring case, both fold ASCII only; the regex
/// is kept for the rare text where Unicode folding reaches an ASCII letter (`ſ`, the Kelvin sign `K`) and for word
/// lists this does not fit (non-ASCII words ignoring case, words that begin with no ASCII letter or digit).
///
/// Ignoring case, the automaton is of the words ASCII-lowercased and searches the text ASCII-lowercased (the same
/// offsets, the same matches): an automaton that folds case itself gets no prefilter and steps through every byte,
/// where a case-sensitive one skips with a vectorised search to where a word may begin.
pub struct WordSearch {
    words: Option<Words>,
    regex: regex::Regex,
    ignore_case: bool,
}

/// The automaton of a word list (ASCII-lowercased when ignoring case), and its words by their first byte
/// (ASCII-lowercased when ignoring case), longest first.
struct Words {
    automaton: aho_corasick::AhoCorasick,
    by_first: Vec<Vec<Box<[u8]>>>,
}

impl WordSearch {
    /// The search for `words`; `None` for an empty list (as the regex would match nothing).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>, ignore_case: bool) -> Option<WordSearch> {
        let mut words: Vec<&str> = words.into_iter().collect();
        let alt = alternation(words.iter().copied());
        if alt.is_empty() {
            return None;
        }
        let flags = if ignore_case { "(?i)" } else { "" };
        let regex = regex::Regex::new(&format!(r"{flags}\b(?:{alt})\b")).ok()?;
        words.retain(|w| !w.is_empty());
        // The alternation's order: longest first, then by bytes.
        words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        words.dedup();
        let fits = |w: &&str| {
            (!ignore_case || w.is_ascii()) && w.as_bytes().first().is_some_and(|b| b.is_ascii_alphanumeric())
        };
        let words = words
            .iter()
            .all(fits)
            .then(|| {
                let patterns: Vec<Vec<u8>> = words
                    .iter()
                    .map(|w| if ignore_case { w.to_ascii_lowercase().into_bytes() } else { w.as_bytes().to_vec() })
                    .collect();
                let automaton = aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&patterns)
                    .ok()?;
                let mut by_first: Vec<Vec<Box<[u8]>>> = vec![Vec::new(); 256];
                for w in &words {
                    let first = w.as_bytes()[0];
                    let key = if ignore_case { first.to_ascii_lowercase() } else { first };
                    by_first[usize::from(key)].push(w.as_bytes().into());
                }
                Some(Words { automaton, by_first })
            })
            .flatten();
        Some(WordSearch { words, regex, ignore_case })
    }

    /// The matches in `haystack`, as byte ranges, in order (the regex's `find_iter`).
    pub fn find_iter(&self, haystack: &str) -> Vec<(usize, usize)> {
        let Some(words) = self.words.as_ref().filter(|_| !(self.ignore_case && folds_to_ascii(haystack))) else {
            return self.regex.find_iter(haystack).map(|m| (m.start(), m.end())).collect();
        };
        let searched: Cow<'_, [u8]> = if self.ignore_case {
            Cow::Owned(haystack.as_bytes().to_ascii_lowercase())
        } else {
            Cow::Borrowed(haystack.as_bytes())
        };
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = words.automaton.find(aho_corasick::Input::new(&*searched).range(at..)) {
            let (s, e) = (m.start(), m.end());
            let found = if word_boundary(haystack, s) && word_boundary(haystack, e) {
                Some((s, e))
            } else {
                // No word of the list begins before `s`: the match, if any, begins at a word start from `s` on.
                (s..e)
                    .filter(|&p| haystack.is_char_boundary(p) && word_boundary(haystack, p))
                    .find_map(|p| self.word_at(words, haystack, p).map(|len| (p, p + len)))
            };
            match found {
                Some((s, e)) => {
                    out.push((s, e));
                    at = e;
                }
                None => at = e,
            }
        }
        out
    }

    /// The length of the longest word of the list at `at` that ends at a word boundary.
    fn word_at(&self, words: &Words, haystack: &str, at: usize) -> Option<usize> {
        let rest = &haystack.as_bytes()[at..];
        let first = *rest.first()?;
        let key = if self.ignore_case { first.to_ascii_lowercase() } else { first };
        let same = |w: &[u8]| {
            rest.len() >= w.len()
                && if self.ignore_case { w.eq_ignore_ascii_case(&rest[..w.len()]) } else { rest.starts_with(w) }
        };
        words.by_first[usize::from(key)]
            .iter()
            .find(|w| same(w) && word_boundary(haystack, at + w.len()))
            .map(|w| w.len())
    }

    /// The first match in `haystack` (the regex's `find`).
    pub fn find(&self, haystack: &str) -> Option<(usize, usize)> {
        self.find_iter(haystack).first().copied()
    }
}

/// Whether `text` has a character that Unicode case folding, unlike ASCII folding, takes to an ASCII letter: `ſ`
/// (to `s`) or the Kelvin sign (to `k`). Their first bytes are looked for with a vectorised search.
fn folds_to_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xC5, 0xE2, bytes).any(|at| {
        let rest = &bytes[at..];
        rest.starts_with("\u{17F}".as_bytes()) || rest.starts_with("\u{212A}".as_bytes())
    })
}

/// Whether `at` is a Unicode word boundary of `text`, as the regex `\b` decides it.
fn word_boundary(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back().is_some_and(is_word);
    let after = text[at..].chars().next().is_some_and(is_word);
    before != after
}

/// Whether `c` is a word character of the regex `\w` (Unicode letters, marks, digits, connectors).
fn is_word(c: char) -> bool {
    static WORD: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"^\w$").expect("valid regex"));
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        WORD.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_to_ascii_finds_the_two_characters() {
        for text in
            ["", "plain", "\u{201c}quoted\u{201d} \u{17e}", "a\u{17f}b", "\u{212a}", "\u{2129}\u{212b}", "\u{c5}\u{e2}"]
        {
            assert_eq!(folds_to_ascii(text), text.contains(['\u{17F}', '\u{212A}']), "{text:?}");
        }
    }

    #[test]
    fn word_search_finds_what_the_regex_finds() {
        let words = ["sign", "signed", "signing", "to be signed", "kerja sama", "co-operation", "MoU", "MoUs", "a1"];
        let texts = [
            "He signed, signing; sign-off: cosigned signs to be signed to be signedx Kerja Sama kerja  sama",
            "MoU MOU MoUs mou_ MoU\u{e9} \u{e9}MoU \u{300}sign sign\u{300} SIGNED co-operation co-operationx A1 a12",
            "\u{17f}ign \u{212a}erja sama and signed",
            "signedsign sign sign sign",
            "",
        ];
        for ignore_case in [false, true] {
            let search = WordSearch::new(words, ignore_case).expect("words");
            assert!(search.words.is_some());
            for text in texts {
                let regex: Vec<(usize, usize)> = search.regex.find_iter(text).map(|m| (m.start(), m.end())).collect();
                assert_eq!(search.find_iter(text), regex, "{text:?} ignoring case: {ignore_case}");
            }
        }
    }

    #[test]
    fn word_search_agrees_with_the_regex_on_generated_text() {
        let words = ["sign", "signed", "to be signed", "kerja sama", "co-operation", "MoU", "MoUs", "memorandum", "a1"];
        let pieces = [
            "sign",
            "ed",
            " ",
            "  ",
            "to",
            "be",
            "kerja",
            "sama",
            "Sama",
            "-",
            "co",
            "operation",
            "MoU",
            "mou",
            "s",
            "a1",
            "1",
            "_",
            "\u{e9}",
            "\u{300}",
            "\u{17f}",
            "\u{212a}",
            "memorandum",
            "MEMORANDUM",
            ",",
            "\n",
            "\u{a0}",
            "\u{65e5}",
        ];
        let mut next = crate::testing::sequence(1);
        for ignore_case in [false, true] {
            let search = WordSearch::new(words, ignore_case).expect("words");
            for _ in 0..5000 {
                let text = crate::testing::text_of(&mut next, &pieces, 12);
                let regex: Vec<(usize, usize)> = search.regex.find_iter(&text).map(|m| (m.start(), m.end())).collect();
                assert_eq!(search.find_iter(&text), regex, "{text:?} ignoring case: {ignore_case}");
            }
        }
    }
}
