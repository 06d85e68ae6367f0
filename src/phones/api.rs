//! The phone page and its API, request by request. `docs/phones.md` describes each call.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::store::types::{Answer, PersonId};

use super::board::{ItemKind, OpenItem, Snapshot};
use super::guard::{random_token, same_secret};
use super::http::{Request, Response};
use super::matching;
use super::page;
use super::request::{Outcome, PhoneChange, PhoneRequest, Refusal, Reply, Settled};
use super::server::{Caller, Phone, Shared, Standing};
use super::view::{self, MAX_TEXT_CHARS};

/// The cookie that keeps a phone joined across reloads and lost Wi-Fi.
pub const COOKIE: &str = "podium_phone";
/// How long the core has to confirm a record before the phone is told to try again.
const CORE_WAIT: Duration = Duration::from_secs(10);
/// How long `GET /api/state?since=` waits for a change before answering anyway.
const LONG_POLL: Duration = Duration::from_secs(25);
/// The longest name a phone may type.
pub const MAX_NAME_CHARS: usize = 100;
/// Phones from one address that may wait for admission at once; an extra one replaces the
/// oldest, so one phone cannot fill the facilitator's list.
const WAITING_PER_ADDRESS: usize = 3;

/// What to do with a request.
pub enum Handled {
    Respond(Response),
    /// Hand the connection to an event stream for the phone with this token.
    Events(String),
}

/// Answers one request from `peer`.
pub fn handle(shared: &Arc<Shared>, request: &Request, peer: IpAddr) -> Handled {
    if !host_allowed(request.header("host")) {
        return Handled::Respond(Response::error(
            421,
            "wrong_host",
            "Open Podium by the address shown on the projector.",
        ));
    }
    let method = request.method.as_str();
    let response = match (method, request.path.as_str()) {
        ("GET", "/" | "/index.html") => Response::page("text/html; charset=utf-8", page::INDEX),
        ("GET", "/app.js") => Response::page("text/javascript; charset=utf-8", page::SCRIPT),
        ("GET", "/app.css") => Response::page("text/css; charset=utf-8", page::STYLE),
        ("GET", "/icon.svg") => Response::page("image/svg+xml", page::ICON),
        ("POST", "/api/join") => join(shared, request, peer),
        ("GET", "/api/now") => now(shared, request),
        ("POST", "/api/answer") => answer(shared, request),
        ("POST", "/api/score") => score(shared, request),
        ("GET", "/api/state") => state(shared, request),
        ("POST", "/api/leave") => leave(shared, request),
        ("GET", "/api/events") => {
            return match caller(shared, request) {
                Ok((caller, _)) => Handled::Events(caller.token),
                Err(response) => Handled::Respond(response),
            };
        }
        (_, path) => match allowed_methods(path) {
            Some(allow) => Response::error(
                405,
                "method_not_allowed",
                &format!("{path} takes {allow} only."),
            )
            .header("Allow", allow),
            None => Response::error(404, "not_found", "There is no such page here."),
        },
    };
    Handled::Respond(response)
}

fn allowed_methods(path: &str) -> Option<&'static str> {
    match path {
        "/" | "/index.html" | "/app.js" | "/app.css" | "/icon.svg" | "/api/now" | "/api/state"
        | "/api/events" => Some("GET"),
        "/api/join" | "/api/answer" | "/api/score" | "/api/leave" => Some("POST"),
        _ => None,
    }
}

/// Only names that cannot be made to point elsewhere: an IP address, `localhost`, or a
/// `.local` name. A web page elsewhere that re-points its own name at the laptop (DNS
/// rebinding) is refused.
fn host_allowed(host: Option<&str>) -> bool {
    let Some(host) = host else {
        return true;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        return rest
            .split_once(']')
            .is_some_and(|(ip, _)| ip.parse::<std::net::Ipv6Addr>().is_ok());
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            _ => host,
        }
    };
    let name = name.to_ascii_lowercase();
    name.parse::<std::net::Ipv4Addr>().is_ok() || name == "localhost" || name.ends_with(".local")
}

/// The token a request carries: `Authorization: Bearer`, else the cookie.
fn token_of(request: &Request) -> Option<String> {
    if let Some(auth) = request.header("authorization")
        && let Some((scheme, token)) = auth.split_once(' ')
        && scheme.eq_ignore_ascii_case("bearer")
    {
        return Some(token.trim().to_owned());
    }
    request
        .headers
        .iter()
        .filter(|(name, _)| name == "cookie")
        .flat_map(|(_, value)| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, token)| token.trim().to_owned())
}

