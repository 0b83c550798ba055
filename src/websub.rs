//! WebSub (W3C Recommendation): telling a hub that feeds changed, so that
//! it pushes them to subscribers at once instead of waiting for their next
//! poll.
//!
//! A publish ping is a form POST to the hub, `hub.mode=publish` and
//! `hub.url=<the feed's URL>`, one per feed. The HTTP client is
//! [ureq](https://docs.rs/ureq): blocking (a build pings a handful of URLs
//! once, after writing; no async runtime is worth it), small, maintained,
//! with rustls for https and timeouts on every request.
//!
//! Pings go out a few at a time ([`AT_ONCE`]): a hub that is down costs a
//! timeout per batch, not per feed. What a hub answers is kept (its status
//! and the start of its body) and shown as it is, since only the hub knows
//! why it refused. A ping that failed is not lost: `byline ping` sends it
//! again, for the feed files given or for every feed of the site.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How many pings are in flight at once.
pub const AT_ONCE: usize = 4;

/// How much of a hub's answer is kept, in characters.
const BODY_START: usize = 200;

/// How one ping went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ping {
    /// The feed file, relative to the output folder.
    pub path: String,
    /// The feed the hub was told about.
    pub url: String,
    /// The hub's answer, or why there was none (in byline's words).
    pub outcome: Result<Answer, String>,
    /// How many requests it took (2 when the first failed and was retried).
    pub attempts: u32,
}

/// What a hub answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The start of the body, on one line (white space collapsed).
    pub body: String,
}

impl Ping {
    /// Returns true if and only if the hub accepted it (a 2xx status).
    pub fn accepted(&self) -> bool {
        self.outcome
            .as_ref()
            .is_ok_and(|answer| (200..300).contains(&answer.status))
    }

    /// Why the hub did not take it, in a few words: `it answered HTTP 500:
    /// database is down`, or why no answer came; `None` when it did.
    pub fn problem(&self) -> Option<String> {
        if self.accepted() {
            return None;
        }
        let why = match &self.outcome {
            Ok(answer) if answer.body.is_empty() => format!("it answered HTTP {}", answer.status),
            Ok(answer) => format!("it answered HTTP {}: {}", answer.status, answer.body),
            Err(why) => why.clone(),
        };
        let retried = if self.attempts > 1 {
            ", after a retry"
        } else {
            ""
        };
        Some(format!("{why}{retried}"))
    }
}

/// How long to wait for a hub, and before the one retry.
#[derive(Clone, Copy, Debug)]
pub struct Patience {
    /// The longest a request may take, connection included.
    pub timeout: Duration,
    /// The wait before a failed ping is tried again.
    pub retry_after: Duration,
}

impl Default for Patience {
    fn default() -> Patience {
        Patience {
            timeout: Duration::from_secs(10),
            retry_after: Duration::from_secs(2),
        }
    }
}

/// Tells `hub` about each of `feeds` (path relative to the output folder,
/// and URL), one request each, [`AT_ONCE`] at a time; the pings come back
/// in the order of `feeds`. A ping that fails for want of an answer, or
/// with a 5xx or 429 status, is tried once more; a hub that refuses
/// (another 4xx) is not asked again.
pub fn ping(hub: &str, feeds: &[(String, String)], patience: Patience) -> Vec<Ping> {
    send_all(hub, feeds, patience, Request::WebSub)
}

/// Tells a podcast index (Podcast Index's `hub/pubnotify`, or another that
/// takes the same request) that each of `feeds` (podcast feeds: path and
/// URL) changed: a GET of `endpoint?url=<the feed's URL>`, no key. As
/// [`ping`] does: [`AT_ONCE`] at a time, one retry for want of an answer,
/// a 5xx or a 429, in the order of `feeds`.
pub fn notify_index(endpoint: &str, feeds: &[(String, String)], patience: Patience) -> Vec<Ping> {
    send_all(endpoint, feeds, patience, Request::PubNotify)
}

/// The request a ping is.
#[derive(Clone, Copy, Debug)]
enum Request {
    /// WebSub's form POST: `hub.mode=publish`, `hub.url`.
    WebSub,
    /// A podcast index's GET with `url` in the query.
    PubNotify,
}

/// Sends one request of `request` to `target` for each of `feeds`.
fn send_all(
    target: &str,
    feeds: &[(String, String)],
    patience: Patience,
    request: Request,
) -> Vec<Ping> {
    let hub = target;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(patience.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("byline/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Ping)>> = Mutex::new(Vec::with_capacity(feeds.len()));
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE.min(feeds.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some((path, url)) = feeds.get(index) else {
                        break;
                    };
                    let ping = ping_one(&agent, hub, path, url, patience, request);
                    done.lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((index, ping));
                }
            });
        }
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, ping)| ping).collect()
}

