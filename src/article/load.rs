//! Finding article files and loading them, in parallel, in a stable order.
//!
//! Every `*.txt`, `*.md` and `*.markdown` file under the articles folder is
//! an article.
//! Names starting with `.` or `_` are skipped (drafts folders, editor
//! files), other files are ignored. Folders are walked in sorted order and
//! files parsed in parallel; results keep the sorted order, so output never
//! depends on scheduling.
//!
//! Symbolic links are never followed: one that points inside the folder is
//! skipped (its target is loaded under its own name), one that points
//! outside, or nowhere, is an error. So nothing outside the folder is ever
//! published and a link loop cannot hang a build.

use super::{Article, FileFacts, History, Tag, Unparsed, decode, parse_or_defer};
use crate::config::{Config, Future};
use crate::dates::{self, Implausible};
use crate::diagnostic::Diagnostic;
use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, mpsc};
use std::thread;

/// Hears how far loading has come, for a progress bar. The library never
/// draws anything itself.
pub trait Progress: Sync {
    /// Loading starts; how many files there are is not known yet (the folder
    /// is walked while files are read).
    fn start(&self) {}
    /// This many more files were read and checked.
    fn advance(&self, _count: usize) {}
    /// Loading is over.
    fn finish(&self) {}
}

/// A [`Progress`] that ignores everything.
pub struct Quiet;

impl Progress for Quiet {}

/// An article file's path as a listing keeps it: one allocation of exactly
/// its length (a `PathBuf` from a folder walk has room to grow, often half
/// as much again). It reads as a [`Path`] wherever one is asked for.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ArticlePath(Box<Path>);

impl ArticlePath {
    /// The path.
    pub(crate) fn as_path(&self) -> &Path {
        &self.0
    }
}

impl From<PathBuf> for ArticlePath {
    fn from(path: PathBuf) -> ArticlePath {
        ArticlePath(path.into_boxed_path())
    }
}

impl std::ops::Deref for ArticlePath {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for ArticlePath {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for ArticlePath {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl std::borrow::Borrow<Path> for ArticlePath {
    fn borrow(&self) -> &Path {
        &self.0
    }
}

impl PartialEq<PathBuf> for ArticlePath {
    fn eq(&self, other: &PathBuf) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<ArticlePath> for PathBuf {
    fn eq(&self, other: &ArticlePath) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Path> for ArticlePath {
    fn eq(&self, other: &Path) -> bool {
        *self.0 == *other
    }
}

/// Printed as its path is (`"articles/a.md"`), so that what hashes a
/// listing's debug form hashes what it did when the path was a `PathBuf`.
impl std::fmt::Debug for ArticlePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

/// The empty section (an article at the top of the articles folder), shared.
static NO_SECTION: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from(""));

/// What few articles have, kept apart so that the others pay one pointer
/// for all of it (see [`Listing::rare`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rare {
    /// Its enclosure's URL and type, if it has one (a podcast needs one,
    /// and its pre-flight looks at both).
    pub(crate) enclosure: Option<[Box<str>; 2]>,
    /// The local media files it publishes, for the checks made before any
    /// file is rendered.
    pub(crate) media: Box<[crate::media::Local]>,
    /// The media files byline writes for it (an episode's chapters file
    /// made from its list): where each goes, and its bytes.
    pub(crate) written: Box<[(String, Vec<u8>)]>,
}

/// What feed selection needs of one article, kept for every article of the
/// site. The full [`Article`] is made again only for the articles a feed
/// publishes, so a site of 100,000 articles holds 100,000 small listings;
/// at a million, every byte of one is a megabyte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Listing {
    /// The file, for reading it again and for diagnostics.
    pub(crate) path: ArticlePath,
    /// The slug: with the path, the tie-break between equal dates.
    pub(crate) slug: Box<str>,
    /// When it was published.
    pub(crate) published: DateTime<FixedOffset>,
    /// The slug of its URL, where it differs (see [`Article::url_slug`]).
    pub(crate) url_slug: Option<Box<str>>,
    /// The URL path another generator's key sets (see [`Article::address`]).
    pub(crate) address: Option<Box<str>>,
    /// Its folder below the articles folder (see [`Article::section`]),
    /// one allocation per folder that every listing in it shares.
    pub(crate) section: Arc<str>,
    /// Its tags, as indices into [`Index::tags`], then its authors (the
    /// site's when it names none), as indices into [`Index::authors`], in
    /// one allocation (see [`Listing::tags`] and [`Listing::authors`]).
    numbers: Box<[u32]>,
    /// How many of `numbers` are tags.
    tag_count: u32,
    /// Its own language, where it differs from the site's, as an index
    /// into [`Index::languages`]; `None` for the site's.
    pub(crate) language: Option<u32>,
    /// Its id, when the front matter sets one (the others derive from the
    /// slug), when two derived ids meet, or when `byline.lock` recorded one.
    pub(crate) id: Option<Box<str>>,
    /// Returns true if and only if `id` is the front matter's, which wins
    /// over the one `byline.lock` recorded.
    pub(crate) id_written: bool,
    /// When it last changed significantly, corrections counted.
    pub(crate) updated: Option<DateTime<FixedOffset>>,
    /// The digest of what readers see of it (see [`super::Parsed::digest`]).
    pub(crate) digest: u64,
    /// What the load stage learned about the file from outside it, for
    /// parsing it again the same way, without reading anything but it.
    pub(crate) facts: FileFacts,
    /// The hash of its front-matter block, to tell that the file parsed
    /// again is the one loaded ([`crate::article::Parsed::front_matter_hash`]).
    pub(crate) front_matter: u64,
    /// A digest of its whole text, when a feed of the site is archived
    /// (else 0): what an archive page holds, to tell it unchanged.
    pub(crate) text: u64,
    /// Its enclosure and media files, if it has any.
    pub(crate) rare: Option<Box<Rare>>,
    /// The size in bytes of the summary its front matter gives (0 when it
    /// gives none), for the podcast pre-flight's limit on a description.
    pub(crate) summary_bytes: u32,
}

impl Listing {
    /// Its tags, as indices into [`Index::tags`].
    pub(crate) fn tags(&self) -> &[u32] {
        &self.numbers[..self.tag_count as usize]
    }

