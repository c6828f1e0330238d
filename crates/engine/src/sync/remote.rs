//! The connection to one S3-compatible bucket (object_store's S3 client): timeouts, retries with
//! backoff, and the translation of its errors into "this object failed" or "stop the whole sync".

use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path as ObjectPath;
use object_store::{BackoffConfig, ClientOptions, ObjectStore, PutPayload, RetryConfig};

use super::credentials::{CredentialSource, Credentials};
use super::target::RemoteTarget;
use super::{SyncError, SyncOptions};

/// A listed object: its key, size and ETag (normalized).
#[derive(Debug, Clone)]
pub struct Listed {
    pub key: String,
    pub size: u64,
    pub etag: Option<String>,
}

/// An S3 bucket opened for one sync.
#[derive(Clone)]
pub struct Remote {
    store: Arc<AmazonS3>,
    target: RemoteTarget,
}

/// Why a request failed, sorted by what the sync should do about it.
#[derive(Debug)]
pub enum Failure {
    /// Wrong keys, no permission, no bucket, server unreachable: retrying other objects is pointless.
    Fatal(SyncError),
    /// Only this object failed (after retries); the sync goes on with the rest.
    Object(String),
    /// The object or upload is not there.
    NotFound,
}

/// How long a request may take and how often it is retried.
pub struct Budget {
    connect: Duration,
    request: Duration,
    max_retries: usize,
    retry_timeout: Duration,
}

impl Budget {
    /// A sync: patient with a slow uplink, retrying what fails for a while.
    pub const SYNC: Budget = Budget {
        connect: Duration::from_secs(5),
        // A whole request (body included) may take long on a slow uplink; a stalled one is cut
        // after this, and only failures to connect count as unreachable.
        request: Duration::from_secs(900),
        max_retries: 4,
        // An unreachable server ends the sync well within a minute.
        retry_timeout: Duration::from_secs(25),
    };

    /// A check of the settings: one try, answered within a few seconds. The request limit is a
    /// backstop just above `check::CHECK_TIMEOUT`, which bounds the whole check and reports a
    /// silent server as unreachable (a request timeout would read as a generic remote error).
    pub const CHECK: Budget = Budget {
        connect: Duration::from_secs(4),
        request: Duration::from_secs(6),
        max_retries: 0,
        retry_timeout: Duration::from_secs(5),
    };
}

impl Remote {
    /// Connects to `options.target` with its credentials (or those of the environment and the AWS
    /// profile files) and region (or the environment's, the profile's, us-east-1).
    pub fn for_options(options: &SyncOptions, budget: &Budget) -> Result<Remote, SyncError> {
        let source = CredentialSource::from_process();
        let credentials = match &options.credentials {
            Some(c) => c.clone(),
            None => source.credentials()?,
        };
        let region = options
            .target
            .region
            .clone()
            .unwrap_or_else(|| source.region());
        Remote::connect(&options.target, &credentials, &region, budget)
    }

