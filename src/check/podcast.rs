//! Pre-flight for podcast directories: what Apple Podcasts, Spotify and the
//! Podcast Standards Project's PSP-1 (the community's podcast RSS
//! specification) reject or warn about, checked offline before a feed is
//! submitted.
//!
//! Each rule is named after its source (`Psp1…`, `Apple…`, `Prx…`) and
//! cites it in its summary. The rules on values (a cover's bytes, a
//! `copyright`, a description, an enclosure's type) are pure functions
//! that `byline build` applies to what it loaded, at the line of the config
//! or the article that says it, and that [`check`] applies to the XML of a
//! podcast feed written elsewhere, for `byline check FILE`. A feed written elsewhere names its
//! cover by URL, which `check` never fetches: it says so
//! (`RemoteCoverNotRead`) instead of passing the cover silently.

use super::xml::{Checker, elements, has, text};
use crate::rule::Rule;
use roxmltree::Node;
use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Apple's podcast namespace.
const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
/// Podcasting 2.0's namespace.
const PODCAST: &str = "https://podcastindex.org/namespace/1.0";
/// Atom's namespace, for the `self` link.
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The most bytes PSP-1 allows in a channel's or an item's `description`.
pub(crate) const DESCRIPTION_BYTES: usize = 4000;

/// The largest cover PRX advises (for NPR One and Spotify), in bytes.
pub(crate) const COVER_BYTES: u64 = 512 * 1024;

/// The smallest and largest side of a cover, in pixels (Apple).
const COVER_PIXELS: (u32, u32) = crate::media::COVER_PIXELS;

/// The enclosure types Apple Podcasts plays: MP3, M4A (and AAC in MP4),
/// MP4, MOV and M4V video, PDF and EPUB documents, under each name its
/// specification and the feeds in use give them. MP3 goes by several
/// unregistered names (`audio/mp3` in many hosts' feeds) that Apple's
/// player takes for `audio/mpeg`.
pub(crate) const APPLE_TYPES: &[&str] = &[
    "audio/mpeg",
    "audio/mp3",
    "audio/x-mp3",
    "audio/mpeg3",
    "audio/x-mpeg3",
    "audio/x-mpeg",
    "audio/mpg",
    "audio/x-mpg",
    "audio/x-m4a",
    "audio/m4a",
    "audio/mp4",
    "video/mp4",
    "video/quicktime",
    "video/x-m4v",
    "video/m4v",
    "application/pdf",
    "application/epub+zip",
    "document/x-epub",
];

/// Returns true if and only if Apple Podcasts plays an enclosure of type
/// `mime` (parameters and case aside).
pub(crate) fn apple_plays(mime: &str) -> bool {
    let bare = mime.split(';').next().unwrap_or("").trim();
    APPLE_TYPES.iter().any(|t| t.eq_ignore_ascii_case(bare))
}

/// What is wrong with a `copyright` by PSP-1, which asks for the holder's
/// name only: no "©", no word "Copyright", no year (apps add them).
pub(crate) fn copyright_problem(copyright: &str) -> Option<String> {
    let lower = copyright.to_lowercase();
    let found = if copyright.contains('©') || lower.contains("(c)") {
        "the © symbol"
    } else if lower.contains("copyright") {
        "the word \"Copyright\""
    } else if has_year(copyright) {
        "a year"
    } else {
        return None;
    };
    Some(format!(
        "the `copyright` `{}` holds {found}; PSP-1 asks for the holder's name only (apps add the rest)",
        copyright.trim()
    ))
}

/// Returns true if and only if `text` holds a year: four digits from 1900
/// to 2099, standing alone.
fn has_year(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 4 && (run.starts_with("19") || run.starts_with("20")))
}

/// What is wrong with a description of `bytes` bytes by PSP-1 (4,000 at
/// most); `what` names it.
pub(crate) fn description_problem(what: &str, bytes: usize) -> Option<String> {
    (bytes > DESCRIPTION_BYTES).then(|| {
        format!(
            "{what} has {bytes} bytes; PSP-1 allows {DESCRIPTION_BYTES}, and directories cut or refuse a longer one"
        )
    })
}

