"""Rich display in notebooks: ``Article._repr_html_`` and ``Corpus._repr_html_``.

Plain HTML with inline styles (notebook front ends and exported pages drop or scope ``<style>`` blocks), every
value escaped, and time linear in the length of the text.
"""

from __future__ import annotations

import datetime
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord._accord import Article
    from accord._corpus import Corpus

__all__ = ["LABEL_COLOURS", "article_html", "corpus_html"]

LABEL_COLOURS: dict[str, str] = {
    "PERSON": "#ffc98f",
    "ORG": "#a9d6ff",
    "COUNTRY": "#b4e6a0",
    "NORP": "#8fe3d4",
    "LOCATION": "#fff08a",
    "DATE": "#dcc5f5",
    "MONEY": "#f7bdd3",
    "PERCENT": "#e3cfa8",
    "EVENT": "#c3caf7",
    "AGREEMENT": "#ff9f9f",
}
"""The background of each mention label (light, with black text, so that dark themes stay readable)."""
_OTHER_COLOUR = "#dddddd"

MAX_CHARS = 100_000
"""Text shown of one article; the rest is summarised (a notebook cell is no place for a book)."""

_BOX = (
    "font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; font-size: 14px; line-height: 1.5;"
    " max-width: 56em"
)
_MUTED = "color: #6b6b6b"
_CELL = "padding: 2px 10px 2px 0; text-align: left; vertical-align: top; border: none"
_HEAD = _CELL + "; font-weight: 600; border-bottom: 1px solid #ccc"
_MARK = "color: #111; padding: 0 2px; border-radius: 3px"
_TAG = (
    "font-size: 0.62em; font-weight: 700; letter-spacing: 0.02em; margin-left: 3px; opacity: 0.65;"
    " vertical-align: 1px"
)


def article_html(article: Article, *, quotes: bool = True, max_chars: int = MAX_CHARS) -> str:
    """An article as HTML: metadata and agreements, then the text with its mentions highlighted by label."""
    parts = [f'<div class="accord-article" style="{_BOX}">']
    parts.append(
        f'<div style="font-size: 1.25em; font-weight: 600; margin-bottom: 4px">'
        f"{_text(article.title) if article.title else _muted('untitled')}</div>"
    )
    parts.append(_metadata(article))
    parts.append(_agreements(article))
    if quotes:
        parts.append(_quotes(article))
    mentions = article.mentions
    parts.append(_legend(Counter(m.label for m in mentions)))
    parts.append(
        '<div style="white-space: pre-wrap; overflow-wrap: anywhere; border-top: 1px solid #ddd;'
        ' padding-top: 8px">' + _highlighted(article.text, mentions, max_chars) + "</div></div>"
    )
    return "".join(parts)


def corpus_html(corpus: Corpus, *, head: int = 5) -> str:
    """A corpus as HTML: counts (articles, languages, mentions by label, agreements, quotes, errors) and its
    first ``head`` articles."""
    languages: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    n_entities = n_quotes = 0
    for a in corpus:
        languages[a.language or "?"] += 1
        labels.update(m.label for m in a.mentions)
        kinds.update(ag.kind for ag in a.agreements)
        n_entities += len(a.entities)
        n_quotes += len(a.quotes)
    errors = corpus.errors
    rows = [
        ("Articles", _int(len(corpus))),
        ("Languages", _counts(languages) or _muted("none")),
        ("Mentions", _int(sum(labels.values())) + (" &nbsp; " + _chips(labels) if labels else "")),
        ("Entities", _int(n_entities) + " " + _muted("(counted per article)")),
        ("Agreements", _int(sum(kinds.values())) + (" &nbsp; " + _counts(kinds) if kinds else "")),
        ("Quotes", _int(n_quotes)),
        ("Errors", _int(len(errors)) + (" &nbsp; " + _error_list(errors) if errors else "")),
    ]
    parts = [
        f'<div class="accord-corpus" style="{_BOX}">',
        '<div style="font-weight: 600; margin-bottom: 4px">accord.Corpus</div>',
        _table(None, [(f"<b>{k}</b>", v) for k, v in rows]),
    ]
    if len(corpus):
        shown = min(head, len(corpus))
        articles = [corpus[i] for i in range(shown)]
        parts.append(
            f'<div style="margin-top: 8px; {_MUTED}">First {shown} of {_int(len(corpus))} articles</div>'
        )
        parts.append(
            _table(
                ("", "source", "title", "language", "published", "mentions", "agreements"),
                [
                    (
                        str(i),
                        _source(a.source),
                        _text(_short(a.title or "", 80)),
                        _text(a.language or ""),
                        _date(a.published),
                        _int(len(a.mentions)),
                        _int(len(a.agreements)),
                    )
                    for i, a in enumerate(articles)
                ],
            )
        )
    parts.append("</div>")
    return "".join(parts)


def _metadata(article: Article) -> str:
    fields = [
        ("outlet", _text(article.outlet)),
        ("author", _text(article.author)),
        ("published", _date(article.published)),
        ("dateline", _text(article.dateline)),
        ("language", _text(article.language)),
        ("source", _source(article.source)),
    ]
    items = [
        f'<span style="display: inline-block; margin-right: 1.2em"><span style="{_MUTED}">{k}</span> '
        f"{v if v else _muted('—')}</span>"
        for k, v in fields
    ]
    return f'<div style="margin-bottom: 6px">{"".join(items)}</div>'


