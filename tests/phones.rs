#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The phone server over loopback, against a stand-in core that records in a real SQLite file:
//! joining, answering every kind, anonymous votes, role-play briefs and score sheets, results,
//! live events, limits and refusals.

mod phones_support;

use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use podium::phones::{
    FAILED_JOINS_ALLOWED, MAX_BODY, MAX_TEXT_CHARS, PhoneConfig, PhoneServer, Reach, Refusal,
};
use serde_json::{Value, json};

use phones_support::{Client, EventStream, ROSTER, TestCore, call, join, raw};

const WAIT: Duration = Duration::from_secs(10);

fn start(core: &TestCore) -> (PhoneServer, SocketAddr) {
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
    let address = SocketAddr::from(([127, 0, 0, 1], server.port()));
    (server, address)
}

fn post(
    address: SocketAddr,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> phones_support::HttpReply {
    call(address, "POST", path, token, Some(&body.to_string()))
}

fn get(address: SocketAddr, path: &str, token: Option<&str>) -> phones_support::HttpReply {
    call(address, "GET", path, token, None)
}

fn state(address: SocketAddr, token: &str) -> Value {
    let reply = get(address, "/api/state", Some(token));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// The names on the roster other than `own`: none of them may reach `own`'s phone.
fn others(own: &str) -> Vec<&'static str> {
    ROSTER
        .iter()
        .map(|(name, _, _)| *name)
        .filter(|name| *name != own)
        .collect()
}

fn assert_names_only(json: &str, own: &str) {
    for other in others(own) {
        assert!(
            !json.contains(other),
            "{other} reached {own}'s phone: {json}"
        );
    }
    assert!(
        !json.contains("@example.com"),
        "an email reached a phone: {json}"
    );
}

#[test]
fn joining_needs_the_pin_and_checks_the_person_in() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    assert_eq!(server.pin().len(), 6);
    let wrong = if server.pin() == "000000" {
        "111111"
    } else {
        "000000"
    };
    let refused = post(
        address,
        "/api/join",
        None,
        json!({"pin": wrong, "name": "Léa Dubois"}),
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refused.json()["error"], "wrong_pin");

    let joined = post(
        address,
        "/api/join",
        None,
        json!({"pin": server.pin(), "name": "  lea   DUBOIS "}),
    );
    assert_eq!(joined.status, 200, "{}", joined.body);
    let body = joined.json();
    let token = body["token"].as_str().unwrap();
    assert_eq!(token.len(), 64, "256 bits as hex");
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(body["name"], "Léa Dubois");
    let cookie = joined.header("set-cookie").unwrap();
    assert!(
        cookie.starts_with(&format!("podium_phone={token};")),
        "{cookie}"
    );
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );

    let by_email = post(
        address,
        "/api/join",
        None,
        json!({"pin": server.pin(), "name": "BEN@example.com"}),
    );
    assert_eq!(by_email.status, 200, "{}", by_email.body);
    assert_eq!(by_email.json()["name"], "Ben Okafor");
    assert_ne!(by_email.json()["token"], body["token"]);

    let lea = core.person("Léa Dubois");
    let present: String = core
        .db()
        .query_row(
            "SELECT presence FROM attendance WHERE session_id = ?1 AND person_id = ?2",
            (core.session, lea),
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(present, "present");
}

#[test]
fn wrong_pins_are_refused_with_429_after_a_few() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let wrong = if server.pin() == "999999" {
        "888888"
    } else {
        "999999"
    };
    for attempt in 0..FAILED_JOINS_ALLOWED {
        let reply = post(
            address,
            "/api/join",
            None,
            json!({"pin": wrong, "name": "Ben Okafor"}),
        );
        assert_eq!(reply.status, 403, "attempt {attempt}: {}", reply.body);
    }
    let limited = post(
        address,
        "/api/join",
        None,
        json!({"pin": server.pin(), "name": "Ben Okafor"}),
    );
    assert_eq!(
        limited.status, 429,
        "even the right PIN waits: {}",
        limited.body
    );
    let retry: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!(retry > 60, "{retry}");
    assert!(
        limited.json()["message"]
            .as_str()
            .unwrap()
            .contains("minutes")
    );
}

