"""The build backend adds the profile-guided optimisation profile to the compiler flags only when it can be used."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_backend"))
backend = pytest.importorskip("accord_backend")


def test_the_profile_is_shipped_and_added_after_the_callers_flags(tmp_path: Path):
    assert backend.PROFILE.is_file(), "pgo/accord.profdata (make pgo) is part of the repository"
    flags = backend.profile_flags({"RUSTFLAGS": "-Ctarget-cpu=x86-64-v2 -Dwarnings"}, 22)
    assert flags == f"-Ctarget-cpu=x86-64-v2\x1f-Dwarnings\x1f-Cprofile-use={backend.PROFILE}"
    # Encoded flags win over RUSTFLAGS in cargo, so they are the ones extended; a path with a space stays whole.
    spaced = tmp_path / "a b.profdata"
    spaced.write_bytes(b"x")
    assert backend.profile_flags({"CARGO_ENCODED_RUSTFLAGS": "-Cdebuginfo=1"}, 19, spaced) == (
        f"-Cdebuginfo=1\x1f-Cprofile-use={spaced}"
    )


def test_no_profile_when_it_cannot_or_should_not_be_used(tmp_path: Path):
    assert backend.profile_flags({}, 18) is None  # written by LLVM 19: older compilers cannot read it
    assert backend.profile_flags({}, None) is None  # no rustc found
    assert backend.profile_flags({"ACCORD_PGO": "0"}, 22) is None
    assert backend.profile_flags({"RUSTFLAGS": "-Cprofile-generate=/tmp/raw"}, 22) is None  # recording one
    assert backend.profile_flags({}, 22, tmp_path / "missing.profdata") is None
