//! What the CLI's black-box tests share: `shoebox` run on a library (with its own cache dir), and
//! its JSON output read back.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// `shoebox` on `library`, its variants beside it; add arguments and environment, then run.
pub fn command(library: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shoebox"));
    cmd.env("SHOEBOX_LIBRARY", library)
        .env("SHOEBOX_CACHE_DIR", library.with_extension("cache"));
    cmd
}

pub fn shoebox(library: &Path, args: &[&str]) -> Output {
    command(library).args(args).output().expect("runs")
}

/// The command's JSON output; fails the test when it exited non-zero or printed something else.
pub fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}
