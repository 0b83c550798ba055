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
//! recorded article has that digest; or when the path it had now holds
//! other text and it alone holds the text recorded there (a new article
//! took its old name). A rename and an edit together are not
//! recognised (git is not asked: a rename found in history is a guess, and
//! no guess survives a squash, a copy or a merge of two branches); the
//! build warns, naming the recorded article that is gone, and copying its
//! `id` into the front matter keeps it.
//!
//! The lock is TOML, sorted, one table per article (two branches that add
//! articles merge without a conflict), and holds no clock: the same input
//! and the same lock give the same bytes. It is written only once a
//! build's files are committed, atomically, and only when its bytes change.

use crate::article::load::{Index, Listing, url_of};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Rule};
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// The digest of its content (`d64:` and 16 hex digits, see `hash::digest`).
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
    #[cfg(test)]
    pub(crate) fn to_toml(&self) -> String {
        self.to_toml_with(
            self.feeds
                .iter()
                .map(|(path, feed)| (path.as_str(), feed.url.as_str())),
        )
    }

    /// The lock's text, with `feeds` (each feed file's path and URL, in
    /// order) for its feed tables.
    fn to_toml_with<'f>(&self, feeds: impl Iterator<Item = (&'f str, &'f str)>) -> String {
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
        for (path, url) in feeds {
            table("feeds", path, &mut out);
            field("url", url, &mut out);
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
fn key_of(path: &Path, root: &Path, articles: &Path) -> String {
    // An articles folder outside the config's (an absolute `articles`) is
    // named by its last part, so that the keys do not depend on where the
    // checkout is.
    let outside = || {
        let relative = path.strip_prefix(articles).ok()?;
        Some(Path::new(articles.file_name()?).join(relative))
    };
    // (An empty `root`, a config in the working folder, is a prefix of
    // every path, absolute ones too.)
    let relative = match path.strip_prefix(root) {
        Ok(relative) if relative.is_relative() => relative.to_path_buf(),
        _ => outside().unwrap_or_else(|| path.to_path_buf()),
    };
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
    format!("d64:{digest:016x}")
}

fn date_text(date: DateTime<FixedOffset>) -> String {
    date.to_rfc3339()
}

/// What reading the lock and matching the site's articles to it gave.
#[derive(Debug)]
pub(crate) struct Record {
    /// Where the lock is.
    pub(crate) path: PathBuf,
    /// The length and hash of its bytes on disk, if there is one.
    existing: Option<(usize, u64)>,
    /// The articles and podcasts as this build records them.
    new: Lock,
    /// What makes the lock out of date (`LockOutOfDate`): an article or a
    /// podcast not recorded under its path, an id that would change.
    /// Empty when there is no lock yet.
    pub(crate) out_of_date: Vec<Diagnostic>,
    /// Edits readers will not see, renames not recognised, articles gone.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Reads the lock at `path`: its bytes (`None` when there is none) and
/// what it records.
fn read(path: &Path) -> Result<(Option<Vec<u8>>, Lock), Diagnostic> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((None, Lock::default()));
        }
        Err(e) => {
            return Err(Diagnostic::error(
                path,
                format!("cannot read the lock: {e}"),
            ));
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    // The lines byline writes are read directly; anything else (a hand
    // edit, a merge) by the TOML parser, which also says what is wrong.
    let parsed = match read_written(&text) {
        Some(lock) => Ok(lock),
        None => toml::from_str::<Lock>(&text),
    };
    let lock: Lock = parsed.map_err(|e| {
        let problem = Diagnostic::error(path, format!("the lock cannot be read: {}", e.message()))
            .with_help(
                "restore byline.lock from version control (`git checkout byline.lock`), \
                     or resolve its merge conflict by keeping both sides' tables",
            );
        match e.span() {
            Some(span) => problem.at_offset(&text, span.start),
            None => problem,
        }
    })?;
    if lock.version != 1 {
        let line = text
            .lines()
            .position(|line| line.starts_with("version"))
            .map_or(1, |n| n + 1);
        return Err(Diagnostic::error(
            path,
            format!(
                "the lock's version is `{}`; this byline reads version 1",
                lock.version
            ),
        )
        .at(line, Some(1))
        .with_help(
            "build with the byline that wrote it (a newer one), or restore byline.lock from version control",
        ));
    }
    Ok((Some(bytes), lock))
}

/// A TOML basic string as the lock writes it (`"…"` with the escapes of
/// [`quoted`]), if `text` is exactly one.
fn unquoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next()? {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                _ => return None,
            },
            c => out.push(c),
        }
    }
    Some(out)
}

