//! All YAML parsing lives here: `site.yaml`, front matter, `data/*.yaml` and `theme.yaml`.
//!
//! Deserialisation is typed (serde) and reports problems as [`Diagnostic`]s at the line
//! and column of the file the YAML came from, even when the YAML is only part of the file
//! (front matter starts on line 2 of a page). Keys the type does not know are returned
//! with their positions, so that callers decide whether they are errors (configuration)
//! or warnings (front matter), and can suggest the closest known key.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Location};

/// A piece of YAML and where it came from.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    /// The file, as shown to the user.
    pub file: &'a Path,
    /// The whole text of the file (used to show the offending line).
    pub file_text: &'a str,
    /// The YAML itself: all of `file_text`, or the front matter within it.
    pub yaml: &'a str,
    /// How many lines of the file come before the YAML.
    pub line_offset: usize,
}

impl<'a> Source<'a> {
    /// A whole file of YAML.
    pub fn file(file: &'a Path, text: &'a str) -> Self {
        Source {
            file,
            file_text: text,
            yaml: text,
            line_offset: 0,
        }
    }

    /// A diagnostic at a position given in YAML coordinates.
    pub fn diagnostic_at(&self, diagnostic: Diagnostic, at: Location) -> Diagnostic {
        let at = Location {
            line: at.line + self.line_offset,
            col: at.col,
        };
        diagnostic.at(self.file, self.file_text, at)
    }

    /// The position of the value of a key (path of nested keys), in YAML coordinates.
    pub fn locate_value(&self, path: &[&str]) -> Option<Location> {
        locate(self.yaml, path).map(|k| k.value)
    }

    /// The position of a key, in YAML coordinates.
    pub fn locate_key(&self, path: &[&str]) -> Option<Location> {
        locate(self.yaml, path).map(|k| k.key)
    }
}

/// A key that the target type does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// The nested keys leading to it, for example `["organisation", "nmae"]`.
    pub path: Vec<String>,
    /// Where the key is, in YAML coordinates (line 1 when it could not be found).
    pub location: Location,
}

impl UnknownKey {
    pub fn dotted(&self) -> String {
        self.path.join(".")
    }
}

/// Deserialises `source` into `T`, collecting keys `T` does not know.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<(T, Vec<UnknownKey>), Diagnostic> {
    let deserializer = serde_yaml::Deserializer::from_str(source.yaml);
    let mut ignored = Vec::new();
    let value: T = serde_ignored::deserialize(deserializer, |path| {
        ignored.push(path_segments(&path));
    })
    .map_err(|e| yaml_error(source, &e))?;
    let unknown = ignored
        .into_iter()
        .map(|path| {
            let refs: Vec<&str> = path.iter().map(String::as_str).collect();
            let location = locate(source.yaml, &refs)
                .map(|k| k.key)
                .unwrap_or(Location { line: 1, col: 1 });
            UnknownKey { path, location }
        })
        .collect();
    Ok((value, unknown))
}

/// Deserialises free-form YAML (data files, `extra`) into a JSON-like value.
pub fn parse_value(source: &Source) -> Result<serde_json::Value, Diagnostic> {
    if source.yaml.trim().is_empty() {
        return Ok(serde_json::Value::Null);
    }
    serde_yaml::from_str(source.yaml).map_err(|e| yaml_error(source, &e))
}

fn path_segments(path: &serde_ignored::Path) -> Vec<String> {
    let mut out = Vec::new();
    collect_segments(path, &mut out);
    out
}

fn collect_segments(path: &serde_ignored::Path, out: &mut Vec<String>) {
    use serde_ignored::Path as P;
    match path {
        P::Root => {}
        P::Seq { parent, index } => {
            collect_segments(parent, out);
            out.push(index.to_string());
        }
        P::Map { parent, key } => {
            collect_segments(parent, out);
            out.push(key.clone());
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            collect_segments(parent, out)
        }
    }
}

fn yaml_error(source: &Source, error: &serde_yaml::Error) -> Diagnostic {
    let raw = error.to_string();
    // serde_yaml writes positions into its messages (" at line L column C", counted in
    // the YAML, not the file); they are taken out and the position shown separately.
    let (message, positions) = take_positions(&raw);
    let unclosed = message.contains("while parsing a flow");
    let (message, help) = explain(&message);
    let mut location = error
        .location()
        .map(|l| Location {
            line: l.line(),
            col: l.column(),
        })
        .unwrap_or(Location { line: 1, col: 1 });
    // An unclosed [list] or {mapping} is found only where the next line starts; the fix
    // belongs where it opened, which the message names last.
    if unclosed && let Some(opened) = positions.last() {
        location = *opened;
    }
    let diagnostic = Diagnostic::error("yaml", message).with_help(help);
    source.diagnostic_at(diagnostic, location)
}

