//! Training and evaluation of the tagger: readers for the CoNLL-style training folders, an averaged structured
//! perceptron with hashed features, and the per-sentence entity F1 of the project's `ner_eval.py`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use unicode_normalization::UnicodeNormalization;

use super::features::{sentence_features, Lexicon};
use super::model::{allowed, spans_of, tags_of, viterbi, Weights, N_TAGS};
use super::{lexicon_for, tag_text_with, Tagger};
use crate::error::CoreError;
use crate::model::Label;

/// One training sentence: words and BIO tag ids.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// The tokens as the corpus gives them.
    pub words: Vec<String>,
    /// Tag ids (0 = O, then B-/I-/L-/U- PER, ORG, LOC).
    pub tags: Vec<usize>,
}

/// Map a corpus label to an entity type index (PER 0, ORG 1, LOC 2); other labels are not scored.
fn entity_type(name: &str) -> Option<usize> {
    match name {
        "PER" | "PERSON" | "PPL" => Some(0),
        "ORG" | "ORGANISATION" | "ORGANIZATION" | "IND" => Some(1),
        "LOC" | "PLACE" | "GPE" | "PLC" => Some(2),
        _ => None,
    }
}

/// Read a CoNLL-style file: UNER (`idx<TAB>token<TAB>tag…` with `#` comments), `token<TAB>tag`, or
/// `token POS tag`. Labels are mapped to PER/ORG/LOC and the rest to O; stray I- tags become B-.
pub fn read_conll(path: &Path) -> Result<Vec<Sentence>, CoreError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CoreError::Io { path: path.display().to_string(), message: e.to_string() })?;
    let mut out = Vec::new();
    let mut words = Vec::new();
    let mut raw: Vec<Option<usize>> = Vec::new();
    let mut begins: Vec<bool> = Vec::new();
    let flush =
        |words: &mut Vec<String>, raw: &mut Vec<Option<usize>>, begins: &mut Vec<bool>, out: &mut Vec<Sentence>| {
            if !words.is_empty() {
                // spans from IOB2: an entity starts at B-X or at an I-X that does not continue an X
                let mut spans: Vec<(usize, usize, usize)> = Vec::new();
                let mut prev: Option<usize> = None;
                for (i, (ty, &b)) in raw.iter().zip(begins.iter()).enumerate() {
                    match ty {
                        Some(ty) if !b && prev == Some(*ty) => {
                            if let Some(last) = spans.last_mut() {
                                last.1 = i + 1;
                            }
                        }
                        Some(ty) => spans.push((i, i + 1, *ty)),
                        None => {}
                    }
                    prev = *ty;
                }
                let tags = tags_of(words.len(), &spans);
                out.push(Sentence { words: std::mem::take(words), tags });
            }
            raw.clear();
            begins.clear();
        };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("# ") || line.starts_with("-DOCSTART-") {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut words, &mut raw, &mut begins, &mut out);
            continue;
        }
        let cols: Vec<&str> =
            if line.contains('\t') { line.split('\t').collect() } else { line.split_whitespace().collect() };
        let (tok, tag) = if line.contains('\t') && cols.len() >= 3 && cols[0].bytes().all(|b| b.is_ascii_digit()) {
            (cols[1], cols[2])
        } else {
            match (cols.first(), cols.last()) {
                (Some(a), Some(b)) if cols.len() >= 2 => (*a, *b),
                _ => continue,
            }
        };
        let (kind, name) = tag.split_once('-').unwrap_or((tag, ""));
        let ty = if kind == "B" || kind == "I" { entity_type(name) } else { None };
        words.push(tok.to_string());
        raw.push(ty);
        begins.push(kind == "B");
    }
    flush(&mut words, &mut raw, &mut begins, &mut out);
    Ok(out)
}

