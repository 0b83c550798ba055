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
//! reports may change with time, what a build writes never does. It reads
//! one file beside the one checked: a podcast's cover published next to
//! its feed (the first MB of a regular file), for the podcast pre-flight.

mod atom;
mod atom_parts;
pub(crate) mod diff;
mod encoding;
mod extensions;
mod html;
mod json;
mod media;
pub(crate) mod podcast;
mod rss;
mod rss_channel;
mod style;
mod xml;

use crate::diagnostic::Diagnostic;
use crate::format::{Format, Output};
use roxmltree::Document;
use std::path::Path;
use xml::{ATOM, Checker, finding};

pub(crate) use crate::rule::Rule;

/// How a file is judged, beside its bytes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Judging<'a> {
    /// The clock future dates are judged by, in seconds since 1970.
    pub(crate) now: i64,
    /// Every occurrence of a finding, not each rule once per element
    /// (`--all`).
    pub(crate) all: bool,
    /// The HTTP charset the file was served with (`--content-type`), which
    /// wins over what the file declares.
    pub(crate) charset: Option<&'a str>,
}

/// The `charset` parameter of an HTTP `Content-Type`
/// (`application/rss+xml; charset=utf-8`), unquoted.
pub(crate) fn charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"'))
            .filter(|v| !v.is_empty())
    })
}

/// Checks one feed file of any format, found from its content (not its
/// name).
pub(crate) fn check_feed(path: &Path, bytes: &[u8], judging: Judging<'_>) -> Vec<Diagnostic> {
    let mut found = check(None, &[], path, bytes, judging);
    // A page is not fetched by feed readers: only feeds have a budget.
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).to_ascii_lowercase();
    let page = ["<!doctype html", "<html"].iter().any(|start| {
        head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .starts_with(start)
    });
    if !page {
        found.extend(crate::budget::check_file(path, bytes.len()));
    }
    found
}

/// Checks a file byline wrote in `format` for a feed with the files `feed`:
/// only that format's rules run, and a file of another format is a finding.
pub(crate) fn check_as(
    format: Format,
    feed: &[Output],
    path: &Path,
    bytes: &[u8],
    now: i64,
) -> Vec<Diagnostic> {
    let judging = Judging {
        now,
        ..Judging::default()
    };
    check(Some(format), feed, path, bytes, judging)
}

