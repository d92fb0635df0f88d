//! Tracing backends' service dependency lists read into a draft: Jaeger's
//! `/api/dependencies` (`{"data": [...]}` or the bare list) and Zipkin's
//! `/api/v2/dependencies` (a list, with `errorCount` when there were
//! errors). Each link counts the calls one service made to another over a
//! window — the lookback the person importing states — and the counts are
//! turned into the model's figures:
//!
//! - a service's requests are the calls into it;
//! - a root (a service nothing in the list calls) has its own requests
//!   uncounted, so its busiest call is taken as one per request — unless
//!   its name makes it a load balancer or gateway, which sends each
//!   request one way: its requests are then all its calls, and each of
//!   its arrows a share;
//! - an arrow's calls per request are its count over its caller's requests;
//! - a root's entry rate is its requests over the window.
//!
//! Each figure's guess says how it was worked out, for the preview.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::draft::{DraftDependency, DraftEntry, ImportDraft};
use super::{ImportFormat, Place, ReadError};
use crate::model::{CallKind, CallMode, Routing};
use crate::words::quantity::{grouped, long_duration, percent, rate, significant_figures};

/// Fields of Jaeger's answer around the list: read (`data`, `errors`) or
/// paging that says nothing about the calls.
const ENVELOPE_FIELDS: [&str; 5] = ["data", "total", "limit", "offset", "errors"];

/// Fields of a link: Jaeger adds `source` (which store counted it).
const LINK_FIELDS: [&str; 5] = ["parent", "child", "callCount", "errorCount", "source"];

/// The largest count a JSON number holds exactly as a float.
const LARGEST_EXACT_COUNT: f64 = 9_007_199_254_740_992.0;

/// One link as the file gives it.
struct Link {
    parent: String,
    child: String,
    calls: u64,
    errors: Option<u64>,
    place: String,
}

/// One arrow: the links between one pair of services, added up.
struct Arrow {
    from: String,
    to: String,
    calls: u64,
    errors: Option<u64>,
    place: String,
}

/// How many requests a caller is taken to have had in the window.
enum Requests {
    /// The calls into it.
    Received(u64),
    /// A root: its busiest call, taken as one per request.
    BusiestCall { calls: u64, to: String },
    /// A root that splits its traffic: all its calls.
    AllCalls(u64),
}

impl Requests {
    fn count(&self) -> u64 {
        match self {
            Requests::Received(count) | Requests::AllCalls(count) => *count,
            Requests::BusiestCall { calls, .. } => *calls,
        }
    }
}

