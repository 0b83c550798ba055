//! An allow-list filter for raw HTML inside Markdown.
//!
//! Markdown lets authors write HTML, and a feed carries it to thousands of
//! readers, some of which render it with little care. byline keeps the
//! harmless part and drops the rest:
//!
//! - allowed tags (`ALLOWED`) are kept with only their allowed attributes,
//!   re-written in a normal form; URL attributes are made absolute and any
//!   scheme but http(s), mailto, ftp and tel drops the attribute;
//! - `script`, `style`, `iframe`, `object`, `embed` and the like are dropped
//!   with everything inside them (`DROPPED_WITH_CONTENT`);
//! - any other tag, comment or declaration is dropped, its text kept;
//! - a `<` that starts no tag, and a `&` that starts no entity, are escaped.
//!
//! No event-handler attribute (`on*`) is on any allow-list, so none survive.
//! The filter works on the raw-HTML events of pulldown-cmark only, which
//! is far cheaper than sanitizing the rendered page afterwards.

use super::tokens::{
    Tag, decode_entities, entity_length, escape_attribute, escape_text, find_closing_tag, parse_tag,
};
use crate::links;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use url::Url;

/// Tags kept, each with the attributes it may keep.
const ALLOWED: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("abbr", &["title"]),
    ("b", &[]),
    ("blockquote", &["cite"]),
    ("br", &[]),
    ("caption", &[]),
    ("cite", &[]),
    ("code", &[]),
    ("dd", &[]),
    ("del", &[]),
    ("details", &[]),
    ("dfn", &[]),
    ("div", &[]),
    ("dl", &[]),
    ("dt", &[]),
    ("em", &[]),
    ("figcaption", &[]),
    ("figure", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("hr", &[]),
    ("i", &[]),
    ("img", &["src", "alt", "title", "width", "height"]),
    ("ins", &[]),
    ("kbd", &[]),
    ("li", &[]),
    ("mark", &[]),
    ("ol", &[]),
    ("p", &[]),
    ("pre", &[]),
    ("q", &["cite"]),
    ("s", &[]),
    ("samp", &[]),
    ("small", &[]),
    ("span", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &[]),
    ("tfoot", &[]),
    ("th", &[]),
    ("thead", &[]),
    ("time", &["datetime"]),
    ("tr", &[]),
    ("u", &[]),
    ("ul", &[]),
    ("var", &[]),
];

/// Tags dropped together with everything up to their closing tag.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "applet", "embed", "frameset", "iframe", "math", "noembed", "noframes", "noscript", "object",
    "script", "select", "style", "svg", "template", "textarea", "title", "xmp",
];

/// Attributes that hold a URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

/// What the filter is in the middle of skipping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Skip {
    /// A comment, up to `-->`.
    Comment,
    /// A dropped element, up to its closing tag.
    Element(&'static str),
}

/// Filters a stream of raw-HTML fragments; state carries from one to the
/// next, so a `<script>` opened in one is skipped to its end in another.
#[derive(Debug)]
pub(crate) struct Sanitizer<'a> {
    base: &'a Url,
    skip: Option<Skip>,
    removed: Vec<Removed>,
}

/// An element the filter removed, for a warning that tells the author why
/// an embed is gone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Removed {
    /// The element's name (`audio`).
    pub(crate) name: String,
    /// Returns true if and only if its content went with it (`script`).
    pub(crate) with_content: bool,
    /// Where its start tag was, in bytes from the start of the fragment
    /// given to [`Sanitizer::push`].
    pub(crate) offset: usize,
}

