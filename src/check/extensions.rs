//! Extension vocabularies that feeds from the wild carry, judged as the
//! W3C validator judges them: FeedSync (Simple Sharing Extensions), Atom
//! threading (RFC 4685) and FeedBurner's elements. They are checked
//! wherever they appear, in RSS or Atom.

use super::xml::{ATOM, Checker, elements, is_full_url, once, text};
use crate::rule::Rule;
use roxmltree::Node;

const FEEDSYNC: &str = "http://feedsync.org/2007/feedsync";
const THREAD: &str = "http://purl.org/syndication/thread/1.0";
const FEEDBURNER: &str = "http://rssnamespace.org/feedburner/ext/1.0";
const CONVERSATIONS: &str = "http://conversationsnetwork.org/rssNamespace-1.0/";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const GEORSS: &str = "http://www.georss.org/georss";
/// The elements of GeoRSS Simple the W3C knows.
const GEORSS_ELEMENTS: &[&str] = &[
    "where",
    "point",
    "line",
    "polygon",
    "box",
    "circle",
    "featureTypeTag",
    "relationshipTag",
    "featureName",
    "elev",
    "floor",
    "radius",
];
const WFW: &str = "http://wellformedweb.org/CommentAPI/";
const SLASH: &str = "http://purl.org/rss/1.0/modules/slash/";
const OPENSEARCH: &[&str] = &[
    "http://a9.com/-/spec/opensearch/1.1/",
    "http://a9.com/-/spec/opensearchrss/1.0/",
];

/// The FeedBurner elements a feed or an item may hold once.
const FEEDBURNER_ONCE: &[&str] = &[
    "awareness",
    "origLink",
    "origEnclosureLink",
    "browserFriendly",
    "emailServiceId",
    "feedburnerHostname",
];

/// Media RSS's namespace as Yahoo first published it, without its final
/// slash: readers that know Media RSS do not know this one.
const MEDIA_RSS_WITHOUT_SLASH: &str = "http://search.yahoo.com/mrss";

