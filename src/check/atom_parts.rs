//! Atom's finer rules, as the W3C applies them: text constructs and their
//! types (XHTML in one `div`), `content` with `src` or a media type, links
//! (their type, language, length, and one alternate per type and
//! language), categories, white space around values, and `xml:lang`.

use super::xml::{ATOM, Checker, XML_NS, elements, text};
use crate::rule::Rule;
use roxmltree::Node;

/// The XHTML namespace.
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// Leading or trailing white space in an element whose value is a URI or a
/// date (`id`, `updated`, `published`, `icon`, `logo`, `uri`).
pub(super) fn whitespace<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let value = text(node);
    if value.trim() != value {
        c.report(
            node,
            Rule::UnexpectedWhitespace,
            format!(
                "`{}` has white space around its value",
                node.tag_name().name()
            ),
        );
    }
}

/// A text construct's type, and the shape XHTML, HTML and text need.
/// Returns true if and only if the construct's own rules may go on.
pub(super) fn text_construct<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) -> bool {
    let name = node.tag_name().name();
    match node.attribute("type").unwrap_or("text") {
        "xhtml" => {
            xhtml_div(c, node);
            false
        }
        "text" | "html" => {
            children_undefined(c, node);
            true
        }
        other => {
            c.report(
                node,
                Rule::InvalidTextType,
                format!("`{name}` has `type=\"{other}\"`; Atom allows text, html and xhtml"),
            );
            false
        }
    }
}

/// XHTML content is one `xhtml:div` and nothing else but white space.
fn xhtml_div<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let children: Vec<Node<'_, 'input>> = elements(node).collect();
    let stray_text = node
        .children()
        .any(|n| n.is_text() && !n.text().unwrap_or("").trim().is_empty());
    let one_div = matches!(children.as_slice(), [div] if div.has_tag_name((XHTML, "div")));
    if !one_div || stray_text {
        c.report(
            node,
            Rule::MissingXhtmlDiv,
            format!(
                "`{}` is XHTML, so it must hold one `div` in the XHTML namespace and nothing else",
                node.tag_name().name()
            ),
        );
    }
}

/// Elements inside text or HTML, where Atom expects characters only.
fn children_undefined<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    for child in elements(node) {
        c.report(
            child,
            Rule::UndefinedElement,
            format!(
                "`{}` holds text, not the element `{}`: escape it, or use `type=\"xhtml\"`",
                node.tag_name().name(),
                child.tag_name().name()
            ),
        );
    }
}

/// `content`: text, html, xhtml or a media type; with `src`, a media type
/// other than those, and no content of its own.
pub(super) fn content<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) -> bool {
    let kind = node.attribute("type");
    let src = node.attribute("src");
    match (kind, src) {
        (Some("text" | "html" | "xhtml") | None, None) => text_construct(c, node),
        (Some(kind), None) => {
            if !is_atom_media_type(kind) {
                invalid_type(c, node, kind);
            }
            false
        }
        (kind, Some(_)) => {
            match kind {
                Some(kind) if is_atom_media_type(kind) => {}
                Some(kind) => invalid_type(c, node, kind),
                None => {}
            }
            if node.has_children() {
                c.report(
                    node,
                    Rule::UnexpectedText,
                    "`content` with `src` must be empty",
                );
            }
            false
        }
    }
}

fn invalid_type<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, kind: &str) {
    c.report(
        node,
        Rule::InvalidMIMEType,
        format!("`type=\"{kind}\"` is not a media type such as `text/plain` (nor text, html or xhtml where allowed)"),
    );
}

/// A media type as Atom allows one in `content` and `link`: not a
/// composite (`multipart/…`) type.
fn is_atom_media_type(kind: &str) -> bool {
    let bare = kind.split(';').next().unwrap_or("").trim();
    crate::syntax::is_media_type(bare) && !bare.to_ascii_lowercase().starts_with("multipart/")
}

