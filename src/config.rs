//! `feeds.toml`: the site, where articles and output live, and the feeds.
//!
//! The serde structs mirror the file one to one and reject unknown keys, so a
//! typo is an error with its line and a did-you-mean hint rather than a
//! setting silently ignored. [`load`] turns them into a [`Config`] whose
//! values are checked (absolute base URL, known time zone, output paths
//! that stay inside the output folder), reporting every problem at once.

use crate::attribution::{Person, PersonEntry};
use crate::diagnostic::{self, Diagnostic};
use crate::format::Format;
use crate::links;
use crate::media::{self, Podcast, ShowType};
use crate::permalink::ArticleUrl;
use crate::plain;
use crate::rule::Rule;
use crate::syntax::is_language_tag;
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;
use url::Url;

/// The checked configuration of one site.
#[derive(Clone, Debug)]
pub struct Config {
    /// The config file, as given on the command line.
    pub path: PathBuf,
    /// Site-wide metadata and defaults.
    pub site: Site,
    /// The articles folder (relative paths are relative to the config file).
    pub articles_dir: PathBuf,
    /// The output folder (likewise).
    pub output_dir: PathBuf,
    /// Articles larger than this are refused.
    pub max_article_bytes: u64,
    /// The feeds to publish, in the order the config lists them.
    pub feeds: Vec<FeedSpec>,
    /// What the config publishes all the same, but is worth a look.
    pub warnings: Vec<Diagnostic>,
    /// What to do with articles dated after the build's clock.
    pub future: Future,
    /// The rules `[check]` allows.
    pub check: crate::allow::Allowed,
    /// Where the OPML list of every feed goes, relative to the output
    /// folder (`[build] opml`); `None` for no list.
    pub opml: Option<String>,
}

/// Site-wide metadata, and the defaults articles inherit.
#[derive(Clone, Debug)]
pub struct Site {
    /// The site's name.
    pub title: String,
    /// The site's home, always ending in `/`.
    pub base_url: Url,
    /// One sentence about the site (RSS requires a channel description).
    pub description: String,
    /// The content language, e.g. `en` or `pt-BR`, in BCP 47's case
    /// whatever case the config gives it.
    pub language: Option<String>,
    /// The zone that dates without an offset are read in.
    pub timezone: Tz,
    /// The time of day, in `timezone`, of an article dated by day alone
    /// (`[site] default_time`); midnight unless set.
    pub default_time: chrono::NaiveTime,
    /// The pattern of an article's URL, relative to `base_url`.
    pub article_url: ArticleUrl,
    /// Authors of articles that name none, shared by all of them.
    pub authors: Arc<[Person]>,
    /// The rights statement of articles that state none.
    pub rights: Option<String>,
    /// The license URL of articles that give none.
    pub license: Option<String>,
    /// Whose front-matter keys articles use (`[build] front_matter`).
    pub front_matter: Dialect,
    /// Returns true if and only if an article without `updated` takes the
    /// date of the last commit that changed it (`[build] updated_from_git`).
    pub updated_from_git: bool,
    /// Where local media files are published, relative to the output
    /// folder (`[build] media`, with `{path}` and `{name}`).
    pub media: String,
    /// The folder local media files must be in, and `{path}` is relative
    /// to: the articles folder.
    pub media_root: PathBuf,
    /// The WebSub hub every feed names, and `build --ping` tells.
    pub hub: Option<String>,
    /// The podcast index's pubnotify endpoint that `build --ping` tells
    /// about podcast feeds that changed (a GET with `?url=`).
    pub podcast_index: Option<String>,
    /// The site's square icon (`[site] icon`): Atom's `icon`, JSON Feed's
    /// `icon` and `favicon`, the HTML page's `<link rel="icon">`.
    pub icon: Option<SiteImage>,
    /// The site's wide logo (`[site] logo`): Atom's `logo`, the HTML page's
    /// header.
    pub logo: Option<SiteImage>,
}

/// The site's icon or logo: a local file (published with the media) or a
/// URL.
#[derive(Clone, Debug)]
pub struct SiteImage {
    /// The image; for a local file, what [`load`] read of it.
    pub(crate) image: media::Image,
    /// Where the config gives it, for diagnostics.
    at: usize,
}

/// The largest image RSS 2.0's `<image>` allows, in pixels.
pub(crate) const RSS_IMAGE_PIXELS: (u32, u32) = (144, 400);

impl Site {
    /// The image of the RSS channel's `<image>`: the logo, or else the
    /// icon, whichever fits RSS's 144 by 400 pixels first; a remote image,
    /// whose size byline does not know, is taken as it is.
    pub(crate) fn rss_image(&self) -> Option<&media::Image> {
        let (width, height) = RSS_IMAGE_PIXELS;
        [&self.logo, &self.icon]
            .into_iter()
            .flatten()
            .map(|site_image| &site_image.image)
            .find(|image| match image.pixels {
                Some((w, h)) => w <= width && h <= height,
                None => image.local.is_none(),
            })
    }

    /// The absolute URL of an article, from the `article_url` pattern.
    /// `section` is the article's folder below the articles folder: at the
    /// top it is empty, and the `/` after `{section}` goes with it.
    pub fn permalink(&self, slug: &str, date: NaiveDate, section: &str) -> Url {
        let path = self.article_url.path(slug, date, section);
        // The pattern was checked at load time, so the join cannot fail; fall
        // back to the base URL rather than panic if it ever did.
        self.base_url
            .join(&path)
            .unwrap_or_else(|_| self.base_url.clone())
    }

    /// Pushes [`Site::permalink`] onto `out`. Where the base URL ends in a
    /// folder and the path holds only what a URL keeps as it is (letters,
    /// digits, `-._~`, `/` between segments that are not `.` or `..`, and
    /// `%` escapes of anything but a dot), joining is adding the path to
    /// the base, and no URL is parsed: the lock writes one for each of a
    /// site's articles on every build.
    pub(crate) fn push_permalink(
        &self,
        slug: &str,
        date: NaiveDate,
        section: &str,
        out: &mut String,
    ) {
        let base = &self.base_url;
        let plain_base = base.path().ends_with('/')
            && base.query().is_none()
            && base.fragment().is_none()
            && !base.cannot_be_a_base();
        let start = out.len();
        out.push_str(base.as_str());
        let path_at = out.len();
        self.article_url.push_path(slug, date, section, out);
        if !(plain_base && kept_as_is(&out[path_at..])) {
            out.truncate(start);
            out.push_str(self.permalink(slug, date, section).as_str());
        }
    }

    /// The day an article published at `published` has in its URL: the
    /// date as written, in its own offset; in the Jekyll dialect the date
    /// in the site's zone, as Jekyll formats `:day`.
    pub fn url_date(&self, published: chrono::DateTime<chrono::FixedOffset>) -> NaiveDate {
        if self.front_matter == Dialect::Jekyll {
            published.with_timezone(&self.timezone).date_naive()
        } else {
            published.date_naive()
        }
    }

    /// The absolute URL of a file in the output folder.
    pub fn output_url(&self, relative: &str) -> Url {
        self.base_url
            .join(relative)
            .unwrap_or_else(|_| self.base_url.clone())
    }

