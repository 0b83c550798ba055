//! `byline.lock`: the record of what readers have seen.
//!
//! A feed is a promise that outlasts one build: a reader that has seen an
//! item's id never shows it as new again, and shows an item with a new id
//! as a new story. So what each build published is recorded beside the
//! config, in `byline.lock`, meant to be committed like `Cargo.lock`: for
//! each published article its id, its URL, the date it was first
//! published, its update date and a digest of what readers see of it; for
//! each podcast its `podcast:guid`; for each feed file its URL.
//!
//! Once an article is recorded, its recorded id wins over the one byline
//! would derive (only a front-matter `id` wins over it), so moving the
//! site to another host, or changing an article's slug, date or file name,
//! keeps every id; the links follow the new URLs.
//!
//! An article is recognised by its path (relative to the config's folder)
//! and, failing that, by its digest: a file renamed without an edit is the
//! article recorded under the old name, when exactly one unmatched
//! recorded article has that digest. A rename and an edit together are not
//! recognised (git is not asked: a rename found in history is a guess, and
//! no guess survives a squash, a copy or a merge of two branches); the
//! build warns, naming the recorded article that is gone, and copying its
//! `id` into the front matter keeps it.
//!
//! The lock is TOML, sorted, one table per article (two branches that add
//! articles merge without a conflict), and holds no clock: the same input
//! and the same lock give the same bytes. It is written only once a
//! build's files are committed, atomically, and only when its bytes change.

use crate::article::load::{Index, url_of};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Rule};
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The lock's file name, beside the config.
pub(crate) const FILE_NAME: &str = "byline.lock";

/// The one command that brings the lock up to date.
const FIX: &str = "run `byline build` and commit byline.lock";

/// One article, as the lock records it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Article {
    /// Its id (RSS `guid`, Atom `id`, JSON Feed `id`).
    pub(crate) id: String,
    /// Its URL, as the last build published it.
    pub(crate) url: String,
    /// When it was first published (RFC 3339).
    pub(crate) published: String,
    /// When it last changed significantly, corrections counted (RFC 3339).
    #[serde(default)]
    pub(crate) updated: Option<String>,
    /// The digest of its content (`fnv1a:` and 16 hex digits).
    pub(crate) digest: String,
}

/// One podcast, as the lock records it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Podcast {
    /// Its Podcasting 2.0 `podcast:guid`, assigned once and kept.
    pub(crate) guid: String,
}

/// One feed file, as the lock records it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Feed {
    /// Its URL.
    pub(crate) url: String,
}

/// The lock, read or to be written.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Lock {
    /// The format's version: 1.
    version: u32,
    /// The articles, by path relative to the config's folder.
    #[serde(default)]
    pub(crate) articles: BTreeMap<String, Article>,
    /// The podcasts, by the path of their RSS file.
    #[serde(default)]
    pub(crate) podcasts: BTreeMap<String, Podcast>,
    /// The feed files, by path in the output folder.
    #[serde(default)]
    pub(crate) feeds: BTreeMap<String, Feed>,
}

