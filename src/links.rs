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
    // Parsed once: what decides whether the scheme is missing is also the
    // URL, or the error, that is returned.
    let parsed = Url::parse(trimmed);
    let no_scheme = match &parsed {
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
    let url = parsed.map_err(|e| format!("`{text}` is not a valid URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
        return Err(format!(
            "`{text}` must be an absolute http:// or https:// URL"
        ));
    }
    Ok(url)
}

/// [`absolute_http`], as the text of the URL: what an article keeps of its
/// source's, author's and license's addresses. Most are written as the URL
/// parser would write them back (`https://wire.example.com/59945`), and
/// [`canonical_http`] tells so without parsing; anything else is parsed.
pub(crate) fn absolute_http_text(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    match canonical_http(trimmed) {
        Some(Canonical::AsWritten) => Ok(trimmed.to_owned()),
        Some(Canonical::WithSlash) => Ok(format!("{trimmed}/")),
        None => absolute_http(text).map(String::from),
    }
}

/// [`absolute_http`]'s verdict alone, for a URL that is checked and not
/// kept.
pub(crate) fn check_absolute_http(text: &str) -> Result<(), String> {
    match canonical_http(text.trim()) {
        Some(_) => Ok(()),
        None => absolute_http(text).map(drop),
    }
}

/// How the URL parser writes back a URL that [`canonical_http`] accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Canonical {
    /// As it is written.
    AsWritten,
    /// With a `/` after the host, the path of a URL that has none.
    WithSlash,
}

/// Tells, without parsing, that `url` is an absolute http(s) URL which the
/// URL parser (WHATWG's rules, as the `url` crate has them) accepts and
/// writes back as it is, or with a `/` added after a bare host; `None` for
/// anything it does not vouch for, which the parser decides.
///
/// It vouches only for this shape, each part left unchanged by the parser:
///
/// - the scheme `http://` or `https://`, in lowercase (the parser lowercases
///   `HTTPS:`, and takes `https:host` and `https:///host` too);
/// - no user, password or port (no `@`, no `:` before the path);
/// - a host of labels joined by single dots, each starting with a lowercase
///   ASCII letter, then lowercase letters, digits and inner hyphens, and not
///   `??--…` (the punycode prefix `xn--` among them): the labels that IDNA's
///   mapping passes through as they are, so no IDN, no uppercase, no
///   percent escape, no trailing dot, no IPv4 (whose last label is a
///   number) and no IPv6 (`[…]`);
/// - then nothing, or a path of `/` and characters the parser copies as
///   they are (RFC 3986's unreserved ones and sub-delimiters, `:` and `@`),
///   with no `.` or `..` segment, which the parser removes, and no `%`,
///   since `%2e` is a dot too;
/// - perhaps a non-empty query of those characters and `/` and `?`, less
///   `'`, which the parser escapes in an http(s) query;
/// - no fragment, no white space, no backslash, nothing outside ASCII.
fn canonical_http(url: &str) -> Option<Canonical> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_end = rest
        .bytes()
        .position(|b| b == b'/' || b == b'?')
        .unwrap_or(rest.len());
    let (host, after) = rest.split_at(host_end);
    if !host.as_bytes().split(|&b| b == b'.').all(passthrough_label) {
        return None;
    }
    let (path, query) = match after.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (after, None),
    };
    let path_char = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
            )
    };
    let path_is_kept = path.bytes().all(path_char)
        && path
            .as_bytes()
            .split(|&b| b == b'/')
            .all(|segment| !matches!(segment, b"." | b".."));
    let query_is_kept = query.is_none_or(|query| {
        !query.is_empty()
            && query
                .bytes()
                .all(|b| b != b'\'' && (path_char(b) || b == b'?'))
    });
    if !path_is_kept || !query_is_kept {
        return None;
    }
    match (path.is_empty(), query.is_none()) {
        (false, _) => Some(Canonical::AsWritten),
        (true, true) => Some(Canonical::WithSlash),
        // `https://host?q`: the parser adds the `/` before the query.
        (true, false) => None,
    }
}

