//! TOML front matter into a [`Node`] tree.
//!
//! Front matter is a handful of `key = value` lines, read once for every
//! article of the site, and the `toml` crate spends more time on them than
//! anything else in a build. So there is a fast path: a scanner for the
//! shape nearly all front matter has (bare keys; strings without escapes,
//! booleans and dates; arrays; one-line inline tables). Whatever it does
//! not cover (a `[table]` header, a dotted or quoted key, an escape, a
//! number, a duplicate key, anything malformed) is read by
//! [`toml::de::DeTable`], which gives the full TOML semantics and its error
//! messages. A property test checks that whatever the fast path reads, the
//! full reading reads the same.

use super::node::{Datetime, Key, Node, Value};

/// A TOML syntax error: its message and where it is.
#[derive(Debug, PartialEq)]
pub(crate) struct Error {
    /// The `toml` crate's message, without its trailing period.
    pub(crate) message: String,
    /// The byte offset of the problem in the TOML text.
    pub(crate) offset: Option<usize>,
}

/// Reads TOML text into a table node.
pub(crate) fn parse(text: &str) -> Result<Node, Error> {
    fast(text).map_or_else(|| full(text), Ok)
}

/// How deep arrays and tables may nest on the fast path.
const MAX_DEPTH: usize = 16;

/// The fast path: `None` when the text needs the full reading.
pub(crate) fn fast(text: &str) -> Option<Node> {
    let mut scanner = Scanner { text, at: 0 };
    let mut entries: Vec<(Key, Node)> = Vec::with_capacity(8);
    loop {
        scanner.skip_blank_lines()?;
        if scanner.at == text.len() {
            return Some(Node {
                at: 0,
                value: Value::Table(entries),
            });
        }
        let (key, node) = scanner.key_value(0)?;
        if entries.iter().any(|(k, _)| k.name == key.name) {
            return None;
        }
        entries.push((key, node));
        // The rest of the line: spaces, perhaps a comment, then its end.
        scanner.skip_spaces();
        scanner.skip_comment()?;
        match scanner.peek() {
            None => {}
            Some(b'\n') => scanner.at += 1,
            Some(_) => return None,
        }
    }
}

/// Reads the common shape of front matter by hand: bare keys, strings
/// without escapes, booleans, dates, arrays and one-line inline tables.
/// Every method returns `None` at anything else, and the full reading
/// decides.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// Skips a comment up to (not over) its line's end; `None` if it holds
    /// a character TOML forbids in comments.
    fn skip_comment(&mut self) -> Option<()> {
        if self.peek() == Some(b'#') {
            let rest = &self.text.as_bytes()[self.at..];
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            if rest[..end]
                .iter()
                .any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
            {
                return None;
            }
            self.at += end;
        }
        Some(())
    }

    /// Skips spaces, comments and line ends.
    fn skip_blank_lines(&mut self) -> Option<()> {
        loop {
            self.skip_spaces();
            self.skip_comment()?;
            if self.peek() == Some(b'\n') {
                self.at += 1;
            } else {
                return Some(());
            }
        }
    }

    /// `key = value`, the key bare.
    fn key_value(&mut self, depth: usize) -> Option<(Key, Node)> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.at += 1;
        }
        if self.at == start {
            return None;
        }
        let key = Key::new(&self.text[start..self.at], start);
        self.skip_spaces();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.at += 1;
        self.skip_spaces();
        let node = self.value(depth)?;
        Some((key, node))
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let at = self.at;
        let value = match self.peek()? {
            quote @ (b'"' | b'\'') => Value::String(self.string(quote)?),
            b'[' => Value::Array(self.array(depth)?),
            b'{' => Value::Table(self.inline_table(depth)?),
            _ => self.bare()?,
        };
        Some(Node { at, value })
    }

    /// A one-line string without escapes.
    fn string(&mut self, quote: u8) -> Option<String> {
        let rest = &self.text[self.at + 1..];
        let end = memchr::memchr(quote, rest.as_bytes())?;
        if end == 0 && rest.as_bytes().get(1) == Some(&quote) {
            return None; // A multi-line string opens with three quotes.
        }
        let inside = &rest[..end];
        // Without an early exit, so that it vectorizes.
        let unusual = inside.bytes().fold(false, |found, b| {
            found | ((b < 0x20) & (b != b'\t')) | (b == 0x7f) | (b == b'\\')
        });
        if unusual {
            return None;
        }
        self.at += end + 2;
        Some(inside.to_owned())
    }

    /// `true`, `false` or a date; other bare values take the full reading.
    fn bare(&mut self) -> Option<Value> {
        let rest = &self.text[self.at..];
        let end = rest
            .bytes()
            .position(|b| matches!(b, b' ' | b'\t' | b'\n' | b',' | b']' | b'}' | b'#'))
            .unwrap_or(rest.len());
        let token = &rest[..end];
        let value = match token {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ if token.as_bytes().get(4) == Some(&b'-') && token.as_bytes()[0].is_ascii_digit() => {
                Value::Datetime(rfc3339(token).or_else(|| {
                    token
                        .parse::<toml::value::Datetime>()
                        .ok()
                        .map(Datetime::from)
                })?)
            }
            _ => return None,
        };
        self.at += end;
        Some(value)
    }

    /// `[a, b, …]`, over several lines if need be, a trailing comma allowed.
    fn array(&mut self, depth: usize) -> Option<Vec<Node>> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank_lines()?;
            if self.peek()? == b']' {
                self.at += 1;
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            self.skip_blank_lines()?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// `{ k = v, … }` on one line, without a trailing comma.
    fn inline_table(&mut self, depth: usize) -> Option<Vec<(Key, Node)>> {
        self.at += 1;
        let mut entries: Vec<(Key, Node)> = Vec::with_capacity(4);
        self.skip_spaces();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(entries);
        }
        loop {
            self.skip_spaces();
            let (key, node) = self.key_value(depth + 1)?;
            if entries.iter().any(|(k, _)| k.name == key.name) {
                return None;
            }
            entries.push((key, node));
            self.skip_spaces();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(entries);
                }
                _ => return None,
            }
        }
    }
}

