//! Walking a folder of the site, reading only the site.
//!
//! A build reads `content/`, `static/`, `data/`, `templates/` and `themes/`, and may run
//! on a build machine whose other folders hold keys and tokens. So every folder is walked
//! here, by one set of rules:
//!
//! - a symbolic link is followed only when it resolves inside the site folder; one that
//!   points outside, dangles or loops is an error naming the link and its target;
//! - only regular files and folders are listed: a named pipe, socket or device is never
//!   opened (reading one could block the build or read a device);
//! - hidden files, editor and system leftovers and files that look like secrets are
//!   never listed, and each is reported. `.well-known/` is published, and a site names
//!   other hidden files to publish (such as `.nojekyll`) under `publish_hidden:`.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, display_path};

/// A file or folder found in a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Relative to the folder walked, as the site names it (through links, not their
    /// targets).
    pub rel: PathBuf,
    /// Where to read it.
    pub path: PathBuf,
    pub is_dir: bool,
}

/// Why a name is not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// A file that looks like a key, a password store or a repository.
    Secret,
    /// Any other name starting with a dot.
    Hidden,
    /// What editors and operating systems leave behind.
    Junk,
}

/// Whether a file or folder name is left out of every walk, and why.
pub fn classify(name: &OsStr) -> Option<Skip> {
    let name = name.to_string_lossy();
    let lower = name.to_ascii_lowercase();
    if is_secret(&lower) {
        return Some(Skip::Secret);
    }
    if lower == ".ds_store"
        || name.ends_with('~')
        || lower.ends_with(".swp")
        || lower.ends_with(".swx")
        || lower.ends_with(".tmp")
        || lower.ends_with(".plainly-tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || lower == "thumbs.db"
        || lower == "desktop.ini"
    {
        return Some(Skip::Junk);
    }
    if name.starts_with('.') && name != ".well-known" {
        return Some(Skip::Hidden);
    }
    None
}

/// Whether a change to a file of this name can matter to a build (watch mode).
pub fn is_ignored(name: &OsStr) -> bool {
    classify(name).is_some()
}

fn is_secret(lower: &str) -> bool {
    const NAMES: [&str; 10] = [
        ".git",
        ".hg",
        ".svn",
        ".ssh",
        ".aws",
        ".npmrc",
        ".pypirc",
        ".netrc",
        ".pgpass",
        ".htpasswd",
    ];
    const ENDINGS: [&str; 8] = [
        ".pem",
        ".key",
        ".p12",
        ".pfx",
        ".jks",
        ".keystore",
        ".gpg",
        ".asc",
    ];
    lower.starts_with(".env")
        || lower.starts_with("id_rsa")
        || lower.starts_with("id_dsa")
        || lower.starts_with("id_ecdsa")
        || lower.starts_with("id_ed25519")
        || NAMES.contains(&lower)
        || ENDINGS.iter().any(|e| lower.ends_with(e))
        || lower == "credentials"
        || lower == "credentials.json"
        || lower == "secrets.yaml"
        || lower == "secrets.yml"
        || lower == "secrets.json"
}

/// The site being read: its folder, resolved once, and the hidden names it publishes.
pub struct Scope<'a> {
    root: PathBuf,
    publish_hidden: &'a [String],
}

