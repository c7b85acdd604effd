//! `plainly init`: a new site from nothing, its placeholders, and the folders it refuses.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::*;

const FLAGS: &[&str] = &[
    "--name",
    "Cyngor Digidol: “Ein cynllun”",
    "--council",
    "Cyngor Sir Ynys Môn",
    "--base-url",
    "https://example.github.io/mon/",
];

fn init(site: &TestSite, extra: &[&str]) -> Run {
    let mut args = vec!["init", "new site"];
    args.extend_from_slice(extra);
    site.run(&args)
}

/// Every finding of `plainly check --format json` on the new site: (rule, file, line).
fn findings(dir: &Path, strict: bool) -> (i32, Vec<(String, String, u64)>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plainly"));
    cmd.arg("--root")
        .arg(dir)
        .args(["check", "--format", "json"]);
    if strict {
        cmd.arg("--strict");
    }
    let out = cmd.env("SOURCE_DATE_EPOCH", "1780272000").output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (out.status.code().unwrap(), found)
}

/// The files of a folder, relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .filter(|p| !p.starts_with("output"))
        .collect();
    out.sort();
    out
}

/// Fills in every placeholder as an editor would: a value or a paragraph gets words,
/// a comment goes.
fn fill_in(dir: &Path) {
    for rel in files(dir) {
        if !(rel.ends_with(".md") || rel.ends_with(".yaml")) {
            continue;
        }
        let path = dir.join(&rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let filled: Vec<String> = text
            .lines()
            .map(|line| {
                if let Some(i) = line.find("  # TODO") {
                    line[..i].to_string()
                } else if line.starts_with("TODO") {
                    "We will add this soon.".to_string()
                } else {
                    line.replace("TODO: ", "Filled in: ")
                }
            })
            .collect();
        std::fs::write(&path, filled.join("\n") + "\n").unwrap();
    }
}

#[test]
fn a_new_site_is_written_built_and_lists_only_its_placeholders() {
    let site = TestSite::empty();
    let run = init(&site, FLAGS);
    assert_eq!(run.code, 0, "{run:?}");
    let dir = site.root().join("new site");
    assert_eq!(
        files(&dir),
        [
            ".gitignore",
            "content/_index.md",
            "content/partners/index.md",
            "content/partners/logo.svg",
            "content/strategy/01-our-vision.md",
            "content/strategy/02-what-we-will-do.md",
            "content/strategy/03-how-we-will-know.md",
            "content/strategy/_index.md",
            "site.yaml",
        ]
    );
    // Built at once, under the answers given.
    let home = std::fs::read_to_string(dir.join("output/index.html")).unwrap();
    assert!(home.contains("Cyngor Digidol: “Ein cynllun”"), "{home}");
    assert!(
        home.contains("Cyngor Sir Ynys Môn publishes its plans"),
        "{home}"
    );
    assert!(home.contains("href=\"/mon/strategy/\""), "{home}");
    assert!(dir.join("output/strategy/our-vision/index.html").is_file());
    let partners = std::fs::read_to_string(dir.join("output/partners/index.html")).unwrap();
    assert!(
        partners.contains("alt=\"Digital inclusion partnership\""),
        "{partners}"
    );
    assert!(dir.join("output/accessibility/index.html").is_file());
    // The next steps name the folder as a shell reads it.
    assert!(run.stdout.contains("cd 'new site'"), "{}", run.stdout);
    assert!(
        run.stdout.contains("plainly check --strict"),
        "{}",
        run.stdout
    );

    // Checking finds the planted placeholders and nothing else, each at a line.
    let (code, found) = findings(&dir, false);
    assert_eq!(code, 0);
    assert!(found.len() >= 10, "{found:?}");
    for (rule, file, line) in &found {
        assert_eq!(rule, "placeholder", "{found:?}");
        assert!(!file.is_empty() && *line > 0, "{found:?}");
    }
    for file in [
        "site.yaml",
        "content/_index.md",
        "content/strategy/_index.md",
    ] {
        assert!(found.iter().any(|(_, f, _)| f == file), "none in {file}");
    }
    // The answers given are not placeholders; the address given is not one either.
    let site_yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    assert!(!site_yaml.contains("TODO: the website's name"));
    assert!(!site_yaml.contains("TODO: the address the website"));
    assert_eq!(
        findings(&dir, true).0,
        1,
        "--strict fails while any is left"
    );

    // Filled in, the site checks clean, strictly.
    fill_in(&dir);
    let (code, found) = findings(&dir, true);
    assert_eq!((code, found), (0, vec![]));
}

#[test]
fn defaults_are_taken_without_a_terminal_and_are_marked_as_placeholders() {
    let site = TestSite::empty();
    // Standard input open but never written to: not a terminal, so nothing is asked.
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_plainly"))
        .args(["-q", "init"])
        .arg(site.root().join("s"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("init waited for an answer with no terminal");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    let (_, found) = findings(&site.root().join("s"), false);
    let lines: Vec<u64> = found
        .iter()
        .filter(|(_, f, _)| f == "site.yaml")
        .map(|(_, _, l)| *l)
        .collect();
    let text = std::fs::read_to_string(site.root().join("s/site.yaml")).unwrap();
    for what in [
        "title: Digital strategy  # TODO",
        "base_url: https://www.example.gov.uk/  # TODO",
        "name: Example Council  # TODO",
    ] {
        let line = text.lines().position(|l| l.contains(what)).unwrap() as u64 + 1;
        assert!(
            lines.contains(&line),
            "{what} not found at line {line}: {lines:?}"
        );
    }
}

#[test]
fn welsh_adds_a_page_to_fill_in_beside_every_page() {
    let site = TestSite::empty();
    let mut flags = FLAGS.to_vec();
    flags.push("--welsh");
    let run = init(&site, &flags);
    assert_eq!(run.code, 0, "{run:?}");
    let dir = site.root().join("new site");
    let all = files(&dir);
    let pages: Vec<&String> = all
        .iter()
        .filter(|p| p.ends_with(".md") && !p.ends_with(".cy.md"))
        .collect();
    assert_eq!(pages.len(), 6);
    for page in pages {
        let welsh = format!("{}.cy.md", page.strip_suffix(".md").unwrap());
        let text = std::fs::read_to_string(dir.join(&welsh)).unwrap();
        assert!(text.contains("lang: cy\n"), "{welsh}: {text}");
        assert!(text.contains("TODO"), "{welsh}: {text}");
    }
    let (_, found) = findings(&dir, false);
    assert!(
        found.iter().all(|(rule, _, _)| rule == "placeholder"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(_, f, _)| f == "content/strategy/01-our-vision.cy.md")
    );
    fill_in(&dir);
    assert_eq!(findings(&dir, true), (0, vec![]));
}

#[test]
fn a_folder_with_files_is_refused_and_force_never_overwrites() {
    let site = TestSite::empty().file("new site/notes.txt", "mine");
    let run = init(&site, FLAGS);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("new site is not empty"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(files(&site.root().join("new site")), ["notes.txt"]);

    // --force adds the site beside what is there.
    let mut forced = FLAGS.to_vec();
    forced.push("--force");
    let run = init(&site, &forced);
    assert_eq!(run.code, 0, "{run:?}");
    let dir = site.root().join("new site");
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(dir.join("content/strategy/_index.md").is_file());

    // A file the site would write is a clash: listed, and nothing written.
    let site = TestSite::empty()
        .file("new site/content/_index.md", "---\ntitle: Mine\n---\n")
        .file("new site/.gitignore", "mine\n");
    let run = init(&site, &forced);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("content/_index.md"), "{}", run.stderr);
    assert!(run.stderr.contains(".gitignore"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(
        files(&site.root().join("new site")),
        [".gitignore", "content/_index.md"]
    );
}

#[test]
fn hidden_files_do_not_make_a_folder_full() {
    let site = TestSite::empty().file("new site/.git/HEAD", "ref: refs/heads/main\n");
    let run = init(&site, FLAGS);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(site.root().join("new site/site.yaml").is_file());
    assert!(site.root().join("new site/.git/HEAD").is_file());
}

#[test]
fn a_killed_init_leaves_no_folder_and_the_next_one_works() {
    let site = TestSite::empty();
    let status = Command::new(env!("CARGO_BIN_EXE_plainly"))
        .args(["-q", "init"])
        .arg(site.root().join("s"))
        .env("PLAINLY_TEST_ABORT_AT", "init-write")
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
    assert!(
        !site.root().join("s").exists(),
        "a half-written site was left"
    );
    let run = site.run(&["-q", "init", "s"]);
    assert_eq!(run.code, 0, "{run:?}");
    // Nothing of the killed one is left beside it.
    let left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["s"]);
}

#[test]
fn a_bad_address_is_refused_before_anything_is_written() {
    let site = TestSite::empty();
    let run = init(&site, &["--base-url", "not an address"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
    assert!(!site.root().join("new site").exists());
}
