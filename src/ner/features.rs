//! Feature extraction: each token becomes a list of 64-bit hashes of feature strings (template id + text).

use rustc_hash::FxHashMap as HashMap;

use super::gazetteer::{gazetteer_for, Gazetteer, W_EVENT_HEAD, W_HONORIFIC, W_ORG_HEAD, W_ROLE_HEAD};

/// Per-language word data: frequency buckets and (for English) vector clusters.
pub(crate) struct Lexicon {
    freq: HashMap<String, u8>,
    clusters: HashMap<String, (u16, u16)>,
    gaz: &'static Gazetteer,
}

impl Lexicon {
    /// Parse the TSV data files (`word<TAB>bucket`, `word<TAB>coarse<TAB>fine`); `#` lines are comments.
    pub(crate) fn parse(freq_tsv: &str, clusters_tsv: &str, indonesian: bool) -> Lexicon {
        let mut freq = HashMap::default();
        for line in freq_tsv.lines().filter(|l| !l.starts_with('#')) {
            let mut it = line.split('\t');
            if let (Some(w), Some(b)) = (it.next(), it.next()) {
                if let Ok(b) = b.trim().parse::<u8>() {
                    freq.entry(w.to_string()).or_insert(b);
                }
            }
        }
        let mut clusters = HashMap::default();
        for line in clusters_tsv.lines().filter(|l| !l.starts_with('#')) {
            let mut it = line.split('\t');
            if let (Some(w), Some(c), Some(f)) = (it.next(), it.next(), it.next()) {
                if let (Ok(c), Ok(f)) = (c.trim().parse::<u16>(), f.trim().parse::<u16>()) {
                    clusters.entry(w.to_string()).or_insert((c, f));
                }
            }
        }
        Lexicon { freq, clusters, gaz: gazetteer_for(indonesian) }
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
    TokenInfo { lower, shape, short_shape, freq, cluster, title }
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
pub(crate) fn sentence_features(words: &[&str], lex: &Lexicon, out: &mut Vec<u64>, offsets: &mut Vec<usize>) {
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
    let classes: Vec<u8> = words.iter().map(|w| lex.gaz.word_class(w)).collect();
    // name-list matches: (type flags, position 0 = unit, 1 = begin, 2 = inside, 3 = last) per token
    let mark = |ms: &[super::gazetteer::NameMatch]| {
        let mut v = vec![(0u8, 0u8); n];
        for m in ms {
            for (j, slot) in v.iter_mut().enumerate().take(m.end).skip(m.start) {
                let pos = if m.end - m.start == 1 {
                    0
                } else if j == m.start {
                    1
                } else if j + 1 == m.end {
                    3
                } else {
                    2
                };
                *slot = (m.types, pos);
            }
        }
        v
    };
    let exact = mark(&lex.gaz.matches(words, false));
    let lowered = mark(&lex.gaz.matches(words, true));
    // extended runs of capitalised words, joined by lowercase connectors ("Bank of Indonesia")
    let is_connector =
        |w: &str| matches!(w, "of" | "and" | "for" | "the" | "de" | "del" | "van" | "von" | "dan" | "&" | "on");
    let mut run_id = vec![usize::MAX; n];
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < n {
        if !infos[k].title {
            k += 1;
            continue;
        }
        let s = k;
        let mut e = k + 1;
        loop {
            if e < n && infos[e].title {
                e += 1;
            } else if e + 1 < n && is_connector(words[e]) && infos[e + 1].title {
                e += 2;
            } else {
                break;
            }
        }
        for r in &mut run_id[s..e] {
            *r = runs.len();
        }
        runs.push((s, e));
        k = e;
    }
    const NAME_CLASSES: u8 = W_ORG_HEAD | W_EVENT_HEAD | W_ROLE_HEAD | W_HONORIFIC;
    for i in 0..n {
        offsets.push(out.len());
        {
            let mut add = |h: Hasher| out.push(h.finish());
            let title = u64::from(infos[i].title);
            if classes[i] != 0 {
                add(Hasher::new(40).num(u64::from(classes[i])).num(title));
            }
            for d in [-2isize, -1, 1, 2] {
                let j = i as isize + d;
                if j >= 0 && (j as usize) < n && classes[j as usize] != 0 {
                    add(Hasher::new(41).num(d as u64).num(u64::from(classes[j as usize])));
                }
            }
            let (ty, pos) = exact[i];
            if ty != 0 {
                add(Hasher::new(42).num(u64::from(ty)).num(u64::from(pos)));
                add(Hasher::new(43).num(u64::from(ty)).num(u64::from(pos)).num(title));
            } else if lowered[i].0 != 0 {
                add(Hasher::new(45).num(u64::from(lowered[i].0)).num(u64::from(lowered[i].1)));
            }
            for d in [-1isize, 1] {
                let j = i as isize + d;
                if j >= 0 && (j as usize) < n {
                    let (nty, _) = exact[j as usize];
                    let same = ty != 0 && ((d < 0 && pos >= 2) || (d > 0 && (pos == 1 || pos == 2)));
                    if nty != 0 && !same {
                        add(Hasher::new(46).num(d as u64).num(u64::from(nty)));
                    }
                }
            }
            if let Some(&(s, e)) = runs.get(run_id[i]) {
                let rpos: u64 = if e - s == 1 {
                    0
                } else if i == s {
                    1
                } else if i + 1 == e {
                    3
                } else {
                    2
                };
                let first = classes[s] & NAME_CLASSES;
                let last = classes[e - 1] & NAME_CLASSES;
                add(Hasher::new(47).num(u64::from(last)).num(rpos));
                add(Hasher::new(48).num(u64::from(first)).num(rpos));
                let before = classes[s..i].iter().fold(0u8, |a, &c| a | c) & NAME_CLASSES;
                let after = classes[i + 1..e].iter().fold(0u8, |a, &c| a | c) & NAME_CLASSES;
                add(Hasher::new(49).num(u64::from(before)).num(u64::from(ty)));
                add(Hasher::new(50).num(u64::from(after)).num(u64::from(ty)));
            }
        }
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
        add(Hasher::new(7).num(u64::from(t.freq)).num(u64::from(t.title)));
        add(Hasher::new(8).num(u64::from(t.freq)).bytes(t.short_shape.as_bytes()));
        if let Some((c, f)) = t.cluster {
            add(Hasher::new(9).num(u64::from(c)));
            add(Hasher::new(10).num(u64::from(f)));
            add(Hasher::new(11).num(u64::from(f)).num(u64::from(t.title)));
        }
        add(Hasher::new(12).num(case_id).bytes(t.short_shape.as_bytes()));
        add(Hasher::new(13).num(case_id));
        if i == 0 {
            add(Hasher::new(14).num(u64::from(t.freq)).bytes(t.short_shape.as_bytes()));
        }
        if i + 1 == n {
            add(Hasher::new(15).bytes(t.short_shape.as_bytes()));
        }
        // context words, shapes, frequency and clusters
        for d in [-2isize, -1, 1, 2] {
            let c = at(ii + d);
            add(Hasher::new(16).num(d as u64).bytes(c.lower.as_bytes()));
            add(Hasher::new(17).num(d as u64).bytes(c.short_shape.as_bytes()));
            add(Hasher::new(18).num(d as u64).num(u64::from(c.freq)).num(u64::from(c.title)));
            if d.abs() == 1 {
                if let Some((_, f)) = c.cluster {
                    add(Hasher::new(19).num(d as u64).num(u64::from(f)));
                }
                add(Hasher::new(20).num(d as u64).bytes(c.shape.as_bytes()));
            }
        }
        let (p, nx) = (at(ii - 1), at(ii + 1));
        add(Hasher::new(21).bytes(p.lower.as_bytes()).bytes(t.lower.as_bytes()));
        add(Hasher::new(22).bytes(t.lower.as_bytes()).bytes(nx.lower.as_bytes()));
        add(Hasher::new(23)
            .bytes(p.short_shape.as_bytes())
            .bytes(t.short_shape.as_bytes())
            .bytes(nx.short_shape.as_bytes()));
        add(Hasher::new(24).bytes(p.lower.as_bytes()).bytes(t.short_shape.as_bytes()));
        add(Hasher::new(25).bytes(t.short_shape.as_bytes()).bytes(nx.lower.as_bytes()));
        add(Hasher::new(26).bytes(at(ii - 2).lower.as_bytes()).bytes(p.lower.as_bytes()));
        add(Hasher::new(27).bytes(nx.lower.as_bytes()).bytes(at(ii + 2).lower.as_bytes()));
        // length of the run of capitalised words this token sits in (names are runs)
        if t.title {
            add(Hasher::new(28).num(run_len[i].min(5) as u64));
        }
    }
    offsets.push(out.len());
}
