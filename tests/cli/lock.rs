//! `byline.lock`: ids that outlast moves and renames, the CI gate, and
//! builds that change nothing.

use crate::harness::{Scratch, xml};
use std::fs;

/// A site of three articles, in RSS, Atom and JSON Feed, at `base_url`.
fn three_articles(base_url: &str) -> Scratch {
    let site = Scratch::new();
    write_config(&site, base_url, "");
    site.write(
        "articles/2024-05-01-harbour-opens.md",
        "+++\ntitle = \"Harbour opens\"\n+++\nThe harbour opened at dawn.\n",
    );
    site.write(
        "articles/2024-05-02-ferry-timetable.md",
        "+++\ntitle = \"Ferry timetable\"\n+++\nFerries leave every hour.\n",
    );
    site.write(
        "articles/news/2024-05-03-lighthouse-repainted.md",
        "+++\ntitle = \"Lighthouse repainted\"\n+++\nThe lighthouse is white again.\n",
    );
    site
}

fn write_config(site: &Scratch, base_url: &str, extra: &str) {
    site.write(
        "feeds.toml",
        format!(
            "[site]\ntitle = \"Harbour\"\nbase_url = \"{base_url}\"\nauthors = [\"Desk\"]\n{extra}\n\n\
             [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\njson = \"feed.json\"\n"
        ),
    );
}

/// Every item's id in each format, and every item's link, in feed order.
#[derive(Debug, PartialEq)]
struct Items {
    guids: Vec<String>,
    atom_ids: Vec<String>,
    json_ids: Vec<String>,
    links: Vec<String>,
}

