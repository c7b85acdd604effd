//! How a site has set its checks (`checks:` in site.yaml), and how a run applies them.
//!
//! ```yaml
//! checks:
//!   all-caps: off                    # turn a rule off
//!   link-text: error                 # change its severity
//!   sentence-length: { max_words: 30 }
//!   acronym: { allow: [CDO, ICT] }
//! ```
//!
//! A page can ignore rules for itself: `checks: { ignore: [sentence-length] }`.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::{RULES, Rule, rule};
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Severity, closest};

/// One rule as the site has set it.
#[derive(Debug, Clone, PartialEq)]
struct Setting {
    /// `None`: the rule is off.
    severity: Option<Severity>,
    options: BTreeMap<String, serde_json::Value>,
}

/// Every rule's setting for a site.
#[derive(Debug, Clone, PartialEq)]
pub struct Checks {
    settings: HashMap<&'static str, Setting>,
}

impl Default for Checks {
    fn default() -> Self {
        Checks {
            settings: RULES
                .iter()
                .map(|r| {
                    (
                        r.id,
                        Setting {
                            severity: Some(r.severity),
                            options: BTreeMap::new(),
                        },
                    )
                })
                .collect(),
        }
    }
}

/// A problem with `checks:`: the path of keys it is at, the message and how to fix it.
pub type SettingError = (Vec<String>, String, String);

impl Checks {
    /// Reads `checks:` from site.yaml.
    pub fn from_config(
        raw: &BTreeMap<String, serde_json::Value>,
    ) -> Result<Checks, Vec<SettingError>> {
        let mut checks = Checks::default();
        let mut errors = Vec::new();
        for (id, value) in raw {
            let Some(rule) = rule(id) else {
                let help = match closest(id, RULES.iter().map(|r| r.id)) {
                    Some(c) => {
                        format!("did you mean `{c}`? The rules are listed in docs/checks.md")
                    }
                    None => "the rules are listed in docs/checks.md".to_string(),
                };
                errors.push((
                    vec!["checks".into(), id.clone()],
                    format!("there is no check named `{id}`"),
                    help,
                ));
                continue;
            };
            let setting = checks
                .settings
                .get_mut(rule.id)
                .expect("every rule has a setting");
            match value {
                serde_json::Value::String(s) => match parse_severity(s) {
                    Some(sev) => setting.severity = sev,
                    None => errors.push(severity_error(id, s)),
                },
                serde_json::Value::Bool(false) => setting.severity = None,
                serde_json::Value::Object(map) => {
                    for (key, v) in map {
                        if key == "severity" {
                            match v.as_str().and_then(parse_severity) {
                                Some(sev) => setting.severity = sev,
                                None => errors.push(severity_error(id, &v.to_string())),
                            }
                        } else if rule.options.iter().any(|(k, _)| k == key) {
                            setting.options.insert(key.clone(), v.clone());
                        } else {
                            let known: Vec<&str> = rule
                                .options
                                .iter()
                                .map(|(k, _)| *k)
                                .chain(["severity"])
                                .collect();
                            let help = match closest(key, known.iter().copied()) {
                                Some(c) => format!("did you mean `{c}`?"),
                                None => format!("`{id}` takes: {}", known.join(", ")),
                            };
                            errors.push((
                                vec!["checks".into(), id.clone(), key.clone()],
                                format!("the `{id}` check has no option `{key}`"),
                                help,
                            ));
                        }
                    }
                }
                other => errors.push(severity_error(id, &other.to_string())),
            }
        }
        if errors.is_empty() {
            Ok(checks)
        } else {
            Err(errors)
        }
    }

    /// The severity a rule has, or `None` when it is off.
    pub fn severity(&self, id: &str) -> Option<Severity> {
        self.settings.get(id).and_then(|s| s.severity)
    }

    /// A number option of a rule, or its default.
    pub fn number(&self, id: &str, key: &str) -> f64 {
        self.option(id, key)
            .and_then(|v| v.as_f64())
            .or_else(|| default_of(id, key).and_then(|d| d.trim().parse().ok()))
            .unwrap_or(0.0)
    }

