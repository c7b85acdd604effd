//! Templates are code, written by the site's trusted authors; still, a mistake in one
//! (an include or extends cycle, a component that calls itself) is an error, never a
//! crash or a hang, and `{{ }}` in content is never evaluated.

use crate::harness::{TestSite, page};

fn site_with_template(name: &str, text: &str) -> TestSite {
    TestSite::new()
        .file("content/index.md", &page("Home", "Hello."))
        .file(&format!("templates/{name}"), text)
}

#[test]
fn template_cycles_and_runaway_components_are_errors() {
    for (files, message) in [
        (
            vec![
                ("index.html", "{% include \"a.html\" %}"),
                ("a.html", "{% include \"a.html\" %}"),
            ],
            "Circular include",
        ),
        (
            vec![("index.html", "{% extends \"index.html\" %}")],
            "Circular extend",
        ),
        (
            vec![
                ("index.html", "{% include \"m.html\" %}{{<Loop n={1}/>}}"),
                (
                    "m.html",
                    "{% component Loop(n) %}<b>{{<Loop n={n}/>}}</b>{% endcomponent Loop %}",
                ),
            ],
            "recursion depth",
        ),
    ] {
        let mut site = site_with_template(files[0].0, files[0].1);
        for (name, text) in &files[1..] {
            site = site.file(&format!("templates/{name}"), text);
        }
        let run = site.build();
        assert_eq!(run.code, 1, "{message}:\n{}", run.stderr);
        assert!(run.stderr.contains(message), "{message}:\n{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(!site.has_output("index.html"));
    }
}

#[test]
fn template_syntax_in_content_is_text() {
    let site = TestSite::new().file(
        "content/index.md",
        "---\ntitle: \"{{ config.base_url }} {% include 'x' %}\"\nsummary: \"{{ 7*7 }}\"\n---\n{{ 7*7 }} {% raw %} {# note #}\n",
    );
    site.build_ok();
    let html = site.output("index.html");
    assert!(html.contains("{{ 7*7 }}"), "{html}");
    assert!(!html.contains("49"), "{html}");
    assert!(html.contains("{% include"), "{html}");
}
