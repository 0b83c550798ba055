//! URLs: checking the ones users write, and making absolute the ones in content.
//!
//! Feed readers and mail tools ignore `xml:base`, so every URL byline
//! publishes is absolute.

use std::fmt::Write as _;
use url::Url;

/// Parses an absolute http(s) URL, or says what is wrong with it.
pub(crate) fn absolute_http(text: &str) -> Result<Url, String> {
    // `news.example.org` or `localhost:4000`: a host without its scheme
    //, which the URL parser calls relative or takes for one.
    let trimmed = text.trim();
    let no_scheme = match Url::parse(trimmed) {
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Ok(url) => {
            !trimmed.contains("://")
                && trimmed[url.scheme().len() + 1..].starts_with(|c: char| c.is_ascii_digit())
        }
        Err(_) => false,
    };
    if no_scheme && !trimmed.is_empty() && !trimmed.contains(char::is_whitespace) {
        return Err(format!(
            "`{text}` is not a URL: it has no scheme; add `https://` (`https://{}`)",
            trimmed.trim_start_matches(['/', ':'])
        ));
    }
    let url = Url::parse(text.trim()).map_err(|e| format!("`{text}` is not a valid URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
        return Err(format!(
            "`{text}` must be an absolute http:// or https:// URL"
        ));
    }
    Ok(url)
}

/// Returns true if and only if `text` is an absolute http(s) URL written in
/// full, `http://host…`: the URL parser would also take `http:/host`.
pub(crate) fn is_http_url(text: &str) -> bool {
    absolute_http(text).is_ok()
        && text
            .trim()
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.starts_with('/'))
}

/// Returns true if and only if `text` is an absolute URI with a scheme, as
/// Atom ids and RSS guids must be (`tag:…`, `urn:…`, `https://…`).
pub(crate) fn is_absolute_uri(text: &str) -> bool {
    !text.chars().any(char::is_whitespace) && Url::parse(text).is_ok()
}

/// URL schemes that content may link to. Anything else (`javascript:`,
/// `data:`, `vbscript:`, …) is dropped from the feed.
pub(crate) const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "ftp", "tel"];

/// Resolves a link found in content against the article's URL.
///
/// Returns `None` for a URL that must not be published: an unsafe scheme, or
/// one that does not parse.
pub(crate) fn resolve(base: &Url, href: &str) -> Option<String> {
    let href = href.trim();
    let url = base.join(href).ok()?;
    if !SAFE_SCHEMES.contains(&url.scheme()) {
        return None;
    }
    Some(url.into())
}

/// Returns true if and only if a URL that [`resolve`] returned is http(s),
/// the only schemes an image may load from.
pub(crate) fn is_http(resolved: &str) -> bool {
    resolved.starts_with("http:") || resolved.starts_with("https:")
}

/// Percent-encodes `text` for a URI path segment, keeping RFC 3986's
/// unreserved characters.
pub(crate) fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_segment(text, &mut out);
    out
}

/// Pushes `text` onto `out`, percent-encoded as [`encode_segment`] says;
/// most slugs need no encoding, and are copied whole.
pub(crate) fn push_segment(text: &str, out: &mut String) {
    let plain =
        |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
    if text.bytes().all(plain) {
        out.push_str(text);
        return;
    }
    for byte in text.bytes() {
        if plain(byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// Returns true if and only if `value` is an absolute URL with a scheme
/// (and, for http and https, a host).
pub(crate) fn is_full_url(value: &str) -> bool {
    match url::Url::parse(value.trim()) {
        Ok(url) => !matches!(url.scheme(), "http" | "https") || url.has_host(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls() {
        assert!(absolute_http("https://example.org/").is_ok());
        assert!(absolute_http("example.org").is_err());
        assert!(absolute_http("ftp://example.org/").is_err());
        assert!(absolute_http("/news/").is_err());
    }

    #[test]
    fn ids_must_be_absolute() {
        assert!(is_absolute_uri("tag:example.org,2024:closing-ceremony"));
        assert!(is_absolute_uri(
            "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
        ));
        assert!(is_absolute_uri("https://example.org/a"));
        assert!(!is_absolute_uri("closing-ceremony"));
        assert!(!is_absolute_uri("tag:a b"));
    }

    #[test]
    fn resolve_makes_links_absolute_and_drops_unsafe_ones() {
        let base = Url::parse("https://example.org/news/2024/ceremony/").unwrap();
        assert_eq!(
            resolve(&base, "../photo.jpg").as_deref(),
            Some("https://example.org/news/2024/photo.jpg")
        );
        assert_eq!(
            resolve(&base, "/about").as_deref(),
            Some("https://example.org/about")
        );
        assert_eq!(
            resolve(&base, "mailto:desk@example.org").as_deref(),
            Some("mailto:desk@example.org")
        );
        assert_eq!(resolve(&base, "javascript:alert(1)"), None);
        assert_eq!(resolve(&base, " JaVaScRiPt:alert(1)"), None);
        assert_eq!(resolve(&base, "data:text/html,<b>x</b>"), None);
    }

    #[test]
    fn encode_segment_keeps_unreserved() {
        assert_eq!(encode_segment("closing-ceremony_2"), "closing-ceremony_2");
        assert_eq!(encode_segment("café"), "caf%C3%A9");
    }
}
