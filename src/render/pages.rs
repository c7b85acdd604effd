//! Each file of the output made from a template, in two steps: *prepare* gathers
//! everything the file is made from into a [`Prepared`] (the template, the exact context
//! it is rendered with, the Markdown bodies to render into it), and *render* makes the
//! file from that alone. A file's fingerprint is the hash of its `Prepared`, so it covers
//! whatever a context holds, by construction: a new template variable cannot be left out
//! of the fingerprint, because the fingerprint is made of the context itself.
//!
//! Also here: the files made without a template (a redirect, the sitemap).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use tera::Context;

use super::statement::{StatementView, statement_view};
use super::templates::{Templates, UiStrings, template_error};
use super::view::{self, LinkView, PageView, SiteViews, SummaryView, TaxonomyView, TocEntry};
use crate::compact::SortedMap;
use crate::config::{Accessibility, Config, Contact};
use crate::content::{BodyScan, PageMeta, read_body};
use crate::diag::Diagnostic;
use crate::fingerprint::{Fingerprint, Hashed};
use crate::markdown::{self, Labels, LinkAction, RenderOptions};
use crate::site::{Alias, Page, PageBody, PageKind, Section, SectionId, Site, Taxonomy, Term};

/// The template a page renders with: its `template:` key, or one by its kind.
pub fn template_name<'a>(site: &Site, page: &'a Page) -> Cow<'a, str> {
    if let Some(t) = page.meta.as_ref().and_then(|s| s.front.template.as_ref())
        && !t.as_str().is_empty()
    {
        return Cow::Borrowed(t.as_str());
    }
    Cow::Borrowed(match page.kind {
        PageKind::Home => "index.html",
        PageKind::Section(s) if site.section(s).publication => "publication.html",
        PageKind::Section(_) => "section.html",
        PageKind::Page if page.chapter.is_some() => "chapter.html",
        PageKind::Page => "page.html",
    })
}

pub(crate) fn labels(strings: &UiStrings, lang: &str) -> Labels {
    let d = Labels::default();
    Labels {
        footnotes_heading: strings
            .get_or(lang, "footnotes", &d.footnotes_heading)
            .to_string(),
        footnote: strings.get_or(lang, "footnote", &d.footnote).to_string(),
        back_to_reference: strings
            .get_or(lang, "back_to_reference", &d.back_to_reference)
            .to_string(),
        link_to_section: strings
            .get_or(lang, "link_to_section", &d.link_to_section)
            .to_string(),
        table: strings.get_or(lang, "table", &d.table).to_string(),
        callouts: [
            ("callout_note", &d.callouts[0]),
            ("callout_tip", &d.callouts[1]),
            ("callout_important", &d.callouts[2]),
            ("callout_warning", &d.callouts[3]),
            ("callout_caution", &d.callouts[4]),
        ]
        .map(|(key, default)| strings.get_or(lang, key, default).to_string()),
        video_link: strings
            .get_or(lang, "video_link", &d.video_link)
            .to_string(),
    }
}

/// A value many files share (a publication's contents), made once per build: its
/// template value, and its fingerprint, which is what a file's fingerprint takes of it.
pub struct Shared {
    pub value: tera::Value,
    pub print: u64,
}

impl Shared {
    pub fn new<T: Serialize>(value: &T) -> Shared {
        Shared {
            value: tera::Value::from_serializable(value),
            print: Fingerprint::new().value(value).finish(),
        }
    }
}

impl Serialize for Shared {
    /// A shared value is fingerprinted once; files that use it take its fingerprint.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.print)
    }
}

/// Where a rendered body goes in its context.
#[derive(Debug, Clone, Copy, Serialize)]
enum Slot {
    /// `page.content` or `section.content`.
    Content,
    /// `chapters[i].content` of a single-page view.
    Chapter(usize),
}