/// The prefixes feeds conventionally give well-known namespaces, as the
/// W3C lists them: a feed that binds one to another namespace confuses
/// readers that go by the prefix (`ReservedPrefix`).
const RESERVED_PREFIXES: &[(&str, &str)] = &[
    ("admin", "http://webns.net/mvcb/"),
    ("app", "http://www.w3.org/2007/app"),
    ("atom", "http://www.w3.org/2005/Atom"),
    (
        "blogChannel",
        "http://backend.userland.com/blogChannelModule",
    ),
    ("cc", "http://web.resource.org/cc/"),
    ("content", "http://purl.org/rss/1.0/modules/content/"),
    (
        "creativeCommons",
        "http://backend.userland.com/creativeCommonsRssModule",
    ),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("feedburner", "http://rssnamespace.org/feedburner/ext/1.0"),
    ("fh", "http://purl.org/syndication/history/1.0"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
    ("georss", "http://www.georss.org/georss"),
    ("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
    ("media", "http://search.yahoo.com/mrss/"),
    ("opensearch", "http://a9.com/-/spec/opensearch/1.1/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("slash", "http://purl.org/rss/1.0/modules/slash/"),
    ("sy", "http://purl.org/rss/1.0/modules/syndication/"),
    (
        "trackback",
        "http://madskills.com/public/xml/rss/module/trackback/",
    ),
    ("wfw", "http://wellformedweb.org/CommentAPI/"),
    ("xhtml", "http://www.w3.org/1999/xhtml"),
];

/// Reports prefixes bound to a namespace other than the one they are
/// known for, where they are declared.
fn reserved_prefixes<'input>(c: &mut Checker<'_, 'input>, root: Node<'_, 'input>) {
    for node in root.descendants().filter(Node::is_element) {
        let inherited = |prefix: Option<&str>, uri: &str| {
            node.parent_element().is_some_and(|p| {
                p.namespaces()
                    .any(|ns| ns.name() == prefix && ns.uri() == uri)
            })
        };
        for ns in node.namespaces() {
            let Some(prefix) = ns.name() else { continue };
            if inherited(Some(prefix), ns.uri()) || ns.uri() == MEDIA_RSS_WITHOUT_SLASH {
                continue;
            }
            if let Some((_, known)) = RESERVED_PREFIXES.iter().find(|(p, _)| *p == prefix)
                && *known != ns.uri()
            {
                // One finding per prefix (`report_at` keys by message).
                c.report_at(
                    node.range().start,
                    Rule::ReservedPrefix,
                    format!(
                        "the prefix `{prefix}` is bound to `{}`, but readers know it as `{known}`",
                        ns.uri()
                    ),
                );
            }
        }
    }
}

/// The namespaces the W3C validator knows: declaring another one is
/// `UnknownNamespace`.
const KNOWN_NAMESPACES: &[&str] = &[
    "http://a9.com/-/spec/opensearch/1.1/",
    "http://a9.com/-/spec/opensearchrss/1.0/",
    "http://backend.userland.com/blogChannelModule",
    "http://backend.userland.com/creativeCommonsRssModule",
    "http://base.google.com/ns/1.0",
    "http://conversationsnetwork.org/rssNamespace-1.0/",
    "http://earth.google.com/kml/2.0",
    "http://earth.google.com/kml/2.1",
    "http://feedsync.org/2007/feedsync",
    "http://geourl.org/rss/module/",
    "http://hacks.benhammersley.com/rss/streaming/",
    "http://madskills.com/public/xml/rss/module/trackback/",
    "http://media.tangent.org/rss/1.0/",
    "http://my.netscape.com/rdf/simple/0.9/",
    "http://my.theinfo.org/changed/1.0/rss/",
    "http://openid.net/xmlns/1.0",
    "http://postneo.com/icbm",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://purl.org/net/rss1.1#",
    "http://purl.org/rss/1.0/",
    "http://purl.org/rss/1.0/modules/aggregation/",
    "http://purl.org/rss/1.0/modules/annotate/",
    "http://purl.org/rss/1.0/modules/company",
    "http://purl.org/rss/1.0/modules/content/",
    "http://purl.org/rss/1.0/modules/email/",
    "http://purl.org/rss/1.0/modules/event/",
    "http://purl.org/rss/1.0/modules/image/",
    "http://purl.org/rss/1.0/modules/link/",
    "http://purl.org/rss/1.0/modules/reference/",
    "http://purl.org/rss/1.0/modules/richequiv/",
    "http://purl.org/rss/1.0/modules/rss091#",
    "http://purl.org/rss/1.0/modules/search/",
    "http://purl.org/rss/1.0/modules/servicestatus/",
    "http://purl.org/rss/1.0/modules/slash/",
    "http://purl.org/rss/1.0/modules/subscription/",
    "http://purl.org/rss/1.0/modules/syndication/",
    "http://purl.org/rss/1.0/modules/taxonomy/",
    "http://purl.org/rss/1.0/modules/threading/",
    "http://purl.org/rss/1.0/modules/wiki/",
    "http://purl.org/syndication/history/1.0",
    "http://purl.org/syndication/thread/1.0",
    "http://rssnamespace.org/feedburner/ext/1.0",
    "http://schemas.xmlsoap.org/soap/envelope/",
    "http://search.yahoo.com/mrss/",
    "http://web.resource.org/cc/",
    "http://webns.net/mvcb/",
    "http://wellformedweb.org/CommentAPI/",
    "http://www.bloglines.com/about/specs/fac-1.0",
    "http://www.georss.org/georss",
    "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "http://www.microsoft.com/schemas/rss/core/2005",
    "http://www.opengis.net/gml",
    "http://www.opengis.net/kml/2.2",
    "http://www.opml.org/spec2",
    "http://www.usemod.com/cgi-bin/mb.pl?ModWiki",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "http://www.w3.org/2005/Atom",
    "http://www.w3.org/2007/app",
    "http://www.w3.org/XML/1998/namespace",
    "http://xmlns.com/foaf/0.1/",
    "urn:atom-extension:indexing",
    "xri://$xrd*($v*2.0)",
    "xri://$xrds",
];
/// The prefixes the W3C gives its known namespaces: a declaration with one
/// of them is judged by `ReservedPrefix`, never as an unknown namespace.
const KNOWN_PREFIXES: &[&str] = &[
    "access",
    "admin",
    "ag",
    "annotate",
    "app",
    "atom",
    "audio",
    "blogChannel",
    "cc",
    "cf",
    "company",
    "content",
    "conversationsNetwork",
    "cp",
    "creativeCommons",
    "dc",
    "dcterms",
    "email",
    "ev",
    "feedburner",
    "fh",
    "foaf",
    "g",
    "geo",
    "georss",
    "geourl",
    "gml",
    "icbm",
    "image",
    "indexing",
    "itunes",
    "kml20",
    "kml21",
    "kml22",
    "l",
    "mathml",
    "media",
    "openid",
    "opensearch",
    "opensearch10",
    "opml",
    "rdf",
    "rdfs",
    "ref",
    "reqv",
    "rss090",
    "rss091",
    "rss1",
    "rss11",
    "search",
    "slash",
    "soap",
    "ss",
    "str",
    "sub",
    "svg",
    "sx",
    "sy",
    "taxo",
    "thr",
    "trackback",
    "wfw",
    "wiki",
    "xhtml",
    "xlink",
    "xml",
    "xrd",
    "xrds",
];

/// Namespaces the W3C knows of but does not check (it says so as an
/// information, not a warning).
const UNCHECKED_NAMESPACES: &[&str] = &[
    "http://schemas.google.com/g/2005",
    "http://www.rawvoice.com/rawvoiceRssModule/",
    "https://schema.org/",
    "http://schema.org/",
    "https://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
];

/// Reports each namespace declared that the W3C validator does not know
/// (`UnknownNamespace`), as it does: unless the prefix is one it gives a
/// known namespace, or the namespace is not a URI at all.
fn unknown_namespaces<'input>(c: &mut Checker<'_, 'input>, root: Node<'_, 'input>) {
    for node in root.descendants().filter(Node::is_element) {
        for ns in node.namespaces() {
            let (prefix, uri) = (ns.name(), ns.uri());
            let inherited = node.parent_element().is_some_and(|p| {
                p.namespaces()
                    .any(|outer| outer.name() == prefix && outer.uri() == uri)
            });
            if inherited
                || prefix.is_some_and(|p| KNOWN_PREFIXES.contains(&p))
                || KNOWN_NAMESPACES.contains(&uri)
                || UNCHECKED_NAMESPACES.contains(&uri)
                || uri == MEDIA_RSS_WITHOUT_SLASH
                || !uri.chars().all(|ch| {
                    !ch.is_ascii()
                        || ch.is_ascii_alphanumeric()
                        || ";/?:@&=+$.-_!~*'()%,#".contains(ch)
                })
            {
                continue;
            }
            // One finding per namespace (`report_at` keys by message).
            c.report_at(
                node.range().start,
                Rule::UnknownNamespace,
                format!("`{uri}` is a namespace feed readers and the W3C validator do not know: check its spelling"),
            );
        }
    }
}

/// Checks every element of these vocabularies in the document.
pub(super) fn check<'input>(c: &mut Checker<'_, 'input>, root: Node<'_, 'input>) {
    reserved_prefixes(c, root);
    unknown_namespaces(c, root);
    if let Some(node) = root
        .descendants()
        .filter(Node::is_element)
        .find(|n| n.namespaces().any(|ns| ns.uri() == MEDIA_RSS_WITHOUT_SLASH))
    {
        c.report(
            node,
            Rule::MediaRssNamespace,
            format!("`{MEDIA_RSS_WITHOUT_SLASH}` is not Media RSS's namespace: write `{MEDIA_RSS_WITHOUT_SLASH}/`"),
        );
    }
    for node in root.descendants().filter(Node::is_element) {
        once(c, node, Some(FEEDBURNER), FEEDBURNER_ONCE);
        for namespace in OPENSEARCH {
            once(
                c,
                node,
                Some(namespace),
                &["totalResults", "startIndex", "itemsPerPage"],
            );
        }
        let namespace = node.tag_name().namespace();
        if namespace.is_some_and(|ns| OPENSEARCH.contains(&ns)) {
            opensearch(c, node);
            continue;
        }
        match (namespace, node.tag_name().name()) {
            (Some(FEEDSYNC), "sharing") => sharing(c, node),
            (Some(FEEDSYNC), "related") => related(c, node),
            (Some(FEEDSYNC), "sync") => sync(c, node),
            (Some(FEEDSYNC), "history") => history(c, node),
            (Some(THREAD), "total") => non_negative(c, node, "thr:total", text(node).trim()),
            // Empty ones too, which WordPress plugins write (issue 26).
            (Some(WFW), "comment" | "commentRss" | "commentRSS") => {
                c.full_link(node, text(node).trim());
            }
            (Some(GEORSS), name) if !GEORSS_ELEMENTS.contains(&name) => c.report(
                node,
                Rule::UndefinedElement,
                format!("`georss:{name}` is not an element of GeoRSS"),
            ),
            (Some(SLASH), "comments") => {
                non_negative(c, node, "slash:comments", text(node).trim());
            }
            (Some(CONVERSATIONS), name) => conversations(c, node, name),
            (Some(XHTML), "meta") if node.parent_element().is_some_and(|p| p.tag_name().namespace() != Some(XHTML)) => {
                robots_meta(c, node);
            }
            (Some(THREAD), "in-reply-to") => in_reply_to(c, node),
            // RSS 1.0's threading element; RFC 4685 has no such thing.
            (Some(THREAD), "children") if root.tag_name().name() != "RDF" => c.report(
                node,
                Rule::UndefinedElement,
                "`thr:children` belongs to RSS 1.0; Atom threading (RFC 4685) counts replies with `thr:total`",
            ),
            (Some(FEEDBURNER), "awareness" | "origLink" | "origEnclosureLink" | "feedburnerHostname") => {
                c.full_link(node, text(node).trim());
            }
            (Some(ATOM), "link") => {
                if let Some(count) = node.attribute((THREAD, "count")) {
                    non_negative(c, node, "thr:count", count);
                }
                if let Some(updated) = node.attribute((THREAD, "updated")) {
                    rfc3339(c, node, "thr:updated", updated);
                }
                if node.attribute((THREAD, "when")).is_some() {
                    c.report(
                        node,
                        Rule::NoThrWhen,
                        "`thr:when` is obsolete: write `thr:updated`",
                    );
                }
            }
            _ => {}
        }
    }
}

