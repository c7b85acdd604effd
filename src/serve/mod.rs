//! Watch mode and the development server: `plainly build --watch` and `plainly serve`.
//!
//! [`session`] keeps a build in memory and brings the output up to date after each
//! change; [`watch`] turns file-system events into debounced batches of changes;
//! [`http`] serves the output with live reload.

pub mod session;