fn unauthorized() -> Response {
    Response::error(
        401,
        "not_joined",
        "This phone has not joined this session. Join with the PIN on the projector.",
    )
}

/// The phone making `request`, with the snapshot it was checked against.
fn caller(shared: &Shared, request: &Request) -> Result<(Caller, Arc<Snapshot>), Response> {
    let token = token_of(request).ok_or_else(unauthorized)?;
    let snapshot = shared.board.snapshot();
    let caller = shared.caller(&token, &snapshot).ok_or_else(unauthorized)?;
    Ok((caller, snapshot))
}

/// The joined person making `request`.
fn participant(
    shared: &Shared,
    request: &Request,
) -> Result<(Caller, PersonId, Arc<Snapshot>), Response> {
    let (caller, snapshot) = caller(shared, request)?;
    match caller.person {
        Some(person) => Ok((caller, person, snapshot)),
        None if caller.waiting => Err(Response::error(
            403,
            "waiting",
            "The facilitator has not let you in yet.",
        )),
        None => Err(Response::error(
            403,
            "turned_away",
            "The facilitator did not let this phone in.",
        )),
    }
}

fn cookie(token: &str) -> String {
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400")
}

fn bad_json(detail: impl std::fmt::Display) -> Response {
    Response::error(
        400,
        "bad_json",
        &format!("The request is not the JSON Podium expects: {detail}."),
    )
}

fn json_object(body: &[u8]) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(bad_json("send one JSON object")),
        Err(e) => Err(bad_json(e)),
    }
}

fn invalid(message: &str) -> Response {
    Response::error(422, "invalid", message)
}

/// Asks the core for `change` and waits for its answer.
fn ask_core(shared: &Shared, change: PhoneChange) -> Result<Outcome, Response> {
    let (reply, slot) = Reply::new(None);
    if shared.send(PhoneRequest { change, reply }).is_err() {
        return Err(not_taking());
    }
    match slot.wait(CORE_WAIT) {
        Some(Settled::Done(outcome)) => Ok(outcome),
        Some(Settled::Dropped) => Err(not_taking()),
        None => {
            slot.withdraw();
            Err(Response::error(
                503,
                "no_answer",
                "The laptop did not confirm in time. Try again in a moment.",
            ))
        }
    }
}

fn not_taking() -> Response {
    Response::error(
        503,
        "not_taking",
        "The laptop is not taking answers right now. Try again in a moment.",
    )
}

/// The response for the core's answer to a record.
fn recorded(outcome: Outcome) -> Response {
    match outcome {
        Outcome::Saved | Outcome::Admitted(_) => Response::json(200, &json!({ "saved": true })),
        Outcome::Refused(Refusal::NotSavedYet(message)) => {
            Response::json(202, &json!({ "saved": false, "message": message }))
        }
        Outcome::Refused(Refusal::NotOpen) => not_open(),
        Outcome::Refused(Refusal::Invalid(message)) => invalid(&message),
        Outcome::Refused(Refusal::TurnedAway) => Response::error(
            403,
            "turned_away",
            "The facilitator did not let this phone in.",
        ),
    }
}

fn not_open() -> Response {
    Response::error(
        409,
        "not_open",
        "That question is closed, or is no longer on screen.",
    )
}

#[derive(Deserialize)]
struct JoinBody {
    pin: String,
    name: String,
    /// One of the names offered when several people matched.
    #[serde(default)]
    choice: Option<String>,
    /// Ask the facilitator to be let in when the name is not on the roster.
    #[serde(default)]
    walk_in: bool,
}

