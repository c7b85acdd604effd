//! Embeds the default theme (`themes/default/`) into the binary, so that `plainly` builds
//! a site on a machine with nothing else installed. A site's own `themes/default/` folder,
//! when present, is used instead.
//!
//! Also records what `plainly --version` reports: the commit (when built from a git
//! checkout), the target, and a date: `SOURCE_DATE_EPOCH`'s when set, else the commit's,
//! never the clock, so that two builds of one commit report the same.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let theme = manifest.join("themes").join("default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut code =
        String::from("/// The default theme's files: (path within the theme, contents).\n");
    code.push_str("pub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("default_theme.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
    version_info(&manifest);
}

/// Sets `PLAINLY_COMMIT`, `PLAINLY_TARGET` and `PLAINLY_DATE` for the binary.
fn version_info(manifest: &Path) {
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let git_dir = manifest.join(".git");
    if git_dir.is_dir() {
        println!("cargo:rerun-if-changed={}", git_dir.join("HEAD").display());
        // Only files that exist: a missing one would make every build run this again.
        let mut watched = vec![git_dir.join("packed-refs")];
        if let Ok(head) = fs::read_to_string(git_dir.join("HEAD"))
            && let Some(reference) = head.trim().strip_prefix("ref: ")
        {
            watched.push(git_dir.join(reference));
        }
        for path in watched.iter().filter(|p| p.is_file()) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(manifest)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success() && git_dir.exists())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let date = match env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        Some(seconds) => civil(seconds.div_euclid(86_400)),
        None => git(&["log", "-1", "--format=%cs"]).unwrap_or_else(|| "unknown".into()),
    };
    println!("cargo:rustc-env=PLAINLY_COMMIT={commit}");
    println!("cargo:rustc-env=PLAINLY_DATE={date}");
    println!(
        "cargo:rustc-env=PLAINLY_TARGET={}",
        env::var("TARGET").unwrap_or_else(|_| "unknown".into())
    );
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (Howard Hinnant's civil-from-days).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.push((rel, path));
        }
    }
}
