//! byline in CI (issue 13): GitHub Actions annotations from `build` and
//! `check`, and a stale check that says which items changed.

use crate::harness::Scratch;

#[test]
fn build_and_check_print_github_annotations_on_stdout() {
    let site = Scratch::site("");
    site.write(
        "articles/2024-01-01-a,b.md",
        "+++\ntitle = \"A\"\ndraft = \"yes\"\n+++\nBody.\n",
    );
    let run = site.run(&["build", "--format", "github"]);
    run.assert_code(1);
    assert_eq!(
        run.stdout,
        "::error file=articles/2024-01-01-a%2Cb.md,line=3,col=9,title=byline::invalid type: string \"yes\", expected a boolean\n"
    );
    assert!(
        run.stderr
            .starts_with("error: 1 problem in 1 file; nothing was written"),
        "the summary stays on stderr: {}",
        run.stderr
    );

    // Warnings too, with the help on a line of its own (`%0A`).
    site.write(
        "articles/2024-01-01-a,b.md",
        "+++\ntitle = \"A\"\n+++\nBody <b>bold</b>.\n",
    );
    site.write(
        "articles/2024-01-02-c.md",
        "+++\ntitle = \"C\"\n+++\nSee <iframe src=\"https://x.example/\"></iframe>.\n",
    );
    let run = site.run(&["build", "--format", "github"]);
    run.assert_code(0);
    assert!(
        run.stdout.starts_with(
            "::warning file=articles/2024-01-02-c.md,line=4,title=byline::`<iframe>` is removed"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("%0Ahelp: "), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);

    // check: the rule is the annotation's title.
    site.write("f.rss", "<rss version=\"2.0\"><channel><title>T</title><link>https://x.example/</link>\n<description>d</description></channel></rss>\n");
    let run = site.run(&["check", "--format", "github", "f.rss"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "::warning file=f.rss,line=1,title=MissingAtomSelfLink::`channel` has no `atom:link rel=\"self\"` giving the feed's own URL\n"
    );
}
