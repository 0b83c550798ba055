//! The OPML 2.0 list of every feed a build writes (`[build] opml`), for a
//! subscriber to import and follow every section at once.
//!
//! One `outline` per feed file, in the order the feeds are published
//! (config order, per-value feeds in slug order) and each feed's files in
//! format order: RSS, Atom, JSON Feed. HTML pages are not feeds, and RFC
//! 5005 archive pages are not subscribed to (their subscription document
//! is), so neither is listed. Every outline is `type="rss"`, OPML 2.0's
//! type for a subscription whatever the feed's format, with the `text` and
//! `title` readers show, `xmlUrl`, `htmlUrl` and the feed's `language`
//! when it states one. The head's
//! `dateModified` is the site's newest article's date, never the clock.

use crate::config::Site;
use crate::feed::{Feed, History};
use crate::format::Format;
use crate::html::escape_attribute;
use chrono::{DateTime, FixedOffset};

/// The OPML file listing every feed file of `feeds`.
pub(crate) fn render<E>(
    site: &Site,
    feeds: &[Feed<'_, E>],
    updated: Option<DateTime<FixedOffset>>,
) -> Vec<u8> {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>",
    );
    crate::html::escape_text(&format!("{}: every feed", site.title), &mut out);
    out.push_str("</title>\n");
    if let Some(updated) = updated {
        out.push_str("    <dateModified>");
        out.push_str(&updated.to_rfc2822());
        out.push_str("</dateModified>\n");
    }
    out.push_str("  </head>\n  <body>\n");
    let mut any = false;
    for feed in feeds.iter().filter(|f| f.history != History::Archive) {
        for output in feed.outputs.iter().filter(|o| o.format.is_feed()) {
            any = true;
            let text = format!("{} ({})", feed.title, output.format.name());
            out.push_str("    <outline type=\"rss\"");
            if output.format == Format::Rss {
                out.push_str(" version=\"RSS2\"");
            }
            attribute(&mut out, "text", &text);
            attribute(&mut out, "title", &text);
            attribute(&mut out, "xmlUrl", &output.url);
            attribute(&mut out, "htmlUrl", feed.alternate());
            if let Some(language) = &feed.language {
                attribute(&mut out, "language", language);
            }
            out.push_str("/>\n");
        }
    }
    if !any {
        // OPML's body holds at least one outline; a config always has a
        // feed file, so this is only for safety.
        out.push_str("    <outline text=\"No feeds\"/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out.into_bytes()
}

fn attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_attribute(value, out);
    out.push('"');
}
