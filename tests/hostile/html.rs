//! Content cannot inject script: raw HTML is sanitised (or escaped, or, by choice,
//! allowed), links and addresses take only published schemes, and front matter is text
//! in every context.

use crate::harness::{SITE_YAML, TestSite, main_of, page};

const PASTED: &str = "Intro.\n\n\
<script>alert(1)</script>\n\n\
Text <img alt=\"x\" src=x onerror=alert(2)> more.\n\n\
<div style=\"color:red\">Red text</div>\n\n\
<iframe src=\"https://video.example/embed\">Watch the video</iframe>\n\n\
<a href=\"javascript:alert(4)\">raw link</a>\n\n\
<p class=\"note\" id=\"kept\">A <strong>kept</strong> note.</p>\n";

/// No script can run from a page: no script element, handler, `javascript:` or style.
fn assert_inert(html: &str) {
    let lower = html.to_lowercase();
    for bad in [
        "<script>alert",
        "onerror",
        "javascript:",
        "color:red",
        "<iframe",
    ] {
        assert!(!lower.contains(bad), "{bad} published:\n{html}");
    }
}

#[test]
fn raw_html_is_sanitised_by_default_and_each_removal_is_a_warning_at_its_line() {
    let site = TestSite::new().file("content/index.md", &page("Home", PASTED));
    let run = site.build();
    run.assert_ok();
    let main = main_of(&site.output("index.html")).to_string();
    assert_inert(&main);
    for kept in [
        "alt=\"x\"",
        "Red text",
        "Watch the video",
        "raw link",
        "<p class=\"note\" id=\"kept\">A <strong>kept</strong> note.</p>",
    ] {
        assert!(main.contains(kept), "{kept} missing:\n{main}");
    }
    for (line, what) in [
        (6, "`<script>` and its content are removed"),
        (8, "the `onerror` attribute of `<img>` is removed"),
        (10, "the `style` attribute of `<div>` is removed"),
        (12, "`<iframe>` is removed"),
        (14, "`javascript:` addresses are not published"),
    ] {
        assert!(
            run.stderr
                .contains(&format!("--> content/index.md:{line}:")),
            "no warning at line {line}:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains(what), "{what}:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("warning[raw-html]"), "{}", run.stderr);
    // `check` reports the same removals.
    let check = site.run(&["check"]);
    let report = format!("{}{}", check.stdout, check.stderr);
    assert!(
        report.contains("the `onerror` attribute of `<img>` is removed"),
        "{report}"
    );
}

#[test]
fn raw_html_escape_shows_markup_as_text_and_allow_publishes_it() {
    let escape = TestSite::new()
        .file(
            "site.yaml",
            &format!("{SITE_YAML}markdown:\n  raw_html: escape\n"),
        )
        .file("content/index.md", &page("Home", PASTED));
    let run = escape.build_ok();
    assert!(!run.stderr.contains("raw-html"));
    let main = main_of(&escape.output("index.html")).to_string();
    assert!(
        main.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{main}"
    );
    assert!(!main.contains("<script"), "{main}");
    assert!(!main.contains("<img"), "{main}");

    let allow = TestSite::new()
        .file(
            "site.yaml",
            &format!("{SITE_YAML}markdown:\n  raw_html: allow\n"),
        )
        .file("content/index.md", &page("Home", PASTED));
    allow.build_ok();
    let main = main_of(&allow.output("index.html")).to_string();
    assert!(main.contains("<script>alert(1)</script>"), "{main}");

    let wrong = TestSite::new()
        .file(
            "site.yaml",
            &format!("{SITE_YAML}markdown:\n  raw_html: clean\n"),
        )
        .file("content/index.md", &page("Home", "Hi."));
    wrong.build().assert_error_at("site.yaml:6", "raw_html");
}

#[test]
fn sanitising_a_page_with_raw_html_keeps_plainlys_own_markup() {
    let body = "## Aims {#aims}\n\nText[^1] and <abbr title=\"Council\">CC</abbr>.\n\n\
        | Left | Right |\n|:-----|------:|\n| a | b |\n\n\
        | Commitment | Lead organisation | Measure of success |\n|---|---|---|\n| x | y | z |\n\n- [x] done\n- [ ] to do\n\n[^1]: A note.\n";
    let with = TestSite::new().file("content/index.md", &page("Home", body));
    with.build_ok();
    let plain = TestSite::new().file(
        "content/index.md",
        &page(
            "Home",
            &body.replace("<abbr title=\"Council\">CC</abbr>", "CC"),
        ),
    );
    plain.build_ok();
    let with = main_of(&with.output("index.html")).to_string();
    for kept in [
        "id=\"aims\"",
        "class=\"heading-anchor\"",
        "role=\"region\"",
        "tabindex=\"0\"",
        "aria-labelledby=\"table-2-caption\"",
        "<caption id=\"table-2-caption\">",
        "type=\"checkbox\"",
        "checked",
        "text-align",
        "href=\"#fn:1\"",
        "<abbr title=\"Council\">CC</abbr>",
    ] {
        assert!(with.contains(kept), "{kept} missing:\n{with}");
    }
    let plain = main_of(&plain.output("index.html")).to_string();
    assert!(plain.contains("href=\"#fn:1\""), "{plain}");
}

#[test]
fn heading_attributes_cannot_carry_handlers() {
    let site = TestSite::new().file(
        "content/index.md",
        &page(
            "Home",
            "## Aims {#aims lang=cy onclick=\"alert(1)\" style=\"color:red\"}\n\nText.\n",
        ),
    );
    let run = site.build();
    run.assert_ok();
    let main = main_of(&site.output("index.html")).to_string();
    assert!(main.contains("lang=\"cy\""), "{main}");
    assert!(!main.contains("onclick"), "{main}");
    assert!(!main.contains("color:red"), "{main}");
    assert!(
        run.stderr.contains("--> content/index.md:4:1")
            && run
                .stderr
                .contains("the `onclick` attribute of this heading is removed"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_images_and_addresses_take_only_published_schemes() {
    for (n, dest) in [
        "javascript:alert(3)",
        "JaVaScRiPt:alert(3)",
        "java&#9;script:alert(3)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "file:///etc/passwd",
    ]
    .iter()
    .enumerate()
    {
        let site = TestSite::new().file("content/index.md", &page("Home", "Fine."));
        site.build_ok();
        let before = site.snapshot("output");
        let body = if n % 2 == 0 {
            format!("Text.\n\n[js]({dest})\n")
        } else {
            format!("Text.\n\n![chart]({dest})\n")
        };
        site.write("content/index.md", &page("Home", &body));
        site.build()
            .assert_error_at("content/index.md:6:1", "addresses are not published");
        assert_eq!(site.snapshot("output"), before, "{dest}: output changed");
    }
    for (yaml, at) in [
        ("image: javascript:alert(1)\n", "content/index.md:3:8"),
        (
            "consultation:\n  respond_url: \"javascript:alert(1)\"\n",
            "content/index.md:4:16",
        ),
    ] {
        let site = TestSite::new().file(
            "content/index.md",
            &format!("---\ntitle: Home\n{yaml}---\nText.\n"),
        );
        site.build()
            .assert_error_at(at, "`javascript:` addresses are not published");
    }
    let site = TestSite::new()
        .file(
            "site.yaml",
            &format!("{SITE_YAML}licence:\n  name: OGL\n  url: \"javascript:alert(1)\"\n"),
        )
        .file("content/index.md", &page("Home", "Text."));
    site.build()
        .assert_error_at("site.yaml:7:8", "`javascript:` addresses are not published");
}

#[test]
fn front_matter_html_is_text_in_every_context() {
    let title = "<script>alert(1)</script> \\\"quoted\\\" & <b>bold</b>";
    let site = TestSite::new()
        .file("content/index.md", &page("Home", "[Partners](partners.md)"))
        .file(
            "content/partners.md",
            &format!(
                "---\ntitle: \"{title}\"\nsummary: \"<img src=x onerror=alert(2)>\"\ntags: [\"<i>x</i>\"]\n---\nText.\n"
            ),
        );
    site.build_ok();
    for file in site.output_files() {
        if !file.ends_with(".html") && !file.ends_with(".xml") && !file.ends_with(".json") {
            continue;
        }
        let text = site.output(&file);
        assert!(!text.contains("<script>alert"), "{file}:\n{text}");
        assert!(!text.contains("<img src=x"), "{file}:\n{text}");
        assert!(!text.contains("<b>bold</b>"), "{file}:\n{text}");
        assert!(!text.contains("<i>x</i>"), "{file}:\n{text}");
    }
    let page = site.output("partners/index.html");
    assert!(
        page.contains("<title>&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
}

#[test]
fn nul_characters_become_replacement_characters() {
    let site = TestSite::new().file(
        "content/index.md",
        "---\ntitle: \"Ho\u{0}me\"\n---\nText with a \u{0} NUL.\n",
    );
    let run = site.build();
    run.assert_ok();
    let html = site.output("index.html");
    assert!(!html.contains('\u{0}'), "NUL published");
    assert!(html.contains("Text with a \u{FFFD} NUL."), "{html}");
}