/// Returns true if and only if `content` needs a `summary` beside it: it
/// points elsewhere (`src`) or is not text or XML (base64).
pub(super) fn needs_summary(content: Node<'_, '_>) -> bool {
    if content.attribute("src").is_some() {
        return true;
    }
    match content.attribute("type") {
        None | Some("text" | "html" | "xhtml") => false,
        Some(kind) => {
            let kind = kind.to_ascii_lowercase();
            !(kind.starts_with("text/") || kind.ends_with("/xml") || kind.ends_with("+xml"))
        }
    }
}

/// A link's own attributes: its type, language and length.
pub(super) fn link_attributes<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if let Some(kind) = node.attribute("type")
        && !is_atom_media_type(kind)
    {
        invalid_type(c, node, kind);
    }
    if let Some(language) = node.attribute("hreflang") {
        c.language_attribute(node, "hreflang", language);
    }
    if let Some(length) = node.attribute("length")
        && length.trim().parse::<u64>().is_err()
    {
        c.report(
            node,
            Rule::InvalidNonNegativeInteger,
            format!("`length=\"{length}\"` is not a size in bytes"),
        );
    }
}

/// The link relations the W3C knows (IANA's registry as it kept it).
const RELATIONS: &[&str] = &[
    "alternate",
    "current",
    "describedby",
    "edit",
    "edit-media",
    "enclosure",
    "first",
    "hub",
    "last",
    "license",
    "next",
    "next-archive",
    "payment",
    "prev-archive",
    "previous",
    "related",
    "replies",
    "search",
    "self",
    "service",
    "up",
    "via",
];

/// An Atom link's `rel` (in Atom, or as `atom:link` in RSS): a relation
/// nobody registered warns (`UnregisteredAtomLinkRel`; a full URI is an
/// extension relation), and a relative `self` link of a feed or channel
/// warns (`RelativeSelf`), as the W3C warns, for a reader cannot tell the
/// feed's address from it (issue 26).
pub(super) fn link_relation<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let Some(rel) = node.attribute("rel") else {
        return;
    };
    let rel = rel
        .strip_prefix("http://www.iana.org/assignments/relation/")
        .unwrap_or(rel);
    let extension = rel.split_once(':').is_some_and(|(scheme, rest)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
    });
    if !RELATIONS.contains(&rel) && !extension && !rel.trim().is_empty() {
        c.report(
            node,
            Rule::UnregisteredAtomLinkRel,
            format!(
                "the link relation `{rel}` is not registered: use a registered one, or a full URI"
            ),
        );
    }
    let in_feed = node
        .parent_element()
        .is_some_and(|p| matches!(p.tag_name().name(), "feed" | "channel"));
    if rel == "self"
        && in_feed
        && let Some(href) = node.attribute("href")
    {
        let has_host = |value: &str| url::Url::parse(value.trim()).is_ok_and(|u| u.has_host());
        let based = node.ancestors().any(|n| {
            n.attribute((super::xml::XML_NS, "base"))
                .is_some_and(has_host)
        });
        if !has_host(href) && !based {
            c.report(
                node,
                Rule::RelativeSelf,
                format!("the feed's `self` link `{href}` is relative: give the feed's full URL"),
            );
        }
    }
}

/// At most one alternate link per type and language in a feed, entry or
/// source.
pub(super) fn duplicate_alternates<'input>(c: &mut Checker<'_, 'input>, parent: Node<'_, 'input>) {
    let mut seen: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    for link in elements(parent).filter(|n| n.has_tag_name((ATOM, "link"))) {
        if link.attribute("rel").unwrap_or("alternate") != "alternate" {
            continue;
        }
        let key = (link.attribute("type"), link.attribute("hreflang"));
        if seen.contains(&key) {
            // Found once every link is seen: where the parent closes.
            c.report_at(
                parent.range().end.saturating_sub(1),
                Rule::DuplicateAtomLink,
                format!(
                    "two alternate links have the same `type` and `hreflang`, the second at `{}`",
                    link.attribute("href").unwrap_or("")
                ),
            );
        }
        seen.push(key);
    }
}

