//! A strangler-fig migration as the team declares it: which component is
//! being replaced, by which, and the steps of the traffic split (with an
//! optional shadow phase first). What each step does to the figures is
//! `engine::migration`'s; this is only the saved plan.

use serde::{Deserialize, Serialize};

use super::ComponentId;

/// Moving traffic from `old` to `new` a share at a time, with a way back
/// at every step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    /// The component (or module of a monolith) being replaced.
    pub old: ComponentId,
    /// Its replacement, drawn in the same document.
    pub new: ComponentId,
    /// Whether the new part first takes a copy of all the old one's
    /// traffic, answering nobody (a shadow phase), before any is moved.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shadow: bool,
    /// The split, in order: 0.01, 0.1, 0.5, 1.
    pub steps: Vec<MigrationStep>,
}

/// One step of the split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationStep {
    /// Share of the old component's traffic the new one takes (0..=1).
    pub share: f64,
    /// Instances the old side keeps running from this step on, when the
    /// team shrinks it as traffic leaves (`None`: as declared). The
    /// rollback check asks whether that many can take everything back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_instances: Option<u32>,
}

/// The split most teams start from: 1%, 10%, 50%, then everything.
pub const DEFAULT_SHARES: [f64; 4] = [0.01, 0.1, 0.5, 1.0];

impl Migration {
    /// `old` to `new` in the default steps, no shadow phase.
    pub fn new(old: ComponentId, new: ComponentId) -> Migration {
        let steps = DEFAULT_SHARES.iter().map(|&share| MigrationStep { share, old_instances: None }).collect();
        Migration { old, new, shadow: false, steps }
    }

    /// Whether the plan names `id` on either side.
    pub fn involves(&self, id: &ComponentId) -> bool {
        &self.old == id || &self.new == id
    }

    /// What is wrong with the plan itself, as (field, message) pairs: the
    /// document's validation names the plan around them.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut found = Vec::new();
        if self.old == self.new {
            found.push(("new".to_owned(), "must be a different component from old".to_owned()));
        }
        if self.steps.is_empty() {
            found.push(("steps".to_owned(), "must have at least one step".to_owned()));
        }
        for (i, step) in self.steps.iter().enumerate() {
            if !(0.0..=1.0).contains(&step.share) {
                found.push((format!("steps[{i}].share"), format!("must be between 0 and 1, got {}", step.share)));
            }
            if step.old_instances == Some(0) {
                found.push((format!("steps[{i}].old_instances"), "must be at least 1, got 0".to_owned()));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_plan_is_four_steps_to_everything() {
        let plan = Migration::new("search".into(), "search-service".into());
        let shares: Vec<f64> = plan.steps.iter().map(|s| s.share).collect();
        assert_eq!(shares, vec![0.01, 0.1, 0.5, 1.0]);
        assert!(plan.problems().is_empty());
        assert!(plan.involves(&"search".into()) && !plan.involves(&"monolith".into()));
    }

    #[test]
    fn problems_name_the_field() {
        let mut plan = Migration::new("a".into(), "a".into());
        plan.steps[1].share = 1.5;
        plan.steps[2].old_instances = Some(0);
        let fields: Vec<String> = plan.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["new", "steps[1].share", "steps[2].old_instances"]);
    }

    #[test]
    fn a_plan_reads_back_from_json_without_its_defaults() {
        let text = r#"{"old":"search","new":"search-service","steps":[{"share":0.5},{"share":1,"old_instances":1}]}"#;
        let plan: Migration = serde_json::from_str(text).unwrap();
        assert!(!plan.shadow);
        assert_eq!(plan.steps[1].old_instances, Some(1));
        assert!(serde_json::from_str::<Migration>(r#"{"old":"a","new":"b","steps":[],"extra":1}"#).is_err());
    }
}
