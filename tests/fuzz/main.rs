//! Fuzzing under `cargo test`: each parser entry of [`plainly::fuzz`] run first on every
//! file of its committed corpus (`tests/fuzz/corpus/TARGET/`, which keeps every input
//! that ever failed), then on seeded random inputs built from pieces that matter to it.
//! `PROPTEST_CASES` raises the number of random cases for a long run; `fuzz/` holds the
//! same targets for cargo-fuzz.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use plainly::fuzz;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// The corpus of one target, as text (lossy for any bytes that are not UTF-8).
fn corpus(target: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus for {target}");
    files
        .into_iter()
        .map(|p| {
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            (p, text)
        })
        .collect()
}

/// How long one input may take: a guard against a hang or a blow-up, far above what any
/// input takes.
const GUARD: Duration = Duration::from_secs(10);

fn timed(what: &str, input: &str, f: impl Fn(&str)) {
    let start = Instant::now();
    f(input);
    assert!(
        start.elapsed() < GUARD,
        "{what} took {:?} on {input:?}",
        start.elapsed()
    );
}

/// The number of random cases (`PROPTEST_CASES`, else `default`).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Runs a target on its corpus, then on `cases` random inputs from `strategy`, with a
/// fixed seed so that a failure repeats; the failing input is printed to be added to
/// the corpus.
fn run(
    target: &str,
    default_cases: u32,
    strategy: impl Strategy<Value = String>,
    f: impl Fn(&str),
) {
    for (path, text) in corpus(target) {
        timed(&path.display().to_string(), &text, &f);
    }
    let seed: [u8; 32] = *b"plainly-fuzz-seed-0001-for-tests";
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: cases(default_cases),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    let result = runner.run(&strategy, |input| {
        timed(target, &input, &f);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{target}: {e}\nadd the input to tests/fuzz/corpus/{target}/");
    }
    eprintln!(
        "{target}: {} corpus files and {} random cases",
        corpus(target).len(),
        cases(default_cases)
    );
}

/// Text made of pieces: what a parser cares about, mixed with what breaks naive code.
fn made_of(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::collection::vec(proptest::sample::select(pieces), 0..max)
            .prop_map(|p| p.concat()),
        1 => ".{0,200}",
    ]
}

const UNICODE: &[&str] = &[
    "ẞ",
    "İ",
    "ŵ",
    "ŷ",
    "“",
    "”",
    "’",
    "—",
    "–",
    "…",
    "👩🏽‍💻",
    "🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    "\u{301}",
    "\u{200b}",
    "\u{202e}",
    "\u{1b}[2J",
    "\u{0}",
    "\u{feff}",
    "\r\n",
    "\r",
    "\t",
    " ",
    "\n",
];

const YAML: &[&str] = &[
    "title: ",
    "tags: ",
    "aliases: ",
    "extra:\n",
    "  ",
    "- ",
    ": ",
    "\n",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "\"",
    "'",
    "#",
    "|\n",
    ">\n",
    "!tag ",
    "? ",
    "---\n",
    "...\n",
    "2026-02-30",
    "2026-03-01",
    "yes",
    "null",
    "~",
    "1.5",
    "0x1f",
    "key",
    "value",
    "title: x\n",
    "draft: true\n",
    "slug: ",
    "consultation:\n  respond_url: ",
    "javascript:alert(1)",
    "<<: *a\n",
    "ŵ: ",
    "\t",
];

const MARKDOWN: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "* ",
    "  ",
    "    ",
    "```\n",
    "`",
    "**",
    "_",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "#",
    "{#id}",
    "{.c lang=cy}",
    "{onclick=x}",
    "[^1]",
    "[^1]: ",
    "| a | b |\n|---|--:|\n",
    "- [ ] ",
    "- [x] ",
    "<",
    ">",
    "</",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<img src=x onerror=y>",
    "<a href=\"",
    "javascript:",
    "java&#9;script:",
    "data:text/html,",
    "vbscript:",
    "mailto:a@b.c",
    "https://example.org/",
    "../page.md",
    "page.md#part",
    "%2e%2e/",
    "&#106;",
    "&amp;",
    "&",
    "<!--",
    "-->",
    "<style>",
    "<iframe>",
    "<svg>",
    "<math>",
    "style=\"color:red\"",
    "word ",
    "Leverage ",
    "\\",
    ":",
    "term\n: definition\n",
    "::: tip",
    "::: details More",
    ":::",
    "::::",
    "!!! note \"T\"",
    "???+ warning",
    "> [!NOTE]\n",
    "> [!WARNING]",
    "{: #id .c}",
    "{:toc}",
    "* TOC\n",
    "{::comment}",
    "{:/comment}",
    "##01",
    "#1",
    "{% x %}",
    "{{ y }}",
    "{{< z >}}",
];

