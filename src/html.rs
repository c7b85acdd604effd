//! Raw HTML in Markdown: what a page may publish of it.
//!
//! Editors paste embed codes and snippets from other tools. By default (`markdown.raw_html:
//! sanitise`) a body that holds raw HTML is cleaned by `ammonia` against one allowlist:
//! structure, text and links stay; script, styles, frames, forms, event-handler and `style`
//! attributes and links other than http(s), mailto and tel go. `ammonia` does not say what
//! it removed, so [`findings`] reads each piece of raw HTML with the tokenizer `ammonia`
//! parses with (html5ever's) against the same allowlist, to warn at the line it was written
//! on. A leaf: it depends on nothing else in Plainly but [`crate::url`].

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use serde::{Deserialize, Serialize};

/// What a build does with raw HTML written in Markdown (`markdown.raw_html` in site.yaml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep what is on the allowlist, remove the rest and warn where it was.
    #[default]
    #[serde(alias = "sanitize")]
    Sanitise,
    /// Show raw HTML as text.
    Escape,
    /// Publish raw HTML as written: voids the promise that no page runs a script nobody
    /// wrote (for sites whose every author is trusted).
    Allow,
}

/// Tags raw HTML may use.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Tags removed with everything inside them.
const REMOVED_WITH_CONTENT: &[&str] = &["script", "style"];

/// Attributes any allowed tag may have.
const GENERIC_ATTRIBUTES: &[&str] = &[
    "class", "dir", "hidden", "id", "lang", "role", "tabindex", "title",
];

/// Attribute prefixes any allowed tag may use.
const GENERIC_PREFIXES: &[&str] = &["aria-"];

/// Attributes particular tags may have.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("bdo", &["dir"]),
    ("blockquote", &["cite"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    (
        "img",
        &["alt", "height", "src", "width", "loading", "decoding"],
    ),
    ("input", &["type", "checked", "disabled"]),
    ("ins", &["cite", "datetime"]),
    ("li", &["value"]),
    ("ol", &["start", "reversed", "type"]),
    ("q", &["cite"]),
    ("td", &["colspan", "rowspan", "headers", "style"]),
    (
        "th",
        &["colspan", "rowspan", "headers", "scope", "abbr", "style"],
    ),
    ("time", &["datetime"]),
];

/// The one CSS property a `style` attribute (on a table cell) may set: the alignment
/// the Markdown table syntax writes.
const STYLE_PROPERTIES: &[&str] = &["text-align"];

/// Attributes that hold an address.
fn is_url_attribute(attr: &str) -> bool {
    matches!(attr, "href" | "src" | "cite" | "xlink:href")
}

fn tag_allows(tag: &str, attr: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attr)
        || GENERIC_PREFIXES.iter().any(|p| attr.starts_with(p))
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attr))
}

/// Whether a heading may keep an attribute written in Markdown (`# Title {lang=cy}`).
pub fn heading_allows(attr: &str, value: &str) -> bool {
    let attr = attr.to_ascii_lowercase();
    tag_allows("h2", &attr) && value_allowed("h2", &attr, value)
}

/// Whether an allowed attribute's value is kept: an `input` is only ever a checkbox (a
/// task list's).
fn value_allowed(tag: &str, attr: &str, value: &str) -> bool {
    !(tag == "input" && attr == "type" && !value.eq_ignore_ascii_case("checkbox"))
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .generic_attribute_prefixes(GENERIC_PREFIXES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(t, attrs)| (*t, attrs.iter().copied().collect()))
                .collect(),
        )
        .url_schemes(crate::url::ALLOWED_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
        .attribute_filter(|tag, attr, value| value_allowed(tag, attr, value).then(|| value.into()));
    b
});

/// The HTML of a body, with everything off the allowlist removed.
pub fn sanitise(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Something [`sanitise`] removes from a piece of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 0-based line within the piece.
    pub line: usize,
    pub message: String,
    /// The HTML cannot be published at all (it nests too deep to be parsed in bounded
    /// time), rather than published with something removed.
    pub fatal: bool,
}

/// How deep raw HTML elements may nest: what browsers build, and past which parsing
/// takes time that grows with the square of the depth.
pub const MAX_DEPTH: usize = 512;

/// Elements that never hold others, or that the next one like them closes: they do not
/// add to the depth.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
];

