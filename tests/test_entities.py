"""Mentions and entities: each recogniser on text written for the test, the user's gazetteer, and the seed bars."""

from __future__ import annotations

import accord

# Thresholds only go up: the bars (mentions 0.90, countries 0.98, persons 0.90, roles 0.80, organisations
# 0.80), raised to just under what the seeds score now (0.986, 1.000, 1.000, 1.000, 0.974); and the countries of
# people (0.923), which the issue has no bar for.
MENTION_F1 = 0.982
COUNTRY_F1 = 0.99
PERSON_F1 = 0.99
PERSON_ROLE_ACCURACY = 0.95
ORG_F1 = 0.97
PERSON_COUNTRY_ACCURACY = 0.92


def labelled(article: accord.Article) -> list[tuple[str, str]]:
    return [(m.label, m.text) for m in article.mentions]


def test_offsets_are_python_indices_on_non_ascii_text():
    text = "Pertemuan di Hà Nội 😀: Menteri Luar Negeri Thái Lan, Somchai Rattanakorn, bertemu delegasi Jepang."
    a = accord.parse(text)
    assert a.mentions
    for m in a.mentions:
        assert a.text[m.start : m.end] == m.text


def test_headlines_and_datelines_in_capitals():
    # The tagger reads a sentence in capitals with its words as usually written: names, not acronyms.
    en = accord.parse("FOREIGN MINISTER ANA ROJAS VISITS MADRID FOR TRADE TALKS")
    assert labelled(en) == [("PERSON", "ANA ROJAS"), ("LOCATION", "MADRID")]
    id_ = accord.parse("MENTERI LUAR NEGERI DEDI RAHMAN BERTEMU DUTA BESAR JEPANG DI JAKARTA")
    assert labelled(id_) == [("PERSON", "DEDI RAHMAN"), ("COUNTRY", "JEPANG"), ("LOCATION", "JAKARTA")]
    # A place and a date above the story are its dateline; a section's label over a headline is not a place.
    story = "The two ministers signed the accord on Friday after talks that lasted a week."
    a = accord.parse(f"Ministers sign accord\n\nMADRID 2031-03-14\n\n{story}")
    assert (a.dateline, a.outlet, str(a.published)) == ("MADRID", None, "2031-03-14")
    assert ("LOCATION", "MADRID") in labelled(a)
    rubric = accord.parse("SOCCER - QUEENSPORT ROVERS HELD AT HOME")
    assert rubric.dateline is None and ("LOCATION", "SOCCER") not in labelled(rubric)
    # A dateline's place that the lists know is a place, whatever the tagger reads in it.
    wire = accord.parse(f"Ministers sign accord\n\nHANOI, Sept 14 (Wire Desk) - {story}\n\nMore to come.")
    assert wire.dateline == "HANOI" and labelled(wire)[0] == ("LOCATION", "HANOI")


def test_countries_in_both_languages_with_iso_codes():
    a = accord.parse("Delegates from Rusia, Tiongkok and Korea Selatan met officials of the Russian Federation and the US.")
    codes = {m.text: next(e.code for e in a.entities if e.id == m.entity) for m in a.mentions if m.label == "COUNTRY"}
    assert codes == {"Rusia": "RUS", "Tiongkok": "CHN", "Korea Selatan": "KOR", "Russian Federation": "RUS", "US": "USA"}


def test_dissolved_states_are_countries_with_their_iso_3166_3_codes():
    a = accord.parse("Trade between the USSR and West Germany rose; East Germany and Yugoslavia signed a pact, and "
                     "Soviet officials met West German bankers. Uni Soviet dan Jerman Timur juga hadir.")
    found = [(m.label, m.text, m.entity) for m in a.mentions]
    assert found == [
        ("COUNTRY", "USSR", "country:SUN"), ("COUNTRY", "West Germany", "country:DEU"),
        ("COUNTRY", "East Germany", "country:DDR"), ("COUNTRY", "Yugoslavia", "country:YUG"),
        ("NORP", "Soviet", "country:SUN"), ("NORP", "West German", "country:DEU"),
        ("COUNTRY", "Uni Soviet", "country:SUN"), ("COUNTRY", "Jerman Timur", "country:DDR")]


