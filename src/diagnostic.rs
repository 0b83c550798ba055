//! Problems found in the input, and how they are shown.
//!
//! Every stage reports what is wrong with the input as a [`Diagnostic`] and
//! keeps going, so that one run lists every problem at once (a CI job that
//! fails three times for three typos wastes three runs). Diagnostics print in
//! the GNU style, `path:line:column: error: message`, which editors and CI
//! annotations know how to jump to.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be published as it is; nothing is written.
    Error,
    /// Publishing goes on, but the user should look.
    Warning,
}

/// One problem, with where it is and, when cheap, how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in, as the user would type it.
    pub path: PathBuf,
    /// 1-based line in that file, when the problem has one.
    pub line: Option<u32>,
    /// 1-based column (in characters) on that line, when known.
    pub column: Option<u32>,
    /// What is wrong: lowercase, no trailing period, bad values in backticks.
    pub message: String,
    /// How to fix it, when that is cheap to say.
    pub help: Option<String>,
    /// The stable name of the rule that found it, for `byline check`
    /// (`InvalidRFC2822Date`, in the W3C validator's style).
    pub rule: Option<&'static str>,
}

impl Diagnostic {
    /// An error in `path` with no position.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            rule: None,
        }
    }

    /// A warning in `path` with no position.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// The same problem, placed on a line (and column, when given).
    pub fn at(mut self, line: usize, column: Option<usize>) -> Diagnostic {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.line = Some(narrow(line));
        self.column = column.map(narrow);
        self
    }

    /// The same problem, placed at a position in `text`, the whole file.
    pub fn at_offset(self, text: &str, offset: usize) -> Diagnostic {
        let (line, column) = line_column(text, offset);
        self.at(line, Some(column))
    }

    /// The same problem, named after the rule that found it.
    pub fn rule(mut self, rule: &'static str) -> Diagnostic {
        self.rule = Some(rule);
        self
    }

    /// The same problem, with a hint on how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Returns true if and only if this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The key diagnostics are listed by: path, then line, then column.
    fn sort_key(&self) -> (&Path, u32, u32, Severity) {
        (
            &self.path,
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.severity,
        )
    }
}

/// Sorts diagnostics by path, line and column, so that output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.rule {
            Some(rule) => write!(f, ": {severity}[{rule}]: {}", self.message)?,
            None => write!(f, ": {severity}: {}", self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Diagnostics as a JSON array, for machines: one object per diagnostic
/// with `path`, `line` (or null), `severity`, `rule` (or null) and `message`.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    fn string(text: &str, out: &mut String) {
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    let mut out = String::from("[");
    for (i, d) in diagnostics.iter().enumerate() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        out.push_str("\"path\": ");
        string(&d.path.to_string_lossy(), &mut out);
        out.push_str(", \"line\": ");
        out.push_str(&d.line.map_or("null".to_owned(), |l| l.to_string()));
        out.push_str(", \"severity\": ");
        string(if d.is_error() { "error" } else { "warning" }, &mut out);
        out.push_str(", \"rule\": ");
        match d.rule {
            Some(rule) => string(rule, &mut out),
            None => out.push_str("null"),
        }
        out.push_str(", \"message\": ");
        string(&d.message, &mut out);
        out.push('}');
    }
    out.push_str(if diagnostics.is_empty() {
        "]\n"
    } else {
        "\n]\n"
    });
    out
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
///
/// An offset past the end, or inside a character, is clamped to a valid one.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The candidate closest to `word` by edit distance, if any is close enough
/// to be a plausible typo (`daet` → `date`).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = word.chars().count().div_ceil(3);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Optimal string alignment distance: Levenshtein plus adjacent swaps, so
/// that the common typo `daet` is one edit from `date`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// Turns a TOML error into a diagnostic placed in the whole file.
///
/// `text` is the TOML that was parsed and `line_offset` the number of lines
/// of the file before it (front matter starts after its `+++` line), so
/// that positions are the file's own. serde's "unknown field" messages get
/// a did-you-mean hint.
pub fn from_toml(
    path: &Path,
    text: &str,
    line_offset: usize,
    error: &toml::de::Error,
) -> Diagnostic {
    let message = error.message().trim_end_matches('\n').trim_end_matches('.');
    let mut diagnostic = Diagnostic::error(path, message.to_owned());
    if let Some(span) = error.span() {
        let (line, column) = line_column(text, span.start);
        diagnostic = diagnostic.at(line + line_offset, Some(column));
    }
    if let Some(help) = unknown_field_hint(message) {
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" message, a hint
/// naming the closest expected field.
pub(crate) fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates = expected.split('`').skip(1).step_by(2);
    did_you_mean(field, candidates).map(|best| format!("did you mean `{best}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_gnu_style() {
        let d = Diagnostic::error("articles/a.md", "unknown field `autor`")
            .at(4, Some(1))
            .with_help("did you mean `authors`?");
        assert_eq!(
            d.to_string(),
            "articles/a.md:4:1: error: unknown field `autor`\n  help: did you mean `authors`?"
        );
        assert_eq!(
            Diagnostic::warning("a.txt", "x").to_string(),
            "a.txt: warning: x"
        );
    }

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\n“é”x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 4));
        assert_eq!(line_column(text, 4), (2, 1), "inside a character");
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let keys = ["title", "date", "updated", "authors"];
        assert_eq!(did_you_mean("daet", keys), Some("date"));
        assert_eq!(did_you_mean("tilte", keys), Some("title"));
        assert_eq!(did_you_mean("autor", keys), Some("authors"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn unknown_field_message_gets_a_hint() {
        let message = "unknown field `daet`, expected one of `title`, `date`";
        assert_eq!(
            unknown_field_hint(message).as_deref(),
            Some("did you mean `date`?")
        );
        assert_eq!(unknown_field_hint("invalid type: string"), None);
    }
}
