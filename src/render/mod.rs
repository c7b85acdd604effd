//! Rendering: Tera templates from the theme and the site, and one parallel pass that
//! renders every page and writes it out.
//!
//! Templates are parsed once per build. Site-wide data (`site`, `data`, `taxonomies`) is
//! serialised once into Tera's global context; each page adds only its own view-model.
//! A page's body is read, rendered to HTML, passed through its template and written, and
//! nothing of it is kept: memory follows the site's metadata, not its text.

pub mod brand;
pub mod theme;
pub mod view;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::config::Config;
use crate::content::read_body;
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::markdown::{self, Labels, RenderOptions};
use crate::output::Staging;
use crate::site::{Page, PageKind, SectionId, Site};
use theme::{Strings, Theme};

/// The prefix under which theme templates are registered. A site template of the same
/// name wins; a site template may still extend the theme's as `theme/NAME`.
pub const THEME_PREFIX: &str = "theme/";

/// The parsed templates of a build and the UI strings they use.
pub struct Templates {
    tera: Tera,
    /// Template name → file, for messages.
    files: HashMap<String, PathBuf>,
    /// Template name and text, to show the offending line in messages.
    sources: Vec<(String, String)>,
    strings: Arc<UiStrings>,
}

/// UI strings by language, with fallbacks.
#[derive(Debug)]
pub struct UiStrings {
    strings: Strings,
    default_language: String,
}

impl UiStrings {
    /// The string for `key` in `lang`, falling back to the language without its region
    /// (`en-GB` → `en`), then to the site's language, then to English.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        let base = lang.split('-').next().unwrap_or(lang);
        [lang, base, self.default_language.as_str(), "en"]
            .iter()
            .find_map(|l| self.strings.get(*l).and_then(|m| m.get(key)))
            .map(String::as_str)
    }

    fn get_or<'a>(&'a self, lang: &str, key: &str, fallback: &'a str) -> &'a str {
        self.get(lang, key).unwrap_or(fallback)
    }
}

/// Parses the theme's and the site's templates and registers Plainly's functions.
/// `None` when a template has an error; problems go to `report`.
pub fn load_templates(
    config: &Config,
    theme: &Theme,
    report: &mut Diagnostics,
) -> Option<Templates> {
    let strings = Arc::new(UiStrings {
        strings: merge_strings(config, theme, report),
        default_language: config.language.clone(),
    });
    let mut tera = Tera::new();
    tera.set_fallback_prefixes([THEME_PREFIX])
        .expect("set before any template is added");
    register_functions(&mut tera, config, strings.clone());

    let mut files = HashMap::new();
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut diags = Diagnostics::new();
    let all = theme
        .templates
        .iter()
        .map(|f| (format!("{THEME_PREFIX}{}", f.rel), f))
        .chain(theme.site_templates.iter().map(|f| (f.rel.clone(), f)));
    for (name, file) in all {
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => {
                files.insert(name.clone(), file.shown.clone());
                sources.push((name, text.to_string()));
            }
            Err(_) => diags.push(
                Diagnostic::error("template", "this template is not UTF-8 text")
                    .in_file(&file.shown)
                    .with_help("save it as UTF-8"),
            ),
        }
    }
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(template_error(&e, &files, &sources));
        // Report every template with a syntax error, not only the first.
        for (name, text) in &sources {
            let mut single = Tera::new();
            register_functions(&mut single, config, strings.clone());
            if let Err(e) = single.add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                diags.push(template_error(&e, &files, &sources));
            }
        }
    }
    let failed = diags.has_errors();
    report.extend(diags);
    (!failed).then_some(Templates {
        tera,
        files,
        sources,
        strings,
    })
}