/// What [`sanitise`] would remove from a piece of raw HTML, line by line. At most `cap`
/// findings are returned: a pasted page of markup needs its first few pointed out, not all.
/// `depth` is how deep the body's elements are open before the piece, and after it.
pub fn findings(html: &str, cap: usize, depth: &mut usize) -> Vec<Finding> {
    let sink = Sink {
        found: RefCell::new(Vec::new()),
        cap,
        depth: std::cell::Cell::new(*depth),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    *depth = tokenizer.sink.depth.get();
    tokenizer.sink.found.into_inner()
}

struct Sink {
    found: RefCell<Vec<Finding>>,
    cap: usize,
    depth: std::cell::Cell<usize>,
}

impl Sink {
    fn push(&self, line: u64, message: String) {
        self.add(line, message, false);
    }

    fn add(&self, line: u64, message: String, fatal: bool) {
        let mut found = self.found.borrow_mut();
        if found.len() < self.cap || fatal {
            found.push(Finding {
                line: usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX),
                message,
                fatal,
            });
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let name: &str = &tag.name;
        // `<div/>` opens a div in HTML: only the elements listed never nest.
        let flat = FLAT.contains(&name);
        if tag.kind != TagKind::StartTag {
            if !flat {
                self.depth.set(self.depth.get().saturating_sub(1));
            }
            return TokenSinkResult::Continue;
        }
        if !flat {
            let depth = self.depth.get() + 1;
            self.depth.set(depth);
            if depth == MAX_DEPTH + 1 {
                self.add(
                    line,
                    format!("raw HTML nests more than {MAX_DEPTH} elements inside each other here"),
                    true,
                );
            }
        }
        if REMOVED_WITH_CONTENT.contains(&name) {
            self.push(line, format!("`<{name}>` and its content are removed"));
            // What follows is the element's text, not markup.
            return TokenSinkResult::RawData(if name == "script" {
                html5ever::tokenizer::states::RawKind::ScriptData
            } else {
                html5ever::tokenizer::states::RawKind::Rawtext
            });
        }
        if !TAGS.contains(&name) {
            self.push(
                line,
                format!("`<{name}>` is removed (what is inside it is kept)"),
            );
            return TokenSinkResult::Continue;
        }
        let mut seen = HashSet::new();
        for attr in &tag.attrs {
            let attr_name: &str = &attr.name.local;
            if !seen.insert(attr_name.to_string()) {
                continue;
            }
            let value: &str = &attr.value;
            if !tag_allows(name, attr_name) || !value_allowed(name, attr_name, value) {
                self.push(
                    line,
                    format!("the `{attr_name}` attribute of `<{name}>` is removed"),
                );
            } else if is_url_attribute(attr_name) {
                if let Some(scheme) = crate::url::scheme(value)
                    && !crate::url::scheme_allowed(&scheme)
                {
                    self.push(
                        line,
                        format!(
                            "the `{attr_name}` of `<{name}>` is removed: `{scheme}:` addresses are not published"
                        ),
                    );
                }
            } else if attr_name == "style" {
                let other = value
                    .split(';')
                    .filter_map(|d| d.split_once(':').map(|(p, _)| p.trim()).or(Some(d.trim())))
                    .filter(|p| !p.is_empty())
                    .find(|p| !STYLE_PROPERTIES.iter().any(|s| p.eq_ignore_ascii_case(s)));
                if let Some(property) = other {
                    self.push(
                        line,
                        format!("the `{property}` style of `<{name}>` is removed"),
                    );
                }
            }
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_styles_frames_handlers_and_bad_schemes_are_removed() {
        let html = "<p>Hi</p><script>alert(1)</script><img alt=\"x\" src=x onerror=alert(2)>\
            <div style=\"color:red\">red</div><a href=\"javascript:alert(3)\">js</a>\
            <iframe src=\"https://example.com\">frame</iframe><style>p{}</style>\
            <form action=\"/x\"><input type=\"text\"></form>";
        let clean = sanitise(html);
        for gone in [
            "script",
            "alert",
            "onerror",
            "style",
            "color",
            "javascript",
            "iframe",
            "form",
            "text",
        ] {
            assert!(!clean.contains(gone), "{gone} left in {clean}");
        }
        for kept in ["<p>Hi</p>", "alt=\"x\"", ">red</div>", ">js</a>", "frame"] {
            assert!(clean.contains(kept), "{kept} missing from {clean}");
        }
    }

    #[test]
    fn structure_links_and_task_lists_are_kept() {
        let html = "<details open><summary>More</summary><p id=\"a\" class=\"b\" aria-label=\"c\">\
            <a href=\"https://example.gov.uk/\">x</a> <a href=\"../page/\">y</a> \
            <a href=\"mailto:a@b.c\">z</a></p></details>\
            <ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\"> done</li></ul>\
            <table><tr><th style=\"text-align: right\">n</th></tr></table>";
        let clean = sanitise(html);
        for kept in [
            "<details open=\"\">",
            "id=\"a\"",
            "class=\"b\"",
            "aria-label=\"c\"",
            "href=\"https://example.gov.uk/\"",
            "href=\"../page/\"",
            "href=\"mailto:a@b.c\"",
            "type=\"checkbox\"",
            "text-align",
        ] {
            assert!(clean.contains(kept), "{kept} missing from {clean}");
        }
        assert!(!clean.contains("rel="), "{clean}");
    }

    #[test]
    fn findings_name_what_goes_and_the_line() {
        let found = findings(
            "<div>\n<script>alert(1)</script>\n<img src=x\n onerror=alert(2)>\n<a href=\" JavaScript:x\">a</a>\n<th style=\"text-align:left;color:red\">",
            10,
            &mut 0,
        );
        let lines: Vec<_> = found.iter().map(|f| (f.line, f.message.as_str())).collect();
        assert_eq!(
            lines,
            [
                (1, "`<script>` and its content are removed"),
                (3, "the `onerror` attribute of `<img>` is removed"),
                (
                    4,
                    "the `href` of `<a>` is removed: `javascript:` addresses are not published"
                ),
                (5, "the `color` style of `<th>` is removed"),
            ]
        );
        assert!(findings("<p class=x>fine <b>bold</b></p><!-- note -->", 10, &mut 0).is_empty());
        assert_eq!(
            findings("<iframe></iframe>".repeat(50).as_str(), 3, &mut 0).len(),
            3
        );
    }

    #[test]
    fn nesting_is_counted_across_pieces_and_only_for_elements_that_nest() {
        let mut depth = 0;
        assert!(findings(&"<div>".repeat(MAX_DEPTH), 3, &mut depth).is_empty());
        assert_eq!(depth, MAX_DEPTH);
        let deeper = findings("<span><b>", 3, &mut depth);
        assert!(deeper.len() == 1 && deeper[0].fatal, "{deeper:?}");
        let mut depth = 0;
        assert!(findings(&"<div/>".repeat(MAX_DEPTH + 1), 3, &mut depth)[0].fatal);
        let mut depth = 0;
        let flat = "<p>a<br><li>b<img src=x></div>".repeat(2 * MAX_DEPTH);
        assert!(findings(&flat, 3, &mut depth).is_empty());
        assert_eq!(depth, 0);
    }
}
