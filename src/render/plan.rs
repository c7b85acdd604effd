//! The plan of a build: every file of the output, how to make it, and a fingerprint of
//! its inputs; and the parallel pass that makes the files and hands them to a sink (the
//! staging folder of a build, or the live output folder in watch mode).
//!
//! A full build makes every file. Watch mode plans again after a change and makes only
//! the files whose fingerprints changed: the fingerprint of a page covers its template
//! (and everything the template uses), its view-model, its body, its links and the
//! site-wide values, so a file is made again exactly when what it is made from changed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Globals;
use super::fingerprint::{Fingerprint, hash_bytes};
use super::pages::{self, html_path, template_name};
use super::templates::Templates;
use super::theme::Theme;
use super::view;
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::output::Sink;
use crate::site::{PageId, SectionId, Site};

/// How one file of the output is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Page(PageId),
    /// A taxonomy's page (index into `Site::taxonomies`).
    Taxonomy(usize),
    /// A term's page (taxonomy, term).
    Term(usize, usize),
    NotFound,
    SinglePage(SectionId),
    Statement,
    /// A template under `assets/`.
    Asset(String),
    /// A redirect (index into `Site::aliases`).
    Alias(usize),
    Sitemap,
    /// A theme static file (index into `Theme::static_files`).
    ThemeFile(usize),
    /// A file copied from disk: `static/` or beside a page in `content/`.
    Copy(PathBuf),
}

/// A file of the output.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the output folder.
    pub path: PathBuf,
    pub job: Job,
    /// Of everything the file is made from; 0 when not computed (plain builds).
    pub fingerprint: u64,
}

