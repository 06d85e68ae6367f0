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

/// How many shuffles [`form_groups_across_teams`] tries before improving the best by swaps.
const SHUFFLES: u64 = 64;

/// Groups of `roles` people from `people`, mixed: a shuffle from `seed` (so "Form groups
/// again" gives new groups), choosing among several shuffles the one whose groups put the
/// fewest people together who were together in `avoid` (the groups formed before), then
/// swapping people between groups while that puts fewer of them together. The leftovers
/// are handled as [`form_groups`] does.
pub fn form_mixed_groups<T: Clone + PartialEq>(
    people: &[T],
    roles: usize,
    avoid: &[Vec<T>],
    seed: u64,
) -> Vec<Vec<T>> {
    form_groups_across_teams(people, roles, avoid, |_| None::<()>, seed)
}

/// Groups as [`form_mixed_groups`] forms them, with each team spread over the groups: no two
/// people of one team (as `team_of` says; `None` is a team of one) in a group where the
/// numbers allow, and otherwise the fewest such pairs. Among the spreads with the fewest
/// pairs of one team, the one that repeats the fewest pairs of `avoid` is kept.
pub fn form_groups_across_teams<T, K>(
    people: &[T],
    roles: usize,
    avoid: &[Vec<T>],
    team_of: impl Fn(&T) -> Option<K>,
    seed: u64,
) -> Vec<Vec<T>>
where
    T: Clone + PartialEq,
    K: PartialEq,
{
    let sizes: Vec<usize> = form_groups(people, roles).iter().map(Vec::len).collect();
    let teams: Vec<Option<K>> = people.iter().map(&team_of).collect();
    // Everything below works on places in `people`: which two share a team, which two were
    // together before, as tables looked up for each pair of a group.
    let n = people.len();
    let mut same_team = vec![false; n * n];
    let mut together = vec![false; n * n];
    for (a, b) in (0..n).flat_map(|a| (a + 1..n).map(move |b| (a, b))) {
        let team = |i: usize| teams.get(i).and_then(Option::as_ref);
        let shared = team(a).is_some_and(|t| team(b) == Some(t));
        let (pa, pb) = (people.get(a), people.get(b));
        let met = avoid
            .iter()
            .any(|g| pa.is_some_and(|p| g.contains(p)) && pb.is_some_and(|p| g.contains(p)));
        for at in [a * n + b, b * n + a] {
            if let Some(slot) = same_team.get_mut(at) {
                *slot = shared;
            }
            if let Some(slot) = together.get_mut(at) {
                *slot = met;
            }
        }
    }
    let score = |groups: &[Vec<usize>]| -> Score {
        let mut score = (0, 0);
        for g in groups {
            for (i, a) in g.iter().enumerate() {
                for b in g.iter().skip(i + 1) {
                    let at = a * n + b;
                    score.0 += usize::from(same_team.get(at).copied().unwrap_or(false));
                    score.1 += usize::from(together.get(at).copied().unwrap_or(false));
                }
            }
        }
        score
    };
    let mut best: Option<(Score, Vec<Vec<usize>>)> = None;
    for attempt in 0..SHUFFLES {
        let mut order: Vec<usize> = (0..people.len()).collect();
        shuffle(
            &mut order,
            seed.wrapping_add(attempt.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        );
        let dealt = deal_by_team(&order, &teams, &sizes);
        let scored = score(&dealt);
        if best.as_ref().is_none_or(|(fewest, _)| scored < *fewest) {
            let done = scored == (0, 0);
            best = Some((scored, dealt));
            if done {
                break;
            }
        }
    }
    let Some((mut scored, mut groups)) = best else {
        return Vec::new();
    };
    // The deal keeps a team's people in neighbouring groups, which can leave a pair of before
    // together: swapping two people between groups while that lowers the score takes it out.
    let mut improved = scored != (0, 0);
    while improved {
        improved = false;
        for (a, b) in swaps(&groups) {
            let swapped = swap(&groups, a, b);
            let new = score(&swapped);
            if new < scored {
                (scored, groups, improved) = (new, swapped, true);
                break;
            }
        }
    }
    // The deal puts the largest team first in every group: shuffled, anyone plays first.
    groups
        .iter()
        .zip(0u64..)
        .map(|(g, n)| {
            let mut group: Vec<T> = g.iter().filter_map(|i| people.get(*i).cloned()).collect();
            shuffle(&mut group, seed ^ n.rotate_left(32));
            group
        })
        .collect()
}

/// Every swap of two people in different groups, as (group, place) pairs.
fn swaps(groups: &[Vec<usize>]) -> Vec<((usize, usize), (usize, usize))> {
    let places: Vec<(usize, usize)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| (0..group.len()).map(move |p| (g, p)))
        .collect();
    places
        .iter()
        .enumerate()
        .flat_map(|(n, a)| places.iter().skip(n + 1).map(move |b| (*a, *b)))
        .filter(|(a, b)| a.0 != b.0)
        .collect()
}

