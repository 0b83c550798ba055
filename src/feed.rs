//! Selecting articles into feeds.
//!
//! Two steps. [`expand`] turns each `[[feeds]]` spec into the feeds it
//! stands for: one, or for `for_each_tag` one per tag in use, in tag-slug
//! order. [`select`] then fills each with its entries: the newest articles
//! first, ties broken by slug and then by path (unique), so the order never
//! depends on the file system. Selection needs only the articles'
//! [`Listing`]s: the full articles and their HTML are made afterwards, and
//! only for the articles some feed publishes; [`Feed::with_entries`] then
//! makes the self-contained feed that renderers take.

use crate::article::load::{Index, Listing};
use crate::article::{Article, Tag, slugify};
use crate::config::{Config, ContentMode, FeedSpec, Site};
use crate::diagnostic::Diagnostic;
use crate::format::{Format, Output};
use crate::html::ArticleHtml;
use chrono::{DateTime, FixedOffset};
use rayon::slice::ParallelSliceMut;
use std::collections::HashMap;

/// An article as a feed carries it: its metadata and its rendered HTML.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry<'a> {
    /// The checked article.
    pub(crate) article: &'a Article,
    /// Its body and summary, rendered.
    pub(crate) html: &'a ArticleHtml,
}

/// What a feed's link points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rel {
    /// The web page the feed stands for.
    Alternate,
    /// The WebSub hub that pushes the feed to subscribers.
    Hub,
    /// RFC 5005: from an archive page, the subscription document.
    Current,
    /// RFC 5005: the next older archive page.
    PrevArchive,
    /// RFC 5005: the next newer archive page.
    NextArchive,
}

impl Rel {
    /// The link relation's registered name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Rel::Alternate => "alternate",
            Rel::Hub => "hub",
            Rel::Current => "current",
            Rel::PrevArchive => "prev-archive",
            Rel::NextArchive => "next-archive",
        }
    }
}

/// A link of a feed, besides each file's link to itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    /// What it points at.
    pub(crate) rel: Rel,
    /// The absolute URL.
    pub(crate) href: String,
    /// The one format whose file carries it (an archive page links to the
    /// page of its own format); `None` for all of them.
    pub(crate) format: Option<Format>,
}

/// Where a feed stands in its history (RFC 5005).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum History {
    /// A feed without archives: its newest items.
    #[default]
    Plain,
    /// Every item the feed will ever select is in it (`fh:complete`).
    Complete,
    /// The subscription document of an archived feed: its newest items,
    /// linked to its newest archive page.
    Subscription,
    /// An archive page (`fh:archive`).
    Archive,
}

/// A feed: its metadata, its files and its entries, newest first.
///
/// Selection makes a `Feed<usize>`, whose entries are indices of listings;
/// once the published articles are loaded and rendered,
/// [`Feed::with_entries`] makes the self-contained `Feed<Entry>` that
/// renderers take.
#[derive(Clone, Debug)]
pub(crate) struct Feed<'a, E = Entry<'a>> {
    /// The feed's title.
    pub(crate) title: String,
    /// One sentence about it.
    pub(crate) description: String,
    /// Its links: the web page it stands for, and later more.
    pub(crate) links: Vec<Link>,
    /// Its files, one per format, in [`crate::format::Format::ALL`] order.
    pub(crate) outputs: Vec<Output>,
    /// Full content or summaries.
    pub(crate) content: ContentMode,
    /// The site it belongs to (language, rights, license, authors).
    pub(crate) site: &'a Site,
    /// The show's details, when the feed is a podcast.
    pub(crate) podcast: Option<&'a crate::media::Podcast>,
    /// Whether it is complete, archived, or an archive page.
    pub(crate) history: History,
    /// The articles, newest first.
    pub(crate) entries: Vec<E>,
    /// When the site last published anything: the date of an empty feed,
    /// which Atom requires and no entry gives.
    pub(crate) site_updated: Option<DateTime<FixedOffset>>,
}

impl<E> Feed<'_, E> {
    /// The web page the feed stands for.
    pub(crate) fn alternate(&self) -> &str {
        self.links
            .iter()
            .find(|link| link.rel == Rel::Alternate)
            .map_or("", |link| link.href.as_str())
    }

    /// The links of one relation that the file in `format` carries, in
    /// order.
    pub(crate) fn links(&self, rel: Rel, format: Format) -> impl Iterator<Item = &str> {
        self.links
            .iter()
            .filter(move |link| link.rel == rel && link.format.is_none_or(|f| f == format))
            .map(|link| link.href.as_str())
    }

    /// The URL of the feed's own HTML page, if it has one.
    pub(crate) fn page(&self) -> Option<&str> {
        self.outputs
            .iter()
            .find(|output| output.format == crate::format::Format::Html)
            .map(|output| output.url.as_str())
    }
}

