//! Link resolution: every link and image in every page, checked and mapped to its URL.
//!
//! Editors link to pages by their source path (`01-vision.md`, `../plan/index.md#actions`),
//! to files beside a page (`chart.png`), or to anchors on the same page (`#aims`). Each is
//! resolved against the page's folder, checked (the page exists, the anchor exists on it),
//! and rewritten to the URL the page is published at, under the base path. Links to other
//! sites are left alone.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{Page, PageId, Site};
use crate::config::Config;
use crate::content::{BodyScan, SourceKind, is_markdown, text_as_read};
use crate::diag::{Diagnostic, closest};
use crate::markdown::{LinkAction, RefKind, Reference};
use crate::url::{BaseUrl, encode_path, is_external, percent_decode};

/// What only a page's own output reads of its body: the scan of the body and where its
/// links go. Made by [`Linker::resolve`] from the page's scan and the model alone.
#[derive(Debug, Clone)]
pub struct PageBody {
    pub scan: Arc<BodyScan>,
    /// How links and images in the body are rewritten, by destination as written.
    pub links: BTreeMap<String, LinkAction>,
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

/// Resolves links against one site model: every page, file and anchor a link may name.
/// It keeps the model it was made from, so that it can be kept with it between builds.
pub struct Linker {
    site: Arc<Site>,
    root: PathBuf,
    base_url: BaseUrl,
    by_source: HashMap<PathBuf, PageId>,
    by_dir: HashMap<PathBuf, PageId>,
    by_path: HashMap<String, PageId>,
    /// Content files by source, with their URL paths.
    assets: HashMap<PathBuf, String>,
    asset_paths: HashSet<String>,
}

impl Linker {
    pub fn new(config: &Config, site: Arc<Site>) -> Self {
        let mut by_source = HashMap::new();
        let mut by_dir = HashMap::new();
        let mut by_path = HashMap::new();
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
            site,
            root: config.root.clone(),
            base_url: config.base_url.clone(),
            by_source,
            by_dir,
            by_path,
            assets,
            asset_paths,
        }
    }

    /// The model this linker resolves against.
    pub fn site(&self) -> &Arc<Site> {
        &self.site
    }

    /// Resolves every link and image of a page's body.
    pub fn resolve(&self, id: PageId, scan: &Arc<BodyScan>) -> PageBody {
        let page = self.site.page(id);
        let mut links = BTreeMap::new();
        let mut diags = Vec::new();
        let mut file_text: Option<Option<String>> = None;
        if let Some(meta) = &page.meta {
            for reference in &scan.references {
                if links.contains_key(&reference.dest) {
                    continue;
                }
                let (action, problem) = match self.resolve_one(page, reference) {
                    Ok(action) => (action, None),
                    Err(Problem::Error(d)) => (None, Some(d)),
                    Err(Problem::Draft(d)) => (Some(LinkAction::Unlink), Some(d)),
                };
                if let Some(action) = action {
                    links.insert(reference.dest.clone(), action);
                }
                if let Some(d) = problem {
                    let at = scan.file_location(reference.location);
                    let text =
                        file_text.get_or_insert_with(|| text_as_read(&self.root, meta, scan));
                    diags.push(match text {
                        Some(text) => d.at(&meta.file, text, at),
                        None => {
                            let mut d = d.in_file(&meta.file);
                            d.location = Some(at);
                            d
                        }
                    });
                }
            }
        }
        PageBody {
            scan: scan.clone(),
            links,
            diagnostics: diags,
        }
    }

    /// `Ok(None)`: leave the destination as written.
    fn resolve_one(
        &self,
        page: &Page,
        reference: &Reference,
    ) -> Result<Option<LinkAction>, Problem> {
        let dest = reference.dest.trim();
        if dest.is_empty() || is_external(dest) {
            return Ok(None);
        }
        let Some(source) = page.meta.as_ref() else {
            return Ok(None);
        };
        let (path_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let (path_part, query) = match path_part.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path_part, None),
        };
        let what = match reference.kind {
            RefKind::Link => "link",
            RefKind::Image => "image",
        };
        if path_part.is_empty() {
            // `#anchor` on this page.
            let anchor = percent_decode(fragment.unwrap_or(""));
            if is_top(&anchor) || source.anchors.contains(&anchor) {
                return Ok(None);
            }
            return Err(Problem::Error(self.missing_anchor(page, &anchor)));
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
                    if let Some(title) = self.site.drafts.get(&rel) {
                        return Err(Problem::Draft(draft_link(title)));
                    }
                    // The page exists but has an error of its own, reported already.
                    if self.site.unreadable.contains(&rel) {
                        return Ok(None);
                    }
                    return Err(Problem::Error(self.missing_file(what, dest, &rel)));
                }
            }
        };
        let mut url = match &target {
            Target::Page(id) => {
                let target_page = self.site.page(*id);
                if let Some(anchor) = fragment.map(percent_decode).filter(|a| !is_top(a)) {
                    let known = target_page
                        .meta
                        .as_ref()
                        .is_some_and(|s| s.anchors.contains(&anchor));
                    if !known {
                        return Err(Problem::Error(self.missing_anchor(target_page, &anchor)));
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
        if self.site.static_files.contains(rooted) {
            return Some(Target::File(rooted.to_string()));
        }
        None
    }

    fn missing_anchor(&self, target: &Page, anchor: &str) -> Diagnostic {
        let mut anchors: Vec<&str> = target
            .meta
            .as_ref()
            .map(|s| s.heading_ids.iter().map(String::as_str).collect())
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
            .file()
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