/// The training and dev files of a language under the training root (`shared/train/ner`).
pub fn corpus_files(root: &Path, lang: &str, skip: &[String]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (train, dev): (Vec<&str>, Vec<&str>) = if lang == "id" {
        (
            vec!["idner-news-2k/train.txt", "nergrit/train_preprocess.txt", "nerp/train_preprocess.txt"],
            vec!["idner-news-2k/dev.txt", "nergrit/valid_preprocess.txt"],
        )
    } else {
        (
            vec![
                "uner-en-ewt/unreleased-first-commit/en_ewt-ud-train.first-commit-0c7ce0de.iob2",
                "btc/btc.train",
                "gum-ner/train.txt",
                "re3d-gov/train.txt",
            ],
            vec!["uner-en-ewt/en_ewt-ud-dev.iob2", "gum-ner/dev.txt", "btc/btc.dev"],
        )
    };
    let keep = |p: &&&str| !skip.iter().any(|s| p.starts_with(s.as_str()));
    (train.iter().filter(keep).map(|p| root.join(p)).collect(), dev.iter().filter(keep).map(|p| root.join(p)).collect())
}

/// Take leading titles, roles and honorifics out of person spans (`President Lee Jae-myung` → `Lee Jae-myung`),
/// as the project's guidelines and most corpora do; some training sets keep them. Returns the spans changed.
fn strip_titles(s: &mut Sentence, gaz: &super::gazetteer::Gazetteer) -> usize {
    use super::gazetteer::{W_HONORIFIC, W_ROLE_HEAD, W_ROLE_MODIFIER};
    let mut spans = spans_of(&s.tags);
    let mut changed = 0;
    for (a, b, ty) in &mut spans {
        if *ty != 0 {
            continue;
        }
        let start = *a;
        while *a + 1 < *b && gaz.word_class(&s.words[*a]) & (W_HONORIFIC | W_ROLE_HEAD | W_ROLE_MODIFIER) != 0 {
            *a += 1;
        }
        changed += usize::from(*a != start);
    }
    if changed > 0 {
        s.tags = tags_of(s.words.len(), &spans);
    }
    changed
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// `"en"` or `"id"`.
    pub lang: String,
    /// Maximum passes over the training data; the epoch with the best mean dev F1 is kept.
    pub epochs: usize,
    /// log2 of the number of hash buckets.
    pub bits: u32,
    /// Rows whose largest weight is below this fraction of the largest weight are dropped from the file.
    pub prune: f32,
    /// Shuffle seed.
    pub seed: u64,
    /// Learners trained on different shuffles whose weights are averaged (1 = a single learner).
    pub runs: usize,
    /// Learner: averaged perceptron (`false`) or linear-chain CRF by averaged SGD (`true`).
    pub crf: bool,
    /// CRF step size.
    pub lr: f32,
    /// Corpus folder prefixes to leave out (e.g. `nerp`).
    pub skip: Vec<String>,
    /// Train on the dev splits too and keep the last epoch (for the shipped model, once the epoch count has been
    /// chosen on dev without them); the dev F1 printed is then no longer a held-out score.
    pub with_dev: bool,
    /// Every `upper`-th training sentence is also learnt written in capitals (0: none), as headlines, datelines
    /// and some releases are: the cased corpora have few such sentences, and a model that has not seen them reads
    /// every capitalised word as an acronym.
    pub upper: usize,
}

/// `s` written in capitals, tags unchanged.
fn uppercased(s: &Sentence) -> Sentence {
    Sentence { words: s.words.iter().map(|w| w.to_uppercase()).collect(), tags: s.tags.clone() }
}

struct Encoded {
    buckets: Vec<u32>,
    offsets: Vec<usize>,
    tags: Vec<usize>,
}

fn encode(sents: &[Sentence], lex: &Lexicon, bits: u32) -> Vec<Encoded> {
    let shift = 64 - bits;
    let mut feats = Vec::new();
    let mut offsets = Vec::new();
    sents
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            sentence_features(&words, lex, &mut feats, &mut offsets);
            Encoded {
                buckets: feats.iter().map(|&h| (h >> shift) as u32).collect(),
                offsets: offsets.clone(),
                tags: s.tags.clone(),
            }
        })
        .collect()
}

/// Float weights of the perceptron with the running sums for averaging.
struct Perceptron {
    w: Vec<f32>,
    u: Vec<f32>,
    tw: [[f32; N_TAGS]; N_TAGS],
    tu: [[f32; N_TAGS]; N_TAGS],
    sw: [f32; N_TAGS],
    su: [f32; N_TAGS],
    c: f32,
}

