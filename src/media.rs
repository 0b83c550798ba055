//! Media: an article's lead image and enclosure, a podcast episode's
//! details, and what byline reads from a local media file.
//!
//! A local file's media type comes from its content (the `infer` crate
//! reads its magic bytes), never from its name; an image's pixel size comes
//! from its header (the `imagesize` crate); an enclosure's length is the
//! file's exact size in bytes. Local files are published into the output
//! folder at the path the `[build] media` pattern gives, and feeds point at
//! them there. Remote files are never fetched: what a feed needs to know
//! about them is written in the front matter and checked for form.

use crate::attribution::Person;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The default of `[build] media`: where local media files are published,
/// relative to the output folder. `{path}` is the file's path relative to
/// the articles folder, `{name}` its file name.
pub(crate) const DEFAULT_PATTERN: &str = "media/{path}";

/// A local file byline publishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Local {
    /// Where it is read from.
    pub(crate) file: PathBuf,
    /// Where it goes, relative to the output folder.
    pub(crate) path: String,
}

/// An article's lead image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Image {
    /// Its absolute URL.
    pub(crate) url: String,
    /// What it shows, for readers who cannot see it.
    pub(crate) alt: String,
    /// Who made it ("Photo: AFP"), shown after it.
    pub(crate) credit: Option<String>,
    /// The URL of its license.
    pub(crate) license: Option<String>,
    /// Its media type, when byline read the file.
    pub(crate) mime: Option<&'static str>,
    /// Its width and height in pixels, likewise.
    pub(crate) pixels: Option<(u32, u32)>,
    /// Its size in bytes, likewise.
    pub(crate) length: Option<u64>,
    /// The file byline publishes, for a local image.
    pub(crate) local: Option<Local>,
}

/// A file attached to an article: a podcast episode's audio, a PDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Enclosure {
    /// Its absolute URL.
    pub(crate) url: String,
    /// Its media type.
    pub(crate) mime: String,
    /// Its exact size in bytes.
    pub(crate) length: u64,
    /// How long it plays, in seconds.
    pub(crate) duration: Option<u32>,
    /// The file byline publishes, for a local enclosure.
    pub(crate) local: Option<Local>,
}

/// Apple's episode types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EpisodeType {
    /// A regular episode.
    Full,
    /// A preview of the show or a season.
    Trailer,
    /// Extra content.
    Bonus,
}

impl EpisodeType {
    /// Every type, in Apple's order.
    pub(crate) const ALL: [EpisodeType; 3] =
        [EpisodeType::Full, EpisodeType::Trailer, EpisodeType::Bonus];

    /// As `itunes:episodeType` writes it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            EpisodeType::Full => "full",
            EpisodeType::Trailer => "trailer",
            EpisodeType::Bonus => "bonus",
        }
    }
}

/// A podcast episode's details, from the front matter's `episode` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Episode {
    /// The season number.
    pub(crate) season: Option<u32>,
    /// The episode number.
    pub(crate) number: Option<u32>,
    /// Full, trailer or bonus.
    pub(crate) kind: EpisodeType,
    /// Whether it is explicit; default: the podcast's.
    pub(crate) explicit: Option<bool>,
    /// Its transcripts, in the order written.
    pub(crate) transcripts: Vec<Transcript>,
    /// Its guests (the article's authors are its hosts).
    pub(crate) guests: Vec<Person>,
    /// Its chapters.
    pub(crate) chapters: Option<Chapters>,
    /// Its own artwork (`itunes:image`): the URL of a JPEG or PNG, and the
    /// file byline publishes, for a local one.
    pub(crate) image: Option<(String, Option<Local>)>,
}

/// An episode's transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Transcript {
    /// Its absolute URL.
    pub(crate) url: String,
    /// Its media type (`text/vtt`, `application/x-subrip`, …).
    pub(crate) mime: &'static str,
    /// Its language, when the front matter gives one.
    pub(crate) language: Option<String>,
    /// Returns true if and only if it is closed captions (`rel="captions"`).
    pub(crate) captions: bool,
    /// The file byline publishes, for a local transcript.
    pub(crate) local: Option<Local>,
}

