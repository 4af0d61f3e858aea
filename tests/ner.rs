//! The tokeniser, the sentence splitter and the named-entity tagger, on sentences written for these tests.

use _accord::model::Label;
use _accord::ner::{default_for, sentence_language, tag_text, NerSpan};
use _accord::text::{sentences, tokens};

fn words(text: &str) -> Vec<&str> {
    tokens(text).iter().map(|t| t.text(text)).collect()
}

fn found(text: &str, spans: &[NerSpan], label: Label) -> Vec<String> {
    spans.iter().filter(|s| s.label == label).map(|s| text[s.start..s.end].to_string()).collect()
}

#[test]
fn models_load() {
    assert!(default_for("en").is_loaded());
    assert!(default_for("id").is_loaded());
}

#[test]
fn tokens_keep_numbers_abbreviations_and_addresses() {
    assert_eq!(
        words("Dr. Sutan's team paid Rp1,500.50 on 19/3/2031 in the U.S., see https://example.org/a-b."),
        vec![
            "Dr.",
            "Sutan",
            "'s",
            "team",
            "paid",
            "Rp1,500.50",
            "on",
            "19/3/2031",
            "in",
            "the",
            "U.S.",
            ",",
            "see",
            "https://example.org/a-b",
            "."
        ]
    );
    assert_eq!(words("Write to (desk@example.co.id)!"), vec!["Write", "to", "(", "desk@example.co.id", ")", "!"]);
    assert_eq!(
        words("Indonesia’s anak-anak met O'Rourke."),
        vec!["Indonesia", "’s", "anak-anak", "met", "O'Rourke", "."]
    );
    assert_eq!(words("the Jakarta-based firm"), vec!["the", "Jakarta", "-", "based", "firm"]);
    assert_eq!(words("Wait..."), vec!["Wait", "..."]);
}

#[test]
fn tokens_are_byte_ranges_on_any_text() {
    let text = "Ñandú café 東京 😀 — ok";
    for t in tokens(text) {
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end) && t.start < t.end);
    }
    assert!(tokens("").is_empty());
    assert!(tokens("   \n ").is_empty());
}

fn split(text: &str) -> Vec<&str> {
    sentences(text).into_iter().map(|(s, e)| &text[s..e]).collect()
}

#[test]
fn sentences_respect_abbreviations_and_initials() {
    assert_eq!(
        split("Mr. Harlan Q. Voss met Dr. Ines at St. Mark's in the U.S. capital. Prices rose 4.5 percent. Why?"),
        vec!["Mr. Harlan Q. Voss met Dr. Ines at St. Mark's in the U.S. capital.", "Prices rose 4.5 percent.", "Why?"]
    );
    assert_eq!(
        split("Kantornya di Jl. Merdeka No. 12, Bandung. Ia datang pukul 10.30 WIB."),
        vec!["Kantornya di Jl. Merdeka No. 12, Bandung.", "Ia datang pukul 10.30 WIB."]
    );
    assert_eq!(split("He said \"Yes.\" Then he left."), vec!["He said \"Yes.\"", "Then he left."]);
}

#[test]
fn sentences_break_at_blank_lines_and_headlines() {
    assert_eq!(split("First part\n\nsecond part"), vec!["First part", "second part"]);
    assert_eq!(
        split("Ministers Meet In Bandung\nThe talks began today."),
        vec!["Ministers Meet In Bandung", "The talks began today."]
    );
    // a long hard-wrapped line without punctuation continues the sentence
    let wrapped = "The delegation that arrived on Tuesday morning was led by the\nForeign Minister of the republic.";
    assert_eq!(split(wrapped).len(), 1);
}

#[test]
fn english_minister_and_ministry() {
    let text =
        "Harlan Voskuijlen, the minister of trade, met officials from the Ministry of Foreign Affairs in Jakarta.";
    let spans = tag_text(text, "en");
    assert_eq!(found(text, &spans, Label::Person), vec!["Harlan Voskuijlen"], "{spans:?}");
    assert_eq!(found(text, &spans, Label::Org), vec!["Ministry of Foreign Affairs"], "{spans:?}");
    assert_eq!(found(text, &spans, Label::Location), vec!["Jakarta"], "{spans:?}");
    let text = "Officials at the Norvalian Ministry of Transport said the road to Kelmar would reopen.";
    let spans = tag_text(text, "en");
    assert!(found(text, &spans, Label::Org).iter().any(|o| o.ends_with("Ministry of Transport")), "{spans:?}");
}

#[test]
fn indonesian_minister_and_ministry() {
    let text = "Menteri Kelautan Budiarto Sasmitapura mengatakan Kementerian Kelautan dan Perikanan akan membangun pelabuhan di Sorong.";
    let spans = tag_text(text, "id");
    assert!(found(text, &spans, Label::Person).iter().any(|p| p.contains("Budiarto Sasmitapura")), "{spans:?}");
    assert!(found(text, &spans, Label::Org).iter().any(|o| o.contains("Kementerian Kelautan")), "{spans:?}");
    assert!(found(text, &spans, Label::Location).contains(&"Sorong".to_string()), "{spans:?}");
}

