//! Issue 28: rules a team can tune, stale findings on the article, scaffolds
//! that cannot leak, and messages that say what to do.

use crate::harness::{Scratch, feed};
use std::fs;

/// A Jekyll-dialect site with a template tag in an archived post and in a
/// new one, and `check` appended to the config.
fn migrated(check: &str) -> Scratch {
    let site = Scratch::site("");
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        format!("{config}\n[build]\nfront_matter = \"jekyll\"\n\n{check}"),
    );
    site.write(
        "articles/archive/2019-01-01-old.md",
        "---\ntitle: Old\n---\nSee {% include map.html %} here.\n",
    );
    site.write(
        "articles/2024-05-01-new.md",
        "---\ntitle: New\n---\nSee {{< youtube abc >}} here.\n",
    );
    site
}

#[test]
fn every_build_warning_names_its_rule() {
    let site = migrated("");
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.warnings(),
        [
            "articles/2024-05-01-new.md:4:5: warning[TemplateTag]: `{{< youtube abc >}}` is a template tag another generator would expand; it is published as text",
            "articles/archive/2019-01-01-old.md:4:5: warning[TemplateTag]: `{% include map.html %}` is a template tag another generator would expand; it is published as text",
        ]
    );
    let run = site.run(&["check", "--deny-warnings"]);
    run.assert_code(1);
}

#[test]
fn an_allowed_rule_is_silent_in_build_and_check() {
    let site = migrated("[check]\nallow = [\"TemplateTag\"]\n");
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert_eq!(run.warnings(), Vec::<&str>::new());
    let run = site.run(&["check", "--deny-warnings"]);
    run.assert_code(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn a_per_path_override_allows_a_rule_for_its_files_only() {
    let site =
        migrated("[[check.overrides]]\npaths = [\"archive/**\"]\nallow = [\"TemplateTag\"]\n");
    let run = site.run(&["build", "--format", "json"]);
    run.assert_code(0);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["path"], "articles/2024-05-01-new.md");
    assert_eq!(findings[0]["rule"], "TemplateTag");
    let run = site.run(&["check", "--deny-warnings", "--format", "github"]);
    run.assert_code(1);
    assert_eq!(
        run.stdout,
        "::warning file=articles/2024-05-01-new.md,line=4,col=5,title=TemplateTag::`{{< youtube abc >}}` is a template tag another generator would expand; it is published as text%0Ahelp: replace it with what it stands for (a link, an image, the text)\n"
    );
}

#[test]
fn allow_names_only_warning_rules() {
    let site = migrated("[check]\nallow = [\"TemplateTags\", \"StaleFile\"]\n");
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert_eq!(
        run.errors(),
        [
            "feeds.toml:15:10: error: `TemplateTags` is not a rule",
            "feeds.toml:15:26: error: `StaleFile` is an error, which cannot be allowed",
        ]
    );
    assert!(
        run.stderr.contains("help: did you mean `TemplateTag`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn build_problems_have_a_rule_in_json() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-a.md",
        "+++\ndaet = 2024-05-01\n+++\nText.\n",
    );
    let run = site.run(&["build", "--format", "json"]);
    run.assert_code(1);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(findings[0]["rule"], "InvalidArticle", "{findings}");
    let site = Scratch::site("tilte = \"x\"");
    let run = site.run(&["build", "--format", "github"]);
    run.assert_code(2);
    assert!(
        run.stdout.contains("title=InvalidConfig::"),
        "{}",
        run.stdout
    );
    let run = Scratch::new().run(&["build", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(findings[0]["rule"], "InvalidConfig", "{findings}");
}

#[test]
fn a_stale_item_is_reported_on_the_article_that_changed() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-ferry.md",
        "+++\ntitle = \"Ferry\"\n+++\nOn time.\n",
    );
    site.write(
        "articles/2024-05-02-quay.md",
        "+++\ntitle = \"Quay\"\n+++\nOpen.\n",
    );
    site.run(&["build"]).assert_code(0);
    // An announced edit: an unannounced one is warned about too.
    site.write(
        "articles/2024-05-01-ferry.md",
        "+++\ntitle = \"Ferry\"\nupdated = 2024-05-03\n+++\nLate.\n",
    );
    let run = site.run(&["check", "--format", "github"]);
    run.assert_code(1);
    let on_article: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("file=articles/"))
        .collect();
    assert_eq!(
        on_article,
        [
            "::error file=articles/2024-05-01-ferry.md,line=1,col=1,title=StaleFile::this article changed since the last build, and `public/atom.xml` and `public/feed.xml` are out of date%0Ahelp: run `byline build` and commit what it writes"
        ]
    );
    assert!(
        run.stdout.contains("file=public/feed.xml"),
        "{}",
        run.stdout
    );
}

#[test]
fn scaffolds_cannot_leak() {
    let site = Scratch::new();
    site.run(&["init"]).assert_code(0);
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    for format in [
        "rss = ",
        "atom = ",
        "json = \"feed.json\"",
        "html = \"feed.html\"",
    ] {
        assert!(config.contains(format), "{config}");
    }
    let run = site.run(&["build"]);
    run.assert_code(0);
    let rules: Vec<&str> = run
        .warnings()
        .iter()
        .map(|l| {
            l.split_once("warning[")
                .unwrap()
                .1
                .split_once(']')
                .unwrap()
                .0
        })
        .collect();
    assert_eq!(
        rules,
        [
            "Placeholder",
            "Placeholder",
            "ExampleURL",
            "Placeholder",
            "Placeholder"
        ],
        "{}",
        run.stderr
    );
    assert!(site.files("public").contains_key("feed.json"));
    assert!(site.files("public").contains_key("feed.html"));
    site.run(&["check", "--deny-warnings"]).assert_code(1);

    let run = site.run(&["new", "Harbour reopens"]);
    run.assert_code(0);
    let text = fs::read_to_string(site.dir.join(run.stdout.trim())).unwrap();
    assert!(text.contains("\ndraft = true\n"), "{text}");
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert_eq!(
        feed(&site.files("public")["feed.xml"]).entries.len(),
        1,
        "the draft is not published"
    );
    assert!(
        !run.stderr.contains("Write the article here"),
        "{}",
        run.stderr
    );
    // Published, the placeholder is a warning.
    let path = site.dir.join(run_path(&site));
    fs::write(&path, text.replace("draft = true\n", "")).unwrap();
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("warning[Placeholder]: the article still holds `byline new`'s placeholder `Write the article here.`, and it is published"),
        "{}",
        run.stderr
    );
}

