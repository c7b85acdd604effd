//! View-models: what templates see. They are built from the site model (and, for a
//! page's own view, its body) for one render and serialised once; templates never see
//! the domain structs, so the model can change without breaking a site's templates.
//! Every field is documented in the README.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::content::front_matter::Consultation;
use crate::date::Date;
use crate::fingerprint::Hashed;
use crate::markdown::{Heading, Numberer, Numbering};
use crate::site::{Page, PageBody, PageId, PageKind, Section, Site};
use crate::url::Url;

/// Every page as other pages show it, made once per site model: as a link (breadcrumbs,
/// previous and next) and as a summary (lists of pages), each with its fingerprint, so
/// that the many files that show a page take its fingerprint rather than hash it again.
pub struct SiteViews {
    /// By page id.
    pub links: Vec<Hashed<LinkView>>,
    /// By page id.
    pub summaries: Vec<Hashed<SummaryView>>,
}

impl SiteViews {
    pub fn new(config: &Config, site: &Site) -> SiteViews {
        use rayon::prelude::*;
        let (links, summaries) = site
            .pages
            .par_iter()
            .map(|p| {
                (
                    Hashed::new(link(config, site, p.id)),
                    Hashed::new(summary(config, site, p.id)),
                )
            })
            .unzip();
        SiteViews { links, summaries }
    }

    pub fn link(&self, id: PageId) -> &Hashed<LinkView> {
        &self.links[id.0]
    }

    pub fn summary(&self, id: PageId) -> &Hashed<SummaryView> {
        &self.summaries[id.0]
    }
}

/// A link to another page: enough for navigation, breadcrumbs and previous/next.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    pub chapter: Option<usize>,
    /// The page's language, for a `lang` where its title is shown on a page in another.
    pub lang: String,
}

/// A page as listed in a section, a taxonomy term or a publication's contents.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    pub title: String,
    pub url: String,
    /// The page's language, for a `lang` where it is listed on a page in another.
    pub lang: String,
    pub summary: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub status: Option<&'static str>,
    pub chapter: Option<usize>,
    pub draft: bool,
    pub reading_minutes: usize,
}

/// An entry of a table of contents, with the headings nested below it.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    /// The heading's number, when headings are numbered.
    pub number: Option<String>,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A taxonomy term as shown on a page: `{ name, url }`.
#[derive(Debug, Clone, Serialize)]
pub struct TermLink<'a> {
    pub name: &'a str,
    pub url: Url<'a>,
}

/// `page` (or `section`) in templates.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub date: Option<&'a Date>,
    pub updated: Option<&'a Date>,
    pub review_date: Option<&'a Date>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub status: Option<&'static str>,
    pub consultation: Option<&'a Consultation>,
    pub owner: Option<&'a str>,
    pub version: Option<&'a str>,
    pub lang: &'a str,
    pub image: Option<&'a str>,
    pub image_alt: Option<&'a str>,
    pub translation_of: Option<&'a str>,
    pub extra: &'a serde_json::Value,
    /// Root-relative URL, with the base path.
    pub url: Url<'a>,
    /// Absolute URL (when `base_url` has a host).
    pub permalink: Url<'a>,
    /// The Markdown file, relative to the site root.
    pub source: Option<std::borrow::Cow<'a, str>>,
    /// `home`, `section`, `publication`, `chapter` or `page`.
    pub kind: &'static str,
    pub content: String,
    /// The page's contents, from the headings its body's rendering finds: empty until
    /// then (see `pages::Prepared::render`).
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub ancestors: Vec<&'a Hashed<LinkView>>,
    pub prev: Option<&'a Hashed<LinkView>>,
    pub next: Option<&'a Hashed<LinkView>>,
    pub chapter: Option<usize>,
    pub taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    pub show_toc: Option<bool>,
    pub numbered_headings: bool,
    /// For sections: the pages listed, in order.
    pub pages: Vec<&'a Hashed<SummaryView>>,
    /// For sections: their subsections, in order.
    pub subsections: Vec<&'a Hashed<SummaryView>>,
}

/// `publication` in templates, for a publication's cover and chapters.
#[derive(Debug, Clone, Serialize)]
pub struct PublicationView<'a> {
    pub title: &'a str,
    /// The cover's language, which its title is in.
    pub lang: &'a str,
    pub url: String,
    /// The whole publication on one page, to read, print or save as PDF.
    pub single_page_url: Option<String>,
    pub chapters: Vec<&'a Hashed<SummaryView>>,
}

/// `site` in templates: set once per build in the global context.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: String,
    pub base_path: &'a str,
    pub language: &'a str,
    /// Every language the site's pages are in, the site's own first.
    pub languages: Vec<String>,
    pub organisation: &'a crate::config::Organisation,
    pub taxonomies: &'a [String],
    /// Top-level sections, for the main navigation.
    pub sections: Vec<LinkView>,
    /// The accessibility statement's URL, when the site has one.
    pub accessibility_url: Option<String>,
    pub licence: Option<&'a crate::config::Licence>,
    /// Pages with at least this many headings get an on-page contents list.
    pub toc_min_headings: usize,
    pub extra: &'a serde_json::Value,
}

