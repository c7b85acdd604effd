//! The default theme: brand colours and their contrast, the accessibility statement,
//! publications on a single page, numbered headings, UI strings, and the page frame.

use crate::harness::*;

fn publication() -> TestSite {
    TestSite::new()
        .file(
            "content/strategy/_index.md",
            "---\ntitle: Digital Strategy\npublication: true\nnumbered_headings: true\nowner: Chief Digital Officer\n---\nIntro text.\n\n## How to read this\n\nSee [the plan](02-plan.md#actions).\n",
        )
        .file(
            "content/strategy/01-vision.md",
            &page("Vision", "## Aims\n\nText[^1] and [actions](02-plan.md#actions) and [aims](#aims).\n\n### Detail\n\nMore.\n\n[^1]: A note.\n"),
        )
        .file("content/strategy/02-plan.md", &page("Plan", "## Actions\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"))
}

#[test]
fn a_brand_colour_below_the_contrast_the_theme_needs_fails_with_the_ratio_and_a_fix() {
    let site = TestSite::new().file("content/a.md", &page("A", "Text"));
    site.build_ok();
    let before = site.snapshot("output");
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}brand:\n  primary_colour: \"#7fb2e5\"\n"),
    );
    let run = site.build();
    run.assert_error_at(
        "site.yaml:6:19",
        "brand.primary_colour #7fb2e5 gives a contrast of 2.",
    );
    assert!(run.stderr.contains("against #ffffff (white text on the header, and links on white); at least 4.5:1 is needed"), "{}", run.stderr);
    assert_eq!(before, site.snapshot("output"));
    // The suggested shade passes.
    let help = run
        .stderr
        .lines()
        .find(|l| l.contains("nearest shade"))
        .unwrap();
    let suggested = &help[help.find('#').unwrap()..help.find('#').unwrap() + 7];
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}brand:\n  primary_colour: \"{suggested}\"\n"),
    );
    site.build_ok();
    assert!(
        site.output("css/plainly.css")
            .contains(&format!("--primary: {suggested};"))
    );
}

#[test]
fn a_brand_colour_that_is_not_a_colour_is_an_error() {
    let site = TestSite::new().file(
        "site.yaml",
        &format!("{SITE_YAML}brand:\n  accent_colour: teal\n"),
    );
    site.build().assert_error_at(
        "site.yaml:6:18",
        "brand.accent_colour: `teal` is not a colour",
    );
}

#[test]
fn brand_colours_reach_the_stylesheet() {
    let site = TestSite::new()
        .file("content/a.md", &page("A", "Text"))
        .file(
            "site.yaml",
            &format!(
                "{SITE_YAML}brand:\n  primary_colour: \"#0b0c0c\"\n  accent_colour: \"#00703C\"\n"
            ),
        );
    site.build_ok();
    let css = site.output("css/plainly.css");
    assert!(css.contains("--primary: #0b0c0c;"));
    assert!(css.contains("--accent: #00703c;"));
    assert!(!css.contains("{{"), "the template is rendered");
}

