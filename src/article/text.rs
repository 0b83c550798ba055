//! The plain-text article shape, as wire copy arrives.
//!
//! ```text
//! Headline on the first line
//!
//! First paragraph.
//!
//! More paragraphs, separated by blank lines.
//!
//! (Adapted from a report by Reuters)
//! ```
//!
//! The first non-blank line is the headline (unless front matter gives a
//! title), the blocks after it are paragraphs, and a last block that reads
//! as a credit line becomes attribution instead of body text.

use crate::attribution::{self, CreditLine};

/// A run of non-blank lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block<'a> {
    /// The lines, without the blank lines around them.
    pub text: &'a str,
    /// Byte offset of the block in the text it was cut from.
    pub offset: usize,
}

/// Cuts text into blocks separated by blank (or white-space-only) lines.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                blocks.push(Block {
                    text: &text[s..end],
                    offset: s,
                });
            }
        } else {
            if start.is_none() {
                start = Some(offset);
            }
            end = offset + line.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        blocks.push(Block {
            text: &text[s..end],
            offset: s,
        });
    }
    blocks
}

/// A plain-text body, cut into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextBody<'a> {
    /// The headline, when the body carries it.
    pub headline: Option<&'a str>,
    /// The paragraphs, in order; lines inside one keep their line breaks.
    pub paragraphs: Vec<&'a str>,
    /// The closing credit line, when there is one.
    pub credit: Option<CreditLine>,
}

/// Cuts a plain-text body into headline, paragraphs and credit line.
///
/// With `has_title` the front matter gives the headline and every block is a
/// paragraph. Without it, the first line is the headline; if its block has
/// more lines, they start the first paragraph.
pub fn parse(body: &str, has_title: bool) -> TextBody<'_> {
    let mut paragraphs: Vec<&str> = blocks(body).into_iter().map(|b| b.text).collect();
    let mut headline = None;
    if !has_title && !paragraphs.is_empty() {
        let first = paragraphs.remove(0);
        let (line, rest) = first.split_once('\n').unwrap_or((first, ""));
        headline = Some(line.trim());
        if !rest.trim().is_empty() {
            paragraphs.insert(0, rest.trim());
        }
    }
    let credit = last_credit(&paragraphs);
    if credit.is_some() {
        paragraphs.pop();
    }
    TextBody {
        headline,
        paragraphs,
        credit,
    }
}

/// The credit line that closes a list of blocks, if the last one is one.
///
/// A body that is nothing but a credit line keeps it as text: an article
/// needs a body more than it needs a parsed credit.
pub fn last_credit(paragraphs: &[&str]) -> Option<CreditLine> {
    match paragraphs {
        [.., before, last] if !before.is_empty() => attribution::parse_credit_line(last),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::Relation;

    const WIRE: &str = "Crowds cheer as the flag leaves Paris\n\n\
        The Olympic flag changed hands on Sunday night.\n\n\
        Los Angeles now has four years to prepare.\n\n\
        (Adapted from a report by Reuters)";

    #[test]
    fn wire_copy_has_headline_paragraphs_and_credit() {
        let body = parse(WIRE, false);
        assert_eq!(body.headline, Some("Crowds cheer as the flag leaves Paris"));
        assert_eq!(
            body.paragraphs,
            [
                "The Olympic flag changed hands on Sunday night.",
                "Los Angeles now has four years to prepare."
            ]
        );
        let credit = body.credit.unwrap();
        assert_eq!(credit.text, "Adapted from a report by Reuters");
        assert_eq!(credit.source.unwrap().relation, Relation::AdaptedFrom);
    }

    #[test]
    fn blank_lines_may_hold_spaces_and_crlf_is_fine() {
        let body = parse("Title\r\n  \r\nOne\r\nstill one\r\n\t\r\nTwo", false);
        assert_eq!(body.headline, Some("Title"));
        assert_eq!(body.paragraphs, ["One\r\nstill one", "Two"]);
    }

    #[test]
    fn headline_block_with_more_lines_starts_the_body() {
        let body = parse("Title\nfirst words\n\nmore", false);
        assert_eq!(body.headline, Some("Title"));
        assert_eq!(body.paragraphs, ["first words", "more"]);
    }

    #[test]
    fn front_matter_title_makes_every_block_a_paragraph() {
        let body = parse("One\n\nTwo\n", true);
        assert_eq!(body.headline, None);
        assert_eq!(body.paragraphs, ["One", "Two"]);
    }

    #[test]
    fn a_lone_credit_line_stays_body_text() {
        let body = parse("Title\n\n(Adapted from a report by Reuters)", false);
        assert_eq!(body.paragraphs, ["(Adapted from a report by Reuters)"]);
        assert_eq!(body.credit, None);
    }

    #[test]
    fn block_offsets_point_into_the_text() {
        let text = "\n\nA\nB\n\n\nC";
        let blocks = blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(&text[blocks[1].offset..], "C");
        assert_eq!(blocks[0].text, "A\nB");
    }
}
