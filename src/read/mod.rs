//! Reading articles from files and folders: `.txt`, `.md`, `.html`/`.htm`, `.json`, `.jsonl`, `.csv`/`.tsv` and
//! `.parquet`, each of them but Parquet also gzip- or zstd-compressed (`news.jsonl.gz`, `news.csv.zst`).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::CoreError;
use crate::pipeline::{Content, Document, Markup, ParseOptions};

#[cfg(feature = "arrow")]
mod parquet;

/// File name endings read as articles, in directories too (compressed as well: `news.jsonl.gz`).
pub const EXTENSIONS: [&str; 7] = ["txt", "md", "html", "htm", "json", "jsonl", "ndjson"];

/// The size a whole file (or a line, row or record of one) may have when read: the largest article accepted,
/// `max_bytes`, with every character escaped in JSON (`\uXXXX`) and room for other fields. A compressed file is
/// read no further than this, so that a small file that inflates to gigabytes is an error, not memory exhausted.
pub fn item_limit(max_bytes: usize) -> usize {
    max_bytes.saturating_mul(6).saturating_add(1 << 20)
}

/// How a file is compressed, told by the last ending of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codec {
    Gzip,
    Zstd,
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Zstd => "zstd",
        }
    }
}

/// A file's compression (by an ending `.gz` or `.zst`) and, lower-cased, the ending that tells its format: the
/// one beneath the compression's (`jsonl` for `news.jsonl.gz`).
fn kind_of(p: &Path) -> (Option<Codec>, String) {
    let ending = |p: &Path| p.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let outer = ending(p);
    let codec = match outer.as_str() {
        "gz" | "gzip" => Some(Codec::Gzip),
        "zst" | "zstd" => Some(Codec::Zstd),
        _ => None,
    };
    match (codec, p.file_stem()) {
        (Some(c), Some(stem)) => (Some(c), ending(Path::new(stem))),
        (Some(c), None) => (Some(c), String::new()),
        (None, _) => (None, outer),
    }
}

/// A file opened for reading, decompressed as its name says.
fn open(path: &Path, codec: Option<Codec>) -> std::io::Result<Box<dyn Read + Send>> {
    let file = fs::File::open(path)?;
    Ok(match codec {
        None => Box::new(file),
        // Concatenated gzip members (as `cat a.gz b.gz` or parallel compressors make them) are one stream.
        Some(Codec::Gzip) => {
            Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(1 << 16, file)))
        }
        Some(Codec::Zstd) => Box::new(zstd::stream::read::Decoder::new(file)?),
    })
}

/// [`open`] with a buffer for reading a record at a time, its error the item that reports it.
fn open_buffered(
    path: &Path,
    codec: Option<Codec>,
) -> Result<std::io::BufReader<Box<dyn Read + Send>>, (String, CoreError)> {
    let input = open(path, codec).map_err(|e| (display(path), read_error(path, codec, &e)))?;
    Ok(std::io::BufReader::with_capacity(1 << 20, input))
}

