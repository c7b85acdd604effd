//! `plainly check`: each rule with a failing and a passing fixture, the output formats,
//! the settings, and the example site checking clean.

use serde_json::Value;

use crate::harness::*;

/// A page with a summary, so that only what a test plants is found. Its body starts on
/// line 5.
fn doc(body: &str) -> String {
    format!("---\ntitle: Page\nsummary: A short summary.\n---\n{body}")
}

fn check_json(site: &TestSite, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    (run.code, json)
}

/// (rule, file, line) of every finding.
fn findings(json: &Value) -> Vec<(String, String, u64)> {
    findings_in(json)
}

/// A site with the given files besides a minimal home page and a page to link to.
fn site_with(files: &[(&str, &str)]) -> TestSite {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(
            "content/b.md",
            "---\ntitle: Another page\nsummary: Linked to.\n---\n## Real section\n\nText.\n",
        )
        .file("content/x.png", "PNG");
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

/// Each rule: files that break it, where the finding must be, and files that do not.
#[allow(clippy::type_complexity)]
fn cases() -> Vec<(
    &'static str,
    Vec<(&'static str, String)>,
    (&'static str, u64),
    Vec<(&'static str, String)>,
)> {
    let a = "content/a.md";
    let long_sentence = format!("{} end.", "word ".repeat(30));
    let hard = "Organisational transformation necessitates comprehensive multidisciplinary stakeholder engagement methodologies, incorporating sophisticated participatory evaluation frameworks. Consequently, institutional accountability mechanisms require substantial reconfiguration, notwithstanding considerable implementation complexities. Additionally, organisational governance arrangements necessitate continuous reassessment.";
    vec![
        ("broken-link", vec![(a, doc("[Another page](nope.md)\n"))], (a, 5), vec![(a, doc("[Another page](b.md)\n"))]),
        ("broken-anchor", vec![(a, doc("[Another page](b.md#nope)\n"))], (a, 5), vec![(a, doc("[Another page](b.md#real-section)\n"))]),
        ("missing-image", vec![(a, doc("![A chart of visits](nope.png)\n"))], (a, 5), vec![(a, doc("![A chart of visits](x.png)\n"))]),
        ("missing-file", vec![(a, doc("[The annual report](nope.pdf)\n"))], (a, 5), vec![(a, doc("[The annual report](x.png)\n"))]),
        (
            "draft-link",
            vec![(a, doc("[A draft](c.md)\n")), ("content/c.md", "---\ntitle: C\ndraft: true\n---\n".into())],
            (a, 5),
            vec![(a, doc("[A draft](c.md)\n")), ("content/c.md", "---\ntitle: C\nsummary: S.\n---\n".into())],
        ),
        ("image-alt", vec![(a, doc("Intro.\n\n![](x.png)\n"))], (a, 7), vec![(a, doc("Intro.\n\n![Visits rose by a third](x.png)\n"))]),
        ("image-alt-filename", vec![(a, doc("![x.png](x.png)\n"))], (a, 5), vec![(a, doc("![Visits rose by a third](x.png)\n"))]),
        (
            "image-alt-length",
            vec![(a, doc(&format!("![{}](x.png)\n", "Visits rose. ".repeat(13))))],
            (a, 5),
            vec![(a, doc("![Visits rose by a third](x.png)\n"))],
        ),
        ("heading-order", vec![(a, doc("## One\n\n#### Two\n"))], (a, 7), vec![(a, doc("## One\n\n### Two\n"))]),
        (
            "embed",
            vec![(a, doc("Watch the launch.\n\n<iframe src=\"https://www.youtube.com/embed/abc\" title=\"The launch\"></iframe>\n"))],
            (a, 7),
            vec![(a, doc("Watch the launch.\n\nhttps://www.youtube.com/watch?v=abc\n"))],
        ),
        ("heading-h1", vec![(a, doc("## One\n\n# Two\n"))], (a, 7), vec![(a, doc("## One\n\n## Two\n"))]),
        ("empty-heading", vec![(a, doc("## One\n\n##\n"))], (a, 7), vec![(a, doc("## One\n"))]),
        ("empty-link", vec![(a, doc("[](b.md)\n"))], (a, 5), vec![(a, doc("[Another page](b.md)\n"))]),
        ("link-text", vec![(a, doc("[Click here](b.md)\n"))], (a, 5), vec![(a, doc("[Another page](b.md)\n"))]),
        (
            "link-text-duplicate",
            vec![(a, doc("[Our plan](b.md)\n\n[Our plan](https://example.org/plan)\n"))],
            (a, 7),
            vec![(a, doc("[Our plan](b.md)\n\n[Our plan](b.md)\n"))],
        ),
        ("table-header", vec![(a, doc("Intro.\n\n| | |\n|---|---|\n| 1 | 2 |\n"))], (a, 7), vec![(a, doc("Intro.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"))]),
        ("all-caps", vec![(a, doc("PLEASE READ THIS NOTICE ABOUT THE LIBRARY.\n"))], (a, 5), vec![(a, doc("Please read this notice about the library.\n"))]),
        ("sentence-length", vec![(a, doc(&format!("Short one. {long_sentence}\n")))], (a, 5), vec![(a, doc("Short one. And another one.\n"))]),
        ("reading-grade", vec![(a, doc(&format!("{hard} {hard}\n")))], (a, 5), vec![(a, doc("We will help you get online. You can ask us for help at any library. It is free.\n"))]),
        ("avoid-words", vec![(a, doc("We will leverage our data.\n"))], (a, 5), vec![(a, doc("We will use our data.\n"))]),
        ("acronym", vec![(a, doc("The CDO leads.\n"))], (a, 5), vec![(a, doc("The chief digital officer (CDO) leads. The CDO reports.\n"))]),
        ("placeholder", vec![(a, doc("Intro.\n\nTODO: say who to call.\n"))], (a, 7), vec![(a, doc("Intro.\n\nWrite `TODO` to mark a gap.\n"))]),
        ("missing-summary", vec![(a, "---\ntitle: Page\n---\nText.\n".into())], (a, 2), vec![(a, doc("Text.\n"))]),
        (
            "review-overdue",
            vec![(a, "---\ntitle: Page\nsummary: S.\nreview_date: 2026-05-01\n---\n".into())],
            (a, 4),
            vec![(a, "---\ntitle: Page\nsummary: S.\nreview_date: 2027-05-01\n---\n".into())],
        ),
        (
            "review-due",
            vec![(a, "---\ntitle: Page\nsummary: S.\nreview_date: 2026-06-20\n---\n".into())],
            (a, 4),
            vec![(a, "---\ntitle: Page\nsummary: S.\nreview_date: 2026-09-20\n---\n".into())],
        ),
        (
            "consultation-closed",
            vec![(a, "---\ntitle: Page\nsummary: S.\nstatus: consultation\nconsultation:\n  closes: 2026-05-01\n---\n".into())],
            (a, 4),
            vec![(a, "---\ntitle: Page\nsummary: S.\nstatus: consultation\nconsultation:\n  closes: 2026-07-01\n---\n".into())],
        ),
        (
            "duplicate-title",
            vec![(a, "---\ntitle: Another page\nsummary: S.\n---\n".into())],
            ("content/b.md", 2),
            vec![(a, "---\ntitle: A page of its own\nsummary: S.\n---\n".into())],
        ),
        ("unknown-key", vec![(a, "---\ntitle: Page\nsummary: S.\nsumary: typo\n---\n".into())], (a, 4), vec![(a, doc(""))]),
        (
            "brand-contrast",
            vec![("site.yaml", format!("{SITE_YAML}brand:\n  primary_colour: \"#7fb2e5\"\n"))],
            ("site.yaml", 6),
            vec![("site.yaml", format!("{SITE_YAML}brand:\n  primary_colour: \"#14507a\"\n"))],
        ),
    ]
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    for (rule, failing, (file, line), passing) in cases() {
        let files: Vec<(&str, &str)> = failing.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let (_, json) = check_json(&site_with(&files), &[]);
        let found = findings(&json);
        assert!(
            found
                .iter()
                .any(|(r, f, l)| r == rule && f == file && *l == line),
            "{rule}: expected at {file}:{line}, found {found:?}"
        );
        let files: Vec<(&str, &str)> = passing.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let (code, json) = check_json(&site_with(&files), &[]);
        assert!(
            findings(&json).is_empty(),
            "{rule}: the passing case has findings: {:?}",
            findings(&json)
        );
        assert_eq!(code, 0, "{rule}");
    }
}

/// (rule, line, column) of every finding in `file`, in order.
fn placed_in(json: &Value, file: &str) -> Vec<(String, u64, u64)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == file)
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn what_the_theme_cannot_fix_is_placed_in_welsh_and_emoji_text_with_either_line_ending() {
    let page = [
        "---",
        "title: Croeso",
        "summary: Our plan for the library — ŵ ŷ.",
        "---",
        "# Croeso",
        "",
        "Croeso i'n gwefan — ŵ ŷ 🎉. Read the plan [here](b.md).",
        "",
        "![Image of…](x.png) 📷",
        "",
        "Gwyliwch — watch the launch 🎬 <IFRAME title='Lansio ŵ' src=\"https://www.youtube.com/embed/abc\"></IFRAME>",
        "",
        "https://www.youtube.com/watch?v=abc",
        "",
        "## Y cynllun — the plan",
        "",
        "<p>ŷ <img src=\"x.png\" alt=\"NHS\"> ŵ</p>",
        "",
        "# Another top heading 🎉",
        "",
        "“[Read more…](b.md)”",
        "",
    ];
    let expected = [
        ("link-text", 7, 42),
        ("image-alt-filename", 9, 1),
        ("embed", 11, 31),
        ("raw-html", 11, 31),
        ("image-alt-filename", 17, 6),
        ("heading-h1", 19, 1),
        ("link-text", 21, 2),
    ];
    for newline in ["\n", "\r\n"] {
        let site = site_with(&[("content/a.md", &page.join(newline))]);
        let (_, json) = check_json(&site, &[]);
        let mut got = placed_in(&json, "content/a.md");
        got.sort();
        let mut want: Vec<(String, u64, u64)> = expected
            .iter()
            .map(|(r, l, c)| (r.to_string(), *l, *c))
            .collect();
        want.sort();
        assert_eq!(got, want, "with {newline:?} line endings: {json:#}");
        let message = |rule: &str| -> String {
            json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"] == rule)
                .map(|f| f["message"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(
            message("embed").starts_with("`<iframe>` from www.youtube.com is not published"),
            "{}",
            message("embed")
        );
        assert!(
            message("image-alt-filename")
                .contains("“Image of…” is a placeholder, not a description")
        );
        assert!(message("image-alt-filename").contains("“NHS” is only an abbreviation"));
        assert!(message("heading-h1").starts_with("more than one top-level heading (#)"));
    }
}

#[test]
fn duplicate_urls_are_found() {
    let site = site_with(&[
        ("content/01-a.md", &doc("One.\n")),
        ("content/a.md", &doc("Two.\n")),
    ]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    assert!(findings(&json).iter().any(|(r, _, _)| r == "duplicate-url"));
}

#[test]
fn the_json_output_follows_its_schema() {
    let site = site_with(&[(
        "content/a.md",
        &doc("The CDO will leverage [click here](b.md).\n\n![](x.png)\n"),
    )]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1, "an image without alt text is an error");
    let schema: Value =
        serde_json::from_str(include_str!("../../docs/check-output.schema.json")).unwrap();
    if let Err(e) = validate(&schema, &json, "$") {
        panic!("{e}\n{json:#}");
    }
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["errors"], 1);
    assert!(json["summary"]["warnings"].as_u64().unwrap() >= 3);
    // And a document that breaks the schema is caught, so the check can fail.
    let mut broken = json.clone();
    broken["findings"][0]["severity"] = Value::from("fatal");
    assert!(validate(&schema, &broken, "$").is_err());
}

/// A validator for the parts of JSON Schema the output schema uses.
fn validate(schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(c) = schema.get("const")
        && c != value
    {
        return Err(format!("{at}: expected {c}"));
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {options:?}"));
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "null" => value.is_null(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: {value} is not {types:?}"));
        }
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_i64),
        value.as_i64(),
    ) && n < min
    {
        return Err(format!("{at}: {n} is below {min}"));
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = required.as_str().unwrap();
            if !object.contains_key(key) {
                return Err(format!("{at}: `{key}` is missing"));
            }
        }
        for (key, v) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => validate(sub, v, &format!("{at}.{key}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: `{key}` is not in the schema"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            validate(items, v, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn the_github_format_annotates_files() {
    let site = site_with(&[("content/a.md", &doc("[Click here](b.md)\n"))]);
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 0, "warnings alone do not fail");
    assert_eq!(
        run.stdout,
        "::warning file=content/a.md,line=5,col=1,title=link-text::the link text “Click here” does not say where the link goes%0ASay where the link goes: “read the digital inclusion plan”.\n"
    );
    assert_eq!(
        site.run(&["check", "--format", "github", "--strict"]).code,
        1,
        "--strict fails on warnings"
    );
}

#[test]
fn human_output_shows_the_line_and_a_summary() {
    let site = site_with(&[("content/a.md", &doc("We will leverage data.\n"))]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("warning[avoid-words]: “leverage” is on GOV.UK's list of words to avoid")
    );
    assert!(run.stdout.contains("--> content/a.md:5:9"));
    assert!(run.stdout.contains("5 | We will leverage data."));
    assert!(run.stdout.contains("Checked 3 pages in "), "{}", run.stdout);
    assert!(run.stdout.contains(": 0 errors, 1 warning."));
    assert!(!site.has_output("index.html"), "check writes nothing");
}

#[test]
fn site_settings_turn_rules_off_change_severity_and_thresholds() {
    let body = doc(&format!(
        "{} end.\n\n[Click here](b.md)\n\nWe will leverage data.\n",
        "word ".repeat(27)
    ));
    let site = site_with(&[("content/a.md", &body)]);
    let rules = |site: &TestSite| -> Vec<String> {
        let (_, json) = check_json(site, &[]);
        findings(&json).into_iter().map(|(r, _, _)| r).collect()
    };
    assert_eq!(
        rules(&site),
        ["sentence-length", "link-text", "avoid-words"]
    );
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}checks:\n  sentence-length: {{ max_words: 30 }}\n  avoid-words: off\n  link-text: error\n"),
    );
    let (code, json) = check_json(&site, &[]);
    assert_eq!(
        findings(&json)
            .into_iter()
            .map(|(r, _, _)| r)
            .collect::<Vec<_>>(),
        ["link-text"]
    );
    assert_eq!(json["findings"][0]["severity"], "error");
    assert_eq!(code, 1);
    // An error-level rule also stops a build.
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[link-text]"));
}

#[test]
fn a_page_can_ignore_rules_for_itself() {
    let site = site_with(&[(
        "content/a.md",
        "---\ntitle: Page\nsummary: S.\nchecks: { ignore: [avoid-words] }\n---\nWe will leverage data. [Click here](b.md)\n",
    )]);
    let (_, json) = check_json(&site, &[]);
    assert_eq!(
        findings(&json)
            .into_iter()
            .map(|(r, _, _)| r)
            .collect::<Vec<_>>(),
        ["link-text"]
    );
}

#[test]
fn unknown_rules_in_settings_are_errors_with_suggestions() {
    let site = site_with(&[]).file(
        "site.yaml",
        &format!("{SITE_YAML}checks:\n  sentence-lenght: off\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("there is no check named `sentence-lenght`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("did you mean `sentence-length`?"));
    assert!(run.stdout.contains("--> site.yaml:6:3"));
}

#[test]
fn build_runs_error_rules_and_counts_warnings_without_failing() {
    let site = site_with(&[("content/a.md", &doc("![](x.png)\n"))]);
    site.build()
        .assert_error_at("content/a.md:5:1", "has no alternative text");
    site.write(
        "content/a.md",
        &doc("![Visits rose](x.png) [Another page](b.md) [A draft](c.md)\n"),
    );
    site.write("content/c.md", "---\ntitle: C\ndraft: true\n---\n");
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("warning[draft-link]"));
    assert!(run.stdout.contains("1 warning"), "{}", run.stdout);
    assert!(
        !run.stderr.contains("sentence-length"),
        "plain-English rules are for plainly check"
    );
    assert_eq!(
        site.run(&["build", "--strict"]).code,
        1,
        "--strict fails on the warning"
    );
}

#[test]
fn external_links_are_checked_against_a_server_with_bounded_waits() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 2048];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let status = if request.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    let body = doc(&format!(
        "[A page that is there](http://127.0.0.1:{port}/ok)\n\n[A page that has gone](http://127.0.0.1:{port}/gone)\n"
    ));
    let site = site_with(&[("content/a.md", &body)]);
    // The test server is on this machine, which a check asks only when told to.
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}checks:\n  external-link: {{ allow_private: true }}\n"),
    );
    let (_, json) = check_json(&site, &[]);
    assert!(
        findings(&json).is_empty(),
        "external links are not checked by default"
    );
    let (_, json) = check_json(&site, &["--external"]);
    let found = findings(&json);
    assert_eq!(
        found,
        [("external-link".to_string(), "content/a.md".to_string(), 7)],
        "{json:#}"
    );
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("HTTP status 404")
    );
}

#[test]
fn the_example_site_checks_clean() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_plainly"))
        .args(["--color", "never", "--root"])
        .arg(repo)
        .args(["check", "--strict"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains(": 0 errors, 0 warnings."), "{stdout}");
}

#[test]
fn placeholders_are_found_in_front_matter_and_site_yaml_and_fail_only_strict_checks() {
    let site = site_with(&[(
        "content/a.md",
        "---\ntitle: \"TODO: teitl Cymraeg\"\nsummary: A short summary.\n---\nText.\n",
    )]);
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}description: \"TODO: one sentence on what this site is for\"\n# TODO: check the address below\n"),
    );
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0, "{json}");
    let mut found: Vec<_> = findings(&json)
        .into_iter()
        .filter(|(rule, _, _)| rule == "placeholder")
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("placeholder".to_string(), "content/a.md".to_string(), 2),
            ("placeholder".to_string(), "site.yaml".to_string(), 5),
            ("placeholder".to_string(), "site.yaml".to_string(), 6),
        ]
    );
    let column = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "content/a.md" && f["rule"] == "placeholder")
        .map(|f| f["column"].as_u64())
        .unwrap();
    assert_eq!(column, Some(9), "{json}");
    let (code, _) = check_json(&site, &["--strict"]);
    assert_eq!(code, 1);
    // A build publishes them without complaint: checking is where they are caught.
    assert_eq!(site.run(&["build"]).code, 0);
}
