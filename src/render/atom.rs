//! Atom 1.0 (RFC 4287), written with the `atom_syndication` crate.

use super::item::{self, Item};
use super::media::{
    Element, HISTORY_NS, MEDIA_NS, extension_map, feed_links, history_marker, image_content,
};
use super::names::{GENERATOR, VERSION};
use crate::attribution::Person;
use crate::feed::Feed;
use crate::format::Output;
use atom_syndication::extension::{Extension, ExtensionMap};
use atom_syndication::{
    Category, Content, Entry, FixedDateTime, Generator, Link, Text, WriteConfig,
};
use chrono::TimeDelta;
use std::collections::{BTreeMap, HashSet};

/// The Dublin Core elements' namespace, for `dc:source`.
const DUBLIN_CORE_NS: &str = "http://purl.org/dc/elements/1.1/";

/// Renders a feed as Atom 1.0.
pub(super) fn render(feed: &Feed<'_>, items: &[Item<'_>], output: &Output) -> Vec<u8> {
    let site = feed.site;
    let times = entry_times(items);
    let self_url = output.url.clone();
    let mut links = vec![
        link(&self_url, "self", Some(output.format.media_type()), None),
        // Atom allows one alternate per type: the feed's page when it has
        // one (it links the site), else the site.
        link(
            feed.page().unwrap_or(feed.alternate()),
            "alternate",
            Some("text/html"),
            None,
        ),
    ];
    if let Some(license) = &site.license {
        links.push(link(license, "license", None, None));
    }
    for (rel, href) in feed_links(feed, output.format) {
        links.push(link(href, rel.name(), None, None));
    }
    let entries: Vec<Entry> = items
        .iter()
        .zip(&times)
        .map(|(item, &time)| entry(item, time))
        .collect();
    let mut namespaces = BTreeMap::new();
    let uses = |prefix: &str| {
        entries
            .iter()
            .any(|entry| entry.extensions.contains_key(prefix))
    };
    if uses("dc") {
        namespaces.insert("dc".to_owned(), DUBLIN_CORE_NS.to_owned());
    }
    if uses("media") {
        namespaces.insert("media".to_owned(), MEDIA_NS.to_owned());
    }
    let mut extensions = atom_syndication::extension::ExtensionMap::default();
    if let Some(marker) = history_marker(feed.history) {
        namespaces.insert("fh".to_owned(), HISTORY_NS.to_owned());
        let (prefix, elements) = extension_map("fh", vec![marker], Element::into_atom);
        extensions.insert(prefix, elements);
    }
    let atom = atom_syndication::Feed {
        title: text(&feed.title),
        // The feed's own URL is its id: readers key subscriptions by it anyway.
        id: self_url,
        updated: times
            .iter()
            .max()
            .copied()
            .or(item::updated(feed, items).map(in_utc))
            .unwrap_or_else(no_article_yet),
        authors: site.authors.iter().map(person).collect(),
        generator: Some(Generator {
            value: GENERATOR.to_owned(),
            uri: None,
            version: Some(VERSION.to_owned()),
        }),
        links,
        rights: site.rights.as_deref().map(text),
        subtitle: Some(text(&feed.description)),
        icon: site.icon.as_ref().map(|icon| icon.image.url.clone()),
        logo: site.logo.as_ref().map(|logo| logo.image.url.clone()),
        lang: feed.language.clone(),
        entries,
        extensions,
        namespaces,
        ..atom_syndication::Feed::default()
    };
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    let bytes = atom
        .write_with_config(Vec::new(), config)
        .expect("writing XML into a Vec cannot fail");
    let mut bytes = extensions_before_entries(entry_languages(bytes, items));
    bytes.push(b'\n');
    bytes
}

