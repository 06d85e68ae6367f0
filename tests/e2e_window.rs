#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! End to end: the real binary in a real X window (Xvfb with openbox), keys pressed with
//! xdotool, screenshots taken with ImageMagick, and checks that the screen changed as a
//! person would see it.
//!
//! Needs `xvfb openbox xdotool imagemagick` (`.ci/run` installs them). Where they are missing
//! the test says so and passes, except under CI (`CI` set), where it fails.
//! `PODIUM_E2E_BIN` picks the binary (CI passes the release build); else the test build's.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Display {
    number: String,
    xvfb: Child,
    wm: Option<Child>,
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(wm) = &mut self.wm {
            let _ = wm.kill();
            let _ = wm.wait();
        }
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

struct App(Child);

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tools_present() -> bool {
    ["Xvfb", "openbox", "xdotool", "import"].iter().all(|tool| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

fn start_display(size: &str) -> Display {
    let dir = tempfile::tempdir().unwrap();
    let fd_file = dir.path().join("display");
    // -displayfd lets Xvfb pick a free display number and report it.
    let xvfb = Command::new("sh")
        .args([
            "-c",
            &format!(
                "exec Xvfb -displayfd 3 -screen 0 {size}x24 -nolisten tcp 3>{}",
                fd_file.display()
            ),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let number = loop {
        let text = std::fs::read_to_string(&fd_file).unwrap_or_default();
        if text.ends_with('\n') {
            break format!(":{}", text.trim());
        }
        assert!(Instant::now() < deadline, "Xvfb did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    let wm = Command::new("openbox")
        .env("DISPLAY", &number)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok();
    std::thread::sleep(Duration::from_millis(500));
    Display { number, xvfb, wm }
}

fn x(display: &Display, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .env("DISPLAY", &display.number)
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn find_window(display: &Display, name: &str) -> Option<String> {
    x(
        display,
        "xdotool",
        &["search", "--onlyvisible", "--name", name],
    )
    .lines()
    .last()
    .map(str::to_owned)
}

fn wait_for_window(display: &Display, app: &mut App, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(id) = find_window(display, name) {
            return id;
        }
        if let Ok(Some(status)) = app.0.try_wait() {
            panic!("podium exited early with {status}");
        }
        assert!(
            Instant::now() < deadline,
            "no window named {name:?} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn key(display: &Display, window: &str, key: &str) {
    x(
        display,
        "xdotool",
        &["windowfocus", "--sync", window, "key", key],
    );
    std::thread::sleep(Duration::from_millis(700));
}

/// A screenshot of `window` as a person sees it: the screen, cut to the window's place.
/// (Capturing an OpenGL window by its id gives an empty picture under Xvfb.)
fn shot(display: &Display, window: &str, out: &Path) -> image::RgbImage {
    // On one screen the focused presenter window may cover the audience window.
    x(display, "xdotool", &["windowraise", window]);
    std::thread::sleep(Duration::from_millis(500));
    x(
        display,
        "import",
        &["-window", "root", &out.display().to_string()],
    );
    let screen = image::open(out).unwrap().to_rgb8();
    let ((x0, y0), (w, h)) = (position(display, window), geometry(display, window));
    let w = w.min(screen.width().saturating_sub(x0));
    let h = h.min(screen.height().saturating_sub(y0));
    let cut = image::imageops::crop_imm(&screen, x0, y0, w, h).to_image();
    cut.save(out).unwrap();
    cut
}

fn position(display: &Display, window: &str) -> (u32, u32) {
    let text = x(display, "xdotool", &["getwindowgeometry", window]);
    let at = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Position: "))
        .and_then(|p| p.split_whitespace().next())
        .unwrap_or("0,0");
    let (x, y) = at.split_once(',').unwrap_or(("0", "0"));
    (x.parse().unwrap_or(0), y.parse().unwrap_or(0))
}

fn geometry(display: &Display, window: &str) -> (u32, u32) {
    let text = x(display, "xdotool", &["getwindowgeometry", window]);
    let size = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Geometry: "))
        .unwrap_or("0x0");
    let (w, h) = size.split_once('x').unwrap_or(("0", "0"));
    (w.parse().unwrap_or(0), h.parse().unwrap_or(0))
}

/// The share of pixels that differ noticeably between two screenshots of the same size.
fn changed_share(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    if a.dimensions() != b.dimensions() {
        return 1.0;
    }
    let changed = a
        .pixels()
        .zip(b.pixels())
        .filter(|(p, q)| p.0.iter().zip(q.0).any(|(x, y)| x.abs_diff(y) > 24))
        .count();
    changed as f64 / f64::from(a.width() * a.height())
}

fn mean_brightness(image: &image::RgbImage) -> f64 {
    let sum: u64 = image
        .pixels()
        .map(|p| p.0.iter().map(|&c| u64::from(c)).sum::<u64>())
        .sum();
    sum as f64 / (f64::from(image.width() * image.height()) * 3.0)
}

fn binary() -> PathBuf {
    std::env::var_os("PODIUM_E2E_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_podium")))
}

fn present_and_check(size: &str, expected: (u32, u32)) {
    if !tools_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the end-to-end test: install xvfb openbox xdotool imagemagick"
        );
        eprintln!("skipped: install xvfb openbox xdotool imagemagick to run this test");
        return;
    }
    let display = start_display(size);
    let shots = tempfile::tempdir().unwrap();
    // PODIUM_E2E_SHOTS=folder keeps the screenshots, to look at what the test saw.
    let kept = std::env::var_os("PODIUM_E2E_SHOTS").map(|dir| PathBuf::from(dir).join(size));
    let shot_dir = kept.clone().unwrap_or_else(|| shots.path().to_path_buf());
    std::fs::create_dir_all(&shot_dir).unwrap();
    let data = tempfile::tempdir().unwrap();
    let deck = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/selling-on-how.ron");
    let mut app = App(Command::new(binary())
        .arg(&deck)
        .env("DISPLAY", &display.number)
        .env("XDG_DATA_HOME", data.path())
        .env("PODIUM_DATA_DIR", data.path())
        // Nothing of the real home folder is read or written, even the fallback for records
        // that cannot be saved at logout.
        .env("HOME", data.path())
        .env("USER", "Dana")
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap());
    let presenter = wait_for_window(&display, &mut app, "Podium.*presenter");
    // The setup asks live or rehearsal; Enter starts with what it offers (a live session).
    // The first frame may take a moment in a debug build, so Enter is pressed until it takes.
    let mut audience = None;
    for _ in 0..10 {
        key(&display, &presenter, "Return");
        std::thread::sleep(Duration::from_secs(1));
        audience = find_window(&display, "Podium audience");
        if audience.is_some() {
            break;
        }
    }
    if audience.is_none() {
        x(
            &display,
            "import",
            &[
                "-window",
                "root",
                &shot_dir.join("0-setup.png").display().to_string(),
            ],
        );
    }
    let audience = audience.expect("Enter on the setup screen opens the audience window");
    std::thread::sleep(Duration::from_secs(2));

    key(&display, &audience, "F5");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        geometry(&display, &audience),
        expected,
        "F5 makes the audience window full-screen"
    );
    let first = shot(&display, &audience, &shot_dir.join("1-full-screen.png"));
    assert_eq!(first.dimensions(), expected);
    assert!(
        mean_brightness(&first) < 100.0,
        "the sample deck is dark-themed"
    );

    // Focus without raising: the presenter's keys drive the full-screen audience window.
    key(&display, &presenter, "Right");
    let second = shot(&display, &audience, &shot_dir.join("2-next.png"));
    assert!(
        changed_share(&first, &second) > 0.01,
        "Right in the presenter window moved the audience window to the next slide"
    );

    key(&display, &audience, "b");
    let black = shot(&display, &audience, &shot_dir.join("3-black.png"));
    assert!(mean_brightness(&black) < 2.0, "B blacks the screen");
    key(&display, &audience, "w");
    let back = shot(&display, &audience, &shot_dir.join("4-back.png"));
    assert!(
        mean_brightness(&back) > 2.0,
        "any key brings the slide back"
    );
    key(&display, &audience, "w");
    let white = shot(&display, &audience, &shot_dir.join("5-white.png"));
    assert!(mean_brightness(&white) > 250.0, "W whites the screen");
    key(&display, &audience, "Escape");
    key(&display, &audience, "Escape");
    std::thread::sleep(Duration::from_secs(1));
    assert_ne!(
        geometry(&display, &audience),
        expected,
        "Escape leaves full-screen"
    );
    assert!(
        app.0.try_wait().unwrap().is_none(),
        "podium is still running"
    );
}

#[test]
fn presents_on_a_1024x768_projector() {
    present_and_check("1024x768", (1024, 768));
}

#[test]
fn presents_on_a_1920x1080_projector() {
    present_and_check("1920x1080", (1920, 1080));
}

/// `podium DECK --rehearse` and `podium DECK --live` start the show with no setup screen: the
/// audience window opens with no key pressed, and the session is recorded in the mode asked
/// for, a live one under the facilitator's name.
fn starts_at_once(flags: &[&str], user: &str) -> podium::store::types::SessionInfo {
    let display = start_display("1920x1080");
    let data = tempfile::tempdir().unwrap();
    let deck = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/tour.ron");
    let mut app = App(Command::new(binary())
        .arg(&deck)
        .args(flags)
        .env("DISPLAY", &display.number)
        .env("PODIUM_DATA_DIR", data.path())
        .env("HOME", data.path())
        .env("USER", user)
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap());
    wait_for_window(&display, &mut app, "Podium audience");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let listed = podium::store::Store::open_read_only(data.path())
            .ok()
            .and_then(|opened| opened.store.sessions().ok())
            .unwrap_or_default();
        if let Some(session) = listed.into_iter().next() {
            return session;
        }
        assert!(
            Instant::now() < deadline,
            "the session was not recorded within 30 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_command_line_starts_a_rehearsal_or_a_live_session_at_once() {
    use podium::store::types::Mode;
    if !tools_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the end-to-end test: install xvfb openbox xdotool imagemagick"
        );
        eprintln!("skipped: install xvfb openbox xdotool imagemagick to run this test");
        return;
    }
    let rehearsal = starts_at_once(&["--rehearse"], "Dana");
    assert_eq!(rehearsal.mode, Mode::Rehearsal);
    let named = starts_at_once(&["--live", "--facilitator", "Ana Ruiz"], "Dana");
    assert_eq!(
        (named.mode, named.facilitator.as_str()),
        (Mode::Live, "Ana Ruiz")
    );
    let unnamed = starts_at_once(&["--live"], "Dana");
    assert_eq!(
        (unnamed.mode, unnamed.facilitator.as_str()),
        (Mode::Live, "Dana"),
        "without a name, the computer's user name"
    );
}

/// On one 1024x768 screen under a window manager that frames windows (openbox), Podium's
/// window lies wholly on the screen, the status line at its bottom included: on the start
/// screen, and in a show started at once, with the audience window in its corner.
#[test]
fn on_one_1024x768_screen_the_presenter_window_fits_with_its_frame() {
    if !tools_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the end-to-end test: install xvfb openbox xdotool imagemagick"
        );
        eprintln!("skipped: install xvfb openbox xdotool imagemagick to run this test");
        return;
    }
    let deck = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/selling-on-how.ron");
    let deck = deck.display().to_string();
    for args in [vec![], vec![deck.as_str(), "--live"]] {
        let display = start_display("1024x768");
        let data = tempfile::tempdir().unwrap();
        let mut app = App(Command::new(binary())
            .args(&args)
            .env("DISPLAY", &display.number)
            .env("PODIUM_DATA_DIR", data.path())
            .env("HOME", data.path())
            .env("USER", "Dana")
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap());
        let presenter = wait_for_window(&display, &mut app, "Podium.*presenter");
        let audience =
            (!args.is_empty()).then(|| wait_for_window(&display, &mut app, "Podium audience"));
        // The window's inside, as xdotool gives it, must leave room for openbox's title bar
        // (its reported position counts the frame twice under openbox, so the size is what is
        // checked).
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut size = geometry(&display, &presenter);
        while size.1 + 10 > 768 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(250));
            size = geometry(&display, &presenter);
        }
        assert!(
            size.0 <= 1024 && size.1 + 10 <= 768,
            "podium {args:?}: the window's inside is {size:?}: with a title bar it runs off the 1024x768 screen"
        );
        if let Some(audience) = audience {
            let corner = position(&display, &audience);
            assert!(
                corner.0 < 512 && corner.1 < 384,
                "the audience window is in the presenter window's top corner: {corner:?}"
            );
        }
    }
}
