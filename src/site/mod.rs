//! The site model: sections, pages, publications, taxonomies, URLs, built from the
//! [`Config`], the [`Listing`] of the site's files and each page's [`PageMeta`] alone.
//!
//! Every HTML document the site will have is a [`Page`] in one list: the home page,
//! each section's front page and every ordinary page. Sections hold their pages and
//! subsections in display order; a publication's chapters are numbered and linked by
//! previous/next.
//!
//! The model holds no page bodies: what only a page's own output reads of its body is
//! kept beside it, one [`PageBody`] per page, made by [`links::Linker`], which resolves
//! the links written as source paths (so that rendering only swaps strings; a broken link
//! or anchor is an error there). So a page whose body changed while its metadata did not
//! leaves the model as it was, by its type: nothing in [`Site`] can depend on a body.

pub mod links;

pub use links::{Linker, PageBody};

use std::collections::{BTreeMap, BTreeSet};

use crate::fingerprint::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Listing, PageMeta, SourceKind};
use crate::diag::{Diagnostic, Diagnostics};
use crate::slug::{humanise, slugify, strip_order_prefix};

/// Index of a page in [`Site::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(pub usize);

/// Index of a section in [`Site::sections`]; the root section (the home page) is 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionId(pub usize);

/// What a page is, which decides its default template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// The front page of a section; for a publication, its cover.
    Section(SectionId),
    /// An ordinary page, or a chapter when its section is a publication.
    Page,
}

/// One HTML document of the site.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub id: PageId,
    /// The Markdown it comes from; `None` for a section folder without `_index.md`.
    pub meta: Option<Arc<PageMeta>>,
    /// Where that file is in the [`Sources`] the model was built from.
    pub source: Option<usize>,
    pub kind: PageKind,
    pub title: String,
    /// The URL path within the site, without the base path: `strategy/vision/` (`""` for home).
    pub path: String,
    /// The section the page is listed in (for a section's front page, its parent section).
    pub parent: Option<SectionId>,
    /// The chapter number, when the page is a chapter of a publication.
    pub chapter: Option<usize>,
    pub prev: Option<PageId>,
    pub next: Option<PageId>,
    pub lang: String,
}

impl Page {
    pub fn file(&self) -> Option<&Path> {
        self.meta.as_ref().map(|s| s.file.as_path())
    }
}

/// A folder of content.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: SectionId,
    /// The folder, relative to `content/`.
    pub dir: PathBuf,
    /// The section's own page (home for the root).
    pub page: PageId,
    pub parent: Option<SectionId>,
    /// Pages listed in the section, in display order (chapters in chapter order).
    pub pages: Vec<PageId>,
    pub subsections: Vec<SectionId>,
    pub publication: bool,
    /// For a publication: where all its chapters are published on one page.
    pub single_page: Option<String>,
}

/// A taxonomy such as `tags`, with its terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Taxonomy {
    pub name: String,
    pub path: String,
    /// In slug order.
    pub terms: Vec<Term>,
    /// Each term as pages write it → its place in `terms`.
    by_value: HashMap<String, usize>,
}

impl Taxonomy {
    /// The term a page's front matter names, as written there.
    pub fn term_of(&self, value: &str) -> Option<&Term> {
        self.by_value.get(value).map(|i| &self.terms[*i])
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    /// Pages with the term, newest first.
    pub pages: Vec<PageId>,
}

/// A file from `content/` copied beside its page or section.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// Relative to `content/`.
    pub source: PathBuf,
    /// Where it goes, relative to the output folder.
    pub output: PathBuf,
}

/// An old URL that redirects to a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub path: String,
    pub target: PageId,
}

