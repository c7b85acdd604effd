//! The development server: serves the output folder over HTTP on the local machine,
//! with live reload by Server-Sent Events.
//!
//! It serves only files under the output folder: a path with `..`, a backslash, an
//! encoded separator, or a symbolic link that leads outside is not found. Folders are
//! never listed. HTML pages get one `<script src>` for live reload as they are sent;
//! the files on disk are exactly what `plainly build` writes.
//!
//! When a change breaks the build, pages keep coming from the last good build, and the
//! live-reload script takes the browser to an error page with the same diagnostics as
//! the terminal; the next good build takes it back.

use std::io::{Read, Seek, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::markdown::escape;

/// Where the live-reload script and events are served; never a path of the site.
pub const PREFIX: &str = "/__plainly/";

const RELOAD_JS: &str = r#"// Plainly live reload: only in `plainly serve`, never in built files.
(function () {
  var here = location.pathname + location.search + location.hash;
  var onErrorPage = location.pathname === "/__plainly/error";
  var source = new EventSource("/__plainly/events");
  source.addEventListener("status", function (event) {
    if (event.data === "error" && !onErrorPage) {
      location.assign("/__plainly/error?from=" + encodeURIComponent(here));
    } else if (event.data === "ok" && onErrorPage) {
      var back = new URLSearchParams(location.search).get("from") || "/";
      location.assign(/^\/(?![\/\\])/.test(back) ? back : "/");
    }
  });
  source.addEventListener("reload", function () {
    if (onErrorPage) {
      var back = new URLSearchParams(location.search).get("from") || "/";
      location.assign(/^\/(?![\/\\])/.test(back) ? back : "/");
    } else {
      location.reload();
    }
  });
})();
"#;

/// What the browser is told about the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// The build failed; the text is the diagnostics as the terminal shows them.
    Failed(String),
}

/// The most connections served at once; more are answered 503 and closed, so that
/// slow or idle clients cannot take the file descriptors a rebuild needs.
pub const MAX_CONNECTIONS: usize = 128;
/// The most browsers listening for reloads at once.
pub const MAX_LISTENERS: usize = 64;
/// The longest request head (request line and headers).
pub const MAX_HEAD: usize = 8192;
/// The time a client has to send its whole request head.
pub const HEAD_TIME: Duration = Duration::from_secs(10);

/// State shared between the watch loop and the connections.
pub struct Shared {
    output: PathBuf,
    base_path: String,
    status: Mutex<Status>,
    clients: Mutex<Vec<Sender<String>>>,
    /// Host names allowed besides localhost and IP literals (`--allowed-host`).
    allowed_hosts: Vec<String>,
    connections: AtomicUsize,
}

impl Shared {
    pub fn new(output: PathBuf, base_path: &str, allowed_hosts: Vec<String>) -> Arc<Shared> {
        Arc::new(Shared {
            output,
            base_path: base_path.to_string(),
            status: Mutex::new(Status::Ok),
            clients: Mutex::new(Vec::new()),
            allowed_hosts: allowed_hosts
                .into_iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect(),
            connections: AtomicUsize::new(0),
        })
    }

    /// Tells every browser the outcome of a build: reload after a good one, the error
    /// page after a failed one.
    pub fn announce(&self, status: Status) {
        let message = match &status {
            Status::Ok => "event: reload\ndata: ok\n\n".to_string(),
            Status::Failed(_) => "event: status\ndata: error\n\n".to_string(),
        };
        *self.status.lock().unwrap_or_else(|e| e.into_inner()) = status;
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(message.clone()).is_ok());
    }

    fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// A channel for one browser's reload events, or `None` when as many are listening
    /// as may.
    fn subscribe(&self) -> Option<Receiver<String>> {
        let (tx, rx) = channel();
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        // Drop the channels of browsers that went away.
        clients.retain(|c| c.send(String::new()).is_ok());
        if clients.len() >= MAX_LISTENERS {
            return None;
        }
        clients.push(tx);
        Some(rx)
    }

    /// Whether a request's `Host` names this server: localhost, a `.localhost` name, an
    /// IP address, or a name allowed by `--allowed-host`. Any other name is a web page
    /// that pointed its own domain at this machine (DNS rebinding) to read the preview.
    pub fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim();
        let name = if let Some(rest) = host.strip_prefix('[') {
            // [::1]:1111
            return rest.split_once(']').is_some_and(|(ip, port)| {
                ip.parse::<std::net::Ipv6Addr>().is_ok()
                    && (port.is_empty()
                        || port
                            .strip_prefix(':')
                            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit())))
            });
        } else {
            match host.rsplit_once(':') {
                Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
                _ => host,
            }
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name == "localhost"
            || name.ends_with(".localhost")
            || name.parse::<std::net::Ipv4Addr>().is_ok()
            || self.allowed_hosts.contains(&name)
    }
}

