//! The manual page of `feeds.toml` (section 5), made from the config
//! reader's own definitions: the tables and keys are those its serde
//! structs accept (`config::key_tables`), and a test fails when a
//! key has no line here, or a line here no key. The pages of the
//! subcommands come from the command line's definition, in the binary.

/// What each key of each table means: (table, key, meaning).
const MEANINGS: &[(&str, &str, &str)] = &[
    (
        "",
        "site",
        "the site: its name, address and the defaults articles inherit (required)",
    ),
    (
        "",
        "build",
        "where articles and output live, and how articles are read",
    ),
    (
        "",
        "feeds",
        "the feeds to publish, one [[feeds]] table each (at least one)",
    ),
    (
        "",
        "check",
        "the warnings a site allows, everywhere or for some files",
    ),
    ("site", "title", "the site's name (required)"),
    (
        "site",
        "base_url",
        "the site's home, an absolute http(s) URL (required); feeds and article links are made from it",
    ),
    (
        "site",
        "description",
        "one sentence about the site (the RSS channel description)",
    ),
    (
        "site",
        "language",
        "the content language, a tag such as en or pt-BR",
    ),
    (
        "site",
        "timezone",
        "the IANA zone dates without an offset are read in (default UTC)",
    ),
    (
        "site",
        "article_url",
        "the pattern of an article's URL, relative to base_url: {slug} (required), {section} (the article's folder), {year}, {month}, {day} (default {slug}/; Zola dialect {section}/{slug}/)",
    ),
    (
        "site",
        "authors",
        "the default authors: names, or { name, email, url } tables",
    ),
    (
        "site",
        "default_time",
        "the time of day, in the site's zone, of articles dated by day alone, such as 09:00 (default 00:00)",
    ),
    (
        "site",
        "rights",
        "the default rights statement, and the feeds' own",
    ),
    (
        "site",
        "license",
        "the default license URL, and the feeds' own",
    ),
    (
        "site",
        "hub",
        "a WebSub hub's URL, named in every feed and told by build --ping",
    ),
    (
        "site",
        "podcast_index",
        "a podcast index's pubnotify URL, told by build --ping about podcast feeds that changed, and by ping (GET ?url=)",
    ),
    (
        "site",
        "icon",
        "the site's square icon, a file (published with the media) or a URL: Atom icon, JSON Feed icon and favicon, RSS image, the page's icon",
    ),
    (
        "site",
        "logo",
        "the site's wide logo, likewise: Atom logo, RSS image (within 144 by 400 pixels), the page's header",
    ),
    (
        "build",
        "articles",
        "the articles folder, relative to the config file (default articles)",
    ),
    (
        "build",
        "output",
        "the output folder, relative to the config file (default public)",
    ),
    (
        "build",
        "max_article_bytes",
        "larger article files are refused (default 10485760)",
    ),
    (
        "build",
        "front_matter",
        "whose front-matter keys articles use: byline, jekyll, hugo or zola (default byline)",
    ),
    (
        "build",
        "updated_from_git",
        "an article without updated takes the date of the last commit that changed it (default false)",
    ),
    (
        "build",
        "future",
        "an article dated after the build's clock: publish it with a warning, or hold it back (default publish)",
    ),
    (
        "build",
        "media",
        "where local media files are published, relative to the output folder: {path}, {name} (default media/{path})",
    ),
    (
        "build",
        "opml",
        "the OPML 2.0 list of every feed file, relative to the output folder, or false for none (default feeds.opml)",
    ),
    (
        "feeds",
        "title",
        "the feed's title ({tag}, {author}, {language}, {section}: the value's name in per-value feeds; default the site's)",
    ),
    (
        "feeds",
        "description",
        "one sentence about the feed (default the site's)",
    ),
    (
        "feeds",
        "rss",
        "the RSS 2.0 file, relative to the output folder",
    ),
    ("feeds", "atom", "the Atom 1.0 file, likewise"),
    ("feeds", "json", "the JSON Feed 1.1 file, likewise"),
    (
        "feeds",
        "html",
        "the feed's HTML page, likewise, ending in .html",
    ),
    (
        "feeds",
        "limit",
        "the most items, newest first, or \"all\" (default 20)",
    ),
    (
        "feeds",
        "archive",
        "true keeps the whole history in RFC 5005 archive pages (default false)",
    ),
    (
        "feeds",
        "archive_page",
        "items per archive page (default the feed's limit)",
    ),
    (
        "feeds",
        "content",
        "full (summary and whole article) or summary (default full)",
    ),
    (
        "feeds",
        "tags",
        "only articles with at least one of these tags (default all articles)",
    ),
    (
        "feeds",
        "sections",
        "only articles in one of these folders of the articles folder, or below them (default all articles)",
    ),
    (
        "feeds",
        "authors",
        "only articles by at least one of these authors, the article's or else the site's, matched by slug (default all articles)",
    ),
    (
        "feeds",
        "languages",
        "only articles in one of these languages, the article's or else the site's (default all articles)",
    ),
    ("feeds", "exclude_tags", "no article with any of these tags"),
    (
        "feeds",
        "for_each_tag",
        "one feed per tag in use; {tag} in the file names becomes the tag's slug (default false)",
    ),
    (
        "feeds",
        "for_each_author",
        "one feed per author; {author} in the file names becomes the name's slug (default false)",
    ),
    (
        "feeds",
        "for_each_language",
        "one feed per language; {language} in the file names becomes the tag in lowercase (default false)",
    ),
    (
        "feeds",
        "for_each_section",
        "one feed per folder directly under the articles folder; {section} becomes its slug (default false)",
    ),
    (
        "feeds",
        "link",
        "the web page the feed stands for ({tag}, {author}, {language}, {section} allowed; default base_url)",
    ),
    (
        "feeds",
        "podcast",
        "makes the feed a podcast: the table below",
    ),
    (
        "feeds.podcast",
        "image",
        "the show's cover: a square JPEG or PNG of 1400 to 3000 pixels, a file or a URL (required)",
    ),
    (
        "feeds.podcast",
        "category",
        "one of Apple's podcast categories (required)",
    ),
    (
        "feeds.podcast",
        "subcategory",
        "one of that category's subcategories",
    ),
    (
        "feeds.podcast",
        "explicit",
        "true when the show is explicit (default false)",
    ),
    (
        "feeds.podcast",
        "owner",
        "{ name, email }: who Apple writes to about the show (required)",
    ),
    (
        "feeds.podcast",
        "type",
        "episodic or serial (default episodic)",
    ),
    (
        "feeds.podcast",
        "author",
        "the show's author, as podcast apps show it",
    ),
    (
        "feeds.podcast",
        "copyright",
        "the show's copyright, the holder's name alone as PSP-1 asks (default: [site] rights)",
    ),
    (
        "feeds.podcast",
        "locked",
        "podcast:locked: true asks other hosts not to import the feed, with the owner's e-mail",
    ),
    (
        "feeds.podcast",
        "funding",
        "[{ url, text }]: podcast:funding links where listeners support the show",
    ),
    (
        "feeds.podcast",
        "new_feed_url",
        "itunes:new-feed-url: where the show has moved",
    ),
    (
        "check",
        "allow",
        "rule names whose warnings are not reported, in build, check and check --deny-warnings; errors cannot be allowed",
    ),
    (
        "check",
        "overrides",
        "[[check.overrides]] tables: rules allowed for some files only",
    ),
    (
        "check.overrides",
        "paths",
        "globs matched against a file's path from the config's folder or the articles folder: * and ? within a folder, ** across folders",
    ),
    (
        "check.overrides",
        "allow",
        "rule names whose warnings are not reported for the files the globs match",
    ),
];

