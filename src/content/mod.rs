//! Loading: walk `content/` and `static/`, read every Markdown file, split and type its
//! front matter and scan its body. Nothing here knows of checks or of the site model.
//!
//! Parsing is kept apart from file I/O: [`parse_page`] takes a path and a string and is
//! tested with strings. A page is read once per build and kept as two parts:
//! [`PageMeta`], everything other pages and the site model see of it (front matter,
//! title, anchors, reading time), and [`BodyScan`], what only its own output reads
//! (headings, links, word count, and a hash of the text). The body's text is not kept:
//! rendering reads it again and checks it against the hash, so memory follows the number
//! of pages, not the size of their text, and an edit during a build is caught rather than
//! mixed in.

pub mod front_matter;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compact::{Names, SortedMap};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location, closest};
use crate::markdown::{self, Outline, OutlineNeeds, Reference};
use crate::slug::humanise;
use crate::yaml;
use front_matter::{FrontMatter, invalid_utf8_location, split, synonym};

/// What a Markdown file is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `name.md`: a page in its folder's section.
    Page,
    /// `_index.md`: the front page of its folder's section (or, at the root, of the site).
    SectionIndex,
    /// `index.md`: its folder is a page bundle, with the page's assets beside it.
    BundleIndex,
}

/// What the rest of the site sees of a page: everything the site model is built from.
/// Two readings of a page with equal metadata give the same model, whatever their bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct PageMeta {
    /// Path relative to `content/`, such as `strategy/01-vision.md`.
    pub rel: PathBuf,
    /// Path as shown to users, relative to the site root: `content/strategy/01-vision.md`.
    pub file: PathBuf,
    pub kind: SourceKind,
    pub front: FrontMatter,
    pub title: String,
    /// Terms by taxonomy name, for the taxonomies the site has.
    pub taxonomies: SortedMap<String, Vec<String>>,
    /// The slug of each of those terms, in the same order.
    pub term_slugs: SortedMap<String, Vec<String>>,
    /// The last segment of its URL: its `slug`, or its file's name without an ordering
    /// prefix (for index files, its folder's).
    pub segment: String,
    /// The title in lower case, for ordering.
    pub title_key: String,
    /// Where keys are in the front matter, for later diagnostics (`template`, …).
    pub key_lines: SortedMap<&'static str, Location>,
    /// The front matter as written, from the first line of the file: what messages about
    /// its keys show.
    pub front_text: String,
    /// Every id on the page a link may point at: headings, footnotes, ids in raw HTML.
    pub anchors: Names,
    /// Minutes to read it, as lists of pages show.
    pub reading_minutes: usize,
}

impl PageMeta {
    /// The stem used for URLs and ordering: the file name, or the folder's for index files.
    pub fn stem(&self) -> String {
        let from = match self.kind {
            SourceKind::Page => self.rel.file_stem(),
            _ => self.rel.parent().and_then(|p| p.file_name()),
        };
        from.map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The folder of the file, relative to `content/`.
    pub fn dir(&self) -> &Path {
        self.rel.parent().unwrap_or(Path::new(""))
    }
}

/// What only a page's own output reads of its body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyScan {
    /// Every link and image, as written.
    pub references: Vec<Reference>,
    pub word_count: usize,
    /// Whether an opening `h1` is left out of the HTML (it is, or repeats, the title).
    pub drops_leading_heading: bool,
    /// Byte offset of the body in the file (after newlines are normalised).
    pub body_start: usize,
    /// Lines before the body, added to body line numbers to give file line numbers.
    pub body_line_offset: usize,
    /// A fingerprint of the whole file's text, as read.
    pub content_hash: u64,
}

impl BodyScan {
    /// A location in the page's file, from a position in its body.
    pub fn file_location(&self, at: Location) -> Location {
        Location {
            line: at.line + self.body_line_offset,
            col: at.col,
        }
    }
}

/// A Markdown file, read and scanned.
#[derive(Debug, Clone)]
pub struct SourcePage {
    pub meta: Arc<PageMeta>,
    pub body: Arc<BodyScan>,
}

/// The files and folders a site is made of, without reading them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// Every folder of `content/`, relative to it, including the root (`""`).
    pub folders: BTreeSet<PathBuf>,
    /// Markdown files, relative to `content/`, in file-name order.
    pub markdown: Vec<PathBuf>,
    /// Every other file in `content/`, relative to it.
    pub assets: Vec<PathBuf>,
    /// Files in `static/`, relative to it, with `/` separators.
    pub static_files: Arc<BTreeSet<String>>,
    /// Docusaurus's `_category_.json` of each folder that has one, by folder.
    pub categories: BTreeMap<PathBuf, Category>,
}

