//! The rules for RSS 2.0 (and the extensions byline knows in it).

use super::media::{self, ITUNES, MEDIA};
use super::xml::{ATOM, Checker, elements, has, once, text};
use crate::attribution::is_email;
use crate::rule::Rule;
use roxmltree::Node;
use std::collections::HashSet;

const DC: &str = "http://purl.org/dc/elements/1.1/";
const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const CREATIVE_COMMONS: &str = "http://backend.userland.com/creativeCommonsRssModule";
const SYNDICATION: &str = "http://purl.org/rss/1.0/modules/syndication/";

/// Elements of namespaces byline knows; any other element in them is undefined.
const KNOWN: &[(&str, &[&str])] = &[
    (
        DC,
        &[
            "title",
            "creator",
            "subject",
            "description",
            "publisher",
            "contributor",
            "date",
            "type",
            "format",
            "identifier",
            "source",
            "language",
            "relation",
            "coverage",
            "rights",
        ],
    ),
    (CONTENT, &["encoded"]),
    (
        ITUNES,
        &[
            "author",
            "block",
            "category",
            "duration",
            "email",
            "episode",
            "episodeType",
            "explicit",
            "image",
            "keywords",
            "name",
            "new-feed-url",
            "owner",
            "pubDate",
            "season",
            "subtitle",
            "summary",
            "title",
            "type",
        ],
    ),
    (CREATIVE_COMMONS, &["license"]),
    (
        SYNDICATION,
        &["updatePeriod", "updateFrequency", "updateBase"],
    ),
    (
        ATOM,
        &[
            "link",
            "id",
            "title",
            "updated",
            "published",
            "author",
            "contributor",
            "name",
            "email",
            "uri",
            "category",
            "content",
            "summary",
            "rights",
            "source",
            "generator",
            "icon",
            "logo",
            "subtitle",
        ],
    ),
];

const CHANNEL: &[&str] = &[
    "title",
    "link",
    "description",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "pubDate",
    "lastBuildDate",
    "category",
    "generator",
    "docs",
    "cloud",
    "ttl",
    "image",
    "rating",
    "textInput",
    "skipHours",
    "skipDays",
    "item",
];
const ITEM: &[&str] = &[
    "title",
    "link",
    "description",
    "author",
    "category",
    "comments",
    "enclosure",
    "guid",
    "pubDate",
    "source",
];
/// Elements that may appear once in their parent.
const ONCE: &[&str] = &[
    "title",
    "link",
    "description",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "pubDate",
    "lastBuildDate",
    "generator",
    "docs",
    "cloud",
    "ttl",
    "image",
    "rating",
    "textInput",
    "skipHours",
    "skipDays",
    "author",
    "comments",
    "guid",
    "source",
];

pub(super) fn check<'input>(c: &mut Checker<'_, 'input>, rss: Node<'_, 'input>) {
    if rss.attribute("version") != Some("2.0") {
        let version = rss.attribute("version").unwrap_or("without a version");
        c.report(
            rss,
            Rule::UnknownFormat,
            format!("byline checks RSS 2.0; this is RSS {version}"),
        );
    }
    let channels: Vec<_> = elements(rss)
        .filter(|n| n.tag_name().name() == "channel" && n.tag_name().namespace().is_none())
        .collect();
    match channels.as_slice() {
        [] => c.report(rss, Rule::MissingElement, "`rss` has no `channel`"),
        [channel, rest @ ..] => {
            for extra in rest {
                c.report(
                    *extra,
                    Rule::DuplicateElement,
                    "`rss` has more than one `channel`",
                );
            }
            self::channel(c, *channel);
        }
    }
    for child in elements(rss)
        .filter(|n| n.tag_name().name() != "channel" || n.tag_name().namespace().is_some())
    {
        extension_or_undefined(c, child, "rss");
    }
}

fn channel<'input>(c: &mut Checker<'_, 'input>, channel: Node<'_, 'input>) {
    for (name, rule) in [
        ("title", Rule::MissingTitle),
        ("link", Rule::MissingLink),
        ("description", Rule::MissingDescription),
    ] {
        if !has(channel, None, name) {
            c.report(channel, rule, format!("`channel` has no `{name}`"));
        }
    }
    once(c, channel, None, ONCE);
    // A feed that uses any of Apple's elements is a podcast, held to them.
    let podcast = channel
        .descendants()
        .any(|n| n.is_element() && n.tag_name().namespace() == Some(ITUNES));
    if podcast {
        media::itunes_channel(c, channel);
    }
    let mut guids: HashSet<String> = HashSet::new();
    let mut has_self = false;
    for child in elements(channel) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (None, "title") => title(c, child),
            (None, "link") => c.full_link(child, &text(child)),
            (None, "pubDate" | "lastBuildDate") => {
                c.rfc822(child);
            }
            (None, "managingEditor" | "webMaster") => contact(c, child),
            (None, "item") => item(c, child, &mut guids, podcast),
            (None, name) if CHANNEL.contains(&name) => {}
            // Checked above, with what Apple requires of the channel.
            (Some(ITUNES), name) if known(ITUNES, name) => {}
            (Some(MEDIA), _) => media::media_rss(c, child),
            (Some(ATOM), "link") => {
                has_self |= child.attribute("rel") == Some("self");
                atom_link(c, child);
            }
            _ => extension_or_undefined(c, child, "channel"),
        }
    }
    if !has_self {
        c.report(
            channel,
            Rule::MissingAtomSelfLink,
            "`channel` has no `atom:link rel=\"self\"` giving the feed's own URL",
        );
    }
}

