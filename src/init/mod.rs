//! `plainly init`: a new site, written whole or not at all. The starter (site.yaml, a
//! sample strategy of three chapters, a partners page with its logo, `.gitignore`) is
//! compiled into the binary from `src/init/starter/`, with the answers put in. What the
//! starter cannot know is written as a `TODO` placeholder, which `plainly check` lists
//! with its line until it is filled in.
//!
//! The starter's text is filled in by plain replacement of a few `%NAME%` markers, not by
//! a template engine: it holds no logic, and each answer is quoted for where it goes
//! (a YAML value, or Markdown text) before it is put in.

pub mod new;

use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::diag::Diagnostic;

/// What `init` asks, with the defaults it takes when it cannot ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// The website's name (site.yaml's `title`).
    pub title: Option<String>,
    /// The council or organisation that publishes it.
    pub council: Option<String>,
    /// The address the site will be published at.
    pub base_url: Option<String>,
    /// Whether every page gets a Welsh counterpart (`.cy.md`) to fill in.
    pub welsh: bool,
    /// The host it will be published on (one of `config::DEPLOY_TARGETS`), if known.
    pub host: Option<String>,
}

pub const DEFAULT_TITLE: &str = "Digital strategy";
pub const DEFAULT_COUNCIL: &str = "Example Council";
pub const DEFAULT_BASE_URL: &str = "https://www.example.gov.uk/";

/// The starter, as (path within the site, text with `%NAME%` markers).
const STARTER: &[(&str, &str)] = &[
    ("site.yaml", include_str!("starter/site.yaml")),
    (".gitignore", include_str!("starter/gitignore")),
    (
        "content/_index.md",
        include_str!("starter/content/_index.md"),
    ),
    (
        "content/strategy/_index.md",
        include_str!("starter/content/strategy/_index.md"),
    ),
    (
        "content/strategy/01-our-vision.md",
        include_str!("starter/content/strategy/01-our-vision.md"),
    ),
    (
        "content/strategy/02-what-we-will-do.md",
        include_str!("starter/content/strategy/02-what-we-will-do.md"),
    ),
    (
        "content/strategy/03-how-we-will-know.md",
        include_str!("starter/content/strategy/03-how-we-will-know.md"),
    ),
    (
        "content/partners/index.md",
        include_str!("starter/content/partners/index.md"),
    ),
    (
        "content/partners/logo.svg",
        include_str!("starter/content/partners/logo.svg"),
    ),
];

/// The files of a new site for these answers, made on `today`: (path within the site,
/// contents), in a fixed order.
pub fn starter(answers: &Answers, today: Date) -> Vec<(PathBuf, String)> {
    let title = answers.title.as_deref().unwrap_or(DEFAULT_TITLE);
    let council = answers.council.as_deref().unwrap_or(DEFAULT_COUNCIL);
    let base_url = answers.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
    let year = i64::from(today.year);
    let review = Date::from_days_since_epoch(today.days_since_epoch() + 365);
    let unasked = |given: &Option<String>, what: &str| match given {
        Some(_) => String::new(),
        None => format!("  # TODO: {what}"),
    };
    let markers: Vec<(&str, String)> = vec![
        (
            "%TITLE_TODO%",
            unasked(&answers.title, "the website's name"),
        ),
        (
            "%COUNCIL_TODO%",
            unasked(&answers.council, "your council's or organisation's name"),
        ),
        (
            "%BASE_URL_TODO%",
            unasked(&answers.base_url, "the address the website is published at"),
        ),
        ("%TITLE%", crate::yaml::quoted(title)),
        ("%COUNCIL%", crate::yaml::quoted(council)),
        ("%BASE_URL%", crate::yaml::quoted(base_url)),
        ("%COUNCIL_TEXT%", crate::markdown::escape_text(council)),
        ("%TODAY%", today.iso_date()),
        ("%REVIEW%", review.iso_date()),
        ("%YEAR_END%", (year + 5).to_string()),
        ("%YEAR_NEXT%", (year + 1).to_string()),
        ("%YEAR%", year.to_string()),
        (
            "%DEPLOY%",
            match &answers.host {
                Some(host) => format!(
                    "\n# Where the site is published: each build writes the host's own files.\ndeploy:\n  target: {host}\n"
                ),
                None => String::new(),
            },
        ),
    ];
    let mut files = Vec::new();
    for (path, text) in STARTER {
        let mut text = text.to_string();
        for (marker, value) in &markers {
            text = text.replace(marker, value);
        }
        if answers.welsh
            && let Some(welsh) = welsh_counterpart(path, &text)
        {
            files.push((PathBuf::from(path), text));
            files.push(welsh);
            continue;
        }
        files.push((PathBuf::from(path), text));
    }
    if let Some(host) = &answers.host {
        for (path, text) in crate::deploy::config_files(host) {
            files.push((path, text));
        }
    }
    files
}