#[test]
fn names_match_ignoring_case_and_accents_and_namesakes_choose() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let pin = server.pin();
    let ask = |name: &str| {
        post(
            address,
            "/api/join",
            None,
            json!({"pin": pin, "name": name}),
        )
    };

    let twins = ask("LENA MULLER");
    assert_eq!(twins.status, 300, "{}", twins.body);
    assert_eq!(
        twins.json()["choose"],
        json!(["Lena Müller", "Lena Muller"])
    );
    for other in others("Lena Müller")
        .into_iter()
        .filter(|n| *n != "Lena Muller")
    {
        assert!(
            !twins.body.contains(other),
            "the roster was listed: {}",
            twins.body
        );
    }
    let chosen = post(
        address,
        "/api/join",
        None,
        json!({"pin": pin, "name": "lena muller", "choice": "Lena Muller"}),
    );
    assert_eq!(chosen.status, 200, "{}", chosen.body);
    assert_eq!(chosen.json()["name"], "Lena Muller");

    for (typed, name) in [
        ("иван петров", "Иван Петров"),
        ("王小明", "王小明"),
        ("Siobhan OBrien", "O'Brien, Siobhán"),
        (
            "maximiliana alexandrovna konstantinopoulou wolfeschlegelstein",
            "Maximiliana Alexandrovna Konstantinopoulou-Wolfeschlegelstein",
        ),
    ] {
        let reply = ask(typed);
        assert_eq!(reply.status, 200, "{typed}: {}", reply.body);
        assert_eq!(reply.json()["name"], name);
    }
}

#[test]
fn a_walk_in_waits_to_be_let_in_and_can_be_turned_away() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let pin = server.pin();
    let unknown = post(
        address,
        "/api/join",
        None,
        json!({"pin": pin, "name": "Zed Newcomer"}),
    );
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    assert_names_only(&unknown.body, "");

    let asked = post(
        address,
        "/api/join",
        None,
        json!({"pin": pin, "name": "Zed Newcomer", "walk_in": true}),
    );
    assert_eq!(asked.status, 202, "{}", asked.body);
    let token = asked.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(get(address, "/api/now", Some(&token)).status, 202);
    let mut events = EventStream::open(address, &token).unwrap();
    events.wait_for(WAIT, |s| {
        s["status"] == "waiting" && s["name"] == "Zed Newcomer"
    });
    let answer = post(
        address,
        "/api/answer",
        Some(&token),
        json!({"item": "channel", "option": 0}),
    );
    assert_eq!(answer.status, 403, "{}", answer.body);

    let waiting = core
        .next_waiting(WAIT)
        .expect("the facilitator hears of the walk-in");
    assert_eq!(waiting.name, "Zed Newcomer");
    assert_eq!(waiting.claims, None);
    assert_eq!(server.status().waiting, 1);
    let person = core.admit(waiting);
    let joined = events.wait_for(WAIT, |s| s["status"] == "joined");
    assert_eq!(joined["name"], "Zed Newcomer");
    assert_eq!(get(address, "/api/now", Some(&token)).status, 200);
    let on_roster: i64 = core
        .db()
        .query_row(
            "SELECT COUNT(*) FROM attendance WHERE session_id = ?1 AND person_id = ?2 AND presence = 'present'",
            (core.session, person),
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(on_roster, 1);

    let second = post(
        address,
        "/api/join",
        None,
        json!({"pin": pin, "name": "Not Welcome", "walk_in": true}),
    );
    assert_eq!(second.status, 202);
    let second = second.json()["token"].as_str().unwrap().to_owned();
    core.next_waiting(WAIT)
        .unwrap()
        .reply
        .refuse(Refusal::TurnedAway);
    let deadline = Instant::now() + WAIT;
    while state(address, &second)["status"] != "turned_away" {
        assert!(
            Instant::now() < deadline,
            "the phone never heard it was turned away"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(get(address, "/api/now", Some(&second)).status, 403);
}

#[test]
fn a_second_phone_for_someone_already_joined_waits_for_the_facilitator() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Ben Okafor");
    let other = post(
        address,
        "/api/join",
        None,
        json!({"pin": server.pin(), "name": "Ben Okafor"}),
    );
    assert_eq!(
        other.status, 202,
        "someone typing Ben's name: {}",
        other.body
    );
    let waiting = core.next_waiting(WAIT).unwrap();
    assert_eq!(waiting.claims, Some(core.person("Ben Okafor")));

    // The phone that joined first rejoins with its own token (a reload that lost its page).
    let again = call(
        address,
        "POST",
        "/api/join",
        Some(&token),
        Some(&json!({"pin": server.pin(), "name": "ben okafor"}).to_string()),
    );
    assert_eq!(again.status, 200, "{}", again.body);
    let renewed = again.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(get(address, "/api/now", Some(&renewed)).status, 200);
    assert_eq!(
        get(address, "/api/now", Some(&token)).status,
        401,
        "replaced"
    );
}

#[test]
fn without_a_valid_token_the_api_is_401() {
    let core = TestCore::new();
    let (_server, address) = start(&core);
    let bogus = "f".repeat(64);
    for token in [None, Some(bogus.as_str())] {
        assert_eq!(get(address, "/api/now", token).status, 401);
        assert_eq!(get(address, "/api/state", token).status, 401);
        assert_eq!(
            post(
                address,
                "/api/answer",
                token,
                json!({"item": "channel", "option": 0})
            )
            .status,
            401
        );
        assert_eq!(
            post(
                address,
                "/api/score",
                token,
                json!({"item": "discovery", "round": 1})
            )
            .status,
            401
        );
    }
    let refused = EventStream::open(address, &bogus).err().expect("refused");
    assert_eq!(refused.status, 401);
}

#[test]
fn a_cookie_is_as_good_as_the_bearer_header() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Ben Okafor");
    let request = format!(
        "GET /api/now HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: theme=dark; podium_phone={token}\r\nConnection: close\r\n\r\n"
    );
    let reply = raw(address, request.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json(), json!({"item": null}));
}