/// A Docusaurus `_category_.json` (or `.yml`): a folder's label and its place among its
/// siblings. Its other keys (links, collapsing) are Docusaurus's own and are not read.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct Category {
    pub label: Option<String>,
    pub position: Option<f64>,
}

/// `_category_.json`, `_category_.yml` or `_category_.yaml`.
fn is_category(rel: &Path) -> bool {
    matches!(
        rel.file_name().and_then(|n| n.to_str()),
        Some("_category_.json" | "_category_.yml" | "_category_.yaml")
    )
}

/// Walks `content/` and `static/`. Folders that cannot be read are errors, not skipped.
pub fn list_sources(config: &Config, diags: &mut Diagnostics) -> Listing {
    let mut listing = list_content(config, diags);
    listing.static_files = Arc::new(list_static(config, diags));
    listing
}

fn list_content(config: &Config, diags: &mut Diagnostics) -> Listing {
    let content_dir = config.content_dir();
    let mut content = Listing::default();
    content.folders.insert(PathBuf::new());
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::warning("content", "the site has no content folder").with_help(
                "create a folder named content next to site.yaml and put Markdown files in it",
            ),
        );
        return content;
    }
    let scope = crate::walk::Scope::new(&config.root, &config.publish_hidden);
    for entry in scope.walk(&content_dir, Path::new("content"), diags) {
        if entry.is_dir {
            content.folders.insert(entry.rel);
        } else if is_markdown(&entry.rel) {
            content.markdown.push(entry.rel);
        } else if is_category(&entry.rel) {
            let shown = Path::new("content").join(&entry.rel);
            let read = read_text_within(&entry.path, &shown, config.limits.file_bytes()).and_then(
                |text| {
                    // JSON is YAML, so one parser reads both, with positions in its errors.
                    yaml::parse::<Category>(&yaml::Source::file(&shown, &text)).map(|(c, _)| c)
                },
            );
            match read {
                Ok(category) => {
                    let folder = entry.rel.parent().unwrap_or(Path::new("")).to_path_buf();
                    content.categories.insert(folder, category);
                }
                Err(d) => diags.push(d),
            }
        } else {
            content.assets.push(entry.rel);
        }
    }
    content
}

/// Every file in `static/`, with `/` separators; see [`crate::walk`] for what is left out.
fn list_static(config: &Config, diags: &mut Diagnostics) -> BTreeSet<String> {
    let scope = crate::walk::Scope::new(&config.root, &config.publish_hidden);
    scope
        .walk(&config.static_dir(), Path::new("static"), diags)
        .into_iter()
        .filter(|e| !e.is_dir)
        .map(|e| e.rel.to_string_lossy().replace('\\', "/"))
        .collect()
}

/// What reading a page needs from the site's configuration and the run.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions<'a> {
    /// Front matter keys that are taxonomies.
    pub taxonomies: &'a [String],
    /// What of the body's outline to keep, for checks that read it.
    pub outline: OutlineNeeds,
    /// What becomes of raw HTML: removals are reported when it is sanitised.
    pub raw_html: crate::html::RawHtml,
    pub limits: crate::config::Limits,
}

/// One Markdown file, read: the page (when it could be parsed), its text and outline
/// for checks to read, and the problems found reading it.
#[derive(Debug)]
pub struct Read {
    pub page: Option<SourcePage>,
    /// The file's text, newlines normalised; empty when it could not be read.
    pub text: String,
    pub outline: Outline,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one page from disk.
pub fn read_page(config: &Config, rel: &Path, outline: OutlineNeeds) -> Read {
    let file = Path::new("content").join(rel);
    let options = ParseOptions {
        taxonomies: &config.taxonomies,
        outline,
        raw_html: config.raw_html,
        limits: config.limits,
    };
    match read_text_within(
        &config.content_dir().join(rel),
        &file,
        config.limits.file_bytes(),
    ) {
        Ok(text) => {
            let (page, outline, diagnostics) = parse_page(rel, &text, &options);
            Read {
                page,
                text,
                outline,
                diagnostics,
            }
        }
        Err(d) => Read {
            page: None,
            text: String::new(),
            outline: Outline::default(),
            diagnostics: vec![d],
        },
    }
}

/// Reads a text file as UTF-8 with `\n` line endings; `shown` names it in errors.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    read_text_within(path, shown, u64::MAX)
}

