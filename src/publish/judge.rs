//! `check`'s sink: each file the build would write is judged by its
//! format's rules and compared with the file on disk, as its batch is made.

use super::Sink;
use crate::check;
use crate::diagnostic::{Diagnostic, Failure};
use crate::output;
use crate::render::Kind;
use crate::stale;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Judges every file handed to it; what it found is in [`Judge::found`].
pub(crate) struct Judge<'s> {
    /// The output folder the files are compared with.
    dir: PathBuf,
    /// The clock future dates are judged by.
    now: i64,
    /// Which article each item id comes from.
    sources: &'s stale::Sources<'s>,
    /// Every finding so far.
    pub(crate) found: Vec<Diagnostic>,
    /// The (article, feed file) pair of each item added or changed.
    pub(crate) changed_articles: Vec<stale::Pair>,
}

impl<'s> Judge<'s> {
    /// A judge of files meant for `dir`, with the clock `now`.
    pub(crate) fn new(dir: &Path, now: i64, sources: &'s stale::Sources<'s>) -> Judge<'s> {
        Judge {
            dir: dir.to_owned(),
            now,
            sources,
            found: Vec::new(),
            changed_articles: Vec::new(),
        }
    }
}

impl Sink for Judge<'_> {
    fn accept(&mut self, files: Vec<(Kind, output::File)>) -> Result<(), Diagnostic> {
        let judged: Vec<(Vec<Diagnostic>, Vec<stale::Pair>)> = files
            .par_iter()
            .map(|(kind, file)| {
                let path = self.dir.join(&file.path);
                let mut findings = match kind {
                    Kind::Feed { format, feed } => {
                        check::check_as(*format, feed, &path, &file.bytes, self.now)
                    }
                    Kind::Media | Kind::Opml => Vec::new(),
                };
                let mut articles = Vec::new();
                findings.extend(stale(&path, file, kind, self.sources, &mut articles));
                (findings, articles)
            })
            .collect();
        for (findings, articles) in judged {
            self.found.extend(findings);
            self.changed_articles.extend(articles);
        }
        Ok(())
    }
}

/// The `StaleFile` finding for a file on disk that is missing or differs
/// from what the build would write; for a feed it says which items were
/// added, removed or changed, by id and title, and adds to `articles` the
/// (article, feed file) pair of each added or changed item.
fn stale(
    path: &Path,
    file: &output::File,
    kind: &Kind,
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
        Kind::Feed { format, .. } => check::diff::changes(*format, &on_disk, &file.bytes),
        Kind::Media | Kind::Opml => None,
    };
    for (id, _) in changes
        .iter()
        .flat_map(|c| c.added.iter().chain(&c.changed))
    {
        if let Some(article) = sources.article(id) {
            articles.push((article, path.to_path_buf()));
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

/// Checks the site: every file the build would write is judged and
/// compared with the disk as its batch is made, and what the last build
/// wrote and this one would not is stale. Every finding, sorted, and how
/// many files were checked.
pub(crate) fn check_site(
    site: &super::Site,
    now: i64,
) -> Result<(Vec<Diagnostic>, usize), Failure> {
    let sources = stale::Sources::new(&site.index, &site.config.site);
    let mut judge = Judge::new(&site.config.output_dir, now, &sources);
    let published = site.publish(&mut judge)?;
    let mut diagnostics = site.warnings.clone();
    if let Some(record) = &site.record {
        diagnostics.extend(record.out_of_date.iter().cloned());
    }
    diagnostics.append(&mut judge.found);
    diagnostics.extend(stale::on_articles(judge.changed_articles));
    diagnostics.extend(published.warnings);
    let made = published.made.iter().map(|(path, _)| path.as_str());
    diagnostics.extend(leftovers(&site.config.output_dir, made));
    site.config.check.apply(&mut diagnostics);
    crate::diagnostic::sort(&mut diagnostics);
    Ok((diagnostics, published.made.len()))
}

/// Checks feed files from anywhere, each by the rules of the format it
/// turns out to be, as `byline check FILE...` does.
pub(crate) fn check_files(
    files: &[PathBuf],
    judging: check::Judging<'_>,
) -> Result<Vec<Diagnostic>, Failure> {
    let mut diagnostics = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|e| {
            Failure::Setup(vec![Diagnostic::error(
                path,
                format!("cannot read the file: {e}"),
            )])
        })?;
        diagnostics.extend(check::check_feed(path, &bytes, judging));
    }
    // By file and line; on one line, in the order `check` found them
    // (the document's), which a stable sort keeps.
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    Ok(diagnostics)
}

/// The `StaleFile` findings for files the last build wrote that this one
/// would not: `byline build` removes them.
pub(crate) fn leftovers<'p>(
    dir: &Path,
    made: impl IntoIterator<Item = &'p str>,
) -> Vec<Diagnostic> {
    output::leftovers_of(dir, made)
        .into_iter()
        .map(|leftover| {
            let path = dir.join(&leftover);
            Diagnostic::error(
                &path,
                format!(
                    "{} is no longer produced by any feed: run `byline build` to remove it",
                    path.display()
                ),
            )
            .rule(check::Rule::StaleFile)
        })
        .collect()
}