    /// A stable id for an article: a `tag:` URI (RFC 4151) made of the
    /// site's host and path, the year of publication and the slug.
    ///
    /// It has no scheme and no folder in it, so moving the site from http to
    /// https, or the file to another folder, keeps every id.
    pub fn article_id(&self, slug: &str, date: NaiveDate) -> String {
        let mut id = String::new();
        self.push_article_id(slug, date, &mut id);
        id
    }

    /// Pushes [`Site::article_id`] onto `out`, without a `format!`: the
    /// lock makes one for each of a site's articles on every build.
    pub(crate) fn push_article_id(&self, slug: &str, date: NaiveDate, out: &mut String) {
        let host = self.base_url.host_str().unwrap_or("localhost");
        let path = self.base_url.path().trim_start_matches('/');
        out.push_str("tag:");
        out.push_str(host);
        out.push(',');
        match u32::try_from(date.year()) {
            Ok(year) if year <= 9999 => {
                for digit in [year / 1000, year / 100 % 10, year / 10 % 10, year % 10] {
                    out.push(char::from(b'0' + digit as u8));
                }
            }
            _ => {
                use std::fmt::Write as _;
                let _ = write!(out, "{:04}", date.year());
            }
        }
        out.push(':');
        out.push_str(path);
        links::push_segment(slug, out);
    }
}

/// Whose front matter an article holds: byline's own keys, or another
/// generator's, mapped onto byline's model (`[build] front_matter`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// byline's keys only; any other key is an error.
    #[default]
    Byline,
    /// Jekyll's keys too (`published`, `categories`, `last_modified_at`).
    Jekyll,
    /// Hugo's keys too (`publishDate`, `lastmod`, `categories`).
    Hugo,
    /// Zola's keys too (`[taxonomies]`, `description`).
    Zola,
}

/// What a build does with an article dated after its clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Future {
    /// Publish it, with a warning (a future date is most often a typo).
    #[default]
    Publish,
    /// Hold it back until the build's clock reaches its date (embargoes).
    Hold,
}

/// What a feed carries for each item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContentMode {
    /// The summary and the whole article as HTML.
    Full,
    /// The summary only.
    Summary,
}

/// One `[[feeds]]` entry, checked.
#[derive(Clone, Debug)]
pub struct FeedSpec {
    /// Title; `{tag}` is replaced in per-tag feeds. Default: the site's.
    pub title: Option<String>,
    /// Description. Default: the site's.
    pub description: Option<String>,
    /// Its files: each format and where it goes, relative to the output
    /// folder (`{tag}` in per-tag feeds), in `Format::ALL` order.
    pub outputs: Vec<(Format, String)>,
    /// The most items the feed carries (`usize::MAX` for `limit = "all"`).
    pub limit: usize,
    /// With RFC 5005 archives, how many items each archive page holds.
    pub archive: Option<usize>,
    /// Full content or summaries.
    pub content: ContentMode,
    /// Only articles with at least one of these tags; empty means all.
    pub tags: Vec<String>,
    /// Only articles in one of these folders of the articles folder (or
    /// below them), such as a Zola section; empty means all.
    pub sections: Vec<String>,
    /// Only articles by at least one of these authors (matched by slug, so
    /// `ana lima` is `Ana Lima`); empty means all.
    pub authors: Vec<String>,
    /// Only articles in one of these languages (the article's, or else the
    /// site's; matched without regard to case), in BCP 47's case; empty
    /// means all.
    pub languages: Vec<String>,
    /// No article with any of these tags (matched by slug).
    pub exclude_tags: Vec<String>,
    /// One feed per tag, author, language or section in use, with its
    /// placeholder in the paths (`for_each_tag` and its kin).
    pub each: Option<Each>,
    /// The web page the feed stands for. Default: the site's home.
    pub link: Option<String>,
    /// The show's details, when the feed is a podcast.
    pub podcast: Option<Podcast>,
    /// The line of the config its `[[feeds]]` table starts at, for the
    /// warnings about what it publishes.
    pub line: usize,
}

/// What a feed published once per value is published once per.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Each {
    /// Each tag in use (`for_each_tag`, `{tag}`).
    Tag,
    /// Each author of a published article (`for_each_author`, `{author}`).
    Author,
    /// Each language of a published article (`for_each_language`,
    /// `{language}`).
    Language,
    /// Each folder directly under the articles folder that holds a
    /// published article (`for_each_section`, `{section}`).
    Section,
}

impl Each {
    /// Every kind, in the order the README lists them.
    pub const ALL: [Each; 4] = [Each::Tag, Each::Author, Each::Language, Each::Section];

    /// What stands for the value in paths, titles and links.
    pub fn placeholder(self) -> &'static str {
        match self {
            Each::Tag => "{tag}",
            Each::Author => "{author}",
            Each::Language => "{language}",
            Each::Section => "{section}",
        }
    }

    /// The key that asks for it.
    pub fn key(self) -> &'static str {
        match self {
            Each::Tag => "for_each_tag",
            Each::Author => "for_each_author",
            Each::Language => "for_each_language",
            Each::Section => "for_each_section",
        }
    }

    /// The filter key that a feed per value cannot also set.
    fn filter_key(self) -> &'static str {
        match self {
            Each::Tag => "tags",
            Each::Author => "authors",
            Each::Language => "languages",
            Each::Section => "sections",
        }
    }

    /// The word for one value, in messages.
    fn noun(self) -> &'static str {
        match self {
            Each::Tag => "tag",
            Each::Author => "author",
            Each::Language => "language",
            Each::Section => "section",
        }
    }
}

/// Where the OPML list of every feed goes when `[build] opml` is not set.
pub const DEFAULT_OPML: &str = "feeds.opml";

/// The name of the config file byline looks for by default.
pub const DEFAULT_PATH: &str = "feeds.toml";

/// How many items a feed carries when its `limit` is not set.
pub const DEFAULT_LIMIT: usize = 20;

/// The largest article byline reads when `max_article_bytes` is not set.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 10 * 1024 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    site: RawSite,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    feeds: Vec<Spanned<RawFeed>>,
    check: Option<crate::allow::RawCheck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: String,
    base_url: Spanned<String>,
    description: Option<String>,
    language: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    default_time: Option<Spanned<String>>,
    article_url: Option<Spanned<String>>,
    #[serde(default)]
    authors: Vec<Spanned<PersonEntry>>,
    rights: Option<String>,
    license: Option<Spanned<String>>,
    hub: Option<Spanned<String>>,
    podcast_index: Option<Spanned<String>>,
    icon: Option<Spanned<String>>,
    logo: Option<Spanned<String>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBuild {
    articles: Option<String>,
    output: Option<String>,
    max_article_bytes: Option<u64>,
    front_matter: Option<Dialect>,
    updated_from_git: Option<bool>,
    future: Option<Future>,
    media: Option<Spanned<String>>,
    opml: Option<Spanned<RawOpml>>,
}