/// [`read_text`], refusing a file larger than `max` bytes (`limits.file_mb`) before
/// reading it.
pub fn read_text_within(path: &Path, shown: &Path, max: u64) -> Result<String, Diagnostic> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        Diagnostic::error("io", format!("cannot read {}: {e}", shown.display()))
            .in_file(shown)
            .with_help("check that the file exists and can be read")
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let too_large = |size: u64| {
        Diagnostic::error(
            "limit",
            format!(
                "this file is {}, more than the limit of {}",
                megabytes(size),
                megabytes(max)
            ),
        )
        .in_file(shown)
        .with_help("split it into smaller files, or raise `limits.file_mb` in site.yaml")
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // A file that grows while it is read is cut off at the limit, not read without end.
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(crate::config::normalise_owned(text)),
        Err(e) => Err(encoding_error(e.as_bytes(), &e.utf8_error(), shown)),
    }
}

/// A size in megabytes, for messages.
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1u64 << 20) as f64;
    if mb >= 10.0 || mb.fract() == 0.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// The error for a file that is not UTF-8, saying what it looks like instead.
fn encoding_error(bytes: &[u8], e: &std::str::Utf8Error, shown: &Path) -> Diagnostic {
    const RESAVE: &str =
        "save the file as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)";
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    if utf16 {
        return Diagnostic::error("encoding", "this file is UTF-16 text, not UTF-8")
            .in_file(shown)
            .with_help(format!("{RESAVE}; Windows tools call UTF-16 \"Unicode\""));
    }
    let at = invalid_utf8_location(bytes, e);
    let lossy = String::from_utf8_lossy(bytes);
    let bad = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
    let help = if e.error_len() == Some(1) && bad >= 0x80 {
        // A lone high byte: a character of a one-byte code page. Curly quotes and dashes
        // (0x91–0x97) are what Word and Notepad write in Windows-1252.
        let example = match bad {
            0x91 | 0x92 => " (here a curly apostrophe)",
            0x93 | 0x94 => " (here a curly quote)",
            0x96 | 0x97 => " (here a dash)",
            0xa3 => " (here a pound sign)",
            _ => "",
        };
        format!("this looks like Windows-1252 (\"ANSI\") text{example}: {RESAVE}")
    } else {
        RESAVE.to_string()
    };
    Diagnostic::error("encoding", "this file is not UTF-8 text")
        .at(shown, &lossy, at)
        .with_help(help)
}

/// Reads a page's text again, as it was when the page was read: `None` when the file
/// has changed since (or cannot be read). For messages that show a line of a page.
pub fn text_as_read(root: &Path, meta: &PageMeta, body: &BodyScan) -> Option<String> {
    let text = read_text(&root.join(&meta.file), &meta.file).ok()?;
    (crate::fingerprint::hash_str(&text) == body.content_hash).then_some(text)
}

/// Reads a page's body again for rendering, and checks that it is the text the page was
/// read from: a file edited during a build is an error, not a page made of two versions.
pub fn read_body(root: &Path, meta: &PageMeta, body: &BodyScan) -> Result<String, Diagnostic> {
    let mut text = read_text(&root.join(&meta.file), &meta.file)?;
    if crate::fingerprint::hash_str(&text) != body.content_hash
        || !text.is_char_boundary(body.body_start)
    {
        return Err(Diagnostic::error(
            "changed",
            "this file changed while the site was being built",
        )
        .in_file(&meta.file)
        .with_help("run the build again"));
    }
    Ok(text.split_off(body.body_start))
}

