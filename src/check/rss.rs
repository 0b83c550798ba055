//! The rules for RSS 2.0 (and the extensions byline knows in it).

use super::media::{self, ITUNES, MEDIA};
use super::rss_channel;
use super::xml::{
    ATOM, Checker, contact_address, elements, has, is_address, is_full_url, once, text,
};
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

/// The RDF namespace, the root of RSS 0.90 and 1.0.
pub(super) const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// RSS 1.0's namespace.
const RSS_10: &str = "http://purl.org/rss/1.0/";
/// RSS 0.90's namespace.
const RSS_090: &str = "http://my.netscape.com/rdf/simple/0.9/";

/// The versions of the `<rss>` element byline checks: Netscape's and
/// UserLand's 0.91 to 0.94, and 2.0.
const VERSIONS: &[&str] = &["0.91", "0.92", "0.93", "0.94", "2.0", "2.0.1"];

pub(super) fn check<'input>(c: &mut Checker<'_, 'input>, rss: Node<'_, 'input>) {
    // RSS's own elements (the root and those in no namespace under it, up
    // to the first extension element) take only their own attributes.
    let mut stack = vec![rss];
    while let Some(node) = stack.pop() {
        rss_channel::attributes(c, node);
        stack.extend(elements(node).filter(|n| n.tag_name().namespace().is_none()));
    }
    match rss.attribute("version") {
        Some(version) if VERSIONS.contains(&version.trim()) => {}
        None => c.report(rss, Rule::MissingAttribute, "`rss` has no `version`"),
        other => {
            let version = other.unwrap_or("without a version");
            c.report(
                rss,
                Rule::UnknownFormat,
                format!("byline checks RSS 0.91 to 2.0; this is RSS {version}"),
            );
        }
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

/// RSS 0.90 and 1.0: an `rdf:RDF` root with a `channel`, and its items
/// beside it, each with a title and a link.
pub(super) fn rdf<'input>(c: &mut Checker<'_, 'input>, root: Node<'_, 'input>) {
    let namespace = elements(root)
        .map(|n| n.tag_name().namespace())
        .find(|ns| matches!(*ns, Some(RSS_10 | RSS_090)))
        .flatten();
    let Some(namespace) = namespace else {
        c.report(
            root,
            Rule::UnknownFormat,
            "`rdf:RDF` holds no RSS 0.90 or 1.0 `channel`: this is not a feed",
        );
        return;
    };
    let in_rss = |n: &Node<'_, '_>, name: &str| {
        n.tag_name().namespace() == Some(namespace) && n.tag_name().name() == name
    };
    let channels: Vec<Node<'_, 'input>> = elements(root).filter(|n| in_rss(n, "channel")).collect();
    match channels.as_slice() {
        [] => c.report(root, Rule::MissingElement, "`rdf:RDF` has no `channel`"),
        [channel, rest @ ..] => {
            for extra in rest {
                c.report(
                    *extra,
                    Rule::DuplicateElement,
                    "`rdf:RDF` has more than one `channel`",
                );
            }
            let mut needed = vec!["title", "link", "description"];
            if namespace == RSS_10 {
                needed.push("items");
            }
            rss_channel::required(c, *channel, Some(namespace), &needed);
            rdf_children(c, *channel, namespace, RDF_CHANNEL);
        }
    }
    for child in elements(root) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(ns), "item") if ns == namespace => {
                required(c, child, namespace, &["title", "link"]);
                rdf_children(c, child, namespace, &["title", "link", "description"]);
            }
            (Some(ns), "image") if ns == namespace => {
                required(c, child, namespace, &["title", "url", "link"]);
                for link in elements(child).filter(|n| in_rss(n, "url") || in_rss(n, "link")) {
                    c.full_link(link, &text(link));
                }
            }
            (Some(ns), "textinput") if ns == namespace => {
                required(
                    c,
                    child,
                    namespace,
                    &["title", "description", "name", "link"],
                );
            }
            (Some(ns), "channel") if ns == namespace => {}
            (Some(ns), name) if ns == namespace => c.report(
                child,
                Rule::UndefinedElement,
                format!("`rdf:RDF` cannot hold `{name}`"),
            ),
            _ => {}
        }
    }
}

/// The elements of an RSS 1.0 (or 0.90) channel.
const RDF_CHANNEL: &[&str] = &[
    "title",
    "link",
    "description",
    "image",
    "items",
    "textinput",
];

