#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The phone page in a real browser: headless Chromium driven through WebDriver
//! (chromedriver), against the phone server on loopback and a stand-in core that records in a
//! real SQLite file. A person joins, answers a poll that appears when the presenter advances,
//! sees the results, answers a rating and a free text, reads a private brief, fills an
//! observer's score sheet, and waits to be let in as a walk-in.
//!
//! Set `PODIUM_PHONE_SHOTS=FOLDER` to keep a 390x844 screenshot of each screen there.
//! Skips, saying so, only when Chromium or chromedriver is not installed (`.ci/run` installs
//! both).

mod phones_support;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use podium::phones::{PhoneConfig, PhoneServer, Reach};
use serde_json::{Value, json};

use phones_support::{Client, TestCore};

const WAIT: Duration = Duration::from_secs(20);
/// WebDriver's name for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn installed(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|path| path.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver, run for the test and ended with it.
struct Driver {
    child: Child,
    address: SocketAddr,
    session: String,
    shots: Option<PathBuf>,
    _profile: tempfile::TempDir,
}

impl Driver {
    fn start(chromium: &Path, chromedriver: &Path) -> Driver {
        let port = free_port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + WAIT;
        loop {
            if std::net::TcpStream::connect(address).is_ok() {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let mut driver = Driver {
            child,
            address,
            session: String::new(),
            shots: std::env::var_os("PODIUM_PHONE_SHOTS").map(PathBuf::from),
            _profile: profile,
        };
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--window-size=390,844".to_owned(),
            format!("--user-data-dir={}", driver._profile.path().display()),
        ];
        let created = driver.command(
            "POST",
            "/session",
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": args,
                    // A phone's screen: headless windows are at least 500 pixels wide.
                    "mobileEmulation": {"deviceMetrics": {
                        "width": 390, "height": 844, "pixelRatio": 1.0, "touch": true,
                    }},
                },
            }}})),
        );
        driver.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {created}"))
            .to_owned();
        driver
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let mut client = Client::connect_waiting(self.address, Duration::from_secs(120));
        let body = body.map(|b| b.to_string());
        let reply = client.send(method, path, None, body.as_deref());
        let value = reply.json()["value"].clone();
        assert!(
            reply.status == 200,
            "WebDriver {method} {path}: {} {value}",
            reply.status
        );
        value
    }

    fn session(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.command(method, &format!("/session/{}{path}", self.session), body)
    }

    fn open(&self, url: &str) {
        self.session("POST", "/url", Some(json!({ "url": url })));
    }

    fn run(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Waits until the script returns true; says what the page showed if it never does.
    fn wait(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT;
        while self.run(script) != json!(true) {
            assert!(
                Instant::now() < deadline,
                "{what} never happened; the page said: {}",
                self.text("body")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for an element to show text containing `text`.
    fn wait_text(&self, css: &str, text: &str) {
        let script = format!(
            "var e = document.querySelector({css}); return !!e && e.textContent.indexOf({text}) >= 0;",
            css = json!(css),
            text = json!(text)
        );
        self.wait(&format!("{css} showing {text:?}"), &script);
    }

    fn element(&self, css: &str) -> String {
        let found = self.session(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found[ELEMENT].as_str().unwrap().to_owned()
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.session("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.session("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.session(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn text(&self, css: &str) -> String {
        let script = format!(
            "var e = document.querySelector({}); return e ? e.innerText : '';",
            json!(css)
        );
        self.run(&script).as_str().unwrap_or_default().to_owned()
    }

    /// Checks what a phone needs of every screen: nothing wider than the screen, tap targets
    /// at least 44 pixels tall, and a label for every field.
    fn check_layout(&self, screen: &str) {
        let problems = self.run(
            "var problems = [];
             if (document.documentElement.scrollWidth > window.innerWidth) {
               problems.push('wider than the screen: ' + document.documentElement.scrollWidth);
             }
             document.querySelectorAll('button, label.choice, summary').forEach(function (e) {
               var r = e.getBoundingClientRect();
               if (r.height > 0 && r.height < 44) problems.push('small target: ' + e.textContent + ' ' + r.height);
             });
             document.querySelectorAll('input, textarea').forEach(function (e) {
               if (!e.labels.length && !e.getAttribute('aria-label')) problems.push('no label: ' + e.id);
             });
             return problems;",
        );
        assert_eq!(problems, json!([]), "on the {screen} screen");
    }

    /// Keeps a screenshot of the page as `NAME.png` when screenshots are asked for.
    fn shot(&self, name: &str) {
        self.check_layout(name);
        let Some(dir) = &self.shots else {
            return;
        };
        let png = base64(self.session("GET", "/screenshot", None).as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a screenshot is a PNG");
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let mut client = Client::connect_waiting(self.address, Duration::from_secs(30));
            let _ = client.send("DELETE", &format!("/session/{}", self.session), None, None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let clean: Vec<u8> = text.bytes().filter(|c| *c != b'=' && *c != b'\n').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, c)| {
            acc | u32::from(value(*c)) << (18 - 6 * i)
        });
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// The response recorded for `person` to `item`, as stored.
fn stored(core: &TestCore, item: &str, person: i64) -> Option<String> {
    core.db()
        .query_row(
            "SELECT CAST(answer_value AS TEXT) FROM responses r
             WHERE item_id = ?1 AND person_id = ?2
               AND NOT EXISTS (SELECT 1 FROM responses c WHERE c.supersedes = r.response_id)",
            (item, person),
            |row| row.get(0),
        )
        .ok()
}

#[test]
fn a_phone_joins_answers_and_scores_in_a_real_browser() {
    let (Some(chromium), Some(chromedriver)) = (installed("chromium"), installed("chromedriver"))
    else {
        eprintln!(
            "skipping the browser test: Chromium is not installed (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let core = TestCore::new();
    let server = PhoneServer::start(
        PhoneConfig {
            port: 0,
            reach: Reach::Loopback,
            carry_over: None,
        },
        core.board.clone(),
        core.sender(),
        || {},
    )
    .unwrap();
    let url = format!("http://127.0.0.1:{}/", server.port());
    let browser = Driver::start(&chromium, &chromedriver);
    let ivan = core.person("Иван Петров");

    // Joining: the QR code's link fills in the PIN; the name is typed.
    browser.open(&format!("{url}#pin={}", server.pin()));
    browser.wait("the join form", "return !!document.getElementById('name');");
    assert_eq!(
        browser.run("return document.getElementById('pin').value;"),
        json!(server.pin())
    );
    browser.type_into("#name", "иван петров");
    browser.shot("1-join");
    browser.click("#join");
    browser.wait_text("h1", "You\u{2019}re in, Иван Петров");
    browser.shot("2-joined");

    // A reload keeps the phone joined: the cookie carries its token.
    browser.open(&url);
    browser.wait_text("h1", "You\u{2019}re in, Иван Петров");

    // The presenter advances to a poll: it appears without a reload, its text as text.
    core.show("channel");
    browser.wait_text(
        "h1",
        "Where do <img src=x onerror=alert(1)> leads come from?",
    );
    assert_eq!(
        browser.run("return document.querySelectorAll('main img, main script').length;"),
        json!(0),
        "deck text is never markup"
    );
    browser.wait_text("#option-3", "<script>alert(1)</script>");
    browser.shot("3-poll");
    browser.click("#option-2");
    browser.wait_text("#status-item-channel", "Saved");
    assert_eq!(stored(&core, "channel", ivan).as_deref(), Some("2"));
    browser.click("#option-0");
    browser.wait_text("#status-item-channel", "Saved: A.");
    assert_eq!(
        stored(&core, "channel", ivan).as_deref(),
        Some("0"),
        "a changed answer is a correction"
    );

    // The results step.
    core.show_results(false);
    browser.wait_text("#results-heading", "Results");
    browser.wait_text(".bars", "(yours)");
    browser.shot("4-results");

    core.show("confidence");
    browser.wait(
        "the rating",
        "return !!document.getElementById('rating-5');",
    );
    browser.click("#rating-4");
    browser.wait_text("#status-item-confidence", "Saved: 4");
    assert_eq!(stored(&core, "confidence", ivan).as_deref(), Some("4"));
    browser.shot("5-rating");

    core.show("takeaway");
    browser.wait(
        "the text box",
        "return !!document.getElementById('answer-text');",
    );
    browser.type_into("#answer-text", "Ask «why» before quoting a price.");
    browser.click("#send");
    browser.wait_text("#status-item-takeaway", "Saved");
    assert_eq!(
        stored(&core, "takeaway", ivan).as_deref(),
        Some("Ask «why» before quoting a price.")
    );
    browser.shot("6-free-text");

    // Role-play: round 1 Ivan observes Léa; round 2 he plays the buyer.
    let group = vec![core.person("Léa Dubois"), core.person("Ben Okafor"), ivan];
    core.show_role_play("discovery", std::slice::from_ref(&group), 1);
    browser.wait_text("#sheet-heading", "Score sheet for Léa Dubois");
    browser.shot("7-score-sheet");
    browser.click("#score-0-4");
    browser.click("#score-1-5");
    browser.type_into("#sheet-comment", "Two open questions, then listened.");
    browser.click("#save-sheet");
    browser.wait_text("#status-rp-discovery-1-sheet", "Score sheet saved");
    browser.run("document.getElementById('save-sheet').scrollIntoView({block: 'end'});");
    browser.shot("7b-score-sheet-saved");
    let sheet: (i64, i64, String) = core
        .db()
        .query_row(
            "SELECT seller_id, observer_id, comment FROM score_sheets WHERE item_id = 'discovery' AND round = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        sheet,
        (
            core.person("Léa Dubois"),
            ivan,
            "Two open questions, then listened.".to_owned()
        )
    );
    let scores: Vec<i64> = core
        .db()
        .prepare("SELECT score FROM sheet_scores ORDER BY position")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(scores, vec![4, 5]);

    core.show_role_play("discovery", &[group], 2);
    browser.wait_text("main", "Your private brief");
    let page = browser.text("main");
    assert!(page.contains("BUYER-BRIEF"), "{page}");
    assert!(!page.contains("SELLER-BRIEF"), "{page}");
    browser.shot("8-private-brief");

    // Someone not on the list asks to be let in from this phone.
    core.blank();
    browser.wait_text("h1", "You\u{2019}re in");
    browser.click("#not-me");
    browser.click("#leave");
    browser.wait("the join form", "return !!document.getElementById('name');");
    browser.type_into("#pin", server.pin());
    browser.type_into("#name", "Walk-in Wanda");
    browser.click("#join");
    browser.wait_text("h1", "Not on the list");
    browser.click("#walk-in");
    browser.wait_text("h1", "Waiting to be let in");
    browser.shot("9-waiting");
    let waiting = core.next_waiting(WAIT).expect("the facilitator is asked");
    assert_eq!(waiting.name, "Walk-in Wanda");
    core.admit(waiting);
    browser.wait_text("h1", "You\u{2019}re in, Walk-in Wanda");

    // Namesakes choose between the two names that match, and no others.
    browser.click("#not-me");
    browser.click("#leave");
    browser.wait("the join form", "return !!document.getElementById('name');");
    browser.type_into("#pin", server.pin());
    browser.type_into("#name", "lena muller");
    browser.click("#join");
    browser.wait_text("h1", "Which one is you?");
    assert_eq!(
        browser.run(
            "return Array.from(document.querySelectorAll('.choice')).map(b => b.textContent);"
        ),
        json!(["Lena Müller", "Lena Muller"])
    );
    browser.shot("10-choose");
    browser.click("#choice-0");
    browser.wait_text("h1", "You\u{2019}re in, Lena Müller");

    // An anonymous poll: choose, then send; the vote cannot be changed.
    core.show("honest");
    browser.wait(
        "the anonymous poll",
        "return !!document.getElementById('option-1');",
    );
    browser.click("label[for='option-1']");
    browser.shot("11-anonymous-poll");
    browser.click("#send");
    browser.wait_text("main", "Your anonymous vote is in");
    browser.shot("12-anonymous-voted");

    // A quiz whose answer the projector reveals.
    core.show("discount");
    browser.wait("the quiz", "return !!document.getElementById('option-2');");
    browser.click("#option-2");
    browser.wait_text("#status-item-discount", "Saved");
    core.show_results(true);
    browser.wait_text("main", "Not this time: the right answer is B.");
    browser.shot("13-quiz-answer");

    // The narrowest phones are 360 pixels wide; the longest name still fits.
    browser.session(
        "POST",
        "/goog/cdp/execute",
        Some(
            json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
                "width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": true,
            }}),
        ),
    );
    browser.click("#not-me");
    browser.click("#leave");
    browser.wait("the join form", "return !!document.getElementById('name');");
    browser.type_into("#pin", server.pin());
    browser.type_into(
        "#name",
        "maximiliana alexandrovna konstantinopoulou wolfeschlegelstein",
    );
    browser.click("#join");
    browser.wait_text("#me-name", "Konstantinopoulou-Wolfeschlegelstein");
    core.show("topics");
    browser.wait("the poll", "return !!document.getElementById('option-2');");
    browser.click("label[for='option-0']");
    browser.click("label[for='option-2']");
    browser.click("#send");
    browser.wait_text("#status-item-topics", "Saved");
    let long = core.person("Maximiliana Alexandrovna Konstantinopoulou-Wolfeschlegelstein");
    assert_eq!(stored(&core, "topics", long).as_deref(), Some("0,2"));
    browser.shot("14-narrow-long-name");
}
