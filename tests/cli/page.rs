//! A feed's HTML page: parsed by a real HTML parser (html5ever),
//! it shows every entry with its credit, links every format of its feed,
//! escapes what it shows, and `byline check` notices a broken one.

use crate::harness::{Scratch, feed};
use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, parse_document};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// Every element under `node` named `name`, in document order.
fn elements(node: &Handle, name: &str, out: &mut Vec<Handle>) {
    if let NodeData::Element { name: n, .. } = &node.data
        && &*n.local == name
    {
        out.push(node.clone());
    }
    for child in node.children.borrow().iter() {
        elements(child, name, out);
    }
}

fn all(dom: &RcDom, name: &str) -> Vec<Handle> {
    let mut out = Vec::new();
    elements(&dom.document, name, &mut out);
    out
}

fn attribute(node: &Handle, wanted: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == wanted)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

fn text(node: &Handle) -> String {
    let mut out = String::new();
    if let NodeData::Text { contents } = &node.data {
        out.push_str(&contents.borrow());
    }
    for child in node.children.borrow().iter() {
        out.push_str(&text(child));
    }
    out
}

fn parse(bytes: &[u8]) -> RcDom {
    parse_document(RcDom::default(), ParseOpts::default()).one(std::str::from_utf8(bytes).unwrap())
}

fn site() -> Scratch {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"Test <News> & Co\"\nbase_url = \"https://test.example.org/\"\n\
         language = \"en\"\nauthors = [\"Desk\"]\nrights = \"© 2024 Test\"\n\n\
         [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\njson = \"feed.json\"\nhtml = \"index.html\"\n\n\
         [[feeds]]\nfor_each_tag = true\natom = \"tags/{tag}.atom\"\nhtml = \"tags/{tag}.html\"\n",
    );
    site.write(
        "articles/2024-08-11-closing.txt",
        "Paris hands the flag to <script>alert(1)</script>\n\nThe \"closing\" ceremony & more.\n\n\
         (Adapted from a report by Reuters)\n",
    );
    site.write(
        "articles/2024-08-12-medals.md",
        "+++\ntitle = \"Medal table\"\ndate = 2024-08-12T09:30:00+02:00\ntags = [\"sport\"]\n\
         updated = 2024-08-13T10:00:00+02:00\n\
         authors = [{ name = \"Ana Lima\", url = \"https://ana.example.org/\" }, \"Tom Bell\"]\n\
         source = { name = \"AFP\", url = \"https://afp.example.com/1\" }\n+++\n\nThe *final* table.\n",
    );
    site.write(
        "articles/2024-08-10-arabic.md",
        "+++\ntitle = \"الميداليات\"\nlanguage = \"ar\"\n+++\n\nنص المقال.\n",
    );
    site
}

