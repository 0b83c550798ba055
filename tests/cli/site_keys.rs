//! `[site]` keys every feed of a site shares: the time of day of articles
//! dated by day alone, and the site's icon and logo.

use crate::harness::{Scratch, texts, xml};

#[test]
fn articles_dated_by_day_alone_take_the_default_time_in_the_site_zone() {
    let site = Scratch::site("timezone = \"Europe/Lisbon\"\ndefault_time = \"09:00\"");
    site.write("articles/2024-08-11-by-name.txt", "By name\n\nText.\n");
    site.write(
        "articles/by-front-matter.md",
        "+++\ntitle = \"By front matter\"\ndate = 2024-08-12\nupdated = \"2024-08-12\"\n+++\n\nText.\n",
    );
    site.write(
        "articles/with-a-time.md",
        "+++\ntitle = \"With a time\"\ndate = 2024-08-13T21:30:00+02:00\n+++\n\nText.\n",
    );
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let rss = xml(&files["feed.xml"]);
    assert_eq!(
        texts(&rss, None, "pubDate"),
        [
            "Tue, 13 Aug 2024 21:30:00 +0200",
            "Mon, 12 Aug 2024 09:00:00 +0100",
            "Sun, 11 Aug 2024 09:00:00 +0100",
        ],
        "a time that is written stays; a date-only `updated` on the same day is not before it"
    );

    // Unset, it stays midnight: no published date changes.
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("default_time = \"09:00\"\n", ""),
    );
    site.run(&["build"]).assert_code(0);
    let files = site.files("public");
    let rss = xml(&files["feed.xml"]);
    assert_eq!(
        texts(&rss, None, "pubDate")[1..],
        [
            "Mon, 12 Aug 2024 00:00:00 +0100",
            "Sun, 11 Aug 2024 00:00:00 +0100"
        ]
    );
}

#[test]
fn a_default_time_that_is_not_a_time_is_an_error_at_its_line() {
    let site = Scratch::site("default_time = \"9am\"");
    site.write("articles/2024-08-11-a.txt", "A\n\nText.\n");
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert!(
        run.errors().iter().any(|e| e.starts_with(
            "feeds.toml:5:16: error: `default_time = \"9am\"` is not a time of day such as `09:00`"
        )),
        "{}",
        run.stderr
    );
}

