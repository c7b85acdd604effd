//! The example site in the repository builds cleanly and has what it promises.

use std::path::Path;
use std::process::Command;

fn build_example() -> (tempfile::TempDir, String, String) {
    let out = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new(env!("CARGO_BIN_EXE_plainly"))
        .args(["--color", "never", "--root"])
        .arg(repo)
        .args(["build", "--output"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stdout}\n{stderr}");
    (out, stdout, stderr)
}

fn read(out: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(out.path().join("site").join(rel))
        .unwrap_or_else(|e| panic!("output {rel}: {e}"))
}

#[test]
fn the_example_site_builds_without_warnings() {
    let (out, stdout, stderr) = build_example();
    assert!(stderr.trim().is_empty(), "warnings or errors:\n{stderr}");
    assert!(stdout.starts_with("Built "), "{stdout}");
    // The strategy is a publication of five chapters with a contents list.
    let cover = read(&out, "digital-strategy/index.html");
    let contents = &cover[cover
        .find("class=\"publication-contents\"")
        .expect("a contents list")..];
    let contents = &contents[..contents.find("</nav>").unwrap()];
    assert_eq!(
        contents.matches("<li><a href=\"/digital-strategy/").count(),
        5,
        "{contents}"
    );
    for chapter in [
        "vision",
        "digital-leadership",
        "tackling-digital-exclusion",
        "smart-community",
        "action-plan",
    ] {
        let html = read(&out, &format!("digital-strategy/{chapter}/index.html"));
        assert!(
            html.contains("class=\"pagination\""),
            "{chapter} has previous/next links"
        );
    }
    let partners = read(&out, "partners/index.html");
    assert!(
        partners.contains("<img src=\"/partners/"),
        "the partnership page shows its logo"
    );
}

#[test]
fn the_example_chapters_are_substantial_and_use_every_feature() {
    let (out, _, _) = build_example();
    let mut all = String::new();
    for chapter in [
        "vision",
        "digital-leadership",
        "tackling-digital-exclusion",
        "smart-community",
        "action-plan",
    ] {
        let html = read(&out, &format!("digital-strategy/{chapter}/index.html"));
        let main = &html[html.find("<div class=\"content\">").unwrap()..];
        let words = main
            .split_whitespace()
            .filter(|w| !w.starts_with('<'))
            .count();
        assert!(words > 300, "{chapter} has only {words} words");
        all.push_str(&html);
    }
    assert!(all.contains("<table>"), "a table");
    assert!(all.contains("class=\"footnotes\""), "a footnote");
    assert!(
        all.contains("<img src=") && all.contains(" alt=\""),
        "an image with alt text"
    );
    assert!(
        all.contains("href=\"/digital-strategy/"),
        "cross-links between chapters"
    );
}

/// Every HTML file of the built example site, with its path.
fn example_pages() -> Vec<(String, String)> {
    let (out, _, _) = build_example();
    let root = out.path().join("site");
    let mut pages = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                pages.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    pages.sort();
    assert!(pages.len() >= 10, "only {} pages", pages.len());
    pages
}

/// The values of an attribute on every element of a kind: `<img … src="…">`.
fn attribute_values<'a>(html: &'a str, tag: &str, attr: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    for (i, _) in html.match_indices(&format!("<{tag}")) {
        let end = html[i..].find('>').map(|e| i + e).unwrap_or(html.len());
        let element = &html[i..end];
        if let Some(a) = element.find(&format!(" {attr}=\"")) {
            let value = &element[a + attr.len() + 3..];
            out.push(&value[..value.find('"').unwrap_or(value.len())]);
        }
    }
    out
}

#[test]
fn no_page_has_inline_script_style_or_event_handlers() {
    for (path, html) in example_pages() {
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{path} has a script element");
        assert!(!lower.contains("<style"), "{path} has a style element");
        // Attributes live between `<` and `>`; look at each tag's attribute names.
        for tag in lower
            .split('<')
            .skip(1)
            .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        {
            for word in tag.split_whitespace().skip(1) {
                let name = word.split('=').next().unwrap_or("");
                assert!(name != "style", "{path} has a style attribute: <{tag}>");
                assert!(
                    !(name.starts_with("on") && word.contains('=')),
                    "{path} has an event handler attribute: <{tag}>"
                );
            }
        }
    }
}

#[test]
fn no_page_loads_anything_from_another_host() {
    for (path, html) in example_pages() {
        let mut loaded: Vec<&str> = Vec::new();
        loaded.extend(attribute_values(&html, "img", "src"));
        loaded.extend(attribute_values(&html, "script", "src"));
        loaded.extend(attribute_values(&html, "source", "src"));
        loaded.extend(attribute_values(&html, "iframe", "src"));
        for (i, _) in html.match_indices("<link") {
            let element = &html[i..i + html[i..].find('>').unwrap()];
            if !element.contains("rel=\"canonical\"") && !element.contains("rel=\"alternate\"") {
                loaded.extend(attribute_values(element, "link", "href"));
            }
        }
        for url in loaded {
            assert!(
                url.starts_with('/') && !url.starts_with("//"),
                "{path} loads {url}, which is not on this site"
            );
        }
    }
    let (out, _, _) = build_example();
    let css = std::fs::read_to_string(out.path().join("site/css/plainly.css")).unwrap();
    assert!(
        !css.contains("url(http") && !css.contains("@import"),
        "the stylesheet loads nothing else"
    );
}

#[test]
fn every_page_has_the_accessible_frame() {
    for (path, html) in example_pages() {
        {
            let body = &html[html
                .find("<body>")
                .unwrap_or_else(|| panic!("{path}: no body"))..];
            let first_focusable = body.find("<a ").expect("a link");
            assert!(
                body[first_focusable..].starts_with("<a class=\"skip-link\" href=\"#main\">"),
                "{path}: the skip link is not the first focusable element"
            );
            assert!(
                body.contains("<main id=\"main\""),
                "{path}: main is the skip link's target"
            );
            assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
            assert!(html.contains("<html lang=\""), "{path}: a language");
            for (i, _) in html.match_indices("<nav") {
                let element = &html[i..i + html[i..].find('>').unwrap()];
                assert!(
                    element.contains("aria-label=") || element.contains("aria-labelledby="),
                    "{path}: {element}> has no label"
                );
            }
            for alt in attribute_values(&html, "img", "alt") {
                assert!(
                    !alt.trim().is_empty(),
                    "{path}: an image with empty alt text"
                );
            }
            assert_eq!(
                attribute_values(&html, "img", "src").len(),
                attribute_values(&html, "img", "alt").len(),
                "{path}: every image has an alt attribute"
            );
        }
    }
}
