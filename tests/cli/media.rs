//! Media: lead images with their credit, enclosures and podcast
//! feeds, read back by an XML parser and by feed-rs; and every problem with
//! a media file reported at its article's line.

use crate::harness::{Scratch, feed, repo, sample_site, xml};

const MEDIA: &str = "http://search.yahoo.com/mrss/";
const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
const PODCAST: &str = "https://podcastindex.org/namespace/1.0";
const ATOM: &str = "http://www.w3.org/2005/Atom";

fn size_of(relative: &str) -> u64 {
    std::fs::metadata(repo().join(relative)).unwrap().len()
}

#[test]
fn enclosures_carry_the_exact_size_of_their_files_in_every_format() {
    let (_out, files) = sample_site();
    let episodes = [
        (
            "episode-1.mp3",
            size_of("articles/podcast/episode-1.mp3"),
            3,
        ),
        (
            "episode-2.mp3",
            size_of("articles/podcast/episode-2.mp3"),
            4,
        ),
    ];
    // The files are published byte for byte.
    for (name, _, _) in episodes {
        assert_eq!(
            files[&format!("media/podcast/{name}")],
            std::fs::read(repo().join("articles/podcast").join(name)).unwrap()
        );
    }
    for name in ["podcast.xml", "feed.xml"] {
        let doc = xml(&files[name]);
        for (file, size, _) in episodes {
            let url = format!("https://gazette.example.org/media/podcast/{file}");
            let enclosure = doc
                .descendants()
                .find(|n| n.has_tag_name("enclosure") && n.attribute("url") == Some(&url))
                .unwrap_or_else(|| panic!("{name} has {url}"));
            assert_eq!(
                enclosure.attribute("length"),
                Some(size.to_string().as_str())
            );
            assert_eq!(enclosure.attribute("type"), Some("audio/mpeg"));
        }
    }
    let atom = xml(&files["atom.xml"]);
    for (file, size, _) in episodes {
        let link = atom
            .descendants()
            .find(|n| {
                n.has_tag_name((ATOM, "link"))
                    && n.attribute("rel") == Some("enclosure")
                    && n.attribute("href").is_some_and(|h| h.ends_with(file))
            })
            .unwrap();
        assert_eq!(link.attribute("length"), Some(size.to_string().as_str()));
    }
    let json: serde_json::Value = serde_json::from_slice(&files["feed.json"]).unwrap();
    for (file, size, seconds) in episodes {
        let attachment = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|item| item["attachments"].as_array().cloned().unwrap_or_default())
            .find(|a| a["url"].as_str().unwrap().ends_with(file))
            .unwrap();
        assert_eq!(attachment["size_in_bytes"], size);
        assert_eq!(attachment["mime_type"], "audio/mpeg");
        assert_eq!(attachment["duration_in_seconds"], seconds);
    }
}

