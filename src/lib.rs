//! byline turns a folder of articles and a `feeds.toml` into RSS 2.0,
//! Atom 1.0 and JSON Feed 1.1 feeds (and an HTML page per feed) that carry
//! attribution: who wrote each article, where it
//! was adapted from, and under which rights and license.
//!
//! Data flows one way:
//!
//! ```text
//! feeds.toml ──config::load──▶ Config                  each [[feeds]] lists its outputs: Vec<(Format, path)>
//! articles/* ──article::load──▶ Loaded { index, diagnostics }   every problem, not the first
//!     once: git log of the folder ▶ History                 dates for files that have none
//!     per file: read ▶ decode ▶ front_matter::split ▶ parse (TOML: fast path, else the toml
//!               crate; YAML: yaml-rust2) ▶ Node ▶ Fields (in the site's dialect)
//!               ▶ resolve (one function per field, with FileFacts from git; media files
//!                 probed for type, size and pixels) ▶ Article ▶ Listing
//! Config × Index ──feed::expand──▶ Vec<Plan>             one per spec, or per tag
//!                ──feed::select──▶ Vec<Feed<usize>>      filter, newest first, limit
//! batches of ≤ 4,096 entries: parse again, html::render ▶ Feed<Entry>   entries carry their HTML
//! Feed × Output ──render::render──▶ bytes                 dispatch on Format; pure: no I/O, no clock
//! local media files the published articles name ──read──▶ files, beside the feeds
//! output::write_all_atomic(files)                        only when there is no error; removes what
//!                                                        the manifest lists and this build no
//!                                                        longer writes
//! check: the same pipeline; each file is judged by its Format's rules (check::check_as)
//!        and compared with the disk
//! ```
//!
//! No stage reaches back: renderers never read files, the loader never
//! knows which formats exist, and no module imports one that imports it
//! back (`tests/cli/modules.rs` checks). At the bottom, importing nothing
//! above them: `format`, `rule`, `dates`, `links`, `diagnostic`, `plain`,
//! `hash` and `attribution`. A new output format is one [`format::Format`]
//! variant, its key in a `[[feeds]]` table (one field and one match arm in
//! `config`), one module under `render/` and one under `check/`.

#![warn(missing_docs)]

pub mod allow;
pub(crate) mod article;
pub mod attribution;
pub(crate) mod check;
pub mod config;
pub(crate) mod dates;
pub mod diagnostic;
pub(crate) mod feed;
pub mod format;
pub(crate) mod hash;
pub(crate) mod html;
pub mod init;
pub(crate) mod keys;
pub(crate) mod links;
pub mod man;
pub mod media;
pub mod output;
pub(crate) mod plain;
pub(crate) mod render;
pub mod rule;
pub(crate) mod scaffold;
pub mod serve;
pub(crate) mod stale;
pub mod websub;

use article::load;
use diagnostic::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

pub use article::decode as decode_article;
pub use article::load::{Progress, Quiet};

/// What `byline build` is asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The config file.
    pub config: PathBuf,
    /// An output folder that overrides the config's.
    pub out: Option<PathBuf>,
    /// The build's clock, in seconds since 1970; `None` reads
    /// `SOURCE_DATE_EPOCH`, or else the system clock (see [`clock`]).
    pub now: Option<i64>,
    /// After writing, tell the site's WebSub hub about each feed file whose
    /// bytes changed.
    pub ping: bool,
    /// How long to wait for the hub.
    pub patience: websub::Patience,
}

/// The clock a build or check judges dates by: `now` if given, else the
/// `SOURCE_DATE_EPOCH` environment variable (reproducible builds), else the
/// system clock. Output depends on it only for `future = "hold"`.
pub fn clock(now: Option<i64>) -> Result<i64, Diagnostic> {
    if let Some(now) = now {
        return Ok(now);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        return epoch.trim().parse().map_err(|_| {
            Diagnostic::error(
                "SOURCE_DATE_EPOCH",
                format!("`{epoch}` is not a number of seconds since 1970"),
            )
        });
    }
    Ok(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)))
}

/// What a successful build did.
#[derive(Debug)]
pub struct Report {
    /// Warnings, sorted; a successful build has no errors.
    pub warnings: Vec<Diagnostic>,
    /// How many feeds were published (archive pages not counted).
    pub feeds: usize,
    /// How many RFC 5005 archive pages they have.
    pub archive_pages: usize,
    /// How many articles were read (drafts included).
    pub articles: usize,
    /// How many were held back until their date (`future = "hold"`).
    pub held: usize,
    /// What was written.
    pub written: output::Written,
    /// The hub's answers, when the build pinged it.
    pub pings: Vec<websub::Ping>,
}

