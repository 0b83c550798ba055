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
//!
//! A large site's lock is read as a stream, line by line, and matched to
//! the listings in the lock's order (by key) as it is read: what is kept
//! is only what differs from what the listings give (an id that is not
//! the derived one, a first publication date, a text that changed, an
//! article gone). The new lock is rendered from the listings when it is
//! written, compared with the file on disk as it is rendered, and written
//! line by line to its temporary file only when it differs. Memory does
//! not grow with the lock beyond a few bytes a listing.

use crate::article::load::{Index, Listed, Listing, Names, push_url_of, url_of};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Rule};
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use rayon::prelude::*;
use serde::Deserialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write as _};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The lock's file name, beside the config.
pub(crate) const FILE_NAME: &str = "byline.lock";

/// The one command that brings the lock up to date.
const FIX: &str = "run `byline build` and commit byline.lock";

/// What to do about a lock that cannot be read.
const RESTORE: &str = "restore byline.lock from version control (`git checkout byline.lock`), \
                       or resolve its merge conflict by keeping both sides' tables";

/// The lock's first lines.
const HEADER: &str = "# byline.lock: what readers have seen of this site. `byline build` writes it;\n\
                      # commit it. The ids recorded here stay when articles or the site move.\n\
                      version = 1\n";

/// One podcast, as the lock records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Podcast {
    /// Its Podcasting 2.0 `podcast:guid`, assigned once and kept.
    pub(crate) guid: String,
}

/// The lock as the TOML parser reads it: for a lock that is not as byline
/// writes it (a hand edit, a merge), whose problems the parser names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Parsed {
    version: u32,
    #[serde(default)]
    articles: BTreeMap<String, ParsedArticle>,
    #[serde(default)]
    podcasts: BTreeMap<String, ParsedPodcast>,
    #[serde(default)]
    feeds: BTreeMap<String, ParsedFeed>,
}

/// One article, as the TOML parser reads it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParsedArticle {
    id: Spanned<String>,
    url: Spanned<String>,
    published: Spanned<String>,
    #[serde(default)]
    updated: Option<Spanned<String>>,
    digest: Spanned<String>,
}

/// One podcast, as the TOML parser reads it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParsedPodcast {
    guid: Spanned<String>,
}

/// One feed file, as the TOML parser reads it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParsedFeed {
    url: Spanned<String>,
}

/// A value read from the lock, and where it is (1-based line and column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Value<'t> {
    text: &'t str,
    line: usize,
    column: usize,
}

/// One recorded article, as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry<'t> {
    key: &'t str,
    id: Value<'t>,
    url: Value<'t>,
    published: Value<'t>,
    updated: Option<Value<'t>>,
    digest: Value<'t>,
}

/// What the lock holds besides its articles.
#[derive(Debug, Default)]
struct Head {
    /// Its version, and the line it is on.
    version: (u32, usize),
    /// The podcasts, by the path of their RSS file, with where the guid is.
    podcasts: BTreeMap<String, (String, usize, usize)>,
    /// The feed files' URLs, with where they are.
    feeds: Vec<(String, usize, usize)>,
}

/// Pushes `text` as a TOML basic string.
fn quoted(text: &str, out: &mut String) {
    out.push('"');
    // Most keys and values need no escape (0xC2 starts the C1 controls).
    if !text
        .bytes()
        .any(|b| b < 0x20 || matches!(b, b'"' | b'\\' | 0x7f | 0xc2))
    {
        out.push_str(text);
        out.push('"');
        return;
    }
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

/// Pushes a table's header, `[kind."key"]`, after an empty line.
fn table(kind: &str, key: &str, out: &mut String) {
    out.push_str("\n[");
    out.push_str(kind);
    out.push('.');
    quoted(key, out);
    out.push_str("]\n");
}

/// Pushes a `name = "value"` line.
fn field(name: &str, value: &str, out: &mut String) {
    out.push_str(name);
    out.push_str(" = ");
    quoted(value, out);
    out.push('\n');
}

/// Pushes a date as the lock writes it: `to_rfc3339`, without its
/// allocation for the usual date (whole seconds, a year of four digits,
/// an offset of whole minutes).
fn date_text(date: DateTime<FixedOffset>, out: &mut String) {
    let start = out.len();
    push_date_text(date, out);
    debug_assert_eq!(out[start..], date.to_rfc3339());
}

/// Pushes a date, as [`date_text`] says.
fn push_date_text(date: DateTime<FixedOffset>, out: &mut String) {
    let offset = date.offset().local_minus_utc();
    let local = date.naive_local();
    if !(0..=9999).contains(&local.year()) || local.nanosecond() != 0 || offset % 60 != 0 {
        out.push_str(&date.to_rfc3339());
        return;
    }
    let two = |n: u32, out: &mut String| {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    let year = local.year().unsigned_abs();
    two(year / 100, out);
    two(year % 100, out);
    out.push('-');
    two(local.month(), out);
    out.push('-');
    two(local.day(), out);
    out.push('T');
    two(local.hour(), out);
    out.push(':');
    two(local.minute(), out);
    out.push(':');
    two(local.second(), out);
    out.push(if offset < 0 { '-' } else { '+' });
    let minutes = offset.unsigned_abs() / 60;
    two(minutes / 60, out);
    out.push(':');
    two(minutes % 60, out);
}

/// Pushes a digest as the lock writes it: `d64:` and 16 hex digits.
fn digest_text(digest: u64, out: &mut String) {
    let _ = write!(out, "d64:{digest:016x}");
}

/// What a digest of the first lock format (`fnv1a:`, before `d64:`) reads
/// as: a text no article has now, so that the next build records its
/// digest (and says that readers have not seen the change, as it did).
const OLD_DIGEST: u64 = u64::MAX;

/// A digest as the lock writes it, read back.
fn digest_of(text: &str) -> Option<u64> {
    let (old, hex) = match text.strip_prefix("d64:") {
        Some(hex) => (false, hex),
        None => (true, text.strip_prefix("fnv1a:")?),
    };
    if hex.len() != 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digest = u64::from_str_radix(hex, 16).ok()?;
    Some(if old { OLD_DIGEST } else { digest })
}

/// Returns true if and only if `url` is absolute: a scheme, and for http
/// and https a host (what byline writes; checked without parsing it whole).
fn is_absolute(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let no_space = match url.is_ascii() {
        true => !url.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0b),
        false => !url.contains(char::is_whitespace),
    };
    scheme_ok
        && no_space
        && (!web
            || rest
                .strip_prefix("//")
                .is_some_and(|host| !host.is_empty() && !host.starts_with('/')))
}

/// Pushes the id byline derives for `listing` (see
/// [`crate::config::Site::article_id`]).
fn derived_id(listing: Listed<'_>, site: &crate::config::Site, out: &mut String) {
    site.push_article_id(listing.slug(), listing.published.date_naive(), out);
}

/// Pushes the id `listing` has in this build: its own, else the derived one.
fn id_of(listing: Listed<'_>, site: &crate::config::Site, out: &mut String) {
    match listing.listing().id() {
        Some(id) => out.push_str(id),
        None => derived_id(listing, site, out),
    }
}

/// The id `listing` has in this build, as a string.
fn id_string(listing: Listed<'_>, site: &crate::config::Site) -> String {
    let mut out = String::new();
    id_of(listing, site, &mut out);
    out
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

/// The listings' keys, without a string for each: every key is `head`
/// and then the listing's path below the articles folder, unless some path
/// does not have that shape (then `owned` has them all).
#[derive(Debug, Default)]
struct Keys {
    head: String,
    owned: Option<Vec<String>>,
}

impl Keys {
    fn new(listings: &[&mut Listing], names: &Names, root: &Path, articles: &Path) -> Keys {
        let mut head = key_of(articles, root, articles);
        if !head.is_empty() {
            head.push('/');
        }
        // Each path is kept relative to the articles folder.
        let plain = |listing: &Listing| {
            names.relative(listing).to_str().is_some_and(|rest| {
                rest.split('/')
                    .all(|part| !part.is_empty() && part != "." && part != "..")
                    && !(cfg!(windows) && rest.contains('\\'))
            })
        };
        if articles.to_str().is_some() && listings.iter().all(|listing| plain(listing)) {
            let keys = Keys { head, owned: None };
            debug_assert!(listings.iter().enumerate().all(|(i, listing)| {
                let mut key = String::new();
                keys.push(i, names.of(listing), &mut key);
                key == key_of(&names.path(listing), root, articles)
            }));
            return keys;
        }
        let owned = listings
            .par_iter()
            .map(|listing| key_of(&names.path(listing), root, articles))
            .collect();
        Keys {
            head: String::new(),
            owned: Some(owned),
        }
    }

    /// The part of listing `i`'s key after `head`.
    fn tail<'l>(&'l self, i: usize, listing: Listed<'l>) -> &'l [u8] {
        match &self.owned {
            Some(owned) => owned[i].as_bytes(),
            None => listing.relative().as_os_str().as_encoded_bytes(),
        }
    }

    /// How listing `i`'s key compares with `key`.
    fn cmp(&self, i: usize, listing: Listed<'_>, key: &str) -> Ordering {
        let tail = self.tail(i, listing);
        match key.as_bytes().strip_prefix(self.head.as_bytes()) {
            Some(rest) => tail.cmp(rest),
            // A key that does not start with `head` compares with it alone.
            None => self.head.as_bytes().cmp(key.as_bytes()),
        }
    }

    /// Pushes listing `i`'s key.
    fn push(&self, i: usize, listing: Listed<'_>, out: &mut String) {
        out.push_str(&self.head);
        out.push_str(&String::from_utf8_lossy(self.tail(i, listing)));
    }

    /// Listing `i`'s key.
    fn key(&self, i: usize, listing: Listed<'_>) -> String {
        let mut out = String::new();
        self.push(i, listing, &mut out);
        out
    }

    /// The listings' indices in the order of their keys (the lock's order;
    /// `a-b/c` comes before `a/b`), listing order between equal keys.
    fn order(&self, listings: &[&mut Listing], names: &Names) -> Vec<u32> {
        let mut order: Vec<u32> = (0..listings.len() as u32).collect();
        // The walk's order is nearly this one: the sort finds the runs.
        order.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            self.tail(a, names.of(listings[a]))
                .cmp(self.tail(b, names.of(listings[b])))
        });
        order
    }
}

