//! A sidecar with Shoebox's values in every field the main tools read — `xmp:Rating`,
//! `xmp:Label`, `digiKam:ColorLabel` and `PickLabel`, `dc:subject` (leaf keywords),
//! `lr:hierarchicalSubject`, `digiKam:TagsList`, `dc:title`, `dc:description` (and
//! `darktable:colorlabels`, `MicrosoftPhoto:LastKeywordXMP`, `exif:UserComment` where the sidecar
//! already has them, so they never contradict the rest) — and every other byte of an existing
//! sidecar as it was: the old managed properties are cut out by their spans and the new ones
//! spliced into the first `rdf:Description`. A sidecar that is not well-formed is never
//! overwritten.

use std::ops::Range;

use super::packet::{self, DARKTABLE, DC, DIGIKAM, EXIF, LR, MICROSOFT, RDF, XMP};
use super::read::{self, DIGIKAM_LABELS};
use super::{field, Described};
use crate::organize::{Flag, Label};

/// The properties Shoebox manages, by namespace and name.
const MANAGED: &[(&str, &str)] = &[
    (XMP, "Rating"),
    (XMP, "Label"),
    (DIGIKAM, "ColorLabel"),
    (DIGIKAM, "PickLabel"),
    (DIGIKAM, "TagsList"),
    (DC, "subject"),
    (DC, "title"),
    (DC, "description"),
    (LR, "hierarchicalSubject"),
    (MICROSOFT, "LastKeywordXMP"),
    (DARKTABLE, "colorlabels"),
    (EXIF, "UserComment"),
];

/// Preferred prefixes of the namespaces Shoebox writes.
const PREFIXES: &[(&str, &str)] = &[
    (XMP, "xmp"),
    (DC, "dc"),
    (LR, "lr"),
    (DIGIKAM, "digiKam"),
    (MICROSOFT, "MicrosoftPhoto"),
    (DARKTABLE, "darktable"),
    (EXIF, "exif"),
    (RDF, "rdf"),
];

const EMPTY: &str = "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"Shoebox\">\n \
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  \
<rdf:Description rdf:about=\"\"/>\n \
</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n";

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The sidecar's new text: `existing` (or a new packet) with `values` in it. `speaks` are the
/// fields the photo's own embedded metadata speaks for: they are written even when empty, so the
/// sidecar still speaks for them (an emptied title does not come back from the original).
pub(crate) fn rewrite(
    existing: Option<&str>,
    values: &Described,
    speaks: u8,
) -> Result<String, String> {
    let text = match existing {
        Some(t) if !t.trim().is_empty() => t,
        _ => EMPTY,
    };
    let packet = packet::walk(text)?;
    let had = read::from_packet(&packet).said.fields();
    let speaks = speaks | had;
    let managed = |ns: &str, name: &str| MANAGED.iter().any(|(n, p)| *n == ns && *p == name);
    let present = |ns: &str, name: &str| {
        packet
            .descriptions
            .iter()
            .flat_map(|d| &d.properties)
            .any(|p| p.ns == ns && p.name == name)
    };
    let extras = Extras {
        darktable: present(DARKTABLE, "colorlabels"),
        microsoft: present(MICROSOFT, "LastKeywordXMP"),
        user_comment: present(EXIF, "UserComment"),
    };

    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for description in &packet.descriptions {
        for p in description
            .properties
            .iter()
            .filter(|p| managed(&p.ns, &p.name))
        {
            let span = if p.attribute {
                p.span.clone()
            } else {
                with_leading_space(text, p.span.clone())
            };
            edits.push((span, String::new()));
        }
    }

    match packet.descriptions.first() {
        Some(target) => {
            let mut prefixes = Prefixes::new(&target.prefixes);
            let body = properties(values, speaks, &extras, &mut prefixes);
            let declarations = prefixes.declarations();
            let start_tag = &text[target.start.clone()];
            let self_closing = start_tag.trim_end().ends_with("/>");
            let close_at = target.start.start
                + start_tag
                    .rfind(if self_closing { "/>" } else { ">" })
                    .unwrap_or(start_tag.len());
            match &target.end {
                None if self_closing => {
                    let name = element_name(start_tag);
                    let indent = indentation(text, target.start.start);
                    edits.push((
                        close_at..target.start.end,
                        format!("{declarations}>{body}\n{indent}</{name}>"),
                    ));
                }
                _ => {
                    edits.push((close_at..close_at, declarations));
                    let end = target.end.clone().unwrap_or(target.start.clone()).start;
                    let at = text[..end].trim_end().len();
                    edits.push((at..at, body));
                }
            }
        }
        None => {
            let Some(at) = packet.rdf_end else {
                return Err("the sidecar has no rdf:RDF element; not overwritten".into());
            };
            let mut prefixes = Prefixes::new(&[]);
            let body = properties(values, speaks, &extras, &mut prefixes);
            edits.push((
                at..at,
                format!(
                    "  <rdf:Description rdf:about=\"\"{}>{body}\n  </rdf:Description>\n ",
                    prefixes.declarations()
                ),
            ));
        }
    }

    edits.sort_by_key(|(range, _)| std::cmp::Reverse((range.start, range.end)));
    let mut out = text.to_string();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    Ok(out)
}

