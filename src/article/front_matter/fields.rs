//! The typed front matter: [`Fields`], read out of a syntax-neutral
//! [`Node`] tree, every known key with its type checked and its position
//! kept; a key that no dialect knows is a problem.

use super::dialect::{Field, Meaning};
use super::{Key, Node, Problem, Value};
use crate::attribution::{Person, Relation};
use crate::config::Dialect;

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
    /// `false` keeps a published article out of every feed.
    pub(crate) feeds: Option<bool>,
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
    /// The URL path another generator's key sets (Zola's `path`, Hugo's
    /// `url`, Jekyll's `permalink`).
    pub(crate) address: Option<At<String>>,
    /// Hugo's `expiryDate`: from then on, the article is withdrawn.
    pub(crate) expires: Option<At<Value>>,
    /// The lead image.
    pub(crate) image: Option<At<RawImage>>,
    /// A file attached to the article.
    pub(crate) enclosure: Option<At<RawEnclosure>>,
    /// Podcast episode details.
    pub(crate) episode: Option<At<RawEpisode>>,
    /// Corrections, each a date and a note.
    pub(crate) corrections: Option<Vec<At<RawNote>>>,
    /// The retraction: a date and a note.
    pub(crate) retracted: Option<At<RawNote>>,
}

/// A correction or a retraction, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawNote {
    /// When: a date value or a string (required).
    pub(crate) date: Option<At<Value>>,
    /// What readers are told (required).
    pub(crate) note: Option<At<String>>,
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
    /// Its transcripts: each a file, relative to the article, or an
    /// absolute URL, with its language and whether it is captions.
    pub(crate) transcript: Option<Vec<At<RawTranscript>>>,
    /// Its guests.
    pub(crate) guests: Option<Vec<At<Person>>>,
    /// Its chapters: a JSON chapters file, or a list byline writes one from.
    pub(crate) chapters: Option<At<RawChapters>>,
    /// Its own artwork (`itunes:image`), a file or an absolute URL.
    pub(crate) image: Option<At<String>>,
}

/// One of `episode.transcript`, as written: a string is its `src`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawTranscript {
    /// A path relative to the article file, or an absolute URL.
    pub(crate) src: Option<At<String>>,
    /// Its language, when it is not the feed's.
    pub(crate) language: Option<At<String>>,
    /// `captions` for closed captions.
    pub(crate) rel: Option<At<String>>,
}

/// `episode.chapters`, as written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RawChapters {
    /// A JSON chapters file beside the article, or its URL.
    File(At<String>),
    /// The chapters themselves.
    List(Vec<At<RawChapter>>),
}

