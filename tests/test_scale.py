"""Scale: Arrow tables built in Rust, pandas and polars through them, streaming batches, incremental output."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import accord
import pytest
from accord.cli import main

pa = pytest.importorskip("pyarrow")

RUST_TABLES = ("articles", "mentions", "entities", "agreements", "quotes")

# Text written for these tests.
ARTICLES = [
    "JAKARTA - Indonesia and Vietnam signed a memorandum of understanding on fisheries cooperation on Monday, "
    "the foreign minister said. \"This is a good day for both nations,\" Minister Retno Marsudi said.",
    "Menteri Luar Negeri Indonesia bertemu dengan Menteri Luar Negeri Malaysia di Kuala Lumpur pada Selasa "
    "untuk membahas kerja sama perbatasan.",
    "The Philippines and Japan agreed on Tuesday to expand defence ties, officials in Manila said.",
    "Café owners in Zürich said the new rules were 😀 welcome.",
]


@pytest.fixture(scope="module")
def corpus() -> accord.Corpus:
    return accord.parse_many(ARTICLES * 3, sources=[f"doc-{i}" for i in range(len(ARTICLES) * 3)])


def expected_rows(c: accord.Corpus, table: str) -> int:
    return len(c) if table == "articles" else sum(len(getattr(a, table)) for a in c)


@pytest.mark.parametrize("table", RUST_TABLES)
def test_to_arrow_has_typed_columns_and_one_row_per_object(corpus: accord.Corpus, table: str):
    t = corpus.to_arrow(table)
    assert isinstance(t, pa.Table)
    assert t.num_rows == expected_rows(corpus, table)
    assert t.column_names == list(corpus.table(table))
    assert t.schema.field("source").type == pa.string()
    lists = {"articles": ["topics"], "entities": ["aliases"], "agreements": ["parties", "topics", "signatories"]}
    for name in lists.get(table, []):
        assert t.schema.field(name).type == pa.list_(pa.string())
    for name in ("start", "end", "n_mentions"):
        if name in t.column_names:
            assert t.schema.field(name).type == pa.int64()
    if table == "articles":
        assert t.schema.field("published").type == pa.date32()


def test_arrow_values_match_the_objects(corpus: accord.Corpus):
    m = corpus.to_arrow("mentions").to_pylist()
    objects = [(a.source, x) for a in corpus for x in a.mentions]
    assert [(r["source"], r["label"], r["text"], r["start"], r["end"]) for r in m] == [
        (s, x.label, x.text, x.start, x.end) for s, x in objects
    ]
    g = corpus.to_arrow("agreements").to_pylist()
    assert [r["parties"] for r in g] == [list(x.parties) for a in corpus for x in a.agreements]
    arts = corpus.to_arrow("articles").to_pylist()
    assert [r["text"] for r in arts] == [a.text for a in corpus]
    assert [r["n_mentions"] for r in arts] == [len(a.mentions) for a in corpus]


def test_published_is_a_date32_with_the_article_date():
    a = accord.parse("JAKARTA, 7 August 2024 - Indonesia and Vietnam met today.")
    t = accord.Corpus([a]).to_arrow("articles")
    assert t.column("published").to_pylist() == [a.published]
    assert a.published is None or isinstance(a.published, datetime.date)


def test_the_native_table_speaks_the_pycapsule_stream_protocol(corpus: accord.Corpus):
    from accord import _accord

    native = _accord._arrow(list(corpus), "mentions")
    assert len(native) == expected_rows(corpus, "mentions")
    assert "ArrowTable(" in repr(native)
    # Readable more than once, and the schema on its own.
    assert pa.table(native).num_rows == pa.table(native).num_rows == len(native)
    assert pa.schema(native).names == ["source", "label", "text", "start", "end", "entity", "value"]
    reader = pa.RecordBatchReader.from_stream(native)
    assert sum(b.num_rows for b in reader) == len(native)


@pytest.mark.parametrize("table", RUST_TABLES)
def test_empty_corpus_gives_empty_tables_with_the_schema(table: str):
    t = accord.Corpus().to_arrow(table)
    assert t.num_rows == 0
    assert t.schema == accord.Corpus(accord.parse_many(ARTICLES[:1])).to_arrow(table).schema


def test_unknown_table_is_an_option_error_for_arrow(corpus: accord.Corpus):
    with pytest.raises(accord.OptionError, match="table"):
        corpus.to_arrow("people")  # type: ignore[arg-type]


def test_events_table_in_arrow(corpus: accord.Corpus):
    t = corpus.to_arrow("events")
    assert t.num_rows == len(corpus.events())
    assert t.schema.field("parties").type == pa.list_(pa.string())


def test_events_in_arrow_and_in_pandas_are_the_same_table(corpus: accord.Corpus):
    pytest.importorskip("pandas")
    arrow, frame = corpus.to_arrow("events"), corpus.to_pandas("events")
    assert arrow.column_names == list(frame.columns)
    assert arrow.num_rows > 0
    assert arrow.to_pylist() == frame.to_dict("records")


@pytest.mark.parametrize("table", RUST_TABLES)
def test_to_pandas_through_arrow_equals_the_dict_path(corpus: accord.Corpus, table: str):
    pd = pytest.importorskip("pandas")
    frame = corpus.to_pandas(table)
    old = pd.DataFrame(corpus.table(table))
    assert list(frame.columns) == list(old.columns)
    assert len(frame) == len(old)
    for col in frame.columns:
        got, want = list(frame[col]), list(old[col])
        if table == "articles" and col == "published":
            want = list(pd.to_datetime(pd.Series(want, dtype=object), format="%Y-%m-%d", errors="coerce"))
            assert str(frame[col].dtype).startswith("datetime64")
        assert [None if _missing(x) else x for x in got] == [None if _missing(x) else x for x in want], col


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and x != x) or repr(x) in ("NaT", "<NA>")


def test_polars_reads_the_arrow_table(corpus: accord.Corpus):
    pl = pytest.importorskip("polars")
    frame = pl.from_arrow(corpus.to_arrow("mentions"))
    assert frame.height == expected_rows(corpus, "mentions")
    assert frame.columns == ["source", "label", "text", "start", "end", "entity", "value"]
    assert frame.schema["start"] == pl.Int64
    from accord import _accord

    # Without pyarrow in between: the native object through the PyCapsule interface.
    direct = pl.DataFrame(_accord._arrow(list(corpus), "mentions"))
    assert direct.equals(frame)


@pytest.mark.parametrize("table", accord.TABLES)
def test_to_polars_is_the_arrow_table_in_polars(corpus: accord.Corpus, table: str):
    pl = pytest.importorskip("polars")
    frame = corpus.to_polars(table)
    assert isinstance(frame, pl.DataFrame)
    assert frame.height == (len(corpus.events()) if table == "events" else expected_rows(corpus, table))
    assert frame.equals(pl.from_arrow(corpus.to_arrow(table)))


@pytest.mark.parametrize("method", ["table", "to_arrow", "to_pandas", "to_polars"])
def test_an_unknown_table_names_every_table_including_events(corpus: accord.Corpus, method: str):
    with pytest.raises(accord.OptionError, match="events") as err:
        getattr(corpus, method)("people")
    assert "'people'" in str(err.value)


def test_to_parquet_writes_every_table_as_the_command_line_does(corpus: accord.Corpus, tmp_path: Path):
    import pyarrow.parquet as pq

    paths = corpus.to_parquet(tmp_path / "tables")
    assert [Path(p).name for p in paths] == [f"{t}.parquet" for t in accord.TABLES]
    for table, path in zip(accord.TABLES, paths):
        read = pq.read_table(path)
        assert read.num_rows > 0, table
        assert read.equals(corpus.to_arrow(table)), table
    # Written again over the same folder: the files are replaced, not appended to.
    assert corpus[:1].to_parquet(tmp_path / "tables") == paths
    assert pq.read_table(paths[0]).num_rows == 1


def test_to_parquet_into_a_file_is_a_read_error_naming_it(corpus: accord.Corpus, tmp_path: Path):
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder")
    with pytest.raises(accord.ReadError, match="taken"):
        corpus.to_parquet(blocker)


def test_import_accord_imports_neither_pandas_nor_pyarrow():
    code = "import sys, accord; print(any(m in sys.modules for m in ('pandas', 'pyarrow', 'polars')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# Streaming.


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    for i, text in enumerate(ARTICLES):
        (root / "a" / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    lines = [json.dumps({"text": t, "source": f"line-{i}"}) for i, t in enumerate(ARTICLES * 5)]
    lines.insert(3, "{not json")
    (root / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_iter_batches_returns_every_article_in_order(folder: Path):
    whole = accord.read(folder, errors="record")
    batches = list(accord.iter_batches(folder, batch_size=4))
    assert all(isinstance(b, accord.Corpus) for b in batches)
    assert all(len(b) + len(b.errors) <= 4 for b in batches)
    assert [a for b in batches for a in b] == list(whole)
    assert [e for b in batches for e in b.errors] == whole.errors


def test_iter_batches_records_errors_with_their_place(folder: Path):
    errors = [e for b in accord.iter_batches(folder, batch_size=3) for e in b.errors]
    assert len(errors) == 1
    assert errors[0].kind == "format" and errors[0].source.endswith("b.jsonl:4")
    # A folder's files come before its subfolders: b.jsonl is read first, and its fourth line is item 3.
    assert errors[0].index == 3


def test_iter_batches_raises_with_errors_raise(folder: Path):
    with pytest.raises(accord.FormatError):
        for _ in accord.iter_batches(folder, batch_size=3, errors="raise"):
            pass


def test_iter_batches_stopped_early_leaves_the_workers_free(folder: Path):
    # The batch after the current one is parsed ahead; leaving the loop must drop it and not hold the pool.
    for n, batch in enumerate(accord.iter_batches(folder, batch_size=2)):
        assert len(batch) + len(batch.errors) <= 2
        if n == 1:
            break
    sources = [a.source for b in accord.iter_batches(folder / "b.jsonl", batch_size=7) for a in b]
    assert sources == [f"line-{i}" for i in range(len(ARTICLES) * 5)]


def test_a_jsonl_file_is_read_in_batches(folder: Path):
    sizes = [len(b) + len(b.errors) for b in accord.iter_batches(folder / "b.jsonl", batch_size=7)]
    assert sizes == [7, 7, 7]
    sources = [a.source for b in accord.iter_batches(folder / "b.jsonl", batch_size=7) for a in b]
    assert sources == [f"line-{i}" for i in range(len(ARTICLES) * 5)]


def test_iter_batches_options_are_checked_at_the_call(folder: Path):
    with pytest.raises(accord.OptionError):
        accord.iter_batches(folder, batch_size=0)
    with pytest.raises(accord.OptionError):
        accord.iter_batches()
    with pytest.raises(ValueError):
        accord.iter_batches(folder, errors="ignore")  # type: ignore[arg-type]


def test_extractor_iter_batches_uses_its_gazetteer(tmp_path: Path):
    (tmp_path / "x.txt").write_text("Officials of Zorblax Holdings met in Jakarta on Monday.", encoding="utf-8")
    ex = accord.Extractor(gazetteer={"Zorblax Holdings": "ORG"})
    (batch,) = list(ex.iter_batches(tmp_path))
    assert any(m.text == "Zorblax Holdings" and m.label == "ORG" for m in batch[0].mentions)


def test_a_missing_path_is_one_recorded_error(tmp_path: Path):
    (batch,) = list(accord.iter_batches(tmp_path / "nope.txt"))
    assert len(batch) == 0 and batch.errors[0].kind == "io"


# The command line, batch by batch.


def test_cli_writes_parquet_incrementally(folder: Path, tmp_path: Path, capsys):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "--format", "parquet", "--batch-size", "4",
                 "--no-progress"]) == 0
    whole = accord.read(folder, errors="record")
    for table in RUST_TABLES:
        f = pq.ParquetFile(out / f"{table}.parquet")
        assert f.metadata.num_rows == expected_rows(whole, table), table
        if table == "articles":
            batches = [b for b in accord.iter_batches(folder, batch_size=4) if len(b)]
            assert f.metadata.num_row_groups == len(batches) > 1
        assert pq.read_table(out / f"{table}.parquet").schema == whole.to_arrow(table).schema
    assert pq.ParquetFile(out / "events.parquet").metadata.num_rows >= 0
    printed = capsys.readouterr().out
    assert re.search(rf"^articles +{len(whole)}$", printed, re.M)
    assert "errors" in printed


def test_cli_writes_parquet_without_pyarrow_or_pandas(folder: Path, tmp_path: Path):
    # The files are written in Rust: the command imports neither, and the files read back as the tables.
    out = tmp_path / "out"
    code = (f"import sys; from accord.cli import main; "
            f"assert main(['extract', {str(folder)!r}, '-o', {str(out)!r}, '--format', 'parquet', '--no-progress']) == 0; "
            "print(sorted(m for m in ('pyarrow', 'pandas', 'numpy') if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "[]"
    whole = accord.read(folder, errors="record")
    import pyarrow.parquet as pq

    for table in RUST_TABLES:
        assert pq.read_table(out / f"{table}.parquet").equals(whole.to_arrow(table)), table


def test_cli_jsonl_and_csv_append_batch_by_batch(folder: Path, tmp_path: Path):
    pd = pytest.importorskip("pandas")
    whole = accord.read(folder, errors="record")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--batch-size", "3", "--no-progress"]) == 0
    assert [json.loads(x)["source"] for x in out.read_text(encoding="utf-8").splitlines()] == [
        a.source for a in whole
    ]
    csv_out = tmp_path / "csv"
    assert main(["extract", str(folder), "-o", str(csv_out), "--format", "csv", "--batch-size", "3",
                 "--no-progress"]) == 0
    for table in RUST_TABLES:
        assert len(pd.read_csv(csv_out / f"{table}.csv")) == expected_rows(whole, table), table


def test_cli_summary_counts_every_batch(folder: Path, capsys):
    assert main(["extract", str(folder), "--batch-size", "2", "--no-progress"]) == 0
    one = capsys.readouterr().out
    assert main(["extract", str(folder), "--batch-size", "1000", "--no-progress"]) == 0
    assert capsys.readouterr().out == one
