//! The server's threads and shared state: one thread accepting per listening address, one
//! thread per connection, and the phones that have joined, by token.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::store::types::{PersonId, SessionId};

use super::PhoneError;
use super::api;
use super::board::{Board, Snapshot};
use super::guard::{JoinLimiter, is_private_peer, random_pin};
use super::http::{Connection, ReadError, Response, event_stream_head};
use super::net::{JoinUrl, QrMatrix, Reach, bind_all, join_urls, listen_addresses};
use super::request::{Outcome, PhoneRequest, Refusal, Settled, Slot};
use super::view::{self, Who};

/// A connection that sends nothing for this long is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// A phone that takes longer than this to take a response is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// An event stream sends a comment this often, so a phone that went away is noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// Open connections at most: a room of phones needs two or three each.
const MAX_CONNECTIONS: usize = 512;
/// Open connections from one address other than this laptop's own.
const MAX_CONNECTIONS_PER_ADDRESS: usize = 32;
/// Event streams one phone may hold; a newer one closes the oldest (a phone that lost its
/// Wi-Fi opens a new one while the old one is still half-open).
const MAX_STREAMS_PER_PHONE: usize = 2;
/// Each connection's thread needs little: a 16 KB body and a small view.
const CONNECTION_STACK: usize = 512 * 1024;

/// How the server is started.
#[derive(Debug, Default)]
pub struct PhoneConfig {
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
    pub reach: Reach,
    /// The phones of an earlier run of the server in the same session: they stay joined.
    pub carry_over: Option<Carryover>,
}

/// The phones joined to a server that stopped, to keep them joined when phones are turned on
/// again in the same session. Held in memory only.
#[derive(Debug, Default)]
pub struct Carryover {
    phones: HashMap<String, (SessionId, PersonId, HashSet<String>)>,
}

/// How many phones there are, for the presenter window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PhoneStatus {
    /// People joined from a phone.
    pub joined: usize,
    /// Of those, people whose phone has the page open now (a live connection).
    pub connected: usize,
    /// Phones waiting for the facilitator to let them in.
    pub waiting: usize,
}

/// The running phone server. Stops when [`PhoneServer::stop`] is called or it is dropped.
pub struct PhoneServer {
    shared: Arc<Shared>,
    accepting: Vec<(SocketAddr, JoinHandle<()>)>,
    urls: Vec<JoinUrl>,
    port: u16,
    stopped: bool,
}

impl std::fmt::Debug for PhoneServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhoneServer")
            .field("urls", &self.urls)
            .field("stopped", &self.stopped)
            .finish()
    }
}

impl PhoneServer {
    /// Starts listening. `board` is where the core publishes what phones may see; `requests`
    /// is where changes go to the core; `waker` is called whenever a request is sent or the
    /// number of phones changes, so the core's window can look (the app passes its windows'
    /// repaint request).
    pub fn start(
        config: PhoneConfig,
        board: Board,
        requests: Sender<PhoneRequest>,
        waker: impl Fn() + Send + Sync + 'static,
    ) -> Result<PhoneServer, PhoneError> {
        let pin = random_pin()?;
        let listeners = bind_all(&listen_addresses(config.reach), config.port)?;
        let mut phones = Phones::default();
        if let Some(carry_over) = config.carry_over {
            for (token, (session_id, person, voted)) in carry_over.phones {
                phones.by_token.insert(
                    token,
                    Phone {
                        session_id,
                        standing: Standing::Joined(person),
                        address: IpAddr::from([127, 0, 0, 1]),
                        since: Instant::now(),
                        voted,
                        streams: Vec::new(),
                    },
                );
            }
        }
        let shared = Arc::new(Shared {
            board,
            requests,
            waker: Box::new(waker),
            pin,
            stopping: AtomicBool::new(false),
            phones: Mutex::new(phones),
            connections: Mutex::new(Connections::default()),
        });
        let mut listening = Vec::new();
        let mut accepting = Vec::new();
        let mut port = config.port;
        for (interface, listener) in listeners {
            let address = listener.local_addr().map_err(|source| PhoneError::Listen {
                address: SocketAddr::from(([127, 0, 0, 1], port)),
                source,
            })?;
            port = address.port();
            let thread_shared = Arc::clone(&shared);
            let handle = thread::Builder::new()
                .name(format!("podium-phones-{interface}"))
                .spawn(move || accept_loop(&thread_shared, &listener))
                .map_err(PhoneError::Thread)?;
            listening.push((interface, address));
            accepting.push((address, handle));
        }
        Ok(PhoneServer {
            shared,
            accepting,
            urls: join_urls(&listening),
            port,
            stopped: false,
        })
    }