    /// Its authors (the site's when it names none), as indices into
    /// [`Index::authors`].
    pub(crate) fn authors(&self) -> &[u32] {
        &self.numbers[self.tag_count as usize..]
    }

    /// Its enclosure's URL and type, if it has one.
    pub(crate) fn enclosure(&self) -> Option<&[Box<str>; 2]> {
        self.rare.as_ref()?.enclosure.as_ref()
    }

    /// The local media files it publishes.
    pub(crate) fn media(&self) -> &[crate::media::Local] {
        self.rare.as_ref().map_or(&[], |rare| &rare.media)
    }

    /// The media files byline writes for it.
    pub(crate) fn written(&self) -> &[(String, Vec<u8>)] {
        self.rare.as_ref().map_or(&[], |rare| &rare.written)
    }
}

/// Every published article of a site, as listings, with the tags in use.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// The listings, in path order.
    pub(crate) listings: Vec<Listing>,
    /// Every tag in use, each under the name its first article gave it.
    pub(crate) tags: Vec<Tag>,
    /// Every author of a listed article, by the slug of their name, each
    /// under the name its first article gave it.
    pub(crate) authors: Vec<Tag>,
    /// Every language an article sets apart from the site's, by its tag in
    /// lowercase (the slug), as its first article wrote it (the name).
    pub(crate) languages: Vec<Tag>,
    /// Every section in use, each shared by the listings in it.
    sections: std::collections::HashSet<Arc<str>>,
    /// How many drafts were checked and left out.
    pub(crate) drafts: usize,
    /// How many articles were held back until their date.
    pub(crate) held: usize,
    /// The held article that falls due first, and when (the first in path
    /// order among equal dates).
    pub(crate) next_held: Option<(PathBuf, DateTime<FixedOffset>)>,
    /// The held articles, in path order, without their tags: `byline.lock`
    /// records them before they fall due, so that the build that publishes
    /// them need not change it.
    pub(crate) held_listings: Vec<Listing>,
    /// How many articles were checked and kept out of feeds (`feeds = false`).
    pub(crate) kept_out: usize,
    tag_numbers: HashMap<String, u32>,
    author_numbers: HashMap<String, u32>,
    language_numbers: HashMap<String, u32>,
}

impl Index {
    /// Adds a checked article: a draft is only counted.
    pub(crate) fn add(&mut self, parsed: super::Parsed<'_>) {
        let digest = parsed.digest();
        let mut reduced = Reduced::from(parsed.article);
        reduced.listing.digest = digest;
        reduced.listing.front_matter = parsed.front_matter_hash;
        reduced.listing.facts.media = parsed.probed;
        self.add_reduced(reduced);
    }

    /// Adds an article already reduced to its listing.
    fn add_reduced(&mut self, reduced: Reduced) {
        if reduced.draft {
            self.drafts += 1;
            return;
        }
        if reduced.held {
            self.held += 1;
            let due = reduced.listing.published;
            if self.next_held.as_ref().is_none_or(|(_, next)| due < *next) {
                self.next_held = Some((reduced.listing.path.to_path_buf(), due));
            }
            let mut listing = reduced.listing;
            listing.section = self.section(section_of(&reduced.tags));
            self.held_listings.push(listing);
            return;
        }
        if reduced.kept_out {
            self.kept_out += 1;
            return;
        }
        let section = self.section(section_of(&reduced.tags));
        let mut numbers: Vec<u32> =
            Vec::with_capacity(pairs(&reduced.tags).count() + pairs(&reduced.authors).count());
        numbers.extend(
            pairs(&reduced.tags)
                .map(|(slug, name)| number(&mut self.tag_numbers, &mut self.tags, slug, name)),
        );
        let tag_count = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
        numbers.extend(
            pairs(&reduced.authors).map(|(slug, name)| {
                number(&mut self.author_numbers, &mut self.authors, slug, name)
            }),
        );
        let language = reduced.language.as_deref().map(|name| {
            let slug = name.to_ascii_lowercase();
            number(&mut self.language_numbers, &mut self.languages, &slug, name)
        });
        let mut listing = reduced.listing;
        listing.section = section;
        listing.numbers = numbers.into_boxed_slice();
        listing.tag_count = tag_count;
        listing.language = language;
        self.listings.push(listing);
    }

    /// The shared section `name`.
    fn section(&mut self, name: &str) -> Arc<str> {
        if name.is_empty() {
            return NO_SECTION.clone();
        }
        if let Some(section) = self.sections.get(name) {
            return section.clone();
        }
        let section: Arc<str> = Arc::from(name);
        self.sections.insert(section.clone());
        section
    }

