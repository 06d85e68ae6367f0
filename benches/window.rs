#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

//! The release binary in a real X window (Xvfb, openbox, Mesa's software OpenGL): time from
//! launch to the first window, and CPU used while idling on a slide with the clock running.
//!
//! Needs `xvfb openbox xdotool`. Software OpenGL makes every frame cost CPU that a graphics
//! card would take, so these figures are an upper bound for a real laptop.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_x() -> (String, Kill, Kill) {
    let dir = tempfile::tempdir().unwrap();
    let fd_file = dir.path().join("display");
    let xvfb = Command::new("sh")
        .args([
            "-c",
            &format!(
                "exec Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>{}",
                fd_file.display()
            ),
        ])
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb (apt-get install xvfb)");
    let display = loop {
        let text = std::fs::read_to_string(&fd_file).unwrap_or_default();
        if text.ends_with('\n') {
            break format!(":{}", text.trim());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let wm = Command::new("openbox")
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openbox");
    std::thread::sleep(Duration::from_millis(500));
    (display, Kill(xvfb), Kill(wm))
}

fn launch(display: &str, data: &std::path::Path) -> Kill {
    let deck = concat!(env!("CARGO_MANIFEST_DIR"), "/decks/selling-on-how.ron");
    Kill(
        Command::new(env!("CARGO_BIN_EXE_podium"))
            .arg(deck)
            .env("DISPLAY", display)
            .env("XDG_DATA_HOME", data)
            .env("PODIUM_DATA_DIR", data)
            .env("USER", "Dana")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

fn windows(display: &str, pid: u32) -> usize {
    let out = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--pid", &pid.to_string()])
        .env("DISPLAY", display)
        .output()
        .expect("xdotool");
    String::from_utf8_lossy(&out.stdout).lines().count()
}

/// Presses `keys` in the presenter window.
fn press(display: &str, keys: &[&str]) {
    let presenter = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "presenter"])
        .env("DISPLAY", display)
        .output()
        .unwrap();
    let presenter = String::from_utf8_lossy(&presenter.stdout)
        .lines()
        .last()
        .unwrap()
        .to_owned();
    for key in keys {
        Command::new("xdotool")
            .args(["windowfocus", "--sync", &presenter, "key", key])
            .env("DISPLAY", display)
            .status()
            .unwrap();
    }
}

/// User plus system CPU time of `pid`, in clock ticks (100 a second on Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn main() {
    let (display, _xvfb, _wm) = start_x();
    let data = tempfile::tempdir().unwrap();

    let mut launches = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let app = launch(&display, data.path());
        while windows(&display, app.0.id()) < 1 {
            assert!(start.elapsed() < Duration::from_secs(30), "no window");
            std::thread::sleep(Duration::from_millis(5));
        }
        launches.push(start.elapsed());
    }
    launches.sort();
    println!(
        "launch to the first window shown                 median {:>7.0} ms   worst {:>7.0} ms   (5 launches)",
        launches[2].as_secs_f64() * 1e3,
        launches[4].as_secs_f64() * 1e3
    );

    let app = launch(&display, data.path());
    let pid = app.0.id();
    while windows(&display, pid) < 1 {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_secs(1));
    press(&display, &["Return"]);
    while windows(&display, pid) < 2 {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_secs(3));
    let seconds = 20;
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(seconds));
    let used = cpu_ticks(pid) - before;
    println!(
        "idle on a slide, clock running (2 windows)       {:>6.1} % of one core over {seconds} s",
        used as f64 / (seconds as f64 * 100.0) * 100.0
    );

    // On an Activity with its countdown running, both windows redraw once a second.
    let deck = podium::deck::load(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/decks/selling-on-how.ron"
        )),
        podium::deck::ImageCheck::Header,
    )
    .unwrap()
    .deck;
    let activity = deck
        .slides()
        .position(|(_, s)| matches!(s.kind, podium::deck::SlideKind::Activity { .. }))
        .unwrap()
        + 1;
    let presenter = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "presenter"])
        .env("DISPLAY", &display)
        .output()
        .unwrap();
    let presenter = String::from_utf8_lossy(&presenter.stdout)
        .lines()
        .last()
        .unwrap()
        .to_owned();
    let mut keys: Vec<String> = activity
        .to_string()
        .chars()
        .map(|c| c.to_string())
        .collect();
    keys.extend(["Return".to_owned(), "t".to_owned()]);
    for key in keys {
        Command::new("xdotool")
            .args(["windowfocus", "--sync", &presenter, "key", &key])
            .env("DISPLAY", &display)
            .status()
            .unwrap();
    }
    std::thread::sleep(Duration::from_secs(2));
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(seconds));
    let used = cpu_ticks(pid) - before;
    println!(
        "countdown running on an Activity (2 windows)     {:>6.1} % of one core over {seconds} s",
        used as f64 / (seconds as f64 * 100.0) * 100.0
    );
}
