//! What the RSS and Atom checks share: a [`Checker`] that records findings
//! at a document's nodes, and helpers to read its elements.

use crate::dates::{self, Implausible};
use crate::diagnostic::Diagnostic;
use crate::html::tokens;
pub(crate) use crate::links::is_full_url;
use crate::rule::Rule;
use chrono::{DateTime, FixedOffset};
use roxmltree::{Document, Node};
use std::path::Path;

/// The Atom namespace.
pub(crate) const ATOM: &str = "http://www.w3.org/2005/Atom";

/// A finding of `rule`, with the rule's severity.
pub(crate) fn finding(
    path: &Path,
    line: Option<usize>,
    rule: Rule,
    message: impl Into<String>,
) -> Diagnostic {
    let diagnostic = Diagnostic::finding(path, rule, message);
    match line {
        Some(line) => diagnostic.at(line, None),
        None => diagnostic,
    }
}

/// Sorts findings in the document's order, drops repeats of one finding (a URI two rules
/// look at), and unless `all`, keeps only the first finding of each rule
/// about each element name (in its parent's; and for a `Missing…` rule,
/// each thing missing): the W3C validator's default (its web service
/// reports a problem class once per element, with a count), so that
/// `check`'s totals can be compared with the W3C's, and a feed with the
/// same mistake in 100 items says so once (issue 26).
pub(crate) fn count(mut found: Vec<(Diagnostic, String, usize)>, all: bool) -> Vec<Diagnostic> {
    // In the document's order: by line, then where on it.
    found.sort_by(|(a, _, a_at), (b, _, b_at)| {
        (a.line, a_at, a.severity, &a.message).cmp(&(b.line, b_at, b.severity, &b.message))
    });
    found.dedup_by(|(a, _, _), (b, _, _)| a == b);
    if !all {
        let mut seen = std::collections::HashSet::new();
        found.retain(|(d, element, _)| seen.insert((d.rule, element.clone())));
    }
    found.into_iter().map(|(d, _, _)| d).collect()
}

/// Findings about one document, with its positions.
pub(crate) struct Checker<'a, 'input> {
    path: &'a Path,
    doc: &'a Document<'input>,
    now: i64,
    /// Each finding, with the name of the element it is about (empty when
    /// none), by which findings are counted once (see [`count`]).
    found: Vec<(Diagnostic, String, usize)>,
}

impl<'a, 'input> Checker<'a, 'input> {
    /// A checker of `doc`, the file at `path`.
    pub(crate) fn new(path: &'a Path, doc: &'a Document<'input>, now: i64) -> Self {
        Checker {
            path,
            doc,
            now,
            found: Vec::new(),
        }
    }

    /// What it found, sorted; with `all`, every occurrence, else each
    /// rule once per element name (see [`count`]).
    pub(crate) fn into_found(self, all: bool) -> Vec<Diagnostic> {
        count(self.found, all)
    }

    /// Records a finding at a node's line. A missing child is found, and
    /// reported, where its parent closes, as the W3C validator finds it: so
    /// the problems inside an element come before what it lacks.
    pub(crate) fn report(
        &mut self,
        node: Node<'_, 'input>,
        rule: Rule,
        message: impl Into<String>,
    ) {
        let at = match rule {
            Rule::MissingElement
            | Rule::MissingTitle
            | Rule::MissingLink
            | Rule::MissingDescription
            | Rule::ItemMustContainTitleOrDescription
            | Rule::MissingGuid
            | Rule::MissingContentOrAlternate
            | Rule::MissingSummary
            | Rule::MediaGroupWithoutAlternatives => node.range().end.saturating_sub(1),
            _ => node.range().start,
        };
        let line = self.doc.text_pos_at(at).row as usize;
        let name = |node: Node<'_, '_>| match node.tag_name().namespace() {
            Some(namespace) => format!("{{{namespace}}}{}", node.tag_name().name()),
            None => node.tag_name().name().to_owned(),
        };
        let parent = node.parent_element().map(name).unwrap_or_default();
        let finding = finding(self.path, Some(line), rule, message);
        // The W3C's key is the event's parameters but its value: the
        // element, its parent, and for what is missing, what is missing.
        let mut key = format!("{} in {parent}", name(node));
        if rule.name().starts_with("Missing") {
            key.push_str(&finding.message);
        }
        self.found.push((finding, key, at));
    }

