//! Which encoding an XML feed is in, and its text (issue 26).
//!
//! Every label of the WHATWG Encoding Standard is read, with `encoding_rs`
//! (the decoder browsers use). Which label wins follows the W3C validator
//! (`xmlEncoding.decode`), so that its verdicts and byline's line up:
//!
//! 1. a byte order mark (UTF-8, UTF-16 either way) fixes the encoding, and
//!    an XML declaration that names another one is a `UnicodeError`;
//! 2. without one, UTF-16 is told by `<?` in two bytes (and must then be
//!    declared), else the declaration's `encoding` names it, else UTF-8;
//! 3. an HTTP `charset` (`--content-type`) wins over both, with an
//!    `EncodingMismatch` warning when they differ.
//!
//! Two exceptions to WHATWG's table, both the XML (and W3C) reading: the
//! ISO-8859-1 labels are ISO-8859-1 itself, not Windows-1252 (bytes 0x80
//! to 0x9F are C1 controls), and US-ASCII is 7 bits. A label WHATWG does
//! not know is `UnknownEncoding` (the text is then read as UTF-8, as the
//! W3C does); UTF-32 and the labels WHATWG reads only as U+FFFD are
//! `UnsupportedEncoding`. Bytes that are not in the encoding are a
//! `UnicodeError`, and the text goes on being checked with U+FFFD in their
//! place, as the W3C's does.

use super::xml::finding;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};
use std::path::Path;

/// The encodings the W3C calls common (its `isCommon`, labels as written):
/// any other declared encoding is `ObscureEncoding`.
const COMMON: &[&str] = &[
    "UTF-8",
    "UTF-16",
    "US-ASCII",
    "ISO-8859-1",
    "EUC-JP",
    "ISO-8859-2",
    "ISO-8859-15",
    "ISO-8859-7",
    "KOI8-R",
    "SHIFT_JIS",
    "WINDOWS-1250",
    "WINDOWS-1251",
    "WINDOWS-1252",
    "WINDOWS-1254",
    "WINDOWS-1255",
    "WINDOWS-1256",
    "GB18030",
];

/// The labels of ISO-8859-1 proper (WHATWG maps them to Windows-1252).
const LATIN_1: &[&str] = &[
    "iso-8859-1",
    "iso8859-1",
    "iso88591",
    "iso_8859-1",
    "iso_8859-1:1987",
    "latin1",
    "latin-1",
    "l1",
    "cp819",
    "ibm819",
    "iso-ir-100",
    "csisolatin1",
];

/// The labels of US-ASCII (WHATWG maps them to Windows-1252).
const ASCII: &[&str] = &[
    "us-ascii",
    "ascii",
    "ansi_x3.4-1968",
    "iso-ir-6",
    "iso646-us",
    "us",
    "cp367",
    "ibm367",
    "csascii",
];

/// The UTF-16 labels a declaration after a UTF-16 byte order mark may use.
const UTF_16_LABELS: &[&str] = &["UTF-16", "ISO-10646-UCS-2", "CSUNICODE", "UCS-2"];

