//! The preview server as a web page open in the user's browser, or a greedy client on
//! the machine, would attack it: other host names, other methods, huge or stalled
//! request heads, too many connections, traversal, ranges.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{TestSite, page};

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &TestSite, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plainly"))
            .arg("--root")
            .arg(site.root())
            .args(["--color", "never", "serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let port = loop {
            line.clear();
            assert!(stdout.read_line(&mut line).unwrap() > 0, "serve stopped");
            if let Some(i) = line.find("127.0.0.1:") {
                let after = &line[i + "127.0.0.1:".len()..];
                break after[..after.find('/').unwrap()].parse().unwrap();
            }
        };
        // Keep reading its output so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in stdout.lines() {});
        Server { child, port }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s
    }

    /// Sends `head` as written and returns the whole response.
    fn raw(&self, head: &str) -> String {
        let mut s = self.connect();
        s.write_all(head.as_bytes()).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    fn get_as(&self, host: &str, path: &str) -> String {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    }

    fn get(&self, path: &str) -> String {
        self.get_as("localhost", path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status(response: &str) -> u16 {
    response
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn site() -> TestSite {
    let site = TestSite::new()
        .file("content/_index.md", &page("Home", "Welcome."))
        .file("content/plan.md", &page("Plan", "The plan."));
    let big: Vec<u8> = (0..(1u32 << 20)).map(|i| (i % 251) as u8).collect();
    site.write_bytes("static/files/big.bin", &big);
    site
}

#[test]
fn only_localhost_ip_addresses_and_allowed_names_are_answered() {
    let site = site();
    let server = Server::start(&site, &["--allowed-host", "preview.example"]);
    let port = server.port;
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "plainly.localhost".to_string(),
        "LOCALHOST.".to_string(),
        "preview.example".to_string(),
        format!("Preview.Example:{port}"),
    ] {
        let r = server.get_as(&host, "/");
        assert_eq!(status(&r), 200, "Host: {host}\n{r}");
    }
    for host in [
        "evil.example",
        "evil.example:1111",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
        "preview.example.evil",
    ] {
        for path in ["/", "/plan/", "/__plainly/events", "/__plainly/error"] {
            let r = server.get_as(host, path);
            assert_eq!(status(&r), 403, "Host: {host} {path}\n{r}");
            assert!(r.contains("--allowed-host"), "{r}");
            assert!(!r.contains("Welcome"), "{r}");
        }
    }
    let r = server.raw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&r), 400, "no Host:\n{r}");
    let r = server.raw("GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n");
    assert_eq!(status(&r), 400, "two Hosts:\n{r}");
    for r in [server.get("/"), server.get("/__plainly/error")] {
        assert!(!r.to_ascii_lowercase().contains("access-control-"), "{r}");
    }
}

#[test]
fn only_get_and_head_are_served() {
    let site = site();
    let server = Server::start(&site, &[]);
    for method in [
        "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "get",
    ] {
        let r = server.raw(&format!(
            "{method} / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"
        ));
        assert_eq!(status(&r), 405, "{method}\n{r}");
        assert!(r.contains("Allow: GET, HEAD"), "{r}");
    }
    let head = server.raw("HEAD /plan/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(status(&head), 200);
    assert!(head.ends_with("\r\n\r\n"), "HEAD sent a body:\n{head}");
}

#[test]
fn every_traversal_form_and_control_character_is_refused() {
    let site = site();
    let server = Server::start(&site, &[]);
    std::fs::create_dir_all(site.root().join("output/%2e%2e")).unwrap();
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/site.yaml",
        "/.%2e/site.yaml",
        "/%2e%2e%2fsite.yaml",
        "/%252e%252e/site.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "//etc/passwd",
        "/%2f%2fetc/passwd",
        "/plan/../../site.yaml",
        "/plan/%2e%2e/%2e%2e/site.yaml",
        "/%00",
        "/plan%00/",
        "/%0d%0aSet-Cookie:x",
        "/%1b[2J",
        "/%c0%ae%c0%ae/site.yaml",
        "/%ff",
        "/%",
        "/%zz",
        "/./site.yaml",
        "/output/../site.yaml",
    ] {
        let r = server.get(path);
        assert!(
            matches!(status(&r), 400 | 404),
            "{path} gave {}:\n{r}",
            status(&r)
        );
        assert!(!r.contains("base_url"), "{path} leaked site.yaml");
    }
    // Raw control characters and spaces in the request line are a bad request.
    for target in ["/a\u{1}b", "/a\u{7f}", "/a b"] {
        let r = server.raw(&format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assert_eq!(status(&r), 400, "{target:?}\n{r}");
    }
    // A folder asked for without its slash is redirected on this site.
    let r = server.get("/plan");
    assert_eq!(status(&r), 302, "{r}");
    assert!(r.contains("Location: /plan/\r\n"), "{r}");
}

#[test]
fn oversized_and_stalled_heads_are_dropped_while_others_are_served() {
    let site = site();
    let server = Server::start(&site, &[]);
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(9000)
    );
    assert_eq!(status(&server.raw(&huge)), 431);
    // Clients that send a byte now and then never finish their head.
    let mut stalled: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = server.connect();
            s.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
            s
        })
        .collect();
    let start = Instant::now();
    let r = server.get("/plan/");
    assert_eq!(status(&r), 200);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "a request waited {:?} behind stalled clients",
        start.elapsed()
    );
    // Each keeps trickling bytes: the head must be complete within 10 s in all.
    let start = Instant::now();
    let mut closed = false;
    while start.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(500));
        if stalled[0].write_all(b"a").is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 64];
        stalled[0]
            .set_read_timeout(Some(Duration::from_millis(1)))
            .unwrap();
        if let Ok(0) = stalled[0].read(&mut buf) {
            closed = true;
            break;
        }
    }
    assert!(closed, "a trickling client kept its connection for 15 s");
    assert!(start.elapsed() >= Duration::from_secs(8));
    stalled.clear();
}

