//! Checks on a page's Markdown: accessibility (alternative text, headings, link text,
//! table headers, capitals, frames and embeds) and plain English (sentence length,
//! reading grade, words to avoid, acronyms). They read the scan of the body and its
//! outline (raw HTML through [`super::tags`]), after the page is loaded and while its text
//! is at hand; only the findings are kept.

use std::collections::{HashMap, HashSet};

use super::tags::{StartTag, other_site, start_tags};
use super::text;
use crate::content::BodyScan;
use crate::diag::{Diagnostic, LineIndex, Location, SHOWN_PER_KIND, Severity, repeats_note};
use crate::html::RawHtml;
use crate::markdown::{BlockKind, Outline, OutlineNeeds, RefKind};
use crate::rules::{Checks, Mode, RULES, active, finding};

/// The source rules a run applies, with their options.
#[derive(Debug, Clone, PartialEq)]
pub struct Lints {
    on: HashSet<&'static str>,
    max_words: usize,
    max_grade: f64,
    grade_min_words: usize,
    max_alt: usize,
    caps_min_words: usize,
    avoid: Vec<String>,
    acronyms_allowed: HashSet<String>,
    vague_phrases: Vec<String>,
    /// What the site does with raw HTML, which decides what becomes of an embed.
    raw_html: RawHtml,
}

/// Where a finding is in a body.
#[derive(Debug, Clone, Copy)]
pub enum At {
    /// A byte offset.
    Offset(usize),
    /// A 1-based line and column.
    Place(Location),
}

impl Lints {
    /// The source rules active in this mode, for a site whose raw HTML becomes what
    /// `raw_html` says (`markdown.raw_html`); `None` when there are none (the common case
    /// of a build), so that pages are not outlined at all.
    pub fn new(checks: &Checks, mode: &Mode, raw_html: RawHtml) -> Option<Lints> {
        let on: HashSet<&'static str> = RULES
            .iter()
            .filter(|r| r.reads_source() && active(checks, mode, r.id).is_some())
            .map(|r| r.id)
            .collect();
        if on.is_empty() {
            return None;
        }
        let allow: HashSet<String> = checks
            .list("avoid-words", "allow")
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect();
        let mut avoid: Vec<String> = text::AVOID
            .iter()
            .map(|w| w.to_string())
            .chain(checks.list("avoid-words", "words"))
            .filter(|w| !allow.contains(&w.to_lowercase()))
            .collect();
        avoid.sort();
        avoid.dedup();
        Some(Lints {
            on,
            max_words: checks.number("sentence-length", "max_words") as usize,
            max_grade: checks.number("reading-grade", "max_grade"),
            grade_min_words: checks.number("reading-grade", "min_words") as usize,
            max_alt: checks.number("image-alt-length", "max_chars") as usize,
            caps_min_words: checks.number("all-caps", "min_words") as usize,
            avoid,
            acronyms_allowed: checks.list("acronym", "allow").into_iter().collect(),
            vague_phrases: checks.list("link-text", "phrases"),
            raw_html,
        })
    }

    fn on(&self, id: &str) -> bool {
        self.on.contains(id)
    }

    /// What of a body's outline these rules read.
    pub fn needs(&self) -> OutlineNeeds {
        let text_rules = [
            "leftover-template",
            "all-caps",
            "sentence-length",
            "reading-grade",
            "avoid-words",
            "acronym",
        ];
        if text_rules.iter().any(|r| self.on(r)) {
            OutlineNeeds::Text
        } else {
            OutlineNeeds::Structure
        }
    }

