"""Agreements, quotes, topics and events: text written for the test, and the bars on the seeds."""

from __future__ import annotations

import accord

# Thresholds only go up (issue: agreements, quotes, topics and events).
AGREEMENT_F1 = 0.85
AGREEMENT_STATUS = 0.80
# Not a bar of the issue: 1.0 since a story without a publication date is read in the year its dates agree on.
AGREEMENT_DATE = 1.0
QUOTE_F1 = 0.85
QUOTE_SPEAKER = 0.85
TOPIC_F1 = 0.75


def test_seed_bars(seed_scores):
    assert seed_scores["agreements"]["f1"] >= AGREEMENT_F1
    assert seed_scores["agreement_status_accuracy"] >= AGREEMENT_STATUS
    assert seed_scores["agreement_date_accuracy"] >= AGREEMENT_DATE
    assert seed_scores["quotes"]["f1"] >= QUOTE_F1
    assert seed_scores["quote_speaker_accuracy"] >= QUOTE_SPEAKER
    assert seed_scores["topics"]["f1"] >= TOPIC_F1


def test_seed_events(shared):
    events = accord.read(shared / "seeds").events()
    assert len(events) == 4
    assert sorted(len(e.sources) for e in events) == [1, 1, 1, 2]


def test_an_mou_with_its_parties_status_and_codes():
    a = accord.parse(
        "Coastal Herald 12 June 2024\n\nLIMA – Peru and Chile signed a memorandum of understanding on port "
        "security and cybersecurity in Lima on Wednesday, Peru's Minister of Transport Ana Rojas said.\n\n"
        "“This agreement protects our trade routes,” Rojas told reporters."
    )
    (mou,) = a.agreements
    assert mou.kind == "mou" and sorted(mou.parties) == ["CHL", "PER"] and mou.status == "signed"
    assert mou.cameo == "057" and mou.plover == "AGREE"
    assert a.text[mou.start : mou.end].startswith("LIMA")
    (quote,) = a.quotes
    assert quote.speaker == "Ana Rojas" and quote.text.startswith("This agreement protects")
    assert "cybersecurity" in a.topics


def test_an_agreement_reported_after_another_is_its_own_and_the_agreement_refers_back():
    head = ("Coastal Herald 12 June 2024\n\nLIMA - Peru and Chile signed a memorandum of understanding on port "
            "security in Lima on Wednesday. The two countries signed the agreement after two days of talks.\n\n")
    a = accord.parse(head)
    assert [(x.kind, x.parties, x.status) for x in a.agreements] == [("mou", ["CHL", "PER"], "signed")]
    b = accord.parse(head + "Separately, Ecuador and Colombia are expected to sign a data sharing agreement next month.")
    assert [(x.kind, x.parties, x.status) for x in b.agreements] == [
        ("mou", ["CHL", "PER"], "signed"), ("other", ["COL", "ECU"], "planned")]
    c = accord.parse(head + "It is an agreement that Peru and Chile signed to protect their ports.")
    assert [(x.kind, x.parties) for x in c.agreements] == [("mou", ["CHL", "PER"])]


def test_a_national_body_is_a_party_by_its_country_a_bloc_by_itself():
    for text, parties in (("BKPM and South Korea signed a memorandum of understanding on investment on Monday.",
                           ["IDN", "KOR"]),
                          ("Kominfo dan Korea Selatan menandatangani nota kesepahaman kerja sama digital.",
                           ["IDN", "KOR"]),
                          ("ASEAN and Japan signed a memorandum of understanding on cybersecurity on Monday.",
                           ["ASEAN", "JPN"])):
        assert [(x.kind, x.parties) for x in accord.parse(text).agreements] == [("mou", parties)], text


def test_an_older_instrument_does_not_take_the_place_of_the_story():
    a = accord.parse("Coastal Herald 12 June 2031\n\nLIMA - Peru and Chile met in Lima on Wednesday to discuss ports.\n\n"
                     "The talks build on the Peru-Chile Free Trade Agreement signed in 2006.")
    assert [(x.kind, x.date, x.place) for x in a.agreements] == [("other", "2006", None)]


def test_signatories_are_the_agents_of_the_signing_not_its_witnesses():
    lead = "Japan and Laos signed a memorandum of understanding on digital trade in Vientiane on Monday.\n\n"
    a = accord.parse(lead + "The MoU was signed by Lao Minister of Industry and Commerce Keo Sombath and Japanese "
                            "Ambassador Hiro Tanaka, witnessed by Prime Minister Anan Vong.")
    assert [(x.status, x.signatories) for x in a.agreements] == [("signed", ["Keo Sombath", "Hiro Tanaka"])]
    b = accord.parse("Peru dan Cile menandatangani nota kesepahaman keamanan siber pada Senin.\n\nPenandatanganan "
                     "dilakukan oleh Menteri Ana Rojas dan Duta Besar Arif Rahman, disaksikan oleh Budi Santoso.")
    assert [(x.status, x.signatories) for x in b.agreements] == [("signed", ["Ana Rojas", "Arif Rahman"])]
    # Not yet signed: no one has signed it.
    c = accord.parse("Peru and Chile will sign a memorandum of understanding next month, Minister Ana Rojas said.")
    assert [(x.status, x.signatories) for x in c.agreements] == [("planned", [])]


