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

/// The subcommands a user sees.
const COMMANDS: [&str; 6] = ["init", "new", "build", "serve", "check", "completions"];

/// A program the test needs, which `scripts/browser-deps` installs.
fn needs(tool: &str) -> String {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .unwrap();
    assert!(
        found.status.success(),
        "this test needs {tool}: run scripts/browser-deps (./scripts/test does) to install it"
    );
    String::from_utf8_lossy(&found.stdout).trim().to_string()
}

#[test]
fn completions_name_every_command_and_pass_each_shells_syntax_check() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, check) in [
        ("bash", vec!["-n"]),
        ("zsh", vec!["-n"]),
        ("fish", vec!["--no-execute"]),
    ] {
        let (code, script, err) = plainly(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        for command in COMMANDS {
            assert!(
                script.contains(command),
                "{shell} completion lacks {command}"
            );
        }
        assert!(
            script.contains("base-url"),
            "{shell} completion lacks a flag"
        );
        let path = dir.path().join(format!("plainly.{shell}"));
        std::fs::write(&path, &script).unwrap();
        let program = needs(shell);
        let out = Command::new(program)
            .args(&check)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{shell} rejects its completion: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for shell in ["powershell", "elvish"] {
        let (code, script, _) = plainly(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(script.contains("serve"), "{shell}");
    }
    let (code, _, err) = plainly(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("'zsh'") && err.contains("bash"), "{err}");
}

#[test]
fn each_command_has_a_man_page_that_groff_renders_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = plainly(&["man-pages", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let groff = needs("groff");
    let mut names = vec!["plainly".to_string()];
    names.extend(COMMANDS.iter().map(|c| format!("plainly-{c}")));
    for name in names {
        let page = dir.path().join(format!("{name}.1"));
        let text = std::fs::read_to_string(&page).unwrap_or_else(|_| panic!("no {name}.1"));
        assert!(text.contains(".TH"), "{name}");
        let out = Command::new(&groff)
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&page)
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "groff on {name}.1: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The page of a command describes its flags.
    let build = std::fs::read_to_string(dir.path().join("plainly-build.1")).unwrap();
    assert!(build.contains("base\\-url"), "{build}");
}
