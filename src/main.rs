//! `plainly`: parse the command line, call the library, print what happened, exit 0
//! (success), 1 (the site has errors) or 2 (wrong usage, reported by clap).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

/// A build allocates and frees many small values per page (Markdown events, template
/// values) on every thread; mimalloc does that with less contention than the system's
/// allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use plainly::build::{self, Outcome};
use plainly::check::report;
use plainly::cli::{BuildArgs, CheckArgs, Cli, Command, Format, ServeArgs, Verbosity};
use plainly::config::Overrides;
use plainly::diag::{Diagnostic, Diagnostics};
use plainly::rules::Mode;
use plainly::serve::http::{self, Shared, Status};
use plainly::serve::session::Session;
use plainly::serve::watch::Watcher;
use plainly::serve::watch_loop;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = cli.verbosity();
    match &cli.command {
        Command::Build(args) if args.watch => {
            watch(&cli.root, &args.overrides(), &args.mode(), verbosity)
        }
        Command::Build(args) => build(&cli.root, args, verbosity),
        Command::Serve(args) => serve(&cli.root, args, verbosity),
        Command::Check(args) => check(&cli.root, args, verbosity),
    }
}

/// The exit code of a run: 1 when it failed (errors, or warnings under --strict).
fn exit_code(outcome: &Outcome) -> ExitCode {
    if outcome.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `plainly check`: every check, nothing written.
fn check(root: &Path, args: &CheckArgs, verbosity: Verbosity) -> ExitCode {
    let outcome = build::check(root, &args.overrides(), &args.mode());
    let diags = &outcome.diagnostics;
    match args.format {
        Format::Json => print!("{}", report::json(diags)),
        Format::Github => print!("{}", report::github(diags)),
        Format::Human => {
            for block in
                plainly::diag::render_report(diags, verbosity.colour, verbosity.verbose, false)
            {
                println!("{block}");
            }
            if !verbosity.quiet {
                println!("{}", outcome.check_line());
            }
        }
    }
    exit_code(&outcome)
}

fn build(root: &Path, args: &BuildArgs, verbosity: Verbosity) -> ExitCode {
    let outcome = build::build(root, &args.overrides(), &args.mode());
    print_outcome(
        &outcome,
        "the previous output was left as it was",
        verbosity,
    );
    exit_code(&outcome)
}

/// `plainly build --watch`: build, then rebuild on every change, until stopped.
fn watch(root: &Path, overrides: &Overrides, mode: &Mode, verbosity: Verbosity) -> ExitCode {
    let (mut session, first) = Session::start(root, overrides, mode);
    print_outcome(&first, "the output was left as it was", verbosity);
    let mut watcher = match Watcher::new(session.root()) {
        Ok(w) => w,
        Err(d) => return fail_with(d, verbosity),
    };
    if !verbosity.quiet {
        println!("Watching for changes; press Ctrl+C to stop.");
    }
    watch_loop(&mut session, &mut watcher, |step| {
        print_outcome(step, "the output was left as it was", verbosity)
    });
    ExitCode::SUCCESS
}

/// `plainly serve`: build, serve the output with live reload, rebuild on every change.
fn serve(root: &Path, args: &ServeArgs, verbosity: Verbosity) -> ExitCode {
    let (mut session, first) = Session::start(root, &args.overrides(), &args.mode());
    print_outcome(&first, "the output was left as it was", verbosity);
    let base_path = session
        .config()
        .map(|c| c.base_url.path.clone())
        .unwrap_or_else(|| "/".into());
    let shared = Shared::new(session.output_dir(), &base_path, args.allowed_hosts.clone());
    if !first.ok {
        shared.announce(Status::Failed(render_text(&first.diagnostics)));
    }
    let (listener, moved) = match http::bind(args.bind, args.port) {
        Ok(l) => l,
        Err(d) => return fail_with(d, verbosity),
    };
    if let Some(note) = moved {
        eprintln!("{note}");
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "{}",
            Diagnostic::warning(
                "serve",
                format!("serving on {}, which other computers on the network can reach", args.bind),
            )
            .with_help("the server is for previewing your own work; use --bind 127.0.0.1 to keep it on this computer")
            .render(verbosity.colour)
        );
    }
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let mut watcher = match Watcher::new(session.root()) {
        Ok(w) => w,
        Err(d) => return fail_with(d, verbosity),
    };
    println!("Serving the site at http://{address}{base_path} ; press Ctrl+C to stop.");
    let server = Arc::clone(&shared);
    std::thread::spawn(move || http::serve(listener, server));
    watch_loop(&mut session, &mut watcher, |step| {
        print_outcome(
            step,
            "the output was left as it was (still serving the last good build)",
            verbosity,
        );
        shared.announce(if step.ok {
            Status::Ok
        } else {
            Status::Failed(render_text(&step.diagnostics))
        });
    });
    ExitCode::SUCCESS
}

fn fail_with(d: Diagnostic, verbosity: Verbosity) -> ExitCode {
    eprintln!("{}", d.render(verbosity.colour));
    ExitCode::from(1)
}

fn render_text(diags: &Diagnostics) -> String {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prints a run's diagnostics and the line that sums it up: how it failed (and what
/// became of the output, `kept`), or what it built.
fn print_outcome(outcome: &Outcome, kept: &str, verbosity: Verbosity) {
    print_diagnostics(&outcome.diagnostics, verbosity);
    if verbosity.verbose {
        for (phase, time) in &outcome.phases {
            println!("  {phase:<10} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
    }
    if !outcome.ok {
        eprintln!("{}", outcome.failure_line(kept));
    } else if !verbosity.quiet {
        println!("{}", outcome.success_line(&shown_dir(&outcome.output_dir)));
    }
}

fn print_diagnostics(diags: &Diagnostics, verbosity: Verbosity) {
    for block in
        plainly::diag::render_report(diags, verbosity.colour, verbosity.verbose, verbosity.quiet)
    {
        eprintln!("{block}");
    }
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
