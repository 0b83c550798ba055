//! The lexical layer of HTML, shared by the body filter
//! ([`super::sanitize`]) and `byline check`: tags, character references and
//! escaping. One tokenizer, so the two never disagree on what a tag is.

/// One parsed tag.
pub(crate) struct Tag<'s> {
    pub(crate) name: String,
    pub(crate) closing: bool,
    pub(crate) self_closing: bool,
    pub(crate) attributes: Vec<(String, Option<&'s str>)>,
}

/// The length of the character reference at the start of `text`
/// (`&amp;`, `&#8212;`, `&#x2014;`), or 0 if there is none.
pub(crate) fn entity_length(text: &str) -> usize {
    let body = &text[1..];
    let name_length = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X"))
    {
        let digits = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
        if digits == 0 { return 0 } else { digits + 2 }
    } else if let Some(decimal) = body.strip_prefix('#') {
        let digits = decimal.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 { return 0 } else { digits + 1 }
    } else {
        let letters = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if letters == 0 || !body.as_bytes()[0].is_ascii_alphabetic() {
            return 0;
        } else {
            letters
        }
    };
    if body.as_bytes().get(name_length) == Some(&b';') {
        name_length + 2
    } else {
        0
    }
}

/// Decodes the character references a URL attribute may hide a scheme in
/// (`java&#115;cript:`), plus the five XML ones. Others stay as written.
pub(crate) fn decode_entities(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let length = entity_length(after);
        let decoded = if length > 0 {
            decode_entity(&after[1..length - 1])
        } else {
            None
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[length..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(decimal) = name.strip_prefix('#') {
        decimal.parse().ok()?
    } else {
        return match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => None,
        };
    };
    char::from_u32(code).filter(|&c| !crate::plain::is_forbidden_in_xml(c))
}

/// Parses the tag at the start of `html`; `None` if it is not one.
pub(crate) fn parse_tag(html: &str) -> Option<(Tag<'_>, usize)> {
    let bytes = html.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            self_closing = bytes[i] == b'/';
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                return Some((
                    Tag {
                        name,
                        closing,
                        self_closing,
                        attributes,
                    },
                    i + 1,
                ));
            }
            _ => self_closing = false,
        }
        let attribute_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let attribute = html[attribute_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i)? {
                &quote @ (b'"' | b'\'') => {
                    let end = html[i + 1..].find(char::from(quote))? + i + 1;
                    value = Some(&html[i + 1..end]);
                    i = end + 1;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = Some(&html[start..i]);
                }
            }
        }
        attributes.push((attribute, value));
    }
}

/// The offset just past `</name ...>` in `html`, matched without regard to
/// ASCII case.
pub(crate) fn find_closing_tag(html: &str, name: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let needle = format!("</{name}");
    let mut from = 0;
    while let Some(found) = lower[from..].find(&needle) {
        let start = from + found;
        let after = start + needle.len();
        let boundary = lower
            .as_bytes()
            .get(after)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if boundary {
            return Some(
                lower[after..]
                    .find('>')
                    .map_or(lower.len(), |end| after + end + 1),
            );
        }
        from = after;
    }
    None
}

/// Escapes `&`, `<` and `>` for HTML text.
pub(crate) fn escape_text(text: &str, out: &mut String) {
    escape(text, b"&<>", out);
}

/// Copies `text` to `out` with each of the ASCII bytes `special` replaced by
/// its reference; the runs between them are copied whole.
fn escape(text: &str, special: &[u8], out: &mut String) {
    out.reserve(text.len());
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| special.contains(&b)) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Escapes text for a double-quoted HTML attribute.
pub(crate) fn escape_attribute(text: &str, out: &mut String) {
    escape(text, b"&<>\"", out);
}
