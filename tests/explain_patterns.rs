//! The working behind each scaling pattern's figures (`words::explain`):
//! every expected text is worked out by hand from the formulas in
//! docs/design.md, with the arithmetic in the comment beside it, so a
//! figure on the page can be checked by anyone in the room.

use headroom::engine::{self, Analysis};
use headroom::words::cost::cost_working;
use headroom::words::explain::{explain, Explanation};
use headroom::model::{CallKind, CallMode, ComponentKind, Document};

mod common;
use common::{api_feeding_a_worker, call, component, document};

/// The single place that calls `explain`: component `id` of `doc` at
/// `growth` has each `(figure, substituted, result)`.
fn check(doc: &Document, growth: f64, id: &str, expected: &[(&str, &str, &str)]) {
    let report = Analysis::new(doc).report_at(growth);
    let load = report.component(&id.into()).expect("component");
    let explained = explain(doc, &report, load);
    for (figure, substituted, result) in expected {
        let found: Vec<&Explanation> = explained.iter().filter(|e| e.figure == *figure).collect();
        let [only] = found[..] else {
            panic!("{id}: expected one \"{figure}\", found {found:?} among {explained:#?}");
        };
        assert_eq!((only.substituted.as_str(), only.result.as_str()), (*substituted, *result), "{id}: {figure}");
    }
}

fn absent(doc: &Document, growth: f64, id: &str, figure: &str) {
    let report = Analysis::new(doc).report_at(growth);
    let load = report.component(&id.into()).expect("component");
    assert!(explain(doc, &report, load).iter().all(|e| e.figure != figure), "{id} has \"{figure}\"");
}

#[test]
fn replicas_take_shared_reads_and_every_write() {
    // 150 reads + 20 writes at a database with 2 replicas, reads off the
    // primary: the primary takes the 20 writes; each replica 150 / 2 = 75
    // reads + the 20 replicated writes = 95 req/s, of 1 × 100: 95.0%.
    let mut db = component("db", ComponentKind::Database, 1, 100.0);
    db.database.as_mut().expect("database").read_replicas = 2;
    let doc = document(
        vec![component("app", ComponentKind::Service, 8, 100.0), db],
        vec![
            call("app", "db", 1.5, CallKind::Read, CallMode::Sync),
            call("app", "db", 0.2, CallKind::Write, CallMode::Sync),
        ],
        &[("app", 100.0)],
    );
    check(
        &doc,
        1.0,
        "db",
        &[
            ("Load on each primary node", "((1 − 0) / 1 + 0) × (20 + 0)", "20 req/s"),
            ("Load on each replica node", "((1 − 0) / 1 + 0) × (20 + 150 / 2)", "95 req/s"),
            ("Utilisation of each replica node", "95 / (1 × 100)", "95.0%"),
            // 3 nodes of 1 worker at $400.
            ("Monthly cost", "1 × (1 + 2) × 1 × $400/mo", "$1,200/mo"),
        ],
    );
}

#[test]
fn shards_split_keys_and_fan_out_queries_reach_every_shard() {
    // 400 reads over 4 shards with 20% fanning out: each shard takes
    // (0.8 / 4 + 0.2) × 400 = 0.4 × 400 = 160 req/s, of 1 × 200: 80.0%.
    let mut db = component("db", ComponentKind::Database, 1, 200.0);
    if let Some(settings) = db.database.as_mut() {
        settings.shards = 4;
        settings.fan_out_share = 0.2;
    }
    let doc = document(
        vec![component("app", ComponentKind::Service, 8, 100.0), db],
        vec![call("app", "db", 1.0, CallKind::Read, CallMode::Sync)],
        &[("app", 400.0)],
    );
    check(
        &doc,
        1.0,
        "db",
        &[
            ("Load on each primary node", "((1 − 0.2) / 4 + 0.2) × (0 + 400)", "160 req/s"),
            ("Utilisation of each primary node", "160 / (1 × 200)", "80.0%"),
            // The component takes 200 / 0.4 = 500 req/s before a shard is full.
            ("Capacity", "1 × 200 / 0.4 (each primary node takes 160 of 400)", "500 req/s"),
        ],
    );
}

