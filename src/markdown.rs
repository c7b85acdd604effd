//! Markdown to HTML with pulldown-cmark, in two uses that share one walk over the events.
//!
//! * [`scan`] reads a page body once when the site is loaded and keeps only what the site
//!   model needs: headings with their ids, every link and image with its position, the
//!   anchors a link may point at, and the word count.
//! * [`render`] produces the HTML when the page is written, rewriting links through the
//!   resolutions the site model worked out, and is then dropped.
//!
//! Both walk the same events in the same order, so heading and footnote ids agree
//! between them. Neither touches the file system or the site: they take a string and
//! options, which keeps them easy to test.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::compact::SortedMap;
use crate::fingerprint::Hashed;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::{LineIndex, Location};
use crate::html::RawHtml;
use crate::slug::slugify;

/// A heading of the page, with the id the HTML gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// The heading as plain text.
    pub title: String,
    /// 1-based line within the body.
    pub line: usize,
}

/// Whether a reference is a link or an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Link,
    Image,
}

/// A link or image as written in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub kind: RefKind,
    pub dest: String,
    /// Link text, or an image's alt text, as plain text.
    pub text: String,
    /// Position within the body.
    pub location: Location,
}

/// What the site model needs to keep of a page body.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    pub headings: Vec<Heading>,
    /// The text of an `h1` that opens the body, if there is one.
    pub leading_heading: Option<String>,
    /// Whether that `h1` is left out of the HTML, because it is (or stands for) the title.
    pub drops_leading_heading: bool,
    pub references: Vec<Reference>,
    /// Every id on the page a link may point at: headings, footnotes, ids in raw HTML.
    pub anchors: HashSet<String>,
    pub word_count: usize,
    /// What publishing removes from the body's raw HTML (and heading attributes), where;
    /// `true` for raw HTML that cannot be published at all.
    pub removed: Vec<(Location, String, bool)>,
}

/// At most this many removals are reported for one page.
const REMOVALS_SHOWN: usize = 20;

/// What to do with a link or image destination when rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum LinkAction {
    /// Point it somewhere else (a page's URL instead of its source path).
    Rewrite(String),
    /// Keep the text but drop the link (its target is not published).
    Unlink,
}

/// Words the renderer writes itself, in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Labels {
    pub footnotes_heading: String,
    /// Visually hidden text before a footnote number: "Footnote".
    pub footnote: String,
    /// Visually hidden text of a back-link: "Back to reference" (the number follows).
    pub back_to_reference: String,
    /// Visually hidden text of a heading's own link: "Link to this section" (the heading follows).
    pub link_to_section: String,
    /// The name of a table's scrolling region: "Table" (the heading above it follows).
    pub table: String,
    /// The names of the callouts: note, tip, important, warning, caution.
    pub callouts: [String; 5],
    /// The text of the link that stands in for a video from another site: "Watch the
    /// video on {site}".
    pub video_link: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            footnotes_heading: "Footnotes".into(),
            footnote: "Footnote".into(),
            back_to_reference: "Back to reference".into(),
            link_to_section: "Link to this section".into(),
            table: "Table".into(),
            callouts: ["Note", "Tip", "Important", "Warning", "Caution"].map(String::from),
            video_link: "Watch the video on {site}".into(),
        }
    }
}

/// Options for [`render`]: with the body, everything its HTML depends on. Serialised,
/// they are part of the fingerprint of every page the body is rendered into.
/// The links and labels may be borrowed, since many pages' options share them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RenderOptions<'a> {
    pub drops_leading_heading: bool,
    /// Destinations to change, keyed by the destination as written.
    pub links: Cow<'a, Hashed<SortedMap<String, LinkAction>>>,
    pub labels: Cow<'a, Hashed<Labels>>,
    /// Put before every id the renderer writes, and every `#anchor` link on the page, so
    /// that several pages can share one document (a publication on a single page).
    pub id_prefix: String,
    /// Added to every heading level (1 makes `##` an `h3`), up to `h6`.
    pub heading_offset: u8,
    /// Number headings (1, 1.1, 1.2 …), after this chapter number if there is one.
    pub numbering: Option<Numbering>,
    /// Add a link to each heading, labelled for screen readers.
    pub heading_anchors: bool,
    /// What becomes of raw HTML.
    pub raw_html: RawHtml,
}

/// How headings are numbered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Numbering {
    /// The chapter number that starts every heading number, if any.
    pub chapter: Option<usize>,
}

/// Gives heading numbers in document order: `h2` → 1, 2 …; `h3` → 1.1, 1.2 …; `h4` →
/// 1.1.1. Other levels are not numbered. Used by the renderer and by the contents list,
/// so that both agree.
#[derive(Debug, Clone, Default)]
pub struct Numberer {
    numbering: Numbering,
    counters: [usize; 3],
}

impl Numberer {
    pub fn new(numbering: Numbering) -> Self {
        Numberer {
            numbering,
            counters: [0; 3],
        }
    }

    /// The number of the next heading at `level`.
    pub fn next(&mut self, level: u8) -> Option<String> {
        if !(2..=4).contains(&level) {
            return None;
        }
        let depth = usize::from(level - 2);
        self.counters[depth] += 1;
        for deeper in &mut self.counters[depth + 1..] {
            *deeper = 0;
        }
        let parts = self.numbering.chapter.into_iter().chain(
            self.counters[..=depth]
                .iter()
                // A heading deeper than the one before it counts from 1 at each level.
                .map(|n| (*n).max(1)),
        );
        Some(parts.map(|n| n.to_string()).collect::<Vec<_>>().join("."))
    }
}

/// A body as the parser reads it, with the syntax of other tools put in CommonMark's
/// terms, line for line (every line keeps its number; positions on a changed line move
/// by a column or two). Offsets into the body (of scans and outlines) are offsets into
/// this text.
///
/// * kramdown (Jekyll, GitHub Pages) takes `##01 Summary` for a heading, where CommonMark
///   needs a space after the `#`s: one is added, outside code blocks, for two to six `#`s,
///   or one before a digit (a single `#` before a word is a hashtag).
/// * VuePress containers (`::: tip` … `:::`) and MkDocs admonitions (`!!! note "Title"`
///   and its indented lines) become GitHub alerts (`> [!TIP]`), rendered as callouts.
///   Kinds: note/info/abstract → note; tip/hint/success → tip; important; warning/
///   attention/caution → warning; danger/error/failure/bug → caution. Others are left
///   as written (and `plainly check` reports them).
pub fn source_text(body: &str) -> Cow<'_, str> {
    source_text_and_titles(body).0
}