fn non_negative<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    name: &str,
    value: &str,
) {
    if value.is_empty() {
        c.report(
            node,
            Rule::InvalidNonNegativeInteger,
            format!("`{name}` is empty, not a count"),
        );
    } else if value.parse::<u64>().is_err() {
        c.report(
            node,
            Rule::InvalidNonNegativeInteger,
            format!("`{name}` is `{value}`, not a count"),
        );
    }
}

fn rfc3339<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, name: &str, value: &str) {
    if chrono::DateTime::parse_from_rfc3339(value.trim()).is_err() {
        c.report(
            node,
            Rule::InvalidRFC3339Date,
            format!("`{name}` is `{value}`, not an RFC 3339 date-time"),
        );
    }
}

/// A count FeedSync keeps in 31 bits, above 0.
fn uint31<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, name: &str) {
    let Some(value) = node.attribute(name) else {
        c.report(
            node,
            Rule::MissingAttribute,
            format!("`sx:{}` has no `{name}`", node.tag_name().name()),
        );
        return;
    };
    match value.trim().parse::<u64>() {
        Ok(n) if n > i32::MAX as u64 => c.report(
            node,
            Rule::IntegerOverflow,
            format!("`{name}` is {n}, more than FeedSync's 2147483647"),
        ),
        Ok(n) if n > 0 => {}
        _ => c.report(
            node,
            Rule::InvalidPositiveInteger,
            format!("`{name}` is `{value}`, not a whole number above 0"),
        ),
    }
}

