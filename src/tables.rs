//! The flat tables analysts load into data frames: one row per article, mention, entity, agreement or quote,
//! keyed by the article's `source`.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::error::CoreError;
use crate::model::Article;

/// The tables there are.
pub const TABLES: [&str; 5] = ["articles", "mentions", "entities", "agreements", "quotes"];

/// A table as named columns of equal length.
#[derive(Debug, Default)]
pub struct Columns {
    pub columns: Vec<(&'static str, Vec<Value>)>,
}

impl Columns {
    fn new(names: &[&'static str]) -> Columns {
        Columns { columns: names.iter().map(|n| (*n, Vec::new())).collect() }
    }

    fn push(&mut self, row: Vec<Value>) {
        for ((_, col), v) in self.columns.iter_mut().zip(row) {
            col.push(v);
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.columns.first().map(|c| c.1.len()).unwrap_or(0)
    }

    /// True when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The rows of `table` over `articles`.
pub fn rows(articles: &[Arc<Article>], table: &str) -> Result<Columns, CoreError> {
    let mut out;
    match table {
        "articles" => {
            out = Columns::new(&[
                "source", "title", "outlet", "author", "published", "dateline", "language", "text", "topics",
                "n_mentions", "n_entities", "n_agreements", "n_quotes", "repairs",
            ]);
            for a in articles {
                out.push(vec![
                    json!(a.source),
                    json!(a.title),
                    json!(a.outlet),
                    json!(a.author),
                    json!(a.published.map(|d| d.to_string())),
                    json!(a.dateline),
                    json!(a.language),
                    json!(a.text),
                    json!(a.topics),
                    json!(a.mentions.len()),
                    json!(a.entities.len()),
                    json!(a.agreements.len()),
                    json!(a.quotes.len()),
                    json!(serde_json::to_string(&a.repairs).unwrap_or_default()),
                ]);
            }
        }
        "mentions" => {
            out = Columns::new(&["source", "label", "text", "start", "end", "entity", "value"]);
            for a in articles {
                for m in &a.mentions {
                    out.push(vec![
                        json!(a.source),
                        json!(m.label.as_str()),
                        json!(m.text),
                        json!(m.start),
                        json!(m.end),
                        json!(m.entity),
                        json!(m.value),
                    ]);
                }
            }
        }
        "entities" => {
            out = Columns::new(&["source", "id", "kind", "name", "code", "aliases", "role", "country"]);
            for a in articles {
                for e in &a.entities {
                    out.push(vec![
                        json!(a.source),
                        json!(e.id),
                        json!(e.kind),
                        json!(e.name),
                        json!(e.code),
                        json!(e.aliases),
                        json!(e.role),
                        json!(e.country),
                    ]);
                }
            }
        }
        "agreements" => {
            out = Columns::new(&[
                "source", "kind", "name", "parties", "status", "date", "place", "topics", "signatories", "start", "end",
                "cameo", "plover",
            ]);
            for a in articles {
                for g in &a.agreements {
                    out.push(vec![
                        json!(a.source),
                        json!(g.kind),
                        json!(g.name),
                        json!(g.parties),
                        json!(g.status),
                        json!(g.date),
                        json!(g.place),
                        json!(g.topics),
                        json!(g.signatories),
                        json!(g.start),
                        json!(g.end),
                        json!(g.cameo),
                        json!(g.plover),
                    ]);
                }
            }
        }
        "quotes" => {
            out = Columns::new(&["source", "text", "speaker", "cue", "start", "end"]);
            for a in articles {
                for q in &a.quotes {
                    out.push(vec![
                        json!(a.source),
                        json!(q.text),
                        json!(q.speaker),
                        json!(q.cue),
                        json!(q.start),
                        json!(q.end),
                    ]);
                }
            }
        }
        other => {
            return Err(CoreError::Option(format!(
                "unknown table {other:?}; expected one of {}",
                TABLES.join(", ")
            )))
        }
    }
    Ok(out)
}
