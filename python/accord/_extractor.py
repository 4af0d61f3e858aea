"""``Extractor``: the pipeline with settings and names of the user's own."""

from __future__ import annotations

import csv
import glob
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, Optional, Union

from accord import _accord
from accord._accord import Article
from accord._corpus import Corpus
from accord._progress import progress_bar
from accord.errors import OptionError

Errors = Literal["raise", "record"]
# An article: text, bytes in any common encoding, or a record (a mapping) with its text under ``text``, ``body`` or
# ``content`` and other fields as metadata.
Item = Union[str, bytes, Mapping[str, Any]]
GazetteerEntry = tuple[str, str, Optional[str]]
GazetteerSpec = Union[
    Mapping[str, Union[str, tuple[str, Optional[str]]]],
    Iterable[Union[GazetteerEntry, tuple[str, str]]],
    str,
    "os.PathLike[str]",
    None,
]

__all__ = ["Extractor"]


def _at_least_one(name: str, value: Optional[int]) -> Optional[int]:
    """``value`` if it is None or a whole number of at least 1, else an ``OptionError`` that names ``name``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionError(f"{name} must be a whole number, got {value!r}")
    if value < 1:
        raise OptionError(f"{name} must be at least 1, got {value}")
    return value


def _gazetteer_entries(spec: GazetteerSpec) -> list[GazetteerEntry]:
    """Normalise the forms a user may give names in: a mapping, pairs or triples, or a TSV file."""
    if spec is None:
        return []
    if isinstance(spec, (str, os.PathLike)):
        path = Path(spec)
        if not path.is_file():
            raise OptionError(f"gazetteer file not found: {path}")
        with path.open(encoding="utf-8", newline="") as f:
            rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
        return [(r[0], r[1], r[2] if len(r) > 2 and r[2] else None) for r in rows if len(r) >= 2]
    if isinstance(spec, Mapping):
        out: list[GazetteerEntry] = []
        for name, value in spec.items():
            if isinstance(value, str):
                out.append((name, value, None))
            else:
                label, code = value
                out.append((name, label, code))
        return out
    entries: list[GazetteerEntry] = []
    for item in spec:
        if len(item) == 2:
            entries.append((item[0], item[1], None))
        elif len(item) == 3:
            entries.append((item[0], item[1], item[2]))  # type: ignore[misc]
        else:
            raise OptionError(f"gazetteer entries are (name, label) or (name, label, code), got {item!r}")
    return entries


def _rebuild(entries: list[GazetteerEntry], max_bytes: int, tagger: bool, text_field: Optional[str]) -> Extractor:
    """An ``Extractor`` from the settings ``Extractor.__reduce__`` gives."""
    return Extractor(gazetteer=entries, max_bytes=max_bytes, tagger=tagger, text_field=text_field)


def _records_of_frame(items: Any) -> Any:
    """The rows of a pandas or polars DataFrame as records (iterating one gives its column names); anything else
    as it is. Neither library is imported."""
    module = type(items).__module__.split(".")[0]
    if module == "pandas" and hasattr(items, "columns") and hasattr(items, "to_dict"):
        return items.to_dict("records")
    if module == "polars" and hasattr(items, "to_dicts"):
        return items.to_dicts()
    return items


#: A path, or a list (any iterable) of them, as ``read`` and ``iter_batches`` take each argument.
PathArg = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]


def _expand(paths: Iterable[PathArg], what: str = "read") -> list[str]:
    """The files to read: each path as given, globs expanded, lists of paths taken path by path."""
    out: list[str] = []
    for p in paths:
        if isinstance(p, Iterable) and not isinstance(p, (str, bytes, os.PathLike)):
            out.extend(_expand(p, what))
            continue
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"{what}() takes file paths (str or os.PathLike), or lists of them; got {type(p).__name__}")
        s = os.fspath(p)
        if not os.path.exists(s) and glob.has_magic(s):
            matches = sorted(glob.glob(s, recursive=True))
            out.extend(matches if matches else [s])
        else:
            out.append(s)
    return out


class Extractor:
    """The extraction pipeline with settings of your own.

    ``gazetteer`` adds names the built-in lists lack, without recompiling: a mapping ``{"Komdigi": "ORG",
    "Timor Leste": ("COUNTRY", "TLS")}``, an iterable of ``(name, label)`` or ``(name, label, code)``, or a path to a
    tab-separated file with those columns. Your entries win over built-in ones of the same spelling.
    ``max_bytes`` bounds the size of one article. ``text_field`` names the field of a record (a JSON or JSON Lines
    object, a CSV, TSV or Parquet row, a mapping given to ``parse_many``) that holds its text; by default the first of
    ``text``, ``body`` and ``content`` that holds a string.
    ``tagger=False`` leaves the learned name tagger out: names come from the rules and the name lists alone, about
    twice as fast, with the same countries, agreements, dates and topics, but almost no people (the tagger finds
    them), and so few quote speakers and roles.
    """

    __slots__ = ("_native", "_entries")

    def __init__(
        self,
        *,
        gazetteer: GazetteerSpec = None,
        max_bytes: Optional[int] = None,
        tagger: bool = True,
        text_field: Optional[str] = None,
    ) -> None:
        self._entries = _gazetteer_entries(gazetteer)
        limit = _at_least_one("max_bytes", max_bytes)
        kwargs: dict[str, int] = {} if limit is None else {"max_bytes": limit}
        if text_field is not None and not isinstance(text_field, str):
            raise OptionError(f"text_field must be the name of a field, got {type(text_field).__name__}")
        self._native = _accord.Extractor(
            gazetteer=self._entries, tagger=bool(tagger), text_field=text_field, **kwargs
        )

    @property
    def max_bytes(self) -> int:
        """The largest article (in bytes) this extractor accepts."""
        return self._native.max_bytes

    @property
    def tagger(self) -> bool:
        """Whether the learned tagger finds names (else the rules and the name lists alone)."""
        return self._native.tagger

    @property
    def gazetteer(self) -> list[GazetteerEntry]:
        """The names added to the built-in gazetteer."""
        return list(self._entries)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its settings (a process pool or a Dask worker gets an extractor of its own).
        return (_rebuild, (self._entries, self.max_bytes, self.tagger, self.text_field))

    @property
    def text_field(self) -> Optional[str]:
        """The field of a record that holds its text, if one is set (else ``text``, ``body`` or ``content``)."""
        return self._native.text_field

    def __repr__(self) -> str:
        field = "" if self.text_field is None else f", text_field={self.text_field!r}"
        return (f"Extractor(gazetteer=<{len(self._entries)} entries>, max_bytes={self.max_bytes}, "
                f"tagger={self.tagger}{field})")

    def parse(self, text: Item, /, *, source: Optional[str] = None, language: Optional[str] = None) -> Article:
        """Parse one article from text, from bytes in any common encoding, or from a record (a mapping: see
        ``parse_many``)."""
        return self._native.parse(text, source=source, language=language)

    def parse_many(
        self,
        items: Union[Iterable[Item], Any],
        /,
        *,
        sources: Optional[Iterable[Optional[str]]] = None,
        workers: Optional[int] = None,
        progress: bool = False,
        errors: Errors = "raise",
    ) -> Corpus:
        """Parse many articles in parallel (all cores, or ``workers``, or ``ACCORD_NUM_THREADS``).

        Each item is a text, bytes in any common encoding, or a record: a mapping with the text under ``text``,
        ``body`` or ``content`` (or this extractor's ``text_field``) and any other fields, kept in
        ``Article.metadata``, as a JSON Lines record's are; its ``title``, ``author``, ``outlet``, ``published`` (a
        date, or an ISO string) and ``language`` override what layout analysis finds, and its ``source`` (else its
        ``url``) names the article unless ``sources`` does. A pandas or polars DataFrame is read as its rows'
        records.

        With ``errors="record"`` an item that fails is reported in ``Corpus.errors`` and the others are returned.
        """
        workers = _at_least_one("workers", workers)
        items = _records_of_frame(items)
        if isinstance(items, (str, bytes, Mapping)):
            # A text is an iterable of characters, a record one of its keys: each would be parsed as an article.
            raise TypeError(
                f"parse_many() takes a list of texts or records, got one {type(items).__name__}; use parse() for one"
            )
        items = items if isinstance(items, (list, tuple)) else list(items)
        source_list = None if sources is None else list(sources)
        with progress_bar(progress, total=len(items), unit="article") as bar:
            result = self._native._parse_many(
                items, sources=source_list, workers=workers, progress=bar, errors=errors
            )
        return Corpus._from_batch(result)

    def read(
        self,
        *paths: PathArg,
        workers: Optional[int] = None,
        progress: bool = False,
        errors: Errors = "raise",
    ) -> Corpus:
        """Read articles from files, directories (recursively) and globs (see ``accord.read``)."""
        files = _expand(paths, "read")
        if not files:
            raise OptionError("read() needs at least one path")
        workers = _at_least_one("workers", workers)
        with progress_bar(progress, total=None, unit="file") as bar:
            result = self._native._read(files, workers=workers, progress=bar, errors=errors)
        return Corpus._from_batch(result)

    def iter_batches(
        self,
        *paths: PathArg,
        batch_size: int = 1000,
        workers: Optional[int] = None,
        errors: Errors = "record",
        progress: bool = False,
    ) -> Iterator[Corpus]:
        """Read like ``read``, but lazily: yield one ``Corpus`` per batch of at most ``batch_size`` items, in input
        order, so that memory stays bounded whatever the size of the input (JSON Lines files are read line by
        line). Each batch is parsed in parallel; ``Corpus.errors`` holds that batch's failures, indexed among
        everything found."""
        files = _expand(paths, "iter_batches")
        if not files:
            raise OptionError("iter_batches() needs at least one path")
        workers = _at_least_one("workers", workers)
        _at_least_one("batch_size", batch_size)
        bar_cm = progress_bar(progress, total=None, unit="article")
        bar = bar_cm.__enter__()
        try:
            native = self._native._iter_batches(
                files, batch_size=batch_size, workers=workers, progress=bar, errors=errors
            )
        except BaseException:
            bar_cm.__exit__(None, None, None)
            raise
        return _batches(native, bar_cm)


def _batches(native: Iterable[tuple[list[Article], list[dict]]], bar_cm: Any) -> Iterator[Corpus]:
    # A generator apart from ``iter_batches``, so that bad options raise at the call, not at the first batch.
    try:
        for result in native:
            yield Corpus._from_batch(result)
    finally:
        bar_cm.__exit__(None, None, None)
