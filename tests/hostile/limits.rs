//! Bounded resources: alias bombs, deep nesting, huge files and repeated problems end
//! in an error (or a bounded report) naming the file, the line and the setting, within
//! a generous time guard, never a hang.

use std::time::{Duration, Instant};

use crate::harness::{Run, SITE_YAML, TestSite, page};

/// Runs `plainly ARGS` and fails the test if it has not finished within `limit`: a
/// guard against a hang, far above the time the run takes.
fn run_within(site: &TestSite, args: &[&str], limit: Duration) -> Run {
    let start = Instant::now();
    let run = site.run(args);
    assert!(
        start.elapsed() < limit,
        "plainly {args:?} took {:?}, over the guard of {limit:?}",
        start.elapsed()
    );
    run
}

const GUARD: Duration = Duration::from_secs(60);

/// A site with a good build in `output/`, to check a failed build leaves it alone.
fn built() -> TestSite {
    let site = TestSite::new().file("content/index.md", &page("Home", "Hello."));
    site.build_ok();
    site
}

fn assert_refused(site: &TestSite, at: &str, message: &str) {
    let before = site.snapshot("output");
    run_within(site, &["build"], GUARD).assert_error_at(at, message);
    assert_eq!(site.snapshot("output"), before, "output changed");
}

fn exponential_bomb(indent: &str) -> String {
    let mut yaml = format!(
        "{indent}a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        yaml.push_str(&format!("{indent}{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    yaml
}

#[test]
fn an_exponential_alias_bomb_is_refused_at_the_alias_line() {
    let site = built();
    site.write(
        "content/index.md",
        &format!(
            "---\ntitle: Home\nextra:\n{}---\nText.\n",
            exponential_bomb("  ")
        ),
    );
    assert_refused(&site, "content/index.md:5:", "too many aliases");
    let run = site.build();
    assert!(run.stderr.contains("*a"), "{}", run.stderr);
    assert!(run.stderr.contains("limits.yaml_nodes"), "{}", run.stderr);
}

#[test]
fn a_wide_alias_bomb_is_refused_in_data_and_the_limit_can_be_raised() {
    let items = vec!["1"; 1000].join(",");
    let refs = vec!["*a"; 1000].join(",");
    let data = format!("a: &a [{items}]\nb: [{refs}]\n");
    let site = built();
    site.write("data/bomb.yaml", &data);
    assert_refused(&site, "data/bomb.yaml:2:5", "more than 100000 values");
    // Raised past what the file holds, it is read.
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}limits:\n  yaml_nodes: 2000000\n"),
    );
    run_within(&site, &["build"], GUARD).assert_ok();
}

#[test]
fn deep_yaml_is_refused_quickly_at_its_line() {
    let site = built();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    site.write(
        "content/index.md",
        &format!("---\ntitle: Home\nextra: {deep}\n---\nText.\n"),
    );
    assert_refused(
        &site,
        "content/index.md:3:",
        "[lists] or {mappings} inside each other",
    );
    let nested = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    site.write("data/deep.yaml", &format!("x: {nested}\n"));
    site.write("content/index.md", &page("Home", "Text."));
    assert_refused(&site, "data/deep.yaml:1:", "more than 128 deep");
}

