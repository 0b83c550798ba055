//! Feeds by author, language and section, feeds that leave tags out, and
//! articles kept out of every feed: the `selection` fixture, three authors,
//! two languages and two sections.

use crate::harness::{Scratch, feed};
use std::collections::BTreeMap;

/// The fixture built: every file it wrote.
fn built() -> (Scratch, BTreeMap<String, Vec<u8>>) {
    let site = Scratch::fixture("selection");
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    (site, files)
}

/// The articles a feed file carries, newest first, by the slug that ends
/// their URL.
fn slugs(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Vec<String> {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("`{path}` was not written; files: {:?}", files.keys()));
    feed(bytes)
        .entries
        .iter()
        .map(|entry| {
            let href = &entry.links[0].href;
            href.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

const REOPENS: &str = "harbour-reopens";
const STRIKE: &str = "ferry-strike";
const TIDES: &str = "tide-tables";
const FERRIES: &str = "why-ferries-matter";
const LETTERS: &str = "letters";

#[test]
fn each_author_language_and_section_feed_holds_exactly_its_articles() {
    let (_site, files) = built();
    let expected: &[(&str, &[&str])] = &[
        ("feed.xml", &[LETTERS, FERRIES, TIDES, STRIKE, REOPENS]),
        // Two authors' article is in both their feeds.
        ("authors/ana-lima.xml", &[FERRIES, REOPENS]),
        ("authors/ana-lima.atom", &[FERRIES, REOPENS]),
        ("authors/ana-lima.json", &[FERRIES, REOPENS]),
        ("authors/bo-chen.xml", &[FERRIES, STRIKE]),
        ("authors/carla-ruiz.xml", &[LETTERS, TIDES]),
        // The site's language for articles that set none.
        ("languages/en.atom", &[LETTERS, TIDES, REOPENS]),
        ("languages/fr.atom", &[FERRIES, STRIKE]),
        ("languages/fr.json", &[FERRIES, STRIKE]),
        // A folder below a section, and a page bundle, are in it.
        ("sections/news.xml", &[TIDES, STRIKE, REOPENS]),
        ("sections/opinion.xml", &[LETTERS, FERRIES]),
        ("unsponsored.xml", &[FERRIES, STRIKE, REOPENS]),
        // Both kinds given: an article must match each.
        ("ana-lima-fr.atom", &[FERRIES]),
        ("tags/harbour.xml", &[REOPENS]),
    ];
    for (path, articles) in expected {
        assert_eq!(slugs(&files, path), *articles, "{path}");
    }
    let per_value: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|p| {
            p.starts_with("authors/") || p.starts_with("languages/") || p.starts_with("sections/")
        })
        .collect();
    assert_eq!(
        per_value,
        [
            "authors/ana-lima.atom",
            "authors/ana-lima.html",
            "authors/ana-lima.json",
            "authors/ana-lima.xml",
            "authors/bo-chen.atom",
            "authors/bo-chen.html",
            "authors/bo-chen.json",
            "authors/bo-chen.xml",
            "authors/carla-ruiz.atom",
            "authors/carla-ruiz.html",
            "authors/carla-ruiz.json",
            "authors/carla-ruiz.xml",
            "languages/en.atom",
            "languages/en.json",
            "languages/fr.atom",
            "languages/fr.json",
            "sections/news.html",
            "sections/news.xml",
            "sections/opinion.html",
            "sections/opinion.xml",
        ],
        "one feed per author, language and section in use, the site's default author unused"
    );
}

#[test]
fn per_value_feeds_put_the_name_in_titles_and_links() {
    let (_site, files) = built();
    let ana = feed(&files["authors/ana-lima.atom"]);
    assert_eq!(
        ana.title.unwrap().content,
        "Harbour Desk: stories by Ana Lima"
    );
    let news = feed(&files["sections/news.xml"]);
    assert_eq!(news.title.unwrap().content, "Harbour Desk: news");
    assert!(
        news.links
            .iter()
            .any(|l| l.href == "https://harbour.example.org/news/"),
        "{:?}",
        news.links
    );
    let french = String::from_utf8(files["languages/fr.atom"].clone()).unwrap();
    assert!(
        french.contains("<title>Harbour Desk: fr</title>"),
        "{french}"
    );
    // A feed of one language is in that language, and its entries need no
    // language of their own; in the site's feed they do.
    assert!(
        french.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">"),
        "{french}"
    );
    assert_eq!(french.matches("xml:lang").count(), 1, "{french}");
    let json: serde_json::Value = serde_json::from_slice(&files["languages/fr.json"]).unwrap();
    assert_eq!(json["language"], "fr");
    assert!(json["items"][0].get("language").is_none(), "{json}");
    let all = String::from_utf8(files["atom.xml"].clone()).unwrap();
    assert!(all.contains("xml:lang=\"en\">"), "{all}");
    assert_eq!(all.matches("<entry xml:lang=\"fr\">").count(), 2, "{all}");
}

#[test]
fn an_article_kept_out_of_feeds_is_in_no_file_but_is_still_checked() {
    let (site, files) = built();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("2024-08-06-about") && !text.contains("/about/"),
            "`{path}` links the kept-out page"
        );
        assert!(
            !text.contains("About the Harbour Desk"),
            "`{path}` carries the kept-out page"
        );
    }
    assert!(
        !files.keys().any(|p| p.contains("about")),
        "its media are not published either: {:?}",
        files.keys()
    );
    // Kept out, not skipped: a problem in it still fails the build.
    site.write(
        "articles/2024-08-06-about.md",
        "+++\ntitle = \"About\"\nfeeds = false\nlanguage = \"english!\"\n+++\n\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.contains("2024-08-06-about.md") && e.contains("`english!`")),
        "{}",
        run.stderr
    );
}

