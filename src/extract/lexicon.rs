//! The hand-curated and CLDR-generated word lists of the extraction stage, parsed once.

use std::collections::HashMap;
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
}

impl Calendar {
    fn parse(data: &str) -> Calendar {
        let mut cal = Calendar { months: HashMap::new(), month_abbrevs: HashMap::new(), weekdays: HashMap::new() };
        for r in rows(data) {
            let (Some(name), Some(kind), Some(num)) = (r.first(), r.get(1), r.get(2).and_then(|n| n.parse().ok()))
            else {
                continue;
            };
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
/// runs on an Aho-Corasick automaton instead: every occurrence of every word, those with a word boundary at both
/// ends, then leftmost first and longest first as the regex's longest-first alternation chooses. Ignoring case, the
/// automaton folds ASCII only; the regex is kept for the rare text where Unicode folding reaches an ASCII letter
/// (`ſ`, the Kelvin sign `K`) and for non-ASCII word lists.
pub struct WordSearch {
    automaton: Option<aho_corasick::AhoCorasick>,
    regex: regex::Regex,
    ignore_case: bool,
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
        let automaton = (!ignore_case || words.iter().all(|w| w.is_ascii()))
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(ignore_case)
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&words)
                    .ok()
            })
            .flatten();
        Some(WordSearch { automaton, regex, ignore_case })
    }

    /// The matches in `haystack`, as byte ranges, in order (the regex's `find_iter`).
    pub fn find_iter(&self, haystack: &str) -> Vec<(usize, usize)> {
        let folds_to_ascii = || haystack.contains(['\u{17F}', '\u{212A}']);
        let Some(ac) = self.automaton.as_ref().filter(|_| !(self.ignore_case && folds_to_ascii())) else {
            return self.regex.find_iter(haystack).map(|m| (m.start(), m.end())).collect();
        };
        let mut hits: Vec<(usize, usize)> = ac
            .find_overlapping_iter(haystack)
            .map(|m| (m.start(), m.end()))
            .filter(|&(s, e)| word_boundary(haystack, s) && word_boundary(haystack, e))
            .collect();
        hits.sort_unstable_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
        let mut last_end = 0;
        hits.retain(|&(s, e)| {
            let keep = s >= last_end;
            if keep {
                last_end = e;
            }
            keep
        });
        hits
    }

    /// The first match in `haystack` (the regex's `find`).
    pub fn find(&self, haystack: &str) -> Option<(usize, usize)> {
        self.find_iter(haystack).first().copied()
    }
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
