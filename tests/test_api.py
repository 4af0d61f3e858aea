"""The Python surface: parse, parse_many, read, the result classes and the corpus."""

from __future__ import annotations

import copy
import datetime
import json
import pickle

import accord
import pytest
from accord import Agreement, Article, Corpus, Entity, Mention, Quote

EN = """Ministers Meet in Hanoi

Lotus Daily 3 June 2024

HANOI – Vietnam and Laos agreed on Monday to expand their digital cooperation.

“This is a good day,” said the minister.
"""

ID = """Menteri Bertemu di Bandung

BANDUNG - Pemerintah Indonesia dan Malaysia sepakat memperluas kerja sama ekonomi digital pada hari Senin.

"Ini langkah penting bagi kedua negara," kata menteri itu di Bandung.
"""


def test_parse_returns_article_with_metadata():
    a = accord.parse(EN, source="hanoi.txt")
    assert isinstance(a, Article)
    assert a.source == "hanoi.txt"
    assert a.language == "en"
    assert "Vietnam and Laos agreed" in a.text
    assert isinstance(a.mentions, list) and isinstance(a.entities, list)
    assert isinstance(a.agreements, list) and isinstance(a.quotes, list) and isinstance(a.topics, list)


def test_parse_detects_indonesian_and_takes_a_given_language():
    assert accord.parse(ID).language == "id"
    assert accord.parse(ID, language="ms").language == "ms"


def test_one_short_sentence_gets_its_language_from_its_function_words():
    # whatlang alone read the first as Spanish and the second as Indonesian.
    assert accord.parse("Trade Minister Tomas Elgar spoke to reporters.").language == "en"
    assert accord.parse("Arif Rahman met Tan Sri Azlan Hashim in Putrajaya.").language == "en"
    assert accord.parse("Menteri Perdagangan Arif Rahman berbicara kepada wartawan.").language == "id"
    assert accord.parse("Der Präsident sprach mit den Journalisten in Berlin.").language == "de"


def test_parse_accepts_bytes_in_legacy_encodings():
    text = "Café owners in Phnom Penh welcomed the deal, the ministry said."
    for enc in ("utf-8", "cp1252", "latin-1"):
        a = accord.parse(text.encode(enc))
        assert "Café owners" in a.text, enc
    a = accord.parse(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert a.text.startswith("Café")


def test_parse_rejects_wrong_types_with_typeerror():
    with pytest.raises(TypeError):
        accord.parse(42)  # type: ignore[arg-type]


def test_published_is_a_date_and_offsets_are_python_indices():
    a = accord.parse(EN)
    assert a.published is None or isinstance(a.published, datetime.date)
    for m in a.mentions:
        assert a.text[m.start : m.end] == m.text
    for start, end in a.paragraphs:
        assert 0 <= start <= end <= len(a.text)


def test_parse_many_keeps_order_and_sources():
    texts = [EN, ID, EN.replace("Laos", "Cambodia")]
    c = accord.parse_many(texts, sources=["a", "b", "c"])
    assert isinstance(c, Corpus)
    assert len(c) == 3
    assert [a.source for a in c] == ["a", "b", "c"]
    assert [a.language for a in c] == ["en", "id", "en"]
    assert "Cambodia" in c[2].text
    assert c[-1] == c[2]
    assert isinstance(c[0:2], Corpus) and len(c[0:2]) == 2


def test_parse_many_same_output_whatever_the_workers(monkeypatch):
    texts = [EN, ID] * 40
    one = accord.parse_many(texts, workers=1)
    two = accord.parse_many(texts, workers=2)
    eight = accord.parse_many(texts, workers=8)
    assert [a.to_json() for a in one] == [a.to_json() for a in two] == [a.to_json() for a in eight]
    monkeypatch.setenv("ACCORD_NUM_THREADS", "3")
    assert [a.to_json() for a in accord.parse_many(texts)] == [a.to_json() for a in one]


def test_bad_thread_settings_are_clear_errors(monkeypatch, tmp_path):
    with pytest.raises(accord.OptionError):
        accord.parse_many([EN], workers=0)
    # Negative, fractional and absurd counts are option errors that say what was wrong, at once: a mistyped
    # count once started threads until memory ran out.
    for workers, says in [(-1, "at least 1"), (2.5, "whole number"), (10**12, "at most 1024")]:
        with pytest.raises(accord.OptionError, match=says):
            accord.parse_many([EN], workers=workers)  # type: ignore[arg-type]
        with pytest.raises(accord.OptionError, match=says):
            accord.read(tmp_path, workers=workers)  # type: ignore[arg-type]
        with pytest.raises(accord.OptionError, match=says):
            accord.iter_batches(tmp_path, workers=workers)  # type: ignore[arg-type]
    with pytest.raises(accord.OptionError, match="batch_size must be at least 1"):
        accord.iter_batches(tmp_path, batch_size=-5)
    with pytest.raises(accord.OptionError, match="max_bytes must be at least 1"):
        accord.Extractor(max_bytes=-1)
    monkeypatch.setenv("ACCORD_NUM_THREADS", "100000")
    with pytest.raises(accord.OptionError, match="ACCORD_NUM_THREADS"):
        accord.parse_many([EN])
    monkeypatch.setenv("ACCORD_NUM_THREADS", "lots")
    with pytest.raises(accord.OptionError, match="ACCORD_NUM_THREADS"):
        accord.parse_many([EN])
    with pytest.raises(ValueError, match="errors"):
        accord.parse_many([EN], errors="ignore")  # type: ignore[arg-type]


def test_batch_records_bad_items_and_returns_the_others():
    items = [EN, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), ID, 3.5]
    c = accord.parse_many(items, sources=["ok1", "image.png", "ok2", "number"], errors="record")  # type: ignore[list-item]
    assert [a.source for a in c] == ["ok1", "ok2"]
    assert [(e.index, e.source, e.kind) for e in c.errors] == [(1, "image.png", "input"), (3, "number", "input")]
    assert "binary" in c.errors[0].message.lower() or "png" in c.errors[0].message.lower()
    with pytest.raises(accord.InputError, match="image.png"):
        accord.parse_many(items[:2], sources=["ok1", "image.png"])


