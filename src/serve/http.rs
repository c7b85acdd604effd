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

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
      location.assign(back.charAt(0) === "/" ? back : "/");
    }
  });
  source.addEventListener("reload", function () {
    if (onErrorPage) {
      var back = new URLSearchParams(location.search).get("from") || "/";
      location.assign(back.charAt(0) === "/" ? back : "/");
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

/// State shared between the watch loop and the connections.
pub struct Shared {
    output: PathBuf,
    base_path: String,
    status: Mutex<Status>,
    clients: Mutex<Vec<Sender<String>>>,
}

impl Shared {
    pub fn new(output: PathBuf, base_path: &str) -> Arc<Shared> {
        Arc::new(Shared {
            output,
            base_path: base_path.to_string(),
            status: Mutex::new(Status::Ok),
            clients: Mutex::new(Vec::new()),
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

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
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
        let Ok(stream) = stream else { continue };
        let shared = shared.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.by_ref().take(8192).read_line(&mut request_line)?;
    // Read and drop the headers.
    let mut total = 0;
    loop {
        let mut line = String::new();
        let n = reader.by_ref().take(8192).read_line(&mut line)?;
        total += n;
        if n == 0 || line == "\r\n" || line == "\n" || total > 65536 {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return respond(
            &mut stream,
            400,
            "text/plain; charset=utf-8",
            b"Bad request\n",
            true,
        );
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"Only GET and HEAD\n",
            !head_only,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let body = !head_only;
    match path {
        "/__plainly/reload.js" => respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes(),
            body,
        ),
        "/__plainly/events" => events(stream, shared),
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
                Resolved::File(file) => send_file(&mut stream, &file, 200, body),
                Resolved::Redirect(to) => redirect(&mut stream, &to),
                Resolved::NotFound => {
                    let page = shared.output.join("404.html");
                    if page.is_file() {
                        send_file(&mut stream, &page, 404, body)
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
    if decoded.contains('\\') || decoded.contains('\0') || decoded.starts_with('/') {
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

fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let rx = shared.subscribe();
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    let status = match shared.status() {
        Status::Ok => "ok",
        Status::Failed(_) => "error",
    };
    write!(stream, "event: status\ndata: {status}\n\n")?;
    stream.flush()?;
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => stream.write_all(message.as_bytes())?,
            // A comment now and then notices browsers that went away.
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

fn send_file(stream: &mut TcpStream, file: &Path, status: u16, body: bool) -> std::io::Result<()> {
    let Ok(mut bytes) = std::fs::read(file) else {
        return respond(
            stream,
            404,
            "text/plain; charset=utf-8",
            b"Not found\n",
            body,
        );
    };
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        bytes = inject_reload(bytes);
    }
    respond(stream, status, kind, &bytes, body)
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
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
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
