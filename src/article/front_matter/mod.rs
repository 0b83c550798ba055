//! Front matter: splitting it off, reading it into a syntax-neutral tree,
//! and the typed [`Fields`] that articles are resolved from.
//!
//! ```text
//! text ──split──▶ Split { front_matter: Some(Block { syntax, text, offset }), body, body_line }
//! Block ──parse──▶ Node            syntax-neutral: strings, dates, arrays, tables, with offsets
//! Node ──Fields::read──▶ Fields    every known key typed, with its offset; type errors; unknown keys
//! ```
//!
//! Only [`toml`] knows TOML; a second syntax (YAML) is one more module
//! that makes a [`Node`], and nothing after [`parse`] changes.

mod limits;
mod node;
mod toml;
mod yaml;

pub(crate) use node::{Datetime, Key, Node, Value};

use crate::attribution::{Person, Relation};
use crate::config::Dialect;
use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
};
use chrono_tz::Tz;

/// Every key of [`Fields`], for did-you-mean hints.
pub(crate) const KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "id",
    "slug",
    "summary",
    "authors",
    "tags",
    "draft",
    "source",
    "credit",
    "rights",
    "license",
    "language",
    "image",
    "enclosure",
    "episode",
];

/// The syntax a front-matter block is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// TOML between `+++` lines.
    Toml,
    /// YAML between `---` lines, as Jekyll and Hugo write it.
    Yaml,
}

impl Syntax {
    /// The line that opens and closes a block of this syntax.
    pub(crate) fn delimiter(self) -> &'static str {
        match self {
            Syntax::Toml => "+++",
            Syntax::Yaml => "---",
        }
    }
}

/// A problem in the front matter, at a byte offset of it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Where, from the start of the front matter.
    pub(crate) at: usize,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it, when there is more to say.
    pub(crate) help: Option<String>,
    /// Returns true if and only if it is published all the same.
    pub(crate) warning: bool,
}

impl Problem {
    fn new(at: usize, message: impl Into<String>) -> Problem {
        Problem {
            at,
            message: message.into(),
            help: None,
            warning: false,
        }
    }
}

/// Reads a front-matter block into a table node, or says where its syntax
/// is wrong.
pub(crate) fn parse(syntax: Syntax, text: &str) -> Result<Node, Problem> {
    let exceeded = |e: limits::Exceeded| Problem::new(e.at, e.message);
    limits::check_block(text).map_err(exceeded)?;
    let node = match syntax {
        Syntax::Toml => toml::parse(text).map_err(|error| {
            let mut problem = Problem::new(error.offset.unwrap_or(0), error.message);
            problem.help = crate::diagnostic::unknown_field_hint(&problem.message);
            problem
        }),
        Syntax::Yaml => {
            yaml::parse(text).map_err(|error| Problem::new(error.offset, error.message))
        }
    }?;
    limits::check(&node).map_err(exceeded)?;
    Ok(node)
}

/// A value with the byte offset where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct At<T> {
    /// The value.
    pub(crate) value: T,
    /// Where, from the start of the front matter.
    pub(crate) at: usize,
}

/// The front-matter keys byline knows, typed, each with its position.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    /// The headline.
    pub(crate) title: Option<At<String>>,
    /// Publication date: a date value or a string.
    pub(crate) date: Option<At<Value>>,
    /// Date of the last significant change.
    pub(crate) updated: Option<At<Value>>,
    /// A permanent id that overrides the generated one.
    pub(crate) id: Option<At<String>>,
    /// The URL slug; default: the file name without its date prefix.
    pub(crate) slug: Option<At<String>>,
    /// A plain-text summary; default: the first paragraph.
    pub(crate) summary: Option<String>,
    /// The authors; default: the site's.
    pub(crate) authors: Option<Vec<At<Person>>>,
    /// Topics, which feeds can filter on.
    pub(crate) tags: Option<Vec<At<String>>>,
    /// A draft is checked but not published.
    pub(crate) draft: Option<bool>,
    /// The original this article comes from.
    pub(crate) source: Option<At<RawSource>>,
    /// The visible credit line; default: one made from `source`.
    pub(crate) credit: Option<String>,
    /// A rights statement; default: the site's.
    pub(crate) rights: Option<String>,
    /// The license URL; default: the site's.
    pub(crate) license: Option<At<String>>,
    /// The article's language, where it differs from the site's.
    pub(crate) language: Option<At<String>>,
    /// Hugo's `expiryDate`: from then on, the article is withdrawn.
    pub(crate) expires: Option<At<Value>>,
    /// The lead image.
    pub(crate) image: Option<At<RawImage>>,
    /// A file attached to the article.
    pub(crate) enclosure: Option<At<RawEnclosure>>,
    /// Podcast episode details.
    pub(crate) episode: Option<At<RawEpisode>>,
}

