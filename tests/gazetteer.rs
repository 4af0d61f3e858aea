//! Gazetteer matching on sentences written for these tests.

use _accord::gazetteer::{country_code, is_place, scan, GazMatch, Gazetteer};
use _accord::model::Label;

/// `(text, label, code)` of every match.
fn found<'a>(text: &'a str, lang: Option<&str>) -> Vec<(&'a str, Label, Option<String>)> {
    let matches = scan(text, lang);
    check_invariants(text, &matches);
    matches.into_iter().map(|m| (&text[m.start..m.end], m.label, m.code.map(String::from))).collect()
}

/// Sorted, non-overlapping, on character boundaries.
fn check_invariants(text: &str, matches: &[GazMatch]) {
    let mut last_end = 0;
    for m in matches {
        assert!(m.start >= last_end && m.start < m.end && m.end <= text.len(), "{m:?}");
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        last_end = m.end;
    }
}

fn has(got: &[(&str, Label, Option<String>)], text: &str, label: Label, code: Option<&str>) -> bool {
    got.iter().any(|g| g.0 == text && g.1 == label && g.2.as_deref() == code)
}

#[test]
fn english_sentence_with_countries_demonyms_and_places() {
    let text = "The Russian Federation and South Korea agreed with the US on a data-centre plan, \
                and Vietnamese engineers will train staff in Jakarta and across Southeast Asia.";
    let got = found(text, Some("en"));
    assert!(has(&got, "Russian Federation", Label::Country, Some("RUS")), "{got:?}");
    assert!(has(&got, "South Korea", Label::Country, Some("KOR")), "{got:?}");
    assert!(has(&got, "US", Label::Country, Some("USA")), "{got:?}");
    assert!(has(&got, "Vietnamese", Label::Norp, Some("VNM")), "{got:?}");
    assert!(has(&got, "Jakarta", Label::Location, Some("IDN")), "{got:?}");
    assert!(has(&got, "Southeast Asia", Label::Location, None), "{got:?}");
    assert!(!got.iter().any(|g| g.0 == "Russian" || g.0 == "Korea"), "no nested hits: {got:?}");
}

#[test]
fn longest_match_wins() {
    let got = found("Tension on the Korean Peninsula worried Southeast Asian diplomats and Korean firms.", Some("en"));
    assert!(has(&got, "Korean Peninsula", Label::Location, None), "{got:?}");
    assert!(has(&got, "Southeast Asian", Label::Norp, None), "{got:?}");
    assert!(has(&got, "Korean", Label::Norp, Some("KOR")), "{got:?}");
    assert_eq!(got.len(), 3, "{got:?}");
}

#[test]
fn possessive_and_hyphenated_names() {
    let got = found("Indonesia’s envoy praised the Indonesia-Russia talks and Malaysia's offer.", Some("en"));
    let texts: Vec<&str> = got.iter().map(|g| g.0).collect();
    assert_eq!(texts, ["Indonesia", "Indonesia", "Russia", "Malaysia"]);
}

#[test]
fn indonesian_sentence() {
    let text = "Menteri Luar Negeri RI bertemu utusan AS, Korea Selatan dan Tiongkok di Amerika Serikat, \
                lalu terbang ke Rusia bersama pejabat Korsel.";
    let got = found(text, Some("id"));
    assert!(has(&got, "RI", Label::Country, Some("IDN")), "{got:?}");
    assert!(has(&got, "AS", Label::Country, Some("USA")), "{got:?}");
    assert!(has(&got, "Korea Selatan", Label::Country, Some("KOR")), "{got:?}");
    assert!(has(&got, "Tiongkok", Label::Country, Some("CHN")), "{got:?}");
    assert!(has(&got, "Amerika Serikat", Label::Country, Some("USA")), "{got:?}");
    assert!(has(&got, "Rusia", Label::Country, Some("RUS")), "{got:?}");
    assert!(has(&got, "Korsel", Label::Country, Some("KOR")), "{got:?}");
}