/// `POST /api/join`: the PIN and a name (or email) give a token.
fn join(shared: &Shared, request: &Request, peer: IpAddr) -> Response {
    let now = Instant::now();
    if let Some(wait) = shared.phones().limiter.wait_for(peer, now) {
        let seconds = wait.as_secs().max(1);
        return Response::error(
            429,
            "too_many_tries",
            &format!(
                "Too many wrong PINs from this phone. Wait {} and try again.",
                if seconds >= 60 {
                    format!("{} minutes", seconds.div_ceil(60))
                } else {
                    format!("{seconds} seconds")
                }
            ),
        )
        .header("Retry-After", seconds.to_string());
    }
    let body: JoinBody = match serde_json::from_slice(&request.body) {
        Ok(body) => body,
        Err(e) => return bad_json(e),
    };
    if !same_secret(body.pin.trim().as_bytes(), shared.pin.as_bytes()) {
        shared.phones().limiter.failed(peer, now);
        return Response::error(
            403,
            "wrong_pin",
            "That PIN is not right. It is the 6-digit number on the projector.",
        );
    }
    let name = clean_line(&body.name);
    if name.is_empty() {
        return invalid("Type your name as it is on the list, or your email.");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return invalid(&format!(
            "That name is longer than {MAX_NAME_CHARS} characters."
        ));
    }
    let snapshot = shared.board.snapshot();
    let found = matching::matches(&snapshot.roster, &name);
    let person = match (found.len(), &body.choice) {
        (0, _) if snapshot.roster.is_empty() || body.walk_in => {
            return admission(shared, peer, name, None, &snapshot);
        }
        (0, _) => {
            return Response::error(
                404,
                "not_on_roster",
                "That name is not on the list. Check the spelling, try your email, or ask to be let in.",
            );
        }
        (1, _) => found.first().map(|p| p.person_id),
        (_, Some(choice)) => matching::choices(&found)
            .labels
            .into_iter()
            .find(|(label, _)| label == choice.trim())
            .map(|(_, person)| person),
        (_, None) => None,
    };
    let Some(person) = person else {
        let choices = matching::choices(&found);
        return Response::json(
            300,
            &json!({
                "choose": choices.labels.iter().map(|(label, _)| label).collect::<Vec<_>>(),
                "email": choices.ask_email,
                "message": "More than one person has that name. Choose yours.",
            }),
        );
    };
    // A person already joined on another phone is let in by the facilitator, so that no one
    // can answer as someone else by typing their name. A phone rejoining with its own token
    // (its cookie) is the same phone.
    let own_token = token_of(request);
    let joined_elsewhere = shared.phones().by_token.iter().any(|(token, phone)| {
        phone.session_id == snapshot.session_id
            && matches!(phone.standing, Standing::Joined(p) if p == person)
            && Some(token) != own_token.as_ref()
    });
    if joined_elsewhere {
        return admission(shared, peer, name, Some(person), &snapshot);
    }
    match ask_core(shared, PhoneChange::CheckIn { person }) {
        Ok(Outcome::Saved | Outcome::Refused(Refusal::NotSavedYet(_)) | Outcome::Admitted(_)) => {}
        Ok(refused) => return recorded(refused),
        Err(response) => return response,
    }
    let token = match random_token() {
        Ok(token) => token,
        Err(e) => return Response::error(500, "no_token", &e.to_string()),
    };
    {
        let mut phones = shared.phones();
        if let Some(old) = &own_token {
            phones.by_token.remove(old);
        }
        phones.by_token.insert(
            token.clone(),
            Phone::new(snapshot.session_id, Standing::Joined(person), peer),
        );
    }
    shared.wake();
    let shown = snapshot
        .roster
        .iter()
        .find(|p| p.person_id == person)
        .map_or(name.as_str(), |p| p.name.as_str());
    Response::json(200, &json!({ "token": token, "name": shown }))
        .header("Set-Cookie", cookie(&token))
}

/// Asks the facilitator to let `name` in; the phone waits with a token of its own.
fn admission(
    shared: &Shared,
    peer: IpAddr,
    name: String,
    claims: Option<PersonId>,
    snapshot: &Snapshot,
) -> Response {
    let token = match random_token() {
        Ok(token) => token,
        Err(e) => return Response::error(500, "no_token", &e.to_string()),
    };
    let (reply, slot) = Reply::new(Some(shared.board.clone()));
    {
        let mut phones = shared.phones();
        let mut waiting_here: Vec<(Instant, String)> = phones
            .by_token
            .iter()
            .filter(|(_, phone)| {
                phone.address == peer && matches!(phone.standing, Standing::Waiting { .. })
            })
            .map(|(token, phone)| (phone.since, token.clone()))
            .collect();
        waiting_here.sort();
        let extra = (waiting_here.len() + 1).saturating_sub(WAITING_PER_ADDRESS);
        for (_, old) in waiting_here.iter().take(extra) {
            if let Some(phone) = phones.by_token.remove(old)
                && let Standing::Waiting { slot, .. } = phone.standing
            {
                slot.withdraw();
            }
        }
        phones.by_token.insert(
            token.clone(),
            Phone::new(
                snapshot.session_id,
                Standing::Waiting {
                    name: name.clone(),
                    slot,
                },
                peer,
            ),
        );
    }
    let change = PhoneChange::Admission { name, claims };
    if shared.send(PhoneRequest { change, reply }).is_err() {
        shared.phones().by_token.remove(&token);
        return not_taking();
    }
    Response::json(202, &json!({ "token": token, "waiting": true }))
        .header("Set-Cookie", cookie(&token))
}

