//! The cost audit on the templates (the scaled web app's findings are
//! the closing note's) and its promise on generated architectures: every
//! fix it offers lowers the bill and keeps every latency objective that held.

use headroom::engine::audit::{audit, Audit};
use headroom::engine::{solve, Analysis};
use headroom::words::audit::audit_text;
use headroom::engine::synthetic::layered_dag;
use headroom::model::templates::{self, TEMPLATES};
use headroom::model::{apply, CallKind, CallMode, Component, ComponentKind, Dependency, Document, LatencyObjective};
use proptest::prelude::*;

fn print(doc: &Document, audit: &Audit) {
    let text = audit_text(doc, audit);
    println!("{}: {}", doc.name, text.total);
    for line in &text.findings {
        println!("  [{}] {}", line.title, line.reason);
    }
}

#[test]
fn every_template_audits_and_all_its_fixes_save_the_total() {
    for template in TEMPLATES {
        let doc = (template.build)();
        let audit = audit(&doc);
        print(&doc, &audit);
        let mut fixed = doc.clone();
        apply(&mut fixed, audit.fix_all(&doc).expect("the fixes compose")).expect("valid");
        let saved = solve(&doc).cost.monthly_total - solve(&fixed).cost.monthly_total;
        assert!((saved - audit.monthly_saving).abs() < 1e-6, "{}: saved {saved}, audit says {}", template.id, audit.monthly_saving);
    }
}

/// The bill: CDN 100 + balancers 2 × 25 + app 4 × 70 (its minimum covers
/// 300 req/s) + Redis 90 + PgBouncer 30 + Postgres 3 nodes × 4 workers ×
/// 180 + queue 80 + workers 4 × 70 = $3,070. The balancers carry 300
/// req/s of 2 × 10k: one does. Postgres takes 90 reads (Redis' misses)
/// and 90 + 120 writes: 30% reads, so each of its 2 replicas serves
/// 300 × (0.3 / 2 + 0.7) = 255 req/s, the primary 210; ⌈255 / (0.7 ×
/// 300)⌉ = 2 workers a node, 2 fewer on each of 3 nodes × $180 = $1,080.
/// Together $1,105, 36.0% of the bill.
#[test]
fn the_scaled_web_app_pays_for_a_second_balancer_and_half_its_database_workers() {
    let doc = templates::scaled_web_app();
    let audit = audit(&doc);
    let text = audit_text(&doc, &audit);
    let reasons: Vec<&str> = text.findings.iter().map(|l| l.reason.as_str()).collect();
    assert_eq!(reasons, [
        "Load balancer: its busiest hour needs 1 instance (300 req/s at 70% of 10k req/s each), it runs 2 instances; dropping 1 at $25/mo each saves $25/mo.",
        "Postgres: its busiest hour needs 2 workers per node (255 req/s at 70% of 300 req/s each), it runs 4 workers per node on 3 nodes; dropping 6 at $180/mo each saves $1,080/mo.",
    ]);
    assert_eq!(text.total, "saves $1,105/mo, 36.0% of $3,070/mo");
    assert_eq!((audit.monthly_saving, audit.monthly_total), (1_105.0, 3_070.0));
}

/// Where every entry's objective breaks, in the report's entry order.
fn breaks_at(doc: &Document) -> Vec<(String, f64)> {
    Analysis::new(doc).objective_headroom().into_iter().map(|o| (o.entry.to_string(), o.breaks_at)).collect()
}

