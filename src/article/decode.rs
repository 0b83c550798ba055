//! Turning a file's bytes into article text.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// Turns a file's bytes into text, or says why they are not an article.
///
/// Drops a UTF-8 byte-order mark and turns CRLF line endings into LF (which
/// keeps line numbers).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let clean = !needs_a_closer_look(&bytes);
    if clean {
        // No NUL, no CR, no byte-order mark: only UTF-8 is left to check.
        return String::from_utf8(bytes)
            .map_err(|e| invalid_utf8(path, e.as_bytes(), e.utf8_error()));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Diagnostic::error(
            path,
            format!(
                "this looks like a binary file (a NUL byte at byte offset {offset}); articles are UTF-8 text"
            ),
        ));
    }
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(invalid_utf8(path, &bytes, e));
    }
    let text = String::from_utf8(bytes).unwrap_or_default();
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(
        if text.as_bytes().contains(&b'\r') && text.contains("\r\n") {
            text.replace("\r\n", "\n")
        } else {
            text
        },
    )
}

/// The error for bytes that are not UTF-8, at the first bad byte.
fn invalid_utf8(path: &Path, bytes: &[u8], error: std::str::Utf8Error) -> Diagnostic {
    let offset = error.valid_up_to();
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    Diagnostic::error(path, format!("invalid UTF-8 at byte offset {offset}"))
        .at_offset(valid, offset)
        .with_help("save the file as UTF-8")
}

/// Returns true if and only if `bytes` may hold something that decoding or
/// checking must look at closely: a control byte other than tab and LF
/// (NUL, CR, the characters XML forbids), or 0xEF, the first byte of
/// U+FEFF, U+FFFE and U+FFFF.
///
/// Written without branches so that it vectorizes: every byte of every
/// article passes here, and almost none of them matter.
pub(crate) fn needs_a_closer_look(bytes: &[u8]) -> bool {
    bytes.chunks(64).any(|chunk| {
        chunk.iter().fold(false, |found, &b| {
            found | ((b < 0x20) & (b != b'\t') & (b != b'\n')) | (b == 0xEF)
        })
    })
}
