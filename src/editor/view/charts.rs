//! Chart geometry: the utilisation-against-growth chart and the backlog
//! over a day, as SVG path data and labelled ticks. The page draws these
//! shapes and computes nothing; the maths of where a point goes lives here
//! and is tested natively.

use crate::engine::{DayLoad, Limit, ObjectiveHeadroom, Report, Sweep};
use crate::words::headline::limit_phrase;
use crate::words::quantity::{duration, multiplier, round_percent};
use crate::model::Document;
use crate::words::cost::count;

/// Room around the plot for tick labels: on the left the rotated axis
/// title (its glyphs reach from about 8 to 24 units) and then tick labels
/// as wide as "100%" (about 42 units at 16 px, ending 8 units short of the
/// plot), with room between them.
const MARGIN_LEFT: f64 = 84.0;
/// The day chart's room on each side for its two axes' tick labels.
const DAY_MARGIN_SIDE: f64 = 64.0;
/// Where the rotated y-axis title's baseline stands.
pub const Y_TITLE_X: f64 = 20.0;
const MARGIN_RIGHT: f64 = 16.0;
const MARGIN_TOP: f64 = 16.0;
const MARGIN_BOTTOM: f64 = 40.0;
/// Utilisation shown at the top of the chart: past saturation a line
/// leaves the chart rather than squashing everything below it.
const TOP_UTILISATION: f64 = 1.2;
/// Chart units between the centres of two saturation markers (each is a
/// circle of radius 12).
const MARKER_SPACING: f64 = 26.0;

/// A tick on an axis: position in chart units and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// One line of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub id: String,
    pub name: String,
    /// SVG path data in chart units.
    pub path: String,
    /// Where the component reaches its first limit, on its line.
    pub marker: Option<Marker>,
    /// Why the line is not smooth, when it is not: an autoscaled
    /// component's utilisation drops each time an instance is added.
    pub note: Option<String>,
}

/// A numbered marker where a line's component reaches its limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// The point on the line at that growth: on the limit for a
    /// throughput limit, wherever the line is for a connection limit (a
    /// database can run out of connections at 84% busy).
    pub on_line: (f64, f64),
    /// The numbered badge's centre: the point itself, or above it when
    /// another badge is there (a leader joins them).
    pub badge: (f64, f64),
    /// "Postgres runs out of connections at 3.5×".
    pub label: String,
}

/// A chart ready to draw in a `viewBox="0 0 width height"`.
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    pub width: f64,
    pub height: f64,
    /// The plotting area: left, top, right, bottom.
    pub plot: (f64, f64, f64, f64),
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub series: Vec<Series>,
    /// Horizontal reference lines: (y, label), e.g. the comfort line.
    pub rules: Vec<(f64, String)>,
    /// The current growth as a vertical line: (x, label).
    pub now: Option<(f64, String)>,
    /// A sentence describing the chart for screen readers.
    pub description: String,
    /// The growths at the plot's left and right edges (log axis).
    pub growth_range: (f64, f64),
}

impl LineChart {
    /// Where `growth` is on the x axis (clamped to the plot).
    pub fn x_of(&self, growth: f64) -> f64 {
        let (first, last) = self.growth_range;
        let t = (growth.max(first).ln() - first.ln()) / (last.ln() - first.ln());
        self.plot.0 + t.clamp(0.0, 1.0) * (self.plot.2 - self.plot.0)
    }
}

/// Chart units between the labels of two objective markers, one above
/// the other.
const OBJECTIVE_LABEL_STEP: f64 = 22.0;

/// A vertical marker where an entry point's latency objective breaks.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveMarker {
    pub entry: String,
    /// `None` when the growth is past the chart's right edge: it is only
    /// described.
    pub x: Option<f64>,
    /// Where its label stands (staggered when markers are close).
    pub label_y: f64,
    /// Whether the label reads leftwards from the line (near the right edge).
    pub label_left: bool,
    /// "p99 ≤ 100 ms (Load balancer)".
    pub label: String,
    /// "p99 ≤ 100 ms (Load balancer) breaks at 3.53×": the legend and the
    /// text alternative.
    pub sentence: String,
    pub breaks_at: f64,
}

