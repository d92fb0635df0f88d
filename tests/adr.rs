//! Decision records on the sample architecture: numbering and superseding,
//! validation messages, file names, guardrails judged by the engine and
//! drift after an edit, and the evidence a decision is taken on. Each area
//! has one `check` that calls the API under test and a table of cases.
//! Expected figures are worked out by hand from the sample (see
//! `model::sample`): Postgres takes 0.2 × 240 cache misses + 36 writes from
//! the web app + 12 from the worker = 96 req/s at 1× of 400.

use headroom::adr::{
    self, drifted, evaluate, file_name, filter, next_number, slug, supersede, Comparison,
    DecisionRecord, Evidence, Guardrail, GuardrailMetric, LifecycleError, Status, StatusKind,
};
use headroom::engine::Analysis;
use headroom::model::{mvp_that_creaks, ComponentId, Document};

// ---------------------------------------------------------------- names

fn check_slug(title: &str, expected_file: &str) {
    assert_eq!(file_name(7, title), expected_file, "{title:?}");
    let slug = slug(title);
    // The whole title, as adr-tools makes it; capped only for filesystems.
    assert!(!slug.is_empty() && slug.len() <= 200, "{slug:?}");
    assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{slug:?}");
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug:?}");
}

#[test]
fn file_names_are_what_adr_tools_would_write() {
    check_slug("Add read replicas", "0007-add-read-replicas.md");
    check_slug("Use PostgreSQL 16 (not MySQL)", "0007-use-postgresql-16-not-mysql.md");
    check_slug("Déplacer le cache côté CDN", "0007-deplacer-le-cache-cote-cdn.md");
    check_slug("Queue + workers → smooth the 9am spike", "0007-queue-workers-smooth-the-9am-spike.md");
    check_slug("???", "0007-decision.md");
    check_slug(
        "Extract the search module from the monolith into its own service with its own database",
        "0007-extract-the-search-module-from-the-monolith-into-its-own-service-with-its-own-database.md",
    );
}

// ------------------------------------------------------------ lifecycle

fn records(statuses: &[(u32, Status, &[&str])]) -> Vec<DecisionRecord> {
    statuses
        .iter()
        .map(|(number, status, components)| {
            let mut record = DecisionRecord::new(*number, format!("Decision {number}"), "2024-05-01");
            record.status = status.clone();
            record.components = components.iter().map(|c| ComponentId::new(*c)).collect();
            record
        })
        .collect()
}

/// Supersedes `old` by `new` in a list of three accepted records and
/// returns (statuses, supersedes lists) by number.
fn check_supersede(steps: &[(u32, u32)], expected: Result<Vec<(u32, Status, Vec<u32>)>, LifecycleError>) {
    let mut list = records(&[(1, Status::Accepted, &[]), (2, Status::Accepted, &[]), (3, Status::Proposed, &[])]);
    let before = list.clone();
    let mut result = Ok(());
    for (old, new) in steps {
        result = supersede(&mut list, *old, *new);
        if result.is_err() {
            break;
        }
    }
    match (result, expected) {
        (Ok(()), Ok(expected)) => {
            let found: Vec<(u32, Status, Vec<u32>)> =
                list.iter().map(|r| (r.number, r.status.clone(), r.supersedes.clone())).collect();
            assert_eq!(found, expected, "{steps:?}");
        }
        (Err(error), Err(expected)) => {
            assert_eq!(error, expected);
            if steps.len() == 1 {
                assert_eq!(list, before, "a refused edit changed something");
            }
        }
        (got, expected) => panic!("{steps:?}: got {got:?}, expected {expected:?}"),
    }
}

#[test]
fn superseding_keeps_links_both_ways() {
    check_supersede(&[(1, 3)], Ok(vec![
        (1, Status::SupersededBy(vec![3]), vec![]),
        (2, Status::Accepted, vec![]),
        (3, Status::Proposed, vec![1]),
    ]));
    // One record replacing two, as `adr new -s 1 -s 2` does.
    check_supersede(&[(1, 3), (2, 3)], Ok(vec![
        (1, Status::SupersededBy(vec![3]), vec![]),
        (2, Status::SupersededBy(vec![3]), vec![]),
        (3, Status::Proposed, vec![1, 2]),
    ]));
    // One record replaced by two.
    check_supersede(&[(1, 2), (1, 3)], Ok(vec![
        (1, Status::SupersededBy(vec![2, 3]), vec![]),
        (2, Status::Accepted, vec![1]),
        (3, Status::Proposed, vec![1]),
    ]));
    check_supersede(&[(2, 2)], Err(LifecycleError::SelfSupersede(2)));
    check_supersede(&[(1, 9)], Err(LifecycleError::UnknownRecord(9)));
    check_supersede(&[(9, 1)], Err(LifecycleError::UnknownRecord(9)));
}

