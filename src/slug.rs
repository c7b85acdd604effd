//! URL segments from file and folder names: `01-Our Vision.md` → `our-vision`.
//!
//! Numeric prefixes that only order chapters (`01-`, `2_`, `3. `) are dropped; accents
//! common in Welsh and other European languages are folded (`ŵ` → `w`), so that URLs
//! stay readable and typeable.

/// Lower-case words joined by hyphens; accents folded; other characters dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = fold_accent(c);
        if folded.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(folded);
        } else if matches!(folded, '\'' | '’' | '‘') {
            // "Council's" → "councils", not "council-s".
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Drops an ordering prefix such as `01-`, `2_` or `3. ` when a letter follows it.
pub fn strip_order_prefix(stem: &str) -> &str {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return stem;
    }
    let rest = &stem[digits..];
    let after = rest.trim_start_matches(['-', '_', '.', ' ']);
    if after.len() == rest.len() {
        return stem;
    }
    match after.chars().next() {
        Some(c) if c.is_alphabetic() => after,
        _ => stem,
    }
}

/// A readable title from a file or folder name: `02-digital_inclusion` → `Digital inclusion`.
pub fn humanise(stem: &str) -> String {
    let words = strip_order_prefix(stem).replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_string(),
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ẁ' | 'ẃ' | 'ŵ' | 'ẅ' => 'w',
        'ỳ' | 'ý' | 'ŷ' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        'ß' => 's',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Our Vision"), "our-vision");
        assert_eq!(
            slugify("Council's plan: 2025–2030!"),
            "councils-plan-2025-2030"
        );
        assert_eq!(
            slugify("Strategaeth Ddigidol Gŵyl"),
            "strategaeth-ddigidol-gwyl"
        );
        assert_eq!(slugify("  --  "), "");
        assert_eq!(slugify("Digital_Inclusion  Plan"), "digital-inclusion-plan");
    }

    #[test]
    fn order_prefixes_are_dropped_only_before_words() {
        assert_eq!(strip_order_prefix("01-vision"), "vision");
        assert_eq!(strip_order_prefix("2_action plan"), "action plan");
        assert_eq!(strip_order_prefix("3. Intro"), "Intro");
        assert_eq!(
            strip_order_prefix("2026-03-01-minutes"),
            "2026-03-01-minutes"
        );
        assert_eq!(strip_order_prefix("2030"), "2030");
        assert_eq!(strip_order_prefix("vision"), "vision");
        assert_eq!(strip_order_prefix("100-"), "100-");
    }

    #[test]
    fn humanised_titles() {
        assert_eq!(humanise("02-digital_inclusion"), "Digital inclusion");
        assert_eq!(humanise("Action Plan"), "Action Plan");
    }
}