/// Binds to `port` on `ip`, or the next free port if it is taken (up to 20 further).
/// Port 0 takes any free port. Returns the listener and a note when the port moved.
pub fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, Option<String>), Diagnostic> {
    let tries: Vec<u16> = if port == 0 {
        vec![0]
    } else {
        (port..=port.saturating_add(20)).collect()
    };
    let mut last_error = None;
    for candidate in tries {
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(listener) => {
                let note = (port != 0 && candidate != port)
                    .then(|| format!("port {port} is busy; using {candidate} instead"));
                return Ok((listener, note));
            }
            Err(e) => last_error = Some(e),
        }
    }
    Err(Diagnostic::error(
        "serve",
        format!(
            "cannot listen on {ip} ports {port} to {}: {}",
            port.saturating_add(20),
            last_error.map(|e| e.to_string()).unwrap_or_default()
        ),
    )
    .with_help("choose another port with --port, or stop the program using these ports"))
}

/// Accepts connections until the process ends, each on its own thread.
pub fn serve(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // Out of descriptors or threads for a moment: let connections finish.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = respond(
                &mut stream,
                503,
                TEXT,
                b"Too many connections; try again\n",
                true,
            );
            continue;
        }
        let this = shared.clone();
        let spawned = std::thread::Builder::new().spawn(move || {
            let _ = handle(stream, &this);
            this.connections.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // No thread to serve it: the connection was dropped with the closure.
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

const TEXT: &str = "text/plain; charset=utf-8";

/// A request head, as far as the server reads it.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    pub target: String,
    pub host: Option<String>,
    pub range: Option<String>,
}

/// Why a request head was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// Over [`MAX_HEAD`] bytes.
    TooLarge,
    /// Not sent in full within [`HEAD_TIME`], or the connection closed.
    Incomplete,
    Malformed,
}

/// Reads a request head of at most [`MAX_HEAD`] bytes, which must arrive in full within
/// [`HEAD_TIME`] in all: a client sending a byte at a time does not keep the connection.
fn read_head(stream: &mut TcpStream) -> Result<Head, HeadError> {
    let deadline = Instant::now() + HEAD_TIME;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n").or_else(|| find(&buf, b"\n\n")) {
            buf.truncate(end);
            break;
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Incomplete);
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(HeadError::Incomplete),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    if buf.len() > MAX_HEAD {
        return Err(HeadError::TooLarge);
    }
    parse_head(&buf)
}

