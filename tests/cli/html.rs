//! A real HTML parser (html5ever) as the oracle for the HTML fragments byline
//! writes into feeds, and the tests that use it: every fragment is
//! balanced, and the credit line stands outside the article's own markup.

use crate::harness::{Scratch, xml};
use byline::config::{self, Config};
use html5ever::serialize::{SerializeOpts, TraversalScope};
use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, QualName, local_name, ns, parse_fragment, serialize};
use markup5ever_rcdom::{Handle, NodeData, RcDom, SerializableHandle};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";

/// Parses an HTML fragment as a `<body>`'s content, the way a reader's
/// page would.
fn parse(html: &str) -> RcDom {
    parse_fragment(
        RcDom::default(),
        ParseOpts::default(),
        QualName::new(None, ns!(html), local_name!("body")),
        vec![],
        false,
    )
    .one(html)
}

/// The element that holds a parsed fragment's top-level nodes. (The tree
/// lives as long as its `RcDom`: dropping it empties every node.)
fn root(dom: &RcDom) -> Handle {
    dom.document.children.borrow()[0].clone()
}

/// The children of `node`, written back as HTML.
fn serialize_children(node: &Handle) -> String {
    let mut out = Vec::new();
    for child in node.children.borrow().iter() {
        let options = SerializeOpts {
            traversal_scope: TraversalScope::IncludeNode,
            ..SerializeOpts::default()
        };
        serialize(&mut out, &SerializableHandle::from(child.clone()), options).unwrap();
    }
    normal(&String::from_utf8(out).unwrap())
}

/// HTML with the differences that do not change its tree written one way:
/// U+00A0 as the character, `"` unescaped, void elements without ` />`
/// (pulldown-cmark writes `<br />` and `&quot;`, html5ever `<br>` and `"`).
fn normal(html: &str) -> String {
    html.replace("&nbsp;", "\u{a0}")
        .replace("&quot;", "\"")
        .replace(" />", ">")
}

/// All the text under `node`.
fn text_of(node: &Handle) -> String {
    let mut out = String::new();
    if let NodeData::Text { contents } = &node.data {
        out.push_str(&contents.borrow());
    }
    for child in node.children.borrow().iter() {
        out.push_str(&text_of(child));
    }
    out
}

/// The element name of a node, if it is an element.
fn name(node: &Handle) -> Option<String> {
    match &node.data {
        NodeData::Element { name, .. } => Some(name.local.to_string()),
        _ => None,
    }
}

/// Asserts that `html` is balanced (a parser builds exactly the tree it
/// spells out) and that `credit` is the text of a top-level paragraph, inside
/// no element of the article's markup.
fn assert_balanced_with_credit(html: &str, credit: &str) -> Result<(), TestCaseError> {
    let dom = parse(html);
    let root = root(&dom);
    prop_assert_eq!(
        serialize_children(&root),
        html,
        "the fragment is not balanced"
    );
    let top_level: Vec<Handle> = root.children.borrow().iter().cloned().collect();
    prop_assert!(
        top_level
            .iter()
            .any(|node| name(node).as_deref() == Some("p") && text_of(node) == credit),
        "the credit line is not a top-level paragraph of\n{html}"
    );
    Ok(())
}

/// The HTML of every item of an RSS file: its description (the summary) and
/// its `content:encoded` (the whole article).
fn rss_fragments(bytes: &[u8]) -> Vec<String> {
    let doc = xml(bytes);
    doc.descendants()
        .filter(|n| {
            n.has_tag_name("description") && n.parent().is_some_and(|p| p.has_tag_name("item"))
                || n.has_tag_name((CONTENT, "encoded"))
        })
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

fn config() -> Config {
    config::parse(
        Path::new("feeds.toml"),
        "[site]\ntitle = \"H\"\nbase_url = \"https://h.example.org/\"\nauthors = [\"Desk\"]\n\
         [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\n",
    )
    .expect("the test config is valid")
}

#[test]
fn unbalanced_raw_html_cannot_swallow_the_credit_line() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-06-01-unbalanced.md",
        "# Unbalanced\n\nIntro </div></div> <a href=\"https://example.org/\">open\n\n\
         <table><tr><td>cell\n\n<b>bold\n\n(Adapted from a report by Wire Desk)\n",
    );
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let fragments = rss_fragments(&files["feed.xml"]);
    assert_eq!(fragments.len(), 2);
    for html in &fragments {
        assert_balanced_with_credit(html, "Adapted from a report by Wire Desk").unwrap();
        assert!(!html.contains("</div>"), "{html}");
    }
    let content = &fragments[1];
    assert!(
        content.contains("<a href=\"https://example.org/\">open</a>"),
        "{content}"
    );
}

#[test]
fn removed_elements_are_reported_and_leave_no_empty_paragraph() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-06-02-embeds.md",
        "+++\ntitle = \"Embeds\"\n+++\nFirst words.\n\n<audio src=\"a.mp3\"></audio>\n\n\
         <video src=\"v.mp4\"></video>\n\nText <iframe src=\"https://x.example/\">inside</iframe> after.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.warnings(),
        [
            "articles/2024-06-02-embeds.md:6: warning[RemovedElement]: `<audio>` is removed (its text is kept): feeds carry only the HTML elements readers show safely",
            "articles/2024-06-02-embeds.md:8: warning[RemovedElement]: `<video>` is removed (its text is kept): feeds carry only the HTML elements readers show safely",
            "articles/2024-06-02-embeds.md:10: warning[RemovedElement]: `<iframe>` is removed with everything inside it: feed readers must not run or embed it",
        ]
    );
    let html = &rss_fragments(&site.files("public")["feed.xml"])[1];
    assert_eq!(html, "<p>First words.</p>\n<p>Text  after.</p>\n");
}

/// Pieces of raw HTML and Markdown that open, close and misnest elements.
const PIECES: &[&str] = &[
    "<div>",
    "</div>",
    "<a href=\"https://e.example/\">",
    "</a>",
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "</table>",
    "<b>",
    "</b>",
    "<i>",
    "</em>",
    "<p>",
    "</p>",
    "<ul>",
    "<li>",
    "<details>",
    "<summary>",
    "<pre>",
    "<blockquote>",
    "<h2>",
    "<br>",
    "<hr>",
    "<img src=\"https://e.example/i.png\" alt=\"a\">",
    "<script>",
    "</script>",
    "<audio>",
    "<!--",
    "-->",
    "*emph*",
    "**strong",
    "`code`",
    "> ",
    "- ",
    "1. ",
    "# ",
    "word",
    " ",
    "&amp;",
    "&",
    "<",
    "\n",
    "\n\n",
    "|a|b|\n|-|-|\n|1|2|",
];

fn raw_html_body() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_fragment_is_balanced_and_credits_outside_the_markup(
        body in raw_html_body(),
        summary in any::<bool>(),
    ) {
        let summary = if summary { "summary = \"A summary with <b> in it\"\n" } else { "" };
        let text = format!(
            "+++\ntitle = \"T\"\n{summary}+++\nLead.\n\n{body}\n\n(Adapted from a report by Wire Desk)\n"
        );
        let files = byline::render_texts(&config(), &[(PathBuf::from("2024-06-03-p.md"), text)])
            .unwrap_or_else(|_| panic!("the article is valid"));
        let rss = files.iter().find(|f| f.path == "feed.xml").unwrap();
        let fragments = rss_fragments(&rss.bytes);
        prop_assert_eq!(fragments.len(), 2);
        for html in &fragments {
            assert_balanced_with_credit(html, "Adapted from a report by Wire Desk")?;
        }
    }
}
