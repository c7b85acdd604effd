//! The example site in the repository builds cleanly and has what it promises.

use std::path::Path;
use std::process::Command;

fn build_example() -> (tempfile::TempDir, String, String) {
    let out = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new(env!("CARGO_BIN_EXE_plainly"))
        .args(["--color", "never", "--root"])
        .arg(repo)
        .args(["build", "--output"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stdout}\n{stderr}");
    (out, stdout, stderr)
}

fn read(out: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(out.path().join("site").join(rel))
        .unwrap_or_else(|e| panic!("output {rel}: {e}"))
}

#[test]
fn the_example_site_builds_without_warnings() {
    let (out, stdout, stderr) = build_example();
    assert!(stderr.trim().is_empty(), "warnings or errors:\n{stderr}");
    assert!(stdout.starts_with("Built "), "{stdout}");
    // The strategy is a publication of five chapters with a contents list.
    let cover = read(&out, "digital-strategy/index.html");
    let contents = &cover[cover
        .find("class=\"publication-contents\"")
        .expect("a contents list")..];
    let contents = &contents[..contents.find("</nav>").unwrap()];
    assert_eq!(
        contents.matches("<li><a href=\"/digital-strategy/").count(),
        5,
        "{contents}"
    );
    for chapter in [
        "vision",
        "digital-leadership",
        "tackling-digital-exclusion",
        "smart-community",
        "action-plan",
    ] {
        let html = read(&out, &format!("digital-strategy/{chapter}/index.html"));
        assert!(
            html.contains("class=\"pagination\""),
            "{chapter} has previous/next links"
        );
    }
    let partners = read(&out, "partners/index.html");
    assert!(
        partners.contains("<img src=\"/partners/"),
        "the partnership page shows its logo"
    );
}

#[test]
fn the_example_chapters_are_substantial_and_use_every_feature() {
    let (out, _, _) = build_example();
    let mut all = String::new();
    for chapter in [
        "vision",
        "digital-leadership",
        "tackling-digital-exclusion",
        "smart-community",
        "action-plan",
    ] {
        let html = read(&out, &format!("digital-strategy/{chapter}/index.html"));
        let main = &html[html.find("<div class=\"content\">").unwrap()..];
        let words = main
            .split_whitespace()
            .filter(|w| !w.starts_with('<'))
            .count();
        assert!(words > 300, "{chapter} has only {words} words");
        all.push_str(&html);
    }
    assert!(all.contains("<table>"), "a table");
    assert!(all.contains("class=\"footnotes\""), "a footnote");
    assert!(
        all.contains("<img src=") && all.contains(" alt=\""),
        "an image with alt text"
    );
    assert!(
        all.contains("href=\"/digital-strategy/"),
        "cross-links between chapters"
    );
}