/// A table [`read_written`] read: its kind, its key and its fields.
type Table<'t> = (&'t str, String, Vec<(&'t str, String)>);

/// Adds a table read line by line to `lock`; `None` when it is not one
/// byline writes, or is there twice.
fn add_table(table: Option<Table<'_>>, lock: &mut Lock) -> Option<()> {
    let Some((kind, key, fields)) = table else {
        return Some(());
    };
    let (mut id, mut published, mut updated, mut digest, mut guid) = (None, None, None, None, None);
    for (name, value) in fields {
        let slot = match (kind, name) {
            ("articles", "id") => &mut id,
            ("articles", "published") => &mut published,
            ("articles", "updated") => &mut updated,
            ("articles", "digest") => &mut digest,
            ("podcasts", "guid") => &mut guid,
            // Never read: an article's URL, a feed's.
            ("articles" | "feeds", "url") => continue,
            _ => return None,
        };
        *slot = Some(value);
    }
    let fresh = match kind {
        "articles" => {
            let article = Article {
                id: id?,
                url: String::new(),
                published: published?,
                updated,
                digest: digest?,
            };
            lock.articles.insert(key, article).is_none()
        }
        "podcasts" => lock.podcasts.insert(key, Podcast { guid: guid? }).is_none(),
        "feeds" => true,
        _ => false,
    };
    fresh.then_some(())
}

/// The lock, read line by line, when it holds only what byline writes:
/// comments, `version = 1`, tables `[articles."…"]`, `[podcasts."…"]` and
/// `[feeds."…"]`, and `key = "…"` lines; `None` for anything else. What
/// matching never reads (an article's recorded URL, the feed tables) is
/// not kept: a large site's lock costs little memory.
fn read_written(text: &str) -> Option<Lock> {
    let mut lock = Lock::default();
    let mut version = None;
    let mut table: Option<Table<'_>> = None;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            add_table(table.take(), &mut lock)?;
            let (kind, key) = header.strip_suffix(']')?.split_once('.')?;
            table = Some((kind, unquoted(key)?, Vec::new()));
        } else {
            let (name, value) = line.split_once(" = ")?;
            match &mut table {
                None if name == "version" && version.is_none() => version = value.parse().ok(),
                None => return None,
                Some((_, _, fields)) => {
                    if fields.iter().any(|(n, _)| *n == name) {
                        return None;
                    }
                    fields.push((name, unquoted(value)?));
                }
            }
        }
    }
    add_table(table.take(), &mut lock)?;
    lock.version = version?;
    Some(lock)
}

