//! Links written as source paths become URLs; broken ones fail the build.

use crate::harness::*;

fn linked_site(link_body: &str) -> TestSite {
    TestSite::new()
        .file(
            "content/strategy/_index.md",
            "---\ntitle: Strategy\npublication: true\n---\n",
        )
        .file(
            "content/strategy/01-vision.md",
            &page("Vision", "## Our aims\n\nText\n"),
        )
        .file("content/strategy/02-plan.md", &page("Plan", link_body))
        .file(
            "content/partners/index.md",
            &page("Partners", "## How to join\n\nText\n"),
        )
}

#[test]
fn relative_links_with_anchors_become_urls() {
    let site = linked_site(
        "See [the vision](01-vision.md#our-aims), [partners](../partners/index.md#how-to-join), [the strategy](_index.md) and [top](#steps).\n\n## Steps\n",
    );
    site.build_ok();
    let html = site.output("strategy/plan/index.html");
    assert!(
        html.contains("<a href=\"/strategy/vision/#our-aims\">the vision</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/partners/#how-to-join\">partners</a>"));
    assert!(html.contains("<a href=\"/strategy/\">the strategy</a>"));
    assert!(html.contains("<a href=\"#steps\">top</a>"));
}

#[test]
fn links_honour_a_base_url_sub_path() {
    let site = linked_site("[the vision](01-vision.md)\n");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.github.io/council/\n",
    );
    site.build_ok();
    let html = site.output("strategy/plan/index.html");
    assert!(
        html.contains("href=\"/council/strategy/vision/\""),
        "{html}"
    );
}

#[test]
fn a_link_to_a_missing_page_is_an_error_at_its_line() {
    let site = linked_site("Intro\n\nSee [the vision](01-visoin.md).\n");
    let run = site.build();
    run.assert_error_at(
        "content/strategy/02-plan.md:6:5",
        "link to `01-visoin.md`, but there is no such page",
    );
    assert!(
        run.stderr.contains("did you mean `01-vision.md`?"),
        "{}",
        run.stderr
    );
    // The line is shown, from the file as it was read.
    assert!(
        run.stderr.contains("6 | See [the vision](01-visoin.md)."),
        "{}",
        run.stderr
    );
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error_that_suggests_one() {
    let site = linked_site("See [aims](01-vision.md#our-aim).\n");
    let run = site.build();
    run.assert_error_at(
        "content/strategy/02-plan.md:4:5",
        "`#our-aim`, which is not a heading or anchor on content/strategy/01-vision.md",
    );
    assert!(run.stderr.contains("did you mean `#our-aims`?"));
}

#[test]
fn a_missing_image_is_an_error() {
    let site = linked_site("![A chart of progress](chart.png)\n");
    site.build().assert_error_at(
        "content/strategy/02-plan.md:4:1",
        "image to `chart.png`, but there is no such file",
    );
}

#[test]
fn every_broken_link_of_a_run_is_reported() {
    let site = linked_site("[a](missing-a.md)\n\n[b](missing-b.md)\n")
        .file("content/other.md", &page("Other", "[c](nowhere.md)\n"));
    let run = site.build();
    assert_eq!(run.code, 1);
    for name in ["missing-a.md", "missing-b.md", "nowhere.md"] {
        assert!(
            run.stderr.contains(name),
            "{name} not reported:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("3 errors"));
}

#[test]
fn a_link_to_a_draft_warns_and_keeps_the_text() {
    let site = linked_site("See [the vision](01-vision.md).\n");
    site.write(
        "content/strategy/01-vision.md",
        "---\ntitle: Vision\ndraft: true\n---\nText\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("warning[draft-link]"), "{}", run.stderr);
    let html = site.output("strategy/plan/index.html");
    assert!(html.contains("See the vision."), "{html}");
}

#[test]
fn external_and_root_relative_links() {
    let site = linked_site("[GOV.UK](https://www.gov.uk/) [mail](mailto:a@example.org) [logo](/images/logo.png) [vision page](/strategy/vision/)\n")
        .file("static/images/logo.png", "PNG");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/sub/\n",
    );
    site.build_ok();
    let html = site.output("strategy/plan/index.html");
    assert!(html.contains("href=\"https://www.gov.uk/\""));
    assert!(html.contains("href=\"mailto:a@example.org\""));
    assert!(html.contains("href=\"/sub/images/logo.png\""), "{html}");
    assert!(html.contains("href=\"/sub/strategy/vision/\""));
}

#[test]
fn top_of_page_links_need_no_heading() {
    let site = linked_site(
        "[Back to top](#top), [the top](#), [Top](#TOP) and [the top of the vision](01-vision.md#top).\n",
    );
    site.build_ok();
    let html = site.output("strategy/plan/index.html");
    assert!(html.contains("<a href=\"#top\">Back to top</a>"), "{html}");
    assert!(html.contains("<a href=\"/strategy/vision/#top\">the top of the vision</a>"));
    // Any other missing anchor is still an error.
    site.write(
        "content/strategy/02-plan.md",
        &page("Plan", "[Back to top](#topp)\n"),
    );
    site.build()
        .assert_error_at("content/strategy/02-plan.md:4:1", "#topp");
}