/// Why a build published nothing.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the articles; all of them, sorted (exit code 1).
    Input(Vec<Diagnostic>),
    /// A problem with the config, the folders or the disk (exit code 2).
    Setup(Vec<Diagnostic>),
}

/// Runs the whole pipeline and writes the feeds, or writes nothing. Every
/// diagnostic has a rule (see [`allow::name_the_rest`]).
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<Report, Failure> {
    let config = &options.config;
    build_unnamed(options, progress)
        .map(|mut report| {
            allow::name_the_rest(&mut report.warnings, config, false);
            report
        })
        .map_err(|failure| failure.named(config))
}

impl Failure {
    /// The same failure, every diagnostic with a rule.
    fn named(mut self, config: &std::path::Path) -> Failure {
        match &mut self {
            Failure::Input(d) => allow::name_the_rest(d, config, false),
            Failure::Setup(d) => allow::name_the_rest(d, config, true),
        }
        self
    }
}

fn build_unnamed(options: &BuildOptions, progress: &dyn Progress) -> Result<Report, Failure> {
    let now = clock(options.now).map_err(|d| Failure::Setup(vec![d]))?;
    let (config, loaded) = load_site(&options.config, options.out.as_deref(), progress, now)?;
    if options.ping && config.site.hub.is_none() {
        return Err(Failure::Setup(vec![
            Diagnostic::error(&config.path, "`--ping` needs a hub to ping")
                .with_help("set `hub = \"https://…\"` under [site]"),
        ]));
    }
    // Each batch's files are staged as soon as they are rendered, and put
    // in place together once every batch is: memory holds one batch.
    let mut stager = output::Stager::new(&config.output_dir);
    let published = publish_site(&config, &loaded.index, &mut |files| {
        let files: Vec<output::File> = files.into_iter().map(|(_, file)| file).collect();
        stager.stage(&files)
    })?;
    let written = stager.commit().map_err(|d| Failure::Setup(vec![d]))?;
    // The feeds are written whatever the hub says.
    let pings = match (&config.site.hub, options.ping) {
        (Some(hub), true) => {
            let feeds: std::collections::HashSet<&str> = published
                .made
                .iter()
                .filter(|(_, kind)| {
                    matches!(kind, render::Kind::Feed { format, .. } if format.is_feed())
                })
                .map(|(path, _)| path.as_str())
                .collect();
            let changed: Vec<(String, String)> = written
                .changed_paths
                .iter()
                .filter(|path| feeds.contains(path.as_str()))
                .map(|path| (path.clone(), config.site.output_url(path).into()))
                .collect();
            websub::ping(hub, &changed, options.patience)
        }
        _ => Vec::new(),
    };
    let mut warnings = loaded.diagnostics;
    warnings.extend(published.warnings);
    config.check.apply(&mut warnings);
    diagnostic::sort(&mut warnings);
    Ok(Report {
        warnings,
        feeds: published.feeds,
        archive_pages: published.archive_pages,
        articles: loaded.index.listings.len() + loaded.index.drafts + loaded.index.held,
        held: loaded.index.held,
        written,
        pings,
    })
}

/// Loads the config (with `out` overriding its output folder) and every
/// article; fails on any error, and returns the warnings sorted.
fn load_site(
    config_path: &std::path::Path,
    out: Option<&std::path::Path>,
    progress: &dyn Progress,
    now: i64,
) -> Result<(config::Config, load::Loaded), Failure> {
    let mut config = config::load(config_path).map_err(Failure::Setup)?;
    if let Some(out) = out {
        config.output_dir = out.to_path_buf();
    }
    let mut loaded = load::load(&config, progress, now).map_err(|d| Failure::Setup(vec![d]))?;
    let text = std::fs::read_to_string(config_path).unwrap_or_default();
    config
        .warnings
        .extend(scaffold::config_warnings(&config, &text));
    loaded.diagnostics.append(&mut config.warnings);
    config.check.apply(&mut loaded.diagnostics);
    diagnostic::sort(&mut loaded.diagnostics);
    if loaded.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Failure::Input(loaded.diagnostics));
    }
    Ok((config, loaded))
}

