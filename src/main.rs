//! `plainly`: parse the command line, call the library, print what happened, exit 0
//! (success), 1 (the site has errors) or 2 (wrong usage, reported by clap).

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use plainly::cli::{Cli, Command, Verbosity};
use plainly::diag::Diagnostics;
use plainly::pipeline::{self, BuildSummary};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = cli.verbosity();
    match &cli.command {
        Command::Build(args) => {
            let outcome = pipeline::build(&cli.root, &args.overrides());
            print_diagnostics(&outcome.diagnostics, verbosity);
            match outcome.summary {
                Some(summary) => {
                    if !verbosity.quiet {
                        print_summary(&summary, &outcome.diagnostics, verbosity);
                    }
                    ExitCode::SUCCESS
                }
                None => {
                    let errors = outcome.diagnostics.error_count();
                    eprintln!(
                        "Build failed with {errors} error{}; the previous output was left as it was.",
                        if errors == 1 { "" } else { "s" }
                    );
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn print_diagnostics(diags: &Diagnostics, verbosity: Verbosity) {
    for d in diags.iter() {
        if verbosity.quiet && !d.is_error() {
            continue;
        }
        eprintln!("{}", d.render(verbosity.colour));
    }
}

fn print_summary(summary: &BuildSummary, diags: &Diagnostics, verbosity: Verbosity) {
    if verbosity.verbose {
        for (step, time) in &summary.steps {
            println!("  {step:<10} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
    }
    let warnings = diags.warning_count();
    let warning_note = match warnings {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    };
    println!(
        "Built {} page{} in {} section{} in {} ms{warning_note} → {}",
        summary.pages,
        if summary.pages == 1 { "" } else { "s" },
        summary.sections,
        if summary.sections == 1 { "" } else { "s" },
        summary.elapsed.as_millis(),
        shown_dir(&summary.output_dir),
    );
}

/// The output folder relative to the current directory when it is inside it.
fn shown_dir(dir: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| dir.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| dir.to_path_buf());
    format!("{}/", shown.display().to_string().trim_end_matches('/'))
}
