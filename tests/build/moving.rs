//! Moving existing Markdown in: documents from GitHub, Jekyll (kramdown), Docusaurus,
//! VuePress and MkDocs build with the titles, front pages, ids and links their authors
//! meant.

use crate::harness::*;

#[test]
fn the_title_is_the_heading_a_page_opens_with_at_any_level() {
    let site = TestSite::new()
        .file("content/index.md", "# Digital strategy\n\nWelcome.\n")
        .file(
            "content/summary.md",
            "## Executive summary\n\nWe will close the digital divide by 2030.\n\n## Next steps\n\nText.\n",
        )
        .file(
            "content/labelled.md",
            "---\nsidebar_label: Our partners\n---\nSome text first.\n\n## Details\n",
        )
        .file("content/later.md", "Some text.\n\n### Where we are now\n\nMore.\n");
    site.build_ok();
    let summary = site.output("summary/index.html");
    assert!(summary.contains("<title>Executive summary"), "{summary}");
    let main = main_of(&summary);
    assert_eq!(main.matches("Executive summary").count(), 1, "{main}");
    assert!(main.contains("Next steps"));
    assert!(
        site.output("labelled/index.html")
            .contains("<title>Our partners")
    );
    assert!(
        site.output("later/index.html")
            .contains("<title>Where we are now")
    );
}

