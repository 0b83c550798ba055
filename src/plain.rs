//! What plain text in a feed may hold.
//!
//! Titles, summaries, names, tags, credit lines and rights statements are
//! plain text: byline escapes them in every format, so text that looks like
//! HTML (`Why the <details> element matters`) is published as the text it
//! is, and no reader runs or renders it. Two things are still worth saying:
//!
//! - a character XML 1.0 cannot carry (C0 controls, U+FFFE, U+FFFF) cannot be
//!   published at all: an error;
//! - an HTML end tag (`</script>`) or character reference (`&amp;`) is
//!   published as text, but the W3C validator warns about it in RSS titles
//!   (`ContainsHTML`), some readers decode it a second time, and a reference
//!   is more often a mistake than meant: a warning that says so
//!   (refusing it stopped web-development blogs from publishing).
//!
//! This module is a leaf: config, articles, the HTML renderer and `check`
//! all use it, and it uses none of them.

/// Returns true if and only if XML 1.0 cannot carry `c`: C0 controls other
/// than tab, LF and CR, and the noncharacters U+FFFE and U+FFFF.
pub(crate) fn is_forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Returns false if `value` has nothing that [`forbidden_character`] or
/// [`html_lookalike`] looks for: no C0 control, no 0xEF byte (which starts
/// U+FFFE and U+FFFF), no `<` and no `&`. One pass without branches, so
/// that it vectorizes, for the most of values, which have none.
pub(crate) fn may_hold_something(value: &str) -> bool {
    value.bytes().fold(false, |found, b| {
        found | (b < 0x20) | (b == 0xEF) | (b == b'<') | (b == b'&')
    })
}

/// The error for a plain-text value that holds a character XML forbids.
pub(crate) fn forbidden_character(value: &str) -> Option<String> {
    // Every forbidden character is a C0 control (one byte below 0x20) or
    // starts with the byte 0xEF (U+FFFE, U+FFFF): most text has neither.
    if !value.bytes().any(|b| b < 0x20 || b == 0xEF) {
        return None;
    }
    let c = value.chars().find(|&c| is_forbidden_in_xml(c))?;
    Some(format!(
        "holds the control character U+{:04X}, which cannot be published in a feed",
        u32::from(c)
    ))
}

/// Something in plain text that readers may take for HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lookalike<'a> {
    /// An HTML end tag (`</b>`): the W3C validator's mark of HTML in text.
    EndTag(&'a str),
    /// A character reference (`&amp;`, `&#8212;`).
    Reference(&'a str),
}

impl Lookalike<'_> {
    /// The warning about this lookalike in the plain-text field `key`
    /// (`title`, `site.title`), named `ContainsHTML` where the W3C validator
    /// will warn too.
    pub(crate) fn warning(
        self,
        path: &std::path::Path,
        key: &str,
    ) -> crate::diagnostic::Diagnostic {
        let warning =
            crate::diagnostic::Diagnostic::warning(path, format!("`{key}` {}", self.message()))
                .with_help(self.help());
        if matches!(self, Lookalike::EndTag(_)) && validator_checks(key) {
            warning.rule(crate::rule::Rule::ContainsHTML)
        } else {
            warning.rule(crate::rule::Rule::TextLooksLikeMarkup)
        }
    }

    /// What the warning says about it, after the field's name.
    pub(crate) fn message(self) -> String {
        match self {
            Lookalike::EndTag(tag) => format!(
                "contains `{tag}`, which is published as text, but some feed readers render it as HTML"
            ),
            Lookalike::Reference(reference) => format!(
                "contains `{reference}`, which is published as those characters, not as the character it names"
            ),
        }
    }

    /// How to silence the warning.
    pub(crate) fn help(self) -> &'static str {
        match self {
            Lookalike::EndTag(_) => {
                "byline escapes it, so readers show the tag as text; leave it if the tag is \
                 the topic, or reword"
            }
            Lookalike::Reference(_) => "write the character itself (`&`, `—`)",
        }
    }
}

