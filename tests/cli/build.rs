//! `byline build` on good input: exact bytes, readable feeds, determinism.

use crate::harness::{Scratch, assert_golden, feed, texts, xml};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const CC: &str = "http://backend.userland.com/creativeCommonsRssModule";

#[test]
fn fixture_site_matches_golden_files() {
    let site = Scratch::fixture("site");
    site.run(&["build"]).assert_code(0);
    assert_golden("site", &site.files("public"));
}

/// The fixture site's articles as JSON Feed and as the HTML page, golden
/// like RSS and Atom (`fixtures/site-pages/expected`).
#[test]
fn fixture_site_as_json_feed_and_html_page_matches_golden_files() {
    let site = Scratch::fixture("site");
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        format!("{config}\n[[feeds]]\ntitle = \"Harbour Times: everything\"\njson = \"feed.json\"\nhtml = \"feed.html\"\n"),
    );
    site.run(&["build"]).assert_code(0);
    let mut files = site.files("public");
    files.retain(|path, _| path == "feed.json" || path == "feed.html");
    assert_eq!(files.len(), 2);
    assert_golden("site-pages", &files);
}

#[test]
fn two_builds_give_identical_bytes() {
    let site = Scratch::fixture("site");
    site.run(&["build", "--out", "first"]).assert_code(0);
    site.run(&["build", "--out", "second"]).assert_code(0);
    let (first, second) = (site.files("first"), site.files("second"));
    assert_eq!(first.len(), 6);
    assert_eq!(first, second);
}

#[test]
fn a_second_build_rewrites_nothing() {
    let site = Scratch::fixture("site");
    let run = site.run(&["build"]);
    assert!(
        run.stderr.contains("(7 files written, 0 unchanged)"),
        "{}",
        run.stderr
    );
    let run = site.run(&["build"]);
    assert!(
        run.stderr.contains("(0 files written, 7 unchanged)"),
        "{}",
        run.stderr
    );
}

#[test]
fn rss_items_carry_authors_dates_links_and_attribution() {
    let site = Scratch::fixture("site");
    site.run(&["build"]).assert_code(0);
    let bytes = &site.files("public")["rss.xml"];
    let doc = xml(bytes);

    // Newest first; the Europe/London zone applies to dates without offsets.
    let parsed = feed(bytes);
    let titles: Vec<_> = parsed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Ferry service returns after the winter storms",
            "Gale warning for the weekend ]]> stay ashore",
            "A new harbourmaster",
        ]
    );
    assert_eq!(
        texts(&doc, None, "pubDate"),
        [
            "Sun, 2 Mar 2025 00:00:00 +0000",
            "Sat, 1 Mar 2025 07:15:00 +0000",
            "Thu, 20 Feb 2025 16:00:00 +0000"
        ]
    );
    assert_eq!(
        texts(&doc, None, "lastBuildDate"),
        ["Sun, 2 Mar 2025 00:00:00 +0000"]
    );
    assert_eq!(
        parsed.entries[0].links[0].href,
        "http://harbour.example.com/2025/ferry-returns.html"
    );

    // A front-matter id wins; others are tag: URIs without the scheme.
    assert_eq!(
        texts(&doc, None, "guid"),
        [
            "tag:harbour.example.com,2025:ferry-returns",
            "tag:harbour.example.com,2025:gale-warning",
            "urn:uuid:5b0b2a7e-3f41-4a7c-9d8e-2f1c1a6b9e10",
        ]
    );

    // Authors without email are dc:creator; the site's default applies.
    assert_eq!(
        texts(&doc, Some(DC), "creator"),
        ["Harbour Desk", "Iris Moss", "Omar Haddad", "Harbour Desk"]
    );
    assert!(texts(&doc, None, "author").is_empty());
    assert_eq!(
        texts(&doc, Some(DC), "contributor"),
        ["Lee Park", "Sam Ortiz"]
    );

    // Sources: dc:source names it, or <source> when its feed is known (never both).
    assert_eq!(texts(&doc, Some(DC), "source"), ["Island Courier"]);
    assert_eq!(texts(&doc, None, "source"), ["Met Office"]);
    let via = doc
        .descendants()
        .find(|n| n.tag_name().namespace() == Some(ATOM) && n.attribute("rel") == Some("via"))
        .unwrap();
    assert_eq!(via.attribute("title"), Some("Met Office"));

    // Rights and license: the channel states the site's; items only differences.
    assert_eq!(texts(&doc, None, "copyright"), ["© 2025 Harbour Times"]);
    assert_eq!(
        texts(&doc, Some(DC), "rights"),
        ["© 2025 Island Courier, reprinted with permission"]
    );
    assert_eq!(
        texts(&doc, Some(CC), "license"),
        [
            "https://creativecommons.org/licenses/by-nd/4.0/",
            "https://creativecommons.org/licenses/by/4.0/"
        ]
    );
}