/// The media type of a Podcasting 2.0 JSON chapters file.
pub(crate) const CHAPTERS_TYPE: &str = "application/json+chapters";

/// An episode's chapters: a JSON chapters file, published with the media
/// (the front matter's own, or one byline writes from its list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Chapters {
    /// The file's absolute URL.
    pub(crate) url: String,
    /// The file byline publishes as it is, for a local chapters file.
    pub(crate) local: Option<Local>,
    /// The chapters the front matter lists (empty for a file), in order.
    pub(crate) list: Vec<Chapter>,
    /// The file byline writes from the list: where it goes, relative to
    /// the output folder, and its bytes.
    pub(crate) written: Option<(String, Vec<u8>)>,
}

/// One chapter, as the JSON chapters format has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Chapter {
    /// When it starts, in milliseconds.
    pub(crate) start: u64,
    /// When it ends, in milliseconds.
    pub(crate) end: Option<u64>,
    /// Its title.
    pub(crate) title: Option<String>,
    /// A page about its topic.
    pub(crate) url: Option<String>,
    /// Its artwork's URL.
    pub(crate) img: Option<String>,
    /// Returns true if and only if it shows in the table of contents.
    pub(crate) toc: bool,
}

/// A time in milliseconds as the JSON chapters format writes it: seconds,
/// a number with a fraction only when it has one.
pub(crate) fn seconds(millis: u64) -> serde_json::Number {
    if millis.is_multiple_of(1000) {
        serde_json::Number::from(millis / 1000)
    } else {
        serde_json::Number::from_f64(millis as f64 / 1000.0).unwrap_or_else(|| 0.into())
    }
}

/// The JSON chapters file of a list of chapters (Podcasting 2.0's format,
/// version 1.2.0): pretty, keys sorted (so the bytes never change), ending
/// in a newline.
pub(crate) fn chapters_json(list: &[Chapter]) -> Vec<u8> {
    let chapters: Vec<serde_json::Value> = list
        .iter()
        .map(|chapter| {
            let mut object = serde_json::Map::new();
            object.insert("startTime".into(), seconds(chapter.start).into());
            if let Some(title) = &chapter.title {
                object.insert("title".into(), title.clone().into());
            }
            if let Some(img) = &chapter.img {
                object.insert("img".into(), img.clone().into());
            }
            if let Some(url) = &chapter.url {
                object.insert("url".into(), url.clone().into());
            }
            if !chapter.toc {
                object.insert("toc".into(), false.into());
            }
            if let Some(end) = chapter.end {
                object.insert("endTime".into(), seconds(end).into());
            }
            serde_json::Value::Object(object)
        })
        .collect();
    let mut file = serde_json::Map::new();
    file.insert("version".into(), "1.2.0".into());
    file.insert("chapters".into(), chapters.into());
    let mut bytes = serde_json::to_vec_pretty(&serde_json::Value::Object(file))
        .expect("a JSON value always serializes");
    bytes.push(b'\n');
    bytes
}

/// Everything media an article carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Media {
    /// Its lead image.
    pub(crate) image: Option<Image>,
    /// Its enclosure.
    pub(crate) enclosure: Option<Enclosure>,
    /// Its podcast episode details.
    pub(crate) episode: Option<Episode>,
}

impl Media {
    /// The local files the article's feeds point at.
    pub(crate) fn local_files(&self) -> impl Iterator<Item = &Local> {
        let image = self.image.as_ref().and_then(|i| i.local.as_ref());
        let enclosure = self.enclosure.as_ref().and_then(|e| e.local.as_ref());
        let episode = self.episode.as_ref();
        let transcripts = episode
            .into_iter()
            .flat_map(|e| e.transcripts.iter().filter_map(|t| t.local.as_ref()));
        let chapters = episode
            .and_then(|e| e.chapters.as_ref())
            .and_then(|c| c.local.as_ref());
        let artwork = episode
            .and_then(|e| e.image.as_ref())
            .and_then(|(_, local)| local.as_ref());
        image
            .into_iter()
            .chain(enclosure)
            .chain(transcripts)
            .chain(chapters)
            .chain(artwork)
    }

