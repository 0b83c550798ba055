//! Hostile input and faults: a clear error or a valid, safe feed; never a
//! panic, a hang, a half-written feed or an article silently dropped.

use crate::harness::{Scratch, content_and_summary, feed, xml};
use std::fs;
use std::process::{Command, Stdio};

/// Every feed's bytes, each checked to be well-formed and readable.
fn published(site: &Scratch) -> Vec<(String, Vec<u8>)> {
    let files: Vec<_> = site.files("public").into_iter().collect();
    assert!(!files.is_empty(), "nothing was published");
    for (name, bytes) in &files {
        xml(bytes);
        feed(bytes);
        assert!(
            !bytes.starts_with(b"\xef\xbb\xbf"),
            "{name} starts with a byte-order mark"
        );
    }
    files
}

#[test]
fn bom_and_crlf_are_accepted_and_the_bom_never_reaches_the_output() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-bom.txt",
        "\u{feff}Headline\r\n\r\nFirst line\r\nsecond line\r\n",
    );
    site.write(
        "articles/2024-05-02-front.md",
        "\u{feff}+++\r\ntitle = \"Front\"\r\n+++\r\nBody\r\n",
    );
    site.run(&["build"]).assert_code(0);
    for (name, bytes) in published(&site) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains('\u{feff}'), "{name} carries the BOM");
        assert!(!text.contains('\r'), "{name} carries a CR");
        assert!(
            text.contains("Headline") && text.contains("Front"),
            "{name}"
        );
    }
}

#[test]
fn control_characters_are_refused_with_their_position() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-raw.txt",
        "Headline\n\nA bell \u{7} rings\n",
    );
    site.write(
        "articles/2024-05-02-escaped.md",
        "+++\ntitle = \"Bell \\u0007\"\n+++\nBody\n",
    );
    site.write(
        "articles/2024-05-03-reference.md",
        "+++\ntitle = \"Ref\"\n+++\nA &#x7; bell\n",
    );
    site.write(
        "articles/2024-05-04-nonchar.txt",
        "Headline\n\nA \u{ffff} noncharacter\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        [
            "articles/2024-05-01-raw.txt:3:8: error: the control character U+0007 cannot be published in a feed",
            "articles/2024-05-02-escaped.md: error: `title` holds the control character U+0007, which cannot be published in a feed",
            "articles/2024-05-03-reference.md:4:3: error: `&#x7;` is a control character that cannot be published in a feed",
            "articles/2024-05-04-nonchar.txt:3:3: error: the control character U+FFFF cannot be published in a feed",
        ]
    );
}