/// `GET /api/now`: the open question, or `{"item": null}`.
fn now(shared: &Shared, request: &Request) -> Response {
    let (caller, snapshot) = match caller(shared, request) {
        Ok(found) => found,
        Err(response) => return response,
    };
    if caller.person.is_none() {
        let status = if caller.waiting { 202 } else { 403 };
        return Response::json(status, &json!({ "item": null, "waiting": caller.waiting }));
    }
    Response::json(
        200,
        &json!({ "item": snapshot.item.as_ref().map(view::item) }),
    )
}

/// `GET /api/state`: everything this phone is shown; with `?since=TAG`, waits for a change.
fn state(shared: &Shared, request: &Request) -> Response {
    let Some(token) = token_of(request) else {
        return unauthorized();
    };
    let since = request.query_param("since");
    let deadline = Instant::now() + LONG_POLL;
    let mut seen = 0;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (version, snapshot) = shared.board.wait_past(seen, left);
        seen = version;
        let Some(json) = shared.state_json(&token, &snapshot) else {
            return unauthorized();
        };
        let tag = view::tag(&json);
        if since != Some(tag.as_str()) || left.is_zero() || shared.stopping() {
            return Response::new(200, "application/json; charset=utf-8", json)
                .header("ETag", format!("\"{tag}\""));
        }
    }
}

/// `POST /api/leave`: this phone forgets its person (or stops waiting to be let in).
fn leave(shared: &Shared, request: &Request) -> Response {
    if let Some(token) = token_of(request)
        && let Some(phone) = shared.phones().by_token.remove(&token)
        && let Standing::Waiting { slot, .. } = phone.standing
    {
        slot.withdraw();
    }
    shared.board.touch();
    shared.wake();
    Response::json(200, &json!({ "left": true })).header(
        "Set-Cookie",
        format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    )
}

/// `POST /api/answer`: one answer to the open question.
fn answer(shared: &Shared, request: &Request) -> Response {
    let (caller, person, snapshot) = match participant(shared, request) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let body = match json_object(&request.body) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(item_id) = body.get("item").and_then(Value::as_str) else {
        return bad_json("name the question with \"item\"");
    };
    let Some(item) = snapshot
        .item
        .as_ref()
        .filter(|item| item.item_id == item_id && item.open)
    else {
        return not_open();
    };
    let answer = match answer_of(item, &body) {
        Ok(answer) => answer,
        Err(message) => return invalid(&message),
    };
    if !item.anonymous {
        let change = PhoneChange::Answer {
            person,
            item_id: item.item_id.clone(),
            answer,
        };
        return ask_core(shared, change).map_or_else(|response| response, recorded);
    }
    let Answer::Options(options) = answer else {
        return invalid("An anonymous poll takes options.");
    };
    let first_vote = shared
        .phones()
        .by_token
        .get_mut(&caller.token)
        .is_some_and(|phone| phone.voted.insert(item.item_id.clone()));
    if !first_vote {
        return Response::error(
            409,
            "already_voted",
            "This phone has already voted. Anonymous votes cannot be changed.",
        );
    }
    let change = PhoneChange::Vote {
        item_id: item.item_id.clone(),
        options,
    };
    let outcome = ask_core(shared, change);
    let counted = matches!(
        outcome,
        Ok(Outcome::Saved | Outcome::Refused(Refusal::NotSavedYet(_)))
    );
    if !counted && let Some(phone) = shared.phones().by_token.get_mut(&caller.token) {
        phone.voted.remove(&item.item_id);
    }
    shared.board.touch();
    outcome.map_or_else(|response| response, recorded)
}

