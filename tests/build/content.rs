//! Walking content/: sections, bundles, quirks of real files, drafts.

use crate::harness::*;

#[test]
fn folders_are_sections_with_or_without_an_index() {
    let site = TestSite::new()
        .file(
            "content/plans/_index.md",
            &page("Our plans", "All our plans."),
        )
        .file("content/plans/housing.md", &page("Housing plan", "Text"))
        .file("content/reports/annual.md", &page("Annual report", "Text"));
    site.build_ok();
    let plans = site.output("plans/index.html");
    assert!(plans.contains("<h1>Our plans</h1>"));
    assert!(plans.contains("href=\"/plans/housing/\""));
    // No _index.md: the section takes its title from the folder name.
    let reports = site.output("reports/index.html");
    assert!(reports.contains("<h1>Reports</h1>"), "{reports}");
    assert!(reports.contains("href=\"/reports/annual/\""));
}

#[test]
fn page_bundles_copy_their_assets_beside_the_page() {
    let site = TestSite::new()
        .file(
            "content/partners/index.md",
            &page(
                "Partners",
                "![Partnership logo](logo.png)\n\n[Our leaflet](files/leaflet.pdf)\n",
            ),
        )
        .file("content/partners/logo.png", "PNG")
        .file("content/partners/files/leaflet.pdf", "PDF");
    site.build_ok();
    assert_eq!(site.output("partners/logo.png"), "PNG");
    assert_eq!(site.output("partners/files/leaflet.pdf"), "PDF");
    let html = site.output("partners/index.html");
    assert!(
        html.contains("<img src=\"/partners/logo.png\" alt=\"Partnership logo\""),
        "{html}"
    );
    assert!(html.contains("href=\"/partners/files/leaflet.pdf\""));
}

#[test]
fn no_front_matter_takes_the_title_from_the_first_heading() {
    let site = TestSite::new().file(
        "content/inclusion.md",
        "# Digital Inclusion Plan\n\nWe will help everyone get online.\n",
    );
    site.build_ok();
    let html = site.output("inclusion/index.html");
    assert!(html.contains("<title>Digital Inclusion Plan – Test Council</title>"));
    // The heading becomes the page's one h1, not a second one.
    assert_eq!(html.matches("<h1").count(), 1, "{html}");
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_are_accepted() {
    let site = TestSite::new();
    site.write(
        "content/windows.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\ndate: 2026-03-01\r\n---\r\n## Aims\r\n\r\nLine one\r\nline two.\r\n",
    );
    site.build_ok();
    let html = site.output("windows/index.html");
    assert!(html.contains("<h1>Written on Windows</h1>"));
    assert!(html.contains("<h2 id=\"aims\">Aims</h2><a class=\"heading-anchor\""));
    assert!(!html.contains('\r'));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::new()
        .file("content/live.md", &page("Live", "Text"))
        .file(
            "content/wip.md",
            "---\ntitle: Work in progress\ndraft: true\n---\nText\n",
        );
    site.build_ok();
    assert!(!site.has_output("wip/index.html"));
    assert!(!site.output("index.html").contains("Work in progress"));
    assert!(!site.output("sitemap.xml").contains("/wip/"));
    site.run(&["build", "--drafts"]).assert_ok();
    assert!(site.has_output("wip/index.html"));
}

#[test]
fn a_draft_section_leaves_out_everything_in_it() {
    let site = TestSite::new()
        .file(
            "content/next/_index.md",
            "---\ntitle: Next year\ndraft: true\n---\n",
        )
        .file("content/next/plan.md", &page("Plan", "Text"))
        .file("content/next/chart.png", "PNG");
    site.build_ok();
    assert!(!site.has_output("next/index.html"));
    assert!(!site.has_output("next/plan/index.html"));
    assert!(!site.has_output("next/chart.png"));
}

#[test]
fn spaces_and_capitals_in_folder_and_file_names() {
    let site = TestSite::new()
        .file("content/Digital Strategy 2025/01 Our Vision.md", &page("Our vision", "Text"))
        .file("content/Digital Strategy 2025/Annual Report 2025.pdf", "PDF")
        .file(
            "content/links.md",
            &page(
                "Links",
                "[vision](Digital%20Strategy%202025/01%20Our%20Vision.md) and [report](<Digital Strategy 2025/Annual Report 2025.pdf>)\n",
            ),
        );
    site.build_ok();
    assert!(site.has_output("digital-strategy-2025/our-vision/index.html"));
    let html = site.output("links/index.html");
    assert!(
        html.contains("href=\"/digital-strategy-2025/our-vision/\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"/digital-strategy-2025/Annual%20Report%202025.pdf\""),
        "{html}"
    );
    assert!(site.has_output("digital-strategy-2025/Annual Report 2025.pdf"));
}

#[test]
fn unknown_front_matter_keys_warn_without_failing() {
    let site = TestSite::new().file(
        "content/a.md",
        "---\ntitle: A\ndescription: An old key\n---\nText\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr
            .contains("warning[unknown-key]: unknown front matter key `description`")
    );
    assert!(run.stderr.contains("--> content/a.md:3:1"));
    assert!(run.stderr.contains("did you mean `summary`?"));
    assert!(run.stdout.contains("1 warning"));
}

#[test]
fn editor_backups_and_hidden_files_are_not_content() {
    let site = TestSite::new()
        .file("content/a.md", &page("A", "Text"))
        .file("content/a.md~", "---\ntitle: [broken\n")
        .file("content/.#a.md", "junk")
        .file("content/.hidden/secret.md", &page("Secret", "Text"));
    site.build_ok();
    assert!(!site.has_output("hidden/secret/index.html"));
    assert!(!site.has_output(".hidden"));
}