/// One marker per entry point with an objective, at the growth where it
/// breaks (`Analysis::objective_headroom`), in the order they break.
pub fn objective_markers(chart: &LineChart, doc: &Document, objectives: &[ObjectiveHeadroom]) -> Vec<ObjectiveMarker> {
    let (first, last) = chart.growth_range;
    let mut sorted: Vec<&ObjectiveHeadroom> = objectives.iter().collect();
    sorted.sort_by(|a, b| a.breaks_at.total_cmp(&b.breaks_at));
    let mut placed: Vec<f64> = Vec::new();
    sorted
        .into_iter()
        .map(|o| {
            let label = format!(
                "{} ≤ {} ({})",
                o.objective.percentile_label(),
                duration(Some(o.objective.target_ms / 1000.0)),
                doc.name_of(&o.entry)
            );
            let sentence = if o.breaks_at <= 0.0 {
                format!("{label} is not met even without load")
            } else if o.breaks_at < first {
                format!("{label} breaks at {}, left of the chart", multiplier(o.breaks_at))
            } else if o.breaks_at > last {
                format!("{label} holds past {}", multiplier(last))
            } else {
                format!("{label} breaks at {}", multiplier(o.breaks_at))
            };
            let x = (o.breaks_at <= last).then(|| chart.x_of(o.breaks_at));
            // Labels of markers closer than a label's width stack downwards.
            let close = x.map_or(0, |x| placed.iter().filter(|&&p| (p - x).abs() < 240.0).count());
            if let Some(x) = x {
                placed.push(x);
            }
            let label_y = chart.plot.1 + 40.0 + close as f64 * OBJECTIVE_LABEL_STEP;
            let label_left = x.is_some_and(|x| x > (chart.plot.0 + chart.plot.2) / 2.0);
            ObjectiveMarker { entry: o.entry.to_string(), x, label_y, label_left, label, sentence, breaks_at: o.breaks_at }
        })
        .collect()
}

fn path(points: &[(f64, f64)]) -> String {
    let mut out = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let command = if i == 0 { 'M' } else { 'L' };
        out.push_str(&format!("{command}{x:.1},{y:.1}"));
    }
    out
}

