//! Themes: the files of the theme a site uses (templates, static files, `theme.yaml`),
//! from the site's `themes/NAME/` folder or, for the default theme, from the copy built
//! into the binary; and the site's own `templates/` that override the theme file by file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::Config;
use crate::content::read_text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// A file of a theme or of the site's `templates/`.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Path within its folder: `templates/page.html`, `static/css/plainly.css`.
    pub rel: String,
    pub bytes: Cow<'static, [u8]>,
    /// How the file is named in messages.
    pub shown: PathBuf,
}

/// UI strings by language, then key.
pub type Strings = BTreeMap<String, BTreeMap<String, String>>;

/// `theme.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct ThemeManifest {
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    description: String,
    strings: Strings,
    brand: BTreeMap<String, BrandColour>,
}

/// A colour of the theme that a site may change (`brand.primary_colour`), with its
/// default and every place the theme puts text on it or in it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BrandColour {
    pub default: String,
    pub uses: Vec<ContrastUse>,
}

/// One place a brand colour meets another colour, and the contrast it needs there.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ContrastUse {
    /// The other colour: the background behind it, or the text on it.
    pub against: String,
    /// The contrast ratio needed, such as 4.5 for text.
    pub min: f64,
    /// Where the theme uses it, in words.
    #[serde(rename = "where")]
    pub role: String,
}

/// The theme a site uses, with the site's template overrides.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    /// Theme templates, by name (`page.html`).
    pub templates: Vec<ThemeFile>,
    /// The site's `templates/` files, by name.
    pub site_templates: Vec<ThemeFile>,
    /// Theme static files, by path under `static/`.
    pub static_files: Vec<ThemeFile>,
    pub strings: Strings,
    /// The theme's brand colours, by name (`primary_colour`).
    pub brand: BTreeMap<String, BrandColour>,
    /// `theme.yaml`, as named in messages.
    pub manifest: PathBuf,
    /// Whether the theme is the copy built into the binary.
    pub built_in: bool,
}

/// Loads the theme named in the configuration and the site's template overrides.
pub fn load_theme(config: &Config) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::new();
    let scope = crate::walk::Scope::new(&config.root, &config.publish_hidden);
    let theme_dir = config.themes_dir().join(&config.theme);
    let shown_dir = Path::new("themes").join(&config.theme);
    let (files, built_in) = if theme_dir.is_dir() {
        (
            read_folder(&scope, &theme_dir, &shown_dir, &mut diags),
            false,
        )
    } else if config.theme == "default" {
        let files = DEFAULT_THEME
            .iter()
            .map(|(rel, bytes)| ThemeFile {
                rel: rel.to_string(),
                bytes: Cow::Borrowed(*bytes),
                shown: PathBuf::from(format!("themes/default/{rel} (built in)")),
            })
            .collect();
        (files, true)
    } else {
        let mut available: Vec<String> = std::fs::read_dir(config.themes_dir())
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        available.push("default".into());
        available.sort();
        return Err(Diagnostic::error(
            "theme",
            format!("there is no theme named `{}`", config.theme),
        )
        .in_file("site.yaml")
        .with_help(format!(
            "put the theme in themes/{}/, or choose one of: {}",
            config.theme,
            available.join(", ")
        ))
        .into());
    };

    let mut templates = Vec::new();
    let mut static_files = Vec::new();
    let mut strings = Strings::new();
    let mut brand = BTreeMap::new();
    let mut manifest = shown_dir.join("theme.yaml");
    for file in files {
        if let Some(name) = file.rel.strip_prefix("templates/") {
            templates.push(ThemeFile {
                rel: name.to_string(),
                ..file
            });
        } else if let Some(path) = file.rel.strip_prefix("static/") {
            static_files.push(ThemeFile {
                rel: path.to_string(),
                ..file
            });
        } else if file.rel == "theme.yaml" {
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            let text = crate::config::normalise_text(&text);
            let source = yaml::Source::file(&file.shown, &text);
            match yaml::parse::<ThemeManifest>(&source) {
                Ok((parsed, _)) => {
                    strings = parsed.strings;
                    brand = parsed.brand;
                }
                Err(d) => diags.push(d),
            }
            manifest = file.shown.clone();
        }
    }
    let site_dir = config.templates_dir();
    let site_templates = if site_dir.is_dir() {
        read_folder(&scope, &site_dir, Path::new("templates"), &mut diags)
    } else {
        Vec::new()
    };
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Theme {
        name: config.theme.clone(),
        templates,
        site_templates,
        static_files,
        strings,
        brand,
        manifest,
        built_in,
    })
}

fn read_folder(
    scope: &crate::walk::Scope,
    dir: &Path,
    shown: &Path,
    diags: &mut Diagnostics,
) -> Vec<ThemeFile> {
    let mut out = Vec::new();
    for entry in scope.walk(dir, shown, diags) {
        if entry.is_dir {
            continue;
        }
        let rel = entry.rel;
        let rel = rel.to_string_lossy().replace('\\', "/");
        let shown_file = shown.join(&rel);
        let bytes = if is_text_template(&rel) {
            match read_text(&entry.path, &shown_file) {
                Ok(text) => text.into_bytes(),
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            }
        } else {
            match std::fs::read(&entry.path) {
                Ok(b) => b,
                Err(e) => {
                    diags.push(
                        Diagnostic::error(
                            "io",
                            format!("cannot read {}: {e}", shown_file.display()),
                        )
                        .in_file(&shown_file),
                    );
                    continue;
                }
            }
        };
        out.push(ThemeFile {
            rel,
            bytes: Cow::Owned(bytes),
            shown: shown_file,
        });
    }
    out
}

fn is_text_template(rel: &str) -> bool {
    rel.ends_with(".html")
        || rel.ends_with(".xml")
        || rel.ends_with(".yaml")
        || rel.ends_with(".txt")
}
