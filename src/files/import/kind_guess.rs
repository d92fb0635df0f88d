//! A component's kind guessed from the words a file uses for it — its
//! key, its name, an image, a technology, tags — for every importer alike,
//! with the word that decided it so the preview can say why.

use crate::model::ComponentKind;

/// Words that give a kind away, checked in this order (a pooler before a
/// database: "pgbouncer" is not Postgres itself). A word matches a whole
/// token of the text, or the start of an image name (`postgres:16`,
/// `bitnami/redis`).
const SIGNS: [(ComponentKind, &[&str]); 11] = [
    (ComponentKind::ConnectionPooler, &["pgbouncer", "pgpool", "pgpool-ii", "proxysql", "odyssey", "pgcat", "pooler", "rds-proxy"]),
    (
        ComponentKind::Database,
        &[
            "postgres", "postgresql", "mysql", "mariadb", "mssql", "sqlserver", "oracle", "cockroachdb", "cockroach",
            "aurora", "rds", "db", "database", "mongo", "mongodb", "cassandra", "scylla", "dynamodb", "timescaledb",
            "sqlite", "yugabyte", "tidb", "citus", "clickhouse", "elasticsearch", "opensearch",
        ],
    ),
    (ComponentKind::Cache, &["redis", "memcached", "memcache", "valkey", "keydb", "dragonfly", "cache", "hazelcast", "elasticache"]),
    (ComponentKind::Cdn, &["cdn", "cloudfront", "fastly", "akamai", "cloudflare", "varnish"]),
    (
        ComponentKind::Queue,
        &[
            "rabbitmq", "kafka", "nats", "sqs", "sns", "queue", "activemq", "artemis", "pubsub", "pulsar", "redpanda",
            "kinesis", "eventbridge", "mq", "broker", "topic", "stream",
        ],
    ),
    (
        ComponentKind::LoadBalancer,
        &["nginx", "traefik", "haproxy", "envoy", "caddy", "elb", "alb", "nlb", "lb", "balancer", "ingress", "proxy"],
    ),
    (ComponentKind::ApiGateway, &["gateway", "kong", "apigee", "tyk", "krakend", "apisix", "bff"]),
    (ComponentKind::WorkerPool, &["worker", "workers", "consumer", "consumers", "celery", "sidekiq", "job", "jobs", "cron", "scheduler"]),
    (ComponentKind::Function, &["lambda", "function", "functions", "faas", "serverless"]),
    (
        ComponentKind::ExternalApi,
        &["stripe", "twilio", "sendgrid", "mailgun", "paypal", "external", "third-party", "thirdparty", "saas", "vendor"],
    ),
    (ComponentKind::Service, &["service", "api", "app", "server", "backend", "frontend", "web"]),
];

/// The kind the words suggest, and why, in words for the preview; a
/// service when nothing gives it away.
pub fn guess(words: &[&str]) -> (ComponentKind, String) {
    for (kind, signs) in SIGNS {
        for text in words {
            if let Some(sign) = signs.iter().find(|sign| mentions(text, sign)) {
                return (kind, format!("\"{sign}\" in \"{}\"", shortened(text)));
            }
        }
    }
    (ComponentKind::Service, "nothing names its kind: a service".to_owned())
}

/// Whether `sign` is a whole token of `text` (tokens split at anything but
/// letters and digits, and at a change from lower to upper case, so
/// `OrdersDB` holds "db").
fn mentions(text: &str, sign: &str) -> bool {
    let lower = text.to_lowercase();
    if sign.contains('-') {
        return lower.contains(sign);
    }
    tokens(text).any(|token| token == sign)
}

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for ch in text.chars() {
        if !ch.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if ch.is_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = ch.is_lowercase() || ch.is_ascii_digit();
        current.extend(ch.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    // A digit suffix is part of no product name: "postgres16" holds "postgres".
    let trimmed: Vec<String> = out
        .iter()
        .filter_map(|t| {
            let stem = t.trim_end_matches(|c: char| c.is_ascii_digit());
            (stem.len() != t.len() && !stem.is_empty()).then(|| stem.to_owned())
        })
        .collect();
    out.into_iter().chain(trimmed)
}

fn shortened(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_names_and_technologies_give_kinds_away() {
        let kind = |words: &[&str]| guess(words).0;
        assert_eq!(kind(&["postgres:16-alpine"]), ComponentKind::Database);
        assert_eq!(kind(&["bitnami/redis:7"]), ComponentKind::Cache);
        assert_eq!(kind(&["edoburu/pgbouncer"]), ComponentKind::ConnectionPooler);
        assert_eq!(kind(&["rabbitmq:3-management"]), ComponentKind::Queue);
        assert_eq!(kind(&["traefik:v3"]), ComponentKind::LoadBalancer);
        assert_eq!(kind(&["OrdersDB"]), ComponentKind::Database);
        assert_eq!(kind(&["Payment Worker"]), ComponentKind::WorkerPool);
        assert_eq!(kind(&["mysql8"]), ComponentKind::Database);
        assert_eq!(kind(&["checkout"]), ComponentKind::Service);
        assert_eq!(kind(&["dbt"]), ComponentKind::Service);
        assert!(guess(&["checkout"]).1.contains("nothing"));
        assert!(guess(&["postgres:16"]).1.contains("postgres"));
    }
}
