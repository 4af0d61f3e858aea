//! The Python bindings (`accord._accord`): classes, the extractor, batch entry points.
//! Every heavy call extracts owned Rust data, releases the GIL around the core, then converts back.

mod arrow;
mod classes;
mod convert;
mod sink;
mod stream;

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use std::sync::atomic::Ordering;
use std::sync::{mpsc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use rayon::ThreadPool;

use crate::batch::{parse_all, pool, read_files, resolve_workers, Cancel};
use crate::error::CoreError;
use crate::model::{Article, Label};
use crate::pipeline::{Content, Document, Extractor, ParseOptions, DEFAULT_MAX_BYTES};
use crate::read::{expand, Found};
use classes::{PyAgreement, PyArticle, PyEntity, PyMention, PyQuote};
use convert::{json_to_py, to_pyerr};

/// Batches are handed to the workers in chunks of about this many bytes, so that progress can be
/// reported and Ctrl-C noticed between chunks.
const CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// How the interpreter's shutdown stands (see [`detached`]).
struct Exit {
    /// Set by `_exiting`, which `import accord` registers with `atexit`: the thread that shuts the interpreter
    /// down, which alone may still call in (from other exit hooks, or finalizers).
    by: Option<std::thread::ThreadId>,
    /// Threads that let go of the GIL in [`detached`] and have not taken it back (nor stopped for good).
    detached: usize,
}

static EXIT: Mutex<Exit> = Mutex::new(Exit { by: None, detached: 0 });
static EXIT_CHANGED: Condvar = Condvar::new();

/// How long the shutdown waits for the calls under way in other threads (one chunk of a batch, as a rule).
const EXIT_WAIT: Duration = Duration::from_secs(10);

fn exit_state() -> std::sync::MutexGuard<'static, Exit> {
    EXIT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A thread counted in [`Exit::detached`] while this lives.
struct Detached;

impl Detached {
    fn enter() -> Detached {
        exit_state().detached += 1;
        Detached
    }
}

impl Drop for Detached {
    fn drop(&mut self) {
        exit_state().detached -= 1;
        EXIT_CHANGED.notify_all();
    }
}

/// `f` run without the GIL (`py.detach`), safe to finish while the interpreter shuts down.
///
/// Python 3.12 and older end a thread that takes the GIL once shutdown has begun (a daemon thread nobody waited
/// for) with `pthread_exit`, and its unwinding through the Rust frames of the call aborts the whole process. So a
/// thread that finishes `f` after `_exiting` ran, other than the one shutting down, waits for the process to end
/// instead of taking the GIL back (as Python 3.14 has every such thread do), and `_exiting` waits, with the GIL
/// free, until every thread that let go of it here has either taken it back or stopped so, before shutdown goes on.
pub(crate) fn detached<T, F>(py: Python<'_>, f: F) -> T
where
    F: Send + FnOnce() -> T,
    T: Send,
{
    // Counted until the GIL is taken back: dropped after `detach` returns.
    let _counted = Detached::enter();
    py.detach(move || {
        let out = f();
        let mut exit = exit_state();
        if exit.by.is_some_and(|by| by != std::thread::current().id()) {
            // This thread never returns, so its count is given back here.
            exit.detached -= 1;
            EXIT_CHANGED.notify_all();
            drop(exit);
            loop {
                std::thread::park();
            }
        }
        out
    })
}

/// Mark the interpreter as shutting down, then wait (at most [`EXIT_WAIT`]) for the calls under way in other
/// threads to finish (see [`detached`]).
#[pyfunction]
fn _exiting(py: Python<'_>) {
    exit_state().by = Some(std::thread::current().id());
    py.detach(|| {
        let deadline = std::time::Instant::now() + EXIT_WAIT;
        let mut exit = exit_state();
        while exit.detached > 0 {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            exit = EXIT_CHANGED.wait_timeout(exit, left).unwrap_or_else(PoisonError::into_inner).0;
        }
    });
}

/// The configured pipeline.
#[pyclass(module = "accord._accord", name = "Extractor", frozen)]
pub struct PyExtractor(Arc<Extractor>);

fn content_of(item: &Bound<'_, PyAny>) -> Result<Content, CoreError> {
    if let Ok(s) = item.cast::<PyString>() {
        return s
            .to_cow()
            .map(|c| Content::Text(c.into_owned()))
            .map_err(|e| CoreError::Input(format!("text is not valid Unicode: {e}")));
    }
    if let Ok(b) = item.cast::<PyBytes>() {
        return Ok(Content::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(b) = item.extract::<Vec<u8>>() {
        if !item.is_instance_of::<PyList>() {
            return Ok(Content::Bytes(b));
        }
    }
    let tname = item.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    Err(CoreError::Input(format!(
        "expected str, bytes or a mapping (a record with its text under text, body or content), got {tname}"
    )))
}

/// One input item as a document: text or bytes, with `source` and `language`; or a mapping, read as a record of
/// a JSON Lines file is (see [`crate::read::record_document`]), whose own `source` (else its `url`) and `language`
/// fields count where `source` and `language` are `None`; its text is the field `text_field` if one is set. The
/// outer error is Python's own (a `KeyboardInterrupt`
/// raised while a mapping is looked at), which must reach the caller rather than fail the one item.
fn document_of(
    item: &Bound<'_, PyAny>,
    source: Option<String>,
    language: Option<String>,
    text_field: Option<&str>,
) -> PyResult<Result<Document, CoreError>> {
    // Text and bytes are told by their exact types, which runs no Python code; only other objects are asked
    // whether they are mappings (see `is_mapping`).
    let record = !item.is_instance_of::<PyString>() && !item.is_instance_of::<PyBytes>() && convert::is_mapping(item)?;
    if !record {
        return Ok(content_of(item).map(|content| Document {
            content,
            options: ParseOptions { source, language, ..ParseOptions::default() },
        }));
    }
    let map = match convert::py_to_json(item, 0) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(_) => return Ok(Err(CoreError::Input("could not read the record as a mapping".into()))),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(item.py()) => return Err(e),
        Err(e) => return Ok(Err(CoreError::Input(format!("could not read the record: {e}")))),
    };
    let named = |k: &str| map.get(k).and_then(|v| v.as_str()).filter(|s| !s.trim().is_empty()).map(str::to_string);
    let source = source.or_else(|| named("source")).or_else(|| named("url"));
    Ok(crate::read::record_document(map, source, language, text_field).map_err(CoreError::Input))
}

fn content_len(c: &Content) -> usize {
    match c {
        Content::Text(t) => t.len(),
        Content::Bytes(b) => b.len(),
    }
}

fn error_record<'py>(
    py: Python<'py>,
    index: usize,
    source: Option<&str>,
    err: &CoreError,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("index", index)?;
    d.set_item("source", source)?;
    d.set_item("kind", err.kind())?;
    d.set_item("message", err.to_string())?;
    Ok(d)
}

fn with_source(source: Option<&str>, index: usize, err: CoreError) -> CoreError {
    let prefix = match source {
        Some(s) => s.to_string(),
        None => format!("item {index}"),
    };
    match err {
        CoreError::Input(m) if !m.starts_with(&prefix) => CoreError::Input(format!("{prefix}: {m}")),
        CoreError::Internal(m) => CoreError::Internal(format!("{prefix}: {m}")),
        other => other,
    }
}

/// How often a waiting batch lets Python run its signal handlers (Ctrl-C).
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// A job running on a worker pool, whose result is waited for later (see [`Pending::wait`]); dropping it tells
/// the job to stop.
pub(crate) struct Pending<T> {
    /// The mutex, never contended, makes the holder `Sync`, as Python classes must be; a receiver alone is not.
    rx: Mutex<mpsc::Receiver<T>>,
    cancel: Arc<Cancel>,
}

impl<T: Send + 'static> Pending<T> {
    /// Start `job` on `pool`; it is handed the flag that asks it to stop.
    fn spawn(pool: &ThreadPool, job: impl FnOnce(&Cancel) -> T + Send + 'static) -> Pending<T> {
        let cancel = Arc::new(Cancel::new(false));
        let (tx, rx) = mpsc::channel();
        let flag = cancel.clone();
        pool.spawn(move || {
            let _ = tx.send(job(&flag));
        });
        Pending { rx: Mutex::new(rx), cancel }
    }

    /// Wait for the result without the GIL, letting Python check its signals every `SIGNAL_POLL`: on Ctrl-C the
    /// job is told to stop and `KeyboardInterrupt` is raised at once.
    fn wait(mut self, py: Python<'_>) -> PyResult<T> {
        let rx = self.rx.get_mut().unwrap_or_else(PoisonError::into_inner);
        loop {
            // Borrowed mutably, the receiver may cross into the GIL-free closure (it may not be shared).
            let r = &mut *rx;
            match detached(py, move || r.recv_timeout(SIGNAL_POLL)) {
                Ok(result) => return Ok(result),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // Returning drops `self`, which tells the job to stop.
                    py.check_signals()?;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(to_pyerr(py, CoreError::Internal("a worker thread stopped unexpectedly".into())));
                }
            }
        }
    }
}