    /// Records a finding at the line of a byte offset in the document.
    pub(crate) fn report_at(&mut self, at: usize, rule: Rule, message: impl Into<String>) {
        let line = self.doc.text_pos_at(at).row as usize;
        let finding = finding(self.path, Some(line), rule, message);
        let key = finding.message.clone();
        self.found.push((finding, key, at));
    }

    /// Checks an RFC 822 date (RSS).
    pub(crate) fn rfc822(&mut self, node: Node<'_, 'input>) -> Option<DateTime<FixedOffset>> {
        let value = text(node);
        let value = value.trim();
        // RFC 822 allows comments in parentheses anywhere; they mean nothing.
        let uncommented = without_comments(value);
        match DateTime::parse_from_rfc2822(&uncommented) {
            Ok(date) => {
                self.plausible(node, date);
                Some(date)
            }
            Err(_) => {
                let without_weekday = uncommented.split_once(", ").map(|(_, rest)| rest);
                if without_weekday.is_some_and(|rest| DateTime::parse_from_rfc2822(rest).is_ok()) {
                    self.report(
                        node,
                        Rule::IncorrectDOW,
                        format!("`{value}` names the wrong day of the week"),
                    );
                } else {
                    self.report(
                        node,
                        Rule::InvalidRFC2822Date,
                        format!("`{value}` is not an RFC 822 date such as `Sun, 11 Aug 2024 21:00:00 +0200`"),
                    );
                }
                None
            }
        }
    }

    /// Checks an RFC 3339 date (Atom).
    pub(crate) fn rfc3339(&mut self, node: Node<'_, 'input>) -> Option<DateTime<FixedOffset>> {
        let value = text(node);
        let value = value.trim();
        let shaped = value.len() >= 20 && value.as_bytes().get(10) == Some(&b'T');
        match DateTime::parse_from_rfc3339(value) {
            Ok(date) if shaped => {
                self.plausible(node, date);
                Some(date)
            }
            _ => {
                self.report(
                    node,
                    Rule::InvalidRFC3339Date,
                    format!(
                        "`{value}` is not an RFC 3339 date such as `2024-08-11T21:00:00+02:00`"
                    ),
                );
                None
            }
        }
    }

    fn plausible(&mut self, node: Node<'_, 'input>, date: DateTime<FixedOffset>) {
        let why = match dates::implausible(date.timestamp(), self.now) {
            Some(Implausible::Future) => "is in the future",
            Some(Implausible::TooOld) => "is before 1990",
            None => return,
        };
        self.report(
            node,
            Rule::ImplausibleDate,
            format!("{} {why}", date.to_rfc3339()),
        );
    }

    /// Reports a URI reference that holds a character no URI may
    /// (`InvalidUriChar`); returns true if and only if it did. The message
    /// is the same wherever the URI is found, so that a URI two rules look
    /// at is reported once.
    pub(crate) fn uri_chars(&mut self, node: Node<'_, 'input>, value: &str) -> bool {
        let Some(ch) = invalid_uri_char(value) else {
            return false;
        };
        self.report(
            node,
            Rule::InvalidUriChar,
            format!("`{value}` holds {ch:?}, which no URI may"),
        );
        true
    }

    /// Checks an attribute that holds a language code (`hreflang`, `lang`,
    /// `xml:lang`, …): `InvalidLanguage` when it is not one.
    pub(crate) fn language_attribute(&mut self, node: Node<'_, 'input>, name: &str, value: &str) {
        if !crate::syntax::is_language_tag(value) {
            self.report(
                node,
                Rule::InvalidLanguage,
                format!("`{name}=\"{value}\"` is not a language code"),
            );
        }
    }