#[test]
fn numbering_and_filtering() {
    let list = records(&[
        (1, Status::Accepted, &["postgres"]),
        (2, Status::SupersededBy(vec![5]), &["redis"]),
        (5, Status::Accepted, &["redis", "postgres"]),
        (6, Status::Rejected, &["web"]),
    ]);
    assert_eq!(next_number(&list), 7);
    assert_eq!(next_number(&[]), 1);
    let check = |status: Option<StatusKind>, component: Option<&str>, expected: &[u32]| {
        let id = component.map(ComponentId::new);
        let found: Vec<u32> = filter(&list, status, id.as_ref()).iter().map(|r| r.number).collect();
        assert_eq!(found, expected, "{status:?} {component:?}");
    };
    check(None, None, &[1, 2, 5, 6]);
    check(Some(StatusKind::Accepted), None, &[1, 5]);
    check(Some(StatusKind::Superseded), None, &[2]);
    check(None, Some("postgres"), &[1, 5]);
    check(Some(StatusKind::Accepted), Some("redis"), &[5]);
    check(Some(StatusKind::Deprecated), None, &[]);
    check(None, Some("nowhere"), &[]);
}

// ----------------------------------------------------------- validation

/// The single place that validates: a document holding ADR-0001 and the
/// edited ADR-0002; the messages found must include `expected` (or be
/// empty when it is).
fn check_validation(edit: impl FnOnce(&mut DecisionRecord), expected: &[&str]) {
    let mut doc = mvp_that_creaks();
    let mut record = DecisionRecord::new(2, "Add read replicas", "2024-05-01");
    edit(&mut record);
    doc.decisions = vec![DecisionRecord::new(1, "Use Postgres", "2024-01-10"), record];
    let found: Vec<String> = match adr::validate_decisions(&doc) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    };
    assert_eq!(found, expected);
}

#[test]
fn invalid_records_are_named_by_number_and_field() {
    check_validation(|_| {}, &[]);
    check_validation(|r| r.title = String::new(), &["decision ADR-0002, title: must not be empty"]);
    check_validation(|r| r.date = "01/05/2024".into(), &[
        "decision ADR-0002, date: must be a calendar date written yyyy-mm-dd, got \"01/05/2024\"",
    ]);
    check_validation(|r| r.status = Status::SupersededBy(vec![2, 4]), &[
        "decision ADR-0002, status: cannot be superseded by itself",
        "decision ADR-0002, status: names ADR-0004, which does not exist",
    ]);
    check_validation(|r| r.supersedes = vec![1, 3], &["decision ADR-0002, supersedes: names ADR-0003, which does not exist"]);
    // Removed components stay linked: the record is history.
    check_validation(|r| r.components = vec!["postgres".into(), "oracle".into()], &[]);
    check_validation(|r| r.number = 1, &["decision ADR-0001, number: is used by more than one decision"]);
}

// ----------------------------------------------------------- guardrails

fn guardrail(component: &str, metric: GuardrailMetric, comparison: Comparison, threshold: f64, at_growth: f64) -> Guardrail {
    Guardrail { component: component.into(), metric, comparison, threshold, at_growth }
}

/// The single place that evaluates: the sentence says the whole verdict.
fn check_guardrail(doc: &Document, guardrail: Guardrail, expected: &str) {
    let check = evaluate(doc, &guardrail);
    assert_eq!(check.text, expected);
    assert_eq!(check.holds, expected.ends_with("holds"), "{expected}");
}