/// What is wrong with a `podcast:guid` by PSP-1: it is a UUID of version 5
/// (made from the feed's first URL), written in lower case with hyphens.
pub(crate) fn guid_problem(guid: &str) -> Option<String> {
    let guid = guid.trim();
    let problem = match uuid::Uuid::try_parse(guid) {
        Err(_) => "is not a UUID",
        Ok(parsed) if parsed.get_version_num() != 5 => "is a UUID, but not of version 5",
        Ok(parsed) if parsed.hyphenated().to_string() != guid => {
            "is not written as a lower-case UUID with hyphens"
        }
        Ok(_) => return None,
    };
    Some(format!(
        "the `podcast:guid` `{guid}` {problem}; PSP-1 asks for a UUIDv5 of the feed's URL, made once"
    ))
}

/// What is wrong with a JSON chapters file, by Podcasting 2.0's format
/// (version 1.2): an object with a string `version` and a `chapters`
/// array; each chapter an object with a number `startTime` (seconds, in
/// ascending order) and, if present, a string `title`, `img` and `url`, a
/// boolean `toc`, a number `endTime` not before its start, and a
/// `location` object with a string `name` and a `geo:` URI; the file's
/// optional `author`, `title`, `podcastName`, `description` and `fileName`
/// are strings and `waypoints` a boolean. Empty when it is right.
pub(crate) fn chapters_problems(bytes: &[u8]) -> Vec<String> {
    use serde_json::Value;
    let file: Value = match serde_json::from_slice(bytes) {
        Ok(file) => file,
        Err(e) => return vec![format!("not valid JSON: {e}")],
    };
    let Value::Object(file) = file else {
        return vec!["the top level is not a JSON object".to_owned()];
    };
    let mut problems = Vec::new();
    let mut must = |ok: bool, problem: String| {
        if !ok {
            problems.push(problem);
        }
    };
    match file.get("version") {
        None => must(
            false,
            "it has no `version`, which the format requires".to_owned(),
        ),
        Some(version) => must(
            version.is_string(),
            "`version` must be a string such as \"1.2.0\"".to_owned(),
        ),
    }
    for key in ["author", "title", "podcastName", "description", "fileName"] {
        if let Some(value) = file.get(key) {
            must(value.is_string(), format!("`{key}` must be a string"));
        }
    }
    if let Some(value) = file.get("waypoints") {
        must(
            value.is_boolean(),
            "`waypoints` must be `true` or `false`".to_owned(),
        );
    }
    let chapters = match file.get("chapters") {
        None => {
            must(
                false,
                "it has no `chapters`, which the format requires".to_owned(),
            );
            return problems;
        }
        Some(Value::Array(chapters)) => chapters,
        Some(_) => {
            must(false, "`chapters` must be an array".to_owned());
            return problems;
        }
    };
    let mut previous: Option<f64> = None;
    for (n, chapter) in chapters.iter().enumerate() {
        let Value::Object(chapter) = chapter else {
            must(false, format!("chapters[{n}] must be an object"));
            continue;
        };
        let start = chapter.get("startTime").and_then(Value::as_f64);
        match (chapter.get("startTime"), start) {
            (None, _) => must(
                false,
                format!("chapters[{n}] has no `startTime`, which the format requires"),
            ),
            (Some(_), None) => must(
                false,
                format!("chapters[{n}].startTime must be a number of seconds"),
            ),
            (Some(_), Some(start)) => {
                must(start >= 0.0, format!("chapters[{n}].startTime is negative"));
                if let Some(before) = previous {
                    must(
                        start >= before,
                        format!(
                            "chapters[{n}].startTime {start} comes before the chapter above it: chapters are in ascending order"
                        ),
                    );
                }
                previous = Some(start);
            }
        }
        for key in ["title", "img", "url"] {
            if let Some(value) = chapter.get(key) {
                must(
                    value.is_string(),
                    format!("chapters[{n}].{key} must be a string"),
                );
            }
        }
        for key in ["img", "url"] {
            if let Some(Value::String(url)) = chapter.get(key) {
                must(
                    crate::links::is_http_url(url),
                    format!("chapters[{n}].{key} `{url}` is not an http(s) URL"),
                );
            }
        }
        if let Some(value) = chapter.get("toc") {
            must(
                value.is_boolean(),
                format!("chapters[{n}].toc must be `true` or `false`"),
            );
        }
        if let Some(value) = chapter.get("endTime") {
            match (value.as_f64(), start) {
                (None, _) => must(
                    false,
                    format!("chapters[{n}].endTime must be a number of seconds"),
                ),
                (Some(end), Some(start)) => must(
                    end >= start,
                    format!("chapters[{n}].endTime comes before its startTime"),
                ),
                _ => {}
            }
        }
        if let Some(location) = chapter.get("location") {
            let Value::Object(location) = location else {
                must(false, format!("chapters[{n}].location must be an object"));
                continue;
            };
            must(
                location.get("name").is_some_and(Value::is_string),
                format!("chapters[{n}].location needs a string `name`"),
            );
            must(
                location
                    .get("geo")
                    .and_then(Value::as_str)
                    .is_some_and(|geo| geo.starts_with("geo:")),
                format!(
                    "chapters[{n}].location needs `geo`, a geo URI such as \"geo:48.858,2.294\""
                ),
            );
        }
    }
    problems
}

