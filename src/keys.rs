//! The keys a serde struct accepts, read from its own `Deserialize`: the
//! manual's page on `feeds.toml` lists what the config reader takes, from
//! the same definitions, so the two cannot drift apart.

use serde::Deserialize;
use serde::de::{self, Visitor};
use std::cell::Cell;

/// The field names `T` deserializes from (its `deny_unknown_fields` list),
/// in declaration order, as serde's derive names them (renames applied);
/// empty when `T` is not a struct.
pub(crate) fn fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let found = Cell::new(&[][..]);
    let _ = T::deserialize(Capture(&found));
    found.get()
}

/// A deserializer that records the fields of the struct asked for, and
/// fails.
struct Capture<'a>(&'a Cell<&'static [&'static str]>);

impl<'de> de::Deserializer<'de> for Capture<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only the fields are read"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.set(fields);
        Err(de::Error::custom("only the fields are read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Example {
        title: String,
        #[serde(rename = "type")]
        kind: Option<String>,
    }

    #[test]
    fn fields_are_those_serde_reads() {
        assert_eq!(super::fields::<Example>(), ["title", "type"]);
        assert!(super::fields::<String>().is_empty());
    }
}
