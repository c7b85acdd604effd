//! Addresses: where the site is published ([`BaseUrl`]), the output file of a page's URL
//! path, and the small pieces of URL syntax links need (schemes, percent-encoding). A leaf:
//! it depends on nothing else in Plainly.

use std::path::PathBuf;

/// Where the site is published: `https://example.github.io/council/` splits into the
/// origin `https://example.github.io` and the path `/council/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash; empty when only a path was given.
    pub origin: String,
    /// Always starts and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(BaseUrl {
                origin: String::new(),
                path: "/".into(),
            });
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "`{}` contains a space or an invisible character; write spaces as %20",
                text.escape_debug()
            ));
        }
        if text.contains('\\') {
            return Err(format!("`{text}` contains a backslash; URLs use /"));
        }
        let (origin, path) = if let Some(rest) = text
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| text.strip_prefix("http://").map(|r| ("http://", r)))
        {
            let (scheme, rest) = rest;
            let (host, path) = match rest.find('/') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, "/"),
            };
            if host.contains('@') {
                return Err(format!(
                    "`{text}` holds a user name or password, which every page would publish"
                ));
            }
            let host_char = |c: char| c.is_alphanumeric() || "-.:[]".contains(c);
            if host.is_empty() || !host.chars().all(host_char) || host.starts_with(['.', ':']) {
                return Err(format!("`{text}` has no valid host name"));
            }
            (format!("{scheme}{host}"), path.to_string())
        } else if text.starts_with("//") {
            return Err(format!(
                "`{text}` starts with //, which browsers read as another site; write https://… for a host, or one / for a path"
            ));
        } else if text.starts_with('/') {
            (String::new(), text.to_string())
        } else {
            return Err(format!(
                "`{text}` is neither a full URL (https://…) nor a path starting with /"
            ));
        };
        if path.contains(['?', '#']) {
            return Err(format!("`{text}` must not contain a query or fragment"));
        }
        if path.contains("//") || path.split('/').any(|s| s == "." || s == "..") {
            return Err(format!(
                "`{text}` has an empty, `.` or `..` part in its path; write the path the site is published at, such as /council/"
            ));
        }
        let mut path = path;
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// The full URL of a site-relative path (`strategy/vision/` → `https://…/council/strategy/vision/`).
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.url(site_path))
    }

    /// The root-relative URL of a site-relative path, with the sub-path.
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    pub fn is_absolute(&self) -> bool {
        !self.origin.is_empty()
    }
}

/// A page's address under the base URL, made into a string only when shown: templates
/// see `/council/strategy/vision/` (or, `absolute`, the full URL); a fingerprint takes
/// the parts, without making the string.
#[derive(Debug, Clone, Copy)]
pub struct Url<'a> {
    pub base: &'a BaseUrl,
    /// The site-relative path.
    pub path: &'a str,
    pub absolute: bool,
}

impl Url<'_> {
    pub fn text(&self) -> String {
        if self.absolute {
            self.base.permalink(self.path)
        } else {
            self.base.url(self.path)
        }
    }
}

impl serde::Serialize for Url<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.text())
        } else {
            use serde::ser::SerializeTuple;
            let mut t = s.serialize_tuple(4)?;
            t.serialize_element(&self.base.origin)?;
            t.serialize_element(&self.base.path)?;
            t.serialize_element(self.path)?;
            t.serialize_element(&self.absolute)?;
            t.end()
        }
    }
}

/// `https:`, `mailto:`, `tel:`, `//host`: addresses Plainly does not own.
pub fn is_external(dest: &str) -> bool {
    dest.starts_with("//") || scheme(dest).is_some()
}