/// [`publish`] with article texts read from disk again.
fn publish_site(
    config: &config::Config,
    index: &load::Index,
    sink: &mut Sink<'_>,
) -> Result<Published, Failure> {
    let max = config.max_article_bytes;
    publish(
        config,
        index,
        |listing| load::read_text(&listing.path, max),
        BATCH_ENTRIES,
        sink,
    )
}

/// Where [`publish`] hands each batch of rendered files, as it is made:
/// staged for writing by `build`, judged and compared by `check`. An error
/// (the disk) stops the publishing.
type Sink<'s> = dyn FnMut(Vec<(render::Kind, output::File)>) -> Result<(), Diagnostic> + 's;

/// What `byline check` is asked to do.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// The config file, for checking the site (when `files` is empty).
    pub config: PathBuf,
    /// An output folder to compare with, instead of the config's.
    pub out: Option<PathBuf>,
    /// Feed files to check, from any source; empty means the site.
    pub files: Vec<PathBuf>,
    /// The clock, as for [`BuildOptions::now`].
    pub now: Option<i64>,
    /// Report every occurrence of a finding in the given files, not each
    /// rule once per element name (`--all`).
    pub all: bool,
    /// The HTTP `Content-Type` the given files were served with; its
    /// `charset` wins over what a file declares (`--content-type`).
    pub content_type: Option<String>,
}

/// What a check found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every finding, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// How many feed files were checked.
    pub files: usize,
}

/// Checks feed files, or the site: the whole build pipeline runs, nothing is
/// written, every feed it would write is checked with byline's rules and
/// compared with the file on disk, and a missing or different file is stale.
/// Every diagnostic has a rule.
pub fn check(options: &CheckOptions) -> Result<CheckReport, Failure> {
    let config = &options.config;
    check_unnamed(options)
        .map(|mut report| {
            allow::name_the_rest(&mut report.diagnostics, config, false);
            report
        })
        .map_err(|failure| failure.named(config))
}

