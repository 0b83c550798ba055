//! The output formats byline writes, as data.
//!
//! A feed in `feeds.toml` lists its files under each format's key
//! (`rss = "feed.xml"`); selection carries them as [`Output`]s; rendering
//! and checking dispatch on the [`Format`]. Adding a format is one variant
//! here, its key in `config`'s raw feed table, one renderer under `render/`
//! and one checker under `check/`; the compiler lists every `match` that
//! must learn it.

/// A file format byline writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// RSS 2.0.
    Rss,
    /// Atom 1.0 (RFC 4287).
    Atom,
    /// JSON Feed 1.1.
    Json,
    /// An HTML page that shows the feed to people who open it in a browser.
    Html,
}

impl Format {
    /// Every format, in the order a feed's files are listed and rendered.
    pub const ALL: [Format; 4] = [Format::Rss, Format::Atom, Format::Json, Format::Html];

    /// The key that names the format's file in a `[[feeds]]` table.
    pub fn key(self) -> &'static str {
        match self {
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Json => "json",
            Format::Html => "html",
        }
    }

    /// The format's name for people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Rss => "RSS 2.0",
            Format::Atom => "Atom 1.0",
            Format::Json => "JSON Feed 1.1",
            Format::Html => "HTML page",
        }
    }

    /// The media type of the format's files.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Rss => "application/rss+xml",
            Format::Atom => "application/atom+xml",
            Format::Json => "application/feed+json",
            Format::Html => "text/html",
        }
    }

    /// Whether readers subscribe to it: every format but the HTML page,
    /// which people read and which links to the others.
    pub fn is_feed(self) -> bool {
        self != Format::Html
    }
}

/// One file of a feed: its format, where it goes and its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Output {
    /// What is written there.
    pub format: Format,
    /// Path relative to the output folder.
    pub path: String,
    /// Its absolute URL (the file's `rel="self"` link).
    pub url: String,
}
