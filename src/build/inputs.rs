//! Everything a build reads, read from disk: the configuration, the look (theme,
//! templates, brand colours), `data/`, the listing of `content/` and `static/`, and every
//! page, each read once, checked by the source rules while its text is at hand, and kept
//! without its text.
//!
//! A one-off build reads them once. Watch mode keeps them and reads again only what a
//! change touched, through the same functions; what a build makes of them is decided by
//! [`super::run`] alone.

use crate::fingerprint::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::source::Lints;
use crate::config::Config;
use crate::content::{self, Listing, SourcePage};
use crate::data::load_data;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::OutlineNeeds;
use crate::render::{Look, load_look};
use crate::rules::Mode;

/// One Markdown file as read: the page, when it could be parsed, and its problems
/// (parse errors, and the findings of the source rules).
#[derive(Debug, Clone)]
pub struct LoadedPage {
    pub page: Option<SourcePage>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything a build reads.
pub struct Inputs {
    pub config: Arc<Config>,
    /// How the run checks: which source rules the pages are read with.
    mode: Mode,
    lints: Option<Lints>,
    pub look: Option<Look>,
    look_diagnostics: Vec<Diagnostic>,
    /// Made anew each time the look is loaded: what was made with one look is known to
    /// hold while its identity is the same.
    look_id: Arc<()>,
    pub data: serde_json::Value,
    data_diagnostics: Vec<Diagnostic>,
    pub listing: Arc<Listing>,
    listing_diagnostics: Vec<Diagnostic>,
    /// Every Markdown file of the listing, in its order.
    pages: Vec<LoadedPage>,
    /// Each Markdown file's place in `pages`, by path relative to `content/`.
    index: HashMap<PathBuf, usize>,
}

impl Inputs {
    /// Reads everything the site at `config.root` is built from.
    pub fn read(config: Config, mode: &Mode) -> Inputs {
        let lints = Lints::new(&config.checks, mode, config.raw_html);
        let mut inputs = Inputs {
            config: Arc::new(config),
            mode: mode.clone(),
            lints,
            look: None,
            look_diagnostics: Vec::new(),
            look_id: Arc::new(()),
            data: serde_json::Value::Null,
            data_diagnostics: Vec::new(),
            listing: Arc::new(Listing::default()),
            listing_diagnostics: Vec::new(),
            pages: Vec::new(),
            index: HashMap::default(),
        };
        inputs.reload_look();
        inputs.reload_data();
        inputs.relist();
        inputs
    }

    /// The run options the inputs were read with.
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// The identity of the look as last loaded.
    pub fn look_id(&self) -> &Arc<()> {
        &self.look_id
    }

    /// Loads the theme, templates and brand colours again.
    pub fn reload_look(&mut self) {
        let (look, diags) = load_look(&self.config);
        self.look = look;
        self.look_diagnostics = diags;
        self.look_id = Arc::new(());
    }

    /// Reads `data/` again.
    pub fn reload_data(&mut self) {
        let mut diags = Diagnostics::new();
        self.data = load_data(&self.config, &mut diags);
        self.data_diagnostics = diags.into_vec();
    }

    /// Lists `content/` and `static/` again; pages that have gone are dropped and new
    /// ones read. Returns the new ones.
    pub fn relist(&mut self) -> Vec<PathBuf> {
        let mut diags = Diagnostics::new();
        let listing = content::list_sources(&self.config, &mut diags);
        self.listing_diagnostics = diags.into_vec();
        let mut old: Vec<Option<LoadedPage>> = std::mem::take(&mut self.pages)
            .into_iter()
            .map(Some)
            .collect();
        let mut new = Vec::new();
        let mut pages = Vec::with_capacity(listing.markdown.len());
        for rel in &listing.markdown {
            match self.index.get(rel).and_then(|i| old[*i].take()) {
                Some(page) => pages.push(page),
                None => {
                    new.push(rel.clone());
                    pages.push(LoadedPage {
                        page: None,
                        diagnostics: Vec::new(),
                    });
                }
            }
        }
        self.pages = pages;
        self.index = listing
            .markdown
            .iter()
            .enumerate()
            .map(|(i, rel)| (rel.clone(), i))
            .collect();
        if *self.listing != listing {
            self.listing = Arc::new(listing);
        }
        self.read_pages(new.iter().collect());
        new
    }

    /// Whether a Markdown file is in the listing.
    pub fn lists(&self, rel: &Path) -> bool {
        self.index.contains_key(rel)
    }

    /// Reads the given pages (relative to `content/`) again, in parallel. Files not in
    /// the listing are passed over: [`Inputs::relist`] finds new ones.
    pub fn reread(&mut self, rels: &[PathBuf]) {
        let rels: Vec<&PathBuf> = rels.iter().filter(|rel| self.lists(rel)).collect();
        self.read_pages(rels);
    }

    fn read_pages(&mut self, mut rels: Vec<&PathBuf>) {
        rels.sort();
        rels.dedup();
        let read: Vec<(usize, LoadedPage)> = rels
            .par_iter()
            .filter_map(|rel| {
                let i = *self.index.get(*rel)?;
                Some((i, read_page(&self.config, self.lints.as_ref(), rel)))
            })
            .collect();
        for (i, page) in read {
            self.pages[i] = page;
        }
    }

    /// Every page read, in the listing's order, and the Markdown files that could not be.
    pub fn sources(&self) -> (Vec<&SourcePage>, Vec<PathBuf>) {
        let mut read = Vec::with_capacity(self.pages.len());
        let mut unreadable = Vec::new();
        for (rel, page) in self.listing.markdown.iter().zip(&self.pages) {
            match &page.page {
                Some(page) => read.push(page),
                None => unreadable.push(rel.clone()),
            }
        }
        (read, unreadable)
    }

    /// Every problem the inputs have, before a site is made of them.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        diags.extend(self.look_diagnostics.iter().cloned());
        diags.extend(self.data_diagnostics.iter().cloned());
        diags.extend(self.listing_diagnostics.iter().cloned());
        // Every page read is in the listing; the order is settled when they are sorted.
        for page in &self.pages {
            diags.extend(page.diagnostics.iter().cloned());
        }
        diags
    }
}

/// The outline the source rules need of each page.
fn outline_needs(lints: Option<&Lints>) -> OutlineNeeds {
    lints.map_or(OutlineNeeds::None, Lints::needs)
}

/// Reads one page and applies the source rules to it while its text is at hand; the
/// text and outline are then dropped.
pub fn read_page(config: &Config, lints: Option<&Lints>, rel: &Path) -> LoadedPage {
    let read = content::read_page(config, rel, outline_needs(lints));
    let mut diagnostics = read.diagnostics;
    if let (Some(lints), Some(page)) = (lints, &read.page) {
        diagnostics.extend(lints.check_page(
            &page.meta.file,
            &read.text,
            &page.body,
            &read.outline,
        ));
    }
    LoadedPage {
        page: read.page,
        diagnostics,
    }
}