    /// Checks one page: its body's scan and outline, with the file's text (`file` as shown
    /// to users) to place each finding.
    pub fn check_page(
        &self,
        file: &std::path::Path,
        text: &str,
        body: &BodyScan,
        outline: &Outline,
    ) -> Vec<Diagnostic> {
        let body_text = text.get(body.body_start..).unwrap_or("");
        // Outline offsets are into the body as the parser read it.
        let body_text = crate::markdown::source_text(body_text);
        let lines = LineIndex::new(&body_text);
        // Only the problems shown are placed in the text: a long page can have
        // thousands of one kind (see `Diagnostics::sort`).
        let mut per_code: HashMap<(&'static str, Severity), usize> = HashMap::new();
        let mut out = Vec::new();
        let mut more = Vec::new();
        for (at, d) in self.check(body, outline) {
            let n = per_code.entry((d.code, d.severity)).or_default();
            *n += 1;
            if *n > SHOWN_PER_KIND {
                if *n == SHOWN_PER_KIND + 1 {
                    more.push((d.code, d.severity));
                }
                continue;
            }
            let location = match at {
                At::Offset(offset) => lines.location(offset),
                At::Place(location) => location,
            };
            out.push(d.at(file, text, body.file_location(location)));
        }
        if self.on("placeholder") {
            // Read in the file as written: front matter and text alike.
            let lines = LineIndex::new(text);
            for (at, shown) in text::placeholders(text).into_iter().take(SHOWN_PER_KIND) {
                out.push(
                    finding(
                        "placeholder",
                        format!("`{shown}` is a placeholder left to fill in"),
                    )
                    .at(file, text, lines.location(at)),
                );
            }
        }
        for (code, severity) in more {
            let total = per_code[&(code, severity)];
            out.push(repeats_note(
                &Some(file.to_path_buf()),
                code,
                severity,
                total,
            ));
        }
        out
    }

    /// Checks one body.
    pub fn check(&self, scanned: &BodyScan, outline: &Outline) -> Vec<(At, Diagnostic)> {
        let mut out = Vec::new();
        let raw = RawText::new(outline);
        let tags: Vec<(usize, StartTag)> = start_tags(&raw.text)
            .into_iter()
            .map(|t| (raw.body_offset(t.at), t))
            .collect();
        self.images(scanned, &tags, &mut out);
        self.embeds(&tags, &mut out);
        self.headings(scanned, outline, &mut out);
        self.links(scanned, &mut out);
        self.tables(outline, &mut out);
        self.prose(outline, &mut out);
        self.leftovers(outline, &mut out);
        out
    }

    /// Template tags and container syntax of other tools, left in the text.
    fn leftovers(&self, outline: &Outline, out: &mut Vec<(At, Diagnostic)>) {
        if !self.on("leftover-template") {
            return;
        }
        for block in &outline.blocks {
            let text = block.text.as_str();
            let mut from = 0;
            while let Some((at, shown)) = text::template_tag(text, from) {
                out.push((
                    At::Offset(block.body_offset(at)),
                    finding(
                        "leftover-template",
                        if shown.starts_with("{:") {
                            format!("`{shown}` is kramdown syntax Plainly does not read, published as text")
                        } else {
                            format!("`{shown}` is template syntax of another tool (Jekyll, Nunjucks or Hugo), published as text")
                        },
                    ),
                ));
                from = at + 2;
            }
            let start = text.trim_start();
            for marker in [":::", "!!!"] {
                if start.starts_with(marker) {
                    let shown: String = start.chars().take(40).collect();
                    out.push((
                        At::Offset(block.offset),
                        finding(
                            "leftover-template",
                            format!(
                                "`{}` is syntax Plainly does not read, published as text",
                                shown.trim_end()
                            ),
                        ),
                    ));
                }
            }
        }
    }

    fn images(
        &self,
        scanned: &BodyScan,
        tags: &[(usize, StartTag)],
        out: &mut Vec<(At, Diagnostic)>,
    ) {
        for r in scanned
            .references
            .iter()
            .filter(|r| r.kind == RefKind::Image)
        {
            let at = At::Place(r.location);
            let alt = r.text.trim();
            if alt.is_empty() {
                if self.on("image-alt") {
                    out.push((
                        at,
                        finding(
                            "image-alt",
                            format!("the image `{}` has no alternative text", r.dest),
                        ),
                    ));
                }
                continue;
            }
            self.alt_text(alt, &r.dest, at, out);
        }
        for (offset, tag) in tags.iter().filter(|(_, t)| t.name == "img") {
            let at = At::Offset(*offset);
            match tag.attr("alt").map(str::trim) {
                None if self.on("image-alt") => {
                    out.push((at, finding("image-alt", "this <img> has no alt attribute")))
                }
                // `alt=""` marks an image that only decorates.
                None | Some("") => {}
                Some(alt) => self.alt_text(alt, tag.attr("src").unwrap_or(""), at, out),
            }
        }
    }

    /// The rules on an image's alternative text, when it has some.
    fn alt_text(&self, alt: &str, dest: &str, at: At, out: &mut Vec<(At, Diagnostic)>) {
        if self.on("image-alt-filename")
            && let Some(kind) = placeholder(alt, dest)
        {
            let message = match kind {
                Placeholder::FileName => {
                    format!("the alternative text “{alt}” is only a file name")
                }
                Placeholder::Word => {
                    format!("the alternative text “{alt}” is a placeholder, not a description")
                }
                Placeholder::Abbreviation => {
                    format!(
                        "the alternative text “{alt}” is only an abbreviation, not a description"
                    )
                }
            };
            out.push((at, finding("image-alt-filename", message)));
        }
        let chars = alt.chars().count();
        if self.on("image-alt-length") && chars > self.max_alt {
            out.push((
                at,
                finding(
                    "image-alt-length",
                    format!(
                        "the alternative text has {chars} characters (at most {})",
                        self.max_alt
                    ),
                ),
            ));
        }
    }

    /// Frames, embeds and players from other sites, in raw HTML.
    fn embeds(&self, tags: &[(usize, StartTag)], out: &mut Vec<(At, Diagnostic)>) {
        if !self.on("embed") {
            return;
        }
        for (offset, tag) in tags {
            let site = match tag.name.as_str() {
                "iframe" | "embed" => tag.attr("src").and_then(other_site),
                "object" => tag.attr("data").or(tag.attr("src")).and_then(other_site),
                // A player of the site's own files is not an embed.
                "video" | "audio" => match tag.attr("src").and_then(other_site) {
                    Some(host) => Some(host),
                    None => continue,
                },
                _ => continue,
            };
            let what = match &site {
                Some(host) => format!("`<{}>` from {host}", tag.name),
                None => format!("`<{}>`", tag.name),
            };
            const WHY: &str = "frames and embeds from other sites break under a strict Content-Security-Policy and often have no fallback for keyboard and screen reader users";
            let message = match self.raw_html {
                RawHtml::Sanitise => {
                    format!("{what} is not published: the sanitiser removes it, as {WHY}")
                }
                RawHtml::Escape => {
                    format!("{what} is shown as text, not published (`raw_html: escape`): {WHY}")
                }
                RawHtml::Allow => {
                    format!("{what} is published as written (`raw_html: allow`), but {WHY}")
                }
            };
            out.push((At::Offset(*offset), finding("embed", message)));
        }
    }

    fn headings(&self, scanned: &BodyScan, outline: &Outline, out: &mut Vec<(At, Diagnostic)>) {
        let mut previous = 1u8;
        for h in &outline.headings {
            let at = At::Place(Location {
                line: h.line,
                col: 1,
            });
            if h.title.trim().is_empty() && self.on("empty-heading") {
                out.push((at, finding("empty-heading", "this heading has no text")));
            }
            if h.level == 1 {
                if self.on("heading-h1") {
                    let message = if scanned.drops_leading_heading {
                        "more than one top-level heading (#): the first, at the top of the page, became the page title, the page's only h1"
                    } else {
                        "a top-level heading (#) in the body; the page title is already the page's h1"
                    };
                    out.push((at, finding("heading-h1", message)));
                }
            } else if h.level > previous + 1 && self.on("heading-order") {
                let message = if previous == 1 {
                    format!(
                        "the first heading is an h{}: sections start with ## (h2)",
                        h.level
                    )
                } else {
                    format!(
                        "this h{} skips a level: the heading before it is an h{previous}",
                        h.level
                    )
                };
                out.push((at, finding("heading-order", message)));
            }
            previous = h.level;
        }
    }

    fn links(&self, scanned: &BodyScan, out: &mut Vec<(At, Diagnostic)>) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for r in scanned
            .references
            .iter()
            .filter(|r| r.kind == RefKind::Link)
        {
            let at = At::Place(r.location);
            let label = r.text.trim();
            if label.is_empty() {
                if self.on("empty-link") {
                    out.push((
                        at,
                        finding(
                            "empty-link",
                            format!("the link to `{}` has no text", r.dest),
                        ),
                    ));
                }
                continue;
            }
            if text::ambiguous_link_text(label, &self.vague_phrases) {
                if self.on("link-text") {
                    out.push((
                        at,
                        finding(
                            "link-text",
                            format!("the link text “{label}” does not say where the link goes"),
                        ),
                    ));
                }
                continue;
            }
            if self.on("link-text-duplicate") {
                let key = label.to_lowercase();
                match seen.get(&key) {
                    Some(first) if *first != r.dest => out.push((
                        at,
                        finding(
                            "link-text-duplicate",
                            format!("the link text “{label}” leads to `{}` here and to `{first}` earlier on this page", r.dest),
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        seen.insert(key, &r.dest);
                    }
                }
            }
        }
    }

    fn tables(&self, outline: &Outline, out: &mut Vec<(At, Diagnostic)>) {
        if !self.on("table-header") {
            return;
        }
        for t in outline.tables.iter().filter(|t| !t.has_header_text) {
            out.push((
                At::Offset(t.offset),
                finding("table-header", "this table has no header row"),
            ));
        }
        let html: String = outline
            .html
            .iter()
            .map(|(_, h)| h.to_ascii_lowercase())
            .collect();
        if html.contains("<table") && !html.contains("<th") {
            let at = outline
                .html
                .iter()
                .find(|(_, h)| h.to_ascii_lowercase().contains("<table"))
                .map_or(0, |(o, _)| *o);
            out.push((
                At::Offset(at),
                finding("table-header", "this HTML table has no header cells (<th>)"),
            ));
        }
    }

    fn prose(&self, outline: &Outline, out: &mut Vec<(At, Diagnostic)>) {
        let mut blocks: Vec<_> = outline.blocks.iter().collect();
        blocks.sort_by_key(|b| b.offset);
        // Terms of a glossary (a definition list) are explained there, wherever it is.
        let glossary: HashSet<&str> = blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Term)
            .flat_map(|b| text::acronyms(&b.text).into_iter().map(|(_, a)| a))
            .collect();
        let mut acronyms_seen: HashSet<&str> = HashSet::new();
        // The page's text so far, where an acronym's words may have been written out.
        let mut earlier = String::new();
        for block in blocks {
            let text = block.text.as_str();
            let word_count = text::words(text).count();
            let capitals = text::mostly_capitals(text);
            if block.kind == BlockKind::Paragraph {
                if capitals && word_count >= self.caps_min_words && self.on("all-caps") {
                    out.push((
                        At::Offset(block.offset),
                        finding("all-caps", "this paragraph is in capital letters"),
                    ));
                }
                if self.on("sentence-length") {
                    for range in text::sentences(text) {
                        let sentence = &text[range.clone()];
                        let n = text::words(sentence).count();
                        if n > self.max_words {
                            let start =
                                range.start + (sentence.len() - sentence.trim_start().len());
                            out.push((
                                At::Offset(block.body_offset(start)),
                                finding(
                                    "sentence-length",
                                    format!(
                                        "this sentence has {n} words (at most {})",
                                        self.max_words
                                    ),
                                ),
                            ));
                        }
                    }
                }
                if self.on("reading-grade") && word_count >= self.grade_min_words {
                    let grade = text::grade(text);
                    if grade > self.max_grade {
                        out.push((
                            At::Offset(block.offset),
                            finding(
                                "reading-grade",
                                format!("this paragraph reads at grade {grade:.1} on the Flesch–Kincaid scale (at most {})", self.max_grade),
                            ),
                        ));
                    }
                }
            }
            if self.on("avoid-words") {
                for (at, word) in text::find_avoided(text, &self.avoid) {
                    out.push((
                        At::Offset(block.body_offset(at)),
                        finding(
                            "avoid-words",
                            format!("“{word}” is on GOV.UK's list of words to avoid"),
                        ),
                    ));
                }
            }
            if self.on("acronym") && !capitals && block.kind != BlockKind::Term {
                for (at, acronym) in text::acronyms(text) {
                    if self.acronyms_allowed.contains(acronym)
                        || glossary.contains(acronym)
                        || !acronyms_seen.insert(acronym)
                    {
                        continue;
                    }
                    let explained = text::spelled_out(text, at, acronym)
                        || text::expanded_in(&earlier, acronym)
                        || text::expanded_in(&text[..at], acronym);
                    if !explained {
                        out.push((
                            At::Offset(block.body_offset(at)),
                            finding("acronym", format!("“{acronym}” is not spelled out where it first appears on this page")),
                        ));
                    }
                }
            }
            earlier.push_str(text);
            earlier.push('\n');
        }
    }
}

/// The raw HTML of a body as one text, with where each piece of it is in the body, so
/// that a tag or a comment over several lines is read whole.
struct RawText {
    text: String,
    /// (offset in `text`, offset in the body) of each piece.
    segments: Vec<(usize, usize)>,
}

impl RawText {
    fn new(outline: &Outline) -> RawText {
        let mut raw = RawText {
            text: String::new(),
            segments: Vec::with_capacity(outline.html.len()),
        };
        for (offset, html) in &outline.html {
            raw.segments.push((raw.text.len(), *offset));
            raw.text.push_str(html);
        }
        raw
    }