    /// The files byline writes for the article, each with where it goes:
    /// the chapters file made from an episode's list.
    pub(crate) fn written_files(&self) -> impl Iterator<Item = &(String, Vec<u8>)> {
        self.episode
            .as_ref()
            .and_then(|e| e.chapters.as_ref())
            .and_then(|c| c.written.as_ref())
            .into_iter()
    }
}

/// A podcast's show type (Apple's `itunes:type`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ShowType {
    /// Newest episodes first; listeners may start anywhere.
    #[default]
    Episodic,
    /// Meant to be heard in order, oldest first.
    Serial,
}

impl ShowType {
    /// As `itunes:type` writes it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            ShowType::Episodic => "episodic",
            ShowType::Serial => "serial",
        }
    }
}

/// What makes a feed a podcast: the show's details, from the `podcast`
/// table of its `[[feeds]]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Podcast {
    /// The show's cover art (its `alt` is the feed's title).
    pub(crate) image: Image,
    /// Apple's category.
    pub(crate) category: String,
    /// One of the category's subcategories.
    pub(crate) subcategory: Option<String>,
    /// Whether the show is explicit.
    pub(crate) explicit: bool,
    /// Who Apple contacts about the show: a name and an e-mail address.
    pub(crate) owner: Person,
    /// Episodic or serial.
    pub(crate) kind: ShowType,
    /// The show's author as podcast apps show it; default: the site's title.
    pub(crate) author: Option<String>,
    /// Where the cover is named in the config (a byte offset), for the
    /// problems found when the file is read.
    pub(crate) cover_at: usize,
    /// Its `podcast:guid` as `byline.lock` recorded it, which wins over
    /// the one made from the feed's URL.
    pub(crate) guid: Option<String>,
    /// The show's `copyright`, when it is not the site's `rights`: PSP-1
    /// asks for the holder's name alone.
    pub(crate) copyright: Option<String>,
    /// Whether other hosts may import the feed (`podcast:locked`): `Some`
    /// writes it, with the owner's e-mail to verify a move.
    pub(crate) locked: Option<bool>,
    /// Where listeners support the show (`podcast:funding`).
    pub(crate) funding: Vec<Funding>,
    /// The show's new feed, when it has moved (`itunes:new-feed-url`).
    pub(crate) new_feed_url: Option<String>,
}

/// A link where listeners support a show, and the text apps show with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Funding {
    /// The page to follow.
    pub(crate) url: String,
    /// What apps show beside the link (128 characters at most).
    pub(crate) text: String,
}

/// What byline reads from a local media file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Probed {
    /// Its media type, from its content; `None` when it is not known.
    pub(crate) mime: Option<&'static str>,
    /// Its size in bytes.
    pub(crate) length: u64,
    /// Its width and height in pixels, for an image.
    pub(crate) pixels: Option<(u32, u32)>,
}

/// How much of a file is read to tell its type.
const HEADER_BYTES: u64 = 8192;

/// Reads a local file's type, size and (for an image) pixel size.
pub(crate) fn probe(file: &Path) -> io::Result<Probed> {
    let metadata = fs::metadata(file)?;
    if !metadata.is_file() {
        return Err(io::Error::other("it is not a file"));
    }
    let mut header = Vec::with_capacity(HEADER_BYTES as usize);
    fs::File::open(file)?
        .take(HEADER_BYTES)
        .read_to_end(&mut header)?;
    let mime = infer::get(&header).map(|kind| normal_type(kind.mime_type()));
    let pixels = if mime.is_some_and(|m| m.starts_with("image/")) {
        imagesize::size(file).ok().and_then(|size| {
            Some((
                u32::try_from(size.width).ok()?,
                u32::try_from(size.height).ok()?,
            ))
        })
    } else {
        None
    };
    let mime = mime.or_else(|| text_type(&header));
    Ok(Probed {
        mime,
        length: metadata.len(),
        pixels,
    })
}

