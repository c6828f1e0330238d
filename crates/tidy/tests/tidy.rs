//! The architecture invariants ARCHITECTURE.md states, checked on every `cargo test`: each test names
//! the rule, and a failure lists every place that breaks it (file:line) and what to do instead.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use regex::Regex;
use sha2::{Digest, Sha256};
use shoebox_tidy::{code_lines, files_under, normal_dependency_names, read, repo_root, sources};

fn fail_if_any(rule: &str, offences: Vec<String>) {
    assert!(offences.is_empty(), "{rule}\n  {}", offences.join("\n  "));
}

fn is_ts(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "ts")
}

fn under(path: &Path, dir: &str) -> bool {
    path.starts_with(dir)
}

#[test]
fn the_engine_prints_nothing() {
    let print = Regex::new(r"\b(e?println|e?print|dbg)!\s*\(").unwrap();
    let mut offences = Vec::new();
    for file in sources("crates/engine/src", &["rs"]) {
        for (n, code) in code_lines(&read(&file), is_ts(&file)) {
            if print.is_match(&code) {
                offences.push(format!("{}:{n}: {}", file.display(), code.trim()));
            }
        }
    }
    fail_if_any(
        "the engine prints nothing (report through ProgressSink, errors or return values; the CLI and the app print):",
        offences,
    );
}

#[test]
fn all_sql_lives_in_the_engines_db_module() {
    let sql = Regex::new(
        r"\b(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|INDEX|UNIQUE|VIEW|TRIGGER|TEMP)\b|REPLACE\s+INTO\b)",
    )
    .unwrap();
    let mut offences = Vec::new();
    for dir in ["crates/engine/src", "crates/cli/src", "src-tauri/src"] {
        for file in sources(dir, &["rs"]) {
            if under(&file, "crates/engine/src/db") {
                continue;
            }
            for (n, code) in code_lines(&read(&file), is_ts(&file)) {
                if sql.is_match(&code) {
                    offences.push(format!("{}:{n}: {}", file.display(), code.trim()));
                }
            }
        }
    }
    fail_if_any(
        "SQL is written only in crates/engine/src/db/ (add a function there and call it):",
        offences,
    );
}

#[test]
fn the_engine_depends_on_no_ui_cli_or_binary_edge_crate() {
    let banned = ["tauri", "clap", "indicatif", "anyhow", "shoebox-testkit"];
    let names = normal_dependency_names("shoebox-engine");
    let offences: Vec<String> = names
        .iter()
        .filter(|n| {
            banned
                .iter()
                .any(|b| n == b || n.starts_with(&format!("{b}-")))
        })
        .map(|n| format!("shoebox-engine depends on {n}"))
        .collect();
    fail_if_any(
        "the engine knows nothing of UI, terminals or test support (cargo tree -p shoebox-engine -e normal):",
        offences,
    );
}

#[test]
fn the_app_ships_no_test_support() {
    let names = normal_dependency_names("shoebox-app");
    assert!(
        names.iter().any(|n| n == "shoebox-engine"),
        "cargo tree did not list the app's dependencies: {names:?}"
    );
    let offences: Vec<String> = names
        .iter()
        .filter(|n| n.as_str() == "shoebox-testkit")
        .map(|n| format!("shoebox-app depends on {n}"))
        .collect();
    fail_if_any(
        "fixtures, the moto launcher and the flaky proxy are dev-dependencies only (cargo tree -p shoebox-app -e normal):",
        offences,
    );
}

#[test]
fn only_api_ts_calls_the_backend() {
    let invoke = Regex::new(r"\binvoke\s*(<[^>]*>)?\s*\(").unwrap();
    let allowed = ["ui/src/api.ts", "ui/src/bindings.ts"];
    let mut offences = Vec::new();
    for file in sources("ui/src", &["ts"]) {
        if allowed.iter().any(|a| file == Path::new(a)) {
            continue;
        }
        for (n, code) in code_lines(&read(&file), is_ts(&file)) {
            if invoke.is_match(&code) {
                offences.push(format!("{}:{n}: {}", file.display(), code.trim()));
            }
        }
    }
    fail_if_any(
        "only ui/src/api.ts (over the generated ui/src/bindings.ts) calls invoke():",
        offences,
    );
}

