"""Records: mappings (and DataFrames) given to parse and parse_many, read as JSON Lines records are."""

from __future__ import annotations

import datetime
from collections import OrderedDict

import accord
import pytest

# Text written for these tests.
TEXT = ("Vietnam and Laos will sign a memorandum of understanding on river transport next year, "
        "the minister said on Wednesday.")
ID_TEXT = "Malaysia dan Filipina menandatangani nota kesepahaman di Manila pada Selasa."


def record(**fields: object) -> dict:
    return {"text": TEXT, "title": "River pact", "published": datetime.date(2031, 3, 5), **fields}


def test_a_record_gives_its_metadata_and_dates_its_text():
    a = accord.parse(record(outlet="Lotus Daily", author="A. Writer", section="Region"))
    assert (a.title, a.outlet, a.author, a.published) == ("River pact", "Lotus Daily", "A. Writer",
                                                          datetime.date(2031, 3, 5))
    assert a.metadata["section"] == "Region"
    assert a.metadata["published"] == "2031-03-05"
    # The publication date anchors relative dates, as it does for a JSON Lines record.
    dates = {m.text: m.value for m in a.mentions if m.label == "DATE"}
    assert dates == {"next year": "2032", "Wednesday": "2031-03-05"}
    assert [(ag.kind, ag.parties, ag.date) for ag in a.agreements] == [("mou", ["LAO", "VNM"], "2032")]


def test_a_record_is_parsed_like_the_same_record_read_from_json_lines(tmp_path):
    rec = {"text": TEXT, "title": "River pact", "published": "2031-03-05", "source": "river.txt", "tags": ["a", 2]}
    path = tmp_path / "one.jsonl"
    import json

    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    assert accord.parse(rec) == accord.read(path)[0]


def test_record_values_become_json_values():
    a = accord.parse(record(
        count=3, share=0.5, missing=float("nan"), flag=True, nothing=None, when=datetime.datetime(2031, 3, 5, 9, 30),
        nested={"k": [1, "two", (3,)]}, raw=b"caf\xc3\xa9", other=OrderedDict(b=1), odd=complex(1, 2), **{"7": "seven"},
        kind=datetime.date, huge=10**30,
    ))
    m = a.metadata
    assert (m["count"], m["share"], m["missing"], m["flag"], m["nothing"]) == (3, 0.5, None, True, None)
    assert m["when"] == "2031-03-05T09:30:00"
    assert m["nested"] == {"k": [1, "two", [3]]}
    assert (m["raw"], m["other"], m["odd"], m["7"]) == ("café", {"b": 1}, "(1+2j)", "seven")
    assert (m["kind"], m["huge"]) == ("<class 'datetime.date'>", str(10**30))


def test_sources_name_records_first_then_their_source_then_their_url():
    c = accord.parse_many([record(source="own.txt"), record(url="https://example.org/river"), record()])
    assert [a.source for a in c] == ["own.txt", "https://example.org/river", None]
    given = accord.parse_many([record(source="own.txt"), record()], sources=["given-1", "given-2"])
    assert [a.source for a in given] == ["given-1", "given-2"]
    assert accord.parse(record(source="own.txt"), source="given").source == "given"


def test_records_and_texts_mix_and_a_record_without_text_is_an_input_error():
    with pytest.raises(accord.InputError, match="text, body, content"):
        accord.parse({"title": "No text here"})
    with pytest.raises(accord.InputError, match="text, body, content"):
        accord.parse({"text": 42})
    c = accord.parse_many([{"title": "No text here"}, ID_TEXT, {"body": ID_TEXT, "language": "id"}], errors="record")
    assert [e.index for e in c.errors] == [0]
    assert c.errors[0].kind == "input"
    assert [a.language for a in c] == ["id", "id"]


def test_one_record_given_to_parse_many_is_a_clear_error():
    with pytest.raises(TypeError, match="use parse"):
        accord.parse_many(record())


def test_a_pandas_dataframe_is_read_as_its_rows():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([
        record(source="a"),
        {"text": ID_TEXT, "title": None, "published": pd.Timestamp("2031-01-07"), "source": "b"},
    ])
    c = accord.parse_many(frame)
    assert [(a.source, a.published, a.language) for a in c] == [
        ("a", datetime.date(2031, 3, 5), "en"), ("b", datetime.date(2031, 1, 7), "id")]
    assert c[0] == accord.parse(record(source="a"))


def test_a_polars_dataframe_is_read_as_its_rows():
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"text": [TEXT, ID_TEXT], "published": [datetime.date(2031, 3, 5), None], "source": ["a", "b"]})
    c = accord.parse_many(frame)
    assert [(a.source, a.published) for a in c] == [("a", datetime.date(2031, 3, 5)), ("b", None)]


def _without_source(c: accord.Corpus) -> list[dict]:
    import json

    out = []
    for a in c:
        d = json.loads(a.to_json())
        d.pop("source")
        out.append(d)
    return out