/// The `image` table, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawImage {
    /// A path relative to the article file, or an absolute URL.
    pub(crate) src: Option<At<String>>,
    /// What the image shows (required).
    pub(crate) alt: Option<At<String>>,
    /// Who made it.
    pub(crate) credit: Option<At<String>>,
    /// Its license's URL.
    pub(crate) license: Option<At<String>>,
}

/// The `enclosure` table, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawEnclosure {
    /// A path relative to the article file, or an absolute URL.
    pub(crate) src: Option<At<String>>,
    /// Its media type (required for a remote file).
    pub(crate) mime: Option<At<String>>,
    /// Its size in bytes (required for a remote file).
    pub(crate) length: Option<At<i64>>,
    /// How long it plays: seconds, or `H:MM:SS`.
    pub(crate) duration: Option<At<Value>>,
}

/// The `episode` table, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawEpisode {
    /// The season number.
    pub(crate) season: Option<At<i64>>,
    /// The episode number.
    pub(crate) number: Option<At<i64>>,
    /// `full`, `trailer` or `bonus`.
    pub(crate) kind: Option<At<String>>,
    /// Whether it is explicit.
    pub(crate) explicit: Option<bool>,
    /// A transcript file, relative to the article, or an absolute URL.
    pub(crate) transcript: Option<At<String>>,
    /// Its guests.
    pub(crate) guests: Option<Vec<At<Person>>>,
}

/// The `source` table, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawSource {
    /// Who published the original; default: the name in the credit line.
    pub(crate) name: Option<String>,
    /// The original's address.
    pub(crate) url: Option<At<String>>,
    /// The source's own feed.
    pub(crate) feed: Option<At<String>>,
    /// How this article relates to it; default: `adapted-from`.
    pub(crate) relation: Option<Relation>,
}

impl Fields {
    /// Reads the known keys of a front-matter table; a value of the wrong
    /// type and an unknown key are problems, all of them reported.
    pub(crate) fn read(root: Node, dialect: Dialect) -> (Fields, Vec<Problem>) {
        let mut reader = Reader::default();
        let mut fields = Fields::default();
        let Value::Table(entries) = root.value else {
            reader.invalid(&root, "a table");
            return (fields, reader.problems);
        };
        for (key, node) in entries {
            if node.value == Value::Null {
                continue;
            }
            let r = &mut reader;
            match dialect.meaning(&key.name) {
                Meaning::Field(field) => fields.set(r, dialect, field, &key.name, node),
                Meaning::Expires => {
                    fields.expires = Some(At {
                        at: node.at,
                        value: node.value,
                    });
                }
                Meaning::Published => {
                    fields.draft = r.bool(node).map(|published| !published);
                }
                Meaning::Taxonomies => {
                    for (_, terms) in r
                        .table_any(node, "a table of taxonomies")
                        .into_iter()
                        .flatten()
                        .filter(|(k, _)| matches!(&*k.name, "tags" | "categories"))
                    {
                        fields.set(r, dialect, "tags", "tags", terms);
                    }
                }
                Meaning::Ignored => {}
                Meaning::Unknown => {
                    let best = crate::diagnostic::did_you_mean(&key.name, KEYS.iter().copied());
                    let mut problem = Problem::new(key.at, format!("unknown field `{}`", key.name));
                    problem.help = best.map(|best| format!("did you mean `{best}`?"));
                    if dialect != Dialect::Byline {
                        // Other generators' keys are ignored; only a near
                        // miss of one of byline's is worth a word.
                        if problem.help.is_none() {
                            continue;
                        }
                        problem.message.push_str(" is ignored");
                        problem.warning = true;
                    }
                    r.problems.push(problem);
                }
            }
        }
        (fields, reader.problems)
    }