#[test]
fn unknown_language_is_routed_per_sentence() {
    let text = "Ia mengatakan bahwa proyek itu akan selesai tahun ini.";
    assert_eq!(sentence_language(text, &tokens(text)), "id");
    let text = "He said that the project will be finished this year.";
    assert_eq!(sentence_language(text, &tokens(text)), "en");
    let mixed = "Presiden Joko Widodo meresmikan jalan tol itu di Semarang.\n\nThe governor of Ohio spoke to reporters in Columbus.";
    let spans = tag_text(mixed, "auto");
    assert!(spans.iter().all(|s| mixed.is_char_boundary(s.start) && mixed.is_char_boundary(s.end)));
    assert!(found(mixed, &spans, Label::Location).iter().any(|l| l == "Columbus" || l == "Ohio"), "{spans:?}");
}

#[test]
fn tagging_never_panics_on_odd_input() {
    for text in ["", " ", "\u{0}\u{ffff}", "A. B. C. D.", &"X".repeat(10_000), &"Ab ".repeat(5_000), "😀😀 ... !!!"]
    {
        let _ = tag_text(text, "en");
        let _ = tag_text(text, "id");
        let _ = tag_text(text, "");
    }
}

#[test]
fn person_spans_leave_titles_out_and_heads_mark_organisations() {
    let text = "Prime Minister Arvid Sondheim met the Ministry of Fisheries in Bergen on Monday.";
    let spans = tag_text(text, "en");
    let people = found(text, &spans, Label::Person);
    assert!(people.contains(&"Arvid Sondheim".to_string()), "{spans:?}");
    assert!(!people.iter().any(|p| p.contains("Minister")), "{people:?}");
    let orgs = found(text, &spans, Label::Org);
    assert!(orgs.iter().any(|o| o.contains("Ministry")), "{orgs:?}");
    let text = "Menteri Luar Negeri Ratna Wulandari bertemu pejabat Kementerian Perdagangan di Surabaya.";
    let spans = tag_text(text, "id");
    let people = found(text, &spans, Label::Person);
    assert!(people.contains(&"Ratna Wulandari".to_string()), "{spans:?}");
    assert!(found(text, &spans, Label::Org).iter().any(|o| o.starts_with("Kementerian")), "{spans:?}");
}

#[test]
fn indonesian_spans_keep_a_touching_bracket_with_its_word() {
    // The Indonesian corpora keep `(ABC)` as one unit, so a span never starts or ends between a bracket and its word.
    let text =
        "Ketua Lembaga Pengawas Jalan Raya (LPJR) Budi Santoso meninjau ruas jalan di Kabupaten Garut (Jawa Barat).";
    for s in tag_text(text, "id") {
        let inner = &text[s.start..s.end];
        assert!(!inner.starts_with(')') && !inner.ends_with('('), "{inner}");
        assert!(!text[..s.start].ends_with('('), "{inner}");
        assert!(!text[s.end..].starts_with(')'), "{inner}");
    }
}

/// Names known without the tagger (countries, places, dates) do not make it read the words about them, but a
/// name that runs on from one ("Bank of Thailand") is read whole, and the known names are found all the same.
#[test]
fn names_around_known_ones_are_still_tagged() {
    use _accord::pipeline::{Extractor, ParseOptions};
    let ex = Extractor::new();
    let mentions = |text: &str| -> Vec<(String, Label)> {
        let a = ex.parse_str(text, &ParseOptions::default()).expect("parses");
        a.mentions.iter().map(|m| (m.text.to_string(), m.label)).collect()
    };
    let got = mentions("The Bank of Thailand raised its rate on Tuesday, its governor said in Seoul.");
    assert!(got.contains(&("Bank of Thailand".into(), Label::Org)), "{got:?}");
    assert!(got.contains(&("Seoul".into(), Label::Location)), "{got:?}");
    let got = mentions("Indonesia and Vietnam signed a memorandum of understanding in Jakarta on 3 March 2031.");
    for (name, label) in [("Indonesia", Label::Country), ("Vietnam", Label::Country), ("Jakarta", Label::Location)] {
        assert!(got.contains(&(name.into(), label)), "{name}: {got:?}");
    }
    let got = mentions("Bank Indonesia dan Bank of Thailand menandatangani nota kesepahaman di Jakarta pada Selasa.");
    assert!(got.contains(&("Bank Indonesia".into(), Label::Org)), "{got:?}");
    assert!(got.contains(&("Bank of Thailand".into(), Label::Org)), "{got:?}");
}
