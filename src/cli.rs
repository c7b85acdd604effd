//! The command line: clap's parsed flags, and the resolved options the library takes.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Overrides;
use crate::rules::Mode;

/// What `plainly --version` says: the version, then the commit, target and date it was
/// built from (the date is `SOURCE_DATE_EPOCH`'s, else the commit's; never the clock).
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ncommit: ",
    env!("PLAINLY_COMMIT"),
    "\ntarget: ",
    env!("PLAINLY_TARGET"),
    "\ndate: ",
    env!("PLAINLY_DATE"),
);

/// Accessible websites for council strategies, from Markdown.
#[derive(Debug, Parser)]
#[command(name = "plainly", version, long_version = LONG_VERSION, about, long_about = None)]
pub struct Cli {
    /// The site folder (the one holding site.yaml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print timings of each step.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Colour in messages.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

// The examples at the end of each command's --help; a test parses every one.
const INIT_EXAMPLES: &str = "Examples:
  plainly init my-strategy
  plainly init my-strategy --name \"Digital strategy\" --council \"Kelbrook Borough Council\" --base-url https://example.github.io/kelbrook/
  plainly init . --force --welsh
  plainly init my-strategy --host github-pages";
const NEW_EXAMPLES: &str = "Examples:
  plainly new content/strategy/04-next-steps.md
  plainly new content/news/budget.md --kind consultation --date 2026-04-01";
const BUILD_EXAMPLES: &str = "Examples:
  plainly build
  plainly build --base-url https://preview.example.net/pr-12/ --output public
  plainly build --watch
  plainly --root path/to/site build --strict";
const SERVE_EXAMPLES: &str = "Examples:
  plainly serve
  plainly serve --port 8080 --drafts";
const CHECK_EXAMPLES: &str = "Examples:
  plainly check
  plainly check --strict --format github
  plainly check --external";
const DEPLOY_EXAMPLES: &str = "Examples:
  plainly deploy-config github-pages --write
  plainly deploy-config netlify";
const COMPLETIONS_EXAMPLES: &str = "Examples:
  plainly completions bash > ~/.local/share/bash-completion/completions/plainly
  plainly completions zsh > ~/.zfunc/_plainly
  plainly completions fish > ~/.config/fish/completions/plainly.fish";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a new site in DIR: site.yaml, a sample strategy and a partners page, with
    /// placeholders (TODO) where only you know what to write; then build it.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// Make a new page in content/ from an archetype, its front matter filled in and
    /// marked `draft: true`.
    #[command(after_help = NEW_EXAMPLES)]
    New(NewArgs),
    /// Build the site into the output folder.
    #[command(after_help = BUILD_EXAMPLES)]
    Build(BuildArgs),
    /// Build, then serve the site on this computer and rebuild on every change, with
    /// live reload in the browser.
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
    /// Check the site (links, accessibility, plain English, review dates) without
    /// writing anything.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Print the script that completes plainly's commands and flags in a shell, such as
    /// `plainly completions bash > ~/.local/share/bash-completion/completions/plainly`.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the files a host needs in the repository to build and publish the site
    /// (GitHub Pages' workflow, netlify.toml); with --write, write them into the site.
    #[command(after_help = DEPLOY_EXAMPLES)]
    DeployConfig {
        /// The host: github-pages or netlify.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::config::DEPLOY_TARGETS))]
        target: String,
        /// Write the files into the site folder (never over a file already there).
        #[arg(long)]
        write: bool,
    },
    /// Write a man page for plainly and each of its commands into DIR.
    #[command(hide = true)]
    ManPages {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to make the site in; made if missing. Default: --root, else the
    /// current folder.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// The website's name (site.yaml's title).
    #[arg(long, value_name = "TITLE")]
    pub name: Option<String>,

    /// The council or organisation that publishes it.
    #[arg(long, value_name = "NAME")]
    pub council: Option<String>,

    /// The address it will be published at, such as https://www.example.gov.uk/strategy/.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Add a Welsh page (page.cy.md) beside every page, to fill in.
    #[arg(long)]
    pub welsh: bool,

    /// Where it will be published, so that builds write the host's files and the site
    /// gets its workflow or configuration: github-pages or netlify.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::config::DEPLOY_TARGETS))]
    pub host: Option<String>,

    /// Add the site to a folder that already holds files; nothing there is overwritten.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The new file, in content/ and ending .md, such as content/strategy/04-next-steps.md.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,

    /// What kind of page: page, chapter, partner or consultation. Default: a chapter in
    /// a publication's folder, else a page.
    #[arg(long)]
    pub kind: Option<String>,

    /// The page's date, such as 2026-04-01, instead of today's.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The port to listen on; if it is busy, the next free one is used. 0: any free port.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,

    /// The address to listen on. Anything but 127.0.0.1 or ::1 shares the site with the
    /// network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: std::net::IpAddr,

    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,

    /// A host name the server answers to besides localhost and IP addresses, such as
    /// the name of a preview machine; may be given more than once.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,

    /// Replace the output folder even though it holds files Plainly did not write.
    #[arg(long)]
    pub force: bool,

    /// Moving old content in: broken links, images without alt text, empty links and
    /// the like are warnings, so the site builds while they are fixed.
    #[arg(long)]
    pub migrate: bool,
}

impl ServeArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            drafts: self.drafts,
            force: self.force,
            ..Overrides::default()
        }
    }

    pub fn mode(&self) -> Mode {
        Mode {
            migrate: self.migrate,
            ..Mode::build()
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,

    /// Publish under this address instead of site.yaml's base_url (for example a preview).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Write the site here instead of output/ (or site.yaml's output_dir).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Keep running, and rebuild whenever a source file changes.
    #[arg(long)]
    pub watch: bool,

    /// Warnings fail the build too.
    #[arg(long)]
    pub strict: bool,

    /// Moving old content in: broken links, images without alt text, empty links and
    /// the like are warnings, so the site builds while they are fixed.
    #[arg(long)]
    pub migrate: bool,

    /// Replace the output folder even though it holds files Plainly did not write.
    #[arg(long)]
    pub force: bool,
}

/// How messages are printed.
#[derive(Debug, Clone, Copy)]
pub struct Verbosity {
    pub quiet: bool,
    pub verbose: bool,
    pub colour: bool,
}

impl Cli {
    pub fn verbosity(&self) -> Verbosity {
        let colour = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Verbosity {
            quiet: self.quiet,
            verbose: self.verbose,
            colour,
        }
    }
}

impl BuildArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            base_url: self.base_url.clone(),
            output_dir: self.output.clone(),
            drafts: self.drafts,
            force: self.force,
        }
    }

    pub fn mode(&self) -> Mode {
        Mode {
            strict: self.strict,
            migrate: self.migrate,
            ..Mode::build()
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// How to report: for people, as JSON, or as GitHub workflow annotations.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Warnings count as errors (exit code 1), and an overdue review is an error.
    #[arg(long)]
    pub strict: bool,

    /// Also check links to other sites (slower; needs the network and curl).
    #[arg(long)]
    pub external: bool,

    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,

    /// Moving old content in: broken links, images without alt text, empty links and
    /// the like are warnings.
    #[arg(long)]
    pub migrate: bool,
}

impl CheckArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            drafts: self.drafts,
            ..Overrides::default()
        }
    }

    pub fn mode(&self) -> Mode {
        Mode {
            strict: self.strict,
            external: self.external,
            migrate: self.migrate,
            ..Mode::check()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Words of a command line as a shell splits them (double quotes only), up to a `>`.
    fn words(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let (mut quoted, mut any) = (false, false);
        for c in line.chars() {
            match c {
                '"' => (quoted, any) = (!quoted, true),
                '>' if !quoted => break,
                ' ' if !quoted => {
                    if any {
                        out.push(std::mem::take(&mut word));
                    }
                    any = false;
                }
                c => {
                    word.push(c);
                    any = true;
                }
            }
        }
        if any {
            out.push(word);
        }
        out
    }

    #[test]
    fn every_command_ends_its_help_with_examples_that_parse() {
        let cli = Cli::command();
        for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let examples: Vec<&str> = help
                .lines()
                .filter_map(|l| l.trim().strip_prefix("plainly "))
                .collect();
            assert!(!examples.is_empty(), "{} has no examples", sub.get_name());
            for example in examples {
                let mut argv = vec!["plainly".to_string()];
                argv.extend(words(example));
                assert!(
                    argv.iter().any(|w| w == sub.get_name()),
                    "{example}: not an example of {}",
                    sub.get_name()
                );
                if let Err(e) = Cli::try_parse_from(&argv) {
                    panic!("`plainly {example}` does not parse: {e}");
                }
            }
        }
        assert_eq!(
            words(r#"init a --name "Two words" > x"#),
            ["init", "a", "--name", "Two words"]
        );
    }
}
