//! Value syntax: the shapes of the values that config files, front matter
//! and other people's feeds carry (language tags, media types, e-mail
//! addresses), slugs, and where another generator's template tag may open. A leaf: it imports nothing of byline, so `config`,
//! `article`, `attribution`, `media` and `check` all ask it, and none of
//! them asks another for a shape.

/// Returns true if and only if `tag` has the shape of a BCP 47 language tag.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Turns any text into a slug: lowercase letters and digits, with `-`
/// between words (`Los Angeles 2028` → `los-angeles-2028`). Letters outside
/// ASCII are kept; URLs percent-encode them.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            slug.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Returns true if and only if `text` has a letter, a digit or a `_`: what
/// a slug is made of ([`slugify`]), so that a name without any has no slug,
/// and no feed of its own. The same as `!slugify(text).is_empty()`, without
/// making the slug.
pub(crate) fn has_slug(text: &str) -> bool {
    text.chars().any(|c| c.is_alphanumeric() || c == '_')
}

/// A language tag in the case BCP 47 (RFC 5646, 2.1.1) writes it: the
/// language in lowercase (`fr`), a script in title case (`Hant`), a region
/// of two letters in uppercase (`BR`), and every other subtag, and all
/// that follow a singleton (`x-…`), in lowercase. Tags are the same in any
/// case; this is how feeds write them.
pub(crate) fn conventional_case(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut after_singleton = false;
    for (n, part) in tag.split('-').enumerate() {
        if n > 0 {
            out.push('-');
        }
        match part.len() {
            _ if n == 0 || after_singleton => out.push_str(&part.to_ascii_lowercase()),
            1 => {
                after_singleton = true;
                out.push_str(&part.to_ascii_lowercase());
            }
            2 => out.push_str(&part.to_ascii_uppercase()),
            4 => {
                let lower = part.to_ascii_lowercase();
                out.push_str(&lower[..1].to_ascii_uppercase());
                out.push_str(&lower[1..]);
            }
            _ => out.push_str(&part.to_ascii_lowercase()),
        }
    }
    out
}

/// Returns true if and only if `text` has the form of a media type
/// (`audio/mpeg`): a type, a slash and a subtype of token characters.
pub(crate) fn is_media_type(text: &str) -> bool {
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    text.split_once('/')
        .is_some_and(|(kind, subtype)| token(kind) && token(subtype))
}

/// Returns true if and only if `text` looks like `local@domain.tld`: an
/// `@` after something, a domain with a dot inside it and no other `@`,
/// and no white space, `<`, `>`, `(` or `)` anywhere.
///
/// Read as bytes (every byte of an address is ASCII, or the address is
/// looked at character by character): every author's address passes here.
pub(crate) fn is_email(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(at) = bytes.iter().position(|&b| b == b'@') else {
        return false;
    };
    let domain = &bytes[at + 1..];
    // ASCII white space is U+0009 to U+000D and the space. Without
    // branches, so that it vectorizes; a byte outside ASCII sends the
    // text to the character check, which knows Unicode's white space.
    let (ascii_unwanted, beyond_ascii) =
        bytes.iter().fold((false, false), |(unwanted, beyond), &b| {
            let space = (b == b' ') | (b.wrapping_sub(b'\t') <= b'\r' - b'\t');
            let bracket = (b == b'<') | (b == b'>') | (b == b'(') | (b == b')');
            (unwanted | space | bracket, beyond | (b >= 0x80))
        });
    let clean = if beyond_ascii {
        !text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')'))
    } else {
        !ascii_unwanted
    };
    at > 0
        && domain.contains(&b'.')
        && domain.first() != Some(&b'.')
        && domain.last() != Some(&b'.')
        && !domain.contains(&b'@')
        && clean
}

/// Returns true if and only if `text` holds `{{` or `{%`, where a template
/// tag may start: one pass over the text, looking for `{` alone (which the
/// standard library finds with `memchr`), where two searches for the
/// two-byte needles took a tenth of a build.
pub(crate) fn may_hold_template_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find('{') {
        let at = from + found;
        if matches!(bytes.get(at + 1), Some(b'{' | b'%')) {
            return true;
        }
        // `{` is one byte: the next one starts a character.
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Los Angeles 2028"), "los-angeles-2028");
        assert_eq!(slugify("  Un été à Paris! "), "un-été-à-paris");
        assert_eq!(slugify("snake_case--x"), "snake_case-x");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn a_text_has_a_slug_when_slugify_makes_one() {
        for text in ["!!!", "***", " - ", "_", "Ana", "été", "٣", "a!", ""] {
            assert_eq!(has_slug(text), !slugify(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("pt-BR"));
        assert!(is_language_tag("zh-Hant-TW"));
        assert!(!is_language_tag("english"));
        assert!(!is_language_tag("en_US"));
        assert!(!is_language_tag("en-"));
    }

    #[test]
    fn language_tags_take_bcp_47s_case() {
        for (written, conventional) in [
            ("FR", "fr"),
            ("fr", "fr"),
            ("PT-br", "pt-BR"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("ES-419", "es-419"),
            ("SL-ROZAJ", "sl-rozaj"),
            ("en-CA-X-CA", "en-CA-x-ca"),
        ] {
            assert_eq!(conventional_case(written), conventional, "{written}");
        }
    }

    #[test]
    fn media_types() {
        assert!(is_media_type("audio/mpeg"));
        assert!(is_media_type("application/vnd.apple+json"));
        assert!(!is_media_type("audio"));
        assert!(!is_media_type("audio/"));
        assert!(!is_media_type("audio mpeg/x"));
    }

    #[test]
    fn email_addresses_read_as_bytes_read_as_characters() {
        let by_characters = |text: &str| {
            let Some((local, domain)) = text.split_once('@') else {
                return false;
            };
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text
                    .chars()
                    .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '(' || c == ')')
                && !domain.contains('@')
        };
        for text in [
            "a@b.c",
            "@b.c",
            "a@",
            "a@.b",
            "a@b.",
            "a@b",
            "a@@b.c",
            "a@b@c.d",
            "a b@c.d",
            "a@b.c\u{b}",
            "a@b.c\u{c}",
            "a@b.c\u{1f}",
            "a@b.c\u{85}",
            "a@b.c\u{a0}",
            "é@b.c",
            "a@é.c",
            "a@b.c\u{3000}",
            "<a@b.c>",
            "(a@b.c)",
            "a.@b.c",
            "",
            "@",
            ".@.",
            "a@b..c",
            "a@b.c\t",
            "a@b.c\r",
            "a@b.c\u{8}",
            "a@b.c\u{e}",
            "a@b.c ",
            "a[b]@c.d",
        ] {
            assert_eq!(is_email(text), by_characters(text), "{text:?}");
        }
    }

    #[test]
    fn email_addresses() {
        assert!(is_email("desk@gazette.example.org"));
        assert!(!is_email("desk"));
        assert!(!is_email("desk@localhost"));
        assert!(!is_email("Desk <desk@gazette.example.org>"));
    }

    #[test]
    fn a_template_tag_is_found_wherever_it_opens() {
        assert!(super::may_hold_template_tag("{{ site.url }}"));
        assert!(super::may_hold_template_tag("text {% raw %}"));
        assert!(super::may_hold_template_tag("é{é{{"));
        assert!(!super::may_hold_template_tag("a { b } {c} {"));
        assert!(!super::may_hold_template_tag(""));
    }
}
