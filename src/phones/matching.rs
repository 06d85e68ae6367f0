//! Finding the person a phone names: their name as typed, ignoring case, accents, word order
//! and punctuation, or their email. Only the people who match are ever named back, and only
//! to tell two matches apart.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::store::types::{Person, PersonId};

/// The people of `roster` that `typed` names: by email when it has an `@`, else by name.
pub fn matches<'r>(roster: &'r [Person], typed: &str) -> Vec<&'r Person> {
    let typed = typed.trim();
    if typed.contains('@') {
        let email = typed.to_lowercase();
        return roster
            .iter()
            .filter(|p| {
                p.email
                    .as_deref()
                    .is_some_and(|e| e.trim().to_lowercase() == email)
            })
            .collect();
    }
    let key = name_key(typed);
    if key.is_empty() {
        return Vec::new();
    }
    roster.iter().filter(|p| name_key(&p.name) == key).collect()
}

/// How a phone is asked to choose between several matches: a label for each, and whether
/// some could not be told apart by name and team (then the email tells them apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    pub labels: Vec<(String, PersonId)>,
    pub ask_email: bool,
}

/// Labels for the matches: the name as written on the roster, with the team when two names
/// read the same. Matches that still read the same are left out, and `ask_email` is set.
pub fn choices(matches: &[&Person]) -> Choices {
    let label = |p: &Person| {
        let same_name = matches
            .iter()
            .filter(|other| other.name.trim() == p.name.trim())
            .count()
            > 1;
        match p.team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(team) if same_name => format!("{} ({team})", p.name.trim()),
            _ => p.name.trim().to_owned(),
        }
    };
    let labelled: Vec<(String, PersonId)> =
        matches.iter().map(|p| (label(p), p.person_id)).collect();
    let unique: Vec<(String, PersonId)> = labelled
        .iter()
        .filter(|(l, _)| labelled.iter().filter(|(other, _)| other == l).count() == 1)
        .cloned()
        .collect();
    Choices {
        ask_email: unique.len() < labelled.len(),
        labels: unique,
    }
}

/// A name as it is compared: lowercase, accents and other marks dropped, letters such as ß
/// and ø spelled out, punctuation as spaces (apostrophes dropped), and the words sorted, so
/// "Müller, Lena" and "lena muller" read the same.
pub fn name_key(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            '\'' | '\u{2019}' | '\u{02BC}' | '`' => {}
            'ß' | 'ẞ' => folded.push_str("ss"),
            'Æ' | 'æ' => folded.push_str("ae"),
            'Œ' | 'œ' => folded.push_str("oe"),
            'Ø' | 'ø' => folded.push('o'),
            'Đ' | 'đ' | 'Ð' | 'ð' => folded.push('d'),
            'Ł' | 'ł' => folded.push('l'),
            'Þ' | 'þ' => folded.push_str("th"),
            'ı' => folded.push('i'),
            c if c.is_alphanumeric() => folded.extend(c.to_lowercase()),
            _ => folded.push(' '),
        }
    }
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    words.sort_unstable();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: PersonId, name: &str, email: Option<&str>, team: Option<&str>) -> Person {
        Person {
            person_id: id,
            name: name.into(),
            email: email.map(Into::into),
            team: team.map(Into::into),
        }
    }

    fn roster() -> Vec<Person> {
        vec![
            person(1, "Léa Dubois", Some("lea@example.com"), None),
            person(2, "Lena Müller", None, Some("North")),
            person(3, "Lena Muller", None, Some("South")),
            person(4, "Иван Петров", None, None),
            person(5, "王小明", None, None),
            person(6, "O'Brien, Siobhán", None, None),
            person(7, "Jørgen Strauß", None, None),
            person(8, "Sam Lee", None, Some("North")),
            person(9, "Sam Lee", None, Some("North")),
        ]
    }

    fn ids(found: &[&Person]) -> Vec<PersonId> {
        found.iter().map(|p| p.person_id).collect()
    }

    #[test]
    fn names_match_ignoring_case_accents_order_and_punctuation() {
        let roster = roster();
        assert_eq!(ids(&matches(&roster, "lea dubois")), vec![1]);
        assert_eq!(ids(&matches(&roster, "  DUBOIS   Léa ")), vec![1]);
        assert_eq!(ids(&matches(&roster, "иван петров")), vec![4]);
        assert_eq!(ids(&matches(&roster, "王小明")), vec![5]);
        assert_eq!(ids(&matches(&roster, "siobhan obrien")), vec![6]);
        assert_eq!(ids(&matches(&roster, "jorgen strauss")), vec![7]);
        assert_eq!(ids(&matches(&roster, "lena muller")), vec![2, 3]);
        assert!(
            matches(&roster, "Lena").is_empty(),
            "a first name alone lists nobody"
        );
        assert!(matches(&roster, "").is_empty());
        assert!(matches(&roster, " ,. ").is_empty());
    }

    #[test]
    fn an_email_matches_exactly_ignoring_case() {
        let roster = roster();
        assert_eq!(ids(&matches(&roster, " LEA@example.com ")), vec![1]);
        assert!(matches(&roster, "lea@example").is_empty());
    }

    #[test]
    fn choices_tell_matches_apart_by_spelling_then_team_else_by_email() {
        let roster = roster();
        let found = matches(&roster, "lena muller");
        let choices = choices(&found);
        assert_eq!(
            choices.labels,
            vec![("Lena Müller".to_owned(), 2), ("Lena Muller".to_owned(), 3)]
        );
        assert!(!choices.ask_email);
        let same = [
            person(2, "Lena Muller", None, Some("North")),
            person(3, "Lena Muller", None, Some("South")),
        ];
        let found: Vec<&Person> = same.iter().collect();
        assert_eq!(
            super::choices(&found).labels,
            vec![
                ("Lena Muller (North)".to_owned(), 2),
                ("Lena Muller (South)".to_owned(), 3)
            ]
        );
        let twins = matches(&roster, "sam lee");
        let choices = super::choices(&twins);
        assert!(choices.labels.is_empty());
        assert!(choices.ask_email);
    }
}
