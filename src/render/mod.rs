//! Rendering a feed into the bytes of one file format.
//!
//! Each [`Format`] is a pure function of a self-contained [`Feed`] (its
//! entries carry their rendered HTML) and the [`Output`] being written: no
//! I/O, no clock, no config look-ups. The same feed always renders to the
//! same bytes.
//!
//! Attribution maps onto each format as follows (checked against the W3C
//! Feed Validation Service):
//!
//! | what            | RSS 2.0                                         | Atom 1.0                        |
//! |-----------------|-------------------------------------------------|---------------------------------|
//! | author          | `<author>email (Name)</author>` for one author with an email, else `dc:creator` | `<author>` in every entry |
//! | contributors    | `dc:contributor`                                | `<contributor>`                 |
//! | original source | `dc:source`, or `<source>` when its feed is known; `atom:link rel="via"` | `link rel="via"` |
//! | rights          | channel `<copyright>`, item `dc:rights`         | `<rights>`                      |
//! | license         | `creativeCommons:license`                       | `link rel="license"` (RFC 4946) |
//!
//! Item-level rights and license appear only where they differ from the
//! site's, which the channel or feed already states. Every format also
//! carries the credit line inside the HTML content, where readers show it.

mod atom;
mod html;
mod json;
mod media;
mod names;
mod rss;
mod terms;

use crate::feed::Feed;
use crate::format::{Format, Output};
use crate::output::File;
use rayon::prelude::*;

/// Renders one file of a feed.
pub(crate) fn render(feed: &Feed<'_>, output: &Output) -> Vec<u8> {
    match output.format {
        Format::Rss => rss::render(feed, output),
        Format::Atom => atom::render(feed, output),
        Format::Json => json::render(feed, output),
        Format::Html => html::render(feed, output),
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
/// with its kind.
pub(crate) fn render_all(feeds: &[Feed<'_>]) -> Vec<(Kind, File)> {
    let jobs: Vec<(&Feed<'_>, &Output)> = feeds
        .iter()
        .flat_map(|feed| feed.outputs.iter().map(move |output| (feed, output)))
        .collect();
    jobs.into_par_iter()
        .map(|(feed, output)| {
            let file = File {
                path: output.path.clone(),
                bytes: render(feed, output),
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
