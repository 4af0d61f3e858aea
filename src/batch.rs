//! Parallel batches: rayon across articles, results in input order whatever the number of workers.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, LazyLock, Mutex};

use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};

use crate::error::CoreError;
use crate::extract;
use crate::model::Article;
use crate::pipeline::{Document, Extractor};

/// The environment variable that bounds the worker pool when no `workers` is given.
pub const THREADS_ENV: &str = "ACCORD_NUM_THREADS";

static POOLS: LazyLock<Mutex<Pools>> =
    LazyLock::new(|| Mutex::new(Pools { process: std::process::id(), by_size: HashMap::new() }));

/// The worker pools started so far, by size, and the process that started them.
struct Pools {
    process: u32,
    by_size: HashMap<usize, Arc<ThreadPool>>,
}

/// The most workers a pool may have: far more than any machine's cores, and few enough that a mistyped number
/// fails at once rather than starting threads until memory runs out.
pub const MAX_WORKERS: usize = 1024;

/// The number of workers to use: `workers` if given, else `ACCORD_NUM_THREADS`, else one per core.
pub fn resolve_workers(workers: Option<usize>) -> Result<usize, CoreError> {
    if let Some(w) = workers {
        if w == 0 {
            return Err(CoreError::Option("workers must be at least 1".into()));
        }
        if w > MAX_WORKERS {
            return Err(CoreError::Option(format!("workers must be at most {MAX_WORKERS}, got {w}")));
        }
        return Ok(w);
    }
    if let Ok(v) = std::env::var(THREADS_ENV) {
        let v = v.trim();
        if !v.is_empty() {
            return match v.parse::<usize>() {
                Ok(n) if (1..=MAX_WORKERS).contains(&n) => Ok(n),
                _ => Err(CoreError::Option(format!(
                    "{THREADS_ENV} must be a whole number from 1 to {MAX_WORKERS}, got {v:?}"
                ))),
            };
        }
    }
    Ok(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
}

/// A shared pool of `n` threads (pools are kept and reused per size, within a process).
pub fn pool(n: usize) -> Result<Arc<ThreadPool>, CoreError> {
    let mut pools = POOLS.lock().unwrap_or_else(|p| p.into_inner());
    let process = std::process::id();
    if pools.process != process {
        // A forked child (`multiprocessing` on Linux): the parent's pools came with its memory but not their
        // threads, and a job handed to one would wait forever. They are left alone, not dropped: dropping a pool
        // signals its threads, which do not exist here.
        pools.by_size.drain().for_each(std::mem::forget);
        pools.process = process;
    }
    if let Some(p) = pools.by_size.get(&n) {
        return Ok(p.clone());
    }
    let p = ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("accord-{i}"))
        .build()
        .map_err(|e| CoreError::Internal(format!("could not start {n} worker threads: {e}")))?;
    let p = Arc::new(p);
    pools.by_size.insert(n, p.clone());
    Ok(p)
}

/// Run `f`, turning a panic into an internal error so that it never leaves the core.
pub fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, CoreError>) -> Result<T, CoreError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = panic_message(payload.as_ref()).unwrap_or_else(|| "unknown panic".into());
            Err(CoreError::Internal(format!("internal error while {what}: {msg}")))
        }
    }
}

/// The message a panic was raised with, when it was a string (as `panic!`, `unwrap` and `expect` raise them).
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned())
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
    let chunks: Vec<Vec<Result<Article, CoreError>>> = pool.install(|| {
        docs.par_chunks(CHUNK)
            .with_max_len(1)
            .map(|chunk| parse_chunk(extractor, &chunk.iter().collect::<Vec<_>>(), cancel))
            .collect()
    });
    concat(chunks)
}

/// The items of `parts`, in order, in one vector allocated at its full size (collecting the flattened parts
/// would grow it step by step, copying the large articles each time).
fn concat<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        all.extend(part);
    }
    all
}

/// Articles a worker takes at a time: each step of the pipeline runs over all of them before the next step
/// starts (see [`parse_chunk`]), and a batch is shared out among the workers by such chunks.
const CHUNK: usize = 32;