    /// The 6-digit PIN phones must type (or that the QR code fills in).
    pub fn pin(&self) -> &str {
        &self.shared.pin
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The join URL of each listening address, those phones can reach first.
    pub fn join_urls(&self) -> &[JoinUrl] {
        &self.urls
    }

    /// The URL to print and show first: a LAN address when there is one, else loopback.
    pub fn main_url(&self) -> &str {
        self.urls.first().map_or("", |u| u.url.as_str())
    }

    /// The link a QR code carries: `url` with the PIN filled in (after `#`, so it is never
    /// sent over the network or kept in a log).
    pub fn join_link(&self, url: &JoinUrl) -> String {
        format!("{}#pin={}", url.url, self.shared.pin)
    }

    /// The QR code of the first address phones can reach, with the PIN filled in; `None`
    /// when the laptop is on no network phones could share.
    pub fn qr(&self) -> Option<QrMatrix> {
        let url = self.urls.iter().find(|u| u.for_phones)?;
        QrMatrix::for_text(&self.join_link(url)).ok()
    }

    pub fn status(&self) -> PhoneStatus {
        self.shared.status()
    }

    /// Stops listening and closes every connection; returns the joined phones, to keep them
    /// joined if phones are turned on again in the same session.
    pub fn stop(mut self) -> Carryover {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Carryover {
        if self.stopped {
            return Carryover::default();
        }
        self.stopped = true;
        self.shared.stopping.store(true, Ordering::SeqCst);
        self.shared.board.touch();
        for (address, _) in &self.accepting {
            // Each accepting thread waits in accept(); a connection of our own wakes it to
            // see that the server is stopping. A refused one means it has already gone.
            let _ = TcpStream::connect_timeout(address, Duration::from_secs(1));
        }
        for (_, handle) in self.accepting.drain(..) {
            let deadline = Instant::now() + Duration::from_secs(2);
            while !handle.is_finished() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(5));
            }
            if handle.is_finished() {
                let _ = handle.join();
            }
        }
        self.shared.close_connections();
        let carry_over = self.shared.carry_over();
        (self.shared.waker)();
        carry_over
    }
}

impl Drop for PhoneServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// What every thread of the server shares.
pub(crate) struct Shared {
    pub(crate) board: Board,
    requests: Sender<PhoneRequest>,
    waker: Box<dyn Fn() + Send + Sync>,
    pub(crate) pin: String,
    stopping: AtomicBool,
    phones: Mutex<Phones>,
    connections: Mutex<Connections>,
}

/// The phones known to the server, by token, and the failed joins per address.
#[derive(Default)]
pub(crate) struct Phones {
    pub(crate) by_token: HashMap<String, Phone>,
    pub(crate) limiter: JoinLimiter,
}

pub(crate) struct Phone {
    pub(crate) session_id: SessionId,
    pub(crate) standing: Standing,
    /// Where the phone joined from, and when.
    pub(crate) address: IpAddr,
    pub(crate) since: Instant,
    /// Anonymous polls this phone has voted in: the only note kept of a vote.
    pub(crate) voted: HashSet<String>,
    /// Its open event streams, by connection, oldest first.
    streams: Vec<u64>,
}

impl Phone {
    pub(crate) fn new(session_id: SessionId, standing: Standing, address: IpAddr) -> Phone {
        Phone {
            session_id,
            standing,
            address,
            since: Instant::now(),
            voted: HashSet::new(),
            streams: Vec::new(),
        }
    }
}

pub(crate) enum Standing {
    Joined(PersonId),
    Waiting { name: String, slot: Arc<Slot> },
    TurnedAway,
}

/// A copy of what the server knows of the phone making a request.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub(crate) token: String,
    pub(crate) person: Option<PersonId>,
    pub(crate) waiting: bool,
}

#[derive(Default)]
struct Connections {
    next_id: u64,
    open: HashMap<u64, (IpAddr, TcpStream)>,
}

impl Shared {
    pub(crate) fn phones(&self) -> MutexGuard<'_, Phones> {
        self.phones.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn connections(&self) -> MutexGuard<'_, Connections> {
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub(crate) fn wake(&self) {
        (self.waker)();
    }

    /// Sends `request` to the core and wakes it.
    pub(crate) fn send(&self, request: PhoneRequest) -> Result<(), ()> {
        self.requests.send(request).map_err(|_| ())?;
        self.wake();
        Ok(())
    }

