//! Writing the rendered files: all or nothing, for each file and for the
//! whole set.
//!
//! A build goes in three steps, and whatever happens on the way (a disk
//! error, a rename that fails, the process killed between two renames),
//! the folder ends up holding every file of the previous build or every
//! file of the new one, never a mix:
//!
//! 1. **Stage.** Every file whose bytes are not on disk already is written
//!    in full to a hidden temporary file beside its place and flushed. If
//!    one cannot be written, the others are removed and nothing changed.
//! 2. **Journal.** The list of renames to come (and of the files of the
//!    last build that this one no longer writes) is written to [`JOURNAL`],
//!    with the inode of this build's manifest, staged like the other files.
//!    A hard link to each file about to be replaced keeps the old bytes
//!    under a hidden name. The journal, the manifest and every folder
//!    concerned are then flushed together (one wait for the disk, not one
//!    each). Then the renames run, each one atomic, the manifest last. If
//!    one fails (the path is now a folder, say), every file already renamed
//!    is put back from its link, and the error says that nothing changed.
//! 3. **Commit.** The manifest's rename is the moment the new build
//!    replaces the old: from then on the file at [`MANIFEST`] is the inode
//!    the journal names. The folders are flushed (together again), then the
//!    old links and the files no longer written are removed, and the
//!    journal last. (Where inodes cannot be read, not on Unix, the journal
//!    is marked committed instead, one more flushed write.)
//!
//! A build killed during step 2 leaves a journal whose manifest is not in
//! place: the next build (or [`recover`]) undoes it before anything else,
//! so the old files are all back. Killed during step 3, it leaves a
//! journal whose manifest is in place, which the next build finishes. A
//! journal cut short can only be one that was never flushed, before any
//! rename: it is removed. Folders are flushed (`fsync`) before the first
//! rename and after the last, so this also holds across a power cut on
//! file systems that keep the order of flushed operations. One build at a
//! time writes a folder: the folder is locked while it is changed.
//!
//! A file whose bytes are already on disk is left alone, so unchanged feeds
//! keep their modification times (and HTTP caches stay warm).
//!
//! The folder also holds a manifest, [`MANIFEST`]: the list of files the
//! last build wrote. A file that the previous build wrote and this one does
//! not (the feed of a tag no article uses any more) is removed when the
//! build commits, so its subscribers are not left with a feed that
//! silently stops. A file byline did not write is never removed.

use crate::diagnostic::Diagnostic;
use rayon::prelude::*;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The name of the manifest in the output folder: one path a line, sorted,
/// relative to the folder, after a comment line.
pub const MANIFEST: &str = ".byline-manifest";

/// The name of the record of archive pages in the output folder: for each
/// archive page the last build wrote, a digest of what it holds and its
/// size, so that the next build keeps a page whose inputs have not changed
/// without rendering it again. One page a line, `digest size path`, sorted
/// by path, after a comment line. Not listed in the manifest.
pub const PAGES: &str = ".byline-pages";

/// The first line of the record of archive pages.
const PAGES_HEADER: &str =
    "# Archive pages written by byline build: digest of their inputs, size, path.";

/// What the last build recorded of its archive pages, by path.
#[derive(Debug, Default)]
pub struct Pages {
    dir: PathBuf,
    pages: std::collections::HashMap<String, (u64, u64)>,
}