/// The file name of the page.
pub const CONFIG_PAGE: &str = "byline-feeds.toml.5";

/// Text for roff: backslashes and hyphens escaped, no line starting with
/// a control character.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.chars().next() {
        Some('.' | '\'') => format!("\\&{escaped}"),
        _ => escaped,
    }
}

/// The page of `feeds.toml`'s keys, in roff, for `man -l`.
pub fn config_page(version: &str) -> String {
    let mut page = format!(
        ".TH BYLINE\\-FEEDS.TOML 5 \"\" \"byline {}\" \"File Formats\"\n\
         .SH NAME\nfeeds.toml \\- byline's config: the site, its folders, its feeds and its rules\n\
         .SH DESCRIPTION\n\
         byline reads feeds.toml (or the file given with \\fB\\-\\-config\\fR), a TOML file. \
         Every table rejects a key it does not know, with its line and a did\\-you\\-mean. \
         Relative folders are relative to the config file.\n",
        roff(version)
    );
    for (table, keys) in crate::config::key_tables() {
        let heading = match table {
            "" => "TABLES".to_owned(),
            "feeds" | "check.overrides" => format!("[[{table}]]"),
            _ => format!("[{table}]"),
        };
        page.push_str(&format!(".SH \"{}\"\n", roff(&heading)));
        for key in keys {
            let meaning = meaning(table, key).unwrap_or("");
            page.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(key), roff(meaning)));
        }
    }
    page.push_str(
        ".SH EXAMPLE\n.nf\n[site]\ntitle = \"The Gazette\"\nbase_url = \"https://gazette.example.org/\"\n\
         authors = [\"Newsdesk\"]\n\n[[feeds]]\nrss = \"feed.xml\"\natom = \"atom.xml\"\n\
         json = \"feed.json\"\nhtml = \"feed.html\"\n\n[check]\nallow = [\"TemplateTag\"]\n.fi\n\
         .SH \"SEE ALSO\"\n\\fBbyline\\fR(1), \\fBbyline\\-build\\fR(1), \\fBbyline\\-check\\fR(1)\n",
    );
    page
}

fn meaning(table: &str, key: &str) -> Option<&'static str> {
    MEANINGS
        .iter()
        .find(|(t, k, _)| *t == table && *k == key)
        .map(|(_, _, meaning)| *meaning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_reader_takes_has_a_meaning_and_no_other_does() {
        let tables = crate::config::key_tables();
        let mut listed = 0;
        for (table, keys) in &tables {
            assert!(!keys.is_empty(), "the reader's [{table}] has keys");
            for key in *keys {
                assert!(
                    meaning(table, key).is_some(),
                    "[{table}] {key} has no meaning in man.rs"
                );
                listed += 1;
            }
        }
        assert_eq!(
            listed,
            MEANINGS.len(),
            "man.rs explains a key the reader does not take"
        );
    }

    #[test]
    fn the_page_lists_the_keys_in_roff() {
        let page = config_page("1.2.3");
        assert!(page.starts_with(".TH BYLINE\\-FEEDS.TOML 5"));
        assert!(
            page.contains(".SH \"[site]\"\n.TP\n\\fBtitle\\fR\n"),
            "{page}"
        );
        assert!(
            page.contains(".SH \"[[check.overrides]]\"\n.TP\n\\fBpaths\\fR\n"),
            "{page}"
        );
        assert!(page.contains("\\fBmax_article_bytes\\fR"));
    }
}
