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
/// body and answers with the given replies in turn (the last one
/// repeated), each connection on its own thread.
struct Hub {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
    /// The most requests it held at once.
    most_at_once: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// How the test hub answers one request.
#[derive(Clone, Copy)]
enum Reply {
    /// This status, and this body.
    Status(u16, &'static str),
    /// Nothing: the connection is held until the client gives up.
    Silent,
    /// 204, but only once another request is in flight at the same time
    /// (503 if none comes within 5 s): a client that pings one feed at a
    /// time never gets it.
    InCompany,
}

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

impl Hub {
    fn start(replies: Vec<Reply>) -> Hub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let most_at_once = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (bodies, stop, most) = (bodies.clone(), stop.clone(), most_at_once.clone());
            std::thread::spawn(move || {
                let in_flight = Arc::new(AtomicUsize::new(0));
                let mut answered = 0;
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let reply = replies[answered.min(replies.len() - 1)];
                    answered += 1;
                    let (bodies, most, in_flight) =
                        (bodies.clone(), most.clone(), in_flight.clone());
                    std::thread::spawn(move || {
                        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        if let Some(body) = read_request(&stream) {
                            bodies.lock().unwrap().push(body);
                        }
                        let answer = |mut stream: &TcpStream, status: u16, body: &str| {
                            let _ = write!(
                                stream,
                                "HTTP/1.1 {status} Hub\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                                body.len()
                            );
                        };
                        match reply {
                            Reply::Status(status, body) => answer(&stream, status, body),
                            Reply::Silent => std::thread::sleep(std::time::Duration::from_secs(3)),
                            Reply::InCompany => {
                                let mut waited = 0;
                                while most.load(Ordering::SeqCst) < 2 && waited < 500 {
                                    std::thread::sleep(std::time::Duration::from_millis(10));
                                    waited += 1;
                                }
                                let status = if most.load(Ordering::SeqCst) >= 2 {
                                    204
                                } else {
                                    503
                                };
                                answer(&stream, status, "");
                            }
                        }
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                    });
                }
            })
        };
        Hub {
            url,
            bodies,
            most_at_once,
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

/// [`hub_site`] with one feed to ping, `feed.xml` (and its page, which is
/// never pinged).
fn one_feed_hub_site(hub: &str) -> Scratch {
    let site = hub_site(hub);
    site.write(
        "feeds.toml",
        std::fs::read_to_string(site.dir.join("feeds.toml"))
            .unwrap()
            .replace("[[feeds]]\ntags = [\"sport\"]\nrss = \"sport.xml\"\n", "")
            .replace("atom = \"atom.xml\"\njson = \"feed.json\"\n", ""),
    );
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
    let hub = Hub::start(vec![Reply::Status(204, "")]);
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
    let hub = Hub::start(vec![Reply::Status(503, ""), Reply::Status(204, "")]);
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
    let refusing = Hub::start(vec![Reply::Status(400, "")]);
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
    let silent = Hub::start(vec![Reply::Silent]);
    let site = one_feed_hub_site(&silent.url);
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

/// `site.run`, with the stderr lines that start with `error:`.
fn refusals(run: &crate::harness::Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

#[test]
fn pings_go_out_together_and_a_down_hub_is_named_in_our_words() {
    // Every ping is answered only while another one is in flight.
    let hub = Hub::start(vec![Reply::InCompany]);
    let site = hub_site(&hub.url);
    let run = site.run(&["build", "--ping", "--ping-timeout", "8"]);
    run.assert_code(0);
    assert_eq!(pinged(&hub.bodies()).len(), 4, "{}", run.stderr);
    assert!(hub.most_at_once.load(Ordering::SeqCst) >= 2);

    // Nothing listens: each ping says so in byline's words, and how to send it again.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = format!("http://127.0.0.1:{port}/");
    let site = hub_site(&down);
    let run = site.run(&["build", "--ping"]);
    run.assert_code(3);
    assert_eq!(
        refusals(&run),
        [
            format!(
                "error: the hub did not take the ping for https://t.example.org/feed.xml: cannot connect to {down}: nothing listens there, after a retry"
            ),
            format!(
                "error: the hub did not take the ping for https://t.example.org/atom.xml: cannot connect to {down}: nothing listens there, after a retry"
            ),
            format!(
                "error: the hub did not take the ping for https://t.example.org/feed.json: cannot connect to {down}: nothing listens there, after a retry"
            ),
            format!(
                "error: the hub did not take the ping for https://t.example.org/sport.xml: cannot connect to {down}: nothing listens there, after a retry"
            ),
        ]
    );
    assert!(
        run.stderr.contains(
            "help: send them again with `byline ping feed.xml atom.xml feed.json sport.xml`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        site.files("public").contains_key("feed.xml"),
        "written all the same"
    );
}

#[test]
fn the_hub_says_why_and_byline_ping_sends_it_again() {
    // 500 twice (the ping and its retry), then the hub is back.
    let hub = Hub::start(vec![
        Reply::Status(500, "database is down,\r\n  try later"),
        Reply::Status(500, "database is down,\r\n  try later"),
        Reply::Status(202, ""),
    ]);
    let site = one_feed_hub_site(&hub.url);
    let run = site.run(&["build", "--ping"]);
    run.assert_code(3);
    assert_eq!(
        refusals(&run),
        [
            "error: the hub did not take the ping for https://t.example.org/feed.xml: it answered HTTP 500: database is down, try later, after a retry"
        ]
    );
    assert!(
        run.stderr
            .contains("help: send it again with `byline ping feed.xml`"),
        "{}",
        run.stderr
    );
    // The next build sees no change and pings nothing; `byline ping` does.
    site.run(&["build", "--ping"]).assert_code(0);
    assert_eq!(hub.bodies().len(), 2);
    let run = site.run(&["ping", "public/feed.xml"]);
    run.assert_code(0);
    assert_eq!(
        pinged(&hub.bodies()[2..]),
        ["https://t.example.org/feed.xml"]
    );
    assert!(
        run.stderr.contains("1 accepted, 0 failed"),
        "{}",
        run.stderr
    );

    // A refusal is shown as the hub gave it, and not retried.
    let refusing = Hub::start(vec![Reply::Status(400, "hub.url: not a topic of this hub")]);
    let site = hub_site(&refusing.url);
    site.run(&["build"]).assert_code(0);
    let run = site.run(&["ping"]);
    run.assert_code(3);
    assert!(
        run.stderr.contains(
            "error: the hub did not take the ping for https://t.example.org/sport.xml: it answered HTTP 400: hub.url: not a topic of this hub\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        pinged(&refusing.bodies()),
        [
            "https://t.example.org/atom.xml",
            "https://t.example.org/feed.json",
            "https://t.example.org/feed.xml",
            "https://t.example.org/sport.xml",
        ],
        "every feed of the last build, once each, not the HTML page"
    );

    // Only feeds the last build wrote.
    let run = site.run(&["ping", "public/feed.html", "nowhere.xml"]);
    run.assert_code(2);
    assert_eq!(
        run.errors(),
        [
            "public/feed.html: error: this is not a feed file the last build wrote",
            "nowhere.xml: error: this is not a feed file the last build wrote",
        ]
    );
    assert_eq!(refusing.bodies().len(), 4, "nothing sent");
}
