//! Rendering a feed into the bytes of one file format.
//!
//! The set of formats is closed, so it is an enum and each format is a pure
//! function of a [`Feed`] and the rendered [`Bodies`]: no I/O, no clock, no
//! config look-ups. The same feed always renders to the same bytes.
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
mod rss;

use crate::feed::{Bodies, Feed, Output};
use rayon::prelude::*;

/// The feed formats byline writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// RSS 2.0.
    Rss,
    /// Atom 1.0 (RFC 4287).
    Atom,
}

impl Format {
    /// Every format, in the order files are listed.
    pub const ALL: [Format; 2] = [Format::Rss, Format::Atom];

    /// Renders a feed in this format.
    pub fn render(self, feed: &Feed<'_>, bodies: &Bodies) -> Vec<u8> {
        match self {
            Format::Rss => rss::render(feed, bodies),
            Format::Atom => atom::render(feed, bodies),
        }
    }

    /// Where this format of the feed goes, if the feed has it.
    pub fn output<'f>(self, feed: &'f Feed<'_>) -> Option<&'f Output> {
        match self {
            Format::Rss => feed.rss.as_ref(),
            Format::Atom => feed.atom.as_ref(),
        }
    }
}

/// A rendered file, not yet written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Path relative to the output folder.
    pub path: String,
    /// The complete file.
    pub bytes: Vec<u8>,
}

/// Renders every format of every feed, in parallel, in a stable order.
pub fn render_all(feeds: &[Feed<'_>], bodies: &Bodies) -> Vec<File> {
    let jobs: Vec<(&Feed<'_>, Format, &Output)> = feeds
        .iter()
        .flat_map(|feed| {
            Format::ALL
                .into_iter()
                .filter_map(move |format| Some((feed, format, format.output(feed)?)))
        })
        .collect();
    jobs.into_par_iter()
        .map(|(feed, format, output)| File {
            path: output.path.clone(),
            bytes: format.render(feed, bodies),
        })
        .collect()
}

/// The generator's name and version, as both formats state it.
const GENERATOR: &str = "byline";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Creative Commons RSS module's namespace, for `creativeCommons:license`.
const CREATIVE_COMMONS_NS: &str = "http://backend.userland.com/creativeCommonsRssModule";