/// The answer `body` gives to `item`, or what is wrong with it in plain words.
fn answer_of(item: &OpenItem, body: &Map<String, Value>) -> Result<Answer, String> {
    let count = item.options.len();
    let option = |value: &Value| -> Result<usize, String> {
        value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n < count)
            .ok_or_else(|| {
                format!(
                    "Choose one of the {count} options (numbered 0 to {}).",
                    count.saturating_sub(1)
                )
            })
    };
    match item.kind {
        ItemKind::Poll if item.multiple => {
            let chosen = match (body.get("options"), body.get("option")) {
                (Some(Value::Array(values)), _) => values
                    .iter()
                    .map(option)
                    .collect::<Result<Vec<usize>, String>>()?,
                (None, Some(value)) => vec![option(value)?],
                _ => return Err("Send \"options\": the numbers of the options chosen.".into()),
            };
            let mut chosen = chosen;
            chosen.sort_unstable();
            chosen.dedup();
            if chosen.is_empty() {
                return Err("Choose at least one option.".into());
            }
            Ok(Answer::Options(chosen))
        }
        ItemKind::Poll | ItemKind::Quiz => {
            let value = match (body.get("option"), body.get("options")) {
                (Some(value), _) => value,
                (None, Some(Value::Array(values))) if values.len() == 1 => {
                    values.first().unwrap_or(&Value::Null)
                }
                _ => return Err("Send \"option\": the number of the option chosen.".into()),
            };
            Ok(Answer::Options(vec![option(value)?]))
        }
        ItemKind::Rating => {
            let range = format!("a whole number from {} to {}", item.min, item.max);
            let rating = body
                .get("rating")
                .ok_or_else(|| format!("Send \"rating\": {range}."))?
                .as_i64()
                .filter(|n| (item.min..=item.max).contains(n))
                .ok_or_else(|| format!("The rating must be {range}."))?;
            Ok(Answer::Number(rating))
        }
        ItemKind::FreeText => {
            let text = body
                .get("text")
                .and_then(Value::as_str)
                .ok_or("Send \"text\": the answer as text.")?;
            Ok(Answer::Text(clean_text(text)?))
        }
    }
}

/// `POST /api/score`: the observer's score sheet for the seller they observe this round.
fn score(shared: &Shared, request: &Request) -> Response {
    let (_, person, snapshot) = match participant(shared, request) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let body = match json_object(&request.body) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let (Some(item_id), Some(round)) = (
        body.get("item").and_then(Value::as_str),
        body.get("round").and_then(Value::as_u64),
    ) else {
        return bad_json("name the role-play with \"item\" and the round with \"round\"");
    };
    let Some(rp) = snapshot
        .role_play
        .as_ref()
        .filter(|rp| rp.item_id == item_id && u64::from(rp.round) == round && rp.scoring)
    else {
        return Response::error(
            409,
            "not_open",
            "Score sheets for that round are not being taken now.",
        );
    };
    let Some(task) = rp.parts.get(&person).and_then(|part| part.scores.as_ref()) else {
        return Response::error(
            403,
            "not_observer",
            "You are not the observer who scores this round.",
        );
    };
    let scores: Option<Vec<u32>> = body.get("scores").and_then(Value::as_array).map(|values| {
        values
            .iter()
            .map(|v| {
                v.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| (1..=rp.scale).contains(n))
                    .unwrap_or(0)
            })
            .collect()
    });
    let scores = match scores {
        Some(scores) if scores.len() == rp.rubric.len() && !scores.contains(&0) => scores,
        _ => {
            return invalid(&format!(
                "Score each of the {} criteria from 1 to {}.",
                rp.rubric.len(),
                rp.scale
            ));
        }
    };
    let comment = match body.get("comment") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) if text.trim().is_empty() => String::new(),
        Some(Value::String(text)) => match clean_text(text) {
            Ok(text) => text,
            Err(message) => return invalid(&message),
        },
        Some(_) => return invalid("The comment must be text."),
    };
    let change = PhoneChange::Score {
        observer: person,
        item_id: rp.item_id.clone(),
        round: rp.round,
        seller: task.seller,
        scores: rp
            .rubric
            .iter()
            .zip(scores)
            .map(|(line, score)| (line.name.clone(), score))
            .collect(),
        comment,
    };
    ask_core(shared, change).map_or_else(|response| response, recorded)
}