/// The theme's UI strings with the site's own (`strings:` in site.yaml) over them. A
/// site string for a key the theme does not have is most likely a typo: a warning.
fn merge_strings(config: &Config, theme: &Theme, diags: &mut Diagnostics) -> Strings {
    let mut strings = theme.strings.clone();
    if config.strings.is_empty() {
        return strings;
    }
    let known: std::collections::BTreeSet<&str> = theme
        .strings
        .values()
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
    let text = std::fs::read_to_string(config.root.join(crate::config::CONFIG_FILE))
        .map(|t| crate::config::normalise_newlines(&t))
        .unwrap_or_default();
    let source = crate::yaml::Source::file(Path::new(crate::config::CONFIG_FILE), &text);
    for (lang, entries) in &config.strings {
        for (key, value) in entries {
            if !known.contains(key.as_str()) {
                let help = match crate::diag::closest(key, known.iter().copied()) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "the theme's strings are listed in its theme.yaml".to_string(),
                };
                let at = source
                    .locate_key(&["strings", lang, key])
                    .unwrap_or(Location { line: 1, col: 1 });
                diags.push(
                    source.diagnostic_at(
                        Diagnostic::warning(
                            "unknown-key",
                            format!("the theme has no UI string `{key}`"),
                        )
                        .with_help(help),
                        at,
                    ),
                );
            }
            strings
                .entry(lang.clone())
                .or_default()
                .insert(key.clone(), value.clone());
        }
    }
    strings
}

impl Templates {
    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub fn strings(&self) -> &UiStrings {
        &self.strings
    }
}

fn register_functions(tera: &mut Tera, config: &Config, strings: Arc<UiStrings>) {
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => state.get::<String>("lang")?.unwrap_or_default(),
            };
            strings.get(&lang, key).map(str::to_string).ok_or_else(|| {
                tera::Error::message(format!(
                    "there is no UI string `{key}` in theme.yaml for language `{lang}`"
                ))
            })
        },
    );
    let base = config.base_url.clone();
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            Ok(base.url(path))
        },
    );
    tera.register_filter(
        "human_date",
        |value: &str, kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => state.get::<String>("lang")?.unwrap_or_default(),
            };
            Date::parse(value)
                .map(|d| d.human(&lang))
                .map_err(tera::Error::message)
        },
    );
}

/// Site-wide values templates see besides the site itself.
pub struct Globals<'a> {
    /// `data/*.yaml`, as `data`.
    pub data: &'a serde_json::Value,
    /// Brand colours, as `brand`.
    pub brand: &'a brand::Brand,
}

/// Counts of what a build wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderReport {
    pub pages: usize,
    pub files: usize,
}

