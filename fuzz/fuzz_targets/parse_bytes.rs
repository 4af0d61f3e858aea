//! The core parse of bytes: any input gives an article or an error, never a panic, and every offset it returns is
//! a valid slice of the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let extractor = _accord::Extractor::new();
    if let Ok(article) = extractor.parse_bytes(data, &_accord::ParseOptions::default()) {
        _accord_fuzz_checks(&article);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let (fixed, _) = _accord::repair::fix_text(text);
        let _ = extractor.parse_str(&fixed, &_accord::ParseOptions::default());
    }
});

fn _accord_fuzz_checks(article: &_accord::Article) {
    let chars: Vec<char> = article.text.chars().collect();
    for m in &article.mentions {
        assert!(m.start <= m.end && m.end <= chars.len());
        let slice: String = chars[m.start..m.end].iter().collect();
        assert_eq!(slice, m.text);
    }
    for q in &article.quotes {
        assert!(q.start <= q.end && q.end <= chars.len());
    }
}
