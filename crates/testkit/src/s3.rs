//! Real S3-compatible servers on loopback for tests, two independent implementations so that no test
//! is tuned to one server's leniency: moto's server (PyPI `moto[server]`, Python) and s3s-fs
//! (crates.io, Rust, objects as files), each started on a free port and killed on drop, plus a few
//! calls to inspect what they hold.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Which S3 implementation a [`S3Server`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Moto,
    S3sFs,
}

impl Kind {
    /// Both: what the backup and restore tests run against.
    pub const ALL: [Kind; 2] = [Kind::Moto, Kind::S3sFs];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Moto => "moto",
            Kind::S3sFs => "s3s-fs",
        }
    }
}

/// A running S3-compatible server.
pub struct S3Server {
    child: Child,
    pub port: u16,
    pub kind: Kind,
    /// s3s-fs keeps its buckets as folders here.
    root: Option<tempfile::TempDir>,
}

/// The first tests were written against moto alone; they keep their name for it.
pub type MotoServer = S3Server;

/// The s3s-fs program: `SHOEBOX_S3S_FS`, else `s3s-fs` on PATH (`scripts/install-s3s.sh` builds it).
pub fn s3s_program() -> PathBuf {
    std::env::var_os("SHOEBOX_S3S_FS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("s3s-fs"))
}

/// The moto_server program: `SHOEBOX_MOTO_SERVER`, else `moto_server` on PATH.
pub fn moto_program() -> PathBuf {
    std::env::var_os("SHOEBOX_MOTO_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("moto_server"))
}

/// A loopback port nothing listens on (at the time of asking).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("local address").port()
}

impl S3Server {
    /// Starts moto, accepting any credentials.
    pub fn start() -> S3Server {
        Self::start_with(&[])
    }

    /// Starts a server of `kind` that accepts any credentials.
    pub fn start_kind(kind: Kind) -> S3Server {
        match kind {
            Kind::Moto => Self::start(),
            Kind::S3sFs => Self::start_s3s(false),
        }
    }

    /// Starts moto checking signatures like AWS: unknown keys get 403 InvalidAccessKeyId.
    pub fn start_enforcing_auth() -> S3Server {
        Self::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")])
    }

    /// Starts a server of `kind` that accepts only the test keys (`testing` / `testing`).
    pub fn start_kind_enforcing_auth(kind: Kind) -> S3Server {
        match kind {
            Kind::Moto => Self::start_enforcing_auth(),
            Kind::S3sFs => Self::start_s3s(true),
        }
    }

    /// s3s-fs always checks signatures (without keys it answers signed requests with 501), so
    /// both of its modes take the test keys only; `_auth` is there to mirror moto's two modes.
    fn start_s3s(_auth: bool) -> S3Server {
        let port = free_port();
        let root = tempfile::tempdir().expect("a folder for s3s-fs");
        let mut cmd = Command::new(s3s_program());
        cmd.args(["--host", "127.0.0.1", "--port", &port.to_string()]);
        cmd.args(["--access-key", "testing", "--secret-key", "testing"]);
        let child = cmd
            .arg(root.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} ({e}): build it with scripts/install-s3s.sh and set SHOEBOX_S3S_FS \
                     (scripts/test.sh does this)",
                    s3s_program().display()
                )
            });
        Self::wait_ready(S3Server {
            child,
            port,
            kind: Kind::S3sFs,
            root: Some(root),
        })
    }

    fn wait_ready(server: S3Server) -> S3Server {
        let deadline = Instant::now() + Duration::from_secs(60);
        while server.request("GET", "/", &[]).is_none() {
            assert!(
                Instant::now() < deadline,
                "{} did not answer on port {}",
                server.kind.name(),
                server.port
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    fn start_with(env: &[(&str, &str)]) -> S3Server {
        let port = free_port();
        let child = Command::new(moto_program())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} ({e}): install it with `pip install 'moto[server]'` or set SHOEBOX_MOTO_SERVER \
                     (scripts/test.sh does this)",
                    moto_program().display()
                )
            });
        Self::wait_ready(S3Server {
            child,
            port,
            kind: Kind::Moto,
            root: None,
        })
    }

    /// Kills the server now (a server going away in the middle of something).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn create_bucket(&self, bucket: &str) {
        if let Some(root) = &self.root {
            // s3s-fs: a bucket is a folder of its root.
            std::fs::create_dir_all(root.path().join(bucket)).expect("creating a bucket folder");
            return;
        }
        let (status, _, _) = self
            .request("PUT", &format!("/{bucket}"), &[])
            .expect("moto answers");
        assert!(status == 200, "creating bucket {bucket}: HTTP {status}");
    }

    /// A signed client for `bucket` (moto refuses some anonymous reads), with the test keys.
    fn client(&self, bucket: &str) -> object_store::aws::AmazonS3 {
        object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region("us-east-1")
            .with_access_key_id("testing")
            .with_secret_access_key("testing")
            .with_endpoint(self.endpoint())
            .with_allow_http(true)
            .build()
            .expect("a valid S3 client")
    }

    fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(future)
    }

    /// Replaces an object's bytes behind the client's back (what bit rot or a tampered bucket does).
    pub fn put(&self, bucket: &str, key: &str, bytes: Vec<u8>) {
        use object_store::ObjectStore;
        let client = self.client(bucket);
        Self::block_on(async {
            client
                .put(&object_store::path::Path::from(key), bytes.into())
                .await
                .expect("putting an object")
        });
    }

    /// Deletes an object.
    pub fn delete(&self, bucket: &str, key: &str) {
        use object_store::ObjectStore;
        let client = self.client(bucket);
        Self::block_on(async {
            client
                .delete(&object_store::path::Path::from(key))
                .await
                .expect("deleting an object")
        });
    }

    /// The object's bytes, `None` when absent.
    pub fn get(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        use object_store::ObjectStore;
        let client = self.client(bucket);
        Self::block_on(async {
            let got = client
                .get(&object_store::path::Path::from(key))
                .await
                .ok()?;
            Some(got.bytes().await.ok()?.to_vec())
        })
    }

    /// The object's ETag (quotes removed), `None` when absent.
    pub fn etag(&self, bucket: &str, key: &str) -> Option<String> {
        use object_store::ObjectStore;
        let client = self.client(bucket);
        Self::block_on(async {
            let meta = client
                .head(&object_store::path::Path::from(key))
                .await
                .ok()?;
            Some(meta.e_tag?.trim_matches('"').to_string())
        })
    }

    /// Every key under `prefix`, sorted.
    pub fn keys(&self, bucket: &str, prefix: &str) -> Vec<String> {
        use futures::TryStreamExt;
        use object_store::ObjectStore;
        let client = self.client(bucket);
        let prefix = object_store::path::Path::from(prefix);
        let mut keys: Vec<String> = Self::block_on(async {
            client
                .list(Some(&prefix))
                .map_ok(|meta| meta.location.to_string())
                .try_collect()
                .await
                .expect("listing the bucket")
        });
        keys.sort();
        keys
    }

    /// Unfinished multipart uploads in the bucket.
    pub fn open_multipart_uploads(&self, bucket: &str) -> usize {
        if let Some(root) = &self.root {
            // s3s-fs keeps one `.upload-<id>.json` per open upload (and lists none over HTTP).
            return std::fs::read_dir(root.path())
                .map(|entries| {
                    entries
                        .flatten()
                        .filter(|e| e.file_name().to_string_lossy().starts_with(".upload-"))
                        .count()
                })
                .unwrap_or(0);
        }
        let (_, _, body) = self
            .request("GET", &format!("/{bucket}?uploads"), &[])
            .expect("moto answers");
        String::from_utf8_lossy(&body).matches("<UploadId>").count()
    }

    /// One unsigned HTTP/1.1 request: (status, headers, body).
    fn request(&self, method: &str, path: &str, body: &[u8]) -> Option<(u16, String, Vec<u8>)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .ok()?;
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.port,
            body.len()
        );
        stream.write_all(head.as_bytes()).ok()?;
        stream.write_all(body).ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok()?;
        let split = response.windows(4).position(|w| w == b"\r\n\r\n")?;
        let headers = String::from_utf8_lossy(&response[..split]).to_string();
        let status = headers.split_whitespace().nth(1)?.parse().ok()?;
        let mut body = response[split + 4..].to_vec();
        if headers
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = dechunk(&body);
        }
        Some((status, headers, body))
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let Ok(size) = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
        else {
            break;
        };
        if size == 0 || body.len() < line_end + 2 + size {
            break;
        }
        out.extend_from_slice(&body[line_end + 2..line_end + 2 + size]);
        body = &body[(line_end + 4 + size).min(body.len())..];
    }
    out
}

