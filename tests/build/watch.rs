//! Watch = build: random sequences of edits applied through the incremental session,
//! and after every step the output compared, byte for byte, with a fresh full build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plainly::build;
use plainly::config::Overrides;
use plainly::rules::Mode;
use plainly::serve::session::Session;

use crate::harness::*;

/// A small deterministic random number generator (xorshift64*), so that a failing
/// sequence can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "digital",
    "inclusion",
    "library",
    "residents",
    "skills",
    "devices",
    "council",
    "plan",
    "partners",
    "data",
    "services",
    "help",
    "online",
    "schools",
    "vision",
];
const TAGS: &[&str] = &["digital", "inclusion", "housing", "skills"];

/// Files and folders as a site grows and shrinks under random edits.
struct World {
    site: TestSite,
    rng: Rng,
    /// Section folders (relative to content/), besides the root.
    sections: Vec<String>,
    /// Markdown pages (relative to content/), not counting section indexes.
    pages: Vec<String>,
    statics: Vec<String>,
    counter: usize,
    /// Files now broken on purpose, to be fixed later.
    broken: Vec<(String, String)>,
}

impl World {
    fn new(seed: u64) -> World {
        let site = TestSite::new()
            .file(
                "content/_index.md",
                "---\ntitle: Home\n---\nWelcome. See [about](about.md#contact).\n",
            )
            .file(
                "content/about.md",
                "---\ntitle: About us\n---\n## Contact\n\nWrite to us.\n",
            )
            .file(
                "content/strategy/_index.md",
                "---\ntitle: Strategy\npublication: true\n---\nIntro.\n",
            )
            .file(
                "content/strategy/01-vision.md",
                "---\ntitle: Vision\n---\n## Aims\n\nText[^1].\n\n[^1]: Note.\n",
            )
            .file("data/facts.yaml", "year: 2026\n")
            .file(
                "templates/partials/facts.html",
                "<span>{% for name, file in data %}{{ file.year }}{% endfor %}</span>",
            )
            .file(
                "templates/components.html",
                "{% component facts_of(facts) %}<b>{{ facts.year }}</b>{% endcomponent facts_of %}",
            )
            .file("static/robots.txt", "User-agent: *\n");
        World {
            site,
            rng: Rng(seed),
            sections: vec!["strategy".into()],
            // The vision page and the about page stay put, so links to them hold.
            pages: Vec::new(),
            statics: vec!["robots.txt".into()],
            counter: 0,
            broken: Vec::new(),
        }
    }

    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| *self.rng.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn page_text(&mut self) -> String {
        let title = {
            let w = self.words(2);
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or(w)
        };
        let mut fm = format!("---\ntitle: \"{title}\"\n");
        if self.rng.chance(40) {
            fm.push_str(&format!("weight: {}\n", self.rng.below(5)));
        }
        if self.rng.chance(50) {
            fm.push_str(&format!(
                "date: 2026-0{}-1{}\n",
                1 + self.rng.below(9),
                self.rng.below(9)
            ));
        }
        if self.rng.chance(50) {
            fm.push_str(&format!("tags: [{}]\n", self.rng.pick(TAGS)));
        }
        if self.rng.chance(15) {
            fm.push_str("draft: true\n");
        }
        if self.rng.chance(20) {
            fm.push_str(&format!("summary: {}\n", self.words(5)));
        }
        fm.push_str("---\n");
        let mut body = String::new();
        for _ in 0..1 + self.rng.below(3) {
            body.push_str(&format!("## {}\n\n{}.\n\n", self.words(2), self.words(12)));
        }
        if self.rng.chance(30) {
            body.push_str(
                "See [how to contact us](/about/#contact) and [the vision](/strategy/vision/).\n\n",
            );
        }
        if self.rng.chance(20) {
            body.push_str("| A | B |\n|---|---|\n| 1 | 2 |\n\n");
        }
        if self.rng.chance(20) {
            body.push_str("A claim.[^n]\n\n[^n]: A source.\n");
        }
        fm + &body
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.root().join(rel)
    }