/// `groups` with the people at places `a` and `b` swapped.
fn swap(groups: &[Vec<usize>], a: (usize, usize), b: (usize, usize)) -> Vec<Vec<usize>> {
    let mut swapped = groups.to_vec();
    let first = groups.get(a.0).and_then(|g| g.get(a.1)).copied();
    let second = groups.get(b.0).and_then(|g| g.get(b.1)).copied();
    if let (Some(first), Some(second)) = (first, second) {
        if let Some(slot) = swapped.get_mut(a.0).and_then(|g| g.get_mut(a.1)) {
            *slot = second;
        }
        if let Some(slot) = swapped.get_mut(b.0).and_then(|g| g.get_mut(b.1)) {
            *slot = first;
        }
    }
    swapped
}

/// Pairs of one team, then pairs of before: the lower the better, in that order.
type Score = (usize, usize);

/// Deals the people at `order` (indexes into `teams`) into groups of `sizes`, one to each
/// group in turn, a team's people one after another and the largest teams first, so that a
/// team goes to as many different groups as it has people (while there are groups for them).
/// Each group starts with someone of the largest team: the caller shuffles within groups.
fn deal_by_team<K: PartialEq>(
    order: &[usize],
    teams: &[Option<K>],
    sizes: &[usize],
) -> Vec<Vec<usize>> {
    // Teams in the order their first member comes in `order` (random), then largest first;
    // people with no team last, as teams of one that fill the gaps.
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut loners: Vec<usize> = Vec::new();
    for &i in order {
        let Some(Some(team)) = teams.get(i) else {
            loners.push(i);
            continue;
        };
        let same = |run: &&mut Vec<usize>| {
            run.first()
                .and_then(|first| teams.get(*first))
                .is_some_and(|t| t.as_ref() == Some(team))
        };
        match runs.iter_mut().find(same) {
            Some(run) => run.push(i),
            None => runs.push(vec![i]),
        }
    }
    runs.sort_by_key(|run| std::cmp::Reverse(run.len()));
    let mut groups: Vec<Vec<usize>> = sizes.iter().map(|n| Vec::with_capacity(*n)).collect();
    let mut next = 0;
    for person in runs.into_iter().flatten().chain(loners) {
        // The next group in turn with room; there is always one, as the sizes add up to
        // everyone.
        for step in 0..groups.len() {
            let at = (next + step) % groups.len().max(1);
            let room = sizes.get(at).copied().unwrap_or(0);
            if let Some(group) = groups.get_mut(at)
                && group.len() < room
            {
                group.push(person);
                next = at + 1;
                break;
            }
        }
    }
    groups
}