impl Pages {
    /// The record in `dir`; empty when there is none or it is damaged.
    pub fn read(dir: &Path) -> Pages {
        let text = fs::read_to_string(dir.join(PAGES)).unwrap_or_default();
        let pages = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut parts = line.splitn(3, ' ');
                let digest = u64::from_str_radix(parts.next()?, 16).ok()?;
                let size = parts.next()?.parse().ok()?;
                let path = parts.next().filter(|p| is_inside(p))?;
                Some((path.to_owned(), (digest, size)))
            })
            .collect();
        Pages {
            dir: dir.to_owned(),
            pages,
        }
    }

    /// The size of the file at `path` when the last build recorded it with
    /// `digest` and it is on disk with the size recorded: then it holds
    /// what this build would write there, and need not be rendered.
    pub fn holds(&self, path: &str, digest: u64) -> Option<u64> {
        let &(recorded, size) = self.pages.get(path)?;
        (recorded == digest
            && fs::symlink_metadata(self.dir.join(path))
                .is_ok_and(|m| m.is_file() && m.len() == size))
        .then_some(size)
    }
}

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

/// The record of the archive pages `pages`: path, digest, size.
fn pages_file(pages: &mut [(String, u64, u64)]) -> File {
    pages.sort_unstable();
    let mut text = String::from(PAGES_HEADER);
    text.push('\n');
    for (path, digest, size) in pages.iter() {
        use std::fmt::Write as _;
        let _ = writeln!(text, "{digest:016x} {size} {path}");
    }
    File {
        path: PAGES.to_owned(),
        bytes: text.into_bytes(),
    }
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
/// file beside its place, and puts them all in place only when
/// [`Stager::commit`] is called: memory holds one part at a time, and the
/// writes stay all or nothing (see the module's docs). Dropped without a
/// commit (an error in a later part), it removes its temporary files and
/// no feed changes.
pub struct Stager<W: Fn(&Path, &[u8]) -> io::Result<()> + Sync> {
    dir: PathBuf,
    write_file: W,
    /// What is staged, in the order staged.
    staged: Vec<Staged>,
    /// Every file of this build, staged or already on disk as it is.
    paths: Vec<String>,
    /// The archive pages to record: path, digest, size.
    pages: Vec<(String, u64, u64)>,
    /// What the last build recorded of its archive pages.
    record: Pages,
    unchanged: usize,
    /// The folders already swept of other builds' stale temporaries.
    swept: std::collections::HashSet<PathBuf>,
    /// For tests: stop the commit dead after this many of its steps, as a
    /// killed process would.
    #[cfg(test)]
    halt_after: Option<usize>,
}

/// A file written to its temporary name, waiting to be renamed into place.
#[derive(Debug)]
struct Staged {
    /// Where it goes, relative to the folder.
    path: String,
    /// Its temporary file, relative to the folder.
    temporary: String,
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
            pages: Vec::new(),
            record: Pages::read(dir),
            unchanged: 0,
            swept: std::collections::HashSet::new(),
            #[cfg(test)]
            halt_after: None,
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
        let staging: Vec<Result<Option<Staged>, Diagnostic>> = files
            .par_iter()
            .map(|file| stage_one(dir, file, write_file))
            .collect();
        let mut failure = None;
        for (file, result) in files.iter().zip(staging) {
            self.paths.push(file.path.clone());
            match result {
                Ok(Some(staged)) => self.staged.push(staged),
                Ok(None) => self.unchanged += 1,
                Err(problem) => {
                    failure.get_or_insert(problem);
                }
            }
        }
        match failure {
            Some(problem) => {
                discard(&self.dir, &self.staged);
                self.staged.clear();
                Err(problem)
            }
            None => Ok(()),
        }
    }

    /// What the last build into the folder recorded of its archive pages.
    pub fn record(&self) -> Option<&Pages> {
        Some(&self.record)
    }

    /// Counts the file at `path` as this build's, on disk as it should be
    /// (an archive page the record says is unchanged), and records it
    /// again.
    pub fn keep(&mut self, path: &str, digest: u64, size: u64) {
        self.paths.push(path.to_owned());
        self.unchanged += 1;
        self.remember(path, digest, size);
    }

    /// Records the archive page at `path`, made from inputs whose digest is
    /// `digest`, `size` bytes long.
    pub fn remember(&mut self, path: &str, digest: u64, size: u64) {
        self.pages.push((path.to_owned(), digest, size));
    }

    /// Puts every staged file in place, removes the files of the last build
    /// that this one does not write, and replaces the manifest: all of it,
    /// or (on an error) none of it.
    pub fn commit(mut self) -> Result<Written, Diagnostic> {
        let dir = self.dir.clone();
        fs::create_dir_all(&dir)
            .map_err(|e| Diagnostic::error(&dir, format!("cannot make the output folder: {e}")))?;
        let _lock = lock(&dir)?;
        // A build killed while committing into the folder since this one
        // staged is finished or undone first.
        recover_locked(&dir)?;
        let mut leftovers = leftovers_of(&dir, self.paths.iter().map(String::as_str));
        let manifest = manifest_file(&self.paths);
        let mut written = Written {
            unchanged: self.unchanged,
            ..Written::default()
        };
        // The record of archive pages, put in place with the rest.
        let mut flushes = Vec::new();
        if self.pages.is_empty() {
            if fs::symlink_metadata(dir.join(PAGES)).is_ok_and(|m| m.is_file()) {
                leftovers.push(PAGES.to_owned());
            }
        } else {
            let record = pages_file(&mut self.pages);
            if !same_bytes(&dir.join(PAGES), &record.bytes) {
                let temporary = temporary_path(&dir.join(PAGES));
                if let Err(e) = write_unflushed(&temporary, &record.bytes) {
                    let _ = fs::remove_file(&temporary);
                    return Err(Diagnostic::error(
                        dir.join(PAGES),
                        format!("cannot write the record of archive pages: {e}"),
                    )
                    .with_help("nothing was changed; the previous build's files are in place"));
                }
                flushes.push(Flush::File(temporary.clone()));
                self.staged.push(Staged {
                    path: PAGES.to_owned(),
                    temporary: relative(&dir, &temporary),
                });
            }
        }
        if self.staged.is_empty()
            && leftovers.is_empty()
            && same_bytes(&dir.join(MANIFEST), &manifest.bytes)
        {
            return Ok(written);
        }
        // The manifest is always renamed last, even when its bytes are the
        // same: that rename is the commit (see `Journal::committed`).
        let manifest_temporary = temporary_path(&dir.join(MANIFEST));
        let manifest_inode = match write_unflushed(&manifest_temporary, &manifest.bytes)
            .and_then(|()| inode(&manifest_temporary))
        {
            Ok(inode) => inode,
            Err(e) => {
                let _ = fs::remove_file(&manifest_temporary);
                return Err(Diagnostic::error(
                    dir.join(MANIFEST),
                    format!("cannot write the manifest: {e}"),
                )
                .with_help("nothing was changed; the previous build's files are in place"));
            }
        };
        self.staged.push(Staged {
            path: MANIFEST.to_owned(),
            temporary: relative(&dir, &manifest_temporary),
        });
        let staged = std::mem::take(&mut self.staged);
        let journal = Journal {
            committed: false,
            manifest: manifest_inode,
            steps: staged
                .iter()
                .map(|staged| Step {
                    backup: fs::symlink_metadata(dir.join(&staged.path))
                        .is_ok_and(|m| !m.is_dir())
                        .then(|| backup_path(&staged.path)),
                    path: staged.path.clone(),
                    temporary: staged.temporary.clone(),
                })
                .collect(),
            remove: leftovers,
        };
        let folders = journal.folders(&dir);
        let mut done = 0;
        // Where tests stop a commit, as a kill would.
        let mut halt = || {
            done += 1;
            #[cfg(test)]
            if self.halt_after.is_some_and(|n| done > n) {
                return true;
            }
            false
        };
        if halt() {
            return Err(Diagnostic::error(&dir, "halted"));
        }
        if let Err(e) = journal.write(&dir) {
            discard(&dir, &staged);
            let _ = fs::remove_file(dir.join(JOURNAL));
            return Err(Diagnostic::error(
                dir.join(JOURNAL),
                format!("cannot write the journal: {e}"),
            )
            .with_help("nothing was changed; the previous build's files are in place"));
        }
        // The old bytes of every file about to be replaced, kept under a
        // second name until the build commits.
        for step in &journal.steps {
            let Some(backup) = &step.backup else { continue };
            if halt() {
                return Err(Diagnostic::error(&dir, "halted"));
            }
            if let Err(e) = keep_old(&dir.join(&step.path), &dir.join(backup)) {
                return Err(undo(
                    &dir,
                    &journal,
                    &step.path,
                    "cannot keep the old file",
                    &e,
                ));
            }
        }
        // The journal, the manifest and the links (and the names of every
        // temporary file) must be on disk before the first rename: flushed
        // together, so the waits overlap.
        let mut first = flushes;
        first.push(Flush::File(dir.join(JOURNAL)));
        first.push(Flush::File(manifest_temporary.clone()));
        first.extend(folders.iter().cloned().map(Flush::Folder));
        if let Err(e) = flush(first) {
            return Err(undo(
                &dir,
                &journal,
                JOURNAL,
                "cannot flush the journal",
                &e,
            ));
        }
        for step in &journal.steps {
            if halt() {
                return Err(Diagnostic::error(&dir, "halted"));
            }
            if let Err(e) = fs::rename(dir.join(&step.temporary), dir.join(&step.path)) {
                return Err(undo(
                    &dir,
                    &journal,
                    &step.path,
                    "cannot replace the file",
                    &e,
                ));
            }
        }
        // The manifest's rename, the last one, was the commit. Where
        // inodes cannot be read, the journal says so instead.
        let journal = if journal.manifest.is_none() {
            let committed = Journal {
                committed: true,
                ..journal
            };
            if let Err(e) = committed.write(&dir).and_then(|()| {
                flush(vec![
                    Flush::File(dir.join(JOURNAL)),
                    Flush::Folder(dir.clone()),
                ])
            }) {
                return Err(undo(
                    &dir,
                    &committed,
                    JOURNAL,
                    "cannot commit the journal",
                    &e,
                ));
            }
            committed
        } else {
            journal
        };
        // The renames are on disk before their backups go.
        let _ = flush(folders.into_iter().map(Flush::Folder).collect());
        written.changed_paths = staged
            .iter()
            .map(|s| s.path.clone())
            .filter(|path| path != MANIFEST && path != PAGES)
            .collect();
        written.changed = written.changed_paths.len();
        if halt() {
            return Err(Diagnostic::error(&dir, "halted"));
        }
        written.removed = journal.finish(&dir);
        Ok(written)
    }
}

