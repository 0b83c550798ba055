//! JSON Feed 1.1: the same items, ids and dates as the RSS and Atom twins.

use crate::harness::{Scratch, feed};

#[test]
fn json_feed_matches_its_rss_and_atom_twins_item_for_item() {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"Test\"\nbase_url = \"https://test.example.org/\"\nlanguage = \"en\"\n\
         authors = [\"Desk\"]\nrights = \"© 2024 Test\"\n\n\
         [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\njson = \"feed.json\"\n\n\
         [[feeds]]\nfor_each_tag = true\njson = \"tags/{tag}.json\"\ncontent = \"summary\"\n",
    );
    site.write(
        "articles/2024-08-11-closing.txt",
        "Paris hands the flag to Los Angeles\n\nThe \"closing\" <ceremony> & more.\n\n(Adapted from a report by Reuters)\n",
    );
    site.write(
        "articles/2024-08-12-medals.md",
        "+++\ntitle = \"Medal table\"\ndate = 2024-08-12T09:30:00+02:00\ntags = [\"sport\"]\n\
         authors = [{ name = \"Ana Lima\", url = \"https://ana.example.org/\" }]\n\
         source = { name = \"AFP\", url = \"https://afp.example.com/1\" }\n+++\n\nThe *final* table.\n",
    );
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let json = feed(&files["feed.json"]);
    let rss = feed(&files["feed.xml"]);
    let atom = feed(&files["atom.xml"]);
    assert_eq!(json.entries.len(), 2);
    for (j, (r, a)) in json
        .entries
        .iter()
        .zip(rss.entries.iter().zip(&atom.entries))
    {
        assert_eq!(j.id, r.id, "the JSON id is the RSS guid");
        assert_eq!(j.id, a.id, "and the Atom id");
        assert_eq!(
            j.title.as_ref().unwrap().content,
            r.title.as_ref().unwrap().content
        );
        assert_eq!(j.links[0].href, a.links[0].href);
        assert_eq!(
            j.published.map(|d| d.timestamp()),
            r.published.map(|d| d.timestamp())
        );
    }
    let text = String::from_utf8(files["feed.json"].clone()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(value["feed_url"], "https://test.example.org/feed.json");
    assert_eq!(value["_byline"]["rights"], "© 2024 Test");
    let medals = &value["items"][0];
    assert_eq!(medals["date_published"], "2024-08-12T09:30:00+02:00");
    assert_eq!(medals["authors"][0]["url"], "https://ana.example.org/");
    assert_eq!(medals["_byline"]["source"]["relation"], "adapted-from");
    assert_eq!(medals["_byline"]["credit"], "Adapted from AFP");
    let closing = &value["items"][1];
    assert_eq!(closing["title"], "Paris hands the flag to Los Angeles");
    assert!(
        closing["content_html"]
            .as_str()
            .unwrap()
            .contains("&lt;ceremony&gt; &amp; more"),
        "HTML in content_html is escaped once, as HTML"
    );
    assert!(
        text.contains("The \\\"closing\\\""),
        "strings are JSON-encoded: {text}"
    );
    // Per-tag JSON feeds carry summaries.
    let tag: serde_json::Value = serde_json::from_slice(&files["tags/sport.json"]).unwrap();
    assert!(
        tag["items"][0]["content_html"]
            .as_str()
            .unwrap()
            .starts_with("<p>The final table.</p>")
    );
    // The site check judges the JSON file by JSON Feed's rules.
    site.run(&["check", "--deny-warnings"]).assert_code(0);
}