    /// The phone holding `token`, if it belongs to the session of `snapshot`. A token of
    /// another session is forgotten. A phone whose admission was decided takes its standing.
    pub(crate) fn caller(&self, token: &str, snapshot: &Snapshot) -> Option<Caller> {
        let mut phones = self.phones();
        let phone = phones.by_token.get_mut(token)?;
        if phone.session_id != snapshot.session_id {
            phones.by_token.remove(token);
            return None;
        }
        settle(phone);
        Some(Caller {
            token: token.to_owned(),
            person: match phone.standing {
                Standing::Joined(person) => Some(person),
                _ => None,
            },
            waiting: matches!(phone.standing, Standing::Waiting { .. }),
        })
    }

    /// The state JSON the phone holding `token` is shown now; `None` for an unknown token.
    pub(crate) fn state_json(&self, token: &str, snapshot: &Snapshot) -> Option<String> {
        let mut phones = self.phones();
        let phone = phones.by_token.get_mut(token)?;
        if phone.session_id != snapshot.session_id {
            phones.by_token.remove(token);
            return None;
        }
        settle(phone);
        let who = match &phone.standing {
            Standing::Joined(person) => Who::Joined {
                person: *person,
                voted: &phone.voted,
            },
            Standing::Waiting { name, .. } => Who::Waiting { name },
            Standing::TurnedAway => Who::TurnedAway,
        };
        serde_json::to_string(&view::state(snapshot, who)).ok()
    }

    fn status(&self) -> PhoneStatus {
        let session = self.board.snapshot().session_id;
        let mut phones = self.phones();
        let mut joined = HashSet::new();
        let mut connected = HashSet::new();
        let mut waiting = 0;
        for phone in phones.by_token.values_mut() {
            if phone.session_id != session {
                continue;
            }
            settle(phone);
            match phone.standing {
                Standing::Joined(person) => {
                    joined.insert(person);
                    if !phone.streams.is_empty() {
                        connected.insert(person);
                    }
                }
                Standing::Waiting { .. } => waiting += 1,
                Standing::TurnedAway => {}
            }
        }
        PhoneStatus {
            joined: joined.len(),
            connected: connected.len(),
            waiting,
        }
    }

    /// Notes an event stream opened by `token`'s phone on `connection`, closing its oldest
    /// beyond the limit.
    fn stream_opened(&self, token: &str, connection: u64) {
        let evicted: Vec<u64> = {
            let mut phones = self.phones();
            let Some(phone) = phones.by_token.get_mut(token) else {
                return;
            };
            phone.streams.push(connection);
            let extra = phone.streams.len().saturating_sub(MAX_STREAMS_PER_PHONE);
            phone.streams.drain(..extra).collect()
        };
        if !evicted.is_empty() {
            let connections = self.connections();
            for id in &evicted {
                if let Some((_, stream)) = connections.open.get(id) {
                    let _ = stream.shutdown(Shutdown::Both);
                }
            }
            drop(connections);
            // The evicted stream's thread waits on the board: wake it to see it is done.
            self.board.touch();
        }
        self.wake();
    }

    fn stream_closed(&self, token: &str, connection: u64) {
        if let Some(phone) = self.phones().by_token.get_mut(token) {
            phone.streams.retain(|id| *id != connection);
        }
        self.wake();
    }

    /// Whether the stream on `connection` is still one of its phone's.
    fn stream_current(&self, token: &str, connection: u64) -> bool {
        self.phones()
            .by_token
            .get(token)
            .is_some_and(|phone| phone.streams.contains(&connection))
    }

    /// Registers a new connection from `peer`, or says why it cannot be taken.
    fn admit_connection(&self, peer: IpAddr, stream: &TcpStream) -> Result<u64, &'static str> {
        let mut connections = self.connections();
        if connections.open.len() >= MAX_CONNECTIONS {
            return Err(
                "The laptop has too many phones connected right now. Try again in a minute.",
            );
        }
        let from_peer = connections
            .open
            .values()
            .filter(|(ip, _)| *ip == peer)
            .count();
        if !peer.is_loopback() && from_peer >= MAX_CONNECTIONS_PER_ADDRESS {
            return Err("This phone has too many connections open. Close some tabs and reload.");
        }
        let clone = stream
            .try_clone()
            .map_err(|_| "The laptop could not take this connection. Try again.")?;
        connections.next_id += 1;
        let id = connections.next_id;
        connections.open.insert(id, (peer, clone));
        Ok(id)
    }

    fn connection_closed(&self, id: u64) {
        self.connections().open.remove(&id);
    }

    fn close_connections(&self) {
        for (_, (_, stream)) in self.connections().open.drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let mut phones = self.phones();
        for phone in phones.by_token.values_mut() {
            if let Standing::Waiting { slot, .. } = &phone.standing {
                slot.withdraw();
            }
        }
    }

    fn carry_over(&self) -> Carryover {
        let phones = self.phones();
        Carryover {
            phones: phones
                .by_token
                .iter()
                .filter_map(|(token, phone)| match phone.standing {
                    Standing::Joined(person) => Some((
                        token.clone(),
                        (phone.session_id, person, phone.voted.clone()),
                    )),
                    _ => None,
                })
                .collect(),
        }
    }
}