/// A Markdown body to render into a context, with everything its HTML depends on.
#[derive(Serialize)]
struct BodyJob<'a> {
    #[serde(skip)]
    meta: &'a PageMeta,
    #[serde(skip)]
    scan: &'a BodyScan,
    /// The text the body is rendered from, as read.
    content_hash: u64,
    body_start: usize,
    options: RenderOptions<'a>,
    slot: Slot,
}

impl<'a> BodyJob<'a> {
    fn new(meta: &'a PageMeta, body: &'a PageBody, options: RenderOptions<'a>, slot: Slot) -> Self {
        BodyJob {
            meta,
            scan: &body.scan,
            content_hash: body.scan.content_hash,
            body_start: body.scan.body_start,
            options,
            slot,
        }
    }

    /// The body's HTML, and the contents its headings make.
    fn render(&self, root: &Path) -> Result<(String, Vec<TocEntry>), Diagnostic> {
        let text = read_body(root, self.meta, self.scan)?;
        let (html, headings) = markdown::render_with_headings(&text, &self.options);
        Ok((html, view::toc(&headings, self.options.numbering)))
    }
}

/// `page` or `section` (by the page's kind), `lang` and `current_path`.
#[derive(Serialize)]
struct PageContext<'a> {
    #[serde(flatten)]
    view: Keyed<'a>,
    lang: &'a str,
    current_path: &'a str,
}

/// A page's view under the name templates know it by.
#[derive(Serialize)]
enum Keyed<'a> {
    #[serde(rename = "page")]
    Page(Box<PageView<'a>>),
    #[serde(rename = "section")]
    Section(Box<PageView<'a>>),
}

/// A chapter as the single-page view of a publication shows it.
#[derive(Serialize)]
struct SingleChapter {
    title: String,
    /// The chapter's language, which its title and body are in.
    lang: String,
    number: usize,
    /// The id of the chapter's heading on the single page.
    anchor: String,
    url: String,
    summary: Option<String>,
    content: String,
}

#[derive(Serialize)]
struct SingleContext<'a> {
    section: Box<PageView<'a>>,
    chapters: Vec<SingleChapter>,
    lang: &'a str,
    current_path: &'a str,
}

#[derive(Serialize)]
struct TermContext<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    pages: Vec<&'a Hashed<SummaryView>>,
}

#[derive(Serialize)]
struct TaxonomyContext<'a> {
    taxonomy: &'a TaxonomyView<'a>,
    taxonomy_title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    term: Option<TermContext<'a>>,
    page: serde_json::Value,
    lang: &'a str,
    current_path: &'a str,
}

#[derive(Serialize)]
struct NotFoundContext<'a> {
    page: serde_json::Value,
    lang: &'a str,
    current_path: &'a str,
}

#[derive(Serialize)]
struct StatementContext<'a> {
    statement: &'a Accessibility,
    report_problem: &'a Contact,
    #[serde(flatten)]
    view: StatementView<'a>,
    page: serde_json::Value,
    lang: &'a str,
    current_path: &'a str,
}

#[derive(Serialize)]
struct AssetContext<'a> {
    lang: &'a str,
}

