//! `plainly serve` and `plainly build --watch`, end to end: a real process, real file
//! changes, real HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::harness::*;

/// A running `plainly` process, stopped when dropped.
struct Running {
    child: Child,
    lines: Receiver<String>,
}

impl Running {
    fn start(site: &TestSite, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plainly"))
            .arg("--root")
            .arg(site.root())
            .args(["--color", "never"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, lines }
    }

    /// Reads output lines until one contains `needle`.
    fn wait_for_line(&mut self, needle: &str) -> String {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => panic!("plainly printed no {needle:?} in 20 s"),
            }
        }
    }

    /// Every line printed within `wait`.
    fn lines_within(&mut self, wait: Duration) -> Vec<String> {
        let until = Instant::now() + wait;
        let mut out = Vec::new();
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => out.push(line),
                Err(_) => break,
            }
        }
        out
    }

    fn stderr(mut self) -> String {
        let _ = self.child.kill();
        let mut text = String::new();
        let _ = self.child.stderr.take().unwrap().read_to_string(&mut text);
        text
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn port_of(line: &str) -> u16 {
    let after = &line[line.find("127.0.0.1:").expect("an address") + "127.0.0.1:".len()..];
    after[..after.find('/').unwrap()].parse().unwrap()
}

/// One HTTP request; returns the status code and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A Server-Sent Events connection.
struct Events(BufReader<TcpStream>);

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET /__plainly/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        Events(BufReader::new(stream))
    }

    /// Reads until an event named `name` arrives; returns its data.
    fn wait_for(&mut self, name: &str) -> String {
        let mut current = String::new();
        loop {
            let mut line = String::new();
            if self.0.read_line(&mut line).unwrap() == 0 {
                panic!("the event stream ended before `{name}`");
            }
            let line = line.trim_end();
            if let Some(event) = line.strip_prefix("event: ") {
                current = event.to_string();
            } else if let Some(data) = line.strip_prefix("data: ")
                && current == name
            {
                return data.to_string();
            }
        }
    }
}

fn site() -> TestSite {
    TestSite::new()
        .file("content/_index.md", &page("Home", "Welcome."))
        .file(
            "content/plan.md",
            &page("Plan", "## Aims\n\nThe first version.\n"),
        )
}

#[test]
fn serve_reloads_the_browser_after_an_edit_and_shows_errors_until_fixed() {
    let site = site();
    let mut running = Running::start(&site, &["serve", "--port", "0"]);
    let port = port_of(&running.wait_for_line("Serving the site at"));
    let mut events = Events::connect(port);
    assert_eq!(events.wait_for("status"), "ok");

    let (status, html) = get(port, "/plan/");
    assert_eq!(status, 200);
    assert!(html.contains("The first version."));
    assert!(html.contains("<script src=\"/__plainly/reload.js\" defer></script>"));
    assert!(
        !site.output("plan/index.html").contains("reload.js"),
        "the file on disk has no script"
    );
    let (status, js) = get(port, "/__plainly/reload.js");
    assert_eq!(status, 200);
    assert!(js.contains("EventSource"));

    site.write(
        "content/plan.md",
        &page("Plan", "## Aims\n\nThe second version.\n"),
    );
    events.wait_for("reload");
    let (_, html) = get(port, "/plan/");
    assert!(html.contains("The second version."), "{html}");

    // A broken edit: the browser is told, the error page says why, pages stay served.
    site.write(
        "content/plan.md",
        "---\ntitle: Plan\ndate: 2026-02-31\n---\nText\n",
    );
    assert_eq!(events.wait_for("status"), "error");
    let (_, error_page) = get(port, "/__plainly/error");
    assert!(error_page.contains("<html lang=\"en\">") && error_page.contains("<main>"));
    assert!(error_page.contains("content/plan.md:3:7"), "{error_page}");
    assert!(error_page.contains("not a real day"));
    let (status, html) = get(port, "/plan/");
    assert_eq!(status, 200);
    assert!(
        html.contains("The second version."),
        "the last good build is still served"
    );

    site.write(
        "content/plan.md",
        &page("Plan", "## Aims\n\nThe third version.\n"),
    );
    events.wait_for("reload");
    assert!(get(port, "/plan/").1.contains("The third version."));

    // A deleted page disappears.
    std::fs::remove_file(site.root().join("content/plan.md")).unwrap();
    events.wait_for("reload");
    let (status, body) = get(port, "/plan/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
    assert!(
        !site.output("index.html").contains("/plan/"),
        "and from every list"
    );
}

#[test]
fn serve_gives_404_for_paths_outside_the_output() {
    let site = site();
    let running = Running::start(&site, &["serve", "--port", "0"]);
    let mut running = running;
    let port = port_of(&running.wait_for_line("Serving the site at"));
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.root().join("site.yaml"),
        site.root().join("output/leak.txt"),
    )
    .unwrap();
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "//etc/passwd",
        "/leak.txt",
        "/plan/../../site.yaml",
    ] {
        let (status, body) = get(port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked site.yaml");
    }
    // No listing of a folder without an index.
    std::fs::create_dir_all(site.root().join("output/empty")).unwrap();
    assert_eq!(get(port, "/empty/").0, 404);
    let (status, css) = get(port, "/css/plainly.css");
    assert_eq!(status, 200);
    assert!(css.contains(".skip-link"));
}

