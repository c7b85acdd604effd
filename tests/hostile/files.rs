//! Reading only the site: links out of it, special files, hidden files and secrets.

use std::os::unix::fs::symlink;

use crate::harness::{TestSite, page};

/// A folder outside the site, holding what a build machine keeps: a key and a token.
fn machine_secrets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("token.md"),
        "---\ntitle: Token\n---\nTOKEN-12345\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("deploy.txt"), "TOKEN-12345").unwrap();
    dir
}

fn built_site() -> TestSite {
    let site = TestSite::new().file("content/index.md", &page("Home", "Hello."));
    site.build_ok();
    site
}

fn assert_no_secret_published(site: &TestSite) {
    for (rel, bytes) in site.snapshot("output") {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOKEN-12345"),
            "output/{rel} holds the secret"
        );
    }
}

#[test]
fn a_page_linked_from_outside_the_site_is_an_error_naming_link_and_target() {
    let outside = machine_secrets();
    let site = built_site();
    let before = site.snapshot("output");
    symlink(
        outside.path().join("token.md"),
        site.root().join("content/linked.md"),
    )
    .unwrap();
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--> content/linked.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("outside the site folder"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&outside.path().join("token.md").display().to_string()),
        "the message names the target:\n{}",
        run.stderr
    );
    assert_eq!(
        site.snapshot("output"),
        before,
        "a failed build leaves output/ alone"
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
}

#[test]
fn a_static_folder_linked_from_outside_publishes_nothing_of_it() {
    let outside = machine_secrets();
    let site = built_site();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(outside.path(), site.root().join("static/outside")).unwrap();
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--> static/outside"), "{}", run.stderr);
    assert!(!site.has_output("outside/deploy.txt"));
    assert_no_secret_published(&site);
}

#[test]
fn dangling_and_looping_links_are_errors() {
    let site = built_site();
    symlink("nowhere.md", site.root().join("content/gone.md")).unwrap();
    std::fs::create_dir_all(site.root().join("content/loop")).unwrap();
    symlink("..", site.root().join("content/loop/up")).unwrap();
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--> content/gone.md"), "{}", run.stderr);
    assert!(
        run.stderr.contains("nowhere.md, which does not exist"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> content/loop/up"), "{}", run.stderr);
    assert!(run.stderr.contains("loop"), "{}", run.stderr);
}

#[test]
fn links_inside_the_site_are_followed() {
    let site = TestSite::new()
        .file(
            "content/index.md",
            &page("Home", "See [the plan](plan.md)."),
        )
        .file("shared/plan.md", &page("The plan", "Shared text."))
        .file("shared/images/map.txt", "a map");
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink("../shared/plan.md", site.root().join("content/plan.md")).unwrap();
    symlink("../shared/images", site.root().join("static/images")).unwrap();
    site.build_ok();
    assert!(site.output("plan/index.html").contains("Shared text."));
    assert_eq!(site.output("images/map.txt"), "a map");
}

#[test]
fn a_named_pipe_is_never_opened() {
    let site = built_site();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    let fifo = site.root().join("static/pipe");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    symlink("pipe", site.root().join("static/pipe-link")).unwrap();
    // Opening a FIFO with no writer blocks for ever; a build that finishes never opened it.
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[special-file]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> static/pipe"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--> static/pipe-link"),
        "{}",
        run.stderr
    );
    assert!(!site.has_output("pipe"));
}

#[test]
fn secrets_and_hidden_files_are_never_published_and_each_is_reported() {
    let site = TestSite::new()
        .file("content/index.md", &page("Home", "Hello."))
        .file("static/.env", "TOKEN-12345")
        .file("static/.env.production", "TOKEN-12345")
        .file("static/certs/site.pem", "TOKEN-12345")
        .file("static/deploy.key", "TOKEN-12345")
        .file("static/id_rsa", "TOKEN-12345")
        .file("static/.git/config", "TOKEN-12345")
        .file("content/.git/HEAD", "TOKEN-12345")
        .file("content/notes.md~", "TOKEN-12345")
        .file("static/.DS_Store", "junk")
        .file("static/.htaccess", "Deny from all")
        .file(
            "static/.well-known/security.txt",
            "Contact: mailto:security@example.org\n",
        )
        .file("data/.secrets.yaml", "token: TOKEN-12345\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_no_secret_published(&site);
    for secret in [
        "static/.env",
        "static/.env.production",
        "static/certs/site.pem",
        "static/deploy.key",
        "static/id_rsa",
        "static/.git",
        "content/.git",
    ] {
        assert!(
            run.stderr
                .contains(&format!("not published: {secret} looks like a secret")),
            "{secret} is reported:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains("note[hidden-file]: not published: static/.htaccess")
    );
    assert!(run.stderr.contains("not published: content/notes.md~"));
    assert!(!site.has_output(".htaccess"));
    assert!(!site.has_output(".DS_Store"));
    assert!(
        site.output(".well-known/security.txt")
            .contains("security@example.org")
    );
    // Secrets are warnings, so --strict stops a build that holds one.
    assert_eq!(site.run(&["build", "--strict"]).code, 1);
}

#[test]
fn a_hidden_file_named_in_publish_hidden_is_published_but_a_secret_never_is() {
    let site = TestSite::new()
        .file(
            "site.yaml",
            &format!("{}publish_hidden: [.nojekyll]\n", crate::harness::SITE_YAML),
        )
        .file("content/index.md", &page("Home", "Hello."))
        .file("static/.nojekyll", "");
    site.build_ok();
    assert!(site.has_output(".nojekyll"));
    site.write(
        "site.yaml",
        &format!(
            "{}publish_hidden: [.nojekyll, .env]\n",
            crate::harness::SITE_YAML
        ),
    );
    site.build()
        .assert_error_at("site.yaml:5", "publish_hidden: `.env` looks like a secret");
}

#[test]
fn a_theme_is_a_name_never_a_path() {
    let site = built_site();
    for theme in ["../../etc", "/etc", "themes/../x", ".hidden"] {
        site.write(
            "site.yaml",
            &format!("{}theme: \"{theme}\"\n", crate::harness::SITE_YAML),
        );
        site.build().assert_error_at(
            "site.yaml:5",
            &format!("theme: `{theme}` is not a theme's name"),
        );
    }
}
