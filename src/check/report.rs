//! Findings for people and machines: text for a terminal, JSON (schema in
//! `docs/check-output.schema.json`, version 1) and GitHub workflow annotations.

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, display_path};

/// The version of the JSON output; it changes only when a field changes meaning or goes.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    source: Option<&'a str>,
    help: Option<&'a str>,
    notes: &'a [String],
}

/// The findings as JSON.
pub fn json(diags: &Diagnostics) -> String {
    let output = Output {
        version: JSON_VERSION,
        summary: Summary {
            errors: diags.error_count(),
            warnings: diags.warning_count(),
        },
        findings: diags
            .iter()
            .map(|d| Finding {
                rule: d.code,
                severity: d.severity.as_str(),
                message: &d.message,
                file: d.file.as_deref().map(display_path),
                line: d.location.map(|l| l.line),
                column: d.location.map(|l| l.col),
                source: d.source_line.as_deref(),
                help: d.help.as_deref(),
                notes: &d.notes,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&output).unwrap_or_default() + "\n"
}

/// The findings as GitHub workflow commands, which annotate the files in a pull request.
pub fn github(diags: &Diagnostics) -> String {
    diags.iter().map(annotation).collect()
}

fn annotation(d: &Diagnostic) -> String {
    let mut props = Vec::new();
    if let Some(file) = &d.file {
        props.push(format!("file={}", property(&display_path(file))));
    }
    if let Some(at) = d.location {
        props.push(format!("line={}", at.line));
        props.push(format!("col={}", at.col));
    }
    props.push(format!("title={}", property(d.code)));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push('\n');
        message.push_str(help);
    }
    let command = match d.severity {
        crate::diag::Severity::Note => "notice",
        other => other.as_str(),
    };
    format!("::{} {}::{}\n", command, props.join(","), data(&message))
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn github_annotations_escape_what_they_must() {
        let d = Diagnostic::warning("link-text", "the link text “here”, 100% vague")
            .at("content/a,b.md", "x\n", Location { line: 2, col: 5 })
            .with_help("say where: it goes");
        let mut diags = Diagnostics::new();
        diags.push(d);
        assert_eq!(
            github(&diags),
            "::warning file=content/a%2Cb.md,line=2,col=5,title=link-text::the link text “here”, 100%25 vague%0Asay where: it goes\n"
        );
    }
}