/// [`source_text`], and the title each container was given (`::: tip Book early`,
/// `!!! note "Remember"`), by the 1-based line of its callout.
fn source_text_and_titles(body: &str) -> (Cow<'_, str>, HashMap<usize, String>) {
    let mut titles = HashMap::new();
    if !(body.contains('#')
        || body.contains(":::")
        || body.contains("!!!")
        || body.contains("???")
        || body.contains("import ")
        || body.contains("export "))
    {
        return (Cow::Borrowed(body), titles);
    }
    // Made only once a line changes: most bodies change nowhere and are read as they are.
    let mut out = String::new();
    let mut line_no = 0;
    let mut changed = false;
    let mut next_start = 0;
    macro_rules! edit {
        ($start:expr) => {{
            if !changed {
                out.reserve(body.len() + 64);
                out.push_str(&body[..$start]);
                changed = true;
            }
            &mut out
        }};
    }
    let mut fence: Option<(char, usize)> = None;
    // Inside a container: whether it ends at `:::` (else at the first line that is not
    // indented or blank: an admonition), and the prefix its lines take (`> ` in an alert).
    let mut container: Option<(bool, &str)> = None;
    for line in body.split_inclusive('\n') {
        line_no += 1;
        let start = next_start;
        next_start += line.len();
        let (text, newline) = match line.strip_suffix('\n') {
            Some(t) => (t, "\n"),
            None => (line, ""),
        };
        match container {
            Some((true, _)) if text.trim_end() == ":::" => {
                container = None;
                edit!(start).push_str(newline);
                continue;
            }
            Some((true, prefix)) => {
                edit!(start).push_str(prefix);
                edit!(start).push_str(line);
                continue;
            }
            Some((false, prefix)) if text.trim().is_empty() => {
                edit!(start).push_str(prefix.trim_end());
                edit!(start).push_str(newline);
                continue;
            }
            Some((false, prefix)) if text.starts_with("    ") || text.starts_with('\t') => {
                edit!(start).push_str(prefix);
                edit!(start).push_str(
                    text.strip_prefix("    ")
                        .or_else(|| text.strip_prefix('\t'))
                        .unwrap_or(text),
                );
                edit!(start).push_str(newline);
                continue;
            }
            Some((false, _)) => container = None,
            None => {}
        }
        if fence.is_none() && is_module_line(text) {
            edit!(start).push_str(newline);
            continue;
        }
        // The closing line of a container nobody opened (or of one left as written).
        if fence.is_none()
            && text.trim_end().len() >= 3
            && text.trim_end().bytes().all(|b| b == b':')
        {
            edit!(start).push_str(newline);
            continue;
        }
        if fence.is_none()
            && let Some((opening, fenced)) = opens_container(text)
        {
            match opening {
                Opening::Alert(kind, title) => {
                    if !title.is_empty() {
                        titles.insert(line_no, title);
                    }
                    container = Some((fenced, "> "));
                    edit!(start).push_str("> [!");
                    edit!(start).push_str(kind);
                    edit!(start).push(']');
                }
                // Another kind (`::: details More`): its content stays, under its title.
                Opening::Plain(title) => {
                    container = Some((fenced, ""));
                    if !title.is_empty() {
                        edit!(start).push_str("**");
                        edit!(start).push_str(&title.replace('*', "\\*"));
                        edit!(start).push_str("**");
                    }
                }
            }
            edit!(start).push_str(newline);
            continue;
        }
        let trimmed = text.trim_start_matches(' ');
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 {
                fence = match fence {
                    None => Some((c, run)),
                    Some((f, n)) if f == c && run >= n => None,
                    open => open,
                };
            }
        } else if fence.is_none()
            && let Some(at) = kramdown_heading(text)
        {
            edit!(start).push_str(&text[..at]);
            edit!(start).push(' ');
            edit!(start).push_str(&line[at..]);
            continue;
        }
        if changed {
            out.push_str(line);
        }
    }
    let out = if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(body)
    };
    if out.contains("{:") {
        (Cow::Owned(kramdown_extensions(&out)), titles)
    } else {
        (out, titles)
    }
}

/// kramdown's own syntax, line for line: `{::comment}` … `{:/comment}` is dropped; `{:toc}`
/// (and the `* TOC` item before it) is dropped, since the theme writes the contents list;
/// an attribute list on a heading (`## Aims {: #aims}`, or `{: #aims}` on the line after
/// it) becomes the heading's attributes. Other attribute lists are left as written, for
/// `plainly check` to report.
fn kramdown_extensions(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_comment = false;
    let mut fence = false;
    // Where the previous line starts in `out`, and whether it is a heading.
    let mut previous: Option<(usize, bool)> = None;
    for line in body.split_inclusive('\n') {
        let (text, newline) = match line.strip_suffix('\n') {
            Some(t) => (t, "\n"),
            None => (line, ""),
        };
        let trimmed = text.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
        }
        let start = out.len();
        if fence {
            out.push_str(line);
            previous = Some((start, false));
            continue;
        }
        if in_comment || trimmed.starts_with("{::comment}") {
            in_comment = !trimmed.contains("{:/comment}");
            out.push_str(newline);
            previous = Some((start, false));
            continue;
        }
        if trimmed == "{:toc}" {
            if let Some((at, _)) = previous {
                let item = out[at..].trim();
                if matches!(item, "* TOC" | "- TOC" | "1. TOC" | "* Table of contents") {
                    let ending = if out.ends_with('\n') { "\n" } else { "" };
                    out.truncate(at);
                    out.push_str(ending);
                }
            }
            out.push_str(newline);
            previous = Some((out.len() - newline.len(), false));
            continue;
        }
        let heading = kramdown_heading(text).is_some()
            || (text.trim_start().starts_with('#')
                && text.trim_start().trim_start_matches('#').starts_with(' '));
        if let Some(attrs) = heading_attributes(trimmed)
            && let Some((at, true)) = previous
        {
            // `{: #id}` under a heading: onto the heading's line.
            let ending = out[at..].ends_with('\n');
            if ending {
                out.pop();
            }
            out.push(' ');
            out.push_str(&attrs);
            if ending {
                out.push('\n');
            }
            out.push_str(newline);
            previous = Some((out.len() - newline.len(), false));
            continue;
        }
        if heading
            && let Some(open) = text.rfind("{:")
            && let Some(attrs) = heading_attributes(text[open..].trim())
        {
            out.push_str(text[..open].trim_end());
            out.push(' ');
            out.push_str(&attrs);
            out.push_str(newline);
            previous = Some((start, false));
            continue;
        }
        out.push_str(line);
        previous = Some((start, heading));
    }
    out
}

/// `{: #id .class}` as a heading's attributes `{#id .class}`, when it holds only ids and
/// classes.
fn heading_attributes(text: &str) -> Option<String> {
    let inner = text.strip_prefix("{:")?.strip_suffix('}')?.trim();
    let plain = !inner.is_empty()
        && inner.split_whitespace().all(|t| {
            (t.starts_with('#') || t.starts_with('.'))
                && t.len() > 1
                && t[1..]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        });
    plain.then(|| format!("{{{inner}}}"))
}

/// An MDX `import … from "…"` or `export …` line, which Markdown would show as text.
pub fn is_module_line(line: &str) -> bool {
    let line = line.trim_end();
    let quoted_end = line.trim_end_matches(';').ends_with(['"', '\'']);
    (line.starts_with("import ")
        && quoted_end
        && (line.contains(" from ") || line[7..].trim_start().starts_with(['"', '\''])))
        || [
            "export const ",
            "export default ",
            "export function ",
            "export let ",
        ]
        .iter()
        .any(|p| line.starts_with(p))
}

/// Where a space belongs in `##01 Summary`, when the line is such a heading.
fn kramdown_heading(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let hashes = trimmed.bytes().take_while(|b| *b == b'#').count();
    let next = trimmed[hashes..].chars().next()?;
    let heading = match hashes {
        1 => next.is_ascii_digit(),
        2..=6 => !next.is_whitespace() && next != '#',
        _ => false,
    };
    heading.then_some(line.len() - trimmed.len() + hashes)
}

/// Marks a container title as a disclosure's summary (`::: details More`).
const DETAILS: &str = "\u{0}details:";