    /// Sets the field `field` (one of [`KEYS`]) from the key `written`.
    fn set(&mut self, r: &mut Reader, dialect: Dialect, field: &str, written: &str, node: Node) {
        let at = node.at;
        match field {
            "title" => self.title = r.string(node),
            // Hugo's `publishDate` is the publication date, `date` only
            // its fallback.
            "date" if written == "publishDate" || self.date.is_none() => {
                self.date = Some(At {
                    at,
                    value: node.value,
                });
            }
            "date" => {}
            "updated" => {
                self.updated = Some(At {
                    at,
                    value: node.value,
                });
            }
            "id" => self.id = r.string(node),
            "slug" => self.slug = r.string(node),
            "summary" => {
                let summary = r.string(node).map(|s| s.value);
                if self.summary.is_none() {
                    self.summary = summary;
                }
            }
            "authors" => {
                // Other generators write one author as a bare value.
                let node = match node.value {
                    Value::Array(_) => node,
                    _ if dialect != Dialect::Byline => Node {
                        at,
                        value: Value::Array(vec![node]),
                    },
                    _ => node,
                };
                let authors = r.list(node, Reader::person);
                extend(&mut self.authors, authors);
            }
            "tags" => {
                // Jekyll writes `categories: jekyll update`: words.
                let node = match node.value {
                    Value::String(words) if dialect == Dialect::Jekyll => Node {
                        at,
                        value: Value::Array(
                            words
                                .split_whitespace()
                                .map(|word| Node {
                                    at,
                                    value: Value::String(word.to_owned()),
                                })
                                .collect(),
                        ),
                    },
                    Value::String(tag) if dialect != Dialect::Byline => Node {
                        at,
                        value: Value::Array(vec![Node {
                            at,
                            value: Value::String(tag),
                        }]),
                    },
                    value => Node { at, value },
                };
                let tags = r.list(node, Reader::string);
                extend(&mut self.tags, tags);
            }
            "draft" => self.draft = r.bool(node),
            "source" => self.source = r.source(node),
            "credit" => self.credit = r.string(node).map(|s| s.value),
            "rights" => self.rights = r.string(node).map(|s| s.value),
            "language" => self.language = r.string(node),
            // Other generators' themes use `image` for a bare path, with
            // no text for readers who cannot see it: left alone.
            "image" if dialect != Dialect::Byline && !matches!(node.value, Value::Table(_)) => {}
            "image" => self.image = r.image(node),
            "enclosure" => self.enclosure = r.enclosure(node),
            "episode" => self.episode = r.episode(node),
            _ => self.license = r.string(node),
        }
    }
}

/// Appends `more` to a list field, which several keys may fill.
fn extend<T>(field: &mut Option<Vec<T>>, more: Option<Vec<T>>) {
    match (field.as_mut(), more) {
        (Some(list), Some(more)) => list.extend(more),
        (None, more) => *field = more,
        (Some(_), None) => {}
    }
}

/// What a front-matter key means in a dialect.
enum Meaning {
    /// One of byline's fields (a name in [`KEYS`]).
    Field(&'static str),
    /// Jekyll's `published`: the opposite of `draft`.
    Published,
    /// Hugo's `expiryDate`: withdrawn from then on.
    Expires,
    /// Zola's `[taxonomies]`: its `tags` and `categories` are tags.
    Taxonomies,
    /// Means nothing for a feed (`layout`, `weight`, `[extra]`).
    Ignored,
    /// Not a key of the dialect.
    Unknown,
}

impl Dialect {
    fn meaning(self, key: &str) -> Meaning {
        // A `match`, not a search of `KEYS`: it runs for every key of
        // every article.
        let own = match key {
            "title" => Some("title"),
            "date" => Some("date"),
            "updated" => Some("updated"),
            "id" => Some("id"),
            "slug" => Some("slug"),
            "summary" => Some("summary"),
            "authors" => Some("authors"),
            "tags" => Some("tags"),
            "draft" => Some("draft"),
            "source" => Some("source"),
            "credit" => Some("credit"),
            "rights" => Some("rights"),
            "license" => Some("license"),
            "language" => Some("language"),
            "image" => Some("image"),
            "enclosure" => Some("enclosure"),
            "episode" => Some("episode"),
            _ => None,
        };
        if let Some(field) = own {
            return Meaning::Field(field);
        }
        let field = |name| Meaning::Field(name);
        match (self, key) {
            (Dialect::Byline, _) => Meaning::Unknown,
            (Dialect::Jekyll, "last_modified_at") | (Dialect::Hugo, "lastmod") => field("updated"),
            (Dialect::Jekyll, "published") => Meaning::Published,
            (Dialect::Jekyll, "excerpt" | "description")
            | (Dialect::Hugo | Dialect::Zola, "description") => field("summary"),
            (Dialect::Jekyll | Dialect::Hugo, "author") => field("authors"),
            (Dialect::Jekyll, "categories" | "category") | (Dialect::Hugo, "categories") => {
                field("tags")
            }
            (Dialect::Hugo, "publishDate") => field("date"),
            (Dialect::Hugo, "expiryDate") => Meaning::Expires,
            (Dialect::Zola, "taxonomies") => Meaning::Taxonomies,
            _ if KEYS
                .iter()
                .any(|k| crate::diagnostic::did_you_mean(key, [*k]).is_some()) =>
            {
                Meaning::Unknown
            }
            _ => Meaning::Ignored,
        }
    }
}

/// Reads typed values out of nodes, collecting type errors.
#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
}