#[test]
fn the_accessibility_statement_follows_the_model_and_is_linked_from_every_page() {
    let site = publication().file(
        "site.yaml",
        &format!(
            "{SITE_YAML}accessibility:\n  compliance: partial\n  known_issues:\n    - description: Some maps have no text alternative.\n      criteria: [\"1.1.1\", \"1.4.5\"]\n      fix_by: 2027-01-31\n  accessible_formats:\n    email: access@example.org\n    response_days: 10\n  prepared: 2026-01-05\n  last_reviewed: 2026-06-01\n"
        ),
    );
    site.build_ok();
    let statement = site.output("accessibility/index.html");
    let headings = [
        "<h1>Accessibility statement for Test Council</h1>",
        ">Using this website</h2>",
        ">How accessible this website is</h2>",
        ">Feedback and contact information</h2>",
        ">Reporting accessibility problems with this website</h2>",
        ">Enforcement procedure</h2>",
        ">Technical information about this website&#39;s accessibility</h2>",
        ">Compliance status</h3>",
        ">Non-accessible content</h2>",
        ">Non-compliance with the accessibility regulations</h3>",
        ">Preparation of this accessibility statement</h2>",
    ];
    let mut at = 0;
    for h in headings {
        let i = statement[at..]
            .find(h)
            .unwrap_or_else(|| panic!("{h} missing or out of order:\n{statement}"));
        at += i;
    }
    assert!(statement.contains("partially compliant"));
    assert!(statement.contains("<p>Some maps have no text alternative. This fails WCAG 2.2 success criteria:</p>\n<ul>\n  <li>1.1.1 Non-text Content</li>\n  <li>1.4.5 Images of Text</li>\n</ul>\n<p>We plan to fix this by 31 January 2027.</p>"), "{statement}");
    assert!(statement.contains("mailto:access@example.org"));
    assert!(statement.contains("10 working days"));
    assert!(statement.contains(
        "This statement was prepared on 5 January 2026. It was last reviewed on 1 June 2026."
    ));
    for file in [
        "index.html",
        "strategy/index.html",
        "strategy/vision/index.html",
        "404.html",
    ] {
        assert!(
            site.output(file)
                .contains("<a href=\"/accessibility/\">Accessibility statement</a>"),
            "{file}"
        );
    }
}

#[test]
fn without_an_accessibility_block_there_is_no_statement_or_link() {
    let site = TestSite::new().file("content/a.md", &page("A", "Text"));
    site.build_ok();
    assert!(!site.has_output("accessibility/index.html"));
    assert!(!site.output("a/index.html").contains("/accessibility/"));
}

#[test]
fn the_footer_links_contact_and_licence() {
    let site = TestSite::new().file("content/a.md", &page("A", "Text")).file(
        "site.yaml",
        &format!("{SITE_YAML}  contact_email: help@example.org\nlicence:\n  name: Open Government Licence v3.0\n  url: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\n"),
    );
    site.build_ok();
    let html = site.output("index.html");
    assert!(html.contains("<a href=\"mailto:help@example.org\">Contact us"));
    assert!(html.contains("<a rel=\"license\" href=\"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\">Open Government Licence v3.0</a>"), "{html}");
}

#[test]
fn every_publication_has_a_single_page_view_with_chapters_in_order() {
    let site = publication();
    site.build_ok();
    let cover = site.output("strategy/index.html");
    assert!(cover.contains(
        "<a href=\"/strategy/single-page/\">Print this document or save it as a PDF (all chapters on one page)</a>"
    ));
    assert!(
        site.output("strategy/vision/index.html")
            .contains("href=\"/strategy/single-page/\"")
    );
    let single = site.output("strategy/single-page/index.html");
    let main = main_of(&single);
    assert_eq!(main.matches("<h1").count(), 1);
    let vision = main.find("<h2 id=\"chapter-1\">").expect("chapter 1");
    let plan = main.find("<h2 id=\"chapter-2\">").expect("chapter 2");
    assert!(vision < plan);
    // Chapter headings move down a level and get a chapter prefix; ids stay unique.
    assert!(
        main.contains("<h3 id=\"c1-aims\"><span class=\"heading-number\">1.1</span> Aims"),
        "{main}"
    );
    assert!(
        main.contains("<h4 id=\"c1-detail\"><span class=\"heading-number\">1.1.1</span> Detail")
    );
    assert!(main.contains("<h3 id=\"c2-actions\">"));
    // Links between chapters stay on the page.
    assert!(main.contains("<a href=\"#c2-actions\">actions</a>"));
    assert!(main.contains("<a href=\"#c1-aims\">aims</a>"));
    assert!(
        main.contains("<a href=\"#c2-actions\">the plan</a>"),
        "links from the cover too"
    );
    assert!(main.contains("id=\"c1-fn:1\""));
    let ids: Vec<&str> = main
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "duplicate ids on the single page: {ids:?}"
    );
}

