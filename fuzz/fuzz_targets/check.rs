//! Fuzzes `byline check` on feed files from anywhere: any bytes must give
//! findings, never a panic, and each finding must name the file. Run with
//! `cargo fuzz run check` (see fuzz/README.md); seed it with the check
//! corpus, `tests/cli/fixtures/check/feeds/`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("feed.xml");
    for finding in byline::check_bytes(path, data, 1_700_000_000) {
        assert_eq!(finding.path, path);
        assert!(!finding.message.is_empty());
    }
});
