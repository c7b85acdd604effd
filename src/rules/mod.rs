//! Every rule `plainly check` applies: its stable id, default severity, what it catches,
//! why (the WCAG success criterion or style guidance behind it), how to fix it, and the
//! options a site can set; how a site sets them ([`settings`]); and how a run applies
//! them ([`Mode`]). A leaf of the build: it reads no site, only settings.
//!
//! `docs/checks.md` is the reference page for users; a test keeps the two in step.

pub mod settings;

pub use settings::{Checks, Mode, active, finding, settle, today};

use crate::diag::Severity;

/// What a rule looks at, as the reference page groups rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Links,
    /// Accessibility in a page's Markdown.
    Accessibility,
    PlainEnglish,
    Content,
    Brand,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Links,
        Group::Accessibility,
        Group::PlainEnglish,
        Group::Content,
        Group::Brand,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Links => "Links",
            Group::Accessibility => "Accessibility in the source",
            Group::PlainEnglish => "Plain English",
            Group::Content => "Content",
            Group::Brand => "Brand",
        }
    }

    /// Whether the rules read a page's Markdown (and run as pages are loaded).
    pub fn reads_markdown(self) -> bool {
        matches!(self, Group::Accessibility | Group::PlainEnglish)
    }
}

impl Rule {
    /// Whether the rule reads a page's text, and runs as pages are loaded.
    pub fn reads_source(&self) -> bool {
        self.group.reads_markdown() || self.id == "placeholder"
    }
}

/// A check.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    pub group: Group,
    pub severity: Severity,
    /// What it catches.
    pub what: &'static str,
    /// The success criterion or guidance it comes from.
    pub why: &'static str,
    pub fix: &'static str,
    /// Options a site may set in `checks:`, with their defaults, as written in YAML.
    pub options: &'static [(&'static str, &'static str)],
}

use Group::{Accessibility, Brand, Content, Links, PlainEnglish};
use Severity::{Error, Warning};