impl<'a> Scope<'a> {
    /// `root` is the site folder; `publish_hidden` the hidden names the site publishes.
    pub fn new(root: &Path, publish_hidden: &'a [String]) -> Self {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Scope {
            root,
            publish_hidden,
        }
    }

    /// Every file and folder under `dir` (not `dir` itself), sorted by name, parents
    /// before their contents. `shown` is how messages name `dir`, such as `content`.
    /// A missing `dir` is empty.
    pub fn walk(&self, dir: &Path, shown: &Path, diags: &mut Diagnostics) -> Vec<Entry> {
        let mut out = Vec::new();
        let Ok(meta) = std::fs::symlink_metadata(dir) else {
            return out;
        };
        if meta.file_type().is_symlink() {
            match self.resolve(dir, shown) {
                Ok(real) if real.is_dir() => {
                    let mut seen = BTreeSet::from([real.clone()]);
                    self.walk_into(&real, Path::new(""), shown, &mut seen, &mut out, diags);
                }
                Ok(_) => {}
                Err(d) => diags.push(d),
            }
            return out;
        }
        if !meta.is_dir() {
            return out;
        }
        let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut seen = BTreeSet::from([real]);
        self.walk_into(dir, Path::new(""), shown, &mut seen, &mut out, diags);
        out
    }

    /// Walks the folder `dir`, which the site names `prefix` (relative to the walk's
    /// start). `seen` holds the resolved folders on the way here, to catch loops.
    fn walk_into(
        &self,
        dir: &Path,
        prefix: &Path,
        shown: &Path,
        seen: &mut BTreeSet<PathBuf>,
        out: &mut Vec<Entry>,
        diags: &mut Diagnostics,
    ) {
        let mut entries = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let at = e
                        .path()
                        .and_then(|p| p.strip_prefix(dir).ok())
                        .map(|rel| shown.join(prefix).join(rel))
                        .unwrap_or_else(|| shown.join(prefix));
                    diags.push(
                        Diagnostic::error("io", format!("cannot read {}: {e}", display_path(&at)))
                            .in_file(&at)
                            .with_help("check the folder's permissions"),
                    );
                    continue;
                }
            };
            let Ok(below) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let rel = prefix.join(below);
            let shown_path = shown.join(&rel);
            let file_type = entry.file_type();
            if let Some(skip) = self.skipped(entry.file_name()) {
                report_skip(skip, &shown_path, file_type.is_dir(), diags);
                if file_type.is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
            if file_type.is_symlink() {
                let real = match self.resolve(entry.path(), &shown_path) {
                    Ok(real) => real,
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                };
                if real.is_dir() {
                    if seen.contains(&real) {
                        diags.push(
                            Diagnostic::error(
                                "link",
                                format!(
                                    "{} is a link to a folder that holds it, so it would loop",
                                    display_path(&shown_path)
                                ),
                            )
                            .in_file(&shown_path)
                            .with_help("remove the link, or point it at a folder outside this one"),
                        );
                        continue;
                    }
                    out.push(Entry {
                        rel: rel.clone(),
                        path: entry.path().to_path_buf(),
                        is_dir: true,
                    });
                    seen.insert(real.clone());
                    self.walk_into(&real, &rel, shown, seen, out, diags);
                    seen.remove(&real);
                } else if real.is_file() {
                    out.push(Entry {
                        rel,
                        path: real,
                        is_dir: false,
                    });
                } else {
                    report_special(&shown_path, diags);
                }
                continue;
            }
            if file_type.is_dir() {
                out.push(Entry {
                    rel,
                    path: entry.path().to_path_buf(),
                    is_dir: true,
                });
            } else if file_type.is_file() {
                out.push(Entry {
                    rel,
                    path: entry.path().to_path_buf(),
                    is_dir: false,
                });
            } else {
                report_special(&shown_path, diags);
            }
        }
    }

    fn skipped(&self, name: &OsStr) -> Option<Skip> {
        let skip = classify(name)?;
        let published = skip == Skip::Hidden
            && self
                .publish_hidden
                .iter()
                .any(|n| OsStr::new(n.as_str()) == name);
        (!published).then_some(skip)
    }

    /// Where a link leads, if that is inside the site.
    fn resolve(&self, link: &Path, shown: &Path) -> Result<PathBuf, Diagnostic> {
        let target = std::fs::read_link(link)
            .map(|t| display_path(&t))
            .unwrap_or_else(|_| "?".into());
        let real = std::fs::canonicalize(link).map_err(|e| {
            let why = if e.raw_os_error() == Some(libc::ELOOP) {
                "which loops".to_string()
            } else {
                "which does not exist".to_string()
            };
            Diagnostic::error(
                "link",
                format!("{} is a link to {target}, {why}", display_path(shown)),
            )
            .in_file(shown)
            .with_help("remove the link, or point it at a file inside the site folder")
        })?;
        if !real.starts_with(&self.root) {
            return Err(Diagnostic::error(
                "link",
                format!(
                    "{} is a link to {target}, outside the site folder; Plainly reads only files inside the site",
                    display_path(shown)
                ),
            )
            .in_file(shown)
            .with_help("copy the file into the site instead of linking to it"));
        }
        Ok(real)
    }
}

fn report_skip(skip: Skip, shown: &Path, is_dir: bool, diags: &mut Diagnostics) {
    let what = if is_dir { "folder" } else { "file" };
    let name = display_path(shown);
    let d = match skip {
        Skip::Secret => Diagnostic::warning(
            "secret-file",
            format!("not published: {name} looks like a secret or a repository {what}"),
        )
        .with_help("move it out of the site folder; Plainly never publishes such files"),
        Skip::Hidden => Diagnostic::note(
            "hidden-file",
            format!("not published: {name} is a hidden {what}"),
        )
        .with_help(
            "to publish it, add its name under publish_hidden: in site.yaml (such as .nojekyll)",
        ),
        Skip::Junk => Diagnostic::note(
            "hidden-file",
            format!("not published: {name} is an editor or system {what}"),
        )
        .with_help("delete it when you are done editing"),
    };
    diags.push(d.in_file(shown));
}

fn report_special(shown: &Path, diags: &mut Diagnostics) {
    diags.push(
        Diagnostic::warning(
            "special-file",
            format!(
                "not read: {} is not a regular file (a named pipe, socket or device)",
                display_path(shown)
            ),
        )
        .in_file(shown)
        .with_help("remove it from the site folder"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classified() {
        let c = |n: &str| classify(OsStr::new(n));
        for secret in [
            ".env",
            ".env.local",
            "server.pem",
            "a.KEY",
            "id_rsa",
            "id_ed25519.pub",
            ".git",
            ".npmrc",
        ] {
            assert_eq!(c(secret), Some(Skip::Secret), "{secret}");
        }
        for junk in [
            ".DS_Store",
            "a.md~",
            ".a.md.swp",
            "#a.md#",
            "4913",
            "Thumbs.db",
            ".x.plainly-tmp",
        ] {
            assert_eq!(c(junk), Some(Skip::Junk), "{junk}");
        }
        for hidden in [".nojekyll", ".htaccess", ".gitkeep"] {
            assert_eq!(c(hidden), Some(Skip::Hidden), "{hidden}");
        }
        for fine in [
            ".well-known",
            "keynote.md",
            "monkey.png",
            "index.md",
            "envelope.svg",
        ] {
            assert_eq!(c(fine), None, "{fine}");
        }
    }
}
