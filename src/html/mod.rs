//! An article's body as the HTML a feed carries, and its summary.
//!
//! Plain text becomes `<p>` paragraphs with every character escaped: text
//! that looks like HTML in a `.txt` file is text. Markdown goes through
//! pulldown-cmark, with raw HTML filtered by [`sanitize`] and every link and
//! image made absolute against the article's URL (readers ignore
//! `xml:base`). Both end with the visible credit line, because most feed
//! readers show none of the attribution elements.

pub(crate) mod sanitize;
pub(crate) mod tokens;

pub(crate) use tokens::{escape_attribute, escape_text};

use crate::article::{Article, Body, Parsed};
use crate::config::Site;
use crate::diagnostic::Diagnostic;
use crate::links;
use crate::media::Image;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use sanitize::Removed;
use url::Url;

/// What a feed publishes of an article's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ArticleHtml {
    /// The whole article as safe HTML, ending with the credit line.
    pub(crate) html: String,
    /// A plain-text summary: the front matter's, or the first paragraph.
    pub(crate) summary: String,
    /// The summary as HTML, ending with the credit line, so that feeds that
    /// carry summaries only still credit the source.
    pub(crate) summary_html: String,
    /// The retraction and corrections, the credit line and the license
    /// link, as both of the others end: for a page that shows them beside
    /// the summary.
    pub(crate) credit_html: String,
}

/// The longest summary made from a first paragraph, in characters.
const SUMMARY_LIMIT: usize = 400;

/// Renders an article's body and summary; the warnings say what the HTML
/// filter removed, at the line of the article file it was on.
pub(crate) fn render(parsed: &Parsed<'_>, site: &Site) -> (ArticleHtml, Vec<Diagnostic>) {
    let article = &parsed.article;
    let base = article.url(site);
    let mut figure_html = String::new();
    if let Some(image) = &article.media.image {
        figure(image, &mut figure_html);
    }
    let mut html = figure_html.clone();
    let mut warnings = Vec::new();
    let first_paragraph = match &parsed.body {
        Body::Text(text) => {
            let paragraphs = crate::article::text::blocks(text);
            for paragraph in &paragraphs {
                html.push_str("<p>");
                escape_text(paragraph.text, &mut html);
                html.push_str("</p>\n");
            }
            paragraphs.first().map(|p| one_line(p.text))
        }
        Body::Markdown(markdown) => {
            let mut removed = Vec::new();
            let first = markdown_to_html(markdown, &base, &mut html, &mut removed);
            for (element, offset) in removed {
                // Counted in bytes: an offset is a line's, not always a
                // character boundary.
                let before = &markdown.as_bytes()[..offset];
                let line = parsed.body_line + before.iter().filter(|&&b| b == b'\n').count();
                warnings.push(removed_warning(&article.path, &element, line));
            }
            first
        }
    };
    let mut credit_html = String::new();
    notes(article, &mut credit_html);
    credit(article, &mut credit_html);
    let mut summary = match &article.summary {
        Some(summary) => summary.clone(),
        None => truncate(
            &first_paragraph.unwrap_or_else(|| article.title.clone()),
            SUMMARY_LIMIT,
        ),
    };
    let mut summary_html = figure_html;
    if article.retracted.is_some() {
        // Withdrawn: the note is all that is shown of it.
        html.clear();
        summary.clear();
        summary_html.clear();
    } else {
        summary_html.push_str("<p>");
        escape_text(&summary, &mut summary_html);
        summary_html.push_str("</p>\n");
    }
    html.push_str(&credit_html);
    if article.is_right_to_left() {
        html = format!("<div dir=\"rtl\">\n{html}</div>\n");
    }
    summary_html.push_str(&credit_html);
    if article.is_right_to_left() {
        summary_html = format!("<div dir=\"rtl\">\n{summary_html}</div>\n");
    }
    let content = ArticleHtml {
        html,
        summary,
        summary_html,
        credit_html,
    };
    (content, warnings)
}

