//! Content written for other generators: YAML front matter, `.markdown`
//! files, unpadded file-name dates.

use crate::harness::{Scratch, feed};

#[test]
fn yaml_front_matter_publishes_like_toml() {
    let site = Scratch::site("");
    site.write(
        "articles/2019-5-15-harbour.markdown",
        "---\ntitle: \"Harbour board delays the quay\"\ntags: [politics, transport]\n\
         authors:\n  - name: Ana Lima\n    email: ana@news.example.org\n  - Tom Bell\n\
         source: { name: Reuters, url: \"https://wire.example.com/1\" }\nsummary:\n---\n\n\
         The board met on *Tuesday*.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    let files = site.files("public");
    let atom = feed(&files["atom.xml"]);
    let entry = &atom.entries[0];
    assert_eq!(
        entry.title.as_ref().unwrap().content,
        "Harbour board delays the quay"
    );
    // The date comes from the unpadded file name (Atom adds microseconds
    // to date-only entries, see the README).
    let published = entry.published.unwrap().to_rfc3339();
    assert!(published.starts_with("2019-05-15T00:00:00"), "{published}");
    let authors: Vec<&str> = entry
        .authors
        .iter()
        .map(|a| a.name.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(authors, ["Ana Lima", "Tom Bell"]);
    let tags: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(tags, ["politics", "transport"]);
    let content = entry.content.as_ref().unwrap().body.as_deref().unwrap();
    assert!(content.contains("<em>Tuesday</em>"), "{content}");
    assert!(content.contains("Reuters"), "{content}");
}

#[test]
fn yaml_errors_name_their_line() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-a.md",
        "---\ntitle: A\ndraft: \"yes\"\nlayout: post\ntitle: B\n---\nBody\n",
    );
    site.write("articles/2024-05-02-b.md", "---\ntitle: B\nBody\n");
    site.write("articles/2024-05-03-c.md", "---\ntitle: [C\n---\nBody\n");
    let run = site.run(&["build"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(
        errors[0], "articles/2024-05-01-a.md:5:1: error: duplicate key `title`",
        "{errors:#?}"
    );
    assert_eq!(
        errors[1],
        "articles/2024-05-02-b.md:1:1: error: the front matter opened here is never closed"
    );
    assert!(
        run.stderr
            .contains("help: end it with a line that holds only `---`"),
        "{}",
        run.stderr
    );
    assert!(
        errors[2].starts_with("articles/2024-05-03-c.md:3:"),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");

    // Without the duplicate, every other problem of the file is reported.
    site.write(
        "articles/2024-05-01-a.md",
        "---\ntitle: A\ndraft: \"yes\"\nlayout: post\n---\nBody\n",
    );
    let run = site.run(&["build"]);
    let errors = run.errors();
    assert_eq!(
        &errors[..2],
        [
            "articles/2024-05-01-a.md:3:8: error: invalid type: string \"yes\", expected a boolean",
            "articles/2024-05-01-a.md:4:1: error: unknown field `layout`",
        ]
    );
}

/// A site of `dialect` posts in `folder`, with the config that reads them.
fn generator_site(dialect: &str, folder: &str) -> Scratch {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        format!(
            "[site]\ntitle = \"Test\"\nbase_url = \"https://test.example.org/\"\nauthors = [\"Desk\"]\n\n\
             [build]\narticles = \"{folder}\"\nfront_matter = \"{dialect}\"\n\n\
             [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\n"
        ),
    );
    site
}

/// An entry as these tests compare it: title, publication time (UTC),
/// updated date, authors, tags and summary.
type Seen = (
    String,
    String,
    Option<String>,
    Vec<String>,
    Vec<String>,
    String,
);

/// The Atom feed's entries, as [`Seen`].
fn entries(site: &Scratch) -> Vec<Seen> {
    let files = site.files("public");
    feed(&files["atom.xml"])
        .entries
        .iter()
        .map(|e| {
            (
                e.title.as_ref().unwrap().content.clone(),
                e.published.unwrap().format("%Y-%m-%dT%H:%MZ").to_string(),
                e.updated.map(|u| u.format("%Y-%m-%d").to_string()),
                e.authors.iter().filter_map(|a| a.name.clone()).collect(),
                e.categories.iter().map(|c| c.term.clone()).collect(),
                e.summary
                    .as_ref()
                    .map(|s| s.content.clone())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn jekyll_posts_publish_with_their_fields_mapped() {
    let site = generator_site("jekyll", "_posts");
    site.write(
        "_posts/2019-5-15-ferry-timetable.markdown",
        "---\nlayout: post\ntitle: \"Winter ferry timetable\"\ndate: 2019-05-15 08:30:00 +0200\n\
         last_modified_at: 2019-05-20\ncategories: transport harbour\nauthor: Ana Lima\n\
         excerpt: \"Fewer crossings from November.\"\n---\n\nThe ferry company cut two crossings.\n",
    );
    site.write(
        "_posts/2019-06-01-draft.md",
        "---\nlayout: post\ntitle: Not yet\npublished: false\n---\nHeld back.\n",
    );
    site.run(&["build"]).assert_code(0);
    assert_eq!(
        entries(&site),
        [(
            "Winter ferry timetable".to_owned(),
            "2019-05-15T06:30Z".to_owned(),
            Some("2019-05-20".to_owned()),
            vec!["Ana Lima".to_owned()],
            vec!["transport".to_owned(), "harbour".to_owned()],
            "<p>Fewer crossings from November.</p>".to_owned(),
        )]
    );
}

#[test]
fn hugo_posts_in_yaml_and_toml_publish_with_their_fields_mapped() {
    let site = generator_site("hugo", "content/posts");
    site.write(
        "content/posts/quay.md",
        "---\ntitle: Quay works begin\ndate: 2024-03-01T09:00:00+01:00\npublishDate: 2024-03-02T09:00:00+01:00\n\
         lastmod: 2024-03-05T10:00:00+01:00\ntags: [harbour]\ncategories: [news]\n\
         author: Tom Bell\ndescription: Work starts on Monday.\ndraft: false\nweight: 10\n---\n\nDiggers arrived.\n",
    );
    site.write(
        "content/posts/market.md",
        "+++\ntitle = \"Night market approved\"\ndate = 2024-04-10T18:00:00+02:00\n\
         authors = [{ name = \"Ruth Ng\" }]\ntags = [\"food\"]\nsummary = \"Stalls from May.\"\n\
         aliases = [\"/old/market/\"]\n+++\n\nThe council voted.\n",
    );
    site.run(&["build"]).assert_code(0);
    assert_eq!(
        entries(&site),
        [
            (
                "Night market approved".to_owned(),
                "2024-04-10T16:00Z".to_owned(),
                Some("2024-04-10".to_owned()),
                vec!["Ruth Ng".to_owned()],
                vec!["food".to_owned()],
                "<p>Stalls from May.</p>".to_owned(),
            ),
            (
                "Quay works begin".to_owned(),
                "2024-03-02T08:00Z".to_owned(),
                Some("2024-03-05".to_owned()),
                vec!["Tom Bell".to_owned()],
                vec!["harbour".to_owned(), "news".to_owned()],
                "<p>Work starts on Monday.</p>".to_owned(),
            ),
        ]
    );
}

/// A Hugo site whose theme has a `feeds` parameter of its own publishes
/// its posts: only `feeds: false` (or `true`) is byline's.
#[test]
fn a_themes_own_feeds_param_is_not_bylines() {
    let site = generator_site("hugo", "content/posts");
    site.write(
        "content/posts/quay.md",
        "---\ntitle: Quay works begin\ndate: 2024-03-01\nfeeds: [rss, json]\n---\n\nDiggers arrived.\n",
    );
    site.write(
        "content/posts/about.md",
        "---\ntitle: About\ndate: 2024-03-02\nfeeds: false\n---\n\nWho we are.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let titles: Vec<String> = entries(&site).into_iter().map(|e| e.0).collect();
    assert_eq!(titles, ["Quay works begin"]);
}

#[test]
fn zola_posts_publish_with_their_fields_mapped() {
    let site = generator_site("zola", "content/blog");
    site.write(
        "content/blog/2024-02-10-tide-tables.md",
        "+++\ntitle = \"New tide tables\"\ndescription = \"Printed copies at the harbour office.\"\n\
         updated = 2024-02-12\ndraft = false\ntemplate = \"page.html\"\n\n[taxonomies]\n\
         tags = [\"harbour\"]\ncategories = [\"notices\"]\n\n[extra]\nimage = \"tides.png\"\n+++\n\n\
         The tables cover the whole year.\n",
    );
    site.run(&["build"]).assert_code(0);
    assert_eq!(
        entries(&site),
        [(
            "New tide tables".to_owned(),
            "2024-02-10T00:00Z".to_owned(),
            Some("2024-02-12".to_owned()),
            vec!["Desk".to_owned()],
            vec!["harbour".to_owned(), "notices".to_owned()],
            "<p>Printed copies at the harbour office.</p>".to_owned(),
        )]
    );
}

#[test]
fn page_bundles_take_their_folders_name_and_template_tags_are_warned_about() {
    let site = generator_site("zola", "content");
    site.write(
        "content/2024-02-10-tide-tables/index.md",
        "+++\ntitle = \"New tide tables\"\n+++\n\n![The chart](chart.png)\n\n{{ resize_image(path=\"chart.png\") }}\n\nMore {{ later }}.\n",
    );
    site.write("content/2024-02-10-tide-tables/chart.png", b"\x89PNG");
    site.write(
        "content/2024-02-11-storm/index.md",
        "+++\ntitle = \"Storm\"\n+++\n\nWinds of 90 km/h. {% include note.html %}\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.warnings(),
        [
            "content/2024-02-10-tide-tables/index.md:7:1: warning[TemplateTag]: `{{ resize_image(path=\"chart.png\") }}` is a template tag another generator would expand; it is published as text",
            // Each place is warned about, not only the first of a file.
            "content/2024-02-10-tide-tables/index.md:9:6: warning[TemplateTag]: `{{ later }}` is a template tag another generator would expand; it is published as text",
            "content/2024-02-11-storm/index.md:5:19: warning[TemplateTag]: `{% include note.html %}` is a template tag another generator would expand; it is published as text",
        ]
    );
    let files = site.files("public");
    let atom = feed(&files["atom.xml"]);
    let links: Vec<&str> = atom
        .entries
        .iter()
        .map(|e| e.links[0].href.as_str())
        .collect();
    assert_eq!(
        links,
        [
            "https://test.example.org/storm/",
            "https://test.example.org/tide-tables/"
        ]
    );
    let content = atom.entries[1]
        .content
        .as_ref()
        .unwrap()
        .body
        .as_deref()
        .unwrap();
    assert!(
        content.contains("src=\"https://test.example.org/tide-tables/chart.png\""),
        "{content}"
    );
}

/// Runs git in `dir` with fixed identity and dates, failing the test on error.
/// Makes `dir` a repository whose first commit, at `date`, holds every
/// file in it.
fn first_commit(dir: &std::path::Path, date: &str, message: &str) {
    git(dir, date, &["init", "-q"]);
    git(dir, date, &["add", "."]);
    git(dir, date, &["commit", "-qm", message]);
}

fn git(dir: &std::path::Path, date: &str, args: &[&str]) {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git is installed (.ci/run installs it)");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn many_undated_articles_take_their_dates_from_one_log_read_while_loading() {
    // Past 64 undated articles, git's log of the whole folder is read on a
    // thread of its own while the rest is parsed.
    let site = Scratch::site("");
    for n in 0..70 {
        site.write(
            &format!("articles/n{n:02}.txt"),
            format!("Notice {n}\n\nText {n}.\n"),
        );
    }
    let dir = &site.dir;
    first_commit(dir, "2024-03-01T08:00:00+01:00", "first");
    git(
        dir,
        "2024-03-09T10:00:00+01:00",
        &["mv", "articles/n00.txt", "articles/z00.txt"],
    );
    site.write("articles/late.txt", "Late notice\n\nAdded later.\n");
    git(dir, "2024-03-09T10:00:00+01:00", &["add", "."]);
    git(
        dir,
        "2024-03-09T10:00:00+01:00",
        &["commit", "-qm", "move, add"],
    );
    let config = std::fs::read_to_string(dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("[[feeds]]", "[[feeds]]\nlimit = 100"),
    );
    site.run(&["build"]).assert_code(0);
    let entries = feed(&site.files("public")["atom.xml"]).entries;
    assert_eq!(entries.len(), 71);
    let published = |title: &str| {
        let entry = entries
            .iter()
            .find(|e| e.title.as_ref().unwrap().content == title)
            .unwrap_or_else(|| panic!("{title} is not in the feed"));
        entry
            .published
            .unwrap()
            .format("%Y-%m-%dT%H:%MZ")
            .to_string()
    };
    assert_eq!(published("Late notice"), "2024-03-09T09:00Z");
    // Moved after it was added: still the date it was added.
    assert_eq!(published("Notice 0"), "2024-03-01T07:00Z");
    assert_eq!(published("Notice 69"), "2024-03-01T07:00Z");
}

#[test]
fn undated_articles_take_the_date_git_added_them_through_renames() {
    let site = Scratch::site("");
    let wire = "Storm warning for the coast\n\nWinds of 90 km/h are expected.\n\n(Adapted from a report by Reuters)\n";
    site.write("articles/storm.txt", wire);
    site.write(
        "articles/ferry.txt",
        "Ferries cancelled\n\nNo crossings today.\n",
    );
    let dir = &site.dir;
    first_commit(dir, "2024-03-01T08:00:00+01:00", "first");
    std::fs::create_dir_all(dir.join("articles/coast")).unwrap();
    git(
        dir,
        "2024-03-05T09:30:00+01:00",
        &["mv", "articles/storm.txt", "articles/coast/storm.txt"],
    );
    site.write(
        "articles/ferry.txt",
        "Ferries cancelled\n\nNo crossings today or tomorrow.\n",
    );
    git(
        dir,
        "2024-03-05T09:30:00+01:00",
        &["commit", "-qam", "move and edit"],
    );
    site.write("articles/new.txt", "Not committed\n\nYet.\n");

    let run = site.run(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        [
            "articles/new.txt: error: the article has no date, and git cannot give one: the file is not committed yet"
        ]
    );
    std::fs::remove_file(dir.join("articles/new.txt")).unwrap();
    site.run(&["build"]).assert_code(0);
    let dates = |site: &Scratch| -> Vec<(String, String, Option<String>)> {
        feed(&site.files("public")["atom.xml"])
            .entries
            .iter()
            .map(|e| {
                (
                    e.title.as_ref().unwrap().content.clone(),
                    // To the second: Atom keeps equal times apart by a microsecond.
                    e.published
                        .unwrap()
                        .format("%Y-%m-%dT%H:%M:%SZ")
                        .to_string(),
                    e.updated
                        .map(|u| u.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                )
            })
            .collect()
    };
    let added = "2024-03-01T07:00:00Z".to_owned();
    assert_eq!(
        dates(&site),
        [
            (
                "Ferries cancelled".to_owned(),
                added.clone(),
                Some(added.clone())
            ),
            (
                "Storm warning for the coast".to_owned(),
                added.clone(),
                Some(added.clone())
            ),
        ],
        "a move keeps the date the file was added"
    );

    // Opt-in: `updated` from the last commit that changed the file.
    let config = std::fs::read_to_string(dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("[[feeds]]", "[build]\nupdated_from_git = true\n\n[[feeds]]"),
    );
    site.run(&["build"]).assert_code(0);
    let changed = Some("2024-03-05T08:30:00Z".to_owned());
    let seen = dates(&site);
    assert_eq!(seen[0].2, changed, "{seen:?}");
    assert_eq!(seen[1].2, changed, "a rename is a change: {seen:?}");

    // A shallow clone cannot say when a file was added.
    let clone = Scratch::new();
    git(
        &clone.dir,
        "2024-03-06T00:00:00Z",
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &format!("file://{}", dir.display()),
            "site",
        ],
    );
    let shallow = Scratch {
        dir: clone.dir.join("site"),
    };
    let run = shallow.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("this is a shallow clone")
            && run.stderr.contains("git fetch --unshallow")
            && run.stderr.contains("fetch-depth: 0"),
        "{}",
        run.stderr
    );
}

/// A `git` first on the PATH that appends its arguments and its standard
/// input to `calls`, then runs the real git: what byline asked git, and
/// whether it asked at all.
fn recording_git(bin: &std::path::Path, calls: &std::path::Path) {
    let real = std::process::Command::new("sh")
        .args(["-c", "command -v git"])
        .output()
        .unwrap();
    let real = String::from_utf8(real.stdout).unwrap();
    std::fs::create_dir_all(bin).unwrap();
    let script = bin.join("git");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nPATH='{path}'\ninput='{bin}/stdin'.$$\ncat > \"$input\"\n\
             {{ printf 'git %s\\n' \"$*\"; cat \"$input\"; }} >> '{calls}'\n\
             exec {real} \"$@\" < \"$input\"\n",
            path = std::env::var("PATH").unwrap(),
            bin = bin.display(),
            calls = calls.display(),
            real = real.trim()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn git_is_asked_only_about_the_articles_that_need_it() {
    let site = Scratch::site("");
    site.write(
        "articles/harbour.md",
        "+++\ntitle = \"Harbour\"\ndate = 2024-02-01T10:00:00Z\n+++\n\nBoats.\n",
    );
    site.write("articles/2024-02-02-quay.txt", "Quay\n\nReopened.\n");
    let dir = &site.dir;
    first_commit(dir, "2024-03-01T08:00:00+01:00", "dated");
    let bin = dir.join("bin");
    let calls = dir.join("calls.log");
    recording_git(&bin, &calls);
    let build = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
            .arg("build")
            .current_dir(dir)
            .env("PATH", &bin)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    build();
    assert!(
        !calls.exists(),
        "every article is dated, yet git was run:\n{}",
        std::fs::read_to_string(&calls).unwrap_or_default()
    );

    // An undated article, moved once: git is asked about it and where it came from.
    site.write("articles/storm.txt", "Storm\n\nWinds.\n");
    git(dir, "2024-03-02T08:00:00+01:00", &["add", "articles"]);
    git(
        dir,
        "2024-03-02T08:00:00+01:00",
        &["commit", "-qm", "storm"],
    );
    std::fs::create_dir_all(dir.join("articles/coast")).unwrap();
    git(
        dir,
        "2024-03-05T09:30:00+01:00",
        &["mv", "articles/storm.txt", "articles/coast/storm.txt"],
    );
    git(dir, "2024-03-05T09:30:00+01:00", &["commit", "-qm", "move"]);
    build();
    let asked = std::fs::read_to_string(&calls).unwrap();
    let logs: Vec<&str> = asked
        .split("git ")
        .filter(|call| call.contains(" log "))
        .collect();
    assert!(!logs.is_empty(), "{asked}");
    for log in &logs {
        assert!(
            log.contains("--stdin") && log.contains("--no-renames"),
            "{asked}"
        );
        assert!(!log.contains("harbour") && !log.contains("quay"), "{asked}");
    }
    assert!(logs[0].ends_with("\n--\ncoast/storm.txt\n"), "{asked}");
    assert!(
        logs.last()
            .unwrap()
            .ends_with("\n--\ncoast/storm.txt\nstorm.txt\n"),
        "the path it was renamed from: {asked}"
    );
    let atom = feed(&site.files("public")["atom.xml"]);
    let storm = atom
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content == "Storm")
        .unwrap();
    assert_eq!(
        storm
            .published
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        "2024-03-02T07:00:00Z",
        "the date it was added, before the move"
    );
}

#[test]
fn an_article_in_another_language_says_so_in_every_format() {
    let site = Scratch::site("language = \"en\"");
    site.write(
        "articles/2024-05-01-port.md",
        "+++\ntitle = \"الميناء يفتح من جديد\"\nlanguage = \"ar\"\n+++\n\nأعيد فتح الرصيف الشمالي.\n",
    );
    site.write(
        "articles/2024-05-02-quay.md",
        "+++\ntitle = \"The quay reopens\"\nlanguage = \"en\"\n+++\n\nThe north quay reopened.\n",
    );
    site.write(
        "articles/2024-05-03-bad.md",
        "+++\ntitle = \"Bad\"\nlanguage = \"arabic!\"\n+++\n\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        [
            "articles/2024-05-03-bad.md:3:12: error: `arabic!` is not a language tag such as `en` or `pt-BR`"
        ]
    );
    std::fs::remove_file(site.dir.join("articles/2024-05-03-bad.md")).unwrap();
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let atom = String::from_utf8(files["atom.xml"].clone()).unwrap();
    assert_eq!(atom.matches("<entry xml:lang=\"ar\">").count(), 1, "{atom}");
    assert_eq!(
        atom.matches("<entry>").count(),
        1,
        "the site's own language is not repeated"
    );
    let rss = String::from_utf8(files["feed.xml"].clone()).unwrap();
    assert_eq!(
        rss.matches("<dc:language>ar</dc:language>").count(),
        1,
        "{rss}"
    );
    assert!(
        rss.contains("&lt;div dir=\"rtl\"&gt;") || rss.contains("<div dir=\"rtl\">"),
        "{rss}"
    );
    let parsed = feed(&files["atom.xml"]);
    assert_eq!(parsed.entries.len(), 2);
}

#[test]
fn future_hold_keeps_embargoed_articles_back_by_the_builds_clock() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-out.md",
        "+++\ntitle = \"Out\"\n+++\nText.\n",
    );
    site.write(
        "articles/embargoed.md",
        "+++\ntitle = \"Embargoed\"\ndate = 2024-05-10T06:00:00Z\n+++\nText.\n",
    );
    // Default: published, with a warning.
    let run = site.run(&["build", "--now", "2024-05-05T00:00:00Z"]);
    run.assert_code(0);
    assert_eq!(run.warnings().len(), 1, "{}", run.stderr);
    assert_eq!(feed(&site.files("public")["feed.xml"]).entries.len(), 2);

    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("[[feeds]]", "[build]\nfuture = \"hold\"\n\n[[feeds]]"),
    );
    let run = site.run(&["build", "--now", "2024-05-05T00:00:00Z"]);
    run.assert_code(0);
    assert_eq!(run.warnings().len(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "articles/embargoed.md: warning[NextHeld]: this article is held back until 2024-05-10T06:00:00+00:00"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "from 2 articles (1 held back until their date; the next, articles/embargoed.md, falls due at 2024-05-10T06:00:00+00:00)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(feed(&site.files("public")["feed.xml"]).entries.len(), 1);

    // SOURCE_DATE_EPOCH fixes the clock too: 2024-05-10T06:00:00Z.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
        .arg("build")
        .current_dir(&site.dir)
        .env("SOURCE_DATE_EPOCH", "1715320800")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(feed(&site.files("public")["feed.xml"]).entries.len(), 2);
    site.run(&["build", "--now", "soon"]).assert_code(2);
}

#[test]
fn a_hugo_post_past_its_expiry_date_is_withdrawn() {
    let site = generator_site("hugo", "content/posts");
    site.write(
        "content/posts/sale.md",
        "---\ntitle: Harbour sale\ndate: 2024-05-01T09:00:00Z\nexpiryDate: 2024-05-20T00:00:00Z\n---\nBoats for sale.\n",
    );
    site.write(
        "content/posts/quay.md",
        "---\ntitle: Quay\ndate: 2024-05-02T09:00:00Z\n---\nText.\n",
    );
    site.run(&["build", "--now", "2024-05-10T00:00:00Z"])
        .assert_code(0);
    assert_eq!(feed(&site.files("public")["feed.xml"]).entries.len(), 2);
    site.run(&["build", "--now", "2024-05-21T00:00:00Z"])
        .assert_code(0);
    let entries = feed(&site.files("public")["feed.xml"]).entries;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].title.as_ref().unwrap().content, "Quay");
}
