//! The stable-toolchain counterpart of the `cargo fuzz` target (`fuzz/`): random inputs built from fragments that
//! stress each stage (mojibake, quotes, brackets, capitals, dates, invisible characters, binary bytes), parsed as bytes
//! and as text. Nothing may panic; every mention must be the slice its offsets name.
//! `ACCORD_FUZZ_CASES` sets the number of cases (default 300; `make fuzz` runs far more).

use _accord::{Article, Extractor, ParseOptions};

const FRAGMENTS: &[&str] = &[
    "Jakarta",
    "JAKARTA - ",
    "Indonesia",
    " and ",
    " dan ",
    "Vietnam",
    " signed a ",
    "MoU",
    "memorandum of understanding",
    "(",
    ")",
    "((",
    "))",
    "“",
    "”",
    "\"",
    "'",
    "’s",
    " said ",
    ", kata ",
    "Minister ",
    "Menteri ",
    "Rudy K. Wirawan",
    "Rabu (19/3/2031)",
    "19 March 2031",
    "March 19, 2031 - 16:10",
    "Rp95,000",
    "92%",
    "USD 6–10",
    "ASEAN",
    "17th ASEAN Summit",
    ".",
    ". ",
    ",",
    "\n",
    "\n\n",
    "Read more: ",
    "Ã©",
    "â€™",
    "โ€‹",
    "๐‘บ",
    "\u{200b}",
    "\u{feff}",
    "\u{0}",
    "𝑺𝒕𝒂𝒚",
    "Kementerian Komunikasi dan Informatika",
    "Ministry of Foreign Affairs of ",
    "Tiongkok",
    "US",
    "中文",
    "😀",
    "ไทย",
    "<p>",
    "</div>",
    "&amp;",
    "#",
    "## ",
    "[link](http://x.y)",
    "\t",
    "   ",
    "A",
    "B.",
    "Ü",
    "ẞ",
    "İ",
];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn check(article: &Article) {
    let chars: Vec<char> = article.text.chars().collect();
    for m in &article.mentions {
        assert!(m.start <= m.end && m.end <= chars.len(), "mention offsets out of range: {m:?}");
        let slice: String = chars[m.start..m.end].iter().collect();
        assert_eq!(slice, m.text);
    }
    for q in &article.quotes {
        assert!(q.start <= q.end && q.end <= chars.len());
    }
    for a in &article.agreements {
        assert!(a.start <= a.end && a.end <= chars.len());
    }
    for &(s, e) in &article.paragraphs {
        assert!(s <= e && e <= chars.len());
    }
    let json = article.to_json();
    let back: Article = serde_json::from_str(&json).expect("the export reads back");
    assert_eq!(&back, article);
}

#[test]
fn random_inputs_never_panic() {
    let cases: usize = std::env::var("ACCORD_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let extractor = Extractor::new();
    let opts = ParseOptions::default();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..cases {
        let mut bytes: Vec<u8> = Vec::new();
        for _ in 0..(rng.next() % 60) {
            if rng.next() % 10 == 0 {
                // raw bytes: invalid UTF-8, controls, high bytes
                for _ in 0..(rng.next() % 8) {
                    bytes.push((rng.next() % 256) as u8);
                }
            } else {
                let f = FRAGMENTS[(rng.next() as usize) % FRAGMENTS.len()];
                bytes.extend_from_slice(f.as_bytes());
            }
        }
        if let Ok(article) = extractor.parse_bytes(&bytes, &opts) {
            check(&article);
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(article) = extractor.parse_str(&text, &opts) {
            check(&article);
        }
    }
}
