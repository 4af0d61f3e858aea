//! Parquet files written batch by batch from Rust: one file per table in a folder, one row group per batch, so
//! that a corpus larger than memory streams through (`accord extract ... --format parquet`). The tables are the
//! Arrow record batches of [`crate::tables::arrow`] and the events of each batch; nothing passes through Python,
//! and the command line needs no pyarrow to write them.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

use crate::error::CoreError;
use crate::events::find_events;
use crate::model::Article;
use crate::tables::arrow::{record_batches, schema, text_batch, TextColumn};
use crate::tables::TABLES;

/// The events table's columns, in order (`parties`, `agreements`, the agreements' kinds, and `sources` hold lists).
pub const EVENT_COLUMNS: [&str; 7] = ["id", "kind", "parties", "date", "place", "agreements", "sources"];

/// The events of `articles` as one Arrow batch (none when there is no event), each id passed through `id`: the
/// events table of `Corpus.to_arrow("events")` and of the command line's Parquet output.
pub fn events_batch(
    articles: &[Arc<Article>],
    mut id: impl FnMut(String) -> String,
) -> Result<(SchemaRef, Vec<RecordBatch>), CoreError> {
    let refs: Vec<&Article> = articles.iter().map(|a| a.as_ref()).collect();
    let events = find_events(&refs);
    let mut texts: [Vec<Option<String>>; 4] = Default::default();
    let mut lists: [Vec<Vec<String>>; 3] = Default::default();
    for e in events {
        let kinds = e.agreements.iter().map(|&(i, k)| refs[i].agreements[k].kind.clone()).collect();
        let [ids, kind, date, place] = &mut texts;
        ids.push(Some(id(e.id)));
        kind.push(Some(e.kind.to_string()));
        date.push(e.date);
        place.push(e.place);
        let [parties, agreements, sources] = &mut lists;
        parties.push(e.parties);
        agreements.push(kinds);
        sources.push(e.sources);
    }
    let [ids, kind, date, place] = texts;
    let [parties, agreements, sources] = lists;
    let cells = [
        TextColumn::Texts(ids),
        TextColumn::Texts(kind),
        TextColumn::Lists(parties),
        TextColumn::Texts(date),
        TextColumn::Texts(place),
        TextColumn::Lists(agreements),
        TextColumn::Lists(sources),
    ];
    text_batch(EVENT_COLUMNS.iter().zip(cells).map(|(name, c)| (name.to_string(), c)).collect())
}

/// An I/O or Parquet failure on `path`.
fn io_error(path: &Path, e: impl std::fmt::Display) -> CoreError {
    CoreError::Io { path: path.to_string_lossy().into_owned(), message: e.to_string() }
}

/// How a table is written: Snappy and dictionary pages, as pyarrow writes by default, and min/max statistics
/// where a reader can skip row groups by them (a filter in pyarrow, polars or DuckDB): on numbers, dates and the
/// article column `source`, alike for all the rows of an article, so that a row group covers a run of articles.
/// Every other text column (labels, names, kinds, roles, the texts themselves) holds much the same spread of values
/// in every row group, where its statistics would skip nothing; comparing each of its values for them was a sixth
/// of the time spent writing the tables (callgrind, `accord extract` on 4 MB).
fn properties(schema: &Schema) -> WriterProperties {
    let mut props = WriterProperties::builder().set_compression(Compression::SNAPPY);
    for field in schema.fields().iter().filter(|f| f.name() != "source") {
        let path = match field.data_type() {
            DataType::Utf8 => ColumnPath::new(vec![field.name().clone()]),
            DataType::List(item) if item.data_type() == &DataType::Utf8 => {
                ColumnPath::new(vec![field.name().clone(), "list".to_string(), item.name().clone()])
            }
            _ => continue,
        };
        props = props.set_column_statistics_enabled(path, EnabledStatistics::None);
    }
    props.build()
}

/// One Parquet file per table (`TABLES` and `events`) in a folder, appended a row group per batch.
pub struct ParquetFolder {
    writers: Vec<(&'static str, PathBuf, ArrowWriter<BufWriter<File>>)>,
    /// How often each event id has been written: an id met again (in a later batch, as within one) gets `-2`, `-3`...
    event_ids: HashMap<String, usize>,
}

impl ParquetFolder {
    /// Create `folder` if needed and a file per table in it, each with its table's schema (so that a run with no
    /// rows still leaves readable, empty files).
    pub fn create(folder: &Path) -> Result<ParquetFolder, CoreError> {
        std::fs::create_dir_all(folder).map_err(|e| io_error(folder, e))?;
        let (events_schema, _) = events_batch(&[], |id| id)?;
        let mut writers = Vec::new();
        for table in TABLES.into_iter().chain(["events"]) {
            let path = folder.join(format!("{table}.parquet"));
            let file = File::create(&path).map_err(|e| io_error(&path, e))?;
            let schema = if table == "events" { events_schema.clone() } else { schema(table)? };
            let props = properties(&schema);
            let writer = ArrowWriter::try_new(BufWriter::with_capacity(1 << 20, file), schema, Some(props))
                .map_err(|e| io_error(&path, e))?;
            writers.push((table, path, writer));
        }
        Ok(ParquetFolder { writers, event_ids: HashMap::new() })
    }

    /// The files, in table order.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.writers.iter().map(|(_, p, _)| p.clone()).collect()
    }

