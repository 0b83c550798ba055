//! Articles: the files users write, and the validated model made of them.
//!
//! An article file goes through three steps. [`decode`] turns bytes into
//! text (UTF-8 only, no NUL bytes; a byte-order mark is dropped and CRLF
//! becomes LF). [`parse`] splits off the front matter, reads the body in its
//! shape ([`text`] for plain text, Markdown otherwise) and checks every value,
//! reporting all of one file's problems at once. What comes out is an
//! [`Article`], valid by construction, and its [`Body`], which borrows the
//! text. The loader reduces every article to a small [`load::Listing`];
//! the few articles that a feed publishes are read and parsed again when the
//! feed is rendered, so memory grows with the number of articles, not with
//! their size.

pub mod front_matter;
pub mod load;
pub mod text;

use crate::attribution::{Attribution, CreditLine, Person, Source};
use crate::config::{self, Site};
use crate::diagnostic::{self, Diagnostic};
use crate::links;
use crate::plain;
use chrono::{DateTime, FixedOffset, NaiveDate};
use front_matter::{At, Fields, SplitError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How an article's body is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    /// Plain text in the wire-copy shape (`.txt`).
    Text,
    /// Markdown (`.md`).
    Markdown,
}

impl SourceFormat {
    /// The format of a file, from its extension; `None` for other files.
    pub fn of(path: &Path) -> Option<SourceFormat> {
        match path.extension()?.to_str()? {
            "txt" => Some(SourceFormat::Text),
            "md" => Some(SourceFormat::Markdown),
            _ => None,
        }
    }
}

/// A topic, as written and as used in file names and URLs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tag {
    /// As the first article that used it wrote it ("Los Angeles").
    pub name: String,
    /// Its slug ("los-angeles"): two tags with one slug are one tag.
    pub slug: String,
}

/// One article, checked: every field is valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// The file, as shown in diagnostics.
    pub path: PathBuf,
    /// How its body is written.
    pub format: SourceFormat,
    /// The URL slug; with the date parts of `article_url`, unique in the site.
    pub slug: String,
    /// The permanent id (RSS guid, Atom id), unique in the site.
    pub id: String,
    /// Returns true if and only if the front matter set the id; otherwise
    /// it is derived from the slug (see [`Site::article_id`]).
    pub id_set: bool,
    /// The headline.
    pub title: String,
    /// When it was published.
    pub published: DateTime<FixedOffset>,
    /// Returns true if and only if the publication date has no time of day:
    /// it came from the file name or a bare `YYYY-MM-DD`, and `published` is
    /// midnight in the site's zone.
    pub date_only: bool,
    /// When it last changed significantly, if it did.
    pub updated: Option<DateTime<FixedOffset>>,
    /// A plain-text summary, if the front matter gives one.
    pub summary: Option<String>,
    /// Its authors (the site's, shared, when the article names none); never
    /// empty.
    pub authors: Arc<[Person]>,
    /// Its topics, without duplicates.
    pub tags: Vec<Tag>,
    /// Source, credit, contributors, rights and license.
    pub attribution: Attribution,
    /// A draft is checked but never published.
    pub draft: bool,
}

impl Article {
    /// The absolute URL of the article's web page.
    pub fn url(&self, site: &Site) -> url::Url {
        site.permalink(&self.slug, self.published.date_naive())
    }

    /// When it last changed: `updated`, or else `published`.
    pub fn last_modified(&self) -> DateTime<FixedOffset> {
        self.updated.unwrap_or(self.published)
    }
}

/// An article's body, borrowed from the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// Plain text; its blocks are the paragraphs.
    Text(&'a str),
    /// Markdown source.
    Markdown(&'a str),
}

/// An article and its body.
#[derive(Clone, Debug)]
pub struct Parsed<'a> {
    /// The checked metadata.
    pub article: Article,
    /// The body, still in its source form.
    pub body: Body<'a>,
    /// The line of the file the body starts on (1-based), for the
    /// positions of problems found in it when it is rendered.
    pub body_line: usize,
    /// What is published all the same, but worth a look.
    pub warnings: Vec<Diagnostic>,
}

/// Turns a file's bytes into text, or says why they are not an article.
///
/// Drops a UTF-8 byte-order mark and turns CRLF line endings into LF (which
/// keeps line numbers).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let clean = !needs_a_closer_look(&bytes);
    if clean {
        // No NUL, no CR, no byte-order mark: only UTF-8 is left to check.
        return String::from_utf8(bytes)
            .map_err(|e| invalid_utf8(path, e.as_bytes(), e.utf8_error()));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Diagnostic::error(
            path,
            format!(
                "this looks like a binary file (a NUL byte at byte offset {offset}); articles are UTF-8 text"
            ),
        ));
    }
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(invalid_utf8(path, &bytes, e));
    }
    let text = String::from_utf8(bytes).unwrap_or_default();
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(
        if text.as_bytes().contains(&b'\r') && text.contains("\r\n") {
            text.replace("\r\n", "\n")
        } else {
            text
        },
    )
}

/// The error for bytes that are not UTF-8, at the first bad byte.
fn invalid_utf8(path: &Path, bytes: &[u8], error: std::str::Utf8Error) -> Diagnostic {
    let offset = error.valid_up_to();
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    Diagnostic::error(path, format!("invalid UTF-8 at byte offset {offset}"))
        .at_offset(valid, offset)
        .with_help("save the file as UTF-8")
}