/// Reads a Jaeger or Zipkin dependency list whose counts cover
/// `window_seconds`.
pub fn read(text: &str, format: ImportFormat, window_seconds: f64) -> Result<ImportDraft, ReadError> {
    if !(window_seconds.is_finite() && window_seconds > 0.0) {
        return Err(ReadError::at_path(
            "window",
            format!("the seconds the counts cover must be a number above 0, got {window_seconds}"),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text)
        .map_err(|error| ReadError::at_line(error.line().max(1), format!("not valid JSON: {error}")))?;
    let name = if format == ImportFormat::Zipkin { "Zipkin dependencies" } else { "Jaeger dependencies" };
    let mut draft = ImportDraft::new(format, name);
    let (list, prefix) = links_of(&value, &mut draft)?;
    if list.is_empty() {
        return Err(ReadError::at_path(
            prefix,
            "no links: the backend counted no calls between services in its window",
        ));
    }
    let mut unknown_fields: Vec<String> = Vec::new();
    let links = list
        .iter()
        .enumerate()
        .map(|(k, link)| read_link(link, &format!("{prefix}[{k}]"), &mut unknown_fields))
        .collect::<Result<Vec<Link>, ReadError>>()?;

    for link in &links {
        draft.component(&link.parent, None, None, &[], Place::Path(format!("{}.parent", link.place)));
        draft.component(&link.child, None, None, &[], Place::Path(format!("{}.child", link.place)));
    }
    let arrows = arrows_of(&mut draft, links);
    let requests = requests_of(&draft, &arrows);
    for arrow in &arrows {
        let Some(caller) = requests.get(arrow.from.as_str()) else { continue };
        draft.dependency(dependency_of(arrow, caller));
    }
    let entries: Vec<DraftEntry> = draft
        .components
        .iter()
        .filter_map(|component| match requests.get(component.id.as_str()) {
            Some(root @ (Requests::BusiestCall { .. } | Requests::AllCalls(_))) => {
                Some(entry_of(&component.id, &component.kind.label().to_lowercase(), root, window_seconds))
            }
            _ => None,
        })
        .collect();
    draft.entries = entries;
    if draft.entries.is_empty() && !arrows.is_empty() {
        draft.skip(
            Place::Path(prefix.to_owned()),
            "entry points",
            "every service is called by another (the calls form a cycle): no entry point or rate found; the \
             preview proposes placeholders",
        );
    }
    if arrows.iter().any(|a| a.errors.is_some()) {
        draft.skip(
            Place::Path(prefix.to_owned()),
            "errorCount",
            "error counts are shown on the arrows but not modelled: Headroom has no error model",
        );
    }
    if !unknown_fields.is_empty() {
        draft.skip(
            Place::Path(prefix.to_owned()),
            unknown_fields.join(", "),
            "fields of the links Headroom does not read",
        );
    }
    Ok(draft)
}

/// The list of links and the path to it ("data", or "" for a bare list);
/// what Jaeger's answer carries around it is listed when it matters.
fn links_of<'a>(value: &'a Value, draft: &mut ImportDraft) -> Result<(&'a [Value], &'static str), ReadError> {
    let fields = match value {
        Value::Array(links) => return Ok((links, "")),
        Value::Object(fields) => fields,
        other => {
            return Err(ReadError::at_path(
                "",
                format!("expected a list of links (or Jaeger's {{\"data\": [...]}}), got {}", shown(other)),
            ));
        }
    };
    let errors = reported_errors(fields);
    if !errors.is_empty() {
        draft.skip(
            Place::Path("errors".to_owned()),
            errors.join("; "),
            "the backend reported errors with its answer: the list may be incomplete",
        );
    }
    let unknown: Vec<&str> =
        fields.keys().map(String::as_str).filter(|key| !ENVELOPE_FIELDS.contains(key)).take(20).collect();
    if !unknown.is_empty() {
        draft.skip(Place::Path(String::new()), unknown.join(", "), "fields Headroom does not read");
    }
    match fields.get("data") {
        Some(Value::Array(links)) => Ok((links, "data")),
        None | Some(Value::Null) if !errors.is_empty() => Err(ReadError::at_path(
            "errors",
            format!("the backend answered with errors and no links: {}", errors.join("; ")),
        )),
        None => Err(ReadError::at_path(
            "data",
            "missing: expected Jaeger's list of links under data (or a bare list of links)",
        )),
        Some(other) => Err(ReadError::at_path("data", format!("expected a list of links, got {}", shown(other)))),
    }
}

/// Jaeger's `errors` (`[{"code": 500, "msg": "..."}]`) as messages.
fn reported_errors(fields: &Map<String, Value>) -> Vec<String> {
    match fields.get("errors") {
        Some(Value::Array(errors)) => errors
            .iter()
            .take(5)
            .map(|error| match error.get("msg").and_then(Value::as_str) {
                Some(message) => shortened(message, 200),
                None => shown(error),
            })
            .collect(),
        None | Some(Value::Null) => Vec::new(),
        Some(other) => vec![shown(other)],
    }
}

fn read_link(value: &Value, place: &str, unknown_fields: &mut Vec<String>) -> Result<Link, ReadError> {
    let Value::Object(fields) = value else {
        return Err(ReadError::at_path(
            place,
            format!("expected a link (an object with parent, child and callCount), got {}", shown(value)),
        ));
    };
    let parent = service_name(fields, place, "parent", "calling")?;
    let child = service_name(fields, place, "child", "called")?;
    let calls_path = format!("{place}.callCount");
    let calls = match fields.get("callCount") {
        None => return Err(ReadError::at_path(calls_path, "missing: expected a whole number of calls")),
        Some(value) => whole_number(value, &calls_path, "calls")?,
    };
    let errors_path = format!("{place}.errorCount");
    let errors = match fields.get("errorCount") {
        None | Some(Value::Null) => None,
        Some(value) => Some(whole_number(value, &errors_path, "errors")?),
    };
    if let Some(errors) = errors.filter(|&errors| errors > calls) {
        return Err(ReadError::at_path(errors_path, format!("more errors ({errors}) than calls ({calls})")));
    }
    for key in fields.keys() {
        if !LINK_FIELDS.contains(&key.as_str()) && !unknown_fields.contains(key) && unknown_fields.len() < 20 {
            unknown_fields.push(key.clone());
        }
    }
    Ok(Link { parent, child, calls, errors, place: place.to_owned() })
}

fn service_name(fields: &Map<String, Value>, place: &str, key: &str, role: &str) -> Result<String, ReadError> {
    let path = format!("{place}.{key}");
    match fields.get(key) {
        Some(Value::String(name)) if !name.trim().is_empty() => Ok(name.trim().to_owned()),
        Some(other) => {
            Err(ReadError::at_path(path, format!("expected the {role} service's name, got {}", shown(other))))
        }
        None => Err(ReadError::at_path(path, format!("missing: expected the {role} service's name"))),
    }
}

/// A count: a whole number, at least 0, written as an integer or as a
/// float with nothing after the point (`1e3`).
fn whole_number(value: &Value, path: &str, what: &str) -> Result<u64, ReadError> {
    let count = match value {
        Value::Number(number) => number.as_u64().or_else(|| {
            number.as_f64().filter(|f| f.fract() == 0.0 && (0.0..=LARGEST_EXACT_COUNT).contains(f)).map(|f| f as u64)
        }),
        _ => None,
    };
    count.ok_or_else(|| ReadError::at_path(path, format!("expected a whole number of {what}, got {}", shown(value))))
}

/// The links between distinct services with calls, those between the same
/// two added up; the rest listed with why.
fn arrows_of(draft: &mut ImportDraft, links: Vec<Link>) -> Vec<Arrow> {
    let mut arrows: Vec<Arrow> = Vec::new();
    let mut by_pair: HashMap<(String, String), usize> = HashMap::new();
    for link in links {
        let (Some(from), Some(to)) = (draft.id_of(&link.parent), draft.id_of(&link.child)) else { continue };
        let (from, to) = (from.to_owned(), to.to_owned());
        let text = format!("{} → {}", link.parent, link.child);
        if from == to {
            draft.skip(
                Place::Path(link.place),
                text,
                "a service calling itself: Headroom draws no arrow from a component to itself, so these calls are \
                 left out",
            );
            continue;
        }
        if link.calls == 0 {
            draft.skip(Place::Path(link.place), text, "no calls in the window: no arrow drawn");
            continue;
        }
        match by_pair.get(&(from.clone(), to.clone())) {
            Some(&k) => {
                let first = &mut arrows[k];
                first.calls = first.calls.saturating_add(link.calls);
                first.errors = match (first.errors, link.errors) {
                    (None, None) => None,
                    (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
                };
                let why = format!(
                    "listed again: its calls are added to the first listing's, {} in all",
                    grouped(first.calls as f64)
                );
                draft.skip(Place::Path(link.place), text, why);
            }
            None => {
                by_pair.insert((from.clone(), to.clone()), arrows.len());
                arrows.push(Arrow { from, to, calls: link.calls, errors: link.errors, place: link.place });
            }
        }
    }
    arrows
}

/// The requests of every service that calls another, by id.
fn requests_of<'a>(draft: &ImportDraft, arrows: &'a [Arrow]) -> HashMap<&'a str, Requests> {
    let mut received: HashMap<&str, u64> = HashMap::new();
    for arrow in arrows {
        let count = received.entry(arrow.to.as_str()).or_insert(0);
        *count = count.saturating_add(arrow.calls);
    }
    let mut requests: HashMap<&str, Requests> = HashMap::new();
    for arrow in arrows {
        if requests.contains_key(arrow.from.as_str()) {
            continue;
        }
        let from = arrow.from.as_str();
        let caller = match received.get(from) {
            Some(&count) => Requests::Received(count),
            None => {
                let outgoing = arrows.iter().filter(|a| a.from == from);
                let splits = draft.components.iter().any(|c| c.id == from && c.kind.splits_traffic());
                if splits {
                    Requests::AllCalls(outgoing.fold(0, |sum: u64, a| sum.saturating_add(a.calls)))
                } else {
                    // The first of equally busy calls, as the file lists them.
                    let busiest = outgoing.fold(arrow, |best, a| if a.calls > best.calls { a } else { best });
                    Requests::BusiestCall { calls: busiest.calls, to: source_key(draft, &busiest.to) }
                }
            }
        };
        requests.insert(from, caller);
    }
    requests
}