#[test]
fn a_key_written_twice_is_an_error_at_the_second_even_for_taxonomies_and_data() {
    for (path, text, at) in [
        (
            "content/index.md",
            "---\ntitle: Home\ntags: [housing]\nthemes: [x]\ntags: [digital]\n---\nText.\n",
            "content/index.md:5:1",
        ),
        (
            "content/index.md",
            "---\ntitle: Home\nextra:\n  lead: a\n  lead: b\n---\nText.\n",
            "content/index.md:5:3",
        ),
        (
            "data/partners.yaml",
            "a: 1\nb:\n  c: 2\n  c: 3\n",
            "data/partners.yaml:4:3",
        ),
    ] {
        let site = built();
        site.write(path, text);
        assert_refused(&site, at, "duplicate key");
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let site = built();
    // 60 MB of one line: over the default 50 MB.
    let big = "x".repeat(60 << 20);
    site.write("content/big.md", &big);
    assert_refused(&site, "content/big.md", "more than the limit of 50 MB");
    let run = site.build();
    assert!(run.stderr.contains("limits.file_mb"), "{}", run.stderr);
    std::fs::remove_file(site.root().join("content/big.md")).unwrap();
    let front = format!(
        "---\ntitle: Home\nsummary: \"{}\"\n---\nText.\n",
        "y".repeat(300 << 10)
    );
    site.write("content/index.md", &front);
    assert_refused(
        &site,
        "content/index.md:1:1",
        "more than the limit of 256 KB",
    );
}

#[test]
fn a_ten_megabyte_line_builds_and_checks_in_bounded_time() {
    let site = TestSite::new().file("content/index.md", &page("Home", &"Word ".repeat(2 << 20)));
    run_within(&site, &["build"], GUARD).assert_ok();
    let check = run_within(&site, &["check"], GUARD);
    // The line is shown cut to a window, never whole.
    assert!(
        check.stdout.len() < 100_000,
        "{} bytes of report",
        check.stdout.len()
    );
}

#[test]
fn deep_markdown_and_raw_html_nesting_are_bounded() {
    let site = TestSite::new().file(
        "content/index.md",
        &page(
            "Home",
            &format!("{} x\n\n{}x\n", "> ".repeat(50_000), "- ".repeat(50_000)),
        ),
    );
    run_within(&site, &["build"], GUARD).assert_ok();
    run_within(&site, &["check"], GUARD);

    let site = built();
    site.write(
        "content/index.md",
        &page(
            "Home",
            &format!("{}x{}\n", "<div>".repeat(50_000), "</div>".repeat(50_000)),
        ),
    );
    assert_refused(&site, "content/index.md:4:", "nests more than 512 elements");
    site.write(
        "content/index.md",
        &page(
            "Home",
            &format!("<b>bold</b>\n\n{} x\n", "> ".repeat(50_000)),
        ),
    );
    assert_refused(&site, "content/index.md:4:1", "too deep to sanitise");
}

#[test]
fn ten_thousand_identical_headings_get_unique_ids_in_bounded_time() {
    let body = "## Same\n\nText.\n\n".repeat(10_000);
    let site = TestSite::new().file("content/index.md", &page("Home", &body));
    run_within(&site, &["build"], GUARD).assert_ok();
    let html = site.output("index.html");
    assert!(html.contains("id=\"same-9999\""));
    assert!(html.contains("id=\"same\""));
}

#[test]
fn thousands_of_one_problem_are_reported_as_twenty_and_a_count() {
    let body = "We will leverage it. ".repeat(5_000);
    let site = TestSite::new().file("content/index.md", &page("Home", &body));
    let check = run_within(&site, &["check"], GUARD);
    let shown = check.stdout.matches("warning[avoid-words]").count();
    assert_eq!(shown, 20, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("4980 more warnings like these (avoid-words) are not shown"),
        "{}",
        check.stdout
    );
    let keys: String = (0..15_000).map(|i| format!("key{i}: {i}\n")).collect();
    let site = TestSite::new().file(
        "content/index.md",
        &format!("---\ntitle: Home\n{keys}---\nText.\n"),
    );
    let run = run_within(&site, &["build"], GUARD);
    run.assert_ok();
    assert_eq!(run.stderr.matches("warning[unknown-key]").count(), 20);
    assert!(
        run.stderr
            .contains("14980 more warnings like these (unknown-key) are not shown"),
        "{}",
        run.stderr
    );
}

#[test]
fn text_in_other_encodings_gets_a_resave_hint() {
    let site = built();
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            "---\ntitle: Home\n---\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    site.write_bytes("content/index.md", &utf16);
    assert_refused(&site, "content/index.md", "this file is UTF-16 text");
    site.write_bytes(
        "content/index.md",
        b"---\ntitle: Home\n---\nWe\x92re here \x96 today.\n",
    );
    assert_refused(&site, "content/index.md:4:3", "not UTF-8");
    let run = site.build();
    assert!(
        run.stderr.contains("Windows-1252") && run.stderr.contains("curly apostrophe"),
        "{}",
        run.stderr
    );
}

#[test]
fn terminal_escapes_and_unusual_letters_are_shown_never_obeyed() {
    let site = built();
    let before = site.snapshot("output");
    site.write(
        "content/index.md",
        &page(
            "Home",
            "See [this \u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}page](missing.md).\n",
        ),
    );
    let run = site.build();
    run.assert_error_at("content/index.md:4:5", "missing");
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{202e}'), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{7}'), "{}", run.stderr);
    assert!(run.stderr.contains("\\u{1b}"), "{}", run.stderr);
    assert_eq!(site.snapshot("output"), before);
    // In YAML a control character is an error at its own line and column.
    site.write(
        "content/index.md",
        "---\ntitle: Home\nsummary: \"a \u{1b}[2J b\"\n---\nText.\n",
    );
    let run = site.build();
    run.assert_error_at("content/index.md:3:13", "control character (U+001B)");
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);

    site.write(
        "content/index.md",
        &page("Home", "ẞ—leverage İ and İstanbul; we leverage it.\n"),
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(!check.stderr.contains("panicked"), "{}", check.stderr);
    assert_eq!(
        check
            .stdout
            .matches("“leverage” is on GOV.UK's list")
            .count(),
        2,
        "{}",
        check.stdout
    );
}

#[test]
fn a_hundred_thousand_static_files_build_in_bounded_time() {
    let site = TestSite::new().file("content/index.md", &page("Home", "Hello."));
    for d in 0..100 {
        let dir = site.root().join(format!("static/files/d{d}"));
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..1000 {
            std::fs::write(dir.join(format!("f{i}.txt")), "x").unwrap();
        }
    }
    run_within(&site, &["build"], Duration::from_secs(180)).assert_ok();
    assert!(site.has_output("files/d99/f999.txt"));
    let copied: usize = (0..100)
        .map(|d| {
            std::fs::read_dir(site.root().join(format!("output/files/d{d}")))
                .unwrap()
                .count()
        })
        .sum();
    assert_eq!(copied, 100_000);
}
