//! The item view: what a feed says about one entry, decided once for every
//! format.
//!
//! [`Item::of`] makes it from a feed's [`Entry`] (the article and its
//! rendered HTML) and the [`Feed`] it is in. Every attribution and dating
//! policy lives here, so that the RSS, Atom, JSON Feed and HTML renderers
//! only spell its fields in their syntax (the attribution table in the
//! module docs of `render` and in the README):
//!
//! - the item's id and the URL of its page, its title;
//! - its authors (the article's, else the site's: resolved at load time,
//!   never none), each with name, e-mail and URL; its contributors;
//! - its source ("adapted from"), its via link, and the source as cited in
//!   one string;
//! - its rights and license **only where they differ from the site's**,
//!   which the feed states once;
//! - its dates: when it was published, and when it was updated (`None`
//!   when never), from which [`Item::last_modified`] and the feed's
//!   [`updated`] follow;
//! - its content (the whole article in a full feed, none in a summary
//!   feed), its summary as text and as HTML, and its credit line as text and
//!   as HTML;
//! - its tags, its own language (only where it is not the site's), and its
//!   media (lead image, enclosure, episode).
//!
//! A later change to what an item says (a correction that moves its
//! `updated` date and adds a note beside the credit line) is made here,
//! once, and every format follows.

use crate::article::{Article, Tag};
use crate::attribution::{Person, Source};
use crate::config::ContentMode;
use crate::feed::{Entry, Feed};
use crate::media::{Enclosure, Episode, Image};
use chrono::{DateTime, FixedOffset};
use std::borrow::Cow;

/// One entry of a feed, as every format states it.
#[derive(Clone, Debug)]
pub(crate) struct Item<'a> {
    /// The permanent id: RSS `guid`, Atom `id`, JSON Feed `id`.
    pub(crate) id: Cow<'a, str>,
    /// The absolute URL of the article's page: the item's link.
    pub(crate) url: String,
    /// The headline.
    pub(crate) title: &'a str,
    /// When it was first published.
    pub(crate) published: DateTime<FixedOffset>,
    /// When it was last updated, if it ever was.
    pub(crate) updated: Option<DateTime<FixedOffset>>,
    /// Whether its date is a day with no time of day.
    pub(crate) date_only: bool,
    /// Who wrote it: never empty (the site's authors when the article
    /// names none).
    pub(crate) authors: &'a [Person],
    /// Who else worked on it ("Reporting by …").
    pub(crate) contributors: &'a [Person],
    /// Where it came from, when it was adapted, reprinted or translated.
    pub(crate) source: Option<&'a Source>,
    /// Its rights statement, only where it differs from the site's.
    pub(crate) rights: Option<&'a str>,
    /// Its license URL, only where it differs from the site's.
    pub(crate) license: Option<&'a str>,
    /// Its tags, in the article's order.
    pub(crate) categories: &'a [Tag],
    /// Its language, only where it is not the site's.
    pub(crate) language: Option<&'a str>,
    /// Whether its language is written right to left.
    pub(crate) right_to_left: bool,
    /// The whole article as HTML, ending with the credit line; `None` in a
    /// feed of summaries.
    pub(crate) content: Option<&'a str>,
    /// The plain-text summary, without the credit line.
    pub(crate) summary: &'a str,
    /// The summary as HTML, ending with the credit line.
    pub(crate) summary_html: &'a str,
    /// The visible credit line as text ("Adapted from a report by
    /// Reuters"), if there is one.
    pub(crate) credit: Option<String>,
    /// The retraction and corrections, the credit line and the license
    /// link as HTML, as the content ends.
    pub(crate) credit_html: &'a str,
    /// The retraction and corrections as plain text ("Correction, 13
    /// August 2024: …"), the retraction first.
    pub(crate) notes: Vec<String>,
    /// Its lead image.
    pub(crate) image: Option<&'a Image>,
    /// Its enclosure (an episode's audio, a document).
    pub(crate) enclosure: Option<&'a Enclosure>,
    /// Its podcast episode's details.
    pub(crate) episode: Option<&'a Episode>,
}