#[test]
fn content_is_safe_absolute_and_credited() {
    let site = Scratch::fixture("site");
    site.run(&["build"]).assert_code(0);
    let bytes = &site.files("public")["rss.xml"];
    let doc = xml(bytes);
    let content = texts(&doc, Some(CONTENT), "encoded");

    // Text that looks like HTML in a .txt file is text.
    assert!(
        content[0].contains(
            "repairs to the &lt;north pier&gt; cost less than feared &amp; took \"only\""
        )
    );
    assert!(content[0].ends_with("<p><em>Adapted from a report by the Island Courier</em></p>\n<p><small>License: <a href=\"https://creativecommons.org/licenses/by-nd/4.0/\">creativecommons.org/licenses/by-nd/4.0</a></small></p>\n"));

    // Markdown: links resolved against the article's URL, script and handlers gone.
    assert!(
        content[1].contains(r#"<a href="http://harbour.example.com/tides/">tide table</a>"#),
        "{}",
        content[1]
    );
    assert!(
        !content[1].contains("script")
            && !content[1].contains("onclick")
            && !content[1].contains("alert")
    );
    assert!(content[1].contains("<p>Small craft should stay in port.</p>"));
    assert!(
        content[1].contains(
            r#"Based on <a href="https://weather.example.net/warnings/123">Met Office</a>"#
        )
    );

    // A first-line `# Heading` is the title, and leaves the body.
    assert!(
        content[2].starts_with("<p>The council named <strong>Dana Price</strong>"),
        "{}",
        content[2]
    );
    assert!(content[2].contains("<em>Reporting by Lee Park; Editing by Sam Ortiz</em>"));
}

#[test]
fn atom_entries_carry_authors_dates_links_and_attribution() {
    let site = Scratch::fixture("site");
    site.run(&["build"]).assert_code(0);
    let bytes = &site.files("public")["atom.xml"];
    let doc = xml(bytes);
    let parsed = feed(bytes);

    assert_eq!(parsed.id, "http://harbour.example.com/atom.xml");
    // The ferry article is dated by its file name: midnight plus a fraction.
    let updated = parsed.updated.unwrap();
    assert_eq!(
        updated.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        "2025-03-02T00:00:00+00:00"
    );
    assert!(updated.timestamp_subsec_micros() > 0);
    let gale = &parsed.entries[1];
    let authors: Vec<_> = gale
        .authors
        .iter()
        .map(|p| (p.name.as_deref().unwrap_or(""), p.email.as_deref()))
        .collect();
    assert_eq!(
        authors,
        [
            ("Iris Moss", Some("iris@harbour.example.com")),
            ("Omar Haddad", None)
        ]
    );
    let rels: Vec<_> = gale
        .links
        .iter()
        .map(|l| (l.rel.as_deref().unwrap_or(""), l.href.as_str()))
        .collect();
    assert_eq!(
        rels,
        [
            (
                "alternate",
                "http://harbour.example.com/2025/gale-warning.html"
            ),
            ("via", "https://weather.example.net/warnings/123"),
        ]
    );
    let harbourmaster = &parsed.entries[2];
    assert_eq!(
        harbourmaster.published.unwrap().to_rfc3339(),
        "2025-02-20T16:00:00+00:00"
    );
    assert_eq!(
        harbourmaster.updated.unwrap().to_rfc3339(),
        "2025-02-21T09:00:00+00:00"
    );
    assert!(
        harbourmaster
            .links
            .iter()
            .any(|l| l.rel.as_deref() == Some("license")
                && l.href == "https://creativecommons.org/licenses/by/4.0/")
    );
    assert_eq!(
        texts(&doc, Some(ATOM), "name")
            .iter()
            .filter(|n| **n == "Harbour Desk")
            .count(),
        3,
        "feed + 2 entries"
    );
    assert_eq!(
        texts(&doc, Some(ATOM), "rights"),
        [
            "© 2025 Harbour Times",
            "© 2025 Island Courier, reprinted with permission"
        ]
    );
    let categories: Vec<_> = gale.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(categories, ["weather", "safety"]);
}

#[test]
fn filtered_and_per_tag_feeds() {
    let site = Scratch::fixture("site");
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let names: Vec<_> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "atom.xml",
            "rss.xml",
            "tag/people.rss",
            "tag/safety.rss",
            "tag/weather.rss",
            "weather.atom"
        ]
    );

    // `tags = ["weather"]` matches "Weather" and "weather"; limit 1; summaries only.
    let weather = feed(&files["weather.atom"]);
    assert_eq!(weather.entries.len(), 1);
    assert!(weather.entries[0].content.is_none());
    assert!(
        weather.entries[0]
            .summary
            .as_ref()
            .unwrap()
            .content
            .contains("Based on")
    );

    let per_tag = feed(&files["tag/weather.rss"]);
    assert_eq!(per_tag.title.unwrap().content, "Tagged Weather");
    assert_eq!(per_tag.entries.len(), 2);
}

