//! Fixtures in scratch folders, running the binary, and checking what it wrote.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository's root.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder of `tests/cli/fixtures`.
pub(crate) fn fixture_source(name: &str) -> PathBuf {
    repo().join("tests/cli/fixtures").join(name)
}

/// The sample site at the repository's root, built into a scratch
/// folder's `public/`: the folder (kept alive) and the files built. The
/// build is `--locked`: it never writes the repository's `byline.lock`,
/// and fails when that is out of date.
pub(crate) fn sample_site() -> (Scratch, BTreeMap<String, Vec<u8>>) {
    let out = Scratch::new();
    let config = repo().join("feeds.toml");
    let run = out.run(&[
        "build",
        "--locked",
        "--config",
        config.to_str().unwrap(),
        "--out",
        "public",
    ]);
    run.assert_code(0);
    let files = out.files("public");
    (out, files)
}

/// A scratch folder, removed when dropped.
pub(crate) struct Scratch {
    pub(crate) dir: PathBuf,
}

impl Scratch {
    /// An empty scratch folder.
    pub(crate) fn new() -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("byline-test-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch { dir }
    }

    /// A copy of a fixture (without its `expected/` folder).
    pub(crate) fn fixture(name: &str) -> Scratch {
        let scratch = Scratch::new();
        copy_tree(&fixture_source(name), &scratch.dir);
        let _ = fs::remove_dir_all(scratch.dir.join("expected"));
        scratch
    }

    /// A minimal site: one feed in both formats, a default author, and
    /// `extra` appended to `[site]`.
    pub(crate) fn site(extra: &str) -> Scratch {
        let scratch = Scratch::new();
        scratch.write(
            "feeds.toml",
            format!(
                "[site]\ntitle = \"Test\"\nbase_url = \"https://test.example.org/\"\nauthors = [\"Desk\"]\n{extra}\n\n\
                 [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\n"
            ),
        );
        scratch
    }

    /// Writes a file, creating its folders.
    pub(crate) fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.dir.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// Removes a file.
    #[track_caller]
    pub(crate) fn remove(&self, relative: &str) {
        let path = self.dir.join(relative);
        fs::remove_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// Runs `byline ARGS` in this folder.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        Run::of(
            Command::new(env!("CARGO_BIN_EXE_byline")).args(args),
            &self.dir,
        )
    }

    /// Runs `byline ARGS` in this folder with its address space limited to
    /// `mib` MiB (`ulimit -v`), so that a build whose memory runs away fails
    /// here instead of taking the machine down. Virtual memory bounds the
    /// resident memory too. glibc reserves 64 MiB of address space for each
    /// extra malloc arena, and makes more when threads contend (as they do
    /// on a loaded machine), so arenas are capped at two: the limit then
    /// measures what byline uses, not how busy the machine is.
    #[cfg(unix)]
    pub(crate) fn run_limited(&self, mib: u64, args: &[&str]) -> Run {
        let mut command = Command::new("sh");
        command
            .env("MALLOC_ARENA_MAX", "2")
            .arg("-c")
            .arg(format!("ulimit -v {}; exec \"$0\" \"$@\"", mib * 1024))
            .arg(env!("CARGO_BIN_EXE_byline"))
            .args(args);
        Run::of(&mut command, &self.dir)
    }

    /// Every feed under `relative`, by path relative to it: every file but
    /// byline's manifest (see [`Scratch::manifest`]), its record of archive
    /// pages, and the OPML list of the feeds (see [`Scratch::opml`]).
    pub(crate) fn files(&self, relative: &str) -> BTreeMap<String, Vec<u8>> {
        let mut files = files_under(&self.dir.join(relative));
        files.remove(byline::output::MANIFEST);
        files.remove(byline::output::PAGES);
        files.remove(byline::config::DEFAULT_OPML);
        files
    }

    /// The OPML list of the feeds in the folder `relative`, at its default
    /// place.
    pub(crate) fn opml(&self, relative: &str) -> String {
        let path = self.dir.join(relative).join(byline::config::DEFAULT_OPML);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The paths byline's manifest in the folder `relative` lists.
    pub(crate) fn manifest(&self, relative: &str) -> Vec<String> {
        byline::output::manifest(&self.dir.join(relative))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// What a run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Runs a command in `dir` and keeps what it said.
    fn of(command: &mut Command, dir: &Path) -> Run {
        let output = command.current_dir(dir).output().unwrap();
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// The error lines of stderr.
    pub(crate) fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .collect()
    }

    /// The warning lines of stderr (`path: warning: …` and `warning[Rule]`).
    pub(crate) fn warnings(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": warning"))
            .collect()
    }

    /// Asserts that stderr holds `text`, showing stderr when it does not.
    #[track_caller]
    pub(crate) fn assert_says(&self, text: &str) -> &Run {
        assert!(self.stderr.contains(text), "{}", self.stderr);
        self
    }

    /// Asserts the exit code, showing stderr when it differs.
    #[track_caller]
    pub(crate) fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "stderr:\n{}", self.stderr);
        self
    }
}