/// How many pairs of people in `groups` were in one group together in `before`.
#[cfg(test)]
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

    /// The people of `groups` who share a team, as pairs.
    fn team_pairs(groups: &[Vec<(u32, Option<char>)>]) -> usize {
        groups
            .iter()
            .map(|g| {
                g.iter()
                    .enumerate()
                    .flat_map(|(n, a)| g.iter().skip(n + 1).map(move |b| (a, b)))
                    .filter(|(a, b)| a.1.is_some() && a.1 == b.1)
                    .count()
            })
            .sum()
    }

    #[test]
    fn teams_spread_over_the_groups_one_per_team_where_the_numbers_allow() {
        // Four teams of three, groups of three: four groups, none with two of a team.
        let people: Vec<(u32, Option<char>)> = (0..12)
            .map(|i| (i, Some(['N', 'S', 'E', 'W'][(i % 4) as usize])))
            .collect();
        for seed in 0..20 {
            let groups = form_groups_across_teams(&people, 3, &[], |p| p.1, seed);
            assert_eq!(team_pairs(&groups), 0, "seed {seed}: {groups:?}");
            assert_eq!(
                groups.iter().map(Vec::len).collect::<Vec<_>>(),
                vec![3, 3, 3, 3]
            );
            let mut everyone: Vec<u32> = groups.iter().flatten().map(|p| p.0).collect();
            everyone.sort_unstable();
            assert_eq!(everyone, (0..12).collect::<Vec<_>>(), "everyone once");
        }
        // In the roster's order, groups would hold whole teams.
        let by_team: Vec<(u32, Option<char>)> = (0..12)
            .map(|i| (i, Some(['N', 'S', 'E', 'W'][(i / 3) as usize])))
            .collect();
        assert_eq!(team_pairs(&form_groups(&by_team, 3)), 12);
        assert_eq!(
            team_pairs(&form_groups_across_teams(&by_team, 3, &[], |p| p.1, 5)),
            0
        );
        // Mixed without teams in mind, some seed puts two of a team together.
        assert!((0..20).any(|seed| team_pairs(&form_mixed_groups(&by_team, 3, &[], seed)) > 0));
    }

    #[test]
    fn a_team_larger_than_the_groups_shares_as_few_groups_as_it_can() {
        // Six of North among twelve, four groups of three: two pairs of North at the least
        // (2 + 2 + 1 + 1), and everyone else with no one of their team.
        let people: Vec<(u32, Option<char>)> = (0..12)
            .map(|i| {
                (
                    i,
                    if i < 6 {
                        Some('N')
                    } else {
                        Some(['S', 'E', 'W'][(i % 3) as usize])
                    },
                )
            })
            .collect();
        for seed in 0..20 {
            let groups = form_groups_across_teams(&people, 3, &[], |p| p.1, seed);
            assert_eq!(team_pairs(&groups), 2, "seed {seed}: {groups:?}");
        }
        // Uneven groups (ten people: 4, 3, 3) and people with no team.
        let ten: Vec<(u32, Option<char>)> = (0..10)
            .map(|i| {
                (
                    i,
                    if i < 3 {
                        Some('N')
                    } else if i < 6 {
                        Some('S')
                    } else {
                        None
                    },
                )
            })
            .collect();
        let groups = form_groups_across_teams(&ten, 3, &[], |p| p.1, 3);
        assert_eq!(team_pairs(&groups), 0, "{groups:?}");
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 10);
    }

    #[test]
    fn across_teams_the_pairs_of_before_are_avoided_too() {
        let people: Vec<(u32, Option<char>)> = (0..12)
            .map(|i| (i, Some(['N', 'S', 'E', 'W'][(i % 4) as usize])))
            .collect();
        let first = form_groups_across_teams(&people, 3, &[], |p| p.1, 1);
        let again = form_groups_across_teams(&people, 3, &first, |p| p.1, 2);
        assert_eq!(team_pairs(&again), 0, "{again:?}");
        assert_eq!(
            repeated_pairs(&again, &first),
            0,
            "{again:?} after {first:?}"
        );
    }

    #[test]
    fn two_formings_before_are_avoided_at_once_where_the_numbers_allow() {
        let people: Vec<u32> = (1..=12).collect();
        for seed in 0..40 {
            let first = form_mixed_groups(&people, 3, &[], seed);
            let second = form_mixed_groups(&people, 3, &first, seed + 100);
            let both: Vec<Vec<u32>> = first.iter().chain(&second).cloned().collect();
            let third = form_mixed_groups(&people, 3, &both, seed + 200);
            assert_eq!(repeated_pairs(&third, &both), 0, "seed {seed}: {third:?}");
        }
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