/// The whole site, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    pub assets: Vec<Asset>,
    pub aliases: Vec<Alias>,
    /// Where the accessibility statement is published, when the site has one.
    pub accessibility: Option<String>,
    /// Drafts left out of this build (source → title), for messages about links to them.
    pub drafts: HashMap<PathBuf, String>,
    /// Markdown files that could not be read (their errors are reported already).
    pub unreadable: HashSet<PathBuf>,
    /// Files in `static/`, relative to it, with `/` separators: listed once per build,
    /// for link checks and for copying.
    pub static_files: Arc<BTreeSet<String>>,
}

impl Site {
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0]
    }

    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0]
    }

    /// The sections from the root down to (not including) the page's own place.
    pub fn ancestors(&self, page: &Page) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut at = page.parent;
        while let Some(s) = at {
            let section = self.section(s);
            chain.push(section.page);
            at = section.parent;
        }
        chain.reverse();
        chain
    }

    /// How the page's headings are numbered: its own `numbered_headings`, or its
    /// publication's; chapters' numbers start with the chapter number.
    pub fn numbering(&self, page: &Page) -> Option<crate::markdown::Numbering> {
        let flag = |p: &Page| {
            p.meta
                .as_ref()
                .and_then(|s| s.front.numbered_headings)
                .map(|f| f.0)
        };
        let inherited = match page.kind {
            PageKind::Page if page.chapter.is_some() => page
                .parent
                .and_then(|s| flag(self.page(self.section(s).page))),
            _ => None,
        };
        flag(page)
            .or(inherited)
            .unwrap_or(false)
            .then_some(crate::markdown::Numbering {
                chapter: page.chapter,
            })
    }

    /// The publication a page belongs to: its own section for a cover, its parent for a chapter.
    pub fn publication_of(&self, page: &Page) -> Option<SectionId> {
        match page.kind {
            PageKind::Section(s) if self.section(s).publication => Some(s),
            PageKind::Page if page.chapter.is_some() => page.parent,
            _ => None,
        }
    }
}

/// The role a content folder plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FolderRole {
    Section,
    Bundle,
    Assets,
}

/// What the site model is built from, besides the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub listing: &'a Listing,
    /// Every page read, in the listing's order.
    pub pages: &'a [Arc<PageMeta>],
    /// Markdown files that could not be read (their errors are reported already).
    pub unreadable: &'a [PathBuf],
}

/// Builds the site model. Problems go to `diags`; the site is still returned so that
/// every problem of a run can be reported at once.
pub fn build_site(config: &Config, sources: Sources, diags: &mut Diagnostics) -> Site {
    Builder::new(config, diags).build(sources)
}

struct Builder<'a> {
    config: &'a Config,
    diags: &'a mut Diagnostics,
    pages: Vec<Page>,
    sections: Vec<Section>,
    /// Each source's place in the sources, by the address of its metadata.
    source_index: HashMap<usize, usize>,
}

impl<'a> Builder<'a> {
    fn new(config: &'a Config, diags: &'a mut Diagnostics) -> Self {
        Builder {
            config,
            diags,
            pages: Vec::new(),
            sections: Vec::new(),
            source_index: HashMap::default(),
        }
    }