/// What a container opens: a callout, or a block of another kind kept as plain content
/// under its title.
enum Opening {
    /// A callout of this kind, with the title given (or none).
    Alert(&'static str, String),
    Plain(String),
}

/// `::: tip Title` or `!!! warning "Title"` (`???` too): what it opens, and whether the
/// container is closed by `:::`.
fn opens_container(line: &str) -> Option<(Opening, bool)> {
    let (rest, fenced) = if let Some(r) = line.strip_prefix(":::") {
        if r.starts_with(':') {
            return None;
        }
        (r, true)
    } else if let Some(r) = line
        .strip_prefix("!!!")
        .or_else(|| line.strip_prefix("???+"))
        .or_else(|| line.strip_prefix("???"))
    {
        (r, false)
    } else {
        return None;
    };
    let rest = rest.trim();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let after = rest[word.len()..].trim();
    // An admonition is `!!! kind` with at most a quoted title.
    if word.is_empty() || (!fenced && !after.is_empty() && !after.starts_with('"')) {
        return None;
    }
    let title = after.trim_matches('"').trim().to_string();
    let kind = match word.to_ascii_lowercase().as_str() {
        // A disclosure: a callout block the walk writes as `<details>`.
        "details" => {
            let summary = if title.is_empty() {
                "Details".to_string()
            } else {
                title
            };
            return Some((
                Opening::Alert("NOTE", format!("{DETAILS}{summary}")),
                fenced,
            ));
        }
        "note" | "info" | "abstract" | "summary" | "tldr" | "seealso" => "NOTE",
        "tip" | "hint" | "success" | "check" | "done" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "attention" | "caution" => "WARNING",
        "danger" | "error" | "failure" | "fail" | "bug" => "CAUTION",
        _ => return Some((Opening::Plain(title), fenced)),
    };
    Some((Opening::Alert(kind, title), fenced))
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// Reads a body for the site model. `title` is the front matter title, if any: an opening
/// `h1` is dropped from the HTML when there is no title (it becomes the title) or when it
/// repeats the title.
pub fn scan(body: &str, title: Option<&str>) -> Scanned {
    scan_with_outline(body, title, OutlineNeeds::None, RawHtml::default()).0
}

/// What the plain-English and accessibility checks read of a body: its text by block,
/// its tables and its raw HTML, with byte offsets into the body.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Every heading, as the scan found it.
    pub headings: Vec<Heading>,
    pub blocks: Vec<TextBlock>,
    pub tables: Vec<TableOutline>,
    /// Raw HTML, with its offset.
    pub html: Vec<(usize, String)>,
}

/// Where a run of text sits: a paragraph, a list item, a heading or a table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Item,
    Heading(u8),
    Cell,
    /// A term of a definition list (a glossary).
    Term,
}

/// The text of one block, with where each piece came from.
#[derive(Debug, Clone)]
pub struct TextBlock {
    pub kind: BlockKind,
    pub text: String,
    /// (offset in `text`, offset in the body) for each piece of text.
    pub segments: Vec<(usize, usize)>,
    /// Where the block starts in the body.
    pub offset: usize,
}

impl TextBlock {
    /// The body offset of a position in the block's text.
    /// Text that differs from its source (smart quotes, entities) may not map byte for
    /// byte: the result stays before the next piece's start.
    pub fn body_offset(&self, at: usize) -> usize {
        let i = self.segments.partition_point(|(t, _)| *t <= at);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((t, b)) => {
                let offset = b + (at - t);
                match self.segments.get(i) {
                    Some((_, next)) if *next > b => offset.min(next - 1),
                    _ => offset,
                }
            }
            None => self.offset,
        }
    }
}

/// A table: where it is and whether its header row has any text.
#[derive(Debug, Clone, Copy)]
pub struct TableOutline {
    pub offset: usize,
    pub has_header_text: bool,
}

/// What of a body's outline to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineNeeds {
    None,
    /// Tables and raw HTML.
    Structure,
    /// And the text of every block.
    Text,
}

/// [`scan`], and the outline the checks read.
pub fn scan_with_outline(
    body: &str,
    title: Option<&str>,
    needs: OutlineNeeds,
    raw_html: RawHtml,
) -> (Scanned, Outline) {
    let options = RenderOptions {
        raw_html,
        ..RenderOptions::default()
    };
    let body = &*source_text(body);
    let mut walk = Walk::new(body, Mode::Scan, title, &options);
    if needs != OutlineNeeds::None {
        walk.outline = Some(OutlineBuilder {
            text: needs == OutlineNeeds::Text,
            ..OutlineBuilder::default()
        });
    }
    walk.run();
    let outline = walk.outline.take().map(|b| b.outline).unwrap_or_default();
    let Walk {
        headings,
        leading_heading,
        drops_leading_heading,
        references,
        anchors,
        word_count,
        removed,
        ..
    } = walk;
    (
        Scanned {
            headings,
            leading_heading,
            drops_leading_heading,
            references,
            anchors,
            word_count,
            removed,
        },
        outline,
    )
}

#[derive(Default)]
struct OutlineBuilder {
    outline: Outline,
    open: Vec<TextBlock>,
    in_head: bool,
    /// Whether to keep the text of paragraphs, items and headings (for plain-English
    /// checks), or only tables and raw HTML.
    text: bool,
    /// Inside an image: its alternative text is checked by the image rules, not as prose.
    in_image: usize,
}

impl OutlineBuilder {
    fn observe(&mut self, event: &Event, offset: usize) {
        let open = |kind| TextBlock {
            kind,
            text: String::new(),
            segments: Vec::new(),
            offset,
        };
        match event {
            Event::Start(Tag::Paragraph) if self.text => self.open.push(open(BlockKind::Paragraph)),
            Event::Start(Tag::Item) if self.text => self.open.push(open(BlockKind::Item)),
            Event::Start(Tag::Heading { level, .. }) if self.text => {
                self.open.push(open(BlockKind::Heading(*level as u8)))
            }
            Event::Start(Tag::TableCell) => self.open.push(open(BlockKind::Cell)),
            Event::Start(Tag::DefinitionListTitle) if self.text => {
                self.open.push(open(BlockKind::Term))
            }
            Event::Start(Tag::Table(_)) => self.outline.tables.push(TableOutline {
                offset,
                has_header_text: false,
            }),
            Event::Start(Tag::TableHead) => self.in_head = true,
            Event::End(TagEnd::TableHead) => self.in_head = false,
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::DefinitionListTitle,
            ) if !self.text => {}
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::DefinitionListTitle,
            ) => {
                if let Some(block) = self.open.pop() {
                    if block.kind == BlockKind::Cell
                        && self.in_head
                        && !block.text.trim().is_empty()
                        && let Some(t) = self.outline.tables.last_mut()
                    {
                        t.has_header_text = true;
                    }
                    if !block.text.trim().is_empty() {
                        self.outline.blocks.push(block);
                    }
                }
            }
            Event::Start(Tag::Image { .. }) => self.in_image += 1,
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            Event::Text(_) if self.in_image > 0 => {}
            Event::Text(t) => self.add(t, offset),
            // Code is not prose: it counts as one word, and is not checked for words.
            Event::Code(_) => self.add("code", offset),
            Event::SoftBreak | Event::HardBreak => self.add(" ", offset),
            Event::Html(h) | Event::InlineHtml(h) => {
                self.outline.html.push((offset, h.to_string()))
            }
            _ => {}
        }
    }

    fn add(&mut self, text: &str, offset: usize) {
        if let Some(block) = self.open.last_mut() {
            block.segments.push((block.text.len(), offset));
            block.text.push_str(text);
        }
    }
}

/// Renders a body to HTML.
pub fn render(body: &str, options: &RenderOptions) -> String {
    render_with_headings(body, options).0
}