def _agreements(article: Article) -> str:
    agreements = article.agreements
    if not agreements:
        return f'<div style="margin-bottom: 6px; {_MUTED}">No agreements found.</div>'
    rows = [
        (
            f"<b>{_text(ag.kind)}</b>",
            _text(ag.name or ""),
            _text(", ".join(ag.parties)),
            _status(ag.status),
            _nowrap(ag.date),
            _text(ag.place or ""),
        )
        for ag in agreements
    ]
    return (
        '<div style="margin-bottom: 6px">'
        + _table(("agreement", "name", "parties", "status", "date", "place"), rows)
        + "</div>"
    )


def _quotes(article: Article) -> str:
    quotes = article.quotes
    if not quotes:
        return ""
    items = "".join(
        f'<li>“{_text(q.text)}” <span style="{_MUTED}">— {_text(q.speaker) or "unattributed"}'
        f"{' (' + _text(q.cue) + ')' if q.cue else ''}</span></li>"
        for q in quotes
    )
    noun = "quote" if len(quotes) == 1 else "quotes"
    return (
        f'<details style="margin-bottom: 6px"><summary style="cursor: pointer">{len(quotes)} {noun}</summary>'
        f'<ul style="margin: 4px 0; padding-left: 1.5em">{items}</ul></details>'
    )


def _legend(labels: Counter[str]) -> str:
    if not labels:
        return f'<div style="margin-bottom: 6px; {_MUTED}">No mentions found.</div>'
    return f'<div style="margin-bottom: 6px">{_chips(labels)}</div>'


def _chips(labels: Counter[str]) -> str:
    """Each label in its colour with its count, in the fixed label order (unknown labels last)."""
    order = {label: i for i, label in enumerate(LABEL_COLOURS)}
    ranked = sorted(labels.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    return " ".join(
        f'<span style="background: {_colour(label)}; {_MARK}; font-size: 0.85em; white-space: nowrap">'
        f"{_text(label)} <b>{n}</b></span>"
        for label, n in ranked
    )


def _highlighted(text: str, mentions: Sequence[Any], max_chars: int) -> str:
    """``text`` escaped, each mention wrapped in a coloured mark; a mention overlapping an earlier one stays
    plain. One pass over the text after sorting the mentions."""
    shown = text[:max_chars]
    out: list[str] = []
    pos = 0
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end > len(shown) or m.end <= m.start:
            continue
        out.append(escape(shown[pos : m.start]))
        label = escape(m.label)
        tip = (
            label
            + (f" · {escape(m.entity)}" if m.entity else "")
            + (f" · {escape(m.value)}" if m.value else "")
        )
        out.append(
            f'<mark style="background: {_colour(m.label)}; {_MARK}" title="{tip}">'
            f"{escape(shown[m.start : m.end])}"
            f'<span style="{_TAG}">{label}</span></mark>'
        )
        pos = m.end
    out.append(escape(shown[pos:]))
    if len(text) > len(shown):
        out.append(
            f'\n<span style="{_MUTED}">… {_int(len(text) - len(shown))} more characters not shown</span>'
        )
    return "".join(out)


def _table(header: Sequence[str] | None, rows: Iterable[Sequence[str]]) -> str:
    """A table of cells that are already HTML."""
    parts = ['<table style="border-collapse: collapse; margin: 0; font-size: 0.95em">']
    if header:
        parts.append(
            "<thead><tr>" + "".join(f'<th style="{_HEAD}">{escape(h)}</th>' for h in header) + "</tr></thead>"
        )
    parts.append("<tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in row) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _status(status: str) -> str:
    colour = {"signed": "#2e7d32", "agreed": "#1565c0", "planned": "#8d6e00", "welcomed": "#6a1b9a"}.get(
        status
    )
    return f'<span style="color: {colour}">{_text(status)}</span>' if colour else _text(status)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{_text(k)} {_int(n)}" for k, n in counter.most_common())


def _error_list(errors: Sequence[Any], shown: int = 3) -> str:
    items = "; ".join(
        f"{_source(e.source) or '#' + str(e.index)}: {_text(_short(e.message, 80))}" for e in errors[:shown]
    )
    more = f" and {len(errors) - shown} more" if len(errors) > shown else ""
    return f'<span style="{_MUTED}">{items}{more}</span>'


def _source(source: str | None) -> str:
    """The last part of a path (the whole of it in the tooltip)."""
    if not source:
        return ""
    name = os.path.basename(source.rstrip("/\\")) or source
    return f'<span title="{escape(source)}">{escape(_short(name, 60))}</span>'


def _date(d: datetime.date | None) -> str:
    return f'<span style="white-space: nowrap">{d.isoformat()}</span>' if d else ""


def _nowrap(s: str | None) -> str:
    return f'<span style="white-space: nowrap">{escape(s)}</span>' if s else ""


def _text(s: str | None) -> str:
    return escape(s) if s else ""


def _muted(s: str) -> str:
    return f'<span style="{_MUTED}">{escape(s)}</span>'


def _int(n: int) -> str:
    return f"{n:,}"


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _colour(label: str) -> str:
    return LABEL_COLOURS.get(label, _OTHER_COLOUR)
