//! Rendering one file of the output: a page through its template, a taxonomy or term
//! page, the single-page view of a publication, the accessibility statement, the 404
//! page, a redirect, the sitemap, or a template under `assets/`.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use tera::Context;

use super::templates::{Templates, UiStrings, template_error};
use super::view;
use crate::config::Config;
use crate::content::read_body;
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::markdown::{self, Labels, RenderOptions};
use crate::site::{Page, PageKind, SectionId, Site};

/// The template a page renders with: its `template:` key, or one by its kind.
pub fn template_name(site: &Site, page: &Page) -> String {
    if let Some(t) = page.source.as_ref().and_then(|s| s.front.template.as_ref())
        && !t.as_str().is_empty()
    {
        return t.as_str().to_string();
    }
    match page.kind {
        PageKind::Home => "index.html",
        PageKind::Section(s) if site.section(s).publication => "publication.html",
        PageKind::Section(_) => "section.html",
        PageKind::Page if page.chapter.is_some() => "chapter.html",
        PageKind::Page => "page.html",
    }
    .to_string()
}

/// `strategy/vision/` → `strategy/vision/index.html`; `old.html` stays.
pub fn html_path(path: &str) -> PathBuf {
    if path.ends_with(".html") || path.ends_with(".htm") {
        PathBuf::from(path)
    } else {
        PathBuf::from(path).join("index.html")
    }
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
    }
}

/// How a page's body is rendered on its own page.
pub(crate) fn body_options(site: &Site, templates: &Templates, page: &Page) -> RenderOptions {
    RenderOptions {
        drops_leading_h1: page
            .source
            .as_ref()
            .is_some_and(|s| s.scanned.drops_leading_h1),
        links: page.links.clone(),
        labels: labels(&templates.strings, &page.lang),
        numbering: site.numbering(page),
        heading_anchors: true,
        ..RenderOptions::default()
    }
}

pub(crate) fn render_page(
    config: &Config,
    site: &Site,
    templates: &Templates,
    publications: &HashMap<SectionId, tera::Value>,
    page: &Page,
) -> Result<Vec<u8>, Diagnostic> {
    let content = match &page.source {
        Some(source) => {
            let body = read_body(config, source)?;
            markdown::render(&body, &body_options(site, templates, page))
        }
        None => String::new(),
    };
    let view = view::page_view(config, site, page, content);
    let mut context = Context::new();
    let key = match page.kind {
        PageKind::Page => "page",
        _ => "section",
    };
    context.insert(key, &view);
    context.insert("lang", &page.lang);
    context.insert("current_path", &page.path);
    if let Some(p) = site.publication_of(page).and_then(|s| publications.get(&s)) {
        context.insert_value("publication", p.clone());
    }
    let name = template_name(site, page);
    let mut out = Vec::with_capacity(view.content.len() + 8 * 1024);
    templates
        .tera
        .render_to(&name, &context, &mut out)
        .map_err(|e| {
            let mut d = template_error(&e, &templates.files, &templates.sources);
            if let Some(f) = page.file() {
                d = d.with_note(format!("while rendering {}", f.display()));
            }
            d
        })?;
    Ok(out)
}

pub(crate) fn render_taxonomy(
    config: &Config,
    site: &Site,
    templates: &Templates,
    taxonomy: &crate::site::Taxonomy,
    taxonomy_view: &view::TaxonomyView,
    term: Option<&crate::site::Term>,
) -> Result<Vec<u8>, Diagnostic> {
    let lang = &config.language;
    let taxonomy_title = taxonomy_view.title.clone();
    let home = view::link(config, site, site.section(SectionId(0)).page);
    let taxonomy_link = view::LinkView {
        title: taxonomy_title.clone(),
        url: config.base_url.url(&taxonomy.path),
        chapter: None,
    };
    let mut context = Context::new();
    let (name, title, path, ancestors) = match term {
        None => (
            "taxonomy.html",
            taxonomy_title.clone(),
            &taxonomy.path,
            vec![home],
        ),
        Some(t) => (
            "term.html",
            t.name.clone(),
            &t.path,
            vec![home, taxonomy_link],
        ),
    };
    context.insert("taxonomy", taxonomy_view);
    context.insert("taxonomy_title", &taxonomy_title);
    if let Some(t) = term {
        let pages: Vec<view::SummaryView> = t
            .pages
            .iter()
            .map(|id| view::summary(config, site, *id))
            .collect();
        context.insert(
            "term",
            &serde_json::json!({
                "name": t.name,
                "slug": t.slug,
                "url": config.base_url.url(&t.path),
                "pages": pages,
            }),
        );
    }
    context.insert("page", &simple_page(config, &title, path, ancestors));
    context.insert("lang", lang);
    context.insert("current_path", path);
    render_template(templates, name, &context)
}