impl<'a> Sanitizer<'a> {
    /// A filter whose relative URLs resolve against `base`.
    pub(crate) fn new(base: &'a Url) -> Sanitizer<'a> {
        Sanitizer {
            base,
            skip: None,
            removed: Vec::new(),
        }
    }

    /// The elements removed since the last call, oldest first.
    pub(crate) fn take_removed(&mut self) -> Vec<Removed> {
        std::mem::take(&mut self.removed)
    }

    /// Returns true if and only if the filter is inside a dropped element or
    /// comment, so that the text Markdown puts between two raw-HTML pieces
    /// (`<script>alert(1)</script>` inline) must be dropped too.
    pub(crate) fn is_skipping(&self) -> bool {
        self.skip.is_some()
    }

    /// Appends the safe part of `html` to `out`.
    pub(crate) fn push(&mut self, mut html: &str, out: &mut String) {
        let length = html.len();
        while !html.is_empty() {
            match self.skip {
                Some(Skip::Comment) => match html.find("-->") {
                    Some(end) => {
                        html = &html[end + 3..];
                        self.skip = None;
                    }
                    None => return,
                },
                Some(Skip::Element(name)) => match find_closing_tag(html, name) {
                    Some(end) => {
                        html = &html[end..];
                        self.skip = None;
                    }
                    None => return,
                },
                None => {
                    let Some(lt) = html.find('<') else {
                        push_html_text(html, out);
                        return;
                    };
                    push_html_text(&html[..lt], out);
                    html = &html[lt..];
                    html = self.markup(html, length - html.len(), out);
                }
            }
        }
    }

    /// Handles the markup at the start of `html` (which starts with `<`) and
    /// returns what follows it.
    fn markup<'s>(&mut self, html: &'s str, offset: usize, out: &mut String) -> &'s str {
        if let Some(rest) = html.strip_prefix("<!--") {
            self.skip = Some(Skip::Comment);
            return rest;
        }
        if html.starts_with("<!") || html.starts_with("<?") {
            // A declaration, processing instruction or CDATA section.
            return html.find('>').map_or("", |end| &html[end + 1..]);
        }
        match parse_tag(html) {
            Some((tag, length)) => {
                self.tag(&tag, offset, out);
                &html[length..]
            }
            None => {
                out.push_str("&lt;");
                &html[1..]
            }
        }
    }

    fn tag(&mut self, tag: &Tag<'_>, offset: usize, out: &mut String) {
        if let Some(&dropped) = DROPPED_WITH_CONTENT.iter().find(|&&d| d == tag.name) {
            if !tag.closing {
                self.removed.push(Removed {
                    name: tag.name.clone(),
                    with_content: true,
                    offset,
                });
                if !tag.self_closing {
                    self.skip = Some(Skip::Element(dropped));
                }
            }
            return;
        }
        let Some(&(name, allowed)) = ALLOWED.iter().find(|(name, _)| *name == tag.name) else {
            if !tag.closing {
                self.removed.push(Removed {
                    name: tag.name.clone(),
                    with_content: false,
                    offset,
                });
            }
            return;
        };
        if tag.closing {
            out.push_str("</");
            out.push_str(name);
            out.push('>');
            return;
        }
        out.push('<');
        out.push_str(name);
        for (attribute, value) in &tag.attributes {
            if !allowed.contains(&attribute.as_str()) {
                continue;
            }
            let mut value = decode_entities(value.unwrap_or(""));
            if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                match links::resolve(self.base, &value) {
                    Some(url) if name != "img" || links::is_http(&url) => value = url,
                    _ => continue,
                }
            }
            out.push(' ');
            out.push_str(attribute);
            out.push_str("=\"");
            escape_attribute(&value, out);
            out.push('"');
        }
        out.push('>');
    }
}

/// Attributes that pulldown-cmark itself writes, beyond those of [`ALLOWED`]:
/// list numbering, code languages and table alignment.
const MARKDOWN_ATTRIBUTES: &[(&str, &str)] = &[
    ("ol", "start"),
    ("code", "class"),
    ("th", "style"),
    ("td", "style"),
];

/// The same allow-list, enforced by a real HTML parser (html5ever, through
/// ammonia) on the whole rendered body.
static BALANCER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut attributes: HashMap<&str, HashSet<&str>> = ALLOWED
        .iter()
        .map(|&(name, attributes)| (name, attributes.iter().copied().collect()))
        .collect();
    for &(name, attribute) in MARKDOWN_ATTRIBUTES {
        attributes.entry(name).or_default().insert(attribute);
    }
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(ALLOWED.iter().map(|&(name, _)| name).collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .url_schemes(links::SAFE_SCHEMES.iter().copied().collect())
        .link_rel(None)
        .strip_comments(true);
    builder
});