    /// Append the rows of `articles` to every table, as one row group each (none for a table without rows).
    pub fn write(&mut self, articles: &[Arc<Article>]) -> Result<(), CoreError> {
        let ids = &mut self.event_ids;
        let fresh = |id: String| {
            let n = ids.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                id
            } else {
                format!("{id}-{n}")
            }
        };
        let (_, mut events) = events_batch(articles, fresh)?;
        for (table, path, writer) in &mut self.writers {
            let batches =
                if *table == "events" { std::mem::take(&mut events) } else { record_batches(articles, table)? };
            for b in &batches {
                writer.write(b).map_err(|e| io_error(path, e))?;
            }
            if !batches.is_empty() {
                writer.flush().map_err(|e| io_error(path, e))?;
            }
        }
        Ok(())
    }

    /// Write the files' footers; the files are complete and readable after this.
    pub fn close(self) -> Result<Vec<PathBuf>, CoreError> {
        let mut paths = Vec::new();
        for (_, path, writer) in self.writers {
            writer.close().map_err(|e| io_error(&path, e))?;
            paths.push(path);
        }
        Ok(paths)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Extractor, ParseOptions};
    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn read(path: &Path) -> (usize, usize, Vec<RecordBatch>) {
        let file = File::open(path).expect("written");
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).expect("a Parquet file");
        let groups = builder.metadata().num_row_groups();
        let batches: Vec<RecordBatch> = builder.build().expect("reader").map(|b| b.expect("batch")).collect();
        (batches.iter().map(RecordBatch::num_rows).sum(), groups, batches)
    }

    #[test]
    fn each_batch_is_a_row_group_of_every_table_and_event_ids_stay_unique() {
        let ex = Extractor::new();
        let text = "HANOI - Vietnam and Laos signed a memorandum of understanding on energy on 3 March 2025, \
                    the ministry said.";
        let a = Arc::new(ex.parse_str(text, &ParseOptions::default()).expect("parses"));
        assert!(!a.agreements.is_empty(), "{a:?}");
        let dir = std::env::temp_dir().join(format!("accord-sink-{}", std::process::id()));
        let mut sink = ParquetFolder::create(&dir).expect("creates");
        sink.write(std::slice::from_ref(&a)).expect("first batch");
        sink.write(&[]).expect("an empty batch adds no row group");
        sink.write(std::slice::from_ref(&a)).expect("second batch");
        let paths = sink.close().expect("closes");
        assert_eq!(paths.len(), TABLES.len() + 1);
        for (table, path) in TABLES.iter().zip(&paths) {
            let (rows, groups, batches) = read(path);
            let per_article: usize =
                record_batches(std::slice::from_ref(&a), table).expect("rows").iter().map(|b| b.num_rows()).sum();
            assert_eq!(rows, 2 * per_article, "{table}");
            if per_article > 0 {
                assert_eq!(groups, 2, "{table}");
                assert_eq!(batches[0].schema(), schema(table).expect("schema"), "{table}");
            }
        }
        let (rows, _, batches) = read(&paths[TABLES.len()]);
        assert_eq!(rows, 2);
        let ids: Vec<String> = batches
            .iter()
            .flat_map(|b| {
                let col = b.column(0).as_any().downcast_ref::<arrow_array::StringArray>().expect("text ids").clone();
                (0..col.len()).map(move |i| col.value(i).to_string())
            })
            .collect();
        assert_eq!(ids[1], format!("{}-2", ids[0]));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn statistics_are_kept_where_a_reader_can_skip_row_groups_by_them() {
        let ex = Extractor::new();
        let text = "Rail links agreed\nMay 10, 2025\n\nBANGKOK - Thailand and Cambodia signed an agreement on rail \
                    links on 9 May 2025, Minister Arun Wattana said.";
        let options = ParseOptions { source: Some("wire/0001".into()), ..ParseOptions::default() };
        let a = Arc::new(ex.parse_str(text, &options).expect("parses"));
        let dir = std::env::temp_dir().join(format!("accord-sink-stats-{}", std::process::id()));
        let mut sink = ParquetFolder::create(&dir).expect("creates");
        sink.write(std::slice::from_ref(&a)).expect("a batch");
        let paths = sink.close().expect("closes");
        let articles = paths.iter().find(|p| p.ends_with("articles.parquet")).expect("an articles file");
        let meta = ParquetRecordBatchReaderBuilder::try_new(File::open(articles).expect("written"))
            .expect("a Parquet file")
            .metadata()
            .clone();
        let group = meta.row_group(0);
        let with_stats = |name: &str| {
            let column = group.columns().iter().find(|c| c.column_path().string() == name).expect(name);
            column.statistics().is_some_and(|s| s.min_bytes_opt().is_some())
        };
        for name in ["source", "published", "n_mentions"] {
            assert!(with_stats(name), "{name} has min/max");
        }
        for name in ["title", "language", "text", "topics.list.item"] {
            assert!(!with_stats(name), "{name} has none");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_io_error() {
        let file = std::env::temp_dir().join(format!("accord-sink-file-{}", std::process::id()));
        std::fs::write(&file, b"x").expect("a file");
        assert!(matches!(ParquetFolder::create(&file.join("sub")), Err(CoreError::Io { .. })));
        let _ = std::fs::remove_file(&file);
    }
}
