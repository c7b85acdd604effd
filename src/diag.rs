//! Diagnostics: the one type every stage uses to report a problem.
//!
//! A [`Diagnostic`] names the file (relative to the site root), the line and column
//! where it has them, says what is wrong and how to fix it. Stages never stop at the
//! first problem: they push into a [`Diagnostics`] list and the pipeline decides, after
//! each stage, whether errors mean it cannot go on.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How serious a problem is. Errors fail a build; warnings are printed and counted (and
/// fail it under `--strict`); notes say what was left out, and are never counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A 1-based line and column in a source file. Columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub line: usize,
    pub col: usize,
}

/// One problem found while building a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable identifier for the kind of problem, such as `broken-link`.
    pub code: &'static str,
    pub message: String,
    /// The file the problem is in, relative to the site root where possible.
    pub file: Option<PathBuf>,
    pub location: Option<Location>,
    /// The text of the offending line, shown under the location.
    pub source_line: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further context, such as the page being rendered when a template failed.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: None,
            location: None,
            source_line: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// Names the file, without a position in it.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Names the file and a position in it, keeping the line's text from `source`.
    pub fn at(mut self, file: impl Into<PathBuf>, source: &str, location: Location) -> Self {
        self.file = Some(file.into());
        self.location = Some(location);
        self.show_line(source)
    }

    /// Keeps the text of the diagnostic's line from `source`, the file it is in.
    pub fn show_line(mut self, source: &str) -> Self {
        if let Some(location) = self.location {
            self.source_line = source
                .lines()
                .nth(location.line.saturating_sub(1))
                .map(|line| line.trim_end_matches('\r').to_string());
        }
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn locus(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        let mut out = display_path(file);
        if let Some(loc) = self.location {
            let _ = write!(out, ":{}:{}", loc.line, loc.col);
        }
        Some(out)
    }

    /// Renders the diagnostic for a terminal, in the style of rustc.
    pub fn render(&self, colour: bool) -> String {
        let paint = Paint { on: colour };
        let mut out = String::new();
        let head = match self.severity {
            Severity::Error => paint.red(&format!("error[{}]", self.code)),
            Severity::Warning => paint.yellow(&format!("warning[{}]", self.code)),
            Severity::Note => paint.blue(&format!("note[{}]", self.code)),
        };
        // What content says is shown, never obeyed: a terminal escape in a title or a
        // file name is printed as its code.
        let _ = writeln!(out, "{head}: {}", paint.bold(&printable(&self.message)));
        let gutter = self.location.map(|l| l.line.to_string().len()).unwrap_or(1);
        let pad = " ".repeat(gutter);
        if let Some(locus) = self.locus() {
            let _ = writeln!(out, "{pad}{} {}", paint.blue("-->"), printable(&locus));
        }
        if let (Some(loc), Some(line)) = (self.location, &self.source_line) {
            let bar = paint.blue("|");
            let (line, col) = excerpt(line, loc.col);
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(out, "{} {bar} {line}", paint.blue(&loc.line.to_string()));
            let marker_pad: String = line
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} {bar} {marker_pad}{}", paint.red("^"));
        }
        for note in &self.notes {
            let _ = writeln!(out, "{pad} = note: {}", printable(note));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = {}: {}", paint.bold("help"), printable(help));
        }
        out
    }
}

/// Text as a terminal may print it: control characters (a terminal's escape sequences
/// among them) are shown as their codes, such as `\u{1b}`; tabs and newlines are kept.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| c.is_control() && c != '\t' && c != '\n' || is_bidi_control(c);
    if !text.chars().any(shown) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Characters that reorder the text around them on a terminal, hiding what follows.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The longest line shown under a message, in characters.
const SHOWN_LINE: usize = 120;

/// A source line made printable, cut to a window around column `col` when it is long,
/// and the column within what is shown.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let line = printable(line);
    let count = line.chars().count();
    if count <= SHOWN_LINE {
        return (line.into_owned(), col);
    }
    let start = col.saturating_sub(SHOWN_LINE / 2).min(count - SHOWN_LINE);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(SHOWN_LINE));
    if start + SHOWN_LINE < count {
        shown.push('…');
    }
    (shown, col - start + usize::from(start > 0))
}

/// Paths are shown with forward slashes whatever the platform, as users type them.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn red(&self, t: &str) -> String {
        self.wrap("1;31", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.wrap("1;33", t)
    }
    fn blue(&self, t: &str) -> String {
        self.wrap("1;34", t)
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
}

