//! Writes a `git fast-import` stream that commits a corpus made by
//! `gen-corpus --markdown` in 2,000 commits, as a newsroom's repository
//! would hold it (issue 25):
//!
//! ```sh
//! cargo run --release --example gen-git-corpus -- [--undated N] CORPUS | git fast-import
//! ```
//!
//! The articles go in in the order of their numbers, an equal share per
//! commit, one commit a day and a half from 2015 on; every fifth commit also
//! corrects an article added three commits before, and every twentieth
//! moves one added eleven commits before to a new name, so that the
//! history has edits and renames. With `--undated N`, N articles spread
//! over the corpus (among them the moved ones) have no date, neither in
//! the front matter nor in the file name: their date is the one git gives.
//! The same arguments always give the same stream.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

const COMMITS: usize = 2000;
const START: u64 = 1_420_070_400; // 2015-01-01T00:00:00Z

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read folder").flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// The article's number, from `…-story-N.md`.
fn number(path: &Path) -> usize {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem.rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a gen-corpus article")
}

struct Article {
    /// Path in the repository.
    path: String,
    text: String,
}

fn data(out: &mut Vec<u8>, bytes: &[u8]) {
    let _ = writeln!(out, "data {}", bytes.len());
    out.extend_from_slice(bytes);
    out.push(b'\n');
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut undated = 0;
    let mut corpus = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--undated" => {
                undated = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--undated takes a number")
            }
            _ => corpus = Some(PathBuf::from(arg)),
        }
    }
    let corpus = corpus.expect("usage: gen-git-corpus [--undated N] CORPUS");
    let articles_dir = corpus.join("articles");
    let mut files = Vec::new();
    walk(&articles_dir, &mut files);
    files.sort_by_key(|p| number(p));
    let count = files.len();
    let every = count.checked_div(undated).map_or(0, |n| n.max(1));
    // Multiples of 2 × 50 are undated when there are 1,000 of 100,000:
    // the moved articles (50 × (c - 11) for odd c) are among them.
    let articles: Vec<Article> = files
        .iter()
        .map(|file| {
            let i = number(file);
            let relative = file.strip_prefix(&articles_dir).expect("under the corpus");
            let mut text = fs::read_to_string(file).expect("read article");
            let mut path = format!("articles/{}", relative.display());
            if every > 0 && i.is_multiple_of(every) && i / every < undated {
                let (folder, _) = path.rsplit_once('/').unwrap_or(("articles", ""));
                path = format!("{folder}/story-{i}.md");
                text = text
                    .lines()
                    .filter(|line| !line.starts_with("date = "))
                    .map(|line| format!("{line}\n"))
                    .collect();
            }
            Article { path, text }
        })
        .collect();
    let per_commit = count.div_ceil(COMMITS);

    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    let mut paths: Vec<String> = articles.iter().map(|a| a.path.clone()).collect();
    let config = fs::read(corpus.join("feeds.toml")).expect("read feeds.toml");
    for c in 0..COMMITS {
        let from = c * per_commit;
        if from >= count {
            break;
        }
        let to = (from + per_commit).min(count);
        let mut out = Vec::new();
        let when = START + c as u64 * 36 * 3600;
        let _ = writeln!(out, "commit refs/heads/main");
        let _ = writeln!(out, "author Desk <desk@news.example.org> {when} +0100");
        let _ = writeln!(out, "committer Desk <desk@news.example.org> {when} +0100");
        data(
            &mut out,
            format!("Articles {from} to {}", to - 1).as_bytes(),
        );
        if c == 0 {
            out.extend_from_slice(b"M 100644 inline feeds.toml\n");
            data(&mut out, &config);
        }
        for (i, article) in articles.iter().enumerate().take(to).skip(from) {
            let _ = writeln!(out, "M 100644 inline {}", paths[i]);
            data(&mut out, article.text.as_bytes());
        }
        if c % 5 == 4 && c >= 3 {
            let i = (c - 3) * per_commit + 1;
            let mut text = articles[i].text.clone();
            text.push_str("Correction: an earlier version of this report gave the wrong day.\n");
            let _ = writeln!(out, "M 100644 inline {}", paths[i]);
            data(&mut out, text.as_bytes());
        }
        if c % 20 == 19 {
            let i = (c - 11) * per_commit;
            let (folder, name) = paths[i].rsplit_once('/').unwrap_or(("articles", ""));
            let moved = format!("{folder}/moved-{name}");
            let _ = writeln!(out, "R {} {moved}", paths[i]);
            paths[i] = moved;
        }
        out.push(b'\n');
        stdout.write_all(&out).expect("write the stream");
    }
    eprintln!(
        "{count} articles in {COMMITS} commits, {} undated",
        if every > 0 { undated.min(count) } else { 0 }
    );
}