/// Makes an HTML fragment balanced: every element it opens is closed, stray
/// end tags are gone, and what an HTML parser would move (a paragraph
/// inside a paragraph, text directly in a table) is where the parser puts
/// it. Paragraphs left empty (the filter removed all they held) are gone. The result parses into the tree it spells out, so whatever is
/// appended after it (the credit line) stands outside every element.
///
/// The body filter above decides what may stay and reports what it
/// removes; this pass, run once per published article, guarantees the
/// shape, and enforces the same allow-list a second time.
///
/// One parse is not always enough: a parser can build trees that its own
/// serialisation does not spell out (`<h2><table><h2>` puts a heading inside
/// a heading, which a second parse splits). So the fragment is parsed again
/// until it no longer changes, which takes one extra parse for almost every
/// article.
pub(crate) fn balance(html: &str) -> String {
    let once = |html: &str| {
        let clean = BALANCER.clean(html).to_string();
        trim_pre_newlines(&drop_empty_paragraphs(&clean))
    };
    let mut current = once(html);
    for _ in 0..MAX_BALANCE_PASSES {
        let next = once(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// Removes paragraphs left with nothing in them (`<p></p>`), as when the
/// filter removed the only thing a paragraph held.
fn drop_empty_paragraphs(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<p>") {
        let after = &rest[start + 3..];
        let blank = after.len() - after.trim_start().len();
        if after[blank..].starts_with("</p>") {
            out.push_str(&rest[..start]);
            rest = &after[blank + 4..];
            if let Some(stripped) = rest.strip_prefix('\n') {
                rest = stripped;
            }
        } else {
            out.push_str(&rest[..start + 3]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The most extra parses [`balance`] makes; the property test in
/// `tests/cli/html.rs` has never needed more than two.
const MAX_BALANCE_PASSES: usize = 4;

/// Removes the line feeds that start a `<pre>` element's text. An HTML
/// parser drops the first one, and html5ever does not write the extra one
/// the HTML serialisation algorithm calls for, so without this the text
/// would change each time the fragment is parsed again. A reader sees no
/// difference: a blank first line of preformatted text.
fn trim_pre_newlines(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<pre>") {
        out.push_str(&rest[..start + 5]);
        rest = rest[start + 5..].trim_start_matches('\n');
    }
    out.push_str(rest);
    out
}

/// Text between tags: kept, with a `&` that starts no entity escaped, and
/// `<`, `>` escaped.
fn push_html_text(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        escape_text(&rest[..amp], out);
        let after = &rest[amp..];
        let entity = entity_length(after);
        if entity > 0 {
            out.push_str(&after[..entity]);
            rest = &after[entity..];
        } else {
            out.push_str("&amp;");
            rest = &after[1..];
        }
    }
    escape_text(rest, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        let base = Url::parse("https://example.org/news/a/").unwrap();
        let mut out = String::new();
        Sanitizer::new(&base).push(html, &mut out);
        out
    }

    #[test]
    fn safe_markup_is_kept_in_normal_form() {
        assert_eq!(
            clean("<B>bold</B> <sup>2</sup>"),
            "<b>bold</b> <sup>2</sup>"
        );
        assert_eq!(
            clean(r#"<a HREF='../b' class=x title="T &amp; U">link</a>"#),
            r#"<a href="https://example.org/news/b" title="T &amp; U">link</a>"#
        );
        assert_eq!(clean("<br/><hr />"), "<br><hr>");
    }

    #[test]
    fn dangerous_elements_go_with_their_content() {
        assert_eq!(clean("a<script>alert('<b>')</script>b"), "ab");
        assert_eq!(clean("a<STYLE>p{}</STYLE >b"), "ab");
        assert_eq!(
            clean("<iframe src=x></iframe><object><embed src=y></object>c"),
            "c"
        );
        assert_eq!(clean("<script>never closed"), "");
    }

    #[test]
    fn handlers_and_bad_urls_are_dropped() {
        assert_eq!(
            clean(r#"<img src="x.png" onerror="alert(1)">"#),
            r#"<img src="https://example.org/news/a/x.png">"#
        );
        assert_eq!(clean(r#"<a href="javascript:alert(1)">x</a>"#), "<a>x</a>");
        assert_eq!(
            clean(r#"<a href="java&#115;cript:alert(1)">x</a>"#),
            "<a>x</a>"
        );
        assert_eq!(
            clean(r#"<a href="jav&#x09;ascript:alert(1)">x</a>"#),
            "<a>x</a>"
        );
        assert_eq!(clean(r#"<img src="data:image/png;base64,AAAA">"#), "<img>");
        assert_eq!(clean(r#"<div onclick="evil()">t</div>"#), "<div>t</div>");
    }

    #[test]
    fn unknown_tags_comments_and_stray_characters() {
        assert_eq!(clean("<blink>hi</blink>"), "hi");
        assert_eq!(clean("a<!-- secret -->b<!DOCTYPE html>c"), "abc");
        assert_eq!(
            clean("1 < 2 & 3 > 2 &amp; &#8212; &bogus"),
            "1 &lt; 2 &amp; 3 &gt; 2 &amp; &#8212; &amp;bogus"
        );
        assert_eq!(
            clean("<a href=\"unterminated>x"),
            "&lt;a href=\"unterminated&gt;x"
        );
    }

    #[test]
    fn skipping_carries_across_fragments() {
        let base = Url::parse("https://example.org/").unwrap();
        let mut sanitizer = Sanitizer::new(&base);
        let mut out = String::new();
        sanitizer.push("<script>\n", &mut out);
        sanitizer.push("alert(1)\n", &mut out);
        sanitizer.push("</script>\n<p>after</p>", &mut out);
        assert_eq!(out, "\n<p>after</p>");
    }
}
