//! `iter_batches`: articles read lazily from files and folders and parsed a batch at a time, so that memory stays
//! bounded by the batch whatever the size of the input. The next batch is read and parsed while the caller works
//! on the current one (writing it out, building tables), so the cores are not idle meanwhile, and the batch
//! after that is read while the next is parsed; at most two parsed batches and one read are held at once.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use rayon::ThreadPool;

use super::classes::PyArticle;
use super::convert::to_pyerr;
use super::detached;
use super::{check_errors_option, error_record, with_source, BatchResult, Pending};
use crate::batch::{parse_loaded, pool, resolve_workers, ReadItem};
use crate::error::CoreError;
use crate::pipeline::Extractor;
use crate::read::{expand, Loaded, Stream};

/// A parsed batch, the stream and the items of the batch after it (see [`PyBatchIterator::start`]).
type Parsed = (Vec<ReadItem>, Stream, Vec<Loaded>);

/// Yields `(articles, errors)` for each batch of at most `batch_size` items, in input order.
#[pyclass(module = "accord._accord", name = "BatchIterator")]
pub struct PyBatchIterator {
    extractor: Arc<Extractor>,
    pool: Arc<ThreadPool>,
    /// The batch being parsed, while the one after it is read: it hands back the stream and the items read with
    /// it; `None` once everything is read, or after an interrupted or failed batch.
    next: Option<Pending<Parsed>>,
    batch_size: usize,
    raise: bool,
    /// Items handed out so far: the index of the next item among everything found.
    index: usize,
    progress: Option<Py<PyAny>>,
    /// The process that opened it: the batch under way is parsed by that process's workers, which a forked child
    /// does not have.
    process: u32,
}

impl PyBatchIterator {
    pub(super) fn open(
        py: Python<'_>,
        extractor: &Arc<Extractor>,
        paths: Vec<PathBuf>,
        batch_size: usize,
        workers: Option<usize>,
        progress: Option<Py<PyAny>>,
        errors: &str,
    ) -> PyResult<PyBatchIterator> {
        let raise = check_errors_option(errors)?;
        if batch_size == 0 {
            return Err(to_pyerr(py, CoreError::Option("batch_size must be at least 1".into())));
        }
        let n = resolve_workers(workers).map_err(|e| to_pyerr(py, e))?;
        let pool = pool(n).map_err(|e| to_pyerr(py, e))?;
        let line_limit = crate::read::item_limit(extractor.max_bytes());
        let found = detached(py, || expand(&paths));
        let mut it = PyBatchIterator {
            extractor: extractor.clone(),
            pool,
            next: None,
            batch_size,
            raise,
            index: 0,
            progress,
            process: std::process::id(),
        };
        it.start(Stream::new(found, line_limit).with_text_field(extractor.text_field()), None);
        Ok(it)
    }

    /// Start parsing the batch that follows on the pool (without the GIL: the job never takes it): `loaded`,
    /// or the first batch read from `stream` when there is none yet. The batch after it is read meanwhile, so
    /// that a worker reading (one at a time: files are read in order) leaves the others parsing, not waiting.
    fn start(&mut self, mut stream: Stream, loaded: Option<Vec<Loaded>>) {
        let (ex, p, size) = (self.extractor.clone(), self.pool.clone(), self.batch_size);
        self.next = Some(Pending::spawn(&self.pool, move |cancel| {
            let loaded = loaded.unwrap_or_else(|| stream.next_items(size));
            if loaded.is_empty() {
                return (Vec::new(), stream, Vec::new());
            }
            let (ahead, parsed) = rayon::join(|| stream.next_items(size), || parse_loaded(&ex, loaded, &p, cancel));
            (parsed, stream, ahead)
        }));
    }
}

#[pymethods]
impl PyBatchIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<BatchResult<'py>>> {
        if self.process != std::process::id() {
            let msg = "this batch iterator was opened in another process (before a fork): open it again here";
            return Err(to_pyerr(py, CoreError::Option(msg.into())));
        }
        let Some(pending) = self.next.take() else {
            return Ok(None);
        };
        // Reading happens on the worker side too, so that the GIL is free and Ctrl-C is noticed while it runs.
        let (items, stream, ahead) = pending.wait(py)?;
        if items.is_empty() {
            return Ok(None);
        }
        self.start(stream, Some(ahead));
        let count = items.len();
        let mut articles = Vec::with_capacity(count);
        let mut failures = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            match item {
                Ok(a) => articles.push(PyArticle(Arc::new(a))),
                Err((s, e)) => failures.push((self.index + i, s, e)),
            }
        }
        self.index += count;
        if let Some(cb) = &self.progress {
            cb.bind(py).call1((count,))?;
        }
        if self.raise {
            if let Some((i, s, e)) = failures.into_iter().next() {
                self.next = None;
                return Err(to_pyerr(py, with_source(Some(&s), i, e)));
            }
            return Ok(Some((articles, Vec::new())));
        }
        let records = failures.iter().map(|(i, s, e)| error_record(py, *i, Some(s), e)).collect::<PyResult<_>>()?;
        Ok(Some((articles, records)))
    }
}
