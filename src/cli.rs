//! The command line: the same engine without the page, for scripts, the
//! browser tests' expectations and quick checks of a saved document.
//!
//! ```text
//! headroom report [--sample | --template ID | --synthetic N | FILE] [--growth G]   print the report as JSON
//!                 [--set COMPONENT.FIELD=VALUE]... [--scenario FIELD=VALUE]...
//! headroom share [--sample | --template ID | FILE]   a share link's fragment
//! headroom validate FILE                           check a document
//! headroom import FILE [--format F] [--window SECONDS] [--preview]
//! headroom decisions [--sample | --template ID | FILE] [--style S] --out DIR
//! ```
//!
//! `--set` changes one field of a component before solving (`--set
//! redis.hit_ratio=0.95`, `--set postgres.database.read_replicas=2`) and
//! `--scenario` one of the scenario (`--scenario peak_factor=2`,
//! `--scenario 'growth_overrides=[{"component":"web","factor":3}]'`); the
//! value is JSON (a bare word counts as a string) and the document is
//! validated again, so a bad value is refused with the field named.

use serde::Serialize;

use crate::engine::{self, Report};
use crate::words::cost::{cost_text, CostText};
use crate::words::explain::Explanation;
use crate::words::headline::headline;
use crate::files::json::{parse_document, to_json};
use crate::words::limits::{budget_lines, ranking_lines, violation_lines, BudgetLine, RankingLine, ViolationLine};
use crate::words::quantity::duration;
use crate::words::results_table::{result_rows, tier_rows, ResultRow, TierRow};
use crate::model::{mvp_that_creaks, Document};

const USAGE: &str = "usage:
  headroom report [--sample | --template ID | --synthetic N | FILE] [--growth G]   print the report as JSON
                  [--set COMPONENT.FIELD=VALUE]... [--scenario FIELD=VALUE]...
  headroom solve [--sample | --template ID | --synthetic N | FILE] [--growth G]
                                                   the engine's report alone and the time it took, as JSON
  headroom plan [--sample | --template ID | --synthetic N | FILE] [--target G] [--ceiling U]
                                                   the cheapest plan to reach G× under U
  headroom migration [--sample | --template ID | FILE] --old ID [--new ID] [--steps 1,10,50,100] [--shadow] [--growth G]
                                                   each step of moving ID's traffic to its replacement
                                                   (without --new, the one the page draws for it), as JSON
  headroom audit [--sample | --template ID | --synthetic N | FILE] [--growth G]   where the bill pays for nothing, as JSON
  headroom share [--sample | --template ID | FILE]   the document as a share link's fragment (#doc=…)
  headroom validate FILE                           check a document
  headroom import FILE [--format F] [--window SECONDS] [--preview]
                                                   a Mermaid, Structurizr, docker-compose, Jaeger or Zipkin file
                                                   as a Headroom document (JSON); what was guessed or not read
                                                   goes to stderr; --preview prints the preview instead;
                                                   F is one of mermaid, mermaid-architecture, structurizr,
                                                   compose, jaeger, zipkin (detected when left out);
                                                   --window is what the tracing counts cover (default 86400)
  headroom decisions [--sample | --template ID | FILE] [--style madr|nygard|log4brains] --out DIR
                                                   the decision records as the page's zip holds them, unpacked
                                                   into DIR (what adr-tools and log4brains read)
Headroom itself runs in the browser: see README.md.";

/// The largest generated model (`--synthetic N`, N components and 3N
/// dependencies in layers): the size the engine is benchmarked at.
const MAX_SYNTHETIC: usize = 100_000;