#[test]
fn now_gives_the_open_question_in_the_contract_shape() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Léa Dubois");
    assert_eq!(
        get(address, "/api/now", Some(&token)).json(),
        json!({"item": null})
    );

    core.show("channel");
    assert_eq!(
        get(address, "/api/now", Some(&token)).json(),
        json!({"item": {
            "id": "channel",
            "kind": "Poll",
            "prompt": "Where do <img src=x onerror=alert(1)> leads come from?",
            "options": ["Referrals", "Cold calls", "Événements", "<script>alert(1)</script>"],
            "multiple": false,
            "anonymous": false,
            "open": true,
        }})
    );
    core.show("confidence");
    let rating = get(address, "/api/now", Some(&token)).json();
    assert_eq!(rating["item"]["kind"], "Rating");
    assert_eq!(rating["item"]["min"], 1);
    assert_eq!(rating["item"]["max"], 5);
    assert_eq!(rating["item"]["labels"], json!(["Not yet", "Very"]));
    assert!(rating["item"].get("options").is_none());
    core.show("takeaway");
    let text = get(address, "/api/now", Some(&token)).json();
    assert_eq!(text["item"]["kind"], "FreeText");
    assert_eq!(text["item"]["max_length"], MAX_TEXT_CHARS);
    core.show("discount");
    let quiz = get(address, "/api/now", Some(&token)).json();
    assert_eq!(quiz["item"]["kind"], "Quiz");
    assert!(
        !quiz.to_string().contains("answer"),
        "the right answer stays on the laptop"
    );
}

