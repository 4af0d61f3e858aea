//! Feature extraction: each token becomes a list of 64-bit hashes of feature strings (template id + text).

use std::collections::HashMap;

/// Per-language word data: frequency buckets and (for English) vector clusters.
pub(crate) struct Lexicon {
    freq: HashMap<String, u8>,
    clusters: HashMap<String, (u16, u16)>,
}

impl Lexicon {
    /// Parse the TSV data files (`word<TAB>bucket`, `word<TAB>coarse<TAB>fine`); `#` lines are comments.
    pub(crate) fn parse(freq_tsv: &str, clusters_tsv: &str) -> Lexicon {
        let mut freq = HashMap::new();
        for line in freq_tsv.lines().filter(|l| !l.starts_with('#')) {
            let mut it = line.split('\t');
            if let (Some(w), Some(b)) = (it.next(), it.next()) {
                if let Ok(b) = b.trim().parse::<u8>() {
                    freq.entry(w.to_string()).or_insert(b);
                }
            }
        }
        let mut clusters = HashMap::new();
        for line in clusters_tsv.lines().filter(|l| !l.starts_with('#')) {
            let mut it = line.split('\t');
            if let (Some(w), Some(c), Some(f)) = (it.next(), it.next(), it.next()) {
                if let (Ok(c), Ok(f)) = (c.trim().parse::<u16>(), f.trim().parse::<u16>()) {
                    clusters.entry(w.to_string()).or_insert((c, f));
                }
            }
        }
        Lexicon { freq, clusters }
    }
}

impl Lexicon {
    /// The Zipf frequency bucket of a word (lowercased); 0 when the list does not have it.
    pub(crate) fn freq_of(&self, w: &str) -> u8 {
        self.freq.get(&w.to_lowercase()).copied().unwrap_or(0)
    }
}

/// FNV-1a over a template id and a sequence of parts, finished with a 64-bit mixer.
#[derive(Clone, Copy)]
struct Hasher(u64);

impl Hasher {
    fn new(template: u8) -> Hasher {
        Hasher((0xcbf2_9ce4_8422_2325u64 ^ u64::from(template)).wrapping_mul(0x100_0000_01b3))
    }
    fn bytes(mut self, b: &[u8]) -> Hasher {
        for &x in b {
            self.0 = (self.0 ^ u64::from(x)).wrapping_mul(0x100_0000_01b3);
        }
        // separator so that ("ab","c") and ("a","bc") differ
        self.0 = (self.0 ^ 0xff).wrapping_mul(0x100_0000_01b3);
        self
    }
    fn num(self, n: u64) -> Hasher {
        self.bytes(&n.to_le_bytes())
    }
    fn finish(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// How the sentence as a whole is cased: headlines in capitals and lowercased text change what a capital means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SentenceCase {
    Mixed,
    Upper,
    Lower,
}

/// What is computed once per token and read by the templates of its neighbours.
struct TokenInfo {
    lower: String,
    shape: String,
    short_shape: String,
    freq: u8,
    cluster: Option<(u16, u16)>,
    title: bool,
}

fn shapes(w: &str) -> (String, String) {
    let mut long = String::new();
    let mut short = String::new();
    let mut last = '\0';
    for (n, c) in w.chars().enumerate() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if n < 12 {
            long.push(k);
        }
        if k != last {
            short.push(k);
            last = k;
        }
    }
    (long, short)
}

fn info(w: &str, lex: &Lexicon, case: SentenceCase) -> TokenInfo {
    let lower = w.to_lowercase();
    let (shape, short_shape) = shapes(w);
    let freq = lex.freq.get(&lower).copied().unwrap_or(0);
    let cluster = lex.clusters.get(&lower).copied();
    let title = case == SentenceCase::Mixed && w.chars().next().is_some_and(char::is_uppercase);
    TokenInfo {
        lower,
        shape,
        short_shape,
        freq,
        cluster,
        title,
    }
}

fn sentence_case(words: &[&str]) -> SentenceCase {
    let (mut up, mut low) = (0usize, 0usize);
    for w in words {
        for c in w.chars() {
            if c.is_uppercase() {
                up += 1;
            } else if c.is_lowercase() {
                low += 1;
            }
        }
    }
    if up == 0 && low > 0 {
        SentenceCase::Lower
    } else if up > 8 && up * 4 > low * 5 {
        SentenceCase::Upper
    } else {
        SentenceCase::Mixed
    }
}

