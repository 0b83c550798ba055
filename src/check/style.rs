//! Inline CSS in HTML content, judged as the W3C validator judges it
//! (`DangerousStyleAttr`): a `style` attribute written with characters or
//! a shape it does not expect is suspect as a whole; otherwise each
//! property it does not list as harmless is, and for `background`,
//! `border`, `margin` and `padding` each value it does not know.

/// The CSS properties the W3C deems harmless.
const SAFE_PROPERTIES: &[&str] = &[
    "azimuth",
    "background",
    "background-color",
    "border",
    "border-bottom",
    "border-bottom-color",
    "border-bottom-style",
    "border-bottom-width",
    "border-collapse",
    "border-color",
    "border-left",
    "border-left-color",
    "border-left-style",
    "border-left-width",
    "border-right",
    "border-right-color",
    "border-right-style",
    "border-right-width",
    "border-spacing",
    "border-style",
    "border-top",
    "border-top-color",
    "border-top-style",
    "border-top-width",
    "border-width",
    "clear",
    "color",
    "cursor",
    "direction",
    "display",
    "elevation",
    "float",
    "font",
    "font-family",
    "font-size",
    "font-style",
    "font-variant",
    "font-weight",
    "height",
    "letter-spacing",
    "line-height",
    "list-style-type",
    "margin",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "margin-top",
    "overflow",
    "padding",
    "padding-bottom",
    "padding-left",
    "padding-right",
    "padding-top",
    "pause",
    "pause-after",
    "pause-before",
    "pitch",
    "pitch-range",
    "richness",
    "speak",
    "speak-header",
    "speak-numeral",
    "speak-punctuation",
    "speech-rate",
    "stress",
    "text-align",
    "text-decoration",
    "text-indent",
    "unicode-bidi",
    "vertical-align",
    "voice-family",
    "volume",
    "white-space",
    "width",
];

/// The keywords the W3C accepts in `background`, `border`, `margin` and
/// `padding` values.
const SAFE_KEYWORDS: &[&str] = &[
    "aqua",
    "auto",
    "black",
    "block",
    "blue",
    "bold",
    "both",
    "bottom",
    "brown",
    "center",
    "collapse",
    "dashed",
    "dotted",
    "fuchsia",
    "gray",
    "green",
    "!important",
    "italic",
    "left",
    "lime",
    "maroon",
    "medium",
    "none",
    "navy",
    "normal",
    "nowrap",
    "olive",
    "pointer",
    "purple",
    "red",
    "right",
    "solid",
    "silver",
    "teal",
    "top",
    "transparent",
    "underline",
    "white",
    "yellow",
];

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether every character of `style` is one the W3C expects: ASCII
/// letters, digits and `:,;#%.!`, spaces, a hyphen between two word
/// characters, a quoted run of words, or a parenthesised list of numbers.
fn plain_characters(style: &str) -> bool {
    let chars: Vec<char> = style.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_word(c) && chars.get(i + 1) == Some(&'-') {
            // A hyphen is taken with the word characters either side.
            if !chars.get(i + 2).is_some_and(|&n| is_word(n)) {
                return false;
            }
            i += 3;
        } else if c.is_ascii_alphanumeric() || c.is_whitespace() || ":,;#%.!".contains(c) {
            i += 1;
        } else if c == '\'' || c == '"' {
            let inner = chars[i + 1..]
                .iter()
                .take_while(|&&n| n.is_whitespace() || is_word(n))
                .count();
            if inner == 0 || chars.get(i + 1 + inner) != Some(&c) {
                return false;
            }
            i += inner + 2;
        } else if c == '(' {
            let inner = chars[i + 1..]
                .iter()
                .take_while(|&&n| n.is_ascii_digit() || n == ',' || n.is_whitespace())
                .count();
            if inner == 0 || chars.get(i + 1 + inner) != Some(&')') {
                return false;
            }
            i += inner + 2;
        } else {
            return false;
        }
    }
    true
}

