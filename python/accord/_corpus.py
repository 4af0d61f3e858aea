"""``Corpus``: the articles of a batch, the items that failed, and the tables built from them."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, overload

from accord import _accord
from accord._accord import Article
from accord.errors import OptionError

if TYPE_CHECKING:
    import networkx
    import pandas
    import polars
    import pyarrow

    from accord._analysis import CorpusEntity, Event

__all__ = ["Corpus", "ItemError", "Table", "TABLES"]

Table = Literal["articles", "mentions", "entities", "agreements", "quotes", "events"]
TABLES: tuple[Table, ...] = ("articles", "mentions", "entities", "agreements", "quotes", "events")


@dataclass(frozen=True)
class ItemError:
    """An input item that gave no article, and why."""

    index: int
    """Position of the item in the input (for ``read``: among everything found)."""
    source: str | None
    kind: str
    """``input``, ``format``, ``io``, ``option`` or ``internal``."""
    message: str


class Corpus(Sequence[Article]):
    """A sequence of ``Article`` with the per-item failures of the batch that made it."""

    __slots__ = ("_articles", "_errors")

    def __init__(self, articles: Sequence[Article] = (), errors: Sequence[ItemError] = ()) -> None:
        self._articles: tuple[Article, ...] = tuple(articles)
        self._errors: tuple[ItemError, ...] = tuple(errors)

    @classmethod
    def _from_batch(cls, result: tuple[list[Article], list[dict[str, Any]]]) -> Corpus:
        articles, errors = result
        return cls(articles, [ItemError(**e) for e in errors])

    @property
    def errors(self) -> list[ItemError]:
        """Items that gave no article (with ``errors="record"``)."""
        return list(self._errors)

    def __len__(self) -> int:
        return len(self._articles)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> Corpus: ...

    def __getitem__(self, index: int | slice) -> Article | Corpus:
        if isinstance(index, slice):
            return Corpus(self._articles[index])
        return self._articles[index]

    def __iter__(self) -> Iterator[Article]:
        return iter(self._articles)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Corpus):
            return NotImplemented
        return self._articles == other._articles and self._errors == other._errors

    def __hash__(self) -> int:
        return hash((self._articles, self._errors))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Corpus, (self._articles, self._errors))

    def __repr__(self) -> str:
        langs: dict[str, int] = {}
        for a in self._articles:
            langs[a.language or "?"] = langs.get(a.language or "?", 0) + 1
        return f"Corpus(<{len(self._articles)} articles {langs}>, errors=<{len(self._errors)}>)"

    def _repr_html_(self) -> str:
        """A summary table for notebooks: counts by language, label and kind, errors, the first articles."""
        from accord._display import corpus_html

        return corpus_html(self)

    def table(self, table: Table = "articles") -> dict[str, list[Any]]:
        """One table as a dict of equal-length column lists (no pandas needed)."""
        _check_table(table)
        if table == "events":
            frame = self.to_pandas("events")
            return {c: list(frame[c]) for c in frame.columns}
        return _accord._table(self._articles, table)

    def to_arrow(self, table: Table = "articles") -> pyarrow.Table:
        """One table as a ``pyarrow.Table`` (needs ``pyarrow``), built in Rust and handed over through the Arrow
        C stream interface: strings, lists of strings (``topics``, ``parties``, ``aliases``...), ``date32`` for
        ``published`` and ``int64`` offsets. ``polars.from_arrow`` takes the result as it is."""
        _check_table(table)
        return _read_arrow(self._arrow(table))

    def to_pandas(self, table: Table = "articles") -> pandas.DataFrame:
        """One table as a pandas DataFrame: one row per article, mention, entity, agreement or quote, with the
        article's ``source`` as the key column; or one row per event (``events``). Goes through Arrow when
        ``pyarrow`` is installed; list columns hold Python lists and ``published`` is a datetime64 column."""
        _check_table(table)
        import pandas as pd

        if table == "events":
            return pd.DataFrame(_event_rows(self.events()), columns=list(_EVENT_COLUMNS))
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            frame = pd.DataFrame(self.table(table))
        else:
            frame = self.to_arrow(table).to_pandas()
            for name in _LIST_COLUMNS.get(table, ()):
                frame[name] = [list(v) for v in frame[name]]
        if table == "articles":
            frame["published"] = pd.to_datetime(frame["published"].astype(object), errors="coerce")
        return frame

    def to_polars(self, table: Table = "articles") -> polars.DataFrame:
        """One table as a polars DataFrame (needs ``polars``): the Arrow table built in Rust, handed to polars
        through the Arrow PyCapsule interface, without pyarrow in between (polars 1.2 or later)."""
        _check_table(table)
        import polars as pl

        try:
            return pl.DataFrame(self._arrow(table))
        except (TypeError, ValueError):  # a polars before 1.2, without the PyCapsule interface: through pyarrow
            return pl.from_arrow(self.to_arrow(table))  # type: ignore[return-value]

    def _arrow(self, table: Table) -> _accord.ArrowTable:
        """One table as Arrow record batches built in Rust, for any reader of the Arrow PyCapsule interface."""
        if table == "events":
            return _accord._events_arrow(self._articles)
        return _accord._arrow(self._articles, table)

    def to_parquet(self, folder: str | os.PathLike[str]) -> list[str]:
        """Write every table (``accord.TABLES``) as a Parquet file in ``folder`` (created if needed; files of the
        same names are replaced), as the command line does: written in Rust, no pandas or pyarrow needed. Returns
        the paths, in table order."""
        sink = _accord.ParquetSink(folder)
        try:
            sink.write(self._articles)
        finally:
            sink.close()
        return list(sink.paths)

    def entities(self) -> list[CorpusEntity]:
        """Entities resolved across articles and languages (``Rudy K. Wirawan`` = ``Rudy K Wirawan``; a ministry
        named in English and in Indonesian counted once), each with a stable id and the articles that name it."""
        from accord._analysis import resolve_entities

        return resolve_entities(self._articles)

    def events(self) -> list[Event]:
        """Meeting and signing occasions with the instruments reported from them; reports of the same occasion
        in several outlets or languages are one event."""
        from accord._analysis import find_events

        return find_events(self._articles)

    def graph(self) -> networkx.Graph:
        """A networkx graph of parties linked by agreements (edge attributes: weight, kinds, dates, topics,
        sources). Needs ``networkx``."""
        from accord._analysis import party_graph

        return party_graph(self._articles)

    def to_jsonl(self, path: str | os.PathLike[str]) -> None:
        """Write the articles as JSON Lines in the export schema (one article per line)."""
        _accord._write_jsonl(self._articles, os.fspath(path))


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise OptionError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")


_EVENT_COLUMNS = ("id", "kind", "parties", "date", "place", "agreements", "sources")
# The columns of the Rust-built tables that hold lists of strings.
_LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("topics",),
    "entities": ("aliases",),
    "agreements": ("parties", "topics", "signatories"),
}


def _event_rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    return [
        {"id": e.id, "kind": e.kind, "parties": list(e.parties), "date": e.date, "place": e.place,
         "agreements": [a.kind for a in e.agreements], "sources": list(e.sources)}
        for e in events
    ]


def _read_arrow(data: Any) -> pyarrow.Table:
    """A pyarrow Table from an object with ``__arrow_c_stream__``. Read as a stream where pyarrow can (15+):
    ``pa.table`` would import pandas (a second or so) only to check whether the object is a DataFrame."""
    import pyarrow as pa

    from_stream = getattr(pa.RecordBatchReader, "from_stream", None)
    if from_stream is None:
        return pa.table(data)
    return from_stream(data).read_all()