impl<'a> Item<'a> {
    /// The item that `entry` is in `feed`.
    pub(crate) fn of(entry: &Entry<'a>, feed: &Feed<'a>) -> Item<'a> {
        let article: &'a Article = entry.article;
        let html = entry.html;
        let site = feed.site;
        let attribution = &article.attribution;
        let own = |value: &'a Option<String>, site: &Option<String>| {
            value.as_deref().filter(|v| Some(*v) != site.as_deref())
        };
        Item {
            id: article.id(site),
            url: article.url(site).into(),
            title: &article.title,
            published: article.published,
            updated: article.updated,
            date_only: article.date_only,
            authors: &article.authors,
            contributors: &attribution.contributors,
            source: attribution.source.as_ref(),
            rights: own(&attribution.rights, &site.rights),
            license: own(&attribution.license, &site.license),
            categories: &article.tags,
            // Its own language where it is not the feed's.
            language: article
                .language
                .as_deref()
                .or(site.language.as_deref())
                .filter(|own| {
                    !feed
                        .language
                        .as_deref()
                        .is_some_and(|feed| feed.eq_ignore_ascii_case(own))
                }),
            right_to_left: article.is_right_to_left(),
            content: match feed.content {
                ContentMode::Full => Some(&html.html),
                ContentMode::Summary => None,
            },
            summary: &html.summary,
            summary_html: &html.summary_html,
            credit: attribution.credit_line(),
            credit_html: &html.credit_html,
            notes: crate::html::notes_text(article),
            image: article.media.image.as_ref(),
            enclosure: article.media.enclosure.as_ref(),
            episode: article.media.episode.as_ref(),
        }
    }

    /// When it last changed: when it was updated, or else published.
    pub(crate) fn last_modified(&self) -> DateTime<FixedOffset> {
        self.updated.unwrap_or(self.published)
    }

    /// The source as one string (Dublin Core's `dc:source`): its URL when
    /// known, else its name.
    pub(crate) fn cited_source(&self) -> Option<&'a str> {
        self.source
            .map(|source| source.url.as_deref().unwrap_or(&source.name))
    }

    /// The link to the original (`rel="via"`) and its title, the source's
    /// name: when the source's URL is known.
    pub(crate) fn via(&self) -> Option<(&'a str, &'a str)> {
        self.source
            .and_then(|source| Some((source.url.as_deref()?, source.name.as_str())))
    }

    /// The plain-text summary, ending with the credit line in the
    /// parentheses of wire copy ("… (Adapted from a report by Reuters)"):
    /// a reader that shows a plain summary alone shows the credit too.
    /// The retraction and corrections come before the credit.
    pub(crate) fn summary_with_credit(&self) -> String {
        let mut summary = self.summary.to_owned();
        for note in &self.notes {
            if !summary.is_empty() {
                summary.push(' ');
            }
            summary.push_str(note);
        }
        match self.credit.as_deref() {
            Some(credit) if summary.is_empty() => format!("({credit})"),
            Some(credit) => format!("{summary} ({credit})"),
            None => summary,
        }
    }
}

/// When the feed last changed: its newest item's date, or for an empty
/// feed the site's newest article's. No clock is read, so the same
/// articles always give the same date.
pub(crate) fn updated(feed: &Feed<'_>, items: &[Item<'_>]) -> Option<DateTime<FixedOffset>> {
    items
        .iter()
        .map(Item::last_modified)
        .max()
        .or(feed.site_updated)
}