#[test]
fn empty_whitespace_and_binary_files_are_errors() {
    let site = Scratch::site("");
    site.write("articles/2024-05-01-empty.txt", "");
    site.write("articles/2024-05-02-blank.md", " \n\t\n\n");
    site.write(
        "articles/2024-05-03-binary.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    site.write("articles/2024-05-04-fine.txt", "Fine\n\nText.\n");
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("articles/2024-05-01-empty.txt: error: the file is empty"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("articles/2024-05-02-blank.md: error: the file is empty"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("articles/2024-05-03-binary.txt: error: this looks like a binary file (a NUL byte at byte offset 8)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: 3 problems in 3 files; nothing was written\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_front_matter_reports_the_files_own_lines() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-syntax.md",
        "+++\ntitle = \"A\"\ntags = [\"x\"\n+++\nBody\n",
    );
    site.write(
        "articles/2024-05-02-types.md",
        "+++\ntitle = \"A\"\n\ndraft = \"yes\"\n+++\nBody\n",
    );
    site.write(
        "articles/2024-05-03-authors.md",
        "+++\ntitle = \"A\"\nauthors = [{ name = \"X\", email = \"not an email\" }]\n+++\nBody\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    assert!(
        errors[0].starts_with("articles/2024-05-01-syntax.md:3:"),
        "{}",
        errors[0]
    );
    assert!(errors[1].starts_with("articles/2024-05-02-types.md:4:9: error: invalid type: string \"yes\", expected a boolean"), "{}", errors[1]);
    assert_eq!(
        errors[2],
        "articles/2024-05-03-authors.md:3:12: error: `not an email` is not an email address"
    );
}

#[test]
fn two_articles_with_one_id_are_an_error_naming_both() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-a.md",
        "+++\ntitle = \"A\"\nid = \"urn:x:1\"\n+++\nBody\n",
    );
    site.write(
        "articles/2024-05-02-b.md",
        "+++\ntitle = \"B\"\nid = \"urn:x:1\"\n+++\nBody\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("articles/2024-05-02-b.md: error: the id `urn:x:1` is also the id of articles/2024-05-01-a.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn hostile_markup_never_reaches_the_feed() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-attack.md",
        "+++\ntitle = \"<script> & ]]> friends\"\nsummary = \"]]> & <b>\"\n+++\n\
         Hello <script>alert('x')</script> <style>body{}</style>\n\n\
         <iframe src=\"https://evil.example/\"></iframe><object data=x></object><embed src=y>\n\n\
         <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\" onclick=\"x()\">a</a>\n\n\
         [md link](javascript:alert(1)) ![md image](data:image/png;base64,AAAA) <javascript:alert(1)>\n\n\
         <a href=\"java&#115;cript:alert(1)\">encoded</a> <a href=\"DATA:text/html,x\">data</a>\n\n\
         <div style=\"x\" ONMOUSEOVER=\"y()\">kept text</div> <b>bold</b>\n",
    );
    site.write(
        "articles/2024-05-02-text.txt",
        "HTML-looking text\n\n<script>alert(1)</script> & <b>not bold</b> ]]>\n",
    );
    site.run(&["build"]).assert_code(0);
    for (name, bytes) in published(&site) {
        let parsed = feed(&bytes);
        for entry in &parsed.entries {
            let [body, summary] = content_and_summary(entry);
            for html in [&body, &summary] {
                let lower = html.to_ascii_lowercase();
                // Unsafe URLs lose their link; their text may stay, as text.
                let banned = [
                    "<script",
                    "<style",
                    "<iframe",
                    "<object",
                    "<embed",
                    "onerror",
                    "onclick",
                    "onmouseover",
                    "=\"javascript",
                    "=\"data:",
                    "style=",
                    "alert('x')",
                    "body{}",
                ];
                for banned in banned {
                    assert!(!lower.contains(banned), "{name}: `{banned}` in {html}");
                }
            }
            if body.contains("kept text") {
                assert!(body.contains("<div>kept text</div> <b>bold</b>"), "{body}");
                assert!(
                    body.contains("<a>a</a>") && body.contains("md link") && body.contains("<img>"),
                    "{body}"
                );
            }
            if body.contains("not bold") {
                assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt; ]]&gt;"), "{body}");
            }
        }
        assert!(
            parsed
                .entries
                .iter()
                .any(|e| e.title.as_ref().unwrap().content == "<script> & ]]> friends")
        );
    }
}

