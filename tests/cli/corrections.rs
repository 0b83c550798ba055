//! Corrections and retractions as data: the update date, the visible note
//! in every format, and the same id and publication date.

use crate::harness::{Scratch, assert_golden, content_and_summary, feed};

const REGATTA: &str =
    "Correction, 13 August 2024: An earlier version misstated the winning crew's time";
const QUAY: &str = "Correction, 15 August 2024: The repairs now end on 30 September";
const FEES: &str = "Retraction, 14 August 2024: This article has been withdrawn";

#[test]
fn the_corrections_fixture_matches_its_golden_files() {
    let site = Scratch::fixture("corrections");
    site.run(&["build"]).assert_code(0);
    assert_golden("corrections", &site.files("public"));
    site.run(&["check", "--deny-warnings"]).assert_code(0);
}

/// The text of an entry as feed-rs gives it: content and summary.
fn shown(entry: &feed_rs::model::Entry) -> String {
    let [content, summary] = content_and_summary(entry);
    // What a reader shows: the text, without the tags.
    let mut text = String::new();
    let mut in_tag = false;
    for c in format!("{content}\n{summary}").chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'").replace("&#x27;", "'")
}

#[test]
fn every_format_shows_the_notes_and_dates_the_item_by_its_latest_correction() {
    let site = Scratch::fixture("corrections");
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    for name in [
        "feed.xml",
        "atom.xml",
        "feed.json",
        "summaries.xml",
        "summaries.atom",
    ] {
        let parsed = feed(&files[name]);
        let entry = |title: &str| {
            parsed
                .entries
                .iter()
                .find(|e| e.title.as_ref().is_some_and(|t| t.content == title))
                .unwrap_or_else(|| panic!("{name}: no entry {title}"))
        };
        let regatta = entry("Blue crew takes the harbour regatta");
        assert!(
            shown(regatta).contains(REGATTA),
            "{name}: {}",
            shown(regatta)
        );
        assert_eq!(
            regatta.updated.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-08-13T00:00:00+00:00"),
            "{name}"
        );
        assert_eq!(
            regatta.id, "tag:ledger.example.org,2024:regatta-results",
            "{name}: the id never changes"
        );
        let quay = entry("North quay closes for repairs");
        assert!(shown(quay).contains(QUAY), "{name}: {}", shown(quay));
        assert!(shown(quay).contains("Correction, 12 August 2024"), "{name}");
        assert_eq!(
            quay.updated.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-08-15T00:00:00+00:00"),
            "{name}: the latest correction"
        );
        let fees = entry("Harbour fees to double next year");
        let text = shown(fees);
        assert!(text.contains(FEES), "{name}: {text}");
        assert!(
            !text.contains("Mooring fees"),
            "{name}: a retracted story's text is gone: {text}"
        );
        assert_eq!(
            fees.id, "tag:ledger.example.org,2024:harbour-fees",
            "{name}"
        );
        assert_eq!(
            fees.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-08-09T00:00:00+00:00"),
            "{name}: the publication date stays"
        );
    }
    let page = String::from_utf8(files["feed.html"].clone()).unwrap();
    for note in [REGATTA, QUAY, FEES] {
        let html = note.replacen(": ", ":</strong> ", 1);
        assert!(page.contains(&html), "the page shows {note}:\n{page}");
    }
}

#[test]
fn a_correction_needs_a_date_and_a_note_no_earlier_than_the_article() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-08-10-a.md",
        "+++\ntitle = \"A\"\ncorrections = [{ note = \"Fixed.\" }, { date = 2024-08-01, note = \"Early.\" }, { date = 2024-08-11, note = \"\" }]\nretracted = { date = 2024-08-12 }\n+++\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 4, "{}", run.stderr);
    assert!(
        errors[0].ends_with("error: a `corrections` entry has no `date`"),
        "{errors:?}"
    );
    assert!(
        errors[1].ends_with(
            "error: the date `2024-08-01T00:00:00+00:00` of a `corrections` entry is earlier than the article's, `2024-08-10T00:00:00+00:00`"
        ),
        "{errors:?}"
    );
    assert!(
        errors[2].ends_with("error: the `note` of a `corrections` entry is empty"),
        "{errors:?}"
    );
    assert!(
        errors[3].ends_with("error: a `retracted` entry has no `note`"),
        "{errors:?}"
    );
    assert!(
        errors[..3]
            .iter()
            .all(|e| e.starts_with("articles/2024-08-10-a.md:3:")),
        "{errors:?}"
    );
    assert!(
        errors[3].starts_with("articles/2024-08-10-a.md:4:"),
        "{errors:?}"
    );
    run.assert_says(
        "help: date it no earlier than `2024-08-10T00:00:00+00:00`, or fix the article's `date`",
    );
}