#[test]
fn seed_shaped_article_credits_its_source_in_both_formats() {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"Wire\"\nbase_url = \"https://wire.example.org/\"\nauthors = [\"Wire desk\"]\n\n\
         [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\n",
    );
    // The seed's shape: headline, blank-line paragraphs, typographic quotes,
    // a closing credit line, no date inside and no final newline.
    site.write(
        "articles/2024-08-11-relay-gold.txt",
        "Relay team takes gold in the final race of the night\n\n\
         The crowd rose as the last runner crossed the line.\n\n\
         “It’s the best night of my life,” the anchor said.\n\n\
         (Adapted from a report by Reuters)",
    );
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    for name in ["feed.xml", "atom.xml"] {
        let parsed = feed(&files[name]);
        let entry = &parsed.entries[0];
        assert_eq!(
            entry.title.as_ref().unwrap().content,
            "Relay team takes gold in the final race of the night",
            "{name}"
        );
        // Atom adds a sub-second fraction to day-only dates; both are that midnight.
        let published = entry.published.unwrap();
        assert_eq!(
            published.format("%FT%T%:z").to_string(),
            "2024-08-11T00:00:00+00:00",
            "{name}"
        );
        let body = &entry.content.as_ref().unwrap().body.as_ref().unwrap();
        assert!(
            body.contains("<p>“It’s the best night of my life,” the anchor said.</p>"),
            "{name}: {body}"
        );
        // feed-rs trims the content's trailing newline in Atom.
        assert!(
            body.trim_end()
                .ends_with("<p><em>Adapted from a report by Reuters</em></p>"),
            "{name}: {body}"
        );
        assert!(
            !body.contains("(Adapted"),
            "the credit line leaves the body: {body}"
        );
    }
    let rss = xml(&files["feed.xml"]);
    assert_eq!(texts(&rss, Some(DC), "source"), ["Reuters"]);
}

#[test]
fn same_day_articles_get_distinct_atom_times_that_do_not_move() {
    let site = Scratch::site("");
    for name in ["a", "b", "c"] {
        site.write(
            &format!("articles/2024-08-11-{name}.txt"),
            format!("Story {name}\n\nText.\n"),
        );
    }
    site.run(&["build", "--out", "before"]).assert_code(0);
    site.write(
        "articles/2024-08-11-0-first.txt",
        "Another story\n\nText.\n",
    );
    site.run(&["build", "--out", "after"]).assert_code(0);
    let times = |dir: &str| {
        let parsed = feed(&site.files(dir)["atom.xml"]);
        parsed
            .entries
            .iter()
            .map(|e| (e.id.clone(), e.updated.unwrap(), e.published.unwrap()))
            .collect::<Vec<_>>()
    };
    let (before, after) = (times("before"), times("after"));
    let mut distinct: Vec<_> = after.iter().map(|(_, updated, _)| *updated).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "{after:?}");
    for (id, updated, published) in &before {
        assert_eq!(updated, published, "never shown as updated");
        assert_eq!(updated.date_naive().to_string(), "2024-08-11");
        assert!(
            after.contains(&(id.clone(), *updated, *published)),
            "{id} kept its time"
        );
    }
}