/// A Welsh page to fill in beside a page of the starter: `page.cy.md` beside `page.md`,
/// its title and text placeholders that name the English page.
fn welsh_counterpart(path: &str, english: &str) -> Option<(PathBuf, String)> {
    let stem = path.strip_suffix(".md")?;
    let front = english.strip_prefix("---\n")?.split("\n---\n").next()?;
    let value =
        crate::yaml::parse_value(&crate::yaml::Source::file(Path::new(path), front)).ok()?;
    let title = value["title"].as_str().unwrap_or("");
    let file = Path::new(path).file_name()?.to_string_lossy().into_owned();
    let text = format!(
        "---\ntitle: {}\nsummary: \"TODO: crynodeb yn Gymraeg\"\nlang: cy\ntranslation_of: {}\n---\n\nTODO: y dudalen hon yn Gymraeg.\n",
        crate::yaml::quoted(&format!("TODO: teitl Cymraeg ({title})")),
        crate::yaml::quoted(&file),
    );
    Some((PathBuf::from(format!("{stem}.cy.md")), text))
}

/// Why a folder cannot take a new site.
#[derive(Debug)]
pub enum Refusal {
    /// It holds files (other than hidden ones) and `--force` was not given.
    NotEmpty(PathBuf),
    /// With `--force`: files of the starter already there, which are never overwritten.
    Clashes(PathBuf, Vec<PathBuf>),
    /// Something went wrong on disk.
    Failed(Diagnostic),
}

impl Refusal {
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            Refusal::NotEmpty(dir) => Diagnostic::error(
                "init",
                format!("{} is not empty", dir.display()),
            )
            .with_help("make the site in a new or empty folder (`plainly init NEW-FOLDER`), or pass --force to add the starter files beside what is there (nothing is overwritten)"),
            Refusal::Clashes(dir, paths) => Diagnostic::error(
                "init",
                format!(
                    "{} already has {} of the files a new site needs, so nothing was written: {}",
                    dir.display(),
                    paths.len(),
                    paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_help("move those files aside, or make the site in a new folder"),
            Refusal::Failed(d) => d.clone(),
        }
    }
}