fn items(site: &Scratch) -> Items {
    let files = site.files("public");
    let rss = xml(&files["feed.xml"]);
    let atom = xml(&files["atom.xml"]);
    let json: serde_json::Value = serde_json::from_slice(&files["feed.json"]).unwrap();
    let children = |doc: &roxmltree::Document<'_>, parent: &str, name: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| n.tag_name().name() == parent)
            .flat_map(|item| {
                item.children()
                    .filter(|c| {
                        c.tag_name().name() == name
                            && c.tag_name().namespace() == item.tag_name().namespace()
                    })
                    .map(|c| c.text().unwrap_or("").to_owned())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let json_items = json["items"].as_array().unwrap();
    let mut links = children(&rss, "item", "link");
    links.extend(
        atom.descendants()
            .filter(|n| {
                n.tag_name().name() == "link"
                    && n.parent().is_some_and(|p| p.tag_name().name() == "entry")
            })
            .map(|n| n.attribute("href").unwrap().to_owned()),
    );
    links.extend(
        json_items
            .iter()
            .map(|item| item["url"].as_str().unwrap().to_owned()),
    );
    Items {
        guids: children(&rss, "item", "guid"),
        atom_ids: children(&atom, "entry", "id"),
        json_ids: json_items
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect(),
        links,
    }
}

impl Items {
    /// The ids in RSS, Atom and JSON Feed.
    fn ids(&self) -> [&[String]; 3] {
        [&self.guids, &self.atom_ids, &self.json_ids]
    }
}

/// Returns true if and only if the RSS feed has an item of the id `id`.
fn has_guid(site: &Scratch, id: &str) -> bool {
    items(site).guids.iter().any(|guid| guid == id)
}

fn lock(site: &Scratch) -> String {
    fs::read_to_string(site.dir.join("byline.lock")).unwrap()
}

#[test]
fn moving_the_site_and_renaming_an_article_keep_every_id_and_move_every_link() {
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    let before = items(&site);
    assert_eq!(before.guids.len(), 3);
    assert!(
        before
            .guids
            .iter()
            .all(|id| id.starts_with("tag:gazette.example.org,2024:"))
    );

    // Another host, and a path below it.
    for base in [
        "https://news.example.org/",
        "https://news.example.org/harbour/",
    ] {
        write_config(&site, base, "");
        site.run(&["build"]).assert_code(0);
        let after = items(&site);
        assert_eq!(after.ids(), before.ids(), "{base}");
        assert_eq!(after.links.len(), 9);
        assert!(
            after.links.iter().all(|link| link.starts_with(base)),
            "{base}: {:?}",
            after.links
        );
        assert!(lock(&site).contains(&format!("url = \"{base}")));
        site.run(&["check"]).assert_code(0);
    }

    // A new file name, and a slug of its own in the front matter.
    site.remove("articles/2024-05-02-ferry-timetable.md");
    site.write(
        "articles/ferries/2024-05-02-ferry-times.md",
        "+++\ntitle = \"Ferry timetable\"\nslug = \"ferry-hours\"\n+++\nFerries leave every hour.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let after = items(&site);
    assert_eq!(after.ids(), before.ids());
    assert!(
        after
            .links
            .iter()
            .any(|link| link.ends_with("/ferry-hours/")),
        "{:?}",
        after.links
    );
    let text = lock(&site);
    assert!(
        text.contains("[articles.\"articles/ferries/2024-05-02-ferry-times.md\"]"),
        "{text}"
    );
    assert!(
        !text.contains("articles/2024-05-02-ferry-timetable.md"),
        "{text}"
    );
    assert!(
        text.contains("id = \"tag:gazette.example.org,2024:ferry-timetable\""),
        "{text}"
    );
    site.run(&["check"]).assert_code(0);
}

#[test]
fn moving_the_podcast_feed_keeps_its_podcast_guid() {
    let site = Scratch::new();
    let config = |path: &str| {
        format!(
            "[site]\ntitle = \"Show\"\nbase_url = \"https://show.example.org/\"\nauthors = [\"Host\"]\nlanguage = \"en\"\n\n\
             [[feeds]]\nrss = \"{path}\"\npodcast = {{ image = \"https://show.example.org/cover.png\", category = \"News\", \
             owner = {{ name = \"Host\", email = \"host@show.example.org\" }} }}\n"
        )
    };
    site.write("feeds.toml", config("podcast.xml"));
    site.write("articles/ep.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00");
    site.write(
        "articles/2024-05-01-one.md",
        "+++\ntitle = \"One\"\nenclosure = { src = \"ep.mp3\" }\n+++\nThe first episode.\n",
    );
    site.run(&["build"]).assert_code(0);
    let guid = |path: &str| {
        let files = site.files("public");
        let doc = xml(&files[path]);
        crate::harness::texts(&doc, Some("https://podcastindex.org/namespace/1.0"), "guid")[0]
            .to_owned()
    };
    let first = guid("podcast.xml");
    assert!(lock(&site).contains(&format!("[podcasts.\"podcast.xml\"]\nguid = \"{first}\"")));

    site.write("feeds.toml", config("shows/daily.xml"));
    site.run(&["build"]).assert_code(0);
    assert_eq!(guid("shows/daily.xml"), first);
    let text = lock(&site);
    assert!(
        text.contains(&format!(
            "[podcasts.\"shows/daily.xml\"]\nguid = \"{first}\""
        )),
        "{text}"
    );
    assert!(
        text.contains(
            "[feeds.\"shows/daily.xml\"]\nurl = \"https://show.example.org/shows/daily.xml\""
        ),
        "{text}"
    );
}

#[test]
fn check_fails_on_a_lock_that_lacks_a_published_article_and_passes_after_build() {
    let site = three_articles("https://gazette.example.org/");
    // Without a lock, check asks nothing of one.
    site.run(&["build"]).assert_code(0);
    site.run(&["check"]).assert_code(0);
    site.write(
        "articles/2024-05-04-new-pier.md",
        "+++\ntitle = \"New pier\"\n+++\nA pier is planned.\n",
    );
    let run = site.run(&["check"]);
    run.assert_code(1);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("LockOutOfDate"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        line.contains("articles/2024-05-04-new-pier.md:1:1: error[LockOutOfDate]: this article is published, but byline.lock does not record it"),
        "{line}"
    );
    assert!(
        run.stdout
            .contains("help: run `byline build` and commit byline.lock"),
        "{}",
        run.stdout
    );
    // In a pull request, the annotation lands on the article's first line.
    let github = site.run(&["check", "--format", "github"]);
    assert!(
        github.stdout.contains(
            "::error file=articles/2024-05-04-new-pier.md,line=1,col=1,title=LockOutOfDate::this article is published, but byline.lock does not record it"
        ),
        "{}",
        github.stdout
    );
    let json = site.run(&["check", "--format", "json"]);
    json.assert_code(1);
    assert!(
        json.stdout.contains("\"rule\":\"LockOutOfDate\""),
        "{}",
        json.stdout
    );

    site.run(&["build"]).assert_code(0);
    site.run(&["check"]).assert_code(0);
}

#[test]
fn two_builds_of_the_same_input_are_identical_and_leave_the_lock_alone() {
    let site = three_articles("https://gazette.example.org/");
    let first = site.run(&["build", "--now", "2024-06-01T00:00:00Z"]);
    first.assert_code(0);
    first.assert_says("wrote byline.lock");
    let (files, recorded) = (site.files("public"), lock(&site));
    let modified = fs::metadata(site.dir.join("byline.lock"))
        .unwrap()
        .modified()
        .unwrap();
    // Another clock: no date of the build is in the lock.
    let second = site.run(&["build", "--now", "2025-01-01T00:00:00Z"]);
    second.assert_code(0);
    assert!(
        !second.stderr.contains("wrote byline.lock"),
        "{}",
        second.stderr
    );
    assert_eq!(site.files("public"), files);
    assert_eq!(lock(&site), recorded);
    assert_eq!(
        fs::metadata(site.dir.join("byline.lock"))
            .unwrap()
            .modified()
            .unwrap(),
        modified,
        "a build that changes nothing does not rewrite the lock"
    );
    assert!(recorded.starts_with("# byline.lock"), "{recorded}");
    let tables: Vec<&str> = recorded
        .lines()
        .filter(|l| l.starts_with("[articles."))
        .collect();
    assert_eq!(
        tables,
        [
            "[articles.\"articles/2024-05-01-harbour-opens.md\"]",
            "[articles.\"articles/2024-05-02-ferry-timetable.md\"]",
            "[articles.\"articles/news/2024-05-03-lighthouse-repainted.md\"]",
        ]
    );
}

#[test]
fn a_failed_build_writes_no_lock() {
    let site = three_articles("https://gazette.example.org/");
    site.write(
        "articles/2024-05-05-broken.md",
        "+++\ntitle = \n+++\nText.\n",
    );
    site.run(&["build"]).assert_code(1);
    assert!(!site.dir.join("byline.lock").exists());
}

#[test]
fn build_locked_never_writes_the_lock_and_fails_when_it_is_out_of_date() {
    let site = three_articles("https://gazette.example.org/");
    // A first push: built, with a warning, and no lock written.
    let run = site.run(&["build", "--locked"]);
    run.assert_code(0);
    run.assert_says(
        "byline.lock: warning[MissingLock]: there is no lock, so no id is kept across builds yet",
    );
    assert!(!site.dir.join("byline.lock").exists());

    site.run(&["build"]).assert_code(0);
    let recorded = lock(&site);
    site.run(&["build", "--locked"]).assert_code(0);
    site.write(
        "articles/2024-05-04-new-pier.md",
        "+++\ntitle = \"New pier\"\n+++\nA pier is planned.\n",
    );
    let files = site.files("public");
    let run = site.run(&["build", "--locked"]);
    run.assert_code(1);
    run.assert_says("2024-05-04-new-pier.md:1:1: error[LockOutOfDate]: this article is published, but byline.lock does not record it");
    assert_eq!(site.files("public"), files, "nothing was written");
    assert_eq!(lock(&site), recorded);
}

#[test]
fn a_front_matter_id_wins_over_the_lock_and_check_says_the_id_changes() {
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    site.write(
        "articles/2024-05-01-harbour-opens.md",
        "+++\ntitle = \"Harbour opens\"\nid = \"urn:uuid:6f1c6a86-6e6b-4c1f-9a5e-0b6a2c9b1d11\"\n+++\nThe harbour opened at dawn.\n",
    );
    let run = site.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("harbour-opens.md:1:1: error[LockOutOfDate]: the front matter's id `urn:uuid:6f1c6a86-6e6b-4c1f-9a5e-0b6a2c9b1d11` replaces the id `tag:gazette.example.org,2024:harbour-opens` byline.lock records"),
        "{}",
        run.stdout
    );
    site.run(&["build"]).assert_code(0);
    assert!(has_guid(
        &site,
        "urn:uuid:6f1c6a86-6e6b-4c1f-9a5e-0b6a2c9b1d11"
    ));
    site.run(&["check"]).assert_code(0);
}

#[test]
fn an_edit_readers_will_not_see_is_warned_about_until_it_is_announced() {
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    site.write(
        "articles/2024-05-02-ferry-timetable.md",
        "+++\ntitle = \"Ferry timetable\"\n+++\nFerries leave every half hour.\n",
    );
    let run = site.run(&["check"]);
    assert!(
        run.stdout.contains("ferry-timetable.md: warning[UnannouncedEdit]: the text of this published article changed, but not its `updated` date: readers that have it keep the old version"),
        "{}",
        run.stdout
    );
    site.write(
        "articles/2024-05-02-ferry-timetable.md",
        "+++\ntitle = \"Ferry timetable\"\nupdated = 2024-05-06\n+++\nFerries leave every half hour.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("UnannouncedEdit"), "{}", run.stderr);
    // Recorded: the next build warns about nothing.
    let run = site.run(&["build"]);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

#[test]
fn a_rename_with_an_edit_is_not_recognised_and_the_warning_names_the_id_to_copy() {
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    site.remove("articles/2024-05-02-ferry-timetable.md");
    site.write(
        "articles/2024-05-02-ferries.md",
        "+++\ntitle = \"Ferry timetable\"\n+++\nFerries leave every half hour.\n",
    );
    let run = site.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("2024-05-02-ferries.md: warning[UnrecognisedRename]: this article is new to byline.lock, and `articles/2024-05-02-ferry-timetable.md` recorded there is gone"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("copy its id into the front matter (`id = \"tag:gazette.example.org,2024:ferry-timetable\"`)"),
        "{}",
        run.stdout
    );
    site.write(
        "articles/2024-05-02-ferries.md",
        "+++\ntitle = \"Ferry timetable\"\nid = \"tag:gazette.example.org,2024:ferry-timetable\"\n+++\nFerries leave every half hour.\n",
    );
    site.run(&["build"]).assert_code(0);
    assert!(has_guid(
        &site,
        "tag:gazette.example.org,2024:ferry-timetable"
    ));
}

#[test]
fn a_new_article_may_not_take_an_id_the_lock_keeps_for_another() {
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    // The ferry article moves to another slug, keeping its id; a new
    // article takes its old name.
    site.remove("articles/2024-05-02-ferry-timetable.md");
    site.write(
        "articles/2024-05-02-ferry-hours.md",
        "+++\ntitle = \"Ferry timetable\"\n+++\nFerries leave every hour.\n",
    );
    site.run(&["build"]).assert_code(0);
    // Its front matter may not give it that id.
    site.write(
        "articles/2024-06-02-ferry-timetable.md",
        "+++\ntitle = \"Summer ferries\"\nid = \"tag:gazette.example.org,2024:ferry-timetable\"\n+++\nMore ferries in summer.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    run.assert_says("2024-06-02-ferry-timetable.md:1:1: error: the id `tag:gazette.example.org,2024:ferry-timetable` is the one byline.lock records for `");
    // Derived, it is told apart by its date, as the later of two articles
    // of one slug in a year is.
    site.write(
        "articles/2024-06-02-ferry-timetable.md",
        "+++\ntitle = \"Summer ferries\"\n+++\nMore ferries in summer.\n",
    );
    site.run(&["build"]).assert_code(0);
    assert!(has_guid(
        &site,
        "tag:gazette.example.org,2024:ferry-timetable"
    ));
    assert!(has_guid(
        &site,
        "tag:gazette.example.org,2024-06-02:ferry-timetable"
    ));
}

#[test]
fn a_damaged_lock_is_an_error_at_the_lock() {
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    let good = fs::read_to_string(site.dir.join("byline.lock")).unwrap();
    site.write("byline.lock", "version = 1\n<<<<<<< HEAD\n");
    let run = site.run(&["build"]);
    run.assert_code(1);
    run.assert_says("byline.lock:2:9: error: the lock cannot be read");
    // A version this byline does not read.
    site.write(
        "byline.lock",
        good.replacen("version = 1", "version = 2", 1),
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    run.assert_says("byline.lock:3:1: error: the lock's version is `2`; this byline reads version 1\n  help: build with the byline that wrote it");
    // A value of the wrong type, at its line.
    let line = good.lines().position(|l| l.starts_with("id = ")).unwrap() + 1;
    site.write(
        "byline.lock",
        good.replacen(
            "id = \"tag:gazette.example.org,2024:harbour-opens\"",
            "id = 5",
            1,
        ),
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    run.assert_says(&format!(
            "byline.lock:{line}:6: error: the lock cannot be read: invalid type: integer `5`, expected a string"
        ));
    run.assert_says("git checkout byline.lock");
}

#[test]
fn a_deleted_article_is_warned_about_once() {
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    site.remove("articles/2024-05-02-ferry-timetable.md");
    let run = site.run(&["build"]);
    run.assert_code(0);
    run.assert_says("byline.lock: warning[ArticleGone]: `articles/2024-05-02-ferry-timetable.md`, recorded here, is not published any more");
    assert!(site.run(&["build"]).warnings().is_empty());
}

#[test]
fn the_build_names_the_next_held_article_and_check_after_it_falls_due_is_stale() {
    let site = three_articles("https://gazette.example.org/");
    write_config(
        &site,
        "https://gazette.example.org/",
        "\n[build]\nfuture = \"hold\"",
    );
    site.write(
        "articles/2024-06-10-regatta.md",
        "+++\ntitle = \"Regatta\"\ndate = 2024-06-10T06:00:00Z\n+++\nThe regatta starts.\n",
    );
    site.write(
        "articles/2024-06-20-festival.md",
        "+++\ntitle = \"Festival\"\ndate = 2024-06-20T06:00:00Z\n+++\nThe festival starts.\n",
    );
    let run = site.run(&["build", "--now", "2024-06-01T00:00:00Z"]);
    run.assert_code(0);
    run.assert_says("(2 held back until their date; the next, articles/2024-06-10-regatta.md, falls due at 2024-06-10T06:00:00+00:00)");
    let json = site.run(&["build", "--now", "2024-06-01T00:00:00Z", "--format", "json"]);
    json.assert_code(0);
    let found: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let next = found
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "NextHeld")
        .unwrap_or_else(|| panic!("{}", json.stdout));
    assert_eq!(next["path"], "articles/2024-06-10-regatta.md");
    assert!(
        next["message"].as_str().unwrap().contains("held back until 2024-06-10T06:00:00+00:00, the first of the 2 held articles to fall due"),
        "{next}"
    );
    site.run(&["check", "--now", "2024-06-09T00:00:00Z"])
        .assert_code(0);
    let stale = site.run(&["check", "--now", "2024-06-10T07:00:00Z"]);
    stale.assert_code(1);
    assert!(stale.stdout.contains("StaleFile"), "{}", stale.stdout);
    assert!(
        stale.stdout.contains("articles/2024-06-10-regatta.md"),
        "{}",
        stale.stdout
    );
}

#[test]
fn a_held_article_is_recorded_before_it_falls_due_and_may_be_edited_until_then() {
    let site = three_articles("https://gazette.example.org/");
    write_config(
        &site,
        "https://gazette.example.org/",
        "\n[build]\nfuture = \"hold\"",
    );
    site.write(
        "articles/2024-06-10-regatta.md",
        "+++\ntitle = \"Regatta\"\ndate = 2024-06-10T06:00:00Z\n+++\nThe regatta starts.\n",
    );
    site.run(&["build", "--now", "2024-06-01T00:00:00Z"])
        .assert_code(0);
    assert!(lock(&site).contains("[articles.\"articles/2024-06-10-regatta.md\"]"));
    site.write(
        "articles/2024-06-10-regatta.md",
        "+++\ntitle = \"Regatta\"\ndate = 2024-06-10T06:00:00Z\n+++\nThe regatta starts at dawn.\n",
    );
    let run = site.run(&["build", "--now", "2024-06-02T00:00:00Z"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("UnannouncedEdit"), "{}", run.stderr);
    // The build that publishes it need not change the lock.
    let run = site.run(&["build", "--locked", "--now", "2024-06-10T07:00:00Z"]);
    run.assert_code(0);
    assert!(has_guid(&site, "tag:gazette.example.org,2024:regatta"));
}

#[test]
fn two_branches_that_add_articles_merge_their_locks_with_git_union_merge() {
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    let base = lock(&site);
    let branch = |name: &str, title: &str| {
        site.write(
            &format!("articles/{name}.md"),
            format!("+++\ntitle = \"{title}\"\n+++\n{title}.\n"),
        );
        site.run(&["build"]).assert_code(0);
        let text = lock(&site);
        site.remove(&format!("articles/{name}.md"));
        site.write("byline.lock", &base);
        text
    };
    let ours = branch("2024-05-04-new-pier", "New pier");
    let theirs = branch("2024-05-05-tide-gauge", "Tide gauge");
    for (name, text) in [("ours", &ours), ("base", &base), ("theirs", &theirs)] {
        site.write(name, text);
    }
    // What `byline.lock merge=union` in .gitattributes does.
    let merged = std::process::Command::new("git")
        .args(["merge-file", "--union", "-p", "ours", "base", "theirs"])
        .current_dir(&site.dir)
        .output()
        .unwrap();
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    site.write("byline.lock", &merged.stdout);
    site.write(
        "articles/2024-05-04-new-pier.md",
        "+++\ntitle = \"New pier\"\n+++\nNew pier.\n",
    );
    site.write(
        "articles/2024-05-05-tide-gauge.md",
        "+++\ntitle = \"Tide gauge\"\n+++\nTide gauge.\n",
    );
    site.run(&["build", "--locked"]).assert_code(0);
    site.run(&["check"]).assert_code(0);
    // Without union merge, git stops at a conflict: both add after the same line.
    let plain = std::process::Command::new("git")
        .args(["merge-file", "-p", "ours", "base", "theirs"])
        .current_dir(&site.dir)
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), Some(1), "one conflict");
}

#[test]
fn a_digest_two_gone_articles_share_recognises_neither() {
    let site = three_articles("https://gazette.example.org/");
    let same = "+++\ntitle = \"Notice\"\n+++\nThe office is closed.\n";
    site.write("articles/2024-05-06-notice.md", same);
    site.write("articles/2024-05-07-notice-again.md", same);
    site.run(&["build"]).assert_code(0);
    site.remove("articles/2024-05-06-notice.md");
    site.remove("articles/2024-05-07-notice-again.md");
    site.write("articles/2024-05-08-closed.md", same);
    let run = site.run(&["build"]);
    run.assert_code(0);
    run.assert_says("UnrecognisedRename");
    assert!(
        has_guid(&site, "tag:gazette.example.org,2024:closed"),
        "a new id: which of the two it was is not known"
    );
}

#[test]
fn a_new_article_with_a_recorded_articles_slug_in_another_section_gets_an_id_of_its_own() {
    // One slug in two sections is two URLs: without a lock the first in
    // path order keeps the plain id. With one, the recorded article keeps
    // it, and the new one, though first in path order, is told apart.
    let site = Scratch::new();
    write_config(
        &site,
        "https://gazette.example.org/",
        "article_url = \"{section}/{slug}/\"",
    );
    site.write(
        "articles/news/2024-05-01-storm.md",
        "+++\ntitle = \"Storm\"\n+++\nA storm.\n",
    );
    site.run(&["build"]).assert_code(0);
    site.write(
        "articles/2024-06-01-storm.md",
        "+++\ntitle = \"Another storm\"\n+++\nAnother storm.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    let guids = items(&site).guids;
    assert_eq!(
        guids,
        [
            "tag:gazette.example.org,2024-06-01:storm",
            "tag:gazette.example.org,2024:storm"
        ],
        "{}",
        run.stderr
    );
    site.run(&["check"]).assert_code(0);
    site.run(&["build", "--locked"]).assert_code(0);
    assert_eq!(items(&site).guids, guids);
}

#[test]
fn a_renamed_article_keeps_its_id_when_a_new_one_takes_its_old_name() {
    // This week's column is filed under its week, and next week's is
    // written under the old name: the id follows the text readers have.
    let site = three_articles("https://gazette.example.org/");
    let column = "+++\ntitle = \"This week\"\ndate = 2024-05-06\n+++\nCranes at the harbour.\n";
    site.write("articles/this-week.md", column);
    site.run(&["build"]).assert_code(0);
    site.remove("articles/this-week.md");
    site.write("articles/2024-05-06-week-19.md", column);
    site.write(
        "articles/this-week.md",
        "+++\ntitle = \"This week\"\ndate = 2024-05-13\n+++\nFerries at the harbour.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("UnannouncedEdit"), "{}", run.stderr);
    let files = site.files("public");
    let rss = String::from_utf8(files["feed.xml"].clone()).unwrap();
    let item = |text: &str| {
        let at = rss.find(text).unwrap_or_else(|| panic!("{text}: {rss}"));
        let start = rss[..at].rfind("<item>").unwrap();
        let guid = &rss[start..][rss[start..].find("<guid").unwrap()..];
        guid[guid.find('>').unwrap() + 1..guid.find("</guid>").unwrap()].to_owned()
    };
    assert_eq!(
        item("Cranes at the harbour."),
        "tag:gazette.example.org,2024:this-week",
        "the text readers have keeps its id"
    );
    assert_ne!(
        item("Ferries at the harbour."),
        "tag:gazette.example.org,2024:this-week",
        "the new column is a new story"
    );
    site.run(&["build", "--locked"]).assert_code(0);
}

#[test]
fn an_article_given_a_gone_articles_id_is_that_article() {
    // Renamed and edited, with the id the warning names copied in: it is
    // the recorded article, first published when that one was.
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    site.remove("articles/2024-05-02-ferry-timetable.md");
    site.write(
        "articles/2024-05-09-ferries.md",
        "+++\ntitle = \"Ferry timetable\"\nid = \"tag:gazette.example.org,2024:ferry-timetable\"\n+++\nFerries leave every half hour.\n",
    );
    let run = site.run(&["check"]);
    run.assert_code(1);
    assert!(!run.stdout.contains("UnrecognisedRename"), "{}", run.stdout);
    assert!(
        run.stdout.contains("2024-05-09-ferries.md:1:1: error[LockOutOfDate]: byline.lock records this article as `articles/2024-05-02-ferry-timetable.md`, the name it had"),
        "{}",
        run.stdout
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("UnrecognisedRename"), "{}", run.stderr);
    assert!(!run.stderr.contains("ArticleGone"), "{}", run.stderr);
    let text = lock(&site);
    let table = &text[text
        .find("[articles.\"articles/2024-05-09-ferries.md\"]")
        .unwrap()..];
    assert!(
        table.contains("published = \"2024-05-02T00:00:00+00:00\""),
        "the date readers first saw: {text}"
    );
}

#[test]
fn a_value_the_lock_records_that_byline_never_writes_is_an_error_at_its_line() {
    let site = three_articles("https://gazette.example.org/");
    site.run(&["build"]).assert_code(0);
    let good = lock(&site);
    let line_of =
        |text: &str, start: &str| text.lines().position(|l| l.starts_with(start)).unwrap() + 1;
    // Each value as a hand edit or a bad merge leaves it; the line is the
    // value's, the column its first character.
    for (field, bad, says) in [
        (
            "id",
            "\"\"",
            "the id recorded for `articles/2024-05-01-harbour-opens.md` is empty",
        ),
        (
            "url",
            "\"/2024/05/01/harbour-opens/\"",
            "the URL `/2024/05/01/harbour-opens/` recorded for `articles/2024-05-01-harbour-opens.md` is not an absolute URL",
        ),
        (
            "published",
            "\"May 1st\"",
            "the date `May 1st` recorded for `articles/2024-05-01-harbour-opens.md` is not an RFC 3339 date",
        ),
        (
            "digest",
            "\"d64:xyz\"",
            "the digest `d64:xyz` recorded for `articles/2024-05-01-harbour-opens.md` is not `d64:` and 16 hex digits",
        ),
    ] {
        let start = format!("{field} = ");
        let line = line_of(&good, &start);
        let old = good.lines().nth(line - 1).unwrap();
        let text = good.replacen(old, &format!("{start}{bad}"), 1);
        site.write("byline.lock", &text);
        let expected = format!("byline.lock:{line}:{}: error: {says}", field.len() + 4);
        let run = site.run(&["build"]);
        run.assert_code(1);
        run.assert_says(&expected);
        run.assert_says("git checkout byline.lock");
        let run = site.run(&["check"]);
        run.assert_code(1);
        assert!(
            format!("{}{}", run.stdout, run.stderr).contains(&expected),
            "{}{}",
            run.stdout,
            run.stderr
        );
        assert_eq!(
            lock(&site),
            text,
            "a lock that cannot be read is left as it is"
        );
        // Read by the TOML parser (a lock not as byline writes it): the
        // same error at the same place.
        site.write(
            "byline.lock",
            text.replacen("version = 1", "version = 1 # edited", 1),
        );
        let run = site.run(&["build"]);
        run.assert_code(1);
        run.assert_says(&format!(
            "byline.lock:{line}:{}: error: {says}",
            field.len() + 4
        ));
    }
    // Every such value is named in one run.
    let two = good
        .replacen(
            "id = \"tag:gazette.example.org,2024:harbour-opens\"",
            "id = \"\"",
            1,
        )
        .replacen(
            "url = \"https://gazette.example.org/",
            "url = \"gazette.example.org/",
            1,
        );
    site.write("byline.lock", &two);
    let run = site.run(&["build"]);
    run.assert_code(1);
    run.assert_says("is empty");
    run.assert_says("is not an absolute URL");
    run.assert_says("error: 2 problems in 1 file; nothing was written");
    site.write("byline.lock", &good);
    site.run(&["build", "--locked"]).assert_code(0);
}

#[test]
fn a_lock_is_sorted_by_key_and_read_in_any_order() {
    let site = three_articles("https://gazette.example.org/");
    // `news-desk/…` sorts before `news/…` as a key, after it in the folder.
    site.write(
        "articles/news-desk/2024-05-04-rota.md",
        "+++\ntitle = \"Rota\"\n+++\nThe desk's rota.\n",
    );
    site.run(&["build"]).assert_code(0);
    let good = lock(&site);
    let tables: Vec<&str> = good
        .lines()
        .filter(|line| line.starts_with("[articles."))
        .collect();
    assert_eq!(
        tables,
        [
            "[articles.\"articles/2024-05-01-harbour-opens.md\"]",
            "[articles.\"articles/2024-05-02-ferry-timetable.md\"]",
            "[articles.\"articles/news-desk/2024-05-04-rota.md\"]",
            "[articles.\"articles/news/2024-05-03-lighthouse-repainted.md\"]",
        ]
    );
    // The same tables in another order, as a hand edit may leave them:
    // the last first, then the first, then the others.
    let (top, rest) = good.split_at(good.find("\n[articles.").unwrap());
    let mut parts: Vec<String> = rest
        .split("\n[")
        .skip(1)
        .map(|part| format!("\n[{part}"))
        .collect();
    let last = parts.remove(3);
    let first = parts.remove(0);
    let shuffled = format!("{top}{last}{first}{}", parts.concat());
    assert_ne!(shuffled, good);
    site.write("byline.lock", &shuffled);
    let run = site.run(&["build", "--locked"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    site.run(&["build"]).assert_code(0);
    assert_eq!(lock(&site), good, "written again in order");
}
