//! `byline build` on bad input: every problem listed, exact messages, the
//! right exit code, and nothing written.

use crate::harness::{Scratch, feed, fixture_source, xml};

const ATOM: &str = "http://www.w3.org/2005/Atom";
use std::fs;

#[test]
fn bad_articles_are_all_reported_and_nothing_is_written() {
    let site = Scratch::fixture("bad");
    site.write("public/feed.xml", "the previous feed");
    let run = site.run(&["build"]);
    run.assert_code(1);
    let expected = fs::read_to_string(fixture_source("bad").join("expected.stderr")).unwrap();
    assert_eq!(run.stderr, expected);
    assert_eq!(run.stdout, "");
    let files = site.files("public");
    assert_eq!(files.len(), 1, "nothing new is written: {:?}", files.keys());
    assert_eq!(files["feed.xml"], b"the previous feed");
}

#[test]
fn missing_config_exits_2_and_says_how_to_start() {
    let site = Scratch::new();
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .starts_with("feeds.toml: error: cannot read the config file:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--config PATH"), "{}", run.stderr);
}

#[test]
fn config_problems_exit_2_with_the_config_line() {
    let site = Scratch::fixture("site");
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write("feeds.toml", config.replace("timezone =", "time_zone ="));
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .starts_with("feeds.toml:6:1: error: unknown field `time_zone`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `timezone`?"),
        "{}",
        run.stderr
    );
    assert!(!site.dir.join("public").exists());
}

#[test]
fn a_feed_that_selects_nothing_is_published_empty_with_a_warning() {
    let site = Scratch::fixture("site");
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("tags = [\"weather\"]", "tags = [\"wether\"]"),
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains(
            "feeds.toml: warning[EmptyFeed]: the feed `weather.atom` selects no articles; it is published empty\n  help: did you mean `weather`?"
        ),
        "{}",
        run.stderr
    );
    let files = site.files("public");
    let atom = feed(&files["weather.atom"]);
    assert!(atom.entries.is_empty());
    assert_eq!(
        xml(&files["weather.atom"])
            .descendants()
            .find(|n| n.has_tag_name((ATOM, "updated")))
            .and_then(|n| n.text()),
        Some("2025-03-02T00:00:00+00:00"),
        "an empty feed is dated by the site's newest article"
    );
    // A typo must not hide in CI.
    site.run(&["check", "--deny-warnings"]).assert_code(1);
    site.run(&["check"]).assert_code(0);
}

#[test]
fn a_site_with_no_article_yet_publishes_empty_feeds() {
    let site = Scratch::site("");
    fs::create_dir_all(site.dir.join("articles")).unwrap();
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("feeds.toml: warning[EmptyFeed]: the feed `feed.xml` selects no articles"),
        "{}",
        run.stderr
    );
    let files = site.files("public");
    assert!(feed(&files["atom.xml"]).entries.is_empty());
    assert!(feed(&files["feed.xml"]).entries.is_empty());
    let text = String::from_utf8(files["atom.xml"].clone()).unwrap();
    assert!(
        text.contains("<updated>2000-01-01T00:00:00+00:00</updated>"),
        "{text}"
    );
}

