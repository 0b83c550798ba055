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

use super::history::GitFacts;
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
use std::sync::mpsc;
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

/// What few articles have, kept apart so that the others pay one pointer
/// for all of it (see [`Listing::rare`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    /// What byline read of the local media files it names (see
    /// [`FileFacts::media`]).
    probed: Vec<(PathBuf, crate::media::Probed)>,
    /// What git says of the file, when that holds dates.
    git: Option<GitFacts>,
    /// The slug of its URL, where it differs (see [`Article::url_slug`]).
    url_slug: Option<Box<str>>,
    /// The URL path another generator's key sets (see [`Article::address`]).
    address: Option<Box<str>>,
    /// Its id, when the front matter sets one (the others derive from the
    /// slug), when two derived ids meet, or when `byline.lock` recorded one.
    id: Option<Box<str>>,
    /// Its path below the articles folder, when [`Names`] cannot hold it
    /// (not UTF-8, or longer than 65,535 bytes).
    path: Option<PathBuf>,
    /// Its slug, when [`Names`] cannot hold it (longer than 65,535 bytes).
    slug: Option<Box<str>>,
}

/// [`GitFacts`] without its dates, which [`Rare::git`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Git {
    Outside,
    Unread,
    Shallow,
    Uncommitted,
    Dated,
}

/// A listing's number for "the site's language".
const SITE_LANGUAGE: u32 = u32::MAX;

/// What feed selection needs of one article, kept for every article of the
/// site. The full [`Article`] is made again only for the articles a feed
/// publishes, so a site of 100,000 articles holds 100,000 small listings;
/// at a million, every byte of one is a megabyte.
///
/// Its path, slug and numbers are in its index's [`Names`], one buffer
/// for every listing, so that no listing allocates anything of its own
/// (the allocations' own overhead was a third of the index): read them
/// through a [`Listed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Listing {
    /// Where its path starts in [`Names::bytes`].
    at: u32,
    /// Where its tag and author numbers start in [`Names::numbers`].
    numbers_at: u32,
    /// The length of its path (0 when [`Rare::path`] holds it).
    path_len: u16,
    /// Where its slug starts, from `at`: in its path, or right after it.
    slug_start: u16,
    /// The length of its slug (0 when [`Rare::slug`] holds it).
    slug_len: u16,
    /// How many tags it has.
    tag_count: u16,
    /// How many authors it has (the site's when it names none).
    author_count: u16,
    /// Its folder below the articles folder (see [`Article::section`]),
    /// as an index into [`Names::sections`].
    section: u32,
    /// Its own language, where it differs from the site's, as an index
    /// into [`Index::languages`]; [`SITE_LANGUAGE`] for the site's.
    language: u32,
    /// The size in bytes of the summary its front matter gives (0 when it
    /// gives none), for the podcast pre-flight's limit on a description.
    pub(crate) summary_bytes: u32,
    /// Returns true if and only if its id is the front matter's, which
    /// wins over the one `byline.lock` recorded.
    pub(crate) id_written: bool,
    /// What git says of the file, but its dates.
    git: Git,
    /// When it was published.
    pub(crate) published: DateTime<FixedOffset>,
    /// When it last changed significantly, corrections counted.
    pub(crate) updated: Option<DateTime<FixedOffset>>,
    /// The digest of what readers see of it (see [`super::Parsed::digest`]).
    pub(crate) digest: u64,
    /// The hash of its front-matter block, to tell that the file parsed
    /// again is the one loaded ([`crate::article::Parsed::front_matter_hash`]).
    pub(crate) front_matter: u64,
    /// A digest of its whole text, when a feed of the site is archived
    /// (else 0): what an archive page holds, to tell it unchanged.
    pub(crate) text: u64,
    /// What few articles have, if it has any of it.
    rare: Option<Box<Rare>>,
}

impl Listing {
    /// Its rare facts, made if it has none yet.
    fn rare_mut(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }

    /// Its id, when it is not the derived one (see [`Rare::id`]).
    pub(crate) fn id(&self) -> Option<&str> {
        self.rare.as_ref()?.id.as_deref()
    }