impl<W: Fn(&Path, &[u8]) -> io::Result<()> + Sync> Drop for Stager<W> {
    fn drop(&mut self) {
        discard(&self.dir, &self.staged);
    }
}

/// The name of the journal in the output folder: it exists only while a
/// build puts its files in place (see the module's docs).
pub const JOURNAL: &str = ".byline-journal";

/// The renames of one build, written before the first of them: what the
/// next build needs to undo them (not committed) or finish them
/// (committed). Paths are relative to the output folder.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Journal {
    /// Every rename is done and flushed: the new build stands. Written
    /// only where inodes cannot be read; elsewhere see `manifest`.
    committed: bool,
    /// The inode of this build's manifest, renamed last: once the file at
    /// [`MANIFEST`] is that inode, the build is committed.
    #[serde(default)]
    manifest: Option<u64>,
    /// The renames, in the order they are done.
    steps: Vec<Step>,
    /// The files of the last build that this one no longer writes, removed
    /// once it is committed.
    remove: Vec<String>,
}

/// One file of a build put in place.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Step {
    /// Where the file goes.
    path: String,
    /// Its temporary file.
    temporary: String,
    /// Where the old file's bytes are kept, when there was an old file.
    backup: Option<String>,
}

impl Journal {
    /// Writes the journal atomically, replacing any other; not flushed
    /// (the caller flushes it with the other files that must be on disk
    /// before the first rename).
    fn write(&self, dir: &Path) -> io::Result<()> {
        let bytes = serde_json::to_vec(self).map_err(io::Error::other)?;
        let temporary = temporary_path(&dir.join(JOURNAL));
        let written = write_unflushed(&temporary, &bytes)
            .and_then(|()| {
                if self.committed {
                    fs::OpenOptions::new()
                        .write(true)
                        .open(&temporary)?
                        .sync_all()
                } else {
                    Ok(())
                }
            })
            .and_then(|()| fs::rename(&temporary, dir.join(JOURNAL)));
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written
    }

