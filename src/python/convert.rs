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

/// Whether `v` is a mapping: a `dict` by its type, anything else by `isinstance(v, collections.abc.Mapping)`. That
/// check may run Python code, which handles a pending signal: its error (a `KeyboardInterrupt`) is returned, not
/// taken for "no" (as a cast to `PyMapping` would), so that Ctrl-C reaches the caller.
pub fn is_mapping(v: &Bound<'_, PyAny>) -> PyResult<bool> {
    static MAPPING: pyo3::sync::PyOnceLock<Py<pyo3::types::PyType>> = pyo3::sync::PyOnceLock::new();
    if v.is_instance_of::<PyDict>() {
        return Ok(true);
    }
    v.is_instance(MAPPING.import(v.py(), "collections.abc", "Mapping")?)
}

/// How deep [`py_to_json`] follows lists and mappings inside a record; deeper values are kept as their `str()`.
const MAX_RECORD_DEPTH: usize = 16;

/// A Python value of a record as JSON: `None`, booleans, whole numbers, finite floats (NaN, as pandas writes a
/// missing value, is null), strings, lists, tuples and mappings as themselves; dates and times by `isoformat()`
/// (`datetime`, pandas' `Timestamp`); bytes decoded as UTF-8 (invalid sequences replaced); anything else by
/// `str()`.
pub fn py_to_json(v: &Bound<'_, PyAny>, depth: usize) -> PyResult<serde_json::Value> {
    use pyo3::types::{PyBytes, PyInt, PySequence, PyTuple};
    use serde_json::Value;
    if v.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if v.is_instance_of::<PyInt>() {
        if let Ok(i) = v.extract::<i64>() {
            return Ok(Value::from(i));
        }
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return Ok(serde_json::Number::from_f64(f.value()).map_or(Value::Null, Value::Number));
    }
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(Value::String(String::from_utf8_lossy(b.as_bytes()).into_owned()));
    }
    if depth < MAX_RECORD_DEPTH {
        if let Ok(m) = v.cast::<PyDict>() {
            let mut out = serde_json::Map::new();
            for (k, x) in m.iter() {
                out.insert(k.str()?.to_cow()?.into_owned(), py_to_json(&x, depth + 1)?);
            }
            return Ok(Value::Object(out));
        }
        if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
            let items = v.cast::<PySequence>()?;
            let mut out = Vec::with_capacity(items.len().unwrap_or(0));
            for x in items.try_iter()? {
                out.push(py_to_json(&x?, depth + 1)?);
            }
            return Ok(Value::Array(out));
        }
        if is_mapping(v)? {
            // Any other mapping, through a dict of its items.
            let d = PyDict::new(v.py());
            for pair in v.call_method0("items")?.try_iter()? {
                let pair = pair?;
                let (k, x): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
                d.set_item(k, x)?;
            }
            return py_to_json(d.as_any(), depth);
        }
    }
    if v.hasattr("isoformat")? {
        // A date or time; an object whose `isoformat` fails (a class, say) is written by `str()` below, unless the
        // failure is an interrupt.
        match v.call_method0("isoformat").and_then(|s| s.extract::<String>()) {
            Ok(s) => return Ok(Value::String(s)),
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(v.py()) => return Err(e),
            Err(_) => {}
        }
    }
    Ok(Value::String(v.str()?.to_cow()?.into_owned()))
}

/// A core date as `datetime.date`.
pub fn date_to_py<'py>(py: Python<'py>, d: Option<Date>) -> PyResult<Bound<'py, PyAny>> {
    match d {
        None => Ok(py.None().into_bound(py)),
        Some(d) => py.import("datetime")?.getattr("date")?.call1((d.year, d.month, d.day)),
    }
}