#[test]
fn numbered_headings_number_the_page_and_its_contents_list() {
    let site = publication().file(
        "content/strategy/03-more.md",
        "---\ntitle: More\n---\n## One\n\n### One one\n\n## Two\n\n## Three\n",
    );
    site.build_ok();
    let html = site.output("strategy/more/index.html");
    assert!(
        html.contains("<h2 id=\"one\"><span class=\"heading-number\">3.1</span> One"),
        "{html}"
    );
    assert!(html.contains("<span class=\"heading-number\">3.1.1</span> One one"));
    assert!(
        html.contains("<a href=\"#two\"><span class=\"heading-number\">3.2</span> Two</a>"),
        "the contents list has the same numbers"
    );
    // A page may turn numbering off.
    site.write(
        "content/strategy/03-more.md",
        "---\ntitle: More\nnumbered_headings: false\n---\n## One\n",
    );
    site.build_ok();
    assert!(
        !site
            .output("strategy/more/index.html")
            .contains("heading-number")
    );
}

#[test]
fn heading_links_are_labelled_for_screen_readers() {
    let site = publication();
    site.build_ok();
    let html = site.output("strategy/plan/index.html");
    assert!(html.contains("<a class=\"heading-anchor\" href=\"#actions\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to this section: 2.1 Actions</span></a>"), "{html}");
}

#[test]
fn the_contents_list_appears_from_a_configurable_number_of_headings() {
    let body = "## One\n\n## Two\n";
    let site = TestSite::new().file("content/a.md", &page("A", body));
    site.build_ok();
    assert!(!site.output("a/index.html").contains("class=\"toc\""));
    site.write("site.yaml", &format!("{SITE_YAML}toc_min_headings: 2\n"));
    site.build_ok();
    assert!(site.output("a/index.html").contains("class=\"toc\""));
}

#[test]
fn welsh_pages_get_welsh_words_and_a_site_can_change_any_string() {
    let site = TestSite::new()
        .file(
            "content/cy.md",
            "---\ntitle: Strategaeth\nlang: cy\n---\nTestun.[^1]\n\n[^1]: Nodyn.\n",
        )
        .file("content/en.md", &page("Strategy", "Text"))
        .file(
            "site.yaml",
            &format!("{SITE_YAML}strings:\n  en:\n    skip_link: Jump to the content\n"),
        );
    site.build_ok();
    let cy = site.output("cy/index.html");
    assert!(cy.contains("<html lang=\"cy\">"));
    assert!(cy.contains("Neidio i&#39;r prif gynnwys"));
    assert!(
        cy.contains(">Troednodiadau</h2>"),
        "footnotes heading in Welsh"
    );
    assert!(cy.contains("Yn ôl i gyfeirnod 1"));
    let en = site.output("en/index.html");
    assert!(en.contains(">Jump to the content</a>"));
}

#[test]
fn a_site_string_the_theme_does_not_have_is_a_warning() {
    let site = TestSite::new().file(
        "site.yaml",
        &format!("{SITE_YAML}strings:\n  en:\n    skip_lnk: Jump\n"),
    );
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr
            .contains("warning[unknown-key]: the theme has no UI string `skip_lnk`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> site.yaml:7:5"));
    assert!(run.stderr.contains("did you mean `skip_link`?"));
}

#[test]
fn a_page_in_another_language_keeps_its_lang_where_it_is_listed_and_linked() {
    let site = TestSite::new()
        .file("content/_index.md", &page("Home", "Welcome."))
        .file("content/news/_index.md", &page("News", "The news."))
        .file(
            "content/news/croeso.md",
            "---\ntitle: Croeso i'n strategaeth\nsummary: Ein cynllun digidol.\nlang: cy\n---\nTestun.\n",
        )
        .file("content/news/hello.md", &page("Hello", "Text."));
    site.build_ok();
    let news = site.output("news/index.html");
    assert!(
        news.contains("lang=\"cy\">Croeso i&#39;n strategaeth</a>"),
        "{news}"
    );
    assert!(
        news.contains("<p lang=\"cy\">Ein cynllun digidol.</p>"),
        "{news}"
    );
    assert!(
        !news.contains("lang=\"en\">Hello"),
        "same-language titles get no lang:\n{news}"
    );
    // A Welsh page's breadcrumbs name English sections in English.
    let croeso = site.output("news/croeso/index.html");
    assert!(croeso.contains("<html lang=\"cy\""), "{croeso}");
    assert!(croeso.contains("lang=\"en\">News</a>"), "{croeso}");
}

