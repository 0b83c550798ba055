//! Front matter: splitting it off, reading it into a syntax-neutral tree,
//! and the typed [`Fields`] that articles are resolved from.
//!
//! ```text
//! text ──split──▶ Split { front_matter: Some(Block { syntax, text, offset }), body, body_line }
//! Block ──parse──▶ Node            syntax-neutral: strings, dates, arrays, tables, with offsets
//! Node ──Fields::read──▶ Fields    every known key typed, with its offset; type errors; unknown keys
//! ```
//!
//! [`mod@split`] cuts the block off, [`fields`] types it, and
//! [`dialect`] maps another generator's keys onto byline's [`dialect::Field`]s
//! (an enum, so every match on a field is exhaustive).
//!
//! Only [`toml`] knows TOML; a second syntax (YAML) is one more module
//! that makes a [`Node`], and nothing after [`parse`] changes.

mod dialect;
mod fields;
mod limits;
mod node;
mod split;
mod toml;
mod yaml;

#[cfg(test)]
use dialect::Field;
pub(crate) use fields::{
    At, Fields, RawChapter, RawChapters, RawEnclosure, RawEpisode, RawImage, RawNote, RawTranscript,
};
pub(crate) use node::{Datetime, Key, Node, Value};
pub(crate) use split::{SplitError, split};

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
};
use chrono_tz::Tz;

/// The syntax a front-matter block is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// TOML between `+++` lines.
    Toml,
    /// YAML between `---` lines, as Jekyll and Hugo write it.
    Yaml,
}

impl Syntax {
    /// The line that opens and closes a block of this syntax.
    pub(crate) fn delimiter(self) -> &'static str {
        match self {
            Syntax::Toml => "+++",
            Syntax::Yaml => "---",
        }
    }
}

/// A problem in the front matter, at a byte offset of it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Where, from the start of the front matter.
    pub(crate) at: usize,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it, when there is more to say.
    pub(crate) help: Option<String>,
    /// Returns true if and only if it is published all the same.
    pub(crate) warning: bool,
}

impl Problem {
    fn new(at: usize, message: impl Into<String>) -> Problem {
        Problem {
            at,
            message: message.into(),
            help: None,
            warning: false,
        }
    }
}

/// Reads a front-matter block into a table node, or says where its syntax
/// is wrong.
pub(crate) fn parse(syntax: Syntax, text: &str) -> Result<Node, Problem> {
    let exceeded = |e: limits::Exceeded| Problem::new(e.at, e.message);
    limits::check_block(text).map_err(exceeded)?;
    let node = match syntax {
        Syntax::Toml => toml::parse(text).map_err(|error| {
            let mut problem = Problem::new(error.offset.unwrap_or(0), error.message);
            problem.help = crate::diagnostic::unknown_field_hint(&problem.message);
            problem
        }),
        Syntax::Yaml => {
            yaml::parse(text).map_err(|error| Problem::new(error.offset, error.message))
        }
    }?;
    limits::check(&node).map_err(exceeded)?;
    Ok(node)
}

/// Reads a date value: a date written as one (TOML's `2024-08-11`), or a
/// string holding RFC 3339, `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD`.
///
/// A value without an offset is read in `timezone`; a bare date is midnight
/// there.
///
/// The year must have four digits (0001 to 9999), as RFC 3339 and RFC 2822
/// dates do: chrono reads `-024-08-09` as a year, and cannot write it back.
pub(crate) fn parse_date(value: &Value, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
    let date = parse_any_date(value, timezone)?;
    if (1..=9999).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!("the year {} is not a four-digit year", date.year()))
    }
}