fn check_unnamed(options: &CheckOptions) -> Result<CheckReport, Failure> {
    let now = clock(options.now).map_err(|d| Failure::Setup(vec![d]))?;
    if !options.files.is_empty() {
        let mut diagnostics = Vec::new();
        let judging = check::Judging {
            now,
            all: options.all,
            charset: options.content_type.as_deref().and_then(check::charset),
        };
        for path in &options.files {
            match std::fs::read(path) {
                Ok(bytes) => diagnostics.extend(check::check_feed(path, &bytes, judging)),
                Err(e) => {
                    return Err(Failure::Setup(vec![Diagnostic::error(
                        path,
                        format!("cannot read the file: {e}"),
                    )]));
                }
            }
        }
        // By file and line; on one line, in the order `check` found them
        // (the document's), which a stable sort keeps.
        diagnostics.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
        return Ok(CheckReport {
            diagnostics,
            files: options.files.len(),
        });
    }

    let (config, loaded) = load_site(&options.config, options.out.as_deref(), &Quiet, now)?;
    let mut diagnostics = loaded.diagnostics;
    // Each file is judged and compared with the disk as its batch is made.
    let mut found = Vec::new();
    let sources = stale::Sources::new(&loaded.index, &config.site);
    let mut changed_articles = Vec::new();
    let published = publish_site(&config, &loaded.index, &mut |files| {
        let judged: Vec<(Vec<Diagnostic>, Vec<stale::Pair>)> = files
            .par_iter()
            .map(|(kind, file)| {
                let path = config.output_dir.join(&file.path);
                let mut findings = match kind {
                    render::Kind::Feed { format, feed } => {
                        check::check_as(*format, feed, &path, &file.bytes, now)
                    }
                    render::Kind::Media => Vec::new(),
                };
                let mut articles = Vec::new();
                findings.extend(stale(&path, file, kind, &sources, &mut articles));
                (findings, articles)
            })
            .collect();
        for (findings, articles) in judged {
            found.extend(findings);
            changed_articles.extend(articles);
        }
        Ok(())
    })?;
    diagnostics.extend(found);
    diagnostics.extend(stale::on_articles(changed_articles));
    diagnostics.extend(published.warnings);
    let paths = published.made.iter().map(|(path, _)| path.as_str());
    for leftover in output::leftovers_of(&config.output_dir, paths) {
        let path = config.output_dir.join(&leftover);
        diagnostics.push(
            Diagnostic::error(
                &path,
                format!(
                    "{} is no longer produced by any feed: run `byline build` to remove it",
                    path.display()
                ),
            )
            .rule(check::Rule::StaleFile),
        );
    }
    config.check.apply(&mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    Ok(CheckReport {
        diagnostics,
        files: published.made.len(),
    })
}

/// Checks one feed file's bytes, of any format, as `byline check FILE`
/// does; `now` (seconds since 1970) judges future dates. Never panics,
/// whatever the bytes.
pub fn check_bytes(path: &std::path::Path, bytes: &[u8], now: i64) -> Vec<Diagnostic> {
    let judging = check::Judging {
        now,
        ..check::Judging::default()
    };
    let mut found = check::check_feed(path, bytes, judging);
    diagnostic::sort(&mut found);
    found
}

/// The `StaleFile` finding for a file on disk that is missing or differs
/// from what the build would write; for a feed it says which items were
/// added, removed or changed, by id and title, and adds to `articles` the
/// (article, feed file) pair of each added or changed item.
fn stale(
    path: &std::path::Path,
    file: &output::File,
    kind: &render::Kind,
    sources: &stale::Sources<'_>,
    articles: &mut Vec<stale::Pair>,
) -> Option<Diagnostic> {
    let on_disk = match std::fs::read(path) {
        Ok(on_disk) if on_disk == file.bytes => return None,
        Ok(on_disk) => on_disk,
        Err(_) => {
            return Some(
                Diagnostic::error(
                    path,
                    format!("{} is missing: run `byline build`", path.display()),
                )
                .rule(check::Rule::StaleFile),
            );
        }
    };
    let changes = match kind {
        render::Kind::Feed { format, .. } => check::diff::changes(*format, &on_disk, &file.bytes),
        render::Kind::Media => None,
    };
    for (id, _) in changes
        .iter()
        .flat_map(|c| c.added.iter().chain(&c.changed))
    {
        if let Some(article) = sources.article(id) {
            articles.push((article.to_path_buf(), path.to_path_buf()));
        }
    }
    let what = match changes.as_ref().map(|c| (c.summary(), c)) {
        Some((Some(summary), _)) => format!(": {summary}"),
        Some((None, _)) => ": the feed's own elements changed, no item did".to_owned(),
        None => String::new(),
    };
    let mut diagnostic = Diagnostic::error(
        path,
        format!(
            "{} is out of date{what}: run `byline build`",
            path.display()
        ),
    )
    .rule(check::Rule::StaleFile);
    if let Some(changes) = changes.filter(|c| c.summary().is_some()) {
        diagnostic = diagnostic.with_help(changes.details(10));
    }
    Some(diagnostic)
}

/// What [`publish`] made: every file, rendered, and what is worth a warning.
struct Published {
    /// How many feeds there are, archive pages not counted.
    feeds: usize,
    /// How many archive pages they have.
    archive_pages: usize,
    /// Every file handed to the sink: its path and what it is.
    made: Vec<(String, render::Kind)>,
    /// Empty feeds, and what the HTML filter removed from published articles.
    warnings: Vec<Diagnostic>,
}

/// Selects the feeds and renders every file, given the index of checked
/// articles and a way to read a listed article's text again. Only the
/// articles some feed publishes are parsed again and rendered. Each batch's
/// files go to `sink` as soon as they are made, until a problem is found:
/// after that, the rest is rendered only to find every problem, and the
/// caller must not keep what the sink received.
fn publish(
    config: &config::Config,
    index: &load::Index,
    text_of: impl Fn(&load::Listing) -> Result<String, Diagnostic> + Sync,
    batch_entries: usize,
    sink: &mut Sink<'_>,
) -> Result<Published, Failure> {
    let feed::Selection {
        feeds: plans,
        mut warnings,
    } = feed::select(config, index).map_err(Failure::Setup)?;
    let archive_pages = plans
        .iter()
        .filter(|plan| plan.history == feed::History::Archive)
        .count();
    let feeds = plans.len() - archive_pages;
    let mut made: Vec<(String, render::Kind)> = Vec::new();
    let mut problems = Vec::new();
    // Local media files by where they are published: the podcasts' covers,
    // then what each published article points at.
    let mut media: BTreeMap<String, (PathBuf, PathBuf)> = BTreeMap::new();
    let covers = config.feeds.iter().filter_map(|spec| {
        let cover = spec.podcast.as_ref()?.image.local.as_ref()?;
        Some((cover, config.path.clone()))
    });
    for (local, by) in covers {
        media.insert(local.path.clone(), (local.file.clone(), by));
    }
    for batch in batches(plans, batch_entries) {
        match render_batch(config, index, &text_of, batch) {
            Ok(rendered) => {
                made.extend(
                    rendered
                        .files
                        .iter()
                        .map(|(kind, file)| (file.path.clone(), kind.clone())),
                );
                if problems.is_empty() {
                    sink(rendered.files).map_err(|d| Failure::Setup(vec![d]))?;
                }
                for (local, by) in rendered.media {
                    match media.get(&local.path) {
                        Some((file, _)) if *file == local.file => {}
                        Some((file, _)) => problems.push(
                            Diagnostic::error(
                                &by,
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
                            media.insert(local.path, (local.file, by));
                        }
                    }
                }
                warnings.extend(rendered.warnings);
            }
            Err(found) => problems.extend(found),
        }
    }
    let feed_paths: HashSet<&str> = made.iter().map(|(path, _)| path.as_str()).collect();
    for (path, (_, by)) in &media {
        if feed_paths.contains(path.as_str()) {
            problems.push(Diagnostic::error(
                by,
                format!("the media file `{path}` would replace a feed file of the same name"),
            ));
        }
    }
    // Media files are read and handed on a few at a time, so that memory
    // holds a handful of them, not a podcast's whole archive.
    let media: Vec<(String, (PathBuf, PathBuf))> = media.into_iter().collect();
    for chunk in media.chunks(MEDIA_CHUNK) {
        let copies: Vec<Result<output::File, Diagnostic>> = chunk
            .par_iter()
            .map(|(path, (file, by))| {
                let bytes = std::fs::read(file).map_err(|e| {
                    Diagnostic::error(by, format!("cannot read `{}`: {e}", file.display()))
                })?;
                Ok(output::File {
                    path: path.clone(),
                    bytes,
                })
            })
            .collect();
        let mut files = Vec::new();
        for copy in copies {
            match copy {
                Ok(file) => {
                    made.push((file.path.clone(), render::Kind::Media));
                    files.push((render::Kind::Media, file));
                }
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            sink(files).map_err(|d| Failure::Setup(vec![d]))?;
        }
    }
    if !problems.is_empty() {
        diagnostic::sort(&mut problems);
        problems.dedup();
        return Err(Failure::Input(problems));
    }
    // An article that two batches carry is rendered, and warned about, twice.
    diagnostic::sort(&mut warnings);
    warnings.dedup();
    Ok(Published {
        feeds,
        archive_pages,
        made,
        warnings,
    })
}

/// How many local media files are read and written at once.
const MEDIA_CHUNK: usize = 16;

/// How many entries, at most, one batch of feeds carries: the articles of
/// a batch are parsed and rendered together and dropped once its files are
/// rendered, so memory holds one batch of articles whatever the site's size
/// (a single feed larger than this is one batch of its own).
const BATCH_ENTRIES: usize = 4096;

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

/// The files of one batch of feeds, and the warnings their articles gave.
struct Batch {
    files: Vec<(render::Kind, output::File)>,
    /// The local media files of the batch's articles, each with the
    /// article that names it.
    media: Vec<(media::Local, PathBuf)>,
    warnings: Vec<Diagnostic>,
}

/// Parses and renders the articles a batch of feeds carries (each once,
/// however many of its feeds carry it), then renders the batch's files.
fn render_batch(
    config: &config::Config,
    index: &load::Index,
    text_of: &(impl Fn(&load::Listing) -> Result<String, Diagnostic> + Sync),
    plans: Vec<feed::Feed<'_, usize>>,
) -> Result<Batch, Vec<Diagnostic>> {
    let mut wanted: Vec<usize> = plans
        .iter()
        .flat_map(|plan| plan.entries.iter().copied())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    type Rendered = (article::Article, html::ArticleHtml, Vec<Diagnostic>);
    let loaded: Vec<Result<Rendered, Diagnostic>> = wanted
        .par_iter()
        .map(|&i| {
            let listing = &index.listings[i];
            let text = text_of(listing)?;
            let parsed = article::parse(&listing.path, &text, &listing.facts, &config.site)
                .ok()
                .filter(|parsed| index.still_matches(listing, &parsed.article))
                .ok_or_else(|| {
                    Diagnostic::error(&listing.path, "the file changed while byline was running")
                        .with_help("run the build again")
                })?;
            let (content, warnings) = html::render(&parsed, &config.site);
            Ok((parsed.article, content, warnings))
        })
        .collect();
    let mut rendered = Vec::with_capacity(wanted.len());
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    for result in loaded {
        match result {
            Ok((article, html, removed)) => {
                warnings.extend(removed);
                rendered.push((article, html));
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let loaded_article = |i: usize| {
        let position = wanted
            .binary_search(&i)
            .expect("every selected listing was loaded");
        &rendered[position]
    };
    // Every episode of a podcast has its audio.
    for plan in plans.iter().filter(|plan| plan.podcast.is_some()) {
        let name = plan
            .outputs
            .first()
            .map_or("", |output| output.path.as_str());
        for &i in &plan.entries {
            let (article, _) = loaded_article(i);
            if article.media.enclosure.is_none() {
                problems.push(
                    Diagnostic::error(
                        &article.path,
                        format!("the podcast `{name}` carries this article, but it has no `enclosure`"),
                    )
                    .with_help("add `enclosure = { src = \"episode.mp3\" }`, or keep the article out of the podcast's `tags`"),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let media = rendered
        .iter()
        .flat_map(|(article, _)| {
            article
                .media
                .local_files()
                .map(|local| (local.clone(), article.path.clone()))
        })
        .collect();
    let feeds: Vec<feed::Feed<'_>> = plans
        .into_iter()
        .map(|plan| {
            plan.with_entries(|i| {
                let position = wanted
                    .binary_search(&i)
                    .expect("every selected listing was loaded");
                let (article, html) = &rendered[position];
                feed::Entry { article, html }
            })
        })
        .collect();
    Ok(Batch {
        files: render::render_all(&feeds),
        media,
        warnings,
    })
}

/// The whole pipeline in memory, without touching the disk: parses the
/// given article texts as if they were files at those paths, and renders
/// every feed of `config`. For tests, property tests and fuzzing.
pub fn render_texts(
    config: &config::Config,
    texts: &[(PathBuf, String)],
) -> Result<Vec<output::File>, Failure> {
    let mut index = load::Index::default();
    let mut problems = Vec::new();
    for (path, text) in texts {
        match article::parse(path, text, &article::FileFacts::default(), &config.site) {
            Ok(parsed) => index.add(parsed.article),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        diagnostic::sort(&mut problems);
        return Err(Failure::Input(problems));
    }
    let text_of = |listing: &load::Listing| {
        texts
            .iter()
            .find(|(path, _)| *path == listing.path)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| Diagnostic::error(&listing.path, "no such article"))
    };
    let mut files = Vec::new();
    publish(config, &index, text_of, BATCH_ENTRIES, &mut |batch| {
        files.extend(batch.into_iter().map(|(_, file)| file));
        Ok(())
    })?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_feed_order_and_their_size() {
        let config = config::parse(
            std::path::Path::new("feeds.toml"),
            "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\nauthors = [\"A\"]\n\
             [[feeds]]\nrss = \"a.xml\"\n[[feeds]]\nrss = \"b.xml\"\n[[feeds]]\nrss = \"c.xml\"\n",
        )
        .unwrap();
        let feed = |entries: Vec<usize>| feed::Feed {
            title: String::new(),
            description: String::new(),
            links: Vec::new(),
            outputs: Vec::new(),
            content: config::ContentMode::Full,
            site: &config.site,
            podcast: None,
            history: feed::History::Plain,
            entries,
            site_updated: None,
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
        let config = config::parse(
            std::path::Path::new("feeds.toml"),
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
        let mut index = load::Index::default();
        for (path, text) in &texts {
            index.add(
                article::parse(path, text, &article::FileFacts::default(), &config.site)
                    .unwrap()
                    .article,
            );
        }
        let text_of = |listing: &load::Listing| {
            Ok(texts
                .iter()
                .find(|(p, _)| *p == listing.path)
                .unwrap()
                .1
                .clone())
        };
        let collect = |batch_entries| {
            let mut files = Vec::new();
            let published = publish(&config, &index, text_of, batch_entries, &mut |batch| {
                files.extend(batch);
                Ok(())
            });
            match published {
                Ok(published) => (published, files),
                Err(Failure::Input(d) | Failure::Setup(d)) => panic!("{d:?}"),
            }
        };
        let (one, one_files) = collect(1);
        let (all, all_files) = collect(BATCH_ENTRIES);
        assert_eq!(one_files.len(), 6);
        assert_eq!(one_files, all_files);
        assert_eq!(one.made, all.made);
        assert!(!one.warnings.is_empty(), "the filter removes <audio>");
        assert_eq!(one.warnings, all.warnings);
    }
}
