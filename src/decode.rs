//! Bytes to text: byte-order marks, UTF-8, UTF-16, legacy single-byte encodings; binary data refused.
//!
//! Order of decisions: a byte-order mark wins; then known binary formats (by magic number) are refused;
//! then UTF-16 without a mark is recognised by its zero bytes; then a high share of NUL or control bytes is
//! refused as binary; stray NUL bytes are dropped; valid UTF-8 is taken as is; anything else is guessed
//! with `chardetng` and decoded with `encoding_rs`.

use crate::error::CoreError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// File formats recognised by their first bytes, refused as binary.
const MAGIC_NUMBERS: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "GZIP archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "ELF executable"),
];

/// How many leading bytes the statistical checks look at.
const SAMPLE: usize = 8192;
/// Share of NUL bytes (outside UTF-16) above which input is binary.
const MAX_NUL_SHARE: f64 = 0.10;
/// Share of other control bytes above which input is binary.
const MAX_CONTROL_SHARE: f64 = 0.10;

fn binary(what: &str) -> CoreError {
    CoreError::Input(format!("input looks like binary data ({what}), not text"))
}

/// Decode `bytes`, guessing the encoding; refuse binary data.
pub fn decode_bytes(bytes: &[u8]) -> Result<Decoded, CoreError> {
    if let Some(decoded) = decode_with_bom(bytes) {
        return Ok(decoded);
    }
    if let Some((_, what)) = MAGIC_NUMBERS.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(binary(what));
    }
    if let Some(enc) = utf16_by_zero_bytes(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let text = text.replace('\0', "");
        // Zero bytes in every other place are also what many binary formats look like: text read that way must
        // come out as text (letters, digits, spaces, punctuation), not as marks and symbols.
        if !looks_like_text(&text) {
            return Err(binary("zero bytes in a pattern, but not UTF-16 text"));
        }
        let name = if enc == UTF_16LE { "utf-16le" } else { "utf-16be" };
        return Ok(Decoded { text, encoding: name });
    }
    if let Some(enc) = utf16_by_high_bytes(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let name = if enc == UTF_16LE { "utf-16le" } else { "utf-16be" };
        return Ok(Decoded { text: text.replace('\0', ""), encoding: name });
    }
    let sample = bytes.get(..SAMPLE).unwrap_or(bytes);
    if !sample.is_empty() {
        let nul = sample.iter().filter(|&&b| b == 0).count();
        let control = sample.iter().filter(|&&b| is_binary_control(b)).count();
        let len = sample.len() as f64;
        if nul as f64 / len > MAX_NUL_SHARE {
            return Err(binary("many NUL bytes"));
        }
        if control as f64 / len > MAX_CONTROL_SHARE {
            return Err(binary("many control bytes"));
        }
    }
    // Stray NUL bytes in otherwise textual input are dropped.
    let cleaned;
    let bytes = if memchr::memchr(0, bytes).is_some() {
        cleaned = bytes.iter().copied().filter(|&b| b != 0).collect::<Vec<u8>>();
        cleaned.as_slice()
    } else {
        bytes
    };
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: s.to_string(), encoding: "utf-8" });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Ok(Decoded { text: text.into_owned(), encoding: enc.name() })
}