/// Removes every " at line L column C" from a message, returning the positions found.
fn take_positions(raw: &str) -> (String, Vec<Location>) {
    let mut text = String::with_capacity(raw.len());
    let mut positions = Vec::new();
    let mut rest = raw;
    while let Some(i) = rest.find(" at line ") {
        text.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let line: String = after.chars().take_while(char::is_ascii_digit).collect();
        let after_line = &after[line.len()..];
        let parsed = after_line.strip_prefix(" column ").map(|c| {
            let col: String = c.chars().take_while(char::is_ascii_digit).collect();
            (col.clone(), &c[col.len()..])
        });
        match (line.parse::<usize>(), parsed) {
            (Ok(line), Some((col, tail))) if col.parse::<usize>().is_ok() => {
                positions.push(Location {
                    line,
                    col: col.parse().unwrap_or(1),
                });
                rest = tail;
            }
            _ => {
                text.push_str(" at line ");
                rest = after;
            }
        }
    }
    text.push_str(rest);
    (text, positions)
}

/// Rewrites serde's type names into words an editor knows, and picks a helpful hint.
fn explain(message: &str) -> (String, String) {
    let mut text = message.to_string();
    for (from, to) in [
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected a list"),
        ("invalid type: sequence", "found a list"),
        ("invalid type: map", "found a mapping of keys"),
        ("invalid type: string", "found text"),
        ("invalid type: integer", "found the number"),
        ("invalid type: floating point", "found the number"),
        ("invalid type: boolean", "found"),
        ("invalid type: unit value", "found an empty value"),
    ] {
        text = text.replace(from, to);
    }
    for (from, to) in [
        (
            "while parsing a flow sequence",
            "in a list written in [brackets]; close it with ]",
        ),
        (
            "while parsing a flow mapping",
            "in a mapping written in {braces}; close it with }",
        ),
        ("while parsing a block mapping", "in a block of keys"),
        ("while parsing a block collection", "in a block of keys"),
    ] {
        text = text.replace(from, to);
    }
    if let Some(rest) = text.strip_suffix(", expected struct") {
        text = rest.to_string();
    }
    if let Some(i) = text.find(", expected struct ") {
        text = format!("{}, expected a mapping of keys to values", &text[..i]);
    }
    let help = if text.contains("duplicate") {
        "each key may appear only once; remove one of them".to_string()
    } else if [
        "invalid value",
        "unknown variant",
        "found a list",
        "found a mapping",
        "found text",
        "found the number",
        "found an empty value",
        ", expected ",
    ]
    .iter()
    .any(|k| text.contains(k))
    {
        "change the value to the expected type; put text in quotes if it could be read as a number, date or true/false".to_string()
    } else {
        "check the YAML syntax on this line: indent with spaces (not tabs), put a space after each colon, and quote text that contains a colon followed by a space or starts with a special character such as [ { * & ! | > ' \" % @".to_string()
    };
    (text, help)
}

/// Where a key and its value are, in YAML coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLocation {
    pub key: Location,
    pub value: Location,
}

/// Finds a key by its path in block-style YAML by reading indentation.
///
/// serde does not give positions to the values it hands over, so checks made after
/// deserialising (a date that does not exist, an unknown key) use this to point at the
/// line. Numeric path segments (list indexes) are passed over: the search continues with
/// the next key anywhere inside the parent's block. Returns `None` for YAML written in
/// flow style or keys it cannot find; callers then point at the parent or the first line.
pub fn locate(yaml: &str, path: &[&str]) -> Option<KeyLocation> {
    let lines: Vec<&str> = yaml.lines().collect();
    let keys: Vec<&str> = path
        .iter()
        .copied()
        .filter(|s| s.parse::<usize>().is_err())
        .collect();
    let (first, rest) = keys.split_first()?;
    // The block to search: a range of lines and the indentation of its parent.
    let mut from = 0;
    let mut to = lines.len();
    let mut parent_indent: Option<usize> = None;
    let mut wanted = *first;
    let mut remaining = rest.iter();
    loop {
        let mut found = None;
        for (i, line) in lines.iter().enumerate().take(to).skip(from) {
            let Some((indent, key, key_col, value_col)) = key_on_line(line) else {
                continue;
            };
            if let Some(p) = parent_indent {
                if indent <= p && !line.trim().is_empty() {
                    break;
                }
            } else if indent > 0 && !line.trim_start().starts_with('-') {
                continue;
            }
            if key == wanted {
                found = Some((i, indent, key_col, value_col));
                break;
            }
        }
        let (i, indent, key_col, value_col) = found?;
        match remaining.next() {
            None => {
                return Some(KeyLocation {
                    key: Location {
                        line: i + 1,
                        col: key_col + 1,
                    },
                    value: Location {
                        line: i + 1,
                        col: value_col + 1,
                    },
                });
            }
            Some(next) => {
                from = i + 1;
                to = lines.len();
                parent_indent = Some(indent);
                wanted = next;
            }
        }
    }
}