    /// The body offset of a position in the text.
    fn body_offset(&self, at: usize) -> usize {
        let i = self.segments.partition_point(|(t, _)| *t <= at);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((t, b)) => b + (at - t),
            None => 0,
        }
    }
}

/// Why alternative text describes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placeholder {
    /// The image's file name, or a camera's (`IMG_1234`).
    FileName,
    /// A word that stands in for a description: “image”, “alt text”, “TODO”.
    Word,
    /// One abbreviation, such as “NHS”, which a screen reader may spell out.
    Abbreviation,
}

/// Words that stand in for a description when they are all the alternative text, also
/// with “a”, “an” or “the” before them, “of” after them, or a number.
const PLACEHOLDER_WORDS: &[&str] = &[
    "alt",
    "alt text",
    "alt tag",
    "alternative text",
    "description",
    "image",
    "img",
    "photo",
    "photograph",
    "picture",
    "pic",
    "placeholder",
    "graphic",
    "logo",
    "screenshot",
    "screen shot",
];

/// Notes of work left to do, alone or before a colon or a dash (“TODO: describe”).
const TO_DO: &[&str] = &["todo", "to do", "tbc", "tbd", "fixme"];

/// Name prefixes cameras and phones give photos (`IMG_1234`, `DSC0001`, `PXL_2023…`).
const CAMERA_PREFIXES: &[&str] = &["img", "dsc", "dscn", "dscf", "pxl", "pic"];

