//! The pipeline from a config and a folder of articles to files, in stages
//! that are types:
//!
//! ```text
//! Site ──select──▶ Selected ──publish(sink)──▶ batches ▶ rendered files ▶ Sink
//! ```
//!
//! - [`Site`]: the config and the index of every checked article
//!   (`Site::load` fails on any input error).
//! - [`Selected`]: the feeds with their articles, and every local media file
//!   they publish. **Every input check that needs the selection is made
//!   here**, before anything is rendered: a podcast's article without an
//!   enclosure, two media files published at one path (or at a feed's), a
//!   media file byline cannot open. After this stage an input problem is
//!   impossible: what can still fail is the disk (an article changed or
//!   vanished while byline runs, a write), a [`Failure::Setup`].
//! - [`Selected::publish`] cuts the feeds into batches, parses each batch's
//!   articles again (a pure parse: every fact from outside the file is in
//!   its listing), renders their files and hands them to a [`Sink`] as
//!   they are made, then the media files, a few at a time.
//! - A [`Sink`] is where files go: [`output::Stager`] for `build`,
//!   [`judge::Judge`] for `check`, a `Vec` for [`crate::render_texts`].
//!
//! Modelled on ripgrep's searcher, which hands matches to the printers'
//! `Sink`, and on mdBook, whose renderers get a prepared context.

pub(crate) mod judge;

use crate::article::load::{self, Index, Listed, Progress};
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Failure};
use crate::render::Kind;
use crate::{article, feed, html, output, render};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Where publishing hands each batch of files, as it is made. An error
/// (the disk) stops the publishing.
pub(crate) trait Sink {
    /// Takes one batch of files, each with what it is.
    fn accept(&mut self, files: Vec<(Kind, output::File)>) -> Result<(), Diagnostic>;

    /// The record of the archive pages already in the sink's folder, when
    /// it keeps those whose inputs have not changed instead of taking them
    /// again; `None` (the default) has every page rendered.
    fn pages(&self) -> Option<&output::Pages> {
        None
    }

    /// Keeps the archive page at `path` as it is (only called when
    /// [`Sink::pages`] says it `holds` it, with that digest and size).
    fn keep(&mut self, _path: &str, _digest: u64, _size: u64) {}

    /// The archive page at `path`, taken by [`Sink::accept`], was made from
    /// inputs with this digest.
    fn remember(&mut self, _path: &str, _digest: u64, _size: u64) {}
}

/// `build`'s sink: each file staged beside its place, put in place when
/// the build commits.
impl<W: Fn(&Path, &[u8]) -> std::io::Result<()> + Sync> Sink for output::Stager<W> {
    fn accept(&mut self, files: Vec<(Kind, output::File)>) -> Result<(), Diagnostic> {
        let files: Vec<output::File> = files.into_iter().map(|(_, file)| file).collect();
        self.stage(&files)
    }

    fn pages(&self) -> Option<&output::Pages> {
        self.record()
    }

    fn keep(&mut self, path: &str, digest: u64, size: u64) {
        output::Stager::keep(self, path, digest, size);
    }

    fn remember(&mut self, path: &str, digest: u64, size: u64) {
        output::Stager::remember(self, path, digest, size);
    }
}

/// The in-memory sink: every file, in order.
impl Sink for Vec<output::File> {
    fn accept(&mut self, files: Vec<(Kind, output::File)>) -> Result<(), Diagnostic> {
        self.extend(files.into_iter().map(|(_, file)| file));
        Ok(())
    }
}

/// The first stage: the config and every checked article.
pub(crate) struct Site {
    /// The config, with the output folder it writes to.
    pub(crate) config: Config,
    /// Every published article, as a listing.
    pub(crate) index: Index,
    /// The config's and the articles' warnings, sorted.
    pub(crate) warnings: Vec<Diagnostic>,
    /// The site matched to its `byline.lock`: `None` for a site in memory.
    pub(crate) record: Option<crate::record::Record>,
}

