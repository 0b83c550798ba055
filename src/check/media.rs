//! The rules for media in feeds: RSS enclosures, Media RSS and Apple's
//! iTunes podcast elements, under the names the W3C validator gives them.

use super::xml::{Checker, elements, has, text};
use crate::rule::Rule;
use roxmltree::Node;

/// Apple's podcast namespace.
pub(super) const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
/// The Media RSS namespace.
pub(super) const MEDIA: &str = "http://search.yahoo.com/mrss/";

/// The elements of Media RSS the W3C validator knows (`media:license`, in
/// Media RSS 1.5.1, is not among them).
pub(super) const MEDIA_ELEMENTS: &[&str] = &[
    "group",
    "content",
    "adult",
    "rating",
    "title",
    "description",
    "keywords",
    "thumbnail",
    "category",
    "hash",
    "player",
    "credit",
    "copyright",
    "text",
    "restriction",
];

/// Media RSS elements that an item, a group or a content may hold once.
pub(super) const ONCE_IN_CONTENT: &[&str] =
    &["title", "description", "copyright", "player", "rating"];

/// The file types Apple Podcasts plays, by extension.
const ITUNES_FORMATS: &[&str] = &["m4a", "mp3", "mov", "mp4", "m4v", "pdf", "epub"];

/// Checks an RSS `enclosure`: its three attributes, each of its form.
/// `podcast` says the feed uses Apple's elements, which play only some
/// file types.
pub(super) fn enclosure<'input>(
    c: &mut Checker<'_, 'input>,
    node: Node<'_, 'input>,
    podcast: bool,
) {
    for name in ["url", "length", "type"] {
        if node.attribute(name).is_none() {
            c.report(
                node,
                Rule::MissingAttribute,
                format!("`enclosure` has no `{name}`"),
            );
        }
    }
    if let Some(length) = node.attribute("length") {
        match length.trim().parse::<i64>() {
            Ok(-1) => c.report(
                node,
                Rule::UseZeroForUnknown,
                "`length` is -1; write 0 when the size is not known",
            ),
            Ok(n) if n < 0 => c.report(
                node,
                Rule::InvalidNonNegativeInteger,
                format!("`length` is {n}, not a size in bytes"),
            ),
            Ok(_) => {}
            Err(_) => c.report(
                node,
                Rule::InvalidIntegerAttribute,
                format!("`length` is `{length}`, not a whole number of bytes"),
            ),
        }
    }
    if let Some(kind) = node.attribute("type") {
        media_type(c, node, kind);
    }
    if let Some(url) = node.attribute("url") {
        c.full_link(node, url);
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
        if podcast && !ITUNES_FORMATS.contains(&extension) {
            c.report(
                node,
                Rule::UnsupportedItunesFormat,
                format!("Apple Podcasts does not play `.{extension}` files"),
            );
        }
    }
}

/// Checks a `type` attribute that holds a media type.
fn media_type<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, kind: &str) {
    let bare = kind.split(';').next().unwrap_or("").trim();
    if !crate::media::is_media_type(bare) {
        c.report(
            node,
            Rule::InvalidMIMEAttribute,
            format!("`type` is `{kind}`, not a media type such as `audio/mpeg`"),
        );
    }
}

