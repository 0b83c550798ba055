//! Articles: the files users write, and the validated model made of them.
//!
//! An article file goes through three steps. [`decode()`] turns bytes into
//! text (UTF-8 only, no NUL bytes; a byte-order mark is dropped and CRLF
//! becomes LF). [`parse()`] splits off the front matter, reads the body in its
//! shape ([`text`] for plain text, Markdown otherwise) and checks every value,
//! reporting all of one file's problems at once. What comes out is an
//! [`Article`], valid by construction, and its [`Body`], which borrows the
//! text. The loader reduces every article to a small [`load::Listing`];
//! the few articles that a feed publishes are read and parsed again when the
//! feed is rendered, so memory grows with the number of articles, not with
//! their size.

mod decode;
pub(crate) mod front_matter;
mod history;
pub(crate) mod load;
mod media;
mod model;
mod parse;
mod resolve;
pub(crate) mod text;

pub use decode::decode;
pub(crate) use history::History;
pub(crate) use model::{Article, Body, Parsed, SourceFormat, Tag, slugify};
pub(crate) use parse::{Unparsed, parse, parse_or_defer};
pub(crate) use resolve::FileFacts;
