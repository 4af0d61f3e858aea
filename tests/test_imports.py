"""``import accord`` stays light: the optional extras are imported on first use, never at import time."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

OPTIONAL = (
    "pandas",
    "pyarrow",
    "polars",
    "dask",
    "distributed",
    "tqdm",
    "networkx",
    "matplotlib",
    "IPython",
    "ipywidgets",
    "nbformat",
    "nbclient",
)


def loaded_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return {name.split(".")[0] for name in json.loads(out)}


def test_import_accord_imports_no_optional_dependency():
    assert loaded_after("import accord") & set(OPTIONAL) == set()


def test_parsing_and_display_need_no_optional_dependency():
    statement = (
        "import accord; c = accord.parse_many(['Indonesia and Peru signed an MoU.']); "
        "c.table('mentions'); c._repr_html_(); c[0]._repr_html_(); "
        "import tempfile; c.to_parquet(tempfile.mkdtemp())"
    )
    assert loaded_after(statement) & set(OPTIONAL) == set()


def test_to_polars_needs_polars_alone():
    pytest.importorskip("polars")
    statement = "import accord; accord.parse_many(['Indonesia and Peru signed an MoU.']).to_polars('agreements')"
    assert loaded_after(statement) & set(OPTIONAL) == {"polars"}


def test_accord_dask_imports_dask_only_when_used():
    assert loaded_after("import accord.dask") & {"dask", "pandas", "pyarrow", "distributed"} == set()