#[test]
fn feeds_false_must_be_a_boolean() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-08-06-about.md",
        "+++\ntitle = \"About\"\nfeeds = \"no\"\n+++\n\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.starts_with("articles/2024-08-06-about.md:3:9: error: invalid type")),
        "{}",
        run.stderr
    );
}

#[test]
fn per_value_keys_are_checked() {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nauthors = [\"D\"]\n\n\
         [[feeds]]\nfor_each_author = true\nrss = \"authors.xml\"\n\n\
         [[feeds]]\nrss = \"x/{section}.xml\"\n\n\
         [[feeds]]\nfor_each_language = true\nlanguages = [\"fr\"]\natom = \"l/{language}.atom\"\n\n\
         [[feeds]]\nfor_each_tag = true\nfor_each_section = true\nrss = \"t/{tag}.xml\"\n\n\
         [[feeds]]\nlanguages = [\"français\"]\nrss = \"fr.xml\"\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(2);
    let errors = run.errors();
    let expected = [
        "feeds.toml:8:7: error: `authors.xml` needs `{author}` in it: this feed is published once per author",
        "feeds.toml:11:7: error: `x/{section}.xml` has `{section}`, but the feed does not set `for_each_section = true`",
        "error: a feed with `for_each_language = true` cannot also filter by `languages`",
        "error: a feed is published once per one kind of value, not per `for_each_tag` and `for_each_section`",
        "error: `français` is not a language tag",
    ];
    for expected in expected {
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "no `{expected}` in\n{}",
            run.stderr
        );
    }
    assert_eq!(errors.len(), expected.len(), "{}", run.stderr);
}