    /// One random edit; returns the paths it touched.
    fn edit(&mut self) -> (String, Vec<PathBuf>) {
        self.counter += 1;
        let n = self.counter;
        // Fix a planted error now and then.
        if !self.broken.is_empty() && self.rng.chance(60) {
            let (rel, good) = self.broken.remove(0);
            self.site.write(&rel, &good);
            if let Some(page) = rel.strip_prefix("content/") {
                self.pages.push(page.to_string());
            }
            return (format!("fix {rel}"), vec![self.path(&rel)]);
        }
        match self.rng.below(28) {
            15..=19 if !self.pages.is_empty() => {
                // An edit to the body alone, the most common kind.
                let rel = self.rng.pick(&self.pages).clone();
                let path = self.path(&format!("content/{rel}"));
                let mut text = std::fs::read_to_string(&path).unwrap();
                if self.rng.chance(70) {
                    let words = self.words(6);
                    text.push_str(&format!("\n\nAnother paragraph: {words}.\n"));
                } else if let Some(i) = text.find("\n## ") {
                    // A renamed heading: its anchor changes, which others may link to.
                    let words = self.words(2);
                    text.insert_str(i + 4, &format!("{words} "));
                }
                self.site.write(&format!("content/{rel}"), &text);
                (format!("edit body of {rel}"), vec![path])
            }
            0..=2 => {
                let section = if self.rng.chance(25) {
                    String::new()
                } else {
                    self.rng.pick(&self.sections).clone()
                };
                let rel = if section.is_empty() {
                    format!("page-{n}.md")
                } else {
                    format!("{section}/{:02}-page-{n}.md", self.rng.below(10))
                };
                let text = self.page_text();
                self.site.write(&format!("content/{rel}"), &text);
                self.pages.push(rel.clone());
                (
                    format!("create {rel}"),
                    vec![self.path(&format!("content/{rel}"))],
                )
            }
            3..=5 if !self.pages.is_empty() => {
                let rel = self.rng.pick(&self.pages).clone();
                let text = self.page_text();
                self.site.write(&format!("content/{rel}"), &text);
                (
                    format!("modify {rel}"),
                    vec![self.path(&format!("content/{rel}"))],
                )
            }
            6 if self.pages.len() > 1 => {
                let i = self.rng.below(self.pages.len());
                let rel = self.pages.remove(i);
                std::fs::remove_file(self.path(&format!("content/{rel}"))).unwrap();
                (
                    format!("delete {rel}"),
                    vec![self.path(&format!("content/{rel}"))],
                )
            }
            7 if self.pages.len() > 1 => {
                let i = self.rng.below(self.pages.len());
                let old = self.pages.remove(i);
                let section = self.rng.pick(&self.sections).clone();
                let new = format!("{section}/moved-{n}.md");
                let from = self.path(&format!("content/{old}"));
                let to = self.path(&format!("content/{new}"));
                std::fs::rename(&from, &to).unwrap();
                self.pages.push(new.clone());
                (format!("rename {old} to {new}"), vec![from, to])
            }
            8 => {
                let name = format!("section-{n}");
                let publication = self.rng.chance(40);
                self.site.write(
                    &format!("content/{name}/_index.md"),
                    &format!("---\ntitle: Section {n}\npublication: {publication}\nnumbered_headings: {}\n---\nAbout it.\n", self.rng.chance(50)),
                );
                let text = self.page_text();
                self.site
                    .write(&format!("content/{name}/01-first.md"), &text);
                self.site.write(
                    &format!("content/{name}/chart.svg"),
                    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                );
                self.sections.push(name.clone());
                self.pages.push(format!("{name}/01-first.md"));
                (
                    format!("create section {name}"),
                    vec![self.path(&format!("content/{name}"))],
                )
            }
            9 if self.sections.len() > 1
                && !self.broken.iter().any(|(rel, _)| {
                    self.sections[1..]
                        .iter()
                        .any(|s| rel.starts_with(&format!("content/{s}/")))
                }) =>
            {
                let i = 1 + self.rng.below(self.sections.len() - 1);
                let name = self.sections.remove(i);
                let dir = self.path(&format!("content/{name}"));
                self.pages.retain(|p| !p.starts_with(&format!("{name}/")));
                if self.rng.chance(50) {
                    std::fs::remove_dir_all(&dir).unwrap();
                    (format!("delete section {name}"), vec![dir])
                } else {
                    // Replaced as a `git checkout` would: removed, then a new folder.
                    let new = format!("renamed-{n}");
                    let to = self.path(&format!("content/{new}"));
                    std::fs::rename(&dir, &to).unwrap();
                    let moved: Vec<String> = std::fs::read_dir(&to)
                        .unwrap()
                        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                        .filter(|f| f.ends_with(".md") && f != "_index.md")
                        .map(|f| format!("{new}/{f}"))
                        .collect();
                    self.pages.extend(moved);
                    self.sections.push(new.clone());
                    (format!("rename section {name} to {new}"), vec![dir, to])
                }
            }
            10 => {
                let rel = *self.rng.pick(&[
                    "templates/page.html",
                    "templates/term.html",
                    "templates/chapter.html",
                ]);
                let theme = rel.trim_start_matches("templates/");
                let words = self.words(2);
                // Data read directly, through a variable, in a loop, in an included
                // partial or through a component: every way a template can read it.
                let reads = match self.rng.below(5) {
                    0 => "{{ data.facts.year }}",
                    1 => "{% set d = data %}{{ d.facts.year }}",
                    2 => "{% for name, file in data %}{{ name }}={{ file.year }} {% endfor %}",
                    3 => "{% include \"partials/facts.html\" %}",
                    _ => "{{<facts_of facts={data.facts} />}}",
                };
                let body = match self.rng.below(3) {
                    0 => format!("{{% extends \"theme/{theme}\" %}}"),
                    1 => format!(
                        "{{% extends \"theme/{theme}\" %}}{{% block main %}}<p>{words}: {reads}</p>{{{{ super() }}}}{{% endblock main %}}"
                    ),
                    _ => {
                        let path = self.path(rel);
                        let _ = std::fs::remove_file(&path);
                        return ("delete templates/page.html".into(), vec![path]);
                    }
                };
                self.site.write(rel, &body);
                (format!("edit {rel}"), vec![self.path(rel)])
            }
            11 => {
                if self.rng.chance(25) {
                    // The partial and the component that read data change instead.
                    let rel = *self
                        .rng
                        .pick(&["templates/partials/facts.html", "templates/components.html"]);
                    let words = self.words(1);
                    let text = if rel.ends_with("facts.html") {
                        format!(
                            "<span>{words} {{% for name, file in data %}}{{{{ file.year }}}}{{% endfor %}}</span>"
                        )
                    } else {
                        format!(
                            "{{% component facts_of(facts) %}}<b>{words} {{{{ facts.year }}}}</b>{{% endcomponent facts_of %}}"
                        )
                    };
                    self.site.write(rel, &text);
                    return (format!("edit {rel}"), vec![self.path(rel)]);
                }
                let rel = "data/facts.yaml";
                self.site
                    .write(rel, &format!("year: {}\n", 2020 + self.rng.below(10)));
                (format!("edit {rel}"), vec![self.path(rel)])
            }
            12 => {
                let title = self.words(2);
                let mut text = format!(
                    "title: {title}\nbase_url: https://example.org/\ntoc_min_headings: {}\n",
                    2 + self.rng.below(2)
                );
                if self.rng.chance(50) {
                    let colour = self.rng.pick(&[
                        "\"#1d4f91\"",
                        "\"#0b0c0c\"",
                        "\"#5a2d82\"",
                        "\"#00703c\"",
                    ]);
                    text.push_str(&format!("brand:\n  primary_colour: {colour}\n"));
                }
                if self.rng.chance(50) {
                    text.push_str("accessibility:\n  compliance: partial\n  accessible_formats:\n    email: digital@example.org\n");
                }
                self.site.write("site.yaml", &text);
                ("edit site.yaml".into(), vec![self.path("site.yaml")])
            }
            13 => {
                if self.rng.chance(50) || self.statics.len() < 2 {
                    let rel = format!("files/f{n}.txt");
                    let words = self.words(3);
                    self.site.write(&format!("static/{rel}"), &words);
                    self.statics.push(rel.clone());
                    (
                        format!("create static/{rel}"),
                        vec![self.path(&format!("static/{rel}"))],
                    )
                } else {
                    let i = self.rng.below(self.statics.len());
                    let rel = self.statics[i].clone();
                    let path = self.path(&format!("static/{rel}"));
                    if self.rng.chance(50) && rel != "robots.txt" {
                        self.statics.remove(i);
                        std::fs::remove_file(&path).unwrap();
                        (format!("delete static/{rel}"), vec![path])
                    } else {
                        let words = self.words(4);
                        self.site.write(&format!("static/{rel}"), &words);
                        (format!("modify static/{rel}"), vec![path])
                    }
                }
            }
            20 | 21 => {
                // A front page's title: the home page's, the publication's or a
                // section's, which breadcrumbs, contents and lists show.
                let rel = match self.rng.below(3) {
                    0 => "content/_index.md".to_string(),
                    1 => "content/strategy/_index.md".to_string(),
                    _ => format!("content/{}/_index.md", self.rng.pick(&self.sections)),
                };
                let Ok(text) = std::fs::read_to_string(self.path(&rel)) else {
                    return ("nothing".into(), Vec::new());
                };
                let title = self.words(2);
                let text: String = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("title:") {
                            format!("title: \"{title}\"\n")
                        } else {
                            format!("{l}\n")
                        }
                    })
                    .collect();
                self.site.write(&rel, &text);
                (format!("retitle {rel}"), vec![self.path(&rel)])
            }
            22 => {
                // A chapter of the publication renamed (which reorders the chapters) or
                // deleted.
                let chapters: Vec<String> = self
                    .pages
                    .iter()
                    .filter(|p| p.starts_with("strategy/"))
                    .cloned()
                    .collect();
                if chapters.is_empty() {
                    return ("nothing".into(), Vec::new());
                }
                let old = self.rng.pick(&chapters).clone();
                self.pages.retain(|p| *p != old);
                let from = self.path(&format!("content/{old}"));
                if self.rng.chance(40) {
                    std::fs::remove_file(&from).unwrap();
                    return (format!("delete chapter {old}"), vec![from]);
                }
                let new = format!("strategy/{:02}-chapter-{n}.md", self.rng.below(10));
                let to = self.path(&format!("content/{new}"));
                std::fs::rename(&from, &to).unwrap();
                self.pages.push(new.clone());
                (format!("rename chapter {old} to {new}"), vec![from, to])
            }
            23 if !self.pages.is_empty() => {
                // A warning, not an error: fails only under --strict.
                let i = self.rng.below(self.pages.len());
                let rel = format!("content/{}", self.pages.remove(i));
                let good = std::fs::read_to_string(self.path(&rel)).unwrap();
                let bad = good.replacen("---\n", "---\nsumary: a typo\n", 1);
                self.site.write(&rel, &bad);
                self.broken.push((rel.clone(), good));
                (format!("warn in {rel}"), vec![self.path(&rel)])
            }
            24 => {
                // The output folder removed by hand while watching.
                let out = self.path("output");
                let _ = std::fs::remove_dir_all(&out);
                ("remove output".into(), vec![out])
            }
            25 => {
                // A file beside pages removed, or changed.
                let charts: Vec<String> = self
                    .sections
                    .iter()
                    .map(|s| format!("content/{s}/chart.svg"))
                    .filter(|c| self.path(c).is_file())
                    .collect();
                if charts.is_empty() {
                    return ("nothing".into(), Vec::new());
                }
                let rel = self.rng.pick(&charts).clone();
                if self.rng.chance(50) {
                    std::fs::remove_file(self.path(&rel)).unwrap();
                    (format!("delete {rel}"), vec![self.path(&rel)])
                } else {
                    let words = self.words(2);
                    self.site.write(
                        &rel,
                        &format!(
                            "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>{words}</title></svg>"
                        ),
                    );
                    (format!("modify {rel}"), vec![self.path(&rel)])
                }
            }
            _ => {
                // Plant an error, to be fixed by a later step.
                // A broken page is left alone by other edits until it is fixed.
                let (rel, bad) = match self.rng.below(3) {
                    0 if !self.pages.is_empty() => {
                        let i = self.rng.below(self.pages.len());
                        let rel = format!("content/{}", self.pages.remove(i));
                        (rel, "---\ntitle: [unclosed\n---\nText\n".to_string())
                    }
                    1 if !self.pages.is_empty() => {
                        let i = self.rng.below(self.pages.len());
                        let rel = format!("content/{}", self.pages.remove(i));
                        (rel, "---\ntitle: Broken link\n---\n[nowhere](missing-page.md)\n".to_string())
                    }
                    _ => ("templates/term.html".to_string(), "{% extends \"base.html\" %}{% block main %}{{ term.name }{% endblock main %}".to_string()),
                };
                let path = self.path(&rel);
                if self.broken.iter().any(|(b, _)| *b == rel) {
                    // Already broken: break nothing more.
                    return ("nothing".into(), Vec::new());
                }
                let good = std::fs::read_to_string(&path)
                    .unwrap_or_else(|_| "{% extends \"theme/term.html\" %}".to_string());
                self.site.write(&rel, &bad);
                self.broken.push((rel.clone(), good));
                (format!("break {rel}"), vec![path])
            }
        }
    }
}