#[test]
fn a_function_shows_its_concurrency_cold_starts_and_price() {
    // 500 req/s at 10 req/s per slot: ⌈500 / 10⌉ = 50 of 100 slots.
    // Cold starts add 2% × 400 ms = 8 ms. 500 × 0.65625 (the typical day's
    // mean) × 2,592,000 s = 850.5 M invocations × $2 = $1,701.
    let doc = document(vec![component("fn", ComponentKind::Function, 100, 10.0)], vec![], &[("fn", 500.0)]);
    check(
        &doc,
        1.0,
        "fn",
        &[
            ("Concurrency in use", "⌈500 / 10⌉ = 50, limit 100", "50"),
            ("Monthly cost", "850.5 million × $2", "$1,701/mo"),
        ],
    );
    let report = engine::solve(&doc);
    let response = explain(&doc, &report, &report.components[0]).into_iter().find(|e| e.figure == "Response time");
    let response = response.expect("a response time");
    assert_eq!(response.formula, "R = W_q + 1/μ + base latency + cold-start share × cold start");
    // W_q at c = 100, ρ = 0.5 is a fraction of a microsecond.
    assert!(response.substituted.ends_with(" + 1/10 + 0 µs + 2.0% × 400 ms"), "{}", response.substituted);
    assert_eq!(response.result, "108 ms");
}

#[test]
fn an_external_api_shows_its_rate_limit() {
    // 2 keys × 50 req/s = a limit of 100 req/s; 80 offered: 80.0%.
    let mut api = component("stripe", ComponentKind::ExternalApi, 2, 50.0);
    api.base_latency_ms = 120.0;
    let doc = document(vec![api], vec![], &[("stripe", 80.0)]);
    check(
        &doc,
        1.0,
        "stripe",
        &[
            ("Rate limit", "2 × 50", "100 req/s"),
            ("Utilisation", "80 / (2 × 50)", "80.0%"),
            ("Response time", "120 ms", "120 ms"),
            ("Status", "ρ = 80.0%", "warm"),
        ],
    );
    // At 150 req/s (growth 1.875) it is 150 / 100 = 150.0% of its limit:
    // no finite response time, and no headroom left (1.25× / 1.875× < 1).
    check(
        &doc,
        1.875,
        "stripe",
        &[
            ("Status", "ρ = 150.0%", "saturated"),
            ("Response time", "ρ = 150.0% ≥ 100%: the queue grows without bound", "∞"),
            ("Headroom", "1.25× / 1.88×", "none"),
        ],
    );
}

/// An API sending 40 jobs/s at the peak to one worker of 20/s, over a day
/// of 20 hours at a quarter of the peak and 12:00–16:00 at the peak.
fn worker_day() -> Document {
    let mut doc = api_feeding_a_worker(40.0, 20.0);
    doc.scenario.daily_profile = (0..24).map(|h| if (12..16).contains(&h) { 1.0 } else { 0.25 }).collect();
    doc
}

#[test]
fn a_worker_pools_backlog_figures_show_the_hours_that_built_them() {
    // Mean inflow (20 × 10 + 4 × 40) / 24 = 360 / 24 = 15 req/s. Each busy
    // hour adds (40 − 20) × 3600 = 72,000: 288,000 at 16:00, waiting
    // 288,000 / 20 = 14,400 s = 4 h; the quiet hours work off 20 − 10 =
    // 10 req/s, so it empties in 28,800 s = 8 h.
    let quiet = ["10"; 12].join(" + ");
    let busy = ["40"; 4].join(" + ");
    let inflow = format!("({quiet} + {busy} + {}) / 24", ["10"; 8].join(" + "));
    check(
        &worker_day(),
        1.0,
        "worker",
        &[
            ("Average inflow over the day", inflow.as_str(), "15 req/s"),
            ("Peak backlog", "3600 × (4 × (40 − 20)) from 12:00 to 16:00", "288,000 requests"),
            ("Worst delay", "288,000 / 20", "4 h"),
            ("Drain time", "288,000 requests worked off from 16:00 at (20 − 10) req/s until empty", "8 h"),
            // It falls behind for good where the mean reaches 20: 20 / 15.
            ("Saturates at", "1 × 20 / (40 × 0.375)", "1.33×"),
            // The peak (40) is twice what it can do, but the day's mean fits.
            ("Status", "average 15 req/s ≤ 20 req/s; ρ at the peak = 200.0%", "hot"),
        ],
    );
    absent(&worker_day(), 1.0, "worker", "Backlog growth per day");
}

