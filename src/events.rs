//! Events across articles: each article's agreements form one occasion (who, when, where, what kind), and reports
//! of the same occasion (the same parties on the same day, in any language) are grouped into one event.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::extract::most_common;
use crate::model::Article;

/// One meeting or signing occasion and the articles that report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `event:DATE:PARTIES` (`undated`, `none` when missing), with `-2`, `-3`... when two events share it.
    pub id: String,
    /// `signing` when an instrument was signed there, `agreement` when agreed, else `meeting`.
    pub kind: &'static str,
    /// The parties of all its reports, sorted.
    pub parties: Vec<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    /// Its instruments as (article index, agreement index) into the articles given, in report order.
    pub agreements: Vec<(usize, usize)>,
    /// The sources of the reporting articles, first report first, without repeats.
    pub sources: Vec<String>,
}

/// What one article reports: the union of its agreements' parties, their most frequent full date (else the
/// publication date), their most frequent place (else the dateline) and the strongest status. Instruments only
/// planned are another occasion's, to come, when the article reports one signed, agreed or welcomed: they are left
/// out of it ("Separately, X and Y are expected to sign ... next month").
struct Occasion<'a> {
    article: usize,
    /// Its agreements, as indices into the article's.
    agreements: Vec<usize>,
    parties: BTreeSet<&'a str>,
    date: Option<String>,
    place: Option<&'a str>,
    kind: &'static str,
    source: &'a str,
}

/// `signing` when any of `marks` is `signed`, `agreement` when any is `agreed`, else `meeting`.
fn kind_of<'s>(marks: impl Iterator<Item = &'s str>, (signed, agreed): (&str, &str)) -> &'static str {
    let (mut any_signed, mut any_agreed) = (false, false);
    for m in marks {
        any_signed |= m == signed;
        any_agreed |= m == agreed;
    }
    if any_signed {
        "signing"
    } else if any_agreed {
        "agreement"
    } else {
        "meeting"
    }
}

fn occasion(article: usize, a: &Article) -> Option<Occasion<'_>> {
    if a.agreements.is_empty() {
        return None;
    }
    let done: Vec<usize> = (0..a.agreements.len()).filter(|&k| a.agreements[k].status != "planned").collect();
    let agreements = if done.is_empty() { (0..a.agreements.len()).collect() } else { done };
    let ours = || agreements.iter().map(|&k| &a.agreements[k]);
    let parties = ours().flat_map(|g| g.parties.iter().map(String::as_str)).collect();
    let full_dates = ours().filter_map(|g| g.date.as_deref()).filter(|d| d.chars().count() == 10);
    let date = most_common(full_dates).map(str::to_string).or_else(|| a.published.map(|d| d.to_string()));
    let place = most_common(ours().filter_map(|g| g.place.as_deref()).filter(|p| !p.is_empty()))
        .or_else(|| a.dateline.as_deref().filter(|d| !d.is_empty()));
    let kind = kind_of(ours().map(|g| g.status.as_str()), ("signed", "agreed"));
    let source = a.source.as_deref().unwrap_or("");
    Some(Occasion { article, agreements, parties, date, place, kind, source })
}

/// Two reports are of the same occasion when they are dated the same day and share two parties (or all of the
/// smaller party list, when it has one).
fn same_occasion(x: &Occasion<'_>, y: &Occasion<'_>) -> bool {
    if x.parties.is_empty() || y.parties.is_empty() {
        return false;
    }
    let shared = x.parties.intersection(&y.parties).count();
    if shared < 2.min(x.parties.len()).min(y.parties.len()) {
        return false;
    }
    x.date.is_some() && x.date == y.date
}

/// Union-find over occasion indices; a set's representative is its smallest member.
struct Union(Vec<usize>);