impl<'a> Feed<'a, usize> {
    /// The same feed, with each listing index replaced by its entry.
    pub(crate) fn with_entries<'b>(self, entry: impl Fn(usize) -> Entry<'b>) -> Feed<'b>
    where
        'a: 'b,
    {
        Feed {
            entries: self.entries.into_iter().map(entry).collect(),
            title: self.title,
            description: self.description,
            links: self.links,
            outputs: self.outputs,
            content: self.content,
            site: self.site,
            podcast: self.podcast,
            history: self.history,
            site_updated: self.site_updated,
        }
    }
}

/// The feeds of a site, and what is worth a warning about them.
#[derive(Debug)]
pub(crate) struct Selection<'a> {
    /// Every feed, in config order, per-tag feeds in tag order.
    pub(crate) feeds: Vec<Feed<'a, usize>>,
    /// Feeds that select no article: published empty, but likely a typo.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Selects the articles of every configured feed, as listing indices.
///
/// A feed that selects nothing is published empty, with a warning (a new
/// site, or a section that is quiet this week, is normal). The error is
/// about the config: two feeds that would write the same file once tags
/// are expanded.
pub(crate) fn select<'a>(
    config: &'a Config,
    index: &'a Index,
) -> Result<Selection<'a>, Vec<Diagnostic>> {
    let listings = &index.listings;
    let mut newest_first: Vec<usize> = (0..listings.len()).collect();
    newest_first.par_sort_unstable_by(|&a, &b| {
        let (a, b) = (&listings[a], &listings[b]);
        b.published
            .cmp(&a.published)
            .then_with(|| a.slug.cmp(&b.slug))
            .then_with(|| a.path.cmp(&b.path))
    });
    let site_updated = newest_first.first().map(|&i| listings[i].published);
    // Each tag's articles, newest first, gathered in one pass: a feed per
    // tag then reads its own list instead of scanning every article, so
    // 20,000 tags over 20,000 articles cost 20,000 steps, not 400 million.
    let mut by_tag: Vec<Vec<usize>> = Vec::new();
    if config.feeds.iter().any(|spec| spec.for_each_tag) {
        by_tag.resize_with(index.tags.len(), Vec::new);
        for &i in &newest_first {
            for &tag in &listings[i].tags {
                let tagged = &mut by_tag[tag as usize];
                if tagged.last() != Some(&i) {
                    tagged.push(i);
                }
            }
        }
    }
    let mut feeds = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for plan in expand(config, index) {
        let spec = plan.spec;
        // An archived feed needs every item it selects; another only its newest.
        let limit = if spec.archive.is_some() {
            usize::MAX
        } else {
            spec.limit
        };
        // A section holds the folders below it too.
        let in_sections = |l: &Listing| {
            spec.sections.is_empty()
                || spec.sections.iter().any(|s| {
                    l.section.strip_prefix(s.as_str()).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with('/') || s.is_empty()
                    })
                })
        };
        let entries = match plan.tag {
            // The precomputed list per tag, unless the feed also names
            // sections, which only some of its articles are in.
            Some(number) if spec.sections.is_empty() => {
                let tagged = &by_tag[number as usize];
                tagged[..limit.min(tagged.len())].to_vec()
            }
            Some(number) => pick(listings, &newest_first, limit, |l| {
                in_sections(l) && l.tags.contains(&number)
            }),
            None => {
                let wanted: Vec<u32> = spec
                    .tags
                    .iter()
                    .map(|t| slugify(t))
                    .filter_map(|slug| index.tags.iter().position(|t| t.slug == slug))
                    .filter_map(|n| u32::try_from(n).ok())
                    .collect();
                pick(listings, &newest_first, limit, |l| {
                    in_sections(l)
                        && (spec.tags.is_empty() || l.tags.iter().any(|n| wanted.contains(n)))
                })
            }
        };
        let tag = plan.tag.map(|number| &index.tags[number as usize]);
        let feed = feed(&config.site, spec, tag, entries, site_updated);
        if feed.entries.is_empty() && tag.is_none() {
            warnings.push(empty_feed(config, index, spec, &feed));
        }
        match spec.archive {
            Some(page) => feeds.extend(archive(feed, spec.limit, page)),
            None => feeds.push(feed),
        }
    }

    let mut writers: HashMap<&str, &str> = HashMap::new();
    for feed in &feeds {
        for output in &feed.outputs {
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

/// An archived feed (RFC 5005 section 4), given every item it selects,
/// newest first: the subscription document with the newest `limit`, then
/// the archive pages, oldest first, `page` items each.
///
/// Page `k` (from 1) holds the `k`-th `page` items in order of
/// publication, so a full page never changes as new items arrive; the last
/// page holds the rest (`0 ≤ n < page`) and is always there, so each full
/// page can link the next newer one before that fills. A feed whose items
/// all fit in the subscription document is complete instead, with no
/// pages. Pages are RSS, Atom and JSON Feed: the HTML page stays one page.
fn archive<'a>(
    mut subscription: Feed<'a, usize>,
    limit: usize,
    page: usize,
) -> Vec<Feed<'a, usize>> {
    let all = std::mem::take(&mut subscription.entries);
    if all.len() <= limit {
        subscription.entries = all;
        subscription.history = History::Complete;
        return vec![subscription];
    }
    subscription.entries = all[..limit].to_vec();
    subscription.history = History::Subscription;
    let pages = all.len() / page + 1;
    let outputs: Vec<&Output> = subscription
        .outputs
        .iter()
        .filter(|output| output.format.is_feed())
        .collect();
    let site = subscription.site;
    let page_output = |output: &Output, number: usize| {
        let path = archive_path(&output.path, number);
        Output {
            format: output.format,
            url: site.output_url(&path).into(),
            path,
        }
    };
    let link = |rel, output: &Output, href: String| Link {
        rel,
        href,
        format: Some(output.format),
    };
    let mut feeds = Vec::with_capacity(pages + 1);
    let mut oldest_first = all;
    oldest_first.reverse();
    for number in 1..=pages {
        let start = (number - 1) * page;
        let end = (number * page).min(oldest_first.len());
        let mut entries = oldest_first[start..end].to_vec();
        entries.reverse();
        // The site and the hub; the history links follow, per format.
        let mut links = subscription.links.clone();
        for output in &outputs {
            links.push(link(Rel::Current, output, output.url.clone()));
            if number > 1 {
                let older = page_output(output, number - 1).url;
                links.push(link(Rel::PrevArchive, output, older));
            }
            if number < pages {
                let newer = page_output(output, number + 1).url;
                links.push(link(Rel::NextArchive, output, newer));
            }
        }
        feeds.push(Feed {
            title: subscription.title.clone(),
            description: subscription.description.clone(),
            links,
            outputs: outputs.iter().map(|o| page_output(o, number)).collect(),
            content: subscription.content,
            site,
            podcast: subscription.podcast,
            history: History::Archive,
            entries,
            site_updated: subscription.site_updated,
        });
    }
    for output in &outputs {
        let newest = page_output(output, pages).url;
        subscription
            .links
            .push(link(Rel::PrevArchive, output, newest));
    }
    feeds.insert(0, subscription);
    feeds
}

