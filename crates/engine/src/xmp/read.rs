//! What an XMP packet or an IPTC block says, as a [`Said`]: `xmp:Rating` (−1 a reject),
//! `xmp:Label`, `digiKam:ColorLabel` and `PickLabel`, `darktable:colorlabels`, `dc:subject`,
//! `lr:hierarchicalSubject` (`|`), `digiKam:TagsList` and `MicrosoftPhoto:LastKeywordXMP` (`/`),
//! `dc:title`, `dc:description`, `exif:UserComment`; IPTC Keywords, Object Name and Caption.
//! A value that cannot be understood is skipped with a warning; the rest is kept.

use std::collections::BTreeSet;

use super::packet::{
    self, Packet, Property, Value, DARKTABLE, DC, DIGIKAM, EXIF, LR, MICROSOFT, XMP,
};
use super::{without_ancestors, Said};
use crate::organize::captions::{MAX_DESCRIPTION, MAX_TITLE};
use crate::organize::{Flag, Label};

/// At most this many tags are read from one source.
const MAX_TAGS: usize = 2_000;

/// What a source says, with the warnings for what was skipped.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    pub said: Said,
    pub warnings: Vec<String>,
}

/// Reads an XMP packet; an `Err` is why none of it could be used (the photo keeps its other
/// metadata).
pub(crate) fn xmp(bytes: &[u8]) -> Result<Reading, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\xFF\xFE") {
        return Err("XMP in UTF-16 is not supported".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "XMP is not UTF-8 text (invalid byte at {})",
            e.valid_up_to()
        )
    })?;
    Ok(from_packet(&packet::walk(text)?))
}

/// What a walked packet says.
pub(crate) fn from_packet(packet: &Packet) -> Reading {
    let mut warnings = packet.warnings.clone();
    let properties: Vec<&Property> = packet
        .descriptions
        .iter()
        .flat_map(|d| d.properties.iter())
        .collect();
    let find = |ns: &str, name: &str| {
        properties
            .iter()
            .find(|p| p.ns == ns && p.name == name)
            .map(|p| &p.value)
    };

    let mut said = Said::default();
    if let Some(value) = find(XMP, "Rating") {
        match rating(first(value)) {
            Ok(Some(stars)) => said.rating = Some(stars),
            Ok(None) => {
                said.rating = Some(0);
                said.flag = Some(Flag::Reject);
            }
            Err(w) => warnings.push(w),
        }
    }
    if said.flag.is_none() {
        if let Some(value) = find(DIGIKAM, "PickLabel") {
            match first(value).trim() {
                "0" | "2" | "" => said.flag = Some(Flag::None),
                "1" => said.flag = Some(Flag::Reject),
                "3" => said.flag = Some(Flag::Pick),
                other => warnings.push(format!(
                    "digiKam:PickLabel {other:?} is not 0 to 3; ignored"
                )),
            }
        }
    }
    said.label = find(XMP, "Label")
        .and_then(|v| label_by_name(first(v), &mut warnings))
        .or_else(|| {
            find(DIGIKAM, "ColorLabel").and_then(|v| digikam_label(first(v), &mut warnings))
        })
        .or_else(|| find(DARKTABLE, "colorlabels").and_then(|v| darktable_label(v, &mut warnings)));

    let mut hierarchical = Vec::new();
    let mut any_tags = false;
    for (ns, name, separator) in [
        (LR, "hierarchicalSubject", '|'),
        (DIGIKAM, "TagsList", '/'),
        (MICROSOFT, "LastKeywordXMP", '/'),
    ] {
        if let Some(value) = find(ns, name) {
            any_tags = true;
            for item in items(value) {
                hierarchical.push((item.to_string(), separator));
            }
        }
    }
    let flat: Vec<String> = match find(DC, "subject") {
        Some(value) => {
            any_tags = true;
            items(value).map(str::to_string).collect()
        }
        None => Vec::new(),
    };
    if any_tags {
        said.tags = Some(tags(&hierarchical, &flat, &mut warnings));
    }

    said.title = find(DC, "title").map(|v| limited(alt(v), MAX_TITLE, "dc:title", &mut warnings));
    said.description = find(DC, "description")
        .map(|v| limited(alt(v), MAX_DESCRIPTION, "dc:description", &mut warnings))
        .or_else(|| {
            find(EXIF, "UserComment")
                .map(|v| limited(alt(v), MAX_DESCRIPTION, "exif:UserComment", &mut warnings))
        });
    Reading { said, warnings }
}

