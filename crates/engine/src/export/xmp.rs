//! The XMP packet an export writes: Shoebox's marks (`xmp:Rating`, -1 for a reject as Lightroom
//! writes it; `xmp:Label`), tags (`dc:subject` with every level, `lr:hierarchicalSubject` as
//! `A|B|C`), and the original's own `dc:title` and `dc:description` carried over.

use crate::organize::{Flag, Label, Marks};

/// What Shoebox knows about a photo that its XMP carries.
#[derive(Debug, Default, Clone)]
pub(crate) struct Organized {
    pub marks: Marks,
    /// Tag paths, `Places/France/Paris`.
    pub tags: Vec<String>,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn label_name(label: Label) -> Option<&'static str> {
    Some(match label {
        Label::None => return None,
        Label::Red => "Red",
        Label::Yellow => "Yellow",
        Label::Green => "Green",
        Label::Blue => "Blue",
        Label::Purple => "Purple",
    })
}

/// The `<dc:NAME>…</dc:NAME>` element of a source packet, as it is.
fn element<'a>(xmp: &'a str, name: &str) -> Option<&'a str> {
    let start = xmp.find(&format!("<dc:{name}>"))?;
    let close = format!("</dc:{name}>");
    let end = xmp[start..].find(&close)? + start + close.len();
    Some(&xmp[start..end])
}

fn bag(name: &str, items: &[String]) -> String {
    let lis: String = items
        .iter()
        .map(|i| format!("<rdf:li>{}</rdf:li>", escape(i)))
        .collect();
    format!("   <{name}><rdf:Bag>{lis}</rdf:Bag></{name}>\n")
}

/// The packet for `organized` and the source packet `source`; `None` when there is nothing to say.
pub(crate) fn packet(organized: &Organized, source: Option<&[u8]>) -> Option<String> {
    let source = source.map(String::from_utf8_lossy);
    let carried: Vec<&str> = source
        .as_deref()
        .map(|s| {
            ["title", "description"]
                .iter()
                .filter_map(|n| element(s, n))
                .collect()
        })
        .unwrap_or_default();
    let marks = &organized.marks;
    let rating = if marks.flag == Flag::Reject {
        Some(-1)
    } else {
        (marks.rating > 0).then_some(i32::from(marks.rating))
    };
    let label = label_name(marks.label);
    if rating.is_none() && label.is_none() && organized.tags.is_empty() && carried.is_empty() {
        return None;
    }
    let mut attributes = String::new();
    if let Some(rating) = rating {
        attributes.push_str(&format!("\n    xmp:Rating=\"{rating}\""));
    }
    if let Some(label) = label {
        attributes.push_str(&format!("\n    xmp:Label=\"{label}\""));
    }
    let mut body = String::new();
    if !organized.tags.is_empty() {
        let mut subjects: Vec<String> = Vec::new();
        for path in &organized.tags {
            for level in path.split('/') {
                if !subjects.iter().any(|s| s == level) {
                    subjects.push(level.to_string());
                }
            }
        }
        let hierarchical: Vec<String> =
            organized.tags.iter().map(|p| p.replace('/', "|")).collect();
        body.push_str(&bag("dc:subject", &subjects));
        body.push_str(&bag("lr:hierarchicalSubject", &hierarchical));
    }
    for element in carried {
        body.push_str("   ");
        body.push_str(element);
        body.push('\n');
    }
    Some(format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"Shoebox\">\n \
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  \
         <rdf:Description rdf:about=\"\"\n    \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n    \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n    \
         xmlns:lr=\"http://ns.adobe.com/lightroom/1.0/\"{attributes}>\n\
         {body}  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_tags_and_the_title_are_written() {
        let organized = Organized {
            marks: Marks {
                rating: 4,
                label: Label::Red,
                ..Marks::default()
            },
            tags: vec!["Places/France/Paris".into(), "Fish & chips".into()],
        };
        let source = "<x><dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Eiffel</rdf:li></rdf:Alt></dc:title></x>";
        let xmp = packet(&organized, Some(source.as_bytes())).unwrap();
        assert!(xmp.contains("xmp:Rating=\"4\""));
        assert!(xmp.contains("xmp:Label=\"Red\""));
        assert!(xmp.contains("<rdf:li>France</rdf:li>"));
        assert!(xmp.contains("<rdf:li>Places|France|Paris</rdf:li>"));
        assert!(xmp.contains("Fish &amp; chips"));
        assert!(xmp.contains("Eiffel"));
        assert_eq!(packet(&Organized::default(), None), None);
        let reject = Organized {
            marks: Marks {
                rating: 3,
                flag: Flag::Reject,
                ..Marks::default()
            },
            tags: vec![],
        };
        assert!(packet(&reject, None).unwrap().contains("xmp:Rating=\"-1\""));
    }
}
