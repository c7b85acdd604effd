//! A build session for watch mode: the inputs of the last build kept in memory, and a
//! step that takes a list of changed files, reads again what they touched, and runs
//! the build ([`crate::build::run`]) with what it kept from the last run.
//!
//! The session decides only what to read again (one page, the templates, the data, the
//! listing); what to build, and which files to write, the build decides, as it does for
//! `plainly build`. So after any sequence of edits the output is what a fresh build
//! writes, which the watch tests check after every step of long random walks.
//!
//! A step that fails (a content or template error) writes nothing: the output stays as
//! the last good build left it, and the next good step brings it up to date.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::build::{Inputs, Memo, Outcome, Target, run};
use crate::config::{CONFIG_FILE, Config, Overrides, load_config};
use crate::content::is_markdown;
use crate::diag::Diagnostics;
use crate::rules::Mode;
use crate::walk::is_ignored;

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

/// A build that stays in memory between changes.
pub struct Session {
    root: PathBuf,
    overrides: Overrides,
    mode: Mode,
    inputs: Option<Inputs>,
    config_diagnostics: Diagnostics,
    memo: Memo,
}

impl Session {
    /// Reads the site at `root` and builds it in full (output swapped in as by `build`).
    pub fn start(root: &Path, overrides: &Overrides, mode: &Mode) -> (Session, Outcome) {
        let mut session = Session {
            root: crate::config::absolute(root),
            overrides: overrides.clone(),
            mode: mode.clone(),
            inputs: None,
            config_diagnostics: Diagnostics::new(),
            memo: Memo::watching(),
        };
        let step = session.reload();
        (session, step)
    }

    /// The site's configuration, once it has been read.
    pub fn config(&self) -> Option<&Config> {
        self.inputs.as_ref().map(|i| i.config.as_ref())
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
        self.memo.tidy();
    }

    /// Reads everything again and builds.
    pub fn reload(&mut self) -> Outcome {
        let started = Instant::now();
        match load_config(&self.root, &self.overrides) {
            Ok(config) => {
                crate::output::recover(&config.root, &config.output_dir);
                self.config_diagnostics = Diagnostics::new();
                self.inputs = Some(Inputs::read(config, &self.mode));
                self.build(started)
            }
            Err(d) => {
                self.config_diagnostics = d;
                self.inputs = None;
                self.build(started)
            }
        }
    }

    /// Brings the output up to date after `paths` changed (absolute, or relative to the
    /// site root). Paths may be files or folders, and may no longer exist.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Outcome {
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
        let Some(inputs) = self.inputs.as_mut() else {
            return self.reload();
        };
        if changes.contains(&Change::Config) {
            return self.reload();
        }
        let (mut look, mut data, mut relist) = (false, false, false);
        let mut reread = Vec::new();
        for change in changes {
            match change {
                Change::Config | Change::Ignored => {}
                Change::Templates => look = true,
                Change::Data => data = true,
                Change::Static(_) | Change::ContentOther(_) => relist = true,
                Change::Page(rel) => {
                    let exists = inputs.config.content_dir().join(&rel).is_file();
                    relist |= !exists || !inputs.lists(&rel);
                    reread.push(rel);
                }
            }
        }
        if look {
            inputs.reload_look();
        }
        if data {
            inputs.reload_data();
        }
        if relist {
            let new = inputs.relist();
            reread.retain(|rel| !new.contains(rel));
        }
        inputs.reread(&reread);
        self.build(started)
    }

    fn build(&mut self, started: Instant) -> Outcome {
        let mut outcome = match self.inputs.as_mut() {
            Some(inputs) => run(inputs, &mut self.memo, Target::Write),
            None => {
                let mut diags = self.config_diagnostics.clone();
                diags.sort();
                Outcome {
                    diagnostics: diags,
                    strict: self.mode.strict,
                    ..Outcome::default()
                }
            }
        };
        outcome.elapsed = started.elapsed();
        outcome
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
