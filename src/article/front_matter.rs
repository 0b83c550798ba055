//! TOML front matter between `+++` lines, and the dates it holds.
//!
//! [`FrontMatter`] mirrors the keys one to one, every one optional, and
//! rejects unknown keys. Values whose meaning needs checking keep their
//! span, so that a bad date points at its own line of the file.

use crate::attribution::{PersonEntry, Relation};
use chrono::{DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

/// Every key of [`FrontMatter`], for did-you-mean hints.
pub const KEYS: &[&str] = &[
    "title", "date", "updated", "id", "slug", "summary", "authors", "tags", "draft", "source",
    "credit", "rights", "license",
];

/// The front-matter keys, as written.
#[derive(Debug, Default, Deserialize)]
pub struct FrontMatter {
    /// The headline.
    pub title: Option<Spanned<String>>,
    /// Publication date: a TOML date or datetime, or a string.
    pub date: Option<Spanned<toml::Value>>,
    /// Date of the last significant change.
    pub updated: Option<Spanned<toml::Value>>,
    /// A permanent id that overrides the generated one.
    pub id: Option<Spanned<String>>,
    /// The URL slug; default: the file name without its date prefix.
    pub slug: Option<Spanned<String>>,
    /// A plain-text summary; default: the first paragraph.
    pub summary: Option<String>,
    /// The authors; default: the site's.
    pub authors: Option<Vec<Spanned<PersonEntry>>>,
    /// Topics, which feeds can filter on.
    pub tags: Option<Vec<Spanned<String>>>,
    /// A draft is checked but not published.
    pub draft: Option<bool>,
    /// The original this article comes from.
    pub source: Option<Spanned<RawSource>>,
    /// The visible credit line; default: one made from `source`.
    pub credit: Option<String>,
    /// A rights statement; default: the site's.
    pub rights: Option<String>,
    /// The license URL; default: the site's.
    pub license: Option<Spanned<String>>,
    /// Keys byline does not know, each an error.
    #[serde(flatten)]
    pub unknown: std::collections::BTreeMap<String, toml::Value>,
}

/// Where the key `key` is set in front-matter TOML: the byte offset of the
/// line that sets it, or 0 if no line does (a key inside an inline table).
pub fn key_offset(toml_text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in toml_text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|rest| rest.trim_start().starts_with(['=', '.'])) {
            return offset + (line.len() - trimmed.len());
        }
        if trimmed
            .strip_prefix('[')
            .is_some_and(|t| t.trim_start().starts_with(key))
        {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
}

/// The `source` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Who published the original; default: the name in the credit line.
    pub name: Option<String>,
    /// The original's address.
    pub url: Option<Spanned<String>>,
    /// The source's own feed.
    pub feed: Option<Spanned<String>>,
    /// How this article relates to it; default: `adapted-from`.
    pub relation: Option<Relation>,
}

/// A file split into its front matter and its body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines, if the file has front matter.
    pub front_matter: Option<&'a str>,
    /// Everything after the closing `+++` line (or the whole file).
    pub body: &'a str,
    /// How many lines of the file come before `body`.
    pub body_line: usize,
}

/// Why a file's front matter cannot be split off.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The opening `+++` has no closing `+++`.
    Unclosed,
    /// The file starts with YAML's `---`.
    Yaml,
}

/// Splits off front matter that starts on the file's first line.
///
/// The delimiters are lines that hold `+++` and nothing else but trailing
/// white space.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() == "---" {
        return Err(SplitError::Yaml);
    }
    if first_line.trim_end() != "+++" {
        return Ok(Split {
            front_matter: None,
            body: text,
            body_line: 0,
        });
    }
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for (line, raw_line) in (2..).zip(text[start..].split_inclusive('\n')) {
        if raw_line.trim_end() == "+++" {
            return Ok(Split {
                front_matter: Some(&text[start..offset]),
                body: &text[offset + raw_line.len()..],
                body_line: line,
            });
        }
        offset += raw_line.len();
    }
    Err(SplitError::Unclosed)
}

/// Reads a date value: a TOML date or datetime, or a string holding RFC
/// 3339, `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD`.
///
/// A value without an offset is read in `timezone`; a bare date is midnight
/// there.
///
/// The year must have four digits (0001 to 9999), as RFC 3339 and RFC 2822
/// dates do: chrono reads `-024-08-09` as a year, and cannot write it back.
pub fn parse_date(value: &toml::Value, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
    let date = parse_any_date(value, timezone)?;
    if (1..=9999).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!("the year {} is not a four-digit year", date.year()))
    }
}