/// UTF-16 without a mark in a script of one Unicode block (Thai, Cyrillic, Greek, ...): every other byte is the
/// same block number. Valid UTF-8 without control bytes is never taken for it.
fn utf16_by_high_bytes(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = bytes.get(..SAMPLE).unwrap_or(bytes);
    // Valid UTF-8 without control bytes is UTF-8 (UTF-16 of these scripts is full of control bytes).
    let plain_utf8 = std::str::from_utf8(bytes).is_ok() && !sample.iter().any(|&b| is_binary_control(b));
    if sample.len() < 16 || sample.len() % 2 == 1 || plain_utf8 {
        return None;
    }
    for (enc, high_at) in [(UTF_16LE, 1usize), (UTF_16BE, 0usize)] {
        let mut counts = [0usize; 256];
        for pair in sample.chunks_exact(2) {
            counts[pair[high_at] as usize] += 1;
        }
        let pairs = sample.len() / 2;
        // The script's block and the space/punctuation block (0) together make nearly every code unit.
        let mut top: Vec<(usize, usize)> =
            counts.iter().copied().enumerate().filter(|c| c.1 > 0).map(|(b, n)| (n, b)).collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        let Some(main) = top.first().filter(|t| t.1 != 0) else { continue };
        let with_ascii = main.0 + counts[0];
        if main.0 * 2 >= pairs && with_ascii * 10 >= pairs * 9 {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            if looks_like_text(&text) {
                return Some(enc);
            }
        }
    }
    None
}

/// Whether decoded text is mostly what text is made of: letters, digits, spaces and punctuation.
fn looks_like_text(text: &str) -> bool {
    let (mut good, mut all) = (0usize, 0usize);
    for c in text.chars().take(4096) {
        all += 1;
        if c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation() || matches!(c, '\u{2010}'..='\u{206f}')
        {
            good += 1;
        }
    }
    all == 0 || good * 10 >= all * 7
}

/// Control bytes that text does not contain (tab, newline, carriage return, form feed, escape excepted).
fn is_binary_control(b: u8) -> bool {
    matches!(b, 0x01..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F)
}

/// Text introduced by a byte-order mark (UTF-8, UTF-16, UTF-32).
fn decode_with_bom(bytes: &[u8]) -> Option<Decoded> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
        return Some(Decoded { text: text.replace('\0', ""), encoding: "utf-8" });
    }
    // UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        return Some(Decoded { text: decode_utf32(rest, false), encoding: "utf-32le" });
    }
    if let Some(rest) = bytes.strip_prefix(b"\x00\x00\xFE\xFF") {
        return Some(Decoded { text: decode_utf32(rest, true), encoding: "utf-32be" });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, _) = UTF_16LE.decode_without_bom_handling(rest);
        return Some(Decoded { text: text.replace('\0', ""), encoding: "utf-16le" });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, _) = UTF_16BE.decode_without_bom_handling(rest);
        return Some(Decoded { text: text.replace('\0', ""), encoding: "utf-16be" });
    }
    None
}

/// UTF-32 (encoding_rs has no decoder for it); invalid code points become U+FFFD, NUL is dropped.
#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` is newer than the crate's minimum Rust
fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    bytes
        .chunks(4)
        .filter_map(|chunk| {
            let arr: [u8; 4] = chunk.try_into().ok()?;
            let u = if big_endian { u32::from_be_bytes(arr) } else { u32::from_le_bytes(arr) };
            Some(char::from_u32(u).unwrap_or('\u{FFFD}'))
        })
        .chain(if bytes.len() % 4 != 0 { Some('\u{FFFD}') } else { None })
        .filter(|&c| c != '\0')
        .collect()
}

