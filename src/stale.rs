//! Stale findings on the articles that changed.
//!
//! When a feed on disk is out of date, `byline check` says so at the feed
//! file; but in a pull request that file is not in the diff (it is built
//! output), so a GitHub annotation there is never seen. Each article whose
//! item was added or changed is reported too, at its first line, naming
//! the feed files it makes stale: that annotation lands on the file the
//! pull request edits.

use crate::article::load::Index;
use crate::config::Site;
use crate::diagnostic::{Diagnostic, Rule};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Which article each item id is, for the published articles of a site;
/// the table is made the first time a stale item asks, so that checking a
/// site that is up to date costs nothing more.
pub(crate) struct Sources<'a> {
    index: &'a Index,
    site: &'a Site,
    by_id: OnceLock<HashMap<String, usize>>,
}

impl<'a> Sources<'a> {
    /// The ids of every listed article, as the feeds carry them.
    pub(crate) fn new(index: &'a Index, site: &'a Site) -> Sources<'a> {
        Sources {
            index,
            site,
            by_id: OnceLock::new(),
        }
    }

    /// The article an item id is, if it is one of the site's.
    pub(crate) fn article(&self, id: &str) -> Option<PathBuf> {
        let by_id = self.by_id.get_or_init(|| {
            self.index
                .iter()
                .enumerate()
                .map(|(i, listing)| {
                    let id = match listing.id() {
                        Some(id) => id.to_owned(),
                        None => self
                            .site
                            .article_id(listing.slug(), listing.published.date_naive()),
                    };
                    (id, i)
                })
                .collect()
        });
        by_id.get(id).map(|&i| self.index.listed(i).path())
    }
}

/// An article and a feed file its change makes stale.
pub(crate) type Pair = (PathBuf, PathBuf);

/// One finding per article for the (article, stale feed file) pairs: at the
/// article's first line, naming every feed file it makes stale.
pub(crate) fn on_articles(pairs: Vec<Pair>) -> Vec<Diagnostic> {
    let mut feeds: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for (article, feed) in pairs {
        feeds.entry(article).or_default().push(feed);
    }
    feeds
        .into_iter()
        .map(|(article, mut files)| {
            files.sort();
            files.dedup();
            let names: Vec<String> = files.iter().map(|f| format!("`{}`", f.display())).collect();
            let (list, verb) = match names.as_slice() {
                [one] => (one.clone(), "is"),
                [init @ .., last] => (format!("{} and {last}", init.join(", ")), "are"),
                [] => (String::new(), "is"),
            };
            Diagnostic::error(
                &article,
                format!("this article changed since the last build, and {list} {verb} out of date"),
            )
            .at(1, Some(1))
            .with_help("run `byline build` and commit what it writes")
            .rule(Rule::StaleFile)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_finding_per_article_naming_its_feeds() {
        let found = on_articles(vec![
            ("a.md".into(), "public/feed.xml".into()),
            ("a.md".into(), "public/atom.xml".into()),
            ("b.md".into(), "public/feed.xml".into()),
            ("a.md".into(), "public/feed.xml".into()),
        ]);
        let text: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "a.md:1:1: error[StaleFile]: this article changed since the last build, and `public/atom.xml` and `public/feed.xml` are out of date\n  help: run `byline build` and commit what it writes",
                "b.md:1:1: error[StaleFile]: this article changed since the last build, and `public/feed.xml` is out of date\n  help: run `byline build` and commit what it writes",
            ]
        );
    }
}