/// IPTC-IIM datasets of an APP13 payload: 2:25 Keywords, 2:05 Object Name, 2:120 Caption.
pub(crate) fn iptc(datasets: &[(u8, &[u8])]) -> Reading {
    let mut warnings = Vec::new();
    let mut text_of = |value: &[u8], what: &str| match std::str::from_utf8(value) {
        Ok(t) => Some(t.trim_end_matches('\0').to_string()),
        Err(_) => {
            // IIM without a UTF-8 charset is Latin-1 in practice.
            let latin1: String = value.iter().map(|b| char::from(*b)).collect();
            warnings.push(format!("IPTC {what} is not UTF-8; read as Latin-1"));
            Some(latin1)
        }
    };
    let mut keywords = Vec::new();
    let (mut title, mut caption) = (None, None);
    for (dataset, value) in datasets {
        match dataset {
            25 => keywords.extend(text_of(value, "keyword")),
            5 => title = text_of(value, "object name"),
            120 => caption = text_of(value, "caption"),
            _ => {}
        }
    }
    let mut said = Said {
        title: title.map(|t| limited(t, MAX_TITLE, "IPTC object name", &mut warnings)),
        description: caption.map(|c| limited(c, MAX_DESCRIPTION, "IPTC caption", &mut warnings)),
        ..Said::default()
    };
    if !keywords.is_empty() {
        said.tags = Some(tags(&[], &keywords, &mut warnings));
    }
    Reading { said, warnings }
}

fn first(value: &Value) -> &str {
    match value {
        Value::Text(t) => t,
        Value::Items(items) => items.first().map_or("", |(_, t)| t.as_str()),
    }
}

fn items(value: &Value) -> impl Iterator<Item = &str> {
    let list: Vec<&str> = match value {
        Value::Text(t) if t.trim().is_empty() => Vec::new(),
        Value::Text(t) => vec![t.as_str()],
        Value::Items(items) => items.iter().map(|(_, t)| t.as_str()).collect(),
    };
    list.into_iter()
}

/// A language alternative's `x-default` item, else its first.
fn alt(value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        Value::Items(items) => items
            .iter()
            .find(|(lang, _)| lang.as_deref() == Some("x-default"))
            .or(items.first())
            .map(|(_, t)| t.clone())
            .unwrap_or_default(),
    }
}

fn limited(text: String, max: usize, what: &str, warnings: &mut Vec<String>) -> String {
    if text.chars().count() <= max {
        return text;
    }
    warnings.push(format!("{what} is longer than {max} characters; cut"));
    text.chars().take(max).collect()
}

/// Stars from `xmp:Rating`: `Ok(None)` is −1, a reject.
fn rating(text: &str) -> Result<Option<u8>, String> {
    let text = text.trim();
    let number: Option<f64> = text.parse().ok();
    match number {
        Some(-1.0) => Ok(None),
        Some(n) if (0.0..=5.0).contains(&n) && n.fract() == 0.0 => Ok(Some(n as u8)),
        _ => Err(format!("xmp:Rating {text:?} is not -1 to 5; ignored")),
    }
}

fn label_by_name(name: &str, warnings: &mut Vec<String>) -> Option<Label> {
    let name = name.trim();
    if name.is_empty() {
        return Some(Label::None);
    }
    match Label::parse(name) {
        Ok(label) => Some(label),
        Err(_) => {
            warnings.push(format!(
                "xmp:Label {name:?} is not one of Shoebox's colours; ignored"
            ));
            None
        }
    }
}

