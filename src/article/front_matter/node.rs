//! The syntax-neutral tree that every front-matter syntax is read into.

use std::borrow::Cow;
use std::fmt;

/// A key of a table, with the byte offset where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Key {
    /// The key, unquoted.
    pub(crate) name: Cow<'static, str>,
    /// Where it is written, from the start of the front matter.
    pub(crate) at: usize,
}

impl Key {
    /// A key as written; the names byline knows are not allocated again
    /// for every article.
    pub(crate) fn new(name: &str, at: usize) -> Key {
        let known = match name {
            "title" => "title",
            "date" => "date",
            "updated" => "updated",
            "id" => "id",
            "slug" => "slug",
            "summary" => "summary",
            "authors" => "authors",
            "tags" => "tags",
            "draft" => "draft",
            "source" => "source",
            "credit" => "credit",
            "rights" => "rights",
            "license" => "license",
            "name" => "name",
            "email" => "email",
            "url" => "url",
            "feed" => "feed",
            "relation" => "relation",
            "language" => "language",
            _ => {
                return Key {
                    name: Cow::Owned(name.to_owned()),
                    at,
                };
            }
        };
        Key {
            name: Cow::Borrowed(known),
            at,
        }
    }
}

/// A value of the front matter, whatever syntax wrote it, and where.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    /// Where it is written, from the start of the front matter.
    pub(crate) at: usize,
    /// The value.
    pub(crate) value: Value,
}

/// The kinds of values front matter holds.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// No value (YAML's `~`, or a key with nothing after it): as if the
    /// key were not there.
    Null,
    /// Text.
    String(String),
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Float(f64),
    /// A date or time written as one (TOML's `2024-08-11`), not as text.
    Datetime(Datetime),
    /// A list.
    Array(Vec<Node>),
    /// Keys and their values, in the order written.
    Table(Vec<(Key, Node)>),
}

impl Value {
    /// How serde describes a value in "invalid type" messages.
    pub(crate) fn unexpected(&self) -> String {
        match self {
            Value::Null => "unit value".to_owned(),
            Value::String(text) => format!("string {text:?}"),
            Value::Bool(value) => format!("boolean `{value}`"),
            Value::Integer(value) => format!("integer `{value}`"),
            Value::Float(value) => format!("floating point `{value}`"),
            Value::Datetime(value) => format!("datetime `{value}`"),
            Value::Array(_) => "sequence".to_owned(),
            Value::Table(_) => "map".to_owned(),
        }
    }

    /// The name of the value's type, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::String(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Integer(_) => "integer",
            Value::Float(_) => "float",
            Value::Datetime(_) => "datetime",
            Value::Array(_) => "array",
            Value::Table(_) => "table",
        }
    }
}

/// A date, a time of day, or both, with or without an offset from UTC, as
/// written (not yet checked to exist).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Datetime {
    /// Year, month and day.
    pub(crate) date: Option<(u16, u8, u8)>,
    /// Hour, minute, second and nanosecond.
    pub(crate) time: Option<(u8, u8, u8, u32)>,
    /// Minutes east of UTC.
    pub(crate) offset: Option<i16>,
}

impl From<::toml::value::Datetime> for Datetime {
    fn from(datetime: ::toml::value::Datetime) -> Datetime {
        Datetime {
            date: datetime.date.map(|d| (d.year, d.month, d.day)),
            time: datetime.time.map(|t| {
                (
                    t.hour,
                    t.minute,
                    t.second.unwrap_or(0),
                    t.nanosecond.unwrap_or(0),
                )
            }),
            offset: datetime.offset.map(|offset| match offset {
                ::toml::value::Offset::Z => 0,
                ::toml::value::Offset::Custom { minutes } => minutes,
            }),
        }
    }
}

impl fmt::Display for Datetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((year, month, day)) = self.date {
            write!(f, "{year:04}-{month:02}-{day:02}")?;
            if self.time.is_some() {
                f.write_str("T")?;
            }
        }
        if let Some((hour, minute, second, nanosecond)) = self.time {
            write!(f, "{hour:02}:{minute:02}:{second:02}")?;
            if nanosecond > 0 {
                write!(f, ".{nanosecond:09}")?;
            }
        }
        match self.offset {
            Some(0) => f.write_str("Z"),
            Some(minutes) => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let minutes = minutes.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
            None => Ok(()),
        }
    }
}
