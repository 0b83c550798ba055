//! The RSS 2.0 channel's structured elements: `image`, `textInput`,
//! `cloud`, `ttl`, `skipDays`, `skipHours` and `language`, and the
//! attributes RSS's own elements may have, under the W3C's rule names.

use super::xml::{Checker, elements, has, once, text};
use crate::rule::Rule;
use roxmltree::Node;

/// Checks one structured element of a channel, if `node` is one.
pub(super) fn element<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    match node.tag_name().name() {
        "image" => image(c, node),
        "textInput" => text_input(c, node),
        "cloud" => cloud(c, node),
        "ttl" => {
            let value = text(node);
            if !value.trim().parse::<u64>().is_ok_and(|n| n > 0) {
                c.report(
                    node,
                    Rule::InvalidPositiveInteger,
                    format!(
                        "`ttl` is `{}`, not a number of minutes above 0",
                        value.trim()
                    ),
                );
            }
        }
        "skipDays" => skip(c, node, "day", |day| {
            [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ]
            .contains(&day)
        }),
        "skipHours" => {
            for hour in elements(node).filter(|n| n.has_tag_name("hour")) {
                if text(hour).trim() == "24" {
                    c.report(
                        hour,
                        Rule::UseZeroForMidnight,
                        "hour 24 is the old way to write midnight: write 0",
                    );
                }
            }
            skip(c, node, "hour", |hour| {
                hour.bytes().all(|b| b.is_ascii_digit())
                    && hour.parse::<u8>().is_ok_and(|h| h <= 24)
            });
        }
        "language" => language(c, node),
        _ => {}
    }
}

/// Checks a language code (`language`, `dc:language`).
pub(super) fn language<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let value = text(node);
    if !crate::syntax::is_language_tag(value.trim()) {
        c.report(
            node,
            Rule::InvalidLanguage,
            format!(
                "`{}` is not a language code such as `en` or `pt-BR`",
                value.trim()
            ),
        );
    }
}

/// Reports each of `names` (in `namespace`) that `node` lacks, under the
/// rule the W3C gives a missing title, link or description.
pub(super) fn required<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    namespace: Option<&str>,
    names: &[&str],
) {
    let parent = node.tag_name().name();
    for &name in names {
        if !has(node, namespace, name) {
            let rule = match name {
                "title" => Rule::MissingTitle,
                "link" => Rule::MissingLink,
                "description" => Rule::MissingDescription,
                _ => Rule::MissingElement,
            };
            c.report(node, rule, format!("`{parent}` has no `{name}`"));
        }
    }
}

/// Text directly inside an element that holds only elements.
pub(super) fn no_text<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if node
        .children()
        .any(|n| n.is_text() && !n.text().unwrap_or("").trim().is_empty())
    {
        c.report(
            node,
            Rule::UnexpectedText,
            format!(
                "`{}` holds text outside its elements",
                node.tag_name().name()
            ),
        );
    }
}

/// Children in no namespace that `node` may not hold.
fn undefined_children<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    allowed: &[&str],
) {
    for child in elements(node).filter(|n| n.tag_name().namespace().is_none()) {
        let name = child.tag_name().name();
        if !allowed.contains(&name) {
            c.report(
                child,
                Rule::UndefinedElement,
                format!("`{}` cannot hold `{name}`", node.tag_name().name()),
            );
        }
    }
}

fn image<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    const CHILDREN: &[&str] = &["url", "title", "link", "width", "height", "description"];
    required(c, node, None, &["url", "title", "link"]);
    once(c, node, None, CHILDREN);
    no_text(c, node);
    undefined_children(c, node, CHILDREN);
    for child in elements(node).filter(|n| n.tag_name().namespace().is_none()) {
        let value = text(child);
        let value = value.trim();
        match child.tag_name().name() {
            "url" | "link" => c.full_link(child, value),
            "width" if !value.parse::<u32>().is_ok_and(|w| (1..=144).contains(&w)) => c.report(
                child,
                Rule::InvalidWidth,
                format!("the image's `width` is `{value}`; RSS allows 1 to 144 pixels"),
            ),
            "height" if !value.parse::<u32>().is_ok_and(|h| (1..=400).contains(&h)) => c.report(
                child,
                Rule::InvalidHeight,
                format!("the image's `height` is `{value}`; RSS allows 1 to 400 pixels"),
            ),
            _ => {}
        }
    }
}

