#![no_main]

use std::sync::OnceLock;

/// An output folder with a page and a file outside it, made once per run.
fn output() -> &'static std::path::Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("plainly-fuzz-{}", std::process::id()));
        let out = dir.join("output");
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(dir.join("secret.txt"), "secret").unwrap();
        out
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        plainly::fuzz::server_path(output(), text);
    }
});
