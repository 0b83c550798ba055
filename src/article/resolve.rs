//! Resolving an article's fields: front matter, file name and body each
//! say something, and one small function per field decides.

use super::decode::needs_a_closer_look;
use super::front_matter::{self, At, Fields, RawNote};
use super::history::GitFacts;
use super::model::{Article, Note, SourceFormat, Tag, slugify};
use crate::attribution::{Attribution, CreditLine, Person, Source};
use crate::config::{Dialect, Site};
use crate::diagnostic::Diagnostic;
use crate::links;
use crate::plain;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::path::Path;
use std::sync::{Arc, LazyLock};

/// A slug by another generator's rules, as its URLs show it:
/// Hugo lowercases paths and keeps dots (`0.56.2-relnotes`); Jekyll's
/// `:title` keeps case and dots and makes `_` a `-` (`CVE-2006-5467`,
/// `escape-html`); Zola slugifies, `_` and `.` too. Any other run of
/// characters that are not letters or digits is one `-`.
pub(crate) fn dialect_slug(dialect: Dialect, text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        let kept = match dialect {
            Dialect::Hugo => c.is_alphanumeric() || matches!(c, '.' | '_' | '-'),
            Dialect::Jekyll => c.is_alphanumeric() || c == '.',
            Dialect::Zola | Dialect::Byline => c.is_alphanumeric(),
        };
        if kept && (c != '-' || !slug.ends_with('-')) {
            match dialect {
                Dialect::Jekyll => slug.push(c),
                _ => slug.extend(c.to_lowercase()),
            }
        } else if !kept && !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The folder of `path` below the articles folder `root`, with `/`
/// between its parts; empty at the top. A page bundle's own folder
/// (`post/index.md`) is the page, not its section.
fn section_of(path: &Path, root: &Path) -> String {
    match walked_section(path, root) {
        Some(section) => section.to_owned(),
        None => section_by_components(path, root),
    }
}

/// [`section_of`] for any path, from its components.
fn section_by_components(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut parts: Vec<&str> = relative
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    if path.file_stem().is_some_and(|stem| stem == "index") {
        parts.pop();
    }
    parts.join("/")
}

/// [`section_of`] without taking paths apart into components, for a path
/// as the folder walk makes them, `root/part/…/name.md`: UTF-8, the root
/// not empty and not ending with `/`, and after it only parts that are not
/// empty, `.` or `..`. Then the path's components are the root's followed
/// by those parts (the root's text is the same, whatever it holds), so the
/// section is the text between the root and the file name, less a page
/// bundle's own folder. `None` for any other path.
fn walked_section<'p>(path: &'p Path, root: &Path) -> Option<&'p str> {
    let root = root
        .to_str()
        .filter(|r| !r.is_empty() && !r.ends_with('/'))?;
    let relative = path.to_str()?.strip_prefix(root)?.strip_prefix('/')?;
    if relative
        .as_bytes()
        .split(|&b| b == b'/')
        .any(|part| matches!(part, b"" | b"." | b".."))
    {
        return None;
    }
    let (folder, name) = split_last(relative, b'/').unwrap_or(("", relative));
    Some(if stem_of(name) == "index" {
        split_last(folder, b'/').map_or("", |(above, _)| above)
    } else {
        folder
    })
}

/// A file name without its extension, as [`Path::file_stem`] has it: all
/// of a name with no dot, or whose only dot starts it (`.profile`).
fn stem_of(name: &str) -> &str {
    match split_last(name, b'.') {
        None | Some(("", _)) => name,
        Some((stem, _)) => stem,
    }
}

/// `text` cut at its last `byte`, an ASCII one, which is left out: a byte
/// search, where `rsplit_once` of a `char` showed in the profile.
fn split_last(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().rposition(|b| b == byte)?;
    Some((&text[..at], &text[at + 1..]))
}

/// The date a URL path starts with or holds (`2019/05/15/slug`,
/// `inside/2020/01/02/notes`), if any.
fn date_in_path(path: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    parts.windows(3).find_map(|w| {
        if w[0].len() != 4 || w[1].len() != 2 || w[2].len() != 2 {
            return None;
        }
        NaiveDate::from_ymd_opt(w[0].parse().ok()?, w[1].parse().ok()?, w[2].parse().ok()?)
    })
}

/// The last part of an address, without an extension: what its id is made of.
fn address_slug(address: &str) -> &str {
    let last = address
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    last.rsplit_once('.').map_or(last, |(stem, _)| stem)
}

