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

/// `mi_option_page_reclaim_on_free` of the v3 header (the version `libmimalloc-sys` builds unless asked for v2).
const MI_OPTION_PAGE_RECLAIM_ON_FREE: libmimalloc_sys::mi_option_t = 35;

/// How long memory freed by the core stays with the process before mimalloc returns it to the system.
pub const PURGE_DELAY_MS: i64 = 10_000;

/// Set the allocator's options for batch work; called once where the Python module is set up (and by the
/// benchmarks). Each reads the environment first (the `MIMALLOC_...` variable set by the user wins), so call it on
/// the main thread before others start.
///
/// - Purge delay, 10 s (mimalloc's default is 1 s): when a batch's memory goes back to the system and the next
///   batch asks for it again, the system hands out fresh pages, each cleared first (perf: up to a tenth of the
///   command line's CPU time, 0.5 s of system time on 50 MB). Ten seconds keeps memory for the next batch and
///   still gives it back to an idle notebook.
/// - Reclaim on free, across threads: the workers parse the articles, and the caller's thread frees them (after
///   writing them out, or when a notebook lets a corpus go). mimalloc hands a worker's pages that hold live
///   articles to no thread in particular ("abandoned"); by default a free from another thread into such a page
///   leaves it so, and the workers keep taking fresh pages. Reclaimed by the freeing thread, the page is reused
///   by it (the Arrow tables and Parquet pages are built on the caller's thread). On the command line over 50 MB:
///   4–7% less CPU (interleaved runs), the page clearing gone from the profile, 2.3 K pages at the peak against
///   0.8 K, peak RSS 282 MB against 260 MB (`MIMALLOC_SHOW_STATS=1`).
pub fn tune_allocator() {
    for (option, name, value) in [
        (MI_OPTION_PURGE_DELAY, "MIMALLOC_PURGE_DELAY", PURGE_DELAY_MS),
        (MI_OPTION_PAGE_RECLAIM_ON_FREE, "MIMALLOC_PAGE_RECLAIM_ON_FREE", 1),
    ] {
        if std::env::var_os(name).is_none() {
            // SAFETY: setting an option is a store into mimalloc's option table, valid at any time.
            unsafe { libmimalloc_sys::mi_option_set(option, value as std::ffi::c_long) }
        }
    }
}

#[cfg(test)]
mod allocator_tests {
    use super::*;

    /// The options set are mimalloc's purge delay and reclaim on free: before they are set, the indices read
    /// those options' defaults, and the options after reclaim on free read theirs (the retained full pages and
    /// the candidate pages per size class), so that the indices are those of the header built.
    #[test]
    fn the_purge_delay_and_reclaim_on_free_are_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some()
            || std::env::var_os("MIMALLOC_PAGE_RECLAIM_ON_FREE").is_some()
        {
            return;
        }
        // SAFETY: reading an option is a load from mimalloc's option table.
        let get = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!(get(MI_OPTION_PURGE_DELAY), 1000, "mimalloc's default purge delay (ms)");
        assert_eq!(get(MI_OPTION_PAGE_RECLAIM_ON_FREE), 0, "reclaim on free: only into the page's own thread");
        assert_eq!(get(MI_OPTION_PAGE_RECLAIM_ON_FREE + 1), 2, "page_full_retain");
        assert_eq!(get(MI_OPTION_PAGE_RECLAIM_ON_FREE + 2), 4, "page_max_candidates");
        tune_allocator();
        assert_eq!(get(MI_OPTION_PURGE_DELAY), PURGE_DELAY_MS as std::ffi::c_long);
        assert_eq!(get(MI_OPTION_PAGE_RECLAIM_ON_FREE), 1);
    }
}