/// A channel's or an item's elements in RSS 1.0 or 0.90: its links and
/// plain-text elements, and the modules byline knows.
fn rdf_children<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    namespace: &str,
    allowed: &[&str],
) {
    once(c, node, Some(namespace), allowed);
    for child in elements(node) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(ns), "link") if ns == namespace => c.full_link(child, &text(child)),
            (Some(ns), "title") if ns == namespace => title(c, child),
            (Some(ns), name) if ns == namespace && !allowed.contains(&name) => c.report(
                child,
                Rule::UndefinedElement,
                format!("`{}` cannot hold `{name}`", node.tag_name().name()),
            ),
            (Some(CONTENT), "encoded") => c.html(child, &text(child)),
            _ => {}
        }
    }
}

/// Reports each of `names` (in `namespace`) that `node` lacks.
fn required<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    namespace: &str,
    names: &[&str],
) {
    for name in names {
        if !has(node, Some(namespace), name) {
            c.report(
                node,
                Rule::MissingElement,
                format!("`{}` has no `{name}`", node.tag_name().name()),
            );
        }
    }
}

fn channel<'input>(c: &mut Checker<'_, 'input>, channel: Node<'_, 'input>) {
    rss_channel::required(c, channel, None, &["title", "link", "description"]);
    once(c, channel, None, ONCE);
    modules_once(c, channel);
    stray_text_and_markup(c, channel);
    // A feed that uses any of Apple's elements is a podcast, held to them.
    let podcast = media::uses_itunes(channel);
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
            (None, "docs") => c.full_link(child, &text(child)),
            (None, name) if CHANNEL.contains(&name) => rss_channel::element(c, child),
            (Some(ITUNES), name @ ("email" | "name")) => c.report(
                child,
                Rule::UndefinedElement,
                format!("`itunes:{name}` belongs in `itunes:owner`, not in `channel`"),
            ),
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
    let rss_2 = item
        .ancestors()
        .find(|n| n.has_tag_name("rss"))
        .and_then(|rss| rss.attribute("version"))
        .is_some_and(|v| v.starts_with("2."));
    if rss_2 && !has(item, None, "guid") {
        c.report(
            item,
            Rule::MissingGuid,
            "`item` has no `guid`, by which readers tell items apart",
        );
    }
    once(c, item, None, ONCE);
    once(c, item, Some(MEDIA), media::ONCE_IN_CONTENT);
    modules_once(c, item);
    stray_text_and_markup(c, item);
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
            (None, "guid") => {
                guid(c, child, guids);
            }
            (None, "enclosure") => media::enclosure(c, child, podcast),
            (None, "source") => match child.attribute("url") {
                Some(url) => c.full_link(child, url),
                None => c.report(child, Rule::MissingAttribute, "`source` has no `url`"),
            },
            // The show's elements are undefined in an episode, as the W3C
            // finds them (and does not judge what they hold).
            (
                Some(ITUNES),
                name @ ("category" | "email" | "name" | "new-feed-url" | "owner" | "pubDate"
                | "type"),
            ) => c.report(
                child,
                Rule::UndefinedElement,
                format!("`itunes:{name}` belongs to the `channel`, not an episode (`item`)"),
            ),
            (Some(ITUNES), name) if known(ITUNES, name) => media::itunes(c, child),
            (Some(MEDIA), _) => media::media_rss(c, child),
            (None, name) if ITEM.contains(&name) => {}
            (Some(CONTENT), "encoded") => c.html(child, &text(child)),
            (Some(ATOM), "link") => atom_link(c, child),
            _ => extension_or_undefined(c, child, "item"),
        }
    }
}

/// Text directly inside a channel or an item (`UnexpectedText`), and
/// elements inside its text elements, where HTML must be escaped
/// (`UndefinedElement`).
fn stray_text_and_markup<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    rss_channel::no_text(c, node);
    for child in elements(node).filter(|n| {
        n.tag_name().namespace().is_none()
            && matches!(
                n.tag_name().name(),
                "title" | "description" | "link" | "author" | "comments" | "pubDate"
            )
    }) {
        for inner in elements(child) {
            c.report(
                inner,
                Rule::UndefinedElement,
                format!(
                    "`{}` holds the element `{}`: escape HTML, or put it in CDATA",
                    child.tag_name().name(),
                    inner.tag_name().name()
                ),
            );
        }
    }
}

fn title<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if text(node).trim().is_empty() {
        c.report(node, Rule::NotBlank, "`title` is empty");
    }
    c.plain_text(node, Rule::ContainsHTML);
}

