//! Rules a site tunes: `[check]` in `feeds.toml`, and a rule for every
//! diagnostic.
//!
//! A migrated site can carry hundreds of warnings of one kind (another
//! generator's template tags, say) that its team has decided to live with;
//! without a way to silence one rule, or one rule for some files, the team
//! turns `--deny-warnings` off and misses the next real problem.
//! So `[check] allow = ["TemplateTag"]` silences a rule everywhere and
//! `[[check.overrides]] paths = ["archive/**"], allow = [...]` for the files
//! its globs match. Only warnings can be allowed: an error means the feeds
//! cannot be published as they are, and no setting changes that.
//!
//! Every diagnostic carries a rule: the findings of `byline check` and the
//! build's warnings name theirs where they are made; the rest, which are
//! all errors, are named here by where they are ([`name_the_rest`]).

use crate::diagnostic::{Diagnostic, Rule, Severity};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// `[check]` as written.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCheck {
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

/// One `[[check.overrides]]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOverride {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
}

/// The field names of `[check]` and `[[check.overrides]]`, for the manual.
pub(crate) fn key_tables() -> [(&'static str, &'static [&'static str]); 2] {
    [
        ("check", crate::keys::fields::<RawCheck>()),
        ("check.overrides", crate::keys::fields::<RawOverride>()),
    ]
}

/// The rules a site allows, everywhere and for some paths.
#[derive(Clone, Debug, Default)]
pub struct Allowed {
    /// Allowed in every file.
    everywhere: Vec<Rule>,
    /// Allowed in the files the globs match.
    overrides: Vec<(Vec<Glob>, Vec<Rule>)>,
    /// The folders globs are matched from: the config's, then the
    /// articles folder.
    roots: Vec<PathBuf>,
}

impl Allowed {
    /// Reads `[check]`; a rule name that is not a rule, or names an error,
    /// is a problem at its place in `text`.
    pub(crate) fn read(
        raw: Option<RawCheck>,
        roots: Vec<PathBuf>,
        path: &Path,
        text: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Allowed {
        let raw = raw.unwrap_or_default();
        let mut rules = |names: &[Spanned<String>]| -> Vec<Rule> {
            names
                .iter()
                .filter_map(|name| match rule_named(name.get_ref()) {
                    Ok(rule) => Some(rule),
                    Err((message, help)) => {
                        let mut problem = Diagnostic::error(path, message)
                            .at_offset(text, name.span().start)
                            .rule(Rule::InvalidConfig);
                        if let Some(help) = help {
                            problem = problem.with_help(help);
                        }
                        problems.push(problem);
                        None
                    }
                })
                .collect()
        };
        let everywhere = rules(&raw.allow);
        let overrides = raw
            .overrides
            .iter()
            .map(|o| {
                let globs = o
                    .paths
                    .iter()
                    .map(|p| Glob(p.get_ref().trim_start_matches("./").to_owned()))
                    .collect();
                (globs, rules(&o.allow))
            })
            .collect();
        Allowed {
            everywhere,
            overrides,
            roots,
        }
    }

    /// Returns true if and only if `diagnostic` is a warning of a rule this
    /// site allows in its file.
    pub fn allows(&self, diagnostic: &Diagnostic) -> bool {
        let Some(rule) = diagnostic.rule else {
            return false;
        };
        if diagnostic.severity != Severity::Warning {
            return false;
        }
        if self.everywhere.contains(&rule) {
            return true;
        }
        let relative: Vec<String> = self
            .roots
            .iter()
            .filter_map(|root| relative_path(&diagnostic.path, root))
            .collect();
        self.overrides.iter().any(|(globs, rules)| {
            rules.contains(&rule)
                && globs
                    .iter()
                    .any(|glob| relative.iter().any(|path| glob.matches(path)))
        })
    }

    /// Drops the diagnostics this site allows.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| !self.allows(d));
    }
}

/// The rule `name` names, if it is one a site may allow; else the message
/// and a hint.
fn rule_named(name: &str) -> Result<Rule, (String, Option<String>)> {
    match Rule::named(name) {
        Some(rule) if rule.severity() == Severity::Warning => Ok(rule),
        Some(_) => Err((
            format!("`{name}` is an error, which cannot be allowed"),
            Some("fix what it finds; only warnings can be allowed".to_owned()),
        )),
        None => {
            let names = Rule::ALL.iter().map(|r| r.name());
            let help = crate::diagnostic::did_you_mean(name, names)
                .map(|best| format!("did you mean `{best}`?"))
                .or_else(|| Some("the README's rule table lists every rule".to_owned()));
            Err((format!("`{name}` is not a rule"), help))
        }
    }
}

/// `path` relative to `root`, `/`-separated, when it is inside it.
fn relative_path(path: &Path, root: &Path) -> Option<String> {
    let clean = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    let relative = clean(path).strip_prefix(clean(root)).ok()?.to_path_buf();
    Some(relative.to_string_lossy().replace('\\', "/"))
}

/// A path glob: `*` and `?` stay within one folder, `**` spans folders.
#[derive(Clone, Debug)]
struct Glob(String);

impl Glob {
    /// Returns true if and only if the `/`-separated `path` matches.
    fn matches(&self, path: &str) -> bool {
        glob_match(self.0.as_bytes(), path.as_bytes())
    }
}

fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) if rest.first() == Some(&b'*') => {
            // `**/` matches no folder or any number of them; `**` at the
            // end matches everything.
            let rest = &rest[1..];
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            (0..=text.len()).any(|i| {
                (i == 0 || text[i - 1] == b'/' || rest.is_empty()) && glob_match(rest, &text[i..])
            })
        }
        Some((b'*', rest)) => (0..=text.len())
            .take_while(|&i| i == 0 || text[i - 1] != b'/')
            .any(|i| glob_match(rest, &text[i..])),
        Some((b'?', rest)) => {
            text.first().is_some_and(|&c| c != b'/') && glob_match(rest, &text[1..])
        }
        Some((&c, rest)) => text.first() == Some(&c) && glob_match(rest, &text[1..]),
    }
}

