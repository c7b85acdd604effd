//! Rendering: Tera templates from the theme and the site, and one parallel pass that
//! renders every page and writes it out.
//!
//! Templates are parsed once per build ([`templates`]). Site-wide data (`site`, `data`,
//! `taxonomies`, `brand`) is serialised once into Tera's global context; each page adds
//! only its own view-model ([`view`]). The build is planned as a list of output files
//! ([`plan`]); each page's body is read, rendered to HTML, passed through its template
//! and written, and nothing of it is kept: memory follows the site's metadata, not its
//! text.

pub mod brand;
pub mod fingerprint;
pub mod pages;
pub mod plan;
pub mod templates;
pub mod theme;
pub mod view;

pub use pages::{html_path, template_name};
pub use plan::{Job, Output, Renderer};
pub use templates::{THEME_PREFIX, Templates, UiStrings, load_templates};

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::output::Sink;
use crate::site::Site;
use theme::Theme;

/// Site-wide values templates see besides the site itself.
pub struct Globals<'a> {
    /// `data/*.yaml`, as `data`.
    pub data: &'a serde_json::Value,
    /// Brand colours, as `brand`.
    pub brand: &'a brand::Brand,
}

/// Counts of what a build wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderReport {
    pub pages: usize,
    pub files: usize,
}

/// Renders every page and writes it, with the static files, sitemap and redirects,
/// to `sink`.
pub fn render_site(
    config: &Config,
    site: &Site,
    templates: &mut Templates,
    theme: &Theme,
    globals: &Globals,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> RenderReport {
    plan::check_templates(config, site, templates, diags);
    if diags.has_errors() {
        return RenderReport::default();
    }
    let renderer = Renderer::new(config, site, templates, theme, globals);
    let outputs = renderer.plan(false, diags);
    if diags.has_errors() {
        return RenderReport::default();
    }
    let all: Vec<&Output> = outputs.iter().collect();
    let (pages, files) = renderer.write(&all, sink, diags);
    RenderReport { pages, files }
}