impl Site {
    /// Loads the config (with `out` overriding its output folder) and every
    /// article; fails on any error. For a build that `writes`, what an
    /// interrupted build left in the output folder is settled first,
    /// whatever the articles hold.
    pub(crate) fn load(
        config_path: &Path,
        out: Option<&Path>,
        progress: &dyn Progress,
        now: i64,
        writes: bool,
    ) -> Result<Site, Failure> {
        let mut config = crate::config::load(config_path).map_err(Failure::Setup)?;
        if let Some(out) = out {
            config.output_dir = out.to_path_buf();
        }
        if writes {
            output::recover(&config.output_dir).map_err(|d| Failure::Setup(vec![d]))?;
        }
        let mut loaded = load::load(&config, progress, now).map_err(|d| Failure::Setup(vec![d]))?;
        // Recorded ids and podcast guids are given before anything else
        // looks at an id.
        let record = match crate::record::apply(&mut config, &mut loaded.index) {
            Ok(record) => {
                loaded.diagnostics.extend(record.warnings.iter().cloned());
                Some(record)
            }
            Err(problems) => {
                loaded.diagnostics.extend(problems);
                None
            }
        };
        let text = std::fs::read_to_string(config_path).unwrap_or_default();
        config
            .warnings
            .extend(crate::scaffold::config_warnings(&config, &text));
        loaded.diagnostics.append(&mut config.warnings);
        config.check.apply(&mut loaded.diagnostics);
        diagnostic::sort(&mut loaded.diagnostics);
        if loaded.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Failure::Input(loaded.diagnostics));
        }
        Ok(Site {
            config,
            index: loaded.index,
            warnings: loaded.diagnostics,
            record,
        })
    }

    /// A site of article texts given in memory, as if they were files at
    /// those paths.
    pub(crate) fn from_texts(config: Config, texts: &[(PathBuf, String)]) -> Result<Site, Failure> {
        let mut index = Index::default();
        let mut problems = Vec::new();
        for (path, text) in texts {
            match article::parse(path, text, &article::FileFacts::default(), &config.site) {
                Ok(parsed) => index.add(parsed),
                Err(found) => problems.extend(found),
            }
        }
        if !problems.is_empty() {
            diagnostic::sort(&mut problems);
            return Err(Failure::Input(problems));
        }
        Ok(Site {
            config,
            index,
            warnings: Vec::new(),
            record: None,
        })
    }

    /// Selects and publishes the site into `sink`, reading the published
    /// articles' texts from disk again.
    pub(crate) fn publish(&self, sink: &mut dyn Sink) -> Result<Published, Failure> {
        let max = self.config.max_article_bytes;
        self.select()?.publish(
            |listing| {
                let path = listing.path();
                let text = load::read_text(&path, max)?;
                Ok(load::publishable_text(&path, text, &self.config.site).0)
            },
            BATCH_ENTRIES,
            sink,
        )
    }

    /// How many articles were read, drafts, held ones and those kept out
    /// of feeds included.
    pub(crate) fn articles(&self) -> usize {
        self.index.listings.len() + self.index.drafts + self.index.held + self.index.kept_out
    }

    /// The second stage: selects every feed's articles and makes every
    /// input check that needs the selection, before anything is rendered.
    pub(crate) fn select(&self) -> Result<Selected<'_>, Failure> {
        let config = &self.config;
        let index = &self.index;
        let feed::Selection {
            feeds,
            mut warnings,
        } = feed::select(config, index).map_err(Failure::Setup)?;
        let mut problems = Vec::new();
        // Every episode of a podcast has its audio.
        for feed in feeds.iter().filter(|feed| feed.podcast.is_some()) {
            let name = feed
                .outputs
                .first()
                .map_or("", |output| output.path.as_str());
            // Pre-flight: Apple ignores an enclosure URL it has seen, and
            // plays only some types.
            let mut seen: HashMap<&str, PathBuf> = HashMap::new();
            let mut entries = feed.entries.clone();
            entries.sort_by_key(|&i| (index.listings[i].published, i));
            for &i in &entries {
                let listing = &index.listings[i];
                let path = index.listed(i).path();
                // The episode's `description` is its summary.
                if let Some(problem) = crate::check::podcast::description_problem(
                    "the episode's `summary` (its `description`)",
                    listing.summary_bytes as usize,
                ) {
                    warnings.push(Diagnostic::finding(
                        &path,
                        crate::rule::Rule::Psp1DescriptionTooLong,
                        problem,
                    ));
                }
                if let Some(enclosure) = listing.enclosure() {
                    let [url, mime] = enclosure;
                    if let Some(first) = seen.insert(url, path.clone()) {
                        warnings.push(
                            Diagnostic::warning(
                                &path,
                                format!(
                                    "the enclosure `{url}` is also the one of `{}`, an earlier episode of `{name}`; Apple ignores an enclosure URL it has seen",
                                    first.display()
                                ),
                            )
                            .with_help("give each episode its own audio file")
                            .rule(crate::rule::Rule::AppleDuplicateEnclosure),
                        );
                        seen.insert(url, first);
                    }
                    if !crate::check::podcast::apple_plays(mime) {
                        warnings.push(
                            Diagnostic::warning(
                                &path,
                                format!(
                                    "the enclosure's type is `{mime}`, which Apple Podcasts does not play (MP3, M4A, MP4, MOV, M4V, PDF)"
                                ),
                            )
                            .with_help("publish the episode as MP3 or M4A")
                            .rule(crate::rule::Rule::AppleEnclosureType),
                        );
                    }
                }
            }
            for &i in &feed.entries {
                let listing = index.listed(i);
                if listing.enclosure().is_none() {
                    problems.push(
                        Diagnostic::error(
                            listing.path(),
                            format!("the podcast `{name}` carries this article, but it has no `enclosure`"),
                        )
                        .with_help("add `enclosure = { src = \"episode.mp3\" }`, or keep the article out of the podcast's `tags`"),
                    );
                }
            }
        }
        // Local media files by where they are published: the site's icon
        // and logo, the podcasts' covers, then what each published article
        // points at.
        let mut media: BTreeMap<String, (PathBuf, PathBuf)> = BTreeMap::new();
        let site_images = [&config.site.icon, &config.site.logo];
        for local in site_images
            .into_iter()
            .flatten()
            .filter_map(|site_image| site_image.image.local.as_ref())
        {
            media.insert(
                local.path.clone(),
                (local.file.clone(), config.path.clone()),
            );
        }
        for spec in &config.feeds {
            if let Some(cover) = spec.podcast.as_ref().and_then(|p| p.image.local.as_ref()) {
                media.insert(
                    cover.path.clone(),
                    (cover.file.clone(), config.path.clone()),
                );
            }
        }
        let mut published: Vec<usize> = feeds
            .iter()
            .flat_map(|f| f.entries.iter().copied())
            .collect();
        published.sort_unstable();
        published.dedup();
        for listing in published.iter().map(|&i| index.listed(i)) {
            for local in listing.media() {
                match media.get(&local.path) {
                    Some((file, _)) if *file == local.file => {}
                    Some((file, _)) => problems.push(
                        Diagnostic::error(
                            listing.path(),
                            format!(
                                "`{}` and `{}` would both be published as `{}`",
                                local.file.display(),
                                file.display(),
                                local.path
                            ),
                        )
                        .with_help("rename one, or put `{path}` in `[build] media`"),
                    ),
                    None => {
                        media.insert(local.path.clone(), (local.file.clone(), listing.path()));
                    }
                }
            }
        }
        // The media files byline writes (chapters made from a list): each
        // at a place of its own.
        let mut written: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for listing in published.iter().map(|&i| index.listed(i)) {
            for (path, bytes) in listing.written() {
                if let Some((file, _)) = media.get(path) {
                    problems.push(Diagnostic::error(
                        listing.path(),
                        format!(
                            "the chapters byline writes for this episode and `{}` would both be published as `{path}`",
                            file.display()
                        ),
                    ));
                } else {
                    written.insert(path.clone(), bytes.clone());
                }
            }
        }
        let feed_paths: HashSet<&str> = feeds
            .iter()
            .flat_map(|feed| feed.outputs.iter().map(|output| output.path.as_str()))
            .chain(config.opml.as_deref())
            .collect();
        let opened: Vec<Option<Diagnostic>> = media
            .par_iter()
            .map(|(path, (file, by))| {
                if feed_paths.contains(path.as_str()) {
                    return Some(Diagnostic::error(
                        by,
                        format!(
                            "the media file `{path}` would replace a feed file of the same name"
                        ),
                    ));
                }
                let e = std::fs::File::open(file).err()?;
                Some(Diagnostic::error(
                    by,
                    format!("cannot read `{}`: {e}", file.display()),
                ))
            })
            .collect();
        problems.extend(opened.into_iter().flatten());
        if !problems.is_empty() {
            diagnostic::sort(&mut problems);
            problems.dedup();
            return Err(Failure::Input(problems));
        }
        Ok(Selected {
            config,
            index,
            feeds,
            media: media
                .into_iter()
                .map(|(path, (file, _))| (path, file))
                .collect(),
            written: written.into_iter().collect(),
            warnings,
        })
    }
}

