//! A record's life: numbering, superseding (kept in both directions) and
//! finding records by status or component. Each function is a pure edit of
//! the list it is given; on error nothing is changed.

use std::fmt;

use crate::model::decision::{number_label, DecisionRecord, Status, StatusKind};
use crate::model::ComponentId;

/// The number the next record gets: one more than the highest so far, so
/// a number is never reused even after records are removed from the
/// middle.
pub fn next_number(records: &[DecisionRecord]) -> u32 {
    records.iter().map(|r| r.number).max().map_or(1, |n| n.saturating_add(1))
}

/// Why a lifecycle edit was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LifecycleError {
    UnknownRecord(u32),
    SelfSupersede(u32),
}

impl fmt::Display for LifecycleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LifecycleError::UnknownRecord(n) => write!(f, "there is no {}", number_label(*n)),
            LifecycleError::SelfSupersede(n) => {
                write!(f, "{} cannot supersede itself", number_label(*n))
            }
        }
    }
}

impl std::error::Error for LifecycleError {}

/// Marks `old` as superseded by `new` and records the link on `new` too.
/// Superseding twice by the same record changes nothing; a record already
/// superseded by another keeps both (MADR allows several).
pub fn supersede(records: &mut [DecisionRecord], old: u32, new: u32) -> Result<(), LifecycleError> {
    if old == new {
        return Err(LifecycleError::SelfSupersede(old));
    }
    let old_at = records.iter().position(|r| r.number == old).ok_or(LifecycleError::UnknownRecord(old))?;
    let new_at = records.iter().position(|r| r.number == new).ok_or(LifecycleError::UnknownRecord(new))?;

    let superseding = &mut records[old_at].status;
    match superseding {
        Status::SupersededBy(by) => {
            if !by.contains(&new) {
                by.push(new);
            }
        }
        _ => *superseding = Status::SupersededBy(vec![new]),
    }
    let supersedes = &mut records[new_at].supersedes;
    if !supersedes.contains(&old) {
        supersedes.push(old);
    }
    Ok(())
}

/// Records with the given status kind and linked to the given component
/// (either filter may be absent), in their original order.
pub fn filter<'a>(
    records: &'a [DecisionRecord],
    status: Option<StatusKind>,
    component: Option<&ComponentId>,
) -> Vec<&'a DecisionRecord> {
    records
        .iter()
        .filter(|r| status.is_none_or(|kind| r.status.kind() == kind))
        .filter(|r| component.is_none_or(|id| r.links(id)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> Vec<DecisionRecord> {
        let mut a = DecisionRecord::new(1, "Use Postgres", "2024-01-10");
        a.status = Status::Accepted;
        a.components = vec!["postgres".into()];
        let mut b = DecisionRecord::new(2, "Cache reads in Redis", "2024-02-01");
        b.status = Status::Accepted;
        b.components = vec!["redis".into(), "postgres".into()];
        let c = DecisionRecord::new(4, "Add read replicas", "2024-05-01");
        vec![a, b, c]
    }

    #[test]
    fn numbers_follow_the_highest() {
        assert_eq!(next_number(&[]), 1);
        assert_eq!(next_number(&records()), 5);
    }

    #[test]
    fn superseding_links_both_ways_and_refuses_nonsense() {
        let mut list = records();
        supersede(&mut list, 1, 4).unwrap();
        supersede(&mut list, 2, 4).unwrap();
        supersede(&mut list, 2, 4).unwrap();
        assert_eq!(list[0].status, Status::SupersededBy(vec![4]));
        assert_eq!(list[1].status, Status::SupersededBy(vec![4]));
        assert_eq!(list[2].supersedes, vec![1, 2]);
        // A second successor is added beside the first.
        supersede(&mut list, 1, 2).unwrap();
        assert_eq!(list[0].status, Status::SupersededBy(vec![4, 2]));

        let before = list.clone();
        assert_eq!(supersede(&mut list, 4, 4), Err(LifecycleError::SelfSupersede(4)));
        assert_eq!(supersede(&mut list, 9, 4), Err(LifecycleError::UnknownRecord(9)));
        assert_eq!(supersede(&mut list, 4, 9).unwrap_err().to_string(), "there is no ADR-0009");
        assert_eq!(list, before);
    }

    #[test]
    fn filters_combine() {
        let list = records();
        let numbers = |found: Vec<&DecisionRecord>| found.iter().map(|r| r.number).collect::<Vec<_>>();
        let postgres = ComponentId::new("postgres");
        assert_eq!(numbers(filter(&list, None, None)), vec![1, 2, 4]);
        assert_eq!(numbers(filter(&list, Some(StatusKind::Accepted), None)), vec![1, 2]);
        assert_eq!(numbers(filter(&list, Some(StatusKind::Proposed), Some(&postgres))), Vec::<u32>::new());
        assert_eq!(numbers(filter(&list, None, Some(&"redis".into()))), vec![2]);
        assert_eq!(numbers(filter(&list, Some(StatusKind::Accepted), Some(&postgres))), vec![1, 2]);
    }
}
