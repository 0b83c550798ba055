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
mod atom_parts;
pub(crate) mod diff;
mod encoding;
mod extensions;
mod html;
mod json;
mod media;
mod rss;
mod rss_channel;
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
    check(None, &[], path, bytes, judging)
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
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(&text, options) {
        Ok(doc) => doc,
        Err(e) => {
            // An undeclared prefix is an XML error like any other (the W3C
            // calls it SAXError too).
            let rule = Rule::SAXError;
            let message = e.to_string();
            let message = message.split(" at ").next().unwrap_or(&message).to_owned();
            decoding.push(finding(path, Some(e.pos().row as usize), rule, message));
            return decoding;
        }
    };
    let mut checker = Checker::new(path, &doc, now);
    let root = doc.root_element();
    let found = match (root.tag_name().namespace(), root.tag_name().name()) {
        // An `rss` root in a namespace is RSS all the same, as the W3C
        // judges it (issue 26).
        (_, "rss") | (Some(rss::RDF), "RDF") => Some(Format::Rss),
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
            deprecated_dtd(&mut checker, &text);
            rss::check(&mut checker, root);
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
    let mut found = checker.into_found(judging.all);
    found.extend(decoding);
    crate::diagnostic::sort(&mut found);
    found
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
