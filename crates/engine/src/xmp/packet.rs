//! One walk over an XMP packet that both the reader and the sidecar rewrite use: each top-level
//! property of every `rdf:Description` (attribute or element form, namespace resolved, its value and
//! its byte span), the descriptions' own tags, and the namespace prefixes in scope. A packet with a
//! DTD is refused (no entity is ever expanded), unknown entities are errors, depth is bounded.

use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

pub(crate) const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub(crate) const XMP: &str = "http://ns.adobe.com/xap/1.0/";
pub(crate) const DC: &str = "http://purl.org/dc/elements/1.1/";
pub(crate) const LR: &str = "http://ns.adobe.com/lightroom/1.0/";
pub(crate) const DIGIKAM: &str = "http://www.digikam.org/ns/1.0/";
pub(crate) const MICROSOFT: &str = "http://ns.microsoft.com/photo/1.0/";
pub(crate) const DARKTABLE: &str = "http://darktable.sf.net/";
pub(crate) const EXIF: &str = "http://ns.adobe.com/exif/1.0/";

/// Deeper nesting than this is not XMP any tool writes.
const MAX_DEPTH: usize = 100;
/// More items in one property than this are cut off (with a warning).
pub(crate) const MAX_ITEMS: usize = 10_000;

/// A property's value: a simple text, or the items of an `rdf:Bag`/`Seq`/`Alt` with their
/// `xml:lang`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Items(Vec<(Option<String>, String)>),
}

/// A top-level property of a description.
#[derive(Debug, Clone)]
pub(crate) struct Property {
    pub ns: String,
    pub name: String,
    pub value: Value,
    /// Its bytes in the packet: the element, or the attribute (with its leading space).
    pub span: Range<usize>,
    /// Written as an attribute of its `rdf:Description`.
    pub attribute: bool,
}

/// An `rdf:Description` element: where its start tag is, its attributes other than properties
/// (kept as written), where its end tag is (`None` for `<rdf:Description …/>`), and the prefixes in
/// scope there.
#[derive(Debug, Clone)]
pub(crate) struct Description {
    pub start: Range<usize>,
    pub end: Option<Range<usize>>,
    pub properties: Vec<Property>,
    /// `(prefix, namespace)` bindings in scope at the description, outermost first.
    pub prefixes: Vec<(String, String)>,
}

/// What a walk found.
#[derive(Debug, Default)]
pub(crate) struct Packet {
    pub descriptions: Vec<Description>,
    /// The start of `</rdf:RDF>`, where a description is added when there is none.
    pub rdf_end: Option<usize>,
    /// Values skipped (cut-off lists); the rest of the packet is fine.
    pub warnings: Vec<String>,
}

/// The property being read: its element's depth, where it started, what is collected.
struct Open {
    ns: String,
    name: String,
    depth: usize,
    start: usize,
    text: String,
    items: Vec<(Option<String>, String)>,
    /// Depth of the `rdf:li` being read, its language and its text.
    item: Option<(usize, Option<String>, String)>,
    listed: bool,
}

