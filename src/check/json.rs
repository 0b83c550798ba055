//! The rules for JSON Feed 1.1 (and 1.0), at parity with the JSON Feed 1.1
//! checker that the developers' `w3c-validate` runs beside the W3C
//! validator (issue 26): the same errors and warnings, under the same
//! `JsonFeed…` names, so the two outputs can be compared line by line.
//!
//! Required members and their types, URLs (a relative one is a warning, as
//! there), RFC 3339 dates, unique item ids, the members the spec says to
//! treat as required (`home_page_url`, `feed_url`, an item's `url`),
//! deprecated and unknown members. byline adds one rule of its own,
//! `ImplausibleDate`, as for RSS and Atom.
//!
//! serde_json's `Value` keeps no positions, so a finding names the member
//! (`items[2].url`) and gets the line where that member's name first
//! appears after its item starts: a best effort, as the checker's is.

use super::xml::finding;
use crate::dates::{self, Implausible};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// The version URLs of JSON Feed: 1.1, then 1.0.
const VERSIONS: [&str; 2] = [
    "https://jsonfeed.org/version/1.1",
    "https://jsonfeed.org/version/1",
];

/// The members JSON Feed 1.1 defines at the top level.
const TOP_KEYS: &[&str] = &[
    "version",
    "title",
    "home_page_url",
    "feed_url",
    "description",
    "user_comment",
    "next_url",
    "icon",
    "favicon",
    "author",
    "authors",
    "language",
    "expired",
    "hubs",
    "items",
];

/// The members of an item.
const ITEM_KEYS: &[&str] = &[
    "id",
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "image",
    "banner_image",
    "date_published",
    "date_modified",
    "author",
    "authors",
    "tags",
    "language",
    "attachments",
];

/// The members of an author.
const AUTHOR_KEYS: &[&str] = &["name", "url", "avatar"];

/// Returns true if and only if the bytes look like JSON: `{` or `[` first,
/// after a UTF-8 byte order mark and white space.
pub(super) fn looks_like_json(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b"\xef\xbb\xbf \t\r\n".contains(b))
        .map_or(&[][..], |at| &bytes[at..]);
    matches!(start.first(), Some(b'{' | b'['))
}

/// Checks a JSON Feed's bytes; `now` judges future dates.
pub(super) fn check(path: &Path, bytes: &[u8], now: i64) -> Vec<Diagnostic> {
    let mut c = Checker {
        path,
        text: "",
        now,
        found: Vec::new(),
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        c.report(Rule::JsonFeedNotUtf8, "a JSON Feed must be UTF-8", None);
        return c.found;
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            c.report(
                Rule::JsonFeedBom,
                "the file starts with a UTF-8 byte order mark",
                None,
            );
            rest
        }
        None => text,
    };
    c.text = text;
    let feed: Value = match serde_json::from_str(text) {
        Ok(feed) => feed,
        Err(e) => {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            c.report(
                Rule::JsonFeedInvalidJson,
                format!("not valid JSON: {message}"),
                Some(e.line()),
            );
            return c.found;
        }
    };
    let Some(feed) = feed.as_object() else {
        c.report(
            Rule::JsonFeedNotObject,
            "the top level is not a JSON object",
            None,
        );
        return c.found;
    };
    c.feed(feed);
    c.found
}