fn item<'input>(
    c: &mut Checker<'_, 'input>,
    item: Node<'_, 'input>,
    guids: &mut HashSet<String>,
    podcast: bool,
) {
    if !has(item, None, "title") && !has(item, None, "description") {
        c.report(
            item,
            Rule::ItemMustContainTitleOrDescription,
            "`item` has neither `title` nor `description`",
        );
    }
    once(c, item, None, ONCE);
    let names: Vec<(Option<&str>, &str)> = elements(item)
        .map(|n| (n.tag_name().namespace(), n.tag_name().name()))
        .collect();
    for (core, (namespace, name)) in [
        ("guid", (ATOM, "id")),
        ("pubDate", (ATOM, "published")),
        ("pubDate", (DC, "date")),
        ("author", (DC, "creator")),
        ("category", (DC, "subject")),
        ("source", (DC, "source")),
    ] {
        if names.contains(&(None, core)) && names.contains(&(Some(namespace), name)) {
            c.report(
                item,
                Rule::DuplicateItemSemantics,
                format!("`item` has both `{core}` and `{name}` from {namespace}; keep one"),
            );
        }
    }
    // RSS allows one enclosure; readers take the first, and the W3C
    // validator warns about the others.
    for extra in elements(item)
        .filter(|n| n.tag_name().namespace().is_none() && n.tag_name().name() == "enclosure")
        .skip(1)
    {
        c.report(
            extra,
            Rule::DuplicateEnclosure,
            "`item` has more than one `enclosure`; most readers use only the first",
        );
    }
    for child in elements(item) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (None, "title") => title(c, child),
            (None, "link" | "comments") => c.full_link(child, &text(child)),
            (None, "description") => c.html(child, &text(child)),
            (None, "author") => contact(c, child),
            (None, "pubDate") => {
                c.rfc822(child);
            }
            (None, "guid") => guid(c, child, guids),
            (None, "enclosure") => media::enclosure(c, child, podcast),
            (None, "source") => {
                if let Some(url) = child.attribute("url") {
                    c.full_link(child, url);
                }
            }
            (Some(ITUNES), name) if known(ITUNES, name) => media::itunes(c, child),
            (Some(MEDIA), _) => media::media_rss(c, child),
            (None, name) if ITEM.contains(&name) => {}
            (Some(CONTENT), "encoded") => c.html(child, &text(child)),
            (Some(ATOM), "link") => atom_link(c, child),
            _ => extension_or_undefined(c, child, "item"),
        }
    }
}

fn title<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if text(node).trim().is_empty() {
        c.report(node, Rule::NotBlank, "`title` is empty");
    }
    c.plain_text(node, Rule::ContainsHTML);
}

fn guid<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, guids: &mut HashSet<String>) {
    let value = text(node).trim().to_owned();
    let permalink = match node.attribute("isPermaLink") {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            c.report(
                node,
                Rule::InvalidBooleanAttribute,
                format!("`isPermaLink` is `{other}`, not `true` or `false`"),
            );
            false
        }
    };
    let is_http = url::Url::parse(&value)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
    if permalink && !is_http {
        c.report(node, Rule::InvalidPermalink, format!("the guid `{value}` is a permalink (the default), but not an http(s) URL: add `isPermaLink=\"false\"`"));
    }
    if !guids.insert(value.clone()) {
        c.report(
            node,
            Rule::DuplicateValue,
            format!("the guid `{value}` is used by another item"),
        );
    }
}

fn contact<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let value = text(node);
    let has_email = value
        .split(|ch: char| ch.is_whitespace() || ch == '(' || ch == ')' || ch == '<' || ch == '>')
        .any(is_email);
    if !has_email {
        c.report(
            node,
            Rule::InvalidContact,
            format!(
                "`{}` must be an email address, as in `desk@example.org (Desk)`; got `{}`",
                node.tag_name().name(),
                value.trim()
            ),
        );
    }
}

fn atom_link<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    match node.attribute("href") {
        Some(href) => c.full_link(node, href),
        None => c.report(node, Rule::MissingHref, "`atom:link` has no `href`"),
    }
}

/// Returns true if and only if `name` is an element of the known `namespace`.
fn known(namespace: &str, name: &str) -> bool {
    KNOWN
        .iter()
        .any(|(ns, names)| *ns == namespace && names.contains(&name))
}

/// An element outside RSS's own: fine in an unknown namespace, checked
/// against the list of a known one, undefined without a namespace.
fn extension_or_undefined<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    parent: &str,
) {
    let name = node.tag_name().name();
    match node.tag_name().namespace() {
        None => c.report(
            node,
            Rule::UndefinedElement,
            format!("`{parent}` cannot hold `{name}`"),
        ),
        Some(namespace) => {
            if let Some((_, names)) = KNOWN.iter().find(|(ns, _)| *ns == namespace)
                && !names.contains(&name)
            {
                c.report(
                    node,
                    Rule::UndefinedElement,
                    format!("`{name}` is not an element of {namespace}"),
                );
            }
        }
    }
}