#[test]
fn corrections_are_read_in_every_dialect() {
    for (dialect, folder, text) in [
        (
            "jekyll",
            "_posts",
            "---\ntitle: Tide tables\ncorrections:\n  - date: 2024-08-12\n    note: The tides were an hour off.\n---\nHigh tide at noon.\n",
        ),
        (
            "hugo",
            "content/posts",
            "+++\ntitle = \"Tide tables\"\ndate = 2024-08-10\n[[corrections]]\ndate = 2024-08-12\nnote = \"The tides were an hour off.\"\n+++\nHigh tide at noon.\n",
        ),
        (
            "zola",
            "content",
            "+++\ntitle = \"Tide tables\"\ndate = 2024-08-10\nretracted = { date = 2024-08-12, note = \"The tides were an hour off.\" }\n+++\nHigh tide at noon.\n",
        ),
    ] {
        let site = Scratch::new();
        site.write(
            "feeds.toml",
            format!(
                "[site]\ntitle = \"T\"\nbase_url = \"https://tides.example.org/\"\nauthors = [\"Desk\"]\n\
                 [build]\nfront_matter = \"{dialect}\"\narticles = \"{folder}\"\n[[feeds]]\natom = \"atom.xml\"\n"
            ),
        );
        site.write(&format!("{folder}/2024-08-10-tides.md"), text);
        site.run(&["build"]).assert_code(0);
        let parsed = feed(&site.files("public")["atom.xml"]);
        let entry = &parsed.entries[0];
        assert!(
            shown(entry).contains("August 2024: The tides were an hour off."),
            "{dialect}: {}",
            shown(entry)
        );
        assert_eq!(
            entry.updated.map(|d| d.date_naive().to_string()).as_deref(),
            Some("2024-08-12"),
            "{dialect}"
        );
    }
}

#[test]
fn another_generators_own_use_of_the_keys_is_left_alone() {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"T\"\nbase_url = \"https://tides.example.org/\"\nauthors = [\"Desk\"]\n\
         [build]\nfront_matter = \"jekyll\"\narticles = \"_posts\"\n[[feeds]]\natom = \"atom.xml\"\n",
    );
    site.write(
        "_posts/2024-08-10-tides.md",
        "---\ntitle: Tide tables\nretracted: false\ncorrections: see below\n---\nHigh tide at noon.\n",
    );
    site.run(&["build"]).assert_code(0);
    let parsed = feed(&site.files("public")["atom.xml"]);
    assert!(shown(&parsed.entries[0]).contains("High tide at noon."));
    // In byline's own front matter, the same is an error.
    let own = Scratch::site("");
    own.write(
        "articles/2024-08-10-tides.md",
        "+++\ntitle = \"Tide tables\"\nretracted = false\n+++\nHigh tide at noon.\n",
    );
    let run = own.run(&["build"]);
    run.assert_code(1);
    run.assert_says("invalid type: boolean `false`, expected a table with `date` and `note`");
}

#[test]
fn a_correction_dated_by_day_is_at_the_sites_default_time() {
    // Published on the 10th at 09:00 (the default time), corrected and
    // retracted that same day: no note is earlier than the article.
    let site = Scratch::site("timezone = \"Europe/Lisbon\"\ndefault_time = \"09:00\"");
    site.write(
        "articles/2024-08-10-a.md",
        "+++\ntitle = \"A\"\ncorrections = [{ date = 2024-08-10, note = \"Fixed.\" }]\n+++\nText.\n",
    );
    site.write(
        "articles/2024-08-10-b.md",
        "+++\ntitle = \"B\"\nretracted = { date = 2024-08-10, note = \"Withdrawn.\" }\n+++\nText.\n",
    );
    site.run(&["build"]).assert_code(0);
    let parsed = feed(&site.files("public")["atom.xml"]);
    for entry in &parsed.entries {
        // To the second: Atom breaks the tie of equal dates by microseconds.
        assert_eq!(
            entry
                .updated
                .map(|d| d.format("%FT%T%:z").to_string())
                .as_deref(),
            Some("2024-08-10T08:00:00+00:00"),
            "09:00 in Lisbon's summer time"
        );
    }
}

#[test]
fn a_correction_dated_in_the_future_is_warned_about() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-08-10-a.md",
        "+++\ntitle = \"A\"\ncorrections = [{ date = 2034-08-11, note = \"Fixed.\" }]\n+++\nText.\n",
    );
    let run = site.run(&["build", "--now", "2024-08-12T00:00:00Z"]);
    run.assert_code(0);
    run.assert_says("articles/2024-08-10-a.md: warning[ImplausibleDate]: the date 2034-08-11T00:00:00+00:00 of a `corrections` entry is in the future");
    // Today's is not.
    site.write(
        "articles/2024-08-10-a.md",
        "+++\ntitle = \"A\"\ncorrections = [{ date = 2024-08-11, note = \"Fixed.\" }]\n+++\nText.\n",
    );
    let run = site.run(&["build", "--now", "2024-08-12T00:00:00Z"]);
    assert!(!run.stderr.contains("ImplausibleDate"), "{}", run.stderr);
}
