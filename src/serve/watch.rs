//! File-system events, debounced into batches of changed paths.
//!
//! Plainly watches the site folder itself (for `site.yaml` and for source folders being
//! created, deleted or replaced) and each source folder (`content/`, `templates/`,
//! `themes/`, `static/`, `data/`) recursively, never the output folder: a site of
//! thousands of pages has thousands of output folders, and its own writes are not news.
//!
//! A burst of events (an editor's write-then-rename save, a `git checkout`) becomes one
//! batch: the batch closes once no event has come for [`QUIET`], or [`LONGEST`] after
//! it opened, whichever is sooner.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::diag::Diagnostic;

/// How long the file system must stay quiet before a batch of changes is built.
pub const QUIET: Duration = Duration::from_millis(12);
/// The longest a batch stays open while events keep coming.
pub const LONGEST: Duration = Duration::from_millis(150);

/// The folders of a site that hold its sources.
pub const SOURCE_FOLDERS: [&str; 5] = ["content", "templates", "themes", "static", "data"];

/// Changes that happened together.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: Vec<PathBuf>,
    /// The system lost track of events (its queue overflowed): read everything again.
    pub rescan: bool,
}

/// Watches a site's sources.
pub struct Watcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// Source folders watched now.
    watched: HashSet<PathBuf>,
}

impl Watcher {
    pub fn new(root: &Path) -> Result<Watcher, Diagnostic> {
        let (tx, events) = channel();
        let watcher = notify::recommended_watcher(tx).map_err(|e| {
            Diagnostic::error("watch", format!("cannot watch for changes: {e}")).with_help(
                "the system may be out of file watches; on Linux raise fs.inotify.max_user_watches",
            )
        })?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            watcher,
            events,
            watched: HashSet::new(),
        };
        w.watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Diagnostic::error("watch", format!("cannot watch {}: {e}", root.display()))
                    .with_help("check that the site folder exists and can be read")
            })?;
        w.refresh();
        Ok(w)
    }

    /// Starts watching source folders that appeared (or were replaced) since last time.
    fn refresh(&mut self) {
        for name in SOURCE_FOLDERS {
            let dir = self.root.join(name);
            if dir.is_dir() {
                // A folder replaced by a new one (git checkout) needs a new watch: watching
                // again is cheap and harmless when the old watch still stands.
                let _ = self.watcher.unwatch(&dir);
                if self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else {
                self.watched.remove(&dir);
            }
        }
    }

    /// Waits for the next batch of changes. `Some(None)` when `idle` passed without any;
    /// `None` when watching has stopped.
    pub fn next_batch(&mut self, idle: Duration) -> Option<Option<Batch>> {
        let first = match self.events.recv_timeout(idle) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => return Some(None),
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        let opened = Instant::now();
        let mut batch = Batch::default();
        let add = |event: notify::Result<notify::Event>, batch: &mut Batch| match event {
            Ok(event) => {
                if event.need_rescan() {
                    batch.rescan = true;
                }
                if !matches!(event.kind, notify::EventKind::Access(_)) {
                    batch.paths.extend(event.paths);
                }
            }
            Err(_) => batch.rescan = true,
        };
        add(first, &mut batch);
        loop {
            let left = LONGEST.saturating_sub(opened.elapsed());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok(event) => add(event, &mut batch),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        // A source folder created, deleted or replaced (git checkout) shows as an event
        // for the folder itself. Files may have arrived in it before its new watch
        // began, so everything is read again.
        let folders: Vec<PathBuf> = SOURCE_FOLDERS.iter().map(|n| self.root.join(n)).collect();
        if batch.paths.iter().any(|p| folders.contains(p)) {
            batch.rescan = true;
            self.refresh();
        }
        batch.paths.sort();
        batch.paths.dedup();
        Some(Some(batch))
    }
}
