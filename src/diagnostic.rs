//! Problems found in the input, and how they are shown.
//!
//! Every stage reports what is wrong with the input as a [`Diagnostic`] and
//! keeps going, so that one run lists every problem at once (a CI job that
//! fails three times for three typos wastes three runs). Diagnostics print in
//! the GNU style, `path:line:column: error: message`, which editors and CI
//! annotations know how to jump to.

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::rule::{Rule, Severity};

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
    pub rule: Option<Rule>,
}

/// The kind of a diagnostic: its severity and its message with every
/// value in backticks and every number written `N`, so that "unknown field
/// `tittle`" in 749 files is one kind, and "is 1.8 MiB" reads "is N.N MiB".
fn kind(diagnostic: &Diagnostic) -> (Severity, String) {
    let mut kind = String::with_capacity(diagnostic.message.len());
    let mut quoted = false;
    let mut in_number = false;
    for c in diagnostic.message.chars() {
        let digit = c.is_ascii_digit();
        if c == '`' {
            quoted = !quoted;
            if quoted {
                kind.push_str("`…`");
            }
        } else if !quoted && digit && !in_number {
            kind.push('N');
        } else if !quoted && !digit {
            kind.push(c);
        }
        in_number = digit;
    }
    (diagnostic.severity, kind)
}

/// The lines to print for `diagnostics`, readable in a large migration:
/// the first `shown` of each kind (the message with its values in
/// backticks and its numbers taken out) as they are, in their
/// order, then one line per kind with more, counting the rest. Errors are
/// always printed in full: each one must be fixed.
pub fn grouped(diagnostics: &[Diagnostic], shown: usize) -> Vec<String> {
    let mut seen: Vec<((Severity, String), usize, Vec<&Path>)> = Vec::new();
    let mut lines = Vec::new();
    for diagnostic in diagnostics {
        if diagnostic.is_error() {
            lines.push(diagnostic.to_string());
            continue;
        }
        let kind = kind(diagnostic);
        let at = match seen.iter().position(|(k, _, _)| *k == kind) {
            Some(at) => at,
            None => {
                seen.push((kind, 0, Vec::new()));
                seen.len() - 1
            }
        };
        let entry = &mut seen[at];
        entry.1 += 1;
        if entry.1 <= shown {
            lines.push(diagnostic.to_string());
        } else if entry.2.last() != Some(&diagnostic.path.as_path()) {
            entry.2.push(&diagnostic.path);
        }
    }
    for ((_, kind), count, files) in seen.into_iter().filter(|(_, n, _)| *n > shown) {
        let more = count - shown;
        lines.push(format!(
            "warning: {more} more like \"{}\" in {} more file{} (build --verbose prints them all)",
            kind.trim(),
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ));
    }
    lines
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

    /// A finding of `rule` in `path`, with the rule's own severity: how a
    /// rule's finding is made (`check` makes all of its findings so).
    pub fn finding(path: impl Into<PathBuf>, rule: Rule, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: rule.severity(),
            ..Diagnostic::error(path, message)
        }
        .rule(rule)
    }

    /// The same problem, named after the rule that found it; its severity
    /// stays the one byline chose for it where the finding is made outside
    /// `check` (a stale file is an error, an empty feed a warning). For a
    /// rule's own finding, use [`Diagnostic::finding`].
    pub fn rule(mut self, rule: Rule) -> Diagnostic {
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
        let severity = self.severity.word();
        // The rules that only say where a problem is (the config, an
        // article, the build) add nothing to the path in words; JSON and
        // GitHub output carry them.
        match self.rule.filter(|rule| !rule.is_where()) {
            Some(rule) => write!(f, ": {severity}[{}]: {}", rule.name(), self.message)?,
            None => write!(f, ": {severity}: {}", self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Why a build or a check published nothing.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the articles, found by loading and selecting them,
    /// before anything is rendered; all of them, sorted (exit code 1).
    Input(Vec<Diagnostic>),
    /// A problem with the config, the folders or the disk (exit code 2).
    Setup(Vec<Diagnostic>),
}

impl Failure {
    /// Every problem, sorted.
    pub fn problems(&self) -> &[Diagnostic] {
        let (Failure::Input(problems) | Failure::Setup(problems)) = self;
        problems
    }
}

/// One problem a line, as `byline` prints them.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems().iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

/// Diagnostics as a JSON array, for machines: one object per line, each
/// with `path`, `line`, `column`, `severity`, `rule`, `message` and `help`
/// (null when unknown).
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    #[derive(serde::Serialize)]
    struct Json<'a> {
        path: std::borrow::Cow<'a, str>,
        line: Option<u32>,
        column: Option<u32>,
        severity: &'static str,
        rule: Option<&'static str>,
        message: &'a str,
        help: Option<&'a str>,
    }
    let lines: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let json = Json {
                path: d.path.to_string_lossy(),
                line: d.line,
                column: d.column,
                severity: d.severity.word(),
                rule: d.rule.map(Rule::name),
                message: &d.message,
                help: d.help.as_deref(),
            };
            format!("  {}", serde_json::to_string(&json).unwrap_or_default())
        })
        .collect();
    if lines.is_empty() {
        "[]\n".to_owned()
    } else {
        format!("[\n{}\n]\n", lines.join(",\n"))
    }
}

/// Diagnostics as GitHub Actions workflow commands, one a line:
/// `::error file=…,line=…,col=…,title=Rule::message`, so that each appears
/// as an annotation on the pull request's line. The help follows the
/// message on a line of its own.
pub fn to_github(diagnostics: &[Diagnostic]) -> String {
    // The runner's escaping: `%`, CR and LF everywhere, and `:` and `,` in
    // the properties too.
    fn data(text: &str) -> String {
        text.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(text: &str) -> String {
        data(text).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = vec![format!("file={}", property(&d.path.to_string_lossy()))];
        if let Some(line) = d.line {
            properties.push(format!("line={line}"));
        }
        if let Some(column) = d.column {
            properties.push(format!("col={column}"));
        }
        let title = d.rule.map_or("byline", Rule::name);
        properties.push(format!("title={}", property(title)));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            data(&message)
        ));
    }
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
/// to be a plausible typo (`daet` → `date`). The distance is optimal string
/// alignment: Levenshtein plus adjacent swaps, so `daet` is one edit away.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = word.chars().count().div_ceil(3);
    candidates
        .into_iter()
        .map(|candidate| (strsim::osa_distance(word, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
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
    fn a_kind_of_warning_reads_with_its_numbers_written_n() {
        let warning = |size: &str| {
            Diagnostic::warning(
                "feeds.toml",
                format!("the feed `a.xml` is {size} MiB: over 5 MiB"),
            )
        };
        let lines = grouped(&[warning("1.8"), warning("12.25"), warning("3.0")], 1);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(
            lines[1],
            "warning: 2 more like \"the feed `…` is N.N MiB: over N MiB\" in 1 more file (build --verbose prints them all)"
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