/// Checks an element of the Media RSS namespace, in RSS or Atom.
pub(super) fn media_rss<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let name = node.tag_name().name();
    if !MEDIA_ELEMENTS.contains(&name) {
        c.report(
            node,
            Rule::UndefinedElement,
            format!("`media:{name}` is not an element of Media RSS that validators know"),
        );
        return;
    }
    match name {
        "group" => {
            for child in elements(node) {
                if child.tag_name().namespace() == Some(MEDIA) {
                    media_rss(c, child);
                }
            }
        }
        "content" => {
            super::xml::once(c, node, Some(MEDIA), ONCE_IN_CONTENT);
            if let Some(medium) = node.attribute("medium")
                && !["image", "audio", "video", "document", "executable"].contains(&medium)
            {
                c.report(
                    node,
                    Rule::InvalidMediaMedium,
                    format!(
                        "`medium` is `{medium}`, not image, audio, video, document or executable"
                    ),
                );
            }
            for attribute in ["width", "height", "fileSize"] {
                positive_attribute(c, node, attribute);
            }
            if let Some(kind) = node.attribute("type") {
                media_type(c, node, kind);
            }
            if let Some(url) = node.attribute("url") {
                c.full_link(node, url);
            }
            for child in elements(node) {
                if child.tag_name().namespace() == Some(MEDIA) {
                    media_rss(c, child);
                }
            }
        }
        "thumbnail" => {
            match node.attribute("url") {
                Some(url) => c.full_link(node, url),
                None => c.report(
                    node,
                    Rule::MissingAttribute,
                    "`media:thumbnail` has no `url`",
                ),
            }
            for attribute in ["width", "height"] {
                positive_attribute(c, node, attribute);
            }
        }
        "credit" => {
            let scheme = node.attribute("scheme").unwrap_or("urn:ebu");
            if let Some(role) = node.attribute("role")
                && role != role.to_lowercase()
            {
                c.report(
                    node,
                    Rule::InvalidCreditRole,
                    format!("the role `{role}` must be written in lower case"),
                );
            } else if let Some(role) = node.attribute("role")
                && scheme == "urn:ebu"
                && !EBU_ROLES.contains(&role)
            {
                c.report(
                    node,
                    Rule::InvalidCreditRole,
                    format!(
                        "`{role}` is not a role of the EBU scheme (`photographer`, `author`, …)"
                    ),
                );
            }
        }
        "copyright" => {
            if let Some(url) = node.attribute("url") {
                c.full_link(node, url);
            }
        }
        _ => {}
    }
}

fn positive_attribute<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, name: &str) {
    if let Some(value) = node.attribute(name)
        && !value.trim().parse::<u64>().is_ok_and(|n| n > 0)
    {
        c.report(
            node,
            Rule::InvalidPositiveInteger,
            format!("`{name}` is `{value}`, not a whole number above 0"),
        );
    }
}

/// Checks the iTunes elements of an RSS channel, and what Apple requires
/// of a channel that uses any.
pub(super) fn itunes_channel<'input>(c: &mut Checker<'_, 'input>, channel: Node<'_, 'input>) {
    let language = has(channel, None, "language");
    if !language {
        c.report(
            channel,
            Rule::MissingItunesElement,
            "a podcast's `channel` needs `language`",
        );
    }
    for (name, rule, message) in [
        (
            "category",
            Rule::MissingItunesElement,
            "a podcast's `channel` needs `itunes:category`",
        ),
        (
            "explicit",
            Rule::MissingItunesElement,
            "a podcast's `channel` needs `itunes:explicit`",
        ),
        (
            "owner",
            Rule::MissingItunesEmail,
            "a podcast's `channel` needs `itunes:owner` with `itunes:email`",
        ),
    ] {
        if !has(channel, Some(ITUNES), name) {
            c.report(channel, rule, message);
        }
    }
    for child in elements(channel).filter(|n| n.tag_name().namespace() == Some(ITUNES)) {
        itunes(c, child);
    }
}