/// Returns true if and only if `bytes` may hold something that decoding or
/// checking must look at closely: a control byte other than tab and LF
/// (NUL, CR, the characters XML forbids), or 0xEF, the first byte of
/// U+FEFF, U+FFFE and U+FFFF.
///
/// Written without branches so that it vectorizes: every byte of every
/// article passes here, and almost none of them matter.
pub fn needs_a_closer_look(bytes: &[u8]) -> bool {
    bytes.chunks(64).any(|chunk| {
        chunk.iter().fold(false, |found, &b| {
            found | ((b < 0x20) & (b != b'\t') & (b != b'\n')) | (b == 0xEF)
        })
    })
}

/// Parses and checks one article's text; every problem comes back at once.
///
/// `Err` holds the errors and the warnings; `Ok` holds the warnings in
/// [`Parsed::warnings`].
pub fn parse<'a>(path: &Path, text: &'a str, site: &Site) -> Result<Parsed<'a>, Vec<Diagnostic>> {
    let format = SourceFormat::of(path).unwrap_or(SourceFormat::Text);
    let mut checker = Checker {
        path,
        text,
        front_matter_offset: 0,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    checker.forbidden_characters();

    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(SplitError::Unclosed) => {
            checker.problems.push(
                Diagnostic::error(path, "the front matter opened here is never closed")
                    .at(1, Some(1))
                    .with_help("end it with a line that holds only `+++`"),
            );
            return Err(checker.problems);
        }
        Err(SplitError::Yaml) => {
            checker.problems.push(
                Diagnostic::error(path, "YAML front matter (`---`) is not supported")
                    .at(1, Some(1))
                    .with_help("write the front matter in TOML between `+++` lines"),
            );
            return Err(checker.problems);
        }
    };
    let front = match split.front_matter {
        None => Fields::default(),
        Some(block) => {
            checker.front_matter_offset = block.offset;
            match front_matter::parse(block.syntax, block.text) {
                Ok(node) => {
                    let (fields, problems) = Fields::read(node);
                    checker.front_matter_problems(problems);
                    fields
                }
                Err(problem) => {
                    checker.front_matter_problems(vec![problem]);
                    Fields::default()
                }
            }
        }
    };
    if !checker.problems.is_empty() {
        return Err(checker.problems);
    }

    let has_title = front.title.is_some();
    let (headline, body, credit) = match format {
        SourceFormat::Text => {
            let body = text::parse(split.body, has_title);
            (
                body.headline.map(str::to_owned),
                Body::Text(body.text),
                body.credit,
            )
        }
        SourceFormat::Markdown => {
            let (headline, markdown) = markdown_title(split.body, has_title);
            let (markdown, credit) = text::split_credit(markdown);
            (headline, Body::Markdown(markdown), credit)
        }
    };
    let is_empty = match &body {
        Body::Text(text) => text.trim().is_empty(),
        Body::Markdown(markdown) => markdown.trim().is_empty(),
    };
    if is_empty && headline.is_none() && !has_title {
        checker
            .problems
            .push(Diagnostic::error(path, "the file is empty"));
        return Err(checker.problems);
    }

    let article = checker.article(front, headline, credit, format, site);
    match article {
        Some(article) if checker.problems.is_empty() => {
            let body_text = match body {
                Body::Text(text) | Body::Markdown(text) => text,
            };
            let offset = (body_text.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            Ok(Parsed {
                article,
                body,
                body_line: diagnostic::line_column(text, offset).0,
                warnings: checker.warnings,
            })
        }
        _ => {
            checker.problems.extend(checker.warnings);
            Err(checker.problems)
        }
    }
}

/// For Markdown without a front-matter title: a first-level heading that
/// opens the text (`# Heading`, or `Heading` over `===`) is the title, as
/// the text a reader sees (`# A *bold* [claim](…)` is "A bold claim"), and
/// the body starts after it.
///
/// Only the first block is parsed (up to the first blank line), so this
/// costs little whatever the article's length.
fn markdown_title(body: &str, has_title: bool) -> (Option<String>, &str) {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    if has_title {
        return (None, body);
    }
    let trimmed = body.trim_start();
    let first_block = trimmed.find("\n\n").map_or(trimmed, |end| &trimmed[..end]);
    let mut events = Parser::new(first_block).into_offset_iter();
    let Some((
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }),
        range,
    )) = events.next()
    else {
        return (None, body);
    };
    let mut title = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) => title.push_str(&text),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return (None, body);
    }
    (Some(title), &trimmed[range.end..])
}

/// Turns any text into a slug: lowercase letters and digits, with `-`
/// between words (`Los Angeles 2028` → `los-angeles-2028`). Letters outside
/// ASCII are kept; URLs percent-encode them.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The `YYYY-MM-DD` that a file name starts with, and the rest of the name.
///
/// `Ok(None)` when the name has no date prefix; `Err` when it has one that
/// is not a real date (`2024-02-30`).
fn file_name_date(stem: &str) -> Result<Option<(NaiveDate, &str)>, String> {
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

/// Collects the problems of one article file while checking its values.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    /// Where the front matter's TOML starts in `text`.
    front_matter_offset: usize,
    problems: Vec<Diagnostic>,
    /// What is published all the same, but worth a look.
    warnings: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// An error at a front-matter value.
    fn error<T>(&mut self, value: &At<T>, message: impl Into<String>) {
        let offset = self.front_matter_offset + value.at;
        self.problems
            .push(Diagnostic::error(self.path, message).at_offset(self.text, offset));
    }

    /// The problems found reading the front matter, placed in the file.
    fn front_matter_problems(&mut self, problems: Vec<front_matter::Problem>) {
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
    fn forbidden_characters(&mut self) {
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

    fn article(
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
                    for problem in config::check_person(&entry.value) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Los Angeles 2028"), "los-angeles-2028");
        assert_eq!(slugify("  Un été à Paris! "), "un-été-à-paris");
        assert_eq!(slugify("snake_case--x"), "snake_case-x");
        assert_eq!(slugify("!!!"), "");
    }

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
