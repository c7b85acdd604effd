//! What a host needs beside the pages, for site.yaml's `deploy.target`: the files each
//! build writes into the output (Netlify's `_headers` and `_redirects`, GitHub Pages'
//! `.nojekyll`), and the files `plainly deploy-config` gives for the repository (the
//! workflow or configuration that builds and publishes the site).
//!
//! Every host gets the same security headers where it lets a site set them: a strict
//! content security policy (the theme needs nothing from elsewhere, and no inline script
//! or style), `nosniff`, a referrer policy, and HSTS. Redirects for aliases are real 301s
//! where the host reads a redirect file; the stub pages every build writes stay as the
//! fallback (a host's forced rules are read before its files).

use std::path::PathBuf;

use crate::config::Config;
use crate::site::Site;

/// The content security policy every page keeps to.
pub const CSP: &str = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// The response headers every host that allows them is given.
pub fn headers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Strict-Transport-Security", "max-age=31536000"),
    ]
}

/// The names of the files a build writes for the site's host, at the output's root.
pub fn host_files(config: &Config) -> &'static [&'static str] {
    match config.deploy_target.as_deref() {
        Some("netlify") => &["_headers", "_redirects"],
        Some("github-pages") => &[".nojekyll"],
        _ => &[],
    }
}

/// The contents of one of [`host_files`].
pub fn host_file(config: &Config, site: &Site, name: &str) -> Vec<u8> {
    let base = &config.base_url.path;
    match name {
        "_headers" => {
            let mut out = format!("{base}*\n");
            for (header, value) in headers() {
                out.push_str(&format!("  {header}: {value}\n"));
            }
            out.into_bytes()
        }
        "_redirects" => {
            // Forced (`!`): the stub page at the old address is a file, and files win
            // over unforced rules.
            let mut out = String::new();
            for alias in &site.aliases {
                let from = config.base_url.url(&alias.path);
                let to = config.base_url.url(&site.page(alias.target).path);
                out.push_str(&format!("{from} {to} 301!\n"));
            }
            out.into_bytes()
        }
        // GitHub Pages: publish folders whose names start with `_` as they are.
        _ => Vec::new(),
    }
}

/// The files `plainly deploy-config TARGET` gives: (path in the repository, contents).
pub fn config_files(target: &str) -> Vec<(PathBuf, String)> {
    match target {
        "github-pages" => vec![(
            PathBuf::from(".github/workflows/pages.yml"),
            GITHUB_PAGES_WORKFLOW.to_string(),
        )],
        "netlify" => vec![(PathBuf::from("netlify.toml"), NETLIFY_TOML.to_string())],
        _ => Vec::new(),
    }
}

const GITHUB_PAGES_WORKFLOW: &str = r#"# Publishes the site with GitHub Pages on every push to main.
# In the repository's Settings > Pages, set Source to "GitHub Actions".
name: Publish the site
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install Plainly
        run: cargo install --locked plainly
      - name: Check (errors, and any TODO placeholder left, stop the deploy)
        run: plainly check --strict
      - name: Build under the address GitHub Pages gives the site
        run: plainly build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

const NETLIFY_TOML: &str = r#"# Netlify builds and publishes the site on every push. The headers and redirects are
# in the output itself (_headers and _redirects), written by every build.
[build]
  command = "cargo install --locked plainly && plainly check --strict && plainly build"
  publish = "output"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_with_config_files_gives_parseable_files() {
        let workflow = &config_files("github-pages")[0].1;
        let value: serde_json::Value = crate::yaml::parse_value(&crate::yaml::Source::file(
            std::path::Path::new("pages.yml"),
            workflow,
        ))
        .unwrap();
        assert_eq!(value["permissions"]["pages"], "write");
        assert_eq!(value["permissions"]["id-token"], "write");
        let steps = value["jobs"]["build"]["steps"].as_array().unwrap();
        let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
        let check = runs
            .iter()
            .position(|r| *r == "plainly check --strict")
            .unwrap();
        let build = runs
            .iter()
            .position(|r| {
                r.starts_with("plainly build --base-url \"${{ steps.pages.outputs.base_url }}/\"")
            })
            .unwrap();
        assert!(check < build, "the check runs first");
        let upload = steps
            .iter()
            .find(|s| {
                s["uses"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
            })
            .unwrap();
        assert_eq!(upload["with"]["path"], "output");
        let netlify = &config_files("netlify")[0].1;
        assert!(netlify.contains("publish = \"output\""));
        assert!(netlify.contains("plainly check --strict && plainly build"));
    }
}
