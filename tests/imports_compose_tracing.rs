//! The docker-compose, Jaeger and Zipkin importers on the fixtures in
//! tests/data/import: the format each is detected as, the components,
//! kinds, arrows, calls per request and entry rates it gives (worked out
//! by hand from the fixture below each assertion), the document it turns
//! into, what it lists as not understood, the errors of broken files, and
//! no panic on thousands of mutations of each fixture.

use std::path::PathBuf;

use headroom::files::import::{detect, read, ImportDraft, ImportFormat, ImportOptions, Place};
use headroom::model::{ComponentKind, Routing};

/// The lookback the tracing fixtures' counts are taken to cover.
const WINDOW_SECONDS: f64 = 3600.0;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn options(format: Option<ImportFormat>) -> ImportOptions {
    ImportOptions { format, window_seconds: WINDOW_SECONDS }
}

fn imported(name: &str) -> ImportDraft {
    read(&fixture(name), &options(None)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn kinds(draft: &ImportDraft) -> Vec<(&str, ComponentKind)> {
    draft.components.iter().map(|c| (c.id.as_str(), c.kind)).collect()
}

fn arrow(draft: &ImportDraft, from: &str, to: &str) -> (f64, Routing) {
    let dependency = draft
        .dependencies
        .iter()
        .find(|d| d.from == from && d.to == to)
        .unwrap_or_else(|| panic!("no arrow {from} → {to}"));
    (dependency.calls, dependency.routing)
}

fn not_understood_at<'a>(draft: &'a ImportDraft, place: &str) -> Vec<(&'a str, &'a str)> {
    draft
        .not_understood
        .iter()
        .filter(|u| u.place == Place::Path(place.to_owned()))
        .map(|u| (u.text.as_str(), u.why.as_str()))
        .collect()
}

#[test]
fn the_formats_are_detected() {
    for (name, format) in [
        ("compose-shop.yaml", ImportFormat::Compose),
        ("compose-minimal.yml", ImportFormat::Compose),
        ("jaeger-dependencies.json", ImportFormat::Jaeger),
        ("zipkin-dependencies.json", ImportFormat::Zipkin),
    ] {
        assert_eq!(detect(&fixture(name)), Ok(format), "{name}");
        assert_eq!(imported(name).format, format, "{name}");
        // Naming the format gives what detecting it does.
        assert_eq!(read(&fixture(name), &options(Some(format))).unwrap(), imported(name), "{name}");
    }
}

#[test]
fn the_shop_compose_file() {
    use ComponentKind::*;
    let draft = imported("compose-shop.yaml");
    assert_eq!(draft.name, "shop");
    assert_eq!(
        kinds(&draft),
        vec![
            ("nginx", LoadBalancer),
            ("storefront", Service),
            ("api", Service),
            ("worker", WorkerPool),
            ("migrate", Service),
            ("pgbouncer", ConnectionPooler),
            ("postgres", Database),
            ("redis", Cache),
            ("rabbitmq", Queue),
            ("adminer", Service),
        ]
    );
    assert_eq!(draft.components[0].name, "shop-edge", "container_name names it");
    let instances: Vec<(&str, Option<u32>)> =
        draft.components.iter().map(|c| (c.id.as_str(), c.declared.instances)).filter(|(_, n)| n.is_some()).collect();
    // deploy.replicas of storefront and api; the legacy scale of worker.
    assert_eq!(instances, vec![("storefront", Some(2)), ("api", Some(3)), ("worker", Some(2))]);

    // nginx 2, storefront 1, api 4, worker 2 (depends_on and links to
    // rabbitmq are one arrow; otel-collector is in the included file),
    // migrate 1, pgbouncer 1, adminer 1.
    assert_eq!(draft.dependencies.len(), 12);
    // The load balancer's two arrows become even shares of its traffic.
    assert_eq!(arrow(&draft, "nginx", "api"), (1.0 / 2.0, Routing::Share));
    assert_eq!(arrow(&draft, "nginx", "storefront"), (1.0 / 2.0, Routing::Share));
    for (from, to) in [
        ("storefront", "api"),
        ("api", "pgbouncer"),
        ("api", "redis"),
        ("api", "rabbitmq"),
        ("api", "migrate"),
        ("worker", "rabbitmq"),
        ("worker", "pgbouncer"),
        ("migrate", "postgres"),
        ("pgbouncer", "postgres"),
        ("adminer", "postgres"),
    ] {
        assert_eq!(arrow(&draft, from, to), (1.0, Routing::Calls), "{from} → {to}");
    }
    let guess = |from: &str, to: &str| {
        draft.dependencies.iter().find(|d| d.from == from && d.to == to).and_then(|d| d.guess.clone()).unwrap()
    };
    assert!(
        guess("worker", "rabbitmq").contains("depends_on rabbitmq (once it is healthy) and links to rabbitmq as mq")
    );
    assert!(guess("api", "migrate").contains("one-off job"));
    assert!(guess("api", "redis").contains("one call per request"));

    // Nothing calls nginx, the worker or adminer: placeholder entries.
    let entries: Vec<(&str, f64)> = draft.entries.iter().map(|e| (e.component.as_str(), e.rate)).collect();
    assert_eq!(entries, vec![("nginx", 100.0), ("worker", 100.0), ("adminer", 100.0)]);

    // One line per service of the keys the model has no place for (own
    // keys first, then those merged in from x-common), one per top-level key.
    let ignored = |service: &str| not_understood_at(&draft, &format!("services.{service}"));
    assert_eq!(ignored("nginx"), vec![("ports, volumes, networks, restart, logging", "not part of the model")]);
    assert_eq!(
        ignored("api"),
        vec![("environment, deploy.resources, healthcheck, restart, networks, logging", "not part of the model")]
    );
    assert_eq!(ignored("worker"), vec![("command, environment, restart, networks, logging", "not part of the model")]);
    assert_eq!(ignored("postgres"), vec![("environment, volumes, networks, healthcheck", "not part of the model")]);
    assert_eq!(ignored("adminer"), vec![("ports", "not part of the model")]);
    let profiles = not_understood_at(&draft, "services.adminer.profiles");
    assert!(profiles.len() == 1 && profiles[0].0 == "profiles: debug" && profiles[0].1.contains("profile debug"));
    let missing = not_understood_at(&draft, "services.worker.depends_on.otel-collector");
    assert_eq!(missing, vec![("otel-collector", "names no service read from this file: no arrow drawn")]);
    assert_eq!(not_understood_at(&draft, "networks"), vec![("networks: frontend, backend", "not part of the model")]);
    assert_eq!(not_understood_at(&draft, "volumes"), vec![("volumes: pgdata", "not part of the model")]);
    assert_eq!(not_understood_at(&draft, "x-common"), vec![("x-common", "extension field: not part of the model")]);
    assert_eq!(not_understood_at(&draft, "x-api-env"), vec![("x-api-env", "extension field: not part of the model")]);
    let include = not_understood_at(&draft, "include");
    assert!(include.len() == 1 && include[0].0 == "include: ./observability/compose.yaml");
    // 10 services each listing keys, adminer's profile, the missing
    // service, 2 extensions, include, networks, volumes.
    assert_eq!(draft.not_understood.len(), 10 + 1 + 1 + 2 + 1 + 2);

    let doc = draft.to_document().unwrap();
    assert_eq!((doc.components.len(), doc.dependencies.len(), doc.scenario.entries.len()), (10, 12, 3));
    assert_eq!(doc.components.iter().find(|c| c.id.as_str() == "api").unwrap().instances, 3);
}

#[test]
fn the_minimal_compose_file() {
    let draft = imported("compose-minimal.yml");
    assert_eq!(draft.name, "docker-compose");
    assert_eq!(kinds(&draft), vec![("web", ComponentKind::Service), ("redis", ComponentKind::Cache)]);
    assert_eq!(draft.dependencies.len(), 1);
    assert_eq!(arrow(&draft, "web", "redis"), (1.0, Routing::Calls));
    assert_eq!(draft.entries.len(), 1);
    assert_eq!(draft.entries[0].component, "web");
    assert_eq!(not_understood_at(&draft, "services.web"), vec![("ports", "not part of the model")]);
    assert_eq!(draft.not_understood.len(), 1);
    assert!(draft.to_document().is_ok());
}

#[test]
fn the_jaeger_dependencies() {
    use ComponentKind::*;
    let draft = imported("jaeger-dependencies.json");
    assert_eq!(
        kinds(&draft),
        vec![
            ("frontend", Service),
            ("catalog", Service),
            ("checkout", Service),
            ("recommendations", Service),
            ("catalog-db", Database),
            ("redis", Cache),
            ("payments", Service),
            ("orders-db", Database),
            ("kafka", Queue),
            ("stripe-api", ExternalApi),
        ]
    );
    // Nine links, one of them with no calls.
    assert_eq!(draft.dependencies.len(), 8);
    // frontend is the root: its busiest call (36,000 to catalog) is one per request.
    assert_eq!(arrow(&draft, "frontend", "catalog"), (36_000.0 / 36_000.0, Routing::Calls));
    assert_eq!(arrow(&draft, "frontend", "checkout"), (18_000.0 / 36_000.0, Routing::Calls));
    // catalog received frontend's 36,000 calls.
    assert_eq!(arrow(&draft, "catalog", "catalog-db"), (54_000.0 / 36_000.0, Routing::Calls));
    assert_eq!(arrow(&draft, "catalog", "redis"), (72_000.0 / 36_000.0, Routing::Calls));
    // checkout received 18,000.
    assert_eq!(arrow(&draft, "checkout", "payments"), (18_000.0 / 18_000.0, Routing::Calls));
    assert_eq!(arrow(&draft, "checkout", "orders-db"), (36_000.0 / 18_000.0, Routing::Calls));
    assert_eq!(arrow(&draft, "checkout", "kafka"), (9_000.0 / 18_000.0, Routing::Calls));
    // payments received checkout's 18,000.
    assert_eq!(arrow(&draft, "payments", "stripe-api"), (18_000.0 / 18_000.0, Routing::Calls));
    let guess = draft.dependencies.iter().find(|d| d.to == "redis").and_then(|d| d.guess.as_deref()).unwrap();
    assert_eq!(guess, "72,000 calls over the 36,000 requests into catalog: 2 per request");

    assert_eq!(draft.entries.len(), 1);
    assert_eq!(draft.entries[0].component, "frontend");
    // 36,000 requests over the hour.
    assert_eq!(draft.entries[0].rate, 36_000.0 / 3600.0);
    let guess = draft.entries[0].guess.as_deref().unwrap();
    assert!(guess.contains("busiest call (36,000 to catalog)") && guess.contains("over 1 h: 10 req/s"), "{guess}");

    assert_eq!(draft.not_understood.len(), 1);
    assert_eq!(draft.not_understood[0].text, "frontend → recommendations");
    assert_eq!(draft.not_understood[0].place, Place::Path("data[2]".into()));
    let doc = draft.to_document().unwrap();
    assert_eq!((doc.components.len(), doc.dependencies.len(), doc.scenario.entries.len()), (10, 8, 1));
}

#[test]
fn the_zipkin_dependencies() {
    use ComponentKind::*;
    let draft = imported("zipkin-dependencies.json");
    assert_eq!(
        kinds(&draft),
        vec![
            ("api-gateway", ApiGateway),
            ("users", Service),
            ("orders", Service),
            ("search", Service),
            ("postgres", Database),
            ("rabbitmq", Queue),
            ("memcached", Cache),
            ("elasticsearch", Database),
        ]
    );
    // Nine links, one of them orders calling itself.
    assert_eq!(draft.dependencies.len(), 8);
    // The gateway sends each request one way: its 30,000 + 50,000 + 20,000
    // calls are its requests, and each arrow a share of them.
    let gateway_requests = 30_000.0 + 50_000.0 + 20_000.0;
    assert_eq!(arrow(&draft, "api-gateway", "users"), (30_000.0 / gateway_requests, Routing::Share));
    assert_eq!(arrow(&draft, "api-gateway", "orders"), (50_000.0 / gateway_requests, Routing::Share));
    assert_eq!(arrow(&draft, "api-gateway", "search"), (20_000.0 / gateway_requests, Routing::Share));
    // orders received the gateway's 50,000 (its call to itself left out).
    assert_eq!(arrow(&draft, "orders", "postgres"), (150_000.0 / 50_000.0, Routing::Calls));
    assert_eq!(arrow(&draft, "orders", "users"), (25_000.0 / 50_000.0, Routing::Calls));
    assert_eq!(arrow(&draft, "orders", "rabbitmq"), (50_000.0 / 50_000.0, Routing::Calls));
    // users received 30,000 from the gateway and 25,000 from orders.
    assert_eq!(arrow(&draft, "users", "memcached"), (110_000.0 / (30_000.0 + 25_000.0), Routing::Calls));
    assert_eq!(arrow(&draft, "search", "elasticsearch"), (40_000.0 / 20_000.0, Routing::Calls));
    let guess = draft.dependencies.iter().find(|d| d.to == "orders").and_then(|d| d.guess.as_deref()).unwrap();
    assert_eq!(
        guess,
        "50,000 of the 100,000 calls api-gateway sent on: a share of 50.0%; 1.0% of them errors (500 of 50,000), \
         not modelled"
    );

    assert_eq!(draft.entries.len(), 1);
    assert_eq!(draft.entries[0].component, "api-gateway");
    assert_eq!(draft.entries[0].rate, gateway_requests / 3600.0);

    let listed: Vec<(&str, &str)> = draft.not_understood.iter().map(|u| (u.text.as_str(), u.why.as_str())).collect();
    assert_eq!(listed.len(), 2);
    assert!(listed[0].0 == "orders → orders" && listed[0].1.contains("itself"));
    assert!(listed[1].0 == "errorCount" && listed[1].1.contains("not modelled"));
    let doc = draft.to_document().unwrap();
    assert_eq!((doc.components.len(), doc.dependencies.len(), doc.scenario.entries.len()), (8, 8, 1));
}

#[test]
fn broken_files_say_where() {
    let compose = options(Some(ImportFormat::Compose));
    let badly_indented = "services:\n  web:\n    image: nginx\n  ports:\n      - 80:80\n   depends_on: [db]\n";
    let error = read(badly_indented, &compose).unwrap_err();
    assert_eq!(error.place, Place::Line(6), "{error}");
    assert!(error.to_string().starts_with("line 6: not valid YAML"), "{error}");

    let error = read("services: [1, 2]\n", &options(None)).unwrap_err();
    assert_eq!(error.place, Place::Path("services".into()));
    assert!(error.to_string().starts_with("services: expected a mapping"), "{error}");

    let error = read("name: shop\nnetworks: {}\n", &compose).unwrap_err();
    assert_eq!(error.place, Place::Path("services".into()));

    let jaeger = r#"{"data": [{"parent": "a", "child": "b", "callCount": "x"}]}"#;
    let error = read(jaeger, &options(None)).unwrap_err();
    assert_eq!(error.to_string(), r#"data[0].callCount: expected a whole number of calls, got "x""#);

    let error =
        read(&fixture("jaeger-dependencies.json"), &ImportOptions { format: None, window_seconds: 0.0 }).unwrap_err();
    assert_eq!(error.place, Place::Path("window".into()));
}

/// `text` changed in one to four places: a run of characters deleted or
/// repeated, characters that matter to YAML and JSON inserted, or the end
/// cut off. Every cut is at a character boundary.
fn mutated(text: &str, rng: &mut fastrand::Rng) -> String {
    const INSERTS: [&str; 24] = [
        ":", "-", " ", "  ", "\n", "\t", "[", "]", "{", "}", "\"", "'", ",", "&a", "*a", "<<: ", "#", "|", ">",
        "!!int ", "0", "-1", "é", "\u{feff}",
    ];
    let mut text = text.to_owned();
    for _ in 0..rng.usize(1..=4) {
        let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
        let first = rng.usize(..boundaries.len());
        let at = boundaries[first];
        let end = boundaries[(first + rng.usize(1..=40)).min(boundaries.len() - 1)];
        match rng.u8(..4) {
            0 => text.replace_range(at..end, ""),
            1 => {
                let run = text[at..end].to_owned();
                text.insert_str(at, &run);
            }
            2 => text.insert_str(at, INSERTS[rng.usize(..INSERTS.len())]),
            _ => text.truncate(at),
        }
    }
    text
}

#[test]
fn mutated_fixtures_never_panic() {
    for (seed, (name, format)) in [
        ("compose-shop.yaml", ImportFormat::Compose),
        ("compose-minimal.yml", ImportFormat::Compose),
        ("jaeger-dependencies.json", ImportFormat::Jaeger),
        ("zipkin-dependencies.json", ImportFormat::Zipkin),
    ]
    .into_iter()
    .enumerate()
    {
        let original = fixture(name);
        let mut rng = fastrand::Rng::with_seed(0x4845_4144 + seed as u64);
        let mut read_ok = 0;
        for _ in 0..2000 {
            let text = mutated(&original, &mut rng);
            // Detected (whatever the mutation made of it) and forced.
            let _ = read(&text, &options(None));
            if let Ok(draft) = read(&text, &options(Some(format))) {
                read_ok += 1;
                let _ = draft.to_document();
            }
        }
        // Enough of them still read for the readers past the parsers to be
        // exercised (JSON breaks at almost any change; YAML often survives).
        let least = if format == ImportFormat::Compose { 300 } else { 40 };
        assert!(read_ok >= least, "{name}: only {read_ok} of 2000 mutations read");
    }
}