/// Checks one iTunes element, in a channel or an item.
pub(super) fn itunes<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let name = node.tag_name().name();
    let value = text(node);
    let value = value.trim();
    match name {
        "explicit" if !["true", "false"].contains(&value.to_ascii_lowercase().as_str()) => {
            c.report(
                node,
                Rule::InvalidTrueFalse,
                format!("`itunes:explicit` is `{value}`; Apple reads `true` or `false`"),
            );
        }
        "block" if !["yes", "no", "clean"].contains(&value.to_ascii_lowercase().as_str()) => {
            c.report(
                node,
                Rule::InvalidYesNoClean,
                format!("`itunes:block` is `{value}`, not `yes` or `no`"),
            );
        }
        "duration" if !is_duration(value) => c.report(
            node,
            Rule::InvalidDuration,
            format!("`itunes:duration` is `{value}`, not seconds, `MM:SS` or `H:MM:SS`"),
        ),
        "episode" | "season" if !value.parse::<u64>().is_ok_and(|n| n > 0) => c.report(
            node,
            Rule::InvalidPositiveInteger,
            format!("`itunes:{name}` is `{value}`, not a whole number above 0"),
        ),
        "episodeType" if !["full", "trailer", "bonus"].contains(&value) => c.report(
            node,
            Rule::InvalidItunesEpisodeType,
            format!("`itunes:episodeType` is `{value}`, not `full`, `trailer` or `bonus`"),
        ),
        "type" if !["episodic", "serial"].contains(&value) => c.report(
            node,
            Rule::InvalidItunesChannelType,
            format!("`itunes:type` is `{value}`, not `episodic` or `serial`"),
        ),
        "image" => match node.attribute("href") {
            Some(href) => c.full_link(node, href),
            None => c.report(node, Rule::MissingAttribute, "`itunes:image` has no `href`"),
        },
        "owner" => match elements(node).find(|n| n.has_tag_name((ITUNES, "email"))) {
            None => c.report(
                node,
                Rule::MissingElement,
                "`itunes:owner` has no `itunes:email`",
            ),
            Some(email) if !super::xml::is_address(text(email).trim()) => c.report(
                email,
                Rule::InvalidContact,
                format!("`{}` is not an e-mail address", text(email).trim()),
            ),
            Some(_) => {}
        },
        "category" => category(c, node, None),
        _ => {}
    }
}

/// An `itunes:category`: one of Apple's, with one of its subcategories.
fn category<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, parent: Option<&str>) {
    let Some(name) = node.attribute("text") else {
        c.report(
            node,
            Rule::MissingAttribute,
            "`itunes:category` has no `text`",
        );
        return;
    };
    let known = match parent {
        None => crate::media::subcategories(name).is_some(),
        Some(parent) => {
            crate::media::subcategories(parent).is_some_and(|subs| subs.contains(&name))
        }
    };
    if !known {
        let obsolete = match parent {
            None => is_obsolete_category(name),
            Some(parent) => is_obsolete_subcategory(parent, name),
        };
        let (rule, message) = if obsolete {
            (
                Rule::ObsoleteItunesCategory,
                format!("`{name}` is a category Apple no longer uses"),
            )
        } else {
            let within = parent.map_or(String::new(), |p| format!(" of `{p}`"));
            (
                Rule::InvalidItunesCategory,
                format!("`{name}` is not one of Apple's podcast categories{within}"),
            )
        };
        c.report(node, rule, message);
    }
    if parent.is_none() {
        for child in elements(node) {
            if child.tag_name().namespace() == Some(ITUNES) && child.tag_name().name() == "category"
            {
                category(c, child, Some(name));
            }
        }
    }
}

/// Categories from Apple's list before 2019.
fn is_obsolete_category(name: &str) -> bool {
    [
        "Arts & Entertainment",
        "Audio Blogs",
        "Games & Hobbies",
        "Government & Organizations",
        "Health",
        "International",
        "Movies & Television",
        "News & Politics",
        "Science & Medicine",
        "Sports & Recreation",
        "Talk Radio",
        "Transportation",
        "Travel",
        "Literature",
        "Food",
        "Family",
        "Public Radio",
    ]
    .contains(&name)
}

