//! Issue 22: what subscribers see. Each test pins one form that a real feed
//! reader shows wrong, and the form byline writes instead (the reader
//! matrix, `tests/readers/reader_matrix.py`, measures them all).

use crate::harness::{Scratch, texts, xml};

const DC: &str = "http://purl.org/dc/elements/1.1/";

/// A site with one article whose front matter is `front` (TOML) and whose
/// body is `body`, built; the files it wrote.
fn built(front: &str, body: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let site = Scratch::site("timezone = \"Europe/Paris\"");
    site.write(
        "articles/2024-08-11-story.md",
        format!("+++\ntitle = \"A story\"\n{front}\n+++\n{body}\n"),
    );
    site.run(&["build"]).assert_code(0);
    site.files("public")
}

#[test]
fn r22_rss_people_are_dc_creators_only() {
    let files = built(
        "authors = [{ name = \"Ana Lima\", email = \"ana@news.example.org\" }]",
        "Text.",
    );
    let doc = xml(&files["feed.xml"]);
    assert_eq!(texts(&doc, Some(DC), "creator"), ["Ana Lima"]);
    assert!(texts(&doc, None, "author").is_empty(), "no <author>");
}
