//! What one phone is shown, built from the snapshot for that phone's person alone: the open
//! question, their own answer, the results while the projector shows them, and their own
//! role-play part. Nothing about anyone else leaves the laptop, except the name of the seller
//! an observer scores, which the projector already shows with the groups.

use std::collections::HashSet;

use serde::Serialize;

use crate::store::types::{Answer, PersonId};

use super::board::{ItemKind, OpenItem, RolePlayBoard, ShownResults, Snapshot};

/// The longest text answer or score-sheet comment, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Who a phone is, as far as its view goes.
#[derive(Debug, Clone, Copy)]
pub enum Who<'a> {
    Joined {
        person: PersonId,
        /// Anonymous polls this phone has voted in.
        voted: &'a HashSet<String>,
    },
    /// Waiting for the facilitator to let them in, under the name they typed.
    Waiting {
        name: &'a str,
    },
    TurnedAway,
}

/// A phone's whole screen state, as `GET /api/state` and each event give it.
#[derive(Debug, Serialize)]
pub struct State<'a> {
    /// `joined`, `waiting` or `turned_away`.
    status: &'static str,
    title: &'a str,
    /// The phone's own person's name (or the name typed, while waiting).
    name: Option<&'a str>,
    item: Option<ItemView<'a>>,
    answer: Option<AnswerView<'a>>,
    results: Option<ResultsView<'a>>,
    roleplay: Option<RolePlayView<'a>>,
}

/// The open question, in the shape of `GET /api/now`: one field per key of the phone API,
/// which the phone page and scripts read, so it stays as wide as the API.
#[derive(Debug, Serialize)]
pub struct ItemView<'a> {
    id: &'a str,
    kind: &'static str,
    prompt: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<[&'a str; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<usize>,
    anonymous: bool,
    open: bool,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum AnswerView<'a> {
    Option { option: usize },
    Options { options: &'a [usize] },
    Rating { rating: i64 },
    Text { text: &'a str },
    Voted { voted: bool },
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum ResultsView<'a> {
    Options {
        counts: &'a [usize],
        respondents: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        correct: Option<usize>,
    },
    Scale {
        min: i64,
        counts: &'a [usize],
        respondents: usize,
        mean: f64,
    },
}

#[derive(Debug, Serialize)]
struct RolePlayView<'a> {
    id: &'a str,
    title: &'a str,
    scenario: &'a str,
    round: u32,
    rounds: u32,
    /// This phone's part; `null` when its person is in no group.
    part: Option<PartView<'a>>,
}

#[derive(Debug, Serialize)]
struct PartView<'a> {
    group: usize,
    role: &'a str,
    brief: &'a str,
    private: bool,
    sheet: Option<SheetView<'a>>,
}

#[derive(Debug, Serialize)]
struct SheetView<'a> {
    seller: &'a str,
    rubric: Vec<CriterionView<'a>>,
    scale: u32,
    /// Sheets are taken now.
    open: bool,
    saved: Option<SavedView<'a>>,
}

#[derive(Debug, Serialize)]
struct CriterionView<'a> {
    name: &'a str,
    describe: &'a str,
}

#[derive(Debug, Serialize)]
struct SavedView<'a> {
    scores: &'a [u32],
    comment: &'a str,
}

/// The question as `GET /api/now` shows it.
pub fn item(item: &OpenItem) -> ItemView<'_> {
    let choices = matches!(item.kind, ItemKind::Poll | ItemKind::Quiz);
    let rating = item.kind == ItemKind::Rating;
    ItemView {
        id: &item.item_id,
        kind: item.kind.name(),
        prompt: &item.prompt,
        options: choices.then_some(item.options.as_slice()),
        multiple: (item.kind == ItemKind::Poll).then_some(item.multiple),
        min: rating.then_some(item.min),
        max: rating.then_some(item.max),
        labels: item
            .labels
            .as_ref()
            .filter(|_| rating)
            .map(|(low, high)| [low.as_str(), high.as_str()]),
        max_length: (item.kind == ItemKind::FreeText).then_some(MAX_TEXT_CHARS),
        anonymous: item.anonymous,
        open: item.open,
    }
}