#[test]
fn a_chapter_reads_contents_first_marks_where_the_reader_is_and_links_the_cover_once() {
    let site = publication()
        .file("content/_index.md", &page("Home", "Welcome."))
        .file("content/news/_index.md", &page("News", "The news."));
    site.build_ok();
    let vision = site.output("strategy/vision/index.html");
    let main = main_of(&vision);
    // Contents, then the chapter's own text.
    let contents = main.find("class=\"publication-contents\"").unwrap();
    let body = main.find("<div class=\"content\">").unwrap();
    assert!(contents < body, "{main}");
    // Between the site's header (with the main navigation) and the h1, the cover is
    // linked once (in the breadcrumbs), not again as the publication's name.
    let header_end = vision.find("</header>").unwrap();
    let h1 = vision.find("<h1>").unwrap();
    assert_eq!(
        vision[header_end..h1]
            .matches("href=\"/strategy/\"")
            .count(),
        1,
        "{vision}"
    );
    assert!(main.contains("<p class=\"publication-title\">Digital Strategy</p>"));
    // The main navigation marks the section the reader is in, and its front page.
    assert!(
        vision.contains("<a href=\"/strategy/\" aria-current=\"true\">Digital Strategy</a>"),
        "{vision}"
    );
    assert!(
        !vision.contains("<a href=\"/news/\" aria-current"),
        "{vision}"
    );
    let cover = site.output("strategy/index.html");
    assert!(cover.contains("<a href=\"/strategy/\" aria-current=\"page\">Digital Strategy</a>"));
    // A print link on every chapter and the cover.
    for html in [&vision, &cover] {
        assert!(html.contains("<a href=\"/strategy/single-page/\">Print this document"));
    }
}

