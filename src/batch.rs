//! Parallel batches: rayon across articles, results in input order whatever the number of workers.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, LazyLock, Mutex};

use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};

use crate::error::CoreError;
use crate::model::Article;
use crate::pipeline::{Document, Extractor};

/// The environment variable that bounds the worker pool when no `workers` is given.
pub const THREADS_ENV: &str = "ACCORD_NUM_THREADS";

static POOLS: LazyLock<Mutex<HashMap<usize, Arc<ThreadPool>>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The number of workers to use: `workers` if given, else `ACCORD_NUM_THREADS`, else one per core.
pub fn resolve_workers(workers: Option<usize>) -> Result<usize, CoreError> {
    if let Some(w) = workers {
        if w == 0 {
            return Err(CoreError::Option("workers must be at least 1".into()));
        }
        return Ok(w);
    }
    if let Ok(v) = std::env::var(THREADS_ENV) {
        let v = v.trim();
        if !v.is_empty() {
            return match v.parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(CoreError::Option(format!("{THREADS_ENV} must be a positive integer, got {v:?}"))),
            };
        }
    }
    Ok(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
}

/// A shared pool of `n` threads (pools are kept and reused per size).
pub fn pool(n: usize) -> Result<Arc<ThreadPool>, CoreError> {
    let mut pools = POOLS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(p) = pools.get(&n) {
        return Ok(p.clone());
    }
    let p = ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("accord-{i}"))
        .build()
        .map_err(|e| CoreError::Internal(format!("could not start {n} worker threads: {e}")))?;
    let p = Arc::new(p);
    pools.insert(n, p.clone());
    Ok(p)
}

/// Run `f`, turning a panic into an internal error so that it never leaves the core.
pub fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, CoreError>) -> Result<T, CoreError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(CoreError::Internal(format!("internal error while {what}: {msg}")))
        }
    }
}

/// Set by the caller to stop a batch early (Ctrl-C): articles not yet started are skipped.
pub type Cancel = std::sync::atomic::AtomicBool;

fn cancelled(cancel: &Cancel) -> bool {
    cancel.load(std::sync::atomic::Ordering::Relaxed)
}

/// Parse `docs` on `pool`, one result per document, in input order.
pub fn parse_all(
    extractor: &Extractor,
    docs: &[Document],
    pool: &ThreadPool,
    cancel: &Cancel,
) -> Vec<Result<Article, CoreError>> {
    pool.install(|| {
        docs.par_iter()
            .with_max_len(1)
            .map(|d| {
                if cancelled(cancel) {
                    return Err(CoreError::Internal("cancelled".into()));
                }
                guarded("parsing an article", || extractor.parse_document(d))
            })
            .collect()
    })
}

/// One item of a `read`: an article or why a file or record could not give one, with its source.
pub type ReadItem = Result<Article, (String, CoreError)>;

/// Load and parse `files` on `pool`: every record of every file, in file order.
pub fn read_files(
    extractor: &Extractor,
    files: &[std::path::PathBuf],
    pool: &ThreadPool,
    cancel: &Cancel,
) -> Vec<ReadItem> {
    let per_file: Vec<Vec<ReadItem>> = pool.install(|| {
        files
            .par_iter()
            .with_max_len(1)
            .map(|f| {
                let source = f.to_string_lossy().into_owned();
                if cancelled(cancel) {
                    return vec![Err((source, CoreError::Internal("cancelled".into())))];
                }
                let loaded = match guarded("reading a file", || Ok(crate::read::load(f))) {
                    Ok(l) => l,
                    Err(e) => return vec![Err((source, e))],
                };
                loaded
                    .into_iter()
                    .map(|doc| {
                        let doc = doc?;
                        let src = doc.options.source.clone().unwrap_or_else(|| source.clone());
                        guarded("parsing an article", || extractor.parse_document(&doc)).map_err(|e| (src, e))
                    })
                    .collect()
            })
            .collect()
    });
    per_file.into_iter().flatten().collect()
}

/// Parse loaded items (documents, or why a record gave none) on `pool`, in input order.
pub fn parse_loaded(
    extractor: &Extractor,
    items: Vec<crate::read::Loaded>,
    pool: &ThreadPool,
    cancel: &Cancel,
) -> Vec<ReadItem> {
    pool.install(|| {
        items
            .into_par_iter()
            .with_max_len(1)
            .map(|item| {
                let doc = item?;
                let src = doc.options.source.clone().unwrap_or_default();
                if cancelled(cancel) {
                    return Err((src, CoreError::Internal("cancelled".into())));
                }
                guarded("parsing an article", || extractor.parse_document(&doc)).map_err(|e| (src, e))
            })
            .collect()
    })
}
