//! Selecting articles into feeds.
//!
//! Each `[[feeds]]` spec stands for one feed, or for `for_each_tag` (and
//! `for_each_author`, `_language`, `_section`) one per value in use, in
//! slug order. [`select`] fills each with its entries: the newest articles
//! first, ties broken by slug and then by path (unique), so the order never
//! depends on the file system. Selection needs only the articles'
//! [`Listing`](crate::article::load::Listing)s: the full articles and their HTML are made afterwards, and
//! only for the articles some feed publishes; [`Feed::with_entries`] then
//! makes the self-contained feed that renderers take.

use crate::article::load::{Index, Listed};
use crate::article::{Article, Tag, slugify};
use crate::config::{Config, ContentMode, Each, FeedSpec, Site};
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
    /// Its language: the site's, or the one language it selects (a feed per
    /// language, or `languages` with one).
    pub(crate) language: Option<String>,
    /// The config line of the `[[feeds]]` table it comes from (0 for none).
    pub(crate) line: usize,
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
            language: self.language,
            line: self.line,
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

/// The values a kind of per-value feed is published once per (tags,
/// authors, languages or sections in use), and each one's articles, newest
/// first, gathered in one pass: a feed per value then reads its own list
/// instead of scanning every article, so 20,000 tags over 20,000 articles
/// cost 20,000 steps, not 400 million.
struct Values {
    /// Each value's name (for titles) and slug (for paths).
    values: Vec<Tag>,
    /// Each value's listings, newest first (as `u32`, half the size of
    /// an index: a million articles with two tags each hold two million).
    members: Vec<Vec<u32>>,
}

impl Values {
    fn of(each: Each, site: &Site, index: &Index, newest_first: &[u32]) -> Values {
        let listings = &index.listings;
        // Each listing's values, by listing index, handed to `found`
        // (nothing allocated per listing).
        type OfListing<'a> = Box<dyn Fn(usize, &mut dyn FnMut(u32)) + 'a>;
        let (values, of_listing): (Vec<Tag>, OfListing<'_>) = match each {
            Each::Tag => (
                index.tags.clone(),
                Box::new(|i, found| index.listed(i).tags().iter().for_each(|&n| found(n))),
            ),
            Each::Author => (
                index.authors.clone(),
                Box::new(|i, found| index.listed(i).authors().iter().for_each(|&n| found(n))),
            ),
            Each::Language => {
                // The site's language, then every other one articles set.
                let mut values: Vec<Tag> = site
                    .language
                    .iter()
                    .map(|language| Tag {
                        name: language.clone(),
                        slug: language.to_ascii_lowercase(),
                    })
                    .collect();
                let offset = u32::try_from(values.len()).unwrap_or(0);
                values.extend(index.languages.iter().cloned());
                (
                    values,
                    Box::new(move |i, found| match listings[i].language() {
                        Some(n) => found(n + offset),
                        None if offset > 0 => found(0),
                        None => {}
                    }),
                )
            }
            Each::Section => {
                let mut values: Vec<Tag> = Vec::new();
                let mut numbers: HashMap<String, u32> = HashMap::new();
                let mut of: Vec<Option<u32>> = Vec::with_capacity(listings.len());
                for listing in index.iter() {
                    let name = top_section(listing.section());
                    let slug = slugify(name);
                    if slug.is_empty() {
                        of.push(None);
                        continue;
                    }
                    let next = u32::try_from(values.len()).unwrap_or(u32::MAX);
                    let number = *numbers.entry(slug.clone()).or_insert_with(|| {
                        values.push(Tag {
                            name: name.to_owned(),
                            slug,
                        });
                        next
                    });
                    of.push(Some(number));
                }
                (
                    values,
                    Box::new(move |i, found| of[i].into_iter().for_each(found)),
                )
            }
        };
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); values.len()];
        for &i in newest_first {
            of_listing(i as usize, &mut |n| {
                let list = &mut members[n as usize];
                if list.last() != Some(&i) {
                    list.push(i);
                }
            });
        }
        Values { values, members }
    }

    /// The values in slug order, the order their feeds come in.
    fn in_order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.values.len())
            .filter_map(|n| u32::try_from(n).ok())
            .collect();
        order.sort_by(|&a, &b| {
            self.values[a as usize]
                .slug
                .cmp(&self.values[b as usize].slug)
        });
        order
    }
}

/// An article's section: the first folder of its folder below the
/// articles folder (`news` for `news/2024/x.md` and `news/x/index.md`),
/// empty at the top.
pub(crate) fn top_section(folder: &str) -> &str {
    folder.split('/').next().unwrap_or("")
}

