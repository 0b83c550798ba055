//! YAML front matter (between `---` lines, as Jekyll and Hugo write it)
//! into a [`Node`] tree.
//!
//! Read with yaml-rust2's event parser, which gives every event its byte
//! offset, so that a problem points at its own line. Plain scalars are
//! typed by YAML 1.2's core schema (`true`, `12`, `~`); quoted ones are
//! always strings. Anchors and aliases are expanded, within
//! [`limits::MAX_VALUES`], so that a kilobyte of aliases naming aliases
//! cannot grow into gigabytes. A key given twice is an error, as YAML
//! requires (most YAML libraries keep the last value without a word).

use super::limits;
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
    let mut builder = Builder::new(text);
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| Error {
        message: e.info().to_owned(),
        offset: builder.lines.offset(*e.marker()),
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

/// Byte offsets from yaml-rust2's markers. Their `index` counts characters
/// in some places and bytes in others, so the offset is found from the line
/// and the column (in characters), which are right everywhere.
struct Lines<'a> {
    text: &'a str,
    /// The byte offset where each line starts.
    starts: Vec<usize>,
}

impl Lines<'_> {
    fn new(text: &str) -> Lines<'_> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Lines { text, starts }
    }

    fn offset(&self, mark: Marker) -> usize {
        let Some(&start) = self.starts.get(mark.line().saturating_sub(1)) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        start
            + line
                .char_indices()
                .nth(mark.col())
                .map_or(line.len(), |(at, _)| at)
    }
}

struct Builder<'a> {
    lines: Lines<'a>,
    frames: Vec<Frame>,
    root: Option<Node>,
    /// Anchored nodes, with how many values each holds.
    anchors: Vec<(usize, Node, usize)>,
    /// How many values have been made, aliases expanded.
    values: usize,
    error: Option<Error>,
}

impl Builder<'_> {
    fn new(text: &str) -> Builder<'_> {
        Builder {
            lines: Lines::new(text),
            frames: Vec::new(),
            root: None,
            anchors: Vec::new(),
            values: 0,
            error: None,
        }
    }

    /// Counts `count` more values, failing once they pass the limit.
    fn count(&mut self, count: usize, offset: usize) -> bool {
        self.values = self.values.saturating_add(count);
        if self.values > limits::MAX_VALUES {
            let exceeded = limits::too_many_values(offset);
            self.fail(exceeded.at, exceeded.message);
            return false;
        }
        true
    }

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
            self.anchors.push((anchor, node.clone(), values_in(&node)));
        }
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut frame.node.value {
            Value::Array(items) if items.len() == limits::MAX_LIST_MEMBERS => {
                let exceeded = limits::too_many_members(frame.node.at);
                self.fail(exceeded.at, exceeded.message);
            }
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

    fn open(&mut self, value: Value, at: usize, anchor: usize) {
        if self.frames.len() >= MAX_DEPTH {
            self.fail(at, "the front matter nests too deep");
            return;
        }
        if !self.count(1, at) {
            return;
        }
        self.frames.push(Frame {
            node: Node { at, value },
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

/// How many values a node holds, itself included.
fn values_in(node: &Node) -> usize {
    1 + match &node.value {
        Value::Array(items) => items.iter().map(values_in).sum(),
        Value::Table(entries) => entries.iter().map(|(_, value)| values_in(value)).sum(),
        _ => 0,
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let at = self.lines.offset(mark);
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
                if self.count(1, at) {
                    self.add(Node { at, value }, anchor);
                }
            }
            Event::SequenceStart(anchor, _) => self.open(Value::Array(Vec::new()), at, anchor),
            Event::MappingStart(anchor, _) => self.open(Value::Table(Vec::new()), at, anchor),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(id) => match self.anchors.iter().rposition(|(a, ..)| *a == id) {
                // Counted before it is copied: the copy is what would grow.
                Some(i) => {
                    if self.count(self.anchors[i].2, at) {
                        let node = self.anchors[i].1.clone();
                        self.add(Node { at, ..node }, 0);
                    }
                }
                None => self.fail(at, "an alias to an unknown anchor"),
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
    fn offsets_are_bytes_after_non_ascii_text() {
        let text = "title: \"Ça — déjà vu\"\ntitle: again\n";
        let error = parse(text).unwrap_err();
        assert_eq!(
            error.offset,
            text.find("title: again").unwrap(),
            "{error:?}"
        );
        let text = "summary: |\n  ünïcödé block\n  more\nsummary: x\n";
        assert_eq!(
            parse(text).unwrap_err().offset,
            text.rfind("summary").unwrap()
        );
        let entries = table("a: é\nb: [x, ü, z]\n");
        assert_eq!(entries[1].1, "a: é\nb: ".len());
    }

    #[test]
    fn an_alias_bomb_is_refused_before_it_grows() {
        // Nine levels of ten aliases each would be 10^9 values.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..=9 {
            let aliases = vec![format!("*a{}", level - 1); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        text.push_str("tags: *a9\n");
        let error = parse(&text).unwrap_err();
        assert!(
            error.message.contains("more than 10000 values"),
            "{error:?}"
        );
        // Reported at the alias that passes the limit, on the fourth line.
        let line = text[..error.offset].matches('\n').count() + 1;
        assert_eq!(line, 4, "{error:?}");
        // A few aliases are fine.
        let entries = table("s: &s {name: A}\nt: [*s, *s]\n");
        assert!(matches!(&entries[1].2, Value::Array(items) if items.len() == 2));
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