    /// A list option of a rule, or its default.
    pub fn list(&self, id: &str, key: &str) -> Vec<String> {
        match self.option(id, key) {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| i.to_string())
                })
                .collect(),
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            _ => default_of(id, key)
                .map(|d| {
                    d.trim_matches(['[', ']'])
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// A true-or-false option of a rule, or its default.
    pub fn flag(&self, id: &str, key: &str) -> bool {
        self.option(id, key)
            .and_then(|v| v.as_bool())
            .or_else(|| default_of(id, key).map(|d| d.trim() == "true"))
            .unwrap_or(false)
    }

    fn option(&self, id: &str, key: &str) -> Option<&serde_json::Value> {
        self.settings.get(id).and_then(|s| s.options.get(key))
    }
}

fn default_of(id: &str, key: &str) -> Option<&'static str> {
    rule(id).and_then(|r: &Rule| r.options.iter().find(|(k, _)| *k == key).map(|(_, d)| *d))
}

fn parse_severity(text: &str) -> Option<Option<Severity>> {
    match text.trim().to_ascii_lowercase().as_str() {
        "error" => Some(Some(Severity::Error)),
        "warning" | "warn" => Some(Some(Severity::Warning)),
        "off" | "false" | "no" | "none" => Some(None),
        _ => None,
    }
}

fn severity_error(id: &str, value: &str) -> SettingError {
    (
        vec!["checks".into(), id.to_string()],
        format!("`{value}` is not a setting for the `{id}` check"),
        "write `off`, `warning` or `error`, or a mapping of the check's options".into(),
    )
}

/// How this run checks: `plainly build` runs only the rules that are errors (fast);
/// `plainly check` runs them all. Run options, passed to each stage that needs them;
/// the site's configuration does not hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mode {
    /// Every rule (`plainly check`), not only those that are errors.
    pub all: bool,
    /// Warnings fail the run; an overdue review is an error.
    pub strict: bool,
    /// Check links to other sites.
    pub external: bool,
    /// The date review dates and consultations are compared with.
    pub today: Date,
    /// Moving old content in (`--migrate`): the errors such content has by the hundred
    /// ([`MIGRATE`]) are warnings, so the site builds while the list is worked through.
    pub migrate: bool,
}

/// The rules `--migrate` makes warnings: links to pages that were never moved, images
/// without alternative text, empty links and headings, tables without headers.
pub const MIGRATE: &[&str] = &[
    "broken-link",
    "broken-anchor",
    "missing-image",
    "missing-file",
    "image-alt",
    "empty-link",
    "empty-heading",
    "heading-h1",
    "table-header",
];

impl Mode {
    /// A rule's severity in this run, from the one the site gives it.
    fn lowered(&self, id: &str, severity: Severity) -> Severity {
        if self.migrate && severity == Severity::Error && MIGRATE.contains(&id) {
            Severity::Warning
        } else {
            severity
        }
    }
}

impl Mode {
    /// The mode of a build: error rules only, dated today.
    pub fn build() -> Mode {
        Mode {
            all: false,
            strict: false,
            external: false,
            today: today(),
            migrate: false,
        }
    }

    /// The mode of `plainly check`: every rule.
    pub fn check() -> Mode {
        Mode {
            all: true,
            ..Mode::build()
        }
    }

    /// Whether a run with these problems fails: any error, or with --strict any warning.
    pub fn fails(&self, diags: &Diagnostics) -> bool {
        diags.has_errors() || (self.strict && diags.warning_count() > 0)
    }
}

/// Today's date (UTC), or the one `SOURCE_DATE_EPOCH` gives, for reproducible runs.
pub fn today() -> Date {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    Date::from_days_since_epoch(seconds.div_euclid(86_400))
}

