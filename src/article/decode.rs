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
/// Written without branches so that it vectorizes, and 32 bytes at a time
/// into one byte of flags (chunks of 64 folded into a `bool` took 1.4
/// times as long on an article of the benchmark corpus): every byte of every article passes here, twice (when it is
/// decoded and when it is parsed), and almost none of them matter.
pub(crate) fn needs_a_closer_look(bytes: &[u8]) -> bool {
    let suspect = |b: u8| u8::from((b < 0x20) & (b != b'\t') & (b != b'\n')) | u8::from(b == 0xEF);
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(0, |found, &b| found | suspect(b)) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| suspect(b) != 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_suspect_byte_is_found_wherever_it_is() {
        let suspect = |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0xEF;
        for length in [0, 1, 31, 32, 33, 64, 100] {
            for at in 0..length {
                for byte in 0..=255u8 {
                    let mut bytes = vec![b'a'; length];
                    bytes[at] = byte;
                    assert_eq!(
                        super::needs_a_closer_look(&bytes),
                        suspect(byte),
                        "{byte} at {at} of {length}"
                    );
                }
            }
        }
        assert!(!super::needs_a_closer_look(b"plain\ttext\n"));
    }
}
