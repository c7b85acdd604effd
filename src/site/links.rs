//! Link resolution: every link and image in every page, checked and mapped to its URL.
//!
//! Editors link to pages by their source path (`01-vision.md`, `../plan/index.md#actions`),
//! to files beside a page (`chart.png`), or to anchors on the same page (`#aims`). Each is
//! resolved against the page's folder, checked (the page exists, the anchor exists on it),
//! and rewritten to the URL the page is published at, under the base path. Links to other
//! sites are left alone.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::{Page, PageId, Site, body_location};
use crate::config::Config;
use crate::content::is_markdown;
use crate::diag::{Diagnostic, Diagnostics, closest};
use crate::markdown::{LinkAction, RefKind, Reference};

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

struct Lookup<'a> {
    site: &'a Site,
    config: &'a Config,
    by_source: HashMap<&'a Path, PageId>,
    by_dir: HashMap<&'a Path, PageId>,
    by_path: HashMap<&'a str, PageId>,
    assets: HashMap<&'a Path, String>,
    asset_paths: HashMap<String, ()>,
    drafts: &'a HashMap<PathBuf, String>,
    unreadable: &'a HashSet<PathBuf>,
    /// Files in `static/`, relative to it, with `/` separators.
    static_files: &'a BTreeSet<String>,
}

pub(super) fn resolve_links(config: &Config, site: &mut Site, diags: &mut Diagnostics) {
    let results: Vec<(HashMap<String, LinkAction>, Vec<Diagnostic>)> = {
        let lookup = Lookup::new(config, site, &site.drafts, &site.unreadable);
        site.pages
            .par_iter()
            .map(|page| lookup.resolve_page(page))
            .collect()
    };
    for (page, (links, page_diags)) in site.pages.iter_mut().zip(results) {
        page.links = links;
        diags.extend(page_diags);
    }
}

/// Resolves the links of one page again, against the site as it is.
pub(super) fn relink(config: &Config, site: &mut Site, id: PageId) -> Vec<Diagnostic> {
    let (links, diags) = {
        let lookup = Lookup::new(config, site, &site.drafts, &site.unreadable);
        lookup.resolve_page(site.page(id))
    };
    site.pages[id.0].links = links;
    diags
}

impl<'a> Lookup<'a> {
    fn new(
        config: &'a Config,
        site: &'a Site,
        drafts: &'a HashMap<PathBuf, String>,
        unreadable: &'a HashSet<PathBuf>,
    ) -> Self {
        let mut by_source = HashMap::new();
        let mut by_dir = HashMap::new();
        let mut by_path = HashMap::new();
        for page in &site.pages {
            by_path.insert(page.path.as_str(), page.id);
            if let Some(s) = &page.source {
                by_source.insert(s.rel.as_path(), page.id);
                if s.kind != crate::content::SourceKind::Page {
                    by_dir.insert(s.dir(), page.id);
                }
            }
        }
        for section in &site.sections {
            by_dir.entry(section.dir.as_path()).or_insert(section.page);
        }
        let assets: HashMap<&Path, String> = site
            .assets
            .iter()
            .map(|a| (a.source.as_path(), url_path(&a.output)))
            .collect();
        let asset_paths = assets.values().map(|p| (p.clone(), ())).collect();
        Lookup {
            site,
            config,
            by_source,
            by_dir,
            by_path,
            assets,
            asset_paths,
            static_files: &site.static_files,
            drafts,
            unreadable,
        }
    }

    fn resolve_page(&self, page: &Page) -> (HashMap<String, LinkAction>, Vec<Diagnostic>) {
        let mut links = HashMap::new();
        let mut diags = Vec::new();
        let mut file_text: Option<String> = None;
        let Some(source) = &page.source else {
            return (links, diags);
        };
        for reference in &source.scanned.references {
            if links.contains_key(&reference.dest) {
                continue;
            }
            let (action, problem) = match self.resolve(page, reference) {
                Ok(action) => (action, None),
                Err(Problem::Error(d)) => (None, Some(d)),
                Err(Problem::Draft(d)) => (Some(LinkAction::Unlink), Some(d)),
            };
            if let Some(action) = action {
                links.insert(reference.dest.clone(), action);
            }
            if let Some(d) = problem {
                let text = file_text.get_or_insert_with(|| {
                    std::fs::read_to_string(self.config.root.join(&source.file))
                        .map(|t| crate::config::normalise_newlines(&t))
                        .unwrap_or_default()
                });
                diags.push(d.at(
                    &source.file,
                    text,
                    body_location(source, reference.location),
                ));
            }
        }
        (links, diags)
    }

    /// `Ok(None)`: leave the destination as written.
    fn resolve(&self, page: &Page, reference: &Reference) -> Result<Option<LinkAction>, Problem> {
        let dest = reference.dest.trim();
        if dest.is_empty() || is_external(dest) {
            return Ok(None);
        }
        let source = page
            .source
            .as_ref()
            .expect("only pages with a source have links");
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
            if is_top(&anchor) || source.scanned.anchors.contains(&anchor) {
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
                let target_page = self.site.page(*id);
                if let Some(anchor) = fragment.map(percent_decode).filter(|a| !is_top(a)) {
                    let known = target_page
                        .source
                        .as_ref()
                        .is_some_and(|s| s.scanned.anchors.contains(&anchor));
                    if !known {
                        return Err(Problem::Error(self.missing_anchor(target_page, &anchor)));
                    }
                }
                self.config.base_url.url(&target_page.path)
            }
            Target::File(path) => self.config.base_url.url(&encode_path(path)),
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
        let base = self.config.base_url.path.trim_start_matches('/');
        let rooted = rooted.strip_prefix(base).unwrap_or(rooted);
        let as_dir = if rooted.is_empty() || rooted.ends_with('/') {
            rooted.to_string()
        } else {
            format!("{rooted}/")
        };
        if let Some(id) = self.by_path.get(as_dir.as_str()) {
            return Some(Target::Page(*id));
        }
        if self.asset_paths.contains_key(rooted) {
            return Some(Target::File(rooted.to_string()));
        }
        if self.static_files.contains(rooted) {
            return Some(Target::File(rooted.to_string()));
        }
        None
    }

    fn missing_anchor(&self, target: &Page, anchor: &str) -> Diagnostic {
        let mut anchors: Vec<&str> = target
            .source
            .as_ref()
            .map(|s| s.scanned.headings.iter().map(|h| h.id.as_str()).collect())
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
            .copied()
            .chain(self.assets.keys().copied())
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

/// `https:`, `mailto:`, `tel:`, `//host`: addresses Plainly does not own.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
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

/// Decodes `%20` and other percent escapes; invalid escapes are kept as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Percent-encodes what a URL path may not hold (spaces and other specials).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn url_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_destinations() {
        for d in [
            "https://x.org",
            "mailto:a@b",
            "tel:01234",
            "//cdn.x",
            "data:image/png;base64,x",
        ] {
            assert!(is_external(d), "{d}");
        }
        for d in [
            "01-vision.md",
            "../plan/index.md#x",
            "/strategy/",
            "a/b:c.md",
            "#top",
        ] {
            assert!(!is_external(d), "{d}");
        }
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

    #[test]
    fn percent_coding() {
        assert_eq!(percent_decode("Our%20Plan.md"), "Our Plan.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(
            encode_path("partners/Annual report 2025.pdf"),
            "partners/Annual%20report%202025.pdf"
        );
    }
}
