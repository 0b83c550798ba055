//! The rules for JSON Feed 1.1 (and 1.0): required members and their
//! types, absolute URLs, RFC 3339 dates, unique item ids.
//!
//! serde_json's `Value` keeps no positions, so a finding names the member
//! (`items[2].url`) instead of a line; a syntax error has its line.

use super::xml::{finding, is_full_url};
use crate::dates::{self, Implausible};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

/// The version URLs of JSON Feed.
const VERSIONS: [&str; 2] = [
    "https://jsonfeed.org/version/1.1",
    "https://jsonfeed.org/version/1",
];

/// Checks a JSON Feed; `now` judges future dates.
pub(super) fn check(path: &Path, text: &str, now: i64) -> Vec<Diagnostic> {
    let feed: Value = match serde_json::from_str(text) {
        Ok(feed) => feed,
        Err(e) => {
            return vec![finding(
                path,
                Some(e.line()),
                Rule::InvalidJSON,
                e.to_string(),
            )];
        }
    };
    let mut c = Checker {
        path,
        now,
        found: Vec::new(),
    };
    let Some(feed) = feed.as_object() else {
        c.report(Rule::InvalidMemberType, "the feed is not a JSON object");
        return c.found;
    };
    match feed.get("version").and_then(Value::as_str) {
        None => c.report(Rule::MissingMember, "the feed has no `version`"),
        Some(version) if !VERSIONS.contains(&version) => c.report(
            Rule::InvalidVersion,
            format!("`version` is `{version}`, not `{}`", VERSIONS[0]),
        ),
        Some(_) => {}
    }
    match feed.get("title") {
        Some(Value::String(_)) => {}
        Some(_) => c.report(Rule::InvalidMemberType, "`title` is not a string"),
        None => c.report(Rule::MissingMember, "the feed has no `title`"),
    }
    for key in ["home_page_url", "feed_url", "icon", "favicon"] {
        c.url(feed.get(key), key);
    }
    let items = match feed.get("items") {
        Some(Value::Array(items)) => items,
        Some(_) => {
            c.report(Rule::InvalidMemberType, "`items` is not an array");
            return c.found;
        }
        None => {
            c.report(Rule::MissingMember, "the feed has no `items`");
            return c.found;
        }
    };
    let mut ids = HashSet::new();
    for (n, item) in items.iter().enumerate() {
        let at = |key: &str| format!("items[{n}].{key}");
        let Some(item) = item.as_object() else {
            c.report(
                Rule::InvalidMemberType,
                format!("items[{n}] is not an object"),
            );
            continue;
        };
        match item.get("id") {
            None => c.report(Rule::MissingMember, format!("{} is missing", at("id"))),
            Some(Value::String(id)) => {
                if !ids.insert(id.clone()) {
                    c.report(
                        Rule::DuplicateEntries,
                        format!("{} `{id}` is the id of an earlier item too", at("id")),
                    );
                }
            }
            Some(_) => c.report(
                Rule::InvalidMemberType,
                format!("{} is not a string", at("id")),
            ),
        }
        if !item.contains_key("content_html") && !item.contains_key("content_text") {
            c.report(
                Rule::MissingMember,
                format!("items[{n}] has neither `content_html` nor `content_text`"),
            );
        }
        for key in ["url", "external_url", "image", "banner_image"] {
            c.url(item.get(key), &at(key));
        }
        for key in ["date_published", "date_modified"] {
            c.date(item.get(key), &at(key));
        }
        if let Some(tags) = item.get("tags")
            && !tags
                .as_array()
                .is_some_and(|t| t.iter().all(Value::is_string))
        {
            c.report(
                Rule::InvalidMemberType,
                format!("{} is not an array of strings", at("tags")),
            );
        }
    }
    c.found
}

struct Checker<'a> {
    path: &'a Path,
    now: i64,
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, rule: Rule, message: impl Into<String>) {
        self.found.push(finding(self.path, None, rule, message));
    }

    /// An optional member that must be an absolute URL.
    fn url(&mut self, value: Option<&Value>, name: &str) {
        match value {
            None => {}
            Some(Value::String(url)) if is_full_url(url) => {}
            Some(Value::String(url)) => self.report(
                Rule::InvalidFullLink,
                format!("`{name}` is `{url}`, not an absolute URL"),
            ),
            Some(_) => self.report(Rule::InvalidMemberType, format!("`{name}` is not a string")),
        }
    }

    /// An optional member that must be an RFC 3339 date, and a plausible one.
    fn date(&mut self, value: Option<&Value>, name: &str) {
        let Some(value) = value else {
            return;
        };
        let Some(text) = value.as_str() else {
            self.report(Rule::InvalidMemberType, format!("`{name}` is not a string"));
            return;
        };
        match chrono::DateTime::parse_from_rfc3339(text) {
            Err(_) => self.report(
                Rule::InvalidRFC3339Date,
                format!(
                    "`{name}` is `{text}`, not an RFC 3339 date such as `2024-08-11T21:00:00+02:00`"
                ),
            ),
            Ok(date) => match dates::implausible(date.timestamp(), self.now) {
                Some(Implausible::Future) => {
                    self.report(
                        Rule::ImplausibleDate,
                        format!("`{name}` {text} is in the future"),
                    );
                }
                Some(Implausible::TooOld) => {
                    self.report(
                        Rule::ImplausibleDate,
                        format!("`{name}` {text} is before 1990"),
                    );
                }
                None => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(Rule, String)> {
        check(Path::new("feed.json"), text, 1_800_000_000)
            .into_iter()
            .map(|d| (d.rule.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn a_valid_feed_has_no_findings() {
        let text = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "T",
            "home_page_url": "https://example.org/", "items": [
            {"id": "1", "url": "https://example.org/a/", "content_html": "<p>A</p>",
             "date_published": "2024-08-11T21:00:00+02:00", "tags": ["x"]}]}"#;
        assert_eq!(rules(text), []);
    }

    #[test]
    fn a_missing_id_a_relative_url_and_a_bad_date_are_named() {
        let text = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
            {"url": "/a/", "content_html": "<p>A</p>", "date_published": "11 August 2024"},
            {"id": "2", "content_text": "B"}, {"id": "2", "content_text": "C"}]}"#;
        let found = rules(text);
        let names: Vec<Rule> = found.iter().map(|(rule, _)| *rule).collect();
        assert_eq!(
            names,
            [
                Rule::MissingMember,
                Rule::InvalidFullLink,
                Rule::InvalidRFC3339Date,
                Rule::DuplicateEntries
            ],
            "{found:?}"
        );
        assert_eq!(found[0].1, "items[0].id is missing");
    }

    #[test]
    fn broken_json_and_a_wrong_version() {
        assert_eq!(rules("{\"version\": ")[0].0, Rule::InvalidJSON);
        let found = rules(r#"{"version": "2", "title": "T", "items": []}"#);
        assert_eq!(found[0].0, Rule::InvalidVersion);
    }
}
