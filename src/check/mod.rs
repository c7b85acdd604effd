//! Checks: what `plainly check` (and, for the rules that are errors, every build) reports
//! beyond what stops a site being built at all.
//!
//! - [`rules`]: every rule, with its id, default severity and reasons;
//! - [`settings`]: how a site sets them, and how a run applies its settings;
//! - [`source`]: rules on a page's Markdown, run as pages are loaded;
//! - [`content`]: rules on the site model (summaries, review dates, consultations, titles);
//! - [`external`]: links to other sites, with `--external`;
//! - [`report`]: findings as text, JSON or GitHub workflow annotations.

pub mod content;
pub mod external;
pub mod report;
pub mod rules;
pub mod settings;
pub mod source;
pub mod text;

pub use settings::{Checks, Mode};

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::site::Site;

/// Adds the checks on the site model to a run's diagnostics, and applies the site's
/// settings (and each page's `checks: { ignore }`) to all of them.
pub fn review(config: &Config, site: &Site, mut diags: Diagnostics) -> Diagnostics {
    diags.extend(content::check_site(config, site));
    if config.mode.external {
        diags.extend(external::check_external(config, site));
    }
    settle_for(config, Some(site), diags)
}

/// Applies the site's settings to diagnostics; with the site, each page's own ignores too.
pub fn settle_for(config: &Config, site: Option<&Site>, diags: Diagnostics) -> Diagnostics {
    let mut ignored: HashMap<PathBuf, Vec<String>> = HashMap::new();
    if let Some(site) = site {
        for page in &site.pages {
            if let Some(source) = &page.source
                && let Some(checks) = &source.front.checks
            {
                ignored.insert(source.file.clone(), checks.ignore.0.clone());
            }
        }
    }
    settings::settle(diags, &config.checks, &config.mode, &ignored)
}
