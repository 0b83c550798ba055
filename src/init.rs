//! Starting a site and writing articles: `byline init` and `byline new`.
//!
//! These are the only commands that read the clock for what they write (the
//! date of a new article), and the only ones that write outside the output
//! folder. Neither ever overwrites a file.

use crate::config::{self, Dialect};
use crate::diagnostic::Diagnostic;
use chrono::{DateTime, Utc};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The commented config `byline init` writes; it builds as it is, and each
/// placeholder in it is a warning until it is replaced (see
/// [`crate::scaffold`]).
const STARTER_CONFIG: &str = r#"# byline's config: the site, where articles and feeds live, and the feeds.
# Every key is described in byline's README and in `man 5 byline-feeds.toml`
# (`byline man --dir DIR` writes the manual pages).
# A build warns about each placeholder below until it is replaced.

[site]
title = "My Site"
# The site's home; feeds and article links are made from it.
base_url = "https://example.org/"
description = "News from my site."
language = "en"
# Dates without an offset are read in this zone.
timezone = "UTC"
# Authors of articles that name none.
authors = ["Your Name"]
# rights = "© 2026 Your Name"
# license = "https://creativecommons.org/licenses/by/4.0/"

[build]
articles = "ARTICLES"
output = "public"
FRONT_MATTER
[[feeds]]
# One key per format; remove the ones you do not publish.
rss = "feed.xml"
atom = "atom.xml"
json = "feed.json"
# A page of the feed for people, linking every format above.
html = "feed.html"
limit = 20

# One feed per tag, at tags/<tag>.xml and tags/<tag>.atom:
# [[feeds]]
# for_each_tag = true
# rss = "tags/{tag}.xml"
# atom = "tags/{tag}.atom"

# One feed per author (for_each_language, for_each_section likewise):
# [[feeds]]
# for_each_author = true
# atom = "authors/{author}.atom"
"#;

/// What `init` wrote, and what to run next.
#[derive(Debug)]
pub struct Started {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// The front-matter dialect found in `--from`'s folder, if any.
    pub dialect: Option<Dialect>,
}

/// Starts a site in `dir` (created if need be): a commented `feeds.toml`
/// and, without `from`, one sample article. With `from`, the config points
/// at that existing content folder and reads its front matter in the
/// dialect found there. Refuses a `dir` that already holds a `feeds.toml`
/// or, without `from`, anything at all.
pub fn init(dir: &Path, from: Option<&Path>, now: DateTime<Utc>) -> Result<Started, Diagnostic> {
    let config_path = dir.join(config::DEFAULT_PATH);
    if config_path.exists() {
        return Err(Diagnostic::error(
            &config_path,
            "a config file is already here; byline init never overwrites one",
        )
        .with_help("edit it, or run byline init in an empty folder"));
    }
    if from.is_none() && fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(Diagnostic::error(
            dir,
            "the folder is not empty; byline init starts a site only in an empty or new folder",
        )
        .with_help(
            "run it in a new folder, or use --from DIR to publish the articles already there",
        ));
    }
    let cannot =
        |path: &Path, e: std::io::Error| Diagnostic::error(path, format!("cannot write: {e}"));
    fs::create_dir_all(dir).map_err(|e| cannot(dir, e))?;
    let (articles, dialect, mut found) = match from {
        Some(source) => {
            if !source.is_dir() {
                return Err(Diagnostic::error(source, "no such folder"));
            }
            let relative = relative_to(source, dir);
            // The generator's own config says best whose posts these are.
            let mut found = crate::generator::survey(source);
            let dialect = found.dialect.unwrap_or_else(|| detect(source));
            if found.config.is_none() && dialect == Dialect::Jekyll {
                // Posts without their site: Jekyll's default URLs.
                found.article_url = Some(crate::generator::jekyll_url("date", &[]));
            }
            (relative, Some(dialect), found)
        }
        None => (
            "articles".to_owned(),
            None,
            crate::generator::Found::default(),
        ),
    };
    found.config = found
        .config
        .map(|config| PathBuf::from(relative_to(&config, dir)));
    let front_matter = match dialect {
        Some(Dialect::Jekyll) => "front_matter = \"jekyll\"\n",
        Some(Dialect::Hugo) => "front_matter = \"hugo\"\n",
        Some(Dialect::Zola) => "front_matter = \"zola\"\n",
        Some(Dialect::Byline) | None => "",
    };
    let text = STARTER_CONFIG
        .replace("ARTICLES", &articles)
        .replace("FRONT_MATTER\n", front_matter);
    let text = crate::generator::apply(&found, &text);
    let mut written = Vec::new();
    create_new(&config_path, &text).map_err(|e| cannot(&config_path, e))?;
    written.push(config_path);
    if let Some(path) =
        mark_lock_mergeable(dir).map_err(|e| cannot(&dir.join(".gitattributes"), e))?
    {
        written.push(path);
    }
    if from.is_none() {
        let folder = dir.join("articles");
        fs::create_dir_all(&folder).map_err(|e| cannot(&folder, e))?;
        let path = folder.join(format!("{}-welcome.md", now.format("%Y-%m-%d")));
        let sample = "+++\ntitle = \"Welcome\"\ntags = [\"news\"]\n+++\n\n\
                      This site's first article. Write the next one with `byline new \"Title\"`, \
                      then run `byline build`.\n";
        create_new(&path, sample).map_err(|e| cannot(&path, e))?;
        written.push(path);
    }
    Ok(Started { written, dialect })
}