#[test]
fn the_site_name_reads_once_and_the_site_has_an_icon() {
    let site = TestSite::new().file("content/a.md", &page("A", "Text"));
    site.build_ok();
    let html = site.output("index.html");
    let brand = &html[html.find("class=\"site-brand\"").unwrap()..];
    let brand = &brand[..brand.find("</a>").unwrap()];
    assert!(
        brand.ends_with("<span class=\"site-title\">Test Council</span>\n    "),
        "{brand}"
    );
    assert_eq!(brand.matches("Test Council").count(), 1, "{brand}");
    // The theme's icon, in the brand colour, so that no browser asks for a missing one.
    assert!(html.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"));
    assert!(site.output("favicon.svg").contains("fill=\"#1d4f91\""));

    site.write(
        "site.yaml",
        &format!(
            "{SITE_YAML}  logo: /logo.png\n  logo_alt: Test Council logo\n  favicon: /icon.png\n"
        ),
    );
    site.write("static/logo.png", "png");
    site.write("static/icon.png", "png");
    site.build_ok();
    let html = site.output("index.html");
    assert!(html.contains("<img class=\"site-logo\" src=\"/logo.png\" alt=\"Test Council logo\"><span class=\"site-title\">Test Council</span>"), "{html}");
    assert!(
        html.contains("<link rel=\"icon\" href=\"/icon.png\">"),
        "{html}"
    );
}

#[test]
fn the_single_page_view_keeps_every_heading_level_and_each_chapters_language() {
    let site = TestSite::new()
        .file(
            "content/strategy/_index.md",
            "---\ntitle: Strategy\npublication: true\n---\nIntro.\n",
        )
        .file(
            "content/strategy/01-deep.md",
            &page(
                "Deep",
                "## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\nText.\n",
            ),
        )
        .file(
            "content/strategy/02-cymraeg.md",
            "---\ntitle: Pennod Gymraeg\nlang: cy\n---\n## Cyflwyniad\n\nTestun.\n",
        );
    site.build_ok();
    let single = site.output("strategy/single-page/index.html");
    assert!(single.contains(">Five</h6>"), "{single}");
    assert!(
        single.contains("role=\"heading\" aria-level=\"7\">Six</div>"),
        "{single}"
    );
    assert!(!single.contains(">Six</h6>"), "{single}");
    assert!(
        single.contains("<a href=\"#chapter-2\" lang=\"cy\">Pennod Gymraeg</a>"),
        "{single}"
    );
    assert!(
        single.contains("aria-labelledby=\"chapter-2\" lang=\"cy\">"),
        "{single}"
    );
    // On its own page the chapter keeps its levels as written.
    let deep = site.output("strategy/deep/index.html");
    assert!(deep.contains(">Six</h6>"), "{deep}");
    // The Welsh chapter's title keeps its language in the English cover's contents.
    let cover = site.output("strategy/index.html");
    assert!(cover.contains("lang=\"cy\">Pennod Gymraeg</a>"), "{cover}");
}

#[test]
fn tables_have_captions_and_only_wide_ones_are_tab_stops() {
    let wide = "| Commitment | Lead organisation | Measure of success | Deadline |\n|---|---|---|---|\n| Broadband | Council | Coverage | 2027 |\n";
    let site = TestSite::new().file(
        "content/a.md",
        &page(
            "A",
            &format!("## Who leads\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nTable: Actions by partner\n\n{wide}\nhttps://youtu.be/abc123\n"),
        ),
    );
    site.build_ok();
    let html = site.output("a/index.html");
    assert!(html.contains("<div class=\"table-wrap table-fits\">\n<table><caption id=\"table-1-caption\">Table 1: Who leads</caption>"), "{html}");
    assert!(html.contains("role=\"region\" tabindex=\"0\" aria-labelledby=\"table-2-caption\">\n<table><caption id=\"table-2-caption\">Table 2: Actions by partner</caption>"), "{html}");
    assert!(html.contains("<p class=\"video-link\"><a href=\"https://youtu.be/abc123\">Watch the video on YouTube</a></p>"), "{html}");
    // Printed, the page says once where it is online.
    assert_eq!(html.matches("class=\"print-only print-source\"").count(), 1);
    assert!(
        html.contains("Online at https://example.org/a/</p>"),
        "{html}"
    );
}

/// An accessibility statement with every part of the UK's model statement filled in.
const FULL_STATEMENT: &str = "accessibility:
  compliance: partial
  known_issues:
    - description: Some maps have no text alternative.
      effect: People using a screen reader cannot find out what the maps show.
      criteria: [\"1.1.1\"]
      fix_by: 2027-01-31
    - description: The survey form forgets what you typed after 20 minutes.
      effect: People who type slowly have to start again.
      criteria: [\"2.2.1\", \"4.1.2\"]
  disproportionate_burden:
    - Our room booking tool cannot be used with a keyboard alone. Replacing it before its contract ends in 2027 would be a disproportionate burden.
  outside_scope:
    - Minutes published as PDF files before 23 September 2018.
  accessible_formats:
    email: access@example.org
    phone: 01632 960 400
    text_relay: true
    bsl: https://bsl.example.org/council
    in_person: |
      Town Hall, High Street, Testbury TB1 1AA
      Monday to Friday, 9am to 5pm
    response_days: 10
  report_problem:
    email: problems@example.org
  improvements:
    - We are replacing the maps with ones that have text descriptions.
  roadmap_url: /roadmap/
  prepared: 2026-01-05
  last_reviewed: 2026-06-01
  last_tested: 2026-05-20
  tested_by: the council's digital team
  test_sampling: We tested a sample of 28 pages chosen to cover every template and every kind of content.
";

/// The levels of the headings between `<main` and `</main>`, in order.
fn heading_levels(html: &str) -> Vec<u8> {
    main_of(html)
        .match_indices("<h")
        .filter_map(|(i, _)| {
            let level = main_of(html)[i + 2..].bytes().next()?;
            (b'1'..=b'6').contains(&level).then_some(level - b'0')
        })
        .collect()
}

#[test]
fn the_accessibility_statement_has_every_part_of_the_model_statement_in_its_order() {
    let site = TestSite::new()
        .file("content/a.md", &page("A", "Text"))
        .file("site.yaml", &format!("{SITE_YAML}{FULL_STATEMENT}"));
    site.build_ok();
    let statement = site.output("accessibility/index.html");
    let headings = [
        "<h1>Accessibility statement for Test Council</h1>",
        ">Using this website</h2>",
        ">How accessible this website is</h2>",
        ">Feedback and contact information</h2>",
        ">Reporting accessibility problems with this website</h2>",
        ">Enforcement procedure</h2>",
        ">Contacting us by phone or visiting us in person</h2>",
        ">Technical information about this website&#39;s accessibility</h2>",
        ">Compliance status</h3>",
        ">Non-accessible content</h2>",
        ">Non-compliance with the accessibility regulations</h3>",
        ">Disproportionate burden</h3>",
        ">Content that&#39;s not within the scope of the accessibility regulations</h3>",
        ">What we&#39;re doing to improve accessibility</h2>",
        ">Preparation of this accessibility statement</h2>",
    ];
    let mut at = 0;
    for h in headings {
        let i = statement[at..]
            .find(h)
            .unwrap_or_else(|| panic!("{h} missing or out of order:\n{statement}"));
        at += i;
    }
    // Using this website: partially compliant, so "most of" where the model hedges.
    assert!(statement.contains(
        "<li>navigate most of the website using just a keyboard or speech recognition software</li>"
    ));
    assert!(statement.contains("<li>listen to most of the website using a screen reader"));
    assert!(
        statement
            .contains("We&#39;ve also made the website text as simple as possible to understand.")
    );
    // Each known issue: what it is, its effect, each criterion's number and name, the date.
    assert!(statement.contains("<li>Some maps have no text alternative.</li>"));
    assert!(statement.contains("<p>Some maps have no text alternative. People using a screen reader cannot find out what the maps show. This fails WCAG 2.2 success criterion 1.1.1 Non-text Content. We plan to fix this by 31 January 2027.</p>"), "{statement}");
    assert!(statement.contains("<p>The survey form forgets what you typed after 20 minutes. People who type slowly have to start again. This fails WCAG 2.2 success criteria:</p>\n<ul>\n  <li>2.2.1 Timing Adjustable</li>\n  <li>4.1.2 Name, Role, Value</li>\n</ul>"), "{statement}");
    assert!(!statement.contains("<span lang="), "the page is in English");
    // Feedback, reporting, and calling or visiting.
    assert!(statement.contains("<a href=\"tel:01632960400\">01632 960 400</a>"));
    assert!(statement.contains("get back to you in 10 working days"));
    assert!(statement.contains("<a href=\"mailto:problems@example.org\">"));
    assert!(statement.contains("<p>We provide a text relay service for people who are D/deaf, hearing impaired or have a speech impediment.</p>\n<p>Text relay: dial 18001 then 01632 960 400.</p>"), "{statement}");
    assert!(statement.contains("<p>If you use British Sign Language (BSL), you can contact us through a video relay service.</p>\n<p><a href=\"https://bsl.example.org/council\">Contact us in BSL through the video relay service</a></p>"), "{statement}");
    assert!(statement.contains("<p>You can visit us at:</p>\n<p>Town Hall, High Street, Testbury TB1 1AA<br>Monday to Friday, 9am to 5pm</p>"), "{statement}");
    // Disproportionate burden, content out of scope, the roadmap.
    assert!(statement.contains("<p>Our room booking tool cannot be used with a keyboard alone. Replacing it before its contract ends in 2027 would be a disproportionate burden.</p>"));
    assert!(statement.contains("<p>Minutes published as PDF files before 23 September 2018.</p>"));
    assert!(statement.contains("<p>Our <a href=\"/roadmap/\">accessibility roadmap</a> shows how and when we plan to improve accessibility on this website.</p>"), "{statement}");
    // How the website was tested: when, by whom, and how the pages were chosen.
    assert!(statement.contains(
        "<p>This statement was prepared on 5 January 2026. It was last reviewed on 1 June 2026.</p>"
    ));
    assert!(statement.contains("<p>This website was last tested on 20 May 2026. The test was carried out by the council&#39;s digital team.</p>"), "{statement}");
    assert!(statement.contains("<p>We tested a sample of 28 pages chosen to cover every template and every kind of content.</p>"));
    // One h1, no skipped heading levels, no inline styles or scripts.
    let levels = heading_levels(&statement);
    assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "{levels:?}");
    assert!(
        levels.windows(2).all(|w| w[1] <= w[0] + 1),
        "a heading level is skipped: {levels:?}"
    );
    assert!(!statement.contains("style="));
    assert!(!statement.contains("<script"));

    // Fully compliant, with only an email address: no hedging, and no part left empty.
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}accessibility:\n  compliance: full\n  accessible_formats:\n    url: https://example.org/contact/\n"),
    );
    site.build_ok();
    let statement = site.output("accessibility/index.html");
    assert!(statement.contains(
        "<li>navigate the website using just a keyboard or speech recognition software</li>"
    ));
    assert!(!statement.contains("most of the website"));
    assert!(statement.contains("We believe every part of this website is accessible."));
    for absent in [
        "Contacting us by phone",
        "Non-accessible content",
        "Disproportionate burden",
        "What we&#39;re doing",
        "Preparation of this accessibility statement",
        "Email:",
    ] {
        assert!(!statement.contains(absent), "{absent}:\n{statement}");
    }
    let main = main_of(&statement).replace([' ', '\n'], "");
    assert!(
        !main.contains("<ul></ul>") && !main.contains("<p></p>"),
        "{statement}"
    );
}

