//! Just enough HTTP/1.1 for the phone page and its API, on a plain `TcpStream`.
//!
//! Written here rather than taken from a server crate because the live updates are
//! server-sent events: a response that stays open and is flushed event by event, which the
//! small synchronous servers buffer. The request head is read by `httparse`. Bodies need a
//! `Content-Length` and are capped before any of them is read; every limit answers with its
//! own status, never a panic.

use std::io::{self, Read, Write};
use std::net::TcpStream;

use serde::Serialize;

/// The largest request head (request line and headers) read.
pub const MAX_HEAD: usize = 8 * 1024;
/// The largest request body read; a longer one is refused with 413 before it is read.
pub const MAX_BODY: usize = 16 * 1024;
/// The most headers a request may have.
const MAX_HEADERS: usize = 48;

/// One request, read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// The query without the `?`; empty when there is none.
    pub query: String,
    /// Header names in lowercase, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The client keeps the connection for another request.
    pub keep_alive: bool,
}

impl Request {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of query parameter `name`, undecoded (Podium's parameters need no escapes).
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }
}

/// Why no request came.
#[derive(Debug)]
pub enum ReadError {
    /// The connection ended, or stayed idle past its timeout, between requests.
    Closed,
    /// The connection broke mid-request (reset, timed out, closed early).
    Broken,
    /// The request breaks a rule: send this response, then close the connection.
    Refuse(Response),
}

/// A client connection: the stream, and bytes read past the last request.
#[derive(Debug)]
pub struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    pub fn new(stream: TcpStream) -> Connection {
        Connection {
            stream,
            buffer: Vec::new(),
        }
    }

    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Reads the next request.
    pub fn read_request(&mut self) -> Result<Request, ReadError> {
        let (head, used) = loop {
            if let Some(parsed) = parse_head(&self.buffer).map_err(ReadError::Refuse)? {
                break parsed;
            }
            if self.buffer.len() >= MAX_HEAD {
                return Err(ReadError::Refuse(
                    Response::error(
                        431,
                        "head_too_large",
                        "The request's headers are too large.",
                    )
                    .closing(),
                ));
            }
            let mut chunk = [0u8; 2048];
            let read = match self.stream.read(&mut chunk) {
                Ok(0) if self.buffer.is_empty() => return Err(ReadError::Closed),
                Ok(0) => {
                    return Err(ReadError::Broken);
                }
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e)
                    if self.buffer.is_empty()
                        && matches!(
                            e.kind(),
                            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                        ) =>
                {
                    return Err(ReadError::Closed);
                }
                Err(_) => return Err(ReadError::Broken),
            };
            self.buffer
                .extend_from_slice(chunk.get(..read).unwrap_or_default());
        };
        let length = body_length(&head).map_err(ReadError::Refuse)?;
        if length > 0
            && head
                .header("expect")
                .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
        {
            self.stream
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .map_err(|_| ReadError::Broken)?;
        }
        let mut body: Vec<u8> = self
            .buffer
            .get(used..)
            .unwrap_or_default()
            .iter()
            .take(length)
            .copied()
            .collect();
        let consumed = used + body.len();
        self.buffer.drain(..consumed.min(self.buffer.len()));
        if body.len() < length {
            let start = body.len();
            body.resize(length, 0);
            if let Some(rest) = body.get_mut(start..) {
                self.stream
                    .read_exact(rest)
                    .map_err(|_| ReadError::Broken)?;
            }
        }
        Ok(Request { body, ..head })
    }
}

