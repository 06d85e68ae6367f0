//! Phones in the room: a small HTTP server on the laptop's LAN that lets each participant
//! join with a PIN and answer from their own phone, with every record still made by the core
//! and kept in the local store. No cloud, no accounts. No UI here.
//!
//! The boundary with the core:
//! - the core publishes what phones may see as a [`Snapshot`] on a [`Board`], whenever it
//!   changes (publishing an unchanged snapshot costs nothing);
//! - the server sends every change a phone asks for (check-in, answer, anonymous vote, score
//!   sheet, admission) as a [`PhoneRequest`] on a channel, and wakes the core's window with
//!   the waker it was started with;
//! - the core applies the request like a click, and completes its [`Reply`] once the record
//!   is committed durably ([`Reply::saved`]), or refuses it; the phone hears "saved" only
//!   then.
//!
//! The server never touches the store or the session, and never sends a phone anything about
//! a person other than its own (see [`view`]).
//!
//! ```no_run
//! use std::sync::mpsc;
//! use podium::phones::{Board, PhoneConfig, PhoneServer, Snapshot};
//!
//! let board = Board::new(Snapshot::default());
//! let (requests, from_phones) = mpsc::channel();
//! let server = PhoneServer::start(PhoneConfig::default(), board.clone(), requests, || {})?;
//! println!("join: {} pin: {}", server.main_url(), server.pin());
//! for request in from_phones.try_iter() {
//!     // Apply request.change through the recorder, then:
//!     request.reply.saved();
//! }
//! # Ok::<(), podium::phones::PhoneError>(())
//! ```

mod api;
mod board;
mod guard;
mod http;
mod matching;
mod net;
mod page;
mod request;
mod server;
pub mod view;

pub use api::{COOKIE, MAX_NAME_CHARS};
pub use board::{
    Board, ItemKind, OpenItem, Part, RolePlayBoard, RubricLine, SavedSheet, ScoreTask,
    ShownResults, Snapshot,
};
pub use guard::{FAILED_JOIN_WINDOW, FAILED_JOINS_ALLOWED, is_private_peer};
pub use http::{MAX_BODY, MAX_HEAD};
pub use matching::name_key;
pub use net::{JoinUrl, QrMatrix, Reach};
pub use request::{Outcome, PhoneChange, PhoneRequest, Refusal, Reply};
pub use server::{Carryover, PhoneConfig, PhoneServer, PhoneStatus};
pub use view::MAX_TEXT_CHARS;

use std::net::SocketAddr;

/// Why phones could not be turned on, or a QR code made.
#[derive(Debug, thiserror::Error)]
pub enum PhoneError {
    #[error("the port {} is already in use on {}", .address.port(), .address.ip())]
    PortTaken { address: SocketAddr },
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("this laptop has no network address to listen on")]
    NoAddress,
    #[error("cannot make a PIN and tokens from the system's random source: {0}")]
    Random(String),
    #[error("cannot make a QR code of the join address: {0}")]
    Qr(String),
    #[error("cannot start the phone server: {0}")]
    Thread(std::io::Error),
}

impl PhoneError {
    /// What the facilitator can do about it, to show under the message.
    pub fn advice(&self) -> &'static str {
        match self {
            PhoneError::PortTaken { .. } => {
                "Another program (or another Podium) uses that port. Choose another with --port, or leave it out to take any free port."
            }
            PhoneError::Listen { .. } | PhoneError::NoAddress => {
                "Check that the laptop is connected to the room's Wi-Fi (or has its hotspot on), then turn phones on again."
            }
            PhoneError::Random(_) | PhoneError::Thread(_) => {
                "Try again. If it keeps happening, restart Podium; the facilitator can still record answers by hand."
            }
            PhoneError::Qr(_) => "Read the address and PIN out, or write them on the board.",
        }
    }

    /// The message and what to do about it, in one line, for the screen.
    pub fn explained(&self) -> String {
        format!("{self}. {}", self.advice())
    }
}