#[test]
fn the_podcast_speaks_apples_and_podcasting_2_0s_language() {
    let (_out, files) = sample_site();
    let doc = xml(&files["podcast.xml"]);
    let channel = doc
        .descendants()
        .find(|n| n.has_tag_name("channel"))
        .unwrap();
    let itunes = |node: roxmltree::Node<'_, '_>, name: &str| -> Option<String> {
        node.children()
            .find(|n| n.has_tag_name((ITUNES, name)))
            .map(|n| n.text().unwrap_or("").trim().to_owned())
    };
    assert_eq!(itunes(channel, "explicit").as_deref(), Some("false"));
    assert_eq!(itunes(channel, "type").as_deref(), Some("episodic"));
    let category = channel
        .children()
        .find(|n| n.has_tag_name((ITUNES, "category")))
        .unwrap();
    assert_eq!(category.attribute("text"), Some("News"));
    let subcategory = category.children().find(|n| n.is_element()).unwrap();
    assert!(subcategory.has_tag_name((ITUNES, "category")));
    assert_eq!(subcategory.attribute("text"), Some("Sports News"));
    let image = channel
        .children()
        .find(|n| n.has_tag_name((ITUNES, "image")))
        .unwrap();
    assert_eq!(
        image.attribute("href"),
        Some("https://gazette.example.org/media/podcast/cover.png")
    );
    let guid = channel
        .children()
        .find(|n| n.has_tag_name((PODCAST, "guid")))
        .unwrap();
    // UUID v5 of "gazette.example.org/podcast.xml" in the specification's
    // namespace, as its reference implementations compute it.
    assert_eq!(guid.text(), Some("2a70782a-e94d-5ffa-888b-e860839a53f3"));

    let items: Vec<_> = channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), 2, "every episode, and nothing else");
    let newest = items[0];
    assert_eq!(itunes(newest, "duration").as_deref(), Some("4"));
    assert_eq!(itunes(newest, "episode").as_deref(), Some("2"));
    assert_eq!(itunes(newest, "season").as_deref(), Some("1"));
    assert_eq!(itunes(newest, "episodeType").as_deref(), Some("full"));
    let people: Vec<(Option<&str>, Option<&str>)> = newest
        .children()
        .filter(|n| n.has_tag_name((PODCAST, "person")))
        .map(|n| (n.attribute("role"), n.text()))
        .collect();
    assert_eq!(
        people,
        [
            (Some("host"), Some("Tom Bell")),
            (Some("guest"), Some("Ruth Ng"))
        ]
    );
    let transcript = newest
        .children()
        .find(|n| n.has_tag_name((PODCAST, "transcript")))
        .unwrap();
    assert_eq!(transcript.attribute("type"), Some("text/vtt"));

    // feed-rs, a reader's parser, sees the episodes with their media.
    let parsed = feed(&files["podcast.xml"]);
    let episode = &parsed.entries[0].media;
    assert!(
        episode.iter().any(|m| m
            .content
            .iter()
            .any(|c| c.size == Some(size_of("articles/podcast/episode-2.mp3")))),
        "{episode:?}"
    );
}

#[test]
fn the_lead_image_carries_its_alt_text_and_credit_in_every_format() {
    let (_out, files) = sample_site();
    let alt = "Bar chart: the United States and China level on 40 gold medals, the United States ahead on silver, 44 to 27";
    let credit = "Chart: The Byline Gazette";
    let url = "https://gazette.example.org/media/olympics/medal-table.png";
    assert_eq!(
        files["media/olympics/medal-table.png"],
        std::fs::read(repo().join("articles/olympics/medal-table.png")).unwrap()
    );
    for name in ["feed.xml", "atom.xml", "tags/olympics.xml"] {
        let doc = xml(&files[name]);
        let content = doc
            .descendants()
            .find(|n| n.has_tag_name((MEDIA, "content")))
            .unwrap_or_else(|| panic!("{name} has media:content"));
        assert_eq!(content.attribute("url"), Some(url));
        assert_eq!(content.attribute("medium"), Some("image"));
        assert_eq!(content.attribute("type"), Some("image/png"));
        assert_eq!(content.attribute("width"), Some("640"));
        assert_eq!(content.attribute("height"), Some("360"));
        let child = |tag: &str| {
            content
                .children()
                .find(|n| n.has_tag_name((MEDIA, tag)))
                .and_then(|n| n.text())
        };
        assert_eq!(child("description"), Some(alt), "{name}");
        assert_eq!(child("credit"), Some(credit), "{name}");
        // feed-rs reads the media object with its credit.
        let parsed = feed(&files[name]);
        let media = parsed
            .entries
            .iter()
            .flat_map(|e| &e.media)
            .find(|m| {
                m.content
                    .iter()
                    .any(|c| c.url.as_ref().map(|u| u.as_str()) == Some(url))
            })
            .unwrap_or_else(|| panic!("feed-rs reads the image in {name}"));
        assert_eq!(media.credits[0].entity, credit);
        assert_eq!(media.description.as_ref().unwrap().content, alt);
    }
    // In HTML (the feeds' content and the page): the image, then its credit.
    let figure = format!(
        "<figure><img src=\"{url}\" alt=\"{alt}\" width=\"640\" height=\"360\"><figcaption>{credit} · <a href=\"https://creativecommons.org/licenses/by/4.0/\">License</a></figcaption></figure>"
    );
    let page = String::from_utf8(files["feed.html"].clone()).unwrap();
    assert!(page.contains(&figure), "the page shows the credited image");
    let json: serde_json::Value = serde_json::from_slice(&files["feed.json"]).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["image"] == url)
        .unwrap();
    assert_eq!(item["_byline"]["image"]["alt"], alt);
    assert_eq!(item["_byline"]["image"]["credit"], credit);
    assert!(item["content_html"].as_str().unwrap().starts_with(&figure));
    let sport = String::from_utf8(files["sport.xml"].clone()).unwrap();
    assert!(
        sport.contains(&figure),
        "summary-only feeds show the credited image too"
    );
}