    /// Whether the build stands: its manifest is in place (or, where
    /// inodes cannot be read, the journal was marked committed).
    fn is_committed(&self, dir: &Path) -> bool {
        self.committed
            || self
                .manifest
                .is_some_and(|ino| inode(&dir.join(MANIFEST)).ok().flatten() == Some(ino))
    }

    /// The journal in `dir`, if there is one.
    fn read(dir: &Path) -> Result<Option<Journal>, Diagnostic> {
        let path = dir.join(JOURNAL);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Diagnostic::error(
                    &path,
                    format!("cannot read the journal: {e}"),
                ));
            }
        };
        let journal: Journal = match serde_json::from_slice(&bytes) {
            Ok(journal) => journal,
            // Cut short: only a power cut before it was flushed does that,
            // and no file is renamed before it is flushed.
            Err(e) if e.is_eof() => {
                remove_if_there(&path).map_err(|e| {
                    Diagnostic::error(&path, format!("cannot remove the journal: {e}"))
                })?;
                return Ok(None);
            }
            Err(e) => {
                return Err(Diagnostic::error(&path, format!("the journal is damaged: {e}")).with_help(
                    "it is not byline's, or a disk error broke it; compare the folder with a fresh build, then remove it",
                ));
            }
        };
        let every_path = journal.steps.iter().flat_map(|step| {
            [
                Some(&step.path),
                Some(&step.temporary),
                step.backup.as_ref(),
            ]
            .into_iter()
            .flatten()
        });
        if !every_path.chain(&journal.remove).all(|p| is_inside(p)) {
            return Err(
                Diagnostic::error(&path, "the journal names a file outside the folder")
                    .with_help("it is not byline's; remove it"),
            );
        }
        Ok(Some(journal))
    }

    /// Every folder the journal's files are in, the output folder first.
    fn folders(&self, dir: &Path) -> Vec<PathBuf> {
        let mut folders = vec![dir.to_path_buf()];
        for step in &self.steps {
            if let Some(parent) = dir.join(&step.path).parent()
                && !folders.iter().any(|f| f == parent)
            {
                folders.push(parent.to_path_buf());
            }
        }
        folders
    }

    /// Undoes the renames: every file back as the last build left it.
    /// Returns the first file that could not be put back, and why.
    fn roll_back(&self, dir: &Path) -> Result<(), (String, io::Error)> {
        let mut first_error = None;
        for step in self.steps.iter().rev() {
            let target = dir.join(&step.path);
            let temporary = dir.join(&step.temporary);
            let result = match &step.backup {
                // When the rename has not happened yet, the backup and the
                // target are one file, and this rename does nothing.
                Some(backup) if fs::symlink_metadata(dir.join(backup)).is_ok() => {
                    fs::rename(dir.join(backup), &target)
                        .and_then(|()| remove_if_there(&dir.join(backup)))
                }
                Some(_) => Ok(()),
                // A new file: it is this build's once its temporary is gone.
                None if fs::symlink_metadata(&temporary).is_err()
                    && fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) =>
                {
                    fs::remove_file(&target).map(|()| {
                        remove_empty_folders(dir, Path::new(&step.path));
                    })
                }
                None => Ok(()),
            };
            let _ = remove_if_there(&temporary);
            if let Err(e) = result {
                first_error.get_or_insert((step.path.clone(), e));
            }
        }
        sync_folders(&self.folders(dir));
        match first_error {
            None => {
                remove_if_there(&dir.join(JOURNAL)).map_err(|e| (JOURNAL.to_owned(), e))?;
                sync_folders(&[dir.to_path_buf()]);
                Ok(())
            }
            Some(error) => Err(error),
        }
    }

    /// Finishes a committed build: removes the old files' backups and the
    /// files no longer written, then the journal. Returns how many of
    /// those files were removed.
    fn finish(&self, dir: &Path) -> usize {
        let mut removed = 0;
        for path in &self.remove {
            if fs::symlink_metadata(dir.join(path)).is_ok_and(|m| m.is_file())
                && fs::remove_file(dir.join(path)).is_ok()
            {
                removed += 1;
                remove_empty_folders(dir, Path::new(path));
            }
        }
        for step in &self.steps {
            let _ = remove_if_there(&dir.join(&step.temporary));
            if let Some(backup) = &step.backup {
                let _ = remove_if_there(&dir.join(backup));
            }
        }
        // Not flushed: should the removal be lost, the next build finds the
        // committed journal and finishes again, which changes nothing.
        let _ = remove_if_there(&dir.join(JOURNAL));
        removed
    }
}