/// A namespace-specific string (RFC 2141), as FeedSync's ids are.
fn nss<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, name: &str, value: &str) {
    let bytes = value.as_bytes();
    let mut valid = !value.is_empty();
    let mut i = 0;
    while valid && i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            valid = bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
            i += 3;
        } else {
            valid = b.is_ascii_alphanumeric() || b"()+,-.:=@;$_!*'/?#".contains(&b);
            i += 1;
        }
    }
    if !valid {
        c.report(
            node,
            Rule::InvalidNSS,
            format!("`{name}` is `{value}`, not a URN's namespace-specific string"),
        );
    }
}

fn sharing<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let since = node.attribute("since");
    let until = node.attribute("until");
    match (since, until) {
        (Some(_), None) => c.report(
            node,
            Rule::MissingAttribute,
            "`sx:sharing` has `since` but no `until`",
        ),
        (None, Some(_)) => c.report(
            node,
            Rule::MissingAttribute,
            "`sx:sharing` has `until` but no `since`",
        ),
        _ => {}
    }
    for name in ["since", "until", "expires"] {
        if let Some(value) = node.attribute(name) {
            rfc3339(c, node, name, value);
        }
    }
    if let (Some(since), Some(until)) = (since, until)
        && let (Ok(since), Ok(until)) = (
            chrono::DateTime::parse_from_rfc3339(since),
            chrono::DateTime::parse_from_rfc3339(until),
        )
        && since > until
    {
        c.report(
            node,
            Rule::SinceAfterUntil,
            "`sx:sharing`'s `since` is after its `until`",
        );
    }
}