/// The bytes of a whole file, decompressed; a compressed file is read to at most `limit` bytes.
fn read_whole(path: &Path, codec: Option<Codec>, limit: usize) -> Result<Vec<u8>, CoreError> {
    let Some(c) = codec else {
        return fs::read(path).map_err(|e| io_error(path, &e));
    };
    let mut bytes = Vec::new();
    open(path, codec)
        .and_then(|r| r.take(limit as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| read_error(path, codec, &e))?;
    if bytes.len() > limit {
        return Err(CoreError::Input(format!(
            "{}: decompresses ({}) to more than {limit} bytes; many articles are read from JSON Lines, CSV or \
             Parquet, a record at a time",
            display(path),
            c.name()
        )));
    }
    Ok(bytes)
}

/// A read error in a file: what its decompression found wrong with it, or the system's error.
fn read_error(path: &Path, codec: Option<Codec>, e: &std::io::Error) -> CoreError {
    use std::io::ErrorKind;
    match codec {
        Some(c) if matches!(e.kind(), ErrorKind::InvalidData | ErrorKind::InvalidInput | ErrorKind::Other) => {
            CoreError::Format { path: display(path), message: format!("not valid {} data: {e}", c.name()) }
        }
        Some(c) if e.kind() == ErrorKind::UnexpectedEof => CoreError::Format {
            path: display(path),
            message: format!("the {} data ends early (a file cut short?)", c.name()),
        },
        _ => io_error(path, e),
    }
}

/// Record fields that may hold the article text, in order of preference.
const TEXT_FIELDS: [&str; 3] = ["text", "body", "content"];

/// One file found under the given paths, or why a path could not be used.
#[derive(Debug, Clone)]
pub enum Found {
    File(PathBuf),
    Error { source: String, error: CoreError },
}

/// Expand files and directories (recursively, sorted, hidden entries skipped) into the files to read.
/// Files given explicitly are read whatever their ending; in directories only known endings are taken, and CSV, TSV
/// and Parquet tables are not (a folder's tables are as likely to be output, such as the command line's own tables,
/// whose rows would each be read as an article): they are read when named.
pub fn expand(paths: &[PathBuf]) -> Vec<Found> {
    let mut out = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Err(e) => out.push(Found::Error { source: display(p), error: io_error(p, &e) }),
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(_) => out.push(Found::File(p.clone())),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Found>) {
    // An explicit stack, not recursion: a deep tree must not exhaust the call stack.
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(rd) => rd,
            Err(e) => {
                out.push(Found::Error { source: display(&d), error: io_error(&d, &e) });
                continue;
            }
        };
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.push(Found::Error { source: display(&d), error: io_error(&d, &e) });
                    continue;
                }
            };
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            // Follow links to files; do not follow links to directories (cycles).
            let ft = entry.file_type();
            match ft {
                Ok(t) if t.is_dir() => dirs.push(path),
                Ok(_) => {
                    if path.is_dir() {
                        continue;
                    }
                    files.push(path)
                }
                Err(e) => out.push(Found::Error { source: display(&path), error: io_error(&path, &e) }),
            }
        }
        files.sort();
        dirs.sort();
        for f in files {
            if has_known_extension(&f) {
                out.push(Found::File(f));
            } else {
                let ext = f.extension().map(|e| e.to_string_lossy().to_string()).unwrap_or_default();
                out.push(Found::Error {
                    source: display(&f),
                    error: CoreError::Input(format!(
                        "{}: not an article file (ending {:?}; accord reads {} in folders, also compressed (.gz, \
                         .zst), and .csv, .tsv and .parquet tables named on their own)",
                        display(&f),
                        ext,
                        EXTENSIONS.join(", ")
                    )),
                });
            }
        }
        // Reverse so that the stack pops directories in sorted order.
        stack.extend(dirs.into_iter().rev());
    }
}

fn has_known_extension(p: &Path) -> bool {
    EXTENSIONS.contains(&kind_of(p).1.as_str())
}

/// The documents of one file: one for text and HTML, one per record for JSON, JSON Lines and tables.
/// A malformed JSON Lines line is one error; the other lines are still returned.
/// `text_field` names the field that holds a record's text (`None`: the first of [`TEXT_FIELDS`] holding a string).
/// `limit` bounds a record (a line or row longer is an error item) and what a compressed file inflates to.
pub fn load(path: &Path, text_field: Option<&str>, limit: usize) -> Vec<Loaded> {
    let (codec, ending) = kind_of(path);
    match Records::open(path, codec, &ending, text_field) {
        Some(Ok(mut records)) => std::iter::from_fn(|| records.next(limit)).collect(),
        Some(Err(e)) => vec![Err(e)],
        None => load_whole(path, codec, &ending, text_field, limit),
    }
}

/// The documents of a file read whole (text, Markdown, HTML, JSON), decompressed as `codec` says; `ending` is the
/// one that tells its format (see [`kind_of`]).
fn load_whole(path: &Path, codec: Option<Codec>, ending: &str, text_field: Option<&str>, limit: usize) -> Vec<Loaded> {
    let source = display(path);
    let bytes = match read_whole(path, codec, limit) {
        Ok(b) => b,
        Err(e) => return vec![Err((source, e))],
    };
    match ending {
        "json" => load_json(&source, &bytes, text_field),
        "html" | "htm" => vec![Ok(document(source, Content::Bytes(bytes), Markup::Html))],
        _ => vec![Ok(document(source, Content::Bytes(bytes), Markup::Text))],
    }
}

/// A file read a record at a time: JSON Lines a line at a time, CSV, TSV and Parquet tables a row at a time.
enum Records {
    Lines(Lines),
    Delimited(Rows),
    #[cfg(feature = "arrow")]
    Parquet(parquet::ParquetRows),
}

