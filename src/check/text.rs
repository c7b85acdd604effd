//! Plain-English measures of text: sentences, words, syllables, the Flesch–Kincaid
//! grade, acronyms and words to avoid. Heuristics, as every readability tool's are; they
//! are tuned to not cry wolf on ordinary policy writing.

use std::ops::Range;

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "prof", "no", "st", "vs", "cf", "approx", "cllr",
    "inc", "ltd", "co", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec",
];

/// The sentences of a paragraph, as byte ranges.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let next = chars.get(i + 1).map(|(_, c)| *c);
        // The end of a sentence is followed by a space (or the end of the text).
        if !matches!(next, None | Some(' ') | Some('\n') | Some('\t')) {
            continue;
        }
        if c == '.' {
            let before: String = text[start..at]
                .chars()
                .rev()
                .take_while(|c| !c.is_whitespace() && *c != '(')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let word = before.to_lowercase();
            let single_letter =
                word.chars().filter(|c| c.is_alphabetic()).count() == 1 && word.len() <= 2;
            if ABBREVIATIONS.contains(&word.trim_end_matches('.')) || single_letter {
                continue;
            }
            // "…costs £2.5 million." — only a stop followed by a capital or the end.
            let after = text[at + 1..].trim_start();
            if let Some(first) = after.chars().next()
                && first.is_lowercase()
            {
                continue;
            }
        }
        let end = at + c.len_utf8();
        if !text[start..end].trim().is_empty() {
            out.push(start..end);
        }
        start = end;
    }
    if !text[start..].trim().is_empty() {
        out.push(start..text.len());
    }
    out
}

/// The words of a text: runs between spaces that hold a letter or a digit.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// Syllables in a word, by counting groups of vowels (an estimate, as in every
/// readability formula's implementation).
pub fn syllables(word: &str) -> usize {
    let letters: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if letters.is_empty() {
        // Numbers and symbols: "2030" is read as several syllables.
        return if word.chars().any(|c| c.is_ascii_digit()) {
            2
        } else {
            0
        };
    }
    let vowel = |c: char| "aeiouyàáâäèéêëìíîïòóôöùúûüŵŷ".contains(c);
    let mut count = 0;
    let mut previous = false;
    for c in letters.chars() {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    if letters.ends_with('e') && !letters.ends_with("le") && !letters.ends_with("ee") && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// The Flesch–Kincaid grade level of a text: 0.39 × words per sentence + 11.8 ×
/// syllables per word − 15.59.
pub fn grade(text: &str) -> f64 {
    let sentence_count = sentences(text).len().max(1) as f64;
    let all: Vec<&str> = words(text).collect();
    if all.is_empty() {
        return 0.0;
    }
    let word_count = all.len() as f64;
    let syllable_count: usize = all.iter().map(|w| syllables(w)).sum();
    0.39 * (word_count / sentence_count) + 11.8 * (syllable_count as f64 / word_count) - 15.59
}

/// Acronyms in a text: words of 2 to 6 capital letters (an `s` may follow: CDOs), with
/// their byte offsets.
pub fn acronyms(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for token in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let at = offset;
        offset += token.len() + 1;
        let core = token
            .strip_suffix("'s")
            .or_else(|| token.strip_suffix('s'))
            .unwrap_or(token);
        let core = if core.chars().all(|c| c.is_ascii_uppercase()) {
            core
        } else {
            token
        };
        if (2..=6).contains(&core.len()) && core.chars().all(|c| c.is_ascii_uppercase()) {
            out.push((at, core));
        }
    }
    out
}

/// Whether an acronym at `at` in `text` is spelled out there: in brackets after the words
/// ("chief digital officer (CDO)"), or followed by them in brackets ("CDO (chief…)").
pub fn spelled_out(text: &str, at: usize, acronym: &str) -> bool {
    let before = text[..at].trim_end();
    let after = text[at + acronym.len()..].trim_start_matches('s');
    (before.ends_with('(') && !before[..before.len() - 1].trim().is_empty())
        || after.starts_with(" (")
}

/// Whether most of a paragraph's letters are capitals.
pub fn mostly_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.iter().filter(|c| c.is_uppercase()).count();
    letters.len() >= 12 && capitals * 10 >= letters.len() * 8
}

/// GOV.UK's words to avoid that are never the plain choice.
pub const AVOID: &[&str] = &[
    "leverage",
    "going forward",
    "facilitate",
    "utilise",
    "utilize",
    "empower",
    "streamline",
    "robust",
    "overarching",
    "liaise",
    "incentivise",
    "disincentivise",
    "synergy",
    "ring fencing",
    "ring-fencing",
    "one-stop shop",
    "deep dive",
    "foster",
    "combat",
    "countering",
    "deploy",
    "slimming down",
];

