//! The rules for Atom 1.0 (RFC 4287).

use super::atom_parts as parts;
use super::xml::{ATOM, Checker, elements, has, is_address, is_full_url, once, text};
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
    // The feed's metadata comes before its entries: what it lacks is known,
    // and reported, where the first entry starts (or where it closes).
    let first_entry = elements(feed).find(|n| n.has_tag_name((ATOM, "entry")));
    for name in ["id", "title", "updated"] {
        if !has(feed, Some(ATOM), name) {
            let message = format!("`feed` has no `{name}`");
            match first_entry {
                Some(entry) => c.report_at(entry.range().start, Rule::MissingElement, message),
                None => c.report(feed, Rule::MissingElement, message),
            }
        }
    }
    once(c, feed, Some(ATOM), ONCE);
    parts::duplicate_alternates(c, feed);
    parts::languages(c, feed);
    let self_url = elements(feed)
        .find(|n| n.has_tag_name((ATOM, "link")) && n.attribute("rel") == Some("self"))
        .and_then(|n| n.attribute("href"));
    parts::complete_feed(c, feed, self_url);
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

/// An Atom entry document (RFC 4287 section 4.1.2, as AtomPub serves
/// them): one entry, judged as an entry of a feed without an author.
pub(super) fn check_entry<'input>(c: &mut Checker<'_, 'input>, root: Node<'_, 'input>) {
    parts::languages(c, root);
    entry(c, root, false, &mut HashSet::new(), &mut HashSet::new());
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
    once(
        c,
        entry,
        Some(super::media::MEDIA),
        super::media::ONCE_IN_CONTENT,
    );
    parts::duplicate_alternates(c, entry);
    let content = elements(entry).find(|n| n.has_tag_name((ATOM, "content")));
    let alternate = elements(entry).any(|n| {
        n.has_tag_name((ATOM, "link")) && n.attribute("rel").unwrap_or("alternate") == "alternate"
    });
    if content.is_none() && !alternate {
        c.report(
            entry,
            Rule::MissingContentOrAlternate,
            "`entry` lacks both `content` and a `link rel=\"alternate\"`",
        );
    }
    if content.is_some_and(parts::needs_summary) && !has(entry, Some(ATOM), "summary") {
        c.report(
            entry,
            Rule::MissingSummary,
            "`entry`'s `content` is not text here (it has `src`, or is binary), so it needs a `summary`",
        );
    }
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
    if matches!(
        node.tag_name().name(),
        "id" | "updated" | "published" | "icon" | "logo"
    ) {
        parts::whitespace(c, node);
    }
    match node.tag_name().name() {
        "id" => {
            let _ = parts::id_scheme(c, node);
            let id = text(node);
            if !c.uri_chars(node, id.trim()) && !is_full_url(&id) {
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
        "source" => source(c, node),
        "title" | "subtitle" | "rights" | "summary" if parts::text_construct(c, node) => {
            text_construct(c, node);
        }
        "content" if parts::content(c, node) => text_construct(c, node),
        "category" => parts::category(c, node),
        "generator" => {
            for child in elements(node) {
                undefined(c, child, "generator");
            }
        }
        "icon" | "logo" => relative_allowed(c, node, &text(node)),
        _ => {}
    }
}

/// A text construct: plain text, escaped HTML, or XHTML.
fn text_construct<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let name = node.tag_name().name();
    // Every text construct, and content without `src` (issue 26).
    if text(node).trim().is_empty()
        && node.attribute("src").is_none()
        && !node.children().any(|n| n.is_element())
    {
        c.report(node, Rule::NotBlank, format!("`{name}` is empty"));
    }
    match node.attribute("type").unwrap_or("text") {
        "html" => c.html(node, &text(node)),
        "text" => {
            c.plain_text(node, Rule::ContainsUndeclaredHTML);
        }
        _ => {}
    }
}

/// An entry's `source`: the feed it came from, whose metadata elements
/// may each appear once, and which holds no entry.
fn source<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    once(c, node, Some(ATOM), ONCE);
    parts::duplicate_alternates(c, node);
    for child in elements(node) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(ATOM), "entry") => undefined(c, child, "source"),
            (Some(ATOM), "link") => link(c, child),
            (Some(ATOM), name) if FEED.contains(&name) => common(c, child),
            _ => undefined(c, child, "source"),
        }
    }
}

fn person<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    once(c, node, Some(ATOM), &["name", "uri", "email"]);
    if !has(node, Some(ATOM), "name") {
        c.report(
            node,
            Rule::MissingElement,
            format!("`{}` has no `name`", node.tag_name().name()),
        );
    }
    for child in elements(node) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(ATOM), "uri") => {
                parts::whitespace(c, child);
                relative_allowed(c, child, &text(child));
            }
            (Some(ATOM), "email") => {
                let email = text(child);
                let email = email.trim();
                if !is_address(email) {
                    c.report(
                        child,
                        Rule::InvalidAddrSpec,
                        format!("`{email}` is not an email address"),
                    );
                }
            }
            (Some(ATOM), "name") => {
                if let Some(address) = parts::bracketed_address(&text(child)) {
                    c.report(
                        child,
                        Rule::ContainsEmail,
                        format!(
                            "`name` holds the address `{address}`: give it in `email`, or leave it out"
                        ),
                    );
                }
            }
            _ => undefined(c, child, node.tag_name().name()),
        }
    }
}

/// An IRI reference Atom allows to be relative (`icon`, `logo`, `uri`):
/// it resolves against `xml:base` or the document, as the W3C judges it,
/// but readers rarely resolve it (`ContainsRelRef`).
fn relative_allowed<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, value: &str) {
    if is_full_url(value) {
        return;
    }
    if url::Url::parse("http://example.invalid/")
        .and_then(|base| base.join(value.trim()))
        .is_ok()
    {
        c.report(
            node,
            Rule::ContainsRelRef,
            format!(
                "`{}` is relative, and readers may not resolve it",
                value.trim()
            ),
        );
    } else {
        c.full_link(node, value);
    }
}

fn link<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    parts::link_attributes(c, node);
    parts::link_relation(c, node);
    if let Some(href) = node.attribute("href") {
        parts::same_document(c, node, href);
    }
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
        Some(ATOM) => c.report(
            node,
            Rule::UndefinedElement,
            format!("`{parent}` cannot hold `{}`", node.tag_name().name()),
        ),
        None => c.report(
            node,
            Rule::UndeterminableVocabulary,
            format!(
                "`{}` has no namespace, so no reader can tell what it means",
                node.tag_name().name()
            ),
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