    fn build(mut self, input: Sources) -> Site {
        let folders = &input.listing.folders;
        let sources = input.pages;
        self.source_index = sources
            .iter()
            .enumerate()
            .map(|(i, m)| (Arc::as_ptr(m) as usize, i))
            .collect();
        let roles = self.folder_roles(folders, sources);

        // Drafts: pages and whole sections left out unless building drafts.
        let mut draft_sources: HashMap<PathBuf, String> = HashMap::default();
        let mut draft_dirs: Vec<PathBuf> = Vec::new();
        if !self.config.drafts {
            for s in sources {
                let whole_folder = match s.kind {
                    SourceKind::SectionIndex => true,
                    SourceKind::BundleIndex => roles.get(s.dir()) == Some(&FolderRole::Bundle),
                    SourceKind::Page => false,
                };
                if s.front.draft.0 && whole_folder && !s.dir().as_os_str().is_empty() {
                    draft_dirs.push(s.dir().to_path_buf());
                }
            }
        }
        let in_draft_dir = |p: &Path| draft_dirs.iter().any(|d| p.starts_with(d));

        // Group sources by folder.
        let mut index_of: HashMap<&Path, Arc<PageMeta>> = HashMap::default();
        let mut pages_in: BTreeMap<&Path, Vec<Arc<PageMeta>>> = BTreeMap::new();
        for source in sources {
            let dir = source.dir();
            let role = roles.get(dir).copied().unwrap_or(FolderRole::Section);
            let is_index = match source.kind {
                SourceKind::SectionIndex => true,
                SourceKind::BundleIndex => role == FolderRole::Section,
                SourceKind::Page => false,
            };
            let excluded = (!self.config.drafts && source.front.draft.0) || in_draft_dir(dir);
            if excluded {
                draft_sources.insert(source.rel.clone(), source.title.clone());
                continue;
            }
            if is_index {
                if let Some(other) = index_of.get(dir) {
                    self.diags.push(
                        Diagnostic::error(
                            "content",
                            format!(
                                "this folder has both {} and {}",
                                other.file.display(),
                                source.file.display()
                            ),
                        )
                        .in_file(&source.file)
                        .with_help("a folder has one front page: _index.md or README.md (a section), or index.md (a page bundle); remove or rename the others"),
                    );
                    continue;
                }
                index_of.insert(dir, source.clone());
            } else if role == FolderRole::Bundle && source.kind == SourceKind::BundleIndex {
                // A bundle is listed in its parent folder's section.
                let parent = dir.parent().unwrap_or(Path::new(""));
                pages_in.entry(parent).or_default().push(source.clone());
            } else {
                pages_in.entry(dir).or_default().push(source.clone());
            }
        }

        // Sections, depth first from the root.
        let section_dirs: Vec<PathBuf> = folders
            .iter()
            .filter(|f| roles.get(*f) == Some(&FolderRole::Section) && !in_draft_dir(f))
            .cloned()
            .collect();
        let mut section_of: HashMap<PathBuf, SectionId> = HashMap::default();
        for dir in &section_dirs {
            let parent = if dir.as_os_str().is_empty() {
                None
            } else {
                nearest_section(dir.parent().unwrap_or(Path::new("")), &section_of)
            };
            let index = index_of.remove(dir.as_path());
            let id = SectionId(self.sections.len());
            let path = match parent {
                None => String::new(),
                Some(p) => {
                    let base = &self.pages[self.sections[p.0].page.0].path;
                    let segment = match &index {
                        Some(meta) => meta.segment.clone(),
                        None => folder_segment(dir),
                    };
                    format!("{base}{segment}/")
                }
            };
            let title = match &index {
                Some(s) => s.title.clone(),
                None if parent.is_none() => self.config.title.clone(),
                None => match input
                    .listing
                    .categories
                    .get(dir)
                    .and_then(|c| c.label.clone())
                {
                    Some(label) if !label.trim().is_empty() => label.trim().to_string(),
                    _ => humanise(&dir.file_name().unwrap_or_default().to_string_lossy()),
                },
            };
            let publication = index.as_ref().is_some_and(|s| s.front.publication.0);
            let kind = if parent.is_none() {
                PageKind::Home
            } else {
                PageKind::Section(id)
            };
            let page = self.add_page(index, kind, title, path, parent);
            self.sections.push(Section {
                id,
                dir: dir.clone(),
                page,
                parent,
                pages: Vec::new(),
                subsections: Vec::new(),
                publication,
                single_page: None,
            });
            if let Some(p) = parent {
                self.sections[p.0].subsections.push(id);
            }
            section_of.insert(dir.clone(), id);
        }
        // An `index.md` left over belongs to a folder that is not a section (cannot happen
        // with the roles above, but never lose a page silently).
        for (_, source) in index_of {
            self.diags.push(
                Diagnostic::warning(
                    "content",
                    "this page is not part of any section and is left out",
                )
                .in_file(&source.file),
            );
        }

        // Pages into their sections: where each goes is settled in order, then the pages
        // are made in parallel.
        let mut placed: Vec<(SectionId, &Arc<PageMeta>)> = Vec::with_capacity(sources.len());
        for (dir, in_dir) in &pages_in {
            let Some(section) = section_of
                .get(*dir)
                .copied()
                .or_else(|| nearest_section(dir, &section_of))
            else {
                continue;
            };
            placed.extend(in_dir.iter().map(|s| (section, s)));
        }
        let first = self.pages.len();
        let made: Vec<Page> = {
            use rayon::prelude::*;
            let this = &self;
            placed
                .par_iter()
                .enumerate()
                .map(|(i, (section, source))| {
                    let base = &this.pages[this.sections[section.0].page.0].path;
                    this.page(
                        PageId(first + i),
                        Some((*source).clone()),
                        PageKind::Page,
                        source.title.clone(),
                        format!("{base}{}/", source.segment),
                        Some(*section),
                    )
                })
                .collect()
        };
        for (page, (section, _)) in made.into_iter().zip(&placed) {
            self.sections[section.0].pages.push(page.id);
            self.pages.push(page);
        }

        let rank = date_ranks(&self.pages);
        self.order_sections(&rank, &input.listing.categories);
        let taxonomies = self.taxonomies(&rank);
        let asset_list = self.assets(&input.listing.assets, &roles, &section_of, &draft_dirs);
        let aliases = self.aliases();
        self.check_paths(&taxonomies, &aliases, &asset_list);

        let accessibility = self
            .config
            .accessibility
            .as_ref()
            .map(|_| "accessibility/".to_string());
        Site {
            pages: self.pages,
            sections: self.sections,
            taxonomies,
            assets: asset_list,
            aliases,
            accessibility,
            drafts: draft_sources,
            unreadable: input.unreadable.iter().cloned().collect(),
            static_files: input.listing.static_files.clone(),
        }
    }