/// The current responses to `item` as (person, kind, value, superseded by another).
fn responses(core: &TestCore, item: &str) -> Vec<(Option<i64>, String, Value, bool)> {
    let db = core.db();
    let mut statement = db
        .prepare(
            "SELECT r.person_id, r.answer_kind, r.answer_value,
                    EXISTS (SELECT 1 FROM responses c WHERE c.supersedes = r.response_id)
             FROM responses r WHERE r.session_id = ?1 AND r.item_id = ?2 ORDER BY r.response_id",
        )
        .unwrap();
    statement
        .query_map((core.session, item), |row| {
            let value: rusqlite::types::Value = row.get(2)?;
            let value = match value {
                rusqlite::types::Value::Integer(n) => json!(n),
                rusqlite::types::Value::Text(t) => json!(t),
                _ => Value::Null,
            };
            Ok((row.get(0)?, row.get(1)?, value, row.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn answers_of_every_kind_are_committed_before_the_200_with_corrections() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Léa Dubois");
    let lea = core.person("Léa Dubois");
    let mut phone = Client::connect(address);
    let mut answer =
        |body: Value| phone.send("POST", "/api/answer", Some(&token), Some(&body.to_string()));

    core.show("channel");
    assert_eq!(answer(json!({"item": "channel", "option": 1})).status, 200);
    assert_eq!(
        responses(&core, "channel"),
        vec![(Some(lea), "options".into(), json!("1"), false)],
        "on disk when the phone hears 200"
    );
    let corrected = answer(json!({"item": "channel", "option": 3}));
    assert_eq!(corrected.status, 200, "{}", corrected.body);
    assert_eq!(
        responses(&core, "channel"),
        vec![
            (Some(lea), "options".into(), json!("1"), true),
            (Some(lea), "options".into(), json!("3"), false),
        ],
        "a correction appends a row that supersedes the first"
    );
    assert_eq!(answer(json!({"item": "channel", "option": 4})).status, 422);
    assert_eq!(
        answer(json!({"item": "channel", "option": "B"})).status,
        422
    );
    assert_eq!(answer(json!({"item": "channel"})).status, 422);
    assert_eq!(
        answer(json!({"item": "topics", "option": 0})).status,
        409,
        "not on screen"
    );

    core.show("topics");
    assert_eq!(
        answer(json!({"item": "topics", "options": [2, 0]})).status,
        200
    );
    assert_eq!(responses(&core, "topics")[0].2, json!("0,2"));

    core.show("discount");
    assert_eq!(answer(json!({"item": "discount", "option": 1})).status, 200);
    let correct: i64 = core
        .db()
        .query_row(
            "SELECT correct FROM responses WHERE item_id = 'discount'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(correct, 1, "the core marks the quiz answer right");

    core.show("confidence");
    assert_eq!(
        answer(json!({"item": "confidence", "rating": 0})).status,
        422
    );
    assert_eq!(
        answer(json!({"item": "confidence", "rating": 6})).status,
        422
    );
    assert_eq!(
        answer(json!({"item": "confidence", "rating": 4})).status,
        200
    );
    assert_eq!(responses(&core, "confidence")[0].2, json!(4));

    core.show("takeaway");
    let text = "Ask «why» before the price.\nThen listen — 你好, Привет.";
    assert_eq!(
        answer(json!({"item": "takeaway", "text": text})).status,
        200
    );
    assert_eq!(responses(&core, "takeaway")[0].2, json!(text));
    let too_long = "x".repeat(MAX_TEXT_CHARS + 1);
    let refused = answer(json!({"item": "takeaway", "text": too_long}));
    assert_eq!(refused.status, 422);
    assert!(refused.json()["message"].as_str().unwrap().contains("1000"));
    assert_eq!(
        answer(json!({"item": "takeaway", "text": "  "})).status,
        422
    );

    core.close();
    let closed = answer(json!({"item": "takeaway", "text": "Too late"}));
    assert_eq!(closed.status, 409, "{}", closed.body);
    assert_eq!(
        responses(&core, "takeaway").len(),
        1,
        "nothing recorded after closing"
    );
}

#[test]
fn an_anonymous_vote_leaves_no_link_to_the_person() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Иван Петров");
    core.show("honest");
    let vote = post(
        address,
        "/api/answer",
        Some(&token),
        json!({"item": "honest", "option": 2}),
    );
    assert_eq!(vote.status, 200, "{}", vote.body);
    let again = post(
        address,
        "/api/answer",
        Some(&token),
        json!({"item": "honest", "option": 0}),
    );
    assert_eq!(again.status, 409, "one vote per phone: {}", again.body);
    assert_eq!(again.json()["error"], "already_voted");

    assert_eq!(
        responses(&core, "honest"),
        vec![(None, "options".into(), json!("2"), false)]
    );
    let linked: i64 = core
        .db()
        .query_row(
            "SELECT COUNT(*) FROM responses WHERE item_id = 'honest' AND person_id IS NOT NULL",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(linked, 0);
    let seen = state(address, &token);
    assert_eq!(seen["answer"], json!({"voted": true}));
}

#[test]
fn results_reach_phones_only_when_the_projector_shows_them_and_without_names() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let lea = join(address, server.pin(), "Léa Dubois");
    let ben = join(address, server.pin(), "Ben Okafor");
    let ivan = join(address, server.pin(), "Иван Петров");
    core.show("discount");
    for (token, option) in [(&lea, 1), (&ben, 0), (&ivan, 1)] {
        let reply = post(
            address,
            "/api/answer",
            Some(token),
            json!({"item": "discount", "option": option}),
        );
        assert_eq!(reply.status, 200);
    }
    let mut events = EventStream::open(address, &lea).unwrap();
    let open = events.wait_for(WAIT, |s| s["item"]["id"] == "discount");
    assert_eq!(open["results"], Value::Null);

    core.show_results(false);
    let shown = events.wait_for(WAIT, |s| !s["results"].is_null());
    assert_eq!(
        shown["results"],
        json!({"kind": "options", "counts": [1, 2, 0], "respondents": 3})
    );
    assert_eq!(shown["item"]["open"], false);
    assert_eq!(shown["answer"], json!({"option": 1}));
    assert_names_only(&shown.to_string(), "Léa Dubois");

    core.show_results(true);
    let revealed = events.wait_for(WAIT, |s| s["results"]["correct"] == 1);
    assert_names_only(&revealed.to_string(), "Léa Dubois");
    core.blank();
    let gone = events.wait_for(WAIT, |s| s["item"].is_null());
    assert_eq!(gone["results"], Value::Null);
}

#[test]
fn a_private_brief_reaches_only_its_player_and_the_observer_scores() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let tokens: Vec<String> = ["Léa Dubois", "Ben Okafor", "Иван Петров", "王小明"]
        .iter()
        .map(|name| join(address, server.pin(), name))
        .collect();
    let [lea, ben, ivan] = [
        core.person("Léa Dubois"),
        core.person("Ben Okafor"),
        core.person("Иван Петров"),
    ];
    // Round 1 of a group in this order: Léa sells, Ben buys, Ivan observes; Wang is in no group.
    core.show_role_play("discovery", &[vec![lea, ben, ivan]], 1);
    let states: Vec<Value> = tokens.iter().map(|t| state(address, t)).collect();
    let seller = states[0].to_string();
    let buyer = states[1].to_string();
    let observer = states[2].to_string();
    let outsider = states[3].to_string();
    assert_eq!(states[0]["roleplay"]["part"]["role"], "Seller");
    assert!(
        seller.contains("SELLER-BRIEF") && !seller.contains("BUYER-BRIEF"),
        "{seller}"
    );
    assert!(
        buyer.contains("BUYER-BRIEF") && !buyer.contains("SELLER-BRIEF"),
        "{buyer}"
    );
    assert!(!observer.contains("SELLER-BRIEF") && !observer.contains("BUYER-BRIEF"));
    assert!(!outsider.contains("BRIEF"), "{outsider}");
    assert_eq!(states[3]["roleplay"]["part"], Value::Null);
    assert_eq!(
        states[2]["roleplay"]["part"]["sheet"]["seller"],
        "Léa Dubois"
    );
    assert_eq!(states[0]["roleplay"]["part"]["sheet"], Value::Null);
    assert_names_only(&seller, "Léa Dubois");
    assert_names_only(&buyer, "Ben Okafor");
    for other in others("Иван Петров")
        .into_iter()
        .filter(|n| *n != "Léa Dubois")
    {
        assert!(!observer.contains(other), "{other} reached the observer");
    }

    let score = |token: &str, body: Value| post(address, "/api/score", Some(token), body);
    let sheet =
        json!({"item": "discovery", "round": 1, "scores": [4, 5], "comment": "Asked «why» twice"});
    assert_eq!(
        score(&tokens[0], sheet.clone()).status,
        403,
        "the seller cannot score"
    );
    assert_eq!(score(&tokens[3], sheet.clone()).status, 403);
    assert_eq!(
        score(
            &tokens[2],
            json!({"item": "discovery", "round": 2, "scores": [4, 5]})
        )
        .status,
        409,
        "another round"
    );
    assert_eq!(
        score(
            &tokens[2],
            json!({"item": "discovery", "round": 1, "scores": [6, 5]})
        )
        .status,
        422
    );
    assert_eq!(
        score(
            &tokens[2],
            json!({"item": "discovery", "round": 1, "scores": [4]})
        )
        .status,
        422
    );
    let saved = score(&tokens[2], sheet);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let corrected = score(
        &tokens[2],
        json!({"item": "discovery", "round": 1, "scores": [3, 5], "comment": ""}),
    );
    assert_eq!(corrected.status, 200);
    let db = core.db();
    let sheets: Vec<(i64, i64, i64, String, bool)> = db
        .prepare(
            "SELECT h.seller_id, h.observer_id, h.round, h.comment,
                    EXISTS (SELECT 1 FROM score_sheets c WHERE c.supersedes = h.sheet_id)
             FROM score_sheets h ORDER BY h.sheet_id",
        )
        .unwrap()
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        sheets,
        vec![
            (lea, ivan, 1, "Asked «why» twice".into(), true),
            (lea, ivan, 1, String::new(), false),
        ]
    );
    let scores: Vec<(String, i64)> = db
        .prepare("SELECT criterion, score FROM sheet_scores WHERE sheet_id = (SELECT MAX(sheet_id) FROM score_sheets) ORDER BY position")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        scores,
        vec![("Open questions".into(), 3), ("Listening".into(), 5)]
    );
    let after = state(address, &tokens[2]);
    assert_eq!(
        after["roleplay"]["part"]["sheet"]["saved"],
        json!({"scores": [3, 5], "comment": ""})
    );
    assert_eq!(
        get(address, "/api/now", Some(&tokens[1])).json(),
        json!({"item": null})
    );
}

#[test]
fn oversized_and_malformed_requests_are_refused_and_the_server_goes_on() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Ben Okafor");
    core.show("takeaway");
    let with_body = |body: &[u8], extra: &str| {
        let mut request = format!(
            "POST /api/answer HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(body);
        raw(address, &request)
    };
    let huge = format!(
        r#"{{"item": "takeaway", "text": "{}"}}"#,
        "x".repeat(MAX_BODY)
    );
    assert_eq!(with_body(huge.as_bytes(), "").status, 413);
    let just_under = format!(
        r#"{{"item": "takeaway", "text": "{}"}}"#,
        "x".repeat(MAX_BODY - 40)
    );
    assert!(just_under.len() <= MAX_BODY);
    assert_eq!(
        with_body(just_under.as_bytes(), "").status,
        422,
        "the text cap, not the body cap"
    );
    for malformed in [
        &b"{not json"[..],
        b"",
        b"[1, 2]",
        b"null",
        b"{\"item\": ",
        b"\xff\xfe\x00garbage",
        "{\"item\": \"takeaway\", \"text\": \"\u{0}\"".as_bytes(),
    ] {
        let reply = with_body(malformed, "");
        assert_eq!(
            reply.status,
            400,
            "{:?}: {}",
            String::from_utf8_lossy(malformed),
            reply.body
        );
        assert_eq!(reply.json()["error"], "bad_json");
    }
    let join_garbage = raw(
        address,
        b"POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 9\r\n\r\n{\"pin\":1}",
    );
    assert_eq!(join_garbage.status, 400);
    let chunked = raw(
        address,
        b"POST /api/answer HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    );
    assert_eq!(chunked.status, 411);
    let mut long_head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ".to_vec();
    long_head.extend(std::iter::repeat_n(b'a', 10_000));
    long_head.extend_from_slice(b"\r\n\r\n");
    assert_eq!(raw(address, &long_head).status, 431);
    assert_eq!(
        raw(
            address,
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"
        )
        .status,
        400
    );
    let foreign = raw(
        address,
        b"GET /api/now HTTP/1.1\r\nHost: evil.example.com\r\n\r\n",
    );
    assert_eq!(foreign.status, 421, "a rebound name is not the laptop");

    let fine = post(
        address,
        "/api/answer",
        Some(&token),
        json!({"item": "takeaway", "text": "Still here"}),
    );
    assert_eq!(fine.status, 200, "the server goes on: {}", fine.body);
    assert_eq!(
        responses(&core, "takeaway").len(),
        1,
        "nothing refused was recorded"
    );
}

#[test]
fn events_follow_the_room_without_reloading() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "O'Brien, Siobhán");
    let mut events = EventStream::open(address, &token).unwrap();
    let first = events.next_state(WAIT).unwrap();
    assert_eq!(first["status"], "joined");
    assert_eq!(first["name"], "O'Brien, Siobhán");
    assert_eq!(first["item"], Value::Null);

    core.show("confidence");
    let shown = events.wait_for(WAIT, |s| s["item"]["id"] == "confidence");
    assert_eq!(shown["answer"], Value::Null);
    post(
        address,
        "/api/answer",
        Some(&token),
        json!({"item": "confidence", "rating": 5}),
    );
    let answered = events.wait_for(WAIT, |s| !s["answer"].is_null());
    assert_eq!(answered["answer"], json!({"rating": 5}));
    core.close();
    events.wait_for(WAIT, |s| s["item"]["open"] == false);
    core.blank();
    events.wait_for(WAIT, |s| s["item"].is_null());

    // Long polling: the same state, waiting for a change.
    let reply = get(address, "/api/state", Some(&token));
    let tag = reply.header("etag").unwrap().trim_matches('"').to_owned();
    let waiter = std::thread::spawn(move || {
        get(address, &format!("/api/state?since={tag}"), Some(&token)).json()
    });
    std::thread::sleep(Duration::from_millis(100));
    core.show("takeaway");
    assert_eq!(waiter.join().unwrap()["item"]["id"], "takeaway");
}

