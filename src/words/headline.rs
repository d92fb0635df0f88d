//! The headline: one sentence that answers "what breaks first as we grow,
//! and when". A component reaching a limit and an entry point's latency
//! objective breaking are both things that break; whichever comes first
//! leads ("p99 of Checkout passes 300 ms at 2.1×, before anything
//! saturates"). The banner shows it and the command line prints it, so
//! both say exactly the same thing.

use crate::words::quantity::{duration, multiplier};
use crate::engine::{Limit, ObjectiveHeadroom, Report, Saturation, Warning};
use crate::model::Document;

/// How many components after the bottleneck the headline names.
const NEXT_IN_LINE: usize = 3;

/// Something that breaks as growth rises, at the growth where it breaks.
#[derive(Clone, Copy)]
pub(crate) enum Breaking<'a> {
    Limit(&'a Saturation),
    Objective(&'a ObjectiveHeadroom),
}

impl Breaking<'_> {
    pub(crate) fn at(&self) -> f64 {
        match self {
            Breaking::Limit(s) => s.saturates_at,
            Breaking::Objective(o) => o.breaks_at,
        }
    }
}

/// Every limit (each component once, at the first limit it reaches:
/// Postgres' CPU after its connections would only repeat its name) and
/// every objective, in the order they break. Ties keep limits first.
pub(crate) fn breaking_order<'a>(report: &'a Report, objectives: &'a [ObjectiveHeadroom]) -> Vec<Breaking<'a>> {
    // A set, not a list: the ranking of a 1,000-component model is read
    // at every step of the dial.
    let mut seen = rustc_hash::FxHashSet::default();
    let mut order: Vec<Breaking<'a>> = report
        .ranking
        .iter()
        .filter(|s| seen.insert(&s.component))
        .map(Breaking::Limit)
        .collect();
    order.extend(objectives.iter().map(Breaking::Objective));
    order.sort_by(|a, b| a.at().total_cmp(&b.at()));
    order
}

/// "p99 of Web API ≤ 100 ms"'s subject: "p99 of Web API".
fn objective_subject(doc: &Document, objective: &ObjectiveHeadroom) -> String {
    format!("{} of {}", objective.objective.percentile_label(), doc.name_of(&objective.entry))
}

fn objective_target(objective: &ObjectiveHeadroom) -> String {
    duration(Some(objective.objective.target_ms / 1000.0))
}

/// "p99 of Web API passes 100 ms at 3.53×".
pub fn objective_phrase(doc: &Document, objective: &ObjectiveHeadroom) -> String {
    if objective.breaks_at <= 0.0 {
        format!("{} is over {} even without load", objective_subject(doc, objective), objective_target(objective))
    } else {
        format!(
            "{} passes {} at {}",
            objective_subject(doc, objective),
            objective_target(objective),
            multiplier(objective.breaks_at)
        )
    }
}