/// The feature hashes of every token of one sentence: `out[offsets[i]..offsets[i + 1]]` belong to token `i`.
pub(crate) fn sentence_features(
    words: &[&str],
    lex: &Lexicon,
    out: &mut Vec<u64>,
    offsets: &mut Vec<usize>,
) {
    out.clear();
    offsets.clear();
    let case = sentence_case(words);
    let infos: Vec<TokenInfo> = words.iter().map(|w| info(w, lex, case)).collect();
    let n = infos.len();
    let case_id = case as u64;
    let pad = TokenInfo {
        lower: String::from("<pad>"),
        shape: String::from("<pad>"),
        short_shape: String::from("<pad>"),
        freq: 255,
        cluster: None,
        title: false,
    };
    let at = |j: isize| -> &TokenInfo {
        if j < 0 || j as usize >= n {
            &pad
        } else {
            &infos[j as usize]
        }
    };
    // run_len[i]: length of the run of capitalised words containing token i (linear: two passes)
    let mut run_len = vec![0usize; n];
    let mut k = 0;
    while k < n {
        if infos[k].title {
            let s = k;
            while k < n && infos[k].title {
                k += 1;
            }
            for r in &mut run_len[s..k] {
                *r = k - s;
            }
        } else {
            k += 1;
        }
    }
    for i in 0..n {
        offsets.push(out.len());
        let t = &infos[i];
        let w = words[i];
        let ii = i as isize;
        let mut add = |h: Hasher| out.push(h.finish());
        add(Hasher::new(0));
        add(Hasher::new(1).bytes(w.as_bytes()));
        add(Hasher::new(2).bytes(t.lower.as_bytes()));
        add(Hasher::new(3).bytes(t.shape.as_bytes()));
        add(Hasher::new(4).bytes(t.short_shape.as_bytes()));
        let chars: Vec<char> = t.lower.chars().collect();
        for k in 1..=4usize.min(chars.len()) {
            let p: String = chars[..k].iter().collect();
            let s: String = chars[chars.len() - k..].iter().collect();
            add(Hasher::new(5).num(k as u64).bytes(p.as_bytes()));
            add(Hasher::new(6).num(k as u64).bytes(s.as_bytes()));
        }
        add(Hasher::new(7)
            .num(u64::from(t.freq))
            .num(u64::from(t.title)));
        add(Hasher::new(8)
            .num(u64::from(t.freq))
            .bytes(t.short_shape.as_bytes()));
        if let Some((c, f)) = t.cluster {
            add(Hasher::new(9).num(u64::from(c)));
            add(Hasher::new(10).num(u64::from(f)));
            add(Hasher::new(11).num(u64::from(f)).num(u64::from(t.title)));
        }
        add(Hasher::new(12).num(case_id).bytes(t.short_shape.as_bytes()));
        add(Hasher::new(13).num(case_id));
        if i == 0 {
            add(Hasher::new(14)
                .num(u64::from(t.freq))
                .bytes(t.short_shape.as_bytes()));
        }
        if i + 1 == n {
            add(Hasher::new(15).bytes(t.short_shape.as_bytes()));
        }
        // context words, shapes, frequency and clusters
        for d in [-2isize, -1, 1, 2] {
            let c = at(ii + d);
            add(Hasher::new(16).num(d as u64).bytes(c.lower.as_bytes()));
            add(Hasher::new(17)
                .num(d as u64)
                .bytes(c.short_shape.as_bytes()));
            add(Hasher::new(18)
                .num(d as u64)
                .num(u64::from(c.freq))
                .num(u64::from(c.title)));
            if d.abs() == 1 {
                if let Some((_, f)) = c.cluster {
                    add(Hasher::new(19).num(d as u64).num(u64::from(f)));
                }
                add(Hasher::new(20).num(d as u64).bytes(c.shape.as_bytes()));
            }
        }
        let (p, nx) = (at(ii - 1), at(ii + 1));
        add(Hasher::new(21)
            .bytes(p.lower.as_bytes())
            .bytes(t.lower.as_bytes()));
        add(Hasher::new(22)
            .bytes(t.lower.as_bytes())
            .bytes(nx.lower.as_bytes()));
        add(Hasher::new(23)
            .bytes(p.short_shape.as_bytes())
            .bytes(t.short_shape.as_bytes())
            .bytes(nx.short_shape.as_bytes()));
        add(Hasher::new(24)
            .bytes(p.lower.as_bytes())
            .bytes(t.short_shape.as_bytes()));
        add(Hasher::new(25)
            .bytes(t.short_shape.as_bytes())
            .bytes(nx.lower.as_bytes()));
        add(Hasher::new(26)
            .bytes(at(ii - 2).lower.as_bytes())
            .bytes(p.lower.as_bytes()));
        add(Hasher::new(27)
            .bytes(nx.lower.as_bytes())
            .bytes(at(ii + 2).lower.as_bytes()));
        // length of the run of capitalised words this token sits in (names are runs)
        if t.title {
            add(Hasher::new(28).num(run_len[i].min(5) as u64));
        }
    }
    offsets.push(out.len());
}
