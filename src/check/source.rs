//! Checks on a page's Markdown: accessibility (alternative text, headings, link text,
//! table headers, capitals) and plain English (sentence length, reading grade, words to
//! avoid, acronyms). They read the scan of the body and its outline, after the page is
//! loaded and while its text is at hand; only the findings are kept.

use std::collections::{HashMap, HashSet};

use super::text;
use crate::content::BodyScan;
use crate::diag::{Diagnostic, LineIndex, Location, SHOWN_PER_KIND, Severity, repeats_note};
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
    /// The source rules active in this mode; `None` when there are none (the common case
    /// of a build), so that pages are not outlined at all.
    pub fn new(checks: &Checks, mode: &Mode) -> Option<Lints> {
        let on: HashSet<&'static str> = RULES
            .iter()
            .filter(|r| r.group.reads_markdown() && active(checks, mode, r.id).is_some())
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
        self.images(scanned, outline, &mut out);
        self.headings(scanned, &mut out);
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

    fn images(&self, scanned: &BodyScan, outline: &Outline, out: &mut Vec<(At, Diagnostic)>) {
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
            if self.on("image-alt-filename") && is_file_name(alt, &r.dest) {
                out.push((
                    at,
                    finding(
                        "image-alt-filename",
                        format!("the alternative text “{alt}” is only a file name"),
                    ),
                ));
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
        if self.on("image-alt") {
            for (offset, html) in &outline.html {
                let lower = html.to_ascii_lowercase();
                for (i, _) in lower.match_indices("<img") {
                    let tag = &lower[i..lower[i..].find('>').map_or(lower.len(), |e| i + e)];
                    if !tag.contains(" alt=") && !tag.contains(" alt ") && !tag.ends_with(" alt") {
                        out.push((
                            At::Offset(*offset),
                            finding("image-alt", "this <img> has no alt attribute"),
                        ));
                    }
                }
            }
        }
    }

    fn headings(&self, scanned: &BodyScan, out: &mut Vec<(At, Diagnostic)>) {
        let mut previous = 1u8;
        for h in &scanned.headings {
            let at = At::Place(Location {
                line: h.line,
                col: 1,
            });
            if h.title.trim().is_empty() && self.on("empty-heading") {
                out.push((at, finding("empty-heading", "this heading has no text")));
            }
            if h.level == 1 {
                if self.on("heading-h1") {
                    out.push((
                        at,
                        finding("heading-h1", "a top-level heading (#) in the body; the page title is already the page's h1"),
                    ));
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

/// Whether alternative text is only a file name: the image's own, or a camera's.
fn is_file_name(alt: &str, dest: &str) -> bool {
    let alt = alt.to_lowercase();
    let file = crate::url::percent_decode(dest.rsplit('/').next().unwrap_or(dest)).to_lowercase();
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    let image_ext = [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"];
    alt == file
        || alt == stem
        || image_ext.iter().any(|e| alt.ends_with(e))
        || ["img", "image", "dsc", "photo", "screenshot", "pic"]
            .iter()
            .any(|p| {
                alt.strip_prefix(p).is_some_and(|rest| {
                    rest.trim_start_matches(['_', '-', ' '])
                        .chars()
                        .all(|c| c.is_ascii_digit())
                })
            })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{ParseOptions, parse_page};

    fn ids(body: &str) -> Vec<&'static str> {
        let lints = Lints::new(&Checks::default(), &Mode::check()).unwrap();
        let text = format!("---\ntitle: Title\n---\n{body}");
        let options = ParseOptions {
            taxonomies: &[],
            outline: lints.needs(),
            raw_html: Default::default(),
            limits: Default::default(),
        };
        let (page, outline, _) = parse_page(std::path::Path::new("a.md"), &text, &options);
        lints
            .check(&page.unwrap().body, &outline)
            .into_iter()
            .map(|(_, d)| d.code)
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
    fn build_mode_outlines_nothing_by_default() {
        // Every source rule that is an error by default (image-alt, empty links…) runs in
        // a build; the plain-English ones only in `plainly check`.
        let lints = Lints::new(&Checks::default(), &Mode::build()).unwrap();
        assert!(lints.on("image-alt") && !lints.on("sentence-length"));
    }
}
