//! Faults: builds killed at random moments. Whatever the moment, every
//! feed on disk is whole: the complete old file or the complete new one.
//!
//! Slow (about a second per kill), so it is ignored by a plain `cargo test`
//! and run by `.ci/run` as `cargo test --test cli faults:: -- --ignored`.
//! `BYLINE_KILLS` sets the number of kills (default 200).

use crate::harness::{Scratch, xml};
use std::collections::BTreeMap;
use std::fs;
use std::time::Instant;

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
fn killed_builds_leave_every_feed_whole_old_or_new() {
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

    let (mut all_old, mut all_new, mut mixed) = (0, 0, 0);
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

        let now = feeds(&site);
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            old.keys().collect::<Vec<_>>(),
            "kill {kill}: the set of feeds"
        );
        let mut fresh = 0;
        for (name, bytes) in &now {
            xml(bytes);
            if *bytes == new[name] {
                fresh += 1;
            } else {
                assert!(
                    *bytes == old[name],
                    "kill {kill} after {delay:?}: {name} is neither the old nor the new feed"
                );
            }
        }
        match fresh {
            0 => all_old += 1,
            n if n == now.len() => all_new += 1,
            _ => mixed += 1,
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
        "{kills} kills over a {build_time:?} build: {all_old} left all feeds old, {all_new} all new, {mixed} a mix of whole old and whole new feeds"
    );
}