/// The context of one file, with its rendered bodies not yet in it.
#[derive(Serialize)]
enum Local<'a> {
    Page(PageContext<'a>),
    Single(SingleContext<'a>),
    Taxonomy(TaxonomyContext<'a>),
    NotFound(NotFoundContext<'a>),
    Statement(StatementContext<'a>),
    Asset(AssetContext<'a>),
}

/// One file made from a template, ready to render: everything it is made from.
#[derive(Serialize)]
pub struct Prepared<'a> {
    template: Cow<'a, str>,
    context: Local<'a>,
    /// Values inserted as they are, shared with other files.
    shared: Vec<(&'static str, &'a Shared)>,
    bodies: Vec<BodyJob<'a>>,
    /// For messages: what was being rendered.
    #[serde(skip)]
    note: Option<Note<'a>>,
}

/// What a file was made from, for messages about it.
enum Note<'a> {
    Page(&'a Path),
    SinglePage(&'a Path),
}

impl std::fmt::Display for Note<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::Page(p) => write!(f, "while rendering {}", p.display()),
            Note::SinglePage(p) => {
                write!(f, "while rendering the single-page view of {}", p.display())
            }
        }
    }
}

impl Prepared<'_> {
    /// The fingerprint of everything the file is made from (the global context and the
    /// templates aside, which every file shares).
    pub fn print(&self) -> u64 {
        Fingerprint::new().value(self).finish()
    }

    /// Makes the file: renders the bodies into the context, then the template.
    pub fn render(self, root: &Path, templates: &Templates) -> Result<Vec<u8>, Diagnostic> {
        let Prepared {
            template,
            mut context,
            shared,
            bodies,
            note,
        } = self;
        let with_note = |d: Diagnostic| match &note {
            Some(n) => d.with_note(n.to_string()),
            None => d,
        };
        let mut size = 8 * 1024;
        for job in &bodies {
            let (html, toc) = job.render(root)?;
            size += html.len();
            match (&mut context, job.slot) {
                (Local::Page(c), Slot::Content) => match &mut c.view {
                    Keyed::Page(v) | Keyed::Section(v) => {
                        v.content = html;
                        v.toc = toc;
                    }
                },
                (Local::Single(c), Slot::Content) => {
                    c.section.content = html;
                    c.section.toc = toc;
                }
                (Local::Single(c), Slot::Chapter(i)) => {
                    if let Some(chapter) = c.chapters.get_mut(i) {
                        chapter.content = html;
                    }
                }
                _ => {}
            }
        }
        let made = match &context {
            Local::Page(c) => Context::from_serialize(c),
            Local::Single(c) => Context::from_serialize(c),
            Local::Taxonomy(c) => Context::from_serialize(c),
            Local::NotFound(c) => Context::from_serialize(c),
            Local::Statement(c) => Context::from_serialize(c),
            Local::Asset(c) => Context::from_serialize(c),
        };
        let mut tera_context =
            made.map_err(|e| with_note(template_error(&e, &templates.files, &templates.sources)))?;
        for (key, value) in shared {
            tera_context.insert_value(key, value.value.clone());
        }
        let mut out = Vec::with_capacity(size);
        templates
            .tera
            .render_to(&template, &tera_context, &mut out)
            .map_err(|e| with_note(template_error(&e, &templates.files, &templates.sources)))?;
        Ok(out)
    }
}

/// What every prepare step reads besides its own arguments.
pub struct Scope<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub views: &'a SiteViews,
    pub strings: &'a UiStrings,
    /// The renderer's own words, by language.
    pub labels: &'a HashMap<String, Hashed<Labels>>,
    /// Each publication's `publication` value, by section.
    pub publications: &'a HashMap<SectionId, Shared>,
}

/// How a page's body is rendered on its own page.
fn body_options<'a>(scope: &Scope<'a>, page: &Page, body: &'a PageBody) -> RenderOptions<'a> {
    RenderOptions {
        drops_leading_heading: body.scan.drops_leading_heading,
        links: Cow::Borrowed(&body.links),
        labels: match scope.labels.get(&page.lang) {
            Some(l) => Cow::Borrowed(l),
            None => Cow::Owned(Hashed::new(labels(scope.strings, &page.lang))),
        },
        id_prefix: String::new(),
        heading_offset: 0,
        numbering: scope.site.numbering(page),
        heading_anchors: true,
        raw_html: scope.config.raw_html,
    }
}

