//! The only module that writes files. A build writes into a staging folder beside the
//! output folder and swaps it in only when everything succeeded, so a failed or killed
//! build leaves the previous output exactly as it was.
//!
//! Plainly owns the output folder entirely, so it refuses one that is (or holds) the site
//! itself, or sits inside a folder Plainly reads from.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, display_path};

/// The folders a site is read from, relative to its root, which no output may be in.
const SOURCE_FOLDERS: [&str; 5] = ["content", "static", "templates", "themes", "data"];

/// The file every output folder Plainly writes holds, so that a later build knows the
/// folder is its own to replace.
pub const MARK: &str = ".plainly-output";
const MARK_TEXT: &str = "This folder is written by Plainly and replaced by every build.\n";

/// A file in an existing output folder that says Plainly did not write it, shown by its
/// name: `None` for a missing or empty folder, one holding only `.gitkeep`, or one that
/// holds Plainly's mark (or, from before the mark, the default theme's style sheet).
fn foreign_file(out: &Path) -> Option<String> {
    let entries = fs::read_dir(out).ok()?;
    if out.join(MARK).is_file() || out.join("css/plainly.css").is_file() {
        return None;
    }
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".gitkeep")
        .collect();
    names.sort();
    names.into_iter().next()
}

/// Checks that the output folder `out` of the site at `root` is safe to replace.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let shown = display_path(out);
    let refuse = |why: String| {
        Diagnostic::error("output", format!("refusing to build into {shown}: {why}"))
            .with_help("choose an output folder of its own, such as output/ in the site folder (output_dir in site.yaml, or --output)")
    };
    if root.starts_with(out) {
        return Err(refuse("it is, or contains, the site folder".into()));
    }
    if root.join("content").starts_with(out) {
        return Err(refuse("it contains the content folder".into()));
    }
    for name in SOURCE_FOLDERS {
        if out.starts_with(root.join(name)) {
            return Err(refuse(format!(
                "it is inside the {name} folder, which Plainly reads"
            )));
        }
    }
    if out.is_file() {
        return Err(refuse("it is a file".into()));
    }
    if out.join(".git").exists() || out.join("site.yaml").exists() {
        return Err(refuse(
            "it holds a Git repository or a site.yaml, so it is not a build output".into(),
        ));
    }
    #[cfg(unix)]
    if out.is_dir() {
        use std::os::unix::fs::MetadataExt;
        let real = out.canonicalize().unwrap_or_else(|_| out.to_path_buf());
        let parent = real.parent().unwrap_or(Path::new("/"));
        if let (Ok(o), Ok(p)) = (fs::metadata(&real), fs::metadata(parent))
            && o.dev() != p.dev()
        {
            return Err(Diagnostic::error(
                "output",
                format!("refusing to build into {shown}: it is a mount point (a disk or share of its own), which cannot be replaced"),
            )
            .with_help("build into a folder inside it, such as output_dir: output/site, and publish that"));
        }
        let read_only = fs::metadata(&real).is_ok_and(|m| m.permissions().readonly());
        if read_only || !writable(&real) {
            return Err(Diagnostic::error(
                "output",
                format!("refusing to build into {shown}: it is read-only"),
            )
            .with_help("make it writable (chmod -R u+w on it), or choose another output folder"));
        }
    }
    Ok(())
}

/// Whether this process may change what a folder holds.
#[cfg(unix)]
fn writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path.
    unsafe { libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

/// The folder a build replaces: the output folder, or, when it is a symbolic link (a web
/// server's document root pointing into the site), the folder it leads to, so that the
/// link stays.
fn replaced_folder(out: &Path) -> PathBuf {
    match fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => {
            out.canonicalize().unwrap_or_else(|_| out.to_path_buf())
        }
        _ => out.to_path_buf(),
    }
}

/// Stops a test build at a named step of replacing the output (`PLAINLY_TEST_ABORT_AT`),
/// as a kill would, for the tests that prove every step survives one.
pub(crate) fn crash_point(step: &str) {
    static AT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if AT
        .get_or_init(|| std::env::var("PLAINLY_TEST_ABORT_AT").ok())
        .as_deref()
        == Some(step)
    {
        std::process::abort();
    }
}

