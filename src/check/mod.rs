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

/// Checks one feed file of any format, found from its content (not its
/// name); `now` (seconds since 1970) judges future dates.
pub(crate) fn check_feed(path: &Path, bytes: &[u8], now: i64) -> Vec<Diagnostic> {
    check(None, &[], path, bytes, now)
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
    check(Some(format), feed, path, bytes, now)
}

fn check(
    expected: Option<Format>,
    feed: &[Output],
    path: &Path,
    bytes: &[u8],
    now: i64,
) -> Vec<Diagnostic> {
    let text = match decode(path, bytes) {
        Ok(text) => text,
        Err(problem) => return vec![problem],
    };
    let start = text.trim_start();
    let starts = |prefix: &str| {
        start
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let found = if start.starts_with('{') {
        Some(Format::Json)
    } else if starts("<!doctype html") || starts("<html") {
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
        (Some(Format::Json), _) => return json::check(path, &text, now),
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
            return vec![finding(path, Some(e.pos().row as usize), rule, message)];
        }
    };
    let mut checker = Checker::new(path, &doc, now);
    let root = doc.root_element();
    let found = match (root.tag_name().namespace(), root.tag_name().name()) {
        (None, "rss") | (Some(rss::RDF), "RDF") => Some(Format::Rss),
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
        (None, _) => checker.report(
            root,
            Rule::UnknownFormat,
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
    let mut found = checker.into_found();
    crate::diagnostic::sort(&mut found);
    // A URI two rules look at (an `href` that is also a link) is one finding.
    found.dedup();
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

/// Decodes a feed in the encoding its XML declaration names.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    // UTF-16, with a byte order mark or without one (then `<` tells the
    // order): decoded, and judged as text from then on.
    let utf16 = if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        Some((rest, true))
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        Some((rest, false))
    } else if bytes.starts_with(b"\x00<") {
        Some((bytes, true))
    } else if bytes.starts_with(b"<\x00") {
        Some((bytes, false))
    } else {
        None
    };
    if let Some((rest, big_endian)) = utf16 {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| {
                if big_endian {
                    u16::from_be_bytes([pair[0], pair[1]])
                } else {
                    u16::from_le_bytes([pair[0], pair[1]])
                }
            })
            .collect();
        return String::from_utf16(&units).map_err(|_| {
            finding(
                path,
                Some(1),
                Rule::UnicodeError,
                "the file starts as UTF-16 but is not valid UTF-16",
            )
        });
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
        "windows-1252" | "cp1252" => Ok(bytes.iter().map(|&b| windows_1252(b)).collect()),
        other => Err(finding(
            path,
            Some(1),
            Rule::UnsupportedEncoding,
            format!("the encoding `{other}` is not checked: publish UTF-8"),
        )),
    }
}

/// A byte of Windows-1252: ISO-8859-1, but for the printable characters
/// Windows puts at 0x80 to 0x9F.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
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
