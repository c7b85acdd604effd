//! Nothing escapes `output/` and nothing silently replaces anything else: aliases, slugs,
//! terms and file names become checked paths, compared with every other writer's.

use crate::harness::{TestSite, page};

fn site_with_partner(aliases: &str) -> TestSite {
    TestSite::new()
        .file("content/index.md", &page("Home", "Welcome home."))
        .file(
            "content/digital-strategy/_index.md",
            &page("Digital strategy", "The strategy."),
        )
        .file(
            "content/digital-strategy/vision.md",
            &page("Vision", "Our vision."),
        )
        .file(
            "content/partners.md",
            &format!(
                "---\ntitle: Partners\ntags: [digital]\naliases: {aliases}\n---\nOur partners.\n"
            ),
        )
}

#[test]
fn an_alias_onto_any_page_in_any_spelling_is_an_error_at_its_line() {
    let good = site_with_partner("[/old-partners/]");
    good.build_ok();
    for alias in [
        "/index.html",
        "/",
        "/tags/index.html",
        "/tags/digital/",
        "/digital-strategy//vision/",
        "/digital-strategy/./vision/",
        "/Digital-Strategy/Vision/",
        "/digital-strategy/vision/index.html",
        "/partners/",
    ] {
        let site = site_with_partner(&format!("[\"{alias}\"]"));
        let run = site.build();
        assert_eq!(
            run.code, 1,
            "{alias} must not replace a page:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("--> content/partners.md:4:1"),
            "{alias}: the error is at the aliases line:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("would both be published"),
            "{alias}:\n{}",
            run.stderr
        );
        assert!(!site.has_output("index.html"));
    }
}

#[test]
fn an_alias_onto_a_generated_file_is_an_error_naming_both() {
    for (alias, other) in [
        ("/sitemap.xml/", "the sitemap"),
        ("/404.html", "404.html"),
        ("/css/plainly.css/", "plainly.css"),
    ] {
        let site = site_with_partner(&format!("[\"{alias}\"]"));
        let run = site.build();
        assert_eq!(run.code, 1, "{alias}:\n{}", run.stderr);
        assert!(
            run.stderr.contains("--> content/partners.md:4:1"),
            "{alias}:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("an alias of content/partners.md"),
            "{alias}:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(other),
            "{alias} names {other}:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("Is a directory"), "{}", run.stderr);
    }
}

#[test]
fn an_alias_that_is_not_a_plain_path_is_refused_at_its_line() {
    for (alias, says) in [
        ("javascript:alert(1)/", "another site"),
        ("a\\\"><script>alert(1)</script>/", "file systems refuse"),
        ("\\\\evil/", "backslash"),
        ("%2e%2e/", "`..`"),
        ("/../../escape/", "`..`"),
        ("/con/", "Windows reserves"),
        ("/nul/", "Windows reserves"),
        ("/old/?page=2", "query"),
        ("/a\\u0007b/", "control character"),
    ] {
        let site = site_with_partner(&format!("[\"{alias}\"]"));
        let run = site.build();
        assert_eq!(run.code, 1, "{alias}:\n{}", run.stderr);
        assert!(
            run.stderr.contains("--> content/partners.md:4:1"),
            "{alias}:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(says),
            "{alias} says {says}:\n{}",
            run.stderr
        );
        // Nothing was written anywhere: not in output/, not beside it.
        assert!(!site.root().join("output").exists(), "{alias}");
        assert!(!site.root().join("escape").exists(), "{alias}");
    }
}

#[test]
fn files_that_differ_only_in_case_are_one_place() {
    let site = TestSite::new()
        .file("content/index.md", &page("Home", "Welcome."))
        .file("static/Report.pdf", "one")
        .file("static/report.pdf", "two");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("static/Report.pdf"), "{}", run.stderr);
    assert!(run.stderr.contains("static/report.pdf"), "{}", run.stderr);
}

#[test]
fn a_file_where_a_folder_is_needed_is_an_error_naming_both() {
    let site = TestSite::new()
        .file("content/index.md", &page("Home", "Welcome."))
        .file("content/plan.md", &page("Plan", "The plan."))
        .file("static/plan", "a file named like a page's folder");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/plan.md needs a folder at /plan"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("static/plan"), "{}", run.stderr);
}

#[test]
fn slugs_and_terms_never_leave_the_output() {
    let site = TestSite::new()
        .file("content/index.md", &page("Home", "Welcome."))
        .file(
            "content/a.md",
            "---\ntitle: A\nslug: ../../escape\ntags: [\"../../escape\", \"<script>\", \"..\"]\n---\nA.\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.root().join("escape").exists());
    for file in site.output_files() {
        assert!(!file.contains(".."), "{file}");
        assert!(!file.contains('<'), "{file}");
    }
}

#[test]
fn a_base_url_that_leaves_the_site_or_publishes_a_password_is_an_error_at_its_value() {
    for base in [
        "//evil.example/",
        "https://user:pass@example.org/",
        "https://example.org/my council/",
    ] {
        let site = TestSite::new()
            .file(
                "site.yaml",
                &crate::harness::SITE_YAML.replace("https://example.org/", base),
            )
            .file("content/index.md", &page("Home", "Welcome."));
        site.build().assert_error_at("site.yaml:2:11", "base_url:");
        assert!(!site.has_output("index.html"), "{base}: published");
        let flag = site.run(&["build", "--base-url", base]);
        assert_eq!(flag.code, 1, "--base-url {base}:\n{}", flag.stderr);
    }
}
