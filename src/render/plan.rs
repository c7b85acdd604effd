//! The plan of a build, every file of the output and how it is made, and the
//! [`Renderer`] that prepares, fingerprints and makes each file.
//!
//! A file's fingerprint is made of exactly what it is made from: for a file from a
//! template, the global context (hashed as it is inserted), the templates, and the hash of
//! its [`Prepared`] context; for a redirect or the sitemap, its bytes; for a file copied
//! from disk, its size and time (or, when it changed too recently for its time to be
//! trusted, its bytes). Watch mode compares fingerprints between builds and makes only
//! the files whose fingerprints changed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::brand::Brand;
use super::pages::{self, Prepared, Scope, Shared, template_name};
use super::templates::Templates;
use super::theme::Theme;
use super::view::{self, SiteView, SiteViews, TaxonomyView};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fingerprint::{Fingerprint, Hashed, hash_bytes};
use crate::markdown::Labels;
use crate::output::Sink;
use crate::site::{PageBody, PageId, SectionId, Site};
use crate::url::html_path;

/// How one file of the output is made.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// A file the site's host reads (`deploy.target`), such as Netlify's `_headers`.
    HostFile(&'static str),
    /// A theme static file (index into `Theme::static_files`).
    ThemeFile(usize),
    /// A file copied from disk: `static/` or beside a page in `content/`.
    Copy(PathBuf),
}

impl Job {
    /// Whether the file is made from the site model, its bodies and the look alone, so
    /// that its fingerprint holds while they do. A copy is made from a file on disk.
    pub fn from_model(&self) -> bool {
        !matches!(self, Job::Copy(_))
    }
}

/// A file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the output folder.
    pub path: PathBuf,
    pub job: Job,
}

/// Every file of the output: pages, generated pages, redirects, the sitemap, theme and
/// site static files and files beside pages. Two files at one path are errors.
pub fn plan_outputs(
    config: &Config,
    site: &Site,
    theme: &Theme,
    diags: &mut Diagnostics,
) -> Vec<Output> {
    let mut outputs: Vec<Output> = site
        .pages
        .iter()
        .map(|p| Output {
            path: html_path(&p.path),
            job: Job::Page(p.id),
        })
        .collect();
    let mut add = |path: PathBuf, job: Job| outputs.push(Output { path, job });
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        add(html_path(&taxonomy.path), Job::Taxonomy(t));
        for (i, term) in taxonomy.terms.iter().enumerate() {
            add(html_path(&term.path), Job::Term(t, i));
        }
    }
    add(PathBuf::from("404.html"), Job::NotFound);
    for section in &site.sections {
        if let Some(path) = &section.single_page {
            add(html_path(path), Job::SinglePage(section.id));
        }
    }
    if let (Some(path), Some(_)) = (&site.accessibility, &config.accessibility) {
        add(html_path(path), Job::Statement);
    }
    for (name, path) in asset_templates(theme) {
        add(path, Job::Asset(name));
    }
    for (i, alias) in site.aliases.iter().enumerate() {
        add(html_path(&alias.path), Job::Alias(i));
    }
    if config.base_url.is_absolute() {
        add(PathBuf::from("sitemap.xml"), Job::Sitemap);
    }
    for name in crate::deploy::host_files(config) {
        add(PathBuf::from(name), Job::HostFile(name));
    }
    let generated: HashSet<PathBuf> = outputs.iter().map(|o| o.path.clone()).collect();
    outputs.extend(plan_static(config, site, theme, &generated, diags));
    check_places(config, site, theme, &outputs, diags);
    outputs
}

