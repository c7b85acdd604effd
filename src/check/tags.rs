//! The start tags of raw HTML written in a page, read leniently for the source rules
//! that look at `<img>` and at frames and embeds: names in any case, attributes in any
//! order, values in double, single or no quotes. Comments, end tags and the text of
//! `<script>`, `<style>` and `<textarea>` are passed over. Input is the raw HTML of a
//! body; output is each start tag with its byte offset in that HTML.
//!
//! This is not the sanitiser's parser ([`crate::html`] reads HTML as html5ever does, but
//! by line only): the checks need the column of each tag, and to tell one tag from
//! another, not to build a tree.

/// A start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag<'a> {
    /// The byte offset of its `<`.
    pub at: usize,
    /// Its name, in lower case.
    pub name: String,
    /// Its attributes as written: (name in lower case, value with no quotes).
    attrs: Vec<(String, &'a str)>,
}

impl StartTag<'_> {
    /// The value of an attribute (the first, when it is written twice, as browsers read
    /// it); `Some("")` for an attribute with no value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| *value)
    }
}

/// Elements whose content is text, not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp"];

/// Every start tag in `html`, in order.
pub fn start_tags(html: &str) -> Vec<StartTag<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = html.get(from..).and_then(|rest| rest.find('<')) {
        let at = from + found;
        let rest = &html[at + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            from = comment
                .find("-->")
                .map_or(html.len(), |end| html.len() - comment.len() + end + 3);
            continue;
        }
        if rest.starts_with(['!', '?', '/']) {
            // A doctype, a processing instruction or an end tag.
            from = rest.find('>').map_or(html.len(), |end| at + 1 + end + 1);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            from = at + 1;
            continue;
        }
        let name_len = rest.find(ends_name).unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        let (attrs, end) = attributes(html, at + 1 + name_len);
        from = end;
        if RAW_TEXT.contains(&name.as_str()) {
            from = find_ignoring_case(html, from, &format!("</{name}")).unwrap_or(html.len());
        }
        out.push(StartTag { at, name, attrs });
    }
    out
}

/// Whether a character ends a tag's or an attribute's name.
fn ends_name(c: char) -> bool {
    c.is_ascii_whitespace() || c == '/' || c == '>'
}

/// The attributes of a tag from byte `from` (just after its name), and where the tag ends
/// (after its `>`, or the end of the text when it is not closed).
fn attributes(html: &str, mut from: usize) -> (Vec<(String, &str)>, usize) {
    let mut attrs = Vec::new();
    loop {
        let rest = &html[from..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        from += rest.len() - trimmed.len();
        if trimmed.is_empty() {
            return (attrs, html.len());
        }
        if trimmed.starts_with('>') {
            return (attrs, from + 1);
        }
        // A name is at least one character, even `=`; it ends at `=` after that.
        let name_len = trimmed
            .char_indices()
            .skip(1)
            .find(|(_, c)| ends_name(*c) || *c == '=')
            .map_or(trimmed.len(), |(i, _)| i);
        let name = trimmed[..name_len].to_ascii_lowercase();
        from += name_len;
        let rest = &html[from..];
        let after_space = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(value_and_more) = after_space.strip_prefix('=') else {
            attrs.push((name, ""));
            continue;
        };
        let value_start = value_and_more.trim_start_matches(|c: char| c.is_ascii_whitespace());
        from = html.len() - value_start.len();
        let (value, consumed) = match value_start.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &value_start[1..];
                match inner.find(quote) {
                    Some(end) => (&inner[..end], end + 2),
                    None => (inner, value_start.len()),
                }
            }
            _ => {
                let end = value_start
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(value_start.len());
                (&value_start[..end], end)
            }
        };
        attrs.push((name, value));
        from += consumed;
    }
}

/// Where `needle` (ASCII, starting with `<`) is next in `html` from byte `from`, in any
/// case.
fn find_ignoring_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let rest = html.get(from..)?;
    rest.match_indices('<').map(|(i, _)| from + i).find(|&i| {
        html.get(i..i + needle.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(needle))
    })
}

