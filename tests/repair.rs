//! The repair stage against the ftfy test cases in `../shared/eval/ftfy-cases` (evaluation data: measured,
//! never tuned to by name) and the mojibake sample article in `../shared/seeds`.
//!
//! Outputs are compared after the scorer's normalisation (`score.py`'s `norm`: NFKC, curly quotes and
//! dashes folded, whitespace collapsed), since the repair keeps curly quotes that ftfy straightens.

use std::path::{Path, PathBuf};

use _accord::repair::fix_text;
use unicode_normalization::UnicodeNormalization;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The scorer's normalisation: NFKC, then quotes, dashes and invisible spaces folded, then whitespace collapsed.
fn norm(s: &str) -> String {
    let folded: String = s
        .nfkc()
        .filter_map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => Some('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => Some('-'),
            '\u{A0}' => Some(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => None,
            c => Some(c),
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Case {
    label: String,
    original: String,
    expected: String,
}

fn load(file: &str) -> Option<Vec<Case>> {
    let path = shared().join("eval/ftfy-cases").join(file);
    let text = std::fs::read_to_string(&path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let cases = value
        .as_array()?
        .iter()
        .filter(|c| c.get("expect").and_then(|e| e.as_str()) == Some("pass"))
        .filter_map(|c| {
            let expected = c.get("fixed-encoding").or_else(|| c.get("fixed"))?.as_str()?.to_string();
            Some(Case {
                label: c.get("label")?.as_str()?.to_string(),
                original: c.get("original")?.as_str()?.to_string(),
                expected,
            })
        })
        .collect();
    Some(cases)
}

/// Run the cases of `files`; print each miss; return (passed, total).
fn run(files: &[&str]) -> Option<(usize, usize)> {
    let (mut passed, mut total) = (0, 0);
    for file in files {
        for case in load(file)? {
            total += 1;
            let (got, _) = fix_text(&case.original);
            if norm(&got) == norm(&case.expected) {
                passed += 1;
            } else {
                println!(
                    "MISS [{file}] {}\n  original: {:?}\n  expected: {:?}\n  got:      {:?}",
                    case.label, case.original, case.expected, got
                );
            }
        }
    }
    Some((passed, total))
}

#[test]
fn ftfy_positive_cases_are_fixed() {
    let Some((passed, total)) = run(&["in-the-wild.json", "synthetic.json", "language-names.json"]) else {
        println!("ftfy cases not found under {}; skipped", shared().display());
        return;
    };
    let rate = passed as f64 / total.max(1) as f64;
    println!("ftfy positive cases: {passed}/{total} fixed ({:.1}%)", rate * 100.0);
    assert!(rate >= 0.95, "only {passed}/{total} ftfy cases fixed");
}

#[test]
fn ftfy_negative_cases_are_left_alone() {
    let Some((passed, total)) = run(&["negative.json"]) else {
        println!("ftfy cases not found under {}; skipped", shared().display());
        return;
    };
    println!("ftfy negative cases: {passed}/{total} unchanged");
    assert_eq!(passed, total, "some look-alikes were changed");
}

#[test]
fn thai_windows_1252_mojibake_sample_is_repaired() {
    let dir = shared().join("seeds");
    let Some(path) = std::fs::read_dir(&dir).ok().and_then(|entries| {
        entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("004_")))
    }) else {
        println!("seed sample not found under {}; skipped", dir.display());
        return;
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("seed sample unreadable; skipped");
        return;
    };
    let (fixed, repairs) = fix_text(&text);
    // No Thai character survives: every one of them was a mis-read byte.
    assert!(!fixed.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)), "Thai letters remain");
    // No mojibake markers survive (Windows-1252 punctuation glued to letters, C1 controls, U+FFFD).
    assert!(!fixed.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c) || c == '\u{FFFD}'));
    assert!(!fixed.contains('\u{20AC}'), "euro signs from mis-read quote bytes remain");
    // The first line (styled letters) is plain ASCII words made of known letters.
    let first = fixed.lines().next().unwrap_or_default();
    assert!(!first.is_empty() && first.chars().all(|c| c.is_ascii_alphabetic() || c == ' '), "first line: {first:?}");
    assert!(first.split(' ').all(|w| w.chars().skip(1).all(|c| c.is_ascii_lowercase())), "first line: {first:?}");
    // Zero-width spaces were removed; curly quotes remain curly.
    assert!(!fixed.contains('\u{200B}'));
    assert!(fixed.contains('\u{201C}') && fixed.contains('\u{201D}'));
    for kind in ["mojibake", "styled_letters", "invisible"] {
        assert!(repairs.get(kind).copied().unwrap_or(0) > 0, "no {kind} repair counted: {repairs:?}");
    }
    println!("seed sample: {repairs:?}\n  first line: {first}");
}