    /// Returns true if and only if `parsed` is what `listing` was made of:
    /// its front matter, all that feed selection depends on besides the
    /// file's name and the facts kept in the listing, did not change
    /// between loading and rendering.
    pub(crate) fn still_matches(listing: &Listing, parsed: &super::Parsed<'_>) -> bool {
        listing.front_matter == parsed.front_matter_hash
    }
}

/// The number of the value `slug` in `values`, added under `name` if it
/// is new.
fn number(
    numbers: &mut HashMap<String, u32>,
    values: &mut Vec<Tag>,
    slug: &str,
    name: &str,
) -> u32 {
    if let Some(&number) = numbers.get(slug) {
        return number;
    }
    let number = u32::try_from(values.len()).unwrap_or(u32::MAX);
    numbers.insert(slug.to_owned(), number);
    values.push(Tag {
        name: name.to_owned(),
        slug: slug.to_owned(),
    });
    number
}

/// An article reduced to what the index keeps. It is made on the thread
/// that parsed the article, so that the rest of the article is freed where
/// it was allocated: freeing across threads is slow in most allocators.
#[derive(Debug)]
struct Reduced {
    /// The listing, without its tag numbers.
    listing: Listing,
    /// The section, then the tags, to be shared and numbered by the index,
    /// packed into one allocation as `section NUL slug NUL name NUL …` (a
    /// published tag or folder name holds no NUL): the thread that numbers
    /// them frees one block, not a string per tag, and cross-thread frees
    /// are what make threads wait on the allocator.
    tags: Box<str>,
    /// The authors' (slug, name) pairs, packed as the tags are.
    authors: Box<str>,
    /// Its own language, where it differs from the site's.
    language: Option<Box<str>>,
    draft: bool,
    /// Dated after the clock, with `future = "hold"`: counted, not listed.
    held: bool,
    /// `feeds = false`: checked, counted, not listed.
    kept_out: bool,
}

/// The section [`Reduced::tags`] starts with.
fn section_of(packed: &str) -> &str {
    packed.split('\0').next().unwrap_or("")
}

/// Packed (slug, name) pairs, as [`pack`] makes them, after the section
/// [`Reduced::tags`] starts with.
fn pairs(packed: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut parts = packed.split_terminator('\0');
    parts.next();
    std::iter::from_fn(move || Some((parts.next()?, parts.next()?)))
}

/// A section (the authors' pack has none: empty) and (slug, name) pairs, as
/// [`Reduced::tags`] keeps them.
fn pack<'a>(section: &str, pairs: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> Box<str> {
    let length = section.len()
        + 1
        + pairs
            .clone()
            .map(|(s, n)| s.len() + n.len() + 2)
            .sum::<usize>();
    let mut packed = String::with_capacity(length);
    packed.push_str(section);
    packed.push('\0');
    for (slug, name) in pairs {
        packed.push_str(slug);
        packed.push('\0');
        packed.push_str(name);
        packed.push('\0');
    }
    packed.into_boxed_str()
}

impl From<Article> for Reduced {
    fn from(article: Article) -> Reduced {
        let author_slugs: Vec<String> = article
            .authors
            .iter()
            .map(|person| super::slugify(&person.name))
            .collect();
        let authors = pack(
            "",
            author_slugs
                .iter()
                .zip(article.authors.iter())
                .filter(|(slug, _)| !slug.is_empty())
                .map(|(slug, person)| (slug.as_str(), person.name.as_str())),
        );
        let media: Box<[crate::media::Local]> = article.media.local_files().cloned().collect();
        let written: Box<[(String, Vec<u8>)]> = article.media.written_files().cloned().collect();
        let enclosure = article
            .media
            .enclosure
            .as_ref()
            .map(|e| [e.url.as_str().into(), e.mime.as_str().into()]);
        let rare = (enclosure.is_some() || !media.is_empty() || !written.is_empty()).then(|| {
            Box::new(Rare {
                enclosure,
                media,
                written,
            })
        });
        Reduced {
            listing: Listing {
                path: article.path.into(),
                slug: article.slug.into_boxed_str(),
                published: article.published,
                url_slug: article.url_slug.map(String::into_boxed_str),
                address: article.address.map(String::into_boxed_str),
                section: NO_SECTION.clone(),
                numbers: Box::default(),
                tag_count: 0,
                id_written: article.set_id.is_some(),
                language: None,
                id: article.set_id.map(String::into_boxed_str),
                updated: article.updated,
                digest: 0,
                facts: FileFacts::default(),
                front_matter: 0,
                text: 0,
                rare,
                summary_bytes: article
                    .summary
                    .as_ref()
                    .map_or(0, |s| u32::try_from(s.len()).unwrap_or(u32::MAX)),
            },
            tags: pack(
                &article.section,
                article
                    .tags
                    .iter()
                    .map(|t| (t.slug.as_str(), t.name.as_str())),
            ),
            authors,
            language: article.language.map(String::into_boxed_str),
            draft: article.draft,
            held: false,
            kept_out: !article.in_feeds,
        }
    }
}

/// The published articles of a site, and every problem found on the way.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// The articles that parsed cleanly and are not drafts.
    pub(crate) index: Index,
    /// Every problem, in path order.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// What loading one file gives: the reduced article and its warnings, the
/// file's problems, or its path when it needs a date from git.
#[expect(
    clippy::large_enum_variant,
    reason = "nearly every file is `Loaded`: boxing it would allocate once more per article"
)]
enum Loading {
    Loaded(Reduced, Vec<Diagnostic>),
    Failed(Vec<Diagnostic>),
    NeedsGit(PathBuf),
}

