//! The podcast pre-flight: each rule on a fixture of its own, reported by
//! `byline build` for byline's own files (at the config or the article
//! that says it) and by `byline check FILE` for a feed written elsewhere,
//! with the rule's name. The images are made here, header and all, rather
//! than kept as binaries.

use crate::harness::Scratch;

/// A PNG header: `color_type` 2 is RGB, 6 RGBA; `transparent` adds a
/// `tRNS` chunk; `size` pads the file to that many bytes.
fn png(side: u32, color_type: u8, transparent: bool, size: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(side.to_be_bytes());
    bytes.extend(side.to_be_bytes());
    bytes.extend([8, color_type, 0, 0, 0, 0, 0, 0, 0]);
    if transparent {
        bytes.extend(b"\0\0\0\x02tRNS\0\0\0\0\0\0");
    }
    bytes.extend(b"\0\0\0\0IDAT\0\0\0\0");
    if bytes.len() < size {
        bytes.resize(size, 0);
    }
    bytes
}

/// A JPEG's start, a JFIF marker and a baseline frame of `components`
/// colour components (3: YCbCr, 4: CMYK).
fn jpeg(side: u16, components: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    bytes.extend([0xFF, 0xC0, 0, 8 + 3 * components, 8]);
    bytes.extend(side.to_be_bytes());
    bytes.extend(side.to_be_bytes());
    bytes.push(components);
    for n in 0..components {
        bytes.extend([n + 1, 0x11, 0]);
    }
    bytes.extend([0xFF, 0xD9]);
    bytes
}

/// One MPEG audio frame header and its silent frame, ten times.
fn mp3() -> Vec<u8> {
    let mut frame = vec![0xFF, 0xFB, 0x18, 0xC0];
    frame.resize(144, 0);
    frame.repeat(10)
}

/// A podcast site: the cover `cover` (its bytes `image`), `[site]` with
/// `site_extra`, the podcast's feed with `feed_extra`, and two episodes
/// whose enclosures are `one` and `two` (front-matter tables).
fn show(
    cover: &str,
    image: &[u8],
    site_extra: &str,
    feed_extra: &str,
    one: &str,
    two: &str,
) -> Scratch {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        format!(
            "[site]\ntitle = \"Pod\"\nbase_url = \"https://pod.example.org/\"\nlanguage = \"en\"\nauthors = [\"Host\"]\n{site_extra}\n\n\
             [[feeds]]\nrss = \"podcast.xml\"\ntags = [\"show\"]\n{feed_extra}\n\
             podcast = {{ image = \"articles/{cover}\", category = \"News\", owner = {{ name = \"Host\", email = \"host@pod.example.org\" }} }}\n"
        ),
    );
    site.write(&format!("articles/{cover}"), image);
    site.write("articles/one.mp3", mp3());
    site.write("articles/two.mp3", mp3());
    for (n, enclosure) in [(1, one), (2, two)] {
        site.write(
            &format!("articles/2024-01-0{n}-episode-{n}.md"),
            format!(
                "+++\ntitle = \"Episode {n}\"\ntags = [\"show\"]\nenclosure = {enclosure}\n+++\nWe talk.\n"
            ),
        );
    }
    site
}

/// The usual site: a good cover and two episodes with their own audio.
fn good_show(site_extra: &str, feed_extra: &str) -> Scratch {
    show(
        "cover.png",
        &png(1400, 2, false, 0),
        site_extra,
        feed_extra,
        "{ src = \"one.mp3\", duration = 1 }",
        "{ src = \"two.mp3\", duration = 1 }",
    )
}

/// A podcast feed written elsewhere, in a folder of its own beside its
/// cover `cover` (its bytes `image`): `channel` is added to its channel,
/// and `items` are its episodes.
fn elsewhere(cover: &str, image: &[u8], channel: &str, items: &str) -> Scratch {
    let dir = Scratch::new();
    dir.write(
        "feed.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel>
<title>Elsewhere</title>
<link>https://pod.example.net/</link>
<description>A show.</description>
<language>en</language>
<atom:link href="https://pod.example.net/feed.xml" rel="self" type="application/rss+xml"/>
<itunes:image href="https://pod.example.net/{cover}"/>
<itunes:category text="News"/>
<itunes:explicit>false</itunes:explicit>
<itunes:owner><itunes:name>Host</itunes:name><itunes:email>host@pod.example.net</itunes:email></itunes:owner>
<podcast:guid>{guid}</podcast:guid>
{channel}
{items}
</channel>
</rss>
"#,
            guid = "c8a3c8a1-6b3f-5d5e-9f4b-1a2b3c4d5e6f",
        ),
    );
    dir.write(cover, image);
    dir
}

