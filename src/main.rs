//! The `byline` binary: parse the command line, run the library, and decide
//! the exit code in one place.
//!
//! Exit codes: 0 when the feeds were published; 1 when articles have
//! problems (every one is listed, nothing is written); 2 for usage, config
//! and I/O failures.

mod cli;

use byline::diagnostic::Diagnostic;
use byline::{Failure, Report};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let started = Instant::now();
    match cli::parse() {
        cli::Request::Build(options) => match byline::build(&options) {
            Ok(report) => {
                print_report(&report, started);
                ExitCode::SUCCESS
            }
            Err(Failure::Input(problems)) => {
                print_problems(&problems);
                ExitCode::from(1)
            }
            Err(Failure::Setup(problems)) => {
                print_problems(&problems);
                ExitCode::from(2)
            }
        },
    }
}

fn print_report(report: &Report, started: Instant) {
    for warning in &report.warnings {
        eprintln!("{warning}");
    }
    let written = report.written;
    eprintln!(
        "published {} feed{} ({} file{} written, {} unchanged) from {} article{} in {:.2} s",
        report.feeds,
        plural(report.feeds),
        written.changed,
        plural(written.changed),
        written.unchanged,
        report.articles,
        plural(report.articles),
        started.elapsed().as_secs_f64(),
    );
}

fn print_problems(problems: &[Diagnostic]) {
    for problem in problems {
        eprintln!("{problem}");
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let mut files: Vec<_> = problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| &p.path)
        .collect();
    files.dedup();
    eprintln!(
        "error: {errors} problem{} in {} file{}; nothing was written",
        plural(errors),
        files.len(),
        plural(files.len())
    );
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
