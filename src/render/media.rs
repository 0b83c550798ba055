//! Media RSS (`media:content`) for a lead image, the same in RSS and Atom,
//! and the extension elements both crates write, made once.
//!
//! The `rss` and `atom_syndication` crates each have their own extension
//! type, of the same shape: an [`Element`] is built once and converted.
//!
//! What the W3C validator accepts decides the form: `media:content` with
//! `medium="image"`, its type, pixel size and `fileSize`; the alt text as
//! `media:description type="plain"`; the credit as `media:credit`. Media
//! RSS's `media:license` is not one the validator knows (it reports it as
//! an undefined element), so the license goes where it does accept one:
//! `media:copyright` with the license as its `url`.

use crate::media::Image;
use std::collections::BTreeMap;

/// The Media RSS namespace.
pub(super) const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";

/// An extension element: a prefixed name, attributes, text and children.
#[derive(Default)]
pub(super) struct Element {
    pub(super) name: &'static str,
    pub(super) attributes: Vec<(&'static str, String)>,
    pub(super) text: Option<String>,
    pub(super) children: Vec<Element>,
}

impl Element {
    pub(super) fn new(name: &'static str) -> Element {
        Element {
            name,
            ..Element::default()
        }
    }

    pub(super) fn attribute(mut self, name: &'static str, value: impl Into<String>) -> Element {
        self.attributes.push((name, value.into()));
        self
    }

    pub(super) fn text(mut self, text: impl Into<String>) -> Element {
        self.text = Some(text.into());
        self
    }

    pub(super) fn child(mut self, child: Element) -> Element {
        self.children.push(child);
        self
    }

    /// The element's name without its prefix: the key the crates file
    /// extensions under.
    fn local_name(&self) -> String {
        self.name
            .split_once(':')
            .map_or(self.name, |(_, local)| local)
            .to_owned()
    }

    /// As the `rss` crate's extension.
    pub(super) fn into_rss(self) -> rss::extension::Extension {
        let mut children: BTreeMap<String, Vec<rss::extension::Extension>> = BTreeMap::new();
        for child in self.children {
            children
                .entry(child.local_name())
                .or_default()
                .push(child.into_rss());
        }
        rss::extension::Extension {
            name: self.name.to_owned(),
            value: self.text,
            attrs: attributes(self.attributes),
            children,
        }
    }

    /// As the `atom_syndication` crate's extension.
    pub(super) fn into_atom(self) -> atom_syndication::extension::Extension {
        let mut children: BTreeMap<String, Vec<atom_syndication::extension::Extension>> =
            BTreeMap::new();
        for child in self.children {
            children
                .entry(child.local_name())
                .or_default()
                .push(child.into_atom());
        }
        atom_syndication::extension::Extension {
            name: self.name.to_owned(),
            value: self.text,
            attrs: attributes(self.attributes),
            children,
        }
    }
}

fn attributes(list: Vec<(&'static str, String)>) -> BTreeMap<String, String> {
    list.into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
}

/// Files elements under their prefix and local name, as both crates'
/// extension maps do.
pub(super) fn extension_map<E>(
    prefix: &str,
    elements: Vec<Element>,
    convert: impl Fn(Element) -> E,
) -> (String, BTreeMap<String, Vec<E>>) {
    let mut map: BTreeMap<String, Vec<E>> = BTreeMap::new();
    for element in elements {
        map.entry(element.local_name())
            .or_default()
            .push(convert(element));
    }
    (prefix.to_owned(), map)
}

/// The Feed History namespace (RFC 5005), for `fh:archive` and
/// `fh:complete`.
pub(super) const HISTORY_NS: &str = "http://purl.org/syndication/history/1.0";

/// The RFC 5005 marker of a feed, if its history calls for one.
pub(super) fn history_marker(history: crate::feed::History) -> Option<Element> {
    match history {
        crate::feed::History::Complete => Some(Element::new("fh:complete")),
        crate::feed::History::Archive => Some(Element::new("fh:archive")),
        crate::feed::History::Plain | crate::feed::History::Subscription => None,
    }
}

/// The links of the feed's history and hub (RFC 5005, WebSub) that the
/// file in `format` carries, as (relation, URL).
pub(super) fn feed_links<'f>(
    feed: &'f crate::feed::Feed<'_>,
    format: crate::format::Format,
) -> impl Iterator<Item = (crate::feed::Rel, &'f str)> {
    use crate::feed::Rel;
    [Rel::Current, Rel::PrevArchive, Rel::NextArchive, Rel::Hub]
        .into_iter()
        .flat_map(move |rel| feed.links(rel, format).map(move |href| (rel, href)))
}

/// `media:content` for a lead image.
pub(super) fn image_content(image: &Image) -> Element {
    let mut content = Element::new("media:content")
        .attribute("url", &image.url)
        .attribute("medium", "image");
    if let Some(mime) = image.mime {
        content = content.attribute("type", mime);
    }
    if let Some((width, height)) = image.pixels {
        content = content
            .attribute("width", width.to_string())
            .attribute("height", height.to_string());
    }
    if let Some(length) = image.length {
        content = content.attribute("fileSize", length.to_string());
    }
    content = content.child(
        Element::new("media:description")
            .attribute("type", "plain")
            .text(&image.alt),
    );
    if let Some(credit) = &image.credit {
        content = content.child(Element::new("media:credit").text(credit));
    }
    if let Some(license) = &image.license {
        let text = image.credit.clone().unwrap_or_else(|| license.clone());
        content = content.child(
            Element::new("media:copyright")
                .attribute("url", license)
                .text(text),
        );
    }
    content
}