/// The warning for an element the filter removed from an article.
fn removed_warning(path: &std::path::Path, element: &Removed, line: usize) -> Diagnostic {
    let message = if element.with_content {
        format!(
            "`<{}>` is removed with everything inside it: feed readers must not run or embed it",
            element.name
        )
    } else {
        format!(
            "`<{}>` is removed (its text is kept): feeds carry only the HTML elements readers show safely",
            element.name
        )
    };
    Diagnostic::warning(path, message)
        .at(line, None)
        .with_help("link to what it embeds instead; the README lists the elements that are kept")
        .rule(crate::rule::Rule::RemovedElement)
}

/// Renders Markdown into `out`, balanced (see [`sanitize::balance`] for a
/// body with raw HTML);
/// returns the plain text of its first paragraph that has any (an image's
/// alt text is not a summary), and adds each element the filter removed,
/// with its byte offset in `markdown`, to `removed`.
fn markdown_to_html(
    markdown: &str,
    base: &Url,
    out: &mut String,
    removed: &mut Vec<(Removed, usize)>,
) -> Option<String> {
    // No footnotes or task lists: pulldown-cmark writes their links and
    // form fields itself, past the filter below.
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut sanitizer = sanitize::Sanitizer::new(base);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut raw_html = String::new();
    // Where each piece of `raw_html` starts, in it and in the source: the
    // pieces are not contiguous in the source (a block quote's `> ` stands
    // between two lines of HTML), so an offset maps through its piece.
    let mut raw_pieces: Vec<(usize, usize)> = Vec::new();
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut summary = Summary::default();

    let mut flush = |raw_html: &mut String,
                     raw_pieces: &mut Vec<(usize, usize)>,
                     sanitizer: &mut sanitize::Sanitizer<'_>,
                     events: &mut Vec<Event<'_>>| {
        let mut clean = String::new();
        sanitizer.push(raw_html, &mut clean);
        raw_html.clear();
        removed.extend(sanitizer.take_removed().into_iter().map(|element| {
            let piece = raw_pieces.partition_point(|&(at, _)| at <= element.offset);
            let (at, source) = raw_pieces[piece.saturating_sub(1)];
            let offset = (source + element.offset - at).min(markdown.len());
            (element, offset)
        }));
        raw_pieces.clear();
        events.push(Event::Html(clean.into()));
    };

    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        // Consecutive raw HTML is filtered as one piece, so that a tag split
        // over lines is still one tag.
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            raw_pieces.push((raw_html.len(), range.start));
            raw_html.push_str(html);
            continue;
        }
        if !raw_html.is_empty() {
            flush(&mut raw_html, &mut raw_pieces, &mut sanitizer, &mut events);
        }
        if sanitizer.is_skipping()
            && matches!(
                event,
                Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak
            )
        {
            continue;
        }
        summary.see(&event);
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let resolved = links::resolve(base, &dest_url);
                dropped_links.push(resolved.is_none());
                if let Some(url) = resolved {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(url),
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // Images only over http(s); otherwise the alt text stays.
                let resolved = links::resolve(base, &dest_url).filter(|url| links::is_http(url));
                dropped_links.push(resolved.is_none());
                if let Some(url) = resolved {
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: CowStr::from(url),
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Image) => {
                if !dropped_links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Image));
                }
            }
            other => events.push(other),
        }
    }
    if !raw_html.is_empty() {
        flush(&mut raw_html, &mut raw_pieces, &mut sanitizer, &mut events);
    }
    let raw = events.iter().any(|e| matches!(e, Event::Html(_)));
    if raw {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        out.push_str(&sanitize::balance(&html));
    } else {
        // pulldown-cmark closes every element it opens: only raw HTML can
        // leave one open, so only a body with some needs the parser.
        pulldown_cmark::html::push_html(out, events.into_iter());
    }
    summary.first.map(|p| one_line(&p))
}

/// Collects the text of the first paragraph that has some, leaving out
/// images' alt text: a post that opens with a picture is summed up by its
/// first words, not by the picture's description.
#[derive(Default)]
struct Summary {
    /// The text found, once a paragraph with text has ended.
    first: Option<String>,
    /// The paragraph being read, if it may be the first.
    current: Option<String>,
    /// How many images the events are inside.
    images: usize,
}

