"""Progress bars driven from Rust: the core calls back with the number of items done between chunks."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Iterator, Optional


class _Bar:
    """Counts work done and shows it with tqdm (notebook-aware) when installed, or a plain line otherwise."""

    def __init__(self, total: Optional[int], unit: str) -> None:
        self._tqdm: Any = None
        self._done = 0
        self._total = total
        self._unit = unit
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return
        self._tqdm = tqdm(total=total, unit=unit, desc="accord", leave=False)

    def set_total(self, total: int) -> None:
        self._total = total
        if self._tqdm is not None:
            self._tqdm.reset(total=total)

    def __call__(self, n: int) -> None:
        self._done += n
        if self._tqdm is not None:
            self._tqdm.update(n)
        else:
            total = f"/{self._total}" if self._total is not None else ""
            print(f"\raccord: {self._done}{total} {self._unit}s", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
        elif self._done:
            print(file=sys.stderr)


@contextmanager
def progress_bar(enabled: bool, total: Optional[int], unit: str) -> Iterator[Optional[_Bar]]:
    """A progress callback for the core, or ``None`` when progress is off."""
    if not enabled:
        yield None
        return
    bar = _Bar(total, unit)
    try:
        yield bar
    finally:
        bar.close()