/// A session on `site`, the edits `edit` makes, then the output compared with a fresh
/// build of the same files, byte for byte. Returns the output after the edits.
fn after_edits(site: &TestSite, mode: &Mode, edits: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let (mut session, first) = Session::start(site.root(), &Overrides::default(), mode);
    assert!(first.ok, "{:?}", first.diagnostics);
    let paths: Vec<PathBuf> = edits
        .iter()
        .map(|(rel, text)| {
            site.write(rel, text);
            site.root().join(rel)
        })
        .collect();
    let step = session.apply(&paths);
    assert!(step.ok, "{:?}", step.diagnostics);
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh_out = fresh_dir.path().join("fresh");
    let fresh = build::build(
        site.root(),
        &Overrides {
            output_dir: Some(fresh_out.clone()),
            ..Overrides::default()
        },
        mode,
    );
    assert!(fresh.ok, "{:?}", fresh.diagnostics);
    let (got, _) = tree(&site.root().join("output"));
    let (want, _) = tree(&fresh_out);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    let differ: Vec<&String> = want
        .iter()
        .filter(|(name, bytes)| &got[*name] != *bytes)
        .map(|(name, _)| name)
        .collect();
    assert!(differ.is_empty(), "stale after the edit: {differ:?}");
    got
}

#[test]
fn a_home_title_edit_reaches_every_breadcrumb() {
    let site = TestSite::empty()
        .file(
            "site.yaml",
            "title: Test Council\nbase_url: https://example.org/\naccessibility:\n  compliance: full\n  accessible_formats:\n    email: a@example.org\n",
        )
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(
            "content/news/_index.md",
            "---\ntitle: News\n---\n",
        )
        .file(
            "content/news/a.md",
            "---\ntitle: A\ntags: [digital, skills]\nthemes: [housing]\n---\nText.\n",
        );
    let out = after_edits(
        &site,
        &Mode::build(),
        &[(
            "content/_index.md",
            "---\ntitle: Welcome to Kelbrook\n---\nWelcome.\n",
        )],
    );
    // Taxonomy, term and accessibility pages carry the home page in their breadcrumbs.
    for page in [
        "tags/index.html",
        "tags/digital/index.html",
        "themes/housing/index.html",
        "accessibility/index.html",
        "news/a/index.html",
    ] {
        let html = String::from_utf8_lossy(&out[page]);
        assert!(html.contains("Welcome to Kelbrook"), "{page}:\n{html}");
    }
}