/// A category needs its `term`; its `scheme` is an absolute IRI.
pub(super) fn category<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if node.attribute("term").is_none() {
        c.report(node, Rule::MissingAttribute, "`category` has no `term`");
    }
    if let Some(scheme) = node.attribute("scheme") {
        c.full_link(node, scheme);
    }
}

/// Every `xml:lang` in the document is a language code (or empty).
pub(super) fn languages<'input>(c: &mut Checker<'_, 'input>, root: Node<'_, 'input>) {
    for node in root.descendants().filter(Node::is_element) {
        if let Some(language) = node.attribute((XML_NS, "lang"))
            && !language.is_empty()
        {
            c.language_attribute(node, "xml:lang", language);
        }
    }
}

/// An Atom id of the `urn:` or `tag:` schemes has their forms: a UUID of
/// 32 hexadecimal digits in five groups, a namespace and its string, or a
/// tagging entity, a date and a name (RFC 4122, RFC 2141, RFC 4151).
/// Returns false if and only if it reported the id.
pub(super) fn id_scheme<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) -> bool {
    let id = text(node);
    let id = id.trim();
    let lower = id.to_ascii_lowercase();
    if let Some(uuid) = lower.strip_prefix("urn:uuid:") {
        let groups: Vec<&str> = uuid.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        let hex = groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
        if lengths != [8, 4, 4, 4, 12] || !hex {
            c.report(node, Rule::InvalidUUID, format!("`{id}` is not a UUID URN"));
            return false;
        }
    } else if let Some(rest) = lower.strip_prefix("urn:") {
        let valid = rest.split_once(':').is_some_and(|(nid, nss)| {
            (2..=32).contains(&nid.len())
                && nid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !nid.starts_with('-')
                && !nss.is_empty()
                && nss
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"()+,.:=@;$_!*'-%/?#".contains(&b))
        });
        if !valid {
            c.report(
                node,
                Rule::InvalidURN,
                format!("`{id}` is not a URN (`urn:NID:string`)"),
            );
            return false;
        }
    } else if let Some(rest) = id.strip_prefix("tag:") {
        // tag:authority,YYYY[-MM[-DD]]:specific, the authority a domain
        // name or an e-mail address (RFC 4151).
        let valid = rest.split_once(':').is_some_and(|(head, specific)| {
            head.rsplit_once(',').is_some_and(|(authority, date)| {
                let (user, domain) = authority.rsplit_once('@').unwrap_or(("", authority));
                let domain_ok = !domain.is_empty()
                    && domain.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'
                    });
                let user_ok = user
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b));
                let date_ok = [4, 7, 10].contains(&date.len())
                    && date.bytes().enumerate().all(|(i, b)| {
                        if i == 4 || i == 7 {
                            b == b'-'
                        } else {
                            b.is_ascii_digit()
                        }
                    });
                let specific_ok = specific
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b";/?:@&=+$.-_!~*'()%,#".contains(&b));
                domain_ok && user_ok && date_ok && specific_ok
            })
        });
        if !valid {
            c.report(
                node,
                Rule::InvalidTAG,
                format!("`{id}` is not a tag URI (`tag:example.org,2024:name`)"),
            );
            return false;
        }
    }
    true
}

/// RFC 5005: a complete feed links no archive or page, and its `current`
/// is itself.
pub(super) fn complete_feed<'input>(
    c: &mut Checker<'_, 'input>,
    feed: Node<'_, 'input>,
    self_url: Option<&str>,
) {
    const HISTORY: &str = "http://purl.org/syndication/history/1.0";
    if !elements(feed).any(|n| n.has_tag_name((HISTORY, "complete"))) {
        return;
    }
    for link in elements(feed).filter(|n| n.has_tag_name((ATOM, "link"))) {
        match link.attribute("rel") {
            Some(
                rel @ ("prev-archive" | "next-archive" | "first" | "last" | "next" | "previous"),
            ) => {
                c.report(
                    link,
                    Rule::FeedRelInCompleteFeed,
                    format!("a complete feed (`fh:complete`) has no `{rel}` link"),
                );
            }
            Some("current") if link.attribute("href") != self_url => c.report(
                link,
                Rule::CurrentNotSelfInCompleteFeed,
                "a complete feed's `current` link must be the feed itself",
            ),
            _ => {}
        }
    }
}

