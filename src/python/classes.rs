//! The frozen result classes: `Article`, `Mention`, `Entity`, `Agreement`, `Quote`.
//! Each wraps a core struct; pickling goes through one `__reduce__` that restores from the JSON export.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::convert::{date_to_py, json_to_py};
use crate::model::{Agreement, Article, Entity, Label, Mention, Quote};

/// Shared behaviour of the classes restored from their JSON form.
pub trait Record: Serialize + DeserializeOwned {
    /// The Python class name.
    const NAME: &'static str;
}

impl Record for Mention {
    const NAME: &'static str = "Mention";
}
impl Record for Entity {
    const NAME: &'static str = "Entity";
}
impl Record for Agreement {
    const NAME: &'static str = "Agreement";
}
impl Record for Quote {
    const NAME: &'static str = "Quote";
}
impl Record for Article {
    const NAME: &'static str = "Article";
}

fn to_value<T: Serialize>(x: &T) -> PyResult<serde_json::Value> {
    serde_json::to_value(x).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn to_json_string<T: Serialize>(x: &T) -> PyResult<String> {
    serde_json::to_string(x).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// `(accord._accord._restore, (name, json))`: the one pickling path for every class.
fn reduce<'py, T: Record>(py: Python<'py>, x: &T) -> PyResult<Bound<'py, PyTuple>> {
    let restore = py.import("accord._accord")?.getattr("_restore")?;
    let args = PyTuple::new(py, [T::NAME.to_string(), to_json_string(x)?])?;
    PyTuple::new(py, [restore, args.into_any()])
}

/// `Name(field=repr(value), ...)` from the JSON form of a record.
fn constructor_repr<T: Serialize>(py: Python<'_>, name: &str, x: &T) -> String {
    let body = (|| -> PyResult<String> {
        let serde_json::Value::Object(map) = to_value(x)? else { return Ok(String::new()) };
        let mut parts = Vec::with_capacity(map.len());
        for (k, v) in &map {
            parts.push(format!("{k}={}", json_to_py(py, v)?.repr()?));
        }
        Ok(parts.join(", "))
    })()
    .unwrap_or_else(|_| "...".into());
    format!("{name}({body})")
}

fn hash_of<T: Hash>(x: &T) -> u64 {
    let mut h = DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

fn str_list<'py>(py: Python<'py>, xs: &[String]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, xs)
}

/// A named thing found in the article text: `article.text[start:end] == text`.
#[pyclass(module = "accord._accord", name = "Mention", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyMention(pub Mention);

#[pymethods]
impl PyMention {
    #[new]
    #[pyo3(signature = (label, text, start, end, entity=None, value=None))]
    fn new(
        label: &str,
        text: String,
        start: usize,
        end: usize,
        entity: Option<String>,
        value: Option<String>,
    ) -> PyResult<Self> {
        let label = Label::from_name(label).ok_or_else(|| {
            let names: Vec<_> = Label::ALL.iter().map(|l| l.as_str()).collect();
            PyValueError::new_err(format!("unknown label {label:?}; expected one of {}", names.join(", ")))
        })?;
        if end < start {
            return Err(PyValueError::new_err(format!("end ({end}) is before start ({start})")));
        }
        Ok(PyMention(Mention { label, text: text.into(), start, end, entity: entity.map(Into::into), value }))
    }
    #[getter]
    fn label(&self) -> &'static str {
        self.0.label.as_str()
    }
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    #[getter]
    fn start(&self) -> usize {
        self.0.start
    }
    #[getter]
    fn end(&self) -> usize {
        self.0.end
    }
    #[getter]
    fn entity(&self) -> Option<&str> {
        self.0.entity.as_deref()
    }
    #[getter]
    fn value(&self) -> Option<&str> {
        self.0.value.as_deref()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &to_value(&self.0)?)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        constructor_repr(py, "Mention", &self.0)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, &self.0)
    }
}

/// A distinct person, organisation, country, place, ... that the article talks about.
#[pyclass(module = "accord._accord", name = "Entity", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyEntity(pub Entity);