/// A PNG's signature and header: all that byline reads of an image.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

/// One MPEG audio frame header and its silent frame.
fn mp3() -> Vec<u8> {
    let mut frame = vec![0xFF, 0xFB, 0x18, 0xC0];
    frame.resize(144, 0);
    frame.repeat(10)
}

fn site(extra_feeds: &str) -> Scratch {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        format!(
            "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nlanguage = \"en\"\nauthors = [\"D\"]\n\n\
             [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\njson = \"feed.json\"\n{extra_feeds}"
        ),
    );
    site
}

#[test]
fn media_problems_name_the_file_and_line_all_in_one_run() {
    let site = site("");
    site.write("articles/notes.txt.png", "not an image");
    site.write(
        "articles/2024-01-01-a.md",
        "+++\ntitle = \"A\"\nimage = { src = \"missing.png\", alt = \"x\" }\n+++\nBody.\n",
    );
    site.write(
        "articles/2024-01-02-b.md",
        "+++\ntitle = \"B\"\nimage = { src = \"notes.txt.png\" }\n+++\nBody.\n",
    );
    site.write(
        "articles/2024-01-03-c.md",
        "+++\ntitle = \"C\"\nimage = { src = \"notes.txt.png\", alt = \"x\" }\n\
         enclosure = { src = \"https://cdn.example.org/c.mp3\" }\n+++\nBody.\n",
    );
    site.write(
        "articles/2024-01-04-d.md",
        "+++\ntitle = \"D\"\nenclosure = { src = \"https://cdn.example.org/d.mp3\", type = \"audio\", length = 10, duration = \"1:75\" }\n\
         episode = { type = \"weekly\", number = 0 }\n+++\nBody.\n",
    );
    site.write("articles/d.mp3", mp3());
    site.write(
        "articles/2024-01-05-e.md",
        "+++\ntitle = \"E\"\nenclosure = { src = \"d.mp3\", type = \"audio/ogg\", length = 3 }\n+++\nBody.\n",
    );
    site.write(
        "articles/2024-01-06-f.md",
        "+++\ntitle = \"F\"\nenclosure = { src = \"../outside.mp3\", type = \"audio/mpeg\", length = 3 }\n+++\nBody.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    let errors = run.errors();
    for expected in [
        "articles/2024-01-01-a.md:3:17: error: `image.src`: cannot read `articles/missing.png`",
        "articles/2024-01-02-b.md:3:9: error: `image` needs `alt`",
        "articles/2024-01-03-c.md:3:17: error: `image.src`: `articles/notes.txt.png` is of a type byline does not know, not an image",
        "articles/2024-01-03-c.md:4:21: error: a remote enclosure needs `type`",
        "articles/2024-01-04-d.md:3:61: error: `enclosure.type`: `audio` is not a media type",
        "articles/2024-01-04-d.md:3:94: error: `enclosure.duration`: `1:75` is not a duration",
        "articles/2024-01-04-d.md:4:20: error: `episode.type` is `weekly`; Apple knows `full`, `trailer` and `bonus`",
        "articles/2024-01-04-d.md:4:39: error: `episode.number` is a whole number from 1, not 0",
        "articles/2024-01-05-e.md:3:37: error: `enclosure.type` says `audio/ogg`, but the file is `audio/mpeg`",
        "articles/2024-01-05-e.md:3:59: error: `enclosure.length` says 3, but the file has 1440 bytes",
        "articles/2024-01-06-f.md:3:21: error: `enclosure.src`: `../outside.mp3` is outside the articles folder",
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "missing `{expected}` in:\n{}",
            errors.join("\n")
        );
    }
    assert!(!site.dir.join("public").exists(), "nothing is written");
}

