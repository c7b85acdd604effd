//! The one way a site is built. [`run`] takes what was read ([`Inputs`]) and makes the
//! output: site model → links → checks → plan → render → write. `plainly build`,
//! `plainly check`, `plainly serve` and `plainly build --watch` all call it; watch mode
//! only keeps the inputs and a [`Memo`] between runs and passes them in again.
//!
//! A [`Memo`] holds what the last run made, with what it was made from: the site
//! model (reused while the configuration, the listing and every page's metadata are the
//! same, compared by value), each page's resolved body (reused while the page's body is
//! the same), and each output file's fingerprint. Every reuse is decided here, by
//! comparing inputs, never by the caller; so an incremental build is a full build that
//! skips work whose inputs it has already seen, and writes only the files whose
//! fingerprints changed.
//!
//! Whether a run fails, and the line that sums it up, are decided here too
//! ([`Outcome`]), for every command alike.

pub mod inputs;

pub use inputs::{Inputs, LoadedPage};

use crate::fingerprint::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check;
use crate::config::{Config, Overrides, load_config};
use crate::content::{Listing, PageMeta};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Discard, Live, Staging, check_output_dir};
use crate::render::view::SiteViews;
use crate::render::{Made, Output, Renderer, check_templates, plan_outputs};
use crate::rules::Mode;
use crate::site::{Linker, PageBody, Site, Sources, build_site};

/// Above this many changed files, a run writes a whole new output folder and swaps it
/// in, instead of changing files one by one in the live output.
const SWAP_ABOVE: usize = 500;

/// What a run does with what it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Writes the output folder.
    Write,
    /// Renders every file and keeps none (`plainly check`).
    Check,
}

/// What one run did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Whether the output now matches the sources (for `check`: whether it would).
    pub ok: bool,
    pub diagnostics: Diagnostics,
    /// Whether warnings fail the run.
    pub strict: bool,
    /// Pages of the content: the home page, section front pages, covers, chapters and
    /// ordinary pages (not the generated lists, the statement or the 404 page).
    pub pages: usize,
    /// Sections, not counting the home page.
    pub sections: usize,
    /// Files written.
    pub written: usize,
    /// Files removed because nothing makes them any more.
    pub removed: usize,
    /// Whether a whole new output folder was written and swapped in.
    pub swapped: bool,
    pub elapsed: Duration,
    pub output_dir: PathBuf,
    /// Time spent in each step, for `-v`.
    pub phases: Vec<(&'static str, Duration)>,
}

impl Outcome {
    fn failed(mut diagnostics: Diagnostics, strict: bool, started: Instant) -> Outcome {
        diagnostics.sort();
        Outcome {
            diagnostics,
            strict,
            elapsed: started.elapsed(),
            ..Outcome::default()
        }
    }

    /// The line that ends a failed build: how many errors (or, under `--strict`, how many
    /// warnings) stopped it. `kept` says what became of the output.
    pub fn failure_line(&self, kept: &str) -> String {
        let errors = self.diagnostics.error_count();
        let warnings = self.diagnostics.warning_count();
        if errors == 0 && self.strict && warnings > 0 {
            format!(
                "Build failed: {warnings} warning{} and --strict makes warnings fail the build; {kept}.",
                plural(warnings)
            )
        } else {
            format!(
                "Build failed with {errors} error{}; {kept}.",
                plural(errors)
            )
        }
    }

    /// The line that ends a successful build: a whole one (`Built 6 pages in 1 section in
    /// 24 ms → output/`) or a step of watch mode that changed some files.
    pub fn success_line(&self, shown_dir: &str) -> String {
        let ms = self.elapsed.as_secs_f64() * 1000.0;
        let warnings = match self.diagnostics.warning_count() {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        };
        if self.swapped {
            let sections = match self.sections {
                0 => String::new(),
                n => format!(" in {n} section{}", plural(n)),
            };
            format!(
                "Built {} page{}{sections} in {ms:.0} ms{warnings} → {shown_dir}",
                self.pages,
                plural(self.pages),
            )
        } else {
            format!(
                "Rebuilt in {ms:.0} ms: {} file{} written, {} removed{warnings}",
                self.written,
                plural(self.written),
                self.removed,
            )
        }
    }

