//! Dates from git: when each article file was added, and last changed.
//!
//! One `git log` for the whole articles folder, read once before the
//! articles are: oldest commit first, following renames, so that a moved
//! file keeps the date it was first added. Author dates are used (a rebase
//! keeps them). Nothing here reads the clock.

use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What git knows about the articles folder.
#[derive(Debug, Default)]
pub(crate) enum History {
    /// Not inside a git work tree (or git is not installed).
    #[default]
    None,
    /// A shallow clone: the commits that added files may be missing.
    Shallow,
    /// Every file's dates, by path relative to the articles folder.
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
    /// The clone is shallow, so the date the file was added is unknown.
    Shallow,
    /// The file is in a work tree but not committed yet.
    Uncommitted,
    /// The file's first and last commits.
    Committed {
        /// When the file was added (its first commit, through renames).
        added: DateTime<FixedOffset>,
        /// When it last changed.
        changed: DateTime<FixedOffset>,
    },
}

impl History {
    /// Reads the history of the articles folder `dir`; a folder outside git
    /// has none. Fails only when git itself fails inside a work tree.
    pub(crate) fn read(dir: &Path) -> Result<History, String> {
        let git = |args: &[&str]| Command::new("git").arg("-C").arg(dir).args(args).output();
        let inside = git(&["rev-parse", "--is-inside-work-tree"]);
        if !inside.is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"true")) {
            return Ok(History::None);
        }
        let shallow = git(&["rev-parse", "--is-shallow-repository"])
            .map_err(|e| format!("cannot run git: {e}"))?;
        if shallow.stdout.starts_with(b"true") {
            return Ok(History::Shallow);
        }
        let log = git(&[
            "-c",
            "core.quotePath=false",
            "log",
            "--reverse",
            "-M",
            "--name-status",
            "--relative",
            "-z",
            "--format=%x01%aI",
            "--",
            ".",
        ])
        .map_err(|e| format!("cannot run git: {e}"))?;
        if !log.status.success() {
            // A repository without a commit yet: nothing is committed.
            if String::from_utf8_lossy(&log.stderr).contains("does not have any commits") {
                return Ok(History::Dates(HashMap::new()));
            }
            return Err(format!(
                "git log failed: {}",
                String::from_utf8_lossy(&log.stderr).trim()
            ));
        }
        Ok(History::Dates(parse_log(&String::from_utf8_lossy(
            &log.stdout,
        ))))
    }

    /// What git says about the file at `relative` (to the articles folder).
    pub(crate) fn facts(&self, relative: &Path) -> GitFacts {
        match self {
            History::None => GitFacts::NotInGit,
            History::Shallow => GitFacts::Shallow,
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

/// Reads `git log --reverse -M --name-status -z --format=%x01%aI`.
fn parse_log(log: &str) -> HashMap<PathBuf, Dates> {
    let mut files: HashMap<PathBuf, Dates> = HashMap::new();
    for commit in log.split('\u{1}').filter(|c| !c.is_empty()) {
        let Some((date, changes)) = commit.split_once('\0') else {
            continue;
        };
        let Ok(date) = DateTime::parse_from_rfc3339(date.trim()) else {
            continue;
        };
        let mut fields = changes.trim_start_matches('\n').split('\0');
        while let Some(status) = fields.next() {
            let Some(kind) = status.chars().next() else {
                continue;
            };
            let Some(path) = fields.next() else {
                break;
            };
            match kind {
                'R' | 'C' => {
                    let Some(new) = fields.next() else {
                        break;
                    };
                    let added = match kind {
                        'R' => files.remove(Path::new(path)).map(|d| d.added),
                        _ => None,
                    };
                    let added = added.unwrap_or(date);
                    files.insert(
                        PathBuf::from(new),
                        Dates {
                            added,
                            changed: date,
                        },
                    );
                }
                'D' => {
                    files.remove(Path::new(path));
                }
                _ => {
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
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_keep_the_date_a_file_was_added() {
        let log = "\u{1}2024-01-02T10:00:00+01:00\0\nA\0one.txt\0A\0t wo.txt\0\
                   \u{1}2024-02-03T10:00:00+01:00\0\nM\0t wo.txt\0R100\0one.txt\0uno.txt\0\
                   \u{1}2024-03-04T10:00:00+01:00\0\nD\0t wo.txt\0";
        let files = parse_log(log);
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
    }
}