    /// Gives it the id `id`, or the derived one (`None`).
    pub(crate) fn set_id(&mut self, id: Option<Box<str>>) {
        if id.is_some() || self.id().is_some() {
            self.rare_mut().id = id;
        }
    }

    /// The slug of its URL, where it differs from its slug.
    pub(crate) fn url_slug(&self) -> Option<&str> {
        self.rare.as_ref()?.url_slug.as_deref()
    }

    /// The URL path another generator's key sets.
    pub(crate) fn address(&self) -> Option<&str> {
        self.rare.as_ref()?.address.as_deref()
    }

    /// Its own language, where it differs from the site's, as an index
    /// into [`Index::languages`].
    pub(crate) fn language(&self) -> Option<u32> {
        (self.language != SITE_LANGUAGE).then_some(self.language)
    }

    /// What git says about the file.
    pub(crate) fn git(&self) -> GitFacts {
        match self.git {
            Git::Outside => GitFacts::NotInGit,
            Git::Unread => GitFacts::Unread,
            Git::Shallow => GitFacts::Shallow,
            Git::Uncommitted => GitFacts::Uncommitted,
            Git::Dated => self
                .rare
                .as_ref()
                .and_then(|rare| rare.git)
                .unwrap_or_default(),
        }
    }

    /// What the load stage learned about the file from outside it, for
    /// parsing it again the same way, without reading anything but it.
    pub(crate) fn facts(&self) -> FileFacts {
        FileFacts {
            git: self.git(),
            media: self
                .rare
                .as_ref()
                .map_or_else(Vec::new, |rare| rare.probed.clone()),
        }
    }