/// The recorded article each listing is, by key: its own path's, else the
/// one gone article whose digest is its own, when no other new article has
/// that digest (a rename without an edit), or whose recorded id its
/// front matter gives (a rename with an edit, its id copied). A path that
/// now holds other text, while one new article, and no other, holds the
/// text recorded under it, is that article renamed, and a new one under
/// its old name.
fn match_articles(listings: &[&mut Listing], keys: &[String], old: &Lock) -> Vec<Option<String>> {
    let mut matched: Vec<Option<String>> = keys
        .iter()
        .map(|key| old.articles.contains_key(key).then(|| key.clone()))
        .collect();
    let mut by_digest: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, listing) in listings.iter().enumerate() {
        by_digest
            .entry(digest_text(listing.digest))
            .or_default()
            .push(i);
    }
    let mut recorded_with: HashMap<&str, usize> = HashMap::new();
    for article in old.articles.values() {
        *recorded_with.entry(article.digest.as_str()).or_default() += 1;
    }
    let mut moves: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, listing) in listings.iter().enumerate() {
        let Some(recorded) = matched[i].as_ref().and_then(|key| old.articles.get(key)) else {
            continue;
        };
        // Another recorded article of that text: which one it is is not known.
        if recorded.digest == digest_text(listing.digest)
            || recorded_with.get(recorded.digest.as_str()) != Some(&1)
        {
            continue;
        }
        if let Some(&[to]) = by_digest.get(&recorded.digest).map(Vec::as_slice)
            && matched[to].is_none()
        {
            moves.entry(to).or_default().push(i);
        }
    }
    for (to, from) in moves {
        if let [from] = from.as_slice() {
            matched[to] = matched[*from].take();
        }
    }
    // A new article whose front matter gives it a recorded article's id
    // (as the warning on a rename with an edit asks) is that article.
    let taken: HashSet<String> = matched.iter().flatten().cloned().collect();
    let mut gone_by_id: HashMap<&str, Vec<&str>> = HashMap::new();
    for (key, article) in old.articles.iter().filter(|(key, _)| !taken.contains(*key)) {
        gone_by_id.entry(&article.id).or_default().push(key);
    }
    for (listing, slot) in listings.iter().zip(matched.iter_mut()) {
        if slot.is_none()
            && listing.id_written
            && let Some(id) = listing.id.as_deref()
            && let Some([only]) = gone_by_id.get(id).map(Vec::as_slice)
        {
            *slot = Some((*only).to_owned());
        }
    }
    let taken: HashSet<&str> = matched.iter().flatten().map(String::as_str).collect();
    let mut gone_by_digest: HashMap<&str, Vec<&str>> = HashMap::new();
    for (key, article) in &old.articles {
        if !taken.contains(key.as_str()) {
            gone_by_digest
                .entry(article.digest.as_str())
                .or_default()
                .push(key.as_str());
        }
    }
    // A digest that more than one new article has is no evidence.
    let mut new_by_digest: HashMap<String, usize> = HashMap::new();
    for (listing, _) in listings.iter().zip(&matched).filter(|(_, m)| m.is_none()) {
        *new_by_digest
            .entry(digest_text(listing.digest))
            .or_default() += 1;
    }
    for (listing, slot) in listings.iter().zip(matched.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        let digest = digest_text(listing.digest);
        if new_by_digest.get(&digest) == Some(&1)
            && let Some([only]) = gone_by_digest.get(digest.as_str()).map(Vec::as_slice)
        {
            *slot = Some((*only).to_owned());
        }
    }
    matched
}

/// What the lock says of one listed article.
struct Seen<'a> {
    /// Its key in the lock to be written.
    key: &'a str,
    /// The recorded article it is, and that one's key, if any.
    recorded: Option<(&'a str, &'a Article)>,
    /// Returns true if and only if readers have seen it (it is not held).
    published: bool,
}