/// Properties written only because the sidecar already has them.
struct Extras {
    darktable: bool,
    microsoft: bool,
    user_comment: bool,
}

/// An element's span widened to the white space before it on its line (so removing it leaves no
/// blank line).
fn with_leading_space(text: &str, span: Range<usize>) -> Range<usize> {
    let before = &text[..span.start];
    let trimmed = before.trim_end_matches([' ', '\t']);
    let start = if trimmed.ends_with('\n') {
        trimmed.len() - 1
    } else {
        trimmed.len()
    };
    let start = if text[start..span.start].trim().is_empty() {
        start
    } else {
        span.start
    };
    start..span.end
}

fn element_name(start_tag: &str) -> &str {
    start_tag[1..]
        .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .next()
        .unwrap_or("rdf:Description")
}

fn indentation(text: &str, at: usize) -> &str {
    let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let lead = &text[line..at];
    if lead.trim().is_empty() {
        lead
    } else {
        ""
    }
}

/// The prefixes used for each namespace at the target description, and the declarations to add.
struct Prefixes {
    in_scope: Vec<(String, String)>,
    added: Vec<(String, String)>,
}

impl Prefixes {
    fn new(in_scope: &[(String, String)]) -> Prefixes {
        Prefixes {
            in_scope: in_scope.to_vec(),
            added: Vec::new(),
        }
    }

    fn bound(&self, prefix: &str) -> Option<&str> {
        self.in_scope
            .iter()
            .chain(&self.added)
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, ns)| ns.as_str())
    }

    fn of(&mut self, ns: &str) -> String {
        let existing = self
            .in_scope
            .iter()
            .chain(&self.added)
            .rev()
            .find(|(p, n)| n == ns && self.bound(p) == Some(ns))
            .map(|(p, _)| p.clone());
        if let Some(prefix) = existing {
            return prefix;
        }
        let preferred = PREFIXES
            .iter()
            .find(|(n, _)| *n == ns)
            .map_or("ns", |(_, p)| p);
        let mut prefix = preferred.to_string();
        let mut n = 1;
        while self.bound(&prefix).is_some() {
            prefix = format!("{preferred}{n}");
            n += 1;
        }
        self.added.push((prefix.clone(), ns.to_string()));
        prefix
    }

    fn declarations(&self) -> String {
        self.added
            .iter()
            .map(|(p, ns)| format!("\n    xmlns:{p}=\"{ns}\""))
            .collect()
    }
}