/// A guid that is a permalink (the default) is judged as the W3C judges
/// it: an absolute URI of any scheme passes (`cocoa-dom:a-post`, issue 26),
/// but not a `tag:` or `urn:uuid:` id (`InvalidPermalink`), nor something
/// that is no absolute URI at all, nor an http URL without a host
/// (`InvalidHttpGUID`).
fn permalink_guid<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, value: &str) {
    let lower = value.to_ascii_lowercase();
    let scheme = lower.split(':').next().unwrap_or("");
    let advice = "add `isPermaLink=\"false\"`";
    if matches!(scheme, "tag" | "urn") {
        if super::atom_parts::id_scheme(c, node)
            && (scheme == "tag" || lower.starts_with("urn:uuid:"))
        {
            c.report(
                node,
                Rule::InvalidPermalink,
                format!("the guid `{value}` is a permalink (the default), but an id, not a link: {advice}"),
            );
        }
        return;
    }
    let absolute = value.split_once(':').is_some_and(|(scheme, rest)| {
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ";/?:@&=+$.-_!~*'()%,#".contains(c))
    });
    let hostless_http = matches!(scheme, "http" | "ftp")
        && !value
            .split_once("://")
            .is_some_and(|(s, rest)| !s.is_empty() && !rest.is_empty() && !rest.starts_with('/'));
    if !absolute || hostless_http {
        c.report(
            node,
            Rule::InvalidHttpGUID,
            format!("the guid `{value}` is a permalink (the default), but not a URL: {advice}"),
        );
    }
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
    if permalink {
        permalink_guid(c, node, &value);
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
    // `Name, address` is not the recommended form, but the W3C accepts it.
    let listed = || {
        value
            .split(',')
            .any(|part| is_address(&contact_address(part)))
    };
    if !is_address(&contact_address(&value)) && !listed() {
        c.report(
            node,
            Rule::InvalidContact,
            format!(
                "`{}` must be an email address, as in `desk@example.org (Desk)`; got `{}`",
                node.tag_name().name(),
                value.trim()
            ),
        );
        return;
    }
    let address = value.trim();
    let address = address.strip_prefix("mailto:").unwrap_or(address);
    if address.find('@').is_some_and(|at| at > 0)
        && !address.ends_with(')')
        && !address.contains(' ')
    {
        c.report(
            node,
            Rule::MissingRealName,
            format!(
                "`{}` is the address `{address}` without a name: write `{address} (Name)`",
                node.tag_name().name()
            ),
        );
    }
}

/// An `atom:link` in RSS: its `href` is a URI reference, which may be
/// relative, as in Atom (a relative `self` link warns, `RelativeSelf`).
fn atom_link<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    super::atom_parts::link_relation(c, node);
    if let Some(href) = node.attribute("href") {
        super::atom_parts::same_document(c, node, href);
    }
    match node.attribute("href") {
        Some(href) if is_full_url(href) => {}
        Some(href) if c.uri_chars(node, href.trim()) => {}
        // Reported by `link_relation`.
        Some(_) if node.attribute("rel") == Some("self") => {}
        Some(href) => c.report(
            node,
            Rule::ContainsRelRef,
            format!("the link `{href}` is relative, and readers ignore xml:base"),
        ),
        None => c.report(node, Rule::MissingHref, "`atom:link` has no `href`"),
    }
}

/// The modules' elements a channel or an item may hold once.
fn modules_once<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    const ADMIN: &str = "http://webns.net/mvcb/";
    const BLOG_CHANNEL: &str = "http://backend.userland.com/blogChannelModule";
    once(
        c,
        node,
        Some(DC),
        &[
            "title",
            "description",
            "type",
            "format",
            "date",
            "language",
            "rights",
            "publisher",
        ],
    );
    once(c, node, Some(ADMIN), &["generatorAgent", "errorReportsTo"]);
    once(
        c,
        node,
        Some(SYNDICATION),
        &["updatePeriod", "updateFrequency", "updateBase"],
    );
    once(
        c,
        node,
        Some(BLOG_CHANNEL),
        &["blogRoll", "mySubscriptions", "blink", "changes"],
    );
}

/// Returns true if and only if `name` is an element of the known `namespace`.
fn known(namespace: &str, name: &str) -> bool {
    KNOWN
        .iter()
        .any(|(ns, names)| *ns == namespace && names.contains(&name))
}

