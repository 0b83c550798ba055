//! Issue 22: what subscribers see. Each test pins one form that a real feed
//! reader shows wrong, and the form byline writes instead (the reader
//! matrix, `tests/readers/reader_matrix.py`, measures them all).

use crate::harness::{Scratch, assert_golden, fixture_source, repo, texts, xml};

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
fn rss_people_are_dc_creators_only() {
    let files = built(
        "authors = [{ name = \"Ana Lima\", email = \"ana@news.example.org\" }]",
        "Text.",
    );
    let doc = xml(&files["feed.xml"]);
    assert_eq!(texts(&doc, Some(DC), "creator"), ["Ana Lima"]);
    assert!(texts(&doc, None, "author").is_empty(), "no <author>");
}

#[test]
fn atom_dates_are_in_utc() {
    // Date-only: midnight in Paris, plus Atom's sub-second tie-breaker.
    let files = built("", "Text.");
    let doc = xml(&files["atom.xml"]);
    let atom = Some("http://www.w3.org/2005/Atom");
    for date in texts(&doc, atom, "published")
        .into_iter()
        .chain(texts(&doc, atom, "updated"))
    {
        assert!(date.starts_with("2024-08-10T22:00:00"), "{date}");
        assert!(date.ends_with("+00:00"), "{date}");
    }
    // A time with an offset keeps its instant.
    let files = built("date = 2024-08-11T09:30:00+02:00", "Text.");
    let doc = xml(&files["atom.xml"]);
    assert_eq!(
        texts(&doc, atom, "published"),
        ["2024-08-11T07:30:00+00:00"]
    );
}

#[test]
fn atom_feed_extensions_come_before_the_entries() {
    let site = Scratch::site("");
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"Test\"\nbase_url = \"https://test.example.org/\"\nauthors = [\"Desk\"]\n\n\
         [[feeds]]\natom = \"atom.xml\"\narchive = true\nlimit = 2\n",
    );
    for day in 1..=3 {
        site.write(
            &format!("articles/2024-08-0{day}-story-{day}.txt"),
            format!("Story {day}\n\nText.\n"),
        );
    }
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let mut markers = 0;
    for (name, bytes) in &files {
        let text = std::str::from_utf8(bytes).unwrap();
        let first_entry = text.find("<entry").unwrap();
        for marker in ["<fh:complete", "<fh:archive"] {
            if let Some(at) = text.find(marker) {
                markers += 1;
                assert!(at < first_entry, "{name}: {marker} after an entry");
            }
        }
        assert!(text.trim_end().ends_with("</entry>\n</feed>"), "{name}");
    }
    assert!(markers > 0, "an archive page is marked: {:?}", files.keys());
}

#[test]
fn json_summary_ends_with_the_credit() {
    let site = Scratch::site("");
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"Test\"\nbase_url = \"https://test.example.org/\"\nauthors = [\"Desk\"]\n\n\
         [[feeds]]\njson = \"feed.json\"\n",
    );
    site.write(
        "articles/2024-08-11-flag.txt",
        "The flag leaves Paris\n\nThe Olympic flag changed hands.\n\n(Adapted from a report by Reuters)\n",
    );
    site.write(
        "articles/2024-08-12-own.txt",
        "Our own story\n\nNobody else's words.\n",
    );
    site.run(&["build"]).assert_code(0);
    let json: serde_json::Value =
        serde_json::from_slice(&site.files("public")["feed.json"]).unwrap();
    let summaries: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "Nobody else's words.",
            "The Olympic flag changed hands. (Adapted from a report by Reuters)"
        ]
    );
}

#[test]
fn a_headline_only_article_has_no_blank_atom_content() {
    let site = Scratch::site("");
    site.write("articles/2024-08-11-head.txt", "Just a headline\n");
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let doc = xml(&files["atom.xml"]);
    let atom = Some("http://www.w3.org/2005/Atom");
    assert!(texts(&doc, atom, "content").is_empty());
    assert_eq!(texts(&doc, atom, "summary").len(), 1);
    site.run(&["check", "--deny-warnings"]).assert_code(0);
}

#[test]
fn a_text_file_holding_only_a_credit_line_has_no_headline() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-08-11-credit.txt",
        "(Adapted from a report by Reuters)\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        ["articles/2024-08-11-credit.txt: error: the article has no title"]
    );
    assert!(!site.dir.join("public").exists(), "nothing written");
}

#[test]
fn a_name_with_markup_is_an_error_not_a_feed_check_rejects() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-08-11-story.md",
        "+++\ntitle = \"A story\"\nauthors = [\"A <i>B</i>\"]\n+++\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        ["articles/2024-08-11-story.md: error: the name `A <i>B</i>` holds the HTML tag `</i>`"]
    );
    // A name that only mentions a tag-like text without an end tag builds,
    // and check passes what build wrote.
    site.write(
        "articles/2024-08-11-story.md",
        "+++\ntitle = \"A story\"\nauthors = [\"Ana <Lima>\", \"Tom & Ruth\"]\n+++\nText.\n",
    );
    site.run(&["build"]).assert_code(0);
    site.run(&["check", "--deny-warnings"]).assert_code(0);
}

#[test]
fn stress_site_matches_golden_files() {
    let site = Scratch::fixture("stress");
    site.run(&["build"]).assert_code(0);
    assert_golden("stress", &site.files("public"));
}

/// Build and check agree: whatever `byline build` writes for a fixture site
/// (every folder of `tests/cli/fixtures` that builds, and the sample site at
/// the repository's root), `byline check --deny-warnings` passes.
#[test]
fn check_passes_every_file_build_writes_on_every_fixture() {
    let mut sites = Vec::new();
    for entry in std::fs::read_dir(repo().join("tests/cli/fixtures")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("feeds.toml").is_file() && dir.join("expected").is_dir() {
            sites.push(dir.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    sites.sort();
    assert_eq!(
        sites,
        ["corrections", "site", "stress"],
        "the fixture sites"
    );
    for name in &sites {
        assert!(fixture_source(name).join("articles").is_dir());
        let site = Scratch::fixture(name);
        let build = site.run(&["build"]);
        build.assert_code(0);
        let check = site.run(&["check", "--deny-warnings"]);
        assert!(check.errors().is_empty(), "{name}:\n{}", check.stderr);
        // Check reports nothing about the files build wrote: at most the
        // articles' own warnings, which build printed too (the `site`
        // fixture has a `<script>` on purpose).
        let extra: Vec<&str> = check
            .warnings()
            .into_iter()
            .filter(|w| !build.warnings().contains(w))
            .collect();
        assert!(extra.is_empty(), "{name}: {extra:?}");
        if build.warnings().is_empty() {
            check.assert_code(0);
        }
    }
    let (out, files) = crate::harness::sample_site();
    assert!(files.len() > 20);
    let config = repo().join("feeds.toml");
    let run = out.run(&[
        "check",
        "--config",
        config.to_str().unwrap(),
        "--out",
        "public",
        "--deny-warnings",
    ]);
    assert_eq!(run.code, Some(0), "the sample site:\n{}", run.stderr);
}
