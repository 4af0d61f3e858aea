"""Across articles: entities resolved over a corpus, events, and the party graph."""

from __future__ import annotations

import json

import accord
import pytest
from accord import _accord


def article(source: str, language: str, entities=(), agreements=(), published=None, dateline=None) -> accord.Article:
    """An article as the core would return it, built from its JSON form."""
    record = {
        "source": source, "title": None, "outlet": None, "author": None, "published": published,
        "dateline": dateline, "language": language, "text": "", "paragraphs": [], "repairs": {}, "mentions": [],
        "entities": [
            {"id": e[0], "kind": e[1], "name": e[2], "code": e[3] if len(e) > 3 else None,
             "aliases": list(e[4]) if len(e) > 4 else [], "role": None, "country": None}
            for e in entities
        ],
        "agreements": [
            {"kind": k, "name": None, "parties": list(p), "status": st, "date": d, "place": pl, "topics": list(t),
             "signatories": []}
            for (k, p, st, d, pl, t) in agreements
        ],
        "quotes": [], "topics": [],
    }
    return _accord._restore("Article", json.dumps(record))


EN = article(
    "en.txt", "en",
    entities=[("person:a", "person", "Rina B. Sari"), ("org:m", "org", "Ministry of Foreign Affairs", None, ["Kemlu"]),
              ("country:IDN", "country", "Indonesia", "IDN"), ("country:PER", "country", "Peru", "PER")],
    agreements=[("mou", ["IDN", "PER"], "signed", "2024-03-05", "Lima", ["education"])],
    published="2024-03-05",
)
ID = article(
    "id.txt", "id",
    entities=[("person:a", "person", "Rina B Sari"), ("org:k", "org", "Kementerian Luar Negeri"),
              ("country:IDN", "country", "Indonesia", "IDN"), ("country:PER", "country", "Peru", "PER")],
    agreements=[("mou", ["IDN", "PER"], "signed", "2024-03-05", "Lima", ["education"])],
    published="2024-03-05",
)
OTHER = article(
    "other.txt", "en",
    entities=[("country:JPN", "country", "Japan", "JPN"), ("country:IDN", "country", "Indonesia", "IDN")],
    agreements=[("treaty", ["IDN", "JPN"], "planned", None, None, [])],
    published="2024-06-01",
)


def test_entities_resolved_across_articles_and_languages():
    corpus = accord.Corpus([EN, ID, OTHER])
    ents = {e.id: e for e in corpus.entities()}
    person = next(e for e in ents.values() if e.kind == "person")
    assert person.sources == ("en.txt", "id.txt")
    assert {person.name, *person.aliases} == {"Rina B. Sari", "Rina B Sari"}
    orgs = [e for e in ents.values() if e.kind == "org"]
    assert len(orgs) == 1 and set(orgs[0].aliases) >= {"Kementerian Luar Negeri", "Kemlu"}
    assert ents["country:IDN"].sources == ("en.txt", "id.txt", "other.txt")
    assert [e.id for e in corpus.entities()] == [e.id for e in accord.Corpus([EN, ID, OTHER]).entities()]


def test_reports_of_one_occasion_are_one_event():
    events = accord.Corpus([EN, ID, OTHER]).events()
    assert len(events) == 2
    signing = next(e for e in events if e.parties == ("IDN", "PER"))
    assert signing.kind == "signing" and signing.date == "2024-03-05" and signing.place == "Lima"
    assert signing.sources == ("en.txt", "id.txt")
    assert len(signing.agreements) == 2


def test_events_frame():
    pytest.importorskip("pandas")
    frame = accord.Corpus([EN, ID, OTHER]).to_pandas("events")
    assert len(frame) == 2 and set(frame["kind"]) == {"signing", "meeting"}


def test_party_graph():
    pytest.importorskip("networkx")
    g = accord.Corpus([EN, ID, OTHER]).graph()
    assert set(g.nodes) == {"IDN", "PER", "JPN"}
    edge = g.edges["IDN", "PER"]
    assert edge["weight"] == 2 and edge["kinds"] == ["mou", "mou"] and edge["topics"] == ["education"]
    assert edge["sources"] == ["en.txt", "id.txt"]