/// Reads `  key: value` or `- key: value`: (indentation, key, key column, value column),
/// with columns counted in characters.
fn key_on_line(line: &str) -> Option<(usize, &str, usize, usize)> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if trimmed.starts_with('#') || trimmed.is_empty() {
        return None;
    }
    let mut body = trimmed;
    let mut key_start = indent;
    while let Some(after) = body.strip_prefix("- ") {
        let after_trim = after.trim_start_matches(' ');
        key_start += body.len() - after_trim.len();
        body = after_trim;
    }
    let (key, after_key) = if let Some(q) = body.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], &q[end + 1..])
    } else if let Some(q) = body.strip_prefix('\'') {
        let end = q.find('\'')?;
        (&q[..end], &q[end + 1..])
    } else {
        let end = body.find(':')?;
        (body[..end].trim_end(), &body[end..])
    };
    let after_colon = after_key.strip_prefix(':')?;
    if !(after_colon.is_empty() || after_colon.starts_with([' ', '\t'])) {
        return None;
    }
    let value_rel = after_colon.len() - after_colon.trim_start().len();
    let value_byte = line.len() - after_colon.len() + value_rel;
    let to_col = |byte: usize| line[..byte].chars().count();
    Some((indent, key, to_col(key_start), to_col(value_byte)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Org {
        name: String,
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Conf {
        title: String,
        weight: Option<i64>,
        tags: Vec<String>,
        organisation: Org,
    }

    fn src(text: &str) -> Source<'_> {
        Source::file(Path::new("site.yaml"), text)
    }

    #[test]
    fn reports_unknown_keys_with_their_lines() {
        let text = "title: x\norganisation:\n  nmae: y\ntitel: z\n";
        let (conf, unknown): (Conf, _) = parse(&src(text)).unwrap();
        assert_eq!(conf.title, "x");
        let found: Vec<(String, usize, usize)> = unknown
            .iter()
            .map(|u| (u.dotted(), u.location.line, u.location.col))
            .collect();
        assert_eq!(
            found,
            vec![
                ("organisation.nmae".to_string(), 3, 3),
                ("titel".to_string(), 4, 1)
            ]
        );
    }

    #[test]
    fn type_errors_carry_the_file_position_and_plain_words() {
        let text = "---\ntitle: x\nweight: abc\n";
        let source = Source {
            file: Path::new("content/a.md"),
            file_text: text,
            yaml: "title: x\nweight: abc\n",
            line_offset: 1,
        };
        let err = parse::<Conf>(&source).unwrap_err();
        assert_eq!(err.location, Some(Location { line: 3, col: 9 }));
        assert!(
            err.message.contains("expected a whole number"),
            "{}",
            err.message
        );
        assert_eq!(err.source_line.as_deref(), Some("weight: abc"));
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse::<Conf>(&src("title: x\n\tweight: 1\n")).unwrap_err();
        assert_eq!(err.location.unwrap().line, 2);
        assert!(err.help.unwrap().contains("tabs"));
    }

    #[test]
    fn unclosed_lists_point_where_they_open_and_say_how_to_close() {
        let err = parse::<Conf>(&src("weight: 1\ntags: [one, two\ntitle: x\n")).unwrap_err();
        assert_eq!(err.location, Some(Location { line: 2, col: 7 }), "{err:?}");
        assert!(!err.message.contains("at line"), "{}", err.message);
        assert!(err.message.contains("close it with ]"), "{}", err.message);
        assert!(err.help.unwrap().contains("YAML syntax"));
    }

    #[test]
    fn locate_finds_nested_keys_and_values() {
        let yaml = "title: a\norganisation:\n  # comment\n  name: \"Council\"\nname: top\n";
        let loc = locate(yaml, &["organisation", "name"]).unwrap();
        assert_eq!(loc.key, Location { line: 4, col: 3 });
        assert_eq!(loc.value, Location { line: 4, col: 9 });
        assert_eq!(locate(yaml, &["name"]).unwrap().key.line, 5);
        assert_eq!(locate(yaml, &["missing"]), None);
    }

    #[test]
    fn locate_walks_list_items() {
        let yaml = "partners:\n  - name: a\n    url: x\n  - nmae: b\n";
        let loc = locate(yaml, &["partners", "1", "nmae"]).unwrap();
        assert_eq!(loc.key, Location { line: 4, col: 5 });
    }
}