    /// The line that ends `plainly check`.
    pub fn check_line(&self) -> String {
        let (errors, warnings) = (
            self.diagnostics.error_count(),
            self.diagnostics.warning_count(),
        );
        format!(
            "Checked {} page{} in {} ms: {errors} error{}, {warnings} warning{}.",
            self.pages,
            plural(self.pages),
            self.elapsed.as_millis(),
            plural(errors),
            plural(warnings),
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The site model of a run, with what it was made from.
struct Model {
    config: Arc<Config>,
    listing: Arc<Listing>,
    metas: Vec<Arc<PageMeta>>,
    unreadable: Vec<PathBuf>,
    mode: Mode,
    site: Arc<Site>,
    /// Every page as others show it.
    views: Arc<SiteViews>,
    linker: Arc<Linker>,
    /// Problems building the model, and the findings of the rules on it.
    diagnostics: Vec<Diagnostic>,
    /// Each page's body, by the page's place in the sources (`metas`).
    by_source: Vec<Option<Arc<PageBody>>>,
    /// Each page's body, by page id.
    bodies: Vec<Option<Arc<PageBody>>>,
}

impl Model {
    /// Whether this model is the one these inputs make: the same configuration, run
    /// options, listing and page metadata.
    fn holds_for(
        &self,
        config: &Arc<Config>,
        mode: &Mode,
        listing: &Arc<Listing>,
        metas: &[Arc<PageMeta>],
        unreadable: &[PathBuf],
    ) -> bool {
        (Arc::ptr_eq(&self.config, config) || *self.config == **config)
            && self.mode == *mode
            && (Arc::ptr_eq(&self.listing, listing) || *self.listing == **listing)
            && self.unreadable == unreadable
            && self.metas.len() == metas.len()
            && self
                .metas
                .iter()
                .zip(metas)
                .all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
    }
}

/// A file's own fingerprint, with the bodies it read to make it.
type Print = (Vec<Option<Arc<PageBody>>>, u64);

/// What one run leaves for the next: the model, fingerprints of the files each output
/// path holds, and previous output folders to remove while idle.
#[derive(Default)]
pub struct Memo {
    /// Whether to keep anything: a one-off build keeps nothing and writes every file.
    keep: bool,
    model: Option<Model>,
    /// The plan of the last run, what it was made from (model and look), and the
    /// problems planning found.
    plan: Option<Plan>,
    /// Each file's own fingerprint, with the bodies it read, by its place in the plan;
    /// they hold while the plan's model and look do.
    locals: Vec<Option<Print>>,
    /// What the output holds: the plan last written, and each file's fingerprint by its
    /// place in it.
    written: Option<Held>,
    trash: Vec<PathBuf>,
    /// What the last runs made and no longer need, dropped while idle: freeing a model of
    /// 10,000 pages takes as long as a small rebuild.
    garbage: Vec<Box<dyn std::any::Any + Send>>,
}

/// What an output folder holds, as the last run that wrote it left it.
struct Held {
    /// The folder: what is known of one says nothing of another (`output_dir` changed).
    dir: PathBuf,
    plan: Arc<Vec<Output>>,
    /// Each file's fingerprint, by its place in `plan`.
    prints: Vec<u64>,
}

/// A plan, with what it was made from.
struct Plan {
    site: Arc<Site>,
    look: Arc<()>,
    outputs: Arc<Vec<Output>>,
    diagnostics: Vec<Diagnostic>,
}

impl Memo {
    /// A memo for a long-running session (watch mode): each run writes only the files
    /// that changed since the last one.
    pub fn watching() -> Memo {
        Memo {
            keep: true,
            ..Memo::default()
        }
    }

    /// Removes previous outputs that runs swapped out. Called while idle: removing
    /// thousands of files while writing thousands slows both down.
    pub fn tidy(&mut self) {
        self.garbage.clear();
        for dir in self.trash.drain(..) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    /// Forgets what is in the output folder, so that the next run writes all of it.
    fn forget_output(&mut self) {
        self.written = None;
    }
}

/// Builds the site at `root` once, into its output folder.
pub fn build(root: &Path, overrides: &Overrides, mode: &Mode) -> Outcome {
    one_off(root, overrides, mode, Target::Write)
}

/// Checks the site at `root`: every step of a build, every file rendered, nothing written.
pub fn check(root: &Path, overrides: &Overrides, mode: &Mode) -> Outcome {
    one_off(root, overrides, mode, Target::Check)
}

fn one_off(root: &Path, overrides: &Overrides, mode: &Mode, target: Target) -> Outcome {
    let started = Instant::now();
    let config = match load_config(root, overrides) {
        Ok(c) => c,
        Err(d) => return Outcome::failed(d, mode.strict, started),
    };
    if target == Target::Write {
        crate::output::recover(&config.root, &config.output_dir);
    }
    let read_started = Instant::now();
    let mut inputs = Inputs::read(config, mode);
    let read = read_started.elapsed();
    let mut outcome = run(&mut inputs, &mut Memo::default(), target);
    outcome.phases.insert(0, ("read", read));
    outcome.elapsed = started.elapsed();
    outcome
}

/// Times the phases of a run.
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

/// Builds the site from its inputs: the one orchestration every command goes through.
/// With a memo from an earlier run, work whose inputs are unchanged is reused and, when
/// writing, only changed files are written. A run that fails writes nothing.
pub fn run(inputs: &mut Inputs, memo: &mut Memo, target: Target) -> Outcome {
    let started = Instant::now();
    let mut phases = Phases::new();
    let mode = inputs.mode().clone();
    let strict = mode.strict;
    let config = inputs.config.clone();
    let mut diags = inputs.diagnostics();
    if target == Target::Write
        && let Err(d) = check_output_dir(&config.root, &config.output_dir)
    {
        diags.push(d);
        return Outcome::failed(diags, strict, started);
    }
    phases.lap("inputs");

    let model = model(inputs, memo, &mode);
    let site = model.site.clone();
    diags.extend(model.diagnostics.iter().cloned());
    for body in model.bodies.iter().flatten() {
        diags.extend(body.diagnostics.iter().cloned());
    }
    if mode.external {
        diags.extend(check::external::check_external(
            &config,
            &site,
            &model.bodies,
        ));
    }
    let mut diags = check::settle(&config, &mode, Some(&site), diags);
    phases.lap("model");
    // Every page of the content: the home page, section front pages and covers count.
    let pages = site.pages.len();
    let sections = site.sections.len().saturating_sub(1);
    let look_id = inputs.look_id().clone();
    let Some(look) = inputs.look.as_mut() else {
        return Outcome::failed(diags, strict, started).counting(pages, sections);
    };
    if mode.fails(&diags) {
        return Outcome::failed(diags, strict, started).counting(pages, sections);
    }
    // The plan is a function of the model and the look: kept while both are.
    let kept_plan = match memo.plan.take() {
        Some(p) if Arc::ptr_eq(&p.site, &site) && Arc::ptr_eq(&p.look, &look_id) => Some(p),
        Some(p) => {
            memo.garbage.push(Box::new(p));
            None
        }
        None => None,
    };
    let plan = match kept_plan {
        Some(plan) => plan,
        None => {
            let mut found = Diagnostics::new();
            check_templates(&site, &look.templates, &mut found);
            let outputs = if found.has_errors() {
                Vec::new()
            } else {
                plan_outputs(&config, &site, &look.theme, &mut found)
            };
            Plan {
                site: site.clone(),
                look: look_id.clone(),
                outputs: Arc::new(outputs),
                diagnostics: found.into_vec(),
            }
        }
    };
    diags.extend(plan.diagnostics.iter().cloned());
    let outputs = plan.outputs.clone();
    if memo.keep {
        memo.plan = Some(plan);
    }
    if diags.has_errors() {
        return Outcome::failed(diags, strict, started).counting(pages, sections);
    }
    let renderer = match Renderer::new(
        &config,
        &site,
        &model.views,
        &model.bodies,
        look,
        &inputs.data,
    ) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return Outcome::failed(diags, strict, started).counting(pages, sections);
        }
    };
    phases.lap("plan");

    let written = match target {
        Target::Check => {
            let all: Vec<&Output> = outputs.iter().collect();
            renderer.write(&all, &Discard, &mut diags);
            Written::default()
        }
        Target::Write if !memo.keep => write_all(&renderer, &config, &outputs, false, &mut diags),
        Target::Write => write_changes(&renderer, &config, &outputs, memo, &mut phases, &mut diags),
    };
    phases.lap("write");
    drop(renderer);
    if let Some(previous) = written.previous.clone() {
        memo.trash.push(previous);
    }
    if memo.keep {
        memo.model = Some(model);
    }
    if written.partial {
        // Writing failed part way: what the output holds is no longer known.
        memo.forget_output();
    }
    if mode.fails(&diags) || written.partial {
        return Outcome::failed(diags, strict, started).counting(pages, sections);
    }
    diags.sort();
    Outcome {
        ok: true,
        diagnostics: diags,
        strict,
        pages,
        sections,
        written: written.files,
        removed: written.removed,
        swapped: written.swapped,
        elapsed: started.elapsed(),
        output_dir: config.output_dir.clone(),
        phases: phases.0,
    }
}

impl Outcome {
    fn counting(mut self, pages: usize, sections: usize) -> Outcome {
        self.pages = pages;
        self.sections = sections;
        self
    }
}

/// The site model and each page's body for these inputs: kept from the memo where the
/// inputs they were made from are the same, made anew where not. A page's body (its
/// resolved links) is kept while its scan is the same and the [`Linker`] it was
/// resolved with is equal to the new one, even if the model changed around it.
fn model(inputs: &Inputs, memo: &mut Memo, mode: &Mode) -> Model {
    let config = &inputs.config;
    let (sources, unreadable) = inputs.sources();
    let metas: Vec<Arc<PageMeta>> = sources.iter().map(|p| p.meta.clone()).collect();
    let old = memo.model.take();
    let kept = old
        .as_ref()
        .filter(|m| m.holds_for(config, mode, &inputs.listing, &metas, &unreadable));
    let (site, views, linker, diagnostics) = match kept {
        Some(m) => (
            m.site.clone(),
            m.views.clone(),
            m.linker.clone(),
            m.diagnostics.clone(),
        ),
        None => {
            let mut diags = Diagnostics::new();
            let site = build_site(
                config,
                Sources {
                    listing: &inputs.listing,
                    pages: &metas,
                    unreadable: &unreadable,
                },
                &mut diags,
            );
            // Three things made of the model alone, at once.
            let ((linker, views), checks) = rayon::join(
                || {
                    rayon::join(
                        || match &old {
                            Some(m) if m.linker.holds_for(config, &site) => m.linker.clone(),
                            _ => Arc::new(Linker::new(config, &site)),
                        },
                        || Arc::new(SiteViews::new(config, &site)),
                    )
                },
                || check::content::check_site(config, mode, &site),
            );
            diags.extend(checks);
            (Arc::new(site), views, linker, diags.into_vec())
        }
    };
    let same_linker = old
        .as_ref()
        .is_some_and(|m| Arc::ptr_eq(&m.linker, &linker));
    // Drafts left out, and pages in no section, have no body to resolve.
    let mut in_site = vec![false; sources.len()];
    for i in site.pages.iter().filter_map(|p| p.source) {
        in_site[i] = true;
    }
    let by_source: Vec<Option<Arc<PageBody>>> = sources
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            if !in_site[i] {
                return None;
            }
            let kept = old.as_ref().filter(|_| same_linker).and_then(|m| {
                let body = m.by_source.get(i)?.as_ref()?;
                let same_file = m.metas[i].rel == page.meta.rel;
                let same_scan = Arc::ptr_eq(&body.scan, &page.body) || *body.scan == *page.body;
                (same_file && same_scan).then(|| body.clone())
            });
            Some(kept.unwrap_or_else(|| {
                let mut body = linker.resolve(&page.meta, &page.body);
                show_lines(&config.root, &page.meta, &mut body);
                Arc::new(body)
            }))
        })
        .collect();
    let bodies = site
        .pages
        .iter()
        .map(|p| p.source.and_then(|i| by_source[i].clone()))
        .collect();
    if let Some(old) = old {
        memo.garbage.push(Box::new(old));
    }
    Model {
        config: config.clone(),
        listing: inputs.listing.clone(),
        metas,
        unreadable,
        mode: mode.clone(),
        site,
        views,
        linker,
        diagnostics,
        by_source,
        bodies,
    }
}