#[test]
fn a_new_session_ends_the_old_tokens() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Ben Okafor");
    let mut events = EventStream::open(address, &token).unwrap();
    events.next_state(WAIT).unwrap();
    core.board.update(|s| s.session_id += 1);
    assert_eq!(events.wait_for(WAIT, |s| s["gone"] == true)["gone"], true);
    assert_eq!(get(address, "/api/now", Some(&token)).status, 401);
}

#[test]
fn the_presenter_sees_how_many_phones_are_joined_and_connected() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let lea = join(address, server.pin(), "Léa Dubois");
    let _ben = join(address, server.pin(), "Ben Okafor");
    let status = server.status();
    assert_eq!((status.joined, status.connected), (2, 0));
    let mut events = EventStream::open(address, &lea).unwrap();
    events.next_state(WAIT).unwrap();
    assert_eq!(server.status().connected, 1);
    drop(events);
    let deadline = Instant::now() + WAIT;
    // A closed stream is noticed at the next event or heartbeat.
    core.show("channel");
    while server.status().connected != 0 {
        assert!(Instant::now() < deadline, "the closed page still counts");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn leaving_forgets_the_phone() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Léa Dubois");
    let left = post(address, "/api/leave", Some(&token), json!({}));
    assert_eq!(left.status, 200);
    assert!(left.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(get(address, "/api/now", Some(&token)).status, 401);
    // Leaving frees the name: joining again needs no one's permission.
    join(address, server.pin(), "Léa Dubois");
}

#[test]
fn the_page_comes_from_the_binary_under_a_strict_policy() {
    let core = TestCore::new();
    let (_server, address) = start(&core);
    let page = get(address, "/", None);
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let policy = page.header("content-security-policy").unwrap();
    assert!(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"));
    for path in ["/", "/app.js", "/app.css", "/icon.svg"] {
        let reply = get(address, path, None);
        assert_eq!(reply.status, 200, "{path}");
        // An SVG names its XML namespace with a URL that is never fetched.
        let body = reply
            .body
            .replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for outside in [
            "http://",
            "https://",
            "//cdn",
            "fonts.googleapis",
            "@import",
        ] {
            assert!(!body.contains(outside), "{path} reaches outside: {outside}");
        }
    }
    let script = get(address, "/app.js", None).body;
    assert!(!script.contains("innerHTML") && !script.contains("insertAdjacentHTML"));
    assert_eq!(get(address, "/nowhere", None).status, 404);
    let wrong_method = call(address, "DELETE", "/api/join", None, None);
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.header("allow"), Some("POST"));
}

#[test]
fn stopping_closes_the_port_and_keeps_joined_phones_for_a_restart() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Ben Okafor");
    let mut events = EventStream::open(address, &token).unwrap();
    events.next_state(WAIT).unwrap();
    let carry_over = server.stop();
    assert!(
        TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_err(),
        "nothing listens once phones are off"
    );
    assert_eq!(events.next_state(WAIT), None, "the stream is closed");

    let restarted = PhoneServer::start(
        PhoneConfig {
            port: 0,
            reach: Reach::Loopback,
            carry_over: Some(carry_over),
        },
        core.board.clone(),
        core.sender(),
        || {},
    )
    .unwrap();
    let address = SocketAddr::from(([127, 0, 0, 1], restarted.port()));
    assert_eq!(
        get(address, "/api/now", Some(&token)).status,
        200,
        "still joined"
    );
    drop(restarted);
    assert!(TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_err());
}

