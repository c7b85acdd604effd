//! `data/*.yaml`: structured data (commitments, partners, indicators) that templates read
//! as `data.NAME`, where NAME is the file name without its extension.

use std::path::Path;

use crate::config::Config;
use crate::content::{is_ignored, read_text};
use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml;

/// Reads every `.yaml`, `.yml` and `.json` file in `data/` into one map by file stem.
pub fn load_data(config: &Config, diags: &mut Diagnostics) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    let dir = config.data_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return serde_json::Value::Object(map);
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && !p.file_name().is_some_and(is_ignored))
        .collect();
    files.sort();
    for path in files {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !matches!(ext.as_str(), "yaml" | "yml" | "json") {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let shown = Path::new("data").join(path.file_name().unwrap_or_default());
        if map.contains_key(&stem) {
            diags.push(
                Diagnostic::error("data", format!("two data files are both named `{stem}`"))
                    .in_file(&shown)
                    .with_help("rename one of them; templates read each as data.NAME"),
            );
            continue;
        }
        let text = match read_text(&path, &shown) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        // JSON is YAML too, so one parser reads both, with positions in its errors.
        match yaml::parse_value(&yaml::Source::file(&shown, &text)) {
            Ok(value) => {
                map.insert(stem, value);
            }
            Err(d) => diags.push(d),
        }
    }
    serde_json::Value::Object(map)
}