/// A name with no letters or digits has no slug, so no per-author feed:
/// an error at its line, as a tag's is, not an author silently left out.
#[test]
fn an_author_or_tag_with_no_letters_or_digits_is_an_error() {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nauthors = [\"D\"]\n\n\
         [[feeds]]\nfor_each_author = true\nrss = \"authors/{author}.xml\"\n",
    );
    site.write(
        "articles/2024-08-06-a.md",
        "+++\ntitle = \"A\"\nauthors = [\"Ana\", \"***\"]\ntags = [\"!!!\"]\n+++\n\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        [
            "articles/2024-08-06-a.md:3:19: error: the author `***` has no letters or digits",
            "articles/2024-08-06-a.md:4:9: error: the tag `!!!` has no letters or digits",
        ],
        "{}",
        run.stderr
    );
    assert!(!site.dir.join("public").exists(), "nothing written");
    // The site's authors, which an article without its own takes.
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nauthors = [\"--\"]\n\n\
         [[feeds]]\nfor_each_author = true\nrss = \"authors/{author}.xml\"\n",
    );
    site.write(
        "articles/2024-08-06-a.md",
        "+++\ntitle = \"A\"\n+++\n\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert_eq!(
        run.errors(),
        ["feeds.toml:4:12: error: the author `--` has no letters or digits"],
        "{}",
        run.stderr
    );
}

/// A feed's language is written as BCP 47 writes it, whatever case the
/// config or the article gave it (`FR` is `fr`, `PT-br` is `pt-BR`).
#[test]
fn a_feeds_language_is_written_in_the_conventional_case() {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nlanguage = \"EN\"\nauthors = [\"D\"]\n\n\
         [[feeds]]\nlanguages = [\"FR\"]\nrss = \"fr.xml\"\natom = \"fr.atom\"\njson = \"fr.json\"\n\n\
         [[feeds]]\nfor_each_language = true\natom = \"l/{language}.atom\"\n\n\
         [[feeds]]\natom = \"all.atom\"\n",
    );
    site.write(
        "articles/2024-08-06-a.md",
        "+++\ntitle = \"A\"\nlanguage = \"fr\"\n+++\n\nTexte.\n",
    );
    site.write(
        "articles/2024-08-07-b.md",
        "+++\ntitle = \"B\"\nlanguage = \"PT-br\"\n+++\n\nTexto.\n",
    );
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let text = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    let holds = |path: &str, needle: &str| {
        let text = text(path);
        assert!(text.contains(needle), "{path} lacks {needle}:\n{text}");
    };
    holds("fr.xml", "<language>fr</language>");
    holds("fr.atom", "xml:lang=\"fr\"");
    let json: serde_json::Value = serde_json::from_slice(&files["fr.json"]).unwrap();
    assert_eq!(json["language"], "fr");
    holds("l/en.atom", "xml:lang=\"en\"");
    holds("l/pt-br.atom", "xml:lang=\"pt-BR\"");
    // The article in the feed's language needs no language of its own.
    assert!(
        !text("fr.atom").contains("<entry xml:lang"),
        "{}",
        text("fr.atom")
    );
    // An entry's own language, in a feed of another, is written so too,
    // and so is the language feed's title.
    holds("all.atom", "<entry xml:lang=\"pt-BR\">");
    holds("l/pt-br.atom", ">T: pt-BR</title>");
}

/// The `xmlUrl` of every outline of an OPML file, in order.
fn xml_urls(opml: &str) -> Vec<String> {
    let doc = crate::harness::xml(opml.as_bytes());
    assert_eq!(doc.root_element().attribute("version"), Some("2.0"));
    doc.descendants()
        .filter(|n| n.has_tag_name("outline"))
        .map(|n| {
            assert_eq!(n.attribute("type"), Some("rss"));
            assert!(n.attribute("text").is_some_and(|t| !t.is_empty()));
            assert_eq!(n.attribute("text"), n.attribute("title"));
            assert!(n.attribute("htmlUrl").is_some());
            n.attribute("xmlUrl").unwrap().to_owned()
        })
        .collect()
}