impl Union {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// One event per occasion, reports of the same occasion grouped, in the order of their first report.
pub fn find_events(articles: &[&Article]) -> Vec<Event> {
    let occasions: Vec<Occasion<'_>> = articles.iter().enumerate().filter_map(|(i, a)| occasion(i, a)).collect();
    let mut uf = Union((0..occasions.len()).collect());
    // Only reports dated the same day can be the same occasion: compare within each day, not all pairs.
    let mut by_date: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, o) in occasions.iter().enumerate() {
        if let Some(d) = &o.date {
            by_date.entry(d).or_default().push(i);
        }
    }
    for members in by_date.values() {
        for (pos, &i) in members.iter().enumerate() {
            for &j in &members[..pos] {
                if uf.find(i) != uf.find(j) && same_occasion(&occasions[i], &occasions[j]) {
                    uf.union(i, j);
                }
            }
        }
    }
    // Groups in the order of their smallest member (every member comes after its representative).
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: Vec<usize> = vec![usize::MAX; occasions.len()];
    for i in 0..occasions.len() {
        let root = uf.find(i);
        if group_of[root] == usize::MAX {
            group_of[root] = groups.len();
            groups.push(Vec::new());
        }
        groups[group_of[root]].push(i);
    }
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    groups
        .into_iter()
        .map(|members| {
            let occ: Vec<&Occasion<'_>> = members.iter().map(|&i| &occasions[i]).collect();
            let parties: BTreeSet<&str> = occ.iter().flat_map(|o| o.parties.iter().copied()).collect();
            let parties: Vec<String> = parties.into_iter().map(str::to_string).collect();
            let date = most_common(occ.iter().filter_map(|o| o.date.as_deref())).map(str::to_string);
            let place = most_common(occ.iter().filter_map(|o| o.place)).map(str::to_string);
            let kind = kind_of(occ.iter().map(|o| o.kind), ("signing", "agreement"));
            let base = format!(
                "event:{}:{}",
                date.as_deref().unwrap_or("undated"),
                if parties.is_empty() { "none".to_string() } else { parties.join("-") }
            );
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}-{n}") };
            let agreements = occ.iter().flat_map(|o| o.agreements.iter().map(move |&k| (o.article, k))).collect();
            let mut sources: Vec<String> = Vec::new();
            for o in &occ {
                if !sources.iter().any(|s| s == o.source) {
                    sources.push(o.source.to_string());
                }
            }
            Event { id, kind, parties, date, place, agreements, sources }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agreement, Date};

    fn agreement(parties: &[&str], status: &str, date: Option<&str>, place: Option<&str>) -> Agreement {
        Agreement {
            kind: "mou".into(),
            name: None,
            parties: parties.iter().map(|p| p.to_string()).collect(),
            status: status.into(),
            date: date.map(str::to_string),
            place: place.map(str::to_string),
            topics: Vec::new(),
            signatories: Vec::new(),
            start: 0,
            end: 0,
            cameo: None,
            plover: None,
        }
    }

    fn article(source: &str, agreements: Vec<Agreement>, published: Option<Date>) -> Article {
        Article { source: Some(source.into()), agreements, published, ..Article::default() }
    }

    #[test]
    fn reports_of_the_same_day_and_parties_are_one_event() {
        let day = Date::new(2024, 3, 5);
        let a = article("a", vec![agreement(&["IDN", "SGP"], "signed", None, Some("Jakarta"))], day);
        let b = article("b", vec![agreement(&["SGP", "IDN", "ASEAN"], "agreed", Some("2024-03-05"), None)], None);
        let c = article("c", vec![agreement(&["IDN", "SGP"], "signed", Some("2024-03-06"), None)], None);
        let d = article("d", Vec::new(), day);
        let events = find_events(&[&a, &b, &c, &d]);
        assert_eq!(events.len(), 2);
        let e = &events[0];
        assert_eq!(e.id, "event:2024-03-05:ASEAN-IDN-SGP");
        assert_eq!((e.kind, e.date.as_deref(), e.place.as_deref()), ("signing", Some("2024-03-05"), Some("Jakarta")));
        assert_eq!(e.agreements, vec![(0, 0), (1, 0)]);
        assert_eq!(e.sources, vec!["a", "b"]);
        assert_eq!(events[1].id, "event:2024-03-06:IDN-SGP");
    }

    #[test]
    fn undated_reports_stay_apart_and_ids_stay_unique() {
        let a = article("a", vec![agreement(&["IDN", "SGP"], "planned", None, None)], None);
        let b = article("b", vec![agreement(&["IDN", "SGP"], "planned", None, None)], None);
        let events = find_events(&[&a, &b]);
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["event:undated:IDN-SGP", "event:undated:IDN-SGP-2"]);
        assert_eq!(events[0].kind, "meeting");
    }

    #[test]
    fn an_instrument_only_planned_is_no_part_of_the_occasion_reported() {
        let day = Date::new(2024, 3, 5);
        let signed = agreement(&["PER", "CHL"], "signed", None, Some("Lima"));
        let planned = agreement(&["ECU", "COL"], "planned", None, None);
        let a = article("a", vec![signed, planned.clone()], day);
        let b = article("b", vec![planned], day);
        let events = find_events(&[&a, &b]);
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["event:2024-03-05:CHL-PER", "event:2024-03-05:COL-ECU"]);
        assert_eq!((events[0].kind, &events[0].agreements), ("signing", &vec![(0, 0)]));
        assert_eq!((events[1].kind, &events[1].agreements), ("meeting", &vec![(1, 0)]));
    }
}