/// An exclusive lock on the folder that holds the output, held while a build replaces
/// or changes the output: two builds of one site never interleave. The system drops it
/// when the process ends, however it ends.
pub struct Lock {
    #[cfg(unix)]
    _dir: fs::File,
}

impl Lock {
    pub fn take(parent: &Path) -> Result<Lock, Diagnostic> {
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            let dir = fs::File::open(parent).map_err(|e| io_error(parent, "open", &e))?;
            // SAFETY: flock on a descriptor this function owns.
            let rc = unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX) };
            if rc != 0 {
                return Err(io_error(parent, "lock", &io::Error::last_os_error()));
            }
            Ok(Lock { _dir: dir })
        }
        #[cfg(not(unix))]
        {
            let _ = parent;
            Ok(Lock {})
        }
    }
}

/// Where the files of a build go.
pub trait Sink: Sync {
    /// Writes a file at `rel` (a path relative to the output folder).
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Copies a file into the output at `rel`.
    fn copy(&self, from: &Path, rel: &Path) -> Result<(), Diagnostic>;

    /// Told every file about to be written, before any is, so that the folders can be
    /// made at once. Writing still makes any folder that is missing.
    fn prepare(&self, _files: &[&Path]) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// A sink that keeps nothing: `plainly check` renders every page to find template errors
/// and writes none.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &Path, _: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn copy(&self, from: &Path, _: &Path) -> Result<(), Diagnostic> {
        if from.is_file() {
            Ok(())
        } else {
            Err(Diagnostic::error(
                "io",
                format!("cannot read {}", display_path(from)),
            ))
        }
    }
}

/// A folder being filled with a new build.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    _lock: Lock,
    /// Leave the previous output for the caller to remove after the swap, so that a
    /// long-lived process (watch mode) can serve the new build at once and remove the
    /// old one while idle.
    keep_previous: bool,
}

impl Staging {
    /// Creates an empty staging folder beside the output folder `out` of the site at
    /// `root` (same file system, so the final swap is a rename).
    pub fn create(root: &Path, out: &Path, force: bool) -> Result<Staging, Diagnostic> {
        check_output_dir(root, out)?;
        let target = replaced_folder(out);
        check_output_dir(root, &target)?;
        if !force && let Some(stranger) = foreign_file(&target) {
            return Err(Diagnostic::error(
                "output",
                format!(
                    "refusing to replace {}: it holds files Plainly did not write, such as {stranger}",
                    display_path(out)
                ),
            )
            .with_help("move them somewhere else, choose another output folder, or pass --force to replace the folder and everything in it"));
        }
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create", &e))?;
        let lock = Lock::take(&parent)?;
        repair(&parent, &name, &target);
        let dir = parent.join(own_name(&name, "tmp"));
        if dir.exists() {
            let _ = fs::remove_dir_all(&dir);
        }
        fs::create_dir(&dir).map_err(|e| io_error(&dir, "create", &e))?;
        spread_folders(&dir);
        Ok(Staging {
            dir,
            target,
            _lock: lock,
            keep_previous: false,
        })
    }

    /// Makes [`Staging::commit`] leave the previous output in place (under a hidden name
    /// beside the output folder) and return its path, for the caller to remove later.
    pub fn keep_previous(mut self) -> Self {
        self.keep_previous = true;
        self
    }

    /// The staging folder (for tests and diagnostics).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the staging folder. A `.gitkeep` in the old output
    /// (which keeps an empty `output/` in a repository) is carried over.
    /// With [`Staging::keep_previous`], returns where the previous output now is.
    pub fn commit(mut self) -> Result<Option<PathBuf>, Diagnostic> {
        let keep = self.target.join(".gitkeep");
        if keep.is_file() {
            let _ = fs::copy(&keep, self.dir.join(".gitkeep"));
        }
        fs::write(self.dir.join(MARK), MARK_TEXT).map_err(|e| io_error(&self.dir, "write", &e))?;
        crash_point("before-swap");
        swap_into_place(&self.dir, &self.target, !self.keep_previous)
            .map_err(|e| io_error(&self.target, "replace", &e))?;
        crash_point("after-swap");
        // A watch rebuild that was cut off is now replaced in full.
        if let (Some(parent), Some(name)) = (self.target.parent(), self.target.file_name()) {
            let _ = fs::remove_dir_all(live_dir(parent, &name.to_string_lossy()));
        }
        if self.keep_previous && self.dir.exists() {
            // Drop leaves it alone now; the caller removes it.
            self.target = PathBuf::new();
            return Ok(Some(std::mem::take(&mut self.dir)));
        }
        Ok(None)
    }
}

