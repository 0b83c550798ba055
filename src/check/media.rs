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

/// Returns true if and only if the RSS `channel` uses any of Apple's
/// elements: a podcast by the W3C's judgement, held to Apple's
/// requirements ([`itunes_channel`], `UnsupportedItunesFormat`).
pub(super) fn uses_itunes(channel: Node<'_, '_>) -> bool {
    channel
        .descendants()
        .any(|n| n.is_element() && n.tag_name().namespace() == Some(ITUNES))
}

/// The extension of an enclosure `url` when it is not one Apple plays (as
/// the W3C judges it: what follows the last `.`), else `None`.
pub(super) fn unsupported_itunes_format(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    (!ITUNES_FORMATS.contains(&extension)).then_some(extension)
}

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
        http_url(c, node, "url", url);
        if podcast && let Some(extension) = unsupported_itunes_format(url) {
            c.report(
                node,
                Rule::UnsupportedItunesFormat,
                format!("Apple Podcasts does not play `.{extension}` files"),
            );
        }
    }
}

/// An attribute that must hold an http(s) URL (an enclosure's, a podcast's
/// image): `InvalidURLAttribute` otherwise, as the W3C names it.
fn http_url<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, name: &str, value: &str) {
    if super::xml::invalid_uri_char(value).is_some() || !crate::links::is_http_url(value) {
        c.report(
            node,
            Rule::InvalidURLAttribute,
            format!("`{name}` is `{value}`, not an http(s) URL"),
        );
    }
}

/// Checks a `type` attribute that holds a media type.
fn media_type<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, kind: &str) {
    let bare = kind.split(';').next().unwrap_or("").trim();
    if !crate::syntax::is_media_type(bare) {
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
            let contents = elements(node)
                .filter(|n| n.has_tag_name((MEDIA, "content")))
                .count();
            if contents < 2 {
                c.report(
                    node,
                    Rule::MediaGroupWithoutAlternatives,
                    "`media:group` holds alternatives: it needs two `media:content` or more",
                );
            }
            super::xml::once(c, node, Some(MEDIA), ONCE_IN_CONTENT);
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
            for attribute in ["bitrate", "duration", "framerate", "samplingrate"] {
                if let Some(value) = node.attribute(attribute)
                    && !is_decimal(value)
                {
                    c.report(
                        node,
                        Rule::InvalidFloat,
                        format!("`{attribute}` is `{value}`, not a number"),
                    );
                }
            }
            if let Some(channels) = node.attribute("channels")
                && channels.trim().parse::<u64>().is_err()
            {
                c.report(
                    node,
                    Rule::InvalidNonNegativeInteger,
                    format!("`channels` is `{channels}`, not a count"),
                );
            }
            if let Some(default) = node.attribute("isDefault")
                && !["true", "false"].contains(&default)
            {
                c.report(
                    node,
                    Rule::InvalidTrueFalse,
                    format!("`isDefault` is `{default}`, not `true` or `false`"),
                );
            }
            if let Some(expression) = node.attribute("expression")
                && !["sample", "full", "nonstop"].contains(&expression)
            {
                c.report(
                    node,
                    Rule::InvalidMediaExpression,
                    format!("`expression` is `{expression}`, not sample, full or nonstop"),
                );
            }
            language_attribute(c, node);
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
            npt_attribute(c, node, "time");
        }
        "title" | "description" | "text" => {
            if let Some(kind) = node.attribute("type")
                && !["plain", "html"].contains(&kind)
            {
                c.report(
                    node,
                    Rule::InvalidMediaTextType,
                    format!("`type` is `{kind}`; Media RSS text is `plain` or `html`"),
                );
            }
            if name == "text" {
                npt_attribute(c, node, "start");
                npt_attribute(c, node, "end");
                language_attribute(c, node);
            }
        }
        "player" => {
            match node.attribute("url") {
                Some(url) => c.full_link(node, url),
                None => c.report(node, Rule::MissingAttribute, "`media:player` has no `url`"),
            }
            for attribute in ["width", "height"] {
                positive_attribute(c, node, attribute);
            }
        }
        "hash" => {
            let algo = node.attribute("algo").unwrap_or("md5");
            let value = text(node);
            let value = value.trim();
            let length = match algo {
                "md5" => Some(32),
                "sha-1" => Some(40),
                _ => None,
            };
            if length
                .is_none_or(|l| value.len() != l || !value.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                c.report(
                    node,
                    Rule::InvalidMediaHash,
                    format!(
                        "`{value}` is not an `{algo}` hash (md5: 32 hexadecimal digits, sha-1: 40)"
                    ),
                );
            }
        }
        "rating" => rating(c, node),
        "restriction" => restriction(c, node),
        "category" => scheme(c, node),
        "credit" => {
            let scheme_value = node.attribute("scheme").unwrap_or("urn:ebu");
            if let Some(role) = node.attribute("role")
                && role != role.to_lowercase()
            {
                c.report(
                    node,
                    Rule::InvalidCreditRole,
                    format!("the role `{role}` must be written in lower case"),
                );
            } else if let Some(role) = node.attribute("role")
                && scheme_value == "urn:ebu"
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
            if scheme_value != "urn:ebu" {
                scheme(c, node);
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

/// A `scheme` attribute, when present, is an absolute URI.
fn scheme<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if let Some(scheme) = node.attribute("scheme") {
        c.full_link(node, scheme);
    }
}

/// Returns true if and only if `value` is a decimal number (`44.1`).
fn is_decimal(value: &str) -> bool {
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, "0"));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A time in Normal Play Time: `now`, seconds, or `H:MM:SS`, each with an
/// optional fraction.
fn npt_attribute<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, name: &str) {
    let Some(value) = node.attribute(name) else {
        return;
    };
    let parts: Vec<&str> = value.split(':').collect();
    let valid = value == "now"
        || match parts.as_slice() {
            [seconds] => is_decimal(seconds),
            [hours, minutes, seconds] => {
                !hours.is_empty()
                    && hours.bytes().all(|b| b.is_ascii_digit())
                    && minutes.len() == 2
                    && minutes.bytes().all(|b| b.is_ascii_digit())
                    && seconds.split('.').next().is_some_and(|s| s.len() == 2)
                    && is_decimal(seconds)
            }
            _ => false,
        };
    if !valid {
        c.report(
            node,
            Rule::InvalidNPTTime,
            format!("`{name}` is `{value}`, not a time such as `12.5` or `0:01:02.5`"),
        );
    }
}