fn resolved(result: &ResolveResult<'_>) -> Option<String> {
    match result {
        ResolveResult::Bound(Namespace(ns)) => Some((*ns).to_string()),
        _ => None,
    }
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// Walks `text`; an `Err` names why the packet is unusable (malformed XML, a DTD, too deep).
pub(crate) fn walk(text: &str) -> Result<Packet, String> {
    let mut reader = NsReader::from_str(text);
    let mut packet = Packet::default();
    let mut depth = 0usize;
    // The open description's depth and index; the property being read.
    let mut description: Option<(usize, usize)> = None;
    let mut open: Option<Open> = None;
    let mut scopes: Vec<Vec<(String, String)>> = Vec::new();
    let malformed = |e: &dyn std::fmt::Display, at: u64| format!("malformed XML at byte {at}: {e}");
    loop {
        let from = reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (resolved(&ns), event),
            Err(e) => return Err(malformed(&e, reader.error_position())),
        };
        let to = reader.buffer_position() as usize;
        match event {
            Event::DocType(_) => return Err("the XMP declares a DTD; refused (no entities)".into()),
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if !empty {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(format!("XML nested deeper than {MAX_DEPTH} levels"));
                    }
                }
                let mut declared = Vec::new();
                for attr in e.attributes().with_checks(false) {
                    let attr = attr.map_err(|e| malformed(&e, from as u64))?;
                    let key = attr.key.as_ref();
                    if let Some(prefix) = key.strip_prefix("xmlns:") {
                        let uri = attr
                            .normalized_value(XmlVersion::Implicit1_0)
                            .map_err(|e| malformed(&e, from as u64))?;
                        declared.push((prefix.to_string(), uri.into()));
                    }
                }
                let name = local(e);
                let is_description = ns.as_deref() == Some(RDF) && name == "Description";
                if let Some(prop) = open.as_mut() {
                    if ns.as_deref() == Some(RDF) && name == "li" && prop.item.is_none() {
                        let lang = lang_of(e);
                        if empty {
                            push_item(prop, lang, String::new(), &mut packet.warnings);
                        } else {
                            prop.item = Some((depth, lang, String::new()));
                        }
                    } else if ns.as_deref() == Some(RDF) && matches!(&*name, "Bag" | "Seq" | "Alt")
                    {
                        prop.listed = true;
                    }
                } else if is_description {
                    let mut in_scope: Vec<(String, String)> =
                        scopes.iter().flatten().cloned().collect();
                    in_scope.extend(declared.iter().cloned());
                    let properties = attribute_properties(&reader, e, from, text)?;
                    packet.descriptions.push(Description {
                        start: from..to,
                        end: None,
                        properties,
                        prefixes: in_scope,
                    });
                    if !empty {
                        description = Some((depth, packet.descriptions.len() - 1));
                    }
                } else if let Some((at, _)) = description {
                    if (!empty && depth == at + 1) || (empty && depth == at) {
                        let (ns, name) = (ns.clone().unwrap_or_default(), name);
                        if empty {
                            // `<ns:prop/>` or `<ns:prop rdf:resource=…/>`: an empty value.
                            let index = description.map(|(_, i)| i).unwrap_or_default();
                            packet.descriptions[index].properties.push(Property {
                                ns,
                                name,
                                value: Value::Text(String::new()),
                                span: from..to,
                                attribute: false,
                            });
                        } else {
                            open = Some(Open {
                                ns,
                                name,
                                depth,
                                start: from,
                                text: String::new(),
                                items: Vec::new(),
                                item: None,
                                listed: false,
                            });
                        }
                    }
                }
                if !empty {
                    scopes.push(declared);
                }
            }
            Event::End(ref e) => {
                let name = e.local_name().as_ref().to_string();
                if let Some(prop) = open.as_mut() {
                    if prop.item.as_ref().is_some_and(|(d, _, _)| *d == depth) {
                        let (_, lang, value) = prop.item.take().unwrap_or_default();
                        push_item(prop, lang, value, &mut packet.warnings);
                    } else if prop.depth == depth {
                        let prop = open.take().unwrap_or_else(|| unreachable!());
                        let value = if prop.listed {
                            Value::Items(prop.items)
                        } else {
                            Value::Text(prop.text)
                        };
                        if let Some((_, index)) = description {
                            packet.descriptions[index].properties.push(Property {
                                ns: prop.ns,
                                name: prop.name,
                                value,
                                span: prop.start..to,
                                attribute: false,
                            });
                        }
                    }
                } else if let Some((at, index)) = description {
                    if at == depth {
                        packet.descriptions[index].end = Some(from..to);
                        description = None;
                    }
                }
                if ns.as_deref() == Some(RDF) && name == "RDF" && packet.rdf_end.is_none() {
                    packet.rdf_end = Some(from);
                }
                scopes.pop();
                depth = depth.saturating_sub(1);
            }
            Event::Text(ref t) => {
                let content = t.xml10_content();
                collect(&mut open, &content);
            }
            Event::CData(ref t) => {
                let content = t.xml10_content().into_owned();
                collect(&mut open, &content);
            }
            Event::GeneralRef(ref r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(ch)) => ch.to_string(),
                    Ok(None) => match &**r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(format!("unknown XML entity &{other}; refused")),
                    },
                    Err(e) => return Err(malformed(&e, from as u64)),
                };
                collect(&mut open, &ch);
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err("malformed XML: the packet ends inside an element".into());
    }
    Ok(packet)
}

fn collect(open: &mut Option<Open>, content: &str) {
    if let Some(prop) = open.as_mut() {
        match prop.item.as_mut() {
            Some((_, _, text)) => text.push_str(content),
            None => prop.text.push_str(content),
        }
    }
}