#[test]
fn only_the_dto_module_serializes_in_the_app_shell() {
    let serialize = Regex::new(r"\bSerialize\b").unwrap();
    let mut offences = Vec::new();
    for file in sources("src-tauri/src", &["rs"]) {
        let is_dto = file == Path::new("src-tauri/src/dto.rs") || under(&file, "src-tauri/src/dto");
        if is_dto {
            continue;
        }
        for (n, code) in code_lines(&read(&file), is_ts(&file)) {
            if serialize.is_match(&code) {
                offences.push(format!("{}:{n}: {}", file.display(), code.trim()));
            }
        }
    }
    fail_if_any(
        "the shapes the UI sees are declared in src-tauri/src/dto.rs (or dto/); engine types are never serialized directly:",
        offences,
    );
}

#[test]
fn every_source_file_opens_with_a_doc_line() {
    let mut offences = Vec::new();
    for file in files_under(".") {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let generated =
            file.starts_with("src-tauri/gen") || file == Path::new("ui/src/bindings.ts");
        if generated {
            continue;
        }
        let text = read_if_text(&file);
        let mut lines = text.lines();
        let first = lines.next().unwrap_or("");
        let ok = match ext {
            "rs" => first.starts_with("//!"),
            "ts" | "mjs" | "js" => first.starts_with("//") || first.starts_with("/*"),
            "css" => first.starts_with("/*"),
            "sql" => first.starts_with("--"),
            // a script opens with its shebang, a sourced file straight with its comment
            "sh" if first.starts_with("#!") => lines.next().is_some_and(|l| l.starts_with('#')),
            "sh" => first.starts_with('#'),
            _ => true,
        };
        if !ok {
            offences.push(format!("{}: first line is {first:?}", file.display()));
        }
    }
    fail_if_any(
        "every source file opens with a line that says what it is for (`//!` in Rust, a comment elsewhere):",
        offences,
    );
}

fn read_if_text(file: &Path) -> String {
    std::fs::read(repo_root().join(file))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

#[test]
fn released_migrations_never_change() {
    let listed = read(Path::new("migrations/DIGESTS"));
    let mut expected = std::collections::BTreeMap::new();
    for line in listed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (digest, name) = line
            .split_once("  ")
            .unwrap_or_else(|| panic!("migrations/DIGESTS: bad line {line:?}"));
        expected.insert(name.to_owned(), digest.to_owned());
    }
    let mut offences = Vec::new();
    let files = sources("migrations", &["sql"]);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(repo_root().join(file)).unwrap();
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        match expected.get(&name) {
            Some(d) if *d == digest => {}
            Some(_) => offences.push(format!(
                "{name} changed after release: put the change in a new migration instead"
            )),
            None => offences.push(format!(
                "{name} is not in migrations/DIGESTS: once it is released, add the line `{digest}  {name}`"
            )),
        }
    }
    let present: BTreeSet<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in expected.keys().filter(|n| !present.contains(*n)) {
        offences.push(format!(
            "{name} is listed in migrations/DIGESTS but was removed"
        ));
    }
    fail_if_any(
        "a released migration's bytes never change (migrations/DIGESTS lists their SHA-256, as `sha256sum *.sql` prints):",
        offences,
    );
}

/// `(name, where)` for every command named by `pattern`'s first group in the files under `dir`.
fn names_in(files: &[PathBuf], pattern: &Regex) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for file in files {
        for (_, code) in code_lines(&read(file), is_ts(file)) {
            for cap in pattern.captures_iter(&code) {
                names.insert(cap[1].to_owned());
            }
        }
    }
    names
}

