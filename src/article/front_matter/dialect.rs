//! Front-matter dialects: what another generator's keys (Jekyll's, Hugo's,
//! Zola's) mean in byline's terms. Adding a dialect is one more arm per key
//! in [`Dialect::meaning`].

use crate::config::Dialect;

/// A front-matter field byline knows: one variant per key of
/// [`Fields`](super::Fields), so that a key cannot be known without being
/// read (the matches on it are exhaustive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Date,
    Updated,
    Id,
    Slug,
    Summary,
    Authors,
    Tags,
    Draft,
    Source,
    Credit,
    Rights,
    License,
    Language,
    Image,
    Enclosure,
    Episode,
    Feeds,
    Corrections,
    Retracted,
}

impl Field {
    /// Every field, in the order the README lists them.
    pub(crate) const ALL: [Field; 20] = [
        Field::Title,
        Field::Date,
        Field::Updated,
        Field::Id,
        Field::Slug,
        Field::Summary,
        Field::Authors,
        Field::Tags,
        Field::Draft,
        Field::Source,
        Field::Credit,
        Field::Rights,
        Field::License,
        Field::Language,
        Field::Image,
        Field::Enclosure,
        Field::Episode,
        Field::Feeds,
        Field::Corrections,
        Field::Retracted,
    ];

    /// Its key in byline's own front matter.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Date => "date",
            Field::Updated => "updated",
            Field::Id => "id",
            Field::Slug => "slug",
            Field::Summary => "summary",
            Field::Authors => "authors",
            Field::Tags => "tags",
            Field::Draft => "draft",
            Field::Source => "source",
            Field::Credit => "credit",
            Field::Rights => "rights",
            Field::License => "license",
            Field::Language => "language",
            Field::Image => "image",
            Field::Enclosure => "enclosure",
            Field::Episode => "episode",
            Field::Feeds => "feeds",
            Field::Corrections => "corrections",
            Field::Retracted => "retracted",
        }
    }

    /// The field byline's own key `key` names, if any. A `match`, not a
    /// search of [`Field::ALL`]: it runs for every key of every article.
    pub(crate) fn of(key: &str) -> Option<Field> {
        Some(match key {
            "title" => Field::Title,
            "date" => Field::Date,
            "updated" => Field::Updated,
            "id" => Field::Id,
            "slug" => Field::Slug,
            "summary" => Field::Summary,
            "authors" => Field::Authors,
            "tags" => Field::Tags,
            "draft" => Field::Draft,
            "source" => Field::Source,
            "credit" => Field::Credit,
            "rights" => Field::Rights,
            "license" => Field::License,
            "language" => Field::Language,
            "image" => Field::Image,
            "enclosure" => Field::Enclosure,
            "episode" => Field::Episode,
            "feeds" => Field::Feeds,
            "corrections" => Field::Corrections,
            "retracted" => Field::Retracted,
            _ => return None,
        })
    }

    /// Every key, for did-you-mean hints.
    pub(crate) fn keys() -> impl Iterator<Item = &'static str> {
        Field::ALL.iter().map(|field| field.key())
    }
}

/// What a front-matter key means in a dialect.
pub(super) enum Meaning {
    /// One of byline's fields.
    Field(Field),
    /// Jekyll's `published`: the opposite of `draft`.
    Published,
    /// Hugo's `expiryDate`: withdrawn from then on.
    Expires,
    /// Zola's `[taxonomies]`: its `tags` and `categories` are tags.
    Taxonomies,
    /// A key that can say the generator makes no page of the post (Hugo's
    /// `headless: true` and `build: {render: never}`, Zola's `render =
    /// false`): then there is nothing to link to, and it is left out like
    /// a draft.
    NoPage,
    /// The page's URL path, which the generator publishes it at: Zola's
    /// `path`, Hugo's `url`, Jekyll's `permalink`.
    Address,
    /// Means nothing for a feed (`layout`, `weight`, `[extra]`).
    Ignored,
    /// Not a key of the dialect.
    Unknown,
}

impl Dialect {
    /// What `key` means in this dialect.
    pub(super) fn meaning(self, key: &str) -> Meaning {
        if let Some(field) = Field::of(key) {
            return Meaning::Field(field);
        }
        let field = Meaning::Field;
        match (self, key) {
            (Dialect::Byline, _) => Meaning::Unknown,
            (Dialect::Jekyll, "last_modified_at") | (Dialect::Hugo, "lastmod") => {
                field(Field::Updated)
            }
            (Dialect::Jekyll, "published") => Meaning::Published,
            (Dialect::Jekyll, "excerpt" | "description")
            | (Dialect::Hugo | Dialect::Zola, "description") => field(Field::Summary),
            (Dialect::Jekyll | Dialect::Hugo, "author") => field(Field::Authors),
            (Dialect::Jekyll, "categories" | "category") | (Dialect::Hugo, "categories") => {
                field(Field::Tags)
            }
            (Dialect::Hugo, "publishDate" | "pubdate" | "published") => field(Field::Date),
            (Dialect::Hugo, "modified") => field(Field::Updated),
            (Dialect::Hugo, "expiryDate" | "unpublishdate") => Meaning::Expires,
            (Dialect::Jekyll, "tag") => field(Field::Tags),
            (Dialect::Jekyll, "lang") => field(Field::Language),
            (Dialect::Zola, "path") | (Dialect::Hugo, "url") | (Dialect::Jekyll, "permalink") => {
                Meaning::Address
            }
            // Documented keys of the generator that mean nothing for a
            // feed: never a near miss of one of byline's.
            (Dialect::Hugo, "build" | "headless") | (Dialect::Zola, "render") => Meaning::NoPage,
            (Dialect::Hugo, "images" | "resources" | "aliases")
            | (Dialect::Zola, "aliases" | "template" | "weight") => Meaning::Ignored,
            (Dialect::Zola, "taxonomies") => Meaning::Taxonomies,
            _ if Field::keys().any(|k| crate::diagnostic::did_you_mean(key, [k]).is_some()) => {
                Meaning::Unknown
            }
            _ => Meaning::Ignored,
        }
    }
}
