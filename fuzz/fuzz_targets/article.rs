//! Fuzzes the article parser and everything after it: any bytes, as a
//! `.txt` or a `.md` file, must give well-formed feeds or diagnostics,
//! never a panic. Run with `cargo fuzz run article` (see fuzz/README.md).
#![no_main]

use byline::config;
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn config() -> &'static config::Config {
    static CONFIG: OnceLock<config::Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        config::parse(
            Path::new("feeds.toml"),
            "[site]\ntitle = \"F\"\nbase_url = \"https://f.example.org/\"\nauthors = [\"Desk\"]\n\
             [[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\n",
        )
        .expect("valid fuzz config")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = if selector & 1 == 0 { "2024-01-01-a.txt" } else { "2024-01-01-a.md" };
    let path = PathBuf::from(name);
    let Ok(text) = byline::decode_article(&path, bytes.to_vec()) else {
        return;
    };
    if let Ok(files) = byline::render_texts(config(), &[(path, text)]) {
        for file in files {
            let xml = std::str::from_utf8(&file.bytes).expect("feeds are UTF-8");
            if let Err(e) = roxmltree::Document::parse(xml) {
                panic!("{} is not well-formed: {e}\n{xml}", file.path);
            }
        }
    }
});