/// Every output path is checked against every other, once all are known: two files at
/// one place (case aside, as case-insensitive file systems see them), or a file where
/// another needs a folder, are errors naming both; so is a path a file system cannot hold.
fn check_places(
    config: &Config,
    site: &Site,
    theme: &Theme,
    outputs: &[Output],
    diags: &mut Diagnostics,
) {
    let texts: Vec<String> = outputs
        .iter()
        .map(|o| o.path.to_string_lossy().replace('\\', "/"))
        .collect();
    let keys: Vec<String> = texts.iter().map(|t| crate::url::output_key(t)).collect();
    let mut files: HashMap<&str, usize> = HashMap::with_capacity(outputs.len());
    let mut folders: HashMap<&str, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        let mut problem = None;
        for segment in texts[i].split('/') {
            if let Some(p) = crate::url::segment_problem(segment) {
                problem = Some(p);
                break;
            }
        }
        if std::path::Path::new(&texts[i]).is_absolute() {
            problem = Some("is not inside the output folder");
        }
        if let Some(problem) = problem {
            diags.push(
                place_of(config, site, theme, &outputs[i].job).error(format!(
                    "cannot be published at /{}: the path {problem}",
                    texts[i]
                )),
            );
            continue;
        }
        if let Some(&first) = files.get(key.as_str()) {
            // Pages, generated pages and aliases at one address are reported by the
            // model, with their URLs.
            if !(is_claim(&outputs[first].job) && is_claim(&outputs[i].job)) {
                let other = place_of(config, site, theme, &outputs[first].job).what;
                diags.push(
                    place_of(config, site, theme, &outputs[i].job).error(format!(
                        "{{what}} and {other} would both be written to /{}",
                        texts[i]
                    )),
                );
            }
            continue;
        }
        files.insert(key, i);
        let mut end = key.len();
        while let Some(slash) = key[..end].rfind('/') {
            folders.entry(&key[..slash]).or_insert(i);
            end = slash;
        }
    }
    for (key, &i) in &files {
        if let Some(&j) = folders.get(key) {
            let file = place_of(config, site, theme, &outputs[i].job).what;
            diags.push(
                place_of(config, site, theme, &outputs[j].job).error(format!(
                    "{{what}} needs a folder at /{}, where {file} is written",
                    texts[i]
                )),
            );
        }
    }
}

fn is_claim(job: &Job) -> bool {
    matches!(
        job,
        Job::Page(_)
            | Job::Taxonomy(_)
            | Job::Term(..)
            | Job::SinglePage(_)
            | Job::Statement
            | Job::Alias(_)
    )
}

/// What writes a file, as messages name it, and where it is set.
struct Place {
    what: String,
    file: Option<PathBuf>,
    at: Option<(String, Location)>,
}

impl Place {
    /// An error about this place: `{what}` in `message` is what writes it.
    fn error(self, message: String) -> Diagnostic {
        let message = if message.contains("{what}") {
            message.replace("{what}", &self.what)
        } else {
            format!("{}: {message}", self.what)
        };
        let d = Diagnostic::error("duplicate-url", message)
            .with_help("rename one of them, or change its slug: or aliases: in the front matter");
        match (self.file, self.at) {
            (Some(file), Some((text, at))) => d.at(file, &text, at),
            (Some(file), None) => d.in_file(file),
            _ => d,
        }
    }
}

fn place_of(config: &Config, site: &Site, theme: &Theme, job: &Job) -> Place {
    let page_file = |id: PageId| site.page(id).file().map(Path::to_path_buf);
    let shown = |id: PageId| {
        page_file(id)
            .map(|f| crate::diag::display_path(&f))
            .unwrap_or_else(|| format!("the section /{}", site.page(id).path))
    };
    let plain = |what: String| Place {
        what,
        file: None,
        at: None,
    };
    match job {
        Job::Page(id) => Place {
            what: shown(*id),
            file: page_file(*id),
            at: None,
        },
        Job::Alias(i) => {
            let alias = &site.aliases[*i];
            let meta = site.page(alias.target).meta.as_ref();
            Place {
                what: format!("an alias of {}", shown(alias.target)),
                file: page_file(alias.target),
                at: meta.map(|m| (m.front_text.clone(), crate::site::alias_line(m))),
            }
        }
        Job::Taxonomy(t) => plain(format!("the `{}` taxonomy", site.taxonomies[*t].name)),
        Job::Term(t, i) => plain(format!(
            "the `{}` term “{}”",
            site.taxonomies[*t].name, site.taxonomies[*t].terms[*i].name
        )),
        Job::NotFound => plain("the page for addresses not found (404.html)".into()),
        Job::HostFile(name) => plain(format!("{name}, which deploy.target's host reads")),
        Job::SinglePage(id) => plain(format!(
            "the single-page view of {}",
            shown(site.sections[id.0].page)
        )),
        Job::Statement => plain("the accessibility statement".into()),
        Job::Asset(name) => plain(format!("the template {name}")),
        Job::Sitemap => plain("the sitemap (sitemap.xml)".into()),
        Job::ThemeFile(i) => plain(crate::diag::display_path(&theme.static_files[*i].shown)),
        Job::Copy(path) => {
            let rel = path
                .strip_prefix(&config.root)
                .unwrap_or(path)
                .to_path_buf();
            Place {
                what: crate::diag::display_path(&rel),
                file: Some(rel),
                at: None,
            }
        }
    }
}

