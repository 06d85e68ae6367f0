//! Role-play groups: formed from who is present, with roles rotating each round so that each
//! person plays each role where the rounds allow.

use crate::deck::RolePlay;

/// Splits `people` into groups of `roles` people, in the given order.
///
/// Leftovers: when they are only one short of a full group (for example a pair when the
/// scenario has Seller, Buyer and Observer), they form a smaller group that plays without
/// the last role; otherwise each leftover joins a group as an extra player of the last role
/// (a second observer). One person alone cannot play, so a single leftover always joins.
pub fn form_groups<T: Clone>(people: &[T], roles: usize) -> Vec<Vec<T>> {
    let roles = roles.max(2);
    let mut groups: Vec<Vec<T>> = people.chunks(roles).map(<[T]>::to_vec).collect();
    let Some(last) = groups.last() else {
        return groups;
    };
    let short = last.len() < roles;
    let keep_small = last.len() + 1 >= roles && last.len() >= 2;
    if short && !keep_small && groups.len() > 1 {
        let leftovers = groups.pop().unwrap_or_default();
        let count = groups.len();
        for (i, person) in leftovers.into_iter().enumerate() {
            if let Some(group) = groups.get_mut(i % count) {
                group.push(person);
            }
        }
    }
    groups
}

/// How many shuffles [`form_mixed_groups`] tries, keeping the one that repeats the fewest pairs.
const SHUFFLES: u64 = 64;

/// Groups of `roles` people from `people`, mixed: a shuffle from `seed` (so "Form groups
/// again" gives new groups), choosing among several shuffles the one whose groups put the
/// fewest people together who were together in `avoid` (the groups formed before). The
/// leftovers are handled as [`form_groups`] does.
pub fn form_mixed_groups<T: Clone + PartialEq>(
    people: &[T],
    roles: usize,
    avoid: &[Vec<T>],
    seed: u64,
) -> Vec<Vec<T>> {
    let mut best: Option<(usize, Vec<Vec<T>>)> = None;
    for attempt in 0..SHUFFLES {
        let mut order = people.to_vec();
        shuffle(
            &mut order,
            seed.wrapping_add(attempt.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        );
        let groups = form_groups(&order, roles);
        let repeated = repeated_pairs(&groups, avoid);
        if best.as_ref().is_none_or(|(fewest, _)| repeated < *fewest) {
            let done = repeated == 0;
            best = Some((repeated, groups));
            if done {
                break;
            }
        }
    }
    best.map(|(_, groups)| groups).unwrap_or_default()
}

/// How many pairs of people in `groups` were in one group together in `before`.
fn repeated_pairs<T: PartialEq>(groups: &[Vec<T>], before: &[Vec<T>]) -> usize {
    let together = |a: &T, b: &T| before.iter().any(|g| g.contains(a) && g.contains(b));
    groups
        .iter()
        .map(|g| {
            g.iter()
                .enumerate()
                .flat_map(|(i, a)| g.iter().skip(i + 1).map(move |b| (a, b)))
                .filter(|(a, b)| together(a, b))
                .count()
        })
        .sum()
}

/// Fisher-Yates with splitmix64: the same seed, the same order (tests and a repeated click
/// are reproducible); no cryptography needed.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..items.len()).rev() {
        let bound = u64::try_from(i + 1).unwrap_or(u64::MAX);
        let j = usize::try_from(next() % bound).unwrap_or(0);
        items.swap(i, j);
    }
}

/// The index of the role that the member at `position` of a group of `group_len` plays in
/// `round` (1-based). Roles rotate by one each round. Members beyond the number of roles
/// play the last role (extra observers); a group smaller than the roles leaves the last ones
/// unplayed.
pub fn role_in_round(position: usize, group_len: usize, round: u32, roles: usize) -> usize {
    let len = group_len.max(1);
    let turn = usize::try_from(round.saturating_sub(1)).unwrap_or(0);
    let slot = (position + len - turn % len) % len;
    slot.min(roles.saturating_sub(1))
}

/// Who plays which role in `round`: each member of `group` with the index of their role among
/// `roles` roles, in the group's order.
pub fn cast<T: Copy>(group: &[T], round: u32, roles: usize) -> Vec<(T, usize)> {
    group
        .iter()
        .enumerate()
        .map(|(position, member)| (*member, role_in_round(position, group.len(), round, roles)))
        .collect()
}

/// The member of a `cast` (from [`cast`]) who scores the seller this round: the first player
/// of the observer role ([`RolePlay::observer_role`]).
pub fn scoring_observer<T: Copy>(rp: &RolePlay, cast: &[(T, usize)]) -> Option<T> {
    let role = rp.observer_role()?;
    cast.iter()
        .find(|(_, played)| *played == role)
        .map(|(member, _)| *member)
}