/// Renders a body to HTML, with its headings as the HTML gives them (ids without
/// `id_prefix`, levels before `heading_offset`; lines are not counted): the same
/// headings a scan finds, made while rendering so that no page keeps them from its
/// reading to its rendering.
pub fn render_with_headings(body: &str, options: &RenderOptions) -> (String, Vec<Heading>) {
    let (body, titles) = source_text_and_titles(body);
    let body = &*body;
    let mut walk = Walk::new(body, Mode::Render, None, options);
    walk.callout_titles = titles;
    walk.run();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, walk.out.into_iter());
    if !walk.footnotes.is_empty() {
        write_footnotes(&mut html, walk.footnotes, &walk.footnote_numbers, options);
    }
    // Markdown alone writes only what the allowlist holds (link schemes are errors before
    // a page is rendered), so only a body with raw HTML needs the sanitiser's parse.
    if walk.saw_raw_html && options.raw_html == RawHtml::Sanitise {
        html = crate::html::sanitise(&html);
    }
    (html, walk.headings)
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Mode {
    Scan,
    Render,
}

struct PendingHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    events: Vec<Event<'a>>,
    text: String,
    offset: usize,
    leading: bool,
}

/// The site a video address is on, when it is the address of one video there.
pub fn video_site(address: &str) -> Option<&'static str> {
    if address.chars().any(char::is_whitespace) {
        return None;
    }
    let rest = address
        .strip_prefix("https://")
        .or_else(|| address.strip_prefix("http://"))?;
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.strip_prefix("m.").unwrap_or(rest);
    let youtube = [
        "youtube.com/watch?",
        "youtu.be/",
        "youtube.com/embed/",
        "youtube-nocookie.com/embed/",
        "youtube.com/shorts/",
        "youtube.com/live/",
    ];
    if youtube
        .iter()
        .any(|p| rest.starts_with(p) && rest.len() > p.len())
    {
        return Some("YouTube");
    }
    let vimeo = rest
        .strip_prefix("vimeo.com/")
        .or_else(|| rest.strip_prefix("player.vimeo.com/video/"));
    if vimeo.is_some_and(|id| id.starts_with(|c: char| c.is_ascii_digit())) {
        return Some("Vimeo");
    }
    None
}

/// A table as it is written: where its wrapper goes, and the longest word seen in each
/// column, to judge whether it fits a small screen.
struct TableState {
    at: usize,
    id: String,
    widest: Vec<usize>,
    column: usize,
    /// Whether a cell holds something of a width not known here (an image, raw HTML).
    unmeasured: bool,
}

impl TableState {
    /// The width a table fits in without scrolling, in ems of its text: a 320 CSS px
    /// screen less the page's margins, at the browser's default font size (288 / 16).
    const FITS_EM: f64 = 18.0;
    /// A generous estimate of a character's width in ems (capitals and digits included).
    const CHAR_EM: f64 = 0.62;
    /// Each cell's padding, in ems.
    const CELL_EM: f64 = 1.0;

    fn see(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => self.column = 0,
            Event::End(TagEnd::TableCell) => self.column += 1,
            Event::Text(t) | Event::Code(t) => {
                let longest = t.split_whitespace().map(|w| w.chars().count()).max();
                if let Some(longest) = longest {
                    if self.widest.len() <= self.column {
                        self.widest.resize(self.column + 1, 0);
                    }
                    self.widest[self.column] = self.widest[self.column].max(longest);
                }
            }
            Event::Start(Tag::Image { .. }) | Event::Html(_) | Event::InlineHtml(_) => {
                self.unmeasured = true;
            }
            _ => {}
        }
    }

    /// Whether the table, wrapped at its spaces, fits a small screen. One that fits is
    /// let wrap inside words too (`.table-fits`), so that it never overflows, even with
    /// a larger default font; one that does not scrolls in its own focusable region.
    fn fits(&self) -> bool {
        if self.unmeasured {
            return false;
        }
        let columns = self.widest.len().max(1) as f64;
        let letters: usize = self.widest.iter().sum();
        letters as f64 * Self::CHAR_EM + columns * Self::CELL_EM <= Self::FITS_EM
    }
}

struct PendingRef {
    kind: RefKind,
    dest: String,
    text: String,
    offset: usize,
}

struct Walk<'a, 'o> {
    body: &'a str,
    mode: Mode,
    title: Option<&'a str>,
    options: &'o RenderOptions<'o>,
    lines: LineIndex<'a>,
    ids: IdAllocator,
    numberer: Option<Numberer>,
    out: Vec<Event<'a>>,
    heading: Option<PendingHeading<'a>>,
    /// Footnote definitions in the order they appear: (label, events).
    footnotes: Vec<(String, Vec<Event<'a>>)>,
    in_footnote: bool,
    /// Footnote label → number, in order of first reference.
    footnote_numbers: HashMap<String, usize>,
    footnote_ref_counts: HashMap<String, usize>,
    refs: Vec<PendingRef>,
    skip_link_end: Vec<bool>,
    /// The last heading's text, to name the tables under it.
    last_heading: Option<String>,
    tables: usize,
    /// The table being written, measured to decide whether it needs to scroll.
    table: Option<TableState>,
    headings: Vec<Heading>,
    leading_heading: Option<String>,
    drops_leading_heading: bool,
    references: Vec<Reference>,
    anchors: HashSet<String>,
    word_count: usize,
    first_event: bool,
    outline: Option<OutlineBuilder>,
    /// Whether the body holds raw HTML.
    saw_raw_html: bool,
    /// Titles given to callouts, by the line they open on.
    callout_titles: HashMap<usize, String>,
    /// How each open callout closes.
    open_callouts: Vec<&'static str>,
    /// Raw HTML of the block being read, with its offset, to find what sanitising removes.
    html_block: Option<(usize, String)>,
    /// How deep raw HTML elements are open.
    html_depth: usize,
    /// How deep Markdown's own elements are open, and the deepest they went.
    md_depth: usize,
    md_max_depth: usize,
    /// Where the first raw HTML is.
    first_html: Option<usize>,
    removed: Vec<(Location, String, bool)>,
}

impl<'a, 'o> Walk<'a, 'o> {
    fn new(
        body: &'a str,
        mode: Mode,
        title: Option<&'a str>,
        options: &'o RenderOptions<'o>,
    ) -> Self {
        Walk {
            body,
            mode,
            title,
            options,
            lines: LineIndex::new(body),
            ids: IdAllocator::default(),
            numberer: options.numbering.map(Numberer::new),
            out: Vec::new(),
            heading: None,
            footnotes: Vec::new(),
            in_footnote: false,
            footnote_numbers: HashMap::new(),
            footnote_ref_counts: HashMap::new(),
            refs: Vec::new(),
            skip_link_end: Vec::new(),
            last_heading: None,
            tables: 0,
            table: None,
            headings: Vec::new(),
            leading_heading: None,
            drops_leading_heading: false,
            references: Vec::new(),
            anchors: HashSet::new(),
            word_count: 0,
            first_event: true,
            outline: None,
            saw_raw_html: false,
            callout_titles: HashMap::new(),
            open_callouts: Vec::new(),
            html_block: None,
            html_depth: 0,
            md_depth: 0,
            md_max_depth: 0,
            first_html: None,
            removed: Vec::new(),
        }
    }