/// Utilisation against growth (log scale, 1×–1000×) for the `top`
/// components that saturate first, each with its saturation point marked.
pub fn utilisation_chart(
    doc: &Document,
    report: &Report,
    sweep: &Sweep,
    top: usize,
    width: f64,
    height: f64,
) -> LineChart {
    let plot = (MARGIN_LEFT, MARGIN_TOP, width - MARGIN_RIGHT, height - MARGIN_BOTTOM);
    let (first, last) = match (sweep.growths.first(), sweep.growths.last()) {
        (Some(&a), Some(&b)) if b > a && a > 0.0 => (a, b),
        _ => (1.0, 1000.0),
    };
    let x_of = |growth: f64| {
        let t = (growth.max(first).ln() - first.ln()) / (last.ln() - first.ln());
        plot.0 + t.clamp(0.0, 1.0) * (plot.2 - plot.0)
    };
    let y_of = |utilisation: f64| {
        let t = (utilisation / TOP_UTILISATION).clamp(0.0, 1.0);
        plot.3 - t * (plot.3 - plot.1)
    };

    let mut chosen: Vec<&crate::engine::Saturation> = Vec::new();
    for saturation in &report.ranking {
        if chosen.len() >= top {
            break;
        }
        if !chosen.iter().any(|c| c.component == saturation.component) {
            chosen.push(saturation);
        }
    }
    let series = chosen
        .iter()
        .filter_map(|saturation| {
            let (_, values) = sweep.series.iter().find(|(id, _)| *id == saturation.component)?;
            let mut points = Vec::new();
            for (&growth, &utilisation) in sweep.growths.iter().zip(values) {
                points.push((x_of(growth), y_of(utilisation)));
                if utilisation > TOP_UTILISATION {
                    break;
                }
            }
            let name = doc.name_of(&saturation.component);
            // The marker goes on the line as drawn: a connection budget
            // runs out wherever the line is then, not on the limit (the
            // marker used to sit on the 100% rule, away from any line).
            let marker = (saturation.saturates_at >= first && saturation.saturates_at <= last)
                .then(|| on_polyline(&points, x_of(saturation.saturates_at)))
                .flatten()
                .map(|on_line| Marker { on_line, badge: on_line, label: format!("{name} {}", limit_phrase(saturation)) });
            let mut notes = Vec::new();
            if saturation.limit == Limit::DailyAverage {
                notes.push(format!("{name} is judged over the day: its line is the day's average load, not the peak"));
            }
            if let Some(c) = doc
                .component(&saturation.component)
                .filter(|c| c.autoscales() && c.kind != crate::model::ComponentKind::Function)
            {
                notes.push(format!(
                    "{name} autoscales from {} to {} instances: the line drops each time one is added \
                     (it holds the comfort line) and climbs to the limit once all {} run",
                    c.instances,
                    c.instance_ceiling(),
                    c.instance_ceiling()
                ));
            }
            let note = (!notes.is_empty()).then(|| notes.join("; "));
            Some(Series { id: saturation.component.to_string(), name, path: path(&points), marker, note })
        })
        .collect::<Vec<_>>();

    // Badges closer than a badge's width would hide each other: each one
    // that would overlap an earlier one moves up a step (its point stays
    // on the line, and the page draws a leader to it).
    let mut series = series;
    let mut placed: Vec<(f64, f64)> = Vec::new();
    for s in series.iter_mut() {
        if let Some(marker) = s.marker.as_mut() {
            let badge = &mut marker.badge;
            // Just above the badge it would hide (points on the limit
            // differ by a hair, so a fixed step could overshoot).
            while let Some(y) = placed
                .iter()
                .filter(|&&(x, y)| (x - badge.0).abs() < MARKER_SPACING && (y - badge.1).abs() < MARKER_SPACING)
                .map(|&(_, y)| y)
                .reduce(f64::min)
            {
                badge.1 = y - MARKER_SPACING;
            }
            placed.push(*badge);
        }
    }

    let x_ticks = [1.0, 10.0, 100.0, 1000.0]
        .into_iter()
        .filter(|g| *g >= first * (1.0 - 1e-9) && *g <= last * (1.0 + 1e-9))
        .map(|g| Tick { at: x_of(g), label: multiplier(g) })
        .collect();
    let y_ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
        .into_iter()
        .map(|u| Tick { at: y_of(u), label: round_percent(u) })
        .collect();
    let rules = vec![
        (y_of(report.comfort_line), format!("comfort {}", round_percent(report.comfort_line))),
        (y_of(report.utilisation_limit), format!("limit {}", round_percent(report.utilisation_limit))),
    ];
    let description = if series.is_empty() {
        "Utilisation against growth: no component receives traffic.".to_owned()
    } else {
        let parts: Vec<String> = series
            .iter()
            .zip(&chosen)
            .map(|(s, saturation)| format!("{} {}", s.name, limit_phrase(saturation)))
            .collect();
        let notes: String = series.iter().filter_map(|s| s.note.as_ref()).map(|n| format!(" {n}.")).collect();
        format!("Utilisation against growth from {} to {}: {}.{notes}", multiplier(first), multiplier(last), parts.join("; "))
    };
    LineChart {
        width,
        height,
        plot,
        x_ticks,
        y_ticks,
        series,
        rules,
        now: Some((x_of(report.growth), format!("now {}", multiplier(report.growth)))),
        description,
        growth_range: (first, last),
    }
}

/// The point of a polyline (points in increasing x) at `x`; `None` when
/// the line does not reach that far (it leaves the top of the chart
/// before).
fn on_polyline(points: &[(f64, f64)], x: f64) -> Option<(f64, f64)> {
    let (&(x0, y0), rest) = points.split_first()?;
    if x <= x0 {
        return Some((x0, y0));
    }
    let mut previous = (x0, y0);
    for &(x1, y1) in rest {
        if x <= x1 {
            let t = if x1 > previous.0 { (x - previous.0) / (x1 - previous.0) } else { 0.0 };
            return Some((x, previous.1 + t * (y1 - previous.1)));
        }
        previous = (x1, y1);
    }
    None
}