impl Records {
    /// The records of `path`, opened, when `ending` (see [`kind_of`]) says it holds records read one at a time;
    /// `None` for a file read whole.
    fn open(
        path: &Path,
        codec: Option<Codec>,
        ending: &str,
        text_field: Option<&str>,
    ) -> Option<Result<Records, (String, CoreError)>> {
        let failed = |message: String| Err((display(path), CoreError::Input(format!("{}: {message}", display(path)))));
        Some(match ending {
            "jsonl" | "ndjson" => {
                open_buffered(path, codec).map(|input| Records::Lines(Lines::new(input, path, codec, text_field)))
            }
            "csv" | "tsv" => open_buffered(path, codec)
                .map(|input| Records::Delimited(Rows::new(Box::new(input), path, codec, ending == "tsv", text_field))),
            "parquet" if codec.is_some() => failed(
                "a compressed Parquet file; Parquet compresses its own columns, so decompress the file first".into(),
            ),
            #[cfg(feature = "arrow")]
            "parquet" => parquet::ParquetRows::open(path, text_field).map(Records::Parquet),
            #[cfg(not(feature = "arrow"))]
            "parquet" => failed("Parquet files are read by builds with the arrow feature".into()),
            _ => return None,
        })
    }

    /// The next record as an item; `None` at the end of the file (or after an error that ends it). A record over
    /// `limit` bytes is an error item.
    fn next(&mut self, limit: usize) -> Option<Loaded> {
        match self {
            Records::Lines(lines) => next_line(lines, limit),
            Records::Delimited(rows) => rows.next_row(limit),
            #[cfg(feature = "arrow")]
            Records::Parquet(rows) => rows.next_row(limit),
        }
    }
}

fn document(source: String, content: Content, markup: Markup) -> Document {
    Document { content, options: ParseOptions { source: Some(source), markup, ..ParseOptions::default() } }
}

fn load_json(source: &str, bytes: &[u8], text_field: Option<&str>) -> Vec<Result<Document, (String, CoreError)>> {
    let value: serde_json::Value = match serde_json::from_slice(strip_bom(bytes)) {
        Ok(v) => v,
        Err(e) => {
            return vec![Err((
                source.to_string(),
                CoreError::Format { path: source.to_string(), message: format!("not valid JSON: {e}") },
            ))]
        }
    };
    match value {
        serde_json::Value::Array(items) => {
            items.into_iter().enumerate().map(|(i, v)| record(&format!("{source}#{}", i), v, text_field)).collect()
        }
        v => vec![record(source, v, text_field)],
    }
}

/// The document of line `number` of a JSON Lines file; `None` for a blank line.
fn jsonl_record(
    source: &str,
    number: usize,
    line: &str,
    text_field: Option<&str>,
) -> Option<Result<Document, (String, CoreError)>> {
    if line.trim().is_empty() {
        return None;
    }
    let item_source = format!("{source}:{number}");
    Some(match serde_json::from_str::<serde_json::Value>(line) {
        Ok(v) => record(&item_source, v, text_field),
        Err(e) => {
            Err((item_source.clone(), CoreError::Format { path: item_source, message: format!("not valid JSON: {e}") }))
        }
    })
}

/// The rows of a CSV (comma) or TSV (tab) file as records: the header row names the fields, and each row after it
/// is a record, as a JSON object's fields are (see [`record_document`]; every value a string, an empty cell no
/// field), named `file:row` with rows numbered as a spreadsheet numbers them (the header is row 1, whatever line
/// breaks quoted cells hold). Read a row at a time.
struct Rows {
    reader: csv::Reader<Box<dyn Read + Send>>,
    /// The field names; `None` until the header row is read.
    headers: Option<Vec<String>>,
    path: PathBuf,
    codec: Option<Codec>,
    source: String,
    row: csv::ByteRecord,
    /// The number of the last row read (the header is row 1).
    number: u64,
    /// Set after a read error: the rest of the file is not read.
    done: bool,
    /// The field that holds a row's text (see [`load`]).
    text_field: Option<std::sync::Arc<str>>,
}

impl Rows {
    fn new(
        input: Box<dyn Read + Send>,
        path: &Path,
        codec: Option<Codec>,
        tabs: bool,
        text_field: Option<&str>,
    ) -> Rows {
        let reader = csv::ReaderBuilder::new()
            .delimiter(if tabs { b'\t' } else { b',' })
            .flexible(true)
            .has_headers(false)
            .from_reader(input);
        Rows {
            reader,
            headers: None,
            path: path.to_path_buf(),
            codec,
            source: display(path),
            row: csv::ByteRecord::new(),
            number: 0,
            done: false,
            text_field: text_field.map(std::sync::Arc::from),
        }
    }

