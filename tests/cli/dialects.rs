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
