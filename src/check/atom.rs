//! The rules for Atom 1.0 (RFC 4287).

use super::xml::{ATOM, Checker, elements, has, is_full_url, once, text};
use crate::attribution::is_email;
use crate::rule::Rule;
use roxmltree::Node;
use std::collections::HashSet;

const FEED: &[&str] = &[
    "author",
    "category",
    "contributor",
    "generator",
    "icon",
    "id",
    "link",
    "logo",
    "rights",
    "subtitle",
    "title",
    "updated",
    "entry",
];
const ENTRY: &[&str] = &[
    "author",
    "category",
    "content",
    "contributor",
    "id",
    "link",
    "published",
    "rights",
    "source",
    "summary",
    "title",
    "updated",
];
/// Elements that may appear once in a feed or entry.
const ONCE: &[&str] = &[
    "generator",
    "icon",
    "id",
    "logo",
    "rights",
    "subtitle",
    "title",
    "updated",
    "content",
    "published",
    "source",
    "summary",
];

pub(super) fn check<'input>(c: &mut Checker<'_, 'input>, feed: Node<'_, 'input>) {
    required(c, feed, &["id", "title", "updated"]);
    once(c, feed, Some(ATOM), ONCE);
    let feed_has_author = has(feed, Some(ATOM), "author");
    let mut ids = HashSet::new();
    let mut updated = HashSet::new();
    let mut has_self = false;
    for child in elements(feed) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(ATOM), "entry") => entry(c, child, feed_has_author, &mut ids, &mut updated),
            (Some(ATOM), "link") => {
                has_self |= child.attribute("rel") == Some("self");
                link(c, child);
            }
            (Some(ATOM), name) if FEED.contains(&name) => common(c, child),
            _ => undefined(c, child, "feed"),
        }
    }
    if !has_self {
        c.report(
            feed,
            Rule::MissingSelf,
            "`feed` has no `link rel=\"self\"` giving the feed's own URL",
        );
    }
}

fn entry<'input>(
    c: &mut Checker<'_, 'input>,
    entry: Node<'_, 'input>,
    feed_has_author: bool,
    ids: &mut HashSet<String>,
    updated: &mut HashSet<String>,
) {
    required(c, entry, &["id", "title", "updated"]);
    once(c, entry, Some(ATOM), ONCE);
    if !feed_has_author && !has(entry, Some(ATOM), "author") && !has(entry, Some(ATOM), "source") {
        c.report(
            entry,
            Rule::MissingElement,
            "`entry` has no `author`, and neither has the feed",
        );
    }
    for child in elements(entry) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(ATOM), "id") => {
                common(c, child);
                if !ids.insert(text(child).trim().to_owned()) {
                    c.report(
                        child,
                        Rule::DuplicateEntries,
                        format!("the id `{}` is used by another entry", text(child).trim()),
                    );
                }
            }
            (Some(ATOM), "updated") => {
                common(c, child);
                if !updated.insert(text(child).trim().to_owned()) {
                    c.report(
                        child,
                        Rule::DuplicateUpdated,
                        format!("another entry was also updated at {}", text(child).trim()),
                    );
                }
            }
            (Some(ATOM), "link") => link(c, child),
            (Some(ATOM), name) if ENTRY.contains(&name) => common(c, child),
            (Some(super::media::MEDIA), _) => super::media::media_rss(c, child),
            _ => undefined(c, child, "entry"),
        }
    }
}

/// Checks the elements feeds and entries share.
fn common<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    match node.tag_name().name() {
        "id" => {
            let id = text(node);
            if !is_full_url(&id) {
                c.report(
                    node,
                    Rule::InvalidFullLink,
                    format!("the id `{}` is not an absolute URI", id.trim()),
                );
            }
        }
        "updated" | "published" => {
            c.rfc3339(node);
        }
        "author" | "contributor" => person(c, node),
        "title" | "subtitle" | "rights" | "summary" | "content" => text_construct(c, node),
        "icon" | "logo" => c.full_link(node, &text(node)),
        _ => {}
    }
}

/// A text construct: plain text, escaped HTML, or XHTML.
fn text_construct<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let name = node.tag_name().name();
    match node.attribute("type").unwrap_or("text") {
        "html" => c.html(node, &text(node)),
        "text" => {
            if name == "title" && text(node).trim().is_empty() {
                c.report(node, Rule::NotBlank, "`title` is empty");
            }
            c.plain_text(node, Rule::ContainsUndeclaredHTML);
        }
        _ => {}
    }
}

fn person<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if !has(node, Some(ATOM), "name") {
        c.report(
            node,
            Rule::MissingElement,
            format!("`{}` has no `name`", node.tag_name().name()),
        );
    }
    for child in elements(node) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(ATOM), "uri") => c.full_link(child, &text(child)),
            (Some(ATOM), "email") => {
                let email = text(child);
                let email = email.trim();
                if !is_email(email) {
                    c.report(
                        child,
                        Rule::InvalidContact,
                        format!("`{email}` is not an email address"),
                    );
                }
            }
            (Some(ATOM), "name") => {}
            _ => undefined(c, child, node.tag_name().name()),
        }
    }
}

fn link<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    match node.attribute("href") {
        Some(href) if is_full_url(href) => {}
        Some(href) => c.report(
            node,
            Rule::ContainsRelRef,
            format!("the link `{href}` is relative, and readers ignore xml:base"),
        ),
        None => c.report(node, Rule::MissingHref, "`link` has no `href`"),
    }
}

/// Elements in the Atom namespace that Atom does not define, and elements
/// in no namespace at all, are undefined; other namespaces are extensions.
fn undefined<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, parent: &str) {
    match node.tag_name().namespace() {
        Some(ATOM) | None => c.report(
            node,
            Rule::UndefinedElement,
            format!("`{parent}` cannot hold `{}`", node.tag_name().name()),
        ),
        Some(_) => {}
    }
}

fn required<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, names: &[&str]) {
    for name in names {
        if !has(node, Some(ATOM), name) {
            c.report(
                node,
                Rule::MissingElement,
                format!("`{}` has no `{name}`", node.tag_name().name()),
            );
        }
    }
}
