//! Kill-safe output: a build killed at any moment, or stopped at each step of replacing
//! the output, leaves `output/` the old or the new complete tree, and the next build
//! succeeds and leaves nothing behind.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{TestSite, page};

type Tree = BTreeMap<String, Vec<u8>>;

/// A site of a few dozen pages, in version `v` (each version changes every page).
fn write_version(site: &TestSite, v: &str) {
    site.write("content/_index.md", &page("Home", &format!("Version {v}.")));
    for i in 0..40 {
        site.write(
            &format!("content/section/page-{i}.md"),
            &page(
                &format!("Page {i}"),
                &format!("## Part\n\nVersion {v} of page {i}.\n"),
            ),
        );
    }
    site.write("content/section/_index.md", &page("Section", "Pages."));
}

fn built(site: &TestSite, v: &str) -> Tree {
    write_version(site, v);
    site.build_ok();
    site.snapshot("output")
}

/// Entries beside the output that a build makes while it runs. A previous output being
/// removed in the background (`plainly-old-`) is waited for, up to 20 s: it must go.
fn leftovers(site: &TestSite) -> Vec<String> {
    let list = || -> Vec<String> {
        std::fs::read_dir(site.root())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("plainly-"))
            .collect()
    };
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let found = list();
        if !found.iter().any(|n| n.contains("plainly-old-")) || std::time::Instant::now() > until {
            return found;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn assert_no_temporary_files(tree: &Tree) {
    for name in tree.keys() {
        assert!(!name.contains("plainly-tmp"), "{name} in output");
    }
}

/// A small seeded generator, so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn plainly(site: &TestSite) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_plainly"));
    c.arg("--root")
        .arg(site.root())
        .args(["--color", "never"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

#[test]
fn builds_killed_at_random_moments_leave_the_old_or_the_new_tree() {
    let site = TestSite::new();
    let b = built(&site, "B");
    let a = built(&site, "A");
    assert_ne!(a, b);
    // How long a build takes here, to spread the kills over all of it.
    let start = Instant::now();
    site.build_ok();
    let span = start.elapsed().as_micros().max(1000) as u64 * 3 / 2;
    let kills: usize = std::env::var("PLAINLY_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let seed = 0x05ee_d0fb_111d;
    let mut rng = Rng(seed);
    let mut killed = 0;
    let mut round = 0;
    while killed < kills {
        round += 1;
        assert!(
            round < kills * 5,
            "only {killed} of {round} builds were killed mid-run"
        );
        let version = if rng.next().is_multiple_of(2) {
            "A"
        } else {
            "B"
        };
        write_version(&site, version);
        let mut child = plainly(&site).arg("build").spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % span));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.code().is_none() {
            killed += 1;
        }
        let now = site.snapshot("output");
        assert!(
            now == a || now == b,
            "round {round} (seed {seed:#x}): output is neither the old nor the new tree"
        );
        assert_no_temporary_files(&now);
    }
    write_version(&site, "B");
    site.build_ok();
    assert_eq!(site.snapshot("output"), b);
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_stop_at_each_step_of_the_swap_is_survived_and_repaired() {
    for (step, no_exchange, expect_new) in [
        ("before-swap", false, false),
        ("after-swap", false, true),
        ("before-swap", true, false),
        ("aside", true, false),
    ] {
        let site = TestSite::new();
        let b = built(&site, "B");
        let a = built(&site, "A");
        write_version(&site, "B");
        let mut command = plainly(&site);
        command.arg("build").env("PLAINLY_TEST_ABORT_AT", step);
        if no_exchange {
            command.env("PLAINLY_TEST_NO_EXCHANGE", "1");
        }
        let status = command.status().unwrap();
        assert!(!status.success(), "{step}: the build was not stopped");
        let now = site.snapshot("output");
        if step == "aside" {
            // Stopped between moving the old output aside and the new one in: the
            // next run puts the old one back before anything else.
            assert!(now.is_empty(), "aside: output should be missing");
        } else {
            assert_eq!(&now, if expect_new { &b } else { &a }, "{step}");
        }
        // The next build fails on purpose: what it leaves is the repaired old output.
        site.write("content/broken.md", "---\ntitle: [unclosed\n---\n");
        let failed = site.build();
        assert_eq!(failed.code, 1, "{}", failed.stderr);
        let repaired = site.snapshot("output");
        assert!(
            repaired == a || repaired == b,
            "{step}: output not repaired"
        );
        std::fs::remove_file(site.root().join("content/broken.md")).unwrap();
        site.build_ok();
        assert_eq!(site.snapshot("output"), b, "{step}");
        assert_eq!(leftovers(&site), Vec::<String>::new(), "{step}");
    }
}

#[test]
fn a_watch_rebuild_cut_off_leaves_no_temporary_file_and_the_next_build_is_whole() {
    let site = TestSite::new();
    let a = built(&site, "A");
    let mut watch = plainly(&site)
        .args(["build", "--watch"])
        .env("PLAINLY_TEST_ABORT_AT", "live-write")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The first build of a session is in full; wait for it.
    let mut stdout = std::io::BufReader::new(watch.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("Watching") {
        line.clear();
        assert!(std::io::BufRead::read_line(&mut stdout, &mut line).unwrap() > 0);
    }
    assert_eq!(site.snapshot("output"), a);
    // One page changes: the rebuild writes in place and is stopped at its first file.
    site.write(
        "content/section/page-3.md",
        &page("Page 3", "## Part\n\nEdited.\n"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = watch.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the watch rebuild never ran");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!status.success());
    let cut = site.snapshot("output");
    assert_no_temporary_files(&cut);
    assert_eq!(cut, a, "the cut-off rebuild changed the output");
    assert!(
        leftovers(&site).iter().any(|n| n.ends_with("plainly-live")),
        "no mark of the cut-off rebuild: {:?}",
        leftovers(&site)
    );
    // The next command builds in full, and the mark goes.
    site.build_ok();
    let fresh = TestSite::new();
    write_version(&fresh, "A");
    fresh.write(
        "content/section/page-3.md",
        &page("Page 3", "## Part\n\nEdited.\n"),
    );
    fresh.build_ok();
    assert_eq!(site.snapshot("output"), fresh.snapshot("output"));
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn an_output_folder_that_is_a_link_stays_a_link_and_a_read_only_one_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::new();
    let web_root = tempfile::tempdir().unwrap();
    let target = web_root.path().join("www");
    std::fs::create_dir(&target).unwrap();
    std::os::unix::fs::symlink(&target, site.root().join("output")).unwrap();
    built(&site, "A");
    let meta = std::fs::symlink_metadata(site.root().join("output")).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert!(target.join("index.html").is_file());
    assert!(
        std::fs::read_dir(web_root.path())
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().contains("plainly-")),
        "leftovers beside the web root"
    );

    let site = TestSite::new();
    let a = built(&site, "A");
    let out = site.root().join("output");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    write_version(&site, "B");
    let run = site.build();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("it is read-only"), "{}", run.stderr);
    assert_eq!(site.snapshot("output"), a);
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_folder_plainly_did_not_write_is_replaced_only_with_force() {
    let site = TestSite::new().file("content/index.md", &page("Home", "Hello."));
    site.write("output/thesis.docx", "months of work");
    site.write("output/photos/one.jpg", "a photo");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("holds files Plainly did not write, such as photos"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(site.output("thesis.docx"), "months of work");
    let forced = site.run(&["build", "--force"]);
    forced.assert_ok();
    assert!(!site.has_output("thesis.docx"));
    // Plainly's own output is replaced without asking, and an empty or .gitkeep-only
    // folder is taken as given.
    site.build_ok();
    let fresh = TestSite::new().file("content/index.md", &page("Home", "Hello."));
    fresh.write("output/.gitkeep", "");
    fresh.build_ok();
    assert!(fresh.has_output(".gitkeep"));
    assert!(fresh.has_output("index.html"));
}

#[test]
fn a_mount_point_output_is_a_clear_error() {
    // /proc is a mount point on every Linux machine, and nothing can be written there.
    let site = TestSite::new().file("content/index.md", &page("Home", "Hello."));
    let run = site.run(&["build", "--output", "/proc"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("it is a mount point"), "{}", run.stderr);
    assert!(
        !std::fs::read_dir("/")
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("plainly-tmp")),
        "a staging folder was made beside /proc"
    );
}

#[test]
fn the_previous_output_is_removed_off_the_critical_path_and_a_cut_off_removal_is_finished() {
    let site = TestSite::new();
    let a = built(&site, "A");
    // A removal of an earlier output that was killed part way (its process gone).
    let cut_off = site.root().join(".output.plainly-old-999999-1");
    std::fs::create_dir_all(cut_off.join("deep/er")).unwrap();
    std::fs::write(cut_off.join("deep/er/index.html"), "old").unwrap();
    let b = built(&site, "B");
    assert_ne!(a, b);
    assert_no_temporary_files(&b);
    // Both the output this build replaced and the one cut off go, in the background.
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert_eq!(site.snapshot("output"), b);
    // Where no process can be started for it, the build removes it itself.
    std::fs::create_dir_all(&cut_off).unwrap();
    let run = plainly(&site)
        .arg("build")
        .env("PLAINLY_REMOVE_INLINE", "1")
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(!cut_off.exists());
    assert!(
        std::fs::read_dir(site.root())
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().contains("plainly-old-")),
        "removed inline, nothing is left at once"
    );
}
