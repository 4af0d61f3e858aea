//! The agreement, quote and topic stages on text written for these tests, with hand-made mentions and entities.

use _accord::extract::agreements::find_agreements;
use _accord::extract::quotes::find_quotes;
use _accord::extract::topics::find_topics;
use _accord::extract::{Analysed, MentionRef};
use _accord::model::{Date, Entity, Label};
use _accord::pipeline::{Extractor, ParseOptions};

/// The analysed article of `text` in `language`, with neither dateline nor title.
fn analysed<'a>(
    text: &'a str,
    language: &'a str,
    published: Option<Date>,
    mentions: &'a [MentionRef],
    entities: &'a [Entity],
) -> Analysed<'a> {
    Analysed { text, language: Some(language), published, dateline: None, title: None, mentions, entities }
}

fn mention(
    text: &str,
    surface: &str,
    nth: usize,
    label: Label,
    code: Option<&str>,
    entity: Option<&str>,
) -> MentionRef {
    let start = text.match_indices(surface).nth(nth).map(|(i, _)| i).expect("surface in text");
    MentionRef {
        start,
        end: start + surface.len(),
        label,
        code: code.map(Into::into),
        value: None,
        entity: entity.map(Into::into),
    }
}

fn entity(id: &str, kind: &str, name: &str, role: Option<&str>, country: Option<&str>) -> Entity {
    Entity {
        id: id.into(),
        kind: kind.into(),
        name: name.into(),
        code: None,
        aliases: vec![],
        role: role.map(Into::into),
        country: country.map(Into::into),
    }
}

fn sorted(mut v: Vec<MentionRef>) -> Vec<MentionRef> {
    v.sort_by_key(|m| m.start);
    v
}

const STORY: &str =
    "Chile and Kenya signed a memorandum of understanding on digital infrastructure and cybersecurity.\n\n\
Minister of Trade Ana Ruiz said the MoU covers broadband networks.\n\n\
\u{201C}This memorandum will bring fibre optic links to many towns,\u{201D} said Ruiz.\n\n\
\u{201C}Both sides will also train young engineers together,\u{201D} she added.\n\n\
Analysts agreed the weather was fine.\n";

fn story_mentions() -> (Vec<MentionRef>, Vec<Entity>) {
    let t = STORY;
    let ms = sorted(vec![
        mention(t, "Chile", 0, Label::Country, Some("CHL"), Some("country:CHL")),
        mention(t, "Kenya", 0, Label::Country, Some("KEN"), Some("country:KEN")),
        mention(t, "memorandum of understanding", 0, Label::Agreement, None, Some("agreement:mou")),
        mention(t, "Ana Ruiz", 0, Label::Person, None, Some("person:ana-ruiz")),
        mention(t, "MoU", 0, Label::Agreement, None, Some("agreement:mou2")),
        mention(t, "Ruiz", 1, Label::Person, None, Some("person:ana-ruiz")),
    ]);
    let es = vec![
        entity("country:CHL", "country", "Chile", None, None),
        entity("country:KEN", "country", "Kenya", None, None),
        entity("person:ana-ruiz", "person", "Ana Ruiz", Some("Minister of Trade"), Some("CHL")),
        entity("agreement:mou", "agreement", "memorandum of understanding", None, None),
        entity("agreement:mou2", "agreement", "MoU", None, None),
    ];
    (ms, es)
}

#[test]
fn one_mou_mentioned_three_times_is_one_agreement() {
    let (ms, es) = story_mentions();
    let a = analysed(STORY, "en", Date::new(2024, 3, 5), &ms, &es);
    let ags = find_agreements(&a);
    assert_eq!(ags.len(), 1, "{ags:?}");
    let g = &ags[0];
    assert_eq!(g.kind, "mou");
    assert_eq!(g.parties, vec!["CHL".to_string(), "KEN".to_string()]);
    assert_eq!(g.status, "signed");
    assert_eq!(g.date.as_deref(), Some("2024-03-05"));
    assert_eq!(g.cameo.as_deref(), Some("057"));
    assert!(g.topics.contains(&"cybersecurity".to_string()));
    assert!(STORY[g.start..g.end].starts_with("Chile and Kenya signed"));
}

#[test]
fn quotes_get_their_speakers_by_name_and_pronoun() {
    let (ms, es) = story_mentions();
    let a = analysed(STORY, "en", None, &ms, &es);
    let qs = find_quotes(&a);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert!(qs.iter().all(|q| q.speaker.as_deref() == Some("Ana Ruiz")));
    assert_eq!(qs[1].cue.as_deref(), Some("added"));
    assert_eq!(&STORY[qs[0].start..qs[0].end], qs[0].text);
}

#[test]
fn story_topics() {
    let (ms, es) = story_mentions();
    let a = analysed(STORY, "en", None, &ms, &es);
    let t = find_topics(&a);
    assert!(t.contains(&"digital_infrastructure".to_string()), "{t:?}");
    assert!(t.contains(&"cybersecurity".to_string()), "{t:?}");
    assert!(!t.contains(&"climate".to_string()));
}

