//! `byline serve`: a look at the site's feeds and pages as a reader would
//! see them, before publishing.
//!
//! The site is built into a folder of its own under the system's temporary
//! folder, never into the output folder, so the published files and their
//! manifest are never touched; and the build is the real one, so ids stay
//! the site's own (`tag:` ids do not hold the base URL's scheme or port).
//! Only when a file is served is the site's `base_url` in it replaced by
//! the local address, so that links, images and `rel="self"` resolve on
//! 127.0.0.1: `jekyll serve` wrote `localhost:4000` into feeds that were then
//! deployed (jekyll-feed#175, #280, #301); this cannot, because what it
//! rewrites exists only in memory and in its own folder.
//!
//! The server listens on 127.0.0.1 only, answers GET and HEAD, and
//! rebuilds when a file under the articles folder or the config changes
//! (polled twice a second: no watcher dependency). A build that fails
//! prints its problems and keeps the last good one served.

use crate::diagnostic::Diagnostic;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

/// What `byline serve` is asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The config file.
    pub config: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

/// The site as it is served: its folder and the address to rewrite.
#[derive(Clone, Debug)]
struct Served {
    /// The folder the site was built into.
    folder: PathBuf,
    /// The config's `base_url`, as it appears in the files.
    base_url: String,
}

/// Builds the site, serves it on 127.0.0.1 and rebuilds it on changes;
/// returns only when the port cannot be had or the first build fails.
/// `say` hears each line worth printing (the address first).
pub fn serve(options: &ServeOptions, say: &(dyn Fn(&str) + Sync)) -> Result<(), Vec<Diagnostic>> {
    let listener = TcpListener::bind(("127.0.0.1", options.port)).map_err(|e| {
        vec![
            Diagnostic::error(
                &options.config,
                format!("cannot listen on 127.0.0.1:{}: {e}", options.port),
            )
            .with_help("pick another port with --port PORT"),
        ]
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| vec![Diagnostic::error(&options.config, e.to_string())])?
        .port();
    let local = format!("http://127.0.0.1:{port}/");
    let folder = std::env::temp_dir().join(format!("byline-serve-{}-{port}", std::process::id()));
    let served = build_into(&options.config, &folder).map_err(|failure| match failure {
        crate::Failure::Input(d) | crate::Failure::Setup(d) => d,
    })?;
    let feeds = list_files(&served.folder);
    say(&format!("serving {local}"));
    for file in &feeds {
        say(&format!("  {local}{file}"));
    }
    say(&format!(
        "built into {} with links rewritten to {local}; the output folder is not touched. \
         Rebuilds when an article or the config changes; Ctrl-C stops.",
        served.folder.display()
    ));
    let current = Arc::new(RwLock::new(served));
    std::thread::scope(|scope| {
        let watched = Arc::clone(&current);
        let config = options.config.clone();
        scope.spawn(move || watch(&config, &folder, &watched, say));
        for stream in listener.incoming().flatten() {
            let served = current.read().map(|s| s.clone());
            let local = local.clone();
            if let Ok(served) = served {
                scope.spawn(move || answer(stream, &served, &local));
            }
        }
    });
    Ok(())
}

/// Runs the real build into `folder` (the config's output folder
/// overridden), with the clock of a normal build.
fn build_into(config: &Path, folder: &Path) -> Result<Served, crate::Failure> {
    let options = crate::BuildOptions {
        config: config.to_path_buf(),
        out: Some(folder.to_path_buf()),
        now: None,
        ping: false,
        patience: crate::websub::Patience::default(),
        lock: crate::LockMode::Leave,
    };
    crate::build(&options, &crate::Quiet)?;
    let loaded = crate::config::load(config).map_err(crate::Failure::Setup)?;
    Ok(Served {
        folder: folder.to_path_buf(),
        base_url: loaded.site.base_url.to_string(),
    })
}

/// Polls the config and the articles folder; rebuilds when either changed.
fn watch(config: &Path, folder: &Path, current: &RwLock<Served>, say: &(dyn Fn(&str) + Sync)) {
    let articles = |config: &Path| {
        crate::config::load(config)
            .map(|c| c.articles_dir)
            .unwrap_or_default()
    };
    let mut seen = fingerprint(config, &articles(config));
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = fingerprint(config, &articles(config));
        if now == seen {
            continue;
        }
        seen = now;
        match build_into(config, folder) {
            Ok(served) => {
                if let Ok(mut current) = current.write() {
                    *current = served;
                }
                say("rebuilt");
            }
            Err(crate::Failure::Input(problems) | crate::Failure::Setup(problems)) => {
                for problem in &problems {
                    say(&problem.to_string());
                }
                say("the build failed; still serving the last one that worked");
            }
        }
    }
}