/// Writes a new article titled `title`, dated `now` in the site's zone, into
/// the config's articles folder; returns its path. Never overwrites.
pub fn new_article(
    config_path: &Path,
    title: &str,
    now: DateTime<Utc>,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let title = title.trim();
    let slug = crate::article::slugify(title);
    if slug.is_empty() {
        // The title is the command line's, not the config's.
        return Err(vec![
            Diagnostic::error(
                "byline new",
                format!("the title `{title}` has no letter or digit to name the file with"),
            )
            .with_help("give a title with letters or digits: byline new \"Harbour reopens\""),
        ]);
    }
    let config = config::load(config_path)?;
    let local = now.with_timezone(&config.site.timezone);
    let path = config
        .articles_dir
        .join(format!("{}-{slug}.md", local.format("%Y-%m-%d")));
    let escaped = title.replace('\\', "\\\\").replace('"', "\\\"");
    // A draft until its author says otherwise: the placeholder text is
    // never published by accident.
    let text = format!(
        "+++\ntitle = \"{escaped}\"\ndate = {}\ntags = []\n# Remove this line to publish the article.\ndraft = true\n+++\n\n{}\n",
        local.format("%Y-%m-%dT%H:%M:%S%:z"),
        crate::scaffold::ARTICLE_TEXT,
    );
    let cannot = |e: std::io::Error| {
        let diagnostic = Diagnostic::error(&path, format!("cannot write: {e}"));
        vec![if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error(
                &path,
                "an article of this title and date is already there; byline new never overwrites one",
            )
            .with_help("edit it, or give the new article another title")
        } else {
            diagnostic
        }]
    };
    fs::create_dir_all(&config.articles_dir).map_err(|e| {
        vec![Diagnostic::error(
            &config.articles_dir,
            format!("cannot create the folder: {e}"),
        )]
    })?;
    create_new(&path, &text).map_err(cannot)?;
    Ok(path)
}

/// The `<link rel="alternate">` tags that let browsers and feed readers find
/// the site's feeds from its own pages: one per file of every feed that is
/// not per tag (author, language, section), in config order, and the OPML
/// list of every feed. For the `<head>` of a site's templates.
pub fn snippet(config_path: &Path) -> Result<String, Vec<Diagnostic>> {
    let config = config::load(config_path)?;
    let site = &config.site;
    let mut out = String::new();
    for spec in config.feeds.iter().filter(|spec| spec.each.is_none()) {
        let title = spec.title.as_deref().unwrap_or(&site.title);
        for (format, path) in spec.outputs.iter().filter(|(format, _)| format.is_feed()) {
            out.push_str("<link rel=\"alternate\" type=\"");
            out.push_str(format.media_type());
            out.push_str("\" title=\"");
            crate::html::escape_attribute(&format!("{title} ({})", format.name()), &mut out);
            out.push_str("\" href=\"");
            crate::html::escape_attribute(site.output_url(path).as_str(), &mut out);
            out.push_str("\">\n");
        }
    }
    if let Some(opml) = &config.opml {
        out.push_str("<link rel=\"alternate\" type=\"text/x-opml\" title=\"");
        crate::html::escape_attribute(&format!("{}: every feed (OPML)", site.title), &mut out);
        out.push_str("\" href=\"");
        crate::html::escape_attribute(site.output_url(opml).as_str(), &mut out);
        out.push_str("\">\n");
    }
    Ok(out)
}

/// Creates `path` with `text`, failing if it exists.
/// The line that lets git merge two branches' `byline.lock` by keeping both
/// sides: the lock is one table per article, so two branches that add
/// articles add separate tables.
const LOCK_ATTRIBUTES: &str = "# byline.lock is one table per article: keep both sides when two branches add articles.\n\
     byline.lock merge=union\n";

/// Writes `dir/.gitattributes` with [`LOCK_ATTRIBUTES`], or adds them at the
/// end of one that says nothing of `byline.lock` yet (as `cargo init` adds
/// to a `.gitignore`); returns the file when it was written to.
fn mark_lock_mergeable(dir: &Path) -> std::io::Result<Option<PathBuf>> {
    let path = dir.join(".gitattributes");
    match fs::read_to_string(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create_new(&path, LOCK_ATTRIBUTES)?;
        }
        Err(e) => return Err(e),
        Ok(text)
            if text
                .lines()
                .any(|line| line.trim_start().starts_with("byline.lock")) =>
        {
            return Ok(None);
        }
        Ok(text) => {
            let mut file = fs::OpenOptions::new().append(true).open(&path)?;
            let gap = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            file.write_all(format!("{gap}{LOCK_ATTRIBUTES}").as_bytes())?;
        }
    }
    Ok(Some(path))
}

fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(text.as_bytes())
}