    /// The next row as an item; `None` at the end of the file (or after an error). A row over `limit` bytes is an
    /// error item.
    fn next_row(&mut self, limit: usize) -> Option<Loaded> {
        if self.done {
            return None;
        }
        if self.headers.is_none() {
            let mut first = csv::ByteRecord::new();
            self.number = 1;
            match self.reader.read_byte_record(&mut first) {
                Ok(true) => {
                    let names = first.iter().map(|f| utf8_lossy(strip_bom(f)).trim().to_string()).collect();
                    self.headers = Some(names);
                }
                Ok(false) => return None,
                Err(e) => return Some(Err(self.failed(e))),
            }
        }
        self.number += 1;
        match self.reader.read_byte_record(&mut self.row) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(Err(self.failed(e))),
        }
        let item_source = format!("{}:{}", self.source, self.number);
        if self.row.as_slice().len() > limit {
            return Some(Err(over_limit(&item_source, "row", limit)));
        }
        let mut map = serde_json::Map::new();
        for (name, cell) in self.headers.iter().flatten().zip(self.row.iter()) {
            if !cell.is_empty() && !name.is_empty() && !map.contains_key(name) {
                map.insert(name.clone(), serde_json::Value::String(utf8_lossy(cell).into_owned()));
            }
        }
        Some(record(&item_source, serde_json::Value::Object(map), self.text_field.as_deref()))
    }

    /// The error item of a read error in the current row; nothing more is read from the file.
    fn failed(&mut self, e: csv::Error) -> (String, CoreError) {
        self.done = true;
        let item_source = format!("{}:{}", self.source, self.number);
        let error = match e.into_kind() {
            csv::ErrorKind::Io(io) => read_error(&self.path, self.codec, &io),
            other => CoreError::Format { path: item_source.clone(), message: format!("not valid CSV: {other:?}") },
        };
        (item_source, error)
    }
}

/// The error item of a line or row (`what`) over the size limit.
fn over_limit(item_source: &str, what: &str, limit: usize) -> (String, CoreError) {
    (item_source.to_string(), CoreError::Input(format!("{item_source}: {what} longer than {limit} bytes")))
}

/// One item of a read: a document, or why a file or record gave none, with its source.
pub type Loaded = Result<Document, (String, CoreError)>;

/// The documents under some paths, taken a few at a time: JSON Lines files are read line by line, so that memory
/// stays bounded by the batch whatever the size of the input; other files are read whole when their turn comes.
pub struct Stream {
    files: std::collections::VecDeque<Found>,
    /// The JSON Lines file or table being read.
    records: Option<Records>,
    /// The field that holds a record's text (see [`load`]).
    text_field: Option<std::sync::Arc<str>>,
    /// Documents of a file already read (a JSON array) not yet handed out.
    pending: std::collections::VecDeque<Loaded>,
    line_limit: usize,
}

/// An open JSON Lines file and the number of the last line read.
struct Lines {
    reader: std::io::BufReader<Box<dyn Read + Send>>,
    path: PathBuf,
    codec: Option<Codec>,
    source: String,
    number: usize,
    /// Set after a read error: the rest of the file is not read.
    done: bool,
    /// The field that holds a record's text (see [`load`]).
    text_field: Option<std::sync::Arc<str>>,
}

impl Lines {
    fn new(
        reader: std::io::BufReader<Box<dyn Read + Send>>,
        path: &Path,
        codec: Option<Codec>,
        text_field: Option<&str>,
    ) -> Lines {
        Lines {
            reader,
            path: path.to_path_buf(),
            codec,
            source: display(path),
            number: 0,
            done: false,
            text_field: text_field.map(std::sync::Arc::from),
        }
    }
}

impl Stream {
    /// A stream over what `expand` found; a JSON Lines line longer than `line_limit` bytes is an error item.
    pub fn new(found: Vec<Found>, line_limit: usize) -> Stream {
        Stream {
            files: found.into(),
            records: None,
            text_field: None,
            pending: Default::default(),
            line_limit: line_limit.max(1),
        }
    }

    /// The stream with records' text read from `field` (see [`load`]).
    pub fn with_text_field(mut self, field: Option<&str>) -> Stream {
        self.text_field = field.map(std::sync::Arc::from);
        self
    }

    /// Up to `n` items, in input order; empty when everything has been read.
    pub fn next_items(&mut self, n: usize) -> Vec<Loaded> {
        let mut out = Vec::with_capacity(n.min(4096));
        while out.len() < n {
            if let Some(item) = self.pending.pop_front() {
                out.push(item);
                continue;
            }
            if let Some(records) = self.records.as_mut() {
                match records.next(self.line_limit) {
                    Some(item) => out.push(item),
                    None => self.records = None,
                }
                continue;
            }
            match self.files.pop_front() {
                None => break,
                Some(Found::Error { source, error }) => out.push(Err((source, error))),
                Some(Found::File(path)) => {
                    let (codec, ending) = kind_of(&path);
                    let text_field = self.text_field.as_deref();
                    match Records::open(&path, codec, &ending, text_field) {
                        Some(Ok(records)) => self.records = Some(records),
                        Some(Err(e)) => out.push(Err(e)),
                        None => self.pending.extend(load_whole(&path, codec, &ending, text_field, self.line_limit)),
                    }
                }
            }
        }
        out
    }
}

