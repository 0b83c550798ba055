//! `byline serve` (issue 28), end to end over 127.0.0.1 with a real HTTP
//! client: the served site follows the articles, and the published output
//! folder is byte-identical before and after.

use crate::harness::{Scratch, files_under};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(url: &str) -> (u16, String, String) {
    let mut response = ureq::get(url)
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (status, kind, response.body_mut().read_to_string().unwrap())
}

#[test]
fn serve_follows_the_articles_and_never_touches_the_output_folder() {
    let site = Scratch::site("");
    let config = std::fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace(
            "atom = \"atom.xml\"",
            "atom = \"atom.xml\"\njson = \"feed.json\"\nhtml = \"feed.html\"",
        ),
    );
    site.write(
        "articles/2024-05-01-ferry.md",
        "+++\ntitle = \"Ferry\"\n+++\nThe ferry runs on time.\n",
    );
    site.run(&["build"]).assert_code(0);
    let published = files_under(&site.dir.join("public"));
    assert!(published.contains_key(byline::output::MANIFEST));
    let lock = std::fs::read(site.dir.join("byline.lock")).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_byline"))
        .args(["serve", "--port", "0"])
        .current_dir(&site.dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().unwrap().unwrap();
    let local = first
        .strip_prefix("serving ")
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();
    assert!(
        local.starts_with("http://127.0.0.1:") && local.ends_with('/'),
        "{local}"
    );
    let listed: Vec<String> = lines.by_ref().take(5).map(Result::unwrap).collect();
    assert_eq!(
        listed,
        [
            "atom.xml",
            "feed.html",
            "feed.json",
            "feed.xml",
            "feeds.opml"
        ]
        .map(|f| format!("  {local}{f}"))
    );

    // A second server cannot have the port, and says so.
    let port = local.trim_end_matches('/').rsplit(':').next().unwrap();
    let taken = site.run(&["serve", "--port", port]);
    taken.assert_code(2);
    assert!(
        taken
            .stderr
            .contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        taken.stderr
    );
    let built = lines.next().unwrap().unwrap();
    let folder = built
        .strip_prefix("built into ")
        .and_then(|rest| rest.split_once(" with links rewritten"))
        .map(|(folder, _)| std::path::PathBuf::from(folder))
        .unwrap_or_else(|| panic!("{built}"));
    assert!(folder.join("feed.xml").is_file(), "{built}");
    let (status, kind, page) = get(&format!("{local}feed.html"));
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(page.contains("The ferry runs on time."), "{page}");
    assert!(
        page.contains(&format!("href=\"{local}feed.xml\"")),
        "links are local: {page}"
    );
    let (status, _, rss) = get(&format!("{local}feed.xml"));
    assert_eq!(status, 200);
    assert!(
        rss.contains(&format!("<link>{local}ferry/</link>")),
        "{rss}"
    );
    assert!(!rss.contains("https://test.example.org/"), "{rss}");
    assert!(
        rss.contains("tag:test.example.org,2024:ferry"),
        "ids are the site's own: {rss}"
    );
    assert_eq!(get(&format!("{local}../feeds.toml")).0, 404);
    assert_eq!(get(&format!("{local}{}", byline::output::MANIFEST)).0, 404);

    site.write(
        "articles/2024-05-01-ferry.md",
        "+++\ntitle = \"Ferry\"\n+++\nThe ferry is late.\n",
    );
    let started = Instant::now();
    loop {
        let (_, _, json) = get(&format!("{local}feed.json"));
        if json.contains("The ferry is late.") {
            assert!(
                json.contains(&format!("\"url\": \"{local}ferry/\"")),
                "{json}"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no rebuild: {json}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(server);
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(
        files_under(&site.dir.join("public")),
        published,
        "the output folder is byte-identical"
    );
    assert_eq!(
        std::fs::read(site.dir.join("byline.lock")).unwrap(),
        lock,
        "a preview never writes the lock"
    );
}
