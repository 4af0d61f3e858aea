"""Layout and metadata: title, outlet, author, date, dateline, language, boilerplate; the bar on the seeds."""

from __future__ import annotations

import datetime

import accord

# Thresholds only go up.
METADATA_ACCURACY = 0.9


def test_seed_metadata_accuracy(seed_scores):
    assert seed_scores["missing_articles"] == []
    assert seed_scores["metadata"]["accuracy"] >= METADATA_ACCURACY, seed_scores["metadata"]


def test_english_article_layout():
    a = accord.parse(
        "Port Deal Signed in Surabaya\n\nCoastal Tribune 7 August 2024\n\n"
        "SURABAYA – Indonesia and Singapore signed a port agreement on Wednesday.\n\n"
        "Read more: Ten ports to watch\n\nLeave A Reply\n"
    )
    assert a.title == "Port Deal Signed in Surabaya"
    assert a.published == datetime.date(2024, 8, 7)
    assert a.dateline == "SURABAYA"
    assert "Read more" not in a.text and "Leave A Reply" not in a.text
    assert "Indonesia and Singapore signed" in a.text


def test_indonesian_article_layout():
    a = accord.parse(
        "# KABAR TIMUR\n\n## Indonesia dan Jepang Teken Kerja Sama Pelabuhan\n\n"
        "Budi Santoso - [KABARTIMUR.ID](https://kabartimur.id)\n\nKamis, 8 Agustus 2024 - 10:15\n\n"
        "MAKASSAR - Indonesia dan Jepang menandatangani kerja sama pelabuhan, Kamis (8/8/2024).\n\n"
        "Baca juga: Harga Cabai Naik Lagi\n"
    )
    assert a.title == "Indonesia dan Jepang Teken Kerja Sama Pelabuhan"
    assert a.outlet == "KABAR TIMUR"
    assert a.author == "Budi Santoso"
    assert a.published == datetime.date(2024, 8, 8)
    assert a.dateline == "MAKASSAR"
    assert a.language == "id"
    assert "Baca juga" not in a.text
    assert "](" not in a.text and "KABARTIMUR.ID" in a.text


def test_a_masthead_over_the_date_line_or_the_headline_and_a_reporter_at_the_end():
    story = "LIMA - Peru and Chile signed a port agreement on Wednesday, officials said."
    for text in ("Port Deal Signed in Lima\n\nValley Post\nPublished: 7 Aug 2024 at 10:15\n\n" + story,
                 "Valley Post\n\nPort Deal Signed in Lima\n\nPublished: 7 Aug 2024 at 10:15\n\n" + story):
        a = accord.parse(text)
        assert (a.title, a.outlet, a.published) == ("Port Deal Signed in Lima", "Valley Post", datetime.date(2024, 8, 7))
        assert ("ORG", "Valley Post") in [(m.label, m.text) for m in a.mentions]
    b = accord.parse("Peru dan Cile Teken Kerja Sama Pelabuhan\n\nLima (ANTARA) - Peru dan Cile menandatangani kerja "
                     "sama pelabuhan pada Rabu.\n\nPewarta: Arif Rahman\nEditor: Budi Santoso\n")
    assert (b.outlet, b.author) == ("ANTARA", "Arif Rahman")


def test_prose_dropped_below_the_end_of_a_story_is_reported():
    story = (
        "Ferry Link Agreed\n\nCEBU - The two port authorities agreed on a new ferry link on Monday, officials said.\n\n"
        "The service starts in June and will run twice a week.\n\n"
    )
    closing = "Berita Terkait\n\nPelabuhan baru dibuka\n\n"
    pasted = (
        "Trade Fair Opens\n\nHANOI - A trade fair opened in the city on Tuesday with four hundred stands.\n\n"
        "Its organisers expect thirty thousand visitors over the four days of the fair.\n\n"
        "The fair closes on Friday evening with a concert in the park.\n"
    )
    alone = accord.parse(story + closing)
    assert "prose_dropped_after_end" not in alone.repairs
    both = accord.parse(story + closing + pasted)
    assert both.text == alone.text
    assert both.repairs["prose_dropped_after_end"] == 3