#[test]
fn two_feeds_that_write_one_file_stay_an_error() {
    let site = Scratch::site("");
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        format!("{config}\n[[feeds]]\nrss = \"feed.xml\"\n"),
    );
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("error: `feed.xml` is the output of another feed too"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = Scratch::new();
    site.run(&["build", "--no-such-flag"]).assert_code(2);
    site.run(&["publish"]).assert_code(2);
    let help = site.run(&["--help"]);
    help.assert_code(0);
    assert!(help.stdout.contains("build"), "{}", help.stdout);
    let version = site.run(&["--version"]);
    assert_eq!(
        version.stdout,
        format!("byline {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_slug_may_repeat_where_urls_and_ids_differ() {
    let site = Scratch::site("article_url = \"news/{year}/{month}/{slug}/\"");
    let body = "Storm warning\n\nWinds of 90 km/h are expected on the coast.\n";
    site.write("articles/2024-03-07-storm-warning.txt", body);
    site.write("articles/2025-01-10-storm-warning.txt", body);
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let links: Vec<String> = feed(&files["feed.xml"])
        .entries
        .iter()
        .map(|e| e.links[0].href.clone())
        .collect();
    assert_eq!(
        links,
        [
            "https://test.example.org/news/2025/01/storm-warning/",
            "https://test.example.org/news/2024/03/storm-warning/"
        ]
    );

    // The same year: different URLs and one derived id, so the later one
    // gets an id with its full date; the earlier keeps its own.
    site.write("articles/2024-09-01-storm-warning.txt", body);
    let run = site.run(&["build"]);
    run.assert_code(0);
    let files = site.files("public");
    let ids: Vec<String> = feed(&files["feed.xml"])
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(
        ids,
        [
            "tag:test.example.org,2025:storm-warning",
            "tag:test.example.org,2024-09-01:storm-warning",
            "tag:test.example.org,2024:storm-warning"
        ]
    );
}

#[test]
fn ids_meet_where_urls_differ_without_the_year_in_the_pattern() {
    let site = Scratch::site("article_url = \"{month}/{slug}/\"");
    let body = "Storm warning\n\nWinds of 90 km/h are expected on the coast.\n";
    // Listed out of path order on purpose: the first in path order is named.
    site.write("articles/b/2024-09-01-storm.txt", body);
    site.write("articles/a/2024-03-07-storm.txt", body);
    site.write("articles/c/2025-03-02-storm.txt", body);
    let run = site.run(&["build"]);
    run.assert_code(1);
    // b's URL differs from a's, so it is given an id of its own; c's is a's.
    assert_eq!(
        run.errors(),
        [
            "articles/c/2025-03-02-storm.txt: error: the URL https://test.example.org/03/storm/ is also the URL of articles/a/2024-03-07-storm.txt",
        ]
    );
    std::fs::remove_file(site.dir.join("articles/c/2025-03-02-storm.txt")).unwrap();
    site.run(&["build"]).assert_code(0);
    let ids: Vec<String> = feed(&site.files("public")["atom.xml"])
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(
        ids,
        [
            "tag:test.example.org,2024-09-01:storm",
            "tag:test.example.org,2024:storm"
        ]
    );
}

#[test]
fn two_articles_with_one_url_stay_an_error() {
    let site = Scratch::site("");
    let body = "Storm warning\n\nWinds of 90 km/h are expected on the coast.\n";
    site.write("articles/2024-03-07-storm-warning.txt", body);
    site.write("articles/b/2025-01-10-storm-warning.txt", body);
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        [
            "articles/b/2025-01-10-storm-warning.txt: error: the URL https://test.example.org/storm-warning/ is also the URL of articles/2024-03-07-storm-warning.txt"
        ]
    );
}

#[test]
fn every_unknown_key_of_a_file_is_reported_in_one_run() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-15-welcome.md",
        "+++\ntitle = \"Welcome\"\nlayout = \"post\"\ncategories = [\"news\"]\ntag = [\"x\"]\npermalink = \"/welcome/\"\n+++\nBody\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "articles/2024-05-15-welcome.md:3:1: error: unknown field `layout`\n  help: `layout` is a key of other generators' posts: to read them as they are, set `front_matter = \"jekyll\"` under [build] in feeds.toml\n\
         articles/2024-05-15-welcome.md:4:1: error: unknown field `categories`\n\
         articles/2024-05-15-welcome.md:5:1: error: unknown field `tag`\n  help: did you mean `tags`?\n\
         articles/2024-05-15-welcome.md:6:1: error: unknown field `permalink`\n\
         error: 4 problems in 1 file; nothing was written\n"
    );
}

#[test]
fn getting_started_folders() {
    let site = Scratch::new();
    site.write(
        "site/feeds.toml",
        "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nauthors = [\"Me\"]\n\
         [build]\narticles = \"_posts\"\n[[feeds]]\nrss = \"feed.xml\"\n",
    );
    site.write("site/_posts/2024-01-01-hello.txt", "Hello\n\nWorld\n");
    site.write("site/_posts/_draft.txt", "Skipped\n\nInside the folder\n");
    let absolute = site.dir.join("site/feeds.toml");
    for config in ["site/feeds.toml", absolute.to_str().unwrap()] {
        let run = site.run(&["build", "--config", config]);
        run.assert_code(0);
        assert!(run.stderr.contains("from 1 article"), "{}", run.stderr);
    }

    let config = fs::read_to_string(&absolute).unwrap();
    fs::write(&absolute, config.replace("\"_posts\"", "\"nope\"")).unwrap();
    let run = site.run(&["build", "--config", "site/feeds.toml"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        "site/nope: error: cannot read the articles folder: No such file or directory (os error 2)\n  \
         help: the articles folder `site/nope` does not exist: create it, or set `articles` under [build] in site/feeds.toml to the folder your articles are in\n\
         error: 1 problem in 1 file; nothing was written\n"
    );

    fs::write(&absolute, config.replace("\"_posts\"", "\".\"")).unwrap();
    let inside = Scratch::new();
    fs::copy(&absolute, inside.dir.join("feeds.toml")).unwrap();
    inside.write("2024-01-02-beside.txt", "Beside the config\n\nText\n");
    let run = inside.run(&["build"]);
    run.assert_code(0);
    assert!(run.stderr.contains("from 1 article"), "{}", run.stderr);
}
