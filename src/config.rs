//! `site.yaml`: the raw, typed file and the resolved [`Config`] every later stage reads.
//!
//! Reading is two-phase, as with command-line flags: [`RawConfig`] mirrors the file (every
//! key optional, unknown keys rejected with the closest known key), and [`Config`] is the
//! checked result with paths made absolute, the base URL split into origin and sub-path,
//! and command-line overrides applied.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::rules::Checks;

use crate::diag::{Diagnostic, Diagnostics, closest};
pub use crate::url::BaseUrl;
use crate::yaml;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// `site.yaml` as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RawConfig {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub organisation: Organisation,
    /// Who owns a new page (`plainly new` writes it as the page's `owner:`).
    pub owner: String,
    /// Where the site is published.
    pub deploy: Deploy,
    pub taxonomies: Option<Vec<String>>,
    pub output_dir: String,
    /// Brand colours for the theme.
    pub brand: Brand,
    /// The licence the content is published under, linked from every page's footer.
    pub licence: Option<Licence>,
    /// Pages with at least this many headings get an on-page contents list.
    pub toc_min_headings: Option<usize>,
    /// The accessibility statement, published at /accessibility/.
    pub accessibility: Option<Accessibility>,
    /// The site's own UI strings by language, over the theme's.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Rules of `plainly check` turned off, made errors or warnings, or given options.
    pub checks: BTreeMap<String, serde_json::Value>,
    /// Hidden files to publish from `static/` and `content/`, by name (such as `.nojekyll`).
    pub publish_hidden: Vec<String>,
    /// How Markdown is read.
    pub markdown: MarkdownSettings,
    /// How large a page, its front matter and a YAML document may be.
    pub limits: Limits,
    #[serde(deserialize_with = "crate::yaml::strict_value")]
    pub extra: serde_json::Value,
}

/// The `limits:` settings: what a build refuses to read, so that one bad file cannot
/// take the machine's memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Limits {
    /// The largest Markdown page or data file, in megabytes.
    pub file_mb: u64,
    /// The largest front matter, in kilobytes.
    pub front_matter_kb: u64,
    /// The most values a YAML document may hold once its aliases are expanded.
    pub yaml_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_mb: 50,
            front_matter_kb: 256,
            yaml_nodes: crate::yaml::DEFAULT_MAX_NODES,
        }
    }
}

impl Limits {
    pub fn file_bytes(&self) -> u64 {
        self.file_mb.saturating_mul(1 << 20)
    }
    pub fn front_matter_bytes(&self) -> usize {
        usize::try_from(self.front_matter_kb.saturating_mul(1 << 10)).unwrap_or(usize::MAX)
    }
}

/// The `markdown:` settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MarkdownSettings {
    /// What becomes of raw HTML in pages: `sanitise` (the default), `escape` or `allow`.
    pub raw_html: crate::html::RawHtml,
}

/// Colours the theme is drawn in; the theme checks their contrast where it uses them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct Brand {
    pub primary_colour: Option<String>,
    pub accent_colour: Option<String>,
}

/// The `deploy:` settings: where the site is published, so that each build writes the
/// files that host reads (headers, redirects).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct Deploy {
    /// One of [`DEPLOY_TARGETS`].
    pub target: String,
}

/// The hosts whose files a build writes.
pub const DEPLOY_TARGETS: [&str; 2] = ["github-pages", "netlify"];

/// A licence: its name and where to read it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct Licence {
    pub name: String,
    pub url: String,
}

/// How compliant the site is with WCAG 2.2 AA.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    Full,
    #[default]
    Partial,
    None,
}