/// Parses a page from its text. `rel` is its path relative to `content/`. Returns the
/// page (unless its front matter cannot be read), the outline `options` asks for, and
/// the problems found.
pub fn parse_page(
    rel: &Path,
    text: &str,
    options: &ParseOptions,
) -> (Option<SourcePage>, Outline, Vec<Diagnostic>) {
    let taxonomies = options.taxonomies;
    let file = Path::new("content").join(rel);
    let mut diags = Vec::new();
    let parts = match split(text) {
        Ok(parts) => parts,
        Err(d) => {
            return (
                None,
                Outline::default(),
                vec![d.at(&file, text, Location { line: 1, col: 1 })],
            );
        }
    };
    let mut front = FrontMatter::default();
    let mut terms = SortedMap::new();
    let mut key_lines = SortedMap::new();
    if let Some(yaml_text) = parts.yaml {
        let source = yaml::Source {
            file: &file,
            file_text: text,
            yaml: yaml_text,
            line_offset: 1,
            max_nodes: options.limits.yaml_nodes,
            nodes_setting: "limits.yaml_nodes",
        };
        if yaml_text.len() > options.limits.front_matter_bytes() {
            return (
                None,
                Outline::default(),
                vec![
                    Diagnostic::error(
                        "limit",
                        format!(
                            "the front matter is {} KB, more than the limit of {} KB",
                            yaml_text.len() >> 10,
                            options.limits.front_matter_kb
                        ),
                    )
                    .at(&file, text, Location { line: 1, col: 1 })
                    .with_help("move long values into the page body or a data file, or raise `limits.front_matter_kb` in site.yaml"),
                ],
            );
        }
        match yaml::parse::<FrontMatter>(&source) {
            Ok((fm, unknown)) => {
                front = fm;
                let mut taxonomy_keys = Vec::new();
                let mut unknown_keys = 0;
                for key in unknown {
                    let name = key.dotted();
                    if key.path.len() == 1 && taxonomies.contains(&name) {
                        taxonomy_keys.push(name);
                        continue;
                    }
                    unknown_keys += 1;
                    if unknown_keys <= crate::diag::SHOWN_PER_KIND {
                        diags.push(unknown_key_warning(&source, &key, taxonomies));
                    }
                }
                if unknown_keys > crate::diag::SHOWN_PER_KIND {
                    diags.push(crate::diag::repeats_note(
                        &Some(file.clone()),
                        "unknown-key",
                        crate::diag::Severity::Warning,
                        unknown_keys,
                    ));
                }
                if !taxonomy_keys.is_empty() {
                    match read_terms(&source, &taxonomy_keys) {
                        Ok(t) => terms = t,
                        Err(d) => diags.push(d),
                    }
                }
            }
            Err(d) => return (None, Outline::default(), vec![d]),
        }
        let addresses = [
            (&["image"][..], front.image.as_ref().map(|t| t.as_str())),
            (
                &["consultation", "respond_url"][..],
                front
                    .consultation
                    .as_ref()
                    .and_then(|c| c.respond_url.as_deref()),
            ),
        ];
        for (path, value) in addresses {
            if let Some(problem) = value.and_then(crate::url::address_problem) {
                let at = source
                    .locate_value(path)
                    .unwrap_or(Location { line: 1, col: 1 });
                diags.push(source.diagnostic_at(
                    Diagnostic::error("unsafe-link", format!("{}: {problem}", path.join(".")))
                        .with_help("a page never runs a script from an address; give an https:// address or a path within the site"),
                    at,
                ));
            }
        }
        for key in [
            "checks",
            "template",
            "slug",
            "title",
            "lang",
            "status",
            "weight",
            "review_date",
            "aliases",
            "redirect_from",
        ] {
            if let Some(loc) = source.locate_key(&[key]) {
                key_lines.insert(
                    key,
                    Location {
                        line: loc.line + 1,
                        col: loc.col,
                    },
                );
            }
        }
    }
    if let Some(checks) = &front.checks {
        for id in &checks.ignore.0 {
            if crate::rules::rule(id).is_none() {
                let help = match closest(id, crate::rules::RULES.iter().map(|r| r.id)) {
                    Some(c) => {
                        format!("did you mean `{c}`? The rules are listed in docs/checks.md")
                    }
                    None => "the rules are listed in docs/checks.md".to_string(),
                };
                let at = key_lines
                    .get("checks")
                    .copied()
                    .unwrap_or(Location { line: 1, col: 1 });
                diags.push(
                    Diagnostic::warning(
                        "unknown-key",
                        format!("`checks.ignore` names `{id}`, which is not a check"),
                    )
                    .at(&file, text, at)
                    .with_help(help),
                );
            }
        }
    }
    let kind = match rel.file_name().and_then(|n| n.to_str()) {
        // A README is its folder's front page, as on GitHub and in most docs tools.
        Some(n) if is_named(n, "_index") || is_readme(n) => SourceKind::SectionIndex,
        Some(n) if is_named(n, "index") => SourceKind::BundleIndex,
        _ => SourceKind::Page,
    };
    let fm_title = front
        .title
        .as_ref()
        .map(|t| t.as_str().to_string())
        .filter(|t| !t.is_empty());
    let (mut scanned, mut outline) = markdown::scan_with_outline(
        parts.body,
        fm_title.as_deref(),
        options.outline,
        options.raw_html,
    );
    if rel
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx"))
    {
        for (i, line) in parts.body.lines().enumerate() {
            if markdown::is_module_line(line) {
                let shown: String = line.trim().chars().take(60).collect();
                diags.push(
                    Diagnostic::warning(
                        "mdx",
                        format!("`{shown}` is MDX code, which is left out"),
                    )
                    .at(
                        &file,
                        text,
                        Location {
                            line: i + 1 + parts.body_line_offset,
                            col: 1,
                        },
                    )
                    .with_help("Plainly builds .mdx files as Markdown and runs no JavaScript: rewrite what the component showed in Markdown"),
                );
            }
        }
    }
    for (at, message, fatal) in &scanned.removed {
        let at = Location {
            line: at.line + parts.body_line_offset,
            col: at.col,
        };
        if *fatal {
            diags.push(
                Diagnostic::error("raw-html", message.clone())
                    .at(&file, text, at)
                    .with_help("close the elements opened above, or publish this markup as a file in static/"),
            );
            continue;
        }
        diags.push(
            Diagnostic::warning("raw-html", format!("raw HTML: {message}"))
                .at(&file, text, at)
                .with_help(
                    "pages publish no script, styles, frames, forms or event handlers; link to embedded content instead. \
                     If every author of this site is trusted, `markdown: { raw_html: allow }` in site.yaml publishes raw HTML as written (see SECURITY.md)",
                ),
        );
    }
    let mut meta = PageMeta {
        rel: rel.to_path_buf(),
        file: file.clone(),
        kind,
        title: String::new(),
        term_slugs: terms
            .iter()
            .map(|(name, values)| (name.clone(), values.iter().map(|v| term_slug(v)).collect()))
            .collect(),
        taxonomies: terms,
        segment: String::new(),
        title_key: String::new(),
        key_lines: key_lines.shrink(),
        front_text: text[..parts.body_start].to_string(),
        front,
        anchors: scanned.anchors.iter().collect(),
        reading_minutes: scanned.word_count.div_ceil(200).max(1),
    };
    let label = meta
        .front
        .sidebar_label
        .as_ref()
        .map(|t| t.as_str().trim().to_string())
        .filter(|t| !t.is_empty());
    // The title the author meant: front matter's, the heading the page opens with (of
    // any level), a sidebar label, or the first heading anywhere, before the file name.
    let first_heading = scanned
        .headings
        .first()
        .map(|h| h.title.clone())
        .filter(|t| !t.is_empty());
    meta.title = match (fm_title, &scanned.leading_heading, label, first_heading) {
        (Some(t), ..) => t,
        (None, Some(h), ..) if !h.is_empty() => h.clone(),
        (None, _, Some(label), _) => label,
        (None, _, None, Some(heading)) => heading,
        _ => {
            let name = humanise(&meta.stem());
            let name = if name.is_empty() {
                "Home".to_string()
            } else {
                name
            };
            if !(kind == SourceKind::SectionIndex
                && scanned.headings.is_empty()
                && parts.body.trim().is_empty())
            {
                diags.push(
                    Diagnostic::warning(
                        "missing-title",
                        format!("this page has no title; using “{name}”"),
                    )
                    .at(&file, text, Location { line: 1, col: 1 })
                    .with_help(
                        "add `title: …` to the front matter, or start the page with a `# Heading`",
                    ),
                );
            }
            name
        }
    };
    meta.segment = url_segment(&meta);
    meta.title_key = meta.title.to_lowercase();
    // The headings are for the source rules, read while the text is at hand; a page's
    // contents are made from the headings its rendering finds.
    outline.headings = std::mem::take(&mut scanned.headings);
    let body = BodyScan {
        references: {
            let mut references = scanned.references;
            references.shrink_to_fit();
            references
        },
        word_count: scanned.word_count,
        drops_leading_heading: scanned.drops_leading_heading,
        body_start: parts.body_start,
        body_line_offset: parts.body_line_offset,
        content_hash: crate::fingerprint::hash_str(text),
    };
    let page = SourcePage {
        meta: Arc::new(meta),
        body: Arc::new(body),
    };
    (Some(page), outline, diags)
}

