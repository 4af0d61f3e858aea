//! The one error type of the core; the bindings map it to the `AccordError` tree in one place.

use std::fmt;

/// Everything the core can refuse, each naming what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoreError {
    /// The input was not usable text (binary data, an undecodable encoding, a size over the limit).
    Input(String),
    /// A file or directory could not be read.
    Io { path: String, message: String },
    /// A structured file (JSON, JSON Lines) was malformed.
    Format { path: String, message: String },
    /// An option had a value outside its domain.
    Option(String),
    /// A bug: an internal step failed. Reported, never a panic.
    Internal(String),
}

impl CoreError {
    /// The short kind name used in per-item error records.
    pub fn kind(&self) -> &'static str {
        match self {
            CoreError::Input(_) => "input",
            CoreError::Io { .. } => "io",
            CoreError::Format { .. } => "format",
            CoreError::Option(_) => "option",
            CoreError::Internal(_) => "internal",
        }
    }
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CoreError::Input(m) | CoreError::Option(m) | CoreError::Internal(m) => f.write_str(m),
            CoreError::Io { path, message } => write!(f, "{path}: {message}"),
            CoreError::Format { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for CoreError {}
