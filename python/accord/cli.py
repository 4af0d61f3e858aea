"""The ``accord`` command line: ``accord extract [PATHS...] [-o OUT] [--format jsonl|csv|parquet]``."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence, Union

import accord
from accord import _accord
from accord._corpus import TABLES, Corpus, ItemError

FORMATS = ("jsonl", "csv", "parquet")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="accord", description="Turn news articles into analyzable data.")
    p.add_argument("--version", action="version", version=f"accord {accord.__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser(
        "extract",
        help="extract articles, mentions, entities, agreements and quotes",
        description=(
            "Extract from files, folders and globs (.txt .md .html .json .jsonl .csv .tsv .parquet; also compressed, "
            ".gz or .zst: news.jsonl.gz); with no paths, from the sample "
            "articles bundled with accord. jsonl writes one article per line to OUT (a file); csv and parquet "
            "write one file per table (articles, mentions, entities, agreements, quotes) into OUT (a folder)."
        ),
    )
    ex.add_argument("paths", nargs="*", help="files, folders or globs (default: the bundled sample)")
    ex.add_argument("-o", "--output", help="output file (jsonl) or folder (csv, parquet)")
    ex.add_argument("--format", choices=FORMATS, help="output format (default: from OUT's ending, else jsonl)")
    ex.add_argument("--workers", type=int, default=None, help="worker threads (default: all cores)")
    ex.add_argument("--strict", action="store_true", help="stop at the first unreadable item instead of reporting it")
    ex.add_argument(
        "--batch-size",
        type=int,
        default=1000,
        help="articles read, parsed and written at a time; memory grows with it (default: 1000)",
    )
    ex.add_argument(
        "--no-tagger",
        action="store_true",
        help="names from rules and name lists only: about twice as fast, same countries, agreements and topics, "
        "almost no people",
    )
    ex.add_argument(
        "--text-field",
        metavar="NAME",
        help="the field of a record (JSON, JSON Lines, CSV, TSV, Parquet) that holds its text (default: text, body or content)",
    )
    ex.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    return p


def _format_of(output: Optional[str], given: Optional[str]) -> str:
    if given:
        return given
    if output:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
    return "jsonl"


class _Tally:
    """The summary counts, accumulated batch by batch."""

    def __init__(self) -> None:
        self.articles = 0
        self.languages: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.entities = self.agreements = self.quotes = 0
        self.errors: list[ItemError] = []
        self.n_errors = 0

    def add(self, corpus: Corpus) -> None:
        """Count one batch (in Rust: no Python object per mention)."""
        self.articles += len(corpus)
        languages, labels, entities, agreements, quotes = _accord._counts(corpus._articles)
        self.languages.update(languages)
        self.labels.update(labels)
        self.entities += entities
        self.agreements += agreements
        self.quotes += quotes
        errors = corpus.errors
        self.n_errors += len(errors)
        self.errors.extend(errors[: max(0, 10 - len(self.errors))])


class _Sink:
    """Where the batches go: one JSON Lines file appended batch by batch, or one file per table in a folder
    (csv appended; parquet written in Rust, one row group per batch), so that memory holds one batch at a time."""

    def __init__(self, output: str, fmt: str) -> None:
        self.fmt = fmt
        self.paths: list[str] = []
        self._parquet: Optional[_accord.ParquetSink] = None
        self._event_ids: Counter[str] = Counter()
        if fmt == "jsonl":
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            open(output, "wb").close()
            self.paths = [output]
            return
        if fmt == "parquet":
            self._parquet = _accord.ParquetSink(output)
            self.paths = [str(p) for p in self._parquet.paths]
            return
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        self._files = {t: folder / f"{t}.{fmt}" for t in TABLES}
        self.paths = [str(p) for p in self._files.values()]
        empty = Corpus()
        for t, path in self._files.items():
            empty.to_pandas(t).to_csv(path, index=False)

    def _fresh_ids(self, ids: list[str]) -> list[str]:
        # Events group the reports within a batch; an id met in an earlier batch gets a suffix, as within one.
        out = []
        for i in ids:
            self._event_ids[i] += 1
            out.append(i if self._event_ids[i] == 1 else f"{i}-{self._event_ids[i]}")
        return out

    def write(self, corpus: Corpus) -> None:
        if self.fmt == "jsonl":
            _accord._write_jsonl(corpus._articles, self.paths[0], append=True)
        elif self._parquet is not None:
            self._parquet.write(corpus._articles)
        else:
            for t, path in self._files.items():
                frame = corpus.to_pandas(t)
                if t == "events" and len(frame):
                    frame["id"] = self._fresh_ids(list(frame["id"]))
                if len(frame):
                    frame.to_csv(path, mode="a", header=False, index=False)

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()


def summary(corpus: Union[Corpus, _Tally]) -> str:
    """A short table: articles, languages, mentions by label, agreements, quotes, errors."""
    if isinstance(corpus, Corpus):
        tally = _Tally()
        tally.add(corpus)
    else:
        tally = corpus
    rows = [
        ("articles", str(tally.articles)),
        ("languages", ", ".join(f"{k} {v}" for k, v in tally.languages.most_common()) or "-"),
        ("mentions", str(sum(tally.labels.values()))),
    ]
    rows += [(f"  {label}", str(n)) for label, n in sorted(tally.labels.items())]
    rows += [
        ("entities", str(tally.entities)),
        ("agreements", str(tally.agreements)),
        ("quotes", str(tally.quotes)),
        ("errors", str(tally.n_errors)),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    for e in tally.errors[:10]:
        # Messages of read errors already name their source.
        lines.append(f"  ! {e.message}" if e.source and e.source in e.message else f"  ! {e.source}: {e.message}")
    if tally.n_errors > 10:
        lines.append(f"  ! ... and {tally.n_errors - 10} more")
    return "\n".join(lines)


def _run(paths: list[str], args: argparse.Namespace, fmt: str, progress: bool) -> tuple[_Tally, list[str]]:
    """Read the batches, write each as it comes and count it; returns the counts and the files written."""
    tally = _Tally()
    batches = accord.Extractor(tagger=not args.no_tagger, text_field=args.text_field).iter_batches(
        *paths,
        batch_size=args.batch_size,
        workers=args.workers,
        progress=progress,
        errors="raise" if args.strict else "record",
    )
    sink = _Sink(args.output, fmt) if args.output else None
    try:
        for batch in batches:
            tally.add(batch)
            if sink is not None:
                sink.write(batch)
    finally:
        if sink is not None:
            sink.close()
    return tally, sink.paths if sink is not None else []


def run() -> int:
    """The ``accord`` command and ``python -m accord``: :func:`main` in a process of its own. csv output imports
    pandas, hence numpy, whose OpenBLAS starts a thread per core that spins for a while, taking CPU from the
    workers; the command does no linear algebra, so it asks for one unless the caller set a number."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        return main()
    except BrokenPipeError:
        # The reader of the summary went away (`accord extract ... | head`): the files are written; say nothing
        # more, and keep Python from reporting the pipe again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    paths = args.paths or [str(accord.sample_path())]
    fmt = _format_of(args.output, args.format)
    show_progress = not args.no_progress and sys.stderr.isatty()
    try:
        tally, written = _run(paths, args, fmt, show_progress)
    except accord.AccordError as e:
        print(f"accord: error: {e}", file=sys.stderr)
        return 1
    except ImportError as e:
        print(f"accord: {fmt} output needs an optional package: {e} (pip install 'accord[pandas]')", file=sys.stderr)
        return 1
    if not args.paths:
        print(f"(no paths given: ran on the bundled sample, {accord.sample_path()})")
    print(summary(tally))
    for w in written:
        print(f"wrote {w}")
    if not args.output:
        print(f"(use -o OUT to write the results; e.g. -o out.jsonl, or -o out{os.sep} --format parquet)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