/// digiKam's colour numbers: 0 none, 1 red, 2 orange, 3 yellow, 4 green, 5 blue, 6 magenta,
/// 7 gray, 8 black, 9 white.
pub(crate) const DIGIKAM_LABELS: [(Label, &str); 6] = [
    (Label::None, "0"),
    (Label::Red, "1"),
    (Label::Yellow, "3"),
    (Label::Green, "4"),
    (Label::Blue, "5"),
    (Label::Purple, "6"),
];

fn digikam_label(code: &str, warnings: &mut Vec<String>) -> Option<Label> {
    let code = code.trim();
    let found = DIGIKAM_LABELS
        .iter()
        .find(|(_, c)| *c == code)
        .map(|(l, _)| *l);
    if found.is_none() {
        warnings.push(format!(
            "digiKam:ColorLabel {code:?} has no Shoebox colour; ignored"
        ));
    }
    found
}

/// darktable's labels, a list of 0 red, 1 yellow, 2 green, 3 blue, 4 purple: the first.
fn darktable_label(value: &Value, warnings: &mut Vec<String>) -> Option<Label> {
    let Some(code) = items(value).next() else {
        return Some(Label::None);
    };
    match code.trim().parse::<usize>() {
        Ok(n) if n < 5 => Some(Label::ALL[n + 1]),
        _ => {
            warnings.push(format!(
                "darktable:colorlabels {code:?} is not 0 to 4; ignored"
            ));
            None
        }
    }
}

/// Tag paths from hierarchical keywords (each with its separator) and flat ones: a flat keyword
/// that names a level of a hierarchical one is that keyword already; any other becomes a tag of
/// its own. A path with an empty level, or a level Shoebox cannot name, is skipped with a warning.
fn tags(
    hierarchical: &[(String, char)],
    flat: &[String],
    warnings: &mut Vec<String>,
) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    let mut levels = BTreeSet::new();
    for (text, separator) in hierarchical {
        if let Some(parts) = checked_path(text, *separator, warnings) {
            levels.extend(parts.iter().map(|p| p.to_lowercase()));
            paths.insert(parts.join("/"));
        }
    }
    for keyword in flat {
        if levels.contains(&keyword.trim().to_lowercase()) {
            continue;
        }
        if keyword.contains('/') {
            // A flat keyword with a slash (`AC/DC`) is one name, which a tag path cannot hold.
            warnings.push(format!("keyword {keyword:?} contains '/'; skipped"));
            continue;
        }
        if let Some(parts) = checked_path(keyword, '/', warnings) {
            paths.insert(parts.join("/"));
        }
    }
    if paths.len() > MAX_TAGS {
        warnings.push(format!(
            "more than {MAX_TAGS} keywords; the rest are ignored"
        ));
        paths = paths.into_iter().take(MAX_TAGS).collect();
    }
    without_ancestors(paths)
}