/// The request head in `buffer` and its length, `None` while it is incomplete.
fn parse_head(buffer: &[u8]) -> Result<Option<(Request, usize)>, Response> {
    if buffer.is_empty() {
        return Ok(None);
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let used = match parsed.parse(buffer) {
        Ok(httparse::Status::Complete(used)) => used,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => {
            return Err(Response::error(
                431,
                "too_many_headers",
                "The request has too many headers.",
            )
            .closing());
        }
        Err(e) => {
            return Err(Response::error(
                400,
                "bad_request",
                &format!("This is not an HTTP request Podium can read: {e}."),
            )
            .closing());
        }
    };
    let target = parsed.path.unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let version = parsed.version.unwrap_or(0);
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).trim().to_owned(),
            )
        })
        .collect();
    let connection = headers
        .iter()
        .filter(|(n, _)| n == "connection")
        .flat_map(|(_, v)| v.split(','))
        .map(|token| token.trim().to_ascii_lowercase())
        .collect::<Vec<_>>();
    let keep_alive = if version >= 1 {
        !connection.iter().any(|t| t == "close")
    } else {
        connection.iter().any(|t| t == "keep-alive")
    };
    Ok(Some((
        Request {
            method: parsed.method.unwrap_or("").to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers,
            body: Vec::new(),
            keep_alive,
        },
        used,
    )))
}

/// The body's length from its `Content-Length`, refusing what the server does not take.
fn body_length(head: &Request) -> Result<usize, Response> {
    if head.header("transfer-encoding").is_some() {
        return Err(Response::error(
            411,
            "length_required",
            "Send the body with a Content-Length header, not in chunks.",
        )
        .closing());
    }
    let mut lengths = head
        .headers
        .iter()
        .filter(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse::<u64>());
    let Some(first) = lengths.next() else {
        return Ok(0);
    };
    let bad = || {
        Response::error(
            400,
            "bad_length",
            "The Content-Length header is not one whole number.",
        )
        .closing()
    };
    let length = first.map_err(|_| bad())?;
    if lengths.any(|other| other.ok() != Some(length)) {
        return Err(bad());
    }
    if length > MAX_BODY as u64 {
        return Err(Response::error(
            413,
            "too_large",
            &format!("The request is larger than {} KB.", MAX_BODY / 1024),
        )
        .closing());
    }
    usize::try_from(length).map_err(|_| bad())
}

/// A response to send whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
    /// The connection closes after this response.
    pub close: bool,
}

/// Everything the page needs comes from the server itself: no other origin, no inline code.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            content_type,
            body: body.into(),
            headers: Vec::new(),
            close: false,
        }
    }

    /// A page of the phone app, under a policy that allows nothing from elsewhere.
    pub fn page(content_type: &'static str, body: &'static [u8]) -> Response {
        Response::new(200, content_type, body)
            .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .header("Cache-Control", "no-cache")
    }

    pub fn json(status: u16, value: &impl Serialize) -> Response {
        match serde_json::to_vec(value) {
            Ok(body) => Response::new(status, "application/json; charset=utf-8", body),
            Err(e) => Response::new(
                500,
                "text/plain; charset=utf-8",
                format!("Podium could not write its answer: {e}"),
            ),
        }
    }

    /// An error as the API gives it: a code for scripts and a sentence for the person.
    pub fn error(status: u16, code: &str, message: &str) -> Response {
        Response::json(
            status,
            &serde_json::json!({ "error": code, "message": message }),
        )
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    pub fn closing(mut self) -> Response {
        self.close = true;
        self
    }

    /// Writes the response; `keep_alive` false says the connection closes after it.
    pub fn write_to(&self, out: &mut impl Write, keep_alive: bool) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        let mut cache_set = false;
        for (name, value) in &self.headers {
            cache_set |= *name == "Cache-Control";
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !cache_set {
            head.push_str("Cache-Control: no-store\r\n");
        }
        head.push_str(COMMON_HEADERS);
        head.push_str(if keep_alive && !self.close {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        out.write_all(&bytes)?;
        out.flush()
    }
}

/// Headers on every response: no sniffing, no referrer, no framing by another page.
const COMMON_HEADERS: &str =
    "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n";

/// The head of a server-sent event stream; its body ends when the connection closes.
pub fn event_stream_head() -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n{COMMON_HEADERS}Connection: close\r\n\r\n"
    )
}