/// Parses a request head: the request line and the headers the server reads.
pub fn parse_head(bytes: &[u8]) -> Result<Head, HeadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| HeadError::Malformed)?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request = lines.next().ok_or(HeadError::Malformed)?;
    let mut parts = request.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    if !version.starts_with("HTTP/1.")
        || method.is_empty()
        || !target.starts_with('/')
        || target.chars().any(|c| c.is_control() || c == ' ')
    {
        return Err(HeadError::Malformed);
    }
    let mut head = Head {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
        range: None,
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(HeadError::Malformed);
        };
        let value = value.trim().to_string();
        if name.eq_ignore_ascii_case("host") {
            if head.host.is_some() {
                return Err(HeadError::Malformed);
            }
            head.host = Some(value);
        } else if name.eq_ignore_ascii_case("range") {
            head.range = Some(value);
        }
    }
    Ok(head)
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(HeadError::TooLarge) => {
            return respond(&mut stream, 431, TEXT, b"Request head too large\n", true);
        }
        Err(HeadError::Malformed) => {
            return respond(&mut stream, 400, TEXT, b"Bad request\n", true);
        }
        Err(HeadError::Incomplete) => return Ok(()),
    };
    let head_only = head.method == "HEAD";
    if head.method != "GET" && !head_only {
        return respond(&mut stream, 405, TEXT, b"Only GET and HEAD\n", true);
    }
    let body = !head_only;
    match &head.host {
        Some(host) if shared.host_allowed(host) => {}
        Some(host) => {
            let text = format!(
                "This preview server answers only to localhost and IP addresses, not to `{}`.\n\
                 If you reached it by that name on purpose, run: plainly serve --allowed-host NAME\n",
                crate::diag::printable(host)
            );
            return respond(&mut stream, 403, TEXT, text.as_bytes(), body);
        }
        None => return respond(&mut stream, 400, TEXT, b"A Host header is needed\n", body),
    }
    let target = head.target.as_str();
    let path = target.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/__plainly/reload.js" => respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes(),
            body,
        ),
        "/__plainly/events" => events(stream, shared, body),
        "/__plainly/error" => {
            let page = error_page(&shared.status());
            respond(
                &mut stream,
                200,
                "text/html; charset=utf-8",
                page.as_bytes(),
                body,
            )
        }
        _ => {
            if path == "/" && shared.base_path != "/" {
                return redirect(&mut stream, &shared.base_path);
            }
            match resolve(&shared.output, &shared.base_path, path) {
                Resolved::File(file) => {
                    send_file(&mut stream, &file, 200, body, head.range.as_deref())
                }
                Resolved::Redirect(to) => redirect(&mut stream, &to),
                Resolved::NotFound => {
                    let page = shared.output.join("404.html");
                    if page.is_file() {
                        send_file(&mut stream, &page, 404, body, None)
                    } else {
                        respond(
                            &mut stream,
                            404,
                            "text/plain; charset=utf-8",
                            b"Not found\n",
                            body,
                        )
                    }
                }
            }
        }
    }
}

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
}

/// Maps a request path to a file under `output`, refusing anything that could lead
/// outside it.
pub fn resolve(output: &Path, base_path: &str, request: &str) -> Resolved {
    let Some(rest) = request
        .strip_prefix(base_path)
        .or_else(|| (request.to_string() + "/").eq(base_path).then_some(""))
    else {
        return Resolved::NotFound;
    };
    let Some(decoded) = strict_decode(rest) else {
        return Resolved::NotFound;
    };
    if decoded.contains('\\') || decoded.chars().any(char::is_control) || decoded.starts_with('/') {
        return Resolved::NotFound;
    }
    let relative = Path::new(&decoded);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Resolved::NotFound;
    }
    let Ok(root) = output.canonicalize() else {
        return Resolved::NotFound;
    };
    let candidate = root.join(relative);
    let target = if candidate.is_dir() {
        if !request.ends_with('/') {
            return Resolved::Redirect(format!("{request}/"));
        }
        candidate.join("index.html")
    } else {
        candidate
    };
    // Symbolic links are followed, and must still end inside the output folder.
    match target.canonicalize() {
        Ok(real) if real.starts_with(&root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

/// Percent-decodes a path; `None` for malformed escapes or an encoded `/`.
fn strict_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            let b = u8::from_str_radix(hex, 16).ok()?;
            if b == b'/' {
                return None;
            }
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether the other end has closed a connection it sends nothing on.
fn closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let gone = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    gone || stream.set_nonblocking(false).is_err()
}

fn events(mut stream: TcpStream, shared: &Shared, body: bool) -> std::io::Result<()> {
    if !body {
        return respond(&mut stream, 200, "text/event-stream", b"", false);
    }
    let Some(rx) = shared.subscribe() else {
        return respond(&mut stream, 503, TEXT, b"Too many pages listening\n", true);
    };
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    let status = match shared.status() {
        Status::Ok => "ok",
        Status::Failed(_) => "error",
    };
    write!(stream, "event: status\ndata: {status}\n\n")?;
    stream.flush()?;
    let mut quiet = 0;
    loop {
        match rx.recv_timeout(Duration::from_secs(1)) {
            // A probe from a new subscriber, asking whether this place is still taken.
            Ok(message) if message.is_empty() => {
                if closed(&stream) {
                    return Ok(());
                }
                continue;
            }
            Ok(message) => stream.write_all(message.as_bytes())?,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                // A browser that went away is noticed within a second, freeing its place.
                if closed(&stream) {
                    return Ok(());
                }
                quiet += 1;
                if quiet < 15 {
                    continue;
                }
                quiet = 0;
                stream.write_all(b": ping\n\n")?;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

/// Sends a file. HTML is read whole to add the reload script; anything else is streamed
/// from disk, whole or the one byte range asked for, so a large file costs a buffer, not
/// its size in memory.
fn send_file(
    stream: &mut TcpStream,
    file: &Path,
    status: u16,
    body: bool,
    range: Option<&str>,
) -> std::io::Result<()> {
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        let Ok(bytes) = std::fs::read(file) else {
            return respond(stream, 404, TEXT, b"Not found\n", body);
        };
        return respond(stream, status, kind, &inject_reload(bytes), body);
    }
    let Ok(mut f) = std::fs::File::open(file) else {
        return respond(stream, 404, TEXT, b"Not found\n", body);
    };
    let len = f.metadata()?.len();
    // Only byte ranges exist; a header in other units is ignored, as HTTP says.
    let range = range.filter(|r| r.trim_start().starts_with("bytes="));
    let (status, start, count) = match range.map(|r| byte_range(r, len)) {
        Some(Some((start, end))) if status == 200 => (206, start, end - start + 1),
        Some(None) if status == 200 => {
            write!(
                stream,
                "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{len}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )?;
            return stream.flush();
        }
        _ => (status, 0, len),
    };
    let mut extra = String::from("Accept-Ranges: bytes\r\n");
    if status == 206 {
        extra.push_str(&format!(
            "Content-Range: bytes {start}-{}/{len}\r\n",
            start + count - 1
        ));
    }
    write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {count}\r\n{extra}{COMMON_HEADERS}\r\n",
        reason(status)
    )?;
    if body {
        f.seek(std::io::SeekFrom::Start(start))?;
        std::io::copy(&mut f.take(count), stream)?;
    }
    stream.flush()
}

/// The one range of `bytes=START-END`, `bytes=START-` or `bytes=-SUFFIX` within a file
/// of `len` bytes, as (first, last) byte; `None` when it cannot be satisfied. Several
/// ranges are answered with the first.
pub fn byte_range(header: &str, len: u64) -> Option<(u64, u64)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    let first = spec.split(',').next()?.trim();
    let (a, b) = first.split_once('-')?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().ok()?;
            if n == 0 || len == 0 {
                return None;
            }
            (len.saturating_sub(n), len - 1)
        }
        (a, "") => (a.parse().ok()?, len.checked_sub(1)?),
        (a, b) => (
            a.parse().ok()?,
            b.parse::<u64>().ok()?.min(len.checked_sub(1)?),
        ),
    };
    (start <= end && start < len).then_some((start, end))
}

