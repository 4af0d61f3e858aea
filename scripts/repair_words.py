#!/usr/bin/env python3
"""Build data/repair/words.txt: common English and Indonesian words, most frequent first.

The repair stage uses it only to choose between letters when mojibake lost a byte and several letters fit
(e.g. styled letters whose middle byte a decoder dropped). Source: the openly licensed NER training splits in
../shared/train/ner (token column only; never the evaluation sets).

Usage: python3 scripts/repair_words.py [path/to/shared/train/ner] > data/repair/words.txt
"""
import collections
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/train/ner")
files = [
    "btc/btc.train", "gum-ner/train.txt", "re3d-gov/train.txt",
    "uner-en-ewt/unreleased-first-commit/en_ewt-ud-train.first-commit-0c7ce0de.iob2",
    "idner-news-2k/train.txt", "nergrit/train_preprocess.txt", "nerp/train_preprocess.txt",
]
word_re = re.compile(r"^[a-z]{2,20}$")
counts = collections.Counter()
for name in files:
    for line in (root / name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        token = line.split()[0] if line.split() else ""
        if line.split() and line.split()[0].isdigit() and len(line.split("\t")) > 2:
            token = line.split("\t")[1]  # CoNLL-U style rows: id, form, ...
        token = token.lower()
        if word_re.match(token):
            counts[token] += 1
MIN_COUNT = 3
words = [w for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= MIN_COUNT]
print("# Common English and Indonesian words, most frequent first, one per line (lower-case ASCII letters).")
print("# Used by the repair stage to choose between letters when mojibake lost a byte.")
print("# Source: token columns of the NER training splits in shared/train/ner (btc, gum-ner, re3d-gov,")
print("# uner-en-ewt, idner-news-2k, nergrit, nerp; openly licensed, see their READMEs), words seen at least")
print(f"# {MIN_COUNT} times. Regenerate: python3 scripts/repair_words.py ../shared/train/ner > data/repair/words.txt")
for w in words:
    print(w)
