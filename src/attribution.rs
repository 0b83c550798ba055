//! Who wrote an article, where it came from, and under which rights and
//! license it is published.
//!
//! Attribution arrives two ways: as front-matter keys, or as the last
//! paragraph of a plain-text article written the way wire services write it
//! ("(Adapted from a report by Reuters)", "(Reporting by …; Editing by …)",
//! "Source: …"). Both end up in one [`Attribution`], which the renderers map
//! onto each format's own elements and onto a visible credit line, because
//! most feed readers show none of those elements.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// A person (or a desk, or an organisation) credited for an article.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The name shown to readers.
    pub name: String,
    /// An email address, published as is.
    pub email: Option<String>,
    /// A home page, an absolute http(s) URL.
    pub url: Option<String>,
}

impl Person {
    /// What is wrong with the person as written: an empty name, an email
    /// that is not one, a URL that is not absolute http(s).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push("an author's `name` is empty".to_owned());
        }
        // The W3C validator warns on a name holding an address
        // (`ContainsEmail`): build must not write what check rejects. An
        // address has an `@`, which most names have not: they are not cut
        // into words.
        let email_in_name = if self.name.contains('@') {
            self.name
                .split(|c: char| c.is_whitespace() || "<>()[],;\"'".contains(c))
                .find(|word| is_email(word))
        } else {
            None
        };
        if let Some(email) = email_in_name {
            problems.push(format!(
                "the name `{}` holds the e-mail address `{email}`",
                self.name
            ));
        }
        if let Some(email) = &self.email
            && !is_email(email)
        {
            problems.push(format!("`{email}` is not an email address"));
        }
        if let Some(url) = &self.url
            && let Err(message) = crate::links::check_absolute_http(url)
        {
            problems.push(format!("author `url`: {message}"));
        }
        problems
    }

    /// A person known by name only.
    pub fn named(name: impl Into<String>) -> Person {
        Person {
            name: name.into(),
            email: None,
            url: None,
        }
    }
}

/// A person as written in TOML: either a bare name (`"Ana Lima"`) or a
/// table (`{ name = "Ana Lima", email = "…" }`).
///
/// A hand-written visitor rather than `#[serde(untagged)]`, so that a typo in
/// the table form still reports "unknown field `emial`" with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PersonEntry(pub Person);

impl<'de> Deserialize<'de> for PersonEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;

        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = PersonEntry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a name or a table with `name`, `email` and `url`")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<PersonEntry, E> {
                Ok(PersonEntry(Person::named(name)))
            }

            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<PersonEntry, M::Error> {
                Person::deserialize(de::value::MapAccessDeserializer::new(map)).map(PersonEntry)
            }
        }

        deserializer.deserialize_any(EntryVisitor)
    }
}

/// How an article relates to its original source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Relation {
    /// Rewritten from the source ("Adapted from a report by Reuters").
    AdaptedFrom,
    /// Reprinted unchanged, with permission.
    ReprintedFrom,
    /// Translated from the source.
    TranslatedFrom,
    /// Built on the source's reporting ("Based on a report by …").
    BasedOn,
    /// The source is named, nothing more ("Source: …").
    Source,
}

impl Relation {
    /// Every relation, in the order the docs list them.
    pub(crate) const ALL: [Relation; 5] = [
        Relation::AdaptedFrom,
        Relation::ReprintedFrom,
        Relation::TranslatedFrom,
        Relation::BasedOn,
        Relation::Source,
    ];

    /// The relation as front matter writes it (`adapted-from`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Relation::AdaptedFrom => "adapted-from",
            Relation::ReprintedFrom => "reprinted-from",
            Relation::TranslatedFrom => "translated-from",
            Relation::BasedOn => "based-on",
            Relation::Source => "source",
        }
    }

    /// The words that introduce the source in a generated credit line.
    pub(crate) fn phrase(self) -> &'static str {
        match self {
            Relation::AdaptedFrom => "Adapted from",
            Relation::ReprintedFrom => "Reprinted from",
            Relation::TranslatedFrom => "Translated from",
            Relation::BasedOn => "Based on",
            Relation::Source => "Source:",
        }
    }
}

/// The original an article comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Source {
    /// How the article relates to it.
    pub relation: Relation,
    /// Its name ("Reuters").
    pub name: String,
    /// The original article's address, when known.
    pub url: Option<String>,
    /// The address of the source's own feed, when known (RSS `<source>`).
    pub feed: Option<String>,
}

/// Everything an article says about its origin and its terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Attribution {
    /// The visible credit line, as written ("Adapted from a report by Reuters").
    pub credit: Option<String>,
    /// The original source, when there is one.
    pub source: Option<Source>,
    /// People credited besides the authors ("Reporting by …; Editing by …").
    pub contributors: Vec<Person>,
    /// A rights statement ("© 2024 Reuters").
    pub rights: Option<String>,
    /// The license's URL.
    pub license: Option<String>,
}

