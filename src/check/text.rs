//! Plain-English measures of text: sentences, words, syllables, the Flesch–Kincaid
//! grade, acronyms and words to avoid. Heuristics, as every readability tool's are; they
//! are tuned to not cry wolf on ordinary policy writing.

/// The next template tag at or after byte `from`: `{% … %}`, `{{ … }}`, `{{< … >}}`,
/// `{{% … %}}`, `{# … #}`, or kramdown's `{: … }`, as (where it starts, the tag as shown,
/// cut to 60 characters).
pub fn template_tag(text: &str, from: usize) -> Option<(usize, String)> {
    let rest = text.get(from..)?;
    let mut search = 0;
    loop {
        let i = rest[search..].find('{')? + search;
        let after = &rest[i + 1..];
        let close = match after.chars().next() {
            Some('%') => "%}",
            Some('{') => "}}",
            Some('#') if after[1..].contains("#}") => "#}",
            Some(':') => "}",
            _ => {
                search = i + 1;
                continue;
            }
        };
        let end = after[1..].find(close).map(|e| i + 1 + 1 + e + close.len());
        let Some(end) = end else {
            search = i + 1;
            continue;
        };
        let tag = &rest[i..end];
        let shown: String = if tag.chars().count() > 60 {
            tag.chars().take(59).chain(['…']).collect()
        } else {
            tag.to_string()
        };
        return Some((from + i, shown));
    }
}

/// The word that marks a placeholder left to fill in.
pub const PLACEHOLDER: &str = "TODO";

/// Placeholders in a file's text: each `TODO` standing as a word (not inside a longer
/// word, nor in `code` or a fenced code block), as (byte offset, the rest of its line as
/// shown, cut to 60 characters).
pub fn placeholders(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() <= 3 {
            let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
            if let Some(c) = marker {
                let run = trimmed.chars().take_while(|x| *x == c).count();
                if run >= 3 {
                    match fence {
                        None => fence = Some((c, run)),
                        Some((open, len))
                            if open == c && run >= len && trimmed[run..].trim().is_empty() =>
                        {
                            fence = None
                        }
                        _ => {}
                    }
                    continue;
                }
            }
        }
        if fence.is_some() {
            continue;
        }
        let mut from = 0;
        while let Some(i) = line[from..].find(PLACEHOLDER) {
            let i = from + i;
            from = i + PLACEHOLDER.len();
            let word_char = |c: char| c.is_alphanumeric() || c == '_';
            let before = line[..i].chars().next_back();
            let after = line[from..].chars().next();
            if before.is_some_and(word_char) || after.is_some_and(word_char) {
                continue;
            }
            // Inside `code` when an odd number of backticks comes before it on its line.
            if line[..i].matches('`').count() % 2 == 1 {
                continue;
            }
            // A quoted value's closing quote is not part of what it says.
            let rest = line[i..].trim_end().trim_end_matches(['"', '\'']);
            let shown: String = if rest.chars().count() > 60 {
                rest.chars().take(59).chain(['…']).collect()
            } else {
                rest.to_string()
            };
            out.push((at + i, shown));
        }
    }
    out
}

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
/// their byte offsets. Parts of dotted names (GOV.UK, NHS.UK, U.K.), Roman numerals (Part
/// II, Annex IV) and `HM` (His Majesty's) are not acronyms to expand.
pub fn acronyms(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for (at, token) in tokens(text) {
        let core = token
            .strip_suffix("'s")
            .or_else(|| token.strip_suffix("\u{2019}s"))
            .or_else(|| token.strip_suffix('s'))
            .unwrap_or(token);
        let core = if is_capitals(core) { core } else { token };
        if !(2..=6).contains(&core.len()) || !is_capitals(core) {
            continue;
        }
        if NOT_ACRONYMS.contains(&core) || is_roman_numeral(core) || in_dotted_name(text, at, token)
        {
            continue;
        }
        out.push((at, core));
    }
    out
}

/// Capitals that are never spelled out.
const NOT_ACRONYMS: &[&str] = &["HM", "GOV", PLACEHOLDER];