/// A cover's file format, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Jpeg,
    Png,
    /// Another type, by its media type when it is known.
    Other(Option<&'static str>),
}

/// The colours of a cover's pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Colors {
    /// RGB, or YCbCr (which decodes to RGB), or an RGB palette.
    Rgb,
    /// Shades of grey.
    Gray,
    /// CMYK, or YCCK (which decodes to CMYK): for print.
    Cmyk,
    /// Not known from the header.
    Unknown,
}

/// What a cover's header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cover {
    format: Format,
    colors: Colors,
    /// Whether it has an alpha channel or a transparent colour.
    alpha: bool,
    pixels: Option<(u32, u32)>,
}

/// Reads a cover's format, colours, alpha and pixels from its bytes.
fn read_cover(bytes: &[u8]) -> Cover {
    if let Some(cover) = read_png(bytes) {
        return cover;
    }
    if let Some(cover) = read_jpeg(bytes) {
        return cover;
    }
    Cover {
        format: Format::Other(infer::get(bytes).map(|kind| kind.mime_type())),
        colors: Colors::Unknown,
        alpha: false,
        pixels: None,
    }
}

/// A PNG's header (its `IHDR` chunk) and whether a `tRNS` chunk gives it
/// transparency.
fn read_png(bytes: &[u8]) -> Option<Cover> {
    let rest = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let be32 = |b: &[u8]| -> Option<u32> { Some(u32::from_be_bytes(b.get(..4)?.try_into().ok()?)) };
    if rest.get(4..8)? != b"IHDR" {
        return Some(Cover {
            format: Format::Png,
            colors: Colors::Unknown,
            alpha: false,
            pixels: None,
        });
    }
    let width = be32(rest.get(8..)?)?;
    let height = be32(rest.get(12..)?)?;
    let color_type = *rest.get(17)?;
    let (colors, mut alpha) = match color_type {
        0 => (Colors::Gray, false),
        2 | 3 => (Colors::Rgb, false),
        4 => (Colors::Gray, true),
        6 => (Colors::Rgb, true),
        _ => (Colors::Unknown, false),
    };
    // The chunks after the header, up to the image data: a `tRNS` chunk
    // makes a colour (or palette entries) transparent.
    let mut at = 0;
    while let (Some(length), Some(kind)) = (rest.get(at..).and_then(be32), rest.get(at + 4..at + 8))
    {
        match kind {
            b"tRNS" => {
                alpha = true;
                break;
            }
            b"IDAT" | b"IEND" => break,
            _ => at += 12 + length as usize,
        }
    }
    Some(Cover {
        format: Format::Png,
        colors,
        alpha,
        pixels: Some((width, height)),
    })
}

/// A JPEG's frame header (its pixels and how many components each has) and
/// Adobe's marker, which says whether four components are CMYK or YCCK.
fn read_jpeg(bytes: &[u8]) -> Option<Cover> {
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return None;
    }
    let mut rest = &bytes[2..];
    let mut cover = Cover {
        format: Format::Jpeg,
        colors: Colors::Unknown,
        alpha: false,
        pixels: None,
    };
    while rest.len() >= 4 && rest[0] == 0xFF {
        let marker = rest[1];
        if marker == 0xFF {
            rest = &rest[1..];
            continue;
        }
        let length = u16::from_be_bytes([rest[2], rest[3]]) as usize;
        let Some(segment) = rest.get(4..2 + length) else {
            break;
        };
        // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            if segment.len() >= 6 {
                let height = u16::from_be_bytes([segment[1], segment[2]]) as u32;
                let width = u16::from_be_bytes([segment[3], segment[4]]) as u32;
                cover.pixels = Some((width, height));
                cover.colors = match segment[5] {
                    1 => Colors::Gray,
                    3 => Colors::Rgb,
                    4 => Colors::Cmyk,
                    _ => Colors::Unknown,
                };
            }
            break;
        }
        if marker == 0xDA {
            break;
        }
        rest = &rest[2 + length..];
    }
    Some(cover)
}