/// An episode of a feed written elsewhere.
fn item(n: u32, url: &str, kind: &str) -> String {
    let day = ["Mon", "Tue"][n as usize - 1];
    format!(
        "<item><title>Episode {n}</title><guid isPermaLink=\"false\">ep-{n}</guid>\
         <pubDate>{day}, 0{n} Jan 2024 10:00:00 +0000</pubDate>\
         <enclosure url=\"{url}\" length=\"1440\" type=\"{kind}\"/></item>"
    )
}

/// Two good episodes of a feed written elsewhere.
fn items() -> String {
    item(1, "https://pod.example.net/1.mp3", "audio/mpeg")
        + &item(2, "https://pod.example.net/2.mp3", "audio/mpeg")
}

/// Asserts that `text` has a line with `[rule]` and `words`.
#[track_caller]
fn reports(text: &str, rule: &str, words: &str) {
    let tag = format!("[{rule}]: ");
    assert!(
        text.lines().any(|l| l.contains(&tag) && l.contains(words)),
        "no `{rule}` finding with `{words}` in:\n{text}"
    );
}

/// Runs `byline check feed.xml`, with the exit code expected.
fn check(dir: &Scratch, code: i32) -> String {
    let run = dir.run(&["check", "feed.xml"]);
    assert_eq!(run.code, Some(code), "{}{}", run.stdout, run.stderr);
    run.stdout
}

#[test]
fn a_cmyk_cover_is_refused_by_build_and_by_check() {
    let site = show(
        "cover.jpg",
        &jpeg(1400, 4),
        "",
        "",
        "{ src = \"one.mp3\" }",
        "{ src = \"two.mp3\" }",
    );
    let run = site.run(&["build"]);
    run.assert_code(2);
    reports(&run.stderr, "AppleCoverColorSpace", "CMYK");
    assert!(
        run.stderr.contains("feeds.toml:12:"),
        "at the cover's line:\n{}",
        run.stderr
    );
    assert!(!site.dir.join("public").exists(), "nothing is written");

    let dir = elsewhere("cover.jpg", &jpeg(1400, 4), "", &items());
    reports(&check(&dir, 1), "AppleCoverColorSpace", "CMYK");
    let dir = elsewhere("cover.jpg", &jpeg(1400, 3), "", &items());
    assert!(!check(&dir, 0).contains("Cover"), "an RGB JPEG passes");
}