/// Undoes a build whose renames stopped at `path`, and says so: the error
/// that stopped it, and whether every old file is back.
fn undo(dir: &Path, journal: &Journal, path: &str, what: &str, e: &io::Error) -> Diagnostic {
    let problem = Diagnostic::error(dir.join(path), format!("{what}: {e}"));
    match journal.roll_back(dir) {
        Ok(()) => problem.with_help("nothing was changed: every file of the previous build is back in place"),
        Err((stuck, again)) => problem.with_help(format!(
            "`{stuck}` could not be put back ({again}); the next `byline build` puts the previous build's files back before anything else"
        )),
    }
}

/// Finishes or undoes what a build killed while putting its files in place
/// left in `dir` (see the module's docs): afterwards the folder holds every
/// file of one build. Does nothing when there is no journal, or no folder.
pub fn recover(dir: &Path) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    let _lock = lock(dir)?;
    recover_locked(dir)
}

/// [`recover`], with the folder locked by the caller.
fn recover_locked(dir: &Path) -> Result<(), Diagnostic> {
    let Some(journal) = Journal::read(dir)? else {
        return Ok(());
    };
    if journal.is_committed(dir) {
        journal.finish(dir);
        return Ok(());
    }
    journal.roll_back(dir).map_err(|(stuck, e)| {
        Diagnostic::error(
            dir.join(&stuck),
            format!("cannot put back the file an interrupted build replaced: {e}"),
        )
        .with_help(format!(
            "the journal `{}` lists what is left to undo; fix the cause and build again",
            dir.join(JOURNAL).display()
        ))
    })
}