/// A page's URL segment: its `slug`, or its name without an ordering prefix.
fn url_segment(meta: &PageMeta) -> String {
    if let Some(slug) = meta.front.slug.as_ref() {
        let slug = crate::slug::slugify(slug.as_str());
        if !slug.is_empty() {
            return slug;
        }
    }
    let slug = crate::slug::slugify(crate::slug::strip_order_prefix(&meta.stem()));
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug
    }
}

/// The slug of a taxonomy term: its URL segment.
pub fn term_slug(value: &str) -> String {
    let slug = crate::slug::slugify(value);
    if slug.is_empty() {
        "term".to_string()
    } else {
        slug
    }
}

fn unknown_key_warning(
    source: &yaml::Source,
    key: &yaml::UnknownKey,
    taxonomies: &[String],
) -> Diagnostic {
    let name = key.dotted();
    let last = key.path.last().map(String::as_str).unwrap_or("");
    let schema = serde_json::to_value(FrontMatter::default()).unwrap_or_default();
    let mut known: Vec<String> = match key.path.len() {
        1 => schema
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default(),
        _ => schema
            .get(&key.path[0])
            .and_then(|v| v.as_object())
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_else(|| {
                ["opens", "closes", "respond_url"]
                    .map(String::from)
                    .to_vec()
            }),
    };
    if key.path.len() == 1 {
        known.extend(taxonomies.iter().cloned());
    }
    let suggestion = if key.path.len() == 1 {
        synonym(last).or_else(|| closest(last, known.iter().map(String::as_str)))
    } else {
        closest(last, known.iter().map(String::as_str))
    };
    let foreign = (key.path.len() == 1)
        .then(|| front_matter::foreign(last))
        .flatten();
    let help = match (foreign, suggestion) {
        (Some(meaning), _) => format!("`{last}` is {meaning}"),
        (None, Some(k)) => {
            format!("did you mean `{k}`? Put your own values under `extra:` to keep them")
        }
        (None, None) => "remove it, or put your own values under `extra:`".to_string(),
    };
    source.diagnostic_at(
        Diagnostic::warning("unknown-key", format!("unknown front matter key `{name}`"))
            .with_help(help),
        key.location,
    )
}