pub(crate) fn render_not_found(
    config: &Config,
    templates: &Templates,
) -> Result<Vec<u8>, Diagnostic> {
    let lang = &config.language;
    let title = templates
        .strings
        .get_or(lang, "not_found_title", "Page not found");
    let mut context = Context::new();
    context.insert("page", &simple_page(config, title, "404.html", Vec::new()));
    context.insert("lang", lang);
    context.insert("current_path", "404.html");
    let mut out = Vec::new();
    templates
        .tera
        .render_to("404.html", &context, &mut out)
        .map_err(|e| template_error(&e, &templates.files, &templates.sources))?;
    Ok(out)
}

/// The `page` of a generated page (taxonomy, term, 404): the same shape as a content
/// page's, so that the frame template needs no special cases.
pub(crate) fn simple_page(
    config: &Config,
    title: &str,
    path: &str,
    ancestors: Vec<view::LinkView>,
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
    templates: &Templates,
    alias: &crate::site::Alias,
) -> Vec<u8> {
    let target = site.page(alias.target);
    let lang = &target.lang;
    let url = config.base_url.url(&target.path);
    let esc = markdown::escape;
    let moved = templates
        .strings
        .get_or(lang, "redirect_heading", "This page has moved");
    let go = templates.strings.get_or(lang, "redirect_link", "Go to");
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

pub(crate) fn sitemap(config: &Config, site: &Site) -> Vec<u8> {
    let mut entries: BTreeMap<String, Option<String>> = BTreeMap::new();
    for page in &site.pages {
        let lastmod = page.source.as_ref().and_then(|s| {
            s.front
                .updated
                .as_ref()
                .or(s.front.date.as_ref())
                .map(Date::iso_date)
        });
        entries.insert(page.path.clone(), lastmod);
    }
    for t in &site.taxonomies {
        entries.insert(t.path.clone(), None);
        for term in &t.terms {
            entries.insert(term.path.clone(), None);
        }
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in entries {
        let loc = crate::site::encode_path(&config.base_url.permalink(&path));
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&markdown::escape(&loc));
        xml.push_str("</loc>\n");
        if let Some(d) = lastmod {
            xml.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

/// A chapter as the single-page view of a publication shows it.
#[derive(serde::Serialize)]
pub(crate) struct SingleChapter {
    title: String,
    number: usize,
    /// The id of the chapter's heading on the single page.
    anchor: String,
    url: String,
    summary: Option<String>,
    content: String,
}

/// A publication's cover and every chapter on one page, to read, print or save as PDF.
/// Ids get a prefix per chapter (`c2-aims`), chapter headings move down a level under
/// the chapter's title, and links between chapters become links within the page.
pub(crate) fn render_single_page(
    config: &Config,
    site: &Site,
    templates: &Templates,
    publications: &HashMap<SectionId, tera::Value>,
    section: &crate::site::Section,
) -> Result<Vec<u8>, Diagnostic> {
    let cover = site.page(section.page);
    let chapter_of: HashMap<String, usize> = section
        .pages
        .iter()
        .filter_map(|id| {
            let p = site.page(*id);
            p.chapter.map(|n| (config.base_url.url(&p.path), n))
        })
        .collect();
    let local = |links: &HashMap<String, markdown::LinkAction>| {
        links
            .iter()
            .map(|(dest, action)| {
                let action = match action {
                    markdown::LinkAction::Rewrite(url) => {
                        let (base, fragment) = match url.split_once('#') {
                            Some((b, f)) => (b, Some(f)),
                            None => (url.as_str(), None),
                        };
                        match (chapter_of.get(base), fragment) {
                            (Some(n), Some(f)) => {
                                markdown::LinkAction::Rewrite(format!("#c{n}-{f}"))
                            }
                            (Some(n), None) => {
                                markdown::LinkAction::Rewrite(format!("#chapter-{n}"))
                            }
                            (None, _) => action.clone(),
                        }
                    }
                    other => other.clone(),
                };
                (dest.clone(), action)
            })
            .collect::<HashMap<_, _>>()
    };
    let intro = match &cover.source {
        Some(source) => markdown::render(
            &read_body(config, source)?,
            &RenderOptions {
                links: local(&cover.links),
                id_prefix: "intro-".into(),
                ..body_options(site, templates, cover)
            },
        ),
        None => String::new(),
    };
    let mut chapters = Vec::new();
    for id in &section.pages {
        let page = site.page(*id);
        let number = page.chapter.unwrap_or(0);
        let content = match &page.source {
            Some(source) => markdown::render(
                &read_body(config, source)?,
                &RenderOptions {
                    links: local(&page.links),
                    id_prefix: format!("c{number}-"),
                    heading_offset: 1,
                    ..body_options(site, templates, page)
                },
            ),
            None => String::new(),
        };
        chapters.push(SingleChapter {
            title: page.title.clone(),
            number,
            anchor: format!("chapter-{number}"),
            url: config.base_url.url(&page.path),
            summary: page
                .source
                .as_ref()
                .and_then(|s| s.front.summary.as_ref())
                .map(|s| s.0.clone()),
            content,
        });
    }
    let path = section.single_page.clone().unwrap_or_default();
    let mut context = Context::new();
    context.insert("section", &view::page_view(config, site, cover, intro));
    if let Some(p) = publications.get(&section.id) {
        context.insert_value("publication", p.clone());
    }
    context.insert("chapters", &chapters);
    context.insert("lang", &cover.lang);
    context.insert("current_path", &path);
    let mut out = Vec::new();
    templates
        .tera
        .render_to("publication-single.html", &context, &mut out)
        .map_err(|e| {
            let mut d = template_error(&e, &templates.files, &templates.sources);
            if let Some(f) = cover.file() {
                d = d.with_note(format!(
                    "while rendering the single-page view of {}",
                    f.display()
                ));
            }
            d
        })?;
    Ok(out)
}

/// The accessibility statement, from `accessibility:` in site.yaml.
pub(crate) fn render_statement(
    config: &Config,
    site: &Site,
    templates: &Templates,
    statement: &crate::config::Accessibility,
) -> Result<Vec<u8>, Diagnostic> {
    let lang = &config.language;
    let title = format!(
        "{} {}",
        templates.strings.get_or(
            lang,
            "accessibility_statement_for",
            "Accessibility statement for"
        ),
        config.title
    );
    let path = site.accessibility.clone().unwrap_or_default();
    let home = view::link(config, site, site.section(SectionId(0)).page);
    let mut context = Context::new();
    context.insert("statement", statement);
    context.insert(
        "report_problem",
        statement
            .report_problem
            .as_ref()
            .unwrap_or(&statement.accessible_formats),
    );
    context.insert("page", &simple_page(config, &title, &path, vec![home]));
    context.insert("lang", lang);
    context.insert("current_path", &path);
    render_template(templates, "accessibility.html", &context)
}

/// Renders a template with a context, errors at the template's file and line.
fn render_template(
    templates: &Templates,
    name: &str,
    context: &Context,
) -> Result<Vec<u8>, Diagnostic> {
    let mut out = Vec::new();
    templates
        .tera
        .render_to(name, context, &mut out)
        .map_err(|e| template_error(&e, &templates.files, &templates.sources))?;
    Ok(out)
}

pub(crate) fn render_asset(
    config: &Config,
    templates: &Templates,
    name: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let mut context = Context::new();
    context.insert("lang", &config.language);
    render_template(templates, name, &context)
}
