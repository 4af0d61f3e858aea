//! Parquet files read a row at a time, each row a record as a JSON object is (see [`super::record_document`]).

use std::fs;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, UInt64Type};
use arrow_array::{Array, ArrayRef, BinaryArray, BooleanArray, Float64Array, Int64Array, StringArray, UInt64Array};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use serde_json::{Map, Value};

use super::{display, io_error, over_limit, record, utf8_lossy, Loaded};
use crate::error::CoreError;

/// Rows decoded at a time: a few hundred articles, so that memory holds little more than the batch being parsed.
const BATCH_ROWS: usize = 256;

/// The rows of a Parquet file as records: a column is a field, a null (or a NaN) no field; text columns are
/// strings (binary ones decoded as UTF-8), numbers and booleans are JSON's, dates and times ISO 8601 strings, and
/// any other type its Arrow display. A row is named `file:N`, counted from 1, unless it has a `source` field.
pub(super) struct ParquetRows {
    reader: ParquetRecordBatchReader,
    /// The column names, as the file's schema has them.
    names: Vec<String>,
    /// The columns of the batch being read, each as one of the few kinds a record's value is made from.
    columns: Vec<Column>,
    /// Rows in the batch being read, and the next of them.
    rows: usize,
    at: usize,
    /// Rows handed out so far.
    number: u64,
    source: String,
    /// Set at the end of the file or after an error: nothing more is read.
    done: bool,
    text_field: Option<Arc<str>>,
}

impl ParquetRows {
    pub(super) fn open(path: &Path, text_field: Option<&str>) -> Result<ParquetRows, (String, CoreError)> {
        let source = display(path);
        let file = fs::File::open(path).map_err(|e| (source.clone(), io_error(path, &e)))?;
        let opened = unpanicked(|| {
            let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
            let names = builder.schema().fields().iter().map(|f| f.name().clone()).collect::<Vec<_>>();
            Ok::<_, parquet::errors::ParquetError>((builder.with_batch_size(BATCH_ROWS).build()?, names))
        });
        let (reader, names) = opened.map_err(|message| {
            let message = format!("not a valid Parquet file: {message}");
            (source.clone(), CoreError::Format { path: source.clone(), message })
        })?;
        Ok(ParquetRows {
            reader,
            names,
            columns: Vec::new(),
            rows: 0,
            at: 0,
            number: 0,
            source,
            done: false,
            text_field: text_field.map(Arc::from),
        })
    }

    /// The next row as an item; `None` at the end of the file (or after an error). A row whose text and binary
    /// values hold over `limit` bytes is an error item.
    pub(super) fn next_row(&mut self, limit: usize) -> Option<Loaded> {
        while self.at == self.rows {
            if self.done {
                return None;
            }
            let reader = &mut self.reader;
            let next = unpanicked(|| match reader.next() {
                None => Ok(None),
                Some(batch) => {
                    let batch = batch?;
                    Ok::<_, arrow_schema::ArrowError>(Some((
                        batch.columns().iter().map(Column::of).collect::<Vec<_>>(),
                        batch.num_rows(),
                    )))
                }
            });
            match next {
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    let item_source = format!("{}:{}", self.source, self.number + 1);
                    let message = format!("not a valid Parquet file: {e}");
                    return Some(Err((item_source, CoreError::Format { path: self.source.clone(), message })));
                }
                Ok(Some((columns, rows))) => {
                    self.columns = columns;
                    (self.rows, self.at) = (rows, 0);
                }
            }
        }
        let i = self.at;
        self.at += 1;
        self.number += 1;
        let item_source = format!("{}:{}", self.source, self.number);
        if self.columns.iter().map(|c| c.bytes(i)).sum::<usize>() > limit {
            return Some(Err(over_limit(&item_source, "row", limit)));
        }
        let mut map = Map::new();
        for (name, column) in self.names.iter().zip(&self.columns) {
            if !map.contains_key(name) {
                if let Some(v) = column.value(i) {
                    map.insert(name.clone(), v);
                }
            }
        }
        Some(record(&item_source, Value::Object(map), self.text_field.as_deref()))
    }
}

thread_local! {
    /// Set while the Parquet reader runs under [`unpanicked`], whose panics are reported as errors.
    static PANIC_EXPECTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `f`'s result, its error as a message; a panic in the Parquet reader (which it has on some damaged files) is an
/// error too, never an abort of the worker it ran on, and is not also printed: the error names the file.
fn unpanicked<T, E: std::fmt::Display>(f: impl FnOnce() -> Result<T, E>) -> Result<T, String> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !PANIC_EXPECTED.with(std::cell::Cell::get) {
                previous(info)
            }
        }));
    });
    PANIC_EXPECTED.with(|p| p.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    PANIC_EXPECTED.with(|p| p.set(false));
    match result {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(payload) => Err({
            #[cfg(test)]
            PANICS_CAUGHT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            crate::batch::panic_message(payload.as_ref())
                .map_or_else(|| "its reader failed".to_string(), |m| format!("its reader failed ({m})"))
        }),
    }
}

