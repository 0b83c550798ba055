//! The read-and-write floor for benchmarks of builds that write many files
//! (issue 25): reads every article under ARTICLES once, then writes into OUT
//! the same files, with the same sizes, as a build wrote into LIKE, each
//! one as byline writes it (a temporary file beside its place, flushed to
//! disk, then renamed), two at a time. A build that writes those files
//! cannot be faster than this.
//!
//! ```sh
//! cargo run --release --example write-floor -- ARTICLES LIKE OUT
//! ```
//!
//! The bytes written are the articles' bytes, over and over: what is in a
//! file does not change what it costs to write it.

use std::fs;
use std::io::Write;
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

/// Writes `size` bytes taken from `source` (cycled) to `target`, durably.
fn write_one(target: &Path, size: usize, source: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut temporary = target.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    let mut file = fs::File::create(&temporary)?;
    let mut left = size;
    while left > 0 {
        let n = left.min(source.len());
        file.write_all(&source[..n])?;
        left -= n;
    }
    file.sync_all()?;
    fs::rename(&temporary, target)
}

fn main() {
    let mut args = std::env::args().skip(1).map(PathBuf::from);
    let (Some(articles), Some(like), Some(out)) = (args.next(), args.next(), args.next()) else {
        panic!("usage: write-floor ARTICLES LIKE OUT");
    };
    // Read every article, as the build does.
    let mut inputs = Vec::new();
    walk(&articles, &mut inputs);
    let (a, b) = inputs.split_at(inputs.len() / 2);
    let read = |part: &[PathBuf]| {
        let mut sample = Vec::new();
        let mut total = 0;
        for path in part {
            let bytes = fs::read(path).unwrap_or_default();
            total += bytes.len();
            if sample.len() < 1 << 20 {
                sample.extend_from_slice(&bytes);
            }
        }
        (total, sample)
    };
    let ((first, sample), (second, _)) = std::thread::scope(|scope| {
        let other = scope.spawn(|| read(a));
        let mine = read(b);
        (other.join().unwrap_or_default(), mine)
    });
    let sample = if sample.is_empty() {
        vec![b'x'; 4096]
    } else {
        sample
    };

    // Write what the build wrote: same paths, same sizes.
    let mut outputs = Vec::new();
    walk(&like, &mut outputs);
    let plan: Vec<(PathBuf, usize)> = outputs
        .iter()
        .map(|path| {
            let size = fs::metadata(path).map_or(0, |m| m.len() as usize);
            let relative = path.strip_prefix(&like).unwrap_or(path);
            (out.join(relative), size)
        })
        .collect();
    let (a, b) = plan.split_at(plan.len() / 2);
    let write = |part: &[(PathBuf, usize)]| {
        part.iter()
            .map(|(target, size)| {
                write_one(target, *size, &sample)
                    .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
                *size
            })
            .sum::<usize>()
    };
    let written: usize = std::thread::scope(|scope| {
        let other = scope.spawn(|| write(a));
        let mine = write(b);
        other.join().unwrap_or(0) + mine
    });
    eprintln!(
        "read {} files, {} bytes; wrote {} files, {written} bytes",
        inputs.len(),
        first + second,
        plan.len()
    );
}