/// Whether alternative text describes nothing, and why not: it is only a file name (the
/// image's own, or a camera's), a placeholder word, or one abbreviation. A description
/// that only contains such words (“Kelbrook Council logo”) is one.
fn placeholder(alt: &str, dest: &str) -> Option<Placeholder> {
    let lower = alt.trim().to_lowercase();
    let file = crate::url::percent_decode(dest.rsplit('/').next().unwrap_or(dest)).to_lowercase();
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    let image_ext = [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"];
    let camera = CAMERA_PREFIXES.iter().any(|p| {
        lower.strip_prefix(p).is_some_and(|rest| {
            rest.chars().any(|c| c.is_ascii_digit())
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '_' | '-' | ' '))
        })
    });
    if (!file.is_empty() && (lower == file || lower == stem))
        || image_ext.iter().any(|e| lower.ends_with(e))
        || camera
    {
        return Some(Placeholder::FileName);
    }
    // Words alone, whatever the punctuation, quotes or separators around them.
    let spaced = lower.replace(['_', '-'], " ");
    // “image1”, “photo_02”: a number after the word.
    let spaced = match spaced.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ') {
        "" => spaced.as_str(),
        trimmed => trimmed,
    };
    let words: Vec<&str> = spaced
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut core: &[&str] = &words;
    if let [first, rest @ ..] = core
        && matches!(*first, "a" | "an" | "the")
    {
        core = rest;
    }
    while let [rest @ .., last] = core
        && (*last == "of" || last.chars().all(|c| c.is_ascii_digit()))
    {
        core = rest;
    }
    let core = core.join(" ");
    let joined = words.join(" ");
    let to_do = TO_DO.iter().any(|t| {
        joined == *t
            || [lower.as_str(), spaced].iter().any(|text| {
                text.strip_prefix(t)
                    .is_some_and(|rest| rest.trim_start().starts_with([':', '-', '–', '—']))
            })
    });
    if PLACEHOLDER_WORDS.contains(&core.as_str()) || to_do {
        return Some(Placeholder::Word);
    }
    let word = alt.trim().trim_matches(|c: char| !c.is_alphanumeric());
    let length = word.chars().count();
    if (2..=6).contains(&length)
        && word.chars().any(char::is_uppercase)
        && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return Some(Placeholder::Abbreviation);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{ParseOptions, parse_page};

    fn ids(body: &str) -> Vec<&'static str> {
        found(&format!("---\ntitle: Title\n---\n{body}"))
            .into_iter()
            .map(|(code, ..)| code)
            .collect()
    }

    /// (rule, line, column, message) of each finding in a file, whose body starts on
    /// line 4 when it has the front matter of [`ids`].
    fn found(text: &str) -> Vec<(&'static str, usize, usize, String)> {
        found_with(text, RawHtml::default())
    }

    fn found_with(text: &str, raw_html: RawHtml) -> Vec<(&'static str, usize, usize, String)> {
        let lints = Lints::new(&Checks::default(), &Mode::check(), raw_html).unwrap();
        let options = ParseOptions {
            taxonomies: &[],
            outline: lints.needs(),
            raw_html,
            limits: Default::default(),
        };
        let file = std::path::Path::new("a.md");
        let (page, outline, _) = parse_page(file, text, &options);
        lints
            .check_page(file, text, &page.unwrap().body, &outline)
            .into_iter()
            .map(|d| {
                let at = d.location.unwrap();
                (d.code, at.line, at.col, d.message)
            })
            .collect()
    }

    fn placed(text: &str) -> Vec<(&'static str, usize, usize)> {
        found(text)
            .into_iter()
            .map(|(code, line, col, _)| (code, line, col))
            .collect()
    }

    #[test]
    fn each_rule_fails_and_passes() {
        assert_eq!(ids("![](chart.png)"), ["image-alt"]);
        assert!(ids("![Visits rose by 40%](chart.png)").is_empty());
        assert_eq!(ids("![chart.png](chart.png)"), ["image-alt-filename"]);
        assert_eq!(ids("![IMG_1234](x.jpg)"), ["image-alt-filename"]);
        assert_eq!(
            ids(&format!("![{}](x.png)", "word ".repeat(40))),
            ["image-alt-length"]
        );
        assert_eq!(ids("<img src=\"x.png\">\n"), ["image-alt"]);
        assert_eq!(ids("<img src=\"x.png\" title=\"alt\">\n"), ["image-alt"]);
        assert!(ids("<img src=\"x.png\" alt>\n<img ALT='' src=y.png>\n").is_empty());
        assert_eq!(ids("![alt text](x.png)"), ["image-alt-filename"]);
        assert_eq!(ids("![NHS](x.png)"), ["image-alt-filename"]);
        assert!(ids("![Kelbrook Council logo](logo.png)").is_empty());
        assert_eq!(
            ids("<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n"),
            ["embed"]
        );
        assert!(ids("https://www.youtube.com/watch?v=abc\n").is_empty());
        assert_eq!(ids("## A\n\n#### B\n"), ["heading-order"]);
        assert_eq!(ids("### A\n"), ["heading-order"]);
        assert!(ids("## A\n\n### B\n\n## C\n").is_empty());
        assert_eq!(ids("## A\n\n# B\n"), ["heading-h1"]);
        assert_eq!(ids("## A\n\n##\n"), ["empty-heading"]);
        assert_eq!(ids("[](a.md)"), ["empty-link"]);
        assert!(
            ids("[![Logo of the partnership](logo.png)](a.md)").is_empty(),
            "an image's alt names the link"
        );
        assert_eq!(ids("[click here](a.md)"), ["link-text"]);
        assert_eq!(
            ids("[https://example.org](https://example.org)"),
            ["link-text"]
        );
        assert_eq!(
            ids("[the plan](a.md) and [the plan](b.md)"),
            ["link-text-duplicate"]
        );
        assert!(ids("[the plan](a.md) and [the plan](a.md)").is_empty());
        assert_eq!(ids("| | |\n|---|---|\n| 1 | 2 |\n"), ["table-header"]);
        assert_eq!(
            ids("<table><tr><td>1</td></tr></table>\n"),
            ["table-header"]
        );
        assert!(ids("| A | B |\n|---|---|\n| 1 | 2 |\n").is_empty());
        assert_eq!(
            ids("PLEASE READ THIS NOTICE ABOUT THE LIBRARY CAREFULLY."),
            ["all-caps"]
        );
        let long = format!("{}.", "word ".repeat(30).trim());
        assert_eq!(ids(&long), ["sentence-length"]);
        assert!(ids("We will help you. You can ask us.").is_empty());
        let hard = "Organisational transformation necessitates comprehensive multidisciplinary stakeholder engagement methodologies, incorporating sophisticated participatory evaluation frameworks. Consequently, institutional accountability mechanisms require substantial reconfiguration, notwithstanding considerable implementation complexities. Additionally, organisational governance arrangements necessitate continuous reassessment.";
        let hard = format!("{hard} {hard}");
        assert!(ids(&hard).contains(&"reading-grade"), "{:?}", ids(&hard));
        assert!(
            !ids(&hard[..200]).contains(&"reading-grade"),
            "short paragraphs are not graded"
        );
        assert_eq!(ids("We will leverage our data."), ["avoid-words"]);
        assert_eq!(ids("The CDO leads."), ["acronym"]);
        assert!(ids("The chief digital officer (CDO) leads. The CDO reports.").is_empty());
        assert!(
            ids("The NHS and the UK.").is_empty(),
            "well-known acronyms are allowed"
        );
    }

    #[test]
    fn placeholder_alt_text_is_told_from_a_description() {
        use Placeholder::*;
        let cases = [
            ("chart.png", "chart.png", FileName),
            ("Chart", "images/chart.png", FileName),
            ("IMG_1234", "x.jpg", FileName),
            ("DSC0001", "x.jpg", FileName),
            ("dscn_0042", "x.jpg", FileName),
            ("PXL_20230101_120000", "x.jpg", FileName),
            ("alt_text", "x.png", Word),
            ("Alt text", "x.png", Word),
            ("alt", "x.png", Word),
            ("ALT-TEXT", "x.png", Word),
            ("image", "x.png", Word),
            ("Image.", "x.png", Word),
            ("image1", "x.png", Word),
            ("img", "x.png", Word),
            ("photo", "x.png", Word),
            ("A photo", "x.png", Word),
            ("Picture", "x.png", Word),
            ("placeholder", "x.png", Word),
            ("graphic", "x.png", Word),
            ("Logo", "x.png", Word),
            ("the logo", "x.png", Word),
            ("screenshot", "x.png", Word),
            ("“Screenshot”", "x.png", Word),
            ("TODO", "x.png", Word),
            ("todo: describe the chart", "x.png", Word),
            ("TODO - add a description", "x.png", Word),
            ("To-do: describe", "x.png", Word),
            ("To do", "x.png", Word),
            ("TBC", "x.png", Word),
            ("tbd", "x.png", Word),
            ("Image of…", "x.png", Word),
            ("An image of", "x.png", Word),
            ("Photo 2 of 3", "x.png", Word),
            ("NHS", "x.png", Abbreviation),
            ("JPG", "x.png", Abbreviation),
            ("CTA", "x.png", Abbreviation),
            ("(KDIP)", "x.png", Abbreviation),
        ];
        for (alt, dest, kind) in cases {
            assert_eq!(placeholder(alt, dest), Some(kind), "{alt}");
        }
        for alt in [
            "Bar chart: visits rose",
            "Kelbrook Council logo",
            "Logo of the Kelbrook Digital Inclusion Partnership",
            "NHS logo",
            "Photo of the new library in Colne",
            "Image: a map of the ward",
            "Todo list pinned to the noticeboard",
            "Croeso i'n gwefan — ŵ ŷ",
            "Ŵyr a nain yn y llyfrgell 📚",
            "A",
            "Chart",
            "2024",
            "📷",
        ] {
            assert_eq!(placeholder(alt, "x.png"), None, "{alt}");
        }
    }

    #[test]
    fn placeholder_alt_text_is_reported_in_markdown_and_raw_html_with_its_kind() {
        let text = "---\ntitle: Title\n---\nCroeso i'n gwefan — ŵ ŷ 🎉 ![Image of…](x.png)\n\n![DSC0001](x.jpg)\n\n<p>ŵ <img src=\"team.jpg\" alt='NHS'> <IMG ALT=\"Placeholder\" src=a.png> <img alt=\"\" src=rule.png></p>\n\n![Kelbrook Council logo](logo.png) <img alt=\"Bar chart: visits rose\" src=chart.png>\n";
        let got = found(text);
        let placed: Vec<_> = got.iter().map(|(c, l, col, _)| (*c, *l, *col)).collect();
        assert_eq!(
            placed,
            [
                ("image-alt-filename", 4, 27),
                ("image-alt-filename", 6, 1),
                ("image-alt-filename", 8, 6),
                ("image-alt-filename", 8, 37),
            ]
        );
        assert!(
            got[0]
                .3
                .ends_with("“Image of…” is a placeholder, not a description")
        );
        assert!(got[1].3.ends_with("“DSC0001” is only a file name"));
        assert!(
            got[2]
                .3
                .ends_with("“NHS” is only an abbreviation, not a description")
        );
        assert!(
            got[3]
                .3
                .ends_with("“Placeholder” is a placeholder, not a description")
        );
    }

    #[test]
    fn frames_and_embeds_are_reported_with_their_site() {
        let text = "---\ntitle: Title\n---\nCroeso i'n gwefan — ŵ ŷ 🎉 <iframe width=560 SRC='https://www.youtube.com/embed/abc' title=\"Fideo ŵ\"></iframe> 🎬\n\n<IFRAME\n  title=\"Map\"\n  src=\"//maps.example.com/ward\">\n</IFRAME>\n\n<object data=\"https://docs.example.org/plan.pdf\"></object>\n<embed src=https://cdn.example.net/tour.swf>\n\n<video controls src=\"https://media.example.com/talk.mp4\"></video>\n";
        let got = found(text);
        let placed: Vec<_> = got.iter().map(|(c, l, col, _)| (*c, *l, *col)).collect();
        assert_eq!(
            placed,
            [
                ("embed", 4, 27),
                ("embed", 6, 1),
                ("embed", 11, 1),
                ("embed", 12, 1),
                ("embed", 14, 1),
            ]
        );
        assert_eq!(
            got[0].3,
            "`<iframe>` from www.youtube.com is not published: the sanitiser removes it, as frames and embeds from other sites break under a strict Content-Security-Policy and often have no fallback for keyboard and screen reader users"
        );
        assert!(got[1].3.starts_with("`<iframe>` from maps.example.com is"));
        assert!(got[2].3.starts_with("`<object>` from docs.example.org is"));
        assert!(got[3].3.starts_with("`<embed>` from cdn.example.net is"));
        assert!(got[4].3.starts_with("`<video>` from media.example.com is"));
        let allowed = found_with(text, RawHtml::Allow);
        assert!(
            allowed[0].3.starts_with(
                "`<iframe>` from www.youtube.com is published as written (`raw_html: allow`), but"
            ),
            "{}",
            allowed[0].3
        );
    }

    #[test]
    fn what_is_not_an_embed_from_another_site_is_not_reported() {
        for body in [
            // The renderer makes a link of a video address on its own line.
            "Watch the launch:\n\nhttps://www.youtube.com/watch?v=abc\n",
            "https://vimeo.com/123456\n",
            "<video controls src=\"talk.mp4\"></video>\n",
            "<audio controls src=\"/media/minutes.mp3\"></audio>\n",
            "<!-- <iframe src=\"https://www.youtube.com/embed/abc\"></iframe> -->\n",
            "<!--\n<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n-->\n",
            "Embed codes start with `<iframe src=\"https://a.example\">`.\n",
            "```html\n<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n```\n",
            "<p data-note=\"<iframe>\">An iframe, described.</p>\n",
        ] {
            assert!(ids(body).is_empty(), "{body}: {:?}", ids(body));
        }
    }

    #[test]
    fn a_second_top_level_heading_is_reported_where_it_is() {
        // The first `#` heading repeats the title and becomes it.
        let text =
            "---\ntitle: Croeso\n---\n# Croeso\n\nIntro — ŵ ŷ 🎉.\n\n## Section\n\n# Another\n";
        let got = found(text);
        assert_eq!(
            got.iter()
                .map(|(c, l, col, _)| (*c, *l, *col))
                .collect::<Vec<_>>(),
            [("heading-h1", 10, 1)]
        );
        assert!(
            got[0].3.starts_with("more than one top-level heading (#)"),
            "{}",
            got[0].3
        );
        // With no title in the front matter, the opening heading is the title.
        assert_eq!(
            placed("---\nsummary: S.\n---\n# Our plan\n\nText.\n\n# Next steps\n"),
            [("heading-h1", 8, 1)]
        );
        assert!(placed("---\nsummary: S.\n---\n# Our plan\n\nText.\n\n## Next steps\n").is_empty());
        assert!(placed("---\ntitle: Our plan\n---\n# Our plan\n\nText.\n").is_empty());
        // A `#` heading that is not the title is the body's own h1.
        let got = found("---\ntitle: Our plan\n---\n# Something else\n\nText.\n");
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1), ("heading-h1", 4));
        assert!(got[0].3.starts_with("a top-level heading (#) in the body"));
    }

    #[test]
    fn vague_link_text_is_placed_in_a_council_page() {
        let text = "---\ntitle: Blue badges\n---\nCroeso i'n gwefan — ŵ ŷ. To apply for a blue badge, [click here](apply.md).\n\nOur “Blue Badge” policy is “[here](policy.md)”. 📄 Or see [here.](policy.md)\n\n* [Read more…](more.md)\n* [“Click here”](form.md)\n* [Read the blue badge policy](policy.md)\n";
        assert_eq!(
            placed(text),
            [
                ("link-text", 4, 53),
                ("link-text", 6, 29),
                ("link-text", 6, 58),
                ("link-text", 8, 3),
                ("link-text", 9, 3),
            ]
        );
    }

    #[test]
    fn build_mode_outlines_nothing_by_default() {
        // Every source rule that is an error by default (image-alt, empty links…) runs in
        // a build; the plain-English ones only in `plainly check`.
        let lints = Lints::new(&Checks::default(), &Mode::build(), RawHtml::default()).unwrap();
        assert!(lints.on("image-alt") && !lints.on("sentence-length"));
    }
}
