//! Selecting articles into feeds.
//!
//! Every feed lists the newest articles first, ties broken by slug and then
//! by path (unique), so the order never depends on the file system. A
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
    /// When the site last published anything: the date of an empty feed,
    /// which Atom requires and no entry gives.
    pub site_updated: Option<DateTime<FixedOffset>>,
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
            site_updated: self.site_updated,
        }
    }
}

impl Feed<'_> {
    /// When the feed last changed: its newest entry's date, or for an
    /// empty feed the site's newest article's. No clock is read, so the
    /// same articles always give the same date.
    pub fn updated(&self) -> Option<DateTime<FixedOffset>> {
        self.entries
            .iter()
            .map(|a| a.last_modified())
            .max()
            .or(self.site_updated)
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

/// The feeds of a site, and what is worth a warning about them.
#[derive(Debug)]
pub struct Selection<'a> {
    /// Every feed, in config order, per-tag feeds in tag order.
    pub feeds: Vec<Feed<'a, usize>>,
    /// Feeds that select no article: published empty, but likely a typo.
    pub warnings: Vec<Diagnostic>,
}

/// Selects the articles of every configured feed, as listing indices.
///
/// A feed that selects nothing is published empty, with a warning (a new
/// site, or a section that is quiet this week, is normal). The error is
/// about the config: two feeds that would write the same file once tags
/// are expanded.
pub fn select<'a>(config: &'a Config, index: &'a Index) -> Result<Selection<'a>, Vec<Diagnostic>> {
    let listings = &index.listings;
    let mut newest_first: Vec<usize> = (0..listings.len()).collect();
    newest_first.par_sort_unstable_by(|&a, &b| {
        let (a, b) = (&listings[a], &listings[b]);
        b.published
            .cmp(&a.published)
            .then_with(|| a.slug.cmp(&b.slug))
            .then_with(|| a.path.cmp(&b.path))
    });
    let mut tags_in_order: Vec<u32> = (0..index.tags.len())
        .filter_map(|n| u32::try_from(n).ok())
        .collect();
    tags_in_order.sort_by(|&a, &b| {
        index.tags[a as usize]
            .slug
            .cmp(&index.tags[b as usize].slug)
    });

    let site_updated = newest_first.first().map(|&i| listings[i].published);
    let mut feeds = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
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
                    site_updated,
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
            let feed = feed(&config.site, spec, None, entries, site_updated);
            if feed.entries.is_empty() {
                warnings.push(empty_feed(config, index, spec, &feed));
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
        Ok(Selection { feeds, warnings })
    } else {
        Err(problems)
    }
}

/// The warning for a feed that selects no article, with a did-you-mean for
/// each of its tags that no article uses but one in use is close to.
fn empty_feed(
    config: &Config,
    index: &Index,
    spec: &FeedSpec,
    feed: &Feed<'_, usize>,
) -> Diagnostic {
    let name = feed
        .rss
        .as_ref()
        .or(feed.atom.as_ref())
        .map_or("", |o| o.path.as_str());
    let warning = Diagnostic::warning(
        &config.path,
        format!("the feed `{name}` selects no articles; it is published empty"),
    );
    let in_use = || index.tags.iter().map(|t| t.slug.as_str());
    let suggestions: Vec<String> = spec
        .tags
        .iter()
        .map(|t| slugify(t))
        .filter(|slug| !in_use().any(|used| used == slug))
        .filter_map(|slug| crate::diagnostic::did_you_mean(&slug, in_use()))
        .map(|best| format!("`{best}`"))
        .collect();
    if suggestions.is_empty() {
        warning.with_help("tag an article with one of its `tags`, or remove the feed")
    } else {
        warning.with_help(format!("did you mean {}?", suggestions.join(" or ")))
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
    site_updated: Option<DateTime<FixedOffset>>,
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
        site_updated,
    }
}
