//! Reading articles from files and folders: `.txt`, `.md`, `.html`/`.htm`, `.json`, `.jsonl`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::CoreError;
use crate::pipeline::{Content, Document, Markup, ParseOptions};

/// File name endings read as articles.
pub const EXTENSIONS: [&str; 7] = ["txt", "md", "html", "htm", "json", "jsonl", "ndjson"];

/// Record fields that may hold the article text, in order of preference.
const TEXT_FIELDS: [&str; 3] = ["text", "body", "content"];

/// One file found under the given paths, or why a path could not be used.
#[derive(Debug, Clone)]
pub enum Found {
    File(PathBuf),
    Error { source: String, error: CoreError },
}

/// Expand files and directories (recursively, sorted, hidden entries skipped) into the files to read.
/// Files given explicitly are read whatever their ending; in directories only known endings are taken.
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
                        "{}: not an article file (ending {:?}; accord reads {})",
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
    p.extension()
        .map(|e| EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str()))
        .unwrap_or(false)
}

/// The documents of one file: one for text and HTML, one per record for JSON and JSON Lines.
/// A malformed JSON Lines line is one error; the other lines are still returned.
pub fn load(path: &Path) -> Vec<Result<Document, (String, CoreError)>> {
    let source = display(path);
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => return vec![Err((source, io_error(path, &e)))],
    };
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "json" => load_json(&source, &bytes),
        "jsonl" | "ndjson" => load_jsonl(&source, &bytes),
        "html" | "htm" => vec![Ok(document(source, Content::Bytes(bytes), Markup::Html))],
        _ => vec![Ok(document(source, Content::Bytes(bytes), Markup::Text))],
    }
}

fn document(source: String, content: Content, markup: Markup) -> Document {
    Document { content, options: ParseOptions { source: Some(source), markup, ..ParseOptions::default() } }
}

fn load_json(source: &str, bytes: &[u8]) -> Vec<Result<Document, (String, CoreError)>> {
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
        serde_json::Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| record(&format!("{source}#{}", i), v))
            .collect(),
        v => vec![record(source, v)],
    }
}

fn load_jsonl(source: &str, bytes: &[u8]) -> Vec<Result<Document, (String, CoreError)>> {
    let text = String::from_utf8_lossy(strip_bom(bytes));
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let item_source = format!("{source}:{}", n + 1);
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) => out.push(record(&item_source, v)),
            Err(e) => out.push(Err((
                item_source.clone(),
                CoreError::Format { path: item_source, message: format!("not valid JSON: {e}") },
            ))),
        }
    }
    out
}

/// One JSON object as a document: its text field, the rest kept as metadata.
fn record(source: &str, value: serde_json::Value) -> Result<Document, (String, CoreError)> {
    let serde_json::Value::Object(mut map) = value else {
        return Err((
            source.to_string(),
            CoreError::Format { path: source.to_string(), message: "expected a JSON object per article".into() },
        ));
    };
    let Some(text) = TEXT_FIELDS.iter().find_map(|k| match map.get(*k) {
        Some(serde_json::Value::String(s)) => Some((*k, s.clone())),
        _ => None,
    }) else {
        return Err((
            source.to_string(),
            CoreError::Format {
                path: source.to_string(),
                message: format!("no article text: expected a string under one of {}", TEXT_FIELDS.join(", ")),
            },
        ));
    };
    map.remove(text.0);
    let given_source = map.get("source").and_then(|v| v.as_str()).map(str::to_string);
    let language = map.get("language").and_then(|v| v.as_str()).map(str::to_string);
    let markup = if looks_like_html(&text.1) { Markup::Html } else { Markup::Text };
    Ok(Document {
        content: Content::Text(text.1),
        options: ParseOptions {
            source: Some(given_source.unwrap_or_else(|| source.to_string())),
            language,
            markup,
            metadata: map,
        },
    })
}

fn looks_like_html(s: &str) -> bool {
    let head: String = s.trim_start().chars().take(512).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<p>") || head.contains("<div")
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