/// One taxonomy in the global `taxonomies` map, and as `taxonomy` on its pages.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyView<'a> {
    pub name: &'a str,
    /// The theme's `taxonomy_NAME` string in the site's language, or the name itself.
    pub title: String,
    pub url: String,
    pub terms: Vec<TermView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
}

pub fn site_view<'a>(config: &'a Config, site: &Site) -> SiteView<'a> {
    let root = site.section(crate::site::SectionId(0));
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: config.base_url.permalink(""),
        base_path: &config.base_url.path,
        language: &config.language,
        languages: {
            let mut others: Vec<String> = site
                .pages
                .iter()
                .map(|p| p.lang.clone())
                .filter(|l| l != &config.language)
                .collect();
            others.sort();
            others.dedup();
            std::iter::once(config.language.clone())
                .chain(others)
                .collect()
        },
        organisation: &config.organisation,
        taxonomies: &config.taxonomies,
        sections: root
            .subsections
            .iter()
            .map(|s| link(config, site, site.section(*s).page))
            .collect(),
        accessibility_url: site.accessibility.as_ref().map(|p| config.base_url.url(p)),
        licence: config.licence.as_ref(),
        toc_min_headings: config.toc_min_headings,
        extra: &config.extra,
    }
}

pub fn taxonomy_views<'a>(
    config: &Config,
    site: &'a Site,
    strings: &super::UiStrings,
) -> BTreeMap<&'a str, TaxonomyView<'a>> {
    site.taxonomies
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                TaxonomyView {
                    name: &t.name,
                    title: strings
                        .get(&config.language, &format!("taxonomy_{}", t.name))
                        .map(str::to_string)
                        .unwrap_or_else(|| crate::slug::humanise(&t.name)),
                    url: config.base_url.url(&t.path),
                    terms: t
                        .terms
                        .iter()
                        .map(|term| TermView {
                            name: &term.name,
                            slug: &term.slug,
                            url: config.base_url.url(&term.path),
                            count: term.pages.len(),
                        })
                        .collect(),
                },
            )
        })
        .collect()
}

pub fn link(config: &Config, site: &Site, id: PageId) -> LinkView {
    let page = site.page(id);
    LinkView {
        title: page.title.clone(),
        url: config.base_url.url(&page.path),
        chapter: page.chapter,
        lang: page.lang.clone(),
    }
}

pub fn summary(config: &Config, site: &Site, id: PageId) -> SummaryView {
    let page = site.page(id);
    let front = page.meta.as_ref().map(|s| &s.front);
    SummaryView {
        title: page.title.clone(),
        url: config.base_url.url(&page.path),
        lang: page.lang.clone(),
        summary: front
            .and_then(|f| f.summary.as_ref())
            .map(|s| s.0.to_string()),
        date: front.and_then(|f| f.date.as_ref()).map(|d| d.iso()),
        updated: front.and_then(|f| f.updated.as_ref()).map(|d| d.iso()),
        status: front.and_then(|f| f.status).map(|s| s.as_str()),
        chapter: page.chapter,
        draft: front.is_some_and(|f| f.draft.0),
        reading_minutes: reading_minutes(page),
    }
}

fn reading_minutes(page: &Page) -> usize {
    page.meta.as_ref().map_or(1, |m| m.reading_minutes)
}