impl Loading {
    /// Adds what loading one file gave to the index and the diagnostics.
    fn add_to(self, index: &mut Index, diagnostics: &mut Vec<Diagnostic>) {
        match self {
            Loading::Loaded(reduced, warnings) => {
                diagnostics.extend(warnings);
                index.add_reduced(reduced);
            }
            Loading::Failed(problems) => diagnostics.extend(problems),
            // Git was asked, and still gave no date (not reached).
            Loading::NeedsGit(path) => {
                diagnostics.push(Diagnostic::error(path, "the article has no date"));
            }
        }
    }
}

/// How many files are parsed at once: enough to keep every core busy,
/// few enough that their full articles never weigh much.
const CHUNK: usize = 1024;

/// Loads every article under the config's articles folder.
///
/// Three stages run at once, joined by bounded channels: a thread walks the
/// folder and hands over chunks of paths in their final order, a thread
/// has the chunks read and parsed in parallel, and this thread adds each
/// parsed chunk to the index. No stage waits for another to finish, and at
/// most a few chunks are in flight, so memory stays flat.
///
/// `Err` only when the folder itself cannot be read; problems with single
/// files are in [`Loaded::diagnostics`].
/// `now` (seconds since 1970) is the build's clock: it judges future dates
/// and, with `[build] future = "hold"`, holds articles back.
pub(crate) fn load(
    config: &Config,
    progress: &dyn Progress,
    now: i64,
) -> Result<Loaded, Diagnostic> {
    let root = &config.articles_dir;
    let canonical_root = fs::canonicalize(root).map_err(|e| {
        let problem = Diagnostic::error(root, format!("cannot read the articles folder: {e}"));
        if e.kind() == std::io::ErrorKind::NotFound {
            if let Some(near) = nearby_folder(root) {
                return problem.with_help(format!(
                    "did you mean `{near}`? set `articles` under [build] in {} to it",
                    config.path.display()
                ));
            }
            problem.with_help(format!(
                "the articles folder `{}` does not exist: create it, or set `articles` under \
                 [build] in {} to the folder your articles are in",
                root.display(),
                config.path.display()
            ))
        } else {
            problem
        }
    })?;
    // Git is asked only about the articles that need it.
    let git_failed = |message| {
        Diagnostic::error(root, message)
            .with_help("check that `git log` works in the articles folder")
    };
    let history =
        History::before_loading(root, config.site.updated_from_git).map_err(git_failed)?;
    let history = &history;
    // From the first article that needs git on, results wait for it, so
    // that the index is still made in path order.
    let mut waiting: Vec<Loading> = Vec::new();
    let (paths_out, paths_in) = mpsc::sync_channel::<Vec<PathBuf>>(2);
    let (parsed_out, parsed_in) = mpsc::sync_channel::<Vec<Loading>>(2);
    let mut index = Index::default();
    let mut diagnostics = Vec::new();
    progress.start();
    let walk_problems = thread::scope(|scope| {
        let walker = scope.spawn(move || {
            let mut problems = Vec::new();
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut found = |path| {
                chunk.push(path);
                if chunk.len() == CHUNK {
                    // A closed channel means loading stopped; nothing to do.
                    let _ =
                        paths_out.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
                }
            };
            let dialect = config.site.front_matter;
            walk(root, &canonical_root, dialect, &mut found, &mut problems);
            if !chunk.is_empty() {
                let _ = paths_out.send(chunk);
            }
            problems
        });
        let parser = scope.spawn(move || {
            for chunk in paths_in {
                let parsed: Vec<Loading> = chunk
                    .into_par_iter()
                    .map(|path| load_one(path, config, history, now))
                    .collect();
                if parsed_out.send(parsed).is_err() {
                    break;
                }
            }
        });
        for chunk in parsed_in {
            progress.advance(chunk.len());
            for result in chunk {
                if waiting.is_empty() && !matches!(result, Loading::NeedsGit(_)) {
                    result.add_to(&mut index, &mut diagnostics);
                } else {
                    waiting.push(result);
                }
            }
        }
        parser
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        walker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    if !waiting.is_empty() {
        let asked: Vec<PathBuf> = waiting
            .iter()
            .filter_map(|result| match result {
                Loading::NeedsGit(path) => Some(relative(path, root).to_path_buf()),
                _ => None,
            })
            .collect();
        let history = History::of_paths(root, &asked).map_err(git_failed)?;
        let loaded: Vec<Loading> = waiting
            .into_par_iter()
            .map(|result| match result {
                Loading::NeedsGit(path) => load_one(path, config, &history, now),
                done => done,
            })
            .collect();
        for result in loaded {
            result.add_to(&mut index, &mut diagnostics);
        }
    }
    progress.finish();
    diagnostics.extend(walk_problems);
    diagnostics.extend(duplicates(&mut index, &config.site));
    Ok(Loaded { index, diagnostics })
}

/// Reads, parses and reduces one article file, on the thread that parses it.
/// `path` is the walker's: kept in the listing rather than copied, since
/// freeing it here would take the walker's allocator lock.
fn load_one(path: PathBuf, config: &Config, history: &History, now: i64) -> Loading {
    let text = match read_text(&path, config.max_article_bytes) {
        Ok(text) => text,
        Err(problem) => return Loading::Failed(vec![problem]),
    };
    let (text, dropped) = publishable_text(&path, text, &config.site);
    // Facts from outside the file are gathered here, once, and kept in
    // the listing for when the article is parsed again.
    let mut facts = FileFacts {
        git: history.facts_at(&path, &config.articles_dir),
        media: Vec::new(),
    };
    let parsed = match parse_or_defer(&path, &text, &facts, &config.site) {
        Ok(parsed) => parsed,
        Err(Unparsed::Problems(problems)) => return Loading::Failed(problems),
        Err(Unparsed::NeedsGit) => return Loading::NeedsGit(path),
    };
    let digest = parsed.digest();
    facts.media = parsed.probed;
    let front_matter = parsed.front_matter_hash;
    let mut warnings = dropped;
    warnings.extend(parsed.warnings);
    let mut article = parsed.article;
    // An article whose expiry date (Hugo's `expiryDate`) has passed is a
    // draft again.
    article.draft |= article.expires.is_some_and(|e| e.timestamp() <= now);
    let held =
        !article.draft && config.future == Future::Hold && article.published.timestamp() > now;
    if !article.draft && !held {
        warnings.extend(implausible_date(&article, now));
        warnings.extend(future_note(&article, now));
    }
    let mut reduced = Reduced::from(article);
    reduced.held = held;
    reduced.listing.facts = facts;
    reduced.listing.front_matter = front_matter;
    reduced.listing.digest = digest;
    if config.feeds.iter().any(|spec| spec.archive.is_some()) {
        reduced.listing.text = text_digest(&text);
    }
    reduced.listing.path = path.into();
    Loading::Loaded(reduced, warnings)
}

/// A digest of an article's text. Only ever compared with one made by the
/// same byline (see `publish`'s archive pages), so the standard library's
/// fast hash does.
fn text_digest(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// `path` relative to the articles folder `root`, as git names it.
fn relative<'p>(path: &'p Path, root: &Path) -> &'p Path {
    path.strip_prefix(root).unwrap_or(path)
}

/// The warning for an article dated in the future (see
/// [`dates::FUTURE_TOLERANCE`]) or before 1990, both of
/// which the W3C validator calls implausible (`ImplausibleDate`).
///
/// Such an article is published all the same: whether a feed lists an
/// article must not depend on when the build runs, or the same input would
/// give different feeds. A future date is more often a typo than a plan;
/// `draft = true` holds an article back until it is due.
fn implausible_date(article: &Article, now: i64) -> Option<Diagnostic> {
    let date = article.published.to_rfc3339();
    let (message, help) = match dates::implausible(article.published.timestamp(), now)? {
        Implausible::Future => (
            format!("the date {date} is in the future; the article is published all the same"),
            "fix the date, or set `draft = true` until the article is due",
        ),
        Implausible::TooOld => (
            format!("the date {date} is before 1990, which feed validators call implausible"),
            "check the date",
        ),
    };
    Some(
        Diagnostic::warning(&article.path, message)
            .with_help(help)
            .rule(crate::rule::Rule::ImplausibleDate),
    )
}

/// A correction or a retraction dated after `now`: its date is the item's
/// update date, which readers would show as yet to come.
fn future_note(article: &Article, now: i64) -> Option<Diagnostic> {
    let (key, note) = article
        .corrections
        .iter()
        .map(|note| ("corrections", note))
        .chain(article.retracted.iter().map(|note| ("retracted", note)))
        .filter(|(_, note)| {
            dates::implausible(note.date.timestamp(), now) == Some(Implausible::Future)
        })
        .max_by_key(|(_, note)| note.date)?;
    Some(
        Diagnostic::warning(
            &article.path,
            format!(
                "the date {} of a `{key}` entry is in the future, and so is the update date readers are shown",
                note.date.to_rfc3339()
            ),
        )
        .with_help("fix the date: a note is dated when it was made")
        .rule(crate::rule::Rule::ImplausibleDate),
    )
}

/// A folder beside the missing `root` whose name is a likely typo of its
/// own (`artciles` → `articles`), as the config would name it.
fn nearby_folder(root: &Path) -> Option<String> {
    let name = root.file_name()?.to_str()?;
    let parent = root.parent().filter(|p| !p.as_os_str().is_empty());
    let entries = fs::read_dir(parent.unwrap_or(Path::new("."))).ok()?;
    let folders: Vec<String> = entries
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    let best = crate::diagnostic::did_you_mean(name, folders.iter().map(String::as_str))?;
    Some(match parent {
        Some(parent) => parent.join(best).to_string_lossy().into_owned(),
        None => best.to_owned(),
    })
}

/// Returns true if and only if `c` cannot be published in a feed (XML 1.0
/// forbids it) or makes the W3C validator warn (`BadCharacters`: C1
/// controls, and U+FFFD, the mark of a decoding that went wrong).
fn is_unpublishable(c: char) -> bool {
    crate::plain::is_forbidden_in_xml(c) || matches!(c, '\u{80}'..='\u{9f}' | '\u{fffd}')
}

/// An article's text as it is parsed: in another generator's dialect, the
/// characters a feed cannot carry (a form feed pasted from a PDF) are
/// dropped, each with a warning at its line, since the generator publishes
/// the post. byline's own articles keep them, and their parse
/// refuses them: there the author can fix the file.
///
/// In the Jekyll dialect, the Liquid that stands for something byline
/// knows is what it stands for (see [`jekyll_liquid`]).
///
/// Dropping a character never moves a line, so every later position
/// is still the file's.
pub(crate) fn publishable_text(
    path: &Path,
    text: String,
    site: &crate::config::Site,
) -> (String, Vec<Diagnostic>) {
    let dialect = site.front_matter;
    let text = match dialect {
        crate::config::Dialect::Jekyll => jekyll_liquid(text, site),
        _ => text,
    };
    if dialect == crate::config::Dialect::Byline || !text.chars().any(is_unpublishable) {
        return (text, Vec::new());
    }
    let warnings = text
        .char_indices()
        .filter(|&(_, c)| is_unpublishable(c))
        .map(|(offset, c)| {
            Diagnostic::warning(
                path,
                format!(
                    "the character U+{:04X} cannot be published in a feed, and is left out",
                    u32::from(c)
                ),
            )
            .at_offset(&text, offset)
            .with_help("delete it from the file: feeds and their validators refuse it")
            .rule(crate::rule::Rule::DroppedCharacter)
        })
        .collect();
    let kept = text.chars().filter(|&c| !is_unpublishable(c)).collect();
    (kept, warnings)
}

/// Jekyll's Liquid where byline knows what it stands for: a
/// line `{% highlight xml %}` opens a code block (```` ```xml ````) that
/// `{% endhighlight %}` closes, so the code inside is kept as code, not
/// read as markup; `{{ site.url }}` and `{{ site.baseurl }}` are the site's
/// address and its path. Each is replaced on its own line, so no line
/// moves. Other tags stay as they are, and are warned about.
fn jekyll_liquid(text: String, site: &crate::config::Site) -> String {
    if !crate::syntax::may_hold_template_tag(&text) {
        return text;
    }
    let origin = site.base_url.origin().ascii_serialization();
    let base_path = site.base_url.path().trim_end_matches('/');
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let trimmed = body.trim();
        let tag = trimmed
            .strip_prefix("{%")
            .and_then(|t| t.strip_suffix("%}"))
            .map(|t| t.trim_matches('-').split_whitespace().collect::<Vec<_>>());
        match tag.as_deref() {
            Some(["highlight", language, ..]) => {
                out.push_str("```");
                out.push_str(language);
            }
            Some(["highlight"] | ["endhighlight"]) => out.push_str("```"),
            _ => {
                let mut rest = body;
                while let Some(start) = rest.find("{{") {
                    let Some(end) = rest[start..].find("}}") else {
                        break;
                    };
                    let name = rest[start + 2..start + end].trim();
                    out.push_str(&rest[..start]);
                    match name {
                        "site.url" => out.push_str(&origin),
                        "site.baseurl" => out.push_str(base_path),
                        _ => out.push_str(&rest[start..start + end + 2]),
                    }
                    rest = &rest[start + end + 2..];
                }
                out.push_str(rest);
            }
        }
        out.push_str(ending);
    }
    out
}

