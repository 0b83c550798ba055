//! The command line. The only file that knows clap: it turns flags into the
//! library's plain options.

use byline::{BuildOptions, CheckOptions};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use std::path::PathBuf;

/// Publish valid RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds, with attribution, from a folder of articles.
#[derive(Parser)]
#[command(name = "byline", version, about, after_long_help = EXIT_STATUS)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Publish every configured feed into the output folder (all or nothing).
    #[command(after_long_help = EXIT_STATUS)]
    Build {
        /// The config file.
        #[arg(long, value_name = "PATH", default_value = byline::config::DEFAULT_PATH)]
        config: PathBuf,
        /// Write the feeds here instead of the config's output folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The build's clock: an RFC 3339 time or seconds since 1970
        /// (default: SOURCE_DATE_EPOCH, else the system clock).
        #[arg(long, value_name = "TIME", value_parser = parse_now)]
        now: Option<i64>,
        /// How to print problems and warnings (`github`: as GitHub Actions
        /// annotations, on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// After writing, tell the WebSub hub (`[site] hub`) about every feed
        /// file whose bytes changed, and the podcast index (`[site]
        /// podcast_index`) about every podcast feed that did; exit code 3 if
        /// one did not accept them all.
        #[arg(long)]
        ping: bool,
        /// How long to wait for the hub, in seconds, per request (a failed
        /// ping is tried once more).
        #[arg(long, value_name = "SECONDS", default_value_t = 10)]
        ping_timeout: u64,
        /// Print every warning: without it, a kind of warning that many
        /// files share shows its first few, then how many more there are.
        #[arg(long)]
        verbose: bool,
        /// Never write byline.lock, and fail, writing nothing, when it does
        /// not record a published article or an id would change: for the
        /// CI job that publishes.
        #[arg(long)]
        locked: bool,
    },
    /// Check the site's feeds without writing anything (and whether the files
    /// on disk are up to date), or check the given feed files from any source.
    #[command(after_long_help = EXIT_STATUS)]
    Check {
        /// The config file, when checking the site.
        #[arg(long, value_name = "PATH", default_value = byline::config::DEFAULT_PATH)]
        config: PathBuf,
        /// Compare with this folder instead of the config's output folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// How to print findings.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail (exit code 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// The clock future dates are judged by, as for `build --now`.
        #[arg(long, value_name = "TIME", value_parser = parse_now)]
        now: Option<i64>,
        /// Report every occurrence of a problem, not each one once per
        /// element name (the W3C validator's default).
        #[arg(long)]
        all: bool,
        /// The HTTP Content-Type the files were served with: its charset
        /// wins over the encoding a file declares.
        #[arg(long, value_name = "TYPE")]
        content_type: Option<String>,
        /// Feed files (RSS, Atom, JSON Feed) or feed pages to check; none checks the site.
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Tell the WebSub hub (and the podcast index, about podcast feeds) about
    /// the given feed files, or every feed of the last build, without
    /// building: to send again a ping that failed.
    Ping {
        /// The config file.
        #[arg(long, value_name = "PATH", default_value = byline::config::DEFAULT_PATH)]
        config: PathBuf,
        /// The output folder, instead of the config's.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// How long to wait for the hub, in seconds, per request.
        #[arg(long, value_name = "SECONDS", default_value_t = 10)]
        ping_timeout: u64,
        /// How to print the hub's refusals.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Feed files (none: every feed file of the last build).
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Start a site: write a commented feeds.toml (and a first article) into
    /// an empty or new folder; never overwrites anything.
    Init {
        /// The folder to start the site in.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Publish the articles already in this folder (Jekyll, Hugo or Zola
        /// posts are recognised) instead of writing a first article.
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
    },
    /// Write a new article, dated now, into the articles folder, and print its path.
    New {
        /// The article's title.
        title: String,
        /// The config file.
        #[arg(long, value_name = "PATH", default_value = byline::config::DEFAULT_PATH)]
        config: PathBuf,
    },
    /// Print the <link rel="alternate"> tags that let browsers and readers
    /// find the site's feeds, for the <head> of its pages.
    Snippet {
        /// The config file.
        #[arg(long, value_name = "PATH", default_value = byline::config::DEFAULT_PATH)]
        config: PathBuf,
    },
    /// Build the site into a temporary folder and serve it on 127.0.0.1,
    /// its links rewritten to the local address, rebuilding on changes; the
    /// output folder is never touched.
    Serve {
        /// The config file.
        #[arg(long, value_name = "PATH", default_value = byline::config::DEFAULT_PATH)]
        config: PathBuf,
        /// The port on 127.0.0.1 (0: any free one).
        #[arg(long, value_name = "PORT", default_value_t = 8000)]
        port: u16,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: Shell,
    },
    /// Print byline's manual page (roff), for `man`; with --dir, write a
    /// page per subcommand and one for feeds.toml into a folder.
    #[command(after_long_help = EXIT_STATUS)]
    Man {
        /// Write every page into this folder (created if need be), and
        /// print their paths.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The exit codes, for `--help` and the manual pages (see `main.rs`).
const EXIT_STATUS: &str = "Exit status:
  0  the feeds were published, or the check found nothing to fail on
  1  problems in the articles (build), or findings (check): every one is listed, nothing is written
  2  a usage, config or I/O problem: nothing is written
  3  the feeds were written, but the WebSub hub or the podcast index did not accept every ping (build --ping)

The config file's keys: man 5 byline-feeds.toml (byline man --dir DIR writes every page).";

/// How `build` and `check` print what they found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// `path:line: error[Rule]: message`, then a summary line.
    Text,
    /// A JSON array of findings on stdout.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`) on
    /// stdout, which show as annotations on a pull request's lines.
    Github,
}

/// What the user asked for.
pub(crate) enum Request {
    Build {
        options: BuildOptions,
        format: Format,
        /// Every warning, not the first few of each kind.
        verbose: bool,
    },
    Ping {
        options: byline::websub::PingOptions,
        format: Format,
    },
    Init {
        dir: PathBuf,
        from: Option<PathBuf>,
    },
    New {
        title: String,
        config: PathBuf,
    },
    Snippet {
        config: PathBuf,
    },
    Serve(byline::serve::ServeOptions),
    /// Already done: a completion script or the manual was printed.
    Printed(std::io::Result<()>),
    Check {
        options: CheckOptions,
        format: Format,
        deny_warnings: bool,
    },
}

/// A clock given on the command line: RFC 3339, or seconds since 1970.
fn parse_now(text: &str) -> Result<i64, String> {
    text.parse::<i64>().or_else(|_| {
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|time| time.timestamp())
            .map_err(|_| format!("`{text}` is not an RFC 3339 time (2024-08-11T21:00:00Z) or a number of seconds since 1970"))
    })
}

/// Parses the command line; on a usage error, clap prints it and exits with code 2.
pub(crate) fn parse() -> Request {
    match Cli::parse().command {
        Command::Build {
            config,
            out,
            now,
            format,
            ping,
            ping_timeout,
            verbose,
            locked,
        } => Request::Build {
            options: BuildOptions {
                config,
                out,
                now,
                ping,
                lock: if locked {
                    byline::LockMode::Locked
                } else {
                    byline::LockMode::Write
                },
                patience: byline::websub::Patience {
                    timeout: std::time::Duration::from_secs(ping_timeout),
                    ..byline::websub::Patience::default()
                },
            },
            format,
            verbose,
        },
        Command::Check {
            config,
            out,
            format,
            deny_warnings,
            now,
            all,
            content_type,
            files,
        } => Request::Check {
            options: CheckOptions {
                config,
                out,
                files,
                now,
                all,
                content_type,
            },
            format,
            deny_warnings,
        },
        Command::Ping {
            config,
            out,
            ping_timeout,
            format,
            files,
        } => Request::Ping {
            options: byline::websub::PingOptions {
                config,
                out,
                files,
                patience: byline::websub::Patience {
                    timeout: std::time::Duration::from_secs(ping_timeout),
                    ..byline::websub::Patience::default()
                },
            },
            format,
        },
        Command::Init { dir, from } => Request::Init { dir, from },
        Command::New { title, config } => Request::New { title, config },
        Command::Snippet { config } => Request::Snippet { config },
        Command::Serve { config, port } => {
            Request::Serve(byline::serve::ServeOptions { config, port })
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "byline", &mut std::io::stdout());
            Request::Printed(Ok(()))
        }
        Command::Man { dir: None } => {
            Request::Printed(clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()))
        }
        Command::Man { dir: Some(dir) } => Request::Printed(write_manual(&dir)),
    }
}

/// Writes byline's manual into `dir`: `byline.1`, a page per subcommand
/// (`byline-build.1`, …, as the main page's SUBCOMMANDS section names them)
/// and `byline-feeds.toml.5`; prints each path.
fn write_manual(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = vec![(dir.join("byline.1"), Vec::new())];
    clap_mangen::Man::new(command.clone()).render(&mut pages[0].1)?;
    for sub in command.get_subcommands() {
        let man = clap_mangen::Man::new(sub.clone());
        let mut page = Vec::new();
        man.render(&mut page)?;
        pages.push((dir.join(man.get_filename()), page));
    }
    let version = command.get_version().unwrap_or("");
    pages.push((
        dir.join(byline::man::CONFIG_PAGE),
        byline::man::config_page(version).into_bytes(),
    ));
    for (path, page) in pages {
        std::fs::write(&path, page)?;
        println!("{}", path.display());
    }
    Ok(())
}
