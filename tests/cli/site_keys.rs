//! `[site]` keys every feed of a site shares: the time of day of articles
//! dated by day alone, and the site's icon and logo.

use crate::harness::{Scratch, texts, xml};

#[test]
fn articles_dated_by_day_alone_take_the_default_time_in_the_site_zone() {
    let site = Scratch::site("timezone = \"Europe/Lisbon\"\ndefault_time = \"09:00\"");
    site.write("articles/2024-08-11-by-name.txt", "By name\n\nText.\n");
    site.write(
        "articles/by-front-matter.md",
        "+++\ntitle = \"By front matter\"\ndate = 2024-08-12\nupdated = \"2024-08-12\"\n+++\n\nText.\n",
    );
    site.write(
        "articles/with-a-time.md",
        "+++\ntitle = \"With a time\"\ndate = 2024-08-13T21:30:00+02:00\n+++\n\nText.\n",
    );
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let rss = xml(&files["feed.xml"]);
    assert_eq!(
        texts(&rss, None, "pubDate"),
        [
            "Tue, 13 Aug 2024 21:30:00 +0200",
            "Mon, 12 Aug 2024 09:00:00 +0100",
            "Sun, 11 Aug 2024 09:00:00 +0100",
        ],
        "a time that is written stays; a date-only `updated` on the same day is not before it"
    );

    // Unset, it stays midnight: no published date changes.
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("default_time = \"09:00\"\n", ""),
    );
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let rss = xml(&files["feed.xml"]);
    assert_eq!(
        texts(&rss, None, "pubDate")[1..],
        [
            "Mon, 12 Aug 2024 00:00:00 +0100",
            "Sun, 11 Aug 2024 00:00:00 +0100"
        ]
    );
}

#[test]
fn a_default_time_that_is_not_a_time_is_an_error_at_its_line() {
    let site = Scratch::site("default_time = \"9am\"");
    site.write("articles/2024-08-11-a.txt", "A\n\nText.\n");
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert!(
        run.errors().iter().any(|e| e.starts_with(
            "feeds.toml:5:16: error: `default_time = \"9am\"` is not a time of day such as `09:00`"
        )),
        "{}",
        run.stderr
    );
}