/// Writes `files` into `dir`, whole or not at all: into a hidden folder first (inside `dir`
/// when it exists, else beside it), then moved into place. A `dir` that holds anything but hidden files is refused
/// unless `force`; with `force`, a file that is already there is refused, and nothing is
/// written.
pub fn write(dir: &Path, files: &[(PathBuf, String)], force: bool) -> Result<(), Refusal> {
    let failed = |path: &Path, what: &str, e: std::io::Error| {
        Refusal::Failed(
            Diagnostic::error("init", format!("cannot {what} {}: {e}", path.display()))
                .with_help("check that you can write to this folder"),
        )
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Refusal::Failed(
            Diagnostic::error("init", format!("{} is a file, not a folder", dir.display()))
                .with_help("name a new folder for the site"),
        ));
    }
    if dir.is_dir() {
        let visible = std::fs::read_dir(dir)
            .map_err(|e| failed(dir, "read", e))?
            .flatten()
            .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
        if visible && !force {
            return Err(Refusal::NotEmpty(dir.to_path_buf()));
        }
        let clashes: Vec<PathBuf> = files
            .iter()
            .filter(|(p, _)| dir.join(p).symlink_metadata().is_ok())
            .map(|(p, _)| p.clone())
            .collect();
        if !clashes.is_empty() {
            return Err(Refusal::Clashes(dir.to_path_buf(), clashes));
        }
    }
    let absolute = crate::config::absolute(dir);
    let parent = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
    let name = absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    // The new files are made first in a hidden folder: inside DIR when it exists (its
    // parent may not be writable, as a home folder's is not), else beside it.
    let exists = absolute.is_dir();
    let (holder, prefix) = if exists {
        (absolute.clone(), ".plainly-init-".to_string())
    } else {
        (parent.clone(), format!(".{name}.plainly-init-"))
    };
    std::fs::create_dir_all(&holder).map_err(|e| failed(&holder, "create", e))?;
    // Folders a killed init left behind.
    if let Ok(entries) = std::fs::read_dir(&holder) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    let staging = holder.join(format!("{prefix}{}", std::process::id()));
    let result = (|| {
        for (i, (path, text)) in files.iter().enumerate() {
            let to = staging.join(path);
            if let Some(folder) = to.parent() {
                std::fs::create_dir_all(folder).map_err(|e| failed(folder, "create", e))?;
            }
            std::fs::write(&to, text).map_err(|e| failed(&to, "write", e))?;
            if i == files.len() / 2 {
                crate::output::crash_point("init-write");
            }
        }
        if exists {
            merge(&staging, &absolute).map_err(|e| failed(&absolute, "write into", e))
        } else {
            std::fs::rename(&staging, &absolute).map_err(|e| failed(&absolute, "create", e))
        }
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// Moves everything in `from` into `to`, folder by folder; nothing in `to` is replaced.
fn merge(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if target.is_dir() && entry.file_type()?.is_dir() {
            merge(&entry.path(), &target)?;
        } else if target.symlink_metadata().is_err() {
            std::fs::rename(entry.path(), &target)?;
        } else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} appeared while writing", target.display()),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        Date::parse("2026-04-01").unwrap()
    }

    #[test]
    fn answers_are_quoted_for_where_they_go() {
        let answers = Answers {
            title: Some("Cyngor: \"Digidol\" # 2026".into()),
            council: Some("Ynys *Môn* & [Partners]".into()),
            base_url: Some("https://example.github.io/cyngor/".into()),
            welsh: false,
            host: None,
        };
        let files = starter(&answers, day());
        let site = &files
            .iter()
            .find(|(p, _)| p == Path::new("site.yaml"))
            .unwrap()
            .1;
        let value: serde_json::Value =
            crate::yaml::parse_value(&crate::yaml::Source::file(Path::new("site.yaml"), site))
                .unwrap();
        assert_eq!(value["title"], "Cyngor: \"Digidol\" # 2026");
        assert_eq!(value["organisation"]["name"], "Ynys *Môn* & [Partners]");
        assert_eq!(value["base_url"], "https://example.github.io/cyngor/");
        assert!(!site.contains("TODO: the website's name"));
        let home = &files
            .iter()
            .find(|(p, _)| p == Path::new("content/_index.md"))
            .unwrap()
            .1;
        assert!(
            home.contains("Ynys \\*Môn\\* \\& \\[Partners\\] publishes"),
            "{home}"
        );
        assert!(!files.iter().any(|(_, t)| t.contains('%')), "a marker left");
    }

    #[test]
    fn a_title_of_two_lines_with_an_emoji_reads_back_in_english_and_welsh() {
        let title = "Strategaeth 🏴 \"Digidol\"\nail linell: # dim";
        let answers = Answers {
            title: Some(title.into()),
            council: None,
            base_url: None,
            welsh: true,
            host: None,
        };
        let files = starter(&answers, day());
        let front = |path: &str| {
            let text = &files.iter().find(|(p, _)| p == Path::new(path)).unwrap().1;
            let front = text
                .strip_prefix("---\n")
                .unwrap()
                .split("\n---\n")
                .next()
                .unwrap();
            crate::yaml::parse_value(&crate::yaml::Source::file(Path::new(path), front)).unwrap()
        };
        assert_eq!(front("content/_index.md")["title"], title);
        assert_eq!(
            front("content/_index.cy.md")["title"],
            format!("TODO: teitl Cymraeg ({title})")
        );
    }

    #[test]
    fn defaults_are_marked_and_welsh_pages_sit_beside_each_page() {
        let answers = Answers {
            title: None,
            council: None,
            base_url: None,
            welsh: true,
            host: None,
        };
        let files = starter(&answers, day());
        let site = &files[0].1;
        for what in [
            "the website's name",
            "your council's or organisation's name",
            "the address the website is published at",
        ] {
            assert!(site.contains(&format!("  # TODO: {what}\n")), "{what}");
        }
        let paths: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        for page in paths
            .iter()
            .filter(|p| p.ends_with(".md") && !p.ends_with(".cy.md"))
        {
            let welsh = format!("{}.cy.md", page.strip_suffix(".md").unwrap());
            assert!(paths.contains(&welsh), "no {welsh}");
        }
        let vision = &files
            .iter()
            .find(|(p, _)| p == Path::new("content/strategy/01-our-vision.cy.md"))
            .unwrap()
            .1;
        assert!(
            vision.contains("lang: cy\ntranslation_of: 01-our-vision.md\n"),
            "{vision}"
        );
        assert!(
            vision.contains("TODO: teitl Cymraeg (Our vision)"),
            "{vision}"
        );
        assert!(files.iter().any(|(_, t)| t.contains("2031")));
    }
}
