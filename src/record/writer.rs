//! The writer thread and the journal of records not yet committed.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TryRecvError, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::follow_up::{FollowUpPending, apply_follow_up};
use super::owner::OwnerLock;
use super::{ApplyError, LocalId, LocalRecord, Notify, Pending, Resolved, apply};
use crate::store::Store;

/// How long the writer waits before trying again after the store refused a write.
pub const RETRY_EVERY: Duration = Duration::from_secs(2);

/// How long one write waits for another program's lock on the file before the writer counts
/// it as refused and tries again later. Short, so stopping the writer is never slow; the
/// windows never wait for it either way.
const WRITER_BUSY_TIMEOUT: Duration = Duration::from_secs(1);

/// Records handed to the writer and not yet taken by it. When it is full (the writer is stuck
/// in a slow disk), records wait in the recorder, in order, and are handed over as it drains.
const QUEUE: usize = 256;

/// Locks the journal; a panic elsewhere while it was held leaves its data whole (every change
/// to it is a single push, remove or assignment), so it is used as it is.
pub fn lock(journal: &Mutex<Journal>) -> MutexGuard<'_, Journal> {
    journal.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a session recorded and the database does not have yet, in order; shared by the
/// screens, the writer and the signal handler (which saves it to a file at logout).
#[derive(Debug)]
pub struct Journal {
    /// The data folder the records are for.
    pub data_dir: PathBuf,
    /// The session's local id.
    pub session: LocalId,
    /// The deck's title and the session's start (RFC 3339), naming the session in a file.
    pub deck_title: String,
    pub started_at: jiff::Zoned,
    /// Records not yet committed, oldest first (held ones included). Shared with the
    /// writer's queue, so a roster of 100,000 people is not copied to be handed over.
    pub pending: VecDeque<Arc<Pending>>,
    /// Follow-up records (commitments, observations) not yet committed, oldest first.
    pub follow_ups: VecDeque<Arc<FollowUpPending>>,
    /// Stand-ins and the stored ids the writer gave them.
    pub resolved: Resolved,
    /// Why the last write failed, in words with what to do, while records wait.
    pub problem: Option<String>,
    /// Records the store refused for good, by key, with why: kept, not retried.
    pub held: HashMap<String, String>,
    /// A roster being written: people done and in all.
    pub progress: Option<(usize, usize)>,
}

/// The journal as the screens show it, read once per frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Records not saved yet, held ones included.
    pub pending: usize,
    /// Why records are waiting, with what to do.
    pub problem: Option<String>,
    /// Records refused for good, and why the first was.
    pub held: usize,
    pub held_problem: Option<String>,
    pub progress: Option<(usize, usize)>,
    /// The session's id in the database, once it is there.
    pub stored_session: Option<i64>,
}

impl Journal {
    pub fn new(
        data_dir: &Path,
        session: LocalId,
        deck_title: &str,
        started_at: &jiff::Zoned,
    ) -> Self {
        Self {
            data_dir: data_dir.to_path_buf(),
            session,
            deck_title: deck_title.to_owned(),
            started_at: started_at.clone(),
            pending: VecDeque::new(),
            follow_ups: VecDeque::new(),
            resolved: Resolved::default(),
            problem: None,
            held: HashMap::new(),
            progress: None,
        }
    }

    pub fn status(&self) -> Status {
        Status {
            pending: self.waiting(),
            problem: self.problem.clone(),
            held: self.held.len(),
            held_problem: self.held.values().next().cloned(),
            progress: self.progress,
            stored_session: self.resolved.get(self.session),
        }
    }

    /// How many records wait, of either kind (held ones included).
    pub fn waiting(&self) -> usize {
        self.pending.len() + self.follow_ups.len()
    }

    /// Forgets the waiting records: the presenter chose to discard them.
    pub fn discard(&mut self) {
        self.pending.clear();
        self.follow_ups.clear();
        self.held.clear();
        self.problem = None;
        self.progress = None;
    }

    /// Takes a committed record out, and keeps the stored ids it was given.
    fn committed(&mut self, key: &str, resolved: impl IntoIterator<Item = (LocalId, i64)>) {
        if let Some(at) = self.pending.iter().position(|p| p.key == key) {
            self.pending.remove(at);
        } else if let Some(at) = self.follow_ups.iter().position(|p| p.key == key) {
            self.follow_ups.remove(at);
        }
        self.resolved.0.extend(resolved);
        if self.waiting() == self.held.len() {
            self.problem = None;
        }
    }
}

