//! Slow work (reading a roster, listing or loading sessions, merging a file) on a thread of
//! its own, so the windows keep answering; the result is picked up by the next frame.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::Notify;

/// Work running on its own thread, with its result once done.
pub struct Job<T> {
    result: Receiver<T>,
}

/// How a job ended, when asked.
#[derive(Debug, PartialEq, Eq)]
pub enum Polled<T> {
    Running,
    Done(T),
    /// The thread ended without a result (it panicked); the message says so.
    Lost,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a thread named `name`; `notify` wakes the windows when it is done.
    pub fn spawn(
        name: &str,
        notify: Notify,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> std::io::Result<Job<T>> {
        let (tx, result) = mpsc::channel();
        std::thread::Builder::new()
            .name(format!("podium-{name}"))
            .spawn(move || {
                // Nobody listens once the screen that asked has gone; the result is dropped.
                drop(tx.send(work()));
                notify();
            })?;
        Ok(Job { result })
    }

    /// The result, once the work is done.
    pub fn poll(&self) -> Polled<T> {
        match self.result.try_recv() {
            Ok(value) => Polled::Done(value),
            Err(TryRecvError::Empty) => Polled::Running,
            Err(TryRecvError::Disconnected) => Polled::Lost,
        }
    }
}