/// How much of a cover is read for its header: enough for the metadata
/// (EXIF, an ICC profile) a JPEG may carry before its frame.
const COVER_HEADER: u64 = 1 << 20;

/// The pre-flight findings on the cover at `file`, published as `name`:
/// its header (the first MB) and its size. Only a regular file is read, so
/// a pipe or a device never blocks a check.
pub(crate) fn read_cover_findings(file: &Path, name: &str) -> io::Result<Vec<(Rule, String)>> {
    let metadata = std::fs::metadata(file)?;
    if !metadata.is_file() {
        return Err(io::Error::other("it is not a file"));
    }
    let mut header = Vec::new();
    std::fs::File::open(file)?
        .take(COVER_HEADER)
        .read_to_end(&mut header)?;
    Ok(cover_findings(name, &header, metadata.len()))
}

/// The pre-flight findings on a local cover: `header`, its first bytes;
/// `length`, its size; `name`, the file name it is published under.
pub(crate) fn cover_findings(name: &str, header: &[u8], length: u64) -> Vec<(Rule, String)> {
    let mut found = Vec::new();
    let cover = read_cover(header);
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match cover.format {
        Format::Other(mime) => found.push((
            Rule::AppleCoverFormat,
            format!(
                "the cover is {}; Apple asks for a JPEG or PNG",
                mime.unwrap_or("not an image byline knows")
            ),
        )),
        format => {
            let (written, fits) = match format {
                Format::Jpeg => ("a JPEG", ["jpg", "jpeg"].contains(&extension.as_str())),
                _ => ("a PNG", extension == "png"),
            };
            if !fits {
                found.push((
                    Rule::Psp1CoverExtension,
                    format!(
                        "the cover `{name}` is {written}, but its name ends in `.{extension}`; PSP-1 asks that the extension match the file (`.jpg` or `.png`)"
                    ),
                ));
            }
        }
    }
    match cover.colors {
        Colors::Cmyk => found.push((
            Rule::AppleCoverColorSpace,
            "the cover's colours are CMYK, for print; Apple asks for the RGB colour space"
                .to_owned(),
        )),
        Colors::Gray => found.push((
            Rule::AppleCoverColorSpace,
            "the cover is greyscale; Apple asks for the RGB colour space".to_owned(),
        )),
        Colors::Rgb | Colors::Unknown => {}
    }
    if cover.alpha {
        found.push((
            Rule::AppleCoverAlpha,
            "the cover has an alpha channel (transparency); Apple asks for a show cover without one"
                .to_owned(),
        ));
    }
    let (min, max) = COVER_PIXELS;
    if let Some((width, height)) = cover.pixels
        && (width != height || width < min || width > max)
    {
        found.push((
            Rule::AppleCoverSize,
            format!(
                "the cover is {width}×{height} pixels; Apple asks for a square of {min} to {max} pixels a side"
            ),
        ));
    }
    if length > COVER_BYTES {
        found.push((
            Rule::PrxCoverFileSize,
            format!(
                "the cover has {} KB; PRX advises at most {} KB, which NPR One and Spotify take",
                length.div_ceil(1024),
                COVER_BYTES / 1024
            ),
        ));
    }
    found
}