#[derive(Serialize)]
struct ReportOutput<'a> {
    growth: f64,
    headline: String,
    components: Vec<ComponentRow>,
    /// Each entry point's end-to-end mean, percentiles and objective.
    end_to_end: Vec<String>,
    /// The working behind each of those lines, in the same order.
    end_to_end_working: Vec<Vec<Explanation>>,
    /// What each failure does, and the verdict.
    resilience_verdict: String,
    failures: Vec<crate::words::resilience::FailureLine>,
    /// Every limit in the order it is reached, in words.
    limits: Vec<RankingLine>,
    /// What is broken at this growth, in words.
    violations: Vec<ViolationLine>,
    connections: Vec<BudgetLine>,
    /// What the model says that its author most likely did not mean.
    suspicions: Vec<crate::words::limits::SuspicionLine>,
    cost: CostText,
    /// The cost panel's figures with their formulas.
    cost_working: Vec<Explanation>,
    /// Every figure of every component with its formula, by component.
    explanations: Vec<Explained>,
    report: &'a Report,
    extractions: Vec<crate::engine::ExtractionVerdict>,
    /// The same verdicts in the words and cells the page shows.
    extraction_lines: Vec<crate::words::extraction::VerdictLine>,
}

/// A component's row with the p50 and p95 of its response time beside the
/// row's p99, written as `p99_text` is (so a test can compare the boxes'
/// p95 view with the command line).
#[derive(Serialize)]
struct ComponentRow {
    #[serde(flatten)]
    row: ResultRow,
    /// "4.2 ms"; "∞" where it has none (a saturated queue).
    p50_text: String,
    p95_text: String,
}

/// The rows with every percentile the engine works out for each component.
fn component_rows(doc: &Document, report: &Report, percentiles: &engine::LatencyPercentiles) -> Vec<ComponentRow> {
    let rows = crate::words::results_table::with_percentiles(result_rows(doc, report), percentiles);
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let p = percentiles.components.get(i).copied().flatten();
            ComponentRow { row, p50_text: duration(p.map(|p| p.p50)), p95_text: duration(p.map(|p| p.p95)) }
        })
        .collect()
}

#[derive(Serialize)]
struct Explained {
    id: String,
    figures: Vec<Explanation>,
    /// A database's primary and replica rows.
    tiers: Vec<TierRow>,
}

/// What an assignment on the command line changes.
#[derive(Clone, Copy)]
enum Target {
    /// `--set COMPONENT.FIELD=VALUE`.
    Component,
    /// `--scenario FIELD=VALUE`.
    Scenario,
}

/// Sets a field (dotted for nested settings) of a component (whose id
/// starts the path) or of the scenario, and validates the document again.
fn assign(doc: &Document, target: Target, assignment: &str) -> Result<Document, String> {
    let option = match target {
        Target::Component => "--set",
        Target::Scenario => "--scenario",
    };
    let (path, value) = assignment.split_once('=').ok_or_else(|| match target {
        Target::Component => format!("--set {assignment:?}: expected COMPONENT.FIELD=VALUE"),
        Target::Scenario => format!("--scenario {assignment:?}: expected FIELD=VALUE"),
    })?;
    let value: serde_json::Value =
        serde_json::from_str(value).unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
    let mut json: serde_json::Value = serde_json::from_str(&to_json(doc)).map_err(|error| error.to_string())?;
    let (slot, field) = match target {
        Target::Component => {
            // Ids may contain dots: take the longest id the path starts with.
            let component = doc
                .components
                .iter()
                .map(|c| c.id.as_str())
                .filter(|id| path.len() > id.len() + 1 && path.starts_with(id) && path.as_bytes()[id.len()] == b'.')
                .max_by_key(|id| id.len())
                .ok_or_else(|| format!("--set {assignment:?}: no component id starts {path:?}"))?;
            let slot = json["components"]
                .as_array_mut()
                .and_then(|components| components.iter_mut().find(|c| c["id"] == component))
                .ok_or_else(|| format!("--set {assignment:?}: component {component:?} not found"))?;
            (slot, &path[component.len() + 1..])
        }
        Target::Scenario => (&mut json["scenario"], path),
    };
    let field: Vec<&str> = field.split('.').collect();
    let mut target = slot;
    for (i, name) in field.iter().enumerate() {
        let object = target
            .as_object_mut()
            .ok_or_else(|| format!("{option} {assignment:?}: {} is not a group of fields", field[..i].join(".")))?;
        target = object.entry((*name).to_owned()).or_insert(serde_json::Value::Null);
    }
    *target = value;
    parse_document(&json.to_string()).map_err(|error| format!("{option} {assignment:?}: {error}"))
}