    pub fn connect(
        target: &RemoteTarget,
        credentials: &Credentials,
        region: &str,
        budget: &Budget,
    ) -> Result<Remote, SyncError> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&target.bucket)
            .with_region(region)
            .with_access_key_id(&credentials.access_key_id)
            .with_secret_access_key(&credentials.secret_access_key)
            .with_retry(RetryConfig {
                backoff: BackoffConfig {
                    init_backoff: Duration::from_millis(200),
                    max_backoff: Duration::from_secs(5),
                    base: 2.0,
                },
                max_retries: budget.max_retries,
                retry_timeout: budget.retry_timeout,
            })
            .with_client_options(
                ClientOptions::new()
                    .with_connect_timeout(budget.connect)
                    .with_timeout(budget.request)
                    .with_allow_http(true),
            );
        if let Some(token) = &credentials.session_token {
            builder = builder.with_token(token);
        }
        if let Some(endpoint) = &target.endpoint {
            // Path-style (`endpoint/bucket/key`), which every S3-compatible server understands.
            builder = builder
                .with_endpoint(endpoint)
                .with_virtual_hosted_style_request(false);
        }
        let store = builder
            .build()
            .map_err(|e| SyncError::BadTarget(e.to_string()))?;
        Ok(Remote {
            store: Arc::new(store),
            target: target.clone(),
        })
    }

    /// One cheap authenticated request, so bad keys, a missing bucket or a dead server stop the sync
    /// before any work starts.
    pub async fn preflight(&self) -> Result<(), SyncError> {
        // A plain listing (its first page), not one with a delimiter: s3s-fs answers 501 to those.
        let prefix = ObjectPath::from(self.target.folder("originals"));
        let mut listing = self.store.list(Some(&prefix));
        let first = listing.next();
        let Ok(answer) = tokio::time::timeout(Duration::from_secs(30), first).await else {
            return Err(SyncError::Unreachable(
                "the server accepted the connection but did not answer within 30 s".into(),
            ));
        };
        match answer {
            Some(Err(e)) => Err(self.refusal(e)),
            _ => Ok(()),
        }
    }

    /// The first key under the target's prefix, if any: one ordinary listing request (the server
    /// may return up to a page of keys), of which only the first entry is read (the settings check).
    pub async fn first_key(&self) -> Result<Option<String>, SyncError> {
        let prefix = ObjectPath::from(self.target.prefix.as_str());
        let prefix = (!self.target.prefix.is_empty()).then_some(&prefix);
        match self.store.list(prefix).next().await {
            None => Ok(None),
            Some(Ok(meta)) => Ok(Some(meta.location.to_string())),
            Some(Err(e)) => Err(self.refusal(e)),
        }
    }

    /// Why the server refused a request that is not about one object (a listing).
    fn refusal(&self, error: object_store::Error) -> SyncError {
        match classify(error) {
            Failure::Fatal(e) => e,
            Failure::Object(why) => SyncError::Remote(why),
            Failure::NotFound => {
                SyncError::Remote(format!("bucket {} not found", self.target.bucket))
            }
        }
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<Option<String>, Failure> {
        let result = self
            .store
            .put(&ObjectPath::from(key), PutPayload::from(bytes))
            .await
            .map_err(classify)?;
        Ok(result.e_tag.as_deref().map(super::verify::normalize))
    }

    pub async fn create_multipart(&self, key: &str) -> Result<String, Failure> {
        self.store
            .create_multipart(&ObjectPath::from(key))
            .await
            .map_err(classify)
    }

    /// Uploads part `number` (1-based) and returns its ETag.
    pub async fn put_part(
        &self,
        key: &str,
        upload_id: &str,
        number: u32,
        bytes: Vec<u8>,
    ) -> Result<String, Failure> {
        let part = self
            .store
            .put_part(
                &ObjectPath::from(key),
                &upload_id.to_string(),
                number as usize - 1,
                PutPayload::from(bytes),
            )
            .await
            .map_err(classify)?;
        Ok(super::verify::normalize(&part.content_id))
    }

    pub async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        part_etags: Vec<String>,
    ) -> Result<Option<String>, Failure> {
        let parts = part_etags
            .into_iter()
            .map(|etag| PartId {
                content_id: format!("\"{etag}\""),
            })
            .collect();
        let result = self
            .store
            .complete_multipart(&ObjectPath::from(key), &upload_id.to_string(), parts)
            .await
            .map_err(classify)?;
        Ok(result.e_tag.as_deref().map(super::verify::normalize))
    }

    pub async fn abort_multipart(&self, key: &str, upload_id: &str) -> Result<(), Failure> {
        self.store
            .abort_multipart(&ObjectPath::from(key), &upload_id.to_string())
            .await
            .map_err(classify)
    }

    /// The whole object (small objects only: the library's pointer, snapshot lists and chunks).
    pub async fn get(&self, key: &str) -> Result<Vec<u8>, Failure> {
        let got = self
            .store
            .get(&ObjectPath::from(key))
            .await
            .map_err(classify)?;
        Ok(got.bytes().await.map_err(classify)?.to_vec())
    }

    /// Streams the object through `each`, piece by piece as it arrives (a large original goes to disk
    /// without being held in memory); returns how many bytes came. A piece `each` refuses ends it.
    pub async fn get_each(
        &self,
        key: &str,
        mut each: impl FnMut(&[u8]) -> Result<(), String>,
    ) -> Result<u64, Failure> {
        let got = self
            .store
            .get(&ObjectPath::from(key))
            .await
            .map_err(classify)?;
        let mut stream = got.into_stream();
        let mut total = 0u64;
        while let Some(piece) = stream.next().await {
            let piece = piece.map_err(classify)?;
            each(&piece).map_err(Failure::Object)?;
            total += piece.len() as u64;
        }
        Ok(total)
    }

    /// Size and ETag of one object.
    pub async fn head(&self, key: &str) -> Result<Listed, Failure> {
        let meta = self
            .store
            .head(&ObjectPath::from(key))
            .await
            .map_err(classify)?;
        Ok(listed(meta))
    }

    /// Every object under `PREFIX/<folder>/`.
    pub async fn list(&self, folder: &str) -> Result<Vec<Listed>, Failure> {
        let prefix = ObjectPath::from(self.target.folder(folder));
        self.store
            .list(Some(&prefix))
            .map_ok(listed)
            .try_collect()
            .await
            .map_err(classify)
    }

    /// Deletes `keys` with S3's batch delete (up to 1,000 per request); returns how many went.
    pub async fn delete(&self, keys: Vec<String>) -> Result<u64, Failure> {
        let paths =
            futures::stream::iter(keys.into_iter().map(|k| Ok(ObjectPath::from(k)))).boxed();
        let mut deleted = 0;
        let mut results = self.store.delete_stream(paths);
        while let Some(result) = results.next().await {
            match result.map_err(classify) {
                Ok(_) | Err(Failure::NotFound) => deleted += 1,
                Err(e) => return Err(e),
            }
        }
        Ok(deleted)
    }
}

