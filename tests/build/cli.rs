//! The command line itself: versions, suggestions for mistyped commands.

use std::process::Command;

fn plainly(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_plainly"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn short_version_is_the_version_and_long_adds_commit_target_and_a_date_not_the_clock() {
    let (code, short, _) = plainly(&["-V"]);
    assert_eq!(code, 0);
    assert_eq!(short, format!("plainly {}\n", env!("CARGO_PKG_VERSION")));
    let (code, long, _) = plainly(&["--version"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = long.lines().collect();
    assert_eq!(lines[0], short.trim_end(), "{long}");
    let field = |name: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name} in {long}"))
            .to_string()
    };
    let in_checkout = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.git")).is_dir();
    if in_checkout && let Some(head) = git(&["rev-parse", "--short=12", "HEAD"]) {
        assert_eq!(field("commit"), head);
    }
    assert!(field("target").contains('-'), "{long}");
    let date = field("date");
    match option_env!("SOURCE_DATE_EPOCH") {
        Some(_) => assert_eq!(date.len(), 10, "{long}"),
        None if in_checkout => {
            assert_eq!(
                Some(date),
                git(&["log", "-1", "--format=%cs"]),
                "the commit's date"
            )
        }
        None => assert_eq!(date, "unknown"),
    }
}

#[test]
fn a_mistyped_command_names_the_one_meant() {
    for (typed, meant) in [
        ("biuld", "build"),
        ("serv", "serve"),
        ("chekc", "check"),
        ("int", "init"),
    ] {
        let (code, _, err) = plainly(&[typed]);
        assert_eq!(code, 2, "{typed}");
        assert!(err.contains(&format!("'{meant}'")), "{typed}: {err}");
    }
}
