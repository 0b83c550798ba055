//! Writes a deterministic synthetic news corpus for benchmarks:
//!
//! ```sh
//! cargo run --release --example gen-corpus -- --count 100000 DIR
//! ```
//!
//! DIR gets a `feeds.toml` (an "all" feed and one feed per tag, RSS and
//! Atom, 20 items each) and `articles/` with COUNT articles of about 3 KB:
//! half in the plain-text wire-copy shape with a credit line, half Markdown
//! with TOML front matter, tags, several authors, sources and links. With
//! `--markdown`, every article is Markdown with front matter, as on most
//! blogs. The same arguments always give the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const SUBJECTS: &[&str] = &[
    "The harbour board",
    "City council",
    "The ferry company",
    "Local growers",
    "The regional museum",
    "Transit officials",
    "The football club",
    "A coalition of tenants",
    "The university",
    "Fishermen",
    "The weather service",
    "Organisers of the festival",
    "The port authority",
    "Hospital staff",
];
const VERBS: &[&str] = &[
    "announced",
    "rejected",
    "delayed",
    "approved",
    "questioned",
    "welcomed",
    "postponed",
    "defended",
    "outlined",
    "reviewed",
    "expanded",
    "criticised",
];
const OBJECTS: &[&str] = &[
    "a plan to widen the northern quay",
    "the winter timetable",
    "new limits on evening traffic",
    "a budget for repairs to the old pier",
    "the proposal for a night market",
    "a study of river levels",
    "the schedule for the summer season",
    "an agreement on shared parking",
    "plans for a cycle bridge",
    "the cost of the stadium roof",
    "a pilot scheme for electric buses",
    "the rules for street stalls",
];
const CODAS: &[&str] = &[
    "after a long meeting on Tuesday",
    "despite objections from residents",
    "ahead of the holiday weekend",
    "following months of talks",
    "in a statement released on Friday",
    "at a crowded public hearing",
    "to the surprise of many observers",
    "after an independent review",
];
const TAGS: &[&str] = &[
    "politics",
    "transport",
    "sport",
    "culture",
    "weather",
    "business",
    "health",
    "education",
    "environment",
    "science",
    "housing",
    "food",
];
const PEOPLE: &[(&str, &str)] = &[
    ("Ana Lima", "ana.lima"),
    ("Tom Bell", "tom.bell"),
    ("Ruth Ng", "ruth.ng"),
    ("Idris Okafor", "idris.okafor"),
    ("Camille Roux", "camille.roux"),
    ("Jonas Berg", "jonas.berg"),
    ("Mei Tanaka", "mei.tanaka"),
    ("Omar Haddad", "omar.haddad"),
];
const SOURCES: &[&str] = &[
    "Reuters",
    "Agence France-Presse",
    "the Associated Press",
    "the Island Courier",
    "Harbour Radio",
];

/// SplitMix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

fn sentence(rng: &mut Rng) -> String {
    format!(
        "{} {} {} {}.",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(CODAS)
    )
}

fn paragraph(rng: &mut Rng) -> String {
    let count = 3 + rng.next() % 3;
    (0..count)
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

/// About 3 KB of body: paragraphs until the size is reached.
fn paragraphs(rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::new();
    let mut size = 0;
    while size < 2900 {
        let p = paragraph(rng);
        size += p.len() + 2;
        out.push(p);
    }
    out
}

fn article(i: usize, markdown_only: bool) -> (PathBuf, String) {
    let mut rng = Rng(i as u64);
    let day = i % 3650;
    let (year, rest) = (2015 + day / 365, day % 365);
    let date = format!("{year}-{:02}-{:02}", 1 + rest / 31 % 12, 1 + rest % 28);
    let folder = format!("{year}/{:02}", 1 + rest / 31 % 12);
    let headline = sentence(&mut rng).trim_end_matches('.').to_owned();
    let body = paragraphs(&mut rng);
    let source = rng.pick(SOURCES).to_owned();
    if i.is_multiple_of(2) && !markdown_only {
        let text = format!(
            "{headline}\n\n{}\n\n(Adapted from a report by {source})\n",
            body.join("\n\n")
        );
        (
            PathBuf::from(format!("{folder}/{date}-story-{i}.txt")),
            text,
        )
    } else {
        let tags: Vec<String> = (0..1 + rng.next() % 3)
            .map(|_| format!("\"{}\"", rng.pick(TAGS)))
            .collect();
        let authors: Vec<String> = (0..1 + rng.next() % 3)
            .map(|_| {
                let (name, user) = rng.pick(PEOPLE);
                format!("{{ name = \"{name}\", email = \"{user}@news.example.org\" }}")
            })
            .collect();
        let mut text = String::new();
        let _ = write!(
            text,
            "+++\ntitle = \"{headline}\"\ndate = {date}T{:02}:{:02}:00+01:00\ntags = [{}]\nauthors = [{}]\n\
             source = {{ name = \"{source}\", url = \"https://wire.example.com/{i}\" }}\n+++\n\n",
            rng.next() % 24,
            rng.next() % 60,
            tags.join(", "),
            authors.join(", ")
        );
        for (n, p) in body.iter().enumerate() {
            if n == 1 {
                let _ = write!(
                    text,
                    "## Background\n\n{p} See [the earlier report](../story-{}/).\n\n",
                    i / 2
                );
            } else {
                let _ = write!(text, "{p}\n\n");
            }
        }
        (PathBuf::from(format!("{folder}/{date}-story-{i}.md")), text)
    }
}

const CONFIG: &str = r#"[site]
title = "Synthetic News"
base_url = "https://news.example.org/"
description = "A generated corpus for byline's benchmarks."
language = "en"
timezone = "Europe/Paris"
article_url = "{year}/{month}/{slug}/"
authors = [{ name = "Newsdesk", email = "desk@news.example.org" }]

[[feeds]]
rss = "feed.xml"
atom = "atom.xml"
limit = 20

[[feeds]]
for_each_tag = true
rss = "tags/{tag}.xml"
atom = "tags/{tag}.atom"
limit = 20
"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut count = 10_000;
    let mut dir = None;
    let mut markdown_only = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--count" => {
                count = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--count takes a number")
            }
            "--markdown" => markdown_only = true,
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.expect("usage: gen-corpus [--count N] [--markdown] DIR");
    let articles = dir.join("articles");
    let _ = fs::remove_dir_all(&articles);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    fs::write(dir.join("feeds.toml"), CONFIG).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut bytes = 0;
    for i in 0..count {
        let (path, text) = article(i, markdown_only);
        let path = articles.join(path);
        fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).expect("create folder");
        bytes += text.len();
        fs::write(&path, text).expect("write article");
    }
    eprintln!(
        "wrote {count} articles, {} MB, into {}",
        bytes / 1_000_000,
        articles.display()
    );
}
