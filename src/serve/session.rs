//! An incremental build session: the inputs of the last build kept in memory, and a
//! step that takes a list of changed files and brings `output/` up to date.
//!
//! Each step re-reads only what changed (one page, the templates, the data…), rebuilds
//! the site model from what it holds, plans every output file with the fingerprint of
//! its inputs, and writes only the files whose fingerprints changed, removing those no
//! longer planned. The result is the same output a fresh `plainly build` writes, which
//! the watch tests check after every step of long random sequences of edits.
//!
//! A step that fails (a content or template error) writes nothing: the output stays as
//! the last good build left it, and the next good step brings it up to date.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config, Overrides, load_config};
use crate::content::{self, Content, Listing, SourcePage, is_ignored, is_markdown};
use crate::data::load_data;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Live, Sink, Staging, check_output_dir};
use crate::render::brand::{Brand, resolve_brand};
use crate::render::html_path;
use crate::render::plan::check_templates;
use crate::render::theme::{Theme, load_theme};
use crate::render::{Globals, Job, Output, Renderer, Templates, load_templates};
use crate::site::{PageKind, Site, build_site};

/// Above this many changed files, a step writes a whole new output folder and swaps
/// it in, as a full build does, instead of changing files one by one.
const SWAP_ABOVE: usize = 500;

/// What a changed path is, for deciding what to redo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `site.yaml`: everything is read again.
    Config,
    /// The site's `templates/` or a theme in `themes/`: templates, strings, brand.
    Templates,
    /// `data/`.
    Data,
    /// A file in `static/` (relative to it).
    Static(PathBuf),
    /// A Markdown file in `content/` (relative to it).
    Page(PathBuf),
    /// Anything else in `content/`: a file beside pages, or a folder.
    ContentOther(PathBuf),
    /// The output folder, editor temporary files, and anything outside the site.
    Ignored,
}

/// Says what a path means to the site at `root` whose output goes to `output`.
pub fn classify(root: &Path, output: &Path, path: &Path) -> Change {
    if path.starts_with(output) {
        return Change::Ignored;
    }
    if path.file_name().is_some_and(is_ignored) || path.ends_with(".plainly-tmp") {
        return Change::Ignored;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return Change::Ignored;
    };
    if rel == Path::new(CONFIG_FILE) {
        return Change::Config;
    }
    let mut parts = rel.components();
    let Some(first) = parts.next() else {
        return Change::Ignored;
    };
    let rest: PathBuf = parts.collect();
    // A hidden folder anywhere below (such as .git) is never part of the site.
    if rest
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Change::Ignored;
    }
    match first.as_os_str().to_str() {
        Some("templates") | Some("themes") => Change::Templates,
        Some("data") => Change::Data,
        Some("static") => Change::Static(rest),
        Some("content") if is_markdown(&rest) => Change::Page(rest),
        Some("content") => Change::ContentOther(rest),
        _ => Change::Ignored,
    }
}