/// Parse `docs` on this thread, one result per document in order: what [`Extractor::parse_document`] gives each,
/// with each step taken over all the documents in turn (layout and the rules' names; the learned tagger; the rest
/// of extraction). The tagger reads megabytes of weights and cached words, which push the rules' tables and
/// automata out of the processor's caches: taken article by article, each step starts with cold caches.
/// A panic in a step is that article's internal error, and the others are parsed.
pub(crate) fn parse_chunk(
    extractor: &Extractor,
    docs: &[&Document],
    cancel: &Cancel,
) -> Vec<Result<Article, CoreError>> {
    let gazetteer = extractor.gazetteer();
    let before: Vec<_> = docs
        .iter()
        .map(|doc| {
            if cancelled(cancel) {
                return Err(CoreError::Internal("cancelled".into()));
            }
            guarded("parsing an article", || {
                let laid = extractor.lay_out_document(doc)?;
                let found = extract::before_tagging(&laid.article.text, extractor.context(&laid.article), gazetteer);
                Ok((laid, found))
            })
        })
        .collect();
    let tagged: Vec<_> = before
        .iter()
        .map(|b| match b {
            Ok((laid, found)) => guarded("parsing an article", || {
                Ok(extract::tag(&laid.article.text, extractor.context(&laid.article), found))
            }),
            Err(_) => Ok(Vec::new()),
        })
        .collect();
    before
        .into_iter()
        .zip(tagged)
        .map(|(b, t)| {
            let ((laid, found), tagged) = (b?, t?);
            guarded("parsing an article", || {
                let ctx = extractor.context(&laid.article);
                let extraction = extract::after_tagging(&laid.article.text, &laid.idx, ctx, gazetteer, found, tagged);
                Ok(laid.with(extraction))
            })
        })
        .collect()
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
    let limit = crate::read::item_limit(extractor.max_bytes());
    let per_file: Vec<Vec<ReadItem>> = pool.install(|| {
        files
            .par_iter()
            .with_max_len(1)
            .map(|f| {
                let source = f.to_string_lossy().into_owned();
                if cancelled(cancel) {
                    return vec![Err((source, CoreError::Internal("cancelled".into())))];
                }
                let loaded = match guarded("reading a file", || Ok(crate::read::load(f, extractor.text_field(), limit)))
                {
                    Ok(l) => l,
                    Err(e) => return vec![Err((source, e))],
                };
                loaded.chunks(CHUNK).flat_map(|chunk| parse_loaded_chunk(extractor, chunk, &source, cancel)).collect()
            })
            .collect()
    });
    concat(per_file)
}

/// Parse loaded items (documents, or why a record gave none) on `pool`, in input order.
pub fn parse_loaded(
    extractor: &Extractor,
    items: Vec<crate::read::Loaded>,
    pool: &ThreadPool,
    cancel: &Cancel,
) -> Vec<ReadItem> {
    let chunks: Vec<Vec<ReadItem>> = pool.install(|| {
        items.par_chunks(CHUNK).with_max_len(1).map(|chunk| parse_loaded_chunk(extractor, chunk, "", cancel)).collect()
    });
    concat(chunks)
}

