"""Reading files, folders and globs: text, Markdown, HTML, JSON and JSON Lines."""

from __future__ import annotations

import json
import os
from pathlib import Path

import accord
import pytest

STORY = "JAKARTA - Indonesia and Japan agreed on Tuesday to work together on digital skills.\n"


def test_reads_every_supported_format_in_a_tree(tmp_path: Path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("# Daily\n\n" + STORY, encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "c.html").write_text(
        "<html><head><title>Japan deal</title></head><body><p>" + STORY + "</p></body></html>", encoding="utf-8"
    )
    (tmp_path / "d.json").write_text(json.dumps([{"body": STORY, "url": "u1"}, {"content": STORY, "id": 7}]))
    (tmp_path / "e.jsonl").write_text(json.dumps({"text": STORY, "section": "tech"}) + "\n")
    (tmp_path / ".hidden.txt").write_text(STORY)
    c = accord.read(tmp_path)
    assert len(c) == 6
    assert not c.errors
    sources = [os.path.basename(a.source) for a in c]
    assert sources == ["a.txt", "d.json#0", "d.json#1", "e.jsonl:1", "b.md", "c.html"]
    for a in c:
        assert "Indonesia and Japan agreed" in a.text
    meta = {os.path.basename(a.source): a.metadata for a in c}
    assert meta["d.json#0"] == {"url": "u1"}
    assert meta["d.json#1"] == {"id": 7}
    assert meta["e.jsonl:1"] == {"section": "tech"}
    assert "<p>" not in c[-1].text


def test_globs_and_several_paths(tmp_path: Path):
    for n in range(3):
        (tmp_path / f"n{n}.txt").write_text(STORY)
    c = accord.read(str(tmp_path / "n*.txt"), tmp_path / "n0.txt")
    assert len(c) == 4
    # A list of paths, as glob.glob or a directory listing gives them, is read path by path.
    listed = sorted(tmp_path.glob("n*.txt"))
    assert len(accord.read(listed)) == 3
    assert len(accord.read([str(p) for p in listed], tmp_path / "n0.txt")) == 4
    assert sum(len(b) for b in accord.iter_batches(listed, batch_size=2)) == 3


def test_malformed_jsonl_line_is_one_error(tmp_path: Path):
    p = tmp_path / "batch.jsonl"
    p.write_text(json.dumps({"text": STORY}) + "\n{not json\n" + json.dumps({"text": STORY}) + "\n")
    c = accord.read(p, errors="record")
    assert len(c) == 2
    assert len(c.errors) == 1
    err = c.errors[0]
    assert err.kind == "format" and err.source.endswith("batch.jsonl:2")
    with pytest.raises(accord.FormatError, match="batch.jsonl:2"):
        accord.read(p)


def test_missing_path_and_binary_file_are_reported(tmp_path: Path):
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "fake.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    c = accord.read(tmp_path, tmp_path / "nope", errors="record")
    assert [os.path.basename(a.source) for a in c] == ["good.txt"]
    by_source = {os.path.basename(e.source): e for e in c.errors}
    assert set(by_source) == {"fake.txt", "picture.png", "nope"}
    assert by_source["nope"].kind == "io" and "no such file" in by_source["nope"].message
    with pytest.raises(accord.ReadError, match="nope"):
        accord.read(tmp_path / "nope")


def test_read_needs_a_path():
    with pytest.raises(accord.OptionError):
        accord.read()
    with pytest.raises(accord.OptionError):
        accord.read([])
    with pytest.raises(TypeError, match="file paths"):
        accord.read(["a.txt", 3])


def test_bundled_sample():
    c = accord.read(accord.sample_path())
    assert len(c) >= 4
    assert {a.language for a in c} >= {"en", "id"}
    assert not c.errors