    fn run(&mut self) {
        let parser = Parser::new_ext(self.body, parser_options()).into_offset_iter();
        for (event, range) in parser {
            let first = std::mem::replace(&mut self.first_event, false);
            self.event(event, range.start, first);
        }
        // Footnote ids come after every heading id, in order of first reference.
        let mut labels: Vec<(usize, String)> = self
            .footnote_numbers
            .iter()
            .map(|(l, n)| (*n, l.clone()))
            .collect();
        labels.sort();
        for (n, _) in labels {
            self.anchors.insert(footnote_id(n));
        }
        for (label, _) in &self.footnotes {
            if !self.footnote_numbers.contains_key(label) {
                let n = self.footnote_numbers.len() + 1;
                self.footnote_numbers.insert(label.clone(), n);
                self.anchors.insert(footnote_id(n));
            }
        }
        // The sanitiser parses the whole body: Markdown nested deeper than browsers
        // build would take it time that grows with the square of the depth.
        if let Some(at) = self.first_html
            && self.mode == Mode::Scan
            && self.options.raw_html == RawHtml::Sanitise
            && self.md_max_depth > crate::html::MAX_DEPTH
        {
            self.removed.push((
                self.lines.location(at),
                format!(
                    "this page holds raw HTML and nests lists or quotes more than {} deep, too deep to sanitise",
                    crate::html::MAX_DEPTH
                ),
                true,
            ));
        }
    }