/// Shows the lines of a body's link problems, from its file as it was read.
fn show_lines(root: &Path, meta: &PageMeta, body: &mut PageBody) {
    if body.diagnostics.is_empty() {
        return;
    }
    if let Some(text) = crate::content::text_as_read(root, meta, &body.scan) {
        body.diagnostics = std::mem::take(&mut body.diagnostics)
            .into_iter()
            .map(|d| d.show_line(&text))
            .collect();
    }
}

/// What writing did.
#[derive(Default)]
struct Written {
    /// Whether it failed part way, leaving the output neither as it was nor as planned.
    partial: bool,
    files: usize,
    removed: usize,
    swapped: bool,
    /// A previous output swapped out, to remove later.
    previous: Option<PathBuf>,
}

/// Writes every file into a new folder and swaps it in for the output folder.
fn write_all(
    renderer: &Renderer,
    config: &Config,
    outputs: &[Output],
    keep_previous: bool,
    diags: &mut Diagnostics,
) -> Written {
    let staging = match Staging::create(
        &config.root,
        &config.output_dir,
        config.replace_foreign_output,
    ) {
        Ok(s) if keep_previous => s.keep_previous(),
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return Written::default();
        }
    };
    let all: Vec<&Output> = outputs.iter().collect();
    let (_, files) = renderer.write(&all, &staging, diags);
    if diags.has_errors() {
        // Dropping the staging folder removes it; the previous output is untouched.
        return Written::default();
    }
    match staging.commit() {
        Ok(previous) => Written {
            files,
            swapped: true,
            previous,
            ..Written::default()
        },
        Err(d) => {
            diags.push(d);
            Written {
                partial: true,
                ..Written::default()
            }
        }
    }
}

