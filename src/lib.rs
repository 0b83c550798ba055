//! byline turns a folder of articles and a `feeds.toml` into RSS 2.0,
//! Atom 1.0 and JSON Feed 1.1 feeds (and an HTML page per feed) that carry
//! attribution: who wrote each article, where it was adapted from, and
//! under which rights and license.
//!
//! Data flows one way, through stages that are types (module `publish`),
//! which module `build` runs in order for `byline build`:
//!
//! ```text
//! feeds.toml ──config::load──▶ Config               each [[feeds]] lists its outputs: Vec<(Format, path)>
//! articles/* ──article::load──▶ Index               every problem, not the first; per file: read ▶ decode
//!              ▶ front matter (TOML | YAML, in the site's dialect) ▶ resolve, with FileFacts (git
//!              dates, media probes) ▶ Article ▶ Listing
//! byline.lock ──record::apply──▶ recorded ids and podcast guids on the listings = publish::Site
//! Site ──select──▶ Selected      feeds with their entries; every input check that needs them
//!                                (podcast enclosures, media paths, media files) = the last Failure::Input
//! Selected ──publish──▶ batches of ≤ 4,096 entries: parse again (pure), html::render, render::render_all
//!          ▶ an item view per entry (render::item: what every format says of it) ▶ files, per format
//!          ▶ a Sink: output::Stager (build), publish::judge::Judge (check), a Vec (render_texts)
//! output::Stager::commit         all or nothing for the whole set (a journal; see output)
//! record::Record::write          then byline.lock, atomically, when what it records changed
//! ```
//!
//! No stage reaches back: renderers never read files, the loader never
//! knows which formats exist, and no module imports one that imports it
//! back (`tests/cli/modules.rs` checks). At the bottom, importing nothing
//! above them: `format`, `rule`, `dates`, `links`, `diagnostic`, `plain`, `syntax`,
//! `hash` and `attribution`. A new output format is one `format::Format`
//! variant, its key in a `[[feeds]]` table, one module under `render/` and
//! one under `check/`.
//!
//! **What this library is.** byline is a program; this library is its
//! implementation, public only so that the binary, the integration tests,
//! the fuzz targets and the examples reach it. It promises other Rust
//! programs nothing: its types change whenever the program needs them to,
//! and the pipeline's stages stay inside the crate. (An embedding API would
//! be [`render_texts`] grown up; an API is a promise no one has asked for.)
//! A module is `pub` only when one of those reaches into it (`config`,
//! `diagnostic`, `init`, `man`, `output`, `rule`, `serve`, `websub`); every
//! other is `pub(crate)`, and the `unreachable_pub` lint keeps each `pub`
//! item honest about it.

#![warn(missing_docs)]

pub(crate) mod allow;
pub(crate) mod article;
pub(crate) mod attribution;
pub(crate) mod budget;
pub(crate) mod build;
pub(crate) mod check;
pub mod config;
pub(crate) mod dates;
pub mod diagnostic;
pub(crate) mod feed;
pub(crate) mod format;
pub(crate) mod generator;
pub(crate) mod hash;
pub(crate) mod html;
pub mod init;
pub(crate) mod keys;
pub(crate) mod links;
pub mod man;
pub(crate) mod media;
pub(crate) mod opml;
pub mod output;
pub(crate) mod permalink;
pub(crate) mod plain;
pub(crate) mod publish;
pub(crate) mod record;
pub(crate) mod render;
pub mod rule;
pub(crate) mod scaffold;
pub mod serve;
pub(crate) mod stale;
pub(crate) mod syntax;
pub mod websub;

use diagnostic::Diagnostic;
use publish::{BATCH_ENTRIES, Site};
use std::path::PathBuf;

pub use article::decode as decode_article;
pub use article::load::{Progress, Quiet};
pub use build::{BuildOptions, LockMode, Report};
pub use dates::clock;
pub use diagnostic::Failure;

/// Runs the whole pipeline and writes the feeds, or writes nothing. Every
/// diagnostic has a rule (see `allow::name_the_rest`).
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<Report, Failure> {
    let config = &options.config;
    build::run(options, progress)
        .map(|mut report| {
            allow::name_the_rest(&mut report.warnings, config, false);
            report
        })
        .map_err(|failure| failure.named(config))
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
        let judging = check::Judging {
            now,
            all: options.all,
            charset: options.content_type.as_deref().and_then(check::charset),
        };
        return Ok(CheckReport {
            diagnostics: publish::judge::check_files(&options.files, judging)?,
            files: options.files.len(),
        });
    }
    let site = Site::load(&options.config, options.out.as_deref(), &Quiet, now, false)?;
    let (diagnostics, files) = publish::judge::check_site(&site, now)?;
    Ok(CheckReport { diagnostics, files })
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

/// The whole pipeline in memory, without touching the disk: parses the
/// given article texts as if they were files at those paths, and renders
/// every feed of `config`. For tests, property tests and fuzzing.
pub fn render_texts(
    config: &config::Config,
    texts: &[(PathBuf, String)],
) -> Result<Vec<output::File>, Failure> {
    let site = Site::from_texts(config.clone(), texts)?;
    let text_of = |listing: article::load::Listed<'_>| {
        let path = listing.path();
        texts
            .iter()
            .find(|(given, _)| *given == path)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| Diagnostic::error(path, "no such article"))
    };
    let mut files = Vec::new();
    site.select()?.publish(text_of, BATCH_ENTRIES, &mut files)?;
    Ok(files)
}
