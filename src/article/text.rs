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
//! title, or the body is nothing but a credit line), the blocks after it are paragraphs, and a last block that reads
//! as a credit line becomes attribution instead of body text.

use crate::attribution::{self, CreditLine};

/// A run of non-blank lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Block<'a> {
    /// The lines, without the blank lines around them.
    pub(crate) text: &'a str,
    /// Byte offset of the block in the text it was cut from.
    pub(crate) offset: usize,
}

/// Cuts text into blocks separated by blank (or white-space-only) lines.
pub(crate) fn blocks(text: &str) -> Vec<Block<'_>> {
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

/// The last block of `text`, found from the end without cutting the rest.
pub(crate) fn last_block(text: &str) -> Option<Block<'_>> {
    let body = text.trim_end();
    if body.is_empty() {
        return None;
    }
    // Line by line from the end, each line end found with `memrchr`'s
    // vector instructions (`rsplit` goes a word at a time).
    let mut block_start = body.len();
    let mut line_end = body.len();
    loop {
        let line_start = memchr::memrchr(b'\n', &body.as_bytes()[..line_end]).map_or(0, |n| n + 1);
        if body[line_start..line_end].trim().is_empty() {
            break;
        }
        block_start = line_start;
        if line_start == 0 {
            break;
        }
        line_end = line_start - 1;
    }
    let start = block_start + (body[block_start..].len() - body[block_start..].trim_start().len());
    Some(Block {
        text: &body[start..],
        offset: start,
    })
}

/// A plain-text body, cut into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TextBody<'a> {
    /// The headline, when the body carries it.
    pub(crate) headline: Option<&'a str>,
    /// The text between the headline and the credit line; its blocks are
    /// the paragraphs (see [`blocks`]).
    pub(crate) text: &'a str,
    /// The closing credit line, when there is one.
    pub(crate) credit: Option<CreditLine>,
}

/// Cuts a plain-text body into headline, paragraphs and credit line.
///
/// With `has_title` the front matter gives the headline and every block is a
/// paragraph. Without it, the first non-blank line is the headline; if its
/// block has more lines, they start the first paragraph. Nothing is
/// allocated: the paragraphs are split only when the body is rendered.
pub(crate) fn parse(body: &str, has_title: bool) -> TextBody<'_> {
    let mut text = body;
    let mut headline = None;
    if !has_title {
        let start = body.len() - body.trim_start().len();
        let rest = &body[start..];
        let line = rest.split('\n').next().unwrap_or("");
        // A body that is only a credit line has no headline: a file
        // holding "(Adapted from a report by Reuters)" has no title, rather
        // than the credit as its headline. A headline that
        // merely reads like one ("Source: …") over a story stays.
        let only_a_credit =
            rest[line.len()..].trim().is_empty() && attribution::parse_credit_line(line).is_some();
        if !line.trim().is_empty() && !only_a_credit {
            headline = Some(line.trim());
            text = &rest[line.len()..];
        }
    }
    let (text, credit) = split_credit(text);
    TextBody {
        headline,
        text,
        credit,
    }
}

/// Splits off a closing credit line: the text before it, and the credit.
///
/// A body that is nothing but a credit line keeps it as text: an article
/// needs a body more than it needs a parsed credit.
pub(crate) fn split_credit(text: &str) -> (&str, Option<CreditLine>) {
    let Some(last) = last_block(text) else {
        return (text, None);
    };
    let before = &text[..last.offset];
    if before.trim().is_empty() {
        return (text, None);
    }
    match attribution::parse_credit_line(last.text) {
        Some(credit) => (before, Some(credit)),
        None => (text, None),
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

    fn paragraphs<'a>(body: &TextBody<'a>) -> Vec<&'a str> {
        blocks(body.text).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn wire_copy_has_headline_paragraphs_and_credit() {
        let body = parse(WIRE, false);
        assert_eq!(body.headline, Some("Crowds cheer as the flag leaves Paris"));
        assert_eq!(
            paragraphs(&body),
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
        assert_eq!(paragraphs(&body), ["One\r\nstill one", "Two"]);
    }

    #[test]
    fn headline_block_with_more_lines_starts_the_body() {
        let body = parse("Title\nfirst words\n\nmore", false);
        assert_eq!(body.headline, Some("Title"));
        assert_eq!(paragraphs(&body), ["first words", "more"]);
    }

    #[test]
    fn front_matter_title_makes_every_block_a_paragraph() {
        let body = parse("One\n\nTwo\n", true);
        assert_eq!(body.headline, None);
        assert_eq!(paragraphs(&body), ["One", "Two"]);
    }

    #[test]
    fn a_lone_credit_line_stays_body_text() {
        let body = parse("Title\n\n(Adapted from a report by Reuters)", false);
        assert_eq!(paragraphs(&body), ["(Adapted from a report by Reuters)"]);
        assert_eq!(body.credit, None);
    }

    #[test]
    fn a_lone_credit_line_is_no_headline() {
        let body = parse("(Adapted from a report by Reuters)\n", false);
        assert_eq!(body.headline, None);
        let body = parse("\n(Reuters)\n\n", false);
        assert_eq!(body.headline, None);
        let body = parse("(He laughed.)\n", false);
        assert_eq!(body.headline, Some("(He laughed.)"));
        let body = parse("Source: the budget leak\n\nText", false);
        assert_eq!(body.headline, Some("Source: the budget leak"));
    }

    #[test]
    fn last_block_is_found_from_the_end() {
        let text = "A\n\n  B\nC  \n\n\n";
        let last = last_block(text).unwrap();
        assert_eq!(last.text, "B\nC");
        assert_eq!(&text[last.offset..last.offset + 1], "B");
        assert_eq!(last_block("only").unwrap().text, "only");
        assert_eq!(last_block(" \n\t\n"), None);
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
