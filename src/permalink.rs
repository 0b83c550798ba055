//! An article's URL pattern (`article_url = "news/{year}/{slug}/"`),
//! parsed once: the config checks it by parsing it, `Site::permalink`
//! expands it, and the loader's uniqueness check asks it which date parts
//! make two URLs differ. A leaf: it imports only `links`.

use crate::links;
use chrono::{Datelike, NaiveDate};

/// A parsed `article_url` pattern, relative to the site's base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleUrl {
    parts: Vec<Part>,
}

/// A piece of the pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Slug,
    /// The article's folder below the articles folder.
    Section,
    Year,
    Month,
    Day,
}

impl Default for ArticleUrl {
    /// `{slug}/`.
    fn default() -> ArticleUrl {
        ArticleUrl {
            parts: vec![Part::Slug, Part::Text("/".to_owned())],
        }
    }
}

impl ArticleUrl {
    /// Parses a pattern: relative, with known placeholders and a `{slug}`.
    /// A leading `/` is dropped (the pattern is relative to `base_url`).
    pub(crate) fn parse(pattern: &str) -> Result<ArticleUrl, String> {
        if pattern.contains("://") || pattern.starts_with("//") {
            return Err(
                "`article_url` is relative to `base_url`: write a path such as `news/{slug}/`"
                    .to_owned(),
            );
        }
        let mut parts = Vec::new();
        let mut rest = pattern.trim_start_matches('/');
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .ok_or_else(|| format!("`article_url` has an unclosed `{{` in `{pattern}`"))?;
            if start > 0 {
                parts.push(Part::Text(rest[..start].to_owned()));
            }
            parts.push(match &rest[start + 1..start + end] {
                "slug" => Part::Slug,
                "section" => Part::Section,
                "year" => Part::Year,
                "month" => Part::Month,
                "day" => Part::Day,
                name => {
                    return Err(format!(
                        "`article_url` has an unknown placeholder `{{{name}}}`: use `{{slug}}`, `{{section}}`, `{{year}}`, `{{month}}` or `{{day}}`"
                    ));
                }
            });
            rest = &rest[start + end + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        if !parts.contains(&Part::Slug) {
            return Err(format!(
                "`article_url` must contain `{{slug}}`, as in `news/{{year}}/{{slug}}/`; got `{pattern}`"
            ));
        }
        Ok(ArticleUrl { parts })
    }

    /// The path of the article with `slug` published on `date` in the
    /// folder `section` (empty at the top, where the `/` after `{section}`
    /// goes too), relative to the base URL.
    pub(crate) fn path(&self, slug: &str, date: NaiveDate, section: &str) -> String {
        let mut path = String::new();
        self.push_path(slug, date, section, &mut path);
        path
    }

    /// Pushes [`ArticleUrl::path`] onto `out`, allocating nothing else.
    pub(crate) fn push_path(&self, slug: &str, date: NaiveDate, section: &str, out: &mut String) {
        let mut after_empty_section = false;
        let two_digits = |number: u32, out: &mut String| {
            out.push(char::from(b'0' + (number / 10 % 10) as u8));
            out.push(char::from(b'0' + (number % 10) as u8));
        };
        for part in &self.parts {
            let skip_slash = std::mem::take(&mut after_empty_section);
            match part {
                Part::Text(text) if skip_slash => {
                    out.push_str(text.strip_prefix('/').unwrap_or(text));
                }
                Part::Text(text) => out.push_str(text),
                Part::Section if section.is_empty() => after_empty_section = true,
                Part::Section => {
                    for (n, part) in section.split('/').enumerate() {
                        if n > 0 {
                            out.push('/');
                        }
                        links::push_segment(part, out);
                    }
                }
                Part::Slug => links::push_segment(slug, out),
                Part::Year => {
                    use std::fmt::Write as _;
                    let _ = write!(out, "{:04}", date.year());
                }
                Part::Month => two_digits(date.month(), out),
                Part::Day => two_digits(date.day(), out),
            }
        }
    }

    /// Returns true if and only if the URL holds the article's folder.
    pub(crate) fn has_section(&self) -> bool {
        self.parts.contains(&Part::Section)
    }

    /// Which date parts the URL has: year, month, day.
    pub(crate) fn date_parts(&self) -> (bool, bool, bool) {
        let has = |part| self.parts.contains(&part);
        (has(Part::Year), has(Part::Month), has(Part::Day))
    }

    /// What, besides the slug, tells two articles' URLs apart: the date
    /// parts the pattern uses (0 for the others). Equal slugs and equal
    /// keys make equal URLs.
    pub(crate) fn key(&self, date: NaiveDate) -> (i32, u32, u32) {
        let (year, month, day) = self.date_parts();
        (
            if year { date.year() } else { 0 },
            if month { date.month() } else { 0 },
            if day { date.day() } else { 0 },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_and_key_on_their_date_parts() {
        let date = NaiveDate::from_ymd_opt(2024, 8, 1).unwrap();
        let url = ArticleUrl::parse("/news/{year}/{month}/{slug}.html").unwrap();
        assert_eq!(
            url.path("été 2024", date, ""),
            "news/2024/08/%C3%A9t%C3%A9%202024.html"
        );
        assert_eq!(url.key(date), (2024, 8, 0));
        assert_eq!(ArticleUrl::default().path("a", date, "x"), "a/");
        let sections = ArticleUrl::parse("{section}/{slug}/").unwrap();
        assert_eq!(sections.path("a", date, ""), "a/");
        assert_eq!(sections.path("a", date, "in side/b"), "in%20side/b/a/");
        assert_eq!(ArticleUrl::default().key(date), (0, 0, 0));
        assert!(
            ArticleUrl::parse("news/{title}/")
                .unwrap_err()
                .contains("`{title}`")
        );
        assert!(
            ArticleUrl::parse("news/{year}/")
                .unwrap_err()
                .contains("must contain")
        );
        assert!(
            ArticleUrl::parse("news/{slug")
                .unwrap_err()
                .contains("unclosed")
        );
        assert!(
            ArticleUrl::parse("https://x.org/{slug}")
                .unwrap_err()
                .contains("relative")
        );
    }
}