fn properties(values: &Described, speaks: u8, extras: &Extras, prefixes: &mut Prefixes) -> String {
    let rdf = prefixes.of(RDF);
    let mut out = String::new();
    let mut simple = |prefixes: &mut Prefixes, ns: &str, name: &str, value: &str| {
        let p = prefixes.of(ns);
        out.push_str(&format!("\n   <{p}:{name}>{}</{p}:{name}>", escape(value)));
    };
    let said = |bit: u8| speaks & bit != 0;

    let rating = if values.flag == Flag::Reject {
        Some("-1".to_string())
    } else if values.rating > 0 || said(field::RATING) {
        Some(values.rating.to_string())
    } else {
        None
    };
    if let Some(rating) = rating {
        simple(prefixes, XMP, "Rating", &rating);
    }
    if values.label != Label::None || said(field::LABEL) {
        let name = match values.label {
            Label::None => String::new(),
            label => {
                let mut name = label.name().to_string();
                name[..1].make_ascii_uppercase();
                name
            }
        };
        simple(prefixes, XMP, "Label", &name);
        let code = DIGIKAM_LABELS
            .iter()
            .find(|(l, _)| *l == values.label)
            .map_or("0", |(_, c)| c);
        simple(prefixes, DIGIKAM, "ColorLabel", code);
    }
    if values.flag != Flag::None || said(field::FLAG) {
        let code = match values.flag {
            Flag::None => "0",
            Flag::Reject => "1",
            Flag::Pick => "3",
        };
        simple(prefixes, DIGIKAM, "PickLabel", code);
    }
    let mut list = |prefixes: &mut Prefixes, ns: &str, name: &str, kind: &str, items: &[String]| {
        let p = prefixes.of(ns);
        let lis: String = items
            .iter()
            .map(|i| format!("\n     <{rdf}:li>{}</{rdf}:li>", escape(i)))
            .collect();
        let close = if items.is_empty() { "" } else { "\n    " };
        out.push_str(&format!(
            "\n   <{p}:{name}>\n    <{rdf}:{kind}>{lis}{close}</{rdf}:{kind}>\n   </{p}:{name}>"
        ));
    };
    if extras.darktable {
        let codes: Vec<String> = match values.label {
            Label::None => Vec::new(),
            label => {
                vec![(Label::ALL.iter().position(|l| *l == label).unwrap_or(1) - 1).to_string()]
            }
        };
        list(prefixes, DARKTABLE, "colorlabels", "Seq", &codes);
    }
    if !values.tags.is_empty() || said(field::TAGS) {
        let mut leaves: Vec<String> = Vec::new();
        for path in &values.tags {
            let leaf = path.rsplit('/').next().unwrap_or(path).to_string();
            if !leaves.contains(&leaf) {
                leaves.push(leaf);
            }
        }
        let paths: Vec<String> = values.tags.iter().cloned().collect();
        let piped: Vec<String> = paths.iter().map(|p| p.replace('/', "|")).collect();
        list(prefixes, DC, "subject", "Bag", &leaves);
        list(prefixes, LR, "hierarchicalSubject", "Bag", &piped);
        list(prefixes, DIGIKAM, "TagsList", "Seq", &paths);
        if extras.microsoft {
            list(prefixes, MICROSOFT, "LastKeywordXMP", "Bag", &paths);
        }
    }
    let mut alt = |prefixes: &mut Prefixes, ns: &str, name: &str, value: &str| {
        let p = prefixes.of(ns);
        out.push_str(&format!(
            "\n   <{p}:{name}>\n    <{rdf}:Alt>\n     <{rdf}:li xml:lang=\"x-default\">{}</{rdf}:li>\n    </{rdf}:Alt>\n   </{p}:{name}>",
            escape(value)
        ));
    };
    if values.title.is_some() || said(field::TITLE) {
        alt(prefixes, DC, "title", values.title.as_deref().unwrap_or(""));
    }
    if values.description.is_some() || said(field::DESCRIPTION) {
        let text = values.description.as_deref().unwrap_or("");
        alt(prefixes, DC, "description", text);
        if extras.user_comment {
            alt(prefixes, EXIF, "UserComment", text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Described {
        Described {
            rating: 4,
            flag: Flag::Pick,
            label: Label::Purple,
            tags: ["Places/France/Paris".to_string(), "sun & sea".into()].into(),
            title: Some("A <title>".into()),
            description: Some("Words".into()),
        }
    }

    #[test]
    fn a_new_sidecar_reads_back_as_written() {
        let text = rewrite(None, &values(), 0).unwrap();
        let back = read::xmp(text.as_bytes()).unwrap();
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_eq!(back.said.described(), values());
    }

    #[test]
    fn unknown_content_is_kept_byte_for_byte_and_old_values_go() {
        let darktable = r#"<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:darktable="http://darktable.sf.net/"
   xmp:Rating="1"
   darktable:history_end="2">
   <darktable:colorlabels>
    <rdf:Seq>
     <rdf:li>0</rdf:li>
    </rdf:Seq>
   </darktable:colorlabels>
   <darktable:history>
    <rdf:Seq>
     <rdf:li darktable:operation="exposure" darktable:params="0000c03f"/>
     <rdf:li darktable:operation="colorin" darktable:params="gz11eJ&amp;"/>
    </rdf:Seq>
   </darktable:history>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
"#;
        let out = rewrite(Some(darktable), &values(), 0).unwrap();
        let history = &darktable[darktable.find("   <darktable:history>").unwrap()
            ..darktable.find("</darktable:history>").unwrap()];
        assert!(out.contains(history), "{out}");
        assert!(out.contains("darktable:history_end=\"2\""));
        assert!(!out.contains("xmp:Rating=\"1\""));
        let back = read::xmp(out.as_bytes()).unwrap().said.described();
        assert_eq!(back, values(), "{out}");
        // darktable's own label list follows the label: purple is its 4.
        assert!(out.contains("<darktable:colorlabels>\n    <rdf:Seq>\n     <rdf:li>4</rdf:li>"));
        // Writing again changes nothing.
        assert_eq!(rewrite(Some(&out), &values(), 0).unwrap(), out);
    }

    #[test]
    fn cleared_fields_are_written_empty_where_something_spoke_for_them() {
        let old = rewrite(None, &values(), 0).unwrap();
        let out = rewrite(Some(&old), &Described::default(), 0).unwrap();
        let said = read::xmp(out.as_bytes()).unwrap().said;
        assert_eq!(said.described(), Described::default());
        assert_eq!(
            said.tags.map(|t| t.len()),
            Some(0),
            "an empty bag, not silence"
        );
        let fresh = rewrite(None, &Described::default(), field::TITLE).unwrap();
        assert_eq!(
            read::xmp(fresh.as_bytes()).unwrap().said.title.as_deref(),
            Some("")
        );
    }

    #[test]
    fn other_prefixes_and_self_closing_descriptions() {
        let odd = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xap="http://ns.adobe.com/xap/1.0/" xmlns:dc="urn:not-dc" xap:Rating="2"/></rdf:RDF></x:xmpmeta>"#;
        let out = rewrite(Some(odd), &values(), 0).unwrap();
        assert!(out.contains("<xap:Rating>4</xap:Rating>"), "{out}");
        assert!(
            out.contains("xmlns:dc1=\"http://purl.org/dc/elements/1.1/\""),
            "{out}"
        );
        assert_eq!(
            read::xmp(out.as_bytes()).unwrap().said.described(),
            values()
        );
    }

    #[test]
    fn a_broken_sidecar_is_not_overwritten() {
        assert!(rewrite(Some("<x:xmpmeta><rdf:RDF>"), &values(), 0).is_err());
        assert!(rewrite(Some("<a>plain</a>"), &values(), 0)
            .unwrap_err()
            .contains("rdf:RDF"));
    }
}