#[test]
fn a_readme_is_its_folders_front_page_in_any_case() {
    let site = TestSite::new()
        .file("content/README.md", "# Kelbrook digital\n\nHome page.\n")
        .file("content/guides/readme.md", "# Guides\n\nHow to.\n")
        .file("content/guides/setup.md", "# Setting up\n\nSteps.\n")
        .file("content/partners/Readme.markdown", "# Partners\n\nWho.\n");
    site.build_ok();
    assert!(site.output("index.html").contains("Home page."));
    let guides = site.output("guides/index.html");
    assert!(guides.contains("<title>Guides"), "{guides}");
    assert!(guides.contains("Setting up"), "the section lists its pages");
    assert!(site.has_output("partners/index.html"));
    assert!(!site.has_output("readme/index.html"));
    assert!(!site.has_output("guides/readme/index.html"));

    let both = TestSite::new()
        .file("content/_index.md", &page("Home", "Home."))
        .file("content/guides/_index.md", &page("Guides", "One."))
        .file("content/guides/README.md", "# Guides\n\nTwo.\n");
    let run = both.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/guides/_index.md")
            && run.stderr.contains("content/guides/README.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn heading_ids_follow_githubs_rules_so_old_anchors_still_work() {
    let site = TestSite::new()
        .file(
            "content/rules.md",
            "# Rules\n\n## Must avoid: actions & think\n\n## Café (2026) — plans\n\n## Same\n\n## Same\n\n## snake_case and-dashes\n",
        )
        .file(
            "content/index.md",
            &page(
                "Home",
                "[a](rules.md#must-avoid-actions--think) [b](rules.md#café-2026--plans) [c](rules.md#same-1) [d](rules.md#snake_case-and-dashes) [top](rules.md#rules)\n",
            ),
        );
    site.build_ok();
    let rules = site.output("rules/index.html");
    for id in [
        "must-avoid-actions--think",
        "café-2026--plans",
        "same",
        "same-1",
        "snake_case-and-dashes",
        "rules",
    ] {
        assert!(rules.contains(&format!("id=\"{id}\"")), "{id}:\n{rules}");
    }
}

#[test]
fn links_written_from_the_top_of_the_docs_or_the_repository_resolve() {
    let site = TestSite::new()
        .file("content/index.md", &page("Home", "[a](/features/services.md) [b](/content/features/services.md#what-we-offer) [c](/features/)\n"))
        .file("content/features/README.md", "# Features\n")
        .file("content/features/services.md", "# Services\n\n## What we offer\n");
    site.build_ok();
    let home = main_of(&site.output("index.html")).to_string();
    assert!(home.contains("href=\"/features/services/\""), "{home}");
    assert!(
        home.contains("href=\"/features/services/#what-we-offer\""),
        "{home}"
    );
    assert!(home.contains("href=\"/features/\""), "{home}");
}

#[test]
fn kramdown_headings_without_a_space_are_headings() {
    let site = TestSite::new().file(
        "content/strategy.md",
        "---\ntitle: Strategy\n---\n##01 Executive summary\n\nText.\n\n###Aims\n\n#1 priority\n\n#DigitalInclusion week is a hashtag.\n\n```\n##not-a-heading\n```\n",
    );
    site.build_ok();
    let main = main_of(&site.output("strategy/index.html")).to_string();
    assert!(main.contains("<h2 id=\"01-executive-summary\""), "{main}");
    assert!(main.contains("<h3 id=\"aims\""), "{main}");
    assert!(main.contains("<h1 id=\"1-priority\""), "{main}");
    assert!(main.contains("<p>#DigitalInclusion week"), "{main}");
    assert!(main.contains("##not-a-heading"), "{main}");
    assert!(!main.contains("<p>##"), "{main}");
}

#[test]
fn one_finding_in_many_files_is_one_block_and_verbose_lists_every_one() {
    let mut site = TestSite::new();
    for i in 0..50 {
        site = site.file(
            &format!("content/p{i:02}.md"),
            &format!("---\ntitle: Page {i}\nlayout: page\n---\nText.\n"),
        );
    }
    let run = site.build();
    run.assert_ok();
    assert_eq!(
        run.stderr.matches("warning[unknown-key]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "unknown front matter key `layout` in 50 files: content/p00.md:3:1, content/p01.md:3:1, content/p02.md:3:1, … and 47 more"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Jekyll's and Hugo's template") && run.stderr.contains("template:"),
        "{}",
        run.stderr
    );
    let verbose = site.run(&["-v", "build"]);
    assert_eq!(verbose.stderr.matches("warning[unknown-key]").count(), 50);
    let check = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let unknown = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unknown-key")
        .count();
    assert_eq!(unknown, 50, "JSON lists every one");
}

#[test]
fn docusaurus_sidebar_position_orders_pages() {
    let site = TestSite::new()
        .file("content/_index.md", &page("Home", "Home."))
        .file("content/guide/_index.md", &page("Guide", "The guide."))
        .file(
            "content/guide/zeta.md",
            "---\ntitle: Zeta\nsidebar_position: 1\n---\nA.\n",
        )
        .file(
            "content/guide/alpha.md",
            "---\ntitle: Alpha\nsidebar_position: 2.5\n---\nB.\n",
        )
        .file(
            "content/guide/middle.md",
            "---\ntitle: Middle\nsidebar_position: 2\n---\nC.\n",
        )
        .file(
            "content/guide/weighted.md",
            "---\ntitle: Weighted\nweight: 3\nsidebar_position: -1\n---\nD.\n",
        );
    site.build_ok();
    let guide = site.output("guide/index.html");
    let at = |t: &str| {
        guide
            .find(&format!(">{t}<"))
            .unwrap_or_else(|| panic!("{t} not listed"))
    };
    assert!(
        at("Zeta") < at("Middle") && at("Middle") < at("Alpha") && at("Alpha") < at("Weighted"),
        "{guide}"
    );
}

#[test]
fn callouts_from_github_vuepress_and_mkdocs_are_named_in_words() {
    let body = "Intro.\n\n> [!NOTE]\n> Useful to know.\n\n> [!WARNING]\n> Services close at 5pm.\n\n::: tip Custom title\nBook **online**.\n:::\n\n!!! danger \"Take care\"\n    Do not share your password.\n\n    Not even with us.\n\nAfter.\n\n::: details More\nLeft as written.\n:::\n";
    let site = TestSite::new().file("content/help.md", &page("Help", body));
    site.build_ok();
    let main = main_of(&site.output("help/index.html")).to_string();
    for (class, label, text) in [
        ("note", "Note", "Useful to know."),
        ("warning", "Warning", "Services close at 5pm."),
        ("tip", "Custom title", "Book <strong>online</strong>."),
        ("caution", "Take care", "Not even with us."),
    ] {
        let open = format!(
            "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>"
        );
        let at = main
            .find(&open)
            .unwrap_or_else(|| panic!("no {class} callout:\n{main}"));
        let end = main[at..].find("</div>").unwrap() + at;
        assert!(main[at..end].contains(text), "{class}: {text}\n{main}");
    }
    assert!(main.contains("<p>After.</p>"), "{main}");
    assert!(!main.contains("!!!") && !main.contains("[!NOTE]"), "{main}");
    assert!(
        main.contains("<details>\n<summary>More</summary>\n<p>Left as written.</p>\n</details>"),
        "{main}"
    );
    assert!(!main.contains(":::") && !main.contains("<dl>"), "{main}");
    // Welsh pages name them in Welsh.
    let cy = TestSite::new().file(
        "content/cymorth.md",
        "---\ntitle: Cymorth\nlang: cy\n---\n> [!TIP]\n> Archebwch ar-lein.\n",
    );
    cy.build_ok();
    assert!(
        cy.output("cymorth/index.html")
            .contains("<p class=\"callout-title\">Awgrym</p>")
    );
}

#[test]
fn syntax_of_other_tools_left_in_the_text_is_reported_where_it_is() {
    let body = "Intro with {{ site.title }} in it.\n\n{% include note.html content=\"x\" %}\n\n{{< youtube abc >}}\n\nA paragraph.\n{: .note}\n\n:::: tabs\n\n`{% raw %}` in code is fine.\n\n```\n{{ also fine }}\n```\n";
    let site = TestSite::new().file("content/a.md", &page("A", body));
    let run = site.run(&["check"]);
    let report = format!("{}{}", run.stdout, run.stderr);
    for (line, what) in [
        (4, "`{{ site.title }}` is template syntax of another tool"),
        (6, "`{% include note.html content="),
        (8, "`{{< youtube abc >}}` is template syntax"),
        (11, "`{: .note}` is kramdown syntax"),
        (13, "`::: tabs` is syntax Plainly does not read"),
    ] {
        assert!(
            report.contains(&format!("--> content/a.md:{line}:")) && report.contains(what),
            "line {line}: {what}\n{report}"
        );
    }
    assert_eq!(
        report.matches("warning[leftover-template]").count(),
        5,
        "{report}"
    );
}

#[test]
fn kramdown_attribute_lists_comments_and_toc_are_read() {
    let body = "* TOC\n{:toc}\n\n## Our aims {: #aims .lead}\n\nText.\n\n## Funding\n{: #money}\n\nMore.\n\n{::comment}\nInternal: check figures with finance.\n{:/comment}\n\nLast.\n\n```\n{:toc}\n```\n";
    let site = TestSite::new().file("content/plan.md", &page("Plan", body));
    site.build_ok();
    let main = main_of(&site.output("plan/index.html")).to_string();
    assert!(main.contains("<h2 id=\"aims\" class=\"lead\">"), "{main}");
    assert!(main.contains("<h2 id=\"money\">"), "{main}");
    assert!(!main.contains("Internal"), "{main}");
    assert!(!main.contains(">TOC<"), "{main}");
    assert!(main.contains("<code>{:toc}"), "{main}");
    assert!(!main.replace("<code>{:toc}", "").contains("{:"), "{main}");
    // Positions after the changed lines still point at the right line.
    site.write(
        "content/plan.md",
        &page("Plan", &format!("{body}\n[broken](missing.md)\n")),
    );
    site.build()
        .assert_error_at("content/plan.md:26:1", "missing.md");
}

#[test]
fn migrate_builds_old_content_and_lists_what_to_fix() {
    let site = TestSite::new()
        .file("content/index.md", &page("Home", "See [the old plan](old-plan.md) and [gone](/gone/).\n\n![](chart.png)\n\n[](index.md)\n"))
        .file("content/chart.png", "PNG");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.has_output("index.html"));
    let migrated = site.run(&["build", "--migrate"]);
    migrated.assert_ok();
    for code in ["broken-link", "image-alt", "empty-link"] {
        assert!(
            migrated.stderr.contains(&format!("warning[{code}]")),
            "{code}:\n{}",
            migrated.stderr
        );
    }
    let main = main_of(&site.output("index.html")).to_string();
    assert!(
        main.contains("See the old plan and gone."),
        "broken links keep their text only:\n{main}"
    );
    assert!(!main.contains("old-plan.md"), "{main}");
    let check = site.run(&["check", "--migrate"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("warning[broken-link]"),
        "{}",
        check.stdout
    );
    let strict = site.run(&["check"]);
    assert_eq!(strict.code, 1);
}

/// The text of an HTML page outside `code`, `pre`, `script` and `style`, one string per
/// text node.
fn text_nodes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut skip = 0usize;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if skip == 0 && !text.trim().is_empty() {
            out.push(text.trim().to_string());
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = rest[lt + 1..lt + gt].to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(name.as_str(), "code" | "pre" | "script" | "style") {
            if tag.starts_with('/') {
                skip = skip.saturating_sub(1);
            } else {
                skip += 1;
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    out
}

#[test]
fn a_site_moved_from_four_tools_shows_no_source_syntax_as_text() {
    let site = TestSite::new()
        // Jekyll with kramdown.
        .file("content/jekyll/README.md", "---\nlayout: default\npermalink: /strategy/\n---\n# Our strategy\n\n* TOC\n{:toc}\n\n##01 Executive summary\n\nWe will {{ site.council }} help.\n\n## Aims {: #aims}\n\n{::comment}\ndraft note\n{:/comment}\n")
        .file("content/jekyll/02-plan.md", "##02 The plan\n\nSteps.\n")
        // Docusaurus.
        .file("content/docusaurus/intro.md", "---\nsidebar_position: 1\nsidebar_label: Introduction\nid: intro\n---\nWelcome.\n\n:::tip\nUse the library.\n:::\n")
        .file("content/docusaurus/setup.md", "---\nsidebar_position: 2\n---\n# Setting up\n\n> [!WARNING]\n> Back up first.\n")
        // VuePress.
        .file("content/vuepress/README.md", "---\ntitle: Handbook\n---\n::: warning Mind the gap\nText.\n:::\n\n::: details More\nHidden.\n:::\n\nSee [setup](/docusaurus/setup.md).\n")
        // MkDocs.
        .file("content/mkdocs/index.md", "# Guide\n\n!!! note \"Remember\"\n    Save often.\n\n??? tip\n    Collapsed.\n\nDone.\n")
        .file("content/index.md", "# Home\n\n[Strategy](jekyll/README.md)\n");
    let run = site.run(&["build", "--migrate"]);
    run.assert_ok();
    for file in site.output_files() {
        if !file.ends_with(".html") {
            continue;
        }
        let html = site.output(&file);
        for node in text_nodes(main_of(&html)) {
            for bad in ["{:", ":::", "!!!", "???", "{%", "[!NOTE]", "[!WARNING]"] {
                assert!(!node.contains(bad), "{file}: `{bad}` in the text {node:?}");
            }
            // (A heading's own link shows `#`, hidden from screen readers.)
            assert!(
                node == "#" || !node.starts_with('#'),
                "{file}: a heading shown as text: {node:?}"
            );
        }
    }
    assert!(
        site.output("jekyll/index.html")
            .contains("<title>Our strategy")
    );
    assert!(
        site.output("docusaurus/intro/index.html")
            .contains("<title>Introduction")
    );
    // Template tags are shown (never run) and reported.
    let check = site.run(&["check", "--migrate"]);
    assert!(
        check.stdout.contains("{{ site.council }}"),
        "{}",
        check.stdout
    );
}

#[test]
fn null_front_matter_values_are_absent() {
    let site = TestSite::new().file(
        "content/a.md",
        "---\ntitle: null\nsummary: ~\ntags: null\ndate: null\nweight: null\nimage:\n---\n# From the heading\n\nText.\n",
    );
    site.build_ok();
    let html = site.output("a/index.html");
    assert!(html.contains("<title>From the heading"), "{html}");
}

#[test]
fn docusaurus_category_files_name_and_order_folders() {
    let site = TestSite::new()
        .file("content/_index.md", &page("Home", "Home."))
        .file("content/zz-first/a.md", &page("A", "A."))
        .file(
            "content/zz-first/_category_.json",
            "{\n  \"label\": \"Getting started\",\n  \"position\": 1,\n  \"collapsible\": true\n}\n",
        )
        .file("content/aa-second/b.md", &page("B", "B."))
        .file("content/aa-second/_category_.yml", "label: Reference\nposition: 2.5\n");
    site.build_ok();
    let home = site.output("index.html");
    let first = home
        .find("Getting started")
        .expect("the label is the section's title");
    let second = home.find("Reference").expect("yml too");
    assert!(first < second, "position orders the folders:\n{home}");
    assert!(
        site.output("zz-first/index.html")
            .contains("<title>Getting started")
    );
    assert!(
        !site.has_output("zz-first/_category_.json"),
        "not published"
    );

    site.write(
        "content/zz-first/_category_.json",
        "{\n  \"label\": \"Getting started\",\n  \"position\": 1\n",
    );
    let before = site.snapshot("output");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--> content/zz-first/_category_.json:"),
        "{}",
        run.stderr
    );
    assert_eq!(site.snapshot("output"), before);
}

#[test]
fn mdx_files_build_as_markdown_with_their_code_left_out_and_reported() {
    let site = TestSite::new().file(
        "content/guide.mdx",
        "---\ntitle: Guide\n---\nimport Tabs from '@theme/Tabs';\nimport TabItem from \"@theme/TabItem\";\n\n## Apply online\n\n<Tabs>\n<TabItem value=\"web\">Use the website.</TabItem>\n</Tabs>\n\nexport const year = 2026;\n\nText with `import x from 'y'` in code.\n",
    );
    let run = site.build();
    run.assert_ok();
    let main = main_of(&site.output("guide/index.html")).to_string();
    assert!(!main.contains("import Tabs"), "{main}");
    assert!(!main.contains("export const"), "{main}");
    assert!(main.contains("Use the website."), "{main}");
    assert!(!main.to_lowercase().contains("<tabs"), "{main}");
    assert!(main.contains("<code>import x from"), "{main}");
    for line in [4, 5, 13] {
        assert!(
            run.stderr
                .contains(&format!("--> content/guide.mdx:{line}:1")),
            "line {line}:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("warning[mdx]"), "{}", run.stderr);
    assert!(run.stderr.contains("`<tabs>` is removed"), "{}", run.stderr);
}
