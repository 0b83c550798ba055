//! The size budget of a feed file (`FeedTooLarge`): feed readers fetch the
//! whole file on every poll, and past some size they stop, most of them
//! without a word to the publisher.
//!
//! Over 1 MiB, Feedly has stopped crawling feeds (matrix.org's full-content
//! Atom feed); over 5 MiB, CommaFeed refuses the file; over 15 MiB,
//! Miniflux does. `build` names the cheapest fix in the site's own config;
//! `check FILE` only knows the file.

use crate::config::ContentMode;
use crate::diagnostic::Diagnostic;
use crate::feed::{Feed, History};
use crate::rule::Rule;
use std::path::Path;

/// What the fix of a feed file's size depends on.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shape {
    /// How many items the file carries.
    pub(crate) items: usize,
    /// Whether it is an archive page, a subscription document, ….
    pub(crate) history: History,
    /// Whole articles or summaries.
    pub(crate) content: ContentMode,
    /// The config line of its `[[feeds]]` table (0 for none).
    pub(crate) line: usize,
}

impl Shape {
    /// The shape of `feed`'s files.
    pub(crate) fn of<E>(feed: &Feed<'_, E>) -> Shape {
        Shape {
            items: feed.entries.len(),
            history: feed.history,
            content: feed.content,
            line: feed.line,
        }
    }
}

/// The size past which a feed file gets a warning.
pub(crate) const BUDGET: usize = 1024 * 1024;

/// A size past which more readers refuse the file, and what they do.
const LIMITS: [(usize, &str); 3] = [
    (
        15 * 1024 * 1024,
        "Miniflux refuses feeds over 15 MiB, CommaFeed over 5 MiB, and Feedly has stopped crawling feeds far smaller",
    ),
    (
        5 * 1024 * 1024,
        "CommaFeed refuses feeds over 5 MiB, Miniflux does over 15 MiB, and Feedly has stopped crawling feeds this large",
    ),
    (
        BUDGET,
        "Feedly has stopped crawling feeds this large, CommaFeed refuses them over 5 MiB and Miniflux over 15 MiB, and every reader fetches all of it on each poll",
    ),
];

/// What readers do with a file of `size` bytes, if it is over the budget.
fn verdict(size: usize) -> Option<&'static str> {
    LIMITS
        .iter()
        .find(|(limit, _)| size > *limit)
        .map(|(_, verdict)| *verdict)
}

/// `size` bytes in MiB, one decimal, rounded up so that 1 MiB and a byte
/// never reads "1.0 MiB".
fn mib(size: usize) -> String {
    let tenths = (size as u128 * 10).div_ceil(1024 * 1024);
    format!("{}.{} MiB", tenths / 10, tenths % 10)
}

/// The finding of `check FILE` for a feed file of `size` bytes at `path`.
pub(crate) fn check_file(path: &Path, size: usize) -> Option<Diagnostic> {
    let verdict = verdict(size)?;
    Some(
        Diagnostic::finding(
            path,
            Rule::FeedTooLarge,
            format!("the feed is {}: {verdict}", mib(size)),
        )
        .with_help(
            "carry fewer items or summaries only; keep older items in RFC 5005 archive pages \
             (byline: `limit`, `content = \"summary\"`, `archive = true` in its `[[feeds]]`)",
        ),
    )
}

/// The warning of `build` for the file `name` of `feed`, `size` bytes,
/// with the cheapest fix in the site's config: fewer items (the number
/// that fits, at this file's size per item), or summaries.
pub(crate) fn build_file(
    config: &Path,
    feed: Shape,
    name: &str,
    size: usize,
) -> Option<Diagnostic> {
    let verdict = verdict(size)?;
    let items = feed.items;
    // The items that fit in nine tenths of the budget, as this file's
    // items weigh on average: the rest is room for the feed's own
    // elements and for items heavier than the average.
    let fit = (items as u128 * BUDGET as u128 * 9 / 10 / size as u128) as usize;
    let mut fixes = Vec::new();
    if fit >= 1 && fit < items {
        fixes.push(match feed.history {
            History::Archive => {
                format!("`archive_page = {fit}` keeps each archive page under 1 MiB")
            }
            History::Subscription => format!("`limit = {fit}` keeps it under 1 MiB"),
            History::Plain | History::Complete => format!(
                "`limit = {fit}` keeps it under 1 MiB, with `archive = true` to keep the older items in archive pages"
            ),
        });
    }
    if feed.content == ContentMode::Full {
        fixes
            .push("`content = \"summary\"` carries summaries instead of whole articles".to_owned());
    }
    let help = if fixes.is_empty() {
        "its items are large even as summaries: shorten the articles' `summary`, or split the feed by `tags` or `sections`".to_owned()
    } else if feed.line > 0 {
        // The warning is at the table's line: an archive page's name is
        // not one the config spells.
        format!("in this `[[feeds]]`: {}", fixes.join("; or "))
    } else {
        format!(
            "in the `[[feeds]]` that writes `{name}`: {}",
            fixes.join("; or ")
        )
    };
    let warning = Diagnostic::warning(
        config,
        format!("the feed `{name}` is {}: {verdict}", mib(size)),
    );
    let warning = match feed.line {
        0 => warning,
        line => warning.at(line, None),
    };
    Some(warning.rule(Rule::FeedTooLarge).with_help(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_round_up_and_stronger_words_come_with_size() {
        assert_eq!(mib(BUDGET + 1), "1.1 MiB");
        assert_eq!(mib(5 * BUDGET), "5.0 MiB");
        assert!(
            verdict(BUDGET).is_none(),
            "1 MiB itself is within the budget"
        );
        assert!(verdict(BUDGET + 1).unwrap().starts_with("Feedly"));
        assert!(verdict(5 * BUDGET + 1).unwrap().starts_with("CommaFeed"));
        assert!(verdict(15 * BUDGET + 1).unwrap().starts_with("Miniflux"));
    }
}