/// The facts of an accessibility statement, following the UK's model statement.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct Accessibility {
    /// `full`, `partial` or `none`.
    pub compliance: Compliance,
    /// Content that does not meet the standard, with the WCAG criteria it fails.
    pub known_issues: Vec<KnownIssue>,
    /// Content the organisation judges a disproportionate burden to fix, with its reasons.
    pub disproportionate_burden: Vec<String>,
    /// Content outside the scope of the regulations (such as old PDFs).
    pub outside_scope: Vec<String>,
    /// How to ask for information in another format.
    pub accessible_formats: Contact,
    /// How to report a problem; defaults to `accessible_formats`.
    pub report_problem: Option<Contact>,
    /// What the organisation is doing to improve accessibility.
    pub improvements: Vec<String>,
    /// The accessibility roadmap: how and when the organisation plans to improve.
    pub roadmap_url: String,
    /// `ehrc` (England, Scotland, Wales) or `ecni` (Northern Ireland).
    pub enforcement_body: Option<String>,
    pub prepared: Option<Date>,
    pub last_reviewed: Option<Date>,
    pub last_tested: Option<Date>,
    /// Who tested the website: the organisation's own team or another.
    pub tested_by: String,
    /// How the pages tested were chosen, and why, in a sentence or two.
    pub test_sampling: String,
}

/// A problem with the site's accessibility, as the statement lists it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct KnownIssue {
    /// What does not meet the standard.
    pub description: String,
    /// What that means for the people who use the website, in a sentence.
    pub effect: String,
    /// WCAG 2.2 success criteria, such as `1.1.1`.
    pub criteria: Vec<String>,
    pub fix_by: Option<Date>,
}

/// Ways to reach a team.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct Contact {
    pub email: String,
    pub phone: String,
    pub url: String,
    /// Working days to reply.
    pub response_days: Option<u32>,
    /// Whether callers can use text relay (dialling 18001 before `phone`), or the
    /// words that say how.
    pub text_relay: Option<TextRelay>,
    /// A British Sign Language video relay service: its address (a link), or words that
    /// say how to use it.
    pub bsl: String,
    /// Where to visit in person and when: an address, with opening times.
    pub in_person: String,
}

impl Contact {
    /// `bsl` when it is an address to link to (one word with a scheme, or a path),
    /// rather than words to show.
    pub fn bsl_address(&self) -> Option<&str> {
        let bsl = self.bsl.trim();
        (!bsl.is_empty()
            && !bsl.contains(char::is_whitespace)
            && (crate::url::scheme(bsl).is_some() || bsl.starts_with('/')))
        .then_some(bsl)
    }
}

/// `text_relay:` in a contact block: `true` (dial 18001, then the block's phone number)
/// or the words that say how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TextRelay {
    Offered(bool),
    Text(String),
}