/// A name as typed, on one line with single spaces.
fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text answer or comment: line breaks kept (as `\n`), other control characters dropped,
/// trimmed, not empty, and at most [`MAX_TEXT_CHARS`] characters.
fn clean_text(text: &str) -> Result<String, String> {
    let cleaned: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        return Err("Write something before sending.".into());
    }
    let length = cleaned.chars().count();
    if length > MAX_TEXT_CHARS {
        return Err(format!(
            "That is {length} characters; the most is {MAX_TEXT_CHARS}. Shorten it and send again."
        ));
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(multiple: bool) -> OpenItem {
        OpenItem {
            item_id: "p".into(),
            kind: ItemKind::Poll,
            prompt: "?".into(),
            options: vec!["a".into(), "b".into(), "c".into()],
            multiple,
            min: 0,
            max: 0,
            labels: None,
            anonymous: false,
            open: true,
        }
    }

    fn body(json: &str) -> Map<String, Value> {
        match serde_json::from_str(json) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn answers_are_checked_against_the_question() {
        assert_eq!(
            answer_of(&poll(false), &body(r#"{"option": 2}"#)),
            Ok(Answer::Options(vec![2]))
        );
        assert!(answer_of(&poll(false), &body(r#"{"option": 3}"#)).is_err());
        assert!(answer_of(&poll(false), &body(r#"{"option": -1}"#)).is_err());
        assert!(answer_of(&poll(false), &body(r#"{"option": "1"}"#)).is_err());
        assert!(answer_of(&poll(false), &body(r#"{"rating": 1}"#)).is_err());
        assert_eq!(
            answer_of(&poll(true), &body(r#"{"options": [2, 0, 2]}"#)),
            Ok(Answer::Options(vec![0, 2]))
        );
        assert!(answer_of(&poll(true), &body(r#"{"options": []}"#)).is_err());
        let rating = OpenItem {
            kind: ItemKind::Rating,
            min: 1,
            max: 5,
            ..poll(false)
        };
        assert_eq!(
            answer_of(&rating, &body(r#"{"rating": 5}"#)),
            Ok(Answer::Number(5))
        );
        assert!(answer_of(&rating, &body(r#"{"rating": 6}"#)).is_err());
        assert!(answer_of(&rating, &body(r#"{"rating": 2.5}"#)).is_err());
        let text = OpenItem {
            kind: ItemKind::FreeText,
            ..poll(false)
        };
        assert_eq!(
            answer_of(&text, &body(r#"{"text": "  line one\r\nline two\u0007 "}"#)),
            Ok(Answer::Text("line one\nline two".into()))
        );
        assert!(answer_of(&text, &body(r#"{"text": "   "}"#)).is_err());
        let long = format!(r#"{{"text": "{}"}}"#, "é".repeat(MAX_TEXT_CHARS + 1));
        assert!(answer_of(&text, &body(&long)).is_err());
        let longest = format!(r#"{{"text": "{}"}}"#, "é".repeat(MAX_TEXT_CHARS));
        assert!(answer_of(&text, &body(&longest)).is_ok());
    }

    #[test]
    fn only_addresses_and_local_names_are_hosts() {
        for good in [
            None,
            Some("192.168.1.20:8123"),
            Some("127.0.0.1"),
            Some("localhost:80"),
            Some("[::1]:8123"),
            Some("laptop.local:8123"),
        ] {
            assert!(host_allowed(good), "{good:?}");
        }
        for bad in [
            Some("evil.example.com"),
            Some("evil.example.com:8123"),
            Some("[nonsense]"),
        ] {
            assert!(!host_allowed(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_token_comes_from_the_header_or_the_cookie() {
        let request = |headers: Vec<(&str, &str)>| Request {
            method: "GET".into(),
            path: "/api/now".into(),
            query: String::new(),
            headers: headers
                .into_iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect(),
            body: Vec::new(),
            keep_alive: true,
        };
        assert_eq!(
            token_of(&request(vec![("authorization", "Bearer abc")])),
            Some("abc".into())
        );
        assert_eq!(
            token_of(&request(vec![("cookie", "x=1; podium_phone=def; y=2")])),
            Some("def".into())
        );
        assert_eq!(
            token_of(&request(vec![("authorization", "Basic abc")])),
            None
        );
    }
}
