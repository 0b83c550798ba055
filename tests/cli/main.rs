//! byline's integration tests: one binary (it links once), driving the real
//! `byline` executable over fixture folders.
//!
//! Golden files live in `fixtures/<name>/expected/`; run with
//! `BYLINE_BLESS=1` to write them anew, then review the diff.

mod archive;
mod build;
mod check;
mod ci;
mod corrections;
mod dialects;
mod errors;
mod faults;
mod first_push;
mod harness;
mod hostile;
mod html;
mod json;
mod lock;
mod media;
mod migrate;
mod modules;
mod page;
mod podcast;
mod properties;
mod readers;
mod sample;
mod selection;
mod serve;
mod site_keys;
mod start;