impl Reader {
    fn invalid(&mut self, node: &Node, expected: &str) {
        self.problems.push(Problem::new(
            node.at,
            format!(
                "invalid type: {}, expected {expected}",
                node.value.unexpected()
            ),
        ));
    }

    fn string(&mut self, node: Node) -> Option<At<String>> {
        match node.value {
            Value::String(value) => Some(At { value, at: node.at }),
            _ => {
                self.invalid(&node, "a string");
                None
            }
        }
    }

    fn integer(&mut self, node: Node) -> Option<At<i64>> {
        match node.value {
            Value::Integer(value) => Some(At { value, at: node.at }),
            _ => {
                self.invalid(&node, "an integer");
                None
            }
        }
    }

    fn image(&mut self, node: Node) -> Option<At<RawImage>> {
        let at = node.at;
        let entries = self.table(
            node,
            &["src", "alt", "credit", "license"],
            "a table with `src`, `alt`, `credit` and `license`",
        )?;
        let mut image = RawImage::default();
        for (key, value) in entries {
            let value = self.string(value);
            match &*key.name {
                "src" => image.src = value,
                "alt" => image.alt = value,
                "credit" => image.credit = value,
                _ => image.license = value,
            }
        }
        Some(At { value: image, at })
    }

    fn enclosure(&mut self, node: Node) -> Option<At<RawEnclosure>> {
        let at = node.at;
        let entries = self.table(
            node,
            &["src", "type", "length", "duration"],
            "a table with `src`, `type`, `length` and `duration`",
        )?;
        let mut enclosure = RawEnclosure::default();
        for (key, value) in entries {
            match &*key.name {
                "src" => enclosure.src = self.string(value),
                "type" => enclosure.mime = self.string(value),
                "length" => enclosure.length = self.integer(value),
                _ => {
                    enclosure.duration = Some(At {
                        at: value.at,
                        value: value.value,
                    });
                }
            }
        }
        Some(At {
            value: enclosure,
            at,
        })
    }

    fn episode(&mut self, node: Node) -> Option<At<RawEpisode>> {
        let at = node.at;
        let entries = self.table(
            node,
            &[
                "season",
                "number",
                "type",
                "explicit",
                "transcript",
                "guests",
            ],
            "a table of episode details",
        )?;
        let mut episode = RawEpisode::default();
        for (key, value) in entries {
            match &*key.name {
                "season" => episode.season = self.integer(value),
                "number" => episode.number = self.integer(value),
                "type" => episode.kind = self.string(value),
                "explicit" => episode.explicit = self.bool(value),
                "transcript" => episode.transcript = self.string(value),
                _ => episode.guests = self.list(value, Reader::person),
            }
        }
        Some(At { value: episode, at })
    }

    fn bool(&mut self, node: Node) -> Option<bool> {
        match node.value {
            Value::Bool(value) => Some(value),
            _ => {
                self.invalid(&node, "a boolean");
                None
            }
        }
    }

    /// A list of items; one bad item is reported and the list is kept.
    fn list<T>(
        &mut self,
        node: Node,
        item: impl Fn(&mut Reader, Node) -> Option<At<T>>,
    ) -> Option<Vec<At<T>>> {
        match node.value {
            Value::Array(items) => Some(items.into_iter().filter_map(|n| item(self, n)).collect()),
            _ => {
                self.invalid(&node, "a sequence");
                None
            }
        }
    }

    /// The entries of a table with the given keys; unknown keys are problems.
    fn table(&mut self, node: Node, keys: &[&str], expected: &str) -> Option<Vec<(Key, Node)>> {
        let Value::Table(entries) = node.value else {
            self.invalid(&node, expected);
            return None;
        };
        let mut entries = entries;
        entries.retain(|(key, _)| {
            let known = keys.contains(&&*key.name);
            if !known {
                let expected: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                let message = format!(
                    "unknown field `{}`, expected one of {}",
                    key.name,
                    expected.join(", ")
                );
                let mut problem = Problem::new(key.at, message);
                problem.help = crate::diagnostic::unknown_field_hint(&problem.message);
                self.problems.push(problem);
            }
            known
        });
        Some(entries)
    }

