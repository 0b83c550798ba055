//! YAML front matter (between `---` lines, as Jekyll and Hugo write it)
//! into a [`Node`] tree.
//!
//! Read with yaml-rust2's event parser, which gives every event its byte
//! offset, so that a problem points at its own line. Plain scalars are
//! typed by YAML 1.2's core schema (`true`, `12`, `~`); quoted ones are
//! always strings. Anchors and aliases are expanded. A key given twice is
//! an error, as YAML requires (most YAML libraries keep the last value
//! without a word).

use super::node::{Key, Node, Value};
use yaml_rust2::Yaml;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A YAML error: what is wrong and where, in bytes from the start of the
/// front matter.
#[derive(Debug, PartialEq)]
pub(crate) struct Error {
    pub(crate) message: String,
    pub(crate) offset: usize,
}

/// Reads YAML text into a table node; empty front matter is an empty table.
pub(crate) fn parse(text: &str) -> Result<Node, Error> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| Error {
        message: e.info().to_owned(),
        offset: e.marker().index().min(text.len()),
    })?;
    if let Some(error) = builder.error {
        return Err(error);
    }
    match builder.root {
        None => Ok(Node {
            at: 0,
            value: Value::Table(Vec::new()),
        }),
        Some(node) if matches!(node.value, Value::Table(_)) => Ok(node),
        Some(node) => Err(Error {
            message: format!(
                "the front matter is a {}, not `key: value` lines",
                node.value.type_name()
            ),
            offset: node.at,
        }),
    }
}

/// How deep sequences and mappings may nest.
const MAX_DEPTH: usize = 64;

/// An open sequence or mapping.
struct Frame {
    node: Node,
    /// In a mapping, the key read and waiting for its value.
    key: Option<Key>,
    /// The anchor to remember the finished node under (0: none).
    anchor: usize,
}

#[derive(Default)]
struct Builder {
    frames: Vec<Frame>,
    root: Option<Node>,
    anchors: Vec<(usize, Node)>,
    error: Option<Error>,
}

impl Builder {
    fn fail(&mut self, offset: usize, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(Error {
                message: message.into(),
                offset,
            });
        }
    }

    /// A finished value: the key of the open mapping, a value of it, an
    /// item of the open sequence, or the document.
    fn add(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            self.anchors.push((anchor, node.clone()));
        }
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut frame.node.value {
            Value::Array(items) => items.push(node),
            Value::Table(entries) => match frame.key.take() {
                None => {
                    let name = match node.value {
                        Value::String(name) => name,
                        Value::Bool(b) => b.to_string(),
                        Value::Integer(n) => n.to_string(),
                        Value::Null => String::new(),
                        other => {
                            let message =
                                format!("a key must be text, not a {}", other.type_name());
                            self.fail(node.at, message);
                            return;
                        }
                    };
                    if entries.iter().any(|(k, _)| *k.name == name) {
                        let message = format!("duplicate key `{name}`");
                        self.fail(node.at, message);
                        return;
                    }
                    frame.key = Some(Key::new(&name, node.at));
                }
                Some(key) => entries.push((key, node)),
            },
            _ => {}
        }
    }

    fn open(&mut self, value: Value, mark: Marker, anchor: usize) {
        if self.frames.len() >= MAX_DEPTH {
            self.fail(mark.index(), "the front matter nests too deep");
            return;
        }
        self.frames.push(Frame {
            node: Node {
                at: mark.index(),
                value,
            },
            key: None,
            anchor,
        });
    }

    fn close(&mut self) {
        if let Some(frame) = self.frames.pop() {
            self.add(frame.node, frame.anchor);
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = if style == TScalarStyle::Plain
                    && tag.as_ref().is_none_or(|t| t.suffix != "str")
                {
                    match Yaml::from_str(&text) {
                        Yaml::Null => Value::Null,
                        Yaml::Boolean(b) => Value::Bool(b),
                        Yaml::Integer(n) => Value::Integer(n),
                        Yaml::Real(r) => Value::Float(r.parse().unwrap_or(f64::NAN)),
                        _ => Value::String(text),
                    }
                } else {
                    Value::String(text)
                };
                let node = Node {
                    at: mark.index(),
                    value,
                };
                self.add(node, anchor);
            }
            Event::SequenceStart(anchor, _) => self.open(Value::Array(Vec::new()), mark, anchor),
            Event::MappingStart(anchor, _) => self.open(Value::Table(Vec::new()), mark, anchor),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(id) => match self.anchors.iter().rev().find(|(a, _)| *a == id) {
                Some((_, node)) => {
                    let mut node = node.clone();
                    node.at = mark.index();
                    self.add(node, 0);
                }
                None => self.fail(mark.index(), "an alias to an unknown anchor"),
            },
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Vec<(String, usize, Value)> {
        match parse(text).unwrap().value {
            Value::Table(entries) => entries
                .into_iter()
                .map(|(k, n)| (k.name.into_owned(), n.at, n.value))
                .collect(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn jekyll_front_matter_reads_with_positions() {
        let text = "layout: post\ntitle: \"Welcome to Jekyll!\"\ndate: 2013-05-06 02:12:52 +0200\n\
                    categories: jekyll update\ntags: [a, 'b']\npublished: false\ncount: 3\nnothing:\n";
        let entries = table(text);
        let names: Vec<&str> = entries.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "layout",
                "title",
                "date",
                "categories",
                "tags",
                "published",
                "count",
                "nothing"
            ]
        );
        assert_eq!(entries[1].1, 20);
        assert_eq!(entries[1].2, Value::String("Welcome to Jekyll!".into()));
        assert_eq!(
            entries[2].2,
            Value::String("2013-05-06 02:12:52 +0200".into())
        );
        assert_eq!(entries[5].2, Value::Bool(false));
        assert_eq!(entries[6].2, Value::Integer(3));
        assert_eq!(entries[7].2, Value::Null);
        match &entries[4].2 {
            Value::Array(items) => assert_eq!(items.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn block_sequences_mappings_and_aliases() {
        let text = "authors:\n  - name: Ana\n    email: a@b.org\n  - Tom\nsource: &s\n  name: Reuters\nalso: *s\n";
        let entries = table(text);
        match &entries[0].2 {
            Value::Array(items) => {
                assert!(matches!(&items[0].value, Value::Table(t) if t.len() == 2));
                assert_eq!(items[1].value, Value::String("Tom".into()));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(entries[1].2, entries[2].2);
    }

    #[test]
    fn errors_have_offsets() {
        let error = parse("title: a\ntitle: b\n").unwrap_err();
        assert_eq!(
            error,
            Error {
                message: "duplicate key `title`".into(),
                offset: 9
            }
        );
        let error = parse("title: [unclosed\n").unwrap_err();
        assert!(error.offset > 0, "{error:?}");
        assert!(
            parse("- a\n- b\n")
                .unwrap_err()
                .message
                .contains("not `key: value`")
        );
        assert_eq!(parse("").unwrap().value, Value::Table(Vec::new()));
    }
}