/// Where an avoided word (or phrase, or its -s, -ed, -ing forms) is in a text.
pub fn find_avoided<'a>(text: &str, avoid: &'a [String]) -> Vec<(usize, &'a str)> {
    let lower = text.to_lowercase();
    // Offsets in `lower` match `text` only where lower-casing keeps byte lengths; skip
    // texts where it does not.
    if lower.len() != text.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for phrase in avoid {
        let phrase_lower = phrase.to_lowercase();
        let stem = phrase_lower.trim_end_matches('e');
        let mut from = 0;
        while let Some(i) = lower[from..].find(stem) {
            let at = from + i;
            from = at + stem.len();
            let before_ok = lower[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let rest = &lower[at + stem.len()..];
            let tail: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
            let ending_ok = matches!(
                tail.as_str(),
                "" | "s" | "d" | "ed" | "es" | "ing" | "e" | "er" | "ers"
            ) && (phrase_lower.ends_with('e')
                || !matches!(tail.as_str(), "e" | "d"));
            if before_ok && ending_ok {
                out.push((at, phrase.as_str()));
            }
        }
    }
    out.sort();
    out
}

/// Link text that says nothing out of context.
pub fn ambiguous_link_text(text: &str, extra: &[String]) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c == '…')
        .to_lowercase();
    const VAGUE: &[&str] = &[
        "click here",
        "here",
        "read more",
        "more",
        "link",
        "this link",
        "click",
        "click this link",
        "learn more",
        "more info",
        "more information",
        "this page",
        "this",
    ];
    VAGUE.contains(&t.as_str())
        || extra.iter().any(|e| e.to_lowercase() == t)
        || t.starts_with("http://")
        || t.starts_with("https://")
        || t.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops_but_not_abbreviations_or_decimals() {
        let text =
            "We will spend £2.5 million. Dr. Jones leads it, e.g. in schools! Will it work? Yes";
        let got: Vec<&str> = sentences(text)
            .into_iter()
            .map(|r| text[r].trim())
            .collect();
        assert_eq!(
            got,
            [
                "We will spend £2.5 million.",
                "Dr. Jones leads it, e.g. in schools!",
                "Will it work?",
                "Yes"
            ]
        );
    }

    #[test]
    fn syllables_and_grade() {
        assert_eq!(syllables("cat"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("digital"), 3);
        assert_eq!(syllables("inclusion"), 3);
        let simple = "We will help you. You can ask us. We are here to help.";
        let hard = "Organisational transformation necessitates comprehensive stakeholder engagement methodologies.";
        assert!(grade(simple) < 3.0, "{}", grade(simple));
        assert!(grade(hard) > 15.0, "{}", grade(hard));
    }

    #[test]
    fn acronyms_and_spelling_out() {
        let text = "The chief digital officer (CDO) reports to the CDOs and the UK board.";
        let found: Vec<&str> = acronyms(text).into_iter().map(|(_, a)| a).collect();
        assert_eq!(found, ["CDO", "CDO", "UK"]);
        let (at, a) = acronyms(text)[0];
        assert!(spelled_out(text, at, a));
        let text = "The CDO (chief digital officer) leads.";
        let (at, a) = acronyms(text)[0];
        assert!(spelled_out(text, at, a));
        let text = "The CDO leads.";
        let (at, a) = acronyms(text)[0];
        assert!(!spelled_out(text, at, a));
    }

    #[test]
    fn avoided_words_in_their_forms_only() {
        let avoid: Vec<String> = AVOID.iter().map(|s| s.to_string()).collect();
        let found: Vec<&str> = find_avoided(
            "We facilitated talks, leveraging data going forward.",
            &avoid,
        )
        .into_iter()
        .map(|(_, w)| w)
        .collect();
        assert_eq!(found, ["facilitate", "leverage", "going forward"]);
        assert!(find_avoided("A robustness test and a deployment", &avoid).is_empty());
        assert!(find_avoided("We will combat fraud", &avoid).len() == 1);
    }

    #[test]
    fn vague_link_text() {
        assert!(ambiguous_link_text("Click here", &[]));
        assert!(ambiguous_link_text("read more…", &[]));
        assert!(ambiguous_link_text("https://example.org", &[]));
        assert!(!ambiguous_link_text("the digital inclusion plan", &[]));
        assert!(mostly_capitals("PLEASE READ THIS NOTICE CAREFULLY"));
        assert!(!mostly_capitals("Please read the NHS notice"));
    }
}
