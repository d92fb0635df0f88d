//! The headline: one sentence that answers "what breaks first as we grow,
//! and when". The banner shows it and the command line prints it, so both
//! say exactly the same thing.

use super::quantity::multiplier;
use crate::engine::{Limit, Report, Saturation, Warning};
use crate::model::Document;

/// How many components after the bottleneck the headline names.
const NEXT_IN_LINE: usize = 3;

/// The bottleneck, when it saturates, and the next ones in line.
pub fn headline(doc: &Document, report: &Report) -> String {
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
                    super::quantity::percent(*gain),
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
    let Some(bottleneck) = report.bottleneck() else {
        return "No traffic enters the system: give an entry point a rate.".to_owned();
    };
    let now = multiplier(report.growth);
    // Each component once, at the first limit it reaches (Postgres' CPU
    // after its connections would only repeat its name).
    let mut seen = Vec::new();
    let firsts: Vec<&Saturation> = report
        .ranking
        .iter()
        .filter(|s| {
            let first = !seen.contains(&&s.component);
            seen.push(&s.component);
            first
        })
        .collect();
    let (broken, ahead): (Vec<&Saturation>, Vec<&Saturation>) =
        firsts.into_iter().partition(|s| s.saturates_at <= report.growth);
    let mut sentence = if broken.is_empty() {
        format!(
            "Bottleneck: {} {} {}, {} headroom from {now}.",
            doc.name_of(&bottleneck.component),
            verb(bottleneck.limit),
            when(bottleneck),
            multiplier(bottleneck.saturates_at / report.growth)
        )
    } else {
        // Worst first: the ranking's order is the order they broke in.
        let mut named: Vec<String> = broken
            .iter()
            .take(BROKEN_NAMED)
            .map(|s| format!("{} {} ({})", doc.name_of(&s.component), past_verb(s.limit), since(s)))
            .collect();
        if broken.len() > BROKEN_NAMED {
            named.push(format!("{} more listed under Limits", broken.len() - BROKEN_NAMED));
        }
        format!("Over capacity at {now}: {}.", join_and(&named))
    };
    let next: Vec<String> = ahead
        .iter()
        .filter(|s| s.component != bottleneck.component)
        .take(NEXT_IN_LINE)
        .map(|s| {
            let what = match s.limit {
                Limit::Connections => " (connections)",
                Limit::DailyAverage | Limit::Throughput => "",
            };
            format!("{}{what} {}", doc.name_of(&s.component), when(s))
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
            headline(&doc, &solve(&doc)),
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
            headline(&doc, &solve(&doc)),
            "Over capacity at 8×: Postgres is out of connections (since 3.5×) and Web app is saturated (since 7.5×). \
             Next: Background worker at 12.7×, Load balancer at 83.3×, Redis cache at 83.3×."
        );
        // The bug: at 10× "Next:" listed components already broken.
        doc.scenario.growth = 10.0;
        let text = headline(&doc, &solve(&doc));
        assert!(!text.contains("Next: Postgres") && !text.contains("Next: Web app"), "{text}");
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
            headline(&doc, &solve(&doc)),
            "Traffic loops Web app → Web app and comes back 100.0% of the time (1 − 1e-13): each request would go \
             round about 1e13 times, too close to 1 to plan with. Lower the calls around the loop."
        );
        // Damped enough to plan with: solved.
        doc.dependencies.last_mut().unwrap().calls = 0.5;
        assert!(solve(&doc).warnings.is_empty());
        doc.dependencies.last_mut().unwrap().calls = 1.0;
        assert!(headline(&doc, &solve(&doc)).ends_with("grows without limit: lower the calls around the loop below 1."));
    }

    #[test]
    fn no_entry_points_is_explained() {
        let mut doc = mvp_that_creaks();
        doc.scenario.entries.clear();
        assert_eq!(
            headline(&doc, &solve(&doc)),
            "No traffic enters the system: give an entry point a rate."
        );
    }
}
