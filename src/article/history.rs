//! Dates from git: when each article file was added, and last changed.
//!
//! Git is asked only for what some article needs. An article
//! dated in its front matter or its file name needs nothing, so a site
//! whose articles are all dated starts no `git` process at all: articles
//! are first read with [`History::Unread`], and only the few that have no
//! date are read again once git has been asked about their paths, and
//! those paths only. Following renames is the costly part of reading a long
//! history (rename detection compares every file a commit adds with every
//! file it deletes), so it is done only at the commits that added one of
//! those paths. `[build] updated_from_git` needs the last change of every
//! file: one `git log` of the whole folder, without rename detection (a
//! rename is a change either way), read before the articles are.
//!
//! Author dates are used (a rebase keeps them). Nothing here reads the
//! clock.

use chrono::{DateTime, FixedOffset};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What git knows about the articles folder.
#[derive(Debug, Default)]
pub(crate) enum History {
    /// Not asked yet: no article has needed git so far.
    #[default]
    Unread,
    /// Not inside a git work tree (or git is not installed).
    None,
    /// A shallow clone: the commits that added files may be missing.
    Shallow,
    /// When every committed file last changed, by path relative to the
    /// articles folder; when each was added is not known yet.
    Changes(HashMap<PathBuf, DateTime<FixedOffset>>),
    /// The dates of the files git was asked about, by path relative to the
    /// articles folder.
    Dates(HashMap<PathBuf, Dates>),
}

/// When a file was added, and when it last changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dates {
    pub(crate) added: DateTime<FixedOffset>,
    pub(crate) changed: DateTime<FixedOffset>,
}

/// What git says about one file, for resolving its dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum GitFacts {
    /// The articles folder is not in a git work tree.
    #[default]
    NotInGit,
    /// Git has not been asked yet: an article that needs a date from it is
    /// read again once it has been.
    Unread,
    /// The clone is shallow, so the date the file was added is unknown.
    Shallow,
    /// The file is in a work tree but not committed yet.
    Uncommitted,
    /// When the file last changed; when it was added has not been asked.
    Changed(DateTime<FixedOffset>),
    /// The file's first and last commits.
    Committed {
        /// When the file was added (its first commit, through renames).
        added: DateTime<FixedOffset>,
        /// When it last changed.
        changed: DateTime<FixedOffset>,
    },
}

/// Past this many paths, git's log is read for the whole folder rather
/// than for those paths (see [`History::of_paths`]).
const PATHSPEC_LIMIT: usize = 64;

/// The repository the articles folder is in, if any.
enum Repository {
    Outside,
    Shallow,
    Whole,
}

impl History {
    /// What to know before reading the articles: nothing, unless the site
    /// takes `updated` from git (`updated_from_git`), which needs the last
    /// change of every file. Fails only when git itself fails inside a work
    /// tree.
    pub(crate) fn before_loading(dir: &Path, updated_from_git: bool) -> Result<History, String> {
        if !updated_from_git {
            return Ok(History::Unread);
        }
        match repository(dir)? {
            Repository::Outside => return Ok(History::None),
            Repository::Shallow => return Ok(History::Shallow),
            Repository::Whole => {}
        }
        let Some(log) = log(dir, None)? else {
            return Ok(History::Changes(HashMap::new()));
        };
        let mut changes = HashMap::new();
        for commit in commits(&log) {
            for (kind, path) in commit.changes {
                if kind == 'D' {
                    changes.remove(Path::new(path));
                } else {
                    changes.insert(PathBuf::from(path), commit.date);
                }
            }
        }
        Ok(History::Changes(changes))
    }

    /// The log of the whole folder `dir`, as [`History::of_paths`] reads it
    /// when it is asked about more than a few dozen paths: the loader asks
    /// for it on a thread of its own as soon as that many wait, so that git
    /// reads while the other articles are parsed.
    pub(crate) fn whole_log(dir: &Path) -> Result<Option<String>, String> {
        match repository(dir)? {
            Repository::Whole => log(dir, None),
            Repository::Outside | Repository::Shallow => Ok(None),
        }
    }

    /// Returns true if and only if [`History::of_paths`] reads the whole
    /// folder's log to answer about `count` paths.
    pub(crate) fn reads_whole_log(count: usize) -> bool {
        count > PATHSPEC_LIMIT
    }