#[test]
fn the_opml_lists_every_feed_file_and_is_in_the_manifest() {
    let (site, files) = built();
    let opml = site.opml("public");
    let mut listed = xml_urls(&opml);
    let mut feeds: Vec<String> = files
        .keys()
        .filter(|p| !p.ends_with(".html") && !p.starts_with("media/"))
        .map(|p| format!("https://harbour.example.org/{p}"))
        .collect();
    assert_eq!(listed.len(), 24, "{opml}");
    assert!(
        listed.starts_with(&[
            "https://harbour.example.org/feed.xml".to_owned(),
            "https://harbour.example.org/atom.xml".to_owned(),
            "https://harbour.example.org/feed.json".to_owned(),
            "https://harbour.example.org/authors/ana-lima.xml".to_owned(),
        ]),
        "config order, then format order: {listed:?}"
    );
    listed.sort();
    feeds.sort();
    assert_eq!(listed, feeds, "every feed file, per-tag ones included");
    assert!(opml.contains("text=\"Harbour Desk: stories by Bo Chen (Atom 1.0)\""));
    assert!(opml.contains("htmlUrl=\"https://harbour.example.org/news/\""));
    // Each outline carries the language its feed states.
    let doc = crate::harness::xml(opml.as_bytes());
    let language_of = |url: &str| {
        doc.descendants()
            .find(|n| n.attribute("xmlUrl") == Some(url))
            .and_then(|n| n.attribute("language"))
            .map(str::to_owned)
    };
    assert_eq!(
        language_of("https://harbour.example.org/feed.xml").as_deref(),
        Some("en")
    );
    assert_eq!(
        language_of("https://harbour.example.org/languages/fr.atom").as_deref(),
        Some("fr")
    );
    assert!(opml.contains("<dateModified>Mon, 5 Aug 2024 00:00:00 +0100</dateModified>"));
    assert!(site.manifest("public").contains(&"feeds.opml".to_owned()));

    // `check` holds it to what a build would write, as it does the feeds.
    site.run(&["check", "--deny-warnings"]).assert_code(0);
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("Ana Lima, in French", "Ana Lima, en français"),
    );
    let run = site.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout
            .contains("public/feeds.opml: error[StaleFile]: public/feeds.opml is out of date"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_opml_can_move_or_be_left_out_and_never_lists_archive_pages() {
    let site = Scratch::site("\n[build]\nopml = \"lists/all.opml\"");
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write("feeds.toml", config + "limit = 1\narchive = true\n");
    for day in 1..=3 {
        site.write(
            &format!("articles/2024-08-0{day}-day-{day}.txt"),
            format!("Day {day}\n\nText.\n"),
        );
    }
    site.run(&["build"]).assert_code(0);
    let opml = std::fs::read_to_string(site.dir.join("public/lists/all.opml")).unwrap();
    assert_eq!(
        xml_urls(&opml),
        [
            "https://test.example.org/feed.xml",
            "https://test.example.org/atom.xml"
        ],
        "the subscription documents, not the archive pages"
    );
    assert!(site.dir.join("public/feed-archive-1.xml").is_file());
    assert!(!site.dir.join("public/feeds.opml").exists());

    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("opml = \"lists/all.opml\"", "opml = false"),
    );
    site.run(&["build"]).assert_code(0);
    assert!(
        !site.dir.join("public/lists/all.opml").exists(),
        "the last build's list is removed with the manifest"
    );
    assert!(!site.manifest("public").iter().any(|p| p.ends_with(".opml")));

    site.write(
        "feeds.toml",
        std::fs::read_to_string(site.dir.join("feeds.toml"))
            .unwrap()
            .replace("opml = false", "opml = \"feed.xml\""),
    );
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.contains("`feed.xml` is the output of a feed too")),
        "{}",
        run.stderr
    );
}

/// A paragraph of about 1 KiB.
fn long_paragraph() -> String {
    "The tide turned at noon and the ferries left on time. ".repeat(20)
}

/// Writes 25 reports of about 60 KiB each, one a day in July 2024.
fn write_long_reports(site: &Scratch) {
    let paragraph = long_paragraph();
    let body = format!("{paragraph}\n\n").repeat(55);
    for day in 1..=25 {
        site.write(
            &format!("articles/2024-07-{day:02}-report-{day}.txt"),
            format!("Report {day}\n\n{body}"),
        );
    }
}