def test_a_place_the_tagger_cuts_short_is_the_longer_place_of_the_lists():
    a = accord.parse("Leaders from Bosnia-Herzegovina joined the Asia-Pacific forum in Lima.")
    assert labelled(a) == [("COUNTRY", "Bosnia-Herzegovina"), ("LOCATION", "Asia-Pacific"), ("LOCATION", "Lima")]


def test_demonyms_link_to_their_country():
    a = accord.parse("The Vietnamese delegation met Peruvian officials in Lima on Monday.")
    norp = [m for m in a.mentions if m.label == "NORP"]
    assert [m.text for m in norp] == ["Vietnamese", "Peruvian"]
    assert [m.entity for m in norp] == ["country:VNM", "country:PER"]


def test_people_with_roles_and_short_forms():
    a = accord.parse(
        "JAKARTA - Chile's Minister of Science, Ana Rojas Vidal, met Indonesian Coordinating Minister "
        "Budi Hartawan on Tuesday. Rojas said the talks went well. Minister Budi agreed."
    )
    people = {e.name: e for e in a.entities if e.kind == "person"}
    assert set(people) == {"Ana Rojas Vidal", "Budi Hartawan"}
    assert people["Ana Rojas Vidal"].role == "Minister of Science"
    assert people["Ana Rojas Vidal"].country == "CHL"
    assert "Rojas" in people["Ana Rojas Vidal"].aliases
    assert people["Budi Hartawan"].country == "IDN"
    assert ("PERSON", "Budi") in labelled(a)


def test_one_name_in_other_capitals_is_one_entity():
    a = accord.parse("Port Deal Signed\n\nVALLEYNEWS.COM - 7 Aug 2024\n\nLIMA - Peru and Chile signed a port deal in Lima "
                     "on Wednesday, Valleynews.com reported.")
    places = [(e.name, e.aliases) for e in a.entities if e.kind == "location"]
    assert places == [("Lima", ["LIMA"])]
    outlets = [(e.name, e.aliases) for e in a.entities if e.kind == "org"]
    assert outlets == [("Valleynews.com", ["VALLEYNEWS.COM"])]
    assert len({m.entity for m in a.mentions if m.text.lower() == "lima"}) == 1


def test_a_topics_own_term_in_short_is_no_organisation():
    a = accord.parse("Peru dan Cile membahas kerja sama AI, IoT dan keamanan siber di Lima.")
    assert labelled(a) == [("COUNTRY", "Peru"), ("COUNTRY", "Cile"), ("LOCATION", "Lima")]
    assert "artificial_intelligence" in a.topics


def test_a_brands_branch_in_a_country_is_one_organisation_a_ministrys_country_is_not():
    a = accord.parse("Direktur Utama Kilatnet Indonesia Arif Rahman mengatakan layanan itu diluncurkan di Jakarta.")
    assert labelled(a)[:2] == [("ORG", "Kilatnet Indonesia"), ("PERSON", "Arif Rahman")]
    b = accord.parse("Menteri Komunikasi dan Informatika Republik Indonesia Budi Santoso hadir.")
    assert labelled(b) == [("COUNTRY", "Republik Indonesia"), ("PERSON", "Budi Santoso")]


