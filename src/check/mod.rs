//! `byline check`: an offline validation gate for feeds, byline's own and
//! anyone's.
//!
//! [`check_feed`] judges one file's bytes. The format is detected from the
//! content (the root element), not the file name. The rules follow what the
//! W3C Feed Validation Service checks in real feeds, under the W3C's own
//! names where it has one, so a finding can be looked up in its
//! documentation; [`Rule`] lists them all with their severity. Each finding
//! is a [`Diagnostic`] with its rule, file and line.
//!
//! Checking reads the clock once, for `ImplausibleDate`: what a check
//! reports may change with time, what a build writes never does.

mod atom;
mod rss;

use crate::diagnostic::Diagnostic;
use crate::format::Format;
use crate::html::sanitize;
use chrono::{DateTime, FixedOffset};
use roxmltree::{Document, Node};
use std::path::Path;

/// The Atom namespace.
pub(crate) const ATOM: &str = "http://www.w3.org/2005/Atom";

pub use crate::rule::Rule;

/// Checks one feed file of any format, found from its content (not its
/// name); `now` (seconds since 1970) judges future dates.
pub fn check_feed(path: &Path, bytes: &[u8], now: i64) -> Vec<Diagnostic> {
    check(None, path, bytes, now)
}

/// Checks a file byline wrote in `format`: only that format's rules run, and
/// a file of another format is a finding.
pub fn check_as(format: Format, path: &Path, bytes: &[u8], now: i64) -> Vec<Diagnostic> {
    check(Some(format), path, bytes, now)
}

fn check(expected: Option<Format>, path: &Path, bytes: &[u8], now: i64) -> Vec<Diagnostic> {
    let text = match decode(path, bytes) {
        Ok(text) => text,
        Err(problem) => return vec![problem],
    };
    if text.trim_start().starts_with('{') {
        return vec![finding(
            path,
            None,
            Rule::UnknownFormat,
            "JSON Feed is not checked yet: byline checks RSS 2.0 and Atom 1.0",
        )];
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(&text, options) {
        Ok(doc) => doc,
        Err(e) => {
            let rule = match e {
                roxmltree::Error::UnknownNamespace(..) => Rule::MissingNamespace,
                _ => Rule::SAXError,
            };
            let message = e.to_string();
            let message = message.split(" at ").next().unwrap_or(&message).to_owned();
            return vec![finding(path, Some(e.pos().row as usize), rule, message)];
        }
    };
    let mut checker = Checker {
        path,
        doc: &doc,
        now,
        found: Vec::new(),
    };
    let root = doc.root_element();
    let found = match (root.tag_name().namespace(), root.tag_name().name()) {
        (None, "rss") => Some(Format::Rss),
        (Some(ATOM), "feed") => Some(Format::Atom),
        _ => None,
    };
    match (found, expected) {
        (Some(found), Some(expected)) if found != expected => checker.report(
            root,
            Rule::UnknownFormat,
            format!(
                "this is {}, but it should be {}",
                found.name(),
                expected.name()
            ),
        ),
        (Some(Format::Rss), _) => rss::check(&mut checker, root),
        (Some(Format::Atom), _) => atom::check(&mut checker, root),
        (None, _) => checker.report(
            root,
            Rule::UnknownFormat,
            format!(
                "the root element is `{}`: this is not an RSS 2.0 or Atom 1.0 feed",
                root.tag_name().name()
            ),
        ),
    }
    let mut found = checker.found;
    crate::diagnostic::sort(&mut found);
    found
}

/// A finding of `rule`, with the rule's severity.
fn finding(path: &Path, line: Option<usize>, rule: Rule, message: impl Into<String>) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(path, message).rule(rule);
    diagnostic.severity = rule.severity();
    match line {
        Some(line) => diagnostic.at(line, None),
        None => diagnostic,
    }
}