/// Every file's path, length and modification time under `dir`, and the
/// config's: what a change shows in.
fn fingerprint(config: &Path, dir: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut found = Vec::new();
    let mut stack = vec![config.to_path_buf(), dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else {
            found.push((path, meta.len(), meta.modified().ok()));
        }
    }
    found.sort();
    found
}

/// The files under `folder`, `/`-separated, sorted; the manifest left out.
fn list_files(folder: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(folder) {
                let relative = relative.to_string_lossy().replace('\\', "/");
                if relative != crate::output::MANIFEST && relative != crate::output::PAGES {
                    files.push(relative);
                }
            }
        }
    }
    files.sort();
    files
}

/// Answers one request: the file, its links rewritten, or an index of the
/// site's files for `/`, or 404.
fn answer(stream: TcpStream, served: &Served, local: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // The headers are read and dropped.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = target.split(['?', '#']).next().unwrap_or("");
    let (status, kind, body) = if method != "GET" && method != "HEAD" {
        (
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n".to_vec(),
        )
    } else {
        respond(path, served, local)
    };
    let mut out = &stream;
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = out.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = out.write_all(&body);
    }
    let _ = out.flush();
}

/// The status, media type and body for a request path.
fn respond(path: &str, served: &Served, local: &str) -> (&'static str, &'static str, Vec<u8>) {
    let relative = percent_decode(path.trim_start_matches('/'));
    let safe = Path::new(&relative)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !safe && !relative.is_empty() {
        return ("404 Not Found", "text/plain", b"not found\n".to_vec());
    }
    let mut file = served.folder.join(&relative);
    if relative.is_empty() || relative.ends_with('/') {
        file = file.join("index.html");
        if !file.is_file() {
            return ("200 OK", "text/html; charset=utf-8", index(served, local));
        }
    }
    match std::fs::read(&file) {
        Ok(bytes) if relative != crate::output::MANIFEST && relative != crate::output::PAGES => {
            let kind = media_type(&file);
            let bytes = if kind.contains("charset") || kind.ends_with("json") {
                rewrite(bytes, &served.base_url, local)
            } else {
                bytes
            };
            ("200 OK", kind, bytes)
        }
        _ => ("404 Not Found", "text/plain", b"not found\n".to_vec()),
    }
}

/// The site's `base_url` replaced by the local address, in a text file.
fn rewrite(bytes: Vec<u8>, base_url: &str, local: &str) -> Vec<u8> {
    match String::from_utf8(bytes) {
        Ok(text) => text.replace(base_url, local).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// A page that links every file of the site.
fn index(served: &Served, local: &str) -> Vec<u8> {
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>byline serve</title></head>\n<body>\n<h1>byline serve</h1>\n<ul>\n",
    );
    for file in list_files(&served.folder) {
        let mut href = String::new();
        crate::html::escape_attribute(&format!("{local}{file}"), &mut href);
        let mut text = String::new();
        crate::html::escape_text(&file, &mut text);
        page.push_str(&format!("<li><a href=\"{href}\">{text}</a></li>\n"));
    }
    page.push_str("</ul>\n</body>\n</html>\n");
    page.into_bytes()
}

/// The media type a file is served with, by its extension: feeds as XML
/// and JSON, so that a browser shows them rather than download them.
fn media_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "xml" | "rss" | "atom" | "opml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" | "vtt" | "srt" => "text/plain; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// `%XX` escapes decoded; a bad one is kept as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_kept_inside_the_folder() {
        assert_eq!(percent_decode("tags/caf%C3%A9.xml"), "tags/café.xml");
        assert_eq!(percent_decode("a%2"), "a%2");
        let served = Served {
            folder: std::env::temp_dir().join("byline-serve-test-none"),
            base_url: "https://x.example/".into(),
        };
        assert_eq!(
            respond("/../etc/passwd", &served, "http://127.0.0.1:1/").0,
            "404 Not Found"
        );
        assert_eq!(
            respond("/%2e%2e/x", &served, "http://127.0.0.1:1/").0,
            "404 Not Found"
        );
    }

    #[test]
    fn the_base_url_is_rewritten_in_text_only() {
        let text = b"<link>https://x.example/a/</link><id>tag:x.example,2024:a</id>".to_vec();
        assert_eq!(
            rewrite(text, "https://x.example/", "http://127.0.0.1:9/"),
            b"<link>http://127.0.0.1:9/a/</link><id>tag:x.example,2024:a</id>"
        );
    }
}