#[test]
fn data_read_through_a_variable_a_loop_or_a_component_is_rebuilt() {
    for template in [
        "{% extends \"base.html\" %}{% block main %}{% set d = data %}<p>Year {{ d.facts.year }}</p>{% endblock main %}",
        "{% extends \"base.html\" %}{% block main %}{% for name, file in data %}<p>{{ name }}: {{ file.year }}</p>{% endfor %}{% endblock main %}",
        "{% extends \"base.html\" %}{% block main %}{% include \"partials/years.html\" %}{% endblock main %}",
    ] {
        let site = TestSite::new()
            .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
            .file("content/a.md", "---\ntitle: A\n---\nText.\n")
            .file("data/facts.yaml", "year: 2026\n")
            .file(
                "templates/partials/years.html",
                "{% for name, file in data %}<p>{{ name }} in {{ file.year }}</p>{% endfor %}",
            )
            .file("templates/page.html", template);
        let out = after_edits(
            &site,
            &Mode::build(),
            &[("data/facts.yaml", "year: 2031\n")],
        );
        let html = String::from_utf8_lossy(&out["a/index.html"]);
        assert!(html.contains("2031"), "{template}:\n{html}");
    }
}

#[test]
fn a_component_that_reads_data_is_rebuilt() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file("content/a.md", "---\ntitle: A\n---\nText.\n")
        .file("data/facts.yaml", "year: 2026\n")
        .file(
            "templates/components.html",
            "{% component year_of(facts) %}<span>Year {{ facts.year }}</span>{% endcomponent year_of %}",
        )
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{<year_of facts={data.facts} />}}{% endblock main %}",
        );
    let out = after_edits(
        &site,
        &Mode::build(),
        &[("data/facts.yaml", "year: 2031\n")],
    );
    assert!(String::from_utf8_lossy(&out["a/index.html"]).contains("Year 2031"));
    // The component's own template changed: every page that calls it.
    site.write(
        "templates/components.html",
        "{% component year_of(facts) %}<span>In {{ facts.year }}</span>{% endcomponent year_of %}",
    );
    let out = after_edits(&site, &Mode::build(), &[]);
    assert!(String::from_utf8_lossy(&out["a/index.html"]).contains("In 2031"));
}