/// Gives every diagnostic without a rule the one of where it is: the
/// config file's problems are `InvalidConfig`; what stops the build
/// before or after reading the articles (a folder, the disk, the clock) is
/// `CannotBuild`; the rest are the articles' own (`InvalidArticle`).
/// Warnings all name their rule where they are made.
pub(crate) fn name_the_rest(diagnostics: &mut [Diagnostic], config: &Path, setup: bool) {
    for d in diagnostics.iter_mut().filter(|d| d.rule.is_none()) {
        d.rule = Some(if d.path == config {
            Rule::InvalidConfig
        } else if setup {
            Rule::CannotBuild
        } else {
            Rule::InvalidArticle
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_within_and_across_folders() {
        let glob = |p: &str, t: &str| Glob(p.to_owned()).matches(t);
        assert!(glob("archive/**", "archive/2019/a.md"));
        assert!(glob("archive/**", "archive/a.md"));
        assert!(!glob("archive/**", "news/archive/a.md"));
        assert!(glob("**/old-*.md", "2019/old-a.md"));
        assert!(glob("**/old-*.md", "old-a.md"));
        assert!(!glob("*.md", "2019/a.md"));
        assert!(glob("*.md", "a.md"));
        assert!(glob("a?.txt", "ab.txt"));
        assert!(!glob("a?.txt", "a/.txt"));
    }

    #[test]
    fn only_warning_rules_can_be_allowed() {
        assert_eq!(rule_named("TemplateTag"), Ok(Rule::TemplateTag));
        let (message, _) = rule_named("StaleFile").unwrap_err();
        assert_eq!(message, "`StaleFile` is an error, which cannot be allowed");
        let (message, help) = rule_named("TemplateTags").unwrap_err();
        assert_eq!(message, "`TemplateTags` is not a rule");
        assert_eq!(help.as_deref(), Some("did you mean `TemplateTag`?"));
    }

    #[test]
    fn overrides_match_from_the_config_or_the_articles_folder() {
        let text = "allow = [\"EmptyFeed\"]\n[[overrides]]\npaths = [\"archive/**\"]\nallow = [\"TemplateTag\"]\n";
        let raw: RawCheck = toml::from_str(text).unwrap();
        let mut problems = Vec::new();
        let allowed = Allowed::read(
            Some(raw),
            vec![PathBuf::from("site"), PathBuf::from("site/articles")],
            Path::new("site/feeds.toml"),
            text,
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        let warning = |path: &str, rule| Diagnostic::warning(path, "x").rule(rule);
        assert!(allowed.allows(&warning("site/feeds.toml", Rule::EmptyFeed)));
        assert!(allowed.allows(&warning("site/articles/archive/a.md", Rule::TemplateTag)));
        assert!(allowed.allows(&warning("./site/archive/b.md", Rule::TemplateTag)));
        assert!(!allowed.allows(&warning("site/articles/news/a.md", Rule::TemplateTag)));
        assert!(
            !allowed.allows(
                &Diagnostic::error("site/articles/archive/a.md", "x").rule(Rule::TemplateTag)
            )
        );
    }
}
