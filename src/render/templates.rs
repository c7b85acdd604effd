//! Templates: the theme's and the site's Tera templates, parsed once per build, the UI
//! strings they read with `t()`, Plainly's functions and filters, and template errors
//! turned into diagnostics at the template's file, line and column.
//!
//! The templates have one fingerprint, of everything that decides what they make of a
//! context: every template's name and text, and what Plainly's functions read (the UI
//! strings, the base URL). Any template may extend, include or call any other, so an
//! edit to one counts as a change to all: nothing is left to a guess about which
//! template uses which.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult};

use super::theme::{Strings, Theme};
use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fingerprint::Fingerprint;

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
    /// Of every template and of what the functions read.
    print: u64,
}

/// UI strings by language, with fallbacks.
#[derive(Debug, serde::Serialize)]
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
    let functions = FunctionInputs {
        strings: strings.clone(),
        base_url: config.base_url.clone(),
    };
    register_functions(&mut tera, &functions);

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
            register_functions(&mut single, &functions);
            if let Err(e) = single.add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                diags.push(template_error(&e, &files, &sources));
            }
        }
    }
    let failed = diags.has_errors();
    report.extend(diags);
    let mut print = Fingerprint::new();
    let mut names: Vec<&(String, String)> = sources.iter().collect();
    names.sort();
    for (name, text) in names {
        print.add_str(name).add_str(text);
    }
    print
        .value(functions.strings.as_ref())
        .add_str(&functions.base_url.origin)
        .add_str(&functions.base_url.path);
    let print = print.finish();
    (!failed).then_some(Templates {
        tera,
        files,
        sources,
        strings,
        print,
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
    let source = crate::yaml::Source::file(Path::new(crate::config::CONFIG_FILE), &config.text);
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

    /// The fingerprint of every template and of what Plainly's functions read.
    pub fn print(&self) -> u64 {
        self.print
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
}

/// Everything Plainly's template functions and filters read besides their arguments:
/// part of the templates' fingerprint.
struct FunctionInputs {
    strings: Arc<UiStrings>,
    base_url: crate::url::BaseUrl,
}

fn register_functions(tera: &mut Tera, inputs: &FunctionInputs) {
    let strings = inputs.strings.clone();
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
    let base = inputs.base_url.clone();
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
    use crate::render::theme::load_theme;

    /// The templates' fingerprint for a site with these files.
    fn print(files: &[(&str, &str)]) -> u64 {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let config = crate::config::load_config(dir.path(), &Default::default()).unwrap();
        let theme = load_theme(&config).unwrap();
        let mut diags = Diagnostics::new();
        let templates = load_templates(&config, &theme, &mut diags).unwrap();
        templates.print()
    }

    #[test]
    fn the_print_covers_every_template_and_what_functions_read() {
        let site = ("site.yaml", "title: T\n");
        let base = print(&[site]);
        assert_eq!(base, print(&[site]), "the same templates, the same print");
        // A template of the site's own, even one that no page names directly.
        assert_ne!(
            base,
            print(&[site, ("templates/partials/x.html", "<p>x</p>")])
        );
        assert_ne!(
            print(&[site, ("templates/partials/x.html", "<p>x</p>")]),
            print(&[site, ("templates/partials/x.html", "<p>y</p>")])
        );
        // The UI strings `t()` reads, and the base URL `url()` reads.
        assert_ne!(
            base,
            print(&[(
                "site.yaml",
                "title: T\nstrings:\n  en:\n    footnotes: Notes\n"
            )])
        );
        assert_ne!(
            base,
            print(&[("site.yaml", "title: T\nbase_url: /council/\n")])
        );
    }
}
