"""examples/quickstart.ipynb runs top to bottom on a real kernel, with the rich displays and the plot."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")
pytest.importorskip("networkx")

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "quickstart.ipynb"


def test_quickstart_notebook_runs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit the notebook without outputs"
    )
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any('class="accord-corpus"' in h for h in html)
    assert any('class="accord-article"' in h and "<mark" in h for h in html)
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the agreements chart
    # progress=True in a kernel: a widget when ipywidgets is installed, else tqdm's text bar on stderr.
    first = nb.cells[1].outputs
    assert any(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {}) or "accord" in o.get("text", "")
        for o in first
    )
