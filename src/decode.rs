//! Bytes to text: byte-order marks, UTF-8, UTF-16, legacy single-byte encodings.
//! (Stub: filled in by the repair work.)

use crate::error::CoreError;

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decode `bytes`, guessing the encoding; refuse binary data.
pub fn decode_bytes(bytes: &[u8]) -> Result<Decoded, CoreError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded { text: s.to_string(), encoding: "utf-8" }),
        Err(_) => Err(CoreError::Input("input is not valid UTF-8".into())),
    }
}