/// The dates nearly all front matter writes, `2024-08-11` and
/// `2024-08-11T21:00:00` with `Z`, `+02:00` or no offset, read without the
/// `toml` crate's lexer; `None` for any other shape, and for a value out of
/// range, which the crate then reads or refuses.
///
/// Exact: the ranges are the crate's own (a month of 01 to 12, a day that
/// exists in it, leap years counted, an hour to 23, a minute to 59, a
/// second to 60, an offset's hour to 23 and minute to 59), and what it
/// reads is what [`Datetime::from`] makes of the crate's value, a test
/// checks.
fn rfc3339(token: &str) -> Option<Datetime> {
    let b = token.as_bytes();
    let digits = |at: usize, count: usize| -> Option<u32> {
        b.get(at..at + count)?.iter().try_fold(0, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let at = |i: usize, byte: u8| b.get(i) == Some(&byte);
    if !(at(4, b'-') && at(7, b'-')) {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=12).contains(&month) || !(1..=days).contains(&day) {
        return None;
    }
    let date = Some((u16::try_from(year).ok()?, month as u8, day as u8));
    if b.len() == 10 {
        return Some(Datetime {
            date,
            time: None,
            offset: None,
        });
    }
    if !(at(10, b'T') && at(13, b':') && at(16, b':')) {
        return None;
    }
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset = match &b[19..] {
        [] => None,
        [b'Z'] => Some(0),
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (digits(20, 2)?, digits(23, 2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = i16::try_from(hours * 60 + minutes).ok()?;
            Some(if *sign == b'-' { -minutes } else { minutes })
        }
        _ => return None,
    };
    Some(Datetime {
        date,
        time: Some((hour as u8, minute as u8, second as u8, 0)),
        offset,
    })
}

/// The full reading, with the `toml` crate's errors.
pub(crate) fn full(text: &str) -> Result<Node, Error> {
    match toml::de::DeTable::parse(text) {
        Ok(table) => {
            let at = table.span().start;
            Ok(Node {
                at,
                value: table_value(table.into_inner()),
            })
        }
        Err(error) => Err(Error {
            message: error
                .message()
                .trim_end_matches('\n')
                .trim_end_matches('.')
                .to_owned(),
            offset: error.span().map(|span| span.start),
        }),
    }
}

/// A table, its entries in the order written (the `toml` crate sorts them).
fn table_value(table: toml::de::DeTable<'_>) -> Value {
    let mut entries: Vec<_> = table
        .into_iter()
        .map(|(key, value)| {
            let at = key.span().start;
            (Key::new(key.get_ref(), at), node(value))
        })
        .collect();
    entries.sort_by_key(|(key, _)| key.at);
    Value::Table(entries)
}

fn node(value: toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue;
    let at = value.span().start;
    let value = match value.into_inner() {
        DeValue::String(text) => Value::String(text.into_owned()),
        DeValue::Integer(integer) => integer_value(integer.as_str(), integer.radix()),
        DeValue::Float(float) => float_value(float.as_str()),
        DeValue::Boolean(value) => Value::Bool(value),
        DeValue::Datetime(datetime) => Value::Datetime(Datetime::from(datetime)),
        DeValue::Array(items) => Value::Array(items.into_iter().map(node).collect()),
        DeValue::Table(table) => table_value(table),
    };
    Node { at, value }
}

fn integer_value(digits: &str, radix: u32) -> Value {
    i64::from_str_radix(digits, radix).map_or_else(|_| Value::Float(f64::NAN), Value::Integer)
}

fn float_value(text: &str) -> Value {
    Value::Float(text.parse().unwrap_or(f64::NAN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_reads_what_front_matter_holds() {
        let text = "title = \"A 'quoted' title\"\ndate = 2024-08-11T21:00:00+02:00\n\
                    tags = ['one', \"two\",\n  \"three\", # a comment\n]\n\
                    authors = [{ name = \"Ana\", email = \"a@b.org\" }]\n\
                    draft = false # a comment\n\n# the end\n";
        let fast = fast(text).expect("the fast path covers this");
        assert_eq!(Some(fast), full(text).ok());
    }

    #[test]
    fn what_the_fast_path_leaves_to_the_full_reading() {
        for text in [
            "[source]\nname = \"Reuters\"\n",
            "source.name = \"Reuters\"\n",
            "title = \"a\"\ntitle = \"b\"\n",
            "title = \n",
            "authors = [{ name = \"A\", name = \"B\" }]\n",
            "date = 2024-02-30\n",
            "title = \"an \\\"escape\\\"\"\n",
            "title = \"\"\"multi\"\"\"\n",
            "\"quoted\" = 1\n",
            "n = 1\n",
            "t = { a = 1, }\n",
            "date = 2024-08-11 21:00:00\n",
        ] {
            assert_eq!(fast(text), None, "{text}");
        }
        assert_eq!(
            parse("source.name = \"Reuters\"\n").ok(),
            full("[source]\nname = \"Reuters\"\n").ok().map(|mut node| {
                // Same tree; only the key's position differs.
                if let Value::Table(entries) = &mut node.value {
                    entries[0].0.at = 0;
                    entries[0].1.at = 0;
                    if let Value::Table(inner) = &mut entries[0].1.value {
                        inner[0].0.at = 7;
                        inner[0].1.at = 14;
                    }
                }
                node
            })
        );
        let error = parse("title = \"a\"\ntitle = \"b\"\n").unwrap_err();
        assert!(error.message.contains("duplicate key"), "{error:?}");
        assert_eq!(error.offset, Some(12));
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever date the fast reading reads, the `toml` crate reads the
        /// same; and it reads every date of the shapes it covers that the
        /// crate reads.
        #[test]
        fn the_fast_date_agrees_with_the_toml_crate(
            date in "[0-9]{4}-[01][0-9]-[0-3][0-9]",
            time in prop::option::of("[T t][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{1,3})?"),
            offset in prop::option::of("Z|z|[+-][0-2][0-9]:[0-6][0-9]|[+-][0-9]{4}"),
            noise in prop::option::of("[-:T0-9]{1,2}"),
        ) {
            let token = format!(
                "{date}{}{}{}",
                time.unwrap_or_default(),
                offset.unwrap_or_default(),
                noise.unwrap_or_default()
            );
            let crate_reads = token.parse::<toml::value::Datetime>().ok().map(Datetime::from);
            match rfc3339(&token) {
                Some(fast) => prop_assert_eq!(Some(fast), crate_reads, "{}", token),
                None => {
                    let shape = |pattern: &str| {
                        token.len() == pattern.len()
                            && token.bytes().zip(pattern.bytes()).all(|(t, p)| match p {
                                b'd' => t.is_ascii_digit(),
                                b's' => matches!(t, b'+' | b'-'),
                                _ => t == p,
                            })
                    };
                    let covered = [
                        "dddd-dd-dd",
                        "dddd-dd-ddTdd:dd:dd",
                        "dddd-dd-ddTdd:dd:ddZ",
                        "dddd-dd-ddTdd:dd:ddsdd:dd",
                    ]
                    .into_iter()
                    .any(shape);
                    prop_assert!(!covered || crate_reads.is_none(), "{} is left to the crate", token);
                }
            }
        }
    }

    #[test]
    fn the_fast_date_reads_dates_in_range_only() {
        for token in [
            "2024-02-29",
            "2023-02-29",
            "1900-02-29",
            "2000-02-29",
            "2024-04-31",
            "2024-00-10",
            "2024-13-10",
            "2024-01-00",
            "0000-01-01",
            "9999-12-31",
            "2024-08-11T24:00:00",
            "2024-08-11T23:60:00",
            "2024-08-11T23:59:60",
            "2024-08-11T23:59:61",
            "2024-08-11T21:00:00+24:00",
            "2024-08-11T21:00:00-23:59",
            "2024-08-11T21:00:00+02:60",
            "2024-08-11T21:00:00Z",
            "2024-08-11T21:00:00z",
            "2024-08-11t21:00:00",
            "2024-08-11T21:00",
            "2024-08-11T21:00:00.5",
            "2024-08-11T21:00:00+0200",
            "2024-8-11",
            "2024-08-11T21:00:00+02:00x",
        ] {
            if let Some(fast) = rfc3339(token) {
                let full = token
                    .parse::<toml::value::Datetime>()
                    .ok()
                    .map(Datetime::from);
                assert_eq!(Some(fast), full, "{token}");
            }
        }
        assert!(rfc3339("2024-02-29").is_some());
        assert!(rfc3339("2023-02-29").is_none());
        assert!(rfc3339("2024-08-11T23:59:60-23:59").is_some());
        assert!(rfc3339("2024-08-11T21:00:00z").is_none());
    }

    /// Lines of front matter, valid and not: keys that repeat, values of
    /// every kind, escapes, comments, headers and dotted keys.
    fn line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec!["title", "date", "tags", "\"quoted key\"", "a-b", "x"]);
        let value = prop::sample::select(vec![
            "\"plain\"",
            "'literal \\ text'",
            "\"esc\\u00e9\\n\\\"\"",
            "\"bad \\q escape\"",
            "\"\"\"multi\nline\"\"\"",
            "2024-08-11",
            "2024-08-11T21:00:00+02:00",
            "2024-08-11 21:00:00.25Z",
            "21:30:00",
            "2024-02-30",
            "1_000",
            "0x1F",
            "99999999999999999999",
            "1.5e3",
            "nan",
            "-inf",
            "true",
            "[]",
            "[\"a\", 'b',]",
            "[[1, 2], [\"x\"]]",
            "{ name = \"A\", email = \"a@b.org\" }",
            "[{ name = \"A\" }, { name = \"B\", name = \"C\" }]",
            "{ a.b = 1 }",
            "{}",
            "{ x = { y = [true, false] } }",
            "[\n  'a', # note\n  \"b\",\n]",
            "\"caf\u{e9} # not a comment\"",
            "\"tab\there\"",
            "\"del\u{7f}\"",
            "'it''s'",
            "\"\"",
            "''",
            "true false",
            "truex",
            "2024-08-11T21:00:00.123456789-05:30",
            "2024-08-11T21:00",
            "1979-05-27T07:32:00Z # comment",
            "",
            "[unclosed",
        ]);
        prop_oneof![
            8 => (key.clone(), value.clone()).prop_map(|(k, v)| format!("{k} = {v}")),
            2 => (key, value).prop_map(|(k, v)| format!("  {k}={v}   # trailing")),
            1 => Just("# a comment".to_owned()),
            1 => Just(String::new()),
            1 => Just("[source]".to_owned()),
            1 => Just("source.name = \"R\"".to_owned()),
        ]
    }

    proptest! {
        /// Whatever the fast path reads, the full reading reads the same;
        /// whatever the full reading refuses, the fast path leaves to it.
        #[test]
        fn the_fast_path_agrees_with_the_full_reading(lines in prop::collection::vec(line(), 0..6), end in prop::bool::ANY) {
            let text = lines.join("\n") + if end { "\n" } else { "" };
            match (fast(&text), full(&text)) {
                // Debug, because NaN is not equal to itself.
                (Some(fast), Ok(full)) => prop_assert_eq!(format!("{fast:?}"), format!("{full:?}")),
                (Some(fast), Err(error)) => prop_assert!(false, "fast read {:?}, full refused: {:?}", fast, error),
                (None, _) => {}
            }
        }

        /// Typical front matter with a few characters put in or taken out
        /// anywhere: the fast path agrees, or leaves it to the full reading.
        #[test]
        fn the_fast_path_agrees_on_damaged_front_matter(
            edits in prop::collection::vec((0..1000usize, prop::option::of(prop::sample::select(vec![
                '"', '\'', '[', ']', '{', '}', ',', '=', '#', '\n', '\t', ' ', '.', '\\', 'x', '1', '-', ':',
                'T', '\u{7f}', '\u{1}', '\r', 'é',
            ]))), 1..4),
        ) {
            let mut text: Vec<char> = TYPICAL.chars().collect();
            for (at, edit) in edits {
                let at = at % (text.len() + 1);
                match edit {
                    Some(c) => text.insert(at, c),
                    None if at < text.len() => { text.remove(at); }
                    None => {}
                }
            }
            let text: String = text.into_iter().collect();
            if let Some(fast) = fast(&text) {
                match full(&text) {
                    Ok(full) => prop_assert_eq!(format!("{fast:?}"), format!("{full:?}")),
                    Err(error) => prop_assert!(false, "fast read {:?}, full refused: {:?}", fast, error),
                }
            }
        }
    }

    /// Front matter as most articles have it.
    const TYPICAL: &str = "title = \"Harbour board delays the quay\"\ndate = 2024-08-11T21:00:00+02:00\n\
        tags = [\"politics\", 'transport']\nauthors = [{ name = \"Ana Lima\", email = \"ana@news.example.org\" }, \"Tom\"]\n\
        source = { name = \"Reuters\", url = \"https://wire.example.com/1\" } # wire\ndraft = false\n";

    #[test]
    fn typical_front_matter_takes_the_fast_path() {
        assert!(fast(TYPICAL).is_some());
        assert_eq!(fast(TYPICAL), full(TYPICAL).ok());
    }

    /// The fast path's worth, measured: reads typical front matter (the
    /// benchmark corpus's shape) by the fast path and by the toml crate,
    /// checks they agree, and prints the time of each. Run by
    /// `bench/toml-fast-path.sh` (release build); it asserts nothing
    /// about time.
    #[test]
    #[ignore = "a benchmark: bench/toml-fast-path.sh"]
    fn fast_path_benchmark() {
        let text = "title = \"Harbour board agrees the winter timetable\"\n\
                    date = 2024-08-11T09:30:00+02:00\n\
                    tags = [\"transport\", \"harbour\", \"council\"]\n\
                    authors = [{ name = \"Ana Costa\", email = \"ana@example.org\" }, \"Desk\"]\n\
                    source = { name = \"Island Courier\", url = \"https://courier.example.org/a\" }\n\
                    summary = \"The late crossing returns in November.\"\n\
                    draft = false\n";
        assert_eq!(
            fast(text),
            full(text).ok(),
            "the fast path reads what the toml crate reads"
        );
        let rounds = 100_000;
        let time = |read: &dyn Fn(&str) -> Option<Node>| {
            let started = std::time::Instant::now();
            for _ in 0..rounds {
                std::hint::black_box(read(std::hint::black_box(text)));
            }
            started.elapsed() / rounds
        };
        let (fast_time, full_time) = (time(&fast), time(&|t| full(t).ok()));
        eprintln!(
            "front matter of {} bytes: fast path {fast_time:?}, toml crate {full_time:?} ({:.1}x)",
            text.len(),
            full_time.as_secs_f64() / fast_time.as_secs_f64()
        );
    }
}