/// What a feed asks of an article, besides the value of a per-value feed,
/// with the names resolved to the index's numbers.
struct Filter<'a> {
    spec: &'a FeedSpec,
    tags: Vec<u32>,
    excluded: Vec<u32>,
    authors: Vec<u32>,
    /// The languages wanted, in lowercase.
    languages: Vec<String>,
    site_language: Option<String>,
    index: &'a Index,
}

impl<'a> Filter<'a> {
    fn new(spec: &'a FeedSpec, site: &Site, index: &'a Index) -> Filter<'a> {
        let numbers = |names: &[String], values: &[Tag]| -> Vec<u32> {
            names
                .iter()
                .map(|name| slugify(name))
                .filter_map(|slug| values.iter().position(|v| v.slug == slug))
                .filter_map(|n| u32::try_from(n).ok())
                .collect()
        };
        Filter {
            spec,
            tags: numbers(&spec.tags, &index.tags),
            excluded: numbers(&spec.exclude_tags, &index.tags),
            authors: numbers(&spec.authors, &index.authors),
            languages: spec
                .languages
                .iter()
                .map(|l| l.to_ascii_lowercase())
                .collect(),
            site_language: site.language.as_ref().map(|l| l.to_ascii_lowercase()),
            index,
        }
    }

    /// Returns true if and only if the feed asks nothing of an article.
    fn is_empty(&self) -> bool {
        let spec = self.spec;
        spec.tags.is_empty()
            && spec.exclude_tags.is_empty()
            && spec.authors.is_empty()
            && spec.languages.is_empty()
            && spec.sections.is_empty()
    }

    /// Returns true if and only if the feed carries the article: it
    /// matches every kind of filter the feed gives (one of its tags, one
    /// of its authors, …) and has none of its excluded tags.
    fn keeps(&self, l: Listed<'_>) -> bool {
        let spec = self.spec;
        // A section holds the folders below it too.
        let in_sections = spec.sections.is_empty()
            || spec.sections.iter().any(|s| {
                l.section()
                    .strip_prefix(s.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || s.is_empty())
            });
        let language = || match l.language() {
            Some(n) => Some(self.index.languages[n as usize].slug.as_str()),
            None => self.site_language.as_deref(),
        };
        in_sections
            && (spec.tags.is_empty() || l.tags().iter().any(|n| self.tags.contains(n)))
            && !l.tags().iter().any(|n| self.excluded.contains(n))
            && (spec.authors.is_empty() || l.authors().iter().any(|n| self.authors.contains(n)))
            && (spec.languages.is_empty()
                || language().is_some_and(|l| self.languages.iter().any(|w| w == l)))
    }
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
    // Listing indices as `u32`: 4 bytes an article, not 8.
    let count = u32::try_from(listings.len()).unwrap_or(u32::MAX);
    let mut newest_first: Vec<u32> = (0..count).collect();
    newest_first.par_sort_unstable_by(|&a, &b| {
        let (a, b) = (index.listed(a as usize), index.listed(b as usize));
        b.published
            .cmp(&a.published)
            .then_with(|| a.slug().cmp(b.slug()))
            .then_with(|| a.relative().cmp(b.relative()))
    });
    let site_updated = newest_first
        .first()
        .map(|&i| listings[i as usize].published);
    let values: Vec<(Each, Values)> = Each::ALL
        .into_iter()
        .filter(|&each| config.feeds.iter().any(|spec| spec.each == Some(each)))
        .map(|each| (each, Values::of(each, &config.site, index, &newest_first)))
        .collect();
    let values_of = |each: Each| {
        values
            .iter()
            .find(|(kind, _)| *kind == each)
            .map(|(_, values)| values)
    };
    let mut feeds = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for spec in &config.feeds {
        let filter = Filter::new(spec, &config.site, index);
        // An archived feed needs every item it selects; another only its newest.
        let limit = if spec.archive.is_some() {
            usize::MAX
        } else {
            spec.limit
        };
        let per_value: Vec<(Option<&Tag>, Vec<usize>)> = match spec.each.and_then(&values_of) {
            Some(values) => values
                .in_order()
                .into_iter()
                .map(|n| {
                    let members = &values.members[n as usize];
                    let entries = if filter.is_empty() {
                        members[..limit.min(members.len())]
                            .iter()
                            .map(|&i| i as usize)
                            .collect()
                    } else {
                        pick(index, members, limit, |l| filter.keeps(l))
                    };
                    (Some(&values.values[n as usize]), entries)
                })
                .collect(),
            None => vec![(None, pick(index, &newest_first, limit, |l| filter.keeps(l)))],
        };
        for (value, entries) in per_value {
            let value = value.map(|v| (spec.each.unwrap_or(Each::Tag), v));
            let feed = feed(&config.site, spec, value, entries, site_updated);
            if feed.entries.is_empty() && value.is_none() {
                warnings.push(empty_feed(config, index, spec, &feed));
            }
            match spec.archive {
                Some(page) => feeds.extend(archive(feed, spec.limit, page)),
                None => feeds.push(feed),
            }
        }
    }

    let mut writers: HashMap<&str, &str> = HashMap::new();
    if let Some(opml) = &config.opml {
        writers.insert(opml, "the OPML list");
    }
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
            language: subscription.language.clone(),
            line: subscription.line,
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
    // A did-you-mean for each name no article uses but one in use is close
    // to: tags and authors by slug, sections by folder name.
    let suggest = |wanted: &[String], in_use: &[&str], normal: fn(&str) -> String| {
        wanted
            .iter()
            .map(|w| normal(w))
            .filter(|w| !in_use.contains(&w.as_str()))
            .filter_map(|w| crate::diagnostic::did_you_mean(&w, in_use.iter().copied()))
            .map(|best| format!("`{best}`"))
            .collect::<Vec<String>>()
    };
    fn slugs(values: &[Tag]) -> Vec<&str> {
        values.iter().map(|v| v.slug.as_str()).collect()
    }
    let sections: std::collections::BTreeSet<&str> = index
        .iter()
        .map(|l| l.section())
        .filter(|s| !s.is_empty())
        .collect();
    let sections: Vec<&str> = sections.into_iter().collect();
    let mut suggestions = suggest(&spec.tags, &slugs(&index.tags), slugify);
    suggestions.extend(suggest(&spec.authors, &slugs(&index.authors), slugify));
    suggestions.extend(suggest(&spec.sections, &sections, str::to_owned));
    if suggestions.is_empty() {
        warning.with_help(
            "give an article one of its `tags` (`authors`, `languages`, `sections`), or remove the feed",
        )
    } else {
        suggestions.dedup();
        warning.with_help(format!("did you mean {}?", suggestions.join(" or ")))
    }
}