fn read_terms(
    source: &yaml::Source,
    keys: &[String],
) -> Result<SortedMap<String, Vec<String>>, Diagnostic> {
    let value = yaml::parse_value(source)?;
    let mut out = SortedMap::new();
    for key in keys {
        let Some(v) = value.get(key) else { continue };
        let items: Option<Vec<String>> = match v {
            serde_json::Value::String(s) => Some(vec![s.clone()]),
            serde_json::Value::Null => Some(Vec::new()),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| match i {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
            serde_json::Value::Number(n) => Some(vec![n.to_string()]),
            _ => None,
        };
        match items {
            Some(items) => {
                let items: Vec<String> = items
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                out.insert(key.clone(), items);
            }
            None => {
                let at = source
                    .locate_value(&[key])
                    .unwrap_or(Location { line: 1, col: 1 });
                return Err(source.diagnostic_at(
                    Diagnostic::error("yaml", format!("`{key}` must be a list of terms"))
                        .with_help(format!("write it as `{key}: [housing, net-zero]`")),
                    at,
                ));
            }
        }
    }
    Ok(out.shrink())
}

/// `README.md`, `readme.md`, `Readme.markdown`…
fn is_readme(file_name: &str) -> bool {
    Path::new(file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

fn is_named(file_name: &str, stem: &str) -> bool {
    Path::new(file_name).file_stem().is_some_and(|s| s == stem)
}

/// Markdown files: `.md`, `.markdown`, and MDX (`.mdx`, built as Markdown: its imports
/// and exports are left out, its components are raw HTML to the sanitiser).
pub fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        e.eq_ignore_ascii_case("md")
            || e.eq_ignore_ascii_case("markdown")
            || e.eq_ignore_ascii_case("mdx")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(rel: &str, text: &str) -> (Option<SourcePage>, Vec<Diagnostic>) {
        let taxonomies = ["tags".to_string(), "themes".to_string()];
        let (page, _, diags) = parse_page(
            Path::new(rel),
            text,
            &ParseOptions {
                taxonomies: &taxonomies,
                outline: OutlineNeeds::None,
                raw_html: crate::html::RawHtml::Sanitise,
                limits: Default::default(),
            },
        );
        (page, diags)
    }

    #[test]
    fn front_matter_is_typed_and_taxonomies_read() {
        let (page, diags) = parse(
            "strategy/01-vision.md",
            "---\ntitle: Our vision\ndate: 2026-03-01\ntags: [inclusion, skills]\nthemes: housing\nweight: 2\n---\n\nBody text.\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let page = page.unwrap();
        assert_eq!(page.meta.title, "Our vision");
        assert_eq!(page.meta.kind, SourceKind::Page);
        assert_eq!(page.meta.front.weight, Some(2));
        assert_eq!(page.meta.front.date.as_ref().unwrap().iso(), "2026-03-01");
        assert_eq!(page.meta.taxonomies["tags"], vec!["inclusion", "skills"]);
        assert_eq!(page.meta.taxonomies["themes"], vec!["housing"]);
        assert_eq!(page.body.body_line_offset, 7);
        assert_eq!(page.meta.stem(), "01-vision");
    }

    #[test]
    fn no_front_matter_takes_the_title_from_the_heading() {
        let (page, diags) = parse("plan.md", "# Digital Inclusion Plan\n\nWe will help.\n");
        assert!(diags.is_empty());
        let page = page.unwrap();
        assert_eq!(page.meta.title, "Digital Inclusion Plan");
        assert!(page.body.drops_leading_heading);
    }

    #[test]
    fn no_title_anywhere_falls_back_to_the_file_name_with_a_warning() {
        let (page, diags) = parse("Our Partners/02-device_lending.md", "Some text.\n");
        assert_eq!(page.unwrap().meta.title, "Device lending");
        assert_eq!(diags[0].code, "missing-title");
    }

    #[test]
    fn bad_date_is_an_error_at_its_line_and_column() {
        let (page, diags) = parse("a.md", "---\ntitle: A\ndate: 2026-02-30\n---\n");
        assert!(page.is_none());
        let d = &diags[0];
        assert!(d.is_error());
        assert_eq!(d.location, Some(Location { line: 3, col: 7 }));
        assert!(d.message.contains("not a real day"), "{}", d.message);
        assert_eq!(d.file.as_deref(), Some(Path::new("content/a.md")));
    }

    #[test]
    fn unknown_keys_are_warnings_with_suggestions() {
        let (page, diags) = parse("a.md", "---\ntitle: A\ndescription: x\nsumary: y\n---\n");
        assert!(page.is_some());
        assert_eq!(diags.len(), 2);
        assert!(
            diags
                .iter()
                .all(|d| d.code == "unknown-key" && !d.is_error())
        );
        assert_eq!(diags[0].location.unwrap().line, 3);
        assert!(diags[0].help.as_ref().unwrap().contains("`summary`"));
        assert!(diags[1].help.as_ref().unwrap().contains("`summary`"));
    }

    #[test]
    fn index_files_are_recognised() {
        let (page, _) = parse(
            "strategy/_index.md",
            "---\ntitle: S\npublication: true\n---\n",
        );
        let page = page.unwrap();
        assert_eq!(page.meta.kind, SourceKind::SectionIndex);
        assert!(page.meta.front.publication.0);
        assert_eq!(page.meta.stem(), "strategy");
        let (page, _) = parse("partners/index.md", "---\ntitle: P\n---\n");
        assert_eq!(page.unwrap().meta.kind, SourceKind::BundleIndex);
    }

    #[test]
    fn a_body_is_read_again_only_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("content/a.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "---\ntitle: A\n---\nFirst version, “quoted”.\n").unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: T\n").unwrap();
        let config = crate::config::load_config(dir.path(), &Default::default()).unwrap();
        let read = read_page(&config, Path::new("a.md"), OutlineNeeds::None);
        let page = read.page.unwrap();
        let body = read_body(dir.path(), &page.meta, &page.body).unwrap();
        assert_eq!(body, "First version, “quoted”.\n");
        assert!(text_as_read(dir.path(), &page.meta, &page.body).is_some());
        // Edited between the read and the render: an error, not a mix of two versions.
        std::fs::write(&file, "---\ntitle: A\n---\nSecond version.\n").unwrap();
        let err = read_body(dir.path(), &page.meta, &page.body).unwrap_err();
        assert_eq!(err.code, "changed");
        assert_eq!(err.file.as_deref(), Some(Path::new("content/a.md")));
        assert!(text_as_read(dir.path(), &page.meta, &page.body).is_none());
    }
}
