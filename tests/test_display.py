"""Notebook display: ``Article._repr_html_`` and ``Corpus._repr_html_``."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import accord
from accord import _accord, _display


def article(text: str, mentions=(), agreements=(), quotes=(), **meta) -> accord.Article:
    record = {
        "source": meta.get("source", "t.txt"),
        "title": meta.get("title"),
        "outlet": meta.get("outlet"),
        "author": meta.get("author"),
        "published": meta.get("published"),
        "dateline": meta.get("dateline"),
        "language": meta.get("language", "en"),
        "text": text,
        "paragraphs": [],
        "repairs": {},
        "mentions": [
            {"label": lab, "text": text[s:e], "start": s, "end": e, "entity": ent, "value": None}
            for (lab, s, e, ent) in mentions
        ],
        "entities": [],
        "agreements": [
            {
                "kind": k,
                "name": n,
                "parties": list(p),
                "status": st,
                "date": d,
                "place": None,
                "topics": [],
                "signatories": [],
            }
            for (k, n, p, st, d) in agreements
        ],
        "quotes": [{"text": q, "speaker": sp, "cue": "said", "start": 0, "end": 0} for (q, sp) in quotes],
        "topics": [],
    }
    return _accord._restore("Article", json.dumps(record))


class Marks(HTMLParser):
    """The text of every ``<mark>`` and whether the document is well nested."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.marks: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.stack.append(tag)
        if tag == "mark":
            self.marks.append("")

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        if "mark" in self.stack and self.stack[-1] == "mark":
            self.marks[-1] += data


def parsed(html: str) -> Marks:
    p = Marks()
    p.feed(html)
    p.close()
    assert not p.stack
    return p


TEXT = "JAKARTA - Indonesia and Peru signed a memorandum on fisheries, Minister Rina Sari said on Tuesday."
A = article(
    TEXT,
    mentions=[
        ("LOCATION", 0, 7, None),
        ("COUNTRY", 10, 19, "country:IDN"),
        ("COUNTRY", 24, 28, "country:PER"),
        ("AGREEMENT", 38, 48, None),
        ("PERSON", 72, 81, "person:rina-sari"),
        ("DATE", 90, 97, None),
    ],
    agreements=[("mou", "Fisheries MoU", ["IDN", "PER"], "signed", "2024-03-05")],
    quotes=[("Good for fishermen", "Rina Sari")],
    title="Indonesia, Peru sign",
    outlet="Daily Test",
    author="A. Writer",
    published="2024-03-05",
    dateline="JAKARTA",
)


def test_article_html_shows_metadata_agreements_quotes_and_marks():
    html = A._repr_html_()
    assert html == _display.article_html(A)
    for value in (
        "Indonesia, Peru sign",
        "Daily Test",
        "A. Writer",
        "2024-03-05",
        "JAKARTA",
        "Fisheries MoU",
        "IDN, PER",
        "signed",
        "Good for fishermen",
        "Rina Sari",
    ):
        assert value in html
    spans = [(0, 7), (10, 19), (24, 28), (38, 48), (72, 81), (90, 97)]
    assert parsed(html).marks == [TEXT[s:e] for s, e in spans]
    # The legend: one coloured chip per label present, with its count.
    assert "COUNTRY <b>2</b>" in html and "MONEY" not in html
    assert _display.LABEL_COLOURS["COUNTRY"] in html
    # The text survives: markup removed, it reads as the article.
    plain = re.sub(r"<span[^>]*>[A-Z]+</span></mark>", "", html.split("pre-wrap", 1)[1])
    assert TEXT in re.sub(r"<[^>]+>", "", plain.split(">", 1)[1])


def test_article_html_escapes_everything():
    text = '<script>alert("x")</script> & "Peru" <b>'
    a = article(
        text,
        mentions=[("COUNTRY", 31, 37, '"><img src=x onerror=alert(1)>')],
        agreements=[("mou", "<i>MoU</i>", ["<X>"], "signed", None)],
        quotes=[("<q>", "<s>")],
        title="<h1>T</h1>",
        outlet="<o>",
        source='x"><script>',
        language="<l>",
    )
    html = a._repr_html_()
    assert "<script" not in html and "<img" not in html and "<i>" not in html and "<h1>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert {"script", "img", "i", "h1", "o", "q", "s", "x", "l"}.isdisjoint(parsed(html).tags)


def test_overlapping_mentions_and_offsets_past_the_text_are_left_plain():
    text = "Bank Indonesia raised rates."
    a = article(text, mentions=[("ORG", 0, 14, None), ("COUNTRY", 5, 14, None), ("DATE", 22, 99, None)])
    html = a._repr_html_()
    assert parsed(html).marks == ["Bank Indonesia"]
    assert "raised rates." in html


def test_long_text_is_cut_and_many_mentions_are_fine():
    unit = "Indonesia and Peru. "
    text = unit * 20_000
    mentions = [("COUNTRY", i * len(unit), i * len(unit) + 9, None) for i in range(20_000)]
    a = article(text, mentions=mentions)
    html = _display.article_html(a, max_chars=len(unit) * 100)
    assert len(parsed(html).marks) == 100
    assert f"{len(text) - len(unit) * 100:,} more characters not shown" in html
    assert len(parsed(a._repr_html_()).marks) == _display.MAX_CHARS // len(unit)


def test_article_without_anything_found():
    html = article("Nothing here.", title=None)._repr_html_()
    assert "No agreements found" in html and "No mentions found" in html and "untitled" in html


def test_corpus_html_summarises():
    corpus = accord.Corpus(
        [A, article("Indonesia.", mentions=[("COUNTRY", 0, 9, None)], language="id", source="b/c.txt")],
        [accord.ItemError(2, "bad<.png", "input", "binary data")],
    )
    html = corpus._repr_html_()
    parsed(html)
    assert "en 1, id 1" in html
    assert "COUNTRY <b>3</b>" in html and "PERSON <b>1</b>" in html
    assert "mou 1" in html and "bad&lt;.png" in html and "binary data" in html
    assert "First 2 of 2 articles" in html and "c.txt" in html
    assert "accord.Corpus" in accord.Corpus()._repr_html_()