fn dependency_of(arrow: &Arrow, caller: &Requests) -> DraftDependency {
    let count = arrow.calls as f64;
    let requests = caller.count() as f64;
    let per_request = count / requests;
    let (routing, how) = match caller {
        Requests::Received(_) => (
            Routing::Calls,
            format!(
                "{} calls over the {} requests into {}: {} per request",
                grouped(count),
                grouped(requests),
                arrow.from,
                significant_figures(per_request, 3)
            ),
        ),
        Requests::BusiestCall { .. } => (
            Routing::Calls,
            format!(
                "{} calls over the {} requests taken for {} (its busiest call, one per request): {} per request",
                grouped(count),
                grouped(requests),
                arrow.from,
                significant_figures(per_request, 3)
            ),
        ),
        Requests::AllCalls(_) => (
            Routing::Share,
            format!(
                "{} of the {} calls {} sent on: a share of {}",
                grouped(count),
                grouped(requests),
                arrow.from,
                percent(per_request)
            ),
        ),
    };
    let errors = match arrow.errors {
        Some(errors) => format!(
            "; {} of them errors ({} of {}), not modelled",
            percent(errors as f64 / count),
            grouped(errors as f64),
            grouped(count)
        ),
        None => String::new(),
    };
    DraftDependency {
        from: arrow.from.clone(),
        to: arrow.to.clone(),
        calls: per_request,
        kind: CallKind::Call,
        mode: CallMode::Sync,
        routing,
        guess: Some(format!("{how}{errors}")),
        label: None,
        place: Place::Path(arrow.place.clone()),
    }
}

