//! Sites written for Hugo, Jekyll and Zola, published as they are: where
//! the generator publishes a post, byline publishes it at the generator's
//! URL, with a warning for what it could not carry.
//!
//! The fixtures in `fixtures/migrate/` are small sites of our own words,
//! each reproducing what real blogs hold.

use crate::harness::{Run, Scratch, feed};

/// Builds a fixture: the run, and each Atom entry's (link, id, date) in
/// feed order.
fn build(name: &str) -> (Scratch, Run, Vec<(String, String, String)>) {
    let site = Scratch::fixture(&format!("migrate/{name}"));
    let run = site.run(&["build"]);
    run.assert_code(0);
    let atom = feed(&site.files("public")["atom.xml"]);
    let entries = atom
        .entries
        .iter()
        .map(|entry| {
            (
                entry.links[0].href.clone(),
                entry.id.clone(),
                entry.published.unwrap().date_naive().to_string(),
            )
        })
        .collect();
    (site, run, entries)
}

/// The links of `entries`, sorted.
fn links(entries: &[(String, String, String)]) -> Vec<&str> {
    let mut links: Vec<&str> = entries.iter().map(|(link, _, _)| link.as_str()).collect();
    links.sort_unstable();
    links
}

#[test]
fn capital_slugs_are_lowercased_as_hugo_does() {
    let (_site, run, entries) = build("hugo-capital-slug");
    assert_eq!(
        entries[0].0,
        "https://news.example.org/2024/05/01/ari-in-widgets/"
    );
    assert_eq!(entries[0].1, "tag:news.example.org,2024:ari-in-widgets");
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

#[test]
fn hugo_keeps_dots_in_urls_and_ids_stay_as_they_were() {
    let (_site, _run, entries) = build("hugo-dotted-bundle");
    assert_eq!(
        links(&entries),
        [
            "https://news.example.org/news/0.56.2-relnotes/",
            "https://news.example.org/news/0.90.1-notes/"
        ]
    );
    let mut ids: Vec<&str> = entries.iter().map(|(_, id, _)| id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "tag:news.example.org,2019:0-56-2-relnotes",
            "tag:news.example.org,2021:0-90-1-notes"
        ]
    );
}

#[test]
fn a_section_placeholder_keeps_sub_folders_in_the_url() {
    let (_site, _run, entries) = build("hugo-nested-dir");
    assert_eq!(
        entries[0].0,
        "https://news.example.org/news/2021/0.91.2-relnotes/"
    );
    assert_eq!(entries[0].1, "tag:news.example.org,2021:0-91-2-relnotes");
}