/// One ping, and its one retry when it is worth one.
fn ping_one(
    agent: &ureq::Agent,
    hub: &str,
    path: &str,
    url: &str,
    patience: Patience,
    request: Request,
) -> Ping {
    let attempt = || {
        match request {
            Request::WebSub => agent
                .post(hub)
                .send_form([("hub.mode", "publish"), ("hub.url", url)]),
            Request::PubNotify => agent.get(hub).query("url", url).call(),
        }
        .map(|mut response| Answer {
            status: response.status().as_u16(),
            body: body_start(response.body_mut()),
        })
        .map_err(|e| in_our_words(&e, hub, patience.timeout))
    };
    let worth_retrying = |outcome: &Result<Answer, String>| match outcome {
        Ok(answer) => answer.status >= 500 || answer.status == 429,
        Err(_) => true,
    };
    let mut outcome = attempt();
    let mut attempts = 1;
    if worth_retrying(&outcome) {
        std::thread::sleep(patience.retry_after);
        outcome = attempt();
        attempts = 2;
    }
    Ping {
        path: path.to_owned(),
        url: url.to_owned(),
        outcome,
        attempts,
    }
}

/// The start of a hub's answer, on one line; what cannot be read is left out.
fn body_start(body: &mut ureq::Body) -> String {
    let mut bytes = Vec::new();
    // A hub's answer is a line or two; more than a few KB is not read.
    let _ =
        std::io::Read::read_to_end(&mut std::io::Read::take(body.as_reader(), 4096), &mut bytes);
    let text = String::from_utf8_lossy(&bytes);
    let line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    match line.char_indices().nth(BODY_START) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}

/// Why no answer came, as a person would say it.
fn in_our_words(error: &ureq::Error, hub: &str, timeout: Duration) -> String {
    use std::io::ErrorKind;
    match error {
        ureq::Error::Timeout(_) => format!("no answer within {} s", timeout.as_secs()),
        ureq::Error::HostNotFound => format!("cannot find the host of {hub}"),
        ureq::Error::ConnectionFailed => format!("cannot connect to {hub}"),
        ureq::Error::Io(e) => match e.kind() {
            ErrorKind::ConnectionRefused => {
                format!("cannot connect to {hub}: nothing listens there")
            }
            ErrorKind::TimedOut => format!("no answer within {} s", timeout.as_secs()),
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::UnexpectedEof => {
                format!("{hub} closed the connection without answering")
            }
            _ => format!("cannot reach {hub}: {e}"),
        },
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => {
            format!("cannot make a secure connection to {hub}")
        }
        ureq::Error::BadUri(_) => format!("`{hub}` is not a URL a request can go to"),
        other => format!("the request to {hub} failed: {other}"),
    }
}

/// What `byline ping` is asked to do.
#[derive(Clone, Debug)]
pub struct PingOptions {
    /// The config file.
    pub config: PathBuf,
    /// An output folder that overrides the config's.
    pub out: Option<PathBuf>,
    /// Feed files to ping, as paths to them or relative to the output
    /// folder; none pings every feed of the last build.
    pub files: Vec<PathBuf>,
    /// How long to wait for the hub.
    pub patience: Patience,
}

/// What `byline ping` sent: the hub's answers, then the podcast index's.
#[derive(Clone, Debug, Default)]
pub struct SitePings {
    /// The WebSub hub's answers, one per feed (none without a hub).
    pub hub: Vec<Ping>,
    /// The podcast index's answers, one per podcast feed among them (none
    /// without `podcast_index`).
    pub index: Vec<Ping>,
}

/// Pings the site's hub about the given feed files, or about every feed
/// file the last build wrote (its manifest), and the podcast index about
/// the podcast feeds among them, without building anything: for sending
/// again a ping that failed.
/// `Err` holds the problems with the config or the files asked for.
pub fn ping_site(options: &PingOptions) -> Result<SitePings, Vec<Diagnostic>> {
    let mut config = crate::config::load(&options.config)?;
    if let Some(out) = &options.out {
        config.output_dir.clone_from(out);
    }
    if config.site.hub.is_none() && config.site.podcast_index.is_none() {
        return Err(vec![
            Diagnostic::error(&config.path, "there is no hub to ping")
                .with_help("set `hub = \"https://…\"` (WebSub) or `podcast_index = \"https://…\"` under [site]"),
        ]);
    }
    let feeds = feeds_to_ping(&config, &options.files)?;
    let podcasts: Vec<(String, String)> = feeds
        .iter()
        .filter(|(path, _)| is_podcast(&config, path))
        .cloned()
        .collect();
    let index = config.site.podcast_index.as_deref();
    if config.site.hub.is_none() && podcasts.is_empty() {
        let files: Vec<String> = feeds.iter().map(|(path, _)| format!("`{path}`")).collect();
        let (is, feed) = match files.len() {
            1 => ("is", "a podcast feed"),
            _ => ("are", "podcast feeds"),
        };
        return Err(vec![
            Diagnostic::error(
                &config.path,
                format!(
                    "no ping to send: {} {is} not {feed} and there is no hub",
                    files.join(", ")
                ),
            )
            .with_help("give the RSS feed of a podcast, or set `hub = \"https://…\"` under [site]"),
        ]);
    }
    Ok(SitePings {
        hub: match &config.site.hub {
            Some(hub) => ping(hub.as_str(), &feeds, options.patience),
            None => Vec::new(),
        },
        index: match index {
            Some(index) => notify_index(index, &podcasts, options.patience),
            None => Vec::new(),
        },
    })
}

