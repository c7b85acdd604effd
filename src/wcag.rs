//! The success criteria of WCAG 2.2: their numbers and official names.
//!
//! An accessibility statement names each criterion a known issue fails ("1.4.3 Contrast
//! (Minimum)"); `site.yaml` gives only the number. [`config`](crate::config) refuses a
//! number that is not here, and the statement's view reads the name from here. The names
//! are the standard's own, in English, whatever the page's language.

/// Every WCAG 2.2 success criterion, as (number, name), in the standard's order.
///
/// 4.1.1 Parsing is obsolete and removed in WCAG 2.2 but keeps its number and place, so
/// that a statement written against WCAG 2.1 still reads; its name says so, as the
/// standard's heading does.
pub(crate) const CRITERIA: &[(&str, &str)] = &[
    ("1.1.1", "Non-text Content"),
    ("1.2.1", "Audio-only and Video-only (Prerecorded)"),
    ("1.2.2", "Captions (Prerecorded)"),
    (
        "1.2.3",
        "Audio Description or Media Alternative (Prerecorded)",
    ),
    ("1.2.4", "Captions (Live)"),
    ("1.2.5", "Audio Description (Prerecorded)"),
    ("1.2.6", "Sign Language (Prerecorded)"),
    ("1.2.7", "Extended Audio Description (Prerecorded)"),
    ("1.2.8", "Media Alternative (Prerecorded)"),
    ("1.2.9", "Audio-only (Live)"),
    ("1.3.1", "Info and Relationships"),
    ("1.3.2", "Meaningful Sequence"),
    ("1.3.3", "Sensory Characteristics"),
    ("1.3.4", "Orientation"),
    ("1.3.5", "Identify Input Purpose"),
    ("1.3.6", "Identify Purpose"),
    ("1.4.1", "Use of Color"),
    ("1.4.2", "Audio Control"),
    ("1.4.3", "Contrast (Minimum)"),
    ("1.4.4", "Resize Text"),
    ("1.4.5", "Images of Text"),
    ("1.4.6", "Contrast (Enhanced)"),
    ("1.4.7", "Low or No Background Audio"),
    ("1.4.8", "Visual Presentation"),
    ("1.4.9", "Images of Text (No Exception)"),
    ("1.4.10", "Reflow"),
    ("1.4.11", "Non-text Contrast"),
    ("1.4.12", "Text Spacing"),
    ("1.4.13", "Content on Hover or Focus"),
    ("2.1.1", "Keyboard"),
    ("2.1.2", "No Keyboard Trap"),
    ("2.1.3", "Keyboard (No Exception)"),
    ("2.1.4", "Character Key Shortcuts"),
    ("2.2.1", "Timing Adjustable"),
    ("2.2.2", "Pause, Stop, Hide"),
    ("2.2.3", "No Timing"),
    ("2.2.4", "Interruptions"),
    ("2.2.5", "Re-authenticating"),
    ("2.2.6", "Timeouts"),
    ("2.3.1", "Three Flashes or Below Threshold"),
    ("2.3.2", "Three Flashes"),
    ("2.3.3", "Animation from Interactions"),
    ("2.4.1", "Bypass Blocks"),
    ("2.4.2", "Page Titled"),
    ("2.4.3", "Focus Order"),
    ("2.4.4", "Link Purpose (In Context)"),
    ("2.4.5", "Multiple Ways"),
    ("2.4.6", "Headings and Labels"),
    ("2.4.7", "Focus Visible"),
    ("2.4.8", "Location"),
    ("2.4.9", "Link Purpose (Link Only)"),
    ("2.4.10", "Section Headings"),
    ("2.4.11", "Focus Not Obscured (Minimum)"),
    ("2.4.12", "Focus Not Obscured (Enhanced)"),
    ("2.4.13", "Focus Appearance"),
    ("2.5.1", "Pointer Gestures"),
    ("2.5.2", "Pointer Cancellation"),
    ("2.5.3", "Label in Name"),
    ("2.5.4", "Motion Actuation"),
    ("2.5.5", "Target Size (Enhanced)"),
    ("2.5.6", "Concurrent Input Mechanisms"),
    ("2.5.7", "Dragging Movements"),
    ("2.5.8", "Target Size (Minimum)"),
    ("3.1.1", "Language of Page"),
    ("3.1.2", "Language of Parts"),
    ("3.1.3", "Unusual Words"),
    ("3.1.4", "Abbreviations"),
    ("3.1.5", "Reading Level"),
    ("3.1.6", "Pronunciation"),
    ("3.2.1", "On Focus"),
    ("3.2.2", "On Input"),
    ("3.2.3", "Consistent Navigation"),
    ("3.2.4", "Consistent Identification"),
    ("3.2.5", "Change on Request"),
    ("3.2.6", "Consistent Help"),
    ("3.3.1", "Error Identification"),
    ("3.3.2", "Labels or Instructions"),
    ("3.3.3", "Error Suggestion"),
    ("3.3.4", "Error Prevention (Legal, Financial, Data)"),
    ("3.3.5", "Help"),
    ("3.3.6", "Error Prevention (All)"),
    ("3.3.7", "Redundant Entry"),
    ("3.3.8", "Accessible Authentication (Minimum)"),
    ("3.3.9", "Accessible Authentication (Enhanced)"),
    ("4.1.1", "Parsing (Obsolete and removed)"),
    ("4.1.2", "Name, Role, Value"),
    ("4.1.3", "Status Messages"),
];