/// Locks `dir` for this process until the returned handle is dropped,
/// waiting for another build that holds it. Where folders cannot be opened
/// as files (Windows), there is no lock.
fn lock(dir: &Path) -> Result<Option<fs::File>, Diagnostic> {
    if !cfg!(unix) {
        return Ok(None);
    }
    let folder = fs::File::open(dir)
        .map_err(|e| Diagnostic::error(dir, format!("cannot open the output folder: {e}")))?;
    folder.lock().map_err(|e| {
        Diagnostic::error(dir, format!("cannot lock the output folder: {e}"))
            .with_help("another program holds it; wait for it to finish")
    })?;
    Ok(Some(folder))
}

/// Flushes the names in each folder to disk, so that the renames and
/// removals in them survive a power cut.
fn sync_folders(folders: &[PathBuf]) {
    let _ = flush(folders.iter().cloned().map(Flush::Folder).collect());
}

/// Something to flush to disk.
enum Flush {
    /// A file's bytes: an error if it cannot be flushed.
    File(PathBuf),
    /// The names in a folder. Only where folders can be opened as files
    /// (not Windows), and at best: a file system that cannot flush a folder
    /// (some network ones) is not an error.
    Folder(PathBuf),
}

/// Flushes every item at once, a few threads each waiting for the disk,
/// so the waits overlap (most file systems then make one journal commit
/// for all of them); the first error, once all are done.
fn flush(items: Vec<Flush>) -> io::Result<()> {
    const THREADS: usize = 16;
    let one = |item: &Flush| match item {
        Flush::File(path) => fs::OpenOptions::new().write(true).open(path)?.sync_all(),
        Flush::Folder(path) => {
            if cfg!(unix)
                && let Ok(handle) = fs::File::open(path)
            {
                let _ = handle.sync_all();
            }
            Ok(())
        }
    };
    if items.len() <= 1 {
        return items.iter().try_for_each(one);
    }
    let chunk = items.len().div_ceil(THREADS);
    std::thread::scope(|scope| {
        let threads: Vec<_> = items
            .chunks(chunk)
            .map(|chunk| scope.spawn(move || chunk.iter().try_for_each(one)))
            .collect();
        threads
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err(io::Error::other("a flush panicked")))
            })
            .fold(Ok(()), Result::and)
    })
}

