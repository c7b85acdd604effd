//! Link resolution: every link and image in every page, checked and mapped to its URL.
//!
//! Editors link to pages by their source path (`01-vision.md`, `../plan/index.md#actions`),
//! to files beside a page (`chart.png`), or to anchors on the same page (`#aims`). Each is
//! resolved against the page's folder, checked (the page exists, the anchor exists on it),
//! and rewritten to the URL the page is published at, under the base path. Links to other
//! sites are left alone.

use std::collections::BTreeSet;

use crate::fingerprint::{HashMap, HashSet, Hashed};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{PageId, Site};
use crate::compact::SortedMap;
use crate::config::Config;
use crate::content::{BodyScan, PageMeta, SourceKind, is_markdown};
use crate::diag::{Diagnostic, closest};
use crate::markdown::{LinkAction, RefKind, Reference};
use crate::url::{BaseUrl, encode_path, is_external, percent_decode};

/// What only a page's own output reads of its body: the scan of the body and where its
/// links go. Made by [`Linker::resolve`] from the page's scan and the model alone.
#[derive(Debug, Clone)]
pub struct PageBody {
    pub scan: Arc<BodyScan>,
    /// How links and images in the body are rewritten, by destination as written, with
    /// the fingerprint every file that renders the body takes of them.
    pub links: Hashed<SortedMap<String, LinkAction>>,
    /// Problems with its links.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a link could not be resolved as written.
enum Problem {
    Error(Diagnostic),
    /// The target is a draft: warn and drop the link.
    Draft(Diagnostic),
}

/// What a link's path points at.
enum Target {
    Page(PageId),
    File(String),
}

/// What a link may point at on a page: where it is published, its file and its anchors.
#[derive(Debug, Clone)]
struct LinkTarget {
    path: String,
    file: Option<PathBuf>,
    meta: Option<Arc<PageMeta>>,
}

impl LinkTarget {
    fn of(page: &super::Page) -> LinkTarget {
        LinkTarget {
            path: page.path.clone(),
            file: page.file().map(Path::to_path_buf),
            meta: page.meta.clone(),
        }
    }

    /// Whether a link resolves against this target as against `page`: the same address,
    /// file, source and anchors. What [`LinkTarget::of`] takes of a page, this compares.
    fn holds_for(&self, page: &super::Page) -> bool {
        self.path == page.path
            && self.file.as_deref() == page.file()
            && match (&self.meta, &page.meta) {
                (Some(a), Some(b)) => {
                    Arc::ptr_eq(a, b)
                        || (a.rel == b.rel && a.kind == b.kind && a.anchors == b.anchors)
                }
                (None, None) => true,
                _ => false,
            }
    }
}

/// Everything a link may name on one site, taken from its model: each page's address and
/// anchors, files beside pages, files in `static/`, drafts, unreadable pages. A page's
/// links are a function of its body and of this alone, so two equal linkers resolve a
/// body alike: what a page's links came to can be kept while the linker stays equal,
/// even when the model around it changed (a title, an order).
#[derive(Debug, Clone)]
pub struct Linker {
    base_url: BaseUrl,
    /// By page id.
    pages: Vec<LinkTarget>,
    /// Each section's folder and front page.
    sections: Vec<(PathBuf, PageId)>,
    /// Each file beside pages: source and output.
    asset_files: Vec<(PathBuf, PathBuf)>,
    by_source: HashMap<PathBuf, PageId>,
    by_dir: HashMap<PathBuf, PageId>,
    by_path: HashMap<String, PageId>,
    /// Content files by source, with their URL paths.
    assets: HashMap<PathBuf, String>,
    asset_paths: HashSet<String>,
    static_files: Arc<BTreeSet<String>>,
    drafts: HashMap<PathBuf, String>,
    unreadable: HashSet<PathBuf>,
}

impl Linker {
    pub fn new(config: &Config, site: &Site) -> Self {
        let mut by_source = HashMap::default();
        let mut by_dir = HashMap::default();
        let mut by_path = HashMap::default();
        for page in &site.pages {
            by_path.insert(page.path.clone(), page.id);
            if let Some(s) = &page.meta {
                by_source.insert(s.rel.clone(), page.id);
                if s.kind != SourceKind::Page {
                    by_dir.insert(s.dir().to_path_buf(), page.id);
                }
            }
        }
        for section in &site.sections {
            by_dir.entry(section.dir.clone()).or_insert(section.page);
        }
        let assets: HashMap<PathBuf, String> = site
            .assets
            .iter()
            .map(|a| (a.source.clone(), url_path(&a.output)))
            .collect();
        let asset_paths = assets.values().cloned().collect();
        Linker {
            base_url: config.base_url.clone(),
            pages: site.pages.iter().map(LinkTarget::of).collect(),
            sections: site
                .sections
                .iter()
                .map(|s| (s.dir.clone(), s.page))
                .collect(),
            asset_files: site
                .assets
                .iter()
                .map(|a| (a.source.clone(), a.output.clone()))
                .collect(),
            by_source,
            by_dir,
            by_path,
            assets,
            asset_paths,
            static_files: site.static_files.clone(),
            drafts: site.drafts.clone(),
            unreadable: site.unreadable.clone(),
        }
    }

