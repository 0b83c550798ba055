//! Rendering a feed into the bytes of one file format.
//!
//! Each [`Format`] is a pure function of a self-contained [`Feed`] (its
//! entries carry their rendered HTML) and the [`Output`] being written: no
//! I/O, no clock, no config look-ups. The same feed always renders to the
//! same bytes.
//!
//! [`render_all`] first makes each feed's entries into items, once for all
//! of the feed's files: an `item::Item` is the format-neutral view of an
//! entry, and `Item::of` is the one place where what an item says is
//! decided (its id, link, dates, effective authors, source, rights and
//! license where they differ from the site's, summary and credit line).
//! The renderers (`rss`, `atom`, `json`, `html`) only spell items and the
//! feed in their syntax; a change to what items say (a correction's date,
//! a note beside the credit line) belongs in the item view, not in them.
//!
//! Attribution maps onto each format as follows (checked against the W3C
//! Feed Validation Service):
//!
//! | what            | RSS 2.0                                         | Atom 1.0                        |
//! |-----------------|-------------------------------------------------|---------------------------------|
//! | authors         | `dc:creator` per author (never `<author>`)      | `<author>` in every entry       |
//! | contributors    | `dc:contributor`                                | `<contributor>`                 |
//! | original source | `dc:source`, or `<source>` when its feed is known; `atom:link rel="via"` | `dc:source`; `link rel="via"` |
//! | rights          | channel `<copyright>`, item `dc:rights`         | `<rights>`                      |
//! | license         | `creativeCommons:license`                       | `link rel="license"` (RFC 4946) |
//!
//! Item-level rights and license appear only where they differ from the
//! site's, which the channel or feed already states. Every format also
//! carries the credit line inside the HTML content, where readers show it.

mod atom;
mod html;
mod item;
mod json;
mod media;
mod names;
mod rss;

use crate::feed::Feed;
use crate::format::{Format, Output};
use crate::output::File;
use item::Item;
use rayon::prelude::*;

/// Renders one file of a feed, given the feed's entries as items.
fn render(feed: &Feed<'_>, items: &[Item<'_>], output: &Output) -> Vec<u8> {
    match output.format {
        Format::Rss => rss::render(feed, items, output),
        Format::Atom => atom::render(feed, items, output),
        Format::Json => json::render(feed, items, output),
        Format::Html => html::render(feed, items, output),
    }
}

/// What a file is, for `check`: a feed file with its format (and, for an
/// HTML page, the feed files it links), or a media file published as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A file rendered from a feed.
    Feed {
        /// The file's format.
        format: Format,
        /// For an HTML page, every file of its feed; empty for the others.
        feed: Vec<Output>,
    },
    /// A local media file, copied.
    Media,
    /// The OPML list of every feed.
    Opml,
}

/// Renders every file of every feed, in parallel, in a stable order, each
/// with its kind. Each feed's items are made once, for all its files.
pub(crate) fn render_all(feeds: &[Feed<'_>]) -> Vec<(Kind, File)> {
    let items: Vec<Vec<Item<'_>>> = feeds.par_iter().map(item::items).collect();
    let jobs: Vec<(&Feed<'_>, &[Item<'_>], &Output)> = feeds
        .iter()
        .zip(&items)
        .flat_map(|(feed, items)| {
            feed.outputs
                .iter()
                .map(move |output| (feed, items.as_slice(), output))
        })
        .collect();
    jobs.into_par_iter()
        .map(|(feed, items, output)| {
            let file = File {
                path: output.path.clone(),
                bytes: render(feed, items, output),
            };
            let kind = Kind::Feed {
                format: output.format,
                feed: match output.format {
                    Format::Html => feed.outputs.clone(),
                    _ => Vec::new(),
                },
            };
            (kind, file)
        })
        .collect()
}
