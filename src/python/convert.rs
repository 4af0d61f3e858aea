//! Conversions at the boundary: JSON values to and from Python objects, core errors to exceptions.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};

use crate::error::CoreError;
use crate::model::Date;

/// Map a core error onto the `accord.errors` exception tree (the one place that does so).
pub fn to_pyerr(py: Python<'_>, err: CoreError) -> PyErr {
    let class = match &err {
        CoreError::Input(_) => "InputError",
        CoreError::Format { .. } => "FormatError",
        CoreError::Io { .. } => "ReadError",
        CoreError::Option(_) => "OptionError",
        CoreError::Internal(_) => "InternalError",
    };
    let made = py.import("accord.errors").and_then(|m| m.getattr(class)).and_then(|cls| cls.call1((err.to_string(),)));
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

/// A JSON value as the matching Python object (dates stay ISO strings here).
pub fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let list = PyList::empty(py);
            for x in a {
                list.append(json_to_py(py, x)?)?;
            }
            list.into_any()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, json_to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// A core date as `datetime.date`.
pub fn date_to_py<'py>(py: Python<'py>, d: Option<Date>) -> PyResult<Bound<'py, PyAny>> {
    match d {
        None => Ok(py.None().into_bound(py)),
        Some(d) => py.import("datetime")?.getattr("date")?.call1((d.year, d.month, d.day)),
    }
}