impl Attribution {
    /// The credit line shown to readers: the one written, or one made from
    /// the source ("Adapted from Reuters").
    pub(crate) fn credit_line(&self) -> Option<String> {
        if let Some(credit) = &self.credit {
            return Some(credit.clone());
        }
        let source = self.source.as_ref()?;
        Some(format!("{} {}", source.relation.phrase(), source.name))
    }
}

/// What a wire-style credit paragraph says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CreditLine {
    /// The line without its parentheses, as shown to readers.
    pub text: String,
    /// The source it names, if it names one.
    pub source: Option<Source>,
    /// The people it credits ("Reporting by …").
    pub contributors: Vec<Person>,
}

/// Prefixes that introduce a source, longest first so that "adapted from a
/// report by" wins over "adapted from".
const SOURCE_PREFIXES: &[(&str, Relation)] = &[
    ("adapted from a report by", Relation::AdaptedFrom),
    ("adapted from reporting by", Relation::AdaptedFrom),
    ("adapted from", Relation::AdaptedFrom),
    ("reprinted from", Relation::ReprintedFrom),
    ("reprinted with permission from", Relation::ReprintedFrom),
    ("translated from a report by", Relation::TranslatedFrom),
    ("translated from", Relation::TranslatedFrom),
    ("based on a report by", Relation::BasedOn),
    ("based on reporting by", Relation::BasedOn),
    ("based on", Relation::BasedOn),
    ("source:", Relation::Source),
    ("via", Relation::Source),
];

/// Roles in a "(Reporting by …; Editing by …)" line.
const ROLE_PREFIXES: &[&str] = &[
    "with additional reporting by",
    "with reporting by",
    "additional reporting by",
    "reporting by",
    "writing by",
    "compiled by",
    "editing by",
];

/// News agencies whose bare name is a credit line: "(Reuters)",
/// "— AFP". Only these, so that "(He laughed.)" or a dialogue dash stays
/// prose.
const AGENCIES: &[&str] = &[
    "AAP",
    "AFP",
    "Agence France-Presse",
    "ANSA",
    "AP",
    "Associated Press",
    "The Associated Press",
    "Bloomberg",
    "Canadian Press",
    "The Canadian Press",
    "dpa",
    "EFE",
    "Europa Press",
    "Jiji Press",
    "Kyodo",
    "Kyodo News",
    "Lusa",
    "PA",
    "PA Media",
    "Press Association",
    "Reuters",
    "UPI",
    "Xinhua",
    "Yonhap",
];

/// The dashes that introduce an agency's name at the end of a story.
const DASHES: &[&str] = &["—", "–", "--"];

/// Recognises a paragraph as a wire-style credit line.
///
/// Returns `None` for ordinary prose, so a closing paragraph that merely
/// mentions a source stays in the body. A credit line is one line, at most
/// 300 characters, and is wrapped in parentheses, or starts with "Source:",
/// or is a dash and an agency's name ("— Reuters"), or says "… contributed
/// to this report". The README (plain-text articles) has a table of every
/// form.
pub(crate) fn parse_credit_line(paragraph: &str) -> Option<CreditLine> {
    let line = paragraph.trim();
    let dashed = DASHES
        .iter()
        .find_map(|dash| line.strip_prefix(dash))
        .map(str::trim)
        .filter(|rest| is_agency(rest.trim_end_matches('.')));
    let inner = if let Some(inner) = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')) {
        inner.trim()
    } else if starts_with_ignore_case(line, "source:") || contributed(line).is_some() {
        line
    } else {
        dashed?
    };
    // Checked once the shape is, which few paragraphs have: a long one is
    // not counted at all (at most 300 bytes are at most 300 characters).
    if line.contains('\n') || line.len() > 300 && line.chars().count() > 300 {
        return None;
    }
    let inner = inner.trim_end_matches('.').trim();
    if inner.is_empty() {
        return None;
    }
    let source = |relation, name: &str| {
        Some(CreditLine {
            text: inner.to_owned(),
            source: Some(Source {
                relation,
                name: name.to_owned(),
                url: None,
                feed: None,
            }),
            contributors: Vec::new(),
        })
    };
    if is_agency(inner) {
        return source(Relation::Source, inner);
    }
    // "Reuters contributed to this report" names a source; "Ana Lima and
    // Tom Bell contributed …", contributors.
    if let Some(names) = contributed(inner) {
        if is_agency(names) {
            return source(Relation::BasedOn, names);
        }
        return Some(CreditLine {
            text: inner.to_owned(),
            source: None,
            contributors: split_names(names).map(Person::named).collect(),
        });
    }
    // "Adapted from a Reuters report", "… an AFP report".
    for &(prefix, relation) in REPORT_FORMS {
        if starts_with_ignore_case(inner, prefix)
            && let Some(name) = inner[prefix.len()..]
                .trim()
                .strip_prefix("a ")
                .or_else(|| inner[prefix.len()..].trim().strip_prefix("an "))
                .and_then(|rest| rest.strip_suffix(" report"))
                .map(str::trim)
                .filter(|name| !name.is_empty())
        {
            return source(relation, name);
        }
    }

    for &(prefix, relation) in SOURCE_PREFIXES {
        if starts_with_ignore_case(inner, prefix) {
            // "by the Island Courier" names "Island Courier"; a capital
            // "The" is part of a name ("The Guardian").
            let name = inner[prefix.len()..].trim();
            let name = name.strip_prefix("the ").unwrap_or(name).trim();
            if name.is_empty() {
                return None;
            }
            return source(relation, name);
        }
    }

    // "(Reporting by A and B; Editing by C)": every part must be a role.
    let mut contributors = Vec::new();
    for part in inner.split(';') {
        let part = part.trim();
        let prefix = ROLE_PREFIXES
            .iter()
            .find(|prefix| starts_with_ignore_case(part, prefix))?;
        for name in split_names(&part[prefix.len()..]) {
            let person = Person::named(name);
            if !contributors.contains(&person) {
                contributors.push(person);
            }
        }
    }
    if contributors.is_empty() {
        return None;
    }
    Some(CreditLine {
        text: inner.to_owned(),
        source: None,
        contributors,
    })
}

