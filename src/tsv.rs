//! The data files' one format: tab-separated rows, `#` comment lines and blank lines skipped, fields trimmed.

/// The lines of `data`, as `str::lines` gives them (split after each `\n`, a `\r` before it dropped), found with
/// the `memchr` crate's vectorised search: start-up reads some 400,000 lines of data files, which the standard
/// library's line searcher walked a word at a time.
pub fn lines(data: &str) -> impl Iterator<Item = &str> {
    let mut rest = data;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        Some(match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                let line = &rest[..i];
                rest = &rest[i + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        })
    })
}

/// The entries of a word list (one per line): its lines trimmed, blank lines and `#` comment lines skipped.
pub fn entries(data: &str) -> impl Iterator<Item = &str> {
    lines(data).map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The number of line breaks in `data`: enough room, reserved once, for a table with an entry per line.
pub fn line_count(data: &str) -> usize {
    memchr::memchr_iter(b'\n', data.as_bytes()).count()
}

/// Whether a line holds nothing but white space (`line.trim().is_empty()`), answered from its first byte for
/// nearly every line.
pub fn is_blank(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => line.trim().is_empty(),
    }
}

/// The rows of a TSV data file, each split into its trimmed fields.
pub fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    lines(data).filter(|line| !is_blank(line) && !line.starts_with('#')).map(|line| {
        // One pass over the bytes for the whole row (see `fields`).
        let mut out = Vec::with_capacity(8);
        let mut start = 0;
        for (i, &b) in line.as_bytes().iter().enumerate() {
            if b == b'\t' {
                out.push(trim(&line[start..i]));
                start = i + 1;
            }
        }
        out.push(trim(&line[start..]));
        out
    })
}

/// The tab-separated fields of a line (`line.split('\t')`), found in one pass over its bytes: the data files have
/// tens of thousands of rows of short fields, which a searcher for the next tab (one call per field) spends more
/// on than on the bytes.
pub fn fields(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.bytes().position(|b| b == b'\t') {
            Some(i) => {
                rest = Some(&s[i + 1..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

/// `str::trim`, with fields that start and end with a visible ASCII character (nearly all) passed through.
pub fn trim(field: &str) -> &str {
    match (field.as_bytes().first(), field.as_bytes().last()) {
        (Some(&a), Some(&z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => field,
        _ => field.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fields are split at tabs and trimmed of white space, Unicode's included, as `str::split` and `str::trim`.
    #[test]
    fn rows_split_and_trim_as_the_plain_methods() {
        let data = "# comment\nJakarta\tcity\t\tID\n\n  \t\nBali \t \u{a0}island\u{a0}\t\u{2003}\n\
                    S\u{e3}o Paulo\tcity\t\u{e9}\nx\n\t\n";
        let plain: Vec<Vec<&str>> = data
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .map(|line| line.split('\t').map(str::trim).collect())
            .collect();
        assert_eq!(rows(data).collect::<Vec<_>>(), plain);
        for line in data.lines() {
            assert_eq!(fields(line).collect::<Vec<_>>(), line.split('\t').collect::<Vec<_>>());
        }
        assert_eq!(plain[1], ["Bali", "island", ""]);
    }

    /// A word list's entries are its lines trimmed, without blank and comment lines (an indented `#` line too:
    /// lines are trimmed first).
    #[test]
    fn entries_skip_blank_and_comment_lines() {
        let list = "# header\n Jakarta \n\n\t\r\nMr.\r\n#x\n  # indented comment\n";
        assert_eq!(entries(list).collect::<Vec<_>>(), ["Jakarta", "Mr."]);
    }

    /// Lines and blank lines are those of `str::lines` and `str::trim`, whatever the line endings.
    #[test]
    fn lines_and_blanks_are_those_of_the_plain_methods() {
        for data in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\n",
            "a\r",
            "\r\n\r\n",
            "a\n\nb\r\nc\rd\n",
            "x\r\r\ny",
            " \t\n\u{a0}\n#c\n",
            "\u{2003}\r\nJakarta \n",
        ] {
            assert_eq!(lines(data).collect::<Vec<_>>(), data.lines().collect::<Vec<_>>(), "{data:?}");
            for line in data.lines() {
                assert_eq!(is_blank(line), line.trim().is_empty(), "{line:?}");
            }
        }
    }
}