/// The registered name of a type `infer` names otherwise.
fn normal_type(mime: &'static str) -> &'static str {
    match mime {
        // Apple's podcast specification lists M4A audio as audio/x-m4a.
        "audio/m4a" => "audio/x-m4a",
        other => other,
    }
}

/// The type of a text file byline knows by its first bytes: the
/// transcript formats of Podcasting 2.0.
fn text_type(header: &[u8]) -> Option<&'static str> {
    let text = std::str::from_utf8(header)
        .or_else(|e| std::str::from_utf8(&header[..e.valid_up_to()]))
        .ok()?;
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("WEBVTT") {
        Some("text/vtt")
    } else if text.starts_with('{') {
        Some("application/json")
    } else if text.starts_with('<') {
        Some("text/html")
    } else if text
        .lines()
        .next()
        .is_some_and(|l| !l.trim().is_empty() && l.trim().bytes().all(|b| b.is_ascii_digit()))
        && text.lines().nth(1).is_some_and(|l| l.contains("-->"))
    {
        Some("application/x-subrip")
    } else {
        None
    }
}

/// The local media file that `written` (relative to `folder`) names, and
/// where it is published (by `pattern`, from the articles folder `root`):
/// the one way articles' images, enclosures and transcripts and podcasts'
/// covers are found. `None` when the file is outside the articles folder,
/// where byline publishes media from. Reads nothing.
pub(crate) fn locate(written: &str, folder: &Path, pattern: &str, root: &Path) -> Option<Local> {
    let file = normalize(&folder.join(written));
    let path = published_path(pattern, root, &file)?;
    Some(Local { file, path })
}

/// Where a local file is published, relative to the output folder: the
/// `pattern` with `{path}` (the file's path relative to the articles
/// folder, `/`-separated) and `{name}` replaced. `None` when the file is
/// not inside the articles folder.
pub(crate) fn published_path(pattern: &str, root: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let name = *parts.last()?;
    Some(
        pattern
            .replace("{path}", &parts.join("/"))
            .replace("{name}", name),
    )
}

/// `path` with its `.` and `..` components resolved, without asking the
/// file system (which would follow links out of the folder).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Reads a duration: whole seconds, or `H:MM:SS` or `MM:SS`.
pub(crate) fn parse_duration(text: &str) -> Result<u32, String> {
    let bad = || format!("`{text}` is not a duration: write seconds, `MM:SS` or `H:MM:SS`");
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let mut seconds: u64 = 0;
    for (n, part) in parts.iter().enumerate() {
        let value: u64 = part.parse().map_err(|_| bad())?;
        if n > 0 && value >= 60 {
            return Err(bad());
        }
        seconds = seconds
            .checked_mul(60)
            .and_then(|s| s.checked_add(value))
            .ok_or_else(bad)?;
    }
    u32::try_from(seconds).map_err(|_| bad())
}

pub(crate) use crate::syntax::is_media_type;