#[test]
fn a_backlog_that_empties_partway_through_an_hour_is_drained_at_full_rate() {
    // 5 req/s all day but 15 req/s from 22:00 to midnight, against 10 req/s:
    // 2 × (15 − 10) × 3600 = 36,000 waiting at midnight, worked off at
    // 10 − 5 = 5 req/s: 7,200 s = 2 h, through midnight.
    let mut doc = api_feeding_a_worker(15.0, 10.0);
    doc.scenario.daily_profile = (0..24).map(|h| if h >= 22 { 1.0 } else { 1.0 / 3.0 }).collect();
    check(
        &doc,
        1.0,
        "worker",
        &[
            ("Peak backlog", "3600 × (2 × (15 − 10)) from 22:00 to 00:00", "36,000 requests"),
            ("Drain time", "36,000 requests worked off from 00:00 at (10 − 5) req/s until empty", "2 h"),
        ],
    );
}

#[test]
fn an_unbounded_backlog_shows_how_much_it_grows_a_day() {
    // At 1.5× the mean is 22.5 req/s against 20: 2.5 × 86,400 = 216,000
    // more requests every day.
    check(
        &worker_day(),
        1.5,
        "worker",
        &[
            ("Backlog growth per day", "(22.5 − 20) × 86,400", "216,000 requests a day"),
            ("Status", "average 22.5 req/s > 20 req/s", "saturated"),
        ],
    );
    absent(&worker_day(), 1.5, "worker", "Peak backlog");
}

#[test]
fn an_oversized_component_shows_what_right_sizing_saves() {
    // 30 req/s on 4 × 100: 7.5% (< 20%). ⌈30 / (0.7 × 100)⌉ = 1 would do:
    // (4 − 1) × $70 = $210 a month.
    let mut svc = component("svc", ComponentKind::Service, 4, 100.0);
    svc.monthly_cost_per_instance = 70.0;
    let doc = document(vec![svc], vec![], &[("svc", 30.0)]);
    check(&doc, 1.0, "svc", &[("Right-sizing saves", "⌈30 / (0.7 × 100)⌉ = 1 kept; (4 − 1) × $70/mo", "$210/mo")]);
}

#[test]
fn the_cost_panel_figures_show_their_working() {
    // The service above on a flat day: 30 × 2,592,000 s = 77.76 M requests
    // a month; $280 / 77.76 = $3.60 per million; right-sizing saves $210.
    let mut svc = component("svc", ComponentKind::Service, 4, 100.0);
    svc.monthly_cost_per_instance = 70.0;
    let mut doc = document(vec![svc], vec![], &[("svc", 30.0)]);
    doc.scenario.daily_profile = vec![1.0; 24];
    let report = engine::solve(&doc);
    let working: Vec<(String, String, String)> =
        cost_working(&doc, &report).into_iter().map(|e| (e.figure, e.substituted, e.result)).collect();
    let expected = [
        ("Every month", "svc $280/mo", "$280/mo"),
        ("Traffic", "svc 30 × peak 1 × growth 1 × mean of the day 1 × 2,592,000 s", "77.8M requests a month"),
        ("Per million requests", "$280 / 77.76", "$3.60"),
        ("Right-sizing saves", "svc (4 − 1) × $70/mo", "$210/mo"),
    ];
    let expected: Vec<(String, String, String)> =
        expected.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(working, expected);
}