    /// The entries of a table, whatever its keys.
    fn table_any(&mut self, node: Node, expected: &str) -> Option<Vec<(Key, Node)>> {
        match node.value {
            Value::Table(entries) => Some(entries),
            _ => {
                self.invalid(&node, expected);
                None
            }
        }
    }

    /// A person: a bare name, or a table with `name`, `email` and `url`.
    fn person(&mut self, node: Node) -> Option<At<Person>> {
        let at = node.at;
        if let Value::String(name) = node.value {
            return Some(At {
                value: Person::named(name),
                at,
            });
        }
        let expected = "a name or a table with `name`, `email` and `url`";
        let entries = self.table(node, &["name", "email", "url"], expected)?;
        let mut person = Person::named("");
        let mut named = false;
        for (key, value) in entries {
            let value = self.string(value).map(|s| s.value);
            match &*key.name {
                "name" => {
                    named = true;
                    person.name = value.unwrap_or_default();
                }
                "email" => person.email = value,
                _ => person.url = value,
            }
        }
        if !named {
            self.problems.push(Problem::new(at, "missing field `name`"));
        }
        Some(At { value: person, at })
    }

    fn source(&mut self, node: Node) -> Option<At<RawSource>> {
        let at = node.at;
        let entries = self.table(
            node,
            &["name", "url", "feed", "relation"],
            "struct RawSource",
        )?;
        let mut source = RawSource::default();
        for (key, value) in entries {
            match &*key.name {
                "name" => source.name = self.string(value).map(|s| s.value),
                "url" => source.url = self.string(value),
                "feed" => source.feed = self.string(value),
                _ => source.relation = self.relation(value),
            }
        }
        Some(At { value: source, at })
    }

    fn relation(&mut self, node: Node) -> Option<Relation> {
        let at = node.at;
        let text = self.string(node)?.value;
        let relation = Relation::ALL.iter().find(|r| r.key() == text).copied();
        if relation.is_none() {
            let names: Vec<String> = Relation::ALL
                .iter()
                .map(|r| format!("`{}`", r.key()))
                .collect();
            self.problems.push(Problem::new(
                at,
                format!(
                    "unknown variant `{text}`, expected one of {}",
                    names.join(", ")
                ),
            ));
        }
        relation
    }
}

/// A file split into its front matter and its body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The front matter, if the file has one.
    pub(crate) front_matter: Option<Block<'a>>,
    /// Everything after the front matter (or the whole file).
    pub(crate) body: &'a str,
    /// How many lines of the file come before `body`.
    pub(crate) body_line: usize,
}

/// A front-matter block, without its delimiter lines.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Block<'a> {
    /// What it is written in.
    pub(crate) syntax: Syntax,
    /// Its text.
    pub(crate) text: &'a str,
    /// The byte offset of `text` in the file.
    pub(crate) offset: usize,
}

/// Why a file's front matter cannot be split off.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The opening `+++` or `---` has no closing one.
    Unclosed(Syntax),
}

/// Splits off front matter that starts on the file's first line.
///
/// The delimiters are lines that hold `+++` (TOML) or `---` (YAML) and
/// nothing else but trailing white space.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_line = text.split('\n').next().unwrap_or("");
    let syntax = match first_line.trim_end() {
        "+++" => Syntax::Toml,
        "---" => Syntax::Yaml,
        _ => {
            return Ok(Split {
                front_matter: None,
                body: text,
                body_line: 0,
            });
        }
    };
    let delimiter = syntax.delimiter();
    let start = (first_line.len() + 1).min(text.len());
    // Candidates for the closing line: every delimiter that starts a line.
    // Lines that start with the delimiter: after a line end (found with a
    // memchr, which a three-byte `find` is not), or right at the start.
    let starts = std::iter::once(start).chain(
        text[start..]
            .match_indices('\n')
            .map(|(n, _)| start + n + 1),
    );
    for at in starts {
        if !text[at..].starts_with(delimiter) {
            continue;
        }
        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        if text[at + 3..line_end].trim_end().is_empty() {
            let front = &text[start..at];
            return Ok(Split {
                front_matter: Some(Block {
                    syntax,
                    text: front,
                    offset: start,
                }),
                body: &text[(line_end + 1).min(text.len())..],
                body_line: 2 + front.bytes().filter(|&b| b == b'\n').count(),
            });
        }
    }
    Err(SplitError::Unclosed(syntax))
}

