//! A fixture site in a temporary folder and the `plainly` binary run on it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub const SITE_YAML: &str =
    "title: Test Council\nbase_url: https://example.org/\norganisation:\n  name: Test Council\n";

/// A site on disk, built up file by file.
pub struct TestSite {
    dir: TempDir,
}

/// What one run of `plainly` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    /// A site with a minimal `site.yaml` and nothing else.
    pub fn new() -> Self {
        Self::empty().file("site.yaml", SITE_YAML)
    }

    /// A folder with nothing in it.
    pub fn empty() -> Self {
        TestSite {
            dir: tempfile::Builder::new()
                .prefix("plainly-test-")
                .tempdir()
                .expect("temporary folder"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating its folders).
    pub fn file(self, path: &str, content: &str) -> Self {
        self.write(path, content);
        self
    }

    pub fn write(&self, path: &str, content: &str) {
        self.write_bytes(path, content.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, content: &[u8]) {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }

    /// Runs `plainly --root SITE ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_plainly"))
            .arg("--root")
            .arg(self.dir.path())
            .arg("--color")
            .arg("never")
            .args(args)
            // Review dates and consultations are judged against a fixed day: 1 June 2026.
            .env("SOURCE_DATE_EPOCH", "1780272000")
            .current_dir(self.dir.path())
            .output()
            .expect("plainly runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// Builds and expects success without warnings.
    pub fn build_ok(&self) -> Run {
        let run = self.build();
        run.assert_ok();
        assert!(
            !run.stderr.contains("warning["),
            "unexpected warnings:\n{}",
            run.stderr
        );
        run
    }

    /// A file of the output, as text.
    pub fn output(&self, rel: &str) -> String {
        let path = self.dir.path().join("output").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read output/{rel}: {e}\noutput has: {:?}",
                self.output_files()
            )
        })
    }

    pub fn has_output(&self, rel: &str) -> bool {
        self.dir.path().join("output").join(rel).exists()
    }

    /// Every output file, relative to output/.
    pub fn output_files(&self) -> Vec<String> {
        self.snapshot("output").into_keys().collect()
    }

    /// Every file under `dir` with its bytes, for byte-for-byte comparisons.
    pub fn snapshot(&self, dir: &str) -> BTreeMap<String, Vec<u8>> {
        let base: PathBuf = self.dir.path().join(dir);
        let mut out = BTreeMap::new();
        if !base.exists() {
            return out;
        }
        for entry in walkdir(&base) {
            let rel = entry
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(&entry).unwrap());
        }
        out
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

impl Run {
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "build failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Expects exit code 1 and a message naming `locus` (such as `content/a.md:3:7`).
    pub fn assert_error_at(&self, locus: &str, message: &str) -> &Self {
        assert_eq!(
            self.code, 1,
            "expected exit code 1:\n{}\n{}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.contains(&format!("--> {locus}")),
            "expected an error at {locus}:\n{}",
            self.stderr
        );
        assert!(
            self.stderr.contains(message),
            "expected the message {message:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// A page with front matter.
pub fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

/// The text between `<main` and `</main>`.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main> tag");
    &html[start..end]
}

/// (rule, file, line) of every finding in `plainly check --format json`'s report.
pub fn findings_in(json: &serde_json::Value) -> Vec<(String, String, u64)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}