    fn add_page(
        &mut self,
        source: Option<Arc<PageMeta>>,
        kind: PageKind,
        title: String,
        path: String,
        parent: Option<SectionId>,
    ) -> PageId {
        let id = PageId(self.pages.len());
        let page = self.page(id, source, kind, title, path, parent);
        self.pages.push(page);
        id
    }

    /// A page of the model, not yet placed in it.
    fn page(
        &self,
        id: PageId,
        source: Option<Arc<PageMeta>>,
        kind: PageKind,
        title: String,
        path: String,
        parent: Option<SectionId>,
    ) -> Page {
        let lang = source
            .as_ref()
            .and_then(|s| s.front.lang.as_ref())
            .map(|l| l.as_str().to_string())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| self.config.language.clone());
        let index = source
            .as_ref()
            .and_then(|m| self.source_index.get(&(Arc::as_ptr(m) as usize)).copied());
        Page {
            id,
            source: index,
            meta: source,
            kind,
            title,
            path,
            parent,
            chapter: None,
            prev: None,
            next: None,
            lang,
        }
    }

    /// A folder with `_index.md` is a section; one with only `index.md` and no other
    /// Markdown beneath it is a page bundle; one with Markdown beneath it is a section;
    /// the rest hold assets.
    fn folder_roles(
        &self,
        folders: &std::collections::BTreeSet<PathBuf>,
        sources: &[Arc<PageMeta>],
    ) -> HashMap<PathBuf, FolderRole> {
        use rayon::prelude::*;
        // Folders with a section index, with a bundle index, and how many Markdown files
        // each folder holds at any depth: counted in parallel, then added up.
        type Counts<'p> = (
            HashSet<&'p Path>,
            HashSet<&'p Path>,
            HashMap<&'p Path, usize>,
        );
        let empty = || -> Counts { Default::default() };
        let (has_section_index, has_bundle_index, markdown_below) = sources
            .par_iter()
            .fold(empty, |(mut sections, mut bundles, mut below), s| {
                let dir = s.dir();
                match s.kind {
                    SourceKind::SectionIndex => {
                        sections.insert(dir);
                    }
                    SourceKind::BundleIndex => {
                        bundles.insert(dir);
                    }
                    SourceKind::Page => {}
                }
                for ancestor in dir.ancestors() {
                    *below.entry(ancestor).or_default() += 1;
                }
                (sections, bundles, below)
            })
            .reduce(empty, |(mut s, mut b, mut below), (s2, b2, below2)| {
                s.extend(s2);
                b.extend(b2);
                for (dir, n) in below2 {
                    *below.entry(dir).or_default() += n;
                }
                (s, b, below)
            });
        folders
            .iter()
            .map(|f| {
                let below = markdown_below.get(f.as_path()).copied().unwrap_or(0);
                let role = if f.as_os_str().is_empty() || has_section_index.contains(f.as_path()) {
                    FolderRole::Section
                } else if has_bundle_index.contains(f.as_path()) && below == 1 {
                    FolderRole::Bundle
                } else if below > 0 {
                    FolderRole::Section
                } else {
                    FolderRole::Assets
                };
                (f.clone(), role)
            })
            .collect()
    }

    /// Orders each section's pages and subsections, numbers chapters and links them.
    fn order_sections(
        &mut self,
        rank: &[usize],
        categories: &BTreeMap<PathBuf, crate::content::Category>,
    ) {
        let listed_key = |page: &Page| {
            let weight = page
                .meta
                .as_ref()
                .and_then(|s| s.front.position())
                .map(sortable)
                .unwrap_or(i64::MAX);
            (weight, rank[page.id.0])
        };
        for s in 0..self.sections.len() {
            let publication = self.sections[s].publication;
            let mut pages = std::mem::take(&mut self.sections[s].pages);
            if publication {
                pages.sort_by_cached_key(|id| chapter_key(&self.pages[id.0]));
            } else {
                pages.sort_by_cached_key(|id| listed_key(&self.pages[id.0]));
            }
            let mut subsections = std::mem::take(&mut self.sections[s].subsections);
            // A folder's place: its front page's weight, else its `_category_.json`'s.
            subsections.sort_by_cached_key(|id| {
                let section = &self.sections[id.0];
                let page = &self.pages[section.page.0];
                let (weight, rank) = listed_key(page);
                let position = categories.get(&section.dir).and_then(|c| c.position);
                match position {
                    Some(p) if weight == i64::MAX => (sortable(p), rank),
                    _ => (weight, rank),
                }
            });
            if publication {
                let cover = self.sections[s].page;
                self.sections[s].single_page =
                    Some(format!("{}single-page/", self.pages[cover.0].path));
                let mut chain = vec![cover];
                chain.extend(pages.iter().copied());
                for (n, id) in pages.iter().enumerate() {
                    self.pages[id.0].chapter = Some(n + 1);
                }
                for pair in chain.windows(2) {
                    self.pages[pair[0].0].next = Some(pair[1]);
                    self.pages[pair[1].0].prev = Some(pair[0]);
                }
            }
            self.sections[s].pages = pages;
            self.sections[s].subsections = subsections;
        }
    }

    fn taxonomies(&mut self, rank: &[usize]) -> Vec<Taxonomy> {
        use rayon::prelude::*;
        let names = &self.config.taxonomies;
        // By taxonomy: each term's slug → the first page with it, the term as that page
        // writes it, and every page with it; and each term as written → its slug.
        type Found<'p> = Vec<(
            BTreeMap<&'p str, (PageId, &'p str, Vec<PageId>)>,
            HashMap<&'p str, &'p str>,
        )>;
        let empty = || -> Found {
            names
                .iter()
                .map(|_| (BTreeMap::new(), HashMap::default()))
                .collect()
        };
        let found = self
            .pages
            .par_iter()
            .fold(empty, |mut found, page| {
                let Some(source) = &page.meta else {
                    return found;
                };
                for (t, name) in names.iter().enumerate() {
                    let (Some(values), Some(slugs)) =
                        (source.taxonomies.get(name), source.term_slugs.get(name))
                    else {
                        continue;
                    };
                    for (value, slug) in values.iter().zip(slugs) {
                        found[t].1.entry(value.as_str()).or_insert(slug.as_str());
                        let term = found[t].0.entry(slug.as_str()).or_insert((
                            page.id,
                            value.as_str(),
                            Vec::new(),
                        ));
                        // A term written twice on one page lists the page once.
                        if term.2.last() != Some(&page.id) {
                            term.2.push(page.id);
                        }
                    }
                }
                found
            })
            .reduce(empty, |mut all, part| {
                for (t, (terms, values)) in part.into_iter().enumerate() {
                    for (slug, (first, value, pages)) in terms {
                        let term = all[t].0.entry(slug).or_insert((first, value, Vec::new()));
                        // The term is named as the first page (in the model's order) writes it.
                        if first < term.0 {
                            (term.0, term.1) = (first, value);
                        }
                        term.2.extend(pages);
                    }
                    for (value, slug) in values {
                        all[t].1.entry(value).or_insert(slug);
                    }
                }
                all
            });
        let mut out = Vec::new();
        for (name, (found_terms, values)) in names.iter().zip(found) {
            if found_terms.is_empty() {
                continue;
            }
            let mut index: HashMap<&str, usize> = HashMap::default();
            let mut terms = Vec::with_capacity(found_terms.len());
            for (i, (slug, (_, value, mut pages))) in found_terms.into_iter().enumerate() {
                pages.sort_by_key(|id| rank[id.0]);
                index.insert(slug, i);
                terms.push(Term {
                    name: value.to_string(),
                    path: format!("{name}/{slug}/"),
                    slug: slug.to_string(),
                    pages,
                });
            }
            let by_value = values
                .iter()
                .filter_map(|(value, slug)| Some((value.to_string(), *index.get(slug)?)))
                .collect();
            out.push(Taxonomy {
                name: name.clone(),
                path: format!("{name}/"),
                terms,
                by_value,
            });
        }
        out
    }

    fn assets(
        &mut self,
        assets: &[PathBuf],
        roles: &HashMap<PathBuf, FolderRole>,
        section_of: &HashMap<PathBuf, SectionId>,
        draft_dirs: &[PathBuf],
    ) -> Vec<Asset> {
        // The output folder of each section and bundle folder.
        let mut folder_path: HashMap<PathBuf, String> = HashMap::default();
        for (dir, id) in section_of {
            folder_path.insert(
                dir.clone(),
                self.pages[self.sections[id.0].page.0].path.clone(),
            );
        }
        for page in &self.pages {
            if let Some(s) = &page.meta
                && s.kind == SourceKind::BundleIndex
                && roles.get(s.dir()) == Some(&FolderRole::Bundle)
            {
                folder_path.insert(s.dir().to_path_buf(), page.path.clone());
            }
        }
        let mut out = Vec::new();
        for rel in assets {
            if draft_dirs.iter().any(|d| rel.starts_with(d)) {
                continue;
            }
            let Some((owner, base)) = rel
                .ancestors()
                .skip(1)
                .find_map(|a| folder_path.get(a).map(|p| (a.to_path_buf(), p.clone())))
            else {
                continue;
            };
            let rest = rel.strip_prefix(&owner).unwrap_or(rel);
            out.push(Asset {
                output: PathBuf::from(base).join(rest),
                source: rel.clone(),
            });
        }
        out
    }

    fn aliases(&mut self) -> Vec<Alias> {
        let mut out = Vec::new();
        for page in &self.pages {
            let Some(source) = &page.meta else { continue };
            for alias in &source.front.aliases.0 {
                match normalise_alias(alias, &self.config.base_url.path) {
                    Ok(path) => out.push(Alias {
                        path,
                        target: page.id,
                    }),
                    Err(problem) => {
                        let at = alias_line(source);
                        self.diags.push(
                            Diagnostic::error(
                                "alias",
                                format!("the alias `{alias}` {problem}"),
                            )
                            .at(&source.file, &source.front_text, at)
                            .with_help(
                                "write an old address as a path on this site, such as /digital/old-strategy/",
                            ),
                        );
                    }
                }
            }
        }
        out
    }

    /// Two things may not be written to the same place. What each is, is worked out only
    /// for a place claimed twice.
    fn check_paths(&mut self, taxonomies: &[Taxonomy], aliases: &[Alias], assets: &[Asset]) {
        let pages = &self.pages;
        let diags = &mut *self.diags;
        let asset_paths: Vec<(String, &Asset)> = assets
            .iter()
            .filter_map(|a| {
                let out = a.output.to_string_lossy().replace('\\', "/");
                out.strip_suffix("index.html").map(|p| (p.to_string(), a))
            })
            .collect();
        let mut claims: Vec<(&str, Claim)> = Vec::with_capacity(pages.len() + asset_paths.len());
        claims.extend(pages.iter().map(|p| (p.path.as_str(), Claim::Page(p))));
        for section in &self.sections {
            if let Some(path) = &section.single_page {
                claims.push((path, Claim::SinglePage(&pages[section.page.0])));
            }
        }
        if self.config.accessibility.is_some() {
            claims.push(("accessibility/", Claim::Statement));
        }
        for t in taxonomies {
            claims.push((&t.path, Claim::Taxonomy(t)));
            for term in &t.terms {
                claims.push((&term.path, Claim::Term(t, term)));
            }
        }
        for a in aliases {
            claims.push((&a.path, Claim::Alias(&pages[a.target.0])));
        }
        for (path, asset) in &asset_paths {
            claims.push((path, Claim::Asset(asset)));
        }
        let mut taken: HashMap<String, usize> = HashMap::default();
        taken.reserve(claims.len());
        for (i, (path, claim)) in claims.iter().enumerate() {
            let key = crate::url::output_key(path);
            if let Some(first) = taken.get(&key) {
                let first = claims[*first].1.describe();
                let mut d = Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "{} and {first} would both be published at /{path}",
                        claim.describe()
                    ),
                )
                .with_help(
                    "give one of them a different file name, or set `slug:` in its front matter",
                );
                if let Claim::Alias(Page {
                    meta: Some(meta), ..
                }) = claim
                {
                    d = d.at(&meta.file, &meta.front_text, alias_line(meta));
                } else if let Some(f) = claim.file() {
                    d = d.in_file(f);
                }
                diags.push(d);
            } else {
                taken.insert(key, i);
            }
        }
    }
}