#[test]
fn a_podcast_needs_audio_for_every_episode_and_a_cover_apple_accepts() {
    let podcast = "\n[[feeds]]\nrss = \"podcast.xml\"\ntags = [\"show\"]\n\
        podcast = { image = \"articles/cover.png\", category = \"Sports\", subcategory = \"Curling\", \
        owner = { name = \"D\" } }\n";
    let site = site(podcast);
    site.write("articles/cover.png", png(1000, 1000));
    site.write(
        "articles/2024-01-01-one.md",
        "+++\ntitle = \"One\"\ntags = [\"show\"]\n+++\nNo audio.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(2);
    let errors = &run.stderr;
    for expected in [
        "error[AppleCoverSize]: the cover is 1000×1000 pixels; Apple asks for a square of 1400 to 3000 pixels a side",
        "`Curling` is not a subcategory of `Sports`",
        "the podcast's `owner` needs an `email`",
    ] {
        assert!(
            errors.contains(expected),
            "missing `{expected}` in:\n{errors}"
        );
    }

    site.write(
        "feeds.toml",
        std::fs::read_to_string(site.dir.join("feeds.toml"))
            .unwrap()
            .replace("\"Curling\"", "\"Swimming\"")
            .replace(
                "{ name = \"D\" }",
                "{ name = \"D\", email = \"d@t.example.org\" }",
            ),
    );
    site.write("articles/cover.png", png(1400, 1400));
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.errors().iter().any(|e| e.starts_with(
            "articles/2024-01-01-one.md: error: the podcast `podcast.xml` carries this article, but it has no `enclosure`"
        )),
        "{}",
        run.stderr
    );

    site.write("articles/one.mp3", mp3());
    site.write(
        "articles/2024-01-01-one.md",
        "+++\ntitle = \"One\"\ntags = [\"show\"]\nenclosure = { src = \"one.mp3\", duration = 1 }\n+++\nAudio.\n",
    );
    site.write(
        "articles/2024-01-02-two.md",
        "+++\ntitle = \"Two\"\ntags = [\"show\"]\ndraft = true\nenclosure = { src = \"one.mp3\" }\n+++\nSoon.\n",
    );
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.warnings().iter().any(|w| w.starts_with(
            "articles/2024-01-02-two.md: warning[DraftEnclosure]: this draft has an enclosure, which is not published while it is a draft"
        )),
        "{}",
        run.stderr
    );
    let files = site.files("public");
    assert_eq!(files["media/one.mp3"].len(), 1440);
    assert_eq!(files["media/cover.png"], png(1400, 1400));
    site.run(&["check"]).assert_code(0);
}

#[test]
fn two_files_may_not_be_published_at_one_place() {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nauthors = [\"D\"]\n\
         [build]\nmedia = \"img/{name}\"\n[[feeds]]\nrss = \"feed.xml\"\n",
    );
    site.write("articles/a/photo.png", png(10, 10));
    site.write("articles/b/photo.png", png(20, 20));
    for folder in ["a", "b"] {
        site.write(
            &format!("articles/{folder}/2024-01-01-{folder}.md"),
            "+++\ntitle = \"T\"\nimage = { src = \"photo.png\", alt = \"A photo\" }\n+++\nBody.\n",
        );
    }
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("would both be published as `img/photo.png`"),
        "{}",
        run.stderr
    );
}