/// Reads a date value: a date written as one (TOML's `2024-08-11`), or a
/// string holding RFC 3339, `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD`.
///
/// A value without an offset is read in `timezone`; a bare date is midnight
/// there.
///
/// The year must have four digits (0001 to 9999), as RFC 3339 and RFC 2822
/// dates do: chrono reads `-024-08-09` as a year, and cannot write it back.
pub(crate) fn parse_date(value: &Value, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
    let date = parse_any_date(value, timezone)?;
    if (1..=9999).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!("the year {} is not a four-digit year", date.year()))
    }
}

fn parse_any_date(value: &Value, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
    let text = match value {
        Value::Datetime(datetime) => {
            if let Some(date) = datetime_value(datetime, timezone) {
                return date;
            }
            datetime.to_string()
        }
        Value::String(text) => text.trim().to_owned(),
        other => {
            return Err(format!(
                "expected a date such as `2024-08-11` or `2024-08-11T21:00:00+02:00`, found a value of type {}",
                other.type_name()
            ));
        }
    };
    if let Ok(datetime) = DateTime::parse_from_rfc3339(&text) {
        return Ok(datetime);
    }
    // Jekyll's and Hugo's own shapes: `2013-05-06 02:12:52 +0200`.
    let with_offset = [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ];
    if let Some(datetime) = with_offset
        .iter()
        .find_map(|format| DateTime::parse_from_str(&text, format).ok())
    {
        return Ok(datetime);
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(&text, format).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
    });
    match local {
        Some(local) => in_zone(local, timezone),
        None => Err(format!(
            "`{text}` is not a valid date: write `2024-08-11`, `2024-08-11T21:00:00` or `2024-08-11T21:00:00+02:00`"
        )),
    }
}

/// A date value with a date in it, read without going through text; `None`
/// for a time of day alone, which is not a date.
fn datetime_value(
    datetime: &Datetime,
    timezone: Tz,
) -> Option<Result<DateTime<FixedOffset>, String>> {
    let (year, month, day) = datetime.date?;
    let invalid = || format!("`{datetime}` is not a valid date");
    let Some(date) = NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))
    else {
        return Some(Err(invalid()));
    };
    let (hour, minute, second, nanosecond) = datetime.time.unwrap_or_default();
    let Some(time) = NaiveTime::from_hms_nano_opt(
        u32::from(hour),
        u32::from(minute),
        u32::from(second),
        nanosecond,
    ) else {
        return Some(Err(invalid()));
    };
    let local = date.and_time(time);
    Some(match datetime.offset {
        None => in_zone(local, timezone),
        Some(minutes) => FixedOffset::east_opt(i32::from(minutes) * 60)
            .and_then(|offset| offset.from_local_datetime(&local).single())
            .ok_or_else(invalid),
    })
}

