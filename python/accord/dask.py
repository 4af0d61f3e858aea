"""Extraction on a Dask cluster: a Dask DataFrame or bag of texts in, one Dask DataFrame per table out.

    >>> import dask.dataframe as dd, accord.dask
    >>> news = dd.read_parquet("news/*.parquet")                  # columns: url, body, ...
    >>> tables = accord.dask.extract(news, text="body", source="url")
    >>> mentions, agreements = dask.compute(tables["mentions"], tables["agreements"])

Every partition is parsed once, on a worker, by ``accord.parse_many`` (one thread per partition by default:
Dask already runs one task per worker thread); the tables of a partition are split from that one parse.
Compute the tables you need together (``dask.compute(...)``) so that the parse is shared; computing them one
at a time parses each partition again for each. Needs ``accord[dask]``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = ["TABLES", "extract", "extract_bag"]

Table = Literal["articles", "mentions", "entities", "agreements", "quotes"]
TABLES: tuple[Table, ...] = ("articles", "mentions", "entities", "agreements", "quotes")
"""The per-article tables (``events`` spans articles, so it is built from the collected articles instead)."""

# Column kinds of the tables that are not text; every other column holds strings (or missing values).
_INT_COLUMNS = frozenset({"start", "end", "n_mentions", "n_entities", "n_agreements", "n_quotes"})
_LIST_COLUMNS = frozenset({"topics", "aliases", "parties", "signatories"})
_DATE_COLUMNS = frozenset({"published"})
_ERROR_COLUMNS = ("source", "kind", "message")


def extract(
    df: dask.dataframe.DataFrame,
    /,
    *,
    text: str = "text",
    source: str | None = None,
    metadata: Sequence[str] = (),
    tables: Table | Sequence[Table] = TABLES,
    workers: int | None = 1,
    errors: Literal["raise", "record"] = "raise",
    tagger: bool = True,
) -> dict[str, dask.dataframe.DataFrame]:
    """The tables of the articles in column ``text`` of a Dask DataFrame, as Dask DataFrames keyed by
    ``source``.

    ``source`` names the column that identifies each article (a URL, a file name, an id); without it the row's
    index value (as a string) is the source, so the tables can be joined back to ``df``. ``metadata`` names
    columns that go with each article as a record's fields do (see ``accord.parse_many``): ``title``,
    ``author``, ``outlet``, ``published`` and ``language`` override what layout analysis finds, and the
    publication date anchors relative dates ("next year", "on Monday"). With
    ``errors="record"`` an article that fails is a row of the ``errors`` table (source, kind, message) instead
    of failing the computation. Raw bytes belong in a bag (``extract_bag``): Dask turns ``object`` columns
    into strings. ``tagger=False`` parses without the learned tagger (see ``accord.Extractor``): about twice as
    fast, the same countries, agreements and topics, almost no people.
    """
    import dask
    import dask.dataframe as dd

    wanted = _check(tables, errors)
    fields = [c for c in dict.fromkeys(metadata) if c not in (text, source)]
    columns = [text] + ([] if source is None else [source]) + fields
    parsed = [
        dask.delayed(_parse_frame)(part, text, source, fields, wanted, workers, errors, tagger)
        for part in df[columns].to_delayed()
    ]
    return _split(dd, dask, parsed, wanted)


def extract_bag(
    bag: dask.bag.Bag,
    /,
    *,
    tables: Table | Sequence[Table] = TABLES,
    workers: int | None = 1,
    errors: Literal["raise", "record"] = "raise",
    tagger: bool = True,
) -> dict[str, dask.dataframe.DataFrame]:
    """The tables of a Dask bag of texts (``str`` or ``bytes``), or of ``(source, text)`` pairs, as Dask
    DataFrames; see ``extract``."""
    import dask
    import dask.dataframe as dd

    wanted = _check(tables, errors)
    parsed = [dask.delayed(_parse_items)(part, wanted, workers, errors, tagger) for part in bag.to_delayed()]
    return _split(dd, dask, parsed, wanted)


def meta(table: str) -> pandas.DataFrame:
    """The empty frame with the columns and dtypes of ``table`` (what Dask calls ``meta``)."""
    import pandas as pd

    from accord import _accord

    if table == "errors":
        columns: Iterable[str] = _ERROR_COLUMNS
    else:
        columns = _accord._table([], table).keys()
    return pd.DataFrame({c: pd.Series([], dtype=_dtype(c)) for c in columns})


def _check(tables: Table | Sequence[Table], errors: str) -> tuple[str, ...]:
    from accord.errors import OptionError

    names: Sequence[str] = (tables,) if isinstance(tables, str) else tables
    for t in names:
        if t not in TABLES:
            raise OptionError(f"unknown table {t!r}; expected some of {', '.join(TABLES)}")
    if errors not in ("raise", "record"):
        raise OptionError(f"errors must be 'raise' or 'record', not {errors!r}")
    wanted = tuple(dict.fromkeys(names))
    return (*wanted, "errors") if errors == "record" else wanted


def _split(dd: Any, dask: Any, parsed: list[Any], wanted: tuple[str, ...]) -> dict[str, Any]:
    return {
        t: dd.from_delayed([dask.delayed(_pick)(p, t) for p in parsed], meta=meta(t), verify_meta=False)
        for t in wanted
    }


def _pick(frames: dict[str, pandas.DataFrame], table: str) -> pandas.DataFrame:
    return frames[table]


def _parse_frame(
    part: pandas.DataFrame,
    text: str,
    source: str | None,
    fields: list[str],
    wanted: tuple[str, ...],
    workers: int | None,
    errors: str,
    tagger: bool,
) -> dict[str, pandas.DataFrame]:
    texts: list[Any] = part[text].tolist()
    keys: Iterable[Hashable] = part.index if source is None else part[source].tolist()
    sources = [None if _missing(k) else str(k) for k in keys]
    if fields:
        # Records: the text under "text", each metadata column under its own name (a missing value is no field).
        rows = part[fields].to_dict("records")
        texts = [
            {**{k: v for k, v in row.items() if not _missing(v)}, "text": "" if _missing(t) else t}
            for t, row in zip(texts, rows)
        ]
    return _tables(texts, sources, wanted, workers, errors, tagger)


def _parse_items(
    items: Iterable[Any], wanted: tuple[str, ...], workers: int | None, errors: str, tagger: bool
) -> dict[str, pandas.DataFrame]:
    texts: list[Any] = []
    sources: list[str | None] = []
    for item in items:
        if isinstance(item, tuple) and len(item) == 2:
            src, item = item
            sources.append(None if _missing(src) else str(src))
        else:
            sources.append(None)
        texts.append(item)
    return _tables(texts, sources, wanted, workers, errors, tagger)


def _tables(
    texts: list[Any],
    sources: list[str | None],
    wanted: tuple[str, ...],
    workers: int | None,
    errors: str,
    tagger: bool,
) -> dict[str, pandas.DataFrame]:
    import accord

    # A missing text (None, NaN) is an empty article rather than a type error that fails the whole partition.
    texts = ["" if not isinstance(t, dict) and _missing(t) else t for t in texts]
    corpus = accord.Extractor(tagger=tagger).parse_many(
        texts,
        sources=sources,
        workers=workers,
        errors=errors,  # type: ignore[arg-type]
    )
    out: dict[str, pandas.DataFrame] = {}
    for t in wanted:
        if t == "errors":
            import pandas as pd

            frame = pd.DataFrame(
                [(e.source, e.kind, e.message) for e in corpus.errors], columns=_ERROR_COLUMNS
            )
        else:
            frame = corpus.to_pandas(t)  # type: ignore[arg-type]
        out[t] = _conform(frame, meta(t))
    return out


def _conform(frame: pandas.DataFrame, like: pandas.DataFrame) -> pandas.DataFrame:
    """``frame`` with the dtypes of ``like``: every partition (empty ones included) matches the meta."""
    if len(frame) == 0:
        return like
    return frame[list(like.columns)].astype(like.dtypes.to_dict())


def _dtype(column: str) -> Any:
    import pandas as pd

    if column in _INT_COLUMNS:
        return "int64"
    if column in _LIST_COLUMNS:
        # An Arrow list column: Dask turns ``object`` columns into strings (``dataframe.convert-string``).
        import pyarrow as pa  # type: ignore[import-untyped]

        return pd.ArrowDtype(pa.list_(pa.string()))
    if column in _DATE_COLUMNS:
        # The resolution ``to_pandas`` gives dates (nanoseconds before pandas 3, microseconds from it).
        return pd.to_datetime(pd.Series(["2000-01-01"]), format="%Y-%m-%d").dtype
    # pandas' text dtype: ``object`` before pandas 3, ``str`` from it.
    return pd.Series(["a"]).dtype


def _missing(x: Any) -> bool:
    # pandas' missing markers (NA, NaT) by their type's name: pandas is not imported for the check.
    return x is None or (isinstance(x, float) and math.isnan(x)) or type(x).__name__ in ("NAType", "NaTType")