/// Findings about one JSON Feed.
struct Checker<'a> {
    path: &'a Path,
    /// The whole file, for best-effort line numbers.
    text: &'a str,
    now: i64,
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, rule: Rule, message: impl Into<String>, line: Option<usize>) {
        self.found.push(finding(self.path, line, rule, message));
    }

    /// The line where `"key"` first appears at or after byte `after`.
    fn line_of(&self, key: &str, after: usize) -> Option<usize> {
        let needle = format!("\"{key}\"");
        let at = after + self.text.get(after..)?.find(&needle)?;
        Some(self.text[..at].matches('\n').count() + 1)
    }

    fn feed(&mut self, feed: &Map<String, Value>) {
        let version = feed.get("version");
        match version {
            None => self.report(
                Rule::JsonFeedMissingVersion,
                "the feed has no `version`",
                None,
            ),
            Some(Value::String(v)) if v == VERSIONS[1] => self.report(
                Rule::JsonFeedVersion10,
                "the feed declares JSON Feed 1.0, not 1.1",
                self.line_of("version", 0),
            ),
            Some(Value::String(v)) if v == VERSIONS[0] => {}
            Some(v) => self.report(
                Rule::JsonFeedUnknownVersion,
                format!("`version` is `{}`, not `{}`", shown(v), VERSIONS[0]),
                self.line_of("version", 0),
            ),
        }
        let is_11 = version.and_then(Value::as_str) == Some(VERSIONS[0]);
        match feed.get("title") {
            None => self.report(Rule::JsonFeedMissingTitle, "the feed has no `title`", None),
            Some(Value::String(title)) if !title.trim().is_empty() => {}
            Some(_) => self.report(
                Rule::JsonFeedInvalidTitle,
                "`title` must be a string that is not blank",
                self.line_of("title", 0),
            ),
        }
        for (key, rule) in [
            ("home_page_url", Rule::JsonFeedMissingHomePageUrl),
            ("feed_url", Rule::JsonFeedMissingFeedUrl),
        ] {
            if !feed.contains_key(key) {
                self.report(
                    rule,
                    format!(
                        "the feed has no `{key}`, which the spec says to treat as required on the public web"
                    ),
                    None,
                );
            }
        }
        for key in ["home_page_url", "feed_url", "next_url", "icon", "favicon"] {
            self.url(feed, key, "feed", 0);
        }
        if let Some(next) = feed.get("next_url")
            && Some(next) == feed.get("feed_url").or(Some(&Value::Null))
        {
            self.report(
                Rule::JsonFeedNextUrlIsFeedUrl,
                "`next_url` is the feed's own `feed_url`",
                self.line_of("next_url", 0),
            );
        }
        for key in ["description", "user_comment"] {
            self.string(feed, key, "feed", 0);
        }
        if let Some(language) = feed.get("language")
            && !language.as_str().is_some_and(is_language_tag)
        {
            self.report(
                Rule::JsonFeedInvalidLanguage,
                format!(
                    "feed.language `{}` is not a language tag (RFC 5646: `en`, `pt-BR`)",
                    shown(language)
                ),
                self.line_of("language", 0),
            );
        }
        if feed.get("expired").is_some_and(|v| !v.is_boolean()) {
            self.report(
                Rule::JsonFeedInvalidType,
                "feed.expired must be `true` or `false`",
                self.line_of("expired", 0),
            );
        }
        match feed.get("hubs") {
            None => {}
            Some(Value::Array(hubs)) => {
                for (n, hub) in hubs.iter().enumerate() {
                    let ok = hub.as_object().is_some_and(|hub| {
                        hub.get("type").is_some_and(Value::is_string)
                            && hub.get("url").is_some_and(is_url)
                    });
                    if !ok {
                        self.report(
                            Rule::JsonFeedInvalidHub,
                            format!("feed.hubs[{n}] needs a string `type` and `url`"),
                            None,
                        );
                    }
                }
            }
            Some(_) => self.report(
                Rule::JsonFeedInvalidType,
                "feed.hubs must be an array",
                self.line_of("hubs", 0),
            ),
        }
        self.authors(feed, "feed", is_11, 0);
        self.unknown(feed, TOP_KEYS, "feed", 0);

        let items = match feed.get("items") {
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.report(
                    Rule::JsonFeedInvalidType,
                    "`items` must be an array",
                    self.line_of("items", 0),
                );
                return;
            }
            None => {
                self.report(Rule::JsonFeedMissingItems, "the feed has no `items`", None);
                return;
            }
        };
        if items.is_empty() {
            self.report(
                Rule::JsonFeedNoItems,
                "`items` is empty",
                self.line_of("items", 0),
            );
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let starts = value_starts(self.text, self.text.find("\"items\"").unwrap_or(0));
        for (n, item) in items.iter().enumerate() {
            let Some(item) = item.as_object() else {
                self.report(
                    Rule::JsonFeedInvalidType,
                    format!("items[{n}] must be an object"),
                    None,
                );
                continue;
            };
            // Where this item starts, and the line of its first member.
            let start = starts.get(n).copied().unwrap_or(0);
            let line = self
                .text
                .get(start..)
                .and_then(|t| t.find('"'))
                .map(|at| self.text[..start + at].matches('\n').count() + 1);
            self.item(item, n, line, start, is_11, &mut seen);
        }
    }

    fn item(
        &mut self,
        item: &Map<String, Value>,
        n: usize,
        line: Option<usize>,
        start: usize,
        is_11: bool,
        seen: &mut HashMap<String, usize>,
    ) {
        let at = format!("items[{n}]");
        let id_line = self.line_of("id", start);
        let id = match item.get("id") {
            None => {
                self.report(Rule::JsonFeedMissingId, format!("{at} has no `id`"), line);
                None
            }
            Some(Value::Number(number)) => {
                self.report(
                    Rule::JsonFeedNonStringId,
                    format!("{at}.id is the number `{number}`: readers make it a string, but it should be one"),
                    id_line,
                );
                Some(number.to_string())
            }
            Some(Value::String(id)) if !id.trim().is_empty() => Some(id.clone()),
            Some(_) => {
                self.report(
                    Rule::JsonFeedInvalidId,
                    format!("{at}.id must be a string that is not blank"),
                    id_line,
                );
                None
            }
        };
        if let Some(id) = id {
            if let Some(earlier) = seen.get(&id) {
                self.report(
                    Rule::JsonFeedDuplicateId,
                    format!("{at}.id `{id}` is the id of items[{earlier}] too"),
                    id_line,
                );
            } else {
                seen.insert(id, n);
            }
        }
        if !item.contains_key("content_html") && !item.contains_key("content_text") {
            self.report(
                Rule::JsonFeedMissingContent,
                format!("{at} has neither `content_html` nor `content_text`"),
                line,
            );
        }
        for key in [
            "content_html",
            "content_text",
            "title",
            "summary",
            "language",
        ] {
            self.string(item, key, &at, start);
        }
        if let Some(Value::String(html)) = item.get("content_html")
            && contains_script(html)
        {
            self.report(
                Rule::JsonFeedContainsScript,
                format!("{at}.content_html holds a `<script>` element, which readers must not run"),
                self.line_of("content_html", start),
            );
        }
        for key in ["url", "external_url", "image", "banner_image"] {
            self.url(item, key, &at, start);
        }
        if !item.contains_key("url") {
            self.report(
                Rule::JsonFeedMissingItemUrl,
                format!("{at} has no `url`, its permalink"),
                line,
            );
        }
        for key in ["date_published", "date_modified"] {
            if let Some(value) = item.get(key) {
                self.date(value, &format!("{at}.{key}"), self.line_of(key, start));
            }
        }
        if let Some(tags) = item.get("tags")
            && !tags
                .as_array()
                .is_some_and(|t| t.iter().all(Value::is_string))
        {
            self.report(
                Rule::JsonFeedInvalidTags,
                format!("{at}.tags must be an array of strings"),
                self.line_of("tags", start),
            );
        }
        self.authors(item, &at, is_11, start);
        match item.get("attachments") {
            None => {}
            Some(Value::Array(attachments)) => {
                for (k, attachment) in attachments.iter().enumerate() {
                    let at = format!("{at}.attachments[{k}]");
                    let Some(attachment) = attachment.as_object() else {
                        self.report(
                            Rule::JsonFeedInvalidType,
                            format!("{at} must be an object"),
                            None,
                        );
                        continue;
                    };
                    for key in ["url", "mime_type"] {
                        if !attachment.contains_key(key) {
                            self.report(
                                Rule::JsonFeedMissingAttachmentField,
                                format!("{at} has no `{key}`"),
                                None,
                            );
                        }
                    }
                    self.url(attachment, "url", &at, start);
                    for key in ["size_in_bytes", "duration_in_seconds"] {
                        if attachment.get(key).is_some_and(|v| !v.is_number()) {
                            self.report(
                                Rule::JsonFeedInvalidType,
                                format!("{at}.{key} must be a number"),
                                None,
                            );
                        }
                    }
                }
            }
            Some(_) => self.report(
                Rule::JsonFeedInvalidType,
                format!("{at}.attachments must be an array"),
                None,
            ),
        }
        self.unknown(item, ITEM_KEYS, &at, start);
    }

    /// `author` (deprecated in 1.1) and `authors` (new in 1.1).
    fn authors(&mut self, object: &Map<String, Value>, at: &str, is_11: bool, start: usize) {
        if let Some(author) = object.get("author") {
            if is_11 && !object.contains_key("authors") {
                self.report(
                    Rule::JsonFeedDeprecatedAuthor,
                    format!("{at}.author is deprecated in JSON Feed 1.1: use `authors`, an array"),
                    self.line_of("author", start),
                );
            }
            self.author(author, &format!("{at}.author"), start);
        }
        if let Some(authors) = object.get("authors") {
            if !is_11 {
                self.report(
                    Rule::JsonFeedAuthorsIn10,
                    format!("{at}.authors is a JSON Feed 1.1 member, but the feed is not 1.1"),
                    self.line_of("authors", start),
                );
            }
            match authors {
                Value::Array(authors) => {
                    for (n, author) in authors.iter().enumerate() {
                        self.author(author, &format!("{at}.authors[{n}]"), start);
                    }
                }
                _ => self.report(
                    Rule::JsonFeedInvalidType,
                    format!("{at}.authors must be an array"),
                    self.line_of("authors", start),
                ),
            }
        }
    }

    fn author(&mut self, author: &Value, at: &str, start: usize) {
        let Some(author) = author.as_object() else {
            self.report(
                Rule::JsonFeedInvalidType,
                format!("{at} must be an object"),
                None,
            );
            return;
        };
        if !AUTHOR_KEYS.iter().any(|key| author.contains_key(*key)) {
            self.report(
                Rule::JsonFeedEmptyAuthor,
                format!("{at} has none of `name`, `url` and `avatar`"),
                None,
            );
        }
        self.string(author, "name", at, start);
        self.url(author, "url", at, start);
        self.url(author, "avatar", at, start);
        for key in author.keys() {
            if !AUTHOR_KEYS.contains(&key.as_str()) && !key.starts_with('_') {
                self.report(
                    Rule::JsonFeedUnknownField,
                    format!(
                        "{at} has the unknown member `{key}`: an extension's name starts with `_`"
                    ),
                    None,
                );
            }
        }
    }

    /// Members neither defined nor extensions (`_name`).
    fn unknown(&mut self, object: &Map<String, Value>, known: &[&str], at: &str, start: usize) {
        for key in object.keys() {
            if !known.contains(&key.as_str()) && !key.starts_with('_') {
                self.report(
                    Rule::JsonFeedUnknownField,
                    format!(
                        "{at} has the unknown member `{key}`: an extension's name starts with `_`"
                    ),
                    self.line_of(key, start),
                );
            }
        }
    }

    /// An optional member that must be a string.
    fn string(&mut self, object: &Map<String, Value>, key: &str, at: &str, start: usize) {
        if object.get(key).is_some_and(|v| !v.is_string()) {
            self.report(
                Rule::JsonFeedInvalidType,
                format!("{at}.{key} must be a string"),
                self.line_of(key, start),
            );
        }
    }

    /// An optional member that must be a URL, an absolute one without white
    /// space.
    fn url(&mut self, object: &Map<String, Value>, key: &str, at: &str, start: usize) {
        let Some(value) = object.get(key) else {
            return;
        };
        let line = self.line_of(key, start);
        match value.as_str() {
            Some(url) if is_url(value) => {
                if !has_scheme(url) {
                    self.report(
                        Rule::JsonFeedRelativeUrl,
                        format!("{at}.{key} `{url}` is not an absolute URL"),
                        line,
                    );
                } else if url != url.trim() || url.contains(' ') {
                    self.report(
                        Rule::JsonFeedUrlWhitespace,
                        format!("{at}.{key} `{url}` holds white space"),
                        line,
                    );
                }
            }
            _ => self.report(
                Rule::JsonFeedInvalidUrl,
                format!("{at}.{key} must be a URL, a string that is not blank"),
                line,
            ),
        }
    }

    /// A member that must be an RFC 3339 date, and a plausible one.
    fn date(&mut self, value: &Value, name: &str, line: Option<usize>) {
        let parsed = value
            .as_str()
            .filter(|text| is_rfc3339_shape(text))
            .and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok());
        let Some(date) = parsed else {
            self.report(
                Rule::JsonFeedInvalidDate,
                format!(
                    "{name} `{}` is not an RFC 3339 date such as `2024-08-11T21:00:00+02:00`",
                    shown(value)
                ),
                line,
            );
            return;
        };
        let text = shown(value);
        match dates::implausible(date.timestamp(), self.now) {
            Some(Implausible::Future) => self.report(
                Rule::ImplausibleDate,
                format!("{name} `{text}` is in the future"),
                line,
            ),
            Some(Implausible::TooOld) => self.report(
                Rule::ImplausibleDate,
                format!("{name} `{text}` is before 1990"),
                line,
            ),
            None => {}
        }
    }
}

