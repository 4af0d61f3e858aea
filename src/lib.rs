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
pub mod prebuilt;
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
static GLOBAL: Mimalloc = Mimalloc;

/// mimalloc through its plain entry points where the alignment asked for is at most a word's, which every block
/// of mimalloc has (its blocks are whole words, from aligned pages): nearly every allocation of the core (strings,
/// vectors of words and offsets). The `mimalloc` crate sends every allocation through the aligned entry points,
/// which check the alignment and the next free block's address first (2% of the core's instructions).
struct Mimalloc;

/// The alignment of every block mimalloc hands out.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each method passes the layout's size, and its alignment when it exceeds a word, to the mimalloc call
// that honours both; memory is freed and resized by the same allocator that handed it out.
unsafe impl std::alloc::GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        if layout.align() <= WORD {
            mi_malloc(layout.size()).cast()
        } else {
            mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        if layout.align() <= WORD {
            mi_zalloc(layout.size()).cast()
        } else {
            mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        libmimalloc_sys::mi_free(ptr.cast());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        if layout.align() <= WORD {
            mi_realloc(ptr.cast(), new_size).cast()
        } else {
            mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
        }
    }
}

/// `mi_option_purge_delay` of mimalloc's `mimalloc.h` (the same in its v2 and v3 headers).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// `mi_option_page_reclaim_on_free` of the v3 header (the version `libmimalloc-sys` builds unless asked for v2).
const MI_OPTION_PAGE_RECLAIM_ON_FREE: libmimalloc_sys::mi_option_t = 35;

/// How long memory freed by the core stays with the process before mimalloc returns it to the system.
pub const PURGE_DELAY_MS: i64 = 60_000;

/// Set the allocator's options for batch work; called once where the Python module is set up (and by the
/// benchmarks). Each reads the environment first (the `MIMALLOC_...` variable set by the user wins), so call it on
/// the main thread before others start.
///
/// - Purge delay, 60 s (mimalloc's default is 1 s): when a batch's memory goes back to the system and the next
///   batch asks for it again, the system hands out fresh pages, each cleared first (perf: up to a tenth of the
///   command line's CPU time, 0.5 s of system time on 50 MB). The delay is not counted per block: an arena's
///   expiry is set when the first of its memory is freed, and when it passes, everything free in the arena goes,
///   memory freed a moment before included (`mi_arena_schedule_purge` in mimalloc's `arena.c`). So a busy process
///   gives back what it is about to reuse once per delay: at 10 s, `parse_many` over 100 MB right after one over
///   50 MB took 0.25–0.5 s of system time to clear pages again, at 60 s 0.01–0.11 s (three runs of the scaling
///   check each). mimalloc purges only when it is called, so an idle notebook keeps the memory until its next
///   parse either way.
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

    /// Every allocation has the alignment asked for, through the plain entry points (a word or less) and the
    /// aligned ones, also when zeroed or resized, whatever its size.
    #[test]
    fn allocations_have_their_alignment() {
        use std::alloc::{GlobalAlloc, Layout};
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 12, 24, 40, 100, 1000, 70_000] {
                let layout = Layout::from_size_align(size, align).expect("a layout");
                // SAFETY: the layouts have non-zero sizes; each block is freed once, with the allocator that
                // handed it out, and written only within its size.
                unsafe {
                    let p = GLOBAL.alloc(layout);
                    assert!(!p.is_null() && p as usize % align == 0, "{size} bytes aligned to {align}");
                    p.write_bytes(7, size);
                    let grown = GLOBAL.realloc(p, layout, 3 * size);
                    assert!(!grown.is_null() && grown as usize % align == 0, "{size} bytes grown, aligned to {align}");
                    assert_eq!(*grown.add(size - 1), 7, "the bytes kept");
                    GLOBAL.dealloc(grown, Layout::from_size_align(3 * size, align).expect("a layout"));
                    let z = GLOBAL.alloc_zeroed(layout);
                    assert!(!z.is_null() && z as usize % align == 0 && *z.add(size - 1) == 0, "zeroed, {size}/{align}");
                    GLOBAL.dealloc(z, layout);
                }
            }
        }
    }

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
