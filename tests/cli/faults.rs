//! Faults: a file that cannot be replaced, and builds killed at random
//! moments. Whatever happens, the folder ends up holding every file of the
//! previous build or every file of the new one, never a mix.
//!
//! The kill loop is slow (about a second per kill), so it is ignored by a
//! plain `cargo test` and run by `.ci/run` as
//! `cargo test --test cli faults:: -- --ignored`. `BYLINE_KILLS` sets the
//! number of kills (default 200).

use crate::harness::{Scratch, copy_tree, files_under, repo, xml};
use std::collections::BTreeMap;
use std::fs;
use std::time::Instant;

/// The sample site of the repository, copied into a scratch folder.
fn sample_copy() -> Scratch {
    let site = Scratch::new();
    site.write("feeds.toml", fs::read(repo().join("feeds.toml")).unwrap());
    fs::create_dir_all(site.dir.join("articles")).unwrap();
    copy_tree(&repo().join("articles"), &site.dir.join("articles"));
    fs::create_dir_all(site.dir.join("podcast")).unwrap();
    copy_tree(&repo().join("podcast"), &site.dir.join("podcast"));
    site
}

#[test]
fn a_file_that_cannot_be_replaced_leaves_every_file_of_the_previous_build() {
    let site = sample_copy();
    site.run(&["build"]).assert_code(0);
    let first = site.files("public");
    let names: Vec<&String> = first.keys().collect();
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    // Every feed changes with the site's title.
    site.write(
        "feeds.toml",
        config.replace("title = \"The Byline Gazette\"", "title = \"The Gazette\""),
    );
    // The first, a middle and the last file in sorted order.
    for blocked in [names[0], names[names.len() / 2], names[names.len() - 1]] {
        let path = site.dir.join("public").join(blocked);
        fs::remove_file(&path).unwrap();
        fs::create_dir_all(path.join("subscribers-bookmarks")).unwrap();
        let before = files_under(&site.dir.join("public"));
        let run = site.run(&["build"]);
        run.assert_code(2);
        assert!(
            run.stderr.contains(&format!(
                "{blocked}: error: cannot replace the file: Is a directory"
            )),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("nothing was changed: every file of the previous build is back in place"),
            "{}",
            run.stderr
        );
        assert_eq!(
            files_under(&site.dir.join("public")),
            before,
            "blocked {blocked}: every other file (the manifest too) is the previous build's"
        );
        fs::remove_dir_all(&path).unwrap();
        fs::write(&path, &first[blocked]).unwrap();
    }
    // Once the path is free again, the build goes through.
    site.run(&["build"]).assert_code(0);
    let last = site.files("public");
    assert_eq!(last.keys().collect::<Vec<_>>(), names);
    assert_ne!(
        last["feed.xml"], first["feed.xml"],
        "the new build is in place"
    );
}

/// A site big enough that a debug build takes about a second, with large
/// feeds so that a good share of the time is spent writing.
fn big_site(count: usize) -> Scratch {
    let site = Scratch::site("");
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        format!("{config}limit = 5000\n\n[[feeds]]\nfor_each_tag = true\nrss = \"t/{{tag}}.xml\"\natom = \"t/{{tag}}.atom\"\nlimit = 5000\n"),
    );
    let paragraph = "The harbour board met again to discuss the winter timetable, and the ferry company agreed to add a late crossing. ";
    for i in 0..count {
        site.write(
            &format!("articles/2024-{:02}-{:02}-story-{i}.md", 1 + i % 12, 1 + i % 28),
            format!(
                "+++\ntitle = \"Story {i}\"\ntags = [\"t{}\"]\n+++\n{}\n\n(Adapted from a report by Reuters)\n",
                i % 6,
                vec![paragraph.repeat(3); 4].join("\n\n")
            ),
        );
    }
    site
}

/// A small deterministic generator (SplitMix64), so a failing run can be
/// replayed: the delays depend only on the iteration.
fn random(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn feeds(site: &Scratch) -> BTreeMap<String, Vec<u8>> {
    site.files("public")
        .into_iter()
        .filter(|(name, _)| !name.contains(".byline-tmp"))
        .collect()
}

#[test]
#[ignore = "slow: run by .ci/run with --ignored"]
fn killed_builds_leave_every_feed_whole_and_the_next_build_no_mix() {
    let kills: u64 = std::env::var("BYLINE_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let site = big_site(1800);

    site.run(&["build"]).assert_code(0);
    let old = feeds(&site);
    // The new state: every feed changes, because the site's title does.
    let config = fs::read_to_string(site.dir.join("feeds.toml")).unwrap();
    site.write(
        "feeds.toml",
        config.replace("title = \"Test\"", "title = \"Test, renamed\""),
    );
    let started = Instant::now();
    site.run(&["build", "--out", "new"]).assert_code(0);
    let build_time = started.elapsed();
    let new = site.files("new");
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    assert!(
        old.iter().all(|(name, bytes)| new[name] != *bytes),
        "every feed changes"
    );

    let (mut all_old, mut all_new, mut killed_mid_commit, mut settled) = (0, 0, 0, 0);
    for kill in 0..kills {
        // Back to the old feeds (written directly: this is the test's own setup).
        for (name, bytes) in &old {
            fs::write(site.dir.join("public").join(name), bytes).unwrap();
        }
        let delay = build_time.mul_f64((random(kill) % 1500) as f64 / 1000.0);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
            .arg("build")
            .current_dir(&site.dir)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL; it may have finished already
        child.wait().unwrap();

        // Right after the kill each feed is whole, old or new.
        let (mut whole_old, mut whole_new) = (0, 0);
        for (name, bytes) in feeds(&site) {
            if !name.rsplit('/').next().unwrap().starts_with('.') {
                xml(&bytes);
                if bytes == new[&name] {
                    whole_new += 1;
                } else {
                    assert!(
                        bytes == old[&name],
                        "kill {kill} after {delay:?}: {name} is neither the old nor the new feed"
                    );
                    whole_old += 1;
                }
            }
        }
        if whole_old > 0 && whole_new > 0 {
            killed_mid_commit += 1;
        }
        // A build killed while committing leaves its journal: the next
        // build settles it before anything else, even one that stops at a
        // bad article. Without a journal there is nothing to settle.
        if site
            .dir
            .join("public")
            .join(byline::output::JOURNAL)
            .exists()
        {
            settled += 1;
            site.write("articles/zz-broken.md", "+++\ntitle = 1\n+++\nBroken.\n");
            site.run(&["build"]).assert_code(1);
            fs::remove_file(site.dir.join("articles/zz-broken.md")).unwrap();
        }
        let now = feeds(&site);
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            old.keys().collect::<Vec<_>>(),
            "kill {kill}: the set of files, and nothing of the killed build's"
        );
        if now == new {
            all_new += 1;
        } else {
            assert!(
                now == old,
                "kill {kill} after {delay:?}: a mix of two builds is left"
            );
            all_old += 1;
        }
    }
    // A later build cleans up what killed builds left behind.
    site.run(&["build"]).assert_code(0);
    let leftovers: Vec<_> = site
        .files("public")
        .into_keys()
        .filter(|n| n.contains(".byline-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!(
        "{kills} kills over a {build_time:?} build: {killed_mid_commit} left a mix right after the kill, {settled} a journal for the next build to settle; in the end all feeds old {all_old} times, all new {all_new} times"
    );
}