impl<T> Drop for Pending<T> {
    fn drop(&mut self) {
        // Harmless once the job is done; otherwise its remaining work is skipped.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Run `job` on `pool` without the GIL and wait for it (see [`Pending::wait`]).
fn run_interruptibly<T: Send + 'static>(
    py: Python<'_>,
    pool: &Arc<ThreadPool>,
    job: impl FnOnce(&Cancel) -> T + Send + 'static,
) -> PyResult<T> {
    Pending::spawn(pool, job).wait(py)
}

/// Run documents through the pool in chunks; between chunks, report progress.
fn run_chunked(
    py: Python<'_>,
    extractor: &Arc<Extractor>,
    mut docs: Vec<Document>,
    workers: Option<usize>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Result<Article, CoreError>>> {
    let n = resolve_workers(workers).map_err(|e| to_pyerr(py, e))?;
    let pool = pool(n).map_err(|e| to_pyerr(py, e))?;
    let mut out = Vec::with_capacity(docs.len());
    // Chunks are taken from the back and put in order at the end, so that no chunk is copied.
    let mut chunks: Vec<Vec<Document>> = Vec::new();
    while !docs.is_empty() {
        let mut start = docs.len();
        let mut bytes = 0;
        while start > 0 && (start == docs.len() || (bytes < CHUNK_BYTES && docs.len() - start < 64 * n)) {
            start -= 1;
            bytes += content_len(&docs[start].content);
        }
        chunks.push(docs.split_off(start));
    }
    chunks.reverse();
    for chunk in chunks {
        let count = chunk.len();
        let (ex, p) = (extractor.clone(), pool.clone());
        let results = run_interruptibly(py, &pool, move |cancel| parse_all(&ex, &chunk, &p, cancel))?;
        out.extend(results);
        if let Some(cb) = progress {
            cb.call1((count,))?;
        }
    }
    Ok(out)
}

type BatchResult<'py> = (Vec<PyArticle>, Vec<Bound<'py, PyDict>>);

fn check_errors_option(errors: &str) -> PyResult<bool> {
    match errors {
        "raise" => Ok(true),
        "record" => Ok(false),
        other => Err(PyValueError::new_err(format!("errors must be 'raise' or 'record', got {other:?}"))),
    }
}

#[pymethods]
impl PyExtractor {
    #[new]
    #[pyo3(signature = (*, max_bytes=DEFAULT_MAX_BYTES, gazetteer=Vec::new(), tagger=true, text_field=None))]
    fn new(
        py: Python<'_>,
        max_bytes: usize,
        gazetteer: Vec<(String, String, Option<String>)>,
        tagger: bool,
        text_field: Option<String>,
    ) -> PyResult<Self> {
        let mut entries = Vec::with_capacity(gazetteer.len());
        for (name, label, code) in gazetteer {
            let label = Label::from_name(&label.to_uppercase()).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "gazetteer entry {name:?}: unknown label {label:?}; expected one of {}",
                    Label::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")
                ))
            })?;
            entries.push((name, label, code));
        }
        if text_field.as_deref().is_some_and(|f| f.trim().is_empty()) {
            return Err(to_pyerr(py, CoreError::Option("text_field must name a field, not be empty".into())));
        }
        let ex = Extractor::new()
            .with_max_bytes(max_bytes)
            .with_gazetteer_entries(entries)
            .with_rules_only(!tagger)
            .with_text_field(text_field.as_deref());
        Ok(PyExtractor(Arc::new(ex)))
    }

    /// The largest article (in bytes) this extractor accepts.
    #[getter]
    fn max_bytes(&self) -> usize {
        self.0.max_bytes()
    }

    /// Whether the learned tagger finds names (else the rules and the name lists alone).
    #[getter]
    fn tagger(&self) -> bool {
        !self.0.rules_only()
    }

    /// The field of a record that holds its text, if one is set (else `text`, `body` or `content`).
    #[getter]
    fn text_field(&self) -> Option<String> {
        self.0.text_field().map(str::to_string)
    }

    /// Parse one article from text, bytes or a record (a mapping).
    #[pyo3(signature = (text, /, *, source=None, language=None))]
    fn parse(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        source: Option<String>,
        language: Option<String>,
    ) -> PyResult<PyArticle> {
        let doc = document_of(text, source, language, self.0.text_field())?.map_err(|e| match e {
            CoreError::Input(m) if m.starts_with("expected") => PyTypeError::new_err(m),
            e => to_pyerr(py, e),
        })?;
        let ex = self.0.clone();
        let result = detached(py, move || crate::batch::guarded("parsing an article", || ex.parse_document(&doc)));
        result.map(|a| PyArticle(Arc::new(a))).map_err(|e| to_pyerr(py, e))
    }

    /// Parse many articles in parallel; returns the articles and the per-item errors.
    #[pyo3(signature = (items, /, *, sources=None, workers=None, progress=None, errors="raise"))]
    fn _parse_many<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        sources: Option<&Bound<'py, PyAny>>,
        workers: Option<usize>,
        progress: Option<&Bound<'py, PyAny>>,
        errors: &str,
    ) -> PyResult<BatchResult<'py>> {
        let raise = check_errors_option(errors)?;
        let items: Vec<Bound<'py, PyAny>> = items.try_iter()?.collect::<PyResult<_>>()?;
        let sources: Vec<Option<String>> = match sources {
            None => vec![None; items.len()],
            Some(s) => s.try_iter()?.map(|x| x.and_then(|x| x.extract::<Option<String>>())).collect::<PyResult<_>>()?,
        };
        if sources.len() != items.len() {
            return Err(to_pyerr(
                py,
                CoreError::Option(format!("got {} sources for {} items", sources.len(), items.len())),
            ));
        }
        // Items that are not text at all fail up front; they keep their place in the error list.
        let mut docs = Vec::with_capacity(items.len());
        let mut positions = Vec::with_capacity(items.len());
        let mut early: Vec<(usize, CoreError)> = Vec::new();
        for (i, (item, source)) in items.iter().zip(sources.iter()).enumerate() {
            match document_of(item, source.clone(), None, self.0.text_field())? {
                Ok(doc) => {
                    docs.push(doc);
                    positions.push(i);
                }
                Err(e) => early.push((i, e)),
            }
        }
        drop(items);
        let results = run_chunked(py, &self.0, docs, workers, progress)?;
        let mut failures: Vec<(usize, Option<String>, CoreError)> =
            early.into_iter().map(|(i, e)| (i, sources[i].clone(), e)).collect();
        let mut articles = Vec::with_capacity(results.len());
        for (pos, r) in positions.into_iter().zip(results) {
            match r {
                Ok(a) => articles.push(PyArticle(Arc::new(a))),
                Err(e) => failures.push((pos, sources[pos].clone(), e)),
            }
        }
        failures.sort_by_key(|f| f.0);
        if raise {
            if let Some((i, s, e)) = failures.into_iter().next() {
                return Err(to_pyerr(py, with_source(s.as_deref(), i, e)));
            }
            return Ok((articles, Vec::new()));
        }
        let records =
            failures.iter().map(|(i, s, e)| error_record(py, *i, s.as_deref(), e)).collect::<PyResult<_>>()?;
        Ok((articles, records))
    }

    /// Read files, directories and their records; returns the articles and the per-item errors.
    #[pyo3(signature = (paths, /, *, workers=None, progress=None, errors="raise"))]
    fn _read<'py>(
        &self,
        py: Python<'py>,
        paths: Vec<PathBuf>,
        workers: Option<usize>,
        progress: Option<&Bound<'py, PyAny>>,
        errors: &str,
    ) -> PyResult<BatchResult<'py>> {
        let raise = check_errors_option(errors)?;
        let n = resolve_workers(workers).map_err(|e| to_pyerr(py, e))?;
        let pool = pool(n).map_err(|e| to_pyerr(py, e))?;
        let found = detached(py, || expand(&paths));
        if let Some(cb) = progress {
            let files = found.iter().filter(|f| matches!(f, Found::File(_))).count();
            cb.call_method1("set_total", (files,))?;
        }
        let mut articles = Vec::new();
        let mut failures: Vec<(usize, String, CoreError)> = Vec::new();
        let mut index = 0usize;
        let mut pending: Vec<PathBuf> = Vec::new();
        let flush = |py: Python<'py>,
                     pending: &mut Vec<PathBuf>,
                     index: &mut usize,
                     articles: &mut Vec<PyArticle>,
                     failures: &mut Vec<(usize, String, CoreError)>|
         -> PyResult<()> {
            if pending.is_empty() {
                return Ok(());
            }
            let files = std::mem::take(pending);
            let count = files.len();
            let (ex, p) = (self.0.clone(), pool.clone());
            let items = run_interruptibly(py, &pool, move |cancel| read_files(&ex, &files, &p, cancel))?;
            for item in items {
                match item {
                    Ok(a) => articles.push(PyArticle(Arc::new(a))),
                    Err((s, e)) => failures.push((*index, s, e)),
                }
                *index += 1;
            }
            if let Some(cb) = progress {
                cb.call1((count,))?;
            }
            Ok(())
        };
        for f in found {
            match f {
                Found::File(p) => {
                    pending.push(p);
                    if pending.len() >= 32 * n {
                        flush(py, &mut pending, &mut index, &mut articles, &mut failures)?;
                    }
                }
                Found::Error { source, error } => {
                    flush(py, &mut pending, &mut index, &mut articles, &mut failures)?;
                    failures.push((index, source, error));
                    index += 1;
                }
            }
        }
        flush(py, &mut pending, &mut index, &mut articles, &mut failures)?;
        if raise {
            if let Some((i, s, e)) = failures.into_iter().next() {
                return Err(to_pyerr(py, with_source(Some(&s), i, e)));
            }
            return Ok((articles, Vec::new()));
        }
        let records = failures.iter().map(|(i, s, e)| error_record(py, *i, Some(s), e)).collect::<PyResult<_>>()?;
        Ok((articles, records))
    }

    /// Read files, directories and their records lazily, a batch of at most `batch_size` items at a time.
    #[pyo3(signature = (paths, /, *, batch_size=1000, workers=None, progress=None, errors="record"))]
    fn _iter_batches(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        batch_size: usize,
        workers: Option<usize>,
        progress: Option<Py<PyAny>>,
        errors: &str,
    ) -> PyResult<stream::PyBatchIterator> {
        stream::PyBatchIterator::open(py, &self.0, paths, batch_size, workers, progress, errors)
    }
}

