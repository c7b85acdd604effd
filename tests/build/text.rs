//! Any text: council prose with curly quotes, dashes, ellipses, emoji, Welsh letters and
//! letters whose lower case is longer or shorter than themselves, through `plainly check`
//! and `plainly build` with every text rule on. None of it may make a command panic, and
//! every finding must point inside its file.

use serde_json::Value;

use crate::harness::*;

/// Every plain-English and accessibility rule as an error, so that builds run them too.
const STRICT_TEXT: &str = "title: Test Council\nbase_url: https://example.org/\nchecks:\n  acronym: error\n  avoid-words: error\n  sentence-length: { severity: error, max_words: 12 }\n  all-caps: error\n  reading-grade: error\n";

fn text_site(body: &str) -> TestSite {
    TestSite::empty()
        .file("site.yaml", STRICT_TEXT)
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(
            "content/a.md",
            &format!("---\ntitle: Page\nsummary: A summary.\n---\n{body}"),
        )
}

/// (rule, line, column) of every finding of `plainly check --format json`.
fn findings(site: &TestSite) -> (i32, Vec<(String, u64, u64)>) {
    let run = site.run(&["check", "--format", "json"]);
    assert_ne!(run.code, 101, "plainly panicked:\n{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (run.code, found)
}

#[test]
fn curly_quotes_and_dashes_are_checked_not_a_panic() {
    for body in [
        "It is “a plan” (GDS manual).\n",
        "Our plan — ICT for all.\n",
        "We’ll “leverage” the CDO’s plan… – and the BBC’s.\n",
        "The \u{212a}elvin scale and \u{130}stanbul, with the ONS.\n",
        "Ŵyn a ŷd — “Cymraeg” 👩‍👩‍👧 with the WLGA.\n",
    ] {
        let site = text_site(body);
        let (code, found) = findings(&site);
        assert_eq!(code, 1, "{body}: {found:?}");
        assert!(
            found
                .iter()
                .any(|(rule, line, _)| rule == "acronym" && *line == 5),
            "{body}: the acronym is found on line 5: {found:?}"
        );
        let build = site.build();
        assert_ne!(build.code, 101, "{body}: build panicked:\n{}", build.stderr);
        assert!(build.stderr.contains("error[acronym]"), "{}", build.stderr);
    }
}

#[test]
fn findings_after_wide_characters_point_at_the_right_column() {
    // “ and ” are one character each: the column counts characters, not bytes.
    let site = text_site("“Plain” words — we will leverage data.\n");
    let (_, found) = findings(&site);
    let col = "“Plain” words — we will ".chars().count() as u64 + 1;
    assert!(
        found.contains(&("avoid-words".to_string(), 5, col)),
        "{found:?}"
    );
}

#[test]
fn avoided_words_are_found_beside_letters_whose_case_changes_length() {
    // İ lower-cases to two characters, K (the Kelvin sign) to one byte fewer.
    let site = text_site("\u{130}n \u{212a} we will leverage data.\n");
    let (_, found) = findings(&site);
    let col = "\u{130}n \u{212a} we will ".chars().count() as u64 + 1;
    assert!(
        found.contains(&("avoid-words".to_string(), 5, col)),
        "{found:?}"
    );
}

/// The acronyms `plainly check` finds in a body.
fn acronym_findings(body: &str) -> Vec<(u64, u64)> {
    let (_, found) = findings(&text_site(body));
    found
        .into_iter()
        .filter(|(rule, _, _)| rule == "acronym")
        .map(|(_, line, col)| (line, col))
        .collect()
}

#[test]
fn acronyms_spelled_out_earlier_on_the_page_count() {
    // The words in full earlier, in brackets or not, in another paragraph or not.
    for body in [
        "It’s the Driving Standards Agency (DSA). Later the DSA agreed.\n",
        "The Driving Standards Agency sets tests.\n\nThe DSA agreed.\n",
        "Information and Communications Technology matters.\n\nOur ICT plan.\n",
        "We work with the Department for Transport.\n\nThe DfT agreed.\n",
        "The DSA (Driving Standards Agency) agreed.\n",
    ] {
        assert_eq!(acronym_findings(body), [], "{body}");
    }
    // Not spelled out before its first use: found there, once.
    assert_eq!(
        acronym_findings("The DSA agreed.\n\nThe Driving Standards Agency (DSA) said so.\n"),
        [(5, 5)]
    );
    assert_eq!(
        acronym_findings("Our “ICT” plan — for the CDO’s team.\n"),
        [(5, 6), (5, 26)]
    );
}

#[test]
fn names_numerals_and_glossary_terms_are_not_acronyms_to_expand() {
    for body in [
        "Read it on GOV.UK or NHS.UK today.\n",
        "HM Treasury and HM Revenue agree.\n",
        "See Part II, Annex IV and Chapter XIV.\n",
        "Our SRO leads it.\n\nSRO\n: Senior responsible owner, who answers for the plan.\n",
    ] {
        assert_eq!(acronym_findings(body), [], "{body}");
    }
    // Capitals that only look like numerals still count.
    assert_eq!(acronym_findings("The IIV team.\n"), [(5, 5)]);
}

mod properties {
    //! Every text rule fed random strings of the characters real council text is made of.

    use std::path::Path;

    use plainly::check::source::Lints;
    use plainly::check::text;
    use plainly::config::normalise_text;
    use plainly::content::{ParseOptions, parse_page};
    use plainly::rules::{Checks, Mode};
    use proptest::prelude::*;

    /// Curly quotes, dashes, ellipses, emoji (with ZWJ and tag sequences), combining
    /// marks, Welsh letters, letters whose case changes their length, zero-width and
    /// right-to-left marks, CRLF, Markdown syntax and words the rules look for.
    const PIECES: &[&str] = &[
        "“",
        "”",
        "‘",
        "’",
        "'",
        "\"",
        "—",
        "–",
        "-",
        "--",
        "…",
        "...",
        ".",
        "!",
        "?",
        "(",
        ")",
        " ",
        " ",
        " ",
        "\t",
        "\n",
        "\n\n",
        "\r\n",
        "\r\n\r\n",
        "\r",
        "👩\u{200d}👩\u{200d}👧",
        "🏴\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f}",
        "🙂",
        "e\u{301}",
        "\u{301}",
        "ŵ",
        "ŷ",
        "Ŵ",
        "Ŷ",
        "\u{212a}",
        "\u{130}",
        "ß",
        "ǅ",
        "ﬁ",
        "\u{200b}",
        "\u{200d}",
        "\u{200e}",
        "\u{200f}",
        "\u{202e}",
        "\u{feff}",
        "مرحبا",
        "CDO",
        "CDOs",
        "NHS",
        "GOV.UK",
        "HM",
        "IV",
        "ICT",
        "Driving Standards Agency",
        "leverage",
        "Leveraging",
        "utilise",
        "word",
        "words",
        "plan",
        "A",
        "I",
        "É",
        "2030",
        "£2.5",
        "e.g.",
        "# ",
        "## ",
        "### ",
        "- ",
        "1. ",
        "> ",
        "|",
        "| --- |",
        "*",
        "_",
        "`",
        "```",
        "[",
        "]",
        "[link](a.md)",
        "[click here](#x)",
        "![",
        "![](x.png)",
        "<img src=x>",
        "<img alt='NHS' src=x.png>",
        "<IMG ALT=\"ŵ",
        "<iframe src=\"https://www.youtube.com/embed/x\">",
        "<IFRAME\n",
        " src='//ŵ.example/🎬'",
        " data=",
        "<object",
        "<video src=https://a.example/v.mp4>",
        "<!--",
        "-->",
        "<script>",
        "</iframe>",
        "https://www.youtube.com/watch?v=x",
        "<table><td>",
        "\n: ",
        "[^1]",
        "[^1]: note",
        "&amp;",
        "&#8212;",
        "CLICK HERE TO READ ALL OF THIS NOTICE",
        "{#id}",
    ];

    fn prose() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..80)
            .prop_map(|pieces| pieces.concat())
    }

    /// Every rule on, with thresholds low enough that the text rules fire often.
    fn lints() -> Lints {
        let settings: std::collections::BTreeMap<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "sentence-length": { "max_words": 4 },
                "reading-grade": { "max_grade": 1, "min_words": 3 },
                "all-caps": { "min_words": 2 },
            }))
            .unwrap();
        let checks = Checks::from_config(&settings).unwrap();
        Lints::new(&checks, &Mode::check(), Default::default()).expect("rules are on")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn text_measures_never_panic_and_give_char_boundaries(text in prose()) {
            for range in text::sentences(&text) {
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                prop_assert!(range.start <= range.end && range.end <= text.len());
            }
            for word in text::words(&text) {
                let _ = text::syllables(word);
            }
            let _ = text::grade(&text);
            let _ = text::mostly_capitals(&text);
            let _ = text::ambiguous_link_text(&text, &["more".to_string()]);
            for (at, acronym) in text::acronyms(&text) {
                prop_assert!(text.is_char_boundary(at), "acronym at {at}");
                prop_assert_eq!(text.get(at..at + acronym.len()), Some(acronym));
                let _ = text::spelled_out(&text, at, acronym);
                let _ = text::expanded_in(&text, acronym);
            }
            let avoid: Vec<String> = text::AVOID.iter().map(|s| s.to_string()).collect();
            for (at, _) in text::find_avoided(&text, &avoid) {
                prop_assert!(text.is_char_boundary(at) && at < text.len(), "avoided word at {at}");
            }
        }

        #[test]
        fn every_finding_is_inside_its_file(body in prose(), crlf in any::<bool>()) {
            let raw = format!("---\ntitle: A page\nsummary: Short.\n---\n{body}");
            let raw = if crlf { raw.replace('\n', "\r\n") } else { raw };
            let text = normalise_text(&raw);
            let lints = lints();
            let taxonomies = ["tags".to_string()];
            let options = ParseOptions {
                taxonomies: &taxonomies,
                outline: lints.needs(),
                raw_html: Default::default(),
                limits: Default::default(),
            };
            let (page, outline, mut diags) = parse_page(Path::new("a.md"), &text, &options);
            if let Some(page) = page {
                diags.extend(lints.check_page(&page.meta.file, &text, &page.body, &outline));
            }
            let lines: Vec<&str> = text.split('\n').collect();
            for d in &diags {
                let Some(at) = d.location else { continue };
                prop_assert!(at.line >= 1 && at.line <= lines.len(), "{} at line {}", d.code, at.line);
                let chars = lines[at.line - 1].chars().count();
                prop_assert!(at.col >= 1 && at.col <= chars + 1, "{} at {}:{} of {chars}", d.code, at.line, at.col);
                let _ = d.render(false);
            }
        }
    }
}