fn entry_of(id: &str, kind: &str, requests: &Requests, window_seconds: f64) -> DraftEntry {
    let count = requests.count() as f64;
    let per_second = count / window_seconds;
    let over_window =
        format!("{} requests over {}: {}", grouped(count), long_duration(Some(window_seconds)), rate(per_second));
    let guess = match requests {
        Requests::BusiestCall { calls, to } => format!(
            "nothing in the list calls {id}, so its own requests are not counted: its busiest call ({} to {to}) is \
             taken as one per request; {over_window}",
            grouped(*calls as f64)
        ),
        Requests::AllCalls(_) => format!(
            "nothing in the list calls {id}; a {kind} sends each request one way, so its requests are all its calls; \
             {over_window}"
        ),
        Requests::Received(_) => over_window,
    };
    DraftEntry { component: id.to_owned(), rate: per_second, guess: Some(guess) }
}

fn source_key(draft: &ImportDraft, id: &str) -> String {
    draft.components.iter().find(|c| c.id == id).map_or_else(|| id.to_owned(), |c| c.source_key.clone())
}

/// A JSON value as a message quotes it, shortened.
fn shown(value: &Value) -> String {
    match value {
        Value::Object(_) => "an object".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        scalar => shortened(&scalar.to_string(), 40),
    }
}