impl<'de> Deserialize<'de> for TextRelay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = TextRelay;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false or the words that say how to call by text relay")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<TextRelay, E> {
                Ok(TextRelay::Offered(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TextRelay, E> {
                Ok(TextRelay::Text(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Who publishes the site: shown in the header and footer by the theme.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct Organisation {
    pub name: String,
    pub url: String,
    /// A path to the logo image, usually in `static/`, such as `/images/logo.svg`.
    pub logo: String,
    /// Alternative text for the logo; defaults to the organisation's name.
    pub logo_alt: String,
    /// A path to the site's icon (what a browser's tab shows), such as
    /// `/images/favicon.svg`; the theme's own, in the brand colour, when empty.
    pub favicon: String,
    pub contact_email: String,
}

/// Options that come from the command line and override `site.yaml` for one run: they
/// change what the site is. How a run checks it (every rule, strict, today's date) is
/// [`crate::rules::Mode`], passed to the stages beside the configuration.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
    /// Replace an output folder that holds files Plainly did not write (`--force`).
    pub force: bool,
}

/// The checked configuration of one site.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The site root (the folder holding `site.yaml`), absolute.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub base_url: BaseUrl,
    /// The site's main language, a BCP 47 tag such as `en` or `cy`.
    pub language: String,
    pub theme: String,
    pub organisation: Organisation,
    /// Who owns a new page, as `plainly new` writes it.
    pub owner: String,
    /// The host the site is published on (one of [`DEPLOY_TARGETS`]), if set.
    pub deploy_target: Option<String>,
    pub taxonomies: Vec<String>,
    /// Where the built site goes, absolute.
    pub output_dir: PathBuf,
    pub brand: Brand,
    pub licence: Option<Licence>,
    pub toc_min_headings: usize,
    pub accessibility: Option<Accessibility>,
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    pub extra: serde_json::Value,
    /// Whether an output folder holding files Plainly did not write may be replaced
    /// (`--force`): a run option, not part of what the site is.
    pub replace_foreign_output: bool,
    /// Whether pages with `draft: true` are built.
    pub drafts: bool,
    pub checks: Checks,
    /// Hidden file names the site publishes.
    pub publish_hidden: Vec<String>,
    /// What becomes of raw HTML in pages.
    pub raw_html: crate::html::RawHtml,
    pub limits: Limits,
    /// The text of `site.yaml` (newlines normalised), for messages that point into it.
    pub text: String,
}

impl Config {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }
    pub fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }
    pub fn themes_dir(&self) -> PathBuf {
        self.root.join("themes")
    }
}

/// Reads and checks `site.yaml` in `root`, applying command-line overrides.
pub fn load_config(root: &Path, overrides: &Overrides) -> Result<Config, Diagnostics> {
    let root = absolute(root);
    let path = root.join(CONFIG_FILE);
    let shown = PathBuf::from(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => normalise_text(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Diagnostic::error(
                "config",
                format!("no {CONFIG_FILE} in {}", root.display()),
            )
            .with_help(format!(
                "run plainly in the folder that holds {CONFIG_FILE} or pass --root DIR; to start a new site here, run plainly init"
            ))
            .into());
        }
        Err(e) => {
            return Err(
                Diagnostic::error("config", format!("cannot read {CONFIG_FILE}: {e}"))
                    .in_file(&shown)
                    .into(),
            );
        }
    };
    let source = yaml::Source::file(&shown, &text);
    let (raw, unknown): (RawConfig, _) = yaml::parse(&source).map_err(Diagnostics::from)?;
    let mut diags = Diagnostics::new();
    let schema = schema();
    for key in unknown {
        let parent = &key.path[..key.path.len() - 1];
        let name = key.path.last().cloned().unwrap_or_default();
        let known = known_keys(&schema, parent);
        let help = match closest(&name, known.iter().map(String::as_str)) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("the keys allowed here are: {}", known.join(", ")),
        };
        diags.push(
            source.diagnostic_at(
                Diagnostic::error(
                    "config",
                    format!("unknown key `{}` in {CONFIG_FILE}", key.dotted()),
                )
                .with_help(help),
                key.location,
            ),
        );
    }
    let check = |diags: &mut Diagnostics, key: &str, message: String, help: &str| {
        let at = source
            .locate_value(&[key])
            .unwrap_or(crate::diag::Location { line: 1, col: 1 });
        diags.push(source.diagnostic_at(
            Diagnostic::error("config", message).with_help(help.to_string()),
            at,
        ));
    };

    let base_text = overrides.base_url.clone().unwrap_or(raw.base_url.clone());
    let base_url = match BaseUrl::parse(&base_text) {
        Ok(b) => b,
        Err(message) => {
            let help = "write base_url as the address the site is published at, such as https://www.example.gov.uk/ or https://example.github.io/council/";
            if overrides.base_url.is_some() {
                diags.push(
                    Diagnostic::error("config", format!("--base-url: {message}")).with_help(help),
                );
            } else {
                check(&mut diags, "base_url", format!("base_url: {message}"), help);
            }
            BaseUrl::parse("/").expect("root path parses")
        }
    };
    let language = if raw.language.trim().is_empty() {
        "en".to_string()
    } else {
        raw.language.trim().to_string()
    };
    if !is_language_tag(&language) {
        check(
            &mut diags,
            "language",
            format!("language: `{language}` is not a language tag"),
            "use a BCP 47 language tag such as en, cy or en-GB",
        );
    }
    let taxonomies = raw
        .taxonomies
        .clone()
        .unwrap_or_else(|| vec!["tags".into(), "themes".into()]);
    for name in &taxonomies {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-')
        {
            check(
                &mut diags,
                "taxonomies",
                format!("taxonomies: `{name}` is not a usable taxonomy name"),
                "use lower-case letters, - and _ only, such as tags or themes",
            );
        }
    }
    let target = raw.deploy.target.trim();
    if !target.is_empty() && !DEPLOY_TARGETS.contains(&target) {
        let help = match closest(target, DEPLOY_TARGETS) {
            Some(t) => format!(
                "did you mean `{t}`? The hosts Plainly writes files for are {}",
                DEPLOY_TARGETS.join(", ")
            ),
            None => format!(
                "the hosts Plainly writes files for are {}; for any other static host, leave deploy out",
                DEPLOY_TARGETS.join(", ")
            ),
        };
        let at = source
            .locate_value(&["deploy", "target"])
            .unwrap_or(crate::diag::Location { line: 1, col: 1 });
        diags.push(
            source.diagnostic_at(
                Diagnostic::error(
                    "config",
                    format!("deploy.target: `{target}` is not a host Plainly knows"),
                )
                .with_help(help),
                at,
            ),
        );
    }
    let theme = raw.theme.trim();
    if !theme.is_empty() && !crate::url::is_plain_name(theme) {
        check(
            &mut diags,
            "theme",
            format!("theme: `{theme}` is not a theme's name"),
            "name a folder in themes/, such as default; a theme is named, not given as a path",
        );
    }
    let accessibility = raw.accessibility.as_ref();
    let addresses = [
        (
            &["organisation", "url"][..],
            Some(raw.organisation.url.as_str()),
        ),
        (
            &["organisation", "logo"][..],
            Some(raw.organisation.logo.as_str()),
        ),
        (
            &["organisation", "favicon"][..],
            Some(raw.organisation.favicon.as_str()),
        ),
        (
            &["licence", "url"][..],
            raw.licence.as_ref().map(|l| l.url.as_str()),
        ),
        (
            &["accessibility", "accessible_formats", "url"][..],
            accessibility.map(|a| a.accessible_formats.url.as_str()),
        ),
        (
            &["accessibility", "report_problem", "url"][..],
            accessibility
                .and_then(|a| a.report_problem.as_ref())
                .map(|c| c.url.as_str()),
        ),
        (
            &["accessibility", "accessible_formats", "bsl"][..],
            accessibility.and_then(|a| a.accessible_formats.bsl_address()),
        ),
        (
            &["accessibility", "report_problem", "bsl"][..],
            accessibility
                .and_then(|a| a.report_problem.as_ref())
                .and_then(Contact::bsl_address),
        ),
        (
            &["accessibility", "roadmap_url"][..],
            accessibility.map(|a| a.roadmap_url.as_str()),
        ),
    ];
    for (path, value) in addresses {
        if let Some(problem) = value.and_then(crate::url::address_problem) {
            let at = source
                .locate_value(path)
                .unwrap_or(crate::diag::Location { line: 1, col: 1 });
            diags.push(
                source.diagnostic_at(
                    Diagnostic::error("unsafe-link", format!("{}: {problem}", path.join(".")))
                        .with_help("give an https:// address or a path within the site"),
                    at,
                ),
            );
        }
    }
    if let Some(statement) = accessibility {
        check_statement(&source, statement, &mut diags);
    }
    for name in &raw.publish_hidden {
        let problem = if name.contains(['/', '\\']) || !name.starts_with('.') || name.len() < 2 {
            Some("is not the name of a hidden file, such as .nojekyll")
        } else if crate::walk::classify(std::ffi::OsStr::new(name))
            == Some(crate::walk::Skip::Secret)
        {
            Some("looks like a secret, which Plainly never publishes")
        } else {
            None
        };
        if let Some(problem) = problem {
            check(
                &mut diags,
                "publish_hidden",
                format!("publish_hidden: `{name}` {problem}"),
                "list file names starting with a dot, without folders, such as .nojekyll or .htaccess",
            );
        }
    }
    if raw.title.trim().is_empty() {
        diags.push(
            Diagnostic::error("config", format!("{CONFIG_FILE} has no title"))
                .at(&shown, &text, crate::diag::Location { line: 1, col: 1 })
                .with_help("add a line such as `title: Digital Strategy` with the site's name"),
        );
    }
    let checks = match Checks::from_config(&raw.checks) {
        Ok(c) => c,
        Err(errors) => {
            for (path, message, help) in errors {
                let refs: Vec<&str> = path.iter().map(String::as_str).collect();
                let at = source
                    .locate_key(&refs)
                    .unwrap_or(crate::diag::Location { line: 1, col: 1 });
                diags.push(
                    source.diagnostic_at(Diagnostic::error("config", message).with_help(help), at),
                );
            }
            Checks::default()
        }
    };
    let output_dir = match &overrides.output_dir {
        Some(dir) => absolute(dir),
        None if raw.output_dir.trim().is_empty() => root.join("output"),
        None => root.join(raw.output_dir.trim()),
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let mut organisation = raw.organisation;
    if organisation.name.trim().is_empty() {
        organisation.name = raw.title.clone();
    }
    if organisation.logo_alt.trim().is_empty() {
        organisation.logo_alt = organisation.name.clone();
    }
    let config = Config {
        root,
        title: raw.title.trim().to_string(),
        description: raw.description,
        base_url,
        language,
        theme: if raw.theme.trim().is_empty() {
            "default".into()
        } else {
            raw.theme.trim().to_string()
        },
        organisation,
        taxonomies,
        output_dir,
        brand: raw.brand,
        licence: raw.licence,
        toc_min_headings: raw.toc_min_headings.unwrap_or(3),
        owner: raw.owner.trim().to_string(),
        deploy_target: Some(raw.deploy.target.trim().to_string()).filter(|t| !t.is_empty()),
        accessibility: raw.accessibility,
        strings: raw.strings,
        extra: raw.extra,
        drafts: overrides.drafts,
        replace_foreign_output: overrides.force,
        checks,
        publish_hidden: raw.publish_hidden,
        raw_html: raw.markdown.raw_html,
        limits: raw.limits,
        text: text.clone(),
    };
    // An unsafe output folder named in site.yaml is reported at its line.
    if overrides.output_dir.is_none()
        && !raw.output_dir.trim().is_empty()
        && let Err(d) = crate::output::check_output_dir(&config.root, &config.output_dir)
    {
        let at = source
            .locate_value(&["output_dir"])
            .unwrap_or(crate::diag::Location { line: 1, col: 1 });
        return Err(source.diagnostic_at(d, at).into());
    }
    Ok(config)
}

