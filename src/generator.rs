//! Another generator's site, as `byline init --from` finds it: which
//! generator it is (Hugo, Jekyll, Zola), and what its own config says
//! about the site (base URL, title, language, time zone, author) and
//! about the URLs of its posts, so that the `feeds.toml` written links to
//! the pages that really exist.
//!
//! The config is looked for in the posts folder and the folders above it,
//! nearest first: Hugo's `hugo.toml` (or `.yaml`), `config.toml` or
//! `config/_default/`; Jekyll's `_config.yml`; Zola's `zola.toml`, or a
//! `config.toml` with `base_url`. What cannot be read is left to the
//! starter config's placeholders, which a build warns about.

use crate::config::Dialect;
use std::fs;
use std::path::{Path, PathBuf};

/// What a generator's site says, in byline's terms.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Found {
    /// The generator, when its config was found.
    pub(crate) dialect: Option<Dialect>,
    /// The config file read.
    pub(crate) config: Option<PathBuf>,
    /// `[site] title`.
    pub(crate) title: Option<String>,
    /// `[site] base_url`, ending in `/`.
    pub(crate) base_url: Option<String>,
    /// `[site] description`.
    pub(crate) description: Option<String>,
    /// `[site] language`.
    pub(crate) language: Option<String>,
    /// `[site] timezone`.
    pub(crate) timezone: Option<String>,
    /// `[site] authors`: the one author the config names.
    pub(crate) author: Option<String>,
    /// `[site] article_url`, from the generator's URL rules.
    pub(crate) article_url: Option<String>,
}

/// Looks for the generator's config around the posts folder `posts`.
pub(crate) fn survey(posts: &Path) -> Found {
    let posts = fs::canonicalize(posts).unwrap_or_else(|_| posts.to_path_buf());
    for dir in posts.ancestors().take(8) {
        for name in ["hugo.toml", "config/_default/hugo.toml"] {
            if let Some(table) = read_toml(&dir.join(name)) {
                return hugo(&posts, &dir.join(name), &table);
            }
        }
        if let Some(text) = read(&dir.join("_config.yml")) {
            return jekyll(&posts, dir, &dir.join("_config.yml"), &text);
        }
        if let Some(table) = read_toml(&dir.join("zola.toml")) {
            return zola(&posts, dir, &dir.join("zola.toml"), &table);
        }
        for name in ["config.toml", "config/_default/config.toml"] {
            let path = dir.join(name);
            let Some(table) = read_toml(&path) else {
                continue;
            };
            if table.contains_key("base_url") {
                return zola(&posts, dir, &path, &table);
            }
            if table.contains_key("baseURL") || table.contains_key("baseurl") {
                return hugo(&posts, &path, &table);
            }
        }
    }
    Found::default()
}

fn read(path: &Path) -> Option<String> {
    fs::read_to_string(path).ok()
}

fn read_toml(path: &Path) -> Option<toml::Table> {
    read(path)?.parse().ok()
}