/// `dir/rel`, when `rel` stays inside `dir`: a path with `..`, a root or a drive is
/// refused whatever made it, so no writer can leave the output folder.
fn within(dir: &Path, rel: &Path) -> Result<PathBuf, Diagnostic> {
    let plain = rel.components().count() > 0
        && rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !plain {
        return Err(Diagnostic::error(
            "output",
            format!(
                "refusing to write {}: it is not a path inside the output folder",
                display_path(rel)
            ),
        ));
    }
    Ok(dir.join(rel))
}

impl Sink for Staging {
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = within(&self.dir, rel)?;
        match fs::write(&path, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
                }
                fs::write(&path, bytes).map_err(|e| io_error(&path, "write", &e))
            }
            other => other.map_err(|e| io_error(&path, "write", &e)),
        }
    }

    fn copy(&self, from: &Path, rel: &Path) -> Result<(), Diagnostic> {
        let path = within(&self.dir, rel)?;
        if let Some(parent) = path.parent()
            && !parent.is_dir()
        {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
        }
        fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| io_error(from, "copy", &e))
    }

    /// Makes every folder of the build, parents first: one depth at a time, each depth's
    /// folders in parallel (the file system's work per folder is most of a small page's
    /// cost). A folder that will hold other folders gets the file system's hint to spread
    /// them out (see [`spread_folders`]).
    fn prepare(&self, files: &[&Path]) -> Result<(), Diagnostic> {
        use rayon::prelude::*;
        let mut folders: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
        for file in files {
            let mut dir = file.parent();
            while let Some(d) = dir {
                if d.as_os_str().is_empty() {
                    break;
                }
                let seen = folders.contains_key(d);
                folders.entry(d).or_default();
                if let Some(up) = d.parent()
                    && !up.as_os_str().is_empty()
                    && !seen
                {
                    *folders.entry(up).or_default() += 1;
                }
                if seen {
                    break;
                }
                dir = d.parent();
            }
        }
        let mut by_depth: Vec<Vec<(&Path, usize)>> = Vec::new();
        for (dir, children) in folders {
            let depth = dir.components().count();
            if by_depth.len() < depth {
                by_depth.resize_with(depth, Vec::new);
            }
            by_depth[depth - 1].push((dir, children));
        }
        for level in by_depth {
            level.par_iter().try_for_each(|(dir, children)| {
                let path = self.dir.join(dir);
                match fs::create_dir(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(io_error(&path, "create", &e)),
                }
                if *children > 0 {
                    spread_folders(&path);
                }
                Ok(())
            })?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a commit `dir` holds the previous output (or nothing); either way it goes.
        if !self.dir.as_os_str().is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// The output folder itself, changed file by file (watch mode). Each file is written
/// beside its final name and renamed over it, so a reader never sees half a file.
///
/// Files are made in a folder beside the output (`.output.plainly-live`), never inside
/// it, so a rebuild cut off leaves no temporary file for a sync to publish. That folder
/// stands while the rebuild runs: one left behind says a rebuild was cut off, and the
/// next build (always in full, in a new folder) replaces the output and removes it.
pub struct Live {
    dir: PathBuf,
    scratch: PathBuf,
    next: std::sync::atomic::AtomicUsize,
    _lock: Lock,
}

/// The folder a watch rebuild makes files in, beside the output folder `name`.
fn live_dir(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.plainly-live"))
}

impl Live {
    pub fn new(root: &Path, out: &Path) -> Result<Live, Diagnostic> {
        check_output_dir(root, out)?;
        let dir = replaced_folder(out);
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, "create", &e))?;
        let parent = dir.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let lock = Lock::take(&parent)?;
        let scratch = live_dir(&parent, &name);
        let _ = fs::remove_dir_all(&scratch);
        fs::create_dir(&scratch).map_err(|e| io_error(&scratch, "create", &e))?;
        Ok(Live {
            dir,
            scratch,
            next: std::sync::atomic::AtomicUsize::new(0),
            _lock: lock,
        })
    }

    /// Ends the rebuild: the output is whole again.
    pub fn finish(self) {
        let _ = fs::remove_dir_all(&self.scratch);
    }

    /// Removes a file, and the folders it leaves empty.
    pub fn remove(&self, rel: &Path) -> Result<(), Diagnostic> {
        let path = within(&self.dir, rel)?;
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path, "remove", &e)),
        }
        let mut parent = path.parent();
        while let Some(dir) = parent {
            if dir == self.dir || fs::remove_dir(dir).is_err() {
                break;
            }
            parent = dir.parent();
        }
        Ok(())
    }

    /// A new file in the scratch folder, and the folder of `path` made.
    fn temporary(&self, path: &Path) -> Result<PathBuf, Diagnostic> {
        let parent = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(self.scratch.join(n.to_string()))
    }
}