/// The next non-blank line of `lines` as an item; `None` at the end of the file. A line over `limit` bytes is
/// skipped (without holding it in memory) and reported.
fn next_line(lines: &mut Lines, limit: usize) -> Option<Loaded> {
    use std::io::BufRead;
    if lines.done {
        return None;
    }
    loop {
        let mut buf: Vec<u8> = Vec::new();
        let mut too_long = false;
        let mut got_any = false;
        loop {
            let chunk = match lines.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    lines.number += 1;
                    lines.done = true;
                    return Some(Err((lines.source.clone(), read_error(&lines.path, lines.codec, &e))));
                }
            };
            if chunk.is_empty() {
                break;
            }
            got_any = true;
            let (take, done) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            if !too_long {
                if buf.len() + take > limit.saturating_add(2) {
                    too_long = true;
                    buf = Vec::new();
                } else {
                    buf.extend_from_slice(&chunk[..take]);
                }
            }
            lines.reader.consume(take);
            if done {
                break;
            }
        }
        if !got_any {
            return None;
        }
        lines.number += 1;
        let number = lines.number;
        if too_long {
            return Some(Err(over_limit(&format!("{}:{number}", lines.source), "line", limit)));
        }
        let bytes = if number == 1 { strip_bom(&buf) } else { &buf[..] };
        let text = utf8_lossy(bytes);
        let line = text.trim_end_matches(['\n', '\r']);
        if let Some(item) = jsonl_record(&lines.source, number, line, lines.text_field.as_deref()) {
            return Some(item);
        }
    }
}

/// One JSON object as a document: its text field, the rest kept as metadata.
fn record(source: &str, value: serde_json::Value, text_field: Option<&str>) -> Result<Document, (String, CoreError)> {
    let format = |message: String| (source.to_string(), CoreError::Format { path: source.to_string(), message });
    let serde_json::Value::Object(map) = value else {
        return Err(format("expected a JSON object per article".into()));
    };
    let given = map.get("source").and_then(|v| v.as_str()).map(str::to_string);
    record_document(map, Some(given.unwrap_or_else(|| source.to_string())), None, text_field).map_err(format)
}

/// A record (a JSON object, or a mapping given to `parse_many`) as a document: the text is the field
/// `text_field`, or without one the first field of `TEXT_FIELDS` that holds a string, moved out; the other fields
/// are kept as metadata (`title`, `author`, `outlet`, `published` and `language` among them override what layout
/// analysis finds). `source` and `language` are the document's; `None` takes the record's own `source` and
/// `language` fields. The error is a message.
pub(crate) fn record_document(
    mut map: serde_json::Map<String, serde_json::Value>,
    source: Option<String>,
    language: Option<String>,
    text_field: Option<&str>,
) -> Result<Document, String> {
    let is_text = |k: &str| matches!(map.get(k), Some(serde_json::Value::String(_)));
    let field = match text_field {
        Some(f) => is_text(f).then_some(f),
        None => TEXT_FIELDS.iter().copied().find(|k| is_text(k)),
    };
    let Some(serde_json::Value::String(text)) = field.and_then(|k| map.shift_remove(k)) else {
        return Err(match text_field {
            Some(f) => format!("no article text: expected a string under {f}"),
            None => format!("no article text: expected a string under one of {}", TEXT_FIELDS.join(", ")),
        });
    };
    let field = |k: &str| map.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let source = source.or_else(|| field("source"));
    let language = language.or_else(|| field("language"));
    let markup = if looks_like_html(&text) { Markup::Html } else { Markup::Text };
    Ok(Document { content: Content::Text(text), options: ParseOptions { source, language, markup, metadata: map } })
}

/// Whether the first 512 characters of `s` (leading white space aside) look like HTML, ASCII case ignored.
fn looks_like_html(s: &str) -> bool {
    const HEAD_CHARS: usize = 512;
    let s = s.trim_start();
    let b = s.as_bytes();
    // Where the first 512 characters end: at byte 512 when those bytes are ASCII (nearly always), else counted.
    let end = match b.get(..HEAD_CHARS) {
        None => b.len(),
        Some(head) if head.is_ascii() => HEAD_CHARS,
        Some(_) => s.char_indices().nth(HEAD_CHARS).map_or(s.len(), |(i, _)| i),
    };
    let head = &b[..end];
    let at = |i: usize, p: &[u8]| head.get(i..i + p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    // Every mark looked for begins with `<`, which most texts lack: only where one is are the marks compared.
    at(0, b"<!doctype html")
        || at(0, b"<html")
        || memchr::memchr_iter(b'<', head).any(|i| at(i, b"<p>") || at(i, b"<div"))
}

/// `String::from_utf8_lossy`, checking valid UTF-8 (nearly all input) first with the faster validator.
fn utf8_lossy(b: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(b) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(b),
    }
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(b)
}

fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn io_error(p: &Path, e: &std::io::Error) -> CoreError {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    CoreError::Io { path: display(p), message: why }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("accord-read-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).expect("temp dir");
        d
    }

    /// HTML is told from text by the first 512 characters, ASCII case aside, however many bytes they take.
    #[test]
    fn html_is_recognised_within_the_first_512_characters() {
        let plain = |s: &str| {
            let head: String = s.trim_start().chars().take(512).collect::<String>().to_ascii_lowercase();
            head.starts_with("<!doctype html")
                || head.starts_with("<html")
                || head.contains("<p>")
                || head.contains("<div")
        };
        let mut texts = vec![
            String::from("<!DOCTYPE html><title>x</title>"),
            String::from("  \n<HTML lang=en>"),
            String::from("Text then <P>a paragraph"),
            String::from("Text then <Div class=x>"),
            String::from("Plain text about <people> and divisions."),
            String::new(),
        ];
        for filler in ["a", "\u{e9}", "\u{1F600}"] {
            for n in [505, 508, 509, 510, 511, 512] {
                texts.push(format!("{}<p>", filler.repeat(n)));
                texts.push(format!(" {}<DIV", filler.repeat(n)));
            }
        }
        for t in &texts {
            assert_eq!(looks_like_html(t), plain(t), "{t:?}");
        }
        assert!(looks_like_html(&texts[2]) && !looks_like_html(&texts[4]));
    }

    fn sources(items: &[Loaded]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Ok(d) => d.options.source.clone().unwrap_or_default(),
                Err((s, _)) => format!("!{s}"),
            })
            .collect()
    }

    #[test]
    fn a_stream_hands_out_lines_and_files_in_order_a_few_at_a_time() {
        let d = temp_dir("order");
        let lines = "\u{feff}{\"text\": \"one\"}\n\n{\"text\": \"two\"}\r\nnot json\n{\"body\": \"four\"}";
        fs::write(d.join("a.jsonl"), lines).expect("write");
        fs::write(d.join("b.txt"), "five").expect("write");
        let mut s = Stream::new(expand(std::slice::from_ref(&d)), 1024);
        let first = s.next_items(2);
        let rest = s.next_items(10);
        assert!(s.next_items(10).is_empty());
        let a = d.join("a.jsonl").to_string_lossy().into_owned();
        let b = d.join("b.txt").to_string_lossy().into_owned();
        assert_eq!(sources(&first), vec![format!("{a}:1"), format!("{a}:3")]);
        assert_eq!(sources(&rest), vec![format!("!{a}:4"), format!("{a}:5"), b]);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn an_overlong_line_is_one_error_and_reading_goes_on() {
        let d = temp_dir("long");
        let long = format!("{{\"text\": \"{}\"}}\n{{\"text\": \"short\"}}\n", "x".repeat(5000));
        fs::write(d.join("a.jsonl"), long).expect("write");
        let mut s = Stream::new(expand(&[d.join("a.jsonl")]), 100);
        let items = s.next_items(10);
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[0], Err((_, CoreError::Input(m))) if m.contains("longer than")));
        assert!(items[1].is_ok());
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn streamed_and_whole_file_reads_agree() {
        let d = temp_dir("agree");
        let path = d.join("a.jsonl");
        fs::write(&path, "{\"text\": \"a\"}\n[1]\n{\"text\": \"c\", \"language\": \"en\"}\n").expect("write");
        let whole = load(&path, None, 1024);
        let mut s = Stream::new(expand(&[path]), 1024);
        assert_eq!(sources(&s.next_items(100)), sources(&whole));
        let _ = fs::remove_dir_all(&d);
    }

    fn docs(items: &[Loaded]) -> Vec<(String, String, serde_json::Map<String, serde_json::Value>)> {
        items
            .iter()
            .filter_map(|i| i.as_ref().ok())
            .map(|d| {
                let text = match &d.content {
                    Content::Text(t) => t.clone(),
                    Content::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                };
                (d.options.source.clone().unwrap_or_default(), text, d.options.metadata.clone())
            })
            .collect()
    }

    /// A CSV file's rows are records: the header names the fields, quoted cells hold commas and line breaks, an
    /// empty cell is no field, and each row is named by its number, the header's being 1.
    #[test]
    fn csv_rows_are_records_named_by_their_line() {
        let d = temp_dir("csv");
        let path = d.join("news.csv");
        let csv = "\u{feff}title,text,published,extra\n\
                   Pact,\"Laos and Vietnam signed, at last.\n\nMore text.\",2031-03-05,\n\
                   ,Second story.,,x\n";
        fs::write(&path, csv).expect("write");
        let got = docs(&load(&path, None, usize::MAX));
        let name = display(&path);
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].0.as_str(), got[0].1.as_str()),
            (format!("{name}:2").as_str(), "Laos and Vietnam signed, at last.\n\nMore text.")
        );
        assert_eq!(got[0].2.get("title").and_then(|v| v.as_str()), Some("Pact"));
        assert_eq!(got[0].2.get("published").and_then(|v| v.as_str()), Some("2031-03-05"));
        assert!(!got[0].2.contains_key("extra"));
        assert_eq!((got[1].0.as_str(), got[1].1.as_str()), (format!("{name}:3").as_str(), "Second story."));
        assert_eq!(got[1].2.get("extra").and_then(|v| v.as_str()), Some("x"));
        assert!(!got[1].2.contains_key("title"));
        // Streamed a row at a time, the same records.
        let mut s = Stream::new(expand(&[path]), 1024);
        assert_eq!(docs(&s.next_items(1)), got[..1]);
        assert_eq!(docs(&s.next_items(10)), got[1..]);
        let _ = fs::remove_dir_all(&d);
    }

    /// A TSV file the same, with tabs; a table without a text column gives one error per row, and a row over the
    /// size limit is an error while the rows after it are read.
    #[test]
    fn tsv_rows_and_rows_that_are_no_articles() {
        let d = temp_dir("tsv");
        fs::write(d.join("a.tsv"), "body\tsource\nOne story.\tmine\n").expect("write");
        fs::write(d.join("b.csv"), "title,url\nNo text,x\nNone,y\n").expect("write");
        fs::write(d.join("c.csv"), format!("text\n{}\nShort.\n", "long ".repeat(100))).expect("write");
        // Named: read. In a folder, tables are not taken (they are as likely to be output).
        let named: Vec<PathBuf> = ["a.tsv", "b.csv", "c.csv"].iter().map(|f| d.join(f)).collect();
        let walked = expand(std::slice::from_ref(&d));
        assert!(walked.iter().all(|f| matches!(f, Found::Error { .. })), "{walked:?}");
        let mut s = Stream::new(expand(&named), 100);
        let items = s.next_items(100);
        let mine = serde_json::Map::from_iter([("source".to_string(), serde_json::Value::from("mine"))]);
        assert_eq!(docs(&items[..1]), vec![("mine".to_string(), "One story.".to_string(), mine)]);
        let errors: Vec<String> = items.iter().filter_map(|i| i.as_ref().err()).map(|(_, e)| e.to_string()).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("no article text") && errors[1].contains("no article text"), "{errors:?}");
        assert!(errors[2].contains("row longer than 100 bytes"), "{errors:?}");
        assert_eq!(docs(&items).last().map(|d| d.1.as_str()), Some("Short."));
        let _ = fs::remove_dir_all(&d);
    }

    /// A record's text is under `text`, `body` or `content`, or under the field named, and then only there.
    #[test]
    fn a_named_text_field_is_the_only_one_read() {
        let map = |pairs: &[(&str, &str)]| {
            pairs.iter().map(|(k, v)| (k.to_string(), serde_json::Value::from(*v))).collect::<serde_json::Map<_, _>>()
        };
        let text_of = |d: Document| match d.content {
            Content::Text(t) => t,
            Content::Bytes(_) => String::new(),
        };
        let doc = record_document(map(&[("body", "B"), ("content", "C")]), None, None, None).expect("a text");
        assert_eq!(text_of(doc), "B");
        let doc = record_document(map(&[("isi", "I"), ("text", "T")]), None, None, Some("isi")).expect("a text");
        assert_eq!(text_of(doc.clone()), "I");
        assert!(doc.options.metadata.contains_key("text"), "the other field is metadata");
        let err = record_document(map(&[("text", "T")]), None, None, Some("isi")).expect_err("no isi");
        assert_eq!(err, "no article text: expected a string under isi");
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).expect("gzip");
        e.finish().expect("gzip")
    }

    /// Compressed files are read as their name says beneath the compression's ending: JSON Lines streamed, text
    /// whole, concatenated gzip members as one stream; the same records as the files uncompressed.
    #[test]
    fn compressed_files_read_as_the_uncompressed_ones() {
        let d = temp_dir("compressed");
        let lines = "{\"text\": \"one\", \"title\": \"T\"}\n{\"body\": \"two\"}\nnot json\n{\"text\": \"four\"}\n";
        fs::write(d.join("a.jsonl"), lines).expect("write");
        let (head, tail) = lines.split_at(30);
        fs::write(d.join("b.jsonl.gz"), [gzip(head.as_bytes()), gzip(tail.as_bytes())].concat()).expect("write");
        fs::write(d.join("c.ndjson.zst"), zstd::stream::encode_all(lines.as_bytes(), 1).expect("zstd")).expect("write");
        fs::write(d.join("d.txt.gz"), gzip("An article.".as_bytes())).expect("write");
        fs::write(d.join("e.csv.gz"), gzip(b"text\nA row.\n")).expect("write");
        let plain = docs(&load(&d.join("a.jsonl"), None, 1 << 20));
        assert_eq!(plain.len(), 3);
        let bare = |items: Vec<(String, String, serde_json::Map<String, serde_json::Value>)>| {
            items.into_iter().map(|(_, t, m)| (t, m)).collect::<Vec<_>>()
        };
        for name in ["b.jsonl.gz", "c.ndjson.zst"] {
            let path = d.join(name);
            assert_eq!(bare(docs(&load(&path, None, 1 << 20))), bare(plain.clone()), "{name}");
            let mut s = Stream::new(expand(std::slice::from_ref(&path)), 1 << 20);
            let items = s.next_items(100);
            assert_eq!(bare(docs(&items)), bare(plain.clone()), "{name}, streamed");
            assert_eq!(sources(&items)[2], format!("!{}:3", display(&path)));
        }
        assert_eq!(docs(&load(&d.join("d.txt.gz"), None, 1 << 20))[0].1, "An article.");
        assert_eq!(docs(&load(&d.join("e.csv.gz"), None, 1 << 20))[0].1, "A row.");
        // In a folder: the compressed articles are taken, the compressed table is not.
        let walked: Vec<String> = expand(std::slice::from_ref(&d))
            .into_iter()
            .filter_map(|f| match f {
                Found::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()),
                Found::Error { .. } => None,
            })
            .collect();
        assert_eq!(walked, ["a.jsonl", "b.jsonl.gz", "c.ndjson.zst", "d.txt.gz"]);
        let _ = fs::remove_dir_all(&d);
    }

    /// A file that is not what its ending says, or is cut short, is a format error naming it, after the records
    /// read before the damage; a small file that inflates past the limit is an input error, not memory exhausted.
    #[test]
    fn damaged_compressed_files_are_errors() {
        let d = temp_dir("damaged");
        fs::write(d.join("a.jsonl.gz"), "{\"text\": \"not compressed\"}\n").expect("write");
        let many: String = (0..2000).map(|i| format!("{{\"text\": \"article {i}\"}}\n")).collect();
        let packed = gzip(many.as_bytes());
        fs::write(d.join("b.jsonl.gz"), &packed[..packed.len() / 2]).expect("write");
        fs::write(d.join("c.txt.gz"), gzip(&vec![b'a'; 50_000])).expect("write");
        fs::write(d.join("d.txt.zst"), b"plain").expect("write");
        let errors = |name: &str| -> (usize, Vec<String>) {
            let mut s = Stream::new(expand(&[d.join(name)]), 10_000);
            let items = s.next_items(10_000);
            assert!(s.next_items(10).is_empty(), "{name}: nothing after the error");
            let errs = items.iter().filter_map(|i| i.as_ref().err()).map(|(_, e)| e.to_string()).collect();
            (docs(&items).len(), errs)
        };
        let (n, errs) = errors("a.jsonl.gz");
        assert_eq!(n, 0);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].contains("a.jsonl.gz") && errs[0].contains("not valid gzip data"), "{errs:?}");
        let (n, errs) = errors("b.jsonl.gz");
        assert!(n > 100 && n < 2000, "{n} records before the damage");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].contains("ends early"), "{errs:?}");
        let (n, errs) = errors("c.txt.gz");
        assert_eq!(n, 0);
        assert!(errs[0].contains("decompresses (gzip) to more than 10000 bytes"), "{errs:?}");
        let (n, errs) = errors("d.txt.zst");
        assert_eq!(n, 0);
        assert!(errs[0].contains("not valid zstd data"), "{errs:?}");
        let _ = fs::remove_dir_all(&d);
    }
}