def test_csv_and_tsv_rows_read_as_the_same_records_in_json_lines(tmp_path):
    import csv
    import json

    rows = [
        {"title": "River pact", "text": TEXT, "published": "2031-03-05", "outlet": "Lotus Daily"},
        {"title": "", "text": ID_TEXT + "\n\nParagraf kedua, dengan koma.", "published": "", "outlet": "Harian Contoh"},
    ]
    with open(tmp_path / "news.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with open(tmp_path / "news.tsv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    # The same records in JSON Lines, empty cells left out.
    (tmp_path / "news.jsonl").write_text(
        "".join(json.dumps({k: v for k, v in r.items() if v}) + "\n" for r in rows), encoding="utf-8")

    from_jsonl = accord.read(tmp_path / "news.jsonl")
    for name in ("news.csv", "news.tsv"):
        c = accord.read(tmp_path / name)
        assert [a.source for a in c] == [f"{tmp_path / name}:2", f"{tmp_path / name}:3"]
        assert _without_source(c) == _without_source(from_jsonl)
        assert c[0].published == datetime.date(2031, 3, 5) and c[0].outlet == "Lotus Daily"


class _Raises:
    """A value whose ``str()`` raises ``error``."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __str__(self) -> str:
        raise self.error


def test_a_value_that_cannot_be_read_fails_its_record_and_an_interrupt_reaches_the_caller():
    c = accord.parse_many([record(odd=_Raises(ValueError("unreadable"))), TEXT], errors="record")
    assert [(e.index, e.kind) for e in c.errors] == [(0, "input")]
    assert "unreadable" in c.errors[0].message and len(c) == 1
    with pytest.raises(KeyboardInterrupt):
        accord.parse_many([record(odd=_Raises(KeyboardInterrupt()))], errors="record")


def test_text_field_names_where_records_keep_their_text(tmp_path):
    import json

    from accord.cli import main

    (tmp_path / "berita.csv").write_text(f'judul,isi\nPakta sungai,"{ID_TEXT}"\n', encoding="utf-8")
    (tmp_path / "news.jsonl").write_text(json.dumps({"headline": "River pact", "article": TEXT}) + "\n",
                                         encoding="utf-8")
    # Without it, rows whose text is elsewhere are errors that say where text was looked for.
    c = accord.read(tmp_path / "berita.csv", errors="record")
    assert len(c) == 0 and "text, body, content" in c.errors[0].message
    got = accord.read(tmp_path / "berita.csv", text_field="isi")
    assert [a.language for a in got] == ["id"] and got[0].metadata["judul"] == "Pakta sungai"
    batches = list(accord.iter_batches(tmp_path / "news.jsonl", text_field="article"))
    assert [a.metadata["headline"] for b in batches for a in b] == ["River pact"]
    assert accord.parse_many([{"article": TEXT}], text_field="article")[0] == accord.parse_many([{"text": TEXT}])[0]
    # A field named is the only one read: a record with its text elsewhere is an error naming the field.
    with pytest.raises(accord.InputError, match="under article"):
        accord.Extractor(text_field="article").parse({"text": TEXT})
    ex = accord.Extractor(text_field="isi")
    assert ex.text_field == "isi" and "text_field='isi'" in repr(ex)
    for bad in ("", "  ", 5):
        with pytest.raises(accord.OptionError, match="text_field"):
            accord.Extractor(text_field=bad)  # type: ignore[arg-type]
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "berita.csv"), "--text-field", "isi", "-o", str(out), "--no-progress"]) == 0
    assert [json.loads(line)["language"] for line in out.read_text(encoding="utf-8").splitlines()] == ["id"]


def test_an_extractor_pickles_with_its_settings():
    import pickle

    ex = accord.Extractor(gazetteer={"Lotus Daily": "ORG"}, max_bytes=10_000, tagger=False, text_field="isi")
    back = pickle.loads(pickle.dumps(ex))
    assert (back.gazetteer, back.max_bytes, back.tagger, back.text_field) == (
        ex.gazetteer, 10_000, False, "isi")
    rec = {"isi": "Lotus Daily reported that Laos and Vietnam signed a memorandum of understanding."}
    assert back.parse(rec) == ex.parse(rec)


ROWS = [
    {"title": "River pact", "text": TEXT, "published": "2031-03-05", "outlet": "Lotus Daily"},
    {"text": ID_TEXT + "\n\nParagraf kedua.", "outlet": "Harian Contoh"},
]


def test_compressed_files_read_as_the_files_themselves(tmp_path):
    import gzip
    import json

    lines = "".join(json.dumps(r) + "\n" for r in ROWS).encode()
    (tmp_path / "news.jsonl").write_bytes(lines)
    (tmp_path / "news.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "page.txt.gz").write_bytes(gzip.compress(TEXT.encode()))
    plain = accord.read(tmp_path / "news.jsonl")
    packed = accord.read(tmp_path / "news.jsonl.gz")
    assert [a.source for a in packed] == [f"{tmp_path / 'news.jsonl.gz'}:1", f"{tmp_path / 'news.jsonl.gz'}:2"]
    assert _without_source(packed) == _without_source(plain)
    assert [len(b) for b in accord.iter_batches(tmp_path / "news.jsonl.gz", batch_size=1)] == [1, 1]
    assert accord.read(tmp_path / "page.txt.gz")[0].text == accord.parse(TEXT).text
    # Cut short: the records before the damage, then one error naming the file.
    many = b"".join(json.dumps({"text": f"{TEXT} ({i})"}).encode() + b"\n" for i in range(3000))
    packed_many = gzip.compress(many)
    (tmp_path / "cut.jsonl.gz").write_bytes(packed_many[: len(packed_many) // 2])
    c = accord.read(tmp_path / "cut.jsonl.gz", errors="record")
    assert 0 < len(c) < 3000
    assert len(c.errors) == 1 and "cut.jsonl.gz" in c.errors[0].message and "ends early" in c.errors[0].message
    with pytest.raises(accord.FormatError, match="not valid gzip"):
        (tmp_path / "plain.jsonl.gz").write_bytes(lines)
        accord.read(tmp_path / "plain.jsonl.gz")


def test_parquet_rows_read_as_the_same_records_in_json_lines(tmp_path):
    import json

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pl = pytest.importorskip("polars")
    (tmp_path / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    from_jsonl = accord.read(tmp_path / "news.jsonl")
    # pyarrow (snappy), with a real date column; polars (zstd, its default).
    table = pa.table({
        "title": ["River pact", None],
        "text": [r["text"] for r in ROWS],
        "published": pa.array([datetime.date(2031, 3, 5), None], pa.date32()),
        "outlet": [r["outlet"] for r in ROWS],
    })
    pq.write_table(table, tmp_path / "arrow.parquet")
    pl.from_arrow(table).write_parquet(tmp_path / "polars.parquet")
    for name in ("arrow.parquet", "polars.parquet"):
        c = accord.read(tmp_path / name)
        assert [a.source for a in c] == [f"{tmp_path / name}:1", f"{tmp_path / name}:2"]
        assert _without_source(c) == _without_source(from_jsonl), name
        assert c[0].published == datetime.date(2031, 3, 5) and c[0].metadata["outlet"] == "Lotus Daily"
    # Numbers stay numbers, a null is no field, and the text may live under another name.
    pq.write_table(pa.table({"isi": [ID_TEXT], "views": [12], "score": [float("nan")], "tags": [["asean"]]}),
                   tmp_path / "berita.parquet")
    [a] = accord.read(tmp_path / "berita.parquet", text_field="isi")
    assert a.language == "id" and a.metadata == {"views": 12, "tags": "[asean]"}
    # In a folder, tables are left out (they are as likely to be output); named, they are read.
    assert len(accord.read(tmp_path, errors="record")) == len(ROWS)


def test_the_command_line_reads_parquet_and_its_own_output_back(tmp_path):
    pytest.importorskip("pyarrow")
    import pandas as pd
    from accord.cli import main

    pd.DataFrame({"isi": [ID_TEXT, TEXT], "source": ["https://example.org/1", "https://example.org/2"]}).to_parquet(
        tmp_path / "berita.parquet")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "berita.parquet"), "--text-field", "isi", "-o", str(out),
                 "--format", "parquet", "--no-progress"]) == 0
    articles = pd.read_parquet(out / "articles.parquet")
    assert list(articles["source"]) == ["https://example.org/1", "https://example.org/2"]
    assert list(articles["language"]) == ["id", "en"]
    # accord's own articles table reads back: one article per row, named by its source column.
    again = accord.read(out / "articles.parquet")
    assert [a.source for a in again] == list(articles["source"])
    assert [a.language for a in again] == ["id", "en"]


def test_a_damaged_parquet_file_is_an_error_never_a_crash(tmp_path):
    import random

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"text": [f"{TEXT} ({i})" for i in range(200)]}), tmp_path / "good.parquet")
    good = (tmp_path / "good.parquet").read_bytes()
    damaged = tmp_path / "damaged.parquet"
    rng = random.Random(7)
    for _ in range(60):
        data = bytearray(good)
        for _ in range(3):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        damaged.write_bytes(bytes(data))
        # Read on the pool's workers both ways: a panic there would end the process.
        streamed = [b for b in accord.iter_batches(damaged, batch_size=64)]
        whole = accord.read(damaged, errors="record")
        assert sum(len(b) for b in streamed) == len(whole) <= 200
        assert all("damaged.parquet" in e.message for b in streamed for e in b.errors)
    damaged.write_bytes(good[: len(good) // 2])
    with pytest.raises(accord.FormatError, match="not a valid Parquet file"):
        accord.read(damaged)
