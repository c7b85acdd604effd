//! Checks: what `plainly check` (and, for the rules that are errors, every build) reports
//! beyond what stops a site being built at all. The rules themselves, and how a site
//! sets them, are [`crate::rules`]; here is what applies them:
//!
//! - [`source`]: rules on a page's Markdown, run on each page once it is loaded;
//! - [`content`]: rules on the site model (summaries, review dates, consultations, titles);
//! - [`external`]: links to other sites, with `--external`;
//! - [`text`]: the plain-English measures the source rules use;
//! - [`tags`]: the start tags of raw HTML, for the source rules that read it;
//! - [`report`]: findings as text, JSON or GitHub workflow annotations.

pub mod content;
pub mod external;
pub mod report;
pub mod source;
pub mod tags;
pub mod text;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::rules::Mode;
use crate::site::Site;

/// Applies the site's settings to a run's diagnostics: rules turned off go, others get
/// the severity the site gave them; with the site, each page's own
/// `checks: { ignore }` too.
pub fn settle(
    config: &Config,
    mode: &Mode,
    site: Option<&Site>,
    diags: Diagnostics,
) -> Diagnostics {
    let mut ignored: HashMap<PathBuf, Vec<String>> = HashMap::new();
    if let Some(site) = site {
        for page in &site.pages {
            if let Some(meta) = &page.meta
                && let Some(checks) = &meta.front.checks
            {
                ignored.insert(meta.file.clone(), checks.ignore.0.clone());
            }
        }
    }
    crate::rules::settle(diags, &config.checks, mode, &ignored)
}
