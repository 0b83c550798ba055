//! The command line. The only file that knows clap: it turns flags into the
//! library's plain options.

use byline::BuildOptions;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Publish valid RSS 2.0 and Atom 1.0 feeds, with attribution, from a folder of articles.
#[derive(Parser)]
#[command(name = "byline", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Publish every configured feed into the output folder (all or nothing).
    Build {
        /// The config file.
        #[arg(long, value_name = "PATH", default_value = byline::config::DEFAULT_PATH)]
        config: PathBuf,
        /// Write the feeds here instead of the config's output folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// What the user asked for.
pub(crate) enum Request {
    Build(BuildOptions),
}

/// Parses the command line; on a usage error, clap prints it and exits with code 2.
pub(crate) fn parse() -> Request {
    match Cli::parse().command {
        Command::Build { config, out } => Request::Build(BuildOptions { config, out }),
    }
}
