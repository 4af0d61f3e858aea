#!/usr/bin/env python3
"""Generate the tagger's case lists (data/ner/en_case.tsv, data/ner/id_case.tsv) from the NER training data.

    python scripts/make_truecase.py [--data ../shared/train/ner]

A sentence written all in capitals (a headline, a dateline, a release's heading) tells the tagger nothing by its
capitals, and a model trained on text as it is usually written reads every word of it as an acronym. The tagger
reads such a sentence with its words as they are usually written instead. The lists say, for each word met in the
training sentences of a language away from a sentence's start, how it is written most often there:

    word (lowercase)<TAB>l   most often in small letters (`win`, `the`, `minister`)
    word (lowercase)<TAB>u   most often in capitals (`nato`, `u.s.`)

A word in neither list is written capitalised (`Madrid`, `Sampras`): names are what the lists do not hold.
Only the train splits are read (not dev or test), nor sentences mostly in capitals, nor NERP (lowercased
throughout). Deterministic: the counts do not depend on the order of the files.
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "ner"

# The train splits read, as `accord-train` reads them (src/ner/train.rs, `corpus_files`), NERP left out.
TRAIN = {
    "en": [
        ("uner-en-ewt/unreleased-first-commit/en_ewt-ud-train.first-commit-0c7ce0de.iob2", "CC BY-SA 4.0"),
        ("btc/btc.train", "CC BY 4.0"),
        ("gum-ner/train.txt", "CC BY 4.0 annotations; texts CC BY 2.5 / CC BY-SA 3.0 / CC BY 4.0"),
        ("re3d-gov/train.txt", "public domain and OGL v3.0"),
    ],
    "id": [
        ("idner-news-2k/train.txt", "MIT"),
        ("nergrit/train_preprocess.txt", "Apache-2.0 (IndoNLU)"),
    ],
}


def sentences(path: Path):
    """The tokens of each sentence of a UNER (.iob2) or CoNLL-style file."""
    tokens: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line.startswith("#") or line.startswith("-DOCSTART-"):
                continue
            if not line.strip():
                if tokens:
                    yield tokens
                tokens = []
                continue
            cols = line.split("\t") if "\t" in line else line.split()
            tokens.append(cols[1] if len(cols) >= 5 and cols[0].isdigit() else cols[0])
    if tokens:
        yield tokens


def form(word: str) -> str | None:
    """`l` (small letters), `u` (capitals, two letters or more), `t` (capitalised), or None (no letters)."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return None
    if all(c.islower() for c in letters):
        return "l"
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "u"
    if letters[0].isupper():
        return "t"
    return None


def counts(root: Path, files: list[str]) -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for name in files:
        for sent in sentences(root / name):
            up = sum(c.isupper() for w in sent for c in w)
            low = sum(c.islower() for w in sent for c in w)
            if up > low:
                continue
            for word in sent[1:]:
                kind = form(word)
                if kind is not None:
                    out[word.lower()][kind] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "train" / "ner")
    args = ap.parse_args()
    for lang, files in TRAIN.items():
        table = counts(args.data, [f for f, _ in files])
        rows = []
        for word, c in sorted(table.items()):
            # The most frequent form; on a tie, small letters, then capitals, then capitalised.
            best = max("lut", key=lambda k: (c[k], -"lut".index(k)))
            if best != "t" and "\t" not in word and "\n" not in word:
                rows.append(f"{word}\t{best}")
        path = OUT / f"{lang}_case.tsv"
        sources = "; ".join(f"{f} ({lic})" for f, lic in files)
        header = [
            f"# How words of '{lang}' are most often written away from a sentence's start: word (lowercase)<TAB>"
            "l (small letters) or u (capitals); a word not listed is written capitalised.",
            f"# Counted over the train splits of ../shared/train/ner: {sources}.",
            "# Regenerate with scripts/make_truecase.py.",
        ]
        path.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
        print(f"wrote {path}: {len(rows)} words of {len(table)} counted")


if __name__ == "__main__":
    main()