/// "Adapted from a … report": the prefixes that take the source's name
/// inside "a … report".
const REPORT_FORMS: &[(&str, Relation)] = &[
    ("adapted from", Relation::AdaptedFrom),
    ("translated from", Relation::TranslatedFrom),
    ("based on", Relation::BasedOn),
];

/// Returns true if and only if `name` is one of [`AGENCIES`].
fn is_agency(name: &str) -> bool {
    AGENCIES.contains(&name)
}

/// The source of "Reuters contributed to this report", if the text says so.
fn contributed(text: &str) -> Option<&str> {
    const TAIL: &str = " contributed to this report";
    let text = text.trim_end_matches('.').trim();
    let name = text.strip_suffix(TAIL)?.trim();
    (!name.is_empty() && name.split_whitespace().count() <= 6).then_some(name)
}

/// Splits "A, B and C" into names.
fn split_names(list: &str) -> impl Iterator<Item = &str> {
    list.split(',')
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|name| !name.is_empty())
}

/// Returns true if and only if `text` starts with the ASCII words `prefix`,
/// ignoring ASCII case: "via" matches "Via Reuters", not "Viaduct".
fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    let Some((head, rest)) = text.split_at_checked(prefix.len()) else {
        return false;
    };
    head.eq_ignore_ascii_case(prefix)
        && !rest.is_empty()
        && (prefix.ends_with(':') || rest.starts_with(char::is_whitespace))
}

pub(crate) use crate::syntax::is_email;

#[cfg(test)]
mod tests {
    use super::*;

    fn source_of(line: &str) -> (Relation, String) {
        let source = parse_credit_line(line).unwrap().source.unwrap();
        (source.relation, source.name)
    }

    #[test]
    fn adapted_from_a_report() {
        let credit = parse_credit_line("(Adapted from a report by Reuters)").unwrap();
        assert_eq!(credit.text, "Adapted from a report by Reuters");
        assert_eq!(
            credit.source,
            Some(Source {
                relation: Relation::AdaptedFrom,
                name: "Reuters".into(),
                url: None,
                feed: None,
            })
        );
    }

    #[test]
    fn other_source_forms() {
        assert_eq!(
            source_of("Source: Agence France-Presse"),
            (Relation::Source, "Agence France-Presse".into())
        );
        assert_eq!(
            source_of("(Translated from a report by Le Monde.)"),
            (Relation::TranslatedFrom, "Le Monde".into())
        );
        assert_eq!(
            source_of("(Adapted from a report by the Island Courier)"),
            (Relation::AdaptedFrom, "Island Courier".into())
        );
        assert_eq!(
            source_of("(reprinted from The Guardian)"),
            (Relation::ReprintedFrom, "The Guardian".into())
        );
    }