    /// Whether this linker is the one `Linker::new(config, site)` would make: everything
    /// it was made from is the same (its tables are made from nothing else). Cheaper
    /// than making a new one to compare.
    pub fn holds_for(&self, config: &Config, site: &Site) -> bool {
        self.base_url == config.base_url
            && self.pages.len() == site.pages.len()
            && self
                .pages
                .iter()
                .zip(&site.pages)
                .all(|(t, p)| t.holds_for(p))
            && self.sections.len() == site.sections.len()
            && self
                .sections
                .iter()
                .zip(&site.sections)
                .all(|((dir, page), s)| *dir == s.dir && *page == s.page)
            && self.asset_files.len() == site.assets.len()
            && self
                .asset_files
                .iter()
                .zip(&site.assets)
                .all(|((source, output), a)| *source == a.source && *output == a.output)
            && self.static_files == site.static_files
            && self.drafts == site.drafts
            && self.unreadable == site.unreadable
    }

    /// Resolves every link and image of a page's body (`meta` is the page's metadata).
    pub fn resolve(&self, meta: &PageMeta, scan: &Arc<BodyScan>) -> PageBody {
        let mut links = Vec::new();
        let mut resolved: HashSet<&str> = HashSet::default();
        let mut diags = Vec::new();
        for reference in &scan.references {
            if resolved.contains(reference.dest.as_str()) {
                continue;
            }
            let (action, problem) = match self.resolve_one(meta, reference) {
                Ok(action) => (action, None),
                // A link to a page that is not there keeps its text and loses the
                // link, for a run that publishes anyway (`--migrate`, or the rule
                // lowered in site.yaml): never an address that leads nowhere.
                Err(Problem::Error(d))
                    if reference.kind == RefKind::Link
                        && matches!(d.code, "broken-link" | "missing-file") =>
                {
                    (Some(LinkAction::Unlink), Some(d))
                }
                Err(Problem::Error(d)) => (None, Some(d)),
                Err(Problem::Draft(d)) => (Some(LinkAction::Unlink), Some(d)),
            };
            if let Some(action) = action {
                resolved.insert(&reference.dest);
                links.push((reference.dest.clone(), action));
            }
            if let Some(d) = problem {
                // The line itself is shown by whoever reads the file (the model reads none).
                let mut d = d.in_file(&meta.file);
                d.location = Some(scan.file_location(reference.location));
                diags.push(d);
            }
        }
        PageBody {
            scan: scan.clone(),
            links: Hashed::new(links.into_iter().collect()),
            diagnostics: diags,
        }
    }