/// The text repair stage on its own.
#[pyfunction]
fn fix_text(py: Python<'_>, text: String) -> String {
    detached(py, move || crate::repair::fix_text(&text).0.into_owned())
}

fn articles_of(articles: &Bound<'_, PyAny>) -> PyResult<Vec<Arc<Article>>> {
    articles
        .try_iter()?
        .map(|a| {
            let a = a?;
            let art = a.cast::<PyArticle>()?;
            Ok(art.get().0.clone())
        })
        .collect()
}

/// Write articles as JSON Lines in the export schema (after what the file holds, with `append`).
#[pyfunction]
#[pyo3(signature = (articles, path, *, append=false))]
fn _write_jsonl(py: Python<'_>, articles: &Bound<'_, PyAny>, path: PathBuf, append: bool) -> PyResult<()> {
    use std::io::Write;
    let arts = articles_of(articles)?;
    let result = detached(py, || -> Result<(), CoreError> {
        let io =
            |e: std::io::Error| CoreError::Io { path: path.to_string_lossy().into_owned(), message: e.to_string() };
        let f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .append(append)
            .truncate(!append)
            .open(&path)
            .map_err(io)?;
        let mut w = std::io::BufWriter::new(f);
        for a in &arts {
            w.write_all(a.to_json().as_bytes()).map_err(io)?;
            w.write_all(b"\n").map_err(io)?;
        }
        w.flush().map_err(io)
    });
    result.map_err(|e| to_pyerr(py, e))
}