/// A TCP proxy in front of a server that answers the first `failures` connections itself with
/// `503 Slow Down` (what S3 sends when throttling), then passes every later connection through.
pub struct FlakyProxy {
    pub port: u16,
    served_503: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl FlakyProxy {
    pub fn start(upstream_port: u16, failures: usize) -> FlakyProxy {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let served_503 = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&served_503);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if counter.load(Ordering::SeqCst) < failures {
                    counter.fetch_add(1, Ordering::SeqCst);
                    refuse_with_503(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream_port)) else {
                    continue;
                };
                pipe(client, server);
            }
        });
        FlakyProxy { port, served_503 }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// How many 503 answers it gave.
    pub fn served_503(&self) -> usize {
        self.served_503.load(std::sync::atomic::Ordering::SeqCst)
    }
}

fn refuse_with_503(mut client: TcpStream) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(5)));
    let mut seen = Vec::new();
    let mut buf = [0u8; 8192];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match client.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    let body =
        "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
    let _ = write!(
        client,
        "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn pipe(client: TcpStream, server: TcpStream) {
    let (Ok(client_read), Ok(server_read)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    let forward = |mut from: TcpStream, mut to: TcpStream| {
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut from, &mut to);
            let _ = to.shutdown(std::net::Shutdown::Write);
        })
    };
    forward(client_read, server);
    forward(server_read, client);
}
