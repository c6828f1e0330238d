//! What the app was started with: the photos a desktop's "Open with Shoebox" (or a command line)
//! names as arguments, kept until the UI asks which of them the library knows.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The files named after the program's name, resolved against `cwd`. Options (`-…`, `--…`) and
/// names that are not regular files are ignored: a desktop entry passes files (`%F`), and a stale
/// or mistyped name must not stop the app from starting.
pub fn files_from_args<I: IntoIterator<Item = OsString>>(args: I, cwd: &Path) -> Vec<PathBuf> {
    args.into_iter()
        .skip(1)
        .filter(|a| !a.to_string_lossy().starts_with('-'))
        .map(|a| {
            let p = PathBuf::from(a);
            if p.is_absolute() {
                p
            } else {
                cwd.join(p)
            }
        })
        .filter(|p| p.is_file())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_existing_files_resolved_and_drops_options_folders_and_missing_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jpg"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("folder")).unwrap();
        let args = [
            "shoebox-app",
            "a.jpg",
            "--verbose",
            "folder",
            "missing.jpg",
            "-x",
        ]
        .map(OsString::from);
        assert_eq!(
            files_from_args(args, dir.path()),
            vec![dir.path().join("a.jpg")]
        );
        let absolute = dir.path().join("a.jpg");
        let args = [OsString::from("shoebox-app"), absolute.clone().into()];
        assert_eq!(files_from_args(args, Path::new("/nowhere")), vec![absolute]);
        assert!(files_from_args([OsString::from("shoebox-app")], dir.path()).is_empty());
    }
}