/// The second stage: every feed with its articles, checked, and the local
/// media files they publish.
pub(crate) struct Selected<'a> {
    config: &'a Config,
    index: &'a Index,
    /// Every feed and archive page, in config order.
    feeds: Vec<feed::Feed<'a, usize>>,
    /// Every local media file: where it is published, and where it is read.
    media: Vec<(String, PathBuf)>,
    /// Every media file byline writes: where it is published, and its bytes.
    written: Vec<(String, Vec<u8>)>,
    /// Feeds that select nothing.
    warnings: Vec<Diagnostic>,
}

/// What publishing made.
pub(crate) struct Published {
    /// How many feeds there are, archive pages not counted.
    pub(crate) feeds: usize,
    /// How many archive pages they have.
    pub(crate) archive_pages: usize,
    /// How many of those were kept as the last build wrote them, not
    /// rendered again (their inputs had not changed).
    pub(crate) archive_pages_kept: usize,
    /// Every file handed to the sink: its path and what it is.
    pub(crate) made: Vec<(String, Kind)>,
    /// Empty feeds, and what the HTML filter removed from published articles.
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Published {
    /// Every feed file (not pages, not media) with its URL, sorted: what
    /// `byline.lock` records.
    pub(crate) fn feed_urls(&self, site: &crate::config::Site) -> Vec<(String, String)> {
        let mut feeds: Vec<(String, String)> = self
            .made
            .iter()
            .filter(|(_, kind)| matches!(kind, Kind::Feed { format, .. } if format.is_feed()))
            .map(|(path, _)| (path.clone(), site.output_url(path).into()))
            .collect();
        feeds.sort();
        feeds.dedup();
        feeds
    }

    /// The feed files (not pages, not media) that `written` changed, each
    /// with its URL: what a WebSub hub is told about.
    pub(crate) fn changed_feeds(
        &self,
        written: &output::Written,
        site: &crate::config::Site,
    ) -> Vec<(String, String)> {
        let feeds: HashSet<&str> = self
            .made
            .iter()
            .filter(|(_, kind)| matches!(kind, Kind::Feed { format, .. } if format.is_feed()))
            .map(|(path, _)| path.as_str())
            .collect();
        written
            .changed_paths
            .iter()
            .filter(|path| feeds.contains(path.as_str()))
            .map(|path| (path.clone(), site.output_url(path).into()))
            .collect()
    }
}

impl Failure {
    /// The same failure, every diagnostic with a rule (see
    /// [`crate::allow::name_the_rest`]).
    pub(crate) fn named(mut self, config: &Path) -> Failure {
        match &mut self {
            Failure::Input(d) => crate::allow::name_the_rest(d, config, false),
            Failure::Setup(d) => crate::allow::name_the_rest(d, config, true),
        }
        self
    }
}

/// How many local media files are read and handed on at once.
const MEDIA_CHUNK: usize = 16;

/// How many entries, at most, one batch of feeds carries: the articles of
/// a batch are parsed and rendered together and dropped once its files are
/// rendered, so memory holds one batch of articles whatever the site's size
/// (a single feed larger than this is one batch of its own).
pub(crate) const BATCH_ENTRIES: usize = 4096;

impl Selected<'_> {
    /// The last stages: renders every file, batch by batch, and hands each
    /// batch to `sink` as it is made, then the media files. `text_of` reads
    /// a listed article's text again. Fails only on the disk: an article
    /// that changed or cannot be read any more, a sink that cannot take a
    /// file.
    pub(crate) fn publish(
        self,
        text_of: impl Fn(Listed<'_>) -> Result<String, Diagnostic> + Sync,
        batch_entries: usize,
        sink: &mut dyn Sink,
    ) -> Result<Published, Failure> {
        let setup = |d: Diagnostic| Failure::Setup(vec![d]);
        let archive_pages = self
            .feeds
            .iter()
            .filter(|feed| feed.history == feed::History::Archive)
            .count();
        let feeds = self.feeds.len() - archive_pages;
        let mut made: Vec<(String, Kind)> = Vec::new();
        let mut warnings = self.warnings;
        // The list of every feed, in the same all-or-nothing write.
        if let Some(path) = &self.config.opml {
            let updated = self.feeds.first().and_then(|feed| feed.site_updated);
            let file = output::File {
                path: path.clone(),
                bytes: crate::opml::render(&self.config.site, &self.feeds, updated),
            };
            made.push((file.path.clone(), Kind::Opml));
            sink.accept(vec![(Kind::Opml, file)]).map_err(setup)?;
        }
        // An archive page whose inputs are those the last build recorded
        // for it, and still on disk as written, is kept: neither rendered
        // nor compared. The others are rendered, and recorded.
        let mut to_record: HashMap<String, (u64, Vec<usize>)> = HashMap::new();
        let mut to_render = Vec::with_capacity(self.feeds.len());
        let mut archive_pages_kept = 0;
        let build = sink.pages().is_some().then(|| build_digest(self.config));
        let anchor = anchor(self.config);
        // Each archive page's digest, and the sizes of its files when the
        // record says they hold what this build would write: in parallel
        // (a digest of its entries and a `stat` per file, for every page).
        let checks: Vec<Option<(u64, Option<Vec<u64>>)>> = match (build, sink.pages()) {
            (Some(build), Some(pages)) => self
                .feeds
                .par_iter()
                .map(|feed| {
                    (feed.history == feed::History::Archive).then(|| {
                        let digest = page_digest(build, &anchor, self.index, feed);
                        let sizes = feed
                            .outputs
                            .iter()
                            .map(|output| pages.holds(&output.path, digest))
                            .collect();
                        (digest, sizes)
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut checks = checks.into_iter();
        for feed in self.feeds {
            let Some((digest, sizes)) = checks.next().flatten() else {
                to_render.push(feed);
                continue;
            };
            match sizes {
                Some(sizes) => {
                    let shape = crate::budget::Shape::of(&feed);
                    for (output, size) in feed.outputs.iter().zip(sizes) {
                        sink.keep(&output.path, digest, size);
                        warnings.extend(crate::budget::build_file(
                            &self.config.path,
                            shape,
                            &output.path,
                            usize::try_from(size).unwrap_or(usize::MAX),
                        ));
                        made.push((
                            output.path.clone(),
                            Kind::Feed {
                                format: output.format,
                                feed: Vec::new(),
                            },
                        ));
                    }
                    archive_pages_kept += 1;
                }
                None => {
                    for output in &feed.outputs {
                        to_record.insert(output.path.clone(), (digest, feed.entries.clone()));
                    }
                    to_render.push(feed);
                }
            }
        }
        for batch in batches(to_render, batch_entries) {
            let shapes: HashMap<String, crate::budget::Shape> = batch
                .iter()
                .flat_map(|feed| {
                    let shape = crate::budget::Shape::of(feed);
                    feed.outputs
                        .iter()
                        .filter(|output| output.format.is_feed())
                        .map(move |output| (output.path.clone(), shape))
                })
                .collect();
            let (files, found) =
                render_batch(self.config, self.index, &text_of, batch).map_err(Failure::Setup)?;
            // A page with a warning about one of its articles is rendered
            // again next time, so that every build reports it.
            let warned: HashSet<&Path> = found.iter().map(|d| d.path.as_path()).collect();
            for (_, file) in &files {
                if let Some((digest, entries)) = to_record.get(&file.path)
                    && !entries
                        .iter()
                        .any(|&i| warned.contains(self.index.listed(i).path().as_path()))
                {
                    sink.remember(&file.path, *digest, file.bytes.len() as u64);
                }
            }
            warnings.extend(found);
            warnings.extend(files.iter().filter_map(|(_, file)| {
                let shape = *shapes.get(&file.path)?;
                crate::budget::build_file(&self.config.path, shape, &file.path, file.bytes.len())
            }));
            made.extend(
                files
                    .iter()
                    .map(|(kind, file)| (file.path.clone(), kind.clone())),
            );
            sink.accept(files).map_err(setup)?;
        }
        // Media files are read and handed on a few at a time, so that memory
        // holds a handful of them, not a podcast's whole archive.
        for chunk in self.media.chunks(MEDIA_CHUNK) {
            let files = chunk
                .par_iter()
                .map(|(path, file)| {
                    let bytes = std::fs::read(file).map_err(|e| {
                        Diagnostic::error(file, format!("cannot read the media file: {e}"))
                    })?;
                    Ok((
                        Kind::Media,
                        output::File {
                            path: path.clone(),
                            bytes,
                        },
                    ))
                })
                .collect::<Result<Vec<_>, Diagnostic>>()
                .map_err(setup)?;
            made.extend(
                files
                    .iter()
                    .map(|(kind, file)| (file.path.clone(), kind.clone())),
            );
            sink.accept(files).map_err(setup)?;
        }
        let files: Vec<(Kind, output::File)> = self
            .written
            .into_iter()
            .map(|(path, bytes)| (Kind::Media, output::File { path, bytes }))
            .collect();
        made.extend(
            files
                .iter()
                .map(|(kind, file)| (file.path.clone(), kind.clone())),
        );
        sink.accept(files).map_err(setup)?;
        // An article that two batches carry is rendered, and warned about, twice.
        diagnostic::sort(&mut warnings);
        warnings.dedup();
        Ok(Published {
            feeds,
            archive_pages,
            archive_pages_kept,
            made,
            warnings,
        })
    }
}

/// The folder the digests name paths from: the config's, as the config
/// reader joins the paths it gives (without `./`). Paths given in the
/// config are relative to it, so a path relative to it is the same
/// whatever folder the build runs from and however the config's path is
/// spelled, and the bytes of a page do not depend on either.
fn anchor(config: &Config) -> PathBuf {
    config
        .path
        .parent()
        .map(|dir| {
            dir.components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect()
        })
        .unwrap_or_default()
}

/// `path` relative to `anchor` (see [`anchor`]); as it is when it is not
/// below it (an absolute articles folder elsewhere, say).
fn from_anchor<'p>(anchor: &Path, path: &'p Path) -> &'p Path {
    path.strip_prefix(anchor).unwrap_or(path)
}

/// A digest of what every file of the build depends on besides its
/// articles: this byline (its version, and its executable's size and
/// time) and what the config says of the files, its paths relative to
/// its own folder (see [`anchor`]), without the output folder: so that a
/// folder moved (a CI cache restored elsewhere), a build run from another
/// folder or a config path spelled otherwise keeps its pages.
fn build_digest(config: &Config) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    if let Some(exe) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        exe.len().hash(&mut hasher);
        exe.modified().ok().hash(&mut hasher);
    }
    // Every field, named, so that a new one cannot be left out: the
    // config's own path, its output folder, its warnings and `[check]`
    // (which rules are reported, and the folders its globs start from)
    // are in no page.
    let Config {
        path: _,
        site,
        articles_dir,
        output_dir: _,
        max_article_bytes,
        feeds,
        warnings: _,
        future,
        check: _,
        opml,
    } = config;
    let anchor = anchor(config);
    let mut site = site.clone();
    site.media_root = from_anchor(&anchor, &site.media_root).to_path_buf();
    debug_hash(
        &mut hasher,
        &(
            site,
            from_anchor(&anchor, articles_dir),
            max_article_bytes,
            feeds,
            future,
            opml,
        ),
    );
    hasher.finish()
}

/// A digest of what an archive page holds: the build's digest, the page's
/// own fields (title, links, files...), and for each entry, in order, its
/// article's path and the paths of its media files (relative to
/// `anchor`), text, other facts from outside the file, id and tags. The
/// same digest means the same bytes: a page is a function of those.
fn page_digest(build: u64, anchor: &Path, index: &Index, feed: &feed::Feed<'_, usize>) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    build.hash(&mut hasher);
    debug_hash(
        &mut hasher,
        &(
            &feed.title,
            &feed.description,
            &feed.links,
            &feed.outputs,
            feed.content,
            feed.podcast,
            feed.history,
            // The date of an empty page only: another's is its entries'.
            feed.entries.is_empty().then_some(feed.site_updated),
        ),
    );
    for &i in &feed.entries {
        let listing = index.listed(i);
        listing.text.hash(&mut hasher);
        listing.front_matter.hash(&mut hasher);
        // Every fact, named, so that a new one cannot be left out.
        let article::FileFacts { git, media } = &listing.facts();
        // The id as an `Option<Box<str>>` prints, as it was kept before.
        let id: Option<Box<str>> = listing.id().map(Box::from);
        debug_hash(
            &mut hasher,
            &(from_anchor(anchor, &listing.path()), git, &id),
        );
        for (path, probed) in media {
            debug_hash(&mut hasher, &(from_anchor(anchor, path), probed));
        }
        for &tag in listing.tags() {
            let tag = &index.tags[tag as usize];
            (&tag.name, &tag.slug).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// Feeds the `Debug` form of `value` to `hasher`, without allocating it.
fn debug_hash(hasher: &mut impl Hasher, value: &impl std::fmt::Debug) {
    struct Feed<'h, H>(&'h mut H);
    impl<H: Hasher> std::fmt::Write for Feed<'_, H> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let _ = write!(Feed(hasher), "{value:?}");
}

/// The feeds, in order, cut into batches of at most `limit` entries.
fn batches<'a>(feeds: Vec<feed::Feed<'a, usize>>, limit: usize) -> Vec<Vec<feed::Feed<'a, usize>>> {
    let mut batches = Vec::new();
    let mut batch: Vec<feed::Feed<'a, usize>> = Vec::new();
    let mut size = 0;
    for feed in feeds {
        if !batch.is_empty() && size + feed.entries.len() > limit {
            batches.push(std::mem::take(&mut batch));
            size = 0;
        }
        size += feed.entries.len();
        batch.push(feed);
    }
    if !batch.is_empty() {
        batches.push(batch);
    }
    batches
}

/// A batch's files, each with what it is, and the warnings of the HTML
/// filter; or why the batch's articles could not be read again.
type RenderedBatch = Result<(Vec<(Kind, output::File)>, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Parses again and renders the articles a batch of feeds carries (each
/// once, however many of its feeds carry it), then renders the batch's
/// files; with the warnings of the HTML filter. Fails when an article
/// cannot be read again or is not the file loaded any more.
fn render_batch(
    config: &Config,
    index: &Index,
    text_of: &(impl Fn(Listed<'_>) -> Result<String, Diagnostic> + Sync),
    plans: Vec<feed::Feed<'_, usize>>,
) -> RenderedBatch {
    let mut wanted: Vec<usize> = plans
        .iter()
        .flat_map(|plan| plan.entries.iter().copied())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    type Rendered = (article::Article, html::ArticleHtml, Vec<Diagnostic>);
    let parsed: Vec<Result<Rendered, Diagnostic>> = wanted
        .par_iter()
        .map(|&i| {
            let listing = index.listed(i);
            let text = text_of(listing)?;
            let path = listing.path();
            let parsed = article::parse(&path, &text, &listing.facts(), &config.site)
                .ok()
                .filter(|parsed| Index::still_matches(&listing, parsed))
                .ok_or_else(|| {
                    Diagnostic::error(&path, "the file changed while byline was running")
                        .with_help("run the build again")
                })?;
            let mut parsed = parsed;
            // An id given at load time, where a derived one was taken.
            if parsed.article.set_id.is_none() {
                parsed.article.set_id = listing.id().map(str::to_owned);
            }
            let (content, warnings) = html::render(&parsed, &config.site);
            Ok((parsed.article, content, warnings))
        })
        .collect();
    let mut rendered = Vec::with_capacity(wanted.len());
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    for result in parsed {
        match result {
            Ok((article, html, removed)) => {
                warnings.extend(removed);
                rendered.push((article, html));
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        diagnostic::sort(&mut problems);
        return Err(problems);
    }
    let feeds: Vec<feed::Feed<'_>> = plans
        .into_iter()
        .map(|plan| {
            plan.with_entries(|i| {
                // Every entry is in `wanted`, which `rendered` follows.
                let (article, html) = &rendered[wanted.partition_point(|&w| w < i)];
                feed::Entry { article, html }
            })
        })
        .collect();
    Ok((render::render_all(&feeds), warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_feed_order_and_their_size() {
        let config = crate::config::parse(
            Path::new("feeds.toml"),
            "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\nauthors = [\"A\"]\n\
             [[feeds]]\nrss = \"a.xml\"\n[[feeds]]\nrss = \"b.xml\"\n[[feeds]]\nrss = \"c.xml\"\n",
        )
        .unwrap();
        let feed = |entries: Vec<usize>| feed::Feed {
            title: String::new(),
            description: String::new(),
            links: Vec::new(),
            outputs: Vec::new(),
            content: crate::config::ContentMode::Full,
            site: &config.site,
            podcast: None,
            history: feed::History::Plain,
            entries,
            site_updated: None,
            language: None,
            line: 0,
        };
        let sizes = |limit| -> Vec<Vec<usize>> {
            batches(
                vec![
                    feed(vec![1, 2]),
                    feed(vec![3]),
                    feed(vec![4, 5, 6]),
                    feed(vec![]),
                ],
                limit,
            )
            .iter()
            .map(|batch| batch.iter().map(|f| f.entries.len()).collect())
            .collect()
        };
        assert_eq!(sizes(3), [vec![2, 1], vec![3, 0]]);
        assert_eq!(sizes(1), [vec![2], vec![1], vec![3], vec![0]]);
        assert_eq!(sizes(100), [vec![2, 1, 3, 0]]);
    }

    #[test]
    fn the_files_do_not_depend_on_the_batch_size() {
        let config = crate::config::parse(
            Path::new("feeds.toml"),
            "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\nauthors = [\"A\"]\n\
             [[feeds]]\nrss = \"all.xml\"\natom = \"all.atom\"\n\
             [[feeds]]\nfor_each_tag = true\nrss = \"{tag}.xml\"\nlimit = 2\n",
        )
        .unwrap();
        let texts: Vec<(PathBuf, String)> = (1..=9)
            .map(|day| {
                let tags = ["x", "y", "z"][day % 3];
                (
                    PathBuf::from(format!("2024-01-0{day}-a{day}.md")),
                    format!("+++\ntitle = \"A{day}\"\ntags = [\"{tags}\", \"common\"]\n+++\nText <audio></audio> {day}.\n"),
                )
            })
            .collect();
        let Ok(site) = Site::from_texts(config, &texts) else {
            panic!("the texts are valid")
        };
        let text_of = |listing: Listed<'_>| {
            Ok(texts
                .iter()
                .find(|(p, _)| *p == listing.path())
                .unwrap()
                .1
                .clone())
        };
        let collect = |batch_entries| {
            let mut files: Vec<output::File> = Vec::new();
            let published = site
                .select()
                .and_then(|selected| selected.publish(text_of, batch_entries, &mut files));
            match published {
                Ok(published) => (published, files),
                Err(Failure::Input(d) | Failure::Setup(d)) => panic!("{d:?}"),
            }
        };
        let (one, one_files) = collect(1);
        let (all, all_files) = collect(BATCH_ENTRIES);
        assert_eq!(one_files.len(), 7, "six feed files and the OPML list");
        assert_eq!(one_files, all_files);
        assert_eq!(one.made, all.made);
        assert!(!one.warnings.is_empty(), "the filter removes <audio>");
        assert_eq!(one.warnings, all.warnings);
    }

    /// A sink that counts what it is given.
    #[derive(Default)]
    struct Counter(usize);

    impl Sink for Counter {
        fn accept(&mut self, files: Vec<(Kind, output::File)>) -> Result<(), Diagnostic> {
            self.0 += files.len();
            Ok(())
        }
    }

    fn png(side: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend(side.to_be_bytes());
        bytes.extend(side.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn input_problems_of_the_selection_are_found_before_any_file_is_made() {
        let dir = std::env::temp_dir().join(format!("byline-select-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |path: &str, bytes: &[u8]| {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        };
        write(
            "feeds.toml",
            b"[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nauthors = [\"D\"]\nlanguage = \"en\"\n\
              [build]\nmedia = \"img/{name}\"\n[[feeds]]\nrss = \"feed.xml\"\n\
              [[feeds]]\nrss = \"podcast.xml\"\ntags = [\"show\"]\n\
              podcast = { image = \"articles/cover.png\", category = \"Sports\", \
              owner = { name = \"D\", email = \"d@t.example.org\" } }\n",
        );
        write("articles/cover.png", &png(1400));
        write("articles/a/photo.png", &png(10));
        write("articles/b/photo.png", &png(20));
        write("articles/c/alone.png", &png(30));
        let article = |name: &str, front: &str| {
            let path = dir.join("articles").join(name);
            let text = format!("+++\ntitle = \"T\"\n{front}\n+++\nBody.\n");
            write(&format!("articles/{name}"), text.as_bytes());
            (path, text)
        };
        let texts = [
            article(
                "a/2024-01-01-a.md",
                "image = { src = \"photo.png\", alt = \"A\" }",
            ),
            article(
                "b/2024-01-02-b.md",
                "image = { src = \"photo.png\", alt = \"B\" }",
            ),
            article(
                "c/2024-01-03-c.md",
                "image = { src = \"alone.png\", alt = \"C\" }",
            ),
            article("2024-01-04-episode.md", "tags = [\"show\"]"),
        ];
        let config = crate::config::load(&dir.join("feeds.toml")).unwrap();
        let Ok(site) = Site::from_texts(config, &texts) else {
            panic!("every article is valid on its own")
        };
        // Gone since it was loaded: byline cannot read it any more.
        std::fs::remove_file(dir.join("articles/c/alone.png")).unwrap();
        let mut sink = Counter::default();
        let text_of = |listing: Listed<'_>| Ok(std::fs::read_to_string(listing.path()).unwrap());
        let failure = site
            .select()
            .and_then(|selected| selected.publish(text_of, BATCH_ENTRIES, &mut sink));
        let Err(Failure::Input(problems)) = failure else {
            panic!("input problems expected")
        };
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages[0].ends_with("episode.md: error: the podcast `podcast.xml` carries this article, but it has no `enclosure`\n  help: add `enclosure = { src = \"episode.mp3\" }`, or keep the article out of the podcast's `tags`"), "{messages:#?}");
        assert!(
            messages[1].contains("b/2024-01-02-b.md: error: `")
                && messages[1].contains("would both be published as `img/photo.png`"),
            "{messages:#?}"
        );
        assert!(
            messages[2].contains("c/2024-01-03-c.md: error: cannot read `")
                && messages[2].contains("alone.png`: No such file"),
            "{messages:#?}"
        );
        assert_eq!(sink.0, 0, "no file was rendered, so none was staged");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