/// The inode of the file at `path`, where file systems have them.
fn inode(path: &Path) -> io::Result<Option<u64>> {
    let metadata = fs::symlink_metadata(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(Some(metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        Ok(None)
    }
}

/// Keeps the bytes of `old` under the name `backup`: a hard link where the
/// file system has them, else a copy (made under a temporary name, so a
/// backup is always whole).
fn keep_old(old: &Path, backup: &Path) -> io::Result<()> {
    remove_if_there(backup)?;
    if fs::hard_link(old, backup).is_ok() {
        return Ok(());
    }
    let temporary = temporary_path(backup);
    let copied = fs::read(old)
        .and_then(|bytes| write_durably(&temporary, &bytes))
        .and_then(|()| fs::rename(&temporary, backup));
    if copied.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    copied
}

/// Where the old bytes of the file at `path` are kept during a commit.
fn backup_path(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((folder, name)) => format!("{folder}/.{name}.byline-old"),
        None => format!(".{path}.byline-old"),
    }
}

/// Removes a file; one that is not there is not an error.
fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes the temporary file of one file, unless its bytes are on disk
/// already.
fn stage_one(
    dir: &Path,
    file: &File,
    write_file: &(impl Fn(&Path, &[u8]) -> io::Result<()> + Sync),
) -> Result<Option<Staged>, Diagnostic> {
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
        Ok(()) => Ok(Some(Staged {
            path: file.path.clone(),
            temporary: relative(dir, &temporary),
        })),
        Err(e) => {
            let _ = fs::remove_file(&temporary);
            Err(
                Diagnostic::error(&target, format!("cannot write the feed: {e}"))
                    .with_help("nothing was written; the previous feeds are unchanged"),
            )
        }
    }
}

/// `path` relative to `dir`, `/`-separated.
fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
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

/// Writes a file, not flushed yet.
fn write_unflushed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fs::File::create(path)?.write_all(bytes)
}