/// Every entry of `feed`, as an item.
pub(crate) fn items<'a>(feed: &Feed<'a>) -> Vec<Item<'a>> {
    feed.entries
        .iter()
        .map(|entry| Item::of(entry, feed))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::History;
    use std::path::Path;

    fn site() -> crate::config::Site {
        let text = "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\n\
                    authors = [\"Desk\"]\nrights = \"© T\"\n\
                    license = \"https://creativecommons.org/licenses/by/4.0/\"\n\
                    [[feeds]]\nrss = \"feed.xml\"\n";
        crate::config::parse(Path::new("feeds.toml"), text)
            .unwrap()
            .site
    }

    fn feed(site: &crate::config::Site, content: ContentMode) -> Feed<'_> {
        Feed {
            title: String::new(),
            description: String::new(),
            links: Vec::new(),
            outputs: Vec::new(),
            content,
            site,
            podcast: None,
            history: History::Plain,
            entries: Vec::new(),
            site_updated: None,
            language: None,
            line: 0,
        }
    }

    /// The article at `name` with `text`, and its HTML.
    fn article(
        site: &crate::config::Site,
        name: &str,
        text: &str,
    ) -> (Article, crate::html::ArticleHtml) {
        let facts = crate::article::FileFacts::default();
        let parsed = crate::article::parse(Path::new(name), text, &facts, site).unwrap();
        let (html, _) = crate::html::render(&parsed, site);
        (parsed.article, html)
    }

    #[test]
    fn rights_and_license_are_the_items_only_where_they_differ_from_the_sites() {
        let site = site();
        let feed = feed(&site, ContentMode::Full);
        let (same, same_html) = article(
            &site,
            "2024-01-01-same.md",
            "+++\ntitle = \"Same\"\nrights = \"© T\"\n\
             license = \"https://creativecommons.org/licenses/by/4.0/\"\n+++\nBody.\n",
        );
        let entry = Entry {
            article: &same,
            html: &same_html,
        };
        let item = Item::of(&entry, &feed);
        assert_eq!((item.rights, item.license), (None, None));
        let (own, own_html) = article(
            &site,
            "2024-01-02-own.md",
            "+++\ntitle = \"Own\"\nrights = \"© Agency\"\n\
             license = \"https://creativecommons.org/licenses/by-sa/4.0/\"\n+++\nBody.\n",
        );
        let entry = Entry {
            article: &own,
            html: &own_html,
        };
        let item = Item::of(&entry, &feed);
        assert_eq!(item.rights, Some("© Agency"));
        assert_eq!(
            item.license,
            Some("https://creativecommons.org/licenses/by-sa/4.0/")
        );
        // The site's authors, as the article names none.
        assert_eq!(item.authors.len(), 1);
        assert_eq!(item.authors[0].name, "Desk");
        assert_eq!(item.url, own.url(&site).as_str());
        assert_eq!(item.id, own.id(&site));
    }

    #[test]
    fn a_credited_item_cites_its_source_and_its_summary_ends_with_the_credit() {
        let site = site();
        let (article, html) = article(
            &site,
            "2024-01-03-wire.txt",
            "Headline\n\nFirst paragraph.\n\n(Adapted from a report by Reuters)\n",
        );
        let entry = Entry {
            article: &article,
            html: &html,
        };
        let full = feed(&site, ContentMode::Full);
        let item = Item::of(&entry, &full);
        assert_eq!(
            item.credit.as_deref(),
            Some("Adapted from a report by Reuters")
        );
        assert_eq!(
            item.summary_with_credit(),
            "First paragraph. (Adapted from a report by Reuters)"
        );
        assert_eq!(item.cited_source(), Some("Reuters"));
        assert_eq!(item.via(), None, "a source known by name has no link");
        assert!(item.content.is_some_and(|c| c.ends_with(item.credit_html)));
        assert!(
            item.credit_html
                .contains("Adapted from a report by Reuters")
        );
        let summaries = feed(&site, ContentMode::Summary);
        assert_eq!(Item::of(&entry, &summaries).content, None);
    }

    #[test]
    fn an_updated_item_was_last_modified_when_updated_and_the_feed_with_it() {
        let site = site();
        let (article, html) = article(
            &site,
            "2024-01-04-fixed.md",
            "+++\ntitle = \"Fixed\"\nupdated = 2024-02-01\n+++\nBody.\n",
        );
        let entry = Entry {
            article: &article,
            html: &html,
        };
        let feed = feed(&site, ContentMode::Full);
        let item = Item::of(&entry, &feed);
        assert_eq!(item.published.to_rfc3339(), "2024-01-04T00:00:00+00:00");
        assert_eq!(
            item.last_modified().to_rfc3339(),
            "2024-02-01T00:00:00+00:00"
        );
        assert_eq!(updated(&feed, &[item]), article.updated);
        assert_eq!(updated(&feed, &[]), None, "an empty feed of a new site");
    }
}
