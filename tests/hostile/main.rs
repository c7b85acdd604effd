//! The hostile suite: a site built by someone trying to make Plainly crash, hang, read
//! outside the site, publish a secret or a script, or leave a broken `output/`.
//!
//! Each case asserts the exit code, the message and where it points, that the previous
//! output is untouched when the build fails, and that nothing outside `output/` changed.

#[path = "../build/harness.rs"]
#[allow(dead_code)]
mod harness;

mod external;
mod files;
mod html;
mod kill;
mod limits;
mod paths;
mod server;
mod templates;