/// How to read a file's bytes.
#[derive(Clone, Copy)]
enum Reading {
    /// An encoding WHATWG knows.
    Whatwg(&'static Encoding),
    /// ISO-8859-1 proper.
    Latin1,
    /// 7-bit US-ASCII.
    Ascii,
}

/// The text of an XML feed's bytes, and what reading it found; `charset`
/// is the HTTP charset, when one is given. `Err` when it cannot be read
/// at all (UTF-32, an encoding WHATWG only replaces).
pub(super) fn decode(
    path: &Path,
    bytes: &[u8],
    charset: Option<&str>,
) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    let mut found = Vec::new();
    let unsupported = |message: &str| {
        finding(
            path,
            Some(1),
            Rule::UnsupportedEncoding,
            format!("{message}: publish UTF-8"),
        )
    };
    if bytes.starts_with(b"\x00\x00\xfe\xff")
        || bytes.starts_with(b"\xff\xfe\x00\x00")
        || bytes.starts_with(b"\x00\x00\x00<")
        || bytes.starts_with(b"<\x00\x00\x00")
    {
        return Err(unsupported(
            "the file is in UTF-32, which byline does not read",
        ));
    }
    // The encoding the bytes themselves say, and the body after any byte
    // order mark.
    let (sniffed, body): (Option<&'static Encoding>, &[u8]) =
        if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
            (Some(UTF_8), rest)
        } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
            (Some(UTF_16BE), rest)
        } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
            (Some(UTF_16LE), rest)
        } else {
            (None, bytes)
        };
    let unmarked_utf16 = if sniffed.is_some() {
        None
    } else if bytes.starts_with(b"\x00<\x00?") {
        Some(UTF_16BE)
    } else if bytes.starts_with(b"<\x00?\x00") {
        Some(UTF_16LE)
    } else {
        None
    };
    let head_encoding = sniffed.or(unmarked_utf16).unwrap_or(UTF_8);
    let declared = declaration(head_encoding, body);
    let line_of = |declaration: &Option<(String, usize)>| declaration.as_ref().map(|d| d.1);
    // What the document itself says it is in.
    let mut encoding: Option<String> = None;
    if let Some(marked) = sniffed {
        let permitted: &[&str] = if marked == UTF_8 {
            &["UTF-8"]
        } else {
            UTF_16_LABELS
        };
        match &declared {
            Some((label, line)) if !permitted.contains(&label.to_ascii_uppercase().as_str()) => {
                found.push(finding(
                    path,
                    Some(*line),
                    Rule::UnicodeError,
                    format!(
                        "the file starts with a {} byte order mark but declares the encoding `{label}`",
                        permitted[0]
                    ),
                ));
            }
            Some((label, _)) => encoding = Some(label.clone()),
            None => encoding = Some(permitted[0].to_owned()),
        }
    } else if let Some(utf16) = unmarked_utf16 {
        match &declared {
            None => found.push(finding(
                path,
                Some(1),
                Rule::UnicodeError,
                format!(
                    "this file (apparently {}) needs an encoding declaration",
                    utf16.name()
                ),
            )),
            Some((label, line)) => {
                let label_encoding = Encoding::for_label(label.as_bytes());
                if label_encoding != Some(utf16) && label_encoding != Some(UTF_16LE) {
                    found.push(finding(
                        path,
                        Some(*line),
                        Rule::UnicodeError,
                        format!(
                            "the file declares the encoding `{label}`, but looks more like {}",
                            utf16.name()
                        ),
                    ));
                }
                encoding = Some(label.clone());
            }
        }
    } else if bytes.starts_with(b"<?xm") {
        encoding = Some(
            declared
                .as_ref()
                .map_or_else(|| "UTF-8".to_owned(), |d| d.0.clone()),
        );
    }
    if let Some((label, line)) = &declared
        && reading(label).is_some()
        && !COMMON.contains(&label.to_ascii_uppercase().as_str())
    {
        found.push(finding(
            path,
            Some(*line),
            Rule::ObscureEncoding,
            format!("`{label}` is an encoding few feed readers know: publish UTF-8"),
        ));
    }
    if let (Some(charset), Some(encoding)) = (charset, &encoding)
        && !charset.eq_ignore_ascii_case(encoding)
    {
        found.push(finding(
            path,
            Some(1),
            Rule::EncodingMismatch,
            format!(
                "the HTTP charset `{charset}` differs from the encoding `{encoding}` the file declares; the charset wins"
            ),
        ));
    }
    // The label that is used: the HTTP charset's, else the document's.
    let label = charset.map(str::to_owned).or(encoding);
    let chosen = match &label {
        None => Reading::Whatwg(sniffed.or(unmarked_utf16).unwrap_or(UTF_8)),
        Some(label) => match reading(label) {
            Some(Reading::Whatwg(e)) if e == encoding_rs::REPLACEMENT => {
                return Err(unsupported(&format!(
                    "the encoding `{label}` can only be read as U+FFFD"
                )));
            }
            Some(reading) => reading,
            None => {
                found.push(finding(
                    path,
                    Some(line_of(&declared).unwrap_or(1)),
                    Rule::UnknownEncoding,
                    format!("`{label}` is not an encoding: publish UTF-8"),
                ));
                Reading::Whatwg(UTF_8)
            }
        },
    };
    // A byte order mark is skipped only when it is the encoding's own.
    let body = match chosen {
        Reading::Whatwg(e) if Some(e) == sniffed => body,
        _ => bytes,
    };
    let (text, bad) = read(chosen, body);
    if let Some(offset) = bad {
        let line = body[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        let name = match chosen {
            Reading::Whatwg(e) => e.name(),
            Reading::Latin1 => "ISO-8859-1",
            Reading::Ascii => "US-ASCII",
        };
        found.push(finding(
            path,
            Some(line),
            Rule::UnicodeError,
            format!("the bytes at offset {offset} are not {name}, the file's encoding"),
        ));
    }
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok((text, found))
}

/// How a label is read, if it is one.
fn reading(label: &str) -> Option<Reading> {
    let lower = label.trim().to_ascii_lowercase();
    if LATIN_1.contains(&lower.as_str()) {
        Some(Reading::Latin1)
    } else if ASCII.contains(&lower.as_str()) {
        Some(Reading::Ascii)
    } else {
        Encoding::for_label(lower.as_bytes()).map(Reading::Whatwg)
    }
}