/// Renders a run's problems for a terminal. Unless `every`, a warning or note said in the
/// same words in three or more files is one block naming the files (the first few, and
/// how many more): moving 130 pages from another tool should not print 130 copies of
/// one finding. Errors are always shown one by one.
pub fn render_report(diags: &Diagnostics, colour: bool, every: bool, quiet: bool) -> Vec<String> {
    use std::collections::HashMap;
    let shown = |d: &&Diagnostic| !quiet || d.is_error();
    let key = |d: &'_ Diagnostic| -> Option<(&'static str, String, Option<String>)> {
        (!d.is_error() && d.file.is_some()).then(|| (d.code, d.message.clone(), d.help.clone()))
    };
    let mut files: HashMap<(&'static str, String, Option<String>), Vec<&Diagnostic>> =
        HashMap::new();
    if !every {
        for d in diags.iter().filter(shown) {
            if let Some(k) = key(d) {
                files.entry(k).or_default().push(d);
            }
        }
    }
    let mut done = std::collections::HashSet::new();
    let mut out = Vec::new();
    for d in diags.iter().filter(shown) {
        let group = key(d).and_then(|k| {
            let members = files.get(&k)?;
            let distinct: std::collections::BTreeSet<_> =
                members.iter().filter_map(|m| m.file.as_ref()).collect();
            (distinct.len() >= 3).then_some((k, members, distinct.len()))
        });
        match group {
            Some((k, members, file_count)) => {
                if !done.insert(k) {
                    continue;
                }
                let loci: Vec<String> = members.iter().filter_map(|m| m.locus()).collect();
                let mut head = d.clone();
                head.file = None;
                head.location = None;
                head.source_line = None;
                let listed = loci.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
                let more = loci.len().saturating_sub(3);
                let count = if loci.len() == file_count {
                    format!("in {file_count} files")
                } else {
                    format!("{} times in {file_count} files", loci.len())
                };
                let rest = if more > 0 {
                    format!(", … and {more} more (--verbose lists them all)")
                } else {
                    String::new()
                };
                head.message = format!("{} {count}: {listed}{rest}", d.message);
                out.push(head.render(colour));
            }
            None => out.push(d.render(colour)),
        }
    }
    out
}

/// How many problems of one kind in one file are shown.
pub const SHOWN_PER_KIND: usize = 20;

/// The note that stands for problems of one kind not shown; `total` counts them all.
pub fn repeats_note(
    file: &Option<PathBuf>,
    code: &'static str,
    severity: Severity,
    total: usize,
) -> Diagnostic {
    let kind = match severity {
        Severity::Error => "errors",
        Severity::Warning => "warnings",
        Severity::Note => "notes",
    };
    let hidden = total.saturating_sub(SHOWN_PER_KIND);
    let mut d = Diagnostic::note(
        "not-shown",
        format!("{hidden} more {kind} like these ({code}) are not shown"),
    )
    .with_help("fix the ones shown and run again");
    d.file = file.clone();
    d
}

/// Every problem found in a run, in the order stages found them.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts by file, then position, then message, and drops exact repeats, so that the
    /// report reads in a stable order whatever order parallel stages finished in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.location, a.severity, &a.message)
                .cmp(&(&b.file, b.location, b.severity, &b.message))
        });
        self.items.dedup();
        self.cap_repeats();
    }

    /// Keeps the first [`SHOWN_PER_KIND`] problems of each kind in each file, and says
    /// how many more there are: a pasted 5,000-row table needs its first few problems
    /// pointed out, and one cause (a full disk) should not print thousands of errors.
    fn cap_repeats(&mut self) {
        use std::collections::HashMap;
        type Kind = (Option<PathBuf>, &'static str, Severity);
        let kind = |d: &Diagnostic| -> Kind { (d.file.clone(), d.code, d.severity) };
        let mut counts: HashMap<Kind, usize> = HashMap::new();
        for d in &self.items {
            *counts.entry(kind(d)).or_default() += 1;
        }
        if counts.values().all(|&n| n <= SHOWN_PER_KIND) {
            return;
        }
        let mut seen: HashMap<Kind, usize> = HashMap::new();
        let mut more = Vec::new();
        for d in std::mem::take(&mut self.items) {
            let k = kind(&d);
            let n = seen.entry(k.clone()).or_default();
            *n += 1;
            if *n <= SHOWN_PER_KIND {
                self.items.push(d);
            } else if *n == SHOWN_PER_KIND + 1 {
                more.push(repeats_note(&k.0, k.1, k.2, counts[&k]));
            }
        }
        self.items.extend(more);
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// Maps byte offsets in a text to 1-based lines and character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The line and column of a byte offset. An offset past the end is the end; one
    /// inside a character is that character.
    pub fn location(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = self.text[start..offset].chars().count() + 1;
        Location {
            line: line + 1,
            col,
        }
    }
}

/// The known name closest to `unknown`, if one is close enough to be a likely typo.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let unknown_lower = unknown.to_lowercase();
    known
        .into_iter()
        .map(|k| (edit_distance(&unknown_lower, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= (k.chars().count().max(unknown.chars().count()) / 3).max(2))
        .min_by_key(|(d, k)| (*d, *k))
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "ab\nŵyn x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.location(0), Location { line: 1, col: 1 });
        assert_eq!(idx.location(3), Location { line: 2, col: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.location(x), Location { line: 2, col: 5 });
        // Inside ŵ (two bytes, from byte 3): that character's column.
        assert_eq!(idx.location(4), Location { line: 2, col: 1 });
        assert_eq!(idx.location(1000), Location { line: 3, col: 1 });
    }

    #[test]
    fn closest_finds_typos_and_ignores_unrelated() {
        let known = ["title", "summary", "review_date", "date"];
        assert_eq!(closest("titel", known), Some("title"));
        assert_eq!(closest("reviewdate", known), Some("review_date"));
        assert_eq!(closest("Summary", known), Some("summary"));
        assert_eq!(closest("colour", known), None);
    }

    #[test]
    fn render_shows_locus_line_marker_and_help() {
        let d = Diagnostic::error("bad-date", "`date` is not a date")
            .at(
                "content/a.md",
                "---\ndate: 2020-13-01\n",
                Location { line: 2, col: 7 },
            )
            .with_help("write dates as YYYY-MM-DD");
        let text = d.render(false);
        assert!(text.contains("error[bad-date]: `date` is not a date"));
        assert!(text.contains("--> content/a.md:2:7"));
        assert!(text.contains("2 | date: 2020-13-01"));
        assert!(text.contains("|       ^"));
        assert!(text.contains("= help: write dates as YYYY-MM-DD"));
    }
}