/// Returns true if and only if `path` (relative to the output folder) is
/// the RSS feed of one of the config's podcasts: what a podcast index is
/// told about.
pub(crate) fn is_podcast(config: &Config, path: &str) -> bool {
    config
        .feeds
        .iter()
        .filter(|spec| spec.podcast.is_some())
        .flat_map(|spec| spec.outputs.iter())
        .filter(|(format, _)| *format == crate::format::Format::Rss)
        .any(|(_, pattern)| matches_output(pattern, path))
}

/// The feed files to ping, with their URLs: `files` if given (each one a
/// feed the last build wrote), else every feed file of the last build that
/// one of the config's feeds names (not the HTML pages, not archive pages).
fn feeds_to_ping(
    config: &Config,
    files: &[PathBuf],
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let written = crate::output::manifest(&config.output_dir);
    let outputs: Vec<&str> = config
        .feeds
        .iter()
        .flat_map(|feed| &feed.outputs)
        .filter(|(format, _)| format.is_feed())
        .map(|(_, path)| path.as_str())
        .collect();
    let is_feed = |path: &str| outputs.iter().any(|pattern| matches_output(pattern, path));
    let chosen: Vec<String> = if files.is_empty() {
        let feeds: Vec<String> = written.into_iter().filter(|path| is_feed(path)).collect();
        if feeds.is_empty() {
            return Err(vec![
                Diagnostic::error(
                    &config.output_dir,
                    "no feed to ping: the output folder has no feed that byline built",
                )
                .with_help("run `byline build` first"),
            ]);
        }
        feeds
    } else {
        let mut problems = Vec::new();
        let mut chosen = Vec::new();
        for file in files {
            let relative = relative_to(file, &config.output_dir);
            if written.contains(&relative) && is_feed(&relative) {
                chosen.push(relative);
            } else {
                problems.push(
                    Diagnostic::error(file, "this is not a feed file the last build wrote")
                        .with_help(format!(
                            "give the path of an RSS, Atom or JSON feed in {}, or none to ping every feed",
                            config.output_dir.display()
                        )),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        chosen
    };
    Ok(chosen
        .into_iter()
        .map(|path| {
            let url = config.site.output_url(&path).to_string();
            (path, url)
        })
        .collect())
}

/// `file` as the manifest names it: relative to the output folder `out`
/// when it is a path into it, else taken as relative to it already.
fn relative_to(file: &Path, out: &Path) -> String {
    let relative = file.strip_prefix(out).unwrap_or(file);
    let relative = relative.strip_prefix("./").unwrap_or(relative);
    relative.to_string_lossy().replace('\\', "/")
}

/// Returns true if and only if `path` is the output `pattern` of a feed,
/// where `{tag}` (`{author}`, …) stands for one tag's (author's, …) slug.
fn matches_output(pattern: &str, path: &str) -> bool {
    let split = crate::config::Each::ALL
        .iter()
        .find_map(|each| pattern.split_once(each.placeholder()));
    match split {
        None => pattern == path,
        Some((before, after)) => path
            .strip_prefix(before)
            .and_then(|rest| rest.strip_suffix(after))
            .is_some_and(|tag| !tag.is_empty() && !tag.contains('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_outputs_match_one_tag_and_nothing_else() {
        assert!(matches_output("tags/{tag}.xml", "tags/sport.xml"));
        assert!(!matches_output("tags/{tag}.xml", "tags/.xml"));
        assert!(!matches_output("tags/{tag}.xml", "tags/a/b.xml"));
        assert!(!matches_output("tags/{tag}.xml", "tags/sport.atom"));
        assert!(matches_output("feed.xml", "feed.xml"));
        assert!(!matches_output("feed.xml", "feed-archive-1.xml"));
    }

    #[test]
    fn a_hub_answer_is_kept_short_and_on_one_line() {
        let long = format!("error:\n  {}\u{7}", "x".repeat(300));
        let mut response = ureq::http::Response::builder()
            .body(ureq::Body::builder().data(long))
            .unwrap();
        let start = body_start(response.body_mut());
        assert!(start.starts_with("error: xxx"), "{start}");
        assert_eq!(start.chars().count(), BODY_START + 1);
        assert!(start.ends_with('…'));
    }
}
