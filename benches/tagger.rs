//! The tagger alone on distinct text (`cargo bench --bench tagger`): nanoseconds per token over the sentences of
//! training splits in `../shared/train/ner` (never the evaluation sets), joined five to a paragraph.
//!
//! The first pass meets most words and word pairs for the first time, as a corpus of distinct articles does; the
//! second finds the words in the per-thread cache. `core` and `bench_throughput.py` repeat a few dozen articles, so
//! they time the second case almost only. Made for comparing builds; the bars live in `bench_throughput.py`.

use std::path::Path;
use std::time::Instant;

use _accord::ner::{tag_text, train::read_conll};

/// Paragraphs of five sentences from the given training files, as text.
fn paragraphs(dir: &Path, files: &[&str]) -> Vec<String> {
    let sentences: Vec<String> =
        files.iter().filter_map(|f| read_conll(&dir.join(f)).ok()).flatten().map(|s| s.words.join(" ")).collect();
    sentences.chunks(5).map(|c| c.join(" ")).collect()
}

/// Tag every paragraph once; prints the time per token.
fn pass(name: &str, texts: &[String], lang: &str) {
    let tokens: usize = texts.iter().map(|t| _accord::text::tokens(t).len()).sum();
    let t0 = Instant::now();
    let spans: usize = texts.iter().map(|t| tag_text(t, lang).len()).sum();
    let dt = t0.elapsed().as_secs_f64();
    println!("{name:<28} {tokens:>8} tokens {:>6.0} ns/token ({spans} names)", dt * 1e9 / tokens.max(1) as f64);
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/train/ner");
    let en = paragraphs(&dir, &["gum-ner/train.txt", "btc/btc.train", "uner-en-ewt/en_ewt-ud-dev.iob2"]);
    let id = paragraphs(&dir, &["idner-news-2k/train.txt", "nergrit/train_preprocess.txt"]);
    if en.is_empty() || id.is_empty() {
        eprintln!("no training sentences under {}", dir.display());
        return;
    }
    // Load both models before timing.
    let t0 = Instant::now();
    tag_text("Rudy Wirawan met him.", "en");
    tag_text("Rudy Wirawan bertemu dia.", "id");
    println!("models loaded in {:.2} s", t0.elapsed().as_secs_f64());
    pass("English, first pass", &en, "en");
    pass("English, second pass", &en, "en");
    pass("Indonesian, first pass", &id, "id");
    pass("Indonesian, second pass", &id, "id");
}