#[test]
fn a_request_the_core_does_not_answer_gets_a_clear_503() {
    let core = TestCore::new();
    let board = core.board.clone();
    let (requests, inbox) = std::sync::mpsc::channel();
    let server = PhoneServer::start(
        PhoneConfig {
            port: 0,
            reach: Reach::Loopback,
            carry_over: None,
        },
        board,
        requests,
        || {},
    )
    .unwrap();
    let address = SocketAddr::from(([127, 0, 0, 1], server.port()));
    let dropper = std::thread::spawn(move || {
        // A core that drops every request unanswered.
        for request in inbox.iter().take(1) {
            drop(request);
        }
    });
    let reply = post(
        address,
        "/api/join",
        None,
        json!({"pin": server.pin(), "name": "Ben Okafor"}),
    );
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("Try again")
    );
    dropper.join().unwrap();
}

#[test]
fn hostile_bytes_never_stop_the_server() {
    let core = TestCore::new();
    let (server, address) = start(&core);
    let token = join(address, server.pin(), "Ben Okafor");
    core.show("channel");
    // A fixed generator, so a failure can be replayed.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces: [&[u8]; 12] = [
        b"POST /api/answer HTTP/1.1\r\n",
        b"GET /api/state HTTP/1.1\r\n",
        b"Host: 127.0.0.1\r\n",
        b"Content-Length: 12\r\n",
        b"Content-Length: -1\r\n",
        b"Authorization: Bearer ",
        token.as_bytes(),
        b"\r\n",
        b"{\"item\":\"channel\",\"option\":",
        b"99999999999999999999}",
        b"\xff\x00\x80",
        b"Transfer-Encoding: chunked\r\n",
    ];
    for _ in 0..200 {
        let mut request = Vec::new();
        for _ in 0..(next() % 10) {
            request.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
        }
        request.extend_from_slice(b"\r\n\r\n");
        let Ok(mut stream) = TcpStream::connect(address) else {
            panic!("the server stopped listening");
        };
        use std::io::{Read, Write};
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let _ = stream.write_all(&request);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        if !answer.is_empty() {
            assert!(
                answer.starts_with(b"HTTP/1.1 "),
                "{:?}",
                String::from_utf8_lossy(&answer)
            );
        }
    }
    let reply = post(
        address,
        "/api/answer",
        Some(&token),
        json!({"item": "channel", "option": 2}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn the_phone_server_never_imports_egui() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/phones");
    let mut checked = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!text.contains("egui"), "{} mentions egui", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} files checked");
}