def test_a_name_after_a_title_with_its_portfolio():
    """The portfolio's words tell where a title ends and the name begins; a title cut out of a name is no one."""
    a = accord.parse(
        "The pact was signed in Hanoi by Vietnamese Minister of Information and Communications Le Thanh Binh and "
        "Singapore's Minister for Digital Development and Information Mariel Santos Cruz. Secretary of State "
        "Harlan Quist and Thai Minister of Digital Economy and Society Dita Kusuma Wardani attended."
    )
    people = {e.name: (e.role, e.country) for e in a.entities if e.kind == "person"}
    assert people == {
        "Le Thanh Binh": ("Minister of Information and Communications", "VNM"),
        "Mariel Santos Cruz": ("Minister for Digital Development and Information", "SGP"),
        "Harlan Quist": ("Secretary of State", None),
        "Dita Kusuma Wardani": ("Minister of Digital Economy and Society", "THA"),
    }
    assert not [m for m in a.mentions if m.label == "ORG"]
    c = accord.parse("He met South Korean Minister of Trade, Industry and Energy Kwon Dae-hyun in Seoul.")
    assert [(e.name, e.role, e.country) for e in c.entities if e.kind == "person"] == [
        ("Kwon Dae-hyun", "Minister of Trade, Industry and Energy", "KOR")]
    d = accord.parse("Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Budi Santoso hadir di Jakarta.")
    assert [(e.name, e.role) for e in d.entities if e.kind == "person"] == [
        ("Budi Santoso", "Menteri Koordinator Bidang Politik, Hukum, dan Keamanan")]
    # A name after the title that the tagger cut in two is one person, whom the surname alone names again.
    e = accord.parse("Singapore's Minister for Digital Development and Information Rosalind Teo met her Malaysian "
                     "counterpart in Putrajaya on Monday.\n\nTeo said the two sides discussed online safety. "
                     "\"We have much to learn,\" she said.")
    assert [(m.text, m.label) for m in e.mentions if m.label == "PERSON"] == [
        ("Rosalind Teo", "PERSON"), ("Teo", "PERSON")]
    assert [q.speaker for q in e.quotes] == ["Rosalind Teo"]
    # The demonym before a long portfolio is the person's country.
    f = accord.parse("It was signed by Philippine Information and Communications Technology Secretary Maria Santos "
                     "Lopez in Manila.")
    assert [(x.name, x.role, x.country) for x in f.entities if x.kind == "person"] == [
        ("Maria Santos Lopez", "Information and Communications Technology Secretary", "PHL")]
    # A portfolio before its head, two parts joined by "and": a title, not an organisation.
    g = accord.parse("The two sides agreed, Thai Digital Economy and Society Minister Prasit Wongsakul said.")
    assert [(m.text, m.label) for m in g.mentions] == [("Thai", "NORP"), ("Prasit Wongsakul", "PERSON")]
    assert [(x.role, x.country) for x in g.entities if x.kind == "person"] == [
        ("Digital Economy and Society Minister", "THA")]
    b = accord.parse("Officials at the Prime Minister's Office and the Director of the National Rice Study agreed.")
    assert not [m for m in b.mentions if m.label == "PERSON"]


def test_hyphenated_given_names_and_a_person_of_a_party():
    text = (
        "SEOUL - South Korean Foreign Minister Kwon Dae-hyun met Tsao Ming-hui of the Civic Reform Party on Friday "
        "in a Hong Kong-run hotel. Jean-Marc Dupont, a French envoy, joined them. Kwon said the US-led talks went well."
    )
    a = accord.parse(text)
    people = [m.text for m in a.mentions if m.label == "PERSON"]
    assert people == ["Kwon Dae-hyun", "Tsao Ming-hui", "Jean-Marc Dupont", "Kwon"]
    assert ("ORG", "Civic Reform Party") in labelled(a)
    assert ("LOCATION", "Hong Kong") in labelled(a)
    kwon = next(e for e in a.entities if e.name == "Kwon Dae-hyun")
    assert (kwon.role, kwon.country, kwon.aliases) == ("Foreign Minister", "KOR", ["Kwon"])
    b = accord.parse("Menteri Luar Negeri Korea Selatan, Kwon Dae-hyun, bertemu Tsao Ming-hui di Jakarta.")
    assert [m.text for m in b.mentions if m.label == "PERSON"] == ["Kwon Dae-hyun", "Tsao Ming-hui"]


