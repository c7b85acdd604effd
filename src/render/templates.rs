//! Templates: the theme's and the site's Tera templates, parsed once per build, the UI
//! strings they read with `t()`, Plainly's functions and filters, and template errors
//! turned into diagnostics at the template's file, line and column.
//!
//! Each template also gets a fingerprint of everything it is made of (its text, the
//! templates it extends or includes, components), so that watch mode re-renders only
//! the pages whose templates changed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult};

use super::fingerprint::{Fingerprint, hash_str};
use super::theme::{Strings, Theme};
use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Location};

/// The prefix under which theme templates are registered. A site template of the same
/// name wins; a site template may still extend the theme's as `theme/NAME`.
pub const THEME_PREFIX: &str = "theme/";

/// The parsed templates of a build and the UI strings they use.
pub struct Templates {
    pub(crate) tera: Tera,
    /// Template name → file, for messages.
    pub(crate) files: HashMap<String, PathBuf>,
    /// Template name and text, to show the offending line in messages.
    pub(crate) sources: Vec<(String, String)>,
    pub(crate) strings: Arc<UiStrings>,
    /// Template name → fingerprint of everything it is made of.
    fingerprints: HashMap<String, TemplatePrint>,
}

/// What a template is made of, for watch mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TemplatePrint {
    /// Its text and the text of every template it extends or includes, and components.
    pub fingerprint: u64,
    /// Whether it (or a template it uses) reads `data`.
    pub uses_data: bool,
}

/// UI strings by language, with fallbacks.
#[derive(Debug)]
pub struct UiStrings {
    strings: Strings,
    default_language: String,
}

impl UiStrings {
    /// The string for `key` in `lang`, falling back to the language without its region
    /// (`en-GB` → `en`), then to the site's language, then to English.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        let base = lang.split('-').next().unwrap_or(lang);
        [lang, base, self.default_language.as_str(), "en"]
            .iter()
            .find_map(|l| self.strings.get(*l).and_then(|m| m.get(key)))
            .map(String::as_str)
    }

    pub(crate) fn get_or<'a>(&'a self, lang: &str, key: &str, fallback: &'a str) -> &'a str {
        self.get(lang, key).unwrap_or(fallback)
    }
}

/// Parses the theme's and the site's templates and registers Plainly's functions.
/// `None` when a template has an error; problems go to `report`.
pub fn load_templates(
    config: &Config,
    theme: &Theme,
    report: &mut Diagnostics,
) -> Option<Templates> {
    let strings = Arc::new(UiStrings {
        strings: merge_strings(config, theme, report),
        default_language: config.language.clone(),
    });
    let mut tera = Tera::new();
    tera.set_fallback_prefixes([THEME_PREFIX])
        .expect("set before any template is added");
    register_functions(&mut tera, config, strings.clone());

    let mut files = HashMap::new();
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut diags = Diagnostics::new();
    let all = theme
        .templates
        .iter()
        .map(|f| (format!("{THEME_PREFIX}{}", f.rel), f))
        .chain(theme.site_templates.iter().map(|f| (f.rel.clone(), f)));
    for (name, file) in all {
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => {
                files.insert(name.clone(), file.shown.clone());
                sources.push((name, text.to_string()));
            }
            Err(_) => diags.push(
                Diagnostic::error("template", "this template is not UTF-8 text")
                    .in_file(&file.shown)
                    .with_help("save it as UTF-8"),
            ),
        }
    }
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(template_error(&e, &files, &sources));
        // Report every template with a syntax error, not only the first.
        for (name, text) in &sources {
            let mut single = Tera::new();
            register_functions(&mut single, config, strings.clone());
            if let Err(e) = single.add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                diags.push(template_error(&e, &files, &sources));
            }
        }
    }
    let failed = diags.has_errors();
    report.extend(diags);
    let fingerprints = template_prints(&sources);
    (!failed).then_some(Templates {
        tera,
        files,
        sources,
        strings,
        fingerprints,
    })
}