    /// Checks that a link is an absolute URL (and first, that it holds no
    /// character a URI may not).
    pub(crate) fn full_link(&mut self, node: Node<'_, 'input>, value: &str) {
        if value.trim().is_empty() {
            let prefix = node
                .tag_name()
                .namespace()
                .and_then(|ns| node.lookup_prefix(ns))
                .map_or(String::new(), |p| format!("{p}:"));
            self.report(
                node,
                Rule::InvalidFullLink,
                format!(
                    "`{prefix}{}` is empty, but must be an absolute URL",
                    node.tag_name().name()
                ),
            );
        } else if node.tag_name().namespace() != Some(ATOM) && !value.is_ascii() {
            // RSS links are URIs (RFC 2396), not IRIs, as the W3C reads
            // them.
            self.report(
                node,
                Rule::UriNotIri,
                format!(
                    "`{}` holds characters outside ASCII: percent-encode them",
                    value.trim()
                ),
            );
        } else if !self.uri_chars(node, value.trim()) && !is_full_url(value) {
            self.report(
                node,
                Rule::InvalidFullLink,
                format!("`{}` is not an absolute URL", value.trim()),
            );
        }
    }

    /// Checks a plain-text element for HTML that readers may render;
    /// `rule` is `ContainsHTML` in RSS, `ContainsUndeclaredHTML` in Atom.
    pub(crate) fn plain_text(&mut self, node: Node<'_, 'input>, rule: Rule) {
        let value = text(node);
        if let Some(tag) = crate::plain::end_tag(&value) {
            self.report(
                node,
                rule,
                format!(
                    "`{}` holds `{tag}`, which readers may render as HTML",
                    node.tag_name().name()
                ),
            );
        }
    }

    /// Checks escaped HTML content: dangerous elements and attributes, and
    /// relative URLs.
    pub(crate) fn html(&mut self, node: Node<'_, 'input>, html: &str) {
        let element = node.tag_name().name();
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            rest = &rest[lt..];
            let Some((tag, length)) = tokens::parse_tag(rest) else {
                rest = &rest[1..];
                continue;
            };
            rest = &rest[length..];
            if tag.closing {
                continue;
            }
            if RISKY_ELEMENTS.contains(&tag.name.as_str()) {
                self.report(
                    node,
                    Rule::SecurityRisk,
                    format!("`{element}` holds the element `{}`", tag.name),
                );
            }
            for (attribute, value) in &tag.attributes {
                if attribute == "style" && !RISKY_ELEMENTS.contains(&tag.name.as_str()) {
                    let style = tokens::decode_entities(value.unwrap_or(""));
                    for part in super::style::unsafe_parts(&style) {
                        self.report(
                            node,
                            Rule::DangerousStyleAttr,
                            format!(
                                "`{element}` holds the inline style `{part}`, which readers strip"
                            ),
                        );
                    }
                }
                if attribute.starts_with("on") {
                    self.report(
                        node,
                        Rule::SecurityRiskAttr,
                        format!("`{element}` holds the attribute `{attribute}`"),
                    );
                }
                if matches!(attribute.as_str(), "href" | "src") {
                    let url = tokens::decode_entities(value.unwrap_or(""));
                    let url: String = url
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect();
                    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                    match scheme.as_deref() {
                        Some("javascript" | "vbscript" | "data") => self.report(
                            node,
                            Rule::DangerousURL,
                            format!(
                                "`{element}` links to a `{}:` URL",
                                scheme.as_deref().unwrap_or("")
                            ),
                        ),
                        Some(s)
                            if !s.is_empty()
                                && s.chars()
                                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) => {}
                        _ if url.starts_with('#') || url.is_empty() => {}
                        _ => self.report(
                            node,
                            Rule::ContainsRelRef,
                            format!("`{element}` has the relative URL `{url}`"),
                        ),
                    }
                }
            }
        }
    }
}

/// HTML elements that feed readers must not run or embed (the W3C's list).
const RISKY_ELEMENTS: &[&str] = &[
    "applet",
    "base",
    "basefont",
    "bdo",
    "body",
    "comment",
    "embed",
    "frame",
    "frameset",
    "head",
    "html",
    "iframe",
    "isindex",
    "link",
    "listing",
    "meta",
    "noframes",
    "object",
    "param",
    "plaintext",
    "script",
    "slot",
    "style",
    "title",
    "xmp",
];

