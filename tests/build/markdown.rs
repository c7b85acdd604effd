//! Markdown features as they reach the page.

use crate::harness::*;

#[test]
fn tables_footnotes_strikethrough_task_lists_and_smart_punctuation() {
    let body = "\
## Progress

| Action | Status |
| --- | --- |
| Appoint a chief digital officer | Done |

Old target: ~~2024~~ 2025.[^source]

- [x] Publish the strategy
- [ ] Review it

\"Digital by choice\" -- not by default.

[^source]: Council report, March 2025.
";
    let site = TestSite::new().file("content/a.md", &page("A", body));
    site.build_ok();
    let html = site.output("a/index.html");
    assert!(html.contains("<th>Action</th>"), "{html}");
    assert!(html.contains("<td>Appoint a chief digital officer</td>"));
    assert!(html.contains("<del>2024</del>"));
    assert!(html.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>"));
    assert!(html.contains("“Digital by choice” – not by default."));
    assert!(html.contains("<li id=\"fn:1\"><p>Council report, March 2025."));
    assert!(html.contains("href=\"#fn:1\" id=\"fnref:1\""));
}

#[test]
fn heading_ids_are_unique_and_explicit_ids_are_kept() {
    let body = "## Actions\n\nText\n\n## Actions\n\nText\n\n## Money matters {#budget}\n";
    let site = TestSite::new().file("content/a.md", &page("A", body));
    site.build_ok();
    let html = site.output("a/index.html");
    assert!(
        html.contains(
            "<h2 id=\"actions\">Actions</h2><a class=\"heading-anchor\" href=\"#actions\">"
        )
    );
    assert!(html.contains(
        "<h2 id=\"actions-1\">Actions</h2><a class=\"heading-anchor\" href=\"#actions-1\">"
    ));
    assert!(html.contains("<h2 id=\"budget\">Money matters</h2><a"));
    // The link to a section sits beside its heading: the heading's name is its text.
    assert!(
        html.contains("<div class=\"heading-with-link\">\n<h2 id=\"budget\">"),
        "{html}"
    );
    assert!(!html.contains("<a class=\"heading-anchor\" href=\"#budget\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to this section: Money matters</span></a></h2>"));
}

#[test]
fn a_long_page_gets_a_nested_table_of_contents() {
    let body = "## One\n\n### One point one\n\n## Two\n\n## Three\n";
    let site = TestSite::new().file("content/a.md", &page("A", body));
    site.build_ok();
    let html = site.output("a/index.html");
    let toc_start = html.find("class=\"toc\"").expect("a table of contents");
    let toc = &html[toc_start..html[toc_start..].find("</nav>").unwrap() + toc_start];
    assert!(toc.contains("<a href=\"#one\">One</a>"));
    assert!(
        toc.contains("<ul>\n        <li><a href=\"#one-point-one\">One point one</a></li>"),
        "{toc}"
    );
    assert!(toc.contains("<a href=\"#three\">Three</a>"));
}

#[test]
fn toc_false_turns_the_contents_list_off() {
    let body = "## One\n\n## Two\n\n## Three\n";
    let site = TestSite::new().file(
        "content/a.md",
        &format!("---\ntitle: A\ntoc: false\n---\n{body}"),
    );
    site.build_ok();
    assert!(!site.output("a/index.html").contains("class=\"toc\""));
}

#[test]
fn raw_html_and_escaped_text_pass_through_safely() {
    let site = TestSite::new().file(
        "content/a.md",
        "---\ntitle: \"Fish & <Chips>\"\n---\n<div class=\"callout\">Note</div>\n\nA < B & C\n",
    );
    site.build_ok();
    let html = site.output("a/index.html");
    assert!(
        html.contains("<h1>Fish &amp; &lt;Chips&gt;</h1>"),
        "titles are escaped"
    );
    assert!(html.contains("<div class=\"callout\">Note</div>"));
    assert!(html.contains("A &lt; B &amp; C"));
}