/// The theme's UI strings with the site's own (`strings:` in site.yaml) over them. A
/// site string for a key the theme does not have is most likely a typo: a warning.
fn merge_strings(config: &Config, theme: &Theme, diags: &mut Diagnostics) -> Strings {
    let mut strings = theme.strings.clone();
    if config.strings.is_empty() {
        return strings;
    }
    let known: std::collections::BTreeSet<&str> = theme
        .strings
        .values()
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
    let text = std::fs::read_to_string(config.root.join(crate::config::CONFIG_FILE))
        .map(|t| crate::config::normalise_newlines(&t))
        .unwrap_or_default();
    let source = crate::yaml::Source::file(Path::new(crate::config::CONFIG_FILE), &text);
    for (lang, entries) in &config.strings {
        for (key, value) in entries {
            if !known.contains(key.as_str()) {
                let help = match crate::diag::closest(key, known.iter().copied()) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "the theme's strings are listed in its theme.yaml".to_string(),
                };
                let at = source
                    .locate_key(&["strings", lang, key])
                    .unwrap_or(Location { line: 1, col: 1 });
                diags.push(
                    source.diagnostic_at(
                        Diagnostic::warning(
                            "unknown-key",
                            format!("the theme has no UI string `{key}`"),
                        )
                        .with_help(help),
                        at,
                    ),
                );
            }
            strings
                .entry(lang.clone())
                .or_default()
                .insert(key.clone(), value.clone());
        }
    }
    strings
}

impl Templates {
    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub fn strings(&self) -> &UiStrings {
        &self.strings
    }

    /// What the template `name` is made of (resolved as Tera resolves it: the site's
    /// template, or the theme's under `theme/`).
    pub fn print(&self, name: &str) -> TemplatePrint {
        self.fingerprints
            .get(name)
            .or_else(|| self.fingerprints.get(&format!("{THEME_PREFIX}{name}")))
            .copied()
            .unwrap_or_default()
    }

    /// Every template name, without the theme prefix, once each.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .tera
            .get_template_names()
            .map(|n| n.strip_prefix(THEME_PREFIX).unwrap_or(n))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// A fingerprint of the UI strings, which every template may show.
    pub fn strings_print(&self) -> u64 {
        let mut f = Fingerprint::new();
        f.json(&self.strings.strings);
        f.add_str(&self.strings.default_language);
        f.finish()
    }
}

fn register_functions(tera: &mut Tera, config: &Config, strings: Arc<UiStrings>) {
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => state.get::<String>("lang")?.unwrap_or_default(),
            };
            strings.get(&lang, key).map(str::to_string).ok_or_else(|| {
                tera::Error::message(format!(
                    "there is no UI string `{key}` in theme.yaml for language `{lang}`"
                ))
            })
        },
    );
    let base = config.base_url.clone();
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            Ok(base.url(path))
        },
    );
    tera.register_filter(
        "human_date",
        |value: &str, kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => state.get::<String>("lang")?.unwrap_or_default(),
            };
            Date::parse(value)
                .map(|d| d.human(&lang))
                .map_err(tera::Error::message)
        },
    );
}

/// Fingerprints of every template, from their texts: a template's own text, plus the
/// fingerprints of the templates it extends and includes (resolved as Tera resolves
/// them), plus every template that defines components, which any template may use.
fn template_prints(sources: &[(String, String)]) -> HashMap<String, TemplatePrint> {
    let texts: HashMap<&str, &str> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let resolve = |name: &str| -> Option<&str> {
        texts
            .get_key_value(name)
            .or_else(|| texts.get_key_value(format!("{THEME_PREFIX}{name}").as_str()))
            .map(|(k, _)| *k)
    };
    let mut components = Fingerprint::new();
    for (name, text) in sources {
        if text.contains("{% component") || text.contains("{%- component") {
            components.add_str(name);
            components.add_str(text);
        }
    }
    let components = components.finish();
    let mut out = HashMap::new();
    for (name, _) in sources {
        let mut seen = HashSet::new();
        let mut stack = vec![name.as_str()];
        let mut f = Fingerprint::new();
        f.add_u64(components);
        let mut uses_data = false;
        while let Some(current) = stack.pop() {
            if !seen.insert(current) {
                continue;
            }
            let text = texts.get(current).copied().unwrap_or("");
            f.add_str(current);
            f.add_u64(hash_str(text));
            uses_data |= text.contains("data.")
                || text.contains("data[")
                || text.contains("data |")
                || text.contains("data }}");
            for referenced in referenced_templates(text) {
                if let Some(resolved) = resolve(referenced) {
                    stack.push(resolved);
                }
            }
        }
        out.insert(
            name.clone(),
            TemplatePrint {
                fingerprint: f.finish(),
                uses_data,
            },
        );
    }
    out
}