/// Gives a recorded article its recorded id (unless its front matter sets
/// one), and says what makes the lock out of date and what readers will
/// not see.
fn recorded_article(
    listing: &mut Listing,
    seen: &Seen<'_>,
    site: &crate::config::Site,
    found: &mut Found,
) {
    let Some((from, recorded)) = seen.recorded else {
        return;
    };
    let current = listing.id.as_deref().map_or_else(
        || site.article_id(&listing.slug, listing.published.date_naive()),
        str::to_owned,
    );
    if !listing.id_written {
        // Only where it differs: most ids are the derived one, kept unset.
        if current != recorded.id {
            listing.id = Some(recorded.id.clone().into_boxed_str());
        }
    } else if current != recorded.id {
        found.out_of_date.push(
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
                        .at(1, Some(1))
                        .rule(Rule::LockOutOfDate),
        );
    }
    if from != seen.key {
        found.out_of_date.push(
            Diagnostic::error(
                &listing.path,
                format!("byline.lock records this article as `{from}`, the name it had"),
            )
            .with_help(format!(
                "{FIX}, so that an edit before the next build does not lose its id"
            ))
            .at(1, Some(1))
            .rule(Rule::LockOutOfDate),
        );
    }
    let updated = listing.updated.map(date_text);
    if seen.published
        && recorded.digest != digest_text(listing.digest)
        && recorded.updated == updated
    {
        found.warnings.push(
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
}

/// Says that a new article is not recorded, and, when recorded ones are
/// gone, that it may be one of them renamed and edited. Each finding is at
/// the article's first line, as a stale one is, so that its annotation
/// lands in the pull request's diff.
fn new_article(listing: &Listing, gone: &[&str], old: &Lock, found: &mut Found) {
    found.out_of_date.push(
        Diagnostic::error(
            &listing.path,
            "this article is published, but byline.lock does not record it",
        )
        .with_help(FIX)
        .at(1, Some(1))
        .rule(Rule::LockOutOfDate),
    );
    let Some(first) = gone.first() else {
        return;
    };
    let names: Vec<String> = gone.iter().take(3).map(|k| format!("`{k}`")).collect();
    let more = if gone.len() > 3 { " and others" } else { "" };
    let verb = if gone.len() == 1 { "is" } else { "are" };
    found.warnings.push(
        Diagnostic::warning(
            &listing.path,
            format!(
                "this article is new to byline.lock, and {}{more} recorded there {verb} gone: a rename with an edit is not recognised",
                names.join(", ")
            ),
        )
        .with_help(format!(
            "if it is {} renamed, copy its id into the front matter (`id = \"{}\"`), or readers will show it as a new story",
            names[0], old.articles[*first].id
        ))
        .rule(Rule::UnrecognisedRename),
    );
}

/// Gives each new article whose derived id is the one the lock keeps for
/// a recorded article at another URL (one slug in two sections, or twice
/// in a year) the id that tells it apart: the one the load stage gives
/// the later of two such articles, as the new one now is, whatever their
/// order by path.
fn tell_apart(
    listings: &mut [&mut Listing],
    matched: &[Option<String>],
    keys: &[String],
    new: &mut Lock,
    site: &crate::config::Site,
) {
    let recorded: HashMap<String, usize> = keys
        .iter()
        .enumerate()
        .filter(|(i, _)| matched[*i].is_some())
        .map(|(i, key)| (new.articles[key].id.clone(), i))
        .collect();
    for i in 0..listings.len() {
        if matched[i].is_some() || listings[i].id_written {
            continue;
        }
        let Some(&first) = new
            .articles
            .get(&keys[i])
            .and_then(|article| recorded.get(&article.id))
        else {
            continue;
        };
        if url_of(listings[i], site) == url_of(listings[first], site) {
            continue;
        }
        // Unless that id is taken too: then `taken_ids` says so.
        let id = crate::article::load::distinct_id(listings[i], listings[first], site);
        if new.articles.values().any(|article| article.id == id) {
            continue;
        }
        if let Some(article) = new.articles.get_mut(&keys[i]) {
            article.id.clone_from(&id);
            listings[i].id = Some(id.into_boxed_str());
        }
    }
}

/// The new articles whose id is one the lock keeps for a recorded one.
fn taken_ids(
    listings: &[&mut Listing],
    matched: &[Option<String>],
    new: &Lock,
    keys: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        let id = new.articles[key].id.as_str();
        let Some(first) = ids.insert(id, i) else {
            continue;
        };
        // Two new articles with one id, or two recorded ones: the load
        // stage, or an earlier build, said so.
        if matched[i].is_some() == matched[first].is_some() {
            continue;
        }
        let (recorded, other) = if matched[i].is_some() {
            (i, first)
        } else {
            (first, i)
        };
        problems.push(
            Diagnostic::error(
                &listings[other].path,
                format!(
                    "the id `{id}` is the one byline.lock records for `{}`",
                    listings[recorded].path.display()
                ),
            )
            .at(1, Some(1))
            .with_help("set a different `slug`, or an `id`, in the front matter of this article"),
        );
    }
    problems
}

/// Gives each podcast its recorded `podcast:guid` (matched by the path of
/// its RSS file, else as the only podcast left on both sides) or a new one
/// made from its URL; returns what the lock records.
fn podcasts(
    config: &mut Config,
    old: &Lock,
    locked: bool,
    found: &mut Found,
) -> BTreeMap<String, Podcast> {
    let paths: Vec<(usize, String)> = config
        .feeds
        .iter()
        .enumerate()
        .filter(|(_, spec)| spec.podcast.is_some())
        .filter_map(|(i, spec)| {
            let (_, rss) = spec
                .outputs
                .iter()
                .find(|(format, _)| *format == crate::format::Format::Rss)?;
            Some((i, rss.clone()))
        })
        .collect();
    let mut left: Vec<&String> = old
        .podcasts
        .keys()
        .filter(|key| !paths.iter().any(|(_, path)| path == *key))
        .collect();
    let unmatched = paths
        .iter()
        .filter(|(_, path)| !old.podcasts.contains_key(path))
        .count();
    let mut recorded = BTreeMap::new();
    for (i, feed_path) in &paths {
        let guid = match old.podcasts.get(feed_path) {
            Some(podcast) => podcast.guid.clone(),
            None if unmatched == 1 && left.len() == 1 => old.podcasts[left.remove(0)].guid.clone(),
            None => crate::media::podcast_guid(config.site.output_url(feed_path).as_str()),
        };
        if locked && !old.podcasts.contains_key(feed_path) {
            found.out_of_date.push(
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
        recorded.insert(feed_path.clone(), Podcast { guid });
    }
    recorded
}

/// What matching the site to its lock found.
#[derive(Default)]
struct Found {
    out_of_date: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// Reads the lock beside the config and matches the site's articles and
/// podcasts to it: each recorded id and `podcast:guid` is given to its
/// article or podcast (in `index` and `config`), unless the front matter
/// sets an id. Fails when the lock cannot be read, or when an id it records
/// is now another article's (`Err` holds every such problem).
pub(crate) fn apply(config: &mut Config, index: &mut Index) -> Result<Record, Vec<Diagnostic>> {
    let path = path_beside(&config.path);
    let (bytes, old) = read(&path).map_err(|d| vec![d])?;
    // Its length and hash: enough to tell that a build changes it.
    let existing = bytes.map(|bytes| (bytes.len(), crate::hash::fnv1a(&bytes)));
    let locked = existing.is_some();
    let root = config.path.parent().unwrap_or(Path::new("")).to_path_buf();
    // Held articles are recorded too, before they fall due: those from
    // `first_held` on.
    let first_held = index.listings.len();
    let mut listings: Vec<&mut Listing> = index
        .listings
        .iter_mut()
        .chain(index.held_listings.iter_mut())
        .collect();
    let keys: Vec<String> = listings
        .iter()
        .map(|l| key_of(&l.path, &root, &config.articles_dir))
        .collect();
    let matched = match_articles(&listings, &keys, &old);
    let used: HashSet<&str> = matched.iter().flatten().map(String::as_str).collect();
    let gone: Vec<&str> = old
        .articles
        .keys()
        .map(String::as_str)
        .filter(|key| !used.contains(key))
        .collect();
    let mut found = Found::default();
    let mut new = Lock {
        version: 1,
        ..Lock::default()
    };
    let site = &config.site;
    for (i, listing) in listings.iter_mut().enumerate() {
        let recorded = matched[i].as_deref().map(|k| (k, &old.articles[k]));
        let seen = Seen {
            key: &keys[i],
            recorded,
            published: i < first_held,
        };
        match recorded {
            Some(_) => recorded_article(listing, &seen, site, &mut found),
            None if locked => new_article(listing, &gone, &old, &mut found),
            None => {}
        }
        let id = listing.id.as_deref().map_or_else(
            || site.article_id(&listing.slug, listing.published.date_naive()),
            str::to_owned,
        );
        new.articles.insert(
            keys[i].clone(),
            Article {
                id,
                url: url_of(listing, site).into(),
                // The date readers first saw.
                published: recorded.map_or_else(
                    || date_text(listing.published),
                    |(_, r)| r.published.clone(),
                ),
                updated: listing.updated.map(date_text),
                digest: digest_text(listing.digest),
            },
        );
    }
    // Gone, and no new article may be one of them renamed: readers keep them.
    if listings.len() == used.len() {
        for key in &gone {
            found.warnings.push(
                Diagnostic::warning(
                    &path,
                    format!("`{key}`, recorded here, is not published any more: readers that have it keep it as it was"),
                )
                .with_help("to withdraw a story, keep its file and add `retracted = { date = …, note = \"…\" }`")
                .rule(Rule::ArticleGone),
            );
        }
    }
    tell_apart(&mut listings, &matched, &keys, &mut new, site);
    let problems = taken_ids(&listings, &matched, &new, &keys);
    if !problems.is_empty() {
        return Err(problems);
    }
    new.podcasts = podcasts(config, &old, locked, &mut found);
    crate::diagnostic::sort(&mut found.out_of_date);
    Ok(Record {
        path,
        existing,
        new,
        out_of_date: found.out_of_date,
        warnings: found.warnings,
    })
}

impl Record {
    /// The lock's bytes once `feeds` (each feed file's path and URL) are
    /// published.
    pub(crate) fn bytes(&self, feeds: &[(String, String)]) -> Vec<u8> {
        self.new
            .to_toml_with(
                feeds
                    .iter()
                    .map(|(path, url)| (path.as_str(), url.as_str())),
            )
            .into_bytes()
    }

    /// Returns true if and only if there was a lock before this build.
    pub(crate) fn existed(&self) -> bool {
        self.existing.is_some()
    }

    /// Writes the lock when its bytes change, atomically (a temporary
    /// file beside it, renamed over it). Returns true if and only if it
    /// wrote.
    pub(crate) fn write(&self, bytes: &[u8]) -> Result<bool, Diagnostic> {
        if self.existing == Some((bytes.len(), crate::hash::fnv1a(bytes))) {
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
    fn keys_do_not_depend_on_where_the_checkout_is() {
        let root = Path::new("site");
        let inside = Path::new("site/articles");
        assert_eq!(
            key_of(Path::new("site/articles/news/a.md"), root, inside),
            "articles/news/a.md"
        );
        // An absolute articles folder elsewhere: its last part, then the path.
        for checkout in ["/home/runner/work/blog", "/tmp/blog"] {
            let articles = Path::new(checkout).join("content");
            let path = articles.join("2024/a.md");
            assert_eq!(key_of(&path, root, &articles), "content/2024/a.md");
            // The config in the working folder.
            assert_eq!(key_of(&path, Path::new(""), &articles), "content/2024/a.md");
        }
        assert_eq!(
            key_of(
                Path::new("articles/a.md"),
                Path::new(""),
                Path::new("articles")
            ),
            "articles/a.md"
        );
    }

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
                digest: "d64:0000000000000001".into(),
            },
        );
        lock.articles.insert(
            "articles/a.md".into(),
            Article {
                id: "tag:example.org,2024:a".into(),
                url: "https://example.org/a/".into(),
                published: "2024-01-01T00:00:00+00:00".into(),
                updated: None,
                digest: "d64:0000000000000002".into(),
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
        // Read line by line, as byline wrote it: all but what is never read.
        let mut fast = lock.clone();
        fast.feeds.clear();
        for article in fast.articles.values_mut() {
            article.url.clear();
        }
        assert_eq!(read_written(&text), Some(fast));
        // Anything else is the TOML parser's.
        assert_eq!(
            read_written(&text.replace(
                "id = \"tag:example.org,2024:a\"",
                "id = 'tag:example.org,2024:a'"
            )),
            None
        );
        let twice = format!("{text}\n[podcasts.\"show.xml\"]\nguid = \"g\"\n");
        assert_eq!(read_written(&twice), None);
        assert!(
            toml::from_str::<Lock>(&twice).is_err(),
            "a table twice is an error"
        );
        assert_eq!(read_written(&text.replace("[feeds.", "[other.")), None);
        let a = text.find("[articles.\"articles/a.md\"]").unwrap();
        let b = text
            .find("[articles.\"articles/b \\\"quoted\\\".md\"]")
            .unwrap();
        assert!(a < b, "sorted by path:\n{text}");
    }
}