/// Everything `who` may see of `snapshot`.
pub fn state<'a>(snapshot: &'a Snapshot, who: Who<'a>) -> State<'a> {
    let empty = |status, name| State {
        status,
        title: &snapshot.title,
        name,
        item: None,
        answer: None,
        results: None,
        roleplay: None,
    };
    let (person, voted) = match who {
        Who::Waiting { name } => return empty("waiting", Some(name)),
        Who::TurnedAway => return empty("turned_away", None),
        Who::Joined { person, voted } => (person, voted),
    };
    let name = snapshot
        .roster
        .iter()
        .find(|p| p.person_id == person)
        .map(|p| p.name.as_str());
    let open = snapshot.item.as_ref();
    State {
        answer: open.and_then(|open| answer(open, snapshot, person, voted)),
        results: open.and(snapshot.results.as_ref()).map(results),
        item: open.map(item),
        roleplay: snapshot.role_play.as_ref().map(|rp| role_play(rp, person)),
        ..empty("joined", name)
    }
}

fn answer<'a>(
    item: &OpenItem,
    snapshot: &'a Snapshot,
    person: PersonId,
    voted: &HashSet<String>,
) -> Option<AnswerView<'a>> {
    if item.anonymous {
        return voted
            .contains(&item.item_id)
            .then_some(AnswerView::Voted { voted: true });
    }
    match (item.kind, snapshot.answers.get(&person)?) {
        (ItemKind::Poll, Answer::Options(chosen)) if item.multiple => {
            Some(AnswerView::Options { options: chosen })
        }
        (ItemKind::Poll | ItemKind::Quiz, Answer::Options(chosen)) => {
            chosen.first().map(|&option| AnswerView::Option { option })
        }
        (ItemKind::Rating, Answer::Number(rating)) => Some(AnswerView::Rating { rating: *rating }),
        (ItemKind::FreeText, Answer::Text(text)) => Some(AnswerView::Text { text }),
        _ => None,
    }
}

fn results(results: &ShownResults) -> ResultsView<'_> {
    match results {
        ShownResults::Options {
            counts,
            respondents,
            correct,
        } => ResultsView::Options {
            counts,
            respondents: *respondents,
            correct: *correct,
        },
        ShownResults::Scale {
            min,
            counts,
            respondents,
            mean,
        } => ResultsView::Scale {
            min: *min,
            counts,
            respondents: *respondents,
            mean: *mean,
        },
    }
}

fn role_play(rp: &RolePlayBoard, person: PersonId) -> RolePlayView<'_> {
    let part = rp.parts.get(&person).map(|part| PartView {
        group: part.group,
        role: &part.role,
        brief: &part.brief,
        private: part.private,
        sheet: part.scores.as_ref().map(|task| SheetView {
            seller: &task.seller_name,
            rubric: rp
                .rubric
                .iter()
                .map(|line| CriterionView {
                    name: &line.name,
                    describe: &line.describe,
                })
                .collect(),
            scale: rp.scale,
            open: rp.scoring,
            saved: task.saved.as_ref().map(|sheet| SavedView {
                scores: &sheet.scores,
                comment: &sheet.comment,
            }),
        }),
    });
    RolePlayView {
        id: &rp.item_id,
        title: &rp.title,
        scenario: &rp.scenario,
        round: rp.round,
        rounds: rp.rounds,
        part,
    }
}

