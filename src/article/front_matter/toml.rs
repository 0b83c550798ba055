//! TOML front matter into a [`Node`] tree.
//!
//! Front matter is a handful of `key = value` lines, read once for every
//! article of the site, so it has a fast path: the events of the `toml`
//! project's own lexer and parser (`toml_parser`) are assembled straight
//! into nodes. Whatever the fast path does not cover (a `[table]` header, a
//! dotted key, a duplicate key, any error) is read again by
//! [`toml::de::DeTable`], which gives the full TOML semantics and its error
//! messages; a property test checks that both readings agree.

use super::node::{Datetime, Key, Node, Value};
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, ValidateWhitespace};
use toml_parser::{ErrorSink, Source, Span};

/// A TOML syntax error: its message and where it is.
#[derive(Debug, PartialEq)]
pub(crate) struct Error {
    /// The `toml` crate's message, without its trailing period.
    pub(crate) message: String,
    /// The byte offset of the problem in the TOML text.
    pub(crate) offset: Option<usize>,
}

/// Reads TOML text into a table node.
pub(crate) fn parse(text: &str) -> Result<Node, Error> {
    fast(text).map_or_else(|| full(text), Ok)
}

/// How deep arrays and tables may nest on the fast path (the `toml` crate
/// refuses deeper documents, and the full reading reports it).
const MAX_DEPTH: usize = 80;

/// The fast path: `None` when the text needs the full reading.
pub(crate) fn fast(text: &str) -> Option<Node> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut builder = Builder {
        source,
        frames: vec![Frame::table(0, None)],
        key: None,
        give_up: false,
    };
    let mut failed = false;
    {
        let mut errors = |_| failed = true;
        let mut receiver = ValidateWhitespace::new(&mut builder, source);
        toml_parser::parser::parse_document(&tokens, &mut receiver, &mut errors);
    }
    if failed || builder.give_up || builder.frames.len() != 1 {
        return None;
    }
    builder.frames.pop().map(|frame| frame.node)
}

/// The full reading, with the `toml` crate's errors.
pub(crate) fn full(text: &str) -> Result<Node, Error> {
    match toml::de::DeTable::parse(text) {
        Ok(table) => {
            let at = table.span().start;
            Ok(Node {
                at,
                value: table_value(table.into_inner()),
            })
        }
        Err(error) => Err(Error {
            message: error
                .message()
                .trim_end_matches('\n')
                .trim_end_matches('.')
                .to_owned(),
            offset: error.span().map(|span| span.start),
        }),
    }
}

/// A table, its entries in the order written (the `toml` crate sorts them).
fn table_value(table: toml::de::DeTable<'_>) -> Value {
    let mut entries: Vec<_> = table
        .into_iter()
        .map(|(key, value)| {
            let at = key.span().start;
            (
                Key {
                    name: key.into_inner().into_owned(),
                    at,
                },
                node(value),
            )
        })
        .collect();
    entries.sort_by_key(|(key, _)| key.at);
    Value::Table(entries)
}

fn node(value: toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue;
    let at = value.span().start;
    let value = match value.into_inner() {
        DeValue::String(text) => Value::String(text.into_owned()),
        DeValue::Integer(integer) => integer_value(integer.as_str(), integer.radix()),
        DeValue::Float(float) => float_value(float.as_str()),
        DeValue::Boolean(value) => Value::Bool(value),
        DeValue::Datetime(datetime) => Value::Datetime(Datetime::from(datetime)),
        DeValue::Array(items) => Value::Array(items.into_iter().map(node).collect()),
        DeValue::Table(table) => table_value(table),
    };
    Node { at, value }
}

fn integer_value(digits: &str, radix: u32) -> Value {
    i64::from_str_radix(digits, radix).map_or_else(|_| Value::Float(f64::NAN), Value::Integer)
}

fn float_value(text: &str) -> Value {
    Value::Float(text.parse().unwrap_or(f64::NAN))
}