/// A record on its way to the store: a show's, or a follow-up record.
#[derive(Debug, Clone)]
enum Queued {
    Show(Arc<Pending>),
    FollowUp(Arc<FollowUpPending>),
}

impl Queued {
    fn key(&self) -> &str {
        match self {
            Queued::Show(pending) => &pending.key,
            Queued::FollowUp(pending) => &pending.key,
        }
    }

    fn starts_session(&self) -> bool {
        matches!(self, Queued::Show(pending) if matches!(pending.write, LocalRecord::StartSession(_)))
    }

    fn creates(&self) -> Vec<LocalId> {
        match self {
            Queued::Show(pending) => pending.creates(),
            Queued::FollowUp(pending) => pending.creates(),
        }
    }
}

enum Message {
    Write(Queued),
    /// Try the waiting records now instead of at the next retry.
    RetryNow,
    /// Write what is waiting if the store takes it, then end.
    Stop,
    /// End without writing what is waiting.
    Discard,
}

/// What the writer tells the screens besides the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The record with this key is on the disk.
    Committed(String),
    /// The record with this key was refused for good; it stays in the journal.
    Held(String),
}

/// The screens' handle on the writer thread.
pub struct Writer {
    to_writer: SyncSender<Message>,
    /// Records the full queue could not take yet, oldest first.
    waiting: VecDeque<Queued>,
    events: Receiver<Event>,
}

impl Writer {
    /// Starts the writer for the records in `journal`, writing into the store in `data_dir`,
    /// holding `owner` (the session's lock) while it runs. `notify` wakes the windows.
    pub fn start(
        data_dir: &Path,
        journal: Arc<Mutex<Journal>>,
        owner: Option<OwnerLock>,
        notify: Notify,
    ) -> Writer {
        let (to_writer, from_screens) = mpsc::sync_channel(QUEUE);
        let (events_tx, events) = mpsc::channel();
        let thread = WriterThread {
            data_dir: data_dir.to_path_buf(),
            journal: journal.clone(),
            owner,
            notify,
            events: events_tx,
            resolved: lock(&journal).resolved.clone(),
            store: None,
        };
        let spawned = std::thread::Builder::new()
            .name("podium-writer".into())
            .spawn(move || thread.run(&from_screens));
        if let Err(e) = spawned {
            lock(&journal).problem = Some(format!(
                "Podium could not start saving records ({e}). They are kept in memory: when you close, save them to a file, then restart Podium."
            ));
        }
        Writer {
            to_writer,
            waiting: VecDeque::new(),
            events,
        }
    }

    /// Hands a record to the writer, or keeps it until the queue has room; never waits.
    pub fn send(&mut self, pending: Arc<Pending>) {
        self.waiting.push_back(Queued::Show(pending));
        self.pump();
    }

    /// Hands a follow-up record to the writer, as [`Writer::send`] does. The caller keeps it
    /// in the journal's `follow_ups` until the writer reports it committed.
    pub fn send_follow_up(&mut self, pending: Arc<FollowUpPending>) {
        self.waiting.push_back(Queued::FollowUp(pending));
        self.pump();
    }

    /// Hands over the records the queue could not take before.
    pub fn pump(&mut self) {
        while let Some(pending) = self.waiting.pop_front() {
            match self.to_writer.try_send(Message::Write(pending)) {
                Ok(()) => {}
                Err(TrySendError::Full(Message::Write(pending))) => {
                    self.waiting.push_front(pending);
                    return;
                }
                // The writer is gone (it could not start): the record stays in the journal,
                // which the close dialog and the signal handler save.
                Err(_) => return,
            }
        }
    }

    /// What the writer did since the last call.
    pub fn events(&mut self) -> Vec<Event> {
        self.pump();
        self.events.try_iter().collect()
    }

    /// Asks the writer to try the waiting records now.
    pub fn retry_now(&mut self) {
        self.pump();
        // A full queue means the writer has work and will try soon anyway.
        if self.to_writer.try_send(Message::RetryNow).is_err() {
            eprintln!("podium: the writer is busy; it retries on its own timer");
        }
    }

    /// Ends the writer without writing what waits (the presenter discarded it).
    pub fn discard(&mut self) {
        self.waiting.clear();
        self.finish(Message::Discard);
    }

    fn finish(&mut self, message: Message) {
        // The writer reads the queue in order, so this arrives after every record sent. If the
        // queue is full, the writer ends when the screens' side of it is dropped instead,
        // which it reads as a stop.
        drop(self.to_writer.try_send(message));
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.pump();
        self.finish(Message::Stop);
    }
}

