//! The `byline` binary: parse the command line, run the library, and decide
//! the exit code in one place.
//!
//! Exit codes: 0 when the feeds were published; 1 when articles have
//! problems (every one is listed, nothing is written); 2 for usage, config
//! and I/O failures; 3 when the feeds were written but the WebSub hub did
//! not accept every ping (or, for `byline ping`, did not accept one).

mod cli;

use byline::diagnostic::Diagnostic;
use byline::{CheckReport, Failure, Progress, Report};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How many warnings of one kind a build prints before it only counts them.
const GROUP_SHOWN: usize = 3;

fn main() -> ExitCode {
    let started = Instant::now();
    match cli::parse() {
        cli::Request::Build {
            options,
            format,
            verbose,
        } => match byline::build(&options, &Bar::new(started)) {
            Ok(report) => {
                print_report(&report, format, started, verbose);
                let hub = print_pings(&report.pings, format, Told::Hub);
                let index = print_pings(&report.index_pings, format, Told::Index);
                if hub == ExitCode::SUCCESS { index } else { hub }
            }
            Err(failure) => fail_as(&failure, format, "nothing was written"),
        },
        cli::Request::Check {
            options,
            format,
            deny_warnings,
        } => match byline::check(&options) {
            Ok(report) => print_check(&report, format, deny_warnings),
            // Checking given files builds no site.
            Err(failure) if !options.files.is_empty() => {
                fail_as(&failure, format, "no file was checked")
            }
            Err(failure) => fail_as(
                &failure,
                format,
                "the site cannot be built, so no feed was checked",
            ),
        },
        cli::Request::Ping { options, format } => match byline::websub::ping_site(&options) {
            Ok(pings) => {
                let hub = print_pings(&pings.hub, format, Told::Hub);
                let index = print_pings(&pings.index, format, Told::Index);
                if hub == ExitCode::SUCCESS { index } else { hub }
            }
            Err(problems) => fail_as(&Failure::Setup(problems), format, "no ping was sent"),
        },
        cli::Request::Init { dir, from } => {
            match byline::init::init(
                &dir,
                from.as_deref(),
                chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()),
            ) {
                Ok(started) => {
                    for path in &started.written {
                        eprintln!("wrote {}", path.display());
                    }
                    if let Some(dialect) = started.dialect {
                        eprintln!(
                            "the articles there look like {dialect:?} posts: front_matter is set to match"
                        );
                    }
                    let config = dir.join(byline::config::DEFAULT_PATH);
                    eprintln!(
                        "next: edit {} (a build warns about each placeholder left), then run: \
                         byline build --config {} (or byline serve --config {} to look first)",
                        config.display(),
                        config.display(),
                        config.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(problem) => fail(&Failure::Setup(vec![problem]), "nothing was written"),
            }
        }
        cli::Request::New { title, config } => {
            match byline::init::new_article(
                &config,
                &title,
                chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()),
            ) {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(problems) => fail(&Failure::Setup(problems), "nothing was written"),
            }
        }
        cli::Request::Snippet { config } => match byline::init::snippet(&config) {
            Ok(tags) => {
                print!("{tags}");
                ExitCode::SUCCESS
            }
            Err(problems) => fail(&Failure::Setup(problems), "nothing was printed"),
        },
        cli::Request::Serve(options) => {
            let say = |line: &str| {
                use std::io::Write as _;
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{line}");
                let _ = out.flush();
            };
            match byline::serve::serve(&options, &say) {
                Ok(()) => ExitCode::SUCCESS,
                Err(problems) => fail(&Failure::Setup(problems), "nothing is served"),
            }
        }
        cli::Request::Printed(Ok(())) => ExitCode::SUCCESS,
        cli::Request::Printed(Err(e)) => {
            eprintln!("error: cannot print: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints what a check found; exit code 1 on errors (and on warnings with
/// `--deny-warnings`), 0 otherwise.
fn print_check(report: &CheckReport, format: cli::Format, deny_warnings: bool) -> ExitCode {
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    match format {
        cli::Format::Json => print!("{}", byline::diagnostic::to_json(&report.diagnostics)),
        cli::Format::Github | cli::Format::Text => {
            if format == cli::Format::Github {
                print!("{}", byline::diagnostic::to_github(&report.diagnostics));
            } else {
                for diagnostic in &report.diagnostics {
                    println!("{diagnostic}");
                }
            }
            eprintln!(
                "checked {} file{}: {errors} error{}, {warnings} warning{}",
                report.files,
                plural(report.files),
                plural(errors),
                plural(warnings)
            );
        }
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_report(report: &Report, format: cli::Format, started: Instant, verbose: bool) {
    match format {
        cli::Format::Text if verbose => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
        }
        cli::Format::Text => {
            for line in byline::diagnostic::grouped(&report.warnings, GROUP_SHOWN) {
                eprintln!("{line}");
            }
        }
        cli::Format::Json => print!("{}", byline::diagnostic::to_json(&report.warnings)),
        cli::Format::Github => print!("{}", byline::diagnostic::to_github(&report.warnings)),
    }
    let written = &report.written;
    let removed = match written.removed {
        0 => String::new(),
        n => format!(", {n} no longer produced removed"),
    };
    let pages = match (report.archive_pages, report.archive_pages_kept) {
        (0, _) => String::new(),
        (n, kept) if verbose && kept > 0 => {
            format!(
                " and {n} archive page{} ({kept} kept, not rendered again)",
                plural(n)
            )
        }
        (n, _) => format!(" and {n} archive page{}", plural(n)),
    };
    let held = match (report.held, &report.next_held) {
        (0, _) | (_, None) => String::new(),
        (n, Some((path, due))) => format!(
            " ({n} held back until their date; the next, {}, falls due at {due})",
            path.display()
        ),
    };
    eprintln!(
        "published {} feed{}{pages} ({} file{} written, {} unchanged{removed}) from {} article{}{held} in {:.2} s",
        report.feeds,
        plural(report.feeds),
        written.changed,
        plural(written.changed),
        written.unchanged,
        report.articles,
        plural(report.articles),
        started.elapsed().as_secs_f64(),
    );
    if report.lock_written {
        eprintln!("wrote byline.lock: commit it with the articles");
    }
}

/// Who a ping told: the WebSub hub, or the podcast index.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Told {
    Hub,
    Index,
}

/// Says how the hub (or the podcast index) answered each ping: exit code 3
/// when it did not accept them all (the feeds are written either way).
fn print_pings(pings: &[byline::websub::Ping], format: cli::Format, told: Told) -> ExitCode {
    let (who, title) = match told {
        Told::Hub => ("the hub", "WebSub"),
        Told::Index => ("the podcast index", "Podcast index"),
    };
    let failed: Vec<&byline::websub::Ping> = pings.iter().filter(|p| !p.accepted()).collect();
    for ping in &failed {
        let why = ping.problem().unwrap_or_default();
        let message = format!("{who} did not take the ping for {}: {why}", ping.url);
        match format {
            cli::Format::Github => println!("::error title={title}::{message}"),
            _ => eprintln!("error: {message}"),
        }
    }
    if !failed.is_empty() {
        let paths: Vec<&str> = failed.iter().map(|p| p.path.as_str()).collect();
        eprintln!(
            "  help: send {} again with `byline ping {}`",
            if failed.len() == 1 { "it" } else { "them" },
            paths.join(" ")
        );
    }
    if !pings.is_empty() {
        eprintln!(
            "pinged {who} for {} feed{}: {} accepted, {} failed",
            pings.len(),
            plural(pings.len()),
            pings.len() - failed.len(),
            failed.len()
        );
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

/// Prints why nothing was done, ending with `outcome`; see [`exit_code`].
fn fail(failure: &Failure, outcome: &str) -> ExitCode {
    fail_as(failure, cli::Format::Text, outcome)
}

/// [`fail`], printing the problems in `format` (the summary line stays on
/// stderr, in words).
fn fail_as(failure: &Failure, format: cli::Format, outcome: &str) -> ExitCode {
    let (Failure::Input(problems) | Failure::Setup(problems)) = failure;
    match format {
        cli::Format::Text => print_problems(problems, outcome),
        cli::Format::Json => print!("{}", byline::diagnostic::to_json(problems)),
        cli::Format::Github => {
            print!("{}", byline::diagnostic::to_github(problems));
            print_summary(problems, outcome);
        }
    }
    exit_code(failure)
}

/// Exit code 1 for problems in the input, 2 for usage, config and I/O
/// problems.
fn exit_code(failure: &Failure) -> ExitCode {
    match failure {
        Failure::Input(_) => ExitCode::from(1),
        Failure::Setup(_) => ExitCode::from(2),
    }
}

fn print_problems(problems: &[Diagnostic], outcome: &str) {
    for problem in problems {
        eprintln!("{problem}");
    }
    print_summary(problems, outcome);
}

/// `error: N problems in M files; outcome`, on stderr.
fn print_summary(problems: &[Diagnostic], outcome: &str) {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let mut files: Vec<_> = problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| &p.path)
        .collect();
    files.dedup();
    eprintln!(
        "error: {errors} problem{} in {} file{}; {outcome}",
        plural(errors),
        files.len(),
        plural(files.len())
    );
}

/// A progress bar on stderr, drawn only on a terminal and only once the work
/// has taken a second: short builds and CI logs print just the summary line.
struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl Bar {
    fn new(started: Instant) -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} read {human_pos} articles ({per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        Bar {
            bar,
            started,
            shown: AtomicBool::new(false),
        }
    }
}

impl Progress for Bar {
    fn start(&self) {}

    fn advance(&self, count: usize) {
        let late = self.started.elapsed() > Duration::from_secs(1);
        if late && !self.shown.swap(true, Ordering::Relaxed) {
            // `stderr()` stays hidden when stderr is not a terminal.
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.inc(count as u64);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