#[test]
fn a_known_issue_citing_a_number_that_is_not_a_wcag_criterion_is_an_error_at_it() {
    let site = TestSite::new().file("content/a.md", &page("A", "Text"));
    site.build_ok();
    let before = site.snapshot("output");
    site.write(
        "site.yaml",
        &format!(
            "{SITE_YAML}accessibility:\n  known_issues:\n    - description: Maps have no text alternative.\n      criteria: [\"1.1.1\", \"1.4.99\"]\n    - description: Forms forget what you typed.\n      criteria:\n        - \"3.3.7\"\n        - 9.9.9\n  accessible_formats:\n    email: a@example.org\n"
        ),
    );
    let run = site.build();
    run.assert_error_at(
        "site.yaml:8:27",
        "accessibility.known_issues.0.criteria: `1.4.99` is not a WCAG 2.2 success criterion",
    );
    assert!(
        run.stderr
            .contains("guideline 1.4 has success criteria 1.4.1 to 1.4.13"),
        "{}",
        run.stderr
    );
    run.assert_error_at(
        "site.yaml:12:11",
        "accessibility.known_issues.1.criteria: `9.9.9` is not a WCAG 2.2 success criterion",
    );
    assert!(!run.stderr.contains("`1.1.1`") && !run.stderr.contains("`3.3.7`"));
    assert_eq!(before, site.snapshot("output"), "output/ is untouched");
}

