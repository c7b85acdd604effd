//! Watch mode and the development server: `plainly build --watch` and `plainly serve`.
//!
//! [`session`] keeps a build in memory and brings the output up to date after each
//! change; [`watch`] turns file-system events into debounced batches of changes;
//! [`http`] serves the output with live reload.

pub mod http;
pub mod session;
pub mod watch;

use std::path::PathBuf;
use std::time::Duration;

use crate::build::Outcome;
use session::{Change, Session, classify};
use watch::Watcher;

/// How long without changes before previous outputs are removed.
const IDLE: Duration = Duration::from_millis(500);

/// Rebuilds after every batch of changes until watching stops, calling `report` with
/// each step's outcome. Changes the site does not read (the output folder, editor
/// temporary files) are passed over without a rebuild.
pub fn watch_loop(session: &mut Session, watcher: &mut Watcher, mut report: impl FnMut(&Outcome)) {
    while let Some(next) = watcher.next_batch(IDLE) {
        let Some(batch) = next else {
            session.tidy();
            continue;
        };
        let root = session.root().to_path_buf();
        let output = session.output_dir();
        let relevant: Vec<PathBuf> = batch
            .paths
            .into_iter()
            .filter(|p| classify(&root, &output, p) != Change::Ignored)
            .collect();
        if !batch.rescan && relevant.is_empty() {
            continue;
        }
        let step = if batch.rescan {
            session.reload()
        } else {
            session.apply(&relevant)
        };
        report(&step);
    }
}
