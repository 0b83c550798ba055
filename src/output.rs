//! Writing the rendered files: all or nothing, each file atomically.
//!
//! Every file is first written in full to a temporary file beside its final
//! place and flushed to disk. Only when all of them are written are they
//! renamed into place, and a rename replaces a file atomically, so a reader,
//! a concurrent build or a crash at any moment sees each feed either whole
//! and old or whole and new, never half of one. If any temporary file
//! cannot be written, the others are removed and no feed changes.
//!
//! A file whose bytes are already on disk is left alone, so unchanged feeds
//! keep their modification times (and HTTP caches stay warm).
//!
//! The folder also holds a manifest, [`MANIFEST`]: the list of files the
//! last build wrote. A file that the previous build wrote and this one does
//! not (the feed of a tag no article uses any more) is removed once every
//! new file is in place, so its subscribers are not left with a feed that
//! silently stops. A file byline did not write is never removed. The
//! manifest is renamed into place last: a build killed before that leaves
//! the old list, and the next build finishes the removal.

use crate::diagnostic::Diagnostic;
use rayon::prelude::*;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The name of the manifest in the output folder: one path a line, sorted,
/// relative to the folder, after a comment line.
pub const MANIFEST: &str = ".byline-manifest";

/// The first line of the manifest.
const MANIFEST_HEADER: &str =
    "# Files written by byline build; it removes those it no longer writes.";

/// What a write did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or replaced.
    pub changed: usize,
    /// Their paths, relative to the folder, in the order they were given.
    pub changed_paths: Vec<String>,
    /// Files already on disk with the same bytes.
    pub unchanged: usize,
    /// Files the previous build wrote that this one no longer does, removed.
    pub removed: usize,
}

/// Writes `files` under `dir`, all or nothing, and removes the files of the
/// previous build that are not among them.
pub fn write_all_atomic(dir: &Path, files: &[File]) -> Result<Written, Diagnostic> {
    write_all_with(dir, files, write_durably)
}

/// The files the last build wrote into `dir`, by the manifest; empty when
/// there is none. Lines that are not plain relative paths are ignored, so a
/// damaged manifest can never point outside the folder.
pub fn manifest(dir: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(dir.join(MANIFEST)) else {
        return Vec::new();
    };
    text.lines()
        .filter(|line| !line.starts_with('#') && is_inside(line))
        .map(str::to_owned)
        .collect()
}

/// The files of the last build that `files` no longer has and that are
/// still on disk: what the next write removes, and what `check` calls stale.
pub fn leftovers(dir: &Path, files: &[File]) -> Vec<String> {
    leftovers_of(dir, files.iter().map(|f| f.path.as_str()))
}

/// [`leftovers`], given the paths of this build's files.
pub fn leftovers_of<'p>(dir: &Path, paths: impl IntoIterator<Item = &'p str>) -> Vec<String> {
    let current: std::collections::HashSet<&str> = paths.into_iter().collect();
    manifest(dir)
        .into_iter()
        .filter(|path| !current.contains(path.as_str()))
        .filter(|path| fs::symlink_metadata(dir.join(path)).is_ok_and(|m| m.is_file()))
        .collect()
}

/// Returns true if and only if `path` is a plain relative path: no root, no
/// `..`, no `.`.
fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// A file to write: where, relative to the output folder, and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Path relative to the output folder.
    pub path: String,
    /// The complete file.
    pub bytes: Vec<u8>,
}

/// The manifest that lists `paths`.
fn manifest_file(paths: &[String]) -> File {
    let mut paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    paths.sort_unstable();
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    File {
        path: MANIFEST.to_owned(),
        bytes: text.into_bytes(),
    }
}

/// [`write_all_atomic`] with the function that writes one temporary file
/// given, so tests can make it fail.
pub fn write_all_with(
    dir: &Path,
    files: &[File],
    write_file: impl Fn(&Path, &[u8]) -> io::Result<()> + Sync,
) -> Result<Written, Diagnostic> {
    let mut stager = Stager::with_writer(dir, write_file);
    stager.stage(files)?;
    stager.commit()
}

/// Writes a build's files in parts as they are made, each to a temporary
/// file beside its place, and renames them all into place only when
/// [`Stager::commit`] is called: memory holds one part at a time, and the
/// writes stay all or nothing. Dropped without a commit (an error in a
/// later part), it removes its temporary files and no feed changes.
pub struct Stager<W: Fn(&Path, &[u8]) -> io::Result<()> + Sync> {
    dir: PathBuf,
    write_file: W,
    /// Temporary files and where they go, in the order staged.
    staged: Vec<(PathBuf, PathBuf)>,
    /// Every file of this build, staged or already on disk as it is.
    paths: Vec<String>,
    unchanged: usize,
    /// The folders already swept of other builds' stale temporaries.
    swept: std::collections::HashSet<PathBuf>,
}

impl Stager<fn(&Path, &[u8]) -> io::Result<()>> {
    /// A stager into `dir` that flushes each file to disk.
    pub fn new(dir: &Path) -> Self {
        Stager::with_writer(dir, write_durably)
    }
}