/// `[build] opml` as written: a path, or `true` or `false`.
#[derive(Clone, Deserialize)]
#[serde(untagged)]
enum RawOpml {
    On(bool),
    Path(String),
}

/// One `[[feeds]]` table as written. Each format has its own key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    title: Option<String>,
    description: Option<String>,
    rss: Option<Spanned<String>>,
    atom: Option<Spanned<String>>,
    json: Option<Spanned<String>>,
    html: Option<Spanned<String>>,
    limit: Option<RawLimit>,
    archive: Option<bool>,
    archive_page: Option<Spanned<usize>>,
    content: Option<ContentMode>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    sections: Vec<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    languages: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_tags: Vec<String>,
    #[serde(default)]
    for_each_tag: bool,
    #[serde(default)]
    for_each_author: bool,
    #[serde(default)]
    for_each_language: bool,
    #[serde(default)]
    for_each_section: bool,
    link: Option<Spanned<String>>,
    podcast: Option<Spanned<RawPodcast>>,
}

/// A feed's `limit` as written: a number, or `"all"`.
#[derive(Clone, Deserialize)]
#[serde(untagged)]
enum RawLimit {
    Count(usize),
    Word(String),
}

/// A feed's `podcast` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPodcast {
    image: Spanned<String>,
    category: Spanned<String>,
    subcategory: Option<Spanned<String>>,
    #[serde(default)]
    explicit: bool,
    owner: Spanned<PersonEntry>,
    #[serde(rename = "type", default)]
    kind: ShowType,
    author: Option<String>,
    copyright: Option<Spanned<String>>,
    locked: Option<bool>,
    #[serde(default)]
    funding: Vec<Spanned<RawFunding>>,
    new_feed_url: Option<Spanned<String>>,
}

/// A `podcast.funding` entry as written: where listeners support the show.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFunding {
    url: Spanned<String>,
    text: String,
}

impl RawFeed {
    /// The file written in `format`, as written.
    fn output(&self, format: Format) -> Option<&Spanned<String>> {
        match format {
            Format::Rss => self.rss.as_ref(),
            Format::Atom => self.atom.as_ref(),
            Format::Json => self.json.as_ref(),
            Format::Html => self.html.as_ref(),
        }
    }

    /// Every kind of value the feed is published once per.
    fn each(&self) -> Vec<Each> {
        let set = [
            self.for_each_tag,
            self.for_each_author,
            self.for_each_language,
            self.for_each_section,
        ];
        Each::ALL
            .into_iter()
            .zip(set)
            .filter_map(|(each, set)| set.then_some(each))
            .collect()
    }

    /// Returns true if and only if the feed filters by what `each` names.
    fn filters_by(&self, each: Each) -> bool {
        match each {
            Each::Tag => !self.tags.is_empty(),
            Each::Author => !self.authors.is_empty(),
            Each::Language => !self.languages.is_empty(),
            Each::Section => !self.sections.is_empty(),
        }
    }

    /// Every file of the feed, in [`Format::ALL`] order.
    fn outputs(&self) -> impl Iterator<Item = (Format, &Spanned<String>)> {
        Format::ALL
            .into_iter()
            .filter_map(|format| Some((format, self.output(format)?)))
    }
}