/// What the accessibility statement cannot say: a known issue without a description, a
/// success criterion WCAG 2.2 does not have, or text relay offered with no number to dial.
fn check_statement(source: &yaml::Source, statement: &Accessibility, diags: &mut Diagnostics) {
    let first_line = crate::diag::Location { line: 1, col: 1 };
    for (i, issue) in statement.known_issues.iter().enumerate() {
        let i = i.to_string();
        if issue.description.trim().is_empty() {
            let at = source
                .locate_item(&["accessibility", "known_issues", &i])
                .unwrap_or(first_line);
            diags.push(
                source.diagnostic_at(
                    Diagnostic::error(
                        "config",
                        format!("accessibility.known_issues.{i} has no description"),
                    )
                    .with_help("say what is not accessible in `description:`, and what that means for the people who use the website in `effect:`"),
                    at,
                ),
            );
        }
        for (j, number) in issue.criteria.iter().enumerate() {
            if crate::wcag::criterion_name(number.trim()).is_some() {
                continue;
            }
            let j = j.to_string();
            let at = source
                .locate_item(&["accessibility", "known_issues", &i, "criteria", &j])
                .or_else(|| source.locate_item(&["accessibility", "known_issues", &i, "criteria"]))
                .unwrap_or(first_line);
            diags.push(
                source.diagnostic_at(
                    Diagnostic::error(
                        "config",
                        format!(
                            "accessibility.known_issues.{i}.criteria: `{number}` is not a WCAG 2.2 success criterion"
                        ),
                    )
                    .with_help(crate::wcag::numbering_help(number.trim())),
                    at,
                ),
            );
        }
    }
    let contacts = [
        ("accessible_formats", Some(&statement.accessible_formats)),
        ("report_problem", statement.report_problem.as_ref()),
    ];
    for (name, contact) in contacts {
        let Some(contact) = contact else { continue };
        if contact.text_relay == Some(TextRelay::Offered(true)) && contact.phone.trim().is_empty() {
            let at = source
                .locate_value(&["accessibility", name, "text_relay"])
                .unwrap_or(first_line);
            diags.push(
                source.diagnostic_at(
                    Diagnostic::error(
                        "config",
                        format!("accessibility.{name}.text_relay: text relay needs a phone number to dial after 18001"),
                    )
                    .with_help("add `phone:` to this block, or write the words that say how to call, such as \"Text relay: dial 18001 then 01632 960 400\""),
                    at,
                ),
            );
        }
    }
}