/// The bytes first read of an article file: more than most articles hold.
const READ_BUFFER: usize = 16 * 1024;

/// Reads a file as article text, refusing one over `limit` bytes.
pub(crate) fn read_text(path: &Path, limit: u64) -> Result<String, Diagnostic> {
    let cannot_read =
        |e: std::io::Error| Diagnostic::error(path, format!("cannot read the file: {e}"));
    let file = fs::File::open(path).map_err(cannot_read)?;
    // Room for most articles in one read, without asking the file's size:
    // a `statx` per file cost a build 3% of its time. A longer file grows
    // the buffer as it is read.
    let mut bytes = Vec::with_capacity(READ_BUFFER);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > limit {
        return Err(Diagnostic::error(
            path,
            format!("the file is larger than the limit of {limit} bytes"),
        )
        .with_help("split the article, or raise `max_article_bytes` under [build] in the config"));
    }
    decode(path, bytes)
}

/// Hands over the article files under `dir` in sorted order (depth first,
/// so the order is final as it goes), reporting unreadable
/// folders and symbolic links that leave the folder. A link is never
/// followed.
///
/// Each folder's names are sorted as bytes, once, as they are read: a
/// walker that sorts paths compares them component by component, which
/// cost a build of 100,000 articles 3% of its time.
fn walk(
    dir: &Path,
    root: &Path,
    dialect: crate::config::Dialect,
    found: &mut dyn FnMut(PathBuf),
    problems: &mut Vec<Diagnostic>,
) {
    let mut path = dir.to_path_buf();
    walk_folder(&mut path, root, dialect, found, problems);
}