/// Whether a rule runs in this mode, and at what severity.
pub fn active(checks: &Checks, mode: &Mode, id: &str) -> Option<Severity> {
    let mut severity = mode.lowered(id, checks.severity(id)?);
    if mode.strict && id == "review-overdue" {
        severity = Severity::Error;
    }
    // A build runs the error rules, and the ones --migrate lowered, to say what to fix.
    if !mode.all && severity != Severity::Error && !(mode.migrate && MIGRATE.contains(&id)) {
        return None;
    }
    Some(severity)
}

/// Applies the site's settings to every diagnostic of a run: rules turned off go, rules
/// given another severity get it, and rules a page ignores (`checks: { ignore: […] }`)
/// go for that page. Diagnostics that are not from rules (a YAML syntax error, say)
/// stay as they are.
pub fn settle(
    diags: Diagnostics,
    checks: &Checks,
    mode: &Mode,
    ignored: &HashMap<PathBuf, Vec<String>>,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    for mut d in diags {
        if rule(d.code).is_some() {
            let Some(severity) = checks.severity(d.code) else {
                continue;
            };
            if d.file
                .as_ref()
                .and_then(|f| ignored.get(f))
                .is_some_and(|rules| rules.iter().any(|r| r == d.code))
            {
                continue;
            }
            d.severity = if mode.strict && d.code == "review-overdue" {
                Severity::Error
            } else {
                mode.lowered(d.code, severity)
            };
        }
        out.push(d);
    }
    out
}

/// A diagnostic for a rule, at its default severity (settled later).
pub fn finding(id: &'static str, message: impl Into<String>) -> Diagnostic {
    let severity = rule(id).map(|r| r.severity).unwrap_or(Severity::Warning);
    let d = match severity {
        Severity::Error => Diagnostic::error(id, message),
        Severity::Warning => Diagnostic::warning(id, message),
        Severity::Note => Diagnostic::note(id, message),
    };
    match rule(id) {
        Some(r) => d.with_help(r.fix),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(yaml_json: serde_json::Value) -> BTreeMap<String, serde_json::Value> {
        serde_json::from_value(yaml_json).unwrap()
    }

    #[test]
    fn settings_turn_off_change_severity_and_set_options() {
        let checks = Checks::from_config(&raw(serde_json::json!({
            "all-caps": "off",
            "link-text": "error",
            "sentence-length": { "max_words": 30, "severity": "warning" },
            "acronym": { "allow": ["CDO"] },
        })))
        .unwrap();
        assert_eq!(checks.severity("all-caps"), None);
        assert_eq!(checks.severity("link-text"), Some(Severity::Error));
        assert_eq!(checks.number("sentence-length", "max_words"), 30.0);
        assert_eq!(checks.number("reading-grade", "max_grade"), 10.0);
        assert_eq!(checks.list("acronym", "allow"), vec!["CDO"]);
        assert!(
            Checks::default()
                .list("acronym", "allow")
                .contains(&"NHS".to_string())
        );
    }

    #[test]
    fn unknown_rules_and_options_are_errors_with_suggestions() {
        let errors = Checks::from_config(&raw(serde_json::json!({
            "sentence-lenght": "off",
            "sentence-length": { "max_word": 30 },
            "link-text": "loud",
        })))
        .unwrap_err();
        assert_eq!(errors.len(), 3);
        assert!(
            errors
                .iter()
                .any(|(_, _, help)| help.contains("`sentence-length`"))
        );
        assert!(
            errors
                .iter()
                .any(|(_, _, help)| help.contains("`max_words`"))
        );
        assert!(errors.iter().any(|(_, m, _)| m.contains("`loud`")));
    }

    #[test]
    fn build_runs_only_error_rules_and_strict_makes_overdue_reviews_errors() {
        let checks = Checks::default();
        let mut mode = Mode::build();
        assert_eq!(active(&checks, &mode, "broken-link"), Some(Severity::Error));
        assert_eq!(active(&checks, &mode, "sentence-length"), None);
        mode.all = true;
        assert_eq!(
            active(&checks, &mode, "sentence-length"),
            Some(Severity::Warning)
        );
        mode.strict = true;
        assert_eq!(
            active(&checks, &mode, "review-overdue"),
            Some(Severity::Error)
        );
    }
}