/// The URL the W3C validator takes a document to be served from: the
/// `href` of its first `self` link, when that is an http(s) URL.
fn document_base(node: Node<'_, '_>) -> Option<url::Url> {
    let href = node
        .document()
        .descendants()
        .filter(|n| n.tag_name().name() == "link" && n.attribute("rel") == Some("self"))
        .find_map(|n| n.attribute("href"))?;
    url::Url::parse(href.trim())
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
}

/// Warns of an Atom link whose `href` points back at the `xml:base` it is
/// resolved against, where that base is not the document's own URL
/// (`SameDocumentReference`): readers that resolve it land on another
/// page than the feed's author meant, often an empty `href`.
pub(super) fn same_document<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    href: &str,
) {
    let Some(document) = document_base(node) else {
        return;
    };
    let mut bases: Vec<&str> = node
        .ancestors()
        .filter_map(|n| n.attribute((XML_NS, "base")))
        .collect();
    if bases.is_empty() {
        return;
    }
    bases.reverse();
    let mut base = document.clone();
    for value in bases {
        match base.join(value) {
            Ok(joined) => base = joined,
            Err(_) => return,
        }
    }
    let Ok(target) = base.join(href) else { return };
    let without_fragment = |url: &url::Url| {
        let mut url = url.clone();
        url.set_fragment(None);
        url
    };
    let (document, base, target) = (
        without_fragment(&document),
        without_fragment(&base),
        without_fragment(&target),
    );
    if target == base && base != document {
        c.report(
            node,
            Rule::SameDocumentReference,
            format!(
                "`href=\"{href}\"` points at its own xml:base `{base}`, which is not the feed's URL `{document}`"
            ),
        );
    }
}

/// The first address written in angle brackets in `name`
/// (`Iris Moss <iris@example.org>`), as the W3C validator finds one: a
/// local part of the characters an address may hold, and a domain of two
/// labels or more.
pub(super) fn bracketed_address(name: &str) -> Option<&str> {
    const LOCAL: &str = "_-+.'!#$%&*/=?^`{|}~";
    let local_char = |ch: char| ch.is_ascii_alphanumeric() || LOCAL.contains(ch);
    let label_char = |ch: char| ch.is_ascii_alphanumeric() || ch == '-';
    name.match_indices('<').find_map(|(start, _)| {
        let rest = &name[start + 1..];
        let at = rest.find(|ch: char| !local_char(ch))?;
        if at == 0 || !rest[at..].starts_with('@') {
            return None;
        }
        let domain = &rest[at + 1..];
        let end = domain.find(|ch: char| !(label_char(ch) || ch == '.'))?;
        if !domain[end..].starts_with('>') {
            return None;
        }
        let labels: Vec<&str> = domain[..end].split('.').collect();
        let last = labels.last()?;
        (labels.len() >= 2
            && labels.iter().all(|label| !label.is_empty())
            && last.starts_with(|ch: char| ch.is_ascii_alphanumeric()))
        .then(|| &rest[..at + 1 + end])
    })
}

#[cfg(test)]
mod tests {
    use super::bracketed_address;

    #[test]
    fn addresses_in_names_as_the_w3c_finds_them() {
        assert_eq!(
            bracketed_address("Iris <iris@harbour.example.net>"),
            Some("iris@harbour.example.net")
        );
        assert_eq!(bracketed_address("Iris <iris@localhost>"), None);
        assert_eq!(bracketed_address("Iris iris@harbour.example.net"), None);
        assert_eq!(bracketed_address("<b> <a@b.c>"), Some("a@b.c"));
        assert_eq!(bracketed_address("Iris <@harbour.example.net>"), None);
    }
}