/// Fingerprints every file, then writes those whose fingerprints changed and removes
/// those no longer made: in the live output when few changed, into a new folder swapped
/// in when many did (or the output is missing).
fn write_changes(
    renderer: &Renderer,
    config: &Config,
    outputs: &Arc<Vec<Output>>,
    memo: &mut Memo,
    phases: &mut Phases,
    diags: &mut Diagnostics,
) -> Written {
    // What is known of another output folder says nothing of this one.
    if memo
        .written
        .as_ref()
        .is_some_and(|held| held.dir != config.output_dir)
    {
        memo.forget_output();
    }
    // Own fingerprints are kept by place in the plan, which is the same while its model
    // and look are; a new plan starts them afresh.
    let same_plan = memo
        .written
        .as_ref()
        .is_some_and(|held| Arc::ptr_eq(&held.plan, outputs));
    if !same_plan || memo.locals.len() != outputs.len() {
        let old = std::mem::replace(&mut memo.locals, vec![None; outputs.len()]);
        memo.garbage.push(Box::new(old));
    }
    let locals = &memo.locals;
    let prints: Vec<(u64, Option<Print>)> = outputs
        .par_iter()
        .enumerate()
        .map(|(i, o)| {
            let reads: Vec<Option<Arc<PageBody>>> = renderer
                .reads(&o.job)
                .into_iter()
                .map(|id| renderer.body(id).cloned())
                .collect();
            if let Some((read, print)) = &locals[i]
                && same_bodies(read, &reads)
            {
                return (renderer.print(&o.job, *print), None);
            }
            let local = renderer.local_print(&o.job);
            let keep = o.job.from_model().then_some((reads, local));
            (renderer.print(&o.job, local), keep)
        })
        .collect();
    let mut new_prints = Vec::with_capacity(prints.len());
    for (i, (print, keep)) in prints.into_iter().enumerate() {
        if let Some(entry) = keep {
            memo.locals[i] = Some(entry);
        }
        new_prints.push(print);
    }
    // What each planned path holds now, and the paths no longer planned.
    let (before, stale): (Vec<Option<u64>>, Vec<PathBuf>) = match &memo.written {
        None => (vec![None; outputs.len()], Vec::new()),
        Some(Held { plan, prints, .. }) if Arc::ptr_eq(plan, outputs) || **plan == **outputs => {
            (prints.iter().copied().map(Some).collect(), Vec::new())
        }
        Some(Held { plan, prints, .. }) => {
            let held: HashMap<&Path, u64> = plan
                .iter()
                .zip(prints)
                .map(|(o, p)| (o.path.as_path(), *p))
                .collect();
            let planned: HashSet<&Path> = outputs.iter().map(|o| o.path.as_path()).collect();
            let mut stale: Vec<PathBuf> = plan
                .iter()
                .filter(|o| !planned.contains(o.path.as_path()))
                .map(|o| o.path.clone())
                .collect();
            stale.sort();
            stale.dedup();
            let before = outputs
                .iter()
                .map(|o| held.get(o.path.as_path()).copied())
                .collect();
            (before, stale)
        }
    };
    let dirty: Vec<&Output> = outputs
        .iter()
        .zip(&new_prints)
        .zip(&before)
        .filter(|((_, new), old)| **old != Some(**new))
        .map(|((o, _), _)| o)
        .collect();
    phases.lap("prints");
    let swap = memo.written.is_none() || dirty.len() > SWAP_ABOVE || !config.output_dir.is_dir();
    let written = if swap {
        let mut w = write_all(renderer, config, outputs, true, diags);
        w.removed = stale.len();
        w
    } else {
        write_live(renderer, config, &dirty, &stale, diags)
    };
    if !written.partial
        && !diags.has_errors()
        && let Some(old) = memo.written.replace(Held {
            dir: config.output_dir.clone(),
            plan: outputs.clone(),
            prints: new_prints,
        })
    {
        memo.garbage.push(Box::new(old));
    }
    written
}

