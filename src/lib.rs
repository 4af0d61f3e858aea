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
#[cfg(feature = "arrow")]
pub mod sink;
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

/// `mi_option_purge_delay` of mimalloc's `mimalloc.h` (the same in its v2 and v3 headers).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long memory freed by the core stays with the process before mimalloc returns it to the system.
pub const PURGE_DELAY_MS: i64 = 10_000;

/// Set the allocator's options for batch work; called once where the Python module is set up (and by the
/// benchmarks). mimalloc returns freed memory to the system after a second by default: when a batch's memory
/// goes back and the next batch asks for it again, the system hands out fresh pages, each cleared first (perf: up to
/// a tenth of the command line's CPU time, 0.5 s of system time on 50 MB). Ten seconds keeps memory for the next
/// batch and still gives it back to an idle notebook. It reads the environment (`MIMALLOC_PURGE_DELAY` set by the
/// user wins), so call it on the main thread before others start.
pub fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: setting an option is a store into mimalloc's option table, valid at any time.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS as std::ffi::c_long) }
    }
}

#[cfg(test)]
mod allocator_tests {
    use super::*;

    /// The option set is mimalloc's purge delay: before it is set, the index reads that option's default.
    #[test]
    fn the_purge_delay_is_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option is a load from mimalloc's option table.
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(get(), 1000, "mimalloc's default purge delay (ms)");
        tune_allocator();
        assert_eq!(get(), PURGE_DELAY_MS as std::ffi::c_long);
    }
}
