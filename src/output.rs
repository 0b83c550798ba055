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

use crate::diagnostic::Diagnostic;
use crate::render::File;
use rayon::prelude::*;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a write did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or replaced.
    pub changed: usize,
    /// Files already on disk with the same bytes.
    pub unchanged: usize,
}

/// Writes `files` under `dir`, all or nothing.
pub fn write_all_atomic(dir: &Path, files: &[File]) -> Result<Written, Diagnostic> {
    write_all_with(dir, files, write_durably)
}

/// [`write_all_atomic`] with the function that writes one temporary file
/// given, so tests can make it fail.
pub fn write_all_with(
    dir: &Path,
    files: &[File],
    write_file: impl Fn(&Path, &[u8]) -> io::Result<()> + Sync,
) -> Result<Written, Diagnostic> {
    remove_stale_temporaries(dir, files);
    // Staged in parallel: most of the time is spent waiting for the disk to
    // confirm each file, and those waits overlap.
    let staging: Vec<Result<Option<(PathBuf, PathBuf)>, Diagnostic>> = files
        .par_iter()
        .map(|file| {
            let target = dir.join(&file.path);
            if fs::read(&target).is_ok_and(|old| old == file.bytes) {
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
        })
        .collect();
    let mut written = Written::default();
    let mut staged = Vec::new();
    let mut failure = None;
    for result in staging {
        match result {
            Ok(Some(pair)) => staged.push(pair),
            Ok(None) => written.unchanged += 1,
            Err(problem) => {
                failure.get_or_insert(problem);
            }
        }
    }
    if let Some(problem) = failure {
        discard(&staged);
        return Err(problem);
    }
    for (index, (temporary, target)) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(temporary, target) {
            discard(&staged[index..]);
            return Err(Diagnostic::error(
                target,
                format!("cannot replace the feed: {e}"),
            ));
        }
        written.changed += 1;
    }
    Ok(written)
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

/// Removes temporary files that a killed build left behind in the folders
/// this build writes to. Only those of processes that no longer run are
/// removed, so a concurrent build keeps its own; where the process table
/// cannot be read (no `/proc`), nothing is removed.
fn remove_stale_temporaries(dir: &Path, files: &[File]) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|file| dir.join(&file.path).parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        let Ok(entries) = fs::read_dir(&folder) else {
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
                unchanged: 0
            }
        );
        assert_eq!(fs::read_to_string(dir.join("tags/a.xml")).unwrap(), "two");
        assert_eq!(
            write_all_atomic(&dir, &files).unwrap(),
            Written {
                changed: 0,
                unchanged: 2
            }
        );
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
        assert_eq!(listing(&dir), [alive, "feed.xml".to_owned()]);
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
            ["a.xml", "b.xml"],
            "no temporary file is left"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