    fn event(&mut self, event: Event<'a>, offset: usize, first: bool) {
        if let Some(outline) = &mut self.outline {
            outline.observe(&event, offset);
        }
        match &event {
            Event::Start(Tag::HtmlBlock) => {}
            Event::Start(_) => {
                self.md_depth += 1;
                self.md_max_depth = self.md_max_depth.max(self.md_depth);
            }
            Event::End(TagEnd::HtmlBlock) => {}
            Event::End(_) => self.md_depth = self.md_depth.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => {
                self.first_html.get_or_insert(offset);
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(PendingHeading {
                    level,
                    id,
                    classes,
                    attrs,
                    events: Vec::new(),
                    text: String::new(),
                    offset,
                    // Whatever its level: converted documents often open with `##`.
                    leading: first,
                });
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.in_footnote = true;
                self.footnotes.push((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => self.in_footnote = false,
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let next = self.footnote_numbers.len() + 1;
                let n = *self.footnote_numbers.entry(label.clone()).or_insert(next);
                let count = self.footnote_ref_counts.entry(label).or_insert(0);
                *count += 1;
                let ref_id = footnote_ref_id(n, *count);
                self.anchors.insert(ref_id.clone());
                if self.mode == Mode::Render {
                    let prefix = &self.options.id_prefix;
                    let html = format!(
                        "<sup class=\"footnote-ref\"><a href=\"#{prefix}{}\" id=\"{prefix}{}\"><span class=\"visually-hidden\">{} </span>{n}</a></sup>",
                        footnote_id(n),
                        ref_id,
                        escape(&self.options.labels.footnote),
                    );
                    self.emit(Event::InlineHtml(html.into()));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.refs.push(PendingRef {
                    kind: RefKind::Link,
                    dest: dest_url.to_string(),
                    text: String::new(),
                    offset,
                });
                // A scheme that is never published is an error before rendering; should
                // one reach here, the text stays and the link goes.
                let unsafe_dest = crate::url::address_problem(&dest_url).is_some();
                match self.options.links.get(dest_url.as_ref()) {
                    _ if unsafe_dest => self.skip_link_end.push(true),
                    Some(LinkAction::Unlink) => self.skip_link_end.push(true),
                    action => {
                        self.skip_link_end.push(false);
                        let dest_url = match action {
                            Some(LinkAction::Rewrite(url)) => CowStr::from(url.clone()),
                            _ if dest_url.starts_with('#')
                                && !self.options.id_prefix.is_empty() =>
                            {
                                CowStr::from(format!(
                                    "#{}{}",
                                    self.options.id_prefix,
                                    &dest_url[1..]
                                ))
                            }
                            _ => dest_url,
                        };
                        self.emit(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                self.finish_ref();
                if !self.skip_link_end.pop().unwrap_or(false) {
                    self.emit(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.refs.push(PendingRef {
                    kind: RefKind::Image,
                    dest: dest_url.to_string(),
                    text: String::new(),
                    offset,
                });
                let dest_url = match self.options.links.get(dest_url.as_ref()) {
                    Some(LinkAction::Rewrite(url)) => CowStr::from(url.clone()),
                    _ if crate::url::address_problem(&dest_url).is_some() => CowStr::from(""),
                    _ => dest_url,
                };
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.finish_ref();
                self.emit(Event::End(TagEnd::Image));
            }
            Event::Text(text) => {
                self.add_text(&text);
                if self.mode == Mode::Scan {
                    self.word_count += count_words(&text);
                }
                self.emit(Event::Text(text));
            }
            Event::Code(code) => {
                self.add_text(&code);
                if self.mode == Mode::Scan {
                    self.word_count += count_words(&code);
                }
                self.emit(Event::Code(code));
            }
            // A table gets a visible caption: its own (a `Table: …` paragraph just above
            // it) or the heading it is under. A table too wide for a small screen scrolls
            // inside a region keyboard users can focus, named by that caption, so the page
            // never scrolls sideways; one that fits is not a tab stop (see `TableState`).
            Event::Start(Tag::Table(alignments)) if self.mode == Mode::Render => {
                self.tables += 1;
                let given = self.take_caption_paragraph();
                let n = self.tables;
                let table = &self.options.labels.table;
                let caption = match (given, &self.last_heading) {
                    (Some(c), _) => format!("{table} {n}: {c}"),
                    (None, Some(h)) => format!("{table} {n}: {h}"),
                    (None, None) => format!("{table} {n}"),
                };
                // Not from `ids`: the scan, which finds the page's anchors, sees no tables.
                let id = format!("{}table-{n}-caption", self.options.id_prefix);
                // A placeholder for the wrapper, written when the table's width is known.
                let at = self.target().len();
                self.emit(Event::Html("".into()));
                self.emit(Event::Start(Tag::Table(alignments)));
                self.emit(Event::Html(
                    format!(
                        "<caption id=\"{}\">{}</caption>\n",
                        escape(&id),
                        escape(&caption)
                    )
                    .into(),
                ));
                // Measured from here: the cells.
                self.table = Some(TableState {
                    at,
                    id,
                    widest: Vec::new(),
                    column: 0,
                    unmeasured: false,
                });
            }
            Event::End(TagEnd::Table) if self.mode == Mode::Render => {
                let table = self.table.take();
                self.emit(Event::End(TagEnd::Table));
                self.emit(Event::Html("</div>\n".into()));
                if let Some(t) = table {
                    let open = if t.fits() {
                        "<div class=\"table-wrap table-fits\">\n".to_string()
                    } else {
                        format!(
                            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{}\">\n",
                            escape(&t.id)
                        )
                    };
                    if let Some(slot) = self.target().get_mut(t.at) {
                        *slot = Event::Html(open.into());
                    }
                }
            }
            // A GitHub alert (`> [!NOTE]`, and the VuePress and MkDocs containers read as
            // one): a callout named in words, never by colour alone.
            Event::Start(Tag::BlockQuote(Some(kind))) if self.mode == Mode::Render => {
                let (class, i) = callout(kind);
                let line = self.lines.location(offset).line;
                let title = self.callout_titles.get(&line);
                let html = match title.and_then(|t| t.strip_prefix(DETAILS)) {
                    Some(summary) => {
                        self.open_callouts.push("</details>\n");
                        format!("<details>\n<summary>{}</summary>\n", escape(summary))
                    }
                    None => {
                        self.open_callouts.push("</div>\n");
                        let label = escape(title.unwrap_or(&self.options.labels.callouts[i]));
                        format!(
                            "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n"
                        )
                    }
                };
                self.emit(Event::Html(html.into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) if self.mode == Mode::Render => {
                let close = self.open_callouts.pop().unwrap_or("</div>\n");
                self.emit(Event::Html(close.into()));
            }
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some((offset, String::new()));
                if self.options.raw_html == RawHtml::Escape {
                    self.emit(Event::Start(Tag::Paragraph));
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, html)) = self.html_block.take() {
                    self.find_removals(start, &html);
                }
                if self.options.raw_html == RawHtml::Escape {
                    self.emit(Event::End(TagEnd::Paragraph));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.saw_raw_html = true;
                match &mut self.html_block {
                    Some((_, block)) if self.mode == Mode::Scan => block.push_str(&html),
                    Some(_) => {}
                    None => self.find_removals(offset, &html),
                }
                match (self.mode, self.options.raw_html) {
                    (_, RawHtml::Escape) => self.emit(Event::Text(html)),
                    (Mode::Scan, _) => collect_html_ids(&html, &mut self.anchors),
                    (Mode::Render, _) => self.emit(Event::Html(html)),
                }
            }
            Event::End(TagEnd::Paragraph) if self.mode == Mode::Render => {
                if !self.video_link() {
                    self.emit(Event::End(TagEnd::Paragraph));
                }
            }
            other => self.emit(other),
        }
    }

    /// Notes what sanitising removes from a piece of raw HTML at `offset`.
    fn find_removals(&mut self, offset: usize, html: &str) {
        if self.mode != Mode::Scan || self.options.raw_html != RawHtml::Sanitise {
            return;
        }
        let at = self.lines.location(offset);
        let cap = REMOVALS_SHOWN.saturating_sub(self.removed.len());
        let mut depth = self.html_depth + self.md_depth;
        let found = crate::html::findings(html, cap, &mut depth);
        self.html_depth = depth.saturating_sub(self.md_depth);
        for found in found {
            let location = if found.line == 0 {
                at
            } else {
                Location {
                    line: at.line + found.line,
                    col: 1,
                }
            };
            self.removed.push((location, found.message, found.fatal));
        }
    }

    fn add_text(&mut self, text: &str) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
        }
        for r in &mut self.refs {
            r.text.push_str(text);
        }
    }

    fn emit(&mut self, event: Event<'a>) {
        if self.mode == Mode::Scan {
            return;
        }
        if let Some(t) = &mut self.table {
            t.see(&event);
        }
        if let Some(h) = &mut self.heading {
            h.events.push(event);
        } else if self.in_footnote {
            if let Some((_, events)) = self.footnotes.last_mut() {
                events.push(event);
            }
        } else {
            self.out.push(event);
        }
    }

    /// Where events go now: a footnote's, or the body's.
    fn target(&mut self) -> &mut Vec<Event<'a>> {
        if self.in_footnote
            && let Some((_, events)) = self.footnotes.last_mut()
        {
            return events;
        }
        &mut self.out
    }

    /// The caption written for the table that starts now: a paragraph just before it
    /// that is only `Table: …` text (Pandoc's and MultiMarkdown's way), taken out.
    fn take_caption_paragraph(&mut self) -> Option<String> {
        let events = self.target();
        if !matches!(events.last(), Some(Event::End(TagEnd::Paragraph))) {
            return None;
        }
        let start = events
            .iter()
            .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))?;
        let mut text = String::new();
        for e in &events[start + 1..events.len() - 1] {
            match e {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak => text.push(' '),
                _ => return None,
            }
        }
        let caption = text.trim().strip_prefix("Table:")?.trim().to_string();
        if caption.is_empty() {
            return None;
        }
        events.truncate(start);
        Some(caption)
    }

    /// A paragraph that is only the address of a video on a known site (a YouTube or
    /// Vimeo URL on its own line, where other tools put an embed) becomes a link to it:
    /// frames from other sites are not published, and a link works everywhere.
    fn video_link(&mut self) -> bool {
        // Most paragraphs are passed over at their first event, without allocating.
        let events = self.target();
        let Some(start) = events
            .iter()
            .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))
        else {
            return false;
        };
        let pieces = &events[start + 1..];
        if !matches!(pieces.first(), Some(Event::Text(t)) if t.starts_with("http"))
            || !pieces.iter().all(|e| matches!(e, Event::Text(_)))
        {
            return false;
        }
        let text: String = pieces
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let Some(site) = video_site(text.trim()) else {
            return false;
        };
        let label = self.options.labels.video_link.replace("{site}", site);
        let html = format!(
            "<p class=\"video-link\"><a href=\"{}\">{}</a></p>\n",
            escape(text.trim()),
            escape(&label)
        );
        let events = self.target();
        events.truncate(start);
        events.push(Event::Html(html.into()));
        true
    }

    fn finish_ref(&mut self) {
        let Some(r) = self.refs.pop() else { return };
        if self.mode == Mode::Scan {
            self.references.push(Reference {
                kind: r.kind,
                dest: r.dest,
                text: r.text.trim().to_string(),
                location: self.lines.location(r.offset),
            });
        }
    }

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let title = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if h.leading {
            self.leading_heading = Some(title.clone());
            let drop = match (self.mode, self.title) {
                (Mode::Render, _) => self.options.drops_leading_heading,
                (Mode::Scan, None) => true,
                (Mode::Scan, Some(t)) => same_words(t, &title),
            };
            if self.mode == Mode::Scan {
                self.drops_leading_heading = drop;
            }
            if drop {
                // The heading is the page's title now; links other documents made to
                // its id still land at the top.
                let id = self.ids.allocate(&heading_id(h.id.as_deref(), &title));
                if self.mode == Mode::Scan {
                    self.anchors.insert(id);
                } else {
                    let html = format!(
                        "<span id=\"{}{}\"></span>\n",
                        self.options.id_prefix,
                        escape(&id)
                    );
                    self.emit(Event::Html(html.into()));
                }
                return;
            }
        }
        let id = self.ids.allocate(&heading_id(h.id.as_deref(), &title));
        let level = h.level as u8;
        if self.mode == Mode::Scan
            && self.options.raw_html != RawHtml::Allow
            && self.removed.len() < REMOVALS_SHOWN
        {
            for (name, value) in &h.attrs {
                if !crate::html::heading_allows(name, value.as_deref().unwrap_or("")) {
                    self.removed.push((
                        self.lines.location(h.offset),
                        format!("the `{name}` attribute of this heading is removed"),
                        false,
                    ));
                }
            }
        }
        if self.mode == Mode::Scan {
            self.anchors.insert(id.clone());
            self.headings.push(Heading {
                level,
                id,
                title,
                line: self.lines.location(h.offset).line,
            });
            return;
        }
        let number = self.numberer.as_mut().and_then(|n| n.next(level));
        self.last_heading = Some(title.clone());
        self.headings.push(Heading {
            level,
            id: id.clone(),
            title: title.clone(),
            line: 0,
        });
        let level = level + self.options.heading_offset;
        let id = format!("{}{id}", self.options.id_prefix);
        // A heading's own link sits beside it, not inside it, so that the heading's name
        // (what a screen reader's list of headings reads) is its text alone.
        let mut open = if self.options.heading_anchors {
            String::from("<div class=\"heading-with-link\">\n")
        } else {
            String::new()
        };
        // Below h6, HTML has no element: the level is said with ARIA (`aria-level`), so
        // that a page moved down a level (the single-page view) keeps its structure.
        let (element, overflow) = match level {
            7.. => ("div".to_string(), Some(level)),
            _ => (format!("h{level}"), None),
        };
        open.push_str(&format!("<{element} id=\"{}\"", escape(&id)));
        if let Some(level) = overflow {
            open.push_str(&format!(" role=\"heading\" aria-level=\"{level}\""));
        }
        if !h.classes.is_empty() {
            let classes: Vec<&str> = h.classes.iter().map(|c| c.as_ref()).collect();
            open.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
        }
        for (name, value) in &h.attrs {
            if self.options.raw_html != RawHtml::Allow
                && !crate::html::heading_allows(name, value.as_deref().unwrap_or(""))
            {
                continue;
            }
            match value {
                Some(v) => open.push_str(&format!(" {}=\"{}\"", escape(name), escape(v))),
                None => open.push_str(&format!(" {}", escape(name))),
            }
        }
        open.push('>');
        if let Some(number) = &number {
            open.push_str(&format!("<span class=\"heading-number\">{number}</span> "));
        }
        let events = h.events;
        self.emit(Event::Html(open.into()));
        for e in events {
            self.emit(e);
        }
        let mut close = format!("</{element}>");
        if self.options.heading_anchors {
            let label = match &number {
                Some(n) => format!("{n} {title}"),
                None => title,
            };
            close.push_str(&format!(
                "<a class=\"heading-anchor\" href=\"#{}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">{}: {}</span></a>",
                escape(&id),
                escape(&self.options.labels.link_to_section),
                escape(&label),
            ));
        }
        if self.options.heading_anchors {
            close.push_str("\n</div>");
        }
        close.push('\n');
        self.emit(Event::Html(close.into()));
    }
}

/// A callout's class and the index of its name in [`Labels::callouts`].
fn callout(kind: pulldown_cmark::BlockQuoteKind) -> (&'static str, usize) {
    use pulldown_cmark::BlockQuoteKind as K;
    match kind {
        K::Note => ("note", 0),
        K::Tip => ("tip", 1),
        K::Important => ("important", 2),
        K::Warning => ("warning", 3),
        K::Caution => ("caution", 4),
    }
}

/// A heading's id: the one written (`{#id}`), or the one GitHub gives it, so that the
/// anchors existing documents link to keep working: lower case, punctuation dropped
/// (letters, digits, `_` and `-` kept, accents and other scripts too), each space a
/// hyphen, runs not collapsed (`Must avoid: actions & think` → `must-avoid-actions--think`).
pub fn heading_id(written: Option<&str>, title: &str) -> String {
    if let Some(id) = written.filter(|id| !id.is_empty()) {
        return id.to_string();
    }
    let mut id = String::with_capacity(title.len());
    for c in title.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' || is_mark(c) {
            id.push(c);
        } else if c == ' ' {
            id.push('-');
        }
    }
    if id.trim_matches('-').is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// Combining marks, which GitHub keeps in ids (they are word characters to it).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036f | 0x1ab0..=0x1aff | 0x1dc0..=0x1dff | 0x20d0..=0x20ff | 0xfe20..=0xfe2f)
}

