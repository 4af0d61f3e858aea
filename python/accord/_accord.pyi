"""The native core of accord (Rust). Import from ``accord``, not from here."""

import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Callable, Optional, Union, final

__all__ = [
    "Agreement",
    "ArrowTable",
    "Article",
    "BatchIterator",
    "DEFAULT_MAX_BYTES",
    "Entity",
    "Extractor",
    "Mention",
    "ParquetSink",
    "Quote",
    "__version__",
    "_arrow",
    "_counts",
    "_events",
    "_events_arrow",
    "_exiting",
    "_restore",
    "_table",
    "_wait_for_warm_up",
    "_write_jsonl",
    "fix_text",
]
__version__: str
DEFAULT_MAX_BYTES: int


@final
class Mention:
    """A named thing in the article text; ``article.text[start:end] == text``."""

    def __new__(
        cls, label: str, text: str, start: int, end: int, entity: Optional[str] = None, value: Optional[str] = None
    ) -> Mention: ...
    @property
    def label(self) -> str:
        """One of ``PERSON``, ``ORG``, ``COUNTRY``, ``NORP``, ``LOCATION``, ``DATE``, ``MONEY``, ``PERCENT``,
        ``EVENT``, ``AGREEMENT``."""
    @property
    def text(self) -> str:
        """The mention as it stands in the text."""
    @property
    def start(self) -> int:
        """Start offset (Python string index into ``Article.text``)."""
    @property
    def end(self) -> int:
        """End offset (exclusive)."""
    @property
    def entity(self) -> Optional[str]:
        """The id of the entity this mention refers to."""
    @property
    def value(self) -> Optional[str]:
        """A normalised value: ISO 8601 for dates (``2031-03-19``, ``2031-09``, ``P5Y``), ISO 4217 for money."""
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Entity:
    """A distinct person, organisation, country or place of one article."""

    def __new__(
        cls,
        id: str,
        kind: str,
        name: str,
        code: Optional[str] = None,
        aliases: list[str] = ...,
        role: Optional[str] = None,
        country: Optional[str] = None,
    ) -> Entity: ...
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str:
        """``person``, ``org``, ``country``, ``location``, ..."""
    @property
    def name(self) -> str:
        """The fullest name the article gives."""
    @property
    def code(self) -> Optional[str]:
        """ISO 3166-1 alpha-3 code, for countries."""
    @property
    def aliases(self) -> list[str]:
        """Other forms used: acronyms, short names."""
    @property
    def role(self) -> Optional[str]:
        """A person's title as the article gives it."""
    @property
    def country(self) -> Optional[str]:
        """ISO3 of the state a person serves or an organisation belongs to."""
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Agreement:
    """An instrument of cooperation the article reports."""

    def __new__(
        cls,
        kind: str,
        status: str,
        name: Optional[str] = None,
        parties: list[str] = ...,
        date: Optional[str] = None,
        place: Optional[str] = None,
        topics: list[str] = ...,
        signatories: list[str] = ...,
        start: int = 0,
        end: int = 0,
        cameo: Optional[str] = None,
        plover: Optional[str] = None,
    ) -> Agreement: ...
    @property
    def kind(self) -> str:
        """``mou``, ``treaty``, ``declaration``, ``joint_statement``, ``partnership``, ``initiative``, ``other``."""
    @property
    def name(self) -> Optional[str]: ...
    @property
    def parties(self) -> list[str]:
        """ISO3 codes (or ``ASEAN``) of the sides."""
    @property
    def status(self) -> str:
        """``signed``, ``agreed``, ``planned`` or ``welcomed``."""
    @property
    def date(self) -> Optional[str]:
        """ISO date, possibly partial (``2023-09``)."""
    @property
    def place(self) -> Optional[str]: ...
    @property
    def topics(self) -> list[str]: ...
    @property
    def signatories(self) -> list[str]:
        """Persons who signed or agreed it, by entity name."""
    @property
    def start(self) -> int:
        """Start of the sentence that reports it (offset into ``Article.text``)."""
    @property
    def end(self) -> int:
        """End of that sentence."""
    @property
    def cameo(self) -> Optional[str]:
        """CAMEO event code of the act reported (``057`` sign formal agreement, ...)."""
    @property
    def plover(self) -> Optional[str]:
        """PLOVER event type of the act reported (``AGREE``, ``SUPPORT``, ``CONSULT``)."""
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Quote:
    """A quoted statement and its speaker."""

    def __new__(
        cls, text: str, start: int, end: int, speaker: Optional[str] = None, cue: Optional[str] = None
    ) -> Quote: ...
    @property
    def text(self) -> str: ...
    @property
    def speaker(self) -> Optional[str]:
        """The speaker's entity name, when the speaker is a named person or organisation."""
    @property
    def cue(self) -> Optional[str]:
        """The word that attributes the quote (``said``, ``kata``, ...)."""
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Article:
    """One parsed article: metadata, repaired text and everything extracted from it."""

    @property
    def source(self) -> Optional[str]:
        """Where the article came from (file path, record, or what the caller gave)."""
    @property
    def title(self) -> Optional[str]: ...
    @property
    def outlet(self) -> Optional[str]: ...
    @property
    def author(self) -> Optional[str]: ...
    @property
    def published(self) -> Optional[datetime.date]: ...
    @property
    def dateline(self) -> Optional[str]:
        """The place that opens the story (``JAKARTA -``)."""
    @property
    def language(self) -> Optional[str]:
        """ISO 639-1 code of the body (``en``, ``id``, ...)."""
    @property
    def text(self) -> str:
        """The article as printed (headline, byline, story), repaired, without boilerplate."""
    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Paragraphs as ``(start, end)`` offsets into ``text``."""
    @property
    def repairs(self) -> dict[str, int]:
        """What the repair stage changed, by kind and count, and ``prose_dropped_after_end``: paragraphs of prose left
        out below a line that closes the story ("Related Articles", a comment form), such as
        readers' comments or further stories pasted into the same text."""
    @property
    def mentions(self) -> list[Mention]: ...
    @property
    def entities(self) -> list[Entity]: ...
    @property
    def agreements(self) -> list[Agreement]: ...
    @property
    def quotes(self) -> list[Quote]: ...
    @property
    def topics(self) -> list[str]: ...
    @property
    def metadata(self) -> dict[str, Any]:
        """Fields that came with the input record (JSON) and are not part of the schema."""
    def to_dict(self) -> dict[str, Any]:
        """The article in the export schema, as plain Python values."""
    def to_json(self) -> str:
        """The article in the export schema, as one line of JSON."""
    def _repr_html_(self) -> str:
        """The article as HTML for notebooks: metadata, agreements, quotes, and the text with mentions
        highlighted by label."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Extractor:
    """A configured extraction pipeline; build once, use for many articles."""

    def __new__(
        cls,
        *,
        max_bytes: int = ...,
        gazetteer: list[tuple[str, str, Optional[str]]] = ...,
        tagger: bool = True,
        text_field: Optional[str] = None,
    ) -> Extractor: ...
    @property
    def max_bytes(self) -> int:
        """The largest article (in bytes) this extractor accepts; larger ones raise ``InputError``."""
    @property
    def tagger(self) -> bool:
        """Whether the learned tagger finds names (else the rules and the name lists alone)."""
    @property
    def text_field(self) -> Optional[str]:
        """The field of a record that holds its text, if one is set (else ``text``, ``body`` or ``content``)."""
    def parse(
        self,
        text: Union[str, bytes, Mapping[str, Any]],
        /,
        *,
        source: Optional[str] = None,
        language: Optional[str] = None,
    ) -> Article:
        """Parse one article from text, bytes or a record (a mapping)."""
    def _parse_many(
        self,
        items: Iterable[Union[str, bytes, Mapping[str, Any]]],
        /,
        *,
        sources: Optional[Iterable[Optional[str]]] = None,
        workers: Optional[int] = None,
        progress: Optional[Callable[[int], Any]] = None,
        errors: str = "raise",
    ) -> tuple[list[Article], list[dict[str, Any]]]: ...
    def _read(
        self,
        paths: Sequence[Union[str, os.PathLike[str]]],
        /,
        *,
        workers: Optional[int] = None,
        progress: Optional[Any] = None,
        errors: str = "raise",
    ) -> tuple[list[Article], list[dict[str, Any]]]: ...
    def _iter_batches(
        self,
        paths: Sequence[Union[str, os.PathLike[str]]],
        /,
        *,
        batch_size: int = 1000,
        workers: Optional[int] = None,
        progress: Optional[Callable[[int], Any]] = None,
        errors: str = "record",
    ) -> BatchIterator: ...

@final
class BatchIterator:
    """Batches of ``(articles, error records)`` read lazily from files; made by ``Extractor._iter_batches``."""

    def __iter__(self) -> BatchIterator: ...
    def __next__(self) -> tuple[list[Article], list[dict[str, Any]]]: ...

@final
class ArrowTable:
    """One table as Arrow record batches, for any consumer of the Arrow PyCapsule interface
    (``pyarrow.table(t)``, ``polars.from_arrow(t)``)."""

    def __len__(self) -> int: ...
    def __arrow_c_schema__(self) -> object:
        """The schema as an ``arrow_schema`` capsule."""
    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """The record batches as an ``arrow_array_stream`` capsule."""

@final
class ParquetSink:
    """A folder of Parquet files, one per table (``accord.TABLES``), appended a row group per batch in Rust;
    the command line's parquet output."""

    def __new__(cls, folder: Union[str, os.PathLike[str]]) -> ParquetSink: ...
    @property
    def paths(self) -> list[str]:
        """The files, one per table."""
    def write(self, articles: Iterable[Article]) -> None:
        """Append the rows of ``articles`` to every table."""
    def close(self) -> None:
        """Finish the files; closing twice does nothing."""

def fix_text(text: str) -> str:
    """Repair mojibake, invisible and control characters and styled letters in ``text``."""

def _wait_for_warm_up() -> None: ...
def _exiting() -> None: ...
def _write_jsonl(
    articles: Iterable[Article], path: Union[str, os.PathLike[str]], *, append: bool = False
) -> None: ...
def _table(articles: Iterable[Article], table: str) -> dict[str, list[Any]]: ...
def _arrow(articles: Iterable[Article], table: str) -> ArrowTable: ...
def _events(
    articles: Iterable[Article],
) -> list[
    tuple[str, str, list[str], Optional[str], Optional[str], list[tuple[int, int]], list[str], list[str]]
]: ...
def _events_arrow(articles: Iterable[Article]) -> ArrowTable: ...
def _restore(name: str, json: str) -> Any: ...
def _counts(
    articles: Iterable[Article],
) -> tuple[dict[str, int], dict[str, int], int, int, int]: ...