/// The text, with U+FFFD for bytes not in the encoding, and the offset of
/// the first such byte.
fn read(reading: Reading, bytes: &[u8]) -> (String, Option<usize>) {
    match reading {
        Reading::Latin1 => (bytes.iter().map(|&b| char::from(b)).collect(), None),
        Reading::Ascii => (
            bytes
                .iter()
                .map(|&b| {
                    if b.is_ascii() {
                        char::from(b)
                    } else {
                        '\u{fffd}'
                    }
                })
                .collect(),
            bytes.iter().position(|b| !b.is_ascii()),
        ),
        Reading::Whatwg(encoding) => {
            let mut decoder = encoding.new_decoder_without_bom_handling();
            let mut text = String::with_capacity(bytes.len());
            let mut first_bad = None;
            let mut read = 0;
            loop {
                let needed = decoder
                    .max_utf8_buffer_length_without_replacement(bytes.len() - read)
                    .unwrap_or(bytes.len() * 3 + 16);
                text.reserve(needed);
                let (result, n) =
                    decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
                read += n;
                match result {
                    DecoderResult::InputEmpty => break,
                    DecoderResult::OutputFull => {}
                    DecoderResult::Malformed(length, after) => {
                        let at = read
                            .saturating_sub(usize::from(length))
                            .saturating_sub(usize::from(after));
                        first_bad.get_or_insert(at);
                        text.push('\u{fffd}');
                    }
                }
            }
            (text, first_bad)
        }
    }
}

/// The encoding an XML declaration names, read in `encoding` (an
/// ASCII-compatible one, or UTF-16), and the line it is on: the W3C's
/// pattern, `<?xml version="…" encoding="…"`.
fn declaration(encoding: &'static Encoding, body: &[u8]) -> Option<(String, usize)> {
    let head = &body[..body.len().min(512)];
    // Any ASCII-compatible encoding reads the declaration as UTF-8 does.
    let head = if encoding == UTF_8 {
        String::from_utf8_lossy(head)
    } else {
        encoding.decode_without_bom_handling(head).0
    };
    let rest = head.strip_prefix("<?xml")?;
    let after_space = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if after_space.len() == rest.len() {
        return None;
    }
    let rest = after_space.strip_prefix("version")?;
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let (_, rest) = quoted(rest)?;
    let after_space = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if after_space.len() == rest.len() {
        return None;
    }
    let rest = after_space.strip_prefix("encoding")?;
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let (value, _) = quoted(rest)?;
    if value.is_empty()
        || !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
    {
        return None;
    }
    let at = head.len() - rest.len();
    let line = head[..at].matches('\n').count() + 1;
    Some((value.to_owned(), line))
}

/// A value in single or double quotes at the start of `text`, and what
/// follows it.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &text[1..];
    let end = inner.find(quote)?;
    Some((&inner[..end], &inner[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8], charset: Option<&str>) -> (String, Vec<Rule>) {
        let (text, found) = decode(Path::new("f.xml"), bytes, charset).unwrap();
        (text, found.iter().map(|d| d.rule.unwrap()).collect())
    }

    #[test]
    fn whatwg_labels_are_read() {
        let (t, found) = text(
            b"<?xml version=\"1.0\" encoding=\"koi8-r\"?><a>\xf0\xd2</a>",
            None,
        );
        assert!(t.ends_with("<a>\u{41f}\u{440}</a>"), "{t}");
        assert_eq!(found, []);
        let (t, found) = text(
            b"<?xml version='1.0' encoding='gb2312'?><a>\xd6\xd0</a>",
            None,
        );
        assert!(t.contains('\u{4e2d}'), "{t}");
        assert_eq!(found, [Rule::ObscureEncoding]);
    }

    #[test]
    fn latin_1_is_not_windows_1252() {
        let (t, _) = text(
            b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\x80</a>",
            None,
        );
        assert!(t.contains('\u{80}'));
        let (t, _) = text(
            b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>\x80</a>",
            None,
        );
        assert!(t.contains('\u{20ac}'));
    }

    #[test]
    fn the_http_charset_wins_over_the_declaration() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><a>\xe9</a>";
        let (t, found) = text(bytes, Some("iso-8859-1"));
        assert!(t.contains('\u{e9}'));
        assert_eq!(found, [Rule::EncodingMismatch]);
        let (_, found) = text(bytes, None);
        assert_eq!(found, [Rule::UnicodeError]);
    }

    #[test]
    fn a_byte_order_mark_wins_over_a_declaration() {
        let (_, found) = text(
            b"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a/>",
            None,
        );
        assert_eq!(found, [Rule::UnicodeError]);
        let mut utf16 = vec![0xff, 0xfe];
        for unit in "<?xml version=\"1.0\"?><a>\u{e9}</a>".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let (t, found) = text(&utf16, None);
        assert_eq!(t, "<?xml version=\"1.0\"?><a>\u{e9}</a>");
        assert_eq!(found, []);
    }

    #[test]
    fn unknown_and_unreadable_labels() {
        let (_, found) = text(b"<?xml version=\"1.0\" encoding=\"klingon\"?><a/>", None);
        assert_eq!(found, [Rule::UnknownEncoding]);
        let err = decode(
            Path::new("f.xml"),
            b"<?xml version=\"1.0\" encoding=\"iso-2022-kr\"?><a/>",
            None,
        )
        .unwrap_err();
        assert_eq!(err.rule, Some(Rule::UnsupportedEncoding));
    }
}
