//! `plainly`: parse the command line, call the library, print what happened, exit 0
//! (success), 1 (the site has errors) or 2 (wrong usage, reported by clap).

use std::io::IsTerminal;
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
use plainly::cli::{
    BuildArgs, CheckArgs, Cli, Command, Format, InitArgs, NewArgs, ServeArgs, Verbosity,
};
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
        Command::Init(args) => init(&cli.root, args, verbosity),
        Command::New(args) => new(&cli.root, args, verbosity),
        Command::Build(args) if args.watch => {
            watch(&cli.root, &args.overrides(), &args.mode(), verbosity)
        }
        Command::Build(args) => build(&cli.root, args, verbosity),
        Command::Serve(args) => serve(&cli.root, args, verbosity),
        Command::Check(args) => check(&cli.root, args, verbosity),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "plainly",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::ManPages { dir } => man_pages(dir, verbosity),
        Command::DeployConfig { target, write } => {
            deploy_config(&cli.root, target, *write, verbosity)
        }
    }
}

/// `plainly init`: the answers first (asked only at a terminal), then the site written
/// whole, then built.
fn init(root: &Path, args: &InitArgs, verbosity: Verbosity) -> ExitCode {
    use plainly::init::{self, Answers, Refusal};
    let dir = args.dir.clone().unwrap_or_else(|| root.to_path_buf());
    let mut answers = Answers {
        title: args.name.clone(),
        council: args.council.clone(),
        base_url: args.base_url.clone(),
        welsh: args.welsh,
        host: args.host.clone(),
    };
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        ask(&mut answers, args.welsh);
    }
    if let Some(url) = &answers.base_url
        && let Err(message) = plainly::url::BaseUrl::parse(url)
    {
        let d = Diagnostic::error("init", format!("--base-url: {message}")).with_help(
            "give the address the site will be published at, such as https://www.example.gov.uk/ or https://example.github.io/council/",
        );
        eprintln!("{}", d.render(verbosity.colour));
        return ExitCode::from(2);
    }
    let files = init::starter(&answers, plainly::rules::today());
    if let Err(refusal) = init::write(&dir, &files, args.force) {
        eprintln!("{}", refusal.diagnostic().render(verbosity.colour));
        return ExitCode::from(match refusal {
            Refusal::Failed(_) => 1,
            _ => 2,
        });
    }
    let shown = dir.display().to_string();
    if !verbosity.quiet {
        println!("Made a new site in {shown}/ ({} files).", files.len());
    }
    let outcome = build::build(&dir, &Overrides::default(), &Mode::build());
    print_outcome(&outcome, "nothing was published", verbosity);
    if !verbosity.quiet {
        let cd = if dir == Path::new(".") {
            String::new()
        } else {
            format!("  cd {}\n", shell_word(&shown))
        };
        println!(
            "\nNext:\n{cd}  plainly serve            see the site at http://127.0.0.1:1111/ as you edit it\n  plainly check            list the TODO placeholders still to fill in, with their lines\n  plainly check --strict   what a deploy should run first: it fails while any is left\n\nThe pages are in content/: the strategy in content/strategy/, the partners page in content/partners/."
        );
    }
    exit_code(&outcome)
}

/// `plainly new PATH`: a page from an archetype, or nothing (exit 2 for a path or kind
/// that cannot be used).
fn new(root: &Path, args: &NewArgs, verbosity: Verbosity) -> ExitCode {
    use plainly::init::new::{Refused, new_page};
    let config = match plainly::config::load_config(root, &Overrides::default()) {
        Ok(c) => c,
        Err(diags) => {
            print_diagnostics(&diags, verbosity);
            return ExitCode::from(1);
        }
    };
    let date = match &args.date {
        Some(text) => match plainly::date::Date::parse(text) {
            Ok(d) => d,
            Err(message) => {
                let d = Diagnostic::error("new", format!("--date: {message}"))
                    .with_help("write the date as YYYY-MM-DD, such as 2026-04-01");
                eprintln!("{}", d.render(verbosity.colour));
                return ExitCode::from(2);
            }
        },
        None => plainly::rules::today(),
    };
    match new_page(&config, &args.path, args.kind.as_deref(), date) {
        Ok(made) => {
            if !verbosity.quiet {
                let files: Vec<String> =
                    made.files.iter().map(|f| f.display().to_string()).collect();
                println!(
                    "Made {} (a {}, from {}). It says draft: true, so it is not published until you remove that line.",
                    files.join(" and "),
                    made.kind,
                    made.archetype
                );
            }
            ExitCode::SUCCESS
        }
        Err(Refused::Usage(d)) => {
            eprintln!("{}", d.render(verbosity.colour));
            ExitCode::from(2)
        }
        Err(Refused::Failed(d)) => {
            eprintln!("{}", d.render(verbosity.colour));
            ExitCode::from(1)
        }
    }
}