#[test]
fn ambiguous_short_forms_are_gated() {
    // AS is the United States only in Indonesian text, and only in capitals.
    assert!(found("AS THE STORM PASSED, the port reopened.", Some("en")).is_empty());
    assert!(found("AS THE STORM PASSED, the port reopened.", None).is_empty());
    assert!(found("Pejabat itu datang as a guest.", Some("id")).is_empty());
    // US only in capitals.
    assert!(found("Let us begin; the plan suits us.", Some("en")).is_empty());
    // UN is the national exam in Indonesian; PBB is the UN there.
    let got = found("Hasil UN diumumkan, sementara PBB bersidang.", Some("id"));
    assert_eq!(got, vec![("PBB", Label::Org, Some("UN".to_owned()))]);
    let got = found("The UN met in New York.", Some("en"));
    assert!(has(&got, "UN", Label::Org, Some("UN")), "{got:?}");
}

#[test]
fn blocs_are_organisations() {
    let got = found("ASEAN leaders met the European Union and the World Bank before the G20 summit.", Some("en"));
    assert!(has(&got, "ASEAN", Label::Org, Some("ASEAN")), "{got:?}");
    assert!(has(&got, "European Union", Label::Org, Some("EU")), "{got:?}");
    assert!(has(&got, "World Bank", Label::Org, Some("World Bank")), "{got:?}");
    assert!(has(&got, "G20", Label::Org, Some("G20")), "{got:?}");
    let got = found("Perserikatan Bangsa-Bangsa dan Uni Eropa menyambut kesepakatan itu.", Some("id"));
    assert!(has(&got, "Perserikatan Bangsa-Bangsa", Label::Org, Some("UN")), "{got:?}");
    assert!(has(&got, "Uni Eropa", Label::Org, Some("EU")), "{got:?}");
}

#[test]
fn names_need_a_capital_but_not_all_lowercase() {
    assert!(found("fine china and roast turkey", Some("en")).is_empty());
    let got = found("INDONESIA DAN JEPANG SEPAKAT", Some("id"));
    assert!(has(&got, "INDONESIA", Label::Country, Some("IDN")), "{got:?}");
    assert!(has(&got, "JEPANG", Label::Country, Some("JPN")), "{got:?}");
}

#[test]
fn language_picks_among_same_spelling() {
    // "Swiss" is Switzerland's Indonesian name and the English demonym.
    let en = found("Swiss banks reported gains.", Some("en"));
    assert_eq!(en, vec![("Swiss", Label::Norp, Some("CHE".to_owned()))]);
    let id = found("Delegasi Swiss tiba kemarin.", Some("id"));
    assert_eq!(id, vec![("Swiss", Label::Country, Some("CHE".to_owned()))]);
}

#[test]
fn dependent_territories_are_locations() {
    let got = found("Flights to Hong Kong and Greenland resumed.", Some("en"));
    assert!(has(&got, "Hong Kong", Label::Location, Some("HKG")), "{got:?}");
    assert!(has(&got, "Greenland", Label::Location, Some("GRL")), "{got:?}");
}

#[test]
fn byte_offsets_on_non_ascii_text() {
    let text = "日本 — Côte d’Ivoire, Türkiye and Cote d'Ivoire 🎉 met São Tomé and Príncipe.";
    let got = found(text, Some("en"));
    assert!(has(&got, "Côte d’Ivoire", Label::Country, Some("CIV")), "{got:?}");
    assert!(has(&got, "Türkiye", Label::Country, Some("TUR")), "{got:?}");
    assert!(has(&got, "Cote d'Ivoire", Label::Country, Some("CIV")), "{got:?}");
    assert!(has(&got, "São Tomé and Príncipe", Label::Country, Some("STP")), "{got:?}");
}

#[test]
fn country_codes_from_any_name() {
    assert_eq!(country_code("Tiongkok"), Some("CHN"));
    assert_eq!(country_code("Vietnamese"), Some("VNM"));
    assert_eq!(country_code("the Philippines"), Some("PHL"));
    assert_eq!(country_code("Indonesia’s"), Some("IDN"));
    assert_eq!(country_code("korea selatan"), Some("KOR"));
    assert_eq!(country_code("Republic of Korea"), Some("KOR"));
    assert_eq!(country_code("US"), Some("USA"));
    assert_eq!(country_code("us"), None);
    assert_eq!(country_code("Southeast Asian"), None);
    assert_eq!(country_code("Xanadoria"), None);
}

#[test]
fn places() {
    assert!(is_place("Jakarta"));
    assert!(is_place("Labuan Bajo"));
    assert!(is_place("southeast asia"));
    assert!(is_place("Jawa Barat"));
    assert!(!is_place("Indonesia"));
    assert!(!is_place("Xanadoria"));
}