/// Apple Podcasts' categories and their subcategories, as Apple's podcast
/// specification lists them.
pub(crate) const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "Arts",
        &[
            "Books",
            "Design",
            "Fashion & Beauty",
            "Food",
            "Performing Arts",
            "Visual Arts",
        ],
    ),
    (
        "Business",
        &[
            "Careers",
            "Entrepreneurship",
            "Investing",
            "Management",
            "Marketing",
            "Non-Profit",
        ],
    ),
    ("Comedy", &["Comedy Interviews", "Improv", "Stand-Up"]),
    (
        "Education",
        &["Courses", "How To", "Language Learning", "Self-Improvement"],
    ),
    ("Fiction", &["Comedy Fiction", "Drama", "Science Fiction"]),
    ("Government", &[]),
    (
        "Health & Fitness",
        &[
            "Alternative Health",
            "Fitness",
            "Medicine",
            "Mental Health",
            "Nutrition",
            "Sexuality",
        ],
    ),
    ("History", &[]),
    (
        "Kids & Family",
        &[
            "Education for Kids",
            "Parenting",
            "Pets & Animals",
            "Stories for Kids",
        ],
    ),
    (
        "Leisure",
        &[
            "Animation & Manga",
            "Automotive",
            "Aviation",
            "Crafts",
            "Games",
            "Hobbies",
            "Home & Garden",
            "Video Games",
        ],
    ),
    (
        "Music",
        &["Music Commentary", "Music History", "Music Interviews"],
    ),
    (
        "News",
        &[
            "Business News",
            "Daily News",
            "Entertainment News",
            "News Commentary",
            "Politics",
            "Sports News",
            "Tech News",
        ],
    ),
    (
        "Religion & Spirituality",
        &[
            "Buddhism",
            "Christianity",
            "Hinduism",
            "Islam",
            "Judaism",
            "Religion",
            "Spirituality",
        ],
    ),
    (
        "Science",
        &[
            "Astronomy",
            "Chemistry",
            "Earth Sciences",
            "Life Sciences",
            "Mathematics",
            "Natural Sciences",
            "Nature",
            "Physics",
            "Social Sciences",
        ],
    ),
    (
        "Society & Culture",
        &[
            "Documentary",
            "Personal Journals",
            "Philosophy",
            "Places & Travel",
            "Relationships",
        ],
    ),
    (
        "Sports",
        &[
            "Baseball",
            "Basketball",
            "Cricket",
            "Fantasy Sports",
            "Football",
            "Golf",
            "Hockey",
            "Rugby",
            "Running",
            "Soccer",
            "Swimming",
            "Tennis",
            "Volleyball",
            "Wilderness",
            "Wrestling",
        ],
    ),
    ("Technology", &[]),
    ("True Crime", &[]),
    (
        "TV & Film",
        &[
            "After Shows",
            "Film History",
            "Film Interviews",
            "Film Reviews",
            "TV Reviews",
        ],
    ),
];

/// The subcategories of an Apple category; `None` when it is not one.
pub(crate) fn subcategories(category: &str) -> Option<&'static [&'static str]> {
    CATEGORIES
        .iter()
        .find(|(name, _)| *name == category)
        .map(|(_, subcategories)| *subcategories)
}

/// The smallest and largest side of a podcast's cover, in pixels (Apple).
pub(crate) const COVER_PIXELS: (u32, u32) = (1400, 3000);

/// Podcasting 2.0's `podcast:guid` of a feed: a UUID v5 of its URL without
/// the scheme and trailing slashes, in the namespace the specification
/// fixes.
pub(crate) fn podcast_guid(feed_url: &str) -> String {
    const NAMESPACE: uuid::Uuid = uuid::uuid!("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");
    let bare = feed_url
        .split_once("://")
        .map_or(feed_url, |(_, rest)| rest)
        .trim_end_matches('/');
    uuid::Uuid::new_v5(&NAMESPACE, bare.as_bytes()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("3"), Ok(3));
        assert_eq!(parse_duration("01:05"), Ok(65));
        assert_eq!(parse_duration("1:00:01"), Ok(3601));
        for bad in ["", "1:60", "a", "1:2:3:4", "-1", "1::2", "99999999999"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_podcast_guid_is_the_one_the_specification_gives() {
        // The example of the Podcasting 2.0 specification.
        assert_eq!(
            podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml"),
            "917393e3-1b1e-5cef-ace4-edaa54e1f810"
        );
    }

    #[test]
    fn published_paths_stay_inside() {
        let root = Path::new("articles");
        let file = Path::new("articles/2024/photo.png");
        assert_eq!(
            published_path("media/{path}", root, file).as_deref(),
            Some("media/2024/photo.png")
        );
        assert_eq!(
            published_path("img/{name}", root, file).as_deref(),
            Some("img/photo.png")
        );
        assert_eq!(
            published_path("media/{path}", root, Path::new("other/x.png")),
            None
        );
        assert_eq!(
            normalize(Path::new("articles/2024/../x/./y.png")),
            Path::new("articles/x/y.png")
        );
    }

    #[test]
    fn text_types() {
        assert_eq!(
            text_type(b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi"),
            Some("text/vtt")
        );
        assert_eq!(
            text_type(b"1\n00:00:00,000 --> 00:00:01,000\nHi\n"),
            Some("application/x-subrip")
        );
        assert_eq!(text_type(b"just words"), None);
    }
}