/// A consumer's day: inflow and capacity per hour as steps, and the
/// backlog as a line on its own scale (requests), over 24 hours.
#[derive(Clone, Debug, PartialEq)]
pub struct DayChart {
    pub width: f64,
    pub height: f64,
    pub plot: (f64, f64, f64, f64),
    pub x_ticks: Vec<Tick>,
    /// Left axis: requests per second.
    pub rate_ticks: Vec<Tick>,
    /// Right axis: requests waiting.
    pub backlog_ticks: Vec<Tick>,
    pub inflow_path: String,
    pub capacity_path: String,
    /// Closed path of the area under the backlog line.
    pub backlog_area: String,
    pub description: String,
}

pub fn day_chart(name: &str, day: &DayLoad, width: f64, height: f64) -> DayChart {
    let plot = (DAY_MARGIN_SIDE, MARGIN_TOP, width - DAY_MARGIN_SIDE, height - MARGIN_BOTTOM);
    let hours = day.inflow.len().max(1) as f64;
    let x_of = |hour: f64| plot.0 + hour / hours * (plot.2 - plot.0);
    let top_rate = day
        .inflow
        .iter()
        .chain(&day.capacity)
        .cloned()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE)
        * 1.1;
    let top_backlog = day.backlog.iter().cloned().filter(|v| v.is_finite()).fold(0.0, f64::max).max(1.0) * 1.1;
    let y_rate = |v: f64| plot.3 - (v / top_rate).clamp(0.0, 1.0) * (plot.3 - plot.1);
    let y_backlog = |v: f64| plot.3 - (v / top_backlog).clamp(0.0, 1.0) * (plot.3 - plot.1);
    let steps = |values: &[f64]| {
        let mut points = Vec::new();
        for (h, &v) in values.iter().enumerate() {
            points.push((x_of(h as f64), y_rate(v)));
            points.push((x_of(h as f64 + 1.0), y_rate(v)));
        }
        path(&points)
    };
    let mut area: Vec<(f64, f64)> = day.backlog.iter().enumerate().map(|(h, &b)| (x_of(h as f64), y_backlog(b))).collect();
    area.push((x_of(hours), plot.3));
    area.push((x_of(0.0), plot.3));
    let mut backlog_area = path(&area);
    backlog_area.push('Z');
    let description = format!(
        "{name} over the day: {} on average against {}; {}.",
        crate::words::quantity::rate(day.average_inflow),
        crate::words::quantity::rate(day.average_capacity),
        crate::words::violations::backlog_summary(day)
    );
    DayChart {
        width,
        height,
        plot,
        x_ticks: [0.0, 6.0, 12.0, 18.0, 24.0]
            .into_iter()
            .map(|h| Tick { at: x_of(h), label: format!("{:02}:00", h as u32 % 24) })
            .collect(),
        rate_ticks: [0.0, 0.5, 1.0]
            .into_iter()
            .map(|t| Tick { at: y_rate(t * top_rate / 1.1), label: crate::words::quantity::rate_short(t * top_rate / 1.1) })
            .collect(),
        // Without a backlog the right axis has only its zero: halves of
        // nothing would all read "0" or "1".
        backlog_ticks: [0.0, 0.5, 1.0]
            .into_iter()
            .filter(|t| *t == 0.0 || day.peak_backlog > 0.0)
            // Compact ("6.06M"): the right margin has room for five characters.
            .map(|t| Tick { at: y_backlog(t * top_backlog / 1.1), label: count(t * top_backlog / 1.1) })
            .collect(),
        inflow_path: steps(&day.inflow),
        capacity_path: steps(&day.capacity),
        backlog_area,
        description,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{growth_sweep, solve, simulate_day};
    use crate::model::mvp_that_creaks;

    #[test]
    fn the_sample_chart_marks_where_each_top_component_gives_out() {
        let doc = mvp_that_creaks();
        let report = solve(&doc);
        let chart = utilisation_chart(&doc, &report, &growth_sweep(&doc, 61), 3, 600.0, 300.0);
        // Postgres appears once though it is ranked twice (connections
        // and CPU); then the web app and the worker.
        let ids: Vec<&str> = chart.series.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["postgres", "web", "worker"]);
        let marker = chart.series[0].marker.clone().unwrap();
        assert_eq!(marker.label, "Postgres runs out of connections at 3.5×");
        let (x, y) = marker.on_line;
        // 3.5× on a log axis from 1× to 1000× over 500 units: 84 + 500 ×
        // log(3.5)/log(1000).
        assert!((x - (84.0 + 500.0 * 3.5f64.log10() / 3.0)).abs() < 1e-9);
        // Issue 12 (b): the marker sat on the 100% line, away from
        // Postgres's line, which is at 24% × 3.5 = 84% when connections
        // run out: 0.84/1.2 of the way up a plot from 260 to 16.
        assert!((y - (260.0 - 244.0 * 0.84 / 1.2)).abs() < 0.5, "{y}");
        assert_eq!(marker.badge, marker.on_line);
        // The web app saturates (throughput): its marker is on the limit.
        let web = chart.series[1].marker.clone().unwrap();
        assert!((web.on_line.1 - (260.0 - 244.0 / 1.2)).abs() < 0.5, "{:?}", web.on_line);
        assert_eq!(chart.x_ticks.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(), ["1×", "10×", "100×", "1000×"]);
        assert!(chart.description.starts_with("Utilisation against growth from 1× to 1000×: Postgres runs out of connections at 3.5×"));
        // The web app autoscales 2..6: its line saw-tooths, and the chart
        // says why; Postgres's does not.
        let note = "Web app autoscales from 2 to 6 instances: the line drops each time one is added \
                    (it holds the comfort line) and climbs to the limit once all 6 run";
        assert_eq!(chart.series[1].note.as_deref(), Some(note));
        assert_eq!(chart.series[0].note, None);
        assert!(chart.description.contains(&format!(" {note}.")), "{}", chart.description);
        // The worker is judged over the day: its line is the average.
        assert_eq!(
            chart.series[2].note.as_deref(),
            Some("Background worker is judged over the day: its line is the day's average load, not the peak")
        );
    }

    #[test]
    fn close_markers_are_staggered_and_a_day_judged_line_says_so() {
        // Scaled web app: the workers fall behind for good at 7.62× and the
        // app saturates at 8×, 26 × log(8/7.62)/log(1000) apart on the x
        // axis: the second marker moves one step (26 units) up.
        let doc = crate::model::templates::scaled_web_app();
        let report = solve(&doc);
        let chart = utilisation_chart(&doc, &report, &growth_sweep(&doc, 61), 4, 900.0, 380.0);
        let ids: Vec<&str> = chart.series.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["postgres", "workers", "app", "cdn"]);
        let y = |i: usize| chart.series[i].marker.as_ref().unwrap().badge.1;
        // Both on the limit (to the sweep's resolution: the point is on
        // the line as drawn through 61 samples).
        assert!((y(1) - y(0)).abs() < 1.0, "{} {}", y(1), y(0));
        assert!((y(2) - (y(1) - MARKER_SPACING)).abs() < 1.0, "{:?}", chart.series.iter().map(|s| s.marker.clone()).collect::<Vec<_>>());
        // The moved badge's point stays on its line.
        let app = chart.series[2].marker.as_ref().unwrap();
        assert!((app.on_line.1 - app.badge.1 - MARKER_SPACING).abs() < 1.0);
        assert!(chart.series[1].note.as_deref().unwrap().starts_with(
            "Workers is judged over the day: its line is the day's average load, not the peak; Workers autoscales from 4 to 10"
        ));
    }

    /// Issue 12 (b): every marker's point lies on its own line, for the
    /// sample and every template, at several growths.
    #[test]
    fn every_marker_sits_on_the_line_it_names() {
        let docs = std::iter::once(mvp_that_creaks()).chain(crate::model::templates::TEMPLATES.iter().map(|t| (t.build)()));
        for mut doc in docs {
            let sweep = growth_sweep(&doc, 121);
            for growth in [1.0, 5.0, 50.0] {
                doc.scenario.growth = growth;
                let report = solve(&doc);
                let chart = utilisation_chart(&doc, &report, &sweep, 4, 900.0, 380.0);
                for series in &chart.series {
                    let Some(marker) = &series.marker else { continue };
                    let points: Vec<(f64, f64)> = series
                        .path
                        .split(['M', 'L'])
                        .filter(|p| !p.is_empty())
                        .map(|p| {
                            let (x, y) = p.split_once(',').unwrap();
                            (x.parse().unwrap(), y.parse().unwrap())
                        })
                        .collect();
                    let (x, y) = marker.on_line;
                    let on = on_polyline(&points, x).unwrap();
                    assert!((on.1 - y).abs() < 0.2, "{} of {}: marker at {y}, line at {}", series.id, doc.name, on.1);
                }
            }
        }
    }

    /// An objective of p99 ≤ 100 ms on the sample: one marker, on the x
    /// of the growth the engine says it breaks at, labelled and described.
    #[test]
    fn an_objective_is_marked_where_it_breaks() {
        let mut doc = mvp_that_creaks();
        doc.scenario.entries[0].objective = Some(crate::model::LatencyObjective { percentile: 0.99, target_ms: 100.0 });
        let report = solve(&doc);
        let chart = utilisation_chart(&doc, &report, &growth_sweep(&doc, 61), 4, 900.0, 380.0);
        let objectives = crate::engine::Analysis::new(&doc).objective_headroom();
        let markers = objective_markers(&chart, &doc, &objectives);
        assert_eq!(markers.len(), 1);
        let marker = &markers[0];
        let at = objectives[0].breaks_at;
        assert!(at > 3.0 && at < 4.0, "{at}");
        assert_eq!(marker.x, Some(chart.x_of(at)));
        let (left, right) = (chart.plot.0, chart.plot.2);
        let expected = left + (at.ln() / 1000f64.ln()) * (right - left);
        assert!((chart.x_of(at) - expected).abs() < 1e-9);
        assert_eq!(marker.label, "p99 ≤ 100 ms (Load balancer)");
        assert_eq!(marker.sentence, format!("p99 ≤ 100 ms (Load balancer) breaks at {}", multiplier(at)));
        // Past the right edge it is described, not drawn.
        let far = ObjectiveHeadroom { breaks_at: 5000.0, ..objectives[0].clone() };
        let markers = objective_markers(&chart, &doc, &[far]);
        assert_eq!(markers[0].x, None);
        assert_eq!(markers[0].sentence, "p99 ≤ 100 ms (Load balancer) holds past 1000×");
    }

    #[test]
    fn the_day_chart_draws_steps_and_the_backlog() {
        let mut inflow = vec![5.0; 24];
        inflow[12] = 25.0;
        let day = simulate_day(&inflow, &[10.0; 24], 10.0);
        let chart = day_chart("Worker", &day, 600.0, 240.0);
        assert!(chart.inflow_path.starts_with("M64.0,"));
        assert!(chart.backlog_area.ends_with('Z'));
        assert_eq!(chart.x_ticks.last().map(|t| t.label.as_str()), Some("00:00"));
        assert!(chart.description.contains("peak backlog 54,000 requests"), "{}", chart.description);
        let labels: Vec<&str> = chart.backlog_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0", "27k", "54k"]);
    }

    #[test]
    fn a_day_without_backlog_labels_only_zero_on_the_backlog_axis() {
        let day = simulate_day(&[5.0; 24], &[10.0; 24], 10.0);
        let chart = day_chart("Worker", &day, 600.0, 240.0);
        let labels: Vec<&str> = chart.backlog_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0"]);
    }
}
