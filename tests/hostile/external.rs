//! `check --external` against a server that misbehaves: redirect loops, redirects to
//! other protocols, addresses curl would glob, and links to the machine's own network.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

use crate::harness::{SITE_YAML, TestSite, page};

/// A local server answering by path; it records every request line it gets.
fn server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let line = request.lines().next().unwrap_or("").to_string();
            let path = line.split(' ').nth(1).unwrap_or("").to_string();
            log.lock().unwrap().push(line);
            let (status, location) = match path.as_str() {
                "/loop-a" => ("302 Found", format!("http://127.0.0.1:{port}/loop-b")),
                "/loop-b" => ("302 Found", format!("http://127.0.0.1:{port}/loop-a")),
                "/to-file" => ("301 Moved", "file:///etc/passwd".to_string()),
                "/to-gopher" => ("301 Moved", "gopher://127.0.0.1/".to_string()),
                "/moved" => ("301 Moved", format!("http://127.0.0.1:{port}/ok")),
                "/ok" | "/glob[1-30]" | "/filter?type[a]=x" => ("200 OK", String::new()),
                p if p.starts_with("/deep") => {
                    let n: usize = p[5..].parse().unwrap_or(0);
                    (
                        "302 Found",
                        format!("http://127.0.0.1:{port}/deep{}", n + 1),
                    )
                }
                _ => ("404 Not Found", String::new()),
            };
            let location = if location.is_empty() {
                String::new()
            } else {
                format!("Location: {location}\r\n")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (port, seen)
}

fn site(port: u16, allow_private: bool) -> TestSite {
    let links = [
        "loop-a",
        "to-file",
        "to-gopher",
        "moved",
        "glob[1-30]",
        "filter?type[a]=x",
        "deep0",
    ]
    .iter()
    .map(|p| format!("- [link {p}](http://127.0.0.1:{port}/{p})\n"))
    .collect::<String>();
    TestSite::new()
        .file(
            "site.yaml",
            &format!(
                "{SITE_YAML}checks:\n  external-link: {{ allow_private: {allow_private}, timeout_seconds: 5 }}\n"
            ),
        )
        .file("content/index.md", &page("Home", &format!("Links:\n\n{links}")))
}

#[test]
fn redirect_loops_and_other_protocols_are_broken_and_curl_never_globs() {
    let (port, seen) = server();
    let site = site(port, true);
    let run = site.run(&["check", "--external"]);
    let report = format!("{}{}", run.stdout, run.stderr);
    for (line, what) in [
        (6, "redirects in a loop"),
        (7, "redirects to a file: address, which is not followed"),
        (8, "redirects to a gopher: address, which is not followed"),
        (12, "redirects more than 10 times"),
    ] {
        assert!(
            report.contains(&format!("--> content/index.md:{line}:")) && report.contains(what),
            "line {line}: {what}\n{report}"
        );
    }
    for fine in ["/moved", "/glob[1-30]", "/filter?type[a]=x"] {
        assert!(
            !report.contains(&format!("{port}{fine} ")),
            "{fine} reported:\n{report}"
        );
    }
    let seen = seen.lock().unwrap();
    let globbed = seen.iter().filter(|l| l.contains("/glob")).count();
    assert_eq!(globbed, 1, "curl globbed the address: {seen:?}");
    assert!(
        !seen
            .iter()
            .any(|l| l.contains("/glob1") || l.contains("/glob2")),
        "{seen:?}"
    );
}

#[test]
fn links_to_the_machines_own_network_are_not_requested() {
    let (port, seen) = server();
    let site = site(port, false);
    let run = site.run(&["check", "--external"]);
    let report = format!("{}{}", run.stdout, run.stderr);
    assert!(
        report.contains("is on a private or local address (127.0.0.1), which is not checked"),
        "{report}"
    );
    let seen = seen.lock().unwrap();
    assert!(seen.is_empty(), "requests were made: {seen:?}");
}