/// The host of an address on another site: an absolute http(s) address or one that
/// starts with `//`, as embed codes often do.
pub fn other_site(address: &str) -> Option<String> {
    let address = address.trim();
    let url = if address.starts_with("//") {
        url::Url::parse(&format!("https:{address}"))
    } else {
        url::Url::parse(address)
    }
    .ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.host_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_and(html: &str, attr: &str) -> Vec<(usize, String, Option<String>)> {
        start_tags(html)
            .into_iter()
            .map(|t| (t.at, t.name.clone(), t.attr(attr).map(str::to_string)))
            .collect()
    }

    #[test]
    fn tags_are_read_in_any_case_with_attributes_in_any_order_and_quoting() {
        let html = r#"<IFRAME width=560 SRC='https://www.youtube.com/embed/x' allowfullscreen></iframe><img alt="A map" src=map.png><Embed src = "//player.example/x" >"#;
        assert_eq!(
            names_and(html, "src"),
            [
                (
                    0,
                    "iframe".to_string(),
                    Some("https://www.youtube.com/embed/x".to_string())
                ),
                (
                    html.find("<img").unwrap(),
                    "img".to_string(),
                    Some("map.png".to_string())
                ),
                (
                    html.find("<Embed").unwrap(),
                    "embed".to_string(),
                    Some("//player.example/x".to_string())
                ),
            ]
        );
        let tags = start_tags(html);
        assert_eq!(tags[0].attr("allowfullscreen"), Some(""));
        assert_eq!(tags[0].attr("width"), Some("560"));
        assert_eq!(tags[1].attr("alt"), Some("A map"));
        assert_eq!(tags[1].attr("title"), None);
    }

    #[test]
    fn comments_end_tags_and_script_text_are_passed_over() {
        let html = "<!-- <iframe src=\"https://a.example\"> --><script>let s = '<iframe>';</SCRIPT><p>Hi</p><?xml ?><!DOCTYPE html>";
        let names: Vec<String> = start_tags(html).into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["script", "p"]);
    }

    #[test]
    fn positions_hold_around_text_that_is_not_ascii() {
        let html = "Croeso i'n gwefan — ŵ ŷ 🎉 <iframe src=\"https://ŵ.example/ŷ\" title='Fideo 🎬'>🎬</iframe> ŵ";
        let tags = start_tags(html);
        assert_eq!(tags.len(), 1);
        assert_eq!(&html[tags[0].at..tags[0].at + 7], "<iframe");
        assert_eq!(tags[0].attr("title"), Some("Fideo 🎬"));
        assert_eq!(tags[0].attr("src"), Some("https://ŵ.example/ŷ"));
    }

    #[test]
    fn broken_markup_ends_without_a_panic() {
        for html in [
            "<",
            "<iframe",
            "<iframe src=",
            "<iframe src=\"https://a.example",
            "<iframe src='ŵ",
            "<iframe ŵ=ŷ 🎉>",
            "<iframe =x>",
            "<!--",
            "<script>",
            "<a<b<c",
            "< iframe>",
            "<ŵ>",
            "<iframe/src=x/>",
        ] {
            let _ = start_tags(html);
        }
        assert_eq!(start_tags("<iframe/src=x/>")[0].attr("src"), Some("x/"));
        assert!(start_tags("< iframe>").is_empty());
    }

    #[test]
    fn only_http_addresses_with_a_host_are_on_another_site() {
        assert_eq!(
            other_site("https://www.youtube.com/embed/x").as_deref(),
            Some("www.youtube.com")
        );
        assert_eq!(
            other_site("//player.vimeo.com/video/1").as_deref(),
            Some("player.vimeo.com")
        );
        assert_eq!(
            other_site(" HTTP://Example.ORG/a ").as_deref(),
            Some("example.org")
        );
        assert_eq!(other_site("/media/talk.mp4"), None);
        assert_eq!(other_site("talk.mp4"), None);
        assert_eq!(other_site("data:text/html,hi"), None);
        assert_eq!(other_site(""), None);
    }
}