def test_occupations_and_ranks_are_roles_not_names():
    a = accord.parse("Businessman Tomas Elgar met Colonel Arif Rahman and diplomat Sara Lindqvist in Oslo.")
    assert [m.text for m in a.mentions if m.label == "PERSON"] == ["Tomas Elgar", "Arif Rahman", "Sara Lindqvist"]
    roles = {e.name: e.role for e in a.entities if e.kind == "person"}
    assert roles == {"Tomas Elgar": "Businessman", "Arif Rahman": "Colonel", "Sara Lindqvist": "diplomat"}
    for text, role in (("Rubber exports rose, said Malaysian Tourism Minister Arif Rahman.", "Tourism Minister"),
                       ("It rose, said Communication and Digital Affairs Minister Arif Rahman.",
                        "Communication and Digital Affairs Minister"),
                       ("Exports rose, said Commerce Secretary Tomas Elgar.", "Commerce Secretary")):
        assert [e.role for e in accord.parse(text).entities if e.kind == "person"] == [role]
    c = accord.parse("Maj. Gen. Arif Rahman met Gov. Tomas Elgar. Lt. Sara Lindqvist, commander of the unit, agreed.")
    assert {e.name: e.role for e in c.entities if e.kind == "person"} == {
        "Arif Rahman": "Maj. Gen.", "Tomas Elgar": "Gov.", "Sara Lindqvist": "commander of the unit"}
    b = accord.parse("Pengusaha Budi Santoso dan aktivis Rina Marlina hadir di Bandung.")
    assert {e.name: e.role for e in b.entities if e.kind == "person"} == {"Budi Santoso": "Pengusaha",
                                                                          "Rina Marlina": "aktivis"}


def test_organisations_by_their_head_word_without_the_words_before_the():
    a = accord.parse("Officials of the Riverton Chamber of Commerce met judges of the Supreme Court. Yesterday the "
                     "Northfield Academy of Sciences and the Coastal Fishers Alliance joined them.")
    assert [m.text for m in a.mentions if m.label == "ORG"] == [
        "Riverton Chamber of Commerce", "Supreme Court", "Northfield Academy of Sciences", "Coastal Fishers Alliance"]
    b = accord.parse("Gerakan Pemuda Nusantara dan Aliansi Nelayan Sulawesi mendukung Kabinet Pembangunan Nusantara.")
    assert [m.text for m in b.mentions if m.label == "ORG"] == [
        "Gerakan Pemuda Nusantara", "Aliansi Nelayan Sulawesi", "Kabinet Pembangunan Nusantara"]


def test_a_person_named_like_a_small_town_stays_a_person():
    # Mitchell and Ashford are towns of under 100,000 people in the name lists; Jakarta is a capital.
    a = accord.parse("Mitchell said the talks would resume. Officials flew to Ashford, then to Jakarta.")
    assert labelled(a) == [("PERSON", "Mitchell"), ("LOCATION", "Ashford"), ("LOCATION", "Jakarta")]


def test_a_surname_that_is_also_a_town_speaks_as_a_person():
    assert labelled(accord.parse("Hexham said the plan would work.")) == [("PERSON", "Hexham")]
    assert labelled(accord.parse("Selby said the plan would work.")) == [("PERSON", "Selby")]
    assert labelled(accord.parse("Police in Selby said the road was closed.")) == [("LOCATION", "Selby")]


def test_honorifics_are_neither_name_nor_role_and_do_not_hide_the_title():
    a = accord.parse("Malaysian Prime Minister Datuk Seri Rahman Ishak met former premier Tan Sri Azlan Hashim in "
                     "Putrajaya on Monday. Foreign Minister Dr. Ana Lim and Tan Wei Ming, a banker, joined them.")
    people = {e.name: e.role for e in a.entities if e.kind == "person"}
    assert people == {"Rahman Ishak": "Prime Minister", "Azlan Hashim": None, "Ana Lim": "Foreign Minister",
                      "Tan Wei Ming": "banker"}
    b = accord.parse("Foreign Secretary Lord Elgar met Peruvian Foreign Minister Ana Rojas in London on Monday.")
    assert {e.name: e.role for e in b.entities if e.kind == "person"} == {
        "Elgar": "Foreign Secretary", "Ana Rojas": "Foreign Minister"}