/// A TOML basic string as the lock writes it (`"…"` with the escapes of
/// [`quoted`]), if `text` is exactly one, into `out`.
fn unquoted(text: &str, out: &mut String) -> Option<()> {
    out.clear();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains(['"', '\\']) {
        out.push_str(inner);
        return Some(());
    }
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
    Some(())
}

/// The kinds of table a lock has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Articles,
    Podcasts,
    Feeds,
}

/// The fields of a table being read line by line: each value, with its
/// line and column. (The buffers are kept from one table to the next.)
#[derive(Debug, Default)]
struct Fields {
    key: String,
    values: [(String, usize, usize); 5],
    set: [bool; 5],
}

/// The slot of field `name` in a table of `kind`.
fn slot(kind: Kind, name: &str) -> Option<usize> {
    match (kind, name) {
        (Kind::Articles, "id") | (Kind::Podcasts, "guid") => Some(0),
        (Kind::Articles | Kind::Feeds, "url") => Some(1),
        (Kind::Articles, "published") => Some(2),
        (Kind::Articles, "updated") => Some(3),
        (Kind::Articles, "digest") => Some(4),
        _ => None,
    }
}

/// Hands a table read line by line to `article` or to `head`; `None`
/// when it lacks a field, or is there twice, or `article` says the
/// lock is not one byline wrote.
fn add_table(
    kind: Kind,
    fields: &Fields,
    head: &mut Head,
    article: &mut dyn FnMut(&Entry<'_>) -> bool,
) -> Option<()> {
    let value = |slot: usize| {
        fields.set[slot].then(|| {
            let (text, line, column) = &fields.values[slot];
            Value {
                text,
                line: *line,
                column: *column,
            }
        })
    };
    match kind {
        Kind::Articles => {
            let entry = Entry {
                key: &fields.key,
                id: value(0)?,
                url: value(1)?,
                published: value(2)?,
                updated: value(3),
                digest: value(4)?,
            };
            article(&entry).then_some(())
        }
        Kind::Podcasts => {
            let guid = value(0)?;
            let fresh = head
                .podcasts
                .insert(
                    fields.key.clone(),
                    (guid.text.to_owned(), guid.line, guid.column),
                )
                .is_none();
            fresh.then_some(())
        }
        Kind::Feeds => {
            let url = value(1)?;
            head.feeds.push((url.text.to_owned(), url.line, url.column));
            Some(())
        }
    }
}

/// Reads a lock line by line, as a stream, when it holds only what byline
/// writes: comments, `version = …`, tables `[articles."…"]`,
/// `[podcasts."…"]` and `[feeds."…"]`, and `key = "…"` lines. Each
/// article is handed to `article` as it is read, and forgotten; `Ok(None)`
/// for anything else (then the TOML parser reads the lock).
fn read_written(
    mut input: impl BufRead,
    article: &mut dyn FnMut(&Entry<'_>) -> bool,
) -> std::io::Result<Option<Head>> {
    let mut head = Head::default();
    let mut version = None;
    let mut kind: Option<Kind> = None;
    let mut fields = Fields::default();
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        bytes.clear();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            break;
        }
        number += 1;
        let Ok(line) = std::str::from_utf8(&bytes) else {
            return Ok(None);
        };
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            if let Some(kind) = kind
                && add_table(kind, &fields, &mut head, article).is_none()
            {
                return Ok(None);
            }
            let Some((name, key)) = header.strip_suffix(']').and_then(|h| h.split_once('.')) else {
                return Ok(None);
            };
            kind = Some(match name {
                "articles" => Kind::Articles,
                "podcasts" => Kind::Podcasts,
                "feeds" => Kind::Feeds,
                _ => return Ok(None),
            });
            if unquoted(key, &mut fields.key).is_none() {
                return Ok(None);
            }
            fields.set = [false; 5];
            continue;
        }
        // `name = value`: no name byline writes holds a `=`, so the first
        // one is the one (found with `memchr`, where a search for " = "
        // built a two-way searcher for every line).
        let Some((name, value)) = line
            .split_once('=')
            .and_then(|(name, value)| Some((name.strip_suffix(' ')?, value.strip_prefix(' ')?)))
        else {
            return Ok(None);
        };
        let Some(kind) = kind else {
            if name != "version" || version.is_some() {
                return Ok(None);
            }
            match value.parse() {
                Ok(number_read) => version = Some((number_read, number)),
                Err(_) => return Ok(None),
            }
            continue;
        };
        let Some(slot) = slot(kind, name) else {
            return Ok(None);
        };
        if fields.set[slot] {
            return Ok(None);
        }
        let (text, line_at, column) = &mut fields.values[slot];
        if unquoted(value, text).is_none() {
            return Ok(None);
        }
        (*line_at, *column) = (number, name.len() + 4);
        fields.set[slot] = true;
    }
    if let Some(kind) = kind
        && add_table(kind, &fields, &mut head, article).is_none()
    {
        return Ok(None);
    }
    let Some(version) = version else {
        return Ok(None);
    };
    head.version = version;
    Ok(Some(head))
}

/// Recorded articles read, and not matched yet: their texts in one string.
#[derive(Debug, Default)]
struct Batch {
    text: String,
    /// Each article's key, then its id, URL, first publication date,
    /// update date and digest: where each is in `text`, and where in the
    /// lock (its line and column).
    entries: Vec<[Option<[usize; 4]>; 6]>,
}

impl Batch {
    /// How many articles a batch holds: about a megabyte.
    const ARTICLES: usize = 4096;

