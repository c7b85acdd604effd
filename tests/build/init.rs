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
    (out.status.code().unwrap(), findings_in(&json))
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

/// Runs `plainly init DIR`, stopped by an abort half-way through writing the files.
fn killed_init(dir: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_plainly"))
        .args(["-q", "init"])
        .arg(dir)
        .env("PLAINLY_TEST_ABORT_AT", "init-write")
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the abort did not happen");
}

#[test]
fn a_killed_init_leaves_no_folder_and_the_next_one_works() {
    let site = TestSite::empty();
    killed_init(&site.root().join("s"));
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

    // Into a folder that exists (its parent perhaps not writable): made inside it, hidden,
    // so a kill leaves the folder as it was.
    let site = TestSite::empty().file("s/.git/HEAD", "ref: refs/heads/main\n");
    killed_init(&site.root().join("s"));
    assert!(
        files(&site.root().join("s"))
            .iter()
            .all(|f| f.starts_with('.'))
    );
    assert_eq!(site.run(&["-q", "init", "s"]).code, 0);
    let mut left: Vec<String> = std::fs::read_dir(site.root().join("s"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [".git", ".gitignore", "content", "output", "site.yaml"]
    );
}

#[test]
fn a_bad_address_is_refused_before_anything_is_written() {
    let site = TestSite::empty();
    let run = init(&site, &["--base-url", "not an address"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
    assert!(!site.root().join("new site").exists());
}

/// A site with a publication whose chapters have weights, and a page with no weight.
fn site_for_new() -> TestSite {
    TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(
            "content/strategy/_index.md",
            "---\ntitle: Strategy\npublication: true\n---\nCover.\n",
        )
        .file(
            "content/strategy/01-vision.md",
            "---\ntitle: Vision\nweight: 10\n---\nText.\n",
        )
        .file(
            "content/strategy/02-plan.md",
            "---\ntitle: Plan\nweight: 20\n---\nText.\n",
        )
        .file("content/news/old.md", "---\ntitle: Old\n---\nText.\n")
}

#[test]
fn new_fills_in_a_chapter_after_the_last_one() {
    let site = site_for_new();
    site.write("site.yaml", &format!("{SITE_YAML}owner: Head of Digital\n"));
    let run = site.run(&[
        "new",
        "content/strategy/03-our-next-steps.md",
        "--date",
        "2026-04-01",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("a chapter"), "{}", run.stdout);
    let text =
        std::fs::read_to_string(site.root().join("content/strategy/03-our-next-steps.md")).unwrap();
    assert_eq!(
        text,
        "---\ntitle: Our next steps\nsummary: \"TODO: one or two sentences on what this chapter covers\"\ndate: 2026-04-01\nweight: 21\ndraft: true\n---\n\n## TODO: the chapter's first heading\n\nTODO: write this chapter.\n"
    );
    // A draft: built without it, built with it under --drafts.
    site.build_ok();
    assert!(!site.has_output("strategy/our-next-steps/index.html"));
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    assert!(site.has_output("strategy/our-next-steps/index.html"));
}

/// Runs `plainly new PATH EXTRA…`, which must succeed, and gives the file it made.
fn made(site: &TestSite, path: &str, extra: &[&str]) -> String {
    let mut args = vec!["new", path];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    assert_eq!(run.code, 0, "{run:?}");
    std::fs::read_to_string(site.root().join(path)).unwrap()
}

#[test]
fn new_fills_in_each_kind_exactly() {
    let site = site_for_new();
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}owner: \"Tîm Digidol: y Cyngor\"\n"),
    );
    let text = made(
        &site,
        "content/news/budget_consultation.md",
        &["--kind", "consultation", "--date", "2026-04-01"],
    );
    assert_eq!(
        text,
        "---\ntitle: Budget consultation\nsummary: \"TODO: what this consultation asks, and who should respond\"\ndate: 2026-04-01\nstatus: consultation\nconsultation:\n  opens: 2026-04-01\n  closes: 2026-06-24\n  respond_url: \"https://www.example.gov.uk/have-your-say/\"  # TODO: the address of the response form\nreview_date: 2027-04-01\nowner: 'Tîm Digidol: y Cyngor'\ndraft: true\n---\n\n## What we are asking\n\nTODO: say what we propose, and what we want to hear about.\n\n## How to respond\n\nTODO: say how to respond, and by when.\n"
    );
    // Outside a publication the default kind is a page; its owner unknown is a placeholder.
    site.write("site.yaml", SITE_YAML);
    let text = made(
        &site,
        "content/news/2026-winter-update.md",
        &["--date", "2026-12-01"],
    );
    assert_eq!(
        text,
        "---\ntitle: Winter update\nsummary: \"TODO: one or two sentences on what this page is for\"\ndate: 2026-12-01\nreview_date: 2027-12-01\nowner: 'TODO: who owns this page'\ndraft: true\n---\n\nTODO: write this page. Start with what the reader most needs to know.\n"
    );
    let text = made(
        &site,
        "content/partners/age-well.md",
        &["--kind", "partner", "--date", "2026-04-01"],
    );
    assert!(text.starts_with("---\ntitle: Age well\n"), "{text}");
    assert!(text.contains("tags: [partnership]\n"), "{text}");
    // Every page made builds, drafts and all, with no error.
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
}

#[test]
fn new_takes_the_sites_archetype_over_the_themes_over_the_built_in() {
    let site = site_for_new()
        .file(
            "themes/default/archetypes/page.md",
            "---\ntitle: {title}\nfrom: theme\n---\n",
        )
        .file(
            "archetypes/page.md",
            "---\ntitle: {title}\ndate: {date}\n---\nOurs.\n",
        );
    let run = site.run(&["new", "content/news/a.md", "--date", "2026-04-01"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("archetypes/page.md"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/news/a.md")).unwrap(),
        "---\ntitle: A\ndate: 2026-04-01\n---\nOurs.\n"
    );
    std::fs::remove_file(site.root().join("archetypes/page.md")).unwrap();
    assert_eq!(site.run(&["new", "content/news/b.md"]).code, 0);
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/news/b.md")).unwrap(),
        "---\ntitle: B\nfrom: theme\n---\n"
    );
}

#[test]
fn new_on_a_welsh_site_adds_the_welsh_page() {
    let site = site_for_new().file(
        "content/news/old.cy.md",
        "---\ntitle: Hen\nlang: cy\ntranslation_of: old.md\n---\nTestun.\n",
    );
    let run = site.run(&[
        "new",
        "content/news/gwasanaethau-ŵyr.md",
        "--date",
        "2026-04-01",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let welsh =
        std::fs::read_to_string(site.root().join("content/news/gwasanaethau-ŵyr.cy.md")).unwrap();
    assert!(
        welsh.contains("lang: cy\ntranslation_of: gwasanaethau-ŵyr.md\ndraft: true\n"),
        "{welsh}"
    );
    assert!(
        welsh.contains("TODO: teitl Cymraeg (Gwasanaethau ŵyr)"),
        "{welsh}"
    );
}

#[test]
fn new_refuses_what_it_cannot_make_and_writes_nothing() {
    let site = site_for_new();
    let before = files(site.root());
    for (args, says) in [
        (vec!["new", "content/news/old.md"], "already exists"),
        (vec!["new", "news/x.md"], "did you mean content/news/x.md"),
        (
            vec!["new", "content/../x.md"],
            "not in the site's content/ folder",
        ),
        (
            vec!["new", "static/x.md"],
            "not in the site's content/ folder",
        ),
        (vec!["new", "content/news/x.txt"], "not a Markdown file"),
        (
            vec!["new", "content/news/x.md", "--kind", "chapterr"],
            "did you mean `chapter`",
        ),
        (
            vec!["new", "content/news/x.md", "--date", "1 April"],
            "--date",
        ),
    ] {
        let run = site.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    assert_eq!(files(site.root()), before);
    // Outside a site, it says so.
    let empty = TestSite::empty();
    let run = empty.run(&["new", "content/a.md"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("no site.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("plainly init"), "{}", run.stderr);
    assert!(files(empty.root()).is_empty());
}

#[test]
fn a_host_adds_its_files_and_builds_write_its_own() {
    let site = TestSite::empty();
    let run = init(&site, &["--host", "github-pages"]);
    assert_eq!(run.code, 0, "{run:?}");
    let dir = site.root().join("new site");
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains("plainly check --strict"), "{workflow}");
    assert!(dir.join("output/.nojekyll").is_file());
    let (_, found) = findings(&dir, false);
    assert!(
        found.iter().all(|(rule, _, _)| rule == "placeholder"),
        "{found:?}"
    );
    let run = init(&TestSite::empty(), &["--host", "geocities"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("github-pages"), "{}", run.stderr);
}
