"""Shared fixtures: the shared evaluation material beside the repository, and scoring helpers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (evaluation material) is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seed_scores(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The seeds exported with the CLI and scored with ../shared/eval/score.py (the figures our checks read)."""
    import accord

    out = tmp_path_factory.mktemp("seeds") / "seeds.jsonl"
    accord.read(shared / "seeds").to_jsonl(out)
    res = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(shared / "eval/gold/seeds.json"),
         "--pred", str(out), "--json"],
        check=True, capture_output=True, text=True,
    )
    return json.loads(res.stdout)