#[pymethods]
impl PyEntity {
    #[new]
    #[pyo3(signature = (id, kind, name, code=None, aliases=Vec::new(), role=None, country=None))]
    fn new(
        id: String,
        kind: String,
        name: String,
        code: Option<String>,
        aliases: Vec<String>,
        role: Option<String>,
        country: Option<String>,
    ) -> Self {
        PyEntity(Entity {
            id: id.into(),
            kind: kind.into(),
            name: name.into(),
            code: code.map(Into::into),
            aliases,
            role: role.map(Into::into),
            country: country.map(Into::into),
        })
    }
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    #[getter]
    fn kind(&self) -> &str {
        &self.0.kind
    }
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    #[getter]
    fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }
    #[getter]
    fn aliases<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        str_list(py, &self.0.aliases)
    }
    #[getter]
    fn role(&self) -> Option<&str> {
        self.0.role.as_deref()
    }
    #[getter]
    fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &to_value(&self.0)?)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        constructor_repr(py, "Entity", &self.0)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, &self.0)
    }
}

/// An instrument of cooperation (MoU, treaty, declaration, ...) the article reports.
#[pyclass(module = "accord._accord", name = "Agreement", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyAgreement(pub Agreement);

#[pymethods]
impl PyAgreement {
    #[new]
    #[pyo3(signature = (kind, status, name=None, parties=Vec::new(), date=None, place=None, topics=Vec::new(), signatories=Vec::new(), start=0, end=0, cameo=None, plover=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: String,
        status: String,
        name: Option<String>,
        parties: Vec<String>,
        date: Option<String>,
        place: Option<String>,
        topics: Vec<String>,
        signatories: Vec<String>,
        start: usize,
        end: usize,
        cameo: Option<String>,
        plover: Option<String>,
    ) -> Self {
        PyAgreement(Agreement {
            kind,
            name,
            parties,
            status,
            date,
            place,
            topics,
            signatories,
            start,
            end,
            cameo,
            plover,
        })
    }
    #[getter]
    fn start(&self) -> usize {
        self.0.start
    }
    #[getter]
    fn end(&self) -> usize {
        self.0.end
    }
    #[getter]
    fn cameo(&self) -> Option<&str> {
        self.0.cameo.as_deref()
    }
    #[getter]
    fn plover(&self) -> Option<&str> {
        self.0.plover.as_deref()
    }
    #[getter]
    fn kind(&self) -> &str {
        &self.0.kind
    }
    #[getter]
    fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    #[getter]
    fn parties<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        str_list(py, &self.0.parties)
    }
    #[getter]
    fn status(&self) -> &str {
        &self.0.status
    }
    #[getter]
    fn date(&self) -> Option<&str> {
        self.0.date.as_deref()
    }
    #[getter]
    fn place(&self) -> Option<&str> {
        self.0.place.as_deref()
    }
    #[getter]
    fn topics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        str_list(py, &self.0.topics)
    }
    #[getter]
    fn signatories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        str_list(py, &self.0.signatories)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &to_value(&self.0)?)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        constructor_repr(py, "Agreement", &self.0)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, &self.0)
    }
}

/// A quoted statement and its speaker.
#[pyclass(module = "accord._accord", name = "Quote", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyQuote(pub Quote);

#[pymethods]
impl PyQuote {
    #[new]
    #[pyo3(signature = (text, start, end, speaker=None, cue=None))]
    fn new(text: String, start: usize, end: usize, speaker: Option<String>, cue: Option<String>) -> Self {
        PyQuote(Quote { text, speaker, cue, start, end })
    }
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    #[getter]
    fn speaker(&self) -> Option<&str> {
        self.0.speaker.as_deref()
    }
    #[getter]
    fn cue(&self) -> Option<&str> {
        self.0.cue.as_deref()
    }
    #[getter]
    fn start(&self) -> usize {
        self.0.start
    }
    #[getter]
    fn end(&self) -> usize {
        self.0.end
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &to_value(&self.0)?)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        constructor_repr(py, "Quote", &self.0)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, &self.0)
    }
}

/// One parsed article: metadata, clean text and everything extracted from it.
#[pyclass(module = "accord._accord", name = "Article", frozen)]
#[derive(Clone)]
pub struct PyArticle(pub Arc<Article>);

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