/// What one step did.
#[derive(Debug)]
pub struct Step {
    /// Whether the output now matches the sources.
    pub ok: bool,
    pub written: usize,
    pub removed: usize,
    /// Whether the whole output folder was written and swapped in.
    pub swapped: bool,
    /// Whether only changed bodies were rendered, with the site model kept.
    pub body_only: bool,
    pub diagnostics: Diagnostics,
    pub elapsed: Duration,
    /// Pages and sections, for the summary line.
    pub pages: usize,
    pub sections: usize,
    /// Time spent in each phase, for `-v`.
    pub phases: Vec<(&'static str, Duration)>,
}

/// Times the phases of a step.
struct Phases(Vec<(&'static str, Duration)>, Instant);

impl Phases {
    fn new() -> Self {
        Phases(Vec::new(), Instant::now())
    }
    fn lap(&mut self, name: &'static str) {
        self.0.push((name, self.1.elapsed()));
        self.1 = Instant::now();
    }
}

/// The theme, templates and brand colours, loaded together.
struct Look {
    theme: Option<Theme>,
    templates: Option<Templates>,
    brand: Option<Brand>,
    diagnostics: Vec<Diagnostic>,
}

impl Look {
    fn load(config: &Config) -> Look {
        let mut diags = Diagnostics::new();
        let (theme, templates, brand) = match load_theme(config) {
            Ok(theme) => {
                let templates = load_templates(config, &theme, &mut diags);
                let brand = resolve_brand(config, &theme, &mut diags);
                (Some(theme), templates, brand)
            }
            Err(d) => {
                diags.extend(d);
                (None, None, None)
            }
        };
        Look {
            theme,
            templates,
            brand,
            diagnostics: diags.into_vec(),
        }
    }
}

/// Everything a build reads, as last read.
struct Inputs {
    config: Config,
    look: Look,
    data: serde_json::Value,
    data_diagnostics: Vec<Diagnostic>,
    listing: Listing,
    listing_diagnostics: Vec<Diagnostic>,
    /// Every Markdown file, read and scanned, with its own problems.
    pages: HashMap<PathBuf, (Option<Arc<SourcePage>>, Vec<Diagnostic>)>,
}

impl Inputs {
    fn load(config: Config) -> Inputs {
        let look = Look::load(&config);
        let mut data_diags = Diagnostics::new();
        let data = load_data(&config, &mut data_diags);
        let mut listing_diags = Diagnostics::new();
        let listing = content::list_content(&config, &mut listing_diags);
        let pages = read_pages(&config, &listing.markdown);
        Inputs {
            config,
            look,
            data,
            data_diagnostics: data_diags.into_vec(),
            listing,
            listing_diagnostics: listing_diags.into_vec(),
            pages,
        }
    }

    fn rescan(&mut self) {
        let mut diags = Diagnostics::new();
        self.listing = content::list_content(&self.config, &mut diags);
        self.listing_diagnostics = diags.into_vec();
        let present: HashSet<&PathBuf> = self.listing.markdown.iter().collect();
        self.pages.retain(|rel, _| present.contains(rel));
        let new: Vec<PathBuf> = self
            .listing
            .markdown
            .iter()
            .filter(|rel| !self.pages.contains_key(*rel))
            .cloned()
            .collect();
        self.pages.extend(read_pages(&self.config, &new));
    }

    fn content(&self) -> Content {
        Content {
            pages: self
                .listing
                .markdown
                .iter()
                .filter_map(|rel| self.pages.get(rel).and_then(|(p, _)| p.clone()))
                .collect(),
            folders: self.listing.folders.clone(),
            assets: self.listing.assets.clone(),
            unreadable: self
                .listing
                .markdown
                .iter()
                .filter(|rel| self.pages.get(*rel).is_none_or(|(p, _)| p.is_none()))
                .cloned()
                .collect(),
        }
    }

    /// Every problem the inputs have, before the model is built.
    fn diagnostics(&self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        diags.extend(self.look.diagnostics.iter().cloned());
        diags.extend(self.data_diagnostics.iter().cloned());
        diags.extend(self.listing_diagnostics.iter().cloned());
        for rel in &self.listing.markdown {
            if let Some((_, d)) = self.pages.get(rel) {
                diags.extend(d.iter().cloned());
            }
        }
        diags
    }
}

fn read_pages(
    config: &Config,
    rels: &[PathBuf],
) -> HashMap<PathBuf, (Option<Arc<SourcePage>>, Vec<Diagnostic>)> {
    rels.par_iter()
        .map(|rel| {
            let (page, diags) = content::read_page(config, rel);
            (rel.clone(), (page.map(Arc::new), diags))
        })
        .collect()
}

/// A build that stays in memory between changes.
pub struct Session {
    root: PathBuf,
    overrides: Overrides,
    inputs: Option<Inputs>,
    config_diagnostics: Diagnostics,
    /// Output path → fingerprint of what the last good step wrote there.
    written: HashMap<PathBuf, u64>,
    /// The site model of the last step, when it succeeded.
    site: Option<Site>,
    /// Previous outputs swapped out, to remove while nothing else is happening.
    trash: Vec<PathBuf>,
}

impl Session {
    /// Reads the site at `root` and builds it in full (output swapped in as by `build`).
    pub fn start(root: &Path, overrides: &Overrides) -> (Session, Step) {
        let mut session = Session {
            root: crate::config::absolute(root),
            overrides: overrides.clone(),
            inputs: None,
            config_diagnostics: Diagnostics::new(),
            written: HashMap::new(),
            site: None,
            trash: Vec::new(),
        };
        let step = session.reload_all();
        (session, step)
    }

    /// The site's configuration, once it has been read.
    pub fn config(&self) -> Option<&Config> {
        self.inputs.as_ref().map(|i| &i.config)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The output folder: from the configuration, or where it would be by default.
    pub fn output_dir(&self) -> PathBuf {
        match (&self.inputs, &self.overrides.output_dir) {
            (Some(i), _) => i.config.output_dir.clone(),
            (None, Some(o)) => crate::config::absolute(o),
            (None, None) => self.root.join("output"),
        }
    }

    /// Removes previous outputs that steps swapped out. Called while idle: removing
    /// thousands of files at the same time as writing them slows both down.
    pub fn tidy(&mut self) {
        for dir in self.trash.drain(..) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    /// Reads everything again and builds in full.
    pub fn reload(&mut self) -> Step {
        self.reload_all()
    }

    fn reload_all(&mut self) -> Step {
        let started = Instant::now();
        match load_config(&self.root, &self.overrides) {
            Ok(config) => {
                self.config_diagnostics = Diagnostics::new();
                self.inputs = Some(Inputs::load(config));
                self.rebuild(HashSet::new(), true, started)
            }
            Err(d) => {
                self.config_diagnostics = d.clone();
                self.inputs = None;
                failed(d, started)
            }
        }
    }

    /// Brings the output up to date after `paths` changed (absolute, or relative to the
    /// site root). Paths may be files or folders, and may no longer exist.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Step {
        let started = Instant::now();
        let output = self.output_dir();
        let changes: Vec<Change> = paths
            .iter()
            .map(|p| {
                let p = if p.is_absolute() {
                    p.clone()
                } else {
                    self.root.join(p)
                };
                classify(&self.root, &output, &p)
            })
            .collect();
        if self.inputs.is_none() || changes.contains(&Change::Config) {
            return self.reload_all();
        }
        if let Some(step) = self.try_body_only(&changes, started) {
            return step;
        }
        let inputs = self.inputs.as_mut().expect("checked above");
        let mut forced: HashSet<PathBuf> = HashSet::new();
        let mut forced_content: HashSet<PathBuf> = HashSet::new();
        let mut reread: Vec<PathBuf> = Vec::new();
        let mut rescan = false;
        let mut look = false;
        let mut data = false;
        for change in changes {
            match change {
                Change::Config | Change::Ignored => {}
                Change::Templates => look = true,
                Change::Data => data = true,
                Change::Static(rel) => {
                    forced.insert(rel);
                }
                Change::Page(rel) => {
                    let exists = inputs.config.content_dir().join(&rel).is_file();
                    if !exists || !inputs.pages.contains_key(&rel) {
                        rescan = true;
                    }
                    reread.push(rel);
                }
                Change::ContentOther(rel) => {
                    rescan = true;
                    forced_content.insert(rel);
                }
            }
        }
        if look {
            inputs.look = Look::load(&inputs.config);
        }
        if data {
            let mut diags = Diagnostics::new();
            inputs.data = load_data(&inputs.config, &mut diags);
            inputs.data_diagnostics = diags.into_vec();
        }
        if rescan {
            inputs.rescan();
        }
        reread.retain(|rel| inputs.config.content_dir().join(rel).is_file());
        reread.sort();
        reread.dedup();
        let fresh = read_pages(&inputs.config, &reread);
        inputs.pages.extend(fresh);
        // Files beside pages are copied again whatever their stamps say.
        if !forced_content.is_empty() {
            forced.extend(
                forced_content
                    .into_iter()
                    .map(|rel| PathBuf::from("\0content").join(rel)),
            );
        }
        self.rebuild(forced, false, started)
    }

    /// The common case, made fast: pages whose bodies changed while everything other
    /// pages show of them (title, dates, summary, anchors, terms, reading time…) stayed
    /// the same. Only those pages, and the single-page view of their publication, are
    /// made again; the site model is kept. `None` when the change is of another kind.
    fn try_body_only(&mut self, changes: &[Change], started: Instant) -> Option<Step> {
        let Session {
            inputs,
            written,
            site: kept,
            ..
        } = self;
        let inputs = inputs.as_mut()?;
        let rels: Vec<&PathBuf> = changes
            .iter()
            .filter(|c| **c != Change::Ignored)
            .map(|c| match c {
                Change::Page(rel) => Some(rel),
                _ => None,
            })
            .collect::<Option<_>>()?;
        if rels.is_empty() || kept.is_none() {
            return None;
        }
        let mut fresh = Vec::new();
        for rel in rels {
            let (Some(Some(old)), true) = (
                inputs.pages.get(rel).map(|(p, _)| p.clone()),
                inputs.config.content_dir().join(rel).is_file(),
            ) else {
                return None;
            };
            let (page, diags) = content::read_page(&inputs.config, rel);
            let page = Arc::new(page?);
            if !same_to_others(&old, &page) {
                return None;
            }
            fresh.push((rel.clone(), page, diags));
        }
        let site = kept.as_mut()?;
        let mut diags = Diagnostics::new();
        let mut ids = Vec::new();
        for (rel, page, page_diags) in &fresh {
            let id = site.page_from(rel)?;
            let link_diags = site.replace_body(&inputs.config, id, page.clone());
            diags.extend(page_diags.iter().cloned());
            diags.extend(link_diags);
            ids.push(id);
        }
        for (rel, page, page_diags) in fresh {
            inputs.pages.insert(rel, (Some(page), page_diags));
        }
        let mut diags = crate::check::settle_for(&inputs.config, Some(site), diags);
        if diags.has_errors() {
            // A link that broke: the whole site is checked again.
            *kept = None;
            return None;
        }
        let (Some(theme), Some(templates), Some(brand)) = (
            &inputs.look.theme,
            &mut inputs.look.templates,
            &inputs.look.brand,
        ) else {
            return None;
        };
        let site: &Site = site;
        let globals = Globals {
            data: &inputs.data,
            brand,
        };
        let renderer = Renderer::new(&inputs.config, site, templates, theme, &globals);
        let mut outputs = Vec::new();
        let mut publications = Vec::new();
        for id in ids {
            let page = site.page(id);
            outputs.push(Output {
                path: html_path(&page.path),
                job: Job::Page(id),
                fingerprint: renderer.page_print(id),
            });
            if let Some(s) = site.publication_of(page)
                && !publications.contains(&s)
            {
                publications.push(s);
            }
        }
        for s in publications {
            if let Some(path) = &site.section(s).single_page {
                outputs.push(Output {
                    path: html_path(path),
                    job: Job::SinglePage(s),
                    fingerprint: renderer.single_page_print(s, &|id| renderer.page_print(id)),
                });
            }
        }
        let changed: Vec<&Output> = outputs
            .iter()
            .filter(|o| written.get(&o.path) != Some(&o.fingerprint))
            .collect();
        let (count, _) = write_changes(&renderer, &inputs.config, &changed, &[], &mut diags)?;
        for o in &outputs {
            written.insert(o.path.clone(), o.fingerprint);
        }
        diags.sort();
        Some(Step {
            ok: true,
            written: count,
            removed: 0,
            swapped: false,
            body_only: true,
            diagnostics: diags,
            elapsed: started.elapsed(),
            pages: site
                .pages
                .iter()
                .filter(|p| p.kind == PageKind::Page)
                .count(),
            sections: site.sections.len().saturating_sub(1),
            phases: Vec::new(),
        })
    }

    /// Plans the whole output and writes what changed. `forced` holds output paths to
    /// write whatever their fingerprints (files an event named), and content paths
    /// under `\0content/` for files beside pages.
    fn rebuild(&mut self, forced: HashSet<PathBuf>, full: bool, started: Instant) -> Step {
        // Only a step that succeeds leaves a model for the next one to start from.
        self.site = None;
        let Some(inputs) = self.inputs.as_mut() else {
            return failed(self.config_diagnostics.clone(), started);
        };
        let mut phases = Phases::new();
        let mut diags = inputs.diagnostics();
        let content = inputs.content();
        let config = &inputs.config;
        if let Err(d) = check_output_dir(config) {
            diags.push(d);
            return failed(diags, started);
        }
        phases.lap("inputs");
        let site = build_site(config, content, &mut diags);
        let mut diags = crate::check::review(config, &site, diags);
        phases.lap("model");
        let Look {
            theme: Some(theme),
            templates: Some(templates),
            brand: Some(brand),
            ..
        } = &mut inputs.look
        else {
            return failed(diags, started);
        };
        if diags.has_errors() {
            return failed(diags, started);
        }
        check_templates(config, &site, templates, &mut diags);
        if diags.has_errors() {
            return failed(diags, started);
        }
        let globals = Globals {
            data: &inputs.data,
            brand,
        };
        let renderer = Renderer::new(config, &site, templates, theme, &globals);
        phases.lap("globals");
        let outputs = renderer.plan(true, &mut diags);
        if diags.has_errors() {
            return failed(diags, started);
        }
        phases.lap("plan");
        // Output paths of files beside pages that an event named.
        let forced_assets: HashSet<&Path> = site
            .assets
            .iter()
            .filter(|a| forced.contains(&PathBuf::from("\0content").join(&a.source)))
            .map(|a| a.output.as_path())
            .collect();
        let dirty: Vec<&Output> = outputs
            .iter()
            .filter(|o| {
                full || forced.contains(&o.path)
                    || forced_assets.contains(o.path.as_path())
                    || self.written.get(&o.path) != Some(&o.fingerprint)
            })
            .collect();
        let planned: HashSet<&Path> = outputs.iter().map(|o| o.path.as_path()).collect();
        let mut stale: Vec<&PathBuf> = self
            .written
            .keys()
            .filter(|p| !planned.contains(p.as_path()))
            .collect();
        stale.sort();

        let swapped = full || dirty.len() > SWAP_ABOVE || !config.output_dir.is_dir();
        let (written, removed) = if swapped {
            let staging = match Staging::create(config) {
                Ok(s) => s.keep_previous(),
                Err(d) => {
                    diags.push(d);
                    return failed(diags, started);
                }
            };
            let all: Vec<&Output> = outputs.iter().collect();
            let (_, files) = renderer.write(&all, &staging, &mut diags);
            if diags.has_errors() {
                return failed(diags, started);
            }
            match staging.commit() {
                Ok(previous) => self.trash.extend(previous),
                Err(d) => {
                    diags.push(d);
                    return failed(diags, started);
                }
            }
            (files, stale.len())
        } else {
            match write_changes(&renderer, config, &dirty, &stale, &mut diags) {
                Some(counts) => counts,
                None => return failed(diags, started),
            }
        };
        phases.lap("write");
        drop(renderer);
        self.written = outputs
            .iter()
            .map(|o| (o.path.clone(), o.fingerprint))
            .collect();
        diags.sort();
        let pages = site
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Page)
            .count();
        let sections = site.sections.len().saturating_sub(1);
        self.site = Some(site);
        Step {
            phases: phases.0,
            ok: true,
            written,
            removed,
            swapped,
            body_only: false,
            diagnostics: diags,
            elapsed: started.elapsed(),
            pages,
            sections,
        }
    }
}

/// Renders the changed files in memory first, so that an error leaves the output as it
/// was; then writes them into the output folder and removes the stale ones.
fn write_changes(
    renderer: &Renderer,
    config: &Config,
    dirty: &[&Output],
    stale: &[&PathBuf],
    diags: &mut Diagnostics,
) -> Option<(usize, usize)> {
    // `None` for files copied as they are, which cannot fail to render.
    type Made = Result<Option<Vec<u8>>, Diagnostic>;
    let rendered: Vec<(&Output, Made)> = dirty
        .par_iter()
        .map(|o| {
            let bytes = match &o.job {
                Job::Copy(_) => Ok(None),
                job => renderer.render(job).map(Some),
            };
            (*o, bytes)
        })
        .collect();
    let mut ready = Vec::with_capacity(rendered.len());
    for (o, r) in rendered {
        match r {
            Ok(bytes) => ready.push((o, bytes)),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return None;
    }
    let live = match Live::new(config) {
        Ok(l) => l,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let results: Vec<Result<(), Diagnostic>> = ready
        .par_iter()
        .map(|(o, bytes)| match (&o.job, bytes) {
            (Job::Copy(from), _) => live.copy(from, &o.path),
            (_, Some(bytes)) => live.write(&o.path, bytes),
            (_, None) => Ok(()),
        })
        .collect();
    for r in results {
        if let Err(d) = r {
            diags.push(d);
        }
    }
    for path in stale {
        if let Err(d) = live.remove(path) {
            diags.push(d);
        }
    }
    (!diags.has_errors()).then_some((ready.len(), stale.len()))
}

/// Whether a new version of a page shows the same to every other page: everything
/// lists, breadcrumbs, contents, previous/next links, taxonomy pages, the sitemap and
/// links from other pages use.
fn same_to_others(old: &SourcePage, new: &SourcePage) -> bool {
    let minutes = |p: &SourcePage| p.scanned.word_count.div_ceil(200).max(1);
    old.kind == new.kind
        && old.title == new.title
        && old.front == new.front
        && old.taxonomies == new.taxonomies
        && old.scanned.anchors == new.scanned.anchors
        && minutes(old) == minutes(new)
}

fn failed(mut diagnostics: Diagnostics, started: Instant) -> Step {
    diagnostics.sort();
    Step {
        ok: false,
        written: 0,
        removed: 0,
        swapped: false,
        body_only: false,
        diagnostics,
        elapsed: started.elapsed(),
        pages: 0,
        sections: 0,
        phases: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified() {
        let root = Path::new("/site");
        let out = Path::new("/site/output");
        let c = |p: &str| classify(root, out, Path::new(p));
        assert_eq!(c("/site/site.yaml"), Change::Config);
        assert_eq!(c("/site/content/a/b.md"), Change::Page("a/b.md".into()));
        assert_eq!(
            c("/site/content/a/logo.png"),
            Change::ContentOther("a/logo.png".into())
        );
        assert_eq!(c("/site/content/a"), Change::ContentOther("a".into()));
        assert_eq!(c("/site/templates/page.html"), Change::Templates);
        assert_eq!(c("/site/themes/default/theme.yaml"), Change::Templates);
        assert_eq!(
            c("/site/static/css/x.css"),
            Change::Static("css/x.css".into())
        );
        assert_eq!(c("/site/data/partners.yaml"), Change::Data);
        assert_eq!(c("/site/output/index.html"), Change::Ignored);
        assert_eq!(c("/site/content/.a.md.swp"), Change::Ignored);
        assert_eq!(c("/site/content/a.md~"), Change::Ignored);
        assert_eq!(c("/site/content/4913"), Change::Ignored);
        assert_eq!(c("/site/.git/index"), Change::Ignored);
        assert_eq!(c("/elsewhere/x.md"), Change::Ignored);
        assert_eq!(c("/site/README.md"), Change::Ignored);
    }
}
