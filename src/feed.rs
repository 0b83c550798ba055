//! Selecting articles into feeds.
//!
//! Every feed lists the newest articles first, ties broken by slug (unique
//! in a site), so the order never depends on the file system. A
//! `for_each_tag` feed expands to one feed per tag in use, in tag-slug
//! order. Selection needs only the articles' [`Listing`]s: the full articles
//! and their bodies are made afterwards, and only for the articles some feed
//! publishes.

use crate::article::load::{Index, Listing};
use crate::article::{Article, Tag, slugify};
use crate::config::{Config, ContentMode, FeedSpec, Site};
use crate::diagnostic::Diagnostic;
use crate::html::Content;
use chrono::{DateTime, FixedOffset};
use rayon::slice::ParallelSliceMut;
use std::collections::HashMap;

/// One output file of a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output folder.
    pub path: String,
    /// Its absolute URL (the feed's `rel="self"` link).
    pub url: String,
}

/// A feed: its metadata and its entries, newest first.
///
/// Selection makes a `Feed<usize>`, whose entries are indices of listings;
/// once the published articles are loaded, [`Feed::with_articles`] makes
/// the `Feed<&Article>` that renderers take.
#[derive(Clone, Debug)]
pub struct Feed<'a, E = &'a Article> {
    /// The feed's title.
    pub title: String,
    /// One sentence about it.
    pub description: String,
    /// The web page it stands for.
    pub link: String,
    /// The RSS file, if the feed has one.
    pub rss: Option<Output>,
    /// The Atom file, if the feed has one.
    pub atom: Option<Output>,
    /// Full content or summaries.
    pub content: ContentMode,
    /// The site it belongs to (language, rights, license, authors).
    pub site: &'a Site,
    /// The articles, newest first.
    pub entries: Vec<E>,
}

impl<'a> Feed<'a, usize> {
    /// The same feed, with each listing index replaced by its article.
    pub fn with_articles<'b>(self, article: impl Fn(usize) -> &'b Article) -> Feed<'b>
    where
        'a: 'b,
    {
        Feed {
            entries: self.entries.into_iter().map(article).collect(),
            title: self.title,
            description: self.description,
            link: self.link,
            rss: self.rss,
            atom: self.atom,
            content: self.content,
            site: self.site,
        }
    }
}

impl Feed<'_> {
    /// When the feed last changed: its newest entry's date. No clock is read,
    /// so the same articles always give the same date.
    pub fn updated(&self) -> Option<DateTime<FixedOffset>> {
        self.entries.iter().map(|a| a.last_modified()).max()
    }
}

/// The rendered bodies of the articles that feeds publish, by article id.
#[derive(Debug, Default)]
pub struct Bodies(pub HashMap<String, Content>);

impl Bodies {
    /// The body of an article, if it was rendered.
    pub fn get(&self, article: &Article) -> Option<&Content> {
        self.0.get(&article.id)
    }
}

/// Selects the articles of every configured feed, as listing indices.
///
/// Errors are about the config: a feed that selects nothing, or two feeds
/// that would write the same file once tags are expanded.
pub fn select<'a>(
    config: &'a Config,
    index: &'a Index,
) -> Result<Vec<Feed<'a, usize>>, Vec<Diagnostic>> {
    let listings = &index.listings;
    let mut newest_first: Vec<usize> = (0..listings.len()).collect();
    newest_first.par_sort_unstable_by(|&a, &b| {
        let (a, b) = (&listings[a], &listings[b]);
        b.published
            .cmp(&a.published)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let mut tags_in_order: Vec<u32> = (0..index.tags.len())
        .filter_map(|n| u32::try_from(n).ok())
        .collect();
    tags_in_order.sort_by(|&a, &b| {
        index.tags[a as usize]
            .slug
            .cmp(&index.tags[b as usize].slug)
    });

    let mut feeds = Vec::new();
    let mut problems = Vec::new();
    for spec in &config.feeds {
        if spec.for_each_tag {
            for &number in &tags_in_order {
                let entries = pick(listings, &newest_first, spec.limit, |l| {
                    l.tags.contains(&number)
                });
                feeds.push(feed(
                    &config.site,
                    spec,
                    Some(&index.tags[number as usize]),
                    entries,
                ));
            }
        } else {
            let wanted: Vec<u32> = spec
                .tags
                .iter()
                .map(|t| slugify(t))
                .filter_map(|slug| index.tags.iter().position(|t| t.slug == slug))
                .filter_map(|n| u32::try_from(n).ok())
                .collect();
            let entries = pick(listings, &newest_first, spec.limit, |l| {
                spec.tags.is_empty() || l.tags.iter().any(|n| wanted.contains(n))
            });
            let feed = feed(&config.site, spec, None, entries);
            if feed.entries.is_empty() {
                let name = feed
                    .rss
                    .as_ref()
                    .or(feed.atom.as_ref())
                    .map_or("", |o| o.path.as_str());
                problems.push(
                    Diagnostic::error(
                        &config.path,
                        format!("the feed `{name}` selects no articles"),
                    )
                    .with_help("tag an article with one of its `tags`, or remove the feed"),
                );
            }
            feeds.push(feed);
        }
    }

    let mut writers: HashMap<&str, &str> = HashMap::new();
    for feed in &feeds {
        for output in [&feed.rss, &feed.atom].into_iter().flatten() {
            if writers.insert(&output.path, &feed.title).is_some() {
                problems.push(Diagnostic::error(
                    &config.path,
                    format!("two feeds would both write `{}`", output.path),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(feeds)
    } else {
        Err(problems)
    }
}

/// The first `limit` listings, newest first, that `keep` accepts.
fn pick(
    listings: &[Listing],
    newest_first: &[usize],
    limit: usize,
    keep: impl Fn(&Listing) -> bool,
) -> Vec<usize> {
    newest_first
        .iter()
        .copied()
        .filter(|&i| keep(&listings[i]))
        .take(limit)
        .collect()
}

fn feed<'a>(
    site: &'a Site,
    spec: &FeedSpec,
    tag: Option<&Tag>,
    entries: Vec<usize>,
) -> Feed<'a, usize> {
    let fill = |template: &str| match tag {
        Some(tag) => template.replace("{tag}", &tag.name),
        None => template.to_owned(),
    };
    let output = |template: &Option<String>| {
        template.as_ref().map(|template| {
            let path = match tag {
                Some(tag) => template.replace("{tag}", &tag.slug),
                None => template.clone(),
            };
            Output {
                url: site.output_url(&path).into(),
                path,
            }
        })
    };
    let title = match (&spec.title, tag) {
        (Some(title), _) => fill(title),
        (None, Some(tag)) => format!("{}: {}", site.title, tag.name),
        (None, None) => site.title.clone(),
    };
    let description = match (&spec.description, tag) {
        (Some(description), _) => fill(description),
        (None, Some(tag)) => format!("Articles tagged “{}” from {}", tag.name, site.title),
        (None, None) if !site.description.is_empty() => site.description.clone(),
        (None, None) => title.clone(),
    };
    let link = match (&spec.link, tag) {
        (Some(link), Some(tag)) => link.replace("{tag}", &crate::links::encode_segment(&tag.slug)),
        (Some(link), None) => link.clone(),
        (None, _) => site.base_url.to_string(),
    };
    Feed {
        title,
        description,
        link,
        rss: output(&spec.rss),
        atom: output(&spec.atom),
        content: spec.content,
        site,
        entries,
    }
}
