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
    let allow_private = config.checks.flag("external-link", "allow_private");
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
                    let outcome = probe(&url, timeout, allow_private);
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

/// How many redirects are followed.
const MAX_REDIRECTS: usize = 10;

/// Asks for an address, following redirects one hop at a time so that each hop is
/// judged before it is asked: only http and https, never a private or local address
/// (unless `allow_private`), each host's address resolved here and pinned for curl, so
/// that a name cannot resolve one way for the check and another for the request.
/// `Err` says what went wrong.
fn probe(url: &str, timeout: Duration, allow_private: bool) -> Result<u16, String> {
    let mut current = url.to_string();
    let mut seen = std::collections::HashSet::new();
    for hop in 0..=MAX_REDIRECTS {
        let parsed =
            url::Url::parse(&current).map_err(|e| format!("is not a valid address ({e})"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!(
                "redirects to a {}: address, which is not followed",
                parsed.scheme()
            ));
        }
        if !seen.insert(parsed.as_str().to_string()) {
            return Err("redirects in a loop".into());
        }
        let address = pinned_address(&parsed, allow_private).map_err(|problem| {
            if hop == 0 {
                problem
            } else {
                format!("redirects to {parsed}, which {problem}")
            }
        })?;
        let (code, location) = match ask(&parsed, address, timeout, true)? {
            // Some servers refuse HEAD; ask for the page itself before judging.
            (0 | 403 | 405 | 501, _) => ask(&parsed, address, timeout, false)?,
            answer => answer,
        };
        match code {
            300..=399 if !location.is_empty() => current = location,
            200..=399 => return Ok(code),
            _ => return Err(format!("answered with HTTP status {code}")),
        }
    }
    Err(format!("redirects more than {MAX_REDIRECTS} times"))
}

/// The address to ask a URL's host at: the first it resolves to, refused when any of
/// them is private or local.
fn pinned_address(url: &url::Url, allow_private: bool) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    let port = url.port_or_known_default().unwrap_or(80);
    let addresses: Vec<std::net::SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(ip)) => vec![(ip, port).into()],
        Some(url::Host::Ipv6(ip)) => vec![(ip, port).into()],
        Some(url::Host::Domain(name)) => (name, port)
            .to_socket_addrs()
            .map_err(|_| "has a host name that does not resolve".to_string())?
            .collect(),
        None => return Err("has no host".into()),
    };
    if !allow_private && let Some(private) = addresses.iter().find(|a| is_private(a.ip())) {
        return Err(format!(
            "is on a private or local address ({}), which is not checked",
            private.ip()
        ));
    }
    addresses
        .first()
        .copied()
        .ok_or_else(|| "has a host name that does not resolve".to_string())
}

/// Loopback, private, link-local, shared, multicast and unspecified addresses: the build
/// machine's own network, which a link in content must not make it probe.
pub fn is_private(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// One request by curl, to `address` for the URL's host, not following redirects:
/// the status and where a redirect leads.
fn ask(
    url: &url::Url,
    address: std::net::SocketAddr,
    timeout: Duration,
    head: bool,
) -> Result<(u16, String), String> {
    let host = url.host_str().unwrap_or("");
    let port = url.port_or_known_default().unwrap_or(80);
    let ip = match address.ip() {
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
        v4 => v4.to_string(),
    };
    let mut command = Command::new("curl");
    command
        .args(["--silent", "--globoff", "--output", "/dev/null"])
        .args(["--proto", "=http,https", "--proto-redir", "=http,https"])
        .args(["--max-time", &timeout.as_secs().max(1).to_string()])
        .args([
            "--resolve",
            &format!("{}:{port}:{ip}", host.trim_matches(['[', ']'])),
        ])
        .args(["--write-out", "%{http_code} %{redirect_url}"])
        .args(["--user-agent", "plainly-link-check"]);
    if head {
        command.arg("--head");
    }
    let output = command
        .arg(url.as_str())
        .output()
        .map_err(|e| format!("could not be checked: curl could not run ({e})"))?;
    if !output.status.success() {
        return Err(curl_problem(output.status.code(), timeout));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let (code, location) = text.trim().split_once(' ').unwrap_or((text.trim(), ""));
    Ok((code.parse().unwrap_or(0), location.trim().to_string()))
}

/// What a curl exit status means for a link.
fn curl_problem(code: Option<i32>, timeout: Duration) -> String {
    match code {
        Some(1) => "uses a protocol that is not followed".into(),
        Some(6) => "has a host name that does not resolve".into(),
        Some(7) => "did not accept a connection".into(),
        Some(28) => format!("did not answer within {} s", timeout.as_secs().max(1)),
        Some(35 | 51 | 53 | 54 | 58 | 59 | 60 | 66 | 77 | 80 | 82 | 83 | 90 | 91) => {
            "has a problem with its secure (https) connection or certificate".into()
        }
        Some(47) => format!("redirects more than {MAX_REDIRECTS} times"),
        Some(52) => "closed the connection without answering".into(),
        Some(56) => "broke off the connection".into(),
        Some(n) => format!("could not be fetched (curl error {n})"),
        None => "could not be fetched (curl was stopped)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_local_addresses_are_known() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::",
            "224.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "151.101.0.1", "2a00:1450::1", "172.32.0.1"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }
}