fn listed(meta: object_store::ObjectMeta) -> Listed {
    Listed {
        key: meta.location.to_string(),
        size: meta.size,
        etag: meta.e_tag.as_deref().map(super::verify::normalize),
    }
}

/// Sorts an object_store error: authentication and permission problems, a missing bucket and an
/// unreachable server stop the sync; anything else fails one object.
pub fn classify(error: object_store::Error) -> Failure {
    use object_store::Error as E;
    let text = error_chain(&error);
    match error {
        E::NotFound { .. } if !text.contains("NoSuchBucket") => Failure::NotFound,
        E::Unauthenticated { .. } | E::PermissionDenied { .. } => {
            Failure::Fatal(SyncError::Auth(text))
        }
        _ if is_auth(&text) => Failure::Fatal(SyncError::Auth(text)),
        _ if text.contains("NoSuchBucket") => Failure::Fatal(SyncError::Remote(format!(
            "the bucket does not exist ({text})"
        ))),
        _ if is_unreachable(&text) => Failure::Fatal(SyncError::Unreachable(text)),
        _ => Failure::Object(text),
    }
}

fn is_auth(text: &str) -> bool {
    [
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "AccessDenied",
        "ExpiredToken",
        "InvalidToken",
        "403 Forbidden",
        "401 Unauthorized",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

fn is_unreachable(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    // Connect-level failures only: a slow or broken transfer fails its object, not the sync.
    [
        "connection refused",
        "dns error",
        "tcp connect error",
        "error trying to connect",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

/// The error and every source under it, on one line (object_store nests the HTTP detail), with
/// response bodies cut down to their `<Code>` and `<Message>`: an S3 error body can quote the
/// access key, the session token or the signed request, which must never reach a log.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = without_xml_bodies(&error.to_string());
    let mut source = error.source();
    while let Some(inner) = source {
        let inner_text = without_xml_bodies(&inner.to_string());
        if !text.contains(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        source = inner.source();
    }
    text
}

/// `text` up to its first XML tag, followed by the body's `<Code>` and `<Message>` when present.
fn without_xml_bodies(text: &str) -> String {
    let Some(start) = text.find('<') else {
        return text.to_string();
    };
    let field = |tag: &str| -> Option<String> {
        let open = format!("<{tag}>");
        let from = text.find(&open)? + open.len();
        let to = from + text[from..].find('<')?;
        Some(text[from..to].to_string())
    };
    let mut out = text[..start].trim_end().to_string();
    for tag in ["Code", "Message"] {
        if let Some(value) = field(tag) {
            out.push(' ');
            out.push_str(&value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_keep_code_and_message_and_drop_secrets() {
        let body = "Client error 403: <?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code>\
                    <Message>The signature does not match</Message><AWSAccessKeyId>AKIASECRET</AWSAccessKeyId>\
                    <CanonicalRequest>x-amz-security-token:TOKEN123</CanonicalRequest></Error>";
        let clean = without_xml_bodies(body);
        assert!(
            clean.contains("SignatureDoesNotMatch") && clean.contains("does not match"),
            "{clean}"
        );
        assert!(
            !clean.contains("AKIASECRET") && !clean.contains("TOKEN123"),
            "{clean}"
        );
        assert_eq!(
            without_xml_bodies("connection refused"),
            "connection refused"
        );
        assert!(is_auth(&clean));
    }
}