fn shortened(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComponentKind;

    fn draft_of(text: &str) -> ImportDraft {
        read(text, ImportFormat::Jaeger, 100.0).unwrap()
    }

    fn calls(draft: &ImportDraft, from: &str, to: &str) -> f64 {
        draft.dependencies.iter().find(|d| d.from == from && d.to == to).map(|d| d.calls).unwrap()
    }

    #[test]
    fn counts_become_calls_per_request_and_a_root_its_busiest_call() {
        let draft = draft_of(
            r#"{"data": [
                {"parent": "frontend", "child": "api", "callCount": 1000},
                {"parent": "frontend", "child": "auth", "callCount": 400},
                {"parent": "api", "child": "orders-db", "callCount": 3000},
                {"parent": "auth", "child": "api", "callCount": 1000}
            ], "total": 4, "limit": 0, "offset": 0, "errors": null}"#,
        );
        assert_eq!(draft.components.len(), 4);
        assert_eq!(draft.components[3].kind, ComponentKind::Database);
        assert_eq!(calls(&draft, "frontend", "api"), 1.0);
        assert_eq!(calls(&draft, "frontend", "auth"), 400.0 / 1000.0);
        // api receives 1000 from frontend and 1000 from auth.
        assert_eq!(calls(&draft, "api", "orders-db"), 3000.0 / 2000.0);
        assert_eq!(calls(&draft, "auth", "api"), 1000.0 / 400.0);
        assert_eq!(draft.entries.len(), 1);
        assert_eq!(draft.entries[0].component, "frontend");
        assert_eq!(draft.entries[0].rate, 1000.0 / 100.0);
        let guess = draft.entries[0].guess.as_deref().unwrap();
        assert!(guess.contains("busiest call (1,000 to api)") && guess.contains("over 1.67 min"), "{guess}");
        let guess = draft.dependencies.iter().find(|d| d.from == "api").unwrap().guess.as_deref().unwrap();
        assert_eq!(guess, "3,000 calls over the 2,000 requests into api: 1.5 per request");
        assert!(draft.not_understood.is_empty(), "{:?}", draft.not_understood);
        assert!(draft.to_document().is_ok());
    }

    #[test]
    fn a_gateway_at_the_root_sends_shares() {
        let draft = draft_of(
            r#"[{"parent": "api-gateway", "child": "a", "callCount": 300},
                {"parent": "api-gateway", "child": "b", "callCount": 100, "errorCount": 4},
                {"parent": "a", "child": "b", "callCount": 600, "errorCount": 0}]"#,
        );
        let shares: Vec<(f64, Routing)> =
            draft.dependencies.iter().filter(|d| d.from == "api-gateway").map(|d| (d.calls, d.routing)).collect();
        assert_eq!(shares, vec![(0.75, Routing::Share), (0.25, Routing::Share)]);
        assert_eq!(draft.entries[0].rate, 400.0 / 100.0);
        assert!(draft.entries[0].guess.as_deref().unwrap().contains("all its calls"));
        assert_eq!(calls(&draft, "a", "b"), 600.0 / 300.0);
        let guess = draft.dependencies[1].guess.as_deref().unwrap();
        assert!(guess.ends_with("; 4.0% of them errors (4 of 100), not modelled"), "{guess}");
        assert_eq!(draft.not_understood.len(), 1);
        assert!(draft.not_understood[0].why.contains("no error model"));
    }

    #[test]
    fn self_links_empty_links_and_repeats_are_listed() {
        let draft = draft_of(
            r#"[{"parent": "a", "child": "a", "callCount": 5},
                {"parent": "a", "child": "b", "callCount": 0},
                {"parent": "a", "child": "c", "callCount": 10, "source": "jaeger", "weight": 2},
                {"parent": "a", "child": "c", "callCount": 30}]"#,
        );
        assert_eq!(draft.components.len(), 3);
        assert_eq!(draft.dependencies.len(), 1);
        assert_eq!(draft.entries[0].rate, 40.0 / 100.0);
        let whys: Vec<(&str, &str)> = draft.not_understood.iter().map(|u| (u.text.as_str(), u.why.as_str())).collect();
        assert!(whys[0].0 == "a → a" && whys[0].1.contains("itself"));
        assert!(whys[1].0 == "a → b" && whys[1].1.contains("no calls"));
        assert!(whys[2].0 == "a → c" && whys[2].1.contains("40 in all"));
        assert_eq!(whys[3], ("weight", "fields of the links Headroom does not read"));
    }

    #[test]
    fn a_cycle_has_no_entry_and_says_so() {
        let draft = draft_of(
            r#"[{"parent": "a", "child": "b", "callCount": 10}, {"parent": "b", "child": "a", "callCount": 5}]"#,
        );
        assert!(draft.entries.is_empty());
        assert_eq!(calls(&draft, "a", "b"), 10.0 / 5.0);
        assert_eq!(calls(&draft, "b", "a"), 5.0 / 10.0);
        assert!(draft.not_understood[0].why.contains("cycle"));
    }

    #[test]
    fn errors_name_the_path() {
        let error = |text: &str| read(text, ImportFormat::Jaeger, 60.0).unwrap_err().to_string();
        assert_eq!(
            error(r#"{"data":[{"parent":"a","child":"b","callCount":"x"}]}"#),
            r#"data[0].callCount: expected a whole number of calls, got "x""#
        );
        assert_eq!(
            error(r#"[{"parent":"a","child":"b","callCount":1},{"parent":"a","child":"b","callCount":-2}]"#),
            "[1].callCount: expected a whole number of calls, got -2"
        );
        assert_eq!(
            error(r#"[{"parent":"a","child":"b","callCount":1.5}]"#),
            "[0].callCount: expected a whole number of calls, got 1.5"
        );
        assert_eq!(
            error(r#"[{"parent":"a","child":"b"}]"#),
            "[0].callCount: missing: expected a whole number of calls"
        );
        assert_eq!(
            error(r#"[{"parent":3,"child":"b","callCount":1}]"#),
            "[0].parent: expected the calling service's name, got 3"
        );
        assert_eq!(
            error(r#"[{"parent":"a","child":" ","callCount":1}]"#),
            r#"[0].child: expected the called service's name, got " ""#
        );
        assert_eq!(
            error(r#"[{"parent":"a","child":"b","callCount":1,"errorCount":2}]"#),
            "[0].errorCount: more errors (2) than calls (1)"
        );
        assert_eq!(error(r#"[7]"#), "[0]: expected a link (an object with parent, child and callCount), got 7");
        assert!(error("[]").starts_with("the top level: no links"));
        assert!(error(r#"{"data": {}}"#).starts_with("data: expected a list of links, got an object"));
        assert!(error(r#"{"data": null, "errors": [{"code": 500, "msg": "storage down"}]}"#).contains("storage down"));
        assert!(error("[{").starts_with("line 1: not valid JSON"));
        assert!(error("\"x\"").contains("expected a list of links"));
        for window in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let error = read("[]", ImportFormat::Zipkin, window).unwrap_err();
            assert_eq!(error.place, Place::Path("window".into()));
        }
    }

    #[test]
    fn counts_written_as_floats_and_huge_counts_are_read() {
        let draft = draft_of(
            r#"[{"parent":"a","child":"b","callCount":1e3},
                {"parent":"b","child":"c","callCount":18446744073709551615}]"#,
        );
        assert_eq!(draft.entries[0].rate, 10.0);
        assert_eq!(calls(&draft, "b", "c"), 18_446_744_073_709_551_615_u64 as f64 / 1000.0);
        // Out of range for the model, kept so that validation names it.
        assert!(draft.to_document().is_err());
    }
}
