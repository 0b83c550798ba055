//! The checked model of an article: what every later stage works with.

use crate::attribution::{Attribution, Person};
use crate::config::Site;
use crate::diagnostic::Diagnostic;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How an article's body is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceFormat {
    /// Plain text in the wire-copy shape (`.txt`).
    Text,
    /// Markdown (`.md`, or `.markdown` as Jekyll names it).
    Markdown,
}

impl SourceFormat {
    /// The format of a file, from its extension; `None` for other files.
    pub(crate) fn of(path: &Path) -> Option<SourceFormat> {
        match path.extension()?.to_str()? {
            "txt" => Some(SourceFormat::Text),
            "md" | "markdown" => Some(SourceFormat::Markdown),
            _ => None,
        }
    }

    /// The format of a file in a dialect: in Hugo's, an `.html` (or `.htm`)
    /// content file is a page too. It is read as Markdown, which
    /// keeps HTML blocks as they are written.
    pub(crate) fn in_dialect(path: &Path, dialect: crate::config::Dialect) -> Option<SourceFormat> {
        SourceFormat::of(path).or_else(|| {
            let html = path.extension().is_some_and(|e| e == "html" || e == "htm");
            (html && dialect == crate::config::Dialect::Hugo).then_some(SourceFormat::Markdown)
        })
    }
}

/// A topic, as written and as used in file names and URLs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Tag {
    /// As the first article that used it wrote it ("Los Angeles").
    pub(crate) name: String,
    /// Its slug ("los-angeles"): two tags with one slug are one tag.
    pub(crate) slug: String,
}

/// One article, checked: every field is valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Article {
    /// The file, as shown in diagnostics.
    pub(crate) path: PathBuf,
    /// How its body is written.
    pub(crate) format: SourceFormat,
    /// The URL slug; with the date parts of `article_url`, unique in the site.
    pub(crate) slug: String,
    /// The slug of its URL, where another generator's rules make it differ
    /// from `slug` (Hugo keeps dots, Jekyll keeps case); `slug` stays what
    /// derived ids are made of.
    pub(crate) url_slug: Option<String>,
    /// The URL path the front matter sets with another generator's key
    /// (Zola's `path`, Hugo's `url`, Jekyll's `permalink`), relative to
    /// the base URL; it wins over `article_url`.
    pub(crate) address: Option<String>,
    /// The folder it is in, relative to the articles folder (`inside/news`,
    /// empty at the top): `{section}` in `article_url`.
    pub(crate) section: String,
    /// The id the front matter sets, if it does; otherwise the id is
    /// derived from the slug when needed (see [`Article::id`]).
    pub(crate) set_id: Option<String>,
    /// The headline.
    pub(crate) title: String,
    /// When it was published.
    pub(crate) published: DateTime<FixedOffset>,
    /// Returns true if and only if the publication date has no time of day:
    /// it came from the file name or a bare `YYYY-MM-DD`, and `published` is
    /// the site's `default_time` (midnight unless set) in the site's zone.
    pub(crate) date_only: bool,
    /// When it last changed significantly, if it did.
    pub(crate) updated: Option<DateTime<FixedOffset>>,
    /// A plain-text summary, if the front matter gives one.
    pub(crate) summary: Option<String>,
    /// Its authors (the site's, shared, when the article names none); never
    /// empty.
    pub(crate) authors: Arc<[Person]>,
    /// Its topics, without duplicates.
    pub(crate) tags: Vec<Tag>,
    /// Source, credit, contributors, rights and license.
    pub(crate) attribution: Attribution,
    /// A draft is checked but never published.
    pub(crate) draft: bool,
    /// Returns true unless the front matter says `feeds = false`: then the
    /// article is checked, and no feed carries it.
    pub(crate) in_feeds: bool,
    /// Its language (`ar`, `pt-BR`), when it differs from the site's.
    pub(crate) language: Option<String>,
    /// When it is withdrawn (Hugo's `expiryDate`), if ever.
    pub(crate) expires: Option<DateTime<FixedOffset>>,
    /// Its lead image, enclosure and podcast episode details.
    pub(crate) media: crate::media::Media,
    /// Its corrections, oldest first.
    pub(crate) corrections: Vec<Note>,
    /// Its retraction, if it was withdrawn: it stays in its feeds, with
    /// the note as its content.
    pub(crate) retracted: Option<Note>,
}

/// A correction or a retraction: when, and what readers are told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Note {
    /// When it was made.
    pub(crate) date: DateTime<FixedOffset>,
    /// What readers are told, as plain text.
    pub(crate) text: String,
}

impl Article {
    /// The absolute URL of the article's web page.
    pub(crate) fn url(&self, site: &Site) -> url::Url {
        match &self.address {
            Some(address) => site.output_url(address),
            None => site.permalink(
                self.url_slug.as_deref().unwrap_or(&self.slug),
                site.url_date(self.published),
                &self.section,
            ),
        }
    }

    /// The permanent id (RSS guid, Atom id), unique in the site: the one
    /// the front matter sets, or one made from the site, the year and the
    /// slug (see [`Site::article_id`]).
    pub(crate) fn id(&self, site: &Site) -> std::borrow::Cow<'_, str> {
        match &self.set_id {
            Some(id) => std::borrow::Cow::Borrowed(id),
            None => {
                std::borrow::Cow::Owned(site.article_id(&self.slug, self.published.date_naive()))
            }
        }
    }

    /// Returns true if and only if its language is written right to left
    /// (Arabic, Hebrew, Persian, Urdu and the like).
    pub(crate) fn is_right_to_left(&self) -> bool {
        self.language.as_deref().is_some_and(|tag| {
            let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
            matches!(
                primary.as_str(),
                "ar" | "arc"
                    | "ckb"
                    | "dv"
                    | "fa"
                    | "he"
                    | "ks"
                    | "ku"
                    | "ps"
                    | "sd"
                    | "syr"
                    | "ug"
                    | "ur"
                    | "yi"
            )
        })
    }
}

/// An article's body, borrowed from the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Body<'a> {
    /// Plain text; its blocks are the paragraphs.
    Text(&'a str),
    /// Markdown source.
    Markdown(&'a str),
}

/// An article and its body.
#[derive(Clone, Debug)]
pub(crate) struct Parsed<'a> {
    /// The checked metadata.
    pub(crate) article: Article,
    /// The body, still in its source form.
    pub(crate) body: Body<'a>,
    /// The line of the file the body starts on (1-based), for the
    /// positions of problems found in it when it is rendered.
    pub(crate) body_line: usize,
    /// What is published all the same, but worth a look.
    pub(crate) warnings: Vec<Diagnostic>,
    /// The digest of the front-matter block (0 without one): what
    /// feed selection depends on, to tell that a file parsed again is the
    /// one loaded (see [`crate::article`]).
    pub(crate) front_matter_hash: u64,
    /// The local media files this parse read, for the next parse.
    pub(crate) probed: Vec<(std::path::PathBuf, crate::media::Probed)>,
}

impl Parsed<'_> {
    /// The digest of what readers see of the article: its title, its
    /// summary and its body (`hash::digest`, 64 bits: a change detector for
    /// `byline.lock`, not a seal).
    pub(crate) fn digest(&self) -> u64 {
        let (Body::Text(body) | Body::Markdown(body)) = &self.body;
        let article = &self.article;
        crate::hash::digest(&[
            article.title.as_bytes(),
            article.summary.as_deref().unwrap_or("").as_bytes(),
            body.trim().as_bytes(),
        ])
    }
}

pub(crate) use crate::syntax::slugify;