/// Returns true if and only if the channel is a podcast's: it uses
/// Podcasting 2.0's elements or Apple's elements for a show or an episode,
/// or Apple's at all (newsletter platforms write Apple's owner and author
/// into every feed) with an episode whose enclosure is audio or video.
fn is_podcast(channel: Node<'_, '_>) -> bool {
    let ours = |n: &Node<'_, '_>| matches!(n.tag_name().namespace(), Some(ITUNES | PODCAST));
    let show_element = |n: &Node<'_, '_>| {
        ours(n) && !matches!(n.tag_name().name(), "owner" | "name" | "email" | "author")
    };
    let audio_or_video = |n: &Node<'_, '_>| {
        n.has_tag_name("enclosure")
            && n.attribute("type").is_some_and(|kind| {
                let kind = kind.trim().to_ascii_lowercase();
                kind.starts_with("audio/") || kind.starts_with("video/")
            })
    };
    let mut descendants = channel.descendants().filter(Node::is_element);
    descendants.clone().any(|n| show_element(&n))
        || (descendants.clone().any(|n| ours(&n)) && descendants.any(|n| audio_or_video(&n)))
}

/// The pre-flight rules on an RSS feed written elsewhere, at `path` (`rss`
/// is its root), when it is a podcast's. Its cover is read from disk when
/// it is published beside the feed (under the URL of the feed's folder),
/// and said to be unread otherwise.
pub(super) fn check<'input>(c: &mut Checker<'_, 'input>, rss: Node<'_, 'input>, path: &Path) {
    for channel in elements(rss).filter(|n| n.has_tag_name("channel")) {
        if is_podcast(channel) {
            self::channel(c, channel, path);
        }
    }
}

/// The file a cover URL names when it is published beside the feed at
/// `path`, whose own URL is `feed_url`: the cover's URL is under the URL of
/// the feed's folder. `None` otherwise, or when the path climbs out.
fn beside(path: &Path, feed_url: &str, cover_url: &str) -> Option<PathBuf> {
    let folder_url = &feed_url[..=feed_url.rfind('/')?];
    let relative = cover_url.strip_prefix(folder_url)?;
    let relative = relative.split(['?', '#']).next()?;
    if relative.is_empty()
        || relative
            .split('/')
            .any(|part| part.is_empty() || part == "..")
    {
        return None;
    }
    Some(path.parent()?.join(relative))
}

/// The pre-flight rules on a podcast's `channel`, in the feed at `path`.
fn channel<'input>(c: &mut Checker<'_, 'input>, channel: Node<'_, 'input>, path: &Path) {
    let self_link = elements(channel).any(|n| {
        n.tag_name().namespace() == Some(ATOM)
            && n.tag_name().name() == "link"
            && n.attribute("rel") == Some("self")
    });
    let mut lacks: Vec<&str> = Vec::new();
    if !self_link {
        lacks.push("atom:link rel=\"self\"");
    }
    // A channel with Apple's elements is told of a missing `language`,
    // `itunes:category` or `itunes:explicit` by the W3C's
    // `MissingItunesElement`: one problem, one message.
    let itunes = super::media::uses_itunes(channel);
    for (namespace, name, written, apples) in [
        (None, "title", "title", false),
        (None, "description", "description", false),
        (None, "link", "link", false),
        (None, "language", "language", true),
        (Some(ITUNES), "category", "itunes:category", true),
        (Some(ITUNES), "explicit", "itunes:explicit", true),
        (Some(ITUNES), "image", "itunes:image", false),
    ] {
        if apples && itunes {
            continue;
        }
        if !has(channel, namespace, name) {
            lacks.push(written);
        }
    }
    missing(c, channel, &lacks);
    let mut enclosures: HashMap<String, String> = HashMap::new();
    for child in elements(channel) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (None, "description") => description(c, child, "the channel's `description`"),
            (None, "copyright") => {
                if let Some(problem) = copyright_problem(&text(child)) {
                    c.report(child, Rule::Psp1Copyright, problem);
                }
            }
            (Some(ITUNES), "explicit") => explicit(c, child),
            (Some(ITUNES), "image") => cover(c, channel, child, path),
            (Some(PODCAST), "guid") => {
                if let Some(problem) = guid_problem(&text(child)) {
                    c.report(child, Rule::Psp1PodcastGuid, problem);
                }
            }
            (None, "item") => item(c, child, &mut enclosures, itunes),
            _ => {}
        }
    }
}

/// Reports what PSP-1 requires that `node` lacks, in one finding (findings
/// of a rule are counted once per element).
fn missing<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, lacks: &[&str]) {
    if lacks.is_empty() {
        return;
    }
    let names: Vec<String> = lacks.iter().map(|name| format!("`{name}`")).collect();
    c.report(
        node,
        Rule::Psp1MissingElement,
        format!(
            "`{}` has no {}, which PSP-1 requires",
            node.tag_name().name(),
            names.join(", ")
        ),
    );
}