/// The theme's static files, then the site's `static/` (which wins over the theme's
/// files of the same path), then files beside pages in `content/`.
fn plan_static(
    config: &Config,
    site: &Site,
    theme: &Theme,
    generated: &HashSet<PathBuf>,
    diags: &mut Diagnostics,
) -> Vec<Output> {
    // Output path → (job, file as shown to users, whether it is the site's own).
    let mut plan: BTreeMap<PathBuf, (Job, PathBuf, bool)> = BTreeMap::new();
    for (i, file) in theme.static_files.iter().enumerate() {
        plan.insert(
            PathBuf::from(&file.rel),
            (Job::ThemeFile(i), file.shown.clone(), false),
        );
    }
    let static_dir = config.static_dir();
    for rel in site.static_files.iter() {
        plan.insert(
            PathBuf::from(rel),
            (
                Job::Copy(static_dir.join(rel)),
                Path::new("static").join(rel),
                true,
            ),
        );
    }
    for asset in &site.assets {
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
        out.push(Output { path, job });
    }
    out
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

/// What every template sees: set once per build as Tera's global context, and hashed as
/// it is set, so that every file made from a template changes when any of it does.
#[derive(Serialize)]
struct Globals<'a> {
    site: SiteView<'a>,
    data: &'a serde_json::Value,
    taxonomies: &'a BTreeMap<&'a str, TaxonomyView<'a>>,
    brand: &'a Brand,
}

/// What a file is, once made.
pub enum Made<'a> {
    Bytes(Vec<u8>),
    /// Bytes held already (a theme file).
    Held(&'a [u8]),
    /// A file to copy.
    Copy(&'a Path),
}

impl Made<'_> {
    /// Hands the file to a sink, at `path` in the output.
    pub fn write(&self, sink: &dyn Sink, path: &Path) -> Result<(), Diagnostic> {
        match self {
            Made::Bytes(bytes) => sink.write(path, bytes),
            Made::Held(bytes) => sink.write(path, bytes),
            Made::Copy(from) => sink.copy(from, path),
        }
    }
}

/// Everything one build renders with. Creating it sets the templates' global context.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    /// Each page's body, by page id.
    bodies: &'a [Option<Arc<PageBody>>],
    pub templates: &'a Templates,
    pub theme: &'a Theme,
    views: &'a SiteViews,
    labels: HashMap<String, Hashed<Labels>>,
    publications: HashMap<SectionId, Shared>,
    taxonomy_views: BTreeMap<&'a str, TaxonomyView<'a>>,
    /// Of the global context and the templates.
    global_print: u64,
}

