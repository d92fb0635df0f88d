//! What the legend explains: the utilisation bands a box can be in, with the
//! range each covers under the scenario's comfort line, and the line styles
//! of dependencies. The bands are the engine's own `Status` values, so the
//! legend cannot drift from the colours the canvas uses.

use crate::editor::view::scene::OVER_THE_DAY;
use crate::engine::{Status, HOT_LINE};
use crate::model::{CallMode, Scenario};

/// One utilisation band as the legend shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub status: Status,
    /// Said after the band's word, as the box says it: "over the day".
    pub note: Option<&'static str>,
    /// "under 70%", "70–85%", …
    pub range: String,
}

/// The bands from healthiest to worst, idle last. The comfort line is the
/// scenario's; the hot line is the engine's fixed 85% (or the comfort line,
/// when that is higher, in which case no box can be warm and the band is
/// left out).
pub fn bands(scenario: &Scenario) -> Vec<Band> {
    let comfort = scenario.comfort_line;
    let hot = HOT_LINE.max(comfort);
    let band = |status, range: String| Band { status, note: None, range };
    let mut bands = vec![band(Status::Ok, format!("under {}%", whole_percent(comfort)))];
    if hot > comfort {
        bands.push(band(Status::Warm, format!("{}–{}%", whole_percent(comfort), whole_percent(hot))));
    }
    bands.push(band(Status::Hot, format!("{}–100%", whole_percent(hot))));
    // Work a queue feeds is judged over the day (docs/design.md 4.11):
    // past 100% at the peak it is hot while the backlog is worked off,
    // and the box says so.
    bands.push(Band {
        status: Status::Hot,
        note: Some(OVER_THE_DAY),
        range: "100% or more at the peak, a queue catches up".to_owned(),
    });
    bands.push(band(Status::Saturated, "100% or more".to_owned()));
    bands.push(band(Status::Idle, "no traffic".to_owned()));
    bands
}

/// One line style as the legend shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct LineStyle {
    pub mode: CallMode,
    pub meaning: &'static str,
}

/// Solid and dashed arrows.
pub fn line_styles() -> [LineStyle; 2] {
    [
        LineStyle { mode: CallMode::Sync, meaning: "sync: caller waits" },
        LineStyle { mode: CallMode::Async, meaning: "async: via a queue" },
    ]
}

/// A limit as a whole percentage, without the sign ("70"); band edges are
/// round numbers, and "70.0%" would suggest a precision the legend does not
/// have.
fn whole_percent(ratio: f64) -> String {
    crate::words::quantity::field_text((ratio * 100.0).round())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    #[test]
    fn bands_follow_the_comfort_line() {
        let mut scenario = mvp_that_creaks().scenario;
        let ranges = |s: &Scenario| bands(s).into_iter().map(|b| b.range).collect::<Vec<_>>();
        assert_eq!(
            ranges(&scenario),
            ["under 70%", "70–85%", "85–100%", "100% or more at the peak, a queue catches up", "100% or more", "no traffic"]
        );
        scenario.comfort_line = 0.6;
        assert_eq!(ranges(&scenario)[..2], ["under 60%", "60–85%"]);
        scenario.comfort_line = 0.9;
        assert_eq!(ranges(&scenario)[..2], ["under 90%", "90–100%"]);
    }

    /// Issue 12 (a): every box's band and note is one the legend lists,
    /// with a range its figure falls in (the worker at 10× is 120%: hot
    /// over the day, not the 85–100% hot band).
    #[test]
    fn every_box_matches_a_legend_entry() {
        use crate::editor::view::scene::SceneTexts;
        use crate::engine::solve;
        let mut doc = mvp_that_creaks();
        for growth in [1.0, 4.0, 10.0, 12.0, 20.0] {
            doc.scenario.growth = growth;
            let report = solve(&doc);
            let legend = bands(&doc.scenario);
            for node in SceneTexts::new(&doc, &report).nodes {
                let entry = legend.iter().find(|b| b.status == node.status && b.note == node.status_note);
                let entry = entry.unwrap_or_else(|| panic!("{} at {growth}: {:?} {:?}", node.id, node.status, node.status_note));
                let load = report.component(&node.id).unwrap();
                let percent = load.utilisation * 100.0;
                let fits = match entry.range.as_str() {
                    r if r.starts_with("100% or more") => percent >= 100.0,
                    "no traffic" => load.arrival_rate <= 0.0,
                    r => {
                        let r = r.trim_start_matches("under ").trim_end_matches('%');
                        let (low, high) = r.split_once('–').unwrap_or(("0", r));
                        percent >= low.parse::<f64>().unwrap() && percent < high.parse::<f64>().unwrap()
                    }
                };
                assert!(fits, "{} at {growth}: {percent}% is {:?} but the legend says {}", node.id, node.status, entry.range);
            }
        }
    }
}