/// Returns true if and only if the W3C validator checks the field named
/// `key` for HTML (`ContainsHTML`): RSS titles, descriptions, categories
/// and `dc:rights`, Atom person names and category labels. `key` is a
/// front-matter key or a config key such as `site.title`.
pub(crate) fn validator_checks(key: &str) -> bool {
    let field = key.rsplit('.').next().unwrap_or(key);
    matches!(
        field,
        "title" | "description" | "tags" | "authors" | "rights"
    )
}

/// The first thing in `value` that readers may take for HTML, if any.
pub(crate) fn html_lookalike(value: &str) -> Option<Lookalike<'_>> {
    if !value.as_bytes().iter().any(|&b| b == b'<' || b == b'&') {
        return None;
    }
    end_tag(value)
        .map(Lookalike::EndTag)
        .or_else(|| reference(value).map(Lookalike::Reference))
}

/// The first HTML end tag (`</b>`) in plain text, the mark by which the
/// W3C validator decides that text holds HTML.
pub(crate) fn end_tag(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(start) = rest.find("</") {
        let after = &rest[start + 2..];
        let length = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if length > 0 && after[length..].starts_with('>') {
            return Some(&rest[start..start + length + 3]);
        }
        rest = after;
    }
    None
}

/// The first character reference (`&amp;`, `&#8212;`, `&#x2014;`) in text.
fn reference(value: &str) -> Option<&str> {
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        let after = &rest[at + 1..];
        let body = after
            .strip_prefix('#')
            .map_or(after, |b| b.strip_prefix(['x', 'X']).unwrap_or(b));
        let prefix = after.len() - body.len();
        let length = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if length > 0 && body[length..].starts_with(';') {
            return Some(&rest[at..at + 1 + prefix + length + 1]);
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalikes() {
        assert_eq!(html_lookalike("AT&T, Q&A and 1 < 2 > 0: fine"), None);
        assert_eq!(html_lookalike("Why the <details> element matters"), None);
        assert_eq!(
            html_lookalike("Tom & Jerry <script>alert(1)</script>"),
            Some(Lookalike::EndTag("</script>"))
        );
        assert_eq!(
            html_lookalike("Fish &amp; chips"),
            Some(Lookalike::Reference("&amp;"))
        );
        assert_eq!(
            html_lookalike("&#8212; and &#x2014;"),
            Some(Lookalike::Reference("&#8212;"))
        );
    }

    #[test]
    fn fields_the_validator_checks() {
        assert!(validator_checks("title"));
        assert!(validator_checks("site.description"));
        assert!(validator_checks("feeds.title"));
        assert!(!validator_checks("summary"));
        assert!(!validator_checks("credit"));
    }

    #[test]
    fn a_value_without_suspects_has_no_problem() {
        for value in [
            "plain",
            "",
            "tab\tand\nline",
            "bell \u{7}",
            "\u{fffe}",
            "\u{ef}",
            "ï",
            "a < b",
            "</b>",
            "&amp;",
            "AT&T",
            "été",
            "\u{feff}",
        ] {
            if !may_hold_something(value) {
                assert_eq!(forbidden_character(value), None, "{value:?}");
                assert_eq!(html_lookalike(value), None, "{value:?}");
            }
        }
        assert!(!may_hold_something("Ana Lima"));
        assert!(may_hold_something("bell \u{7}") && may_hold_something("Q&A"));
    }

    #[test]
    fn forbidden_characters() {
        assert_eq!(forbidden_character("plain"), None);
        assert!(
            forbidden_character("bell \u{7}")
                .unwrap_or_default()
                .contains("U+0007")
        );
        assert!(forbidden_character("\u{fffe}").is_some());
        assert_eq!(forbidden_character("tab\tand\nline"), None);
    }
}