#[test]
fn metadata_that_looks_like_html_is_published_as_text_with_a_warning() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-05-01-tag.md",
        "+++\ntitle = \"Bold <b>claims</b>\"\n+++\nBody\n",
    );
    site.write(
        "articles/2024-05-02-entity.txt",
        "Fish &amp; chips\n\nBody\n",
    );
    site.write(
        "articles/2024-05-03-script.txt",
        "Tom & Jerry <script>alert(1)</script>\n\nWhy the <details> element matters.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.warnings(),
        [
            "articles/2024-05-01-tag.md: warning[ContainsHTML]: `title` contains `</b>`, which is published as text, but some feed readers render it as HTML",
            "articles/2024-05-02-entity.txt: warning[TextLooksLikeMarkup]: `title` contains `&amp;`, which is published as those characters, not as the character it names",
            "articles/2024-05-03-script.txt: warning[ContainsHTML]: `title` contains `</script>`, which is published as text, but some feed readers render it as HTML",
        ]
    );
    let files = site.files("public");
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script"), "{name} holds a raw <script");
        assert!(!text.contains("<b>"), "{name} holds a raw <b>");
        let parsed = feed(bytes);
        let titles: Vec<String> = parsed
            .entries
            .iter()
            .map(|e| {
                // Atom titles with an end tag go as escaped HTML (no
                // ContainsUndeclaredHTML warning): the text once unescaped.
                let title = e.title.as_ref().unwrap();
                if title.content_type.as_str() == "text/html" {
                    title
                        .content
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&")
                } else {
                    title.content.clone()
                }
            })
            .collect();
        assert_eq!(
            titles,
            [
                "Tom & Jerry <script>alert(1)</script>",
                "Fish &amp; chips",
                "Bold <b>claims</b>"
            ],
            "{name}: titles are the text as written"
        );
    }
}