/// A page through its template, with its own body.
pub(crate) fn prepare_page<'a>(
    scope: &Scope<'a>,
    page: &'a Page,
    body: Option<&'a PageBody>,
) -> Prepared<'a> {
    let (config, site) = (scope.config, scope.site);
    let view = Box::new(view::page_view(
        config,
        site,
        scope.views,
        page,
        body,
        String::new(),
    ));
    let view = match page.kind {
        PageKind::Page => Keyed::Page(view),
        _ => Keyed::Section(view),
    };
    let mut shared = Vec::new();
    if let Some(p) = site
        .publication_of(page)
        .and_then(|s| scope.publications.get(&s))
    {
        shared.push(("publication", p));
    }
    let bodies = match (&page.meta, body) {
        (Some(meta), Some(body)) => vec![BodyJob::new(
            meta,
            body,
            body_options(scope, page, body),
            Slot::Content,
        )],
        _ => Vec::new(),
    };
    Prepared {
        template: template_name(site, page),
        context: Local::Page(PageContext {
            view,
            lang: &page.lang,
            current_path: &page.path,
        }),
        shared,
        bodies,
        note: page.file().map(Note::Page),
    }
}

/// A publication's cover and every chapter on one page, to read, print or save as PDF.
/// Ids get a prefix per chapter (`c2-aims`), chapter headings move down a level under
/// the chapter's title (below h6 with `aria-level`, so no two levels merge), and links between chapters become links within the page.
/// `bodies` holds the cover's body, then each chapter's, in the section's order.
pub(crate) fn prepare_single_page<'a>(
    scope: &Scope<'a>,
    section: &'a Section,
    bodies: &[Option<&'a PageBody>],
) -> Prepared<'a> {
    let (config, site) = (scope.config, scope.site);
    let cover = site.page(section.page);
    let chapter_of: HashMap<String, usize> = section
        .pages
        .iter()
        .filter_map(|id| {
            let p = site.page(*id);
            p.chapter.map(|n| (config.base_url.url(&p.path), n))
        })
        .collect();
    let local = |links: &SortedMap<String, LinkAction>| {
        links
            .iter()
            .map(|(dest, action)| {
                let action = match action {
                    LinkAction::Rewrite(url) => {
                        let (base, fragment) = match url.split_once('#') {
                            Some((b, f)) => (b, Some(f)),
                            None => (url.as_str(), None),
                        };
                        match (chapter_of.get(base), fragment) {
                            (Some(n), Some(f)) => LinkAction::Rewrite(format!("#c{n}-{f}")),
                            (Some(n), None) => LinkAction::Rewrite(format!("#chapter-{n}")),
                            (None, _) => action.clone(),
                        }
                    }
                    other => other.clone(),
                };
                (dest.clone(), action)
            })
            .collect::<SortedMap<_, _>>()
    };
    let body_of = |i: usize| bodies.get(i).copied().flatten();
    let mut jobs = Vec::new();
    if let (Some(meta), Some(body)) = (&cover.meta, body_of(0)) {
        let options = RenderOptions {
            links: Cow::Owned(Hashed::new(local(&body.links))),
            id_prefix: "intro-".into(),
            ..body_options(scope, cover, body)
        };
        jobs.push(BodyJob::new(meta, body, options, Slot::Content));
    }
    let mut chapters = Vec::new();
    for (i, id) in section.pages.iter().enumerate() {
        let page = site.page(*id);
        let number = page.chapter.unwrap_or(0);
        if let (Some(meta), Some(body)) = (&page.meta, body_of(i + 1)) {
            let options = RenderOptions {
                links: Cow::Owned(Hashed::new(local(&body.links))),
                id_prefix: format!("c{number}-"),
                heading_offset: 1,
                ..body_options(scope, page, body)
            };
            jobs.push(BodyJob::new(meta, body, options, Slot::Chapter(i)));
        }
        chapters.push(SingleChapter {
            title: page.title.clone(),
            lang: page.lang.clone(),
            number,
            anchor: format!("chapter-{number}"),
            url: config.base_url.url(&page.path),
            summary: page
                .meta
                .as_ref()
                .and_then(|s| s.front.summary.as_ref())
                .map(|s| s.0.to_string()),
            content: String::new(),
        });
    }
    let mut shared = Vec::new();
    if let Some(p) = scope.publications.get(&section.id) {
        shared.push(("publication", p));
    }
    Prepared {
        template: Cow::Borrowed("publication-single.html"),
        context: Local::Single(SingleContext {
            section: Box::new(view::page_view(
                config,
                site,
                scope.views,
                cover,
                body_of(0),
                String::new(),
            )),
            chapters,
            lang: &cover.lang,
            current_path: section.single_page.as_deref().unwrap_or_default(),
        }),
        shared,
        bodies: jobs,
        note: cover.file().map(Note::SinglePage),
    }
}

