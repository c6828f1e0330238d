//! Helpers for the tidy tests (`tests/tidy.rs`): the repository's files as text, and their lines
//! with comments told apart from code. Nothing here is used by the product.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/tidy sits two levels below the root")
        .to_path_buf()
}

/// Every file git tracks or would track (untracked but not ignored) under `dir`, relative to the root.
pub fn files_under(dir: &str) -> Vec<PathBuf> {
    let root = repo_root();
    let out = Command::new("git")
        .args([
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "--",
            dir,
        ])
        .current_dir(&root)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git ls-files failed");
    let mut files: Vec<PathBuf> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(PathBuf::from)
        .filter(|p| root.join(p).is_file())
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Files under `dir` whose name ends with one of `exts` (without the dot).
pub fn sources(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
        })
        .collect()
}

pub fn read(rel: &Path) -> String {
    std::fs::read_to_string(repo_root().join(rel))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", rel.display()))
}

/// The code of each line of a Rust or TypeScript file (1-based numbers), with `//` comments and
/// the insides of `/* */` blocks removed. String contents are kept (SQL lives in strings).
/// `single_quotes`: `'…'` is a string (TypeScript), not a char or lifetime (Rust).
pub fn code_lines(text: &str, single_quotes: bool) -> Vec<(usize, String)> {
    let mut in_block = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut code = String::new();
        let mut rest = line;
        loop {
            if in_block {
                match rest.find("*/") {
                    Some(end) => {
                        in_block = false;
                        rest = &rest[end + 2..];
                    }
                    None => break,
                }
            } else {
                let line_comment = find_outside_strings(rest, "//", single_quotes);
                let block = find_outside_strings(rest, "/*", single_quotes);
                match (line_comment, block) {
                    (Some(l), b) if b.is_none_or(|b| l < b) => {
                        code.push_str(&rest[..l]);
                        break;
                    }
                    (_, Some(b)) => {
                        code.push_str(&rest[..b]);
                        in_block = true;
                        rest = &rest[b + 2..];
                    }
                    _ => {
                        code.push_str(rest);
                        break;
                    }
                }
            }
        }
        out.push((i + 1, code));
    }
    out
}

/// The byte offset of `needle` in `line` outside string literals (`"…"`, and in TypeScript also
/// `'…'` and `` `…` ``; Rust's `'"'` char literal opens none).
fn find_outside_strings(line: &str, needle: &str, single_quotes: bool) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if bytes[i..].starts_with(b"'\"'") => i += 2,
            None if b == b'"' || b == b'`' => quote = Some(b),
            None if b == b'\'' && single_quotes => quote = Some(b),
            None if bytes[i..].starts_with(needle.as_bytes()) => return Some(i),
            None => {}
        }
        i += 1;
    }
    None
}

/// Runs `cargo tree` for `package` over normal dependencies and returns the package names in it.
pub fn normal_dependency_names(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "-p",
            package,
            "-e",
            "normal",
            "--prefix",
            "none",
            "-f",
            "{p}",
            "--offline",
        ])
        .current_dir(repo_root())
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree -p {package} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    names.sort();
    names.dedup();
    names
}