#[test]
fn list_items_introduced_as_agreements_are_records_each() {
    let t = "Peru and Ghana exchanged three agreements during the visit. The agreements include:\n\
- Higher education cooperation between Peru and Ghana\n\
- A railway transport arrangement\n\
- An investment MoU between the two trade agencies\n";
    let ms = sorted(vec![
        mention(t, "Peru", 0, Label::Country, Some("PER"), Some("country:PER")),
        mention(t, "Ghana", 0, Label::Country, Some("GHA"), Some("country:GHA")),
        mention(t, "Peru", 1, Label::Country, Some("PER"), Some("country:PER")),
        mention(t, "Ghana", 1, Label::Country, Some("GHA"), Some("country:GHA")),
        mention(t, "MoU", 0, Label::Agreement, None, Some("agreement:mou")),
    ]);
    let es = vec![entity("agreement:mou", "agreement", "MoU", None, None)];
    let a = analysed(t, "en", None, &ms, &es);
    let ags = find_agreements(&a);
    assert_eq!(ags.len(), 3, "{ags:?}");
    assert_eq!(ags.iter().map(|g| g.kind.as_str()).collect::<Vec<_>>(), ["other", "other", "mou"]);
    assert!(ags.iter().all(|g| g.status == "signed" && g.parties == ["GHA", "PER"]));
    assert!(ags[1].topics.contains(&"transport".to_string()));
}

#[test]
fn indonesian_quotes_with_titles_and_pronoun_cues() {
    let t =
        "Menteri Luar Negeri Sinta Dewi bertemu Paul Kim di Bandung. \"Kami sepakat memperkuat kerja sama digital,\" \
kata Menlu. \"Kerja sama ini penting bagi kedua negara,\" ujarnya.";
    let ms = sorted(vec![
        mention(t, "Sinta Dewi", 0, Label::Person, None, Some("person:sinta")),
        mention(t, "Paul Kim", 0, Label::Person, None, Some("person:paul")),
        mention(t, "Bandung", 0, Label::Location, None, Some("location:bandung")),
    ]);
    let es = vec![
        entity("person:sinta", "person", "Sinta Dewi", Some("Menteri Luar Negeri"), Some("IDN")),
        entity("person:paul", "person", "Paul Kim", None, None),
    ];
    let a = analysed(t, "id", None, &ms, &es);
    let qs = find_quotes(&a);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert!(qs.iter().all(|q| q.speaker.as_deref() == Some("Sinta Dewi")), "{qs:?}");
    // "sepakat" about cooperation, with no instrument named, is not an agreement.
    assert!(find_agreements(&a).is_empty());
}

#[test]
fn sport_and_business_stories_report_no_agreement() {
    let ex = Extractor::new();
    let texts = [
        "United beat City 2-1 on Sunday. Mou was furious with the referee, and the club agreed a new deal with its striker.\n",
        "Acme Corp said quarterly profit rose 12 percent. Analysts agreed the results were strong, and the company signed a supply deal with a retailer.\n",
    ];
    for t in texts {
        let art = ex.parse_str(t, &ParseOptions { language: Some("en".into()), ..Default::default() }).expect("parses");
        assert!(art.agreements.is_empty(), "{:?}", art.agreements);
    }
}

#[test]
fn a_story_without_a_publication_date_dates_its_agreements_by_its_own_dates() {
    let ex = Extractor::new();
    let t = "Ministers of Chile and Kenya met in Nairobi on Monday (14/7) to discuss trade.\n\n\
             During the meeting, the two countries signed a memorandum of understanding on digital trade.\n\n\
             A joint forum follows in October 2025. Chile and Kenya plan to sign a free trade agreement next year.\n";
    let art = ex.parse_str(t, &ParseOptions { language: Some("en".into()), ..Default::default() }).expect("parses");
    assert_eq!(art.published, None);
    let dates: Vec<(&str, Option<&str>)> = art
        .mentions
        .iter()
        .filter(|m| m.label == Label::Date)
        .map(|m| (&t[m.start..m.end], m.value.as_deref()))
        .collect();
    assert_eq!(
        dates,
        vec![("Monday (14/7)", Some("2025-07-14")), ("October 2025", Some("2025-10")), ("next year", Some("2026"))]
    );
    let mou = art.agreements.iter().find(|g| g.kind == "mou").expect("the MoU");
    assert_eq!((mou.status.as_str(), mou.date.as_deref()), ("signed", Some("2025-07-14")));
    let fta = art.agreements.iter().find(|g| g.kind != "mou").unwrap_or_else(|| panic!("{:?}", art.agreements));
    assert_eq!((fta.status.as_str(), fta.date.as_deref()), ("planned", Some("2026")));
    // A lead that recalls a day of another year than the story's gives its agreements no day.
    let t = "Chile and Kenya, whose ties began on 2 March 1965, met in Nairobi.\n\n\
             During the meeting, the two countries signed a memorandum of understanding on digital trade.\n\n\
             A joint forum follows in October 2025, and a second one in December 2025.\n";
    let art = ex.parse_str(t, &ParseOptions { language: Some("en".into()), ..Default::default() }).expect("parses");
    let mou = art.agreements.iter().find(|g| g.kind == "mou").expect("the MoU");
    assert_eq!((mou.status.as_str(), mou.date.as_deref()), ("signed", None));
}
