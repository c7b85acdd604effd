//! Front matter: splitting it from the body, and its typed keys.
//!
//! Values are checked while they are read (dates are real days, `status` is one of the
//! known words), so that a problem points at its line and column. Editors' habits are
//! accepted where they are unambiguous: `draft: yes`, `version: 2.1`, `tags: housing`
//! (one tag without a list).

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diag::{Diagnostic, LineIndex, Location};

/// A file cut into its front matter and body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_start: usize,
    /// Lines of the file before the body.
    pub body_line_offset: usize,
}

/// Cuts front matter from a file whose line endings are already `\n`.
///
/// Front matter opens with `---` on the first line and closes with `---` (or `...`).
/// A file that does not open with `---` has no front matter and is all body.
pub fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() == "+++" {
        return Err(Diagnostic::error(
            "front-matter",
            "this page has TOML front matter (between +++ lines), which Plainly does not read",
        )
        .with_help("rewrite it as YAML between --- lines, for example `title: \"Our vision\"`"));
    }
    if first_line.trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            body: text,
            body_start: 0,
            body_line_offset: 0,
        });
    }
    let yaml_start = first_line.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for (line_no, line) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &text[yaml_start..offset];
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: Some(yaml),
                body: &text[body_start..],
                body_start,
                body_line_offset: line_no,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "front-matter",
        "the front matter that opens on line 1 is never closed",
    )
    .with_help("add a line with only --- after the last front matter key"))
}

/// The publication status of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Consultation,
    Adopted,
    Superseded,
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Consultation => "consultation",
            Status::Adopted => "adopted",
            Status::Superseded => "superseded",
            Status::Archived => "archived",
        }
    }
}

/// A consultation period and how to respond.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Consultation {
    pub opens: Option<Date>,
    pub closes: Option<Date>,
    pub respond_url: Option<String>,
}

/// Every front matter key Plainly knows. Taxonomy keys (`tags`, `themes`, …) depend on
/// the site's configuration and are read separately.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct FrontMatter {
    pub title: Option<Text>,
    pub summary: Option<Text>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub review_date: Option<Date>,
    pub draft: Flag,
    pub weight: Option<i64>,
    pub slug: Option<Text>,
    pub aliases: StringList,
    pub status: Option<Status>,
    pub consultation: Option<Box<Consultation>>,
    pub owner: Option<Text>,
    pub version: Option<Text>,
    pub template: Option<Text>,
    pub toc: Option<Flag>,
    pub numbered_headings: Option<Flag>,
    pub lang: Option<Text>,
    pub translation_of: Option<Text>,
    pub image: Option<Text>,
    pub image_alt: Option<Text>,
    /// Docusaurus's label for a page in its sidebar: the title when there is no other.
    pub sidebar_label: Option<Text>,
    /// Docusaurus's order (a whole number or not): the page's order when there is no
    /// `weight`.
    pub sidebar_position: Option<f64>,
    /// On a section's `_index.md`: the section is one document in chapters.
    pub publication: Flag,
    /// Checks this page ignores: `checks: { ignore: [sentence-length] }`.
    pub checks: Option<PageChecks>,
    #[serde(deserialize_with = "crate::yaml::strict_value")]
    pub extra: serde_json::Value,
}

/// A page's own settings for `plainly check`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct PageChecks {
    pub ignore: StringList,
}

impl FrontMatter {
    /// Where the page comes in lists and chapters: `weight`, else `sidebar_position`.
    pub fn position(&self) -> Option<f64> {
        self.weight.map(|w| w as f64).or(self.sidebar_position)
    }
}

/// What a key another tool uses means there, and what Plainly does instead.
pub fn foreign(key: &str) -> Option<&'static str> {
    Some(match key.to_ascii_lowercase().as_str() {
        "layout" => {
            "Jekyll's and Hugo's template: Plainly chooses templates by page kind; use `template:` for one page"
        }
        "permalink" => {
            "Jekyll's address for the page: Plainly makes addresses from file names; use `slug:` for the last part and `aliases:` for the old address"
        }
        "id" => {
            "Docusaurus's page id: Plainly names pages by their files; use `slug:` to change the address"
        }
        "sidebar" | "sidebar_class_name" | "displayed_sidebar" => {
            "Docusaurus's sidebar settings: Plainly's navigation follows the folders"
        }
        "hide_title" | "hide_table_of_contents" => {
            "a Docusaurus display setting: use `toc: false` for the contents list"
        }
        "pagination_next" | "pagination_prev" | "prev" | "next" => {
            "a docs tool's previous and next links: in a publication (`publication: true` on the section) Plainly links chapters in order"
        }
        "nav_exclude" | "search_exclude" | "sitemap" => {
            "a Jekyll theme's setting: use `draft: true` to leave a page out"
        }
        "has_children" | "parent" | "grand_parent" => {
            "Just the Docs' navigation: Plainly's navigation follows the folders"
        }
        "categories" | "category" => {
            "a blog's categories: list them as `tags:` (or another taxonomy in site.yaml)"
        }
        "keywords" => "search keywords: list them as `tags:`",
        _ => return None,
    })
}