    /// Every form in the README's "Credit lines" table, one by one.
    #[test]
    fn every_wire_form_in_the_readme_table_is_recognised() {
        let cases: &[(&str, Relation, &str, &str)] = &[
            (
                "(Adapted from a Reuters report)",
                Relation::AdaptedFrom,
                "Reuters",
                "Adapted from a Reuters report",
            ),
            (
                "(Adapted from an AFP report.)",
                Relation::AdaptedFrom,
                "AFP",
                "Adapted from an AFP report",
            ),
            (
                "(Translated from a Le Monde report)",
                Relation::TranslatedFrom,
                "Le Monde",
                "Translated from a Le Monde report",
            ),
            (
                "(Based on an Associated Press report)",
                Relation::BasedOn,
                "Associated Press",
                "Based on an Associated Press report",
            ),
            ("(Reuters)", Relation::Source, "Reuters", "Reuters"),
            ("(AP)", Relation::Source, "AP", "AP"),
            ("— Reuters", Relation::Source, "Reuters", "Reuters"),
            ("– AFP", Relation::Source, "AFP", "AFP"),
            ("-- dpa", Relation::Source, "dpa", "dpa"),
            (
                "The Associated Press contributed to this report.",
                Relation::BasedOn,
                "The Associated Press",
                "The Associated Press contributed to this report",
            ),
            (
                "(Reuters contributed to this report)",
                Relation::BasedOn,
                "Reuters",
                "Reuters contributed to this report",
            ),
        ];
        for &(line, relation, name, text) in cases {
            let credit = parse_credit_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(credit.text, text, "{line}");
            let source = credit.source.unwrap_or_else(|| panic!("{line}: a source"));
            assert_eq!(
                (source.relation, source.name.as_str()),
                (relation, name),
                "{line}"
            );
        }
        let people = |line: &str| -> Vec<String> {
            let credit = parse_credit_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(credit.source, None, "{line}");
            credit.contributors.into_iter().map(|p| p.name).collect()
        };
        assert_eq!(people("(With reporting by AFP)"), ["AFP"]);
        assert_eq!(
            people("(With additional reporting by Ana Lima; Editing by Ruth Ng)"),
            ["Ana Lima", "Ruth Ng"]
        );
        assert_eq!(
            people("Ana Lima and Tom Bell contributed to this report."),
            ["Ana Lima", "Tom Bell"]
        );
        // Prose and dialogue stay prose.
        for line in [
            "— Yes, she said.",
            "— Island Courier",
            "(Paris)",
            "Everyone contributed to this report in some way, said the editor, who thanked them.",
        ] {
            assert_eq!(parse_credit_line(line), None, "{line}");
        }
    }

    #[test]
    fn reporting_and_editing_credit_people() {
        let credit =
            parse_credit_line("(Reporting by Ana Lima and Tom Bell; Editing by Ruth Ng)").unwrap();
        assert_eq!(credit.source, None);
        let names: Vec<_> = credit
            .contributors
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["Ana Lima", "Tom Bell", "Ruth Ng"]);
    }

    #[test]
    fn prose_is_not_a_credit_line() {
        assert_eq!(
            parse_credit_line("The source said the deal was done."),
            None
        );
        assert_eq!(parse_credit_line("(He laughed.)"), None);
        assert_eq!(parse_credit_line("(Reporting by A; and then some)"), None);
        assert_eq!(parse_credit_line("(Adapted from)"), None);
        assert_eq!(parse_credit_line("()"), None);
        assert_eq!(parse_credit_line("(Viaduct reopens)"), None);
        assert_eq!(parse_credit_line("(Sourced: nowhere)"), None);
        assert_eq!(parse_credit_line("(Adapted from X)\n(more)"), None);
    }

    #[test]
    fn fuzz_multibyte_character_at_a_prefix_length() {
        // Found by `cargo fuzz run article`: a prefix's length fell inside `Ś`.
        assert_eq!(parse_credit_line("(Ada&ampŚrodlna Courier)"), None);
        assert_eq!(parse_credit_line("(Adapted fromŚ X)"), None);
        assert_eq!(parse_credit_line("(Viaé)"), None);
    }

    #[test]
    fn a_name_with_an_email_address_is_a_problem() {
        let person = Person::named("Eve <eve@news.example.org>");
        assert_eq!(
            person.problems(),
            [
                "the name `Eve <eve@news.example.org>` holds the e-mail address `eve@news.example.org`"
            ]
        );
        assert!(Person::named("Eve @ the desk").problems().is_empty());
    }

    #[test]
    fn credit_line_falls_back_to_the_source() {
        let attribution = Attribution {
            source: Some(Source {
                relation: Relation::AdaptedFrom,
                name: "Reuters".into(),
                url: None,
                feed: None,
            }),
            ..Attribution::default()
        };
        assert_eq!(
            attribution.credit_line().as_deref(),
            Some("Adapted from Reuters")
        );
    }
}
