//! The data files' one format: tab-separated rows, `#` comment lines and blank lines skipped, fields trimmed.

/// The rows of a TSV data file, each split into its trimmed fields.
pub fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').map(str::trim).collect())
}