/// The start of a PNG of `width` by `height` pixels: enough for its type
/// and size, which is all byline reads of it.
fn png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(kind: &[u8], data: &[u8], out: &mut Vec<u8>) {
        out.extend(u32::try_from(data.len()).unwrap().to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    chunk(b"IHDR", &header, &mut out);
    // The pixel data is not read: the size is in the header.
    chunk(b"IDAT", &[], &mut out);
    chunk(b"IEND", &[], &mut out);
    out
}

#[test]
fn icon_and_logo_in_every_format() {
    let (site, files) = {
        let site = Scratch::fixture("selection");
        site.run(&["build"]).assert_code(0);
        let files = site.files("public");
        (site, files)
    };
    let icon = "https://harbour.example.org/media/icon.png";
    let logo = "https://harbour.example.org/media/logo.png";
    assert_eq!(
        files["media/icon.png"],
        std::fs::read(site.dir.join("icon.png")).unwrap()
    );
    assert_eq!(
        files["media/logo.png"],
        std::fs::read(site.dir.join("articles/logo.png")).unwrap()
    );
    let atom = xml(&files["atom.xml"]);
    assert_eq!(texts(&atom, Some(ATOM), "icon"), [icon]);
    assert_eq!(texts(&atom, Some(ATOM), "logo"), [logo]);
    // RSS's <image>: the logo fits 144 by 400, with its size, titled and
    // linked as the channel.
    let rss = xml(&files["authors/bo-chen.xml"]);
    let image = rss
        .descendants()
        .find(|n| n.has_tag_name("image"))
        .expect("an <image>");
    let child = |name: &str| {
        image
            .children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
    };
    assert_eq!(child("url"), Some(logo));
    assert_eq!(child("title"), Some("Harbour Desk: stories by Bo Chen"));
    assert_eq!(child("link"), Some("https://harbour.example.org/"));
    assert_eq!((child("width"), child("height")), (Some("120"), Some("40")));
    let json: serde_json::Value = serde_json::from_slice(&files["languages/fr.json"]).unwrap();
    assert_eq!(json["icon"], icon);
    assert_eq!(json["favicon"], icon);
    let page = String::from_utf8(files["sections/news.html"].clone()).unwrap();
    assert!(
        page.contains(&format!(
            "<link rel=\"icon\" href=\"{icon}\" type=\"image/png\">"
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<img class=\"logo\" src=\"{logo}\" alt=\"Harbour Desk\" width=\"120\" height=\"40\">"
        )),
        "{page}"
    );
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

#[test]
fn an_image_rss_cannot_carry_is_left_out_with_a_warning() {
    let site = Scratch::site("icon = \"articles/icon.png\"\nlogo = \"articles/logo.png\"");
    site.write("articles/icon.png", png(512, 500));
    site.write("articles/logo.png", png(600, 100));
    site.write("articles/2024-08-11-a.txt", "A\n\nText.\n");
    let run = site.run(&["build"]);
    run.assert_code(0);
    let warnings = run.warnings();
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "feeds.toml:5:8: warning[SiteImageSize]: the icon is 512×500 pixels: Atom asks for a square one"
        )),
        "{}",
        run.stderr
    );
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "feeds.toml:6:8: warning[SiteImageSize]: neither the site's logo nor its icon fits RSS's `<image>`, at most 144×400 pixels"
        )),
        "{}",
        run.stderr
    );
    let files = site.files("public");
    let rss = String::from_utf8(files["feed.xml"].clone()).unwrap();
    assert!(!rss.contains("<image>"), "{rss}");
    let atom = String::from_utf8(files["atom.xml"].clone()).unwrap();
    assert!(atom.contains("<logo>https://test.example.org/media/logo.png</logo>"));

    // A remote image's size is not known: RSS takes it as it is.
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace(
            "\"articles/logo.png\"",
            "\"https://cdn.example.org/logo.svg\"",
        ),
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    let rss = String::from_utf8(site.files("public")["feed.xml"].clone()).unwrap();
    assert!(
        rss.contains("<image>\n      <url>https://cdn.example.org/logo.svg</url>"),
        "{rss}"
    );
    assert!(!rss.contains("<width>"), "{rss}");
}

#[test]
fn an_icon_that_is_not_an_image_or_is_outside_is_an_error() {
    let site = Scratch::site("icon = \"articles/notes.txt\"\nlogo = \"../logo.png\"");
    site.write("articles/notes.txt", "Not an image\n\nText.\n");
    let run = site.run(&["build"]);
    run.assert_code(2);
    let errors = run.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("feeds.toml:5:8: error: the icon is")
                && e.contains("not an image")),
        "{}",
        run.stderr
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("feeds.toml:6:8: error: `logo`: `../logo.png` is outside")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_default_time_the_clocks_skip_is_an_error_that_names_the_fix() {
    // Berlin's clocks go from 02:00 to 03:00 on 31 March 2024.
    let site = Scratch::site("timezone = \"Europe/Berlin\"\ndefault_time = \"02:30\"");
    site.write("articles/2024-03-31-by-name.txt", "By name\n\nText.\n");
    site.write(
        "articles/by-front-matter.md",
        "+++\ntitle = \"By front matter\"\ndate = 2024-03-31\n+++\n\nText.\n",
    );
    // The autumn's 02:30 comes twice: the first is taken.
    site.write("articles/2024-10-27-autumn.txt", "Autumn\n\nText.\n");
    let run = site.run(&["build"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    for error in errors {
        assert!(
            error.ends_with(
                "error: `2024-03-31 02:30:00` does not exist in Europe/Berlin: the clocks skip it"
            ),
            "{}",
            run.stderr
        );
    }
    assert!(run.errors()[0].starts_with("articles/2024-03-31-by-name.txt: "));
    assert!(run.errors()[1].starts_with("articles/by-front-matter.md:3:8: "));
    assert_eq!(
        run.stderr
            .matches("or a `default_time` under [site] that the clocks never skip")
            .count(),
        2,
        "{}",
        run.stderr
    );
    site.remove("articles/2024-03-31-by-name.txt");
    site.remove("articles/by-front-matter.md");
    site.run(&["build"]).assert_code(0);
    let rss = xml(&site.files("public")["feed.xml"])
        .input_text()
        .to_owned();
    assert!(
        rss.contains("<pubDate>Sun, 27 Oct 2024 02:30:00 +0200</pubDate>"),
        "{rss}"
    );
}