/// The `FeedTooLarge` lines of `stderr`.
fn too_large(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("FeedTooLarge"))
        .collect()
}

#[test]
fn a_feed_over_one_mib_gets_a_warning_in_build_and_check_with_the_fix() {
    let site = Scratch::site("");
    // The newest 20 of 25 reports make a feed of about 1.2 MiB.
    write_long_reports(&site);
    let run = site.run(&["build"]);
    run.assert_code(0);
    let size = std::fs::metadata(site.dir.join("public/feed.xml"))
        .unwrap()
        .len();
    assert!(size > 1024 * 1024, "{size}");
    let warnings = too_large(&run.stderr);
    assert_eq!(
        warnings.len(),
        2,
        "RSS and Atom, each once:\n{}",
        run.stderr
    );
    assert!(
        warnings[0].starts_with("feeds.toml:7: warning[FeedTooLarge]: the feed `atom.xml` is 1.")
            && warnings[0].contains("Feedly has stopped crawling feeds this large")
            && warnings[0].contains("CommaFeed")
            && warnings[0].contains("Miniflux"),
        "{}",
        run.stderr
    );
    let help = run
        .stderr
        .lines()
        .find(|l| l.contains("help: in this `[[feeds]]`: `limit = 1"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        help.contains("`limit = 1")
            && help.contains("with `archive = true`")
            && help.contains("`content = \"summary\"`"),
        "{help}"
    );

    let check = site.run(&["check", "public/feed.xml"]);
    assert!(
        check
            .stdout
            .contains("public/feed.xml: warning[FeedTooLarge]: the feed is 1."),
        "{}{}",
        check.stdout,
        check.stderr
    );
    site.write(
        "big.html",
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><title>Big</title><p>{}</p></html>\n",
            long_paragraph().repeat(1200)
        ),
    );
    let page = site.run(&["check", "big.html"]);
    assert!(
        !page.stdout.contains("FeedTooLarge"),
        "a page is not a feed: {}",
        page.stdout
    );
    let strict = site.run(&["check", "--deny-warnings", "public/feed.xml"]);
    assert_ne!(strict.code, Some(0), "{}", strict.stdout);

    // The fix it names works.
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write("feeds.toml", config + "content = \"summary\"\n");
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("FeedTooLarge"), "{}", run.stderr);
}

#[test]
fn a_large_archive_page_is_warned_about_at_its_feeds_table() {
    let site = Scratch::site("");
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        format!("{config}limit = 2\narchive = true\narchive_page = 20\n"),
    );
    // The oldest 20 of 25 reports make a page of 1.2 MiB.
    write_long_reports(&site);
    let run = site.run(&["build"]);
    run.assert_code(0);
    let warnings = too_large(&run.stderr);
    assert!(!warnings.is_empty(), "{}", run.stderr);
    for warning in &warnings {
        // At the table that makes the page, which the page's own name is
        // not in.
        assert!(
            warning.starts_with("feeds.toml:7: warning[FeedTooLarge]: the feed `"),
            "{warning}"
        );
    }
    assert!(
        run.stderr
            .contains("help: in this `[[feeds]]`: `archive_page = 1"),
        "{}",
        run.stderr
    );
    // A kept page, not rendered again, is warned about the same way.
    let again = site.run(&["build"]);
    let kept = too_large(&again.stderr);
    assert_eq!(kept, warnings, "{}", again.stderr);
}

#[test]
fn an_empty_feed_suggests_the_author_or_section_meant() {
    let site = Scratch::fixture("selection");
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config
            + "\n[[feeds]]\nauthors = [\"Ana Lim\"]\nrss = \"typo-author.xml\"\n\
               \n[[feeds]]\nsections = [\"opinon\"]\nrss = \"typo-section.xml\"\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    for (file, meant) in [
        ("typo-author.xml", "ana-lima"),
        ("typo-section.xml", "opinion"),
    ] {
        run.assert_says(&format!(
                "the feed `{file}` selects no articles; it is published empty\n  help: did you mean `{meant}`?"
            ));
    }
}