#[test]
fn a_cover_with_alpha_is_reported_by_build_and_by_check() {
    let site = show(
        "cover.png",
        &png(1400, 6, false, 0),
        "",
        "",
        "{ src = \"one.mp3\" }",
        "{ src = \"two.mp3\" }",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    reports(&run.stderr, "AppleCoverAlpha", "alpha channel");

    let dir = elsewhere("cover.png", &png(1400, 2, true, 0), "", &items());
    reports(&check(&dir, 0), "AppleCoverAlpha", "alpha channel");
}

#[test]
fn a_png_named_jpg_is_refused_by_build_and_by_check() {
    let site = show(
        "cover.jpg",
        &png(1400, 2, false, 0),
        "",
        "",
        "{ src = \"one.mp3\" }",
        "{ src = \"two.mp3\" }",
    );
    let run = site.run(&["build"]);
    run.assert_code(2);
    reports(
        &run.stderr,
        "Psp1CoverExtension",
        "is a PNG, but its name ends in `.jpg`",
    );

    let dir = elsewhere("cover.jpg", &png(1400, 2, false, 0), "", &items());
    reports(
        &check(&dir, 1),
        "Psp1CoverExtension",
        "is a PNG, but its name ends in `.jpg`",
    );
}

#[test]
fn a_600_kb_cover_is_reported_by_build_and_by_check() {
    let image = png(1400, 2, false, 600 * 1024);
    let site = show(
        "cover.png",
        &image,
        "",
        "",
        "{ src = \"one.mp3\" }",
        "{ src = \"two.mp3\" }",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    reports(&run.stderr, "PrxCoverFileSize", "600 KB");

    let dir = elsewhere("cover.png", &image, "", &items());
    reports(&check(&dir, 0), "PrxCoverFileSize", "600 KB");
}

#[test]
fn a_cover_of_the_wrong_size_or_format_is_refused() {
    let dir = elsewhere("cover.png", &png(1000, 2, false, 0), "", &items());
    reports(&check(&dir, 1), "AppleCoverSize", "1000×1000 pixels");
    let dir = elsewhere("cover.gif", b"GIF89a\x01\0\x01\0\0\0\0", "", &items());
    reports(&check(&dir, 1), "AppleCoverFormat", "image/gif");
}

#[test]
fn check_says_when_it_cannot_read_a_remote_cover() {
    let dir = elsewhere("cover.png", &png(1400, 2, false, 0), "", &items());
    std::fs::remove_file(dir.dir.join("cover.png")).unwrap();
    reports(
        &check(&dir, 0),
        "RemoteCoverNotRead",
        "`https://pod.example.net/cover.png` is not read",
    );
    // A pipe where the cover would be is not read: the check does not wait.
    #[cfg(unix)]
    {
        let made = std::process::Command::new("mkfifo")
            .arg(dir.dir.join("cover.png"))
            .status()
            .unwrap();
        assert!(made.success());
        reports(
            &check(&dir, 0),
            "RemoteCoverNotRead",
            "cover.png` is not read",
        );
    }
}

#[test]
fn a_description_over_4000_bytes_is_a_warning_in_build_and_in_check() {
    let description = "Word. ".repeat(700);
    assert_eq!(description.len(), 4200);
    let site = good_show("", &format!("description = \"{description}\""));
    let run = site.run(&["build"]);
    run.assert_code(0);
    reports(
        &run.stderr,
        "Psp1DescriptionTooLong",
        "has 4200 bytes; PSP-1 allows 4000",
    );

    // An episode's summary is its `description`.
    let site = good_show("", "");
    site.write(
        "articles/2024-01-02-episode-2.md",
        format!(
            "+++\ntitle = \"Episode 2\"\ntags = [\"show\"]\nsummary = \"{}\"\nenclosure = {{ src = \"two.mp3\" }}\n+++\nWe talk.\n",
            "y".repeat(4100)
        ),
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    reports(
        &run.stderr,
        "Psp1DescriptionTooLong",
        "the episode's `summary` (its `description`) has 4100 bytes",
    );

    let long = "x".repeat(4100);
    let dir = elsewhere("cover.png", &png(1400, 2, false, 0), "", &items());
    let text = std::fs::read_to_string(dir.dir.join("feed.xml"))
        .unwrap()
        .replace(
            "<description>A show.</description>",
            &format!("<description>{long}</description>"),
        );
    dir.write("feed.xml", text);
    reports(&check(&dir, 0), "Psp1DescriptionTooLong", "has 4100 bytes");
}

#[test]
fn two_episodes_with_one_enclosure_are_reported_by_build_and_by_check() {
    let site = show(
        "cover.png",
        &png(1400, 2, false, 0),
        "",
        "",
        "{ src = \"one.mp3\" }",
        "{ src = \"one.mp3\" }",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    reports(
        &run.stderr,
        "AppleDuplicateEnclosure",
        "the enclosure `https://pod.example.org/media/one.mp3` is also the one of `articles/2024-01-01-episode-1.md`",
    );
    assert!(
        run.stderr
            .contains("articles/2024-01-02-episode-2.md: warning[AppleDuplicateEnclosure]"),
        "at the later episode:\n{}",
        run.stderr
    );

    let url = "https://pod.example.net/same.mp3";
    let dir = elsewhere(
        "cover.png",
        &png(1400, 2, false, 0),
        "",
        &(item(1, url, "audio/mpeg") + &item(2, url, "audio/mpeg")),
    );
    reports(
        &check(&dir, 0),
        "AppleDuplicateEnclosure",
        "also the earlier episode `Episode 1`'s",
    );
}

#[test]
fn a_copyright_with_the_symbol_is_reported_by_build_and_by_check() {
    let site = good_show("rights = \"© 2024 Pod\"", "");
    let run = site.run(&["build"]);
    run.assert_code(0);
    reports(
        &run.stderr,
        "Psp1Copyright",
        "`© 2024 Pod` holds the © symbol",
    );

    let dir = elsewhere(
        "cover.png",
        &png(1400, 2, false, 0),
        "<copyright>© 2024 Pod</copyright>",
        &items(),
    );
    reports(&check(&dir, 0), "Psp1Copyright", "holds the © symbol");
    let dir = elsewhere(
        "cover.png",
        &png(1400, 2, false, 0),
        "<copyright>Pod Ltd</copyright>",
        &items(),
    );
    assert!(
        !check(&dir, 0).contains("Psp1Copyright"),
        "a name alone passes"
    );
}

#[test]
fn an_enclosure_apple_does_not_play_is_reported_by_build_and_by_check() {
    let site = show(
        "cover.png",
        &png(1400, 2, false, 0),
        "",
        "",
        "{ src = \"one.mp3\" }",
        "{ src = \"https://cdn.example.org/two.ogg\", type = \"audio/ogg\", length = 1440 }",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    reports(
        &run.stderr,
        "AppleEnclosureType",
        "`audio/ogg`, which Apple Podcasts does not play",
    );
    assert!(
        run.stderr
            .contains("articles/2024-01-02-episode-2.md: warning[AppleEnclosureType]"),
        "{}",
        run.stderr
    );

    let dir = elsewhere(
        "cover.png",
        &png(1400, 2, false, 0),
        "",
        &(item(1, "https://pod.example.net/1.mp3", "audio/ogg")
            + &item(2, "https://pod.example.net/2.ogg", "audio/ogg")),
    );
    reports(&check(&dir, 0), "AppleEnclosureType", "`audio/ogg`");
    // One problem, one message: an `.ogg` file is the W3C's
    // `UnsupportedItunesFormat` alone; an `.mp3` URL of type `audio/ogg`
    // is Apple's type rule's.
    let out = dir.run(&["check", "--all", "feed.xml"]).stdout;
    let at = |line: usize, rule: &str| format!("feed.xml:{line}: warning[{rule}]");
    let findings: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[UnsupportedItunesFormat]") || l.contains("[AppleEnclosureType]"))
        .map(|l| &l[..l.find("]").unwrap() + 1])
        .collect();
    assert_eq!(
        findings,
        [
            at(15, "AppleEnclosureType"),
            at(15, "UnsupportedItunesFormat")
        ],
        "{out}"
    );
}

#[test]
fn check_holds_any_podcast_to_psp_1s_elements_and_forms() {
    let dir = elsewhere(
        "cover.png",
        &png(1400, 2, false, 0),
        "",
        "<item><title>No audio</title></item>",
    );
    let text = std::fs::read_to_string(dir.dir.join("feed.xml"))
        .unwrap()
        .replace("<language>en</language>\n", "")
        .replace(
            "<itunes:explicit>false</itunes:explicit>",
            "<itunes:explicit>False</itunes:explicit>",
        )
        .replace(
            "c8a3c8a1-6b3f-5d5e-9f4b-1a2b3c4d5e6f",
            "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
        );
    dir.write("feed.xml", text);
    let out = check(&dir, 0);
    // A missing `language` is the W3C's `MissingItunesElement`, and not
    // PSP-1's again.
    reports(
        &out,
        "MissingItunesElement",
        "a podcast's `channel` needs `language`",
    );
    assert!(
        !out.lines()
            .any(|l| l.contains("[Psp1MissingElement]") && l.contains("`language`")),
        "{out}"
    );
    // Without Apple's elements the W3C says nothing, and PSP-1 does.
    let text = std::fs::read_to_string(dir.dir.join("feed.xml")).unwrap();
    let podcast_only: String = text
        .lines()
        .filter(|l| !l.contains("<itunes:"))
        .map(|l| format!("{l}\n"))
        .collect();
    dir.write("feed.xml", podcast_only);
    let out = check(&dir, 0);
    reports(
        &out,
        "Psp1MissingElement",
        "`channel` has no `language`, `itunes:category`, `itunes:explicit`, `itunes:image`, which PSP-1 requires",
    );
    assert!(!out.contains("[MissingItunesElement]"), "{out}");
    dir.write("feed.xml", text);
    let out = check(&dir, 0);
    reports(
        &out,
        "Psp1MissingElement",
        "`item` has no `enclosure`, `guid`, which PSP-1 requires",
    );
    reports(&out, "Psp1ExplicitValue", "`False`");
    reports(&out, "Psp1PodcastGuid", "is a UUID, but not of version 5");
}

/// A newsletter whose platform writes Apple's owner and author into every
/// feed, with an image as an article's enclosure, is not a podcast: the
/// pre-flight stays silent (real newsletter feeds had three podcast
/// findings each).
#[test]
fn a_newsletter_with_apples_owner_tags_is_not_held_to_the_pre_flight() {
    let dir = Scratch::new();
    dir.write(
        "feed.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>The Harbour Letter</title>
<link>https://letter.example.net/</link>
<description>Notes from the quay, weekly.</description>
<language>en</language>
<atom:link href="https://letter.example.net/feed.xml" rel="self" type="application/rss+xml"/>
<itunes:owner><itunes:name>Editor</itunes:name><itunes:email>editor@letter.example.net</itunes:email></itunes:owner>
<itunes:author>Editor</itunes:author>
<copyright>© 2024 The Harbour Letter</copyright>
<item><title>Winter timetable</title><link>https://letter.example.net/p/winter</link>
<guid isPermaLink="false">letter-1</guid>
<enclosure url="https://letter.example.net/img/ferry.jpg" length="1440" type="image/jpeg"/></item>
</channel>
</rss>
"#,
    );
    let out = dir.run(&["check", "feed.xml"]).stdout;
    for rule in ["[Psp1", "[Apple", "[RemoteCoverNotRead]"] {
        assert!(!out.contains(rule), "{rule} in:\n{out}");
    }
    // One audio enclosure makes it a podcast, and the pre-flight applies.
    dir.write(
        "feed.xml",
        std::fs::read_to_string(dir.dir.join("feed.xml"))
            .unwrap()
            .replace(
                "img/ferry.jpg\" length=\"1440\" type=\"image/jpeg\"",
                "audio/winter.mp3\" length=\"1440\" type=\"audio/mpeg\"",
            ),
    );
    let out = dir.run(&["check", "feed.xml"]).stdout;
    reports(&out, "Psp1Copyright", "holds the © symbol");
    reports(&out, "MissingItunesElement", "`itunes:category`");
    reports(&out, "Psp1MissingElement", "`itunes:image`");
}

/// MP3 by the names hosts give it (`audio/mp3` is common) is MP3 to Apple's
/// player, not a type it does not play.
#[test]
fn an_mp3_under_another_name_is_not_an_enclosure_apple_refuses() {
    let dir = elsewhere(
        "cover.png",
        &png(1400, 2, false, 0),
        "",
        &(item(1, "https://pod.example.net/1.mp3", "audio/mp3")
            + &item(2, "https://pod.example.net/2.mp3", "audio/x-mpeg")),
    );
    let out = check(&dir, 0);
    assert!(!out.contains("AppleEnclosureType"), "{out}");
}

/// `itunes:explicit` with white space around its value is the W3C's
/// `InvalidTrueFalse`, reported once, not again as PSP-1's; a value in
/// other case, which the W3C lets through, is PSP-1's alone.
#[test]
fn an_explicit_value_with_white_space_is_one_finding() {
    let dir = elsewhere("cover.png", &png(1400, 2, false, 0), "", &items());
    let feed = std::fs::read_to_string(dir.dir.join("feed.xml")).unwrap();
    dir.write(
        "feed.xml",
        feed.replace(
            "<itunes:explicit>false</itunes:explicit>",
            "<itunes:explicit> false </itunes:explicit>",
        ),
    );
    let out = check(&dir, 1);
    reports(&out, "InvalidTrueFalse", "is ` false `");
    assert!(!out.contains("Psp1ExplicitValue"), "{out}");
    dir.write(
        "feed.xml",
        feed.replace(
            "<itunes:explicit>false</itunes:explicit>",
            "<itunes:explicit>FALSE</itunes:explicit>",
        ),
    );
    let out = check(&dir, 0);
    reports(&out, "Psp1ExplicitValue", "`FALSE`");
    assert!(!out.contains("InvalidTrueFalse"), "{out}");
}

#[test]
fn a_good_podcast_passes_the_pre_flight_in_build_and_in_check() {
    let site = good_show("rights = \"Pod\"", "description = \"A show about things.\"");
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // The feed byline wrote, checked as a feed written elsewhere: its cover
    // is read beside it, under its folder's URL.
    let run = site.run(&["check", "public/podcast.xml"]);
    assert!(
        !run.stdout.contains("[Psp1")
            && !run.stdout.contains("[Apple")
            && !run.stdout.contains("[Prx")
            && !run.stdout.contains("[RemoteCover"),
        "{}",
        run.stdout
    );
    site.run(&["check"]).assert_code(0);
}

const PODCAST: &str = "https://podcastindex.org/namespace/1.0";
const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";

/// The first child of `node` named `name` in Podcasting 2.0's namespace.
fn child<'a, 'input>(node: roxmltree::Node<'a, 'input>, name: &str) -> roxmltree::Node<'a, 'input> {
    node.children()
        .find(|n| n.has_tag_name((PODCAST, name)))
        .unwrap_or_else(|| panic!("no podcast:{name}"))
}

#[test]
fn the_sample_podcast_carries_chapters_transcripts_locked_and_funding() {
    let (_out, files) = crate::harness::sample_site();
    let doc = crate::harness::xml(&files["podcast.xml"]);
    let channel = doc
        .descendants()
        .find(|n| n.has_tag_name("channel"))
        .unwrap();
    let locked = child(channel, "locked");
    assert_eq!(locked.text(), Some("yes"));
    assert_eq!(
        locked.attribute("owner"),
        Some("newsdesk@gazette.example.org")
    );
    let funding = child(channel, "funding");
    assert_eq!(
        funding.attribute("url"),
        Some("https://gazette.example.org/support/")
    );
    assert_eq!(funding.text(), Some("Support the Gazette Daily"));
    let copyright = channel
        .children()
        .find(|n| n.has_tag_name("copyright"))
        .unwrap();
    assert_eq!(copyright.text(), Some("The Byline Gazette"), "PSP-1's form");

    let items: Vec<_> = channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    let transcripts = |item: roxmltree::Node<'_, '_>| -> Vec<[Option<String>; 4]> {
        item.children()
            .filter(|n| n.has_tag_name((PODCAST, "transcript")))
            .map(|n| {
                ["url", "type", "language", "rel"].map(|a| {
                    n.attribute(a)
                        .map(|v| v.rsplit('/').next().unwrap().to_owned())
                })
            })
            .collect()
    };
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        transcripts(items[1]),
        [
            [
                some("episode-1.vtt"),
                some("vtt"),
                some("en"),
                some("captions")
            ],
            [some("episode-1.srt"), some("x-subrip"), some("en"), None],
        ]
    );
    assert_eq!(
        transcripts(items[0]),
        [
            [
                some("episode-2.vtt"),
                some("vtt"),
                some("en"),
                some("captions")
            ],
            [some("episode-2.fr.vtt"), some("vtt"), some("fr"), None],
        ]
    );
    for (item, file) in [
        (items[0], "media/podcast/episode-2.chapters.json"),
        (
            items[1],
            "media/podcast/2024-08-12-gazette-daily-1.chapters.json",
        ),
    ] {
        let chapters = child(item, "chapters");
        assert_eq!(
            chapters.attribute("type"),
            Some("application/json+chapters")
        );
        assert_eq!(
            chapters.attribute("url"),
            Some(format!("https://gazette.example.org/{file}").as_str())
        );
        let json: serde_json::Value = serde_json::from_slice(&files[file]).unwrap();
        assert_eq!(json["version"], "1.2.0");
        assert_eq!(json["chapters"][1]["startTime"], 2, "{file}");
    }
    // The chapters file beside episode 2 is published as it is.
    assert_eq!(
        files["media/podcast/episode-2.chapters.json"],
        std::fs::read(crate::harness::repo().join("articles/podcast/episode-2.chapters.json"))
            .unwrap()
    );
    // The HTML page lists the chapters of a list, with their times.
    let page = String::from_utf8(files["feed.html"].clone()).unwrap();
    assert!(
        page.contains("<li><time datetime=\"PT2S\">0:02</time> How the tie-break works</li>"),
        "{page}"
    );
    assert!(page.contains("type=\"application/json+chapters\">JSON chapters</a>"));
}

#[test]
fn episodes_carry_their_artwork_and_a_moved_show_names_its_new_feed() {
    let site = good_show("", "");
    let toml = std::fs::read_to_string(site.dir.join("feeds.toml"))
        .unwrap()
        .replace(
            "owner = {",
            "new_feed_url = \"https://new.example.org/podcast.xml\", locked = false, owner = {",
        );
    site.write("feeds.toml", toml);
    site.write("articles/art.jpg", jpeg(1400, 3));
    site.write(
        "articles/2024-01-01-episode-1.md",
        "+++\ntitle = \"Episode 1\"\ntags = [\"show\"]\nenclosure = { src = \"one.mp3\" }\n\
         episode = { image = \"art.jpg\", transcript = \"https://cdn.example.org/notes.txt\" }\n+++\nWe talk.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    let files = site.files("public");
    let doc = crate::harness::xml(&files["podcast.xml"]);
    let channel = doc
        .descendants()
        .find(|n| n.has_tag_name("channel"))
        .unwrap();
    let new_feed = channel
        .children()
        .find(|n| n.has_tag_name((ITUNES, "new-feed-url")))
        .unwrap();
    assert_eq!(new_feed.text(), Some("https://new.example.org/podcast.xml"));
    let locked = channel
        .children()
        .find(|n| n.has_tag_name((PODCAST, "locked")))
        .unwrap();
    assert_eq!(locked.text(), Some("no"));
    let episode = channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .find(|n| n.children().any(|c| c.text() == Some("Episode 1")))
        .unwrap();
    let art = episode
        .children()
        .find(|n| n.has_tag_name((ITUNES, "image")))
        .unwrap();
    assert_eq!(
        art.attribute("href"),
        Some("https://pod.example.org/media/art.jpg")
    );
    assert_eq!(files["media/art.jpg"], jpeg(1400, 3));
    let transcript = episode
        .children()
        .find(|n| n.has_tag_name((PODCAST, "transcript")))
        .unwrap();
    assert_eq!(transcript.attribute("type"), Some("text/plain"));
}

#[test]
fn chapters_and_transcripts_that_are_wrong_are_reported_at_their_line() {
    let site = good_show("", "");
    site.write(
        "articles/bad.chapters.json",
        r#"{"version":"1.2.0","chapters":[{"title":"x"}]}"#,
    );
    site.write(
        "articles/2024-01-01-episode-1.md",
        "+++\ntitle = \"Episode 1\"\ntags = [\"show\"]\nenclosure = { src = \"one.mp3\" }\n\
         episode = { chapters = \"bad.chapters.json\" }\n+++\nWe talk.\n",
    );
    site.write(
        "articles/2024-01-02-episode-2.md",
        "+++\ntitle = \"Episode 2\"\ntags = [\"show\"]\nenclosure = { src = \"two.mp3\" }\n\
         episode = { chapters = [{ start = \"00:10\", title = \"B\" }, { start = \"00:05\" }, { title = \"no start\" }], \
         transcript = [{ src = \"one.mp3\" }, { src = \"x.vtt\", language = \"english!\", rel = \"subtitles\" }] }\n+++\nWe talk.\n",
    );
    site.write("articles/x.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n");
    let run = site.run(&["build"]);
    run.assert_code(1);
    let errors = &run.stderr;
    for expected in [
        "articles/2024-01-01-episode-1.md:5:24: error: `episode.chapters`: `articles/bad.chapters.json`: chapters[0] has no `startTime`",
        "articles/2024-01-02-episode-2.md:5:",
        "the chapters are not in order",
        "a chapter needs `start`",
        "`articles/one.mp3` is not a WebVTT, SRT, JSON or HTML transcript",
        "`episode.transcript.language`: `english!` is not a language tag",
        "`episode.transcript.rel` is `subtitles`; Podcasting 2.0 knows only `captions`",
    ] {
        assert!(
            errors.contains(expected),
            "missing `{expected}` in:\n{errors}"
        );
    }
    assert!(!site.dir.join("public").exists(), "nothing is written");

    // The file byline wrote from a list passes the check byline makes of
    // a chapters file.
    site.write(
        "articles/2024-01-02-episode-2.md",
        "+++\ntitle = \"Episode 2\"\ntags = [\"show\"]\nenclosure = { src = \"two.mp3\" }\n\
         episode = { chapters = [{ start = 0, title = \"A\" }, { start = 1.5, end = \"00:02\", toc = false }] }\n+++\nWe talk.\n",
    );
    site.write(
        "articles/2024-01-01-episode-1.md",
        "+++\ntitle = \"Episode 1\"\ntags = [\"show\"]\nenclosure = { src = \"one.mp3\" }\n+++\nWe talk.\n",
    );
    site.run(&["build"]).assert_code(0);
    let written = site.files("public")["media/2024-01-02-episode-2.chapters.json"].clone();
    let written_text = String::from_utf8(written.clone()).unwrap();
    assert!(
        written_text.contains("\"startTime\": 1.5"),
        "{written_text}"
    );
    site.write("articles/copied.chapters.json", &written);
    site.write(
        "articles/2024-01-01-episode-1.md",
        "+++\ntitle = \"Episode 1\"\ntags = [\"show\"]\nenclosure = { src = \"one.mp3\" }\n\
         episode = { chapters = \"copied.chapters.json\" }\n+++\nWe talk.\n",
    );
    site.run(&["build"]).assert_code(0);
}

/// A podcast index on 127.0.0.1 that answers each GET with the next of
/// `statuses` (the last one again when they run out) and keeps each
/// request's target (`/pubnotify?url=…`). It stops itself when dropped.
struct Index {
    url: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Index {
    fn start(statuses: Vec<u16>) -> Index {
        use std::io::{BufRead, Write};
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (kept, stopping) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut answered = 0;
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let mut reader = std::io::BufReader::new(&stream);
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    continue;
                }
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
                        break;
                    }
                }
                let target = first.split(' ').nth(1).unwrap_or("").to_owned();
                kept.lock().unwrap().push(format!(
                    "{} {target}",
                    first.split(' ').next().unwrap_or("")
                ));
                let status = statuses[answered.min(statuses.len() - 1)];
                answered += 1;
                let _ = write!(
                    &stream,
                    "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
            }
        });
        Index {
            url: format!("http://{address}/api/1.0/hub/pubnotify"),
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn requests(&self) -> Vec<String> {
        let mut requests = self.requests.lock().unwrap().clone();
        requests.sort();
        requests
    }
}

impl Drop for Index {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let address = self.url.trim_start_matches("http://");
        let _ = std::net::TcpStream::connect(&address[..address.find('/').unwrap()]);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn build_ping_tells_the_podcast_index_about_podcast_feeds_that_changed() {
    let index = Index::start(vec![200]);
    let site = good_show(&format!("podcast_index = \"{}\"", index.url), "");
    // Another feed, not a podcast: the index never hears of it.
    let toml = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap()
        + "\n[[feeds]]\nrss = \"all.xml\"\n";
    site.write("feeds.toml", toml);
    let run = site.run(&["build", "--ping"]);
    run.assert_code(0);
    assert_eq!(
        index.requests(),
        ["GET /api/1.0/hub/pubnotify?url=https%3A%2F%2Fpod.example.org%2Fpodcast.xml"],
        "one GET for the podcast feed, none for the other"
    );
    assert!(
        run.stderr
            .contains("pinged the podcast index for 1 feed: 1 accepted, 0 failed"),
        "{}",
        run.stderr
    );
    // Nothing changed: nothing to tell.
    site.run(&["build", "--ping"]).assert_code(0);
    assert_eq!(index.requests().len(), 1);
    // Without --ping, no request goes out.
    site.write(
        "articles/2024-01-03-episode-3.md",
        "+++\ntitle = \"Episode 3\"\ntags = [\"show\"]\nenclosure = { src = \"two.mp3\" }\n+++\nMore.\n",
    );
    site.run(&["build"]).assert_code(0);
    assert_eq!(index.requests().len(), 1);
}

#[test]
fn an_index_that_refuses_is_retried_like_a_hub_and_exits_3() {
    // 503, then 200: the retry takes it.
    let index = Index::start(vec![503, 200]);
    let site = good_show(&format!("podcast_index = \"{}\"", index.url), "");
    site.run(&["build", "--ping"]).assert_code(0);
    assert_eq!(index.requests().len(), 2, "one feed, asked twice");

    let refusing = Index::start(vec![400]);
    let site = good_show(&format!("podcast_index = \"{}\"", refusing.url), "");
    let run = site.run(&["build", "--ping"]);
    run.assert_code(3);
    assert!(
        run.stderr.contains(
            "error: the podcast index did not take the ping for https://pod.example.org/podcast.xml: it answered HTTP 400"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(refusing.requests().len(), 1, "no retry after a 4xx");
    assert!(
        site.files("public").contains_key("podcast.xml"),
        "written anyway"
    );
}

#[test]
fn ping_sends_the_podcast_index_notification_again() {
    let index = Index::start(vec![400, 200]);
    let site = good_show(&format!("podcast_index = \"{}\"", index.url), "");
    let toml = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap()
        + "\n[[feeds]]\nrss = \"all.xml\"\n";
    site.write("feeds.toml", toml);
    let run = site.run(&["build", "--ping"]);
    run.assert_code(3);
    assert!(
        run.stderr
            .contains("help: send it again with `byline ping podcast.xml`"),
        "{}",
        run.stderr
    );
    // No hub, only the index: `byline ping` tells it again, about the
    // podcast feed alone.
    let run = site.run(&["ping"]);
    run.assert_code(0);
    let told = "GET /api/1.0/hub/pubnotify?url=https%3A%2F%2Fpod.example.org%2Fpodcast.xml";
    assert_eq!(index.requests(), [told, told]);
    assert!(
        run.stderr
            .contains("pinged the podcast index for 1 feed: 1 accepted, 0 failed"),
        "{}",
        run.stderr
    );
    site.run(&["ping", "public/podcast.xml"]).assert_code(0);
    assert_eq!(index.requests().len(), 3);
    // A feed that is not a podcast, and no hub: nothing to tell anyone.
    let run = site.run(&["ping", "all.xml"]);
    run.assert_code(2);
    assert_eq!(
        run.errors(),
        ["feeds.toml: error: no ping to send: `all.xml` is not a podcast feed and there is no hub"]
    );
    assert_eq!(index.requests().len(), 3);
}

#[test]
fn an_episodes_artwork_is_held_to_the_covers_rules() {
    let site = good_show("", "");
    site.write("articles/art.jpg", jpeg(1400, 4));
    site.write(
        "articles/2024-01-01-episode-1.md",
        "+++\ntitle = \"Episode 1\"\ntags = [\"show\"]\nenclosure = { src = \"one.mp3\" }\n\
         episode = { image = \"art.jpg\" }\n+++\nWe talk.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(
            "articles/2024-01-01-episode-1.md:5:21: error[AppleCoverColorSpace]: `episode.image`: the cover's colours are CMYK"
        ),
        "{}",
        run.stderr
    );
    site.write("articles/art.jpg", jpeg(1400, 3));
    site.run(&["build"]).assert_code(0);
}