/// The standard reason phrase of the statuses the server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        300 => "Multiple Choices",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::thread;

    /// Sends `bytes` to a fresh connection and reads what the server side makes of them.
    fn read_from(bytes: &'static [u8]) -> Vec<Result<Request, u16>> {
        let Ok(listener) = TcpListener::bind("127.0.0.1:0") else {
            return Vec::new();
        };
        let Ok(address) = listener.local_addr() else {
            return Vec::new();
        };
        let client = thread::spawn(move || {
            if let Ok(mut stream) = TcpStream::connect(address) {
                let _ = stream.write_all(bytes);
                let _ = stream.shutdown(std::net::Shutdown::Write);
                let mut sink = Vec::new();
                let _ = stream.read_to_end(&mut sink);
            }
        });
        let mut results = Vec::new();
        if let Ok((stream, _)) = listener.accept() {
            let mut connection = Connection::new(stream);
            loop {
                match connection.read_request() {
                    Ok(request) => results.push(Ok(request)),
                    Err(ReadError::Refuse(response)) => {
                        results.push(Err(response.status));
                        break;
                    }
                    Err(ReadError::Closed) => break,
                    Err(ReadError::Broken) => {
                        results.push(Err(0));
                        break;
                    }
                }
            }
        }
        let _ = client.join();
        results
    }

    #[test]
    fn reads_pipelined_requests_with_bodies() {
        let results = read_from(
            b"POST /api/join?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET /api/now HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        assert_eq!(results.len(), 2);
        let Some(Ok(first)) = results.first() else {
            panic!("no first request: {results:?}");
        };
        assert_eq!(first.method, "POST");
        assert_eq!(first.path, "/api/join");
        assert_eq!(first.query_param("x"), Some("1"));
        assert_eq!(first.body, b"hello");
        assert!(first.keep_alive);
        let Some(Ok(second)) = results.get(1) else {
            panic!("no second request: {results:?}");
        };
        assert_eq!(second.path, "/api/now");
        assert!(!second.keep_alive);
    }

    #[test]
    fn refuses_what_it_does_not_take() {
        assert_eq!(
            read_from(b"POST / HTTP/1.1\r\nContent-Length: 999999\r\n\r\n"),
            vec![Err(413)]
        );
        assert_eq!(
            read_from(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            vec![Err(411)]
        );
        assert_eq!(
            read_from(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
            vec![Err(400)]
        );
        assert_eq!(read_from(b"\x00\x01\x02 nonsense\r\n\r\n"), vec![Err(400)]);
        assert_eq!(read_from(b"GET / HTTP/1.1\r\nHost: a\r\n"), vec![Err(0)]);
    }

    #[test]
    fn a_huge_head_is_refused() {
        let mut long = b"GET / HTTP/1.1\r\nX: ".to_vec();
        long.extend(std::iter::repeat_n(b'a', MAX_HEAD + 10));
        long.extend_from_slice(b"\r\n\r\n");
        let leaked: &'static [u8] = Box::leak(long.into_boxed_slice());
        assert_eq!(read_from(leaked), vec![Err(431)]);
    }

    #[test]
    fn responses_carry_length_and_protective_headers() {
        let mut out = Vec::new();
        let written =
            Response::error(409, "closed", "That question is closed.").write_to(&mut out, true);
        assert!(written.is_ok());
        let text = String::from_utf8_lossy(&out);
        assert!(text.starts_with("HTTP/1.1 409 Conflict\r\n"), "{text}");
        assert!(text.contains("Cache-Control: no-store\r\n"));
        assert!(text.contains("X-Content-Type-Options: nosniff\r\n"));
        assert!(text.contains("Connection: keep-alive\r\n"));
        assert!(text.ends_with("{\"error\":\"closed\",\"message\":\"That question is closed.\"}"));
    }
}