fn is_capitals(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Runs of letters and digits (with apostrophes inside words), with their byte offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_part = |c: char| c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(start, c)) = rest.peek() {
            if is_part(c) {
                let mut end = start;
                while let Some(&(i, c)) = rest.peek() {
                    if !is_part(c) {
                        break;
                    }
                    end = i + c.len_utf8();
                    rest.next();
                }
                return Some((start, &text[start..end]));
            }
            rest.next();
        }
        None
    })
}

/// Roman numerals of I, V, X and L (1 to 89), as in "Part II" or "Annex XIV".
fn is_roman_numeral(word: &str) -> bool {
    if word.is_empty() || !word.bytes().all(|b| b"IVXL".contains(&b)) {
        return false;
    }
    let value = |b: u8| match b {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        _ => 50,
    };
    let bytes = word.as_bytes();
    let mut total = 0i32;
    for (i, b) in bytes.iter().enumerate() {
        let v = value(*b);
        match bytes.get(i + 1).map(|n| value(*n)) {
            Some(next) if next > v => total -= v,
            _ => total += v,
        }
    }
    // Only the canonical spelling of its value counts: IIII and VX are not numerals.
    total > 0 && roman(total as u32) == word
}

fn roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, digits) in [
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Whether the token at `at` is part of a dotted name: GOV.UK, NHS.UK, U.K.
fn in_dotted_name(text: &str, at: usize, token: &str) -> bool {
    let before = &text[..at];
    let after = &text[at + token.len()..];
    let dotted_before = before
        .strip_suffix('.')
        .and_then(|b| b.chars().next_back())
        .is_some_and(char::is_alphanumeric);
    let dotted_after = after
        .strip_prefix('.')
        .and_then(|a| a.chars().next())
        .is_some_and(char::is_alphanumeric);
    dotted_before || dotted_after
}

/// Whether an acronym at `at` in `text` is spelled out there: in brackets after the words
/// ("chief digital officer (CDO)"), or followed by them in brackets ("CDO (chief…)").
/// The words must fit the letters: "a plan (GDS)" does not spell out GDS.
pub fn spelled_out(text: &str, at: usize, acronym: &str) -> bool {
    let (Some(before), Some(after)) = (text.get(..at), text.get(at + acronym.len()..)) else {
        return false;
    };
    let after = after.trim_start_matches('s');
    let words_before = before
        .trim_end()
        .strip_suffix('(')
        .is_some_and(|words| describes(words, acronym));
    let words_after = after
        .strip_prefix(" (")
        .map(|rest| rest.split(')').next().unwrap_or(rest))
        .is_some_and(|words| describes(words, acronym));
    words_before || words_after
}

/// Whether the last words of `text` could be what `acronym` stands for: their initials
/// spell it, or its letters appear in order in them, starting a word ("Hypertext Markup
/// Language" for HTML).
fn describes(text: &str, acronym: &str) -> bool {
    if expanded_in(text, acronym) {
        return true;
    }
    let letters: Vec<char> = acronym.chars().map(|c| c.to_ascii_lowercase()).collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    let tail = &words[words.len().saturating_sub(letters.len() * 2)..];
    (0..tail.len()).any(|start| {
        let mut wanted = letters.iter().peekable();
        let first = tail[start]
            .chars()
            .next()
            .map(|c| c.to_lowercase().next().unwrap_or(c));
        if first != letters.first().copied() {
            return false;
        }
        for c in tail[start..]
            .iter()
            .flat_map(|w| w.chars())
            .flat_map(char::to_lowercase)
        {
            if wanted.peek() == Some(&&c) {
                wanted.next();
            }
        }
        wanted.peek().is_none()
    })
}

/// Whether the words of an acronym appear, in order, in `text`: "Driving Standards
/// Agency" for DSA, "information and communications technology" for ICT. Small joining
/// words (and, of, the, for…) may come between them.
pub fn expanded_in(text: &str, acronym: &str) -> bool {
    const JOINING: &[&str] = &["and", "of", "the", "for", "in", "on", "to", "&"];
    let letters: Vec<char> = acronym.chars().map(|c| c.to_ascii_lowercase()).collect();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'))
        .filter(|w| !w.is_empty())
        .collect();
    let initial = |w: &str| {
        w.chars()
            .next()
            .map(|c| c.to_lowercase().next().unwrap_or(c))
    };
    (0..words.len()).any(|start| {
        let mut matched = 0;
        for word in &words[start..] {
            if matched == letters.len() {
                break;
            }
            if initial(word) == Some(letters[matched]) && !is_capitals(word) {
                matched += 1;
            } else if matched > 0 && JOINING.contains(&word.to_lowercase().as_str()) {
                continue;
            } else {
                break;
            }
        }
        matched == letters.len()
    })
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

/// Where an avoided word (or phrase, or its -s, -ed, -ing forms) is in a text, as byte
/// offsets into `text`.
pub fn find_avoided<'a>(text: &str, avoid: &'a [String]) -> Vec<(usize, &'a str)> {
    let lowered = Lowered::new(text);
    let lower = lowered.text.as_str();
    let mut out = Vec::new();
    for phrase in avoid {
        let phrase_lower = phrase.to_lowercase();
        let stem = phrase_lower.trim_end_matches('e');
        if stem.is_empty() {
            continue;
        }
        for (at, _) in lower.match_indices(stem) {
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
                out.push((lowered.original(at), phrase.as_str()));
            }
        }
    }
    out.sort();
    out
}