/// The bottleneck, when it saturates, and the next ones in line, with
/// the entry points' latency objectives among them.
pub fn headline(doc: &Document, report: &Report, objectives: &[ObjectiveHeadroom]) -> String {
    for warning in &report.warnings {
        if let Warning::AmplifyingLoop { members, gain } = warning {
            let mut names: Vec<String> = members.iter().map(|id| doc.name_of(id)).collect();
            if let Some(first) = names.first().cloned() {
                names.push(first);
            }
            return match gain {
                // The calls are below 1, as the other message would ask.
                Some(gain) if *gain < 1.0 => format!(
                    "Traffic loops {} and comes back {} of the time (1 − {:.0e}): each request would go round \
                     about {:.0e} times, too close to 1 to plan with. Lower the calls around the loop.",
                    names.join(" → "),
                    crate::words::quantity::percent(*gain),
                    1.0 - gain,
                    1.0 / (1.0 - gain)
                ),
                _ => format!(
                    "Traffic loops {} and grows without limit: lower the calls around the loop below 1.",
                    names.join(" → ")
                ),
            };
        }
    }
    if report.bottleneck().is_none() {
        return "No traffic enters the system: give an entry point a rate.".to_owned();
    }
    let order = breaking_order(report, objectives);
    let Some(first) = order.first() else {
        return "No traffic enters the system: give an entry point a rate.".to_owned();
    };
    let now = multiplier(report.growth);
    let (broken, ahead): (Vec<&Breaking>, Vec<&Breaking>) = order.iter().partition(|b| b.at() <= report.growth);
    let mut sentence = if broken.is_empty() {
        match first {
            Breaking::Limit(bottleneck) => format!(
                "Bottleneck: {} {} {}, {} headroom from {now}.",
                doc.name_of(&bottleneck.component),
                verb(bottleneck.limit),
                when(bottleneck),
                multiplier(bottleneck.saturates_at / report.growth)
            ),
            Breaking::Objective(objective) => format!(
                "{}{}, {} headroom from {now}.",
                objective_phrase(doc, objective),
                if report.bottleneck().is_some_and(|b| b.saturates_at > objective.breaks_at) {
                    ", before anything saturates"
                } else {
                    ""
                },
                multiplier(objective.breaks_at / report.growth)
            ),
        }
    } else {
        // Worst first: the order is the order they broke in.
        let mut named: Vec<String> = broken
            .iter()
            .take(BROKEN_NAMED)
            .map(|b| match b {
                Breaking::Limit(s) => format!("{} {} ({})", doc.name_of(&s.component), past_verb(s.limit), since(s)),
                Breaking::Objective(o) => format!(
                    "{} is over {} ({})",
                    objective_subject(doc, o),
                    objective_target(o),
                    if o.breaks_at <= 0.0 { "at any growth".to_owned() } else { format!("since {}", multiplier(o.breaks_at)) }
                ),
            })
            .collect();
        if broken.len() > BROKEN_NAMED {
            named.push(format!("{} more listed under Limits", broken.len() - BROKEN_NAMED));
        }
        let over = if broken.iter().all(|b| matches!(b, Breaking::Objective(_))) {
            "Objectives missed"
        } else {
            "Over capacity"
        };
        format!("{over} at {now}: {}.", join_and(&named))
    };
    let lead_is_ahead = broken.is_empty();
    let next: Vec<String> = ahead
        .iter()
        .skip(usize::from(lead_is_ahead))
        .take(NEXT_IN_LINE)
        .map(|b| match b {
            Breaking::Limit(s) => {
                let what = match s.limit {
                    Limit::Connections => " (connections)",
                    Limit::DailyAverage | Limit::Throughput => "",
                };
                format!("{}{what} {}", doc.name_of(&s.component), when(s))
            }
            Breaking::Objective(o) => objective_phrase(doc, o),
        })
        .collect();
    if !next.is_empty() {
        sentence.push_str(" Next: ");
        sentence.push_str(&next.join(", "));
        sentence.push('.');
    }
    sentence
}

/// How many broken components the headline names before it points to the
/// limits panel.
const BROKEN_NAMED: usize = 4;

/// "A", "A and B", "A, B and C".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What having reached the limit is called: "is out of connections".
fn past_verb(limit: Limit) -> &'static str {
    match limit {
        Limit::Throughput => "is saturated",
        Limit::DailyAverage => "falls behind for good",
        Limit::Connections => "is out of connections",
    }
}

/// "since 3.5×", or "at any growth" for a limit broken from the start.
fn since(saturation: &Saturation) -> String {
    if saturation.saturates_at <= 0.0 {
        "at any growth".to_owned()
    } else {
        format!("since {}", multiplier(saturation.saturates_at))
    }
}

/// What reaching the limit is called, by kind of limit.
pub fn verb(limit: Limit) -> &'static str {
    match limit {
        Limit::Throughput => "saturates",
        Limit::DailyAverage => "falls behind for good",
        Limit::Connections => "runs out of connections",
    }
}

/// How a component reaches its limit: "saturates at 4.17×", "runs out of
/// connections at 3.5×".
pub fn limit_phrase(saturation: &Saturation) -> String {
    format!("{} {}", verb(saturation.limit), when(saturation))
}

