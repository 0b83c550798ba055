//! The floor for benchmarks: reads every file under a folder once, with two
//! threads, and does nothing else. byline cannot be faster than this.
//!
//! ```sh
//! cargo run --release --example read-floor -- DIR
//! ```

use std::fs;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read folder").flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: read-floor DIR"));
    let mut files = Vec::new();
    walk(&dir, &mut files);
    let half = files.len() / 2;
    let (a, b) = files.split_at(half);
    let read = |part: &[PathBuf]| {
        part.iter()
            .map(|p| fs::read(p).map_or(0, |b| b.len()))
            .sum::<usize>()
    };
    let total: usize = std::thread::scope(|scope| {
        let first = scope.spawn(|| read(a));
        let second = read(b);
        first.join().unwrap_or(0) + second
    });
    eprintln!("read {} files, {} bytes", files.len(), total);
}
