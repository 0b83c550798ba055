//! RSS 2.0, written with the `rss` crate.

use super::names::{CREATIVE_COMMONS_NS, GENERATOR, VERSION};
use crate::config::ContentMode;
use crate::feed::{Entry, Feed};
use crate::format::Output;
use rss::extension::Extension;
use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Channel, Guid, Item, Source};
use std::collections::BTreeMap;

/// Renders a feed as RSS 2.0.
pub(super) fn render(feed: &Feed<'_>, output: &Output) -> Vec<u8> {
    let site = feed.site;
    let mut namespaces = BTreeMap::new();
    let license = site
        .license
        .as_ref()
        .map(|license| license_extension(license));
    let items: Vec<Item> = feed.entries.iter().map(|entry| item(feed, entry)).collect();
    if license.is_some() || items.iter().any(|item| !item.extensions.is_empty()) {
        namespaces.insert("creativeCommons".to_owned(), CREATIVE_COMMONS_NS.to_owned());
    }
    let self_link = Link {
        href: output.url.clone(),
        rel: "self".to_owned(),
        mime_type: Some(output.format.media_type().to_owned()),
        ..Link::default()
    };
    let channel = Channel {
        title: feed.title.clone(),
        link: feed.alternate().to_owned(),
        description: feed.description.clone(),
        language: site.language.clone(),
        copyright: site.rights.clone(),
        generator: Some(format!("{GENERATOR} {VERSION}")),
        last_build_date: feed.updated().map(|date| date.to_rfc2822()),
        atom_ext: Some(AtomExtension {
            links: std::iter::once(self_link)
                .chain(feed.page().map(|page| Link {
                    href: page.to_owned(),
                    rel: "alternate".to_owned(),
                    mime_type: Some("text/html".to_owned()),
                    ..Link::default()
                }))
                .collect(),
        }),
        extensions: license.into_iter().collect(),
        namespaces,
        items,
        ..Channel::default()
    };
    let bytes = channel
        .pretty_write_to(Vec::new(), b' ', 2)
        .expect("writing XML into a Vec cannot fail");
    let mut bytes = hexadecimal_references(&bytes);
    bytes.push(b'\n');
    bytes
}

/// Rewrites the escapes `&amp;` and `&lt;` outside CDATA sections as
/// `&#x26;` and `&#x3C;`, which mean the same to an XML parser.
///
/// The RSS Best Practices Profile asks for hexadecimal references in plain
/// text, so that readers which decode a title twice still show `<` and `&`
/// as text; the W3C validator warns otherwise (`CharacterData`). HTML goes
/// in CDATA sections, which are left alone.
fn hexadecimal_references(xml: &[u8]) -> Vec<u8> {
    const CDATA_START: &[u8] = b"<![CDATA[";
    const CDATA_END: &[u8] = b"]]>";
    let mut out = Vec::with_capacity(xml.len() + xml.len() / 64);
    let mut i = 0;
    while i < xml.len() {
        let rest = &xml[i..];
        if rest.starts_with(CDATA_START) {
            let end = find(rest, CDATA_END).map_or(rest.len(), |e| e + CDATA_END.len());
            out.extend_from_slice(&rest[..end]);
            i += end;
        } else if rest.starts_with(b"&amp;") {
            out.extend_from_slice(b"&#x26;");
            i += b"&amp;".len();
        } else if rest.starts_with(b"&lt;") {
            out.extend_from_slice(b"&#x3C;");
            i += b"&lt;".len();
        } else {
            out.push(xml[i]);
            i += 1;
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn item(feed: &Feed<'_>, entry: &Entry<'_>) -> Item {
    let article = entry.article;
    let site = feed.site;
    let attribution = &article.attribution;
    let body = entry.html;

    // RSS allows one <author>, and only as an email address.
    let (author, creators) = match &article.authors[..] {
        [person] if person.email.is_some() => (
            Some(format!(
                "{} ({})",
                person.email.as_deref().unwrap_or_default(),
                person.name
            )),
            Vec::new(),
        ),
        people => (None, people.iter().map(|p| p.name.clone()).collect()),
    };
    let source = attribution.source.as_ref();
    let dublin_core = DublinCoreExtension {
        creators,
        contributors: attribution
            .contributors
            .iter()
            .map(|p| p.name.clone())
            .collect(),
        // With the source's feed known, <source> says it; the validator
        // warns on an item that has both (DuplicateItemSemantics).
        sources: source
            .filter(|s| s.feed.is_none())
            .map(|s| s.url.clone().unwrap_or_else(|| s.name.clone()))
            .into_iter()
            .collect(),
        rights: attribution
            .rights
            .clone()
            .filter(|r| Some(r) != site.rights.as_ref())
            .into_iter()
            .collect(),
        languages: article.language.clone().into_iter().collect(),
        ..DublinCoreExtension::default()
    };
    let has_dublin_core = !(dublin_core.creators.is_empty()
        && dublin_core.contributors.is_empty()
        && dublin_core.sources.is_empty()
        && dublin_core.rights.is_empty()
        && dublin_core.languages.is_empty());
    let via = source.and_then(|s| {
        Some(Link {
            href: s.url.clone()?,
            rel: "via".to_owned(),
            title: Some(s.name.clone()),
            ..Link::default()
        })
    });
    let license = attribution
        .license
        .as_ref()
        .filter(|license| Some(*license) != site.license.as_ref())
        .map(|license| license_extension(license));

    Item {
        title: Some(article.title.clone()),
        link: Some(article.url(site).into()),
        description: Some(body.summary_html.clone()),
        author,
        categories: article
            .tags
            .iter()
            .map(|tag| Category {
                name: tag.name.clone(),
                domain: None,
            })
            .collect(),
        guid: Some(Guid {
            value: article.id(site).into_owned(),
            permalink: false,
        }),
        pub_date: Some(article.published.to_rfc2822()),
        source: source.and_then(|s| {
            Some(Source {
                url: s.feed.clone()?,
                title: Some(s.name.clone()),
            })
        }),
        content: match feed.content {
            ContentMode::Full => Some(body.html.clone()),
            ContentMode::Summary => None,
        },
        extensions: license.into_iter().collect(),
        atom_ext: via.map(|link| AtomExtension { links: vec![link] }),
        dublin_core_ext: has_dublin_core.then_some(dublin_core),
        ..Item::default()
    }
}

/// `creativeCommons:license`, as one entry of an extension map.
fn license_extension(url: &str) -> (String, BTreeMap<String, Vec<Extension>>) {
    let extension = Extension {
        name: "creativeCommons:license".to_owned(),
        value: Some(url.to_owned()),
        ..Extension::default()
    };
    let mut elements = BTreeMap::new();
    elements.insert("license".to_owned(), vec![extension]);
    ("creativeCommons".to_owned(), elements)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hexadecimal_references_only_outside_cdata() {
        let xml = b"<t>AT&amp;T &lt;b&gt;</t><d><![CDATA[<p>&amp;&lt;</p>]]></d><a href=\"?a=1&amp;b=2\"/>";
        assert_eq!(
            String::from_utf8(hexadecimal_references(xml)).unwrap(),
            "<t>AT&#x26;T &#x3C;b&gt;</t><d><![CDATA[<p>&amp;&lt;</p>]]></d><a href=\"?a=1&#x26;b=2\"/>"
        );
    }
}
