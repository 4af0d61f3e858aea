"""accord.dask: tables of a Dask DataFrame or bag computed on a real two-process cluster equal a local run."""

from __future__ import annotations

import pytest

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import accord  # noqa: E402  (after the importorskip guards)
import accord.dask  # noqa: E402

# Short articles written for this test: agreements, quotes and mentions in both languages, one without any.
TEXTS = {
    "a": "JAKARTA - Indonesia and Peru signed a memorandum of understanding on fisheries on Tuesday.\n\n"
    '"This is a good day for our fishermen," Foreign Minister Rina Sari said.',
    "b": "TOKYO - Japan and Vietnam agreed to expand cooperation in renewable energy, officials said on "
    "3 May 2024.",
    "c": "Indonesia dan Malaysia menandatangani nota kesepahaman di bidang pendidikan di Kuala Lumpur.\n\n"
    '"Kerja sama ini penting bagi generasi muda," kata Menteri Luar Negeri Budi Santoso.',
    "d": "The weather was mild across the region this weekend.",
    "e": "CANBERRA - Australia and New Zealand issued a joint statement on climate adaptation.",
    "f": "Thailand dan Kamboja sepakat memperkuat kerja sama perdagangan lintas batas.",
}


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def local(table: str) -> pd.DataFrame:
    corpus = accord.parse_many(list(TEXTS.values()), sources=list(TEXTS))
    return by_source(corpus.to_pandas(table))


def by_source(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("source", kind="stable").reset_index(drop=True)


def same(got: pd.DataFrame, table: str) -> None:
    want = local(table)
    assert len(want)
    assert list(got.columns) == list(want.columns)
    # Dask keeps text in its own string dtype and lists as Arrow lists: the values are what must agree.
    assert rows(by_source(got)) == rows(want)


def rows(frame: pd.DataFrame) -> list[list[object]]:
    def plain(v: object) -> object:
        if hasattr(v, "tolist"):
            return v.tolist()
        if isinstance(v, list):
            return v
        return None if pd.isna(v) else v

    return [[plain(v) for v in row] for row in frame.astype(object).itertuples(index=False)]


def test_dataframe_on_cluster_equals_local_run(client):
    frame = pd.DataFrame({"body": list(TEXTS.values()), "url": list(TEXTS)})
    tables = accord.dask.extract(dd.from_pandas(frame, npartitions=3), text="body", source="url")
    assert list(tables) == list(accord.dask.TABLES)
    for name, table in tables.items():
        assert table.npartitions == 3
        assert list(table.columns) == list(local(name).columns)
    computed = dask.compute(*tables.values())
    for name, got in zip(tables, computed):
        assert dict(got.dtypes) == dict(tables[name].dtypes)  # the partitions match the declared meta
        same(got, name)


def test_bag_of_pairs_on_cluster_equals_local_run(client):
    bag = db.from_sequence(list(TEXTS.items()), npartitions=2)
    tables = accord.dask.extract_bag(bag, tables=["mentions", "agreements"])
    assert list(tables) == ["mentions", "agreements"]
    same(tables["mentions"].compute(), "mentions")
    same(tables["agreements"].compute(), "agreements")


def test_index_is_the_source_when_no_column_is_named():
    frame = pd.DataFrame({"text": ["Indonesia and Peru signed an MoU.", "Nothing here."]}, index=[10, 11])
    articles = accord.dask.extract(dd.from_pandas(frame, npartitions=1), tables="articles")["articles"]
    assert articles.compute(scheduler="sync")["source"].tolist() == ["10", "11"]


def test_metadata_columns_go_with_each_article_as_a_record():
    frame = pd.DataFrame({
        "body": ["Indonesia and Peru will sign a memorandum of understanding next year.", "Nothing here."],
        "url": ["u1", "u2"],
        "headline": ["Fisheries pact", None],
        "title": ["Fisheries pact", None],
        "published": [pd.Timestamp("2031-03-05"), pd.NaT],
    })
    tables = accord.dask.extract(
        dd.from_pandas(frame, npartitions=1), text="body", source="url", metadata=["title", "published", "url"],
        tables=["articles", "agreements"],
    )
    articles, agreements = dask.compute(tables["articles"], tables["agreements"], scheduler="sync")
    assert articles["source"].tolist() == ["u1", "u2"]
    assert articles["title"].tolist()[0] == "Fisheries pact"
    assert str(articles["published"].tolist()[0])[:10] == "2031-03-05" and pd.isna(articles["published"].tolist()[1])
    # The publication date anchors "next year".
    assert agreements["date"].tolist() == ["2032"]


def test_errors_recorded_as_a_table():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    bag = db.from_sequence([("ok", "Indonesia and Peru signed an MoU."), ("bad", png)], npartitions=2)
    tables = accord.dask.extract_bag(bag, tables=["articles"], errors="record")
    assert list(tables) == ["articles", "errors"]
    articles, errors = dask.compute(tables["articles"], tables["errors"], scheduler="sync")
    assert articles["source"].tolist() == ["ok"]
    assert errors["source"].tolist() == ["bad"] and errors["kind"].tolist() == ["input"]


def test_without_the_tagger_agreements_stay_and_people_go():
    bag = db.from_sequence(list(TEXTS.items()), npartitions=2)
    fast = accord.dask.extract_bag(bag, tables=["mentions", "agreements"], tagger=False)
    mentions, agreements = dask.compute(fast["mentions"], fast["agreements"], scheduler="sync")
    assert rows(by_source(agreements)) == rows(local("agreements"))
    full = local("mentions")
    assert (mentions["label"] == "COUNTRY").sum() == (full["label"] == "COUNTRY").sum() > 0
    assert (mentions["label"] == "PERSON").sum() < (full["label"] == "PERSON").sum()


def test_bad_options():
    frame = dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1)
    with pytest.raises(accord.OptionError):
        accord.dask.extract(frame, tables=["events"])  # type: ignore[list-item]
    with pytest.raises(accord.OptionError):
        accord.dask.extract(frame, errors="ignore")  # type: ignore[arg-type]
