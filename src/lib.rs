//! byline turns a folder of articles and a `feeds.toml` into RSS 2.0 and
//! Atom 1.0 feeds that carry attribution: who wrote each article, where it
//! was adapted from, and under which rights and license.
//!
//! Data flows one way:
//!
//! ```text
//! feeds.toml ──config::load──▶ Config
//! articles/* ──article::load──▶ Loaded { index, diagnostics }      every problem, not the first
//! Config × Index ──feed::select──▶ Vec<Feed<usize>>               filter, newest first, limit
//! selected articles ──parse, html::render──▶ Feed<&Article>, Bodies  only what some feed publishes
//! Feed × Format ──render──▶ Vec<u8>                               pure: no I/O, no clock
//! output::write_all_atomic(files)                                 only when there is no error;
//!                                                                 removes what the manifest lists and
//!                                                                 this build no longer writes
//! check: the same pipeline; the last step checks the files and compares them with the disk
//! ```
//!
//! No stage reaches back: renderers never read files, and the loader never
//! knows which formats exist.

#![warn(missing_docs)]

pub(crate) mod article;
pub mod attribution;
pub(crate) mod check;
pub mod config;
pub(crate) mod dates;
pub mod diagnostic;
pub(crate) mod feed;
pub mod format;
pub(crate) mod html;
pub(crate) mod links;
pub mod output;
pub(crate) mod plain;
pub(crate) mod render;
pub mod rule;

use article::load;
use diagnostic::Diagnostic;
use rayon::prelude::*;
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
}

/// What a successful build did.
#[derive(Debug)]
pub struct Report {
    /// Warnings, sorted; a successful build has no errors.
    pub warnings: Vec<Diagnostic>,
    /// How many feeds were published.
    pub feeds: usize,
    /// How many articles were read (drafts included).
    pub articles: usize,
    /// What was written.
    pub written: output::Written,
}

/// Why a build published nothing.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the articles; all of them, sorted (exit code 1).
    Input(Vec<Diagnostic>),
    /// A problem with the config, the folders or the disk (exit code 2).
    Setup(Vec<Diagnostic>),
}

/// Runs the whole pipeline and writes the feeds, or writes nothing.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<Report, Failure> {
    let (config, loaded) = load_site(&options.config, options.out.as_deref(), progress)?;
    let published = publish_site(&config, &loaded.index)?;
    let written = output::write_all_atomic(&config.output_dir, &published.files)
        .map_err(|d| Failure::Setup(vec![d]))?;
    let mut warnings = loaded.diagnostics;
    warnings.extend(published.warnings);
    diagnostic::sort(&mut warnings);
    Ok(Report {
        warnings,
        feeds: published.feeds,
        articles: loaded.index.listings.len() + loaded.index.drafts,
        written,
    })
}

/// Loads the config (with `out` overriding its output folder) and every
/// article; fails on any error, and returns the warnings sorted.
fn load_site(
    config_path: &std::path::Path,
    out: Option<&std::path::Path>,
    progress: &dyn Progress,
) -> Result<(config::Config, load::Loaded), Failure> {
    let mut config = config::load(config_path).map_err(Failure::Setup)?;
    if let Some(out) = out {
        config.output_dir = out.to_path_buf();
    }
    let mut loaded = load::load(&config, progress).map_err(|d| Failure::Setup(vec![d]))?;
    loaded.diagnostics.append(&mut config.warnings);
    diagnostic::sort(&mut loaded.diagnostics);
    if loaded.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Failure::Input(loaded.diagnostics));
    }
    Ok((config, loaded))
}

/// [`publish`] with article texts read from disk again.
fn publish_site(config: &config::Config, index: &load::Index) -> Result<Published, Failure> {
    let max = config.max_article_bytes;
    publish(config, index, |listing| load::read_text(&listing.path, max))
}

/// What `byline check` is asked to do.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// The config file, for checking the site (when `files` is empty).
    pub config: PathBuf,
    /// An output folder to compare with, instead of the config's.
    pub out: Option<PathBuf>,
    /// Feed files to check, from any source; empty means the site.
    pub files: Vec<PathBuf>,
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
pub fn check(options: &CheckOptions) -> Result<CheckReport, Failure> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    if !options.files.is_empty() {
        let mut diagnostics = Vec::new();
        for path in &options.files {
            match std::fs::read(path) {
                Ok(bytes) => diagnostics.extend(check::check_feed(path, &bytes, now)),
                Err(e) => {
                    return Err(Failure::Setup(vec![Diagnostic::error(
                        path,
                        format!("cannot read the file: {e}"),
                    )]));
                }
            }
        }
        diagnostic::sort(&mut diagnostics);
        return Ok(CheckReport {
            diagnostics,
            files: options.files.len(),
        });
    }

    let (config, loaded) = load_site(&options.config, options.out.as_deref(), &Quiet)?;
    let mut diagnostics = loaded.diagnostics;
    let Published {
        files,
        formats,
        warnings,
        ..
    } = publish_site(&config, &loaded.index)?;
    diagnostics.extend(warnings);
    for leftover in output::leftovers(&config.output_dir, &files) {
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
    for (file, &format) in files.iter().zip(&formats) {
        let path = config.output_dir.join(&file.path);
        diagnostics.extend(check::check_as(format, &path, &file.bytes, now));
        let stale = match std::fs::read(&path) {
            Ok(on_disk) if on_disk == file.bytes => None,
            Ok(_) => Some("is out of date"),
            Err(_) => Some("is missing"),
        };
        if let Some(state) = stale {
            diagnostics.push(
                Diagnostic::error(
                    &path,
                    format!("{} {state}: run `byline build`", path.display()),
                )
                .rule(check::Rule::StaleFile),
            );
        }
    }
    diagnostic::sort(&mut diagnostics);
    Ok(CheckReport {
        diagnostics,
        files: files.len(),
    })
}

/// What [`publish`] made: every file, rendered, and what is worth a warning.
struct Published {
    /// How many feeds there are.
    feeds: usize,
    /// Every file of every feed.
    files: Vec<output::File>,
    /// The format of each file, in the same order.
    formats: Vec<format::Format>,
    /// Empty feeds, and what the HTML filter removed from published articles.
    warnings: Vec<Diagnostic>,
}

/// Selects the feeds and renders every file, given the index of checked
/// articles and a way to read a listed article's text again. Only the
/// articles some feed publishes are parsed again and rendered. Returns the
/// files, or why nothing can be published.
fn publish(
    config: &config::Config,
    index: &load::Index,
    text_of: impl Fn(&load::Listing) -> Result<String, Diagnostic> + Sync,
) -> Result<Published, Failure> {
    let feed::Selection {
        feeds: plans,
        mut warnings,
    } = feed::select(config, index).map_err(Failure::Setup)?;

    // Each published article, parsed and rendered once however many feeds carry it.
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
        diagnostic::sort(&mut problems);
        return Err(Failure::Input(problems));
    }
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
    let (formats, files) = render::render_all(&feeds).into_iter().unzip();
    Ok(Published {
        feeds: feeds.len(),
        files,
        formats,
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
    publish(config, &index, text_of).map(|published| published.files)
}