fn parse_any_date(value: &Value, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
    let text = match value {
        Value::Datetime(datetime) => {
            if let Some(date) = datetime_value(datetime, timezone) {
                return date;
            }
            datetime.to_string()
        }
        Value::String(text) => text.trim().to_owned(),
        other => {
            return Err(format!(
                "expected a date such as `2024-08-11` or `2024-08-11T21:00:00+02:00`, found a value of type {}",
                other.type_name()
            ));
        }
    };
    if let Ok(datetime) = DateTime::parse_from_rfc3339(&text) {
        return Ok(datetime);
    }
    // Jekyll's and Hugo's own shapes: `2013-05-06 02:12:52 +0200`.
    let with_offset = [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ];
    if let Some(datetime) = with_offset
        .iter()
        .find_map(|format| DateTime::parse_from_str(&text, format).ok())
    {
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

/// A date value with a date in it, read without going through text; `None`
/// for a time of day alone, which is not a date.
fn datetime_value(
    datetime: &Datetime,
    timezone: Tz,
) -> Option<Result<DateTime<FixedOffset>, String>> {
    let (year, month, day) = datetime.date?;
    let invalid = || format!("`{datetime}` is not a valid date");
    let Some(date) = NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))
    else {
        return Some(Err(invalid()));
    };
    let (hour, minute, second, nanosecond) = datetime.time.unwrap_or_default();
    let Some(time) = NaiveTime::from_hms_nano_opt(
        u32::from(hour),
        u32::from(minute),
        u32::from(second),
        nanosecond,
    ) else {
        return Some(Err(invalid()));
    };
    let local = date.and_time(time);
    Some(match datetime.offset {
        None => in_zone(local, timezone),
        Some(minutes) => FixedOffset::east_opt(i32::from(minutes) * 60)
            .and_then(|offset| offset.from_local_datetime(&local).single())
            .ok_or_else(invalid),
    })
}