/// Moves the feed's own extension elements (RFC 5005's `fh:complete`,
/// `fh:archive`), which atom_syndication writes after the entries, to
/// before the first entry.
///
/// RFC 4287's grammar (appendix B) puts every child of `atom:feed` but the
/// entries first: jing rejects an `fh:complete` after them, and so may a
/// strict consumer, though the W3C validator does not. The
/// feed's extensions are whatever stands between the last `</entry>` and
/// `</feed>`; in XML text `<` is always escaped, so the tags found are tags.
fn extensions_before_entries(bytes: Vec<u8>) -> Vec<u8> {
    let (Some(first), Some(last), Some(end)) = (
        find(&bytes, b"<entry"),
        rfind(&bytes, b"</entry>"),
        rfind(&bytes, b"</feed>"),
    ) else {
        return bytes;
    };
    let after_entries = last + b"</entry>".len();
    let tail = &bytes[after_entries..end];
    let start = tail.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return bytes;
    };
    let extensions = tail[start..].trim_ascii_end();
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..first]);
    out.extend_from_slice(extensions);
    // The indentation the first entry had.
    let indent = bytes[..first]
        .iter()
        .rev()
        .take_while(|&&b| b == b' ')
        .count();
    out.push(b'\n');
    out.extend(std::iter::repeat_n(b' ', indent));
    out.extend_from_slice(&bytes[first..after_entries]);
    out.push(b'\n');
    out.extend_from_slice(&bytes[end..]);
    out
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` last occurs in `haystack`.
fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Puts `xml:lang` on the `<entry>` of each article whose language is not
/// the site's (atom_syndication writes no attribute on entries). Entries
/// are written in order and `<entry>` appears nowhere else unescaped.
fn entry_languages(bytes: Vec<u8>, items: &[Item<'_>]) -> Vec<u8> {
    if items.iter().all(|item| item.language.is_none()) {
        return bytes;
    }
    let text = String::from_utf8(bytes).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 64);
    let mut languages = items.iter().map(|item| item.language);
    let mut parts = text.split("<entry>");
    out.push_str(parts.next().unwrap_or(""));
    for part in parts {
        match languages.next().flatten() {
            Some(language) => {
                out.push_str("<entry xml:lang=\"");
                crate::html::escape_attribute(language, &mut out);
                out.push_str("\">");
            }
            None => out.push_str("<entry>"),
        }
        out.push_str(part);
    }
    out.into_bytes()
}

/// The `updated` date of a feed on a site with no article at all (a new
/// site): a fixed instant, 2000-01-01T00:00:00Z, because the clock is never
/// read and validators call 1970 implausible.
fn no_article_yet() -> FixedDateTime {
    chrono::DateTime::from_timestamp(946_684_800, 0)
        .unwrap_or_default()
        .fixed_offset()
}

/// Each entry's `updated` time, unique within the feed.
///
/// Several articles dated by day alone would all be updated at midnight, and
/// the W3C validator warns on two entries with one `updated` value
/// (`DuplicateUpdated`: dates should be as precise as possible). A day-only
/// date says "some time that day", and midnight is no truer than any other
/// instant of it, so such an entry gets a sub-second fraction derived from
/// its id: stable whatever else the feed holds, and invisible in readers,
/// which show minutes. A tie that remains is broken by adding microseconds
/// in feed order.
///
/// Every Atom date is written in UTC: newsboat's date parser stops at the
/// fraction's `.` and then ignores the offset, which showed date-only
/// entries hours off; in UTC there is no offset to miss.
fn entry_times(items: &[Item<'_>]) -> Vec<FixedDateTime> {
    let mut taken = HashSet::new();
    items
        .iter()
        .map(|item| {
            let mut time = item.last_modified();
            if item.date_only && item.updated.is_none() {
                let micros = crate::hash::fnv1a(item.id.as_bytes()) % 1_000_000;
                time += TimeDelta::microseconds(i64::try_from(micros).unwrap_or(0));
            }
            while !taken.insert(time) {
                time += TimeDelta::microseconds(1);
            }
            in_utc(time)
        })
        .collect()
}

/// The same instant, written in UTC (`+00:00`).
fn in_utc(time: FixedDateTime) -> FixedDateTime {
    time.to_utc().fixed_offset()
}

fn entry(item: &Item<'_>, time: FixedDateTime) -> Entry {
    let mut links = vec![link(&item.url, "alternate", Some("text/html"), None)];
    if let Some((href, title)) = item.via() {
        links.push(link(href, "via", None, Some(title)));
    }
    if let Some(license) = item.license {
        links.push(link(license, "license", None, None));
    }
    if let Some(enclosure) = item.enclosure {
        let mut enclosure_link = link(&enclosure.url, "enclosure", Some(&enclosure.mime), None);
        enclosure_link.length = Some(enclosure.length.to_string());
        links.push(enclosure_link);
    }
    let mut extensions = item
        .cited_source()
        .map(dublin_core_source)
        .unwrap_or_default();
    if let Some(image) = item.image {
        let (prefix, elements) =
            extension_map("media", vec![image_content(image)], Element::into_atom);
        extensions.insert(prefix, elements);
    }
    Entry {
        title: text(item.title),
        id: item.id.clone().into_owned(),
        updated: time,
        // A day-only entry that was never updated is published when it is
        // updated, so readers do not show it as changed.
        published: Some(if item.updated.is_none() {
            time
        } else {
            in_utc(item.published)
        }),
        authors: item.authors.iter().map(person).collect(),
        contributors: item.contributors.iter().map(person).collect(),
        categories: item
            .categories
            .iter()
            .map(|tag| Category {
                term: tag.slug.clone(),
                scheme: None,
                label: Some(tag.name.clone()),
            })
            .collect(),
        links,
        extensions,
        rights: item.rights.map(text),
        summary: Some(Text::html(item.summary_html.to_owned())),
        // A headline-only article has no body: no `content`, rather than a
        // blank one (the W3C warns `NotBlank`).
        content: item
            .content
            .filter(|html| !html.trim().is_empty())
            .map(|html| Content {
                value: Some(html.to_owned()),
                content_type: Some("html".to_owned()),
                ..Content::default()
            }),
        ..Entry::default()
    }
}

/// A plain-text construct. Text with an HTML end tag in it (a title about
/// `</script>`) goes as `type="html"`, escaped once more: readers show the
/// same text, and the W3C validator does not warn that a `type="text"`
/// construct seems to hold HTML (`ContainsUndeclaredHTML`).
fn text(value: &str) -> Text {
    if crate::plain::end_tag(value).is_some() {
        let mut html = String::with_capacity(value.len() + 16);
        crate::html::escape_text(value, &mut html);
        Text::html(html)
    } else {
        Text::plain(value.to_owned())
    }
}

/// `dc:source`: the source as cited (its URL, or its name when no URL is
/// known), as RSS carries it. Atom has no element for a source known only
/// by name (`atom:source` describes a feed, and the validator warns when it
/// has only a title), and attribution must not depend on the format.
fn dublin_core_source(cited: &str) -> ExtensionMap {
    let element = Extension {
        name: "dc:source".to_owned(),
        value: Some(cited.to_owned()),
        ..Extension::default()
    };
    let mut elements = BTreeMap::new();
    elements.insert("source".to_owned(), vec![element]);
    let mut map = ExtensionMap::default();
    map.insert("dc".to_owned(), elements);
    map
}

fn person(person: &Person) -> atom_syndication::Person {
    atom_syndication::Person {
        name: person.name.clone(),
        email: person.email.clone(),
        uri: person.url.clone(),
        ..atom_syndication::Person::default()
    }
}

fn link(href: &str, rel: &str, mime_type: Option<&str>, title: Option<&str>) -> Link {
    Link {
        href: href.to_owned(),
        rel: rel.to_owned(),
        mime_type: mime_type.map(str::to_owned),
        title: title.map(str::to_owned),
        ..Link::default()
    }
}