const COMMON_HEADERS: &str =
    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n";

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Adds the live-reload script to an HTML page as it is served.
fn inject_reload(html: Vec<u8>) -> Vec<u8> {
    let tag = b"<script src=\"/__plainly/reload.js\" defer></script>\n";
    let at = find(&html, b"</head>").or_else(|| find(&html, b"</body>"));
    match at {
        Some(i) => {
            let mut out = Vec::with_capacity(html.len() + tag.len());
            out.extend_from_slice(&html[..i]);
            out.extend_from_slice(tag);
            out.extend_from_slice(&html[i..]);
            out
        }
        None => html,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn redirect(stream: &mut TcpStream, to: &str) -> std::io::Result<()> {
    // `//host/path` would send the browser to another site: one slash keeps it here.
    let to = format!("/{}", to.trim_start_matches(['/', '\\']));
    write!(
        stream,
        "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    stream.flush()
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    bytes: &[u8],
    body: bool,
) -> std::io::Result<()> {
    let allow = if status == 405 {
        "Allow: GET, HEAD\r\n"
    } else {
        ""
    };
    write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{allow}{COMMON_HEADERS}\r\n",
        reason(status),
        bytes.len()
    )?;
    if body {
        stream.write_all(bytes)?;
    }
    stream.flush()
}

/// The content type of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "vtt" => "text/vtt; charset=utf-8",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        _ => "application/octet-stream",
    }
}