def test_organisations_with_acronyms():
    a = accord.parse("The Ministry of Marine Affairs and Fisheries (KKP) and the National Research and Innovation "
                     "Agency signed a plan. KKP will lead it.")
    orgs = {e.name: e for e in a.entities if e.kind == "org"}
    assert "Ministry of Marine Affairs and Fisheries" in orgs
    assert "KKP" in orgs["Ministry of Marine Affairs and Fisheries"].aliases
    assert labelled(a).count(("ORG", "KKP")) == 2


def test_companies_listed_together_are_each_an_organisation():
    a = accord.parse("Nusa Harbour Holdings and Teluk Energi Group agreed to merge, sources said.")
    assert [(m.label, m.text) for m in a.mentions if m.label == "ORG"] == [
        ("ORG", "Nusa Harbour Holdings"),
        ("ORG", "Teluk Energi Group"),
    ]
    assert ("ORG", "Queensport Telekom") in labelled(accord.parse("Shares of Queensport Telekom rose 3 percent."))
    # Two companies joined by "and" that the tagger reads apart, though the head rule reads across "and".
    assert labelled(accord.parse("Vantor Motor and Kestrel Motor Company agreed to merge.")) == [
        ("ORG", "Vantor Motor"), ("ORG", "Kestrel Motor Company")]
    based = labelled(accord.parse("Singapore-based Teluk Energi Group and the Bank Indonesia Governor met."))
    assert ("ORG", "Teluk Energi Group") in based and ("COUNTRY", "Singapore") in based
    assert ("ORG", "Bank Indonesia") in based
    assert ("ORG", "Procter & Gamble") in labelled(accord.parse("Shares of Procter & Gamble fell."))
    assert labelled(accord.parse("Sudarsono & Purnomo said sales rose.")) == [("ORG", "Sudarsono & Purnomo")]
    # A legal form in brackets is not a name of the company.
    persero = labelled(accord.parse("PT Teluk Energi (Persero) akan membangun kilang di Tuban, Jawa Timur."))
    assert ("ORG", "PT Teluk Energi") in persero and not any(text == "Persero" for _, text in persero)
    # A legislature is an organisation; a numbered party congress is an event.
    assert ("ORG", "Queensport National Congress") in labelled(accord.parse("The Queensport National Congress voted."))
    assert ("EVENT", "19th Party Congress") in labelled(accord.parse("Delegates met at the 19th Party Congress."))


def test_a_government_body_is_one_organisation_in_both_languages():
    a = accord.parse(
        "JAKARTA - Kemenkominfo and the Ministry of Communication and Informatics are one body, said Director "
        "General of the Ministry of Communication and Informatics Rina Sulistyo. Kementerian Kominfo agreed.",
        language="en",
    )
    orgs = [e for e in a.entities if e.kind == "org"]
    assert [(e.name, sorted(e.aliases), e.country) for e in orgs] == [
        ("Ministry of Communication and Informatics", ["Kemenkominfo", "Kementerian Kominfo"], "IDN")
    ]
    person = next(e for e in a.entities if e.kind == "person")
    assert (person.name, person.country) == ("Rina Sulistyo", "IDN")
    frame = accord.Corpus([a]).to_pandas("entities")
    assert frame.loc[frame["kind"] == "org", "country"].tolist() == ["IDN"]