/// Returns true if and only if `label` is a label of a host name that IDNA
/// passes through unchanged and that is not a number: a lowercase ASCII
/// letter, then lowercase letters, digits and hyphens, not ending with a
/// hyphen, and without `--` as its third and fourth characters.
fn passthrough_label(bytes: &[u8]) -> bool {
    let Some((&first, tail)) = bytes.split_first() else {
        return false;
    };
    first.is_ascii_lowercase()
        && tail
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && bytes.last() != Some(&b'-')
        && !(bytes.len() >= 4 && &bytes[2..4] == b"--")
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

    /// What the fast path must match: the URL parser's answer, as text.
    fn parsed(text: &str) -> Result<String, String> {
        absolute_http(text).map(String::from)
    }

    #[test]
    fn the_text_of_an_http_url_is_the_parsers_on_tricky_input() {
        for text in [
            "https://wire.example.com/59945",
            "http://news.example.org/a/b-c_d.e~f/",
            "https://example.org",
            "https://example.org/?q=1&r=a:b@c/d?e",
            "https://example.org?q=1",
            "https://example.org/?",
            "https://example.org/#top",
            "https://example.org/a#b",
            " https://example.org/padded \t",
            "HTTPS://example.org/",
            "Https://example.org/",
            "https://Example.org/",
            "https://EXAMPLE.ORG",
            "https://example.org./",
            "https://example..org/",
            "https://.example.org/",
            "https://example.org:443/",
            "https://example.org:8080/x",
            "http://example.org:80/",
            "https://user@example.org/",
            "https://user:pass@example.org/",
            "https://@example.org/",
            "https://bücher.example/",
            "https://xn--bcher-kva.example/",
            "https://xn--zz.example/",
            "https://ab--cd.example/",
            "https://a-.example/",
            "https://-a.example/",
            "https://a-b.example/",
            "https://例え.テスト/",
            "https://example.org/caf%C3%A9",
            "https://example.org/%2e/x",
            "https://example.org/%zz",
            "https://exa%6dple.org/",
            "https://example.org/café",
            "https://example.org/a b",
            "https://example.org/a\tb",
            "https://example.org/a\\b",
            "https://example.org/a/./b",
            "https://example.org/a/../b",
            "https://example.org/./",
            "https://example.org/..",
            "https://example.org/.../x",
            "https://example.org//a",
            "https://example.org/a{b}",
            "https://example.org/a`b",
            "https://example.org/a<b>",
            "https://example.org/a'b",
            "https://example.org/?a'b",
            "https://example.org/a|b",
            "https://[::1]/",
            "https://[2001:db8::1]:8080/x",
            "https://127.0.0.1/",
            "https://1.2.3.4/x",
            "https://example.123/",
            "https://0x7f.1/",
            "https://a.0x1/",
            "https://a.b1/",
            "https://localhost/",
            "https:example.org/",
            "https:/example.org/",
            "https:///example.org/",
            "https://",
            "http://",
            "ftp://example.org/",
            "mailto:desk@example.org",
            "example.org",
            "localhost:4000",
            "//example.org/",
            "/news/",
            "",
            "   ",
            "https://exa mple.org/",
        ] {
            assert_eq!(absolute_http_text(text), parsed(text), "{text:?}");
        }
        // The common shapes take the fast path.
        for text in [
            "https://wire.example.com/59945",
            "http://news.example.org/a/b-c_d.e~f/",
            "https://example.org/?q=1&r=a:b@c/d?e",
            "https://a-b.example/",
        ] {
            assert_eq!(canonical_http(text), Some(Canonical::AsWritten), "{text}");
        }
        assert_eq!(
            canonical_http("https://example.org"),
            Some(Canonical::WithSlash)
        );
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever the fast path vouches for, the URL parser writes back
        /// the same; whatever it does not, the parser decides.
        #[test]
        fn the_fast_path_agrees_with_the_url_parser(
            scheme in prop::sample::select(vec!["https://", "http://", "HTTP://", "https:/", "ftp://", ""]),
            host in prop_oneof![
                "[a-zA-Z0-9.:@%\\[\\]-]{0,12}",
                "[a-z][a-z0-9-]{0,4}(\\.[a-z0-9-]{1,5}){0,3}",
            ],
            rest in "[a-zA-Z0-9/.?#%'`{}<>|:@&=+$,;!*()~_ \\\\é-]{0,16}",
        ) {
            let text = format!("{scheme}{host}{rest}");
            prop_assert_eq!(absolute_http_text(&text), parsed(&text), "{:?}", text);
            prop_assert_eq!(check_absolute_http(&text), absolute_http(&text).map(drop), "{:?}", text);
        }
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