/// Copies the folder `from` into `to`, recursively.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, keyed by its `/`-separated relative path; none
/// when there is no such folder.
pub(crate) fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// Compares produced files with `fixtures/<name>/expected/`, failing on any
/// difference, on a missing file and on an extra one. With `BYLINE_BLESS=1`
/// it writes the expected files instead.
#[track_caller]
pub(crate) fn assert_golden(name: &str, produced: &BTreeMap<String, Vec<u8>>) {
    let expected_dir = fixture_source(name).join("expected");
    if std::env::var_os("BYLINE_BLESS").is_some() {
        let _ = fs::remove_dir_all(&expected_dir);
        for (path, bytes) in produced {
            let target = expected_dir.join(path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, bytes).unwrap();
        }
        return;
    }
    let expected = files_under(&expected_dir);
    assert!(
        !expected.is_empty(),
        "no golden files in {}: run with BYLINE_BLESS=1",
        expected_dir.display()
    );
    let produced_names: Vec<_> = produced.keys().collect();
    let expected_names: Vec<_> = expected.keys().collect();
    assert_eq!(
        produced_names,
        expected_names,
        "the set of files differs from {}",
        expected_dir.display()
    );
    for (path, bytes) in produced {
        let want = &expected[path];
        if bytes != want {
            panic!(
                "{path} differs from its golden file (BYLINE_BLESS=1 regenerates it)\n--- expected\n{}\n--- produced\n{}",
                String::from_utf8_lossy(want),
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

/// Parses XML, failing the test if it is not well-formed or uses an
/// undeclared namespace prefix (roxmltree rejects both).
#[track_caller]
pub(crate) fn xml(bytes: &[u8]) -> roxmltree::Document<'_> {
    let text = std::str::from_utf8(bytes).expect("feeds are UTF-8");
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}"))
}

/// Reads a feed with feed-rs, failing the test if it cannot.
#[track_caller]
pub(crate) fn feed(bytes: &[u8]) -> feed_rs::model::Feed {
    feed_rs::parser::parse(bytes).unwrap_or_else(|e| panic!("feed-rs cannot read it: {e}"))
}

/// An entry's content and summary as feed-rs gives them (empty when it
/// has none).
pub(crate) fn content_and_summary(entry: &feed_rs::model::Entry) -> [String; 2] {
    let content = entry.content.as_ref().and_then(|c| c.body.clone());
    let summary = entry.summary.as_ref().map(|s| s.content.clone());
    [content.unwrap_or_default(), summary.unwrap_or_default()]
}

/// The text of every element named `name` in namespace `ns` (or none).
pub(crate) fn texts<'a>(
    doc: &'a roxmltree::Document<'_>,
    ns: Option<&str>,
    name: &str,
) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == ns)
        .map(|n| n.text().unwrap_or(""))
        .collect()
}
