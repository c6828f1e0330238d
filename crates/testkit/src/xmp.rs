//! XMP packets and IPTC blocks as Lightroom and Photoshop write them, and a JPEG's APP segments to
//! carry them: the fixtures of the XMP benchmark and tests that need many tagged photos.

/// A Lightroom-shaped XMP packet: `xmp:Rating`, `xmp:Label`, `dc:subject` leaf keywords,
/// `lr:hierarchicalSubject`, `dc:title` and `dc:description`, varied by `seed`.
pub fn lightroom_packet(seed: usize, rating: u8) -> String {
    let label = ["Red", "Yellow", "Green", "Blue", "Purple"][seed % 5];
    let place = ["Lisbon", "Porto", "Paris", "Oslo"][seed % 4];
    let person = ["Ana", "Ben", "Chloe"][seed % 3];
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmp:Rating="{rating}" xmp:Label="{label}">
   <dc:subject><rdf:Bag><rdf:li>{place}</rdf:li><rdf:li>{person}</rdf:li></rdf:Bag></dc:subject>
   <lr:hierarchicalSubject><rdf:Bag>
    <rdf:li>Places|{place}</rdf:li><rdf:li>People|{person}</rdf:li>
   </rdf:Bag></lr:hierarchicalSubject>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Photo {seed} in {place}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">With {person}, roll {roll}</rdf:li></rdf:Alt></dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        roll = seed / 36
    )
}

/// A Photoshop IRB (`Photoshop 3.0`, resource 0x0404) holding IPTC-IIM keywords and a caption.
pub fn iptc_block(keywords: &[&str], caption: &str) -> Vec<u8> {
    let mut iim = Vec::new();
    let mut dataset = |record: u8, number: u8, value: &[u8]| {
        iim.extend([0x1C, record, number]);
        iim.extend((value.len() as u16).to_be_bytes());
        iim.extend(value);
    };
    dataset(1, 90, b"\x1B%G"); // the coded character set: UTF-8
    for keyword in keywords {
        dataset(2, 25, keyword.as_bytes());
    }
    dataset(2, 120, caption.as_bytes());
    let mut out = b"Photoshop 3.0\0".to_vec();
    out.extend(b"8BIM");
    out.extend(0x0404u16.to_be_bytes());
    out.extend([0, 0]); // empty Pascal name, padded to even
    out.extend((iim.len() as u32).to_be_bytes());
    out.extend(&iim);
    if iim.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// `jpeg` with an APP segment (`marker` 0xE1 for XMP, 0xED for IPTC) inserted after its leading
/// APP segments, where cameras and editors put theirs.
pub fn with_app_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF && (0xE0..=0xEF).contains(&jpeg[at + 1]) {
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    let at = at.min(jpeg.len());
    let mut out = Vec::with_capacity(jpeg.len() + payload.len() + 4);
    out.extend(&jpeg[..at]);
    out.extend([0xFF, marker]);
    out.extend(((payload.len() + 2) as u16).to_be_bytes());
    out.extend(payload);
    out.extend(&jpeg[at..]);
    out
}

/// `jpeg` with an XMP packet in an APP1 segment (`http://ns.adobe.com/xap/1.0/\0`).
pub fn with_xmp(jpeg: &[u8], packet: &str) -> Vec<u8> {
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend(packet.as_bytes());
    with_app_segment(jpeg, 0xE1, &payload)
}