impl<W: Fn(&Path, &[u8]) -> io::Result<()> + Sync> Stager<W> {
    /// A stager into `dir` that writes each temporary file with `write_file`.
    pub fn with_writer(dir: &Path, write_file: W) -> Self {
        Stager {
            dir: dir.to_owned(),
            write_file,
            staged: Vec::new(),
            paths: Vec::new(),
            unchanged: 0,
            swept: std::collections::HashSet::new(),
        }
    }

    /// Writes the temporary files of `files` (those whose bytes are not on
    /// disk already). On an error every temporary file of this build is
    /// removed.
    pub fn stage(&mut self, files: &[File]) -> Result<(), Diagnostic> {
        let folders: Vec<PathBuf> = files
            .iter()
            .filter_map(|file| self.dir.join(&file.path).parent().map(Path::to_path_buf))
            .filter(|folder| self.swept.insert(folder.clone()))
            .collect();
        remove_stale_temporaries(&folders);
        let dir = &self.dir;
        let write_file = &self.write_file;
        // Staged in parallel: most of the time is spent waiting for the disk
        // to confirm each file, and those waits overlap.
        let staging: Vec<Result<Option<(PathBuf, PathBuf)>, Diagnostic>> = files
            .par_iter()
            .map(|file| stage_one(dir, file, write_file))
            .collect();
        let mut failure = None;
        for (file, result) in files.iter().zip(staging) {
            self.paths.push(file.path.clone());
            match result {
                Ok(Some(pair)) => self.staged.push(pair),
                Ok(None) => self.unchanged += 1,
                Err(problem) => {
                    failure.get_or_insert(problem);
                }
            }
        }
        match failure {
            Some(problem) => {
                discard(&self.staged);
                self.staged.clear();
                Err(problem)
            }
            None => Ok(()),
        }
    }

