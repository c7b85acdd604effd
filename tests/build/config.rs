//! `site.yaml`: typed keys, unknown keys, overrides.

use crate::harness::*;

#[test]
fn unknown_config_key_names_the_line_and_the_closest_key() {
    let site = TestSite::empty()
        .file(
            "site.yaml",
            "title: T\nbase_url: https://example.org/\norganisation:\n  nmae: Test Council\n",
        )
        .file("content/a.md", &page("A", "Text"));
    let run = site.build();
    run.assert_error_at("site.yaml:4:3", "unknown key `organisation.nmae`");
    assert!(
        run.stderr.contains("did you mean `name`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("4 |   nmae: Test Council"));
}

#[test]
fn a_bad_base_url_is_an_error_at_its_value() {
    let site = TestSite::empty().file("site.yaml", "title: T\nbase_url: example.org\n");
    site.build().assert_error_at(
        "site.yaml:2:11",
        "base_url: `example.org` is neither a full URL",
    );
}

#[test]
fn missing_site_yaml_says_how_to_fix_it() {
    let site = TestSite::empty().file("content/a.md", "# A\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no site.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("--root"));
}

#[test]
fn organisation_language_and_taxonomies_reach_the_templates() {
    let site = TestSite::empty()
        .file(
            "site.yaml",
            "title: Cyngor\nbase_url: https://example.org/\nlanguage: cy\norganisation:\n  name: Cyngor Sir Enghraifft\n  url: https://council.example/\n  contact_email: help@council.example\ntaxonomies: [wards]\n",
        )
        .file("content/a.md", "---\ntitle: A\nwards: [North Ward]\n---\nText\n");
    site.build_ok();
    let html = site.output("a/index.html");
    assert!(html.contains("<html lang=\"cy\">"));
    assert!(
        html.contains(">Neidio i&#39;r prif gynnwys</a>"),
        "Welsh UI strings:\n{html}"
    );
    assert!(html.contains("<a href=\"https://council.example/\">Cyngor Sir Enghraifft</a>"));
    assert!(html.contains("mailto:help@council.example"));
    assert!(site.has_output("wards/north-ward/index.html"));
}

#[test]
fn output_dir_in_config_and_output_flag() {
    let site = TestSite::empty()
        .file("site.yaml", &format!("{SITE_YAML}output_dir: public\n"))
        .file("content/a.md", &page("A", "Text"));
    site.build_ok();
    assert!(site.root().join("public/a/index.html").exists());
    site.run(&["build", "--output", "elsewhere"]).assert_ok();
    assert!(site.root().join("elsewhere/a/index.html").exists());
}