/// Panics of the Parquet reader caught so far (for the test that damages files: the guard is exercised).
#[cfg(test)]
static PANICS_CAUGHT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A column of a batch as one of the kinds of value a record holds.
enum Column {
    Text(StringArray),
    Binary(BinaryArray),
    Bool(BooleanArray),
    Int(Int64Array),
    UInt(UInt64Array),
    Float(Float64Array),
}

impl Column {
    fn of(array: &ArrayRef) -> Column {
        use DataType::*;
        let cast = |to: &DataType| arrow_cast::cast(array, to).ok();
        let column = match array.data_type() {
            Boolean => Some(Column::Bool(array.as_boolean().clone())),
            Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 => {
                cast(&Int64).map(|a| Column::Int(a.as_primitive::<Int64Type>().clone()))
            }
            UInt64 => Some(Column::UInt(array.as_primitive::<UInt64Type>().clone())),
            Float16 | Float32 | Float64 => {
                cast(&Float64).map(|a| Column::Float(a.as_primitive::<Float64Type>().clone()))
            }
            Binary | LargeBinary | BinaryView | FixedSizeBinary(_) => {
                cast(&Binary).map(|a| Column::Binary(a.as_binary::<i32>().clone()))
            }
            // Text, dictionaries of it, dates, times and decimals: as Arrow writes them (ISO 8601 for dates).
            Utf8 | LargeUtf8 | Utf8View | Dictionary(..) | Date32 | Date64 | Timestamp(..) | Time32(_) | Time64(_)
            | Decimal32(..) | Decimal64(..) | Decimal128(..) | Decimal256(..) => {
                cast(&Utf8).map(|a| Column::Text(a.as_string::<i32>().clone()))
            }
            _ => None,
        };
        column.unwrap_or_else(|| Column::Text(displayed(array)))
    }

    /// The bytes of text row `i` holds in this column (numbers count for nothing).
    fn bytes(&self, i: usize) -> usize {
        match self {
            Column::Text(a) if a.is_valid(i) => a.value(i).len(),
            Column::Binary(a) if a.is_valid(i) => a.value(i).len(),
            _ => 0,
        }
    }

    /// Row `i`'s value; `None` for a null, and for a number JSON cannot hold (NaN, infinities).
    fn value(&self, i: usize) -> Option<Value> {
        match self {
            Column::Text(a) => a.is_valid(i).then(|| Value::String(a.value(i).to_string())),
            Column::Binary(a) => a.is_valid(i).then(|| Value::String(utf8_lossy(a.value(i)).into_owned())),
            Column::Bool(a) => a.is_valid(i).then(|| Value::Bool(a.value(i))),
            Column::Int(a) => a.is_valid(i).then(|| Value::from(a.value(i))),
            Column::UInt(a) => a.is_valid(i).then(|| Value::from(a.value(i))),
            Column::Float(a) => {
                a.is_valid(i).then(|| serde_json::Number::from_f64(a.value(i))).flatten().map(Value::Number)
            }
        }
    }
}