    /// `Ok(None)`: leave the destination as written.
    fn resolve_one(
        &self,
        source: &PageMeta,
        reference: &Reference,
    ) -> Result<Option<LinkAction>, Problem> {
        let dest = reference.dest.trim();
        let what = match reference.kind {
            RefKind::Link => "link",
            RefKind::Image => "image",
        };
        if let Some(problem) = crate::url::address_problem(dest) {
            return Err(Problem::Error(
                Diagnostic::error("unsafe-link", format!("{what} to `{dest}`: {problem}"))
                    .with_help(
                        "a page never runs a script from a link; link to a page or a file instead",
                    ),
            ));
        }
        if dest.is_empty() || is_external(dest) {
            return Ok(None);
        }
        let (path_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let (path_part, query) = match path_part.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path_part, None),
        };
        if path_part.is_empty() {
            // `#anchor` on this page.
            let anchor = percent_decode(fragment.unwrap_or(""));
            if is_top(&anchor) || source.anchors.contains(&anchor) {
                return Ok(None);
            }
            let here = LinkTarget {
                path: String::new(),
                file: Some(source.file.clone()),
                meta: None,
            };
            return Err(Problem::Error(self.missing_anchor(
                &here,
                Some(source),
                &anchor,
            )));
        }
        let decoded = percent_decode(path_part);
        let target = if let Some(rooted) = decoded.strip_prefix('/') {
            match self.resolve_rooted(rooted) {
                Some(t) => t,
                None => {
                    let code = if reference.kind == RefKind::Image {
                        "missing-image"
                    } else {
                        "broken-link"
                    };
                    return Err(Problem::Error(Diagnostic::error(
                        code,
                        format!("{what} to `{dest}`: there is no page or file at that address on this site"),
                    )
                    .with_help("link to pages by their Markdown file, such as [our vision](../strategy/01-vision.md), or put files in static/")));
                }
            }
        } else {
            let Some(rel) = join(source.dir(), &decoded) else {
                return Err(Problem::Error(Diagnostic::error(
                    "broken-link",
                    format!("{what} to `{dest}` points outside the content folder"),
                )
                .with_help("link to pages inside content/, or put files in static/ and link to them as /file.pdf")));
            };
            match self.resolve_relative(&rel) {
                Some(t) => t,
                None => {
                    if let Some(title) = self.drafts.get(&rel) {
                        return Err(Problem::Draft(draft_link(title)));
                    }
                    // The page exists but has an error of its own, reported already.
                    if self.unreadable.contains(&rel) {
                        return Ok(None);
                    }
                    return Err(Problem::Error(self.missing_file(what, dest, &rel)));
                }
            }
        };
        let mut url = match &target {
            Target::Page(id) => {
                let target_page = &self.pages[id.0];
                if let Some(anchor) = fragment.map(percent_decode).filter(|a| !is_top(a)) {
                    let known = target_page
                        .meta
                        .as_ref()
                        .is_some_and(|s| s.anchors.contains(&anchor));
                    if !known {
                        return Err(Problem::Error(self.missing_anchor(
                            target_page,
                            target_page.meta.as_deref(),
                            &anchor,
                        )));
                    }
                }
                self.base_url.url(&target_page.path)
            }
            Target::File(path) => self.base_url.url(&encode_path(path)),
        };
        if let Some(q) = query {
            url.push('?');
            url.push_str(q);
        }
        if let Some(f) = fragment {
            url.push('#');
            url.push_str(f);
        }
        Ok(Some(LinkAction::Rewrite(url)))
    }

    fn resolve_relative(&self, rel: &Path) -> Option<Target> {
        if let Some(id) = self.by_source.get(rel) {
            return Some(Target::Page(*id));
        }
        if is_markdown(rel) {
            return None;
        }
        if let Some(path) = self.assets.get(rel) {
            return Some(Target::File(path.clone()));
        }
        self.by_dir.get(rel).map(|id| Target::Page(*id))
    }

