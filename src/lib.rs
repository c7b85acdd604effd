//! Plainly: accessible static websites for council strategies and partnership pages,
//! from Markdown with YAML front matter, through Tera themes.
//!
//! The build is a pipeline of plain steps (see [`pipeline`]):
//!
//! 1. [`config`] reads `site.yaml`;
//! 2. [`render::theme`] and [`render::load_templates`] load the theme and templates;
//! 3. [`content`] walks `content/` and reads every page's front matter and metadata;
//!    [`data`] reads `data/*.yaml`;
//! 4. [`site`] builds the model: sections, publications, URLs, links;
//! 5. [`render`] renders every page in parallel and [`output`] writes them into a staging
//!    folder that replaces `output/` only when everything succeeded.
//!
//! Problems are [`diag::Diagnostic`]s with the file, line and column, gathered across
//! steps so that one run reports them all. All YAML parsing is in [`yaml`].

// Errors are diagnostics that carry their file, position and help text; they are made
// only when something is wrong, so their size on the error path does not matter.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod check;
pub mod cli;
pub mod colour;
pub mod compact;
pub mod config;
pub mod content;
pub mod data;
pub mod date;
pub mod deploy;
pub mod diag;
pub mod fingerprint;
#[doc(hidden)]
pub mod fuzz;
pub mod html;
pub mod init;
pub mod markdown;
pub mod output;
pub mod render;
pub mod rules;
pub mod serve;
pub mod site;
pub mod slug;
pub mod url;
pub mod walk;
mod wcag;
pub mod yaml;
