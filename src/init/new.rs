//! `plainly new PATH`: a new page in `content/`, from an archetype, its front matter
//! filled in. The archetype is the site's `archetypes/KIND.md`, else its theme's
//! `themes/NAME/archetypes/KIND.md`, else the built-in one. An archetype is a page whose
//! front matter may hold `{title}`, `{date}`, `{review_date}`, `{owner}`, `{weight}` and
//! `{closes}`; each is replaced by its value, written as YAML, and a line whose value is
//! unknown (`{weight}` when the chapters have none) is left out.

use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::date::Date;
use crate::diag::Diagnostic;

/// The kinds of page with a built-in archetype.
pub const KINDS: [&str; 4] = ["page", "chapter", "partner", "consultation"];

const BUILT_IN: [(&str, &str); 4] = [
    ("page", include_str!("archetypes/page.md")),
    ("chapter", include_str!("archetypes/chapter.md")),
    ("partner", include_str!("archetypes/partner.md")),
    ("consultation", include_str!("archetypes/consultation.md")),
];

/// What `new` made.
#[derive(Debug)]
pub struct Made {
    /// The files written, relative to the site root.
    pub files: Vec<PathBuf>,
    pub kind: String,
    /// Where the archetype came from, as shown to the user.
    pub archetype: String,
}

/// Why `new` wrote nothing: a usage problem (exit 2) or a failure on disk (exit 1).
#[derive(Debug)]
pub enum Refused {
    Usage(Diagnostic),
    Failed(Diagnostic),
}

/// Makes the page at `path` (relative to the site root, or absolute) as a page of
/// `kind` (by default a chapter in a publication's folder, else a page), dated `date`.
pub fn new_page(
    config: &Config,
    path: &Path,
    kind: Option<&str>,
    date: Date,
) -> Result<Made, Refused> {
    let usage = |message: String, help: String| {
        Refused::Usage(Diagnostic::error("new", message).with_help(help))
    };
    let content = config.content_dir();
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        config.root.join(path)
    };
    let shown = path.display().to_string();
    let rel = full
        .strip_prefix(&content)
        .ok()
        .filter(|rel| {
            !rel.as_os_str().is_empty()
                && rel.components().all(|c| matches!(c, Component::Normal(_)))
        })
        .map(Path::to_path_buf);
    let Some(rel) = rel else {
        let help = match path.components().next() {
            Some(Component::Normal(_)) if !path.starts_with("content") => {
                format!("pages live in content/: did you mean content/{shown}?")
            }
            _ => "pages live in content/, for example content/strategy/04-next-steps.md".into(),
        };
        return Err(usage(
            format!("{shown} is not in the site's content/ folder"),
            help,
        ));
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(stem) = name.strip_suffix(".md") else {
        return Err(usage(
            format!("{shown} is not a Markdown file"),
            "end the file's name with .md, such as 04-next-steps.md".into(),
        ));
    };
    if full.symlink_metadata().is_ok() {
        return Err(usage(
            format!("{shown} already exists"),
            "choose another name: plainly new never overwrites a file".into(),
        ));
    }
    let folder = full.parent().unwrap_or(&content).to_path_buf();
    let kind = match kind {
        Some(k) if KINDS.contains(&k) => k.to_string(),
        Some(k) => {
            let help = match crate::diag::closest(k, KINDS) {
                Some(c) => format!("did you mean `{c}`? The kinds are {}", KINDS.join(", ")),
                None => format!("the kinds are {}", KINDS.join(", ")),
            };
            return Err(usage(
                format!("there is no kind of page called `{k}`"),
                help,
            ));
        }
        None if is_publication(&folder) => "chapter".into(),
        None => "page".into(),
    };
    let (archetype, from) = archetype(config, &kind).map_err(Refused::Failed)?;
    let welsh = stem.strip_suffix(".cy");
    let title = title_from_name(welsh.unwrap_or(stem));
    let owner = if config.owner.is_empty() {
        "TODO: who owns this page".to_string()
    } else {
        config.owner.clone()
    };
    let weight = (kind == "chapter")
        .then(|| last_weight(&folder).map(|w| w + 1))
        .flatten();
    let values = Values {
        title: &title,
        date,
        owner: &owner,
        weight,
    };
    let mut files = vec![(rel.clone(), fill(&archetype, &values))];
    // A Welsh site gets the Welsh page beside it.
    if welsh.is_none() && has_welsh_pages(&content) {
        let cy = rel.with_file_name(format!("{stem}.cy.md"));
        if content.join(&cy).symlink_metadata().is_ok() {
            return Err(usage(
                format!("content/{} already exists", cy.display()),
                "choose another name: plainly new never overwrites a file".into(),
            ));
        }
        files.push((cy, welsh_page(&name, &values)));
    }
    std::fs::create_dir_all(&folder).map_err(|e| {
        Refused::Failed(Diagnostic::error(
            "new",
            format!("cannot create {}: {e}", folder.display()),
        ))
    })?;
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = content.join(rel);
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if let Err(e) = result {
            for done in &written {
                let _ = std::fs::remove_file(content.join(done));
            }
            return Err(Refused::Failed(Diagnostic::error(
                "new",
                format!("cannot write content/{}: {e}", rel.display()),
            )));
        }
        written.push(rel.clone());
    }
    Ok(Made {
        files: written
            .iter()
            .map(|r| Path::new("content").join(r))
            .collect(),
        kind,
        archetype: from,
    })
}