/// A file's text, read no further than a document may be long
/// (`report /dev/zero` stops at once instead of filling memory).
fn read_bounded(path: &str) -> Result<String, String> {
    use std::io::Read;
    let limit = crate::files::json::MAX_DOCUMENT_BYTES;
    let file = std::fs::File::open(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(|error| format!("cannot read {path}: {error}"))?;
    if bytes.len() > limit {
        return Err(format!(
            "{path}: more than the {} MB a Headroom document may be; not read further",
            limit / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8 text"))
}

/// Everything the page shows about `doc` at its growth, as the JSON
/// `headroom report` prints: the report, the headline, the rows, limits,
/// violations, budgets, suspicions, cost with its working, every
/// explanation and the extraction verdicts.
/// `headroom import`: the document a file describes, as JSON, with each
/// guess and everything not read told on stderr (so the JSON can be piped
/// on); with `preview`, the preview itself as JSON.
fn import_file(
    path: &str,
    text: &str,
    options: &crate::files::import::ImportOptions,
    preview: bool,
) -> Result<String, String> {
    let draft = crate::files::import::read(text, options).map_err(|error| format!("{path}: {error}"))?;
    let summary = crate::files::import::ImportSummary::of(&draft);
    if preview {
        return serde_json::to_string_pretty(&summary).map_err(|error| error.to_string());
    }
    let doc = draft.to_document().map_err(|error| format!("{path}: the import does not make a valid document: {error}"))?;
    eprintln!("{path}: {}", summary.headline);
    for line in summary.guesses.iter().chain(&summary.not_read) {
        eprintln!("  {line}");
    }
    Ok(crate::files::json::to_json(&doc))
}

fn adr_style(value: &str) -> Result<crate::files::decisions_zip::AdrStyle, String> {
    use crate::files::decisions_zip::AdrStyle;
    match value {
        "madr" => Ok(AdrStyle::Madr),
        "nygard" | "adr-tools" => Ok(AdrStyle::Nygard),
        "log4brains" => Ok(AdrStyle::Log4brains),
        other => Err(format!("--style: no style {other:?}; there are madr, nygard, log4brains")),
    }
}

/// `headroom decisions`: the zip the page downloads, built the same way and
/// unpacked, so the tools people use can be run on exactly that.
fn unpack_decisions(doc: &Document, style: crate::files::decisions_zip::AdrStyle, out: &std::path::Path) -> Result<String, String> {
    let bytes = crate::files::decisions_zip::zip_records(&doc.decisions, style)?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("the zip does not read back: {e}"))?;
    archive.extract(out).map_err(|e| format!("cannot unpack into {}: {e}", out.display()))?;
    Ok(format!("{} records and their index written under {}", doc.decisions.len(), out.display()))
}

pub fn report_json(doc: &Document) -> Result<String, String> {
    let doc = doc.clone();
    let analysis = engine::Analysis::new(&doc);
    let report = analysis.report_at(doc.scenario.growth);
    let extractions = analysis.extraction_verdicts(doc.scenario.growth);
    let percentiles = analysis.percentiles(&report);
    let resilience = engine::resilience_table(&doc, doc.scenario.growth);
    let objectives = analysis.objective_headroom();
    let inputs = crate::words::explain::ExplainInputs::of(&analysis, &report);
    let output = ReportOutput {
        resilience_verdict: crate::words::resilience::resilience_verdict(&doc, &resilience),
        failures: crate::words::resilience::failure_lines(&doc, &resilience),
        end_to_end: crate::words::results_table::end_to_end_lines(&doc, &report, &percentiles, &objectives),
        end_to_end_working: (0..report.entries.len())
            .map(|k| crate::words::latency_working::end_to_end_working(&doc, &report, &percentiles, k))
            .collect(),
        extraction_lines: crate::words::extraction::verdict_lines(&doc, &extractions),
        extractions,
        growth: report.growth,
        headline: headline(&doc, &report, &objectives),
        components: component_rows(&doc, &report, &percentiles),
        limits: ranking_lines(&doc, &report, &objectives, usize::MAX),
        violations: violation_lines(&doc, &report),
        connections: budget_lines(&doc, &report),
        suspicions: crate::words::limits::suspicion_lines(&doc),
        cost: cost_text(&doc, &report),
        cost_working: crate::words::cost::cost_working(&doc, &report),
        explanations: report
            .components
            .iter()
            .map(|load| Explained {
                id: load.id.to_string(),
                figures: crate::words::explain::explain_with(&doc, &report, &inputs, load),
                tiers: tier_rows(load),
            })
            .collect(),
        report: &report,
    };
    serde_json::to_string_pretty(&output).map_err(|error| error.to_string())
}

/// Runs the command line and returns the process exit code.
pub fn run(args: Vec<String>) -> i32 {
    match execute(&args) {
        Ok(output) => {
            use std::io::Write;
            // A closed pipe (`| head`) is the reader's choice, not an error.
            let _ = writeln!(std::io::stdout().lock(), "{output}");
            0
        }
        Err(message) => {
            eprintln!("headroom: {message}");
            2
        }
    }
}

fn execute(args: &[String]) -> Result<String, String> {
    let (command, rest) = args.split_first().ok_or_else(|| USAGE.to_owned())?;
    let mut file = None;
    let mut sample = false;
    let mut synthetic = None;
    let mut template = None;
    let mut growth = None;
    let mut assignments = Vec::new();
    let mut target = None;
    let mut ceiling = 0.7;
    let (mut old, mut new, mut steps, mut shadow) = (None, None, None, false);
    let mut import_options = crate::files::import::ImportOptions::default();
    let mut preview = false;
    let mut style = crate::files::decisions_zip::AdrStyle::Madr;
    let mut out = None;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--sample" => sample = true,
            "--synthetic" => {
                let value = rest.next().ok_or("--synthetic needs a component count")?;
                let count: usize = value.parse().map_err(|_| format!("--synthetic: {value:?} is not a count"))?;
                if !(1..=MAX_SYNTHETIC).contains(&count) {
                    return Err(format!("--synthetic must be from 1 to {MAX_SYNTHETIC}, got {value}"));
                }
                synthetic = Some(count);
            }
            "--template" => template = Some(rest.next().ok_or("--template needs an id")?.clone()),
            "--growth" => {
                let value = rest.next().ok_or("--growth needs a value")?;
                let parsed: f64 = value
                    .parse()
                    .map_err(|_| format!("--growth: {value:?} is not a number"))?;
                if !(parsed.is_finite() && parsed > 0.0) {
                    return Err(format!("--growth must be greater than 0, got {value}"));
                }
                growth = Some(parsed);
            }
            "--set" => assignments.push((Target::Component, rest.next().ok_or("--set needs COMPONENT.FIELD=VALUE")?.clone())),
            "--scenario" => assignments.push((Target::Scenario, rest.next().ok_or("--scenario needs FIELD=VALUE")?.clone())),
            "--target" => {
                let value = rest.next().ok_or("--target needs a growth")?;
                target = Some(value.parse::<f64>().map_err(|_| format!("--target: {value:?} is not a number"))?)
                    .filter(|t| t.is_finite() && *t > 0.0);
                if target.is_none() {
                    return Err(format!("--target must be a growth greater than 0, got {value}"));
                }
            }
            "--ceiling" => {
                let value = rest.next().ok_or("--ceiling needs a utilisation")?;
                ceiling = value.parse::<f64>().map_err(|_| format!("--ceiling: {value:?} is not a number"))?;
                if !(ceiling > 0.0 && ceiling <= 1.0) {
                    return Err(format!("--ceiling must be above 0 and at most 1, got {value}"));
                }
            }
            "--old" => old = Some(rest.next().ok_or("--old needs a component id")?.clone()),
            "--new" => new = Some(rest.next().ok_or("--new needs a component id")?.clone()),
            "--steps" => steps = Some(rest.next().ok_or("--steps needs percentages such as 1,10,50,100")?.clone()),
            "--shadow" => shadow = true,
            "--format" => {
                let value = rest.next().ok_or("--format needs a format")?;
                let format = crate::files::import::ImportFormat::from_slug(value).ok_or_else(|| {
                    let slugs: Vec<&str> = crate::files::import::ImportFormat::ALL.iter().map(|f| f.slug()).collect();
                    format!("--format: no format {value:?}; there are {}", slugs.join(", "))
                })?;
                import_options.format = Some(format);
            }
            "--window" => {
                let value = rest.next().ok_or("--window needs a number of seconds")?;
                let seconds: f64 = value.parse().map_err(|_| format!("--window: {value:?} is not a number of seconds"))?;
                if !(seconds.is_finite() && seconds > 0.0) {
                    return Err(format!("--window must be more than 0 seconds, got {value}"));
                }
                import_options.window_seconds = seconds;
            }
            "--preview" => preview = true,
            "--style" => {
                let value = rest.next().ok_or("--style needs madr or nygard")?;
                style = adr_style(value)?;
            }
            "--out" => out = Some(rest.next().ok_or("--out needs a folder")?.clone()),
            "-h" | "--help" => return Ok(USAGE.to_owned()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}\n{USAGE}")),
            other => file = Some(other.to_owned()),
        }
    }
    let load = || -> Result<Document, String> {
        if let Some(count) = synthetic {
            return Ok(crate::engine::synthetic::layered_dag(count, count * 3, 7));
        }
        if let Some(id) = &template {
            let found = crate::model::templates::template(id).ok_or_else(|| {
                let ids: Vec<&str> = crate::model::templates::TEMPLATES.iter().map(|t| t.id).collect();
                format!("no template {id:?}; there are {}", ids.join(", "))
            })?;
            return Ok((found.build)());
        }
        match (&file, sample) {
            (Some(path), false) => {
                let text = read_bounded(path)?;
                parse_document(&text).map_err(|error| format!("{path}: {error}"))
            }
            (None, true) => Ok(mvp_that_creaks()),
            _ => Err(format!("give either --sample or one FILE\n{USAGE}")),
        }
    };
    // The document with every --set and --scenario applied, at --growth.
    let edited = || -> Result<Document, String> {
        let mut doc = load()?;
        for (target, assignment) in &assignments {
            doc = assign(&doc, *target, assignment)?;
        }
        if let Some(growth) = growth {
            doc.scenario.growth = growth;
            doc.validate()
                .map_err(|error| format!("--growth {}: {error}", crate::model::bounds::written(growth)))?;
        }
        Ok(doc)
    };
    match command.as_str() {
        "report" => report_json(&edited()?),
        "solve" => {
            // The engine alone, timed: what a comparison with another
            // solver measures (scripts/compare-line.sh), without the words.
            let doc = edited()?;
            let started = std::time::Instant::now();
            let report = engine::Analysis::new(&doc).report_at(doc.scenario.growth);
            let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
            let value = serde_json::json!({ "elapsed_ms": elapsed_ms, "report": report });
            serde_json::to_string(&value).map_err(|error| error.to_string())
        }
        "plan" => {
            let doc = load()?;
            let target = crate::engine::PlanTarget { growth: target.unwrap_or(100.0), ceiling };
            let started = std::time::Instant::now();
            let plan = crate::engine::plan(&doc, target, crate::engine::PlanSettings::for_document(&doc));
            let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
            let value = serde_json::json!({
                "target": target,
                "elapsed_ms": elapsed_ms,
                "plan": plan,
                "steps": plan.as_ref().map(|p| p.steps.iter().map(crate::words::plan::describe_step).collect::<Vec<_>>()),
                // What each step unlocks, why a choice, and the groups of steps that move headroom together.
                "explained": plan.as_ref().map(crate::words::plan::explain_steps),
                "summary": plan.as_ref().map(|p| crate::words::plan::summarise(&doc, p)),
            });
            serde_json::to_string_pretty(&value).map_err(|error| error.to_string())
        }
        "migration" => {
            let mut doc = edited()?;
            let old = crate::model::ComponentId::new(old.ok_or("--old needs the component to replace")?);
            let new = new.map(crate::model::ComponentId::new);
            let edits = |doc: &mut Document, command: Result<crate::model::Command, String>| -> Result<(), String> {
                crate::model::apply(doc, command?).map(|_| ()).map_err(|e| e.to_string())
            };
            let planned = crate::editor::forms::migration_form::new_plan(&doc, &old, new.as_ref());
            edits(&mut doc, planned)?;
            let index = doc.migrations.len() - 1;
            if let Some(text) = &steps {
                let split = crate::editor::forms::migration_form::with_shares(&doc, index, text);
                edits(&mut doc, split)?;
            }
            let shadowed = crate::editor::forms::migration_form::with_shadow(&doc, index, shadow);
            edits(&mut doc, shadowed)?;
            let table = crate::adr::MigrationTable::of(&doc, &doc.migrations[index])?;
            serde_json::to_string_pretty(&table).map_err(|error| error.to_string())
        }
        "audit" => {
            let doc = edited()?;
            let text = crate::words::audit::audit_text(&doc, &crate::engine::audit::audit(&doc));
            serde_json::to_string_pretty(&text).map_err(|error| error.to_string())
        }
        "share" => {
            let doc = load()?;
            crate::files::share_url::encode(&doc).map_err(|error| error.to_string())
        }
        "validate" => {
            let doc = load()?;
            Ok(format!(
                "ok: {} components, {} dependencies",
                doc.components.len(),
                doc.dependencies.len()
            ))
        }
        "import" => {
            let path = file.ok_or_else(|| format!("import needs a FILE\n{USAGE}"))?;
            let text = read_bounded(&path)?;
            import_file(&path, &text, &import_options, preview)
        }
        "decisions" => {
            let doc = load()?;
            let out = out.ok_or_else(|| format!("decisions needs --out DIR\n{USAGE}"))?;
            unpack_decisions(&doc, style, std::path::Path::new(&out))
        }
        "help" | "-h" | "--help" => Ok(USAGE.to_owned()),
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> Result<String, String> {
        execute(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn solve_prints_the_report_at_the_growth_and_the_time_taken() {
        let output = run_args(&["solve", "--sample", "--growth", "10"]).unwrap();
        let value: serde_json::Value = serde_json::from_str(&output).unwrap();
        assert!(value["elapsed_ms"].as_f64().unwrap() >= 0.0);
        assert_eq!(value["report"]["growth"], 10.0);
        let expected = engine::Analysis::new(&mvp_that_creaks()).report_at(10.0);
        let utilisation = |i: usize| value["report"]["components"][i]["utilisation"].as_f64().unwrap();
        assert_eq!(value["report"]["components"].as_array().unwrap().len(), expected.components.len());
        for (i, load) in expected.components.iter().enumerate() {
            assert_eq!(utilisation(i), load.utilisation, "{}", load.id);
        }
    }

    #[test]
    fn report_prints_the_headline_for_the_sample() {
        let output = run_args(&["report", "--sample", "--growth", "10"]).unwrap();
        let value: serde_json::Value = serde_json::from_str(&output).unwrap();
        assert_eq!(value["growth"], 10.0);
        assert!(value["headline"].as_str().unwrap().starts_with("Over capacity at 10×"));
        assert_eq!(value["components"].as_array().unwrap().len(), 6);
    }

    /// Each component's p50, p95 and p99 are the engine's percentiles in
    /// the results table's words, in order.
    #[test]
    fn report_gives_each_component_its_p50_and_p95_beside_its_p99() {
        let output = run_args(&["report", "--sample", "--growth", "3"]).unwrap();
        let value: serde_json::Value = serde_json::from_str(&output).unwrap();
        let doc = crate::model::mvp_that_creaks();
        let analysis = engine::Analysis::new(&doc);
        let report = analysis.report_at(3.0);
        let percentiles = analysis.percentiles(&report);
        let rows = value["components"].as_array().unwrap();
        assert_eq!(rows.len(), percentiles.components.len());
        for (row, p) in rows.iter().zip(&percentiles.components) {
            let p = p.expect("the sample at 3× is steady");
            assert_eq!(row["p50_text"].as_str(), Some(duration(Some(p.p50)).as_str()), "{row}");
            assert_eq!(row["p95_text"].as_str(), Some(duration(Some(p.p95)).as_str()), "{row}");
            assert_eq!(row["p99_text"].as_str(), Some(duration(Some(p.p99)).as_str()), "{row}");
            assert!(p.p50 <= p.p95 && p.p95 <= p.p99);
        }
        // Saturated at 10×: no percentile, as the p99 says.
        let output = run_args(&["report", "--sample", "--growth", "10"]).unwrap();
        let value: serde_json::Value = serde_json::from_str(&output).unwrap();
        let saturated = value["components"].as_array().unwrap().iter().find(|r| r["status"] == "saturated").unwrap();
        assert_eq!(saturated["p95_text"], saturated["p99_text"]);
    }

    #[test]
    fn set_changes_a_component_field_and_the_bottleneck_follows() {
        // A 95% hit ratio sends Postgres 0.05 × 240 = 12 reads instead of
        // 48: 60 req/s at 1x, so its CPU lasts to 400 / 60 = 6.67x.
        let output = run_args(&["report", "--sample", "--set", "redis.hit_ratio=0.95"]).unwrap();
        let value: serde_json::Value = serde_json::from_str(&output).unwrap();
        let postgres = &value["components"][2];
        assert_eq!((postgres["id"].as_str(), postgres["load_text"].as_str()), (Some("postgres"), Some("60 req/s")));
        assert_eq!(value["limits"][1]["text"], "Postgres saturates at 6.67×");
        // Nested settings and the peak factor.
        let output = run_args(&[
            "report", "--sample", "--set", "postgres.database.max_connections=200", "--scenario", "peak_factor=2",
        ])
        .unwrap();
        let value: serde_json::Value = serde_json::from_str(&output).unwrap();
        assert_eq!(value["report"]["connections"][0]["limit"], 200);
        assert_eq!(value["components"][0]["load_text"], "240 req/s");
        assert!(value["explanations"][2]["figures"].as_array().is_some_and(|f| !f.is_empty()));
        // A growth override: the web app's traffic (and so what it sends
        // on) grows 3× as fast; its 120 req/s become 360.
        let output = run_args(&[
            "report", "--sample", "--scenario", r#"growth_overrides=[{"component":"web","factor":3}]"#,
        ])
        .unwrap();
        let value: serde_json::Value = serde_json::from_str(&output).unwrap();
        assert_eq!(value["components"][1]["load_text"], "360 req/s");
    }

    #[test]
    fn a_bad_set_is_refused_with_the_field_named() {
        assert_eq!(
            run_args(&["report", "--sample", "--set", "redis.hit_ratio=1.5"]).unwrap_err(),
            "--set \"redis.hit_ratio=1.5\": component \"redis\", hit_ratio: must be between 0 and 1, got 1.5"
        );
        assert!(run_args(&["report", "--sample", "--set", "ghost.instances=2"]).unwrap_err().contains("no component id"));
        assert!(run_args(&["report", "--sample", "--set", "redis.hit_ratio"]).unwrap_err().contains("COMPONENT.FIELD=VALUE"));
        assert_eq!(
            run_args(&["report", "--sample", "--scenario", "peak_factor=0"]).unwrap_err(),
            "--scenario \"peak_factor=0\": scenario, peak_factor: must be greater than 0, got 0"
        );
        assert!(run_args(&["report", "--sample", "--scenario", "peak_factor"]).unwrap_err().contains("FIELD=VALUE"));
    }

    #[test]
    fn bad_arguments_are_explained() {
        assert_eq!(run_args(&["report", "--sample", "--growth", "-2"]).unwrap_err(),
                   "--growth must be greater than 0, got -2");
        assert!(run_args(&["report"]).unwrap_err().starts_with("give either --sample or one FILE"));
        assert!(run_args(&["frobnicate"]).unwrap_err().starts_with("unknown command"));
        assert!(run_args(&["validate", "/nonexistent.json"]).unwrap_err().starts_with("cannot read"));
        // The bug: a growth past every bound was taken as it came.
        assert_eq!(
            run_args(&["report", "--sample", "--growth", "1e300"]).unwrap_err(),
            "--growth 1e300: scenario, growth: must be at most 1e6× (a million times today), got 1e300"
        );
    }

    #[test]
    fn an_endless_file_is_refused_once_it_is_longer_than_any_document() {
        // The bug: `report /dev/zero` read until memory ran out.
        let message = run_args(&["report", "/dev/zero"]).unwrap_err();
        assert_eq!(message, "/dev/zero: more than the 4 MB a Headroom document may be; not read further");
    }
}
