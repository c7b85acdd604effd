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
    /// The most values the YAML may hold once its aliases are expanded.
    pub max_nodes: usize,
    /// The setting that raises `max_nodes`, named in the error.
    pub nodes_setting: &'static str,
}

/// The most values a YAML document may hold once aliases are expanded, unless set.
pub const DEFAULT_MAX_NODES: usize = 100_000;

impl<'a> Source<'a> {
    /// A whole file of YAML.
    pub fn file(file: &'a Path, text: &'a str) -> Self {
        Source {
            file,
            file_text: text,
            yaml: text,
            line_offset: 0,
            max_nodes: DEFAULT_MAX_NODES,
            nodes_setting: "limits.yaml_nodes",
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

    /// The position of a value by a path of keys and list indexes, each index counting
    /// the items of its list (see [`locate_item`]), in YAML coordinates.
    pub fn locate_item(&self, path: &[&str]) -> Option<Location> {
        locate_item(self.yaml, path)
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
    check_expansion(source)?;
    let deserializer = serde_yaml::Deserializer::from_str(source.yaml);
    let mut ignored = Vec::new();
    let value: T = serde_ignored::deserialize(deserializer, |path| {
        ignored.push(path_segments(&path));
    })
    .map_err(|e| yaml_error(source, &e))?;
    // Finding a key reads the YAML from the top: only the first few are found, since
    // only the first few of one kind are shown (`Diagnostics::sort`).
    let unknown = ignored
        .into_iter()
        .enumerate()
        .map(|(i, path)| {
            let refs: Vec<&str> = path.iter().map(String::as_str).collect();
            let location = (i < LOCATED_KEYS)
                .then(|| locate(source.yaml, &refs))
                .flatten()
                .map(|k| k.key)
                .unwrap_or(Location { line: 1, col: 1 });
            UnknownKey { path, location }
        })
        .collect();
    Ok((value, unknown))
}

/// Deserialises free-form YAML (data files, `extra`) into a JSON-like value.
/// `text` as a YAML value that reads back as exactly `text`: plain where it can be,
/// double-quoted with escapes where not (a colon, a quote, a `#`, a leading symbol).
pub fn quoted(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|s| s.trim_end_matches('\n').to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

pub fn parse_value(source: &Source) -> Result<serde_json::Value, Diagnostic> {
    if source.yaml.trim().is_empty() {
        return Ok(serde_json::Value::Null);
    }
    check_expansion(source)?;
    let deserializer = serde_yaml::Deserializer::from_str(source.yaml);
    serde::de::DeserializeSeed::deserialize(JsonValue, deserializer)
        .map_err(|e| yaml_error(source, &e))
}

/// A free-form value inside typed YAML (`extra:`), read with [`JsonValue`]'s rules:
/// for `#[serde(deserialize_with = "crate::yaml::strict_value")]`.
pub fn strict_value<'de, D: serde::Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
    serde::de::DeserializeSeed::deserialize(JsonValue, d)
}

/// Builds a JSON value from YAML as serde_json would, except that a key written twice
/// in one mapping is an error (serde_json keeps the last silently), as it is in typed
/// YAML.
#[derive(Clone, Copy)]
struct JsonValue;

impl<'de> serde::de::DeserializeSeed<'de> for JsonValue {
    type Value = serde_json::Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonValue {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(items.into())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key_seed(self)? {
            let key = match key {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => "null".to_string(),
                serde_json::Value::Bool(_) | serde_json::Value::Number(_) => key.to_string(),
                _ => {
                    return Err(A::Error::custom(
                        "a key must be text, not a list or mapping",
                    ));
                }
            };
            if out.contains_key(&key) {
                return Err(A::Error::custom(format!("duplicate key `{key}`")));
            }
            let value = map.next_value_seed(self)?;
            out.insert(key, value);
        }
        Ok(out.into())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        // A tagged value (`!tag value`): the tag is dropped, as serde_json does.
        use serde::de::VariantAccess;
        let (_, variant) = data.variant_seed(std::marker::PhantomData::<serde::de::IgnoredAny>)?;
        variant.newtype_variant_seed(self)
    }
}

/// How many unknown keys of one document are given their positions.
const LOCATED_KEYS: usize = 100;

/// How deep `[` and `{` may nest before the text is refused unread. The YAML parser
/// takes time that grows with the square of the depth (100,000 levels: most of a
/// minute) before serde_yaml's own limit of 128 levels is reached.
const MAX_FLOW_DEPTH: usize = 1000;

/// Where flow brackets first nest deeper than [`MAX_FLOW_DEPTH`], outside quotes and
/// comments (a bracket in plain text only makes the count higher, never lower).
fn too_deep(yaml: &str) -> Option<Location> {
    let mut depth = 0usize;
    for (i, line) in yaml.lines().enumerate() {
        let mut quote = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if prev.is_whitespace() || "[{,:".contains(prev) => {
                    quote = Some(c)
                }
                (None, '#') if prev.is_whitespace() => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some(Location {
                            line: i + 1,
                            col: col + 1,
                        });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// The message a counting pass stops with.
const TOO_MANY: &str = "plainly: too many values";

/// Refuses YAML whose aliases expand past `source.max_nodes` values. serde_yaml caps
/// how many times aliases are followed, not what they expand to: a few lines of anchors
/// and aliases can stand for millions of values. A counting pass that keeps nothing runs
/// first, only when the text could hold an alias at all.
fn check_expansion(source: &Source) -> Result<(), Diagnostic> {
    if let Some(at) = too_deep(source.yaml) {
        return Err(source.diagnostic_at(
            Diagnostic::error(
                "yaml",
                format!("this YAML opens more than {MAX_FLOW_DEPTH} [lists] or {{mappings}} inside each other"),
            )
            .with_help("a front matter or data file needs only a few levels; flatten it"),
            at,
        ));
    }
    if !(source.yaml.contains('&') && source.yaml.contains('*')) {
        return Ok(());
    }
    let left = std::cell::Cell::new(source.max_nodes);
    let deserializer = serde_yaml::Deserializer::from_str(source.yaml);
    match serde::de::DeserializeSeed::deserialize(Counter { left: &left }, deserializer) {
        Ok(()) => Ok(()),
        Err(e) if e.to_string().contains(TOO_MANY) => Err(alias_error(source)),
        // Other problems are reported by the typed pass, with its words.
        Err(_) => Ok(()),
    }
}

/// The error for YAML whose aliases expand too far, at the first alias.
fn alias_error(source: &Source) -> Diagnostic {
    let (at, alias) =
        first_alias(source.yaml).unwrap_or((Location { line: 1, col: 1 }, String::new()));
    let alias = if alias.is_empty() {
        "aliases".to_string()
    } else {
        format!("aliases such as `*{alias}`")
    };
    source.diagnostic_at(
        Diagnostic::error(
            "yaml",
            format!(
                "too many aliases: {alias} expand this YAML to more than {} values",
                source.max_nodes
            ),
        )
        .with_help(format!(
            "an alias (*name) repeats everything its anchor (&name) holds; write the values out instead, or raise `{}` in site.yaml",
            source.nodes_setting
        )),
        at,
    )
}

/// The first `*alias` outside quotes and comments: its position and name.
fn first_alias(yaml: &str) -> Option<(Location, String)> {
    for (i, line) in yaml.lines().enumerate() {
        let mut quote = None;
        let mut prev = ' ';
        for (col, (byte, c)) in line.char_indices().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if prev.is_whitespace() => break,
                (None, '*') if prev.is_whitespace() || "[{,:-".contains(prev) => {
                    let name: String = line[byte + 1..]
                        .chars()
                        .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
                        .collect();
                    if !name.is_empty() {
                        return Some((
                            Location {
                                line: i + 1,
                                col: col + 1,
                            },
                            name,
                        ));
                    }
                }
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// Counts values as serde_yaml hands them over, aliases expanded, keeping none.
#[derive(Clone, Copy)]
struct Counter<'a> {
    left: &'a std::cell::Cell<usize>,
}

impl Counter<'_> {
    fn take<E: serde::de::Error>(&self) -> Result<(), E> {
        match self.left.get() {
            0 => Err(E::custom(TOO_MANY)),
            n => {
                self.left.set(n - 1);
                Ok(())
            }
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Counter<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Counter<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.take()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.take()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.take()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.take()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.take()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.take()
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.take()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.take()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.take()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        self.take()?;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
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
    if let Some(key) = duplicated_key(&message)
        && let Some(at) = second_key(source.yaml, key)
    {
        location = at;
    }
    if let Some(rest) = message.strip_prefix("control characters are not allowed at position ")
        && let Ok(byte) = rest.trim().parse::<usize>()
    {
        let byte = byte.min(source.yaml.len());
        let before = source.yaml.get(..byte).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let found = source
            .yaml
            .get(byte..)
            .and_then(|r| r.chars().next())
            .map(|c| format!(" (U+{:04X})", c as u32))
            .unwrap_or_default();
        return source.diagnostic_at(
            Diagnostic::error(
                "yaml",
                format!("this YAML holds a control character{found}, which YAML does not allow"),
            )
            .with_help("remove it: it is invisible, and usually pasted in by accident; write \\t or \\n inside \"double quotes\" if it is meant"),
            Location { line, col },
        );
    }
    if message.contains("repetition limit exceeded") {
        return alias_error(source);
    }
    if message.contains("recursion limit exceeded") {
        return source.diagnostic_at(
            Diagnostic::error(
                "yaml",
                "this YAML nests lists or mappings more than 128 deep",
            )
            .with_help("a front matter or data file needs only a few levels; flatten it"),
            location,
        );
    }
    let diagnostic = Diagnostic::error("yaml", message).with_help(help);
    source.diagnostic_at(diagnostic, location)
}

/// The key a "duplicate key `k`" (or serde's "duplicate field `k`") message names.
fn duplicated_key(message: &str) -> Option<&str> {
    let i = message
        .find("duplicate key `")
        .map(|i| i + "duplicate key `".len())
        .or_else(|| {
            message
                .find("duplicate field `")
                .map(|i| i + "duplicate field `".len())
        })?;
    message[i..].split('`').next()
}

/// Where `key` is written a second time in one block of block-style YAML.
fn second_key(yaml: &str, key: &str) -> Option<Location> {
    // Indentations at which the key has been seen in the blocks still open.
    let mut seen: Vec<usize> = Vec::new();
    for (i, line) in yaml.lines().enumerate() {
        let Some((_, k, col, _)) = key_on_line(line) else {
            continue;
        };
        // A list item (`- key:`) starts a new mapping at its key's column.
        if line.trim_start().starts_with('-') {
            seen.retain(|&s| s < col);
        } else {
            seen.retain(|&s| s <= col);
        }
        if k == key {
            if seen.contains(&col) {
                return Some(Location {
                    line: i + 1,
                    col: col + 1,
                });
            }
            seen.push(col);
        }
    }
    None
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

/// Finds a value by a path of keys and list indexes in block-style YAML, where each
/// index counts the items of its list: `["issues", "1", "criteria", "0"]` is the first
/// item of the second issue's `criteria`. ([`locate`] passes over indexes, which is
/// enough for a key but not for one item among several.) The list an index counts may be
/// a block list or a flow list on one line (`criteria: ["1.1.1", "1.4.3"]`). Returns
/// `None` for anything else, such as a flow mapping or a path that is not there.
pub fn locate_item(yaml: &str, path: &[&str]) -> Option<Location> {
    let lines: Vec<&str> = yaml.lines().collect();
    let content = |i: usize| {
        let t = lines[i].trim_start_matches(' ');
        !(t.is_empty() || t.starts_with('#'))
    };
    let indent = |i: usize| lines[i].len() - lines[i].trim_start_matches(' ').len();
    // Where the current value starts (line, byte column), and the column of the key or
    // `-` it belongs to; the root is the whole document.
    let mut at: Option<(usize, usize, usize)> = None;
    for segment in path {
        // The collection the segment reads: its first line and column.
        let (line, col) = match at {
            None => {
                let first = (0..lines.len()).find(|&i| content(i))?;
                (first, indent(first))
            }
            Some((line, col, owner)) => {
                let rest = lines[line][col..].trim_start_matches(' ');
                if rest.is_empty() || rest.starts_with('#') {
                    let next = (line + 1..lines.len()).find(|&i| content(i))?;
                    let ind = indent(next);
                    let dash = lines[next][ind..].starts_with('-');
                    if !(ind > owner || (ind == owner && dash)) {
                        return None;
                    }
                    (next, ind)
                } else {
                    (line, lines[line].len() - rest.len())
                }
            }
        };
        // The entries of the collection: its first line, then the lines at its column.
        let entries = (line..lines.len())
            .filter(|&i| i == line || content(i))
            .take_while(|&i| i == line || indent(i) >= col)
            .filter(|&i| i == line || indent(i) == col);
        at = match segment.parse::<usize>() {
            Ok(n) if lines[line][col..].starts_with('[') => {
                let offset = flow_item(&lines[line][col..], n)?;
                Some((line, col + offset, col))
            }
            Ok(n) => entries
                .take_while(|&i| is_item(&lines[i][col..]))
                .nth(n)
                .map(|i| {
                    let after = &lines[i][col + 1..];
                    let gap = after.len() - after.trim_start_matches(' ').len();
                    (i, col + 1 + gap, col)
                }),
            Err(_) => entries
                .filter(|&i| !is_item(&lines[i][col..]))
                .find_map(|i| {
                    let (_, key, _, value_col) = key_on_line(&lines[i][col..])?;
                    (key == *segment).then(|| (i, col + byte_at(&lines[i][col..], value_col), col))
                }),
        };
        at?;
    }
    let (line, col, _) = at?;
    Some(Location {
        line: line + 1,
        col: lines[line][..col].chars().count() + 1,
    })
}

/// Whether text starts a block list item: `-` then a space or nothing.
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// The byte offset of character `chars` of `text`.
fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// Where item `n` of a flow list (`[a, "b, c", d]`, on one line) starts, in bytes from
/// the `[`.
fn flow_item(text: &str, n: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut escaped = false;
    let mut index = 0;
    // After the `[` or a `,` of the list, before the next item's first character.
    let mut waiting = false;
    for (i, c) in text.char_indices() {
        if waiting && !c.is_whitespace() {
            if c == ']' {
                return None;
            }
            if index == n {
                return Some(i);
            }
            waiting = false;
        }
        match (quote, c) {
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                waiting = depth == 1;
            }
            (None, ']' | '}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return None;
                }
            }
            (None, ',') if depth == 1 => {
                index += 1;
                waiting = true;
            }
            _ => {}
        }
        escaped = false;
    }
    None
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
            max_nodes: DEFAULT_MAX_NODES,
            nodes_setting: "limits.yaml_nodes",
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

    #[test]
    fn locate_item_counts_list_items_in_block_and_flow_lists() {
        let yaml = "title: a\nissues:\n  - description: one\n    criteria: [\"1.1.1\", \"9.9\"]\n  # a comment\n  - description: two\n    criteria:\n      - \"1.4.3\"\n      - 2.2.2\n    fix_by: 2027-01-31\n";
        let at = |path: &[&str]| locate_item(yaml, path);
        assert_eq!(at(&["title"]), Some(Location { line: 1, col: 8 }));
        assert_eq!(
            at(&["issues", "0", "criteria", "0"]),
            Some(Location { line: 4, col: 16 })
        );
        assert_eq!(
            at(&["issues", "0", "criteria", "1"]),
            Some(Location { line: 4, col: 25 })
        );
        assert_eq!(
            at(&["issues", "1", "description"]),
            Some(Location { line: 6, col: 18 })
        );
        assert_eq!(
            at(&["issues", "1", "criteria", "1"]),
            Some(Location { line: 9, col: 9 })
        );
        assert_eq!(
            at(&["issues", "1", "fix_by"]),
            Some(Location { line: 10, col: 13 })
        );
        assert_eq!(at(&["issues", "0", "criteria", "2"]), None);
        assert_eq!(at(&["issues", "2", "criteria"]), None);
        assert_eq!(at(&["issues", "0", "fix_by"]), None);
    }

    #[test]
    fn locate_item_reads_lists_at_their_keys_indentation_and_quoted_commas() {
        let yaml = "issues:\n- criteria: ['a, b', \"c\\\", d\", é, f]\n- criteria: [x]\n";
        let at = |path: &[&str]| locate_item(yaml, path);
        assert_eq!(
            at(&["issues", "0", "criteria", "2"]),
            Some(Location { line: 2, col: 32 })
        );
        assert_eq!(
            at(&["issues", "0", "criteria", "3"]),
            Some(Location { line: 2, col: 35 })
        );
        assert_eq!(
            at(&["issues", "1", "criteria", "0"]),
            Some(Location { line: 3, col: 14 })
        );
    }
}
