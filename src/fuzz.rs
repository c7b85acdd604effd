//! Properties every parser entry keeps, whatever its input: one function per entry, each
//! panicking when a property fails. `tests/fuzz/` drives them with proptest from a
//! committed corpus under `cargo test`; `fuzz/` runs the same functions under
//! cargo-fuzz for long runs.
//!
//! The properties: no panic; an error points inside its input; no script, event
//! handler, frame or `javascript:` address in any HTML made; paths stay inside their
//! root; the same input gives the same output.

use std::cell::RefCell;
use std::path::{Component, Path};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::diag::Diagnostic;

/// Lines in a text, as diagnostics count them (one more for a position at its end).
fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

/// An error's position, when it has one, lies inside `text`.
fn assert_located_in(d: &Diagnostic, text: &str) {
    if let Some(at) = d.location {
        assert!(
            at.line >= 1 && at.line <= line_count(text) + 1 && at.col >= 1,
            "{} points at {}:{} outside its input of {} lines",
            d.message,
            at.line,
            at.col,
            line_count(text)
        );
    }
}

/// A Markdown page as read from disk: front matter split, YAML, body scan, raw HTML
/// findings, then every source rule of `plainly check` (alternative text, headings,
/// links, tables, embeds in raw HTML, plain English). Never panics; every problem points
/// inside the page.
pub fn page(text: &str) {
    let text = crate::config::normalise_text(text);
    let taxonomies = ["tags".to_string(), "themes".to_string()];
    let lints = crate::check::source::Lints::new(
        &crate::rules::Checks::default(),
        &crate::rules::Mode::check(),
        crate::html::RawHtml::Sanitise,
    )
    .expect("check runs source rules");
    for needs in [crate::markdown::OutlineNeeds::None, lints.needs()] {
        let options = crate::content::ParseOptions {
            taxonomies: &taxonomies,
            outline: needs,
            raw_html: crate::html::RawHtml::Sanitise,
            limits: Default::default(),
        };
        let (page, outline, diags) = crate::content::parse_page(Path::new("a.md"), &text, &options);
        for d in &diags {
            assert_located_in(d, &text);
        }
        if let Some(page) = page.filter(|_| needs != crate::markdown::OutlineNeeds::None) {
            for d in lints.check_page(Path::new("content/a.md"), &text, &page.body, &outline) {
                assert_located_in(&d, &text);
            }
        }
    }
}

/// `site.yaml`: typed YAML with unknown keys located. Never panics; errors point inside.
pub fn config_yaml(text: &str) {
    // As `load_config` reads it: line endings normalised first.
    let text = &crate::config::normalise_text(text);
    let source = crate::yaml::Source::file(Path::new("site.yaml"), text);
    match crate::yaml::parse::<crate::config::RawConfig>(&source) {
        Ok((_, unknown)) => {
            for key in unknown {
                assert!(key.location.line <= line_count(text) + 1);
            }
        }
        Err(d) => assert_located_in(&d, text),
    }
}

/// A data file: free-form YAML. Never panics; errors point inside.
pub fn data_yaml(text: &str) {
    let text = &crate::config::normalise_text(text);
    let source = crate::yaml::Source::file(Path::new("data/x.yaml"), text);
    if let Err(d) = crate::yaml::parse_value(&source) {
        assert_located_in(&d, text);
    }
}

/// A body rendered as a page is: links rewritten, ids prefixed, raw HTML sanitised. The
/// HTML holds nothing that can run, and is the same every time.
pub fn markdown(body: &str) {
    // Other tools' syntax is rewritten line for line: every position keeps its line.
    let source = crate::markdown::source_text(body);
    assert_eq!(
        source.split('\n').count(),
        body.split('\n').count(),
        "source_text changed the number of lines of {body:?}"
    );
    let scanned = crate::markdown::scan(body, Some("Title"));
    let mut links = std::collections::BTreeMap::new();
    for (i, r) in scanned.references.iter().enumerate() {
        let action = if i % 2 == 0 {
            crate::markdown::LinkAction::Rewrite(format!("/page-{i}/"))
        } else {
            crate::markdown::LinkAction::Unlink
        };
        links.insert(r.dest.clone(), action);
        assert!(r.location.line >= 1 && r.location.line <= line_count(body) + 1);
    }
    let mut ids = std::collections::HashSet::new();
    for h in &scanned.headings {
        assert!(ids.insert(h.id.clone()), "heading id {} given twice", h.id);
    }
    let options = crate::markdown::RenderOptions {
        links: std::borrow::Cow::Owned(crate::fingerprint::Hashed::new(
            links.into_iter().collect(),
        )),
        id_prefix: "c1-".into(),
        heading_offset: 1,
        numbering: Some(crate::markdown::Numbering { chapter: Some(2) }),
        heading_anchors: true,
        drops_leading_heading: scanned.drops_leading_heading,
        ..Default::default()
    };
    let (html, headings) = crate::markdown::render_with_headings(body, &options);
    assert_inert(&html);
    // A page's contents are made from the headings its rendering finds: they are the
    // headings the scan found, whatever the prefix, offset and numbering.
    let plain_headings = |hs: &[crate::markdown::Heading]| -> Vec<(u8, String, String)> {
        hs.iter()
            .map(|h| (h.level, h.id.clone(), h.title.clone()))
            .collect()
    };
    assert_eq!(
        plain_headings(&headings),
        plain_headings(&scanned.headings),
        "rendering found other headings than the scan of {body:?}"
    );
    assert_eq!(
        html,
        crate::markdown::render(body, &options),
        "not deterministic"
    );
    // Unchanged destinations are kept as written: a body with only plain links renders
    // them, and none with an unpublished scheme.
    let plain = crate::markdown::render(body, &crate::markdown::RenderOptions::default());
    assert_inert(&plain);
}

