//! The HTML page of a feed: what a person sees who opens the feed's address
//! in a browser.
//!
//! One static HTML5 file with its CSS inline: no script, no font, no
//! request to any other address; the only images are the articles' own
//! lead images. It shows the feed's title and
//! description, a subscribe link for each of the feed's formats with its
//! address in full (so it can be copied into a reader), and each entry,
//! newest first, with its linked title, date, authors, summary and credit
//! line. Its head carries the `<link rel="alternate">` autodiscovery tags
//! for every format, so browsers and readers find them from the page.
//! Everything shown is escaped; the credit line is the same HTML the feeds
//! carry.

use super::item::Item;
use super::names::{GENERATOR, VERSION};
use crate::attribution::Person;
use crate::feed::Feed;
use crate::format::Output;
use crate::html::{escape_attribute, escape_text, figure, link};

/// The page's style: readable on a phone, in light and dark mode.
const STYLE: &str = "\
:root{--fg:#1b1b1b;--muted:#5c5c5c;--bg:#fdfdfb;--line:#d9d9d4;--accent:#0b5cad;--button:#eef3f9}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e3;--muted:#a9a9a3;--bg:#16181b;--line:#3a3d42;--accent:#8cbcf3;--button:#1f2937}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}
header,main,footer{max-width:44rem;margin:0 auto;padding:1.25rem}
header{border-bottom:1px solid var(--line)}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;line-height:1.3;margin:0 0 .25rem}
a{color:var(--accent)}
.about,.meta,footer{color:var(--muted)}
.meta{font-size:.9375rem;margin:0 0 .5rem}
.subscribe{list-style:none;padding:0;margin:1rem 0 0}
.subscribe li{margin:0 0 .75rem}
.subscribe a{display:inline-block;padding:.375rem .875rem;border:1px solid var(--accent);border-radius:999px;background:var(--button);font-weight:600;text-decoration:none}
.subscribe code{display:block;margin-top:.25rem;font-size:.875rem;overflow-wrap:anywhere;user-select:all}
article{padding:1rem 0;border-bottom:1px solid var(--line)}
article p{margin:.5rem 0}
figure{margin:.75rem 0}
img{max-width:100%;height:auto;display:block}
figcaption{color:var(--muted);font-size:.875rem;margin-top:.25rem}
footer{font-size:.875rem}
";