#[test]
fn size_limit_refuses_big_articles_and_publishes_those_under_it() {
    let site = Scratch::site("");
    let paragraph = "Five megabytes of wire copy, one careful sentence at a time.\n\n";
    let big = format!(
        "A long read\n\n{}",
        paragraph.repeat(5_000_000 / paragraph.len())
    );
    assert!(big.len() > 4_900_000);
    site.write("articles/2024-05-01-long.txt", &big);
    site.run(&["build"]).assert_code(0);
    let rss = &site.files("public")["feed.xml"];
    assert!(rss.len() > big.len(), "the whole article is published");
    feed(rss);

    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        format!("{config}\n[build]\nmax_article_bytes = 1000000\n"),
    );
    site.write("public/feed.xml", "previous");
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("articles/2024-05-01-long.txt: error: the file is larger than the limit of 1000000 bytes"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read(site.dir.join("public/feed.xml")).unwrap(),
        b"previous"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_never_publish_outside_files_and_loops_end() {
    use std::os::unix::fs::symlink;
    let site = Scratch::site("");
    site.write("secret.txt", "Secret headline\n\nSECRET CONTENT\n");
    site.write("articles/2024-05-01-real.txt", "Real\n\nText.\n");
    fs::create_dir_all(site.dir.join("articles/loop")).unwrap();
    symlink(
        site.dir.join("secret.txt"),
        site.dir.join("articles/2024-05-02-leak.txt"),
    )
    .unwrap();
    symlink("..", site.dir.join("articles/loop/up")).unwrap();
    symlink("self.md", site.dir.join("articles/self.md")).unwrap();
    symlink(
        "2024-05-01-real.txt",
        site.dir.join("articles/2024-05-03-alias.txt"),
    )
    .unwrap();
    let run = site.run(&["build"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(errors[0].starts_with(
        "articles/2024-05-02-leak.txt: error: this symbolic link points outside the articles folder"
    ));
    assert!(
        errors[1].starts_with("articles/self.md: error: this symbolic link is broken or loops")
    );
    assert!(!site.dir.join("public").exists());

    // Without the bad links: the alias inside the folder is not published twice.
    fs::remove_file(site.dir.join("articles/2024-05-02-leak.txt")).unwrap();
    fs::remove_file(site.dir.join("articles/self.md")).unwrap();
    site.run(&["build"]).assert_code(0);
    let rss = &site.files("public")["feed.xml"];
    assert_eq!(feed(rss).entries.len(), 1);
    assert!(!String::from_utf8_lossy(rss).contains("SECRET"));
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_an_article_is_an_error_not_a_hang() {
    let site = Scratch::site("");
    site.write("articles/2024-05-01-real.txt", "Real\n\nText.\n");
    let status = Command::new("mkfifo")
        .arg(site.dir.join("articles/2024-05-02-pipe.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .starts_with("articles/2024-05-02-pipe.txt: error: this is not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn names_with_spaces_and_non_ascii_in_nested_folders_are_fine() {
    let site = Scratch::site("");
    site.write(
        "articles/Café au lait/été 2024/2024-07-14 Un été à Paris.md",
        "# Un été à Paris\n\nTexte.\n",
    );
    site.write("articles/a b/2024-07-15-plain name.txt", "Plain\n\nText.\n");
    site.run(&["build"]).assert_code(0);
    let files = published(&site);
    let rss = feed(&files.iter().find(|(n, _)| n == "feed.xml").unwrap().1);
    let links: Vec<_> = rss
        .entries
        .iter()
        .map(|e| e.links[0].href.as_str())
        .collect();
    assert_eq!(
        links,
        [
            "https://test.example.org/plain-name/",
            "https://test.example.org/un-%C3%A9t%C3%A9-%C3%A0-paris/"
        ]
    );
    assert_eq!(
        rss.entries[1].id,
        "tag:test.example.org,2024:un-%C3%A9t%C3%A9-%C3%A0-paris"
    );
}

#[test]
fn a_future_date_is_published_with_a_warning() {
    let site = Scratch::site("");
    site.write("articles/2999-01-01-typo.txt", "From the future\n\nText.\n");
    site.write(
        "articles/2999-01-02-embargo.md",
        "+++\ntitle = \"Held\"\ndraft = true\n+++\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr.starts_with(
            "articles/2999-01-01-typo.txt: warning[ImplausibleDate]: the date 2999-01-01T00:00:00+00:00 is in the future; the article is published all the same\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("warning").count(),
        1,
        "drafts do not warn: {}",
        run.stderr
    );
    assert_eq!(feed(&site.files("public")["feed.xml"]).entries.len(), 1);
}

#[test]
fn a_date_before_1990_is_published_with_a_warning() {
    let site = Scratch::site("");
    site.write(
        "articles/1969-07-20-moon.txt",
        "Men walk on the Moon\n\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr.starts_with(
            "articles/1969-07-20-moon.txt: warning[ImplausibleDate]: the date 1969-07-20T00:00:00+00:00 is before 1990, which feed validators call implausible\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn moving_an_article_to_another_folder_keeps_its_id() {
    let site = Scratch::site("");
    site.write("articles/2024-05-01-story.txt", "Story\n\nText.\n");
    site.run(&["build", "--out", "before"]).assert_code(0);
    fs::create_dir_all(site.dir.join("articles/archive/2024")).unwrap();
    fs::rename(
        site.dir.join("articles/2024-05-01-story.txt"),
        site.dir.join("articles/archive/2024/2024-05-01-story.txt"),
    )
    .unwrap();
    site.run(&["build", "--out", "after"]).assert_code(0);
    assert_eq!(site.files("before"), site.files("after"));
}

#[test]
fn concurrent_builds_into_one_folder_leave_valid_feeds() {
    let site = Scratch::fixture("site");
    site.run(&["build", "--out", "reference"]).assert_code(0);
    let reference = site.files("reference");
    for round in 0..10 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_byline"))
                    .arg("build")
                    .current_dir(&site.dir)
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success(), "round {round}");
        }
        assert_eq!(
            site.files("public"),
            reference,
            "round {round}: only whole, identical feeds"
        );
        fs::remove_dir_all(site.dir.join("public")).unwrap();
    }
}

/// What one article may cost: these end at once with an error at the file
/// and line, in bounded memory, where without the limits they ran for
/// minutes into gigabytes.
#[cfg(unix)]
#[test]
fn front_matter_that_would_explode_is_refused_at_its_line_in_bounded_memory() {
    let site = Scratch::site("[build]\nfront_matter = \"jekyll\"");
    // A YAML alias bomb: nine levels of ten aliases, 10^9 values from 1 KB.
    let mut bomb = String::from("---\ntitle: Bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..=9 {
        let aliases = vec![format!("*a{}", level - 1); 10].join(", ");
        bomb.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
    }
    bomb.push_str("tags: *a9\n---\nBody.\n");
    assert!(bomb.len() < 1100);
    site.write("articles/2024-05-01-bomb.md", &bomb);
    // One article with 100,000 tags, in a flow list on line 3.
    let tags: Vec<String> = (0..100_000).map(|n| format!("t{n}")).collect();
    site.write(
        "articles/2024-05-02-tags.md",
        format!(
            "---\ntitle: Tags\ntags: [{}]\n---\nBody.\n",
            tags.join(", ")
        ),
    );
    // A front-matter block over a megabyte.
    site.write(
        "articles/2024-05-03-huge.md",
        format!(
            "---\ntitle: Huge\nsummary: {}\n---\nBody.\n",
            "a".repeat(1_100_000)
        ),
    );
    // One text value over 64 KiB.
    site.write(
        "articles/2024-05-04-long.md",
        format!(
            "---\ntitle: Long\n\nsummary: {}\n---\nBody.\n",
            "a".repeat(70_000)
        ),
    );
    site.write("public/feed.xml", "previous");
    let run = site.run_limited(200, &["build"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        [
            "articles/2024-05-01-bomb.md:6:45: error: the front matter holds more than 10000 values \
             (each use of an alias counts as a copy of what it names)",
            "articles/2024-05-02-tags.md:3:7: error: this list has more than 1000 members, the most \
             a front-matter list may have",
            "articles/2024-05-03-huge.md:2:1: error: the front matter is 1100022 bytes; at most \
             1048576 are read",
            "articles/2024-05-04-long.md:4:10: error: this text is 70000 bytes; a front-matter \
             value may have at most 65536",
        ],
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read(site.dir.join("public/feed.xml")).unwrap(),
        b"previous"
    );
}

/// A 10 MB body on one line publishes, in bounded memory.
#[cfg(unix)]
#[test]
fn a_ten_megabyte_single_line_body_publishes_in_bounded_memory() {
    let site = Scratch::site("");
    let body = "word ".repeat(2_000_000);
    site.write(
        "articles/2024-05-01-long.md",
        format!("+++\ntitle = \"Long\"\n+++\n{body}\n"),
    );
    site.run_limited(400, &["build"]).assert_code(0);
    let rss = &site.files("public")["feed.xml"];
    assert!(rss.len() > body.len(), "the whole body is published");
    feed(rss);
}

/// A feed per tag for many tags: memory follows one batch, not the tags.
#[cfg(unix)]
#[test]
fn a_feed_per_tag_for_a_thousand_tags_publishes_in_bounded_memory() {
    let site = Scratch::site("");
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        format!("{config}\n[[feeds]]\nfor_each_tag = true\natom = \"tags/{{tag}}.xml\"\n"),
    );
    for n in 0..1_000 {
        site.write(
            &format!("articles/a{n}.md"),
            format!("+++\ntitle = \"Article {n}\"\ndate = 2024-05-01T10:00:00Z\ntags = [\"tag {n}\", \"all\"]\n+++\nText {n}.\n"),
        );
    }
    site.run_limited(200, &["build"]).assert_code(0);
    let files = site.files("public");
    assert_eq!(
        files.keys().filter(|k| k.starts_with("tags/")).count(),
        1_001
    );
    let one = xml(&files["tags/tag-734.xml"]);
    let titles: Vec<&str> = one
        .descendants()
        .filter(|n| n.has_tag_name("title") && n.parent().is_some_and(|p| p.has_tag_name("entry")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(titles, ["Article 734"]);
    // The tag every article has keeps the newest 20, like any feed.
    let all = xml(&files["tags/all.xml"]);
    assert_eq!(
        all.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count(),
        20
    );
}