    fn push(&mut self, entry: &Entry<'_>) {
        let kept = [
            self.keep(entry.key, 0, 0),
            self.value(entry.id),
            self.value(entry.url),
            self.value(entry.published),
            entry.updated.and_then(|updated| self.value(updated)),
            self.value(entry.digest),
        ];
        self.entries.push(kept);
    }

    fn value(&mut self, value: Value<'_>) -> Option<[usize; 4]> {
        self.keep(value.text, value.line, value.column)
    }

    fn keep(&mut self, text: &str, line: usize, column: usize) -> Option<[usize; 4]> {
        let start = self.text.len();
        self.text.push_str(text);
        Some([start, self.text.len(), line, column])
    }

    /// The articles, as they were read.
    fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        let value = |kept: [usize; 4]| Value {
            text: &self.text[kept[0]..kept[1]],
            line: kept[2],
            column: kept[3],
        };
        self.entries.iter().filter_map(move |kept| {
            Some(Entry {
                key: value(kept[0]?).text,
                id: value(kept[1]?),
                url: value(kept[2]?),
                published: value(kept[3]?),
                updated: kept[4].map(value),
                digest: value(kept[5]?),
            })
        })
    }
}

/// [`read_written`] on a thread of its own, a batch of articles ahead of
/// `article`, which matches them here: reading and matching a lock of a
/// million articles each take about a second, and now take it at once.
fn read_ahead(
    file: std::fs::File,
    article: &mut dyn FnMut(&Entry<'_>) -> bool,
) -> std::io::Result<Option<Head>> {
    use std::sync::atomic::{AtomicBool, Ordering as Atomic};
    let stop = &AtomicBool::new(false);
    let (batches_out, batches_in) = std::sync::mpsc::sync_channel::<Batch>(4);
    std::thread::scope(|scope| {
        // The reader owns the sending end: the batches end with it.
        let reader = scope.spawn(move || {
            let mut batch = Batch::default();
            let head = read_written(BufReader::with_capacity(1 << 16, file), &mut |entry| {
                batch.push(entry);
                if batch.entries.len() == Batch::ARTICLES
                    && batches_out.send(std::mem::take(&mut batch)).is_err()
                {
                    return false;
                }
                !stop.load(Atomic::Relaxed)
            });
            if !batch.entries.is_empty() {
                let _ = batches_out.send(batch);
            }
            head
        });
        let mut matched = true;
        for batch in batches_in {
            // Once one does not match, the rest is only drained.
            if matched && !batch.entries().all(|entry| article(&entry)) {
                matched = false;
                stop.store(true, Atomic::Relaxed);
            }
        }
        let head = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok(head.filter(|_| matched))
    })
}

/// Reads a lock whole with the TOML parser, and hands each article to
/// `article` in the order of its key; `Err` says what is wrong, and
/// where.
fn read_parsed(
    path: &Path,
    text: &str,
    article: &mut dyn FnMut(&Entry<'_>) -> bool,
) -> Result<Head, Diagnostic> {
    let parsed = toml::from_str::<Parsed>(text).map_err(|e| {
        let problem = Diagnostic::error(path, format!("the lock cannot be read: {}", e.message()))
            .with_help(RESTORE);
        match e.span() {
            Some(span) => problem.at_offset(text, span.start),
            None => problem,
        }
    })?;
    // Lines and columns from byte offsets, in one pass over the text.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let at = |value: &Spanned<String>| {
        let offset = value.span().start.min(text.len());
        let line = starts.partition_point(|&start| start <= offset);
        let start = starts[line - 1];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        Value {
            text: "",
            line,
            column,
        }
    };
    fn value<'v>(spanned: &'v Spanned<String>, at: Value<'_>) -> Value<'v> {
        Value {
            text: spanned.get_ref().as_str(),
            line: at.line,
            column: at.column,
        }
    }
    let value = |spanned| value(spanned, at(spanned));
    for (key, recorded) in &parsed.articles {
        let entry = Entry {
            key,
            id: value(&recorded.id),
            url: value(&recorded.url),
            published: value(&recorded.published),
            updated: recorded.updated.as_ref().map(value),
            digest: value(&recorded.digest),
        };
        // A lock the parser read has each key once.
        article(&entry);
    }
    let version_line = text
        .lines()
        .position(|line| line.starts_with("version"))
        .map_or(1, |n| n + 1);
    Ok(Head {
        version: (parsed.version, version_line),
        podcasts: parsed
            .podcasts
            .iter()
            .map(|(key, podcast)| {
                let Value { line, column, .. } = at(&podcast.guid);
                (key.clone(), (podcast.guid.get_ref().clone(), line, column))
            })
            .collect(),
        feeds: parsed
            .feeds
            .values()
            .map(|feed| {
                let Value { line, column, .. } = at(&feed.url);
                (feed.url.get_ref().clone(), line, column)
            })
            .collect(),
    })
}

/// A listing no recorded article is.
const NEW: u32 = u32::MAX;
/// A listing that is the article recorded under its own key.
const SAME_KEY: u32 = u32::MAX - 1;

/// What the lock records of an article matched by its key, where it
/// differs from what the listing gives (`None`: the same).
#[derive(Debug, Default, PartialEq, Eq)]
struct Differs {
    id: Option<Box<str>>,
    published: Option<Box<str>>,
    updated: Option<Option<Box<str>>>,
    digest: Option<u64>,
}

/// A recorded article no listing has the key of: gone, or renamed.
#[derive(Debug)]
struct Other {
    key: Box<str>,
    id: Box<str>,
    published: Box<str>,
    updated: Option<Box<str>>,
    digest: u64,
    /// Returns true if and only if a listing is this article.
    used: bool,
}

/// The lock's articles matched to the listings as they are read: for each
/// listing, [`NEW`], [`SAME_KEY`] or the index of the [`Other`] it is.
struct Matcher<'m> {
    listings: &'m [&'m mut Listing],
    names: &'m Names,
    keys: &'m Keys,
    order: &'m [u32],
    site: &'m crate::config::Site,
    path: &'m Path,
    state: Vec<u32>,
    differs: HashMap<u32, Differs>,
    others: Vec<Other>,
    /// Where in `order` the next key in order is looked for.
    cursor: usize,
    /// The last key read, to tell that the lock is in order.
    last: Option<String>,
    /// Returns true if and only if every key came after the one before.
    sorted: bool,
    /// The values that are not what byline writes.
    problems: Vec<Diagnostic>,
    scratch: String,
}