#[test]
fn front_matter_after_blank_lines_is_read() {
    let (site, run, entries) = build("hugo-blank-line-before-front-matter");
    assert_eq!(entries[0].0, "https://news.example.org/news/widget-0.30/");
    let atom = feed(&site.files("public")["atom.xml"]);
    assert_eq!(
        atom.entries[0].title.as_ref().unwrap().content,
        "Widget 0.30: faster"
    );
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

#[test]
fn hugo_url_and_jekyll_permalink_set_the_address() {
    let (_site, run, entries) = build("hugo-url-front-matter");
    assert_eq!(
        links(&entries),
        [
            "https://news.example.org/articles/ugly-address.html",
            "https://news.example.org/custom/place/"
        ]
    );
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let (_site, run, entries) = build("jekyll-permalink-front-matter");
    assert_eq!(entries[0].0, "https://news.example.org/about-the-widget/");
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

#[test]
fn hugo_date_aliases_are_understood() {
    let (site, run, entries) = build("hugo-date-aliases");
    assert_eq!(entries[0].2, "2022-02-02");
    let atom = feed(&site.files("public")["atom.xml"]);
    let updated = atom.entries[0].updated.unwrap().to_rfc3339();
    assert!(updated.starts_with("2022-02-03T08:00:00"), "{updated}");
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

#[test]
fn a_date_jekyll_cannot_read_falls_back_to_the_file_name() {
    let (_site, run, entries) = build("jekyll-bad-date");
    assert_eq!(
        entries[0].0,
        "https://news.example.org/2023/01/29/widget-3-9-3-released/"
    );
    assert_eq!(
        entries[0].1,
        "tag:news.example.org,2023:widget-3-9-3-released"
    );
    assert_eq!(entries[0].2, "2023-01-29");
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with(
            "_posts/2023-01-29-widget-3-9-3-released.md:3:7: warning[DateFromFileName]: `2023-01-29 18:30:22 2023 -0800` is not a valid date"
        ),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].ends_with("the date in the file name is used instead"),
        "{}",
        warnings[0]
    );
}

#[test]
fn one_slug_twice_a_year_gets_two_ids_and_unique_ids_stay() {
    let (_site, run, entries) = build("jekyll-same-slug-twice-a-year");
    let mut pairs: Vec<(&str, &str)> = entries
        .iter()
        .map(|(link, id, _)| (link.as_str(), id.as_str()))
        .collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        [
            (
                "https://news.example.org/2016/04/01/transparency-report/",
                "tag:news.example.org,2016:transparency-report"
            ),
            (
                "https://news.example.org/2016/10/01/transparency-report/",
                "tag:news.example.org,2016-10-01:transparency-report"
            ),
            (
                "https://news.example.org/2017/03/01/other-news/",
                "tag:news.example.org,2017:other-news"
            ),
        ]
    );
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

#[test]
fn one_slug_in_one_url_is_still_an_error() {
    let site = Scratch::fixture("migrate/jekyll-same-slug-twice-a-year");
    site.write(
        "feeds.toml",
        std::fs::read_to_string(site.dir.join("feeds.toml"))
            .unwrap()
            .replace("{year}/{month}/{day}/{slug}/", "{year}/{slug}/"),
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.errors(),
        [
            "_posts/2016-10-01-transparency-report.md: error: the URL https://news.example.org/2016/transparency-report/ is also the URL of _posts/2016-04-01-transparency-report.md"
        ]
    );
}

#[test]
fn jekyll_titles_keep_case_and_dots() {
    let (_site, _run, entries) = build("jekyll-title-case-and-dots");
    assert_eq!(
        links(&entries),
        [
            "https://news.example.org/2006/11/03/CVE-2006-5467/",
            "https://news.example.org/2021/11/24/overrun-in-escape-html/",
            "https://news.example.org/2022/12/21/converter-3.0-released/",
        ]
    );
    let mut ids: Vec<&str> = entries.iter().map(|(_, id, _)| id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids[0], "tag:news.example.org,2006:cve-2006-5467");
}

#[test]
fn zola_path_is_the_url_and_holds_the_date() {
    let (_site, run, entries) = build("zola-path");
    let mut found: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|(l, i, d)| (l.as_str(), i.as_str(), d.as_str()))
        .collect();
    found.sort_unstable();
    assert_eq!(
        found,
        [
            (
                "https://news.example.org/2019/05/15/Four-Years-Of-Widgets/",
                "tag:news.example.org,2019:four-years-of-widgets",
                "2019-05-15"
            ),
            (
                "https://news.example.org/inside/2020/01/02/Meeting-Notes/",
                "tag:news.example.org,2020:meeting-notes",
                "2020-01-02"
            ),
        ]
    );
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

#[test]
fn zola_sections_are_part_of_the_url_and_the_id() {
    let (_site, _run, entries) = build("zola-sections");
    let mut pairs: Vec<(&str, &str)> = entries
        .iter()
        .map(|(link, id, _)| (link.as_str(), id.as_str()))
        .collect();
    pairs.sort_unstable();
    assert_eq!(pairs[0].0, "https://news.example.org/all-hands/");
    assert_eq!(pairs[1].0, "https://news.example.org/inside/all-hands/");
    assert_eq!(pairs[0].1, "tag:news.example.org,2024:all-hands");
    assert_eq!(pairs[1].1, "tag:news.example.org,2024:inside/all-hands");
}

#[test]
fn zola_slugifies_file_names_and_double_hyphens() {
    let (_site, _run, entries) = build("zola-slugify-filename");
    assert_eq!(
        links(&entries),
        [
            "https://news.example.org/blog/releasing-widget-0-4/",
            "https://news.example.org/blog/widget-v1-is-here/"
        ]
    );
    let (_site, _run, entries) = build("zola-double-hyphen");
    assert_eq!(
        entries[0].0,
        "https://news.example.org/2025/11/19/programme-update-october-2025/"
    );
}

#[test]
fn a_form_feed_is_dropped_with_a_warning_at_its_line() {
    let (site, run, _entries) = build("zola-form-feed");
    assert_eq!(
        run.warnings(),
        [
            "articles/survey.md:8:30: warning[DroppedCharacter]: the character U+000C cannot be published in a feed, and is left out"
        ]
    );
    let atom = String::from_utf8(site.files("public")["atom.xml"].clone()).unwrap();
    assert!(atom.contains("from a PDF with a form feed"), "{atom}");
}

#[test]
fn characters_the_validator_warns_about_are_dropped_too() {
    let (site, run, _entries) = build("zola-c1-and-replacement-character");
    let lines: Vec<&str> = run
        .warnings()
        .iter()
        .map(|w| w.split(": warning").next().unwrap())
        .collect();
    assert!(
        lines.iter().any(|l| l.starts_with("articles/bytes.md:9:")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("articles/bytes.md:10:")),
        "{lines:?}"
    );
    let atom = String::from_utf8(site.files("public")["atom.xml"].clone()).unwrap();
    assert!(
        !atom.contains('\u{fffd}') && !atom.contains('\u{85}'),
        "{atom}"
    );
}

#[test]
fn empty_and_template_only_pages_are_left_out_with_a_warning() {
    let (_site, run, entries) = build("zola-empty-and-template-only-files");
    assert_eq!(links(&entries), ["https://news.example.org/post/"]);
    let mut warnings = run.warnings();
    warnings.sort_unstable();
    assert_eq!(
        warnings,
        [
            "articles/releases/latest.md: warning[NotAnArticle]: the file has no title and no text: it is not an article, and is left out",
            "articles/releases/redirect.md: warning[NotAnArticle]: the file has no title and no text: it is not an article, and is left out",
        ]
    );
}

/// Runs `init --from POSTS out` in a copy of an `init-*` fixture, then
/// builds: the config written, and the links of the Atom feed, sorted.
fn init_and_build(name: &str, posts: &str) -> (String, Vec<String>) {
    let site = Scratch::fixture(&format!("migrate/{name}"));
    site.run(&["init", "--from", posts, "out"]).assert_code(0);
    let config = std::fs::read_to_string(site.dir.join("out/feeds.toml")).unwrap();
    let run = site.run(&["build", "--config", "out/feeds.toml"]);
    run.assert_code(0);
    let atom = feed(&site.files("out/public")["atom.xml"]);
    let mut links: Vec<String> = atom
        .entries
        .iter()
        .map(|entry| entry.links[0].href.clone())
        .collect();
    links.sort_unstable();
    (config, links)
}

#[test]
fn init_reads_a_hugo_config_and_its_permalinks() {
    let (config, links) = init_and_build("init-hugo-site", "site/content/posts");
    for line in [
        "title = \"Widget News\"",
        "base_url = \"https://widgets.example.org/\"",
        "language = \"en-gb\"",
        "timezone = \"Europe/Oslo\"",
        "article_url = \"{year}/{month}/{day}/{slug}/\"",
        "front_matter = \"hugo\"",
    ] {
        assert!(config.contains(line), "{line} in {config}");
    }
    assert_eq!(
        links,
        [
            "https://widgets.example.org/2024/05/01/first/",
            "https://widgets.example.org/2024/05/02/second/"
        ]
    );
}

#[test]
fn init_reads_hugo_config_folders_and_ugly_urls() {
    let (config, links) = init_and_build("init-hugo-config-dir-ugly", "site/content/en/post");
    assert!(config.contains("title = \"Cert News\""), "{config}");
    assert_eq!(
        links,
        ["https://certs.example.org/2015/12/03/public-beta.html"]
    );
}

#[test]
fn init_reads_a_jekyll_config_with_its_permalink_style_and_path_categories() {
    let (config, links) = init_and_build("init-jekyll-site", "site/en/news/_posts");
    assert!(config.contains("front_matter = \"jekyll\""), "{config}");
    assert!(config.contains("title = \"Widget Lang\""), "{config}");
    assert_eq!(
        links,
        ["https://www.widget-lang.example/en/news/2024/04/23/widget-3-3-1-released/"]
    );
    let (_config, links) = init_and_build("init-jekyll-default-permalink", "site/_posts");
    assert_eq!(links, ["https://plain.example/2019/05/21/first-post.html"]);
}

#[test]
fn init_from_jekyll_posts_without_their_config_gives_jekylls_dated_urls() {
    // Posts copied out of their site: one title in two years, as a
    // newsroom's yearly notices are. Jekyll's default URLs are dated, so
    // the two do not share one.
    let site = Scratch::new();
    for year in [2023, 2024] {
        site.write(
            &format!("posts/{year}-03-01-call-for-papers.md"),
            format!("---\nlayout: post\ntitle: Call for papers {year}\n---\nSend yours.\n"),
        );
    }
    site.run(&["init", "--from", "posts", "out"]).assert_code(0);
    let config = std::fs::read_to_string(site.dir.join("out/feeds.toml")).unwrap();
    assert!(
        config.contains("article_url = \"{year}/{month}/{day}/{slug}.html\""),
        "{config}"
    );
    site.run(&["build", "--config", "out/feeds.toml"])
        .assert_code(0);
    let mut links: Vec<String> = feed(&site.files("out/public")["atom.xml"])
        .entries
        .iter()
        .map(|entry| entry.links[0].href.clone())
        .collect();
    links.sort_unstable();
    assert_eq!(
        links,
        [
            "https://example.org/2023/03/01/call-for-papers.html",
            "https://example.org/2024/03/01/call-for-papers.html"
        ]
    );
}

#[test]
fn init_reads_a_zola_config_and_keeps_sections_and_paths() {
    let (config, links) = init_and_build("init-zola-site", "site/content");
    assert!(config.contains("front_matter = \"zola\""), "{config}");
    assert!(config.contains("title = \"Widget Blog\""), "{config}");
    assert_eq!(
        links,
        [
            "https://blog.widgets.example/2024/06/01/Hello/",
            "https://blog.widgets.example/inside/hello/"
        ]
    );
}

#[test]
fn many_warnings_of_one_kind_are_counted_and_verbose_lists_them() {
    let site = Scratch::fixture("migrate/many-files-one-warning-class");
    let run = site.run(&["build"]);
    run.assert_code(0);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 3, "{}", run.stderr);
    assert_eq!(
        warnings[0],
        "_posts/2020-01-01-note-1.md:3:1: warning[IgnoredField]: unknown field `tittle` is ignored"
    );
    assert!(
        run.stderr.lines().any(|line| line
            == "warning: 9 more like \"unknown field `…` is ignored\" in 9 more files (build --verbose prints them all)"),
        "{}",
        run.stderr
    );
    let run = site.run(&["build", "--verbose"]);
    run.assert_code(0);
    assert_eq!(run.warnings().len(), 12, "{}", run.stderr);
}

