//! Resolving an article's media: its `image`, `enclosure` and `episode`
//! tables become checked [`Media`], each local file read for its type and
//! size, every problem reported at its line.

use super::front_matter::{
    At, Fields, RawChapter, RawChapters, RawEnclosure, RawEpisode, RawImage, RawTranscript, Value,
};
use super::resolve::Resolver;
use crate::config::Site;
use crate::links;
use crate::media::{
    self, Chapter, Chapters, Enclosure, Episode, EpisodeType, Image, Local, Media, Probed,
    Transcript,
};
use std::path::Path;

/// A file named in the front matter: local (with what byline read from
/// it) or remote.
enum Found {
    Local(Local, Probed),
    Remote(String),
}

impl Resolver<'_> {
    /// The article's media; `draft` articles get a word about their
    /// enclosure, which is not published until they are.
    pub(super) fn media(&mut self, front: &mut Fields, site: &Site, draft: bool) -> Media {
        let image = front.image.take().and_then(|image| self.image(image, site));
        let enclosure = front
            .enclosure
            .take()
            .and_then(|enclosure| self.enclosure(enclosure, site));
        if draft && enclosure.is_some() {
            self.warnings.push(
                crate::diagnostic::Diagnostic::warning(
                    self.path,
                    "this draft has an enclosure, which is not published while it is a draft",
                )
                .with_help("remove `draft = true` to publish the episode")
                .rule(crate::rule::Rule::DraftEnclosure),
            );
        }
        let episode = front
            .episode
            .take()
            .and_then(|episode| self.episode(episode, site));
        Media {
            image,
            enclosure,
            episode,
        }
    }

    /// A file the front matter names at `src`: an absolute http(s) URL, or
    /// a path relative to the article, inside the articles folder, which
    /// byline reads.
    fn find(&mut self, src: &At<String>, key: &str, site: &Site) -> Option<Found> {
        let written = src.value.trim();
        if written.contains("://") {
            return match links::absolute_http_text(written) {
                Ok(url) => Some(Found::Remote(url)),
                Err(message) => {
                    self.error(src, format!("`{key}`: {message}"));
                    None
                }
            };
        }
        let folder = self.path.parent().unwrap_or(Path::new(""));
        let Some(Local { file, path }) =
            media::locate(written, folder, &site.media, &site.media_root)
        else {
            self.error(
                src,
                format!(
                    "`{key}`: `{written}` is outside the articles folder, where byline publishes media from"
                ),
            );
            return None;
        };
        let known = self
            .known_media
            .iter()
            .find(|(known, _)| *known == file)
            .map(|&(_, probed)| probed);
        let probed = match known {
            Some(probed) => Ok(probed),
            None => media::probe(&file).inspect(|&probed| self.probed.push((file.clone(), probed))),
        };
        match probed {
            Ok(probed) => Some(Found::Local(Local { file, path }, probed)),
            Err(e) => {
                self.error(
                    src,
                    format!("`{key}`: cannot read `{}`: {e}", file.display()),
                );
                None
            }
        }
    }

    fn image(&mut self, at: At<RawImage>, site: &Site) -> Option<Image> {
        let raw = at.value;
        let Some(src) = raw.src else {
            self.error_at(
                at.at,
                "`image` needs `src`: a path beside the article, or a URL",
            );
            return None;
        };
        let alt = match raw.alt {
            Some(alt) if !alt.value.trim().is_empty() => alt.value.trim().to_owned(),
            _ => {
                self.error_at(
                    at.at,
                    "`image` needs `alt`: what the image shows, for readers who cannot see it",
                );
                return None;
            }
        };
        let license = raw.license.and_then(|license| {
            links::absolute_http_text(&license.value)
                .map_err(|message| self.error(&license, format!("`image.license`: {message}")))
                .ok()
        });
        let credit = raw
            .credit
            .map(|c| c.value.trim().to_owned())
            .filter(|c| !c.is_empty());
        let mut image = Image {
            url: String::new(),
            alt,
            credit,
            license,
            mime: None,
            pixels: None,
            length: None,
            local: None,
        };
        match self.find(&src, "image.src", site)? {
            Found::Remote(url) => image.url = url,
            Found::Local(local, probed) => {
                match probed.mime {
                    Some(mime) if mime.starts_with("image/") && probed.pixels.is_some() => {}
                    other => {
                        self.error(
                            &src,
                            format!(
                                "`image.src`: `{}` is {}, not an image byline can read (JPEG, PNG, GIF, WebP, AVIF, …)",
                                local.file.display(),
                                other.unwrap_or("of a type byline does not know")
                            ),
                        );
                        return None;
                    }
                }
                image.url = site.output_url(&local.path).into();
                image.mime = probed.mime;
                image.pixels = probed.pixels;
                image.length = Some(probed.length);
                image.local = Some(local);
            }
        }
        Some(image)
    }

    fn enclosure(&mut self, at: At<RawEnclosure>, site: &Site) -> Option<Enclosure> {
        let raw = at.value;
        let Some(src) = raw.src else {
            self.error_at(
                at.at,
                "`enclosure` needs `src`: a path beside the article, or a URL",
            );
            return None;
        };
        let duration = raw.duration.and_then(|duration| {
            let parsed = match &duration.value {
                Value::Integer(seconds) => u32::try_from(*seconds)
                    .map_err(|_| format!("`{seconds}` seconds is not a duration")),
                Value::String(text) => media::parse_duration(text),
                other => Err(format!(
                    "invalid type: {}, expected seconds or a string such as \"1:02:03\"",
                    other.unexpected()
                )),
            };
            parsed
                .map_err(|message| {
                    self.error(&duration, format!("`enclosure.duration`: {message}"))
                })
                .ok()
        });
        let found = self.find(&src, "enclosure.src", site)?;
        let (url, mime, length, local) = match found {
            Found::Remote(url) => {
                // Nothing is fetched: the front matter says what the file is.
                let mime = match raw.mime {
                    Some(mime) if media::is_media_type(mime.value.trim()) => {
                        mime.value.trim().to_owned()
                    }
                    Some(mime) => {
                        self.error(
                            &mime,
                            format!(
                                "`enclosure.type`: `{}` is not a media type such as `audio/mpeg`",
                                mime.value
                            ),
                        );
                        return None;
                    }
                    None => {
                        self.error(
                            &src,
                            "a remote enclosure needs `type` (such as \"audio/mpeg\"): byline never fetches it",
                        );
                        return None;
                    }
                };
                let length = match raw.length {
                    Some(length) if length.value > 0 => length.value as u64,
                    Some(length) => {
                        self.error(
                            &length,
                            "`enclosure.length` is the file's size in bytes, more than 0",
                        );
                        return None;
                    }
                    None => {
                        self.error(
                            &src,
                            "a remote enclosure needs `length`, its exact size in bytes: byline never fetches it",
                        );
                        return None;
                    }
                };
                (url, mime, length, None)
            }
            Found::Local(local, probed) => {
                let Some(found) = probed.mime else {
                    self.error(
                        &src,
                        format!(
                            "`enclosure.src`: byline cannot tell what type of file `{}` is from its content",
                            local.file.display()
                        ),
                    );
                    return None;
                };
                if let Some(mime) = &raw.mime
                    && mime.value.trim() != found
                {
                    self.error(
                        mime,
                        format!(
                            "`enclosure.type` says `{}`, but the file is `{found}`: leave `type` out for a local file",
                            mime.value
                        ),
                    );
                }
                if let Some(length) = &raw.length
                    && u64::try_from(length.value).ok() != Some(probed.length)
                {
                    self.error(
                        length,
                        format!(
                            "`enclosure.length` says {}, but the file has {} bytes: leave `length` out for a local file",
                            length.value, probed.length
                        ),
                    );
                }
                let url = site.output_url(&local.path).into();
                (url, found.to_owned(), probed.length, Some(local))
            }
        };
        Some(Enclosure {
            url,
            mime,
            length,
            duration,
            local,
        })
    }

    fn episode(&mut self, at: At<RawEpisode>, site: &Site) -> Option<Episode> {
        let raw = at.value;
        let mut number = |value: Option<At<i64>>, key: &str| {
            value.and_then(|value| match u32::try_from(value.value) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    self.error(
                        &value,
                        format!(
                            "`episode.{key}` is a whole number from 1, not {}",
                            value.value
                        ),
                    );
                    None
                }
            })
        };
        let season = number(raw.season, "season");
        let episode_number = number(raw.number, "number");
        let kind = match raw.kind {
            None => EpisodeType::Full,
            Some(kind) => match EpisodeType::ALL
                .into_iter()
                .find(|t| t.key() == kind.value.trim())
            {
                Some(found) => found,
                None => {
                    self.error(
                        &kind,
                        format!(
                            "`episode.type` is `{}`; Apple knows `full`, `trailer` and `bonus`",
                            kind.value
                        ),
                    );
                    EpisodeType::Full
                }
            },
        };
        let transcripts = raw
            .transcript
            .unwrap_or_default()
            .into_iter()
            .filter_map(|transcript| self.transcript(transcript, site))
            .collect();
        let chapters = raw
            .chapters
            .and_then(|chapters| self.chapters(chapters, site));
        let image = raw.image.and_then(|src| self.episode_image(&src, site));
        let guests = raw
            .guests
            .unwrap_or_default()
            .into_iter()
            .filter_map(|guest| {
                for problem in guest.value.problems() {
                    self.error(&guest, format!("`episode.guests`: {problem}"));
                }
                guest.value.problems().is_empty().then_some(guest.value)
            })
            .collect();
        Some(Episode {
            season,
            number: episode_number,
            kind,
            explicit: raw.explicit,
            transcripts,
            guests,
            chapters,
            image,
        })
    }

    /// One of an episode's transcripts: its type from its content (for a
    /// remote one, from its name), its language and whether it is captions.
    fn transcript(&mut self, at: At<RawTranscript>, site: &Site) -> Option<Transcript> {
        let raw = at.value;
        let Some(src) = raw.src else {
            self.error_at(
                at.at,
                "`episode.transcript` needs `src`: a path beside the article, or a URL",
            );
            return None;
        };
        let language = raw.language.and_then(|language| {
            let tag = language.value.trim();
            if crate::syntax::is_language_tag(tag) {
                Some(tag.to_owned())
            } else {
                self.error(
                    &language,
                    format!("`episode.transcript.language`: `{tag}` is not a language tag such as `en` or `pt-BR`"),
                );
                None
            }
        });
        let captions = match raw.rel {
            None => false,
            Some(rel) if rel.value.trim() == "captions" => true,
            Some(rel) => {
                self.error(
                    &rel,
                    format!(
                        "`episode.transcript.rel` is `{}`; Podcasting 2.0 knows only `captions`",
                        rel.value
                    ),
                );
                false
            }
        };
        let (url, mime, local) = match self.find(&src, "episode.transcript", site)? {
            Found::Remote(url) => {
                let Some(mime) = transcript_type_of_name(&url) else {
                    self.error(
                        &src,
                        "`episode.transcript`: name a remote transcript `.vtt`, `.srt`, `.json`, `.html` or `.txt`, so its type is known",
                    );
                    return None;
                };
                (url, mime, None)
            }
            Found::Local(local, probed) => {
                // A local `.txt` is an article: plain text is for remote
                // transcripts, known by their name.
                let Some(mime) = probed.mime.filter(|m| TRANSCRIPT_TYPES.contains(m)) else {
                    self.error(
                        &src,
                        format!(
                            "`episode.transcript`: `{}` is not a WebVTT, SRT, JSON or HTML transcript",
                            local.file.display()
                        ),
                    );
                    return None;
                };
                (site.output_url(&local.path).into(), mime, Some(local))
            }
        };
        Some(Transcript {
            url,
            mime,
            language,
            captions,
            local,
        })
    }

    /// An episode's artwork: a JPEG or PNG, held to the pre-flight rules
    /// of a cover, as Apple takes it.
    fn episode_image(&mut self, src: &At<String>, site: &Site) -> Option<(String, Option<Local>)> {
        match self.find(src, "episode.image", site)? {
            Found::Remote(url) => Some((url, None)),
            Found::Local(local, probed) => match probed.mime {
                Some("image/jpeg" | "image/png") => {
                    // Apple holds an episode's artwork to the cover's rules;
                    // the file is read once, when it is first probed.
                    let first = !self.known_media.iter().any(|(file, _)| *file == local.file);
                    let name = local.path.rsplit('/').next().unwrap_or(&local.path);
                    let found = first
                        .then(|| crate::check::podcast::read_cover_findings(&local.file, name).ok())
                        .flatten();
                    if let Some(found) = found {
                        for (rule, message) in found {
                            let message = format!("`episode.image`: {message}");
                            let offset = self.front_matter_offset + src.at;
                            let diagnostic = match rule.severity() {
                                crate::rule::Severity::Error => {
                                    crate::diagnostic::Diagnostic::error(self.path, message)
                                }
                                crate::rule::Severity::Warning => {
                                    crate::diagnostic::Diagnostic::warning(self.path, message)
                                }
                            }
                            .at_offset(self.text, offset)
                            .rule(rule);
                            if diagnostic.is_error() {
                                self.problems.push(diagnostic);
                            } else {
                                self.warnings.push(diagnostic);
                            }
                        }
                    }
                    Some((site.output_url(&local.path).into(), Some(local)))
                }
                other => {
                    self.error(
                        src,
                        format!(
                            "`episode.image`: `{}` is {}; Apple takes a JPEG or PNG",
                            local.file.display(),
                            other.unwrap_or("of a type byline does not know")
                        ),
                    );
                    None
                }
            },
        }
    }

    /// An episode's chapters: a JSON chapters file (checked against the
    /// format when it is first read), or a list, from which byline writes
    /// one beside the episode's other media.
    fn chapters(&mut self, at: At<RawChapters>, site: &Site) -> Option<Chapters> {
        match at.value {
            RawChapters::File(src) => {
                let found = self.find(&src, "episode.chapters", site)?;
                match found {
                    Found::Remote(url) => Some(Chapters {
                        url,
                        local: None,
                        list: Vec::new(),
                        written: None,
                    }),
                    Found::Local(local, _) => {
                        // Read once, when the file is first probed; an
                        // article parsed again reads nothing.
                        let first = !self.known_media.iter().any(|(file, _)| *file == local.file);
                        if first {
                            let problems = match std::fs::read(&local.file) {
                                Ok(bytes) => crate::check::podcast::chapters_problems(&bytes),
                                Err(e) => vec![format!("cannot read it: {e}")],
                            };
                            for problem in problems {
                                self.error(
                                    &src,
                                    format!(
                                        "`episode.chapters`: `{}`: {problem}",
                                        local.file.display()
                                    ),
                                );
                            }
                        }
                        Some(Chapters {
                            url: site.output_url(&local.path).into(),
                            local: Some(local),
                            list: Vec::new(),
                            written: None,
                        })
                    }
                }
            }
            RawChapters::List(items) => {
                let list = self.chapter_list(items)?;
                let stem = self
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let folder = self.path.parent().unwrap_or(Path::new(""));
                let file = media::normalize(&folder.join(format!("{stem}.chapters.json")));
                let Some(path) = media::published_path(&site.media, &site.media_root, &file) else {
                    self.error_at(
                        at.at,
                        "`episode.chapters`: the article is outside the articles folder, where its chapters file would be published from",
                    );
                    return None;
                };
                Some(Chapters {
                    url: site.output_url(&path).into(),
                    local: None,
                    written: Some((path, media::chapters_json(&list))),
                    list,
                })
            }
        }
    }

    /// The chapters of an `episode.chapters` list, each checked; `None`
    /// when one is wrong (each problem reported).
    fn chapter_list(&mut self, items: Vec<At<RawChapter>>) -> Option<Vec<Chapter>> {
        let mut list = Vec::new();
        let mut fine = true;
        for item in items {
            let raw = item.value;
            let time = |value: Option<At<Value>>, key: &str, this: &mut Self| {
                let value = value?;
                let parsed = match &value.value {
                    Value::Integer(seconds) => u64::try_from(*seconds)
                        .ok()
                        .and_then(|s| s.checked_mul(1000))
                        .ok_or_else(|| format!("`{seconds}` is not a time")),
                    Value::Float(seconds)
                        if seconds.is_finite() && *seconds >= 0.0 && *seconds < 1e12 =>
                    {
                        Ok((seconds * 1000.0).round() as u64)
                    }
                    Value::String(text) => media::parse_duration(text).map(|s| u64::from(s) * 1000),
                    other => Err(format!(
                        "invalid type: {}, expected seconds or a string such as \"01:30\"",
                        other.unexpected()
                    )),
                };
                parsed
                    .map_err(|message| {
                        this.error(&value, format!("`episode.chapters.{key}`: {message}"));
                    })
                    .ok()
            };
            let has_start = raw.start.is_some();
            let start = time(raw.start, "start", self);
            let end = time(raw.end, "end", self);
            let url = |value: Option<At<String>>, key: &str, this: &mut Self| {
                value.and_then(|value| {
                    links::absolute_http_text(value.value.trim())
                        .map_err(|message| {
                            this.error(&value, format!("`episode.chapters.{key}`: {message}"));
                        })
                        .ok()
                })
            };
            let link = url(raw.url, "url", self);
            let img = url(raw.img, "img", self);
            let Some(start) = start else {
                if !has_start {
                    self.error_at(
                        item.at,
                        "a chapter needs `start`: when it begins, such as \"01:30\"",
                    );
                }
                fine = false;
                continue;
            };
            if let Some(previous) = list.last().map(|c: &Chapter| c.start)
                && start < previous
            {
                self.error_at(
                    item.at,
                    "the chapters are not in order: each `start` comes after the one before",
                );
                fine = false;
            }
            if end.is_some_and(|end| end < start) {
                self.error_at(item.at, "a chapter's `end` comes before its `start`");
                fine = false;
            }
            list.push(Chapter {
                start,
                end,
                title: raw
                    .title
                    .map(|t| t.value.trim().to_owned())
                    .filter(|t| !t.is_empty()),
                url: link,
                img,
                toc: raw.toc.unwrap_or(true),
            });
        }
        fine.then_some(list)
    }
}

/// The transcript types of Podcasting 2.0 that byline publishes.
const TRANSCRIPT_TYPES: [&str; 4] = [
    "text/vtt",
    "application/x-subrip",
    "application/json",
    "text/html",
];

/// A remote transcript's type, from its name: byline never fetches it.
fn transcript_type_of_name(url: &str) -> Option<&'static str> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "vtt" => Some("text/vtt"),
        "srt" => Some("application/x-subrip"),
        "json" => Some("application/json"),
        "html" | "htm" => Some("text/html"),
        "txt" => Some("text/plain"),
        _ => None,
    }
}
