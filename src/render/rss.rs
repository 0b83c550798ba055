//! RSS 2.0, written with the `rss` crate.

use super::item::{self, Item as FeedItem};
use super::media::{
    Element, HISTORY_NS, MEDIA_NS, extension_map, feed_links, history_marker, image_content,
};
use super::names::{CREATIVE_COMMONS_NS, GENERATOR, PODCAST_NS, VERSION};
use crate::feed::Feed;
use crate::format::Output;
use crate::media::{self, Podcast};
use rss::extension::Extension;
use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::extension::itunes::{
    ITunesCategory, ITunesChannelExtension, ITunesItemExtension, ITunesOwner,
};
use rss::{Category, Channel, Enclosure, Guid, Item, Source};
use std::collections::BTreeMap;

/// Renders a feed as RSS 2.0.
pub(super) fn render(feed: &Feed<'_>, feed_items: &[FeedItem<'_>], output: &Output) -> Vec<u8> {
    let site = feed.site;
    let mut namespaces = BTreeMap::new();
    let license = site
        .license
        .as_ref()
        .map(|license| license_extension(license));
    let items: Vec<Item> = feed_items.iter().map(|entry| item(feed, entry)).collect();
    let uses = |prefix: &str| {
        items
            .iter()
            .any(|item| item.extensions.contains_key(prefix))
    };
    if license.is_some() || uses("creativeCommons") {
        namespaces.insert("creativeCommons".to_owned(), CREATIVE_COMMONS_NS.to_owned());
    }
    if uses("media") {
        namespaces.insert("media".to_owned(), MEDIA_NS.to_owned());
    }
    let mut extensions: BTreeMap<_, _> = license.into_iter().collect();
    if let Some(marker) = history_marker(feed.history) {
        namespaces.insert("fh".to_owned(), HISTORY_NS.to_owned());
        let (prefix, elements) = extension_map("fh", vec![marker], Element::into_rss);
        extensions.insert(prefix, elements);
    }
    if let Some(podcast) = feed.podcast {
        namespaces.insert("podcast".to_owned(), PODCAST_NS.to_owned());
        // Assigned once: the one byline.lock recorded, else the feed URL's.
        let guid = podcast
            .guid
            .clone()
            .unwrap_or_else(|| media::podcast_guid(&output.url));
        let guid = Element::new("podcast:guid").text(guid);
        let mut show = vec![guid];
        if let Some(locked) = podcast.locked {
            let mut element =
                Element::new("podcast:locked").text(if locked { "yes" } else { "no" });
            if let Some(email) = &podcast.owner.email {
                element = element.attribute("owner", email);
            }
            show.push(element);
        }
        show.extend(podcast.funding.iter().map(|funding| {
            Element::new("podcast:funding")
                .attribute("url", &funding.url)
                .text(&funding.text)
        }));
        let (prefix, elements) = extension_map("podcast", show, Element::into_rss);
        extensions.insert(prefix, elements);
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
        language: feed.language.clone(),
        copyright: feed
            .podcast
            .and_then(|podcast| podcast.copyright.clone())
            .or_else(|| site.rights.clone()),
        generator: Some(format!("{GENERATOR} {VERSION}")),
        last_build_date: item::updated(feed, feed_items).map(|date| date.to_rfc2822()),
        atom_ext: Some(AtomExtension {
            links: std::iter::once(self_link)
                // The feed's page is `related`, not `alternate`: feedparser
                // takes an alternate HTML link as the site's, and its
                // readers' "visit website" then opened the feed's page
                // instead of `<link>`, the site.
                .chain(feed.page().map(|page| Link {
                    href: page.to_owned(),
                    rel: "related".to_owned(),
                    mime_type: Some("text/html".to_owned()),
                    ..Link::default()
                }))
                .chain(feed_links(feed, output.format).map(|(rel, href)| Link {
                    href: href.to_owned(),
                    rel: rel.name().to_owned(),
                    ..Link::default()
                }))
                .collect(),
        }),
        itunes_ext: feed.podcast.map(|podcast| show(feed, podcast)),
        // Within RSS's 144 by 400 pixels, titled and linked as the channel
        // is, as the W3C validator asks.
        image: site.rss_image().map(|image| rss::Image {
            url: image.url.clone(),
            title: feed.title.clone(),
            link: feed.alternate().to_owned(),
            width: image.pixels.map(|(width, _)| width.to_string()),
            height: image.pixels.map(|(_, height)| height.to_string()),
            description: None,
        }),
        extensions,
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
    // Only `&` and `<` start anything to rewrite or skip: copy the runs
    // between them whole.
    while let Some(found) = xml[i..].iter().position(|&b| b == b'&' || b == b'<') {
        out.extend_from_slice(&xml[i..i + found]);
        i += found;
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
    out.extend_from_slice(&xml[i..]);
    out
}

/// Where `needle` (which starts with `]`) first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = haystack[from..].iter().position(|&b| b == needle[0]) {
        let start = from + at;
        if haystack[start..].starts_with(needle) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

fn item(feed: &Feed<'_>, entry: &FeedItem<'_>) -> Item {
    // People are `dc:creator`s only, never `<author>`: RSS's `<author>` is
    // an email address with the name in parentheses, which SimplePie and
    // rss-parser show whole and feed-rs as "(Name)"; with `dc:creator`
    // every reader tried shows the name.
    let creators = entry.authors.iter().map(|p| p.name.clone()).collect();
    let source = entry.source;
    let dublin_core = DublinCoreExtension {
        creators,
        contributors: entry.contributors.iter().map(|p| p.name.clone()).collect(),
        // With the source's feed known, <source> says it; the validator
        // warns on an item that has both (DuplicateItemSemantics).
        sources: source
            .filter(|s| s.feed.is_none())
            .and(entry.cited_source())
            .map(str::to_owned)
            .into_iter()
            .collect(),
        rights: entry.rights.map(str::to_owned).into_iter().collect(),
        languages: entry.language.map(str::to_owned).into_iter().collect(),
        ..DublinCoreExtension::default()
    };
    let has_dublin_core = !(dublin_core.creators.is_empty()
        && dublin_core.contributors.is_empty()
        && dublin_core.sources.is_empty()
        && dublin_core.rights.is_empty()
        && dublin_core.languages.is_empty());
    let via = entry.via().map(|(href, title)| Link {
        href: href.to_owned(),
        rel: "via".to_owned(),
        title: Some(title.to_owned()),
        ..Link::default()
    });
    let license = entry.license.map(license_extension);
    let mut extensions: BTreeMap<_, _> = license.into_iter().collect();
    if let Some(image) = entry.image {
        let (prefix, elements) =
            extension_map("media", vec![image_content(image)], Element::into_rss);
        extensions.insert(prefix, elements);
    }
    let podcast_elements = feed
        .podcast
        .map(|_| episode_elements(entry))
        .unwrap_or_default();
    if !podcast_elements.is_empty() {
        let (prefix, elements) = extension_map("podcast", podcast_elements, Element::into_rss);
        extensions.insert(prefix, elements);
    }
    // RSS has no update date of its own: Atom's, whose namespace the
    // channel's self link declares, is valid in an item (the W3C
    // validator's `atom:updated`, an RFC 3339 date) and feedparser reads it.
    if let Some(updated) = entry.updated {
        let element = Element::new("atom:updated").text(updated.to_rfc3339());
        let (prefix, elements) = extension_map("atom", vec![element], Element::into_rss);
        extensions.insert(prefix, elements);
    }

    Item {
        title: Some(entry.title.to_owned()),
        link: Some(entry.url.clone()),
        description: Some(entry.summary_html.to_owned()),
        categories: entry
            .categories
            .iter()
            .map(|tag| Category {
                name: tag.name.clone(),
                domain: None,
            })
            .collect(),
        guid: Some(Guid {
            value: entry.id.clone().into_owned(),
            permalink: false,
        }),
        pub_date: Some(entry.published.to_rfc2822()),
        source: source.and_then(|s| {
            Some(Source {
                url: s.feed.clone()?,
                title: Some(s.name.clone()),
            })
        }),
        content: entry.content.map(str::to_owned),
        enclosure: entry.enclosure.map(|enclosure| Enclosure {
            url: enclosure.url.clone(),
            length: enclosure.length.to_string(),
            mime_type: enclosure.mime.clone(),
        }),
        itunes_ext: feed.podcast.map(|podcast| episode(entry, podcast)),
        extensions,
        atom_ext: via.map(|link| AtomExtension { links: vec![link] }),
        dublin_core_ext: has_dublin_core.then_some(dublin_core),
        ..Item::default()
    }
}

/// The show's details in the iTunes namespace, as Apple documents them.
fn show(feed: &Feed<'_>, podcast: &Podcast) -> ITunesChannelExtension {
    ITunesChannelExtension {
        author: Some(
            podcast
                .author
                .clone()
                .unwrap_or_else(|| feed.site.title.clone()),
        ),
        categories: vec![ITunesCategory {
            text: podcast.category.clone(),
            subcategory: podcast.subcategory.as_ref().map(|text| {
                Box::new(ITunesCategory {
                    text: text.clone(),
                    subcategory: None,
                })
            }),
        }],
        image: Some(podcast.image.url.clone()),
        explicit: Some(podcast.explicit.to_string()),
        owner: Some(ITunesOwner {
            name: Some(podcast.owner.name.clone()),
            email: podcast.owner.email.clone(),
        }),
        r#type: Some(podcast.kind.key().to_owned()),
        new_feed_url: podcast.new_feed_url.clone(),
        ..ITunesChannelExtension::default()
    }
}

/// An episode's details in the iTunes namespace.
fn episode(entry: &FeedItem<'_>, podcast: &Podcast) -> ITunesItemExtension {
    let episode = entry.episode;
    ITunesItemExtension {
        duration: entry
            .enclosure
            .and_then(|e| e.duration)
            .map(|seconds| seconds.to_string()),
        explicit: Some(
            episode
                .and_then(|e| e.explicit)
                .unwrap_or(podcast.explicit)
                .to_string(),
        ),
        episode: episode.and_then(|e| e.number).map(|n| n.to_string()),
        season: episode.and_then(|e| e.season).map(|n| n.to_string()),
        episode_type: episode.map(|e| e.kind.key().to_owned()),
        image: episode
            .and_then(|e| e.image.as_ref())
            .map(|(url, _)| url.clone()),
        ..ITunesItemExtension::default()
    }
}

/// Podcasting 2.0's elements of an episode: its hosts (the article's
/// authors) and guests as `podcast:person`, its transcripts and its
/// chapters.
fn episode_elements(entry: &FeedItem<'_>) -> Vec<Element> {
    let person = |person: &crate::attribution::Person, role: &'static str| {
        let mut element = Element::new("podcast:person")
            .attribute("role", role)
            .text(&person.name);
        if let Some(url) = &person.url {
            element = element.attribute("href", url);
        }
        element
    };
    let mut elements: Vec<Element> = entry.authors.iter().map(|p| person(p, "host")).collect();
    if let Some(episode) = entry.episode {
        elements.extend(episode.guests.iter().map(|p| person(p, "guest")));
        for transcript in &episode.transcripts {
            let mut element = Element::new("podcast:transcript")
                .attribute("url", &transcript.url)
                .attribute("type", transcript.mime);
            if let Some(language) = &transcript.language {
                element = element.attribute("language", language);
            }
            if transcript.captions {
                element = element.attribute("rel", "captions");
            }
            elements.push(element);
        }
        if let Some(chapters) = &episode.chapters {
            elements.push(
                Element::new("podcast:chapters")
                    .attribute("url", &chapters.url)
                    .attribute("type", media::CHAPTERS_TYPE),
            );
        }
    }
    elements
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