/// An address as the generator publishes it, relative to the base URL:
/// Zola's `path` with a trailing `/`; Hugo's `url` as written (a `/` added
/// to a folder); Jekyll's `permalink` with `:year`, `:month`, `:day`,
/// `:title` and `:slug` filled in.
fn expand_address(address: &str, dialect: Dialect, date: NaiveDate, slug: &str) -> String {
    use chrono::Datelike;
    let trimmed = address.trim().trim_start_matches('/');
    match dialect {
        Dialect::Zola => format!("{}/", trimmed.trim_end_matches('/')),
        Dialect::Jekyll => trimmed
            .replace(":year", &format!("{:04}", date.year()))
            .replace(":month", &format!("{:02}", date.month()))
            .replace(":day", &format!("{:02}", date.day()))
            .replace(":title", slug)
            .replace(":slug", slug),
        Dialect::Hugo | Dialect::Byline => {
            let last = trimmed.rsplit('/').next().unwrap_or("");
            if trimmed.is_empty() || trimmed.ends_with('/') || last.contains('.') {
                trimmed.to_owned()
            } else {
                format!("{trimmed}/")
            }
        }
    }
}

/// The name an article's date and slug come from: its file name without
/// the extension, or for a page bundle (`my-post/index.md`, with its
/// images beside it, as Hugo and Zola write them) its folder's name.
fn name_of(path: &Path) -> &str {
    // A path of plain parts (see `walked_section`) is read as text.
    if let Some((folder, name)) = path.to_str().and_then(|p| split_last(p, b'/')) {
        let plain = |part: &str| !matches!(part, "" | "." | "..");
        let above = split_last(folder, b'/').map_or(folder, |(_, above)| above);
        if plain(name) && plain(above) {
            let stem = stem_of(name);
            return if stem == "index" { above } else { stem };
        }
    }
    name_by_components(path)
}

/// [`name_of`] for any path, from its components.
fn name_by_components(path: &Path) -> &str {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem == "index"
        && let Some(folder) = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
    {
        return folder;
    }
    stem
}

/// `text` without the white space around it, reusing its allocation when
/// there is none.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_owned()
    }
}

/// Facts about an article file that come from outside it, gathered by the
/// load stage (never by the renderers) and given to resolution.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FileFacts {
    /// What git says about the file: the date it was added is the date of
    /// last resort, the date it last changed is `updated` when the site
    /// asks for it.
    pub(crate) git: GitFacts,
    /// What byline read from the local media files the article names
    /// (type, size, pixels), by file: gathered by the first parse, so the
    /// second one reads nothing from disk.
    pub(crate) media: Vec<(std::path::PathBuf, crate::media::Probed)>,
}

/// What the body says about the fields, read before they are resolved.
#[derive(Debug)]
pub(super) struct BodyFacts {
    /// How the body is written.
    pub(super) format: SourceFormat,
    /// The headline it opens with, if any.
    pub(super) headline: Option<String>,
    /// Its credit paragraph, if any.
    pub(super) credit: Option<CreditLine>,
}

/// Collects the problems of one article file while resolving its fields.
pub(super) struct Resolver<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    /// Where the front matter's TOML starts in `text`.
    pub(super) front_matter_offset: usize,
    pub(super) problems: Vec<Diagnostic>,
    /// What is published all the same, but worth a look.
    pub(super) warnings: Vec<Diagnostic>,
    /// Media files already probed, by an earlier parse of the file.
    pub(super) known_media: &'a [(std::path::PathBuf, crate::media::Probed)],
    /// Media files this parse probed.
    pub(super) probed: Vec<(std::path::PathBuf, crate::media::Probed)>,
    /// The article has no date, and git was not asked yet when it was added.
    pub(super) needs_git: bool,
}

/// The fix for a date by day alone whose time of day (midnight, or the
/// site's `default_time`) the clocks skip that day.
const SKIPPED_HELP: &str = "set `date` in the front matter with a time of day, or a `default_time` under [site] that the clocks never skip";