/// One chapter of an `episode.chapters` list, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawChapter {
    /// When it starts: seconds, or `H:MM:SS` / `MM:SS`.
    pub(crate) start: Option<At<Value>>,
    /// When it ends, likewise.
    pub(crate) end: Option<At<Value>>,
    /// Its title.
    pub(crate) title: Option<At<String>>,
    /// A page about its topic.
    pub(crate) url: Option<At<String>>,
    /// Its artwork's URL.
    pub(crate) img: Option<At<String>>,
    /// `false` for a silent chapter, kept out of the table of contents.
    pub(crate) toc: Option<bool>,
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
                Meaning::Address => fields.address = r.string(node),
                Meaning::NoPage => {
                    let never = |value: &Value| match value {
                        Value::String(text) => text == "never",
                        Value::Bool(rendered) => !rendered,
                        _ => false,
                    };
                    let no_page = match (&*key.name, &node.value) {
                        ("headless", Value::Bool(headless)) => *headless,
                        ("render", value) => never(value),
                        (_, Value::Table(build)) => build
                            .iter()
                            .any(|(k, v)| matches!(&*k.name, "render" | "list") && never(&v.value)),
                        _ => false,
                    };
                    if no_page {
                        fields.draft = Some(true);
                    }
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
                        fields.set(r, dialect, Field::Tags, "tags", terms);
                    }
                }
                Meaning::Ignored => {}
                Meaning::Unknown => {
                    let best = crate::diagnostic::did_you_mean(&key.name, Field::keys());
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

    /// Sets the field `field` from the key `written`.
    fn set(&mut self, r: &mut Reader, dialect: Dialect, field: Field, written: &str, node: Node) {
        let at = node.at;
        match field {
            Field::Title => self.title = r.string(node),
            // Hugo's `publishDate` is the publication date, `date` only
            // its fallback.
            Field::Date if written == "publishDate" || self.date.is_none() => {
                self.date = Some(At {
                    at,
                    value: node.value,
                });
            }
            Field::Date => {}
            Field::Updated => {
                self.updated = Some(At {
                    at,
                    value: node.value,
                });
            }
            Field::Id => self.id = r.string(node),
            Field::Slug => self.slug = r.string(node),
            Field::Summary => {
                let summary = r.string(node).map(|s| s.value);
                if self.summary.is_none() {
                    self.summary = summary;
                }
            }
            Field::Authors => {
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
            Field::Tags => {
                // Jekyll writes `categories: jekyll update`: words; its
                // `category` and `tag` are one value each.
                let node = match node.value {
                    Value::String(words)
                        if dialect == Dialect::Jekyll && !matches!(written, "category" | "tag") =>
                    {
                        Node {
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
                        }
                    }
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
            Field::Draft => self.draft = r.bool(node),
            Field::Source => self.source = r.source(node),
            Field::Credit => self.credit = r.string(node).map(|s| s.value),
            Field::Rights => self.rights = r.string(node).map(|s| s.value),
            Field::Language => self.language = r.string(node),
            // Other generators' themes use `image` for a bare path, with
            // no text for readers who cannot see it: left alone.
            Field::Image
                if dialect != Dialect::Byline && !matches!(node.value, Value::Table(_)) => {}
            Field::Image => self.image = r.image(node),
            Field::Enclosure => self.enclosure = r.enclosure(node),
            Field::Episode => self.episode = r.episode(node),
            Field::License => self.license = r.string(node),
            // Another generator's theme may use these keys for something
            // else (`retracted: true`, `feeds: [rss]`): only byline's
            // shapes are read.
            Field::Corrections
                if dialect != Dialect::Byline && !matches!(node.value, Value::Array(_)) => {}
            Field::Feeds if dialect != Dialect::Byline && !matches!(node.value, Value::Bool(_)) => {
            }
            Field::Retracted
                if dialect != Dialect::Byline && !matches!(node.value, Value::Table(_)) => {}
            Field::Feeds => self.feeds = r.bool(node),
            Field::Corrections => self.corrections = r.list(node, Reader::note),
            Field::Retracted => self.retracted = r.note(node),
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

/// Reads typed values out of nodes, collecting type errors.
#[derive(Default)]
pub(super) struct Reader {
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
                "chapters",
                "image",
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
                "transcript" => episode.transcript = self.transcripts(value),
                "chapters" => episode.chapters = self.chapters(value),
                "image" => episode.image = self.string(value),
                _ => episode.guests = self.list(value, Reader::person),
            }
        }
        Some(At { value: episode, at })
    }

    /// A correction or a retraction: `{ date = …, note = "…" }`.
    fn note(&mut self, node: Node) -> Option<At<RawNote>> {
        let at = node.at;
        let entries = self.table(node, &["date", "note"], "a table with `date` and `note`")?;
        let mut note = RawNote::default();
        for (key, value) in entries {
            match &*key.name {
                "date" => {
                    note.date = Some(At {
                        at: value.at,
                        value: value.value,
                    });
                }
                _ => note.note = self.string(value),
            }
        }
        Some(At { value: note, at })
    }

    /// `episode.transcript`: one transcript (its `src`, or a table), or a
    /// list of them.
    fn transcripts(&mut self, node: Node) -> Option<Vec<At<RawTranscript>>> {
        match node.value {
            Value::Array(_) => self.list(node, Reader::transcript),
            _ => self.transcript(node).map(|one| vec![one]),
        }
    }

    fn transcript(&mut self, node: Node) -> Option<At<RawTranscript>> {
        let at = node.at;
        if let Value::String(_) = node.value {
            let src = self.string(node);
            return Some(At {
                value: RawTranscript {
                    src,
                    ..RawTranscript::default()
                },
                at,
            });
        }
        let entries = self.table(
            node,
            &["src", "language", "rel"],
            "a path, or a table with `src`, `language` and `rel`",
        )?;
        let mut transcript = RawTranscript::default();
        for (key, value) in entries {
            let value = self.string(value);
            match &*key.name {
                "src" => transcript.src = value,
                "language" => transcript.language = value,
                _ => transcript.rel = value,
            }
        }
        Some(At {
            value: transcript,
            at,
        })
    }

    /// `episode.chapters`: a file's path or URL, or a list of chapters.
    fn chapters(&mut self, node: Node) -> Option<At<RawChapters>> {
        let at = node.at;
        let value = match node.value {
            Value::String(_) => RawChapters::File(self.string(node)?),
            Value::Array(_) => RawChapters::List(self.list(node, Reader::chapter)?),
            _ => {
                self.invalid(
                    &node,
                    "a JSON chapters file, or a list such as [{ start = \"00:00\", title = \"Intro\" }]",
                );
                return None;
            }
        };
        Some(At { value, at })
    }

    fn chapter(&mut self, node: Node) -> Option<At<RawChapter>> {
        let at = node.at;
        let entries = self.table(
            node,
            &["start", "end", "title", "url", "img", "toc"],
            "a table with `start`, `title`, `end`, `url`, `img` and `toc`",
        )?;
        let mut chapter = RawChapter::default();
        for (key, value) in entries {
            match &*key.name {
                "start" | "end" => {
                    let time = Some(At {
                        at: value.at,
                        value: value.value,
                    });
                    if &*key.name == "start" {
                        chapter.start = time;
                    } else {
                        chapter.end = time;
                    }
                }
                "title" => chapter.title = self.string(value),
                "url" => chapter.url = self.string(value),
                "img" => chapter.img = self.string(value),
                _ => chapter.toc = self.bool(value),
            }
        }
        Some(At { value: chapter, at })
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
