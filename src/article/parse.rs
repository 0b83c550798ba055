//! Parsing one article's text: splitting off the front matter, reading the
//! body in its shape, and resolving every field.

use super::front_matter::{self, Fields, SplitError};
use super::model::{Body, Parsed, SourceFormat};
use super::resolve::{BodyFacts, FileFacts, Resolver};
use super::text;
use crate::config::Site;
use crate::diagnostic::Diagnostic;
use std::path::Path;

/// Parses and checks one article's text; every problem comes back at once.
///
/// `Err` holds the errors and the warnings; `Ok` holds the warnings in
/// [`Parsed::warnings`].
pub(crate) fn parse<'a>(
    path: &Path,
    text: &'a str,
    facts: &FileFacts,
    site: &Site,
) -> Result<Parsed<'a>, Vec<Diagnostic>> {
    parse_or_defer(path, text, facts, site).map_err(|unparsed| match unparsed {
        Unparsed::Problems(problems) => problems,
        // Only the loader gives partial facts, and it asks git then.
        Unparsed::NeedsGit => vec![Diagnostic::error(path, "the article has no date")],
    })
}

/// Why an article did not parse.
#[derive(Debug)]
pub(crate) enum Unparsed {
    /// Its errors, and its warnings.
    Problems(Vec<Diagnostic>),
    /// It has no date of its own, and git was not asked yet when the file
    /// was added: it is to be parsed again with what git says about it.
    NeedsGit,
}

/// [`parse`], telling an article that needs git apart from one that has
/// problems.
pub(crate) fn parse_or_defer<'a>(
    path: &Path,
    text: &'a str,
    facts: &FileFacts,
    site: &Site,
) -> Result<Parsed<'a>, Unparsed> {
    // Hugo's and Zola's `_index.md` is a section's own page, not a post;
    // neither makes a page of a `.txt` file (one beside a bundle's
    // `index.md` is one of its files). Both are left out without a word.
    if matches!(
        site.front_matter,
        crate::config::Dialect::Hugo | crate::config::Dialect::Zola
    ) && (path.file_name().is_some_and(|name| name == "_index.md")
        || path.extension().is_some_and(|e| e == "txt"))
    {
        return Err(Unparsed::Problems(Vec::new()));
    }
    let format = SourceFormat::in_dialect(path, site.front_matter).unwrap_or(SourceFormat::Text);
    let mut resolver = Resolver {
        path,
        text,
        front_matter_offset: 0,
        problems: Vec::new(),
        warnings: Vec::new(),
        known_media: &facts.media,
        probed: Vec::new(),
        needs_git: false,
    };
    resolver.forbidden_characters();

    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(SplitError::Unclosed(syntax)) => {
            resolver.problems.push(
                Diagnostic::error(path, "the front matter opened here is never closed")
                    .at(1, Some(1))
                    .with_help(format!(
                        "end it with a line that holds only `{}`",
                        syntax.delimiter()
                    )),
            );
            return Err(Unparsed::Problems(resolver.problems));
        }
    };
    // Only ever compared with one made by the same byline (a re-parse, an
    // archive page's digest, which holds the executable's): the digest 8
    // bytes at a time will do, where FNV-1a went a byte at a time.
    let front_matter_hash = split
        .front_matter
        .as_ref()
        .map_or(0, |block| crate::hash::digest(&[block.text.as_bytes()]));
    let has_front_matter = split.front_matter.is_some();
    let front = match split.front_matter {
        None => Fields::default(),
        Some(block) => {
            resolver.front_matter_offset = block.offset;
            match front_matter::parse(block.syntax, block.text) {
                Ok(node) => {
                    let (fields, problems) = Fields::read(node, site.front_matter);
                    resolver.front_matter_problems(problems);
                    fields
                }
                Err(problem) => {
                    resolver.front_matter_problems(vec![problem]);
                    Fields::default()
                }
            }
        }
    };
    if !resolver.problems.is_empty() {
        return Err(Unparsed::Problems(resolver.problems));
    }

    let has_title = front.title.is_some();
    let (headline, body, credit) = match format {
        SourceFormat::Text => {
            let body = text::parse(split.body, has_title);
            (
                body.headline.map(str::to_owned),
                Body::Text(body.text),
                body.credit,
            )
        }
        SourceFormat::Markdown => {
            let (headline, markdown) = markdown_title(split.body, has_title);
            let (markdown, credit) = text::split_credit(markdown);
            (headline, Body::Markdown(markdown), credit)
        }
    };
    // Posts written for another generator may hold its template tags.
    if let Body::Markdown(markdown) = &body
        && site.front_matter != crate::config::Dialect::Byline
    {
        resolver.template_tags(markdown, site.front_matter);
    }
    let is_empty = match &body {
        Body::Text(text) => text.trim().is_empty(),
        Body::Markdown(markdown) => markdown.trim().is_empty(),
    };
    if is_empty && headline.is_none() && !has_title {
        // Another generator makes something of an empty page (a redirect
        // stub, a template-only page): not an article, and not an error.
        // Only the warning comes back, so the file is left out.
        if site.front_matter != crate::config::Dialect::Byline {
            return Err(Unparsed::Problems(vec![
                Diagnostic::warning(
                    path,
                    "the file has no title and no text: it is not an article, and is left out",
                )
                .with_help("give it a `title` and text to publish it")
                .rule(crate::rule::Rule::NotAnArticle),
            ]));
        }
        let problem = match has_front_matter {
            false => Diagnostic::error(path, "the file is empty"),
            true => Diagnostic::error(
                path,
                "the article has front matter but no title and no text after it",
            )
            .with_help("write the article below the front matter, or set `title` in it"),
        };
        resolver.problems.push(problem);
        return Err(Unparsed::Problems(resolver.problems));
    }

    let body_facts = BodyFacts {
        format,
        headline,
        credit,
    };
    let article = resolver.article(front, body_facts, facts, site);
    if let Some(article) = article.as_ref().filter(|article| !article.draft) {
        let body_text = match &body {
            Body::Text(text) | Body::Markdown(text) => text,
        };
        resolver.warnings.extend(crate::scaffold::article_warning(
            &article.path,
            text,
            body_text,
        ));
    }
    match article {
        Some(article) if resolver.problems.is_empty() => {
            let body_text = match body {
                Body::Text(text) | Body::Markdown(text) => text,
            };
            let offset = (body_text.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            Ok(Parsed {
                article,
                body,
                // `memchr`'s count goes 32 bytes at a time; a filtered
                // count of bytes went 4.
                body_line: 1 + memchr::memchr_iter(
                    b'\n',
                    &text.as_bytes()[..offset.min(text.len())],
                )
                .count(),
                warnings: resolver.warnings,
                front_matter_hash,
                probed: resolver.probed,
            })
        }
        _ if resolver.needs_git => Err(Unparsed::NeedsGit),
        _ => {
            resolver.problems.extend(resolver.warnings);
            Err(Unparsed::Problems(resolver.problems))
        }
    }
}