const HTML: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "\"",
    "'",
    "=",
    " ",
    "\n",
    "div",
    "p",
    "a",
    "img",
    "script",
    "style",
    "svg",
    "math",
    "iframe",
    "embed",
    "object",
    "video",
    "data",
    "alt",
    "//youtube.com/embed/x",
    "https://ŵ.example/",
    "IMG_1234",
    "form",
    "input",
    "table",
    "td",
    "th",
    "noscript",
    "template",
    "textarea",
    "title",
    "xmp",
    "plaintext",
    "href",
    "src",
    "onerror",
    "onclick",
    "style",
    "xlink:href",
    "formaction",
    "action",
    "javascript:",
    "JaVaScRiPt:",
    "&#106;",
    "&#x09;",
    "&colon;",
    "data:",
    "alert(1)",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "text-align:left",
    "color:red",
    ";",
    "x",
];

const PATHS: &[&str] = &[
    "/",
    "//",
    ".",
    "..",
    "%2e",
    "%2E",
    "%2f",
    "%5c",
    "%00",
    "%25",
    "%",
    "\\",
    "a",
    "B",
    "index.html",
    "index.htm",
    "x.html",
    "con",
    "nul",
    "com1",
    "lpt9",
    " ",
    ".",
    "?",
    "#",
    "*",
    ":",
    "\"",
    "<",
    ">",
    "|",
    "\u{1}",
    "ŵ",
    "İ",
    "javascript:",
    "😀",
    "%c0%ae",
];

#[test]
fn pages_never_panic_and_locate_their_errors() {
    let front = made_of(YAML, 40);
    let body = made_of(MARKDOWN, 60);
    let html = made_of(HTML, 12);
    let unicode = made_of(UNICODE, 20);
    let strategy =
        (front, body, html, unicode).prop_map(|(f, b, h, u)| format!("---\n{f}\n---\n{b}\n{h}{u}"));
    run("page", 300, strategy, fuzz::page);
}

#[test]
fn config_yaml_never_panics_and_locates_its_errors() {
    run("config", 300, made_of(YAML, 60), fuzz::config_yaml);
}

#[test]
fn data_yaml_never_panics_and_locates_its_errors() {
    run("data", 300, made_of(YAML, 60), fuzz::data_yaml);
}

#[test]
fn rendered_markdown_is_inert_and_deterministic() {
    let strategy = (made_of(MARKDOWN, 80), made_of(UNICODE, 10)).prop_map(|(a, b)| a + &b);
    run("markdown", 400, strategy, fuzz::markdown);
}

#[test]
fn sanitised_html_is_inert() {
    run("sanitise", 400, made_of(HTML, 80), fuzz::sanitise);
}

#[test]
fn site_paths_stay_inside_the_output() {
    run("site_path", 500, made_of(PATHS, 20), fuzz::site_path);
}

#[test]
fn the_server_serves_only_inside_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    std::fs::create_dir_all(out.join("a/b")).unwrap();
    std::fs::write(out.join("index.html"), "home").unwrap();
    std::fs::write(out.join("a/b/index.html"), "page").unwrap();
    std::fs::write(dir.path().join("site.yaml"), "secret").unwrap();
    std::fs::create_dir_all(dir.path().join("outside")).unwrap();
    std::fs::write(dir.path().join("outside/secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(dir.path().join("outside"), out.join("leak")).unwrap();
    let strategy = made_of(PATHS, 20).prop_map(|p| format!("/{p}"));
    run("server_path", 500, strategy, |request| {
        fuzz::server_path(&out, request)
    });
}

#[test]
fn the_oracle_catches_what_would_run() {
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JAVA&#9;SCRIPT:x\">x</a>",
        "<p style=\"color:red\">x</p>",
        "<iframe src=\"https://x\"></iframe>",
        "<td style=\"text-align:left;background:red\">x</td>",
    ] {
        let caught = std::panic::catch_unwind(|| fuzz::assert_inert(bad)).is_err();
        assert!(caught, "{bad} passed the oracle");
    }
    fuzz::assert_inert(
        "<p class=\"a\">x <a href=\"/page/\">y</a></p><td style=\"text-align: right\">1</td>",
    );
}
