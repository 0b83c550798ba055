//! The rules for a feed's HTML page: that it is a whole HTML5 document
//! (doctype, title, every element closed in order), and, for a page byline
//! wrote, that it links every file of its feed, both as an autodiscovery
//! `<link rel="alternate">` and as a link people can follow.
//!
//! This is a structural check, not a validator: the Nu Html Checker judges
//! byline's pages in CI. It is here so that `byline check` notices a page
//! that was cut short, edited by hand, or left behind by another feed.

use super::xml::finding;
use crate::diagnostic::Diagnostic;
use crate::format::Output;
use crate::html::tokens::{decode_entities, find_closing_tag, parse_tag};
use crate::rule::Rule;
use std::path::Path;

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose end tag HTML lets a page leave out.
const OPTIONAL_END: &[&str] = &[
    "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rt", "rp",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "title", "textarea"];

/// What a page links to: autodiscovery links (type, href) and anchors.
#[derive(Default)]
struct Links {
    alternates: Vec<(String, String)>,
    anchors: Vec<String>,
}

/// Checks an HTML page; `feed` is the files of the feed byline made it for
/// (empty when the page is anyone's), each of which it must link.
pub(super) fn check(path: &Path, text: &str, feed: &[Output]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let links = structure(path, text, &mut found);
    for output in feed.iter().filter(|output| output.format.is_feed()) {
        let discovered = links
            .alternates
            .iter()
            .any(|(kind, href)| kind == output.format.media_type() && *href == output.url);
        if !discovered {
            found.push(finding(
                path,
                None,
                Rule::MissingFeedLink,
                format!(
                    "the page has no `<link rel=\"alternate\" type=\"{}\" href=\"{}\">` in its head",
                    output.format.media_type(),
                    output.url
                ),
            ));
        }
        if !links.anchors.contains(&output.url) {
            found.push(finding(
                path,
                None,
                Rule::MissingFeedLink,
                format!(
                    "the page has no link people can follow to its {} file {}",
                    output.format.name(),
                    output.url
                ),
            ));
        }
    }
    found
}

/// Walks the tags, reporting what is not a whole HTML5 document, and
/// collects the links.
fn structure(path: &Path, text: &str, found: &mut Vec<Diagnostic>) -> Links {
    let line_at = |offset: usize| text[..offset].bytes().filter(|&b| b == b'\n').count() + 1;
    let mut report = |offset: usize, message: String| {
        found.push(finding(
            path,
            Some(line_at(offset)),
            Rule::InvalidHTML,
            message,
        ));
    };
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let start = text.len() - body.len();
    if !body
        .get(..15)
        .is_some_and(|head| head.eq_ignore_ascii_case("<!doctype html>"))
    {
        report(
            start,
            "the page does not start with `<!DOCTYPE html>`".to_owned(),
        );
    }
    let mut links = Links::default();
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut title = false;
    let mut i = start;
    while let Some(found_at) = text[i..].find('<') {
        let at = i + found_at;
        let rest = &text[at..];
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => i = at + end + 3,
                None => {
                    report(at, "a comment is never closed with `-->`".to_owned());
                    break;
                }
            }
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = at + rest.find('>').map_or(rest.len(), |end| end + 1);
            continue;
        }
        let Some((tag, length)) = parse_tag(rest) else {
            i = at + 1;
            continue;
        };
        i = at + length;
        let name = tag.name.as_str();
        if tag.closing {
            match open.iter().rposition(|(open_name, _)| open_name == name) {
                Some(position) => {
                    for (unclosed, offset) in open.drain(position..).skip(1) {
                        if !OPTIONAL_END.contains(&unclosed.as_str()) {
                            report(
                                offset,
                                format!("`<{unclosed}>` is not closed before `</{name}>`"),
                            );
                        }
                    }
                }
                None => report(at, format!("`</{name}>` closes no open element")),
            }
            continue;
        }
        let attribute = |wanted: &str| {
            tag.attributes
                .iter()
                .find(|(key, _)| key == wanted)
                .and_then(|(_, value)| value.map(decode_entities))
        };
        match name {
            "title" => title = true,
            "a" => links.anchors.extend(attribute("href")),
            "link" => {
                let rel = attribute("rel").unwrap_or_default();
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("alternate"))
                {
                    links.alternates.push((
                        attribute("type").unwrap_or_default(),
                        attribute("href").unwrap_or_default(),
                    ));
                }
            }
            _ => {}
        }
        if RAW_TEXT.contains(&name) {
            match find_closing_tag(&text[i..], name) {
                Some(end) => i += end,
                None => {
                    report(at, format!("`<{name}>` is never closed"));
                    break;
                }
            }
        } else if !VOID.contains(&name) && !tag.self_closing {
            open.push((tag.name, at));
        }
    }
    for (unclosed, offset) in open {
        if !OPTIONAL_END.contains(&unclosed.as_str()) {
            report(offset, format!("`<{unclosed}>` is never closed"));
        }
    }
    if !title {
        report(start, "the page has no `<title>`".to_owned());
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Format;

    fn output(format: Format, url: &str) -> Output {
        Output {
            format,
            path: String::new(),
            url: url.to_owned(),
        }
    }

    fn rules(found: &[Diagnostic]) -> Vec<(Option<u32>, String)> {
        found.iter().map(|d| (d.line, d.message.clone())).collect()
    }

    const FEED: &str = "https://x.example/feed.xml";

    #[test]
    fn a_page_links_each_file_of_its_feed_twice() {
        let feed = [
            output(Format::Rss, FEED),
            output(Format::Html, "https://x.example/feed.html"),
        ];
        let whole = format!(
            "<!DOCTYPE html>\n<html><head><title>T</title>\
             <link rel=\"alternate\" type=\"application/rss+xml\" href=\"{FEED}\"></head>\n\
             <body><p>One<p>Two <a href=\"{FEED}\">RSS</a></body></html>\n"
        );
        assert_eq!(rules(&check(Path::new("p.html"), &whole, &feed)), []);

        let no_anchor = whole.replace("<a href", "<a data-href");
        let found = check(Path::new("p.html"), &no_anchor, &feed);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Some(Rule::MissingFeedLink));
        assert!(found[0].message.contains("no link people can follow"));

        let no_alternate = whole.replace("rel=\"alternate\"", "rel=\"stylesheet\"");
        let found = check(Path::new("p.html"), &no_alternate, &feed);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("in its head"), "{found:?}");
    }

    #[test]
    fn structure_problems_have_their_lines() {
        let page = "<title>T</title>\n<main>\n<ul><li>a</ul>\n</section>\n<style>x";
        let found = rules(&check(Path::new("p.html"), page, &[]));
        assert_eq!(
            found,
            [
                (
                    Some(1),
                    "the page does not start with `<!DOCTYPE html>`".to_owned()
                ),
                (Some(4), "`</section>` closes no open element".to_owned()),
                (Some(5), "`<style>` is never closed".to_owned()),
                (Some(2), "`<main>` is never closed".to_owned()),
            ]
        );
    }
}
