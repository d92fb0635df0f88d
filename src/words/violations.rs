//! Violations in words: each names the component and the numbers, and says
//! what usually fixes it, so the list beside the bottlenecks can be read
//! aloud in a workshop.

use crate::words::quantity::{long_duration, rate};
use crate::engine::Violation;
use crate::model::Document;

/// One violation as a sentence.
pub fn describe(doc: &Document, violation: &Violation) -> String {
    match violation {
        Violation::Connections(budget) => {
            let clients: Vec<String> = budget
                .clients
                .iter()
                .map(|c| format!("{} {} × {}", doc.name_of(&c.id), c.instances, c.pool))
                .collect();
            format!(
                "{}: {} connections needed, {} allowed ({}). A pooler in front, or smaller pools, fixes it.",
                doc.name_of(&budget.component),
                crate::words::quantity::connection_count(budget.demand),
                budget.limit,
                clients.join(", ")
            )
        }
        Violation::RateLimit { component, rate: offered, limit } => format!(
            "{}: {} offered against a rate limit of {}; the excess is refused. Cache its answers or batch the calls.",
            doc.name_of(component),
            rate(*offered),
            rate(*limit)
        ),
        Violation::UnboundedBacklog { component, average_inflow, average_capacity, growth_per_day }
            if grows_by_none(*growth_per_day) =>
        {
            format!(
                "{}: {} arrive on average and it processes {}; the backlog never drains: the day's traffic equals what it can do, so any burst stays in the queue. Add workers.",
                doc.name_of(component),
                rate(*average_inflow),
                rate(*average_capacity)
            )
        }
        Violation::UnboundedBacklog { component, average_inflow, average_capacity, growth_per_day } => format!(
            "{}: {} arrive on average but it processes {}; the backlog grows by {} requests a day. Add workers.",
            doc.name_of(component),
            rate(*average_inflow),
            rate(*average_capacity),
            whole(*growth_per_day)
        ),
        Violation::Memory { component, needed_mb, available_mb } => format!(
            "{}: its code and modules need {} MB per instance, an instance has {} MB. Extract a module or use bigger instances.",
            doc.name_of(component),
            whole(*needed_mb),
            whole(*available_mb)
        ),
        Violation::ScalingCapped { component, needed, ceiling } => format!(
            "{}: needs {} instances at the comfort line, capped at {ceiling}. Raise its maximum or make each instance do more.",
            doc.name_of(component),
            crate::words::quantity::instance_count(*needed)
        ),
    }
}

/// A backlog summary for a component judged over the day.
pub fn backlog_summary(day: &crate::engine::DayLoad) -> String {
    if day.unbounded && grows_by_none(day.growth_per_day) {
        return "unbounded: never drains, the day's traffic equals its capacity".to_owned();
    }
    if day.unbounded {
        return format!("unbounded: +{} requests a day", whole(day.growth_per_day));
    }
    if day.peak_backlog <= 0.0 {
        return "keeps up all day".to_owned();
    }
    format!(
        "peak backlog {} requests, worst delay {}, drains in {}",
        whole(day.peak_backlog),
        long_duration(Some(day.worst_delay)),
        long_duration(Some(day.drain_time))
    )
}

/// An unbounded backlog whose growth would print as "0 requests a day":
/// a day whose average equals its capacity (4.11), which never drains
/// but does not grow either, so the growth is not the thing to say.
fn grows_by_none(growth_per_day: f64) -> bool {
    whole(growth_per_day) == "0"
}

/// A count with thousands separators: "1,234,567".
pub fn whole(value: f64) -> String {
    crate::words::quantity::grouped(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{ConnectionBudget, ConnectionClient};
    use crate::model::mvp_that_creaks;

    #[test]
    fn each_violation_names_the_component_and_the_numbers() {
        let doc = mvp_that_creaks();
        let connections = Violation::Connections(ConnectionBudget {
            component: "postgres".into(),
            limit: 100,
            demand: 115,
            demand_at_ceiling: 130,
            clients: vec![
                ConnectionClient { id: "web".into(), instances: 5, pool: 15, connections: 75 },
                ConnectionClient { id: "worker".into(), instances: 4, pool: 10, connections: 40 },
            ],
            exhausted_at: Some(3.5),
        });
        assert_eq!(
            describe(&doc, &connections),
            "Postgres: 115 connections needed, 100 allowed (Web app 5 × 15, Background worker 4 × 10). A pooler in front, or smaller pools, fixes it."
        );
        let backlog = Violation::UnboundedBacklog {
            component: "worker".into(),
            average_inflow: 38.0,
            average_capacity: 25.0,
            growth_per_day: 1_123_200.0,
        };
        assert_eq!(
            describe(&doc, &backlog),
            "Background worker: 38 req/s arrive on average but it processes 25 req/s; the backlog grows by 1,123,200 requests a day. Add workers."
        );
        let capped = Violation::ScalingCapped { component: "web".into(), needed: 10, ceiling: 6 };
        assert_eq!(
            describe(&doc, &capped),
            "Web app: needs 10 instances at the comfort line, capped at 6. Raise its maximum or make each instance do more."
        );
    }

    /// At exactly its capacity a backlog is unbounded (4.11) but grows by
    /// nothing: it said "the backlog grows by 0 requests a day".
    #[test]
    fn a_backlog_at_exactly_capacity_says_it_never_drains() {
        let doc = mvp_that_creaks();
        let backlog = Violation::UnboundedBacklog {
            component: "worker".into(),
            average_inflow: 25.0,
            average_capacity: 25.0,
            growth_per_day: 0.0,
        };
        assert_eq!(
            describe(&doc, &backlog),
            "Background worker: 25 req/s arrive on average and it processes 25 req/s; the backlog never drains: the day's traffic equals what it can do, so any burst stays in the queue. Add workers."
        );
        let day = crate::engine::simulate_day(&[25.0; 24], &[25.0; 24], 25.0);
        assert!(day.unbounded);
        assert_eq!(backlog_summary(&day), "unbounded: never drains, the day's traffic equals its capacity");
        let growing = crate::engine::simulate_day(&[26.0; 24], &[25.0; 24], 25.0);
        assert_eq!(backlog_summary(&growing), "unbounded: +86,400 requests a day");
    }
}