/// Any other column (lists, structs, maps, intervals) as Arrow displays each value; nulls stay null.
fn displayed(array: &ArrayRef) -> StringArray {
    let options = arrow_cast::display::FormatOptions::default();
    match arrow_cast::display::ArrayFormatter::try_new(array.as_ref(), &options) {
        Ok(f) => (0..array.len()).map(|i| array.is_valid(i).then(|| f.value(i).to_string())).collect(),
        Err(_) => (0..array.len()).map(|_| None::<String>).collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::builder::{ListBuilder, StringBuilder};
    use arrow_array::types::Int32Type;
    use arrow_array::{
        BooleanArray, DictionaryArray, Float64Array, Int32Array, LargeStringArray, RecordBatch, StringArray,
        TimestampMillisecondArray,
    };
    use parquet::arrow::ArrowWriter;
    use serde_json::json;

    use super::super::{expand, load, Stream};
    use crate::pipeline::Content;

    fn write(path: &std::path::Path, batch: &RecordBatch) {
        let file = std::fs::File::create(path).expect("create");
        let mut w = ArrowWriter::try_new(file, batch.schema(), None).expect("writer");
        w.write(batch).expect("write");
        w.close().expect("close");
    }

    /// A row is a record: text under `text`, the other columns metadata, typed as JSON types them, nulls and NaN
    /// no field; rows named `file:N` from 1, or by their `source` column.
    #[test]
    fn parquet_rows_are_records() {
        let d = std::env::temp_dir().join(format!("accord-parquet-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("dir");
        let mut tags = ListBuilder::new(StringBuilder::new());
        tags.values().append_value("asean");
        tags.values().append_value("digital");
        tags.append(true);
        tags.append(false);
        tags.append(true);
        let outlet: DictionaryArray<Int32Type> = vec![Some("Wire"), None, Some("Wire")].into_iter().collect();
        let batch = RecordBatch::try_from_iter([
            ("title", Arc::new(StringArray::from(vec![Some("Pact"), None, Some("Third")])) as _),
            ("text", Arc::new(LargeStringArray::from(vec![Some("Laos and Vietnam signed."), Some("Two."), None])) as _),
            ("views", Arc::new(Int32Array::from(vec![Some(7), Some(-1), None])) as _),
            ("score", Arc::new(Float64Array::from(vec![0.5, f64::NAN, 2.0])) as _),
            ("checked", Arc::new(BooleanArray::from(vec![Some(true), None, Some(false)])) as _),
            ("published", Arc::new(TimestampMillisecondArray::from(vec![Some(1_930_000_000_000), None, None])) as _),
            ("outlet", Arc::new(outlet) as _),
            ("tags", Arc::new(tags.finish()) as _),
        ])
        .expect("batch");
        let path = d.join("news.parquet");
        write(&path, &batch);
        let name = path.to_string_lossy().into_owned();
        let items = load(&path, None, 1 << 20);
        assert_eq!(items.len(), 3);
        let doc = items[0].as_ref().expect("a record");
        assert_eq!(doc.options.source.as_deref(), Some(format!("{name}:1").as_str()));
        assert!(matches!(&doc.content, Content::Text(t) if t == "Laos and Vietnam signed."));
        let meta = serde_json::Value::Object(doc.options.metadata.clone());
        assert_eq!(
            meta,
            json!({"title": "Pact", "views": 7, "score": 0.5, "checked": true,
                   "published": "2031-02-27T23:06:40", "outlet": "Wire", "tags": "[asean, digital]"})
        );
        let doc = items[1].as_ref().expect("a record");
        assert_eq!(serde_json::Value::Object(doc.options.metadata.clone()), json!({"views": -1}));
        let (source, err) = items[2].as_ref().expect_err("no text");
        assert_eq!(source, &format!("{name}:3"));
        assert!(err.to_string().contains("no article text"), "{err}");
        // Streamed, the same; named by a `source` column when there is one; too long a row is an error.
        let mut s = Stream::new(expand(std::slice::from_ref(&path)), 1 << 20);
        let streamed = s.next_items(2);
        assert_eq!(streamed.len(), 2);
        assert_eq!(s.next_items(10).len(), 1);
        assert!(s.next_items(10).is_empty());
        let mut s = Stream::new(expand(std::slice::from_ref(&path)), 10);
        let errs: Vec<String> =
            s.next_items(10).iter().map(|i| i.as_ref().err().map(|e| e.1.to_string()).unwrap_or_default()).collect();
        assert!(errs[0].contains("row longer than 10 bytes"), "{errs:?}");
        let sourced = RecordBatch::try_from_iter([
            ("source", Arc::new(StringArray::from(vec!["https://example.org/a"])) as _),
            ("content", Arc::new(StringArray::from(vec!["Body."])) as _),
        ])
        .expect("batch");
        write(&d.join("own.parquet"), &sourced);
        let items = load(&d.join("own.parquet"), None, 1 << 20);
        assert_eq!(items[0].as_ref().expect("a record").options.source.as_deref(), Some("https://example.org/a"));
        // Not Parquet: one format error naming the file.
        std::fs::write(d.join("bad.parquet"), "text\nnot parquet\n").expect("write");
        let items = load(&d.join("bad.parquet"), None, 1 << 20);
        assert_eq!(items.len(), 1);
        let (_, err) = items[0].as_ref().expect_err("not parquet");
        assert!(
            err.to_string().contains("bad.parquet") && err.to_string().contains("not a valid Parquet file"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&d);
    }

    /// A damaged file (bytes changed anywhere, or cut short) gives records and errors, never a panic out of the
    /// reader: on a worker of the pool, a panic would end the process.
    #[test]
    fn damaged_parquet_files_are_errors_not_panics() {
        let d = std::env::temp_dir().join(format!("accord-parquet-damaged-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("dir");
        let texts: Vec<String> = (0..300).map(|i| format!("Article {i} about a river pact.")).collect();
        let batch = RecordBatch::try_from_iter([
            ("text", Arc::new(StringArray::from(texts)) as _),
            ("views", Arc::new(Int32Array::from((0..300).collect::<Vec<i32>>())) as _),
        ])
        .expect("batch");
        let good = d.join("good.parquet");
        write(&good, &batch);
        let bytes = std::fs::read(&good).expect("read");
        let path = d.join("damaged.parquet");
        // The same damage on every run.
        let mut next = crate::testing::sequence(7);
        for round in 0..400 {
            let mut damaged = bytes.clone();
            if round % 10 == 0 {
                damaged.truncate(next() % bytes.len());
            } else {
                for _ in 0..1 + round % 4 {
                    let at = next() % damaged.len();
                    damaged[at] ^= 1 << (next() % 8);
                }
            }
            std::fs::write(&path, &damaged).expect("write");
            let items = load(&path, None, 1 << 20);
            assert!(items.len() <= 300, "round {round}: {} items", items.len());
        }
        assert!(super::PANICS_CAUGHT.load(std::sync::atomic::Ordering::Relaxed) > 0, "no damage made the reader panic");
        let _ = std::fs::remove_dir_all(&d);
    }
}