/// The command names registered with Tauri: the entries of `generate_handler![…]` or
/// `collect_commands![…]` (last path segment of each).
fn registered_commands() -> BTreeSet<String> {
    let macro_call = Regex::new(r"(?s)(?:generate_handler|collect_commands)!\s*\[(.*?)\]").unwrap();
    let mut names = BTreeSet::new();
    for file in sources("src-tauri/src", &["rs"]) {
        let code: String = code_lines(&read(&file), is_ts(&file))
            .into_iter()
            .map(|(_, c)| c + "\n")
            .collect();
        for cap in macro_call.captures_iter(&code) {
            for entry in cap[1].split(',') {
                let entry = entry.trim();
                if entry.is_empty() {
                    continue;
                }
                // `path::to::name` or, for a command generic over the runtime, `name::<R>`
                let path = entry
                    .split("::<")
                    .next()
                    .unwrap()
                    .split('<')
                    .next()
                    .unwrap();
                let name = path.rsplit("::").next().unwrap().trim();
                names.insert(name.to_owned());
            }
        }
    }
    names
}

#[test]
fn command_names_agree_between_handler_permissions_capability_and_ui() {
    let handler = registered_commands();
    assert!(
        !handler.is_empty(),
        "no generate_handler!/collect_commands! found in src-tauri/src"
    );

    let build_rs = read(Path::new("src-tauri/build.rs"));
    let list = Regex::new(r"(?s)const COMMANDS: &\[&str\] = &\[(.*?)\];").unwrap();
    let quoted = Regex::new(r#""([a-z0-9_]+)""#).unwrap();
    let permissions: BTreeSet<String> = list
        .captures(&build_rs)
        .map(|c| {
            quoted
                .captures_iter(&c[1])
                .map(|q| q[1].to_owned())
                .collect()
        })
        .expect("src-tauri/build.rs lists its COMMANDS");

    let capability = read(Path::new("src-tauri/capabilities/default.json"));
    let allow = Regex::new(r#""allow-([a-z0-9-]+)""#).unwrap();
    let granted: BTreeSet<String> = allow
        .captures_iter(&capability)
        .map(|c| c[1].replace('-', "_"))
        .collect();

    let call = Regex::new(r#"(?i)invoke\w*\s*(?:<[^>]*>)?\s*\(\s*["']([a-z0-9_]+)["']"#).unwrap();
    let called = names_in(&sources("ui/src", &["ts"]), &call);

    let mut offences = Vec::new();
    for (what, set) in [
        ("src-tauri/build.rs COMMANDS (permissions)", &permissions),
        ("src-tauri/capabilities/default.json grants", &granted),
        ("the UI's bindings (ui/src)", &called),
    ] {
        for missing in handler.difference(set) {
            offences.push(format!("`{missing}` is registered but missing from {what}"));
        }
        for extra in set.difference(&handler) {
            offences.push(format!("`{extra}` is in {what} but not registered"));
        }
    }
    fail_if_any(
        "a command is named the same in the handler, build.rs, the capability and the UI:",
        offences,
    );
}

#[test]
fn architecture_md_names_every_module() {
    let map = read(Path::new("ARCHITECTURE.md"));
    let mut offences = Vec::new();
    for dir in ["crates", "src-tauri/src"] {
        for file in sources(dir, &["rs"]) {
            let parts: Vec<String> = file
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let Some(src) = parts.iter().position(|p| p == "src") else {
                continue; // tests/ and build scripts are described by folder
            };
            let name = &parts[parts.len() - 1];
            if ["lib.rs", "main.rs", "mod.rs"].contains(&name.as_str()) && parts.len() - src == 2 {
                continue;
            }
            let named = if name == "mod.rs" {
                format!("{}/", parts[parts.len() - 2])
            } else {
                name.clone()
            };
            let stem = named.trim_end_matches(".rs");
            if !map.contains(&named) && !map.contains(&format!("`{stem}")) {
                offences.push(format!("{} (as `{named}`)", file.display()));
            }
        }
    }
    fail_if_any(
        "ARCHITECTURE.md's code map names every module (add a line for each):",
        offences,
    );
}

#[test]
fn ui_readme_lists_every_ui_source_file() {
    let readme = read(Path::new("ui/README.md"));
    let offences: Vec<String> = sources("ui/src", &["ts", "css"])
        .into_iter()
        .filter(|f| {
            let rel = f
                .strip_prefix("ui/src")
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            !readme.contains(&rel) && !readme.contains(&name)
        })
        .map(|f| f.display().to_string())
        .collect();
    fail_if_any("ui/README.md's map lists every file in ui/src:", offences);
}
