//! Themes: the built-in default, a theme on disk, a site's overrides, template errors.

use crate::harness::*;

#[test]
fn the_built_in_theme_is_used_when_the_site_has_no_themes_folder() {
    let site = TestSite::new().file("content/a.md", &page("A", "Text"));
    site.build_ok();
    assert!(!site.root().join("themes").exists());
    let css = site.output("css/plainly.css");
    assert!(
        css.contains(".skip-link"),
        "the default stylesheet is copied"
    );
    assert!(site.output("a/index.html").contains("class=\"skip-link\""));
}

#[test]
fn a_site_template_overrides_the_themes_file_of_the_same_name() {
    let site = TestSite::new()
        .file("content/a.md", &page("A", "Body text"))
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{{ page.content | safe }}{% endblock main %}",
        );
    site.build_ok();
    let html = site.output("a/index.html");
    assert!(html.contains("<p class=\"custom\">A</p>"));
    assert!(
        html.contains("class=\"skip-link\""),
        "still framed by the theme's base.html"
    );
}

#[test]
fn overriding_base_html_reframes_every_page() {
    let site = TestSite::new()
        .file("content/a.md", &page("A", "Text"))
        .file(
            "templates/base.html",
            "<!DOCTYPE html><html lang=\"{{ lang }}\"><head><title>{% block title %}{% endblock title %}</title>{% block meta %}{% endblock meta %}</head>\n<body>{% block breadcrumbs %}{% endblock breadcrumbs %}<main id=\"main\">{% block main %}{% endblock main %}</main><footer>Our own footer</footer></body></html>",
        );
    site.build_ok();
    assert!(site.output("a/index.html").contains("Our own footer"));
    assert!(site.output("index.html").contains("Our own footer"));
}

#[test]
fn a_page_can_choose_another_template() {
    let site = TestSite::new()
        .file(
            "content/a.md",
            "---\ntitle: A\ntemplate: wide.html\n---\nText\n",
        )
        .file(
            "templates/wide.html",
            "WIDE {{ page.title }} {{ site.title }}",
        );
    site.build_ok();
    assert_eq!(site.output("a/index.html"), "WIDE A Test Council");
}

#[test]
fn a_theme_on_disk_is_used_by_name() {
    let site = TestSite::empty()
        .file("site.yaml", &format!("{SITE_YAML}theme: plain\n"))
        .file("content/a.md", &page("A", "Text"))
        .file("themes/plain/templates/base.html", "<html>{% block main %}{% endblock main %}</html>")
        .file("themes/plain/templates/page.html", "{% extends \"base.html\" %}{% block main %}PLAIN {{ page.title }} {{ t(key='hello') }}{% endblock main %}")
        .file("themes/plain/templates/index.html", "home")
        .file("themes/plain/templates/404.html", "missing")
        .file("themes/plain/static/plain.css", "body{}")
        .file("themes/plain/theme.yaml", "strings:\n  en:\n    hello: Hi\n");
    site.build_ok();
    assert_eq!(site.output("a/index.html"), "<html>PLAIN A Hi</html>");
    assert_eq!(site.output("plain.css"), "body{}");
}

#[test]
fn an_unknown_theme_lists_the_ones_there_are() {
    let site = TestSite::empty().file("site.yaml", &format!("{SITE_YAML}theme: fancy\n"));
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("there is no theme named `fancy`"));
    assert!(run.stderr.contains("default"));
}

#[test]
fn site_static_files_win_over_the_themes() {
    let site = TestSite::empty()
        .file("site.yaml", &format!("{SITE_YAML}theme: plain\n"))
        .file("content/_index.md", &page("Home", "Text"))
        .file("themes/plain/templates/index.html", "home")
        .file("themes/plain/templates/404.html", "missing")
        .file("themes/plain/static/logo.svg", "<svg>theme</svg>")
        .file("static/logo.svg", "<svg>ours</svg>")
        .file("static/files/strategy.pdf", "PDF");
    site.build_ok();
    assert_eq!(site.output("logo.svg"), "<svg>ours</svg>");
    assert_eq!(site.output("files/strategy.pdf"), "PDF");
}

#[test]
fn the_stylesheet_is_a_template_a_site_can_override() {
    let site = TestSite::new()
        .file("content/a.md", &page("A", "Text"))
        .file(
            "templates/assets/css/plainly.css",
            "/* ours {{ brand.primary_colour }} */",
        );
    site.build_ok();
    assert_eq!(site.output("css/plainly.css"), "/* ours #1d4f91 */");
}

#[test]
fn a_static_file_may_not_replace_a_generated_one() {
    let site = TestSite::new()
        .file("content/a.md", &page("A", "Text"))
        .file("static/css/plainly.css", "/* ours */");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("static/css/plainly.css would overwrite"),
        "{}",
        run.stderr
    );
}

#[test]
fn values_are_escaped_in_templates() {
    let site = TestSite::new().file(
        "content/a.md",
        "---\ntitle: A\nsummary: \"<script>alert(1)</script>\"\n---\nText\n",
    );
    site.build_ok();
    let html = site.output("a/index.html");
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;"),
        "{html}"
    );
}

#[test]
fn a_base_template_missing_a_block_the_theme_uses_is_a_clear_error() {
    let site = TestSite::new()
        .file("content/a.md", &page("A", "Text"))
        .file(
            "templates/base.html",
            "<html>\n{% block main %}{% endblock main %}</html>",
        );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("Block `title` is not defined in any parent template"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> themes/default/templates/"),
        "{}",
        run.stderr
    );
}
