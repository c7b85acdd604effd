//! Rules on the site as a whole: missing summaries, review dates, consultations that
//! have closed, and titles used twice.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::PageMeta;
use crate::content::front_matter::Status;
use crate::diag::{Diagnostic, Location};
use crate::rules::{Mode, active, finding};
use crate::site::{PageKind, Site};

/// Checks every page of the site. These rules read the model only, so their findings
/// hold as long as the model does.
pub fn check_site(config: &Config, mode: &Mode, site: &Site) -> Vec<Diagnostic> {
    let checks = &config.checks;
    let on = |id: &str| active(checks, mode, id).is_some();
    let today = mode.today.days_since_epoch();
    let mut out = Vec::new();
    let mut titles: HashMap<String, &PageMeta> = HashMap::new();
    for page in &site.pages {
        let Some(source) = &page.meta else { continue };
        let front = &source.front;
        let mut found = Vec::new();
        if on("missing-summary")
            && page.kind != PageKind::Home
            && front.summary.as_ref().is_none_or(|s| s.as_str().is_empty())
        {
            found.push((
                key_at(source, "title"),
                finding("missing-summary", "this page has no summary"),
            ));
        }
        if let Some(review) = &front.review_date {
            let days = review.days_since_epoch() - today;
            let due_within = config.checks.number("review-due", "days") as i64;
            if days < 0 && on("review-overdue") {
                found.push((
                    key_at(source, "review_date"),
                    finding(
                        "review-overdue",
                        format!(
                            "the review date, {}, passed {} day{} ago",
                            review.human("en"),
                            -days,
                            if days == -1 { "" } else { "s" }
                        ),
                    ),
                ));
            } else if (0..=due_within).contains(&days) && on("review-due") {
                found.push((
                    key_at(source, "review_date"),
                    finding(
                        "review-due",
                        format!(
                            "the review date, {}, is in {days} day{}",
                            review.human("en"),
                            if days == 1 { "" } else { "s" }
                        ),
                    ),
                ));
            }
        }
        if on("consultation-closed")
            && front.status == Some(Status::Consultation)
            && let Some(closes) = front.consultation.as_ref().and_then(|c| c.closes.as_ref())
            && closes.days_since_epoch() < today
        {
            found.push((
                key_at(source, "status"),
                finding(
                    "consultation-closed",
                    format!(
                        "the consultation closed on {}, but `status` is still `consultation`",
                        closes.human("en")
                    ),
                ),
            ));
        }
        if on("duplicate-title") {
            let key = page.title.trim().to_lowercase();
            match titles.get(&key) {
                Some(first) => found.push((
                    key_at(source, "title"),
                    finding(
                        "duplicate-title",
                        format!(
                            "“{}” is also the title of {}",
                            page.title,
                            first.file.display()
                        ),
                    ),
                )),
                None => {
                    titles.insert(key, source);
                }
            }
        }
        // Each finding is at a front matter key, whose line the page keeps.
        for (at, d) in found {
            out.push(d.at(&source.file, &source.front_text, at));
        }
    }
    if on("placeholder") {
        out.extend(config_placeholders(config));
    }
    out
}

/// Placeholders left in site.yaml, in its values or its comments.
fn config_placeholders(config: &Config) -> Vec<Diagnostic> {
    let file = std::path::Path::new(crate::config::CONFIG_FILE);
    let text = &config.text;
    let lines = crate::diag::LineIndex::new(text);
    super::text::placeholders(text)
        .into_iter()
        .map(|(at, shown)| {
            finding(
                "placeholder",
                format!("`{shown}` is a placeholder left to fill in"),
            )
            .at(file, text, lines.location(at))
        })
        .collect()
}

/// Where a front matter key is, or the first line.
fn key_at(source: &PageMeta, key: &str) -> Location {
    source
        .key_lines
        .get(key)
        .copied()
        .unwrap_or(Location { line: 1, col: 1 })
}
