//! Entities: one per distinct thing an article names, every mention linked to it
//! (`Rudy K. Wirawan` = `Rudy` = `Minister Rudy`; `Kemenkomdigi` = `Ministry of Communication and Digital Affairs`).

use std::borrow::Cow;
use std::fmt::Write;

use compact_str::CompactString;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::{Entity, Label};

/// A mention on its way to the output (byte offsets), with what linking needs.
#[derive(Debug, Clone)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    /// ISO3 for countries and demonyms; the bloc key for blocs.
    pub code: Option<CompactString>,
    /// The resolved value of a date (ISO 8601).
    pub value: Option<String>,
    /// Index of the long form this mention abbreviates, when it is an acronym in parentheses after it.
    pub abbreviates: Option<usize>,
    /// A person's title and country, when found beside this mention.
    pub role: Option<(String, Option<CompactString>)>,
    /// The country of an organisation, when its name or context tells.
    pub country: Option<CompactString>,
}

/// The words of a name for comparison: no dots, no possessive, case kept.
fn name_tokens(s: &str) -> Vec<&str> {
    name_words(s).collect()
}

/// The words of `name_tokens`, one by one.
fn name_words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || c == '.').filter(|w| !w.is_empty()).map(without_possessive)
}

/// `s` without its possessive endings (`’s`, then `'s`, each as often as repeated), as
/// `s.trim_end_matches("’s").trim_end_matches("'s")` but without building a substring searcher per call.
fn without_possessive(mut s: &str) -> &str {
    while let Some(rest) = s.strip_suffix("’s") {
        s = rest;
    }
    while let Some(rest) = s.strip_suffix("'s") {
        s = rest;
    }
    s
}

/// How many words `name_tokens` finds in `s`, without building them.
fn name_token_count(s: &str) -> usize {
    if !s.is_ascii() {
        return name_words(s).count();
    }
    // In ASCII, every character split at is one byte (`char::is_whitespace` adds the vertical tab to
    // `u8::is_ascii_whitespace`): the words are the runs of other bytes, counted by their first bytes.
    let splits = |b: u8| b == b'.' || b == 0x0B || b.is_ascii_whitespace();
    let mut count = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        let split = splits(b);
        count += usize::from(!split && !in_word);
        in_word = !split;
    }
    count
}

/// Appends the slug of `s` to `out`: its letters and digits in lower case, each run of other characters one `-`
/// (none at either end).
fn push_slug(out: &mut CompactString, s: &str) {
    if s.is_ascii() {
        // Most names: lowered byte by byte into a buffer on the stack that is appended a few dozen bytes at a time
        // (a `push` per character would check the string's inline or heap form each time).
        let mut buf = [0u8; 64];
        let (mut len, mut dash, mut any) = (0, false, false);
        for &b in s.as_bytes() {
            if len + 1 >= buf.len() {
                // Only ASCII letters, digits and `-` go in.
                out.push_str(std::str::from_utf8(&buf[..len]).unwrap_or_default());
                len = 0;
            }
            if b.is_ascii_alphanumeric() {
                if dash {
                    buf[len] = b'-';
                    len += 1;
                }
                buf[len] = b.to_ascii_lowercase();
                len += 1;
                (dash, any) = (false, true);
            } else {
                // A run of other characters is one `-`, written only once a letter or digit follows it.
                dash = any;
            }
        }
        out.push_str(std::str::from_utf8(&buf[..len]).unwrap_or_default());
        return;
    }
    let start = out.len();
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            dash = false;
        } else if !dash && out.len() > start {
            out.push('-');
            dash = true;
        }
    }
    if dash {
        out.pop();
    }
}

fn kind_of(label: Label) -> Option<&'static str> {
    Some(match label {
        Label::Person => "person",
        Label::Org => "org",
        Label::Country | Label::Norp => "country",
        Label::Location => "location",
        Label::Event => "event",
        Label::Agreement => "agreement",
        Label::Date | Label::Money | Label::Percent => return None,
    })
}

