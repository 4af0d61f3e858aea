//! accord: news articles in, typed cooperation data out.
//!
//! The core (every module but `python`) is plain Rust with no interpreter; the `python` feature adds the
//! PyO3 bindings that maturin builds into `accord._accord`.

pub mod batch;
pub mod decode;
pub mod error;
pub mod events;
pub mod extract;
pub mod gazetteer;
pub mod html;
pub mod language;
pub mod layout;
pub mod model;
pub mod ner;
pub mod offsets;
pub mod pipeline;
pub mod read;
pub mod repair;
pub mod tables;
pub mod text;
pub mod tsv;

#[cfg(test)]
mod testing;

#[cfg(feature = "python")]
mod python;

pub use error::CoreError;
pub use model::{Agreement, Article, Date, Entity, ItemError, Mention, Quote};
pub use pipeline::{Extractor, ParseOptions};

/// mimalloc: the pipeline makes many small, short-lived allocations (tokens, spans, strings of names), which it
/// serves faster than the system allocator, and with less contention between worker threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