def test_sources_must_match_items():
    with pytest.raises(accord.OptionError):
        accord.parse_many([EN, ID], sources=["only-one"])


def test_size_limit_is_configurable_and_reported():
    small = accord.Extractor(max_bytes=100)
    assert small.max_bytes == 100
    with pytest.raises(accord.InputError, match="limit"):
        small.parse("x" * 101)
    assert accord.Extractor().max_bytes == accord._accord.DEFAULT_MAX_BYTES


@pytest.mark.parametrize("exc", [accord.InputError, accord.FormatError, accord.OptionError])
def test_error_tree(exc):
    assert issubclass(exc, accord.AccordError)
    assert issubclass(exc, ValueError)
    assert issubclass(accord.ReadError, OSError)


def _samples():
    return [
        Mention("PERSON", "Ana", 0, 3, entity="p1"),
        Entity("p1", "person", "Ana Lima", aliases=["Ana"], role="Minister of Trade", country="BRA"),
        Agreement("mou", "signed", parties=["BRA", "IDN"], topics=["investment"], date="2024-05"),
        Quote("We agree.", 10, 19, speaker="Ana Lima", cue="said"),
        accord.parse(EN, source="hanoi.txt"),
    ]


@pytest.mark.parametrize("obj", _samples(), ids=lambda o: type(o).__name__)
def test_classes_pickle_copy_compare_and_repr(obj):
    assert pickle.loads(pickle.dumps(obj)) == obj
    assert copy.copy(obj) == obj
    assert copy.deepcopy(obj) == obj
    assert hash(copy.deepcopy(obj)) == hash(obj)
    r = repr(obj)
    assert r.startswith(type(obj).__name__ + "(")
    if not isinstance(obj, Article):
        ns = {type(obj).__name__: type(obj)}
        assert eval(r, ns) == obj  # the repr is a constructor call
    d = obj.to_dict()
    assert json.loads(json.dumps(d)) == d


def test_classes_are_frozen():
    m = Mention("ORG", "ASEAN", 0, 5)
    with pytest.raises(AttributeError):
        m.text = "x"  # type: ignore[misc]
    a = accord.parse(EN)
    with pytest.raises(AttributeError):
        a.title = "x"  # type: ignore[misc]


def test_mention_validates_its_fields():
    with pytest.raises(ValueError, match="label"):
        Mention("PLANET", "Mars", 0, 4)
    with pytest.raises(ValueError):
        Mention("ORG", "ASEAN", 5, 0)


def test_article_json_roundtrip_and_schema():
    a = accord.parse(EN, source="hanoi.txt")
    d = json.loads(a.to_json())
    for key in ("source", "title", "outlet", "author", "published", "dateline", "language", "text",
                "mentions", "entities", "agreements", "quotes", "topics"):
        assert key in d
    assert d == a.to_dict()


def test_corpus_pickles_and_compares():
    c = accord.parse_many([EN, ID], sources=["a", "b"])
    assert pickle.loads(pickle.dumps(c)) == c
    assert copy.deepcopy(c) == c
    assert "2 articles" in repr(c)


def test_one_text_given_to_parse_many_is_a_clear_error():
    # A str is an iterable of characters, which would have been parsed as that many one-letter articles.
    for one in [EN, EN.encode()]:
        with pytest.raises(TypeError, match="use parse"):
            accord.parse_many(one)  # type: ignore[arg-type]