/// Renders every page and writes it, with the static files, sitemap and redirects,
/// into `staging`.
pub fn render_site(
    config: &Config,
    site: &Site,
    templates: &mut Templates,
    theme: &Theme,
    globals: &Globals,
    staging: &Staging,
    diags: &mut Diagnostics,
) -> RenderReport {
    check_templates(config, site, templates, diags);
    if diags.has_errors() {
        return RenderReport::default();
    }
    let taxonomy_views = view::taxonomy_views(config, site, &templates.strings);
    {
        let context = templates.tera.global_context();
        context.insert("site", &view::site_view(config, site));
        context.insert("data", globals.data);
        context.insert("taxonomies", &taxonomy_views);
        context.insert("brand", globals.brand);
    }
    let templates = &*templates;
    let publications: HashMap<SectionId, tera::Value> = site
        .sections
        .iter()
        .filter(|s| s.publication)
        .map(|s| {
            (
                s.id,
                tera::Value::from_serializable(&view::publication_view(config, site, s)),
            )
        })
        .collect();

    let results: Vec<Result<(), Diagnostic>> = site
        .pages
        .par_iter()
        .map(|page| {
            let html = render_page(config, site, templates, &publications, page)?;
            staging.write(&html_path(&page.path), &html)
        })
        .collect();
    let mut report = RenderReport::default();
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(()) => report.pages += 1,
            Err(d) => failures.push(d),
        }
    }
    diags.extend(group_repeats(failures));

    let mut extra: Vec<(PathBuf, Result<Vec<u8>, Diagnostic>)> = Vec::new();
    for taxonomy in &site.taxonomies {
        let Some(taxonomy_view) = taxonomy_views.get(taxonomy.name.as_str()) else {
            continue;
        };
        extra.push((
            html_path(&taxonomy.path),
            render_taxonomy(config, site, templates, taxonomy, taxonomy_view, None),
        ));
        for term in &taxonomy.terms {
            extra.push((
                html_path(&term.path),
                render_taxonomy(config, site, templates, taxonomy, taxonomy_view, Some(term)),
            ));
        }
    }
    extra.push((
        PathBuf::from("404.html"),
        render_not_found(config, templates),
    ));
    for section in &site.sections {
        if let Some(path) = &section.single_page {
            extra.push((
                html_path(path),
                render_single_page(config, site, templates, &publications, section),
            ));
        }
    }
    if let (Some(path), Some(statement)) = (&site.accessibility, &config.accessibility) {
        extra.push((
            html_path(path),
            render_statement(config, site, templates, statement),
        ));
    }
    for (name, output) in asset_templates(theme) {
        extra.push((output, render_asset(config, templates, &name)));
    }
    for alias in &site.aliases {
        extra.push((
            html_path(&alias.path),
            Ok(redirect_page(config, site, templates, alias)),
        ));
    }
    if config.base_url.is_absolute() {
        extra.push((PathBuf::from("sitemap.xml"), Ok(sitemap(config, site))));
    }
    let written: HashSet<PathBuf> = site
        .pages
        .iter()
        .map(|p| html_path(&p.path))
        .chain(extra.iter().map(|(p, _)| p.clone()))
        .collect();
    for (path, result) in extra {
        match result.and_then(|bytes| staging.write(&path, &bytes)) {
            Ok(()) => report.files += 1,
            Err(d) => diags.push(d),
        }
    }
    report.files += report.pages;
    report.files += copy_static(config, site, theme, staging, &written, diags);
    report
}

/// Templates under `assets/` (theme's or site's) are rendered once per build to the same
/// path without `assets/`: `assets/css/plainly.css` → `css/plainly.css`.
fn asset_templates(theme: &Theme) -> Vec<(String, PathBuf)> {
    let names: std::collections::BTreeSet<&str> = theme
        .templates
        .iter()
        .chain(&theme.site_templates)
        .map(|f| f.rel.as_str())
        .filter(|n| n.starts_with("assets/"))
        .collect();
    names
        .into_iter()
        .map(|n| (n.to_string(), PathBuf::from(&n["assets/".len()..])))
        .collect()
}

fn render_asset(config: &Config, templates: &Templates, name: &str) -> Result<Vec<u8>, Diagnostic> {
    let mut context = Context::new();
    context.insert("lang", &config.language);
    let mut out = Vec::new();
    templates
        .tera
        .render_to(name, &context, &mut out)
        .map_err(|e| template_error(&e, &templates.files, &templates.sources))?;
    Ok(out)
}

