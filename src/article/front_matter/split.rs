//! Splitting a file into its front-matter block and its body.

use super::Syntax;

/// A file split into its front matter and its body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The front matter, if the file has one.
    pub(crate) front_matter: Option<Block<'a>>,
    /// Everything after the front matter (or the whole file).
    pub(crate) body: &'a str,
    /// How many lines of the file come before `body`.
    pub(crate) body_line: usize,
}

/// A front-matter block, without its delimiter lines.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Block<'a> {
    /// What it is written in.
    pub(crate) syntax: Syntax,
    /// Its text.
    pub(crate) text: &'a str,
    /// The byte offset of `text` in the file.
    pub(crate) offset: usize,
}

/// Why a file's front matter cannot be split off.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The opening `+++` or `---` has no closing one.
    Unclosed(Syntax),
}

/// Splits off front matter that starts on the file's first line that is
/// not blank: Hugo's reader skips white space before the block, and many
/// posts written for it open with an empty line.
///
/// The delimiters are lines that hold `+++` (TOML) or `---` (YAML) and
/// nothing else but trailing white space.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let blank = text.len() - text.trim_start().len();
    // Only whole blank lines are skipped: back to the last line end.
    let skipped = text[..blank].rfind('\n').map_or(0, |n| n + 1);
    if skipped > 0 {
        let split = split_at_start(&text[skipped..])?;
        if let Some(mut block) = split.front_matter {
            block.offset += skipped;
            let lines = text[..skipped].bytes().filter(|&b| b == b'\n').count();
            return Ok(Split {
                front_matter: Some(block),
                body: split.body,
                body_line: split.body_line + lines,
            });
        }
    }
    split_at_start(text)
}

/// Splits off front matter that starts on the first line of `text`.
fn split_at_start(text: &str) -> Result<Split<'_>, SplitError> {
    let first_line = text.split('\n').next().unwrap_or("");
    let syntax = match first_line.trim_end() {
        "+++" => Syntax::Toml,
        "---" => Syntax::Yaml,
        _ => {
            return Ok(Split {
                front_matter: None,
                body: text,
                body_line: 0,
            });
        }
    };
    let delimiter = syntax.delimiter();
    let start = (first_line.len() + 1).min(text.len());
    // Candidates for the closing line: every delimiter that starts a line.
    // Lines start right at the start or after a line end, which
    // `memchr_iter` finds with vector instructions, where `match_indices`
    // went a word at a time.
    let starts = std::iter::once(start)
        .chain(memchr::memchr_iter(b'\n', &text.as_bytes()[start..]).map(|n| start + n + 1))
        .filter(|&at| text[at..].starts_with(delimiter));
    for at in starts {
        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        if text[at + 3..line_end].trim_end().is_empty() {
            let front = &text[start..at];
            return Ok(Split {
                front_matter: Some(Block {
                    syntax,
                    text: front,
                    offset: start,
                }),
                body: &text[(line_end + 1).min(text.len())..],
                // `memchr`'s count goes 32 bytes at a time; a filtered
                // count of bytes went 4.
                body_line: 2 + memchr::memchr_iter(b'\n', front.as_bytes()).count(),
            });
        }
    }
    Err(SplitError::Unclosed(syntax))
}
