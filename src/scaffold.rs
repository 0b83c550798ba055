//! The placeholders `byline init` and `byline new` write, and the warnings
//! that keep them from being published unnoticed.
//!
//! A scaffold is meant to be edited; what is not edited must not reach
//! subscribers in silence. `new` writes `draft = true`, so its placeholder
//! text is never published by accident; the config's placeholders (the
//! site's title, description, author and `https://example.org/`) build, so
//! that a new site works at once, and each one is a warning until it is
//! replaced, which `--deny-warnings` turns into a failing check.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Rule};
use memchr::memmem;
use std::sync::LazyLock;

/// The site title `byline init` writes.
pub(crate) const TITLE: &str = "My Site";
/// The site description `byline init` writes.
pub(crate) const DESCRIPTION: &str = "News from my site.";
/// The default author `byline init` writes.
pub(crate) const AUTHOR: &str = "Your Name";
/// The base URL `byline init` writes.
pub(crate) const BASE_URL: &str = "https://example.org/";
/// The text of the article `byline new` writes.
pub(crate) const ARTICLE_TEXT: &str = "Write the article here.";
/// The first sentence of the sample article `byline init` writes.
pub(crate) const WELCOME_TEXT: &str = "This site's first article.";

/// The hosts that belong to nobody's site (RFC 2606); subdomains such as
/// `news.example.org` are left alone, as test and sample sites use them.
const EXAMPLE_HOSTS: &[&str] = &[
    "example.org",
    "example.com",
    "example.net",
    "www.example.org",
    "www.example.com",
    "www.example.net",
];

/// Warnings for the config's placeholders; `text` is the config file's,
/// to place each on its line.
pub(crate) fn config_warnings(config: &Config, text: &str) -> Vec<Diagnostic> {
    let site = &config.site;
    let mut found = Vec::new();
    let at = |needle: &str, diagnostic: Diagnostic| match text.find(needle) {
        Some(offset) => diagnostic.at_offset(text, offset),
        None => diagnostic,
    };
    if site.base_url.as_str() == BASE_URL
        || site
            .base_url
            .host_str()
            .is_some_and(|host| EXAMPLE_HOSTS.contains(&host))
    {
        found.push(at(
            "base_url",
            Diagnostic::warning(
                &config.path,
                format!(
                    "`base_url` is `{}`, an example address: every link and id in the feeds points there",
                    site.base_url
                ),
            )
            .with_help("set `base_url` under [site] to the address the site is published at")
            .rule(Rule::ExampleURL),
        ));
    }
    let placeholders = [
        ("title", TITLE, site.title == TITLE),
        ("description", DESCRIPTION, site.description == DESCRIPTION),
        (
            "authors",
            AUTHOR,
            site.authors.iter().any(|author| author.name == AUTHOR),
        ),
    ];
    for (key, value, is_placeholder) in placeholders {
        if is_placeholder {
            found.push(at(
                &format!("\"{value}\""),
                Diagnostic::warning(
                    &config.path,
                    format!("`{key}` is still `byline init`'s placeholder `{value}`, which would be published"),
                )
                .with_help(format!("set `{key}` under [site] to the site's own"))
                .rule(Rule::Placeholder),
            ));
        }
    }
    found
}

/// The warning for an article that is to be published with a scaffold's
/// placeholder text in `body`, a part of `text`, the file's whole text.
pub(crate) fn article_warning(
    path: &std::path::Path,
    text: &str,
    body: &str,
) -> Option<Diagnostic> {
    // `memmem` looks for the whole needle with vector instructions; the
    // standard library's `str::find` of a long needle went a byte at a time
    // and took 8% of a build's samples, for text almost no article holds.
    // Its searchers are made once: making one analyses the needle, and
    // making two for every article was 40% of this function's samples.
    static SEARCHERS: LazyLock<[(memmem::Finder<'static>, (&str, &str)); 2]> =
        LazyLock::new(|| {
            [
                (ARTICLE_TEXT, "`byline new`"),
                (WELCOME_TEXT, "`byline init`"),
            ]
            .map(|(placeholder, by)| (memmem::Finder::new(placeholder), (placeholder, by)))
        });
    let (found, what) = SEARCHERS.iter().find_map(|(finder, what)| {
        let found = finder.find(body.as_bytes())?;
        Some((found, *what))
    })?;
    let offset = (body.as_ptr() as usize).saturating_sub(text.as_ptr() as usize) + found;
    Some(
        Diagnostic::warning(
            path,
            format!(
                "the article still holds {}'s placeholder `{}`, and it is published",
                what.1, what.0
            ),
        )
        .at_offset(text, offset)
        .with_help("write the article, or set `draft = true` until it is done")
        .rule(Rule::Placeholder),
    )
}