fn related<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    match node.attribute("link") {
        Some(link) => c.full_link(node, link),
        None => c.report(node, Rule::MissingAttribute, "`sx:related` has no `link`"),
    }
    match node.attribute("type") {
        None => c.report(node, Rule::MissingAttribute, "`sx:related` has no `type`"),
        Some("complete" | "aggregated") => {}
        Some(other) => c.report(
            node,
            Rule::InvalidSseType,
            format!("`type` is `{other}`, not `complete` or `aggregated`"),
        ),
    }
}

fn sync<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    for name in ["deleted", "noconflicts"] {
        if let Some(value) = node.attribute(name)
            && !["true", "false"].contains(&value)
        {
            c.report(
                node,
                Rule::InvalidTrueFalse,
                format!("`{name}` is `{value}`, not `true` or `false`"),
            );
        }
    }
    match node.attribute("id") {
        Some(id) => nss(c, node, "id", id),
        None => c.report(node, Rule::MissingAttribute, "`sx:sync` has no `id`"),
    }
    uint31(c, node, "updates");
    if !elements(node).any(|n| n.has_tag_name((FEEDSYNC, "history"))) {
        c.report(node, Rule::MissingElement, "`sx:sync` has no `sx:history`");
    }
}

fn history<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    uint31(c, node, "sequence");
    if let Some(when) = node.attribute("when") {
        rfc3339(c, node, "when", when);
    }
    if let Some(by) = node.attribute("by") {
        nss(c, node, "by", by);
    }
    if node.attribute("when").is_none() && node.attribute("by").is_none() {
        c.report(
            node,
            Rule::MissingByAndWhenAttrs,
            "`sx:history` has neither `by` nor `when`",
        );
    }
}

fn in_reply_to<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if let Some(source) = node.attribute("source") {
        c.uri_chars(node, source);
    }
    match node.attribute("ref") {
        Some(reference) if is_full_url(reference) => {}
        Some(reference) => c.full_link(node, reference),
        None => c.report(
            node,
            Rule::MissingAttribute,
            "`thr:in-reply-to` has no `ref`",
        ),
    }
    if let Some(kind) = node.attribute("type")
        && !crate::syntax::is_media_type(kind.split(';').next().unwrap_or("").trim())
    {
        c.report(
            node,
            Rule::InvalidMIMEType,
            format!("`type=\"{kind}\"` is not a media type"),
        );
    }
}

/// OpenSearch's response elements (`totalResults`, `startIndex`,
/// `itemsPerPage`) and its `Query`.
fn opensearch<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let value = text(node);
    let value = value.trim();
    match node.tag_name().name() {
        "totalResults" | "itemsPerPage" => {
            non_negative(
                c,
                node,
                &format!("opensearch:{}", node.tag_name().name()),
                value,
            );
        }
        "startIndex" => integer(c, node, "opensearch:startIndex", value),
        "Query" => query(c, node),
        _ => {}
    }
}

fn integer<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, name: &str, value: &str) {
    if value.parse::<i64>().is_err() {
        c.report(
            node,
            Rule::InvalidInteger,
            format!("`{name}` is `{value}`, not a whole number"),
        );
    }
}