#[test]
fn extra_entries_win() {
    let gaz = Gazetteer::with_extra(vec![
        ("Labuan Bajo Marina".to_owned(), Label::Location, None),
        ("Garuda".to_owned(), Label::Org, Some("GIAA".to_owned())),
    ]);
    let text = "Garuda flew guests from Labuan Bajo Marina to Bali.";
    let got: Vec<(&str, Label)> = gaz.scan(text, Some("en")).iter().map(|m| (&text[m.start..m.end], m.label)).collect();
    assert_eq!(got, [("Garuda", Label::Org), ("Labuan Bajo Marina", Label::Location), ("Bali", Label::Location)]);
    assert!(std::ptr::eq(Gazetteer::default(), Gazetteer::default()));
}

#[test]
fn odd_input_does_not_break() {
    for text in ["", " ", "\u{0}", "A", "US", "ÿ", "🎉🎉", "'s"] {
        let _ = found(text, None);
    }
    let long = "Korea ".repeat(20_000);
    assert_eq!(scan(&long, Some("id")).len(), 20_000);
    let spaces = format!("{}Lima", " ".repeat(100_000));
    let _ = found(&spaces, Some("id"));
}

#[test]
fn long_official_names_and_match_language() {
    let text = "The Minister of Foreign Affairs of the Republic of Indonesia met Thai officials.";
    let matches = scan(text, Some("en"));
    let got: Vec<(&str, Label, Option<&str>)> =
        matches.iter().map(|m| (&text[m.start..m.end], m.label, m.lang)).collect();
    assert_eq!(got, [("Republic of Indonesia", Label::Country, Some("en")), ("Thai", Label::Norp, Some("en"))]);
    let text = "Kerja sama Republik Indonesia dan Korea diperluas.";
    let got = found(text, Some("id"));
    assert!(has(&got, "Republik Indonesia", Label::Country, Some("IDN")), "{got:?}");
    assert!(has(&got, "Korea", Label::Country, Some("KOR")), "{got:?}");
}

#[test]
fn government_bodies_are_one_organisation_in_both_languages_with_their_country() {
    use _accord::pipeline::{Extractor, ParseOptions};
    assert_eq!(_accord::gazetteer::body_country("Kominfo").as_deref(), Some("IDN"));
    assert_eq!(_accord::gazetteer::body_country("ASEAN"), None);
    let ex = Extractor::new();
    let text = "JAKARTA - The Ministry of Communication and Informatics (Kominfo) will work with Kemenkominfo's \
                partners abroad, Kominfo spokesperson Dedi Rahman said on Monday.\n\nThe National Cyber and Crypto \
                Agency joined the talks, which the spokesman of China's Ministry of Commerce also attended.\n";
    let opts = ParseOptions { language: Some("en".into()), ..Default::default() };
    let art = ex.parse_str(text, &opts).expect("parses");
    let orgs: Vec<(&str, Vec<&str>, Option<&str>)> = art
        .entities
        .iter()
        .filter(|e| e.kind == "org")
        .map(|e| (e.name.as_str(), e.aliases.iter().map(String::as_str).collect(), e.country.as_deref()))
        .collect();
    assert!(
        orgs.contains(&("Ministry of Communication and Informatics", vec!["Kominfo", "Kemenkominfo"], Some("IDN"))),
        "{orgs:?}"
    );
    assert!(orgs.contains(&("National Cyber and Crypto Agency", vec![], Some("IDN"))), "{orgs:?}");
    // A ministry of another country keeps its own.
    assert!(orgs.iter().any(|(n, _, c)| n.contains("Ministry of Commerce") && *c == Some("CHN")), "{orgs:?}");
    // The body heading a person's name is not part of it; the person works for the body's country.
    let person = art.entities.iter().find(|e| e.kind == "person").expect("a person");
    assert_eq!((person.name.as_str(), person.country.as_deref()), ("Dedi Rahman", Some("IDN")));
}

#[test]
fn malay_country_names_are_read_as_indonesian_ones() {
    let text = "Kerajaan Jepun, Amerika Syarikat dan Kemboja hadir; Sepanyol tidak.";
    let got = found(text, Some("id"));
    for (name, code) in [("Jepun", "JPN"), ("Amerika Syarikat", "USA"), ("Kemboja", "KHM"), ("Sepanyol", "ESP")] {
        assert!(has(&got, name, Label::Country, Some(code)), "{name}: {got:?}");
    }
}