/// Names in `{% extends "…" %}` and `{% include "…" %}` (or a list of names).
fn referenced_templates(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for keyword in ["extends", "include"] {
        for (i, _) in text.match_indices(keyword) {
            let rest = text[i + keyword.len()..].trim_start();
            let rest = rest.strip_prefix('[').unwrap_or(rest);
            let mut rest = rest;
            while let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &rest[1..];
                let Some(end) = body.find(quote) else { break };
                out.push(&body[..end]);
                rest = body[end + 1..]
                    .trim_start()
                    .trim_start_matches(',')
                    .trim_start();
            }
        }
    }
    out
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
pub(crate) fn template_error(
    e: &tera::Error,
    files: &HashMap<String, PathBuf>,
    sources: &[(String, String)],
) -> Diagnostic {
    let shown = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let help = "fix the template; the Tera template language is described at https://keats.github.io/tera/";
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let file = shown(report.filename());
            let text = sources
                .iter()
                .find(|(n, _)| n == report.filename())
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            let location = Location {
                line: span.start_line.max(1),
                col: span.start_col + 1,
            };
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let mut d = Diagnostic::error("template", format!("{kind}: {}", report.message()))
                .with_help(help);
            d = if text.is_empty() {
                let mut d = d.in_file(&file);
                d.location = Some(location);
                d
            } else {
                d.at(&file, &text, location)
            };
            d
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            "template",
            format!("template `{current}` extends `{parent}`, which does not exist"),
        )
        .in_file(shown(current))
        .with_help(format!(
            "add templates/{parent}, or extend a template the theme has"
        )),
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error("template", format!("there is no template named `{name}`"))
                .with_help(help)
        }
        tera::ErrorKind::Msg(text) if text.starts_with("error: ") && text.contains("\n --> ") => {
            // Tera joins several reports into one message when templates do not fit
            // together (a block missing from a parent, say); the first is reported here
            // and the rest as notes, each at its template's real file.
            let mut reports = text
                .split("\n\n")
                .filter_map(|r| parse_report(r, files, sources));
            match reports.next() {
                Some(mut first) => {
                    for other in reports {
                        first.notes.push(format!(
                            "also: {} at {}",
                            other.message,
                            other.locus().unwrap_or_default()
                        ));
                    }
                    first
                }
                None => {
                    Diagnostic::error("template", format!("template error: {text}")).with_help(help)
                }
            }
        }
        other => {
            let mut message = other.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            Diagnostic::error("template", format!("template error: {message}")).with_help(help)
        }
    }
}

/// Reads one rustc-style report (`error: …\n --> name:line:col …`) back into a diagnostic.
fn parse_report(
    report: &str,
    files: &HashMap<String, PathBuf>,
    sources: &[(String, String)],
) -> Option<Diagnostic> {
    let mut lines = report.lines();
    let message = lines.next()?.strip_prefix("error: ")?;
    let locus = lines.next()?.trim_start().strip_prefix("--> ")?;
    let mut parts = locus.rsplitn(3, ':');
    let col: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let file = files
        .get(name)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(name));
    let text = sources
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or("");
    let help = if message.starts_with("Block `") {
        "a site's base.html must define every block the theme's templates fill: title, meta, breadcrumbs and main (see the README)"
    } else {
        "fix the template; the Tera template language is described at https://keats.github.io/tera/"
    };
    Some(
        Diagnostic::error("template", format!("template error: {message}"))
            .at(&file, text, Location { line, col })
            .with_help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_templates_a_template_uses() {
        let text = "{% extends \"base.html\" %}{% include 'partials/toc.html' %}{% include [\"a.html\", \"b.html\"] %}";
        assert_eq!(
            referenced_templates(text),
            ["base.html", "partials/toc.html", "a.html", "b.html"]
        );
    }

    #[test]
    fn a_template_print_changes_with_what_it_extends_only() {
        let sources = |base: &str| {
            vec![
                ("theme/base.html".to_string(), base.to_string()),
                (
                    "theme/page.html".to_string(),
                    "{% extends \"base.html\" %}{{ data.x }}".to_string(),
                ),
                ("theme/term.html".to_string(), "term".to_string()),
            ]
        };
        let before = template_prints(&sources("A"));
        let after = template_prints(&sources("B"));
        assert_ne!(before["theme/page.html"], after["theme/page.html"]);
        assert_eq!(before["theme/term.html"], after["theme/term.html"]);
        assert!(before["theme/page.html"].uses_data);
        assert!(!before["theme/term.html"].uses_data);
    }
}