/// A string value of a TOML table.
fn string(table: &toml::Table, key: &str) -> Option<String> {
    table
        .get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A base URL that ends in `/`.
fn with_slash(url: String) -> String {
    if url.ends_with('/') { url } else { url + "/" }
}

/// The posts folder's path below `top` (`content/blog` → `blog`), `/`
/// between its parts.
fn below(posts: &Path, top: &Path) -> Vec<String> {
    posts
        .strip_prefix(top)
        .map(|rest| {
            rest.components()
                .filter_map(|c| c.as_os_str().to_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Hugo: `baseURL`, `title`, `languageCode`, `timeZone`, `params.author`,
/// and the section's `[permalinks]` and `[uglyURLs]`. Without a permalink
/// Hugo serves `/<section>/<sub-folders>/<slug>/`.
fn hugo(posts: &Path, config: &Path, table: &toml::Table) -> Found {
    let section = posts
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_owned();
    let lookup = |name: &str| -> Option<&toml::Value> {
        let group = table.get(name)?.as_table()?;
        group
            .get(&section)
            .or_else(|| group.get("page")?.as_table()?.get(&section))
    };
    let ugly = lookup("uglyURLs")
        .and_then(toml::Value::as_bool)
        .unwrap_or(false)
        || table.get("uglyURLs").and_then(toml::Value::as_bool) == Some(true);
    let pattern = match lookup("permalinks").and_then(toml::Value::as_str) {
        Some(permalink) => hugo_permalink(permalink, &section),
        // A top-level folder of the content is a section; the posts
        // folder's sub-folders stay in the URL.
        None => format!("{section}/{{section}}/{{slug}}/"),
    };
    let pattern = match pattern.strip_suffix('/') {
        Some(stem) if ugly => format!("{stem}.html"),
        _ => pattern,
    };
    let params = table.get("params").and_then(toml::Value::as_table);
    let author = params
        .and_then(|params| params.get("author"))
        .or_else(|| table.get("author"))
        .and_then(person_name);
    // A multilingual site keeps its title in `languages.<lang>.toml`.
    let language = string(table, "defaultContentLanguage").unwrap_or_else(|| "en".to_owned());
    let languages = config
        .parent()
        .and_then(|folder| read_toml(&folder.join(format!("languages.{language}.toml"))));
    Found {
        dialect: Some(Dialect::Hugo),
        config: Some(config.to_path_buf()),
        title: string(table, "title")
            .or_else(|| languages.as_ref().and_then(|table| string(table, "title"))),
        base_url: string(table, "baseURL")
            .or_else(|| string(table, "baseurl"))
            .map(with_slash),
        description: params.and_then(|params| string(params, "description")),
        language: string(table, "languageCode").map(|code| code.replace('_', "-")),
        timezone: string(table, "timeZone").or_else(|| string(table, "timezone")),
        author,
        article_url: Some(pattern),
    }
}

/// A name from a TOML value: a string, or a table's `name`.
fn person_name(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(name) => Some(name.clone()),
        toml::Value::Table(table) => string(table, "name"),
        _ => None,
    }
}

/// A Hugo permalink in `article_url` placeholders: the date tokens, and
/// every token that names the page (`:slug`, `:title`, `:filename`, …)
/// as `{slug}`.
fn hugo_permalink(permalink: &str, section: &str) -> String {
    let mut out = permalink.trim_start_matches('/').to_owned();
    for (token, placeholder) in [
        (":year", "{year}"),
        (":month", "{month}"),
        (":day", "{day}"),
        (":slugorcontentbasename", "{slug}"),
        (":slugorfilename", "{slug}"),
        (":contentbasename", "{slug}"),
        (":filename", "{slug}"),
        (":sections", section),
        (":section", section),
        (":slug", "{slug}"),
        (":title", "{slug}"),
    ] {
        out = out.replace(token, placeholder);
    }
    out
}

/// Jekyll: `url` + `baseurl`, `title`, `description`, `timezone`, `lang`,
/// `author`, and the posts' `permalink` (a built-in style or a pattern,
/// `collections.posts.permalink` first), with the folders above `_posts`
/// as its `:categories`.
fn jekyll(posts: &Path, dir: &Path, config: &Path, text: &str) -> Found {
    let docs = yaml_rust2::YamlLoader::load_from_str(text).unwrap_or_default();
    let yaml = docs.first().cloned().unwrap_or(yaml_rust2::Yaml::Null);
    let get = |key: &str| -> Option<String> {
        yaml[key]
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let base_url = get("url").map(|url| {
        let base = get("baseurl").unwrap_or_default();
        with_slash(format!(
            "{}/{}",
            url.trim_end_matches('/'),
            base.trim_matches('/')
        ))
        .replace("//", "/")
        .replacen(":/", "://", 1)
    });
    let permalink = yaml["collections"]["posts"]["permalink"]
        .as_str()
        .or_else(|| yaml["permalink"].as_str())
        .unwrap_or("date")
        .to_owned();
    // The folders between the site and `_posts` are categories.
    let mut categories = below(posts, dir);
    if categories.last().is_some_and(|last| last == "_posts") {
        categories.pop();
    }
    let url = jekyll_url(&permalink, &categories);
    let author = match &yaml["author"] {
        yaml_rust2::Yaml::String(name) => Some(name.clone()),
        other => other["name"].as_str().map(str::to_owned),
    };
    Found {
        dialect: Some(Dialect::Jekyll),
        config: Some(config.to_path_buf()),
        title: get("title"),
        base_url,
        description: get("description"),
        language: get("lang"),
        timezone: get("timezone"),
        author,
        article_url: Some(url),
    }
}

/// The `article_url` of Jekyll's posts for its `permalink` (a built-in
/// style or a pattern) and the `categories` its folders give. Jekyll's
/// default is `date`: with posts found but no `_config.yml`, their URLs
/// are Jekyll's own, dated, so two posts of one title in two years do not
/// share one.
pub(crate) fn jekyll_url(permalink: &str, categories: &[String]) -> String {
    let pattern = match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    };
    let mut url = pattern
        .replace(":categories", &categories.join("/").to_lowercase())
        .replace(":year", "{year}")
        .replace(":month", "{month}")
        .replace(":day", "{day}")
        .replace(":title", "{slug}")
        .replace(":slug", "{slug}")
        .replace(":output_ext", ".html");
    while url.contains("//") {
        url = url.replace("//", "/");
    }
    url.trim_start_matches('/').to_owned()
}

/// Zola: `base_url`, `title`, `description`, `default_language`,
/// `extra.author`; a page's URL is its section's path and its slug.
fn zola(posts: &Path, dir: &Path, config: &Path, table: &toml::Table) -> Found {
    let content = dir.join("content");
    let prefix = below(posts, &content).join("/");
    let extra = table.get("extra").and_then(toml::Value::as_table);
    Found {
        dialect: Some(Dialect::Zola),
        config: Some(config.to_path_buf()),
        title: string(table, "title"),
        base_url: string(table, "base_url").map(with_slash),
        description: string(table, "description"),
        language: string(table, "default_language"),
        timezone: None,
        author: extra
            .and_then(|extra| extra.get("author"))
            .and_then(person_name),
        article_url: Some(if prefix.is_empty() {
            "{section}/{slug}/".to_owned()
        } else {
            format!("{prefix}/{{section}}/{{slug}}/")
        }),
    }
}

/// A TOML basic string holding `text`.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The starter config `text` with what was found put in place of the
/// placeholders of its `[site]` table, line by line; the comment above
/// the table says where they came from.
pub(crate) fn apply(found: &Found, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut in_site = false;
    for line in text.lines() {
        let key = line.split('=').next().unwrap_or("").trim();
        let value = match key {
            _ if !in_site || line.starts_with('#') || !line.contains('=') => None,
            "title" => found.title.as_deref().map(quoted),
            "base_url" => found.base_url.as_deref().map(quoted),
            "description" => found.description.as_deref().map(quoted),
            "language" => found.language.as_deref().map(quoted),
            "timezone" => found.timezone.as_deref().map(quoted),
            "authors" => found.author.as_deref().map(|a| format!("[{}]", quoted(a))),
            _ => None,
        };
        if line.trim() == "[site]" {
            in_site = true;
            if let Some(config) = &found.config {
                out.push_str(&format!(
                    "# Read from {}; the rest are placeholders.\n",
                    config.display()
                ));
            }
        } else if line.starts_with('[') {
            in_site = false;
        }
        match value {
            Some(value) => {
                out.push_str(key);
                out.push_str(" = ");
                out.push_str(&value);
            }
            None => out.push_str(line),
        }
        out.push('\n');
        if in_site
            && key == "timezone"
            && line.contains('=')
            && let Some(pattern) = &found.article_url
        {
            out.push_str("# Article URLs, as the generator publishes them.\n");
            out.push_str("article_url = ");
            out.push_str(&quoted(pattern));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_permalinks_become_patterns() {
        assert_eq!(
            hugo_permalink("/:year/:month/:day/:slug/", "posts"),
            "{year}/{month}/{day}/{slug}/"
        );
        assert_eq!(hugo_permalink("/:section/:title/", "news"), "news/{slug}/");
    }

    #[test]
    fn found_values_replace_the_placeholders() {
        let found = Found {
            title: Some("Widget \"News\"".to_owned()),
            article_url: Some("{year}/{slug}/".to_owned()),
            ..Found::default()
        };
        let text = "[site]\ntitle = \"My Site\"\ntimezone = \"UTC\"\n[build]\ntitle = \"x\"\n";
        assert_eq!(
            apply(&found, text),
            "[site]\ntitle = \"Widget \\\"News\\\"\"\ntimezone = \"UTC\"\n\
             # Article URLs, as the generator publishes them.\narticle_url = \"{year}/{slug}/\"\n\
             [build]\ntitle = \"x\"\n"
        );
    }
}
