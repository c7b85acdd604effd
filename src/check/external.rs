//! Links to other sites, checked with `--external`: each address once, a few at a time,
//! each with a time limit. The requests are made by `curl`, which every platform Plainly
//! runs on has, rather than by a TLS stack compiled into every build.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::config::Config;
use crate::content::text_as_read;
use crate::diag::{Diagnostic, Location};
use crate::markdown::RefKind;
use crate::rules::finding;
use crate::site::{PageBody, Site};
use crate::url::is_external;

/// Checks every `http:` and `https:` link of the site; `bodies` holds each page's body,
/// by page id.
pub fn check_external(
    config: &Config,
    site: &Site,
    bodies: &[Option<Arc<PageBody>>],
) -> Vec<Diagnostic> {
    let timeout = Duration::from_secs_f64(
        config
            .checks
            .number("external-link", "timeout_seconds")
            .max(1.0),
    );
    let concurrency = (config.checks.number("external-link", "concurrency") as usize).clamp(1, 32);
    // Address → where it is linked from.
    let mut uses: BTreeMap<String, Vec<(usize, Location)>> = BTreeMap::new();
    for (page, body) in site.pages.iter().zip(bodies) {
        let Some(body) = body else { continue };
        for r in &body.scan.references {
            let dest = r.dest.trim();
            let lower = dest.to_ascii_lowercase();
            if is_external(dest)
                && (lower.starts_with("http://") || lower.starts_with("https://"))
                && r.kind != RefKind::Image
            {
                let url = dest.split('#').next().unwrap_or(dest).to_string();
                uses.entry(url)
                    .or_default()
                    .push((page.id.0, body.scan.file_location(r.location)));
            }
        }
    }
    let queue = Mutex::new(uses.keys().cloned().collect::<Vec<_>>());
    let results = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..concurrency.min(uses.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let Some(url) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop() else {
                        break;
                    };
                    let outcome = probe(&url, timeout);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(url, outcome);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut out = Vec::new();
    let mut texts: BTreeMap<usize, Option<String>> = BTreeMap::new();
    for (url, places) in &uses {
        let Some(Err(problem)) = results.get(url) else {
            continue;
        };
        for (page, at) in places {
            let (Some(meta), Some(body)) = (&site.pages[*page].meta, &bodies[*page]) else {
                continue;
            };
            let text = texts
                .entry(*page)
                .or_insert_with(|| text_as_read(&config.root, meta, &body.scan));
            let d = finding("external-link", format!("the link to {url} {problem}"));
            out.push(d.at(&meta.file, text.as_deref().unwrap_or(""), *at));
        }
    }
    out
}

/// Asks for an address; `Err` says what went wrong.
fn probe(url: &str, timeout: Duration) -> Result<u16, String> {
    let ask = |method: &str| {
        Command::new("curl")
            .args([
                "--silent",
                "--location",
                "--output",
                "/dev/null",
                "--max-redirs",
                "10",
            ])
            .args(["--max-time", &timeout.as_secs().to_string()])
            .args(["--request", method, "--write-out", "%{http_code}"])
            .args(["--user-agent", "plainly-link-check"])
            .arg(url)
            .output()
    };
    let output =
        ask("HEAD").map_err(|e| format!("could not be checked: curl could not run ({e})"))?;
    let mut code: u16 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    // Some servers refuse HEAD; ask for the page itself before judging.
    if (code == 0 || code == 405 || code == 403 || code == 501)
        && let Ok(again) = ask("GET")
    {
        code = String::from_utf8_lossy(&again.stdout)
            .trim()
            .parse()
            .unwrap_or(0);
    }
    match code {
        0 => Err("did not answer".into()),
        200..=399 => Ok(code),
        _ => Err(format!("answered with HTTP status {code}")),
    }
}
