//! Tables handed to Python as Arrow data through the PyCapsule interface (`__arrow_c_stream__`), so that
//! pyarrow, polars and others take the columns without a Python object per row.

use std::ffi::CString;
use std::sync::Arc;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use arrow_schema::ffi::FFI_ArrowSchema;
use arrow_schema::SchemaRef;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use super::articles_of;
use super::convert::to_pyerr;
use super::detached;
use crate::batch::guarded;
use crate::error::CoreError;

/// One table as Arrow record batches, readable any number of times through `__arrow_c_stream__`.
#[pyclass(module = "accord._accord", name = "ArrowTable", frozen)]
pub struct PyArrowTable {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

fn capsule_error(e: impl std::fmt::Display) -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(format!("could not export Arrow data: {e}"))
}

#[pymethods]
impl PyArrowTable {
    /// The number of rows.
    fn __len__(&self) -> usize {
        self.batches.iter().map(|b| b.num_rows()).sum()
    }

    fn __repr__(&self) -> String {
        let cols: Vec<String> = self.schema.fields().iter().map(|f| f.name().clone()).collect();
        format!("ArrowTable(<{} rows: {}>)", self.__len__(), cols.join(", "))
    }

    /// The schema as an `arrow_schema` PyCapsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let ffi = FFI_ArrowSchema::try_from(self.schema.as_ref()).map_err(capsule_error)?;
        PyCapsule::new(py, ffi, Some(CString::from(c"arrow_schema")))
    }

    /// The batches as an `arrow_array_stream` PyCapsule. A requested schema is not applied: the table has one
    /// fixed schema, which consumers cast from if they wish.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new(self.batches.clone().into_iter().map(Ok), self.schema.clone());
        // The capsule owns the stream: when a consumer has moved it out, its `release` is null and dropping it
        // does nothing; otherwise dropping it releases the batches.
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new(py, stream, Some(CString::from(c"arrow_array_stream")))
    }
}

/// One table (`articles`, `mentions`, `entities`, `agreements`, `quotes`) of `articles` as Arrow data.
#[pyfunction]
pub fn _arrow(py: Python<'_>, articles: &Bound<'_, PyAny>, table: String) -> PyResult<PyArrowTable> {
    let arts = articles_of(articles)?;
    let built = detached(py, move || -> Result<(SchemaRef, Vec<RecordBatch>), CoreError> {
        let schema = crate::tables::arrow::schema(&table)?;
        let arts: Vec<Arc<_>> = arts;
        let batches = guarded("building an Arrow table", || crate::tables::arrow::record_batches(&arts, &table))?;
        Ok((schema, batches))
    });
    let (schema, batches) = built.map_err(|e| to_pyerr(py, e))?;
    Ok(PyArrowTable { schema, batches })
}

/// The events table of `articles` (see [`crate::sink::events_batch`]) as Arrow data.
#[pyfunction]
pub fn _events_arrow(py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<PyArrowTable> {
    let arts = articles_of(articles)?;
    let built =
        detached(py, move || guarded("building the events table", || crate::sink::events_batch(&arts, |id| id)));
    let (schema, batches) = built.map_err(|e| to_pyerr(py, e))?;
    Ok(PyArrowTable { schema, batches })
}