/// For Markdown without a front-matter title: a first-level heading that
/// opens the text (`# Heading`, or `Heading` over `===`) is the title, as
/// the text a reader sees (`# A *bold* [claim](…)` is "A bold claim"), and
/// the body starts after it.
///
/// Only the first block is parsed (up to the first blank line), so this
/// costs little whatever the article's length.
fn markdown_title(body: &str, has_title: bool) -> (Option<String>, &str) {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    if has_title {
        return (None, body);
    }
    let trimmed = body.trim_start();
    let first_block = trimmed.find("\n\n").map_or(trimmed, |end| &trimmed[..end]);
    let mut events = Parser::new(first_block).into_offset_iter();
    let Some((
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }),
        range,
    )) = events.next()
    else {
        return (None, body);
    };
    let mut title = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) => title.push_str(&text),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return (None, body);
    }
    (Some(title), &trimmed[range.end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let text = "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\n\
                    authors = [\"Desk\"]\n[[feeds]]\nrss = \"feed.xml\"\n";
        crate::config::parse(Path::new("feeds.toml"), text)
            .unwrap()
            .site
    }

    #[test]
    fn a_date_from_outside_the_file_is_the_last_resort() {
        let path = Path::new("undated.txt");
        let text = "Headline\n\nBody.\n";
        let problems = parse(path, text, &FileFacts::default(), &site()).unwrap_err();
        assert!(problems[0].message.contains("no date"), "{problems:?}");
        let created = chrono::DateTime::parse_from_rfc3339("2024-08-11T09:00:00+02:00").ok();
        let facts = FileFacts {
            git: crate::article::history::GitFacts::Committed {
                added: created.unwrap(),
                changed: created.unwrap(),
            },
            media: Vec::new(),
        };
        let parsed = parse(path, text, &facts, &site()).unwrap();
        assert_eq!(Some(parsed.article.published), created);
        // The file name and the front matter come first.
        let named = parse(Path::new("2023-01-02-x.txt"), text, &facts, &site()).unwrap();
        assert_eq!(
            named.article.published.to_rfc3339(),
            "2023-01-02T00:00:00+00:00"
        );
    }
}