fn emissions(w: &[f32], e: &Encoded) -> Vec<[f32; N_TAGS]> {
    e.offsets
        .windows(2)
        .map(|r| {
            let mut acc = [0f32; N_TAGS];
            for &b in &e.buckets[r[0]..r[1]] {
                let row = &w[b as usize * N_TAGS..b as usize * N_TAGS + N_TAGS];
                for (a, v) in acc.iter_mut().zip(row) {
                    *a += v;
                }
            }
            acc
        })
        .collect()
}

impl Perceptron {
    fn new(bits: u32) -> Perceptron {
        let size = (1usize << bits) * N_TAGS;
        Perceptron {
            w: vec![0.0; size],
            u: vec![0.0; size],
            tw: [[0.0; N_TAGS]; N_TAGS],
            tu: [[0.0; N_TAGS]; N_TAGS],
            sw: [0.0; N_TAGS],
            su: [0.0; N_TAGS],
            c: 1.0,
        }
    }

    fn learn(&mut self, e: &Encoded) {
        let pred = viterbi(&emissions(&self.w, e), &self.tw, &self.sw);
        if pred == e.tags {
            self.c += 1.0;
            return;
        }
        let c = self.c;
        for i in 0..e.tags.len() {
            let (g, p) = (e.tags[i], pred[i]);
            if g != p {
                for &b in &e.buckets[e.offsets[i]..e.offsets[i + 1]] {
                    let base = b as usize * N_TAGS;
                    self.w[base + g] += 1.0;
                    self.u[base + g] += c;
                    self.w[base + p] -= 1.0;
                    self.u[base + p] -= c;
                }
            }
            let (gp, pp) = if i == 0 { (None, None) } else { (Some(e.tags[i - 1]), Some(pred[i - 1])) };
            if (gp, g) != (pp, p) {
                match (gp, pp) {
                    (Some(a), Some(b)) => {
                        self.tw[a][g] += 1.0;
                        self.tu[a][g] += c;
                        self.tw[b][p] -= 1.0;
                        self.tu[b][p] -= c;
                    }
                    _ => {
                        self.sw[g] += 1.0;
                        self.su[g] += c;
                        self.sw[p] -= 1.0;
                        self.su[p] -= c;
                    }
                }
            }
        }
        self.c += 1.0;
    }

    /// One stochastic gradient step of the linear-chain CRF log-likelihood on a sentence (ill-formed
    /// transitions barred), with step size `lr`; the running sums make the result an averaged SGD.
    fn learn_crf(&mut self, e: &Encoded, lr: f32) {
        let n = e.tags.len();
        if n == 0 {
            return;
        }
        let em = emissions(&self.w, e);
        const NEG: f32 = f32::NEG_INFINITY;
        let lse = |xs: &[f32]| -> f32 {
            let m = xs.iter().copied().fold(NEG, f32::max);
            if m == NEG {
                return NEG;
            }
            m + xs.iter().map(|x| (x - m).exp()).sum::<f32>().ln()
        };
        let mut trans = self.tw;
        for (f, row) in trans.iter_mut().enumerate() {
            for (t, v) in row.iter_mut().enumerate() {
                if !allowed(Some(f), t) {
                    *v = NEG;
                }
            }
        }
        let mut alpha = vec![[NEG; N_TAGS]; n];
        for t in 0..N_TAGS {
            if allowed(None, t) {
                alpha[0][t] = self.sw[t] + em[0][t];
            }
        }
        let mut buf = [0f32; N_TAGS];
        for i in 1..n {
            for t in 0..N_TAGS {
                for f in 0..N_TAGS {
                    buf[f] = alpha[i - 1][f] + trans[f][t];
                }
                alpha[i][t] = lse(&buf) + em[i][t];
            }
        }
        let mut beta = vec![[0f32; N_TAGS]; n];
        for i in (0..n - 1).rev() {
            for f in 0..N_TAGS {
                for t in 0..N_TAGS {
                    buf[t] = trans[f][t] + em[i + 1][t] + beta[i + 1][t];
                }
                beta[i][f] = lse(&buf);
            }
        }
        let log_z = lse(&alpha[n - 1]);
        if !log_z.is_finite() {
            return;
        }
        let c = self.c;
        for i in 0..n {
            let mut grad = [0f32; N_TAGS];
            for t in 0..N_TAGS {
                let p = (alpha[i][t] + beta[i][t] - log_z).exp();
                grad[t] = -p;
            }
            grad[e.tags[i]] += 1.0;
            for &b in &e.buckets[e.offsets[i]..e.offsets[i + 1]] {
                let base = b as usize * N_TAGS;
                for (t, g) in grad.iter().enumerate() {
                    let d = lr * g;
                    self.w[base + t] += d;
                    self.u[base + t] += c * d;
                }
            }
            if i == 0 {
                for ((w, u), g) in self.sw.iter_mut().zip(self.su.iter_mut()).zip(grad) {
                    *w += lr * g;
                    *u += c * lr * g;
                }
            } else {
                for f in 0..N_TAGS {
                    for t in 0..N_TAGS {
                        if trans[f][t] == NEG {
                            continue;
                        }
                        let p = (alpha[i - 1][f] + trans[f][t] + em[i][t] + beta[i][t] - log_z).exp();
                        let gold = if e.tags[i - 1] == f && e.tags[i] == t { 1.0 } else { 0.0 };
                        let d = lr * (gold - p);
                        self.tw[f][t] += d;
                        self.tu[f][t] += c * d;
                    }
                }
            }
        }
        self.c += 1.0;
    }