/// Words in a text: runs of anything but ASCII white space. A byte loop, since every
/// page's every word passes through it.
fn count_words(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for b in text.bytes() {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            count += 1;
        }
        in_word = !space;
    }
    count
}

fn footnote_id(n: usize) -> String {
    format!("fn:{n}")
}

fn footnote_ref_id(n: usize, occurrence: usize) -> String {
    if occurrence == 1 {
        format!("fnref:{n}")
    } else {
        format!("fnref:{n}:{occurrence}")
    }
}

fn write_footnotes(
    html: &mut String,
    mut footnotes: Vec<(String, Vec<Event<'_>>)>,
    numbers: &HashMap<String, usize>,
    options: &RenderOptions,
) {
    footnotes.sort_by_key(|(label, _)| numbers.get(label).copied().unwrap_or(usize::MAX));
    let labels = &options.labels;
    let prefix = &options.id_prefix;
    let level = (2 + options.heading_offset).min(6);
    html.push_str(&format!(
        "<section class=\"footnotes\" aria-labelledby=\"{prefix}fn:heading\">\n<h{level} id=\"{prefix}fn:heading\">{}</h{level}>\n<ol>\n",
        escape(&labels.footnotes_heading)
    ));
    for (label, mut events) in footnotes {
        let n = numbers.get(&label).copied().unwrap_or(0);
        let back = format!(
            " <a href=\"#{prefix}{}\" class=\"footnote-back\"><span aria-hidden=\"true\">↩</span><span class=\"visually-hidden\">{} {n}</span></a>",
            footnote_ref_id(n, 1),
            escape(&labels.back_to_reference),
        );
        // Put the back-link inside the last paragraph, where readers expect it.
        match events
            .iter()
            .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        {
            Some(i) => events.insert(i, Event::InlineHtml(back.into())),
            None => events.push(Event::Html(back.into())),
        }
        html.push_str(&format!("<li id=\"{prefix}{}\">", footnote_id(n)));
        pulldown_cmark::html::push_html(html, events.into_iter());
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</section>\n");
}

/// Gives out unique ids: `vision`, then `vision-1`, `vision-2` for repeats.
#[derive(Default)]
struct IdAllocator {
    used: HashSet<String>,
    /// For each id asked for more than once, the suffix to try next: 10,000 headings
    /// of one name take 10,000 steps, not 50 million.
    next: HashMap<String, usize>,
}

impl IdAllocator {
    fn allocate(&mut self, wanted: &str) -> String {
        if self.used.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let n = self.next.entry(wanted.to_string()).or_insert(1);
        loop {
            let candidate = format!("{wanted}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| slugify(s);
    norm(a) == norm(b)
}

/// Finds `id="…"` (and `name="…"` on anchors) in raw HTML, so links to them check out.
fn collect_html_ids(html: &str, anchors: &mut HashSet<String>) {
    let lower = html.to_ascii_lowercase();
    for attr in [" id=", " name="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attr) {
            let start = from + i + attr.len();
            from = start;
            let rest = &html[start..];
            let quote = rest.chars().next();
            let value = match quote {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                _ => rest.split([' ', '>', '/', '\n']).next(),
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                anchors.insert(v.to_string());
            }
        }
    }
}

/// Escapes text for an HTML attribute or element.
/// `text` as Markdown that reads as exactly that text: each ASCII punctuation mark that
/// Markdown gives a meaning to is escaped with a backslash.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '!'
                | '|'
                | '&'
                | '~'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(body: &str) -> String {
        let scanned = scan(body, Some("Title"));
        render(
            body,
            &RenderOptions {
                drops_leading_heading: scanned.drops_leading_heading,
                ..Default::default()
            },
        )
    }

    #[test]
    fn headings_get_unique_ids_and_explicit_ids_win() {
        let body = "## Our vision\n\n## Our vision\n\n### Money {#budget}\n";
        let s = scan(body, Some("T"));
        let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["our-vision", "our-vision-1", "budget"]);
        assert_eq!(s.headings[2].level, 3);
        assert_eq!(s.headings[2].line, 5);
        let out = html(body);
        assert!(
            out.contains("<h2 id=\"our-vision\">Our vision</h2>"),
            "{out}"
        );
        assert!(out.contains("<h2 id=\"our-vision-1\">"));
        assert!(out.contains("<h3 id=\"budget\">Money</h3>"));
    }

    #[test]
    fn leading_heading_becomes_the_title_when_there_is_none() {
        let s = scan("# Digital Strategy\n\nText\n", None);
        assert_eq!(s.leading_heading.as_deref(), Some("Digital Strategy"));
        assert!(s.drops_leading_heading);
        assert!(s.headings.is_empty());
        // A different title keeps the h1 in the body.
        let s = scan("# Something else\n\nText\n", Some("Digital Strategy"));
        assert!(!s.drops_leading_heading);
        assert_eq!(s.headings.len(), 1);
    }

    #[test]
    fn references_have_positions_and_text() {
        let body = "Intro\n\nSee [the *vision*](01-vision.md#aims) and ![A chart](chart.png).\n";
        let s = scan(body, Some("T"));
        assert_eq!(s.references.len(), 2);
        assert_eq!(s.references[0].dest, "01-vision.md#aims");
        assert_eq!(s.references[0].text, "the vision");
        assert_eq!(s.references[0].location, Location { line: 3, col: 5 });
        assert_eq!(s.references[1].kind, RefKind::Image);
        assert_eq!(s.references[1].text, "A chart");
    }

    #[test]
    fn links_are_rewritten_or_unlinked() {
        let body = "[a](one.md) [b](two.md) [c](https://example.org)\n";
        let mut links = SortedMap::new();
        links.insert("one.md".to_string(), LinkAction::Rewrite("/one/".into()));
        links.insert("two.md".to_string(), LinkAction::Unlink);
        let out = render(
            body,
            &RenderOptions {
                links: Cow::Owned(Hashed::new(links)),
                ..Default::default()
            },
        );
        assert!(out.contains("<a href=\"/one/\">a</a>"), "{out}");
        assert!(!out.contains("two.md"));
        assert!(out.contains(" b "));
        assert!(out.contains("href=\"https://example.org\""));
    }

    #[test]
    fn tables_scroll_in_a_named_focusable_region() {
        let out = html("## Our commitments\n\n| A | B |\n|---|---|\n| 1 | 2 |\n");
        // An image in a cell has a width the text does not tell: a region, to be safe.
        let with_image = html("| A | B |\n|---|---|\n| ![Map of wards](m.png) | 2 |\n");
        assert!(with_image.contains("role=\"region\""), "{with_image}");
        // Narrow: it fits a small screen, so it is no tab stop; it still has a caption.
        assert!(out.contains("<div class=\"table-wrap table-fits\">\n<table><caption id=\"table-1-caption\">Table 1: Our commitments</caption>"), "{out}");
        assert!(out.contains("</table>\n</div>"));
        // Wide: a region named by its caption, focusable to scroll by keyboard.
        let wide = "| Commitment | Lead organisation | Measure of success | Deadline |\n|---|---|---|---|\n| Broadband everywhere | Kelbrook Council | Coverage | March 2027 |\n";
        let out = html(&format!(
            "## Aims\n\n{wide}\nTable: After\n\n## Plan\n\nTable: Who does what, and when\n\n{wide}"
        ));
        assert!(out.contains("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"table-1-caption\">\n<table><caption id=\"table-1-caption\">Table 1: Aims</caption>"), "{out}");
        assert!(
            out.contains(
                "<caption id=\"table-2-caption\">Table 2: Who does what, and when</caption>"
            ),
            "{out}"
        );
        assert!(
            !out.contains("Table: Who"),
            "the caption line is not also a paragraph: {out}"
        );
        // A `Table:` line after a table is only text (Plainly reads captions above).
        assert!(out.contains("<p>Table: After</p>"), "{out}");
    }

    #[test]
    fn a_video_address_on_its_own_line_becomes_a_link() {
        let out = html(
            "Intro.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1s\n\nhttps://vimeo.com/12345\n\nSee https://youtu.be/x too.\n",
        );
        assert!(out.contains("<p class=\"video-link\"><a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=1s\">Watch the video on YouTube</a></p>"), "{out}");
        assert!(
            out.contains("<a href=\"https://vimeo.com/12345\">Watch the video on Vimeo</a>"),
            "{out}"
        );
        assert!(out.contains("<p>See https://youtu.be/x too.</p>"), "{out}");
        assert_eq!(video_site("https://youtube.com/"), None);
        assert_eq!(video_site("https://vimeo.com/about"), None);
        assert_eq!(video_site("javascript:youtu.be/x"), None);
    }

    #[test]
    fn headings_below_h6_keep_their_level_with_aria() {
        let options = RenderOptions {
            heading_offset: 1,
            ..RenderOptions::default()
        };
        let out = render("## Two\n\n##### Five\n\n###### Six\n", &options);
        assert!(out.contains("<h3 id=\"two\">"), "{out}");
        assert!(out.contains("<h6 id=\"five\">Five</h6>"), "{out}");
        assert!(
            out.contains("<div id=\"six\" role=\"heading\" aria-level=\"7\">Six</div>"),
            "{out}"
        );
    }

    #[test]
    fn gfm_features_and_smart_punctuation() {
        let body = "| A | B |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\n\"quoted\"\n";
        let out = html(body);
        assert!(out.contains("<th>A</th>"));
        assert!(out.contains("<del>old</del>"));
        assert!(out.contains("type=\"checkbox\""));
        assert!(out.contains("“quoted”"));
    }

    #[test]
    fn footnotes_have_unique_ids_and_labelled_back_links() {
        let body = "Text[^src] again[^src].\n\n## Notes\n\n[^src]: The source.\n";
        let s = scan(body, Some("T"));
        assert!(s.anchors.contains("fn:1"));
        assert!(s.anchors.contains("fnref:1"));
        assert!(s.anchors.contains("fnref:1:2"));
        let out = html(body);
        assert!(out.contains("href=\"#fn:1\" id=\"fnref:1\""), "{out}");
        assert!(out.contains("id=\"fnref:1:2\""));
        assert!(out.contains("<li id=\"fn:1\"><p>The source. <a href=\"#fnref:1\""));
        assert!(out.contains("Back to reference 1"));
    }

    #[test]
    fn numbering_follows_levels_and_chapters() {
        let mut n = Numberer::new(Numbering { chapter: None });
        let got: Vec<Option<String>> = [2, 3, 3, 4, 2, 3, 5, 1]
            .iter()
            .map(|l| n.next(*l))
            .collect();
        let want = ["1", "1.1", "1.2", "1.2.1", "2", "2.1"];
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g.as_deref(), Some(w));
        }
        assert_eq!(got[6], None);
        assert_eq!(got[7], None);
        let mut n = Numberer::new(Numbering { chapter: Some(3) });
        assert_eq!(
            n.next(3).as_deref(),
            Some("3.1.1"),
            "a page starting at h3 still counts from 1"
        );
        assert_eq!(n.next(2).as_deref(), Some("3.1"));
    }

    #[test]
    fn numbered_offset_prefixed_headings_with_anchors() {
        let body = "## Aims\n\nSee [below](#aims) and[^n].\n\n### Detail\n\n[^n]: Note.\n";
        let out = render(
            body,
            &RenderOptions {
                id_prefix: "c2-".into(),
                heading_offset: 1,
                numbering: Some(Numbering { chapter: Some(2) }),
                heading_anchors: true,
                ..Default::default()
            },
        );
        assert!(out.contains("<h3 id=\"c2-aims\"><span class=\"heading-number\">2.1</span> Aims</h3><a class=\"heading-anchor\" href=\"#c2-aims\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to this section: 2.1 Aims</span></a>\n</div>"), "{out}");
        assert!(
            out.contains("<h4 id=\"c2-detail\"><span class=\"heading-number\">2.1.1</span> Detail")
        );
        assert!(out.contains("href=\"#c2-aims\">below</a>"));
        assert!(out.contains("id=\"c2-fnref:1\""));
        assert!(out.contains("<li id=\"c2-fn:1\">"));
        assert!(out.contains("<h3 id=\"c2-fn:heading\">Footnotes</h3>"));
    }

    #[test]
    fn words_are_counted_like_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            " one  two\tthree\nfour ",
            "café au lait",
            "a—b c",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ids_in_raw_html_are_anchors_and_words_are_counted() {
        let s = scan("<div id=\"actions\"></div>\n\nOne two three.\n", Some("T"));
        assert!(s.anchors.contains("actions"));
        assert_eq!(s.word_count, 3);
    }
}
