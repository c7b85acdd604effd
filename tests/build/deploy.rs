//! `deploy.target`: the files each build writes for the host, and `plainly deploy-config`.

use crate::harness::*;

fn site(target: &str) -> TestSite {
    TestSite::empty()
        .file(
            "site.yaml",
            &format!("title: Test Council\nbase_url: https://example.github.io/council/\norganisation:\n  name: Test Council\ndeploy:\n  target: {target}\n"),
        )
        .file("content/_index.md", &page("Home", "Welcome"))
        .file(
            "content/strategy/_index.md",
            "---\ntitle: Strategy\npublication: true\naliases: [/old-strategy/]\n---\nCover.\n",
        )
        .file(
            "content/strategy/01-vision.md",
            "---\ntitle: Ein gweledigaeth\naliases: [/vision/, /2019/gweledigaeth-ŵyr/]\n---\nText.\n",
        )
}

#[test]
fn netlify_gets_headers_and_a_forced_301_for_every_alias_under_the_sub_path() {
    let site = site("netlify");
    site.build_ok();
    let headers = site.output("_headers");
    assert!(headers.starts_with("/council/*\n"), "{headers}");
    for line in [
        "  Content-Security-Policy: default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'\n",
        "  X-Content-Type-Options: nosniff\n",
        "  Referrer-Policy: strict-origin-when-cross-origin\n",
        "  Strict-Transport-Security: max-age=31536000\n",
    ] {
        assert!(headers.contains(line), "{headers}");
    }
    let redirects = site.output("_redirects");
    let mut rules: Vec<&str> = redirects.lines().collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            "/council/2019/gweledigaeth-ŵyr/ /council/strategy/vision/ 301!",
            "/council/old-strategy/ /council/strategy/ 301!",
            "/council/vision/ /council/strategy/vision/ 301!",
        ]
    );
    // The stub pages stay, for hosts that serve the files as they are.
    assert!(site.has_output("vision/index.html"));
    assert!(!site.has_output(".nojekyll"));
}

#[test]
fn github_pages_gets_a_nojekyll_file_and_no_netlify_files() {
    let site = site("github-pages");
    site.build_ok();
    assert!(site.has_output(".nojekyll"));
    assert!(!site.has_output("_headers") && !site.has_output("_redirects"));
    // Without a target, neither.
    let plain = TestSite::new().file("content/_index.md", &page("Home", "Welcome"));
    plain.build_ok();
    assert!(!plain.has_output(".nojekyll") && !plain.has_output("_headers"));
}

#[test]
fn an_unknown_target_is_an_error_at_its_line_naming_the_closest() {
    let site = site("netlfy");
    let run = site.build();
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("site.yaml:6:11"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `netlify`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn deploy_config_prints_or_writes_the_hosts_files_and_never_overwrites() {
    let site = site("github-pages");
    let run = site.run(&["deploy-config", "github-pages"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("# .github/workflows/pages.yml\n"),
        "{}",
        run.stdout
    );
    assert!(
        !site.root().join(".github").exists(),
        "printing writes nothing"
    );
    let run = site.run(&["deploy-config", "github-pages", "--write"]);
    assert_eq!(run.code, 0, "{run:?}");
    let workflow =
        std::fs::read_to_string(site.root().join(".github/workflows/pages.yml")).unwrap();
    assert!(
        workflow.contains("run: plainly check --strict\n"),
        "{workflow}"
    );
    std::fs::write(site.root().join(".github/workflows/pages.yml"), "mine").unwrap();
    let run = site.run(&["deploy-config", "github-pages", "--write"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join(".github/workflows/pages.yml")).unwrap(),
        "mine"
    );
    let run = site.run(&["deploy-config", "netlify", "--write"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(site.root().join("netlify.toml").is_file());
    let run = site.run(&["deploy-config", "nginx"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("github-pages"), "{}", run.stderr);
}