/// A `lang` attribute is a language code.
fn language_attribute<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if let Some(language) = node.attribute("lang") {
        c.language_attribute(node, "lang", language);
    }
}

/// `media:rating`: a value of its scheme's list (simple, MPAA, V-chip), or
/// for another scheme, a scheme URI.
fn rating<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let value = text(node);
    let value = value.trim();
    let scheme_value = node.attribute("scheme").unwrap_or("urn:simple");
    let allowed: Option<&[&str]> = match scheme_value {
        "urn:simple" => Some(&["adult", "nonadult"]),
        "urn:mpaa" => Some(&["g", "m", "nc-17", "pg", "pg-13", "r", "x"]),
        "urn:v-chip" => Some(&[
            "14+", "18+", "c", "c8", "g", "pg", "tv-14", "tv-g", "tv-ma", "tv-pg", "tv-y", "tv-y7",
            "tv-y7-fv",
        ]),
        "urn:icra" => None,
        _ => {
            scheme(c, node);
            return;
        }
    };
    let valid = match allowed {
        Some(values) => values.contains(&value),
        // ICRA labels: `r (` codes `)`.
        None => value.starts_with("r (") && value.ends_with(')'),
    };
    if !valid {
        c.report(
            node,
            Rule::InvalidMediaRating,
            format!("`{value}` is not a rating of the scheme `{scheme_value}`"),
        );
    }
}

/// `media:restriction`: a relationship, and a list of its type.
fn restriction<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    match node.attribute("relationship") {
        None => c.report(
            node,
            Rule::MissingAttribute,
            "`media:restriction` has no `relationship`",
        ),
        Some("allow" | "deny") => {}
        Some(other) => c.report(
            node,
            Rule::InvalidMediaRestrictionRel,
            format!("`relationship` is `{other}`, not `allow` or `deny`"),
        ),
    }
    let value = text(node);
    let value = value.trim();
    match node.attribute("type") {
        None if !value.is_empty() && !["all", "none"].contains(&value) => c.report(
            node,
            Rule::InvalidMediaRestriction,
            format!("`{value}` is not `all` or `none`"),
        ),
        None | Some("country") => {}
        Some("uri") => c.full_link(node, value),
        Some(other) => c.report(
            node,
            Rule::InvalidMediaRestrictionType,
            format!("`type` is `{other}`, not `country` or `uri`"),
        ),
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
        let name = child.tag_name().name();
        if ["duration", "episode", "season", "episodeType"].contains(&name) {
            c.report(
                child,
                Rule::UndefinedElement,
                format!("`itunes:{name}` belongs to an episode (`item`), not the `channel`"),
            );
        } else {
            itunes(c, child);
        }
    }
}

