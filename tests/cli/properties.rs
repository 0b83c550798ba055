//! Property tests: whatever the article text, the pipeline either publishes
//! well-formed feeds that feed-rs reads, or refuses with diagnostics that
//! name the file. It never panics.

use crate::harness::{feed, xml};
use byline::Failure;
use byline::config::{self, Config};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn config() -> Config {
    config::parse(
        Path::new("feeds.toml"),
        "[site]\ntitle = \"P\"\nbase_url = \"https://p.example.org/x/\"\nauthors = [\"Desk\"]\n\
         [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\n\
         [[feeds]]\nfor_each_tag = true\nrss = \"t/{tag}.xml\"\natom = \"t/{tag}.atom\"\n",
    )
    .expect("the property-test config is valid")
}

/// Asserts the outcome of one pipeline run: valid feeds, or named problems.
fn check(texts: &[(PathBuf, String)]) -> Result<usize, TestCaseError> {
    match byline::render_texts(&config(), texts) {
        Ok(files) => {
            prop_assert!(!files.is_empty());
            let mut entries = 0;
            for file in &files {
                xml(&file.bytes);
                if file.path == byline::config::DEFAULT_OPML {
                    continue;
                }
                let parsed = feed(&file.bytes);
                if file.path == "feed.xml" {
                    entries = parsed.entries.len();
                }
            }
            Ok(entries)
        }
        Err(Failure::Input(problems)) | Err(Failure::Setup(problems)) => {
            prop_assert!(!problems.is_empty());
            for problem in &problems {
                prop_assert!(
                    problem.path.as_os_str().is_empty()
                        || texts.iter().any(|(p, _)| *p == problem.path)
                        || problem.path == Path::new("feeds.toml"),
                    "{problem}"
                );
            }
            Ok(0)
        }
    }
}

/// Pieces that have broken feed generators before.
const NASTY: &[&str] = &[
    "]]>",
    "<![CDATA[",
    "&",
    "&amp;",
    "&#0;",
    "&#x7;",
    "&bogus;",
    "<",
    ">",
    "\"",
    "'",
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "<a href=\"javascript:x()\">j</a>",
    "<img src=x onerror=y>",
    "<!--",
    "-->",
    "\u{feff}",
    "\r\n",
    "\u{7}",
    "\u{0}",
    "\u{fffe}",
    "\u{ffff}",
    "\u{1f600}",
    "é",
    "“quoted”",
    "\t",
    "+++",
    "---",
    "# ",
    "> ",
    "* ",
    "[link](../rel)",
    "![img](data:x)",
    "(Adapted from a report by Reuters)",
    "(Reporting by A; Editing by B)",
    "Source: X",
    "\\",
    "`code`",
    "```\nfence\n```",
    "|a|b|\n|-|-|\n|1|2|",
    "<style>",
    "</p>",
    "\n\n",
    "\n",
];

fn nasty_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(NASTY).prop_map(str::to_owned),
            "[a-zA-Z ]{0,12}"
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_gives_valid_feeds_or_named_errors(text in any::<String>(), markdown in any::<bool>()) {
        let name = if markdown { "2024-01-01-a.md" } else { "2024-01-01-a.txt" };
        check(&[(PathBuf::from(name), text)])?;
    }

    #[test]
    fn nasty_bodies_give_valid_feeds_or_named_errors(body in nasty_text(), markdown in any::<bool>()) {
        let name = if markdown { "2024-01-01-a.md" } else { "2024-01-01-a.txt" };
        check(&[(PathBuf::from(name), body)])?;
    }

    #[test]
    fn front_matter_values_give_valid_feeds_or_named_errors(
        title in nasty_text(),
        tags in prop::collection::vec(nasty_text(), 0..3),
        author in nasty_text(),
        summary in nasty_text(),
        body in nasty_text(),
        day in 1u32..32,
    ) {
        let tags: Vec<String> = tags.iter().map(|t| toml_string(t)).collect();
        let text = format!(
            "+++\ntitle = {}\ndate = \"2024-02-{day:02}\"\ntags = [{}]\nauthors = [{}]\nsummary = {}\n+++\n{body}",
            toml_string(&title), tags.join(", "), toml_string(&author), toml_string(&summary),
        );
        check(&[(PathBuf::from("b.md"), text)])?;
    }

    #[test]
    fn clean_articles_are_all_published(titles in prop::collection::vec("[A-Za-z][A-Za-z0-9 ,.!?'’&<>-]{0,40}", 1..6)) {
        let texts: Vec<(PathBuf, String)> = titles
            .iter()
            .enumerate()
            .map(|(i, title)| (PathBuf::from(format!("2024-03-{:02}-n{i}.txt", i + 1)), format!("{title}\n\nBody {i}.\n")))
            .collect();
        prop_assert_eq!(check(&texts)?, texts.len());
    }
}

/// The check corpus, every file's bytes.
fn check_corpus() -> Vec<(String, Vec<u8>)> {
    let dir = crate::harness::fixture_source("check").join("feeds");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A clock for `check`: 2024-01-01.
const NOW: i64 = 1_704_067_200;

/// Every prefix of every corpus file (a download cut short, a file half
/// written) is checked without a panic, and each finding names the file.
#[test]
fn check_never_panics_on_any_truncated_corpus_file() {
    let path = Path::new("cut.xml");
    let mut checked = 0;
    for (name, bytes) in check_corpus() {
        for end in 0..=bytes.len() {
            for finding in byline::check_bytes(path, &bytes[..end], NOW) {
                assert_eq!(finding.path, path, "{name} cut at {end}");
            }
            checked += 1;
        }
    }
    assert!(checked > 10_000, "{checked} prefixes");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Corpus files with bytes replaced, removed or inserted are checked
    /// without a panic, and each finding names the file.
    #[test]
    fn check_never_panics_on_mutated_corpus_files(
        file in any::<prop::sample::Index>(),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), 0u8..3, any::<u8>()),
            1..12,
        ),
    ) {
        let corpus = check_corpus();
        let (name, mut bytes) = corpus[file.index(corpus.len())].clone();
        for (at, kind, byte) in edits {
            let at = at.index(bytes.len() + 1);
            match kind {
                0 if at < bytes.len() => bytes[at] = byte,
                1 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, byte),
            }
        }
        let path = Path::new("mutated.xml");
        for finding in byline::check_bytes(path, &bytes, NOW) {
            prop_assert_eq!(&finding.path, path, "{}", name);
        }
    }
}

/// A case the property test once found: raw HTML split by a block quote's
/// `> ` and a character of three bytes, where the filter's warning was
/// placed by an offset that fell inside the character.
#[test]
fn a_removed_element_inside_a_block_quote_after_wide_characters_is_placed_without_a_panic() {
    for body in [
        "<![CDATA[\r\n> \u{feff}<style>",
        "<div>\n> \u{feff}\u{feff}<script>x</script>\n",
        "> <span>é</span>\n> <iframe>",
    ] {
        let text = format!("+++\ntitle = \"]]>\"\ndate = \"2024-02-01\"\n+++\n{body}");
        check(&[(PathBuf::from("b.md"), text)]).unwrap();
    }
}
