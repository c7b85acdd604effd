//! Rendering: Tera templates from the theme and the site, and the files of the output.
//!
//! The look of a site ([`Look`]: theme, templates, brand colours) is loaded once and
//! kept while its files are unchanged. Site-wide data (`site`, `data`, `taxonomies`,
//! `brand`) is serialised once per build into Tera's global context; each file adds
//! only its own context ([`pages`]), built from view-models ([`view`]). The build is
//! planned as a list of output files ([`plan`]); each page's body is read, checked
//! against the text the page was read from, rendered to HTML, passed through its
//! template and written, and nothing of it is kept: memory follows the site's
//! metadata, not its text.

pub mod brand;
pub mod pages;
pub mod plan;
mod statement;
pub mod templates;
pub mod theme;
pub mod view;

pub use pages::template_name;
pub use plan::{Job, Made, Output, Renderer, check_templates, plan_outputs};
pub use templates::{THEME_PREFIX, Templates, UiStrings, load_templates};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};

/// The theme, templates and brand colours of a site, loaded together.
pub struct Look {
    pub theme: theme::Theme,
    pub templates: Templates,
    pub brand: brand::Brand,
}

/// Loads the theme, parses the templates and checks the brand colours. `None` when any
/// of them has an error; the problems are returned either way.
pub fn load_look(config: &Config) -> (Option<Look>, Vec<Diagnostic>) {
    let mut diags = Diagnostics::new();
    let look = match theme::load_theme(config) {
        Ok(theme) => {
            let templates = load_templates(config, &theme, &mut diags);
            let brand = brand::resolve_brand(config, &theme, &mut diags);
            match (templates, brand) {
                (Some(templates), Some(brand)) => Some(Look {
                    theme,
                    templates,
                    brand,
                }),
                _ => None,
            }
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    (look, diags.into_vec())
}