/// A group of mentions of one entity (which mentions: `cluster_of` in [`link`]).
struct Cluster<'a> {
    kind: &'static str,
    tokens: Vec<&'a str>,
    code: Option<CompactString>,
}

/// Group mentions into entities; returns the entities and, per mention, the id of its entity.
pub fn link(text: &str, found: &[Found]) -> (Vec<Entity>, Vec<Option<CompactString>>) {
    let surface = |i: usize| &text[found[i].start..found[i].end];
    let org_key = |i: usize| found[i].code.as_deref().filter(|_| found[i].label == Label::Org);
    // At most one cluster per mention: sized once rather than grown.
    let mut clusters: Vec<Cluster> = Vec::with_capacity(found.len());
    let mut cluster_of: Vec<Option<usize>> = vec![None; found.len()];

    // Countries (and their demonyms) by code.
    let mut by_code: HashMap<&str, usize> = HashMap::default();
    for (i, f) in found.iter().enumerate() {
        if !matches!(f.label, Label::Country | Label::Norp) {
            continue;
        }
        let Some(code) = f.code.as_deref() else { continue };
        let c = *by_code.entry(code).or_insert_with(|| {
            clusters.push(Cluster { kind: "country", tokens: vec![], code: Some(code.into()) });
            clusters.len() - 1
        });
        cluster_of[i] = Some(c);
    }

    // Persons: longest names first; a shorter form joins the name whose words it is made of.
    // Each with its word count, counted once for the sort; `i` orders ties as a stable sort would.
    let mut persons: Vec<(std::cmp::Reverse<usize>, usize, usize)> = (0..found.len())
        .filter(|&i| found[i].label == Label::Person)
        .map(|i| (std::cmp::Reverse(name_token_count(surface(i))), found[i].start, i))
        .collect();
    persons.sort_unstable();
    // Clusters by each word of their name, so that a form finds the names it may belong to without a full scan.
    let mut by_token: HashMap<&str, Vec<usize>> = HashMap::default();
    for (_, _, i) in persons {
        let toks = name_tokens(surface(i));
        if toks.is_empty() {
            continue;
        }
        let home = by_token
            .get(toks[0])
            .and_then(|cs| cs.iter().copied().find(|&c| toks.iter().all(|t| clusters[c].tokens.contains(t))));
        let c = home.unwrap_or_else(|| {
            let c = clusters.len();
            for &t in &toks {
                by_token.entry(t).or_default().push(c);
            }
            clusters.push(Cluster { kind: "person", tokens: toks, code: None });
            c
        });
        cluster_of[i] = Some(c);
    }

    // Everything else with a kind: by exact name, and acronyms with the long form they follow.
    // Names by label, each as its words joined by single spaces.
    let mut by_name: HashMap<Label, HashMap<Cow<str>, usize>> = HashMap::default();
    // The name being looked up, built in one buffer for all mentions.
    let mut key = String::with_capacity(64);
    // Organisations of the gazetteer by the key all their forms share (`EU` for "European Union" and "Uni Eropa").
    let mut by_org_key: HashMap<&str, usize> = HashMap::default();
    // Long forms first, then the acronyms in parentheses that point at them, then other uses of those acronyms.
    let short_forms: HashSet<&str> =
        (0..found.len()).filter(|&i| found[i].abbreviates.is_some()).map(surface).collect();
    let mut rest: Vec<(u8, usize, usize)> = (0..found.len())
        .filter(|&i| cluster_of[i].is_none())
        .map(|i| {
            let stage = if found[i].abbreviates.is_some() {
                1
            } else if short_forms.contains(&surface(i)) {
                2
            } else {
                0
            };
            (stage, found[i].start, i)
        })
        .collect();
    // Keys are distinct (`i` is), so an unstable sort gives the stable sort's order.
    rest.sort_unstable();
    for (_, _, i) in rest {
        let label = found[i].label;
        let Some(kind) = kind_of(label) else { continue };
        if matches!(label, Label::Country | Label::Norp) {
            continue; // a demonym of no country (a region's): no entity
        }
        key.clear();
        for (n, word) in name_words(surface(i)).enumerate() {
            if n > 0 {
                key.push(' ');
            }
            key.push_str(word);
        }
        let names = by_name.entry(label).or_default();
        let c = match names.get(key.as_str()) {
            Some(&c) => c,
            None => {
                // The same name in other capitals ("MANILA" of the dateline, "Manila"), and a web domain, which names
                // the outlet it belongs to ("EXAMPLE.CO.ID" is "Example"). Where several names match (`Example`,
                // `EXAMPLE`), the first entity made wins, whatever the map's order.
                let named =
                    |name: &str| names.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, &c)| c).min();
                let other_case = || named(&key);
                let domain_of = || named(surface(i).split_once('.')?.0);
                let same_body = || org_key(i).and_then(|k| by_org_key.get(k).copied());
                let c = found[i]
                    .abbreviates
                    .and_then(|j| cluster_of[j])
                    .or_else(same_body)
                    .or_else(other_case)
                    .or_else(domain_of);
                let c = c.unwrap_or_else(|| {
                    clusters.push(Cluster { kind, tokens: vec![], code: None });
                    clusters.len() - 1
                });
                // Most names are written with their words joined by single spaces: the text itself is the key.
                let name = if key == surface(i) { Cow::Borrowed(surface(i)) } else { Cow::Owned(key.clone()) };
                names.insert(name, c);
                c
            }
        };
        if let Some(k) = org_key(i) {
            by_org_key.entry(k).or_insert(c);
        }
        cluster_of[i] = Some(c);
    }

    // The mentions of each cluster, in text order, all in one vector: cluster `c`'s are
    // `order[starts[c]..starts[c + 1]]` (a vector per cluster was an allocation per entity).
    let mut starts = vec![0usize; clusters.len() + 1];
    for &c in cluster_of.iter().flatten() {
        starts[c + 1] += 1;
    }
    for c in 0..clusters.len() {
        starts[c + 1] += starts[c];
    }
    let mut order = vec![0usize; starts[clusters.len()]];
    let mut next = starts.clone();
    for (i, c) in cluster_of.iter().enumerate() {
        if let Some(c) = *c {
            order[next[c]] = i;
            next[c] += 1;
        }
    }
    // Every cluster has a member (the mention it was made for), so entity `c` is cluster `c`'s.
    let mut entities: Vec<Entity> = Vec::with_capacity(clusters.len());
    for (k, c) in clusters.iter().enumerate() {
        let members = &mut order[starts[k]..starts[k + 1]];
        // In text order already when `found` is (as the extraction gives it); stable, like the sort this was.
        members.sort_by_key(|&i| found[i].start);
        let members = &*members;
        // The fullest form: most words, then longest, then first (a lone member needs no comparing).
        let best = match members {
            [only] => Some(*only),
            _ => fullest(
                members.iter().copied().filter(|&i| found[i].abbreviates.is_none() && found[i].label != Label::Norp),
                found,
                text,
            )
            .or_else(|| members.first().copied()),
        };
        let Some(best) = best else { continue };
        let name = without_possessive(surface(best));
        let mut aliases: Vec<String> = Vec::new();
        for &i in members {
            let s = without_possessive(surface(i));
            if s != name && !aliases.iter().any(|a| a == s) && found[i].label != Label::Norp {
                aliases.push(s.to_string());
            }
        }
        let role = members.iter().filter_map(|&i| found[i].role.as_ref()).max_by_key(|r| r.0.len());
        let country = match c.kind {
            "person" => role.and_then(|r| r.1.as_ref()),
            "country" => None,
            _ => members.iter().find_map(|&i| found[i].country.as_ref()),
        };
        // The id before numbering (see below): the kind and the name's slug, or a country's code.
        let mut id = CompactString::with_capacity(c.kind.len() + 1 + name.len());
        match &c.code {
            Some(code) if c.kind == "country" => {
                id.push_str("country:");
                id.push_str(code);
            }
            _ => {
                id.push_str(c.kind);
                id.push(':');
                push_slug(&mut id, name);
            }
        }
        entities.push(Entity {
            id,
            kind: c.kind.into(),
            name: if c.kind == "country" { country_name(name, found, members, text) } else { name.into() },
            code: c.code.clone(),
            aliases,
            role: role.map(|r| CompactString::from(r.0.as_str())),
            country: country.cloned(),
        });
    }
    // An id made before is numbered from its second use on: `org:x`, `org:x-2`, `org:x-3`.
    let mut used: HashMap<&str, usize> = HashMap::with_capacity_and_hasher(entities.len(), Default::default());
    let uses: Vec<usize> = entities
        .iter()
        .map(|e| {
            let n = used.entry(e.id.as_str()).or_insert(0);
            *n += 1;
            *n
        })
        .collect();
    drop(used);
    for (e, n) in entities.iter_mut().zip(uses) {
        if n > 1 {
            let _ = write!(e.id, "-{n}");
        }
    }
    let links = cluster_of.into_iter().map(|c| c.and_then(|c| entities.get(c)).map(|e| e.id.clone())).collect();
    (entities, links)
}