impl Summary {
    fn see(&mut self, event: &Event<'_>) {
        if self.first.is_some() {
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) => self.current = Some(String::new()),
            Event::End(TagEnd::Paragraph) => {
                let text = self.current.take().unwrap_or_default();
                if !text.trim().is_empty() {
                    self.first = Some(text);
                }
            }
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if self.images == 0 => {
                if let Some(current) = self.current.as_mut() {
                    current.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(current) = self.current.as_mut() {
                    current.push(' ');
                }
            }
            _ => {}
        }
    }
}

/// Appends a lead image as a `<figure>`: the image with its text for those
/// who cannot see it, then its credit and license as visible text.
pub(crate) fn figure(image: &Image, out: &mut String) {
    out.push_str("<figure><img src=\"");
    escape_attribute(&image.url, out);
    out.push_str("\" alt=\"");
    escape_attribute(&image.alt, out);
    out.push('"');
    if let Some((width, height)) = image.pixels {
        out.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    out.push('>');
    if image.credit.is_some() || image.license.is_some() {
        out.push_str("<figcaption>");
        if let Some(credit) = &image.credit {
            escape_text(credit, out);
        }
        if let Some(license) = &image.license {
            if image.credit.is_some() {
                out.push_str(" · ");
            }
            link(license, "License", out);
        }
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>\n");
}

/// The words a note starts with: `Correction, 13 August 2024`.
fn note_heading(kind: &str, note: &crate::article::Note) -> String {
    format!("{kind}, {}", note.date.format("%-d %B %Y"))
}

/// The article's retraction and corrections as plain text, the
/// retraction first: what a plain-text summary ends with.
pub(crate) fn notes_text(article: &Article) -> Vec<String> {
    let retraction = article
        .retracted
        .iter()
        .map(|note| (note_heading("Retraction", note), note));
    let corrections = article
        .corrections
        .iter()
        .map(|note| (note_heading("Correction", note), note));
    retraction
        .chain(corrections)
        .map(|(heading, note)| format!("{heading}: {}", note.text))
        .collect()
}

/// Appends the visible retraction and corrections (a paragraph each, the
/// retraction first), when there are any: they go beside the credit line.
pub(crate) fn notes(article: &Article, out: &mut String) {
    let retraction = article.retracted.iter().map(|note| ("Retraction", note));
    let corrections = article.corrections.iter().map(|note| ("Correction", note));
    for (kind, note) in retraction.chain(corrections) {
        out.push_str("<p><strong>");
        escape_text(&note_heading(kind, note), out);
        out.push_str(":</strong> ");
        escape_text(&note.text, out);
        out.push_str("</p>\n");
    }
}

/// Appends the visible credit line and the license, when there are any.
fn credit(article: &Article, out: &mut String) {
    let attribution = &article.attribution;
    if let Some(line) = attribution.credit_line() {
        out.push_str("<p><em>");
        let source = attribution.source.as_ref();
        match source.and_then(|s| Some((s.url.as_deref()?, s.name.as_str()))) {
            Some((url, name)) if line.contains(name) => {
                let (before, after) = line.split_once(name).unwrap_or((&line, ""));
                escape_text(before, out);
                link(url, name, out);
                escape_text(after, out);
            }
            Some((url, _)) => link(url, &line, out),
            None => escape_text(&line, out),
        }
        out.push_str("</em></p>\n");
    }
    if let Some(license) = &attribution.license {
        out.push_str("<p><small>License: ");
        let label = license
            .split_once("://")
            .map_or(license.as_str(), |(_, rest)| rest);
        link(license, label.trim_end_matches('/'), out);
        out.push_str("</small></p>\n");
    }
}

pub(crate) fn link(url: &str, text: &str, out: &mut String) {
    out.push_str("<a href=\"");
    escape_attribute(url, out);
    out.push_str("\">");
    escape_text(text, out);
    out.push_str("</a>");
}

/// Text on one line, its runs of white space folded into single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to at most `limit` characters at a word boundary, with `…`.
pub(crate) fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut = text
        .char_indices()
        .nth(limit)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]);
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ']))
}