/// Builds `page`/`section` for one page from the model and the page's own body (`None`
/// for a section without a Markdown file), with its rendered body as `content`.
pub fn page_view<'a>(
    config: &'a Config,
    site: &'a Site,
    views: &'a SiteViews,
    page: &'a Page,
    body: Option<&'a PageBody>,
    content: String,
) -> PageView<'a> {
    let source = page.meta.as_ref();
    let front = source.map(|s| &s.front);
    let text = |f: Option<&'a crate::content::front_matter::Text>| {
        f.map(|t| t.as_str()).filter(|t| !t.is_empty())
    };
    let section: Option<&Section> = match page.kind {
        PageKind::Home => Some(site.section(crate::site::SectionId(0))),
        PageKind::Section(s) => Some(site.section(s)),
        PageKind::Page => None,
    };
    let kind = match page.kind {
        PageKind::Home => "home",
        PageKind::Section(s) if site.section(s).publication => "publication",
        PageKind::Section(_) => "section",
        PageKind::Page if page.chapter.is_some() => "chapter",
        PageKind::Page => "page",
    };
    let mut taxonomies = BTreeMap::new();
    if let Some(s) = source {
        for (name, terms) in &s.taxonomies {
            if let Some(t) = site.taxonomies.iter().find(|t| &t.name == name) {
                let links = terms
                    .iter()
                    .filter_map(|term| {
                        Some(TermLink {
                            name: term,
                            url: Url {
                                base: &config.base_url,
                                path: &t.term_of(term)?.path,
                                absolute: false,
                            },
                        })
                    })
                    .collect();
                taxonomies.insert(name.as_str(), links);
            }
        }
    }
    PageView {
        title: &page.title,
        summary: front.and_then(|f| text(f.summary.as_ref())),
        date: front.and_then(|f| f.date.as_ref()),
        updated: front.and_then(|f| f.updated.as_ref()),
        review_date: front.and_then(|f| f.review_date.as_ref()),
        draft: front.is_some_and(|f| f.draft.0),
        weight: front.and_then(|f| f.weight),
        status: front.and_then(|f| f.status).map(|s| s.as_str()),
        consultation: front.and_then(|f| f.consultation.as_deref()),
        owner: front.and_then(|f| text(f.owner.as_ref())),
        version: front.and_then(|f| text(f.version.as_ref())),
        lang: &page.lang,
        image: front.and_then(|f| text(f.image.as_ref())),
        image_alt: front.and_then(|f| text(f.image_alt.as_ref())),
        translation_of: front.and_then(|f| text(f.translation_of.as_ref())),
        extra: front.map(|f| &f.extra).unwrap_or(&serde_json::Value::Null),
        url: Url {
            base: &config.base_url,
            path: &page.path,
            absolute: false,
        },
        permalink: Url {
            base: &config.base_url,
            path: &page.path,
            absolute: true,
        },
        source: source.map(|s| match s.file.to_string_lossy() {
            std::borrow::Cow::Borrowed(f) if !f.contains('\\') => std::borrow::Cow::Borrowed(f),
            f => std::borrow::Cow::Owned(f.replace('\\', "/")),
        }),
        kind,
        content,
        toc: Vec::new(),
        word_count: body.map_or(0, |b| b.scan.word_count),
        reading_minutes: reading_minutes(page),
        ancestors: site
            .ancestors(page)
            .into_iter()
            .map(|id| views.link(id))
            .collect(),
        prev: page.prev.map(|id| views.link(id)),
        next: page.next.map(|id| views.link(id)),
        chapter: page.chapter,
        taxonomies,
        show_toc: front.and_then(|f| f.toc).map(|f| f.0),
        numbered_headings: front.and_then(|f| f.numbered_headings).is_some_and(|f| f.0),
        pages: section
            .map(|s| s.pages.iter().map(|id| views.summary(*id)).collect())
            .unwrap_or_default(),
        subsections: section
            .map(|s| {
                s.subsections
                    .iter()
                    .map(|id| views.summary(site.section(*id).page))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

pub fn publication_view<'a>(
    config: &Config,
    site: &'a Site,
    views: &'a SiteViews,
    section: &'a Section,
) -> PublicationView<'a> {
    let cover = site.page(section.page);
    PublicationView {
        title: &cover.title,
        lang: &cover.lang,
        url: config.base_url.url(&cover.path),
        single_page_url: section.single_page.as_ref().map(|p| config.base_url.url(p)),
        chapters: section.pages.iter().map(|id| views.summary(*id)).collect(),
    }
}

/// Nests headings by level: an `h3` goes under the `h2` before it. The page title (`h1`)
/// is not part of its own contents.
pub fn toc(headings: &[Heading], numbering: Option<Numbering>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    let mut numberer = numbering.map(Numberer::new);
    for h in headings.iter().filter(|h| h.level >= 2) {
        let entry = TocEntry {
            level: h.level,
            number: numberer.as_mut().and_then(|n| n.next(h.level)),
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        };
        insert(&mut root, entry);
    }
    root
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            title: id.into(),
            line: 1,
        }
    }

    #[test]
    fn toc_nests_by_level() {
        let headings = [
            h(1, "t"),
            h(2, "a"),
            h(3, "a1"),
            h(4, "a1x"),
            h(3, "a2"),
            h(2, "b"),
            h(3, "b1"),
        ];
        let t = toc(&headings, Some(Numbering { chapter: Some(4) }));
        assert_eq!(t[1].number.as_deref(), Some("4.2"));
        assert_eq!(t[0].children[1].number.as_deref(), Some("4.1.2"));
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].id, "a");
        assert_eq!(t[0].children.len(), 2);
        assert_eq!(t[0].children[0].children[0].id, "a1x");
        assert_eq!(t[1].children[0].id, "b1");
    }

    #[test]
    fn toc_starting_deeper_still_lists_everything() {
        let headings = [h(3, "x"), h(2, "a"), h(3, "b")];
        let t = toc(&headings, None);
        assert_eq!(t[0].number, None);
        assert_eq!(
            t.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["x", "a"]
        );
        assert_eq!(t[1].children[0].id, "b");
    }
}