/// `path` as the config in `dir` should name it: relative to `dir`
/// (`../posts` when it is beside it), so that the config still works once
/// committed and cloned elsewhere; absolute only when the two
/// share no root (another drive).
fn relative_to(path: &Path, dir: &Path) -> String {
    let absolute = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (path, dir) = (absolute(path), absolute(dir));
    let (path_parts, dir_parts): (Vec<_>, Vec<_>) =
        (path.components().collect(), dir.components().collect());
    let common = path_parts
        .iter()
        .zip(&dir_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_string_lossy().into_owned();
    }
    let mut parts: Vec<String> = dir_parts[common..]
        .iter()
        .map(|_| "..".to_owned())
        .collect();
    parts.extend(
        path_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// Whose posts a folder holds, from the first ones found: Jekyll's
/// `_posts` and YAML, Zola's `[taxonomies]` and `[extra]`, Hugo's `content/`
/// and the rest; byline's own when nothing says otherwise.
fn detect(folder: &Path) -> Dialect {
    let mut votes = [0usize; 4];
    // Links are followed (a site may link its posts in from elsewhere);
    // `walkdir` notices a link back to a folder it is in and skips it, so
    // a loop cannot make the walk endless.
    let markdown_files = walkdir::WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|path| {
            path.extension()
                .is_some_and(|e| e == "md" || e == "markdown")
        })
        .take(200);
    for path in markdown_files {
        {
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            let in_posts = path.components().any(|c| c.as_os_str() == "_posts");
            // Hugo skips blank lines before the front matter.
            let text = text.trim_start();
            let dialect = if text.starts_with("---") {
                if in_posts
                    || path.extension().is_some_and(|e| e == "markdown")
                    || text.contains("\nlayout:")
                {
                    Dialect::Jekyll
                } else {
                    Dialect::Hugo
                }
            } else if text.starts_with("+++") {
                if text.contains("[taxonomies]") || text.contains("[extra]") {
                    Dialect::Zola
                } else if text.contains("lastmod")
                    || text.contains("publishDate")
                    || text.contains("categories")
                {
                    Dialect::Hugo
                } else {
                    Dialect::Byline
                }
            } else {
                Dialect::Byline
            };
            votes[dialect as usize] += 1;
        }
    }
    let best = (0..4)
        .max_by_key(|&i| (votes[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    [
        Dialect::Byline,
        Dialect::Jekyll,
        Dialect::Hugo,
        Dialect::Zola,
    ][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("byline-init-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_starter_config_builds() {
        let text = STARTER_CONFIG
            .replace("ARTICLES", "articles")
            .replace("FRONT_MATTER\n", "");
        let config = config::parse(Path::new("feeds.toml"), &text).unwrap();
        assert_eq!(config.feeds.len(), 1);
        let text = STARTER_CONFIG
            .replace("ARTICLES", "_posts")
            .replace("FRONT_MATTER\n", "front_matter = \"jekyll\"\n");
        assert_eq!(
            config::parse(Path::new("feeds.toml"), &text)
                .unwrap()
                .site
                .front_matter,
            Dialect::Jekyll
        );
    }

    #[test]
    fn the_starter_config_holds_the_placeholders_a_build_warns_about() {
        for placeholder in [
            crate::scaffold::TITLE,
            crate::scaffold::DESCRIPTION,
            crate::scaffold::AUTHOR,
            crate::scaffold::BASE_URL,
        ] {
            assert!(
                STARTER_CONFIG.contains(&format!("\"{placeholder}\"")),
                "{placeholder}"
            );
        }
    }

    #[test]
    fn folders_beside_the_site_are_named_relative_to_it() {
        let dir = scratch("relative");
        fs::create_dir_all(dir.join("site")).unwrap();
        fs::create_dir_all(dir.join("posts/2024")).unwrap();
        assert_eq!(
            relative_to(&dir.join("posts"), &dir.join("site")),
            "../posts"
        );
        assert_eq!(
            relative_to(&dir.join("posts/2024"), &dir.join("posts")),
            "2024"
        );
        assert_eq!(relative_to(&dir.join("site"), &dir.join("site")), ".");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn dialects_are_recognised() {
        let dir = scratch("detect");
        let write = |relative: &str, text: &str| {
            let path = dir.join(relative);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write(
            "jekyll/_posts/2019-5-1-a.markdown",
            "---\nlayout: post\ntitle: A\n---\nx\n",
        );
        write(
            "hugo/content/posts/a.md",
            "---\ntitle: A\ndraft: false\n---\nx\n",
        );
        write(
            "zola/content/a.md",
            "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"x\"]\n+++\nx\n",
        );
        write("byline/2024-01-01-a.md", "+++\ntitle = \"A\"\n+++\nx\n");
        assert_eq!(detect(&dir.join("jekyll")), Dialect::Jekyll);
        assert_eq!(detect(&dir.join("hugo")), Dialect::Hugo);
        assert_eq!(detect(&dir.join("zola")), Dialect::Zola);
        assert_eq!(detect(&dir.join("byline")), Dialect::Byline);
        let _ = fs::remove_dir_all(&dir);
    }
}