impl Sink for Live {
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = within(&self.dir, rel)?;
        let tmp = self.temporary(&path)?;
        fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, "write", &e))?;
        crash_point("live-write");
        fs::rename(&tmp, &path).map_err(|e| io_error(&path, "replace", &e))
    }

    fn copy(&self, from: &Path, rel: &Path) -> Result<(), Diagnostic> {
        let path = within(&self.dir, rel)?;
        let tmp = self.temporary(&path)?;
        fs::copy(from, &tmp).map_err(|e| io_error(from, "copy", &e))?;
        fs::rename(&tmp, &path).map_err(|e| io_error(&path, "replace", &e))
    }
}

/// Asks the file system to spread the folders made inside `dir` over its disk, as it
/// does for folders at the top of a disk (ext4's "top directory" hint). Writing
/// thousands of pages just after removing the previous thousands otherwise makes the file
/// system search past every recently freed file slot for each new file. Where the hint is
/// not supported, nothing changes.
fn spread_folders(dir: &Path) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::io::AsRawFd;
        const FS_IOC_GETFLAGS: libc::c_ulong = 0x8008_6601;
        const FS_IOC_SETFLAGS: libc::c_ulong = 0x4008_6602;
        const FS_TOPDIR_FL: libc::c_long = 0x0002_0000;
        let Ok(file) = fs::File::open(dir) else {
            return;
        };
        let mut flags: libc::c_long = 0;
        // SAFETY: the ioctls read and write one long through a valid pointer.
        unsafe {
            if libc::ioctl(file.as_raw_fd(), FS_IOC_GETFLAGS, &mut flags) == 0 {
                flags |= FS_TOPDIR_FL;
                libc::ioctl(file.as_raw_fd(), FS_IOC_SETFLAGS, &flags);
            }
        }
    }
    let _ = dir;
}

/// Puts `new` at `target`. Where the system can exchange two paths in one step, the
/// previous output is swapped out atomically; with `discard_old` it is then removed off
/// the critical path ([`discard`]), else left at `new`'s old place for the caller.
fn swap_into_place(new: &Path, target: &Path, discard_old: bool) -> io::Result<()> {
    if !target.exists() {
        return fs::rename(new, target);
    }
    #[cfg(target_os = "linux")]
    if std::env::var_os("PLAINLY_TEST_NO_EXCHANGE").is_none() && exchange(new, target).is_ok() {
        // `new` now names the previous output.
        if discard_old {
            discard(new, target);
        }
        return Ok(());
    }
    let mut old_name = new.file_name().unwrap_or_default().to_os_string();
    old_name.push(".old");
    let old = new.with_file_name(old_name);
    let _ = fs::remove_dir_all(&old);
    fs::rename(target, &old)?;
    crash_point("aside");
    if let Err(e) = fs::rename(new, target) {
        let _ = fs::rename(&old, target);
        return Err(e);
    }
    discard(&old, target);
    Ok(())
}