/// The values an archetype's markers stand for.
struct Values<'a> {
    title: &'a str,
    date: Date,
    owner: &'a str,
    weight: Option<i64>,
}

/// An archetype with its markers replaced; lines whose value is unknown are left out.
fn fill(archetype: &str, values: &Values) -> String {
    let review = Date::from_days_since_epoch(values.date.days_since_epoch() + 365);
    let closes = Date::from_days_since_epoch(values.date.days_since_epoch() + 12 * 7);
    let markers = [
        ("{title}", Some(crate::yaml::quoted(values.title))),
        ("{date}", Some(values.date.iso_date())),
        ("{review_date}", Some(review.iso_date())),
        ("{closes}", Some(closes.iso_date())),
        ("{owner}", Some(crate::yaml::quoted(values.owner))),
        ("{weight}", values.weight.map(|w| w.to_string())),
    ];
    let mut out = String::with_capacity(archetype.len() + 64);
    for line in archetype.split_inclusive('\n') {
        let mut line = line.to_string();
        let mut keep = true;
        for (marker, value) in &markers {
            if line.contains(marker) {
                match value {
                    Some(v) => line = line.replace(marker, v),
                    None => keep = false,
                }
            }
        }
        if keep {
            out.push_str(&line);
        }
    }
    out
}

/// The Welsh page beside a new page: its title and text placeholders.
fn welsh_page(english_file: &str, values: &Values) -> String {
    format!(
        "---\ntitle: {}\nsummary: \"TODO: crynodeb yn Gymraeg\"\ndate: {}\nlang: cy\ntranslation_of: {}\ndraft: true\n---\n\nTODO: y dudalen hon yn Gymraeg.\n",
        crate::yaml::quoted(&format!("TODO: teitl Cymraeg ({})", values.title)),
        values.date.iso_date(),
        crate::yaml::quoted(english_file),
    )
}

/// The archetype of a kind, and where it came from: the site's, its theme's, or built in.
fn archetype(config: &Config, kind: &str) -> Result<(String, String), Diagnostic> {
    let file = format!("{kind}.md");
    let places = [
        PathBuf::from("archetypes").join(&file),
        PathBuf::from("themes")
            .join(&config.theme)
            .join("archetypes")
            .join(&file),
    ];
    for place in places {
        let path = config.root.join(&place);
        if path.is_file() {
            let text = crate::content::read_text(&path, &place)?;
            return Ok((text, place.display().to_string()));
        }
    }
    let built_in = BUILT_IN
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, t)| t.to_string())
        .unwrap_or_default();
    Ok((built_in, "the built-in archetype".into()))
}

/// A title from a file's name, in sentence case: `04-next-steps` → "Next steps". The
/// ordering number goes; only the first letter is made a capital, so names keep theirs.
pub fn title_from_name(stem: &str) -> String {
    let bare = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let bare = if bare.len() < stem.len() {
        bare.trim_start_matches(['-', '_', '.', ' '])
    } else {
        stem
    };
    let words: Vec<&str> = bare
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "New page".into(),
    }
}

/// Whether a folder is a publication: its `_index.md` says `publication: true`.
fn is_publication(folder: &Path) -> bool {
    front_matter(&folder.join("_index.md"))
        .is_some_and(|v| v["publication"] == serde_json::Value::Bool(true))
}

/// The highest `weight` among the pages of a folder, if any has one.
fn last_weight(folder: &Path) -> Option<i64> {
    let entries = std::fs::read_dir(folder).ok()?;
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| crate::content::is_markdown(p))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("_index"))
        })
        .filter_map(|p| front_matter(&p)?["weight"].as_i64())
        .max()
}

/// A page's front matter as a value, if it has front matter that parses.
fn front_matter(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = crate::config::normalise_text(&text);
    let split = crate::content::front_matter::split(&text).ok()?;
    crate::yaml::parse_value(&crate::yaml::Source::file(path, split.yaml?)).ok()
}

/// Whether the site has Welsh pages (`*.cy.md`) in `content/`.
fn has_welsh_pages(content: &Path) -> bool {
    walkdir::WalkDir::new(content)
        .into_iter()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().ends_with(".cy.md"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_file_names_in_sentence_case() {
        for (stem, title) in [
            ("04-next-steps", "Next steps"),
            ("next_steps", "Next steps"),
            ("2026-plan", "Plan"),
            ("ein-gweledigaeth-ŵyr", "Ein gweledigaeth ŵyr"),
            ("NHS-partners", "NHS partners"),
            ("ärger", "Ärger"),
            ("01", "New page"),
            ("🏴-cymru", "🏴 cymru"),
        ] {
            assert_eq!(title_from_name(stem), title, "{stem}");
        }
    }

    #[test]
    fn a_line_whose_value_is_unknown_is_left_out() {
        let values = Values {
            title: "Next: \"steps\"",
            date: Date::parse("2026-04-01").unwrap(),
            owner: "Head of Digital",
            weight: None,
        };
        let text = fill(
            "---\ntitle: {title}\nweight: {weight}\ndate: {date}\nreview_date: {review_date}\n---\n",
            &values,
        );
        assert_eq!(
            text,
            "---\ntitle: 'Next: \"steps\"'\ndate: 2026-04-01\nreview_date: 2027-04-01\n---\n"
        );
    }
}