    /// `/strategy/vision/` or `/images/logo.png`: a page's path, a content file, or a file in `static/`.
    fn resolve_rooted(&self, rooted: &str) -> Option<Target> {
        let base = self.base_url.path.trim_start_matches('/');
        let rooted = rooted.strip_prefix(base).unwrap_or(rooted);
        let as_dir = if rooted.is_empty() || rooted.ends_with('/') {
            rooted.to_string()
        } else {
            format!("{rooted}/")
        };
        if let Some(id) = self.by_path.get(as_dir.as_str()) {
            return Some(Target::Page(*id));
        }
        if self.asset_paths.contains(rooted) {
            return Some(Target::File(rooted.to_string()));
        }
        if self.static_files.contains(rooted) {
            return Some(Target::File(rooted.to_string()));
        }
        // A source file named from the top, as VuePress, Docusaurus and MkDocs resolve
        // `/guide/setup.md` (or, written from the repository, `/content/guide/setup.md`).
        let source = rooted.strip_prefix("content/").unwrap_or(rooted);
        if source.is_empty() {
            return None;
        }
        self.resolve_relative(Path::new(source))
    }

    fn missing_anchor(
        &self,
        target: &LinkTarget,
        meta: Option<&PageMeta>,
        anchor: &str,
    ) -> Diagnostic {
        let mut anchors: Vec<&str> = meta
            .map(|s| {
                // Footnote ids (`fn:1`, `fnref:1`) are not where a link means to go.
                s.anchors
                    .iter()
                    .filter(|a| !a.starts_with("fn:") && !a.starts_with("fnref:"))
                    .collect()
            })
            .unwrap_or_default();
        anchors.sort();
        let help = match closest(anchor, anchors.iter().copied()) {
            Some(c) => format!("did you mean `#{c}`?"),
            None if anchors.is_empty() => "that page has no headings to link to".to_string(),
            None => format!(
                "the headings on that page have the anchors: {}",
                anchors
                    .iter()
                    .take(12)
                    .map(|a| format!("#{a}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let page_name = target
            .file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_else(|| format!("/{}", target.path));
        Diagnostic::error(
            "broken-anchor",
            format!("link to `#{anchor}`, which is not a heading or anchor on {page_name}"),
        )
        .with_help(help)
    }

    fn missing_file(&self, what: &str, dest: &str, rel: &Path) -> Diagnostic {
        let dir = rel.parent().unwrap_or(Path::new(""));
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let siblings: Vec<String> = self
            .by_source
            .keys()
            .chain(self.assets.keys())
            .filter(|p| p.parent() == Some(dir))
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let help = match closest(&name, siblings.iter().map(String::as_str)) {
            Some(c) => format!(
                "did you mean `{c}`? Links are relative to the folder of the page they are in"
            ),
            None => format!(
                "no file content/{} exists; links are relative to the folder of the page they are in",
                rel.display()
            ),
        };
        let (noun, code) = match (is_markdown(rel), what) {
            (true, _) => ("page", "broken-link"),
            (false, "image") => ("file", "missing-image"),
            (false, _) => ("file", "missing-file"),
        };
        Diagnostic::error(
            code,
            format!("{what} to `{dest}`, but there is no such {noun}"),
        )
        .with_help(help)
    }
}

/// `#` and `#top` lead to the top of any HTML document (the HTML standard's "indicated
/// part of the document"), so they need no heading of that name.
fn is_top(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top")
}

/// A link to a draft: a warning, not an error, since the page exists and will be
/// published later. The link text stays; the link itself is left out until then.
fn draft_link(title: &str) -> Diagnostic {
    Diagnostic::warning(
        "draft-link",
        format!("link to “{title}”, which is a draft and is not published; the link text is kept without the link"),
    )
    .with_help("publish the page (remove `draft: true`), or build with --drafts to preview it")
}

/// Joins a relative link to the folder it is written in; `None` if it climbs out of `content/`.
fn join(dir: &Path, link: &str) -> Option<PathBuf> {
    let mut out: Vec<Component> = dir.components().collect();
    for part in Path::new(link).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop()?;
            }
            Component::Normal(_) => out.push(part),
            _ => return None,
        }
    }
    Some(out.iter().collect())
}

fn url_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Listing, ParseOptions, parse_page};
    use crate::markdown::OutlineNeeds;

    /// The model of a site of these pages (path under content/, text).
    fn model(config: &Config, pages: &[(&str, &str)], assets: &[&str]) -> Site {
        let mut listing = Listing::default();
        listing.folders.insert(PathBuf::new());
        let mut metas = Vec::new();
        for (rel, text) in pages {
            let rel = PathBuf::from(rel);
            for a in rel.ancestors().skip(1) {
                listing.folders.insert(a.to_path_buf());
            }
            listing.markdown.push(rel.clone());
            let options = ParseOptions {
                taxonomies: &config.taxonomies,
                outline: OutlineNeeds::None,
                raw_html: config.raw_html,
                limits: config.limits,
            };
            let (page, _, _) = parse_page(&rel, text, &options);
            metas.push(Arc::new(page.unwrap().meta.as_ref().clone()));
        }
        listing.assets = assets.iter().map(PathBuf::from).collect();
        let mut diags = crate::diag::Diagnostics::new();
        crate::site::build_site(
            config,
            crate::site::Sources {
                listing: &listing,
                pages: &metas,
                unreadable: &[],
            },
            &mut diags,
        )
    }

    #[test]
    fn a_linker_holds_exactly_while_what_links_can_name_is_the_same() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: T\n").unwrap();
        let config = crate::config::load_config(dir.path(), &Default::default()).unwrap();
        let base: [(&str, &str); 3] = [
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("plan/_index.md", "---\ntitle: Plan\n---\n"),
            ("plan/aims.md", "---\ntitle: Aims\n---\n## Our aims\n"),
        ];
        let linker = Linker::new(&config, &model(&config, &base, &[]));
        assert!(linker.holds_for(&config, &model(&config, &base, &[])));
        // What links cannot see: a title, a summary.
        let mut retitled = base;
        retitled[2].1 = "---\ntitle: Our aims\nsummary: Why.\n---\n## Our aims\n";
        assert!(linker.holds_for(&config, &model(&config, &retitled, &[])));
        // What they can: an anchor, an address, a file beside a page, a new page.
        let mut renamed = base;
        renamed[2].1 = "---\ntitle: Aims\n---\n## Our goals\n";
        let mut moved = base;
        moved[2].1 = "---\ntitle: Aims\nslug: goals\n---\n## Our aims\n";
        let mut drafted = base;
        drafted[2].1 = "---\ntitle: Aims\ndraft: true\n---\n## Our aims\n";
        for changed in [renamed, moved, drafted] {
            let site = model(&config, &changed, &[]);
            assert!(!linker.holds_for(&config, &site));
            assert!(Linker::new(&config, &site).holds_for(&config, &site));
        }
        assert!(!linker.holds_for(&config, &model(&config, &base, &["plan/chart.png"])));
        let mut more = base.to_vec();
        more.push(("plan/b.md", "---\ntitle: B\n---\n"));
        assert!(!linker.holds_for(&config, &model(&config, &more, &[])));
    }

    #[test]
    fn joins_relative_links() {
        assert_eq!(
            join(Path::new("strategy"), "01-vision.md"),
            Some(PathBuf::from("strategy/01-vision.md"))
        );
        assert_eq!(
            join(Path::new("strategy"), "../plan/index.md"),
            Some(PathBuf::from("plan/index.md"))
        );
        assert_eq!(
            join(Path::new("strategy"), "./a/../b.md"),
            Some(PathBuf::from("strategy/b.md"))
        );
        assert_eq!(join(Path::new(""), "../secret.md"), None);
    }
}