/// [`walk`] below the folder `path`, which it leaves as it found it. The
/// depth is bounded by the longest path the system opens (4,096 bytes on
/// Linux, so at most 2,048 folders deep).
fn walk_folder(
    path: &mut PathBuf,
    root: &Path,
    dialect: crate::config::Dialect,
    found: &mut dyn FnMut(PathBuf),
    problems: &mut Vec<Diagnostic>,
) {
    let cannot_read = |path: &Path, e: std::io::Error| {
        Diagnostic::error(path, format!("cannot read the folder: {e}"))
    };
    let entries = match fs::read_dir(&*path) {
        Ok(entries) => entries,
        Err(e) => return problems.push(cannot_read(path, e)),
    };
    let mut names: Vec<(std::ffi::OsString, fs::FileType)> = Vec::new();
    for entry in entries {
        match entry.and_then(|entry| Ok((entry.file_name(), entry.file_type()?))) {
            // Drafts folders and editor files.
            Ok((name, _)) if name.as_encoded_bytes().starts_with(b".") => {}
            Ok((name, _)) if name.as_encoded_bytes().starts_with(b"_") => {}
            Ok(named) => names.push(named),
            Err(e) => problems.push(cannot_read(path, e)),
        }
    }
    // A folder never holds one name twice.
    names.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    for (name, file_type) in names {
        path.push(name);
        if file_type.is_dir() {
            walk_folder(path, root, dialect, found, problems);
        } else if file_type.is_symlink() {
            match fs::canonicalize(&*path) {
                Ok(target) if target.starts_with(root) => {}
                Ok(target) => problems.push(
                    Diagnostic::error(
                        &*path,
                        format!(
                            "this symbolic link points outside the articles folder, to {}",
                            target.display()
                        ),
                    )
                    .with_help("copy the file into the articles folder instead"),
                ),
                Err(e) => problems.push(Diagnostic::error(
                    &*path,
                    format!("this symbolic link is broken or loops: {e}"),
                )),
            }
        } else if super::SourceFormat::in_dialect(path, dialect).is_some() {
            if file_type.is_file() {
                // A copy of exactly its length (the listing keeps it).
                found(path.clone());
            } else {
                // A FIFO or device would block or never end: never open one.
                problems.push(Diagnostic::error(
                    &*path,
                    "this is not a regular file (a pipe, socket or device)",
                ));
            }
        }
        path.pop();
    }
}

