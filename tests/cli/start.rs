//! A new user's first commands: `init`, `new`, `completions`, `man`.

use crate::harness::{Scratch, feed, repo};
use std::fs;

#[test]
fn init_then_build_then_new_then_build() {
    let site = Scratch::new();
    let run = site.run(&["init"]);
    run.assert_code(0);
    assert!(run.stderr.contains("next: edit"), "{}", run.stderr);
    site.run(&["build"]).assert_code(0);
    assert_eq!(feed(&site.files("public")["feed.xml"]).entries.len(), 1);
    // Two branches that add articles merge their locks without a conflict.
    let attributes = fs::read_to_string(site.dir.join(".gitattributes")).unwrap();
    assert!(
        attributes.lines().any(|l| l == "byline.lock merge=union"),
        "{attributes}"
    );

    let run = site.run(&["new", "Harbour: the quay reopens"]);
    run.assert_code(0);
    let path = run.stdout.trim();
    assert!(
        path.starts_with("articles/") && path.ends_with("-harbour-the-quay-reopens.md"),
        "{path}"
    );
    let text = fs::read_to_string(site.dir.join(path)).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Harbour: the quay reopens\"\ndate = "),
        "{text}"
    );
    assert!(text.contains("\ndraft = true\n"), "{text}");
    site.run(&["build"]).assert_code(0);
    assert_eq!(
        feed(&site.files("public")["feed.xml"]).entries.len(),
        1,
        "a new article is a draft"
    );
    fs::write(site.dir.join(path), text.replace("draft = true\n", "")).unwrap();
    site.run(&["build"]).assert_code(0);
    let titles: Vec<String> = feed(&site.files("public")["feed.xml"])
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert!(
        titles.contains(&"Harbour: the quay reopens".to_owned()),
        "{titles:?}"
    );

    // Nothing is ever overwritten.
    site.run(&["init"]).assert_code(2);
    let published = fs::read_to_string(site.dir.join(path)).unwrap();
    site.run(&["new", "Harbour: the quay reopens"])
        .assert_code(2);
    assert_eq!(fs::read_to_string(site.dir.join(path)).unwrap(), published);
}

#[test]
fn init_refuses_a_folder_with_files_but_adopts_one_with_from() {
    let site = Scratch::new();
    site.write(
        "blog/_posts/2019-5-15-ferry.markdown",
        "---\nlayout: post\ntitle: Ferry\ncategories: transport\n---\nText.\n",
    );
    let run = site.run(&["init"]);
    run.assert_code(2);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    site.write(".gitattributes", "*.png binary");
    let run = site.run(&["init", "--from", "blog/_posts"]);
    run.assert_code(0);
    // The site's own attributes are kept, and the lock's line added once.
    assert_eq!(
        fs::read_to_string(site.dir.join(".gitattributes")).unwrap(),
        "*.png binary\n# byline.lock is one table per article: keep both sides when two branches add articles.\nbyline.lock merge=union\n"
    );
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    assert!(config.contains("articles = \"blog/_posts\"\n"), "{config}");
    assert!(config.contains("front_matter = \"jekyll\"\n"), "{config}");
    site.run(&["build"]).assert_code(0);
    let entry = &feed(&site.files("public")["atom.xml"]).entries[0];
    assert_eq!(entry.categories[0].term, "transport");
}

#[test]
fn init_from_a_folder_with_links_back_to_its_parent_ends_and_adopts_it() {
    let site = Scratch::new();
    site.write(
        "blog/posts/2024-01-01-ferry.md",
        "+++\ntitle = \"Ferry\"\n[taxonomies]\ntags = [\"sea\"]\n+++\nText.\n",
    );
    for name in ["up", "again"] {
        std::os::unix::fs::symlink("..", site.dir.join("blog/posts").join(name)).unwrap();
    }
    // Guarded, not timed: a walk that follows the loops never ends.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
        .args(["init", "--from", "blog/posts"])
        .current_dir(&site.dir)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("init --from walks the symbolic link loop without end");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("look like Zola posts"), "{stderr}");
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    assert!(config.contains("front_matter = \"zola\"\n"), "{config}");
}

