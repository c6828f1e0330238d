//! XMP interop with a real other tool: exiftool writes sidecars and embedded XMP/IPTC in
//! Lightroom's, digiKam's and darktable's shapes, Shoebox reads them into marks and tags; Shoebox
//! writes sidecars, exiftool reads back the same values; a darktable history survives; edits made
//! outside are merged and conflicts settled by the policy; hostile sidecars never stop a scan.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use shoebox_engine::find::Query;
use shoebox_engine::xmp::Described;
use shoebox_engine::{
    no_progress, CancelToken, Flag, Label, Library, MarkChange, PhotoFilter, PhotoId,
};

fn exiftool(args: &[&str]) -> String {
    let out = Command::new("exiftool")
        .args(args)
        .output()
        .expect("exiftool is installed (Debian's libimage-exiftool-perl; scripts/install-deps.sh)");
    assert!(
        out.status.success(),
        "exiftool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn exif_json(path: &Path) -> serde_json::Value {
    let text = exiftool(&["-j", "-XMP:all", &path.to_string_lossy()]);
    serde_json::from_str::<serde_json::Value>(&text).unwrap()[0].clone()
}

/// A folder with `names` copied from the corpus' plain JPEGs.
fn folder(names: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let photos = std::fs::canonicalize(dir.path()).unwrap().join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    let source = common::corpus_dir().join("exif-orientation-examples/Landscape_1.jpg");
    for name in names {
        std::fs::copy(&source, photos.join(name)).unwrap();
    }
    (dir, photos)
}

fn id_of(library: &Library, path: &Path) -> PhotoId {
    library.photo_by_path(path).unwrap().id
}

fn described(library: &Library, path: &Path) -> Described {
    library.xmp().described(id_of(library, path)).unwrap()
}

fn tags(d: &Described) -> Vec<&str> {
    d.tags.iter().map(String::as_str).collect()
}

fn count(library: &Library, query: &str) -> u64 {
    library
        .search(&PhotoFilter::query(Query::parse(query).unwrap()), None, 10)
        .unwrap()
        .total
}

#[test]
fn lightroom_digikam_and_iptc_shapes_written_by_exiftool_are_read() {
    let (_dir, photos) = folder(&["lr.jpg", "dk.jpg", "raw.jpg"]);
    let lr = photos.join("lr.jpg");
    // Lightroom: a sidecar named photo.xmp with xmp:Rating/Label, hierarchical and flat keywords.
    exiftool(&[
        "-q",
        "-o",
        &photos.join("lr.xmp").to_string_lossy(),
        "-XMP-xmp:Rating=4",
        "-XMP-xmp:Label=Green",
        "-XMP-lr:HierarchicalSubject=Places|France|Paris",
        "-XMP-dc:Subject=Paris",
        "-XMP-dc:Subject=sunset",
        "-XMP-dc:Title=Eiffel at dusk",
        "-XMP-dc:Description=From the Trocadéro",
        &lr.to_string_lossy(),
    ]);
    // digiKam, embedded: TagsList, colour and pick labels; IPTC keywords and caption beside them.
    let dk = photos.join("dk.jpg");
    exiftool(&[
        "-q",
        "-overwrite_original",
        "-XMP-digiKam:TagsList=People/Ann",
        "-XMP-digiKam:ColorLabel=5",
        "-XMP-digiKam:PickLabel=3",
        "-IPTC:Keywords=beach",
        "-IPTC:ObjectName=Holiday",
        &dk.to_string_lossy(),
    ]);
    // Bridge: a reject is xmp:Rating -1; IPTC alone speaks for the caption.
    let raw = photos.join("raw.jpg");
    exiftool(&[
        "-q",
        "-overwrite_original",
        "-XMP-xmp:Rating=-1",
        "-IPTC:Caption-Abstract=Blurry",
        &raw.to_string_lossy(),
    ]);
    let (_lib_dir, library) = common::temp_library();
    common::scan(&library, std::slice::from_ref(&photos));

    let d = described(&library, &lr);
    assert_eq!((d.rating, d.label, d.flag), (4, Label::Green, Flag::None));
    assert_eq!(tags(&d), ["Places/France/Paris", "sunset"]);
    assert_eq!(d.title.as_deref(), Some("Eiffel at dusk"));
    assert_eq!(d.description.as_deref(), Some("From the Trocadéro"));

    let d = described(&library, &dk);
    assert_eq!((d.label, d.flag), (Label::Blue, Flag::Pick));
    assert_eq!(tags(&d), ["People/Ann"], "XMP keywords speak over IPTC's");
    assert_eq!(
        d.title.as_deref(),
        Some("Holiday"),
        "IPTC fills what XMP lacks"
    );

    let d = described(&library, &raw);
    assert_eq!(d.flag, Flag::Reject);
    assert_eq!(d.description.as_deref(), Some("Blurry"));

    // Searchable: the title, the description, the imported marks.
    assert_eq!(count(&library, "eiffel"), 1);
    assert_eq!(count(&library, "trocadero"), 1);
    assert_eq!(count(&library, "rating:4"), 1);
    assert_eq!(count(&library, "tag:people/ann"), 1);
    // The sidebar's tag counts (kept by trigger) agree with the memberships read.
    for tag in library.organize().tags().unwrap() {
        let members = count(&library, &format!("tag:\"{}\"", tag.path));
        assert_eq!(tag.count, members, "{}", tag.path);
        assert!(tag.count > 0, "{}", tag.path);
    }
}

#[test]
fn what_shoebox_writes_exiftool_reads_back() {
    let (_dir, photos) = folder(&["a.jpg", "b.jpg"]);
    let (a, b) = (photos.join("a.jpg"), photos.join("b.jpg"));
    let (_lib_dir, library) = common::temp_library();
    common::scan(&library, std::slice::from_ref(&photos));
    let org = library.organize();
    let (ia, ib) = (id_of(&library, &a), id_of(&library, &b));
    org.mark(
        &[ia],
        &MarkChange {
            rating: Some(3),
            label: Some(Label::Purple),
            flag: Some(Flag::Pick),
            ..MarkChange::default()
        },
    )
    .unwrap();
    org.tag_photos("Places/Italy/Rome", &[ia]).unwrap();
    org.tag_photos("food", &[ia]).unwrap();
    org.mark(
        &[ib],
        &MarkChange {
            rating: Some(5),
            flag: Some(Flag::Reject),
            ..MarkChange::default()
        },
    )
    .unwrap();

    // Off by default: nothing is written under the root.
    assert_eq!(library.xmp().write_if_enabled().unwrap(), None);
    assert!(!photos.join("a.jpg.xmp").exists());
    assert_eq!(library.xmp().status().unwrap().pending, 2);

    library
        .settings()
        .set_user("xmp.sidecars", "write")
        .unwrap();
    let report = library.xmp().write_if_enabled().unwrap().unwrap();
    assert_eq!(report.written, 2, "{report:?}");
    assert_eq!(library.xmp().status().unwrap().pending, 0);

    let json = exif_json(&photos.join("a.jpg.xmp"));
    assert_eq!(json["Rating"], 3);
    assert_eq!(json["Label"], "Purple");
    assert_eq!(json["ColorLabel"], 6);
    assert_eq!(json["PickLabel"], 3);
    assert_eq!(
        json["HierarchicalSubject"],
        serde_json::json!(["Places|Italy|Rome", "food"])
    );
    assert_eq!(json["Subject"], serde_json::json!(["Rome", "food"]));
    assert_eq!(
        json["TagsList"],
        serde_json::json!(["Places/Italy/Rome", "food"])
    );
    let json = exif_json(&photos.join("b.jpg.xmp"));
    assert_eq!(
        json["Rating"], -1,
        "a reject as Lightroom and Bridge read it"
    );
    assert_eq!(json["PickLabel"], 1);

    // Writing again with nothing changed touches nothing; a rescan sees its own sidecars as
    // unchanged, and the reject keeps its five stars.
    let again = library
        .xmp()
        .write(true, &CancelToken::new(), &no_progress())
        .unwrap();
    assert_eq!((again.written, again.unchanged), (0, 2), "{again:?}");
    let report = common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!(report.unchanged, 2);
    assert_eq!(described(&library, &b).rating, 5);

    // A tag taken off in Shoebox goes from the sidecar too and does not come back.
    org.untag_photos("food", &[ia]).unwrap();
    library.xmp().write_if_enabled().unwrap();
    common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!(tags(&described(&library, &a)), ["Places/Italy/Rome"]);
    let json = exif_json(&photos.join("a.jpg.xmp"));
    assert_eq!(json["Subject"], "Rome");

    // A tag renamed, and the rename undone: the photos' sidecars follow both.
    let hierarchical = || exif_json(&photos.join("a.jpg.xmp"))["HierarchicalSubject"].clone();
    org.rename_tag("Places/Italy/Rome", "Places/Italy/Roma")
        .unwrap();
    library.xmp().write_if_enabled().unwrap();
    assert_eq!(hierarchical(), "Places|Italy|Roma");
    org.undo().unwrap().unwrap();
    assert_eq!(
        library.xmp().status().unwrap().pending,
        1,
        "the undo is due a write too"
    );
    library.xmp().write_if_enabled().unwrap();
    assert_eq!(hierarchical(), "Places|Italy|Rome");
    // A title set in Shoebox is the sidecar's dc:title; its undo takes it out again.
    org.caption(
        &[ia],
        &shoebox_engine::CaptionChange {
            title: Some("Trevi at night".into()),
            description: Some("Coins\nand crowds".into()),
        },
    )
    .unwrap();
    library.xmp().write_if_enabled().unwrap();
    let json = exif_json(&photos.join("a.jpg.xmp"));
    assert_eq!(
        (&json["Title"], &json["Description"]),
        (
            &serde_json::json!("Trevi at night"),
            &serde_json::json!("Coins\nand crowds")
        )
    );
    org.undo().unwrap().unwrap();
    library.xmp().write_if_enabled().unwrap();
    let title = exif_json(&photos.join("a.jpg.xmp"))["Title"].clone();
    assert!(
        title.is_null() || title == "",
        "no title any more (an empty one the sidecar spoke for): {title}"
    );
}

#[test]
fn a_darktable_history_survives_a_rating_written_by_shoebox() {
    let (_dir, photos) = folder(&["dt.jpg"]);
    let sidecar = photos.join("dt.jpg.xmp");
    let darktable = r#"<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:darktable="http://darktable.sf.net/"
   xmp:Rating="1"
   darktable:xmp_version="5"
   darktable:history_end="2">
   <darktable:history>
    <rdf:Seq>
     <rdf:li darktable:num="0" darktable:operation="exposure" darktable:enabled="1" darktable:params="0000000000000000cdcccc3d"/>
     <rdf:li darktable:num="1" darktable:operation="colorbalancergb" darktable:enabled="1" darktable:params="gz04eJxjYGiwZ2B44AAEAA"/>
    </rdf:Seq>
   </darktable:history>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
"#;
    std::fs::write(&sidecar, darktable).unwrap();
    let (_lib_dir, library) = common::temp_library();
    common::scan(&library, std::slice::from_ref(&photos));
    let photo = photos.join("dt.jpg");
    assert_eq!(described(&library, &photo).rating, 1);
    let history_before = exiftool(&[
        "-s3",
        "-XMP-darktable:HistoryOperation",
        &sidecar.to_string_lossy(),
    ]);
    library
        .organize()
        .mark(
            &[id_of(&library, &photo)],
            &MarkChange {
                rating: Some(4),
                ..MarkChange::default()
            },
        )
        .unwrap();
    library
        .settings()
        .set_user("xmp.sidecars", "write")
        .unwrap();
    library.xmp().write_if_enabled().unwrap();
    let text = std::fs::read_to_string(&sidecar).unwrap();
    let history = &darktable[darktable.find("   <darktable:history>").unwrap()
        ..darktable.find("</darktable:history>").unwrap()];
    assert!(
        text.contains(history),
        "the history stack is kept as it was:\n{text}"
    );
    assert_eq!(
        exiftool(&[
            "-s3",
            "-XMP-darktable:HistoryOperation",
            &sidecar.to_string_lossy()
        ]),
        history_before
    );
    assert_eq!(exif_json(&sidecar)["Rating"], 4);
}

#[test]
fn outside_edits_are_merged_and_conflicts_follow_the_policy() {
    let (_dir, photos) = folder(&["p.jpg"]);
    let photo = photos.join("p.jpg");
    let sidecar = photos.join("p.jpg.xmp");
    let (_lib_dir, library) = common::temp_library();
    common::scan(&library, std::slice::from_ref(&photos));
    let id = id_of(&library, &photo);
    let org = library.organize();
    let rate = |stars| {
        org.mark(
            &[id],
            &MarkChange {
                rating: Some(stars),
                ..MarkChange::default()
            },
        )
        .unwrap();
    };
    rate(2);
    library
        .settings()
        .set_user("xmp.sidecars", "write")
        .unwrap();
    library.xmp().write_if_enabled().unwrap();

    // Changed only outside: taken, and the front ends told (the organize revision moves).
    let s = sidecar.to_string_lossy();
    let rev = library.organize().history_state().unwrap().rev;
    exiftool(&[
        "-q",
        "-overwrite_original",
        "-XMP-xmp:Rating=5",
        "-XMP-dc:Title=Outside",
        "-XMP-dc:Subject=Outdoors",
        &s,
    ]);
    common::scan(&library, std::slice::from_ref(&photos));
    assert!(library.organize().history_state().unwrap().rev > rev);
    let d = described(&library, &photo);
    assert_eq!((d.rating, d.title.as_deref()), (5, Some("Outside")));
    // A keyword added outside to a photo the library knows: tagged at the batch's end, and the
    // tag's count moved by the batch (its trigger stands aside in a scan).
    assert_eq!(tags(&d), ["Outdoors"]);
    let outdoors = library.organize().tags().unwrap();
    assert_eq!(
        outdoors
            .iter()
            .map(|t| (t.path.as_str(), t.count))
            .collect::<Vec<_>>(),
        [("Outdoors", 1)]
    );

    // Changed on both sides: the newest wins (the sidecar, edited after the library), recorded.
    library.settings().set_user("xmp.sidecars", "off").unwrap();
    rate(1);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    exiftool(&["-q", "-overwrite_original", "-XMP-xmp:Rating=3", &s]);
    let report = common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!(report.conflicts, 1);
    assert_eq!(described(&library, &photo).rating, 3);
    let conflicts = library.xmp().conflicts(10).unwrap();
    assert_eq!(
        (
            conflicts[0].field.as_str(),
            conflicts[0].library.as_str(),
            conflicts[0].sidecar.as_str(),
            conflicts[0].kept.as_str()
        ),
        ("rating", "1", "3", "sidecar")
    );

    // Policy "library": the library's value stays, and the sidecar is due a write.
    library
        .settings()
        .set_user("xmp.conflicts", "library")
        .unwrap();
    rate(4);
    exiftool(&["-q", "-overwrite_original", "-XMP-xmp:Rating=2", &s]);
    common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!(described(&library, &photo).rating, 4);
    assert_eq!(library.xmp().status().unwrap().pending, 1);

    // A sidecar edited outside after the last scan is merged by the write, not overwritten.
    library
        .settings()
        .set_user("xmp.sidecars", "write")
        .unwrap();
    exiftool(&[
        "-q",
        "-overwrite_original",
        "-XMP-dc:Description=Added elsewhere",
        &s,
    ]);
    let report = library.xmp().write_if_enabled().unwrap().unwrap();
    assert_eq!(report.merged, 1, "{report:?}");
    let json = exif_json(&sidecar);
    assert_eq!(json["Description"], "Added elsewhere");
    assert_eq!(json["Rating"], 4);
}

#[test]
fn hostile_sidecars_are_skipped_with_a_warning_and_the_photo_indexed() {
    let names = [
        "bad.jpg",
        "laughs.jpg",
        "big.jpg",
        "fifo.jpg",
        "dir.jpg",
        "seven.jpg",
    ];
    let (_dir, photos) = folder(&names);
    std::fs::write(
        photos.join("bad.jpg.xmp"),
        "<x:xmpmeta><rdf:RDF><rdf:Description",
    )
    .unwrap();
    std::fs::write(
        photos.join("laughs.jpg.xmp"),
        r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&c;</x:xmpmeta>"#,
    )
    .unwrap();
    std::fs::File::create(photos.join("big.jpg.xmp"))
        .unwrap()
        .set_len(50 << 20)
        .unwrap();
    let fifo = std::ffi::CString::new(photos.join("fifo.jpg.xmp").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::fs::create_dir(photos.join("dir.jpg.xmp")).unwrap();
    std::fs::write(
        photos.join("seven.jpg.xmp"),
        r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:lr="http://ns.adobe.com/lightroom/1.0/" xmp:Rating="7"><lr:hierarchicalSubject><rdf:Bag><rdf:li>a||b</rdf:li><rdf:li>ok</rdf:li></rdf:Bag></lr:hierarchicalSubject></rdf:Description></rdf:RDF></x:xmpmeta>"#,
    )
    .unwrap();
    let (_lib_dir, library) = common::temp_library();
    let report = common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!((report.added, report.failed), (names.len() as u64, 0));
    let warning = |name: &str| {
        library
            .photo_by_path(&photos.join(name))
            .unwrap()
            .meta_warning
            .unwrap_or_default()
    };
    assert!(
        warning("bad.jpg").contains("malformed"),
        "{}",
        warning("bad.jpg")
    );
    assert!(
        warning("laughs.jpg").contains("DTD"),
        "{}",
        warning("laughs.jpg")
    );
    assert!(
        warning("big.jpg").contains("16 MB"),
        "{}",
        warning("big.jpg")
    );
    assert!(warning("fifo.jpg").contains("not a regular file"));
    assert!(
        warning("seven.jpg").contains("xmp:Rating \"7\""),
        "{}",
        warning("seven.jpg")
    );
    let seven = described(&library, &photos.join("seven.jpg"));
    assert_eq!((seven.rating, tags(&seven)), (0, vec!["ok"]));

    // A sidecar Shoebox cannot replace (here a FIFO) leaves the change pending, with the reason.
    library
        .settings()
        .set_user("xmp.sidecars", "write")
        .unwrap();
    let id = id_of(&library, &photos.join("fifo.jpg"));
    library
        .organize()
        .mark(
            &[id],
            &MarkChange {
                rating: Some(2),
                ..MarkChange::default()
            },
        )
        .unwrap();
    let report = library.xmp().write_if_enabled().unwrap().unwrap();
    assert_eq!(report.failed.len(), 1);
    let status = library.xmp().status().unwrap();
    assert_eq!(status.pending, 1);
    assert!(
        status.failed[0].0.contains("not a regular file"),
        "{status:?}"
    );
    // A rescan does not hang on it either, and nothing was lost.
    common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!(described(&library, &photos.join("fifo.jpg")).rating, 2);
}