/// Returns true if and only if a date value has no time of day
/// (`2024-08-11`, as a date value or a string).
pub(crate) fn is_date_only(value: &Value) -> bool {
    match value {
        Value::Datetime(datetime) => datetime.time.is_none(),
        Value::String(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_ok(),
        _ => false,
    }
}

/// Places a local time in a zone. A time that occurs twice (clocks going
/// back) is the earlier; one that never occurs (clocks going forward) is an
/// error.
pub(crate) fn in_zone(local: NaiveDateTime, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
    match timezone.from_local_datetime(&local) {
        LocalResult::Single(datetime) | LocalResult::Ambiguous(datetime, _) => {
            Ok(datetime.fixed_offset())
        }
        LocalResult::None => Err(format!(
            "`{local}` does not exist in {timezone}: the clocks skip it"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_the_block_and_its_lines() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let split = split(text).unwrap();
        let block = split.front_matter.unwrap();
        assert_eq!((block.text, block.offset), ("title = \"A\"\n", 4));
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 3);
    }

    #[test]
    fn split_without_front_matter_is_the_whole_file() {
        let split = split("Headline\n\nText").unwrap();
        assert_eq!(split.front_matter, None);
        assert_eq!(split.body_line, 0);
    }

    #[test]
    fn only_a_line_of_plus_signs_closes_the_front_matter() {
        let text = "+++\na = \"+++\"\n++++\n +++\n+++ x\n+++  \t\nBody\n";
        let split = split(text).unwrap();
        let block = split.front_matter.unwrap();
        assert_eq!(block.text, "a = \"+++\"\n++++\n +++\n+++ x\n");
        assert_eq!((split.body, split.body_line), ("Body\n", 6));
        assert_eq!(split_or_line("+++\n+++"), Some(2));
        assert_eq!(split_or_line("+++\nx\n+++ y"), None);
    }

    fn split_or_line(text: &str) -> Option<usize> {
        split(text).ok().map(|split| split.body_line)
    }

    #[test]
    fn split_errors() {
        assert_eq!(
            split("+++\ntitle = \"A\"\n"),
            Err(SplitError::Unclosed(Syntax::Toml))
        );
        assert_eq!(
            split("---\ntitle: A\n"),
            Err(SplitError::Unclosed(Syntax::Yaml))
        );
        let yaml = split("---\ntitle: A\n---\nBody").unwrap();
        let block = yaml.front_matter.unwrap();
        assert_eq!(
            (block.syntax, block.text, yaml.body),
            (Syntax::Yaml, "title: A\n", "Body")
        );
        assert_eq!(split("+++ \r\n+++").unwrap().front_matter.unwrap().text, "");
    }

    fn date(value: Value, tz: Tz) -> Result<String, String> {
        parse_date(&value, tz).map(|d| d.to_rfc3339())
    }

    /// The value of the only key of a TOML text.
    fn date_value(text: &str) -> Value {
        match parse(Syntax::Toml, text).unwrap().value {
            Value::Table(mut entries) => entries.remove(0).1.value,
            _ => unreachable!(),
        }
    }

    #[test]
    fn date_values_are_read_without_text() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        for (toml, expected) in [
            ("d = 2024-08-11T21:30:00-07:00", "2024-08-11T21:30:00-07:00"),
            ("d = 2024-08-11T21:30:00Z", "2024-08-11T21:30:00+00:00"),
            ("d = 2024-08-11 21:30:00.5", "2024-08-11T21:30:00.500+02:00"),
            ("d = 2024-08-11T21:30", "2024-08-11T21:30:00+02:00"),
        ] {
            assert_eq!(date(date_value(toml), paris).unwrap(), expected, "{toml}");
        }
        assert!(date(date_value("d = 21:30:00"), paris).is_err());
    }

    fn read(syntax: Syntax, dialect: Dialect, text: &str) -> (Fields, Vec<Problem>) {
        Fields::read(parse(syntax, text).unwrap(), dialect)
    }

    fn names(list: &Option<Vec<At<String>>>) -> Vec<&str> {
        list.iter().flatten().map(|t| t.value.as_str()).collect()
    }

    #[test]
    fn every_key_means_itself_in_every_dialect() {
        for dialect in [
            Dialect::Byline,
            Dialect::Jekyll,
            Dialect::Hugo,
            Dialect::Zola,
        ] {
            for key in KEYS {
                assert!(
                    matches!(dialect.meaning(key), Meaning::Field(f) if f == *key),
                    "{key}"
                );
            }
        }
    }

    #[test]
    fn jekyll_keys_map_onto_bylines() {
        let text = "layout: post\ntitle: Welcome\ndate: 2013-05-06 02:12:52 +0200\n\
                    last_modified_at: 2013-06-01\ncategories: jekyll update\ntags: [ruby]\n\
                    author: Ana Lima\nexcerpt: Short.\ndescription: Longer.\npublished: false\n\
                    permalink: /x/\ntittle: typo\n";
        let (fields, problems) = read(Syntax::Yaml, Dialect::Jekyll, text);
        assert_eq!(fields.title.unwrap().value, "Welcome");
        assert!(fields.date.is_some() && fields.updated.is_some());
        assert_eq!(names(&fields.tags), ["jekyll", "update", "ruby"]);
        let authors = fields.authors.unwrap();
        assert_eq!(authors[0].value.name, "Ana Lima");
        assert_eq!(fields.summary.as_deref(), Some("Short."));
        assert_eq!(fields.draft, Some(true));
        let messages: Vec<(&str, bool)> = problems
            .iter()
            .map(|p| (p.message.as_str(), p.warning))
            .collect();
        assert_eq!(messages, [("unknown field `tittle` is ignored", true)]);
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `title`?"));
        // The same keys in byline's own dialect are errors.
        let (_, problems) = read(Syntax::Yaml, Dialect::Byline, text);
        assert!(problems.iter().all(|p| !p.warning));
        assert_eq!(problems.len(), 9);
    }

    #[test]
    fn hugo_and_zola_keys_map_onto_bylines() {
        let hugo = "title = \"T\"\ndate = 2024-01-01\npublishDate = 2024-01-02\nlastmod = 2024-02-01\n\
                    categories = [\"news\"]\ntags = [\"a\"]\nauthor = { name = \"Ana\" }\ndraft = false\n\
                    weight = 3\ndescription = \"D\"\n";
        let (fields, problems) = read(Syntax::Toml, Dialect::Hugo, hugo);
        assert!(problems.is_empty(), "{problems:?}");
        match fields.date.unwrap().value {
            Value::Datetime(d) => assert_eq!(d.date, Some((2024, 1, 2)), "publishDate wins"),
            other => panic!("{other:?}"),
        }
        assert_eq!(names(&fields.tags), ["news", "a"]);
        assert_eq!(fields.authors.unwrap()[0].value.name, "Ana");
        assert_eq!(fields.summary.as_deref(), Some("D"));
        let zola = "title = \"T\"\ndescription = \"D\"\n[taxonomies]\ntags = [\"a\", \"b\"]\n\
                    categories = [\"c\"]\nauthors = [\"x\"]\n[extra]\nimage = \"i.png\"\n";
        let (fields, problems) = read(Syntax::Toml, Dialect::Zola, zola);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names(&fields.tags), ["a", "b", "c"]);
        assert_eq!(fields.summary.as_deref(), Some("D"));
    }

    #[test]
    fn fields_are_typed_and_placed() {
        let text = "title = 5\ndraft = \"yes\"\nautors = []\nauthors = [\"A\", { name = \"B\", emial = \"b@c.org\" }]\n";
        let (fields, problems) = Fields::read(parse(Syntax::Toml, text).unwrap(), Dialect::Byline);
        let messages: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.at, p.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (8, "invalid type: integer `5`, expected a string"),
                (18, "invalid type: string \"yes\", expected a boolean"),
                (24, "unknown field `autors`"),
                (
                    66,
                    "unknown field `emial`, expected one of `name`, `email`, `url`"
                ),
            ]
        );
        assert_eq!(problems[2].help.as_deref(), Some("did you mean `authors`?"));
        assert_eq!(problems[3].help.as_deref(), Some("did you mean `email`?"));
        let authors = fields.authors.unwrap();
        assert_eq!(authors.len(), 2);
        assert_eq!((authors[1].value.name.as_str(), authors[1].at), ("B", 52));
    }

    #[test]
    fn dates_take_the_zone_when_they_have_no_offset() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let text = |s: &str| Value::String(s.into());
        assert_eq!(
            date(text("2024-08-11"), paris).unwrap(),
            "2024-08-11T00:00:00+02:00"
        );
        assert_eq!(
            date(text("2024-08-11T21:30"), paris).unwrap(),
            "2024-08-11T21:30:00+02:00"
        );
        assert_eq!(
            date(text("2024-08-11T21:30:00-07:00"), paris).unwrap(),
            "2024-08-11T21:30:00-07:00"
        );
        let toml_date = date_value("d = 2024-01-15");
        assert!(is_date_only(&toml_date));
        assert!(is_date_only(&text("2024-08-11")));
        assert!(!is_date_only(&text("2024-08-11T21:30")));
        assert_eq!(date(toml_date, paris).unwrap(), "2024-01-15T00:00:00+01:00");
    }

    #[test]
    fn jekyll_and_hugo_dates_with_offsets() {
        let text = |s: &str| Value::String(s.into());
        for (written, expected) in [
            ("2013-05-06 02:12:52 +0200", "2013-05-06T02:12:52+02:00"),
            ("2013-05-06 02:12 -0500", "2013-05-06T02:12:00-05:00"),
            ("2013-05-06T02:12:52+0200", "2013-05-06T02:12:52+02:00"),
        ] {
            assert_eq!(date(text(written), Tz::UTC).unwrap(), expected, "{written}");
        }
    }

    #[test]
    fn impossible_dates_are_errors() {
        let text = |s: &str| Value::String(s.into());
        assert!(
            date(text("2024-02-30"), Tz::UTC)
                .unwrap_err()
                .contains("not a valid date")
        );
        assert!(date(text("yesterday"), Tz::UTC).is_err());
        assert!(
            date(Value::Integer(2024), Tz::UTC)
                .unwrap_err()
                .contains("found a value of type integer")
        );
        let paris: Tz = "Europe/Paris".parse().unwrap();
        assert!(
            date(text("2024-03-31T02:30"), paris)
                .unwrap_err()
                .contains("skip")
        );
        // Found by `cargo fuzz run article`: chrono's RFC 2822 writer panics
        // on years outside 0..=9999.
        assert!(
            date(text("-024-08-09T20:00"), Tz::UTC)
                .unwrap_err()
                .contains("four-digit year")
        );
        assert!(date(text("+12024-08-09"), Tz::UTC).is_err());
    }
}