#[test]
fn completions_and_the_manual_come_from_the_command_line_definition() {
    let site = Scratch::new();
    let bash = site.run(&["completions", "bash"]);
    bash.assert_code(0);
    assert!(
        bash.stdout.contains("byline") && bash.stdout.contains("init"),
        "{}",
        bash.stdout
    );
    let man = site.run(&["man"]);
    man.assert_code(0);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH byline"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    assert!(man.stdout.contains("completions"));
}

#[test]
fn snippet_prints_autodiscovery_links_for_every_feed_file() {
    let site = Scratch::site("");
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace(
            "atom = \"atom.xml\"",
            "atom = \"atom.xml\"\njson = \"feed.json\"\nhtml = \"feed.html\"\ntitle = \"News & <more>\"",
        ) + "\n[[feeds]]\nfor_each_tag = true\nrss = \"tags/{tag}.xml\"\n",
    );
    let run = site.run(&["snippet"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"News &amp; &lt;more&gt; (RSS 2.0)\" href=\"https://test.example.org/feed.xml\">\n\
         <link rel=\"alternate\" type=\"application/atom+xml\" title=\"News &amp; &lt;more&gt; (Atom 1.0)\" href=\"https://test.example.org/atom.xml\">\n\
         <link rel=\"alternate\" type=\"application/feed+json\" title=\"News &amp; &lt;more&gt; (JSON Feed 1.1)\" href=\"https://test.example.org/feed.json\">\n\
         <link rel=\"alternate\" type=\"text/x-opml\" title=\"Test: every feed (OPML)\" href=\"https://test.example.org/feeds.opml\">\n",
        "the page is not a feed: no tag for it; the OPML list is linked"
    );
}

#[test]
fn the_readme_shows_what_snippet_prints_for_the_sample_site() {
    let site = Scratch::new();
    let config = repo().join("feeds.toml");
    let run = site.run(&["snippet", "--config", config.to_str().unwrap()]);
    run.assert_code(0);
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```html\n{}```", run.stdout)),
        "README.md's snippet example differs from:\n{}",
        run.stdout
    );
}

#[test]
fn man_dir_writes_a_page_per_subcommand_and_feeds_toml_and_man_renders_each() {
    let site = Scratch::new();
    let run = site.run(&["man", "--dir", "man"]);
    run.assert_code(0);
    let mut pages: Vec<String> = fs::read_dir(site.dir.join("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "byline-build.1",
            "byline-check.1",
            "byline-completions.1",
            "byline-feeds.toml.5",
            "byline-init.1",
            "byline-man.1",
            "byline-new.1",
            "byline-ping.1",
            "byline-serve.1",
            "byline-snippet.1",
            "byline.1"
        ]
    );
    // Every page the main page's SUBCOMMANDS section names is there.
    let main = fs::read_to_string(site.dir.join("man/byline.1")).unwrap();
    for page in &pages {
        if let Some(name) = page.strip_suffix(".1").filter(|n| *n != "byline") {
            assert!(main.contains(&name.replace('-', "\\-")), "{name}");
        }
    }
    // man-db renders each without a warning (`.ci/run` installs it).
    for page in &pages {
        let output = std::process::Command::new("man")
            .args(["--warnings", "-l", "-P", "cat"])
            .arg(site.dir.join("man").join(page))
            .env("MANWIDTH", "80")
            .output()
            .expect("man-db's `man` is installed");
        assert!(output.status.success(), "{page}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{page}");
        let text = String::from_utf8(output.stdout).unwrap();
        match page.as_str() {
            "byline-build.1" | "byline-check.1" => {
                assert!(
                    text.contains("--deny-warnings") || text.contains("--ping"),
                    "{text}"
                );
                assert!(text.contains("Exit status:"), "{text}");
            }
            "byline-feeds.toml.5" => {
                for key in [
                    "base_url",
                    "front_matter",
                    "for_each_tag",
                    "overrides",
                    "paths",
                ] {
                    assert!(text.contains(key), "{key}: {text}");
                }
            }
            _ => assert!(text.contains("NAME"), "{text}"),
        }
    }
}