/// Reports the elements of `namespace` that appear more than once in
/// `parent` although `names` allows them once.
pub(crate) fn once<'input>(
    c: &mut Checker<'_, 'input>,
    parent: Node<'_, 'input>,
    namespace: Option<&str>,
    names: &[&str],
) {
    let mut seen: Vec<&str> = Vec::new();
    for child in elements(parent).filter(|n| n.tag_name().namespace() == namespace) {
        let name = child.tag_name().name();
        if names.contains(&name) {
            if seen.contains(&name) {
                c.report(
                    child,
                    Rule::DuplicateElement,
                    format!("`{}` has more than one `{name}`", parent.tag_name().name()),
                );
            }
            seen.push(name);
        }
    }
}

/// Returns true if and only if `node` has a child element `name` in `namespace`.
pub(crate) fn has(node: Node<'_, '_>, namespace: Option<&str>, name: &str) -> bool {
    elements(node).any(|n| n.tag_name().name() == name && n.tag_name().namespace() == namespace)
}

/// All the text inside a node (CDATA included).
pub(crate) fn text(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// The element children of a node.
pub(crate) fn elements<'a, 'input>(
    node: Node<'a, 'input>,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(Node::is_element)
}

/// Returns true if and only if `text` is an e-mail address as feed
/// validators read one (RFC 5322's addr-spec, the domain without a dot
/// allowed): looser than what byline asks of its own config.
pub(crate) fn is_address(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-+.'!#$%&*/=?^`{|}~".contains(&b))
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The address in an RSS contact (`author`, `managingEditor`,
/// `webMaster`), read as the W3C reads one: an optional `mailto:`
/// (percent-decoded), then `Name <address>`, or an address followed by a
/// comment in parentheses.
pub(crate) fn contact_address(value: &str) -> String {
    let value = value.trim();
    let value = match value.strip_prefix("mailto:") {
        Some(rest) => percent_decode(rest),
        None => value.to_owned(),
    };
    if let (Some(open), Some(close)) = (value.find('<'), value.rfind('>'))
        && open < close
    {
        return value[open + 1..close].trim().to_owned();
    }
    // Drop comments in parentheses.
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in value.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out.trim().to_owned()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first character a URI (or IRI) reference may not hold: white space,
/// a control character, one of `<>"{}|\\^` and backquote, or a `%` that
/// does not start an escape.
pub(crate) fn invalid_uri_char(value: &str) -> Option<char> {
    let bytes = value.as_bytes();
    for (i, ch) in value.char_indices() {
        let bad = match ch {
            '%' => {
                !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            }
            '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`' => true,
            ch => ch.is_whitespace() || ch.is_control(),
        };
        if bad {
            return Some(ch);
        }
    }
    None
}

impl<'input> Checker<'_, 'input> {
    /// Reports URI references with characters no URI may hold, in the
    /// attributes that hold one (`href`, `src`, `scheme`, `uri`, `url`,
    /// `xml:base`) anywhere in the document, and in Atom's `icon`, `logo`
    /// and `uri` elements.
    pub(crate) fn uri_characters(&mut self, root: Node<'_, 'input>) {
        for node in root.descendants().filter(Node::is_element) {
            // An enclosure's URL and a podcast's image are judged as http
            // URLs where they are checked.
            let http_only = node.has_tag_name("enclosure")
                || node.has_tag_name(("http://www.itunes.com/dtds/podcast-1.0.dtd", "image"));
            for attribute in node.attributes().filter(|_| !http_only) {
                let holds_uri = match attribute.namespace() {
                    None => matches!(attribute.name(), "href" | "src" | "scheme" | "uri" | "url"),
                    Some(ns) => ns == XML_NS && attribute.name() == "base",
                };
                if holds_uri {
                    self.uri_chars(node, attribute.value());
                }
            }
            if node.tag_name().namespace() == Some(ATOM)
                && matches!(node.tag_name().name(), "icon" | "logo" | "uri")
            {
                self.uri_chars(node, text(node).trim());
            }
        }
    }
}

/// The XML namespace, of `xml:base` and `xml:lang`.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// `value` without RFC 822 comments (text in parentheses, which may nest),
/// its white space folded.
fn without_comments(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut depth = 0usize;
    let mut chars = value.chars();
    while let Some(ch) = chars.next() {
        match ch {
            // A quoted character inside a comment is part of it.
            '\\' if depth > 0 => {
                chars.next();
            }
            '(' => {
                depth += 1;
                out.push(' ');
            }
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    let folded = out.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.replace(" ,", ",")
}