/// Two articles with one URL or one id: an error on each later one, naming
/// the first. One slug is fine where the URLs differ (`{year}/{slug}/` lets
/// a newsroom reuse `storm-warning` every year); what a reader sees must be
/// unique.
///
/// Where two derived ids meet but the URLs differ (one slug twice in a year
/// under `{year}/{month}/{day}/{slug}/`, or in two sections), the first in
/// path order keeps its id and each later one gets an id that holds what
/// tells the URLs apart: the full date, the section, or else the URL's
/// path. An id that is unique stays as it is. The ids given are
/// kept in the listing, as if the front matter set them.
///
/// Neither URLs nor derived ids are built for every article: an article's
/// URL is a function of its address, or its section, slug and the date
/// parts its pattern uses, and a derived id of its slug and year, so equal
/// keys mean equal URLs or ids. Sorting finds them without hashing 100,000
/// strings.
fn duplicates(index: &mut Index, site: &crate::config::Site) -> Vec<Diagnostic> {
    use chrono::Datelike;
    let mut problems = Vec::new();
    let url_key = |listing| url_key(listing, site);
    let mut given: Vec<(usize, String)> = Vec::new();
    {
        let listings = &index.listings;
        // Sorted by a hash of the key, not the key, so that a million
        // listings sort 16 bytes each, not 72; only equal hashes (nearly
        // always equal keys) compare keys. Groups of equal keys, each in
        // path order (the first is the lowest index), in key order.
        let mut groups: Vec<(UrlKey<'_>, Vec<usize>)> = Vec::new();
        {
            let mut by_url: Vec<(u64, usize)> = listings
                .par_iter()
                .enumerate()
                .map(|(i, l)| (hashed(&url_key(l)), i))
                .collect();
            by_url.par_sort_unstable();
            for run in by_url
                .chunk_by(|a, b| a.0 == b.0)
                .filter(|run| run.len() > 1)
            {
                let mut keyed: Vec<(UrlKey<'_>, usize)> = run
                    .iter()
                    .map(|&(_, i)| (url_key(&listings[i]), i))
                    .collect();
                keyed.sort_unstable();
                for same in keyed
                    .chunk_by(|a, b| a.0 == b.0)
                    .filter(|same| same.len() > 1)
                {
                    groups.push((same[0].0, same.iter().map(|&(_, i)| i).collect()));
                }
            }
        }
        groups.sort_unstable();
        for (_, run) in &groups {
            let first = &listings[run[0]];
            let url = url_of(first, site);
            for &i in &run[1..] {
                problems.push(
                    Diagnostic::error(
                        &listings[i].path,
                        format!("the URL {url} is also the URL of {}", first.path.display()),
                    )
                    .with_help("set a different `slug` in the front matter of one of them"),
                );
            }
        }
        // Derived ids (slug and year) that meet where the URLs differ. Only
        // possible where a URL holds more than the slug and the year: a
        // month, a day, a section, an address or a slug of its own.
        let (_, month, day) = site.article_url.date_parts();
        let may_differ = month
            || day
            || site.article_url.has_section()
            || listings
                .iter()
                .any(|l| l.address.is_some() || l.url_slug.is_some());
        // By a hash of (slug, year) likewise.
        let mut by_id: Vec<(u64, usize)> = if may_differ {
            listings
                .par_iter()
                .enumerate()
                .filter(|(_, l)| l.id.is_none())
                .map(|(i, l)| (hashed(&(&*l.slug, l.published.year())), i))
                .collect()
        } else {
            Vec::new()
        };
        by_id.par_sort_unstable();
        for run in by_id
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
        {
            let mut keyed: Vec<(&str, i32, usize)> = run
                .iter()
                .map(|&(_, i)| (&*listings[i].slug, listings[i].published.year(), i))
                .collect();
            keyed.sort_unstable();
            for same in keyed
                .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
                .filter(|same| same.len() > 1)
            {
                let first = &listings[same[0].2];
                for &(_, _, i) in &same[1..] {
                    let listing = &listings[i];
                    if url_key(listing) != url_key(first) {
                        given.push((i, distinct_id(listing, first, site)));
                    }
                }
            }
        }
    }
    for (i, id) in given {
        index.listings[i].id = Some(id.into_boxed_str());
    }
    let listings = &index.listings;

    let mut ids: HashMap<&str, &Path> = HashMap::new();
    for listing in listings {
        if let Some(id) = &listing.id {
            let first = *ids.entry(id).or_insert(listing.path.as_path());
            if first != listing.path.as_path() {
                problems.push(
                    Diagnostic::error(
                        &listing.path,
                        format!("the id `{id}` is also the id of {}", first.display()),
                    )
                    .with_help(
                        "set `id` (or a different `slug`) in the front matter of one of them",
                    ),
                );
            }
        }
    }
    // A set id may equal another article's derived one.
    if !ids.is_empty() {
        for listing in listings.iter().filter(|l| l.id.is_none()) {
            let derived = site.article_id(&listing.slug, listing.published.date_naive());
            if let Some(first) = ids.get(derived.as_str()) {
                problems.push(Diagnostic::error(
                    &listing.path,
                    format!("the id `{derived}` is also the id of {}", first.display()),
                ));
            }
        }
    }
    problems
}

/// A hash of `key`, for sorting: equal keys, equal hashes.
fn hashed(key: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(key)
}

/// What an article's URL is made of: equal keys, equal URLs.
type UrlKey<'a> = (Option<&'a str>, &'a str, &'a str, (i32, u32, u32));

fn url_key<'a>(listing: &'a Listing, site: &crate::config::Site) -> UrlKey<'a> {
    if let Some(address) = &listing.address {
        return (Some(address), "", "", (0, 0, 0));
    }
    let pattern = &site.article_url;
    (
        None,
        if pattern.has_section() {
            &listing.section
        } else {
            ""
        },
        listing.url_slug.as_deref().unwrap_or(&listing.slug),
        pattern.key(site.url_date(listing.published)),
    )
}