/// Checks one iTunes element, in a channel or an item.
pub(super) fn itunes<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    let name = node.tag_name().name();
    let raw = text(node);
    let value = raw.trim();
    let limit = match name {
        "author" | "subtitle" | "keywords" => Some(255),
        "summary" => Some(4000),
        _ => None,
    };
    if let Some(limit) = limit
        && raw.chars().count() > limit
    {
        c.report(
            node,
            Rule::TooLong,
            format!("`itunes:{name}` is longer than Apple's {limit} characters"),
        );
    }
    match name {
        // Apple reads the value as it is: white space around it is wrong.
        "explicit" if !["true", "false"].contains(&raw.to_ascii_lowercase().as_str()) => {
            c.report(
                node,
                Rule::InvalidTrueFalse,
                format!("`itunes:explicit` is `{raw}`; Apple reads `true` or `false`"),
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
        "image" => {
            match node.attribute("href") {
                Some(href) => http_url(c, node, "href", href),
                None => c.report(node, Rule::MissingAttribute, "`itunes:image` has no `href`"),
            }
            only_attributes(c, node, &["href"]);
            no_text(c, node);
        }
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

/// Reports each attribute in no namespace of `node` (an iTunes element that
/// holds no text) that is not one of `allowed`, as the W3C does.
fn only_attributes<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, allowed: &[&str]) {
    for attribute in node.attributes().filter(|a| a.namespace().is_none()) {
        if !allowed.contains(&attribute.name()) {
            c.report(
                node,
                Rule::UnexpectedAttribute,
                format!(
                    "`itunes:{}` has no attribute `{}`",
                    node.tag_name().name(),
                    attribute.name()
                ),
            );
        }
    }
}

/// Text inside an iTunes element that holds none (`UnexpectedText`).
fn no_text<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>) {
    if node
        .children()
        .any(|n| n.is_text() && !n.text().unwrap_or("").trim().is_empty())
    {
        c.report(
            node,
            Rule::UnexpectedText,
            format!(
                "`itunes:{}` holds text outside its elements",
                node.tag_name().name()
            ),
        );
    }
}

/// An `itunes:category`: one of Apple's, with one of its subcategories.
fn category<'input>(c: &mut Checker<'_, 'input>, node: Node<'_, 'input>, parent: Option<&str>) {
    // After the value, as the W3C lists them.
    let rest = |c: &mut Checker<'_, 'input>| {
        only_attributes(c, node, &["text"]);
        no_text(c, node);
    };
    let Some(name) = node.attribute("text") else {
        c.report(
            node,
            Rule::MissingAttribute,
            "`itunes:category` has no `text`",
        );
        rest(c);
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
    rest(c);
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

/// Subcategories from Apple's earlier lists, under a category of today or
/// one of those lists' own.
fn is_obsolete_subcategory(parent: &str, name: &str) -> bool {
    let old: &[&str] = match parent {
        "Arts" => &["Literature"],
        "Arts & Entertainment" => &[
            "Architecture",
            "Design",
            "Entertainment",
            "Games",
            "Performing Arts",
            "Photography",
            "Poetry",
            "Science Fiction",
        ],
        "Games & Hobbies" => &[
            "Automotive",
            "Aviation",
            "Hobbies",
            "Other Games",
            "Video Games",
        ],
        "Government & Organizations" => &["Local", "National", "Non-Profit", "Regional"],
        "Health" => &[
            "Alternative Health",
            "Diet & Nutrition",
            "Fitness",
            "Fitness & Nutrition",
            "Relationships",
            "Self-Help",
            "Sexuality",
        ],
        "International" => &[
            "Australian",
            "Belgian",
            "Brazilian",
            "Canadian",
            "Chinese",
            "Dutch",
            "French",
            "German",
            "Hebrew",
            "Italian",
            "Japanese",
            "Norwegian",
            "Polish",
            "Portuguese",
            "Spanish",
            "Swedish",
        ],
        "Science & Medicine" => &["Medicine", "Natural Sciences", "Social Sciences"],
        "Sports & Recreation" => &[
            "Amateur",
            "College & High School",
            "Outdoor",
            "Professional",
        ],
        "Transportation" => &["Automotive", "Aviation", "Bicycles", "Commuting"],
        "Business" => &["Finance", "Management & Marketing", "News", "Shopping"],
        "Education" => &[
            "Education Technology",
            "Higher Education",
            "K-12",
            "Language Courses",
            "Training",
        ],
        "Religion & Spirituality" => &["New Age", "Other", "Philosophy"],
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
