//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>), written with serde.
//!
//! Strings are JSON strings, never HTML-escaped. Attribution JSON Feed has
//! no member for goes into the `_byline` extension object of the feed and
//! of each item (JSON Feed reserves keys starting with `_` for extensions):
//! `source` (`name`, `url`, `feed`, `relation`), `credit`, `rights` and
//! `license`, and on an item with a lead image, `image` (`alt`, `credit`,
//! `license`), since JSON Feed's `image` is a bare URL; and `notes`, an
//! item's retraction and corrections as text. The credit line is
//! also in `content_html` and at the end of `summary`, where readers show
//! it. An enclosure (and an
//! episode's transcript) is an attachment; a podcast's cover is the feed's
//! `icon`. An archived feed's history (RFC 5005) is `_byline.history`
//! (`complete`, `archive`, `current`, `prev_archive`, `next_archive`), and
//! `next_url`, JSON Feed's link to older items, is the next older archive
//! page.

use super::item::Item as FeedItem;
use crate::attribution::Person;
use crate::feed::{Feed, History, Rel};
use crate::format::Output;
use serde::Serialize;

/// The version URL every JSON Feed 1.1 starts with.
const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    favicon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hubs: Vec<Hub<'a>>,
    items: Vec<Item<'a>>,
    #[serde(rename = "_byline", skip_serializing_if = "Extension::is_empty")]
    extension: Extension<'a>,
}

/// A hub that pushes the feed (JSON Feed's `hubs`).
#[derive(Serialize)]
struct Hub<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'a str,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Item<'a> {
    id: String,
    url: String,
    title: &'a str,
    content_html: &'a str,
    summary: String,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<Attachment<'a>>,
    #[serde(rename = "_byline", skip_serializing_if = "Extension::is_empty")]
    extension: Extension<'a>,
}

#[derive(Serialize)]
struct Attachment<'a> {
    url: &'a str,
    mime_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size_in_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_in_seconds: Option<u32>,
}

/// What JSON Feed's `image` (a URL) cannot say about it.
#[derive(Serialize)]
struct ImageCredit<'a> {
    alt: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
}

/// byline's extension object: attribution JSON Feed has no member for.
#[derive(Default, Serialize)]
struct Extension<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Source<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rights: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageCredit<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<HistoryLinks<'a>>,
    /// The retraction and corrections as plain text, the retraction first.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

/// RFC 5005's feed history, which JSON Feed has no member for.
#[derive(Default, Serialize)]
struct HistoryLinks<'a> {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    complete: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    archive: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev_archive: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_archive: Option<&'a str>,
}

impl Extension<'_> {
    fn is_empty(&self) -> bool {
        self.source.is_none()
            && self.credit.is_none()
            && self.rights.is_none()
            && self.license.is_none()
            && self.image.is_none()
            && self.history.is_none()
            && self.notes.is_empty()
    }
}

#[derive(Serialize)]
struct Source<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed: Option<&'a str>,
    relation: &'static str,
}

fn author(person: &Person) -> Author<'_> {
    Author {
        name: &person.name,
        url: person.url.as_deref(),
    }
}

/// Renders a feed as JSON Feed 1.1.
pub(super) fn render(feed: &Feed<'_>, items: &[FeedItem<'_>], output: &Output) -> Vec<u8> {
    let site = feed.site;
    let site_icon = site.icon.as_ref().map(|icon| icon.image.url.as_str());
    let json = JsonFeed {
        version: VERSION,
        title: &feed.title,
        home_page_url: feed.alternate(),
        feed_url: &output.url,
        description: &feed.description,
        // A podcast's cover is its icon; the site's square icon otherwise,
        // and the small one beside the feed's name in lists.
        icon: feed
            .podcast
            .map(|podcast| podcast.image.url.as_str())
            .or(site_icon),
        favicon: site_icon,
        language: feed.language.as_deref(),
        authors: site.authors.iter().map(author).collect(),
        // JSON Feed's `next_url` leads to older items: the next older page.
        next_url: feed.links(Rel::PrevArchive, output.format).next(),
        hubs: feed
            .links(Rel::Hub, output.format)
            .map(|url| Hub {
                kind: "WebSub",
                url,
            })
            .collect(),
        items: items.iter().map(item).collect(),
        extension: Extension {
            rights: site.rights.as_deref(),
            license: site.license.as_deref(),
            history: history(feed, output),
            ..Extension::default()
        },
    };
    let mut bytes = serde_json::to_vec_pretty(&json).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn item<'a>(item: &'a FeedItem<'_>) -> Item<'a> {
    Item {
        id: item.id.clone().into_owned(),
        url: item.url.clone(),
        title: item.title,
        // JSON Feed asks for content: a feed of summaries carries the
        // summary's HTML.
        content_html: item.content.unwrap_or(item.summary_html),
        summary: item.summary_with_credit(),
        date_published: item.published.to_rfc3339(),
        date_modified: item.updated.map(|date| date.to_rfc3339()),
        image: item.image.map(|image| image.url.as_str()),
        authors: item.authors.iter().map(author).collect(),
        tags: item
            .categories
            .iter()
            .map(|tag| tag.name.as_str())
            .collect(),
        language: item.language,
        attachments: attachments(item),
        extension: Extension {
            source: item.source.map(|source| Source {
                name: &source.name,
                url: source.url.as_deref(),
                feed: source.feed.as_deref(),
                relation: source.relation.key(),
            }),
            credit: item.credit.clone(),
            rights: item.rights,
            license: item.license,
            image: item.image.map(|image| ImageCredit {
                alt: &image.alt,
                credit: image.credit.as_deref(),
                license: image.license.as_deref(),
            }),
            history: None,
            notes: &item.notes,
        },
    }
}

/// The feed's place in its history, in byline's extension.
fn history<'a>(feed: &'a Feed<'_>, output: &Output) -> Option<HistoryLinks<'a>> {
    let link = |rel| feed.links(rel, output.format).next();
    let links = HistoryLinks {
        complete: feed.history == History::Complete,
        archive: feed.history == History::Archive,
        current: link(Rel::Current),
        prev_archive: link(Rel::PrevArchive),
        next_archive: link(Rel::NextArchive),
    };
    (feed.history != History::Plain).then_some(links)
}

/// The enclosure, and an episode's transcript, as attachments.
fn attachments<'a>(item: &FeedItem<'a>) -> Vec<Attachment<'a>> {
    let enclosure = item.enclosure.map(|enclosure| Attachment {
        url: &enclosure.url,
        mime_type: &enclosure.mime,
        size_in_bytes: Some(enclosure.length),
        duration_in_seconds: enclosure.duration,
    });
    let transcript = item
        .episode
        .into_iter()
        .flat_map(|e| e.transcripts.iter())
        .map(|transcript| Attachment {
            url: &transcript.url,
            mime_type: transcript.mime,
            size_in_bytes: None,
            duration_in_seconds: None,
        });
    enclosure.into_iter().chain(transcript).collect()
}