#[pymethods]
impl PyArticle {
    #[getter]
    fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    #[getter]
    fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    #[getter]
    fn outlet(&self) -> Option<&str> {
        self.0.outlet.as_deref()
    }
    #[getter]
    fn author(&self) -> Option<&str> {
        self.0.author.as_deref()
    }
    #[getter]
    fn published<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.0.published)
    }
    #[getter]
    fn dateline(&self) -> Option<&str> {
        self.0.dateline.as_deref()
    }
    #[getter]
    fn language(&self) -> Option<&str> {
        self.0.language.as_deref()
    }
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    #[getter]
    fn paragraphs(&self) -> Vec<(usize, usize)> {
        self.0.paragraphs.clone()
    }
    #[getter]
    fn repairs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.0.repairs {
            d.set_item(k, v)?;
        }
        Ok(d)
    }
    #[getter]
    fn mentions(&self) -> Vec<PyMention> {
        self.0.mentions.iter().cloned().map(PyMention).collect()
    }
    #[getter]
    fn entities(&self) -> Vec<PyEntity> {
        self.0.entities.iter().cloned().map(PyEntity).collect()
    }
    #[getter]
    fn agreements(&self) -> Vec<PyAgreement> {
        self.0.agreements.iter().cloned().map(PyAgreement).collect()
    }
    #[getter]
    fn quotes(&self) -> Vec<PyQuote> {
        self.0.quotes.iter().cloned().map(PyQuote).collect()
    }
    #[getter]
    fn topics(&self) -> Vec<String> {
        self.0.topics.clone()
    }
    #[getter]
    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &serde_json::Value::Object(self.0.metadata.clone()))
    }
    /// The article in the export schema, as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &to_value(&*self.0)?)
    }
    /// The article in the export schema, as one line of JSON.
    fn to_json(&self) -> PyResult<String> {
        to_json_string(&*self.0)
    }
    /// Notebook display, written in Python (`accord._display.article_html`).
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        let display = slf.py().import("accord._display")?;
        display.getattr("article_html")?.call1((slf,))?.extract()
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyArticle>() {
            Ok(o) => Arc::ptr_eq(&self.0, &o.get().0) || *self.0 == *o.get().0,
            Err(_) => false,
        }
    }
    fn __hash__(&self) -> PyResult<u64> {
        Ok(hash_of(&to_json_string(&*self.0)?))
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        let a = &*self.0;
        let q = |s: &Option<String>| match s {
            Some(s) => PyString_repr(py, &short(s, 60)),
            None => "None".into(),
        };
        let published = match a.published {
            Some(d) => format!("datetime.date({}, {}, {})", d.year, d.month, d.day),
            None => "None".into(),
        };
        format!(
            "Article(source={}, title={}, outlet={}, author={}, published={}, dateline={}, language={}, text={}, \
             mentions=[<{} mentions>], entities=[<{} entities>], agreements=[<{} agreements>], quotes=[<{} quotes>], topics={:?})",
            q(&a.source),
            q(&a.title),
            q(&a.outlet),
            q(&a.author),
            published,
            q(&a.dateline),
            q(&a.language),
            PyString_repr(py, &short(&a.text, 60)),
            a.mentions.len(),
            a.entities.len(),
            a.agreements.len(),
            a.quotes.len(),
            a.topics,
        )
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, &*self.0)
    }
}

#[allow(non_snake_case)]
fn PyString_repr(py: Python<'_>, s: &str) -> String {
    pyo3::types::PyString::new(py, s).repr().map(|r| r.to_string()).unwrap_or_else(|_| format!("{s:?}"))
}

/// Rebuild any class from its JSON form (the target of every `__reduce__`).
#[pyfunction]
pub fn _restore(py: Python<'_>, name: &str, json: &str) -> PyResult<Py<PyAny>> {
    fn parse<T: DeserializeOwned>(json: &str) -> PyResult<T> {
        serde_json::from_str(json).map_err(|e| PyValueError::new_err(format!("cannot restore: {e}")))
    }
    Ok(match name {
        "Mention" => Py::new(py, PyMention(parse(json)?))?.into_any(),
        "Entity" => Py::new(py, PyEntity(parse(json)?))?.into_any(),
        "Agreement" => Py::new(py, PyAgreement(parse(json)?))?.into_any(),
        "Quote" => Py::new(py, PyQuote(parse(json)?))?.into_any(),
        "Article" => Py::new(py, PyArticle(Arc::new(parse(json)?)))?.into_any(),
        other => return Err(PyValueError::new_err(format!("unknown class {other:?}"))),
    })
}