#[test]
fn connections_and_listeners_are_capped_and_freed() {
    let site = site();
    let server = Server::start(&site, &[]);
    // Idle connections up to the cap and beyond: the ones past it are turned away.
    let idle: Vec<TcpStream> = (0..140).map(|_| server.connect()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let r = server.get("/");
    assert_eq!(status(&r), 503, "{r}");
    drop(idle);
    let start = Instant::now();
    let served = loop {
        let r = server.get("/");
        if status(&r) == 200 || start.elapsed() > Duration::from_secs(15) {
            break status(&r);
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(served, 200, "closed connections were not freed");
    // Browsers listening for reloads are capped too.
    let listeners: Vec<TcpStream> = (0..64)
        .map(|_| {
            let mut s = server.connect();
            s.write_all(b"GET /__plainly/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .unwrap();
            let mut first = [0u8; 12];
            s.read_exact(&mut first).unwrap();
            assert_eq!(&first[9..12], b"200");
            s
        })
        .collect();
    let r = server.raw("GET /__plainly/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(status(&r), 503, "{r}");
    drop(listeners);
    // Browsers that went away are noticed within seconds, and their places freed.
    let start = Instant::now();
    loop {
        let mut s = server.connect();
        s.write_all(b"GET /__plainly/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut first = [0u8; 12];
        s.read_exact(&mut first).unwrap();
        if &first[9..12] == b"200" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "closed listeners still hold their places"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn files_are_streamed_with_byte_ranges() {
    let site = site();
    let server = Server::start(&site, &[]);
    let expected: Vec<u8> = (0..(1u32 << 20)).map(|i| (i % 251) as u8).collect();
    let ranged = |range: &str| -> (u16, Vec<u8>, String) {
        let mut s = server.connect();
        write!(
            s,
            "GET /files/big.bin HTTP/1.1\r\nHost: localhost\r\nRange: {range}\r\n\r\n"
        )
        .unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&out[..split]).into_owned();
        (status(&head), out[split + 4..].to_vec(), head)
    };
    let (code, body, head) = ranged("bytes=10-19");
    assert_eq!(code, 206, "{head}");
    assert_eq!(body, &expected[10..20]);
    assert!(
        head.contains("Content-Range: bytes 10-19/1048576"),
        "{head}"
    );
    let (code, body, _) = ranged("bytes=-5");
    assert_eq!(
        (code, body.as_slice()),
        (206, &expected[expected.len() - 5..])
    );
    let (code, body, _) = ranged("bytes=1048570-");
    assert_eq!((code, body.len()), (206, 6));
    let (code, _, head) = ranged("bytes=2000000-");
    assert_eq!(code, 416, "{head}");
    let (code, body, head) = ranged("items=0-1");
    assert_eq!(code, 200, "{head}");
    assert_eq!(body, expected);
}
