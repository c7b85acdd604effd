//! The build as plain steps: configuration → theme and templates → content and data →
//! site model → render and write → swap into place. Each step takes what the previous
//! one produced; problems from every step are gathered so that one run reports them all.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{Config, Overrides, load_config};
use crate::content::load_content;
use crate::data::load_data;
use crate::diag::Diagnostics;
use crate::output::{Discard, Sink, Staging, check_output_dir};
use crate::render::{
    Globals, brand::resolve_brand, load_templates, render_site, theme::load_theme,
};
use crate::site::{PageKind, build_site};

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Ordinary pages and chapters.
    pub pages: usize,
    /// Sections, not counting the home page.
    pub sections: usize,
    /// Every file written, pages included.
    pub files: usize,
    pub elapsed: Duration,
    pub output_dir: PathBuf,
    /// Time spent in each step, for `-v`.
    pub steps: Vec<(&'static str, Duration)>,
}

/// The result of a build: a summary when it succeeded, and every diagnostic either way.
pub struct BuildOutcome {
    pub summary: Option<BuildSummary>,
    pub diagnostics: Diagnostics,
    /// Pages read, whether or not the build succeeded.
    pub pages: usize,
}

impl BuildOutcome {
    fn failed(mut diagnostics: Diagnostics) -> Self {
        diagnostics.sort();
        BuildOutcome {
            summary: None,
            diagnostics,
            pages: 0,
        }
    }

    fn with_pages(mut self, pages: usize) -> Self {
        self.pages = pages;
        self
    }
}

/// Builds the site at `root` into its output folder.
pub fn build(root: &Path, overrides: &Overrides) -> BuildOutcome {
    let config = match load_config(root, overrides) {
        Ok(c) => c,
        Err(d) => return BuildOutcome::failed(d),
    };
    build_with_config(&config)
}

/// Whether a run's problems stop it: any error, or with --strict any warning.
pub fn fails(config: &Config, diags: &Diagnostics) -> bool {
    diags.has_errors() || (config.mode.strict && diags.warning_count() > 0)
}

/// Checks the site at `root`: every step of a build, in memory, with every rule the
/// overrides ask for; nothing is written.
pub fn check(root: &Path, overrides: &Overrides) -> BuildOutcome {
    let config = match load_config(root, overrides) {
        Ok(c) => c,
        Err(d) => return BuildOutcome::failed(d),
    };
    run(&config, false)
}

/// Builds a site whose configuration is already loaded.
pub fn build_with_config(config: &Config) -> BuildOutcome {
    run(config, true)
}

/// The build, writing the output or (for `check`) rendering every page and keeping none.
fn run(config: &Config, write: bool) -> BuildOutcome {
    let started = Instant::now();
    let mut steps = Vec::new();
    let mut step_start = Instant::now();
    let mut lap = |name: &'static str, steps: &mut Vec<(&'static str, Duration)>| {
        steps.push((name, step_start.elapsed()));
        step_start = Instant::now();
    };
    let mut diags = Diagnostics::new();
    if write && let Err(d) = check_output_dir(config) {
        diags.push(d);
        return BuildOutcome::failed(diags);
    }

    let theme = load_theme(config);
    let (templates, brand) = match &theme {
        Ok(theme) => (
            load_templates(config, theme, &mut diags),
            resolve_brand(config, theme, &mut diags),
        ),
        Err(d) => {
            diags.extend(d.clone());
            (None, None)
        }
    };
    lap("templates", &mut steps);
    let content = load_content(config, &mut diags);
    let data = load_data(config, &mut diags);
    lap("load", &mut steps);
    let site = build_site(config, content, &mut diags);
    let mut diags = crate::check::review(config, &site, diags);
    lap("model", &mut steps);
    let pages = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Page)
        .count();
    let (Ok(theme), Some(mut templates), Some(brand)) = (theme, templates, brand) else {
        return BuildOutcome::failed(diags).with_pages(pages);
    };
    if fails(config, &diags) {
        return BuildOutcome::failed(diags).with_pages(pages);
    }

    let staging = if write {
        match Staging::create(config) {
            Ok(s) => Some(s),
            Err(d) => {
                diags.push(d);
                return BuildOutcome::failed(diags);
            }
        }
    } else {
        None
    };
    let sink: &dyn Sink = match &staging {
        Some(s) => s,
        None => &Discard,
    };
    let report = render_site(
        config,
        &site,
        &mut templates,
        &theme,
        &Globals {
            data: &data,
            brand: &brand,
        },
        sink,
        &mut diags,
    );
    lap("render", &mut steps);
    if fails(config, &diags) {
        // Dropping the staging folder removes it; the previous output is untouched.
        return BuildOutcome::failed(diags).with_pages(pages);
    }
    if let Some(staging) = staging
        && let Err(d) = staging.commit()
    {
        diags.push(d);
        return BuildOutcome::failed(diags);
    }
    lap("swap", &mut steps);
    diags.sort();
    BuildOutcome {
        pages,
        summary: Some(BuildSummary {
            pages,
            sections: site.sections.len().saturating_sub(1),
            files: report.files,
            elapsed: started.elapsed(),
            output_dir: config.output_dir.clone(),
            steps,
        }),
        diagnostics: diags,
    }
}