/// Every rule, grouped as the reference page groups them.
pub const RULES: &[Rule] = &[
    // Links.
    Rule {
        id: "broken-link",
        group: Links,
        severity: Error,
        what: "A link to a page that does not exist (a Markdown file, a folder, or an address on the site).",
        why: "WCAG 2.2 success criterion 2.4.4 Link Purpose; a link that leads nowhere fails every reader.",
        fix: "Correct the file name; links are relative to the folder of the page they are in.",
        options: &[],
    },
    Rule {
        id: "broken-anchor",
        group: Links,
        severity: Error,
        what: "A link to a `#section` that is not a heading or anchor on the page it points to.",
        why: "WCAG 2.4.4 Link Purpose.",
        fix: "Use the heading's anchor: its text in lower case with hyphens, such as #the-digital-board.",
        options: &[],
    },
    Rule {
        id: "missing-image",
        group: Links,
        severity: Error,
        what: "An image whose file does not exist.",
        why: "WCAG 1.1.1 Non-text Content: a missing image leaves a gap with no content.",
        fix: "Correct the path, or put the image beside the page or in static/.",
        options: &[],
    },
    Rule {
        id: "missing-file",
        group: Links,
        severity: Error,
        what: "A link to a file (a PDF, a spreadsheet) that does not exist.",
        why: "WCAG 2.4.4 Link Purpose.",
        fix: "Correct the path, or put the file beside the page or in static/.",
        options: &[],
    },
    Rule {
        id: "draft-link",
        group: Links,
        severity: Warning,
        what: "A link to a page marked `draft: true`, which is not published; the link text is kept without the link.",
        why: "Readers would meet a link to a page that does not exist.",
        fix: "Publish the page (remove `draft: true`) or remove the link.",
        options: &[],
    },
    Rule {
        id: "external-link",
        group: Links,
        severity: Warning,
        what: "With --external: a link to another site that does not answer, answers with an error (4xx or 5xx), redirects in a loop or more than 10 times, or redirects to anything but http(s). Redirects are followed one at a time; an address on a private or local network is not asked unless `allow_private: true`.",
        why: "WCAG 2.4.4 Link Purpose.",
        fix: "Update the address, or link to an archived copy.",
        options: &[
            ("timeout_seconds", "10"),
            ("concurrency", "8"),
            ("allow_private", "false"),
        ],
    },
    // Accessibility in the source.
    Rule {
        id: "image-alt",
        group: Accessibility,
        severity: Error,
        what: "An image with no alternative text.",
        why: "WCAG 1.1.1 Non-text Content (level A).",
        fix: "Describe what the image shows or means: ![Bar chart: visits rose from 10% to 40%](chart.png).",
        options: &[],
    },
    Rule {
        id: "image-alt-filename",
        group: Accessibility,
        severity: Warning,
        what: "Alternative text that describes nothing: only the image's file name or a camera's (`chart.png`, `IMG_1234`), a placeholder such as “image”, “alt text”, “photo”, “logo”, “screenshot”, “image of…” or “TODO”, or one abbreviation (“NHS”).",
        why: "WCAG 1.1.1 Non-text Content: a file name or a placeholder says nothing of the image, and a screen reader may spell an abbreviation out letter by letter.",
        fix: "Describe what the image shows or means: “Kelbrook Council logo”, “Bar chart: visits rose from 10% to 40%”.",
        options: &[],
    },
    Rule {
        id: "image-alt-length",
        group: Accessibility,
        severity: Warning,
        what: "Alternative text longer than a screen reader user can take in at once (150 characters).",
        why: "WCAG 1.1.1 Non-text Content; long descriptions belong in the text or a table.",
        fix: "Keep the alternative text short and put the detail in the page, for example as a table of the figures.",
        options: &[("max_chars", "150")],
    },
    Rule {
        id: "heading-order",
        group: Accessibility,
        severity: Warning,
        what: "A heading that skips a level (an h4 straight after an h2), or a page whose first heading is not a second-level heading (##).",
        why: "WCAG 1.3.1 Info and Relationships; screen reader users move around a page by its headings.",
        fix: "Use the next level down: ## for sections, ### inside them.",
        options: &[],
    },
    Rule {
        id: "heading-h1",
        group: Accessibility,
        severity: Warning,
        what: "A top-level heading (# Heading) in the page body: the page title is already the only h1.",
        why: "WCAG 1.3.1 Info and Relationships; GOV.UK guidance: one h1 per page.",
        fix: "Use ## for sections of the page.",
        options: &[],
    },
    Rule {
        id: "empty-heading",
        group: Accessibility,
        severity: Error,
        what: "A heading with no text.",
        why: "WCAG 2.4.6 Headings and Labels.",
        fix: "Give the heading text, or remove it.",
        options: &[],
    },
    Rule {
        id: "empty-link",
        group: Accessibility,
        severity: Error,
        what: "A link with no text (and no image with alternative text inside it).",
        why: "WCAG 2.4.4 Link Purpose and 4.1.2 Name, Role, Value: the link has no name.",
        fix: "Write link text that says where the link goes.",
        options: &[],
    },
    Rule {
        id: "link-text",
        group: Accessibility,
        severity: Warning,
        what: "Link text that says nothing out of context: “click here”, “here”, “read more”, “more”, “link”, or a bare web address.",
        why: "WCAG 2.4.4 Link Purpose; screen reader users often list a page's links on their own.",
        fix: "Say where the link goes: “read the digital inclusion plan”.",
        options: &[("phrases", "[]")],
    },
    Rule {
        id: "link-text-duplicate",
        group: Accessibility,
        severity: Warning,
        what: "The same link text on one page leading to different places.",
        why: "WCAG 2.4.4 Link Purpose and 3.2.4 Consistent Identification.",
        fix: "Make each link's text name its own destination.",
        options: &[],
    },
    Rule {
        id: "leftover-template",
        group: PlainEnglish,
        severity: Warning,
        what: "Syntax of another tool published as text outside code: template tags ({% … %}, {{ … }}, Hugo's {{< … >}}) of Jekyll/Liquid, Nunjucks or Hugo, and lines starting with :::, {: or !!! that Plainly does not read.",
        why: "Residents see the markup instead of what it stood for; Plainly never runs template code in a page.",
        fix: "Replace it with Markdown (a link, a list, a callout such as > [!NOTE]), or remove it; put it in `code` if it is meant to be shown.",
        options: &[],
    },
    Rule {
        id: "table-header",
        group: Accessibility,
        severity: Error,
        what: "A table with no header row (a Markdown table whose header cells are all empty, or an HTML table with no <th>).",
        why: "WCAG 1.3.1 Info and Relationships: screen readers announce each cell with its header.",
        fix: "Give the first row of the table a heading for each column.",
        options: &[],
    },
    Rule {
        id: "all-caps",
        group: Accessibility,
        severity: Warning,
        what: "A paragraph written in capital letters.",
        why: "GOV.UK style: capitals are harder to read; some screen readers read them letter by letter.",
        fix: "Write in sentence case; use bold for emphasis.",
        options: &[("min_words", "4")],
    },
    Rule {
        id: "embed",
        group: Accessibility,
        severity: Warning,
        what: "Raw HTML that embeds content: an `<iframe>`, `<embed>` or `<object>`, or a `<video>` or `<audio>` whose `src` is on another site. The sanitiser does not publish frames and embeds: those from other sites break under a strict Content-Security-Policy and often have no fallback for keyboard and screen reader users. A YouTube or Vimeo address on a line of its own is not reported: it is published as a link.",
        why: "WCAG 2.1.1 Keyboard and 4.1.2 Name, Role, Value: a player from another site often fails them, and readers whose browser does not load it get nothing in its place.",
        fix: "Link to it instead; a YouTube or Vimeo address on its own line becomes a link to the video.",
        options: &[],
    },
    // Plain English.
    Rule {
        id: "sentence-length",
        group: PlainEnglish,
        severity: Warning,
        what: "A sentence longer than 25 words.",
        why: "GOV.UK style: keep sentences to 25 words or fewer; long sentences are hard to follow.",
        fix: "Split it into two or more sentences.",
        options: &[("max_words", "25")],
    },
    Rule {
        id: "reading-grade",
        group: PlainEnglish,
        severity: Warning,
        what: "A paragraph (of 40 words or more) whose Flesch–Kincaid grade is above 10, about a reading age of 15.",
        why: "GOV.UK aims for a reading age of 9; policy text that stays at grade 10 or below can be read by most adults. Plain English helps everyone, including people with cognitive impairments (WCAG 3.1.5 Reading Level, AAA).",
        fix: "Use shorter sentences and everyday words.",
        options: &[("max_grade", "10"), ("min_words", "40")],
    },
    Rule {
        id: "avoid-words",
        group: PlainEnglish,
        severity: Warning,
        what: "Words from GOV.UK's words to avoid, such as “leverage”, “going forward”, “facilitate”, “utilise”.",
        why: "GOV.UK style guide: words to avoid, which are vague or jargon.",
        fix: "Say what you mean: “use” not “leverage”, “from now on” not “going forward”.",
        options: &[("words", "[]"), ("allow", "[]")],
    },
    Rule {
        id: "acronym",
        group: PlainEnglish,
        severity: Warning,
        what: "An acronym not spelled out where it first appears on a page, such as CDO with no “chief digital officer (CDO)”. Words in full earlier on the page count, as do terms of a glossary (a definition list); GOV.UK and other dotted names, HM and Roman numerals (Part II) are not acronyms.",
        why: "GOV.UK style: spell out acronyms the first time; WCAG 3.1.4 Abbreviations (AAA).",
        fix: "Write the words in full the first time, with the acronym in brackets: “chief digital officer (CDO)”.",
        options: &[(
            "allow",
            "[UK, EU, NHS, PDF, BBC, TV, OK, ID, CV, GP, MP, VAT]",
        )],
    },
    // Content.
    Rule {
        id: "placeholder",
        group: Content,
        severity: Warning,
        what: "Text marked `TODO` in a page (its front matter or its text, outside code) or in site.yaml (its values or its comments): a placeholder left to fill in, such as those `plainly init` writes.",
        why: "A placeholder published says nothing to a resident, and a statement or contact left as one can break the law it is there to meet.",
        fix: "Write what the placeholder asks for and remove the word `TODO`; `plainly check --strict` fails while any is left, so a deploy that runs it first never publishes one.",
        options: &[],
    },
    Rule {
        id: "missing-summary",
        group: Content,
        severity: Warning,
        what: "A page with no `summary` in its front matter.",
        why: "Summaries are shown in lists and search results, and tell readers whether a page is for them.",
        fix: "Add `summary:` with one or two sentences.",
        options: &[],
    },
    Rule {
        id: "review-overdue",
        group: Content,
        severity: Warning,
        what: "A page whose `review_date` has passed (an error with --strict).",
        why: "Out-of-date strategies mislead residents; councils commit to reviewing what they publish.",
        fix: "Review the page and set a new review_date.",
        options: &[],
    },
    Rule {
        id: "review-due",
        group: Content,
        severity: Warning,
        what: "A page whose `review_date` is within 30 days.",
        why: "A reminder to review the page in time.",
        fix: "Review the page and set a new review_date.",
        options: &[("days", "30")],
    },
    Rule {
        id: "consultation-closed",
        group: Content,
        severity: Warning,
        what: "A page whose consultation has closed while its `status` is still `consultation`.",
        why: "Residents would be told they can still respond.",
        fix: "Change `status` to adopted (or another status), or correct `consultation.closes`.",
        options: &[],
    },
    Rule {
        id: "duplicate-title",
        group: Content,
        severity: Warning,
        what: "Two pages with the same title.",
        why: "WCAG 2.4.2 Page Titled: titles tell pages apart in tabs, history and search results.",
        fix: "Give each page a title of its own.",
        options: &[],
    },
    Rule {
        id: "duplicate-url",
        group: Content,
        severity: Error,
        what: "Two files that would be published at the same address.",
        why: "One would overwrite the other.",
        fix: "Rename one, or set `slug:` in its front matter.",
        options: &[],
    },
    Rule {
        id: "unknown-key",
        group: Content,
        severity: Warning,
        what: "A front matter key, or a UI string in site.yaml, that Plainly does not know.",
        why: "Most are typos, whose value is then silently not used.",
        fix: "Correct the key (the message names the closest one), or put your own values under `extra:`.",
        options: &[],
    },
    // Brand.
    Rule {
        id: "brand-contrast",
        group: Brand,
        severity: Error,
        what: "A brand colour below the contrast the theme needs where it uses it.",
        why: "WCAG 1.4.3 Contrast (Minimum) and 1.4.11 Non-text Contrast.",
        fix: "Use the shade the message suggests, or a darker colour.",
        options: &[],
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The reference page of every rule, as `docs/checks.md` holds it.
pub fn reference() -> String {
    let mut out = String::from(
        "# Checks\n\n\
        `plainly check` applies every rule below and reports each finding with its rule id, \
        severity, file, line and column, and how to fix it. `plainly build` applies the rules \
        that are errors, and fails on them.\n\n\
        Turn a rule off, change its severity or set its options in `site.yaml`:\n\n\
        ```yaml\nchecks:\n  all-caps: off\n  link-text: error\n  sentence-length: { max_words: 30 }\n```\n\n\
        A page can ignore rules for itself in its front matter: \
        `checks: { ignore: [sentence-length] }`.\n\n\
        This page is generated from the rules themselves (`src/rules/mod.rs`); a test keeps \
        it up to date.\n",
    );
    for group in Group::ALL {
        out.push_str(&format!("\n## {}\n", group.title()));
        for r in RULES.iter().filter(|r| r.group == group) {
            out.push_str(&format!("\n### `{}`\n\n", r.id));
            out.push_str(&format!("- **Severity:** {}\n", r.severity.as_str()));
            out.push_str(&format!("- **Catches:** {}\n", r.what));
            out.push_str(&format!("- **Why:** {}\n", r.why));
            out.push_str(&format!("- **Fix:** {}\n", r.fix));
            if !r.options.is_empty() {
                let options: Vec<String> = r
                    .options
                    .iter()
                    .map(|(k, v)| format!("`{k}` (default `{v}`)"))
                    .collect();
                out.push_str(&format!("- **Options:** {}\n", options.join(", ")));
            }
            out.push_str(&format!("- **Turn off:** `checks: {{ {}: off }}` in site.yaml, or `checks: {{ ignore: [{}] }}` in a page\n", r.id, r.id));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_page_lists_every_rule_and_is_up_to_date() {
        let page = reference();
        for r in RULES {
            assert!(
                page.contains(&format!("### `{}`", r.id)),
                "{} is not on the reference page",
                r.id
            );
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/checks.md");
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &page).unwrap();
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == page,
            "docs/checks.md is out of date: run `UPDATE_DOCS=1 cargo test reference_page` and commit it"
        );
    }

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
        for id in ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{id}"
            );
        }
    }
}
