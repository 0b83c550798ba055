//! RFC 5005 archived feeds: the subscription document links the
//! newest archive page, pages hold the whole history oldest first, a full
//! page never changes, and a feed that fits is complete.

use crate::harness::{Scratch, feed, xml};
use std::collections::{BTreeMap, BTreeSet};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const HISTORY: &str = "http://purl.org/syndication/history/1.0";
const BASE: &str = "https://t.example.org/";

fn site(feed_keys: &str) -> Scratch {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        format!(
            "[site]\ntitle = \"T\"\nbase_url = \"{BASE}\"\nauthors = [\"D\"]\n\n\
             [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\njson = \"feed.json\"\n{feed_keys}\n"
        ),
    );
    site
}

/// Writes articles `from..=to`, one a day.
fn articles(site: &Scratch, from: u32, to: u32) {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for n in from..=to {
        let date = start + chrono::Days::new(u64::from(n));
        site.write(
            &format!("articles/{date}-story-{n}.txt"),
            format!("Story {n}\n\nThe story numbered {n}.\n"),
        );
    }
}

/// A file's links by relation (`atom:link` in RSS, `link` in Atom).
fn links(bytes: &[u8]) -> BTreeMap<String, String> {
    let doc = xml(bytes);
    doc.descendants()
        .filter(|n| n.has_tag_name((ATOM, "link")))
        .filter_map(|n| {
            Some((
                n.attribute("rel")?.to_owned(),
                n.attribute("href")?.to_owned(),
            ))
        })
        .collect()
}

fn marked(bytes: &[u8], name: &str) -> bool {
    xml(bytes)
        .descendants()
        .any(|n| n.has_tag_name((HISTORY, name)))
}

/// Follows `prev-archive` from the subscription document `start`,
/// returning each page's path and its item ids.
fn follow(files: &BTreeMap<String, Vec<u8>>, start: &str) -> Vec<(String, Vec<String>)> {
    let mut pages = Vec::new();
    let mut next = links(&files[start]).get("prev-archive").cloned();
    while let Some(url) = next {
        let path = url.strip_prefix(BASE).unwrap().to_owned();
        let bytes = &files[&path];
        assert!(marked(bytes, "archive"), "{path} is marked fh:archive");
        let page_links = links(bytes);
        assert_eq!(
            page_links.get("current").map(String::as_str),
            Some(format!("{BASE}{start}").as_str()),
            "{path} links its subscription document"
        );
        let ids = feed(bytes).entries.iter().map(|e| e.id.clone()).collect();
        next = page_links.get("prev-archive").cloned();
        pages.push((path, ids));
    }
    pages
}

#[test]
fn prev_archive_reaches_every_article_exactly_once_in_every_format() {
    let site = site("limit = 20\narchive = true");
    articles(&site, 1, 50);
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr
            .starts_with("published 1 feed and 3 archive pages (13 files written"),
        "{}",
        run.stderr
    );
    let files = site.files("public");
    let subscription = feed(&files["feed.xml"]);
    assert_eq!(subscription.entries.len(), 20, "the newest 20");
    assert!(!marked(&files["feed.xml"], "archive"));

    for start in ["feed.xml", "atom.xml"] {
        let pages = follow(&files, start);
        let sizes: Vec<usize> = pages.iter().map(|(_, ids)| ids.len()).collect();
        assert_eq!(
            sizes,
            [10, 20, 20],
            "{start}: newest page first, then full ones"
        );
        let all: Vec<&String> = pages.iter().flat_map(|(_, ids)| ids).collect();
        let distinct: BTreeSet<&String> = all.iter().copied().collect();
        assert_eq!(all.len(), 50, "{start}");
        assert_eq!(distinct.len(), 50, "{start}: every article exactly once");
        // The oldest page holds the oldest stories, and links no older one.
        let (oldest, ids) = pages.last().unwrap();
        assert!(
            ids.contains(&"tag:t.example.org,2024:story-1".to_owned()),
            "{oldest}"
        );
        assert!(!links(&files[oldest]).contains_key("prev-archive"));
        assert!(links(&files[oldest]).contains_key("next-archive"));
    }

    // JSON Feed: `next_url` leads to older pages; the history is in `_byline`.
    let mut ids = BTreeSet::new();
    let json = |path: &str| -> serde_json::Value { serde_json::from_slice(&files[path]).unwrap() };
    let mut next = json("feed.json")["next_url"].as_str().map(str::to_owned);
    let mut pages = 0;
    while let Some(url) = next {
        let page = json(url.strip_prefix(BASE).unwrap());
        assert_eq!(page["_byline"]["history"]["archive"], true);
        assert_eq!(
            page["_byline"]["history"]["current"],
            format!("{BASE}feed.json")
        );
        for item in page["items"].as_array().unwrap() {
            assert!(ids.insert(item["id"].as_str().unwrap().to_owned()), "once");
        }
        next = page["next_url"].as_str().map(str::to_owned);
        pages += 1;
    }
    assert_eq!((pages, ids.len()), (3, 50));
    site.run(&["check", "--deny-warnings"]).assert_code(0);
}