/// The path of archive page `number` of the file at `path`: `-archive-N`
/// before its extension (`feed.xml` → `feed-archive-3.xml`).
pub(crate) fn archive_path(path: &str, number: usize) -> String {
    let name_start = path.rfind('/').map_or(0, |slash| slash + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => {
            let dot = name_start + dot;
            format!("{}-archive-{number}{}", &path[..dot], &path[dot..])
        }
        _ => format!("{path}-archive-{number}"),
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
    let name = feed.outputs.first().map_or("", |o| o.path.as_str());
    let warning = Diagnostic::warning(
        &config.path,
        format!("the feed `{name}` selects no articles; it is published empty"),
    )
    .rule(crate::rule::Rule::EmptyFeed);
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

/// One feed a spec stands for, before its entries are picked.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan<'a> {
    /// The `[[feeds]]` entry.
    pub(crate) spec: &'a FeedSpec,
    /// For a `for_each_tag` spec, the tag (an index into [`Index::tags`]).
    pub(crate) tag: Option<u32>,
}

/// Every feed the config stands for, in config order, the per-tag feeds of
/// a spec in tag-slug order.
pub(crate) fn expand<'a>(config: &'a Config, index: &Index) -> Vec<Plan<'a>> {
    let mut tags_in_order: Vec<u32> = (0..index.tags.len())
        .filter_map(|n| u32::try_from(n).ok())
        .collect();
    tags_in_order.sort_by(|&a, &b| {
        index.tags[a as usize]
            .slug
            .cmp(&index.tags[b as usize].slug)
    });
    let mut plans = Vec::new();
    for spec in &config.feeds {
        if spec.for_each_tag {
            plans.extend(tags_in_order.iter().map(|&tag| Plan {
                spec,
                tag: Some(tag),
            }));
        } else {
            plans.push(Plan { spec, tag: None });
        }
    }
    plans
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
    spec: &'a FeedSpec,
    tag: Option<&Tag>,
    entries: Vec<usize>,
    site_updated: Option<DateTime<FixedOffset>>,
) -> Feed<'a, usize> {
    let fill = |template: &str| match tag {
        Some(tag) => template.replace("{tag}", &tag.name),
        None => template.to_owned(),
    };
    let outputs = spec
        .outputs
        .iter()
        .map(|(format, template)| {
            let path = match tag {
                Some(tag) => template.replace("{tag}", &tag.slug),
                None => template.clone(),
            };
            Output {
                format: *format,
                url: site.output_url(&path).into(),
                path,
            }
        })
        .collect();
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
    let mut links = vec![Link {
        rel: Rel::Alternate,
        href: link,
        format: None,
    }];
    links.extend(site.hub.iter().map(|hub| Link {
        rel: Rel::Hub,
        href: hub.clone(),
        format: None,
    }));
    Feed {
        title,
        description,
        links,
        outputs,
        content: spec.content,
        site,
        podcast: spec.podcast.as_ref(),
        history: History::Plain,
        entries,
        site_updated,
    }
}