    fn averaged(&self) -> (Vec<f32>, [[f32; N_TAGS]; N_TAGS], [f32; N_TAGS]) {
        let c = self.c;
        let w = self.w.iter().zip(&self.u).map(|(w, u)| w - u / c).collect();
        let mut t = [[0.0; N_TAGS]; N_TAGS];
        let mut s = [0.0; N_TAGS];
        for a in 0..N_TAGS {
            s[a] = self.sw[a] - self.su[a] / c;
            for (b, v) in t[a].iter_mut().enumerate() {
                *v = self.tw[a][b] - self.tu[a][b] / c;
            }
        }
        (w, t, s)
    }
}

/// Precision, recall and F1 counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// Predicted entities.
    pub pred: usize,
    /// Gold entities.
    pub gold: usize,
}

impl Counts {
    /// F1 (0 when nothing is predicted or gold).
    pub fn f1(&self) -> f64 {
        let p = if self.pred > 0 { self.tp as f64 / self.pred as f64 } else { 0.0 };
        let r = if self.gold > 0 { self.tp as f64 / self.gold as f64 } else { 0.0 };
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn token_span_f1(w: &[f32], t: &[[f32; N_TAGS]; N_TAGS], s: &[f32; N_TAGS], dev: &[Encoded]) -> Counts {
    let mut c = Counts::default();
    for e in dev {
        let pred = viterbi(&emissions(w, e), t, s);
        let ps = spans_of(&pred);
        let gs = spans_of(&e.tags);
        c.pred += ps.len();
        c.gold += gs.len();
        c.tp += ps.iter().filter(|x| gs.contains(x)).count();
    }
    c
}

/// Deterministic xorshift shuffle.
fn shuffle<T>(v: &mut [T], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// Length of the word windows compared between training text and held-out text.
const OVERLAP_WINDOW: usize = 5;

fn windows_of(words: &[String]) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    lower
        .windows(OVERLAP_WINDOW)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

fn shares_window(words: &[String], held_out: &std::collections::HashSet<u64>) -> bool {
    windows_of(words).iter().any(|h| held_out.contains(h))
}

/// Lowercased word windows of the dev files and of every evaluation file (`eval/ner` beside `train/ner`), so that
/// overlapping training sentences can be left out; these files are read for nothing else.
fn held_out_windows(root: &Path, dev_files: &[PathBuf]) -> Result<std::collections::HashSet<u64>, CoreError> {
    let mut files: Vec<PathBuf> = dev_files.to_vec();
    let eval_root = root.join("../../eval/ner");
    if let Ok(dirs) = std::fs::read_dir(&eval_root) {
        let mut dirs: Vec<PathBuf> = dirs.filter_map(|d| d.ok().map(|d| d.path())).collect();
        dirs.sort();
        for d in dirs {
            if let Ok(entries) = std::fs::read_dir(&d) {
                let mut fs: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "iob2" || x == "conll"))
                    .collect();
                fs.sort();
                files.extend(fs);
            }
        }
    } else {
        eprintln!(
            "warning: no evaluation folder at {}; overlap filtering uses the dev files only",
            eval_root.display()
        );
    }
    let mut set = std::collections::HashSet::new();
    for f in &files {
        for s in read_conll(f)? {
            set.extend(windows_of(&s.words));
        }
    }
    Ok(set)
}

/// Train one language's model from the folders under `root` and return the model file's bytes.
/// Prints the dev F1 (exact token spans, PER/ORG/LOC) of every dev file after each epoch.
pub fn train(root: &Path, opts: &TrainOptions) -> Result<Vec<u8>, CoreError> {
    let lex = lexicon_for(&opts.lang);
    let (mut train_files, dev_files) = corpus_files(root, &opts.lang, &opts.skip);
    if opts.with_dev {
        train_files.extend(dev_files.iter().cloned());
    }
    // NERP re-annotates (lowercased) much of the news text that idner-news-2k's dev and test splits come from:
    // its sentences that share a word window with a dev split or an evaluation file are left out.
    let held_out = held_out_windows(root, &dev_files)?;
    let mut train_sents = Vec::new();
    for f in &train_files {
        let mut s = read_conll(f)?;
        let before = s.len();
        if f.components().any(|c| c.as_os_str() == "nerp") {
            s.retain(|x| !shares_window(&x.words, &held_out));
        }
        eprintln!(
            "train {}: {} sentences ({} left out as overlapping held-out text)",
            f.display(),
            s.len(),
            before - s.len()
        );
        train_sents.extend(s);
    }
    let gaz = super::gazetteer::gazetteer_for(opts.lang == "id");
    let stripped = train_sents.iter_mut().map(|s| strip_titles(s, gaz)).sum::<usize>();
    eprintln!("titles taken out of {stripped} person spans");
    if opts.upper > 0 {
        let capitals: Vec<Sentence> = train_sents.iter().step_by(opts.upper).map(uppercased).collect();
        eprintln!("{} sentences also learnt in capitals", capitals.len());
        train_sents.extend(capitals);
    }
    let t0 = Instant::now();
    let enc = encode(&train_sents, &lex, opts.bits);
    let dev_sents: Vec<(String, Vec<Sentence>)> = dev_files
        .iter()
        .map(|f| {
            let name =
                f.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            read_conll(f).map(|s| (name, s))
        })
        .collect::<Result<_, _>>()?;
    let devs: Vec<(String, Vec<Encoded>)> =
        dev_sents.iter().map(|(name, s)| (name.clone(), encode(s, &lex, opts.bits))).collect();
    // The dev splits in capitals, scored for the record (not in the mean that chooses the epoch).
    let dev_capitals: Vec<(String, Vec<Encoded>)> = dev_sents
        .iter()
        .map(|(name, s)| (name.clone(), encode(&s.iter().map(uppercased).collect::<Vec<_>>(), &lex, opts.bits)))
        .collect();
    eprintln!("features encoded in {:.1}s", t0.elapsed().as_secs_f64());
    // `runs` learners see the data in different orders; the mean of their averaged weights is the model.
    let runs = opts.runs.max(1);
    let mut learners: Vec<(Perceptron, u64, Vec<usize>)> = (0..runs)
        .map(|r| {
            let seed = opts.seed.max(1).wrapping_add(0x9e37_79b9 * r as u64);
            (Perceptron::new(opts.bits), seed, (0..enc.len()).collect())
        })
        .collect();
    let mut best: Option<(f64, usize, Vec<u8>)> = None;
    for epoch in 1..=opts.epochs {
        for (p, seed, order) in &mut learners {
            shuffle(order, seed);
            for &k in order.iter() {
                if opts.crf {
                    p.learn_crf(&enc[k], opts.lr);
                } else {
                    p.learn(&enc[k]);
                }
            }
        }
        let (mut w, mut t, mut s) = learners[0].0.averaged();
        for (p, _, _) in &learners[1..] {
            let (w2, t2, s2) = p.averaged();
            w.iter_mut().zip(&w2).for_each(|(a, b)| *a += b);
            for (ra, rb) in t.iter_mut().zip(&t2) {
                ra.iter_mut().zip(rb).for_each(|(a, b)| *a += b);
            }
            s.iter_mut().zip(&s2).for_each(|(a, b)| *a += b);
        }
        let mut line = format!("{} epoch {epoch:2} ({:.0}s):", opts.lang, t0.elapsed().as_secs_f64());
        let mut sum = 0.0;
        for (name, d) in &devs {
            let c = token_span_f1(&w, &t, &s, d);
            let _ = write!(line, " {name} F1={:.4}", c.f1());
            sum += c.f1();
        }
        let mean = sum / devs.len().max(1) as f64;
        let _ = write!(line, "  mean={mean:.4}  in capitals:");
        for (name, d) in &dev_capitals {
            let _ = write!(line, " {name} F1={:.4}", token_span_f1(&w, &t, &s, d).f1());
        }
        println!("{line}");
        if best.as_ref().is_none_or(|b| mean > b.0 || opts.with_dev) {
            best = Some((mean, epoch, Weights::to_bytes(opts.bits, &w, &t, &s, opts.prune)));
        }
    }
    let (mean, epoch, bytes) = best.ok_or_else(|| CoreError::Internal("no epochs".into()))?;
    println!("{} kept epoch {epoch} (mean dev F1 {mean:.4}), model {} bytes", opts.lang, bytes.len());
    Ok(bytes)
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation the way shared/eval/ner_eval.py does it: raw sentence text in, (label, normalised surface) out.

/// Normalise a surface form like the evaluation scorer: NFKC, folded quotes and dashes, collapsed whitespace,
/// no trailing `'s`, no leading `the `, no surrounding ` .,;:`.
pub fn norm(s: &str) -> String {
    let folded: String = s
        .nfkc()
        .filter_map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => Some('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => Some('"'),
            '\u{2010}'..='\u{2014}' | '\u{2212}' => Some('-'),
            '\u{a0}' => Some(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => None,
            c => Some(c),
        })
        .collect();
    let mut s = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.ends_with("'s") {
        s.truncate(s.len() - 2);
    }
    for the in ["the ", "The ", "THE "] {
        if let Some(rest) = s.strip_prefix(the) {
            s = rest.to_string();
            break;
        }
    }
    s.trim_matches(|c| matches!(c, ' ' | '.' | ',' | ';' | ':')).to_string()
}

/// The first place where `parts` occur in `text` with only whitespace between them.
fn untokenised(text: &str, parts: &[String]) -> Option<String> {
    let first = parts.first()?;
    for (start, _) in text.match_indices(first.as_str()) {
        let mut pos = start + first.len();
        let mut ok = true;
        for p in &parts[1..] {
            let rest = &text[pos..];
            let trimmed = rest.trim_start();
            pos += rest.len() - trimmed.len();
            if trimmed.starts_with(p.as_str()) {
                pos += p.len();
            } else {
                ok = false;
                break;
            }
        }
        if ok {
            return Some(text[start..pos].to_string());
        }
    }
    None
}

/// An evaluation sentence: its text and gold (label, surface) pairs.
pub struct EvalSentence {
    /// The text handed to the tagger.
    pub text: String,
    /// Gold entities.
    pub gold: Vec<(usize, String)>,
    /// Number of gold tokens.
    pub n_tokens: usize,
}

/// Read an evaluation file as `ner_eval.py` does (raw `# text =` when present, else tokens joined by spaces).
pub fn read_eval(path: &Path) -> Result<Vec<EvalSentence>, CoreError> {
    let content = std::fs::read_to_string(path)
        .map_err(|e| CoreError::Io { path: path.display().to_string(), message: e.to_string() })?;
    let mut raw_texts: Vec<Option<String>> = Vec::new();
    let mut pending: Option<String> = None;
    let mut in_sentence = false;
    for line in content.lines() {
        let line = line.trim_end_matches('\r');
        if let Some(t) = line.strip_prefix("# text =") {
            pending = Some(t.trim().to_string());
            continue;
        }
        if line.trim().is_empty() {
            if in_sentence {
                raw_texts.push(pending.take());
                in_sentence = false;
            }
            continue;
        }
        if line.starts_with('#') || line.starts_with("-DOCSTART-") {
            continue;
        }
        in_sentence = true;
    }
    if in_sentence {
        raw_texts.push(pending.take());
    }
    let sents = read_conll(path)?;
    Ok(sents
        .into_iter()
        .zip(raw_texts)
        .map(|(s, raw)| {
            let text = raw.clone().unwrap_or_else(|| s.words.join(" "));
            let gold = spans_of(&s.tags)
                .into_iter()
                .map(|(a, b, ty)| {
                    let parts: Vec<String> = s.words[a..b].to_vec();
                    let spaced = parts.join(" ");
                    let surface = if raw.is_some() { untokenised(&text, &parts).unwrap_or(spaced) } else { spaced };
                    (ty, surface)
                })
                .collect();
            EvalSentence { text, gold, n_tokens: s.words.len() }
        })
        .collect())
}

/// Entity F1 by type (PER, ORG, LOC) and the tagging time in seconds, tagging each sentence with `tag_text`.
pub fn evaluate(sents: &[EvalSentence], lang: &str) -> ([Counts; 3], f64) {
    evaluate_showing(sents, lang, false)
}

/// [`evaluate`], printing each sentence whose entities differ from the gold (`-` missed, `+` spurious) when `show`.
pub fn evaluate_showing(sents: &[EvalSentence], lang: &str, show: bool) -> ([Counts; 3], f64) {
    evaluate_model(sents, lang, None, show)
}

/// [`evaluate_showing`] with the model file `model` (bytes of a `.model` file for `lang`) instead of the built-in one.
pub fn evaluate_model(sents: &[EvalSentence], lang: &str, model: Option<&[u8]>, show: bool) -> ([Counts; 3], f64) {
    let tagger = model.map(|m| {
        let id = lang == "id";
        let lex = lexicon_for(if id { "id" } else { "en" });
        Tagger::from_parts(m, lex, id)
    });
    let t0 = Instant::now();
    let preds: Vec<Vec<(usize, String)>> = sents
        .iter()
        .map(|s| {
            tag_text_with(&s.text, lang, tagger.as_ref())
                .into_iter()
                .filter_map(|sp| {
                    let ty = match sp.label {
                        Label::Person => 0,
                        Label::Org => 1,
                        _ => 2,
                    };
                    Some((ty, s.text.get(sp.start..sp.end)?.to_string()))
                })
                .collect()
        })
        .collect();
    let secs = t0.elapsed().as_secs_f64();
    let mut counts = [Counts::default(); 3];
    for (s, p) in sents.iter().zip(&preds) {
        if show {
            const NAMES: [&str; 3] = ["PER", "ORG", "LOC"];
            let mut g: Vec<(usize, String)> = s.gold.iter().map(|(t, x)| (*t, norm(x))).collect();
            let mut q: Vec<(usize, String)> = p.iter().map(|(t, x)| (*t, norm(x))).collect();
            g.sort();
            q.sort();
            if g != q {
                println!("S: {}", s.text);
                for (t, x) in g.iter().filter(|x| !q.contains(x)) {
                    println!("  - {} {x}", NAMES[*t]);
                }
                for (t, x) in q.iter().filter(|x| !g.contains(x)) {
                    println!("  + {} {x}", NAMES[*t]);
                }
            }
        }
        let mut g: HashMap<(usize, String), usize> = HashMap::new();
        for (ty, surf) in &s.gold {
            *g.entry((*ty, norm(surf))).or_default() += 1;
            counts[*ty].gold += 1;
        }
        for (ty, surf) in p {
            counts[*ty].pred += 1;
            if let Some(n) = g.get_mut(&(*ty, norm(surf))) {
                if *n > 0 {
                    *n -= 1;
                    counts[*ty].tp += 1;
                }
            }
        }
    }
    (counts, secs)
}

/// Whether a tag may follow another in BILOU (re-exported for tests of the decoder).
pub fn bio_allowed(from: Option<usize>, to: usize) -> bool {
    allowed(from, to)
}