/// The page the browser shows while the build is broken.
fn error_page(status: &Status) -> String {
    let (title, body) = match status {
        Status::Ok => (
            "The site builds",
            "<p>The last change built without errors. <a href=\"/\">Go to the home page</a>.</p>"
                .to_string(),
        ),
        Status::Failed(text) => (
            "The site could not be built",
            format!(
                "<p>Plainly is still serving the last good build. Fix the problem below and save the file: this page will take you back to where you were.</p>\n<h2>What went wrong</h2>\n<pre>{}</pre>",
                escape(text)
            ),
        ),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} – Plainly</title>\n<script src=\"/__plainly/reload.js\" defer></script>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        std::fs::create_dir_all(out.join("strategy/vision")).unwrap();
        std::fs::create_dir_all(out.join("empty")).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(out.join("strategy/vision/index.html"), "vision").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn serves_files_and_folder_indexes() {
        let dir = site();
        let out = dir.path().join("output");
        let real = out.canonicalize().unwrap();
        assert_eq!(
            resolve(&out, "/", "/"),
            Resolved::File(real.join("index.html"))
        );
        assert_eq!(
            resolve(&out, "/", "/strategy/vision/"),
            Resolved::File(real.join("strategy/vision/index.html"))
        );
        assert_eq!(
            resolve(&out, "/", "/strategy/vision"),
            Resolved::Redirect("/strategy/vision/".into())
        );
        assert_eq!(
            resolve(&out, "/council/", "/council/strategy/vision/"),
            Resolved::File(real.join("strategy/vision/index.html"))
        );
        assert_eq!(
            resolve(&out, "/council/", "/strategy/vision/"),
            Resolved::NotFound
        );
    }

    #[test]
    fn never_lists_folders_or_leaves_the_output() {
        let dir = site();
        let out = dir.path().join("output");
        for path in [
            "/empty/",
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/strategy/..%2f..%2fsecret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "//etc/passwd",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(resolve(&out, "/", path), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn symbolic_links_leading_out_are_not_followed() {
        let dir = site();
        let out = dir.path().join("output");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("leak.txt"))
                .unwrap();
            std::os::unix::fs::symlink(dir.path(), out.join("up")).unwrap();
            assert_eq!(resolve(&out, "/", "/leak.txt"), Resolved::NotFound);
            assert_eq!(resolve(&out, "/", "/up/secret.txt"), Resolved::NotFound);
        }
    }

    #[test]
    fn hosts_ranges_and_heads_are_read_strictly() {
        let shared = Shared::new(PathBuf::from("out"), "/", vec!["Preview.Example".into()]);
        for ok in [
            "localhost",
            "localhost:1111",
            "a.localhost",
            "127.0.0.1:80",
            "[::1]:1",
            "10.0.0.2",
            "preview.example",
        ] {
            assert!(shared.host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "localhost.evil",
            "[::1",
            "[evil]:1",
            "",
            "127.0.0.1.evil",
            "preview.example.evil",
        ] {
            assert!(!shared.host_allowed(bad), "{bad}");
        }
        assert_eq!(byte_range("bytes=0-0", 10), Some((0, 0)));
        assert_eq!(byte_range("bytes=5-", 10), Some((5, 9)));
        assert_eq!(byte_range("bytes=-3", 10), Some((7, 9)));
        assert_eq!(byte_range("bytes=8-100", 10), Some((8, 9)));
        assert_eq!(byte_range("bytes=3-2", 10), None);
        assert_eq!(byte_range("bytes=10-", 10), None);
        assert_eq!(byte_range("bytes=-0", 10), None);
        assert_eq!(byte_range("bytes=x-1", 10), None);
        assert_eq!(byte_range("bytes=0-", 0), None);
        let head = parse_head(b"GET /a?b HTTP/1.1\r\nHOST: x\r\nRange: bytes=1-2").unwrap();
        assert_eq!(head.host.as_deref(), Some("x"));
        assert_eq!(head.range.as_deref(), Some("bytes=1-2"));
        for bad in [
            &b"GET / HTTP/1.1 extra"[..],
            b"GET a HTTP/1.1",
            b"GET / FTP/1.0",
            b"GET /\x01 HTTP/1.1",
            b"GET / HTTP/1.1\r\nno colon",
            b"\xff / HTTP/1.1",
        ] {
            assert_eq!(parse_head(bad), Err(HeadError::Malformed), "{bad:?}");
        }
        // The error page's way back stays on this site.
        assert!(RELOAD_JS.contains(r#"/^\/(?![\/\\])/.test(back)"#));
    }

    #[test]
    fn the_reload_script_goes_into_html_only_as_a_script_src() {
        let page =
            inject_reload(b"<html><head><title>x</title></head><body></body></html>".to_vec());
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<script src=\"/__plainly/reload.js\" defer></script>\n</head>"));
        assert_eq!(
            content_type(Path::new("a/b.CSS")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.svg")), "image/svg+xml");
    }
}