/// Reads and checks a config file; every problem comes back at once.
pub fn load(path: &Path) -> Result<Config, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        let diagnostic = Diagnostic::error(path, format!("cannot read the config file: {e}"));
        vec![if e.kind() == std::io::ErrorKind::NotFound {
            let example: Vec<String> = MINIMAL_CONFIG
                .lines()
                .map(|line| match line {
                    "" => String::new(),
                    line => format!("        {line}"),
                })
                .collect();
            diagnostic.with_help(format!(
                "run byline in the folder that holds feeds.toml, or pass --config PATH; \
                 to start a site here, run `byline init`, or create feeds.toml with:\n{}",
                example.join("\n")
            ))
        } else {
            diagnostic
        }]
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        vec![
            Diagnostic::error(path, "the config file is not valid UTF-8")
                .at_offset(&String::from_utf8_lossy(&bytes), e.valid_up_to()),
        ]
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut config, mut problems) = parse_all(path, text)?;
    problems.extend(probe_covers(&mut config, path, text));
    problems.extend(probe_site_images(&mut config, path, text));
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// Parses and checks config text; `path` is only used in diagnostics and to
/// resolve the articles and output folders. Reads no file: a podcast's
/// local cover is checked by [`load`], which reads it.
pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let (config, problems) = parse_all(path, text)?;
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// [`parse`], with the config made whatever its problems (for `load` to
/// read the covers of): `Err` only when the text is not TOML.
fn parse_all(path: &Path, text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let raw: RawConfig =
        toml::from_str(text).map_err(|e| vec![diagnostic::from_toml(path, text, 0, &e)])?;
    let mut reader = Reader {
        path,
        text,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let mut config = reader.config(raw);
    config.warnings = reader.warnings;
    Ok((config, reader.problems))
}

/// Reads each podcast's local cover, for its type, size and pixels, and
/// applies the pre-flight rules on covers (`crate::check::podcast`): a
/// square RGB JPEG or PNG of 1400 to 3000 pixels a side, named for its
/// type, without alpha, of 512 KB at most. The problems are at the cover's
/// place in `text`; the warnings join the config's.
fn probe_covers(config: &mut Config, path: &Path, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for podcast in config
        .feeds
        .iter_mut()
        .filter_map(|spec| spec.podcast.as_mut())
    {
        let at = podcast.cover_at;
        let image = &mut podcast.image;
        let Some(local) = &image.local else { continue };
        let unread = |e: std::io::Error| {
            Diagnostic::error(
                path,
                format!("cannot read the cover `{}`: {e}", local.file.display()),
            )
            .at_offset(text, at)
        };
        let probed = match media::probe(&local.file) {
            Ok(probed) => probed,
            Err(e) => {
                problems.push(unread(e));
                continue;
            }
        };
        let name = local.path.rsplit('/').next().unwrap_or(&local.path);
        match crate::check::podcast::read_cover_findings(&local.file, name) {
            Ok(found) => {
                for (rule, message) in found {
                    let diagnostic = Diagnostic::finding(path, rule, message).at_offset(text, at);
                    if diagnostic.is_error() {
                        problems.push(diagnostic);
                    } else {
                        warnings.push(diagnostic);
                    }
                }
            }
            Err(e) => problems.push(unread(e)),
        }
        image.mime = probed.mime;
        image.pixels = probed.pixels;
        image.length = Some(probed.length);
    }
    config.warnings.extend(warnings);
    problems
}

/// Reads the site's local icon and logo, for their type, size and pixels:
/// each must be an image. An icon that is not square, and a site whose
/// images all pass RSS's 144 by 400 pixels (so that its RSS feeds carry no
/// `<image>`), are warnings (`SiteImageSize`).
fn probe_site_images(config: &mut Config, path: &Path, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let site = &mut config.site;
    for (key, site_image) in [("icon", &mut site.icon), ("logo", &mut site.logo)] {
        let Some(site_image) = site_image else {
            continue;
        };
        let at = site_image.at;
        let image = &mut site_image.image;
        let Some(local) = &image.local else { continue };
        let problem = |message: String| Diagnostic::error(path, message).at_offset(text, at);
        let probed = match media::probe(&local.file) {
            Ok(probed) => probed,
            Err(e) => {
                problems.push(problem(format!(
                    "cannot read the {key} `{}`: {e}",
                    local.file.display()
                )));
                continue;
            }
        };
        if !probed.mime.is_some_and(|mime| mime.starts_with("image/")) {
            problems.push(problem(format!(
                "the {key} is {}, not an image",
                probed.mime.unwrap_or("a file byline does not know")
            )));
            continue;
        }
        if key == "icon"
            && let Some((width, height)) = probed.pixels
            && width != height
        {
            config.warnings.push(
                Diagnostic::warning(
                    path,
                    format!("the icon is {width}×{height} pixels: Atom asks for a square one, and readers crop others"),
                )
                .at_offset(text, at)
                .rule(crate::rule::Rule::SiteImageSize)
                .with_help("use a square image, such as 512×512 pixels"),
            );
        }
        image.mime = probed.mime;
        image.pixels = probed.pixels;
        image.length = Some(probed.length);
    }
    let site = &config.site;
    if let Some(first) = site.logo.as_ref().or(site.icon.as_ref())
        && site.rss_image().is_none()
        && problems.is_empty()
    {
        let (width, height) = RSS_IMAGE_PIXELS;
        config.warnings.push(
            Diagnostic::warning(
                path,
                format!(
                    "neither the site's logo nor its icon fits RSS's `<image>`, at most {width}×{height} pixels: the RSS feeds have none"
                ),
            )
            .at_offset(text, first.at)
            .rule(crate::rule::Rule::SiteImageSize)
            .with_help(format!(
                "give a `logo` of at most {width} pixels wide and {height} high (88×31 is RSS's default)"
            )),
        );
    }
    problems
}

/// The line of `text` that a `[[feeds]]` table whose first key is at
/// `offset` starts at: its `[[feeds]]` header, or the key's own line when no
/// header comes before it.
fn table_line(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    let line_of = |at: usize| before[..at].matches('\n').count() + 1;
    if text[before.len()..].starts_with("[[") {
        return line_of(before.len());
    }
    let header = before.rfind("[[").filter(|&at| {
        before[at..]
            .trim_start_matches('[')
            .trim_start()
            .starts_with("feeds")
    });
    line_of(header.unwrap_or(before.len()))
}

/// Reads the raw config into a checked one, collecting every problem.
struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error<T>(&mut self, spanned: &Spanned<T>, message: String) {
        let diagnostic =
            Diagnostic::error(self.path, message).at_offset(self.text, spanned.span().start);
        self.problems.push(diagnostic);
    }

    fn config(&mut self, raw: RawConfig) -> Config {
        let dir = self.path.parent().unwrap_or(Path::new(""));
        let pattern_given = raw.site.article_url.is_some();
        let images = (raw.site.icon.clone(), raw.site.logo.clone());
        let mut site = self.site(raw.site);
        site.front_matter = raw.build.front_matter.unwrap_or_default();
        // Zola publishes a page under its section's path.
        if site.front_matter == Dialect::Zola && !pattern_given {
            site.article_url = ArticleUrl::parse("{section}/{slug}/").unwrap_or_default();
        }
        site.updated_from_git = raw.build.updated_from_git.unwrap_or(false);
        site.media_root = join_clean(dir, raw.build.articles.as_deref().unwrap_or("articles"));
        site.media = match &raw.build.media {
            None => media::DEFAULT_PATTERN.to_owned(),
            Some(pattern) => {
                if let Err(message) = check_media_pattern(pattern.get_ref()) {
                    self.error(pattern, message);
                }
                pattern.get_ref().clone()
            }
        };
        site.icon = images
            .0
            .as_ref()
            .and_then(|src| self.site_image(src, "icon", dir, &site));
        site.logo = images
            .1
            .as_ref()
            .and_then(|src| self.site_image(src, "logo", dir, &site));
        let feeds = raw
            .feeds
            .iter()
            .map(|feed| self.feed(feed, dir, &site))
            .collect::<Vec<_>>();
        if feeds.is_empty() {
            self.problems.push(
                Diagnostic::error(self.path, "no feeds are configured").with_help(
                    "add a `[[feeds]]` table with `rss = \"feed.xml\"` and `atom = \"atom.xml\"`",
                ),
            );
        }
        self.distinct_outputs(&raw.feeds);
        self.forbidden_characters(&site, &feeds);
        let opml = match raw.build.opml.as_ref() {
            None => Some(DEFAULT_OPML.to_owned()),
            Some(spanned) => match spanned.get_ref() {
                RawOpml::On(false) => None,
                RawOpml::On(true) => Some(DEFAULT_OPML.to_owned()),
                RawOpml::Path(path) => {
                    if let Err(message) = check_output_path(path, None) {
                        self.error(spanned, format!("`opml`: {message}"));
                    } else if feeds
                        .iter()
                        .any(|feed| feed.outputs.iter().any(|(_, p)| p == path))
                    {
                        self.error(
                            spanned,
                            format!("`{path}` is the output of a feed too: `opml` needs a file of its own"),
                        );
                    }
                    Some(path.clone())
                }
            },
        };
        let roots = vec![dir.to_path_buf(), site.media_root.clone()];
        let check =
            crate::allow::Allowed::read(raw.check, roots, self.path, self.text, &mut self.problems);
        Config {
            path: self.path.to_owned(),
            articles_dir: site.media_root.clone(),
            site,
            output_dir: join_clean(dir, raw.build.output.as_deref().unwrap_or("public")),
            max_article_bytes: raw
                .build
                .max_article_bytes
                .unwrap_or(DEFAULT_MAX_ARTICLE_BYTES),
            feeds,
            warnings: Vec::new(),
            future: raw.build.future.unwrap_or_default(),
            check,
            opml,
        }
    }

    fn site(&mut self, raw: RawSite) -> Site {
        let base_url = match links::absolute_http(raw.base_url.get_ref()) {
            Ok(mut url) => {
                if !url.path().ends_with('/') {
                    url.set_path(&format!("{}/", url.path()));
                }
                url
            }
            Err(message) => {
                self.error(&raw.base_url, format!("`base_url`: {message}"));
                Url::parse("https://invalid.example/").expect("a valid URL literal")
            }
        };
        let timezone = match &raw.timezone {
            None => Tz::UTC,
            Some(name) => name.get_ref().parse().unwrap_or_else(|_| {
                self.error(
                    name,
                    format!(
                        "unknown time zone `{}`: use an IANA name such as `Europe/Paris` or `UTC`",
                        name.get_ref()
                    ),
                );
                Tz::UTC
            }),
        };
        let default_time = match &raw.default_time {
            None => chrono::NaiveTime::MIN,
            Some(time) => {
                let written = time.get_ref().trim();
                chrono::NaiveTime::parse_from_str(written, "%H:%M")
                    .or_else(|_| chrono::NaiveTime::parse_from_str(written, "%H:%M:%S"))
                    .unwrap_or_else(|_| {
                        self.error(
                            time,
                            format!(
                                "`default_time = \"{written}\"` is not a time of day such as `09:00` or `17:30:00`"
                            ),
                        );
                        chrono::NaiveTime::MIN
                    })
            }
        };
        if let Some(language) = &raw.language
            && !is_language_tag(language.get_ref())
        {
            self.error(
                language,
                format!(
                    "`{}` is not a language tag such as `en` or `pt-BR`",
                    language.get_ref()
                ),
            );
        }
        let article_url = match &raw.article_url {
            None => ArticleUrl::default(),
            Some(pattern) => ArticleUrl::parse(pattern.get_ref()).unwrap_or_else(|message| {
                self.error(pattern, message);
                ArticleUrl::default()
            }),
        };
        let license = raw
            .license
            .as_ref()
            .map(|license| self.http_url(license, "license"));
        let hub = raw.hub.as_ref().map(|hub| self.http_url(hub, "hub"));
        let podcast_index = raw
            .podcast_index
            .as_ref()
            .map(|index| self.http_url(index, "podcast_index"));
        let authors: Vec<Person> = raw
            .authors
            .iter()
            .map(|entry| {
                let person = self.person(entry);
                // As an article's author: without a slug, no per-author feed.
                let name = &person.name;
                if !name.trim().is_empty() && !crate::syntax::has_slug(name) {
                    self.error(
                        entry,
                        format!("the author `{name}` has no letters or digits"),
                    );
                }
                person
            })
            .collect();
        Site {
            title: raw.title,
            base_url,
            description: raw.description.unwrap_or_default(),
            // In BCP 47's case (`FR` is `fr`), as every feed writes it.
            language: raw
                .language
                .map(|l| crate::syntax::conventional_case(l.get_ref())),
            timezone,
            default_time,
            article_url,
            authors: authors.into(),
            rights: raw.rights,
            license,
            front_matter: Dialect::Byline,
            updated_from_git: false,
            media: media::DEFAULT_PATTERN.to_owned(),
            media_root: PathBuf::new(),
            hub,
            podcast_index,
            icon: None,
            logo: None,
        }
    }

    fn person(&mut self, entry: &Spanned<PersonEntry>) -> Person {
        let person = entry.get_ref().0.clone();
        for problem in person.problems() {
            self.error(entry, problem);
        }
        person
    }

    fn http_url(&mut self, value: &Spanned<String>, key: &str) -> String {
        match links::absolute_http(value.get_ref()) {
            Ok(url) => url.into(),
            Err(message) => {
                self.error(value, format!("`{key}`: {message}"));
                value.get_ref().clone()
            }
        }
    }

    fn feed(&mut self, spanned: &Spanned<RawFeed>, dir: &Path, site: &Site) -> FeedSpec {
        let raw = spanned.get_ref();
        if !raw.outputs().any(|(format, _)| format.is_feed()) {
            let keys: Vec<String> = Format::ALL
                .iter()
                .filter(|format| format.is_feed())
                .map(|format| format!("`{}`", format.key()))
                .collect();
            self.error(
                spanned,
                format!(
                    "this feed has neither {}: give it at least one feed file",
                    keys.join(" nor ")
                ),
            );
        }
        let kinds = raw.each();
        if kinds.len() > 1 {
            let keys: Vec<String> = kinds.iter().map(|k| format!("`{}`", k.key())).collect();
            self.error(
                spanned,
                format!(
                    "a feed is published once per one kind of value, not per {}",
                    keys.join(" and ")
                ),
            );
        }
        let each = kinds.first().copied();
        for (format, output) in raw.outputs() {
            if let Err(message) = check_output_path(output.get_ref(), each) {
                self.error(output, message);
            } else if format == Format::Html
                && !output.get_ref().ends_with(".html")
                && !output.get_ref().ends_with(".htm")
            {
                self.error(
                    output,
                    "an HTML page's name must end in `.html`, so that web servers send it as text/html"
                        .to_owned(),
                );
            }
        }
        if let Some(each) = each
            && raw.filters_by(each)
        {
            self.error(
                spanned,
                format!(
                    "a feed with `{} = true` cannot also filter by `{}`",
                    each.key(),
                    each.filter_key()
                ),
            );
        }
        for language in &raw.languages {
            if !is_language_tag(language.get_ref()) {
                self.error(
                    language,
                    format!(
                        "`{}` is not a language tag such as `en` or `pt-BR`",
                        language.get_ref()
                    ),
                );
            }
        }
        let limit = match &raw.limit {
            None => DEFAULT_LIMIT,
            Some(RawLimit::Count(0)) => {
                self.error(spanned, "`limit` must be at least 1".to_owned());
                DEFAULT_LIMIT
            }
            Some(RawLimit::Count(n)) => *n,
            Some(RawLimit::Word(word)) if word == "all" => usize::MAX,
            Some(RawLimit::Word(word)) => {
                self.error(
                    spanned,
                    format!("`limit` is a number of items, or \"all\"; not `{word}`"),
                );
                DEFAULT_LIMIT
            }
        };
        let archive = match (raw.archive.unwrap_or(false), &raw.archive_page) {
            (false, Some(page)) => {
                self.error(page, "`archive_page` needs `archive = true`".to_owned());
                None
            }
            (false, None) => None,
            (true, _) if limit == usize::MAX => {
                self.error(
                    spanned,
                    "a feed with `limit = \"all\"` holds every item already: it needs no `archive`"
                        .to_owned(),
                );
                None
            }
            (true, Some(page)) if *page.get_ref() == 0 => {
                self.error(page, "`archive_page` must be at least 1".to_owned());
                None
            }
            (true, page) => Some(page.as_ref().map_or(limit, |p| *p.get_ref())),
        };
        let link = raw.link.as_ref().map(|link| {
            if let Some(each) = each {
                // `{tag}` is not a URL character; check with a stand-in.
                let probe = Spanned::new(
                    link.span(),
                    link.get_ref().replace(each.placeholder(), "value"),
                );
                self.http_url(&probe, "link");
                link.get_ref().clone()
            } else {
                self.http_url(link, "link")
            }
        });
        let line = table_line(self.text, spanned.span().start);
        FeedSpec {
            line,
            title: raw.title.clone(),
            description: raw.description.clone(),
            outputs: raw
                .outputs()
                .map(|(format, path)| (format, path.get_ref().clone()))
                .collect(),
            limit,
            archive,
            content: raw.content.unwrap_or(ContentMode::Full),
            tags: raw.tags.clone(),
            sections: raw
                .sections
                .iter()
                .map(|s| s.trim_matches('/').to_owned())
                .collect(),
            authors: raw.authors.clone(),
            languages: raw
                .languages
                .iter()
                .map(|l| crate::syntax::conventional_case(l.get_ref()))
                .collect(),
            exclude_tags: raw.exclude_tags.clone(),
            each,
            link,
            podcast: raw
                .podcast
                .as_ref()
                .and_then(|podcast| self.podcast(podcast, raw, dir, site)),
        }
    }

    /// A feed's `podcast` table: an RSS feed with Apple's required details,
    /// and a cover Apple accepts.
    fn podcast(
        &mut self,
        spanned: &Spanned<RawPodcast>,
        feed: &RawFeed,
        dir: &Path,
        site: &Site,
    ) -> Option<Podcast> {
        let raw = spanned.get_ref();
        if feed.rss.is_none() {
            self.error(
                spanned,
                "a podcast needs an `rss` file: podcast apps read RSS".to_owned(),
            );
        }
        if let Some(each) = feed.each().first() {
            self.error(
                spanned,
                format!(
                    "a podcast cannot be published once per {}: give it its own `[[feeds]]` with `{}`",
                    each.noun(),
                    each.filter_key()
                ),
            );
        }
        let category = raw.category.get_ref();
        match media::subcategories(category) {
            None => {
                let names: Vec<&str> = media::CATEGORIES.iter().map(|(name, _)| *name).collect();
                self.error(
                    &raw.category,
                    format!(
                        "`{category}` is not one of Apple's podcast categories: {}",
                        names.join(", ")
                    ),
                );
            }
            Some(subcategories) => {
                if let Some(subcategory) = &raw.subcategory
                    && !subcategories.contains(&subcategory.get_ref().as_str())
                {
                    let message = if subcategories.is_empty() {
                        format!("Apple's category `{category}` has no subcategories")
                    } else {
                        format!(
                            "`{}` is not a subcategory of `{category}`: {}",
                            subcategory.get_ref(),
                            subcategories.join(", ")
                        )
                    };
                    self.error(subcategory, message);
                }
            }
        }
        if site.language.is_none() {
            self.error(
                spanned,
                "a podcast needs the site's `language` (under [site]): Apple requires it"
                    .to_owned(),
            );
        }
        let owner = self.person(&raw.owner);
        if owner.email.is_none() {
            self.error(
                &raw.owner,
                "the podcast's `owner` needs an `email`: Apple writes to it about the show"
                    .to_owned(),
            );
        }
        self.podcast_text(spanned, feed, site);
        let funding = raw
            .funding
            .iter()
            .map(|entry| {
                let entry_ref = entry.get_ref();
                let url = self.http_url(&entry_ref.url, "podcast.funding.url");
                let text = entry_ref.text.trim().to_owned();
                if text.is_empty() || text.chars().count() > 128 {
                    self.error(
                        entry,
                        "`podcast.funding.text` is what apps show beside the link: 1 to 128 characters (Podcasting 2.0)"
                            .to_owned(),
                    );
                }
                media::Funding { url, text }
            })
            .collect();
        let new_feed_url = raw
            .new_feed_url
            .as_ref()
            .map(|url| self.http_url(url, "podcast.new_feed_url"));
        let image = self.cover(&raw.image, feed, dir, site)?;
        Some(Podcast {
            image,
            category: category.clone(),
            subcategory: raw.subcategory.as_ref().map(|s| s.get_ref().clone()),
            explicit: raw.explicit,
            owner,
            kind: raw.kind,
            author: raw.author.clone(),
            cover_at: raw.image.span().start,
            guid: None,
            copyright: raw
                .copyright
                .as_ref()
                .map(|c| c.get_ref().trim().to_owned()),
            locked: raw.locked,
            funding,
            new_feed_url,
        })
    }

    /// The pre-flight rules on a podcast's texts, at its `podcast` table:
    /// its description's length and its copyright's form.
    fn podcast_text(&mut self, at: &Spanned<RawPodcast>, feed: &RawFeed, site: &Site) {
        use crate::check::podcast;
        let description = match &feed.description {
            Some(description) => Some(("the feed's `description`", description.as_str())),
            None => (!site.description.is_empty())
                .then_some(("the site's `description`", site.description.as_str())),
        };
        let mut found = Vec::new();
        if let Some(problem) =
            description.and_then(|(what, text)| podcast::description_problem(what, text.len()))
        {
            found.push((Rule::Psp1DescriptionTooLong, problem));
        }
        let (copyright, copyright_at) = match &at.get_ref().copyright {
            Some(copyright) => (
                podcast::copyright_problem(copyright.get_ref()),
                copyright.span().start,
            ),
            None => (
                site.rights
                    .as_deref()
                    .and_then(podcast::copyright_problem)
                    .map(|problem| {
                        format!(
                            "{problem}; the podcast's `copyright` is the site's `rights` unless `podcast.copyright` names the holder"
                        )
                    }),
                at.span().start,
            ),
        };
        let found = found
            .into_iter()
            .map(|(rule, message)| (rule, message, at.span().start))
            .chain(copyright.map(|message| (Rule::Psp1Copyright, message, copyright_at)));
        for (rule, message, offset) in found {
            let diagnostic =
                Diagnostic::finding(self.path, rule, message).at_offset(self.text, offset);
            if diagnostic.is_error() {
                self.problems.push(diagnostic);
            } else {
                self.warnings.push(diagnostic);
            }
        }
    }

    /// A podcast's cover: an absolute URL, or a file (relative to the config
    /// file, inside the articles folder) that Apple accepts: a square JPEG
    /// or PNG of 1400 to 3000 pixels a side. What the file is, [`load`]
    /// reads (`probe_covers`): parsing reads no file.
    fn cover(
        &mut self,
        src: &Spanned<String>,
        feed: &RawFeed,
        dir: &Path,
        site: &Site,
    ) -> Option<media::Image> {
        let title = feed.title.clone().unwrap_or_else(|| site.title.clone());
        self.site_file(src, "podcast.image", title, dir, site)
    }

    /// The site's `icon` or `logo` (`key`): an absolute URL, or a file
    /// (relative to the config file, inside the articles folder or the
    /// config's), published with the media. What the file is, [`load`]
    /// reads.
    fn site_image(
        &mut self,
        src: &Spanned<String>,
        key: &str,
        dir: &Path,
        site: &Site,
    ) -> Option<SiteImage> {
        let image = self.site_file(src, key, site.title.clone(), dir, site)?;
        Some(SiteImage {
            image,
            at: src.span().start,
        })
    }

    /// An image of the site's, not an article's (`key`, with `alt`): an
    /// absolute URL, or a file relative to the config file, in the articles
    /// folder or, where replacing the articles leaves it, the config's.
    fn site_file(
        &mut self,
        src: &Spanned<String>,
        key: &str,
        alt: String,
        dir: &Path,
        site: &Site,
    ) -> Option<media::Image> {
        let written = src.get_ref();
        let image = |url: String, local: Option<media::Local>| media::Image {
            url,
            alt,
            credit: None,
            license: None,
            mime: None,
            pixels: None,
            length: None,
            local,
        };
        if written.contains("://") {
            let url = self.http_url(src, key);
            return Some(image(url, None));
        }
        let Some(local) = media::locate(written, dir, &site.media, &site.media_root)
            .or_else(|| media::locate(written, dir, &site.media, dir))
        else {
            self.error(
                src,
                format!(
                    "`{key}`: `{written}` is outside the articles folder `{}` and the config's folder, where byline publishes media from",
                    site.media_root.display()
                ),
            );
            return None;
        };
        Some(image(site.output_url(&local.path).into(), Some(local)))
    }

    /// Text that feeds carry as plain text must hold no character XML
    /// forbids (TOML lets `"\u0001"` through); text that looks like HTML is
    /// published escaped, with a warning (see [`crate::plain`]).
    fn forbidden_characters(&mut self, site: &Site, feeds: &[FeedSpec]) {
        let mut values = vec![
            ("site.title", site.title.as_str()),
            ("site.description", &site.description),
        ];
        values.extend(site.rights.as_deref().map(|r| ("site.rights", r)));
        for author in site.authors.iter() {
            values.push(("site.authors", &author.name));
        }
        for feed in feeds {
            values.extend(feed.title.as_deref().map(|t| ("feeds.title", t)));
            values.extend(
                feed.description
                    .as_deref()
                    .map(|d| ("feeds.description", d)),
            );
        }
        for (key, value) in values {
            if let Some(problem) = plain::forbidden_character(value) {
                self.problems
                    .push(Diagnostic::error(self.path, format!("`{key}` {problem}")));
            } else if let Some(lookalike) = plain::html_lookalike(value) {
                self.warnings.push(lookalike.warning(self.path, key));
            }
        }
    }

    /// Two feeds must not write the same file.
    fn distinct_outputs(&mut self, feeds: &[Spanned<RawFeed>]) {
        let mut seen: Vec<&Spanned<String>> = Vec::new();
        for feed in feeds {
            let feed = feed.get_ref();
            for (_, output) in feed.outputs() {
                if seen
                    .iter()
                    .any(|earlier| earlier.get_ref() == output.get_ref())
                {
                    self.error(
                        output,
                        format!("`{}` is the output of another feed too", output.get_ref()),
                    );
                } else {
                    seen.push(output);
                }
            }
        }
    }
}