#[test]
fn text_relay_without_a_phone_number_and_an_unsafe_bsl_address_are_errors() {
    let site = TestSite::new().file(
        "site.yaml",
        &format!(
            "{SITE_YAML}accessibility:\n  accessible_formats:\n    email: a@example.org\n    text_relay: true\n    bsl: \"javascript:alert(1)\"\n"
        ),
    );
    let run = site.build();
    run.assert_error_at(
        "site.yaml:8:17",
        "accessibility.accessible_formats.text_relay: text relay needs a phone number to dial after 18001",
    );
    run.assert_error_at(
        "site.yaml:9:10",
        "accessibility.accessible_formats.bsl: `javascript:` addresses are not published",
    );
    assert!(!site.has_output("accessibility/index.html"));
}

#[test]
fn a_welsh_statement_has_welsh_words_and_names_criteria_in_english() {
    let site = TestSite::new()
        .file("content/a.md", &page("Hafan", "Croeso."))
        .file(
            "site.yaml",
            &format!(
                "{SITE_YAML}language: cy\naccessibility:\n  known_issues:\n    - description: Mae rhai lliwiau yn rhy olau.\n      effect: Mae'n anodd darllen y testun.\n      criteria: [\"1.4.3\"]\n      fix_by: 2026-12-31\n  accessible_formats:\n    email: hygyrch@example.org\n    phone: 01632 960 400\n    text_relay: true\n    in_person: Neuadd y Dref, Stryd Fawr\n  roadmap_url: https://example.org/cynllun/\n  prepared: 2026-01-05\n"
            ),
        );
    site.build_ok();
    let statement = site.output("accessibility/index.html");
    assert!(statement.contains("<html lang=\"cy\">"));
    assert!(statement.contains("<h1>Datganiad hygyrchedd ar gyfer Test Council</h1>"));
    for words in [
        ">Defnyddio&#39;r wefan hon</h2>",
        "<li>llywio&#39;r rhan fwyaf o&#39;r wefan gan ddefnyddio bysellfwrdd yn unig",
        ">Cysylltu â ni dros y ffôn neu ymweld â ni wyneb yn wyneb</h2>",
        "<p>Cyfnewid testun: deialwch 18001 ac yna 01632 960 400.</p>",
        "<p>Gallwch ymweld â ni yma:</p>\n<p>Neuadd y Dref, Stryd Fawr</p>",
        ">Peidio â chydymffurfio â&#39;r rheoliadau hygyrchedd</h3>",
        "Mae&#39;n anodd darllen y testun. Mae hyn yn methu maen prawf llwyddiant WCAG 2.2 1.4.3 <span lang=\"en\">Contrast (Minimum)</span>. Rydym yn bwriadu datrys hyn erbyn 31 Rhagfyr 2026.</p>",
        "<p>Mae ein <a href=\"https://example.org/cynllun/\">cynllun gwella hygyrchedd</a> yn dangos sut a phryd",
        "<p>Paratowyd y datganiad hwn ar 5 Ionawr 2026.</p>",
    ] {
        assert!(statement.contains(words), "{words}:\n{statement}");
    }
    assert!(!statement.contains("most of the website"));
}