fn parse_any_date(value: &toml::Value, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
    let text = match value {
        toml::Value::Datetime(datetime) => datetime.to_string(),
        toml::Value::String(text) => text.trim().to_owned(),
        other => {
            return Err(format!(
                "expected a date such as `2024-08-11` or `2024-08-11T21:00:00+02:00`, found a value of type {}",
                other.type_str()
            ));
        }
    };
    if let Ok(datetime) = DateTime::parse_from_rfc3339(&text) {
        return Ok(datetime);
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(&text, format).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
    });
    match local {
        Some(local) => in_zone(local, timezone),
        None => Err(format!(
            "`{text}` is not a valid date: write `2024-08-11`, `2024-08-11T21:00:00` or `2024-08-11T21:00:00+02:00`"
        )),
    }
}

/// Returns true if and only if a date value has no time of day
/// (`2024-08-11`, as a TOML date or a string).
pub fn is_date_only(value: &toml::Value) -> bool {
    match value {
        toml::Value::Datetime(datetime) => datetime.time.is_none(),
        toml::Value::String(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_ok(),
        _ => false,
    }
}

/// Places a local time in a zone. A time that occurs twice (clocks going
/// back) is the earlier; one that never occurs (clocks going forward) is an
/// error.
pub fn in_zone(local: NaiveDateTime, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
    match timezone.from_local_datetime(&local) {
        LocalResult::Single(datetime) | LocalResult::Ambiguous(datetime, _) => {
            Ok(datetime.fixed_offset())
        }
        LocalResult::None => Err(format!(
            "`{local}` does not exist in {timezone}: the clocks skip it"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_the_block_and_its_lines() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let split = split(text).unwrap();
        assert_eq!(split.front_matter, Some("title = \"A\"\n"));
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 3);
    }

    #[test]
    fn split_without_front_matter_is_the_whole_file() {
        let split = split("Headline\n\nText").unwrap();
        assert_eq!(split.front_matter, None);
        assert_eq!(split.body_line, 0);
    }

    #[test]
    fn split_errors() {
        assert_eq!(split("+++\ntitle = \"A\"\n"), Err(SplitError::Unclosed));
        assert_eq!(split("---\ntitle: A\n---\n"), Err(SplitError::Yaml));
        assert_eq!(split("+++ \r\n+++").unwrap().front_matter, Some(""));
    }

    fn date(value: toml::Value, tz: Tz) -> Result<String, String> {
        parse_date(&value, tz).map(|d| d.to_rfc3339())
    }

    #[test]
    fn dates_take_the_zone_when_they_have_no_offset() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let text = |s: &str| toml::Value::String(s.into());
        assert_eq!(
            date(text("2024-08-11"), paris).unwrap(),
            "2024-08-11T00:00:00+02:00"
        );
        assert_eq!(
            date(text("2024-08-11T21:30"), paris).unwrap(),
            "2024-08-11T21:30:00+02:00"
        );
        assert_eq!(
            date(text("2024-08-11T21:30:00-07:00"), paris).unwrap(),
            "2024-08-11T21:30:00-07:00"
        );
        let toml_date: toml::Value =
            toml::from_str::<toml::Table>("d = 2024-01-15").unwrap()["d"].clone();
        assert!(is_date_only(&toml_date));
        assert!(is_date_only(&text("2024-08-11")));
        assert!(!is_date_only(&text("2024-08-11T21:30")));
        assert_eq!(date(toml_date, paris).unwrap(), "2024-01-15T00:00:00+01:00");
    }

    #[test]
    fn impossible_dates_are_errors() {
        let text = |s: &str| toml::Value::String(s.into());
        assert!(
            date(text("2024-02-30"), Tz::UTC)
                .unwrap_err()
                .contains("not a valid date")
        );
        assert!(date(text("yesterday"), Tz::UTC).is_err());
        assert!(
            date(toml::Value::Integer(2024), Tz::UTC)
                .unwrap_err()
                .contains("found a value of type integer")
        );
        let paris: Tz = "Europe/Paris".parse().unwrap();
        assert!(
            date(text("2024-03-31T02:30"), paris)
                .unwrap_err()
                .contains("skip")
        );
        // Found by `cargo fuzz run article`: chrono's RFC 2822 writer panics
        // on years outside 0..=9999.
        assert!(
            date(text("-024-08-09T20:00"), Tz::UTC)
                .unwrap_err()
                .contains("four-digit year")
        );
        assert!(date(text("+12024-08-09"), Tz::UTC).is_err());
    }
}