fn check(
    expected: Option<Format>,
    feed: &[Output],
    path: &Path,
    bytes: &[u8],
    judging: Judging<'_>,
) -> Vec<Diagnostic> {
    let now = judging.now;
    if json::looks_like_json(bytes) {
        if let Some(expected @ (Format::Rss | Format::Atom | Format::Html)) = expected {
            return vec![finding(
                path,
                None,
                Rule::UnknownFormat,
                format!("this is JSON Feed, but it should be {}", expected.name()),
            )];
        }
        return json::check(path, bytes, now);
    }
    if let Some(kind) = infer::get(bytes)
        && kind.matcher_type() != infer::MatcherType::Text
    {
        return vec![finding(
            path,
            None,
            Rule::UnknownFormat,
            format!(
                "this is not a feed but a file of type `{}` (.{})",
                kind.mime_type(),
                kind.extension()
            ),
        )];
    }
    let (text, mut decoding) = match encoding::decode(path, bytes, judging.charset) {
        Ok(decoded) => decoded,
        Err(problem) => return vec![problem],
    };
    let start = text.trim_start();
    let starts = |prefix: &str| {
        start
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let found = if starts("<!doctype html") || starts("<html") {
        Some(Format::Html)
    } else {
        None
    };
    match (found, expected) {
        (Some(found), Some(expected)) if found != expected => {
            return vec![finding(
                path,
                None,
                Rule::UnknownFormat,
                format!(
                    "this is {}, but it should be {}",
                    found.name(),
                    expected.name()
                ),
            )];
        }
        (None, Some(expected @ (Format::Json | Format::Html))) => {
            return vec![finding(
                path,
                None,
                Rule::UnknownFormat,
                format!("this is not {}, but it should be", expected.name()),
            )];
        }
        (Some(Format::Html), _) => return html::check(path, &text, feed),
        _ => {}
    }
    // WordPress writes a blank line before the XML declaration; the W3C
    // moves the declaration first, to judge the rest (`WPBlankLine`).
    let mut text = text;
    if let Some(moved) = blank_line_before_declaration(&text) {
        decoding.push(finding(
            path,
            Some(1),
            Rule::WPBlankLine,
            "the file starts with a blank line before its XML declaration, which must come first",
        ));
        text = moved;
    }
    let found = match judge_xml(path, &text, expected, judging) {
        Ok(found) => found,
        Err(e) => {
            // What the W3C reports before the point where the parse failed
            // comes first (issue 26): the part of the document before the
            // failing line, its open elements closed, is judged too.
            // A document cut short fails where it ends, as the W3C finds.
            let row = match e {
                roxmltree::Error::UnclosedRootNode => text.matches('\n').count() + 1,
                _ => e.pos().row as usize,
            };
            let line_start = text
                .match_indices('\n')
                .nth(row.saturating_sub(2))
                .map_or(0, |(at, _)| if row > 1 { at + 1 } else { 0 });
            let at = match e {
                roxmltree::Error::UnclosedRootNode => text.len(),
                _ => text[line_start..]
                    .char_indices()
                    .nth((e.pos().col as usize).saturating_sub(1))
                    .map_or(text.len(), |(i, _)| line_start + i),
            };
            let mut found: Vec<Diagnostic> = well_formed_prefix(&text, at)
                .and_then(|prefix| judge_xml(path, &prefix, expected, judging).ok())
                .unwrap_or_default()
                .into_iter()
                // What is missing is not known before the end.
                .filter(|d| {
                    d.line.is_some_and(|line| line as usize <= row)
                        && !d.rule.is_some_and(|r| {
                            r.name().starts_with("Missing")
                                || matches!(
                                    r,
                                    Rule::ItemMustContainTitleOrDescription
                                        | Rule::MediaGroupWithoutAlternatives
                                )
                        })
                })
                .collect();
            // An undeclared prefix is an XML error like any other (the W3C
            // calls it SAXError too).
            let message = e.to_string();
            let message = message.split(" at ").next().unwrap_or(&message).to_owned();
            found.push(finding(path, Some(row), Rule::SAXError, message));
            found
        }
    };
    // By line, and on one line in the order found: what reading the bytes
    // found first, then the document's order (as the W3C lists them).
    decoding.extend(found);
    decoding.sort_by_key(|d| d.line);
    decoding
}

/// Judges a well-formed XML feed, or says why it is not well-formed.
fn judge_xml(
    path: &Path,
    text: &str,
    expected: Option<Format>,
    judging: Judging<'_>,
) -> Result<Vec<Diagnostic>, roxmltree::Error> {
    let now = judging.now;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let (respelled, declarations) = respell_itunes(text);
    let doc = Document::parse_with_options(respelled.as_deref().unwrap_or(text), options)?;
    let mut checker = Checker::new(path, &doc, now);
    for (at, written) in declarations {
        // At the element that declares it, as `ReservedPrefix` is found.
        let element = doc
            .descendants()
            .filter(roxmltree::Node::is_element)
            .take_while(|n| n.range().start <= at)
            .last();
        checker.report_at(
            element.map_or(at, |n| n.range().start),
            Rule::ReservedPrefix,
            format!(
                "the prefix `itunes` is bound to `{written}`, but readers know it as `{}`",
                media::ITUNES
            ),
        );
    }
    let root = doc.root_element();
    let found = match (root.tag_name().namespace(), root.tag_name().name()) {
        // An `rss` root in a namespace is RSS all the same, as the W3C
        // judges it (issue 26).
        (_, "rss") | (Some(rss::RDF), "RDF") => Some(Format::Rss),
        (Some(ATOM), "feed" | "entry") => Some(Format::Atom),
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
        (Some(Format::Rss), _) if root.tag_name().name() == "RDF" => rss::rdf(&mut checker, root),
        (Some(Format::Rss), _) if root.tag_name().namespace().is_some() => checker.report(
            root,
            Rule::InvalidNamespace,
            format!(
                "`rss` is in the namespace `{}`: RSS 2.0 has none, so no reader reads it",
                root.tag_name().namespace().unwrap_or_default()
            ),
        ),
        (Some(Format::Rss), _) => {
            deprecated_dtd(&mut checker, text);
            rss::check(&mut checker, root);
            // The podcast pre-flight on a feed written elsewhere; `build`
            // applies it to byline's own, at the lines of its config and
            // articles.
            if expected.is_none() {
                podcast::check(&mut checker, root, path);
            }
        }
        (Some(Format::Atom), _) if root.tag_name().name() == "entry" => {
            atom::check_entry(&mut checker, root);
        }
        (Some(Format::Atom), _) => atom::check(&mut checker, root),
        // Decided above, from the first characters.
        (Some(Format::Json | Format::Html), _) => {}
        // An Atom feed in another namespace, or in none: Atom 0.3's is
        // obsolete.
        (None, _) if root.tag_name().name() == "feed" => {
            let (rule, message) = match root.tag_name().namespace() {
                None => (
                    Rule::MissingNamespace,
                    "`feed` has no namespace: Atom's is http://www.w3.org/2005/Atom".to_owned(),
                ),
                Some(ns) if ns.starts_with("http://purl.org/atom/ns#") => (
                    Rule::ObsoleteNamespace,
                    format!("`{ns}` is Atom 0.3's namespace: publish Atom 1.0"),
                ),
                Some(ns) => (
                    Rule::InvalidNamespace,
                    format!("`{ns}` is not Atom's namespace, http://www.w3.org/2005/Atom"),
                ),
            };
            checker.report(root, rule, message);
        }
        // A byline feed of the wrong shape is in the wrong format; any
        // other XML has an element no feed has at its root, as the W3C
        // says it.
        (None, Some(_)) => checker.report(
            root,
            Rule::UnknownFormat,
            format!(
                "the root element is `{}`: this is not an RSS (0.90 to 2.0) or Atom 1.0 feed",
                root.tag_name().name()
            ),
        ),
        (None, None)
            if root.tag_name().namespace() == Some("http://www.w3.org/1999/xhtml")
                && root.tag_name().name() != "html" =>
        {
            checker.report(
                root,
                Rule::MisplacedXHTMLContent,
                "the root element is XHTML: this is a page or a piece of content, not a feed",
            );
        }
        (None, None) => checker.report(
            root,
            Rule::UndefinedElement,
            format!(
                "the root element is `{}`: this is not an RSS (0.90 to 2.0) or Atom 1.0 feed",
                root.tag_name().name()
            ),
        ),
    }
    if found.is_some() {
        checker.uri_characters(root);
        extensions::check(&mut checker, root);
    }
    Ok(checker.into_found(judging.all))
}

/// The text with the prefix `itunes` declared for Apple's namespace
/// written in other case (`http://www.itunes.com/DTDs/Podcast-1.0.dtd`, as
/// early podcast feeds have it) respelled as Apple's, with the byte offset
/// and the spelling of each declaration respelled. The W3C reads such a
/// namespace as the one it knows (and warns `ReservedPrefix`), so its
/// elements are judged as Apple's; the respelling keeps every offset.
fn respell_itunes(text: &str) -> (Option<String>, Vec<(usize, String)>) {
    let uri = media::ITUNES;
    let lower = text.to_ascii_lowercase();
    let mut declarations = Vec::new();
    for (at, _) in lower.match_indices(uri) {
        let written = &text[at..at + uri.len()];
        let before = text[..at].trim_end_matches(['"', '\'']);
        let quoted = at > 0
            && matches!(text.as_bytes()[at - 1], b'"' | b'\'')
            && text.as_bytes().get(at + uri.len()) == Some(&text.as_bytes()[at - 1]);
        let declared = before
            .trim_end()
            .strip_suffix('=')
            .is_some_and(|name| name.trim_end().ends_with("xmlns:itunes"));
        if written != uri && quoted && declared {
            declarations.push((at, written.to_owned()));
        }
    }
    if declarations.is_empty() {
        return (None, declarations);
    }
    let mut respelled = text.to_owned();
    for (at, _) in &declarations {
        respelled.replace_range(*at..*at + uri.len(), uri);
    }
    (Some(respelled), declarations)
}

/// The text with its XML declaration moved before the white space that
/// precedes it, when a WordPress feed has such (as the W3C reads it).
fn blank_line_before_declaration(text: &str) -> Option<String> {
    let start = text.find(|c: char| !c.is_whitespace())?;
    if start == 0 || !text[start..].starts_with("<?xml") {
        return None;
    }
    let generator = text.find("<generator")?;
    if !text[generator..]
        .split("</generator>")
        .next()
        .is_some_and(|g| g.contains("wordpress"))
    {
        return None;
    }
    let end = start + text[start..].find('>')? + 1;
    Some(format!(
        "{}{}{}",
        &text[start..end],
        &text[..start],
        &text[end..]
    ))
}

/// The document up to byte `cut`, with the elements still open there
/// closed, so that what comes before a well-formedness error can be
/// judged; `None` if there is no element to judge.
fn well_formed_prefix(text: &str, cut: usize) -> Option<String> {
    let mut cut = cut.min(text.len());
    let mut elements = 0;
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(lt) = text[at..cut].find('<').map(|n| at + n) {
        let rest = &text[lt..cut];
        let skip_to = |end: &str| rest.find(end).map(|n| lt + n + end.len());
        let next = if rest.starts_with("<!--") {
            skip_to("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>")
        } else if rest.starts_with("<?") {
            skip_to("?>")
        } else if rest.starts_with("<!") {
            skip_to(">")
        } else {
            // A tag: its end is the first `>` outside quotes.
            let mut quote = None;
            let end = rest
                .char_indices()
                .skip(1)
                .find_map(|(i, c)| match (quote, c) {
                    (Some(q), c) if c == q => {
                        quote = None;
                        None
                    }
                    (Some(_), _) => None,
                    (None, '"' | '\'') => {
                        quote = Some(c);
                        None
                    }
                    (None, '>') => Some(i),
                    _ => None,
                });
            end.map(|end| {
                let tag = &rest[..=end];
                if let Some(name) = tag.strip_prefix("</") {
                    let name = name.trim_end_matches('>').trim();
                    if open.last() == Some(&name) {
                        open.pop();
                    }
                } else if tag.ends_with("/>") {
                    elements += 1;
                } else {
                    elements += 1;
                    let name = tag[1..]
                        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                        .next()
                        .unwrap_or("");
                    open.push(name);
                }
                lt + end + 1
            })
        };
        match next {
            Some(next) => at = next,
            None => {
                cut = lt;
                break;
            }
        }
    }
    if elements == 0 {
        return None;
    }
    let mut prefix = text[..cut].to_owned();
    for name in open.iter().rev() {
        prefix.push_str(&format!("</{name}>"));
    }
    Some(prefix)
}

/// Netscape's RSS 0.91 DTD: its address no longer answers, so validators
/// that fetch it fail (the W3C calls it deprecated, an error).
fn deprecated_dtd(checker: &mut Checker<'_, '_>, text: &str) {
    const PUBLIC: &str = "-//Netscape Communications//DTD RSS 0.91//EN";
    const SYSTEM: &str = "http://my.netscape.com/publish/formats/rss-0.91.dtd";
    if let Some(at) = text.find("<!DOCTYPE")
        && let Some(end) = text[at..].find('>')
        && text[at..at + end].contains(PUBLIC)
        && text[at..at + end].contains(SYSTEM)
    {
        checker.report_at(
            at,
            Rule::DeprecatedDTD,
            "the document names Netscape's RSS 0.91 DTD, whose address no longer answers: remove the DOCTYPE",
        );
    }
}
