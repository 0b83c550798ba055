//! What one front-matter block may cost, whatever its syntax.
//!
//! A build runs unattended on files anyone can propose, so no article may
//! make it take unbounded time or memory. The article's size is bounded by
//! `max_article_bytes`; these bound what its front matter turns into. No
//! real article comes near them: a long post has a few dozen values, a tag
//! list a few dozen members.

use super::node::{Node, Value};

/// The largest front-matter block, in bytes.
pub(crate) const MAX_BLOCK_BYTES: usize = 1024 * 1024;

/// The most values a block may hold, every use of a YAML alias counted as
/// a copy of what it names.
pub(crate) const MAX_VALUES: usize = 10_000;

/// The most members of one list (tags, authors, anything).
pub(crate) const MAX_LIST_MEMBERS: usize = 1_000;

/// The longest text of one value, in bytes.
pub(crate) const MAX_TEXT_BYTES: usize = 64 * 1024;

/// A limit that was passed: the offset of the value, from the start of the
/// front matter, and what to say.
#[derive(Debug, PartialEq)]
pub(crate) struct Exceeded {
    pub(crate) at: usize,
    pub(crate) message: String,
}

/// Refuses a block over [`MAX_BLOCK_BYTES`] before it is read.
pub(crate) fn check_block(text: &str) -> Result<(), Exceeded> {
    if text.len() > MAX_BLOCK_BYTES {
        return Err(Exceeded {
            at: 0,
            message: format!(
                "the front matter is {} bytes; at most {MAX_BLOCK_BYTES} are read",
                text.len()
            ),
        });
    }
    Ok(())
}

/// Checks a read block: how many values it holds, how long each list and
/// each text is. The first value past a limit is the one reported.
pub(crate) fn check(root: &Node) -> Result<(), Exceeded> {
    let mut values = 0;
    check_node(root, &mut values)
}

fn check_node(node: &Node, values: &mut usize) -> Result<(), Exceeded> {
    *values += 1;
    if *values > MAX_VALUES {
        return Err(too_many_values(node.at));
    }
    match &node.value {
        Value::String(text) if text.len() > MAX_TEXT_BYTES => Err(Exceeded {
            at: node.at,
            message: format!(
                "this text is {} bytes; a front-matter value may have at most {MAX_TEXT_BYTES}",
                text.len()
            ),
        }),
        Value::Array(items) => {
            if items.len() > MAX_LIST_MEMBERS {
                return Err(too_many_members(node.at));
            }
            items.iter().try_for_each(|item| check_node(item, values))
        }
        Value::Table(entries) => entries
            .iter()
            .try_for_each(|(_, value)| check_node(value, values)),
        _ => Ok(()),
    }
}

/// The message for a list with more than [`MAX_LIST_MEMBERS`].
pub(crate) fn too_many_members(at: usize) -> Exceeded {
    Exceeded {
        at,
        message: format!(
            "this list has more than {MAX_LIST_MEMBERS} members, the most a front-matter list may have"
        ),
    }
}

/// The message for a block that holds, or expands to, too many values.
pub(crate) fn too_many_values(at: usize) -> Exceeded {
    Exceeded {
        at,
        message: format!(
            "the front matter holds more than {MAX_VALUES} values (each use of an alias counts \
             as a copy of what it names)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(at: usize, value: Value) -> Node {
        Node { at, value }
    }

    #[test]
    fn lists_and_texts_at_the_limit_pass_and_one_more_fails_at_its_value() {
        let list = |n: usize| node(7, Value::Array(vec![node(9, Value::Bool(true)); n]));
        assert_eq!(check(&list(MAX_LIST_MEMBERS)), Ok(()));
        let error = check(&list(MAX_LIST_MEMBERS + 1)).unwrap_err();
        assert_eq!(error.at, 7);
        assert!(
            error.message.contains("more than 1000 members"),
            "{}",
            error.message
        );

        let text = |n: usize| node(3, Value::String("a".repeat(n)));
        assert_eq!(check(&text(MAX_TEXT_BYTES)), Ok(()));
        assert_eq!(check(&text(MAX_TEXT_BYTES + 1)).unwrap_err().at, 3);
    }

    #[test]
    fn values_are_counted_across_the_whole_tree() {
        // 20 lists of 600 members: each list is allowed, their sum is not.
        let lists = (0..20)
            .map(|i| {
                let key = super::super::node::Key::new(&format!("k{i}"), i);
                let items = vec![node(i, Value::Integer(1)); 600];
                (key, node(i, Value::Array(items)))
            })
            .collect();
        let error = check(&node(0, Value::Table(lists))).unwrap_err();
        assert!(error.message.contains("more than 10000 values"));
    }

    #[test]
    fn big_blocks_are_refused_before_reading() {
        assert_eq!(check_block(&"#".repeat(MAX_BLOCK_BYTES)), Ok(()));
        assert!(check_block(&"#".repeat(MAX_BLOCK_BYTES + 1)).is_err());
    }
}