/// The URL of a listed article.
pub(crate) fn url_of(listing: &Listing, site: &crate::config::Site) -> url::Url {
    match &listing.address {
        Some(address) => site.output_url(address),
        None => site.permalink(
            listing.url_slug.as_deref().unwrap_or(&listing.slug),
            site.url_date(listing.published),
            &listing.section,
        ),
    }
}

/// An id for `listing`, whose derived id is `first`'s but whose URL is not:
/// `tag:host,2016-10-01:slug` when the days differ, with the section
/// (`tag:host,2024:inside/all-hands`) when the folders do, and else with
/// the URL's path.
pub(crate) fn distinct_id(
    listing: &Listing,
    first: &Listing,
    site: &crate::config::Site,
) -> String {
    let host = site.base_url.host_str().unwrap_or("localhost");
    let base = site.base_url.path().trim_start_matches('/');
    let (date, first_date) = (listing.published.date_naive(), first.published.date_naive());
    // The folder tells the URLs apart only where the pattern holds it.
    let by_section = listing.address.is_none()
        && site.article_url.has_section()
        && listing.section != first.section
        && !listing.section.is_empty();
    let when = if date == first_date || by_section {
        date.format("%Y").to_string()
    } else {
        date.format("%Y-%m-%d").to_string()
    };
    let encoded = |text: &str| {
        text.split('/')
            .filter(|part| !part.is_empty())
            .map(crate::links::encode_segment)
            .collect::<Vec<_>>()
            .join("/")
    };
    let name = if by_section {
        format!("{}/{}", encoded(&listing.section), encoded(&listing.slug))
    } else if date != first_date {
        encoded(&listing.slug)
    } else {
        let url = url_of(listing, site);
        encoded(url.path())
    };
    format!("tag:{host},{when}:{base}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_tags_unpack_as_they_were() {
        let tag = |name: &str, slug: &str| Tag {
            name: name.to_owned(),
            slug: slug.to_owned(),
        };
        let tags = [
            tag("Los Angeles", "los-angeles"),
            tag("Été", "été"),
            tag("a b\tc", "a-b-c"),
        ];
        let reduced = Reduced {
            listing: Listing {
                path: PathBuf::from("a.md").into(),
                slug: "a".into(),
                published: DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").unwrap(),
                url_slug: None,
                address: None,
                section: NO_SECTION.clone(),
                numbers: Box::default(),
                tag_count: 0,
                language: None,
                id: None,
                id_written: false,
                updated: None,
                digest: 0,
                facts: FileFacts::default(),
                front_matter: 0,
                text: 0,
                rare: None,
                summary_bytes: 0,
            },
            tags: pack("", tags.iter().map(|t| (t.slug.as_str(), t.name.as_str()))),
            authors: Box::default(),
            language: None,
            draft: false,
            held: false,
            kept_out: false,
        };
        let unpacked: Vec<(&str, &str)> = pairs(&reduced.tags).collect();
        assert_eq!(
            unpacked,
            [
                ("los-angeles", "Los Angeles"),
                ("été", "Été"),
                ("a-b-c", "a b\tc")
            ]
        );
        assert_eq!(pairs(&pack("", std::iter::empty())).count(), 0);
        let packed = pack("news/2024", std::iter::once(("a", "A")));
        assert_eq!(section_of(&packed), "news/2024");
        assert_eq!(pairs(&packed).collect::<Vec<_>>(), [("a", "A")]);
    }

    #[test]
    fn an_unreadable_file_is_an_error_with_its_path() {
        // Reading a folder fails like an unreadable file does, even as root.
        let dir = std::env::temp_dir();
        let error = read_text(&dir, 1024).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("{}: error: cannot read the file:", dir.display())),
            "{error}"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_without_reading_it_all() {
        let path = std::env::temp_dir().join(format!("byline-limit-{}.txt", std::process::id()));
        fs::write(&path, "Title\n\n0123456789").unwrap();
        let error = read_text(&path, 8).unwrap_err().to_string();
        assert!(
            error.contains("larger than the limit of 8 bytes"),
            "{error}"
        );
        assert!(read_text(&path, 64).is_ok());
        fs::remove_file(path).unwrap();
    }
}