/// Decodes a feed in the encoding its XML declaration names.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.starts_with(b"\xfe\xff") || bytes.starts_with(b"\xff\xfe") {
        return Err(finding(
            path,
            Some(1),
            Rule::UnsupportedEncoding,
            "UTF-16 feeds are not checked: publish UTF-8",
        ));
    }
    let encoding = declared_encoding(bytes).unwrap_or_else(|| "utf-8".to_owned());
    match encoding.as_str() {
        "utf-8" | "utf8" => String::from_utf8(bytes.to_vec()).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            finding(
                path,
                Some(line),
                Rule::UnicodeError,
                format!(
                    "the bytes at offset {offset} are not UTF-8, the encoding the file declares"
                ),
            )
        }),
        "us-ascii" | "ascii" => match bytes.iter().position(|b| !b.is_ascii()) {
            Some(offset) => {
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                Err(finding(
                    path,
                    Some(line),
                    Rule::UnicodeError,
                    format!(
                        "the byte at offset {offset} is not US-ASCII, the encoding the file declares"
                    ),
                ))
            }
            None => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        },
        "iso-8859-1" | "latin1" | "latin-1" | "iso8859-1" => {
            Ok(bytes.iter().map(|&b| char::from(b)).collect())
        }
        other => Err(finding(
            path,
            Some(1),
            Rule::UnsupportedEncoding,
            format!("the encoding `{other}` is not checked: publish UTF-8"),
        )),
    }
}

/// The encoding an XML declaration names, lowercased.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = std::str::from_utf8(&bytes[..bytes.len().min(200)])
        .ok()
        .or_else(|| {
            let end = bytes.iter().take(200).position(|&b| b == b'>')?;
            std::str::from_utf8(&bytes[..end]).ok()
        })?;
    let declaration = head.strip_prefix("<?xml")?.split("?>").next()?;
    let rest = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest[1..].split(quote).next()?;
    Some(value.trim().to_ascii_lowercase())
}

/// Findings about one document, with its positions.
pub(crate) struct Checker<'a, 'input> {
    path: &'a Path,
    doc: &'a Document<'input>,
    now: i64,
    found: Vec<Diagnostic>,
}

impl<'input> Checker<'_, 'input> {
    /// Records a finding at a node's line.
    pub(crate) fn report(
        &mut self,
        node: Node<'_, 'input>,
        rule: Rule,
        message: impl Into<String>,
    ) {
        let line = self.doc.text_pos_at(node.range().start).row as usize;
        self.found
            .push(finding(self.path, Some(line), rule, message));
    }

    /// Checks an RFC 822 date (RSS).
    pub(crate) fn rfc822(&mut self, node: Node<'_, 'input>) -> Option<DateTime<FixedOffset>> {
        let value = text(node);
        let value = value.trim();
        match DateTime::parse_from_rfc2822(value) {
            Ok(date) => {
                self.plausible(node, date);
                Some(date)
            }
            Err(_) => {
                let without_weekday = value.split_once(", ").map(|(_, rest)| rest);
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
        if date.timestamp() > self.now + 86_400 {
            self.report(
                node,
                Rule::ImplausibleDate,
                format!("{} is in the future", date.to_rfc3339()),
            );
        } else if date.timestamp() < 631_152_000 {
            self.report(
                node,
                Rule::ImplausibleDate,
                format!("{} is before 1990", date.to_rfc3339()),
            );
        }
    }

    /// Checks that a link is an absolute URL.
    pub(crate) fn full_link(&mut self, node: Node<'_, 'input>, value: &str) {
        if !is_full_url(value) {
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
            let Some((tag, length)) = sanitize::parse_tag(rest) else {
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
                if attribute.starts_with("on") {
                    self.report(
                        node,
                        Rule::SecurityRiskAttr,
                        format!("`{element}` holds the attribute `{attribute}`"),
                    );
                }
                if matches!(attribute.as_str(), "href" | "src") {
                    let url = sanitize::decode_entities(value.unwrap_or(""));
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

/// Returns true if and only if `value` is an absolute URL with a scheme
/// (and, for http and https, a host).
pub(crate) fn is_full_url(value: &str) -> bool {
    match url::Url::parse(value.trim()) {
        Ok(url) => !matches!(url.scheme(), "http" | "https") || url.has_host(),
        Err(_) => false,
    }
}