/// `plainly deploy-config TARGET`: prints the host's repository files, or writes them.
fn deploy_config(root: &Path, target: &str, write: bool, verbosity: Verbosity) -> ExitCode {
    let files = plainly::deploy::config_files(target);
    if !write {
        for (path, text) in &files {
            println!("# {}\n{text}", path.display());
        }
        return ExitCode::SUCCESS;
    }
    if !root.join("site.yaml").is_file() {
        let d = Diagnostic::error(
            "deploy-config",
            format!("no site.yaml in {}", root.display()),
        )
        .with_help(
            "run it in the site's folder or pass --root DIR; to start a new site, run plainly init",
        );
        eprintln!("{}", d.render(verbosity.colour));
        return ExitCode::from(2);
    }
    let clashes: Vec<String> = files
        .iter()
        .filter(|(p, _)| root.join(p).exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !clashes.is_empty() {
        let d = Diagnostic::error(
            "deploy-config",
            format!(
                "{} already exists, so nothing was written",
                clashes.join(", ")
            ),
        )
        .with_help(
            "move it aside to write a new one, or run without --write to see what it would hold",
        );
        eprintln!("{}", d.render(verbosity.colour));
        return ExitCode::from(2);
    }
    for (path, text) in &files {
        let full = root.join(path);
        let written = full
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&full, text));
        if let Err(e) = written {
            return fail_with(
                Diagnostic::error(
                    "deploy-config",
                    format!("cannot write {}: {e}", full.display()),
                ),
                verbosity,
            );
        }
        if !verbosity.quiet {
            println!("Wrote {}", path.display());
        }
    }
    if !verbosity.quiet {
        println!(
            "Set `deploy: {{ target: {target} }}` in site.yaml so that each build writes the host's own files."
        );
    }
    ExitCode::SUCCESS
}

/// Writes `plainly.1` and `plainly-COMMAND.1` for each visible command into `dir`.
fn man_pages(dir: &Path, verbosity: Verbosity) -> ExitCode {
    use clap::CommandFactory;
    let command = Cli::command();
    let mut pages = vec![("plainly".to_string(), command.clone())];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("plainly-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    for (name, page) in pages {
        let mut text = Vec::new();
        let path = dir.join(format!("{name}.1"));
        let written = std::fs::create_dir_all(dir)
            .and_then(|_| clap_mangen::Man::new(page).render(&mut text))
            .and_then(|_| std::fs::write(&path, &text));
        if let Err(e) = written {
            return fail_with(
                Diagnostic::error("man-pages", format!("cannot write {}: {e}", path.display())),
                verbosity,
            );
        }
    }
    ExitCode::SUCCESS
}

/// Asks for each answer not given on the command line, on standard error; an empty
/// answer (or the end of input) takes the default shown.
fn ask(answers: &mut plainly::init::Answers, welsh_given: bool) {
    use plainly::init::{DEFAULT_BASE_URL, DEFAULT_COUNCIL, DEFAULT_TITLE};
    let question = |q: &str, default: &str| -> Option<String> {
        eprint!("{q} [{default}]: ");
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(n) if n > 0 => Some(line.trim().to_string()).filter(|s| !s.is_empty()),
            _ => None,
        }
    };
    if answers.title.is_none() {
        answers.title = question("The website's name", DEFAULT_TITLE);
    }
    if answers.council.is_none() {
        answers.council = question("Your council or organisation", DEFAULT_COUNCIL);
    }
    if answers.base_url.is_none() {
        answers.base_url = question("The address it will be published at", DEFAULT_BASE_URL);
    }
    if !welsh_given {
        answers.welsh = question("Pages in Welsh too? (y/n)", "n")
            .is_some_and(|a| a.to_lowercase().starts_with('y'));
    }
    if answers.host.is_none() {
        let targets = plainly::config::DEPLOY_TARGETS;
        // Anything else (or nothing) is a host Plainly writes no files for.
        answers.host = question(
            &format!(
                "Where it will be published ({}, or another host)",
                targets.join(", ")
            ),
            "another host",
        )
        .filter(|a| targets.contains(&a.as_str()));
    }
}

/// A path as one word for a shell: quoted when it has anything but plain characters.
fn shell_word(text: &str) -> String {
    if text
        .chars()
        .all(|c| c.is_alphanumeric() || "-_./".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
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
