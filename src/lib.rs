//! byline turns a folder of articles and a `feeds.toml` into RSS 2.0 and
//! Atom 1.0 feeds that carry attribution: who wrote each article, where it
//! was adapted from, and under which rights and license.
//!
//! Data flows one way:
//!
//! ```text
//! feeds.toml ──config::load──▶ Config
//! articles/* ──article::load──▶ Loaded { articles, diagnostics }   every problem, not the first
//! Config × &[Article] ──feed::select──▶ Vec<Feed>                 filter, newest first, limit
//! selected articles ──html::render──▶ Bodies                      only what some feed publishes
//! Feed × Format ──render──▶ Vec<u8>                               pure: no I/O, no clock
//! output::write_all_atomic(files)                                 only when there is no error
//! ```
//!
//! No stage reaches back: renderers never read files, and the loader never
//! knows which formats exist.

#![warn(missing_docs)]

pub mod article;
pub mod attribution;
pub mod config;
pub mod diagnostic;
pub mod feed;
pub mod html;
pub mod links;
pub mod output;
pub mod render;

use article::load;
use diagnostic::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

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
pub fn build(options: &BuildOptions) -> Result<Report, Failure> {
    let mut config = config::load(&options.config).map_err(Failure::Setup)?;
    if let Some(out) = &options.out {
        config.output_dir.clone_from(out);
    }

    let loaded = load::load(&config).map_err(|d| Failure::Setup(vec![d]))?;
    let mut diagnostics = loaded.diagnostics;
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostic::sort(&mut diagnostics);
        return Err(Failure::Input(diagnostics));
    }

    let (feeds, files) = publish(&config, &loaded.articles, |article| {
        load::reload(article, &config)
    })?;
    let written = output::write_all_atomic(&config.output_dir, &files)
        .map_err(|d| Failure::Setup(vec![d]))?;
    diagnostic::sort(&mut diagnostics);
    Ok(Report {
        warnings: diagnostics,
        feeds,
        articles: loaded.articles.len() + loaded.drafts,
        written,
    })
}

/// Selects the feeds and renders every file, given the checked articles and
/// a way to get an article's text again for its body. Returns how many
/// feeds there are and the files, or why nothing can be published.
fn publish(
    config: &config::Config,
    articles: &[article::Article],
    text_of: impl Fn(&article::Article) -> Result<String, Diagnostic> + Sync,
) -> Result<(usize, Vec<render::File>), Failure> {
    let feeds = feed::select(config, articles).map_err(Failure::Setup)?;

    // Each published article's body, rendered once however many feeds carry it.
    let mut published: BTreeMap<&str, &article::Article> = BTreeMap::new();
    for feed in &feeds {
        for article in &feed.entries {
            published.insert(&article.id, article);
        }
    }
    let published: Vec<&article::Article> = published.into_values().collect();
    let rendered: Vec<Result<(String, html::Content), Diagnostic>> = published
        .par_iter()
        .map(|article| {
            let text = text_of(article)?;
            let parsed =
                article::parse(&article.path, &text, &config.site).map_err(|problems| {
                    problems.into_iter().next().unwrap_or_else(|| {
                        Diagnostic::error(
                            &article.path,
                            "the file changed while byline was running",
                        )
                    })
                })?;
            Ok((article.id.clone(), html::render(&parsed)))
        })
        .collect();
    let mut bodies = feed::Bodies::default();
    let mut problems = Vec::new();
    for result in rendered {
        match result {
            Ok((id, content)) => {
                bodies.0.insert(id, content);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        diagnostic::sort(&mut problems);
        return Err(Failure::Input(problems));
    }
    Ok((feeds.len(), render::render_all(&feeds, &bodies)))
}

/// The whole pipeline in memory, without touching the disk: parses the
/// given article texts as if they were files at those paths, and renders
/// every feed of `config`. For tests, property tests and fuzzing.
pub fn render_texts(
    config: &config::Config,
    texts: &[(PathBuf, String)],
) -> Result<Vec<render::File>, Failure> {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in texts {
        match article::parse(path, text, &config.site) {
            Ok(parsed) if parsed.article.draft => {}
            Ok(parsed) => articles.push(parsed.article),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        diagnostic::sort(&mut problems);
        return Err(Failure::Input(problems));
    }
    let text_of = |article: &article::Article| {
        texts
            .iter()
            .find(|(path, _)| *path == article.path)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| Diagnostic::error(&article.path, "no such article"))
    };
    publish(config, &articles, text_of).map(|(_, files)| files)
}
