#!/usr/bin/env python3
"""Linear time on pathological input: for each shape, the time of 2x input over the time of 1x (bar: <= 2.5).

    python benches/bench_linear.py [--size BYTES]

Timing belongs here, never in the test suite.
"""

from __future__ import annotations

import argparse
import time

import accord

SHAPES = {
    "capitals": "Alpha Beta Gamma Delta Epsilon ",
    "brackets": "((([[ ]]))) ",
    "quotes": "\"a\" “b” ‘c’ «d» ",
    "dots": ". .. ... ",
    "no-spaces": "x",
    "dates": "Rabu (19/3/2031) 19 March 2031 ",
    "names": "Minister Rudy K. Wirawan of Indonesia said, ",
    "mojibake": "Ã©â€™à¸ ",
    "lines": "Word\n",
}


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=400_000, help="bytes of the 1x input (default 400 kB)")
    a = ap.parse_args()
    accord.parse("warm up: Jakarta, Indonesia.")
    print(f"{'shape':10} {'1x s':>8} {'2x s':>8} {'ratio':>6}  (bar: ratio <= 2.5)")
    worst = 0.0
    for name, unit in SHAPES.items():
        one = unit * (a.size // len(unit.encode()))
        two = one + one
        t1 = best_of(lambda: accord.parse(one))
        t2 = best_of(lambda: accord.parse(two))
        ratio = t2 / t1 if t1 else float("inf")
        worst = max(worst, ratio)
        print(f"{name:10} {t1:8.3f} {t2:8.3f} {ratio:6.2f}{'  !' if ratio > 2.5 else ''}")
    print(f"worst ratio {worst:.2f} ({'ok' if worst <= 2.5 else 'ABOVE the bar'})")


if __name__ == "__main__":
    main()