/// A text in lower case, with the way back to the original's byte offsets: lower-casing
/// changes the length of some letters (İ becomes two characters, the Kelvin sign K one
/// byte shorter), so offsets in one are not offsets in the other.
struct Lowered {
    text: String,
    /// (offset in `text`, offset in the original) at the start of each original character.
    starts: Vec<(usize, usize)>,
}

impl Lowered {
    fn new(original: &str) -> Lowered {
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            starts.push((text.len(), at));
            text.extend(c.to_lowercase());
        }
        Lowered { text, starts }
    }

    /// The original offset of the character that `at` (in the lower-case text) came from.
    fn original(&self, at: usize) -> usize {
        match self.starts.binary_search_by_key(&at, |(l, _)| *l) {
            Ok(i) => self.starts[i].1,
            Err(i) => self.starts[i.saturating_sub(1)].1,
        }
    }
}

/// Link text that says nothing out of context.
pub fn ambiguous_link_text(text: &str, extra: &[String]) -> bool {
    // Punctuation, quotes (curly ones too), symbols and spaces around the words.
    let bare = |t: &str| {
        t.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let t = bare(text);
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
        || extra.iter().any(|e| bare(e) == t)
        || t.starts_with("http://")
        || t.starts_with("https://")
        || t.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_as_words_outside_code() {
        let text = "title: \"TODO: teitl — ŵyr\"\nA TODO: ffôn 📞 here\nTODOS and AUTODOC are words\n`TODO` in code\n```\nTODO in a fence\n```\n~~~~\n```\nTODO still fenced\n~~~~\nlast TODO\n";
        let found = placeholders(text);
        let shown: Vec<&str> = found.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(shown, ["TODO: teitl — ŵyr", "TODO: ffôn 📞 here", "TODO"]);
        for (at, _) in &found {
            assert_eq!(&text[*at..*at + 4], "TODO");
        }
        let long = format!("TODO: {}", "ŵ".repeat(100));
        let (_, shown) = &placeholders(&long)[0];
        assert_eq!(shown.chars().count(), 60);
        assert!(shown.ends_with('…'));
        assert!(placeholders("No placeholders — “here”").is_empty());
    }

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
        assert!(ambiguous_link_text("“Click here”", &[]));
        assert!(ambiguous_link_text("here.", &[]));
        assert!(ambiguous_link_text("More »", &[]));
        assert!(ambiguous_link_text("Find out", &["find out…".to_string()]));
        assert!(!ambiguous_link_text("“Here to help” plan", &[]));
        assert!(ambiguous_link_text("https://example.org", &[]));
        assert!(!ambiguous_link_text("the digital inclusion plan", &[]));
        assert!(mostly_capitals("PLEASE READ THIS NOTICE CAREFULLY"));
        assert!(!mostly_capitals("Please read the NHS notice"));
    }
}