#[test]
fn atom_carries_a_source_known_only_by_name() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-08-11-relay-record.txt",
        "Relay team sets a record on the last night of the Games\n\n\
         The four runners finished in front of a full stadium.\n\n\
         (Adapted from a report by Reuters)\n",
    );
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let atom = xml(&files["atom.xml"]);
    assert_eq!(texts(&atom, Some(DC), "source"), ["Reuters"]);
    let entry = atom
        .descendants()
        .find(|n| n.has_tag_name((ATOM, "entry")))
        .unwrap();
    let source = entry
        .children()
        .find(|n| n.has_tag_name((DC, "source")))
        .expect("dc:source is a child of the entry, outside its content");
    assert_eq!(source.text(), Some("Reuters"));
    let rss = xml(&files["feed.xml"]);
    assert_eq!(texts(&rss, Some(DC), "source"), ["Reuters"]);
}

#[test]
fn feeds_no_longer_produced_are_removed_and_check_calls_them_stale() {
    let site = Scratch::fixture("site");
    site.run(&["build"]).assert_code(0);
    assert_eq!(
        site.manifest("public"),
        [
            "atom.xml",
            "feeds.opml",
            "rss.xml",
            "tag/people.rss",
            "tag/safety.rss",
            "tag/weather.rss",
            "weather.atom"
        ]
    );
    site.write("public/robots.txt", "not byline's");
    let article = site.dir.join("articles/2025-03-01-gale-warning.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("\"Weather\", \"Safety\"", "\"Weather\""),
    )
    .unwrap();

    let run = site.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains(
            "public/tag/safety.rss: error[StaleFile]: public/tag/safety.rss is no longer produced by any feed: run `byline build` to remove it"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("robots.txt"), "{}", run.stdout);

    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains(", 1 no longer produced removed)"),
        "{}",
        run.stderr
    );
    let files = site.files("public");
    assert!(!files.contains_key("tag/safety.rss"));
    assert_eq!(
        files["robots.txt"], b"not byline's",
        "never removes a file it did not write"
    );
    assert!(
        !site
            .manifest("public")
            .contains(&"tag/safety.rss".to_owned())
    );
    site.run(&["check"]).assert_code(0);
}

#[test]
fn titles_and_summaries_are_the_text_a_reader_sees() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-07-01-claim.md",
        "# A *bold* [claim](https://x.example/) about `R&D`\n\nThe first words.\n",
    );
    site.write(
        "articles/2024-07-02-setext.md",
        "A setext title\n==============\n\nIts body.\n",
    );
    site.write(
        "articles/2024-07-03-picture.md",
        "+++\ntitle = \"A picture first\"\n+++\n![The harbour at dawn](https://x.example/h.jpg)\n\nWhat the post says.\n",
    );
    site.run(&["build"]).assert_code(0);
    let parsed = feed(&site.files("public")["feed.xml"]);
    let seen: Vec<(String, String)> = parsed
        .entries
        .iter()
        .map(|e| {
            let summary = e.summary.as_ref().unwrap().content.clone();
            (e.title.as_ref().unwrap().content.clone(), summary)
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "A picture first".to_owned(),
                "<p>What the post says.</p>".to_owned()
            ),
            ("A setext title".to_owned(), "<p>Its body.</p>".to_owned()),
            (
                "A bold claim about R&D".to_owned(),
                "<p>The first words.</p>".to_owned()
            ),
        ]
    );
    let content = &parsed.entries[1].content.as_ref().unwrap().body;
    assert!(
        !content.as_deref().unwrap_or_default().contains("<h1>"),
        "the heading that gave the title is not repeated: {content:?}"
    );
}