impl<'m> Matcher<'m> {
    fn new(
        listings: &'m [&'m mut Listing],
        names: &'m Names,
        keys: &'m Keys,
        order: &'m [u32],
        site: &'m crate::config::Site,
        path: &'m Path,
    ) -> Matcher<'m> {
        Matcher {
            listings,
            names,
            keys,
            order,
            site,
            path,
            state: vec![NEW; listings.len()],
            differs: HashMap::new(),
            others: Vec::new(),
            cursor: 0,
            last: None,
            sorted: true,
            problems: Vec::new(),
            scratch: String::new(),
        }
    }

    /// Listing `i`, with the names to read it through.
    fn listed(&self, i: usize) -> Listed<'m> {
        self.names.of(self.listings[i])
    }

    fn cmp(&self, position: usize, key: &str) -> Ordering {
        let i = self.order[position] as usize;
        self.keys.cmp(i, self.listed(i), key)
    }

    /// Says that `value`, recorded for `key`, is not what byline writes.
    fn invalid(&mut self, value: &Value<'_>, message: String, help: &str) {
        self.problems.push(
            Diagnostic::error(self.path, message)
                .at(value.line, Some(value.column))
                .with_help(format!(
                    "{help}, or restore byline.lock from version control (`git checkout byline.lock`)"
                )),
        );
    }

    fn check_date(&mut self, key: &str, value: &Value<'_>) {
        if DateTime::parse_from_rfc3339(value.text).is_err() {
            self.invalid(
                value,
                format!(
                    "the date `{}` recorded for `{key}` is not an RFC 3339 date",
                    value.text
                ),
                "write it as byline does, `2024-05-01T09:00:00+00:00`",
            );
        }
    }

    /// Checks what the lock records of an article, and its digest.
    fn check(&mut self, entry: &Entry<'_>) -> u64 {
        let key = entry.key;
        if entry.id.text.trim().is_empty() {
            self.invalid(
                &entry.id,
                format!("the id recorded for `{key}` is empty"),
                "write back the id readers have seen (`git log -p byline.lock` shows it)",
            );
        }
        if !is_absolute(entry.url.text) {
            self.invalid(
                &entry.url,
                format!(
                    "the URL `{}` recorded for `{key}` is not an absolute URL",
                    entry.url.text
                ),
                "write the article's whole URL, `https://…`",
            );
        }
        match digest_of(entry.digest.text) {
            Some(digest) => digest,
            None => {
                self.invalid(
                    &entry.digest,
                    format!(
                        "the digest `{}` recorded for `{key}` is not `d64:` and 16 hex digits",
                        entry.digest.text
                    ),
                    "write the digest back as byline wrote it",
                );
                0
            }
        }
    }

    /// Takes in one recorded article; false when its key was read before.
    fn article(&mut self, entry: &Entry<'_>) -> bool {
        let digest = self.check(entry);
        let key = entry.key;
        // In the lock's order: after the last key in order. (A hand edit
        // or a merge may put a table anywhere: it is looked up.)
        let in_order = match &self.last {
            None => true,
            Some(last) if last.as_str() == key => return false,
            Some(last) => last.as_str() < key,
        };
        let start = if in_order {
            while self.cursor < self.order.len() && self.cmp(self.cursor, key) == Ordering::Less {
                self.cursor += 1;
            }
            self.cursor
        } else {
            self.sorted = false;
            let (mut low, mut high) = (0, self.order.len());
            while low < high {
                let middle = low + (high - low) / 2;
                if self.cmp(middle, key) == Ordering::Less {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            low
        };
        let mut end = start;
        while end < self.order.len() && self.cmp(end, key) == Ordering::Equal {
            end += 1;
        }
        if in_order {
            self.cursor = end;
            match &mut self.last {
                Some(last) => {
                    last.clear();
                    last.push_str(key);
                }
                None => self.last = Some(key.to_owned()),
            }
        }
        if start == end {
            self.check_date(key, &entry.published);
            if let Some(updated) = &entry.updated {
                self.check_date(key, updated);
            }
            self.others.push(Other {
                key: key.into(),
                id: entry.id.text.into(),
                published: entry.published.text.into(),
                updated: entry.updated.map(|v| v.text.into()),
                digest,
                used: false,
            });
            return true;
        }
        for position in start..end {
            let i = self.order[position] as usize;
            if self.state[i] != NEW {
                return false;
            }
            self.state[i] = SAME_KEY;
            let differs = self.differs(i, entry, digest);
            if differs != Differs::default() {
                self.differs.insert(i as u32, differs);
            }
        }
        true
    }

    /// What the lock records of listing `i`'s article where it differs.
    fn differs(&mut self, i: usize, entry: &Entry<'_>, digest: u64) -> Differs {
        let listing = self.listed(i);
        let mut differs = Differs::default();
        let same_id = match listing.listing().id() {
            Some(id) => id == entry.id.text,
            None => {
                self.scratch.clear();
                derived_id(listing, self.site, &mut self.scratch);
                self.scratch == entry.id.text
            }
        };
        if !same_id {
            differs.id = Some(entry.id.text.into());
        }
        self.scratch.clear();
        date_text(listing.published, &mut self.scratch);
        if self.scratch != entry.published.text {
            self.check_date(entry.key, &entry.published);
            differs.published = Some(entry.published.text.into());
        }
        let same_updated = match (listing.updated, &entry.updated) {
            (None, None) => true,
            (Some(updated), Some(recorded)) => {
                self.scratch.clear();
                date_text(updated, &mut self.scratch);
                self.scratch == recorded.text
            }
            _ => false,
        };
        if !same_updated {
            if let Some(updated) = &entry.updated {
                self.check_date(entry.key, updated);
            }
            differs.updated = Some(entry.updated.map(|v| v.text.into()));
        }
        if digest != listing.digest {
            differs.digest = Some(digest);
        }
        differs
    }

    /// Returns true if and only if no key is recorded twice (a lock out of
    /// order may hold one twice, far apart).
    fn once_each(&self) -> bool {
        if self.sorted {
            return true;
        }
        let mut keys: Vec<&str> = self.others.iter().map(|other| &*other.key).collect();
        keys.sort_unstable();
        keys.windows(2).all(|pair| pair[0] != pair[1])
    }

    /// What the lock records of listing `i`'s article (matched by its
    /// key), whole: its key, id, first publication date, update date and
    /// digest.
    fn recorded(&self, i: usize) -> Other {
        let listing = self.listed(i);
        let differs = self.differs.get(&(i as u32));
        let text = |date: DateTime<FixedOffset>| {
            let mut out = String::new();
            date_text(date, &mut out);
            out.into_boxed_str()
        };
        Other {
            key: self.keys.key(i, listing).into(),
            id: differs
                .and_then(|d| d.id.clone())
                .unwrap_or_else(|| id_string(listing, self.site).into()),
            published: differs
                .and_then(|d| d.published.clone())
                .unwrap_or_else(|| text(listing.published)),
            updated: differs
                .and_then(|d| d.updated.clone())
                .unwrap_or_else(|| listing.updated.map(text)),
            digest: differs.and_then(|d| d.digest).unwrap_or(listing.digest),
            used: true,
        }
    }

    /// Matches by digest and by front-matter id what matching by key left:
    /// a file renamed without an edit is the one gone article of its
    /// digest, when no other new article has that digest; a path that now
    /// holds other text, while one new article, and no other, holds the
    /// text recorded under it, is that article renamed, and a new one under
    /// its old name; a new article whose front matter gives a gone
    /// article's id is that article.
    fn finish(&mut self) {
        self.moves();
        if self.others.iter().all(|other| other.used) {
            return;
        }
        // A new article whose front matter gives it a recorded article's id
        // (as the warning on a rename with an edit asks) is that article.
        let mut gone_by_id: HashMap<&str, Vec<u32>> = HashMap::new();
        for (o, other) in self.others.iter().enumerate() {
            if !other.used {
                gone_by_id.entry(&other.id).or_default().push(o as u32);
            }
        }
        let mut found = Vec::new();
        for (i, listing) in self.listings.iter().enumerate() {
            if self.state[i] == NEW
                && listing.id_written
                && let Some(id) = listing.id()
                && let Some(&[only]) = gone_by_id.get(id).map(Vec::as_slice)
            {
                found.push((i, only));
            }
        }
        self.take(found);
        // A digest that more than one new article has is no evidence.
        let mut gone_by_digest: HashMap<u64, Vec<u32>> = HashMap::new();
        for (o, other) in self.others.iter().enumerate() {
            if !other.used {
                gone_by_digest
                    .entry(other.digest)
                    .or_default()
                    .push(o as u32);
            }
        }
        if gone_by_digest.is_empty() {
            return;
        }
        let mut new_by_digest: HashMap<u64, usize> = HashMap::new();
        for (i, listing) in self.listings.iter().enumerate() {
            if self.state[i] == NEW && gone_by_digest.contains_key(&listing.digest) {
                *new_by_digest.entry(listing.digest).or_default() += 1;
            }
        }
        let mut found = Vec::new();
        for (i, listing) in self.listings.iter().enumerate() {
            if self.state[i] == NEW
                && new_by_digest.get(&listing.digest) == Some(&1)
                && let Some(&[only]) = gone_by_digest.get(&listing.digest).map(Vec::as_slice)
            {
                found.push((i, only));
            }
        }
        self.take(found);
    }

    /// Listing `i` is the recorded article `o`, for each `(i, o)`.
    fn take(&mut self, found: Vec<(usize, u32)>) {
        for (i, o) in found {
            self.state[i] = o;
            self.others[o as usize].used = true;
        }
    }

    /// A listing matched by its key whose text changed, where exactly one
    /// recorded article has the old text and exactly one listing, new to
    /// the lock, has it now: that listing is the recorded article renamed,
    /// and the first is a new article under its old name.
    fn moves(&mut self) {
        let changed: Vec<(u32, u64)> = self
            .differs
            .iter()
            .filter_map(|(&i, d)| d.digest.map(|digest| (i, digest)))
            .collect();
        if changed.is_empty() {
            return;
        }
        let wanted: HashSet<u64> = changed.iter().map(|&(_, digest)| digest).collect();
        let mut by_digest: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, listing) in self.listings.iter().enumerate() {
            if wanted.contains(&listing.digest) {
                by_digest.entry(listing.digest).or_default().push(i as u32);
            }
        }
        // How many recorded articles have each of those digests: those
        // matched by key whose text is the listing's, the others recorded
        // with it, and the rest.
        let mut recorded_with: HashMap<u64, usize> = HashMap::new();
        for (&digest, listings) in &by_digest {
            let unchanged = listings
                .iter()
                .filter(|&&i| {
                    self.state[i as usize] == SAME_KEY
                        && self.differs.get(&i).is_none_or(|d| d.digest.is_none())
                })
                .count();
            recorded_with.insert(digest, unchanged);
        }
        for &(_, digest) in &changed {
            *recorded_with.entry(digest).or_default() += 1;
        }
        for other in &self.others {
            if let Some(count) = recorded_with.get_mut(&other.digest) {
                *count += 1;
            }
        }
        let mut moves = Vec::new();
        for &(from, digest) in &changed {
            if recorded_with.get(&digest) != Some(&1) {
                continue;
            }
            if let Some(&[to]) = by_digest.get(&digest).map(Vec::as_slice)
                && self.state[to as usize] == NEW
            {
                moves.push((from as usize, to as usize));
            }
        }
        for (from, to) in moves {
            let recorded = self.recorded(from);
            self.differs.remove(&(from as u32));
            self.state[from] = NEW;
            self.state[to] = self.others.len() as u32;
            self.others.push(recorded);
        }
    }
}

