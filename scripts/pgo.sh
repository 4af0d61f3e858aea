#!/usr/bin/env bash
# Record the profile that release builds of the core are optimised with (`make pgo`; build_backend/ applies it):
# build the extension instrumented, exactly as `pip install .` builds it (same features, so the same symbols),
# run the command line with it on the NER training sentences and the bundled sample articles (not the seed articles
# nor the evaluation sets, which the benchmarks read), and merge what it recorded into pgo/accord.profdata. Rerun
# after changes to the core: functions changed since the profile was recorded are simply compiled without it.
#
# Needs maturin, and llvm-profdata from LLVM 19 or later (Debian: apt install llvm-19); LLVM_PROFDATA=... picks one.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
PYTHON=${PYTHON:-python3}
profdata=${LLVM_PROFDATA:-}
if [ -z "$profdata" ]; then
  for p in llvm-profdata-22 llvm-profdata-21 llvm-profdata-20 llvm-profdata-19 /usr/lib/llvm-2*/bin/llvm-profdata \
           /usr/lib/llvm-19/bin/llvm-profdata; do
    if command -v "$p" >/dev/null 2>&1; then profdata=$p; break; fi
  done
fi
if [ -z "$profdata" ]; then
  echo "llvm-profdata (LLVM 19 or later) not found: apt install llvm-19, or set LLVM_PROFDATA" >&2
  exit 1
fi
# Fixed folders, so that the instrumented build (whose flags name the raw folder) is reused between runs.
work=$PWD/target/pgo
raw=$work/raw
rm -rf "$raw" "$work/wheel" "$work/site" "$work/out"
mkdir -p "$raw" "$work/site"
CARGO_TARGET_DIR=$work/target RUSTFLAGS="-Cprofile-generate=$raw" maturin build --release --out "$work/wheel"
"$PYTHON" -m zipfile -e "$work"/wheel/*.whl "$work/site"
"$PYTHON" scripts/pgo_corpus.py "$SHARED/train/ner" "$work/training.jsonl" python/accord/sample
for round in 1 2; do
  PYTHONPATH=$work/site "$PYTHON" -m accord extract "$work/training.jsonl" python/accord/sample \
    -o "$work/out" --format parquet --no-progress >/dev/null
done
"$profdata" merge --sparse -o pgo/accord.profdata "$raw"/*.profraw
echo "wrote pgo/accord.profdata ($("$profdata" --version | grep -i 'llvm version' | head -1 | xargs))"