/// The first `limit` listings, newest first, that `keep` accepts.
fn pick(
    index: &Index,
    newest_first: &[u32],
    limit: usize,
    keep: impl Fn(Listed<'_>) -> bool,
) -> Vec<usize> {
    newest_first
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| keep(index.listed(i)))
        .take(limit)
        .collect()
}

fn feed<'a>(
    site: &'a Site,
    spec: &'a FeedSpec,
    value: Option<(Each, &Tag)>,
    entries: Vec<usize>,
    site_updated: Option<DateTime<FixedOffset>>,
) -> Feed<'a, usize> {
    let fill = |template: &str| match value {
        Some((each, value)) => template.replace(each.placeholder(), &value.name),
        None => template.to_owned(),
    };
    let outputs = spec
        .outputs
        .iter()
        .map(|(format, template)| {
            let path = match value {
                Some((each, value)) => template.replace(each.placeholder(), &value.slug),
                None => template.clone(),
            };
            Output {
                format: *format,
                url: site.output_url(&path).into(),
                path,
            }
        })
        .collect();
    let title = match (&spec.title, value) {
        (Some(title), _) => fill(title),
        (None, Some((_, value))) => format!("{}: {}", site.title, value.name),
        (None, None) => site.title.clone(),
    };
    let description = match (&spec.description, value) {
        (Some(description), _) => fill(description),
        (None, Some((each, value))) => {
            let what = match each {
                Each::Tag => "tagged",
                Each::Author => "by",
                Each::Language => "in the language",
                Each::Section => "in the section",
            };
            format!("Articles {what} “{}” from {}", value.name, site.title)
        }
        (None, None) if !site.description.is_empty() => site.description.clone(),
        (None, None) => title.clone(),
    };
    let link = match (&spec.link, value) {
        (Some(link), Some((each, value))) => link.replace(
            each.placeholder(),
            &crate::links::encode_segment(&value.slug),
        ),
        (Some(link), None) => link.clone(),
        (None, _) => site.base_url.to_string(),
    };
    let language = match value {
        Some((Each::Language, value)) => Some(value.name.clone()),
        _ => match spec.languages.as_slice() {
            [only] => Some(only.clone()),
            _ => site.language.clone(),
        },
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
        language,
        line: spec.line,
    }
}