    /// The dates of the files at `paths` (relative to the articles folder
    /// `dir`): one `git log` limited to them, and rename detection at the
    /// commits that added them only. A path a rename came from is added to
    /// the ones asked about, and the log read again, until no rename leads
    /// further back.
    ///
    /// `whole_log` is the whole folder's log if it was read already (see
    /// [`History::whole_log`]).
    pub(crate) fn of_paths(
        dir: &Path,
        paths: &[PathBuf],
        whole_log: Option<Option<String>>,
    ) -> Result<History, String> {
        match repository(dir)? {
            Repository::Outside => return Ok(History::None),
            Repository::Shallow => return Ok(History::Shallow),
            Repository::Whole => {}
        }
        let mut wanted: HashSet<PathBuf> = paths.iter().cloned().collect();
        // (commit, new path) → the path it was renamed from.
        let mut renames: HashMap<(String, PathBuf), PathBuf> = HashMap::new();
        let mut checked: HashSet<String> = HashSet::new();
        let mut whole = whole_log;
        loop {
            // Git matches every path of every tree it compares against each
            // path asked about: past a few dozen, one log of the whole
            // folder, filtered here, is faster.
            let limited;
            let log = if History::reads_whole_log(wanted.len()) {
                if whole.is_none() {
                    whole = Some(log(dir, None)?);
                }
                whole.as_ref().and_then(Option::as_deref)
            } else {
                let mut asked: Vec<&PathBuf> = wanted.iter().collect();
                asked.sort();
                limited = log(dir, Some(&asked))?;
                limited.as_deref()
            };
            let Some(log) = log else {
                return Ok(History::Dates(HashMap::new()));
            };
            let commits = commits(log);
            let adding: Vec<&str> = commits
                .iter()
                .filter(|c| !checked.contains(c.id))
                .filter(|c| {
                    c.changes
                        .iter()
                        .any(|&(kind, path)| kind == 'A' && wanted.contains(Path::new(path)))
                })
                .map(|c| c.id)
                .collect();
            let found = if adding.is_empty() {
                Vec::new()
            } else {
                renamed(dir, &adding)?
            };
            checked.extend(adding.iter().map(|id| (*id).to_owned()));
            let mut further = false;
            for (commit, old, new) in found {
                if wanted.contains(&new) {
                    further |= wanted.insert(old.clone());
                    renames.insert((commit, new), old);
                }
            }
            if !further {
                return Ok(History::Dates(dates(&commits, &renames, &wanted)));
            }
        }
    }

    /// What git says about the file at `path` under the articles folder
    /// `root`: the path is made relative only where a history is looked up
    /// (outside git, a million articles skip a million path walks).
    pub(crate) fn facts_at(&self, path: &Path, root: &Path) -> GitFacts {
        match self {
            History::Changes(_) | History::Dates(_) => {
                self.facts(path.strip_prefix(root).unwrap_or(path))
            }
            _ => self.facts(path),
        }
    }

    /// What git says about the file at `relative` (to the articles folder).
    pub(crate) fn facts(&self, relative: &Path) -> GitFacts {
        match self {
            History::Unread => GitFacts::Unread,
            History::None => GitFacts::NotInGit,
            History::Shallow => GitFacts::Shallow,
            History::Changes(changes) => match changes.get(relative) {
                Some(&changed) => GitFacts::Changed(changed),
                None => GitFacts::Uncommitted,
            },
            History::Dates(dates) => match dates.get(relative) {
                Some(dates) => GitFacts::Committed {
                    added: dates.added,
                    changed: dates.changed,
                },
                None => GitFacts::Uncommitted,
            },
        }
    }
}

/// Runs `git -C dir ARGS`, with `input` on its standard input.
fn git(dir: &Path, args: &[&str], input: &[u8]) -> Result<std::process::Output, String> {
    let cannot = |e: std::io::Error| format!("cannot run git: {e}");
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(cannot)?;
    let mut stdin = child.stdin.take();
    // Written from another thread: git may answer before it has read it all.
    std::thread::scope(|scope| {
        scope.spawn(move || {
            if let Some(stdin) = stdin.as_mut() {
                // A git that stopped reading has failed, and says so itself.
                let _ = stdin.write_all(input);
            }
        });
        child.wait_with_output().map_err(cannot)
    })
}

