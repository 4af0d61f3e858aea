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
                "source",
                "title",
                "outlet",
                "author",
                "published",
                "dateline",
                "language",
                "text",
                "topics",
                "n_mentions",
                "n_entities",
                "n_agreements",
                "n_quotes",
                "repairs",
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
                "source",
                "kind",
                "name",
                "parties",
                "status",
                "date",
                "place",
                "topics",
                "signatories",
                "start",
                "end",
                "cameo",
                "plover",
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
            return Err(CoreError::Option(format!("unknown table {other:?}; expected one of {}", TABLES.join(", "))))
        }
    }
    Ok(out)
}

/// Typed Arrow record batches of the tables: strings, lists of strings, `date32` for `published`, `int64` offsets.
#[cfg(feature = "arrow")]
pub mod arrow {
    use std::sync::Arc;

    use arrow_array::builder::{Date32Builder, Int64Builder, ListBuilder, StringBuilder};
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema, SchemaRef};

    use super::TABLES;
    use crate::error::CoreError;
    use crate::model::{Article, Date};

    /// Articles are split into record batches whose string data stays well under the 2 GiB that 32-bit Arrow
    /// offsets can address.
    const BATCH_BYTES: usize = 512 * 1024 * 1024;

    #[derive(Clone, Copy)]
    enum Kind {
        Str,
        StrList,
        Int,
        Date,
    }

    /// (column, type, nullable) of each table, in the order of `super::rows`.
    fn spec(table: &str) -> Result<&'static [(&'static str, Kind, bool)], CoreError> {
        use Kind::*;
        Ok(match table {
            "articles" => &[
                ("source", Str, true),
                ("title", Str, true),
                ("outlet", Str, true),
                ("author", Str, true),
                ("published", Date, true),
                ("dateline", Str, true),
                ("language", Str, true),
                ("text", Str, false),
                ("topics", StrList, false),
                ("n_mentions", Int, false),
                ("n_entities", Int, false),
                ("n_agreements", Int, false),
                ("n_quotes", Int, false),
                ("repairs", Str, false),
            ],
            "mentions" => &[
                ("source", Str, true),
                ("label", Str, false),
                ("text", Str, false),
                ("start", Int, false),
                ("end", Int, false),
                ("entity", Str, true),
                ("value", Str, true),
            ],
            "entities" => &[
                ("source", Str, true),
                ("id", Str, false),
                ("kind", Str, false),
                ("name", Str, false),
                ("code", Str, true),
                ("aliases", StrList, false),
                ("role", Str, true),
                ("country", Str, true),
            ],
            "agreements" => &[
                ("source", Str, true),
                ("kind", Str, false),
                ("name", Str, true),
                ("parties", StrList, false),
                ("status", Str, false),
                ("date", Str, true),
                ("place", Str, true),
                ("topics", StrList, false),
                ("signatories", StrList, false),
                ("start", Int, false),
                ("end", Int, false),
                ("cameo", Str, true),
                ("plover", Str, true),
            ],
            "quotes" => &[
                ("source", Str, true),
                ("text", Str, false),
                ("speaker", Str, true),
                ("cue", Str, true),
                ("start", Int, false),
                ("end", Int, false),
            ],
            other => {
                return Err(CoreError::Option(format!(
                    "unknown table {other:?}; expected one of {}",
                    TABLES.join(", ")
                )))
            }
        })
    }

    fn item_field() -> Arc<Field> {
        Arc::new(Field::new("item", DataType::Utf8, true))
    }

    fn data_type(kind: Kind) -> DataType {
        match kind {
            Kind::Str => DataType::Utf8,
            Kind::StrList => DataType::List(item_field()),
            Kind::Int => DataType::Int64,
            Kind::Date => DataType::Date32,
        }
    }

    /// The Arrow schema of `table` (the same whatever the articles, so that batches can be appended to one file).
    pub fn schema(table: &str) -> Result<SchemaRef, CoreError> {
        let fields: Vec<Field> =
            spec(table)?.iter().map(|(name, kind, nullable)| Field::new(*name, data_type(*kind), *nullable)).collect();
        Ok(Arc::new(Schema::new(fields)))
    }

    /// One value of a row, borrowed from the article.
    #[derive(Clone, Copy)]
    enum Cell<'a> {
        Str(Option<&'a str>),
        StrList(&'a [String]),
        Int(usize),
        Date(Option<Date>),
    }

    enum Builder {
        Str(StringBuilder),
        StrList(ListBuilder<StringBuilder>),
        Int(Int64Builder),
        Date(Date32Builder),
    }

    /// The rows, list items and string bytes a column is about to take, so that its builder allocates once (grown
    /// by doubling, the buffers of a batch were copied about twice over, into fresh memory each time).
    #[derive(Clone, Copy, Default)]
    struct Size {
        rows: usize,
        items: usize,
        bytes: usize,
    }

    impl Size {
        fn add(&mut self, cell: &Cell<'_>) {
            self.rows += 1;
            match cell {
                Cell::Str(v) => self.bytes += v.map_or(0, str::len),
                Cell::StrList(v) => {
                    self.items += v.len();
                    self.bytes += v.iter().map(String::len).sum::<usize>();
                }
                Cell::Int(_) | Cell::Date(_) => {}
            }
        }
    }

    impl Builder {
        fn with_capacity(kind: Kind, size: Size) -> Builder {
            let strings = |items, bytes| StringBuilder::with_capacity(items, bytes);
            match kind {
                Kind::Str => Builder::Str(strings(size.rows, size.bytes)),
                Kind::StrList => Builder::StrList(
                    ListBuilder::with_capacity(strings(size.items, size.bytes), size.rows).with_field(item_field()),
                ),
                Kind::Int => Builder::Int(Int64Builder::with_capacity(size.rows)),
                Kind::Date => Builder::Date(Date32Builder::with_capacity(size.rows)),
            }
        }

        fn append(&mut self, cell: Cell<'_>) {
            match (self, cell) {
                (Builder::Str(b), Cell::Str(v)) => b.append_option(v),
                (Builder::StrList(b), Cell::StrList(v)) => {
                    for s in v {
                        b.values().append_value(s);
                    }
                    b.append(true);
                }
                (Builder::Int(b), Cell::Int(v)) => b.append_value(i64::try_from(v).unwrap_or(i64::MAX)),
                (Builder::Date(b), Cell::Date(v)) => b.append_option(v.and_then(days_since_epoch)),
                // The row layouts below are written against `spec`; a mismatch is a bug, kept visible as a null.
                (Builder::Str(b), _) => b.append_null(),
                (Builder::StrList(b), _) => b.append(false),
                (Builder::Int(b), _) => b.append_null(),
                (Builder::Date(b), _) => b.append_null(),
            }
        }

        fn finish(&mut self) -> ArrayRef {
            match self {
                Builder::Str(b) => Arc::new(b.finish()),
                Builder::StrList(b) => Arc::new(b.finish()),
                Builder::Int(b) => Arc::new(b.finish()),
                Builder::Date(b) => Arc::new(b.finish()),
            }
        }
    }

    fn days_since_epoch(d: Date) -> Option<i32> {
        let day = chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day)?;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
        i32::try_from((day - epoch).num_days()).ok()
    }

    /// The rows `a` gives `table` to `row`, each as a cell per column borrowed from an array (no `Vec` per row).
    fn push_rows(table: &str, a: &Article, row: &mut impl FnMut(&[Cell<'_>])) {
        let src = a.source.as_deref();
        match table {
            "articles" => {
                let repairs = serde_json::to_string(&a.repairs).unwrap_or_default();
                row(&[
                    Cell::Str(src),
                    Cell::Str(a.title.as_deref()),
                    Cell::Str(a.outlet.as_deref()),
                    Cell::Str(a.author.as_deref()),
                    Cell::Date(a.published),
                    Cell::Str(a.dateline.as_deref()),
                    Cell::Str(a.language.as_deref()),
                    Cell::Str(Some(&a.text)),
                    Cell::StrList(&a.topics),
                    Cell::Int(a.mentions.len()),
                    Cell::Int(a.entities.len()),
                    Cell::Int(a.agreements.len()),
                    Cell::Int(a.quotes.len()),
                    Cell::Str(Some(&repairs)),
                ]);
            }
            "mentions" => {
                for m in &a.mentions {
                    row(&[
                        Cell::Str(src),
                        Cell::Str(Some(m.label.as_str())),
                        Cell::Str(Some(&m.text)),
                        Cell::Int(m.start),
                        Cell::Int(m.end),
                        Cell::Str(m.entity.as_deref()),
                        Cell::Str(m.value.as_deref()),
                    ]);
                }
            }
            "entities" => {
                for e in &a.entities {
                    row(&[
                        Cell::Str(src),
                        Cell::Str(Some(&e.id)),
                        Cell::Str(Some(&e.kind)),
                        Cell::Str(Some(&e.name)),
                        Cell::Str(e.code.as_deref()),
                        Cell::StrList(&e.aliases),
                        Cell::Str(e.role.as_deref()),
                        Cell::Str(e.country.as_deref()),
                    ]);
                }
            }
            "agreements" => {
                for g in &a.agreements {
                    row(&[
                        Cell::Str(src),
                        Cell::Str(Some(&g.kind)),
                        Cell::Str(g.name.as_deref()),
                        Cell::StrList(&g.parties),
                        Cell::Str(Some(&g.status)),
                        Cell::Str(g.date.as_deref()),
                        Cell::Str(g.place.as_deref()),
                        Cell::StrList(&g.topics),
                        Cell::StrList(&g.signatories),
                        Cell::Int(g.start),
                        Cell::Int(g.end),
                        Cell::Str(g.cameo.as_deref()),
                        Cell::Str(g.plover.as_deref()),
                    ]);
                }
            }
            _ => {
                for q in &a.quotes {
                    row(&[
                        Cell::Str(src),
                        Cell::Str(Some(&q.text)),
                        Cell::Str(q.speaker.as_deref()),
                        Cell::Str(q.cue.as_deref()),
                        Cell::Int(q.start),
                        Cell::Int(q.end),
                    ]);
                }
            }
        }
    }

    /// A generous bound on the string bytes one article adds to any column of any table.
    fn weight(a: &Article) -> usize {
        2 * a.text.len() + 4096
    }

    /// `table` over `articles` as record batches of `schema(table)` (one batch unless the text is very large;
    /// none when there are no rows).
    pub fn record_batches(articles: &[Arc<Article>], table: &str) -> Result<Vec<RecordBatch>, CoreError> {
        let schema = schema(table)?;
        let kinds: Vec<Kind> = spec(table)?.iter().map(|c| c.1).collect();
        let mut out = Vec::new();
        let mut rest = articles;
        while !rest.is_empty() {
            let mut take = 0;
            let mut bytes = 0;
            while take < rest.len() && (take == 0 || bytes + weight(&rest[take]) <= BATCH_BYTES) {
                bytes += weight(&rest[take]);
                take += 1;
            }
            let (chunk, tail) = rest.split_at(take);
            rest = tail;
            let mut sizes = vec![Size::default(); kinds.len()];
            for a in chunk {
                push_rows(table, a, &mut |cells| sizes.iter_mut().zip(cells).for_each(|(s, c)| s.add(c)));
            }
            let mut builders: Vec<Builder> =
                kinds.iter().zip(&sizes).map(|(k, s)| Builder::with_capacity(*k, *s)).collect();
            for a in chunk {
                push_rows(table, a, &mut |cells| builders.iter_mut().zip(cells).for_each(|(b, c)| b.append(*c)));
            }
            let columns: Vec<ArrayRef> = builders.iter_mut().map(Builder::finish).collect();
            if columns.first().map(|c| c.is_empty()).unwrap_or(true) {
                continue;
            }
            let batch = RecordBatch::try_new(schema.clone(), columns)
                .map_err(|e| CoreError::Internal(format!("building the {table} table: {e}")))?;
            out.push(batch);
        }
        Ok(out)
    }

    /// A column of text cells, or of lists of text, for [`text_batch`].
    pub enum TextColumn {
        Texts(Vec<Option<String>>),
        Lists(Vec<Vec<String>>),
    }

    /// A table of text and list-of-text columns given by the caller (the events table, `crate::sink::events_batch`),
    /// every column nullable. Columns must have equal lengths.
    pub fn text_batch(columns: Vec<(String, TextColumn)>) -> Result<(SchemaRef, Vec<RecordBatch>), CoreError> {
        let mut fields = Vec::with_capacity(columns.len());
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(columns.len());
        for (name, column) in columns {
            let kind = match column {
                TextColumn::Texts(_) => Kind::Str,
                TextColumn::Lists(_) => Kind::StrList,
            };
            let cells: Vec<Cell<'_>> = match &column {
                TextColumn::Texts(cells) => cells.iter().map(|c| Cell::Str(c.as_deref())).collect(),
                TextColumn::Lists(cells) => cells.iter().map(|c| Cell::StrList(c)).collect(),
            };
            let mut size = Size::default();
            cells.iter().for_each(|c| size.add(c));
            let mut b = Builder::with_capacity(kind, size);
            cells.into_iter().for_each(|c| b.append(c));
            fields.push(Field::new(name, data_type(kind), true));
            arrays.push(b.finish());
        }
        let schema: SchemaRef = Arc::new(Schema::new(fields));
        if arrays.first().is_none_or(|a| a.is_empty()) {
            return Ok((schema, Vec::new()));
        }
        let batch = RecordBatch::try_new(schema.clone(), arrays)
            .map_err(|e| CoreError::Input(format!("columns of a table: {e}")))?;
        Ok((schema, vec![batch]))
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::pipeline::{Extractor, ParseOptions};

        #[test]
        fn a_text_table_keeps_its_columns_and_refuses_unequal_ones() {
            let cols = vec![
                ("id".to_string(), TextColumn::Texts(vec![Some("a".into()), None])),
                ("tags".to_string(), TextColumn::Lists(vec![vec!["x".into(), "y".into()], vec![]])),
            ];
            let (schema, batches) = text_batch(cols).expect("equal columns");
            assert_eq!(schema.fields().len(), 2);
            assert_eq!(batches[0].num_rows(), 2);
            let bad = vec![
                ("id".to_string(), TextColumn::Texts(vec![Some("a".into())])),
                ("tags".to_string(), TextColumn::Lists(vec![])),
            ];
            assert!(text_batch(bad).is_err());
        }

        #[test]
        fn every_table_has_its_schema_and_one_row_per_item() {
            let ex = Extractor::new();
            let text = "JAKARTA - Indonesia and Vietnam signed a memorandum of understanding on fisheries on \
                        Monday, the foreign minister said. \"We welcome it,\" she said.";
            let a = Arc::new(ex.parse_str(text, &ParseOptions::default()).expect("parses"));
            let arts = vec![a.clone(), a.clone()];
            for table in TABLES {
                let batches = record_batches(&arts, table).expect("builds");
                let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
                let want = 2 * match table {
                    "articles" => 1,
                    "mentions" => a.mentions.len(),
                    "entities" => a.entities.len(),
                    "agreements" => a.agreements.len(),
                    _ => a.quotes.len(),
                };
                assert_eq!(rows, want, "{table}");
                for b in &batches {
                    assert_eq!(b.schema(), schema(table).expect("schema"));
                }
                assert_eq!(super::super::rows(&arts, table).expect("rows").len(), want);
            }
        }

        #[test]
        fn dates_count_days_from_the_epoch() {
            assert_eq!(days_since_epoch(Date { year: 1970, month: 1, day: 2 }), Some(1));
            assert_eq!(days_since_epoch(Date { year: 1969, month: 12, day: 31 }), Some(-1));
        }

        #[test]
        fn an_unknown_table_is_an_option_error() {
            assert!(matches!(schema("people"), Err(CoreError::Option(_))));
        }
    }
}