/// Every key `site.yaml` may have, as the serialised default configuration, with one
/// example of each kind of list item and optional block.
fn schema() -> serde_json::Value {
    let raw = RawConfig {
        licence: Some(Licence::default()),
        accessibility: Some(Accessibility {
            known_issues: vec![KnownIssue::default()],
            report_problem: Some(Contact::default()),
            ..Accessibility::default()
        }),
        ..RawConfig::default()
    };
    serde_json::to_value(raw).unwrap_or_default()
}

/// The keys a mapping at `parent` may hold, read from the schema.
fn known_keys(schema: &serde_json::Value, parent: &[String]) -> Vec<String> {
    let mut node = schema;
    for key in parent {
        let next = match key.parse::<usize>() {
            Ok(_) => node.get(0),
            Err(_) => node.get(key),
        };
        match next {
            Some(n) => node = n,
            None => return Vec::new(),
        }
    }
    node.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Text as every step reads it: without a byte order mark, with `\n` line endings, and
/// with U+0000 (which no page may publish and YAML refuses) as U+FFFD.
/// [`normalise_text`] of a text already owned: unchanged (most files), it is not copied.
pub fn normalise_owned(text: String) -> String {
    // A byte search: a `char` pattern decodes every character of a page to find none.
    if text.starts_with('\u{feff}') || memchr::memchr2(b'\r', 0, text.as_bytes()).is_some() {
        normalise_text(&text)
    } else {
        text
    }
}

pub fn normalise_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    if text.contains('\0') {
        text = text.replace('\0', "\u{fffd}");
    }
    text
}

/// Makes a path absolute against the current directory, without touching the disk.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    // Drop `.` and resolve `..` lexically so that comparisons between paths hold.
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("en-GB"));
        assert!(is_language_tag("cy"));
        assert!(!is_language_tag("english language"));
        assert!(!is_language_tag("e"));
    }

    #[test]
    fn newlines_and_bom_are_normalised() {
        assert_eq!(normalise_text("\u{feff}a\r\nb\rc"), "a\nb\nc");
        // The owned path finds each of these by its bytes, anywhere in the text, beside
        // characters of several bytes.
        for (input, expected) in [
            ("\u{feff}Ŵ\r\nŷ", "Ŵ\nŷ"),
            ("Gwasanaethau ŵ\r", "Gwasanaethau ŵ\n"),
            ("🏴\u{e0067}\0—", "🏴\u{e0067}\u{fffd}—"),
            ("“plain” – text", "“plain” – text"),
        ] {
            assert_eq!(normalise_owned(input.to_string()), expected, "{input:?}");
        }
    }
}