/// "at 4.17×", or "at any growth" for a limit already broken at the start.
fn when(saturation: &Saturation) -> String {
    if saturation.saturates_at <= 0.0 {
        "at any growth".to_owned()
    } else {
        format!("at {}", multiplier(saturation.saturates_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::solve;
    use crate::model::mvp_that_creaks;

    #[test]
    fn the_sample_names_postgres_first() {
        let doc = mvp_that_creaks();
        // Postgres at 1x: 0.2 × 240 cache reads + 36 writes + 12 worker
        // writes = 96 req/s of 400 → saturates at 400/96 = 4.17x. The
        // worker is judged over the day: 12 req/s at the peak, 0.656 of it
        // on average, against 100 → 100 / (12 × 0.65625) = 12.7x.
        // Before that, connections: web 15 per instance, worker 4 × 10 =
        // 40, limit 100. The web tier scales to a 5th instance above
        // 4 × 0.7 × 150 = 420 req/s = 3.5x, and 5 × 15 + 40 = 115 > 100.
        assert_eq!(
            headline(&doc, &solve(&doc), &[]),
            "Bottleneck: Postgres runs out of connections at 3.5×, 3.5× headroom from 1×. \
             Next: Web app at 7.5×, Background worker at 12.7×, Load balancer at 83.3×."
        );
    }

    #[test]
    fn past_the_limit_it_names_what_is_broken_worst_first_then_what_breaks_next() {
        let mut doc = mvp_that_creaks();
        doc.scenario.growth = 8.0;
        // Broken at 8×: Postgres' connections (3.5×; its CPU at 4.17× is
        // not named again) and the web app (7.5×); next the worker (12.7×).
        assert_eq!(
            headline(&doc, &solve(&doc), &[]),
            "Over capacity at 8×: Postgres is out of connections (since 3.5×) and Web app is saturated (since 7.5×). \
             Next: Background worker at 12.7×, Load balancer at 83.3×, Redis cache at 83.3×."
        );
        // The bug: at 10× "Next:" listed components already broken.
        doc.scenario.growth = 10.0;
        let text = headline(&doc, &solve(&doc), &[]);
        assert!(!text.contains("Next: Postgres") && !text.contains("Next: Web app"), "{text}");
    }

    fn with_objective(target_ms: f64) -> (Document, Vec<ObjectiveHeadroom>) {
        let mut doc = mvp_that_creaks();
        doc.scenario.entries[0].objective = Some(crate::model::LatencyObjective { percentile: 0.99, target_ms });
        let objectives = crate::engine::Analysis::new(&doc).objective_headroom();
        (doc, objectives)
    }

    #[test]
    fn an_objective_that_breaks_first_leads_the_headline() {
        // p99 end to end is 47.7 ms at 1× and 66.5 ms at 3×: 60 ms breaks
        // between them, before Postgres runs out of connections at 3.5×.
        let (doc, objectives) = with_objective(60.0);
        let at = objectives[0].breaks_at;
        assert!(at > 1.0 && at < 3.0, "{at}");
        let text = headline(&doc, &solve(&doc), &objectives);
        assert_eq!(
            text,
            format!(
                "p99 of Load balancer passes 60 ms at {}, before anything saturates, {} headroom from 1×. \
                 Next: Postgres (connections) at 3.5×, Web app at 7.5×, Background worker at 12.7×.",
                multiplier(at),
                multiplier(at)
            )
        );
    }

    #[test]
    fn an_objective_takes_its_place_in_line_and_is_named_once_broken() {
        // 100 ms holds until 3.53×, just after the connections at 3.5×.
        let (mut doc, objectives) = with_objective(100.0);
        let text = headline(&doc, &solve(&doc), &objectives);
        assert!(text.starts_with("Bottleneck: Postgres runs out of connections at 3.5×"), "{text}");
        assert!(text.contains("Next: p99 of Load balancer passes 100 ms at 3.53×, Web app at 7.5×"), "{text}");
        doc.scenario.growth = 3.52;
        let text = headline(&doc, &solve(&doc), &objectives);
        assert!(text.starts_with("Over capacity at 3.52×: Postgres is out of connections (since 3.5×). Next: p99 of"), "{text}");
        doc.scenario.growth = 4.0;
        let text = headline(&doc, &solve(&doc), &objectives);
        assert!(
            text.starts_with("Over capacity at 4×: Postgres is out of connections (since 3.5×) and p99 of Load balancer is over 100 ms (since 3.53×). Next: Web app at 7.5×"),
            "{text}"
        );
    }

    #[test]
    fn an_objective_missed_with_no_limit_reached_says_so() {
        let (mut doc, objectives) = with_objective(60.0);
        doc.scenario.growth = 3.0;
        let text = headline(&doc, &solve(&doc), &objectives);
        assert!(text.starts_with("Objectives missed at 3×: p99 of Load balancer is over 60 ms (since "), "{text}");
        assert!(text.contains("Next: Postgres (connections) at 3.5×"), "{text}");
    }

    #[test]
    fn a_loop_damped_by_a_hair_is_not_called_amplifying() {
        // The bug: calls of 1 − 1e-13 around a retry loop read "lower the
        // calls around the loop below 1" (they were).
        let mut doc = mvp_that_creaks();
        doc.dependencies.push(crate::model::Dependency::new(
            "web-web",
            "web",
            "web",
            1.0 - 1e-13,
            crate::model::CallKind::Call,
            crate::model::CallMode::Sync,
        ));
        assert_eq!(
            headline(&doc, &solve(&doc), &[]),
            "Traffic loops Web app → Web app and comes back 100.0% of the time (1 − 1e-13): each request would go \
             round about 1e13 times, too close to 1 to plan with. Lower the calls around the loop."
        );
        // Damped enough to plan with: solved.
        doc.dependencies.last_mut().unwrap().calls = 0.5;
        assert!(solve(&doc).warnings.is_empty());
        doc.dependencies.last_mut().unwrap().calls = 1.0;
        assert!(headline(&doc, &solve(&doc), &[]).ends_with("grows without limit: lower the calls around the loop below 1."));
    }

    #[test]
    fn no_entry_points_is_explained() {
        let mut doc = mvp_that_creaks();
        doc.scenario.entries.clear();
        assert_eq!(
            headline(&doc, &solve(&doc), &[]),
            "No traffic enters the system: give an entry point a rate."
        );
    }
}
