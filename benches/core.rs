//! Single-thread and all-core throughput of the Rust core, without Python (`cargo bench --bench core`).
//!
//! Reads every article of `../shared/seeds` and `../shared/eval/news`, repeats them to `ACCORD_BENCH_MB`
//! megabytes (default 10) and times `Extractor::parse_str` over them on one thread, then with rayon on all cores
//! (`ACCORD_BENCH_THREADS=1`: the one-thread run only; `=2`: the all-core run only).
//! Made for profiling (`perf record target/release/deps/core-*`); the bars live in `bench_throughput.py`.

use std::path::Path;
use std::time::Instant;

use _accord::pipeline::{Content, Document, Extractor, ParseOptions};
use _accord::{Article, CoreError};
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
    // ACCORD_BENCH_PER_ARTICLE=1: each article through `parse_str` in turn, instead of the batch path
    // (`batch::parse_all`, which takes each step over a few articles at a time), to compare the two.
    let per_article = std::env::var("ACCORD_BENCH_PER_ARTICLE").is_ok_and(|v| v == "1");
    let cancel = _accord::batch::Cancel::new(false);
    let document = |t: &str| Document { content: Content::Text(t.to_string()), options: opts.clone() };
    let parse = |pool: &rayon::ThreadPool, texts: &[&str]| -> Vec<Result<Article, CoreError>> {
        if per_article {
            pool.install(|| texts.par_iter().with_max_len(1).map(|t| ex.parse_str(t, &opts)).collect())
        } else {
            let docs: Vec<Document> = texts.iter().map(|t| document(t)).collect();
            _accord::batch::parse_all(&ex, &docs, pool, &cancel)
        }
    };
    let one = _accord::batch::pool(1).expect("a pool of one thread");
    // ACCORD_BENCH_DUMP=FILE: write what each distinct article gives, as JSON Lines, to compare two builds.
    if let Ok(path) = std::env::var("ACCORD_BENCH_DUMP") {
        let distinct: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut out = String::new();
        for a in parse(&one, &distinct) {
            match a {
                Ok(a) => out.push_str(&serde_json::to_string(&a).unwrap_or_default()),
                Err(e) => out.push_str(&format!("error: {e}")),
            }
            out.push('\n');
        }
        if let Err(e) = std::fs::write(&path, out) {
            eprintln!("cannot write {path}: {e}");
        }
    }
    let mentions = |parsed: Vec<Result<Article, CoreError>>| -> usize {
        parsed.iter().map(|a| a.as_ref().map_or(0, |a| a.mentions.len())).sum()
    };
    let threads: usize = std::env::var("ACCORD_BENCH_THREADS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    if threads != 2 {
        let t0 = Instant::now();
        let mentions = mentions(parse(&one, &corpus));
        let dt = t0.elapsed().as_secs_f64();
        println!(
            "1 thread: {} articles, {:.1} MB in {dt:.2} s = {:.2} MB/s ({mentions} mentions)",
            corpus.len(),
            size as f64 / 1e6,
            size as f64 / 1e6 / dt
        );
    }
    if threads != 1 {
        let n = _accord::batch::resolve_workers(None).unwrap_or(1);
        let all = _accord::batch::pool(n).expect("a pool of all cores");
        let t0 = Instant::now();
        let mentions = mentions(parse(&all, &corpus));
        let dt = t0.elapsed().as_secs_f64();
        println!("{n} threads: {:.2} MB/s ({mentions} mentions)", size as f64 / 1e6 / dt);
    }
}