fn checked_path(text: &str, separator: char, warnings: &mut Vec<String>) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    for part in text.split(separator) {
        if separator != '/' && part.contains('/') {
            warnings.push(format!(
                "keyword {text:?} has a level containing '/'; skipped"
            ));
            return None;
        }
        match crate::organize::names::checked(part, "tag name") {
            Ok(name) => parts.push(name),
            Err(e) => {
                warnings.push(format!("keyword {text:?} skipped: {e}"));
                return None;
            }
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packet(body: &str, attrs: &str) -> Vec<u8> {
        format!(
            r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="{XMP}" xmlns:dc="{DC}" xmlns:lr="{LR}"
 xmlns:digiKam="{DIGIKAM}" xmlns:darktable="{DARKTABLE}" xmlns:MicrosoftPhoto="{MICROSOFT}" {attrs}>{body}</rdf:Description></rdf:RDF></x:xmpmeta>"#
        )
        .into_bytes()
    }

    #[test]
    fn lightroom_shapes() {
        let text = packet(
            "<dc:subject><rdf:Bag><rdf:li>Paris</rdf:li><rdf:li>France</rdf:li><rdf:li>sunset</rdf:li></rdf:Bag></dc:subject>\
             <lr:hierarchicalSubject><rdf:Bag><rdf:li>Places|France|Paris</rdf:li></rdf:Bag></lr:hierarchicalSubject>\
             <dc:title><rdf:Alt><rdf:li xml:lang=\"fr\">Titre</rdf:li><rdf:li xml:lang=\"x-default\">Title</rdf:li></rdf:Alt></dc:title>",
            r#"xmp:Rating="4" xmp:Label="Green""#,
        );
        let said = xmp(&text).unwrap().said;
        assert_eq!(said.rating, Some(4));
        assert_eq!(said.label, Some(Label::Green));
        assert_eq!(said.flag, None, "Lightroom's XMP says nothing of picks");
        let tags: Vec<_> = said.tags.unwrap().into_iter().collect();
        assert_eq!(tags, ["Places/France/Paris", "sunset"]);
        assert_eq!(said.title.as_deref(), Some("Title"));
    }

    #[test]
    fn digikam_and_darktable_shapes() {
        let xmp_text = packet(
            "<digiKam:TagsList><rdf:Seq><rdf:li>People/Ann</rdf:li><rdf:li>People</rdf:li></rdf:Seq></digiKam:TagsList>",
            r#"digiKam:ColorLabel="5" digiKam:PickLabel="3""#,
        );
        let said = xmp(&xmp_text).unwrap().said;
        assert_eq!(said.label, Some(Label::Blue));
        assert_eq!(said.flag, Some(Flag::Pick));
        assert_eq!(
            said.tags.unwrap().into_iter().collect::<Vec<_>>(),
            ["People/Ann"]
        );

        let dt = packet(
            "<darktable:colorlabels><rdf:Seq><rdf:li>4</rdf:li><rdf:li>0</rdf:li></rdf:Seq></darktable:colorlabels>",
            r#"xmp:Rating="-1""#,
        );
        let said = xmp(&dt).unwrap().said;
        assert_eq!((said.rating, said.flag), (Some(0), Some(Flag::Reject)));
        assert_eq!(said.label, Some(Label::Purple));
    }

    #[test]
    fn bad_values_are_skipped_with_warnings() {
        for bad in ["7", "abc", "2.5"] {
            let r = xmp(&packet("", &format!(r#"xmp:Rating="{bad}""#))).unwrap();
            assert_eq!(r.said.rating, None);
            assert!(r.warnings[0].contains("xmp:Rating"), "{:?}", r.warnings);
        }
        let r = xmp(&packet(
            "<lr:hierarchicalSubject><rdf:Bag><rdf:li>A||B</rdf:li><rdf:li>ok|fine</rdf:li></rdf:Bag></lr:hierarchicalSubject>",
            r#"xmp:Label="Orange""#,
        ))
        .unwrap();
        assert_eq!(
            r.said.tags.unwrap().into_iter().collect::<Vec<_>>(),
            ["ok/fine"]
        );
        assert_eq!(r.said.label, None);
        assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
        assert!(xmp(b"\xff\xfeabc").is_err());
        assert!(xmp(b"<a>\xe9</a>").unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn iptc_keywords_and_captions() {
        let r = iptc(&[
            (25, b"beach"),
            (25, b"Caf\xe9"),
            (5, b"Name"),
            (120, b"A caption"),
        ]);
        let tags: Vec<_> = r.said.tags.unwrap().into_iter().collect();
        assert_eq!(tags, ["Café", "beach"]);
        assert_eq!(r.said.title.as_deref(), Some("Name"));
        assert_eq!(r.said.description.as_deref(), Some("A caption"));
        assert_eq!(r.warnings.len(), 1);
    }
}