impl Resolver<'_> {
    /// An error at a front-matter value.
    pub(super) fn error<T>(&mut self, value: &At<T>, message: impl Into<String>) {
        self.error_at(value.at, message);
    }

    /// An error at an offset in the front matter.
    pub(super) fn error_at(&mut self, at: usize, message: impl Into<String>) {
        let offset = self.front_matter_offset + at;
        self.problems
            .push(Diagnostic::error(self.path, message).at_offset(self.text, offset));
    }

    /// The problems found reading the front matter, placed in the file.
    pub(super) fn front_matter_problems(&mut self, problems: Vec<front_matter::Problem>) {
        // Another generator's keys get the hint once per file.
        let mut hinted = false;
        for problem in problems {
            let offset = self.front_matter_offset + problem.at;
            let mut diagnostic = if problem.warning {
                Diagnostic::warning(self.path, problem.message)
                    .rule(crate::rule::Rule::IgnoredField)
            } else {
                Diagnostic::error(self.path, problem.message)
            }
            .at_offset(self.text, offset);
            let foreign = || {
                let hint = foreign_key_hint(&diagnostic.message).filter(|_| !hinted);
                hinted |= hint.is_some();
                hint
            };
            if let Some(help) = problem.help.or_else(foreign) {
                diagnostic = diagnostic.with_help(help);
            }
            if problem.warning {
                self.warnings.push(diagnostic);
            } else {
                self.problems.push(diagnostic);
            }
        }
    }

    /// An error about the file as a whole.
    fn file_error(&mut self, message: impl Into<String>, help: &str) {
        self.problems
            .push(Diagnostic::error(self.path, message).with_help(help));
    }

    /// A template tag another generator would have expanded (`{% include
    /// x.html %}`, `{{< youtube id >}}`, `{{ page.title }}`) is published
    /// as the text it is, with a warning at each place.
    ///
    /// Not tags: a GitHub Actions expression (`${{ secrets.TOKEN }}`), and,
    /// in the Hugo and Zola dialects, whatever is inside code (a fenced
    /// block or a code span: `{{closure}}` in a backtrace), which those
    /// generators leave alone. Jekyll's Liquid runs in code too, so there
    /// code is no exception.
    pub(super) fn template_tags(&mut self, body: &str, dialect: Dialect) {
        let code_is_text = matches!(dialect, Dialect::Hugo | Dialect::Zola);
        let body_offset = body.as_ptr() as usize - self.text.as_ptr() as usize;
        let mut fence: Option<&str> = None;
        let mut line_start = 0;
        for line in body.split_inclusive('\n') {
            let start = line_start;
            line_start += line.len();
            let trimmed = line.trim_start();
            if code_is_text {
                if let Some(open) = fence {
                    if trimmed.trim_end().starts_with(open) {
                        fence = None;
                    }
                    continue;
                }
                if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                    fence = Some(&trimmed[..3]);
                    continue;
                }
                if line.starts_with("    ") || line.starts_with('\t') {
                    continue;
                }
            }
            if !crate::syntax::may_hold_template_tag(line) {
                continue;
            }
            let mut from = 0;
            while let Some(found) = line[from..]
                .match_indices('{')
                .map(|(at, _)| from + at)
                .find(|&at| matches!(line.as_bytes().get(at + 1), Some(b'%' | b'{')))
            {
                let close = if line[found..].starts_with("{%") {
                    "%}"
                } else {
                    "}}"
                };
                let Some(length) = line[found..].find(close).map(|n| n + 2) else {
                    break;
                };
                from = found + length;
                let in_span = line[..found].matches('`').count() % 2 == 1;
                if found > 0 && line.as_bytes()[found - 1] == b'$' || code_is_text && in_span {
                    continue;
                }
                let tag: String = line[found..found + length].chars().take(60).collect();
                self.warnings.push(
                    Diagnostic::warning(
                        self.path,
                        format!("`{tag}` is a template tag another generator would expand; it is published as text"),
                    )
                    .at_offset(self.text, body_offset + start + found)
                    .with_help("replace it with what it stands for (a link, an image, the text)")
                    .rule(crate::rule::Rule::TemplateTag),
                );
            }
        }
    }

    /// Markdown turns `&#1;` into U+0001, which XML cannot carry.
    ///
    /// Only `&#` opens a numeric reference: `memmem` finds each one with
    /// vector instructions, where looking at every `&` with `str::find`
    /// went a word at a time over the whole file.
    fn forbidden_references(&mut self) {
        // Made once: a searcher analyses its needle when it is made.
        static OPENING: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new(b"&#"));
        let text = self.text;
        for start in OPENING.find_iter(text.as_bytes()) {
            let from = start + 2;
            let rest = &text[from..];
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
                            &text[start..end]
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
        let people = article.authors.len() + attribution.contributors.len();
        let mut fields: Vec<(&str, &str)> = Vec::with_capacity(8 + article.tags.len() + 2 * people);
        fields.push(("title", article.title.as_str()));
        fields.extend(article.set_id.as_deref().map(|id| ("id", id)));
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
        fields.extend(
            article
                .corrections
                .iter()
                .map(|n| ("corrections", n.text.as_str())),
        );
        fields.extend(
            article
                .retracted
                .iter()
                .map(|n| ("retracted", n.text.as_str())),
        );
        for (key, value) in fields {
            if !plain::may_hold_something(value) {
                continue;
            }
            if let Some(problem) = plain::forbidden_character(value) {
                self.problems.push(
                    Diagnostic::error(self.path, format!("`{key}` {problem}"))
                        .with_help("delete it: XML 1.0 forbids it"),
                );
            } else if let Some(lookalike) = plain::html_lookalike(value) {
                // A name has no type: Atom cannot mark it as HTML, and the
                // W3C validator warns on one with a tag (`ContainsHTML`),
                // so build would write what check rejects.
                if key == "authors"
                    && let plain::Lookalike::EndTag(tag) = lookalike
                {
                    self.problems.push(
                        Diagnostic::error(
                            self.path,
                            format!("the name `{value}` holds the HTML tag `{tag}`"),
                        )
                        .with_help("write names as plain text: a feed cannot mark a name as HTML"),
                    );
                } else {
                    self.warnings.push(lookalike.warning(self.path, key));
                }
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

    /// Resolves every field; `None` when one the article cannot do without
    /// (its date) could not be resolved. Problems are recorded either way.
    pub(super) fn article(
        &mut self,
        mut front: Fields,
        body: BodyFacts,
        facts: &FileFacts,
        site: &Site,
    ) -> Option<Article> {
        let stem = name_of(self.path);
        let named = file_name_date(stem);
        let misnamed = named.is_err();
        let name_date = named.unwrap_or_else(|message| {
            if front.date.is_none() {
                self.file_error(
                    message,
                    "rename the file, or set `date` in the front matter",
                );
            }
            None
        });
        let title = self.title(front.title.take(), body.headline, body.format);
        // Zola's `path` often holds the date (`2019/05/15/slug`): the date
        // of a page that sets none, after the file name's, before git's.
        let path_date = front
            .address
            .as_ref()
            .filter(|_| site.front_matter == Dialect::Zola)
            .and_then(|address| date_in_path(&address.value));
        let name_day = name_date.map(|(date, _)| date).or(path_date);
        let published = self.published(&front, name_day, facts, site);
        if misnamed && front.date.is_none() {
            // The file name's bad date is the reason there is none; saying
            // "no date" as well would hide it.
            self.problems
                .retain(|p| !p.message.starts_with("the article has no date"));
        }
        let updated = self.updated(&front, published, facts, site);
        let corrections: Vec<Note> = front
            .corrections
            .take()
            .into_iter()
            .flatten()
            .filter_map(|note| self.note(note, "corrections", published, site))
            .collect();
        let retracted = front
            .retracted
            .take()
            .and_then(|note| self.note(note, "retracted", published, site));
        // A correction or a retraction is a change readers must see: the
        // latest of them is the update date.
        let updated = corrections
            .iter()
            .chain(&retracted)
            .map(|note| note.date)
            .chain(updated)
            .max();
        let mut corrections = corrections;
        corrections.sort_by_key(|note| note.date);
        let (slug, url_slug) = match &front.address {
            // The id is made of the slug: the address's last part.
            Some(address) => (slugify(address_slug(&address.value)), None),
            None => self.slug(
                &front,
                stem,
                name_date.map(|(_, rest)| rest),
                site.front_matter,
            ),
        };
        let section = section_of(self.path, &site.media_root);
        let address = front.address.as_ref().and_then(|address| {
            published.map(|date| {
                expand_address(
                    &address.value,
                    site.front_matter,
                    site.url_date(date),
                    &slug,
                )
            })
        });
        let authors = self.authors(front.authors.take(), site);
        let tags = self.tags(front.tags.take());
        let attribution = self.attribution(&mut front, body.credit, site);
        let set_id = self.set_id(&front, &slug);
        let language = self.language(&front, site);
        let draft = front.draft.unwrap_or(false);
        let media = self.media(&mut front, site, draft);
        let expires = front.expires.as_ref().and_then(|expires| {
            front_matter::parse_date(&expires.value, site.timezone)
                .map_err(|message| self.error(expires, message))
                .ok()
        });
        if body.format == SourceFormat::Markdown {
            self.forbidden_references();
        }
        let article = Article {
            path: self.path.to_owned(),
            format: body.format,
            slug,
            url_slug,
            address,
            section,
            set_id,
            title,
            published: published?,
            // A date from git has its time of day; one from a file name has none.
            date_only: match &front.date {
                Some(date) => front_matter::is_date_only(&date.value),
                None => name_date.is_some() || !matches!(facts.git, GitFacts::Committed { .. }),
            },
            updated,
            summary: front
                .summary
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
            authors,
            tags,
            attribution,
            draft,
            in_feeds: front.feeds.unwrap_or(true),
            language,
            expires,
            media,
            corrections,
            retracted,
        };
        self.plain_text_fields(&article);
        Some(article)
    }

    /// The front matter's `title`, or else the headline the body opens with.
    fn title(
        &mut self,
        written: Option<At<String>>,
        headline: Option<String>,
        format: SourceFormat,
    ) -> String {
        let set = written.is_some();
        let title = match written {
            Some(title) if title.value.trim().is_empty() => {
                self.error(&title, "`title` is empty");
                String::new()
            }
            Some(title) => trimmed(title.value),
            None => headline.unwrap_or_default(),
        };
        if title.is_empty() && !set {
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
        title
    }

    /// The front matter's `date`, or else the file name's (midnight in the
    /// site's zone), or else the one version control gives.
    fn published(
        &mut self,
        front: &Fields,
        name_date: Option<NaiveDate>,
        facts: &FileFacts,
        site: &Site,
    ) -> Option<DateTime<FixedOffset>> {
        if let Some(date) = &front.date {
            match front_matter::parse_date(&date.value, site.timezone) {
                Ok(parsed) if front_matter::is_date_only(&date.value) => {
                    return self.at_default_time(date, parsed, site);
                }
                Ok(date) => return Some(date),
                // Jekyll publishes a post whose date it cannot read under
                // the file name's date: so does its dialect.
                Err(message) if site.front_matter == Dialect::Jekyll && name_date.is_some() => {
                    let offset = self.front_matter_offset + date.at;
                    self.warnings.push(
                        Diagnostic::warning(
                            self.path,
                            format!("{message}; the date in the file name is used instead"),
                        )
                        .at_offset(self.text, offset)
                        .rule(crate::rule::Rule::DateFromFileName),
                    );
                }
                Err(message) => {
                    self.error(date, message);
                    return None;
                }
            }
        }
        if let Some(date) = name_date {
            let local = date.and_time(site.default_time);
            return front_matter::in_zone(local, site.timezone)
                .map_err(|message| self.file_error(message, SKIPPED_HELP))
                .ok();
        }
        let set_it = "start the file name with it (`2024-08-11-closing-ceremony.txt`) \
                      or set `date = 2024-08-11` in the front matter";
        match facts.git {
            GitFacts::Committed { added, .. } => return Some(added),
            // Read again once git has been asked about this file.
            GitFacts::Unread | GitFacts::Changed(_) => self.needs_git = true,
            GitFacts::NotInGit => self.file_error("the article has no date", set_it),
            GitFacts::Uncommitted => self.file_error(
                "the article has no date, and git cannot give one: the file is not committed yet",
                "commit it (its date is then the commit's), or set `date` in the front matter",
            ),
            GitFacts::Shallow => self.file_error(
                "the article has no date, and git cannot give one: this is a shallow clone",
                "fetch the whole history (`git fetch --unshallow`; in GitHub Actions, \
                 `fetch-depth: 0` in actions/checkout), or set `date` in the front matter",
            ),
        }
        None
    }

    /// A correction or a retraction (`key`), which needs a date no earlier
    /// than `published` and a note.
    fn note(
        &mut self,
        written: At<RawNote>,
        key: &str,
        published: Option<DateTime<FixedOffset>>,
        site: &Site,
    ) -> Option<Note> {
        let example = "{ date = 2024-08-13, note = \"An earlier version misstated the score.\" }";
        let RawNote { date, note } = written.value;
        let Some(date) = date else {
            self.problems.push(
                Diagnostic::error(self.path, format!("a `{key}` entry has no `date`"))
                    .at_offset(self.text, self.front_matter_offset + written.at)
                    .with_help(format!("write it as `{example}`")),
            );
            return None;
        };
        let mut when = front_matter::parse_date(&date.value, site.timezone)
            .map_err(|message| self.error(&date, message))
            .ok()?;
        // By day alone, as `date` and `updated` are: at the default time.
        if front_matter::is_date_only(&date.value) {
            when = self.at_default_time(&date, when, site)?;
        }
        if let Some(published) = published.filter(|published| when < *published) {
            self.problems.push(
                Diagnostic::error(
                    self.path,
                    format!(
                        "the date `{}` of a `{key}` entry is earlier than the article's, `{}`",
                        when.to_rfc3339(),
                        published.to_rfc3339()
                    ),
                )
                .at_offset(self.text, self.front_matter_offset + date.at)
                .with_help(format!(
                    "date it no earlier than `{}`, or fix the article's `date`",
                    published.to_rfc3339()
                )),
            );
        }
        let text = match note {
            Some(note) if !note.value.trim().is_empty() => trimmed(note.value),
            Some(note) => {
                self.error(&note, format!("the `note` of a `{key}` entry is empty"));
                return None;
            }
            None => {
                self.problems.push(
                    Diagnostic::error(self.path, format!("a `{key}` entry has no `note`"))
                        .at_offset(self.text, self.front_matter_offset + written.at)
                        .with_help(format!("write it as `{example}`")),
                );
                return None;
            }
        };
        Some(Note { date: when, text })
    }

    /// A date written by day alone, `parsed` at midnight, at the site's
    /// `default_time` instead (midnight unless set).
    fn at_default_time(
        &mut self,
        written: &At<front_matter::Value>,
        parsed: DateTime<FixedOffset>,
        site: &Site,
    ) -> Option<DateTime<FixedOffset>> {
        if site.default_time == chrono::NaiveTime::MIN {
            return Some(parsed);
        }
        let local = parsed.date_naive().and_time(site.default_time);
        front_matter::in_zone(local, site.timezone)
            .map_err(|message| {
                self.problems.push(
                    Diagnostic::error(self.path, message)
                        .at_offset(self.text, self.front_matter_offset + written.at)
                        .with_help(SKIPPED_HELP),
                );
            })
            .ok()
    }

    /// The front matter's `updated`, which cannot come before `published`.
    fn updated(
        &mut self,
        front: &Fields,
        published: Option<DateTime<FixedOffset>>,
        facts: &FileFacts,
        site: &Site,
    ) -> Option<DateTime<FixedOffset>> {
        let Some(updated) = front.updated.as_ref() else {
            // Opt-in: the last commit that changed the file, when later.
            return match facts.git {
                GitFacts::Committed { changed, .. } | GitFacts::Changed(changed)
                    if site.updated_from_git && published.is_some_and(|p| changed > p) =>
                {
                    Some(changed)
                }
                _ => None,
            };
        };
        let mut value = front_matter::parse_date(&updated.value, site.timezone)
            .map_err(|message| self.error(updated, message))
            .ok()?;
        if front_matter::is_date_only(&updated.value) {
            value = self.at_default_time(updated, value, site)?;
        }
        if published.is_some_and(|published| value < published) {
            self.error(updated, "`updated` is earlier than `date`");
        }
        Some(value)
    }

    /// The front matter's `slug`, which must be one already, or else one
    /// made from the file name without its date. In another generator's
    /// dialect, both are made into a slug by its rules (see
    /// [`dialect_slug`]): what it publishes is never an error.
    ///
    /// The second value is the slug of the URL where the dialect's differs
    /// (`0.56.2-relnotes`, `CVE-2006-5467`); the first, byline's, is what
    /// derived ids are made of, so that every id byline gave before stays.
    fn slug(
        &mut self,
        front: &Fields,
        stem: &str,
        rest: Option<&str>,
        dialect: Dialect,
    ) -> (String, Option<String>) {
        if dialect != Dialect::Byline {
            let written = match &front.slug {
                Some(slug) => slug.value.as_str(),
                None => rest.filter(|rest| !rest.is_empty()).unwrap_or(stem),
            };
            let (slug, url_slug) = (slugify(written), dialect_slug(dialect, written));
            if slug.is_empty() || url_slug.is_empty() {
                self.file_error(
                    "no slug can be made from the file name",
                    "rename the file with letters or digits, or set `slug` in the front matter",
                );
            }
            let url_slug = (url_slug != slug).then_some(url_slug);
            return (slug, url_slug);
        }
        if let Some(slug) = &front.slug {
            let wanted = slugify(&slug.value);
            if wanted != slug.value {
                self.error(
                    slug,
                    format!(
                        "`{}` is not a slug: use lowercase letters, digits, `-` and `_` (try `{wanted}`)",
                        slug.value
                    ),
                );
            }
            return (slug.value.clone(), None);
        }
        let rest = rest.unwrap_or(stem);
        let slug = slugify(if rest.is_empty() { stem } else { rest });
        if slug.is_empty() {
            self.file_error(
                "no slug can be made from the file name",
                "rename the file with letters or digits, or set `slug` in the front matter",
            );
        }
        (slug, None)
    }

    /// The front matter's `authors`, or else the site's; never none.
    fn authors(&mut self, written: Option<Vec<At<Person>>>, site: &Site) -> Arc<[Person]> {
        let authors: Arc<[Person]> = match written {
            Some(authors) => authors
                .into_iter()
                .map(|entry| {
                    for problem in entry.value.problems() {
                        self.error(&entry, problem);
                    }
                    // As a tag's: without a slug it has no per-author feed.
                    let name = &entry.value.name;
                    if !name.trim().is_empty() && !crate::syntax::has_slug(name) {
                        self.error(
                            &entry,
                            format!("the author `{name}` has no letters or digits"),
                        );
                    }
                    entry.value
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
        authors
    }

    /// The front matter's `tags`, one per slug, in the order written.
    fn tags(&mut self, written: Option<Vec<At<String>>>) -> Vec<Tag> {
        let written = written.unwrap_or_default();
        let mut tags: Vec<Tag> = Vec::with_capacity(written.len());
        for tag in written {
            let slug = slugify(&tag.value);
            if slug.is_empty() {
                self.error(
                    &tag,
                    format!("the tag `{}` has no letters or digits", tag.value),
                );
            } else if !tags.iter().any(|t| t.slug == slug) {
                tags.push(Tag {
                    name: trimmed(tag.value),
                    slug,
                });
            }
        }
        tags
    }

    /// The front matter's `language`, a language tag in BCP 47's case
    /// (`PT-br` is `pt-BR`); none when it is the site's own.
    fn language(&mut self, front: &Fields, site: &Site) -> Option<String> {
        let language = front.language.as_ref()?;
        if !crate::syntax::is_language_tag(&language.value) {
            self.error(
                language,
                format!(
                    "`{}` is not a language tag such as `en` or `pt-BR`",
                    language.value
                ),
            );
            return None;
        }
        let same = site
            .language
            .as_deref()
            .is_some_and(|site| site.eq_ignore_ascii_case(&language.value));
        (!same).then(|| crate::syntax::conventional_case(&language.value))
    }

    /// The front matter's `id`, which must be an absolute URI; without one,
    /// the id is derived when it is needed (see [`Article::id`]).
    fn set_id(&mut self, front: &Fields, slug: &str) -> Option<String> {
        let id = front.id.as_ref()?;
        if !links::is_absolute_uri(&id.value) {
            self.error(
                id,
                format!(
                    "`id` must be an absolute URI such as `tag:example.org,2024:{slug}`, not `{}`",
                    id.value
                ),
            );
        }
        Some(id.value.clone())
    }

    fn attribution(
        &mut self,
        front: &mut Fields,
        credit: Option<CreditLine>,
        site: &Site,
    ) -> Attribution {
        let (credit_text, credit_source, contributors) = match credit {
            Some(credit) => (Some(credit.text), credit.source, credit.contributors),
            None => (None, None, Vec::new()),
        };
        let source = match &mut front.source {
            None => credit_source,
            Some(spanned) => {
                let raw = &mut spanned.value;
                let mut url = |value: &Option<At<String>>, key: &str| {
                    value
                        .as_ref()
                        .and_then(|value| match links::absolute_http_text(&value.value) {
                            Ok(url) => Some(url),
                            Err(message) => {
                                self.error(value, format!("`source.{key}`: {message}"));
                                None
                            }
                        })
                };
                let (source_url, feed) = (url(&raw.url, "url"), url(&raw.feed, "feed"));
                let name = raw
                    .name
                    .take()
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
            Some(license) => match links::absolute_http_text(&license.value) {
                Ok(url) => Some(url),
                Err(message) => {
                    self.error(license, format!("`license`: {message}"));
                    None
                }
            },
            None => site.license.clone(),
        };
        Attribution {
            credit: front.credit.take().or(credit_text),
            source,
            contributors,
            rights: front.rights.take().or_else(|| site.rights.clone()),
            license,
        }
    }
}

/// For "unknown field `layout`" in byline's own dialect, when the key is
/// another generator's: the `front_matter` setting that reads such posts.
fn foreign_key_hint(message: &str) -> Option<String> {
    let key = message.strip_prefix("unknown field `")?.split('`').next()?;
    let dialect = match key {
        "layout" | "permalink" | "categories" | "category" | "published" | "excerpt"
        | "last_modified_at" => "jekyll",
        "lastmod" | "publishDate" | "expiryDate" | "weight" | "aliases" | "series" => "hugo",
        "taxonomies" | "extra" | "template" | "in_search_index" => "zola",
        _ => return None,
    };
    Some(format!(
        "`{key}` is a key of other generators' posts: to read them as they are, set \
         `front_matter = \"{dialect}\"` under [build] in feeds.toml"
    ))
}

/// The `YYYY-MM-DD` that a file name starts with, and the rest of the name.
///
/// `Ok(None)` when the name has no date prefix; `Err` when it has one that
/// is not a real date (`2024-02-30`).
pub(super) fn file_name_date(stem: &str) -> Result<Option<(NaiveDate, &str)>, String> {
    // `YYYY-M-D` with one or two digits for the month and the day (Jekyll
    // accepts `2019-5-15-title.md`), then the end or a separator.
    let digits = |from: usize, min: usize, max: usize| {
        let run = stem.as_bytes()[from.min(stem.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (min..=max).contains(&run).then_some(from + run)
    };
    let dash = |at: usize| stem.as_bytes().get(at) == Some(&b'-');
    let padded = stem.len() >= 10
        && stem.as_bytes()[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let shape = if padded {
        Some(10)
    } else {
        (|| {
            let year_end = digits(0, 4, 4)?;
            let month_end = dash(year_end).then(|| digits(year_end + 1, 1, 2))??;
            let day_end = dash(month_end).then(|| digits(month_end + 1, 1, 2))??;
            let after = stem[day_end..].chars().next();
            after
                .is_none_or(|c| matches!(c, '-' | '_' | ' '))
                .then_some(day_end)
        })()
    };
    let Some(end) = shape else {
        return Ok(None);
    };
    let written = &stem[..end];
    let mut parts = written.split('-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    );
    let date = year
        .zip(month)
        .zip(day)
        .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d))
        .ok_or_else(|| {
            format!("the file name starts with `{written}`, which is not a real date")
        })?;
    let rest = stem[end..].trim_start_matches(['-', '_', ' ']);
    Ok(Some((date, rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_by_each_generators_rules() {
        assert_eq!(
            dialect_slug(Dialect::Hugo, "ARI-in-Widgets"),
            "ari-in-widgets"
        );
        assert_eq!(
            dialect_slug(Dialect::Hugo, "0.56.2-relnotes"),
            "0.56.2-relnotes"
        );
        assert_eq!(
            dialect_slug(Dialect::Jekyll, "CVE-2006-5467"),
            "CVE-2006-5467"
        );
        assert_eq!(
            dialect_slug(Dialect::Jekyll, "in escape_html"),
            "in-escape-html"
        );
        assert_eq!(
            dialect_slug(Dialect::Zola, "widget_v1.0--x"),
            "widget-v1-0-x"
        );
        assert_eq!(
            date_in_path("inside/2020/01/02/Notes"),
            NaiveDate::from_ymd_opt(2020, 1, 2)
        );
        assert_eq!(date_in_path("2020/13/02/Notes"), None);
        assert_eq!(section_of(Path::new("a/b/c/index.md"), Path::new("a")), "b");
    }

    #[test]
    fn paths_read_as_text_read_as_components_do() {
        let roots = [
            "articles",
            "A/articles",
            "./articles",
            ".",
            "/srv/site/articles",
            "a/./b",
            "a/..",
            "articles/",
            "",
            "/",
        ];
        let paths = [
            "2019/03/x.md",
            "x.md",
            "post/index.md",
            "a/b/index.md",
            "index.md",
            ".hidden.md",
            "a/.md",
            "a/b.tar.md",
            "a/b.",
            "a//b.md",
            "a/./b.md",
            "a/../b.md",
            "./a/b.md",
            "a/b.md/",
            "a/.",
            "a/..",
            "ünï/cödé.md",
            "a/index",
            "a/index.",
            "a/.index",
            "../x.md",
        ];
        for root in roots {
            for path in paths {
                for joined in [
                    format!("{root}/{path}"),
                    format!("{root}{path}"),
                    path.to_owned(),
                ] {
                    let (path, root) = (Path::new(&joined), Path::new(root));
                    assert_eq!(
                        section_of(path, root),
                        section_by_components(path, root),
                        "{path:?} in {root:?}"
                    );
                    assert_eq!(name_of(path), name_by_components(path), "{path:?}");
                }
            }
        }
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
        assert_eq!(
            file_name_date("2019-5-1-x"),
            Ok(Some((date(2019, 5, 1), "x")))
        );
        assert_eq!(
            file_name_date("2019-05-15"),
            Ok(Some((date(2019, 5, 15), "")))
        );
        assert_eq!(file_name_date("2019-5-150-x"), Ok(None));
        assert_eq!(file_name_date("2019-5x-1"), Ok(None));
        assert_eq!(file_name_date("20190-5-1"), Ok(None));
        assert_eq!(
            file_name_date("2024-08-11closing"),
            Ok(Some((date(2024, 8, 11), "closing")))
        );
        assert!(
            file_name_date("2024-02-30-x")
                .unwrap_err()
                .contains("not a real date")
        );
    }
}