/// Everything one build renders with. Creating it puts the site-wide values into the
/// templates' global context, once.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub theme: &'a Theme,
    pub(crate) publications: HashMap<SectionId, tera::Value>,
    taxonomy_views: BTreeMap<&'a str, view::TaxonomyView<'a>>,
    /// Of the site-wide values every template sees.
    global_print: u64,
    data_print: u64,
    publication_prints: HashMap<SectionId, u64>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        config: &'a Config,
        site: &'a Site,
        templates: &'a mut Templates,
        theme: &'a Theme,
        globals: &Globals,
    ) -> Self {
        let taxonomy_views = view::taxonomy_views(config, site, &templates.strings);
        let site_view = view::site_view(config, site);
        {
            let context = templates.tera.global_context();
            context.insert("site", &site_view);
            context.insert("data", globals.data);
            context.insert("taxonomies", &taxonomy_views);
            context.insert("brand", globals.brand);
        }
        let templates: &'a Templates = templates;
        let global_print = Fingerprint::new()
            .json(&site_view)
            .json(&taxonomy_views)
            .json(globals.brand)
            .add_u64(templates.strings_print())
            .finish();
        let data_print = Fingerprint::new().json(globals.data).finish();
        let mut publications = HashMap::new();
        let mut publication_prints = HashMap::new();
        for s in site.sections.iter().filter(|s| s.publication) {
            let v = view::publication_view(config, site, s);
            publication_prints.insert(s.id, Fingerprint::new().json(&v).finish());
            publications.insert(s.id, tera::Value::from_serializable(&v));
        }
        Renderer {
            config,
            site,
            templates,
            theme,
            publications,
            taxonomy_views,
            global_print,
            data_print,
            publication_prints,
        }
    }

    /// The fingerprint every output made with template `name` starts from.
    fn base_print(&self, name: &str) -> Fingerprint {
        let template = self.templates.print(name);
        let mut f = Fingerprint::new();
        f.add_u64(self.global_print)
            .add_str(name)
            .add_u64(template.fingerprint);
        if template.uses_data {
            f.add_u64(self.data_print);
        }
        f
    }

    /// Plans every file of the output. Two files at one path are errors.
    /// With `fingerprints`, each output gets the fingerprint of its inputs.
    pub fn plan(&self, fingerprints: bool, diags: &mut Diagnostics) -> Vec<Output> {
        let (config, site) = (self.config, self.site);
        let page_prints: Vec<u64> = if fingerprints {
            site.pages
                .par_iter()
                .map(|p| self.page_print(p.id))
                .collect()
        } else {
            vec![0; site.pages.len()]
        };
        let mut outputs: Vec<Output> = site
            .pages
            .iter()
            .map(|p| Output {
                path: html_path(&p.path),
                job: Job::Page(p.id),
                fingerprint: page_prints[p.id.0],
            })
            .collect();
        let mut add = |path: PathBuf, job: Job, print: &dyn Fn() -> u64| {
            let fingerprint = if fingerprints { print() } else { 0 };
            outputs.push(Output {
                path,
                job,
                fingerprint,
            });
        };
        for (t, taxonomy) in site.taxonomies.iter().enumerate() {
            let tv = self.taxonomy_views.get(taxonomy.name.as_str());
            add(html_path(&taxonomy.path), Job::Taxonomy(t), &|| {
                self.base_print("taxonomy.html").json(&tv).finish()
            });
            for (i, term) in taxonomy.terms.iter().enumerate() {
                add(html_path(&term.path), Job::Term(t, i), &|| {
                    let mut f = self.base_print("term.html");
                    f.json(&tv).add_str(&term.name).add_str(&term.path);
                    for id in &term.pages {
                        f.json(&view::summary(config, site, *id));
                    }
                    f.finish()
                });
            }
        }
        add(PathBuf::from("404.html"), Job::NotFound, &|| {
            self.base_print("404.html").finish()
        });
        for section in &site.sections {
            if let Some(path) = &section.single_page {
                add(html_path(path), Job::SinglePage(section.id), &|| {
                    self.single_page_print(section.id, &|id| page_prints[id.0])
                });
            }
        }
        if let (Some(path), Some(statement)) = (&site.accessibility, &config.accessibility) {
            add(html_path(path), Job::Statement, &|| {
                self.base_print("accessibility.html")
                    .json(statement)
                    .finish()
            });
        }
        for (name, path) in asset_templates(self.theme) {
            let print = || self.base_print(&name).finish();
            add(path, Job::Asset(name.clone()), &print);
        }
        for (i, alias) in site.aliases.iter().enumerate() {
            let target = site.page(alias.target);
            add(html_path(&alias.path), Job::Alias(i), &|| {
                Fingerprint::new()
                    .add_u64(self.global_print)
                    .add_str(&target.title)
                    .add_str(&target.path)
                    .add_str(&target.lang)
                    .finish()
            });
        }
        if config.base_url.is_absolute() {
            add(PathBuf::from("sitemap.xml"), Job::Sitemap, &|| {
                hash_bytes(&pages::sitemap(config, site))
            });
        }
        let generated: HashSet<PathBuf> = outputs.iter().map(|o| o.path.clone()).collect();
        outputs.extend(self.plan_static(&generated, fingerprints, diags));
        outputs
    }

    /// The fingerprint of a publication's single page, from its pages' fingerprints.
    pub fn single_page_print(&self, section: SectionId, page_print: &dyn Fn(PageId) -> u64) -> u64 {
        let section = self.site.section(section);
        let mut f = self.base_print("publication-single.html");
        f.add_u64(page_print(section.page));
        for id in &section.pages {
            f.add_u64(page_print(*id));
        }
        f.finish()
    }

    /// The fingerprint of a page: its template, view-model, body, links and numbering,
    /// with the site-wide values.
    pub fn page_print(&self, id: PageId) -> u64 {
        let (config, site) = (self.config, self.site);
        let page = site.page(id);
        let mut f = self.base_print(&template_name(site, page));
        f.json(&view::page_view(config, site, page, String::new()));
        if let Some(s) = site.publication_of(page) {
            f.add_u64(self.publication_prints.get(&s).copied().unwrap_or(0));
        }
        if let Some(source) = &page.source {
            f.add_u64(source.content_hash);
        }
        let mut links: Vec<_> = page.links.iter().collect();
        links.sort_by(|a, b| a.0.cmp(b.0));
        for (dest, action) in links {
            f.add_str(dest);
            match action {
                crate::markdown::LinkAction::Rewrite(url) => f.add_str(url),
                crate::markdown::LinkAction::Unlink => f.add_str("\u{0}unlink"),
            };
        }
        f.add_u64(
            site.numbering(page)
                .map_or(0, |n| n.chapter.unwrap_or(0) as u64 + 1),
        );
        f.finish()
    }

    /// The theme's static files, then the site's `static/` (which wins over the theme's
    /// files of the same path), then files beside pages in `content/`.
    fn plan_static(
        &self,
        generated: &HashSet<PathBuf>,
        fingerprints: bool,
        diags: &mut Diagnostics,
    ) -> Vec<Output> {
        let config = self.config;
        // Output path → (job, file as shown to users).
        let mut plan: BTreeMap<PathBuf, (Job, PathBuf, bool)> = BTreeMap::new();
        for (i, file) in self.theme.static_files.iter().enumerate() {
            plan.insert(
                PathBuf::from(&file.rel),
                (Job::ThemeFile(i), file.shown.clone(), false),
            );
        }
        let static_dir = config.static_dir();
        for rel in &self.site.static_files {
            plan.insert(
                PathBuf::from(rel),
                (
                    Job::Copy(static_dir.join(rel)),
                    Path::new("static").join(rel),
                    true,
                ),
            );
        }
        for asset in &self.site.assets {
            let shown = Path::new("content").join(&asset.source);
            if let Some((_, other, true)) = plan.get(&asset.output) {
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
                (
                    Job::Copy(config.content_dir().join(&asset.source)),
                    shown,
                    true,
                ),
            );
        }
        let mut out = Vec::new();
        for (path, (job, shown, _)) in plan {
            if generated.contains(&path) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-url",
                        format!(
                            "{} would overwrite the page Plainly generates at /{}",
                            shown.display(),
                            path.display()
                        ),
                    )
                    .in_file(&shown)
                    .with_help("remove or rename the file; pages are written from content/"),
                );
                continue;
            }
            let fingerprint = if !fingerprints {
                0
            } else {
                match &job {
                    Job::ThemeFile(i) => hash_bytes(&self.theme.static_files[*i].bytes),
                    Job::Copy(from) => file_stamp(from),
                    _ => 0,
                }
            };
            out.push(Output {
                path,
                job,
                fingerprint,
            });
        }
        out
    }

    /// Makes the given files and hands them to `sink`, in parallel. Returns how many
    /// pages (from content) and files were written.
    pub fn write(
        &self,
        outputs: &[&Output],
        sink: &dyn Sink,
        diags: &mut Diagnostics,
    ) -> (usize, usize) {
        let paths: Vec<&Path> = outputs.iter().map(|o| o.path.as_path()).collect();
        if let Err(d) = sink.prepare(&paths) {
            diags.push(d);
            return (0, 0);
        }
        let results: Vec<(bool, Result<(), Diagnostic>)> = outputs
            .par_iter()
            .map(|o| {
                let is_page = matches!(o.job, Job::Page(_));
                let result = match &o.job {
                    Job::Copy(from) => sink.copy(from, &o.path),
                    Job::ThemeFile(i) => sink.write(&o.path, &self.theme.static_files[*i].bytes),
                    job => self
                        .render(job)
                        .and_then(|bytes| sink.write(&o.path, &bytes)),
                };
                (is_page, result)
            })
            .collect();
        let (mut pages, mut files) = (0, 0);
        let mut failures = Vec::new();
        for (is_page, r) in results {
            match r {
                Ok(()) => {
                    files += 1;
                    pages += usize::from(is_page);
                }
                Err(d) => failures.push(d),
            }
        }
        diags.extend(group_repeats(failures));
        (pages, files)
    }

    /// Makes one generated file.
    pub fn render(&self, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        let (config, site, templates) = (self.config, self.site, self.templates);
        match job {
            Job::Page(id) => {
                pages::render_page(config, site, templates, &self.publications, site.page(*id))
            }
            Job::Taxonomy(t) | Job::Term(t, _) => {
                let taxonomy = &site.taxonomies[*t];
                let Some(tv) = self.taxonomy_views.get(taxonomy.name.as_str()) else {
                    return Ok(Vec::new());
                };
                let term = match job {
                    Job::Term(_, i) => Some(&taxonomy.terms[*i]),
                    _ => None,
                };
                pages::render_taxonomy(config, site, templates, taxonomy, tv, term)
            }
            Job::NotFound => pages::render_not_found(config, templates),
            Job::SinglePage(s) => pages::render_single_page(
                config,
                site,
                templates,
                &self.publications,
                site.section(*s),
            ),
            Job::Statement => match &config.accessibility {
                Some(statement) => pages::render_statement(config, site, templates, statement),
                None => Ok(Vec::new()),
            },
            Job::Asset(name) => pages::render_asset(config, templates, name),
            Job::Alias(i) => Ok(pages::redirect_page(
                config,
                site,
                templates,
                &site.aliases[*i],
            )),
            Job::Sitemap => Ok(pages::sitemap(config, site)),
            Job::ThemeFile(i) => Ok(self.theme.static_files[*i].bytes.to_vec()),
            Job::Copy(from) => std::fs::read(from).map_err(|e| {
                Diagnostic::error("io", format!("cannot read {}: {e}", from.display()))
            }),
        }
    }
}

/// A cheap fingerprint of a file on disk: its size and modification time. Watch mode
/// also copies again every file an event names, whatever its stamp.
fn file_stamp(path: &Path) -> u64 {
    let mut f = Fingerprint::new();
    f.add_str(&path.to_string_lossy());
    if let Ok(meta) = std::fs::metadata(path) {
        f.add_u64(meta.len());
        if let Ok(modified) = meta.modified()
            && let Ok(d) = modified.duration_since(std::time::UNIX_EPOCH)
        {
            f.add_u64(d.as_nanos() as u64);
        }
    }
    f.finish()
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

/// Each page's template must exist before anything is rendered.
pub(crate) fn check_templates(
    config: &Config,
    site: &Site,
    templates: &Templates,
    diags: &mut Diagnostics,
) {
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
        let names = templates.names();
        diags.push(d.with_help(format!(
            "add templates/{name}, or use one of: {}",
            names.join(", ")
        )));
    }
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