impl<'a> Renderer<'a> {
    pub fn new(
        config: &'a Config,
        site: &'a Site,
        views: &'a SiteViews,
        bodies: &'a [Option<Arc<PageBody>>],
        look: &'a mut super::Look,
        data: &'a serde_json::Value,
    ) -> Result<Self, Diagnostic> {
        let super::Look {
            theme,
            templates,
            brand,
        } = look;
        let (theme, brand): (&'a Theme, &'a Brand) = (theme, brand);
        let taxonomy_views = view::taxonomy_views(config, site, &templates.strings);
        let globals = Globals {
            site: view::site_view(config, site),
            data,
            taxonomies: &taxonomy_views,
            brand,
        };
        let context = tera::Context::from_serialize(&globals)
            .map_err(|e| Diagnostic::error("template", format!("the global context: {e}")))?;
        *templates.tera.global_context() = context;
        let global_print = Fingerprint::new()
            .value(&globals)
            .add_u64(templates.print())
            .finish();
        drop(globals);
        let templates: &'a Templates = templates;
        let publications = site
            .sections
            .iter()
            .filter(|s| s.publication)
            .map(|s| {
                (
                    s.id,
                    Shared::new(&view::publication_view(config, site, views, s)),
                )
            })
            .collect();
        let mut languages: Vec<&str> = site.pages.iter().map(|p| p.lang.as_str()).collect();
        languages.push(&config.language);
        languages.sort();
        languages.dedup();
        let labels = languages
            .into_iter()
            .map(|l| {
                (
                    l.to_string(),
                    Hashed::new(pages::labels(&templates.strings, l)),
                )
            })
            .collect();
        Ok(Renderer {
            config,
            site,
            bodies,
            templates,
            theme,
            views,
            labels,
            publications,
            taxonomy_views,
            global_print,
        })
    }

    /// The pages whose bodies a file reads: its own page's, or for a publication's single
    /// page, the cover's and each chapter's. Nothing else reads a body.
    pub fn reads(&self, job: &Job) -> Vec<PageId> {
        match job {
            Job::Page(id) => vec![*id],
            Job::SinglePage(s) => {
                let section = self.site.section(*s);
                std::iter::once(section.page)
                    .chain(section.pages.iter().copied())
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// The body of a page, as the files that read it are given it.
    pub fn body(&self, id: PageId) -> Option<&'a Arc<PageBody>> {
        self.bodies.get(id.0).and_then(Option::as_ref)
    }

    fn scope(&self) -> Scope<'_> {
        Scope {
            config: self.config,
            site: self.site,
            views: self.views,
            labels: &self.labels,
            strings: &self.templates.strings,
            publications: &self.publications,
        }
    }

    /// Everything a file made from a template is made from; `None` for other files.
    /// Each prepare step is given the bodies [`Renderer::reads`] names, and no others.
    pub fn prepare(&self, job: &Job) -> Option<Prepared<'_>> {
        let (config, site) = (self.config, self.site);
        let scope = self.scope();
        let bodies: Vec<Option<&PageBody>> = self
            .reads(job)
            .into_iter()
            .map(|id| self.body(id).map(|b| b.as_ref()))
            .collect();
        Some(match job {
            Job::Page(id) => pages::prepare_page(&scope, site.page(*id), bodies[0]),
            Job::SinglePage(s) => pages::prepare_single_page(&scope, site.section(*s), &bodies),
            Job::Taxonomy(t) | Job::Term(t, _) => {
                let taxonomy = &site.taxonomies[*t];
                let tv = self.taxonomy_views.get(taxonomy.name.as_str())?;
                let term = match job {
                    Job::Term(_, i) => Some(&taxonomy.terms[*i]),
                    _ => None,
                };
                pages::prepare_taxonomy(&scope, taxonomy, tv, term)
            }
            Job::NotFound => pages::prepare_not_found(&scope),
            Job::Statement => pages::prepare_statement(&scope, config.accessibility.as_ref()?),
            Job::Asset(name) => pages::prepare_asset(&scope, name),
            Job::Alias(_) | Job::Sitemap | Job::HostFile(_) | Job::ThemeFile(_) | Job::Copy(_) => {
                return None;
            }
        })
    }

    /// The fingerprint of what a file is made from, before what every template shares
    /// is added (see [`Renderer::print`]). For a copy, of the file on disk.
    pub fn local_print(&self, job: &Job) -> u64 {
        if let Some(prepared) = self.prepare(job) {
            return prepared.print();
        }
        match job {
            Job::Alias(i) => hash_bytes(&pages::redirect_page(
                self.config,
                self.site,
                &self.templates.strings,
                &self.site.aliases[*i],
            )),
            // The sitemap is a pure function of these, which are cheaper to hash than
            // the XML is to make.
            Job::Sitemap => Fingerprint::new()
                .add_str(&self.config.base_url.origin)
                .add_str(&self.config.base_url.path)
                .value(&pages::sitemap_entries(self.site))
                .finish(),
            Job::ThemeFile(i) => hash_bytes(&self.theme.static_files[*i].bytes),
            Job::HostFile(name) => {
                hash_bytes(&crate::deploy::host_file(self.config, self.site, name))
            }
            Job::Copy(from) => file_print(from),
            _ => 0,
        }
    }