fn text_input<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    const CHILDREN: &[&str] = &["title", "description", "name", "link"];
    required(c, node, None, CHILDREN);
    once(c, node, None, CHILDREN);
    undefined_children(c, node, CHILDREN);
    for child in elements(node).filter(|n| n.tag_name().namespace().is_none()) {
        let value = text(child);
        let value = value.trim();
        match child.tag_name().name() {
            "link" => c.full_link(child, value),
            "name" if !is_form_name(value) => c.report(
                child,
                Rule::InvalidFormComponentName,
                format!("`{value}` is not a form field name (a letter, then letters, digits, `:`, `.` or `_`)"),
            ),
            _ => {}
        }
    }
}

fn is_form_name(value: &str) -> bool {
    let mut bytes = value.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b":._".contains(&b))
}

fn cloud<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    for name in ["domain", "port", "path", "registerProcedure", "protocol"] {
        if node.attribute(name).is_none() {
            c.report(
                node,
                Rule::MissingAttribute,
                format!("`cloud` has no `{name}`"),
            );
        }
    }
    if let Some(port) = node.attribute("port")
        && !port.trim().parse::<u16>().is_ok_and(|p| p > 0)
    {
        c.report(
            node,
            Rule::InvalidIntegerAttribute,
            format!("the cloud's `port` is `{port}`, not a port number"),
        );
    }
}

/// `skipDays` or `skipHours`: only `child` elements, at least one, each
/// `valid` and none twice.
fn skip<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    child: &str,
    valid: impl Fn(&str) -> bool,
) {
    undefined_children(c, node, &[child]);
    if !has(node, None, child) {
        c.report(
            node,
            Rule::MissingElement,
            format!("`{}` has no `{child}`", node.tag_name().name()),
        );
    }
    let mut seen = Vec::new();
    for value_node in elements(node).filter(|n| n.has_tag_name(child)) {
        let mut value = text(value_node).trim().to_owned();
        if child == "hour" && value == "24" {
            // Midnight, written the old way.
            value = "0".to_owned();
        }
        let rule = if child == "day" {
            Rule::InvalidDay
        } else {
            Rule::InvalidHour
        };
        if !valid(&value) {
            let expected = if child == "day" {
                "a day of the week in English, `Monday` to `Sunday`"
            } else {
                "an hour from 0 to 23"
            };
            c.report(value_node, rule, format!("`{value}` is not {expected}"));
        } else if seen.contains(&value) {
            c.report(
                value_node,
                Rule::DuplicateValue,
                format!("`{value}` is listed twice"),
            );
        }
        seen.push(value);
    }
}

/// The attributes (in no namespace) that RSS's own elements may have.
pub(super) fn attributes<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let allowed: &[&str] = match node.tag_name().name() {
        "rss" => &["version"],
        "guid" => &["isPermaLink"],
        "enclosure" => &["url", "length", "type"],
        "source" => &["url"],
        "category" => &["domain"],
        "cloud" => &["domain", "port", "path", "registerProcedure", "protocol"],
        _ => &[],
    };
    for attribute in node.attributes().filter(|a| a.namespace().is_none()) {
        if !allowed.contains(&attribute.name()) {
            c.report(
                node,
                Rule::UnexpectedAttribute,
                format!(
                    "`{}` has no attribute `{}`",
                    node.tag_name().name(),
                    attribute.name()
                ),
            );
        }
    }
}
