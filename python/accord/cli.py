"""The ``accord`` command line: ``accord extract [PATHS...] [-o OUT] [--format jsonl|csv|parquet]``."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence

import accord
from accord._corpus import TABLES, Corpus

FORMATS = ("jsonl", "csv", "parquet")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="accord", description="Turn news articles into analyzable data.")
    p.add_argument("--version", action="version", version=f"accord {accord.__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser(
        "extract",
        help="extract articles, mentions, entities, agreements and quotes",
        description=(
            "Extract from files, folders and globs (.txt .md .html .json .jsonl); with no paths, from the sample "
            "articles bundled with accord. jsonl writes one article per line to OUT (a file); csv and parquet "
            "write one file per table (articles, mentions, entities, agreements, quotes) into OUT (a folder)."
        ),
    )
    ex.add_argument("paths", nargs="*", help="files, folders or globs (default: the bundled sample)")
    ex.add_argument("-o", "--output", help="output file (jsonl) or folder (csv, parquet)")
    ex.add_argument("--format", choices=FORMATS, help="output format (default: from OUT's ending, else jsonl)")
    ex.add_argument("--workers", type=int, default=None, help="worker threads (default: all cores)")
    ex.add_argument("--strict", action="store_true", help="stop at the first unreadable item instead of reporting it")
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


def _write(corpus: Corpus, output: str, fmt: str) -> list[str]:
    if fmt == "jsonl":
        parent = Path(output).parent
        parent.mkdir(parents=True, exist_ok=True)
        corpus.to_jsonl(output)
        return [output]
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        frame = corpus.to_pandas(table)
        path = folder / f"{table}.{fmt}"
        if fmt == "csv":
            frame.to_csv(path, index=False)
        else:
            frame.to_parquet(path, index=False)
        written.append(str(path))
    return written


def summary(corpus: Corpus) -> str:
    """A short table: articles, languages, mentions by label, agreements, quotes, errors."""
    langs = Counter(a.language or "?" for a in corpus)
    labels = Counter(m.label for a in corpus for m in a.mentions)
    rows = [
        ("articles", str(len(corpus))),
        ("languages", ", ".join(f"{k} {v}" for k, v in langs.most_common()) or "-"),
        ("mentions", str(sum(labels.values()))),
    ]
    rows += [(f"  {label}", str(n)) for label, n in sorted(labels.items())]
    rows += [
        ("entities", str(sum(len(a.entities) for a in corpus))),
        ("agreements", str(sum(len(a.agreements) for a in corpus))),
        ("quotes", str(sum(len(a.quotes) for a in corpus))),
        ("errors", str(len(corpus.errors))),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    for e in corpus.errors[:10]:
        lines.append(f"  ! {e.source}: {e.message}")
    if len(corpus.errors) > 10:
        lines.append(f"  ! ... and {len(corpus.errors) - 10} more")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    paths = args.paths or [str(accord.sample_path())]
    fmt = _format_of(args.output, args.format)
    show_progress = not args.no_progress and sys.stderr.isatty()
    try:
        corpus = accord.read(
            *paths,
            workers=args.workers,
            progress=show_progress,
            errors="raise" if args.strict else "record",
        )
        written = _write(corpus, args.output, fmt) if args.output else []
    except accord.AccordError as e:
        print(f"accord: error: {e}", file=sys.stderr)
        return 1
    except ImportError as e:
        print(f"accord: {fmt} output needs an optional package: {e} (pip install 'accord[arrow]')", file=sys.stderr)
        return 1
    if not args.paths:
        print(f"(no paths given: ran on the bundled sample, {accord.sample_path()})")
    print(summary(corpus))
    for w in written:
        print(f"wrote {w}")
    if not args.output:
        print(f"(use -o OUT to write the results; e.g. -o out.jsonl, or -o out{os.sep} --format parquet)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
