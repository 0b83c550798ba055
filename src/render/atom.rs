//! Atom 1.0 (RFC 4287), written with the `atom_syndication` crate.

use super::{GENERATOR, VERSION};
use crate::article::Article;
use crate::attribution::Person;
use crate::config::ContentMode;
use crate::feed::{Bodies, Feed};
use atom_syndication::{Category, Content, Entry, Generator, Link, Text, WriteConfig};

/// Renders a feed as Atom 1.0.
pub(super) fn render(feed: &Feed<'_>, bodies: &Bodies) -> Vec<u8> {
    let site = feed.site;
    let self_url = feed
        .atom
        .as_ref()
        .map_or_else(|| feed.link.clone(), |o| o.url.clone());
    let mut links = vec![
        link(&self_url, "self", Some("application/atom+xml"), None),
        link(&feed.link, "alternate", Some("text/html"), None),
    ];
    if let Some(license) = &site.license {
        links.push(link(license, "license", None, None));
    }
    let atom = atom_syndication::Feed {
        title: Text::plain(feed.title.clone()),
        // The feed's own URL is its id: readers key subscriptions by it anyway.
        id: self_url,
        updated: feed.updated().unwrap_or_default(),
        authors: site.authors.iter().map(person).collect(),
        generator: Some(Generator {
            value: GENERATOR.to_owned(),
            uri: None,
            version: Some(VERSION.to_owned()),
        }),
        links,
        rights: site.rights.clone().map(Text::plain),
        subtitle: Some(Text::plain(feed.description.clone())),
        lang: site.language.clone(),
        entries: feed
            .entries
            .iter()
            .map(|article| entry(feed, article, bodies))
            .collect(),
        ..atom_syndication::Feed::default()
    };
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    let mut bytes = atom
        .write_with_config(Vec::new(), config)
        .expect("writing XML into a Vec cannot fail");
    bytes.push(b'\n');
    bytes
}

fn entry(feed: &Feed<'_>, article: &Article, bodies: &Bodies) -> Entry {
    let site = feed.site;
    let attribution = &article.attribution;
    let body = bodies.get(article);
    let mut links = vec![link(&article.url, "alternate", Some("text/html"), None)];
    if let Some(source) = &attribution.source
        && let Some(url) = &source.url
    {
        links.push(link(url, "via", None, Some(&source.name)));
    }
    if let Some(license) = &attribution.license
        && Some(license) != site.license.as_ref()
    {
        links.push(link(license, "license", None, None));
    }
    Entry {
        title: Text::plain(article.title.clone()),
        id: article.id.clone(),
        updated: article.last_modified(),
        published: Some(article.published),
        authors: article.authors.iter().map(person).collect(),
        contributors: attribution.contributors.iter().map(person).collect(),
        categories: article
            .tags
            .iter()
            .map(|tag| Category {
                term: tag.slug.clone(),
                scheme: None,
                label: Some(tag.name.clone()),
            })
            .collect(),
        links,
        rights: attribution
            .rights
            .clone()
            .filter(|rights| Some(rights) != site.rights.as_ref())
            .map(Text::plain),
        summary: body.map(|b| Text::html(b.summary_html.clone())),
        content: match feed.content {
            ContentMode::Full => body.map(|b| Content {
                value: Some(b.html.clone()),
                content_type: Some("html".to_owned()),
                ..Content::default()
            }),
            ContentMode::Summary => None,
        },
        ..Entry::default()
    }
}

fn person(person: &Person) -> atom_syndication::Person {
    atom_syndication::Person {
        name: person.name.clone(),
        email: person.email.clone(),
        uri: person.url.clone(),
        ..atom_syndication::Person::default()
    }
}

fn link(href: &str, rel: &str, mime_type: Option<&str>, title: Option<&str>) -> Link {
    Link {
        href: href.to_owned(),
        rel: rel.to_owned(),
        mime_type: mime_type.map(str::to_owned),
        title: title.map(str::to_owned),
        ..Link::default()
    }
}