/// Removes a previous output once the new one is in place, without the build waiting
/// for it: removing ten thousand files takes longer than writing them. The folder is
/// renamed `.NAME.plainly-old-PID-NANOS` beside the output (so nothing else mistakes it
/// for a staging or a set-aside folder) and removed by `rm -rf` in a process of its own,
/// which goes on after Plainly exits. If that process is killed, or cannot start (then
/// the folder is removed here), the next build that finds the folder removes it again.
fn discard(old: &Path, target: &Path) {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let trash = old.with_file_name(own_name(&name, "old"));
    match fs::rename(old, &trash) {
        Ok(()) => remove_in_background(&trash),
        Err(_) => {
            let _ = fs::remove_dir_all(old);
        }
    }
}

/// A name for a folder beside the output `name` that this process owns:
/// `.NAME.plainly-KIND-PID-NANOS` (`tmp` while staging, `old` while being removed).
fn own_name(name: &str, kind: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(".{name}.plainly-{kind}-{}-{nanos}", std::process::id())
}

/// `rm -rf DIR` in a process of its own (its own process group, so that stopping the
/// command that started it does not stop it), or, where that cannot start or
/// `PLAINLY_REMOVE_INLINE` is set, removed here and now.
fn remove_in_background(dir: &Path) {
    #[cfg(unix)]
    if std::env::var_os("PLAINLY_REMOVE_INLINE").is_none() {
        use std::os::unix::process::CommandExt;
        use std::process::{Command, Stdio};
        let started = Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn();
        if started.is_ok() {
            return;
        }
    }
    let _ = fs::remove_dir_all(dir);
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them as given.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Before a build reads anything: puts back an output that a killed build had set aside,
/// and removes what killed builds left, so that even a build that then fails leaves the
/// last complete output in place.
pub fn recover(root: &Path, out: &Path) {
    if check_output_dir(root, out).is_err() {
        return;
    }
    let target = replaced_folder(out);
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    if !parent.is_dir() {
        return;
    }
    if let Ok(_lock) = Lock::take(parent) {
        repair(parent, &name.to_string_lossy(), &target);
    }
}

/// Repairs what a killed build left: a previous output set aside (`….old`) while the
/// output folder is missing is put back, then staging folders of builds that are no
/// longer running are removed.
fn repair(parent: &Path, name: &str, target: &Path) {
    if !target.exists()
        && let Ok(entries) = fs::read_dir(parent)
    {
        let prefix = format!(".{name}.plainly-tmp-");
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if file_name.starts_with(&prefix) && file_name.ends_with(".old") {
                let _ = fs::rename(entry.path(), target);
                break;
            }
        }
    }
    remove_stale(parent, name);
}

/// Removes staging folders left by builds that were killed, and previous outputs whose
/// removal was cut off (again in the background: one may still be under way).
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.plainly-tmp-");
    let old = format!(".{name}.plainly-old-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&old) {
            remove_in_background(&entry.path());
            continue;
        }
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest
            .split(['-', '.'])
            .next()
            .and_then(|p| p.parse::<u32>().ok());
        let alive = match pid {
            Some(pid) if pid == std::process::id() => true,
            Some(pid) => {
                Path::new(&format!("/proc/{pid}")).exists() || !Path::new("/proc").exists()
            }
            None => false,
        };
        if !alive {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn io_error(path: &Path, action: &str, e: &io::Error) -> Diagnostic {
    // One cause is one message, however many files it stopped: the same words for every
    // file, which the report gives once.
    #[cfg(unix)]
    if matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT)) {
        return Diagnostic::error("disk-full", "cannot write the site: the disk is full (or over its quota)")
            .with_help("free some space on the disk that holds the output folder, or build somewhere else with --output DIR, and build again");
    }
    Diagnostic::error("io", format!("cannot {action} {}: {e}", display_path(path)))
        .with_help("check that the folder exists, is writable and the disk is not full")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_one_error_however_many_files_it_stops() {
        let mut diags = crate::diag::Diagnostics::new();
        for i in 0..4637 {
            let e = io::Error::from_raw_os_error(libc::ENOSPC);
            diags.push(io_error(
                Path::new(&format!("output/p{i}/index.html")),
                "write",
                &e,
            ));
        }
        diags.sort();
        assert_eq!(diags.error_count(), 1);
        let d = diags.iter().next().unwrap();
        assert!(d.message.contains("the disk is full"), "{}", d.message);
    }
}