/// A feed's cover (`image`, an `itunes:image`): judged when it is
/// published beside the feed at `path`, else said to be unread.
fn cover<'input>(
    c: &mut Checker<'_, 'input>,
    channel: Node<'_, 'input>,
    image: Node<'_, 'input>,
    path: &Path,
) {
    let href = image.attribute("href").unwrap_or_default().trim();
    let feed_url = elements(channel)
        .find(|n| {
            n.tag_name().namespace() == Some(ATOM)
                && n.tag_name().name() == "link"
                && n.attribute("rel") == Some("self")
        })
        .and_then(|n| n.attribute("href"))
        .unwrap_or_default();
    let file = beside(path, feed_url.trim(), href);
    let read = file.as_deref().map(|file| {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        read_cover_findings(file, &name)
    });
    match read {
        Some(Ok(found)) => {
            for (rule, message) in found {
                c.report(image, rule, message);
            }
        }
        _ => c.report(
            image,
            Rule::RemoteCoverNotRead,
            format!(
                "the cover `{href}` is not read: `byline check` fetches nothing, so its format, colour space, alpha, pixels and size are not judged (it reads a cover published beside the feed, and `byline build` judges its own)"
            ),
        ),
    }
}

/// The pre-flight rules on an episode.
/// `itunes` says the channel uses Apple's elements, so that the W3C's
/// `UnsupportedItunesFormat` judges an enclosure's file type by its URL.
fn item<'input>(
    c: &mut Checker<'_, 'input>,
    item: Node<'_, 'input>,
    enclosures: &mut HashMap<String, String>,
    itunes: bool,
) {
    let lacks: Vec<&str> = ["title", "enclosure", "guid"]
        .into_iter()
        .filter(|name| !has(item, None, name))
        .collect();
    missing(c, item, &lacks);
    for child in elements(item) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (None, "description") => description(c, child, "the episode's `description`"),
            (Some(ITUNES), "explicit") => explicit(c, child),
            (None, "enclosure") => {
                if let Some(url) = child.attribute("url") {
                    let title = elements(item)
                        .find(|n| n.has_tag_name("title"))
                        .map(text)
                        .unwrap_or_default();
                    match enclosures.get(url.trim()) {
                        Some(first) => c.report(
                            child,
                            Rule::AppleDuplicateEnclosure,
                            format!(
                                "the enclosure `{}` is also the earlier episode `{first}`'s; Apple ignores an enclosure URL it has seen",
                                url.trim()
                            ),
                        ),
                        None => {
                            enclosures.insert(url.trim().to_owned(), title);
                        }
                    }
                }
                if let Some(kind) = child.attribute("type")
                    && crate::syntax::is_media_type(kind.split(';').next().unwrap_or("").trim())
                    && !apple_plays(kind)
                    && !(itunes
                        && child
                            .attribute("url")
                            .and_then(super::media::unsupported_itunes_format)
                            .is_some())
                {
                    c.report(
                        child,
                        Rule::AppleEnclosureType,
                        format!(
                            "the enclosure's type is `{kind}`, which Apple Podcasts does not play (MP3, M4A, MP4, MOV, M4V, PDF)"
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

/// A `description`'s length, by PSP-1.
fn description<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, what: &str) {
    if let Some(problem) = description_problem(what, text(node).len()) {
        c.report(node, Rule::Psp1DescriptionTooLong, problem);
    }
}

/// An `itunes:explicit` value, by PSP-1: exactly `true` or `false`. Other
/// values (`yes`, `clean`, ` false ` with white space) are the W3C's
/// `InvalidTrueFalse`; what that lets through (`True`, `FALSE`) is this
/// rule's, so one problem is reported once.
fn explicit<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let value = text(node);
    let lower = value.to_ascii_lowercase();
    if ["true", "false"].contains(&lower.as_str()) && !["true", "false"].contains(&value.as_str()) {
        c.report(
            node,
            Rule::Psp1ExplicitValue,
            format!("`itunes:explicit` is `{value}`; PSP-1 allows exactly `true` or `false`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header of a colour type, with a `tRNS` chunk if asked.
    fn png(side: u32, color_type: u8, transparent: bool) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend(side.to_be_bytes());
        bytes.extend(side.to_be_bytes());
        bytes.extend([8, color_type, 0, 0, 0, 0, 0, 0, 0]);
        if transparent {
            bytes.extend(b"\0\0\0\x02tRNS\0\0\0\0\0\0");
        }
        bytes.extend(b"\0\0\0\0IDAT\0\0\0\0");
        bytes
    }

    /// A JPEG's start, a JFIF marker and a baseline frame header.
    fn jpeg(side: u16, components: u8) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        bytes.extend([0xFF, 0xC0, 0, 8 + 3 * components, 8]);
        bytes.extend(side.to_be_bytes());
        bytes.extend(side.to_be_bytes());
        bytes.push(components);
        for n in 0..components {
            bytes.extend([n + 1, 0x11, 0]);
        }
        bytes.extend([0xFF, 0xD9]);
        bytes
    }

    fn rules(name: &str, bytes: &[u8]) -> Vec<Rule> {
        cover_findings(name, bytes, bytes.len() as u64)
            .into_iter()
            .map(|(r, _)| r)
            .collect()
    }

    #[test]
    fn covers_are_read_from_their_headers() {
        assert_eq!(rules("cover.png", &png(1400, 2, false)), []);
        assert_eq!(rules("cover.jpg", &jpeg(3000, 3)), []);
        assert_eq!(
            rules("cover.jpg", &jpeg(1400, 4)),
            [Rule::AppleCoverColorSpace]
        );
        assert_eq!(
            rules("cover.jpeg", &jpeg(1400, 1)),
            [Rule::AppleCoverColorSpace]
        );
        assert_eq!(
            rules("cover.png", &png(1400, 6, false)),
            [Rule::AppleCoverAlpha]
        );
        assert_eq!(
            rules("cover.png", &png(1400, 3, true)),
            [Rule::AppleCoverAlpha]
        );
        assert_eq!(
            rules("cover.jpg", &png(1400, 2, false)),
            [Rule::Psp1CoverExtension]
        );
        assert_eq!(
            rules("cover.png", &jpeg(1400, 3)),
            [Rule::Psp1CoverExtension]
        );
        assert_eq!(
            rules("cover.png", &png(1000, 2, false)),
            [Rule::AppleCoverSize]
        );
        assert_eq!(
            rules("cover.gif", b"GIF89a\x01\0\x01\0"),
            [Rule::AppleCoverFormat]
        );
        let mut big = png(1400, 2, false);
        big.resize(600 * 1024, 0);
        assert_eq!(rules("cover.png", &big), [Rule::PrxCoverFileSize]);
        // Bytes that are cut short are read as far as they go, never past.
        for cut in 0..jpeg(1400, 3).len() {
            let _ = rules("cover.jpg", &jpeg(1400, 3)[..cut]);
            let _ = rules("cover.png", &png(1400, 2, true)[..cut.min(40)]);
        }
    }

    #[test]
    fn copyright_holds_the_holders_name_only() {
        assert_eq!(copyright_problem("The Byline Gazette"), None);
        for bad in [
            "© 2024 The Gazette",
            "(c) The Gazette",
            "Copyright The Gazette",
            "The Gazette 2024",
        ] {
            assert!(copyright_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn podcast_guids_are_uuid_v5() {
        assert_eq!(
            guid_problem(&crate::media::podcast_guid("https://t.example.org/p.xml")),
            None
        );
        assert!(guid_problem("not-a-uuid").is_some());
        // Version 4.
        assert!(guid_problem("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d").is_some());
        assert!(guid_problem("917393E3-1B1E-5CEF-ACE4-EDAA54E1F810").is_some());
    }

    #[test]
    fn apple_plays_what_its_specification_lists() {
        assert!(apple_plays("audio/mpeg"));
        assert!(apple_plays("audio/x-m4a"));
        assert!(apple_plays("Video/MP4"));
        // MP3 under the other names hosts give it.
        for mp3 in [
            "audio/mp3",
            "audio/x-mp3",
            "audio/mpeg3",
            "audio/x-mpeg",
            "audio/mpg",
        ] {
            assert!(apple_plays(mp3), "{mp3}");
        }
        assert!(!apple_plays("video/mpeg"));
        assert!(!apple_plays("application/octet-stream"));
        assert!(!apple_plays("audio/ogg"));
        assert!(!apple_plays("audio/wav"));
    }

    /// A chapters file of our own with every member of the format, in the
    /// shape of the specification's "more complex example": the file's
    /// metadata, a silent chapter (`toc: false`), an end time, art, a link
    /// and a location.
    const FULL_CHAPTERS: &str = r#"{
      "version": "1.2.0",
      "author": "Harbour Radio",
      "title": "Episode 3 - The ferry timetable",
      "podcastName": "Harbour Talk",
      "description": "Why the winter timetable changed.",
      "fileName": "episode-3.mp3",
      "waypoints": true,
      "chapters": [
        { "startTime": 0, "title": "Welcome" },
        { "startTime": 95.5, "title": "The old timetable", "img": "https://harbour.example.net/img/old.jpg" },
        { "startTime": 120, "toc": false, "img": "https://harbour.example.net/img/map.jpg" },
        {
          "startTime": 310,
          "endTime": 640.25,
          "title": "On the quay",
          "url": "https://harbour.example.net/quay/",
          "location": { "name": "North Quay", "geo": "geo:54.5973,-5.9301", "osm": "W123456" }
        },
        { "startTime": 640.25, "title": "Goodbye" }
      ]
    }"#;

    #[test]
    fn a_chapters_file_with_every_member_of_the_format_passes() {
        assert_eq!(
            chapters_problems(FULL_CHAPTERS.as_bytes()),
            Vec::<String>::new()
        );
        // The specification's basic shape: a version and start times only.
        let basic =
            r#"{"version":"1.2.0","chapters":[{"startTime":0},{"startTime":168,"title":"Two"}]}"#;
        assert_eq!(chapters_problems(basic.as_bytes()), Vec::<String>::new());
    }

    #[test]
    fn what_the_chapters_format_requires_is_checked() {
        let problems = |text: &str| chapters_problems(text.as_bytes()).join("\n");
        assert!(problems("[]").contains("not a JSON object"));
        assert!(problems("{").contains("not valid JSON"));
        assert!(problems(r#"{"chapters":[]}"#).contains("no `version`"));
        assert!(
            problems(r#"{"version":1.2,"chapters":[]}"#).contains("`version` must be a string")
        );
        assert!(problems(r#"{"version":"1.2.0"}"#).contains("no `chapters`"));
        let bad = r#"{"version":"1.2.0","waypoints":"yes","chapters":[
            {"title":"no start"},
            {"startTime":"0:10"},
            {"startTime":30,"toc":"no","endTime":20,"img":"/art.jpg"},
            {"startTime":10,"location":{"name":"Quay","geo":"54.5,-5.9"}},
            7
        ]}"#;
        let found = problems(bad);
        for expected in [
            "`waypoints` must be `true` or `false`",
            "chapters[0] has no `startTime`",
            "chapters[1].startTime must be a number of seconds",
            "chapters[2].toc must be `true` or `false`",
            "chapters[2].endTime comes before its startTime",
            "chapters[2].img `/art.jpg` is not an http(s) URL",
            "chapters[3].startTime 10 comes before the chapter above it",
            "chapters[3].location needs `geo`",
            "chapters[4] must be an object",
        ] {
            assert!(
                found.contains(expected),
                "missing `{expected}` in:\n{found}"
            );
        }
    }

    #[test]
    fn the_chapters_byline_writes_pass_the_format() {
        let list = [
            crate::media::Chapter {
                start: 0,
                end: None,
                title: Some("Intro".into()),
                url: None,
                img: None,
                toc: true,
            },
            crate::media::Chapter {
                start: 90_500,
                end: Some(120_000),
                title: None,
                url: Some("https://t.example.org/".into()),
                img: Some("https://t.example.org/a.png".into()),
                toc: false,
            },
        ];
        let bytes = crate::media::chapters_json(&list);
        assert_eq!(chapters_problems(&bytes), Vec::<String>::new());
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\"startTime\": 90.5"), "{text}");
        assert!(text.contains("\"endTime\": 120,"), "{text}");
        assert!(text.contains("\"toc\": false"), "{text}");
    }

    #[test]
    fn descriptions_are_measured_in_bytes() {
        assert_eq!(description_problem("d", "a".repeat(4000).len()), None);
        // 2,001 two-byte characters are 4,002 bytes.
        assert!(description_problem("d", "é".repeat(2001).len()).is_some());
    }
}