/// A short tag that changes when `json` does, for `GET /api/state?since=TAG`.
pub fn tag(json: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    json.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phones::board::{Part, RubricLine, SavedSheet, ScoreTask};
    use crate::store::types::Person;
    use std::collections::HashMap;

    fn person(id: PersonId, name: &str) -> Person {
        Person {
            person_id: id,
            name: name.into(),
            email: Some(format!("p{id}@example.com")),
            team: Some("Team".into()),
        }
    }

    fn snapshot() -> Snapshot {
        let part = |group, role: &str, brief: &str, private, scores| Part {
            group,
            role: role.into(),
            brief: brief.into(),
            private,
            scores,
        };
        Snapshot {
            session_id: 1,
            title: "Selling".into(),
            roster: vec![person(1, "Ana"), person(2, "Ben"), person(3, "Cleo")],
            item: Some(OpenItem {
                item_id: "q1".into(),
                kind: ItemKind::Poll,
                prompt: "Which?".into(),
                options: vec!["A".into(), "B".into()],
                multiple: false,
                min: 0,
                max: 0,
                labels: None,
                anonymous: false,
                open: true,
            }),
            answers: HashMap::from([(1, Answer::Options(vec![1])), (2, Answer::Options(vec![0]))]),
            results: None,
            role_play: Some(RolePlayBoard {
                item_id: "rp".into(),
                title: "Discovery call".into(),
                scenario: "A call".into(),
                round: 1,
                rounds: 3,
                rubric: vec![RubricLine {
                    name: "Questions".into(),
                    describe: "Open questions".into(),
                }],
                scale: 5,
                scoring: true,
                parts: HashMap::from([
                    (1, part(1, "Seller", "SELLER-SECRET", true, None)),
                    (2, part(1, "Buyer", "BUYER-SECRET", true, None)),
                    (
                        3,
                        part(
                            1,
                            "Observer",
                            "Watch",
                            false,
                            Some(ScoreTask {
                                seller: 1,
                                seller_name: "Ana".into(),
                                saved: Some(SavedSheet {
                                    scores: vec![4],
                                    comment: "Good".into(),
                                }),
                            }),
                        ),
                    ),
                ]),
            }),
        }
    }

    fn json_for(snapshot: &Snapshot, person: PersonId) -> String {
        let voted = HashSet::new();
        serde_json::to_string(&state(
            snapshot,
            Who::Joined {
                person,
                voted: &voted,
            },
        ))
        .unwrap_or_default()
    }

    #[test]
    fn a_phone_sees_its_own_answer_name_and_part_only() {
        let snapshot = snapshot();
        let ben = json_for(&snapshot, 2);
        assert!(ben.contains("\"name\":\"Ben\""), "{ben}");
        assert!(ben.contains("\"answer\":{\"option\":0}"), "{ben}");
        assert!(ben.contains("BUYER-SECRET"));
        assert!(!ben.contains("SELLER-SECRET"), "{ben}");
        for other in ["Ana", "Cleo", "@example.com", "Team"] {
            assert!(!ben.contains(other), "{other} leaked to Ben: {ben}");
        }
        let cleo = json_for(&snapshot, 3);
        assert!(cleo.contains("\"seller\":\"Ana\""), "{cleo}");
        assert!(!cleo.contains("SECRET"), "{cleo}");
        assert!(cleo.contains("\"saved\":{\"scores\":[4],\"comment\":\"Good\"}"));
    }

    #[test]
    fn results_only_when_shown_and_anonymous_answers_only_as_voted() {
        let mut snapshot = snapshot();
        assert!(json_for(&snapshot, 1).contains("\"results\":null"));
        snapshot.results = Some(ShownResults::Options {
            counts: vec![1, 1],
            respondents: 2,
            correct: None,
        });
        let ana = json_for(&snapshot, 1);
        assert!(
            ana.contains("\"results\":{\"kind\":\"options\",\"counts\":[1,1],\"respondents\":2}"),
            "{ana}"
        );
        if let Some(item) = snapshot.item.as_mut() {
            item.anonymous = true;
        }
        assert!(json_for(&snapshot, 1).contains("\"answer\":null"));
        let voted = HashSet::from(["q1".to_owned()]);
        let json = serde_json::to_string(&state(
            &snapshot,
            Who::Joined {
                person: 1,
                voted: &voted,
            },
        ))
        .unwrap_or_default();
        assert!(json.contains("\"answer\":{\"voted\":true}"), "{json}");
    }

    #[test]
    fn a_waiting_phone_sees_nothing_of_the_session() {
        let snapshot = snapshot();
        let json = serde_json::to_string(&state(&snapshot, Who::Waiting { name: "Dee" }))
            .unwrap_or_default();
        assert_eq!(
            json,
            "{\"status\":\"waiting\",\"title\":\"Selling\",\"name\":\"Dee\",\"item\":null,\"answer\":null,\"results\":null,\"roleplay\":null}"
        );
    }
}