/// Whether `dir` is in a git work tree, and whether the clone is shallow:
/// one `git rev-parse`. A folder where git cannot run is outside.
fn repository(dir: &Path) -> Result<Repository, String> {
    let Ok(output) = git(
        dir,
        &[
            "rev-parse",
            "--is-inside-work-tree",
            "--is-shallow-repository",
        ],
        b"",
    ) else {
        return Ok(Repository::Outside);
    };
    let answers = String::from_utf8_lossy(&output.stdout);
    let mut lines = answers.lines();
    if !output.status.success() || lines.next() != Some("true") {
        return Ok(Repository::Outside);
    }
    Ok(match lines.next() {
        Some("true") => Repository::Shallow,
        Some("false") => Repository::Whole,
        _ => return Err(format!("git rev-parse answered `{}`", answers.trim())),
    })
}

/// `git log`, oldest commit first, of the whole folder or of `paths`
/// only, without rename detection; `None` in a repository without a commit.
fn log(dir: &Path, paths: Option<&[&PathBuf]>) -> Result<Option<String>, String> {
    let mut args = vec![
        "--literal-pathspecs",
        "log",
        "--reverse",
        "--no-renames",
        "--name-status",
        "--relative",
        "-z",
        "--format=%x01%H %aI",
    ];
    // Paths are given on standard input: there may be more than a command
    // line holds. A path with a line break in it cannot be, and is
    // reported as not committed.
    let mut input = Vec::new();
    match paths {
        None => args.extend(["--", "."]),
        Some(paths) => {
            args.push("--stdin");
            input.extend_from_slice(b"--\n");
            for path in paths.iter().filter_map(|p| p.to_str()) {
                if !path.contains('\n') {
                    input.extend_from_slice(path.as_bytes());
                    input.push(b'\n');
                }
            }
        }
    }
    let output = git(dir, &args, &input)?;
    if !output.status.success() {
        // A repository without a commit yet: nothing is committed.
        if String::from_utf8_lossy(&output.stderr).contains("does not have any commits") {
            return Ok(None);
        }
        return Err(format!(
            "git log failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// The renames (commit, old path, new path) that `commits` made in the
/// folder, as `git log -M` would see them: rename detection for those
/// commits only.
fn renamed(dir: &Path, commits: &[&str]) -> Result<Vec<(String, PathBuf, PathBuf)>, String> {
    let mut input = commits.join("\n").into_bytes();
    input.push(b'\n');
    let output = git(
        dir,
        &[
            "diff-tree",
            "--stdin",
            "-r",
            "-M",
            "--diff-filter=R",
            "--name-status",
            "--relative",
            "-z",
            "--",
            ".",
        ],
        &input,
    )?;
    if !output.status.success() {
        return Err(format!(
            "git diff-tree failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(parse_renames(&String::from_utf8_lossy(&output.stdout)))
}

/// Reads `git diff-tree --stdin --name-status -z`: a commit's id, then its
/// changes.
fn parse_renames(output: &str) -> Vec<(String, PathBuf, PathBuf)> {
    let is_id = |token: &str| {
        matches!(token.len(), 40 | 64) && token.bytes().all(|b| b.is_ascii_hexdigit())
    };
    let mut found = Vec::new();
    let mut commit = "";
    let mut tokens = output.split('\0').map(|t| t.trim_start_matches('\n'));
    while let Some(token) = tokens.next() {
        if is_id(token) {
            commit = token;
        } else if token.starts_with(['R', 'C']) {
            let (Some(old), Some(new)) = (tokens.next(), tokens.next()) else {
                break;
            };
            if token.starts_with('R') {
                found.push((commit.to_owned(), PathBuf::from(old), PathBuf::from(new)));
            }
        } else if !token.is_empty() {
            // Another change: its one path.
            tokens.next();
        }
    }
    found
}

/// One commit of the log, with what it changed.
struct Commit<'a> {
    id: &'a str,
    date: DateTime<FixedOffset>,
    /// Status letter and path.
    changes: Vec<(char, &'a str)>,
}

/// Reads `git log --no-renames --name-status -z --format=%x01%H %aI`.
fn commits(log: &str) -> Vec<Commit<'_>> {
    let mut commits = Vec::new();
    for commit in log.split('\u{1}').filter(|c| !c.is_empty()) {
        let Some((header, changes)) = commit.split_once('\0') else {
            continue;
        };
        let Some((id, date)) = header.split_once(' ') else {
            continue;
        };
        let Ok(date) = DateTime::parse_from_rfc3339(date.trim()) else {
            continue;
        };
        let mut fields = changes.trim_start_matches('\n').split('\0');
        let mut list = Vec::new();
        while let Some(status) = fields.next() {
            let Some(kind) = status.chars().next() else {
                continue;
            };
            let Some(path) = fields.next() else {
                break;
            };
            list.push((kind, path));
        }
        commits.push(Commit {
            id,
            date,
            changes: list,
        });
    }
    commits
}

/// The dates of the `wanted` files from `commits`, oldest first, where a file renamed
/// (`renames`: (commit, new path) → old path) keeps the date the old one was
/// added.
fn dates(
    commits: &[Commit<'_>],
    renames: &HashMap<(String, PathBuf), PathBuf>,
    wanted: &HashSet<PathBuf>,
) -> HashMap<PathBuf, Dates> {
    let mut files: HashMap<PathBuf, Dates> = HashMap::new();
    let mut key = (String::new(), PathBuf::new());
    for commit in commits {
        let date = commit.date;
        let mut moved = Vec::new();
        // Renames first: the old path's dates go before its deletion does.
        for &(kind, path) in &commit.changes {
            if kind != 'A' || renames.is_empty() || !wanted.contains(Path::new(path)) {
                continue;
            }
            key.0.clear();
            key.0.push_str(commit.id);
            key.1 = PathBuf::from(path);
            if let Some(old) = renames.get(&key) {
                let added = files.remove(old).map_or(date, |d| d.added);
                files.insert(
                    PathBuf::from(path),
                    Dates {
                        added,
                        changed: date,
                    },
                );
                moved.push(path);
            }
        }
        for &(kind, path) in &commit.changes {
            if moved.contains(&path) || !wanted.contains(Path::new(path)) {
                continue;
            }
            if kind == 'D' {
                files.remove(Path::new(path));
            } else {
                files
                    .entry(PathBuf::from(path))
                    .and_modify(|d| d.changed = date)
                    .or_insert(Dates {
                        added: date,
                        changed: date,
                    });
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const C: &str = "3333333333333333333333333333333333333333";

    #[test]
    fn renames_keep_the_date_a_file_was_added() {
        let log = format!(
            "\u{1}{A} 2024-01-02T10:00:00+01:00\0\nA\0one.txt\0A\0t wo.txt\0\
             \u{1}{B} 2024-02-03T10:00:00+01:00\0\nM\0t wo.txt\0D\0one.txt\0A\0uno.txt\0\
             \u{1}{C} 2024-03-04T10:00:00+01:00\0\nD\0t wo.txt\0"
        );
        let renames = parse_renames(&format!("{B}\0R100\0one.txt\0uno.txt\0"));
        assert_eq!(
            renames,
            [(
                B.to_owned(),
                PathBuf::from("one.txt"),
                PathBuf::from("uno.txt")
            )]
        );
        let renames = renames
            .into_iter()
            .map(|(commit, old, new)| ((commit, new), old))
            .collect();
        let wanted = ["one.txt", "t wo.txt", "uno.txt"]
            .map(PathBuf::from)
            .into_iter()
            .collect();
        let files = dates(&commits(&log), &renames, &wanted);
        let date = |s| DateTime::parse_from_rfc3339(s).unwrap();
        assert_eq!(
            files[Path::new("uno.txt")],
            Dates {
                added: date("2024-01-02T10:00:00+01:00"),
                changed: date("2024-02-03T10:00:00+01:00"),
            }
        );
        assert!(!files.contains_key(Path::new("one.txt")));
        assert!(!files.contains_key(Path::new("t wo.txt")), "deleted");
        // Without the rename, the new path was added when it appeared.
        let files = dates(&commits(&log), &HashMap::new(), &wanted);
        assert_eq!(
            files[Path::new("uno.txt")].added,
            date("2024-02-03T10:00:00+01:00")
        );
    }
}
