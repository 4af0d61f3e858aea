//! The command line's Parquet output and summary counts, computed in Rust from a batch's articles: the CLI
//! writes Parquet and prints its summary without pyarrow, and without a Python object per row.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use pyo3::prelude::*;

use super::articles_of;
use super::convert::to_pyerr;
use super::detached;
use crate::batch::guarded;
use crate::error::CoreError;
use crate::model::Label;
use crate::sink::ParquetFolder;

/// A folder of Parquet files, one per table, appended a row group per batch (see [`ParquetFolder`]).
#[pyclass(module = "accord._accord", name = "ParquetSink", frozen)]
pub struct PyParquetSink {
    /// `None` once closed.
    folder: Mutex<Option<ParquetFolder>>,
    paths: Vec<PathBuf>,
}

fn closed() -> CoreError {
    CoreError::Option("the Parquet sink is closed".into())
}

#[pymethods]
impl PyParquetSink {
    #[new]
    fn new(py: Python<'_>, folder: PathBuf) -> PyResult<PyParquetSink> {
        let folder = detached(py, || ParquetFolder::create(&folder)).map_err(|e| to_pyerr(py, e))?;
        let paths = folder.paths();
        Ok(PyParquetSink { folder: Mutex::new(Some(folder)), paths })
    }

    /// The files written, one per table, in the order of `accord.TABLES`.
    #[getter]
    fn paths(&self) -> Vec<String> {
        self.paths.iter().map(|p| p.to_string_lossy().into_owned()).collect()
    }

    /// Append the rows of `articles` to every table (the GIL is released meanwhile).
    fn write(&self, py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<()> {
        let arts = articles_of(articles)?;
        detached(py, || {
            let mut guard = self.folder.lock().unwrap_or_else(PoisonError::into_inner);
            let folder = guard.as_mut().ok_or_else(closed)?;
            guarded("writing Parquet", || folder.write(&arts))
        })
        .map_err(|e| to_pyerr(py, e))
    }

    /// Finish the files (their footers); closing twice does nothing.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        detached(py, || {
            let taken = self.folder.lock().unwrap_or_else(PoisonError::into_inner).take();
            taken.map_or(Ok(()), |f| f.close().map(|_| ()))
        })
        .map_err(|e| to_pyerr(py, e))
    }
}

/// Counts of a batch for the command line's summary: `(languages, labels, entities, agreements, quotes)`, the
/// first two as `{name: count}` (an article without a language counts as `"?"`).
type Counts = (HashMap<String, usize>, HashMap<&'static str, usize>, usize, usize, usize);

// `_counts` indexes its array of labels by discriminant, read back in the order of `Label::ALL`.
const _: () = {
    let mut i = 0;
    while i < Label::ALL.len() {
        assert!(Label::ALL[i] as usize == i, "Label::ALL is in the order of the variants");
        i += 1;
    }
};

#[pyfunction]
pub fn _counts(py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<Counts> {
    let arts = articles_of(articles)?;
    Ok(detached(py, || {
        let mut out: Counts = Default::default();
        // Counted by label, in an array: a batch has some forty thousand mentions.
        let mut labels = [0usize; Label::ALL.len()];
        for a in &arts {
            *out.0.entry(a.language.clone().unwrap_or_else(|| "?".into())).or_default() += 1;
            for m in &a.mentions {
                labels[m.label as usize] += 1;
            }
            out.2 += a.entities.len();
            out.3 += a.agreements.len();
            out.4 += a.quotes.len();
        }
        out.1 = Label::ALL.into_iter().zip(labels).filter(|&(_, n)| n > 0).map(|(l, n)| (l.as_str(), n)).collect();
        out
    }))
}