/// UTF-16 without a byte-order mark: text in Latin scripts has a zero byte in every other position, on the
/// odd side for little-endian and the even side for big-endian.
fn utf16_by_zero_bytes(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..SAMPLE).unwrap_or(bytes);
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [a, b] = pair {
            even += usize::from(*a == 0);
            odd += usize::from(*b == 0);
        }
    }
    let share = |n: usize| n as f64 / pairs as f64;
    if share(odd) >= 0.4 && share(even) <= 0.05 {
        Some(UTF_16LE)
    } else if share(even) >= 0.4 && share(odd) <= 0.05 {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    fn refused(bytes: &[u8]) -> String {
        match decode_bytes(bytes) {
            Err(CoreError::Input(msg)) => msg,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn plain_utf8_is_taken_as_is() {
        let d = decode_bytes("Menteri berkata, “kerja sama” — café".as_bytes()).unwrap();
        assert_eq!(d, Decoded { text: "Menteri berkata, “kerja sama” — café".into(), encoding: "utf-8" });
        assert_eq!(decode_bytes(b"").unwrap().text, "");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode_bytes(b"\xEF\xBB\xBFHello").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Hello", "utf-8"));
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(utf16("Jakarta – Rp95.000", false));
        let d = decode_bytes(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Jakarta – Rp95.000", "utf-16le"));
        let mut be = vec![0xFE, 0xFF];
        be.extend(utf16("Jakarta – Rp95.000", true));
        let d = decode_bytes(&be).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Jakarta – Rp95.000", "utf-16be"));
    }

    #[test]
    fn utf32_with_bom_both_orders() {
        let text = "Ünïcode 😀";
        let mut le = vec![0xFF, 0xFE, 0x00, 0x00];
        le.extend(text.chars().flat_map(|c| (c as u32).to_le_bytes()));
        let d = decode_bytes(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "utf-32le"));
        let mut be = vec![0x00, 0x00, 0xFE, 0xFF];
        be.extend(text.chars().flat_map(|c| (c as u32).to_be_bytes()));
        let d = decode_bytes(&be).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "utf-32be"));
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_zero_bytes() {
        let text = "The ministry signed the agreement on Wednesday.";
        let d = decode_bytes(&utf16(text, false)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "utf-16le"));
        let d = decode_bytes(&utf16(text, true)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "utf-16be"));
        // A binary pattern with zero bytes in every other place is not UTF-16 text.
        let pattern: Vec<u8> = [0u8, 1, 2, 3].repeat(64);
        assert!(decode_bytes(&pattern).is_err());
    }

    #[test]
    fn legacy_single_byte_text_is_guessed() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Le ministre a déclaré à la presse que l’accord était signé.");
        let d = decode_bytes(&bytes).unwrap();
        assert_eq!(d.text, "Le ministre a déclaré à la presse que l’accord était signé.");
        assert_eq!(d.encoding, "windows-1252");
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Министр иностранных дел заявил о подписании соглашения.");
        let d = decode_bytes(&bytes).unwrap();
        assert_eq!(d.text, "Министр иностранных дел заявил о подписании соглашения.");
        assert_eq!(d.encoding, "windows-1251");
    }

    #[test]
    fn binary_formats_are_refused_by_magic_number() {
        let cases: [(&[u8], &str); 7] = [
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
            (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
            (b"PK\x03\x04\x14\0\0\0", "ZIP archive"),
            (b"\x1f\x8b\x08\0\0\0\0\0", "GZIP archive"),
            (b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG image"),
            (b"GIF89a\x01\0\x01\0", "GIF image"),
            (b"\x7fELF\x02\x01\x01\0", "ELF executable"),
        ];
        for (bytes, what) in cases {
            let msg = refused(bytes);
            assert!(msg.contains("binary data") && msg.contains(what), "{msg}");
        }
    }

    #[test]
    fn many_nul_or_control_bytes_are_refused() {
        let nul: Vec<u8> = (0..200u8).map(|i| if i % 3 == 0 { 0 } else { b'a' + i % 26 }).collect();
        assert!(refused(&nul).contains("NUL"));
        let control: Vec<u8> = (0..200u8).map(|i| if i % 4 == 0 { 0x02 } else { b'a' + i % 26 }).collect();
        assert!(refused(&control).contains("control"));
    }

    #[test]
    fn stray_nul_bytes_are_dropped_from_text() {
        let mut bytes = b"A perfectly ordinary sentence about the summit in Jakarta.".to_vec();
        bytes.insert(10, 0);
        let d = decode_bytes(&bytes).unwrap();
        assert_eq!(d.text, "A perfectly ordinary sentence about the summit in Jakarta.");
    }

    #[test]
    fn odd_inputs_never_panic() {
        for bytes in [&b"\xFF"[..], b"\xFE", b"\xFF\xFE\x00", b"\x00\x00\xFE\xFF\x00", b"\xC3", b"\x00", b"PK"] {
            let _ = decode_bytes(bytes);
        }
    }
}
