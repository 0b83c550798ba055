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
//!
//! **Why two passes, and why the second is pure.** A site of 100,000
//! articles cannot hold 100,000 rendered bodies, and feed selection needs
//! only a listing of each (slug, date, tags, media paths). So the first
//! pass checks every article and keeps its listing; the second parses only
//! the published ones, batch by batch, to render them. The second pass
//! must give the very article the first one checked, so it reads nothing
//! but the file's text: the facts from outside the file (git's dates, what
//! each local media file is: type, size, pixels) are gathered once by the
//! first pass into [`FileFacts`] and kept in the listing. If the text
//! itself changed in between, the hash of its front-matter block (all
//! that selection depends on besides the file name) no longer matches the
//! listing's, and the build stops rather than publish an article it did
//! not check.

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
pub(crate) use model::{Article, Body, Note, Parsed, SourceFormat, Tag, slugify};
pub(crate) use parse::{Unparsed, parse, parse_or_defer};
pub(crate) use resolve::FileFacts;