/// The schemes a published link, image or address may use; other addresses are relative.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The scheme of an address, lower-cased, read as a browser reads it: leading spaces and
/// control characters are dropped and tabs and newlines anywhere ignored, so that
/// `java&#9;script:` is `javascript`. `None` for a relative address.
pub fn scheme(dest: &str) -> Option<String> {
    let mut scheme = String::new();
    for c in dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
    {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || "+-.".contains(c)) => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// Whether a scheme found by [`scheme`] may be published.
pub fn scheme_allowed(scheme: &str) -> bool {
    ALLOWED_SCHEMES.contains(&scheme)
}

/// A problem with an address written in content or settings: a scheme that is not
/// published (`javascript:`, `data:`, `file:` …).
pub fn address_problem(dest: &str) -> Option<String> {
    let scheme = scheme(dest)?;
    (!scheme_allowed(&scheme)).then(|| {
        format!("`{scheme}:` addresses are not published: use an https:// address, mailto:, tel: or a link within the site")
    })
}

/// Decodes `%20` and other percent escapes; invalid escapes are kept as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Percent-encodes what a URL path may not hold (spaces and other specials).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What makes `segment` unusable as one folder or file name of the output, on any file
/// system a site is built on or deployed to: `None` when it is usable.
pub fn segment_problem(segment: &str) -> Option<&'static str> {
    if segment.is_empty() {
        return Some("has an empty part (two slashes in a row)");
    }
    if segment == "." || segment == ".." {
        return Some("has a `.` or `..` part");
    }
    if segment.contains(['/', '\\']) {
        return Some("holds a backslash");
    }
    if segment.chars().any(char::is_control) {
        return Some("holds a control character");
    }
    if segment.contains(['<', '>', ':', '"', '|', '?', '*']) {
        return Some("holds a character that file systems refuse (< > : \" | ? *)");
    }
    if segment.ends_with(['.', ' ']) {
        return Some("has a part ending in a dot or a space, which Windows drops");
    }
    let stem = segment.split('.').next().unwrap_or("").to_ascii_lowercase();
    let reserved = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        return Some("has a part Windows reserves as a device name (con, nul, com1…)");
    }
    None
}

/// A path on the site as a user writes it (an alias, an old address), in the form page
/// paths take: `/Old//plan/./index.html` → `Old/plan/`, `/old.html` → `old.html`, `/` →
/// `` (the home page). Percent escapes are decoded first, as a web server decodes them, so
/// `%2e%2e` is `..`; empty and `.` parts are dropped; every other part must be a usable
/// name ([`segment_problem`]). Case is kept: [`output_key`] compares without it.
pub fn normalise_site_path(path: &str) -> Result<String, &'static str> {
    let decoded = percent_decode(path.trim());
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err("has a `..` part"),
            part => {
                if let Some(problem) = segment_problem(part) {
                    return Err(problem);
                }
                parts.push(part);
            }
        }
    }
    if parts.last().is_some_and(|p| {
        p.eq_ignore_ascii_case("index.html") || p.eq_ignore_ascii_case("index.htm")
    }) {
        parts.pop();
    } else if let Some(last) = parts.last()
        && (last.ends_with(".html") || last.ends_with(".htm"))
    {
        return Ok(parts.join("/"));
    }
    let mut out = parts.join("/");
    if !out.is_empty() {
        out.push('/');
    }
    Ok(out)
}

/// How two output paths are compared: case-insensitive file systems (macOS, Windows, most
/// hosts' upload tools) take `Plan/` and `plan/` for one folder, so they are one place.
pub fn output_key(path: &str) -> String {
    path.to_lowercase()
}

/// A name that is one plain segment: usable as a folder name and not hidden.
pub fn is_plain_name(name: &str) -> bool {
    segment_problem(name).is_none() && !name.starts_with('.')
}

