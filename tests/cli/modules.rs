//! The module graph of `src/` has no cycles: no module imports another
//! that imports it back, directly or through others.
//!
//! Every file is a module (`src/lib.rs` is the crate root). A module
//! depends on another when it names it or an item in it: `crate::a::b`,
//! `super::x`, `self::x`, or `child::x` for a child module it declares.
//! Rerun with `cargo test --test cli modules`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Module path (`["article", "load"]`) → its source text.
fn modules() -> BTreeMap<Vec<String>, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<Vec<String>, String>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                // src/main.rs and src/cli.rs are the binary, not the library.
                if prefix.is_empty() && matches!(name.as_str(), "main" | "cli") {
                    continue;
                }
                let mut module = prefix.to_vec();
                if !matches!(name.as_str(), "mod" | "lib") {
                    module.push(name);
                }
                out.insert(module, fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&crate::harness::repo().join("src"), &[], &mut out);
    out
}

/// Every path the text names that starts with `start` (`crate::`), with
/// `use` groups (`crate::{a, b::{c, d}}`) expanded, as segments after it.
fn paths_after(text: &str, start: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    // Unit tests (`#[cfg(test)] mod tests`, last in a file) may use anything.
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut from = 0;
    while let Some(i) = code[from..].find(start) {
        let at = from + i;
        from = at + start.len();
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let (tree, _) = use_tree(&code[from..]);
        found.extend(tree);
    }
    found
}

/// Reads a path or a `{…}` group at the start of `text`: the paths it
/// names and how many bytes it took.
fn use_tree(text: &str) -> (Vec<Vec<String>>, usize) {
    let trimmed = text.trim_start();
    let skipped = text.len() - trimmed.len();
    if let Some(rest) = trimmed.strip_prefix('{') {
        let mut paths = Vec::new();
        let mut used = skipped + 1;
        let mut rest = rest;
        loop {
            let inner = rest.trim_start();
            used += rest.len() - inner.len();
            if let Some(after) = inner.strip_prefix('}') {
                return (paths, used + 1 + (inner.len() - after.len() - 1));
            }
            let (tree, n) = use_tree(inner);
            paths.extend(tree);
            used += n;
            rest = &inner[n..];
            let after = rest.trim_start();
            used += rest.len() - after.len();
            rest = after.strip_prefix(',').unwrap_or(after);
            used += after.len() - rest.len();
            if rest.is_empty() || n == 0 {
                return (paths, used);
            }
        }
    }
    let name: String = trimmed
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return (vec![Vec::new()], skipped);
    }
    let after = &trimmed[name.len()..];
    match after.strip_prefix("::") {
        Some(rest) => {
            let (tails, n) = use_tree(rest);
            let paths = tails
                .into_iter()
                .map(|tail| std::iter::once(name.clone()).chain(tail).collect())
                .collect();
            (paths, skipped + name.len() + 2 + n)
        }
        None => (vec![vec![name.clone()]], skipped + name.len()),
    }
}

/// The longest module that `path` (from the crate root) names.
fn resolve(path: &[String], modules: &BTreeMap<Vec<String>, String>) -> Vec<String> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains_key(prefix))
        .unwrap_or_default()
}

/// Module → the modules it names.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (module, text) in &modules {
        let mut deps = BTreeSet::new();
        let parent = &module[..module.len().saturating_sub(1)];
        let mut add = |base: &[String], tails: Vec<Vec<String>>| {
            for tail in tails {
                let full: Vec<String> = base.iter().cloned().chain(tail).collect();
                deps.insert(resolve(&full, &modules));
            }
        };
        add(&[], paths_after(text, "crate::"));
        add(parent, paths_after(text, "super::"));
        add(module, paths_after(text, "self::"));
        for child in modules
            .keys()
            .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
        {
            let name = child.last().unwrap();
            add(
                module,
                paths_after(text, &format!("{name}::"))
                    .into_iter()
                    .map(|tail| std::iter::once(name.clone()).chain(tail).collect())
                    .collect(),
            );
        }
        deps.remove(module);
        graph.insert(module.clone(), deps);
    }
    graph
}

/// A cycle through `start`, if there is one.
fn cycle_through(
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    start: &Vec<String>,
) -> Option<Vec<Vec<String>>> {
    let mut stack = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((node, trail)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                return Some(trail.iter().cloned().chain([start.clone()]).collect());
            }
            if seen.insert(next.clone()) {
                let mut trail = trail.clone();
                trail.push(next.clone());
                stack.push((next.clone(), trail));
            }
        }
    }
    None
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = graph();
    assert!(graph.len() > 20, "found only {} modules", graph.len());
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|module| cycle_through(&graph, module))
        .map(|cycle| {
            cycle
                .iter()
                .map(|m| name(m))
                .collect::<Vec<_>>()
                .join(" → ")
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let (paths, _) = use_tree("{a::{b, c}, d} ;");
    assert_eq!(paths, [vec!["a", "b"], vec!["a", "c"], vec!["d"]]);
    assert_eq!(
        paths_after(
            "use crate::{x::Y, z};\nlet a = crate::w::f();\n// crate::comment",
            "crate::"
        ),
        [vec!["x", "Y"], vec!["z"], vec!["w", "f"]]
    );
    let edge = |a: &str, b: &str| (vec![a.to_owned()], BTreeSet::from([vec![b.to_owned()]]));
    let graph = BTreeMap::from([edge("a", "b"), edge("b", "c"), edge("c", "a")]);
    assert!(cycle_through(&graph, &vec!["a".to_owned()]).is_some());
    let graph = BTreeMap::from([edge("a", "b"), edge("b", "c")]);
    assert!(cycle_through(&graph, &vec!["a".to_owned()]).is_none());
}

#[test]
fn leaves_and_checks_import_nothing_of_the_config() {
    let graph = graph();
    let config = vec!["config".to_owned()];
    let leaves = [
        "syntax",
        "diagnostic",
        "format",
        "rule",
        "dates",
        "links",
        "plain",
        "hash",
    ];
    let offenders: Vec<String> = graph
        .iter()
        .filter(|(module, _)| {
            module.first().is_some_and(|m| m == "check")
                || (module.len() == 1 && leaves.contains(&module[0].as_str()))
        })
        .filter(|(_, deps)| deps.contains(&config))
        .map(|(module, _)| name(module))
        .collect();
    assert!(offenders.is_empty(), "these import `config`: {offenders:?}");
    assert!(
        graph[&vec!["syntax".to_owned()]].is_empty(),
        "`syntax` is a leaf: {:?}",
        graph[&vec!["syntax".to_owned()]]
    );
}
