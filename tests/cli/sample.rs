//! The sample site shipped at the repository's root stays publishable.

use crate::harness::{feed, sample_site, xml};

#[test]
fn shipped_sample_site_builds_readable_feeds() {
    let (_out, files) = sample_site();
    let names: Vec<_> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "atom.xml",
            "feed.html",
            "feed.json",
            "feed.xml",
            "latest-archive-1.atom",
            "latest-archive-1.json",
            "latest-archive-1.xml",
            "latest-archive-2.atom",
            "latest-archive-2.json",
            "latest-archive-2.xml",
            "latest.atom",
            "latest.json",
            "latest.xml",
            "media/olympics/medal-table.png",
            "media/podcast/2024-08-12-gazette-daily-1.chapters.json",
            "media/podcast/cover.png",
            "media/podcast/episode-1.mp3",
            "media/podcast/episode-1.srt",
            "media/podcast/episode-1.vtt",
            "media/podcast/episode-2.chapters.json",
            "media/podcast/episode-2.fr.vtt",
            "media/podcast/episode-2.mp3",
            "media/podcast/episode-2.vtt",
            "podcast.xml",
            "sport.atom",
            "sport.xml",
            "tags/los-angeles.atom",
            "tags/los-angeles.xml",
            "tags/olympics.atom",
            "tags/olympics.xml",
            "tags/podcast.atom",
            "tags/podcast.xml",
            "tags/sport.atom",
            "tags/sport.xml",
            "tags/swimming.atom",
            "tags/swimming.xml",
        ]
    );
    for (name, bytes) in &files {
        if name.ends_with(".html") || name.starts_with("media/") {
            continue;
        }
        if !name.ends_with(".json") {
            xml(bytes);
        }
        assert!(!feed(bytes).entries.is_empty(), "{name} has entries");
    }
    for name in ["feed.xml", "atom.xml", "feed.json"] {
        let parsed = feed(&files[name]);
        let cruise = parsed
            .entries
            .iter()
            .find(|e| e.title.as_ref().unwrap().content.starts_with("Tom Cruise"))
            .expect("the wire-copy article is published");
        let body = cruise.content.as_ref().unwrap().body.as_ref().unwrap();
        assert!(body.contains("Adapted from a report by Reuters"), "{name}");
    }
    // The draft is checked but not published.
    assert_eq!(feed(&files["feed.xml"]).entries.len(), 6);
    let ids = |name: &str| -> Vec<String> {
        feed(&files[name])
            .entries
            .iter()
            .map(|e| e.id.clone())
            .collect()
    };
    assert_eq!(
        ids("feed.json"),
        ids("feed.xml"),
        "JSON and RSS carry the same items"
    );
}

/// A newcomer replaces the sample articles with one story of their own in
/// the wire-copy shape (no front matter, a date in the file name): the
/// sample config still builds, the feeds that select nothing are published
/// empty with a warning, and the podcast keeps its cover.
#[test]
fn sample_config_builds_with_one_wire_story_alone() {
    let site = crate::harness::Scratch::new();
    let repo = crate::harness::repo();
    site.write(
        "feeds.toml",
        std::fs::read(repo.join("feeds.toml")).unwrap(),
    );
    site.write(
        "podcast/cover.png",
        std::fs::read(repo.join("podcast/cover.png")).unwrap(),
    );
    site.write(
        "articles/2024-09-02-harbour-swim-returns.txt",
        "Harbour swim returns after a year away.\n\n\
         Two hundred swimmers crossed the old harbour on Sunday morning, the first race \
         there since the quay works began.\n\n\
         “The water was cold and the crowd was loud,” said one finisher, wrapped in a towel.\n\n\
         (Adapted from a report by the Coast Courier)\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.warnings()
            .iter()
            .any(|w| w.contains("selects no articles; it is published empty")),
        "{}",
        run.stderr
    );
    let files = site.files("public");
    assert!(
        files.contains_key("media/podcast/cover.png"),
        "{:?}",
        files.keys()
    );
    let atom = feed(&files["atom.xml"]);
    assert_eq!(
        atom.entries[0].title.as_ref().unwrap().content,
        "Harbour swim returns after a year away."
    );
}
