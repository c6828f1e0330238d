//! The contract with the UI: `ui/src/bindings.ts` is what the commands, DTOs and events generate
//! now. A stale file fails this test, which rewrites it (so `git diff` shows the change and the UI's
//! type check sees it); commit the new file.

use std::path::Path;

use shoebox_app::commands::{export_bindings, BINDINGS};

#[test]
fn the_checked_in_bindings_are_what_the_rust_side_generates() {
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS);
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    export_bindings(&fresh).expect("the bindings export");
    let generated = std::fs::read_to_string(&fresh).unwrap();
    let current = std::fs::read_to_string(&checked_in).unwrap_or_default();
    if generated != current {
        std::fs::write(&checked_in, &generated).unwrap();
        panic!(
            "{} was stale (a command, DTO or event changed): it was regenerated; run \
             `npm --prefix ui run typecheck`, fix the UI, and commit the file",
            checked_in.display()
        );
    }
}
