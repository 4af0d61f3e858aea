"""accord: news articles in, analyzable cooperation data out.

    >>> import accord
    >>> article = accord.parse("JAKARTA - Indonesia and Vietnam signed ...")
    >>> corpus = accord.read("articles/")          # files, folders, globs
    >>> corpus.to_pandas("mentions")
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, Optional, Union

from accord import _accord
from accord._accord import Agreement, Article, Entity, Extractor, Mention, Quote, __version__, fix_text
from accord._corpus import TABLES, Corpus, ItemError, Table
from accord._progress import progress_bar
from accord.errors import AccordError, FormatError, InputError, InternalError, OptionError, ReadError

__all__ = [
    "AccordError",
    "Agreement",
    "Article",
    "Corpus",
    "Entity",
    "Extractor",
    "FormatError",
    "InputError",
    "InternalError",
    "ItemError",
    "Mention",
    "OptionError",
    "Quote",
    "ReadError",
    "TABLES",
    "Table",
    "__version__",
    "fix_text",
    "parse",
    "parse_many",
    "read",
    "sample_path",
]

Errors = Literal["raise", "record"]
_DEFAULT = Extractor()


def parse(
    text: Union[str, bytes], /, *, source: Optional[str] = None, language: Optional[str] = None
) -> Article:
    """Parse one article from text, or from bytes in any common encoding."""
    return _DEFAULT.parse(text, source=source, language=language)


def parse_many(
    items: Iterable[Union[str, bytes]],
    /,
    *,
    sources: Optional[Iterable[Optional[str]]] = None,
    workers: Optional[int] = None,
    progress: bool = False,
    errors: Errors = "raise",
) -> Corpus:
    """Parse many articles in parallel (all cores, or ``workers``, or ``ACCORD_NUM_THREADS``).

    With ``errors="record"`` an item that fails is reported in ``Corpus.errors`` and the others are returned.
    """
    items = items if isinstance(items, (list, tuple)) else list(items)
    sources = None if sources is None else list(sources)
    with progress_bar(progress, total=len(items), unit="article") as bar:
        result = _DEFAULT._parse_many(items, sources=sources, workers=workers, progress=bar, errors=errors)
    return Corpus._from_batch(result)


def _expand(paths: Iterable[Union[str, os.PathLike[str]]]) -> list[str]:
    out: list[str] = []
    for p in paths:
        s = os.fspath(p)
        if not os.path.exists(s) and glob.has_magic(s):
            matches = sorted(glob.glob(s, recursive=True))
            out.extend(matches if matches else [s])
        else:
            out.append(s)
    return out


def read(
    *paths: Union[str, os.PathLike[str]],
    workers: Optional[int] = None,
    progress: bool = False,
    errors: Errors = "raise",
) -> Corpus:
    """Read articles from files, directories (recursively) and globs.

    ``.txt``/``.md`` files are one article each, ``.html``/``.htm`` pages are converted to text, and ``.json``/
    ``.jsonl`` files hold one article per object (text under ``text``, ``body`` or ``content``; other fields are
    kept in ``Article.metadata``).
    """
    if not paths:
        raise OptionError("read() needs at least one path")
    expanded = _expand(paths)
    with progress_bar(progress, total=None, unit="file") as bar:
        result = _DEFAULT._read(expanded, workers=workers, progress=bar, errors=errors)
    return Corpus._from_batch(result)


def sample_path() -> Path:
    """The folder of sample articles bundled with accord (English and Indonesian, one mis-encoded)."""
    return Path(__file__).resolve().parent / "sample"


def __getattr__(name: str) -> Any:  # pragma: no cover - module attribute fallback
    raise AttributeError(f"module 'accord' has no attribute {name!r}")
