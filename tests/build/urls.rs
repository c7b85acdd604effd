//! Pretty URLs, ordering prefixes, slugs and the base URL.

use crate::harness::*;

#[test]
fn pretty_urls_drop_ordering_prefixes_and_honour_slugs() {
    let site = TestSite::new()
        .file("content/02-Strategy/01-vision.md", &page("Vision", "Text"))
        .file(
            "content/02-Strategy/02-plan.md",
            "---\ntitle: Plan\nslug: action plan\n---\n",
        )
        .file("content/2026-03-01-minutes.md", &page("Minutes", "Text"));
    site.build_ok();
    assert!(site.has_output("strategy/vision/index.html"));
    assert!(site.has_output("strategy/action-plan/index.html"));
    assert!(
        site.has_output("2026-03-01-minutes/index.html"),
        "{:?}",
        site.output_files()
    );
}

#[test]
fn every_url_the_theme_writes_honours_the_base_path() {
    let site = TestSite::empty()
        .file(
            "site.yaml",
            "title: T\nbase_url: https://example.github.io/council/\n",
        )
        .file(
            "content/strategy/_index.md",
            "---\ntitle: Strategy\npublication: true\n---\n",
        )
        .file(
            "content/strategy/01-vision.md",
            "---\ntitle: Vision\ntags: [digital]\n---\nText\n",
        )
        .file("content/strategy/02-plan.md", &page("Plan", "Text"));
    site.build_ok();
    for file in [
        "index.html",
        "strategy/index.html",
        "strategy/vision/index.html",
        "tags/digital/index.html",
        "404.html",
    ] {
        let html = site.output(file);
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let value = &html[i + attr.len()..];
                let value = &value[..value.find('"').unwrap()];
                let ok = value.starts_with("/council/")
                    || value.starts_with('#')
                    || value.starts_with("https://example.github.io/council/");
                assert!(ok, "{file}: {attr}{value}\" is not under the base path");
            }
        }
    }
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.github.io/council/strategy/vision/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn base_url_flag_overrides_for_one_build() {
    let site = TestSite::new().file("content/a.md", &page("A", "Text"));
    site.run(&["build", "--base-url", "https://preview.example.net/pr-12/"])
        .assert_ok();
    let html = site.output("a/index.html");
    assert!(html.contains("href=\"/pr-12/css/plainly.css\""), "{html}");
    assert!(
        site.output("sitemap.xml")
            .contains("https://preview.example.net/pr-12/a/")
    );
}

#[test]
fn two_files_at_one_url_is_an_error_naming_both() {
    let site = TestSite::new()
        .file("content/01-vision.md", &page("One", "Text"))
        .file("content/vision.md", &page("Two", "Text"));
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/01-vision.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/vision.md"));
    assert!(run.stderr.contains("/vision/"));
}

#[test]
fn aliases_redirect_old_addresses() {
    let site = TestSite::new().file(
        "content/plan.md",
        "---\ntitle: Plan\naliases: [/old/digital-plan/, /plan.html]\n---\nText\n",
    );
    site.build_ok();
    let old = site.output("old/digital-plan/index.html");
    assert!(old.contains("<meta http-equiv=\"refresh\" content=\"0; url=/plan/\">"));
    assert!(old.contains("<a href=\"/plan/\">Go to Plan</a>"));
    assert!(old.contains("<html lang=\"en\">"));
    assert!(site.has_output("plan.html"));
}
