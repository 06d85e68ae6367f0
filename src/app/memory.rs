//! How the window process asks the C allocator for memory. Every picture of a deck is decoded
//! into buffers of several megabytes (a full-HD picture is 8 MB as a texture, more while it is
//! decoded and scaled), on the picture thread and in the software renderer. glibc serves a
//! block that large from its own heaps once it has seen one freed (its threshold for mapping a
//! block from the system on its own rises to the largest block freed), and what it frees there
//! stays with the process: measured on the workshop deck (120 slides, 30 full-HD pictures), the
//! memory in use grew from 105 MB on the first slide to 125-146 MB after 40 advances, although
//! only the pictures near the current slide are kept. A fixed threshold keeps every block from
//! 1 MB up mapped on its own and returned when freed: 103 MB after the same 40 advances.
//!
//! glibc takes a fixed threshold from the environment when a process starts (Podium has no
//! `unsafe` code, so it does not call `mallopt`): the window process starts itself again once,
//! at once, with the setting added.

/// The variable glibc reads the threshold from at start.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const THRESHOLD_VAR: &str = "MALLOC_MMAP_THRESHOLD_";

/// Blocks at least this large are mapped from the system on their own, and returned to it when
/// freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const LARGE_BLOCK_BYTES: &str = "1048576";

/// Makes large blocks go back to the system when they are freed: on Linux with glibc, by
/// starting this program again in place (same process, same arguments) with the setting, unless
/// it is set already (by that restart, or by the user, whose value stands). Elsewhere the
/// allocator has no such setting, and nothing is done. Call first thing, before any thread.
pub fn return_large_frees() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        if std::env::var_os(THRESHOLD_VAR).is_some() {
            return; // Set: this is the restarted process, or the user chose a value.
        }
        let Ok(program) = std::env::current_exe() else {
            return; // No path to start again from: the defaults only cost memory.
        };
        let mut args = std::env::args_os();
        let mut command = std::process::Command::new(program);
        if let Some(name) = args.next() {
            command.arg0(name);
        }
        // `exec` returns only if the program could not be started again.
        let error = command
            .args(args)
            .env(THRESHOLD_VAR, LARGE_BLOCK_BYTES)
            .exec();
        eprintln!("podium: going on without the memory setting ({THRESHOLD_VAR}): {error}");
    }
}