#[test]
fn text_files_in_a_bundle_are_not_posts_for_hugo_or_zola() {
    let site = Scratch::site("[build]\nfront_matter = \"zola\"");
    site.write(
        "articles/reach/index.md",
        "+++\ntitle = \"Reach\"\ndate = 2017-06-27\n+++\n\nText.\n",
    );
    site.write("articles/reach/application.txt", "A form, not a post.\n");
    site.write("articles/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let atom = feed(&site.files("public")["atom.xml"]);
    assert_eq!(atom.entries.len(), 1);
    assert_eq!(
        atom.entries[0].links[0].href,
        "https://test.example.org/reach/"
    );
}

#[test]
fn jekyll_urls_take_the_day_in_the_sites_zone() {
    let (_site, _run, entries) = build("jekyll-site-timezone-day");
    assert_eq!(
        entries[0].0,
        "https://news.example.org/news/2016/08/24/admin-release/"
    );
    // The id keeps the year as written, as before.
    assert_eq!(entries[0].1, "tag:news.example.org,2016:admin-release");
}

#[test]
fn a_feed_can_select_one_section() {
    let site = Scratch::fixture("migrate/zola-sections");
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        format!("{config}\n[[feeds]]\nsections = [\"inside\"]\natom = \"inside.xml\"\n"),
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    let files = site.files("public");
    assert_eq!(feed(&files["atom.xml"]).entries.len(), 2);
    let inside = feed(&files["inside.xml"]);
    let links: Vec<&str> = inside
        .entries
        .iter()
        .map(|e| e.links[0].href.as_str())
        .collect();
    assert_eq!(links, ["https://news.example.org/inside/all-hands/"]);
}

#[test]
fn jekyll_category_and_tag_are_one_tag_each() {
    let site = Scratch::site("[build]\nfront_matter = \"jekyll\"");
    site.write(
        "articles/2020-01-01-a.md",
        "---\ntitle: A\ncategory: release notes\ntag: big news\ncategories: x y\n---\n\nText.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let atom = feed(&site.files("public")["atom.xml"]);
    let tags: Vec<&str> = atom.entries[0]
        .categories
        .iter()
        .map(|c| c.term.as_str())
        .collect();
    assert_eq!(tags, ["release-notes", "big-news", "x", "y"]);
}

#[test]
fn template_tags_inside_code_are_code_for_zola_and_hugo() {
    let (_site, run, _entries) = build("zola-template-tags-in-code");
    // `${{ secrets.TOKEN }}` in a fenced block and `{{closure}}` in a code
    // span are not tags; Zola's escape `{{/* … */}}` still is worth a word.
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("articles/ci.md:15:24: warning[TemplateTag]: `{{/* video"),
        "{}",
        warnings[0]
    );
}

#[test]
fn posts_hugo_renders_no_page_for_are_left_out() {
    let (_site, run, entries) = build("hugo-build-options");
    assert_eq!(links(&entries), ["https://news.example.org/posts/shown/"]);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

#[test]
fn hugo_html_content_files_are_pages() {
    let (site, _run, entries) = build("hugo-html-content-file");
    assert_eq!(
        links(&entries),
        [
            "https://news.example.org/news/m1-benchmarks/",
            "https://news.example.org/news/plain/"
        ]
    );
    let atom = String::from_utf8(site.files("public")["atom.xml"].clone()).unwrap();
    assert!(atom.contains("&lt;b&gt;benchmarks&lt;/b&gt;"), "{atom}");
    // Only the Hugo dialect reads `.html` files.
    let site = Scratch::fixture("migrate/hugo-html-content-file");
    site.write(
        "feeds.toml",
        std::fs::read_to_string(site.dir.join("feeds.toml"))
            .unwrap()
            .replace("front_matter = \"hugo\"", "front_matter = \"zola\""),
    );
    site.run(&["build"]).assert_code(0);
    assert_eq!(feed(&site.files("public")["atom.xml"]).entries.len(), 1);
}

#[test]
fn jekyll_highlight_blocks_stay_code() {
    let (site, run, _entries) = build("jekyll-highlight-keeps-code");
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let atom = feed(&site.files("public")["atom.xml"]);
    let content = atom.entries[0]
        .content
        .as_ref()
        .unwrap()
        .body
        .clone()
        .unwrap();
    assert!(
        content.contains("<pre><code class=\"language-xml\">&lt;!DOCTYPE boom ["),
        "{content}"
    );
    assert!(
        content.contains("&lt;boom&gt;&amp;a;&lt;/boom&gt;"),
        "{content}"
    );
}

#[test]
fn jekyll_site_url_and_baseurl_are_the_sites() {
    let (site, run, _entries) = build("jekyll-site-variables");
    let atom = feed(&site.files("public")["atom.xml"]);
    let content = atom.entries[0]
        .content
        .as_ref()
        .unwrap()
        .body
        .clone()
        .unwrap();
    assert!(
        content.contains(
            "<a href=\"https://news.example.org/download-1.8.tar.gz\">source archive</a>"
        ),
        "{content}"
    );
    assert!(
        content.contains("<a href=\"https://news.example.org/docs/\">the docs</a>"),
        "{content}"
    );
    // A value of the site's own config byline does not read stays a tag.
    assert_eq!(run.warnings().len(), 1, "{}", run.stderr);
    assert!(
        run.warnings()[0].contains("`{{ site.repository }}`"),
        "{}",
        run.stderr
    );
}