/// A taxonomy's page (`term` is `None`) or one of its terms' pages.
pub(crate) fn prepare_taxonomy<'a>(
    scope: &Scope<'a>,
    taxonomy: &'a Taxonomy,
    taxonomy_view: &'a TaxonomyView<'a>,
    term: Option<&'a Term>,
) -> Prepared<'a> {
    let (config, site) = (scope.config, scope.site);
    let home = view::link(config, site, site.section(SectionId(0)).page);
    let (template, title, path, ancestors) = match term {
        None => (
            "taxonomy.html",
            taxonomy_view.title.as_str(),
            taxonomy.path.as_str(),
            vec![home],
        ),
        Some(t) => {
            let taxonomy_link = LinkView {
                title: taxonomy_view.title.clone(),
                url: config.base_url.url(&taxonomy.path),
                chapter: None,
                lang: config.language.clone(),
            };
            (
                "term.html",
                t.name.as_str(),
                t.path.as_str(),
                vec![home, taxonomy_link],
            )
        }
    };
    let term = term.map(|t| TermContext {
        name: &t.name,
        slug: &t.slug,
        url: config.base_url.url(&t.path),
        pages: t.pages.iter().map(|id| scope.views.summary(*id)).collect(),
    });
    Prepared {
        template: Cow::Borrowed(template),
        context: Local::Taxonomy(TaxonomyContext {
            taxonomy: taxonomy_view,
            taxonomy_title: &taxonomy_view.title,
            term,
            page: simple_page(config, title, path, ancestors),
            lang: &config.language,
            current_path: path,
        }),
        shared: Vec::new(),
        bodies: Vec::new(),
        note: None,
    }
}

pub(crate) fn prepare_not_found<'a>(scope: &Scope<'a>) -> Prepared<'a> {
    let config = scope.config;
    let lang = &config.language;
    let title = scope
        .strings
        .get_or(lang, "not_found_title", "Page not found");
    Prepared {
        template: Cow::Borrowed("404.html"),
        context: Local::NotFound(NotFoundContext {
            page: simple_page(config, title, "404.html", Vec::new()),
            lang,
            current_path: "404.html",
        }),
        shared: Vec::new(),
        bodies: Vec::new(),
        note: None,
    }
}

/// The accessibility statement, from `accessibility:` in site.yaml.
pub(crate) fn prepare_statement<'a>(
    scope: &Scope<'a>,
    statement: &'a Accessibility,
) -> Prepared<'a> {
    let (config, site) = (scope.config, scope.site);
    let lang = &config.language;
    let title = format!(
        "{} {}",
        scope.strings.get_or(
            lang,
            "accessibility_statement_for",
            "Accessibility statement for"
        ),
        config.title
    );
    let path = site.accessibility.as_deref().unwrap_or_default();
    let home = view::link(config, site, site.section(SectionId(0)).page);
    Prepared {
        template: Cow::Borrowed("accessibility.html"),
        context: Local::Statement(StatementContext {
            statement,
            report_problem: statement
                .report_problem
                .as_ref()
                .unwrap_or(&statement.accessible_formats),
            view: statement_view(config, statement),
            page: simple_page(config, &title, path, vec![home]),
            lang,
            current_path: path,
        }),
        shared: Vec::new(),
        bodies: Vec::new(),
        note: None,
    }
}