/// [`parse_chunk`] over loaded items: a record that gave no document keeps its error, and an article's error
/// names its source (`source` when its document has none).
fn parse_loaded_chunk(
    extractor: &Extractor,
    items: &[crate::read::Loaded],
    source: &str,
    cancel: &Cancel,
) -> Vec<ReadItem> {
    let docs: Vec<&Document> = items.iter().filter_map(|item| item.as_ref().ok()).collect();
    let mut parsed = parse_chunk(extractor, &docs, cancel).into_iter();
    items
        .iter()
        .map(|item| {
            let doc = item.as_ref().map_err(Clone::clone)?;
            let src = || doc.options.source.clone().unwrap_or_else(|| source.to_string());
            let parsed = parsed.next().unwrap_or_else(|| Err(CoreError::Internal("an article was not parsed".into())));
            parsed.map_err(|e| (src(), e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Content, Markup, ParseOptions};

    /// Invented articles of every kind of input: text, HTML, bytes in a legacy encoding, and one over the size
    /// limit, more of them than a chunk holds.
    fn documents() -> Vec<Document> {
        let text = |t: String, markup| Document {
            content: Content::Text(t),
            options: ParseOptions { markup, source: Some("invented".into()), ..Default::default() },
        };
        let mut docs = Vec::new();
        for k in 0..CHUNK + 5 {
            let body = format!(
                "JAKARTA — Minister Ratna Wulandari of Indonesia met Prime Minister Tomas Varga of Hungary on \
                 Monday, {k} March 2025, and the two countries signed a memorandum of understanding on digital \
                 trade. \"We will share what we learn,\" Wulandari said."
            );
            docs.push(match k % 4 {
                0 => text(body, Markup::Text),
                1 => text(format!("<html><body><p>{body}</p></body></html>"), Markup::Html),
                2 => Document {
                    content: Content::Bytes(encoding_rs::WINDOWS_1252.encode(&body.replace("—", "–")).0.into_owned()),
                    options: ParseOptions::default(),
                },
                _ => text(body.repeat(20), Markup::Text),
            });
        }
        docs
    }

    /// The batch path, which takes each step over a chunk of articles, gives what parsing each article alone gives,
    /// errors included, in input order, whatever the number of workers.
    #[test]
    fn batches_give_what_each_article_gives_alone() {
        let ex = Extractor::new().with_max_bytes(4000);
        let docs = documents();
        let alone: Vec<_> = docs.iter().map(|d| ex.parse_document(d)).collect();
        assert!(alone.iter().filter(|a| a.is_err()).count() >= 2, "the oversized ones fail");
        assert!(alone.iter().any(|a| a.as_ref().is_ok_and(|a| a.mentions.len() > 3)));
        for workers in [1, 2] {
            let p = pool(workers).expect("a pool");
            assert_eq!(parse_all(&ex, &docs, &p, &Cancel::new(false)), alone, "{workers} workers");
        }
    }

    /// An article's text and lists are kept in buffers of about their own size (see `pipeline::fitted`): a corpus
    /// held in memory holds no room that growing them left.
    #[test]
    fn articles_keep_no_spare_room() {
        let ex = Extractor::new();
        let docs = documents();
        let p = pool(2).expect("a pool");
        let alone = docs.iter().map(|d| ex.parse_document(d));
        let batch = parse_all(&ex, &docs, &p, &Cancel::new(false));
        let fits = |len: usize, cap: usize| cap - len <= len / 8;
        let mut mentions = 0;
        for a in alone.chain(batch).flatten() {
            mentions += a.mentions.len();
            assert!(fits(a.text.len(), a.text.capacity()), "text {} of {}", a.text.len(), a.text.capacity());
            assert!(
                fits(a.mentions.len(), a.mentions.capacity()),
                "{} mentions, room for {}",
                a.mentions.len(),
                a.mentions.capacity()
            );
            assert!(fits(a.entities.len(), a.entities.capacity()));
            assert!(fits(a.agreements.len(), a.agreements.capacity()));
            assert!(fits(a.quotes.len(), a.quotes.capacity()));
            assert!(fits(a.topics.len(), a.topics.capacity()));
        }
        assert!(mentions > 100, "the articles have mentions to hold");
    }

    /// Loaded items keep their place: a record that gave no document keeps its error, and an article's error names
    /// its source (`source` of its options, else none).
    #[test]
    fn loaded_items_keep_their_place_and_sources() {
        let ex = Extractor::new().with_max_bytes(4000);
        let docs = documents();
        let mut items: Vec<crate::read::Loaded> = docs.iter().cloned().map(Ok).collect();
        items.insert(3, Err(("broken.jsonl:4".into(), CoreError::Input("not JSON".into()))));
        let p = pool(2).expect("a pool");
        let got = parse_loaded(&ex, items, &p, &Cancel::new(false));
        assert_eq!(got.len(), docs.len() + 1);
        assert_eq!(got[3], Err(("broken.jsonl:4".into(), CoreError::Input("not JSON".into()))));
        let rest: Vec<_> = got.into_iter().enumerate().filter(|(i, _)| *i != 3).map(|(_, r)| r).collect();
        for (r, d) in rest.into_iter().zip(&docs) {
            let want = ex.parse_document(d).map_err(|e| (d.options.source.clone().unwrap_or_default(), e));
            assert_eq!(r, want);
        }
    }
}