/// The official name of the success criterion numbered `number`, such as `1.4.3`.
pub(crate) fn criterion_name(number: &str) -> Option<&'static str> {
    CRITERIA
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, name)| *name)
}

/// Where the criteria are listed, for help text.
const LIST: &str = "WCAG 2.2 lists them at https://www.w3.org/TR/WCAG22/";

/// Help for a number that is not a success criterion: the criteria of its guideline
/// (`1.4` for `1.4.99`) when it has one, else how the numbers run.
pub(crate) fn numbering_help(number: &str) -> String {
    let guideline = number.rsplit_once('.').map_or(number, |(g, _)| g);
    let prefix = format!("{guideline}.");
    let same: Vec<&str> = CRITERIA
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| n.starts_with(&prefix) && !n[prefix.len()..].contains('.'))
        .collect();
    match (same.first(), same.last()) {
        (Some(first), Some(last)) if !guideline.is_empty() => {
            format!("guideline {guideline} has success criteria {first} to {last}; {LIST}")
        }
        _ => format!(
            "success criteria are numbered by principle, guideline and criterion, from 1.1.1 to 4.1.3, such as 1.4.3 for Contrast (Minimum); {LIST}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_criterion_of_wcag_2_2_once_in_order() {
        assert_eq!(CRITERIA.len(), 87);
        let key = |n: &str| -> Vec<u32> { n.split('.').map(|p| p.parse().unwrap()).collect() };
        for pair in CRITERIA.windows(2) {
            assert!(key(pair[0].0) < key(pair[1].0), "{pair:?}");
        }
        assert!(CRITERIA.iter().all(|(_, name)| !name.is_empty()));
    }

    #[test]
    fn names_are_found_by_number() {
        assert_eq!(criterion_name("1.4.3"), Some("Contrast (Minimum)"));
        assert_eq!(criterion_name("2.5.8"), Some("Target Size (Minimum)"));
        assert_eq!(
            criterion_name("4.1.1"),
            Some("Parsing (Obsolete and removed)")
        );
        assert_eq!(criterion_name("1.4.99"), None);
        assert_eq!(criterion_name("1.4"), None);
    }

    #[test]
    fn help_names_the_guideline_or_the_range() {
        assert!(
            numbering_help("1.4.99").contains("guideline 1.4 has success criteria 1.4.1 to 1.4.13")
        );
        assert!(numbering_help("9.9.9").contains("from 1.1.1 to 4.1.3"));
        assert!(numbering_help("contrast").contains("from 1.1.1 to 4.1.3"));
    }
}