/// Returns true if and only if a URL joins the relative path `path` to a
/// folder as it is, byte for byte (see [`Site::push_permalink`]).
fn kept_as_is(path: &str) -> bool {
    let bytes = path.as_bytes();
    let plain = bytes.iter().enumerate().all(|(i, &b)| match b {
        // An escape of a dot may make a dot segment.
        b'%' => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(x), Some(y)) if x.is_ascii_hexdigit() && y.is_ascii_hexdigit()
                && !(*x == b'2' && y.eq_ignore_ascii_case(&b'e'))
        ),
        b'-' | b'.' | b'_' | b'~' | b'/' => true,
        b => b.is_ascii_alphanumeric(),
    });
    plain
        && !path.starts_with('/')
        && !path.contains("//")
        && path
            .split('/')
            .all(|segment| segment != "." && segment != "..")
}

/// Checks an output path: relative, inside the output folder, and with
/// `{tag}` (or `{author}`, …) exactly when the feed is per tag (author, …).
fn check_output_path(path: &str, each: Option<Each>) -> Result<(), String> {
    if let Some(each) = each
        && !path.contains(each.placeholder())
    {
        return Err(format!(
            "`{path}` needs `{}` in it: this feed is published once per {}",
            each.placeholder(),
            each.noun()
        ));
    }
    for other in Each::ALL.into_iter().filter(|&other| Some(other) != each) {
        if path.contains(other.placeholder()) {
            return Err(format!(
                "`{path}` has `{}`, but the feed does not set `{} = true`",
                other.placeholder(),
                other.key()
            ));
        }
    }
    let p = Path::new(path);
    let inside = !path.is_empty()
        && !path.ends_with('/')
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(format!(
            "output path `{path}` must be a file path inside the output folder, without `..` or a leading `/`"
        ));
    }
    Ok(())
}

