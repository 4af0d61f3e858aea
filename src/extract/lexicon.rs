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
