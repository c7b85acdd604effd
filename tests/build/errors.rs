//! Bad input: each is exit code 1, a message naming the file and line, and the previous
//! output left exactly as it was.

use crate::harness::*;

/// Builds a good site, breaks one file, and checks the failure and that output/ is unchanged.
fn fails_cleanly(path: &str, broken: &str, locus: &str, message: &str) -> Run {
    let site = TestSite::new()
        .file("content/a.md", &page("A", "## Section\n\nText\n"))
        .file("content/b.md", &page("B", "[A](a.md#section)\n"));
    site.build_ok();
    let before = site.snapshot("output");
    site.write(path, broken);
    let run = site.build();
    run.assert_error_at(locus, message);
    assert!(
        run.stderr.contains("help:"),
        "every error says how to fix it:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("previous output was left as it was"));
    assert_eq!(
        before,
        site.snapshot("output"),
        "output/ changed after a failed build"
    );
    run
}

#[test]
fn invalid_yaml() {
    fails_cleanly(
        "content/a.md",
        "---\ntitle: A\ntags: [one, two\n---\nText\n",
        "content/a.md:",
        "",
    );
}

#[test]
fn invalid_yaml_points_at_its_line() {
    let run = fails_cleanly(
        "content/a.md",
        "---\ntitle: A\n\tdate: 2026-01-01\n---\n",
        "content/a.md:3:1",
        "tab",
    );
    assert!(
        run.stderr.contains("3 | \tdate: 2026-01-01"),
        "{}",
        run.stderr
    );
}

#[test]
fn wrong_type_in_front_matter() {
    fails_cleanly(
        "content/a.md",
        "---\ntitle: A\nweight: first\n---\n",
        "content/a.md:3:9",
        "expected a whole number",
    );
}

#[test]
fn unknown_key_in_config() {
    fails_cleanly(
        "site.yaml",
        &format!("{SITE_YAML}titel: Oops\n"),
        "site.yaml:5:1",
        "unknown key `titel`",
    );
}

#[test]
fn bad_date() {
    let run = fails_cleanly(
        "content/a.md",
        "---\ntitle: A\ndate: 2026-02-30\n---\n",
        "content/a.md:3:7",
        "not a real day",
    );
    assert!(run.stderr.contains("3 | date: 2026-02-30"));
}

#[test]
fn date_in_the_wrong_form() {
    fails_cleanly(
        "content/a.md",
        "---\ntitle: A\nreview_date: 30/02/2026\n---\n",
        "content/a.md:3:14",
        "YYYY-MM-DD",
    );
}

#[test]
fn unknown_status() {
    fails_cleanly(
        "content/a.md",
        "---\ntitle: A\nstatus: adoptd\n---\n",
        "content/a.md:3:9",
        "adopted",
    );
}

#[test]
fn broken_link() {
    fails_cleanly(
        "content/b.md",
        &page("B", "[A](aa.md)\n"),
        "content/b.md:4:1",
        "no such page",
    );
}

#[test]
fn broken_anchor() {
    fails_cleanly(
        "content/b.md",
        &page("B", "\n[A](a.md#sectoin)\n"),
        "content/b.md:5:1",
        "#sectoin",
    );
}

#[test]
fn template_syntax_error() {
    let run = fails_cleanly(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title }\n{% endblock main %}\n",
        "templates/page.html:3:",
        "template syntax error",
    );
    assert!(run.stderr.contains("3 | {{ page.title }"), "{}", run.stderr);
}

#[test]
fn template_rendering_error_names_the_template_line_and_page() {
    let run = fails_cleanly(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_field }}\n{% endblock main %}\n",
        "templates/page.html:3:",
        "no_such_field",
    );
    assert!(
        run.stderr.contains("while rendering content/"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_template() {
    fails_cleanly(
        "content/a.md",
        "---\ntitle: A\ntemplate: nowhere.html\n---\n## Section\n",
        "content/a.md:3:1",
        "no template named `nowhere.html`",
    );
}

#[test]
fn unclosed_front_matter() {
    fails_cleanly(
        "content/a.md",
        "---\ntitle: A\nText\n",
        "content/a.md:1:1",
        "never closed",
    );
}

#[test]
fn not_utf8() {
    let site = TestSite::new().file("content/a.md", &page("A", "Text"));
    site.build_ok();
    let before = site.snapshot("output");
    site.write_bytes("content/a.md", b"---\ntitle: Caf\xe9\n---\n");
    site.build()
        .assert_error_at("content/a.md:2:11", "not UTF-8");
    assert_eq!(before, site.snapshot("output"));
}

#[test]
fn output_dir_equal_to_the_site_root() {
    let site = TestSite::new().file("content/a.md", &page("A", "Text"));
    site.write("site.yaml", &format!("{SITE_YAML}output_dir: .\n"));
    let run = site.build();
    run.assert_error_at("site.yaml:5:13", "refusing to build into");
    assert!(run.stderr.contains("help:"));
    assert!(!site.root().join("index.html").exists());
}

#[test]
fn wrong_usage_is_exit_code_2() {
    let site = TestSite::new();
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
}

#[test]
fn strange_input_never_panics() {
    let site = TestSite::new();
    let inputs: &[&str] = &[
        "",
        "---",
        "---\n---",
        "---\n- a\n- b\n---\n",
        "---\ntitle:\n---\n",
        "---\ntitle: [a, b]\n---\n",
        "---\n: x\n---\n",
        "[](#)\n[x]()\n![](  )\n",
        "[^x]\n\n[^x]:\n",
        "# \n\n#\n",
        "<a id=\n",
        "[a](%zz.md) [b](%)\n",
        "[a](../../../../etc/passwd)\n",
        "\u{0}\u{1}",
    ];
    for (i, text) in inputs.iter().enumerate() {
        site.write(&format!("content/p{i}.md"), text);
    }
    let run = site.build();
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn strict_says_which_warnings_failed_the_build() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file("content/a.md", "---\ntitle: A\nsumary: Oops.\n---\nText.\n");
    let run = site.build();
    run.assert_ok();
    assert!(run.stdout.contains(", 1 warning →"), "{}", run.stdout);
    let run = site.run(&["build", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[unknown-key]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "Build failed: 1 warning and --strict makes warnings fail the build; the previous output was left as it was."
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("0 errors"), "{}", run.stderr);
    // An error is counted as an error, strict or not.
    site.write("content/b.md", "---\ntitle: [broken\n---\n");
    let run = site.run(&["build", "--strict"]);
    assert!(
        run.stderr.contains("Build failed with 1 error;"),
        "{}",
        run.stderr
    );
}