#[test]
fn a_new_article_changes_only_the_subscription_documents_and_the_newest_page() {
    let site = site("limit = 20\narchive = true");
    articles(&site, 1, 50);
    site.run(&["build"]).assert_code(0);
    let before = site.files("public");
    articles(&site, 51, 51);
    site.run(&["build"]).assert_code(0);
    let after = site.files("public");
    let changed: Vec<&String> = after
        .keys()
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert_eq!(
        changed,
        [
            "atom-archive-3.xml",
            "atom.xml",
            "feed-archive-3.json",
            "feed-archive-3.xml",
            "feed.json",
            "feed.xml"
        ]
    );
    // Filling the newest page opens the next one; the full pages stay as
    // they were, byte for byte.
    articles(&site, 52, 75);
    site.run(&["build"]).assert_code(0);
    let later = site.files("public");
    for page in [
        "feed-archive-1.xml",
        "feed-archive-2.xml",
        "atom-archive-1.xml",
        "feed-archive-2.json",
    ] {
        assert_eq!(
            later[page], before[page],
            "{page} is full and never changes"
        );
    }
    assert_eq!(feed(&later["feed-archive-3.xml"]).entries.len(), 20);
    assert_eq!(feed(&later["feed-archive-4.xml"]).entries.len(), 15);
}

#[test]
fn a_feed_that_fits_is_complete_and_a_feed_may_hold_everything() {
    let site = site("limit = 20\narchive = true");
    articles(&site, 1, 5);
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    assert_eq!(files.len(), 3, "no archive pages: {:?}", files.keys());
    assert!(marked(&files["feed.xml"], "complete"));
    assert!(marked(&files["atom.xml"], "complete"));
    let json: serde_json::Value = serde_json::from_slice(&files["feed.json"]).unwrap();
    assert_eq!(json["_byline"]["history"]["complete"], true);

    let site = self::site("limit = \"all\"");
    articles(&site, 1, 150);
    site.run(&["build"]).assert_code(0);
    assert_eq!(feed(&site.files("public")["feed.xml"]).entries.len(), 150);
}

#[test]
fn archive_settings_are_checked() {
    for (keys, message) in [
        ("archive_page = 5", "`archive_page` needs `archive = true`"),
        ("limit = \"all\"\narchive = true", "it needs no `archive`"),
        (
            "archive = true\narchive_page = 0",
            "`archive_page` must be at least 1",
        ),
        (
            "limit = \"many\"",
            "`limit` is a number of items, or \"all\"; not `many`",
        ),
    ] {
        let site = site(keys);
        let run = site.run(&["build"]);
        run.assert_code(2);
        assert!(run.stderr.contains(message), "{keys}: {}", run.stderr);
    }
}

#[test]
fn full_archive_pages_on_disk_are_kept_unrendered_and_what_shifts_is_rewritten() {
    let site = site("limit = 20\narchive = true");
    articles(&site, 1, 65);
    site.run(&["build"]).assert_code(0);
    // Each step: the pages kept (not rendered), and every file as a build
    // into an empty folder writes it.
    let step = |kept: usize| {
        let run = site.run(&["build", "--verbose"]);
        run.assert_code(0);
        if kept > 0 {
            let said = format!("and 4 archive pages ({kept} kept, not rendered again)");
            assert!(run.stderr.contains(&said), "{said}: {}", run.stderr);
        } else {
            assert!(!run.stderr.contains(" kept, "), "none kept: {}", run.stderr);
        }
        let _ = std::fs::remove_dir_all(site.dir.join("fresh"));
        site.run(&["build", "--out", "fresh"]).assert_code(0);
        assert_eq!(site.files("public"), site.files("fresh"));
    };
    // Nothing changed: every page is kept, the three full ones of 20 and
    // the newest.
    step(4);
    // A new article: only the newest page and the subscription documents.
    articles(&site, 66, 66);
    step(3);
    // An article of page 2 edited: pages 1, 3 and 4 stay.
    site.write(
        "articles/2024-01-31-story-30.txt",
        "Story 30\n\nThe story numbered 30, corrected.\n",
    );
    step(3);
    // Backdated before every other: every page shifts.
    site.write(
        "articles/2023-06-01-early.txt",
        "Early\n\nThe oldest story.\n",
    );
    step(0);
    step(4);
    // Deleted: the pages from its own on shift, the ones before it stay.
    std::fs::remove_file(site.dir.join("articles/2024-01-31-story-30.txt")).unwrap();
    step(1);
    // The folder moved (a CI cache restored elsewhere) keeps its pages.
    std::fs::create_dir_all(site.dir.join("moved")).unwrap();
    crate::harness::copy_tree(&site.dir.join("public"), &site.dir.join("moved"));
    let run = site.run(&["build", "--out", "moved", "--verbose"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("(4 kept, not rendered again)"),
        "{}",
        run.stderr
    );
    // The config changed: nothing is kept.
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("title = \"T\"", "title = \"U\""),
    );
    step(0);
}

#[test]
fn pages_are_kept_from_any_folder_however_the_config_path_is_spelled() {
    let site = site("limit = 20\narchive = true");
    articles(&site, 1, 45);
    site.run(&["build"]).assert_code(0);
    let name = site.dir.file_name().unwrap().to_str().unwrap().to_owned();
    let parent = site.dir.parent().unwrap().to_path_buf();
    let absolute = site.dir.join("feeds.toml").to_str().unwrap().to_owned();
    let runs = [
        (parent.clone(), format!("{name}/feeds.toml")),
        (parent.clone(), format!("./{name}/./feeds.toml")),
        (site.dir.clone(), "./feeds.toml".to_owned()),
        (site.dir.join("articles"), "../feeds.toml".to_owned()),
        (parent, absolute),
        (site.dir.clone(), "feeds.toml".to_owned()),
    ];
    for (dir, config) in runs {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
            .args(["build", "--verbose", "--config", &config])
            .current_dir(&dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{config}: {stderr}");
        // Two full pages and the newest, all kept: the same site, the same
        // output folder, whatever the build's folder.
        assert!(
            stderr.contains("and 3 archive pages (3 kept, not rendered again)"),
            "from {}, --config {config}: {stderr}",
            dir.display()
        );
    }
}
