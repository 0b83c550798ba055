//! byline in CI: GitHub Actions annotations from `build` and
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
        "::error file=articles/2024-01-01-a%2Cb.md,line=3,col=9,title=InvalidArticle::invalid type: string \"yes\", expected a boolean\n"
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
            "::warning file=articles/2024-01-02-c.md,line=4,title=RemovedElement::`<iframe>` is removed"
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

/// A WebSub hub for the tests, on 127.0.0.1: it records each request's
/// body and answers with the given statuses in turn (the last one
/// repeated); `None` never answers.
struct Hub {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

impl Hub {
    fn start(statuses: Vec<Option<u16>>) -> Hub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (bodies, stop) = (bodies.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut answered = 0;
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let status = statuses[answered.min(statuses.len() - 1)];
                    answered += 1;
                    if let Some(body) = read_request(&stream) {
                        bodies.lock().unwrap().push(body);
                    }
                    match status {
                        Some(status) => {
                            let mut stream = stream;
                            let _ = write!(
                                stream,
                                "HTTP/1.1 {status} Hub\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            );
                        }
                        // Silent: hold the connection until the client gives up.
                        None => std::thread::sleep(std::time::Duration::from_secs(3)),
                    }
                }
            })
        };
        Hub {
            url,
            bodies,
            stop,
            thread: Some(thread),
        }
    }

    fn bodies(&self) -> Vec<String> {
        self.bodies.lock().unwrap().clone()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.url.trim_start_matches("http://").trim_end_matches('/'));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The body of one HTTP request.
fn read_request(stream: &TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    String::from_utf8(body).ok()
}

fn hub_site(hub: &str) -> Scratch {
    let site = Scratch::new();
    site.write(
        "feeds.toml",
        format!(
            "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nauthors = [\"D\"]\nhub = \"{hub}\"\n\n\
             [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\njson = \"feed.json\"\nhtml = \"feed.html\"\n\n\
             [[feeds]]\ntags = [\"sport\"]\nrss = \"sport.xml\"\n"
        ),
    );
    site.write("articles/2024-01-01-a.txt", "A\n\nFirst.\n");
    site
}

fn pinged(bodies: &[String]) -> Vec<String> {
    let mut urls: Vec<String> = bodies
        .iter()
        .map(|body| {
            assert!(body.starts_with("hub.mode=publish&hub.url="), "{body}");
            body["hub.mode=publish&hub.url=".len()..]
                .replace("%3A", ":")
                .replace("%2F", "/")
        })
        .collect();
    urls.sort();
    urls
}

#[test]
fn ping_tells_the_hub_about_the_feeds_whose_bytes_changed() {
    let hub = Hub::start(vec![Some(204)]);
    let site = hub_site(&hub.url);
    let run = site.run(&["build", "--ping"]);
    run.assert_code(0);
    assert_eq!(
        pinged(&hub.bodies()),
        [
            "https://t.example.org/atom.xml",
            "https://t.example.org/feed.json",
            "https://t.example.org/feed.xml",
            "https://t.example.org/sport.xml",
        ],
        "every feed file, not the HTML page"
    );
    assert!(
        run.stderr
            .contains("pinged the hub for 4 feeds: 4 accepted, 0 failed"),
        "{}",
        run.stderr
    );
    // Every feed names the hub.
    let files = site.files("public");
    let rss = String::from_utf8(files["feed.xml"].clone()).unwrap();
    assert!(rss.contains(&format!("<atom:link href=\"{}\" rel=\"hub\"/>", hub.url)));
    let json: serde_json::Value = serde_json::from_slice(&files["feed.json"]).unwrap();
    assert_eq!(json["hubs"][0]["type"], "WebSub");
    assert_eq!(json["hubs"][0]["url"], hub.url.as_str());

    // Nothing changed: nothing to tell.
    site.run(&["build", "--ping"]).assert_code(0);
    assert_eq!(hub.bodies().len(), 4);
    // A sport story changes the main feed and the sport feed, not others.
    site.write(
        "articles/2024-01-02-b.md",
        "+++\ntitle = \"B\"\ntags = [\"sport\"]\n+++\nSecond.\n",
    );
    site.run(&["build", "--ping"]).assert_code(0);
    assert_eq!(pinged(&hub.bodies()[4..]).len(), 4);
    site.write("articles/2024-01-03-c.txt", "C\n\nThird.\n");
    site.run(&["build", "--ping"]).assert_code(0);
    assert_eq!(
        pinged(&hub.bodies()[8..]),
        [
            "https://t.example.org/atom.xml",
            "https://t.example.org/feed.json",
            "https://t.example.org/feed.xml",
        ]
    );
}

#[test]
fn a_failed_ping_is_retried_once_and_then_reported_with_exit_code_3() {
    // 503, then 204: the retry takes it.
    let hub = Hub::start(vec![Some(503), Some(204)]);
    let site = hub_site(&hub.url);
    site.write(
        "feeds.toml",
        std::fs::read_to_string(site.dir.join("feeds.toml"))
            .unwrap()
            .replace("json = \"feed.json\"\nhtml = \"feed.html\"\n", "")
            .replace("[[feeds]]\ntags = [\"sport\"]\nrss = \"sport.xml\"\n", "")
            .replace("atom = \"atom.xml\"\n", ""),
    );
    let run = site.run(&["build", "--ping"]);
    run.assert_code(0);
    assert_eq!(hub.bodies().len(), 2, "one feed, asked twice");

    // A hub that refuses is not asked again; the feeds are written anyway.
    let refusing = Hub::start(vec![Some(400)]);
    let site = hub_site(&refusing.url);
    let run = site.run(&["build", "--ping"]);
    run.assert_code(3);
    assert!(
        run.stderr.contains(
            "error: the hub did not take the ping for https://t.example.org/feed.xml: it answered HTTP 400"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("4 feeds: 0 accepted, 4 failed"),
        "{}",
        run.stderr
    );
    assert_eq!(refusing.bodies().len(), 4, "no retry after a 4xx");
    assert!(site.files("public").contains_key("feed.xml"));

    // A hub that never answers times out, twice.
    let silent = Hub::start(vec![None]);
    let site = hub_site(&silent.url);
    site.write(
        "feeds.toml",
        std::fs::read_to_string(site.dir.join("feeds.toml"))
            .unwrap()
            .replace("[[feeds]]\ntags = [\"sport\"]\nrss = \"sport.xml\"\n", "")
            .replace("atom = \"atom.xml\"\njson = \"feed.json\"\n", ""),
    );
    let run = site.run(&["build", "--ping", "--ping-timeout", "1"]);
    run.assert_code(3);
    assert!(run.stderr.contains("after a retry"), "{}", run.stderr);
}

#[test]
fn ping_without_a_hub_is_a_setup_error() {
    let site = Scratch::site("");
    site.write("articles/2024-01-01-a.txt", "A\n\nFirst.\n");
    let run = site.run(&["build", "--ping"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("`--ping` needs a hub to ping"),
        "{}",
        run.stderr
    );
    assert!(!site.dir.join("public").exists());
}