/// `strategy/vision/` → `strategy/vision/index.html`; `old.html` stays.
pub fn html_path(path: &str) -> PathBuf {
    if path.ends_with(".html") || path.ends_with(".htm") {
        PathBuf::from(path)
    } else {
        PathBuf::from(path).join("index.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        for (dest, want) in [
            ("https://example.gov.uk/", Some("https")),
            ("JavaScript:alert(1)", Some("javascript")),
            (" \u{1}java\tscr\nipt:alert(1)", Some("javascript")),
            ("data:text/html,x", Some("data")),
            ("mailto:a@b.c", Some("mailto")),
            ("../page.md", None),
            ("page.md#a:b", None),
            ("/path:x", None),
            ("#top", None),
            ("1x:y", None),
            ("", None),
        ] {
            assert_eq!(scheme(dest).as_deref(), want, "{dest:?}");
        }
        assert!(address_problem("javascript:alert(1)").is_some());
        assert!(address_problem("vbscript:x").is_some());
        assert!(address_problem("tel:+441234").is_none());
        assert!(address_problem("folder/file.pdf").is_none());
    }

    #[test]
    fn base_urls_that_leave_the_site_or_publish_secrets_are_refused() {
        for bad in [
            "//evil.example/",
            "https://user:pass@example.org/",
            "https://token@example.org/",
            "https://example.org/my site/",
            "https://exa mple.org/",
            "https://example.org/\u{1b}[2J/",
            "https:///path/",
            "https://example.org//x/",
            "https://example.org/a/../b/",
            "/a/./b/",
            "https:\\\\example.org\\",
            "javascript:alert(1)",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad} accepted");
        }
        for good in [
            "https://example.org/",
            "https://example.org:8443/council/",
            "http://[::1]:8080/",
            "https://cyngor.example/gwasanaethau%20digidol/",
            "/council/",
            "",
        ] {
            assert!(BaseUrl::parse(good).is_ok(), "{good} refused");
        }
    }

    #[test]
    fn base_url_splits_origin_and_sub_path() {
        let b = BaseUrl::parse("https://example.github.io/council").unwrap();
        assert_eq!(b.origin, "https://example.github.io");
        assert_eq!(b.path, "/council/");
        assert_eq!(b.url("strategy/vision/"), "/council/strategy/vision/");
        assert_eq!(
            b.permalink("strategy/"),
            "https://example.github.io/council/strategy/"
        );
        assert_eq!(BaseUrl::parse("").unwrap().path, "/");
        assert_eq!(BaseUrl::parse("/docs").unwrap().url(""), "/docs/");
        assert!(BaseUrl::parse("example.gov.uk").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }

    #[test]
    fn external_destinations() {
        for d in [
            "https://x.org",
            "mailto:a@b",
            "tel:01234",
            "//cdn.x",
            "data:image/png;base64,x",
        ] {
            assert!(is_external(d), "{d}");
        }
        for d in [
            "01-vision.md",
            "../plan/index.md#x",
            "/strategy/",
            "a/b:c.md",
            "#top",
        ] {
            assert!(!is_external(d), "{d}");
        }
    }

    #[test]
    fn percent_coding() {
        assert_eq!(percent_decode("Our%20Plan.md"), "Our Plan.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(
            encode_path("partners/Annual report 2025.pdf"),
            "partners/Annual%20report%202025.pdf"
        );
    }

    #[test]
    fn site_paths_normalise_to_one_form() {
        for (written, normal) in [
            ("/old/strategy", "old/strategy/"),
            ("/digital-strategy//vision/", "digital-strategy/vision/"),
            ("/digital-strategy/./vision/", "digital-strategy/vision/"),
            ("/index.html", ""),
            ("/tags/index.html", "tags/"),
            ("/", ""),
            ("/old.html", "old.html"),
            ("/Caf%C3%A9/", "Café/"),
            ("/cynllun-ŵyr/", "cynllun-ŵyr/"),
        ] {
            assert_eq!(
                normalise_site_path(written).as_deref(),
                Ok(normal),
                "{written}"
            );
        }
        for bad in [
            "/../x/",
            "/%2e%2e/x/",
            "/a/%2E%2E/",
            "\\evil/",
            "javascript:alert(1)/",
            "a\"><script>x/",
            "/con/",
            "/NUL.txt/",
            "/com1/",
            "/a\u{0}b/",
            "/a\u{1b}[31m/",
            "/trailing./",
        ] {
            assert!(normalise_site_path(bad).is_err(), "{bad:?}");
        }
        assert_eq!(output_key("Plan/Index.HTML"), output_key("plan/index.html"));
    }

    #[test]
    fn output_files_of_url_paths() {
        assert_eq!(
            html_path("strategy/vision/"),
            PathBuf::from("strategy/vision/index.html")
        );
        assert_eq!(html_path(""), PathBuf::from("index.html"));
        assert_eq!(html_path("old.html"), PathBuf::from("old.html"));
    }
}
