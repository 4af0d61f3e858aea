"""accord's PEP 517 build backend: maturin's, with the Rust core compiled against the profile of its own hot paths
(profile-guided optimisation, about a tenth faster; the profile is ``pgo/accord.profdata``, recorded by
``make pgo`` from training text, never from the evaluation sets).

The profile is used when the Rust compiler reads it (LLVM 19 or later, the version of the ``llvm-profdata`` that
wrote it) and the caller has not chosen profile flags already; ``ACCORD_PGO=0`` builds without it. Functions
changed since the profile was recorded are compiled as without one."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any, Mapping, Optional

import maturin
from maturin import (  # noqa: F401  (the hooks that need no profile are maturin's own)
    build_sdist,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

PROFILE = Path(__file__).resolve().parent.parent / "pgo" / "accord.profdata"
MIN_LLVM = 19


def _llvm_major() -> Optional[int]:
    try:
        out = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    m = re.search(r"^LLVM version: (\d+)", out, re.M)
    return int(m.group(1)) if m else None


def profile_flags(env: Mapping[str, str], llvm_major: Optional[int], profile: Path = PROFILE) -> Optional[str]:
    """``CARGO_ENCODED_RUSTFLAGS`` that add the profile to the caller's flags, or None to leave them alone."""
    if env.get("ACCORD_PGO", "1") == "0" or not profile.is_file():
        return None
    if llvm_major is None or llvm_major < MIN_LLVM:
        return None
    if "CARGO_ENCODED_RUSTFLAGS" in env:
        flags = [f for f in env["CARGO_ENCODED_RUSTFLAGS"].split("\x1f") if f]
    else:
        flags = env.get("RUSTFLAGS", "").split()
    if any("profile-use" in f or "profile-generate" in f for f in flags):
        return None
    # Encoded (one flag per field), so that a path with spaces stays one argument.
    return "\x1f".join([*flags, f"-Cprofile-use={profile}"])


def _use_profile() -> None:
    flags = profile_flags(os.environ, _llvm_major())
    if flags is not None:
        os.environ["CARGO_ENCODED_RUSTFLAGS"] = flags


def build_wheel(
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    _use_profile()
    return maturin.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    _use_profile()
    return maturin.build_editable(wheel_directory, config_settings, metadata_directory)