/// What reading the lock and matching the site's articles to it gave.
#[derive(Debug)]
pub(crate) struct Record {
    /// Where the lock is.
    pub(crate) path: PathBuf,
    /// Returns true if and only if there was a lock before this build.
    existed: bool,
    /// How the listings' keys are made.
    keys: Keys,
    /// The listings (published, then held) in the order of their keys.
    order: Vec<u32>,
    /// How many listings are published (the held ones come after them).
    published: usize,
    /// The first publication date the lock records for a listing, where
    /// it is not the listing's own.
    first_published: HashMap<u32, Box<str>>,
    /// The podcasts as this build records them.
    podcasts: BTreeMap<String, Podcast>,
    /// What makes the lock out of date (`LockOutOfDate`): an article or a
    /// podcast not recorded under its path, an id that would change.
    /// Empty when there is no lock yet.
    pub(crate) out_of_date: Vec<Diagnostic>,
    /// Edits readers will not see, renames not recognised, articles gone.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// What the lock says of one listed article.
struct Seen<'a> {
    /// Its key in the lock to be written.
    key: &'a str,
    /// The recorded article it is.
    recorded: &'a Other,
    /// Returns true if and only if readers have seen it (it is not held).
    published: bool,
}

/// Gives a recorded article its recorded id (unless its front matter sets
/// one), and says what makes the lock out of date and what readers will
/// not see.
fn recorded_article(
    listing: &mut Listing,
    names: &Names,
    seen: &Seen<'_>,
    site: &crate::config::Site,
    found: &mut Found,
) {
    let recorded = seen.recorded;
    let current = id_string(names.of(listing), site);
    let path = names.path(listing);
    if !listing.id_written {
        // Only where it differs: most ids are the derived one, kept unset.
        if current != *recorded.id {
            listing.set_id(Some(recorded.id.clone()));
        }
    } else if current != *recorded.id {
        found.out_of_date.push(
            Diagnostic::error(
                &path,
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
    if *recorded.key != *seen.key {
        found.out_of_date.push(
            Diagnostic::error(
                &path,
                format!(
                    "byline.lock records this article as `{}`, the name it had",
                    recorded.key
                ),
            )
            .with_help(format!(
                "{FIX}, so that an edit before the next build does not lose its id"
            ))
            .at(1, Some(1))
            .rule(Rule::LockOutOfDate),
        );
    }
    let updated = listing.updated.map(|date| {
        let mut out = String::new();
        date_text(date, &mut out);
        out
    });
    if seen.published
        && recorded.digest != listing.digest
        && recorded.updated.as_deref() == updated.as_deref()
    {
        found.warnings.push(
            Diagnostic::warning(
                &path,
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
fn new_article(path: &Path, gone: &[&Other], found: &mut Found) {
    found.out_of_date.push(
        Diagnostic::error(
            path,
            "this article is published, but byline.lock does not record it",
        )
        .with_help(FIX)
        .at(1, Some(1))
        .rule(Rule::LockOutOfDate),
    );
    let Some(first) = gone.first() else {
        return;
    };
    let names: Vec<String> = gone
        .iter()
        .take(3)
        .map(|o| format!("`{}`", o.key))
        .collect();
    let more = if gone.len() > 3 { " and others" } else { "" };
    let verb = if gone.len() == 1 { "is" } else { "are" };
    found.warnings.push(
        Diagnostic::warning(
            path,
            format!(
                "this article is new to byline.lock, and {}{more} recorded there {verb} gone: a rename with an edit is not recognised",
                names.join(", ")
            ),
        )
        .with_help(format!(
            "if it is {} renamed, copy its id into the front matter (`id = \"{}\"`), or readers will show it as a new story",
            names[0], first.id
        ))
        .rule(Rule::UnrecognisedRename),
    );
}

/// For each listing `state` says is matched, its id in this build and its
/// index, where that id is one of `wanted`; in listing order.
fn matched_ids(
    listings: &[&mut Listing],
    names: &Names,
    state: &[u32],
    wanted: &HashSet<String>,
    site: &crate::config::Site,
) -> Vec<(String, usize)> {
    listings
        .par_iter()
        .enumerate()
        .filter(|(i, _)| state[*i] != NEW)
        .map_init(String::new, |id, (i, listing)| {
            id.clear();
            id_of(names.of(listing), site, id);
            wanted.contains(id.as_str()).then(|| (id.clone(), i))
        })
        .flatten()
        .collect()
}

/// Gives each new article whose derived id is the one the lock keeps for
/// a recorded article at another URL (one slug in two sections, or twice
/// in a year) the id that tells it apart: the one the load stage gives
/// the later of two such articles, as the new one now is, whatever their
/// order by path.
fn tell_apart(
    listings: &mut [&mut Listing],
    names: &Names,
    state: &[u32],
    site: &crate::config::Site,
) {
    let fresh: Vec<(usize, String)> = (0..listings.len())
        .filter(|&i| state[i] == NEW && !listings[i].id_written)
        .map(|i| (i, id_string(names.of(listings[i]), site)))
        .collect();
    if fresh.is_empty() {
        return;
    }
    let wanted: HashSet<String> = fresh.iter().map(|(_, id)| id.clone()).collect();
    // The last matched listing of each id, as a map collected in order keeps.
    let recorded: HashMap<String, usize> = matched_ids(listings, names, state, &wanted, site)
        .into_iter()
        .collect();
    let mut apart = Vec::new();
    for (i, id) in &fresh {
        let Some(&first) = recorded.get(id) else {
            continue;
        };
        let (listing, first) = (names.of(listings[*i]), names.of(listings[first]));
        if url_of(listing, site) == url_of(first, site) {
            continue;
        }
        let id = crate::article::load::distinct_id(listing, first, site);
        apart.push((*i, id));
    }
    if apart.is_empty() {
        return;
    }
    // Unless that id is taken too: then `taken_ids` says so.
    let wanted: HashSet<String> = apart.iter().map(|(_, id)| id.clone()).collect();
    let mut taken: HashSet<String> = listings
        .par_iter()
        .map_init(String::new, |id, listing| {
            id.clear();
            id_of(names.of(listing), site, id);
            wanted.contains(id.as_str()).then(|| id.clone())
        })
        .flatten()
        .collect();
    for (i, id) in apart {
        if taken.insert(id.clone()) {
            listings[i].set_id(Some(id.into_boxed_str()));
        }
    }
}

/// The new articles whose id is one the lock keeps for a recorded one.
fn taken_ids(
    listings: &[&mut Listing],
    names: &Names,
    state: &[u32],
    site: &crate::config::Site,
) -> Vec<Diagnostic> {
    let fresh: Vec<(String, usize)> = (0..listings.len())
        .filter(|&i| state[i] == NEW)
        .map(|i| (id_string(names.of(listings[i]), site), i))
        .collect();
    if fresh.is_empty() || fresh.len() == listings.len() {
        return Vec::new();
    }
    let wanted: HashSet<String> = fresh.iter().map(|(id, _)| id.clone()).collect();
    let mut with_id: HashMap<String, Vec<usize>> = HashMap::new();
    for (id, i) in matched_ids(listings, names, state, &wanted, site)
        .into_iter()
        .chain(fresh)
    {
        with_id.entry(id).or_default().push(i);
    }
    let mut problems = Vec::new();
    for (id, mut each) in with_id {
        each.sort_unstable();
        // Two new articles with one id, or two recorded ones: the load
        // stage, or an earlier build, said so.
        for pair in each.windows(2) {
            let (first, i) = (pair[0], pair[1]);
            if (state[i] != NEW) == (state[first] != NEW) {
                continue;
            }
            let (recorded, other) = if state[i] != NEW {
                (i, first)
            } else {
                (first, i)
            };
            problems.push(
                Diagnostic::error(
                    names.path(listings[other]),
                    format!(
                        "the id `{id}` is the one byline.lock records for `{}`",
                        names.path(listings[recorded]).display()
                    ),
                )
                .at(1, Some(1))
                .with_help(
                    "set a different `slug`, or an `id`, in the front matter of this article",
                ),
            );
        }
    }
    problems
}

/// Gives each podcast its recorded `podcast:guid` (matched by the path of
/// its RSS file, else as the only podcast left on both sides) or a new one
/// made from its URL; returns what the lock records.
fn podcasts(
    config: &mut Config,
    old: &BTreeMap<String, Podcast>,
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
        .keys()
        .filter(|key| !paths.iter().any(|(_, path)| path == *key))
        .collect();
    let unmatched = paths
        .iter()
        .filter(|(_, path)| !old.contains_key(path))
        .count();
    let mut recorded = BTreeMap::new();
    for (i, feed_path) in &paths {
        let guid = match old.get(feed_path) {
            Some(podcast) => podcast.guid.clone(),
            None if unmatched == 1 && left.len() == 1 => old[left.remove(0)].guid.clone(),
            None => crate::media::podcast_guid(config.site.output_url(feed_path).as_str()),
        };
        if locked && !old.contains_key(feed_path) {
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

/// Reads the lock at `path` as a stream, handing each article to a fresh
/// matcher (made by `matcher`); the TOML parser reads a lock that is not
/// as byline writes it. `None` when there is no lock.
fn read<'m>(
    path: &'m Path,
    matcher: impl Fn() -> Matcher<'m>,
) -> Result<Option<(Head, Matcher<'m>)>, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::error(path, format!("cannot read the lock: {e}"));
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    };
    let mut fast = matcher();
    let head = read_ahead(file, &mut |entry| fast.article(entry)).map_err(cannot)?;
    if let Some(head) = head
        && fast.once_each()
    {
        return Ok(Some((head, fast)));
    }
    drop(fast);
    // Not as byline writes it: read whole, by the TOML parser.
    let bytes = std::fs::read(path).map_err(cannot)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut parsed = matcher();
    let head = read_parsed(path, &text, &mut |entry| parsed.article(entry))?;
    Ok(Some((head, parsed)))
}

/// Reads the lock beside the config and matches the site's articles and
/// podcasts to it: each recorded id and `podcast:guid` is given to its
/// article or podcast (in `index` and `config`), unless the front matter
/// sets an id. Fails when the lock cannot be read, when a value it records
/// is not one byline writes, or when an id it records is now another
/// article's (`Err` holds every such problem).
pub(crate) fn apply(config: &mut Config, index: &mut Index) -> Result<Record, Vec<Diagnostic>> {
    let path = path_beside(&config.path);
    let root = config.path.parent().unwrap_or(Path::new("")).to_path_buf();
    // Held articles are recorded too, before they fall due: those from
    // `first_held` on.
    let first_held = index.listings.len();
    let names = &index.names;
    let mut listings: Vec<&mut Listing> = index
        .listings
        .iter_mut()
        .chain(index.held_listings.iter_mut())
        .collect();
    let keys = Keys::new(&listings, names, &root, &config.articles_dir);
    let order = keys.order(&listings, names);
    let site = &config.site;
    let read = read(&path, || {
        Matcher::new(&listings, names, &keys, &order, site, &path)
    });
    let (head, state, differs, others) = match read {
        Err(problem) => return Err(vec![problem]),
        Ok(None) => (None, vec![NEW; listings.len()], HashMap::new(), Vec::new()),
        Ok(Some((head, mut matcher))) => {
            if head.version.0 != 1 {
                return Err(vec![
                    Diagnostic::error(
                        &path,
                        format!(
                            "the lock's version is `{}`; this byline reads version 1",
                            head.version.0
                        ),
                    )
                    .at(head.version.1, Some(1))
                    .with_help(
                        "build with the byline that wrote it (a newer one), or restore byline.lock from version control",
                    ),
                ]);
            }
            if !matcher.problems.is_empty() {
                return Err(matcher.problems);
            }
            matcher.finish();
            (Some(head), matcher.state, matcher.differs, matcher.others)
        }
    };
    let locked = head.is_some();
    let head = head.unwrap_or_default();
    let mut problems = Vec::new();
    let mut old_podcasts = BTreeMap::new();
    for (key, (guid, line, column)) in head.podcasts {
        if guid.trim().is_empty() {
            problems.push(
                Diagnostic::error(&path, format!("the podcast:guid recorded for `{key}` is empty"))
                    .at(line, Some(column))
                    .with_help("write back the guid its listeners' apps have seen, or restore byline.lock from version control (`git checkout byline.lock`)"),
            );
        }
        old_podcasts.insert(key, Podcast { guid });
    }
    for (url, line, column) in &head.feeds {
        if !is_absolute(url) {
            problems.push(
                Diagnostic::error(&path, format!("the feed URL `{url}` recorded here is not an absolute URL"))
                    .at(*line, Some(*column))
                    .with_help("write the feed's whole URL, `https://…`, or restore byline.lock from version control (`git checkout byline.lock`)"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut gone: Vec<&Other> = others.iter().filter(|other| !other.used).collect();
    gone.sort_by(|a, b| a.key.cmp(&b.key));
    let mut found = Found::default();
    let mut first_published = HashMap::new();
    let mut uses = vec![0_u32; others.len()];
    for (i, listing) in listings.iter_mut().enumerate() {
        let published = i < first_held;
        match state[i] {
            NEW if locked => new_article(&names.path(listing), &gone, &mut found),
            NEW => {}
            SAME_KEY => {
                let Some(differs) = differs.get(&(i as u32)) else {
                    continue;
                };
                let key = keys.key(i, names.of(listing));
                let recorded = Other {
                    key: key.as_str().into(),
                    id: differs
                        .id
                        .clone()
                        .unwrap_or_else(|| id_string(names.of(listing), site).into()),
                    published: Box::default(),
                    updated: match &differs.updated {
                        Some(updated) => updated.clone(),
                        None => listing.updated.map(|date| {
                            let mut out = String::new();
                            date_text(date, &mut out);
                            out.into_boxed_str()
                        }),
                    },
                    digest: differs.digest.unwrap_or(listing.digest),
                    used: true,
                };
                let seen = Seen {
                    key: &key,
                    recorded: &recorded,
                    published,
                };
                recorded_article(listing, names, &seen, site, &mut found);
                if let Some(date) = &differs.published {
                    first_published.insert(i as u32, date.clone());
                }
            }
            o => {
                let recorded = &others[o as usize];
                uses[o as usize] += 1;
                let key = keys.key(i, names.of(listing));
                let seen = Seen {
                    key: &key,
                    recorded,
                    published,
                };
                recorded_article(listing, names, &seen, site, &mut found);
                let mut own = String::new();
                date_text(listing.published, &mut own);
                if *recorded.published != own {
                    first_published.insert(i as u32, recorded.published.clone());
                }
            }
        }
    }
    // Gone, and no new article may be one of them renamed: readers keep
    // them. (Every listing is a recorded article, each a different one.)
    let same_keys = || {
        order.windows(2).any(|pair| {
            let (a, b) = (pair[0] as usize, pair[1] as usize);
            keys.tail(a, names.of(listings[a])) == keys.tail(b, names.of(listings[b]))
        })
    };
    if !gone.is_empty() && !state.contains(&NEW) && uses.iter().all(|&n| n <= 1) && !same_keys() {
        for other in &gone {
            found.warnings.push(
                Diagnostic::warning(
                    &path,
                    format!("`{}`, recorded here, is not published any more: readers that have it keep it as it was", other.key),
                )
                .with_help("to withdraw a story, keep its file and add `retracted = { date = …, note = \"…\" }`")
                .rule(Rule::ArticleGone),
            );
        }
    }
    if locked {
        tell_apart(&mut listings, names, &state, site);
        let problems = taken_ids(&listings, names, &state, site);
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    let published = first_held;
    let total = listings.len();
    drop(listings);
    let podcasts = podcasts(config, &old_podcasts, locked, &mut found);
    crate::diagnostic::sort(&mut found.out_of_date);
    debug_assert_eq!(total, index.listings.len() + index.held_listings.len());
    Ok(Record {
        path,
        existed: locked,
        keys,
        order,
        published,
        first_published,
        podcasts,
        out_of_date: found.out_of_date,
        warnings: found.warnings,
    })
}

/// How many articles each rendering task renders.
const CHUNK: usize = 2048;

impl Record {
    /// Returns true if and only if there was a lock before this build.
    pub(crate) fn existed(&self) -> bool {
        self.existed
    }

    /// Hands the lock's bytes to `sink`, a few thousand articles at a
    /// time (rendered in parallel), once `feeds` (each feed file's path and
    /// URL, in order) are published; `index` is the one `apply` matched.
    fn render(
        &self,
        index: &Index,
        site: &crate::config::Site,
        feeds: &[(String, String)],
        sink: &mut (dyn FnMut(&[u8]) -> std::io::Result<()> + Send),
    ) -> std::io::Result<()> {
        let listing = |i: usize| match i.checked_sub(self.published) {
            None => index.listed(i),
            Some(held) => index.held(held),
        };
        sink(HEADER.as_bytes())?;
        let render = |positions: &[u32], start: usize| {
            let mut out = String::with_capacity(positions.len() * 256);
            let mut text = String::new();
            for (n, &i) in positions.iter().enumerate() {
                let i = i as usize;
                let article = listing(i);
                let tail = self.keys.tail(i, article);
                // Of two listings with one key, the lock records the later.
                if let Some(&next) = self.order.get(start + n + 1)
                    && self.keys.tail(next as usize, listing(next as usize)) == tail
                {
                    continue;
                }
                text.clear();
                self.keys.push(i, article, &mut text);
                table("articles", &text, &mut out);
                text.clear();
                id_of(article, site, &mut text);
                field("id", &text, &mut out);
                text.clear();
                push_url_of(article, site, &mut text);
                field("url", &text, &mut out);
                text.clear();
                match self.first_published.get(&(i as u32)) {
                    Some(date) => text.push_str(date),
                    None => date_text(article.published, &mut text),
                }
                field("published", &text, &mut out);
                if let Some(updated) = article.updated {
                    text.clear();
                    date_text(updated, &mut text);
                    field("updated", &text, &mut out);
                }
                text.clear();
                digest_text(article.digest, &mut text);
                field("digest", &text, &mut out);
            }
            out
        };
        // A few chunks at a time, so that memory holds only those; each
        // group is handed to `sink` while the next one is rendered.
        let group = CHUNK * rayon::current_num_threads().max(1) * 2;
        let mut rendered: Vec<String> = Vec::new();
        for (g, positions) in self.order.chunks(group).enumerate() {
            let (texts, handed) = rayon::join(
                || {
                    positions
                        .par_chunks(CHUNK)
                        .enumerate()
                        .map(|(c, chunk)| render(chunk, g * group + c * CHUNK))
                        .collect::<Vec<String>>()
                },
                || rendered.iter().try_for_each(|text| sink(text.as_bytes())),
            );
            handed?;
            rendered = texts;
        }
        for text in rendered {
            sink(text.as_bytes())?;
        }
        let mut out = String::new();
        for (path, podcast) in &self.podcasts {
            table("podcasts", path, &mut out);
            field("guid", &podcast.guid, &mut out);
        }
        for (path, url) in feeds {
            table("feeds", path, &mut out);
            field("url", url, &mut out);
        }
        sink(out.as_bytes())
    }

    /// Returns true if and only if the lock on disk has the bytes this
    /// build would write: compared as they are rendered, a part at a time.
    fn unchanged(
        &self,
        index: &Index,
        site: &crate::config::Site,
        feeds: &[(String, String)],
    ) -> bool {
        let Ok(file) = std::fs::File::open(&self.path) else {
            return false;
        };
        let mut disk = BufReader::with_capacity(1 << 16, file);
        let mut buffer = Vec::new();
        let same = self.render(index, site, feeds, &mut |part| {
            buffer.resize(part.len(), 0);
            disk.read_exact(&mut buffer)?;
            match buffer == part {
                true => Ok(()),
                false => Err(std::io::ErrorKind::InvalidData.into()),
            }
        });
        same.is_ok() && matches!(disk.fill_buf(), Ok(rest) if rest.is_empty())
    }

    /// Writes the lock when its bytes change, atomically (a temporary
    /// file beside it, written part by part, renamed over it), once
    /// `feeds` (each feed file's path and URL, in order) are published;
    /// `index` and `site` are the ones `apply` matched. Returns true if
    /// and only if it wrote.
    pub(crate) fn write(
        &self,
        index: &Index,
        site: &crate::config::Site,
        feeds: &[(String, String)],
    ) -> Result<bool, Diagnostic> {
        if self.existed && self.unchanged(index, site, feeds) {
            return Ok(false);
        }
        let temporary = self.path.with_file_name(format!(".{FILE_NAME}.tmp"));
        let failed = |e: std::io::Error| {
            Diagnostic::error(&self.path, format!("cannot write the lock: {e}"))
                .with_help("the feeds are written; fix the cause and build again to record them")
        };
        let written = (|| {
            let mut file =
                std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&temporary)?);
            self.render(index, site, feeds, &mut |part| file.write_all(part))?;
            file.into_inner().map_err(|e| e.into_error())?.sync_all()
        })();
        written.map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            failed(e)
        })?;
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
    fn dates_are_written_as_chrono_writes_them() {
        let dates = [
            "2024-05-01T09:00:00+00:00",
            "2024-05-01T09:00:00Z",
            "1999-12-31T23:59:59-05:30",
            "0001-01-01T00:00:00+14:00",
            "2024-02-29T12:34:56.789+02:00",
            "2024-02-29T12:34:56.000001-00:45",
            "9999-12-31T23:59:59+00:00",
        ];
        for text in dates {
            let date = DateTime::parse_from_rfc3339(text).unwrap();
            let mut out = String::new();
            date_text(date, &mut out);
            assert_eq!(out, date.to_rfc3339(), "{text}");
        }
        let odd = FixedOffset::east_opt(3600 + 30).unwrap();
        let date = DateTime::parse_from_rfc3339("2024-05-01T09:00:00+00:00")
            .unwrap()
            .with_timezone(&odd);
        let mut out = String::new();
        date_text(date, &mut out);
        assert_eq!(out, date.to_rfc3339());
    }

    #[test]
    fn only_a_scheme_and_a_host_make_a_url_absolute() {
        for url in [
            "https://example.org/a/",
            "http://x",
            "tag:example.org,2024:a",
        ] {
            assert!(is_absolute(url), "{url}");
        }
        for url in [
            "",
            "/a/",
            "example.org/a/",
            "https:/a/",
            "https:///a/",
            "1http://x",
            "https://example.org/a b/",
        ] {
            assert!(!is_absolute(url), "{url}");
        }
        assert_eq!(digest_of("d64:00000000000000ff"), Some(255));
        assert_eq!(digest_of("fnv1a:00000000000000ff"), Some(OLD_DIGEST));
        for digest in [
            "d64:ff",
            "ff",
            "d64:000000000000000g",
            "d64:+0000000000000ff",
        ] {
            assert_eq!(digest_of(digest), None, "{digest}");
        }
    }

    /// The articles of a lock's text, as `read_written` reads them.
    fn read_articles(text: &str) -> Option<(Head, Vec<String>)> {
        let mut articles = Vec::new();
        let head = read_written(text.as_bytes(), &mut |entry| {
            articles.push(format!(
                "{} {} {} {} {:?} {} @{}",
                entry.key,
                entry.id.text,
                entry.url.text,
                entry.published.text,
                entry.updated.map(|v| v.text),
                entry.digest.text,
                entry.id.line
            ));
            true
        })
        .unwrap()?;
        Some((head, articles))
    }

    #[test]
    fn the_lock_reads_back_what_it_writes() {
        let mut text = String::from(HEADER);
        table("articles", "articles/a.md", &mut text);
        field("id", "tag:example.org,2024:a", &mut text);
        field("url", "https://example.org/a/", &mut text);
        field("published", "2024-01-01T00:00:00+00:00", &mut text);
        field("digest", "d64:0000000000000002", &mut text);
        table("articles", "articles/b \"quoted\"\u{85}.md", &mut text);
        field("id", "tag:example.org,2024:b", &mut text);
        field("url", "https://example.org/b/", &mut text);
        field("published", "2024-01-02T00:00:00+00:00", &mut text);
        field("updated", "2024-01-03T00:00:00+00:00", &mut text);
        field("digest", "d64:0000000000000001", &mut text);
        table("podcasts", "show.xml", &mut text);
        field("guid", "g", &mut text);
        table("feeds", "feed.xml", &mut text);
        field("url", "https://example.org/feed.xml", &mut text);
        let (head, articles) = read_articles(&text).unwrap();
        assert_eq!(
            articles,
            [
                "articles/a.md tag:example.org,2024:a https://example.org/a/ 2024-01-01T00:00:00+00:00 None d64:0000000000000002 @6",
                "articles/b \"quoted\"\u{85}.md tag:example.org,2024:b https://example.org/b/ 2024-01-02T00:00:00+00:00 Some(\"2024-01-03T00:00:00+00:00\") d64:0000000000000001 @12",
            ]
        );
        assert_eq!(head.version, (1, 3));
        assert_eq!(head.podcasts["show.xml"], ("g".to_owned(), 19, 8));
        assert_eq!(
            head.feeds,
            [("https://example.org/feed.xml".to_owned(), 22, 7)]
        );
        // The TOML parser reads the same.
        let parsed: Parsed = toml::from_str(&text).unwrap();
        assert_eq!(parsed.articles.len(), 2);
        assert_eq!(
            parsed.articles["articles/b \"quoted\"\u{85}.md"]
                .id
                .get_ref(),
            "tag:example.org,2024:b"
        );
        let mut from_toml = Vec::new();
        read_parsed(Path::new("byline.lock"), &text, &mut |entry| {
            from_toml.push((entry.key.to_owned(), entry.id.line, entry.id.column));
            true
        })
        .unwrap();
        assert_eq!(from_toml[1].1, 12);
        assert_eq!(from_toml[1].2, 6);
        // Anything else is the TOML parser's.
        assert!(
            read_articles(&text.replace(
                "id = \"tag:example.org,2024:a\"",
                "id = 'tag:example.org,2024:a'"
            ))
            .is_none()
        );
        let twice = format!("{text}\n[podcasts.\"show.xml\"]\nguid = \"g\"\n");
        assert!(read_articles(&twice).is_none());
        assert!(
            toml::from_str::<Parsed>(&twice).is_err(),
            "a table twice is an error"
        );
        assert!(read_articles(&text.replace("[feeds.", "[other.")).is_none());
        assert!(read_articles(&text.replace("url = \"https://example.org/a/\"\n", "")).is_none());
    }

    /// Part `n` of a generated lock: its first lines, then article `n`.
    fn generated(n: usize) -> String {
        let mut text = String::new();
        if n == 0 {
            text.push_str(HEADER);
        } else {
            table("articles", &format!("articles/{n:08}.md"), &mut text);
            field("id", &format!("tag:example.org,2024:{n}"), &mut text);
            field("url", &format!("https://example.org/{n}/"), &mut text);
            field("published", "2024-01-01T00:00:00+00:00", &mut text);
            field("digest", &format!("d64:{n:016x}"), &mut text);
        }
        text
    }

    /// A lock of `count` articles made as it is read, that counts how many
    /// bytes were read from it.
    struct Generated {
        count: usize,
        next: usize,
        pending: Vec<u8>,
        read: std::rc::Rc<std::cell::Cell<usize>>,
    }

    impl Read for Generated {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.pending.is_empty() && self.next <= self.count {
                self.pending = generated(self.next).into_bytes();
                self.next += 1;
            }
            let n = buf.len().min(self.pending.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            self.read.set(self.read.get() + n);
            Ok(n)
        }
    }

    #[test]
    fn a_large_lock_is_read_as_a_stream() {
        let count = 20_000;
        // Where each part ends in the lock.
        let ends: Vec<usize> = (0..=count + 1)
            .scan(0, |end, n| {
                *end += if n <= count { generated(n).len() } else { 0 };
                Some(*end)
            })
            .collect();
        let read = std::rc::Rc::new(std::cell::Cell::new(0));
        let source = Generated {
            count,
            next: 0,
            pending: Vec::new(),
            read: read.clone(),
        };
        // Each article is handed on as soon as the line after it is read
        // (the next table's header): what was read runs ahead of it by at
        // most one buffer, not by the lock.
        let capacity = 8 * 1024;
        let mut seen = 0;
        let head = read_written(BufReader::with_capacity(capacity, source), &mut |entry| {
            seen += 1;
            let n: usize = entry.key["articles/".len()..][..8].parse().unwrap();
            assert_eq!(n, seen, "in order, each once");
            assert!(
                read.get() <= ends[seen + 1] + capacity,
                "article {seen} was handed on after {} bytes were read, {} past it",
                read.get(),
                read.get() - ends[seen]
            );
            true
        })
        .unwrap()
        .unwrap();
        assert_eq!(head.version.0, 1);
        assert_eq!(seen, count);
        assert_eq!(read.get(), ends[count], "the whole lock was read");
        assert!(ends[count] > 100 * capacity);
    }
}