fn run_path(site: &Scratch) -> String {
    fs::read_dir(site.dir.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|name| name.ends_with("-harbour-reopens.md"))
        .map(|name| format!("articles/{name}"))
        .unwrap()
}

#[test]
fn init_from_a_folder_beside_the_site_names_it_relative() {
    let root = Scratch::new();
    root.write("posts/2024-05-01-a.md", "+++\ntitle = \"A\"\n+++\nText.\n");
    fs::create_dir_all(root.dir.join("site")).unwrap();
    let run = root.run(&["init", "site", "--from", "posts"]);
    run.assert_code(0);
    let config = fs::read_to_string(root.dir.join("site/feeds.toml")).unwrap();
    assert!(config.contains("articles = \"../posts\"\n"), "{config}");
}

/// Runs `args` in `site` and returns stderr's first two lines: the
/// problem and its help.
fn said(site: &Scratch, args: &[&str]) -> String {
    let run = site.run(args);
    assert_ne!(run.code, Some(0), "{}", run.stderr);
    run.stderr.lines().take(2).collect::<Vec<_>>().join("\n")
}

#[test]
fn messages_say_what_to_do() {
    let site = Scratch::site("");
    site.write("articles/2025-01-01-a.md", "+++\ndate = 2025-01-01\n+++\n");
    assert_eq!(
        said(&site, &["build"]),
        "articles/2025-01-01-a.md: error: the article has front matter but no title and no text after it\n  \
         help: write the article below the front matter, or set `title` in it"
    );
    fs::remove_file(site.dir.join("articles/2025-01-01-a.md")).unwrap();

    site.write("articles/2025-02-30-bad.txt", "Headline\n\nText.\n");
    let run = site.run(&["build"]);
    assert_eq!(
        run.errors(),
        [
            "articles/2025-02-30-bad.txt: error: the file name starts with `2025-02-30`, which is not a real date"
        ],
        "the bad name, not \"no date\""
    );
    fs::remove_file(site.dir.join("articles/2025-02-30-bad.txt")).unwrap();

    let run = site.run(&["check", "/nonexistent.xml"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .ends_with("error: 1 problem in 1 file; no file was checked\n"),
        "{}",
        run.stderr
    );

    let run = Scratch::new().run(&["build"]);
    assert!(run.stderr.contains("run `byline init`"), "{}", run.stderr);

    let base = Scratch::site("");
    let config = fs::read_to_string(base.dir.join("feeds.toml")).unwrap();
    base.write(
        "feeds.toml",
        config.replace("https://test.example.org/", "bad.example.org"),
    );
    assert_eq!(
        said(&base, &["build"]),
        "feeds.toml:3:12: error: `base_url`: `bad.example.org` is not a URL: it has no scheme; add `https://` (`https://bad.example.org`)\n\
         error: 1 problem in 1 file; nothing was written"
    );

    let typo = Scratch::site("");
    typo.write(
        "articles/2024-05-01-a.md",
        "+++\ntitle = \"A\"\n+++\nText.\n",
    );
    let config = fs::read_to_string(typo.dir.join("feeds.toml")).unwrap();
    typo.write(
        "feeds.toml",
        format!("{config}\n[build]\narticles = \"artciles\"\n"),
    );
    assert_eq!(
        said(&typo, &["build"]),
        "artciles: error: cannot read the articles folder: No such file or directory (os error 2)\n  \
         help: did you mean `articles`? set `articles` under [build] in feeds.toml to it"
    );

    let jekyll = Scratch::site("");
    jekyll.write(
        "articles/2024-05-01-a.md",
        "---\nlayout: post\ntitle: A\n---\nText.\n",
    );
    assert_eq!(
        said(&jekyll, &["build"]),
        "articles/2024-05-01-a.md:2:1: error: unknown field `layout`\n  \
         help: `layout` is a key of other generators' posts: to read them as they are, set `front_matter = \"jekyll\"` under [build] in feeds.toml"
    );

    let new = Scratch::site("");
    new.run(&["new", "Ferry"]).assert_code(0);
    assert_eq!(
        said(&new, &["new", "Ferry"])
            .split_once(": error: ")
            .unwrap()
            .1,
        "an article of this title and date is already there; byline new never overwrites one\n  \
         help: edit it, or give the new article another title"
    );
    assert_eq!(
        said(&new, &["new", ""]),
        "byline new: error: the title `` has no letter or digit to name the file with\n  \
         help: give a title with letters or digits: byline new \"Harbour reopens\""
    );
}
