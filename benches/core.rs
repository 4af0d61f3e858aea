//! Single-thread and all-core throughput of the Rust core, without Python (`cargo bench --bench core`).
//!
//! Reads every article of `../shared/seeds` and `../shared/eval/news`, repeats them to `ACCORD_BENCH_MB`
//! megabytes (default 10) and times `Extractor::parse_str` over them on one thread, then with rayon on all cores
//! (`ACCORD_BENCH_THREADS=1`: the one-thread run only; `=2`: the all-core run only).
//! Made for profiling (`perf record target/release/deps/core-*`); the bars live in `bench_throughput.py`.

use std::path::Path;
use std::time::Instant;

use _accord::pipeline::{Extractor, ParseOptions};
use rayon::prelude::*;

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            if let Ok(b) = std::fs::read(&p) {
                out.push(String::from_utf8_lossy(&b).into_owned());
            }
        }
    }
}

fn main() {
    _accord::tune_allocator();
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut texts = Vec::new();
    collect(&shared.join("seeds"), &mut texts);
    collect(&shared.join("eval/news"), &mut texts);
    if texts.is_empty() {
        eprintln!("no articles under {}", shared.display());
        return;
    }
    let mb: f64 = std::env::var("ACCORD_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(10.0);
    let mut corpus = Vec::new();
    let mut size = 0usize;
    while (size as f64) < mb * 1e6 {
        for t in &texts {
            size += t.len();
            corpus.push(t.as_str());
        }
    }
    // ACCORD_BENCH_RULES_ONLY=1: without the tagger (`accord extract --no-tagger`), to see what the tagger costs.
    let rules_only = std::env::var("ACCORD_BENCH_RULES_ONLY").is_ok_and(|v| v == "1");
    let ex = Extractor::new().with_rules_only(rules_only);
    let opts = ParseOptions::default();
    let t0 = Instant::now();
    _accord::pipeline::warm_up();
    println!("warm-up (models and tables built): {:.2} s", t0.elapsed().as_secs_f64());
    // ACCORD_BENCH_DUMP=FILE: write what each distinct article gives, as JSON Lines, to compare two builds.
    if let Ok(path) = std::env::var("ACCORD_BENCH_DUMP") {
        let mut out = String::new();
        for t in &texts {
            match ex.parse_str(t, &opts) {
                Ok(a) => out.push_str(&serde_json::to_string(&a).unwrap_or_default()),
                Err(e) => out.push_str(&format!("error: {e}")),
            }
            out.push('\n');
        }
        if let Err(e) = std::fs::write(&path, out) {
            eprintln!("cannot write {path}: {e}");
        }
    }
    let threads: usize = std::env::var("ACCORD_BENCH_THREADS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    if threads != 2 {
        let t0 = Instant::now();
        let mut mentions = 0;
        for t in &corpus {
            mentions += ex.parse_str(t, &opts).map(|a| a.mentions.len()).unwrap_or(0);
        }
        let dt = t0.elapsed().as_secs_f64();
        println!(
            "1 thread: {} articles, {:.1} MB in {dt:.2} s = {:.2} MB/s ({mentions} mentions)",
            corpus.len(),
            size as f64 / 1e6,
            size as f64 / 1e6 / dt
        );
    }
    if threads != 1 {
        let t0 = Instant::now();
        let mentions: usize =
            corpus.par_iter().map(|t| ex.parse_str(t, &opts).map(|a| a.mentions.len()).unwrap_or(0)).sum();
        let dt = t0.elapsed().as_secs_f64();
        println!("{} threads: {:.2} MB/s ({mentions} mentions)", rayon::current_num_threads(), size as f64 / 1e6 / dt);
    }
}