/// Renders a feed's HTML page.
pub(super) fn render(feed: &Feed<'_>, items: &[Item<'_>], _output: &Output) -> Vec<u8> {
    let site = feed.site;
    let feeds: Vec<&Output> = feed
        .outputs
        .iter()
        .filter(|output| output.format.is_feed())
        .collect();
    let mut out = String::with_capacity(4096 + items.len() * 1024);
    out.push_str("<!DOCTYPE html>\n<html");
    if let Some(language) = &feed.language {
        attribute("lang", language, &mut out);
    }
    out.push_str(">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    element("title", &feed.title, &mut out);
    out.push('\n');
    if !feed.description.is_empty() {
        out.push_str("<meta name=\"description\"");
        attribute("content", &feed.description, &mut out);
        out.push_str(">\n");
    }
    out.push_str("<meta name=\"generator\"");
    attribute("content", &format!("{GENERATOR} {VERSION}"), &mut out);
    out.push_str(">\n");
    for output in &feeds {
        out.push_str("<link rel=\"alternate\"");
        attribute("type", output.format.media_type(), &mut out);
        attribute(
            "title",
            &format!("{} ({})", feed.title, output.format.name()),
            &mut out,
        );
        attribute("href", &output.url, &mut out);
        out.push_str(">\n");
    }
    if let Some(icon) = &site.icon {
        out.push_str("<link rel=\"icon\"");
        attribute("href", &icon.image.url, &mut out);
        if let Some(mime) = icon.image.mime {
            attribute("type", mime, &mut out);
        }
        out.push_str(">\n");
    }
    out.push_str("<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header>\n");
    if let Some(logo) = &site.logo {
        out.push_str("<img class=\"logo\"");
        attribute("src", &logo.image.url, &mut out);
        attribute("alt", &site.title, &mut out);
        if let Some((width, height)) = logo.image.pixels {
            attribute("width", &width.to_string(), &mut out);
            attribute("height", &height.to_string(), &mut out);
        }
        out.push_str(">\n");
    }
    element("h1", &feed.title, &mut out);
    out.push('\n');
    if !feed.description.is_empty() {
        out.push_str("<p class=\"about\">");
        escape_text(&feed.description, &mut out);
        out.push_str("</p>\n");
    }
    out.push_str(
        "<p>This is a web feed. To follow it, open a link below in your feed \
         reader, or copy its address there.</p>\n<ul class=\"subscribe\">\n",
    );
    for output in &feeds {
        out.push_str("<li><a");
        attribute("href", &output.url, &mut out);
        attribute("type", output.format.media_type(), &mut out);
        out.push('>');
        escape_text(output.format.name(), &mut out);
        out.push_str("</a> <code>");
        escape_text(&output.url, &mut out);
        out.push_str("</code></li>\n");
    }
    out.push_str("</ul>\n</header>\n<main>\n");
    if items.is_empty() {
        out.push_str("<p>Nothing is published here yet.</p>\n");
    }
    for entry in items {
        item(entry, &mut out);
    }
    out.push_str("</main>\n<footer>\n<p>");
    if let Some(rights) = &site.rights {
        escape_text(rights, &mut out);
        out.push_str(" · ");
    }
    if let Some(license) = &site.license {
        link(license, "License", &mut out);
        out.push_str(" · ");
    }
    link(feed.alternate(), &site.title, &mut out);
    out.push_str("</p>\n</footer>\n</body>\n</html>\n");
    out.into_bytes()
}

/// One entry: linked title, date, authors, summary and credit line.
fn item(item: &Item<'_>, out: &mut String) {
    out.push_str("<article");
    if let Some(language) = item.language {
        attribute("lang", language, out);
    }
    if item.right_to_left {
        out.push_str(" dir=\"rtl\"");
    }
    out.push_str(">\n<h2>");
    link(&item.url, item.title, out);
    out.push_str("</h2>\n<p class=\"meta\">");
    date(&item.published, out);
    if let Some(updated) = &item.updated {
        out.push_str(", updated ");
        date(updated, out);
    }
    if !item.authors.is_empty() {
        out.push_str(" · By ");
        people(item.authors, out);
    }
    out.push_str("</p>\n");
    if let Some(image) = item.image {
        figure(image, out);
    }
    if !item.summary.is_empty() {
        element("p", item.summary, out);
        out.push('\n');
    }
    if let Some(enclosure) = item.enclosure {
        out.push_str("<p class=\"meta\">Attached: <a");
        attribute("href", &enclosure.url, out);
        attribute("type", &enclosure.mime, out);
        out.push('>');
        let mut label = format!("{}, {}", enclosure.mime, size(enclosure.length));
        if let Some(seconds) = enclosure.duration {
            label.push_str(&format!(", {}:{:02}", seconds / 60, seconds % 60));
        }
        escape_text(&label, out);
        out.push_str("</a></p>\n");
    }
    if let Some(chapters) = item.episode.and_then(|e| e.chapters.as_ref()) {
        chapter_list(chapters, out);
    }
    out.push_str(item.credit_html);
    out.push_str("</article>\n");
}

/// An episode's chapters: a link to its JSON chapters file, and the
/// chapters the front matter lists (those in the table of contents), each
/// with its start time.
fn chapter_list(chapters: &crate::media::Chapters, out: &mut String) {
    out.push_str("<p class=\"meta\">Chapters: <a");
    attribute("href", &chapters.url, out);
    attribute("type", crate::media::CHAPTERS_TYPE, out);
    out.push_str(">JSON chapters</a></p>\n");
    let shown: Vec<_> = chapters.list.iter().filter(|c| c.toc).collect();
    if shown.is_empty() {
        return;
    }
    out.push_str("<ol class=\"chapters\">\n");
    for chapter in shown {
        let seconds = chapter.start / 1000;
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        let shown_time = if h > 0 {
            format!("{h}:{m:02}:{s:02}")
        } else {
            format!("{m}:{s:02}")
        };
        out.push_str("<li><time");
        attribute(
            "datetime",
            &format!("PT{}S", crate::media::seconds(chapter.start)),
            out,
        );
        out.push('>');
        out.push_str(&shown_time);
        out.push_str("</time>");
        if let Some(title) = &chapter.title {
            out.push(' ');
            match &chapter.url {
                Some(url) => link(url, title, out),
                None => escape_text(title, out),
            }
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// A size in bytes for people: `512 bytes`, `12.3 kB`, `4.5 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        0..1000 => format!("{bytes} bytes"),
        1000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// A date as `<time>`: the full timestamp for machines, the day for people.
fn date(date: &chrono::DateTime<chrono::FixedOffset>, out: &mut String) {
    out.push_str("<time");
    attribute("datetime", &date.to_rfc3339(), out);
    out.push('>');
    out.push_str(&date.format("%Y-%m-%d").to_string());
    out.push_str("</time>");
}

/// Names joined as "A", "A and B", "A, B and C", each linked to its page.
fn people(people: &[Person], out: &mut String) {
    for (n, person) in people.iter().enumerate() {
        if n > 0 {
            out.push_str(if n + 1 == people.len() { " and " } else { ", " });
        }
        match &person.url {
            Some(url) => link(url, &person.name, out),
            None => escape_text(&person.name, out),
        }
    }
}

fn element(name: &str, text: &str, out: &mut String) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape_text(text, out);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn attribute(name: &str, value: &str, out: &mut String) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_attribute(value, out);
    out.push('"');
}