#[test]
fn moving_the_output_folder_and_back_leaves_neither_stale() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file("content/a.md", "---\ntitle: A\n---\nFirst.\n");
    let (mut session, first) = Session::start(site.root(), &Overrides::default(), &Mode::build());
    assert!(first.ok);
    let moved = format!("{SITE_YAML}output_dir: elsewhere\n");
    site.write("site.yaml", &moved);
    assert!(session.apply(&[site.root().join("site.yaml")]).ok);
    // Edited while the output is elsewhere: output/ still has the first version.
    site.write("content/a.md", "---\ntitle: A\n---\nSecond.\n");
    assert!(session.apply(&[site.root().join("content/a.md")]).ok);
    assert!(site.output("a/index.html").contains("First."));
    site.write("site.yaml", SITE_YAML);
    assert!(session.apply(&[site.root().join("site.yaml")]).ok);
    assert!(
        site.output("a/index.html").contains("Second."),
        "output/ is stale after the output folder came back"
    );
}

/// Every file under a folder with its bytes, and every folder.
fn tree(dir: &Path) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let mut files = BTreeMap::new();
    let mut dirs = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    if !dir.exists() {
        return (files, dirs);
    }
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                dirs.push(rel);
                stack.push(path);
            } else {
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    dirs.sort();
    (files, dirs)
}