    /// Keeps `facts` in the listing.
    fn set_facts(&mut self, facts: FileFacts) {
        self.git = match facts.git {
            GitFacts::NotInGit => Git::Outside,
            GitFacts::Unread => Git::Unread,
            GitFacts::Shallow => Git::Shallow,
            GitFacts::Uncommitted => Git::Uncommitted,
            dated @ (GitFacts::Changed(_) | GitFacts::Committed { .. }) => {
                self.rare_mut().git = Some(dated);
                Git::Dated
            }
        };
        if !facts.media.is_empty() {
            self.rare_mut().probed = facts.media;
        }
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

/// The paths, slugs, sections and numbers of an index's listings, each
/// listing's in one place of a few buffers (see [`Listing`]).
#[derive(Debug)]
pub(crate) struct Names {
    /// The folder every path is relative to: the articles folder.
    root: PathBuf,
    /// Each listing's path below `root`, then its slug where the path
    /// does not hold it.
    bytes: String,
    /// Each listing's tag numbers, then its author numbers.
    numbers: Vec<u32>,
    /// Every section in use; the first is the empty one (the top of the
    /// articles folder).
    sections: Vec<Box<str>>,
}

impl Default for Names {
    fn default() -> Names {
        Names {
            root: PathBuf::new(),
            bytes: String::new(),
            numbers: Vec::new(),
            sections: vec![Box::default()],
        }
    }
}

impl Names {
    /// Keeps `path` and `slug` for `listing`, in the buffer or in its
    /// [`Rare`] where they do not fit; its numbers are the next ones pushed
    /// onto [`Names::numbers`].
    fn keep(&mut self, listing: &mut Listing, path: &Path, slug: &str) {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        listing.at = u32::try_from(self.bytes.len()).unwrap_or(u32::MAX);
        listing.numbers_at = u32::try_from(self.numbers.len()).unwrap_or(u32::MAX);
        // Past 4 GiB of names, what follows goes to the listings' `Rare`.
        let room = listing.at != u32::MAX;
        let fits = |length: usize| room && length <= usize::from(u16::MAX);
        let kept_path = match relative.to_str() {
            Some(text) if fits(text.len()) => {
                self.bytes.push_str(text);
                listing.path_len = text.len() as u16;
                text
            }
            _ => {
                listing.rare_mut().path = Some(relative.to_path_buf());
                ""
            }
        };
        // The path holds the slug nearly always (`2024-05-01-slug.md`,
        // `slug/index.md`): any place of it holds the same bytes. Most
        // often the file's name ends with it, which needs no search.
        let stem = kept_path
            .rfind('.')
            .map_or(kept_path, |dot| &kept_path[..dot]);
        let found = match stem.ends_with(slug) {
            true => Some(stem.len() - slug.len()),
            false => kept_path.rfind(slug),
        };
        match found {
            Some(found) if !slug.is_empty() => {
                listing.slug_start = found as u16;
                listing.slug_len = slug.len() as u16;
            }
            _ if fits(kept_path.len() + slug.len()) => {
                listing.slug_start = kept_path.len() as u16;
                listing.slug_len = slug.len() as u16;
                self.bytes.push_str(slug);
            }
            _ => listing.rare_mut().slug = Some(slug.into()),
        }
    }

    /// The part of the buffer `listing` starts at.
    fn from(&self, listing: &Listing) -> &str {
        self.bytes.get(listing.at as usize..).unwrap_or_default()
    }

    /// `listing`'s path below the articles folder.
    pub(crate) fn relative<'a>(&'a self, listing: &'a Listing) -> &'a Path {
        match listing.rare.as_ref().and_then(|rare| rare.path.as_deref()) {
            Some(path) => path,
            None => Path::new(&self.from(listing)[..usize::from(listing.path_len)]),
        }
    }

    /// `listing`'s path, for reading the file and for diagnostics.
    pub(crate) fn path(&self, listing: &Listing) -> PathBuf {
        self.root.join(self.relative(listing))
    }

    /// `listing`'s slug: with the path, the tie-break between equal dates.
    pub(crate) fn slug<'a>(&'a self, listing: &'a Listing) -> &'a str {
        match listing.rare.as_ref().and_then(|rare| rare.slug.as_deref()) {
            Some(slug) => slug,
            None => {
                let start = usize::from(listing.slug_start);
                &self.from(listing)[start..start + usize::from(listing.slug_len)]
            }
        }
    }

    /// `listing`'s folder below the articles folder (see
    /// [`Article::section`]).
    pub(crate) fn section(&self, listing: &Listing) -> &str {
        self.sections
            .get(listing.section as usize)
            .map_or("", |section| section)
    }

    /// `listing`'s tags, as indices into [`Index::tags`].
    pub(crate) fn tags(&self, listing: &Listing) -> &[u32] {
        let at = listing.numbers_at as usize;
        &self.numbers[at..at + usize::from(listing.tag_count)]
    }

    /// `listing`'s authors (the site's when it names none), as indices
    /// into [`Index::authors`].
    pub(crate) fn authors(&self, listing: &Listing) -> &[u32] {
        let at = listing.numbers_at as usize + usize::from(listing.tag_count);
        &self.numbers[at..at + usize::from(listing.author_count)]
    }

    /// `listing`, with these names to read its own through.
    pub(crate) fn of<'a>(&'a self, listing: &'a Listing) -> Listed<'a> {
        Listed {
            names: self,
            listing,
        }
    }
}

/// A listing with its index's [`Names`]: everything there is to read of it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Listed<'a> {
    names: &'a Names,
    listing: &'a Listing,
}

impl<'a> Listed<'a> {
    /// The listing itself.
    pub(crate) fn listing(self) -> &'a Listing {
        self.listing
    }

    /// The file, for reading it again and for diagnostics.
    pub(crate) fn path(self) -> PathBuf {
        self.names.path(self.listing)
    }

    /// The file's path below the articles folder.
    pub(crate) fn relative(self) -> &'a Path {
        self.names.relative(self.listing)
    }

    /// The slug: with the path, the tie-break between equal dates.
    pub(crate) fn slug(self) -> &'a str {
        self.names.slug(self.listing)
    }

    /// Its folder below the articles folder (see [`Article::section`]).
    pub(crate) fn section(self) -> &'a str {
        self.names.section(self.listing)
    }

    /// Its tags, as indices into [`Index::tags`].
    pub(crate) fn tags(self) -> &'a [u32] {
        self.names.tags(self.listing)
    }

    /// Its authors (the site's when it names none), as indices into
    /// [`Index::authors`].
    pub(crate) fn authors(self) -> &'a [u32] {
        self.names.authors(self.listing)
    }

    /// The slug of its URL: its own, else its slug.
    pub(crate) fn url_slug(self) -> &'a str {
        match self.listing.url_slug() {
            Some(slug) => slug,
            None => self.slug(),
        }
    }
}