fn same_bodies(a: &[Option<Arc<PageBody>>], b: &[Option<Arc<PageBody>>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => Arc::ptr_eq(x, y),
            (None, None) => true,
            _ => false,
        })
}

/// Makes the changed files in memory first, so that an error leaves the output as it
/// was; then writes them into the output folder and removes the stale ones.
fn write_live(
    renderer: &Renderer,
    config: &Config,
    dirty: &[&Output],
    stale: &[PathBuf],
    diags: &mut Diagnostics,
) -> Written {
    let made: Vec<(&Output, Result<Made, Diagnostic>)> = dirty
        .par_iter()
        .map(|o| (*o, renderer.make(&o.job)))
        .collect();
    let mut ready = Vec::with_capacity(made.len());
    for (o, r) in made {
        match r {
            Ok(m) => ready.push((o, m)),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Written::default();
    }
    let live = match Live::new(&config.root, &config.output_dir) {
        Ok(l) => l,
        Err(d) => {
            diags.push(d);
            return Written::default();
        }
    };
    let results: Vec<Result<(), Diagnostic>> = ready
        .par_iter()
        .map(|(o, made)| made.write(&live, &o.path))
        .collect();
    let mut partial = false;
    for r in results {
        if let Err(d) = r {
            diags.push(d);
            partial = true;
        }
    }
    for path in stale {
        if let Err(d) = live.remove(path) {
            diags.push(d);
            partial = true;
        }
    }
    if !partial {
        live.finish();
    }
    Written {
        partial,
        files: ready.len(),
        removed: stale.len(),
        ..Written::default()
    }
}
