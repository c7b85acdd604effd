//! Integration tests: small fixture sites built through the `plainly` binary, with
//! assertions on the files written, their HTML, and the messages printed.
//!
//! One test binary, a module per feature, each test with its own fixture site.

mod harness;

mod architecture;
mod check;
mod cli;
mod config;
mod content;
mod corpus;
mod deploy;
mod errors;
mod example;
mod init;
mod links;
mod markdown;
mod model;
mod moving;
mod output;
mod serve;
mod text;
mod theme;
mod themes;
mod urls;
mod watch;