/// A template under `assets/`, such as a style sheet.
pub(crate) fn prepare_asset<'a>(scope: &Scope<'a>, name: &str) -> Prepared<'a> {
    Prepared {
        template: Cow::Owned(name.to_string()),
        context: Local::Asset(AssetContext {
            lang: &scope.config.language,
        }),
        shared: Vec::new(),
        bodies: Vec::new(),
        note: None,
    }
}

/// The `page` of a generated page (taxonomy, term, 404): the same shape as a content
/// page's, so that the frame template needs no special cases.
pub(crate) fn simple_page(
    config: &Config,
    title: &str,
    path: &str,
    ancestors: Vec<LinkView>,
) -> serde_json::Value {
    serde_json::json!({
        "title": title,
        "summary": null,
        "date": null,
        "updated": null,
        "review_date": null,
        "draft": false,
        "weight": null,
        "status": null,
        "consultation": null,
        "owner": null,
        "version": null,
        "lang": config.language,
        "image": null,
        "image_alt": null,
        "translation_of": null,
        "extra": null,
        "url": config.base_url.url(path),
        "permalink": config.base_url.permalink(path),
        "source": null,
        "kind": "generated",
        "content": "",
        "toc": [],
        "word_count": 0,
        "reading_minutes": 0,
        "ancestors": ancestors,
        "prev": null,
        "next": null,
        "chapter": null,
        "taxonomies": {},
        "show_toc": null,
        "numbered_headings": false,
        "pages": [],
        "subsections": [],
    })
}

/// A page at an old address that sends readers on to the new one.
pub(crate) fn redirect_page(
    config: &Config,
    site: &Site,
    strings: &UiStrings,
    alias: &Alias,
) -> Vec<u8> {
    let target = site.page(alias.target);
    let lang = &target.lang;
    let url = config.base_url.url(&target.path);
    let esc = markdown::escape;
    let moved = strings.get_or(lang, "redirect_heading", "This page has moved");
    let go = strings.get_or(lang, "redirect_link", "Go to");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<main>\n<h1>{moved}</h1>\n<p><a href=\"{url}\">{go} {title}</a></p>\n</main>\n</body>\n</html>\n",
        lang = esc(lang),
        title = esc(&target.title),
        canonical = esc(&config.base_url.permalink(&target.path)),
        url = esc(&url),
        moved = esc(moved),
        go = esc(go),
    )
    .into_bytes()
}

/// What the sitemap lists: every page's and taxonomy page's path, with the day it was
/// last changed (year, month, day) where the page says.
pub(crate) type SitemapEntries<'a> = BTreeMap<&'a str, Option<(i32, u8, u8)>>;

pub(crate) fn sitemap_entries(site: &Site) -> SitemapEntries<'_> {
    let mut entries = SitemapEntries::new();
    for page in &site.pages {
        let lastmod = page.meta.as_ref().and_then(|s| {
            s.front
                .updated
                .as_ref()
                .or(s.front.date.as_ref())
                .map(|d| (d.year, d.month, d.day))
        });
        entries.insert(&page.path, lastmod);
    }
    for t in &site.taxonomies {
        entries.insert(&t.path, None);
        for term in &t.terms {
            entries.insert(&term.path, None);
        }
    }
    entries
}

/// The sitemap, from its entries and where the site is published alone.
pub(crate) fn sitemap(config: &Config, entries: &SitemapEntries) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in entries {
        let loc = crate::url::encode_path(&config.base_url.permalink(path));
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&markdown::escape(&loc));
        xml.push_str("</loc>\n");
        if let Some((y, m, d)) = lastmod {
            xml.push_str(&format!("    <lastmod>{y:04}-{m:02}-{d:02}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}
