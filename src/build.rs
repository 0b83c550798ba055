//! `byline build`, step by step: load the site, hold it to its lock, publish
//! every file into the stager and commit them together, record what is now
//! published in `byline.lock`, then tell the hubs. Each step is a function
//! of what the previous one made; nothing here renders or parses.

use crate::article::load::Progress;
use crate::dates::clock;
use crate::diagnostic::{self, Diagnostic, Failure};
use crate::output::{self, Written};
use crate::publish::{Published, Site};
use crate::{rule, websub};
use std::path::PathBuf;

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
    /// bytes changed, and its podcast index about each podcast feed that did.
    pub ping: bool,
    /// How long to wait for the hub.
    pub patience: websub::Patience,
    /// What the build does with `byline.lock`.
    pub lock: LockMode,
}

/// What a build does with `byline.lock`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LockMode {
    /// Writes it when what it records changed.
    #[default]
    Write,
    /// Never writes it, and fails, writing nothing, when it is out of date
    /// (`--locked`, for the CI job that publishes).
    Locked,
    /// Neither writes it nor minds it: a preview (`byline serve`).
    Leave,
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
    /// How many of those were kept as the last build wrote them, neither
    /// rendered nor compared: their articles and the config had not changed.
    pub archive_pages_kept: usize,
    /// How many articles were read (drafts included).
    pub articles: usize,
    /// How many were held back until their date (`future = "hold"`).
    pub held: usize,
    /// The held article that falls due first, and when (RFC 3339).
    pub next_held: Option<(PathBuf, String)>,
    /// Returns true if and only if the build wrote `byline.lock`.
    pub lock_written: bool,
    /// What was written.
    pub written: output::Written,
    /// The hub's answers, when the build pinged it.
    pub pings: Vec<websub::Ping>,
    /// The podcast index's answers, when the build told it about podcast
    /// feeds that changed.
    pub index_pings: Vec<websub::Ping>,
}

/// Runs the whole pipeline and writes the feeds, or writes nothing.
pub(crate) fn run(options: &BuildOptions, progress: &dyn Progress) -> Result<Report, Failure> {
    let now = clock(options.now).map_err(|d| Failure::Setup(vec![d]))?;
    let site = Site::load(&options.config, options.out.as_deref(), progress, now, true)?;
    let config = &site.config;
    if options.ping && config.site.hub.is_none() && config.site.podcast_index.is_none() {
        return Err(Failure::Setup(vec![
            Diagnostic::error(&config.path, "`--ping` needs a hub to ping")
                .with_help("set `hub = \"https://…\"` (WebSub) or `podcast_index = \"https://…\"` under [site]"),
        ]));
    }
    // `--locked`: an out-of-date lock fails the build before anything is written.
    if options.lock == LockMode::Locked
        && let Some(record) = &site.record
        && !record.out_of_date.is_empty()
    {
        return Err(Failure::Input(record.out_of_date.clone()));
    }
    // Each batch's files are staged as soon as they are rendered, and put
    // in place together once every batch is: memory holds one batch.
    let mut stager = output::Stager::new(&config.output_dir);
    let published = site.publish(&mut stager)?;
    let written = stager.commit().map_err(|d| Failure::Setup(vec![d]))?;
    // The lock records what is now published: only once the files are.
    let lock_written = match (&site.record, options.lock) {
        (Some(record), LockMode::Write) => record
            .write(
                &site.index,
                &config.site,
                &published.feed_urls(&config.site),
            )
            .map_err(|d| Failure::Setup(vec![d]))?,
        _ => false,
    };
    // The feeds are written whatever the hubs say.
    let (pings, index_pings) = match options.ping {
        true => ping(&site, &published, &written, options.patience),
        false => (Vec::new(), Vec::new()),
    };
    let mut warnings = site.warnings.clone();
    warnings.extend(published.warnings);
    warnings.extend(lock_warnings(&site, options.lock));
    config.check.apply(&mut warnings);
    diagnostic::sort(&mut warnings);
    Ok(Report {
        warnings,
        feeds: published.feeds,
        archive_pages: published.archive_pages,
        archive_pages_kept: published.archive_pages_kept,
        articles: site.articles(),
        held: site.index.held,
        next_held: site
            .index
            .next_held
            .as_ref()
            .map(|(path, due)| (path.clone(), due.to_rfc3339())),
        lock_written,
        written,
        pings,
        index_pings,
    })
}

/// Tells the WebSub hub about every feed file that changed, and the podcast
/// index about the podcast feeds among them: the hub's answers, then the
/// index's.
fn ping(
    site: &Site,
    published: &Published,
    written: &Written,
    patience: websub::Patience,
) -> (Vec<websub::Ping>, Vec<websub::Ping>) {
    let config = &site.config;
    let changed = published.changed_feeds(written, &config.site);
    let pings = match &config.site.hub {
        Some(hub) => websub::ping(hub, &changed, patience),
        None => Vec::new(),
    };
    let index_pings = match &config.site.podcast_index {
        Some(index) => {
            let podcasts_changed: Vec<(String, String)> = changed
                .into_iter()
                .filter(|(path, _)| websub::is_podcast(config, path))
                .collect();
            websub::notify_index(index, &podcasts_changed, patience)
        }
        None => Vec::new(),
    };
    (pings, index_pings)
}

/// What the build says about keeping its promises: a first push that a
/// `--locked` build cannot hold to a lock, and the held article that falls
/// due first, so a scheduled job knows when to run.
fn lock_warnings(site: &Site, lock: LockMode) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    if let Some(record) = site.record.as_ref().filter(|r| !r.existed())
        && lock == LockMode::Locked
    {
        warnings.push(
            Diagnostic::warning(
                &record.path,
                "there is no lock, so no id is kept across builds yet",
            )
            .with_help("run `byline build` once and commit byline.lock")
            .rule(rule::Rule::MissingLock),
        );
    }
    if let Some((path, due)) = &site.index.next_held {
        let others = match site.index.held {
            1 => String::new(),
            n => format!(", the first of the {n} held articles to fall due"),
        };
        warnings.push(
            Diagnostic::warning(
                path,
                format!(
                    "this article is held back until {}{others}",
                    due.to_rfc3339()
                ),
            )
            .with_help("a build after that time publishes it: schedule one then")
            .rule(rule::Rule::NextHeld),
        );
    }
    warnings
}