def test_dates_money_percent_with_values():
    a = accord.parse("Kutai Post 4 March 2024\n\nThe fund of Rp 2,5 triliun grew 12% on Monday and will close next year.")
    values = {m.text: m.value for m in a.mentions if m.label in ("DATE", "MONEY", "PERCENT")}
    assert values["Monday"] == "2024-03-04"
    assert values["next year"] == "2025"
    assert values["Rp 2,5 triliun"] == "IDR"
    assert "12%" in values


def test_events_and_named_agreements():
    a = accord.parse("Leaders at the 9th Mekong Summit welcomed the Mekong Green Corridor Initiative and a "
                     "memorandum of understanding on ports.")
    assert ("EVENT", "9th Mekong Summit") in labelled(a)
    assert ("AGREEMENT", "Mekong Green Corridor Initiative") in labelled(a)
    assert ("AGREEMENT", "memorandum of understanding") in labelled(a)


def test_user_gazetteer_without_recompiling():
    text = "Officials of Zorblat Dynamics met the Qarnian delegation."
    before = labelled(accord.parse(text))
    ex = accord.Extractor(gazetteer={"Zorblat Dynamics": "ORG", "Qarnian": ("NORP", "QRN")})
    after = ex.parse(text)
    assert ("ORG", "Zorblat Dynamics") in labelled(after)
    assert ("NORP", "Qarnian") in labelled(after)
    assert labelled(after) != before
    assert len(ex.parse_many([text, text])) == 2


def test_user_gazetteer_from_file_and_bad_labels(tmp_path):
    p = tmp_path / "names.tsv"
    p.write_text("# my names\nZorblat Dynamics\tORG\n", encoding="utf-8")
    assert ("ORG", "Zorblat Dynamics") in labelled(accord.Extractor(gazetteer=p).parse("Zorblat Dynamics grew."))
    import pytest

    with pytest.raises(ValueError, match="label"):
        accord.Extractor(gazetteer={"X": "PLANET"})


def test_seed_entity_bars(seed_scores):
    assert seed_scores["mentions"]["micro"]["f1"] >= MENTION_F1
    assert seed_scores["countries"]["f1"] >= COUNTRY_F1
    assert seed_scores["persons"]["f1"] >= PERSON_F1
    assert seed_scores["person_role_accuracy"] >= PERSON_ROLE_ACCURACY
    assert seed_scores["orgs"]["f1"] >= ORG_F1
    assert seed_scores["person_country_accuracy"] >= PERSON_COUNTRY_ACCURACY


def test_people_of_a_place_are_a_group_and_defined_short_names_keep_their_kind():
    a = accord.parse("Officials met Kashmiris in Srinagar. The Pacific Tuna Accord (PTA) was renewed; PTA members agreed.")
    assert ("NORP", "Kashmiris") in labelled(a)
    assert labelled(a).count(("AGREEMENT", "PTA")) == 2


def test_without_the_tagger_countries_and_agreements_stay_and_untitled_people_go():
    text = (
        "JAKARTA - Indonesia and Vietnam signed a memorandum of understanding on cybersecurity on Monday. "
        "Rudy Wirawan, who leads the talks, said the two countries would share threat data. "
        "Minister Sutan Hasibuan welcomed the deal."
    )
    full = accord.parse(text)
    fast = accord.Extractor(tagger=False)
    assert fast.tagger is False and accord.Extractor().tagger is True
    assert "tagger=False" in repr(fast)
    rules = fast.parse(text)
    countries = {m.text for m in full.mentions if m.label == "COUNTRY"}
    assert countries == {"Indonesia", "Vietnam"}
    assert {m.text for m in rules.mentions if m.label == "COUNTRY"} == countries
    assert [(a.kind, a.parties) for a in rules.agreements] == [(a.kind, a.parties) for a in full.agreements]
    assert rules.topics == full.topics
    people = {m.text for m in full.mentions if m.label == "PERSON"}
    assert "Rudy Wirawan" in people
    fast_people = {m.text for m in rules.mentions if m.label == "PERSON"}
    assert "Rudy Wirawan" not in fast_people
    assert fast_people <= people