struct WriterThread {
    data_dir: PathBuf,
    journal: Arc<Mutex<Journal>>,
    owner: Option<OwnerLock>,
    notify: Notify,
    events: mpsc::Sender<Event>,
    resolved: Resolved,
    store: Option<Store>,
}

impl WriterThread {
    fn run(mut self, messages: &Receiver<Message>) {
        let mut backlog: VecDeque<Queued> = VecDeque::new();
        let mut retry_at: Option<Instant> = None;
        let mut stopping = false;
        loop {
            if stopping && (backlog.is_empty() || retry_at.is_some()) {
                return;
            }
            let received = if backlog.is_empty() {
                match messages.recv() {
                    Ok(message) => Some(message),
                    Err(_) => return,
                }
            } else if let Some(at) = retry_at {
                match messages.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(message) => Some(message),
                    Err(RecvTimeoutError::Timeout) => {
                        retry_at = None;
                        None
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        stopping = true;
                        None
                    }
                }
            } else {
                None
            };
            let mut next = received;
            loop {
                match next {
                    Some(Message::Write(pending)) => backlog.push_back(pending),
                    Some(Message::RetryNow) => retry_at = None,
                    Some(Message::Stop) => stopping = true,
                    Some(Message::Discard) => return,
                    None => {}
                }
                next = match messages.try_recv() {
                    Ok(message) => Some(message),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        stopping = true;
                        break;
                    }
                };
            }
            if retry_at.is_none() && !backlog.is_empty() {
                retry_at = self.write_backlog(&mut backlog);
            }
        }
    }

    /// Writes the backlog in order until it is empty or a write fails; returns when to try
    /// again after a failure.
    fn write_backlog(&mut self, backlog: &mut VecDeque<Queued>) -> Option<Instant> {
        while let Some(pending) = backlog.front() {
            let result = self.write_one(pending);
            match result {
                Ok(resolved) => {
                    let key = pending.key().to_owned();
                    if let (true, Some((_, id))) = (pending.starts_session(), resolved.first()) {
                        self.take_ownership(*id);
                    }
                    backlog.pop_front();
                    lock(&self.journal).committed(&key, resolved);
                    self.tell(Event::Committed(key));
                }
                Err(e) if e.is_lasting() => {
                    let key = pending.key().to_owned();
                    lock(&self.journal).held.insert(key.clone(), e.explained());
                    backlog.pop_front();
                    self.tell(Event::Held(key));
                }
                Err(e) => {
                    // A fresh connection next time: the folder may have been remounted, or
                    // the file replaced.
                    self.store = None;
                    lock(&self.journal).problem = Some(e.explained());
                    (self.notify)();
                    return Some(Instant::now() + RETRY_EVERY);
                }
            }
        }
        None
    }

    fn write_one(&mut self, pending: &Queued) -> Result<Vec<(LocalId, i64)>, ApplyError> {
        let store = match &mut self.store {
            Some(store) => store,
            None => {
                let store = Store::open(&self.data_dir)?;
                store.set_busy_timeout(WRITER_BUSY_TIMEOUT)?;
                self.store.insert(store)
            }
        };
        let journal = &self.journal;
        let notify = &self.notify;
        let mut progress = |done: usize, total: usize| {
            lock(journal).progress = (done < total).then_some((done, total));
            notify();
        };
        let written = match pending {
            Queued::Show(pending) => apply(store, &mut self.resolved, pending, &mut progress),
            Queued::FollowUp(pending) => apply_follow_up(store, &mut self.resolved, pending),
        };
        if written.is_err() {
            lock(journal).progress = None;
        }
        Ok(pending
            .creates()
            .into_iter()
            .zip(written?.ids)
            .filter(|(local, _)| *local < 0)
            .collect())
    }

    /// Locks a new session against other Podium windows, once it has its id.
    fn take_ownership(&mut self, session: i64) {
        match OwnerLock::acquire(&self.data_dir, session) {
            Ok(Some(lock)) => self.owner = Some(lock),
            // No other window can know a session that was just created; should one hold it
            // anyway, the records still go in (the lock only guards resuming).
            Ok(None) => eprintln!("podium: session {session} is locked by another window"),
            Err(e) => eprintln!(
                "podium: session {session} is recorded without a lock against other windows: {e}"
            ),
        }
    }

    fn tell(&self, event: Event) {
        // After the show closed nobody listens; the journal holds the outcome all the same.
        drop(self.events.send(event));
        (self.notify)();
    }
}