#[test]
fn a_busy_port_moves_to_the_next_and_a_network_address_warns() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut running = Running::start(&site, &["serve", "--port", &port]);
    let line = running.wait_for_line("Serving the site at");
    assert_ne!(port_of(&line).to_string(), port);
    assert!(
        running
            .stderr()
            .contains(&format!("port {port} is busy; using"))
    );

    let mut running = Running::start(&site, &["serve", "--port", "0", "--bind", "0.0.0.0"]);
    running.wait_for_line("Serving the site at");
    assert!(
        running
            .stderr()
            .contains("warning[serve]: serving on 0.0.0.0")
    );
}

#[test]
fn build_watch_rebuilds_on_change_without_serving() {
    let site = site();
    let mut running = Running::start(&site, &["build", "--watch"]);
    running.wait_for_line("Watching for changes");
    site.write("content/new.md", &page("A new page", "Fresh text."));
    let started = Instant::now();
    while !site.has_output("new/index.html") {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no rebuild after 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    running.wait_for_line("Rebuilt in");
    assert!(site.output("new/index.html").contains("Fresh text."));
    assert!(
        site.output("index.html").contains("A new page"),
        "listed on the home page"
    );
    assert!(!site.output("new/index.html").contains("reload.js"));
}

#[test]
fn an_editors_save_is_one_rebuild_and_its_temporary_files_are_ignored() {
    let site = site();
    let mut running = Running::start(&site, &["build", "--watch"]);
    running.wait_for_line("Watching for changes");
    let content = site.root().join("content");
    // Vim: a probe file, a backup, the new file, backup removed, plus a swap file.
    std::fs::write(content.join("4913"), "").unwrap();
    std::fs::remove_file(content.join("4913")).unwrap();
    std::fs::write(content.join(".plan.md.swp"), "swap").unwrap();
    std::fs::rename(content.join("plan.md"), content.join("plan.md~")).unwrap();
    std::fs::write(
        content.join("plan.md"),
        page("Plan", "## Aims\n\nSaved by an editor.\n"),
    )
    .unwrap();
    std::fs::remove_file(content.join("plan.md~")).unwrap();
    let lines = running.lines_within(Duration::from_millis(1500));
    let rebuilds = lines
        .iter()
        .filter(|l| l.starts_with("Rebuilt") || l.starts_with("Built"))
        .count();
    assert_eq!(rebuilds, 1, "{lines:?}");
    assert!(
        site.output("plan/index.html")
            .contains("Saved by an editor.")
    );
    // A change to a temporary file alone rebuilds nothing.
    std::fs::write(content.join(".plan.md.swp"), "swap again").unwrap();
    std::fs::write(content.join("notes.md~"), "backup").unwrap();
    let lines = running.lines_within(Duration::from_millis(600));
    assert!(lines.is_empty(), "{lines:?}");
}

#[test]
fn watch_survives_the_content_folder_being_replaced() {
    let site = site();
    let mut running = Running::start(&site, &["build", "--watch"]);
    running.wait_for_line("Watching for changes");
    // As a `git checkout` of another branch does: the folder goes, a new one comes.
    let content = site.root().join("content");
    let old = site.root().join("content-old");
    std::fs::rename(&content, &old).unwrap();
    std::fs::create_dir_all(content.join("news")).unwrap();
    std::fs::write(content.join("_index.md"), page("Home", "Welcome back.")).unwrap();
    std::fs::write(
        content.join("news/launch.md"),
        page("Launch", "We are live."),
    )
    .unwrap();
    std::fs::remove_dir_all(&old).unwrap();
    let started = Instant::now();
    while !site.has_output("news/launch/index.html") || site.has_output("plan/index.html") {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "output not rebuilt: {:?}",
            site.output_files()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // And it still watches the new folder.
    std::thread::sleep(Duration::from_millis(100));
    site.write(
        "content/news/launch.md",
        &page("Launch", "We are live, again."),
    );
    let started = Instant::now();
    while !site.output("news/launch/index.html").contains("again") {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the new folder is not watched"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
