"""Exports: JSON Lines in the scorer's schema, pandas tables, and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import accord
import pytest
from accord.cli import main

SCHEMA = {
    "mentions": {"label", "text", "start", "end", "entity"},
    "entities": {"id", "kind", "name", "code", "aliases", "role", "country"},
    "agreements": {"kind", "name", "parties", "status", "date", "place", "topics", "signatories"},
    "quotes": {"text", "speaker", "cue", "start", "end"},
}


def test_jsonl_export_has_the_scorer_schema(tmp_path: Path):
    c = accord.read(accord.sample_path())
    out = tmp_path / "out.jsonl"
    c.to_jsonl(out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(c)
    for line, article in zip(lines, c):
        d = json.loads(line)
        assert d["source"] == article.source
        assert d["text"] == article.text
        assert d["published"] is None or len(d["published"]) == 10
        for key, fields in SCHEMA.items():
            for item in d[key]:
                assert set(item) >= fields
        assert isinstance(d["topics"], list)


@pytest.mark.parametrize("table", accord.TABLES)
def test_tables_as_pandas(table):
    pd = pytest.importorskip("pandas")
    c = accord.read(accord.sample_path())
    frame = c.to_pandas(table)
    assert isinstance(frame, pd.DataFrame)
    if table == "events":
        assert list(frame.columns) == ["id", "kind", "parties", "date", "place", "agreements", "sources"]
        assert len(frame) == len(c.events())
        return
    assert "source" in frame.columns
    if table == "articles":
        assert len(frame) == len(c)
        assert list(frame["source"]) == [a.source for a in c]
        assert str(frame["published"].dtype).startswith("datetime64")
    else:
        assert len(frame) == sum(len(getattr(a, table)) for a in c)


def test_unknown_table_is_an_option_error():
    with pytest.raises(accord.OptionError, match="table"):
        accord.read(accord.sample_path()).table("people")  # type: ignore[arg-type]


def test_cli_runs_on_the_bundled_sample(capsys):
    assert main(["extract", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "bundled sample" in out
    assert "articles" in out and "languages" in out and "errors" in out


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_cli_writes_each_format(tmp_path: Path, fmt: str, capsys):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
    assert main(["extract", str(accord.sample_path()), "-o", str(out), "--format", fmt, "--no-progress"]) == 0
    if fmt == "jsonl":
        assert len(out.read_text().splitlines()) == len(accord.read(accord.sample_path()))
    else:
        assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.{fmt}" for t in accord.TABLES)


def test_cli_without_the_tagger_keeps_countries_and_drops_people(tmp_path: Path):
    outs = {}
    for flags in ([], ["--no-tagger"]):
        out = tmp_path / f"out{len(flags)}.jsonl"
        assert main(["extract", str(accord.sample_path()), "-o", str(out), "--no-progress", *flags]) == 0
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        outs[bool(flags)] = Counter(m["label"] for r in rows for m in r["mentions"])
    assert outs[True]["COUNTRY"] == outs[False]["COUNTRY"] > 0
    assert outs[True]["PERSON"] < outs[False]["PERSON"]


def test_cli_reports_unreadable_items_and_carries_on(tmp_path: Path, capsys):
    (tmp_path / "ok.txt").write_text("HANOI - Vietnam and Laos agreed to cooperate.\n")
    (tmp_path / "bad.jsonl").write_text("{broken\n")
    assert main(["extract", str(tmp_path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "errors    1" in out.replace("  ", "  ") or "errors" in out
    assert "bad.jsonl:1" in out
    assert main(["extract", str(tmp_path), "--strict", "--no-progress"]) == 1


def test_console_script_entry_point():
    res = subprocess.run([sys.executable, "-m", "accord", "extract", "--no-progress"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "articles" in res.stdout


def test_the_command_stops_quietly_when_its_reader_goes_away():
    # `accord extract | head`: the summary's reader may close the pipe before the summary is written (here it
    # never reads: `true` exits at once); the command says nothing more, no traceback.
    res = subprocess.run(f"{sys.executable} -m accord extract --no-progress | true", shell=True,
                         capture_output=True, text=True)
    assert res.returncode == 0
    assert res.stderr == ""


def test_stub_matches_the_native_module():
    pytest.importorskip("mypy")
    res = subprocess.run([sys.executable, "-m", "mypy.stubtest", "accord._accord"], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