/// The declarations of `style` (`property: value;` …), lowercased, or
/// `None` when it is not a list of them.
fn declarations(style: &str) -> Option<Vec<(String, String)>> {
    let mut found = Vec::new();
    let mut rest = style.trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| !(is_word(c) || c == '-'))
            .unwrap_or(rest.len());
        if name_end == 0 {
            return None;
        }
        let property = rest[..name_end].to_lowercase();
        rest = rest[name_end..]
            .trim_start()
            .strip_prefix(':')?
            .trim_start();
        let value_end = rest.find([':', ';']).unwrap_or(rest.len());
        let value = rest[..value_end].to_lowercase();
        rest = &rest[value_end..];
        if !rest.is_empty() {
            rest = rest.strip_prefix(';')?;
        }
        found.push((property, value));
        rest = rest.trim_start();
    }
    Some(found)
}

/// Whether a value is a colour or a length the W3C knows: `#` and hex
/// digits, `rgb(…)`, or a short number with an optional unit.
fn known_value(value: &str) -> bool {
    if let Some(hex) = value.strip_prefix('#') {
        return !hex.is_empty()
            && hex
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
    }
    if let Some(args) = value.strip_prefix("rgb(") {
        return rgb_arguments(args);
    }
    short_number(value)
}

/// `\d+%?,\d*%?,?\d*%?\)?` to the end.
fn rgb_arguments(args: &str) -> bool {
    let b = args.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let optional = |i: &mut usize, byte: u8| {
        if *i < b.len() && b[*i] == byte {
            *i += 1;
        }
    };
    if digits(&mut i) == 0 {
        return false;
    }
    optional(&mut i, b'%');
    if i >= b.len() || b[i] != b',' {
        return false;
    }
    i += 1;
    digits(&mut i);
    optional(&mut i, b'%');
    optional(&mut i, b',');
    digits(&mut i);
    optional(&mut i, b'%');
    optional(&mut i, b')');
    i == b.len()
}

/// `\d?\.?\d?\d` then an optional unit, `,` or `)`, to the end.
fn short_number(value: &str) -> bool {
    const UNITS: &[&str] = &[
        "", "cm", "em", "ex", "in", "mm", "pc", "pt", "px", "%", ",", ")",
    ];
    let b = value.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    // Each optional part taken or not; then one digit and a unit.
    for mask in 0..8u8 {
        let mut i = 0;
        let mut fits = true;
        for (bit, is_dot) in [(1, false), (2, true), (4, false)] {
            if mask & bit != 0 {
                let ok = if is_dot {
                    b.get(i) == Some(&b'.')
                } else {
                    digit(i)
                };
                if !ok {
                    fits = false;
                    break;
                }
                i += 1;
            }
        }
        if fits && digit(i) && UNITS.contains(&&value[i + 1..]) {
            return true;
        }
    }
    false
}

/// What the W3C finds suspect in a `style` attribute's value: the whole
/// value, or its unsafe properties and values, each once.
pub(super) fn unsafe_parts(style: &str) -> Vec<String> {
    if !plain_characters(style) {
        return vec![style.to_owned()];
    }
    let Some(declarations) = declarations(style) else {
        return vec![style.to_owned()];
    };
    let mut found: Vec<String> = Vec::new();
    let mut add = |part: &str| {
        if !found.iter().any(|f| f == part) {
            found.push(part.to_owned());
        }
    };
    for (property, value) in &declarations {
        if !SAFE_PROPERTIES.contains(&property.as_str()) {
            add(property);
        } else if matches!(
            property.split('-').next(),
            Some("background" | "border" | "margin" | "padding")
        ) {
            for keyword in value.split_whitespace() {
                if !SAFE_KEYWORDS.contains(&keyword) && !known_value(keyword) {
                    add(keyword);
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::unsafe_parts;

    #[test]
    fn style_parts_the_w3c_finds_unsafe() {
        assert!(unsafe_parts("color: red; margin: 0 auto; padding: 10px").is_empty());
        assert!(unsafe_parts("border: 1px solid #ccc; font-size: 1.5em").is_empty());
        assert_eq!(
            unsafe_parts("position: absolute; top: 0"),
            ["position", "top"]
        );
        assert_eq!(unsafe_parts("margin: 0 inherit"), ["inherit"]);
        assert_eq!(unsafe_parts("margin: 1000px"), ["1000px"]);
        assert_eq!(unsafe_parts("width: calc(1px)"), ["width: calc(1px)"]);
        assert_eq!(unsafe_parts("a-b-c: 1"), ["a-b-c: 1"]);
        assert_eq!(unsafe_parts("color red"), ["color red"]);
    }
}
