//! Text repair: mojibake, invisible and control characters, styled letters.
//! (Stub: filled in by the repair work.)

use std::collections::BTreeMap;

/// What the repair stage changed: a count per kind of change.
pub type Repairs = BTreeMap<String, u64>;

/// Repair `text`, returning the fixed text and what was changed.
pub fn fix_text(text: &str) -> (String, Repairs) {
    (text.to_string(), Repairs::new())
}