/// `groups` with `person` moved to the group at `to` (the end of it); `to` equal to the
/// number of groups starts a new group. A group left empty is dropped. `None` when `person`
/// is in no group or `to` is past a new group, so nothing is recorded for a stale click.
pub fn move_person<T: Clone + PartialEq>(
    groups: &[Vec<T>],
    person: &T,
    to: usize,
) -> Option<Vec<Vec<T>>> {
    let from = groups.iter().position(|g| g.contains(person))?;
    if to > groups.len() || to == from {
        return None;
    }
    let mut moved: Vec<Vec<T>> = groups.to_vec();
    if to == moved.len() {
        moved.push(Vec::new());
    }
    moved.get_mut(from)?.retain(|p| p != person);
    moved.get_mut(to)?.push(person.clone());
    moved.retain(|g| !g.is_empty());
    Some(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_groups_shuffle_by_seed_and_avoid_the_pairs_of_before() {
        let people: Vec<u32> = (1..=12).collect();
        let in_order = form_groups(&people, 3);
        let mixed = form_mixed_groups(&people, 3, &[], 7);
        assert_ne!(mixed, in_order, "not the roster's order");
        assert_eq!(
            mixed,
            form_mixed_groups(&people, 3, &[], 7),
            "same seed, same groups"
        );
        let mut everyone: Vec<u32> = mixed.iter().flatten().copied().collect();
        everyone.sort_unstable();
        assert_eq!(everyone, people, "everyone once");
        // Forming again: no pair of the first groups is together again.
        let again = form_mixed_groups(&people, 3, &mixed, 8);
        assert_eq!(
            repeated_pairs(&again, &mixed),
            0,
            "{again:?} after {mixed:?}"
        );
        assert_eq!(
            again.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![3, 3, 3, 3]
        );
    }

    #[test]
    fn full_groups_and_leftovers() {
        let people: Vec<u32> = (1..=12).collect();
        assert_eq!(form_groups(&people, 3).len(), 4);
        let eleven: Vec<u32> = (1..=11).collect();
        let groups = form_groups(&eleven, 3);
        assert_eq!(
            groups.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![3, 3, 3, 2],
            "a pair plays without an observer"
        );
        let ten: Vec<u32> = (1..=10).collect();
        let groups = form_groups(&ten, 3);
        assert_eq!(
            groups.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![4, 3, 3],
            "one leftover joins as a second observer"
        );
        assert_eq!(form_groups(&[1, 2], 3), vec![vec![1, 2]]);
        assert_eq!(form_groups::<u32>(&[], 3), Vec::<Vec<u32>>::new());
    }

    #[test]
    fn everyone_plays_every_role_over_as_many_rounds_as_roles() {
        for position in 0..3 {
            let mut played: Vec<usize> = (1..=3)
                .map(|round| role_in_round(position, 3, round, 3))
                .collect();
            played.sort_unstable();
            assert_eq!(played, vec![0, 1, 2], "position {position}");
        }
        for round in 1..=3 {
            let mut roles: Vec<usize> = (0..3).map(|p| role_in_round(p, 3, round, 3)).collect();
            roles.sort_unstable();
            assert_eq!(roles, vec![0, 1, 2], "each role once per round {round}");
        }
        // A group of four with three roles: two observers each round, every role played.
        for round in 1..=4 {
            let mut roles: Vec<usize> = (0..4).map(|p| role_in_round(p, 4, round, 3)).collect();
            roles.sort_unstable();
            assert_eq!(roles, vec![0, 1, 2, 2]);
        }
    }

    fn role_play(roles: &[&str]) -> RolePlay {
        RolePlay {
            id: "rp".into(),
            title: "Call".into(),
            scenario: String::new(),
            roles: roles
                .iter()
                .map(|name| crate::deck::Role {
                    name: (*name).into(),
                    brief: String::new(),
                    private: false,
                    observer: false,
                })
                .collect(),
            rounds: 3,
            minutes_per_round: 5,
            rubric: Vec::new(),
            scale: 5,
            debrief: Vec::new(),
        }
    }

    #[test]
    fn the_observer_is_the_role_named_so_else_the_last_of_three_or_more() {
        assert_eq!(
            role_play(&["Seller", "Observer", "Buyer"]).observer_role(),
            Some(1)
        );
        assert_eq!(
            role_play(&["Seller", "Buyer", "Coach"]).observer_role(),
            Some(2)
        );
        assert_eq!(role_play(&["Seller", "Buyer"]).observer_role(), None);
        let mut marked = role_play(&["Seller", "Buyer", "Coach", "Note-taker"]);
        marked.roles[1].observer = true;
        assert_eq!(
            marked.observer_role(),
            Some(1),
            "a role marked `observer: true` wins over the name and the last role"
        );
        let mut pair = role_play(&["Seller", "Coach"]);
        pair.roles[1].observer = true;
        assert_eq!(pair.observer_role(), Some(1), "two roles, one marked");
        let mut seller = role_play(&["Seller", "Buyer", "Observer"]);
        seller.roles[0].observer = true;
        assert_eq!(
            seller.observer_role(),
            None,
            "the scored role never scores itself"
        );
        let rp = role_play(&["Seller", "Buyer", "Observer"]);
        let round_one = cast(&['a', 'b', 'c', 'd'], 1, 3);
        assert_eq!(round_one, vec![('a', 0), ('b', 1), ('c', 2), ('d', 2)]);
        assert_eq!(
            scoring_observer(&rp, &round_one),
            Some('c'),
            "the first observer scores"
        );
        let round_two = cast(&['a', 'b', 'c'], 2, 3);
        assert_eq!(
            scoring_observer(&rp, &round_two),
            Some('a'),
            "roles move on a place"
        );
        assert_eq!(
            scoring_observer(&rp, &cast(&['a', 'b'], 1, 3)),
            None,
            "a pair has none"
        );
    }

    #[test]
    fn a_person_moves_to_another_group_or_a_new_one_and_empty_groups_go() {
        let groups = vec![vec![1, 2, 3], vec![4, 5, 6]];
        assert_eq!(
            move_person(&groups, &2, 1),
            Some(vec![vec![1, 3], vec![4, 5, 6, 2]])
        );
        assert_eq!(
            move_person(&groups, &6, 2),
            Some(vec![vec![1, 2, 3], vec![4, 5], vec![6]])
        );
        assert_eq!(
            move_person(&[vec![1], vec![2, 3]], &1, 1),
            Some(vec![vec![2, 3, 1]])
        );
        assert_eq!(move_person(&groups, &2, 0), None, "already there");
        assert_eq!(move_person(&groups, &9, 1), None, "in no group");
        assert_eq!(move_person(&groups, &2, 3), None, "no such group");
    }
}