/// Columns of one table (`articles`, `mentions`, `entities`, `agreements`, `quotes`) as a dict of lists.
#[pyfunction]
fn _table<'py>(py: Python<'py>, articles: &Bound<'py, PyAny>, table: &str) -> PyResult<Bound<'py, PyDict>> {
    let arts = articles_of(articles)?;
    let rows = crate::tables::rows(&arts, table).map_err(|e| to_pyerr(py, e))?;
    let out = PyDict::new(py);
    for (name, values) in rows.columns {
        let list = PyList::empty(py);
        for v in &values {
            list.append(json_to_py(py, v)?)?;
        }
        out.set_item(name, list)?;
    }
    Ok(out)
}

/// One event's fields (see `crate::events::Event`): `(id, kind, parties, date, place, agreements, kinds,
/// sources)`, its agreements as (article index, agreement index) pairs and `kinds` their kinds.
type EventRow =
    (String, &'static str, Vec<String>, Option<String>, Option<String>, Vec<(usize, usize)>, Vec<String>, Vec<String>);

/// The events of `articles` (reports of the same occasion grouped), computed without the GIL.
#[pyfunction]
fn _events(py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<Vec<EventRow>> {
    let arts = articles_of(articles)?;
    Ok(detached(py, || {
        let refs: Vec<&Article> = arts.iter().map(|a| a.as_ref()).collect();
        crate::events::find_events(&refs)
            .into_iter()
            .map(|e| {
                let kinds = e.agreements.iter().map(|&(i, k)| refs[i].agreements[k].kind.clone()).collect();
                (e.id, e.kind, e.parties, e.date, e.place, e.agreements, kinds, e.sources)
            })
            .collect()
    }))
}

/// Load the models and build the automata on background threads, so that `import accord` stays instant and the
/// first parse does not pay for them (a parse that comes first simply waits for what it needs). Started when the
/// module loads, the first thing `import accord` does, so that it runs while the rest of the package imports and
/// the caller reads its input.
fn warm_up_in_background() {
    let started = std::thread::Builder::new().name("accord-warm-up".into()).spawn(|| {
        let _ = crate::batch::guarded("warming up", || {
            crate::pipeline::warm_up();
            Ok(())
        });
        set_warm();
    });
    if started.is_err() {
        // Nothing is being built: everything is built on first use instead, and there is nothing to wait for.
        set_warm();
    }
}

/// Whether the warm-up is over, and the callers of [`_wait_for_warm_up`] waiting for it.
static WARM: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());

fn set_warm() {
    *WARM.0.lock().unwrap_or_else(PoisonError::into_inner) = true;
    WARM.1.notify_all();
}

/// Wait until the warm-up is over (at once if it is). `import accord` has a fork wait for it: a child forked while
/// the tables were being built would inherit them half-built, marked as being built by a thread it does not have,
/// and its first parse would wait for them forever.
#[pyfunction]
fn _wait_for_warm_up(py: Python<'_>) {
    detached(py, || {
        let mut warm = WARM.0.lock().unwrap_or_else(PoisonError::into_inner);
        while !*warm {
            warm = WARM.1.wait(warm).unwrap_or_else(PoisonError::into_inner);
        }
    });
}

#[pymodule]
fn _accord(m: &Bound<'_, PyModule>) -> PyResult<()> {
    crate::tune_allocator();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_MAX_BYTES", DEFAULT_MAX_BYTES)?;
    m.add_class::<PyArticle>()?;
    m.add_class::<PyMention>()?;
    m.add_class::<PyEntity>()?;
    m.add_class::<PyAgreement>()?;
    m.add_class::<PyQuote>()?;
    m.add_class::<PyExtractor>()?;
    m.add_class::<arrow::PyArrowTable>()?;
    m.add_class::<stream::PyBatchIterator>()?;
    m.add_class::<sink::PyParquetSink>()?;
    m.add_function(wrap_pyfunction!(sink::_counts, m)?)?;
    m.add_function(wrap_pyfunction!(fix_text, m)?)?;
    m.add_function(wrap_pyfunction!(_wait_for_warm_up, m)?)?;
    m.add_function(wrap_pyfunction!(_exiting, m)?)?;
    m.add_function(wrap_pyfunction!(_write_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(_table, m)?)?;
    m.add_function(wrap_pyfunction!(_events, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::_events_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(classes::_restore, m)?)?;
    warm_up_in_background();
    Ok(())
}