/// Keys other tools use for what Plainly calls something else.
pub fn synonym(key: &str) -> Option<&'static str> {
    Some(match key.to_ascii_lowercase().as_str() {
        "description" | "excerpt" | "abstract" => "summary",
        "author" | "authors" | "lead" => "owner",
        "lastmod" | "last_modified" | "modified" | "last_updated" => "updated",
        "publishdate" | "published" | "pubdate" => "date",
        "review" | "next_review" | "review_by" => "review_date",
        "order" | "position" | "nav_order" => "weight",
        "layout" => "template",
        "language" => "lang",
        "redirect_from" => "aliases",
        _ => return None,
    })
}

/// A short text value; numbers and dates written without quotes are taken as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text(pub Box<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.trim().into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string().into_boxed_str()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string().into_boxed_str()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string().into_boxed_str()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string().into_boxed_str()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A yes/no value: `true`/`false`, and also `yes`/`no`, `on`/`off` as YAML 1.1 allowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true or false")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                match v.trim().to_ascii_lowercase().as_str() {
                    "true" | "yes" | "on" | "y" => Ok(Flag(true)),
                    "false" | "no" | "off" | "n" | "" => Ok(Flag(false)),
                    _ => Err(E::custom(format!("expected true or false, found `{v}`"))),
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<Flag, E> {
                Ok(Flag(false))
            }
        }
        d.deserialize_any(V)
    }
}

/// A list of texts; a single text is a list of one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct StringList(pub Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StringList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StringList, E> {
                Ok(StringList(vec![v.trim().to_string()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<StringList, E> {
                Ok(StringList(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringList, A::Error> {
                let mut out = Vec::new();
                while let Some(Text(item)) = seq.next_element::<Text>()? {
                    if !item.is_empty() {
                        out.push(item.into_string());
                    }
                }
                Ok(StringList(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2026-03-01")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl Serialize for Date {
    /// As written (ISO 8601) for templates; for fingerprints, the parts that writing is
    /// made of, without making the string.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.iso())
        } else {
            (self.year, self.month, self.day, self.time()).serialize(s)
        }
    }
}

/// The position of the first byte that is not UTF-8, for a clear error.
pub fn invalid_utf8_location(bytes: &[u8], error: &std::str::Utf8Error) -> Location {
    let valid = &bytes[..error.valid_up_to()];
    let text = std::str::from_utf8(valid).unwrap_or_default();
    LineIndex::new(text).location(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line_offset, 3);
        assert_eq!(&text[s.body_start..], s.body);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Title\n\nText").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line_offset, 0);
    }

    #[test]
    fn empty_front_matter_and_dots_close() {
        let s = split("---\n---\nBody").unwrap();
        assert_eq!(s.yaml, Some(""));
        assert_eq!(s.body, "Body");
        let s = split("---\ntitle: x\n...\nBody").unwrap();
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn unclosed_and_toml_front_matter_are_errors() {
        assert!(
            split("---\ntitle: x\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(
            split("+++\ntitle = 'x'\n+++\n")
                .unwrap_err()
                .message
                .contains("TOML")
        );
    }

    #[test]
    fn lenient_values() {
        let text = "draft: yes\nversion: 2.1\naliases: /old/\ntitle: 2030\n";
        let source = crate::yaml::Source::file(std::path::Path::new("a.md"), text);
        let (fm, _): (FrontMatter, _) = crate::yaml::parse(&source).unwrap();
        assert!(fm.draft.0);
        assert_eq!(fm.version.unwrap().as_str(), "2.1");
        assert_eq!(fm.aliases.0, vec!["/old/"]);
        assert_eq!(fm.title.unwrap().as_str(), "2030");
    }

    #[test]
    fn synonyms_point_to_plainly_keys() {
        assert_eq!(synonym("description"), Some("summary"));
        assert_eq!(synonym("lastmod"), Some("updated"));
        assert_eq!(synonym("colour"), None);
    }
}