/// Returns true if and only if a date value has no time of day
/// (`2024-08-11`, as a date value or a string).
pub(crate) fn is_date_only(value: &Value) -> bool {
    match value {
        Value::Datetime(datetime) => datetime.time.is_none(),
        Value::String(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_ok(),
        _ => false,
    }
}

/// Places a local time in a zone. A time that occurs twice (clocks going
/// back) is the earlier; one that never occurs (clocks going forward) is an
/// error.
pub(crate) fn in_zone(local: NaiveDateTime, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
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
    use crate::config::Dialect;

    #[test]
    fn split_finds_the_block_and_its_lines() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let split = split(text).unwrap();
        let block = split.front_matter.unwrap();
        assert_eq!((block.text, block.offset), ("title = \"A\"\n", 4));
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
    fn only_a_line_of_plus_signs_closes_the_front_matter() {
        let text = "+++\na = \"+++\"\n++++\n +++\n+++ x\n+++  \t\nBody\n";
        let split = split(text).unwrap();
        let block = split.front_matter.unwrap();
        assert_eq!(block.text, "a = \"+++\"\n++++\n +++\n+++ x\n");
        assert_eq!((split.body, split.body_line), ("Body\n", 6));
        assert_eq!(split_or_line("+++\n+++"), Some(2));
        assert_eq!(split_or_line("+++\nx\n+++ y"), None);
    }

    fn split_or_line(text: &str) -> Option<usize> {
        split(text).ok().map(|split| split.body_line)
    }

    #[test]
    fn split_errors() {
        assert_eq!(
            split("+++\ntitle = \"A\"\n"),
            Err(SplitError::Unclosed(Syntax::Toml))
        );
        assert_eq!(
            split("---\ntitle: A\n"),
            Err(SplitError::Unclosed(Syntax::Yaml))
        );
        let yaml = split("---\ntitle: A\n---\nBody").unwrap();
        let block = yaml.front_matter.unwrap();
        assert_eq!(
            (block.syntax, block.text, yaml.body),
            (Syntax::Yaml, "title: A\n", "Body")
        );
        assert_eq!(split("+++ \r\n+++").unwrap().front_matter.unwrap().text, "");
        // Blank lines before the block, as Hugo allows: the lines count.
        let after_blank = split("\n \n---\ntitle: A\n---\nBody").unwrap();
        let block = after_blank.front_matter.unwrap();
        assert_eq!((block.text, block.offset), ("title: A\n", 7));
        assert_eq!((after_blank.body, after_blank.body_line), ("Body", 5));
        assert_eq!(split("\nText\n").unwrap().body, "\nText\n");
    }

    fn date(value: Value, tz: Tz) -> Result<String, String> {
        parse_date(&value, tz).map(|d| d.to_rfc3339())
    }

    /// The value of the only key of a TOML text.
    fn date_value(text: &str) -> Value {
        match parse(Syntax::Toml, text).unwrap().value {
            Value::Table(mut entries) => entries.remove(0).1.value,
            _ => unreachable!(),
        }
    }

    #[test]
    fn date_values_are_read_without_text() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        for (toml, expected) in [
            ("d = 2024-08-11T21:30:00-07:00", "2024-08-11T21:30:00-07:00"),
            ("d = 2024-08-11T21:30:00Z", "2024-08-11T21:30:00+00:00"),
            ("d = 2024-08-11 21:30:00.5", "2024-08-11T21:30:00.500+02:00"),
            ("d = 2024-08-11T21:30", "2024-08-11T21:30:00+02:00"),
        ] {
            assert_eq!(date(date_value(toml), paris).unwrap(), expected, "{toml}");
        }
        assert!(date(date_value("d = 21:30:00"), paris).is_err());
    }

    fn read(syntax: Syntax, dialect: Dialect, text: &str) -> (Fields, Vec<Problem>) {
        Fields::read(parse(syntax, text).unwrap(), dialect)
    }

    fn names(list: &Option<Vec<At<String>>>) -> Vec<&str> {
        list.iter().flatten().map(|t| t.value.as_str()).collect()
    }

    #[test]
    fn every_key_means_itself_in_every_dialect() {
        for dialect in [
            Dialect::Byline,
            Dialect::Jekyll,
            Dialect::Hugo,
            Dialect::Zola,
        ] {
            for key in Field::keys() {
                assert!(
                    matches!(dialect.meaning(key), dialect::Meaning::Field(f) if f.key() == key),
                    "{key}"
                );
            }
        }
    }

    #[test]
    fn jekyll_keys_map_onto_bylines() {
        let text = "layout: post\ntitle: Welcome\ndate: 2013-05-06 02:12:52 +0200\n\
                    last_modified_at: 2013-06-01\ncategories: jekyll update\ntags: [ruby]\n\
                    author: Ana Lima\nexcerpt: Short.\ndescription: Longer.\npublished: false\n\
                    permalink: /x/\ntittle: typo\n";
        let (fields, problems) = read(Syntax::Yaml, Dialect::Jekyll, text);
        assert_eq!(fields.title.unwrap().value, "Welcome");
        assert!(fields.date.is_some() && fields.updated.is_some());
        assert_eq!(names(&fields.tags), ["jekyll", "update", "ruby"]);
        let authors = fields.authors.unwrap();
        assert_eq!(authors[0].value.name, "Ana Lima");
        assert_eq!(fields.summary.as_deref(), Some("Short."));
        assert_eq!(fields.draft, Some(true));
        let messages: Vec<(&str, bool)> = problems
            .iter()
            .map(|p| (p.message.as_str(), p.warning))
            .collect();
        assert_eq!(messages, [("unknown field `tittle` is ignored", true)]);
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `title`?"));
        // The same keys in byline's own dialect are errors.
        let (_, problems) = read(Syntax::Yaml, Dialect::Byline, text);
        assert!(problems.iter().all(|p| !p.warning));
        assert_eq!(problems.len(), 9);
    }

    #[test]
    fn hugo_and_zola_keys_map_onto_bylines() {
        let hugo = "title = \"T\"\ndate = 2024-01-01\npublishDate = 2024-01-02\nlastmod = 2024-02-01\n\
                    categories = [\"news\"]\ntags = [\"a\"]\nauthor = { name = \"Ana\" }\ndraft = false\n\
                    weight = 3\ndescription = \"D\"\n";
        let (fields, problems) = read(Syntax::Toml, Dialect::Hugo, hugo);
        assert!(problems.is_empty(), "{problems:?}");
        match fields.date.unwrap().value {
            Value::Datetime(d) => assert_eq!(d.date, Some((2024, 1, 2)), "publishDate wins"),
            other => panic!("{other:?}"),
        }
        assert_eq!(names(&fields.tags), ["news", "a"]);
        assert_eq!(fields.authors.unwrap()[0].value.name, "Ana");
        assert_eq!(fields.summary.as_deref(), Some("D"));
        let zola = "title = \"T\"\ndescription = \"D\"\n[taxonomies]\ntags = [\"a\", \"b\"]\n\
                    categories = [\"c\"]\nauthors = [\"x\"]\n[extra]\nimage = \"i.png\"\n";
        let (fields, problems) = read(Syntax::Toml, Dialect::Zola, zola);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names(&fields.tags), ["a", "b", "c"]);
        assert_eq!(fields.summary.as_deref(), Some("D"));
    }

    #[test]
    fn a_sites_own_feeds_param_is_ignored_in_other_dialects() {
        for (syntax, dialect, text) in [
            (
                Syntax::Yaml,
                Dialect::Hugo,
                "title: T\nfeeds: [rss, atom]\n",
            ),
            (Syntax::Yaml, Dialect::Jekyll, "title: T\nfeeds: weekly\n"),
            (
                Syntax::Toml,
                Dialect::Zola,
                "title = \"T\"\nfeeds = { rss = true }\n",
            ),
        ] {
            let (fields, problems) = read(syntax, dialect, text);
            assert!(problems.is_empty(), "{dialect:?}: {problems:?}");
            assert_eq!(fields.feeds, None, "{dialect:?}");
            // A boolean is byline's `feeds = false` in every dialect.
            let (fields, _) = read(
                syntax,
                dialect,
                &text
                    .replace("[rss, atom]", "false")
                    .replace("weekly", "false")
                    .replace("{ rss = true }", "false"),
            );
            assert_eq!(fields.feeds, Some(false), "{dialect:?}");
        }
        let (_, problems) = read(Syntax::Toml, Dialect::Byline, "feeds = \"weekly\"\n");
        assert_eq!(
            problems
                .iter()
                .map(|p| (p.message.as_str(), p.warning))
                .collect::<Vec<_>>(),
            [("invalid type: string \"weekly\", expected a boolean", false)]
        );
    }

    #[test]
    fn fields_are_typed_and_placed() {
        let text = "title = 5\ndraft = \"yes\"\nautors = []\nauthors = [\"A\", { name = \"B\", emial = \"b@c.org\" }]\n";
        let (fields, problems) = Fields::read(parse(Syntax::Toml, text).unwrap(), Dialect::Byline);
        let messages: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.at, p.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (8, "invalid type: integer `5`, expected a string"),
                (18, "invalid type: string \"yes\", expected a boolean"),
                (24, "unknown field `autors`"),
                (
                    66,
                    "unknown field `emial`, expected one of `name`, `email`, `url`"
                ),
            ]
        );
        assert_eq!(problems[2].help.as_deref(), Some("did you mean `authors`?"));
        assert_eq!(problems[3].help.as_deref(), Some("did you mean `email`?"));
        let authors = fields.authors.unwrap();
        assert_eq!(authors.len(), 2);
        assert_eq!((authors[1].value.name.as_str(), authors[1].at), ("B", 52));
    }

    #[test]
    fn dates_take_the_zone_when_they_have_no_offset() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let text = |s: &str| Value::String(s.into());
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
        let toml_date = date_value("d = 2024-01-15");
        assert!(is_date_only(&toml_date));
        assert!(is_date_only(&text("2024-08-11")));
        assert!(!is_date_only(&text("2024-08-11T21:30")));
        assert_eq!(date(toml_date, paris).unwrap(), "2024-01-15T00:00:00+01:00");
    }

    #[test]
    fn jekyll_and_hugo_dates_with_offsets() {
        let text = |s: &str| Value::String(s.into());
        for (written, expected) in [
            ("2013-05-06 02:12:52 +0200", "2013-05-06T02:12:52+02:00"),
            ("2013-05-06 02:12 -0500", "2013-05-06T02:12:00-05:00"),
            ("2013-05-06T02:12:52+0200", "2013-05-06T02:12:52+02:00"),
        ] {
            assert_eq!(date(text(written), Tz::UTC).unwrap(), expected, "{written}");
        }
    }

    #[test]
    fn impossible_dates_are_errors() {
        let text = |s: &str| Value::String(s.into());
        assert!(
            date(text("2024-02-30"), Tz::UTC)
                .unwrap_err()
                .contains("not a valid date")
        );
        assert!(date(text("yesterday"), Tz::UTC).is_err());
        assert!(
            date(Value::Integer(2024), Tz::UTC)
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
