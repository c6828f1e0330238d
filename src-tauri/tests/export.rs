//! The export dialog's command through IPC on the mock runtime: the selected range of a view is
//! written as the request says, a summary comes back, and what cannot be exported is refused.

mod common;

use common::{fixture, invoke, kind, message};
use serde_json::{json, Value};

fn request(dest: &str) -> Value {
    json!({
        "dest": dest,
        "preset": "email",
        "longEdge": 24,
        "format": null,
        "quality": null,
        "metadata": "noLocation",
        "nameTemplate": "{seq}_{name}",
    })
}

fn export(f: &common::Fixture, targets: Value, request: Value) -> Result<Value, Value> {
    invoke(
        f,
        "export_photos",
        json!({"targets": targets, "request": request, "onProgress": "__CHANNEL__:7"}),
    )
}

#[test]
fn the_selection_is_written_resized_and_named_and_the_summary_says_so() {
    let f = fixture(12);
    let out = f.dir.path().join("exported");
    let targets = json!({"view": {"kind": "all"}, "ranges": [[2, 7]], "ids": []});
    let summary = export(&f, targets, request(&out.display().to_string())).unwrap();
    assert_eq!(summary["written"], json!(5), "{summary}");
    assert_eq!(summary["failed"], json!(0));
    assert_eq!(summary["cancelled"], json!(false));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(
        names[0].starts_with("1_") && names[4].starts_with("5_"),
        "{names:?}"
    );
    for name in &names {
        let (w, h) = image_size(&out.join(name));
        assert_eq!(w.max(h), 24, "{name} is {w}x{h}");
    }
}

#[test]
fn a_relative_or_library_destination_and_an_empty_selection_are_refused() {
    let f = fixture(4);
    let targets = json!({"view": {"kind": "all"}, "ranges": [[0, 2]], "ids": []});
    let e = export(&f, targets.clone(), request("exports")).unwrap_err();
    assert_eq!(kind(&e), "invalidInput");
    assert!(message(&e).contains("not an absolute path"), "{e}");

    let under_root = f.dir.path().join("photos").join("exports");
    let e = export(&f, targets, request(&under_root.display().to_string())).unwrap_err();
    assert_eq!(kind(&e), "invalidInput", "{e}");
    assert!(
        !under_root.exists(),
        "nothing is written under a library folder"
    );

    let none = json!({"view": null, "ranges": [], "ids": []});
    let e = export(
        &f,
        none,
        request(&f.dir.path().join("x").display().to_string()),
    )
    .unwrap_err();
    assert!(message(&e).contains("Select the photos"), "{e}");
}

#[test]
fn cancel_with_nothing_running_says_so() {
    let f = fixture(1);
    assert_eq!(
        invoke(&f, "cancel_export", json!({})).unwrap(),
        json!(false)
    );
}

/// A JPEG's size from its SOF segment (the copies are JPEGs: the Email preset).
fn image_size(path: &std::path::Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[..2],
        &[0xFF, 0xD8],
        "{} is not a JPEG",
        path.display()
    );
    let mut i = 2;
    while i + 9 < bytes.len() {
        let (marker, len) = (
            bytes[i + 1],
            u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]),
        );
        if matches!(marker, 0xC0..=0xC3) {
            let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]);
            let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]);
            return (u32::from(w), u32::from(h));
        }
        i += 2 + usize::from(len);
    }
    panic!("no SOF in {}", path.display());
}