/// Subcategories from Apple's list before 2019, under a category of today.
fn is_obsolete_subcategory(parent: &str, name: &str) -> bool {
    let old: &[&str] = match parent {
        "Arts" => &["Literature"],
        "Business" => &["Finance", "Management & Marketing", "News", "Shopping"],
        "Education" => &[
            "Education Technology",
            "Higher Education",
            "K-12",
            "Language Courses",
            "Training",
        ],
        "Religion & Spirituality" => &["New Age", "Other"],
        "Society & Culture" => &["History"],
        "Technology" => &[
            "Computers",
            "Developers",
            "Gadgets",
            "Information Technology",
            "News",
            "Operating Systems",
            "Podcasting",
            "Smart Phones",
            "Software How-To",
            "Tech News",
            "Text/Speech",
        ],
        _ => &[],
    };
    old.contains(&name)
}

/// Returns true if and only if `value` is a duration Apple reads: seconds,
/// `MM:SS` or `H:MM:SS`, the later parts under 60.
fn is_duration(value: &str) -> bool {
    let mut parts = value.split(':');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest.len() <= 2
        && rest.iter().all(|part| {
            part.len() == 2
                && part.bytes().all(|b| b.is_ascii_digit())
                && part.as_bytes()[0] <= b'5'
        })
}

/// The roles of the EBU scheme that `media:credit` uses by default.
const EBU_ROLES: &[&str] = &[
    "actor",
    "adaptor",
    "anchor person",
    "animal trainer",
    "animator",
    "announcer",
    "armourer",
    "art director",
    "artist/performer",
    "assistant camera",
    "assistant chief lighting technician",
    "assistant director",
    "assistant producer",
    "assistant visual editor",
    "author",
    "broadcast assistant",
    "broadcast journalist",
    "camera operator",
    "carpenter",
    "casting",
    "causeur",
    "chief lighting technician",
    "choir",
    "choreographer",
    "clapper loader",
    "commentary or commentator",
    "commissioning broadcaster",
    "composer",
    "computer programmer",
    "conductor",
    "consultant",
    "continuity checker",
    "correspondent",
    "costume designer",
    "dancer",
    "dialogue coach",
    "director",
    "director of photography",
    "distribution company",
    "draughtsman",
    "dresser",
    "dubber",
    "editor/producer",
    "editor",
    "ensemble",
    "executive producer",
    "expert",
    "fight director",
    "floor manager",
    "focus puller",
    "foley artist",
    "foley editor",
    "foley mixer",
    "graphic assistant",
    "graphic designer",
    "greensman",
    "grip",
    "hairdresser",
    "illustrator",
    "interviewed guest",
    "interviewer",
    "key character",
    "key grip",
    "key talents",
    "leadman",
    "librettist",
    "lighting director",
    "lighting technician",
    "location manager",
    "lyricist",
    "make up artist",
    "manufacturer",
    "matte artist",
    "music arranger",
    "music group",
    "musician",
    "news reader",
    "orchestra",
    "participant",
    "photographer",
    "post",
    "producer",
    "production assistant",
    "production company",
    "production department",
    "production manager",
    "production secretary",
    "programme production researcher",
    "property manager",
    "publishing company",
    "puppeteer",
    "pyrotechnician",
    "reporter",
    "rigger",
    "runner",
    "scenario",
    "scenic operative",
    "script supervisor",
    "second assistant camera",
    "second assistant director",
    "second unit director",
    "set designer",
    "set dresser",
    "sign language",
    "singer",
    "sound designer",
    "sound mixer",
    "sound recordist",
    "special effects",
    "stunts",
    "subtitles",
    "technical director",
    "term",
    "translation",
    "transportation manager",
    "treatment/programme proposal",
    "vision mixer",
    "visual editor",
    "visual effects",
    "wardrobe",
    "witness",
    "artist",
    "performer",
    "treatment",
    "treatment proposal",
    "programme proposal",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_apple_reads_them() {
        for good in ["3", "65", "01:05", "1:00:01", "100:59:59"] {
            assert!(is_duration(good), "{good}");
        }
        for bad in ["", "1:60", "1:5", "a", "1:00:00:00", "-1", "1.5"] {
            assert!(!is_duration(bad), "{bad}");
        }
    }
}
