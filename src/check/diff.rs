//! What changed between two versions of a feed file, item by item: for
//! `byline check` to say why a file on disk is out of date.

use crate::format::Format;
use roxmltree::{Document, Node};
use serde_json::Value;
use std::collections::HashMap;

/// One item of a feed, as far as a change goes: its id, its title, and a
/// fingerprint of everything it says.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Item {
    id: String,
    title: String,
    fingerprint: u64,
}

/// How two versions of a feed differ.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Items in the new version only: (id, title).
    pub(crate) added: Vec<(String, String)>,
    /// Items in the old version only.
    pub(crate) removed: Vec<(String, String)>,
    /// Items in both whose content differs.
    pub(crate) changed: Vec<(String, String)>,
}

impl Changes {
    /// A count of each kind, as "2 items added, 1 changed"; `None` when no
    /// item differs (only the feed's own elements do).
    pub(crate) fn summary(&self) -> Option<String> {
        let counts: Vec<(usize, &str)> = [
            (self.added.len(), "added"),
            (self.removed.len(), "removed"),
            (self.changed.len(), "changed"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .collect();
        let ((first, what), rest) = counts.split_first()?;
        let mut summary = format!(
            "{first} {} {what}",
            if *first == 1 { "item" } else { "items" }
        );
        for (n, what) in rest {
            summary.push_str(&format!(", {n} {what}"));
        }
        Some(summary)
    }

    /// Each item that differs, as `added: id (“title”)`, at most `limit`.
    pub(crate) fn details(&self, limit: usize) -> String {
        let all: Vec<String> = [
            ("added", &self.added),
            ("removed", &self.removed),
            ("changed", &self.changed),
        ]
        .into_iter()
        .flat_map(|(what, items)| {
            items
                .iter()
                .map(move |(id, title)| format!("{what} {id} (“{title}”)"))
        })
        .collect();
        let mut shown = all[..all.len().min(limit)].join("; ");
        if all.len() > limit {
            shown.push_str(&format!("; and {} more", all.len() - limit));
        }
        shown
    }
}

/// The items that differ between `old` and `new`, both in `format`;
/// `None` when either cannot be read as that format.
pub(crate) fn changes(format: Format, old: &[u8], new: &[u8]) -> Option<Changes> {
    let old = items(format, std::str::from_utf8(old).ok()?)?;
    let new = items(format, std::str::from_utf8(new).ok()?)?;
    let before: HashMap<&str, &Item> = old.iter().map(|item| (item.id.as_str(), item)).collect();
    let after: HashMap<&str, &Item> = new.iter().map(|item| (item.id.as_str(), item)).collect();
    let pair = |item: &Item| (item.id.clone(), item.title.clone());
    Some(Changes {
        added: new
            .iter()
            .filter(|item| !before.contains_key(item.id.as_str()))
            .map(pair)
            .collect(),
        removed: old
            .iter()
            .filter(|item| !after.contains_key(item.id.as_str()))
            .map(pair)
            .collect(),
        changed: new
            .iter()
            .filter(|item| {
                before
                    .get(item.id.as_str())
                    .is_some_and(|old| old.fingerprint != item.fingerprint)
            })
            .map(pair)
            .collect(),
    })
}

fn items(format: Format, text: &str) -> Option<Vec<Item>> {
    match format {
        Format::Rss | Format::Atom => xml_items(text),
        Format::Json => json_items(text),
        Format::Html => None,
    }
}

fn xml_items(text: &str) -> Option<Vec<Item>> {
    let doc = Document::parse(text).ok()?;
    let child_text = |node: Node<'_, '_>, name: &str| {
        node.children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    Some(
        doc.descendants()
            .filter(|n| matches!(n.tag_name().name(), "item" | "entry"))
            .map(|node| {
                let id = match node.tag_name().name() {
                    "item" => child_text(node, "guid"),
                    _ => child_text(node, "id"),
                };
                Item {
                    id,
                    title: child_text(node, "title"),
                    fingerprint: crate::hash::fnv1a(text[node.range()].as_bytes()),
                }
            })
            .collect(),
    )
}

fn json_items(text: &str) -> Option<Vec<Item>> {
    let feed: Value = serde_json::from_str(text).ok()?;
    Some(
        feed.get("items")?
            .as_array()?
            .iter()
            .map(|item| Item {
                id: item["id"].as_str().unwrap_or("").to_owned(),
                title: item["title"].as_str().unwrap_or("").to_owned(),
                fingerprint: crate::hash::fnv1a(item.to_string().as_bytes()),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rss(items: &[(&str, &str, &str)]) -> String {
        let items: String = items
            .iter()
            .map(|(id, title, body)| {
                format!("<item><guid>{id}</guid><title>{title}</title><description>{body}</description></item>")
            })
            .collect();
        format!("<rss><channel><title>T</title>{items}</channel></rss>")
    }

    #[test]
    fn added_removed_and_changed_items_by_id() {
        let old = rss(&[("a", "A", "1"), ("b", "B", "1"), ("c", "C", "1")]);
        let new = rss(&[("d", "D", "1"), ("a", "A", "2"), ("b", "B", "1")]);
        let changes = changes(Format::Rss, old.as_bytes(), new.as_bytes()).unwrap();
        assert_eq!(changes.added, [("d".to_owned(), "D".to_owned())]);
        assert_eq!(changes.removed, [("c".to_owned(), "C".to_owned())]);
        assert_eq!(changes.changed, [("a".to_owned(), "A".to_owned())]);
        assert_eq!(
            changes.summary().as_deref(),
            Some("1 item added, 1 removed, 1 changed")
        );
        assert_eq!(
            changes.details(2),
            "added d (“D”); removed c (“C”); and 1 more"
        );
        let same = changes_of_equal(&old);
        assert_eq!(same.summary(), None);
    }

    fn changes_of_equal(feed: &str) -> Changes {
        changes(Format::Rss, feed.as_bytes(), feed.as_bytes()).unwrap()
    }
}
