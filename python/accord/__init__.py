"""accord: news articles in, analyzable cooperation data out.

    >>> import accord
    >>> article = accord.parse("JAKARTA - Indonesia and Vietnam signed ...")
    >>> corpus = accord.read("articles/")          # files, folders, globs
    >>> corpus.to_pandas("mentions")
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, Optional, Union

# The extension loads first: loading it starts building the models and automata on background threads.
from accord import _accord
from accord._accord import Agreement, Article, Entity, Mention, Quote, __version__, fix_text
from accord._analysis import CorpusEntity, Event
from accord._corpus import TABLES, Corpus, ItemError, Table
from accord._extractor import Extractor, Item, PathArg
from accord.errors import AccordError, FormatError, InputError, InternalError, OptionError, ReadError

__all__ = [
    "AccordError",
    "Agreement",
    "Article",
    "Corpus",
    "CorpusEntity",
    "Entity",
    "Event",
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
    "iter_batches",
    "parse",
    "parse_many",
    "read",
    "sample_path",
]

Errors = Literal["raise", "record"]
_DEFAULT = Extractor()
# From the interpreter's shutdown on, a daemon thread that finishes a call into the core waits for the process to
# end rather than take the GIL back, which on Python 3.12 and older would abort the process.
atexit.register(_accord._exiting)
if hasattr(os, "register_at_fork"):
    # A process forked while the models are being built would inherit them half-built, with no thread to finish
    # them (multiprocessing forks on Linux): a fork waits for them first, a fraction of a second at most, once.
    os.register_at_fork(before=_accord._wait_for_warm_up)


def parse(text: Item, /, *, source: Optional[str] = None, language: Optional[str] = None) -> Article:
    """Parse one article from text, from bytes in any common encoding, or from a record (a mapping: see
    ``parse_many``)."""
    return _DEFAULT.parse(text, source=source, language=language)


def parse_many(
    items: Union[Iterable[Item], Any],
    /,
    *,
    sources: Optional[Iterable[Optional[str]]] = None,
    workers: Optional[int] = None,
    progress: bool = False,
    errors: Errors = "raise",
    text_field: Optional[str] = None,
) -> Corpus:
    """Parse many articles in parallel (all cores, or ``workers``, or ``ACCORD_NUM_THREADS``).

    Each item is a text, bytes in any common encoding, or a record: a mapping with the text under ``text``,
    ``body`` or ``content`` and other fields as metadata (``title``, ``author``, ``outlet``, ``published``,
    ``language`` and ``source`` as in JSON Lines input); ``text_field`` names another field for the text. A pandas
    or polars DataFrame is read as its rows' records.

    With ``errors="record"`` an item that fails is reported in ``Corpus.errors`` and the others are returned.
    """
    return _extractor(text_field).parse_many(items, sources=sources, workers=workers, progress=progress, errors=errors)


def read(
    *paths: PathArg,
    workers: Optional[int] = None,
    progress: bool = False,
    errors: Errors = "raise",
    text_field: Optional[str] = None,
) -> Corpus:
    """Read articles from files, directories (recursively) and globs, given one by one or as lists
    (``accord.read(sorted(glob.glob("news/*.jsonl")))``).

    ``.txt``/``.md`` files are one article each, ``.html``/``.htm`` pages are converted to text, ``.json``/
    ``.jsonl`` files hold one article per object (text under ``text``, ``body`` or ``content``; other fields are
    kept in ``Article.metadata``), and ``.csv``/``.tsv``/``.parquet`` files named on their own one per row, their
    header or columns naming the fields (in folders, tables are left out: they are as likely to be output). Any of
    them but Parquet may be gzip- or zstd-compressed (``news.jsonl.gz``, ``berita.csv.zst``). ``text_field`` names
    the field of a record that holds its text, where it is not ``text``, ``body`` or ``content``.
    """
    return _extractor(text_field).read(*paths, workers=workers, progress=progress, errors=errors)


def iter_batches(
    *paths: PathArg,
    batch_size: int = 1000,
    workers: Optional[int] = None,
    errors: Errors = "record",
    progress: bool = False,
    text_field: Optional[str] = None,
) -> Iterator[Corpus]:
    """Read like ``read`` but lazily, one ``Corpus`` of at most ``batch_size`` articles at a time, in input order;
    memory stays bounded whatever the size of the input (JSON Lines files are read line by line).

        >>> for batch in accord.iter_batches("archive/", batch_size=5000):
        ...     batch.to_arrow("mentions")
    """
    return _extractor(text_field).iter_batches(
        *paths, batch_size=batch_size, workers=workers, errors=errors, progress=progress
    )


def _extractor(text_field: Optional[str]) -> Extractor:
    """The default extractor, or one reading records' text from ``text_field``."""
    return _DEFAULT if text_field is None else Extractor(text_field=text_field)


def sample_path() -> Path:
    """The folder of sample articles bundled with accord (English and Indonesian, one mis-encoded)."""
    return Path(__file__).resolve().parent / "sample"