#[test]
fn the_page_shows_every_entry_credited_and_links_every_format() {
    let site = site();
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let page = parse(&files["index.html"]);
    let json = feed(&files["feed.json"]);

    // Every entry, newest first, with its linked title, as in the feed.
    let articles = all(&page, "article");
    assert_eq!(articles.len(), json.entries.len());
    for (article, entry) in articles.iter().zip(&json.entries) {
        let mut anchors = Vec::new();
        elements(article, "a", &mut anchors);
        assert_eq!(text(&anchors[0]), entry.title.as_ref().unwrap().content);
        assert_eq!(attribute(&anchors[0], "href").unwrap(), entry.links[0].href);
        let mut times = Vec::new();
        elements(article, "time", &mut times);
        let datetime = attribute(&times[0], "datetime").unwrap();
        assert_eq!(
            chrono::DateTime::parse_from_rfc3339(&datetime).unwrap(),
            entry.published.unwrap()
        );
    }
    let medals = text(&articles[0]);
    assert!(medals.contains("By Ana Lima and Tom Bell"), "{medals}");
    assert!(medals.contains("updated 2024-08-13"), "{medals}");
    assert!(
        medals.contains("Adapted from AFP"),
        "the credit line: {medals}"
    );
    let closing = text(&articles[1]);
    assert!(closing.contains("Paris hands the flag to <script>alert(1)</script>"));
    assert!(closing.contains("Adapted from a report by Reuters"));
    assert!(
        all(&page, "script").is_empty(),
        "a title is text, never markup"
    );
    assert_eq!(attribute(&articles[2], "lang").as_deref(), Some("ar"));
    assert_eq!(attribute(&articles[2], "dir").as_deref(), Some("rtl"));
    assert_eq!(text(&all(&page, "title")[0]), "Test <News> & Co");

    // Each format: an autodiscovery link in the head, and a link to follow.
    let formats = [
        ("application/rss+xml", "https://test.example.org/feed.xml"),
        ("application/atom+xml", "https://test.example.org/atom.xml"),
        (
            "application/feed+json",
            "https://test.example.org/feed.json",
        ),
    ];
    let alternates: Vec<(String, String)> = all(&page, "link")
        .iter()
        .filter(|l| attribute(l, "rel").as_deref() == Some("alternate"))
        .map(|l| (attribute(l, "type").unwrap(), attribute(l, "href").unwrap()))
        .collect();
    let hrefs: Vec<String> = all(&page, "a")
        .iter()
        .filter_map(|a| attribute(a, "href"))
        .collect();
    assert_eq!(alternates.len(), formats.len(), "{alternates:?}");
    for (kind, url) in formats {
        assert!(alternates.contains(&(kind.to_owned(), url.to_owned())));
        assert!(hrefs.iter().any(|h| h == url), "a subscribe link to {url}");
    }
    // Self-contained: nothing it loads comes from anywhere.
    for tag in ["script", "img", "iframe", "object"] {
        assert!(all(&page, tag).is_empty(), "no <{tag}>");
    }
    let style = text(&all(&page, "style")[0]);
    assert!(!style.contains("url(") && !style.contains("@import"));
    assert!(style.contains("prefers-color-scheme:dark"));

    // The feeds point browser users at the page.
    let atom = feed(&files["atom.xml"]);
    assert!(
        atom.links
            .iter()
            .any(|l| l.rel.as_deref() == Some("alternate")
                && l.href == "https://test.example.org/index.html")
    );
    // RSS's home is the site (`<link>`); the page is only related, so
    // feedparser does not take it for the site (issue 22).
    let rss = String::from_utf8(files["feed.xml"].clone()).unwrap();
    assert!(rss.contains("<link>https://test.example.org/</link>"));
    assert!(!rss.contains(r#"rel="alternate""#));
    assert!(rss.contains(
        r#"<atom:link href="https://test.example.org/index.html" rel="related" type="text/html"/>"#
    ));
    // A per-tag page has its tag's feed only.
    let sport = parse(&files["tags/sport.html"]);
    assert_eq!(all(&sport, "article").len(), 1);
    assert!(all(&sport, "link").iter().any(
        |l| attribute(l, "href").as_deref() == Some("https://test.example.org/tags/sport.atom")
    ));
    // (The warnings are the `<script>` in a title, which the feeds carry.)
    let run = site.run(&["check"]);
    run.assert_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
}

#[test]
fn check_finds_a_page_that_is_cut_short() {
    let site = site();
    site.run(&["build"]).assert_code(0);
    let page = std::fs::read_to_string(site.dir.join("public/index.html")).unwrap();
    let cut = &page[..page.find("</main>").unwrap()];
    site.write("public/index.html", cut);

    // The site check compares it with the page byline would write.
    let run = site.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout
            .contains("public/index.html: error[StaleFile]: public/index.html is out of date"),
        "{}",
        run.stdout
    );
    // `check FILE` knows a page from its content, and judges its structure.
    let run = site.run(&["check", "public/index.html"]);
    run.assert_code(1);
    let main_line = cut.lines().position(|line| line == "<main>").unwrap() + 1;
    assert!(
        run.stdout.contains(&format!(
            "index.html:{main_line}: error[InvalidHTML]: `<main>` is never closed"
        )),
        "{}",
        run.stdout
    );
    site.write(
        "page.html",
        "<!DOCTYPE html><title>x</title><div><p>open</span>\n",
    );
    let run = site.run(&["check", "page.html"]);
    run.assert_code(1);
    assert!(
        run.stdout
            .contains("page.html:1: error[InvalidHTML]: `</span>` closes no open element"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("`<div>` is never closed"));
}

#[test]
fn a_page_needs_a_feed_beside_it_and_an_html_name() {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nauthors = [\"D\"]\n\n\
         [[feeds]]\nhtml = \"index.html\"\n\n[[feeds]]\nrss = \"a.xml\"\nhtml = \"a.xml.txt\"\n",
    );
    site.write("articles/a.txt", "A\n\nB\n");
    let run = site.run(&["build"]);
    run.assert_code(2);
    let errors = run.errors();
    assert!(
        errors.iter().any(|e| e.contains(
            "this feed has neither `rss` nor `atom` nor `json`: give it at least one feed file"
        )),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("an HTML page's name must end in `.html`")),
        "{errors:?}"
    );
}