#[test]
fn printed_pages_give_link_addresses_in_full_and_their_own_address_once() {
    let site = TestSite::new()
        .file(
            "site.yaml",
            "title: Test Council\nbase_url: https://example.org/council/digital/\norganisation:\n  name: Test Council\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2026-01-05\nupdated: 2026-02-10\n---\nSee [b](b.md).\n",
        )
        .file("content/b.md", "---\ntitle: B\ndate: 2026-01-05\n---\nText.\n");
    site.build_ok();
    let css = site.output("css/plainly.css");
    let print = &css[css.find("@media print").unwrap()..];
    // Links within the site are written from the root (`/council/digital/b/`): printed,
    // the site's origin goes before them.
    assert!(
        print.contains(".content a[href^=\"/\"]::after {\n    content: \" (https://example.org\" attr(href) \")\";"),
        "{print}"
    );
    assert!(
        print.contains(".table-wrap,\n  .table-fits {\n    overflow: visible;"),
        "{print}"
    );
    let a = site.output("a/index.html");
    assert_eq!(a.matches("print-source").count(), 1);
    assert!(a.contains("<p class=\"print-only print-source\">Online at https://example.org/council/digital/a/. Last updated <time datetime=\"2026-02-10\">10 February 2026</time></p>"), "{a}");
    let b = site.output("b/index.html");
    assert!(b.contains("Online at https://example.org/council/digital/b/. Published <time datetime=\"2026-01-05\">"), "{b}");
}