    /// The whole fingerprint of a file, from its local one.
    pub fn print(&self, job: &Job, local: u64) -> u64 {
        match job {
            Job::Alias(_) | Job::Sitemap | Job::HostFile(_) | Job::ThemeFile(_) | Job::Copy(_) => {
                local
            }
            _ => Fingerprint::new()
                .add_u64(self.global_print)
                .add_u64(local)
                .finish(),
        }
    }

    /// Makes one file.
    pub fn make<'m>(&'m self, job: &'m Job) -> Result<Made<'m>, Diagnostic> {
        let (config, site) = (self.config, self.site);
        if let Some(prepared) = self.prepare(job) {
            return prepared
                .render(&config.root, self.templates)
                .map(Made::Bytes);
        }
        Ok(match job {
            Job::Alias(i) => Made::Bytes(pages::redirect_page(
                config,
                site,
                &self.templates.strings,
                &site.aliases[*i],
            )),
            Job::Sitemap => Made::Bytes(pages::sitemap(config, &pages::sitemap_entries(site))),
            Job::HostFile(name) => Made::Bytes(crate::deploy::host_file(config, site, name)),
            Job::ThemeFile(i) => Made::Held(&self.theme.static_files[*i].bytes),
            Job::Copy(from) => Made::Copy(from),
            _ => Made::Bytes(Vec::new()),
        })
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
                let result = self.make(&o.job).and_then(|made| made.write(sink, &o.path));
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
}

/// How long a file's time is not trusted to tell it apart from an earlier version: file
/// systems stamp times in ticks of a few milliseconds, so two saves of the same size in
/// one tick look the same.
const RECENT: std::time::Duration = std::time::Duration::from_secs(5);

/// The fingerprint of a file on disk: its size and time, or, when it changed so recently
/// that its time may not tell two versions apart, its bytes. (A print by time never
/// equals a print by bytes, so a file that stops being recent is copied once more, and
/// never missed.)
fn file_print(path: &Path) -> u64 {
    let mut f = Fingerprint::new();
    f.add_str(&path.to_string_lossy());
    let Ok(meta) = std::fs::metadata(path) else {
        return f.add_str("missing").finish();
    };
    let modified = meta.modified().ok();
    let recent = modified
        .and_then(|m| std::time::SystemTime::now().duration_since(m).ok())
        .is_none_or(|age| age < RECENT);
    if recent {
        match std::fs::read(path) {
            Ok(bytes) => f.add_str("bytes").add_bytes(&bytes),
            Err(_) => f.add_str("unreadable"),
        };
    } else {
        f.add_str("stamp").add_u64(meta.len());
        if let Some(d) = modified.and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok()) {
            f.add_u64(d.as_nanos() as u64);
        }
    }
    f.finish()
}

/// Each page's template must exist before anything is rendered.
pub fn check_templates(site: &Site, templates: &Templates, diags: &mut Diagnostics) {
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
    // Pages name few templates: each is looked up once.
    let mut known: HashMap<std::borrow::Cow<str>, bool> = HashMap::new();
    for page in &site.pages {
        let name = template_name(site, page);
        let found = match known.get(&name) {
            Some(found) => *found,
            None => {
                let found = templates.contains(&name);
                known.insert(name.clone(), found);
                found
            }
        };
        if found {
            continue;
        }
        let mut d = Diagnostic::error("template", format!("there is no template named `{name}`"));
        if let Some(meta) = &page.meta {
            if meta.front.template.is_some() {
                let at = meta
                    .key_lines
                    .get("template")
                    .copied()
                    .unwrap_or(Location { line: 1, col: 1 });
                d = d.at(&meta.file, &meta.front_text, at);
            } else {
                d = d.in_file(&meta.file);
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