/// Writes a file and flushes it to disk before it is renamed into place.
fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Removes temporary files that will not be renamed.
fn discard(dir: &Path, staged: &[Staged]) {
    for staged in staged {
        let _ = fs::remove_file(dir.join(&staged.temporary));
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

    /// Every file under `dir`, hidden ones included, by relative path.
    fn tree(dir: &Path) -> std::collections::BTreeMap<String, String> {
        let mut files = std::collections::BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(folder) = stack.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.insert(relative(dir, &path), fs::read_to_string(&path).unwrap());
                }
            }
        }
        files
    }

    #[test]
    fn a_rename_that_fails_puts_every_file_back() {
        for blocked in ["a.xml", "tags/b.xml", "z.xml"] {
            let dir = scratch("blocked");
            let old = [
                file("a.xml", "old a"),
                file("tags/b.xml", "old b"),
                file("z.xml", "old z"),
                file("gone.xml", "old gone"),
            ];
            write_all_atomic(&dir, &old).unwrap();
            fs::remove_file(dir.join(blocked)).unwrap();
            fs::create_dir_all(dir.join(blocked).join("inside")).unwrap();
            let before = tree(&dir);
            let new = [
                file("a.xml", "new a"),
                file("tags/b.xml", "new b"),
                file("z.xml", "new z"),
                file("new.xml", "new"),
            ];
            let error = write_all_atomic(&dir, &new).unwrap_err().to_string();
            assert!(
                error.contains(&format!("{blocked}: error: cannot replace the file: ")),
                "{error}"
            );
            assert!(
                error.contains("nothing was changed: every file of the previous build is back"),
                "{error}"
            );
            assert_eq!(tree(&dir), before, "{blocked}: every other file as it was");
            fs::remove_dir_all(&dir).unwrap();
        }
    }

    #[test]
    fn a_commit_stopped_at_any_step_is_undone_or_finished_by_the_next_build() {
        let old = [
            file("a.xml", "old a"),
            file("tags/b.xml", "old b"),
            file("gone.xml", "old gone"),
            file("same.xml", "same"),
        ];
        let new = [
            file("a.xml", "new a"),
            file("tags/b.xml", "new b"),
            file("same.xml", "same"),
            file("c/new.xml", "new c"),
        ];
        let state = |files: &[File]| {
            let dir = scratch("state");
            write_all_atomic(&dir, files).unwrap();
            let state = tree(&dir);
            fs::remove_dir_all(&dir).unwrap();
            state
        };
        let (old_state, new_state) = (state(&old), state(&new));
        let mut outcomes = Vec::new();
        for steps in 0.. {
            let dir = scratch("halted");
            write_all_atomic(&dir, &old).unwrap();
            let mut stager = Stager::new(&dir);
            stager.halt_after = Some(steps);
            stager.stage(&new).unwrap();
            let finished = stager.commit().is_ok();
            recover(&dir).unwrap();
            // Temporary files not yet in the journal are this (live)
            // process's here; the next build removes a dead one's.
            let mut now = tree(&dir);
            now.retain(|path, _| !path.ends_with(".byline-tmp"));
            assert!(
                now == old_state || now == new_state,
                "stopped after {steps} steps: {now:#?}"
            );
            outcomes.push(now == new_state);
            fs::remove_dir_all(&dir).unwrap();
            if finished {
                break;
            }
        }
        // The journal, 3 backups (a, b, the manifest), 4 renames (a, b,
        // c/new, the manifest, which commits), the clean-up: the build
        // stands from the manifest's rename on.
        assert_eq!(
            outcomes,
            [[false; 8].as_slice(), &[true; 2]].concat(),
            "old until the manifest is renamed, new after it"
        );
    }

    #[test]
    fn a_journal_cut_short_was_never_acted_on_and_is_removed() {
        let dir = scratch("torn");
        write_all_atomic(&dir, &[file("a.xml", "old a")]).unwrap();
        let before = tree(&dir);
        fs::write(dir.join(JOURNAL), "{\"committed\":false,\"steps\":[{\"pa").unwrap();
        recover(&dir).unwrap();
        assert_eq!(tree(&dir), before);
        fs::write(dir.join(JOURNAL), "not a journal").unwrap();
        let error = recover(&dir).unwrap_err().to_string();
        assert!(error.contains("the journal is damaged"), "{error}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