/// The mention of `members` (in text order) with the fullest form: most words, then longest, then one with small
/// letters, then first.
fn fullest(members: impl Iterator<Item = usize>, found: &[Found], text: &str) -> Option<usize> {
    let surface = |i: usize| &text[found[i].start..found[i].end];
    let mut best = None;
    let mut best_key = (0, 0, false, std::cmp::Reverse(0));
    for i in members {
        // A later mention of the best form so far is no fuller, and has the same name: no need to count its words.
        if best.is_some_and(|b| surface(b) == surface(i)) {
            continue;
        }
        // On a tie, a form with small letters ("Manila" over the dateline's "MANILA").
        let mixed = surface(i).chars().any(char::is_lowercase);
        let key = (name_token_count(surface(i)), surface(i).len(), mixed, std::cmp::Reverse(found[i].start));
        if best.is_none() || key >= best_key {
            best = Some(i);
            best_key = key;
        }
    }
    best
}

/// A country's display name: its most frequent name form (not a demonym); on a tie, a form written in mixed
/// case ("Malaysia" before "MALAYSIA" or "malaysia"), then the longer, then the first in the text.
fn country_name(fallback: &str, found: &[Found], members: &[usize], text: &str) -> CompactString {
    // Each name form with its count and first start; a country has few forms.
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for &i in members {
        if found[i].label == Label::Country {
            let form = &text[found[i].start..found[i].end];
            match counts.iter_mut().find(|e| e.0 == form) {
                Some(e) => {
                    e.1 += 1;
                    e.2 = e.2.min(found[i].start);
                }
                None => counts.push((form, 1, found[i].start)),
            }
        }
    }
    let mixed = |s: &str| s.chars().any(char::is_uppercase) && s.chars().any(char::is_lowercase);
    // No two forms tie: forms first met at one start differ in length.
    counts
        .into_iter()
        .max_by_key(|&(s, n, first)| (n, mixed(s), s.len(), std::cmp::Reverse(first)))
        .map_or_else(|| fallback.into(), |(s, _, _)| s.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_counts_are_those_of_the_name_tokens() {
        for s in [
            "Rudy K. Wirawan",
            "  A..B  c\u{b}d\te\r\n",
            "",
            ".",
            "U.S. Navy's",
            "Jos\u{e9}\u{a0}Santos-Ribeiro ",
            "x y",
        ] {
            assert_eq!(name_token_count(s), name_tokens(s).len(), "{s:?}");
        }
    }

    #[test]
    fn slugs_lower_letters_and_join_the_rest_with_single_dashes() {
        for (s, slug) in [
            ("Ministry of Trade", "ministry-of-trade"),
            ("  --U.S.  Navy's-- ", "u-s-navy-s"),
            ("Caf\u{e9} \u{d1}o\u{f1}o", "caf\u{e9}-\u{f1}o\u{f1}o"),
            ("", ""),
            ("-", ""),
        ] {
            let mut out = CompactString::from("org:");
            push_slug(&mut out, s);
            assert_eq!(out, format!("org:{slug}"), "{s:?}");
        }
    }

    #[test]
    fn long_ascii_slugs_are_whole() {
        // Longer than the buffer the ASCII path fills: written out in pieces, a dash at each piece's edge kept.
        let name = "Association of Southeast Asian Nations -- Regional Comprehensive Economic Partnership Agreement";
        let words: Vec<String> =
            name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        for repeat in [1, 2, 5] {
            let s = vec![name; repeat].join(" / ");
            let mut out = CompactString::default();
            push_slug(&mut out, &s);
            assert_eq!(out, vec![words.join("-"); repeat].join("-"), "{s:?}");
        }
    }

    fn f(text: &str, s: &str, nth: usize, label: Label, code: Option<&str>) -> Found {
        let start = text.match_indices(s).nth(nth).map(|m| m.0).expect("present");
        Found {
            start,
            end: start + s.len(),
            label,
            code: code.map(CompactString::from),
            value: None,
            abbreviates: None,
            role: None,
            country: None,
        }
    }

    #[test]
    fn short_forms_join_the_full_name() {
        let text = "Ana B. Rojas met Peru's envoy. Rojas said Ana was pleased. Chile and Chilean firms.";
        let found = vec![
            f(text, "Ana B. Rojas", 0, Label::Person, None),
            f(text, "Rojas", 1, Label::Person, None),
            f(text, "Ana", 1, Label::Person, None),
            f(text, "Chile", 0, Label::Country, Some("CHL")),
            f(text, "Chilean", 0, Label::Norp, Some("CHL")),
        ];
        let (entities, links) = link(text, &found);
        assert_eq!(entities.len(), 2);
        let person = entities.iter().find(|e| e.kind == "person").expect("person");
        assert_eq!(person.name, "Ana B. Rojas");
        assert_eq!(person.aliases, vec!["Rojas".to_string(), "Ana".to_string()]);
        assert_eq!(links[0], links[1]);
        assert_eq!(links[3], links[4]);
        assert_eq!(links[3].as_deref(), Some("country:CHL"));
    }

    #[test]
    fn a_country_name_tie_is_broken_the_same_way_every_time() {
        let text = "MALAYSIA and malaysia, then Malaysia. EGYPT or Egypt.";
        let found = vec![
            f(text, "MALAYSIA", 0, Label::Country, Some("MYS")),
            f(text, "malaysia", 0, Label::Country, Some("MYS")),
            f(text, "Malaysia", 0, Label::Country, Some("MYS")),
            f(text, "EGYPT", 0, Label::Country, Some("EGY")),
            f(text, "Egypt", 0, Label::Country, Some("EGY")),
        ];
        for _ in 0..20 {
            let (entities, _) = link(text, &found);
            let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
            assert_eq!(names, ["Malaysia", "Egypt"]);
        }
    }

    #[test]
    fn every_form_of_a_body_of_the_gazetteer_is_one_entity() {
        let text = "The European Union and Uni Eropa, then the EU; the Ministry of Ports and a Ministry of Ports.";
        let found = vec![
            f(text, "European Union", 0, Label::Org, Some("EU")),
            f(text, "Uni Eropa", 0, Label::Org, Some("EU")),
            f(text, "EU", 0, Label::Org, Some("EU")),
            f(text, "Ministry of Ports", 0, Label::Org, None),
            f(text, "Ministry of Ports", 1, Label::Org, None),
        ];
        let (entities, links) = link(text, &found);
        let names: Vec<(&str, &[String])> = entities.iter().map(|e| (e.name.as_str(), &e.aliases[..])).collect();
        let aliases = ["Uni Eropa".to_string(), "EU".to_string()];
        assert_eq!(names, [("European Union", &aliases[..]), ("Ministry of Ports", &[][..])]);
        assert_eq!(
            (links[0].as_deref(), links[1].as_deref()),
            (Some("org:european-union"), Some("org:european-union"))
        );
        assert_eq!(links[2], links[0]);
        assert_eq!(links[3], links[4]);
        // The key is the organisations' own: an entity's code is a country's.
        assert_eq!(entities[0].code, None);
    }
}