/// The values of the modules' elements the W3C judges: Dublin Core's
/// language and date (W3CDTF), Creative Commons' license, and the
/// latitudes and longitudes of the geo vocabularies.
fn module_values<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    const BLOG_CHANNEL: &str = "http://backend.userland.com/blogChannelModule";
    const GEO: &str = "http://www.w3.org/2003/01/geo/wgs84_pos#";
    const GEOURL: &str = "http://geourl.org/rss/module/";
    const ICBM: &str = "http://postneo.com/icbm";
    let value = text(node);
    let value = value.trim();
    match (node.tag_name().namespace(), node.tag_name().name()) {
        (Some(DC), "language") => rss_channel::language(c, node),
        (Some(DC), "date") if !is_w3cdtf(value) => c.report(
            node,
            Rule::InvalidW3CDTFDate,
            format!("`{value}` is not a W3C date such as `2024-08-11T21:00:00+02:00`"),
        ),
        (Some(CREATIVE_COMMONS), "license") => c.full_link(node, value),
        (Some(BLOG_CHANNEL), "blogRoll" | "mySubscriptions" | "blink" | "changes") => {
            c.full_link(node, value);
        }
        (Some(SYNDICATION), "updateFrequency") if !value.parse::<u64>().is_ok_and(|n| n > 0) => {
            c.report(
                node,
                Rule::InvalidPositiveInteger,
                format!("`sy:updateFrequency` is `{value}`, not a whole number above 0"),
            );
        }
        (Some(SYNDICATION), "updatePeriod")
            if !["hourly", "daily", "weekly", "monthly", "yearly"].contains(&value) =>
        {
            c.report(
                node,
                Rule::InvalidUpdatePeriod,
                format!(
                    "`sy:updatePeriod` is `{value}`, not hourly, daily, weekly, monthly or yearly"
                ),
            );
        }
        (Some(SYNDICATION), "updateBase") if !is_w3cdtf(value) => c.report(
            node,
            Rule::InvalidW3CDTFDate,
            format!("`{value}` is not a W3C date such as `2024-08-11T21:00:00+02:00`"),
        ),
        (Some(GEO), "lat") | (Some(GEOURL | ICBM), "latitude") if !in_range(value, 90.0) => c
            .report(
                node,
                Rule::InvalidLatitude,
                format!("`{value}` is not a latitude from -90 to 90"),
            ),
        (Some(GEO), "long") | (Some(GEOURL | ICBM), "longitude") if !in_range(value, 180.0) => {
            c.report(
                node,
                Rule::InvalidLongitude,
                format!("`{value}` is not a longitude from -180 to 180"),
            );
        }
        _ => {}
    }
}

/// Returns true if and only if `value` is a number from `-limit` to `limit`.
fn in_range(value: &str, limit: f64) -> bool {
    value
        .parse::<f64>()
        .is_ok_and(|v| (-limit..=limit).contains(&v))
}

/// Returns true if and only if `value` is a W3C date-time (a profile of
/// ISO 8601): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date with a time of
/// day and a zone (`2024-08-11T21:00:00.5+02:00`, `…Z`).
pub(super) fn is_w3cdtf(value: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let (date, time) = match value.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (value, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = match parts.as_slice() {
        [y] => digits(y, 4) && time.is_none(),
        [y, m] => digits(y, 4) && digits(m, 2) && time.is_none(),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && chrono::NaiveDate::from_ymd_opt(
                    y.parse().unwrap_or(0),
                    m.parse().unwrap_or(0),
                    d.parse().unwrap_or(0),
                )
                .is_some()
        }
        _ => false,
    };
    let Some(time) = time else {
        return date_ok;
    };
    let (clock, zone_ok) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, true)
    } else if let Some(at) = time.rfind(['+', '-']) {
        let zone = &time[at + 1..];
        let ok = zone
            .split_once(':')
            .is_some_and(|(h, m)| digits(h, 2) && digits(m, 2));
        (&time[..at], ok)
    } else {
        (time, false)
    };
    let fields: Vec<&str> = clock.split(':').collect();
    let clock_ok = match fields.as_slice() {
        [h, m] => digits(h, 2) && digits(m, 2),
        [h, m, s] => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
            digits(h, 2)
                && digits(m, 2)
                && digits(whole, 2)
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    date_ok && zone_ok && clock_ok
}

/// An element outside RSS's own: fine in an unknown namespace, checked
/// against the list of a known one, undefined without a namespace.
fn extension_or_undefined<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    parent: &str,
) {
    let name = node.tag_name().name();
    module_values(c, node);
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