/// Something that is published at an address, for messages about two at one address.
enum Claim<'a> {
    Page(&'a Page),
    SinglePage(&'a Page),
    Statement,
    Taxonomy(&'a Taxonomy),
    Term(&'a Taxonomy, &'a Term),
    Alias(&'a Page),
    Asset(&'a Asset),
}

impl Claim<'_> {
    fn describe(&self) -> String {
        let file = |p: &Page| {
            p.file()
                .map(|f| f.display().to_string())
                .unwrap_or_default()
        };
        match self {
            Claim::Page(p) => match p.file() {
                Some(f) => f.display().to_string(),
                None => format!(
                    "the section folder content/{}",
                    p.path.trim_end_matches('/')
                ),
            },
            Claim::SinglePage(cover) => format!("the single-page view of {}", file(cover)),
            Claim::Statement => "the accessibility statement (accessibility: in site.yaml)".into(),
            Claim::Taxonomy(t) => format!("the `{}` taxonomy", t.name),
            Claim::Term(t, term) => format!("the `{}` term “{}”", t.name, term.name),
            Claim::Alias(target) => format!("an alias of {}", file(target)),
            Claim::Asset(a) => format!("content/{}", a.source.display()),
        }
    }

    /// The file to name in the message, where there is one.
    fn file(&self) -> Option<PathBuf> {
        match self {
            Claim::Page(p) | Claim::Alias(p) => p.file().map(Path::to_path_buf),
            Claim::Asset(a) => Some(Path::new("content").join(&a.source)),
            _ => None,
        }
    }
}

fn nearest_section(dir: &Path, section_of: &HashMap<PathBuf, SectionId>) -> Option<SectionId> {
    dir.ancestors().find_map(|a| section_of.get(a).copied())
}

/// The URL segment of a section folder with no front page: its name without an
/// ordering prefix (a page's is [`PageMeta::segment`]).
fn folder_segment(path: &Path) -> String {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slugify(strip_order_prefix(&stem));
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug
    }
}

/// An order number as a key that sorts as the number does (negative ones first).
fn sortable(position: f64) -> i64 {
    let bits = position.to_bits() as i64;
    if bits < 0 { bits ^ i64::MAX } else { bits }
}

/// Chapters: weight (or `sidebar_position`), then file name.
fn chapter_key(page: &Page) -> (i64, String) {
    let source = page.meta.as_ref();
    (
        source
            .and_then(|s| s.front.position())
            .map(sortable)
            .unwrap_or(i64::MAX),
        source
            .map(|s| s.rel.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
}

/// Each page's place when pages are listed newest first (see [`date_key`]): lists sort
/// by weight, then by this; a term's pages by this.
fn date_ranks(pages: &[Page]) -> Vec<usize> {
    use rayon::prelude::*;
    let keys: Vec<DateKey> = pages.par_iter().map(date_key).collect();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.par_sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    let mut rank = vec![0; order.len()];
    for (place, id) in order.into_iter().enumerate() {
        rank[id] = place;
    }
    rank
}

/// Orders newest first (undated last), then by title, then by path for a stable order.
type DateKey<'a> = (
    std::cmp::Reverse<Option<&'a crate::date::Date>>,
    std::borrow::Cow<'a, str>,
    &'a str,
);

fn date_key(page: &Page) -> DateKey<'_> {
    let date = page.meta.as_ref().and_then(|s| s.front.date.as_ref());
    let title = match &page.meta {
        Some(m) if m.title == page.title => std::borrow::Cow::Borrowed(m.title_key.as_str()),
        _ => std::borrow::Cow::Owned(page.title.to_lowercase()),
    };
    (std::cmp::Reverse(date), title, &page.path)
}

/// Where a page's `aliases:` (or `redirect_from:`) key is.
pub fn alias_line(meta: &PageMeta) -> crate::diag::Location {
    meta.key_lines
        .get("aliases")
        .or_else(|| meta.key_lines.get("redirect_from"))
        .copied()
        .unwrap_or(crate::diag::Location { line: 1, col: 1 })
}

/// `/old/strategy` → `old/strategy/`, in the form page paths take
/// ([`crate::url::normalise_site_path`]); the base path's prefix is dropped.
fn normalise_alias(alias: &str, base_path: &str) -> Result<String, &'static str> {
    let alias = alias.trim();
    if crate::url::is_external(alias) {
        return Err("is an address on another site, not a path on this one");
    }
    if alias.contains(['?', '#']) {
        return Err("has a query or a fragment (? or #), which a static host cannot redirect");
    }
    let alias = alias.strip_prefix(base_path).unwrap_or(alias);
    crate::url::normalise_site_path(alias)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_normalise() {
        assert_eq!(
            normalise_alias("/old/strategy", "/").as_deref(),
            Ok("old/strategy/")
        );
        assert_eq!(
            normalise_alias("/council/old/", "/council/").as_deref(),
            Ok("old/")
        );
        assert_eq!(normalise_alias("/old.html", "/").as_deref(), Ok("old.html"));
        assert!(normalise_alias("https://x.org/a", "/").is_err());
        assert!(normalise_alias("javascript:alert(1)", "/").is_err());
        assert!(normalise_alias("/old/?page=2", "/").is_err());
    }
}