    /// Renames every staged file into place, removes the files of the last
    /// build that this one does not write, and replaces the manifest last.
    pub fn commit(mut self) -> Result<Written, Diagnostic> {
        let dir = self.dir.clone();
        let leftovers = leftovers_of(&dir, self.paths.iter().map(String::as_str));
        let manifest = manifest_file(&self.paths);
        let manifest_staged = stage_one(&dir, &manifest, &self.write_file)?;
        let staged = std::mem::take(&mut self.staged);
        let mut written = Written {
            unchanged: self.unchanged,
            ..Written::default()
        };
        for (index, (temporary, target)) in staged.iter().enumerate() {
            if let Err(e) = fs::rename(temporary, target) {
                discard(&staged[index..]);
                discard(manifest_staged.as_slice());
                return Err(Diagnostic::error(
                    target,
                    format!("cannot replace the feed: {e}"),
                ));
            }
            written.changed += 1;
            if let Ok(relative) = target.strip_prefix(&dir) {
                written
                    .changed_paths
                    .push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
        // Every new file is in place: the old ones can go, then the new list.
        for path in &leftovers {
            if fs::remove_file(dir.join(path)).is_ok() {
                written.removed += 1;
                remove_empty_folders(&dir, Path::new(path));
            }
        }
        if let Some((temporary, target)) = &manifest_staged
            && let Err(e) = fs::rename(temporary, target)
        {
            let _ = fs::remove_file(temporary);
            return Err(
                Diagnostic::error(target, format!("cannot replace the manifest: {e}")).with_help(
                    "the feeds are written; the next build removes what this one could not",
                ),
            );
        }
        Ok(written)
    }
}

impl<W: Fn(&Path, &[u8]) -> io::Result<()> + Sync> Drop for Stager<W> {
    fn drop(&mut self) {
        discard(&self.staged);
    }
}

/// Writes the temporary file of one file, unless its bytes are on disk
/// already: the temporary file and its target, or `None`.
fn stage_one(
    dir: &Path,
    file: &File,
    write_file: &(impl Fn(&Path, &[u8]) -> io::Result<()> + Sync),
) -> Result<Option<(PathBuf, PathBuf)>, Diagnostic> {
    let target = dir.join(&file.path);
    if same_bytes(&target, &file.bytes) {
        return Ok(None);
    }
    let temporary = temporary_path(&target);
    let result = target
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| write_file(&temporary, &file.bytes));
    match result {
        Ok(()) => Ok(Some((temporary, target))),
        Err(e) => {
            let _ = fs::remove_file(&temporary);
            Err(
                Diagnostic::error(&target, format!("cannot write the feed: {e}"))
                    .with_help("nothing was written; the previous feeds are unchanged"),
            )
        }
    }
}

/// Returns true if and only if the file at `path` holds exactly `bytes`
/// (its size is compared first, so most changed files are not read).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Removes the folders of a removed file that are left empty, up to `dir`
/// (`tags/` once its last feed is gone).
fn remove_empty_folders(dir: &Path, removed: &Path) {
    let mut folder = removed.parent();
    while let Some(relative) = folder.filter(|f| !f.as_os_str().is_empty()) {
        if fs::remove_dir(dir.join(relative)).is_err() {
            return;
        }
        folder = relative.parent();
    }
}

/// Writes a file and flushes it to disk before it is renamed into place.
fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Removes temporary files that will not be renamed.
fn discard(staged: &[(PathBuf, PathBuf)]) {
    for (temporary, _) in staged {
        let _ = fs::remove_file(temporary);
    }
}

/// Removes temporary files that a killed build left behind in `folders`,
/// where this build writes. Only those of processes that no longer run are
/// removed, so a concurrent build keeps its own; where the process table
/// cannot be read (no `/proc`), nothing is removed.
fn remove_stale_temporaries(folders: &[PathBuf]) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    for folder in folders {
        let Ok(entries) = fs::read_dir(folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = temporary_owner(&name.to_string_lossy()) else {
                continue;
            };
            if !Path::new("/proc").join(pid.to_string()).exists() {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The process id in a temporary file's name (`.feed.xml.1234.0.byline-tmp`).
fn temporary_owner(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(".byline-tmp")?;
    let mut parts = stem.rsplit('.');
    let _counter = parts.next()?;
    parts.next()?.parse().ok()
}

/// A temporary name beside `target`, unique to this process and write, and
/// hidden, so that web servers and tools skip it.
fn temporary_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(
        ".{name}.{}.{unique}.byline-tmp",
        std::process::id()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> File {
        File {
            path: path.to_owned(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("byline-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_new_files_and_skips_unchanged_ones() {
        let dir = scratch("skip");
        let files = [file("feed.xml", "one"), file("tags/a.xml", "two")];
        assert_eq!(
            write_all_atomic(&dir, &files).unwrap(),
            Written {
                changed: 2,
                changed_paths: vec!["feed.xml".to_owned(), "tags/a.xml".to_owned()],
                unchanged: 0,
                removed: 0
            }
        );
        assert_eq!(fs::read_to_string(dir.join("tags/a.xml")).unwrap(), "two");
        assert_eq!(
            write_all_atomic(&dir, &files).unwrap(),
            Written {
                changed: 0,
                changed_paths: Vec::new(),
                unchanged: 2,
                removed: 0
            }
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_of_the_last_build_that_are_not_written_again_are_removed() {
        let dir = scratch("leftovers");
        fs::write(dir.join("mine.xml"), "the user's own file").unwrap();
        let first = [file("feed.xml", "1"), file("tags/html.xml", "2")];
        write_all_atomic(&dir, &first).unwrap();
        assert_eq!(manifest(&dir), ["feed.xml", "tags/html.xml"]);
        let written = write_all_atomic(&dir, &[file("feed.xml", "1")]).unwrap();
        assert_eq!(
            written,
            Written {
                changed: 0,
                changed_paths: Vec::new(),
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!dir.join("tags").exists(), "the emptied folder goes too");
        assert_eq!(manifest(&dir), ["feed.xml"]);
        assert_eq!(listing(&dir), [MANIFEST, "feed.xml", "mine.xml"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_manifest_cannot_point_outside_the_folder() {
        let dir = scratch("manifest");
        fs::write(
            dir.join(MANIFEST),
            "# header\n../outside.xml\n/etc/passwd\n./x\nok.xml\n",
        )
        .unwrap();
        assert_eq!(manifest(&dir), ["ok.xml"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed() {
        let dir = scratch("stale");
        assert_eq!(temporary_owner(".feed.xml.4242.7.byline-tmp"), Some(4242));
        assert_eq!(temporary_owner("feed.xml"), None);
        // No process has pid u32::MAX - 1; this test's own process is alive.
        let dead = format!(".feed.xml.{}.0.byline-tmp", u32::MAX - 1);
        let alive = format!(".feed.xml.{}.999.byline-tmp", std::process::id());
        fs::write(dir.join(&dead), "left by a killed build").unwrap();
        fs::write(dir.join(&alive), "a concurrent build's").unwrap();
        write_all_atomic(&dir, &[file("feed.xml", "new")]).unwrap();
        assert_eq!(
            listing(&dir),
            [MANIFEST.to_owned(), alive, "feed.xml".to_owned()]
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failing_write_changes_nothing() {
        let dir = scratch("fail");
        write_all_atomic(&dir, &[file("a.xml", "old a"), file("b.xml", "old b")]).unwrap();
        let new = [file("a.xml", "new a"), file("b.xml", "new b")];
        let error = write_all_with(&dir, &new, |path, bytes| {
            if path.to_string_lossy().contains("b.xml") {
                Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "no space left on device",
                ))
            } else {
                write_durably(path, bytes)
            }
        })
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("b.xml: error: cannot write the feed: no space left"),
            "{error}"
        );
        assert_eq!(fs::read_to_string(dir.join("a.xml")).unwrap(), "old a");
        assert_eq!(fs::read_to_string(dir.join("b.xml")).unwrap(), "old b");
        assert_eq!(
            listing(&dir),
            [MANIFEST, "a.xml", "b.xml"],
            "no temporary file is left"
        );
        assert_eq!(manifest(&dir), ["a.xml", "b.xml"], "the old list stays");
        fs::remove_dir_all(&dir).unwrap();
    }
}
