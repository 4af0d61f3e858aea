"""Across articles: entities resolved over a corpus, events (occasions of agreements) and the party graph.

Over the typed results of the core, once per corpus after the parallel extraction (events in the core itself).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

from accord import _accord
from accord._accord import Agreement, Article

if TYPE_CHECKING:
    import networkx

__all__ = ["CorpusEntity", "Event", "resolve_entities", "find_events", "party_graph"]


@dataclass(frozen=True)
class CorpusEntity:
    """One person, organisation, country or place as named across a corpus, in any of its languages."""

    id: str
    kind: str
    name: str
    code: Optional[str] = None
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    country: Optional[str] = None
    sources: tuple[str, ...] = ()
    """The ``source`` of every article that names it."""
    mentions: int = 0


@dataclass(frozen=True)
class Event:
    """One meeting or signing occasion, with the instruments reported from it and the articles that report it."""

    id: str
    kind: str
    """``signing`` when an instrument was signed there, ``agreement`` when agreed, else ``meeting``."""
    parties: tuple[str, ...]
    date: Optional[str]
    place: Optional[str]
    agreements: tuple[Agreement, ...] = field(default=())
    sources: tuple[str, ...] = ()


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"[’'`]s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


@lru_cache(maxsize=1)
def _glossary() -> list[tuple[str, str]]:
    from pathlib import Path

    # The glossary ships inside the core's data folder in the source tree and beside the package in the wheel.
    candidates = [Path(__file__).resolve().parent / "data" / "org_glossary.tsv"]
    rows: list[tuple[str, str]] = []
    for path in candidates:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#") and "\t" in line:
                    idn, eng = line.split("\t", 1)
                    rows.append((idn.strip(), eng.strip()))
    # Longest Indonesian phrases first, so "Luar Negeri" wins over single words.
    rows.sort(key=lambda r: -len(r[0]))
    return rows


_STOP = {"of", "the", "and", "for", "republic", "indonesia"}


def _org_key(name: str) -> frozenset[str]:
    """Content words of an organisation name, Indonesian words put into English."""
    text = " " + name + " "
    for idn, eng in _glossary():
        text = re.sub(rf"(?<=\s){re.escape(idn)}(?=\s)", eng, text)
    return frozenset(w for w in _fold(text).split() if w not in _STOP)


def _person_key(name: str) -> str:
    return " ".join(w for w in _fold(name).split())


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve_entities(articles: Sequence[Article]) -> list[CorpusEntity]:
    """Entities of all articles, the same thing named in several articles or languages counted once."""
    items: list[tuple[str, Any]] = []  # (source, Entity)
    mention_counts: Counter[tuple[int, str]] = Counter()
    for n, a in enumerate(articles):
        for m in a.mentions:
            if m.entity:
                mention_counts[(n, m.entity)] += 1
        for e in a.entities:
            items.append((a.source or f"#{n}", (n, e)))
    uf = _Union()
    by_key: dict[tuple[str, Any], int] = {}
    for i, (_, (_, e)) in enumerate(items):
        uf.find(i)
        keys: list[tuple[Any, ...]] = []
        if e.kind == "country" and e.code:
            keys.append(("country", e.code))
        elif e.kind == "person":
            keys.append(("person", _person_key(e.name)))
        elif e.kind == "org":
            keys.append(("org", _org_key(e.name)))
            keys += [("org-name", _fold(x)) for x in (e.name, *e.aliases)]
        elif e.kind == "agreement":
            # Instruments are told apart by their occasion (events), not by name: "MoU" is not one thing.
            keys.append(("agreement", items[i][0], e.id))
        else:
            keys.append((e.kind, _fold(e.name)))
        for k in keys:
            if k in by_key:
                uf.union(i, by_key[k])
            else:
                by_key[k] = i
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[uf.find(i)].append(i)
    out: list[CorpusEntity] = []
    used_ids: Counter[str] = Counter()
    for members in groups.values():
        ents = [items[i][1][1] for i in members]
        first = ents[0]
        names = Counter(e.name for e in ents)
        name = max(names, key=lambda s: (len(s.split()), names[s], len(s)))
        aliases = sorted({x for e in ents for x in (e.name, *e.aliases)} - {name})
        roles = tuple(dict.fromkeys(e.role for e in ents if e.role))
        countries = Counter(e.country for e in ents if e.country)
        sources = tuple(dict.fromkeys(items[i][0] for i in members))
        base = f"country:{first.code}" if first.kind == "country" and first.code else f"{first.kind}:{_slug(name)}"
        used_ids[base] += 1
        eid = base if used_ids[base] == 1 else f"{base}-{used_ids[base]}"
        count = sum(mention_counts[(items[i][1][0], items[i][1][1].id)] for i in members)
        out.append(CorpusEntity(
            id=eid, kind=first.kind, name=name, code=first.code, aliases=tuple(aliases), roles=roles,
            country=countries.most_common(1)[0][0] if countries else None, sources=sources, mentions=count,
        ))
    out.sort(key=lambda e: (-e.mentions, e.id))
    return out


def _slug(s: str) -> str:
    return re.sub(r"[^\w]+", "-", _fold(s)).strip("-")


def find_events(articles: Sequence[Article]) -> list[Event]:
    """One event per occasion: each article's agreements form its occasion, and reports of the same occasion
    (the same parties on the same day, in any language) are grouped. Computed in the core (``_events``)."""
    agreements: dict[int, list[Agreement]] = {}

    def agreement(i: int, k: int) -> Agreement:
        if i not in agreements:
            agreements[i] = articles[i].agreements
        return agreements[i][k]

    return [
        Event(id=eid, kind=kind, parties=tuple(parties), date=date, place=place,
              agreements=tuple(agreement(i, k) for i, k in found), sources=tuple(sources))
        for eid, kind, parties, date, place, found, _kinds, sources in _accord._events(articles)
    ]


def party_graph(articles: Iterable[Article]) -> networkx.Graph:
    """Parties (ISO3 codes or ASEAN) linked by the agreements between them."""
    import networkx as nx

    g = nx.Graph()
    for a in articles:
        for ag in a.agreements:
            parties = sorted(set(ag.parties))
            for p in parties:
                g.add_node(p)
            for i, p in enumerate(parties):
                for q in parties[i + 1:]:
                    if not g.has_edge(p, q):
                        g.add_edge(p, q, weight=0, kinds=[], dates=[], topics=[], sources=[])
                    e = g.edges[p, q]
                    e["weight"] += 1
                    e["kinds"].append(ag.kind)
                    if ag.date:
                        e["dates"].append(ag.date)
                    e["topics"] = sorted(set(e["topics"]) | set(ag.topics))
                    if a.source and a.source not in e["sources"]:
                        e["sources"].append(a.source)
    return g