/// A TOML basic string.
fn quoted(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Lock {
    /// The lock's text: a comment, the version, then one table per
    /// article, podcast and feed file, each sorted by its key.
    pub(crate) fn to_toml(&self) -> String {
        let mut out = String::from(
            "# byline.lock: what readers have seen of this site. `byline build` writes it;\n\
             # commit it. The ids recorded here stay when articles or the site move.\n",
        );
        out.push_str("version = 1\n");
        let table = |kind: &str, key: &str, out: &mut String| {
            let _ = write!(out, "\n[{kind}.");
            quoted(key, out);
            out.push_str("]\n");
        };
        let field = |name: &str, value: &str, out: &mut String| {
            let _ = write!(out, "{name} = ");
            quoted(value, out);
            out.push('\n');
        };
        for (path, article) in &self.articles {
            table("articles", path, &mut out);
            field("id", &article.id, &mut out);
            field("url", &article.url, &mut out);
            field("published", &article.published, &mut out);
            if let Some(updated) = &article.updated {
                field("updated", updated, &mut out);
            }
            field("digest", &article.digest, &mut out);
        }
        for (path, podcast) in &self.podcasts {
            table("podcasts", path, &mut out);
            field("guid", &podcast.guid, &mut out);
        }
        for (path, feed) in &self.feeds {
            table("feeds", path, &mut out);
            field("url", &feed.url, &mut out);
        }
        out
    }
}

/// Where the lock of the config at `config` is.
pub(crate) fn path_beside(config: &Path) -> PathBuf {
    config.parent().unwrap_or(Path::new("")).join(FILE_NAME)
}

/// An article's key in the lock: its path relative to the config's
/// folder, with `/` between its parts.
fn key_of(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(part) => Some(part.to_string_lossy()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn digest_text(digest: u64) -> String {
    format!("fnv1a:{digest:016x}")
}

fn date_text(date: DateTime<FixedOffset>) -> String {
    date.to_rfc3339()
}

/// What reading the lock and matching the site's articles to it gave.
#[derive(Debug)]
pub(crate) struct Record {
    /// Where the lock is.
    pub(crate) path: PathBuf,
    /// Its bytes on disk, if there is one.
    existing: Option<Vec<u8>>,
    /// The articles and podcasts as this build records them.
    new: Lock,
    /// What makes the lock out of date (`LockOutOfDate`): an article or a
    /// podcast not recorded under its path, an id that would change.
    /// Empty when there is no lock yet.
    pub(crate) out_of_date: Vec<Diagnostic>,
    /// Edits readers will not see, renames not recognised, articles gone.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Reads the lock beside the config and matches the site's articles and
/// podcasts to it: each recorded id and `podcast:guid` is given to its
/// article or podcast (in `index` and `config`), unless the front matter
/// sets an id. Fails when the lock cannot be read, or when an id it records
/// is now another article's (`Err` holds every such problem).
pub(crate) fn apply(config: &mut Config, index: &mut Index) -> Result<Record, Vec<Diagnostic>> {
    let path = path_beside(&config.path);
    let existing = match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(vec![Diagnostic::error(
                &path,
                format!("cannot read the lock: {e}"),
            )]);
        }
    };
    let old: Lock = match &existing {
        None => Lock::default(),
        Some(bytes) => {
            let text = String::from_utf8_lossy(bytes);
            toml::from_str(&text).map_err(|e| {
                vec![
                    Diagnostic::error(&path, format!("the lock cannot be read: {}", e.message()))
                        .with_help(
                            "restore byline.lock from version control (`git checkout byline.lock`), \
                             or resolve its merge conflict by keeping both sides' tables",
                        ),
                ]
            })?
        }
    };
    if existing.is_some() && old.version != 1 {
        return Err(vec![Diagnostic::error(
            &path,
            format!(
                "the lock's version is `{}`; this byline reads version 1",
                old.version
            ),
        )]);
    }
    let root = config.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let site = &config.site;
    let locked = existing.is_some();
    let mut out_of_date = Vec::new();
    let mut warnings = Vec::new();
    let mut problems = Vec::new();

    // Held articles are recorded too, before they fall due: those from
    // `published` on.
    let first_held = index.listings.len();
    let listings: Vec<&mut crate::article::load::Listing> = index
        .listings
        .iter_mut()
        .chain(index.held_listings.iter_mut())
        .collect();
    // Match by path, then the rest by digest.
    let keys: Vec<String> = listings
        .iter()
        .map(|listing| key_of(&listing.path, &root))
        .collect();
    let mut matched: Vec<Option<String>> = keys
        .iter()
        .map(|key| old.articles.contains_key(key).then(|| key.clone()))
        .collect();
    let taken: std::collections::HashSet<&str> =
        matched.iter().flatten().map(String::as_str).collect();
    let mut unmatched_by_digest: HashMap<&str, Vec<&str>> = HashMap::new();
    for (key, article) in &old.articles {
        if !taken.contains(key.as_str()) {
            unmatched_by_digest
                .entry(article.digest.as_str())
                .or_default()
                .push(key.as_str());
        }
    }
    {
        // A digest that more than one new article has is no evidence.
        let mut new_by_digest: HashMap<String, usize> = HashMap::new();
        for (i, listing) in listings.iter().enumerate() {
            if matched[i].is_none() {
                *new_by_digest
                    .entry(digest_text(listing.digest))
                    .or_default() += 1;
            }
        }
        for (i, listing) in listings.iter().enumerate() {
            if matched[i].is_some() {
                continue;
            }
            let digest = digest_text(listing.digest);
            if new_by_digest.get(&digest) != Some(&1) {
                continue;
            }
            if let Some([only]) = unmatched_by_digest.get(digest.as_str()).map(Vec::as_slice) {
                matched[i] = Some((*only).to_owned());
            }
        }
    }
    let used: std::collections::HashSet<&str> =
        matched.iter().flatten().map(String::as_str).collect();
    let gone: Vec<&str> = old
        .articles
        .keys()
        .map(String::as_str)
        .filter(|key| !used.contains(key))
        .collect();

    let mut new = Lock {
        version: 1,
        ..Lock::default()
    };
    let mut listings = listings;
    for (i, listing) in listings.iter_mut().enumerate() {
        let key = &keys[i];
        let derived = || site.article_id(&listing.slug, listing.published.date_naive());
        let recorded = matched[i].as_ref().map(|k| &old.articles[k]);
        if let Some(recorded) = recorded {
            let current = listing.id.as_deref().map_or_else(derived, str::to_owned);
            if listing.id_written {
                if current != recorded.id {
                    out_of_date.push(
                        Diagnostic::error(
                            &listing.path,
                            format!(
                                "the front matter's id `{current}` replaces the id `{}` byline.lock records: readers will show this article as a new story",
                                recorded.id
                            ),
                        )
                        .with_help(format!(
                            "set `id = \"{}\"` again, or, to give it the new id, {FIX}",
                            recorded.id
                        ))
                        .rule(Rule::LockOutOfDate),
                    );
                }
            } else if current != recorded.id {
                listing.id = Some(recorded.id.clone().into_boxed_str());
            }
            if matched[i].as_deref() != Some(key.as_str()) {
                let from = matched[i].as_deref().unwrap_or("");
                out_of_date.push(
                    Diagnostic::error(
                        &listing.path,
                        format!("byline.lock records this article as `{from}`, the name it had"),
                    )
                    .with_help(format!(
                        "{FIX}, so that an edit before the next build does not lose its id"
                    ))
                    .rule(Rule::LockOutOfDate),
                );
            }
            let updated = listing.updated.map(date_text);
            // Readers have not seen a held article yet.
            let seen = i < first_held;
            if seen && recorded.digest != digest_text(listing.digest) && recorded.updated == updated
            {
                warnings.push(
                    Diagnostic::warning(
                        &listing.path,
                        "the text of this published article changed, but not its `updated` date: readers that have it keep the old version",
                    )
                    .with_help(
                        "to tell them, set `updated` to now, or add a correction: \
                         `corrections = [{ date = …, note = \"…\" }]`",
                    )
                    .rule(Rule::UnannouncedEdit),
                );
            }
        } else if locked {
            out_of_date.push(
                Diagnostic::error(
                    &listing.path,
                    "this article is published, but byline.lock does not record it",
                )
                .with_help(FIX)
                .rule(Rule::LockOutOfDate),
            );
            if !gone.is_empty() {
                let names: Vec<String> = gone.iter().take(3).map(|k| format!("`{k}`")).collect();
                let more = if gone.len() > 3 { " and others" } else { "" };
                let first = &old.articles[gone[0]];
                warnings.push(
                    Diagnostic::warning(
                        &listing.path,
                        format!(
                            "this article is new to byline.lock, and {}{more} recorded there {} gone: a rename with an edit is not recognised",
                            names.join(", "),
                            if gone.len() == 1 { "is" } else { "are" }
                        ),
                    )
                    .with_help(format!(
                        "if it is {} renamed, copy its id into the front matter (`id = \"{}\"`), or readers will show it as a new story",
                        names[0], first.id
                    ))
                    .rule(Rule::UnrecognisedRename),
                );
            }
        }
        let id = listing.id.as_deref().map_or_else(derived, str::to_owned);
        let published = match recorded {
            Some(recorded) => recorded.published.clone(),
            None => date_text(listing.published),
        };
        new.articles.insert(
            key.clone(),
            Article {
                id,
                url: url_of(listing, site).into(),
                published,
                updated: listing.updated.map(date_text),
                digest: digest_text(listing.digest),
            },
        );
    }
    // A gone article that no new one may be: readers keep it.
    if listings.len() == used.len() {
        for key in &gone {
            warnings.push(
                Diagnostic::warning(
                    &path,
                    format!("`{key}`, recorded here, is not published any more: readers that have it keep it as it was"),
                )
                .with_help("to withdraw a story, keep its file and add `retracted = { date = …, note = \"…\" }`")
                .rule(Rule::ArticleGone),
            );
        }
    }
    // A recorded id that a new article now derives.
    let mut ids: HashMap<&str, &Path> = HashMap::new();
    for (i, listing) in listings.iter().enumerate() {
        let id = new.articles[&keys[i]].id.as_str();
        if let Some(first) = ids.insert(id, &listing.path)
            && first != listing.path
        {
            let first_matched = listings
                .iter()
                .position(|l| l.path == first)
                .is_some_and(|at| matched[at].is_some());
            // Two new articles with one id: the load stage said so.
            if matched[i].is_some() == first_matched {
                continue;
            }
            let (recorded, other) = if matched[i].is_some() {
                (listing.path.as_path(), first)
            } else {
                (first, listing.path.as_path())
            };
            problems.push(
                Diagnostic::error(
                    other,
                    format!(
                        "the id `{id}` is the one byline.lock records for {}",
                        recorded.display()
                    ),
                )
                .with_help(
                    "set a different `slug`, or an `id`, in the front matter of this article",
                ),
            );
        }
    }
    // Podcasts: by the path of their RSS file, else the only one left.
    let podcast_paths: Vec<(usize, String)> = config
        .feeds
        .iter()
        .enumerate()
        .filter(|(_, spec)| spec.podcast.is_some())
        .filter_map(|(i, spec)| {
            let rss = spec
                .outputs
                .iter()
                .find(|(format, _)| *format == crate::format::Format::Rss)?;
            Some((i, rss.1.clone()))
        })
        .collect();
    let mut left: Vec<&String> = old
        .podcasts
        .keys()
        .filter(|key| !podcast_paths.iter().any(|(_, path)| path == *key))
        .collect();
    let unmatched = podcast_paths
        .iter()
        .filter(|(_, path)| !old.podcasts.contains_key(path))
        .count();
    for (i, feed_path) in &podcast_paths {
        let recorded = match old.podcasts.get(feed_path) {
            Some(recorded) => Some(recorded),
            None if unmatched == 1 && left.len() == 1 => left.pop().map(|k| &old.podcasts[k]),
            None => None,
        };
        let guid = match recorded {
            Some(recorded) => recorded.guid.clone(),
            None => crate::media::podcast_guid(config.site.output_url(feed_path).as_str()),
        };
        if locked && !old.podcasts.contains_key(feed_path) {
            out_of_date.push(
                Diagnostic::error(
                    &config.path,
                    format!(
                        "the podcast `{feed_path}` is published, but byline.lock does not record it"
                    ),
                )
                .with_help(FIX)
                .rule(Rule::LockOutOfDate),
            );
        }
        if let Some(podcast) = config.feeds[*i].podcast.as_mut() {
            podcast.guid = Some(guid.clone());
        }
        new.podcasts.insert(feed_path.clone(), Podcast { guid });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    crate::diagnostic::sort(&mut out_of_date);
    Ok(Record {
        path,
        existing,
        new,
        out_of_date,
        warnings,
    })
}

impl Record {
    /// The lock's bytes once `feeds` (each feed file's path and URL) are
    /// published.
    pub(crate) fn bytes(&self, feeds: &[(String, String)]) -> Vec<u8> {
        let mut lock = self.new.clone();
        lock.feeds = feeds
            .iter()
            .map(|(path, url)| (path.clone(), Feed { url: url.clone() }))
            .collect();
        lock.to_toml().into_bytes()
    }

    /// Returns true if and only if there was a lock before this build.
    pub(crate) fn existed(&self) -> bool {
        self.existing.is_some()
    }

    /// Writes the lock when its bytes change, atomically (a temporary
    /// file beside it, renamed over it). Returns true if and only if it
    /// wrote.
    pub(crate) fn write(&self, bytes: &[u8]) -> Result<bool, Diagnostic> {
        if self.existing.as_deref() == Some(bytes) {
            return Ok(false);
        }
        let temporary = self.path.with_file_name(format!(".{FILE_NAME}.tmp"));
        let failed = |e: std::io::Error| {
            Diagnostic::error(&self.path, format!("cannot write the lock: {e}"))
                .with_help("the feeds are written; fix the cause and build again to record them")
        };
        std::fs::write(&temporary, bytes).map_err(failed)?;
        std::fs::File::open(&temporary)
            .and_then(|f| f.sync_all())
            .map_err(failed)?;
        std::fs::rename(&temporary, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            failed(e)
        })?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_reads_back_what_it_writes() {
        let mut lock = Lock {
            version: 1,
            ..Lock::default()
        };
        lock.articles.insert(
            "articles/b \"quoted\".md".into(),
            Article {
                id: "tag:example.org,2024:b".into(),
                url: "https://example.org/b/".into(),
                published: "2024-01-02T00:00:00+00:00".into(),
                updated: Some("2024-01-03T00:00:00+00:00".into()),
                digest: "fnv1a:0000000000000001".into(),
            },
        );
        lock.articles.insert(
            "articles/a.md".into(),
            Article {
                id: "tag:example.org,2024:a".into(),
                url: "https://example.org/a/".into(),
                published: "2024-01-01T00:00:00+00:00".into(),
                updated: None,
                digest: "fnv1a:0000000000000002".into(),
            },
        );
        lock.podcasts
            .insert("show.xml".into(), Podcast { guid: "g".into() });
        lock.feeds.insert(
            "feed.xml".into(),
            Feed {
                url: "https://example.org/feed.xml".into(),
            },
        );
        let text = lock.to_toml();
        let read: Lock = toml::from_str(&text).unwrap();
        assert_eq!(read, lock);
        assert_eq!(read.to_toml(), text);
        let a = text.find("[articles.\"articles/a.md\"]").unwrap();
        let b = text
            .find("[articles.\"articles/b \\\"quoted\\\".md\"]")
            .unwrap();
        assert!(a < b, "sorted by path:\n{text}");
    }
}