/// An open container on the fast path.
struct Frame {
    /// The container so far.
    node: Node,
    /// The key it is the value of, in its parent table.
    key: Option<Key>,
}

impl Frame {
    fn table(at: usize, key: Option<Key>) -> Frame {
        Frame {
            node: Node {
                at,
                value: Value::Table(Vec::new()),
            },
            key,
        }
    }
}

/// Assembles parser events into nodes; gives up on anything it does not
/// cover, so that the full reading decides.
struct Builder<'i> {
    source: Source<'i>,
    /// The root table, then every open inline table or array.
    frames: Vec<Frame>,
    /// The key whose value comes next.
    key: Option<Key>,
    give_up: bool,
}

impl Builder<'_> {
    fn decoded(&mut self, span: Span, encoding: Option<Encoding>) -> Option<(String, ScalarKind)> {
        let raw = self.source.get(span)?;
        let raw = toml_parser::Raw::new_unchecked(raw.as_str(), encoding, span);
        let mut text = std::borrow::Cow::Borrowed("");
        let mut failed = false;
        let kind = raw.decode_scalar(&mut text, &mut |_| failed = true);
        (!failed).then(|| (text.into_owned(), kind))
    }

    /// Adds a finished value to the innermost container.
    fn add(&mut self, node: Node) {
        let Some(frame) = self.frames.last_mut() else {
            self.give_up = true;
            return;
        };
        match &mut frame.node.value {
            Value::Array(items) => items.push(node),
            Value::Table(entries) => match self.key.take() {
                Some(key) if !entries.iter().any(|(k, _)| k.name == key.name) => {
                    entries.push((key, node));
                }
                _ => self.give_up = true,
            },
            _ => self.give_up = true,
        }
    }

    fn open(&mut self, span: Span, value: Value) -> bool {
        if self.frames.len() > MAX_DEPTH {
            self.give_up = true;
            return false;
        }
        let key = match self.frames.last().map(|f| &f.node.value) {
            Some(Value::Table(_)) => self.key.take(),
            _ => None,
        };
        self.frames.push(Frame {
            node: Node {
                at: span.start(),
                value,
            },
            key,
        });
        true
    }

    fn close(&mut self) {
        if self.frames.len() < 2 {
            self.give_up = true;
            return;
        }
        if let Some(frame) = self.frames.pop() {
            self.key = frame.key;
            self.add(frame.node);
        }
    }
}

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.give_up = true;
    }

    fn array_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.give_up = true;
    }

    fn inline_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.open(span, Value::Table(Vec::new()))
    }

    fn inline_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.close();
    }

    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.open(span, Value::Array(Vec::new()))
    }

    fn array_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.close();
    }

    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        if self.key.is_some() {
            self.give_up = true;
            return;
        }
        let Some(raw) = self.source.get(span) else {
            self.give_up = true;
            return;
        };
        let raw = toml_parser::Raw::new_unchecked(raw.as_str(), encoding, span);
        let mut name = std::borrow::Cow::Borrowed("");
        let mut failed = false;
        raw.decode_key(&mut name, &mut |_| failed = true);
        if failed {
            self.give_up = true;
            return;
        }
        self.key = Some(Key {
            name: name.into_owned(),
            at: span.start(),
        });
    }

    fn key_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        // A dotted key (`source.name = …`): the full reading builds its tables.
        self.give_up = true;
    }

    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let Some((text, kind)) = self.decoded(span, encoding) else {
            self.give_up = true;
            return;
        };
        let value = match kind {
            ScalarKind::String => Value::String(text),
            ScalarKind::Boolean(value) => Value::Bool(value),
            ScalarKind::DateTime => match text.parse::<toml::value::Datetime>() {
                Ok(datetime) => Value::Datetime(Datetime::from(datetime)),
                Err(_) => {
                    self.give_up = true;
                    return;
                }
            },
            ScalarKind::Float => match text.parse() {
                Ok(value) => Value::Float(value),
                Err(_) => {
                    self.give_up = true;
                    return;
                }
            },
            ScalarKind::Integer(radix) => match i64::from_str_radix(&text, radix.value()) {
                Ok(value) => Value::Integer(value),
                Err(_) => {
                    self.give_up = true;
                    return;
                }
            },
        };
        self.add(Node {
            at: span.start(),
            value,
        });
    }

    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.give_up = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_reads_what_front_matter_holds() {
        let text = "title = \"A \\\"quoted\\\" title\"\ndate = 2024-08-11T21:00:00+02:00\n\
                    tags = ['one', \"two\"]\nauthors = [{ name = \"Ana\", email = \"a@b.org\" }]\n\
                    draft = false # a comment\n";
        let fast = fast(text).expect("the fast path covers this");
        assert_eq!(Some(fast), full(text).ok());
    }

    #[test]
    fn what_the_fast_path_leaves_to_the_full_reading() {
        for text in [
            "[source]\nname = \"Reuters\"\n",
            "source.name = \"Reuters\"\n",
            "title = \"a\"\ntitle = \"b\"\n",
            "title = \n",
            "authors = [{ name = \"A\", name = \"B\" }]\n",
            "date = 2024-02-30\n",
        ] {
            assert_eq!(fast(text), None, "{text}");
        }
        assert_eq!(
            parse("source.name = \"Reuters\"\n").ok(),
            full("[source]\nname = \"Reuters\"\n").ok().map(|mut node| {
                // Same tree; only the key's position differs.
                if let Value::Table(entries) = &mut node.value {
                    entries[0].0.at = 0;
                    entries[0].1.at = 0;
                    if let Value::Table(inner) = &mut entries[0].1.value {
                        inner[0].0.at = 7;
                        inner[0].1.at = 14;
                    }
                }
                node
            })
        );
        let error = parse("title = \"a\"\ntitle = \"b\"\n").unwrap_err();
        assert!(error.message.contains("duplicate key"), "{error:?}");
        assert_eq!(error.offset, Some(12));
    }

    use proptest::prelude::*;

    /// Lines of front matter, valid and not: keys that repeat, values of
    /// every kind, escapes, comments, headers and dotted keys.
    fn line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec!["title", "date", "tags", "\"quoted key\"", "a-b", "x"]);
        let value = prop::sample::select(vec![
            "\"plain\"",
            "'literal \\ text'",
            "\"esc\\u00e9\\n\\\"\"",
            "\"bad \\q escape\"",
            "\"\"\"multi\nline\"\"\"",
            "2024-08-11",
            "2024-08-11T21:00:00+02:00",
            "2024-08-11 21:00:00.25Z",
            "21:30:00",
            "2024-02-30",
            "1_000",
            "0x1F",
            "99999999999999999999",
            "1.5e3",
            "nan",
            "-inf",
            "true",
            "[]",
            "[\"a\", 'b',]",
            "[[1, 2], [\"x\"]]",
            "{ name = \"A\", email = \"a@b.org\" }",
            "[{ name = \"A\" }, { name = \"B\", name = \"C\" }]",
            "{ a.b = 1 }",
            "",
            "[unclosed",
        ]);
        prop_oneof![
            8 => (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
            1 => Just("# a comment".to_owned()),
            1 => Just(String::new()),
            1 => Just("[source]".to_owned()),
            1 => Just("source.name = \"R\"".to_owned()),
        ]
    }

    proptest! {
        /// Whatever the fast path reads, the full reading reads the same;
        /// whatever the full reading refuses, the fast path leaves to it.
        #[test]
        fn the_fast_path_agrees_with_the_full_reading(lines in prop::collection::vec(line(), 0..6)) {
            let text = lines.join("\n") + "\n";
            match (fast(&text), full(&text)) {
                // Debug, because NaN is not equal to itself.
                (Some(fast), Ok(full)) => prop_assert_eq!(format!("{fast:?}"), format!("{full:?}")),
                (Some(fast), Err(error)) => prop_assert!(false, "fast read {:?}, full refused: {:?}", fast, error),
                (None, _) => {}
            }
        }
    }
}
