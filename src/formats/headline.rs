//! The headline: one sentence that answers "what breaks first as we grow,
//! and when". The banner shows it and the command line prints it, so both
//! say exactly the same thing.

use super::quantity::multiplier;
use crate::engine::{Report, Warning};
use crate::model::Document;

/// How many components after the bottleneck the headline names.
const NEXT_IN_LINE: usize = 3;

/// The bottleneck, when it saturates, and the next ones in line.
pub fn headline(doc: &Document, report: &Report) -> String {
    for warning in &report.warnings {
        if let Warning::AmplifyingLoop { members, .. } = warning {
            let mut names: Vec<String> = members.iter().map(|id| doc.name_of(id)).collect();
            if let Some(first) = names.first().cloned() {
                names.push(first);
            }
            return format!(
                "Traffic loops {} and grows without limit: lower the calls around the loop below 1.",
                names.join(" → ")
            );
        }
    }
    let Some(bottleneck) = report.bottleneck() else {
        return "No traffic enters the system: give an entry point a rate.".to_owned();
    };
    let name = doc.name_of(&bottleneck.component);
    let at = multiplier(bottleneck.saturates_at);
    let now = multiplier(report.growth);
    let over_limit = bottleneck.saturates_at <= report.growth;
    let mut sentence = if over_limit {
        let count = report
            .components
            .iter()
            .filter(|c| c.saturates_at.is_some_and(|s| s <= report.growth))
            .count();
        let others = match count {
            0 | 1 => String::new(),
            2 => " and 1 more component is".to_owned(),
            n => format!(" and {} more components are", n - 1),
        };
        format!("Over capacity at {now}: {name}{others} past the limit ({name} saturates at {at}).")
    } else {
        format!(
            "Bottleneck: {name} saturates at {at}, {} headroom from {now}.",
            multiplier(bottleneck.saturates_at / report.growth)
        )
    };
    let next: Vec<String> = report
        .ranking
        .iter()
        .skip(1)
        .take(NEXT_IN_LINE)
        .map(|s| format!("{} at {}", doc.name_of(&s.component), multiplier(s.saturates_at)))
        .collect();
    if !next.is_empty() {
        sentence.push_str(" Next: ");
        sentence.push_str(&next.join(", "));
        sentence.push('.');
    }
    sentence
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
        assert_eq!(
            headline(&doc, &solve(&doc)),
            "Bottleneck: Postgres saturates at 4.17×, 4.17× headroom from 1×. \
             Next: Web app at 7.5×, Background worker at 12.7×, Load balancer at 83.3×."
        );
    }

    #[test]
    fn past_the_limit_it_says_so_and_counts() {
        let mut doc = mvp_that_creaks();
        doc.scenario.growth = 8.0;
        let text = headline(&doc, &solve(&doc));
        assert!(
            text.starts_with("Over capacity at 8×: Postgres and 1 more component is past the limit"),
            "{text}"
        );
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