/// Checks `[build] media`: a path inside the output folder with `{path}`
/// or `{name}` in it.
fn check_media_pattern(pattern: &str) -> Result<(), String> {
    if !pattern.contains("{path}") && !pattern.contains("{name}") {
        return Err(format!(
            "`media = \"{pattern}\"` needs `{{path}}` or `{{name}}` in it, or every file would go to one place"
        ));
    }
    let probe = pattern.replace("{path}", "a").replace("{name}", "a");
    check_output_path(&probe, None).map_err(|_| {
        format!("`media = \"{pattern}\"` must be a path inside the output folder, without `..` or a leading `/`")
    })
}

/// `dir/relative`, without a leading `./`, so diagnostics show `articles/a.txt`;
/// `.` when that leaves nothing (`articles = "."` beside the config).
fn join_clean(dir: &Path, relative: &str) -> PathBuf {
    let joined = dir.join(relative);
    let clean = joined
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect::<PathBuf>();
    if clean.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        clean
    }
}

/// Every table of `feeds.toml` and the keys it takes, as the config
/// reader's own structs define them: for the manual (`crate::man`).
pub(crate) fn key_tables() -> Vec<(&'static str, &'static [&'static str])> {
    use crate::keys::fields;
    let mut tables = vec![
        ("", fields::<RawConfig>()),
        ("site", fields::<RawSite>()),
        ("build", fields::<RawBuild>()),
        ("feeds", fields::<RawFeed>()),
        ("feeds.podcast", fields::<RawPodcast>()),
    ];
    tables.extend(crate::allow::key_tables());
    tables
}

/// The smallest config that builds: a site title, a base URL, an author
/// and one feed. The README shows the same.
pub const MINIMAL_CONFIG: &str = r#"[site]
title = "My Site"
base_url = "https://example.org/"
authors = ["Your Name"]

[[feeds]]
rss = "feed.xml"
atom = "atom.xml"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_feed_knows_the_line_of_its_table() {
        let config = parse(
            Path::new("feeds.toml"),
            "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\nauthors = [\"A\"]\n\n\
             [[feeds]]\nrss = \"a.xml\"\n\n# the second\n[[ feeds ]]\ntitle = \"B\"\nrss = \"b.xml\"\n",
        )
        .unwrap();
        let lines: Vec<usize> = config.feeds.iter().map(|f| f.line).collect();
        assert_eq!(lines, [6, 10]);
    }

    #[test]
    fn a_permalink_pushed_is_the_one_joined() {
        let date = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let bases = [
            "https://example.org/",
            "https://example.org/news",
            "https://example.org/news/",
            "https://例え.jp:8443/a%20b/",
            "http://[::1]/x/?q=1",
        ];
        let patterns = [
            "{year}/{month}/{slug}/",
            "{slug}.html",
            "{section}/{slug}/",
            "posts/{year}/{month}/{day}/{slug}/index.html",
            "~me/{slug}",
        ];
        let slugs = [
            "harbour", "été", "a.b", "..", ".", "%2e", "a%2Fb", "x~y_z-1", "日本",
        ];
        let sections = ["", "news", "a b", "x/y", "..", "été/2024"];
        for base in bases {
            for pattern in patterns {
                let text = format!(
                    "[site]\ntitle = \"T\"\nbase_url = \"{base}\"\narticle_url = \"{pattern}\"\n\
                     authors = [\"A\"]\n[[feeds]]\nrss = \"feed.xml\"\n"
                );
                let site = parse(Path::new("feeds.toml"), &text).unwrap().site;
                for slug in slugs {
                    for section in sections {
                        let mut pushed = String::from("before ");
                        site.push_permalink(slug, date, section, &mut pushed);
                        let joined = site.permalink(slug, date, section);
                        assert_eq!(
                            pushed,
                            format!("before {joined}"),
                            "{base} {pattern} {slug} {section}"
                        );
                    }
                }
            }
        }
        assert!(kept_as_is("2024/05/harbour/"));
        assert!(!kept_as_is("2024/%2E%2E/x"));
    }

    const MINIMAL: &str = r#"
[site]
title = "Gazette"
base_url = "https://example.org/news"

[[feeds]]
rss = "feed.xml"
atom = "atom.xml"
"#;

    fn errors(text: &str) -> Vec<String> {
        parse(Path::new("feeds.toml"), text)
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let config = parse(Path::new("site/feeds.toml"), MINIMAL).unwrap();
        assert_eq!(config.site.base_url.as_str(), "https://example.org/news/");
        assert_eq!(config.site.timezone, Tz::UTC);
        assert_eq!(config.articles_dir, Path::new("site/articles"));
        assert_eq!(config.output_dir, Path::new("site/public"));
        assert_eq!(config.feeds[0].limit, DEFAULT_LIMIT);
        assert_eq!(config.feeds[0].content, ContentMode::Full);
        let date = NaiveDate::from_ymd_opt(2024, 8, 11).unwrap();
        assert_eq!(
            config.site.permalink("closing-ceremony", date, "").as_str(),
            "https://example.org/news/closing-ceremony/"
        );
        assert_eq!(
            config.site.article_id("closing-ceremony", date),
            "tag:example.org,2024:news/closing-ceremony"
        );
    }

    #[test]
    fn id_survives_a_move_to_https() {
        let http = MINIMAL.replace("https://", "http://");
        let a = parse(Path::new("feeds.toml"), MINIMAL).unwrap();
        let b = parse(Path::new("feeds.toml"), &http).unwrap();
        let date = NaiveDate::from_ymd_opt(2024, 8, 11).unwrap();
        assert_eq!(a.site.article_id("x", date), b.site.article_id("x", date));
    }

    #[test]
    fn typo_is_reported_with_line_and_hint() {
        let text = MINIMAL.replace("title = \"Gazette\"", "tilte = \"Gazette\"");
        let errors = errors(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("feeds.toml:3:1: error: unknown field `tilte`"),
            "{}",
            errors[0]
        );
        assert!(
            errors[0].ends_with("help: did you mean `title`?"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn every_bad_value_is_reported() {
        let text = r#"
[site]
title = "Gazette"
base_url = "example.org"
timezone = "Mars/Olympus"
language = "english!"
article_url = "news/{title}/"

[[feeds]]
rss = "../outside.xml"
atom = "/etc/atom.xml"

[[feeds]]
for_each_tag = true
rss = "tags.xml"
"#;
        let errors = errors(text);
        let expected = [
            "feeds.toml:4:12: error: `base_url`: `example.org` is not a URL: it has no scheme; add `https://`",
            "feeds.toml:5:12: error: unknown time zone `Mars/Olympus`",
            "feeds.toml:6:12: error: `english!` is not a language tag",
            "feeds.toml:7:15: error: `article_url` has an unknown placeholder `{title}`",
            "feeds.toml:10:7: error: output path `../outside.xml`",
            "feeds.toml:11:8: error: output path `/etc/atom.xml`",
            "feeds.toml:15:7: error: `tags.xml` needs `{tag}` in it",
        ];
        assert_eq!(errors.len(), expected.len(), "{errors:#?}");
        for (error, expected) in errors.iter().zip(expected) {
            assert!(
                error.starts_with(expected),
                "{error}\n  does not start with\n{expected}"
            );
        }
    }

    #[test]
    fn control_characters_in_values_are_refused() {
        let text = MINIMAL.replace("title = \"Gazette\"", "title = \"Gaz\\u0007ette\"");
        let errors = errors(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("`site.title` holds the control character U+0007"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn two_feeds_cannot_share_a_file() {
        let text = format!("{MINIMAL}\n[[feeds]]\nrss = \"feed.xml\"\n");
        let errors = errors(&text);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("`feed.xml` is the output of another feed too"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn authors_are_names_or_tables() {
        let text = MINIMAL.replace(
            "[[feeds]]",
            "authors = [\"Desk\", { name = \"Ana\", email = \"ana@example.org\" }]\n\n[[feeds]]",
        );
        let config = parse(Path::new("feeds.toml"), &text).unwrap();
        assert_eq!(config.site.authors[0], Person::named("Desk"));
        assert_eq!(
            config.site.authors[1].email.as_deref(),
            Some("ana@example.org")
        );
        let typo = text.replace("email =", "emial =");
        assert!(errors(&typo)[0].contains("unknown field `emial`"));
    }

    #[test]
    fn missing_config_says_how_to_start() {
        let error = load(Path::new("/nonexistent/feeds.toml")).unwrap_err();
        let text = error[0].to_string();
        assert!(
            text.starts_with("/nonexistent/feeds.toml: error: cannot read the config file"),
            "{text}"
        );
        assert!(text.contains("--config"), "{text}");
        assert!(
            text.contains("        base_url = \"https://example.org/\"\n"),
            "{text}"
        );
    }

    #[test]
    fn the_minimal_config_builds_and_is_in_the_readme() {
        parse(Path::new("feeds.toml"), MINIMAL_CONFIG).unwrap();
        let readme = include_str!("../README.md");
        assert!(
            readme.contains(MINIMAL_CONFIG),
            "README.md must show the minimal feeds.toml verbatim"
        );
    }

    #[test]
    fn articles_beside_the_config_is_dot() {
        let text = format!("{MINIMAL}\n[build]\narticles = \".\"\n");
        let config = parse(Path::new("feeds.toml"), &text).unwrap();
        assert_eq!(config.articles_dir, Path::new("."));
    }

    #[test]
    fn parsing_reads_no_file_and_loading_reads_the_cover() {
        let dir = std::env::temp_dir().join(format!("byline-cover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("articles")).unwrap();
        let text = "[site]\ntitle = \"T\"\nbase_url = \"https://t.example.org/\"\nauthors = [\"D\"]\n\
                    language = \"en\"\n[[feeds]]\nrss = \"podcast.xml\"\n\
                    podcast = { image = \"articles/cover.png\", category = \"Sports\", \
                    owner = { name = \"D\", email = \"d@t.example.org\" } }\n";
        let path = dir.join("feeds.toml");
        std::fs::write(&path, text).unwrap();
        let parsed = parse(&path, text).unwrap();
        let cover = &parsed.feeds[0].podcast.as_ref().unwrap().image;
        assert_eq!(cover.local.as_ref().unwrap().path, "media/cover.png");
        assert_eq!((cover.mime, cover.length), (None, None), "not read");
        let problems: Vec<String> = load(&path)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("feeds.toml:8:21: error: cannot read the cover `"),
            "{problems:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
