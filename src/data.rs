//! `data/*.yaml`: structured data (commitments, partners, indicators) that templates read
//! as `data.NAME`, where NAME is the file name without its extension.

use std::path::Path;

use crate::config::Config;
use crate::content::read_text_within;
use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml;

/// Reads every `.yaml`, `.yml` and `.json` file in `data/` into one map by file stem.
pub fn load_data(config: &Config, diags: &mut Diagnostics) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    let dir = config.data_dir();
    let scope = crate::walk::Scope::new(&config.root, &config.publish_hidden);
    let files = scope
        .walk(&dir, Path::new("data"), diags)
        .into_iter()
        .filter(|e| !e.is_dir && e.rel.components().count() == 1);
    for entry in files {
        let path = entry.path;
        let ext = entry
            .rel
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !matches!(ext.as_str(), "yaml" | "yml" | "json") {
            continue;
        }
        let stem = entry
            .rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let shown = Path::new("data").join(&entry.rel);
        if map.contains_key(&stem) {
            diags.push(
                Diagnostic::error("data", format!("two data files are both named `{stem}`"))
                    .in_file(&shown)
                    .with_help("rename one of them; templates read each as data.NAME"),
            );
            continue;
        }
        let text = match read_text_within(&path, &shown, config.limits.file_bytes()) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        // JSON is YAML too, so one parser reads both, with positions in its errors.
        let source = yaml::Source {
            max_nodes: config.limits.yaml_nodes,
            ..yaml::Source::file(&shown, &text)
        };
        match yaml::parse_value(&source) {
            Ok(value) => {
                map.insert(stem, value);
            }
            Err(d) => diags.push(d),
        }
    }
    serde_json::Value::Object(map)
}
