//! Prints what the feed-rs crate reads from each feed file named on the
//! command line, for `tests/readers/reader_matrix.py`: one JSON object per
//! line, `{"file", "error", "link", "items"}`.
//!
//! ```sh
//! cargo run --example feedrs-dump -- FILE...
//! ```

use serde_json::{Value, json};
use std::fs;

fn main() {
    for path in std::env::args().skip(1) {
        let line = match fs::read(&path) {
            Err(error) => json!({ "file": path, "error": error.to_string(), "items": [] }),
            Ok(bytes) => match feed_rs::parser::parse(&bytes[..]) {
                Err(error) => json!({ "file": path, "error": error.to_string(), "items": [] }),
                Ok(feed) => json!({
                    "file": path,
                    "link": feed.links.iter().find(|l| l.rel.as_deref() != Some("self")).map(|l| l.href.clone()),
                    "items": feed.entries.iter().map(entry).collect::<Vec<Value>>(),
                }),
            },
        };
        println!("{line}");
    }
}

fn entry(entry: &feed_rs::model::Entry) -> Value {
    // RSS enclosures arrive as media content; Atom's rel="enclosure" links
    // and JSON Feed's attachments as links with a media type.
    let media = entry
        .media
        .iter()
        .flat_map(|m| &m.content)
        .filter(|c| {
            c.content_type
                .as_ref()
                .is_some_and(|t| !t.to_string().starts_with("image/"))
        })
        .filter_map(|c| {
            Some(json!({
                "url": c.url.as_ref()?.as_str(),
                "length": c.size.map(|s| s.to_string()).unwrap_or_default(),
                "type": c.content_type.as_ref().map(|t| t.to_string()).unwrap_or_default(),
            }))
        });
    let links = entry
        .links
        .iter()
        .filter(|l| {
            l.rel.as_deref() == Some("enclosure")
                || (l.rel.is_none() && l.media_type.as_deref().is_some_and(|t| t != "text/html"))
        })
        .map(|l| {
            json!({
                "url": l.href,
                "length": l.length.map(|s| s.to_string()).unwrap_or_default(),
                "type": l.media_type.clone().unwrap_or_default(),
            })
        });
    let enclosures: Vec<Value> = media.chain(links).collect();
    let image = entry
        .media
        .iter()
        .flat_map(|m| &m.content)
        .find(|c| {
            c.content_type
                .as_ref()
                .is_none_or(|t| t.to_string().starts_with("image/"))
        })
        .and_then(|c| c.url.as_ref().map(|u| u.to_string()));
    json!({
        "id": entry.id,
        "title": entry.title.as_ref().map(|t| t.content.clone()),
        "link": entry.links.iter().find(|l| {
            l.rel.as_deref().is_none_or(|r| r == "alternate")
                && l.media_type.as_deref().is_none_or(|t| t == "text/html")
        }).map(|l| l.href.clone()),
        "published": entry.published.map(|d| d.timestamp()),
        "updated": entry.updated.map(|d| d.timestamp()),
        "authors": entry.authors.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
        "enclosures": enclosures,
        "image": image,
        "content": entry.content.as_ref().and_then(|c| c.body.clone()).unwrap_or_default(),
        "summary": entry.summary.as_ref().map(|s| s.content.clone()).unwrap_or_default(),
    })
}
