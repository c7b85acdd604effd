//! The accessibility statement as `accessibility.html` reads it, besides the
//! `accessibility:` block itself: each known issue with its success criteria named, the
//! ways to call or visit gathered from the contact blocks, and addresses made links.

use serde::Serialize;

use crate::config::{Accessibility, Config, Contact, TextRelay};
use crate::date::Date;

/// What the statement's template reads beside `statement`.
#[derive(Serialize)]
pub(crate) struct StatementView<'a> {
    /// Each known issue, its criteria as number and name.
    pub issues: Vec<IssueView<'a>>,
    /// Text relay, British Sign Language and visits; `None` when the site offers none.
    pub call_or_visit: Option<CallOrVisitView<'a>>,
    /// The accessibility roadmap's address, as a link.
    pub roadmap_href: Option<String>,
}

/// A known issue, as the statement's non-compliance part lists it.
#[derive(Serialize)]
pub(crate) struct IssueView<'a> {
    pub description: &'a str,
    pub effect: &'a str,
    pub criteria: Vec<CriterionView<'a>>,
    pub fix_by: Option<&'a Date>,
}

/// A WCAG 2.2 success criterion: "1.4.3" and "Contrast (Minimum)".
#[derive(Serialize)]
pub(crate) struct CriterionView<'a> {
    pub number: &'a str,
    pub name: &'static str,
    /// `en` on a page in another language: the names are the standard's, in English.
    pub name_lang: Option<&'static str>,
}

/// What "Contacting us by phone or visiting us in person" says. Each part comes from
/// `accessible_formats`, or else from `report_problem`.
#[derive(Serialize)]
pub(crate) struct CallOrVisitView<'a> {
    /// The number to dial after 18001, for `text_relay: true`.
    pub text_relay_phone: Option<&'a str>,
    /// `text_relay:` given as words.
    pub text_relay_text: Option<&'a str>,
    /// The video relay service's address, as a link.
    pub bsl_href: Option<String>,
    /// `bsl:` given as words.
    pub bsl_text: Option<&'a str>,
    /// The address and opening times, line by line.
    pub in_person: Vec<&'a str>,
}

/// The view of `statement` on a page in the site's language.
pub(crate) fn statement_view<'a>(
    config: &Config,
    statement: &'a Accessibility,
) -> StatementView<'a> {
    let english = config.language.split('-').next() == Some("en");
    let issues = statement
        .known_issues
        .iter()
        .map(|issue| IssueView {
            description: issue.description.trim(),
            effect: issue.effect.trim(),
            criteria: issue
                .criteria
                .iter()
                .filter_map(|number| {
                    let number = number.trim();
                    // An unknown number stopped the build at site.yaml.
                    crate::wcag::criterion_name(number).map(|name| CriterionView {
                        number,
                        name,
                        name_lang: (!english).then_some("en"),
                    })
                })
                .collect(),
            fix_by: issue.fix_by.as_ref(),
        })
        .collect();
    let contacts: Vec<&Contact> = std::iter::once(&statement.accessible_formats)
        .chain(statement.report_problem.as_ref())
        .collect();
    let roadmap = statement.roadmap_url.trim();
    StatementView {
        issues,
        call_or_visit: call_or_visit(config, &contacts),
        roadmap_href: (!roadmap.is_empty()).then(|| href(config, roadmap)),
    }
}

fn call_or_visit<'a>(config: &Config, contacts: &[&'a Contact]) -> Option<CallOrVisitView<'a>> {
    let (text_relay_phone, text_relay_text) = contacts
        .iter()
        .find_map(|c| match &c.text_relay {
            Some(TextRelay::Offered(true)) => Some((Some(c.phone.trim()), None)),
            Some(TextRelay::Text(t)) if !t.trim().is_empty() => Some((None, Some(t.trim()))),
            _ => None,
        })
        .unwrap_or_default();
    let (bsl_href, bsl_text) = contacts
        .iter()
        .find(|c| !c.bsl.trim().is_empty())
        .map(|c| match c.bsl_address() {
            Some(address) => (Some(href(config, address)), None),
            None => (None, Some(c.bsl.trim())),
        })
        .unwrap_or_default();
    let in_person: Vec<&str> = contacts
        .iter()
        .find(|c| !c.in_person.trim().is_empty())
        .map(|c| {
            c.in_person
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let view = CallOrVisitView {
        text_relay_phone,
        text_relay_text,
        bsl_href,
        bsl_text,
        in_person,
    };
    let offered = view.text_relay_phone.is_some()
        || view.text_relay_text.is_some()
        || view.bsl_href.is_some()
        || view.bsl_text.is_some()
        || !view.in_person.is_empty();
    offered.then_some(view)
}

/// An address from `site.yaml` as a link: as written when it leads elsewhere, else under
/// the site's base path.
fn href(config: &Config, address: &str) -> String {
    if crate::url::is_external(address) || address.starts_with('#') {
        address.to_string()
    } else {
        config.base_url.url(address)
    }
}