/// A waiting phone takes the standing the facilitator gave it, once they have.
fn settle(phone: &mut Phone) {
    let Standing::Waiting { slot, .. } = &phone.standing else {
        return;
    };
    match slot.settled() {
        None => {}
        Some(Settled::Done(Outcome::Admitted(person))) => phone.standing = Standing::Joined(person),
        Some(Settled::Done(Outcome::Saved | Outcome::Refused(Refusal::NotSavedYet(_)))) => {
            // An admission the core answered as a plain save has no person to join as; the
            // phone asks again.
            phone.standing = Standing::TurnedAway;
        }
        Some(Settled::Done(Outcome::Refused(_)) | Settled::Dropped) => {
            phone.standing = Standing::TurnedAway;
        }
    }
}

fn accept_loop(shared: &Arc<Shared>, listener: &TcpListener) {
    for stream in listener.incoming() {
        if shared.stopping() {
            break;
        }
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file handles or a connection reset while queued: wait a moment
                // rather than spin, and keep listening.
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let Ok(peer) = stream.peer_addr() else {
            continue;
        };
        if !is_private_peer(peer.ip()) {
            refuse(
                &stream,
                Response::error(
                    403,
                    "not_local",
                    "Podium only answers devices on the same local network.",
                ),
            );
            continue;
        }
        let id = match shared.admit_connection(peer.ip(), &stream) {
            Ok(id) => id,
            Err(why) => {
                refuse(&stream, Response::error(503, "busy", why));
                continue;
            }
        };
        let thread_shared = Arc::clone(shared);
        let spawned = thread::Builder::new()
            .name("podium-phone".into())
            .stack_size(CONNECTION_STACK)
            .spawn(move || {
                serve(&thread_shared, id, stream, peer);
                thread_shared.connection_closed(id);
            });
        if spawned.is_err() {
            shared.connection_closed(id);
        }
    }
}

/// Answers a connection that is not taken, and closes it.
fn refuse(stream: &TcpStream, response: Response) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let mut out = stream;
    let _ = response.write_to(&mut out, false);
    let _ = stream.shutdown(Shutdown::Both);
}

/// Serves one connection's requests until it closes, or hands it to an event stream.
fn serve(shared: &Arc<Shared>, id: u64, stream: TcpStream, peer: SocketAddr) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let mut connection = Connection::new(stream);
    while !shared.stopping() {
        let request = match connection.read_request() {
            Ok(request) => request,
            Err(ReadError::Refuse(response)) => {
                refuse(connection.stream(), response);
                return;
            }
            Err(ReadError::Closed | ReadError::Broken) => return,
        };
        match api::handle(shared, &request, peer.ip()) {
            api::Handled::Respond(response) => {
                let mut out = connection.stream();
                let keep = request.keep_alive && !response.close;
                if response.write_to(&mut out, keep).is_err() || !keep {
                    return;
                }
            }
            api::Handled::Events(token) => {
                stream_events(shared, id, connection.stream(), &token);
                return;
            }
        }
    }
}

/// Whether the phone closed its end of an event stream (it never sends on one, so anything
/// readable is the end). A phone that vanished without closing is noticed when a write fails.
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    let peeked = stream.peek(&mut byte);
    let _ = stream.set_nonblocking(false);
    match peeked {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    }
}

/// Sends the phone's state as server-sent events: at once, then whenever it changes, with a
/// comment every [`HEARTBEAT`] so a phone that went away is noticed.
fn stream_events(shared: &Shared, id: u64, stream: &TcpStream, token: &str) {
    let mut out = stream;
    // The phone reconnects 2 seconds after losing the stream.
    let head = format!("{}retry: 2000\n\n", event_stream_head());
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    shared.stream_opened(token, id);
    let mut seen = 0;
    let mut last = String::new();
    while !shared.stopping() && shared.stream_current(token, id) {
        let (version, snapshot) = shared.board.wait_past(seen, HEARTBEAT);
        if shared.stopping() || peer_closed(stream) {
            break;
        }
        let message = if version == seen {
            ":\n\n".to_owned()
        } else {
            seen = version;
            match shared.state_json(token, &snapshot) {
                None => {
                    let _ = out.write_all(b"event: gone\ndata: {}\n\n");
                    break;
                }
                Some(json) if json == last => continue,
                Some(json) => {
                    let message = format!("event: state\ndata: {json}\n\n");
                    last = json;
                    message
                }
            }
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
    shared.stream_closed(token, id);
}
