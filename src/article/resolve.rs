//! Resolving an article's fields: front matter, file name and body each
//! say something, and one small function per field decides.

use super::decode::needs_a_closer_look;
use super::front_matter::{self, At, Fields};
use super::model::{Article, SourceFormat, Tag, slugify};
use crate::attribution::{Attribution, CreditLine, Source};
use crate::config::Site;
use crate::diagnostic::Diagnostic;
use crate::links;
use crate::plain;
use chrono::NaiveDate;
use std::path::Path;

/// Collects the problems of one article file while checking its values.
pub(super) struct Resolver<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    /// Where the front matter's TOML starts in `text`.
    pub(super) front_matter_offset: usize,
    pub(super) problems: Vec<Diagnostic>,
    /// What is published all the same, but worth a look.
    pub(super) warnings: Vec<Diagnostic>,
}

impl Resolver<'_> {
    /// An error at a front-matter value.
    fn error<T>(&mut self, value: &At<T>, message: impl Into<String>) {
        let offset = self.front_matter_offset + value.at;
        self.problems
            .push(Diagnostic::error(self.path, message).at_offset(self.text, offset));
    }

    /// The problems found reading the front matter, placed in the file.
    pub(super) fn front_matter_problems(&mut self, problems: Vec<front_matter::Problem>) {
        for problem in problems {
            let offset = self.front_matter_offset + problem.at;
            let mut diagnostic =
                Diagnostic::error(self.path, problem.message).at_offset(self.text, offset);
            if let Some(help) = problem.help {
                diagnostic = diagnostic.with_help(help);
            }
            self.problems.push(diagnostic);
        }
    }

    /// An error about the file as a whole.
    fn file_error(&mut self, message: impl Into<String>, help: &str) {
        self.problems
            .push(Diagnostic::error(self.path, message).with_help(help));
    }

    /// Markdown turns `&#1;` into U+0001, which XML cannot carry.
    fn forbidden_references(&mut self) {
        let mut from = 0;
        while let Some(found) = self.text[from..].find('&') {
            let start = from + found;
            from = start + 1;
            if !self.text[from..].starts_with('#') {
                continue;
            }
            from += 1;
            let rest = &self.text[from..];
            let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (rest, 10),
            };
            let length = digits
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let end = from + (rest.len() - digits.len()) + length + 1;
            let code = u32::from_str_radix(&digits[..length], radix).ok();
            // pulldown-cmark itself turns `&#0;` into U+FFFD.
            if digits[length..].starts_with(';')
                && code
                    .and_then(char::from_u32)
                    .is_some_and(|c| c != '\0' && crate::plain::is_forbidden_in_xml(c))
            {
                self.problems.push(
                    Diagnostic::error(
                        self.path,
                        format!(
                            "`{}` is a control character that cannot be published in a feed",
                            &self.text[start..end]
                        ),
                    )
                    .at_offset(self.text, start)
                    .with_help("delete it: XML 1.0 forbids it"),
                );
            }
        }
    }

    /// Checks the plain-text fields that feeds carry as text: a character
    /// XML forbids (TOML's `"\u0001"` passes the raw-text check) is an
    /// error; text a reader could take for HTML is published escaped, with
    /// a warning (see [`plain`]).
    fn plain_text_fields(&mut self, article: &Article) {
        let attribution = &article.attribution;
        let mut fields: Vec<(&str, &str)> = vec![("title", &article.title), ("id", &article.id)];
        fields.extend(article.summary.as_deref().map(|s| ("summary", s)));
        fields.extend(article.tags.iter().map(|t| ("tags", t.name.as_str())));
        for person in article.authors.iter().chain(&attribution.contributors) {
            fields.push(("authors", &person.name));
            fields.extend(person.email.as_deref().map(|e| ("authors", e)));
        }
        fields.extend(
            attribution
                .source
                .as_ref()
                .map(|s| ("source", s.name.as_str())),
        );
        fields.extend(attribution.credit.as_deref().map(|c| ("credit", c)));
        fields.extend(attribution.rights.as_deref().map(|r| ("rights", r)));
        for (key, value) in fields {
            if let Some(problem) = plain::forbidden_character(value) {
                self.problems.push(
                    Diagnostic::error(self.path, format!("`{key}` {problem}"))
                        .with_help("delete it: XML 1.0 forbids it"),
                );
            } else if let Some(lookalike) = plain::html_lookalike(value) {
                self.warnings.push(lookalike.warning(self.path, key));
            }
        }
    }

    /// A byte scan, not a `char` one: every byte of every article passes
    /// here, and the forbidden characters are one byte (C0 controls) or
    /// start with the byte 0xEF (U+FFFE and U+FFFF are EF BF BE and EF BF BF).
    pub(super) fn forbidden_characters(&mut self) {
        let bytes = self.text.as_bytes();
        if !needs_a_closer_look(bytes) {
            return;
        }
        let suspects = bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF)
            .map(|(offset, _)| offset);
        let found: Vec<(usize, char)> = suspects
            .filter_map(|offset| {
                let c = self.text[offset..].chars().next()?;
                crate::plain::is_forbidden_in_xml(c).then_some((offset, c))
            })
            .collect();
        for (offset, c) in found {
            self.problems.push(
                Diagnostic::error(
                    self.path,
                    format!(
                        "the control character U+{:04X} cannot be published in a feed",
                        u32::from(c)
                    ),
                )
                .at_offset(self.text, offset)
                .with_help("delete it: XML 1.0 forbids it"),
            );
        }
    }

    pub(super) fn article(
        &mut self,
        front: Fields,
        headline: Option<String>,
        credit: Option<CreditLine>,
        format: SourceFormat,
        site: &Site,
    ) -> Option<Article> {
        let stem = self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let name_date = file_name_date(stem).unwrap_or_else(|message| {
            if front.date.is_none() {
                self.file_error(
                    message,
                    "rename the file, or set `date` in the front matter",
                );
            }
            None
        });

        let title = match &front.title {
            Some(title) if title.value.trim().is_empty() => {
                self.error(title, "`title` is empty");
                String::new()
            }
            Some(title) => title.value.trim().to_owned(),
            None => headline.unwrap_or_default(),
        };
        if title.is_empty() && front.title.is_none() {
            let help = match format {
                SourceFormat::Text => {
                    "put the headline on the first line, or set `title` in the front matter"
                }
                SourceFormat::Markdown => {
                    "set `title` in the front matter, or start the text with `# Headline`"
                }
            };
            self.file_error("the article has no title", help);
        }

        let published = match &front.date {
            Some(date) => front_matter::parse_date(&date.value, site.timezone)
                .map_err(|message| self.error(date, message))
                .ok(),
            None => match name_date {
                Some((date, _)) => {
                    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
                    front_matter::in_zone(midnight, site.timezone)
                        .map_err(|message| {
                            self.file_error(message, "set `date` in the front matter")
                        })
                        .ok()
                }
                None => {
                    self.file_error(
                        "the article has no date",
                        "start the file name with it (`2024-08-11-closing-ceremony.txt`) \
                         or set `date = 2024-08-11` in the front matter",
                    );
                    None
                }
            },
        };
        let updated = front.updated.as_ref().and_then(|updated| {
            let value = front_matter::parse_date(&updated.value, site.timezone)
                .map_err(|message| self.error(updated, message))
                .ok()?;
            if published.is_some_and(|published| value < published) {
                self.error(updated, "`updated` is earlier than `date`");
            }
            Some(value)
        });

        let slug = match &front.slug {
            Some(slug) => {
                let wanted = slugify(&slug.value);
                if wanted != *slug.value {
                    self.error(
                        slug,
                        format!(
                            "`{}` is not a slug: use lowercase letters, digits, `-` and `_` (try `{wanted}`)",
                            slug.value
                        ),
                    );
                }
                slug.value.clone()
            }
            None => {
                let rest = name_date.map_or(stem, |(_, rest)| rest);
                let slug = slugify(if rest.is_empty() { stem } else { rest });
                if slug.is_empty() {
                    self.file_error(
                        "no slug can be made from the file name",
                        "rename the file with letters or digits, or set `slug` in the front matter",
                    );
                }
                slug
            }
        };

        let authors = match &front.authors {
            Some(authors) => authors
                .iter()
                .map(|entry| {
                    for problem in entry.value.problems() {
                        self.error(entry, problem);
                    }
                    entry.value.clone()
                })
                .collect(),
            None => site.authors.clone(),
        };
        if authors.is_empty() {
            self.file_error(
                "the article has no author",
                "set `authors = [\"Name\"]` in its front matter, or `authors` under [site] in the config",
            );
        }

        let mut tags: Vec<Tag> = Vec::new();
        for tag in front.tags.iter().flatten() {
            let slug = slugify(&tag.value);
            if slug.is_empty() {
                self.error(
                    tag,
                    format!("the tag `{}` has no letters or digits", tag.value),
                );
            } else if !tags.iter().any(|t| t.slug == slug) {
                tags.push(Tag {
                    name: tag.value.trim().to_owned(),
                    slug,
                });
            }
        }

        let attribution = self.attribution(&front, credit, site);

        let id = match &front.id {
            Some(id) => {
                if !links::is_absolute_uri(&id.value) {
                    self.error(
                        id,
                        format!("`id` must be an absolute URI such as `tag:example.org,2024:{slug}`, not `{}`", id.value),
                    );
                }
                id.value.clone()
            }
            None => published.map_or_else(String::new, |p| site.article_id(&slug, p.date_naive())),
        };

        if format == SourceFormat::Markdown {
            self.forbidden_references();
        }
        let published = published?;
        let article = Article {
            path: self.path.to_owned(),
            format,
            slug,
            id_set: front.id.is_some(),
            id,
            title,
            published,
            date_only: front
                .date
                .as_ref()
                .is_none_or(|date| front_matter::is_date_only(&date.value)),
            updated,
            summary: front
                .summary
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
            authors,
            tags,
            attribution,
            draft: front.draft.unwrap_or(false),
        };
        self.plain_text_fields(&article);
        Some(article)
    }

    fn attribution(
        &mut self,
        front: &Fields,
        credit: Option<CreditLine>,
        site: &Site,
    ) -> Attribution {
        let (credit_text, credit_source, contributors) = match credit {
            Some(credit) => (Some(credit.text), credit.source, credit.contributors),
            None => (None, None, Vec::new()),
        };
        let source = match &front.source {
            None => credit_source,
            Some(spanned) => {
                let raw = &spanned.value;
                let mut url = |value: &Option<At<String>>, key: &str| {
                    value
                        .as_ref()
                        .and_then(|value| match links::absolute_http(&value.value) {
                            Ok(url) => Some(String::from(url)),
                            Err(message) => {
                                self.error(value, format!("`source.{key}`: {message}"));
                                None
                            }
                        })
                };
                let (source_url, feed) = (url(&raw.url, "url"), url(&raw.feed, "feed"));
                let name = raw
                    .name
                    .clone()
                    .or_else(|| credit_source.as_ref().map(|s| s.name.clone()));
                match name {
                    Some(name) => Some(Source {
                        relation: raw
                            .relation
                            .or(credit_source.as_ref().map(|s| s.relation))
                            .unwrap_or(crate::attribution::Relation::AdaptedFrom),
                        name,
                        url: source_url,
                        feed,
                    }),
                    None => {
                        self.error(spanned, "`source` needs a `name` (\"Reuters\")");
                        None
                    }
                }
            }
        };
        let license = match &front.license {
            Some(license) => match links::absolute_http(&license.value) {
                Ok(url) => Some(url.into()),
                Err(message) => {
                    self.error(license, format!("`license`: {message}"));
                    None
                }
            },
            None => site.license.clone(),
        };
        Attribution {
            credit: front.credit.clone().or(credit_text),
            source,
            contributors,
            rights: front.rights.clone().or_else(|| site.rights.clone()),
            license,
        }
    }
}

/// The `YYYY-MM-DD` that a file name starts with, and the rest of the name.
///
/// `Ok(None)` when the name has no date prefix; `Err` when it has one that
/// is not a real date (`2024-02-30`).
pub(super) fn file_name_date(stem: &str) -> Result<Option<(NaiveDate, &str)>, String> {
    let bytes = stem.as_bytes();
    let shaped = bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").map_err(|_| {
        format!(
            "the file name starts with `{}`, which is not a real date",
            &stem[..10]
        )
    })?;
    let rest = stem[10..].trim_start_matches(['-', '_', ' ']);
    Ok(Some((date, rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_dates() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            file_name_date("2024-08-11-closing"),
            Ok(Some((date(2024, 8, 11), "closing")))
        );
        assert_eq!(
            file_name_date("2024-08-11 Un été"),
            Ok(Some((date(2024, 8, 11), "Un été")))
        );
        assert_eq!(file_name_date("closing"), Ok(None));
        assert_eq!(file_name_date("2024-8-11-x"), Ok(None));
        assert!(
            file_name_date("2024-02-30-x")
                .unwrap_err()
                .contains("not a real date")
        );
    }
}