fn query<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    const ROLES: &[&str] = &[
        "request",
        "example",
        "related",
        "correction",
        "subset",
        "superset",
    ];
    match node.attribute("role") {
        None => c.report(
            node,
            Rule::MissingAttribute,
            "`opensearch:Query` has no `role`",
        ),
        Some(role) if !role.contains(':') && !ROLES.contains(&role) => c.report(
            node,
            Rule::InvalidLocalRole,
            format!(
                "`role` is `{role}`, not one of OpenSearch's: {}",
                ROLES.join(", ")
            ),
        ),
        Some(_) => {}
    }
    if let Some(title) = node.attribute("title")
        && title.chars().count() > 256
    {
        c.report(
            node,
            Rule::TooLong,
            "the query's `title` is longer than 256 characters",
        );
    }
    for name in ["totalResults", "count"] {
        if let Some(value) = node.attribute(name) {
            non_negative(c, node, name, value);
        }
    }
    for name in ["startIndex", "startPage"] {
        if let Some(value) = node.attribute(name) {
            integer(c, node, name, value);
        }
    }
    if let Some(language) = node.attribute("language")
        && language != "*"
    {
        c.language_attribute(node, "language", language);
    }
    for name in ["inputEncoding", "outputEncoding"] {
        if let Some(encoding) = node.attribute(name)
            && !is_charset(encoding)
        {
            c.report(
                node,
                Rule::InvalidEncoding,
                format!("`{name}` is `{encoding}`, not a character encoding"),
            );
        }
    }
    if let Some(terms) = node.attribute("searchTerms")
        && terms.split_whitespace().any(|word| {
            word.bytes()
                .any(|b| !(b.is_ascii_alphanumeric() || b"-_.~%+!*'();:@&=$,/?#[]".contains(&b)))
        })
    {
        c.report(
            node,
            Rule::NotURLEncoded,
            "`searchTerms` must be URL-encoded",
        );
    }
}

/// Returns true if and only if `name` is a character encoding in use on
/// the web (by its IANA name or a common alias).
fn is_charset(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let families = [
        "utf-",
        "iso-8859-",
        "windows-",
        "cp",
        "ibm",
        "koi8-",
        "mac",
        "x-mac",
    ];
    let names = [
        "us-ascii",
        "ascii",
        "shift_jis",
        "sjis",
        "euc-jp",
        "euc-kr",
        "iso-2022-jp",
        "gb2312",
        "gbk",
        "gb18030",
        "big5",
        "big5-hkscs",
        "tis-620",
        "latin1",
        "utf8",
    ];
    names.contains(&name.as_str())
        || families.iter().any(|prefix| {
            name.strip_prefix(prefix).is_some_and(|rest| {
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
        })
}

/// The Conversations Network's podcast elements.
fn conversations<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, name: &str) {
    let value = text(node);
    let value = value.trim();
    let label = format!("conversationsNetwork:{name}");
    match name {
        "introMilliseconds" | "ratingCount" => non_negative(c, node, &label, value),
        "ratingIndividual" if !value.parse::<u64>().is_ok_and(|n| n > 0) => c.report(
            node,
            Rule::InvalidPositiveInteger,
            format!("`{label}` is `{value}`, not a whole number above 0"),
        ),
        "ratingAverage" if value.parse::<f64>().is_err() => c.report(
            node,
            Rule::InvalidFloat,
            format!("`{label}` is `{value}`, not a number"),
        ),
        "image" if !crate::links::is_http_url(value) => c.report(
            node,
            Rule::InvalidURLAttribute,
            format!("`{label}` is `{value}`, not an http(s) URL"),
        ),
        "ratingTimestamp" if chrono::DateTime::parse_from_rfc3339(value).is_err() => c.report(
            node,
            Rule::InvalidISO8601DateTime,
            format!("`{label}` is `{value}`, not an ISO 8601 date-time"),
        ),
        _ => {}
    }
}

/// `<meta name="robots" content="noindex">` in a feed (XHTML's), which
/// some aggregators obey.
fn robots_meta<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    const CONTENT: &[&str] = &[
        "all",
        "none",
        "index",
        "index,follow",
        "index,nofollow",
        "noindex",
        "noindex,follow",
        "noindex,nofollow",
        "follow",
        "follow,index",
        "follow,noindex",
        "nofollow",
        "nofollow,index",
        "nofollow,noindex",
    ];
    match node.attribute("name") {
        None => c.report(node, Rule::MissingAttribute, "`meta` has no `name`"),
        Some(name) if !name.eq_ignore_ascii_case("robots") => c.report(
            node,
            Rule::InvalidMetaName,
            format!("`name` is `{name}`; a feed's `meta` is `robots`"),
        ),
        Some(_) => {}
    }
    match node.attribute("content") {
        None => c.report(node, Rule::MissingAttribute, "`meta` has no `content`"),
        Some(content)
            if !CONTENT.contains(&content.to_ascii_lowercase().replace(' ', "").as_str()) =>
        {
            c.report(
                node,
                Rule::InvalidMetaContent,
                format!("`content` is `{content}`, not a robots directive such as `noindex`"),
            );
        }
        Some(_) => {}
    }
}