/// The offsets where the values of the first array after `from` start
/// (the items of `"items": [...]`), found by scanning the JSON text.
fn value_starts(text: &str, from: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let Some(open) = text.get(from..).and_then(|t| t.find('[')) else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut expecting) = (0usize, false, false, true);
    for (at, &b) in bytes.iter().enumerate().skip(from + open) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if depth == 1 && expecting && !b" \t\r\n".contains(&b) && b != b']' {
            starts.push(at);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    starts
}

/// A value as a finding shows it: a string without its quotes.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Returns true if and only if the value is a string that is not blank.
fn is_url(value: &Value) -> bool {
    value.as_str().is_some_and(|s| !s.trim().is_empty())
}

/// Returns true if and only if the URL starts with a scheme (`https:`),
/// after the white space and controls a URL parser skips.
fn has_scheme(url: &str) -> bool {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Returns true if and only if `text` has RFC 3339's shape:
/// `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
fn is_rfc3339_shape(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !matches!(b[10], b'T' | b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return false;
        }
        rest = &fraction[end..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// Returns true if and only if `text` is shaped like a language tag:
/// 2 to 8 letters, then `-` and 1 to 8 letters or digits, any number of
/// times.
fn is_language_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Returns true if and only if the HTML holds `<script` as an element's
/// start (any case).
fn contains_script(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.match_indices("<script").any(|(at, m)| {
        lower[at + m.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(Rule, String)> {
        check(Path::new("feed.json"), text.as_bytes(), 1_800_000_000)
            .into_iter()
            .map(|d| (d.rule.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn a_valid_feed_has_no_findings() {
        let text = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "T",
            "home_page_url": "https://example.org/", "feed_url": "https://example.org/f.json",
            "items": [{"id": "1", "url": "https://example.org/a/", "content_html": "<p>A</p>",
             "date_published": "2024-08-11T21:00:00+02:00", "tags": ["x"], "_ext": 1}]}"#;
        assert_eq!(rules(text), []);
    }

    #[test]
    fn a_missing_id_a_relative_url_and_a_bad_date_are_named() {
        let text = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "T",
            "home_page_url": "https://example.org/", "feed_url": "https://example.org/f.json",
            "items": [
            {"url": "/a/", "content_html": "<p>A</p>", "date_published": "11 August 2024"},
            {"id": "2", "url": "https://example.org/b", "content_text": "B"},
            {"id": "2", "url": "https://example.org/c", "content_text": "C"}]}"#;
        let found = rules(text);
        let names: Vec<Rule> = found.iter().map(|(rule, _)| *rule).collect();
        assert_eq!(
            names,
            [
                Rule::JsonFeedMissingId,
                Rule::JsonFeedRelativeUrl,
                Rule::JsonFeedInvalidDate,
                Rule::JsonFeedDuplicateId
            ],
            "{found:?}"
        );
        assert_eq!(found[0].1, "items[0] has no `id`");
    }

    #[test]
    fn broken_json_and_a_wrong_version() {
        assert_eq!(rules("{\"version\": ")[0].0, Rule::JsonFeedInvalidJson);
        let found = rules(r#"{"version": "2", "title": "T", "items": []}"#);
        assert_eq!(found[0].0, Rule::JsonFeedUnknownVersion);
    }

    #[test]
    fn dates_need_rfc_3339s_shape() {
        assert!(is_rfc3339_shape("2024-08-11T21:00:00Z"));
        assert!(is_rfc3339_shape("2024-08-11t21:00:00.5+02:00"));
        assert!(!is_rfc3339_shape("2024-08-11 21:00:00Z"));
        assert!(!is_rfc3339_shape("2024-08-11T21:00Z"));
        assert!(!is_rfc3339_shape("2024-08-11T21:00:00."));
    }
}