/// Generated architectures with waste of every kind planted: an idle
/// service, databases with spare workers, write-only replicas, paid APIs
/// with repeated calls, and a p99 objective on the entry that holds or not.
fn wasteful() -> impl Strategy<Value = Document> {
    (2usize..14, any::<u64>(), 1u32..4, 0.0f64..20.0, prop::option::of(0.05f64..0.95), 0.6f64..3.0, 0.5f64..2.5)
        .prop_map(|(n, seed, spare, price, repeat, slack, growth)| {
            let mut doc = layered_dag(n, n * 2, seed);
            for component in &mut doc.components {
                match component.kind {
                    ComponentKind::Database => component.instances *= spare,
                    ComponentKind::ExternalApi => component.price_per_million_calls = Some(price),
                    _ => {}
                }
            }
            let apis: Vec<_> = doc.components.iter().filter(|c| c.kind == ComponentKind::ExternalApi).map(|c| c.id.clone()).collect();
            for dependency in &mut doc.dependencies {
                if apis.contains(&dependency.to) {
                    dependency.kind = CallKind::Read;
                    dependency.repeat_share = repeat;
                }
            }
            doc.components.push(Component::with_defaults("leftover", "Leftover", ComponentKind::Service));
            let mut ledger = Component::with_defaults("ledger", "Ledger", ComponentKind::Database);
            if let Some(settings) = ledger.database.as_mut() {
                settings.read_replicas = spare;
            }
            ledger.instances = spare + 1;
            doc.components.push(ledger);
            let entry = doc.scenario.entries[0].component.clone();
            doc.dependencies.push(Dependency::new("entry-ledger", entry, "ledger", 0.05, CallKind::Write, CallMode::Sync));
            doc.scenario.growth = growth;
            // The objective: the p99 at this growth times the slack, so
            // some hold with room, some barely, some not at all.
            let analysis = Analysis::new(&doc);
            if let Some(p99) = analysis.entry_quantile_at(growth, 0, 0.99) {
                doc.scenario.entries[0].objective = Some(LatencyObjective { percentile: 0.99, target_ms: p99 * 1000.0 * slack });
            }
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_fix_lowers_the_bill_and_keeps_the_objectives_that_held(doc in wasteful()) {
        prop_assert!(doc.validate().is_ok(), "{:?}", doc.validate());
        let growth = doc.scenario.growth;
        let bill = solve(&doc).cost.monthly_total;
        let before = breaks_at(&doc);
        let audit = audit(&doc);
        for finding in &audit.findings {
            let fixed = finding.fix.applied(&doc);
            prop_assert!(fixed.is_ok(), "{:?}: {:?}", finding.fix, fixed);
            let fixed = fixed.unwrap_or_else(|_| doc.clone());
            let fixed_bill = solve(&fixed).cost.monthly_total;
            prop_assert!(fixed_bill <= bill, "{:?} raised the bill {bill} → {fixed_bill}", finding.kind);
            // At least what it says: a database's spare workers are counted
            // on the nodes left once its unread replicas go (so the total
            // counts no dollar twice); made alone, that fix saves more.
            prop_assert!(bill - fixed_bill >= finding.monthly_saving - 1e-6 * bill.max(1.0),
                "{:?}: saves {}, says {}", finding.kind, bill - fixed_bill, finding.monthly_saving);
            let after = breaks_at(&fixed);
            for (entry, was) in &before {
                if *was >= growth * (1.0 + 1e-6) {
                    let now = after.iter().find(|(e, _)| e == entry).map(|(_, b)| *b);
                    prop_assert!(now.is_none_or(|b| b >= growth * (1.0 - 1e-6)),
                        "{:?} broke {entry}'s objective: held to {was}, now {now:?} at {growth}", finding.kind);
                }
            }
        }
        // All at once: one undo step.
        let mut all = doc.clone();
        let command = audit.fix_all(&doc);
        prop_assert!(command.is_ok(), "{:?}", command);
        if let Ok(command) = command {
            prop_assert!(apply(&mut all, command).is_ok());
            let saved = bill - solve(&all).cost.monthly_total;
            // At least the total: less traffic past a new cache can also
            // let an autoscaled component downstream run fewer instances.
            prop_assert!(saved >= audit.monthly_saving - 1e-6 * bill.max(1.0), "saved {saved}, says {}: {:?}", audit.monthly_saving, audit.findings);
        }
    }
}

/// The two new fields travel in the file and the share link, stay out of
/// files that do not set them, and a bad share is refused by name.
#[test]
fn repeat_share_and_call_price_round_trip() {
    use headroom::files::json::{parse_document, to_json};
    use headroom::files::share_url::{decode, encode};
    let plain = templates::event_pipeline();
    let json = to_json(&plain);
    assert!(!json.contains("repeat_share") && !json.contains("price_per_million_calls"));
    let mut doc = plain;
    if let Some(email) = doc.components.iter_mut().find(|c| c.kind == ComponentKind::ExternalApi) {
        email.price_per_million_calls = Some(1_000.0);
    }
    if let Some(send) = doc.dependencies.iter_mut().find(|d| d.to.as_str() == "email") {
        send.repeat_share = Some(0.25);
    }
    assert_eq!(parse_document(&to_json(&doc)).as_ref(), Ok(&doc));
    assert_eq!(encode(&doc).ok().and_then(|link| decode(&link).ok()).as_ref(), Some(&doc));
    let refused = to_json(&doc).replace("\"repeat_share\": 0.25", "\"repeat_share\": 2.0");
    assert!(refused.contains("\"repeat_share\": 2.0"), "the file writes the field as expected");
    let message = parse_document(&refused).map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("repeat_share"), "{message}");
}