/// Raw HTML through the sanitiser holds nothing that can run.
pub fn sanitise(html: &str) {
    let clean = crate::html::sanitise(html);
    assert_inert(&clean);
    let _ = crate::html::findings(html, 20, &mut 0);
}

/// An alias, slug or term as a site path: a normalised path is relative, of plain
/// segments, and stays inside the output folder.
pub fn site_path(text: &str) {
    if let Ok(path) = crate::url::normalise_site_path(text) {
        for segment in path.trim_matches('/').split('/').filter(|s| !s.is_empty()) {
            assert!(
                crate::url::segment_problem(segment).is_none(),
                "{text:?} gave the segment {segment:?}"
            );
        }
        let file = crate::url::html_path(&path);
        assert!(
            file.components().all(|c| matches!(c, Component::Normal(_))),
            "{text:?} gave the file {file:?}"
        );
    }
    let slug = crate::slug::slugify(text);
    assert!(
        slug.chars().all(|c| c.is_alphanumeric() || c == '-'),
        "slug {slug:?}"
    );
    let term = crate::content::term_slug(text);
    assert!(!term.is_empty() && !term.contains(['/', '\\', '.']));
}

/// A request path to the preview server: what it serves lies inside the output folder.
pub fn server_path(output: &Path, request: &str) {
    let root = output.canonicalize().expect("the output folder exists");
    match crate::serve::http::resolve(output, "/", request) {
        crate::serve::http::Resolved::File(file) => {
            assert!(file.starts_with(&root), "{request:?} served {file:?}")
        }
        crate::serve::http::Resolved::Redirect(to) => {
            assert!(to.starts_with('/'), "{request:?} redirected to {to:?}")
        }
        crate::serve::http::Resolved::NotFound => {}
    }
    let _ = crate::serve::http::parse_head(request.as_bytes());
}

/// Fails when HTML holds a script, a frame, a style or form element, an event handler,
/// a style attribute (other than a table cell's alignment) or an address with an
/// unpublished scheme. Independent of the sanitiser's allowlist: a deny list.
pub fn assert_inert(html: &str) {
    struct Check(RefCell<Vec<String>>);
    impl TokenSink for Check {
        type Handle = ();
        fn process_token(&self, token: Token, _: u64) -> TokenSinkResult<()> {
            let Token::TagToken(tag) = token else {
                return TokenSinkResult::Continue;
            };
            let name: &str = &tag.name;
            if tag.kind == TagKind::StartTag
                && matches!(
                    name,
                    "script"
                        | "iframe"
                        | "frame"
                        | "object"
                        | "embed"
                        | "style"
                        | "form"
                        | "base"
                        | "meta"
                        | "link"
                        | "svg"
                        | "math"
                        | "template"
                )
            {
                self.0.borrow_mut().push(format!("<{name}>"));
            }
            for attr in &tag.attrs {
                let attr_name = attr.name.local.to_string().to_ascii_lowercase();
                let value: &str = &attr.value;
                if attr_name.starts_with("on") {
                    self.0
                        .borrow_mut()
                        .push(format!("{attr_name}= on <{name}>"));
                }
                if attr_name == "style"
                    && !(matches!(name, "th" | "td")
                        && value
                            .split(';')
                            .filter(|d| !d.trim().is_empty())
                            .all(|d| d.trim().starts_with("text-align")))
                {
                    self.0
                        .borrow_mut()
                        .push(format!("style={value:?} on <{name}>"));
                }
                if matches!(
                    attr_name.as_str(),
                    "href" | "src" | "action" | "formaction" | "cite"
                ) && let Some(problem) = crate::url::address_problem(value)
                {
                    self.0
                        .borrow_mut()
                        .push(format!("{attr_name}={value:?}: {problem}"));
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Check(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let found = tokenizer.sink.0.into_inner();
    assert!(found.is_empty(), "{found:?} in:\n{html}");
}