def test_the_headline_reports_the_instrument_of_the_lead():
    """A common word in the headline ("sign pact") is the instrument the story reports: one record, the lead's."""
    a = accord.parse(
        "Peru, Chile sign pact on port data\n\nLIMA, June 12 - Peru and Chile signed a memorandum of understanding on "
        "port data on Wednesday, as the two Pacific Alliance members seek closer ties.\n\nIt follows talks in Lima."
    )
    assert [(x.kind, x.parties, x.status) for x in a.agreements] == [("mou", ["CHL", "PER"], "signed")]
    assert a.text[a.agreements[0].start :].startswith("LIMA")


def test_a_bloc_named_as_what_two_parties_are_is_no_party():
    a = accord.parse("Peru and Chile, both APEC members, signed a memorandum of understanding on port data on Monday.")
    assert [x.parties for x in a.agreements] == [["CHL", "PER"]]
    b = accord.parse("Peru dan Cile, sesama anggota APEC, menandatangani nota kesepahaman data pelabuhan pada Senin.")
    assert [x.parties for x in b.agreements] == [["CHL", "PER"]]
    # Beside one country, the bloc's members are the other side.
    c = accord.parse("APEC members and Chile signed a memorandum of understanding on port data on Monday.")
    assert [x.parties for x in c.agreements] == [["APEC", "CHL"]]


def test_signatories_after_a_headline_and_a_lead():
    a = accord.parse(
        "Peru dan Cile Teken Nota Kesepahaman Data Pelabuhan\n\nLima, Rabu 12 Juni 2024 - Pemerintah Peru "
        "menandatangani nota kesepahaman (MoU) dengan Cile mengenai data pelabuhan.\n\nPenandatanganan dilakukan "
        "oleh Menteri Transportasi Ana Rojas dan Menteri Luar Negeri Cile Arif Rahman, disaksikan oleh Budi Santoso."
    )
    assert [(x.kind, x.status, x.signatories) for x in a.agreements] == [
        ("mou", "signed", ["Ana Rojas", "Arif Rahman"])]


def test_an_instrument_being_drafted_or_proposed_is_planned_and_has_no_signatories():
    a = accord.parse("Arif Rahman bertemu Ana Rojas di Lima.\n\nArif mengatakan Peru sebagai Ketua APEC 2031 mendorong "
                     "penyusunan APEC Digital Economy Framework Agreement (ADEFA) agar rampung tahun ini.")
    assert [(x.status, x.signatories) for x in a.agreements] == [("planned", [])]
    b = accord.parse("Peru dan Cile sepakat untuk menyusun nota kesepahaman keamanan siber pada Senin.")
    assert [(x.kind, x.status) for x in b.agreements] == [("mou", "planned")]
    # A signing proposed is planned.
    for text in ("Arif Rahman of Peru proposed that the two ministries sign a memorandum of understanding with Chile "
                 "on postal services at the end of the year.",
                 "Peru mengusulkan agar kedua kementerian menandatangani nota kesepahaman dengan Cile akhir tahun ini."):
        c = accord.parse(text)
        assert [(x.kind, x.parties, x.status, x.signatories) for x in c.agreements] == [
            ("mou", ["CHL", "PER"], "planned", [])], text


def test_a_joint_statement_adopted_then_named_is_one_and_here_is_the_datelines_place():
    a = accord.parse(
        "Peru, Chile adopt joint statement on port data\n\nLIMA, June 12 (Valley News) -- Peru and Chile adopted a "
        "joint statement on port data at their summit here on Monday.\n\nThe Peru-Chile Joint Statement on Port Data "
        "calls for shared standards, according to a copy of the document.\n\nIn Lima, officials said in a joint "
        "statement that talks would go on."
    )
    assert [(x.kind, x.name, x.parties, x.status, x.place) for x in a.agreements] == [
        ("joint_statement", "Peru-Chile Joint Statement on Port Data", ["CHL", "PER"], "agreed", "Lima")]
    assert a.text[a.agreements[0].start :].startswith("LIMA")


def test_a_letter_of_intent_is_an_instrument_without_a_name():
    a = accord.parse("Ecuador and Colombia are expected to sign a letter of intent on port data next month.")
    assert [(x.kind, x.name, x.parties, x.status) for x in a.agreements] == [
        ("other", None, ["COL", "ECU"], "planned")]


def test_short_quotes_count_only_with_a_speaker_right_after_them():
    a = accord.parse('Ana Rojas met the envoys in Lima. "Absolutely not," Rojas told reporters. The so-called '
                     '"Golden Visa," officials said, would help; critics call it a "digital divide" in the region.')
    assert [(q.text, q.speaker, q.cue) for q in a.quotes] == [("Absolutely not", "Ana Rojas", "told")]
    b = accord.parse('Arif Rahman hadir di Jakarta. "Kami siap membantu," ujarnya.')
    assert [(q.text, q.speaker) for q in b.quotes] == [("Kami siap membantu", "Arif Rahman")]


def test_scheduled_to_sign_is_planned():
    for text, status in (("Peru dan Cile dijadwalkan menandatangani nota kesepahaman keamanan siber bulan depan.", "planned"),
                         ("Nota kesepahaman antara Peru dan Cile dijadwalkan pekan depan.", "planned"),
                         ("Peru and Chile aim to conclude a memorandum of understanding by 2031.", "planned"),
                         ("Peru dan Cile menandatangani nota kesepahaman keamanan siber pada Senin.", "signed")):
        assert [(x.kind, x.parties, x.status) for x in accord.parse(text).agreements] == [
            ("mou", ["CHL", "PER"], status)], text


def test_no_agreement_in_a_football_story():
    a = accord.parse(
        "Mou praises his defenders\n\nLONDON - Mou said his side agreed to play a friendly in Jakarta next month. "
        "\"We signed two young players,\" the coach said."
    )
    assert a.agreements == []