impl std::ops::Deref for Listed<'_> {
    type Target = Listing;
    fn deref(&self) -> &Listing {
        self.listing
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
    /// The listings' paths, slugs, sections and numbers.
    pub(crate) names: Names,
    /// Every section in use, by name, as its number in [`Names::sections`].
    section_numbers: HashMap<Box<str>, u32>,
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
    /// An empty index of the articles under `root`.
    fn of_folder(root: &Path) -> Index {
        let mut index = Index::default();
        index.names.root = root.to_path_buf();
        index
    }

    /// Listing `i`, with the names to read it through.
    pub(crate) fn listed(&self, i: usize) -> Listed<'_> {
        self.names.of(&self.listings[i])
    }

    /// Held listing `i`, with the names to read it through.
    pub(crate) fn held(&self, i: usize) -> Listed<'_> {
        self.names.of(&self.held_listings[i])
    }

    /// Every listing, in path order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Listed<'_>> {
        self.listings.iter().map(|listing| self.names.of(listing))
    }

    /// Adds a checked article: a draft is only counted.
    pub(crate) fn add(&mut self, parsed: super::Parsed<'_>) {
        let digest = parsed.digest();
        let mut reduced = Reduced::from(parsed.article);
        reduced.listing.digest = digest;
        reduced.listing.front_matter = parsed.front_matter_hash;
        reduced.facts.media = parsed.probed;
        self.add_reduced(reduced);
    }

    /// Adds an article already reduced to its listing.
    fn add_reduced(&mut self, reduced: Reduced) {
        if reduced.draft {
            self.drafts += 1;
            return;
        }
        if reduced.kept_out && !reduced.held {
            self.kept_out += 1;
            return;
        }
        let Reduced {
            mut listing,
            path,
            slug,
            facts,
            tags,
            authors,
            language,
            held,
            ..
        } = reduced;
        listing.set_facts(facts);
        listing.section = self.section(section_of(&tags));
        if held {
            self.held += 1;
            let due = listing.published;
            if self.next_held.as_ref().is_none_or(|(_, next)| due < *next) {
                self.next_held = Some((path.clone(), due));
            }
            // Held listings keep no tags: they are in no feed yet.
            self.names.keep(&mut listing, &path, &slug);
            self.held_listings.push(listing);
            return;
        }
        self.names.keep(&mut listing, &path, &slug);
        // A front matter lists at most `MAX_LIST_MEMBERS` (1,000) of each.
        let numbers = &mut self.names.numbers;
        let before = numbers.len();
        numbers.extend(
            pairs(&tags)
                .map(|(slug, name)| number(&mut self.tag_numbers, &mut self.tags, slug, name)),
        );
        listing.tag_count = u16::try_from(numbers.len() - before).unwrap_or(u16::MAX);
        numbers.extend(
            pairs(&authors).map(|(slug, name)| {
                number(&mut self.author_numbers, &mut self.authors, slug, name)
            }),
        );
        listing.author_count =
            u16::try_from(numbers.len() - before - usize::from(listing.tag_count))
                .unwrap_or(u16::MAX);
        listing.language = language.as_deref().map_or(SITE_LANGUAGE, |name| {
            let slug = name.to_ascii_lowercase();
            number(&mut self.language_numbers, &mut self.languages, &slug, name)
        });
        self.listings.push(listing);
    }

    /// The number of the section `name`.
    fn section(&mut self, name: &str) -> u32 {
        if name.is_empty() {
            return 0;
        }
        if let Some(&number) = self.section_numbers.get(name) {
            return number;
        }
        let number = u32::try_from(self.names.sections.len()).unwrap_or(u32::MAX);
        self.names.sections.push(name.into());
        self.section_numbers.insert(name.into(), number);
        number
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
    /// The listing, without its path, slug, section and numbers, which the
    /// index keeps in its [`Names`].
    listing: Listing,
    /// The file.
    path: PathBuf,
    /// The slug.
    slug: Box<str>,
    /// What was learned about the file from outside it.
    facts: FileFacts,
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
        let id_written = article.set_id.is_some();
        let rare = Rare {
            enclosure,
            media,
            written,
            url_slug: article.url_slug.map(String::into_boxed_str),
            address: article.address.map(String::into_boxed_str),
            id: article.set_id.map(String::into_boxed_str),
            ..Rare::default()
        };
        Reduced {
            listing: Listing {
                at: 0,
                numbers_at: 0,
                path_len: 0,
                slug_start: 0,
                slug_len: 0,
                tag_count: 0,
                author_count: 0,
                section: 0,
                language: SITE_LANGUAGE,
                summary_bytes: article
                    .summary
                    .as_ref()
                    .map_or(0, |s| u32::try_from(s.len()).unwrap_or(u32::MAX)),
                id_written,
                git: Git::Outside,
                published: article.published,
                updated: article.updated,
                digest: 0,
                front_matter: 0,
                text: 0,
                rare: (rare != Rare::default()).then(|| Box::new(rare)),
            },
            path: article.path,
            slug: article.slug.into_boxed_str(),
            facts: FileFacts::default(),
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
    let mut index = Index::of_folder(root);
    let mut diagnostics = Vec::new();
    progress.start();
    // Once more articles wait for git than it is asked about by path,
    // the whole folder's log is read on a thread of its own.
    let mut whole_log = None;
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
        let mut needing_git = 0;
        let mut reader = None;
        for chunk in parsed_in {
            progress.advance(chunk.len());
            for result in chunk {
                if waiting.is_empty() && !matches!(result, Loading::NeedsGit(_)) {
                    result.add_to(&mut index, &mut diagnostics);
                } else {
                    needing_git += usize::from(matches!(result, Loading::NeedsGit(_)));
                    waiting.push(result);
                }
            }
            if reader.is_none() && History::reads_whole_log(needing_git) {
                reader = Some(scope.spawn(|| History::whole_log(root)));
            }
        }
        whole_log = reader.map(|reader| {
            reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
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
        let whole_log = whole_log.transpose().map_err(git_failed)?;
        let history = History::of_paths(root, &asked, whole_log).map_err(git_failed)?;
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
    reduced.facts = facts;
    reduced.listing.front_matter = front_matter;
    reduced.listing.digest = digest;
    if config.feeds.iter().any(|spec| spec.archive.is_some()) {
        reduced.listing.text = text_digest(&text);
    }
    reduced.path = path;
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
    let mut given: Vec<(usize, String)> = Vec::new();
    {
        let names = &index.names;
        let listings = &index.listings;
        let listed = |i: usize| names.of(&listings[i]);
        let url_key = |i: usize| url_key(listed(i), site);
        // Sorted by a hash of the key, not the key, so that a million
        // listings sort 8 bytes each, not 72 (see [`hashed_with`]); only
        // equal hashes compare keys. Groups of equal keys, each in path
        // order (the first is the lowest index), in key order.
        let mut groups: Vec<(UrlKey<'_>, Vec<usize>)> = Vec::new();
        {
            let mut by_url: Vec<u64> = (0..listings.len())
                .into_par_iter()
                .map(|i| hashed_with(&url_key(i), i))
                .collect();
            by_url.par_sort_unstable();
            for run in by_url
                .chunk_by(|a, b| a >> 32 == b >> 32)
                .filter(|run| run.len() > 1)
            {
                let mut keyed: Vec<(UrlKey<'_>, usize)> = run
                    .iter()
                    .map(|&h| (url_key(index_of(h)), index_of(h)))
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
            let first = listed(run[0]);
            let url = url_of(first, site);
            for &i in &run[1..] {
                problems.push(
                    Diagnostic::error(
                        listed(i).path(),
                        format!(
                            "the URL {url} is also the URL of {}",
                            first.path().display()
                        ),
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
                .any(|l| l.address().is_some() || l.url_slug().is_some());
        // By a hash of (slug, year) likewise.
        let mut by_id: Vec<u64> = if may_differ {
            (0..listings.len())
                .into_par_iter()
                .filter(|&i| listings[i].id().is_none())
                .map(|i| hashed_with(&(listed(i).slug(), listings[i].published.year()), i))
                .collect()
        } else {
            Vec::new()
        };
        by_id.par_sort_unstable();
        for run in by_id
            .chunk_by(|a, b| a >> 32 == b >> 32)
            .filter(|run| run.len() > 1)
        {
            let mut keyed: Vec<(&str, i32, usize)> = run
                .iter()
                .map(|&h| index_of(h))
                .map(|i| (listed(i).slug(), listings[i].published.year(), i))
                .collect();
            keyed.sort_unstable();
            for same in keyed
                .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
                .filter(|same| same.len() > 1)
            {
                let first = same[0].2;
                for &(_, _, i) in &same[1..] {
                    if url_key(i) != url_key(first) {
                        given.push((i, distinct_id(listed(i), listed(first), site)));
                    }
                }
            }
        }
    }
    for (i, id) in given {
        index.listings[i].set_id(Some(id.into_boxed_str()));
    }

    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, listing) in index.listings.iter().enumerate() {
        if let Some(id) = listing.id() {
            let first = *ids.entry(id).or_insert(i);
            if first != i {
                problems.push(
                    Diagnostic::error(
                        index.listed(i).path(),
                        format!(
                            "the id `{id}` is also the id of {}",
                            index.listed(first).path().display()
                        ),
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
        for listing in index.iter().filter(|l| l.id().is_none()) {
            let derived = site.article_id(listing.slug(), listing.published.date_naive());
            if let Some(&first) = ids.get(derived.as_str()) {
                problems.push(Diagnostic::error(
                    listing.path(),
                    format!(
                        "the id `{derived}` is also the id of {}",
                        index.listed(first).path().display()
                    ),
                ));
            }
        }
    }
    problems
}

/// Half a hash of `key` (equal keys, equal halves), then `i`, the index
/// of the listing it is the key of, in one `u64` for sorting. Keys that
/// differ share a half about once in four billion pairs: at a million
/// listings, about a hundred pairs whose keys are compared for nothing.
fn hashed_with(key: &impl std::hash::Hash, i: usize) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    let hash = BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(key);
    // The listings are numbered by `u32` (see `feed::select`).
    (hash & !u64::from(u32::MAX)) | (i as u64 & u64::from(u32::MAX))
}

/// The listing index in a value of [`hashed_with`].
fn index_of(hashed: u64) -> usize {
    (hashed & u64::from(u32::MAX)) as usize
}

/// What an article's URL is made of: equal keys, equal URLs.
type UrlKey<'a> = (Option<&'a str>, &'a str, &'a str, (i32, u32, u32));

fn url_key<'a>(listing: Listed<'a>, site: &crate::config::Site) -> UrlKey<'a> {
    if let Some(address) = listing.listing().address() {
        return (Some(address), "", "", (0, 0, 0));
    }
    let pattern = &site.article_url;
    (
        None,
        if pattern.has_section() {
            listing.section()
        } else {
            ""
        },
        listing.url_slug(),
        pattern.key(site.url_date(listing.published)),
    )
}

/// The URL of a listed article.
pub(crate) fn url_of(listing: Listed<'_>, site: &crate::config::Site) -> url::Url {
    match listing.address() {
        Some(address) => site.output_url(address),
        None => site.permalink(
            listing.url_slug(),
            site.url_date(listing.published),
            listing.section(),
        ),
    }
}

/// Pushes [`url_of`] onto `out`, without parsing a URL where it can (see
/// [`crate::config::Site::push_permalink`]).
pub(crate) fn push_url_of(listing: Listed<'_>, site: &crate::config::Site, out: &mut String) {
    match listing.address() {
        Some(_) => out.push_str(url_of(listing, site).as_str()),
        None => site.push_permalink(
            listing.url_slug(),
            site.url_date(listing.published),
            listing.section(),
            out,
        ),
    }
}

/// An id for `listing`, whose derived id is `first`'s but whose URL is not:
/// `tag:host,2016-10-01:slug` when the days differ, with the section
/// (`tag:host,2024:inside/all-hands`) when the folders do, and else with
/// the URL's path.
pub(crate) fn distinct_id(
    listing: Listed<'_>,
    first: Listed<'_>,
    site: &crate::config::Site,
) -> String {
    let host = site.base_url.host_str().unwrap_or("localhost");
    let base = site.base_url.path().trim_start_matches('/');
    let (date, first_date) = (listing.published.date_naive(), first.published.date_naive());
    // The folder tells the URLs apart only where the pattern holds it.
    let by_section = listing.address().is_none()
        && site.article_url.has_section()
        && listing.section() != first.section()
        && !listing.section().is_empty();
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
        format!("{}/{}", encoded(listing.section()), encoded(listing.slug()))
    } else if date != first_date {
        encoded(listing.slug())
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
        let packed = pack("", tags.iter().map(|t| (t.slug.as_str(), t.name.as_str())));
        let unpacked: Vec<(&str, &str)> = pairs(&packed).collect();
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

    fn site() -> crate::config::Site {
        let text = "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\n\
                    authors = [\"Desk\"]\n[[feeds]]\nrss = \"feed.xml\"\n";
        crate::config::parse(Path::new("feeds.toml"), text)
            .unwrap()
            .site
    }

    /// A listing as the load stage gives it, before its names are kept.
    fn listing() -> Listing {
        let article = crate::article::parse(
            Path::new("x.md"),
            "+++\ntitle = \"X\"\ndate = 2024-01-01\n+++\nText.\n",
            &FileFacts::default(),
            &site(),
        )
        .unwrap()
        .article;
        Reduced::from(article).listing
    }

    #[test]
    fn names_give_back_what_each_listing_kept() {
        let mut names = Names {
            root: PathBuf::from("site/articles"),
            ..Names::default()
        };
        let long_slug = "s".repeat(70_000);
        let cases: [(&str, &str, &[u32]); 5] = [
            // The slug in the file name, after a date.
            (
                "site/articles/2024/05/2024-05-01-harbour.md",
                "harbour",
                &[3, 1, 4],
            ),
            // A slug of its own (front matter), kept after the path.
            ("site/articles/news/a.md", "other", &[]),
            // A slug that the folder holds but the file name does not.
            ("site/articles/news/index.md", "news", &[7]),
            ("site/articles/top.txt", &long_slug, &[2, 2]),
            ("site/articles/é/ü.md", "ü", &[9]),
        ];
        let mut listings = Vec::new();
        for (path, slug, numbers) in cases {
            let mut listing = listing();
            listing.tag_count = 1.min(numbers.len() as u16);
            listing.author_count = numbers.len() as u16 - listing.tag_count;
            names.keep(&mut listing, Path::new(path), slug);
            names.numbers.extend_from_slice(numbers);
            listings.push(listing);
        }
        for (listing, (path, slug, numbers)) in listings.iter().zip(cases) {
            let listed = names.of(listing);
            assert_eq!(listed.path(), Path::new(path));
            assert_eq!(
                Path::new("site/articles").join(listed.relative()),
                Path::new(path)
            );
            assert_eq!(listed.slug(), slug);
            assert_eq!(
                [listed.tags(), listed.authors()].concat(),
                numbers,
                "{path}"
            );
        }
        // Only `other` is not in its path: every other slug costs nothing.
        let paths: usize = cases
            .iter()
            .map(|(path, _, _)| path.len() - "site/articles/".len())
            .sum();
        assert_eq!(names.bytes.len(), paths + "other".len());
        // Only the slug too long for the buffer's offsets needs a `Rare`.
        let rare: Vec<bool> = listings.iter().map(|l| l.rare.is_some()).collect();
        assert_eq!(rare, [false, false, false, true, false]);
    }

    #[test]
    fn a_listing_stays_small() {
        // At a million articles every byte of a listing is a megabyte.
        assert_eq!(std::mem::size_of::<Listing>(), 96);
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_is_kept_whole() {
        use std::os::unix::ffi::OsStrExt;
        let mut names = Names::default();
        let path = Path::new(std::ffi::OsStr::from_bytes(b"articles/caf\xe9.md"));
        let mut listing = listing();
        names.keep(&mut listing, path, "caf");
        assert_eq!(names.of(&listing).path(), path);
        assert_eq!(names.of(&listing).slug(), "caf");
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
