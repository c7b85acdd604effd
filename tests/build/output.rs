//! output/: what is written, determinism, atomic replacement, and refusal of unsafe folders.

use crate::harness::*;

fn small_site() -> TestSite {
    TestSite::new()
        .file("content/_index.md", &page("Home", "Welcome"))
        .file("content/strategy/_index.md", "---\ntitle: Strategy\npublication: true\n---\n")
        .file("content/strategy/01-vision.md", "---\ntitle: Vision\ndate: 2026-02-01\ntags: [digital]\n---\n## Aims\n\nText[^1]\n\n[^1]: Note.\n")
        .file("content/strategy/02-plan.md", "---\ntitle: Plan\nupdated: 2026-03-05\n---\n[Vision](01-vision.md#aims)\n")
        .file("static/robots.txt", "User-agent: *\n")
}

#[test]
fn sitemap_404_and_static_files_are_written() {
    let site = small_site();
    let run = site.build_ok();
    assert!(
        run.stdout.contains("Built 4 pages in 1 section in "),
        "{}",
        run.stdout
    );
    // A site of its home page alone built one page, in no section.
    let home = TestSite::new().file("content/_index.md", &page("Home", "Welcome"));
    let run = home.build_ok();
    assert!(run.stdout.contains("Built 1 page in "), "{}", run.stdout);
    assert!(!run.stdout.contains("section"), "{}", run.stdout);
    let empty = TestSite::new();
    let run = empty.build();
    assert!(
        run.stdout.contains("Built 1 page in "),
        "the home page is made even with no content: {run:?}"
    );
    assert!(run.stdout.contains("→ output/"));
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(
        sitemap.contains(
            "<loc>https://example.org/strategy/plan/</loc>\n    <lastmod>2026-03-05</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://example.org/</loc>"));
    let not_found = site.output("404.html");
    assert!(not_found.contains("<h1>Page not found</h1>"));
    assert!(
        not_found.contains("href=\"/css/plainly.css\""),
        "root-relative, so it works at any depth"
    );
    assert_eq!(site.output("robots.txt"), "User-agent: *\n");
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let site = small_site();
    site.build_ok();
    let first = site.snapshot("output");
    site.build_ok();
    assert_eq!(first, site.snapshot("output"));
    assert!(first.len() > 8);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = small_site();
    site.build_ok();
    let before = site.snapshot("output");
    site.write(
        "content/strategy/02-plan.md",
        "---\ntitle: Plan\n---\n[Vision](01-vision.md#nowhere)\n",
    );
    site.write("content/new.md", &page("New page", "Text"));
    site.build()
        .assert_error_at("content/strategy/02-plan.md:4:1", "#nowhere");
    assert_eq!(
        before,
        site.snapshot("output"),
        "output changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("plainly-tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_removes_pages_whose_source_is_gone() {
    let site = small_site().file("content/old.md", &page("Old", "Text"));
    site.build_ok();
    assert!(site.has_output("old/index.html"));
    std::fs::remove_file(site.root().join("content/old.md")).unwrap();
    site.build_ok();
    assert!(!site.has_output("old/index.html"));
}

#[test]
fn refuses_an_output_folder_that_is_the_site_root() {
    let site = small_site();
    site.build_ok();
    let before = site.snapshot("");
    let run = site.run(&["build", "--output", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("refusing to build into"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("is, or contains, the site folder"));
    assert_eq!(before, site.snapshot(""), "nothing may change");
}

#[test]
fn refuses_an_output_folder_that_contains_the_site_or_is_inside_content() {
    let site = small_site();
    let run = site.run(&["build", "--output", ".."]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is, or contains, the site folder"));
    let run = site.run(&["build", "--output", "content/out"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("inside the content folder"));
    assert!(!site.root().join("content/out").exists());
}