/// A chapter as the single-page view of a publication shows it.
#[derive(serde::Serialize)]
struct SingleChapter {
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
fn render_single_page(
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
fn render_statement(
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
    let mut out = Vec::new();
    templates
        .tera
        .render_to("accessibility.html", &context, &mut out)
        .map_err(|e| template_error(&e, &templates.files, &templates.sources))?;
    Ok(out)
}

/// Each page's template must exist before anything is rendered.
fn check_templates(config: &Config, site: &Site, templates: &Templates, diags: &mut Diagnostics) {
    let mut needed = Vec::new();
    if site.sections.iter().any(|s| s.single_page.is_some()) {
        needed.push("publication-single.html");
    }
    if site.accessibility.is_some() {
        needed.push("accessibility.html");
    }
    for name in needed {
        if !templates.contains(name) {
            diags.push(
                Diagnostic::error("template", format!("there is no template named `{name}`"))
                    .with_help(format!("add templates/{name}, or use a theme that has it")),
            );
        }
    }
    for page in &site.pages {
        let name = template_name(site, page);
        if templates.contains(&name) {
            continue;
        }
        let mut d = Diagnostic::error("template", format!("there is no template named `{name}`"));
        if let Some(source) = &page.source {
            if source.front.template.is_some() {
                let text =
                    std::fs::read_to_string(config.root.join(&source.file)).unwrap_or_default();
                let at = source
                    .key_lines
                    .get("template")
                    .copied()
                    .unwrap_or(Location { line: 1, col: 1 });
                d = d.at(&source.file, &crate::config::normalise_newlines(&text), at);
            } else {
                d = d.in_file(&source.file);
            }
        }
        let mut names: Vec<&str> = templates
            .tera
            .get_template_names()
            .map(|n| n.strip_prefix(THEME_PREFIX).unwrap_or(n))
            .collect();
        names.sort();
        names.dedup();
        diags.push(d.with_help(format!(
            "add templates/{name}, or use one of: {}",
            names.join(", ")
        )));
    }
}

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

fn labels(strings: &UiStrings, lang: &str) -> Labels {
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
fn body_options(site: &Site, templates: &Templates, page: &Page) -> RenderOptions {
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

fn render_page(
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

fn render_taxonomy(
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
    let mut out = Vec::new();
    templates
        .tera
        .render_to(name, &context, &mut out)
        .map_err(|e| template_error(&e, &templates.files, &templates.sources))?;
    Ok(out)
}

fn render_not_found(config: &Config, templates: &Templates) -> Result<Vec<u8>, Diagnostic> {
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
fn simple_page(
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
fn redirect_page(
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

fn sitemap(config: &Config, site: &Site) -> Vec<u8> {
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

/// Copies the theme's static files, then the site's `static/` (which wins over the
/// theme's files of the same path), then files beside pages in `content/`.
fn copy_static(
    config: &Config,
    site: &Site,
    theme: &Theme,
    staging: &Staging,
    generated: &HashSet<PathBuf>,
    diags: &mut Diagnostics,
) -> usize {
    let mut plan: BTreeMap<PathBuf, StaticSource> = BTreeMap::new();
    for file in &theme.static_files {
        plan.insert(PathBuf::from(&file.rel), StaticSource::Theme(file));
    }
    let static_dir = config.static_dir();
    if static_dir.is_dir() {
        let walker = walkdir::WalkDir::new(&static_dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !crate::content::is_ignored(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if let Ok(rel) = e.path().strip_prefix(&static_dir) {
                        plan.insert(
                            rel.to_path_buf(),
                            StaticSource::Disk(
                                e.path().to_path_buf(),
                                Path::new("static").join(rel),
                            ),
                        );
                    }
                }
                Ok(_) => {}
                Err(e) => diags.push(
                    Diagnostic::error("io", format!("cannot read static/: {e}")).in_file("static"),
                ),
            }
        }
    }
    for asset in &site.assets {
        let shown = Path::new("content").join(&asset.source);
        if let Some(StaticSource::Disk(_, other)) = plan.get(&asset.output) {
            diags.push(
                Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "{} and {} would both be published at /{}",
                        shown.display(),
                        other.display(),
                        asset.output.display()
                    ),
                )
                .in_file(&shown)
                .with_help("rename one of them"),
            );
            continue;
        }
        plan.insert(
            asset.output.clone(),
            StaticSource::Disk(config.content_dir().join(&asset.source), shown),
        );
    }
    let mut count = 0;
    let results: Vec<Result<(), Diagnostic>> = plan
        .par_iter()
        .map(|(rel, source)| {
            if generated.contains(rel) {
                let shown = match source {
                    StaticSource::Theme(f) => f.shown.clone(),
                    StaticSource::Disk(_, shown) => shown.clone(),
                };
                return Err(Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "{} would overwrite the page Plainly generates at /{}",
                        shown.display(),
                        rel.display()
                    ),
                )
                .in_file(&shown)
                .with_help("remove or rename the file; pages are written from content/"));
            }
            match source {
                StaticSource::Theme(f) => staging.write(rel, &f.bytes),
                StaticSource::Disk(from, _) => staging.copy(from, rel),
            }
        })
        .collect();
    for r in results {
        match r {
            Ok(()) => count += 1,
            Err(d) => diags.push(d),
        }
    }
    count
}

enum StaticSource<'a> {
    Theme(&'a theme::ThemeFile),
    Disk(PathBuf, PathBuf),
}

/// `strategy/vision/` → `strategy/vision/index.html`; `old.html` stays.
pub fn html_path(path: &str) -> PathBuf {
    if path.ends_with(".html") || path.ends_with(".htm") {
        PathBuf::from(path)
    } else {
        PathBuf::from(path).join("index.html")
    }
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
fn template_error(
    e: &tera::Error,
    files: &HashMap<String, PathBuf>,
    sources: &[(String, String)],
) -> Diagnostic {
    let shown = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let help = "fix the template; the Tera template language is described at https://keats.github.io/tera/";
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let file = shown(report.filename());
            let text = sources
                .iter()
                .find(|(n, _)| n == report.filename())
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            let location = Location {
                line: span.start_line.max(1),
                col: span.start_col + 1,
            };
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let mut d = Diagnostic::error("template", format!("{kind}: {}", report.message()))
                .with_help(help);
            d = if text.is_empty() {
                let mut d = d.in_file(&file);
                d.location = Some(location);
                d
            } else {
                d.at(&file, &text, location)
            };
            d
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            "template",
            format!("template `{current}` extends `{parent}`, which does not exist"),
        )
        .in_file(shown(current))
        .with_help(format!(
            "add templates/{parent}, or extend a template the theme has"
        )),
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error("template", format!("there is no template named `{name}`"))
                .with_help(help)
        }
        tera::ErrorKind::Msg(text) if text.starts_with("error: ") && text.contains("\n --> ") => {
            // Tera joins several reports into one message when templates do not fit
            // together (a block missing from a parent, say); the first is reported here
            // and the rest as notes, each at its template's real file.
            let mut reports = text
                .split("\n\n")
                .filter_map(|r| parse_report(r, files, sources));
            match reports.next() {
                Some(mut first) => {
                    for other in reports {
                        first.notes.push(format!(
                            "also: {} at {}",
                            other.message,
                            other.locus().unwrap_or_default()
                        ));
                    }
                    first
                }
                None => {
                    Diagnostic::error("template", format!("template error: {text}")).with_help(help)
                }
            }
        }
        other => {
            let mut message = other.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            Diagnostic::error("template", format!("template error: {message}")).with_help(help)
        }
    }
}

/// Reads one rustc-style report (`error: …\n --> name:line:col …`) back into a diagnostic.
fn parse_report(
    report: &str,
    files: &HashMap<String, PathBuf>,
    sources: &[(String, String)],
) -> Option<Diagnostic> {
    let mut lines = report.lines();
    let message = lines.next()?.strip_prefix("error: ")?;
    let locus = lines.next()?.trim_start().strip_prefix("--> ")?;
    let mut parts = locus.rsplitn(3, ':');
    let col: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let file = files
        .get(name)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(name));
    let text = sources
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or("");
    let help = if message.starts_with("Block `") {
        "a site's base.html must define every block the theme's templates fill: title, meta, breadcrumbs and main (see the README)"
    } else {
        "fix the template; the Tera template language is described at https://keats.github.io/tera/"
    };
    Some(
        Diagnostic::error("template", format!("template error: {message}"))
            .at(&file, text, Location { line, col })
            .with_help(help),
    )
}

/// The same template error on many pages is one problem: report it once, with a count.
fn group_repeats(failures: Vec<Diagnostic>) -> Vec<Diagnostic> {
    type Key = (Option<PathBuf>, Option<Location>, String);
    let mut groups: BTreeMap<Key, (Diagnostic, usize)> = BTreeMap::new();
    for d in failures {
        let key = (d.file.clone(), d.location, d.message.clone());
        groups
            .entry(key)
            .and_modify(|(_, n)| *n += 1)
            .or_insert((d, 1));
    }
    groups
        .into_values()
        .map(|(mut d, n)| {
            if n > 1 {
                d.notes.push(format!("and on {} other pages", n - 1));
            }
            d
        })
        .collect()
}