#[test]
fn guardrails_are_judged_at_their_growth() {
    use Comparison::{AtLeast, AtMost};
    use GuardrailMetric::{Headroom, ResponseTime, Utilisation};
    let doc = mvp_that_creaks();
    // 96 × 2 / 400 = 48%; × 3 = 72%.
    check_guardrail(&doc, guardrail("postgres", Utilisation, AtMost, 0.7, 2.0), "Postgres utilisation ≤ 70% at 2×: now 48.0% — holds");
    check_guardrail(&doc, guardrail("postgres", Utilisation, AtMost, 0.7, 3.0), "Postgres utilisation ≤ 70% at 3×: now 72.0% — broken");
    check_guardrail(&doc, guardrail("postgres", Utilisation, AtMost, 0.725, 3.0), "Postgres utilisation ≤ 72.5% at 3×: now 72.0% — holds");
    // Saturates at 400 / 96 = 4.17×: from 2× that leaves 2.08×.
    check_guardrail(&doc, guardrail("postgres", Headroom, AtLeast, 2.0, 2.0), "Postgres headroom ≥ 2× at 2×: now 2.08× — holds");
    check_guardrail(&doc, guardrail("postgres", Headroom, AtLeast, 1.5, 3.0), "Postgres headroom ≥ 1.5× at 3×: now 1.39× — broken");
    // Past saturation there is no finite response time.
    check_guardrail(&doc, guardrail("postgres", ResponseTime, AtMost, 0.25, 5.0), "Postgres response time ≤ 250 ms at 5×: now ∞ — broken");
    check_guardrail(&doc, guardrail("redis", ResponseTime, AtMost, 0.002, 1.0), "Redis cache response time ≤ 2 ms at 1×: now 551 µs — holds");
    check_guardrail(&doc, guardrail("mysql", Utilisation, AtMost, 0.7, 1.0), "mysql utilisation ≤ 70% at 1×: the component no longer exists — broken");
}

#[test]
fn an_edit_that_breaks_a_guardrail_shows_as_drift() {
    let mut doc = mvp_that_creaks();
    let mut replicas = DecisionRecord::new(1, "Keep one Postgres until 3×", "2024-05-01");
    replicas.status = Status::Accepted;
    replicas.guardrails = vec![guardrail("postgres", GuardrailMetric::Utilisation, Comparison::AtMost, 0.8, 3.0)];
    let mut proposed = replicas.clone();
    proposed.number = 2;
    proposed.status = Status::Proposed;
    doc.decisions = vec![replicas, proposed];
    assert!(drifted(&doc).is_empty(), "72% ≤ 80% holds on the sample");

    // Someone lowers the cache hit ratio from 80% to 60%: Postgres now
    // takes 0.4 × 240 + 48 = 144 req/s at 1×, 108% at 3×.
    if let Some(redis) = doc.component_mut(&"redis".into()) {
        redis.hit_ratio = Some(0.6);
    }
    let drift = drifted(&doc);
    assert_eq!(drift.len(), 1, "only the accepted record drifts");
    assert_eq!(drift[0].0, 1);
    assert_eq!(
        drift[0].1.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        vec!["Postgres utilisation ≤ 80% at 3×: now 108.0% — broken"]
    );
}

// ------------------------------------------------------------- evidence

#[test]
fn evidence_freezes_the_figures_before_and_after() {
    let doc = mvp_that_creaks();
    let analysis = Analysis::new(&doc);
    let evidence = Evidence::capture(&doc, &analysis.report_at(10.0), Some(&analysis.report_at(1.0)), &["redis".into()]);
    let markdown = headroom::files::evidence::to_markdown(&evidence);
    for line in [
        "### Evidence",
        "* Scenario: Launch traffic",
        "* Growth: 10×",
        "* Headroom: none",
        "* Bottleneck: Postgres runs out of connections at 3.5×",
        "* Growth before: 1×",
        "* Headroom before: 3.5×",
        "| Component | Load (before → after) | Utilisation (before → after) | Response (before → after) | p99 (before → after) | Headroom (before → after) |",
        "| Postgres (`postgres`) | 96 req/s → 960 req/s | 24.0% → 240.0% | 5.29 ms → ∞ | 17.1 ms → ∞ | 4.17× → none |",
        "| Web app (`web`) | 120 req/s → 1200 req/s | 40.0% → 133.3% | 12.9 ms → ∞ | 39.4 ms → ∞ | 7.5× → none |",
        "* End to end: Load balancer end to end: no steady state: something on its way is saturated",
        "| Redis cache (`redis`) | 80% | 300 s | TTL expiry, invalidate on write |",
    ] {
        assert!(markdown.lines().any(|l| l == line), "missing {line:?} in\n{markdown}");
    }
    // Without a comparison the table has one value per cell.
    let alone = headroom::files::evidence::to_markdown(&Evidence::capture(&doc, &analysis.report_at(1.0), None, &[]));
    assert!(alone.contains("| Postgres (`postgres`) | 96 req/s | 24.0% | 5.29 ms | 17.1 ms | 4.17× |"), "{alone}");
    assert!(!alone.contains("before"), "{alone}");
}
