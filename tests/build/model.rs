//! The site model as readers meet it: lists, ordering, breadcrumbs, publications.

use crate::harness::*;

fn positions(html: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            html.find(n)
                .unwrap_or_else(|| panic!("{n} not found in\n{html}"))
        })
        .collect()
}

#[test]
fn section_lists_order_by_weight_then_newest_then_title() {
    let site = TestSite::new()
        .file(
            "content/news/a.md",
            "---\ntitle: Alpha\ndate: 2024-01-01\n---\n",
        )
        .file(
            "content/news/b.md",
            "---\ntitle: Bravo\ndate: 2026-01-01\n---\n",
        )
        .file("content/news/c.md", "---\ntitle: Charlie\nweight: 1\n---\n")
        .file("content/news/d.md", "---\ntitle: Delta\n---\n")
        .file("content/news/e.md", "---\ntitle: Echo\n---\n");
    site.build_ok();
    let html = main_of(&site.output("news/index.html")).to_string();
    let order = positions(
        &html,
        &[">Charlie<", ">Bravo<", ">Alpha<", ">Delta<", ">Echo<"],
    );
    assert!(order.windows(2).all(|w| w[0] < w[1]), "order was {order:?}");
}

#[test]
fn breadcrumbs_follow_the_sections() {
    let site = TestSite::new()
        .file("content/_index.md", &page("Home page", ""))
        .file("content/plans/_index.md", &page("Plans", ""))
        .file(
            "content/plans/digital/_index.md",
            &page("Digital plans", ""),
        )
        .file(
            "content/plans/digital/inclusion.md",
            &page("Inclusion", "Text"),
        );
    site.build_ok();
    let html = site.output("plans/digital/inclusion/index.html");
    let crumbs = &html[html.find("aria-label=\"Breadcrumb\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    let order = positions(
        crumbs,
        &[
            "href=\"/\">Home page<",
            "href=\"/plans/\">Plans<",
            "href=\"/plans/digital/\">Digital plans<",
        ],
    );
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert!(!crumbs.contains("Inclusion"));
}

#[test]
fn a_publication_has_chapters_in_order_with_contents_and_previous_next() {
    let site = TestSite::new()
        .file(
            "content/strategy/_index.md",
            "---\ntitle: Digital Strategy\npublication: true\nowner: Chief Digital Officer\nstatus: adopted\ndate: 2025-04-01\nversion: 1.2\n---\nAbout this strategy.\n",
        )
        .file("content/strategy/03-plan.md", &page("Action plan", "Text"))
        .file("content/strategy/01-vision.md", &page("Vision", "Text"))
        .file("content/strategy/02-inclusion.md", &page("Inclusion", "Text"))
        .file("content/strategy/extra.md", "---\ntitle: Annex\nweight: 1\n---\nText\n");
    site.build_ok();
    let cover = site.output("strategy/index.html");
    let order = positions(
        &cover,
        &[">Annex<", ">Vision<", ">Inclusion<", ">Action plan<"],
    );
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "weight first, then file name"
    );
    assert!(cover.contains("Chief Digital Officer"));
    assert!(cover.contains("<dd>Adopted</dd>"));
    assert!(cover.contains("<time datetime=\"2025-04-01\">1 April 2025</time>"));
    assert!(cover.contains("<dd>1.2</dd>"));

    let vision = site.output("strategy/vision/index.html");
    assert!(vision.contains("rel=\"prev\""));
    assert!(
        vision.contains("href=\"/strategy/extra/\" rel=\"prev\""),
        "{vision}"
    );
    assert!(vision.contains("href=\"/strategy/inclusion/\" rel=\"next\""));
    assert!(vision.contains("<span class=\"pagination-title\">Inclusion</span>"));
    // The current chapter is text in the contents, not a link to itself.
    assert!(
        vision.contains("<span class=\"contents-current\" aria-current=\"page\">Vision</span>"),
        "{vision}"
    );
    assert!(
        !vision.contains("<a href=\"/strategy/vision/\""),
        "{vision}"
    );

    let annex = site.output("strategy/extra/index.html");
    assert!(
        annex.contains("href=\"/strategy/\" rel=\"prev\""),
        "the first chapter goes back to the cover"
    );
    let last = site.output("strategy/plan/index.html");
    assert!(!last.contains("rel=\"next\""));
}

#[test]
fn home_lists_top_level_sections_and_navigation_links_them() {
    let site = TestSite::new()
        .file(
            "content/strategy/_index.md",
            "---\ntitle: Strategy\nweight: 2\n---\n",
        )
        .file(
            "content/partners/_index.md",
            "---\ntitle: Partners\nweight: 1\n---\n",
        )
        .file("content/partners/p.md", &page("P", "Text"))
        .file("content/strategy/s.md", &page("S", "Text"));
    site.build_ok();
    let home = site.output("index.html");
    let nav = &home[home.find("aria-label=\"Main\"").unwrap()..];
    let order = positions(nav, &[">Partners<", ">Strategy<"]);
    assert!(order[0] < order[1]);
    let main = main_of(&home);
    assert!(main.contains("href=\"/partners/\""));
}

#[test]
fn taxonomy_pages_list_terms_and_pages() {
    let site = TestSite::new()
        .file(
            "content/a.md",
            "---\ntitle: Alpha\ntags: [Net Zero, housing]\n---\n",
        )
        .file("content/b.md", "---\ntitle: Bravo\ntags: [net zero]\n---\n");
    site.build_ok();
    let tags = site.output("tags/index.html");
    assert!(tags.contains("href=\"/tags/net-zero/\""));
    assert!(tags.contains("(2)"));
    let term = site.output("tags/net-zero/index.html");
    assert!(term.contains(">Alpha<") && term.contains(">Bravo<"));
    assert!(
        site.output("a/index.html")
            .contains("<a href=\"/tags/housing/\">housing</a>")
    );
}