fn run_walk(seed: u64, steps: usize, mode: Mode) {
    let mut world = World::new(seed);
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh_out = fresh_dir.path().join("fresh");
    let (mut session, first) = Session::start(world.site.root(), &Overrides::default(), &mode);
    assert!(first.ok, "{:?}", first.diagnostics);
    let output = world.site.root().join("output");
    let mut last_good = tree(&output);
    let mut history = Vec::new();
    let (mut incremental, mut swapped, mut failed, mut body_only) = (0, 0, 0, 0);
    for step in 0..steps {
        let (what, paths) = world.edit();
        history.push(what.clone());
        if what == "remove output" {
            last_good = tree(&output);
        }
        let result = session.apply(&paths);
        let _ = std::fs::remove_dir_all(&fresh_out);
        let fresh = build::build(
            world.site.root(),
            &Overrides {
                output_dir: Some(fresh_out.clone()),
                ..Overrides::default()
            },
            &mode,
        );
        let context = || format!("seed {seed}, step {step}: {what}\nhistory: {history:?}");
        match fresh.ok {
            true => {
                assert!(
                    result.ok,
                    "{}\nthe incremental step failed where a full build succeeded: {:?}",
                    context(),
                    result.diagnostics
                );
                let (got_files, got_dirs) = tree(&output);
                let (want_files, want_dirs) = tree(&fresh_out);
                let got_names: Vec<&String> = got_files.keys().collect();
                let want_names: Vec<&String> = want_files.keys().collect();
                assert_eq!(got_names, want_names, "{}", context());
                for (name, bytes) in &want_files {
                    assert!(
                        &got_files[name] == bytes,
                        "{}\n{name} differs:\n--- incremental\n{}\n--- full build\n{}",
                        context(),
                        String::from_utf8_lossy(&got_files[name]),
                        String::from_utf8_lossy(bytes)
                    );
                }
                assert_eq!(got_dirs, want_dirs, "{}", context());
                last_good = (got_files, got_dirs);
                if result.swapped {
                    swapped += 1;
                } else {
                    incremental += 1;
                }
                body_only += usize::from(!result.swapped && result.written <= 2);
            }
            false => {
                assert!(
                    !result.ok,
                    "{}\nthe incremental step succeeded where a full build failed: {:?}",
                    context(),
                    fresh.diagnostics
                );
                assert!(
                    tree(&output) == last_good,
                    "{}\na failed step changed the output",
                    context()
                );
                failed += 1;
                if std::env::var_os("WATCH_DEBUG").is_some() {
                    eprintln!(
                        "{what}: {}",
                        fresh
                            .diagnostics
                            .iter()
                            .map(|d| d.render(false))
                            .collect::<Vec<_>>()
                            .join("")
                    );
                }
            }
        }
    }
    eprintln!(
        "seed {seed}: {incremental} incremental steps ({body_only} of bodies alone), {swapped} swapped in whole, {failed} failed on planted errors"
    );
    // The walk must exercise every path, or it proves little.
    assert!(
        incremental > steps / 3,
        "too few incremental steps: {incremental}"
    );
    assert!(failed > 0 && swapped > 0 && body_only > 0);
}

#[test]
fn watch_equals_build_over_random_edits() {
    for seed in [0x5eed_0001, 0xc0ff_ee42, 0x0dd_ba11] {
        run_walk(seed, 150, Mode::build());
    }
}

#[test]
fn watch_equals_build_over_random_edits_under_strict() {
    let strict = Mode {
        strict: true,
        ..Mode::build()
    };
    for seed in [0x57_21c7, 0xfeed_f00d] {
        run_walk(seed, 120, strict.clone());
    }
}

#[test]
fn a_category_file_edit_renames_and_reorders_its_folder() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file("content/guides/a.md", "---\ntitle: A\n---\nText.\n")
        .file(
            "content/guides/_category_.json",
            "{\"label\": \"Guides\"}\n",
        )
        .file("content/other/b.md", "---\ntitle: B\n---\nText.\n");
    let out = after_edits(
        &site,
        &Mode::build(),
        &[(
            "content/guides/_category_.json",
            "{\"label\": \"How-to guides\", \"position\": 1}\n",
        )],
    );
    let home = String::from_utf8_lossy(&out["index.html"]);
    assert!(home.contains("How-to guides"), "{home}");
}
