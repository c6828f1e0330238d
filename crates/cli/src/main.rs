//! `shoebox`: the command-line face of shoebox-engine. Parses arguments, draws progress, prints text
//! or JSON; every capability it offers is one engine call.

mod args;
pub(crate) mod commands;
mod json;
mod progress_bar;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(bad) = err.downcast_ref::<commands::search::BadQuery>() {
                eprintln!("shoebox: {bad}");
                return ExitCode::from(2);
            }
            let message = format!("{err:#}").replace('\n', " ");
            eprintln!("shoebox: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `shoebox photos | head` should end quietly, as other Unix tools do, not panic on a closed pipe.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up before any thread exists; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
