"""Write the text the profile-guided optimisation workload reads (`scripts/pgo.sh`) as JSON Lines: the sentences
of the NER training sets put back into running text and grouped into article-sized documents.

    python scripts/pgo_corpus.py ../shared/train/ner OUT.jsonl [ARTICLES...]

The ARTICLES (text or Markdown files: the bundled sample) are added too, repeated until they weigh
ARTICLE_WEIGHT times as much as the sentences: they are what walks the layout, quote and agreement code of whole
articles, which the sentences barely reach. Nothing of the evaluation sets is read."""

from __future__ import annotations

import json
import sys
from pathlib import Path

SENTENCES_PER_DOCUMENT = 16
# How many times the sentences' weight the articles get: the package reads whole articles.
ARTICLE_WEIGHT = 4
CLOSING = {",", ".", ":", ";", "!", "?", ")", "]", "%", "'s", "n't"}
OPENING = {"(", "[", "$"}


def sentences(path: Path) -> list[list[str]]:
    """Token lists of a CoNLL-style file (`token<TAB>tag`, `idx<TAB>token<TAB>...`, `token POS tag`)."""
    out: list[list[str]] = []
    words: list[str] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("#") and not words:
            continue
        cols = line.split("\t") if "\t" in line else line.split(" ")
        if not line.strip():
            if words:
                out.append(words)
            words = []
            continue
        word = cols[1] if len(cols) >= 3 and cols[0].isdigit() else cols[0]
        words.append(word)
    if words:
        out.append(words)
    return out


def detokenize(words: list[str]) -> str:
    text, glue = "", True
    for w in words:
        if not glue and w not in CLOSING:
            text += " "
        text += w
        glue = w in OPENING
    return text


def main(root: str, out: str, *articles: str) -> int:
    files = sorted(p for p in Path(root).rglob("*") if p.suffix in {".txt", ".iob2", ".conll", ".tsv"})
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for a in articles
        for p in sorted(Path(a).rglob("*") if Path(a).is_dir() else [Path(a)])
        if p.suffix in {".txt", ".md"}
    ]
    n = size = 0
    with open(out, "w", encoding="utf-8") as f:
        for p in files:
            sents = sentences(p)
            for i in range(0, len(sents), SENTENCES_PER_DOCUMENT):
                text = " ".join(detokenize(s) for s in sents[i : i + SENTENCES_PER_DOCUMENT])
                f.write(json.dumps({"text": text, "source": f"{p.name}#{n}"}, ensure_ascii=False) + "\n")
                n += 1
                size += len(text)
        repeats = ARTICLE_WEIGHT * size // max(1, sum(len(t) for t in texts)) if texts else 0
        for r in range(repeats):
            for k, text in enumerate(texts):
                f.write(json.dumps({"text": text, "source": f"article-{k}#{r}"}, ensure_ascii=False) + "\n")
    print(f"{n} documents from {len(files)} files under {root}, and {len(texts)} articles {repeats} times")
    return 0 if n else 1


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