fn push_item(prop: &mut Open, lang: Option<String>, value: String, warnings: &mut Vec<String>) {
    if prop.items.len() == MAX_ITEMS {
        warnings.push(format!(
            "{} has more than {MAX_ITEMS} items; the rest are ignored",
            prop.name
        ));
    }
    if prop.items.len() < MAX_ITEMS {
        prop.items.push((lang, value));
    }
}

fn lang_of(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == "xml:lang")
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The properties written as attributes of a description's start tag (`xmp:Rating="3"`), with the
/// byte span of each attribute (its leading white space included) inside `text`.
fn attribute_properties(
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    from: usize,
    text: &str,
) -> Result<Vec<Property>, String> {
    let tag_end = text[from..].find('>').map_or(text.len(), |i| from + i);
    let mut out = Vec::new();
    let mut cursor = from + 1 + e.name().as_ref().len();
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|e| format!("malformed XML attribute at byte {from}: {e}"))?;
        let key = attr.key.as_ref();
        // The attribute's bytes: from the end of the previous one to the end of its value.
        let key_text = key;
        let at = text[cursor..tag_end]
            .find(key_text)
            .map_or(cursor, |i| cursor + i);
        let value_at = at + key.len();
        let close = text[value_at..tag_end]
            .find(['"', '\''])
            .and_then(|q| {
                let quote = &text[value_at + q..value_at + q + 1];
                text[value_at + q + 1..tag_end]
                    .find(quote)
                    .map(|end| value_at + q + 1 + end + 1)
            })
            .unwrap_or(tag_end);
        let span = cursor..close;
        cursor = close;
        if key.starts_with("xmlns") || key.starts_with("xml:") {
            continue;
        }
        let (ns, name) = reader.resolver().resolve_attribute(attr.key);
        let Some(ns) = resolved(&ns) else { continue };
        if ns == RDF {
            continue;
        }
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| format!("malformed XML attribute value at byte {at}: {e}"))?;
        out.push(Property {
            ns,
            name: name.as_ref().to_string(),
            value: Value::Text(value.into_owned()),
            span,
            attribute: true,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:xap="http://ns.adobe.com/xap/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/" xap:Rating="4" xap:Label='Red &amp; co'>
   <dc:subject><rdf:Bag><rdf:li>one</rdf:li><rdf:li>t&#233;&lt;</rdf:li></rdf:Bag></dc:subject>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Title</rdf:li></rdf:Alt></dc:title>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>"#;

    #[test]
    fn properties_in_both_forms_with_spans() {
        let packet = walk(SAMPLE).unwrap();
        let d = &packet.descriptions[0];
        let names: Vec<_> = d.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Rating", "Label", "subject", "title"]);
        assert_eq!(
            d.properties[0].ns, XMP,
            "the xap prefix resolves to the XMP namespace"
        );
        assert_eq!(
            SAMPLE[d.properties[0].span.clone()].trim(),
            "xap:Rating=\"4\""
        );
        assert_eq!(d.properties[1].value, Value::Text("Red & co".into()));
        assert_eq!(
            d.properties[2].value,
            Value::Items(vec![(None, "one".into()), (None, "té<".into())])
        );
        assert!(SAMPLE[d.properties[2].span.clone()].starts_with("<dc:subject>"));
        assert!(SAMPLE[d.properties[2].span.clone()].ends_with("</dc:subject>"));
        assert_eq!(&SAMPLE[d.end.clone().unwrap()], "</rdf:Description>");
        assert!(d.prefixes.iter().any(|(p, n)| p == "rdf" && n == RDF));
        assert_eq!(&SAMPLE[packet.rdf_end.unwrap()..][..10], "</rdf:RDF>");
    }

    #[test]
    fn hostile_packets_are_refused_with_the_reason() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><x>&lol2;</x>"#;
        assert!(walk(laughs).unwrap_err().contains("DTD"));
        assert!(walk("<a><b></a>").unwrap_err().contains("malformed"));
        assert!(walk("<a>").unwrap_err().contains("ends inside"));
        let deep = "<a>".repeat(500) + &"</a>".repeat(500);
        assert!(walk(&deep).unwrap_err().contains("deeper"));
        assert!(walk("<a>&nope;</a>").is_err());
    }
}
