//! `thumb://localhost/<photo-id>/<size>`: serves a photo's WebP variant through the engine's serving
//! path (memory cache, disk store, or generated now); `thumb://localhost/<photo-id>/full` renders the
//! original at its own size (long edge capped at [`FULL_MAX_EDGE`]), not stored, for the viewer's deep
//! zoom. URLs name photo ids, never file paths. Error bodies are the reason as plain text.

use shoebox_engine::{Library, ThumbError};
use tauri::http::{header, Response, StatusCode, Uri};

/// The scheme the webview loads tiles from.
pub const SCHEME: &str = "thumb";

/// The long edge of a `full` render at most (about 100 megapixels for a 3:2 photo).
pub const FULL_MAX_EDGE: u32 = 12_000;

/// What a URL asks for: a configured variant, or the original at full size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Size {
    Variant(u32),
    Full,
}

/// Answers one request. `if_none_match` is the request's `If-None-Match` header, if any.
/// 400 for a malformed URL, 404 for an unknown photo or size, 500 when the photo cannot be rendered.
pub fn respond(library: &Library, uri: &Uri, if_none_match: Option<&str>) -> Response<Vec<u8>> {
    let Some((id, size)) = parse(uri) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "expected thumb://localhost/<photo-id>/<size or full>",
        );
    };
    let served = match size {
        Size::Variant(size) => library
            .thumbs()
            .variant(id, size)
            .map(|v| (v.etag, v.bytes)),
        Size::Full => full(library, id),
    };
    match served {
        Ok((etag, bytes)) => {
            let etag = format!("\"{etag}\"");
            let builder = Response::builder()
                .header(header::ETAG, &etag)
                .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
                .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            let response = if if_none_match.is_some_and(|tag| tag == etag) {
                builder.status(StatusCode::NOT_MODIFIED).body(Vec::new())
            } else {
                builder
                    .status(StatusCode::OK)
                    .header(header::CONTENT_TYPE, "image/webp")
                    .header(header::CONTENT_LENGTH, bytes.len())
                    .body(bytes.to_vec())
            };
            response.unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "response"))
        }
        Err(e) if e.is_not_found() => plain(StatusCode::NOT_FOUND, &e.to_string()),
        Err(e) => plain(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// The original of photo `id` decoded at its own size (long edge capped), rendered now and not
/// stored; tagged by id and rev, which changes whenever the file does.
fn full(library: &Library, id: i64) -> Result<(String, std::sync::Arc<[u8]>), ThumbError> {
    let photo = library.photo(id).map_err(|e| match e {
        shoebox_engine::Error::PhotoNotFound(_) => ThumbError::UnknownPhoto(id),
        other => ThumbError::Engine(other),
    })?;
    let edge = photo.width.max(photo.height).clamp(1, FULL_MAX_EDGE);
    let bytes = library.thumbs().thumbnail(id, edge)?;
    Ok((format!("full-{id}-{}-{edge}", photo.rev), bytes))
}

/// `/<id>/<size>` with the id a plain decimal number and the size one too, or `full`; anything else
/// (dots, slashes, encodings) is refused.
fn parse(uri: &Uri) -> Option<(i64, Size)> {
    let host_ok = matches!(uri.host(), Some("localhost") | Some("thumb.localhost"));
    let mut parts = uri.path().strip_prefix('/')?.split('/');
    let (id, size) = (parts.next()?, parts.next()?);
    if !host_ok || parts.next().is_some() || !is_number(id) {
        return None;
    }
    let size = match size {
        "full" => Size::Full,
        n if is_number(n) => Size::Variant(n.parse().ok()?),
        _ => return None,
    };
    Some((id.parse().ok()?, size))
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit())
}

fn plain(status: StatusCode, message: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .body(message.as_bytes().to_vec())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    #[test]
    fn parses_only_numeric_id_and_size() {
        let v = Size::Variant;
        assert_eq!(parse(&uri("thumb://localhost/42/256")), Some((42, v(256))));
        assert_eq!(
            parse(&uri("thumb://localhost/42/256?v=3")),
            Some((42, v(256)))
        );
        assert_eq!(
            parse(&uri("http://thumb.localhost/7/512")),
            Some((7, v(512)))
        );
        assert_eq!(
            parse(&uri("thumb://localhost/7/full?v=2")),
            Some((7, Size::Full))
        );
        for bad in [
            "thumb://localhost/",
            "thumb://localhost/42",
            "thumb://localhost/42/256/x",
            "thumb://localhost/../../etc/passwd",
            "thumb://localhost/%2e%2e/etc/passwd",
            "thumb://localhost/-1/256",
            "thumb://localhost/1e3/256",
            "thumb://evil.example/1/256",
            "thumb://localhost/99999999999999999999999/256",
            "thumb://localhost/7/Full",
            "thumb://localhost/7/full/x",
            "thumb://localhost/full/256",
        ] {
            assert_eq!(parse(&uri(bad)), None, "{bad}");
        }
    }
}
